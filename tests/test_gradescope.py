"""The Gradescope autograder archive, and run_autograder run in the folder layout Gradescope's specification gives.

Gradescope unpacks the archive into ``/autograder/source/``, puts the student's files in
``/autograder/submission/`` and reads ``/autograder/results/results.json``; here that layout is built in a
temporary folder (``$AUTOGRADER_ROOT``) and ``run_autograder`` runs with this checkout's Python
(``$AUTOGRADER_PYTHON``) in place of the one ``setup.sh`` installs.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import zipfile
from pathlib import Path

import nbformat
import pytest
from conftest import COURSE, Entry, build_submission

from autograder import gradescope, notebooks
from autograder.results import CellResult, SubmissionResult

A = "01_chain_rule"
CELLS = notebooks.test_cells(notebooks.read(COURSE.source(A)))


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return gradescope.write_archive(COURSE, A, tmp_path_factory.mktemp("gradescope"))


def test_the_archive_has_the_scripts_at_its_top_and_the_grader(archive):
    with zipfile.ZipFile(archive) as z:
        infos = {i.filename: i for i in z.infolist()}
        for script in ("setup.sh", "run_autograder"):
            assert stat.S_IMODE(infos[script].external_attr >> 16) == 0o755, script
            assert z.read(script).startswith(b"#!/usr/bin/env bash\n")
        setup, run = z.read("setup.sh").decode(), z.read("run_autograder").decode()
    assert "pip install /autograder/source" in setup and "course.data fetch" not in setup  # 01 reads no data
    assert f"-m autograder.gradescope {A} --root /autograder --prepare" in setup  # the records made in the image
    assert f"-m autograder.gradescope {A} --root" in run and 'ROOT="${AUTOGRADER_ROOT:-/autograder}"' in run
    names = set(infos)
    assert {"pyproject.toml", "README.md", "autograder/grading.py", "autograder/judge.py",
            "autograder/nbgrader_config.py", "course/collect.py", f"solutions/{A}/{A}.ipynb",
            f"exercises/{A}/{A}.ipynb"} <= names
    # one assignment's sources, nothing of the tests, the catalogue or the other notebooks
    assert {n.split("/")[1] for n in names if n.startswith(("solutions/", "exercises/"))} == {A}
    assert not [n for n in names if n.startswith("tests/") or "__pycache__" in n or n.endswith(".pyc")]


def test_an_assignment_that_reads_data_fetches_it_at_setup():
    files = gradescope.archive_files(COURSE, "04_mnist_mlp")
    assert b"/autograder/venv/bin/python -m course.data fetch" in files["setup.sh"]
    with pytest.raises(gradescope.GradescopeRefused, match="no assignment '99_nothing'"):
        gradescope.archive_files(COURSE, "99_nothing")


def test_the_notebook_is_found_in_the_submission(tmp_path):
    sub = tmp_path / "submission"
    (sub / "nested").mkdir(parents=True)
    (sub / "notes.ipynb").write_text("{}")
    assert gradescope.find_notebook(sub, A) == (None, f"no notebook named {A}.ipynb in your submission "
                                                      "(it holds notes.ipynb)")
    old, new = sub / f"{A}.ipynb", sub / "nested" / f"{A}-Copy1.ipynb"
    old.write_text("{}")
    new.write_text("{}")
    os.utime(old, (1_000_000, 1_000_000))
    assert gradescope.find_notebook(sub, A) == (new, "")  # a renamed copy will do; of two, the newest
    (sub / "evil.ipynb").symlink_to(COURSE.source(A))
    path, why = gradescope.find_notebook(sub, A)
    assert path is None and "symbolic links (evil.ipynb)" in why


def test_results_json_has_a_test_per_graded_cell_hidden_until_published():
    result = SubmissionResult("student", A, score=5.0, max_score=7.0, cells=[
        CellResult("test_a_hidden", 3.0, 3.0), CellResult("test_b_hidden", 2.0, 4.0, "FAILED values: off by 2")])
    out = gradescope.results_json(result)
    assert out["score"] == 5.0 and out["stdout_visibility"] == "hidden"
    assert out["tests"] == [
        {"name": "test_a_hidden", "number": "1", "score": 3.0, "max_score": 3.0, "status": "passed",
         "output": "Passed.", "visibility": "after_published"},
        {"name": "test_b_hidden", "number": "2", "score": 2.0, "max_score": 4.0, "status": "failed",
         "output": "FAILED values: off by 2", "visibility": "after_published"}]
    broken = gradescope.results_json(SubmissionResult("student", A, error="x.ipynb is not a valid notebook"))
    assert broken == {"score": 0.0, "output": "Your notebook could not be graded: x.ipynb is not a valid notebook",
                      "tests": []}


def _layout(tmp_path: Path, archive: Path, files: dict[str, str]) -> Path:
    """Gradescope's /autograder: source/ (the archive unpacked), submission/ (the student's files)."""
    root = tmp_path / "autograder"
    with zipfile.ZipFile(archive) as z:
        z.extractall(root / "source")
    (root / "submission").mkdir()
    for name, content in files.items():
        (root / "submission" / name).write_text(content)
    return root


def _run_autograder(root: Path) -> dict:
    import sys

    env = dict(os.environ, AUTOGRADER_ROOT=str(root), AUTOGRADER_PYTHON=sys.executable)
    out = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
    return json.loads((root / "results" / "results.json").read_text())


def test_run_autograder_without_the_notebook_says_so(tmp_path, archive):
    results = _run_autograder(_layout(tmp_path, archive, {"answers.pdf": "%PDF"}))
    assert results == {"score": 0.0, "output": f"Not graded: no notebook named {A}.ipynb in your submission.",
                       "tests": []}


@pytest.mark.slow
@pytest.mark.parametrize("blank", [False, True], ids=["solution", "blank"])
def test_run_autograder_grades_a_submission(tmp_path, archive, blank):
    import sys

    notebook = nbformat.writes(build_submission(Entry("student", A, {}, blank=blank)))
    root = _layout(tmp_path, archive, {f"{A} (1).ipynb": notebook})
    subprocess.run([sys.executable, "-m", "autograder.gradescope", A, "--root", str(root), "--prepare"], check=True,
                   cwd=root / "source", env=dict(os.environ, PYTHONPATH=str(root / "source")), timeout=300)
    mark = root / "grading" / "recorded" / f"{A}.sha256"
    assert mark.is_file()  # made ahead, as setup.sh makes it in the image
    recorded = mark.stat().st_mtime_ns
    results = _run_autograder(root)
    assert mark.stat().st_mtime_ns == recorded  # not recorded again for the submission
    assert [t["name"] for t in results["tests"]] == list(CELLS)
    assert [t["max_score"] for t in results["tests"]] == list(CELLS.values())
    assert all(t["visibility"] == "after_published" for t in results["tests"])
    if blank:
        assert results["score"] == 0 and all(t["status"] == "failed" for t in results["tests"])
        assert all("not implemented yet" in t["output"] for t in results["tests"])
    else:
        assert results["score"] == sum(CELLS.values())
        assert all(t["status"] == "passed" and t["score"] == t["max_score"] for t in results["tests"])
