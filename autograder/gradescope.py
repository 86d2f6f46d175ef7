"""Gradescope: an autograder archive for one assignment (setup.sh, run_autograder, this grader), and its run.

Gradescope's specification: the archive's ``setup.sh`` and ``run_autograder`` sit at its top; Gradescope
unpacks it into ``/autograder/source/``, runs ``setup.sh`` once when it builds the image, and for each
submission runs ``run_autograder`` with the student's files in ``/autograder/submission/``; the grades go to
``/autograder/results/results.json`` (``score``, ``output``, and ``tests``: each with ``name``, ``number``,
``score``, ``max_score``, ``status``, ``output``, ``visibility``).

The archive holds the grader (``autograder/``, ``course/``, ``pyproject.toml``) and the assignment's source
notebook and files (``solutions/<assignment>/``, its hidden tests included: an autograder archive is the
instructor's, never shown to students) and its student notebook. ``run_autograder`` grades the submission
with ``ClassGrader`` as ``python -m autograder grade`` does (the hidden tests judged in the grader's process,
the kernel sandboxed where bubblewrap works) and writes a test per graded cell; the hidden tests' results and
messages are shown ``after_published``. ``$AUTOGRADER_ROOT`` (default ``/autograder``) and
``$AUTOGRADER_PYTHON`` move the layout, for trying the archive outside Gradescope.
"""

from __future__ import annotations

import argparse
import json
import re
import stat
import sys
import zipfile
from pathlib import Path

from autograder import notebooks

HIDDEN_VISIBILITY = "after_published"  # Gradescope shows these tests once the grades are published
SKIPPED_PARTS = ("__pycache__", ".ipynb_checkpoints")

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image: Python, bubblewrap (the kernels'
# sandbox) and the grader's packages. Everything the grading needs is fetched here, never while grading.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends python3 python3-venv python3-pip bubblewrap util-linux
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install --upgrade pip
/autograder/venv/bin/pip install /autograder/source
{data}# the assignment's records made ahead of time: its hidden tests checked on the reference answers and the
# assignment recorded in the gradebook once, in the image, not again for every submission
cd /autograder/source && /autograder/venv/bin/python -m autograder.gradescope {assignment} --root /autograder --prepare
"""
DATA_FETCH = "cd /autograder/source && /autograder/venv/bin/python -m course.data fetch\n"

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for each submission: the student's files are in $ROOT/submission/, the grades go to
# $ROOT/results/results.json. The grader's own log goes to stdout, which students do not see.
set -uo pipefail
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
PYTHON="${{AUTOGRADER_PYTHON:-$ROOT/venv/bin/python}}"
cd "$ROOT/source"
# the archive's own grader and course package, in the grader and in the students' kernels alike
export PYTHONPATH="$ROOT/source${{PYTHONPATH:+:$PYTHONPATH}}"
exec "$PYTHON" -m autograder.gradescope {assignment} --root "$ROOT"
"""


class GradescopeRefused(ValueError):
    """An archive that cannot be written (an unknown assignment)."""


def archive_files(course: notebooks.Course, assignment: str) -> dict[str, bytes]:
    """``{path in the archive: content}``: setup.sh, run_autograder, the grader and the assignment's sources."""
    if assignment not in course.assignments():
        raise GradescopeRefused(f"no assignment {assignment!r} (there are: {', '.join(course.assignments())})")
    source = course.source(assignment)
    uses_data = "course.data" in source.read_text() or "load_mnist" in source.read_text()
    out = {"setup.sh": SETUP_SH.format(data=DATA_FETCH if uses_data else "", assignment=assignment).encode(),
           "run_autograder": RUN_AUTOGRADER.format(assignment=assignment).encode()}
    for name in ("pyproject.toml", "README.md", "LICENSE"):  # pip reads the readme and licence pyproject names
        if (course.root / name).is_file():
            out[name] = (course.root / name).read_bytes()
    grader = Path(__file__).resolve().parent
    packages = {"autograder": grader, "course": grader.parent / "course"}
    folders = {f"solutions/{assignment}": course.solutions / assignment,
               f"exercises/{assignment}": course.exercises / assignment}
    for prefix, folder in {**packages, **folders}.items():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not any(part in SKIPPED_PARTS for part in path.parts) and path.suffix != ".pyc":
                out[f"{prefix}/{path.relative_to(folder).as_posix()}"] = path.read_bytes()
    return out


def write_archive(course: notebooks.Course, assignment: str, folder: Path) -> Path:
    """Write ``<folder>/<assignment>_gradescope.zip`` (scripts executable, as Gradescope runs them)."""
    files = archive_files(course, assignment)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{assignment}_gradescope.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            mode = 0o755 if name in ("setup.sh", "run_autograder") else 0o644
            info.external_attr = (stat.S_IFREG | mode) << 16
            archive.writestr(info, content)
    return path


def find_notebook(submission: Path, assignment: str) -> tuple[Path | None, str]:
    """The student's notebook of ``assignment`` in the submission folder (a renamed copy, "(1)" or "-Copy1",
    will do; of several the newest), or None and why not."""
    from autograder.lms import notebook_name

    files = [p for p in sorted(submission.rglob("*")) if not any(part in SKIPPED_PARTS for part in p.parts)]
    links = [p.name for p in files if p.is_symlink()]
    if links:
        return None, f"your submission holds symbolic links ({', '.join(links[:5])}): hand in plain files"
    found = [p for p in files if p.is_file() and re.fullmatch(notebook_name(assignment), p.name)]
    if not found:
        others = [p.name for p in files if p.suffix == ".ipynb"]
        return None, (f"no notebook named {assignment}.ipynb in your submission"
                      + (f" (it holds {', '.join(others[:5])})" if others else ""))
    return max(found, key=lambda p: (p.stat().st_mtime, p.name)), ""


def results_json(result) -> dict:
    """Gradescope's results.json of one graded ``SubmissionResult``: a test per graded cell."""
    if result.error:
        return {"score": 0.0, "output": f"Your notebook could not be graded: {result.error}", "tests": []}
    tests = []
    for number, cell in enumerate(result.cells, start=1):
        tests.append({
            "name": cell.grade_id, "number": str(number), "score": cell.points, "max_score": cell.max_points,
            "status": "passed" if cell.points >= cell.max_points else "failed",
            "output": cell.message or "Passed.", "visibility": HIDDEN_VISIBILITY,
        })
    return {"score": result.score, "output": f"Graded: {len(tests)} tests, {result.max_score:g} points; their "
                                             "results appear when the grades are published.",
            "stdout_visibility": "hidden", "tests": tests}


def prepare(assignment: str, root: Path) -> None:
    """Check the hidden tests and record the assignment in ``root/grading``'s gradebook (``setup.sh`` runs it)."""
    from autograder.grading import ClassGrader

    ClassGrader(Path(root) / "grading", workers=1, course=notebooks.Course(Path(root) / "source")).prepare(assignment)


def run(assignment: str, root: Path) -> dict:
    """Grade ``root/submission``'s notebook of ``assignment`` and write ``root/results/results.json``."""
    import shutil

    from autograder.cli import announce_sandbox
    from autograder.grading import ClassGrader
    from autograder.sandbox import Limits

    root = Path(root)
    results_path = root / "results" / "results.json"
    results_path.parent.mkdir(parents=True, exist_ok=True)
    notebook, why_not = find_notebook(root / "submission", assignment)
    if notebook is None:
        results = {"score": 0.0, "output": f"Not graded: {why_not}.", "tests": []}
    else:
        limits = Limits()
        announce_sandbox(limits)
        course = notebooks.Course(root / "source")
        grader = ClassGrader(root / "grading", workers=1, limits=limits, course=course)
        target = notebooks.notebook_path(grader.submitted / "student", assignment)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(notebook, target)
        [result] = grader.grade_all([("student", assignment)], feedback=False, force=True)
        results = results_json(result)
    results_path.write_text(json.dumps(results, indent=1))
    print(json.dumps({k: v for k, v in results.items() if k != "tests"}))
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.gradescope",
                                     description="grade a Gradescope submission (run_autograder calls this)")
    parser.add_argument("assignment")
    parser.add_argument("--root", type=Path, default=Path("/autograder"))
    parser.add_argument("--prepare", action="store_true",
                        help="only check the hidden tests and record the assignment (the image's set-up does this)")
    args = parser.parse_args(argv)
    if args.prepare:
        prepare(args.assignment, args.root)
    else:
        run(args.assignment, args.root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
