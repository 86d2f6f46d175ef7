"""Likely mistakes made by running the solution again on altered inputs: a bias left out, an argument transposed.

When a check of a hidden test fails, the value it checked is looked up among
the results of the cell's calls of students' functions. The solution's own
function (the instructor's, run in the grader's process, never in the kernel)
is then run again on that call's inputs: first as they were, which must give
the check's expected value (else nothing is said: the value did not come from
that call as it stands), then with one input altered at a time. Each altered
result is a likely mistake of a known kind, tried like the test's own:

- an array or a number set to 0: that input left out (a bias not added), ``missing_term``;
- an array negated: a sign flipped where it is used, ``sign``;
- a square matrix transposed: used the other way round, ``transpose``;
- a function argument replaced by the identity, or by 1: an activation or a derivative left out, ``missing_term``;
- a whole number one more or one less, a list without its first or last element: a loop or an index off by
  one, ``shifted``;
- a number replaced by its inverse: a division for a product, ``constant_factor``;
- a number given a value it has in another call of the same function in the cell: a size hard-coded or read
  from outside the function, ``stateful``;
- every matrix argument transposed and the result transposed back: rows and columns swapped roles (a sum, a
  mean or a softmax over the wrong axis), ``wrong_axis``.

The same reruns run the solution with one place of its code edited
(``autograder.code_edits``: a term left out, a sum over another axis, ...), each
edit a likely mistake of its kind too.

So a mistake inside a function is named when it has the effect of a simple
change to an input or to the solution's code, which no test had to foresee; the judge names it only when
the same alteration explains every failed check of that function in the cell
and no check that passed refutes it (``autograder.judge``). The reruns are bounded in
time (a rerun that loops is stopped), and only a failed check pays for them.

The same records of the cell's calls tell the judge's rules which values and calls checks found right
(``autograder.locations``), and cut a call on a batch to each example alone, the student's function run on
each in the kernel and the solution here (``autograder.examples``).
"""

from __future__ import annotations

import contextlib
import copy
import io
import sys
import time
import types
import warnings
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from autograder import code_edits, examples, properties
from course import diagnosis, gradcheck, testing

BUDGET_SECONDS = 1.0  # reruns of the solution per judged cell
RERUN_SECONDS = 0.25  # one rerun: longer, and it is stopped
MAX_ALTERATIONS = 40  # per call
# reruns only on inputs this small: an edit that turns a reduction into a broadcast of two long axes makes an
# array of their product, in the grader's own memory
MAX_RERUN_AXIS = 4096


class Unavailable(Exception):
    """The call cannot be run again here (an object kept in the kernel, a value that cannot be copied)."""


class _OutOfTime(BaseException):
    """A rerun ran out of time (not an Exception: the solution's own ``except Exception`` does not catch it)."""


@dataclass
class Reruns:
    """What the reruns of one call say about a value of its result: ``{description: Mistake}`` (maybe none)."""

    function: str
    mistakes: dict


class _Rerun(NamedTuple):
    """One alteration's rerun: what it says, its kind, its key, the solution's result with it."""

    text: str
    category: str | None
    key: str
    result: object
    factor_kind: bool = False  # its kind is a constant factor when its result is the base's times one number


@dataclass
class _Call:
    function: str
    args: tuple
    kwargs: dict
    reruns: list | None = None  # a _Rerun for each alteration, once computed
    base: object = None  # the solution's result on the inputs as they were
    failed: bool = False  # the solution could not be run again on them
    alone: tuple | None = None  # (m, [(example, the student's answer or _RAISED, the solution's)]), once asked


@dataclass
class Counterfactuals:
    """The calls of one judged cell, and the likely mistakes their reruns give (see the module's docstring).

    ``reference`` returns the namespace where the solution's functions are
    defined (built on first use); ``parameters`` names each function's
    parameters, for the messages.
    """

    reference: object  # () -> dict
    parameters: dict = field(default_factory=dict)
    sources: tuple = ()  # the solution cells' code, for edits of the solution's functions (autograder.code_edits)
    budget: float = BUDGET_SECONDS
    signatures: dict = field(default_factory=dict)  # name -> properties.Signature, for the examples' axes
    student: object = None  # (name, args, kwargs) -> the student's function's answer, from the kernel
    _calls: list = field(default_factory=list)
    _nodes: dict = field(default_factory=dict)  # id(value) -> (call index, path in its result, value)
    _spent: float = 0.0
    _passed: list = field(default_factory=list)  # (got, expected, rtol, tiny) of the checks that passed
    _refuted: dict = field(default_factory=dict)  # key -> whether a check that passed refutes it
    _limit: float = BUDGET_SECONDS  # the time the cell's reruns may take

    def reset(self) -> None:
        """A new cell: forget the calls of the last one."""
        self._calls, self._nodes, self._spent, self._passed, self._refuted = [], {}, 0.0, [], {}
        self._limit = self.budget

    def place_of(self, got) -> tuple[int, tuple] | None:
        """(the call's index in the cell, the path in its result) of a value a check looked at, or None when it is
        not a value of a call of the cell."""
        found = self._nodes.get(id(got))
        return (found[0], found[1]) if found is not None and found[2] is got else None

    def value_at(self, place: tuple[int, tuple]):
        """The value at ``place`` (a call's index in the cell, the path in its result), or None."""
        index, path = place[0], tuple(place[1])
        return next((node for i, p, node in self._nodes.values() if i == index and p == path), None)

    def right_beside(self, place: tuple[int, tuple]) -> tuple[str, list[tuple]]:
        """(the function, the paths of the other values of the same call that checks found right), for ``place``
        of a value found wrong; a value inside it or holding it is not another value."""
        index, path = place
        right = set()
        for got, *_ in self._passed:
            other = self.place_of(got)
            if other is not None and other[0] == index and other[1][:len(path)] != path \
                    and path[:len(other[1])] != other[1]:
                right.add(other[1])
        return self._calls[index].function, sorted(right, key=repr)

    def call_of(self, index: int) -> tuple[str, tuple, dict]:
        """(function, args, kwargs) of the cell's call ``index``."""
        call = self._calls[index]
        return call.function, call.args, call.kwargs

    def calls_found_right(self) -> set[int]:
        """The calls of which a check found a value right."""
        return {place[0] for got, *_ in self._passed if (place := self.place_of(got)) is not None}

    def passed(self, got, expected, rtol: float, tiny: float | None) -> None:
        """Note a check that passed (nothing is rerun for it unless :meth:`refuted` asks)."""
        self._passed.append((got, expected, rtol, tiny))

    def refuted(self, key: str) -> bool:
        """Whether a check that passed (so far) refutes the alteration ``key``: on its call that alteration changes
        the result, so a function that makes that mistake would have failed there."""
        asked = (key, len(self._passed))
        if asked in self._refuted:
            return self._refuted[asked]
        if not self._refuted:  # the checks that passed get time of their own: the failed ones may have spent theirs
            self._limit = self._spent + self.budget
        self._refuted[asked] = self._refutes(key)
        return self._refuted[asked]

    def without_refuted(self, got, reruns: Reruns, rtol: float, tiny: float | None) -> Reruns:
        """``reruns`` without the alterations that give ``got`` but that a check passed so far refutes: a refuted
        explanation explains nothing, and need not make another one ambiguous."""
        try:
            got = np.asarray(got, dtype=np.float64)
        except (TypeError, ValueError):
            return reruns
        floor = gradcheck.default_tiny(got) if tiny is None else tiny
        kept = {text: m for text, m in reruns.mistakes.items()
                if not (diagnosis.close(got, np.asarray(m.answer), rtol, floor) and self.refuted(m.key))}
        return Reruns(reruns.function, kept)

    def _refutes(self, key: str) -> bool:
        function = key.split("|", 1)[0]
        for got, expected, rtol, tiny in self._passed:
            found = self._nodes.get(id(got))
            if found is None or found[2] is not got or self._calls[found[0]].function != function:
                continue
            reruns = self.likely_mistakes(got, expected, rtol, tiny)
            if reruns is None:
                continue  # not a value of that call as the solution gives it: it says nothing
            if any(m.key == key for m in reruns.mistakes.values()):
                return True  # (likely_mistakes keeps only the alterations that change this value)
            if key not in {rerun.key for rerun in self._calls[found[0]].reruns}:
                return True  # not rerun in time: what cannot be checked is not named
        return False

    def record(self, function: str, args: tuple, kwargs: dict, result) -> None:
        """Note a call of a student's function and where each value of its result sits."""
        index = len(self._calls)
        self._calls.append(_Call(function, args, kwargs))
        for path, node in _nodes(result):
            self._nodes[id(node)] = (index, path, node)

    def likely_mistakes(self, got, expected, rtol: float, tiny: float | None, shape: tuple | None = None) -> dict:
        """The likely mistakes for the value ``got`` that a check found wrong, or None when ``got`` does not come
        from a call that can be rerun.

        The check's ``expected`` value (or, for a check of shapes, its ``shape``)
        must be what the solution gives on the call's inputs as they were.
        """
        source = self._source(got, expected, rtol, tiny, shape)
        if source is None:
            return None
        call, path, base, tiny = source
        mistakes = {}
        for text, category, key, result, factor_kind in call.reruns:
            try:
                value = np.asarray(_at(result, path), dtype=np.float64)
            except (KeyError, IndexError, TypeError, ValueError):
                continue
            if value.shape == base.shape and diagnosis.close(value, base, rtol, tiny):
                continue  # that input does not matter here: its change explains nothing
            if factor_kind:
                category = _factor_category(value, base, rtol, tiny, category)
                if category is None:
                    continue
            if key.endswith(_TOGETHER) and any(diagnosis.close(value, np.asarray(m.answer), rtol, tiny)
                                               for m in mistakes.values()):
                continue  # one matrix transposed alone gives the same: the plainer reading, already there
            if text in mistakes:  # (two edits told the same way: a place edited two ways, say)
                if diagnosis.close(value, np.asarray(mistakes[text].answer), rtol, tiny):
                    continue
                text = f"{text} [{key.rsplit('|', 1)[1]}]"
            mistakes[text] = diagnosis.Mistake(category, value, "rerun", key)
        return Reruns(call.function, mistakes)

    def where_alone(self, got, expected, rtol: float, tiny: float | None) -> str | None:
        """Where the wrong value ``got`` goes wrong, from its call cut to one example at a time (autograder.examples):
        a sentence, or None when the call has no batch to cut or every example alone is wrong too."""
        source = self._source(got, expected, rtol, tiny)
        if source is None or self.student is None:
            return None
        call, path, _, _ = source
        if call.alone is None:
            call.alone = self._one_example_at_a_time(call)
        m, answers = call.alone
        right, wrong = [], []
        for example, answer, solution in answers:
            try:
                expected_alone = np.asarray(_at(solution, path), dtype=np.float64)
            except (KeyError, IndexError, TypeError, ValueError):
                return None
            try:
                got_alone = np.asarray(_at(answer, path), dtype=np.float64) if answer is not _RAISED else None
            except (KeyError, IndexError, TypeError, ValueError):
                got_alone = None
            floor = gradcheck.default_tiny(expected_alone) if tiny is None else tiny
            is_right = got_alone is not None and diagnosis.close(got_alone, expected_alone, rtol, floor)
            (right if is_right else wrong).append(example)
        return examples.where_wrong(right, wrong, m) if answers else None

    def _source(self, got, expected, rtol: float, tiny: float | None, shape: tuple | None = None):
        """(call, path in its result, the solution's value there, tiny) for the value ``got`` that a check found
        wrong, or None when ``got`` is not a value of a call that can be rerun, or the check's ``expected`` value
        (for a check of shapes, its ``shape``) is not what the solution gives on that call's inputs."""
        found = self._nodes.get(id(got))
        if found is None or found[2] is not got:
            return None
        index, path, _ = found
        call = self._calls[index]
        if call.reruns is None:
            self._rerun(call)
        if call.failed:
            return None
        try:
            base = np.asarray(_at(call.base, path), dtype=np.float64)
            tiny = gradcheck.default_tiny(base) if tiny is None else tiny
            if expected is not None:
                if not diagnosis.close(base, np.asarray(expected, dtype=np.float64), rtol, tiny):
                    return None  # the check's expected value is not this call's: nothing to say
            elif base.shape != tuple(shape):
                return None
        except (KeyError, IndexError, TypeError, ValueError):
            return None
        return call, path, base, tiny

    def _one_example_at_a_time(self, call: _Call) -> tuple[int, list]:
        """(m, [(example, the student's answer, the solution's)]) on the call cut to each of its m examples alone;
        (0, []) when it cannot be cut, or the solution does not take one example alone in time."""
        cut = examples.one_at_a_time(call.args, call.kwargs, self.signatures.get(call.function))
        namespace, function = self._solution(call.function) if cut else (None, None)
        if function is None:
            return 0, []
        m, calls = cut
        self._limit = max(self._limit, self._spent + self.budget)  # (time of its own: the reruns may have spent theirs)
        answers = []
        for example, args, kwargs in calls:
            try:
                solution = self._run(function, namespace, args, kwargs)
            except (Unavailable, _OutOfTime, Exception):
                return 0, []  # the solution does not take one example alone, or not in time: nothing to compare
            try:
                answer = self.student(call.function, args, kwargs)
            except testing.TestFailure:
                answer = _RAISED  # (it raised, or its answer could not be read: wrong on that example)
            except testing.StudentRaised:
                answer = _RAISED
            answers.append((example, answer, solution))
        return m, answers

    # ---------------------------------------------------------------- reruns

    def _rerun(self, call: _Call) -> None:
        call.reruns = []
        if any(isinstance(node, np.ndarray) and max(node.shape, default=0) > MAX_RERUN_AXIS
               for node in properties.walk((call.args, call.kwargs))):
            call.failed = True
            return
        namespace, function = self._solution(call.function)
        if function is None:
            call.failed = True
            return
        try:
            call.base = self._run(function, namespace, call.args, call.kwargs)
        except (Unavailable, _OutOfTime, Exception):
            call.failed = True
            return
        names = self.parameters.get(call.function, ())
        for text, category, key, args, kwargs in _alterations(call.function, names, call.args, call.kwargs):
            if len(call.reruns) >= MAX_ALTERATIONS or self._spent >= self._limit:
                break
            try:
                result = self._run(function, namespace, args, kwargs)
                if key.endswith(_TOGETHER):
                    result = _transposed_back(result)
                call.reruns.append(_Rerun(text, category, key, result))
            except (Unavailable, _OutOfTime, Exception):
                continue  # an altered input the solution cannot take: no mistake of that kind
        for text, category, key, args, kwargs, unchanged in self._values_of_the_cells_calls(call, names):
            if len(call.reruns) >= MAX_ALTERATIONS or self._spent >= self._limit:
                break
            try:
                result = call.base if unchanged else self._run(function, namespace, args, kwargs)
                call.reruns.append(_Rerun(text, category, key, result))
            except (Unavailable, _OutOfTime, Exception):
                continue
        for text, key, args, kwargs in _last_indices_zeroed(call.function, names, call.args, call.kwargs):
            if self._spent >= self._limit:
                break
            try:
                call.reruns.append(_Rerun(text, "shifted", key, self._run(function, namespace, args, kwargs)))
            except (Unavailable, _OutOfTime, Exception):
                continue
        edits = code_edits.edits(call.function, self.sources) if self.sources else ()
        for edit, edited in code_edits.edited_functions(call.function, edits, namespace):
            if self._spent >= self._limit:
                break
            try:
                result = self._run(edited, namespace, call.args, call.kwargs)
            except (Unavailable, _OutOfTime, Exception):
                continue  # an edit that does not run on these inputs: no mistake of that kind
            call.reruns.append(_Rerun(f"your result is what the solution's {call.function} gives {edit.text}",
                                      edit.category, edit.key, result, edit.factor_kind))

    def _values_of_the_cells_calls(self, call: _Call, names: tuple):
        """(text, category, key, args, kwargs, unchanged): each number among the call's arguments given each value
        it has in the cell's calls of the same function so far (its own too, ``unchanged``: the call as it was, so
        that a call where the argument has that value cannot refute it); the answer of a function that ignores
        its argument (a size hard-coded, or read from outside) is the solution's with the value it ignores it for."""
        for name, (where, key) in _slots(names, call.args, call.kwargs):
            own = call.args[key] if where == "args" else call.kwargs[key]
            if not is_number(own):
                continue
            values = []
            for other in self._calls:
                held = (other.args[key] if where == "args" and key < len(other.args) else
                        other.kwargs.get(key) if where == "kwargs" else None)
                if other.function == call.function and is_number(held) and held not in values:
                    values.append(held)
            for value in values if len(values) > 1 else ():
                if value == 0:
                    continue  # (the argument set to 0 is an alteration of its own: left out, the plainer reading)
                new = {"args": list(call.args), "kwargs": dict(call.kwargs)}
                new[where][key] = value
                yield (f"your result is what the solution's {call.function} gives with {name} = {value!r}, the value "
                       f"{name} has in another call of this cell: is {name} hard-coded, or taken from outside the "
                       f"function, instead of from its argument?", "stateful", f"{call.function}|{name}|= {value!r}",
                       tuple(new["args"]), new["kwargs"], value == own)

    def _solution(self, function: str) -> tuple[dict | None, object]:
        """(the namespace of the solution's functions, the solution's ``function`` or None)."""
        namespace = self.reference()
        return namespace, (namespace.get(function) if namespace else None)

    def solution_result(self, function: str, args: tuple, kwargs: dict):
        """The solution's ``function`` run on copies of ``args`` for at most RERUN_SECONDS, whatever the cell's
        budget has left (its time still counts against it); raises Unavailable when it cannot be (no such function,
        an object kept in the kernel, out of time, or it raised). The solution's own code, unedited, needs no
        MAX_RERUN_AXIS guard: only an edit can broadcast two long axes into one array."""
        namespace, solution = self._solution(function)
        if solution is None:
            raise Unavailable(function)
        try:
            return self._run(solution, namespace, args, kwargs, RERUN_SECONDS)
        except Unavailable:
            raise
        except (_OutOfTime, Exception) as exc:
            raise Unavailable(f"{function}: {type(exc).__name__}") from None

    def _run(self, function, namespace: dict, args: tuple, kwargs: dict, seconds: float | None = None):
        args, kwargs = _detached(args, namespace), _detached(kwargs, namespace)
        if seconds is None:
            seconds = min(RERUN_SECONDS, max(self._limit - self._spent, 0.0))
        deadline = time.perf_counter() + seconds
        start = time.perf_counter()
        try:
            with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                previous = sys.gettrace()
                sys.settrace(_stopping_at(deadline))  # (set inside, unset before the context managers exit)
                try:
                    return function(*args, **kwargs)
                finally:
                    sys.settrace(previous)
        finally:
            self._spent += time.perf_counter() - start


def _factor_category(value, base, rtol: float, tiny: float, category: str | None) -> str | None:
    """The kind of an edit that leaves out a factor or a division: a constant factor when its result is the
    solution's times one number (for a single number, a whole number or its inverse: two numbers always differ by
    some factor), a count off by one for n/(n - 1); else the edit's own kind (None: not a mistake to name)."""
    factor = diagnosis.constant_factor(value, base, rtol, tiny) if value.shape == base.shape else None
    if factor is None:
        return category
    if value.size == 1:
        whole = max(abs(factor), 1 / abs(factor)) if factor else 0.0
        if not (whole >= 2 and abs(whole - round(whole)) <= 1e-9 * whole):
            return category
    ratio = max(abs(factor), 1 / abs(factor))
    if 1 < ratio <= 1.5 and abs(1 / (ratio - 1) - round(1 / (ratio - 1))) <= 1e-6 / (ratio - 1):
        return "shifted"  # n / (n - 1): one term more or fewer in a count
    return "constant_factor"


# ---------------------------------------------------------------- the alterations

def _alterations(function: str, names: tuple, args: tuple, kwargs: dict):
    """(text, category, key, args, kwargs) for each input altered alone, nested inputs (a dict of parameters) too.

    The key names the function, the input and the change, the same for every call of the function.
    """
    inputs = {"args": args, "kwargs": kwargs}
    for label, (where, key) in _slots(names, args, kwargs):
        value = inputs[where][key]
        nested = [(f"{label}[{k!r}]", (key, k), v) for k, v in value.items()] if isinstance(value, dict) else []
        nested += [(f"{label}[{k}]", (key, k), v) for k, v in enumerate(value)] \
            if isinstance(value, (list, tuple)) and len(value) <= 20 else []
        ends = {(key, 0), (key, len(value) - 1)} if isinstance(value, (list, tuple)) else set()
        for name, address, leaf in [(label, (key,), value)] + nested:
            for change, text, category, altered in _changes(name, leaf):
                if change == "identity" and address in ends:
                    continue  # (the same as the list without that element: a loop's bound, see _changes)
                new = {"args": list(args), "kwargs": dict(kwargs)}
                new[where] = _replaced(new[where], address, altered)
                yield (f"your result is what the solution's {function} gives {text}", category,
                       f"{function}|{name}|{change}", tuple(new["args"]), new["kwargs"])
    matrices = [i for i, a in enumerate(args) if isinstance(a, np.ndarray) and a.ndim == 2 and a.dtype.kind == "f"
                and min(a.shape) > 1]
    if matrices:
        together = [a.T.copy() if i in matrices else a for i, a in enumerate(args)]
        yield (f"your result is what the solution's {function} gives on its matrices transposed, with its result "
               f"transposed back: rows and columns swap roles (a sum, a mean, a softmax or a normalisation over the "
               f"wrong axis?)", "wrong_axis", f"{function}|{_TOGETHER}", tuple(together), dict(kwargs))


MAX_LAST_INDICES = 12  # reruns with an array's last index zeroed, per call


def _last_indices_zeroed(function: str, names: tuple, args: tuple, kwargs: dict):
    """(text, key, args, kwargs) for each float array argument with its last index along one axis, or along two
    neighbouring axes (an image's rows and columns), set to 0: what a loop over that input's entries, windows or
    examples that stops one short gives where the result is linear in it. At most MAX_LAST_INDICES."""
    made = 0
    inputs = {"args": args, "kwargs": kwargs}
    for label, (where, key) in _slots(names, args, kwargs):
        value = inputs[where][key]
        if not (isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.ndim and np.any(value != 0)):
            continue
        # (one axis of length 2 with its last index zeroed is its first index alone: one example, not a short loop)
        long = [a for a in range(value.ndim) if value.shape[a] >= 2]
        groups = [(a,) for a in long if value.shape[a] >= 3] + [(a, a + 1) for a in long if a + 1 in long]
        for axes in groups:
            if made >= MAX_LAST_INDICES:
                return
            altered = value.copy()
            for axis in axes:
                altered[(slice(None),) * axis + (-1,)] = 0.0
            if np.array_equal(altered, value):
                continue
            new = {"args": list(args), "kwargs": dict(kwargs)}
            new[where] = _replaced(new[where], (key,), altered)
            along = f"axis {axes[0]}" if len(axes) == 1 else f"axes {axes[0]} and {axes[1]}"
            made += 1
            yield (f"your result is what the solution's {function} gives with the last index of {label} along "
                   f"{along} set to 0: a loop or a slice over {label} that stops one short (range(n - 1))?",
                   f"{function}|{label}|last index zeroed {axes}", tuple(new["args"]), new["kwargs"])


def is_number(value) -> bool:
    """A single int or float (not a bool): an argument a count, a size or a rate is given as."""
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _slots(names: tuple, args: tuple, kwargs: dict) -> list[tuple[str, tuple]]:
    """(the argument's name, ("args", position) or ("kwargs", keyword)) for each argument of a call."""
    return ([(names[i] if i < len(names) else f"argument {i + 1}", ("args", i)) for i in range(len(args))]
            + [(key, ("kwargs", key)) for key in kwargs])


_TOGETHER = "matrices transposed together"
_RAISED = object()  # the student's function raised on an input cut to one example


def _transposed_back(result):
    """``result`` with each matrix in it transposed (the rerun on transposed inputs, brought back)."""
    if isinstance(result, np.ndarray):
        return result.T if result.ndim == 2 else result
    if isinstance(result, (list, tuple)):
        return type(result)(_transposed_back(r) for r in result)
    if isinstance(result, dict):
        return {k: _transposed_back(v) for k, v in result.items()}
    return result


def _changes(name: str, value):
    """(change, text, category, altered value) for each simple change of one input."""
    if isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.size and np.any(value != 0):
        yield ("zero", f"with {name} set to 0: is {name} left out (a bias not added, a term dropped)?",
               "missing_term", np.zeros_like(value))
        yield "negated", f"with -{name}: a sign flipped where {name} is used?", "sign", -value
        if value.ndim == 2 and value.shape[0] == value.shape[1] > 1 and not np.allclose(value, value.T):
            yield ("transposed", f"with {name} transposed: {name} used where its transpose is needed, or the other "
                   f"way round?", "transpose", value.T.copy())
    elif isinstance(value, float) and value != 0.0 and np.isfinite(value):
        yield "zero", f"with {name} = 0: is {name} left out?", "missing_term", 0.0
        if abs(value) != 1.0:
            yield ("inverted", f"with 1/{name} for {name}: divided by {name} where it multiplies, or the other way "
                   f"round?", "constant_factor", 1.0 / value)
    elif isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)) and 0 <= value < 10**6:
        for change, other in (("one less", value - 1), ("one more", value + 1)):
            if other >= 0:
                yield (change, f"with {name} = {other}, not {value}: a count or an index off by one?", "shifted",
                       type(value)(other))
    elif isinstance(value, (list, tuple)) and len(value) >= 2:
        yield ("first dropped", f"with {name} without its first element: a loop that skips the first one "
               f"(range(1, n))?", "shifted", value[1:])
        yield ("last dropped", f"with {name} without its last element: a loop that stops one short "
               f"(range(n - 1))?", "shifted", value[:-1])
    elif isinstance(value, (types.FunctionType, types.BuiltinFunctionType, np.ufunc)):
        yield ("identity", f"when {name} is not applied (the identity in its place): is {name}(...) left out?",
               "missing_term", _identity)
        yield "ones", f"when {name} gives 1 everywhere: is the factor {name}(...) left out?", "missing_term", _ones


def _identity(t, *args, **kwargs):
    return t


def _ones(t, *args, **kwargs):
    return np.ones_like(np.asarray(t, dtype=np.float64))


def _replaced(container, address: tuple, value):
    """``container`` (a list or dict) with the value at ``address`` (one or two keys deep) replaced."""
    head, *rest = address
    if not rest:
        container[head] = value
        return container
    original = container[head]
    inner = dict(original) if isinstance(original, dict) else list(original)  # (a copy: the judge's stays as it is)
    inner[rest[0]] = value
    container[head] = tuple(inner) if isinstance(original, tuple) else inner
    return container


# ---------------------------------------------------------------- values

def _nodes(value, path: tuple = (), depth: int = 0):
    """(path, node) for ``value`` and every list, tuple, dict or value inside it."""
    yield path, value
    if depth >= 4:
        return
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _nodes(item, path + (i,), depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _nodes(item, path + (key,), depth + 1)


def _at(value, path: tuple):
    for key in path:
        value = value[key]
    return value


def _detached(value, namespace: dict):
    """A copy of the inputs for a rerun: the judge's arrays stay as they are, a student's function becomes the
    solution's of the same name."""
    from autograder.judge import KernelObject, StudentFunction, _InKernel

    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(_detached(v, namespace) for v in value)
    if isinstance(value, dict):
        return {k: _detached(v, namespace) for k, v in value.items()}
    if isinstance(value, StudentFunction):
        if value.name not in namespace:
            raise Unavailable(value.name)
        return namespace[value.name]
    if isinstance(value, (KernelObject, _InKernel)):
        raise Unavailable("an object kept in the kernel")
    if isinstance(value, np.random.Generator):
        return copy.deepcopy(value)
    return value


def _stopping_at(deadline: float):
    """A trace function that stops the Python code it traces once ``deadline`` has passed (checked on every call
    and every few hundred lines: a rerun that loops for ever ends)."""
    count = 0

    def local(frame, event, arg):
        nonlocal count
        count += 1
        if count % 256 == 0 and time.perf_counter() > deadline:
            raise _OutOfTime()
        return local

    def on_call(frame, event, arg):
        if time.perf_counter() > deadline:
            raise _OutOfTime()
        return local

    return on_call
