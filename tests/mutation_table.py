"""Grade the catalogue of wrong and correct answers and print the mutation table.

    python tests/mutation_table.py                      # every notebook
    python tests/mutation_table.py 01_chain_rule --repeat 2

Exits 1 when a target is missed (see tests/mutation.py) or, with --repeat, when
any score differs between runs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))

from conftest import COURSE, build_submission, class_entries  # noqa: E402
from mutation import format_table, meets_targets, table  # noqa: E402

from autograder.grading import ClassGrader  # noqa: E402


def grade_catalogue(assignments: list[str], workers: int, class_dir: Path) -> dict:
    grader = ClassGrader(class_dir, workers=workers)
    entries = class_entries(assignments)
    for entry in entries:
        grader.add_submission(entry.student, entry.assignment, build_submission(entry))
    results = grader.grade_all([(e.student, e.assignment) for e in entries], feedback=False)
    return {(r.student, r.assignment): r for r in results}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", help="default: every graded notebook")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=1, help="grade this many times and compare the scores")
    args = parser.parse_args(argv)
    assignments = args.assignments or COURSE.assignments()
    runs = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="mutation-") as tmp:
            runs.append(grade_catalogue(assignments, args.workers, Path(tmp)))
    rows = table(runs[0], assignments)
    print(format_table(rows))
    ok = meets_targets(rows)
    scores = [{key: (r.score, r.error) for key, r in run.items()} for run in runs]
    differing = sorted(k for k in scores[0] if any(s.get(k) != scores[0][k] for s in scores[1:]))
    if args.repeat > 1:
        print(f"repeated {args.repeat} times: {len(differing)} submissions scored differently"
              + (f": {differing}" if differing else ""))
    return 0 if ok and not differing else 1


if __name__ == "__main__":
    sys.exit(main())
