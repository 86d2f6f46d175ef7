"""What the repository promises: one source for each notebook, no leaks, no outputs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from autograder import notebooks
from autograder.grading import generate_exercises

ASSIGNMENTS = notebooks.assignments(include_index=True)


@pytest.fixture(scope="module")
def fresh_exercises(tmp_path_factory) -> Path:
    """exercises/ generated anew from solutions/ into a temporary folder."""
    release = tmp_path_factory.mktemp("release")
    generate_exercises(ASSIGNMENTS, release_root=release, scratch=tmp_path_factory.mktemp("db"))
    return release


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts}


def test_every_assignment_has_a_student_version():
    assert ASSIGNMENTS, "no notebooks under solutions/"
    assert notebooks.assignments(notebooks.EXERCISES, include_index=True) == ASSIGNMENTS


def test_exercises_match_a_fresh_generation(fresh_exercises):
    assert _files(notebooks.EXERCISES) == _files(fresh_exercises)
    for assignment in ASSIGNMENTS:
        committed = notebooks.read(notebooks.notebook_path(notebooks.EXERCISES, assignment))
        fresh = notebooks.read(notebooks.notebook_path(fresh_exercises, assignment))
        assert committed == fresh, (
            f"exercises/{assignment} is stale: run `python -m autograder generate {assignment}` and commit it"
        )


def _secret_lines(source_nb) -> set[str]:
    """Lines between solution or hidden-test markers that say something (not just `return x`)."""
    secret, inside = set(), False
    for cell in source_nb.cells:
        for line in cell.source.splitlines():
            stripped = line.strip()
            if stripped in (notebooks.SOLUTION_MARKERS[0], notebooks.HIDDEN_MARKERS[0]):
                inside = True
            elif stripped in (notebooks.SOLUTION_MARKERS[1], notebooks.HIDDEN_MARKERS[1]):
                inside = False
            elif inside and len(stripped) > 25 and not stripped.startswith("#"):
                secret.add(stripped)
    return secret


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_solution_or_hidden_test_in_exercises(assignment):
    text = notebooks.notebook_path(notebooks.EXERCISES, assignment).read_text()
    for marker in notebooks.SOLUTION_MARKERS + notebooks.HIDDEN_MARKERS:
        assert marker not in text
    release = notebooks.read(notebooks.notebook_path(notebooks.EXERCISES, assignment))
    released_lines = {line.strip() for cell in release.cells for line in cell.source.splitlines()}
    leaked = _secret_lines(notebooks.read(notebooks.notebook_path(notebooks.SOLUTIONS, assignment))) & released_lines
    assert not leaked, f"solution or hidden-test lines appear in exercises/{assignment}: {sorted(leaked)[:3]}"


def _tracked_notebooks() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "*.ipynb"], cwd=notebooks.REPO, capture_output=True, text=True)
    if out.returncode != 0:  # not a git checkout: check what is on disk
        return sorted(notebooks.REPO.glob("solutions/**/*.ipynb")) + sorted(notebooks.REPO.glob("exercises/**/*.ipynb"))
    return [notebooks.REPO / line for line in out.stdout.splitlines()]


def test_committed_notebooks_carry_no_outputs():
    tracked = _tracked_notebooks()
    assert tracked
    with_outputs = [str(p.relative_to(notebooks.REPO)) for p in tracked if notebooks.has_outputs(notebooks.read(p))]
    assert not with_outputs, f"strip the outputs of {with_outputs}"


def test_every_solution_has_test_cells_with_points():
    for assignment in notebooks.assignments():
        cells = notebooks.test_cells(notebooks.read(notebooks.notebook_path(notebooks.SOLUTIONS, assignment)))
        assert cells and all(points > 0 for points in cells.values()), assignment
