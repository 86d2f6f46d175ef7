"""Where a cell's wrong values go wrong, from the checks around them: other values of the same call, other calls.

After a hidden test cell has run, the judge looks at each failed check that
nothing named or located, beside the checks of the same cell that passed:

* a call that returns several values (a tuple, a dict of gradients), some found
  right: the wrong ones are said by name ("of what cnn_loss returned in one
  call, J is wrong and grads['K1'], ... are right");
* a function called several times, some calls found right: the inputs that set
  a wrong call apart from a right one are said, where they are numbers, shapes
  or dtypes ("found right on a call where stride = 1, and wrong on one where
  stride = 2").

Each is a location (a fact about the answers), never a kind of mistake.
"""

from __future__ import annotations

import numpy as np

from autograder.counterfactuals import is_number
from course import diagnosis

MOST_DIFFERENCES = 3  # inputs told apart; more say little


def by_the_values_found_right(diagnoses: list[dict], printed, reruns, signatures: dict) -> None:
    """A wrong value of a call that returns several, beside values of the same call that checks found right, is
    located there (the mistake is in a step the right ones do not go through). Said once per call."""
    by_call: dict[int, list[dict]] = {}
    for found in _unlocated(diagnoses):
        by_call.setdefault(found["place"][0], []).append(found)
    for index, unlocated in by_call.items():
        function, right = reruns.right_beside(unlocated[0]["place"])
        if not right:
            continue
        wrong = sorted({d["place"][1] for d in diagnoses if (d.get("place") or (None,))[0] == index}, key=repr)
        names = signatures[function].returns if function in signatures else ()
        for found in unlocated:
            found["located"] = True
        printed.write(f"Where: of what {function} returned in one call, {_values(wrong, names)} "
                      f"{'is' if len(wrong) == 1 else 'are'} wrong and {_values(right, names)} "
                      f"{'is' if len(right) == 1 else 'are'} right: the mistake is in a step the right "
                      f"{'one does' if len(right) == 1 else 'ones do'} not go through.\n")


def by_the_calls_found_right(diagnoses: list[dict], printed, reruns) -> None:
    """A wrong call of a function, beside a call of it that checks found right (no check of it failed), is located
    by the inputs that differ between the two, when those are numbers, shapes or dtypes. Said once per function,
    for the pair of calls that differ in the fewest such inputs."""
    failed_calls = {d["place"][0] for d in diagnoses if d.get("place") is not None}
    right_calls = reruns.calls_found_right() - failed_calls
    by_function: dict[str, list[dict]] = {}
    for found in _unlocated(diagnoses):
        by_function.setdefault(reruns.call_of(found["place"][0])[0], []).append(found)
    for function, unlocated in by_function.items():
        pairs = []
        for wrong in sorted({d["place"][0] for d in unlocated}):
            for right in sorted(right_calls):
                if reruns.call_of(right)[0] == function:
                    told = differences(reruns.call_of(wrong)[1:], reruns.call_of(right)[1:],
                                       reruns.parameters.get(function, ()))
                    if told and len(told) <= MOST_DIFFERENCES:
                        pairs.append(told)
        if not pairs:
            continue
        told = min(pairs, key=len)
        for found in unlocated:
            found["located"] = True
        printed.write(f"Where: a value {function} returned was found right on a call of this cell where "
                      f"{diagnosis.joined([r for _, _, r in told])}, and wrong on one where "
                      f"{diagnosis.joined([w for _, w, _ in told])}.\n")


def differences(wrong: tuple[tuple, dict], right: tuple[tuple, dict], names: tuple = ()) \
        -> list[tuple[str, str, str]] | None:
    """(input, as in the wrong call, as in the right call) for each input whose number, shape or dtype differs; None
    when the calls do not have the same inputs (arguments given otherwise, a list of another length)."""
    (wrong_args, wrong_kwargs), (right_args, right_kwargs) = wrong, right
    if len(wrong_args) != len(right_args) or set(wrong_kwargs) != set(right_kwargs):
        return None
    told = []
    pairs = [(names[i] if i < len(names) else f"argument {i + 1}", a, b)
             for i, (a, b) in enumerate(zip(wrong_args, right_args))]
    pairs += [(k, wrong_kwargs[k], right_kwargs[k]) for k in wrong_kwargs]
    for name, a, b in pairs:
        if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
            if a.shape != b.shape:
                told.append((name, f"{name} has shape {a.shape}", f"{name} has shape {b.shape}"))
            elif a.dtype != b.dtype:
                told.append((name, f"{name} is {a.dtype}", f"{name} is {b.dtype}"))
        elif is_number(a) and is_number(b):
            if a != b:
                told.append((name, f"{name} = {a!r}", f"{name} = {b!r}"))
        elif type(a) is not type(b):
            return None
    return told


def _unlocated(diagnoses: list[dict]) -> list[dict]:
    return [d for d in diagnoses if d.get("place") is not None and not d.get("located")]


def _values(paths: list[tuple], names: tuple) -> str:
    """Paths in a result, as a student reads them: dK (a name the docstring gives a place of a tuple), ['dW1']."""
    said = [names[p[0]] + "".join(f"[{k!r}]" for k in p[1:]) if p and isinstance(p[0], int) and p[0] < len(names)
            else "".join(f"[{k!r}]" for k in p) for p in paths]
    return diagnosis.joined(said)
