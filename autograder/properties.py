"""The properties every call of a student's function must have, checked by the judge on each call it makes.

Hidden tests check values; these hold for every graded function whatever its
exercise, so the judge checks them on every call, with no line of test code:

* **inputs left unchanged**: the kernel's copy of every argument is as the
  judge sent it (a function that shifts ``x`` in place, or zeroes the caller's
  ``dout``, corrupts the caller's data even when its result is right). A
  function whose docstring says it changes an argument in place
  ("updates ``params`` in place") may change that one.
* **the same answer twice**: the first call of each function in a test cell is
  sent again with the same inputs; a different answer means state kept between
  calls (a global, a default list argument, an attribute of the function).
* **float64 kept**: float64 inputs give float64 results (a ``float32`` buffer
  loses the precision a gradient check needs), and float64 results that are
  more than float32 numbers: where every float input carries float64 precision,
  a float64 array whose every entry is a float32 number went through float32
  (a buffer or an ``.astype`` cast back), which values checked to 1e-5 cannot
  see. Honest float64 arithmetic on such inputs lands on a float32 number with
  odds of about 2**-29 per entry; entries of 12 significant bits or fewer
  (0.75, 3.0, counts) do not count, and at least ``_TELLING_ENTRIES`` must.
  Float32 mixed into float64 arithmetic leaves no such trace: the first call
  is sent again with its float64 inputs nudged (``nudged``) below float32's
  precision and above it, and must move alike at both (``moves_as_float64``).
* **int arrays taken as numbers**, for the arguments the docstring says "may
  hold integers" (a point, labels): the first call is sent once more with every
  float64 array of whole numbers in those arguments made int64 (the same
  numbers, another dtype) and must give the same numbers (a buffer made with
  ``np.zeros_like(x)`` of an int ``x`` truncates what is written to it; ``x -=
  ...`` on ``x.copy()`` cannot write floats into it). Only arrays that hold whole
  numbers already are sent so, never rounded ones: the inputs are the test's own.
  Other arguments are left alone: where an exercise says to keep the inputs'
  dtype (float32 in, float32 out), ``np.zeros_like(x)`` is the right buffer.

A violation is judged like a failed graded part of the cell, named for the
property (``Violation.part``): the cell keeps the share of its points that its
own parts earned, minus that part's.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

import numpy as np

from course import diagnosis

UNCHANGED = "inputs left unchanged"
SAME_TWICE = "the same answer on a second call"
FLOAT64 = "float64 kept"
INTEGERS = "int arrays taken as numbers"

# how a docstring states that a function changes an argument in place: "updates params in place"
_IN_PLACE = re.compile(r"(?:updates|changes|modifies|fills)\s+`{0,2}(\w+)`{0,2}\s+in[ -]place", re.IGNORECASE)
# a docstring's parameter entries, "x : ndarray (n,), the point (may hold integers)."
_PARAMETER_ENTRY = re.compile(r"\b(\w+) : ")
_MAY_HOLD_INTEGERS = "may hold integers"
_RETURNS = re.compile(r"^\s*Returns\b", re.MULTILINE)  # where the parameters' entries end
_RETURNED_TUPLE = re.compile(r"^\s*Returns \((\w+(?:, \w+)+)\)", re.MULTILINE)  # "Returns (dX, dK, db): ..."
# a shape a parameter's entry declares, "(n_x, m)", "(N, H, W, C)", "(m,)": sizes named by symbols or numbers
_SHAPE = re.compile(r"\(([\w{}+\-]+(?:, [\w{}+\-]+)*,?)\)")


@dataclass(frozen=True)
class Violation:
    """One property a call broke: the part it fails and the message a student reads."""

    part: str
    message: str

    @property
    def category(self) -> str:
        """The kind of mistake (course.diagnosis.CATEGORIES) a broken property names."""
        return {UNCHANGED: "mutates_input", SAME_TWICE: "stateful", FLOAT64: "dtype", INTEGERS: "dtype"}[self.part]


@dataclass(frozen=True)
class Signature:
    """What the judge knows of a graded function from the solution: its parameters and those it may change."""

    parameters: tuple[str, ...]
    changes_in_place: frozenset[str]
    may_hold_integers: frozenset[str] = frozenset()
    shapes: tuple = ()  # (parameter, the shapes its entry declares: tuples of size symbols), for each entry
    returns: tuple[str, ...] = ()  # the names of a returned tuple's places ("Returns (dX, dK, db)")

    def name_of(self, position: int | None, keyword: str | None) -> str | None:
        if keyword is not None:
            return keyword
        if position is not None and position < len(self.parameters):
            return self.parameters[position]
        return None


def signatures(solution_sources: list[str]) -> dict[str, Signature]:
    """The signature of every function the solution cells define, with what its docstring lets it change."""
    found = {}
    for source in solution_sources:
        for node in ast.parse(source).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                parameters = tuple(a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs)
                docstring = ast.get_docstring(node) or ""
                changed = {m.group(1) for m in _IN_PLACE.finditer(docstring)}
                entries = _PARAMETER_ENTRY.split(docstring)[1:]  # name, its text, name, its text, ...
                integers = {name for name, text in zip(entries[::2], entries[1::2]) if _MAY_HOLD_INTEGERS in text}
                shapes = tuple((name, tuple(tuple(size.strip() for size in m.group(1).split(",") if size.strip())
                                            for m in _SHAPE.finditer(_RETURNS.split(text)[0])))
                               for name, text in zip(entries[::2], entries[1::2]) if name in parameters)
                returned = _RETURNED_TUPLE.search(docstring)
                found[node.name] = Signature(parameters, frozenset(changed & set(parameters)),
                                             frozenset(integers & set(parameters)), shapes,
                                             tuple(n.strip() for n in returned.group(1).split(",")) if returned else ())
    return found


def where(value, args: tuple, kwargs: dict) -> tuple[int | None, str | None] | None:
    """The argument (position or keyword) that is ``value`` or holds it, or None."""
    for position, arg in enumerate(args):
        if any(node is value for node in walk(arg)):
            return position, None
    for keyword, arg in kwargs.items():
        if any(node is value for node in walk(arg)):
            return None, keyword
    return None


WALK_DEPTH = 16  # how deep walk goes into lists, tuples and dicts (the wire allows no deeper anyway)


def walk(value, depth: int = 0):
    """``value`` and everything its lists, tuples and dicts hold (to WALK_DEPTH)."""
    yield value
    if depth < WALK_DEPTH:
        items = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else ()
        for item in items:
            yield from walk(item, depth + 1)


def changed_argument(function: str, argument: str | None) -> Violation:
    """``argument``: the parameter's name, or None when the changed object is not one argument of the call."""
    if argument is None:
        return Violation(UNCHANGED, f"{function} changed one of its arguments in place: the caller's data is not "
                                    "the function's to change. Work on copies, or write results to new arrays.")
    return Violation(UNCHANGED, f"{function} changed its argument `{argument}` in place: the caller's data is "
                                f"not the function's to change. Work on a copy ({argument} = {argument}.copy()) "
                                f"or write the result to a new array (an augmented assignment such as "
                                f"`{argument} -= ...` or `{argument}[...] = ...` changes the caller's array).")


def different_second_answer(function: str) -> Violation:
    return Violation(SAME_TWICE, f"{function} gave a different answer when called again with the same inputs: it "
                                 "keeps state between calls (a global variable, a default argument such as "
                                 "`cache=[]`, an attribute of the function) or changes an input it reads again.")


def lost_float64(function: str, dtype: str) -> Violation:
    return Violation(FLOAT64, f"{function} returned {dtype} values for float64 inputs: a buffer made with "
                              f"dtype={dtype} (or an .astype) loses the precision a gradient check needs; "
                              "keep float64 (np.zeros_like(x), or dtype=float).")


def float32_numbers(function: str) -> Violation:
    return Violation(FLOAT64, f"{function} returned float64 values that are all float32 numbers, for float64 "
                              "inputs: they went through float32 (a buffer made with dtype=np.float32, or an "
                              ".astype(np.float32) cast back) and lost the precision a gradient check needs; keep "
                              "float64 throughout.")


def _as_ints(arguments: str) -> str:
    return (f"{arguments}, which the docstring says may hold integers, held the same whole numbers as an int64 "
            "array instead of a float64 one")


def changed_by_ints(function: str, arguments: str) -> Violation:
    return Violation(INTEGERS, f"{function} gave other numbers when {_as_ints(arguments)}: a buffer made with "
                               "np.zeros_like(x) or x.copy() of an int array is an int array, and truncates the "
                               "floats written to it; make buffers with np.zeros(x.shape) or x.astype(float).")


def raised_on_ints(function: str, arguments: str, type_name: str, message: str) -> Violation:
    return Violation(INTEGERS, f"{function} raised {type_name} ({message[:160]}) when {_as_ints(arguments)}: "
                               "`x -= ...` on x.copy() of an int array, say, cannot write floats into it; work on "
                               "x.astype(float).")


# ---------------------------------------------------------------------------- comparing and inspecting values

def same_answer(first, second) -> bool:
    """Whether two results of one call are the same (floats to 1e-12, nan equal to nan; handles by type)."""
    if type(first) is not type(second):
        return False
    if isinstance(first, np.ndarray):
        if first.shape != second.shape or first.dtype != second.dtype:
            return False
        if first.dtype.kind in "fc":
            return bool(np.allclose(first, second, rtol=1e-12, atol=0.0, equal_nan=True))
        return bool(np.array_equal(first, second))
    if isinstance(first, (list, tuple)):
        return len(first) == len(second) and all(same_answer(a, b) for a, b in zip(first, second))
    if isinstance(first, dict):
        return first.keys() == second.keys() and all(same_answer(first[k], second[k]) for k in first)
    if isinstance(first, (float, np.floating)):
        return bool(np.allclose(first, second, rtol=1e-12, atol=0.0, equal_nan=True))
    if hasattr(first, "handle") and hasattr(first, "type_name"):  # an object kept in the kernel
        return first.type_name == second.type_name
    return first == second


def same_numbers(first, second) -> bool:
    """Whether two answers hold the same numbers whatever their dtypes (to 1e-9; nan equal to nan)."""
    if isinstance(first, (list, tuple)) or isinstance(second, (list, tuple)):
        return (type(first) is type(second) and len(first) == len(second)
                and all(same_numbers(a, b) for a, b in zip(first, second)))
    if isinstance(first, dict) or isinstance(second, dict):
        return (isinstance(first, dict) and isinstance(second, dict) and first.keys() == second.keys()
                and all(same_numbers(first[k], second[k]) for k in first))
    numbers = (int, float, np.ndarray, np.generic)
    if isinstance(first, numbers) and isinstance(second, numbers):
        a, b = np.asarray(first), np.asarray(second)
        if a.shape != b.shape:
            return False
        if a.dtype.kind in "biuf" and b.dtype.kind in "biuf":
            a, b = a.astype(np.float64), b.astype(np.float64)
            scale = float(np.max(np.abs(a[np.isfinite(a)]), initial=1.0))
            return bool(np.allclose(a, b, rtol=1e-9, atol=1e-12 * scale, equal_nan=True))
        return bool(np.array_equal(a, b))
    return same_answer(first, second)


def _arrays_mapped(change):
    """A function that copies a value with ``change`` applied to every numpy array its lists, tuples and dicts hold
    (to WALK_DEPTH), an array held twice changed once (the copies share it as the value did)."""
    memo: dict[int, object] = {}

    def mapped(value, depth: int = 0):
        if id(value) in memo:
            return memo[id(value)]
        if isinstance(value, np.ndarray):
            new = change(value)
        elif type(value) in (list, tuple) and depth < WALK_DEPTH:
            new = type(value)(mapped(v, depth + 1) for v in value)
        elif type(value) is dict and depth < WALK_DEPTH:
            new = {k: mapped(v, depth + 1) for k, v in value.items()}
        else:
            return value
        memo[id(value)] = new
        return new

    return mapped


def whole_number_arrays_as_ints(args: tuple, kwargs: dict, signature: Signature | None):
    """``(args, kwargs, names)``: the call with every float64 array of whole numbers in the arguments that may
    hold integers made int64, and the names of the arguments that held one; None when none does."""
    if signature is None or not signature.may_hold_integers:
        return None
    made: list[np.ndarray] = []  # the int64 arrays made

    def as_int(value: np.ndarray) -> np.ndarray:
        if (value.dtype == np.float64 and value.ndim and value.size and np.all(np.isfinite(value))
                and np.all(np.abs(value) < 2.0**31) and np.all(value == np.trunc(value))):
            made.append(value.astype(np.int64))
            return made[-1]
        return value

    cast = _arrays_mapped(as_int)
    touched: list[str] = []

    def argument(value, name: str | None):
        if name not in signature.may_hold_integers:
            return value
        before = len(made)
        new = cast(value)
        if len(made) > before:
            touched.append(f"`{name}`")
        return new

    new_args = tuple(argument(v, signature.name_of(i, None)) for i, v in enumerate(args))
    new_kwargs = {k: argument(v, k) for k, v in kwargs.items()}
    if not touched:
        return None
    return new_args, new_kwargs, diagnosis.joined(touched)


def narrower_float(args: tuple, kwargs: dict, result) -> str | None:
    """The narrower float dtype of an array in ``result`` when every float input is float64, or None.

    Python floats count as float64 inputs; a numpy float32 scalar in the result
    is not counted (a summary such as a cost may be one deliberately).
    """
    inputs = set()
    for node in walk((args, kwargs)):
        if isinstance(node, float) or (isinstance(node, (np.ndarray, np.generic)) and node.dtype.kind == "f"):
            inputs.add(np.asarray(node).dtype.name)
    if inputs != {"float64"}:
        return None
    narrower = {node.dtype.name for node in walk(result)
                if isinstance(node, np.ndarray) and node.dtype.name in ("float16", "float32")}
    return min(narrower) if narrower else None


_TELLING_ENTRIES = 8  # entries of more than 12 significant bits a float64 result must hold to be judged so


def _float32_exact(values: np.ndarray) -> np.ndarray:
    """Which entries of a float64 array are float32 numbers (a round trip through float32 keeps them)."""
    with np.errstate(over="ignore"):
        return values.astype(np.float32).astype(np.float64) == values


def went_through_float32(args: tuple, kwargs: dict, result) -> bool:
    """Whether a float64 array of ``result`` holds only float32 numbers where every float input carries float64
    precision (most of each float64 input array's finite entries are not float32 numbers).

    Only arrays of two entries or more are inputs here (a single number such as a step size, 0.5 say, says
    nothing of precision); inputs of another float dtype, or float64 ones of simple numbers (ones, whole numbers,
    float32 numbers), rule the check out: a result copied or selected from them is a float32 number honestly.
    """
    precise = 0
    for node in walk((args, kwargs)):
        if isinstance(node, np.ndarray) and node.dtype.kind == "f" and node.size >= 2:
            if node.dtype != np.float64:
                return False
            finite = node[np.isfinite(node)]
            if finite.size and np.count_nonzero(~_float32_exact(finite)) * 2 <= finite.size:
                return False
            precise += bool(finite.size)
    if not precise:
        return False
    for node in walk(result):
        if isinstance(node, np.ndarray) and node.dtype == np.float64:
            finite = node[np.isfinite(node)]
            telling = np.frexp(finite)[0] * 4096.0 % 1.0 != 0.0  # more than 12 significant bits
            if np.count_nonzero(telling) >= _TELLING_ENTRIES and np.all(_float32_exact(finite)):
                return True
    return False


NUDGES = (2.0 ** -26, 2.0 ** -18)  # relative changes of the nudged inputs: 1/8 of float32's step at 1, 32 steps
_FOLLOWS = 0.05  # how far (relative) the tiny nudge's move may stray from the small one's scaled down


def _to_nudge(value) -> bool:
    """Whether ``value`` is a float64 array of two entries or more holding a finite number other than a whole one."""
    if not isinstance(value, np.ndarray) or value.dtype != np.float64 or value.size < 2:
        return False
    finite = value[np.isfinite(value)]
    return bool(finite.size) and not np.all(finite == np.round(finite))


def can_be_nudged(args: tuple, kwargs: dict) -> bool:
    """Whether ``nudged`` has something to nudge in ``(args, kwargs)`` (it builds no nudged arrays to say so)."""
    arrays: list[np.ndarray] = []
    seen = _arrays_mapped(lambda array: arrays.append(array) or array)  # (the arrays nudged would reach)
    seen(args), seen(kwargs)
    if any(array.dtype.kind == "f" and array.dtype != np.float64 and array.size >= 2 for array in arrays):
        return False  # (float32 arithmetic is then the course's to allow)
    return any(_to_nudge(array) for array in arrays)


def nudged(args: tuple, kwargs: dict, size: float):
    """``(args, kwargs)`` with every float64 input array of two entries or more that holds a number other than a
    whole one multiplied entry by entry by 1 + size * u, u in [0.5, 1] drawn the same for every size (no sign
    changes, zeros stay zero); None when there is no such array, or when a float input of another dtype rules
    the check out (``can_be_nudged``).

    Arrays of whole numbers (labels, one-hot targets, indices, a test's np.arange) are left as they are: a
    function may compare them exactly.
    """
    if not can_be_nudged(args, kwargs):
        return None
    rng = np.random.default_rng(0)

    def nudge(value: np.ndarray) -> np.ndarray:
        if not _to_nudge(value):
            return value
        return value * (1.0 + size * rng.uniform(0.5, 1.0, size=value.shape))

    mapped = _arrays_mapped(nudge)
    return mapped(args), mapped(kwargs)


def _float64_leaves(value, path: tuple = (), depth: int = 0):
    """(path, float64 array) for every float64 array or float number in a result."""
    if isinstance(value, np.ndarray) and value.dtype == np.float64:
        yield path, value
    elif isinstance(value, (float, np.float64)) and not isinstance(value, bool):
        yield path, np.asarray(value, dtype=np.float64)
    elif depth < WALK_DEPTH and isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _float64_leaves(item, (*path, i), depth + 1)
    elif depth < WALK_DEPTH and isinstance(value, dict):
        for key, item in value.items():
            yield from _float64_leaves(item, (*path, key), depth + 1)


def _strays(first, after_tiny, after_small) -> float:
    """How far (relative to the expected move) a value's move by NUDGES[0] strays from its move by NUDGES[1]
    scaled down."""
    expected_move = (after_small - first) * (NUDGES[0] / NUDGES[1])
    return float(np.linalg.norm((after_tiny - first) - expected_move) / np.linalg.norm(expected_move))


def moves_as_float64(student: tuple, solution: tuple) -> bool:
    """Whether the student's answer moves with its inputs nudged by NUDGES[0] as it does with them nudged by
    NUDGES[1], scaled down: the answer of float64 arithmetic is smooth at both scales, one that went through
    float32 anywhere cannot see the tiny nudge (it moves by the small one only). ``student`` and ``solution``:
    (the answer, the answer after the tiny nudge, after the small one), the student's and the solution's.

    Judged on every float64 value of the result that agrees with the solution's to 1e-6 (a wrong value is
    another mistake), where the small nudge moves it smoothly (by less than 1e-3 of its size: a value that
    jumps, an argmax that flips, says nothing of precision), the tiny one visibly (its expected move more than
    1e-9 of the value's size) and where the solution's own value follows its tiny nudge to 1/10 of the
    tolerance: float64's rounding, divided by a central difference's step h = 1e-5, can outweigh the tiny move
    of a function large beside its derivative, and the solution's own answer is then no measure of precision.
    Only the student's function is then compared with itself, so an answer that reads its inputs otherwise than
    the solution (sigma(Z) recomputed where the solution reads the cache's A) is judged as fairly as the
    solution's own.
    """
    return all(student_stray <= _FOLLOWS for _, student_stray, solution_stray in nudged_values(student, solution)
               if solution_stray <= _FOLLOWS / 10)  # (nan for a solution that does not move: not judged)


def nudged_values(student: tuple, solution: tuple):
    """(path, the student's stray, the solution's stray) of every float64 value of the result that agrees with
    the solution's, moves smoothly and visibly (``moves_as_float64``; tests/nudge_strays.py measures the
    solutions' strays with it)."""
    answers = [dict(_float64_leaves(value)) for value in (*student, *solution)]
    for path, s0 in answers[0].items():
        values = [s0, *(answers[i].get(path) for i in range(1, 6))]
        if any(v is None or v.shape != s0.shape or not np.all(np.isfinite(v)) for v in values):
            continue
        _, tiny, small, r0, r_tiny, r_small = values
        size = float(np.linalg.norm(s0))
        moved = float(np.linalg.norm(small - s0)) * NUDGES[0] / NUDGES[1]
        if (np.linalg.norm(s0 - r0) <= 1e-6 * size and np.linalg.norm(small - s0) < 1e-3 * size
                and moved > 1e-9 * size):
            yield path, _strays(s0, tiny, small), _strays(r0, r_tiny, r_small)


def float32_arithmetic(function: str) -> Violation:
    return Violation(FLOAT64, f"{function}'s answer does not follow a change of its float64 inputs below "
                              "float32's precision (each entry times 1 + 1e-8), though it follows one of 4e-6: "
                              "part of it is computed in float32 (a float32 buffer or constant array, an "
                              ".astype(np.float32), a float32 copy of an argument), which a check to 1e-5 cannot "
                              "see; keep every step in float64.")
