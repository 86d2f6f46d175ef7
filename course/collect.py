"""The kernel's side of a graded call: run one student function on the grader's inputs, send back its raw result.

While a notebook is graded, the grader (``autograder.judge``) runs each hidden
test in its own process. Each time the test calls a student's function, the
grader executes ``serve(request)`` in the student's kernel (not stored in the
history): the request holds the function's name and its arguments as data
(``course.wire``), and the reply, published as a display output of type
:data:`MIME`, holds the function's raw result (or the exception it raised) and
every argument the call changed in place. An argument keeps the grader's key
(``"ref"``) here, so a result that holds it, or a later call it is passed to
again, refers to the same object, as it would in one process. No expected value, reference or
verdict is ever sent here; whatever this module replies is judged by the
grader, so a kernel that rewrites it can only report what its own code computed.
"""

from __future__ import annotations

import builtins
import importlib
import json
import linecache
import traceback
import warnings

import numpy as np

from course import wire

MIME = "application/vnd.backprop-course.call+json"
MAX_MESSAGE = 2000  # characters of an exception's message that are sent back
MAX_LINE = 200  # characters of the line that raised

_handles: dict[int, object] = {}  # objects a result refers to, kept for the calls that pass them back
_handle_of: dict[int, int] = {}  # id(object) -> its handle (the object is kept alive by _handles)
_shared: dict[int, object] = {}  # the grader's key -> this kernel's copy of an argument it sent
_key_of: dict[int, int] = {}  # id(object) -> its key (the object is kept alive by _shared)


def _encode_other(value) -> dict:
    """What cannot travel as data stays here, as a handle the grader can pass back."""
    handle = _handle_of.get(id(value))
    if handle is None:
        handle = _handle_of[id(value)] = len(_handles) + 1
        _handles[handle] = value
    return {"handle": handle, "type": type(value).__name__}


class _Resolver:
    def __init__(self, namespace: dict) -> None:
        self.namespace = namespace
        self.codec = wire.Codec(_encode_other, self.resolve, self.key_of, self.shared)
        self.touched: dict[int, str] = {}  # keys of the shared objects this request holds, and their value before

    @staticmethod
    def key_of(value) -> int | None:
        key = _key_of.get(id(value))
        return key if key is not None and _shared.get(key) is value else None

    def shared(self, key: int, value):
        """The kernel's copy of the grader's object ``key``, holding ``value`` (the same object as before if it can)."""
        existing = _shared.get(key)
        if existing is None or not wire.update_in_place(existing, value):
            _shared[key] = existing = value
            _key_of[id(value)] = key
        self.touched[key] = ""
        return existing

    def resolve(self, data: dict):
        if "function" in data:
            name = data["function"]
            if name not in self.namespace:
                raise NameError(f"name {name!r} is not defined: run the cell that defines it")
            return self.namespace[name]
        if "numpy" in data:
            found = wire.resolve_numpy(data["numpy"])
            if found is None:
                raise wire.WireError(f"np.{data['numpy']} does not exist")
            return found
        if "module" in data:
            return importlib.import_module(data["module"])
        if "handle" in data:
            return _handles[data["handle"]]
        if "object" in data:
            module, _, name = data["object"].rpartition(".")
            cls = getattr(importlib.import_module(module), name)
            obj = cls.__new__(cls)
            obj.__dict__.update(self.codec.decode(data["state"]))
            return obj
        if "source" in data:
            return self._function(data)
        raise wire.WireError(f"unknown reference {sorted(data)[:3]}")

    def _function(self, data: dict):
        namespace = {"__builtins__": builtins, "np": np, **self.codec.decode(data["env"])}
        code = data["source"]
        if data.get("name"):
            exec(compile(code, "<grader>", "exec"), namespace)
            function = namespace[data["name"]]
        else:
            function = eval(compile(f"(\n{code}\n)", "<grader>", "eval"), namespace)
        if data.get("defaults") is not None:
            function.__defaults__ = self.codec.decode(data["defaults"])
        if data.get("kwdefaults") is not None:
            function.__kwdefaults__ = self.codec.decode(data["kwdefaults"])
        return function


def _raised_where(exc: BaseException) -> dict | None:
    """The line of a notebook cell's code where ``exc`` was raised (the innermost frame of code a cell defined, not
    of a module or of the grader's), or None: {"function", "line" (1 for the def line), "code"}."""
    where = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        code = frame.f_code
        cached = linecache.cache.get(code.co_filename)
        if cached is None or cached[1] is not None:  # (a cell's code is cached with no modification time)
            continue
        where = {"function": code.co_name, "line": lineno - code.co_firstlineno + 1,
                 "code": linecache.getline(code.co_filename, lineno).strip()[:MAX_LINE]}
    return where


def handle(request: dict, namespace: dict) -> dict:
    """Run one request against ``namespace`` (the notebook's globals); the reply as a dict."""
    resolver = _Resolver(namespace)
    codec = resolver.codec
    reply: dict = {"id": request.get("id")}
    try:
        function = codec.decode(request["function"])
        args = list(codec.decode(request["args"]))
        kwargs = codec.decode(request["kwargs"])
    except Exception as exc:
        return reply | {"setup_error": f"{type(exc).__name__}: {exc}"[:MAX_MESSAGE]}
    for key in resolver.touched:
        resolver.touched[key] = json.dumps(codec.encode(_shared[key]))
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")  # overflow and the like show up in the values
        try:
            result = function(*args, **kwargs)
        except Exception as exc:  # the student's bug: reported, judged by the grader
            return reply | {"raised": type(exc).__name__, "message": str(exc)[:MAX_MESSAGE],
                            "not_implemented": isinstance(exc, NotImplementedError),
                            "where": _raised_where(exc)}
    try:
        reply["result"] = codec.encode(result)
    except wire.WireError as exc:
        return reply | {"unsendable": str(exc)[:MAX_MESSAGE]}
    changed = []  # the grader's objects this call changed in place, by their key
    for key, was in resolver.touched.items():
        now = codec.encode(_shared[key])
        if json.dumps(now) != was:
            changed.append(now)
    reply["changed"] = changed
    return reply


def serve(request_json: str) -> None:
    """In a kernel: answer the grader's request with a display output of type :data:`MIME`."""
    from IPython import get_ipython
    from IPython.display import publish_display_data

    shell = get_ipython()
    namespace = shell.user_ns if shell is not None else {}
    publish_display_data({MIME: handle(json.loads(request_json), namespace)}, metadata={})
