"""Shared by the web tests: a real uvicorn server on 127.0.0.1 in a thread, and workbooks made the clerk's way."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TOKEN = "test-token-" + "x" * 21


@dataclass
class LiveServer:
    base: str  # http://127.0.0.1:PORT
    token: str
    jobs_root: Path

    @property
    def entry(self) -> str:
        """The address ``xltool serve`` prints: the page with the launch token."""
        return f"{self.base}/?token={self.token}"


@contextlib.contextmanager
def running(app) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free 127.0.0.1 port in a thread, as ``xltool serve`` does; yields the base URL."""
    import uvicorn

    from xltool.web.server import bind

    sock = bind(0)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "web server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(20)


def demo_workbook(folder: Path, name: str = "兴仁镇2024年报.xlsx") -> Path:
    """The demo report's workbook as ``xltool new --from`` makes it (T-9 warning only: a report may be written)."""
    from xltool import build_workbook
    from xltool.demo import demo_report

    path = folder / name
    build_workbook(path, demo_report())
    return path


def broken_workbook(folder: Path, name: str = "有错误的年报.xlsx") -> Path:
    """The demo workbook with one typing slip in table 三: 自然人 本年新收 1 → 5, so its row and column sums break."""
    from xltool import build_workbook
    from xltool.demo import demo_report

    report = demo_report()
    report.set("table3", "一、本年新收政府信息公开申请数量", "自然人", 5)
    path = folder / name
    build_workbook(path, report)
    return path
