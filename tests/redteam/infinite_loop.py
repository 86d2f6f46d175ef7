# Red team: an endless loop in the answer. Each test cell that calls it must be stopped at the
# cell time limit, and the rest of the notebook graded as usual.
def largest_stable_learning_rate(a):
    while True:
        pass
