"""The code stays as the formatter and the linter leave it (ruff, configured in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATHS = ["xltool", "tests", "benchmarks"]


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"
    return subprocess.run([ruff, *args, *PATHS], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_code_is_formatted():
    result = _ruff("format", "--check")
    assert result.returncode == 0, "run: ruff format xltool tests benchmarks\n" + result.stdout


def test_code_passes_the_linter():
    result = _ruff("check")
    assert result.returncode == 0, result.stdout
