# Red team: CPU spread over a process tree. Thirty children, each in a session of its own, spin for
# 2 s of wall time; the answer says how many cores' worth of CPU the tree got meanwhile.
import os
import time

_start = time.monotonic()
_children = []
for _ in range(30):
    _pid = os.fork()
    if _pid == 0:
        try:  # a forked kernel must never return to the kernel's loop
            os.setsid()
            while time.monotonic() - _start < 2:
                pass
        finally:
            os._exit(0)
    _children.append(_pid)
for _pid in _children:
    os.waitpid(_pid, 0)
_times = os.times()
print(f"TREE CPU {(_times.children_user + _times.children_system) / (time.monotonic() - _start):.2f} cores")


def largest_stable_learning_rate(a):
    return 0.5
