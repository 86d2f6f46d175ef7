"""Shared fixtures: one class, graded once through nbgrader, for every grading test.

The class holds, for every assignment: the reference answers (``solution``),
the untouched student notebook (``blank``), every wrong answer of
``tests/mutants/<assignment>.py`` and every correct alternative. Grading it in
one process pays nbgrader's start-up once.
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder import notebooks

REPO = Path(__file__).resolve().parents[1]
COURSE = notebooks.Course(REPO)  # the course of this checkout, which every test grades
MUTANTS_DIR = REPO / "tests" / "mutants"

EXECUTION_TIMES: dict[str, float] = {}
GRADED: dict = {}  # what graded_class graded, for the mutation table at the end


@dataclass(frozen=True)
class Entry:
    """One submission of the test class."""

    student: str
    assignment: str
    answers: dict  # grade_id -> code, on top of the reference answers
    blank: bool = False


def _module(path: Path, name: str):
    """The Python file ``path`` loaded as a module named ``name``, or None if there is no such file."""
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_catalogue(assignment: str):
    """The module ``tests/mutants/<assignment>.py`` (MUTANTS, ALTERNATIVES), or None if there is none."""
    return _module(MUTANTS_DIR / f"{assignment}.py", f"mutants_{assignment}")


# The parts of the catalogue whose wrong answers carry a category (tests/mutants/<part>/<assignment>.py).
# "heldout" measures: written before the work it measures and never read to tune a hidden test or a diagnosis (an
# entry that steers a change leaves it). "opened" is the first held-out part, opened for development once a new
# "heldout" part was written: its figures are no longer held-out ones.
CATEGORISED_PARTS = ("heldout", "opened")


def load_part(assignment: str, part: str):
    """The module ``tests/mutants/<part>/<assignment>.py`` (MUTANTS with categories, ALTERNATIVES), or None."""
    return _module(MUTANTS_DIR / part / f"{assignment}.py", f"{part}_{assignment}")


def load_heldout(assignment: str):
    """The held-out part of the catalogue for ``assignment``, or None."""
    return load_part(assignment, "heldout")


def part_ids(part: str) -> tuple[str, str]:
    """The student-id prefixes of a categorised part's wrong answers and correct alternatives."""
    return f"{part}-wrong-", f"{part}-right-"


def selected_assignments() -> list[str]:
    """All assignments, or those named in COURSE_TEST_ASSIGNMENTS (e.g. "02_jacobians" while writing one)."""
    only = os.environ.get("COURSE_TEST_ASSIGNMENTS")
    return only.split(",") if only else COURSE.assignments()


def selected_students() -> list[str] | None:
    """The catalogue entries named in COURSE_TEST_ONLY (e.g. "mutant-gd_in_place"), or None for all of them.

    The solution and the blank notebook are always graded.
    """
    only = os.environ.get("COURSE_TEST_ONLY")
    return only.split(",") if only else None


def class_entries(assignment_ids=None, students=None) -> list[Entry]:
    entries = []
    for assignment in assignment_ids or selected_assignments():
        entries.append(Entry("solution", assignment, {}))
        entries.append(Entry("blank", assignment, {}, blank=True))
        catalogue = load_catalogue(assignment)
        if catalogue is None:
            continue
        for name, (function, code, _) in catalogue.MUTANTS.items():
            entries.append(Entry(f"mutant-{name}", assignment, {function: code.strip()}))
        for name, answers in catalogue.ALTERNATIVES.items():
            entries.append(Entry(f"alternative-{name}", assignment, {k: v.strip() for k, v in answers.items()}))
        for part in CATEGORISED_PARTS:
            module = load_part(assignment, part)
            if module is None:
                continue
            wrong, right = part_ids(part)
            for name, (function, code, _category, _what) in module.MUTANTS.items():
                entries.append(Entry(wrong + name.removeprefix("heldout_"), assignment, {function: code.strip()}))
            for name, answers in module.ALTERNATIVES.items():
                entries.append(Entry(right + name.removeprefix("heldout_"), assignment,
                                     {k: v.strip() for k, v in answers.items()}))
    if students:
        entries = [e for e in entries if e.student in ("solution", "blank") or e.student in students]
    return entries


def says_something(line: str) -> bool:
    """A stripped line long enough to give an answer away (not `return x`), and not a comment."""
    return len(line) > 25 and not line.startswith("#")


def secret_lines(source_nb, hidden_only: bool = False) -> set[str]:
    """Lines between solution (unless ``hidden_only``) or hidden-test markers that say something (not `return x`)."""
    markers = [notebooks.HIDDEN_MARKERS] + ([] if hidden_only else [notebooks.SOLUTION_MARKERS])
    secret, inside = set(), False
    for cell in source_nb.cells:
        for line in cell.source.splitlines():
            stripped = line.strip()
            if stripped in [begin for begin, _ in markers]:
                inside = True
            elif stripped in [end for _, end in markers]:
                inside = False
            elif inside and says_something(stripped):
                secret.add(stripped)
    return secret


def build_submission(entry: Entry):
    release = notebooks.read(COURSE.release(entry.assignment))
    if entry.blank:
        return release
    answers = notebooks.reference_answers(notebooks.read(COURSE.source(entry.assignment)))
    answers.update(entry.answers)
    return notebooks.fill_answers(release, answers)


@pytest.fixture(scope="session")
def graded_class(tmp_path_factory):
    """``{(student, assignment): SubmissionResult}`` for the whole test class."""
    from autograder.grading import ClassGrader

    workers = int(os.environ.get("COURSE_TEST_WORKERS") or os.cpu_count() or 1)
    grader = ClassGrader(tmp_path_factory.mktemp("class"), workers=workers, course=COURSE)
    entries = class_entries(students=selected_students())
    for entry in entries:
        grader.add_submission(entry.student, entry.assignment, build_submission(entry))
    pairs = [(e.student, e.assignment) for e in entries]
    # the solutions and the blank notebooks run every cell (each cell of every notebook runs in CI); the
    # catalogue skips the cells that grade nothing, as grading a class does (test_grading.py checks that
    # skipping changes no score); HTML feedback is checked on the solutions only
    grader.run_every_cell = True
    graded = grader.grade_all([p for p in pairs if p[0] == "solution"])
    graded += grader.grade_all([p for p in pairs if p[0] == "blank"], feedback=False)
    grader.run_every_cell = False
    graded += grader.grade_all([p for p in pairs if p[0] not in ("solution", "blank")], feedback=False)
    results = {(r.student, r.assignment): r for r in graded}
    for result in graded:
        if result.student == "solution":
            EXECUTION_TIMES[result.assignment] = result.seconds
    results["_class_dir"] = grader.class_dir
    GRADED.update(results)
    return results


def pytest_terminal_summary(terminalreporter):
    if GRADED:
        from mutation import format_heldout_table, format_table, heldout_table, table

        terminalreporter.section("mutation table: wrong answers caught, correct answers accepted")
        for line in format_table(table(GRADED, selected_assignments())).splitlines():
            terminalreporter.write_line(line)
        titles = {"heldout": "the held-out part of the catalogue (never tuned to)",
                  "opened": "the first held-out part, opened for development (no longer held out)"}
        for part in CATEGORISED_PARTS:
            rows = heldout_table(GRADED, selected_assignments(), part)
            if rows:
                terminalreporter.section(titles[part])
                for line in format_heldout_table(rows).splitlines():
                    terminalreporter.write_line(line)
    if EXECUTION_TIMES:
        terminalreporter.section("solution notebooks: execution and grading time")
        for assignment, seconds in sorted(EXECUTION_TIMES.items()):
            terminalreporter.write_line(f"{assignment:<28}{seconds:6.1f} s")
