"""The diagnosis engine (course.diagnosis): causes named only when they reproduce the answer, else a location."""

from __future__ import annotations

import numpy as np
import pytest

from course import diagnosis, gradcheck

rng = np.random.default_rng(7)
expected = rng.normal(size=(6, 5))


def _report(got, exp=expected, **kwargs):
    report = gradcheck.compare(got, exp, name="dW", **kwargs)
    assert not report.ok
    return report


@pytest.mark.parametrize("got, cause, category", [
    (expected.T, "transposed", "transpose"),
    (expected.sum(axis=0), "summed_axis", "wrong_axis"),
    (np.array(expected.sum()), "collapsed", "wrong_axis"),
    (-expected, "sign", "sign"),
    (2 * expected, "factor", "constant_factor"),
    (expected * 6 / 5, "count_off_by_one", "shifted"),
    (np.roll(expected, 1, axis=0), "shifted", "shifted"),
    (np.floor(expected), "rounded", "dtype"),
    (expected[:5], "slice_short", "shifted"),
    (expected[:, 1:], "slice_short", "shifted"),
    (np.where(np.arange(5) == 4, 0.0, expected), "slice_missed", "shifted"),
    (np.where(np.arange(6)[:, None] == 0, expected, 0.0), "one_index_only", "one_example"),
    (expected[-1:], "one_index_only", "one_example"),
    (expected.T.reshape(expected.shape), "rearranged", "transpose"),
])
def test_each_generated_candidate_names_its_category(got, cause, category):
    report = _report(got)
    assert (report.cause, report.category) == (cause, category)
    assert report.location is None


def test_what_has_no_single_kind_is_said_or_located_but_not_named():
    """A factor with no known cause, nan, scattered zeros, an extra index, the right values in another shape: facts
    about the answer, no category."""
    for flattened in (expected.ravel(), expected[None]):
        report = _report(flattened)
        assert (report.cause, report.category) == ("reshape", None) and "only the shape is wrong" in report.location
    assert (_report(3 * expected).cause, _report(3 * expected).category) == ("factor", None)
    not_finite = expected.copy()
    not_finite[:, 2] = np.nan
    report = _report(not_finite)
    assert (report.cause, report.category) == ("not_finite", None) and "column 2" in report.location
    zeros = expected.copy()
    zeros[[1, 3], 2] = 0.0
    report = _report(zeros)
    assert (report.cause, report.category) == ("partly_zero", None) and "column 2" in report.location
    extra = np.vstack([expected, np.ones((1, 5))])
    report = _report(extra)
    assert (report.cause, report.category) == ("slice_extra", None) and "the last one is extra" in report.location


def test_a_reduction_missing_or_over_the_wrong_axis_is_named():
    column = expected.mean(axis=1, keepdims=True)  # (6, 1), e.g. db = delta.mean(axis=1, keepdims=True)
    assert (_report(expected, column).cause, _report(expected, column).category) == ("reduction_missing",
                                                                                   "missing_term")
    assert "the mean over axis 1 is missing" in _report(expected, column).diagnosis
    row = expected.mean(axis=0, keepdims=True)  # (1, 5): averaged over the other axis
    assert (_report(row, column).cause, _report(row, column).category) == ("reduced_elsewhere", "wrong_axis")


def test_two_kinds_of_mistake_that_give_the_same_answer_name_neither():
    report = _report(-expected, likely_mistakes={"the bias is subtracted": ("missing_term", -expected)})
    assert (report.cause, report.category) == ("ambiguous", None)
    assert "the bias is subtracted" in report.diagnosis and "sign is flipped" in report.diagnosis
    same_kind = _report(-expected, likely_mistakes={"descent turned into ascent": ("sign", -expected)})
    assert (same_kind.cause, same_kind.category) == ("known_mistake", "sign")


def test_a_factor_that_is_a_size_of_the_arguments_is_named_for_arrays_only():
    assert (_report(expected / 7, sizes=(7, 9)).cause, _report(expected / 7, sizes=(7, 9)).category) == \
        ("factor", "constant_factor")
    assert _report(expected / 7).category is None  # 7 is no size in play: no known cause
    assert _report(expected * 9 / 7, sizes=(7, 9)).category is None  # a ratio of two sizes: a share meets them
    assert _report(np.array(0.25), np.array(1.75), sizes=(7,)).category is None  # one number: by chance


def test_a_factor_that_is_an_axis_size_is_named_as_such():
    assert "size of axis 0 (6)" in str(_report(6 * expected))
    assert "1 / the size of axis 1 (5)" in str(_report(expected / 5))


def test_a_factor_near_1_is_shown_with_the_digits_that_tell_it_from_1():
    assert "got = 1.00004 x expected" in str(_report(1.00004 * expected))
    assert "got = 0.9281 x expected" in str(_report(0.92814 * expected))


def test_a_number_that_is_not_the_sum_is_not_called_a_sum():
    report = _report(np.array(0.0))
    assert report.category is None and "single number" in str(report) and "sum" not in report.diagnosis


def test_a_shift_is_named_only_where_it_explains_every_shared_entry():
    shifted = np.roll(expected, -1, axis=1)
    assert "-1 along axis 1" in str(_report(shifted))
    noisy = shifted.copy()
    noisy[2, 1] += 1.0
    assert _report(noisy).cause != "shifted"


def test_an_unexplained_difference_is_located_by_column():
    got = expected.copy()
    got[:, 3] = rng.normal(size=6)
    report = _report(got)
    assert report.cause is None and report.category is None
    assert "Where: the wrong entries are all in column 3; the other columns are right." in str(report)


def test_an_unexplained_difference_on_the_border_is_located_there():
    image = rng.normal(size=(2, 6, 6, 3))
    got = image.copy()
    got[:, 0, :, :] += 1.0
    got[:, :, -1, :] *= 1.7
    report = _report(got, image)
    assert "border" in report.location and "axes 1 and 2" in report.location


def test_scattered_wrong_entries_are_not_located():
    got = expected.copy()
    for i, j in [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 0)]:
        got[i, j] += 1.0
    assert _report(got).location is None


@pytest.mark.parametrize("got_shape, where", [
    ((6, 3), "axis 1 has 3 indices where 5 are expected; the other axes are right"),
    ((8, 5), "axis 0 has 8 indices where 6 are expected; the other axes are right"),
    ((4, 6), None),  # every axis wrong: nothing to point at
    ((6, 4, 1), None),  # another number of axes
    ((6, 1, 5), "the axes' lengths are right but for axes of length 1 ((6, 1, 5) where (6, 5) is expected): an axis "
                "of length 1 is missing or extra"),
])
def test_a_wrong_shape_is_located_at_the_axes_that_differ(got_shape, where):
    report = _report(rng.normal(size=got_shape))
    assert report.location == where and report.category is None
    assert (f"Where: {where}." in str(report)) == (where is not None)


def test_a_rerun_that_explains_the_values_keeps_the_location_the_judge_may_need():
    # the judge withdraws a rerun's cause that another check contradicts: the location must still be there
    got = expected.copy()
    got[:, 3] = rng.normal(size=6)
    rerun = diagnosis.Mistake("missing_term", got, "rerun", "f|x|zero")
    report = _report(got, likely_mistakes={"the solution with x set to 0": rerun})
    assert report.cause == "rerun" and report.category == "missing_term"
    assert report.location == "the wrong entries are all in column 3; the other columns are right"


def test_a_test_can_state_the_category_of_a_likely_mistake():
    wrong = expected + 1.0
    report = _report(wrong, likely_mistakes={"the bias is added twice": ("extra_term", wrong)})
    assert (report.cause, report.category, report.diagnosis) == ("known_mistake", "extra_term",
                                                                 "the bias is added twice")
    plain = _report(wrong, likely_mistakes={"the bias is added twice": wrong})
    assert plain.cause == "known_mistake" and plain.category is None


def test_every_category_the_engine_names_is_a_known_one():
    assert set(diagnosis.CATEGORY_OF_CAUSE.values()) <= set(diagnosis.CATEGORIES)
