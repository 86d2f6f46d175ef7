"""course.gradcheck: numerical derivatives and the diagnosis of wrong gradients."""

import numpy as np
import pytest

from course import gradcheck
from course.testing import TestFailure, call, check_array, check_gradient, check_shape

rng = np.random.default_rng(0)


def test_numerical_derivative_matches_analytic():
    assert gradcheck.numerical_derivative(np.sin, 0.3) == pytest.approx(np.cos(0.3), rel=1e-9)


def test_numerical_jacobian_is_numerator_layout():
    A = rng.normal(size=(3, 4))
    x = rng.normal(size=4)
    J = gradcheck.numerical_jacobian(lambda v: A @ v, x)
    assert J.shape == (3, 4)
    np.testing.assert_allclose(J, A, rtol=1e-8)


def test_numerical_jacobian_of_matrix_input_has_stacked_shape():
    W = rng.normal(size=(2, 3))
    x = rng.normal(size=3)
    J = gradcheck.numerical_jacobian(lambda M: M @ x, W)
    assert J.shape == (2, 2, 3)
    # d(Wx)_i / dW_jk = [i == j] x_k
    np.testing.assert_allclose(J[0, 0], x, rtol=1e-8)
    np.testing.assert_allclose(J[0, 1], 0, atol=1e-10)


def test_numerical_vjp_equals_v_times_jacobian():
    A = rng.normal(size=(3, 4))
    v = rng.normal(size=3)
    x = rng.normal(size=4)
    f = lambda z: np.tanh(A @ z)
    np.testing.assert_allclose(gradcheck.numerical_vjp(f, x, v), v @ gradcheck.numerical_jacobian(f, x), rtol=1e-8)


def test_numerical_gradient_refuses_vector_function():
    with pytest.raises(ValueError, match="scalar"):
        gradcheck.numerical_gradient(lambda z: z * 2, np.ones(3))


def test_relative_error_definition():
    assert gradcheck.relative_error(1.0, 2.0, tiny=1e-12) == pytest.approx(0.5)
    assert gradcheck.relative_error(0.0, 0.0, tiny=1e-12) == 0.0
    assert gradcheck.relative_error(np.nan, 1.0) == np.inf


def test_numerical_derivative_does_not_mutate_input():
    x = np.array([1.0, 2.0])
    gradcheck.numerical_gradient(lambda z: float(z @ z), x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


# ---------------------------------------------------------------- diagnoses

expected = rng.normal(size=(3, 5))


@pytest.mark.parametrize(
    "got, cause, phrase",
    [
        (expected.T, "transposed", "transpose"),
        (-expected, "sign", "sign is flipped"),
        (8 * expected, "factor", "batch size m = 8"),
        (expected / 8, "factor", "average twice"),
        (2 * expected, "factor", "factor 2"),
        (np.zeros_like(expected), "zero", "all zeros"),
        (expected.reshape(15), "reshape", "values are right"),
        (expected.sum(axis=1), "summed_axis", "summed over axis 1"),
        (np.full((3, 5), np.nan), "not_finite", "nan or inf"),
        (None, "not_an_array", "return"),
        (np.ones((4, 4)), "shape", "expected (3, 5), got (4, 4)"),
    ],
)
def test_compare_names_the_mistake(got, cause, phrase):
    report = gradcheck.compare(got, expected, name="dW", batch_size=8)
    assert not report.ok
    assert report.cause == cause
    assert phrase in str(report)


def test_square_transpose_detected_with_same_shape():
    square = rng.normal(size=(4, 4))
    report = gradcheck.compare(square.T, square, name="J")
    assert report.cause == "transposed"


def test_compare_lists_wrong_entries_with_values():
    got = expected.copy()
    got[1, 2] += 1.0
    report = gradcheck.compare(got, expected, name="dW")
    assert report.n_wrong == 1 and report.n_total == 15
    assert report.wrong_entries[0][0] == (1, 2)
    text = str(report)
    assert "1 of 15 entries are wrong" in text and "(1, 2)" in text


def test_compare_names_a_given_likely_mistake():
    missing_derivative = expected * 0.3 + 1
    report = gradcheck.compare(missing_derivative, expected, likely_mistakes={"missing sigma'(z)": missing_derivative})
    assert report.cause == "known_mistake" and "missing sigma'(z)" in str(report)


def test_compare_accepts_roundoff_and_float32():
    assert gradcheck.compare(expected * (1 + 1e-9), expected).ok
    assert gradcheck.compare(expected.astype(np.float32), expected).ok


def test_compare_near_zero_entries_use_array_scale():
    exp = np.array([1.0, 0.0])
    assert gradcheck.compare(np.array([1.0, 1e-11]), exp).ok
    assert not gradcheck.compare(np.array([1.0, 1e-3]), exp).ok


# ---------------------------------------------------------------- course.testing

def test_call_reports_unimplemented_function():
    def stub(x):
        raise NotImplementedError()

    with pytest.raises(TestFailure, match="stub is not implemented yet"):
        call(stub, 1)


def test_call_reports_student_exception():
    with pytest.raises(TestFailure, match="ZeroDivisionError"):
        call(lambda: 1 / 0)


@pytest.mark.parametrize("bad_line", [
    lambda W, X: W @ X.T,            # matmul: core dimension mismatch
    lambda W, X: W.dot(X.T),         # np.dot: shapes not aligned
    lambda W, X: W[:, :2] + X,       # operands could not be broadcast together
])
def test_call_names_the_likely_cause_of_a_shape_error(bad_line):
    def student(W, X):
        return bad_line(W, X)

    with pytest.raises(TestFailure, match=r"student raised ValueError: .*do not fit: print each one's \.shape"):
        call(student, np.ones((2, 3)), np.ones((3, 4)))


def test_call_names_the_likely_cause_of_a_scalar_function_given_an_array():
    import math

    with pytest.raises(TestFailure, match=r"raised TypeError: .*given an array .* use numpy's functions"):
        call(lambda x: math.exp(x), np.ones(3))


def test_call_says_a_name_from_outside_the_function_may_come_from_a_cell_the_grader_does_not_run():
    def student(x):
        return x * demo_scale  # noqa: F821 (the name a demonstration cell would bind)

    with pytest.raises(TestFailure, match=r"raised NameError: .*demo_scale.*cells that only demonstrate .* not run"):
        call(student, 1.0)


def test_call_adds_no_shape_hint_to_other_errors():
    def student(x):
        raise ValueError("math domain error")

    with pytest.raises(TestFailure) as failure:
        call(student, 1.0)
    assert str(failure.value) == "student raised ValueError: math domain error"


def test_check_array_passes_and_fails(capsys):
    check_array("x", [1.0, 2.0], [1.0, 2.0])
    assert "OK x" in capsys.readouterr().out
    with pytest.raises(TestFailure, match="expected shape"):
        check_array("x", [1.0, 2.0, 3.0], [1.0, 2.0])


def test_check_shape_names_expected_shape():
    with pytest.raises(TestFailure, match=r"expected shape \(2, 3\), got \(3, 2\)"):
        check_shape("W", np.zeros((3, 2)), (2, 3))


def test_check_gradient_against_numeric():
    x = rng.normal(size=4)
    check_gradient("grad", lambda z: float(np.sum(z ** 3)), x, 3 * x ** 2)
    with pytest.raises(TestFailure, match="factor"):
        check_gradient("grad", lambda z: float(np.sum(z ** 3)), x, 6 * x ** 2)


def test_likely_mistake_of_another_shape_is_named():
    summed_over_units = expected.sum(keepdims=True)
    report = gradcheck.compare(summed_over_units, expected,
                               likely_mistakes={"db summed over units too": summed_over_units})
    assert report.cause == "known_mistake" and "db summed over units too" in str(report)
    assert "expected shape (3, 5)" in str(report)
