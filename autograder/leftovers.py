"""What a killed grader leaves behind: kernels' folders and cgroups named after its process id,
and whether it is gone."""

from __future__ import annotations

import os


def owned_name(prefix: str) -> str:
    """The start of a name that says this grader process owns it: ``<prefix><pid>-``."""
    return f"{prefix}{os.getpid()}-"


def left_by_a_dead_grader(name: str, prefix: str) -> bool:
    """Whether ``name`` (made by ``owned_name(prefix)``) belongs to a grader process that no longer runs."""
    if not name.startswith(prefix):
        return False
    try:
        owner = int(name[len(prefix):].split("-")[0])
    except ValueError:
        return False
    if owner == os.getpid():
        return False
    try:
        os.kill(owner, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False
