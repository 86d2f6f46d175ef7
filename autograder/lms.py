"""LMS input: a folder of ``<student>/<assignment>/`` submissions or an LMS zip, collected into a class folder.

``grader`` below is the class's ``grading.ClassGrader`` (its folder, config and course are read).
"""

from __future__ import annotations

import copy
import logging
import re
import shutil
from pathlib import Path

from autograder import notebooks
from autograder.nbgrader_course import check, nbgrader_api
from autograder.results import printable

_STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.@+_-]*")  # also what a pattern of one's own must give: a folder name


def student_id_problem(name: str) -> str | None:
    """Why ``name`` cannot be a student id (a folder name of letters, digits and ``. @ + _ -``), or None."""
    if not _STUDENT_ID.fullmatch(name):
        return (f"{printable(name)!r} is not a student id: a letter or digit first, then letters, digits, "
                "'.', '@', '+', '_' or '-'")
    return None


def copy_submissions(source: Path, grader) -> list[str]:
    """Copy an nbgrader ``<student>/<assignment>/`` tree into the class's ``submitted/``.

    A folder whose name is not a student id is left out, before anything is
    written or enrolled; returns why each one was.
    """
    source = Path(source).resolve()
    folders = sorted(p for p in source.iterdir() if p.is_dir())
    refused = [f"{problem}: folder left out" for p in folders if (problem := student_id_problem(p.name))]
    if source == grader.submitted.resolve():
        return refused
    for student_dir in folders:
        if student_id_problem(student_dir.name) is None:
            shutil.copytree(student_dir, grader.submitted / student_dir.name, dirs_exist_ok=True, symlinks=True)
    return refused


# An LMS download, one notebook per student: "<student>_<anything>_<assignment>.ipynb", as Canvas names them
# ("lovelace_4711_99_01_chain_rule.ipynb", "lovelace_01_chain_rule-1.ipynb" for a second attempt). The
# student id starts with a letter or digit and holds no "_" or "/"; the file may sit in folders of the zip.
ZIP_NAME = r"(?P<student_id>[A-Za-z0-9][A-Za-z0-9.@+-]*)_(?:.*_)?(?P<file_id>{assignment})(?:-\d+)?\.ipynb"


class ZipRefused(ValueError):
    """An LMS zip that is not collected: nothing of it was written to the class folder."""


def _zip_regexp(pattern: str, assignment: str) -> str:
    """nbgrader's FileNameCollector.named_regexp: ``pattern`` matched against a file's whole base name.

    (nbgrader matches it against the extracted file's absolute path.)
    """
    regexp = r"^(?:.*/)?(?:" + pattern.replace("{assignment}", re.escape(assignment)) + r")$"
    try:
        groups = re.compile(regexp).groupindex
    except re.error as exc:
        raise ZipRefused(f"the file-name pattern is not a regular expression ({exc}): {pattern}") from None
    if not {"student_id", "file_id"} <= set(groups):
        raise ZipRefused(f"the file-name pattern needs the named groups student_id and file_id: {pattern}")
    return regexp


def _check_zip(zip_path: Path, assignment: str, regexp: str) -> dict[str, str]:
    """``{entry: student}`` for every file in the zip, or ZipRefused listing every entry that is not a submission."""
    import stat
    import zipfile

    try:
        archive = zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ZipRefused(f"{zip_path} is not a zip file ({exc})") from None
    unsafe, unmatched, students = [], [], {}
    with archive:
        for info in archive.infolist():
            name = info.filename
            parts = name.replace("\\", "/").split("/")
            if (name.startswith("/") or "\\" in name or ".." in parts or ":" in parts[0]
                    or stat.S_ISLNK(info.external_attr >> 16)):
                unsafe.append(name)
                continue
            if info.is_dir():
                continue
            match = re.match(regexp, name)
            if (match is None or (match.group("file_id") or "").removesuffix(".ipynb") != assignment
                    or not _STUDENT_ID.fullmatch(match.group("student_id") or "")):
                unmatched.append(name)
                continue
            students[name] = match.group("student_id")
    problems = []
    if unsafe:
        problems.append("entries that would be written outside the class folder (absolute paths, '..', links): "
                        + ", ".join(repr(n) for n in unsafe))
    if unmatched:
        problems.append(f"entries that match no student's {assignment} notebook (expected names like "
                        f"'<student>_<anything>_{assignment}.ipynb'): " + ", ".join(repr(n) for n in unmatched))
    by_student: dict[str, list[str]] = {}
    for name, student in students.items():
        by_student.setdefault(student, []).append(name)
    twice = {student: names for student, names in by_student.items() if len(names) > 1}
    if twice:
        problems.append("several notebooks for one student: "
                        + "; ".join(f"{student}: {', '.join(names)}" for student, names in sorted(twice.items())))
    if not students and not problems:
        problems.append("it holds no notebook")
    if problems:
        raise ZipRefused(f"{zip_path.name} refused, nothing collected: " + "; ".join(problems))
    return students


def collect_zip(zip_path: Path, grader, assignment: str, pattern: str = ZIP_NAME) -> list[str]:
    """Collect an LMS zip of ``assignment``'s notebooks into ``submitted/<student>/<assignment>/``.

    nbgrader's ZipCollect app does the work (its ExtractorPlugin and FileNameCollectorPlugin,
    with ``pattern`` as the collector's ``named_regexp``), in ``downloaded/<assignment>/``
    of the class folder. The zip is checked first: an entry that would land outside the
    class folder, or that matches no student, refuses the whole zip before anything is written.
    A student's earlier submission of the assignment is replaced. Returns the students collected.
    """
    from nbgrader.apps.zipcollectapp import ZipCollectApp
    from nbgrader.utils import capture_log, temp_attrs

    zip_path = Path(zip_path).resolve()
    if assignment not in grader.course.assignments():
        raise ZipRefused(f"no assignment {assignment!r} (there are: {', '.join(grader.course.assignments())})")
    regexp = _zip_regexp(pattern, assignment)
    students = _check_zip(zip_path, assignment, regexp)

    downloaded = grader.class_dir / "downloaded" / assignment
    shutil.rmtree(downloaded, ignore_errors=True)
    (downloaded / "archive").mkdir(parents=True)
    shutil.copy(zip_path, downloaded / "archive" / "submissions.zip")
    config = copy.deepcopy(grader.config)
    config.CourseDirectory.release_directory = str(grader.course.exercises)
    config.ZipCollectApp.force = True  # a student who hands in again replaces the earlier notebook
    config.ExtractorPlugin.force = True
    config.FileNameCollectorPlugin.named_regexp = regexp
    config.ZipCollectApp.log_level = logging.ERROR  # its INFO and WARNING lines narrate every file
    api = nbgrader_api(config)
    with temp_attrs(api.coursedir, assignment_id=assignment):
        app = ZipCollectApp(coursedir=api.coursedir, parent=api)
        check(capture_log(app), f"nbgrader zip_collect of {zip_path.name}")
    root = grader.class_dir.resolve()
    for path in (grader.class_dir / "downloaded").rglob("*"):
        if not path.resolve().is_relative_to(root):  # never expected: the zip was checked
            raise ZipRefused(f"{path} points outside the class folder")
    missing = sorted(s for s in set(students.values())
                     if not notebooks.notebook_path(grader.submitted / s, assignment).is_file())
    if missing:
        raise ZipRefused(f"nbgrader zip_collect did not collect {', '.join(missing)}")
    return sorted(set(students.values()))
