# Red team: fill the kernel's home (its private folder, beside its sockets and connection file). Writes 1 MB
# chunks into $HOME until something stops it (at most 64 MB, so that a missing limit cannot fill the machine),
# then answers wrongly.
import os

_written = 0
try:
    with open(os.path.join(os.environ["HOME"], "fill.bin"), "wb") as _f:
        for _ in range(64):
            _f.write(b"\0" * 2**20)
            _f.flush()
            _written += 1
except OSError as _exc:
    print(f"HOME STOPPED after {_written} MB: {type(_exc).__name__}")
else:
    print(f"HOME NOT STOPPED after {_written} MB")


def largest_stable_learning_rate(a):
    return 0.5
