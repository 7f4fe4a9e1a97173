"""Readers: one ``load(path) -> AnnualReport`` for every input xltool accepts.

The clerk's workbook is read by ``xlsx`` (a saved .xlsx) and ``book`` (the open book in Excel); ``grid`` is where both
turn cell values into the report model. Report JSON is read by ``reportjson``; published reports (txt, docx, pdf,
html) by ``xltool.importers``, which ``load`` dispatches to.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import XltoolError
from ..model import AnnualReport, LastYear


def load(path: str | os.PathLike) -> AnnualReport:
    """A report from a workbook (.xlsx), Report JSON (.json) or a published report (.txt, .docx, .pdf, .html).

    The name decides for .xlsx, .xls and .json (their messages say what such a file should be); any other file is
    taken by its content, so a workbook or Report JSON saved under another name is still read as one."""
    path = Path(path)
    if not path.exists():
        raise XltoolError("F-NOT-FOUND", path=path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise XltoolError("F-XLS", path=path)
    kind = "xlsx" if suffix in (".xlsx", ".xlsm") else "json" if suffix == ".json" else _content_format(path)
    if kind == "xlsx":
        from .xlsx import read_workbook

        return read_workbook(path)
    if kind == "json":
        from .reportjson import read_report_json

        return read_report_json(path)
    from ..importers import import_report

    return import_report(path)


def _content_format(path: Path) -> str:
    from ..importers import report_format

    try:
        return report_format(path)
    except OSError:
        return "unknown"  # the importer names the reason


def load_last_year(path: str | os.PathLike) -> LastYear:
    """Last year's report, read once for any number of audits; messages about it name ``path``."""
    return LastYear(load(path), Path(path))
