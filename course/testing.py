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
from typing import Callable, Iterator, Mapping

import numpy as np

from course import gradcheck, records

try:  # captured now, before any student code runs in this kernel
    from IPython.display import publish_display_data as _publish
except ImportError:  # plain Python: nothing to publish to
    _publish = None
_RECORDING = records.recording() and _publish is not None


def _record(kind: str, name: str, **fields) -> None:
    """Publish what a check saw, for the grader to verify outside this kernel (see course.records)."""
    if _RECORDING:
        _publish({records.MIME: {"kind": kind, "name": name, **fields}}, metadata={})


class TestFailure(AssertionError):
    """A check failed; the message says what is wrong."""

    __test__ = False  # not a pytest test class


def call(func: Callable, *args, **kwargs):
    """Call a student's function and return its result.

    An unfinished function (``raise NotImplementedError``) or any exception
    becomes a :class:`TestFailure` naming the function. Warnings (overflow,
    division by zero) are silenced: their effects show up in the values.
    """
    name = getattr(func, "__name__", repr(func))
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            return func(*args, **kwargs)
        except NotImplementedError:
            raise TestFailure(
                f"{name} is not implemented yet: replace `raise NotImplementedError()` with your code."
            ) from None
        except TestFailure:
            raise
        except Exception as exc:  # a student's bug, reported rather than crashing the test
            raise TestFailure(f"{name} raised {type(exc).__name__}: {exc}{_hint(exc)}") from None


# numpy's words for two arrays whose shapes do not fit one operation
_SHAPE_ERRORS = ("mismatch in its core dimension", "not aligned", "could not be broadcast", "could not broadcast")


def _hint(exc: Exception) -> str:
    """The likely cause of an exception a student's function raised, when numpy's message implies one."""
    if isinstance(exc, ValueError) and any(words in str(exc) for words in _SHAPE_ERRORS):
        return (". The shapes of two arrays in that line do not fit: print each one's .shape; a factor that "
                "needs a transpose (or has one too many), or a size taken from the wrong array, is the usual cause")
    if isinstance(exc, TypeError) and "converted to Python scalars" in str(exc):
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
    verify: str = "reference",
) -> None:
    """Check ``got`` against ``expected`` entry by entry (shape first).

    When graded, the grader verifies ``got`` again in its own process:
    ``verify="reference"`` against the value the reference solution produced for
    this check (the default: ``expected`` must then not depend on the student's
    code), ``verify="self"`` against the ``expected`` recorded here.
    """
    report = gradcheck.compare(
        got, expected, name=name, rtol=rtol, tiny=tiny,
        likely_mistakes=likely_mistakes, batch_size=batch_size,
    )
    _record("array", name, got=records.encode(got), rtol=rtol, tiny=tiny, verify=verify,
            expected=records.encode(expected) if verify == "self" else None)
    if not report.ok:
        raise TestFailure(str(report))
    if not quiet:
        print(f"OK {name}")


def check_shape(name: str, got, expected_shape: tuple) -> None:
    """Check only the shape of ``got``: the message names the expected shape."""
    expected_shape = tuple(expected_shape)
    if got is None:
        _record("shape", name, got_shape=None)
        raise TestFailure(f"{name}: got None, expected an array of shape {expected_shape}. Is a `return` missing?")
    got_shape = np.shape(got)
    _record("shape", name, got_shape=list(got_shape))
    if got_shape != expected_shape:
        raise TestFailure(f"{name}: expected shape {expected_shape}, got {got_shape}.")
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


def check_true(condition: bool, message: str) -> None:
    """Fail with ``message`` unless ``condition`` holds."""
    _record("true", message, got=bool(condition))
    if not bool(condition):
        raise TestFailure(message)


class _Parts:
    """The graded parts of one test cell; see :func:`graded_parts`."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.failed: list[str] = []

    @contextmanager
    def __call__(self, name: str, weight: float = 1.0) -> Iterator[None]:
        self.names.append(name)
        _record("part", name, weight=float(weight))
        try:
            yield
        except Exception as exc:  # this part failed: say why, then go on with the next part
            self.failed.append(name)
            _record("part_failed", name)
            message = str(exc) if isinstance(exc, TestFailure) else f"{type(exc).__name__}: {exc}"
            print(f"FAILED {name}: {message}")
        else:
            print(f"OK {name}")


@contextmanager
def graded_parts() -> Iterator[_Parts]:
    """Split a test cell into parts that earn their share of its points.

    A failing check ends its part, not the cell: the next parts still run, and
    the cell fails at the end, naming the failed parts. When graded, the grader
    confirms each part outside the student's kernel and gives the cell
    ``points * (weight of the confirmed parts) / (total weight)``::

        with graded_parts() as part:
            with part("values on random inputs", weight=2):
                check_array("dW", call(layer_backward, dout, cache)[1], expected_dW)
            with part("gradient check"):
                check_gradient("dW", loss, W, dW)
    """
    parts = _Parts()
    yield parts
    if parts.failed:
        passed = len(parts.names) - len(parts.failed)
        raise TestFailure(f"{passed} of {len(parts.names)} parts passed; failed: {', '.join(parts.failed)}.")


def _show_failure_only(shell, etype, value, tb, tb_offset=None):
    """IPython handler: show a TestFailure as its message, without the test's code.

    The error is still published as an error output, which is what marks the
    test as failed for the autograder.
    """
    short_traceback = [f"{etype.__name__}: {value}"]
    shell._showtraceback(etype, value, short_traceback)
    return short_traceback


def _install_ipython_handler() -> None:
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((TestFailure,), _show_failure_only)


_install_ipython_handler()
