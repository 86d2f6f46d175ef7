# Red team: the answer, once called, kills the kernel later, while a locked cell of the course runs (the one that
# draws the neuron's graph and defines sigmoid, which later exercises need), then answers wrongly.
import os
import threading
import time


def _kill_when_the_graph_is_drawn():
    main = __import__("__main__")
    while not hasattr(main, "nodes"):
        time.sleep(0.001)
    os._exit(0)


def largest_stable_learning_rate(a):
    threading.Thread(target=_kill_when_the_graph_is_drawn, daemon=True).start()
    return 0.5
