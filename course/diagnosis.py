"""Why a result differs from the expected one: candidate explanations tried in turn, else where the wrong entries are.

:func:`diagnose_values` and :func:`diagnose_shape` are what
:func:`course.gradcheck.compare` calls once it knows that ``got`` is wrong.
Candidates are generated from the expected array alone, never written per
mistake: a transpose or reshape, a sum over one axis, the sign, whole numbers
for fractions, a constant factor (named when it is the batch size m, 1/m, 2,
1/2 or the size of an axis; n/(n - 1) for such a size is a count off by one),
the result shifted by one along an axis, zeros at the first or last index of an
axis, one index too few or only one index kept, a missing or misplaced
reduction, and the typical mistakes a test passes in (``likely_mistakes``),
among them those the judge makes by rerunning the solution on altered inputs
(``autograder.counterfactuals``, tried last).

Precision first, a wrong cause is worse than none: a cause is named only when
it reproduces ``got`` within the tolerance, and only when every cause that does
is of one kind. What has no single kind (a factor with no known cause, nan,
scattered zeros, one index too many) is said or located without one: the
diagnosis **locates** the wrong entries when they have a shape of their own
(some indices of one axis, the border), a fact about ``got`` that cannot mislead.

The result is a :class:`Diagnosis`: a machine-readable ``cause`` tag, the
mistake's ``category`` (one of :data:`CATEGORIES`), the sentence a student reads,
and the location; the text is written from the structure, so that feedback can be
measured by category (tests/mutation.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course import gradcheck  # (each imports the other: names are looked up at call time)

# the kinds of mistakes the course's feedback can name (the held-out catalogue's categories)
CATEGORIES = ("transpose", "constant_factor", "sign", "missing_term", "extra_term", "wrong_axis", "one_example",
              "shifted", "partly_right", "mutates_input", "dtype", "stateful", "stability", "ties", "other")

# the category of each cause this module can name
# (a reshape has none: its values are right and in order, and a flattened array or a kept axis of length 1 is
# a transpose to some, a kind of its own to others; it is located instead)
CATEGORY_OF_CAUSE = {"transposed": "transpose", "summed_axis": "wrong_axis",
                     "collapsed": "wrong_axis", "sign": "sign", "factor": "constant_factor",
                     "count_off_by_one": "shifted", "shifted": "shifted", "slice_missed": "shifted",
                     "slice_short": "shifted", "one_index_only": "one_example", "rounded": "dtype",
                     "reduction_missing": "missing_term", "reduced_elsewhere": "wrong_axis", "rearranged": "transpose"}

# causes whose text says which entries are wrong and that the others are right ("along axis 0, the last index is
# zero ... every other index is right"): a location still where the judge withdraws their kind
LOCATING_CAUSES = frozenset({"slice_missed", "slice_short", "one_index_only"})


@dataclass
class Diagnosis:
    """What explains a wrong result: a named cause, or only where the wrong entries are, or nothing."""

    cause: str | None = None  # a tag: "transposed", "factor", "known_mistake", ...
    category: str | None = None  # the kind of mistake, one of CATEGORIES, when a cause is named
    text: str | None = None  # the likely cause, in a sentence
    location: str | None = None  # where the wrong entries are, when no cause is named


@dataclass
class Mistake:
    """A likely mistake's answer, its kind and where it comes from (a value of ``likely_mistakes``)."""

    category: str | None
    answer: object
    cause: str = "known_mistake"
    key: str | None = None  # what was altered, for rules across checks ("function|input|change")


def close(a: np.ndarray, b: np.ndarray, rtol: float, tiny: float) -> bool:
    return a.shape == b.shape and bool(np.all(gradcheck.relative_error(a, b, tiny) <= rtol))


# ---------------------------------------------------------------- a wrong shape

def diagnose_shape(got, expected, rtol, tiny, likely_mistakes=None) -> Diagnosis:
    known = known_mistake(got, likely_mistakes, rtol, tiny)
    if known:
        if known.cause == "rerun":  # (the judge may withdraw it: where the shape is wrong stays true)
            known.location = axes_that_differ(got.shape, expected.shape)
        return known
    exp_shape, got_shape = expected.shape, got.shape
    if got.ndim == expected.ndim == 2 and got_shape == exp_shape[::-1] and close(got.T, expected, rtol, tiny):
        return _named("transposed", f"you returned the transpose: expected shape {exp_shape}, got {got_shape}.")
    if got.size == expected.size and close(got.reshape(exp_shape), expected, rtol, tiny):
        return Diagnosis("reshape", None, f"the values are right but the shape is {got_shape}, not {exp_shape}: "
                                          f"reshape, or keep the dimensions (keepdims=True).",
                         "every value is right and in the expected order; only the shape is wrong")
    for axis in range(expected.ndim):
        for keepdims in (True, False):
            summed = expected.sum(axis=axis, keepdims=keepdims)
            if summed.shape == got_shape and close(got, summed, rtol, gradcheck.default_tiny(summed)):
                return _named("summed_axis", f"the result looks summed over axis {axis} as well: "
                                             f"expected shape {exp_shape}, got {got_shape}.")
    apart = one_index_apart(got, expected, rtol, tiny) or reduced_elsewhere(got, expected, rtol, tiny)
    if apart is not None:
        return apart
    if got.size == 1 and expected.size > 1:
        # (a single number is not "summed over every axis" unless it is that sum: only the shape is known wrong)
        if close(got.reshape(()), expected.sum(), rtol, tiny) or close(got.reshape(()), expected.mean(), rtol, tiny):
            return _named("collapsed", f"got a single number, the sum or mean over every axis, where an array of "
                                       f"shape {exp_shape} is expected.")
        return Diagnosis("shape", None, f"got a single number where an array of shape {exp_shape} is expected.")
    return Diagnosis("shape", None, f"the shape is wrong: expected {exp_shape}, got {got_shape}.",
                     axes_that_differ(got_shape, exp_shape))


def axes_that_differ(got_shape: tuple, expected_shape: tuple) -> str | None:
    """Where a wrong shape is wrong, when that is some of its axes (as many axes, not all of them wrong) or only
    axes of length 1 (the same lengths otherwise): a sentence, or None."""
    if len(got_shape) != len(expected_shape):
        if [n for n in got_shape if n != 1] == [n for n in expected_shape if n != 1]:
            return (f"the axes' lengths are right but for axes of length 1 ({got_shape} where {expected_shape} is "
                    f"expected): an axis of length 1 is missing or extra")
        return None
    differ = [a for a in range(len(got_shape)) if got_shape[a] != expected_shape[a]]
    if not differ or len(differ) == len(got_shape):
        return None
    told = "; ".join(f"axis {a} has {got_shape[a]} indices where {expected_shape[a]} are expected" for a in differ)
    return f"{told}; the other axes are right"


def _the_axis_that_differs(got, expected) -> int | None:
    """The one axis along which the shapes differ, when they have as many axes and differ along one only."""
    if got.ndim != expected.ndim:
        return None
    differ = [axis for axis in range(got.ndim) if got.shape[axis] != expected.shape[axis]]
    return differ[0] if len(differ) == 1 else None


def one_index_apart(got, expected, rtol, tiny) -> Diagnosis | None:
    """``got`` has one index fewer or more than expected along a single axis, and every index it shares is right.

    One fewer is named (a loop or a range one short, "shifted"); one more is only
    located: an extra step and an extra term (a bias row appended) both look so.
    """
    axis = _the_axis_that_differs(got, expected)
    if axis is None:
        return None
    n, k = expected.shape[axis], got.shape[axis]
    if abs(n - k) != 1 or min(n, k) < 2:
        return None
    for end, kept in (("last", range(min(n, k))), ("first", range(1, max(n, k)))):
        if k < n and close(got, np.take(expected, kept, axis=axis), rtol, tiny):
            return _named("slice_short", f"along axis {axis} there are {k} indices where {n} are expected: the {end} "
                                         f"one is missing and all the others are right. A loop or a range that "
                                         f"stops one short?")
        if k > n and close(np.take(got, kept, axis=axis), expected, rtol, tiny):
            return Diagnosis("slice_extra", None, None,
                             f"along axis {axis} there are {k} indices where {n} are expected: the {end} one is "
                             f"extra and the other {n} are right")
    return None


def reduced_elsewhere(got, expected, rtol, tiny) -> Diagnosis | None:
    """Shapes that differ in one axis of length 1 (a reduction over an example axis, or a kept slice).

    ``got`` has length 1 where ``expected`` has n and equals its first or last
    index there (one example); ``expected`` has length 1 where ``got`` has n and
    the sum or the mean of ``got`` over it is right (that reduction is missing);
    both have one axis of length 1, but not the same (reduced over the wrong axis).
    """
    axis = _the_axis_that_differs(got, expected)
    if axis is not None:
        n = expected.shape[axis]
        if got.shape[axis] == 1 and n >= 3:  # (1 of 2 is as much one index short: see one_index_apart)
            for end, index in (("first", 0), ("last", n - 1)):
                if close(got, np.take(expected, [index], axis=axis), rtol, tiny):
                    return _named("one_index_only", f"along axis {axis} there is 1 index where {n} are expected, "
                                                    f"and it is the expected {end} one: only the {end} example "
                                                    f"(or element) used or returned?")
        if n == 1:
            for how in ("sum", "mean"):
                reduced = getattr(got, how)(axis=axis, keepdims=True)
                if close(reduced, expected, rtol, tiny):
                    return _named("reduction_missing", f"along axis {axis} there are {got.shape[axis]} indices where "
                                                       f"1 is expected, and their {how} is the expected result: the "
                                                       f"{how} over axis {axis} is missing.")
    return reduced_over_another_axis(got.shape, expected.shape)


def reduced_over_another_axis(got_shape: tuple, expected_shape: tuple) -> Diagnosis | None:
    """Both shapes have one axis of length 1, not the same one: a reduction over the wrong axis (shapes alone)."""
    if len(got_shape) != len(expected_shape) or tuple(got_shape) == tuple(expected_shape)[::-1]:
        return None  # (a reversed shape is a layout question: the values decide, see diagnose_shape)
    ones_expected = [a for a in range(len(got_shape)) if expected_shape[a] == 1 and got_shape[a] != 1]
    ones_got = [a for a in range(len(got_shape)) if got_shape[a] == 1 and expected_shape[a] != 1]
    if len(ones_expected) == 1 and len(ones_got) == 1:
        return _named("reduced_elsewhere", f"the shape is wrong: expected {expected_shape}, got {got_shape}, reduced "
                                           f"over axis {ones_got[0]} where the reduction is over axis "
                                           f"{ones_expected[0]}.")
    return None


# ---------------------------------------------------------------- the right shape, wrong values

def diagnose_values(got, expected, rtol, tiny, likely_mistakes=None, batch_size=None, sizes=()) -> Diagnosis:
    wrong = ~np.isfinite(got) | (gradcheck.relative_error(got, expected, tiny) > rtol)
    if not np.all(np.isfinite(got)):
        # an overflow, a division by zero, an array never filled: the kind is not known, where it is may be
        return Diagnosis("not_finite", None, "the result contains nan or inf: look for an overflow "
                                             "(exp of a large number?) or a division by zero.", locate(wrong))
    if np.all(got == 0) and np.any(expected != 0):
        return Diagnosis("zero", None, "the result is all zeros where nonzero values are expected.")
    found = [d for d in _value_candidates(got, expected, rtol, tiny, likely_mistakes, batch_size, sizes)
             if d is not None]
    if not found:
        # the most general explanation, only where no specific one fits (a shift by one is a rearrangement too)
        return rearranged(got, expected, rtol, tiny) or Diagnosis(location=locate(wrong))
    explanation = one_explanation(found)
    if keeps_location(explanation):
        explanation.location = explanation.location or locate(wrong)
    return explanation


def keeps_location(found: Diagnosis) -> bool:
    """Whether the feedback says where the answer is wrong beside ``found``: unless it names a kind that stands (a
    rerun's cause may be withdrawn by the judge's rules across checks; where the answer is wrong stays true)."""
    return not found.category or found.cause == "rerun"


def _value_candidates(got, expected, rtol, tiny, likely_mistakes, batch_size, sizes=()):
    """Every explanation that reproduces ``got`` (None where one does not): the test's own likely mistakes, the
    patterns of the answer itself, then the mistakes made by rerunning the solution (the plainest text first)."""
    known = list(known_mistakes(got, likely_mistakes, rtol, tiny))
    yield from (d for d in known if d.cause == "known_mistake")
    if expected.ndim == 2 and expected.shape[0] == expected.shape[1] and close(got, expected.T, rtol, tiny):
        yield _named("transposed", "you returned the transpose of the expected matrix.")
    if close(got, -expected, rtol, tiny):
        yield _named("sign", "the sign is flipped (got = -expected).")
    yield rounded(got, expected, rtol, tiny)
    factor = constant_factor(got, expected, rtol, tiny)
    if factor is not None:
        # (sizes of the arguments explain arrays only: a single number, a share such as 6/8, meets them by chance)
        text, cause = describe_factor(factor, batch_size, expected.shape, sizes if got.size > 1 else ())
        # two single numbers always differ by "a factor": only a factor with a known cause is worth saying
        if cause is not None or got.size > 1:
            yield Diagnosis(cause or "factor", CATEGORY_OF_CAUSE.get(cause), text)
    shift = shifted(got, expected, rtol, tiny)
    if shift is not None:
        axis, step = shift
        yield _named("shifted", f"the values are the expected ones moved by {step:+d} along axis {axis}: "
                                f"an index, a window or a slice off by one?")
    yield partly_zero(got, expected, rtol, tiny)
    yield from (d for d in known if d.cause != "known_mistake")


def one_explanation(found: list[Diagnosis]) -> Diagnosis:
    """The first explanation that names a kind, unless explanations of different kinds fit equally: then none is.

    Precision first: when the same answer comes from two kinds of mistake (a
    likely mistake of the test, and a generated one), naming either could be wrong.
    """
    kinds = {d.category for d in found if d.category}
    if len(kinds) > 1:
        texts = " Or: ".join(dict.fromkeys(d.text for d in found if d.category))
        return Diagnosis("ambiguous", None, f"more than one mistake gives exactly this answer. {texts}")
    return next((d for d in found if d.category), found[0])  # (a named cause before a fact without a kind)


def _named(cause: str, text: str) -> Diagnosis:
    return Diagnosis(cause, CATEGORY_OF_CAUSE.get(cause), text)


def known_mistake(got, likely_mistakes, rtol, tiny) -> Diagnosis | None:
    """The first typical mistake whose answer ``got`` reproduces (same shape, same values), if one does."""
    return next(known_mistakes(got, likely_mistakes, rtol, tiny), None)


def known_mistakes(got, likely_mistakes, rtol, tiny):
    """Each typical mistake whose answer ``got`` reproduces (same shape, same values).

    ``likely_mistakes`` maps a description to the wrong answer, to
    ``(category, wrong answer)`` when the test states the mistake's kind, or to
    a :class:`Mistake`.
    """
    for description, wrong_answer in (likely_mistakes or {}).items():
        category, cause = None, "known_mistake"
        if isinstance(wrong_answer, Mistake):
            category, wrong_answer, cause = wrong_answer.category, wrong_answer.answer, wrong_answer.cause
        elif isinstance(wrong_answer, tuple) and len(wrong_answer) == 2 and wrong_answer[0] in CATEGORIES:
            category, wrong_answer = wrong_answer
        wrong_answer = np.asarray(wrong_answer, dtype=np.float64)
        if close(got, wrong_answer, rtol, tiny):
            yield Diagnosis(cause, category, description)


def rounded(got, expected, rtol, tiny) -> Diagnosis | None:
    """Whole numbers where the expected values have fractions: integer arithmetic or an integer array."""
    if np.all(expected == np.round(expected)):
        return None
    for how, whole in (("rounded down", np.floor(expected)), ("truncated", np.trunc(expected)),
                       ("rounded", np.round(expected))):
        if close(got, whole, rtol, tiny):
            return _named("rounded", f"the values are the expected ones {how} to whole numbers: an integer "
                                     f"division (//), or a result array of integers (np.zeros_like of an int "
                                     f"array, astype(int))?")
    return None


def constant_factor(got, expected, rtol, tiny) -> float | None:
    """The one number ``got`` is ``expected`` times (the least-squares factor, checked to tolerance), or None
    (none fits, or a non-finite entry leaves none to fit)."""
    with np.errstate(invalid="ignore", over="ignore"):  # (inf * 0 in a wrong answer: no factor, no warning)
        denom = float(np.sum(expected * expected))
        factor = float(np.sum(got * expected)) / denom if denom != 0.0 and np.isfinite(denom) else 0.0
    if factor == 0.0 or not np.isfinite(factor):
        return None
    if close(got, factor * expected, max(rtol, 1e-6), abs(factor) * tiny):
        return factor
    return None


def _factor_shown(factor: float) -> str:
    """4 significant digits, or as many as it takes not to print a factor near 1 as 1 (1.00004, not 1)."""
    for digits in range(4, 13):
        shown = f"{factor:.{digits}g}"
        if abs(float(shown)) != 1.0:
            return shown
    return f"{factor:.12g}"


def describe_factor(factor: float, batch_size: int | None, shape: tuple = (),
                    sizes: tuple = ()) -> tuple[str, str | None]:
    """The message for got = factor * expected, and the cause when the factor has a known one.

    The cause is "factor" (a constant factor: m, 1/m, 2, 1/2, an axis's size or
    its inverse, or one of ``sizes``, the arguments' axis sizes, or its
    inverse: a sum for a mean, a division by a size) or "count_off_by_one"
    (n / (n - 1), ... for n the batch size or an axis's size: a count off by
    one); None for any other factor.
    """
    text = f"every entry is off by the same factor: got = {_factor_shown(factor)} x expected."

    def near(value: float) -> bool:
        return bool(np.isclose(factor, value, rtol=1e-6))

    if batch_size and batch_size > 1:
        if near(batch_size):
            return text + f" That is the batch size m = {batch_size}: did you forget to average (1/m)?", "factor"
        if near(1.0 / batch_size):
            return (text + f" That is 1/m with m = {batch_size}: did you average twice, "
                    "or average where a sum is needed?"), "factor"
    if near(2.0):
        return text + " A factor 2: a missing 1/2, or the derivative of x^2 taken as 2x twice?", "factor"
    if near(0.5):
        return text + " A factor 1/2: the derivative of x^2 is 2x, not x.", "factor"
    for axis, size in enumerate(shape):
        if size > 2 and near(size):
            return text + f" That is the size of axis {axis} ({size}): a sum where a mean is needed?", "factor"
        if size > 2 and near(1.0 / size):
            return text + f" That is 1 / the size of axis {axis} ({size}): a mean where a sum is needed?", "factor"
    counted = ([("the batch size m", batch_size)] if batch_size else []) + [
        (f"the size of axis {axis}", size) for axis, size in enumerate(shape)]
    for what, n in counted:
        if n and n > 2:
            for used in (n - 1, n + 1):
                if near(n / used) or near(used / n):
                    divided = near(n / used)
                    return (text + f" That is {n}/{used} or its inverse: {'divided' if divided else 'multiplied'} "
                            f"by {used} where {what} is {n}? A count off by one."), "count_off_by_one"
    others = sorted(set(sizes) - set(shape) - {batch_size})
    for n in others:
        if near(n):
            return text + f" That is {n}, the size of an axis of the arguments: a sum where a mean is needed?", "factor"
        if near(1.0 / n):
            return (text + f" That is 1/{n}, 1 / the size of an axis of the arguments: a mean where a sum is "
                    f"needed, or a division by that size?"), "factor"
    return text, None


def shifted(got, expected, rtol, tiny) -> tuple[int, int] | None:
    """(axis, step) when ``got`` is ``expected`` moved by one place along an axis (on all they share), else None.

    Only where the arrays vary along that axis (a constant axis moves onto itself)
    and share at least 3 of its indices.
    """
    for axis in range(expected.ndim):
        n = expected.shape[axis]
        if n < 4:
            continue
        ahead = np.take(expected, range(1, n), axis=axis)
        behind = np.take(expected, range(n - 1), axis=axis)
        if close(ahead, behind, rtol, tiny):
            continue
        for step in (1, -1):
            # got moved by +1: got[i] = expected[i - 1]
            got_part = np.take(got, range(1, n) if step == 1 else range(n - 1), axis=axis)
            expected_part = behind if step == 1 else ahead
            if close(got_part, expected_part, rtol, tiny):
                return axis, step
    return None


def rearranged(got, expected, rtol, tiny) -> Diagnosis | None:
    """The expected values, every one of them, in other places: a layout mistake (a transpose, a reshape in the
    wrong order, two indices swapped). Only among values that are nearly all distinct: where many are equal,
    moving them says little."""
    if got.size < 4:
        return None
    ordered = np.sort(expected.ravel())
    distinct = np.count_nonzero(~np.isclose(ordered[1:], ordered[:-1], rtol=rtol, atol=tiny)) + 1
    if distinct < 0.9 * got.size or not close(np.sort(got.ravel()), ordered, rtol, tiny):
        return None
    return _named("rearranged", "every expected value is there, in other places: a transpose, a reshape in the "
                                "wrong order (channels first or last?) or two indices swapped.")


def partly_zero(got, expected, rtol, tiny) -> Diagnosis | None:
    """Zeros where nonzero values are expected, and every other entry right.

    Named only when the zeros have a shape that points at one kind of mistake:
    exactly the first or the last index of an axis (a loop or slice one short:
    "shifted"), or everything but the first or the last index (one example
    only). Otherwise the zeros are located, not explained: a missing branch, a
    short loop and a single example all leave zeros behind.
    """
    zero_where_nonzero = (got == 0) & (np.abs(expected) > tiny)
    if not zero_where_nonzero.any() or not close(got[~zero_where_nonzero], expected[~zero_where_nonzero], rtol, tiny):
        return None
    wrong = zero_where_nonzero
    for axis in range(expected.ndim):
        n = expected.shape[axis]
        if n < 3:
            continue
        indices = np.flatnonzero(wrong.any(axis=tuple(a for a in range(wrong.ndim) if a != axis)))
        if len(indices) == 1 and indices[0] in (0, n - 1):
            end = "first" if indices[0] == 0 else "last"
            return _named("slice_missed", f"along axis {axis}, the {end} index is zero where nonzero values are "
                                          f"expected and every other index is right: a loop or a slice that "
                                          f"stops one short (range(n - 1), range(1, n), [1:], [:-1])?")
        if len(indices) == n - 1 and (0 not in indices or n - 1 not in indices):
            kept = "first" if 0 not in indices else "last"
            return _named("one_index_only", f"along axis {axis}, only the {kept} index is right and every other "
                                            f"is zero: only the {kept} example (or element) used or returned?")
    where = locate(wrong)
    return Diagnosis("partly_zero", None, None,
                     f"{int(wrong.sum())} entries are zero where nonzero values are expected, and all the others "
                     f"are right" + (f"; {where}" if where else ""))


# ---------------------------------------------------------------- where the wrong entries are

def locate(wrong: np.ndarray) -> str | None:
    """Where the wrong entries are, when that has a shape of its own: a sentence, or None.

    Tried in turn: the wrong entries are confined to some indices of one axis
    (the axis where they are fewest); they are all on the border of two
    neighbouring axes (an image's edge).
    """
    if wrong.ndim == 0 or wrong.all() or not wrong.any():
        return None
    best = None
    for axis in range(wrong.ndim):
        if wrong.shape[axis] < 2:
            continue
        other = tuple(a for a in range(wrong.ndim) if a != axis)
        indices = np.flatnonzero(wrong.any(axis=other) if other else wrong)
        if len(indices) < wrong.shape[axis] and (best is None or len(indices) / wrong.shape[axis] < best[0]):
            best = (len(indices) / wrong.shape[axis], axis, indices)
    if best is not None:
        _, axis, indices = best
        return _confined(axis, wrong.ndim, indices)
    for axes in _spatial_pairs(wrong.shape):
        border = np.zeros(wrong.shape, dtype=bool)
        for axis in axes:
            index = [slice(None)] * wrong.ndim
            index[axis] = [0, wrong.shape[axis] - 1]
            border[tuple(index)] = True
        if not (wrong & ~border).any():
            return (f"the wrong entries are all on the border (the first and last indices of axes {axes[0]} and "
                    f"{axes[1]}); the inside is right")
    return None


def _confined(axis: int, ndim: int, indices: np.ndarray) -> str:
    many = len(indices) > 1
    if ndim == 1:
        return f"the wrong entries are {'entries' if many else 'entry'} {_listed(indices)}; the others are right"
    if ndim == 2:
        word = ("row", "rows") if axis == 0 else ("column", "columns")
        return (f"the wrong entries are all in {word[many]} {_listed(indices)}; "
                f"the other {word[1]} are right")
    return (f"the wrong entries all have {'one of the indices' if many else 'index'} {_listed(indices)} along "
            f"axis {axis}; every other index of axis {axis} is right")


def joined(items: list[str]) -> str:
    """Items as a sentence lists them: "a", "a and b", "a, b and c"."""
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else items[0]


def _listed(indices: np.ndarray) -> str:
    if len(indices) > 3 and np.all(np.diff(indices) == 1):
        return f"{int(indices[0])} to {int(indices[-1])}"
    return ", ".join(str(int(i)) for i in indices[:6]) + (", ..." if len(indices) > 6 else "")


def _spatial_pairs(shape: tuple) -> list[tuple[int, int]]:
    """Pairs of neighbouring axes both at least 3 long (an image's height and width)."""
    return [(a, a + 1) for a in range(len(shape) - 1) if shape[a] >= 3 and shape[a + 1] >= 3]
