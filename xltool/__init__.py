"""xltool: the 政府信息公开工作年度报告 toolkit, as a library.

One verb per job, each returning data (nothing here prints)::

    import xltool

    xltool.build_workbook("年报.xlsx")                 # the clerk's workbook → Path
    report = xltool.read("年报.xlsx")                  # any input (.xlsx, Report JSON, .txt/.docx/.pdf/.html) → AnnualReport
    findings = xltool.check(report)                    # every rule → Findings (a path is read first)
    xltool.mark("年报.xlsx", "标注.xlsx", findings)      # a copy with the problem cells marked → Path
    xltool.write_docx(report, "年报.docx")             # the Word report → Path
    xltool.import_report("报告.pdf")                    # a published report → AnnualReport (provenance: what was not read)
    xltool.audit(["报告/"])                             # many files, folders, patterns → BatchResult

The types are here too: ``AnnualReport``, ``Finding``, ``Findings``, ``XltoolError`` (input that cannot be used:
``code`` and a Chinese ``message``). Everything is imported lazily, so that ``import xltool`` (which the Excel ribbon
add-in does on every click) loads no heavy library: pandas, pandera, openpyxl and python-docx load only when a
function that needs them is called.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .errors import XltoolError
    from .findings import Finding, Findings
    from .model import AnnualReport, LastYear
    from .rules.batch import BatchResult

__version__ = "0.1.0"
# No public function shares a submodule's name (rules, readers …): importing the submodule would replace it.
__all__ = [
    "AnnualReport",
    "Finding",
    "Findings",
    "XltoolError",
    "read",
    "check",
    "mark",
    "build_workbook",
    "write_docx",
    "import_report",
    "audit",
    "read_workbook",
    "check_report",
    "audit_file",
    "main",
]

PathLike = str | os.PathLike[str]

#: The public types, imported on first use (PEP 562).
_TYPES = {"AnnualReport": "model", "Finding": "findings", "Findings": "findings", "XltoolError": "errors"}


def __getattr__(name: str) -> Any:
    if name in _TYPES:
        from importlib import import_module

        return getattr(import_module(f".{_TYPES[name]}", __name__), name)
    raise AttributeError(f"module 'xltool' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_TYPES})


# ---- the verbs ------------------------------------------------------------------------------------------------------


def read(path: PathLike) -> AnnualReport:
    """Any input as a report model: a workbook (.xlsx), Report JSON, or a published report (.txt .docx .pdf .html)."""
    from .readers import load

    return load(path)


def check(source: AnnualReport | PathLike, last_year: AnnualReport | LastYear | PathLike | None = None) -> Findings:
    """Every rule that applies: tables, document, narrative, and the cross-year rules with ``last_year`` (last year's
    report model or the path of its file). A path is read as the clerk's workbook, as `xltool check` does."""
    from .model import AnnualReport

    report = source if isinstance(source, AnnualReport) else read_workbook(source)
    return check_report(report, last_year)


def mark(source: PathLike, target: PathLike, findings: Findings | None = None) -> Path:
    """A copy of the workbook ``source`` at ``target`` with the problem cells coloured and commented and a 校验结果
    sheet; ``source`` is never changed. ``findings`` default to ``check(source)``."""
    from .writers.marking import write_marked_copy

    write_marked_copy(source, target, findings if findings is not None else check(source))
    return Path(target)


def build_workbook(path: PathLike, report: AnnualReport | None = None) -> Path:
    """Write the clerk's workbook; filled from ``report`` when given, else the blank template (all counts 0)."""
    from .writers.workbook import build_workbook as _build

    _build(path, report)
    return Path(path)


def write_docx(report: AnnualReport, path: PathLike, template: PathLike | bytes | None = None) -> Path:
    """Write the Word report for a report model (with the office's own ``template`` when given)."""
    from .writers.docx import write_docx as _write

    return _write(report, path, template=template)


def import_report(path: PathLike, last_year: AnnualReport | LastYear | PathLike | None = None) -> AnnualReport:
    """Read a published report (.txt, .docx, .pdf, .html) into the report model; its ``provenance`` says which cells
    were inferred or could not be read (``xltool.importers.read_report`` also gives the reader's notes). ``last_year``
    (a model or a file) settles run-together digits that split several ways (上年结转, 现行有效件数)."""
    from .importers import import_report as _import

    return _import(path, _last_year(last_year))


def audit(paths: Iterable[PathLike], last_year: Iterable[PathLike] = (), jobs: int | None = None) -> BatchResult:
    """Audit files, folders and patterns in ``jobs`` processes (default: every core), pairing each agency's years
    (also with the reports in ``last_year``); what `xltool audit` does for a batch."""
    from .rules.batch import audit_batch

    return audit_batch(paths, last_year, jobs)


# ---- kept for existing callers ----------------------------------------------------------------------------------------


def read_workbook(path: PathLike) -> AnnualReport:
    """Read a filled workbook into the report model; raises ``XltoolError`` when it cannot."""
    from .readers.xlsx import read_workbook as _read

    return _read(path)


def check_report(report: AnnualReport, last_year: AnnualReport | LastYear | PathLike | None = None) -> Findings:
    """``check`` for a report model."""
    from .rules import audit_report

    return audit_report(report, last_year=_last_year(last_year))


def audit_file(path: PathLike, last_year: AnnualReport | LastYear | PathLike | None = None) -> Findings:
    """``check`` for any input: a published report, Report JSON or a workbook (`xltool audit` with one file); last
    year's report is also evidence for a published report's run-together digits."""
    from .readers import load

    previous = _last_year(last_year)
    return check_report(load(path, previous), last_year=previous)


def _last_year(last_year: Any) -> Any:
    """Last year's report as the rules take it: a model as given, a file read once (with its path, for messages)."""
    from .model import AnnualReport, LastYear

    if last_year is None or isinstance(last_year, AnnualReport | LastYear):
        return last_year
    from .readers import load_last_year

    return load_last_year(last_year)


def main() -> None:
    """The ribbon button: xlwings' RunPython calls ``xltool.main()`` in the clerk's Excel."""
    from .addin.click import main as _main

    _main()
