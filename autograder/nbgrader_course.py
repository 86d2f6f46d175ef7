"""nbgrader's API for one course folder: the course's config moved there, the patched API, a step's result checked."""

from __future__ import annotations

import logging
from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from autograder import nbgrader_patches, notebooks


def course_config(root: Path | None, **course_directory) -> Config:
    """The course's nbgrader config (``autograder/nbgrader_config.py``) with the course root moved to ``root``."""
    config = PyFileConfigLoader(notebooks.CONFIG_FILE.name, path=str(notebooks.CONFIG_FILE.parent)).load_config()
    if root is not None:
        config.CourseDirectory.root = str(root)
    for key, value in course_directory.items():
        setattr(config.CourseDirectory, key, value)
    config.NbGraderAPI.log_level = logging.WARNING
    return config


def nbgrader_api(config: Config):
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    nbgrader_patches.apply()
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def check(result: dict, what: str) -> None:
    """Raise if an ``NbGraderAPI`` step failed, with its error or log."""
    if not result.get("success"):
        raise RuntimeError(f"{what} failed:\n{result.get('error') or result.get('log')}")
