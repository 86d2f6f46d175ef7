"""course.lazy_pyplot: a graded kernel imports pyplot only when a cell uses it, and a cell that draws still works."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from autograder.kernel import DEFER_PYPLOT, LimitedKernelManager

SCRIPT = textwrap.dedent('''
    import sys
    __import__("course.lazy_pyplot", fromlist=["install"]).install()
    import matplotlib.pyplot as plt
    from course import plotting  # imports pyplot at its top, as the notebooks' set-up cells do
    print("loaded after the imports:", "matplotlib.figure" in sys.modules)
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    from matplotlib import pyplot
    print("drawn:", type(fig).__name__, len(ax.lines), pyplot is sys.modules["matplotlib.pyplot"],
          type(pyplot).__name__, plotting.plt.gcf() is fig)
''')


def test_pyplot_is_imported_at_its_first_use_and_then_works_as_itself():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True,
                         env={"MPLBACKEND": "agg", "PATH": ""}).stdout
    assert "loaded after the imports: False" in out
    assert "drawn: Figure 1 True module True" in out


def test_the_graders_kernels_defer_pyplot():
    manager = LimitedKernelManager(sandbox="none")
    manager.kernel_spec  # noqa: B018 (loads the spec the command is made from)
    assert DEFER_PYPLOT in manager.format_kernel_cmd()
