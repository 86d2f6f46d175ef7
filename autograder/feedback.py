"""Feedback pages that run nothing a submission put in them, and show their formulas with no script and no network.

nbgrader writes each student's feedback as an HTML page of the graded notebook.
A submission's own outputs are in it, and nbconvert (``HTMLExporter.sanitize_html``,
set in ``nbgrader_config.py``) cleans their HTML. On top of that, :func:`harden`
gives every page a Content-Security-Policy that lets it run no script at all
and load nothing from the network (images and styles in the page still show),
and drops the template's MathJax loader, which that policy would block anyway.
:class:`MathsRenderer` then typesets the page's formulas as inline SVG with
MathJax run by node (``mathjax/render.js``, installed by ``./course.sh setup``):
the page shows them offline, under that policy. Where node or MathJax is
missing, formulas stay as their LaTeX source (``maths_problem`` says why).
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path

POLICY = ("default-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; "
          "img-src data:; style-src 'unsafe-inline'; font-src data:")
META = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
RENDER_JS = Path(__file__).parent / "mathjax" / "render.js"
# nbconvert's template loads MathJax 2 from a CDN and configures it in a script of its own
_MATHJAX_SCRIPTS = re.compile(r'<script[^>]*src="[^"]*mathjax[^"]*"[^>]*>\s*</script>'
                              r'|<script type="text/x-mathjax-config">.*?</script>', re.S | re.I)


def harden(page: Path) -> None:
    """Put the policy first in the page's ``<head>``, before anything it could apply to."""
    html = page.read_text(encoding="utf-8")
    if META in html:
        return
    head = html.find("<head>")
    if head < 0:
        raise ValueError(f"{page.name} has no <head>: not a page nbconvert wrote")
    cut = head + len("<head>")
    html = html[:cut] + "\n" + META + _MATHJAX_SCRIPTS.sub("", html[cut:])
    page.write_text(html, encoding="utf-8")


def mathjax_modules() -> Path:
    """Where ``./course.sh setup`` installs MathJax: next to the virtual environment's packages."""
    return Path(os.environ.get("COURSE_MATHJAX_DIR") or Path(sys.prefix) / "mathjax") / "node_modules"


def maths_problem() -> str | None:
    """None if feedback pages' formulas can be typeset here, else why not."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (mathjax_modules() / "mathjax-full").is_dir():
        return f"MathJax is not installed in {mathjax_modules()} (./course.sh setup installs it)"
    return None


class MathsRenderer:
    """One node process that typesets the formulas of page after page (its start-up is paid once)."""

    def __init__(self, timeout: float = 120) -> None:
        self.timeout = timeout
        self.problem = maths_problem()
        self._process: subprocess.Popen | None = None

    def _start(self) -> subprocess.Popen:
        if self._process is None or self._process.poll() is not None:
            env = dict(os.environ, NODE_PATH=str(mathjax_modules()))
            self._process = subprocess.Popen(["node", str(RENDER_JS)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                             stderr=subprocess.DEVNULL, text=True, env=env)
        return self._process

    def render(self, page: Path) -> int:
        """Typeset ``page``'s formulas in place; the number of formulas. Raises if it could not."""
        if self.problem:
            raise RuntimeError(f"formulas not typeset: {self.problem}")
        if "\n" in str(page):
            raise ValueError(f"a page's path has a line break: {page!r}")
        process = self._start()
        process.stdin.write(f"{Path(page).resolve()}\n")
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], self.timeout)
        line = process.stdout.readline() if ready else ""
        if not line:
            self.close()
            raise RuntimeError(f"formulas not typeset: MathJax gave no answer within {self.timeout:g} s")
        reply = json.loads(line)
        if "error" in reply:
            raise RuntimeError(f"formulas not typeset: {reply['error']}")
        return int(reply["formulas"])

    def close(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None

    def __enter__(self) -> "MathsRenderer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
