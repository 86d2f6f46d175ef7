"""``python -m autograder``: the instructor's commands.

  generate                 write exercises/ (student notebooks) from solutions/
  grade SUBMITTED          grade an nbgrader ``<student>/<assignment>/`` folder
  sample                   grade the bundled sample class (ada, ben, cy)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from autograder import notebooks

DEFAULT_CLASS_DIR = notebooks.REPO / "grading"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    gen = commands.add_parser("generate", help="write the student notebooks in exercises/ from solutions/")
    gen.add_argument("assignments", nargs="*", help="assignment ids (default: all)")

    grade = commands.add_parser("grade", help="grade a folder of submissions")
    grade.add_argument("submitted", type=Path, help="folder laid out as <student>/<assignment>/<assignment>.ipynb")
    _grading_options(grade)

    sample = commands.add_parser("sample", help="grade the bundled sample class")
    _grading_options(sample)
    return parser


def _grading_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--class-dir", type=Path, default=DEFAULT_CLASS_DIR,
                        help="where the gradebook, feedback and grade table go (default: %(default)s)")
    parser.add_argument("--assignment", action="append", dest="assignments",
                        help="grade only this assignment (repeatable; default: all)")
    parser.add_argument("--no-feedback", action="store_true", help="skip the HTML feedback")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="notebooks executed at once (default: the number of CPUs, %(default)s)")
    parser.add_argument("--force", action="store_true",
                        help="grade again what was already graded (default: resume, skipping it)")


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "generate":
        return _generate(args)
    return _grade(args)


def _generate(args) -> int:
    from autograder.grading import generate_exercises

    start = time.perf_counter()
    ids = args.assignments or notebooks.assignments(include_index=True)
    generate_exercises(ids)
    print(f"wrote {len(ids)} student notebook(s) to {os.path.relpath(notebooks.EXERCISES)}/ "
          f"in {time.perf_counter() - start:.1f} s")
    return 0


def _grade(args) -> int:
    from tqdm import tqdm

    from autograder.grading import ClassGrader, copy_submissions, grade_table, write_results
    from autograder.sample_class import write_sample_class

    start = time.perf_counter()
    grader = ClassGrader(args.class_dir, workers=args.workers)
    if args.command == "sample":
        write_sample_class(grader.submitted, args.assignments)
    else:
        if not args.submitted.is_dir():
            print(f"error: {args.submitted} is not a folder of submissions", file=sys.stderr)
            return 2
        copy_submissions(args.submitted, grader)
    pairs = grader.submissions(args.assignments)
    if not pairs:
        print(f"error: no submissions found under {grader.submitted}", file=sys.stderr)
        return 2
    with tqdm(total=len(pairs), desc="grading", unit="notebook") as bar:
        results = grader.grade_all(pairs, feedback=not args.no_feedback, force=args.force,
                                   progress=lambda _: bar.update())
    csv_path = grader.export()
    json_path = grader.class_dir / "results.json"
    write_results(results, json_path)

    print()
    print(grade_table(results))
    print()
    print(f"graded {len(results)} notebook(s) in {time.perf_counter() - start:.1f} s")
    print(f"grade table: {csv_path}")
    print(f"per-test results and messages: {json_path}")
    if not args.no_feedback:
        print(f"feedback: {grader.class_dir / 'feedback'}/<student>/<assignment>/")
    failed = [r for r in results if r.error]
    for r in failed:
        print(f"NOT GRADED {r.student}/{r.assignment}: {r.error}", file=sys.stderr)
    return 1 if failed else 0
