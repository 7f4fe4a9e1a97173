"""Readers: one ``load(path) -> AnnualReport`` for every input xltool accepts.

The clerk's workbook is read by ``xlsx`` (a saved .xlsx) and ``book`` (the open book in Excel); ``grid`` is where both
turn cell values into the report model. Report JSON is read by ``reportjson``; published reports (txt, docx, pdf,
html) by ``xltool.importers``, which ``load`` dispatches to.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import XltoolError
from ..model import AnnualReport, LastYear

if TYPE_CHECKING:  # pragma: no cover
    from ..importers.document import ImportResult


def load(path: str | os.PathLike, last_year: AnnualReport | LastYear | None = None) -> AnnualReport:
    """A report from a workbook (.xlsx), Report JSON (.json) or a published report (.txt, .docx, .pdf, .html).

    The name decides for .xlsx, .xls and .json (their messages say what such a file should be); any other file is
    taken by its content, so a workbook or Report JSON saved under another name is still read as one.
    ``last_year``: last year's report, evidence for a published report's run-together digits (a workbook or Report
    JSON has none: its cells are read as entered)."""
    return read(path, last_year)[0]


def read(
    path: str | os.PathLike, last_year: AnnualReport | LastYear | None = None
) -> tuple[AnnualReport, ImportResult | None]:
    """``load``, with how a published report was read (its ``ImportResult``; None for a workbook or Report JSON)."""
    path = Path(path)
    if not path.exists():
        raise XltoolError("F-NOT-FOUND", path=path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise XltoolError("F-XLS", path=path)
    kind = "xlsx" if suffix in (".xlsx", ".xlsm") else "json" if suffix == ".json" else _content_format(path)
    if kind == "xlsx":
        from .xlsx import read_workbook

        return read_workbook(path), None
    if kind == "json":
        from .reportjson import read_report_json

        return read_report_json(path), None
    from ..importers import read_report

    result = read_report(path, last_year)
    return result.report, result


def _content_format(path: Path) -> str:
    from ..importers import report_format

    try:
        return report_format(path)
    except OSError:
        return "unknown"  # the importer names the reason


def load_last_year(path: str | os.PathLike) -> LastYear:
    """Last year's report, read once for any number of audits; messages about it name ``path``."""
    return LastYear(load(path), Path(path))
