# Red team: sys.exit() in the answer (IPython turns it into an error in the cell).
import sys


def largest_stable_learning_rate(a):
    sys.exit(0)
