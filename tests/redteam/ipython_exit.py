# Red team: the right answer, and exit(): IPython lets the cell finish, then ends the kernel.
# The test cell that ran it must not keep its point (its kernel did not survive it).
def largest_stable_learning_rate(a):
    exit()
    return 1.0 / a
