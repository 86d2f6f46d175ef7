"""Check records: what each test check saw, published as an output the grader reads back.

While a notebook is autograded, every check in :mod:`course.testing` also
publishes a record (the value it checked and its tolerance) as a display output
of this MIME type. The grader re-does the comparison in its own process,
against the records of the reference solution run on the same seeded inputs,
so a submission that patches numpy, builtins or :mod:`course.testing` in its
kernel cannot turn a failed check into a pass. Records are not shown to anyone.
"""

from __future__ import annotations

import base64
import os

import numpy as np

MIME = "application/vnd.backprop-course.check+json"
MAX_ENTRIES = 200_000  # a larger value is recorded by shape only


def recording() -> bool:
    """True while nbgrader (or the course's grader) autogrades this kernel."""
    return os.environ.get("NBGRADER_EXECUTION") == "autograde"


def encode(value) -> dict:
    """A JSON-able form of an array-like value (float64, exact), or of its type when it is not one."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return {"type": type(value).__name__}
    if array.size > MAX_ENTRIES:
        return {"shape": list(array.shape), "too_large": True}
    return {"shape": list(array.shape), "float64": base64.b64encode(np.ascontiguousarray(array).tobytes()).decode()}


def decode(encoded: dict):
    """The array :func:`encode` recorded, or None when it recorded no values."""
    if not isinstance(encoded, dict) or "float64" not in encoded:
        return None
    data = np.frombuffer(base64.b64decode(encoded["float64"]), dtype=np.float64)
    return data.reshape(encoded["shape"])
