"""Submissions that patch what the tests call get no undeserved point.

Each attack answers ``central_difference`` wrongly (it returns zeros) and
patches something so that the checks in its own kernel pass anyway. The grader
re-checks every test in its own process (autograder.verify) and must zero the
tests of ``central_difference`` while grading the rest of the notebook as usual.
"""

from __future__ import annotations

import os

import pytest

from autograder import notebooks
from conftest import Entry, build_submission

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
    # rebinding the checks that the test cells call by name
    "rebind_check_array": WRONG + '''
def check_array(*args, **kwargs):
    print("OK")
''',
    # patching the comparison inside the course package: every report says "correct"
    "patch_course_gradcheck": WRONG + '''
import course.gradcheck
_compare = course.gradcheck.compare
def _always_ok(*args, **kwargs):
    report = _compare(*args, **kwargs)
    report.ok = True
    return report
course.gradcheck.compare = _always_ok
''',
    # switching the records off and the checks to no-ops
    "patch_course_testing": WRONG + '''
import course.testing
course.testing._RECORDING = False
check_array = course.testing.check_array = lambda *args, **kwargs: print("OK")
''',
    # patching numpy so that every relative error computed in the kernel is 0
    "patch_numpy_abs": WRONG + '''
import numpy
numpy.abs = lambda a, *args, **kwargs: numpy.zeros_like(numpy.asarray(a, dtype=float))
''',
    # the comparison helpers students might expect tests to use
    "patch_allclose": WRONG + '''
import numpy
numpy.allclose = lambda *args, **kwargs: True
numpy.testing.assert_allclose = lambda *args, **kwargs: None
''',
    # a result in the test cell's output: stock nbgrader reads a non-number result as full marks
    "forge_cell_result": """
def central_difference(f, x, h=1e-5):
    import sys
    sys.displayhook("full marks")
    return 0.0 * x
""",
    # overriding a builtin that the comparison uses: every count of wrong entries becomes 0
    "override_builtin_int": WRONG + '''
import builtins
_int = int
builtins.int = lambda x=0, *args: 0 if hasattr(x, "dtype") else _int(x, *args)
''',
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from autograder.execution import Limits
    from autograder.grading import ClassGrader

    # a patch that hangs the kernel must cost seconds, not the default five minutes a cell
    grader = ClassGrader(tmp_path_factory.mktemp("tamper"), workers=os.cpu_count() or 1, limits=Limits(cell_timeout=30))
    entries = [Entry("honest", ASSIGNMENT, {})]
    entries.append(Entry("honest_noisy", ASSIGNMENT, {"central_difference": NOISY.strip()}))
    entries += [Entry(name, ASSIGNMENT, {"central_difference": code.strip()}) for name, code in ATTACKS.items()]
    for entry in entries:
        grader.add_submission(entry.student, entry.assignment, build_submission(entry))
    results = grader.grade_all([(e.student, e.assignment) for e in entries], feedback=False)
    executed = {r.student: notebooks.read(notebooks.notebook_path(grader.class_dir / "autograded" / r.student, ASSIGNMENT))
                for r in results}
    return {r.student: r for r in results}, executed


@pytest.mark.parametrize("student", ["honest", "honest_noisy"])
def test_honest_submission_keeps_full_points(graded, student):
    results, _ = graded
    honest = results[student]
    assert not honest.error and honest.score == honest.max_score


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_attack_gets_no_point_for_the_wrong_answer(graded, attack):
    results, executed = graded
    result = results[attack]
    if result.error:  # the patch broke its own kernel: graded 0, with the reason
        assert result.score == 0 and result.error
        return
    cells = {c.grade_id: c for c in result.cells}
    for grade_id in ("test_central_difference_visible", "test_central_difference_hidden"):
        assert cells[grade_id].points == 0, f"{attack} earns {grade_id}"
    # the rest of the notebook is graded as usual
    others = [c for c in cells.values() if "central_difference" not in c.grade_id]
    lost = [c.grade_id for c in others if c.points < c.max_points]
    if attack in ("rebind_check_array", "patch_course_testing"):
        # the no-op checks run in every later test cell too: none of them can be confirmed
        assert all(c.points == 0 for c in others)
    elif attack == "override_builtin_int":
        pass  # a patched builtin may break the attacker's own later cells: its own loss, nobody else's
    else:
        assert not lost, f"{attack}: honest answers lost points in {lost}"


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_the_attack_fooled_the_kernel_and_the_grader_caught_it(graded, attack):
    """Prove the attack is real: in the kernel the wrong answer passed; the grader's re-check failed it."""
    results, executed = graded
    if attack == "patch_allclose":
        pytest.skip("the checks never used allclose: the kernel was not fooled, the wrong answer fails plainly")
    if attack == "forge_cell_result":
        pytest.skip("the kernel's checks fail plainly; what it forges is nbgrader's reading (tests/test_verify.py)")
    if results[attack].error:
        pytest.skip(f"the patch broke its own kernel: {results[attack].error}")
    cells = {c.grade_id: c for c in results[attack].cells}
    if attack == "override_builtin_int" and not cells["test_central_difference_visible"].message.startswith("Verification"):
        pytest.skip(f"the patch broke its own checks: {cells['test_central_difference_visible'].message}")
    assert cells["test_central_difference_visible"].message.startswith("VerificationError"), \
        cells["test_central_difference_visible"].message
