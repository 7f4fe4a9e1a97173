"""Benchmark of `xltool check` (issue 2): cold CLI, warm validation, and reading against calamine's raw read.

Run: python benchmarks/bench_check.py [--runs N]. Prints one table; the figures in docs/性能.md come from it.
Not a test: timings depend on the machine, so nothing here asserts.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def cold(cmd: list[str], runs: int) -> float:
    """Median wall time of a fresh process, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def warm(fn, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def runs_argument(description: str | None) -> int:
    """The benchmarks' one option: how many runs each median is taken over."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=7)
    return parser.parse_args().runs


def print_rows(rows: list[tuple[str, float]], runs: int, width: int = 44) -> None:
    """The machine, then one line per measurement in milliseconds."""
    print(f"# {platform.processor() or platform.machine()} · {platform.python_version()} · runs={runs}")
    for name, seconds in rows:
        print(f"{name:<{width}} {seconds * 1000:8.1f} ms")


def main() -> None:
    runs = runs_argument(__doc__)

    from python_calamine import CalamineWorkbook

    from xltool.demo import demo_report
    from xltool.readers.xlsx import read_workbook
    from xltool.rules import audit_report
    from xltool.rules.tables import validate
    from xltool.writers.workbook import build_workbook

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "年报.xlsx"
        build_workbook(path, demo_report())
        report = read_workbook(path)

        def raw_read() -> None:
            book = CalamineWorkbook.from_path(str(path))
            for name in book.sheet_names:
                book.get_sheet_by_name(name).to_python()

        rows = [
            ("冷启动 xltool check（进程）", cold([sys.executable, "-m", "xltool", "check", str(path)], runs)),
            ("下限：python -c 'import pandera.pandas'", cold([sys.executable, "-c", "import pandera.pandas"], runs)),
            ("冷启动 import xltool", cold([sys.executable, "-c", "import xltool"], runs)),
            ("热校验 validate(report)（表格规则）", warm(lambda: validate(report), runs * 5)),
            ("热校验 audit_report(report)（全部规则）", warm(lambda: audit_report(report), runs * 5)),
            ("读取 read_workbook(path)", warm(lambda: read_workbook(path), runs * 5)),
            ("对照：calamine 读取全部工作表", warm(raw_read, runs * 5)),
        ]
    print_rows(rows, runs)
    check, floor = rows[0][1], rows[1][1]
    print(f"{'冷启动 check 高出下限':<44} {(check - floor) * 1000:8.1f} ms   （目标 ≤ 500 ms）")


if __name__ == "__main__":
    main()
