"""Submissions that attack the grader get no undeserved point and break nothing else.

One class, graded once through the real grader (two workers, small limits): an
honest ``control`` student and one student per attack on notebook 1. Most
attacks answer ``largest_stable_learning_rate`` (the TARGET: only its own tests
call it) with the code in ``tests/redteam/<attack>.py``; the others hand in
files that are not notebooks, or alter the test cells. For every attack:

* it gets no undeserved point: the TARGET's hidden test scores 0 (its visible
  test runs in the kernel and carries no points), every other cell of the notebook
  is graded as usual, no cell is worth more than in the source; a submission
  nbgrader refuses scores 0;
* the grader says why, in the failed cells' messages or as the submission's error;
* it breaks nothing: the control student's grades are full and the same as when
  graded alone, every file under ``submitted/`` is unchanged, nothing connected
  to the test's listening socket, no process is left behind, every submission
  was graded by a worker that survived.

The fork bomb is bounded in the attack itself and graded last. A submission
folder holding a symbolic link (to the solutions, say) is refused before
anything is copied. Monkeypatching attacks are in test_tamper.py.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import os
import re
import shutil
import socket
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import COURSE, Entry, build_submission

from autograder import cgroups, notebooks
from autograder.grading import ClassGrader
from autograder.sandbox import Limits, sandbox_status

pytestmark = pytest.mark.slow

ASSIGNMENT = "01_chain_rule"
TARGET = "largest_stable_learning_rate"
VISIBLE, HIDDEN = f"test_{TARGET}_visible", f"test_{TARGET}_hidden"
REDTEAM = Path(__file__).parent / "redteam"
LIMITS = Limits(cell_timeout=10, notebook_timeout=30, memory_mb=2048, cpu_seconds=60, processes=64, cpus=1.0,
                scratch_mb=64, work_mb=32, output_mb_per_cell=1, output_mb=4, require_sandbox=True)


@dataclass(frozen=True)
class Attack:
    kind: str  # "code": TARGET answered by redteam/<name>.py; "cells": test cells altered; "file": no notebook
    reason: str  # a regular expression the TARGET tests' messages (or the submission's error) match
    refused: bool = False  # nbgrader refuses the submission as a whole


NOT_DONE = r"not implemented yet"
NO_VALUE = r"returned None"
ATTACKS = {
    "infinite_loop": Attack("code", r"^CellTimeoutError: the cell did not finish within 10 s"),
    "memory_bomb": Attack("code", r"MemoryError|DeadKernelError"),
    "sys_exit": Attack("code", r"did not come back from the kernel: SystemExit"),
    "os_exit": Attack("code", r"^DeadKernelError: the kernel died while running this cell \(exit status 0\)"),
    "ipython_exit": Attack("code", r"^DeadKernelError: this cell ended the kernel \(exit\(\) or quit\(\)\)"),
    "segfault": Attack("code", r"^DeadKernelError: the kernel died .*SIGSEGV"),
    "output_flood": Attack("code", r"OutputLimitError|dropped|KeyboardInterrupt|CellTimeoutError"),
    "huge_print": Attack("code", r"OutputLimitError: the kernel sent a message larger than the grader accepts"),
    "escape": Attack("code", NOT_DONE),
    "hard_coded": Attack("code", r"entries are wrong"),
    "edited_tests": Attack("cells", NOT_DONE),
    "deleted_tests": Attack("cells", r"missing from the submission"),
    "duplicated_tests": Attack("cells", r"^preparing duplicated_tests/01_chain_rule failed", refused=True),
    "unflagged_tests": Attack("cells", r"^preparing unflagged_tests/01_chain_rule failed", refused=True),
    "reordered_tests": Attack("cells", NOT_DONE),
    "invalid_json": Attack("file", r"not a valid notebook", refused=True),
    "python_script": Attack("file", r"not a valid notebook", refused=True),
    "missing_notebook": Attack("file", r"no 01_chain_rule\.ipynb in the submission", refused=True),
    "write_through": Attack("code", r"entries are wrong"),  # graded twice
    "disk_fill": Attack("code", r"entries are wrong"),
    "home_fill": Attack("code", r"entries are wrong"),
    "late_kill": Attack("code", r"entries are wrong"),  # the kernel dies in a later, locked cell
    "nested_outputs": Attack("code", r"entries are wrong"),
    "tree_memory": Attack("code", r"entries are wrong"),
    "busy_children": Attack("code", r"entries are wrong"),
    "fork_bomb": Attack("code", NO_VALUE),  # graded last
}
SLOW = "slow_notebook"  # every answer sleeps: the notebook time limit stops it
SYMLINK = "symlink_solution"  # a symbolic link to the solutions in the submission folder
HTML = "html_injection"  # a right answer whose outputs would run scripts in its feedback page
MARKER = "marker_comment"  # a right answer whose comments name the hidden-test marker: nbgrader's feedback fails


def _blank_target() -> str:
    release = notebooks.read(COURSE.release(ASSIGNMENT))
    return next(c.source for c in release.cells if notebooks.grade_id(c) == TARGET)


def _altered_tests(name: str):
    """The reference answers, the TARGET left blank, and its test cells altered so that they would
    pass if the alteration stood."""
    nb = build_submission(Entry(name, ASSIGNMENT, {TARGET: _blank_target()}))
    tests = [c for c in nb.cells if notebooks.grade_id(c) in (VISIBLE, HIDDEN)]
    if name == "edited_tests":  # tests that test nothing, one worth 100 points
        for cell in tests:
            cell.source = "pass"
        tests[0].metadata.nbgrader["points"] = 100
    elif name == "unflagged_tests":  # tests that are no longer graded cells
        for cell in tests:
            cell.metadata.nbgrader["grade"] = False
    elif name == "deleted_tests":
        nb.cells = [c for c in nb.cells if c not in tests]
    elif name == "duplicated_tests":  # an empty copy of each test cell ahead of it
        for cell in tests:
            duplicate = copy.deepcopy(cell)
            duplicate.source, duplicate["id"] = "pass", f"copy-{cell['id']}"
            nb.cells.insert(nb.cells.index(cell), duplicate)
    elif name == "reordered_tests":  # the tests moved to the end
        nb.cells = [c for c in nb.cells if c not in tests] + tests
    return nb


def _slow_notebook():
    """Every answer sleeps 4 s: each cell within the cell time limit, the notebook far over its own."""
    answers = notebooks.reference_answers(notebooks.read(COURSE.source(ASSIGNMENT)))
    return build_submission(Entry(SLOW, ASSIGNMENT,
                                  {k: "import time\ntime.sleep(4)\n" + v for k, v in answers.items()}))


def _data_dir() -> str:
    from course.data import data_dir

    return str(data_dir())


def _tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _processes_in(folder: Path) -> list[int]:
    """Processes working in ``folder`` or in a kernel's working folder (a kernel, or anything it started)."""
    import tempfile

    roots = (str(folder), os.path.join(tempfile.gettempdir(), "course-work-"))
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if os.readlink(f"/proc/{entry.name}/cwd").startswith(roots):
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def _kernel_cgroups() -> set[str]:
    """The kernels' cgroups that exist now, in every hierarchy the grader uses."""
    found = cgroups.find_hierarchy()
    if not isinstance(found, cgroups.Hierarchy):
        return set()
    return {str(p) for base in set(found.dirs.values()) for p in base.glob(f"{cgroups.PREFIX}*")}


def _work_folders() -> set[str]:
    import tempfile

    return {p.name for p in Path(tempfile.gettempdir()).glob("course-work-*")}


@dataclass
class Graded:
    class_dir: Path
    results: dict  # student -> SubmissionResult
    alone: object  # the control student's SubmissionResult, graded alone
    streams: dict  # student -> {grade_id: what the cell printed}
    digest_before: dict
    digest_after: dict
    connections: list
    leftover: list
    seconds: float
    again: object  # write_through graded a second time
    canary: tuple  # (path, its content before grading)
    work_folders: tuple  # the grader's working folders before and after grading
    kernel_cgroups: tuple  # the kernels' cgroups before and after grading


@pytest.fixture(scope="session")
def redteam(tmp_path_factory):
    from autograder.grading import ClassGrader

    status = sandbox_status(LIMITS)
    if status["sandbox"] is None:
        pytest.skip(f"the red-team suite needs the sandbox: {status['reason']}")

    alone_dir = tmp_path_factory.mktemp("redteam-alone")
    alone = ClassGrader(alone_dir, workers=0, limits=LIMITS)
    alone.add_submission("control", ASSIGNMENT, build_submission(Entry("control", ASSIGNMENT, {})))
    alone_result = alone.grade_all([("control", ASSIGNMENT)], feedback=False)[0]

    grader = ClassGrader(tmp_path_factory.mktemp("redteam"), workers=2, limits=LIMITS)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    canary = tmp_path_factory.mktemp("canary") / "canary.txt"
    canary.write_text("untouched")
    placeholders = {"__REPO__": str(COURSE.root), "__CLASS_DIR__": str(grader.class_dir), "__CANARY__": str(canary),
                    "__PORT__": str(listener.getsockname()[1]), "__DATA_DIR__": _data_dir(),
                    "__MEMORY_MB__": str(LIMITS.memory_mb)}

    grader.add_submission("control", ASSIGNMENT, build_submission(Entry("control", ASSIGNMENT, {})))
    grader.add_submission(SLOW, ASSIGNMENT, _slow_notebook())
    path = grader.add_submission(SYMLINK, ASSIGNMENT, build_submission(
        Entry(SYMLINK, ASSIGNMENT, {TARGET: (REDTEAM / f"{SYMLINK}.py").read_text()})))
    (path.parent / "leak.txt").symlink_to(COURSE.source(ASSIGNMENT))
    for name, attack in ATTACKS.items():
        if attack.kind == "code":
            code = (REDTEAM / f"{name}.py").read_text()
            for key, value in placeholders.items():
                code = code.replace(key, value)
            grader.add_submission(name, ASSIGNMENT, build_submission(Entry(name, ASSIGNMENT, {TARGET: code})))
        elif attack.kind == "cells":
            grader.add_submission(name, ASSIGNMENT, _altered_tests(name))
        else:
            path = notebooks.notebook_path(grader.submitted / name, ASSIGNMENT)
            path.parent.mkdir(parents=True)
            if name != "missing_notebook":
                path.write_bytes((REDTEAM / "files" / f"{name}.txt").read_bytes())

    grader.add_submission(HTML, ASSIGNMENT, build_submission(
        Entry(HTML, ASSIGNMENT, {TARGET: (REDTEAM / f"{HTML}.py").read_text()})))
    right = notebooks.reference_answers(notebooks.read(COURSE.source(ASSIGNMENT)))[TARGET]
    grader.add_submission(MARKER, ASSIGNMENT, build_submission(
        Entry(MARKER, ASSIGNMENT,
              {TARGET: f"# {notebooks.HIDDEN_MARKERS[0]}\n{right}\n{notebooks.HIDDEN_MARKERS[0]}"})))
    digest_before = _tree_digest(grader.submitted)
    work_before, cgroups_before = _work_folders(), _kernel_cgroups()
    start = time.perf_counter()
    graded = grader.grade_all([("control", ASSIGNMENT), (SLOW, ASSIGNMENT), (SYMLINK, ASSIGNMENT)]
                              + [(n, ASSIGNMENT) for n in ATTACKS], feedback=False)
    seconds = time.perf_counter() - start
    again = grader.grade_all([("write_through", ASSIGNMENT)], feedback=False, force=True)[0]
    graded += grader.grade_all([(HTML, ASSIGNMENT), (MARKER, ASSIGNMENT)], feedback=True)

    connections = []
    try:
        while True:
            connections.append(listener.accept()[1])
    except BlockingIOError:
        pass
    listener.close()
    deadline = time.monotonic() + 10
    while _processes_in(grader.class_dir) and time.monotonic() < deadline:
        time.sleep(0.5)

    streams = {}
    for result in graded:
        path = notebooks.notebook_path(grader.class_dir / "autograded" / result.student, ASSIGNMENT)
        if path.is_file() and not result.error:
            streams[result.student] = {
                notebooks.grade_id(c) or c.get("id"): "".join(o.get("text", "") for o in c.get("outputs", [])
                                                             if o.get("output_type") == "stream")
                for c in notebooks.read(path).cells if c.cell_type == "code"}
    return Graded(grader.class_dir, {r.student: r for r in graded}, alone_result, streams, digest_before,
                  _tree_digest(grader.submitted), connections, _processes_in(grader.class_dir), seconds,
                  again, (canary, "untouched"), (work_before, _work_folders()), (cgroups_before, _kernel_cgroups()))


def _cells(result) -> dict:
    return {c.grade_id: c for c in result.cells}


def _max_points() -> dict[str, float]:
    return notebooks.test_cells(notebooks.read(COURSE.source(ASSIGNMENT)))


# ---------------------------------------------------------------------------- the class as a whole

def test_the_sandbox_is_in_force():
    status = sandbox_status(LIMITS)
    if status["sandbox"] is None:
        pytest.skip(f"no sandbox here: {status['reason']}")
    assert status["processes"] == LIMITS.processes
    assert status["network"].startswith("none")


def test_control_gets_full_points_as_when_graded_alone(redteam):
    control, alone = redteam.results["control"], redteam.alone
    assert not control.error and not alone.error, control.error or alone.error
    assert control.score == control.max_score == sum(_max_points().values())
    assert [(c.grade_id, c.points, c.message) for c in control.cells] == \
        [(c.grade_id, c.points, c.message) for c in alone.cells]


def test_every_submission_was_graded_by_a_surviving_worker(redteam):
    assert set(redteam.results) == {"control", SLOW, SYMLINK, HTML, MARKER, *ATTACKS}
    for result in redteam.results.values():
        assert "BrokenProcessPool" not in result.error and "terminated abruptly" not in result.error, result.error


def test_a_submission_that_could_not_be_graded_is_a_zero_in_the_grade_table(redteam):
    with open(ClassGrader(redteam.class_dir).export(), newline="") as f:
        rows = {row["student_id"]: row for row in csv.DictReader(f)}
    refused = [name for name, attack in ATTACKS.items() if attack.refused]
    assert refused
    for name in refused:
        assert float(rows[name]["score"]) == 0, rows[name]
    assert float(rows["control"]["score"]) == sum(_max_points().values())


def test_no_submitted_file_changed(redteam):
    assert redteam.digest_after == redteam.digest_before


def test_no_process_is_left_behind(redteam):
    assert redteam.leftover == []


def test_no_kernel_cgroup_is_left_behind(redteam):
    before, after = redteam.kernel_cgroups
    assert after <= before, f"cgroups left behind: {sorted(after - before)}"


def test_each_notebook_ends_within_its_time_limit(redteam):
    for result in redteam.results.values():
        # the notebook's limit, plus kernel start-up and nbgrader's own steps
        assert result.seconds < LIMITS.notebook_timeout + 15, f"{result.student} took {result.seconds:.0f} s"


# ---------------------------------------------------------------------------- each attack

@pytest.mark.parametrize("name", list(ATTACKS))
def test_attack_gets_no_undeserved_point(redteam, name):
    attack, result = ATTACKS[name], redteam.results[name]
    if attack.refused:
        assert result.error and result.score == 0 and not result.cells
        return
    assert not result.error, result.error
    expected = _max_points()
    cells = _cells(result)
    assert set(cells) == set(expected)
    for grade_id, cell in cells.items():
        assert cell.max_points == expected[grade_id], f"{grade_id} is worth {cell.max_points}"
        if grade_id == HIDDEN:
            assert cell.points == 0, f"{grade_id} gives {cell.points} to the attack"
        else:
            assert cell.points == cell.max_points, f"{grade_id} lost points to another cell's attack: {cell.message}"


@pytest.mark.parametrize("name", list(ATTACKS))
def test_the_grader_says_why(redteam, name):
    attack, result = ATTACKS[name], redteam.results[name]
    if attack.refused:
        messages = [result.error]
    else:
        messages = [c.message for c in result.cells if c.grade_id == HIDDEN]
    for message in messages:
        assert re.search(attack.reason, message), f"{name}: {message!r} does not match {attack.reason!r}"


def test_escape_reads_writes_connects_and_kills_nothing(redteam):
    report = redteam.streams["escape"][TARGET].splitlines()
    attempts = [line for line in report if not line.startswith(("OWN FOLDER", "DATA"))]
    assert len(attempts) == 17 and all(line.startswith("BLOCKED") for line in attempts), "\n".join(report)
    # not visible at all (as if absent), except what is read-only
    assert all(line.endswith("FileNotFoundError") for line in attempts if line.startswith("BLOCKED read"))
    # refused inside the kernel's own network namespace; no route out of it
    connects = [line for line in attempts if line.startswith("BLOCKED connect")]
    assert connects[0].endswith("ConnectionRefusedError 111") and connects[1].endswith("OSError 101"), connects
    assert redteam.connections == []
    assert "own_scratch.txt" in next(line for line in report if line.startswith("OWN FOLDER"))
    if any(Path(_data_dir()).glob("*.npz")):  # the data cache is there, readable
        assert any(line.startswith("DATA") for line in report)
    assert not (redteam.class_dir / "submitted" / "control" / ASSIGNMENT / "planted.txt").exists()
    assert not (COURSE.root / "solutions" / "planted.txt").exists()
    assert not (COURSE.root / "course" / "planted.py").exists()


def test_the_fork_bomb_is_stopped_by_the_process_limit(redteam):
    forks = [int(n) for n in re.findall(r"FORKS (\d+)", redteam.streams["fork_bomb"][TARGET])]
    assert forks and max(forks) < LIMITS.processes, forks


needs_cgroups = pytest.mark.skipif(sandbox_status(LIMITS)["cgroups"] is None,
                                   reason=f"no cgroups here: {sandbox_status(LIMITS)['cgroups_reason']}")


@needs_cgroups
def test_memory_spread_over_a_process_tree_is_capped_for_the_tree(redteam):
    """Four children, each under the per-process limit, cannot hold more than the kernel's memory together."""
    report = redteam.streams["tree_memory"][TARGET]
    held = re.search(r"TREE HELD (\d+) MB in (\d+) of 4 children", report)
    assert held, report
    assert 1 <= int(held.group(2)) and int(held.group(1)) <= LIMITS.memory_mb, report
    # the attack could exceed it
    assert 4 * int(re.search(r"each (\d+) MB", report).group(1)) > LIMITS.memory_mb, report


@needs_cgroups
def test_cpu_spread_over_a_process_tree_gets_the_kernels_share(redteam):
    """Thirty busy children, in sessions of their own, get no more CPU than one kernel may use."""
    report = redteam.streams["busy_children"][TARGET]
    cores = re.search(r"TREE CPU ([\d.]+) cores", report)
    assert cores, report
    assert float(cores.group(1)) <= 1.25 * LIMITS.cpus, report


def test_output_floods_are_cut(redteam):
    for name in ("output_flood", "huge_print"):
        path = notebooks.notebook_path(redteam.class_dir / "autograded" / name, ASSIGNMENT)
        assert path.stat().st_size < 2 * LIMITS.output_mb * 2**20, f"{name}: {path.stat().st_size} bytes kept"


def test_a_notebook_over_its_time_limit_is_stopped_and_graded_so_far(redteam):
    result = redteam.results[SLOW]
    assert not result.error, result.error
    order = list(_max_points())
    cells = sorted(result.cells, key=lambda c: order.index(c.grade_id))
    stopped = [i for i, c in enumerate(cells) if "the notebook ran out of time" in c.message]
    assert stopped, [c.message for c in cells]
    assert all(c.points == c.max_points for c in cells[:stopped[0]]), \
        "the cells before the time limit keep their points"
    assert all(c.points == 0 for c in cells[stopped[0]:])


def test_a_symbolic_link_in_the_submission_leaks_nothing(redteam):
    result = redteam.results[SYMLINK]
    assert result.score == 0 if result.error else all(c.points == 0 for c in result.cells if c.grade_id == HIDDEN)
    assert "LEAKED" not in redteam.streams.get(SYMLINK, {}).get(TARGET, "")


def test_the_working_folder_is_fresh_and_gone_after_each_run(redteam):
    """A kernel that poisons its working folder (links out, a planted module, a link loop) harms no later run."""
    report = redteam.streams["write_through"][TARGET]
    assert "LINKED models.py" in report and "PLANTED" in report, report  # the attack ran
    canary, content = redteam.canary
    assert canary.read_text() == content
    first, again = redteam.results["write_through"], redteam.again
    assert not again.error, again.error
    assert [(c.grade_id, c.points, c.message) for c in again.cells] == \
        [(c.grade_id, c.points, c.message) for c in first.cells]
    before, after = redteam.work_folders
    assert after <= before, f"working folders left behind: {sorted(after - before)}"
    assert not (redteam.class_dir / "scratch").exists()


def test_a_full_disk_stops_the_kernel_at_its_working_folders_size(redteam):
    report = redteam.streams["disk_fill"][TARGET]
    written = [int(n) for n in re.findall(r"DISK STOPPED after (\d+) MB", report)]
    assert written and max(written) <= LIMITS.work_mb, report


def test_a_full_home_stops_the_kernel_at_its_private_folders_size(redteam):
    """The kernel's home and sockets are a tmpfs of its own (as root): filling it fills nothing of the grader's."""
    from autograder.kernel import LimitedKernelManager

    if os.geteuid() != 0:
        pytest.skip("the private folder is a tmpfs of its own only when the grader runs as root")
    report = redteam.streams["home_fill"][TARGET]
    written = [int(n) for n in re.findall(r"HOME STOPPED after (\d+) MB", report)]
    assert written and max(written) <= LimitedKernelManager.private_mb.default_value, report


def test_deeply_nested_outputs_count_at_their_real_size(redteam):
    path = notebooks.notebook_path(redteam.class_dir / "autograded" / "nested_outputs", ASSIGNMENT)
    assert path.stat().st_size < 2 * LIMITS.output_mb * 2**20, f"{path.stat().st_size} bytes kept"


def _active_content(html: str) -> list[str]:
    """What of the submission's own a browser would run: its scripts, event handlers, javascript: links."""
    from html.parser import HTMLParser

    found = []

    class Reader(HTMLParser):
        script = False

        def handle_starttag(self, tag, attrs):
            self.script = tag == "script"
            for name, value in attrs:
                if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                    found.append(f"<{tag} {name}={value!r}>")

        def handle_data(self, data):
            if self.script and "PWNED" in data:
                found.append(f"<script>{data.strip()[:80]}")

        def handle_endtag(self, tag):
            self.script = False

    Reader().feed(html)
    return found


def test_feedback_pages_run_no_script_of_a_submission(redteam, tmp_path):
    import subprocess

    from autograder.feedback import META

    result = redteam.results[HTML]
    assert result.score == result.max_score and not result.feedback_error, result.feedback_error
    page = redteam.class_dir / "feedback" / HTML / ASSIGNMENT / f"{ASSIGNMENT}.html"
    html = page.read_text()
    assert META in html[:html.index("</head>")]
    assert "bold text stays" in html
    found = _active_content(html)
    assert not found, f"the page still holds what a browser would run: {found[:3]}"
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("no Chromium here to open the page in")
    dom = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                          "--disable-component-update", "--disable-sync", "--no-first-run",
                          "--host-resolver-rules=MAP * ~NOTFOUND",  # offline: no name resolves
                          f"--user-data-dir={tmp_path}", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    assert "bold text stays" in dom, dom[:500]
    assert "PWNED" not in re.search(r"<title>(.*?)</title>", dom, re.S).group(1)


def test_feedback_pages_show_their_maths_offline_and_under_the_policy(redteam):
    """Every formula is typeset as SVG in the page itself: nothing to load, no script to run."""
    from autograder.feedback import maths_problem

    if maths_problem():
        pytest.skip(f"formulas cannot be typeset here: {maths_problem()}")
    page = redteam.class_dir / "feedback" / HTML / ASSIGNMENT / f"{ASSIGNMENT}.html"
    html = page.read_text()
    source = notebooks.read(COURSE.source(ASSIGNMENT))
    markdown = "".join(c.source for c in source.cells if c.cell_type == "markdown")
    display = markdown.count("$$") // 2
    formulas = display + (markdown.count("$") - 4 * display) // 2
    typeset = len(re.findall(r"<mjx-container[^>]*><svg", html))
    assert typeset >= formulas > 20, (typeset, formulas)
    assert "mathjax" not in " ".join(re.findall(r"<script[^>]*>", html)).lower()
    text = re.sub(r"<(pre|code|style|svg)\b.*?</\1>", "", html, flags=re.S)
    assert not re.search(r"\$[^$<]*\\(frac|partial|mathbf)", text), "a formula was left as LaTeX"
    assert "maths stays" in html and not re.search(r'style="[^"]*color: ?red', html)  # \\style was refused


def test_a_feedback_page_that_cannot_be_written_changes_no_grade(redteam):
    result = redteam.results[MARKER]
    assert not result.error and result.score == result.max_score, result.error
    assert result.feedback_error.startswith(f"feedback for {MARKER}/{ASSIGNMENT} failed"), result.feedback_error
    with open(ClassGrader(redteam.class_dir).export(), newline="") as f:
        rows = {row["student_id"]: row for row in csv.DictReader(f)}
    assert float(rows[MARKER]["score"]) == result.max_score
