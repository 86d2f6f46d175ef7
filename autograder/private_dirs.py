"""A kernel's private folder (its sockets, connection file and home): on a small tmpfs of its own
where the grader may mount one.

The kernel must write there (it creates its sockets), so on the grader's disk
it could write file after file. Run as root, the grader mounts a tmpfs of
``size_mb`` on the folder: what the kernel writes there is in memory, counted
against its cgroup's memory, capped, and gone when the folder is unmounted.
Elsewhere the folder stays on disk (``make`` says which it got).
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from pathlib import Path

from autograder import leftovers

PREFIX = "course-kernel-"
_MS_NOSUID, _MS_NODEV = 2, 4
_MNT_DETACH = 2


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _mounted(path: str) -> bool:
    try:
        with open("/proc/self/mounts") as f:
            return any(line.split()[1] == path for line in f)
    except OSError:
        return False


def _unmount(path: str) -> None:
    if _mounted(path):
        _libc().umount2(path.encode(), _MNT_DETACH)


def _remove_stale(parent: str) -> None:
    """Private folders of graders that were killed (their process id is gone): unmounted and removed."""
    for entry in Path(parent).glob(f"{PREFIX}*"):
        if leftovers.left_by_a_dead_grader(entry.name, PREFIX):
            _unmount(str(entry))
            shutil.rmtree(entry, ignore_errors=True)


def make(size_mb: int = 16) -> tuple[str, bool]:
    """A new private folder, and whether it is a tmpfs of its own (root only)."""
    parent = tempfile.gettempdir()
    if os.geteuid() == 0:
        _remove_stale(parent)
    path = tempfile.mkdtemp(prefix=leftovers.owned_name(PREFIX), dir=parent)
    if os.geteuid() != 0:
        return path, False
    options = f"size={size_mb}m,mode=0700".encode()
    ok = _libc().mount(b"course-kernel", path.encode(), b"tmpfs", _MS_NOSUID | _MS_NODEV, options) == 0
    return path, ok


def remove(path: str) -> None:
    """Unmount (if mounted) and remove a private folder."""
    _unmount(path)
    shutil.rmtree(path, ignore_errors=True)
