"""Feedback pages that run nothing a submission put in them.

nbgrader writes each student's feedback as an HTML page of the graded notebook.
A submission's own outputs are in it, and nbconvert (``HTMLExporter.sanitize_html``,
set in ``nbgrader_config.py``) cleans their HTML. On top of that, :func:`harden`
gives every page a Content-Security-Policy that lets it run no script at all
and load nothing from the network: images and styles in the page still show;
formulas stay as their LaTeX source.
"""

from __future__ import annotations

from pathlib import Path

POLICY = ("default-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; "
          "img-src data:; style-src 'unsafe-inline'; font-src data:")
META = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'


def harden(page: Path) -> None:
    """Put the policy first in the page's ``<head>``, before anything it could apply to."""
    html = page.read_text(encoding="utf-8")
    if META in html:
        return
    head = html.find("<head>")
    if head < 0:
        raise ValueError(f"{page.name} has no <head>: not a page nbconvert wrote")
    cut = head + len("<head>")
    page.write_text(html[:cut] + "\n" + META + html[cut:], encoding="utf-8")
