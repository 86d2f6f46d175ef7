"""LMS input: a folder of ``<student>/<assignment>/`` submissions, an LMS zip, or a Canvas or Moodle download
(a zip or a folder), collected into a class folder.

``grader`` below is the class's ``grading.ClassGrader`` (its folder, config and course are read).
"""

from __future__ import annotations

import contextlib
import copy
import logging
import re
import shutil
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from pathlib import Path

from autograder import notebooks
from autograder.nbgrader_course import check, nbgrader_api
from autograder.results import printable
from autograder.roster import Roster

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


def unsafe_entry(name: str, is_link: bool) -> bool:
    """Whether an archive entry would be written outside the folder it is extracted into, or is a link."""
    parts = name.replace("\\", "/").split("/")
    return name.startswith("/") or "\\" in name or ".." in parts or ":" in parts[0] or is_link


def unsafe_problem(unsafe: list[str]) -> str:
    return ("entries that would be written outside the class folder (absolute paths, '..', links): "
            + ", ".join(repr(n) for n in unsafe))


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
            if unsafe_entry(name, stat.S_ISLNK(info.external_attr >> 16)):
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
        problems.append(unsafe_problem(unsafe))
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


# ---------------------------------------------------------------------------- Canvas and Moodle downloads
#
# Canvas names each file "<login>[_late]_<user id>_<submission id>_<file name>" ("lovelaceada_late_4711_99_
# 01_chain_rule.ipynb"; an old download has no submission id); Moodle puts each submission in a folder
# "<Full name>_<participant number>_assignsubmission_file_/" (or prefixes each file with it, without the "/").
# A browser or Jupyter renames a copy "01_chain_rule (1).ipynb" or "01_chain_rule-Copy1.ipynb", Canvas a second
# upload of one name "01_chain_rule-1.ipynb": all are the student's notebook of the assignment.

LMS_FORMATS = ("canvas", "moodle")
_RENAMED = r"(?:\s?\(\d+\)|-Copy\d*|-\d+)*"
_CANVAS = r"(?P<login>[^_/]+?)(?P<late>_late)?_(?P<lms_id>\d+)(?:_(?P<submission_id>\d+))?_"
_MOODLE_FOLDER = r"(?P<name>.+)_(?P<lms_id>\d+)_assignsubmission_(?P<plugin>[a-z]+)_"


def notebook_name(assignment: str) -> str:
    """The file names of an assignment's notebook, renamed copies included, as a regular expression."""
    return re.escape(assignment) + _RENAMED + r"\.ipynb"


def parse_time(text: str, timezone: str = "UTC") -> datetime:
    """A date and time as ISO 8601 ("2026-12-01 17:00", "2026-12-01T17:00:00+01:00"), in UTC.

    A time without an offset is read in ``timezone`` (an IANA name such as "Europe/Berlin").
    """
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {timezone!r} (an IANA name such as 'Europe/Berlin' or 'UTC')") from None
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a date and time like '2026-12-01 17:00' or "
                         "'2026-12-01T17:00:00+01:00'") from None
    return (when if when.tzinfo else when.replace(tzinfo=zone)).astimezone(dt_timezone.utc)


@dataclass
class LmsSubmission:
    """One student's notebook of an LMS download, and who the LMS says handed it in."""

    student_id: str  # the safe id it is collected and graded under
    entry: str  # its path in the download
    lms: str  # "canvas" or "moodle"
    lms_id: str  # Canvas's user id; Moodle's participant number (its worksheet's "Participant <number>")
    prefix: str  # the download's name for the student ("lovelaceada_4711_99_", "Ada Lovelace_12345_..._file_")
    timestamp: str  # when it was handed in, ISO 8601 in UTC (what timestamp.txt holds)
    name: str = ""  # the full name, from Moodle's folder or the roster
    email: str = ""
    late_marker: bool = False  # Canvas's "_late" in the file name


@dataclass
class DownloadPlan:
    """What collecting a download does: the notebooks collected, the entries skipped, and what was decided."""

    submissions: list[LmsSubmission] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "<entry>: why"
    notes: list[str] = field(default_factory=list)  # two notebooks of one student, lateness decided, ids made


@dataclass(frozen=True)
class _Entry:
    name: str  # the path in the download, "/"-separated
    when: datetime  # its time stamp, in UTC
    is_link: bool


def _download_entries(source: Path, timezone: str) -> list[_Entry]:
    """Every file of a zip or a folder. A zip's times carry no time zone: they are read in ``timezone``."""
    import stat
    import zipfile
    from zoneinfo import ZoneInfo

    if source.is_dir():
        entries = []
        for path in sorted(source.rglob("*")):
            if path.is_dir() and not path.is_symlink():
                continue
            when = datetime.fromtimestamp(path.lstat().st_mtime, tz=dt_timezone.utc)
            entries.append(_Entry(path.relative_to(source).as_posix(), when, path.is_symlink()))
        return entries
    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ZipRefused(f"{source} is not a zip file ({exc})") from None
    zone = ZoneInfo(timezone)
    with archive:
        return [_Entry(info.filename, datetime(*info.date_time, tzinfo=zone).astimezone(dt_timezone.utc),
                       stat.S_ISLNK(info.external_attr >> 16))
                for info in archive.infolist() if not info.is_dir()]


def _identify(entry: _Entry, lms: str, assignment: str) -> dict | None:
    """What the LMS's names say of an entry: {lms_id, prefix, name, login, late}, or None if it is no notebook
    of ``assignment`` handed in by a student."""
    notebook = notebook_name(assignment)
    base = entry.name.rsplit("/", 1)[-1]
    if lms == "canvas":
        match = re.fullmatch(_CANVAS + notebook, base, flags=re.IGNORECASE)
        if match is None:
            return None
        prefix = base[:match.end("lms_id")] + (f"_{match['submission_id']}" if match["submission_id"] else "") + "_"
        return {"lms_id": match["lms_id"], "prefix": prefix, "name": "", "login": match["login"],
                "late": bool(match["late"])}
    parts = entry.name.split("/")
    for part in parts[:-1]:
        folder = re.fullmatch(_MOODLE_FOLDER, part)
        if folder is not None:
            if folder["plugin"] != "file" or not re.fullmatch(notebook, base):
                return None
            return {"lms_id": folder["lms_id"], "prefix": part, "name": folder["name"], "login": "", "late": False}
    flat = re.fullmatch(r"(?P<prefix>(?P<name>.+)_(?P<lms_id>\d+)_assignsubmission_file_)" + notebook, base)
    if flat is None:
        return None
    return {"lms_id": flat["lms_id"], "prefix": flat["prefix"], "name": flat["name"], "login": "", "late": False}


def plan_download(source: Path, assignment: str, lms: str, roster: Roster | None = None,
                  due: datetime | None = None, timezone: str = "UTC") -> DownloadPlan:
    """Decide what collecting a Canvas or Moodle download (a zip or a folder) of ``assignment`` does.

    An entry that would be written outside the class folder, or a link, refuses the whole download
    (ZipRefused). An entry that is no notebook of the assignment, or (with a roster) whose student is not
    on it, is skipped and listed. Each student gets a safe id: the roster's, else one made from the name
    (Canvas: its login and user id, ``lovelaceada-4711``; Moodle: the full name, ``ada-lovelace``). Of two
    notebooks of one student the latest by the download's time stamp is collected. The time handed in is
    the time stamp; with a due date, Canvas's late marker decides lateness (a marked file is recorded one
    second after the due date if its time stamp is not later; an unmarked one at the due date if it is).
    """
    from autograder.roster import safe_id

    if lms not in LMS_FORMATS:
        raise ZipRefused(f"unknown LMS {lms!r} (known: {', '.join(LMS_FORMATS)})")
    entries = _download_entries(Path(source), timezone)
    unsafe = [e.name for e in entries if unsafe_entry(e.name, e.is_link)]
    if unsafe:
        raise ZipRefused(f"{Path(source).name} refused, nothing collected: {unsafe_problem(unsafe)}")
    plan = DownloadPlan()
    found = []
    for entry in entries:
        who = _identify(entry, lms, assignment)
        if who is None:
            plan.skipped.append(f"{entry.name}: not a notebook of {assignment} in {lms.capitalize()}'s names")
            continue
        person = roster.find(who["lms_id"], who["name"]) if roster is not None else None
        if roster is not None and person is None:
            plan.skipped.append(f"{entry.name}: {lms.capitalize()} id {who['lms_id']}"
                                + (f" ({who['name']})" if who["name"] else "") + " is on no row of the roster")
            continue
        if person is not None:
            student, name, email = person.student_id, person.name or who["name"], person.email
        elif lms == "canvas":
            student, name, email = f"{safe_id(who['login'])}-{who['lms_id']}", "", ""
        else:
            student, name, email = safe_id(who["name"]), who["name"], ""
        found.append((entry, who, LmsSubmission(
            student_id=student, entry=entry.name, lms=lms, lms_id=who["lms_id"], prefix=who["prefix"],
            timestamp=entry.when.isoformat(), name=name, email=email, late_marker=who["late"])))
    _separate_namesakes(found, plan)
    by_student: dict[str, list] = {}
    for item in found:
        by_student.setdefault(item[2].student_id, []).append(item)
    for student, items in sorted(by_student.items()):
        items.sort(key=lambda item: (item[0].when, item[0].name))
        kept = items[-1]
        if len(items) > 1:
            plan.notes.append(f"{student}: {len(items)} notebooks ({', '.join(repr(i[0].name) for i in items)}); "
                              f"collected the latest by the download's time stamp, {kept[0].name!r} "
                              f"({kept[0].when:%Y-%m-%d %H:%M:%S} UTC)")
        submission = kept[2]
        if due is not None and lms == "canvas":
            _canvas_lateness(submission, kept[0].when, due, plan)
        elif submission.late_marker:
            plan.notes.append(f"{submission.student_id}: late by Canvas's marker, but the assignment has no due "
                              "date: give --due for nbgrader's late penalty")
        problem = student_id_problem(submission.student_id)
        if problem:  # never expected: a made id is letters, digits and '-', a roster's is checked
            raise ZipRefused(f"{kept[0].name}: {problem}")
        plan.submissions.append(submission)
    return plan


def _separate_namesakes(found: list, plan: DownloadPlan) -> None:
    """Two people of one made-up id (two Moodle students named alike) each get their LMS id appended."""
    people: dict[str, set[str]] = {}
    for _, who, submission in found:
        people.setdefault(submission.student_id, set()).add(who["lms_id"])
    for student, ids in people.items():
        if len(ids) > 1:
            for _, who, submission in found:
                if submission.student_id == student:
                    submission.student_id = f"{student}-{who['lms_id']}"
            plan.notes.append(f"{student}: {len(ids)} students of that name (ids {', '.join(sorted(ids))}): "
                              "each id ends with their LMS id (give a roster to name them)")


def _canvas_lateness(submission: LmsSubmission, when: datetime, due: datetime, plan: DownloadPlan) -> None:
    due = due if due.tzinfo else due.replace(tzinfo=dt_timezone.utc)
    if submission.late_marker and when <= due:
        submission.timestamp = (due + timedelta(seconds=1)).isoformat()
        plan.notes.append(f"{submission.student_id}: late by Canvas's marker, its time stamp ({when:%Y-%m-%d %H:%M} "
                          "UTC) is not after the due date: recorded one second after it")
    elif not submission.late_marker and when > due:
        submission.timestamp = due.isoformat()
        plan.notes.append(f"{submission.student_id}: on time by Canvas (no late marker), its time stamp "
                          f"({when:%Y-%m-%d %H:%M} UTC) is after the due date: recorded at the due date")


def collect_download(source: Path, grader, assignment: str, lms: str, roster: Roster | None = None,
                     due: datetime | None = None, timezone: str = "UTC") -> DownloadPlan:
    """Collect a Canvas or Moodle download of ``assignment`` into ``submitted/<student>/<assignment>/``.

    See ``plan_download`` for what is collected. Each notebook is written as ``<assignment>.ipynb``
    (replacing the student's earlier one) with nbgrader's ``timestamp.txt``; the students are
    enrolled in the gradebook with the names and emails known; ``lms/<assignment>.json`` of the class
    folder keeps who each one is to the LMS, for the exports. Nothing is written if the download is refused.
    """
    import json

    if assignment not in grader.course.assignments():
        raise ZipRefused(f"no assignment {assignment!r} (there are: {', '.join(grader.course.assignments())})")
    source = Path(source).resolve()
    import zipfile

    plan = plan_download(source, assignment, lms, roster, due, timezone)
    with contextlib.ExitStack() as stack:
        archive = None if source.is_dir() else stack.enter_context(zipfile.ZipFile(source))
        for submission in plan.submissions:
            content = (source / submission.entry).read_bytes() if archive is None else archive.read(submission.entry)
            folder = grader.submitted / submission.student_id / assignment
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            notebooks.notebook_path(grader.submitted / submission.student_id, assignment).write_bytes(content)
            (folder / "timestamp.txt").write_text(submission.timestamp + "\n")
    record_path = lms_record_path(grader.class_dir, assignment)
    record = read_lms_record(grader.class_dir, assignment)
    record["lms"] = lms
    record.setdefault("submissions", {}).update({s.student_id: asdict(s) for s in plan.submissions})
    record_path.parent.mkdir(parents=True, exist_ok=True)
    record_path.write_text(json.dumps(record, indent=1, ensure_ascii=False))
    _enrol(grader.db_url, plan.submissions, roster)
    return plan


def lms_record_path(class_dir: Path, assignment: str) -> Path:
    return Path(class_dir) / "lms" / f"{assignment}.json"


def read_lms_record(class_dir: Path, assignment: str) -> dict:
    """``{"lms": ..., "submissions": {student: LmsSubmission fields}}`` of the assignment's collected download."""
    import json

    path = lms_record_path(class_dir, assignment)
    return json.loads(path.read_text()) if path.is_file() else {}


def _enrol(db_url: str, submissions: list[LmsSubmission], roster: Roster | None) -> None:
    """The students in nbgrader's gradebook, with the names and emails the roster or the LMS gives."""
    from nbgrader.api import Gradebook

    from autograder.roster import split_name

    people = {s.student_id: (s.name, s.email) for s in submissions}
    for person in roster.people if roster is not None else []:
        people[person.student_id] = (person.name, person.email)
    with Gradebook(db_url) as gb:
        for student, (name, email) in people.items():
            first, last = split_name(name)
            details = {k: v for k, v in (("first_name", first), ("last_name", last), ("email", email)) if v}
            gb.update_or_create_student(student, **details)
