"""Benchmark of `xltool report` (issue 3): cold CLI process, warm in-process generation, and the PDF conversion.

Run: python benchmarks/bench_report.py [--runs N]. Prints one table; the figures in docs/word-report.md come from it.
Not a test: timings depend on the machine, so nothing here asserts.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bench_check import (  # same timing rules as the check benchmark (run from the repo root)
    cold,
    print_rows,
    runs_argument,
    warm,
)


def main() -> None:
    runs = runs_argument(__doc__)

    from xltool import build_workbook, check, read_workbook
    from xltool.demo import demo_report
    from xltool.writers.docx import render_docx, write_docx
    from xltool.writers.pdf import convert_to_pdf, find_soffice
    from xltool.writers.wordtemplate import build_template

    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "年报.xlsx"
        build_workbook(book, demo_report())
        out = Path(tmp) / "年报.docx"
        report = read_workbook(book)
        rows = [
            ("冷启动 xltool report（进程，含校验）", cold([sys.executable, "-m", "xltool", "report", str(book)], runs)),
            ("冷启动 import xltool", cold([sys.executable, "-c", "import xltool"], runs)),
            ("热生成 write_docx(report)", warm(lambda: write_docx(report, out), runs * 3)),
            ("  其中 render_docx（填写模板）", warm(lambda: render_docx(report), runs * 3)),
            ("  对照：build_template（代码生成模板）", warm(build_template, runs * 3)),
            ("热校验 check(workbook)", warm(lambda: check(book), runs * 3)),
        ]
        if find_soffice():
            rows.append(("PDF：convert_to_pdf（LibreOffice 冷启动）", warm(lambda: convert_to_pdf(out), 3)))
    print_rows(rows, runs, width=40)


if __name__ == "__main__":
    main()
