"""The code passes the linter (ruff, configured in pyproject.toml): the course's modules, tests, benchmarks,
notebooks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_code_passes_the_linter():
    ruff = Path(sys.executable).with_name("ruff")
    command = [str(ruff)] if ruff.exists() else [shutil.which("ruff") or "ruff"]
    out = subprocess.run([*command, "check", "--no-cache", "--output-format", "concise", "."], cwd=REPO,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, f"ruff check . (fix with ruff check --fix .):\n{out.stdout[-6000:]}{out.stderr[-2000:]}"
