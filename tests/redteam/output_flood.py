# Red team: printing without end. The worker must keep only a bounded part of it.
def largest_stable_learning_rate(a):
    while True:
        print("flood " * 1000)
