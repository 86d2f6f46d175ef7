"""Scoring test cells from check records (autograder.verify), on hand-made cells: no kernel needed."""

from __future__ import annotations

import nbformat
import numpy as np
import pytest
from nbgrader.utils import determine_grade

from autograder import verify
from course import records


def _array(name, value):
    return {"kind": "array", "name": name, "got": records.encode(value), "rtol": 1e-6, "tiny": None,
            "verify": "reference", "expected": None}


def _part(name, weight=1.0):
    return {"kind": "part", "name": name, "weight": weight}


REFERENCE = [_part("shape"), _array("a", [1.0, 2.0]), _part("values", 2.0), _array("b", [3.0]), _array("c", [4.0])]


def _test_cell(got_records, *, error=False, extra_outputs=(), points=3):
    cell = nbformat.v4.new_code_cell("check()")
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "test_f_hidden", "points": points,
                                 "locked": True, "schema_version": 3}
    cell.outputs = list(extra_outputs) + [
        nbformat.v4.new_output("display_data", data={records.MIME: r}) for r in got_records]
    if error:
        cell.outputs.append(nbformat.v4.new_output("error", ename="TestFailure", evalue="wrong", traceback=[]))
    return cell


def _graded(cell, reference=REFERENCE):
    nb = nbformat.v4.new_notebook(cells=[cell])
    verify.verify_notebook(nb, {"test_f_hidden": reference})
    assert not any(records.MIME in o.get("data", {}) for o in cell.outputs), "records must be dropped"
    return determine_grade(cell)[0]


def test_all_parts_confirmed_earn_all_points():
    assert _graded(_test_cell(REFERENCE)) == 3


def test_a_failed_part_costs_its_weight_only():
    got = [_part("shape"), _array("a", [1.0, 2.0]), _part("values", 2.0), _array("b", [3.5]),
           {"kind": "part_failed", "name": "values"}]
    cell = _test_cell(got, error=True)
    assert _graded(cell) == 1  # shape: weight 1 of 3
    text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
    assert "Partial credit: 1 of 3 points" in text and "'values'" in text


def test_a_part_the_kernel_calls_passed_is_still_checked_against_the_reference():
    got = [_part("shape"), _array("a", [1.0, 2.0]), _part("values", 2.0), _array("b", [0.0]), _array("c", [4.0])]
    assert _graded(_test_cell(got)) == 1


def test_forged_weights_are_ignored():
    got = [_part("shape", 100.0), _array("a", [1.0, 2.0]), _part("values", 0.0), _array("b", [0.0]),
           {"kind": "part_failed", "name": "values"}]
    assert _graded(_test_cell(got, error=True)) == 1


def test_no_confirmed_part_is_zero():
    got = [_part("shape"), _array("a", [0.0, 0.0]), {"kind": "part_failed", "name": "shape"}]
    assert _graded(_test_cell(got, error=True)) == 0


def test_shape_parts_earn_nothing_without_a_value_part():
    """zeros of the right shape, or a hard-coded number, are not nearly right"""
    shape_then_values = [_part("shape"), {"kind": "shape", "name": "a", "got_shape": [2]},
                         _part("values", 2.0), _array("b", [3.0])]
    got = [_part("shape"), {"kind": "shape", "name": "a", "got_shape": [2]},
           _part("values", 2.0), _array("b", [0.0]), {"kind": "part_failed", "name": "values"}]
    assert _graded(_test_cell(got, error=True), shape_then_values) == 0
    assert _graded(_test_cell(shape_then_values), shape_then_values) == 3
    # a cell whose parts all check shapes or conditions keeps per-part credit
    only_shapes = [_part("rows"), {"kind": "shape", "name": "a", "got_shape": [2]},
                   _part("columns"), {"kind": "true", "name": "c", "got": True}]
    got = only_shapes[:2] + [_part("columns"), {"kind": "true", "name": "c", "got": False},
                             {"kind": "part_failed", "name": "columns"}]
    assert _graded(_test_cell(got, error=True), only_shapes) == 1.5


def test_a_cell_without_parts_is_all_or_nothing():
    reference = [_array("a", [1.0, 2.0]), _array("b", [3.0])]
    assert _graded(_test_cell(reference), reference) == 3
    assert _graded(_test_cell([_array("a", [1.0, 2.0]), _array("b", [2.0])]), reference) == 0
    assert _graded(_test_cell([_array("a", [1.0, 2.0])]), reference) == 0


def test_a_result_printed_by_the_students_kernel_is_not_read_as_a_score():
    forged = nbformat.v4.new_output("execute_result", data={"text/plain": "'full marks'"}, execution_count=1)
    cell = _test_cell([_array("a", [0.0, 0.0])], error=True, extra_outputs=[forged])
    # stock nbgrader reads the first result before the error: a text that is no number earns every point
    assert determine_grade(cell)[0] == 3
    assert _graded(cell, [_array("a", [1.0, 2.0])]) == 0


def test_a_warning_on_stderr_does_not_cost_a_confirmed_test():
    warning = nbformat.v4.new_output("stream", name="stderr", text="RuntimeWarning: overflow in exp\n")
    cell = _test_cell(REFERENCE, extra_outputs=[warning])
    assert determine_grade(cell)[0] == 0  # stock nbgrader zeroes it
    assert _graded(cell) == 3
    assert "RuntimeWarning" in "".join(o.get("text", "") for o in cell.outputs)


def test_graded_parts_runs_every_part_and_fails_the_cell_naming_the_failed_ones(capsys):
    from course.testing import TestFailure, check_array, graded_parts

    with pytest.raises(TestFailure, match=r"1 of 3 parts passed; failed: values, shape"):
        with graded_parts() as part:
            with part("values"):
                check_array("x", np.array([1.0]), np.array([2.0]))
            with part("shape"):
                raise KeyError("dW")
            with part("sign"):
                check_array("y", np.array([1.0]), np.array([1.0]), quiet=True)
    out = capsys.readouterr().out
    assert "FAILED values: x:" in out and "FAILED shape: KeyError: 'dW'" in out and "OK sign" in out
