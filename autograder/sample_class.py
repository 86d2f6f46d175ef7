"""The bundled sample class: three students who hand in every notebook.

* ``ada`` answers everything correctly (the reference answers);
* ``ben`` hands in the student notebooks untouched;
* ``cy`` makes two typical mistakes a notebook and is right elsewhere.

cy's mistakes are entries of the course's catalogue of wrong answers, copied into
``sample_class_mistakes.json`` (``tests/test_sample_class.py`` checks the copy and
rewrites it). The submissions are built from the course's current notebooks, so they never go stale.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from autograder import notebooks

MISTAKES_FILE = Path(__file__).with_name("sample_class_mistakes.json")
STUDENTS = ("ada", "ben", "cy")


@functools.cache
def _mistakes() -> dict:
    return json.loads(MISTAKES_FILE.read_text())


def typical_mistakes(assignment: str) -> list[str]:
    """The catalogue names of cy's mistakes in ``assignment``."""
    return list(_mistakes().get(assignment, {}))


def typical_bugs(assignment: str) -> dict[str, str]:
    """``{solution cell's grade id: wrong code}`` of cy's mistakes in ``assignment``."""
    return {m["cell"]: m["code"] for m in _mistakes().get(assignment, {}).values()}


def submission(course: notebooks.Course, student: str, assignment: str):
    """The notebook ``student`` hands in for ``assignment``."""
    release = notebooks.read(course.release(assignment))
    if student == "ben":
        return release
    answers = notebooks.reference_answers(notebooks.read(course.source(assignment)))
    if student == "cy":
        answers.update(typical_bugs(assignment))
    return notebooks.fill_answers(release, answers)


def write_sample_class(course: notebooks.Course, submitted: Path, assignment_ids=None) -> None:
    """Write every sample student's submissions under ``submitted/<student>/<assignment>/``."""
    for assignment in assignment_ids or course.assignments():
        for student in STUDENTS:
            notebooks.write(submission(course, student, assignment),
                            notebooks.notebook_path(Path(submitted) / student, assignment))
