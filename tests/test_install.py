"""The grader installed as a package, outside any checkout, generates and grades a course it is pointed at."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import notebooks

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = "01_chain_rule"


def _course(root: Path) -> Path:
    shutil.copytree(REPO / "solutions" / ASSIGNMENT, root / "solutions" / ASSIGNMENT)
    return root


def test_a_course_is_found_from_the_option_then_the_environment_then_the_folders_above(tmp_path, monkeypatch):
    course = _course(tmp_path / "c")
    (course / "solutions" / ASSIGNMENT / "deep").mkdir()
    monkeypatch.delenv("COURSE_ROOT", raising=False)
    monkeypatch.chdir(course / "solutions" / ASSIGNMENT / "deep")
    assert notebooks.Course.find().root == course.resolve()
    assert notebooks.Course.find(REPO).root == REPO
    monkeypatch.setenv("COURSE_ROOT", str(REPO))
    assert notebooks.Course.find().root == REPO
    assert notebooks.Course.find().assignments()[0] == ASSIGNMENT
    assert notebooks.Course(course).source(ASSIGNMENT) == \
        course.resolve() / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def test_a_folder_without_a_course_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.delenv("COURSE_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(notebooks.NotACourse, match="--course"):
        notebooks.Course.find()
    with pytest.raises(notebooks.NotACourse, match="no solutions/<assignment>/<assignment>.ipynb"):
        notebooks.Course(tmp_path)
    out = subprocess.run([sys.executable, "-m", "autograder", "generate"], cwd=tmp_path, capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert out.returncode == 2 and "no course" in out.stderr and "--course" in out.stderr, out.stderr


@pytest.mark.slow
def test_the_installed_grader_grades_a_course_outside_the_checkout(tmp_path):
    (tmp_path / "source").mkdir()
    site, source = tmp_path / "site", tmp_path / "source"
    # from a copy: pip builds in the source folder, and a build/ left there could ship deleted modules
    for name in ("pyproject.toml", "README.md", "LICENSE", "course", "autograder"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(source)],
                   check=True, capture_output=True, timeout=600, cwd=tmp_path)
    course, elsewhere = _course(tmp_path / "course"), tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("COURSE_ROOT", None)

    def run(*args):
        return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=elsewhere, env=env,
                              capture_output=True, text=True, timeout=900)

    where = subprocess.run([sys.executable, "-c",
                            "import autograder, course; print(autograder.__file__, course.__file__)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True).stdout
    assert where.count(str(site)) == 2, where  # the installed copies, not the checkout's
    assert run("generate", "--course", "../course").returncode == 0
    assert notebooks.Course(course).release(ASSIGNMENT).is_file()
    out = run("sample", "--course", str(course), "--workers", "1", "--no-feedback",
              "--class-dir", str(tmp_path / "cls"))
    assert out.returncode == 0, out.stderr[-2000:]
    scores = {r["student"]: (r["score"], r["max_score"])
              for r in json.loads((tmp_path / "cls" / "results.json").read_text())}
    (ada, full), (ben, _), (cy, _) = scores["ada"], scores["ben"], scores["cy"]
    assert ada == full > 0 and ben == 0 and 0 < cy < full, scores
