"""Benchmark of `xltool import` (issue 5): reports parsed per second by format, and fields read exactly.

Run: python benchmarks/bench_import.py [--runs N]. The corpus is the test fixtures (the sample township report, the
crawled page 001, the official PDF 006 and its extracted text) plus the demo report with 006's tables written through
the project's writers (docx; PDF and HTML by LibreOffice when installed) and two text layouts built from the spec
(numbers printed before labels; a crawled page with every separator lost). Prints two tables; the figures in
docs/import-audit.md come from it. Not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
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
    from xltool.writers.docx import convert_to_pdf, find_soffice, write_docx

    data = demo_report().to_json()
    data.update({k: v for k, v in _truth(FIXTURES / "real/006.tables.json").items() if k in TABLE_KEYS})
    report = AnnualReport.from_json(data)
    out = [("docx", write_docx(report, folder / "demo.docx"), data)]
    if find_soffice():
        out.append(("pdf", convert_to_pdf(folder / "demo.docx", folder / "demo.pdf"), data))
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run([find_soffice(), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                            "--convert-to", "html", "--outdir", str(folder), str(folder / "demo.docx")],
                           check=True, capture_output=True, timeout=180)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
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
            print(f"| {kind} | {path.name} | {1 / seconds:.1f} | {s['right']}/{s['cells']} | {s['inferred']} | "
                  f"{s['missing']} | {s['fields_right']}/{s['fields']} |")
    print(f"| **合计** | | | **{totals['right']}/{totals['cells']}** | {totals['inferred']} | {totals['missing']} | "
          f"{totals['fields_right']}/{totals['fields']} |")


if __name__ == "__main__":
    main()
