"""Reading and rewriting the course's nbgrader notebooks.

Layout of a course (``Course``): ``solutions/<assignment>/<assignment>.ipynb`` is the
source of each assignment; ``exercises/<assignment>/<assignment>.ipynb`` its student version.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from pathlib import Path

import nbformat

CONFIG_FILE = Path(__file__).resolve().parent / "nbgrader_config.py"

SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
HIDDEN_MARKERS = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")


# a locked cell that grades nothing and feeds nothing graded (a demonstration, a timing, a figure): the grader
# does not run it (tests/test_repository.py checks that nothing after it reads what it defines)
SKIP_TAG = "skip-when-grading"
INDEX = "00_index"  # the start page: released with the others, never graded
# a judged test cell's metadata key for what explained its failed checks (autograder.judge.Verdict.diagnoses)
DIAGNOSES = "course_diagnoses"


class NotACourse(ValueError):
    """A folder that holds no course (no ``solutions/<assignment>/<assignment>.ipynb``)."""


@dataclass(frozen=True)
class Course:
    """Where a course lives: ``root/solutions/`` (the nbgrader sources) and ``root/exercises/`` (the release)."""

    root: Path

    def __post_init__(self):
        object.__setattr__(self, "root", Path(self.root).resolve())
        if not any(p.stem == p.parent.name for p in self.solutions.glob("*/*.ipynb")):
            raise NotACourse(f"{self.root} holds no course: no solutions/<assignment>/<assignment>.ipynb in it "
                             "(give the course's folder with --course, or run from it)")

    @property
    def solutions(self) -> Path:
        return self.root / "solutions"

    @property
    def exercises(self) -> Path:
        return self.root / "exercises"

    def source(self, assignment: str) -> Path:
        """The instructor's source notebook of ``assignment``."""
        return notebook_path(self.solutions, assignment)

    def release(self, assignment: str) -> Path:
        """The student notebook of ``assignment``."""
        return notebook_path(self.exercises, assignment)

    def assignments(self, include_index: bool = False) -> list[str]:
        return assignments(self.solutions, include_index)

    @classmethod
    def find(cls, root: Path | None = None) -> Course:
        """``root``; else ``$COURSE_ROOT``; else the current folder or one above it that holds a course."""
        if root is not None:
            return cls(root)
        if os.environ.get("COURSE_ROOT"):
            return cls(os.environ["COURSE_ROOT"])
        here = Path.cwd().resolve()
        for folder in (here, *here.parents):
            if (folder / "solutions").is_dir():
                return cls(folder)
        raise NotACourse(f"no course in {here} or above it (no solutions/ folder): give the course's folder "
                         "with --course or $COURSE_ROOT")


def assignments(root: Path, include_index: bool = False) -> list[str]:
    """Assignment ids (folder names) under ``root``, in course order; the graded ones unless ``include_index``."""
    found = sorted(p.parent.name for p in root.glob("*/*.ipynb") if p.stem == p.parent.name)
    return [a for a in found if include_index or a != INDEX]


def notebook_path(root: Path, assignment: str) -> Path:
    return Path(root) / assignment / f"{assignment}.ipynb"


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(str(path), as_version=4)


def write(nb: nbformat.NotebookNode, path: Path) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_solution_cell(cell) -> bool:
    return bool(nbgrader_meta(cell).get("solution"))


def is_test_cell(cell) -> bool:
    return bool(nbgrader_meta(cell).get("grade")) and cell.cell_type == "code"


def is_visible_test(cell) -> bool:
    """A visible test (``test_<function>_visible``): run in the kernel for feedback, worth no points."""
    name = grade_id(cell) or ""
    return (cell.cell_type == "code" and not is_test_cell(cell)
            and name.startswith("test_") and name.endswith("_visible"))


def grade_id(cell) -> str | None:
    return nbgrader_meta(cell).get("grade_id")


def is_given_code(cell) -> bool:
    """A locked cell that is neither an answer nor a test: its code is the course's (nbgrader restores it)."""
    meta = nbgrader_meta(cell)
    return bool(meta.get("locked")) and not meta.get("grade") and not meta.get("solution")


def is_skipped_when_grading(cell) -> bool:
    return SKIP_TAG in cell.get("metadata", {}).get("tags", []) and is_given_code(cell)


def skipped_when_grading(source_nb) -> set[str]:
    """The grade ids of the source notebook's cells that the grader does not run.

    The cells tagged :data:`SKIP_TAG`, and the visible tests: they give a student
    feedback while working and carry no points, so grading has nothing to learn from
    them (and a cell that only feeds them, such as notebook 4's MNIST loading, may
    then be tagged too).
    """
    return {grade_id(c) for c in source_nb.cells
            if c.cell_type == "code" and (is_skipped_when_grading(c) or is_visible_test(c))}


def test_cells(nb) -> dict[str, float]:
    """``{grade_id: points}`` of every graded test cell, in notebook order."""
    return {grade_id(c): float(nbgrader_meta(c)["points"]) for c in nb.cells if is_test_cell(c)}


def reference_answers(source_nb) -> dict[str, str]:
    """The solution cells' code as a student would hand it in: the source with the markers removed."""
    answers = {}
    for cell in source_nb.cells:
        if is_solution_cell(cell):
            lines = [line for line in cell.source.splitlines() if line.strip() not in SOLUTION_MARKERS]
            answers[grade_id(cell)] = "\n".join(lines)
    return answers


def fill_answers(release_nb, answers: dict[str, str]):
    """A copy of a student notebook with the given solution cells' code replaced."""
    nb = copy.deepcopy(release_nb)
    unknown = set(answers) - {grade_id(c) for c in nb.cells if is_solution_cell(c)}
    if unknown:
        raise KeyError(f"no solution cell with grade_id {sorted(unknown)}")
    for cell in nb.cells:
        if is_solution_cell(cell) and grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    return nb


def has_outputs(nb) -> bool:
    return any(c.get("outputs") or c.get("execution_count") for c in nb.cells if c.cell_type == "code")
