"""The exports an LMS takes back: Canvas's gradebook import CSV, Moodle's grading worksheet, the feedback bundles.

Each file is checked column by column against the LMS's documented format (Canvas: Student, ID, SIS User ID,
SIS Login ID, Section, one column per assignment, the Points Possible row; Moodle's worksheet download:
Identifier "Participant <number>", Full name, Email address, Status, Grade, Maximum Grade, Grade can be
changed, Last modified (submission), Online text, Last modified (grade), Feedback comments). Most tests read a
gradebook filled in through nbgrader's API (the scores a grading run would save), which is what the exports
read; ``test_a_moodle_download_round_trip`` grades a real download, late penalty included, end to end.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile
from dataclasses import asdict
from pathlib import Path

import nbformat
import pytest
from conftest import COURSE, Entry, build_submission

from autograder import export, notebooks
from autograder.grading import ClassGrader
from autograder.lms import collect_download
from autograder.results import CellResult, SubmissionResult
from autograder.roster import Roster

A = "01_chain_rule"
CELL = "test_neuron_backward_hidden"  # the test cell the fixtures' students lose points on (they earn 1 of it)
WORTH = notebooks.test_cells(notebooks.read(COURSE.source(A)))[CELL]
DUE = "2026-12-01 17:00:00"


def make_zip(path: Path, entries: dict[str, tuple]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, (when, content) in entries.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=when), content)
    return path


def record_grades(grader: ClassGrader, student: str, lost: dict[str, float], penalty: float = 0.0,
                  message: str = "FAILED values: wrong") -> None:
    """Save in the gradebook (and ``state/``) what grading would: every test cell full marks but ``lost``
    (grade id -> points earned), and the late penalty; a feedback page of the student."""
    from nbgrader.api import Gradebook

    cells = []
    with Gradebook(grader.db_url) as gb:
        submission = gb.find_submission(A, student)
        notebook = gb.find_submission_notebook(A, A, student)
        for grade in notebook.grades:
            if grade.cell_type != "code":
                continue
            grade.auto_score = lost.get(grade.name, grade.max_score)
            cells.append(CellResult(grade.name, grade.auto_score, grade.max_score,
                                    message if grade.name in lost else ""))
        notebook.late_submission_penalty = penalty or None
        gb.db.commit()
        score = submission.score
    state = grader.class_dir / "state" / student / f"{A}.json"
    state.parent.mkdir(parents=True, exist_ok=True)
    result = SubmissionResult(student, A, score=score, max_score=grader.max_score(A), cells=cells)
    state.write_text(json.dumps(asdict(result)))
    page = grader.class_dir / "feedback" / student / A / f"{A}.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f"<html>feedback of {student}</html>")


def submit(grader: ClassGrader, student: str, timestamp: str) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(grader.db_url) as gb:
        gb.add_submission(A, student, timestamp=timestamp)


CANVAS = {
    "lovelaceada_4711_99001_01_chain_rule.ipynb": ((2026, 12, 1, 9, 0, 0), "{}"),
    "babbagecharles_late_4712_99002_01_chain_rule-Copy1.ipynb": ((2026, 12, 2, 9, 0, 0), "{}"),
    "curiemarie_4714_99004_01_chain_rule.ipynb": ((2026, 12, 1, 9, 0, 0), "{}"),  # handed in, not graded
}
ROSTER = """lms_id,student_id,name,email,section,sis_user_id,sis_login_id
4711,ada,"Lovelace, Ada",ada@uni.example,Section A,S-1001,alovelace
4712,charles,Charles Babbage,cb@uni.example,Section B,S-1002,cbabbage
4714,marie,Marie Curie,mc@uni.example,Section B,S-1004,mcurie
"""


@pytest.fixture(scope="module")
def canvas_class(tmp_path_factory):
    """A class collected from a Canvas download: ada loses points, charles is late (penalty 5), marie was
    collected but never graded. (Read only: the tests write their exports elsewhere.)"""
    tmp_path = tmp_path_factory.mktemp("canvas")
    (tmp_path / "roster.csv").write_text(ROSTER)
    roster = Roster.read(tmp_path / "roster.csv")
    grader = ClassGrader(tmp_path / "class", course=COURSE)
    grader.prepare(A)
    grader.set_due_date(A, DUE)
    collect_download(make_zip(tmp_path / "canvas.zip", CANVAS), grader, A, "canvas", roster=roster)
    submit(grader, "ada", "2026-12-01 09:00:00")
    record_grades(grader, "ada", {CELL: 1.0})
    submit(grader, "charles", "2026-12-02 09:00:00")
    record_grades(grader, "charles", {}, penalty=5.0)
    return grader, roster


def read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_the_canvas_gradebook_csv_column_by_column(canvas_class, tmp_path):
    grader, roster = canvas_class
    max_score = grader.max_score(A)
    lost = WORTH - 1
    path, left_out = export.canvas_csv(grader.class_dir, [A], tmp_path / "canvas.csv", roster,
                                       {A: "Chain rule (5501)"})
    rows = read_csv(path)
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Chain rule (5501)"]
    assert rows[1] == ["    Points Possible", "", "", "", "", f"{max_score:g}"]
    by_id = {row[1]: row for row in rows[2:]}
    assert by_id["4711"] == ["Lovelace, Ada", "4711", "S-1001", "alovelace", "Section A", f"{max_score - lost:g}"]
    # late: the final score (raw minus nbgrader's late penalty) is what Canvas gets
    assert by_id["4712"] == ["Babbage, Charles", "4712", "S-1002", "cbabbage", "Section B", f"{max_score - 5:g}"]
    # collected, never graded: an empty cell leaves Canvas's grade alone, and the export says so
    assert by_id["4714"] == ["Curie, Marie", "4714", "S-1004", "mcurie", "Section B", ""]
    assert left_out == [f"marie ({A}): not graded, its cell is left empty"]
    assert len(rows) == 5


def test_scores_scale_to_the_lms_assignments_points(canvas_class, tmp_path):
    grader, roster = canvas_class
    max_score = grader.max_score(A)
    path, _ = export.canvas_csv(grader.class_dir, [A], tmp_path / "canvas.csv", roster, out_of=100)
    rows = read_csv(path)
    assert rows[1][5] == "100"
    assert {row[1]: row[5] for row in rows[2:]}["4711"] == f"{round(100 * (max_score - WORTH + 1) / max_score, 2):g}"


def test_the_canvas_feedback_bundle_is_named_with_the_canvas_ids(canvas_class, tmp_path):
    grader, _ = canvas_class
    path, left_out = export.canvas_feedback_zip(grader.class_dir, A, tmp_path / "feedback.zip")
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["babbagecharles_late_4712_99002_01_chain_rule_feedback.html",
                                              "lovelaceada_4711_99001_01_chain_rule_feedback.html"]
        assert archive.read("lovelaceada_4711_99001_01_chain_rule_feedback.html") == b"<html>feedback of ada</html>"
    assert left_out == ["marie: no feedback page (not graded, or graded with --no-feedback)"]


def test_a_class_not_collected_from_that_lms_is_refused(canvas_class, tmp_path):
    grader, _ = canvas_class
    with pytest.raises(export.ExportRefused, match="nothing collected from Moodle .it was collected from canvas"):
        export.moodle_worksheet(grader.class_dir, A, tmp_path / "m.csv")
    with pytest.raises(export.ExportRefused, match="02_jacobians: nothing collected from Canvas"):
        export.canvas_csv(grader.class_dir, [A, "02_jacobians"], tmp_path / "c.csv")


MOODLE = {
    "Ada Lovelace_12345_assignsubmission_file_/01_chain_rule.ipynb": ((2026, 12, 1, 9, 0, 0), "{}"),
    "Zoë Núñez_12346_assignsubmission_file_/01_chain_rule (1).ipynb": ((2026, 12, 1, 18, 30, 0), "{}"),
    "O'Brien, Seán_12350_assignsubmission_file_/01_chain_rule.ipynb": ((2026, 12, 1, 10, 0, 0), "{}"),
}


@pytest.fixture(scope="module")
def moodle_class(tmp_path_factory):
    """A class collected from a Moodle download: ada loses points, zoe is late (penalty 4), sean was never graded."""
    tmp_path = tmp_path_factory.mktemp("moodle")
    grader = ClassGrader(tmp_path / "class", course=COURSE)
    grader.prepare(A)
    grader.set_due_date(A, DUE)
    collect_download(make_zip(tmp_path / "moodle.zip", MOODLE), grader, A, "moodle")
    submit(grader, "ada-lovelace", "2026-12-01 09:00:00")
    record_grades(grader, "ada-lovelace", {CELL: 1.0}, message="FAILED values: =1+1 <b>")
    submit(grader, "zoe-nunez", "2026-12-01 18:30:00")
    record_grades(grader, "zoe-nunez", {}, penalty=4.0)
    return grader


def test_the_moodle_worksheet_column_by_column(moodle_class, tmp_path):
    grader = moodle_class
    max_score = grader.max_score(A)
    path, left_out = export.moodle_worksheet(grader.class_dir, A, tmp_path / "worksheet.csv")
    rows = read_csv(path)
    assert rows[0] == ["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade",
                       "Grade can be changed", "Last modified (submission)", "Online text", "Last modified (grade)",
                       "Feedback comments"]
    ada, zoe, sean = rows[1:]
    assert ada[:10] == ["Participant 12345", "Ada Lovelace", "", "Submitted for grading", f"{max_score - WORTH + 1:g}",
                        f"{max_score:.2f}", "Yes", "Tuesday, 1 December 2026, 9:00 AM", "", "-"]
    assert ada[10] == (f"Score {max_score - WORTH + 1:g}/{max_score:g}.<br>"
                       f"{CELL}: 1/{WORTH:g}: FAILED values: =1+1 &lt;b&gt;")
    assert zoe[:8] == ["Participant 12346", "Zoë Núñez", "", "Submitted for grading", f"{max_score - 4:g}",
                       f"{max_score:.2f}", "Yes", "Tuesday, 1 December 2026, 6:30 PM"]
    # the raw and the final score, in the comment Moodle shows the student
    assert zoe[10] == (f"Score {max_score - 4:g}/{max_score:g}.<br>Handed in late: raw score {max_score:g}, "
                       "late penalty 4.<br>Every test passed.")
    assert sean[:5] == ["Participant 12350", "O'Brien, Seán", "", "Submitted for grading", ""]
    assert sean[10].startswith("Not graded: ")
    assert left_out == ["o-brien-sean: not graded, its Grade is left empty"]


def test_the_moodle_worksheet_takes_emails_from_the_roster(moodle_class, tmp_path):
    roster_csv = tmp_path / "roster.csv"
    roster_csv.write_text("lms_id,student_id,name,email\n,ada-lovelace,Ada Lovelace,ada@uni.example\n")
    path, _ = export.moodle_worksheet(moodle_class.class_dir, A, tmp_path / "w.csv", Roster.read(roster_csv))
    assert read_csv(path)[1][2] == "ada@uni.example"


def test_the_moodle_feedback_zip_has_a_folder_per_submission(moodle_class, tmp_path):
    path, left_out = export.moodle_feedback_zip(moodle_class.class_dir, A, tmp_path / "feedback.zip")
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == [
            "Ada Lovelace_12345_assignsubmission_file_/01_chain_rule_feedback.html",
            "Zoë Núñez_12346_assignsubmission_file_/01_chain_rule_feedback.html"]
        assert all(info.flag_bits & 0x800 or info.filename.isascii() for info in archive.infolist())  # UTF-8 names
    assert left_out == ["o-brien-sean: no feedback page (not graded, or graded with --no-feedback)"]


def test_the_export_command(moodle_class, tmp_path):
    run = [sys.executable, "-m", "autograder", "export", "--class-dir", moodle_class.class_dir]
    out = subprocess.run([*run, "--format", "moodle"], cwd=COURSE.root, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    written = moodle_class.class_dir / "exports" / f"moodle_{A}_grades.csv"
    assert out.stdout.strip() == f"wrote Moodle's grading worksheet of {A}: {written}"
    assert "left out: o-brien-sean: not graded" in out.stderr
    assert read_csv(written)[0][0] == "Identifier"
    out = subprocess.run([*run, "--format", "canvas"], cwd=COURSE.root, capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "nothing in" in out.stderr and "was collected from Canvas" in out.stderr


# ---------------------------------------------------------------------------- end to end, really graded

@pytest.mark.slow
def test_a_moodle_download_round_trip(tmp_path):
    """A Moodle download graded with a due date and nbgrader's "zero" late penalty, then exported."""
    solution = nbformat.writes(build_submission(Entry("ada", A, {})))
    blank = nbformat.writes(build_submission(Entry("ben", A, {}, blank=True)))
    download = make_zip(tmp_path / "moodle.zip", {
        "Ada Lovelace_12345_assignsubmission_file_/01_chain_rule.ipynb": ((2026, 12, 1, 9, 0, 0), solution),
        "Zoë Núñez_12346_assignsubmission_file_/01_chain_rule-Copy1.ipynb": ((2026, 12, 1, 18, 0, 0), solution),
        "Ben Blank_12347_assignsubmission_file_/01_chain_rule.ipynb": ((2026, 12, 1, 10, 0, 0), blank),
        "Ben Blank_12347_assignsubmission_file_/essay.pdf": ((2026, 12, 1, 10, 0, 0), "%PDF"),
    })
    cls = tmp_path / "cls"

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], cwd=COURSE.root,
                              capture_output=True, text=True, timeout=600)

    out = cli("grade", "--lms", "moodle", "--zip", download, "--assignment", A, "--due", "2026-12-01 17:00",
              "--late-penalty", "zero", "--class-dir", cls, "--workers", "2")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "collected 3 notebook(s) of 01_chain_rule from Moodle's download" in out.stdout
    assert "(due 2026-12-01 17:00 UTC)" in out.stdout
    assert "skipped: Ben Blank_12347_assignsubmission_file_/essay.pdf" in out.stderr
    max_score = ClassGrader(cls, course=COURSE).max_score(A)
    assert f"late: zoe-nunez/{A} handed in 1.0 h after the due date: raw {max_score:g}, penalty {max_score:g}, " \
           f"final 0/{max_score:g}" in out.stdout
    with open(cls / "grades.csv", newline="") as f:
        table = {row["student_id"]: row for row in csv.DictReader(f)}
    assert {s: (float(r["raw_score"]), float(r["late_submission_penalty"]), float(r["score"]))
            for s, r in table.items()} == {"ada-lovelace": (max_score, 0, max_score),
                                           "zoe-nunez": (max_score, max_score, 0), "ben-blank": (0, 0, 0)}
    assert table["zoe-nunez"]["first_name"] == "Zoë"

    out = cli("export", "--format", "moodle", "--class-dir", cls)
    assert out.returncode == 0, out.stderr
    rows = {row["Identifier"]: row for row in csv.DictReader(open(cls / "exports" / f"moodle_{A}_grades.csv"))}
    assert {i: r["Grade"] for i, r in rows.items()} == {"Participant 12345": f"{max_score:g}",
                                                        "Participant 12346": "0", "Participant 12347": "0"}
    assert f"Handed in late: raw score {max_score:g}, late penalty {max_score:g}." in \
        rows["Participant 12346"]["Feedback comments"]
    blank_comment = rows["Participant 12347"]["Feedback comments"]
    lines = blank_comment.split("<br>")
    assert lines[0] == f"Score 0/{max_score:g}."
    cells = notebooks.test_cells(notebooks.read(COURSE.source(A)))
    assert [line.split(": ")[:2] for line in lines[1:]] == [[g, f"0/{w:g}"] for g, w in cells.items()]
    assert all("is not implemented yet" in line for line in lines[1:])  # every test, each with its reason

    out = cli("export", "--format", "moodle", "--feedback", "--class-dir", cls)
    assert out.returncode == 0, out.stderr
    with zipfile.ZipFile(cls / "exports" / f"moodle_{A}_feedback.zip") as archive:
        names = sorted(archive.namelist())
        assert names == [f"{folder}/01_chain_rule_feedback.html" for folder in (
            "Ada Lovelace_12345_assignsubmission_file_", "Ben Blank_12347_assignsubmission_file_",
            "Zoë Núñez_12346_assignsubmission_file_")]
        page = archive.read(names[2]).decode()
        assert "Late submission penalty" in page  # nbgrader's feedback page shows it
