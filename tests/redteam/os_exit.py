# Red team: os._exit() in the answer ends the kernel process at once.
import os


def largest_stable_learning_rate(a):
    os._exit(0)
