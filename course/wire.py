"""Values as plain JSON data, for the grader and a student's kernel to exchange (arrays as base64).

The grader calls a student's function by sending its arguments to the kernel
and reading the raw result back (see ``course.collect`` and
``autograder.judge``). Both directions use this one format, and nothing in it
is ever unpickled or executed by the grader:

* ``None``, ``bool``, ``int``, ``float`` and ``str`` are themselves;
* ``{"list": [...]}``, ``{"tuple": [...]}``, ``{"dict": [[key, value], ...]}``;
* ``{"array": dtype, "shape": [...], "data": base64}`` and ``{"scalar": dtype, "data": base64}``,
  for the dtypes in :data:`DTYPES` only;
* any array, list or dict may carry ``"ref": key``: the same object on both sides
  (the grader's key), so that a result that holds an argument, or a call that
  changes one in place, does to the grader's copy what it did in the kernel;
* references the two sides resolve their own way (:class:`Codec` hooks):
  ``{"function": name}`` (a student's function), ``{"numpy": "linalg.norm"}``,
  ``{"module": "numpy"}``, ``{"source": code, ...}`` (a function the grader
  wrote, sent as its code and the values it uses), ``{"object": "module.Class",
  "state": {...}}`` and ``{"handle": n, "type": name}`` (an object that stays in the kernel).
"""

from __future__ import annotations

import base64
import json
import math
from typing import Any, Callable

import numpy as np

DTYPES = frozenset({"float64", "float32", "float16", "int64", "int32", "int16", "int8",
                    "uint64", "uint32", "uint16", "uint8", "bool", "complex128", "complex64"})
MAX_DEPTH = 40
MAX_BYTES = 256 * 2**20  # of array data in one value


class WireError(ValueError):
    """A value that cannot be sent, or data that is not a value of this format."""


def _array_dtype(name) -> np.dtype:
    if name not in DTYPES:
        raise WireError(f"an array of dtype {name!r} cannot be sent")
    return np.dtype(name)


class Codec:
    """Encodes and decodes values; the hooks say what becomes of the references.

    ``encode_other(value)`` returns the tagged dict of a value that is not plain
    data (a function, an object), or raises :class:`WireError`;
    ``decode_reference(tagged)`` turns such a dict back into a value.
    """

    def __init__(self, encode_other: Callable[[Any], dict] | None = None,
                 decode_reference: Callable[[dict], Any] | None = None,
                 key_of: Callable[[Any], int | None] | None = None,
                 shared: Callable[[int, Any], Any] | None = None) -> None:
        self.encode_other = encode_other or _refuse
        self.decode_reference = decode_reference or _refuse_reference
        self.key_of = key_of or (lambda value: None)  # the "ref" of an array, list or dict, if it has one
        self.shared = shared or (lambda key, value: value)  # the object a decoded "ref" stands for

    # ---------------------------------------------------------------- encoding

    def encode(self, value, _depth: int = 0):
        if _depth > MAX_DEPTH:
            raise WireError(f"a value nested more than {MAX_DEPTH} deep cannot be sent")
        if value is None or isinstance(value, (bool, str)):
            return value
        if isinstance(value, int) and type(value) is int:
            return value
        if isinstance(value, float) and type(value) is float:
            return value if math.isfinite(value) else {"float": repr(value)}
        if isinstance(value, np.generic) and value.dtype.name in DTYPES:
            return {"scalar": value.dtype.name, "data": base64.b64encode(value.tobytes()).decode()}
        if type(value) is tuple:
            return {"tuple": [self.encode(v, _depth + 1) for v in value]}
        if type(value) is np.ndarray:
            _array_dtype(value.dtype.name)
            encoded = {"array": value.dtype.name, "shape": list(value.shape),
                       "data": base64.b64encode(value.tobytes(order="C")).decode()}
        elif type(value) is list:
            encoded = {"list": [self.encode(v, _depth + 1) for v in value]}
        elif type(value) is dict:
            encoded = {"dict": [[self.encode(k, _depth + 1), self.encode(v, _depth + 1)] for k, v in value.items()]}
        else:
            return self.encode_other(value)
        key = self.key_of(value)
        if key is not None:
            encoded["ref"] = key
        return encoded

    def dumps(self, value) -> str:
        return json.dumps(self.encode(value))

    # ---------------------------------------------------------------- decoding

    def decode(self, data, _depth: int = 0, _budget: list | None = None):
        budget = _budget if _budget is not None else [MAX_BYTES]
        if _depth > MAX_DEPTH:
            raise WireError(f"data nested more than {MAX_DEPTH} deep")
        if data is None or isinstance(data, (bool, str, int, float)):
            return data
        if isinstance(data, list):
            raise WireError("a bare list is not a value of this format")
        if not isinstance(data, dict):
            raise WireError(f"{type(data).__name__} is not a value of this format")
        if "tuple" in data:
            return tuple(self.decode(v, _depth + 1, budget) for v in _items(data["tuple"]))
        if "float" in data:
            if data["float"] not in ("nan", "inf", "-inf"):
                raise WireError("a float that is not nan or inf")
            return float(data["float"])
        if "scalar" in data:
            return _decode_numeric(data, budget)
        if "list" in data:
            value = [self.decode(v, _depth + 1, budget) for v in _items(data["list"])]
        elif "dict" in data:
            pairs = [_pair(p) for p in _items(data["dict"])]
            value = {_hashable(self.decode(k, _depth + 1, budget)): self.decode(v, _depth + 1, budget)
                     for k, v in pairs}
        elif "array" in data:
            value = _decode_numeric(data, budget)
        else:
            return self.decode_reference(data)
        key = data.get("ref")
        if key is None:
            return value
        if not (isinstance(key, int) and not isinstance(key, bool)):
            raise WireError("a ref must be an integer")
        return self.shared(key, value)

    def loads(self, text: str):
        return self.decode(json.loads(text))


def _items(value) -> list:
    if not isinstance(value, list):
        raise WireError("a container's items must be a list")
    return value


def _pair(value) -> tuple:
    if not (isinstance(value, list) and len(value) == 2):
        raise WireError("a dict item must be a [key, value] pair")
    return value[0], value[1]


def _hashable(key):
    try:
        hash(key)
    except TypeError:
        raise WireError(f"a dict key of type {type(key).__name__}") from None
    return key


def _decode_numeric(data: dict, budget: list):
    dtype = _array_dtype(data.get("array") or data.get("scalar"))
    if not isinstance(data.get("data"), str):
        raise WireError("an array without its data")
    raw = base64.b64decode(data["data"], validate=True)
    budget[0] -= len(raw)
    if budget[0] < 0:
        raise WireError(f"more than {MAX_BYTES // 2**20} MB of array data in one value")
    if "scalar" in data:
        if len(raw) != dtype.itemsize:
            raise WireError("a scalar of the wrong size")
        return np.frombuffer(raw, dtype=dtype)[0]
    shape = data.get("shape")
    if not (isinstance(shape, list) and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape)):
        raise WireError("an array's shape must be a list of sizes")
    if math.prod(shape) * dtype.itemsize != len(raw):
        raise WireError(f"an array of shape {tuple(shape)} with {len(raw)} bytes of data")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def update_in_place(target, value) -> bool:
    """Make ``target`` (an array, list or dict) hold ``value``, keeping it the same object; False if it cannot."""
    if type(target) is np.ndarray and type(value) is np.ndarray:
        if target.shape != value.shape or target.dtype != value.dtype or not target.flags.writeable:
            return False
        np.copyto(target, value)
        return True
    if type(target) is list and type(value) is list:
        target[:] = value
        return True
    if type(target) is dict and type(value) is dict:
        target.clear()
        target.update(value)
        return True
    return False


def _refuse(value):
    raise WireError(f"a value of type {type(value).__name__} cannot be sent")


def _refuse_reference(data: dict):
    raise WireError(f"unexpected reference {sorted(data)[:3]}")


def numpy_name(value) -> str | None:
    """``"sin"`` for ``np.sin``, ``"linalg.norm"`` for ``np.linalg.norm``: a numpy function by its public name."""
    module = getattr(value, "__module__", None) or ""
    name = getattr(value, "__name__", None)
    if not name or not (isinstance(value, np.ufunc) or module == "numpy" or module.startswith("numpy.")):
        return None
    for prefix in ("", "linalg.", "fft.", "random."):
        if resolve_numpy(prefix + name) is value:
            return prefix + name
    return None


def resolve_numpy(path: str):
    """The numpy attribute ``path`` names (``"linalg.norm"``), or None."""
    target = np
    for part in str(path).split("."):
        if not part.isidentifier() or part.startswith("_"):
            return None
        target = getattr(target, part, None)
        if target is None:
            return None
    return target if callable(target) else None
