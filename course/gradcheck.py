"""Numerical derivatives by central differences, and reports that compare arrays.

Conventions used throughout the course (see NOTATION.md):

* everything is computed in float64;
* derivatives are central differences ``(f(x + h) - f(x - h)) / (2h)`` with
  ``h = 1e-5`` unless stated;
* Jacobians are in numerator layout: for ``y = f(x)`` the Jacobian has shape
  ``y.shape + x.shape``, so a map R^n -> R^m has an (m, n) Jacobian;
* the relative error of two numbers is ``|a - b| / max(|a|, |b|, tiny)``.

:func:`compare` turns two arrays into a :class:`Report` that says which
entries differ, by how much, and what the mistake most likely is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np

from course import diagnosis

DEFAULT_H = 1e-5
DEFAULT_RTOL = 1e-5
# Entries far below the array's own scale are compared on that scale, so that
# round-off noise in entries that should be zero does not count as an error.
TINY_FRACTION = 1e-3
MAX_LISTED_ENTRIES = 5


# ---------------------------------------------------------------- derivatives

def _as_float64(x) -> np.ndarray:
    return np.array(x, dtype=np.float64, copy=True)


def numerical_derivative(f: Callable[[float], float], x: float, h: float = DEFAULT_H) -> float:
    """Central difference ``(f(x + h) - f(x - h)) / (2h)`` of a scalar function."""
    x = float(x)
    return (float(f(x + h)) - float(f(x - h))) / (2.0 * h)


def numerical_jacobian(f: Callable[[np.ndarray], np.ndarray], x, h: float = DEFAULT_H) -> np.ndarray:
    """Jacobian of ``f`` at ``x`` by central differences, in numerator layout.

    Parameters
    ----------
    f : callable taking an array of ``x``'s shape and returning an array (or scalar).
    x : array of any shape ``S_in``.

    Returns
    -------
    J : ndarray of shape ``S_out + S_in`` where ``S_out = np.shape(f(x))``;
        ``J[i..., j...] = d f(x)[i...] / d x[j...]``.
    """
    x = _as_float64(x)
    out_shape = np.shape(f(x.copy()))
    jac = np.zeros(out_shape + x.shape)
    for index in np.ndindex(*x.shape):
        original = x[index]
        x[index] = original + h
        plus = _as_float64(f(x.copy()))
        x[index] = original - h
        minus = _as_float64(f(x.copy()))
        x[index] = original
        jac[(Ellipsis,) + index] = (plus - minus) / (2.0 * h)
    return jac


def numerical_gradient(f: Callable[[np.ndarray], float], x, h: float = DEFAULT_H) -> np.ndarray:
    """Gradient of a scalar function ``f`` at ``x``; same shape as ``x``."""
    out_shape = np.shape(f(_as_float64(x)))
    if out_shape != ():
        raise ValueError(f"f must return a scalar to have a gradient; it returned shape {out_shape}")
    return numerical_jacobian(f, x, h)


def numerical_vjp(f: Callable[[np.ndarray], np.ndarray], x, v, h: float = DEFAULT_H) -> np.ndarray:
    """Vector-Jacobian product ``v^T J`` of ``f`` at ``x``, without building ``J``.

    ``v`` has the shape of ``f(x)``; the result has the shape of ``x``. It is the
    gradient of the scalar ``sum(v * f(x))``, which is what backprop computes.
    """
    v = _as_float64(v)
    return numerical_gradient(lambda z: float(np.sum(v * _as_float64(f(z)))), x, h)


def relative_error(a, b, tiny: float | None = None) -> np.ndarray:
    """Entry-wise ``|a - b| / max(|a|, |b|, tiny)``.

    ``tiny`` defaults to ``TINY_FRACTION`` times the largest ``|b|`` (floored at
    1e-12): ``b`` is taken as the expected value.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if tiny is None:
        tiny = default_tiny(b)
    scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), tiny)
    with np.errstate(invalid="ignore"):
        err = np.abs(a - b) / scale
    # inf - inf and nan are as wrong as it gets
    return np.where(np.isfinite(err), err, np.inf)


def default_tiny(expected) -> float:
    expected = np.asarray(expected, dtype=np.float64)
    finite = np.abs(expected[np.isfinite(expected)])
    largest = float(finite.max()) if finite.size else 0.0
    return max(TINY_FRACTION * largest, 1e-12)


# ---------------------------------------------------------------- reports

@dataclass
class Report:
    """What :func:`compare` found. ``str(report)`` is the message a student reads."""

    name: str
    ok: bool
    expected_shape: tuple
    got_shape: tuple | None
    max_rel_error: float = float("nan")
    rtol: float = DEFAULT_RTOL
    n_wrong: int = 0
    n_total: int = 0
    wrong_entries: list = field(default_factory=list)  # (index, expected, got, rel_error)
    diagnosis: str | None = None
    cause: str | None = None  # a short machine-readable tag of the diagnosis
    category: str | None = None  # the kind of mistake named (course.diagnosis.CATEGORIES), if one is
    location: str | None = None  # where the wrong entries are, when no cause is named

    def __str__(self) -> str:
        if self.ok:
            return f"{self.name}: correct (max relative error {self.max_rel_error:.1e})."
        lines = []
        if self.got_shape != self.expected_shape:
            lines.append(f"{self.name}: expected shape {self.expected_shape}, got {self.got_shape_text()}.")
        else:
            lines.append(
                f"{self.name}: {self.n_wrong} of {self.n_total} entries are wrong "
                f"(max relative error {self.max_rel_error:.1e}, tolerance {self.rtol:.0e})."
            )
            if self.wrong_entries:
                lines.append(f"  {'index':<14}{'expected':>14}{'got':>14}")
                for index, exp, got, _ in self.wrong_entries:
                    lines.append(f"  {str(index):<14}{exp:>14.6g}{got:>14.6g}")
                if self.n_wrong > len(self.wrong_entries):
                    lines.append(f"  ... and {self.n_wrong - len(self.wrong_entries)} more")
        if self.diagnosis:
            lines.append(f"Likely cause: {self.diagnosis}")
        if self.location:
            lines.append(f"Where: {self.location}.")
        return "\n".join(lines)

    def got_shape_text(self) -> str:
        return "a scalar ()" if self.got_shape == () else str(self.got_shape)


def compare(
    got,
    expected,
    name: str = "result",
    rtol: float = DEFAULT_RTOL,
    tiny: float | None = None,
    likely_mistakes: Mapping[str, np.ndarray] | None = None,
    batch_size: int | None = None,
    sizes: tuple = (),
) -> Report:
    """Compare ``got`` with ``expected`` entry by entry and diagnose the difference.

    Parameters
    ----------
    got, expected : array-likes; ``expected`` fixes the shape.
    name : what the array is called in the message, e.g. ``"dW1"``.
    rtol : largest accepted relative error per entry.
    tiny : floor of the relative error's denominator (see :func:`relative_error`).
    likely_mistakes : ``{description: array}`` answers that typical mistakes
        produce on the same inputs; a match names that mistake.
    batch_size : the batch size m, so that a factor m or 1/m is named as such.
    sizes : other sizes in play (the axes of the function's arguments), so that a factor that is one of
        them or its inverse is named (for arrays: a sum for a mean, a division by that size).
    """
    expected = np.asarray(expected, dtype=np.float64)
    report = Report(name=name, ok=False, expected_shape=expected.shape, got_shape=None, rtol=rtol)
    got_array = _to_float_array(got)
    if got_array is None:
        report.diagnosis = _describe_non_array(got, expected.shape)
        report.cause = "not_an_array"
        return report
    report.got_shape = got_array.shape
    tiny = default_tiny(expected) if tiny is None else tiny

    if got_array.shape != expected.shape:
        return _with(report, diagnosis.diagnose_shape(got_array, expected, rtol, tiny, likely_mistakes))

    err = relative_error(got_array, expected, tiny)
    wrong = err > rtol
    report.n_total = int(err.size)
    report.n_wrong = int(wrong.sum())
    report.max_rel_error = float(err.max()) if err.size else 0.0
    report.ok = report.n_wrong == 0
    if report.ok:
        return report
    wrong_indices = np.argwhere(wrong)
    # largest errors first: those tell the most
    order = np.argsort(-err[wrong], kind="stable")[:MAX_LISTED_ENTRIES]
    for k in order:
        index = tuple(int(i) for i in wrong_indices[k])
        report.wrong_entries.append((index, float(expected[index]), float(got_array[index]), float(err[index])))
    return _with(report, diagnosis.diagnose_values(got_array, expected, rtol, tiny, likely_mistakes, batch_size,
                                                   sizes))


def _with(report: Report, found: diagnosis.Diagnosis) -> Report:
    report.cause, report.category, report.diagnosis, report.location = \
        found.cause, found.category, found.text, found.location
    return report


def _to_float_array(got) -> np.ndarray | None:
    if got is None or isinstance(got, (str, bytes, dict, set)):
        return None
    try:
        arr = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return arr


def _describe_non_array(got, expected_shape) -> str:
    if got is None:
        return (f"the function returned None; expected an array of shape {expected_shape}. "
                "Is a `return` statement missing?")
    return f"expected an array of shape {expected_shape}, got a {type(got).__name__}."
