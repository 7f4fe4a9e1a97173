"""The docs cannot drift: the rules catalogue is generated from the spec, every command has help and is in the README."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from xltool.cli import app

ROOT = Path(__file__).parent.parent


def test_rules_catalogue_is_current():
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "docs/规则清单.md"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, (
        "docs/规则清单.md is stale: run python -m cogapp -r docs/规则清单.md\n" + result.stdout
    )


def _commands(group=None, prefix=""):
    group = group or typer.main.get_command(app)
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", command


@pytest.mark.parametrize(("name", "command"), list(_commands()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_has_chinese_help_and_is_in_the_readme(name, command):
    assert command.help and any("\u4e00" <= ch <= "\u9fff" for ch in command.help)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = name.split()[0]
    assert f"xltool {first}" in readme, f"README does not mention xltool {name}"
