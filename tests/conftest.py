"""Shared test helpers: run the CLI in-process, the demo report, a fresh template."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys):
    """Run ``xltool ARGS`` in-process through the real entry point; returns exit code, stdout and stderr."""
    from xltool.cli import run

    def invoke(*args: str | Path) -> CliResult:
        capsys.readouterr()
        try:
            run([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def demo_report():
    from xltool.demo import demo_report as load

    return load()


@pytest.fixture
def sample_tables() -> dict:
    return json.loads((FIXTURES / "000_0a7990abdff832d1.tables.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The web service on a free 127.0.0.1 port for a module's tests; its job folders must be gone afterwards."""
    from web_support import TOKEN, LiveServer, running

    from xltool.web.jobs import JobStore
    from xltool.web.server import create_app

    jobs = JobStore(root=tmp_path_factory.mktemp("jobs"))
    with running(create_app(TOKEN, jobs=jobs)) as base:
        yield LiveServer(base, TOKEN, jobs.root)
    assert not jobs.root.exists(), "the job folders must be removed at exit"
