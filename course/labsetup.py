"""Jupyter settings for the course's JupyterLab: Validate shows the course's messages whole; students see student tools.

``python -m course.labsetup [--student] [--config-dir DIR]`` writes into DIR, by default ``etc/jupyter`` of the
running Python's environment (``.venv``), which Jupyter reads whatever folder it starts in:

* ``nbgrader_config.py``, which nbgrader reads from the Jupyter config path and the folder it runs in (the Validate
  button's server extension, ``nbgrader.server_extensions.validate_assignment``, and ``nbgrader validate``):
  ``c.Validator.validate_all``, so that Validate reports the visible tests that fail (they are not graded cells:
  without it, Validate says "Success!" of a blank notebook, whose hidden-test cells hold a comment only);
  ``c.Execute.timeout``, as long as the grader gives a cell (nbgrader's 30 s stop notebook 5's training); and
  ``c.Validator.width``, the column where ``nbgrader validate`` cuts a line of a message (90 by default, too short
  for the course's feedback; the button's dialog never cuts).
* with ``--student``: nbgrader's instructor tools switched off, the JupyterLab plugins in
  ``labconfig/page_config.json`` (``disabledExtensions``, as ``jupyter labextension disable`` writes it) and their
  server extensions in ``jupyter_server_config.json`` (as ``jupyter server extension disable --sys-prefix`` does;
  it overrides the ``jupyter_server_config.d/nbgrader.json`` that enables them). Validate and the assignment
  list stay.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

# wide enough for any line of the course's feedback; nbgrader validate also draws its separators this wide
VALIDATOR_WIDTH = 1000
CELL_TIMEOUT = 300  # seconds, as autograder/nbgrader_config.py gives a cell when grading
NBGRADER_CONFIG = "nbgrader_config.py"
HEADER = "# Written by `python -m course.labsetup`"
INSTRUCTOR_LAB_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
)
INSTRUCTOR_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.course_list",
)


def default_config_dir() -> Path:
    """``etc/jupyter`` of this Python's environment, the sys-prefix level of Jupyter's config path."""
    return Path(sys.prefix) / "etc" / "jupyter"


def write(config_dir: Path, student: bool = False) -> list[Path]:
    """Write the settings into ``config_dir``; the files written."""
    config_dir = Path(config_dir)
    config_dir.mkdir(parents=True, exist_ok=True)
    written = [_write_validator_config(config_dir / NBGRADER_CONFIG)]
    if student:
        page_config = config_dir / "labconfig" / "page_config.json"
        _merge_json(page_config, {"disabledExtensions": {name: True for name in INSTRUCTOR_LAB_PLUGINS}})
        server_config = config_dir / "jupyter_server_config.json"
        _merge_json(server_config,
                    {"ServerApp": {"jpserver_extensions": {name: False for name in INSTRUCTOR_SERVER_EXTENSIONS}}})
        written += [page_config, server_config]
    return written


def _write_validator_config(path: Path) -> Path:
    if path.exists() and not path.read_text().startswith(HEADER):
        raise SystemExit(f"error: {path} exists and was not written by the course: add "
                         f"`c.Validator.validate_all = True`, `c.Execute.timeout = {CELL_TIMEOUT}` and "
                         f"`c.Validator.width = {VALIDATOR_WIDTH}` to it yourself")
    path.write_text(f"{HEADER}: nbgrader's Validate shows the course's messages, whole.\n"
                    "c = get_config()  # noqa: F821\n"
                    "c.Validator.validate_all = True  # the visible tests, which are not graded cells\n"
                    f"c.Execute.timeout = {CELL_TIMEOUT}\n"
                    f"c.Validator.width = {VALIDATOR_WIDTH}\n")
    return path


def _merge_json(path: Path, settings: dict) -> None:
    """Add ``settings`` to the JSON file ``path``, keeping what else it holds."""
    data = json.loads(path.read_text()) if path.exists() and path.stat().st_size else {}
    _merge(data, settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


def _merge(data: dict, settings: dict) -> None:
    for key, value in settings.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            _merge(data[key], value)
        else:
            data[key] = value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.labsetup", description=__doc__.splitlines()[0])
    parser.add_argument("--student", action="store_true",
                        help="also switch off nbgrader's instructor tools (formgrader, create assignment, course list)")
    parser.add_argument("--config-dir", type=Path, default=None,
                        help="where to write (default: etc/jupyter of this Python's environment)")
    args = parser.parse_args(argv)
    write(args.config_dir or default_config_dir(), student=args.student)
    return 0


if __name__ == "__main__":
    sys.exit(main())
