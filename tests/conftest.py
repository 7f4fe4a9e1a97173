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


# ---- markers: `pytest -m "not office and not remote and not browser"` is the fast loop --------------------------------

#: Modules whose every test needs LibreOffice (to render, convert or recalculate), the xlwings remote engine, or a browser.
_MODULE_MARKS = {
    "test_word_render.py": "office",
    "test_livecheck_libreoffice.py": "office",
    "test_converter_matrix.py": "office",
    "test_word_layout.py": "office",
    "test_addin.py": "remote",
    "test_web_browser.py": "browser",
}
#: Fixtures that start LibreOffice.
_OFFICE_FIXTURES = {"recalculated", "matrix", "converted"}


def _needs_office(item: pytest.Item) -> bool:
    """A test that is skipped without LibreOffice, or that uses a fixture which runs it."""
    reasons = " ".join(str(m.kwargs.get("reason", "")) for m in item.iter_markers("skipif"))
    return (
        "soffice" in reasons
        or "LibreOffice" in reasons
        or bool(_OFFICE_FIXTURES & set(getattr(item, "fixturenames", ())))
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        mark = _MODULE_MARKS.get(item.path.name)
        if mark:
            item.add_marker(mark)
        if mark != "office" and _needs_office(item):
            item.add_marker("office")
