"""The built-in demo: a real township's 2024 report (沙坡头区兴仁镇), with no network or Office needed.

The figures and narrative were copied from the published report into ``data/demo.json`` (Report JSON), so the demo
exercises the same path as a clerk's workbook: build it, check it, write the Word report.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from .model import AnnualReport

DEMO_WORKBOOK = "兴仁镇2024年政府信息公开年报.xlsx"


def demo_report() -> AnnualReport:
    """The embedded demo report."""
    text = resources.files("xltool").joinpath("data/demo.json").read_text(encoding="utf-8")
    return AnnualReport.from_json(json.loads(text))


def run_demo(output_dir: Path, echo: Callable[[str], None], print_findings: Callable, force: bool = False) -> Path:
    """Build the demo workbook in ``output_dir``, check it, print the result and write the Word report beside it.

    The report is read back from the workbook, the same path ``xltool report`` takes for a clerk's file. Files of an
    earlier demo in the folder are replaced only with ``force``, and both are checked before either is written.
    Returns the workbook's path.
    """
    from . import check_report, read_workbook
    from .errors import XltoolError
    from .writers.docx import write_docx
    from .writers.files import os_reason, refuse_overwrite
    from .writers.workbook import build_workbook

    workbook = output_dir / DEMO_WORKBOOK
    for target in (workbook, workbook.with_suffix(".docx")):
        refuse_overwrite(target, force=force)
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise XltoolError("F-OUTPUT", path=output_dir, reason=os_reason(exc)) from None
    build_workbook(workbook, demo_report())
    echo(f"已生成示例工作簿：{workbook}")
    report = read_workbook(workbook)
    print_findings(check_report(report), f"校验：{workbook}")
    docx = write_docx(report, workbook.with_suffix(".docx"))
    echo(f"已生成示例 Word 报告：{docx}")
    return workbook
