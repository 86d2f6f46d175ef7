"""What the repository promises: one source for each notebook, no leaks, no outputs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import COURSE, secret_lines
from test_notebook_contract import code_shape

from autograder import notebooks
from autograder.grading import generate_exercises

ASSIGNMENTS = COURSE.assignments(include_index=True)


@pytest.fixture(scope="module")
def fresh_exercises(tmp_path_factory) -> Path:
    """exercises/ generated anew from solutions/ into a temporary folder."""
    release = tmp_path_factory.mktemp("release")
    generate_exercises(COURSE, ASSIGNMENTS, release_root=release, scratch=tmp_path_factory.mktemp("db"))
    return release


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts}


def test_every_assignment_has_a_student_version():
    assert ASSIGNMENTS, "no notebooks under solutions/"
    assert notebooks.assignments(COURSE.exercises, include_index=True) == ASSIGNMENTS


def test_exercises_match_a_fresh_generation(fresh_exercises):
    assert _files(COURSE.exercises) == _files(fresh_exercises)
    for assignment in ASSIGNMENTS:
        committed = notebooks.read(COURSE.release(assignment))
        fresh = notebooks.read(notebooks.notebook_path(fresh_exercises, assignment))
        assert committed == fresh, (
            f"exercises/{assignment} is stale: run `python -m autograder generate {assignment}` and commit it"
        )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_solution_or_hidden_test_in_exercises(assignment):
    text = COURSE.release(assignment).read_text()
    for marker in notebooks.SOLUTION_MARKERS + notebooks.HIDDEN_MARKERS:
        assert marker not in text
    release = notebooks.read(COURSE.release(assignment))
    released_lines = {line.strip() for cell in release.cells for line in cell.source.splitlines()}
    leaked = secret_lines(notebooks.read(COURSE.source(assignment))) & released_lines
    assert not leaked, f"solution or hidden-test lines appear in exercises/{assignment}: {sorted(leaked)[:3]}"


def _tracked_notebooks() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "*.ipynb"], cwd=COURSE.root, capture_output=True, text=True)
    if out.returncode != 0:  # not a git checkout: check what is on disk
        return sorted(COURSE.root.glob("solutions/**/*.ipynb")) + sorted(COURSE.root.glob("exercises/**/*.ipynb"))
    return [COURSE.root / line for line in out.stdout.splitlines()]


def test_committed_notebooks_carry_no_outputs():
    tracked = _tracked_notebooks()
    assert tracked
    with_outputs = [str(p.relative_to(COURSE.root)) for p in tracked if notebooks.has_outputs(notebooks.read(p))]
    assert not with_outputs, f"strip the outputs of {with_outputs}"


# ---------------------------------------------------------------------------- no graded answer in another notebook

def _functions(source: str) -> list:
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [node for node in tree.body if isinstance(node, ast.FunctionDef)]


def _graded_answers() -> dict[str, tuple[str, object]]:
    """``{function: (assignment, its reference definition)}`` of every graded function."""
    answers = {}
    for assignment in COURSE.assignments():
        source = notebooks.read(COURSE.source(assignment))
        for code in notebooks.reference_answers(source).values():
            for function in _functions(code):
                answers[function.name] = (assignment, function)
    return answers


def _released_functions():
    """(assignment, function) of every function a released cell defines, outside the answer cells."""
    for assignment in ASSIGNMENTS:
        for cell in notebooks.read(COURSE.release(assignment)).cells:
            if cell.cell_type == "code" and not notebooks.is_solution_cell(cell):
                for function in _functions(cell.source):
                    yield assignment, function


def test_no_released_cell_holds_a_graded_answer_of_any_notebook():
    """A locked cell's function must not be a graded function's answer: by name (then it must fail that
    function's hidden tests) or by its code (the same code under other names)."""
    import ast

    from autograder.judge import judge_locally

    answers = _graded_answers()
    shapes = {code_shape(function): (assignment, name) for name, (assignment, function) in answers.items()}
    checked = []
    for released_in, function in _released_functions():
        same_code = shapes.get(code_shape(function))
        assert same_code is None, (f"exercises/{released_in} defines {function.name}, the answer of "
                                   f"{same_code[1]} graded in {same_code[0]}")
        if function.name in answers:
            graded_in = answers[function.name][0]
            source = COURSE.source(graded_in)
            verdict = judge_locally(source, {function.name: ast.unparse(function)},
                                    grade_ids=[f"test_{function.name}_hidden"])[f"test_{function.name}_hidden"]
            assert verdict.fraction < 1, (f"exercises/{released_in} defines {function.name}, which passes the hidden "
                                          f"tests of {graded_in}")
            checked.append((released_in, function.name, graded_in))
    assert checked, "no released function shares a graded function's name: nothing was judged"


# ---------------------------------------------------------------------------- cells the grader does not run

def _names(source: str) -> tuple[set[str], set[str]]:
    """(names a cell binds, names it reads without binding them itself), from its code."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set(), set()
    bound, read = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (bound if isinstance(node.ctx, (ast.Store, ast.Del)) else read).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return bound, read - bound


@pytest.mark.parametrize("assignment", COURSE.assignments())
def test_a_cell_the_grader_skips_feeds_nothing_that_is_run(assignment):
    """Nothing the grader runs reads a name whose last binding before it is in a skipped cell: not a later cell,
    not a catalogue entry's answer (wrong or correct alternative) in place of the reference answer. (Which cells
    may carry the tag: tests/test_notebook_contract.py.)"""
    from conftest import CATEGORISED_PARTS, load_catalogue, load_part

    source = notebooks.read(COURSE.source(assignment))
    cells = [c for c in source.cells if c.cell_type == "code"]
    skipped = notebooks.skipped_when_grading(source)
    answers: dict[str, list[str]] = {}
    parts = [load_catalogue(assignment)] + [load_part(assignment, part) for part in CATEGORISED_PARTS]
    for module in filter(None, parts):  # (the catalogue's entries have no category: only the first two fields)
        for function, code, *_ in module.MUTANTS.values():
            answers.setdefault(function, []).append(code)
        for alternative in module.ALTERNATIVES.values():
            for function, code in alternative.items():
                answers.setdefault(function, []).append(code)
    fed = []
    for position, cell in enumerate(cells):
        if notebooks.grade_id(cell) in skipped:
            continue
        readers = [cell.source] + answers.get(notebooks.grade_id(cell), [])
        for name in set().union(*(_names(code)[1] for code in readers)):
            writers = [c for c in cells[:position] if name in _names(c.source)[0]]
            if writers and notebooks.grade_id(writers[-1]) in skipped:
                fed.append(f"{notebooks.grade_id(cell)} reads {name} from {notebooks.grade_id(writers[-1])}")
    assert not fed, fed


def test_the_grader_skips_cells_somewhere():
    skipped = {a: notebooks.skipped_when_grading(notebooks.read(COURSE.source(a)))
               for a in COURSE.assignments()}
    assert sum(map(len, skipped.values())) >= 20, skipped
