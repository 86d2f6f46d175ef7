"""A grader killed with SIGKILL halfway through a class and started again ends with the same grades.

Six students hand in notebook 1: two right, one untouched, two with typical
mistakes, one a file that is not a notebook. The grader CLI grades them once
without interruption (class A); in class B it is killed with SIGKILL once at
least one notebook has been executed and graded and before all are, then
started again. grades.csv and results.json of B must equal A's (but for the
seconds each took), one row per student, none missing or twice; what was graded
before the kill is not graded again; no worker or kernel outlives the killed grader.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import COURSE, Entry, build_submission

from autograder import notebooks
from autograder.kernel import process_children
from autograder.sample_class import typical_bugs

pytestmark = pytest.mark.slow

ASSIGNMENT = "01_chain_rule"
BUGS = typical_bugs(ASSIGNMENT)
STUDENTS = {
    "ada": {},
    "ben": None,  # the untouched student notebook
    "cy": dict(BUGS),  # two typical mistakes
    "dee": {},
    "eve": "broken",
    "fay": dict(list(BUGS.items())[:1]),  # one of cy's two mistakes
}


def _write_class(submitted: Path) -> None:
    for student, answers in STUDENTS.items():
        path = notebooks.notebook_path(submitted / student, ASSIGNMENT)
        if answers == "broken":
            path.parent.mkdir(parents=True)
            path.write_text('{"cells": [ not json')
            continue
        notebooks.write(build_submission(Entry(student, ASSIGNMENT, answers or {}, blank=answers is None)), path)


def _command(submitted: Path, class_dir: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "autograder", "grade", str(submitted), "--class-dir", str(class_dir),
            "--assignment", ASSIGNMENT, "--workers", str(workers), "--no-feedback"]


def _run(submitted: Path, class_dir: Path, workers: int) -> subprocess.CompletedProcess:
    return subprocess.run(_command(submitted, class_dir, workers), cwd=COURSE.root, capture_output=True,
                          text=True, timeout=900)


def _descendants(pid: int) -> set[int]:
    children = process_children()
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _states(class_dir: Path) -> dict[str, str]:
    """{student: the grader's saved record} for the submissions it finished."""
    found = {}
    for path in (class_dir / "state").glob(f"*/{ASSIGNMENT}.json"):
        try:
            found[path.parent.name] = path.read_text()
        except OSError:
            pass
    return found


def _grades_csv(class_dir: Path) -> list[dict]:
    with open(class_dir / "grades.csv", newline="") as f:
        return sorted(csv.DictReader(f), key=lambda row: row["student_id"])


def _results(class_dir: Path) -> list[dict]:
    results = json.loads((class_dir / "results.json").read_text())
    for result in results:
        result.pop("seconds")
    return sorted(results, key=lambda r: r["student"])


def test_a_grader_killed_with_sigkill_resumes_to_the_same_grades(tmp_path):
    submitted = tmp_path / "submitted"
    _write_class(submitted)

    whole = _run(submitted, tmp_path / "A", workers=2)
    assert whole.returncode == 1, whole.stdout + whole.stderr  # eve's file is not a notebook
    expected_csv, expected_results = _grades_csv(tmp_path / "A"), _results(tmp_path / "A")
    # every student is a row, eve's with 0 (her file was refused)
    assert [r["student_id"] for r in expected_csv] == sorted(STUDENTS)
    assert float(next(r for r in expected_csv if r["student_id"] == "eve")["score"]) == 0
    scores = {r["student"]: (r["score"], r["max_score"], bool(r["error"])) for r in expected_results}
    full = scores["ada"][1]
    assert full > 0 and scores["ada"] == scores["dee"] == (full, full, False)
    assert scores["ben"] == (0, full, False) and scores["eve"] == (0, full, True)
    assert 0 < scores["fay"][0] < full and 0 < scores["cy"][0] < scores["fay"][0]

    class_dir = tmp_path / "B"
    grader = subprocess.Popen(_command(submitted, class_dir, workers=1), cwd=COURSE.root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    helpers: set[int] = set()
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and grader.poll() is None:
            helpers |= _descendants(grader.pid)
            executed = set(_states(class_dir)) - {"eve"}  # eve is refused before anything is executed
            if executed:
                break
            time.sleep(0.05)
        assert grader.poll() is None, "the grader finished before it could be killed"
        os.kill(grader.pid, signal.SIGKILL)
        grader.wait(timeout=30)
    finally:
        if grader.poll() is None:
            grader.kill()
            grader.wait()
    before = _states(class_dir)
    assert set(before) - {"eve"}, "nothing was graded before the kill"
    assert len(before) < len(STUDENTS), f"everything was graded before the kill: {sorted(before)}"

    # its workers and their kernels die with it (a survivor would race the next grader over the same files)
    assert helpers, "the grader had no worker process"
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in helpers if _alive(pid)], "processes of the killed grader are still running"

    again = _run(submitted, class_dir, workers=2)
    assert again.returncode == 1, again.stdout + again.stderr
    assert _grades_csv(class_dir) == expected_csv
    assert _results(class_dir) == expected_results
    after = _states(class_dir)
    assert sorted(after) == sorted(STUDENTS)
    for student, record in before.items():  # resumed: what was done was not done again
        assert after[student] == record, f"{student} was graded again"


def test_an_assignment_is_recorded_once_until_its_sources_change(tmp_path, monkeypatch):
    """A grader started again (or a Gradescope run after its image's set-up) neither checks the hidden tests nor
    records the assignment in the gradebook again, unless the sources changed since."""
    from autograder import grading

    grading.ClassGrader(tmp_path / "class", workers=0).prepare("01_chain_rule")

    def checked_again(_source):
        raise AssertionError("the hidden tests were checked again")

    monkeypatch.setattr(grading, "check_hidden_tests", checked_again)
    again = grading.ClassGrader(tmp_path / "class", workers=0)
    again.prepare("01_chain_rule")
    again._record_mark("01_chain_rule").write_text("the digest of sources since edited")
    with pytest.raises(AssertionError, match="checked again"):
        grading.ClassGrader(tmp_path / "class", workers=0).prepare("01_chain_rule")
