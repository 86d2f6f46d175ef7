"""Executing the notebooks on dask.distributed grades exactly as the process pool does.

Three students hand in notebook 1 (right, untouched, two typical mistakes). The
grader CLI grades them with its process pool, then with ``--dask`` (a
LocalCluster of two workers on 127.0.0.1); then a ClassGrader grades them on a
running LocalCluster given by its ``tcp://`` address, whose workers must have
executed every notebook. Grades, per-test messages and nbgrader's grade table
are the same each time.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from conftest import COURSE, Entry, build_submission  # noqa: E402

from autograder import notebooks  # noqa: E402
from autograder.grading import ClassGrader  # noqa: E402
from autograder.sample_class import typical_bugs  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore:.*not in session")]  # nbgrader vs SQLAlchemy 2

ASSIGNMENT = "01_chain_rule"
STUDENTS = {"ada": {}, "ben": None, "cy": {k: v.strip() for k, v in typical_bugs(ASSIGNMENT).items()}}


def _grade_cli(submitted: Path, class_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    out = subprocess.run([sys.executable, "-m", "autograder", "grade", str(submitted), "--class-dir", str(class_dir),
                          "--assignment", ASSIGNMENT, "--workers", "2", "--no-feedback", *extra],
                         cwd=COURSE.root, capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stdout + out.stderr
    return out


def _results(class_dir: Path) -> list[dict]:
    results = json.loads((class_dir / "results.json").read_text())
    for result in results:
        result.pop("seconds")
    return results


def _grades_csv(class_dir: Path) -> list[dict]:
    with open(class_dir / "grades.csv", newline="") as f:
        return sorted(csv.DictReader(f), key=lambda row: row["student_id"])


@pytest.fixture(scope="module")
def graded_by_the_pool(tmp_path_factory):
    root = tmp_path_factory.mktemp("dask")
    submitted = root / "submitted"
    for student, answers in STUDENTS.items():
        nb = build_submission(Entry(student, ASSIGNMENT, answers or {}, blank=answers is None))
        notebooks.write(nb, notebooks.notebook_path(submitted / student, ASSIGNMENT))
    out = _grade_cli(submitted, root / "pool")
    assert "executed on dask" not in out.stdout
    results = _results(root / "pool")
    scores = {r["student"]: r["score"] for r in results}
    assert scores["ada"] == results[0]["max_score"] > scores["cy"] > scores["ben"] == 0
    return root, results, _grades_csv(root / "pool")


def test_dask_local_cluster_grades_as_the_process_pool(graded_by_the_pool):
    root, results, grades = graded_by_the_pool
    out = _grade_cli(root / "submitted", root / "dask-local", "--dask")
    assert "executed on dask LocalCluster at tcp://127.0.0.1:" in out.stdout
    assert ", 2 worker(s)" in out.stdout
    assert _results(root / "dask-local") == results
    assert _grades_csv(root / "dask-local") == grades


def test_a_running_scheduler_executes_every_notebook(graded_by_the_pool):
    from distributed import Client, LocalCluster

    root, results, grades = graded_by_the_pool
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        grader = ClassGrader(root / "dask-scheduler", workers=2, dask=address)
        for student in STUDENTS:
            path = notebooks.notebook_path(root / "submitted" / student, ASSIGNMENT)
            notebooks.write(notebooks.read(path), notebooks.notebook_path(grader.submitted / student, ASSIGNMENT))
        graded = grader.grade_all(grader.submissions([ASSIGNMENT]), feedback=False)
        executed = client.run(lambda: __import__("autograder.worker", fromlist=["EXECUTED"]).EXECUTED)
    # each submission, all on the cluster's workers
    assert sum(executed.values()) == len(STUDENTS), executed
    assert grader.dask_description == f"dask scheduler at {address}, 2 worker(s)"
    grader.export()
    graded = [asdict(r) for r in graded]
    for result in graded:
        result.pop("seconds")
    assert graded == results
    assert _grades_csv(root / "dask-scheduler") == grades
