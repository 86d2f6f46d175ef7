# Red team: the answer allocates until the memory limit. The test cells that call it fail; the
# kernel (restarted if it dies) grades the rest.
def largest_stable_learning_rate(a):
    hog = []
    while True:
        hog.append(bytearray(64 * 2**20))
