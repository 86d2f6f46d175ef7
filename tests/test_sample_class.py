"""The sample class's mistakes (autograder/sample_class_mistakes.json) are the catalogue's entries, as they are now.

    python tests/test_sample_class.py     rewrites the file from tests/mutants/
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))

from conftest import COURSE, load_catalogue  # noqa: E402

from autograder import notebooks, sample_class  # noqa: E402

# cy's two mistakes a notebook, by their catalogue names (tests/mutants/<assignment>.py)
TYPICAL_MISTAKES = {
    "01_chain_rule": ("backward_derivative_at_output", "backward_missing_sigma_prime"),
    "02_jacobians": ("matmul_averaged", "softmax_missing_outer_term"),
    "03_backprop_equations": ("lecture_phi_prime_at_output", "backward_summed_not_averaged"),
    "04_mnist_mlp": ("softmax_unstable", "backward_db_summed_over_units"),
    "05_convolution": ("maxpool_backward_every_cell", "fast_backward_padding_kept"),
    "06_saliency": ("saliency_no_abs", "score_probability_gradient"),
    "07_texture_style": ("gram_backward_symmetric", "network_only_last"),
}


def mistakes_from_catalogue() -> dict:
    mistakes = {}
    for assignment, names in TYPICAL_MISTAKES.items():
        catalogue = load_catalogue(assignment)
        mistakes[assignment] = {}
        for name in names:
            cell, code, _ = catalogue.MUTANTS[name]
            mistakes[assignment][name] = {"cell": cell, "code": code.strip()}
    return mistakes


def render(mistakes: dict) -> str:
    return json.dumps(mistakes, indent=1, sort_keys=True) + "\n"


def test_the_sample_class_mistakes_are_the_catalogue_entries():
    assert sample_class.MISTAKES_FILE.read_text() == render(mistakes_from_catalogue()), (
        "autograder/sample_class_mistakes.json is stale: python tests/test_sample_class.py rewrites it")


def test_every_sample_student_hands_in_every_notebook_and_cy_differs_from_ada_where_he_errs():
    for assignment in COURSE.assignments():
        ada = notebooks.reference_answers(notebooks.read(COURSE.source(assignment)))
        cy_nb = sample_class.submission(COURSE, "cy", assignment)
        cy = {notebooks.grade_id(c): c.source for c in cy_nb.cells if notebooks.is_solution_cell(c)}
        wrong = {cell for cell in ada if cy[cell].strip() != ada[cell].strip()}
        assert (wrong == set(sample_class.typical_bugs(assignment))
                and len(sample_class.typical_mistakes(assignment)) == 2)
        ben = sample_class.submission(COURSE, "ben", assignment)
        assert ben == notebooks.read(COURSE.release(assignment))


if __name__ == "__main__":
    sample_class.MISTAKES_FILE.write_text(render(mistakes_from_catalogue()))
    print(f"wrote {sample_class.MISTAKES_FILE}")
