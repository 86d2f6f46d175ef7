# Red team: memory spread over a process tree. Four children each take 35 % of the kernel's memory
# limit (less if the per-process limit needs it; together far over the kernel's limit) and hold it until
# all four say so, or every child still alive has (at most 8 s), so that a missing limit cannot take the machine down.
# What is held is read at one moment from each child's resident memory: a child that said it holds its share and
# is being killed for it counts for nothing (the count of living children lags the kill on a busy machine).
import os
import select
import time

_vsize = int(next(l for l in open("/proc/self/status") if l.startswith("VmSize")).split()[1]) * 1024
_share = min(int(0.35 * __MEMORY_MB__ * 2**20), int(0.9 * (__MEMORY_MB__ * 2**20 - _vsize))) // 4096 * 4096
_held_r, _held_w = os.pipe()
_go_r, _go_w = os.pipe()
_children = []
for _ in range(4):
    _pid = os.fork()
    if _pid == 0:
        try:  # a forked kernel must never return to the kernel's loop
            os.close(_held_r)
            os.close(_go_w)
            _hog = b"\1" * _share  # written, so that the pages are really taken
            os.write(_held_w, b"%d\n" % os.getpid())
            select.select([_go_r], [], [], 8)  # hold until the parent has counted
        finally:
            os._exit(0)
    _children.append(_pid)
os.close(_held_w)
os.close(_go_r)
_said, _alive, _holding, _deadline = b"", set(_children), set(), time.monotonic() + 8
try:
    while time.monotonic() < _deadline:
        if select.select([_held_r], [], [], 0.05)[0]:
            _said += os.read(_held_r, 64)
        for _pid in list(_alive):
            if os.waitpid(_pid, os.WNOHANG)[0]:  # gone: killed for its memory
                _alive.discard(_pid)
        _holding = {int(p) for p in _said.split()} & _alive
        if len(_holding) == len(_alive):
            break
except KeyboardInterrupt:  # the cell's time is up: say what was held so far
    pass


def _resident(pid):
    """A child's resident bytes now (0 once gone): a child being killed for its memory may not be reaped yet."""
    try:
        return int(open(f"/proc/{pid}/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


# at one moment: the children that said they hold their share and still have it resident
_held = sum(1 for _bytes in [_resident(_pid) for _pid in _holding] if _bytes >= 0.9 * _share)
os.close(_go_w)
for _pid in _alive:
    os.waitpid(_pid, 0)
print(f"TREE HELD {_held * _share // 2**20} MB in {_held} of 4 children (each {_share // 2**20} MB, "
      f"the kernel's address space {_vsize // 2**20} MB)")


def largest_stable_learning_rate(a):
    return 0.5
