"""Single edits of a solution function's code, each a likely mistake of a kind: a term left out, another axis.

The solution's function (the instructor's, from the source notebook) is
parsed, and each edit changes one place of it, the way a student's version
differs from it: a term of a sum or a factor of a product left out (a number or
a size left out is a constant factor, a + 1 left out a count off by one), a
sign flipped or a difference's sides swapped, a transpose left out or a
product's sides swapped, a reduction over another axis or over every axis, a
sum for a mean (or a dot product's sum taken as a mean), a function (an activation, an exponential) not applied, a
comparison strict where it is not (in a loop's or a branch's condition: a step
early or late), an update of a sum left out or made an assignment, a loop's
range or a slice one longer or shorter, axes given in turn in the other order;
and each kind of edit also at every place it can be made at once (a mistake
made consistently). ``autograder.counterfactuals`` runs each edited function on
a failed call's inputs, in the grader's process; an edit that gives the
student's answer is a likely mistake of its kind, named under the same rules as
the reruns on altered inputs.

The texts say what kind of change, never the solution's code.
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import functools
from dataclasses import dataclass

MAX_EDITS = 150  # per function

# calls whose removal is not a mistake of a kind (building values, converting, iterating)
_NOT_APPLIED_EXEMPT = {"range", "len", "int", "float", "bool", "list", "tuple", "dict", "set", "enumerate", "zip",
                       "reversed", "sorted", "isinstance", "print", "str", "repr", "iter", "next", "type",
                       "array", "asarray", "zeros", "ones", "empty", "zeros_like", "ones_like", "empty_like",
                       "full", "full_like", "copy", "arange", "linspace", "eye", "default_rng", "permutation",
                       "reshape", "ravel", "flatten", "squeeze", "expand_dims", "astype", "pad", "tqdm",
                       "update", "append", "items", "keys", "values", "get", "setdefault", "pop"}
_REDUCTIONS = {"sum", "mean", "max", "min", "prod", "argmax", "argmin", "amax", "amin", "std", "var", "nansum",
               "logsumexp", "norm", "average", "cumsum"}


@dataclass(frozen=True)
class Edit:
    """One edit of the function: what it changes (in words), its kind, a key that names it in every call, and the
    module that defines the edited function (compiled once)."""

    text: str
    category: str | None  # None: named only when the result is off by a constant factor (see factor_kind)
    key: str
    code: object
    factor_kind: bool = False  # a result off by a constant factor from the solution's is a constant factor
    place: tuple = ()  # (line, column) of the edited code in the solution, to tell places apart in order


def edited_functions(name: str, edit_list: list[Edit], namespace: dict):
    """(edit, function) for each edit, each function defined in a shallow copy of ``namespace`` (so that it calls
    the solution's other functions, and itself only as edited)."""
    for edit in edit_list:
        scope = dict(namespace)
        try:
            exec(edit.code, scope)
        except Exception:
            continue
        yield edit, scope[name]


@functools.lru_cache(maxsize=256)
def edits(name: str, sources: tuple[str, ...]) -> tuple[Edit, ...]:
    """The edits of the function ``name`` defined at the top level of one of ``sources`` (the last definition), at
    most MAX_EDITS, or none when it is not there."""
    definitions = []
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        definitions += [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == name]
    if not definitions:
        return ()
    original = definitions[-1]
    found, places = [], {}  # places: operator -> (text, category, factor_kind, [(index, build)])
    for index, node in enumerate(ast.walk(original)):
        for operator, text, category, factor_kind, build in _edits_of(node, original):
            places.setdefault(operator, (text, category, factor_kind, []))[3].append((index, build))
            edit = _compiled(original, [(index, build)], text, category, f"{name}|edit|{operator}#{index}",
                             factor_kind, (getattr(node, "lineno", 0), getattr(node, "col_offset", 0)))
            if edit is not None:
                found.append(edit)
    # the same edit at every place it can be made at once: a mistake made consistently (both rolls' axes, say)
    for operator, (text, category, factor_kind, builds) in places.items():
        if len(builds) > 1:
            edit = _compiled(original, builds, f"{text} (at every such place in the solution)", category,
                             f"{name}|edit|{operator}#all", factor_kind, (10**9, 0))
            if edit is not None:
                found.append(edit)
    return _told_apart(found[:MAX_EDITS])


def _compiled(original: ast.FunctionDef, builds: list, text: str, category, key: str, factor_kind: bool,
              place: tuple) -> Edit | None:
    """The edit that applies each ``(index, build)`` to a copy of the function (indices of ``ast.walk``), compiled;
    None when it cannot be made."""
    edited = copy.deepcopy(original)
    nodes = list(ast.walk(edited))
    for index, build in builds:
        target = nodes[index]
        replacement = build(target)
        if replacement is None or not _replace(edited, target, replacement):
            return None
    module = ast.fix_missing_locations(ast.Module(body=[edited], type_ignores=[]))
    try:
        code = compile(module, f"<edit of {original.name}>", "exec")
    except (SyntaxError, ValueError):
        return None
    return Edit(text, category, key, code, factor_kind, place)


def _told_apart(found: list[Edit]) -> tuple[Edit, ...]:
    """The edits, each text saying which place it edits when the same kind of edit is made at several places."""
    places: dict[str, set] = {}
    for edit in found:
        places.setdefault(edit.text, set()).add(edit.place)
    told = []
    for edit in found:
        same = sorted(places[edit.text])
        if len(same) > 1:
            where = same.index(edit.place) + 1
            edit = dataclasses.replace(edit, text=f"{edit.text} (at the {_ordinal(where)} of {len(same)} such "
                                                  f"places in the solution)")
        told.append(edit)
    return tuple(told)


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(n, f"{n}th")


def _replace(tree: ast.AST, target: ast.AST, replacement: ast.AST) -> bool:
    """Put ``replacement`` where ``target`` is in ``tree`` (in place, True), or leave the tree (False)."""
    if replacement is target:
        return True
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is target:
                setattr(parent, field, replacement)
                return True
            if isinstance(value, list) and any(v is target for v in value):
                setattr(parent, field, [replacement if v is target else v for v in value])
                return True
    return False


# ---------------------------------------------------------------- the edits, by kind of node

def _edits_of(node: ast.AST, function: ast.FunctionDef):
    """(operator, text, category, factor_kind, build) for each edit of ``node``; ``build`` takes the node in a
    copy of the function and returns what replaces it (the node itself, changed in place, or another)."""
    if isinstance(node, ast.BinOp):
        yield from _binop_edits(node, function)
    elif isinstance(node, ast.AugAssign) and isinstance(node.op, (ast.Add, ast.Sub)):
        yield ("augmented sign", "with a term subtracted where it is added, or the reverse", "sign", False,
               lambda n: _with(n, op=ast.Sub() if isinstance(n.op, ast.Add) else ast.Add()))
        yield ("update dropped", "with one update of a sum (a += or a -=) left out", "missing_term", False,
               lambda n: ast.Pass())
        # (no kind: the last term is the last example only where the sum runs over the examples)
        yield ("last term only", "with a sum that keeps only its last term (= for += or -=)", None, False,
               lambda n: ast.Assign(targets=[n.target], value=n.value if isinstance(n.op, ast.Add) else
                                    ast.UnaryOp(ast.USub(), n.value)))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        yield "minus dropped", "with a minus sign left out", "sign", False, lambda n: n.operand
    elif isinstance(node, ast.Attribute) and node.attr == "T" and isinstance(node.ctx, ast.Load):
        yield "transpose dropped", "with a transpose left out", "transpose", False, lambda n: n.value
    elif isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _LOOSENED:
        swapped = _LOOSENED[type(node.ops[0])]
        if _in_a_condition(node, function):  # (a counter that stops one step early or late)
            yield ("condition", "with a loop or a branch whose condition stops one step early or late (< for "
                   "<=, or the reverse)", "shifted", False, lambda n, s=swapped: _with(n, ops=[s()]))
        else:
            yield ("comparison", "with a strict comparison where equality counts too, or the reverse (how ties "
                   "are treated)", "ties", False, lambda n, s=swapped: _with(n, ops=[s()]))
    elif isinstance(node, ast.Call):
        yield from _call_edits(node, function)
    elif (isinstance(node, ast.Tuple) and isinstance(node.ctx, ast.Load) and len(node.elts) >= 2
          and all(isinstance(e, ast.Constant) and type(e.value) is int for e in node.elts)
          and len({e.value for e in node.elts}) == len(node.elts)):
        # (axes given in turn: np.roll's, np.transpose's; the order of a sum's axes changes nothing and is dropped)
        yield ("axes reversed", "with axes (or indices) taken in the other order", "transpose", False,
               lambda n: _with(n, elts=n.elts[::-1]))
    elif isinstance(node, ast.Slice):
        yield from _slice_edits(node)


_LOOSENED = {ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Lt: ast.LtE, ast.LtE: ast.Lt}  # each comparison's other


def _in_a_condition(node: ast.AST, function: ast.FunctionDef) -> bool:
    """Whether ``node`` is in the test of an ``if``, a ``while``, a conditional expression or an ``assert``."""
    return any(node is inner for statement in ast.walk(function)
               if isinstance(getattr(statement, "test", None), ast.AST) for inner in ast.walk(statement.test))


def _binop_edits(node: ast.BinOp, function: ast.FunctionDef):
    op = node.op
    if isinstance(op, (ast.Add, ast.Sub)):
        for kept, dropped in (("left", node.right), ("right", node.left)):
            if kept == "right" and not isinstance(op, ast.Add):
                continue
            if isinstance(dropped, ast.Constant) and dropped.value == 1:
                yield (f"one dropped {kept}", "with a + 1 or a - 1 left out: a count, an index or a bound off by one",
                       "shifted", False, lambda n, k=kept: getattr(n, k))
            else:
                yield (f"term dropped {kept}", "with one term of a sum or a difference left out", "missing_term",
                       False, lambda n, k=kept: getattr(n, k))
        yield ("sign of a term", "with a term subtracted where it is added, or the reverse", "sign", False,
               lambda n: _with(n, op=ast.Sub() if isinstance(n.op, ast.Add) else ast.Add()))
        if isinstance(op, ast.Sub):
            yield ("difference swapped", "with the two sides of a difference swapped (b - a for a - b)", "sign",
                   False, lambda n: _with(n, left=n.right, right=n.left))
    elif isinstance(op, (ast.Mult, ast.Div)):
        word = "a factor of a product" if isinstance(op, ast.Mult) else "a division"
        sides = (("left", node.right), ("right", node.left)) if isinstance(op, ast.Mult) else (("left", node.right),)
        for kept, dropped in sides:
            # (a number or a size left out is a constant factor, whatever the result looks like)
            category = "constant_factor" if _size_like(dropped, function) else "missing_term"
            yield (f"factor dropped {kept}", f"with {word} left out", category, True, lambda n, k=kept: getattr(n, k))
        yield ("multiply for divide", "with a multiplication where a division is needed, or the reverse", None, True,
               lambda n: _with(n, op=ast.Div() if isinstance(n.op, ast.Mult) else ast.Mult()))
    elif isinstance(op, ast.MatMult):
        yield ("sides swapped", "with the two sides of a matrix product swapped", "transpose", False,
               lambda n: _with(n, left=n.right, right=n.left))
        for side in ("left", "right"):
            yield (f"{side} side transposed", "with one side of a matrix product transposed (or its transpose "
                   "left out)", "transpose", False,
                   lambda n, s=side: _with(n, **{s: _transposed(getattr(n, s))}))
        yield _PRODUCT_AS_A_MEAN + (lambda n: _over_the_inner_axis(n, n.left),)


# np.mean(x * w) for x @ w: the product's sum over its inner axis taken as a mean
_PRODUCT_AS_A_MEAN = ("product as a mean", "with a dot or matrix product divided by the length of the axis it sums "
                      "over (a mean where the sum is needed)", "constant_factor", True)


def _over_the_inner_axis(product: ast.expr, left: ast.expr) -> ast.expr:
    """``product / np.shape(left)[-1]``: a product of ``left`` and another, divided by the length it sums over."""
    length = ast.Subscript(value=ast.Call(func=ast.Attribute(value=ast.Name("np", ast.Load()), attr="shape",
                                                             ctx=ast.Load()), args=[left], keywords=[]),
                           slice=ast.UnaryOp(ast.USub(), ast.Constant(1)), ctx=ast.Load())
    return ast.BinOp(left=product, op=ast.Div(), right=length)


def _size_like(node: ast.expr, function: ast.FunctionDef, depth: int = 0) -> bool:
    """Whether ``node`` is a number or a size: a constant, len(...), .size, .shape[...], a name the function
    sets to one of these, or a product, sum or quotient of them."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
    if isinstance(node, ast.Call):
        name = _called_name(node)
        return name == "len" or (name in ("float", "int", "sqrt") and all(_size_like(a, function, depth)
                                                                          for a in node.args))
    if isinstance(node, ast.Attribute):
        return node.attr in ("size", "ndim")
    if _is_shape(node):
        return True
    if isinstance(node, ast.BinOp):
        return _size_like(node.left, function, depth) and _size_like(node.right, function, depth)
    if isinstance(node, ast.UnaryOp):
        return _size_like(node.operand, function, depth)
    if isinstance(node, ast.Name) and depth < 3:
        values = [a.value for a in ast.walk(function) if isinstance(a, ast.Assign)
                  and any(isinstance(t, ast.Name) and t.id == node.id for t in a.targets)]
        return bool(values) and all(_size_like(v, function, depth + 1) for v in values)
    return False


def _is_shape(node: ast.expr) -> bool:
    return isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "shape"


def _call_edits(node: ast.Call, function: ast.FunctionDef):
    name = _called_name(node)
    if name in ("dot", "outer", "matmul") and len(node.args) == 2 and not node.keywords:
        yield ("arguments swapped", "with the two sides of a product swapped", "transpose", False,
               lambda n: _with(n, args=n.args[::-1]))
        if name != "outer":
            yield _PRODUCT_AS_A_MEAN + (lambda n: _over_the_inner_axis(n, n.args[0]),)
    axis = next((k for k in node.keywords if k.arg == "axis"), None)
    if axis is not None and name in _REDUCTIONS and isinstance(axis.value, (ast.Constant, ast.UnaryOp, ast.Tuple)):
        yield ("axis dropped", "with a reduction over every axis instead of one", "wrong_axis", False,
               lambda n: _with(n, keywords=[k for k in n.keywords if k.arg != "axis"]))
        current = _literal(axis.value)
        for other in (0, 1, 2, 3, -1):
            if other != current:
                yield (f"axis {other}", f"with a sum, mean or maximum over another axis (axis {other})", "wrong_axis",
                       False,
                       lambda n, o=other: _with(n, keywords=[k if k.arg != "axis" else
                                                             ast.keyword("axis", ast.Constant(o))
                                                             for k in n.keywords]))
    if name in ("sum", "mean"):
        swapped = "mean" if name == "sum" else "sum"
        yield (f"{name} for {swapped}", "with a sum where a mean is needed, or the reverse", None, True,
               lambda n, s=swapped: _with(n, func=_renamed(n.func, s)))
    if name == "range":
        for i in range(len(node.args[:2])):
            for step, word in ((-1, "shorter"), (1, "longer")):
                yield (f"range {i} {step:+d}", f"with a loop's range one step {word} at one end", "shifted", False,
                       lambda n, i=i, step=step: _with(n, args=[_plus(a, step) if j == i else a
                                                                for j, a in enumerate(n.args)]))
        if len(node.args) == 1:
            yield ("range from 1", "with a loop that skips its first step", "shifted", False,
                   lambda n: _with(n, args=[ast.Constant(1), n.args[0]]))
    elif (name is not None and name not in _NOT_APPLIED_EXEMPT and len(node.args) == 1 and not node.keywords
          and not isinstance(node.args[0], (ast.Constant, ast.Starred))):
        if name in _REDUCTIONS:
            yield ("reduction dropped", "with a sum, mean or maximum left out", "missing_term", False,
                   lambda n: n.args[0])
        elif _size_like(node.args[0], function):  # (the square root of a size, say: a constant factor)
            yield ("not applied", "with a function not applied to a number or a size", "constant_factor", True,
                   lambda n: n.args[0])
        else:
            yield ("not applied", "with a function (an activation, an exponential, a derivative) not applied to its "
                   "argument", "missing_term", False, lambda n: n.args[0])


def _slice_edits(node: ast.Slice):
    if node.step is not None:
        return
    for bound in ("lower", "upper"):
        value = getattr(node, bound)
        if value is None:
            start = ast.Constant(1) if bound == "lower" else ast.UnaryOp(ast.USub(), ast.Constant(1))
            yield (f"slice {bound} set", "with a slice that leaves out one element at one end", "shifted", False,
                   lambda n, b=bound, s=start: _with(n, **{b: s}))
        else:
            for step in (-1, 1):
                yield (f"slice {bound} {step:+d}", "with a slice one element longer or shorter", "shifted", False,
                       lambda n, b=bound, s=step: _with(n, **{b: _plus(getattr(n, b), s)}))


# ---------------------------------------------------------------- small builders

def _with(node: ast.AST, **fields) -> ast.AST:
    for field, value in fields.items():
        setattr(node, field, value)
    return node


def _transposed(node: ast.expr) -> ast.expr:
    if isinstance(node, ast.Attribute) and node.attr == "T":
        return node.value
    return ast.Attribute(value=node, attr="T", ctx=ast.Load())


def _plus(node: ast.expr, step: int) -> ast.expr:
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return ast.Constant(node.value + step)
    return ast.BinOp(left=node, op=ast.Add() if step > 0 else ast.Sub(), right=ast.Constant(abs(step)))


def _called_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _renamed(func: ast.expr, name: str) -> ast.expr:
    if isinstance(func, ast.Name):
        return ast.Name(id=name, ctx=ast.Load())
    return ast.Attribute(value=func.value, attr=name, ctx=ast.Load())


def _literal(node: ast.expr):
    try:
        return ast.literal_eval(node)
    except ValueError:
        return None
