"""A grading run's results: per-cell and per-submission dataclasses, ``results.json``, the grade tables."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class CellResult:
    """One graded test cell of a submission."""

    grade_id: str  # the cell's nbgrader grade id
    points: float  # the points it earned
    max_points: float  # the points it is worth
    message: str = ""  # why it lost points (its failed parts, its error), empty when it earned them all
    # what explained each failed check ({"cause", "category", "located"}: autograder.judge.Verdict.diagnoses)
    diagnoses: list[dict] = field(default_factory=list)


@dataclass
class SubmissionResult:
    """One student's notebook of one assignment, graded (or why it could not be)."""

    student: str
    assignment: str
    score: float = 0.0  # the sum of the cells' points
    max_score: float = 0.0
    seconds: float = 0.0  # executing, judging and saving it
    error: str = ""  # why the submission could not be graded, if it could not (then score is 0)
    cells: list[CellResult] = field(default_factory=list)
    feedback_error: str = ""  # why its feedback page could not be written (the grade stands)

    @classmethod
    def from_dict(cls, record: dict) -> SubmissionResult:
        record = dict(record)
        cells = [CellResult(**c) for c in record.pop("cells", [])]
        return cls(**record, cells=cells)


def summary(exc: Exception) -> str:
    """An exception in one line: its first line says what failed, its last one (a traceback's) why."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return " ".join(dict.fromkeys([lines[0], lines[-1]])) if lines else type(exc).__name__


def printable(text: str) -> str:
    """``text`` with control characters (a terminal's escape codes, newlines) shown as escapes."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in str(text))


def failure_message(cell) -> str:
    """Why a test cell lost points: its failed parts (if it has parts), then its error or partial-credit line."""
    outputs = cell.get("outputs", [])
    lines = "".join(o.get("text", "") for o in outputs if o.output_type == "stream").splitlines()
    failed_parts, in_failure = [], False
    for line in lines:  # a failed part's message may span several lines, up to the next part's OK/FAILED
        if line.startswith(("FAILED ", "OK ", "Partial credit: ")):
            in_failure = line.startswith("FAILED ")
        if in_failure and line.strip():
            failed_parts.append(line.strip())
    for output in outputs:
        if output.output_type == "error":
            return " ".join(failed_parts + [f"{output.ename}: {output.evalue}"])
    if any(o.output_type == "execute_result" for o in outputs):
        return " ".join(failed_parts + lines[-1:])
    return ""


def write_results(results: list[SubmissionResult], path: Path) -> None:
    Path(path).write_text(json.dumps([asdict(r) for r in results], indent=1))


def grade_table(results: list[SubmissionResult]) -> str:
    """A plain-text table: one row per student, one column per assignment."""
    students = sorted({r.student for r in results})
    assignment_ids = sorted({r.assignment for r in results})
    by_key = {(r.student, r.assignment): r for r in results}
    width = max([len(a) for a in assignment_ids] + [12])
    first = max([len(printable(s)) + 1 for s in students] + [12])  # a long LMS id still has its own column
    lines = ["student".ljust(first) + "".join(a.rjust(width + 2) for a in assignment_ids)]
    for student in students:
        row = printable(student).ljust(first)
        for a in assignment_ids:
            r = by_key.get((student, a))
            cell = "-" if r is None else ("ERROR" if r.error else f"{r.score:g}/{r.max_score:g}")
            row += cell.rjust(width + 2)
        lines.append(row)
    return "\n".join(lines)


def write_grades_csv(db_url: str, csv_path: Path) -> Path:
    """The grade table of a gradebook as CSV: nbgrader's CSV export's columns and rows, properly quoted.

    (nbgrader joins the fields with commas as they are.) A field that a
    spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``) starts with ``'``.
    """
    from nbgrader.api import Gradebook, MissingEntry

    columns = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
               "raw_score", "late_submission_penalty", "score", "max_score"]
    with Gradebook(db_url) as gb, open(csv_path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        for assignment in gb.assignments:
            for student in gb.students:
                try:
                    submission = gb.find_submission(assignment.name, student.id)
                    when, raw, penalty = submission.timestamp, submission.score, submission.late_submission_penalty
                except MissingEntry:
                    when, raw, penalty = "", 0.0, 0.0
                row = [assignment.name, assignment.duedate, when, student.id, student.last_name,
                       student.first_name, student.email, raw, penalty, max(0.0, raw - penalty),
                       assignment.max_score]
                writer.writerow([spreadsheet_safe(value) for value in row])
    return Path(csv_path)


def spreadsheet_safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
