"""The checks that the notebooks' visible and hidden tests call.

Every check either prints one line starting with ``OK`` or raises
:class:`TestFailure` with a message a student can act on: which entries are
wrong, expected against got, and the likely cause (see
:func:`course.gradcheck.compare`). Under IPython a failure is shown as that
message alone, without a traceback through the test's code.

Typical use in a test cell::

    from course.testing import call, check_array
    dW = call(layer_backward, dout, cache)[1]
    check_array("dW", dW, expected_dW, batch_size=m)
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator, Mapping

import numpy as np

from course import diagnosis, gradcheck

# set by the grader while it judges a test cell (autograder.judge): the graded parts it ran, and the part running
_parts_seen: ContextVar[list | None] = ContextVar("parts_seen", default=None)
_active_part: ContextVar[dict | None] = ContextVar("active_part", default=None)
_left_by_calls: ContextVar[Callable | None] = ContextVar("left_by_calls", default=None)
# the axis sizes of the arrays a cell passed to students' functions, when a judge collects them: a factor that is
# one of them has a known cause (a sum for a mean, a division by that size)
_sizes_in_play: ContextVar[set | None] = ContextVar("sizes_in_play", default=None)
_diagnoses: ContextVar[list | None] = ContextVar("diagnoses", default=None)  # what each failed check diagnosed
# set by the judge: its reruns of the solution on altered inputs (autograder.counterfactuals.Counterfactuals),
# which give more likely mistakes for a wrong value
_reruns: ContextVar[object | None] = ContextVar("reruns", default=None)


class TestFailure(AssertionError):
    """A check failed; the message says what is wrong."""

    __test__ = False  # not a pytest test class

    def __init__(self, *args) -> None:
        super().__init__(*args)
        _show_failures_briefly()  # (in a notebook, from the first failure on: installed when needed, not at import)


class PartsFailed(TestFailure):
    """Some graded parts of a test cell failed (the others earn their share)."""


class StudentRaised(Exception):
    """A student's function raised, in the kernel where it ran (the grader's calls report it so)."""

    def __init__(self, function: str, type_name: str, message: str, not_implemented: bool = False,
                 where: tuple[str, int, str] | None = None) -> None:
        super().__init__(f"{function} raised {type_name}: {message}")
        self.function, self.type_name, self.message = function, type_name, message
        self.not_implemented = not_implemented
        self.where = where  # (function, line, code) of the student's line that raised, as the kernel reports it
        self.call: int | None = None  # the judge's index of the call that raised, among the cell's that raised


def call(func: Callable, *args, **kwargs):
    """Call a student's function and return its result.

    An unfinished function (``raise NotImplementedError``) or any exception
    becomes a :class:`TestFailure` naming the function. Warnings (overflow,
    division by zero) are silenced: their effects show up in the values.
    """
    name = getattr(func, "__name__", repr(func))
    _note_sizes([*args, *kwargs.values()])
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return func(*args, **kwargs)
        except NotImplementedError:
            raise TestFailure(_not_implemented(name)) from None
        except StudentRaised as exc:
            if exc.not_implemented:
                raise TestFailure(_not_implemented(exc.function)) from None
            where = _raised_at(exc.where)
            _record("raised", None, where, located=where is not None, raised_call=exc.call)
            raise TestFailure(f"{exc.function} raised {exc.type_name}: {exc.message}"
                              f"{_hint(exc.type_name, exc.message)}"
                              + (f"\nWhere: {where}." if where else "")) from None
        except TestFailure:
            raise
        except Exception as exc:  # a student's bug, reported rather than crashing the test
            raise TestFailure(f"{name} raised {type(exc).__name__}: {exc}"
                              f"{_hint(type(exc).__name__, str(exc))}") from None


def _raised_at(where: tuple[str, int, str] | None) -> str | None:
    if where is None:
        return None
    function, line, code = where
    return f"line {line} of {function} (counting its def line as 1): `{code}`" if code else \
        f"line {line} of {function} (counting its def line as 1)"


def _note_sizes(values: list) -> None:
    sizes = _sizes_in_play.get()
    if sizes is None:
        return
    for value in values:
        inner = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else [value]
        for array in inner:
            if isinstance(array, np.ndarray):
                sizes.update(int(n) for n in array.shape if n > 2)


def _not_implemented(name: str) -> str:
    return f"{name} is not implemented yet: replace `raise NotImplementedError()` with your code."


def as_left(value):
    """``value`` (an argument the test passed to a student's function) as the student's code left it.

    In one process that is ``value`` itself. While the grader judges a hidden
    test, the student's code changed only the kernel's copy, never the test's
    own ``value`` (so an expected value computed from it cannot be tampered
    with), and this is the kernel's copy as of the last call that had it::

        check_true(np.array_equal(as_left(x), x_before), "f must not change x in place")
    """
    left = _left_by_calls.get()
    return value if left is None else left(value)


def in_kernel(func: Callable) -> Callable:
    """``func`` itself; while the grader judges a hidden test, a version of it that runs in the student's kernel.

    For the few checks that must watch the student's code run (counting the
    Python lines it executes, say): their verdicts can be faked by the kernel.
    """
    return func


def only_in_the_grader() -> None:
    """First line of every hidden test: hidden tests are judged by the course's grader, in its own process.

    Run in a kernel (by stock ``nbgrader autograde``), a hidden test refuses
    rather than give points that the student's code could forge.
    """
    raise TestFailure("this hidden test is judged by the course's grader in its own process, not in the "
                      "student's kernel: grade with `python -m autograder grade` (stock nbgrader autograde "
                      "cannot judge it)")


# numpy's words for two arrays whose shapes do not fit one operation
_SHAPE_ERRORS = ("mismatch in its core dimension", "not aligned", "could not be broadcast", "could not broadcast")


def _hint(type_name: str, message: str) -> str:
    """The likely cause of an exception a student's function raised, when numpy's message implies one."""
    if type_name == "ValueError" and any(words in message for words in _SHAPE_ERRORS):
        return (". The shapes of two arrays in that line do not fit: print each one's .shape; a factor that "
                "needs a transpose (or has one too many), or a size taken from the wrong array, is the usual cause")
    if type_name == "NameError" and "is not defined" in message:
        return (". Your function reads a name that it does not define: a typo, or a name from another cell; when a "
                "notebook is graded, the cells that only demonstrate (figures, timings) are not run, so define what "
                "the function needs inside it or take it as an argument")
    if type_name == "TypeError" and "converted to Python scalars" in message:
        return (". The function was given an array where that line takes one number (float(), math.exp, ...): "
                "use numpy's functions, which work on every entry")
    return ""


def check_array(
    name: str,
    got,
    expected,
    *,
    rtol: float = gradcheck.DEFAULT_RTOL,
    tiny: float | None = None,
    likely_mistakes: Mapping[str, np.ndarray] | None = None,
    batch_size: int | None = None,
    quiet: bool = False,
) -> None:
    """Check ``got`` against ``expected`` entry by entry (shape first)."""
    active = _active_part.get()
    if active is not None:
        active["checks_values"] = True

    def compared(mistakes):
        return gradcheck.compare(got, expected, name=name, rtol=rtol, tiny=tiny, likely_mistakes=mistakes,
                                 batch_size=batch_size, sizes=tuple(sorted(_sizes_in_play.get() or ())))

    report = compared(likely_mistakes)
    if not report.ok:
        reruns = _reruns_for(got, expected, rtol, tiny)
        if reruns is not None and reruns.mistakes:
            reruns = _reruns.get().without_refuted(got, reruns, rtol, tiny)
            report = compared({**(likely_mistakes or {}), **reruns.mistakes})
        if diagnosis.keeps_location(report) and not report.location:
            report.location = _where_alone(got, expected, rtol, tiny)
        _record(report.cause, report.category, report.diagnosis or report.location, bool(report.location),
                _rerun_facts(reruns, got, report.diagnosis if report.cause == "rerun" else None, rtol,
                             gradcheck.default_tiny(expected) if tiny is None else tiny), _place_of(got))
        raise TestFailure(str(report))
    reruns = _reruns.get()
    if reruns is not None:  # (a check that passed may refute a cause another check's rerun found)
        reruns.passed(got, expected, rtol, tiny)
    if not quiet:
        print(f"OK {name}")


def _reruns_for(got, expected, rtol: float, tiny: float | None, shape: tuple | None = None):
    """The judge's likely mistakes for ``got`` (against ``expected``, or only its ``shape``), when one is judging
    and ``got`` comes from a call it can rerun: an ``autograder.counterfactuals.Reruns``, else None.

    Only a failed check asks: the reruns cost time.
    """
    reruns = _reruns.get()
    return None if reruns is None else reruns.likely_mistakes(got, expected, rtol, tiny, shape)


def _where_alone(got, expected, rtol: float, tiny: float | None) -> str | None:
    """Where ``got`` goes wrong, from the judge's calls of the student's function on each example of the batch alone
    (``autograder.examples``), when one is judging and ``got`` comes from a call on a batch; else None."""
    reruns = _reruns.get()
    return None if reruns is None else reruns.where_alone(got, expected, rtol, tiny)


def _as_floats(got) -> np.ndarray | None:
    try:
        return np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return None


def _rerun_facts(reruns, got, named: str | None, rtol: float, tiny: float) -> dict | None:
    """For the judge's consistency rule: the rerun function, the alterations that reproduce ``got``, the one named."""
    got = _as_floats(got)
    if reruns is None or got is None:
        return None
    keys = [m.key for m in reruns.mistakes.values() if diagnosis.close(got, np.asarray(m.answer), rtol, tiny)]
    return {"function": reruns.function, "keys": keys,
            "named": reruns.mistakes[named].key if named in reruns.mistakes else None}


def _place_of(got) -> tuple | None:
    """(call, path in its result) of a value a check found wrong, when the judge knows the call it came from."""
    reruns = _reruns.get()
    return None if reruns is None else reruns.place_of(got)


def _record(cause, category, text, located: bool = False, rerun: dict | None = None, place: tuple | None = None,
            raised_call: int | None = None) -> None:
    """Note a failed check's diagnosis for the judge (tests/mutation.py measures them), when one is judging."""
    diagnoses = _diagnoses.get()
    if diagnoses is not None:
        diagnoses.append({"cause": cause, "category": category, "located": located, "text": text}
                         | ({"rerun": rerun} if rerun is not None else {})
                         | ({"place": place} if place is not None else {})
                         | ({"raised_call": raised_call} if raised_call is not None else {}))


def check_shape(name: str, got, expected_shape: tuple) -> None:
    """Check only the shape of ``got``: the message names the expected shape."""
    expected_shape = tuple(expected_shape)
    if got is None:
        raise TestFailure(f"{name}: got None, expected an array of shape {expected_shape}. Is a `return` missing?")
    got_shape = np.shape(got)
    if got_shape != expected_shape:
        reruns = _reruns_for(got, None, gradcheck.DEFAULT_RTOL, None, expected_shape)
        floats = _as_floats(got)
        tiny = gradcheck.default_tiny(floats) if floats is not None else None
        # a rerun whose answer is got, shape and values (a count off by one), unless reruns of two kinds are
        reproducing = (list(diagnosis.known_mistakes(floats, reruns.mistakes, gradcheck.DEFAULT_RTOL, tiny))
                       if reruns is not None and floats is not None else [])
        rerun = diagnosis.one_explanation(reproducing) if reproducing else None
        found = (rerun or diagnosis.reduced_over_another_axis(got_shape, expected_shape)
                 or diagnosis.Diagnosis("shape"))
        where = diagnosis.axes_that_differ(got_shape, expected_shape) if diagnosis.keeps_location(found) else None
        _record(found.cause, found.category, found.text, located=where is not None, rerun=_rerun_facts(
            reruns, got, rerun.text if rerun else None, gradcheck.DEFAULT_RTOL, tiny), place=_place_of(got))
        raise TestFailure(f"{name}: expected shape {expected_shape}, got {got_shape}."
                          + (f"\nLikely cause: {found.text}" if found.text else "")
                          + (f"\nWhere: {where}." if where else ""))
    print(f"OK {name} has shape {expected_shape}")


def check_gradient(
    name: str,
    f: Callable[[np.ndarray], float],
    x,
    analytic,
    *,
    rtol: float = gradcheck.DEFAULT_RTOL,
    h: float = gradcheck.DEFAULT_H,
    likely_mistakes: Mapping[str, np.ndarray] | None = None,
    batch_size: int | None = None,
) -> None:
    """Check an analytic gradient of scalar ``f`` at ``x`` against central differences."""
    numeric = gradcheck.numerical_gradient(f, x, h)
    check_array(name, analytic, numeric, rtol=rtol, likely_mistakes=likely_mistakes,
                batch_size=batch_size)


def check_keys(name: str, got, keys, hint: str = "") -> None:
    """Check that ``got`` is a dict holding every one of ``keys``: the message names the keys missing and, when
    some are there, locates the mistake (a loop that stops one layer short leaves dW1 and db1 out)."""
    keys = list(keys)
    if not isinstance(got, dict):
        raise TestFailure(f"{name}: expected a dict with the keys {_listed(keys)}, got {type(got).__name__}."
                          + (f" {hint}" if hint else ""))
    missing = [k for k in keys if k not in got]
    if missing:
        there = [k for k in keys if k in got]
        text = (f"{name} has no key{'s' if len(missing) > 1 else ''} {_listed(missing)}"
                + (f"; the keys {_listed(there)} are there" if there else "") + (f": {hint}" if hint else ""))
        _record("missing_keys", None, text, located=bool(there))
        raise TestFailure(text)
    print(f"OK {name} has the keys {_listed(keys)}")


def _listed(keys: list) -> str:
    return diagnosis.joined([repr(k) for k in keys[:12]] + (["..."] if len(keys) > 12 else []))


def check_true(condition: bool, message: str, kind: str | None = None) -> None:
    """Fail with ``message`` unless ``condition`` holds.

    ``kind``: the kind of mistake (course.diagnosis.CATEGORIES) that failing this
    check means whatever else is wrong, for a check of one stated property (a
    dtype, a transpose); the message names it.
    """
    if kind is not None and kind not in diagnosis.CATEGORIES:
        raise ValueError(f"kind must be one of {diagnosis.CATEGORIES}, not {kind!r}")
    if not bool(condition):
        if kind is not None:
            _record("check", kind, message)
        raise TestFailure(message)


# what a part's failure means when it is the only part that fails (``part(name, kind=...)``): a part whose inputs
# break one stated property (float32 inputs, large logits, ties, ...) and nothing else
PART_KINDS = {
    "dtype": "the result does not keep the dtype the exercise states (an array made with a fixed dtype, or "
             "float64 constants mixed in?)",
    "stability": "the formula is right but not stable at these inputs: an overflow or an underflow (subtract the "
                 "maximum before np.exp, keep logarithms, guard log(0))",
    "ties": "the exercise's rule for ties is broken (which maximum wins, the derivative at exactly 0)",
    "mutates_input": "your function changes the arrays it is given: work on copies",
    "stateful": "a call depends on an earlier one, or on a random generator other than the one it is given",
}


class _Parts:
    """The graded parts of one test cell; see :func:`graded_parts`."""

    def __init__(self) -> None:
        # {"name", "weight", "kind", "failed", "checks_values", "named"}, in the order they ran
        self.parts: list[dict] = []

    @property
    def names(self) -> list[str]:
        return [p["name"] for p in self.parts]

    @property
    def failed(self) -> list[str]:
        return [p["name"] for p in self.parts if p["failed"]]

    @contextmanager
    def __call__(self, name: str, weight: float = 1.0, kind: str | None = None) -> Iterator[None]:
        if kind is not None and kind not in PART_KINDS:
            raise ValueError(f"kind must be one of {sorted(PART_KINDS)}, not {kind!r}")
        part = {"name": name, "weight": float(weight), "kind": kind, "failed": False, "checks_values": False,
                "named": False}
        self.parts.append(part)
        token = _active_part.set(part)
        diagnoses = _diagnoses.get()
        before = len(diagnoses) if diagnoses is not None else 0
        try:
            yield
        except Exception as exc:  # this part failed: say why, then go on with the next part
            part["failed"] = True
            part["named"] = any(d.get("category") for d in (diagnoses or [])[before:])
            message = str(exc) if isinstance(exc, TestFailure) else f"{type(exc).__name__}: {exc}"
            print(f"FAILED {name}: {message}")
        else:
            print(f"OK {name}")
        finally:
            _active_part.reset(token)

    def name_kinds(self) -> None:
        """Name the kind of each failed part that states one, when every part without a kind that checks
        values passed: the mistake then shows only on that part's inputs, which is what its kind says.

        A check inside the part that named a kind itself (it reproduced the answer) is left as it is.
        """
        general = [p for p in self.parts if p["kind"] is None and p["checks_values"]]
        if not general or any(p["failed"] for p in general):
            return
        for part in self.parts:
            if part["failed"] and part["kind"] and not part["named"]:
                text = f"every other part passes and only {part['name']!r} fails: {PART_KINDS[part['kind']]}"
                print(f"Likely cause: {text}")
                _record("part", part["kind"], text)

    def share(self) -> tuple[float, list[str]]:
        """The share of the cell's points the parts earn, and why the rest is lost.

        Parts that check only shapes or types earn nothing unless a part that
        checks values passed too: a placeholder of the right shape or a
        hard-coded answer is not nearly right.
        """
        total = sum(p["weight"] for p in self.parts)
        passed = [p for p in self.parts if not p["failed"]]
        reasons = [f"part {p['name']!r} failed" for p in self.parts if p["failed"]]
        if any(p["checks_values"] for p in self.parts) and not any(p["checks_values"] for p in passed):
            if passed:
                reasons.append("no part that checks values passed, so the parts that check only shapes or types "
                               "earn nothing")
            passed = []
        return (sum(p["weight"] for p in passed) / total if total > 0 else 0.0), reasons


@contextmanager
def graded_parts() -> Iterator[_Parts]:
    """Split a test cell into parts that earn their share of its points.

    A failing check ends its part, not the cell: the next parts still run, and
    the cell fails at the end, naming the failed parts. The grader gives the
    cell ``points * (weight of the passed parts) / (total weight)``::

        with graded_parts() as part:
            with part("values on random inputs", weight=2):
                check_array("dW", call(layer_backward, dout, cache)[1], expected_dW)
            with part("gradient check"):
                check_gradient("dW", loss, W, dW)
    """
    parts = _Parts()
    seen = _parts_seen.get()
    if seen is not None:
        seen.append(parts)
    yield parts
    parts.name_kinds()
    if parts.failed:
        passed = len(parts.names) - len(parts.failed)
        raise PartsFailed(f"{passed} of {len(parts.names)} parts passed; failed: {', '.join(parts.failed)}.")


def _show_failure_only(shell, etype, value, tb, tb_offset=None):
    """IPython handler: show a TestFailure as its message, without the test's code.

    The error is still published as an error output, which is what marks the
    test as failed for the autograder.
    """
    short_traceback = [f"{etype.__name__}: {value}"]
    shell._showtraceback(etype, value, short_traceback)
    return short_traceback


def _show_failures_briefly() -> None:
    """In an IPython shell, show every TestFailure as its message alone (see _show_failure_only)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None and shell.custom_exceptions != (TestFailure,):
        shell.set_custom_exc((TestFailure,), _show_failure_only)
