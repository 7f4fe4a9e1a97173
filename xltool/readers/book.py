"""Read the clerk's open workbook through xlwings (the ribbon click) into the report model.

Every call into Excel crosses a process boundary (COM on Windows, Apple Events on macOS), so each sheet is read with
ONE bulk range read, sized by ``grid.read_extent`` (what the spec needs plus the margin that lets a moved label be
named), never cell by cell. The grids then go through the same ``report_from_grids`` as the file reader, so a live
book and a saved file can never be read differently, and a workbook that is not ours raises the same ``XltoolError``.

Only ``book.sheets``, ``sheet.name`` and ``sheet.range(ref).options(ndim=2).value`` are used: the subset that both the
COM engine and xlwings' remote engine implement. Numbers come back as floats on COM (10.0) and as ints on the remote
engine; the validator compares numerically, so nothing is converted here.
"""

from __future__ import annotations

from typing import Any

from .. import cells
from ..model import AnnualReport
from .grid import SHEET_EXTENTS, check_sheets, read_extent, report_from_grids


def sheet_ranges(names: list[str]) -> dict[str, str]:
    """Sheet → the block to read from A1, for each sheet of ``names`` that the report needs."""
    return {name: f"A1:{cells.address(*read_extent(name))}" for name in SHEET_EXTENTS if name in names}


def read_grids(book: Any) -> dict[str, list[list[Any]]]:
    """The values of every sheet we need, one bulk read each; ``XltoolError`` when a required sheet is missing.

    The sheet check runs before anything is read, on the names alone.
    """
    sheets = {sheet.name: sheet for sheet in book.sheets}
    check_sheets(list(sheets), book.name)
    return {name: sheets[name].range(ref).options(ndim=2).value for name, ref in sheet_ranges(list(sheets)).items()}


def read_book(book: Any) -> AnnualReport:
    """The report model of an open xlwings ``Book``; raises ``XltoolError`` for a workbook that is not ours."""
    return report_from_grids(read_grids(book), source=book.name)
