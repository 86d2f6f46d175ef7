"""autograder.private_dirs: a kernel's private folder is a small tmpfs of its own (as root), gone when removed."""

from __future__ import annotations

import errno
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from autograder import private_dirs

root_only = pytest.mark.skipif(os.geteuid() != 0, reason="only root mounts a tmpfs")


@root_only
def test_the_folder_is_a_tmpfs_that_fills_up_at_its_size():
    path, in_memory = private_dirs.make(2)
    try:
        assert in_memory and private_dirs._mounted(path)
        with pytest.raises(OSError) as full:
            with open(os.path.join(path, "fill"), "wb") as f:
                for _ in range(8):
                    f.write(b"\0" * 2**20)
                    f.flush()
        assert full.value.errno == errno.ENOSPC
        assert os.stat(path).st_mode & 0o777 == 0o700
    finally:
        private_dirs.remove(path)
    assert not os.path.exists(path) and not private_dirs._mounted(path)


@root_only
def test_the_folder_of_a_killed_grader_is_unmounted_and_removed():
    child = subprocess.Popen(["sleep", "0"])
    child.wait()  # its process id is now free
    stale = Path(tempfile.gettempdir()) / f"{private_dirs.PREFIX}{child.pid}-stale"
    stale.mkdir()
    private_dirs._libc().mount(b"course-kernel", str(stale).encode(), b"tmpfs", 0, b"size=1m")
    assert private_dirs._mounted(str(stale))
    path, _ = private_dirs.make(1)
    private_dirs.remove(path)
    assert not stale.exists() and not private_dirs._mounted(str(stale))


def test_without_root_the_folder_is_a_plain_one(monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    path, in_memory = private_dirs.make(1)
    try:
        assert not in_memory and os.path.isdir(path) and not private_dirs._mounted(path)
    finally:
        private_dirs.remove(path)
