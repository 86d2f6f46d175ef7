"""The README's picture is drawn from the course's code: the script that draws it must still run."""

from __future__ import annotations

import importlib.util
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_overview_picture_is_drawn_from_the_course(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("overview", DOCS / "overview.py")
    overview = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(overview)
    monkeypatch.setattr(overview, "OUTPUT", tmp_path / "overview.png")
    overview.main()
    assert (tmp_path / "overview.png").stat().st_size > 10_000
    assert (DOCS / "overview.png").exists(), "docs/overview.png is referenced by the README"
