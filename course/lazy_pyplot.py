"""A stand-in for ``matplotlib.pyplot`` that imports it at its first use, for the kernels that grade a notebook.

A graded notebook's set-up cell imports pyplot, but the grader skips the cells
that only draw (``skip-when-grading``): importing pyplot is then most of a
kernel's start-up (about 0.4 s of every submission). :func:`install` puts a
module in ``sys.modules`` whose first attribute looked up imports the real
pyplot and hands that attribute on, so a cell that does draw works as before.
The grader's kernels run it at start-up (``autograder.kernel``); nothing else does.
"""

from __future__ import annotations

import importlib
import sys
import types

NAME = "matplotlib.pyplot"


class _DeferredPyplot(types.ModuleType):
    """``matplotlib.pyplot`` until it is used: every attribute comes from the real module, imported then."""

    def __getattr__(self, attribute: str):
        if attribute.startswith("__") and attribute.endswith("__"):  # the import system asks for these
            raise AttributeError(attribute)
        return getattr(_real(), attribute)

    def __dir__(self):
        return dir(_real())


def _real() -> types.ModuleType:
    module = sys.modules.get(NAME)
    if isinstance(module, _DeferredPyplot):
        del sys.modules[NAME]
        module = importlib.import_module(NAME)  # also sets matplotlib.pyplot to the real module
    return module


def install() -> None:
    """Defer pyplot's import until it is used (nothing to do once it is imported)."""
    if NAME in sys.modules:
        return
    import matplotlib

    stand_in = _DeferredPyplot(NAME, "matplotlib.pyplot, imported at its first use")
    stand_in.__spec__ = importlib.util.find_spec(NAME)  # what `import matplotlib.pyplot` checks; imports nothing
    sys.modules[NAME] = stand_in
    matplotlib.pyplot = stand_in
