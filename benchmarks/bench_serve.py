"""Benchmark of `xltool serve` (issue 12): server start, a warm workbook check, and a batch of 50 txt reports.

Run from the repo root: python benchmarks/bench_serve.py [--runs N]. Prints one table; docs/性能.md records it.
Not a test: timings depend on the machine, so nothing here asserts.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from bench_check import print_rows, runs_argument, warm

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "fixtures" / "000_0a7990abdff832d1.txt"


def start_server() -> tuple[subprocess.Popen, str, str, float]:
    """Launch `xltool serve` as a clerk does; seconds until its page answers."""
    began = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "xltool", "serve", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    url = re.search(r"(http://127\.0\.0\.1:\d+)/\?token=(\S+)", line)
    if url is None:
        proc.kill()
        raise SystemExit(f"xltool serve did not print its address: {line!r}")
    base, token = url.group(1), url.group(2)
    while True:
        try:
            if httpx.get(f"{base}/?token={token}", timeout=5).status_code in (200, 303):
                break
        except httpx.TransportError:
            time.sleep(0.01)
    return proc, base, token, time.perf_counter() - began


def main() -> None:
    runs = runs_argument(__doc__)
    from xltool import build_workbook
    from xltool.demo import demo_report

    starts = []
    for _ in range(runs):
        proc, *_rest, seconds = start_server()
        starts.append(seconds)
        proc.terminate()
        proc.wait(10)
    proc, base, token, _seconds = start_server()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            book = Path(tmp) / "年报.xlsx"
            build_workbook(book, demo_report())
            data, text = book.read_bytes(), SAMPLE.read_bytes()
            client = httpx.Client(base_url=base, params={"token": token}, timeout=120)
            files = [("files", (f"报告{i:02d}.txt", text)) for i in range(50)]
            rows = [
                ("服务启动（进程启动到页面可访问）", statistics.median(starts)),
                (
                    "热校验 POST /api/check（演示工作簿）",
                    warm(lambda: client.post("/api/check", files={"file": ("年报.xlsx", data)}), runs * 3),
                ),
                (
                    "批量审核 POST /api/audit（50 份 txt）",
                    warm(lambda: client.post("/api/audit", files=files), max(3, runs // 2)),
                ),
            ]
    finally:
        proc.terminate()
        proc.wait(10)
    print_rows(rows, runs, width=40)


if __name__ == "__main__":
    main()
