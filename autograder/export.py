"""Hand back to the LMS: Canvas's gradebook import CSV, Moodle's offline grading worksheet, and feedback bundles.

What is written comes from the class folder: nbgrader's gradebook (raw score, late penalty, final score,
names and emails), ``state/`` (each test cell's points and message) and ``lms/<assignment>.json``
(who each student is to the LMS, written when the download was collected: ``autograder.lms``).

- Canvas's gradebook import CSV (Grades > Import): the identifying columns ``Student``, ``ID``,
  ``SIS User ID``, ``SIS Login ID``, ``Section``, then one column per assignment, and the
  ``Points Possible`` row Canvas's own export has. Canvas matches a row by ``ID`` (its user id).
- Moodle's offline grading worksheet (Assignment > "Upload grading worksheet"): its download's columns,
  ``Identifier`` ("Participant <number>"), ``Full name``, ``Email address``, ``Status``, ``Grade``,
  ``Maximum Grade``, ``Grade can be changed``, ``Last modified (submission)``, ``Online text``,
  ``Last modified (grade)``, ``Feedback comments``; Moodle matches a row by ``Identifier``.
- Feedback bundles: Moodle's "Upload multiple feedback files in a zip" takes one folder per submission
  named as in its download, ``<Full name>_<number>_assignsubmission_file_/``; Canvas's "Re-upload
  submissions" zip takes one file per student whose name starts as its download's did,
  ``<login>_<user id>_<submission id>_``.
"""

from __future__ import annotations

import csv
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from autograder.lms import read_lms_record
from autograder.results import SubmissionResult, spreadsheet_safe
from autograder.roster import Roster

CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
CANVAS_POINTS_ROW = "    Points Possible"  # as Canvas's own export writes it
MOODLE_COLUMNS = ["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade",
                  "Grade can be changed", "Last modified (submission)", "Online text", "Last modified (grade)",
                  "Feedback comments"]
MOODLE_PARTICIPANT = "Participant "  # Moodle's "hiddenuser" string, which its Identifier column starts with
SUMMARY_CHARS = 2000  # of the feedback comment: the feedback page holds the rest
MESSAGE_CHARS = 160  # of each test's message in it


class ExportRefused(ValueError):
    """An export that cannot be written (nothing collected from that LMS, an unknown assignment)."""


@dataclass
class Grade:
    """One student's grade of one assignment, as the gradebook holds it."""

    student: str
    assignment: str
    raw: float | None  # None: no graded submission
    penalty: float
    max_score: float
    timestamp: datetime | None  # handed in, UTC
    duedate: datetime | None
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    result: SubmissionResult | None = None  # from state/: the cells' points and messages, or why not graded

    @property
    def final(self) -> float | None:
        return None if self.raw is None else max(0.0, self.raw - self.penalty)

    @property
    def graded(self) -> bool:
        return self.raw is not None and (self.result is None or not self.result.error)


def grades(class_dir: Path, assignment: str) -> dict[str, Grade]:
    """Every student's ``Grade`` of ``assignment`` in the class folder's gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    db = Path(class_dir) / "gradebook.db"
    if not db.is_file():
        raise ExportRefused(f"no gradebook in {class_dir}: grade first")
    out = {}
    with Gradebook(f"sqlite:///{db}") as gb:
        try:
            record = gb.find_assignment(assignment)
        except MissingEntry:
            raise ExportRefused(f"{assignment} was never graded in {class_dir}") from None
        for student in gb.students:
            try:
                submission = gb.find_submission(assignment, student.id)
                raw, penalty, when = submission.score, submission.late_submission_penalty, submission.timestamp
            except MissingEntry:
                raw, penalty, when = None, 0.0, None
            out[student.id] = Grade(student.id, assignment, raw, penalty or 0.0, record.max_score, when,
                                    record.duedate, student.first_name or "", student.last_name or "",
                                    student.email or "", _saved_result(class_dir, student.id, assignment))
    return out


def max_score(class_dir: Path, assignment: str) -> float:
    """The assignment's points in the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{Path(class_dir) / 'gradebook.db'}") as gb:
        return gb.find_assignment(assignment).max_score


def _saved_result(class_dir: Path, student: str, assignment: str) -> SubmissionResult | None:
    state = Path(class_dir) / "state" / student / f"{assignment}.json"
    try:
        record = json.loads(state.read_text())
    except (OSError, ValueError):
        return None
    record.pop("digest", None)
    return SubmissionResult.from_dict(record)


def points(value: float | None, max_score: float, out_of: float | None) -> str:
    """A score as the LMS reads it: two decimals at most, scaled to ``out_of`` points if given."""
    if value is None:
        return ""
    if out_of is not None and max_score:
        value = value * out_of / max_score
    return f"{round(value, 2):.2f}".rstrip("0").rstrip(".")


def feedback_summary(grade: Grade, out_of: float | None = None) -> str:
    """A few lines for the LMS's comment: the score, the late penalty, and each test that lost points."""
    if not grade.graded:
        why = grade.result.error if grade.result is not None and grade.result.error else "no submission graded"
        return f"Not graded: {why}"
    scale = f" (scaled to {points(grade.final, grade.max_score, out_of)}/{out_of:g})" if out_of else ""
    lines = [f"Score {points(grade.final, grade.max_score, None)}/{grade.max_score:g}{scale}."]
    if grade.penalty:
        lines.append(f"Handed in late: raw score {points(grade.raw, grade.max_score, None)}, late penalty "
                     f"{points(grade.penalty, grade.max_score, None)}.")
    lost = [c for c in (grade.result.cells if grade.result else []) if c.points < c.max_points]
    for cell in lost:
        message = cell.message if len(cell.message) <= MESSAGE_CHARS else cell.message[:MESSAGE_CHARS - 4] + " ..."
        lines.append(f"{cell.grade_id}: {cell.points:g}/{cell.max_points:g}" + (f": {message}" if message else ""))
    if not lost:
        lines.append("Every test passed.")
    text = "\n".join(lines)
    return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS - 40].rstrip() + " ... (see the feedback file)"


def _lms_submissions(class_dir: Path, assignment: str, lms: str) -> dict[str, dict]:
    record = read_lms_record(class_dir, assignment)
    if record.get("lms") != lms:
        found = f"it was collected from {record['lms']}" if record.get("lms") else "no download of it was collected"
        raise ExportRefused(f"{assignment}: nothing collected from {lms.capitalize()} ({found}; collect it with "
                            f"`grade --lms {lms} --zip DOWNLOAD --assignment {assignment}`)")
    return record["submissions"]


def _write_csv(path: Path, rows: list[list]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        # a lone "-" (Moodle's "never") is no formula
        writer.writerows([[v if v == "-" else spreadsheet_safe(v) for v in row] for row in rows])
    return path


# ---------------------------------------------------------------------------- Canvas

def canvas_csv(class_dir: Path, assignments: list[str], path: Path, roster: Roster | None = None,
               columns: dict[str, str] | None = None, out_of: float | None = None) -> tuple[Path, list[str]]:
    """Write Canvas's gradebook import CSV of ``assignments``; returns it and what was left out, and why.

    ``columns`` names an assignment's column as Canvas does ("Chain rule (123456)", the name and Canvas's
    assignment id), else the column is the assignment id (Canvas then makes a new assignment of it).
    A row is a student of a collected Canvas download (the ID is Canvas's user id); a student with no
    graded submission of an assignment has an empty cell there, which leaves Canvas's grade as it is.
    """
    columns = columns or {}
    submissions = {a: _lms_submissions(class_dir, a, "canvas") for a in assignments}
    table = {a: grades(class_dir, a) for a in assignments}
    canvas_id: dict[str, str] = {}
    for a in assignments:
        for student, record in submissions[a].items():
            canvas_id.setdefault(student, record["lms_id"])
    left_out = []
    header = CANVAS_COLUMNS + [columns.get(a, a) for a in assignments]
    rows = [header, [CANVAS_POINTS_ROW, "", "", "", ""]
            + [f"{out_of if out_of is not None else max_score(class_dir, a):g}" for a in assignments]]
    for student in sorted(canvas_id, key=lambda s: _sortable_name(table, s)):
        person = roster.student(student) if roster is not None else None
        row = [_sortable_name(table, student, person), canvas_id[student],
               person.sis_user_id if person else "", person.sis_login_id if person else "",
               person.section if person else ""]
        for a in assignments:
            grade = table[a].get(student)
            if grade is None or not grade.graded:
                if student in submissions[a]:
                    left_out.append(f"{student} ({a}): not graded, its cell is left empty")
                row.append("")
            else:
                row.append(points(grade.final, grade.max_score, out_of))
        rows.append(row)
    return _write_csv(path, rows), left_out


def _sortable_name(table: dict, student: str, person=None) -> str:
    """"Last, First" as Canvas's Student column shows it (from the roster, else the gradebook), else the id."""
    if person is not None and person.name:
        first, last = person.first_last
    else:
        known = next((g[student] for g in table.values() if student in g), None)
        first, last = (known.first_name, known.last_name) if known else ("", "")
    return ", ".join(p for p in (last, first) if p) or student


def canvas_feedback_zip(class_dir: Path, assignment: str, path: Path) -> tuple[Path, list[str]]:
    """Write the zip of feedback pages for Canvas: one file per student, named with its download's prefix
    (``<login>_<user id>_<submission id>_``, which holds Canvas's user id) and ``<assignment>_feedback.html``."""
    return _feedback_zip(class_dir, assignment, "canvas", path, "")


# ---------------------------------------------------------------------------- Moodle

def moodle_worksheet(class_dir: Path, assignment: str, path: Path, roster: Roster | None = None,
                     out_of: float | None = None) -> tuple[Path, list[str]]:
    """Write Moodle's offline grading worksheet of ``assignment``; returns it and what was left out, and why.

    One row per submission of the collected Moodle download, ``Identifier`` "Participant <number>" of its
    folder name; ``Feedback comments`` holds ``feedback_summary``. A submission that was not graded has an
    empty Grade (Moodle leaves it as it is) and says why in its comment.
    """
    submissions = _lms_submissions(class_dir, assignment, "moodle")
    table = grades(class_dir, assignment)
    rows, left_out = [MOODLE_COLUMNS], []
    for student, record in sorted(submissions.items(), key=lambda item: int(item[1]["lms_id"])):
        grade = table.get(student)
        person = roster.student(student) if roster is not None else None
        email = (person.email if person else "") or record.get("email", "") or (grade.email if grade else "")
        if grade is None or not grade.graded:
            left_out.append(f"{student}: not graded, its Grade is left empty")
        handed_in = datetime.fromisoformat(record["timestamp"])
        max_points = out_of if out_of is not None else max_score(class_dir, assignment)
        rows.append([
            MOODLE_PARTICIPANT + record["lms_id"], record.get("name") or (person.name if person else ""), email,
            "Submitted for grading", points(grade.final, grade.max_score, out_of) if grade and grade.graded else "",
            f"{max_points:.2f}", "Yes", moodle_date(handed_in), "", "-",
            moodle_comment(feedback_summary(grade, out_of) if grade else "Not graded: no submission graded"),
        ])
    return _write_csv(path, rows), left_out


def moodle_comment(text: str) -> str:
    """Plain text as Moodle's feedback comments hold it: HTML, a line break per line."""
    import html

    return "<br>".join(html.escape(line) for line in text.splitlines())


def moodle_date(when: datetime) -> str:
    """A time as Moodle's worksheet writes it ("Tuesday, 1 December 2026, 5:00 PM"), in UTC."""
    when = when.astimezone(timezone.utc) if when.tzinfo else when
    return f"{when:%A}, {when.day} {when:%B %Y}, {int(when.strftime('%I'))}:{when:%M %p}"


def moodle_feedback_zip(class_dir: Path, assignment: str, path: Path) -> tuple[Path, list[str]]:
    """Write Moodle's feedback-files zip: ``<Full name>_<number>_assignsubmission_file_/<assignment>_feedback.html``
    for each graded submission of the collected download."""
    return _feedback_zip(class_dir, assignment, "moodle", path, "/")


# ---------------------------------------------------------------------------- feedback files

def _feedback_zip(class_dir: Path, assignment: str, lms: str, path: Path, after_prefix: str):
    """The feedback pages of the submissions collected from ``lms``, each named ``<its download's prefix>`` +
    ``after_prefix`` + ``<assignment>_feedback.html``; and the students left out, with why."""
    files, left_out = {}, []
    for student, record in sorted(_lms_submissions(class_dir, assignment, lms).items()):
        page = _feedback_page(class_dir, student, assignment)
        if page is None:
            left_out.append(f"{student}: no feedback page (not graded, or graded with --no-feedback)")
            continue
        files[f"{record['prefix']}{after_prefix}{assignment}_feedback.html"] = page
    return _write_zip(path, files), left_out


def _feedback_page(class_dir: Path, student: str, assignment: str) -> bytes | None:
    """The student's HTML feedback page (``feedback/<student>/<assignment>/``), or None if there is none."""
    pages = sorted((Path(class_dir) / "feedback" / student / assignment).glob("*.html"))
    return pages[0].read_bytes() if pages else None


def _write_zip(path: Path, files: dict[str, bytes]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return path

