"""The categorised parts of the catalogue are well formed: every entry names a real answer cell, parses, has a
category, and is new (not the reference, not an entry of the catalogue proper, not an entry of another part).
No kernel, no grading."""

from __future__ import annotations

import ast

import pytest
from conftest import CATEGORISED_PARTS, COURSE, load_catalogue, load_heldout, load_part

from autograder import notebooks

CATEGORIES = {"transpose", "constant_factor", "sign", "missing_term", "extra_term", "wrong_axis", "one_example",
              "shifted", "partly_right", "mutates_input", "stateful", "dtype", "stability", "ties", "other"}
MIN_HELDOUT_WRONG, MIN_HELDOUT_RIGHT = 100, 20


def _normal(code: str) -> str:
    return ast.dump(ast.parse(code.strip()))


@pytest.mark.parametrize("part", CATEGORISED_PARTS)
@pytest.mark.parametrize("assignment", COURSE.assignments())
def test_every_categorised_entry_is_a_new_answer_with_a_category(assignment, part):
    heldout = load_part(assignment, part)
    if heldout is None:
        pytest.skip(f"no {part} part for {assignment}")
    cells = notebooks.reference_answers(notebooks.read(COURSE.source(assignment)))
    known = {_normal(code) for code in cells.values()}
    known |= {_normal(code) for _, code, _ in load_catalogue(assignment).MUTANTS.values()}
    for other in CATEGORISED_PARTS:
        module = load_part(assignment, other) if other != part else None
        known |= {_normal(entry[1]) for entry in module.MUTANTS.values()} if module else set()
    for name, (cell, code, category, what) in heldout.MUTANTS.items():
        assert name.startswith("heldout_") and cell in cells, (name, cell)
        assert category in CATEGORIES and what.strip(), (name, category)
        assert _normal(code) not in known, f"{name} is the reference or an entry of another part of the catalogue"
    for name, answers in heldout.ALTERNATIVES.items():
        assert name.startswith("heldout_") and set(answers) <= set(cells), name
        for code in answers.values():
            ast.parse(code.strip())
    assert not set(heldout.MUTANTS) & set(heldout.ALTERNATIVES)


def test_the_held_out_part_is_large_enough_to_measure():
    parts = [load_heldout(a) for a in COURSE.assignments()]
    wrong = sum(len(p.MUTANTS) for p in parts if p)
    right = sum(len(p.ALTERNATIVES) for p in parts if p)
    assert wrong >= MIN_HELDOUT_WRONG and right >= MIN_HELDOUT_RIGHT, (wrong, right)
