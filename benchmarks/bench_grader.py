"""The course's grader against stock ``nbgrader autograde``, side by side on one generated class.

    python benchmarks/bench_grader.py [--students 20] [--assignment 01_chain_rule ...]

The class: every student hands in every notebook; students cycle through the
reference answers, the blank notebook and the wrong answers of tests/mutants/.
Stock nbgrader grades it with one ``nbgrader autograde <assignment>`` command per
assignment (how an instructor runs it); the course's grader with 1 and with 2
workers. All three start from the same submissions and must give identical
scores. Prints wall times and the ratios.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from autograder import notebooks  # noqa: E402
from autograder.grading import ClassGrader  # noqa: E402
from conftest import Entry, build_submission, load_catalogue  # noqa: E402

STOCK_CONFIG = """\
c = get_config()
load_subconfig({config!r})
c.CourseDirectory.root = {root!r}
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.db_url = "sqlite:///{root}/gradebook.db"
"""


def class_entries(n_students: int, assignment_ids: list[str]) -> list[Entry]:
    entries = []
    for assignment in assignment_ids:
        catalogue = load_catalogue(assignment)
        answers = [("ref", {}, False), ("blank", {}, True)]
        if catalogue is not None:
            answers += [(name, {fn: code.strip()}, False) for name, (fn, code, _) in catalogue.MUTANTS.items()]
        for i, (kind, override, blank) in zip(range(n_students), itertools.cycle(answers)):
            entries.append(Entry(f"s{i:03d}", assignment, override, blank=blank))
    return entries


def write_class(root: Path, entries: list[Entry]) -> None:
    for entry in entries:
        notebooks.write(build_submission(entry), notebooks.notebook_path(root / "submitted" / entry.student, entry.assignment))
    (root / "source").symlink_to(notebooks.SOLUTIONS, target_is_directory=True)


def scores_from_csv(path: Path) -> dict[tuple[str, str], float]:
    with open(path) as f:
        return {(row["student_id"], row["assignment"]): float(row["raw_score"]) for row in csv.DictReader(f)}


def run_stock(root: Path, assignment_ids: list[str]) -> tuple[float, dict]:
    (root / "nbgrader_config.py").write_text(STOCK_CONFIG.format(config=str(notebooks.CONFIG_FILE), root=str(root)))
    nbgrader = str(Path(sys.executable).parent / "nbgrader")
    start = time.perf_counter()
    for assignment in assignment_ids:
        subprocess.run([nbgrader, "generate_assignment", assignment, "--force"], cwd=root, check=True, capture_output=True)
        subprocess.run([nbgrader, "autograde", assignment, "--force"], cwd=root, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    subprocess.run([nbgrader, "export", "--to", "grades.csv"], cwd=root, check=True, capture_output=True)
    return seconds, scores_from_csv(root / "grades.csv")


def run_course(root: Path, entries: list[Entry], workers: int) -> tuple[float, dict]:
    start = time.perf_counter()
    grader = ClassGrader(root, workers=workers)
    results = grader.grade_all([(e.student, e.assignment) for e in entries], feedback=False)
    seconds = time.perf_counter() - start
    failed = [r for r in results if r.error]
    if failed:
        raise SystemExit(f"{len(failed)} submissions not graded, e.g. {failed[0].student}: {failed[0].error}")
    return seconds, {(r.student, r.assignment): r.score for r in results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--assignment", action="append", dest="assignments")
    args = parser.parse_args()
    assignment_ids = args.assignments or notebooks.assignments()
    entries = class_entries(args.students, assignment_ids)
    print(f"class: {args.students} students x {len(assignment_ids)} notebooks = {len(entries)} submissions")

    timings, scores = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("stock nbgrader", "course grader, 1 worker", "course grader, 2 workers"):
            root = Path(tmp) / name.replace(" ", "_").replace(",", "")
            write_class(root, entries)
            if name == "stock nbgrader":
                timings[name], scores[name] = run_stock(root, assignment_ids)
            else:
                timings[name], scores[name] = run_course(root, entries, workers=int(name.split()[2]))
            print(f"{name:<28}{timings[name]:8.1f} s   ({timings[name] / len(entries):.2f} s per notebook)")
            shutil.rmtree(root, ignore_errors=True)

    stock = scores["stock nbgrader"]
    for name, got in scores.items():
        differing = [key for key in stock if stock[key] != got.get(key)]
        print(f"scores of {name}: {'identical to stock' if not differing else f'{len(differing)} differ, e.g. {differing[0]}'}")
    print(f"speed-up over stock nbgrader (2 workers): {timings['stock nbgrader'] / timings['course grader, 2 workers']:.2f}x")
    print(f"parallel speed-up, 1 -> 2 workers:        "
          f"{timings['course grader, 1 worker'] / timings['course grader, 2 workers']:.2f}x")


if __name__ == "__main__":
    main()
