"""Every graded cell, proven by really grading submissions through nbgrader.

* the reference answers get full points, and every cell of the solution runs;
* the untouched student notebook gets 0 in every graded cell;
* each wrong answer in tests/mutants/ loses points in its function's hidden
  tests, and its feedback names the cause where the catalogue says one;
* each correct alternative gets full points.
"""

from __future__ import annotations

import pytest
from conftest import (
    CATEGORISED_PARTS,
    COURSE,
    Entry,
    build_submission,
    class_entries,
    load_catalogue,
    part_ids,
    selected_assignments,
    selected_students,
)
from mutation import (
    HELDOUT_TARGET_MISLEADING,
    HELDOUT_TARGET_NAMED,
    HELDOUT_TARGET_NAMED_OR_LOCATED,
    HELDOUT_TARGET_SCORE,
    MIN_MUTANTS_PER_FUNCTION,
    TARGET_NAMED,
    TARGET_SCORE,
    format_heldout_table,
    format_table,
    heldout_table,
    table,
)

from autograder import notebooks

pytestmark = pytest.mark.slow

ASSIGNMENTS = selected_assignments()


def _by_cell(result):
    assert not result.error, f"{result.student}/{result.assignment} could not be graded: {result.error}"
    return {c.grade_id: c for c in result.cells}


def _expected_cells(assignment):
    return notebooks.test_cells(notebooks.read(COURSE.source(assignment)))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_gets_full_points_and_runs_clean(graded_class, assignment):
    result = graded_class[("solution", assignment)]
    cells = _by_cell(result)
    assert set(cells) == set(_expected_cells(assignment))
    for cell in cells.values():
        assert cell.points == cell.max_points, f"{cell.grade_id}: {cell.message}"
    autograded = notebooks.read(notebooks.notebook_path(graded_class["_class_dir"] / "autograded" / "solution",
                                                        assignment))
    for cell in autograded.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", \
                f"cell {cell.get('id')} raised {output.get('ename')}: {output.get('evalue')}"
            assert not (output.output_type == "stream" and output.name == "stderr"), \
                f"cell {cell.get('id')} wrote to stderr: {output.text[:300]}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_feedback_is_written_without_hidden_test_code(graded_class, assignment):
    html = (graded_class["_class_dir"] / "feedback" / "solution" / assignment / f"{assignment}.html").read_text()
    assert "BEGIN HIDDEN TESTS" not in html


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_blank_notebook_gets_zero_everywhere(graded_class, assignment):
    result = graded_class[("blank", assignment)]
    cells = _by_cell(result)
    assert set(cells) == set(_expected_cells(assignment))
    for cell in cells.values():
        assert cell.points == 0, f"{cell.grade_id} gives {cell.points} points to the blank notebook"
        assert "not implemented yet" in cell.message, cell.message
    # outside the test cells, a blank notebook runs without errors: students can "Run all"; the visible tests
    # (no points) say what is missing
    autograded = notebooks.read(notebooks.notebook_path(graded_class["_class_dir"] / "autograded" / "blank",
                                                        assignment))
    for cell in autograded.cells:
        if notebooks.is_test_cell(cell):
            continue
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if (notebooks.grade_id(cell) or "").endswith("_visible"):
            assert errors and "not implemented yet" in errors[0].get("evalue", ""), notebooks.grade_id(cell)
        else:
            assert not errors, f"cell {cell.get('id')} fails on the blank notebook: {errors[0].get('evalue')}"


ENTRIES = class_entries(students=selected_students())
MUTANT_CASES = [(e.assignment, e.student) for e in ENTRIES if e.student.startswith("mutant-")]
ALTERNATIVE_CASES = [(e.assignment, e.student) for e in ENTRIES if e.student.startswith("alternative-")]
HELDOUT_ALTERNATIVE_CASES = [(e.assignment, e.student) for e in ENTRIES
                             if e.student.startswith(tuple(part_ids(part)[1] for part in CATEGORISED_PARTS))]


@pytest.mark.parametrize("assignment, student", MUTANT_CASES)
def test_wrong_answer_loses_points_and_is_explained(graded_class, assignment, student):
    function, _, phrase = load_catalogue(assignment).MUTANTS[student.removeprefix("mutant-")]
    cells = _by_cell(graded_class[(student, assignment)])
    hidden = cells[f"test_{function}_hidden"]
    assert hidden.points < hidden.max_points, f"the hidden tests of {function} accept this wrong answer"
    if phrase:
        messages = " ".join(c.message for c in cells.values())
        assert phrase in messages, f"feedback does not say {phrase!r}: {hidden.message}"


@pytest.mark.parametrize("assignment, student", ALTERNATIVE_CASES)
def test_correct_alternative_gets_full_points(graded_class, assignment, student):
    for cell in _by_cell(graded_class[(student, assignment)]).values():
        assert cell.points == cell.max_points, f"{cell.grade_id} rejects a correct answer: {cell.message}"


@pytest.mark.parametrize("assignment, student", HELDOUT_ALTERNATIVE_CASES)
def test_held_out_correct_alternative_gets_full_points(graded_class, assignment, student):
    """A correct answer of a categorised part (the held-out one, the opened one) that loses a point is a defect
    of the hidden tests: fixed, a held-out entry moves into the catalogue proper (tests/mutants/<assignment>.py)."""
    for cell in _by_cell(graded_class[(student, assignment)]).values():
        assert cell.points == cell.max_points, f"{cell.grade_id} rejects a correct answer: {cell.message}"


# Held-out targets not met yet, with the figures last measured on the second held-out part (all seven notebooks,
# 151 wrong answers, real grading in CI at dd2a035, 2026-12-03):
# strict, so that reaching a target fails its marker and the marker goes.
HELDOUT_XFAIL_SCORE = "mutation score 92.7 %, target 97 %"
HELDOUT_XFAIL_NAMED = "category named 32.5 %, target 60 %"
HELDOUT_XFAIL_LOCATED = "named or located 70.9 %, target 85 %"
HELDOUT_XFAIL_MISLEADING = "a wrong category named 3.3 %, target at most 1 %"


def _heldout_total(graded_class):
    if selected_students():
        pytest.skip("COURSE_TEST_ONLY grades part of the catalogue: the targets are for all of it")
    rows = heldout_table(graded_class, ASSIGNMENTS)
    if not rows:
        pytest.skip("no held-out part among the notebooks graded")
    return rows[-1], format_heldout_table(rows)


@pytest.mark.xfail(strict=True, reason=HELDOUT_XFAIL_SCORE)
def test_held_out_wrong_answers_lose_points_as_often_as_the_target_says(graded_class):
    """The mutation score on the held-out part of the catalogue, which no hidden test was written against."""
    total, shown = _heldout_total(graded_class)
    assert total.score >= HELDOUT_TARGET_SCORE, shown


@pytest.mark.xfail(strict=True, reason=HELDOUT_XFAIL_NAMED)
def test_held_out_feedback_names_the_category_as_often_as_the_target_says(graded_class):
    total, shown = _heldout_total(graded_class)
    assert total.share(total.named) >= HELDOUT_TARGET_NAMED, shown


@pytest.mark.xfail(strict=True, reason=HELDOUT_XFAIL_LOCATED)
def test_held_out_feedback_names_or_locates_as_often_as_the_target_says(graded_class):
    total, shown = _heldout_total(graded_class)
    assert total.share(total.named + total.located) >= HELDOUT_TARGET_NAMED_OR_LOCATED, shown


@pytest.mark.xfail(strict=True, reason=HELDOUT_XFAIL_MISLEADING)
def test_held_out_feedback_rarely_names_a_wrong_category(graded_class):
    """Precision first: naming a wrong cause is worse than naming none."""
    total, shown = _heldout_total(graded_class)
    assert total.share(total.misleading) <= HELDOUT_TARGET_MISLEADING, shown


def test_every_graded_function_has_tests_and_wrong_answers():
    for assignment in ASSIGNMENTS:
        source = notebooks.read(COURSE.source(assignment))
        functions = list(notebooks.reference_answers(source))
        graded = _expected_cells(assignment)
        visible = {notebooks.grade_id(c) for c in source.cells if notebooks.grade_id(c) not in graded}
        catalogue = load_catalogue(assignment)
        assert catalogue is not None, f"tests/mutants/{assignment}.py is missing"
        for function in functions:
            # the visible test runs in the student's kernel for feedback and carries no points
            assert f"test_{function}_visible" in visible and f"test_{function}_hidden" in graded, function
            n = sum(1 for f, _, _ in catalogue.MUTANTS.values() if f == function)
            assert n >= MIN_MUTANTS_PER_FUNCTION, \
                f"{assignment}: {function} has {n} wrong answers in the catalogue, want >= {MIN_MUTANTS_PER_FUNCTION}"


def test_mutation_table_meets_its_targets(graded_class):
    """Over the whole catalogue: mutation score, share of feedback naming the cause, no false rejection."""
    if selected_students():
        pytest.skip("COURSE_TEST_ONLY grades part of the catalogue: the targets are for all of it")
    rows = table(graded_class, ASSIGNMENTS)
    total = rows[-1]
    assert total.score >= TARGET_SCORE and total.false_rejections == 0, format_table(rows)
    assert total.named_share >= TARGET_NAMED, format_table(rows)



def test_skipping_the_cells_that_grade_nothing_changes_no_score(graded_class, tmp_path_factory):
    """The solutions, graded again with the skipped cells not run, get exactly what they got with every cell run;
    the catalogue was graded with them skipped (the static proof that nothing run reads them is in
    test_repository.py)."""
    import os

    from autograder.executor import NOT_RUN
    from autograder.grading import ClassGrader

    grader = ClassGrader(tmp_path_factory.mktemp("skipping"), workers=os.cpu_count() or 1)
    for assignment in ASSIGNMENTS:
        grader.add_submission("solution", assignment, build_submission(Entry("solution", assignment, {})))
    again = {r.assignment: r for r in grader.grade_all([("solution", a) for a in ASSIGNMENTS], feedback=False)}
    for assignment in ASSIGNMENTS:
        full = graded_class[("solution", assignment)]
        assert [(c.grade_id, c.points, c.message) for c in _by_cell(again[assignment]).values()] == \
            [(c.grade_id, c.points, c.message) for c in _by_cell(full).values()]
        skipped = notebooks.skipped_when_grading(notebooks.read(COURSE.source(assignment)))
        mutants = sorted(k[0] for k in graded_class if isinstance(k, tuple) and k[1] == assignment
                         and k[0].startswith("mutant-"))[:1]
        for student, class_dir, expected in (("solution", grader.class_dir, skipped),
                                             ("solution", graded_class["_class_dir"], set()),
                                             *((m, graded_class["_class_dir"], skipped) for m in mutants)):
            executed = notebooks.read(notebooks.notebook_path(class_dir / "executed" / student, assignment))
            not_run = {notebooks.grade_id(c) for c in executed.cells
                       if any(o.get("text") == NOT_RUN for o in c.get("outputs", []))}
            assert not_run == expected, (class_dir, sorted(not_run ^ expected))


def test_the_line_a_students_function_raised_at_comes_back_from_a_real_kernel(graded_class):
    """IPython caches a cell's code, so the kernel finds the student's own line among the frames (not numpy's)."""
    student, assignment = "mutant-total_two_paths_hard_coded", "01_chain_rule"
    if (student, assignment) not in graded_class:
        pytest.skip(f"{student} of {assignment} is not graded in this run")
    diagnoses = [d for c in graded_class[(student, assignment)].cells for d in c.diagnoses]
    raised = [d for d in diagnoses if d.get("cause") == "raised"]
    assert raised and all(d["located"] for d in raised), diagnoses
    assert "line 3 of total_derivative (counting its def line as 1): `return float(g[0] * v[0]" in raised[0]["text"]


@pytest.mark.parametrize("assignment, student, category", [
    ("04_mnist_mlp", "mutant-sgd_in_place", "mutates_input"),
    ("02_jacobians", "mutant-matmul_float32", "dtype"),
])
def test_the_judges_diagnosis_reaches_the_results_by_category(graded_class, assignment, student, category):
    """Written by the judge into the graded cell's metadata, read back into CellResult.diagnoses."""
    if (student, assignment) not in graded_class:
        pytest.skip(f"{student} of {assignment} is not graded in this run")
    diagnoses = [d for c in graded_class[(student, assignment)].cells for d in c.diagnoses]
    assert category in {d["category"] for d in diagnoses}, diagnoses
