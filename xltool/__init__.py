"""xltool: the 政府信息公开工作年度报告 toolkit.

The public API is imported lazily so that ``import xltool`` (which the Excel ribbon add-in does on every click) loads
no heavy library: pandas, pandera and openpyxl load only when a function that needs them is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .findings import Findings
    from .model import AnnualReport

__version__ = "0.1.0"
# No public function shares a submodule's name (validate, audit): importing the submodule would replace it.
__all__ = ["build_workbook", "read_workbook", "check", "check_report", "write_docx", "import_report", "audit_file", "main"]


def build_workbook(path: Any, report: AnnualReport | None = None) -> None:
    """Write the clerk's workbook; filled from ``report`` when given, else the blank template (all counts 0)."""
    from .writers.workbook import build_workbook as _build

    _build(path, report)


def read_workbook(path: Any) -> AnnualReport:
    """Read a filled workbook into the report model; raises ``XltoolError`` when it cannot."""
    from .readers.xlsx import read_workbook as _read

    return _read(path)


def check_report(report: AnnualReport, last_year: Any = None) -> Findings:
    """Run every rule that applies to a report model (what ``check`` does after reading the workbook); ``last_year``
    is last year's report model or the path of its file."""
    from .rules import audit_report

    return audit_report(report, last_year=_last_year(last_year))


def _last_year(last_year: Any) -> Any:
    """Last year's report as the rules take it: a model as given, a file read once (with its path, for messages)."""
    from .model import AnnualReport, LastYear

    if last_year is None or isinstance(last_year, AnnualReport | LastYear):
        return last_year
    from .readers import load_last_year

    return load_last_year(last_year)


def check(path: Any, last_year: Any = None) -> Findings:
    """Read a workbook and run every rule that applies to it (tables, narrative, and cross-year with ``last_year``)."""
    return check_report(read_workbook(path), last_year=last_year)


def write_docx(report: AnnualReport, path: Any, template: Any = None) -> None:
    """Write the Word report for a report model."""
    from .writers.docx import write_docx as _write

    _write(report, path, template=template)


def import_report(path: Any) -> AnnualReport:
    """Parse a published report (.txt, .docx, .pdf, .html) into the report model."""
    from .importers import import_report as _import

    return _import(path)


def audit_file(path: Any, last_year: Any = None) -> Findings:
    """Audit a published report or a workbook: table, narrative and (with ``last_year``) cross-year rules."""
    from .readers import load

    return check_report(load(path), last_year=last_year)


def main() -> None:
    """The ribbon button: xlwings' RunPython calls ``xltool.main()`` in the clerk's Excel."""
    from .addin.click import main as _main

    _main()
