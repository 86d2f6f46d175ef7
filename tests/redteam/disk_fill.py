# Red team: fill the disk. Writes 1 MB chunks into the working folder until something stops it
# (at most 2 GB, so that a missing limit cannot fill the machine), then answers wrongly.
import os

_written = 0
try:
    with open("fill.bin", "wb") as _f:
        for _ in range(2048):
            _f.write(b"\0" * 2**20)
            _f.flush()
            _written += 1
except OSError as _exc:
    print(f"DISK STOPPED after {_written} MB: {type(_exc).__name__}")
else:
    print(f"DISK NOT STOPPED after {_written} MB")


def largest_stable_learning_rate(a):
    return 0.5
