"""Judging hidden tests in the grader's process: each test runs here, each call of a student's function in the kernel.

A hidden test is written once, in the instructor's source notebook, as plain
test code (``call``, ``check_array``, ``graded_parts``, ...). While a
submission is graded, :class:`Judge` runs that code in a namespace of this
process made from the source notebook alone (its imports and definitions; the
submission's cells are never read for code). There, every student function is
a :class:`StudentFunction`: calling it sends the arguments to the student's
kernel as data (``course.wire``), where ``course.collect`` runs the student's
code and sends back the raw result and the arguments it changed in place. So
the expected values, reference formulas, numerical gradients, tolerances and
likely mistakes exist only here, and the kernel sees nothing but the inputs of
its own functions.

A backend carries the requests: the executor's kernel while grading
(``autograder.executor``), or :class:`LocalBackend`, the same protocol in this
process, for tests of the tests.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import functools
import io
import itertools
import json
import linecache
import sys
import textwrap
import time
import types
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from autograder import counterfactuals, hard_coded, locations, notebooks, properties
from course import collect, diagnosis, testing, wire

DEFINITIONS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
NUDGE_SECONDS = 0.5  # a function whose call takes longer is not sent its nudged inputs (properties.nudged)


class KernelLost(BaseException):
    """The kernel died, hung or ran out of time during a call; ``failure`` is (ename, evalue) for the cell.

    A BaseException: it ends the whole test cell, not only the graded part that was running.
    """

    def __init__(self, failure: tuple[str, str], printed: str = "") -> None:
        super().__init__(failure[1])
        self.failure = failure
        self.printed = printed


class NoAnswer(testing.TestFailure):
    """A call of a student's function that came back without a readable result."""


class JudgeSetupError(RuntimeError):
    """The source notebook's definitions do not run in the grader: an error of the course, not of a student."""


@dataclass
class Verdict:
    """What one judged test cell earned and showed."""

    grade_id: str
    points: float
    fraction: float  # of the points
    printed: str = ""
    error: tuple[str, str] | None = None
    reasons: list[str] = field(default_factory=list)
    # what explained each failed check, for measuring feedback: {"cause", "category", "located"}
    diagnoses: list[dict] = field(default_factory=list)

    def outputs(self) -> list:
        """The cell's outputs, in the form nbgrader scores: an error is 0, a result is that many points."""
        import nbformat

        outputs = [nbformat.v4.new_output("stream", name="stdout", text=self.printed)] if self.printed else []
        if self.fraction >= 1.0 and self.error is None:
            return outputs
        if self.fraction <= 0.0:
            ename, evalue = self.error or ("TestFailure", "; ".join(self.reasons) or "the test failed")
            return outputs + [nbformat.v4.new_output("error", ename=ename, evalue=evalue,
                                                     traceback=[f"{ename}: {evalue}"])]
        earned = round(self.points * self.fraction, 2)
        lines = [f"{self.error[0]}: {self.error[1]}"] if self.error else []
        lines.append(f"Partial credit: {earned:g} of {self.points:g} points ({'; '.join(self.reasons)}).")
        return outputs + [nbformat.v4.new_output("stream", name="stdout", text="\n".join(lines) + "\n"),
                          nbformat.v4.new_output("execute_result", data={"text/plain": f"{earned:g}"},
                                                 execution_count=None)]


# ---------------------------------------------------------------------------- what stands for the kernel's objects

class StudentFunction:
    """A student's function, as the judge sees it: calling it runs it in the kernel."""

    def __init__(self, name: str, judge: "Judge") -> None:
        self.__name__ = self.name = name
        self._judge = judge

    def __call__(self, *args, **kwargs):
        return self._judge.student_call(self.name, args, kwargs)

    def __repr__(self) -> str:
        return f"<the student's {self.name}>"


@dataclass(frozen=True)
class KernelObject:
    """An object a student's function returned that cannot travel as data; it stays in the kernel."""

    handle: int
    type_name: str


class _InKernel:
    """A function of the test's, run in the kernel (for the checks that must watch the student's code run)."""

    def __init__(self, function, judge: "Judge") -> None:
        self.function, self._judge = function, judge
        self.__name__ = getattr(function, "__name__", "function")

    def __call__(self, *args, **kwargs):
        return self._judge.remote_call(self._judge.codec.encode(self.function), self.__name__, args, kwargs)


def _with_source(function, source: str):
    function.__course_source__ = source
    return function


class _AttachSource(ast.NodeTransformer):
    """Compiles a cell so that each function it defines knows its own code (to be sent to the kernel as code)."""

    def __init__(self, source: str) -> None:
        self.source = source

    def visit_Lambda(self, node):
        segment = ast.get_source_segment(self.source, node)
        self.generic_visit(node)
        return ast.Call(func=ast.Name("__with_source__", ast.Load()), args=[node, ast.Constant(segment)], keywords=[])

    def visit_FunctionDef(self, node):
        segment = textwrap.dedent(ast.get_source_segment(self.source, node, padded=True))
        self.generic_visit(node)
        attach = ast.parse(f"{node.name}.__course_source__ = {segment!r}").body[0]
        return [node, attach]


@functools.lru_cache(maxsize=512)  # a worker judges the same cells for every submission
def compile_cell(source: str, statements=None, filename: str = "<hidden test>"):
    """Compile test code (or only ``statements`` of it) with every function's own source attached."""
    tree = ast.parse(source)
    if statements is not None:
        tree.body = [s for s in tree.body if isinstance(s, statements)]
    tree = ast.fix_missing_locations(_AttachSource(source).visit(tree))
    return compile(tree, filename, "exec")


def run_definitions(cell, namespace: dict, notebook_name: str) -> None:
    """Run a locked cell's imports, functions and classes (nothing else of it) in ``namespace``."""
    try:
        exec(compile_cell(cell.source, DEFINITIONS, f"<{notebooks.grade_id(cell)}>"), namespace)
    except Exception as exc:
        raise JudgeSetupError(f"the definitions of cell {notebooks.grade_id(cell)} of {notebook_name} do not run "
                              f"in the grader: {type(exc).__name__}: {exc}") from exc


def _names_used(code: types.CodeType) -> set[str]:
    names = set(code.co_names) | set(code.co_freevars)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names_used(const)
    return names


# ---------------------------------------------------------------------------- backends

class LocalBackend:
    """Runs requests in this process against ``namespace``, through the same data format as a kernel."""

    def __init__(self, namespace: dict) -> None:
        self.namespace = namespace

    def request(self, request: dict) -> dict:
        reply = collect.handle(json.loads(json.dumps(request)), self.namespace)
        return json.loads(json.dumps(reply))


# ---------------------------------------------------------------------------- the judge

class Judge:
    """Runs the hidden tests of one source notebook against one student's kernel (through ``backend``)."""

    def __init__(self, source_path: Path, backend, answer_sources=(), notebook_sources=()) -> None:
        """``answer_sources``: the code of the submission's answer cells, and ``notebook_sources`` of all its code
        cells but the tests, read (never run) to explain failures (autograder.hard_coded)."""
        start = time.perf_counter()
        self.source_path = Path(source_path)
        self.folder = self.source_path.parent
        self.backend = backend
        self.codec = wire.Codec(self._encode_other, self._decode_reference, self._key_of, self._shared)
        self._sent: dict[int, object] = {}  # the arrays, lists and dicts sent to the kernel, by key (kept alive)
        self._left: dict[int, object] = {}  # key -> the kernel's copy, where a call changed it (see testing.as_left)
        self._ids = itertools.count(1)
        nb = notebooks.read(self.source_path)
        self.tests = {notebooks.grade_id(c): c for c in nb.cells if notebooks.is_test_cell(c)}
        self.skipped = notebooks.skipped_when_grading(nb)  # the source's cells that grade nothing
        self.student_functions = _solution_functions(nb)
        solution_sources = tuple(c.source for c in nb.cells if notebooks.is_solution_cell(c) and c.cell_type == "code")
        self.signatures = properties.signatures(list(solution_sources))
        self._violations: dict[str, properties.Violation] | None = None  # while a cell is judged: the first of each
        self._first_calls: dict[str, tuple] = {}  # name -> (args, kwargs, result) of the cell's first call
        self._copies: dict[int, tuple] = {}  # id -> (original, copy) of those arguments
        # name -> (args, kwargs, argument names, result) of the cell's first call whose arguments that may hold
        # integers held float64 arrays of whole numbers, those made int64
        self._whole_number_calls: dict[str, tuple] = {}
        self._nudged_calls: dict[str, tuple | None] = {}  # name -> (args, kwargs, result) of a call to nudge, or
        # None when that call took longer than NUDGE_SECONDS
        self.namespace = self._namespace(nb)
        self._definition_cells = [c for c in nb.cells if c.cell_type == "code" and not notebooks.is_test_cell(c)]
        self._reference: dict | None = None  # the solution's functions, built when a rerun first needs them
        parameters = {name: s.parameters for name, s in self.signatures.items()}
        self.counterfactuals = counterfactuals.Counterfactuals(
            self._reference_namespace, parameters, solution_sources, signatures=self.signatures,
            student=self.remote_call_of)
        self.reader = hard_coded.Reader(answer_sources, notebook_sources, solution_sources, parameters)
        # (function, args, kwargs, where the kernel says it raised) of the cell's calls that raised
        self._raised_calls: list[tuple] = []
        self.calls = 0
        self.waiting = 0.0  # waiting for the kernel's answers
        self.seconds = time.perf_counter() - start  # setting up and judging, in all

    # ---------------------------------------------------------------- set-up

    def _namespace(self, nb) -> dict:
        namespace = {"__name__": "__judge__", "__builtins__": builtins, "__with_source__": _with_source}
        _forget_other_assignments_modules(self.folder)
        sys.path.insert(0, str(self.folder))  # the assignment's own modules (the instructor's copies)
        try:
            for cell in nb.cells:
                if (cell.cell_type == "code" and not notebooks.is_solution_cell(cell)
                        and not notebooks.is_test_cell(cell)):
                    run_definitions(cell, namespace, self.source_path.name)
        finally:
            sys.path.remove(str(self.folder))
        namespace.update({name: StudentFunction(name, self) for name in self.student_functions})
        namespace["only_in_the_grader"] = lambda: None
        namespace["in_kernel"] = lambda function: _InKernel(function, self)
        return namespace

    def _reference_namespace(self) -> dict:
        """The source notebook's definitions, the solution's functions among them, in a namespace of their own
        (for rerunning the solution on altered inputs; {} when they do not all run here)."""
        if self._reference is None:
            namespace = {"__name__": "__reference__", "__builtins__": builtins, "__with_source__": _with_source}
            sys.path.insert(0, str(self.folder))
            try:
                for cell in self._definition_cells:
                    run_definitions(cell, namespace, self.source_path.name)
            except JudgeSetupError:
                namespace = {}
            finally:
                sys.path.remove(str(self.folder))
            self._reference = namespace
        return self._reference

    # ---------------------------------------------------------------- judging a cell

    def run(self, grade_id: str) -> Verdict:
        """Judge the test cell ``grade_id`` of the source notebook (raises :class:`KernelLost`)."""
        cell = self.tests.get(grade_id)
        if cell is None:
            return Verdict(str(grade_id), 0.0, 0.0, error=("UnknownTestCell", f"the course has no test cell "
                                                                              f"{grade_id!r}: 0 points"))
        start = time.perf_counter()
        try:
            return self._run(grade_id, cell)
        finally:
            self.seconds += time.perf_counter() - start

    def _run(self, grade_id: str, cell) -> Verdict:
        points = float(notebooks.nbgrader_meta(cell).get("points", 0))
        seen: list = []
        printed = io.StringIO()
        error = None
        token = testing._parts_seen.set(seen)
        left_token = testing._left_by_calls.set(self.as_left)
        diagnoses: list[dict] = []
        diagnoses_token = testing._diagnoses.set(diagnoses)
        sizes_token = testing._sizes_in_play.set(set())
        self.counterfactuals.reset()
        reruns_token = testing._reruns.set(self.counterfactuals)
        self._violations, self._first_calls, self._copies = {}, {}, {}
        self._whole_number_calls, self._nudged_calls = {}, {}
        self._raised_calls = []
        try:
            with contextlib.redirect_stdout(printed):
                exec(compile_cell(cell.source, filename=f"<{grade_id}>"), self.namespace)
        except KernelLost as lost:
            lost.printed = printed.getvalue()
            raise
        except testing.PartsFailed as exc:
            error = ("TestFailure", str(exc))
        except testing.TestFailure as exc:
            error, seen = ("TestFailure", str(exc)), []  # failed outside the parts: the whole cell is lost
        except Exception as exc:
            error, seen = (type(exc).__name__, str(exc)), []
        finally:
            testing._parts_seen.reset(token)
            testing._left_by_calls.reset(left_token)
            testing._diagnoses.reset(diagnoses_token)
            testing._sizes_in_play.reset(sizes_token)
            testing._reruns.reset(reruns_token)
        _withdraw_inconsistent_reruns(diagnoses, printed, self.counterfactuals)
        _withdraw_factors_without_a_common_cause(diagnoses, printed)
        _withdraw_patterns_another_check_denies(diagnoses, printed, self.counterfactuals)
        _withdraw_conflicting_kinds(diagnoses, printed)
        self._read_the_code(diagnoses, printed)
        locations.by_the_values_found_right(diagnoses, printed, self.counterfactuals, self.signatures)
        locations.by_the_calls_found_right(diagnoses, printed, self.counterfactuals)
        parts = [p for block in seen for p in block.parts]
        if error is None or parts:  # (a cell lost outside its parts loses everything already)
            try:
                self._call_again()
            except KernelLost as lost:
                lost.printed = printed.getvalue()
                raise
        violations, self._violations = self._violations, None
        if violations:
            error = _fail_properties(parts, violations, error, printed)
            diagnoses += [{"cause": v.part, "category": v.category, "located": False} for v in violations.values()]
        if error is None:
            return Verdict(grade_id, points, 1.0, printed.getvalue())
        if not parts:
            return Verdict(grade_id, points, 0.0, printed.getvalue(), error, diagnoses=diagnoses)
        block = testing._Parts()
        block.parts = parts
        fraction, reasons = block.share()
        return Verdict(grade_id, points, fraction, printed.getvalue(), ("TestFailure", error[1]), reasons, diagnoses)

    # ---------------------------------------------------------------- calls into the kernel

    def student_call(self, name: str, args: tuple, kwargs: dict):
        """Call the student's function ``name`` in the kernel, checking the properties every call must have."""
        start = time.perf_counter()
        try:
            result, changed = self._request({"function": name}, name, args, kwargs)
        except testing.StudentRaised as raised:
            if self._violations is not None:
                raised.call = len(self._raised_calls)
                self._raised_calls.append((name, args, kwargs, raised.where))
            raise
        seconds = time.perf_counter() - start  # (the call's own time, for the nudge's limit)
        if self._violations is None:  # not judging a cell (a definition's default, say): nothing to judge
            return result
        signature = self.signatures.get(name)
        for key in changed:
            found = properties.where(self._sent.get(key), args, kwargs)
            argument = signature.name_of(*found) if signature and found else None
            if not (signature and argument in signature.changes_in_place):
                self._violate(properties.changed_argument(name, argument))
        narrower = properties.narrower_float(args, kwargs, result)
        if narrower:
            self._violate(properties.lost_float64(name, narrower))
        elif properties.went_through_float32(args, kwargs, result):
            self._violate(properties.float32_numbers(name))
        self.reader.note_ran(name, args, kwargs)
        if not _holds_kernel_objects(args, kwargs):
            self.counterfactuals.record(name, args, kwargs, result)
            if name not in self._first_calls:
                # called again at the end of the cell (an object kept in the kernel, a random generator say,
                # cannot be sent again as it was)
                self._first_calls[name] = (_copy_data(args, self._copies), _copy_data(kwargs, self._copies), result)
            if name not in self._nudged_calls and properties.can_be_nudged(args, kwargs):
                # (its first call with float64 inputs to nudge; the copies hold what the call saw; a slow call is
                # not sent twice more)
                self._nudged_calls[name] = (None if seconds > NUDGE_SECONDS else
                                            (_copy_data(args, self._copies), _copy_data(kwargs, self._copies), result))
            if signature and signature.may_hold_integers and name not in self._whole_number_calls:
                as_ints = properties.whole_number_arrays_as_ints(_copy_data(args, self._copies),
                                                                 _copy_data(kwargs, self._copies), signature)
                if as_ints is not None:
                    self._whole_number_calls[name] = (*as_ints, result)
        return result

    def _read_the_code(self, diagnoses: list[dict], printed) -> None:
        """Name the failures of a function that its code explains, where nothing named another kind for it
        (autograder.hard_coded); the calls found right are noted first, for this cell and the ones after."""
        failed = {d["place"][0] for d in diagnoses if d.get("place") is not None}
        for index in sorted(self.counterfactuals.calls_found_right() - failed):
            self.reader.note_right(*self.counterfactuals.call_of(index))
        # function -> (diagnosis, args, kwargs, whether the call raised, where it raised if the kernel says)
        by_function: dict[str, list[tuple[dict, tuple, dict, bool, tuple | None]]] = {}
        for found in diagnoses:
            if found.get("place") is not None:
                function, args, kwargs = self.counterfactuals.call_of(found["place"][0])
                by_function.setdefault(function, []).append((found, args, kwargs, False, None))
            elif found.get("raised_call") is not None:
                function, args, kwargs, where = self._raised_calls[found["raised_call"]]
                by_function.setdefault(function, []).append((found, args, kwargs, True, where))
        for function, failures in by_function.items():
            if any(found.get("category") for found, *_ in failures):
                continue
            for _found, args, kwargs, raised, where in failures:
                raised_in, _, code = where or (None, 0, "")
                text = self.reader.explain(function, args, kwargs, raised=raised,
                                           raised_at=code if raised_in == function and code else None)
                if text is None and raised_in not in (None, function):  # raised in another function it called
                    text = self.reader.variables_read(raised_in)
                if text is not None:
                    for named, *_ in failures:
                        named.update(category="stateful", text=text)
                    printed.write(f"Likely cause: {text}\n")
                    break

    def _call_again(self) -> None:
        """Call each function again as the cell first called it: state kept between calls gives a new answer.

        A function that gives the same answer again, in a cell where no property is broken yet, is sent its first
        call whose arguments that may hold integers held whole numbers once more, with those arrays made int64
        (``properties.INTEGERS``), and its first call with float64 inputs to nudge, nudged (``_call_nudged``).
        """
        for name, (args, kwargs, first) in self._first_calls.items():
            try:
                again, _ = self._request({"function": name}, name, args, kwargs)
            except (testing.StudentRaised, testing.TestFailure):
                again = _NOTHING
            if again is _NOTHING or not properties.same_answer(first, again):
                self._violate(properties.different_second_answer(name))
                continue
            # (after another broken property, these calls' failures would only be that mistake again)
            if name in self._whole_number_calls and not self._violations:
                self._call_with_ints(name, *self._whole_number_calls[name])
            if not self._violations and self._nudged_calls.get(name) is not None:
                self._call_nudged(name, *self._nudged_calls[name])

    def _call_nudged(self, name: str, args: tuple, kwargs: dict, first) -> None:
        """Send the cell's first call with float64 inputs to nudge twice more, with them nudged below float32's
        precision and above it (``properties.nudged``): its answer must move alike at both scales (float64
        kept)."""
        calls = [(args, kwargs), *(properties.nudged(args, kwargs, size) for size in properties.NUDGES)]
        try:
            solution = [self.counterfactuals.solution_result(name, *call) for call in calls]
            answers = [self._request({"function": name}, name, *call)[0] for call in calls[1:]]
        except (counterfactuals.Unavailable, testing.StudentRaised, testing.TestFailure):
            return  # (raising on inputs that close to the test's own is another mistake, judged elsewhere)
        if not properties.moves_as_float64((first, *answers), solution):
            self._violate(properties.float32_arithmetic(name))

    def _call_with_ints(self, name: str, int_args: tuple, int_kwargs: dict, arguments: str, first) -> None:
        """Send a call whose arguments held whole numbers again with them as int64 arrays: the same numbers."""
        try:
            answer, _ = self._request({"function": name}, name, int_args, int_kwargs)
        except testing.StudentRaised as raised:
            self._violate(properties.raised_on_ints(name, arguments, raised.type_name, raised.message))
            return
        except testing.TestFailure:
            answer = _NOTHING
        if answer is _NOTHING or not properties.same_numbers(first, answer):
            self._violate(properties.changed_by_ints(name, arguments))

    def _violate(self, violation: properties.Violation) -> None:
        self._violations.setdefault(violation.part, violation)

    def remote_call_of(self, name: str, args: tuple, kwargs: dict):
        """The student's function ``name`` run in the kernel on ``args`` (no property checked): its raw result."""
        return self._request({"function": name}, name, args, kwargs)[0]

    def remote_call(self, function: dict, name: str, args: tuple, kwargs: dict):
        """Run ``function`` in the kernel on ``args``; its raw result, decoded here."""
        return self._request(function, name, args, kwargs)[0]

    def _request(self, function: dict, name: str, args: tuple, kwargs: dict) -> tuple[object, list[int]]:
        """Run ``function`` in the kernel on ``args``: its raw result, and the keys of the arguments it changed."""
        self.calls += 1
        arg_list, kwarg_dict = list(args), dict(kwargs)
        containers = {id(arg_list), id(kwarg_dict)}  # the request's own list and dict: not the caller's data
        request = {"id": next(self._ids), "function": function,
                   "args": self.codec.encode(arg_list), "kwargs": self.codec.encode(kwarg_dict)}
        start = time.perf_counter()
        try:
            reply = self.backend.request(request)
        finally:
            self.waiting += time.perf_counter() - start
        if not isinstance(reply, dict) or reply.get("id") != request["id"]:
            raise NoAnswer(f"{name}: the kernel's answer does not belong to this call")
        if "setup_error" in reply:
            raise testing.TestFailure(f"{name} could not be called: {reply['setup_error']}")
        if "raised" in reply:
            raise testing.StudentRaised(name, str(reply["raised"]), str(reply.get("message", "")),
                                        bool(reply.get("not_implemented")), _where(reply.get("where")))
        if "unsendable" in reply:
            raise testing.TestFailure(f"{name} returned a value the grader cannot read: {reply['unsendable']}")
        try:
            changed = []
            for value in list(reply.get("changed") or []):
                self.codec.decode(value)  # an argument the call changed in place: noted, see as_left
                key = value.get("ref") if isinstance(value, dict) else None
                if key in self._left and key not in containers:
                    changed.append(key)
            return self.codec.decode(reply["result"]), changed
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise NoAnswer(f"{name}: the kernel's answer is not readable ({exc})") from None

    def _key_of(self, value) -> int:
        key = id(value)
        self._sent[key] = value
        self._left.pop(key, None)  # the kernel's copy is made to hold this value again
        return key

    def _shared(self, key: int, value):
        """What the kernel holds of an object this judge sent: that object itself while it is unchanged.

        Changed, it is a new object (the judge's own is never changed by the
        student's code), remembered for :meth:`as_left`.
        """
        target = self._sent.get(key)
        if target is not None and _plain(target) == _plain(value):
            self._left.pop(key, None)
            return target
        self._left[key] = value
        return value

    def as_left(self, value):
        """``value`` as the calls left the kernel's copy of it (``course.testing.as_left``)."""
        key = id(value)
        return self._left.get(key, value) if self._sent.get(key) is value else value

    def _encode_other(self, value) -> dict:
        if isinstance(value, StudentFunction):
            return {"function": value.name}
        if isinstance(value, KernelObject):
            return {"handle": value.handle}
        if isinstance(value, types.ModuleType):
            return {"module": value.__name__}
        numpy_name = wire.numpy_name(value)
        if numpy_name is not None:
            return {"numpy": numpy_name}
        if callable(value) and hasattr(value, "__course_source__") and hasattr(value, "__code__"):
            return self._encode_function(value)
        module = sys.modules.get(type(value).__module__)
        if getattr(module, "__file__", None) and Path(module.__file__).resolve().parent == self.folder.resolve():
            # an object of the assignment's own modules (a model): the kernel has the same module
            return {"object": f"{type(value).__module__}.{type(value).__qualname__}",
                    "state": self.codec.encode(dict(vars(value)))}
        raise wire.WireError(f"a {type(value).__name__} cannot be sent to the student's kernel")

    def _encode_function(self, function) -> dict:
        code = function.__code__
        closure = dict(zip(code.co_freevars, (c.cell_contents for c in function.__closure__ or ())))
        env = {}
        for name in sorted(_names_used(code)):
            if name == function.__name__ and function.__name__ != "<lambda>":
                continue  # a recursive function defines itself
            if name in closure:
                env[name] = closure[name]
            elif name in function.__globals__ and name != "__with_source__":
                env[name] = function.__globals__[name]
        is_def = function.__name__ != "<lambda>"
        return {"source": function.__course_source__, "name": function.__name__ if is_def else None,
                "env": self.codec.encode(env),
                "defaults": self.codec.encode(function.__defaults__) if function.__defaults__ else None,
                "kwdefaults": self.codec.encode(function.__kwdefaults__) if function.__kwdefaults__ else None}

    @staticmethod
    def _decode_reference(data: dict):
        if set(data) == {"handle", "type"} and isinstance(data["handle"], int):
            return KernelObject(data["handle"], str(data["type"]))
        raise wire.WireError("the kernel may send back data and handles only")


_NOTHING = object()  # a second call that gave no answer


def _forget_other_assignments_modules(folder: Path) -> None:
    """Unload the modules of the same name as ``folder``'s own (``models``) that another assignment imported.

    A worker judges several assignments in one process: without this, the
    second ``import models`` would give the first assignment's module.
    """
    for path in folder.glob("*.py"):
        module = sys.modules.get(path.stem)
        file = getattr(module, "__file__", None)
        if file and Path(file).resolve().parent != folder.resolve():
            del sys.modules[path.stem]


def _copy_data(value, memo: dict):
    """A copy of the arrays, lists and dicts in ``value`` (the test may change its own arrays after a call).

    ``memo`` (id -> (original, copy), shared by a cell's calls) keeps one copy
    per object while the object holds what it held, so that an array passed to
    one call and held by another call's cache is one object in the calls again
    too; an object the test changed in place since is copied anew (a later call
    saw its new contents).
    """
    if isinstance(value, np.ndarray):
        kept = memo.get(id(value))
        if kept is not None and _same_contents(value, kept[1]):
            return kept[1]
        copy = value.copy()
    elif type(value) in (list, tuple, dict):
        items = value.items() if type(value) is dict else enumerate(value)
        copied = {k: _copy_data(v, memo) for k, v in items}
        kept = memo.get(id(value))
        if kept is not None and _same_items(copied, kept[1]):
            return kept[1]
        copy = copied if type(value) is dict else type(value)(copied.values())
    else:
        return value
    memo[id(value)] = (value, copy)  # (holding the original keeps its id from being reused)
    return copy


def _same_contents(array: np.ndarray, copy: np.ndarray) -> bool:
    """Whether ``array`` still holds what ``copy`` was copied from (NaN as NaN)."""
    return (array.dtype == copy.dtype and array.shape == copy.shape
            and np.array_equal(array, copy, equal_nan=array.dtype.kind in "fc"))


def _same_items(copied: dict, copy) -> bool:
    """Whether a container's items, copied again, are the very objects of its earlier ``copy``."""
    items = copy if type(copy) is dict else dict(enumerate(copy))
    return copied.keys() == items.keys() and all(copied[k] is items[k] for k in copied)


def _where(reported) -> tuple[str, int, str] | None:
    """The kernel's report of the line that raised, as (function, line, code), or None when it is not one (it
    is the student's own code's report, so it only ever goes into that student's feedback)."""
    if not isinstance(reported, dict):
        return None
    function, line, code = reported.get("function"), reported.get("line"), reported.get("code")
    if not (isinstance(function, str) and isinstance(line, int) and isinstance(code, str)) or line < 1:
        return None
    return function[:100], line, code[:200]


def _holds_kernel_objects(args: tuple, kwargs: dict) -> bool:
    return any(isinstance(node, KernelObject) for node in properties.walk((args, kwargs)))


def _withdraw_inconsistent_reruns(diagnoses: list[dict], printed, reruns) -> None:
    """A cause found by rerunning the solution on an altered input is named only if that same alteration gives
    the answer of every failed check of the same function in the cell (a hard-coded 2 meets "2, not 3" once, not
    "4, not 5" too), and no check that passed refutes it (a hard-coded 2 passes where the input is 2, which
    "one less" would not)."""
    withdrawn = []
    for found in diagnoses:
        rerun = found.get("rerun") or {}
        key = rerun.get("named")
        if found.get("cause") != "rerun" or not found.get("category") or key is None:
            continue
        same = [d["rerun"] for d in diagnoses if (d.get("rerun") or {}).get("function") == rerun["function"]]
        if any(key not in other["keys"] for other in same) or reruns.refuted(key):
            found["category"], found["inconsistent"] = None, True
            withdrawn.append(found["text"])
    if withdrawn:
        printed.write(f"Note: this does not fit every check of the cell (one that failed, or one that passed), "
                      f"so it may be a coincidence: {withdrawn[0]}\n")


FACTOR_CAUSES = ("factor", "count_off_by_one")  # the causes of course.diagnosis.describe_factor


def _withdraw_factors_without_a_common_cause(diagnoses: list[dict], printed) -> None:
    """A constant factor with a known cause (m, 2, a size, n/(n - 1)) is not named when another failed check of
    the cell is off by a factor with none: a mistake of that cause would give a known factor in every check."""
    unexplained = any(d.get("cause") == "factor" and not d.get("category") for d in diagnoses)
    named = [d for d in diagnoses if d.get("cause") in FACTOR_CAUSES and d.get("category")]
    if not (unexplained and named):
        return
    for found in named:
        found["category"], found["conflicting"] = None, True
    printed.write("Note: the checks are off by constant factors, but not all by one with a known cause (the "
                  "batch size, 2, a size), so take the factor named above as a guess.\n")


def _withdraw_patterns_another_check_denies(diagnoses: list[dict], printed, reruns) -> None:
    """A kind read from the pattern of one check's answer (only the first index right, a last index at zero, a
    sign, a transpose) is not named when a check of the same value (the same place in the results of the same
    function) in the cell failed with no explanation at all: the same mistake would have left its pattern there
    too (only the first row right, and the other rows zero), so the pattern is a coincidence of that check's
    inputs. Reruns and the tests' own likely mistakes have rules of their own; a check of a wrong shape denies
    nothing (a transpose of a square answer is a wrong shape elsewhere), nor does a check of another value, nor
    one of a single number (no pattern is read from one: two numbers differ by some factor)."""
    def value_of(found: dict) -> tuple | None:
        place = found.get("place")
        return None if place is None else (reruns.call_of(place[0])[0], tuple(place[1]))

    unexplained = {value_of(d) for d in diagnoses if d.get("cause") is None and d.get("place") is not None
                   and np.size(reruns.value_at(d["place"])) > 1}
    withdrawn = []
    for found in diagnoses:
        if (found.get("category") and found.get("cause") in diagnosis.CATEGORY_OF_CAUSE
                and found.get("place") is not None and value_of(found) in unexplained):
            found["category"], found["conflicting"] = None, True
            found["located"] = found.get("located") or found.get("cause") in diagnosis.LOCATING_CAUSES
            withdrawn.append(found["text"])
    if withdrawn:
        printed.write(f"Note: another check of this function fails where this would not explain it, so take it "
                      f"as a guess: {withdrawn[0]}\n")


def _withdraw_conflicting_kinds(diagnoses: list[dict], printed) -> None:
    """When a cell's failed checks name different kinds of mistake, none is named: one mistake explains all.

    Each check's cause reproduced its own answer, but a single mistake in the
    function should explain every check; two kinds at once mean at least one is
    a coincidence. The texts stay, with a note that they disagree.
    """
    kinds = sorted({d["category"] for d in diagnoses if d.get("category")})
    if len(kinds) < 2:
        return
    for found in diagnoses:
        if found.get("category"):
            found["category"], found["conflicting"] = None, True
            found["located"] = found.get("located") or found.get("cause") in diagnosis.LOCATING_CAUSES
    printed.write(f"Note: these checks point at different kinds of mistake ({', '.join(kinds)}); no single one "
                  f"explains every failure, so take each likely cause above as a guess.\n")


def _fail_properties(parts: list[dict], violations: dict, error, printed) -> tuple[str, str]:
    """Fail the part of each broken property (the test's own part of that name, or one added): the cell's error."""
    messages = " ".join(v.message for v in violations.values())
    for name, violation in violations.items():
        print(f"FAILED {name}: {violation.message}", file=printed)
    if error is not None and not parts:  # the cell failed outside its parts: lost whole already
        return error[0], f"{error[1]} {messages}"
    for name in violations:
        own = next((p for p in parts if p["name"] == name), None)
        if own is None:
            parts.append({"name": name, "weight": 1.0, "failed": True, "checks_values": False})
        else:
            own["failed"] = True
    failed = [p["name"] for p in parts if p["failed"]]
    return "TestFailure", (f"{len(parts) - len(failed)} of {len(parts)} parts passed; failed: {', '.join(failed)}. "
                           f"{messages}")


_PLAIN = wire.Codec(lambda value: {"object": id(value)})


def _plain(value) -> str:
    """A value's data, to compare two values (objects that are not data by identity)."""
    return json.dumps(_PLAIN.encode(value))


def _solution_functions(nb) -> list[str]:
    """The functions the solution cells define: the names a student's notebook answers."""
    names = []
    for cell in nb.cells:
        if notebooks.is_solution_cell(cell) and cell.cell_type == "code":
            names += [s.name for s in ast.parse(cell.source).body
                      if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))]
    return names


def judge_locally(source_path: Path, answers: dict[str, str], grade_ids=None) -> dict[str, Verdict]:
    """Judge the answer code ``answers`` (``{solution grade_id: code}``) in this process, without a kernel.

    The answers run in a namespace of their own made of the source notebook's
    set-up (like a kernel's); used by the tests to grade a function without
    starting a kernel.
    """
    source_path = Path(source_path)
    nb = notebooks.read(source_path)
    student_ns: dict = {"__name__": "__main__", "__builtins__": builtins}
    _forget_other_assignments_modules(source_path.parent)
    sys.path.insert(0, str(source_path.parent))
    answer_sources, notebook_sources = [], []
    try:
        for cell in nb.cells:
            if cell.cell_type != "code" or notebooks.is_test_cell(cell):
                continue
            if notebooks.is_solution_cell(cell):
                code = answers.get(notebooks.grade_id(cell))
                if code is not None:
                    answer_sources.append(code)
                    notebook_sources.append(code)
                    filename = f"<{notebooks.grade_id(cell)}>"
                    # (cached as IPython caches a cell's code, so that the line a function raised at is found)
                    linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)
                    exec(compile(code, filename, "exec"), student_ns)
            else:
                notebook_sources.append(cell.source)
                run_definitions(cell, student_ns, source_path.name)
        judge = Judge(source_path, LocalBackend(student_ns), answer_sources, notebook_sources)
        return {g: judge.run(g) for g in (grade_ids or judge.tests)}
    finally:
        sys.path.remove(str(source_path.parent))
