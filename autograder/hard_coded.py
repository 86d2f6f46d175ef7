"""What a student's function takes from elsewhere than its arguments: sizes written into its code, notebook variables.

After a test cell has run, the judge looks at each failed check of a function
that no other rule named, and reads the student's own code of that function
(the submission's source, in the grader's process):

* **a size written in**: an integer of the code (``784``, ``(28, 28, 1)``,
  ``7 * 7 * 16``, ``f = 3``), one the solution's code does not have, that is a
  size of the inputs of an earlier call the function got right (or, for a call
  that raised, simply ran on) and of none of the failed call's inputs: the code
  holds for the inputs the student tried, not for the argument it was given;
* **a variable of the notebook**: the function reads a global name that is none
  of its arguments, not read by the solution, and bound by the notebook's code
  to something other than a constant, a function, a class or a module (``mlp``
  for the argument ``model``, a module-level cache ``_seen = {}``), or bound
  nowhere at all.

Either names the mistake ``stateful`` (the result depends on something other
than the arguments). Only facts of the code and of the calls are said; a
failure that another rule explains is left as it is.
"""

from __future__ import annotations

import ast
import builtins
import functools

import numpy as np

from autograder.properties import walk

SMALLEST = 2  # 0 and 1 are everywhere (a start, a step, an axis): never taken for a size
# calls and keywords whose numbers are axes, an order or a count of decimals, never sizes
_AXES_CALLS = {"transpose", "swapaxes", "moveaxis", "rollaxis", "expand_dims", "squeeze", "sum", "mean", "max", "min",
               "prod", "argmax", "argmin", "amax", "amin", "std", "var", "cumsum", "any", "all", "nansum", "norm",
               "concatenate", "stack", "split", "flip", "tensordot", "take", "take_along_axis", "argsort", "sort",
               "round", "around", "diff", "apply_along_axis", "logsumexp", "partition", "argpartition"}
_AXES_KEYWORDS = {"axis", "axes", "axis1", "axis2", "source", "destination", "ord", "ddof", "decimals", "k"}


def functions_of(sources) -> dict[str, ast.FunctionDef]:
    """The top-level functions that ``sources`` (cells' code) define, by name; a cell that does not parse is
    skipped (its functions are not read)."""
    found = {}
    for source in sources:
        tree = _parsed(source)
        if tree is None:
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found[node.name] = node
    return found


def _parsed(source: str) -> ast.Module | None:
    """The cell's syntax tree; None for a cell that does not parse (too deeply nested, say: a hostile cell)."""
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def constants_and_definitions(sources) -> set[str]:
    """The names the cells' code binds at its top level only to constants (``EPS = 1e-8``), functions (``act =
    np.tanh``), classes or modules: every other top-level name holds a value made by running code (a network, a
    dataset, a cache)."""
    kinds: dict[str, bool] = {}  # name -> whether every binding of it is a constant or a definition

    def bind(name: str, fixed: bool) -> None:
        kinds[name] = kinds.get(name, True) and fixed

    for source in sources:
        tree = _parsed(source)
        if tree is None:
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bind(node.name, True)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for name in _imported(node):
                    bind(name, True)
            else:
                fixed = isinstance(node, ast.Assign) and _constant(node.value)
                for name in ast.walk(node):
                    if isinstance(name, ast.Name) and isinstance(name.ctx, ast.Store):
                        bind(name.id, fixed)
    return {name for name, fixed in kinds.items() if fixed}


def _imported(node: ast.Import | ast.ImportFrom) -> set[str]:
    """The names an import binds (``import numpy.linalg`` binds ``numpy``)."""
    return {(alias.asname or alias.name).split(".")[0] for alias in node.names}


def _constant(node) -> bool:
    """A constant, or another name for a function (``act = np.tanh``, ``relu = lambda z: ...``)."""
    if isinstance(node, (ast.Constant, ast.Name, ast.Attribute, ast.Lambda)):
        return True
    if isinstance(node, ast.UnaryOp):
        return _constant(node.operand)
    if isinstance(node, ast.Tuple):
        return all(_constant(item) for item in node.elts)
    return False


def size_literals(function: ast.FunctionDef) -> set[int]:
    """The integers (2 or more) the function's code writes where a size goes: an argument of a call, an entry of a
    tuple or list, a slice's bound, the value of a plain assignment, a side of a comparison, a product of such
    integers.

    Not an exponent, a divisor or an addend (``x ** 2``, ``H // 2``, ``H - 2``), nor an axis (``transpose(0, 2,
    1)``, ``sum(axis=2)``): those are rarely a size.
    """
    found: set[int] = set()

    def value(node, depth: int = 0) -> int | None:
        if isinstance(node, ast.Constant) and type(node.value) is int:
            return node.value
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult) and depth < 8:
            left, right = value(node.left, depth + 1), value(node.right, depth + 1)
            return left * right if left is not None and right is not None else None
        return None

    def take(node) -> None:
        if isinstance(node, (ast.Tuple, ast.List)):
            for item in node.elts:
                take(item)
        elif isinstance(node, ast.Slice):
            for bound in (node.lower, node.upper):
                if bound is not None:
                    take(bound)
        else:
            number = value(node)
            if number is not None and number >= SMALLEST:
                found.add(number)

    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if called not in _AXES_CALLS:
                for argument in [*node.args, *(k.value for k in node.keywords if k.arg not in _AXES_KEYWORDS)]:
                    take(argument)
        elif isinstance(node, ast.Subscript):  # the bounds of its slices (an index, cache[4], is a place)
            for part in (node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]):
                if isinstance(part, ast.Slice):
                    take(part)
        elif isinstance(node, ast.Assign):
            take(node.value)
        elif isinstance(node, ast.Compare):
            for comparator in [node.left, *node.comparators]:
                take(comparator)
    return found


def globals_read(function: ast.FunctionDef) -> set[str]:
    """The names the function reads that it does not bind itself (parameters, assignments, loops, imports)."""
    bound = {a.arg for a in ast.walk(function.args) if isinstance(a, ast.arg)}
    read = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node is not function:
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound |= _imported(node)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return read - bound


def sizes_of(args: tuple, kwargs: dict) -> set[int]:
    """The sizes a call's inputs have: every axis's length, the product of each run of adjacent axes (28 x 28 =
    784), of a tuple of ints (a shape) too, and every int argument; of an object (a network), those of its
    attributes."""
    sizes: set[int] = set()
    nodes = list(walk((args, kwargs)))
    for node in list(nodes):  # an object's attributes too (a network's image_shape, its weights), one level down
        if not isinstance(node, (np.ndarray, np.generic, list, tuple, dict, str, bytes, int, float, type(None))) \
                and _has_attributes(node):
            nodes += walk(list(vars(node).values()))
    for node in nodes:
        shape = node.shape if isinstance(node, np.ndarray) else node if _is_shape(node) else None
        if shape is not None:
            for start in range(len(shape)):
                product = 1
                for length in shape[start:]:
                    product *= int(length)
                    sizes.add(product)
        elif _is_int(node):
            sizes.add(int(node))
    return sizes


def _is_shape(value) -> bool:
    return type(value) is tuple and len(value) > 1 and all(type(n) is int for n in value)


def _is_int(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _has_attributes(value) -> bool:
    """An object whose attributes hold data (a network), not a function."""
    return isinstance(getattr(value, "__dict__", None), dict) and not callable(value)


def inputs_said(args: tuple, kwargs: dict, parameters: tuple) -> str:
    """The call's array shapes and int arguments, as a student reads them: "Z of shape (4, 7)", "f = 2"."""
    said = []
    named = [(parameters[i] if i < len(parameters) else f"argument {i + 1}", a) for i, a in enumerate(args)]
    for name, value in named + list(kwargs.items()):
        if isinstance(value, np.ndarray):
            said.append(f"{name} of shape {value.shape}")
        elif _is_int(value):
            said.append(f"{name} = {int(value)}")
        elif _has_attributes(value):
            said += [f"{name}.{attribute} = {shape}" for attribute, shape in vars(value).items()
                     if _is_shape(shape)][:2]
    return ", ".join(said) if said else "other inputs"


class Reader:
    """The judge's reading of a submission's code, with the calls of each function it saw get right or run."""

    def __init__(self, answer_sources, notebook_sources, solution_sources, parameters: dict) -> None:
        """``answer_sources``: the code of the submission's answer cells; ``notebook_sources``: of every code cell
        of it but the tests (the course's, the answers, the student's own); ``parameters``: of each function."""
        self._sources = (tuple(answer_sources), tuple(notebook_sources), tuple(solution_sources))
        self.parameters = parameters
        # function -> (sizes, args, kwargs) of its calls that returned, and of those a check found right (the
        # arguments are the judge's own, kept alive by it anyway; they are put in words only when said)
        self.ran: dict[str, list[tuple[set, tuple, dict]]] = {}
        self.right: dict[str, list[tuple[set, tuple, dict]]] = {}

    @functools.cached_property
    def answers(self) -> dict[str, ast.FunctionDef]:
        return functions_of(self._sources[0])

    @functools.cached_property
    def fixed_names(self) -> set[str]:
        return constants_and_definitions(self._sources[1]) | set(dir(builtins))

    @functools.cached_property
    def solution(self) -> dict[str, ast.FunctionDef]:
        return functions_of(self._sources[2])

    def note_ran(self, function: str, args: tuple, kwargs: dict) -> None:
        self.ran.setdefault(function, []).append((sizes_of(args, kwargs), args, kwargs))

    def note_right(self, function: str, args: tuple, kwargs: dict) -> None:
        self.right.setdefault(function, []).append((sizes_of(args, kwargs), args, kwargs))

    def variables_read(self, function: str) -> str | None:
        """A sentence naming the notebook's variables ``function`` reads instead of its arguments, or None."""
        code, solution = self.answers.get(function), self.solution.get(function)
        if code is None:
            return None
        variables = sorted(globals_read(code) - self.fixed_names
                           - (globals_read(solution) if solution is not None else set()))
        if not variables:
            return None
        listed = ", ".join(f"`{v}`" for v in variables)
        return (f"{function} reads {listed}, {'a variable' if len(variables) == 1 else 'variables'} of the "
                f"notebook's top level, not one of its arguments: its result depends on "
                f"{'that variable' if len(variables) == 1 else 'those'}, whatever it is given. Use the arguments "
                f"({', '.join(self.parameters.get(function, ())) or 'its parameters'}) instead.")

    def explain(self, function: str, args: tuple, kwargs: dict, raised: bool, raised_at: str | None = None) \
            -> str | None:
        """Why the call of ``function`` on these inputs failed, when its code says it: a sentence, or None.

        ``raised``: the call raised; ``raised_at``: the code of the line of ``function`` that raised."""
        code = self.answers.get(function)
        if code is None:
            return None
        read = self.variables_read(function)
        if read:
            return read
        solution = self.solution.get(function)
        parameters = self.parameters.get(function, ())
        written = size_literals(code) - (size_literals(solution) if solution is not None else set())
        failed = sizes_of(args, kwargs)
        if raised_at is not None:  # the line that raised writes a size this call's inputs do not have
            line = _parsed(raised_at.strip() + (" pass" if raised_at.rstrip().endswith(":") else ""))
            fixed = sorted(n for n in written & size_literals(line) if n not in failed) if line else []
            if fixed:
                return (f"the line of {function} that raised writes {' and '.join(map(str, fixed))}, "
                        f"{'a size' if len(fixed) == 1 else 'sizes'} of none of this call's inputs "
                        f"({inputs_said(args, kwargs, parameters)}): read sizes from the "
                        f"arguments (x.shape, len(...)) instead of writing them in.")
        for sizes, seen_args, seen_kwargs in (self.ran if raised else self.right).get(function, ()):
            fixed = sorted(n for n in written if n in sizes and n not in failed)
            if fixed:
                numbers = " and ".join(str(n) for n in fixed)
                return (f"the {numbers} written in {function}'s code {'is a size' if len(fixed) == 1 else 'are sizes'}"
                        f" of the inputs of a call it {'ran on' if raised else 'got right'} "
                        f"({inputs_said(seen_args, seen_kwargs, parameters)}), and of none "
                        f"of this call's ({inputs_said(args, kwargs, parameters)}): read "
                        f"sizes from the arguments (x.shape, len(...)) instead of writing them in.")
        return None
