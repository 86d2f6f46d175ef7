"""``python -m autograder``: the instructor's commands.

  generate                 write exercises/ (student notebooks) from solutions/
  grade SUBMITTED          grade an nbgrader ``<student>/<assignment>/`` folder
  grade --zip Z --assignment A
                           collect an LMS zip of A's notebooks (nbgrader zip_collect), then grade
  grade --lms canvas|moodle --zip Z --assignment A [--roster R] [--due WHEN]
                           collect a Canvas or Moodle download (a zip, or a folder given instead of --zip), then grade
  export --format canvas|moodle [--assignment A] [--feedback]
                           write the file that LMS imports (its gradebook CSV, its grading worksheet),
                           or with --feedback the feedback bundle it takes back
  gradescope DIR [--assignment A]
                           write a Gradescope autograder archive per assignment into DIR
  sample                   grade the bundled sample class (ada, ben, cy)
  release DIR [--zip Z]    write the student course (exercises/, the course package, README, course.sh)
  site [--figures [A ...]] build the course site (Jupyter Book 2) from exercises/ into _site/

The course is the folder given with --course, else $COURSE_ROOT, else the
current folder or the nearest one above it that holds solutions/.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from autograder import notebooks
from autograder.release import HELD_BACK
from autograder.sandbox import Limits


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    gen = commands.add_parser("generate", help="write the student notebooks in exercises/ from solutions/")
    gen.add_argument("assignments", nargs="*", help="assignment ids (default: all)")
    _course_option(gen)

    grade = commands.add_parser("grade", help="grade a folder of submissions")
    grade.add_argument("submitted", type=Path, nargs="?",
                       help="folder laid out as <student>/<assignment>/<assignment>.ipynb")
    grade.add_argument("--zip", type=Path, dest="zip_file", metavar="ZIP",
                       help="an LMS download of one assignment's notebooks, named like "
                            "<student>_<anything>_<assignment>.ipynb (needs exactly one --assignment)")
    grade.add_argument("--zip-pattern", default=None, metavar="REGEXP",
                       help="the file names in the zip, as a regular expression with the named groups student_id and "
                            "file_id, matched against a whole base name; {assignment} stands for the assignment id "
                            "(default: %s)" % _zip_default().replace("%", "%%"))
    grade.add_argument("--lms", choices=("canvas", "moodle"), default=None,
                       help="the zip (or the folder given instead of it) is that LMS's download of one assignment: "
                            "Canvas's <login>[_late]_<user id>_<submission id>_<file>, Moodle's folder per "
                            "submission <Full name>_<number>_assignsubmission_file_/; entries that are no notebook "
                            "of the assignment are listed and skipped, renamed copies ('(1)', '-Copy1') are the "
                            "student's notebook, of two the latest is collected")
    grade.add_argument("--roster", type=Path, default=None, metavar="CSV",
                       help="with --lms: the class's roster (columns lms_id, student_id, name, email; optional "
                            "section, sis_user_id, sis_login_id): students' ids, names and emails; a submission "
                            "of nobody on it is skipped")
    grade.add_argument("--due", default=None, metavar="WHEN",
                       help="the assignment's due date, recorded in the gradebook (e.g. '2026-12-01 17:00', read in "
                            "--timezone, or with an offset '2026-12-01T17:00+01:00'); default: the gradebook's, "
                            "else c.Autograder.due_dates of the nbgrader config")
    grade.add_argument("--timezone", default="UTC", metavar="TZ",
                       help="the time zone of --due and of the download's time stamps (default: %(default)s)")
    grade.add_argument("--late-penalty", choices=("none", "zero"), default=None,
                       help="nbgrader's LateSubmissionPlugin.penalty_method for late submissions (default: the "
                            "nbgrader config's, else none: late is recorded, not penalised)")
    _grading_options(grade)

    export = commands.add_parser(
        "export", help="write the file an LMS imports, or the feedback bundle it takes back",
        description="Write, from a class folder graded from a Canvas or Moodle download (grade --lms), Canvas's "
                    "gradebook import CSV (Student, ID, SIS User ID, SIS Login ID, Section, then a column per "
                    "assignment) or Moodle's offline grading worksheet (Identifier, Full name, Email address, "
                    "Status, Grade, Maximum Grade, ..., Feedback comments); with --feedback, the feedback pages "
                    "named as that LMS matches uploaded feedback files to students.")
    export.add_argument("--format", required=True, choices=("canvas", "moodle"), dest="lms")
    export.add_argument("--assignment", action="append", dest="assignments", metavar="A",
                        help="the assignment (repeatable for Canvas's CSV; Moodle's worksheet and the feedback "
                             "bundles are of one; default: every assignment collected from that LMS)")
    export.add_argument("--feedback", action="store_true", help="write the feedback bundle instead of the grades")
    export.add_argument("--output", type=Path, default=None, metavar="FILE",
                        help="where to write it (default: exports/<format>_... in the class folder)")
    export.add_argument("--roster", type=Path, default=None, metavar="CSV",
                        help="the roster (see grade --roster): Canvas's SIS ids and section, names and emails")
    export.add_argument("--column", action="append", default=[], metavar="A=NAME",
                        help="Canvas: the column of assignment A as Canvas names it, e.g. "
                             "'01_chain_rule=Chain rule (123456)' (default: the assignment id)")
    export.add_argument("--out-of", type=float, default=None, metavar="POINTS",
                        help="scale the scores to this many points, the LMS assignment's maximum (default: the "
                             "course's points)")
    export.add_argument("--class-dir", type=Path, default=None,
                        help="the graded class folder (default: grading/ in the course)")
    _course_option(export)

    gradescope = commands.add_parser(
        "gradescope", help="write Gradescope autograder archives (setup.sh, run_autograder, this grader)",
        description="Write DIR/<assignment>_gradescope.zip for each assignment: Gradescope's autograder archive, "
                    "whose run_autograder grades one submission with this grader and writes results.json (a test "
                    "per graded cell; the hidden tests' results shown after publishing). It holds the source "
                    "notebook with its hidden tests: upload it to Gradescope only, never give it to students.")
    gradescope.add_argument("folder", type=Path, metavar="DIR", help="where to write the archives")
    gradescope.add_argument("--assignment", action="append", dest="assignments", metavar="A",
                            help="this assignment (repeatable; default: all)")
    _course_option(gradescope)

    sample = commands.add_parser("sample", help="grade the bundled sample class")
    _grading_options(sample)

    held = "; ".join(f"{a} only when named: {why}" for a, why in HELD_BACK.items())
    release = commands.add_parser(
        "release", help="write the student course into a folder or a zip",
        description="Write a self-contained student course: exercises/ (00_index and the released notebooks), the "
                    "course package, pyproject.toml, environment.yml, README.md, course.sh and LICENSE; nothing "
                    "of solutions/, tests/, benchmarks/ or the grader. A folder that holds a previous release keeps "
                    "the notebooks released there and gets the ones asked for, so notebooks can be released one at "
                    f"a time. Held back: {held}.")
    release.add_argument("folder", type=Path, nargs="?", metavar="DIR",
                         help="where to write the release (new, empty, or a previous release)")
    release.add_argument("--assignment", action="append", dest="assignments", metavar="A",
                         help="release this assignment (repeatable; default: all in course order but "
                              f"{', '.join(HELD_BACK)}); 00_index is always released")
    release.add_argument("--zip", type=Path, dest="zip_file", metavar="FILE",
                         help="also (or only) write the same tree as a zip, in a folder named after FILE (for an LMS)")
    _course_option(release)

    site = commands.add_parser(
        "site", help="build the course site (Jupyter Book 2, static HTML) from the student notebooks",
        description="Build the course site from exercises/ (every NN_topic/NN_topic.ipynb there), NOTATION.md and "
                    "a page that links to the student release (bundled as a zip): static HTML, maths typeset. "
                    "Without --figures the notebooks are shown as students get them (text, maths, code stubs); "
                    "--figures runs them with the reference answers first and keeps the outputs of the cells "
                    "students see (never a solution cell's code or output, never a hidden test).")
    site.add_argument("--figures", nargs="*", default=None, metavar="A",
                      help="run these notebooks (default with no name: all; slow, notebooks 4-7 train networks) "
                           "for their figures")
    site.add_argument("--output", type=Path, default=None, metavar="DIR",
                      help="where the HTML goes (default: _site/ in the course; replaced)")
    site.add_argument("--release-url", default=None, metavar="URL",
                      help="link to this published release instead of bundling the zip in the site")
    site.add_argument("--base-url", default="", metavar="PATH",
                      help="the path the site is served under, e.g. /backprop-course for a project page")
    _course_option(site)
    return parser


def _course_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--course", type=Path, default=None, metavar="FOLDER",
                        help="the course's folder, which holds solutions/ and exercises/ (default: $COURSE_ROOT, "
                             "else the current folder or the nearest one above it with solutions/)")


def _grading_options(parser: argparse.ArgumentParser) -> None:
    _course_option(parser)
    parser.add_argument("--class-dir", type=Path, default=None,
                        help="where the gradebook, feedback and grade table go (default: grading/ in the course)")
    parser.add_argument("--assignment", action="append", dest="assignments",
                        help="grade only this assignment (repeatable; default: all)")
    parser.add_argument("--no-feedback", action="store_true", help="skip the HTML feedback")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="notebooks executed at once (default: the number of CPUs, %(default)s)")
    parser.add_argument("--force", action="store_true",
                        help="grade again what was already graded (default: resume, skipping it)")
    parser.add_argument("--require-sandbox", action="store_true",
                        help="refuse to grade unless each kernel runs in the bubblewrap sandbox "
                             "(default: warn and apply the resource limits alone)")
    parser.add_argument("--cell-timeout", type=int, default=None, metavar="SECONDS",
                        help="wall-clock seconds a cell may run (default: c.Execute.timeout of "
                             "autograder/nbgrader_config.py)")
    parser.add_argument("--notebook-timeout", type=int, default=Limits.notebook_timeout, metavar="SECONDS",
                        help="wall-clock seconds a whole notebook may run (default: %(default)s)")
    parser.add_argument("--memory-mb", type=int, default=Limits.memory_mb, metavar="MB",
                        help="address space of each kernel (default: %(default)s)")
    parser.add_argument("--run-every-cell", action="store_true",
                        help="run the cells that grade nothing too (demonstrations, timings, figures: tagged "
                             "skip-when-grading in the source notebooks; default: skip them)")
    parser.add_argument("--dask", nargs="?", const="local", default=None, metavar="ADDRESS",
                        help="execute notebooks on dask.distributed: alone, on a LocalCluster of --workers processes "
                             "on 127.0.0.1; with tcp://host:port, on that scheduler's workers (which must see the "
                             "class folder at the same path; start them with --nthreads 1)")


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    try:
        course = notebooks.Course.find(args.course)
    except notebooks.NotACourse as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.command == "generate":
        return _generate(args, course)
    if args.command == "release":
        return _release(args, course)
    if args.command == "export":
        return _export(args, course)
    if args.command == "gradescope":
        return _gradescope(args, course)
    if args.command == "site":
        return _site(args, course)
    return _grade(args, course)


def _generate(args, course: notebooks.Course) -> int:
    from autograder.grading import generate_exercises

    start = time.perf_counter()
    ids = args.assignments or course.assignments(include_index=True)
    generate_exercises(course, ids)
    print(f"wrote {len(ids)} student notebook(s) to {os.path.relpath(course.exercises)}/ "
          f"in {time.perf_counter() - start:.1f} s")
    return 0


def _release(args, course: notebooks.Course) -> int:
    from autograder import release

    if args.folder is None and args.zip_file is None:
        print("error: give a folder to write the release into, or --zip FILE, or both", file=sys.stderr)
        return 2
    try:
        already = release.released_in(args.folder) if args.folder is not None else []
        assignments = release.selected(course, args.assignments, already)
        tree = release.files(course, assignments)
    except release.ReleaseRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    where = []
    if args.folder is not None:
        release.write_folder(tree, args.folder)
        where.append(f"{args.folder}/")
    if args.zip_file is not None:
        release.write_zip(tree, args.zip_file)
        where.append(str(args.zip_file))
    graded = [a for a in assignments if a != notebooks.INDEX]
    held = [a for a in release.HELD_BACK if a in course.assignments() and a not in assignments]
    print(f"released 00_index and {len(graded)} notebook(s) ({', '.join(graded) or 'none'}) to "
          f"{' and '.join(where)}: {len(tree)} files"
          + "".join(f"; held back: {a} ({release.HELD_BACK[a]}; add --assignment {a})" for a in held))
    return 0


def _site(args, course: notebooks.Course) -> int:
    from autograder import site

    try:
        built = site.build(course, args.output, args.figures, release_url=args.release_url, base_url=args.base_url)
    except site.SiteRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    figures = f" with the figures of {', '.join(built.executed)}" if built.executed else " (no notebook run)"
    print(f"built the course site{figures}: {len(built.pages)} pages in {built.seconds:.1f} s")
    print(f"serve it to look at it (its links start at {args.base_url or '/'}): "
          f"python -m http.server -d {built.output} 8000")
    return 0


def _zip_default() -> str:
    from autograder.lms import ZIP_NAME

    return ZIP_NAME


def _lms_options_problem(args) -> str | None:
    """Why the LMS options of ``grade`` do not go together, or None."""
    if args.lms is not None:
        if len(args.assignments or []) != 1:
            return f"--lms {args.lms} needs exactly one --assignment (a download holds one assignment)"
        if args.zip_pattern:
            return "--zip-pattern is for a zip of one's own names, not with --lms"
        source = args.zip_file or args.submitted
        if not (source.is_file() if args.zip_file is not None else source.is_dir()):
            return f"{source} is not a {'file' if args.zip_file is not None else 'folder'}"
    elif args.roster is not None:
        return "--roster goes with --lms canvas|moodle"
    if args.due is not None and len(args.assignments or []) != 1:
        return "--due needs exactly one --assignment"
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(args.timezone)
    except (ValueError, LookupError):
        return f"--timezone {args.timezone}: not a time zone (an IANA name such as 'Europe/Berlin' or 'UTC')"
    return None


def _collect_download(args, grader) -> bool:
    """Collect a Canvas or Moodle download into the class folder and say what was collected, skipped, decided."""
    from datetime import timezone

    from autograder.lms import ZipRefused, collect_download
    from autograder.results import printable
    from autograder.roster import Roster, RosterError

    assignment, source = args.assignments[0], args.zip_file or args.submitted
    try:
        roster = Roster.read(args.roster) if args.roster is not None else None
        due = grader.due_date(assignment)  # --due was recorded already
        if due is not None:
            grader.set_due_date(assignment, due)
            due = due.replace(tzinfo=timezone.utc)  # nbgrader's are in UTC
        plan = collect_download(source, grader, assignment, args.lms, roster, due, args.timezone)
    except (ZipRefused, RosterError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return False
    print(f"collected {len(plan.submissions)} notebook(s) of {assignment} from {args.lms.capitalize()}'s download "
          f"{source} into {grader.submitted}/<student>/{assignment}/"
          + (f" (due {due:%Y-%m-%d %H:%M} UTC)" if due is not None else " (no due date)"))
    for line in plan.notes:
        print(f"note: {printable(line)}")
    for line in plan.skipped:
        print(f"skipped: {printable(line)}", file=sys.stderr)
    if not plan.submissions:
        print(f"error: no notebook of {assignment} in {source}", file=sys.stderr)
        return False
    return True


def _late_lines(class_dir: Path, assignments: list[str]) -> list[str]:
    """A line for each submission handed in after its due date: when, and its raw and final score."""
    from autograder.export import ExportRefused, grades, points

    lines = []
    for assignment in assignments:
        try:
            table = grades(class_dir, assignment)
        except ExportRefused:
            continue
        for grade in table.values():
            if grade.timestamp and grade.duedate and grade.timestamp > grade.duedate and grade.raw is not None:
                hours = (grade.timestamp - grade.duedate).total_seconds() / 3600
                lines.append(f"late: {grade.student}/{assignment} handed in {hours:.1f} h after the due date: raw "
                             f"{points(grade.raw, 1, None)}, penalty {points(grade.penalty, 1, None)}, final "
                             f"{points(grade.final, 1, None)}/{grade.max_score:g}")
    return lines


def _export(args, course: notebooks.Course) -> int:
    from autograder import export
    from autograder.lms import read_lms_record
    from autograder.roster import Roster, RosterError

    class_dir = (args.class_dir or course.root / "grading").resolve()
    assignments = args.assignments or [a for a in course.assignments()
                                       if read_lms_record(class_dir, a).get("lms") == args.lms]
    if not assignments:
        print(f"error: nothing in {class_dir} was collected from {args.lms.capitalize()} "
              f"(grade --lms {args.lms} first)", file=sys.stderr)
        return 2
    one = args.feedback or args.lms == "moodle"
    if one and len(assignments) != 1:
        print(f"error: {'the feedback bundle' if args.feedback else 'a Moodle worksheet'} is of one assignment: "
              f"give --assignment (collected: {', '.join(assignments)})", file=sys.stderr)
        return 2
    columns = dict(c.split("=", 1) for c in args.column if "=" in c)
    if len(columns) != len(args.column):
        print("error: --column takes ASSIGNMENT=NAME", file=sys.stderr)
        return 2
    kind = "feedback.zip" if args.feedback else "grades.csv"
    output = args.output or class_dir / "exports" / f"{args.lms}_{'_'.join(assignments) if one else 'all'}_{kind}"
    try:
        roster = Roster.read(args.roster) if args.roster is not None else None
        if args.feedback:
            write = export.canvas_feedback_zip if args.lms == "canvas" else export.moodle_feedback_zip
            path, left_out = write(class_dir, assignments[0], output)
        elif args.lms == "canvas":
            path, left_out = export.canvas_csv(class_dir, assignments, output, roster, columns, args.out_of)
        else:
            path, left_out = export.moodle_worksheet(class_dir, assignments[0], output, roster, args.out_of)
    except (export.ExportRefused, RosterError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for line in left_out:
        print(f"left out: {line}", file=sys.stderr)
    what = "feedback bundle" if args.feedback else {"canvas": "gradebook import CSV",
                                                    "moodle": "grading worksheet"}[args.lms]
    print(f"wrote {args.lms.capitalize()}'s {what} of {', '.join(assignments)}: {path}")
    return 0


def _gradescope(args, course: notebooks.Course) -> int:
    from autograder import gradescope

    try:
        for assignment in args.assignments or course.assignments():
            path = gradescope.write_archive(course, assignment, args.folder)
            print(f"wrote Gradescope's autograder archive of {assignment}: {path}")
    except gradescope.GradescopeRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def announce_sandbox(limits) -> bool:
    """Say loudly what holds each submission's kernel; False if a required sandbox is missing."""
    from autograder import sandbox

    status = sandbox.sandbox_status(limits)
    if status["sandbox"] is not None:
        print(sandbox.sandbox_summary(status), flush=True)
        return True
    if limits.require_sandbox:
        print(f"error: --require-sandbox: no sandbox here ({status['reason']}); nothing was graded.\n"
              "Install bubblewrap (apt-get install bubblewrap), or grade without --require-sandbox "
              "to apply the resource limits alone.", file=sys.stderr, flush=True)
        return False
    sandbox.warn_once(status, sys.stderr)
    return True


def _grade(args, course: notebooks.Course) -> int:
    from tqdm import tqdm

    from autograder.grading import ClassGrader, configured_cell_timeout
    from autograder.lms import ZipRefused, collect_zip, copy_submissions
    from autograder.results import grade_table, printable, write_results
    from autograder.sample_class import write_sample_class

    start = time.perf_counter()
    if args.dask not in (None, "local") and "://" not in args.dask:
        print(f"error: --dask {args.dask}: a scheduler's address looks like tcp://host:port "
              "(put --dask after the folder of submissions, or alone for a LocalCluster)", file=sys.stderr)
        return 2
    cell_timeout = args.cell_timeout if args.cell_timeout is not None else configured_cell_timeout()
    limits = Limits(require_sandbox=args.require_sandbox, cell_timeout=cell_timeout,
                    notebook_timeout=args.notebook_timeout, memory_mb=args.memory_mb)
    if not announce_sandbox(limits):
        return 3
    if args.command == "grade":
        if (args.submitted is None) == (args.zip_file is None):
            print("error: give either a folder of submissions or --zip (not both)", file=sys.stderr)
            return 2
        if args.zip_file is not None and len(args.assignments or []) != 1:
            print("error: --zip needs exactly one --assignment (an LMS zip holds one assignment)", file=sys.stderr)
            return 2
        problem = _lms_options_problem(args)
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 2
    try:
        grader = ClassGrader(args.class_dir or course.root / "grading", workers=args.workers, limits=limits,
                             dask=args.dask, run_every_cell=args.run_every_cell, course=course,
                             late_penalty=getattr(args, "late_penalty", None))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.command == "grade" and args.due is not None:
        from autograder.lms import parse_time

        try:
            grader.set_due_date(args.assignments[0], parse_time(args.due, args.timezone))
        except ValueError as exc:
            print(f"error: --due: {exc}", file=sys.stderr)
            return 2
    if args.command == "sample":
        write_sample_class(course, grader.submitted, args.assignments)
    elif args.lms is not None:
        if not _collect_download(args, grader):
            return 2
    elif args.zip_file is not None:
        if not args.zip_file.is_file():
            print(f"error: {args.zip_file} is not a file", file=sys.stderr)
            return 2
        try:
            students = collect_zip(args.zip_file, grader, args.assignments[0],
                                   **({"pattern": args.zip_pattern} if args.zip_pattern else {}))
        except ZipRefused as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"collected {len(students)} notebook(s) of {args.assignments[0]} from {args.zip_file} "
              f"into {grader.submitted}/<student>/{args.assignments[0]}/")
    else:
        if not args.submitted.is_dir():
            print(f"error: {args.submitted} is not a folder of submissions", file=sys.stderr)
            return 2
        for reason in copy_submissions(args.submitted, grader):
            print(f"refused: {reason}", file=sys.stderr)
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
    late = _late_lines(grader.class_dir, sorted({r.assignment for r in results}))
    for line in late:
        print(line)
    if late:
        print()
    print(f"graded {len(results)} notebook(s) in {time.perf_counter() - start:.1f} s")
    if grader.dask_description:
        print(f"executed on {grader.dask_description}")
    print(f"grade table: {csv_path}")
    print(f"per-test results and messages: {json_path}")
    if not args.no_feedback:
        print(f"feedback: {grader.class_dir / 'feedback'}/<student>/<assignment>/")
    failed = [r for r in results if r.error]
    for r in failed:
        print(f"NOT GRADED {printable(r.student)}/{r.assignment}: {printable(r.error)}", file=sys.stderr)
    no_page = [r for r in results if r.feedback_error]
    for r in no_page:
        print(f"NO FEEDBACK PAGE {printable(r.student)}/{r.assignment} (its grade stands): "
              f"{printable(r.feedback_error)}", file=sys.stderr)
    return 1 if failed or no_page else 0
