"""A call's inputs cut to one example of its batch at a time, and what the answers on them say of where it goes wrong.

Where a solution's docstring gives the shape of an argument with the number of
examples in it, ``(n_x, m)`` or ``(N, H, W, C)``, that axis holds the examples.
When a check of a call on a batch fails and no cause is named, the judge sends
the student's function the same call with every such axis cut to one example
(the other arguments as they were), for every example in turn, and runs the
solution on the same inputs in the grader's process; the answers are compared
there. Each example alone right, the batch wrong: the mistake is in how the
examples are combined (the batch size, a sum or a mean over them). Some examples
alone wrong, others right: those examples are where it goes wrong. A call is cut
only when every array in it is accounted for: an argument whose entry gives no
shapes, or two different places of the examples for arrays of one number of
axes, is not cut (nothing is said).
"""

from __future__ import annotations

import numpy as np

from autograder import properties
from course import diagnosis

EXAMPLE_SIZES = ("m", "N")  # the names the course's docstrings give the number of examples (NOTATION.md)
MOST_EXAMPLES = 16  # a larger batch is not cut: every example is sent alone, or none is


def example_axes(signature) -> dict[str, dict[int, int | None]]:
    """For each parameter with declared shapes: {number of axes: the examples' axis, None where it has none}; a
    number of axes whose shapes put the examples in two places (or in one and nowhere) is left out."""
    axes = {}
    for name, shapes in signature.shapes if signature else ():
        places: dict[int, set] = {}
        for shape in shapes:
            where = [i for i, size in enumerate(shape) if size in EXAMPLE_SIZES]
            places.setdefault(len(shape), set()).add(where[0] if len(where) == 1 else None if not where else -1)
        axes[name] = {ndim: next(iter(found)) for ndim, found in places.items() if len(found) == 1 and -1 not in found}
    return axes


def one_at_a_time(args: tuple, kwargs: dict, signature) -> tuple[int, list[tuple[int, tuple, dict]]] | None:
    """(m, [(example, args, kwargs), ...]): the call with its batch of m examples cut to each example alone, or
    None when the call cannot be cut so (or m is more than MOST_EXAMPLES)."""
    axes = example_axes(signature)
    names = signature.parameters if signature else ()
    slots = [(names[i] if i < len(names) else None, ("args", i), a) for i, a in enumerate(args)]
    slots += [(k, ("kwargs", k), a) for k, a in kwargs.items()]
    sizes = set()
    for name, _, value in slots:
        for array in _arrays(value):
            if isinstance(array, np.random.Generator):
                return None  # (another batch takes other draws: nothing to compare)
            if name not in axes:
                return None  # an array that no entry describes
            if array.ndim not in axes[name]:
                return None
            axis = axes[name][array.ndim]
            if axis is not None:
                sizes.add(array.shape[axis])
    if len(sizes) != 1 or not 2 <= (m := sizes.pop()) <= MOST_EXAMPLES:
        return None
    calls = []
    for j in range(m):
        cut = {"args": list(args), "kwargs": dict(kwargs)}
        for name, (where, key), value in slots:
            cut[where][key] = _cut(value, axes.get(name, {}), j)
        calls.append((j, tuple(cut["args"]), cut["kwargs"]))
    return m, calls


def where_wrong(right: list[int], wrong: list[int], m: int) -> str | None:
    """What the answers on single examples say (a sentence for the feedback), or None when every one was wrong."""
    if not right:
        return None
    if not wrong:
        return (f"each of the {m} examples alone gives the right answer (one call each), the {m} together do "
                f"not: the mistake is in how the examples are combined (the batch size, a sum or a mean "
                f"over them, the axis of a reduction)")
    return (f"with one example at a time, {_listed(wrong)} give{'s' if len(wrong) == 1 else ''} a wrong answer and "
            f"{_listed(right)} {'gives' if len(right) == 1 else 'give'} the right one")


def _listed(examples: list[int]) -> str:
    return ("example " if len(examples) == 1 else "examples ") + diagnosis.joined([str(j) for j in examples])


def _arrays(value):
    """The arrays (and random generators) in ``value``, its lists, tuples and dicts (as deep as _cut goes)."""
    return (node for node in properties.walk(value) if isinstance(node, (np.ndarray, np.random.Generator)))


def _cut(value, axes: dict[int, int | None], example: int, depth: int = 0):
    if isinstance(value, np.ndarray):
        axis = axes.get(value.ndim)
        return value if axis is None else np.take(value, [example], axis=axis)
    if depth < properties.WALK_DEPTH and isinstance(value, (list, tuple)):
        return type(value)(_cut(v, axes, example, depth + 1) for v in value)
    if depth < properties.WALK_DEPTH and isinstance(value, dict):
        return {k: _cut(v, axes, example, depth + 1) for k, v in value.items()}
    return value
