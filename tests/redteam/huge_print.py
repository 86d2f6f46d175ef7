# Red team: one print of 40 MB, ten times the largest message the test's grader accepts. (A 1 GB
# print does not fit in the test's 2 GB address space: the string, its UTF-8 and JSON copies; the
# size cap on each message works the same for any size.) The worker must not take it in.
def largest_stable_learning_rate(a):
    print("x" * (40 * 2**20))
