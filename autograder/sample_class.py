"""The bundled sample class: three students who hand in every notebook.

* ``ada`` answers everything correctly (the reference answers);
* ``ben`` hands in the student notebooks untouched;
* ``cy`` makes two typical mistakes a notebook (``TYPICAL_MISTAKES``) and is right elsewhere.

The submissions are built from the current notebooks, so they never go stale.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from autograder import notebooks

# cy's mistakes, by name, from the course's catalogue of wrong answers (tests/mutants/<assignment>.py)
TYPICAL_MISTAKES = {
    "01_chain_rule": ("backward_derivative_at_output", "backward_missing_sigma_prime"),
    "02_jacobians": ("matmul_averaged", "softmax_missing_outer_term"),
    "03_backprop_equations": ("lecture_phi_prime_at_output", "backward_summed_not_averaged"),
    "04_mnist_mlp": ("softmax_unstable", "backward_db_summed_over_units"),
    "05_convolution": ("maxpool_backward_every_cell", "fast_backward_padding_kept"),
    "06_saliency": ("saliency_no_abs", "score_probability_gradient"),
}
MUTANTS_DIR = notebooks.REPO / "tests" / "mutants"


def load_catalogue(assignment: str):
    """The module ``tests/mutants/<assignment>.py`` (MUTANTS, ALTERNATIVES), or None if there is none."""
    path = MUTANTS_DIR / f"{assignment}.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"mutants_{assignment}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def typical_bugs(assignment: str) -> dict[str, str]:
    """``{function: wrong code}`` of cy's mistakes in ``assignment``."""
    catalogue = load_catalogue(assignment)
    bugs = {}
    for name in TYPICAL_MISTAKES.get(assignment, ()) if catalogue else ():
        function, code, _ = catalogue.MUTANTS[name]
        bugs[function] = code.strip()
    return bugs


TYPICAL_BUGS = {assignment: typical_bugs(assignment) for assignment in TYPICAL_MISTAKES}

STUDENTS = ("ada", "ben", "cy")


def submission(student: str, assignment: str):
    """The notebook ``student`` hands in for ``assignment``."""
    release = notebooks.read(notebooks.notebook_path(notebooks.EXERCISES, assignment))
    if student == "ben":
        return release
    answers = notebooks.reference_answers(notebooks.read(notebooks.notebook_path(notebooks.SOLUTIONS, assignment)))
    if student == "cy":
        answers.update(TYPICAL_BUGS.get(assignment, {}))
    return notebooks.fill_answers(release, answers)


def write_sample_class(submitted: Path, assignment_ids=None) -> None:
    """Write every sample student's submissions under ``submitted/<student>/<assignment>/``."""
    for assignment in assignment_ids or notebooks.assignments():
        for student in STUDENTS:
            notebooks.write(submission(student, assignment), notebooks.notebook_path(Path(submitted) / student, assignment))
