"""The grader's command line: the sandbox status and ``--require-sandbox``, and grading an LMS zip.

bubblewrap is made unavailable by running the CLI with a PATH that holds
prlimit and setpriv but no bwrap (the grader looks bwrap up on PATH), never by
uninstalling it. The zips are built here, named as an LMS names its downloads.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import COURSE, Entry, build_submission

from autograder import notebooks
from autograder.grading import ClassGrader, configured_cell_timeout
from autograder.lms import ZIP_NAME, ZipRefused, _check_zip, _zip_regexp, collect_zip
from autograder.sandbox import Limits, sandbox_status

ASSIGNMENT = "01_chain_rule"
REPO = COURSE.root


def _cli(*args, path: str | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if path is not None:
        env["PATH"] = path
    return subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def path_without_bwrap(tmp_path) -> str:
    """A PATH with the tools the grader uses besides bubblewrap."""
    bin_dir = tmp_path / "bin-without-bwrap"
    bin_dir.mkdir()
    for tool in ("prlimit", "setpriv"):
        found = shutil.which(tool)
        if found:
            (bin_dir / tool).symlink_to(found)
    assert not (bin_dir / "bwrap").exists()
    return str(bin_dir)


def _notebook_json(student: str) -> str:
    """ada: the reference answers; anyone else: the untouched student notebook."""
    import nbformat

    return nbformat.writes(build_submission(Entry(student, ASSIGNMENT, {}, blank=student != "ada")))


@pytest.fixture
def one_submission(tmp_path) -> Path:
    submitted = tmp_path / "submitted"
    path = notebooks.notebook_path(submitted / "ada", ASSIGNMENT)
    path.parent.mkdir(parents=True)
    path.write_text(_notebook_json("ada"))
    return submitted


# ---------------------------------------------------------------------------- the sandbox

def test_require_sandbox_refuses_without_bubblewrap(tmp_path, one_submission, path_without_bwrap):
    class_dir = tmp_path / "class"
    out = _cli("grade", one_submission, "--class-dir", class_dir, "--assignment", ASSIGNMENT,
               "--workers", "1", "--require-sandbox", path=path_without_bwrap, timeout=120)
    assert out.returncode == 3, out.stdout + out.stderr
    assert "error: --require-sandbox: no sandbox here (bubblewrap (bwrap) is not installed)" in out.stderr
    assert "nothing was graded" in out.stderr
    assert "grading" not in out.stdout and "22/22" not in out.stdout
    assert not (class_dir / "gradebook.db").exists() and not (class_dir / "results.json").exists()
    assert not (class_dir / "state").exists()


def test_sample_with_require_sandbox_refuses_too(tmp_path, path_without_bwrap):
    class_dir = tmp_path / "class"
    out = _cli("sample", "--class-dir", class_dir, "--assignment", ASSIGNMENT, "--require-sandbox",
               path=path_without_bwrap, timeout=120)
    assert out.returncode == 3, out.stdout + out.stderr
    assert "--require-sandbox: no sandbox here" in out.stderr
    assert not (class_dir / "submitted").exists()


def test_without_bubblewrap_the_grader_warns_loudly_first(tmp_path, path_without_bwrap):
    empty = tmp_path / "submitted"
    empty.mkdir()
    out = _cli("grade", empty, "--class-dir", tmp_path / "class", path=path_without_bwrap, timeout=120)
    # the warning comes before anything else the grader says, then it goes on (here: nothing to grade)
    lines = out.stderr.splitlines()
    assert lines[0] == "!" * 78, out.stderr
    assert lines[1] == "WARNING: submissions run WITHOUT a sandbox (bubblewrap (bwrap) is not installed)."
    assert out.returncode == 2 and "error: no submissions found" in out.stderr
    assert "sandbox: bubblewrap" not in out.stdout


@pytest.mark.skipif(sandbox_status()["sandbox"] is None, reason="bubblewrap does not work on this machine")
def test_with_bubblewrap_the_grader_says_so_first(tmp_path):
    empty = tmp_path / "submitted"
    empty.mkdir()
    out = _cli("grade", empty, "--class-dir", tmp_path / "class", "--require-sandbox", timeout=120)
    line = out.stdout.splitlines()[0]
    assert line.startswith("sandbox: bubblewrap ("), out.stdout
    assert "WITHOUT a sandbox" not in out.stderr
    assert out.returncode == 2 and "error: no submissions found" in out.stderr
    # the cell time limit comes from c.Execute.timeout of the course's nbgrader config unless told otherwise
    assert f"cell {configured_cell_timeout()} s, notebook 600 s" in line, line
    status = sandbox_status()
    if status["cgroups"]:
        assert f"{status['cgroups']} per kernel: memory 4096 MB, 64 processes and 1 CPU for its whole tree" in line
    else:
        assert f"no cgroups ({status['cgroups_reason']})" in line
    told = _cli("grade", empty, "--class-dir", tmp_path / "class", "--cell-timeout", "42", "--notebook-timeout", "77",
                "--memory-mb", "3000", timeout=120)
    assert "memory 3000 MB, CPU 900 s, cell 42 s, notebook 77 s" in told.stdout.splitlines()[0], told.stdout


def test_the_cell_time_limit_is_read_from_the_nbgrader_config(tmp_path, monkeypatch):
    from autograder import notebooks

    config = tmp_path / "nbgrader_config.py"
    config.write_text("c = get_config()\nc.Execute.timeout = 17\n")
    monkeypatch.setattr(notebooks, "CONFIG_FILE", config)
    assert configured_cell_timeout() == 17
    config.write_text("c = get_config()\n")
    assert configured_cell_timeout() == Limits.cell_timeout


# ---------------------------------------------------------------------------- the zip's file names

@pytest.mark.parametrize("name, student", [
    ("lovelace_4711_99_01_chain_rule.ipynb", "lovelace"),  # Canvas: login_userid_submissionid_file
    ("ben_01_chain_rule-1.ipynb", "ben"),  # a second attempt
    ("downloads/cy.z_late_01_chain_rule.ipynb", "cy.z"),  # in a folder of the zip
    ("d-4@uni.edu_x_01_chain_rule.ipynb", "d-4@uni.edu"),
])
def test_lms_file_names_give_the_student(tmp_path, name, student):
    archive = tmp_path / "d.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(name, "{}")
    assert _check_zip(archive, ASSIGNMENT, _zip_regexp(ZIP_NAME, ASSIGNMENT)) == {name: student}


@pytest.mark.parametrize("name", [
    "01_chain_rule.ipynb",  # no student
    "ada_02_jacobians.ipynb",  # another assignment
    "ada_01_chain_rule.ipynb.txt",
    "ada_01_chain_rule.py",
    "_x_01_chain_rule.ipynb",
    ".._x_01_chain_rule.ipynb",  # a student id must start with a letter or digit
    "ada_x_01_chain_rule_old.ipynb",
    "notes.txt",
])
def test_a_name_that_is_no_students_notebook_refuses_the_zip(tmp_path, name):
    archive = tmp_path / "d.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("ada_x_01_chain_rule.ipynb", "{}")
        z.writestr(name, "{}")
    with pytest.raises(ZipRefused, match="match no student's 01_chain_rule notebook") as refused:
        _check_zip(archive, ASSIGNMENT, _zip_regexp(ZIP_NAME, ASSIGNMENT))
    assert repr(name) in str(refused.value)


def test_a_pattern_of_ones_own(tmp_path):
    archive = tmp_path / "d.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("01_chain_rule--ada.ipynb", "{}")
        z.writestr("01_chain_rule--...ipynb", "{}")  # a student id ".." would be a folder outside submitted/
    regexp = _zip_regexp(r"(?P<file_id>{assignment})--(?P<student_id>.*)\.ipynb", ASSIGNMENT)
    with pytest.raises(ZipRefused, match=r"match no student's .*: '01_chain_rule--\.\.\.ipynb'$"):
        _check_zip(archive, ASSIGNMENT, regexp)
    with pytest.raises(ZipRefused, match="needs the named groups student_id and file_id"):
        _zip_regexp(r"(?P<student_id>\w+)_{assignment}\.ipynb", ASSIGNMENT)
    with pytest.raises(ZipRefused, match="not a regular expression"):
        _zip_regexp(r"(?P<student_id>\w+", ASSIGNMENT)


def test_a_second_zip_replaces_a_students_notebook(tmp_path):
    grader = ClassGrader(tmp_path / "class")
    for content in ("first", "second"):
        archive = tmp_path / f"{content}.zip"
        with zipfile.ZipFile(archive, "w") as z:
            z.writestr("ada_1_01_chain_rule.ipynb", json.dumps({"content": content}))
        assert collect_zip(archive, grader, ASSIGNMENT) == ["ada"]
        submitted = notebooks.notebook_path(grader.submitted / "ada", ASSIGNMENT)
        assert json.loads(submitted.read_text()) == {"content": content}
    assert [p.name for p in (grader.submitted / "ada" / ASSIGNMENT).iterdir()] == [f"{ASSIGNMENT}.ipynb"]


# ---------------------------------------------------------------------------- grading a zip

def test_a_zip_entry_that_matches_no_student_is_a_clear_error(tmp_path):
    archive = tmp_path / "downloads.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("ada_4711_01_chain_rule.ipynb", _notebook_json("ada"))
        z.writestr("01_chain_rule.ipynb", _notebook_json("ben"))
    class_dir = tmp_path / "class"
    out = _cli("grade", "--zip", archive, "--assignment", ASSIGNMENT, "--class-dir", class_dir, timeout=120)
    assert out.returncode == 2, out.stdout + out.stderr
    assert ("error: downloads.zip refused, nothing collected: entries that match no student's 01_chain_rule "
            "notebook (expected names like '<student>_<anything>_01_chain_rule.ipynb'): '01_chain_rule.ipynb'"
            in out.stderr)
    assert not (class_dir / "submitted").exists() and not (class_dir / "results.json").exists()


def test_zip_slip_writes_nothing_outside_the_class_folder(tmp_path):
    class_dir = tmp_path / "a" / "b" / "class"
    # collected under class/downloaded/<assignment>/extracted/<zip>/: seven ".." reach tmp_path
    slips = ["../evil.ipynb", "../" * 7 + "evil.ipynb", "../ada_x_01_chain_rule.ipynb", str(tmp_path / "evil.ipynb")]
    archive = tmp_path / "downloads.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("cy_1_01_chain_rule.ipynb", _notebook_json("cy"))
        for name in slips:
            z.writestr(name, _notebook_json("ada"))
    assert {i.filename for i in zipfile.ZipFile(archive).infolist()} >= set(slips[:3])  # kept as written
    out = _cli("grade", "--zip", archive, "--assignment", ASSIGNMENT, "--class-dir", class_dir, timeout=120)
    assert out.returncode == 2, out.stdout + out.stderr
    assert "entries that would be written outside the class folder" in out.stderr
    for name in slips[:3]:
        assert repr(name) in out.stderr
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")
                     if p.name.endswith(".ipynb") or p.name == "evil.ipynb")
    assert written == [], written
    assert not (class_dir / "submitted").exists()


@pytest.mark.slow
def test_a_zip_is_collected_into_submitted_and_graded(tmp_path):
    archive = tmp_path / "downloads.zip"
    ada, ben = _notebook_json("ada"), _notebook_json("ben")
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("downloads/ada_4711_99_01_chain_rule.ipynb", ada)
        z.writestr("ben_4712_01_chain_rule-1.ipynb", ben)
    class_dir = tmp_path / "class"
    out = _cli("grade", "--zip", archive, "--assignment", ASSIGNMENT, "--class-dir", class_dir,
               "--workers", "2", "--no-feedback")
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"collected 2 notebook(s) of {ASSIGNMENT} from {archive}" in out.stdout
    assert notebooks.notebook_path(class_dir / "submitted" / "ada", ASSIGNMENT).read_text() == ada
    assert notebooks.notebook_path(class_dir / "submitted" / "ben", ASSIGNMENT).read_text() == ben
    results = {r["student"]: r for r in json.loads((class_dir / "results.json").read_text())}
    assert sorted(results) == ["ada", "ben"]
    assert results["ada"]["score"] == results["ada"]["max_score"] > 0 and not results["ada"]["error"]
    assert results["ben"]["score"] == 0 and not results["ben"]["error"]


# ---------------------------------------------------------------------------- folder mode: what a folder name can do

HOSTILE_IDS = {
    "evil,22,x\n01_chain_rule,,,mallory": "a comma and a newline: a forged row of grades.csv",
    "=HYPERLINK(\"http://x\")": "a spreadsheet formula",
    "\x1b[31mred\x1b[0m": "terminal escape codes",
    "-rf": "an option-like name",
}


@pytest.mark.slow
def test_folder_names_that_are_no_student_ids_are_refused_and_the_rest_graded(tmp_path):
    """A refused folder is named with the reason, never enrolled, never in grades.csv; the others are graded."""
    import csv

    submitted = tmp_path / "in"
    for name in [*HOSTILE_IDS, "ada"]:
        path = notebooks.notebook_path(submitted / name, ASSIGNMENT)
        path.parent.mkdir(parents=True)
        path.write_text(_notebook_json("ada"))
    out = _cli("grade", submitted, "--assignment", ASSIGNMENT, "--class-dir", tmp_path / "cls", "--no-feedback",
               "--workers", "1")
    assert out.returncode == 0, out.stderr[-2000:]
    refused = [line for line in out.stderr.splitlines() if line.startswith("refused: ")]
    assert len(refused) == len(HOSTILE_IDS), out.stderr
    assert "\x1b" not in out.stdout + out.stderr  # escapes are shown as \x1b, never sent to the terminal
    with open(tmp_path / "cls" / "grades.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(row["student_id"], float(row["score"])) for row in rows] == [("ada", 22.0)]
    assert not any((tmp_path / "cls" / "submitted" / name).exists() for name in HOSTILE_IDS)


def test_grades_csv_quotes_every_field_and_defuses_formulas(tmp_path):
    import csv

    from nbgrader.api import Gradebook

    grader = ClassGrader(tmp_path / "cls")
    grader.prepare(ASSIGNMENT)
    with Gradebook(grader.db_url) as gb:
        gb.update_or_create_student("ada", first_name="Ada, Countess", last_name="=1+1", email='"quoted"@x.org')
    with open(grader.export(), newline="") as f:
        [row] = list(csv.DictReader(f))
    assert (row["first_name"], row["last_name"], row["email"]) == ("Ada, Countess", "'=1+1", '"quoted"@x.org')


def test_hidden_tests_that_fail_the_reference_answers_grade_nobody(tmp_path, monkeypatch):
    """A broken hidden test (an error of the course) stops that assignment for everyone, loudly, and is not
    remembered as graded: fixed, the next run grades the class."""
    solutions = tmp_path / "solutions"
    shutil.copytree(COURSE.solutions / ASSIGNMENT, solutions / ASSIGNMENT)
    path = notebooks.notebook_path(solutions, ASSIGNMENT)
    nb = notebooks.read(path)
    hidden = next(c for c in nb.cells if notebooks.grade_id(c) == "test_chain_forward_hidden")
    hidden.source = hidden.source.replace("_vals, likely_mistakes", "_vals[::-1], likely_mistakes")
    notebooks.write(nb, path)
    grader = ClassGrader(tmp_path / "cls", workers=0, course=notebooks.Course(tmp_path))
    grader.add_submission("ada", ASSIGNMENT, build_submission(Entry("ada", ASSIGNMENT, {})))
    [result] = grader.grade_all([("ada", ASSIGNMENT)], feedback=False)
    assert "fail on its reference answers" in result.error and "test_chain_forward_hidden" in result.error
    assert result.score == 0 and grader._saved_result("ada", ASSIGNMENT) is None


def test_the_grade_table_gives_a_long_student_id_a_column_of_its_own():
    from autograder.results import SubmissionResult, grade_table

    long_id = "zoe-nunez-2461-from-canvas"
    table = grade_table([SubmissionResult(long_id, "01_chain_rule", 3, 22),
                         SubmissionResult("ada", "01_chain_rule", 22, 22)])
    rows = table.splitlines()
    assert rows[2].startswith(long_id + " ") and rows[2].split() == [long_id, "3/22"]
    assert len({len(r) for r in rows}) == 1  # the columns line up
