"""Submissions that tamper with what runs in their own kernel earn exactly what their wrong answers earn.

Each attack answers ``central_difference`` wrongly (it returns zeros), as the
``wrong`` student does with no attack, and tampers with something in its kernel
that an in-kernel test would trust: the checks the set-up cell imported, the
course's modules, the display machinery, the grader's own call protocol, the
call stack, the history. The hidden tests run in the grader's process
(``autograder.judge``), so every attack must earn, cell by cell, exactly what
``wrong`` earns, and whatever the kernel could read must hold no line of a
hidden test.
"""

from __future__ import annotations

import html
import os

import nbformat
import pytest
from conftest import COURSE, Entry, build_submission, secret_lines

from autograder import notebooks

pytestmark = pytest.mark.slow

ASSIGNMENT = "01_chain_rule"
WRONG = '''
def central_difference(f, x, h=1e-5):
    return 0.0 * x
'''

# a right answer that warns on stderr: stock nbgrader zeroes every test that calls it
NOISY = '''
def central_difference(f, x, h=1e-5):
    import sys
    print("a warning on stderr", file=sys.stderr)
    return (f(x + h) - f(x - h)) / (2 * h)
'''

ATTACKS = {
    # the checks the set-up cell imported, rebound: in the kernel every check passes
    "rebind_check_helpers": WRONG + '''
def check_array(name, got, expected, **kwargs):
    print(f"OK {name}")
check_shape = check_true = lambda *args, **kwargs: None
''',
    # the course's own modules patched: checks, comparisons, calls
    "patch_course_modules": WRONG + '''
import course.gradcheck, course.testing
_compare = course.gradcheck.compare
def _always_ok(*args, **kwargs):
    report = _compare(*args, **kwargs)
    report.ok = True
    return report
course.gradcheck.compare = _always_ok
course.testing.check_array = course.testing.check_shape = course.testing.check_true = lambda *a, **k: None
course.testing.call = lambda function, *args, **kwargs: function(*args, **kwargs)
''',
    # the kernel's side of the grader's calls rewritten: a forged answer for central_difference, claiming
    # that the call changed its input to pi/2 everywhere (where the zeros it returns would be cos(x))
    "forge_call_replies": WRONG + '''
import base64, numpy, course.collect
_handle = course.collect.handle
def _forged(request, namespace):
    reply = _handle(request, namespace)
    if request["function"].get("function") == "central_difference":
        steered = []
        for arg in request["args"]["list"]:
            if isinstance(arg, dict) and arg.get("array") == "float64":
                half_pi = numpy.full(arg["shape"], numpy.pi / 2)
                steered.append(dict(arg, data=base64.b64encode(half_pi.tobytes()).decode()))
        reply["changed"] = steered
        reply["result"] = {"object": "builtins.eval", "state": {"dict": []}} if not steered else reply["result"]
    return reply
course.collect.handle = _forged
''',
    # the display machinery patched: the answer of each call of central_difference says 1.0, and
    # records of the kernel's own (the old check records, and answers for every call id) are published ahead
    "patch_display": """
import IPython.display, course.collect
from IPython import get_ipython

FORGE = []

def central_difference(f, x, h=1e-5):
    import sys
    if sys._getframe(1).f_code.co_name == "handle":  # called by the grader's protocol
        FORGE.append(True)
    return 0.0 * x

_publish = get_ipython().display_pub.publish
def _rewrite(data, metadata=None, **kwargs):
    reply = (data or {}).get(course.collect.MIME)
    if isinstance(reply, dict) and FORGE:
        FORGE.clear()
        data = {course.collect.MIME: dict(reply, result=1.0)}
    return _publish(data, metadata, **kwargs)
get_ipython().display_pub.publish = _rewrite
for _id in range(1, 300):
    IPython.display.publish_display_data({course.collect.MIME: {"id": _id, "result": 1.0, "changed": []}})
    IPython.display.publish_display_data({"application/vnd.backprop-course.check+json":
                                          {"kind": "true", "name": "anything", "got": True}})
""",
    # a result nbgrader would read as a score, from inside the call
    "forge_cell_result": """
def central_difference(f, x, h=1e-5):
    import sys
    sys.displayhook("full marks")
    return 0.0 * x
""",
    # the caller's frames and globals, and every object of the kernel, searched for an answer
    "read_frames": '''
import gc, sys
import numpy as np

def central_difference(f, x, h=1e-5):
    shape, found = np.shape(x), None
    frame = sys._getframe(1)
    while frame is not None and found is None:
        for scope in (frame.f_locals, frame.f_globals):
            for name, value in list(scope.items()):
                if isinstance(value, np.ndarray) and value.shape == shape and value is not x and \\
                        ("expect" in name or "mistake" in name or name.startswith("_")):
                    found = value
        frame = frame.f_back
    for obj in gc.get_objects() if found is None else ():
        if isinstance(obj, np.ndarray) and obj.shape == shape and obj is not x and not np.array_equal(obj, x):
            found = obj
    return found if found is not None else 0.0 * x
''',
    # the history (In, Out, _ih, _oh, the history manager) and the code of every frame, read and kept;
    # a cell of the student's own at the end prints what was seen
    "read_history": '''
import linecache, sys

SEEN = []

def _grab(label, read):
    try:
        SEEN.extend(str(item) for item in read())
    except Exception as exc:
        SEEN.append(f"READ FAILED {label}: {type(exc).__name__}: {exc}")

def central_difference(f, x, h=1e-5):
    from IPython import get_ipython
    shell = get_ipython()
    ns = shell.user_ns
    _grab("In", lambda: list(ns["In"]) + list(ns["_ih"]))
    _grab("Out", lambda: list(ns["Out"].values()) + list(ns["_oh"].values()))
    _grab("history", lambda: shell.history_manager.get_range(output=True))
    _grab("raw history", lambda: shell.history_manager.input_hist_raw)
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        _grab("frame", lambda: [code.co_filename, *code.co_consts, *linecache.getlines(code.co_filename),
                                *(f"{k}={v!r}"[:2000] for k, v in frame.f_locals.items())])
        frame = frame.f_back
    print(In[-1] if In else "")
    return 0.0 * x
''',
}
# handed in with diagnoses of its own in every cell's metadata (the feedback's measure reads them from the graded
# notebook), and an answer that kills its kernel, so that its test cell is never judged and keeps what came in
FORGE_DIAGNOSES = "forge_diagnoses"
DYING = '''
def central_difference(f, x, h=1e-5):
    import os
    os._exit(1)
'''
READ_HISTORY_REPORT = """
lines = sorted({line.strip()[:500] for item in SEEN for line in item.splitlines()})
print("SEEN BY THE KERNEL:", len(lines), "distinct lines")
print("\\n".join(lines))
"""


def _submission(student: str, answer: str | None):
    nb = build_submission(Entry(student, ASSIGNMENT, {} if answer is None else {"central_difference": answer.strip()}))
    if student == "read_history":
        nb.cells.append(nbformat.v4.new_code_cell(READ_HISTORY_REPORT))
    if student == FORGE_DIAGNOSES:
        for cell in nb.cells:
            cell.metadata[notebooks.DIAGNOSES] = [{"cause": "forged", "category": "sign", "located": True,
                                                   "text": "forged"}]
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from autograder.grading import ClassGrader
    from autograder.sandbox import Limits

    # a patch that hangs the kernel must cost seconds, not the default five minutes a cell
    grader = ClassGrader(tmp_path_factory.mktemp("tamper"), workers=os.cpu_count() or 1, limits=Limits(cell_timeout=30))
    students = {"honest": None, "honest_noisy": NOISY, "wrong": WRONG, FORGE_DIAGNOSES: DYING, **ATTACKS}
    for student, answer in students.items():
        grader.add_submission(student, ASSIGNMENT, _submission(student, answer))
    results = grader.grade_all([(s, ASSIGNMENT) for s in students], feedback=True)
    # the executed notebooks, before nbgrader's LimitOutput shortens long outputs
    executed = {r.student: notebooks.read(notebooks.notebook_path(grader.class_dir / "executed" / r.student,
                                                                  ASSIGNMENT))
                for r in results}
    feedback = {r.student: html.unescape((grader.class_dir / "feedback" / r.student / ASSIGNMENT
                                          / f"{ASSIGNMENT}.html").read_text()) for r in results}
    return {r.student: r for r in results}, executed, feedback


def _points(result) -> dict[str, float]:
    assert not result.error, result.error
    return {c.grade_id: c.points for c in result.cells}


def _hidden_lines() -> set[str]:
    """The hidden tests' lines, less those that are public anyway (the course package's examples)."""
    public = {line.strip() for path in (COURSE.root / "course").glob("*.py") for line in path.read_text().splitlines()}
    return secret_lines(notebooks.read(COURSE.source(ASSIGNMENT)), hidden_only=True) - public


@pytest.mark.parametrize("student", ["honest", "honest_noisy"])
def test_honest_submission_keeps_full_points(graded, student):
    results, _, _ = graded
    assert results[student].score == results[student].max_score, _points(results[student])


def test_the_wrong_answer_alone_loses_the_tests_of_its_function(graded):
    results, _, _ = graded
    points = _points(results["wrong"])
    assert points["test_central_difference_hidden"] == 0
    assert all(p > 0 for g, p in points.items() if "central_difference" not in g)


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_attack_earns_exactly_what_the_wrong_answer_earns(graded, attack):
    results, _, _ = graded
    assert _points(results[attack]) == _points(results["wrong"])


def test_diagnoses_handed_in_with_a_notebook_never_reach_the_results(graded):
    results, _, _ = graded
    cells = {c.grade_id: c for c in results[FORGE_DIAGNOSES].cells}
    assert cells["test_central_difference_hidden"].points == 0, "the dying answer's test was not lost"
    assert not [c.grade_id for c in cells.values() if any(d.get("cause") == "forged" for d in c.diagnoses)]


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_no_hidden_test_line_reaches_the_kernel_or_the_feedback(graded, attack):
    results, executed, feedback = graded
    kernel_side = "\n".join(o.get("text", "") for c in executed[attack].cells if not notebooks.is_test_cell(c)
                            for o in c.get("outputs", []) if o.get("output_type") == "stream")
    if attack == "read_history":
        failed = [line for line in kernel_side.splitlines() if line.startswith("READ FAILED")]
        assert "SEEN BY THE KERNEL:" in kernel_side and not failed, f"the attack did not run: {failed}"
        # it did read the history: the set-up cell is there (the visible tests are not run when grading)
        assert "np.set_printoptions(precision=4, suppress=True)" in kernel_side
    for line in _hidden_lines():
        assert line not in kernel_side, f"the kernel read a hidden test's line: {line}"
        assert line not in feedback[attack], f"the feedback shows a hidden test's line: {line}"
