"""The set-up: Jupyter's slow optional import is gone, and the tools still work without it."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def test_rfc3987_syntax_is_not_installed():
    # it compiles ~35 parsers at every Jupyter start-up; ./course.sh setup removes it
    assert importlib.util.find_spec("rfc3987_syntax") is None


def test_nbgrader_command_runs():
    out = subprocess.run([str(BIN / "nbgrader"), "--version"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "nbgrader version 0.9" in out.stdout + out.stderr


def test_jupyter_lab_command_runs():
    out = subprocess.run([str(BIN / "jupyter"), "lab", "--version"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().startswith("4.")


def test_jupyter_events_still_validates_with_format_checks():
    # jupyter_events validates every event against a schema with format checks
    from jsonschema import Draft7Validator
    from jupyter_events.validators import validate_schema

    validate_schema({"$id": "http://event.course/test", "version": "1", "type": "object",
                     "properties": {"uri": {"type": "string", "format": "uri"}}})
    checker = Draft7Validator.FORMAT_CHECKER
    assert checker.conforms("2026-11-23", "date") and not checker.conforms("not a date", "date")


def test_a_new_gradebook_is_created_from_an_unactivated_virtual_environment(tmp_path):
    """nbgrader runs `alembic` from PATH when it creates a gradebook; the grader must find it without activation."""
    import sqlite3

    venv_bin = str(Path(sys.executable).parent)
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if p != venv_bin)
    script = ("from pathlib import Path; from autograder.grading import generate_exercises; "
              "from autograder.notebooks import Course; "
              f"generate_exercises(Course.find(), ['01_chain_rule'], release_root=Path({str(tmp_path / 'release')!r}), "
              f"scratch=Path({str(tmp_path)!r}))")
    subprocess.run([sys.executable, "-c", script], check=True, env={**os.environ, "PATH": path},
                   cwd=Path(__file__).resolve().parents[1], timeout=600)
    assert (tmp_path / "release" / "01_chain_rule" / "01_chain_rule.ipynb").exists()
    with sqlite3.connect(tmp_path / "gradebook.db") as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchone(), "the gradebook has no alembic version"


def test_the_grader_keeps_nbgraders_cell_metadata_validation(tmp_path):
    """The grader checks nbgrader's metadata schema once per process instead of at every cell: a cell whose
    nbgrader metadata breaks the schema must still be refused, one that keeps it still accepted."""
    import nbformat
    from jsonschema import ValidationError
    from nbgrader.nbgraderformat import MetadataValidator

    from autograder.grading import ClassGrader
    from autograder.nbgrader_patches import SchemaCheckedOnce

    ClassGrader(tmp_path)  # puts the once-checked schema in place
    from nbgrader.nbgraderformat import common

    assert isinstance(common.jsonschema, SchemaCheckedOnce)
    good = {"schema_version": 3, "grade": True, "solution": False, "locked": True, "points": 2, "grade_id": "t1"}
    validator = MetadataValidator()
    validator.validate_cell(nbformat.v4.new_code_cell(metadata={"nbgrader": good}))
    for bad in ({**good, "points": "two"}, {**good, "grade": "yes"},
                {k: v for k, v in good.items() if k != "grade_id"}):
        with pytest.raises(ValidationError):
            validator.validate_cell(nbformat.v4.new_code_cell(metadata={"nbgrader": bad}))


# import name -> distribution name, where they differ
DISTRIBUTIONS = {"zmq": "pyzmq", "IPython": "ipython", "distributed": "dask"}


def test_every_package_the_course_and_grader_import_is_declared_with_bounds():
    """pyproject.toml declares each third-party package that course/ and autograder/ import, with an upper bound,
    and environment.yml lists the same ones."""
    import ast
    import re
    import sys

    import tomllib

    root = Path(__file__).resolve().parents[1]
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    declared = {}
    for spec in project["dependencies"] + [s for extra in project["optional-dependencies"].values() for s in extra]:
        name = re.match(r"[A-Za-z0-9_.-]+", spec).group(0).lower().replace("_", "-")
        declared[name] = spec
    imported = set()
    for path in list((root / "course").rglob("*.py")) + list((root / "autograder").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {m for m in imported if m not in sys.stdlib_module_names and m not in ("course", "autograder")}
    assert "zmq" in third_party and "nbgrader" in third_party  # the scan sees the imports
    for module in sorted(third_party):
        name = DISTRIBUTIONS.get(module, module).lower().replace("_", "-")
        assert name in declared, f"{module} is imported and not declared in pyproject.toml"
        assert "<" in declared[name] or "==" in declared[name], f"{declared[name]} has no upper bound"
    conda = (root / "environment.yml").read_text().lower().replace("_", "-")
    for name in project["dependencies"]:
        bare = re.match(r"[A-Za-z0-9_.-]+", name).group(0).lower().replace("_", "-")
        assert f"- {bare}" in conda, f"{bare} is missing from environment.yml"
