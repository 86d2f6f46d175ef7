"""The judge (autograder.judge) and its wire (course.wire, course.collect), without a kernel.

Hidden tests run in the grader's process; each call of a student's function
goes through ``course.collect.handle`` as JSON. ``LocalBackend`` runs that same
handler in this process, so everything here is tested without starting a kernel.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
from conftest import COURSE, secret_lines

from autograder import code_edits, counterfactuals, examples, judge, locations, notebooks, properties
from course import collect, diagnosis, testing, wire

CODEC = wire.Codec()


# ---------------------------------------------------------------------------- the wire

@pytest.mark.parametrize("value", [
    None, True, 3, -2.5, "text", float("nan"), float("inf"),
    [1, 2.0, "a"], (1, (2, 3)), {"W1": np.ones((2, 3)), 4: [None]},
    np.arange(6, dtype=np.float32).reshape(2, 3), np.array(2.5), np.zeros((0, 4)), np.array([True, False]),
    np.float64(1.5), np.int64(7), np.float32(0.25), np.asfortranarray(np.arange(6.0).reshape(2, 3)),
])
def test_values_cross_the_wire_unchanged(value):
    back = CODEC.loads(json.dumps(CODEC.encode(value)))
    assert type(back) is type(value)
    if isinstance(value, (np.ndarray, np.generic)):
        assert back.dtype == value.dtype and np.shape(back) == np.shape(value)
        assert np.array_equal(back, value, equal_nan=True)
    elif isinstance(value, float) and value != value:
        assert back != back
    elif isinstance(value, dict):
        assert set(back) == set(value)
    else:
        assert back == value


@pytest.mark.parametrize("data, words", [
    ({"array": "object", "shape": [1], "data": ""}, "dtype"),
    ({"array": "float64", "shape": [3], "data": "AAAAAAAAAAA="}, "bytes of data"),
    ({"array": "float64", "shape": [-1], "data": ""}, "shape"),
    ([1, 2], "bare list"),
    ({"float": "1e309"}, "nan or inf"),
    ({"handle": 1, "type": "x"}, "unexpected reference"),
    ({"source": "lambda: 0", "env": {"dict": []}}, "unexpected reference"),
    ({"list": [{"list": []}] * 2, "ref": "7"}, "ref"),
])
def test_what_is_not_a_value_is_refused(data, words):
    with pytest.raises(wire.WireError, match=words):
        CODEC.decode(data)


def test_deep_nesting_is_refused_both_ways():
    value = []
    for _ in range(wire.MAX_DEPTH + 5):
        value = [value]
    with pytest.raises(wire.WireError, match="nested"):
        CODEC.encode(value)
    data = None
    for _ in range(wire.MAX_DEPTH + 5):
        data = {"list": [data]}
    with pytest.raises(wire.WireError, match="nested"):
        CODEC.decode(data)


def test_a_value_that_is_not_data_cannot_be_sent_by_default():
    with pytest.raises(wire.WireError, match="cannot be sent"):
        CODEC.encode(object())


def test_numpy_functions_travel_by_name():
    assert wire.numpy_name(np.sin) == "sin"
    assert wire.numpy_name(np.linalg.norm) == "linalg.norm"
    assert wire.resolve_numpy("linalg.norm") is np.linalg.norm
    assert wire.resolve_numpy("__import__") is None and wire.resolve_numpy("_core") is None
    assert wire.numpy_name(len) is None


# ---------------------------------------------------------------------------- the kernel's side

def _request(function, *args, **kwargs):
    return {"id": 1, "function": function, "args": CODEC.encode(list(args)), "kwargs": CODEC.encode(kwargs)}


def test_collect_runs_a_function_and_reports_what_it_changed():
    def scale_in_place(x):
        x *= 2
        return x.sum()

    x = {"array": "float64", "shape": [2], "data": CODEC.encode(np.array([1.0, 2.0]))["data"], "ref": 11}
    reply = collect.handle({"id": 5, "function": {"function": "f"}, "args": {"list": [x]},
                            "kwargs": {"dict": []}}, {"f": scale_in_place})
    assert reply["id"] == 5 and CODEC.decode(reply["result"]) == 6.0
    [changed] = reply["changed"]
    assert changed["ref"] == 11 and np.array_equal(CODEC.decode(changed), [2.0, 4.0])


def test_collect_reports_exceptions_and_missing_functions():
    def broken(x):
        raise ValueError("shapes (2,3) and (2,3) not aligned")

    def unfinished():
        raise NotImplementedError()

    reply = collect.handle(_request({"function": "broken"}, 1.0), {"broken": broken})
    assert reply["raised"] == "ValueError" and "not aligned" in reply["message"] and not reply["not_implemented"]
    assert collect.handle(_request({"function": "unfinished"}), {"unfinished": unfinished})["not_implemented"]
    assert "is not defined" in collect.handle(_request({"function": "nowhere"}), {})["setup_error"]


def test_what_cannot_travel_stays_in_the_kernel_as_a_handle():
    class Cache:
        pass

    made = Cache()
    reply = collect.handle(_request({"function": "make"}), {"make": lambda: (made, 1.0)})
    handle = reply["result"]["tuple"][0]
    assert handle["type"] == "Cache"
    back = collect.handle({"id": 2, "function": {"function": "same"}, "args": {"list": [{"handle": handle["handle"]}]},
                           "kwargs": {"dict": []}}, {"same": lambda obj: obj is made})
    assert CODEC.decode(back["result"]) is True


def test_a_function_of_the_test_is_rebuilt_from_its_code_and_values():
    reply = collect.handle({"id": 1, "function": {"source": "lambda x: A @ x + offset", "name": None,
                                                  "env": CODEC.encode({"A": np.eye(2) * 3, "offset": 1.0})},
                            "args": CODEC.encode([np.array([1.0, 2.0])]), "kwargs": {"dict": []}}, {})
    assert np.array_equal(CODEC.decode(reply["result"]), [4.0, 7.0])


# ---------------------------------------------------------------------------- the judge, on hand-made notebooks

SETUP = ("import numpy as np\n"
         "from course.testing import call, check_array, check_keys, check_shape, check_true, graded_parts, as_left")


def _notebook(tmp_path, hidden: str, points: float = 3, answer: str = "def f(x):\n    return 2 * x",
              setup: str = SETUP):
    cells = [nbformat.v4.new_code_cell(setup, metadata={"nbgrader": {"grade": False, "locked": True, "solution": False,
                                                                     "grade_id": "setup", "schema_version": 3}}),
             nbformat.v4.new_code_cell(answer, metadata={"nbgrader": {"grade": False, "locked": False, "solution": True,
                                                                      "grade_id": "f", "schema_version": 3}}),
             nbformat.v4.new_code_cell(hidden, metadata={"nbgrader": {"grade": True, "locked": True, "solution": False,
                                                                      "grade_id": "test_f_hidden", "points": points,
                                                                      "schema_version": 3}})]
    path = tmp_path / "hand" / "hand.ipynb"
    notebooks.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


PARTS = '''
_x = np.array([1.0, -2.0, 3.0])
_got = call(f, _x)
with graded_parts() as part:
    with part("shape"):
        check_shape("f(x)", _got, (3,))
    with part("values", weight=2):
        check_array("f(x)", _got, 2 * _x)
'''


def test_a_right_answer_gets_full_points(tmp_path):
    verdict = judge.judge_locally(_notebook(tmp_path, PARTS), {"f": "def f(x):\n    return x + x"})["test_f_hidden"]
    assert verdict.fraction == 1.0 and verdict.error is None
    assert "OK values" in verdict.printed and verdict.outputs()[-1]["output_type"] == "stream"


def test_partial_credit_is_the_share_of_the_passed_parts(tmp_path):
    verdict = judge.judge_locally(_notebook(tmp_path, PARTS + '''    with part("inputs left unchanged"):
        check_true(np.array_equal(as_left(_x), [1.0, -2.0, 3.0]), "f changed x")
'''), {"f": "def f(x):\n    x *= 2\n    return x"})["test_f_hidden"]
    assert verdict.fraction == pytest.approx(3 / 4)
    assert verdict.reasons == ["part 'inputs left unchanged' failed"]
    outputs = verdict.outputs()
    assert outputs[-1]["output_type"] == "execute_result" and outputs[-1]["data"]["text/plain"] == "2.25"
    assert "Partial credit: 2.25 of 3 points" in outputs[-2]["text"]


KIND = PARTS + '''    with part("float32 kept", kind="dtype"):
        _got32 = call(f, _x.astype(np.float32))
        check_true(_got32.dtype == np.float32, f"f turned float32 into {_got32.dtype}")
'''


def test_a_part_that_alone_fails_names_its_kind_and_only_then(tmp_path):
    """A part's kind is named when every part without one that checks values passes, never otherwise."""
    alone = judge.judge_locally(_notebook(tmp_path, KIND), {"f": "def f(x):\n    return 2.0 * x.astype(float)"})
    alone = alone["test_f_hidden"]
    assert alone.fraction == pytest.approx(3 / 4)
    assert [(d["cause"], d["category"]) for d in alone.diagnoses] == [("part", "dtype")]
    assert "only 'float32 kept' fails" in alone.printed and "Likely cause" in alone.printed
    also_wrong = judge.judge_locally(_notebook(tmp_path, KIND),
                                     {"f": "def f(x):\n    return 3.0 * x.astype(float)"})["test_f_hidden"]
    assert also_wrong.fraction == 0.0 and all(d["cause"] != "part" for d in also_wrong.diagnoses)
    typo = judge.judge_locally(_notebook(tmp_path, PARTS.replace('part("values", weight=2)',
                                                                 'part("values", weight=2, kind="typo")')),
                               {"f": "def f(x):\n    return 2 * x"})["test_f_hidden"]
    assert typo.error[0] == "ValueError" and "kind must be one of" in typo.error[1]  # the reference fails too


def test_checks_of_one_cell_that_name_different_kinds_name_none(tmp_path):
    two_cases = PARTS + '''    with part("another input"):
        _y = np.array([[1.0, 2.0], [3.0, 5.0]])
        check_array("f(y)", call(f, _y), 2 * _y)
'''
    # -x on the vector (a flipped sign), (2 y)^T on the matrix (a transpose): one mistake cannot do both
    conflicting = judge.judge_locally(_notebook(tmp_path, two_cases),
                                      {"f": "def f(x):\n    return -2 * x if x.ndim == 1 else 2 * x.T"})
    conflicting = conflicting["test_f_hidden"]
    assert [d["cause"] for d in conflicting.diagnoses] == ["sign", "transposed"]
    assert all(d["category"] is None and d["conflicting"] for d in conflicting.diagnoses)
    assert "different kinds of mistake (sign, transpose)" in conflicting.printed
    agreeing = judge.judge_locally(_notebook(tmp_path, two_cases), {"f": "def f(x):\n    return -2 * x"})
    assert [d["category"] for d in agreeing["test_f_hidden"].diagnoses] == ["sign", "sign"]
    assert not any(d["located"] for d in conflicting.diagnoses)  # a flipped sign says nothing of where


def test_a_pattern_of_one_check_is_not_named_when_another_check_of_the_function_fails_unexplained(tmp_path):
    two_checks = '''
with graded_parts() as part:
    with part("values"):
        _x = np.array([1.0, -2.0, 3.0, 4.0])
        check_array("f(x)", call(f, _x), 2 * _x)
    with part("another input"):
        _y = np.array([0.5, 1.5, -2.5, 3.0])
        check_array("f(y)", call(f, _y), 2 * _y)
'''
    # the first entry alone on x (as if only the first example counted), something else on y: no one mistake
    answer = ("def f(x):\n    if x[0] == 1.0:\n        return np.array([2.0, 0.0, 0.0, 0.0])\n"
              "    return 2 * x + np.array([0.0, 0.1, 0.0, 0.7])")
    verdict = judge.judge_locally(_notebook(tmp_path, two_checks), {"f": answer})["test_f_hidden"]
    assert [(d["cause"], d["category"]) for d in verdict.diagnoses] == [("one_index_only", None), (None, None)]
    assert all(d["located"] for d in verdict.diagnoses) and "take it as a guess" in verdict.printed
    # the same pattern on both checks: named
    verdict = judge.judge_locally(_notebook(tmp_path / "both", two_checks),
                                  {"f": "def f(x):\n    out = np.zeros_like(x)\n    out[0] = 2 * x[0]\n    return out"})
    assert [d["category"] for d in verdict["test_f_hidden"].diagnoses] == ["one_example", "one_example"]


def test_a_withdrawn_kind_whose_text_says_where_the_answer_is_wrong_still_locates_it(tmp_path):
    hidden = PARTS.replace("np.array([1.0, -2.0, 3.0])", "np.array([1.0, -2.0, 3.0, 4.0])").replace("(3,)", "(4,)")
    hidden += '''    with part("another input"):
        _y = np.array([[1.0, 2.0], [3.0, 5.0]])
        check_array("f(y)", call(f, _y), 2 * _y)
'''
    # the last entry of the vector left at zero (a loop one short), the matrix transposed: two kinds, none named
    answer = "def f(x):\n    if x.ndim == 2:\n        return 2 * x.T\n    out = 2 * x\n    out[-1] = 0\n    return out"
    verdict = judge.judge_locally(_notebook(tmp_path, hidden), {"f": answer})["test_f_hidden"]
    assert [(d["cause"], d["category"], d["located"]) for d in verdict.diagnoses] == [
        ("slice_missed", None, True), ("transposed", None, False)]
    assert "the last index is zero where nonzero values are expected and every other index is right" in verdict.printed


def test_a_known_factor_is_not_named_when_another_check_is_off_by_a_factor_without_a_cause(tmp_path):
    hidden = '''
with graded_parts() as part:
    for _m in (4, 7):
        with part(f"m = {_m}"):
            _X = np.arange(1.0, 3 * _m + 1).reshape(3, _m)
            check_array(f"f(X), m = {_m}", call(f, _X), _X.mean(axis=1), batch_size=_m)
'''
    nb = _notebook(tmp_path, hidden, answer="def f(X):\n    return X.mean(axis=1)")
    # divided by 3, the rows: 4/3 at m = 4 looks like a count off by one, 7/3 at m = 7 has no known cause
    rows = judge.judge_locally(nb, {"f": "def f(X):\n    return X.sum(axis=1) / X.shape[0]"})["test_f_hidden"]
    assert [d["cause"] for d in rows.diagnoses] == ["count_off_by_one", "factor"]
    assert [d["category"] for d in rows.diagnoses] == [None, None] and "take the factor" in rows.printed
    summed = judge.judge_locally(nb, {"f": "def f(X):\n    return X.sum(axis=1)"})["test_f_hidden"]
    assert [d["category"] for d in summed.diagnoses] == ["constant_factor", "constant_factor"]


def test_a_factor_that_is_a_size_of_the_arguments_is_named(tmp_path):
    """The judge collects the axis sizes of every argument a cell sends: a division by one of them has a cause."""
    hidden = '''
_X = np.arange(1.0, 36.0).reshape(5, 7)
check_array("f(X)", call(f, _X), _X.mean(axis=0))
'''
    verdict = judge.judge_locally(_notebook(tmp_path, hidden), {"f": "def f(X):\n    return X.sum(axis=0)"})
    (found,) = verdict["test_f_hidden"].diagnoses
    assert (found["cause"], found["category"]) == ("factor", "constant_factor") and "That is 5," in found["text"]


def test_parts_that_check_only_shapes_earn_nothing_alone(tmp_path):
    verdict = judge.judge_locally(_notebook(tmp_path, PARTS),
                                  {"f": "def f(x):\n    return np.zeros(3)"})["test_f_hidden"]
    assert verdict.fraction == 0.0
    assert any("earn nothing" in reason for reason in verdict.reasons)
    assert verdict.outputs()[-1]["output_type"] == "error"


def test_a_failure_outside_the_parts_costs_the_whole_cell(tmp_path):
    verdict = judge.judge_locally(_notebook(tmp_path, PARTS), {"f": "def f(x):\n    raise NotImplementedError()"})
    verdict = verdict["test_f_hidden"]
    assert verdict.fraction == 0.0 and "not implemented yet" in verdict.error[1]


def test_the_judges_own_arguments_are_never_changed_by_the_student(tmp_path):
    # the expected value is computed from x after the call: x must still be the test's own
    hidden = '''
_x = np.array([1.0, 2.0])
_got = call(f, _x)
check_array("f(x)", _got, 2 * _x)
check_true(not np.array_equal(as_left(_x), _x), "as_left shows the kernel's copy")
'''
    steer = "def f(x):\n    x[:] = 0\n    return np.zeros(2)"
    verdict = judge.judge_locally(_notebook(tmp_path, hidden), {"f": steer})["test_f_hidden"]
    assert verdict.fraction == 0.0 and "entries are wrong" in verdict.error[1]


def test_an_argument_keeps_its_identity_through_a_result(tmp_path):
    # a cache that holds x, passed back: the kernel's x is the one the first call got
    hidden = '''
_x = np.array([1.0, 2.0])
_cache = call(f, _x)
check_true(_cache[0] is _x, "an unchanged argument in a result is the test's own object")
check_true(call(g, _cache) is True, "the kernel sees the same object in both calls")
'''
    answer = "def f(x):\n    global seen\n    seen = x\n    return (x, 1)\n\ndef g(cache):\n    return cache[0] is seen"
    verdict = judge.judge_locally(_notebook(tmp_path, hidden, answer=answer), {"f": answer})["test_f_hidden"]
    assert verdict.fraction == 1.0, verdict.printed + str(verdict.error)


def test_functions_of_the_test_are_sent_as_code(tmp_path):
    hidden = '''
_A = np.array([[2.0, 0.0], [0.0, 3.0]])
check_array("f(df)", call(f, lambda x: _A @ x), [2.0, 3.0])
check_array("f(np.cos)", call(f, np.cos), [1.0, 1.0])
'''
    answer = "def f(df):\n    return df(np.ones(2)) if df is not np.cos else np.cos(np.zeros(2))"
    verdict = judge.judge_locally(_notebook(tmp_path, hidden, answer=answer), {"f": answer})["test_f_hidden"]
    assert verdict.fraction == 1.0, verdict.printed + str(verdict.error)


def test_exceptions_name_the_likely_cause(tmp_path):
    hidden = 'check_array("f(x)", call(f, np.ones((2, 3))), np.ones(2))'
    answer = "def f(x):\n    return x @ x"
    verdict = judge.judge_locally(_notebook(tmp_path, hidden), {"f": answer})["test_f_hidden"]
    assert "f raised ValueError" in verdict.error[1] and "transpose" in verdict.error[1]


@pytest.mark.parametrize("body, line, code", [
    ("y = x * 2\n    return y @ y", 3, "`return y @ y`"),
    ("y = np.linalg.inv(x)\n    return y[0]", 2, "`y = np.linalg.inv(x)`"),  # raised inside numpy: the line calling it
])
def test_the_line_a_function_raised_at_is_located(tmp_path, body, line, code):
    hidden = 'check_array("f(x)", call(f, np.ones((2, 3))), np.ones(2))'
    verdict = judge.judge_locally(_notebook(tmp_path, hidden), {"f": f"def f(x):\n    {body}"})["test_f_hidden"]
    (found,) = verdict.diagnoses
    assert found["cause"] == "raised" and found["located"] and found["category"] is None
    assert f"Where: line {line} of f (counting its def line as 1): {code}" in verdict.error[1], verdict.error


def test_a_check_of_shapes_locates_the_axis_that_differs(tmp_path):
    hidden = 'check_shape("f(x)", call(f, np.ones((2, 3))), (2, 3))'
    verdict = judge.judge_locally(_notebook(tmp_path, hidden), {"f": "def f(x):\n    return np.ones((2, 4))"})
    (found,) = verdict["test_f_hidden"].diagnoses
    assert found["located"] and found["category"] is None
    assert "Where: axis 1 has 4 indices where 3 are expected; the other axes are right." in \
        verdict["test_f_hidden"].error[1]


@pytest.mark.parametrize("reported", [None, "line 3", {"function": "f", "line": "3", "code": ""},
                                      {"function": "f", "line": 0, "code": "x"}, {"function": ["f"], "line": 2}])
def test_a_line_the_kernel_reports_is_taken_only_in_its_own_form(reported):
    # the kernel's report can be anything a submission makes it: it only ever goes into that student's feedback
    assert judge._where(reported) is None


def test_a_reported_line_is_cut_to_its_limits():
    assert judge._where({"function": "f" * 500, "line": 2, "code": "x" * 5000}) == ("f" * 100, 2, "x" * 200)


# ---------------------------------------------------------------------------- the solution rerun on altered inputs

LAYER = "def f(W, x, b, n, phi):\n    return n * phi(W @ x + b)"
LAYER_TEST = '''
_W, _x, _b = np.array([[1.0, 2.0], [3.0, -1.0]]), np.array([0.5, -1.5]), np.array([0.25, 2.0])
check_array("f(W, x, b, 3, tanh)", call(f, _W, _x, _b, 3, np.tanh), 3 * np.tanh(_W @ _x + _b))
'''


@pytest.mark.parametrize("body, category, words", [
    ("n * phi(W @ x)", "missing_term", "with b set to 0"),
    ("n * phi(W.T @ x + b)", "transpose", "with W transposed"),
    ("(n - 1) * phi(W @ x + b)", "shifted", "with n = 2, not 3"),
    ("n * phi(W @ x - b)", "sign", "with -b"),
    ("n * (W @ x + b)", "missing_term", "when phi is not applied"),
])
def test_a_mistake_with_the_effect_of_an_altered_input_is_named(tmp_path, body, category, words):
    """No test foresaw these: the solution, rerun in the grader with one input changed, gives the student's answer."""
    nb = _notebook(tmp_path, LAYER_TEST, answer=LAYER)
    (found,) = judge.judge_locally(nb, {"f": f"def f(W, x, b, n, phi):\n    return {body}"})["test_f_hidden"].diagnoses
    assert (found["cause"], found["category"]) == ("rerun", category) and words in found["text"], found


@pytest.mark.parametrize("loop, category, words", [
    ("for g in fs[1:]:\n        x = g(x)\n    return rate * x", "shifted", "fs without its first element"),
    ("for g in fs:\n        x = g(x)\n    return x / rate", "constant_factor", "with 1/rate for rate"),
])
def test_a_list_or_a_number_altered_names_a_loop_or_a_factor(tmp_path, loop, category, words):
    solution = "def f(fs, x, rate):\n    for g in fs:\n        x = g(x)\n    return rate * x"
    hidden = '''
_x = np.array([0.5, -1.0, 2.0])
_fs = [np.sin, np.exp, np.tanh]
check_array("f([sin, exp, tanh], x, 0.3)", call(f, _fs, _x, 0.3), 0.3 * np.tanh(np.exp(np.sin(_x))))
'''
    verdict = judge.judge_locally(_notebook(tmp_path, hidden, answer=solution),
                                  {"f": f"def f(fs, x, rate):\n    {loop}"})["test_f_hidden"]
    (found,) = verdict.diagnoses
    assert (found["cause"], found["category"]) == ("rerun", category) and words in found["text"], found


@pytest.mark.parametrize("checked", ["P", "J"])
def test_a_reduction_over_the_wrong_axis_is_named_by_the_rerun_on_transposed_inputs(tmp_path, checked):
    """A softmax down the rows and a cost averaged over the classes: the solution on Z.T and Y.T, transposed back."""
    solution = ("def f(Z, Y):\n    E = np.exp(Z - Z.max(axis=0))\n    P = E / E.sum(axis=0)\n"
                "    return P, -np.sum(Y * np.log(P)) / Z.shape[1]")
    hidden = '''
_Z = np.array([[1.0, 2.0, 0.5, -1.0], [0.0, -1.0, 2.0, 3.0], [1.5, 0.5, 0.0, 1.0]])
_Y = np.eye(3)[:, [0, 2, 1, 1]]
_P, _J = call(f, _Z, _Y)
_E = np.exp(_Z - _Z.max(axis=0))
check_array("P", _P, _E / _E.sum(axis=0)) if CHECKED == "P" else None
check_array("J", _J, -np.sum(_Y * np.log(_E / _E.sum(axis=0))) / 4)
'''.replace("CHECKED", repr(checked))
    answer = ("def f(Z, Y):\n    E = np.exp(Z - Z.max(axis=1, keepdims=True))\n"
              "    P = E / E.sum(axis=1, keepdims=True)\n    return P, -np.sum(Y * np.log(P)) / Z.shape[0]")
    verdict = judge.judge_locally(_notebook(tmp_path, hidden, answer=solution), {"f": answer})["test_f_hidden"]
    (found,) = verdict.diagnoses
    assert (found["cause"], found["category"]) == ("rerun", "wrong_axis") and "transposed back" in found["text"], found


SOFTMAX = ("def f(Z, w):\n    E = np.exp(w * (Z - Z.max(axis=0, keepdims=True)))\n"
           "    return E / E.sum(axis=0, keepdims=True)")
SOFTMAX_TEST = '''
_Z = np.array([[1.0, 2.0, 0.5, -1.0], [0.0, -1.0, 2.0, 3.0], [1.5, 0.5, 0.0, 1.0]])
_E = np.exp(0.5 * (_Z - _Z.max(axis=0)))
check_array("f(Z, 0.5)", call(f, _Z, 0.5), _E / _E.sum(axis=0))
'''


@pytest.mark.parametrize("answer, category, words", [
    (SOFTMAX.replace("E.sum(axis=0", "E.sum(axis=1"), "wrong_axis", "over another axis"),
    (SOFTMAX.replace("E / E.sum(axis=0, keepdims=True)", "E"), "missing_term", "a division left out"),
    (SOFTMAX.replace("np.exp(", "("), "missing_term", "not applied"),
    (SOFTMAX.replace("w * (Z - Z.max(axis=0, keepdims=True))", "Z - Z.max(axis=0, keepdims=True)"), "missing_term",
     "a factor of a product left out"),
])
def test_a_mistake_that_is_one_edit_of_the_solution_is_named(tmp_path, answer, category, words):
    """No alteration of an input gives these answers; the solution with one place of its code edited does."""
    nb = _notebook(tmp_path, SOFTMAX_TEST, answer=SOFTMAX)
    (found,) = judge.judge_locally(nb, {"f": answer})["test_f_hidden"].diagnoses
    assert (found["cause"], found["category"]) == ("rerun", category) and words in found["text"], found
    assert "Z.max" not in found["text"] and "axis=0" not in found["text"]  # (the kind of edit, not the code)


class _TwoKindsOfRerun:
    """Reruns of two kinds that both give the answer checked (a stand-in for the judge's Counterfactuals)."""

    def likely_mistakes(self, got, expected, rtol, tiny, shape=None):
        answer = np.asarray(got, dtype=np.float64)
        return counterfactuals.Reruns("f", {"n one less": diagnosis.Mistake("shifted", answer, "rerun", "f|n|one less"),
                                            "a term left out": diagnosis.Mistake("missing_term", answer, "rerun",
                                                                                 "f|edit|term#1")})

    def place_of(self, got):
        return None


KEYS = '''
_x = np.array([1.0, -2.0, 3.0])
with graded_parts() as part:
    with part("shape"):
        check_keys("the dict f returns", call(f, _x, 3), [f"d{_l}" for _l in (3, 2, 1)])
'''


@pytest.mark.parametrize("answer, located, words", [
    ("def f(x, L):\n    return {f'd{l}': x for l in range(L, 1, -1)}", True,
     "the dict f returns has no key 'd1'; the keys 'd3' and 'd2' are there"),  # a loop one layer short
    ("def f(x, L):\n    return {}", False, "the dict f returns has no keys 'd3', 'd2' and 'd1'"),
    ("def f(x, L):\n    return [x] * L", False, "expected a dict with the keys 'd3', 'd2' and 'd1', got list"),
])
def test_missing_keys_are_named_and_located_beside_the_keys_that_are_there(tmp_path, answer, located, words):
    solution = "def f(x, L):\n    return {f'd{l}': x for l in range(L, 0, -1)}"
    verdict = judge.judge_locally(_notebook(tmp_path, KEYS, answer=solution), {"f": answer})["test_f_hidden"]
    assert verdict.fraction == 0.0 and words in verdict.printed, verdict.printed
    assert [d.get("located") for d in verdict.diagnoses] in ([located], [])
    assert judge.judge_locally(_notebook(tmp_path / "right", KEYS, answer=solution),
                               {"f": solution})["test_f_hidden"].fraction == 1.0


def test_a_check_of_shapes_names_no_rerun_when_reruns_of_two_kinds_give_the_answer():
    diagnoses = []
    tokens = testing._reruns.set(_TwoKindsOfRerun()), testing._diagnoses.set(diagnoses)
    try:
        with pytest.raises(testing.TestFailure, match="more than one mistake"):
            testing.check_shape("f(x)", np.ones((2, 4)), (2, 3))
    finally:
        testing._reruns.reset(tokens[0])
        testing._diagnoses.reset(tokens[1])
    (found,) = diagnoses
    assert found["cause"] == "ambiguous" and found["category"] is None and found["located"], found


@pytest.mark.parametrize("n, rerun", [(10, True), (counterfactuals.MAX_RERUN_AXIS + 1, False)])
def test_no_rerun_is_made_on_inputs_with_an_axis_too_long_for_the_graders_memory(tmp_path, n, rerun):
    hidden = f'_x = np.linspace(1.0, 2.0, {n})\ncheck_array("f(x, b)", call(f, _x, _x ** 2), _x + _x ** 2)'
    nb = _notebook(tmp_path, hidden, answer="def f(x, b):\n    return x + b")
    (found,) = judge.judge_locally(nb, {"f": "def f(x, b):\n    return x"})["test_f_hidden"].diagnoses
    assert (found["cause"] == "rerun") == rerun, found


def test_the_same_edit_made_at_every_place_at_once_names_a_mistake_made_consistently(tmp_path):
    """Both rolls with their axes in the other order: no single edit gives it, the two together do."""
    body = ("    y = np.roll(x, s, axis=AXES) * np.arange(1.0, x.size + 1).reshape(x.shape)\n"
            "    return np.roll(y, (-s[0], -s[1]), axis=AXES)")
    solution = "def f(x, s):\n" + body.replace("AXES", "(0, 1)")
    hidden = '''
_x = np.linspace(0.5, 2.0, 20).reshape(4, 5)
_y = np.roll(_x, (1, 2), axis=(0, 1)) * np.arange(1.0, 21).reshape(4, 5)
check_array("f(x, (1, 2))", call(f, _x, (1, 2)), np.roll(_y, (-1, -2), axis=(0, 1)))
'''
    answer = "def f(x, s):\n" + body.replace("AXES", "(1, 0)")
    verdict = judge.judge_locally(_notebook(tmp_path, hidden, answer=solution), {"f": answer})["test_f_hidden"]
    (found,) = verdict.diagnoses
    assert found["category"] == "transpose" and "at every such place" in found["text"], found


def test_edits_are_of_the_kind_their_place_says():
    source = ("def f(x, xs, steps):\n    k = 0\n    while k < steps and x.max() > 0:\n        x = x / 2\n"
              "        k += 1\n    return np.stack(xs, axis=1) * (x > 0), np.sum(x, axis=0)")
    kinds = {e.key.split("|")[2].split("#")[0]: e.category for e in code_edits.edits("f", (source,))}
    assert kinds["condition"] == "shifted" and kinds["comparison"] == "ties"  # a loop's test; a mask's
    assert kinds["axis 1"] == "wrong_axis" and kinds["axis dropped"] == "wrong_axis"
    axis_edits = [e for e in code_edits.edits("f", (source,)) if "axis" in e.key]
    assert all("sum" in e.text or "every axis" in e.text for e in axis_edits)
    assert len(axis_edits) == 5  # the sum's four other axes and none, never np.stack's
    sums = "def g(xs, y):\n    s = 0.0\n    for x in xs:\n        s += x - y\n    return s"
    kinds = {e.key.split("|")[2].split("#")[0]: e.category for e in code_edits.edits("g", (sums,))}
    assert (kinds["difference swapped"], kinds["update dropped"], kinds["last term only"]) == \
        ("sign", "missing_term", None)


@pytest.mark.parametrize("product", ["x @ w", "np.dot(x, w)"])
def test_a_dot_product_taken_as_a_mean_is_named_a_constant_factor(tmp_path, product):
    """np.mean(x * w) for x @ w, inside a sum: the result is off by no factor, the edited solution gives it."""
    solution = f"def f(x, w, b):\n    return np.tanh({product} + b)"
    hidden = '''
_x, _w = np.array([0.5, -1.0, 2.0, 0.25]), np.array([1.5, 0.5, -0.75, 2.0])
check_array("f(x, w, 0.3)", call(f, _x, _w, 0.3), np.tanh(_x @ _w + 0.3))
'''
    answer = "def f(x, w, b):\n    return np.tanh(np.mean(x * w) + b)"
    verdict = judge.judge_locally(_notebook(tmp_path, hidden, answer=solution), {"f": answer})["test_f_hidden"]
    (found,) = verdict.diagnoses
    assert (found["cause"], found["category"]) == ("rerun", "constant_factor"), found
    assert "divided by the length of the axis it sums over" in found["text"]


@pytest.mark.parametrize("value, base, kind", [
    (np.array([2.0, 4.0, -6.0]), np.array([1.0, 2.0, -3.0]), "constant_factor"),
    (np.array([1.5, 3.0]), np.array([1.0, 2.0]), "shifted"),  # n / (n - 1), n = 3
    (np.array([1.0, 5.0]), np.array([1.0, 2.0]), "missing_term"),
    (np.array(1.37), np.array(1.0), "missing_term"),  # two numbers always differ by some factor
    (np.array(4.0), np.array(1.0), "constant_factor"),
])
def test_a_factor_left_out_is_a_constant_factor_only_when_the_result_says_so(value, base, kind):
    assert counterfactuals._factor_category(value, base, 1e-7, 1e-12, "missing_term") == kind


def test_an_alteration_is_named_only_if_it_explains_every_failed_check_of_the_function(tmp_path):
    hidden = LAYER_TEST + LAYER_TEST.strip().splitlines()[-1].replace("3", "5") + "\n"
    with_parts = "with graded_parts() as part:\n" + "".join(
        f"    with part({i!r}):\n        {line}\n" for i, line in enumerate(hidden.strip().splitlines()[1:]))
    hidden = hidden.strip().splitlines()[0] + "\n" + with_parts
    nb = _notebook(tmp_path, hidden, answer=LAYER)
    # n - 1 every time: one alteration explains both checks
    off_by_one = judge.judge_locally(nb, {"f": "def f(W, x, b, n, phi):\n    return (n - 1) * phi(W @ x + b)"})
    assert [d["category"] for d in off_by_one["test_f_hidden"].diagnoses] == ["shifted", "shifted"]
    # a hard-coded 2 looks like "2, not 3" but not like "4, not 5": a coincidence, named nowhere
    hard_coded = judge.judge_locally(nb, {"f": "def f(W, x, b, n, phi):\n    return 2 * phi(W @ x + b)"})
    verdict = hard_coded["test_f_hidden"]
    assert [d["category"] for d in verdict.diagnoses] == [None, None], verdict.diagnoses
    assert verdict.diagnoses[0]["inconsistent"] and "may be a coincidence" in verdict.printed


def test_an_alteration_that_a_passed_check_refutes_is_not_named_and_a_hard_coded_argument_is(tmp_path):
    # a hard-coded 2 passes at n = 2 and looks like "2, not 3" at n = 3; an n - 1 would have failed at n = 2, so
    # only the value n has in the cell's other call explains it
    hidden = LAYER_TEST.replace("call(f, _W, _x, _b, 3, np.tanh)", "call(f, _W, _x, _b, 2, np.tanh)").replace(
        '3 * np.tanh', '2 * np.tanh') + LAYER_TEST.strip().splitlines()[-1] + "\n"
    nb = _notebook(tmp_path, hidden, answer=LAYER)
    verdict = judge.judge_locally(nb, {"f": "def f(W, x, b, n, phi):\n    return 2 * phi(W @ x + b)"})["test_f_hidden"]
    (found,) = verdict.diagnoses
    assert found["cause"] == "rerun" and found["category"] == "stateful", found
    assert "with n = 2, the value n has in another call of this cell: is n hard-coded" in found["text"]
    # without the call at n = 2 nothing says what n is hard-coded to: "2, not 3" stays a guess, and no value of a
    # call of the cell is taken for an argument
    alone = judge.judge_locally(_notebook(tmp_path / "alone", LAYER_TEST, answer=LAYER),
                                {"f": "def f(W, x, b, n, phi):\n    return 2 * phi(W @ x + b)"})["test_f_hidden"]
    assert "another call of this cell" not in alone.printed


# ---------------------------------------------------------------------------- the student's code, read

TWO_SIZES = '''
_x3, _x5 = np.array([1.0, -2.0, 3.0]), np.arange(5.0)
with graded_parts() as part:
    with part("values"):
        check_array("f(x)", call(f, _x3), 2 * _x3)
        check_array("f(x)", call(f, _x5), 2 * _x5)
'''


@pytest.mark.parametrize("answer, words", [
    # ran on x of shape (3,), raised on (5,): the 3 of its code is a size of the call it ran on only
    ("def f(x):\n    out = np.zeros(3)\n    out[:] = 2 * x\n    return out",
     "the 3 written in f's code is a size of the inputs of a call it ran on (x of shape (3,))"),
    # right on (3,), wrong on (5,), no error
    ("def f(x):\n    return 2 * x if len(x) == 3 else np.sin(x)",
     "the 3 written in f's code is a size of the inputs of a call it got right (x of shape (3,))"),
    # the line that raised writes a size of none of the call's inputs: said with no other call
    ("def f(x):\n    return (2 * x).reshape(4)",
     "the line of f that raised writes 4, a size of none of this call's inputs (x of shape (3,))"),
])
def test_a_size_written_into_the_code_is_named(tmp_path, answer, words):
    verdict = judge.judge_locally(_notebook(tmp_path, TWO_SIZES), {"f": answer})["test_f_hidden"]
    assert verdict.fraction == 0 and {d["category"] for d in verdict.diagnoses} == {"stateful"}, verdict.diagnoses
    assert words in verdict.printed, verdict.printed


@pytest.mark.parametrize("answer", [
    "def f(x):\n    return 2 * x if len(x) == 5 else 3 * x",  # the 5 is a size of the failed call
    "def f(x):\n    return 2 * x if len(x) == 5 else 2 * x ** 2",  # an exponent is no size
    "def f(x):\n    return 2 * x if len(x) > 3 else 2 * x - x[len(x) // 2]",  # nor is a divisor; (3,) is wrong
])
def test_a_number_of_the_code_that_is_not_a_size_the_calls_tell_apart_is_not_named(tmp_path, answer):
    verdict = judge.judge_locally(_notebook(tmp_path, TWO_SIZES), {"f": answer})["test_f_hidden"]
    assert verdict.fraction == 0 and "stateful" not in {d["category"] for d in verdict.diagnoses}
    assert "written in" not in verdict.printed and "writes" not in verdict.printed


def test_a_variable_of_the_notebook_read_instead_of_an_argument_is_named(tmp_path):
    setup = SETUP + "\nweights = np.ones(3)\nEPS = 1e-12"
    answer = "def f(x):\n    return 2 * x * weights + EPS"
    verdict = judge.judge_locally(_notebook(tmp_path, TWO_SIZES, setup=setup), {"f": answer})["test_f_hidden"]
    assert {d["category"] for d in verdict.diagnoses} == {"stateful"}, verdict.diagnoses
    assert "f reads `weights`, a variable of the notebook's top level, not one of its arguments" in verdict.printed
    # a constant of the course's code (EPS), or one of the answer's own, is not a variable: nothing is said
    constant = "SCALE = 2.0\n\ndef f(x):\n    return SCALE * x + EPS + 1"
    verdict = judge.judge_locally(_notebook(tmp_path / "constant", TWO_SIZES, setup=setup), {"f": constant})
    assert "of the notebook's top level" not in verdict["test_f_hidden"].printed


def test_a_cell_too_deep_to_parse_explains_nothing_and_costs_nothing_else(tmp_path):
    answer = "def f(x):\n    return 2 * x\n\ny = " + "(" * 5000 + "1" + ")" * 5000
    reader = judge.hard_coded.Reader([answer], [answer], ["def f(x):\n    return 2 * x"], {"f": ("x",)})
    assert reader.answers == {} and reader.explain("f", (np.ones(3),), {}, raised=True) is None


def test_reruns_say_nothing_unless_the_solution_gives_the_checks_expected_value(tmp_path):
    # the expected value here is not f's on these inputs (the test checks something else): no rerun may explain it
    other = LAYER_TEST.replace("3 * np.tanh(_W @ _x + _b)", "3 * np.tanh(_W @ _x + _b) + 1")
    answer = "def f(W, x, b, n, phi):\n    return n * phi(W @ x) + 1"
    (found,) = judge.judge_locally(_notebook(tmp_path, other, answer=LAYER), {"f": answer})["test_f_hidden"].diagnoses
    assert found["cause"] != "rerun"


def test_a_loop_over_an_inputs_windows_that_stops_one_short_is_named_by_its_last_index_zeroed(tmp_path):
    """Every window of dout but the last row and column spread back: dX is wrong all over, not at a border."""
    solution = ("def f(dout):\n    dX = np.zeros((dout.shape[0] + 1, dout.shape[1] + 1))\n"
                "    for u in range(2):\n        for v in range(2):\n"
                "            dX[u:u + dout.shape[0], v:v + dout.shape[1]] += dout / 4\n    return dX")
    answer = solution.replace("dout / 4", "dout[:-1, :-1] / 4").replace("u + dout.shape[0]", "u + dout.shape[0] - 1") \
        .replace("v + dout.shape[1]", "v + dout.shape[1] - 1")
    hidden = '_d = np.arange(1.0, 10.0).reshape(3, 3)\ncheck_array("f(dout)", call(f, _d), ' \
             'sum(np.pad(_d / 4, ((u, 1 - u), (v, 1 - v))) for u in range(2) for v in range(2)))'
    verdict = judge.judge_locally(_notebook(tmp_path, hidden, answer=solution), {"f": answer})["test_f_hidden"]
    (found,) = verdict.diagnoses
    assert (found["cause"], found["category"]) == ("rerun", "shifted"), found
    assert "the last index of dout along axes 0 and 1 set to 0" in found["text"] and "stops one short" in found["text"]


def test_a_rerun_that_never_ends_is_stopped_and_explains_nothing(tmp_path):
    # with rate = 0 the solution loops for ever: that rerun is stopped, the others still run
    solution = ("def f(x, rate, steps):\n    while abs(x) > 1e-3:\n        x = x - rate * x\n"
                "    return [x, float(steps)]")
    hidden = 'check_array("f(1, 0.5, 4)", call(f, 1.0, 0.5, 4), [1.0 * 0.5 ** 10, 4.0])'
    answer = solution.replace("float(steps)", "float(steps - 1)")
    verdict = judge.judge_locally(_notebook(tmp_path, hidden, answer=solution), {"f": answer})["test_f_hidden"]
    (found,) = verdict.diagnoses
    assert (found["cause"], found["category"]) == ("rerun", "shifted") and "steps = 3, not 4" in found["text"]


def test_reruns_run_the_solution_in_the_grader_never_the_students_code(tmp_path, backends):
    verdict = judge.judge_locally(_notebook(tmp_path, LAYER_TEST, answer=LAYER),
                                  {"f": "def f(W, x, b, n, phi):\n    return n * phi(W @ x)"})["test_f_hidden"]
    assert verdict.diagnoses[0]["cause"] == "rerun"
    assert len(backends[0].sent) == 1  # the test's one call: no rerun reached the kernel


# ---------------------------------------------------------------------------- properties of every call

def _judged(tmp_path, answer: str, hidden: str = PARTS):
    return judge.judge_locally(_notebook(tmp_path, hidden, answer=answer), {"f": answer})["test_f_hidden"]


def test_a_function_that_changes_its_input_loses_a_part_with_no_test_code_for_it(tmp_path):
    verdict = _judged(tmp_path, "def f(x):\n    x *= 2\n    return x.copy()")
    assert verdict.fraction == pytest.approx(3 / 4)  # shape 1 + values 2 pass, the added part (weight 1) fails
    assert verdict.reasons == ["part 'inputs left unchanged' failed"]
    assert "f changed its argument `x` in place" in verdict.error[1] and "x = x.copy()" in verdict.printed


def test_a_function_whose_docstring_says_it_updates_an_argument_in_place_may(tmp_path):
    answer = 'def f(x):\n    """Doubles x; updates ``x`` in place and returns it."""\n    x *= 2\n    return x'
    assert _judged(tmp_path, answer).fraction == 1.0


def test_a_function_that_keeps_state_between_calls_loses_a_part(tmp_path):
    answer = "calls = []\n\ndef f(x):\n    calls.append(1)\n    return 2 * x if len(calls) < 2 else 2 * x + 1"
    verdict = _judged(tmp_path, answer)  # (the visible run is not here: the first call is call 1)
    assert verdict.reasons == ["part 'the same answer on a second call' failed"], verdict.printed
    assert "keeps state between calls" in verdict.error[1]


def test_an_answer_that_drops_float64_loses_a_part_and_float32_inputs_are_not_judged_so(tmp_path):
    answer = "def f(x):\n    return (2 * x).astype(np.float32)"
    verdict = _judged(tmp_path, answer)
    assert verdict.reasons == ["part 'float64 kept' failed"] and "returned float32 values" in verdict.error[1]
    hidden = PARTS.replace("np.array([1.0, -2.0, 3.0])", "np.array([1.0, -2.0, 3.0], dtype=np.float32)")
    assert _judged(tmp_path / "32", answer, hidden).fraction == 1.0


PRECISE_PARTS = PARTS.replace("np.array([1.0, -2.0, 3.0])", "np.random.default_rng(3).normal(size=10)").replace(
    "(3,)", "(10,)")


def test_float64_values_that_went_through_float32_lose_the_part_values_checked_to_1e_5_cannot_see(tmp_path):
    answer = ("def f(x):\n    out = np.zeros(x.shape, dtype=np.float32)\n    out[:] = 2 * x\n"
              "    return out.astype(float)")
    verdict = _judged(tmp_path, answer, PRECISE_PARTS)
    assert verdict.fraction == pytest.approx(3 / 4), verdict.printed  # the values pass at rtol 1e-5
    assert verdict.reasons == ["part 'float64 kept' failed"] and "all float32 numbers" in verdict.error[1]
    assert [d["category"] for d in verdict.diagnoses] == ["dtype"]


@pytest.mark.parametrize("answer", [
    "def f(x):\n    return np.sort(x)[np.argsort(np.argsort(x))] * 2",  # selected and doubled: still float64 numbers
    "def f(x):\n    return (x + x).astype(np.float64)",
])
def test_honest_float64_answers_on_precise_inputs_keep_every_point(tmp_path, answer):
    assert _judged(tmp_path, answer, PRECISE_PARTS).fraction == 1.0


def test_results_of_simple_or_float32_numbers_are_not_judged_through_float32():
    precise = np.random.default_rng(0).normal(size=12)
    cast = precise.astype(np.float32).astype(np.float64)
    assert properties.went_through_float32((precise,), {}, (2 * cast, precise))  # one array is enough
    assert not properties.went_through_float32((cast,), {}, 2 * cast)  # the input holds float32 numbers itself
    assert not properties.went_through_float32((precise, cast), {}, cast)  # ... or one of the inputs does
    assert not properties.went_through_float32((precise,), {"lr": 0.1}, np.arange(12) * 0.75)  # 12 bits or fewer
    assert not properties.went_through_float32((precise,), {}, cast[:7])  # too few entries to tell
    assert not properties.went_through_float32((precise.astype(np.float32),), {}, cast)  # float32 inputs
    assert not properties.went_through_float32((), {"x": 0.3}, cast)  # no array input
    assert properties.went_through_float32((precise, np.float64(0.5), np.array([2.0])), {}, cast)  # single numbers


def _against_the_solution(tmp_path, answer: str, hidden: str):
    """The answer judged against the solution 2 * x (``_judged`` makes the answer the solution too)."""
    return judge.judge_locally(_notebook(tmp_path, hidden), {"f": answer})["test_f_hidden"]


def test_float64_answers_with_float32_mixed_into_their_arithmetic_lose_the_float64_part(tmp_path):
    # float32(x) + x: not a float32 number, within 1e-7 of 2x, but blind to changes of x below float32's steps
    verdict = _against_the_solution(tmp_path, "def f(x):\n    return x.astype(np.float32) + x", PRECISE_PARTS)
    assert verdict.fraction == pytest.approx(3 / 4), verdict.printed
    assert verdict.reasons == ["part 'float64 kept' failed"] and "below float32's precision" in verdict.error[1]
    assert [d["category"] for d in verdict.diagnoses] == ["dtype"]
    # the cell's first call holds whole numbers only (nothing to nudge): a later call of the function is nudged
    later = "_w = call(f, np.array([1.0, 2.0]))\n" + PRECISE_PARTS
    assert _against_the_solution(tmp_path / "later", "def f(x):\n    return x.astype(np.float32) + x",
                                 later).fraction < 1


def test_a_call_slower_than_the_nudges_budget_is_not_nudged_however_fast_the_cells_first_call(tmp_path, monkeypatch):
    # the first call (whole numbers, nothing to nudge) is fast; the call to nudge takes 0.1 s, over the budget
    monkeypatch.setattr(judge, "NUDGE_SECONDS", 0.05)
    answer = ("import time\n\ndef f(x):\n    if x.size > 2:\n        time.sleep(0.1)\n"
              "    return x.astype(np.float32) + x")
    later = "_w = call(f, np.array([1.0, 2.0]))\n" + PRECISE_PARTS
    assert _against_the_solution(tmp_path, answer, later).fraction == 1.0  # (not judged: the float32 mix escapes)
    monkeypatch.setattr(judge, "NUDGE_SECONDS", 0.5)
    assert _against_the_solution(tmp_path / "in_budget", answer, later).fraction < 1


@pytest.mark.parametrize("answer", [
    "def f(x):\n    return np.array([2.0 * v for v in x])",
    "def f(x):\n    return x * np.float32(2.0)",  # a float32 constant that is exact: float64 arithmetic still
    "def f(x):\n    return np.where(np.abs(x) > 1e-3, 2 * x, 0.0) + np.where(np.abs(x) > 1e-3, 0.0, 2 * x)",
])
def test_float64_answers_follow_their_nudged_inputs(tmp_path, answer):
    assert _against_the_solution(tmp_path, answer, PRECISE_PARTS).fraction == 1.0


CENTRAL = """
def f(x, h=1e-5):
    def loss(v):
        return 1e3 + float(np.sum(v ** 2)) / 2  # large beside its gradient: float64's rounding over 2h shows
    grad = np.zeros_like(x)
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = h
        grad[i] = {difference}
    return grad
"""


@pytest.mark.parametrize("difference", ["(loss(x + e) - loss(x - e)) / (2 * h)",
                                        "(loss(x + e) - loss(x - e)) * (0.5 / h)"])
def test_a_central_difference_whose_rounding_outweighs_the_tiny_nudge_is_not_judged_for_precision(tmp_path,
                                                                                                   difference):
    # the solution's own answer cannot follow the tiny nudge to 5 %: its rounding says nothing of float32
    hidden = PRECISE_PARTS.replace('check_array("f(x)", _got, 2 * _x)', 'check_array("f(x)", _got, _x, rtol=1e-4)')
    path = _notebook(tmp_path, hidden, answer=CENTRAL.format(difference="(loss(x + e) - loss(x - e)) / (2 * h)"))
    verdict = judge.judge_locally(path, {"f": CENTRAL.format(difference=difference)})["test_f_hidden"]
    assert verdict.fraction == 1.0, verdict.printed


def test_nudged_inputs_change_by_their_size_and_leave_whole_numbers_and_signs_alone():
    x = np.array([0.3, -1.7, 0.0, 2.5])
    labels, ones = np.array([0.0, 3.0, 1.0]), np.ones((2, 2))
    tiny, small = properties.NUDGES
    (moved, same_labels), kwargs = properties.nudged((x, labels), {"ones": ones}, tiny)
    assert moved is not x and same_labels is labels and kwargs["ones"] is ones
    assert np.all(np.sign(moved) == np.sign(x)) and moved[2] == 0.0
    relative = np.abs(moved - x)[x != 0] / np.abs(x[x != 0])
    assert np.all(relative >= tiny / 2 * 0.99) and np.all(relative <= tiny * 1.01)
    assert tiny < 2.0 ** -24 < small  # below float32's relative step, and above it
    (more,), _ = properties.nudged((x,), {}, small)
    assert np.allclose(more - x, (moved - x) * small / tiny, rtol=1e-4, atol=0)  # the same direction
    assert properties.nudged((labels,), {}, tiny) is None  # nothing but whole numbers to nudge
    assert properties.can_be_nudged((x, labels), {}) and not properties.can_be_nudged((labels,), {"ones": ones})
    assert properties.nudged((x, x.astype(np.float32)), {}, tiny) is None  # float32 inputs: float32 allowed
    assert properties.nudged(([x, {"w": x}],), {}, tiny)[0][0][1]["w"] is not x  # inside lists and dicts too
    (first, second), _ = properties.nudged((x, x), {}, tiny)
    assert first is second  # one array passed twice stays one array


def _moves(function, x, solution=None):
    """What moves_as_float64 says of ``function`` on ``x`` (``solution``: the solution's function, by default
    ``function`` itself)."""
    inputs = [x, *(properties.nudged((x,), {}, size)[0][0] for size in properties.NUDGES)]
    return properties.moves_as_float64(tuple(map(function, inputs)), tuple(map(solution or function, inputs)))


def test_only_smooth_moves_of_values_the_student_got_right_are_judged_for_precision():
    x = np.random.default_rng(1).normal(size=6)
    double = lambda v: 2 * v  # noqa: E731
    assert _moves(double, x)
    assert _moves(lambda v: np.exp(v) / np.exp(v).sum(), x)
    assert _moves(lambda v: (np.sin(v + 1e-5) - np.sin(v - 1e-5)) / 2e-5, x)  # float64 rounding / h: still smooth
    assert not _moves(lambda v: 2 * v.astype(np.float32).astype(np.float64), x, double)  # blind to the tiny nudge
    assert not _moves(lambda v: v.astype(np.float32) + v, x, double)  # half blind
    assert not _moves(lambda v: (2 * v.astype(np.float32).astype(np.float64), 1), x, lambda v: (2 * v, 1))  # tuple
    assert _moves(lambda v: 3 * v.astype(np.float32).astype(np.float64), x, double)  # wrong already: not judged
    assert _moves(lambda v: v.sum() > 0, x)  # no float64 value
    assert _moves(lambda v: 2 * v + (v[0] > x[0] * (1 + 2.0 ** -30)), x)  # jumps: not judged
    rounded = lambda v: (np.sin(v + 1e-5) + 1e3 - (np.sin(v - 1e-5) + 1e3)) / 2e-5  # noqa: E731
    blind = lambda v: rounded(v.astype(np.float32).astype(np.float64))  # noqa: E731
    assert not _moves(blind, x, lambda v: np.cos(v))
    assert _moves(blind, x, rounded)  # the solution's own rounding strays from the tiny nudge: not judged


HALVES = 'def f(x):\n    """Halves x.\n\n    x : ndarray (n,), a point (may hold integers).\n    """\n    return x / 2'
HALVES_INTO_A_BUFFER = "def f(x):\n    out = np.zeros_like(x)\n    out[...] = x / 2\n    return out"


def _halved(tmp_path, answer: str, solution: str = HALVES):
    hidden = PARTS.replace("2 * _x", "_x / 2")  # (x = [1, -2, 3]: whole numbers)
    return judge.judge_locally(_notebook(tmp_path, hidden, answer=solution), {"f": answer})["test_f_hidden"]


def test_a_buffer_that_truncates_an_int_argument_loses_a_part_where_the_docstring_allows_integers(tmp_path):
    verdict = _halved(tmp_path, HALVES_INTO_A_BUFFER)
    assert verdict.reasons == ["part 'int arrays taken as numbers' failed"], verdict.printed
    assert ("gave other numbers when `x`, which the docstring says may hold integers, held the same whole numbers "
            "as an int64 array") in verdict.error[1]
    assert [d["category"] for d in verdict.diagnoses] == ["dtype"]


def test_the_int_call_is_a_rule_only_where_the_docstring_states_it(tmp_path):
    assert _halved(tmp_path, HALVES_INTO_A_BUFFER, solution="def f(x):\n    return x / 2").fraction == 1.0
    assert _halved(tmp_path / "float buffer", "def f(x):\n    out = np.zeros(x.shape)\n    out[...] = x / 2\n"
                                              "    return out").fraction == 1.0


def test_an_answer_that_raises_for_an_int_argument_loses_the_part_and_says_what_it_raised(tmp_path):
    verdict = _halved(tmp_path, "def f(x):\n    x = x.copy()\n    x /= 2\n    return x")
    assert verdict.reasons == ["part 'int arrays taken as numbers' failed"], verdict.printed
    assert "f raised UFuncTypeError" in verdict.error[1]


def test_a_stateful_answer_is_not_also_blamed_for_int_arguments(tmp_path):
    answer = "calls = []\n\ndef f(x):\n    calls.append(1)\n    return x / 2 if len(calls) < 2 else x / 2 + 1"
    verdict = _halved(tmp_path, answer)
    assert verdict.reasons == ["part 'the same answer on a second call' failed"], verdict.printed


def test_only_arrays_of_whole_numbers_in_the_arguments_that_may_hold_integers_are_made_ints():
    signature = properties.signatures([HALVES.replace("f(x)", "f(x, y)")])["f"]
    assert signature.may_hold_integers == {"x"}
    whole, fractions = np.array([1.0, -2.0]), np.array([0.5, 2.0])
    assert properties.whole_number_arrays_as_ints((fractions, whole), {}, signature) is None  # y: not stated
    args, kwargs, names = properties.whole_number_arrays_as_ints(([whole, fractions, whole],), {"y": whole}, signature)
    assert names == "`x`" and kwargs["y"] is whole
    assert args[0][0].dtype == np.int64 and args[0][0] is args[0][2] and args[0][1] is fractions


def test_answers_with_the_same_numbers_in_other_dtypes_are_the_same_numbers():
    assert properties.same_numbers({"a": [np.array([1.0, 2.5]), 3.0]}, {"a": [np.array([1.0, 2.5]), np.int64(3)]})
    assert not properties.same_numbers(np.array([0.5, 1.0]), np.array([0, 1]))
    assert not properties.same_numbers((1.0, 2.0), [1.0, 2.0])
    assert properties.same_numbers(np.array([np.nan, 1.0]), np.array([np.nan, 1.0]))


MEAN_COST = ('def f(A, Y):\n    """Average squared error.\n\n    A : ndarray (n, m), predictions.    '
             'Y : ndarray (n, m), targets.\n    Returns a float.\n    """\n'
             '    return float(np.sum((A - Y) ** 2) / A.shape[1])')
MEAN_COST_TEST = '''
_r = np.random.default_rng(5)
_A, _Y = _r.normal(size=(3, 6)), _r.normal(size=(3, 6))
check_array("f(A, Y)", call(f, _A, _Y), np.sum((_A - _Y) ** 2) / 6)
'''


def _cost_judged(tmp_path, answer: str, solution: str = MEAN_COST):
    return judge.judge_locally(_notebook(tmp_path, MEAN_COST_TEST, answer=solution), {"f": answer})["test_f_hidden"]


def test_a_mistake_in_how_examples_are_combined_is_located_by_each_example_alone(tmp_path):
    # a return inside the loop over examples: right for one example, the first example's cost for a batch
    answer = ("def f(A, Y):\n    for j in range(A.shape[1]):\n"
              "        return float(np.sum((A[:, j] - Y[:, j]) ** 2))")
    verdict = _cost_judged(tmp_path, answer)
    (found,) = verdict.diagnoses
    assert found["located"] and found["category"] is None, found
    assert "each of the 6 examples alone gives the right answer (one call each), the 6 together do not" in \
        verdict.error[1]


def test_the_examples_alone_that_go_wrong_are_named_and_every_example_wrong_says_nothing(tmp_path):
    # (in the test's batch only example 3 has Y[0] > 0)
    only_some = "def f(A, Y):\n    return float(np.sum((A - Y) ** 2 * (1 + (Y[0] > 0))) / A.shape[1])"
    verdict = _cost_judged(tmp_path, only_some)
    assert verdict.diagnoses[0]["located"], verdict.diagnoses
    assert ("with one example at a time, example 3 gives a wrong answer and examples 0, 1, 2, 4 and 5 give the "
            "right one") in verdict.error[1]
    everywhere = _cost_judged(tmp_path / "2", "def f(A, Y):\n    return float(np.sum(np.abs(A - Y)) / A.shape[1])")
    assert not everywhere.diagnoses[0]["located"] and "example" not in everywhere.error[1]


def test_examples_are_sent_alone_only_where_the_docstring_gives_their_axis(tmp_path):
    undeclared = MEAN_COST.replace("(n, m)", "(n, k)")
    answer = ("def f(A, Y):\n    for j in range(A.shape[1]):\n"
              "        return float(np.sum((A[:, j] - Y[:, j]) ** 2))")
    verdict = _cost_judged(tmp_path, answer, undeclared)
    assert not verdict.diagnoses[0]["located"] and "example" not in verdict.error[1]


def test_a_call_is_cut_to_single_examples_only_when_every_array_in_it_is_described():
    signature = properties.signatures(['''def g(X, params, y, rng):
    """X : ndarray (n_x, m).    params : dict with W (n_h, n_x), b (n_h, 1).    y : ndarray (m,).
    rng : a generator.
    Returns Z (n_h, m).
    """'''])["g"]
    assert examples.example_axes(signature) == {"X": {2: 1}, "params": {2: None}, "y": {1: 0}, "rng": {}}
    X, y, params = np.arange(12.0).reshape(2, 6), np.arange(6.0), {"W": np.ones((3, 2)), "b": np.zeros((3, 1))}
    m, calls = examples.one_at_a_time((X, params, y, None), {}, signature)
    assert m == 6 and [j for j, _, _ in calls] == [0, 1, 2, 3, 4, 5]
    j, (X5, params5, y5, _), _ = calls[-1]
    assert X5.shape == (2, 1) and X5[0, 0] == 5 and y5.tolist() == [5.0] and params5["W"] is params["W"]
    assert examples.one_at_a_time((X, params, y, np.random.default_rng(0)), {}, signature) is None  # a generator
    assert examples.one_at_a_time((X, params, y[:5], None), {}, signature) is None  # two sizes of the batch
    assert examples.one_at_a_time((X, params, y, np.ones(3)), {}, signature) is None  # an array no shape describes
    assert examples.one_at_a_time((X[:, :1], params, y[:1], None), {}, signature) is None  # one example already
    many = np.zeros((2, examples.MOST_EXAMPLES + 1))
    assert examples.one_at_a_time((many, params, many[0], None), {}, signature) is None  # too many to send each


PAIR = ('def f(x):\n    """Two values.\n\n    Returns (double, square): 2 x and x ** 2.\n    """\n'
        '    return 2 * x, x ** 2')
PAIR_TEST = '''
_x = np.array([1.5, -2.0, 3.0])
_double, _square = call(f, _x)
check_array("2 x", _double, 2 * _x)
check_array("x ** 2", _square, _x ** 2)
'''


def test_a_wrong_value_beside_values_of_the_same_call_found_right_is_located_there(tmp_path):
    path = _notebook(tmp_path, PAIR_TEST, answer=PAIR)
    verdict = judge.judge_locally(path, {"f": "def f(x):\n    return 2 * x, x ** 3 / 2"})["test_f_hidden"]
    (found,) = verdict.diagnoses
    assert found["located"] and found["category"] is None, found
    assert ("Where: of what f returned in one call, square is wrong and double is right: the mistake is in a step "
            "the right one does not go through.") in verdict.printed
    both = judge.judge_locally(path, {"f": "def f(x):\n    return 3 * x, x ** 3 / 2"})["test_f_hidden"]
    assert not any(d["located"] for d in both.diagnoses) and "Where: of what" not in both.printed


def test_the_values_of_a_returned_dict_are_said_by_their_keys(tmp_path):
    hidden = PAIR_TEST.replace("_double, _square = call(f, _x)",
                               "_got = call(f, _x)\n_double, _square = _got['a'], _got['b']")
    verdict = judge.judge_locally(_notebook(tmp_path, hidden, answer="def f(x):\n    return {'a': 2 * x, 'b': x ** 2}"),
                                  {"f": "def f(x):\n    return {'a': 2 * x, 'b': x ** 3 / 2}"})["test_f_hidden"]
    assert "of what f returned in one call, ['b'] is wrong and ['a'] is right" in verdict.printed


CALLS_TEST = '''
_x1, _x3 = np.array([2.0]), np.array([1.0, -2.0, 3.0])
check_array("f(x) for one entry", call(f, _x1), 2 * _x1)
check_array("f(x) for three", call(f, _x3), 2 * _x3)
'''


def test_a_wrong_call_beside_a_call_of_the_same_function_found_right_is_located_by_their_inputs(tmp_path):
    verdict = _judged(tmp_path, "def f(x):\n    return x + x.mean()", CALLS_TEST)  # (right for one entry)
    (found,) = verdict.diagnoses
    assert found["located"] and found["category"] is None, found
    assert ("Where: a value f returned was found right on a call of this cell where x has shape (1,), and wrong on "
            "one where x has shape (3,).") in verdict.printed
    numbers = CALLS_TEST.replace("call(f, _x1)", "call(f, _x3, 1)").replace("call(f, _x3)", "call(f, _x3, 2)")
    numbers = numbers.replace("2 * _x1", "2 * _x3")
    answer = "def f(x, n=1):\n    return 2 * x if n < 2 else 2 * x + 1"
    verdict = judge.judge_locally(_notebook(tmp_path / "n", numbers, answer="def f(x, n=1):\n    return 2 * x"),
                                  {"f": answer})["test_f_hidden"]
    assert "found right on a call of this cell where n = 1, and wrong on one where n = 2." in verdict.printed


def test_calls_that_differ_only_in_their_values_locate_nothing(tmp_path):
    hidden = CALLS_TEST.replace("np.array([2.0])", "np.array([2.0, 1.0, 0.5])")
    hidden = hidden.replace("1.0, -2.0, 3.0", "-1.0, -2.0, -3.0")
    verdict = _judged(tmp_path, "def f(x):\n    return x + np.abs(x)", hidden)  # (right where x >= 0)
    assert not verdict.diagnoses[0]["located"] and "found right on a call" not in verdict.printed
    assert locations.differences(((np.ones(2),), {}), ((np.ones(2), 3), {})) is None  # not the same inputs
    assert locations.differences(((np.ones(2, np.float32), 2), {}), ((np.ones(2), 3), {}), ("x", "n")) == [
        ("x", "x is float32", "x is float64"), ("n", "n = 2", "n = 3")]


def test_a_check_of_one_stated_property_names_its_kind_and_an_untagged_one_names_none(tmp_path):
    hidden = PARTS.replace('check_shape("f(x)", _got, (3,))',
                           'check_true(np.shape(_got) != (1, 3), "f returned a row, not x\'s shape", kind="transpose")')
    answer = "def f(x):\n    return 2 * x[None, :]"
    tagged = [d["category"] for d in _judged(tmp_path, answer, hidden).diagnoses]
    hidden_untagged = hidden.replace(', kind="transpose"', "")
    untagged = [d["category"] for d in _judged(tmp_path / "2", answer, hidden_untagged).diagnoses]
    assert "transpose" in tagged and "transpose" not in untagged, (tagged, untagged)
    with pytest.raises(ValueError, match="kind must be one of"):
        testing.check_true(True, "", kind="typo")


def test_a_call_on_an_object_kept_in_the_kernel_is_not_sent_again(tmp_path):
    # a random generator lives in the kernel: a second call would draw new numbers, rightly
    hidden = '''
_rng = call(make_rng)
check_true(call(f, _rng) != call(f, _rng), "two draws differ")
'''
    answer = "def make_rng():\n    return np.random.default_rng(0)\n\ndef f(rng):\n    return float(rng.random())"
    assert _judged(tmp_path, answer, hidden).fraction == 1.0


def test_the_same_answer_is_asked_of_the_same_inputs_even_if_the_test_changes_its_own_arrays(tmp_path):
    hidden = '''
_x = np.array([1.0, 2.0])
_first = call(f, _x)
_x += 1  # the test's own array, after the call: the second call still gets [1, 2]
check_array("f(x)", _first, [2.0, 4.0])
'''
    assert _judged(tmp_path, "def f(x):\n    return 2 * x", hidden).fraction == 1.0


TWO_FUNCTIONS = "def g(x):\n    return float(x.sum())\n\ndef f(x):\n    return 2 * x"


@pytest.mark.parametrize("change", ["_x += 1", "_x += 0.5", "_x *= 1.1"])
def test_a_function_first_called_after_the_test_changed_an_array_another_call_saw_is_sent_it_as_changed(
        tmp_path, change):
    # g sees x first; f's first call sees x changed in place: f is sent again (and nudged) on what it saw
    hidden = f"""
_x = np.random.default_rng(3).normal(size=10).round()
_total = call(g, _x)
{change}
_got = call(f, _x)
check_array("f(x)", _got, 2 * _x)
"""
    verdict = _judged(tmp_path, TWO_FUNCTIONS, hidden)
    assert verdict.fraction == 1.0 and verdict.error is None, verdict.printed


def test_a_test_cell_the_course_does_not_have_earns_nothing(tmp_path):
    path = _notebook(tmp_path, PARTS)
    the_judge = judge.Judge(path, judge.LocalBackend({}))
    verdict = the_judge.run("test_forged")
    assert verdict.fraction == 0 and verdict.error[0] == "UnknownTestCell"


def test_a_stock_kernel_refuses_to_run_a_hidden_test():
    with pytest.raises(testing.TestFailure, match="judged by the course's grader"):
        testing.only_in_the_grader()


# ---------------------------------------------------------------------------- the course's own hidden tests

ASSIGNMENTS = COURSE.assignments()


@pytest.fixture
def backends(monkeypatch) -> list:
    """The backends ``judge_locally`` makes from now on, each recording the requests it carries to the kernel."""
    made = []

    def recording(namespace):
        made.append(_RecordingBackend(namespace))
        return made[-1]

    monkeypatch.setattr(judge, "LocalBackend", recording)
    return made


class _RecordingBackend(judge.LocalBackend):
    def __init__(self, namespace):
        super().__init__(namespace)
        self.sent: list[str] = []

    def request(self, request):
        self.sent.append(json.dumps(request))
        return super().request(request)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_hidden_test_refuses_to_run_in_a_kernel(assignment):
    """Under stock nbgrader a hidden test would run in the student's kernel: its first line refuses."""
    for cell in notebooks.read(COURSE.source(assignment)).cells:
        if notebooks.is_test_cell(cell):
            lines = [line.strip() for line in cell.source.splitlines()]
            marker = lines.index(notebooks.HIDDEN_MARKERS[0])
            assert lines[marker + 1] == "only_in_the_grader()", notebooks.grade_id(cell)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_hidden_test_line_is_sent_to_the_kernel(assignment, backends):
    """Everything the kernel receives while the reference answers are judged: inputs, never the tests' code."""
    source = COURSE.source(assignment)
    verdicts = judge.judge_locally(source, notebooks.reference_answers(notebooks.read(source)))
    assert all(v.fraction == 1.0 for v in verdicts.values()), \
        {g: v.error for g, v in verdicts.items() if v.fraction < 1}
    sent = "\n".join(backends[0].sent)
    assert sent, "no call reached the kernel"
    leaked = [line for line in secret_lines(notebooks.read(source), hidden_only=True) if json.dumps(line)[1:-1] in sent]
    assert not leaked, f"hidden-test lines sent to the kernel: {leaked[:3]}"
    for words in ("likely_mistakes", "only_in_the_grader", "graded_parts"):
        assert words not in sent


FAKE_IPYTHON = '''
import sys, types
calls = []
shell = types.SimpleNamespace(custom_exceptions=(), set_custom_exc=lambda exc, handler: calls.append(exc))
sys.modules["IPython"] = types.SimpleNamespace(get_ipython=lambda: shell)
from course import testing
assert calls == [], "importing course.testing changed the shell"
testing.TestFailure("x")
assert calls == [(testing.TestFailure,)], calls
'''


def test_importing_the_testing_module_changes_no_shell_until_a_check_fails():
    done = subprocess.run([sys.executable, "-c", FAKE_IPYTHON], cwd=Path(__file__).parent.parent,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
