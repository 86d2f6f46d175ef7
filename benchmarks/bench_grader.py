"""The course's grader against stock ``nbgrader autograde``, side by side on one generated class.

    python benchmarks/bench_grader.py [--students 20] [--assignment 01_chain_rule ...] [--workers 1,2]

The class: every student hands in every notebook; students cycle through the
reference answers, the blank notebook and the sample class's typical mistakes
(autograder/sample_class_mistakes.json, one mistake a student).
Stock nbgrader grades it with one ``nbgrader autograde <assignment>`` command per
assignment (how an instructor runs it), with the hidden tests as they would run
in the student's kernel (their first line, ``only_in_the_grader()``, removed:
stock nbgrader cannot judge them otherwise); the course's grader with 1 and
with 2 workers, judging them in its own processes. All start from the same submissions. Scores are compared cell by
cell: they must be identical, except where the course's grader gives partial
credit for a test cell with graded parts (stock nbgrader gives such a cell 0)
or confirms a test that stock nbgrader zeroes for a warning on stderr. Prints
wall times, the ratios and the comparison.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from autograder import notebooks, sample_class  # noqa: E402
from autograder.grading import ClassGrader  # noqa: E402

COURSE = notebooks.Course(REPO)

STOCK_CONFIG = """\
c = get_config()
load_subconfig({config!r})
c.CourseDirectory.root = {root!r}
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.db_url = "sqlite:///{root}/gradebook.db"
"""


def class_submissions(n_students: int, assignment_ids: list[str]) -> list[tuple[str, str, object]]:
    """``(student, assignment, notebook)``: the students cycle through right, blank and one typical mistake."""
    entries = []
    for assignment in assignment_ids:
        release = notebooks.read(COURSE.release(assignment))
        right = notebooks.reference_answers(notebooks.read(COURSE.source(assignment)))
        kinds = [notebooks.fill_answers(release, right), release]
        kinds += [notebooks.fill_answers(release, right | {cell: code})
                  for cell, code in sample_class.typical_bugs(assignment).items()]
        for i, nb in zip(range(n_students), itertools.cycle(kinds)):
            entries.append((f"s{i:03d}", assignment, nb))
    return entries


def write_class(root: Path, entries: list, stock: bool = False) -> None:
    for student, assignment, nb in entries:
        notebooks.write(nb, notebooks.notebook_path(root / "submitted" / student, assignment))
    if not stock:
        (root / "source").symlink_to(COURSE.solutions, target_is_directory=True)
        return
    # stock nbgrader runs the hidden tests in the kernel: without the line that refuses it
    shutil.copytree(COURSE.solutions, root / "source")
    for path in (root / "source").glob("*/*.ipynb"):
        nb = notebooks.read(path)
        for cell in nb.cells:
            cell.source = "\n".join(line for line in cell.source.splitlines() if line.strip() != "only_in_the_grader()")
        notebooks.write(nb, path)


def cell_scores(root: Path) -> dict[tuple[str, str, str], float]:
    """``{(student, assignment, grade_id): points}`` of every graded cell in a class's gradebook."""
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(f"sqlite:///{root}/gradebook.db") as gb:
        for assignment in gb.assignments:
            for submission in gb.assignment_submissions(assignment.name):
                for nb in submission.notebooks:
                    for grade in nb.grades:
                        if grade.cell_type == "code":
                            scores[(submission.student.id, assignment.name, grade.name)] = float(grade.score)
    return scores


def run_stock(root: Path, assignment_ids: list[str]) -> tuple[float, dict]:
    (root / "nbgrader_config.py").write_text(STOCK_CONFIG.format(config=str(notebooks.CONFIG_FILE), root=str(root)))
    bin_dir = Path(sys.executable).parent
    nbgrader = str(bin_dir / "nbgrader")
    # as if the venv were activated: nbgrader runs `alembic` from PATH to create its gradebook
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    start = time.perf_counter()
    for assignment in assignment_ids:
        for step in ("generate_assignment", "autograde"):
            subprocess.run([nbgrader, step, assignment, "--force"], cwd=root, check=True, capture_output=True, env=env)
    return time.perf_counter() - start, cell_scores(root)


def run_course(root: Path, entries: list, workers: int) -> tuple[float, dict, float]:
    """Seconds, cell scores, and the seconds the submissions' own cells ran (see ``cell_seconds``)."""
    start = time.perf_counter()
    grader = ClassGrader(root, workers=workers, course=COURSE)
    results = grader.grade_all([(student, assignment) for student, assignment, _ in entries], feedback=False)
    seconds = time.perf_counter() - start
    failed = [r for r in results if r.error]
    if failed:
        raise SystemExit(f"{len(failed)} submissions not graded, e.g. {failed[0].student}: {failed[0].error}")
    scores = {(r.student, r.assignment, c.grade_id): c.points for r in results for c in r.cells}
    judging = judge_costs(root / "executed")
    print(f"  {workers} worker(s): the grader's own process {grader.own_seconds / len(results):.2f} s per submission "
          f"(nbgrader's steps); judging in the workers {judging['seconds'] / len(results):.2f} s per submission, "
          f"of which {judging['waiting'] / len(results):.2f} s waiting for the kernel "
          f"({judging['calls'] / len(results):.0f} calls of the student's functions)", flush=True)
    return seconds, scores, cell_seconds(root / "executed")


def judge_costs(executed: Path) -> dict[str, float]:
    """What judging the hidden tests cost the workers, summed over the executed notebooks."""
    total = {"seconds": 0.0, "waiting": 0.0, "calls": 0}
    for path in executed.rglob("*.ipynb"):
        for key, value in notebooks.read(path).metadata.get("course_judge", {}).items():
            total[key] += value
    return total


def cell_seconds(executed: Path) -> float:
    """Seconds the executed notebooks' cells ran, from each cell's execute_input to its execute_reply.

    This is the work every grader must do whatever its overhead: on P cores no grader
    can take less than this divided by P.
    """
    from datetime import datetime

    total = 0.0
    for path in executed.rglob("*.ipynb"):
        for cell in notebooks.read(path).cells:
            timing = cell.get("metadata", {}).get("execution", {})
            if "iopub.execute_input" in timing and "shell.execute_reply" in timing:
                begin, end = (datetime.fromisoformat(timing[k].replace("Z", "+00:00"))
                              for k in ("iopub.execute_input", "shell.execute_reply"))
                total += (end - begin).total_seconds()
    return total


def compare_scores(stock: dict, got: dict) -> str:
    """Cell by cell: identical, or higher only by partial credit where stock gives 0."""
    identical = sum(1 for key in stock if got.get(key) == stock[key])
    partial = [key for key in stock if got.get(key) != stock[key] and stock[key] == 0 and got.get(key, 0) > 0]
    other = [key for key in stock if got.get(key) != stock[key] and key not in partial]
    text = f"{identical} of {len(stock)} cells identical, {len(partial)} with partial credit (stock: 0)"
    if other:
        text += f", {len(other)} OTHERWISE DIFFERENT: " + "; ".join(
            f"{key}: stock {stock[key]}, here {got.get(key)}" for key in other[:10])
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--assignment", action="append", dest="assignments")
    parser.add_argument("--workers", default="1,2", help="worker counts to time the course's grader with")
    args = parser.parse_args()
    assignment_ids = args.assignments or COURSE.assignments()
    worker_counts = [int(w) for w in args.workers.split(",")]
    entries = class_submissions(args.students, assignment_ids)
    print(f"class: {args.students} students x {len(assignment_ids)} notebooks = {len(entries)} submissions")

    timings, scores, cells = {}, {}, {}
    runs = ["stock nbgrader"] + [f"course grader, {w} worker{'s' if w > 1 else ''}" for w in worker_counts]
    with tempfile.TemporaryDirectory() as tmp:
        for name in runs:
            root = Path(tmp) / name.replace(" ", "_").replace(",", "")
            write_class(root, entries, stock=name == "stock nbgrader")
            if name == "stock nbgrader":
                timings[name], scores[name] = run_stock(root, assignment_ids)
            else:
                timings[name], scores[name], cells[name] = run_course(root, entries, workers=int(name.split()[2]))
            print(f"{name:<28}{timings[name]:8.1f} s   ({timings[name] / len(entries):.2f} s per notebook)", flush=True)
            shutil.rmtree(root, ignore_errors=True)

    stock = scores["stock nbgrader"]
    different = False
    for name in runs[1:]:
        text = compare_scores(stock, scores[name])
        different |= "OTHERWISE" in text
        print(f"scores of {name}: {text}")
    fastest = min(runs[1:], key=timings.get)
    print(f"speed-up over stock nbgrader ({fastest.split(', ')[1]}): "
          f"{timings['stock nbgrader'] / timings[fastest]:.2f}x")
    if 1 in worker_counts and 2 in worker_counts:
        print(f"parallel speed-up, 1 -> 2 workers:        "
              f"{timings['course grader, 1 worker'] / timings['course grader, 2 workers']:.2f}x")
    # the bound set by the notebooks themselves: their cells' own run time, shared by every core at best
    quiet = cells[runs[1]]  # the run with the fewest workers: the least contended cell times
    cores = os.cpu_count() or 1
    print(f"the submissions' cells ran {quiet:.1f} s in all ({runs[1]}); on {cores} cores no grader can take less "
          f"than {quiet / cores:.1f} s, at most {timings['stock nbgrader'] / (quiet / cores):.2f}x stock")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
