"""Benchmark of `xltool import` (issue 5): reports parsed per second by format, and fields read exactly.

Run: python benchmarks/bench_import.py [--runs N]. The corpus is the test fixtures (the sample township report, the
crawled page 001, the official PDF 006 and its extracted text) plus the demo report with 006's tables written through
the project's writers (docx; PDF and HTML by LibreOffice when installed) and two text layouts built from the spec
(numbers printed before labels; a crawled page with every separator lost). Prints two tables; the figures in
docs/import-audit.md come from it.

python benchmarks/bench_import.py --big: the big and hostile inputs of issue 8 (tests/big_inputs.py builds them at
the issue's sizes, and the worst ones just under each limit), each read once in a fresh process; prints the outcome,
the time of the read and the whole process, and the process's peak memory (ru_maxrss). A run longer than --timeout
or bigger than --memory-cap is stopped and shown as such (for measuring older code). Figures in docs/性能.md.

Not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_check import warm  # same timing rules as the check benchmark (run from the repo root)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
TABLE_KEYS = ("table2", "table3", "table4")
AGENCY_KEYS = ("name", "kind", "address", "postcode", "phone", "email", "website")


def _truth(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _generated(folder: Path) -> list[tuple[str, Path, dict]]:
    """The demo report with 006's tables, through wordgen and LibreOffice, and as two text layouts."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_importers import render  # the spec-driven text renderer of the tests

    from xltool.demo import demo_report
    from xltool.model import AnnualReport
    from xltool.writers.docx import write_docx
    from xltool.writers.pdf import convert_to_pdf, find_soffice

    data = demo_report().to_json()
    data.update({k: v for k, v in _truth(FIXTURES / "real/006.tables.json").items() if k in TABLE_KEYS})
    report = AnnualReport.from_json(data)
    out = [("docx", write_docx(report, folder / "demo.docx"), data)]
    if find_soffice():
        out.append(("pdf", convert_to_pdf(folder / "demo.docx", folder / "demo.pdf"), data))
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(
                [
                    find_soffice(),
                    f"-env:UserInstallation={Path(profile).as_uri()}",
                    "--headless",
                    "--convert-to",
                    "html",
                    "--outdir",
                    str(folder),
                    str(folder / "demo.docx"),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
        out.append(("html", folder / "demo.html", data))
    for style in ("numbers_first", "glued"):
        path = folder / f"{style}.txt"
        path.write_text(render(report, style), encoding="utf-8")
        out.append((f"txt ({style})", path, {k: data[k] for k in TABLE_KEYS}))
    return out


def corpus(folder: Path) -> list[tuple[str, Path, dict]]:
    """(format, file, truth) for every report of the corpus."""
    items = [
        ("txt", FIXTURES / "000_0a7990abdff832d1.txt", _truth(FIXTURES / "000_0a7990abdff832d1.tables.json")),
        ("txt (crawled)", FIXTURES / "real/001.txt", _truth(FIXTURES / "real/001.tables.json")),
        ("txt (pdf text)", FIXTURES / "real/006.txt", _truth(FIXTURES / "real/006.tables.json")),
        ("pdf", FIXTURES / "real/006.pdf", _truth(FIXTURES / "real/006.tables.json")),
    ]
    return items + _generated(folder)


def _cells(data: dict) -> list:
    """Every table cell of a Report JSON, in a fixed order."""
    out = list(data["table4"])
    for row in data["table2"].values():
        out += row if isinstance(row, list) else [row]
    for row in data["table3"].values():
        out += row
    return out


def score(path: Path, truth: dict) -> dict[str, int]:
    from xltool.importers import read_report

    result = read_report(path)
    got = result.report.to_json()
    cells = list(zip(_cells(got), _cells({k: truth[k] for k in TABLE_KEYS}), strict=True))
    agency_truth = truth.get("agency") or {}
    if isinstance(agency_truth, str):  # the real fixtures name the agency only
        agency_truth = {"name": agency_truth}
    fields = [(got["agency"][k], agency_truth[k]) for k in AGENCY_KEYS if agency_truth.get(k) is not None]
    if truth.get("year"):
        fields.append((got["year"], truth["year"]))
    return {
        "cells": len(cells),
        "right": sum(a == b for a, b in cells),
        "inferred": len(result.inferred),
        "missing": len(result.missing),
        "fields": len(fields),
        "fields_right": sum(a == b for a, b in fields),
    }


def timing(path: Path, runs: int) -> float:
    from xltool.importers import read_report

    return warm(lambda: read_report(path), runs)


# ---- big and hostile inputs (issue 8) -------------------------------------------------------------------------------

#: Run in a fresh process: read one file, report the outcome, the read's time and the process's peak memory.
_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
start = time.perf_counter()
from xltool.errors import XltoolError
from xltool.importers import read_report
read = time.perf_counter()
try:
    result = read_report(Path(sys.argv[1]))
    outcome = f"读取，未读单元格 {len(result.missing)} 个"
except XltoolError as exc:
    outcome = f"拒绝（{exc.code}：{exc.fields.get('what') or exc.fields.get('reason', '')}）"
end = time.perf_counter()
print(json.dumps({"outcome": outcome, "read": end - read, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


_ISSUE_CASES = 5  # the first five cases are the issue's own


def big_cases() -> list[tuple[str, Callable[[Path], Path]]]:
    """(case, builder writing it into a folder): the issue's cases, then the worst inputs just under each limit."""
    sys.path.insert(0, str(ROOT / "tests"))
    import big_inputs as big

    from xltool.importers.limits import LIMITS
    from xltool.writers.pdf import find_soffice

    rows = LIMITS.table_rows
    per_table = LIMITS.table_cells // 7 - 1  # rows of seven cells under the cell limit of one table
    return [
        ("docx，一张 10,000 行的表格", lambda d: big.docx_long_table(d / "rows.docx", 10_000)),
        ("html，50 MB", lambda d: big.html_padded(d / "big.html", 50)),
        ("txt，100 MB", lambda d: big.txt_padded(d / "big.txt", 100)),
        ("html，嵌套 100,000 层 <div>", lambda d: big.html_deep(d / "deep.html", 100_000)),
        ("html，900 个单元格 rowspan=200 colspan=200", lambda d: big.html_spans(d / "spans.html")),
        (
            f"docx，{min(rows - 1, per_table):,} 行 × 7 列的表格，首列纵向合并（上限内）",
            lambda d: big.docx_long_table(d / "merged.docx", min(rows - 1, per_table), merged_column=True),
        ),
        (
            f"docx，{LIMITS.document_cells // (7 * 100)} 张 100 行 × 7 列的表格（全部表格的单元格数上限内）",
            lambda d: big.docx_long_table(d / "tables.docx", 100, tables=LIMITS.document_cells // 700),
        ),
        (
            f"docx，正文 {LIMITS.docx_blocks - 1000:,} 段（上限内）",
            lambda d: big.docx_paragraphs(d / "paras.docx", LIMITS.docx_blocks - 1000),
        ),
        (
            f"html，一张 {LIMITS.table_cells - 500:,} 格的表格（上限内）",
            lambda d: big.html_table(d / "table.html", LIMITS.table_cells - 500),
        ),
        (
            f"html，嵌套 {LIMITS.html_depth - 10} 层（上限内）",
            lambda d: big.html_deep(d / "nested.html", LIMITS.html_depth - 10),
        ),
        ("html，19 MB（文件上限内，解析后按文字长度拒绝）", lambda d: big.html_padded(d / "19.html", 19)),
        ("txt，9.5 MB（文件上限内，解码后按文字长度拒绝）", lambda d: big.txt_padded(d / "9.txt", 9.5)),
        (
            f"txt，表三区域内 {LIMITS.text_chars - 10_000:,} 字（上限内最慢的读法）",
            lambda d: big.txt_table_padded(d / "table.txt", LIMITS.text_chars - 10_000),
        ),
        (
            "txt，表三每行数字连写成 199 位（拆法过多）",
            lambda d: big.txt_glued_rows(d / "glued.txt", LIMITS.digit_run - 1),
        ),
    ] + (
        [
            (
                "pdf，LibreOffice 生成，页数略低于上限",
                lambda d: big.pdf_padded(d / "near.pdf", (LIMITS.pdf_pages - 9) * 13),
            ),
            (
                "pdf，LibreOffice 生成，页数超过上限",
                lambda d: big.pdf_padded(d / "over.pdf", (LIMITS.pdf_pages + 5) * 13),
            ),
        ]
        if find_soffice()
        else []
    )


def measure(path: Path, timeout: float, cap_mb: int, code: Path | None = None) -> dict:
    """Read ``path`` in a fresh process under a time and memory cap (with the xltool in ``code``, if given)."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap_mb * 2**20, cap_mb * 2**20))

    env = {**os.environ, "PYTHONPATH": str(code)} if code else None
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=cap,
            check=False,
            env=env,
            cwd=path.parent,
        )
    except subprocess.TimeoutExpired:
        return {"outcome": f"超过 {timeout:.0f} s，已停止", "read": None, "peak_mb": None, "total": None}
    total = time.perf_counter() - start
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"outcome": f"失败：{last[:80]}", "read": None, "peak_mb": None, "total": total}
    return {**json.loads(done.stdout.splitlines()[-1]), "total": total}


def main_big(timeout: float, cap_mb: int, code: Path | None, issue_only: bool) -> None:
    print(
        f"Python {platform.python_version()} · {platform.machine()} · 每种情况一个新进程，上限 {timeout:.0f} s、{cap_mb} MB"
        + (f" · 被测代码：{code}" if code else "")
    )
    print()
    print("| 输入 | 文件大小 | 结果 | 读取用时 | 进程总用时 | 内存峰值 |")
    print("|---|---:|---|---:|---:|---:|")
    for name, build in big_cases()[: _ISSUE_CASES if issue_only else None]:
        with tempfile.TemporaryDirectory() as tmp:
            path = build(Path(tmp))
            size = path.stat().st_size / 2**20
            if path.suffix == ".pdf":
                import pdfplumber

                with pdfplumber.open(path) as pdf:
                    name += f"：{len(pdf.pages)} 页"
            m = measure(path, timeout, cap_mb, code)

        def fmt(value, unit: str) -> str:
            return "—" if value is None else f"{value:.2f} {unit}" if unit == "s" else f"{value:.0f} {unit}"

        print(
            f"| {name} | {size:.1f} MB | {m['outcome']} | {fmt(m['read'], 's')} | {fmt(m['total'], 's')} | "
            f"{fmt(m['peak_mb'], 'MB')} |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--big", action="store_true", help="the big and hostile inputs of issue 8")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--memory-cap", type=int, default=3000, help="MB")
    parser.add_argument("--code", type=Path, help="measure the xltool package in this folder (e.g. an older checkout)")
    parser.add_argument("--issue-only", action="store_true", help="only the five cases of issue 8")
    args = parser.parse_args()
    if args.big:
        main_big(args.timeout, args.memory_cap, args.code, args.issue_only)
        return
    print(f"Python {platform.python_version()} · {platform.machine()} · median of {args.runs} warm runs")
    print()
    print("| 格式 | 文件 | 每秒报告数 | 单元格（读对/总数） | 其中推断 | 未读取 | 基本信息与年度（读对/已知） |")
    print("|---|---|---:|---:|---:|---:|---:|")
    totals = dict.fromkeys(("cells", "right", "inferred", "missing", "fields", "fields_right"), 0)
    with tempfile.TemporaryDirectory() as tmp:
        for kind, path, truth in corpus(Path(tmp)):
            s = score(path, truth)
            seconds = timing(path, args.runs)
            for key in totals:
                totals[key] += s[key]
            print(
                f"| {kind} | {path.name} | {1 / seconds:.1f} | {s['right']}/{s['cells']} | {s['inferred']} | "
                f"{s['missing']} | {s['fields_right']}/{s['fields']} |"
            )
    print(
        f"| **合计** | | | **{totals['right']}/{totals['cells']}** | {totals['inferred']} | {totals['missing']} | "
        f"{totals['fields_right']}/{totals['fields']} |"
    )


if __name__ == "__main__":
    main()
