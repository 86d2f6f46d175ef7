# Red team: a fork bomb, bounded here (2000 children at most, each gone after 30 s) so that it
# cannot take the machine down even if the process limit fails. The limit must stop it far sooner.
# It goes off when the answer cell runs, so that what it printed is that cell's output.
import os
import time


def _bomb():
    children = 0
    try:
        for _ in range(2000):
            if os.fork() == 0:
                time.sleep(30)
                os._exit(0)
            children += 1
    except OSError as exc:
        print(f"FORKS {children} then {type(exc).__name__}")
    else:
        print(f"FORKS {children}")


_bomb()


def largest_stable_learning_rate(a):
    return None
