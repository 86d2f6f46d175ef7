"""Collecting Canvas and Moodle downloads: names, renamed copies, duplicates, skipped and unsafe entries, rosters, time.

The downloads are built here as the LMS names them: Canvas's flat
``<login>[_late]_<user id>_<submission id>_<file>``, Moodle's folder per submission
``<Full name>_<participant number>_assignsubmission_file_/``, with spaces, accents and other scripts in the
names. Nothing here grades (test_export.py grades a download end to end); the notebooks are JSON placeholders,
which collection copies byte for byte.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import COURSE

from autograder import notebooks
from autograder.grading import ClassGrader
from autograder.lms import ZipRefused, collect_download, parse_time, plan_download, read_lms_record
from autograder.roster import Roster, RosterError, safe_id, split_name

A = "01_chain_rule"
UTC = timezone.utc
DUE = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)


def make_zip(path: Path, entries: dict[str, tuple]) -> Path:
    """A zip of ``{name: (date_time, content)}``; each content is its name unless given, so a test sees which
    entry was collected."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, (when, *content) in entries.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=when), content[0] if content else json.dumps(name))
    return path


def collected(grader: ClassGrader, student: str) -> str:
    """Which entry (its name, the placeholder's content) the student's collected notebook is."""
    return json.loads(notebooks.notebook_path(grader.submitted / student, A).read_text())


@pytest.fixture
def grader(tmp_path) -> ClassGrader:
    return ClassGrader(tmp_path / "class", course=COURSE)


# ---------------------------------------------------------------------------- Canvas

@pytest.mark.parametrize("name, student, lms_id, late", [
    ("lovelaceada_4711_99001_01_chain_rule.ipynb", "lovelaceada-4711", "4711", False),
    ("lovelaceada_late_4711_99001_01_chain_rule.ipynb", "lovelaceada-4711", "4711", True),
    ("lovelaceada_LATE_4711_99001_01_chain_rule.ipynb", "lovelaceada-4711", "4711", True),
    ("lovelaceada_4711_99001_01_chain_rule (1).ipynb", "lovelaceada-4711", "4711", False),  # a browser's copy
    ("lovelaceada_4711_99001_01_chain_rule-Copy1.ipynb", "lovelaceada-4711", "4711", False),  # Jupyter's copy
    ("lovelaceada_4711_99001_01_chain_rule-1.ipynb", "lovelaceada-4711", "4711", False),  # Canvas's second upload
    ("lovelaceada_4711_01_chain_rule.ipynb", "lovelaceada-4711", "4711", False),  # no submission id (older Canvas)
    ("núñezzoë_4713_99003_01_chain_rule.ipynb", "nunezzoe-4713", "4713", False),
    ("downloads/lovelaceada_4711_99001_01_chain_rule.ipynb", "lovelaceada-4711", "4711", False),
])
def test_canvas_names_give_the_student_its_canvas_id_and_the_late_marker(tmp_path, name, student, lms_id, late):
    plan = plan_download(make_zip(tmp_path / "c.zip", {name: ((2026, 12, 1, 9, 0, 0),)}), A, "canvas")
    [submission] = plan.submissions
    assert (submission.student_id, submission.lms_id, submission.late_marker) == (student, lms_id, late)
    assert submission.prefix == Path(name).name[:Path(name).name.index("01_chain_rule")]
    assert plan.skipped == []


def test_entries_of_no_student_are_listed_and_skipped_and_the_rest_collected(tmp_path, grader):
    download = make_zip(tmp_path / "submissions.zip", {
        "lovelaceada_4711_99001_01_chain_rule.ipynb": ((2026, 12, 1, 9, 0, 0),),
        "babbagecharles_4712_99002_report.pdf": ((2026, 12, 1, 9, 0, 0), b"%PDF-1.4"),
        "babbagecharles_4712_99002_02_jacobians.ipynb": ((2026, 12, 1, 9, 0, 0),),  # another assignment
        "01_chain_rule.ipynb": ((2026, 12, 1, 9, 0, 0),),  # no student
        "curiemarie_4714_99004_01_chain_rule_old.ipynb": ((2026, 12, 1, 9, 0, 0),),
    })
    plan = collect_download(download, grader, A, "canvas")
    assert [s.student_id for s in plan.submissions] == ["lovelaceada-4711"]
    assert sorted(line.split(":")[0] for line in plan.skipped) == sorted([
        "babbagecharles_4712_99002_report.pdf", "babbagecharles_4712_99002_02_jacobians.ipynb",
        "01_chain_rule.ipynb", "curiemarie_4714_99004_01_chain_rule_old.ipynb"])
    assert collected(grader, "lovelaceada-4711") == "lovelaceada_4711_99001_01_chain_rule.ipynb"
    assert sorted(p.name for p in grader.submitted.iterdir()) == ["lovelaceada-4711"]


def test_of_two_notebooks_of_one_student_the_latest_is_collected_and_the_report_says_so(tmp_path, grader):
    download = make_zip(tmp_path / "submissions.zip", {
        "lovelaceada_4711_99001_01_chain_rule (1).ipynb": ((2026, 12, 1, 12, 0, 0),),  # the later one
        "lovelaceada_4711_99001_01_chain_rule.ipynb": ((2026, 12, 1, 9, 0, 0),),
        "babbagecharles_4712_99002_01_chain_rule.ipynb": ((2026, 12, 1, 9, 0, 0),),
    })
    plan = collect_download(download, grader, A, "canvas")
    assert collected(grader, "lovelaceada-4711") == "lovelaceada_4711_99001_01_chain_rule (1).ipynb"
    [note] = plan.notes
    assert note.startswith("lovelaceada-4711: 2 notebooks (")
    assert "collected the latest by the download's time stamp, 'lovelaceada_4711_99001_01_chain_rule (1).ipynb' " \
           "(2026-12-01 12:00:00 UTC)" in note
    assert (grader.submitted / "lovelaceada-4711" / A / "timestamp.txt").read_text().strip() == \
        "2026-12-01T12:00:00+00:00"


@pytest.mark.parametrize("name, when, expected, says", [
    # late by Canvas's marker although its time stamp is before the due date: one second after the due date
    ("ada_late_4711_1_01_chain_rule.ipynb", (2026, 12, 1, 16, 0, 0), "2026-12-01T17:00:01+00:00", "late by"),
    # no marker, time stamp after the due date: on time as Canvas says, recorded at the due date
    ("ada_4711_1_01_chain_rule.ipynb", (2026, 12, 1, 18, 0, 0), "2026-12-01T17:00:00+00:00", "on time by"),
    ("ada_late_4711_1_01_chain_rule.ipynb", (2026, 12, 2, 9, 0, 0), "2026-12-02T09:00:00+00:00", None),
    ("ada_4711_1_01_chain_rule.ipynb", (2026, 12, 1, 9, 0, 0), "2026-12-01T09:00:00+00:00", None),
])
def test_canvas_lateness_follows_its_marker(tmp_path, name, when, expected, says):
    plan = plan_download(make_zip(tmp_path / "c.zip", {name: (when,)}), A, "canvas", due=DUE)
    assert plan.submissions[0].timestamp == expected
    assert [says in n for n in plan.notes] == ([True] if says else [])


# ---------------------------------------------------------------------------- Moodle

MOODLE = {
    "Ada Lovelace_12345_assignsubmission_file_/01_chain_rule.ipynb": ((2026, 12, 1, 9, 0, 0),),
    "Zoë Núñez_12346_assignsubmission_file_/work/01_chain_rule-Copy1.ipynb": ((2026, 12, 1, 18, 30, 0),),
    "Zoë Núñez_12346_assignsubmission_file_/notes.pdf": ((2026, 12, 1, 9, 0, 0), b"%PDF"),
    "李雷_12347_assignsubmission_file_/01_chain_rule (2).ipynb": ((2026, 12, 1, 9, 0, 0),),
    "李雷_12347_assignsubmission_onlinetext_/onlinetext.html": ((2026, 12, 1, 9, 0, 0), b"<p>hi</p>"),
    "O'Brien, Seán_12348_assignsubmission_file_01_chain_rule.ipynb": ((2026, 12, 1, 9, 0, 0),),  # no folders
}


def test_moodle_folders_with_spaces_accents_and_other_scripts_are_collected(tmp_path, grader):
    plan = collect_download(make_zip(tmp_path / "moodle.zip", MOODLE), grader, A, "moodle", due=DUE)
    got = {s.student_id: (s.lms_id, s.name, s.prefix) for s in plan.submissions}
    assert got == {
        "ada-lovelace": ("12345", "Ada Lovelace", "Ada Lovelace_12345_assignsubmission_file_"),
        "zoe-nunez": ("12346", "Zoë Núñez", "Zoë Núñez_12346_assignsubmission_file_"),
        safe_id("李雷"): ("12347", "李雷", "李雷_12347_assignsubmission_file_"),
        "o-brien-sean": ("12348", "O'Brien, Seán", "O'Brien, Seán_12348_assignsubmission_file_"),
    }
    assert sorted(s.split(":")[0] for s in plan.skipped) == [
        "Zoë Núñez_12346_assignsubmission_file_/notes.pdf", "李雷_12347_assignsubmission_onlinetext_/onlinetext.html"]
    assert collected(grader, "zoe-nunez") == "Zoë Núñez_12346_assignsubmission_file_/work/01_chain_rule-Copy1.ipynb"
    # Moodle has no late marker: the file's time stamp is the time handed in, lateness is nbgrader's to judge
    assert (grader.submitted / "zoe-nunez" / A / "timestamp.txt").read_text().strip() == "2026-12-01T18:30:00+00:00"
    record = read_lms_record(grader.class_dir, A)
    assert record["lms"] == "moodle" and record["submissions"]["zoe-nunez"]["lms_id"] == "12346"


def test_the_gradebook_gets_the_names_and_nbgrader_reads_the_time_stamps(tmp_path, grader):
    from nbgrader.api import Gradebook
    from nbgrader.utils import parse_utc

    collect_download(make_zip(tmp_path / "moodle.zip", MOODLE), grader, A, "moodle", timezone="Europe/Berlin")
    with Gradebook(grader.db_url) as gb:
        zoe, sean = gb.find_student("zoe-nunez"), gb.find_student("o-brien-sean")
        assert (zoe.first_name, zoe.last_name) == ("Zoë", "Núñez")
        assert (sean.first_name, sean.last_name) == ("Seán", "O'Brien")
    stamp = (grader.submitted / "zoe-nunez" / A / "timestamp.txt").read_text()
    assert parse_utc(stamp) == datetime(2026, 12, 1, 17, 30)  # 18:30 in Berlin is 17:30 UTC


def test_two_moodle_students_of_one_name_get_their_numbers(tmp_path):
    plan = plan_download(make_zip(tmp_path / "m.zip", {
        "Ada Lovelace_12345_assignsubmission_file_/01_chain_rule.ipynb": ((2026, 12, 1, 9, 0, 0),),
        "Ada Lovelace_12399_assignsubmission_file_/01_chain_rule.ipynb": ((2026, 12, 1, 9, 0, 0),),
    }), A, "moodle")
    assert sorted(s.student_id for s in plan.submissions) == ["ada-lovelace-12345", "ada-lovelace-12399"]
    assert "2 students of that name" in plan.notes[0]


def test_a_moodle_folder_download_is_collected_with_the_files_times(tmp_path, grader):
    folder = tmp_path / "moodle-download"
    path = folder / "Ada Lovelace_12345_assignsubmission_file_" / "01_chain_rule.ipynb"
    path.parent.mkdir(parents=True)
    path.write_text('"ada"')
    when = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
    os.utime(path, (when.timestamp(), when.timestamp()))
    plan = collect_download(folder, grader, A, "moodle")
    assert [s.student_id for s in plan.submissions] == ["ada-lovelace"]
    assert plan.submissions[0].timestamp == "2026-12-01T18:00:00+00:00"
    assert collected(grader, "ada-lovelace") == "ada"


# ---------------------------------------------------------------------------- unsafe downloads

@pytest.mark.parametrize("evil", [
    "../Ada Lovelace_1_assignsubmission_file_/01_chain_rule.ipynb",
    "Ada Lovelace_1_assignsubmission_file_/../../01_chain_rule.ipynb",
    "/tmp/lovelaceada_4711_1_01_chain_rule.ipynb",
    "C:/lovelaceada_4711_1_01_chain_rule.ipynb",
])
def test_zip_slip_refuses_the_whole_download(tmp_path, grader, evil):
    download = make_zip(tmp_path / "d.zip", {
        "Ada Lovelace_12345_assignsubmission_file_/01_chain_rule.ipynb": ((2026, 12, 1, 9, 0, 0),),
        evil: ((2026, 12, 1, 9, 0, 0),)})
    for lms in ("canvas", "moodle"):
        with pytest.raises(ZipRefused, match="would be written outside the class folder") as refused:
            collect_download(download, grader, A, lms)
        assert repr(evil) in str(refused.value)
    assert not grader.submitted.exists() and not (grader.class_dir / "lms").exists()


def test_a_link_in_a_zip_or_a_folder_refuses_the_download(tmp_path, grader):
    archive = tmp_path / "d.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("lovelaceada_4711_1_01_chain_rule.ipynb", "{}")
        link = zipfile.ZipInfo("babbagecharles_4712_2_01_chain_rule.ipynb")
        link.external_attr = (0o120777 << 16)  # a symbolic link, as zip -y stores it
        z.writestr(link, "/etc/passwd")
    with pytest.raises(ZipRefused, match="links"):
        collect_download(archive, grader, A, "canvas")
    folder = tmp_path / "moodle"
    student = folder / "Ada Lovelace_12345_assignsubmission_file_"
    student.mkdir(parents=True)
    (student / "01_chain_rule.ipynb").symlink_to(COURSE.source(A))
    with pytest.raises(ZipRefused, match="links"):
        collect_download(folder, grader, A, "moodle")
    assert not grader.submitted.exists()


# ---------------------------------------------------------------------------- the roster

def write_roster(path: Path, rows: list[str], header: str = "lms_id,student_id,name,email,section") -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_roster_names_the_students_and_skips_who_is_not_on_it(tmp_path, grader):
    from nbgrader.api import Gradebook

    roster = Roster.read(write_roster(tmp_path / "roster.csv", [
        "12345,s1001,Ada Lovelace,ada@uni.example,A",
        ",s1002,Zoë Núñez,zoe@uni.example,B",  # Moodle's number changes per assignment: found by name
        "12347,s1003,Li Lei,li@uni.example,B",
    ]))
    plan = collect_download(make_zip(tmp_path / "m.zip", MOODLE), grader, A, "moodle", roster=roster)
    assert sorted(s.student_id for s in plan.submissions) == ["s1001", "s1002", "s1003"]
    assert any(line.startswith("O'Brien, Seán_12348_assignsubmission_file_01_chain_rule.ipynb: Moodle id 12348 "
                               "(O'Brien, Seán) is on no row of the roster") for line in plan.skipped)
    with Gradebook(grader.db_url) as gb:
        ada = gb.find_student("s1001")
        assert (ada.first_name, ada.last_name, ada.email) == ("Ada", "Lovelace", "ada@uni.example")
        assert gb.find_student("s1003").last_name == "Lei"  # the roster's name, not the download's


@pytest.mark.parametrize("rows, header, says", [
    (["1,ada,Ada,a@x"], "lms_id,name,email", "no column student_id"),
    (["1,Ada Lovelace,Ada,a@x"], "lms_id,student_id,name,email", "is not a student id"),
    (["1,ada,Ada,a@x", "2,ada,Ada Two,b@x"], "lms_id,student_id,name,email", "'ada' is on row 2 too"),
])
def test_a_roster_that_cannot_be_read_says_why(tmp_path, rows, header, says):
    with pytest.raises(RosterError, match=says):
        Roster.read(write_roster(tmp_path / "roster.csv", rows, header))


def test_a_spreadsheets_roster_with_a_bom_is_read(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes("\ufefflms_id,student_id,name,email\n4711,ada,\"Lovelace, Ada\",ada@x\n".encode())
    person = Roster.read(path).find("4711")
    assert person.student_id == "ada" and person.first_last == ("Ada", "Lovelace")


# ---------------------------------------------------------------------------- ids, names and times

@pytest.mark.parametrize("name, expected", [
    ("Ada Lovelace", "ada-lovelace"), ("Zoë Núñez", "zoe-nunez"), ("  Jean-Luc  O'Neil ", "jean-luc-o-neil"),
    ("Ærøskøbing Ünal", "rskbing-unal"),  # letters with no decomposition are dropped, the rest kept
])
def test_a_safe_id_from_a_name(name, expected):
    assert safe_id(name) == expected


def test_a_name_in_another_script_gets_a_stable_hashed_id():
    assert safe_id("李雷") == safe_id("李雷") != safe_id("韩梅梅")
    assert safe_id("李雷").startswith("u-") and len(safe_id("李雷")) == 10


def test_names_split_into_first_and_last():
    assert split_name("Lovelace, Ada") == split_name("Ada Lovelace") == ("Ada", "Lovelace")
    assert split_name("Plato") == ("", "Plato")


def test_a_due_date_is_read_in_the_time_zone_given():
    assert parse_time("2026-12-01 17:00", "Europe/Berlin") == datetime(2026, 12, 1, 16, 0, tzinfo=UTC)
    assert parse_time("2026-12-01T17:00:00+01:00") == datetime(2026, 12, 1, 16, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="not a date and time"):
        parse_time("next friday")
    with pytest.raises(ValueError, match="unknown time zone"):
        parse_time("2026-12-01 17:00", "Mars/Olympus")


# ---------------------------------------------------------------------------- the command line

def _cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], cwd=COURSE.root,
                          capture_output=True, text=True, timeout=120)


def test_the_command_line_refuses_options_that_do_not_go_together(tmp_path):
    download = make_zip(tmp_path / "d.zip", {"lovelaceada_4711_1_01_chain_rule.ipynb": ((2026, 12, 1, 9, 0, 0),)})
    cls = tmp_path / "cls"
    out = _cli("grade", "--lms", "moodle", tmp_path, "--class-dir", cls)
    assert out.returncode == 2 and "--lms moodle needs exactly one --assignment" in out.stderr
    out = _cli("grade", "--zip", download, "--assignment", A, "--roster", tmp_path / "r.csv", "--class-dir", cls)
    assert out.returncode == 2 and "--roster goes with --lms canvas|moodle" in out.stderr
    out = _cli("grade", "--lms", "moodle", tmp_path / "nowhere", "--assignment", A, "--class-dir", cls)
    assert out.returncode == 2 and "is not a folder" in out.stderr
    evil = make_zip(tmp_path / "evil.zip", {"../lovelaceada_4711_1_01_chain_rule.ipynb": ((2026, 12, 1, 9, 0, 0),)})
    out = _cli("grade", "--lms", "canvas", "--zip", evil, "--assignment", A, "--class-dir", cls, "--due", "2026-12-01")
    assert out.returncode == 2 and "evil.zip refused, nothing collected" in out.stderr
    assert not (cls / "submitted").exists()


def test_a_due_date_comes_from_the_gradebook_else_the_config(grader):
    assert grader.due_date(A) is None
    grader.config.Autograder.due_dates = {A: "2026-12-01 17:00:00 Europe/Berlin"}
    assert grader.due_date(A) == datetime(2026, 12, 1, 16, 0)  # nbgrader's naive UTC
    grader.set_due_date(A, datetime(2026, 12, 2, 9, 0))
    assert grader.due_date(A) == datetime(2026, 12, 2, 9, 0)  # the gradebook's (--due) wins
