"""Merge (汇总) and compare reports cell by cell: an area's 汇总 report from its departments' and townships' tables,
and the differences between two reports (this year and last, or a published 汇总 against the sum of its parts).

Both work on report models from any readable format (workbook, Report JSON, published report) and return data; the
CLI prints it and ``writers.summary`` writes it. Values are taken as the table rules take them (``validate.numbers``):
a blank, unread or invalid cell adds nothing, and is named, because the sum is then not exact.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import spec
from ..errors import XltoolError
from ..findings import Finding, show_value
from ..model import Agency, AnnualReport, fee_text, whole

# ---- merge ------------------------------------------------------------------------------------------------------------

BLANK = "空白"
UNREAD = "未能读取"


@dataclass(frozen=True)
class Gap:
    """An input cell that added nothing to the sum: blank, not read by the importer, or not a valid number."""

    sheet: str
    address: str
    row_label: str
    col_label: str
    why: str  # 空白 / 未能读取 / 不是有效的数字（…）


@dataclass
class MergeInput:
    """One report added into the 汇总."""

    path: Path
    agency: str | None
    year: int | None
    gaps: list[Gap] = field(default_factory=list)


@dataclass
class Merged:
    """The 汇总 report and what went into it."""

    report: AnnualReport
    inputs: list[MergeInput]

    @property
    def exact(self) -> bool:
        """True when every input cell held a number (or "/"), so every sum is exact."""
        return not any(i.gaps for i in self.inputs)


def merge_files(paths: Sequence[str | os.PathLike[str]], agency: str, year: int | None = None) -> Merged:
    """Read every input (any readable format; an unreadable one stops the merge, since the sum would be wrong)."""
    from ..readers import load

    return merge_reports([(Path(p), load(p)) for p in paths], agency, year)


def merge_reports(items: Sequence[tuple[Path, AnnualReport]], agency: str, year: int | None = None) -> Merged:
    """The cell-by-cell sum of ``items`` as the report of ``agency`` for ``year`` (default: the inputs' year).

    Refuses inputs of another year or of no known year. A cell is the sum of the inputs' numbers; "/" (no rule-making
    power) adds nothing and stays "/" when every input has it. The fee is summed exactly in 万元.
    """
    from ..importers.fields import agency_kind
    from .tables import numbers

    year = _common_year(items, year)
    merged = AnnualReport(year=year, agency=Agency(name=agency, kind=agency_kind(agency)))
    inputs = []
    totals: dict[tuple[str, str, str], Decimal] = {}
    slashes: dict[tuple[str, str, str], int] = {}
    for path, report in items:
        values = numbers(report)
        entry = MergeInput(path, report.agency.name, report.year)
        for table in spec.TABLES.values():
            for cell in table.cells:
                key = (table.key, cell.row, cell.col)
                value = values.of(cell)
                totals.setdefault(key, Decimal(0))
                if value is not None:
                    totals[key] += Decimal(value)
                elif _raw(report, cell) == "/":
                    slashes[key] = slashes.get(key, 0) + 1
                else:
                    entry.gaps.append(
                        Gap(table.sheet, cell.address, cell.row_label, cell.col_label, _why(report, cell))
                    )
        inputs.append(entry)
    for (table_key, row, col), total in totals.items():
        cell = spec.TABLES[table_key].cell(row, col)
        if slashes.get((table_key, row, col)) == len(items):
            merged.set(table_key, row, col, "/")
        else:
            merged.set(table_key, row, col, fee_text(total) if cell.kind == "fee" else int(total))
    return Merged(merged, inputs)


def _common_year(items: Sequence[tuple[Path, AnnualReport]], year: int | None) -> int:
    for path, report in items:
        if report.year is None:
            raise XltoolError("F-NO-YEAR", path=path, year=year or "汇总")
    years = {report.year for _p, report in items}
    target = year if year is not None else (years.pop() if len(years) == 1 else None)
    others = [(p, r.year) for p, r in items if r.year != target]
    if target is None or others:
        details = "、".join(f"{p} 为 {y} 年度" for p, y in (others or [(p, r.year) for p, r in items]))
        raise XltoolError("F-MIXED-YEARS", details=(f"汇总年度为 {target}，" if target else "") + details)
    return target


def _raw(report: AnnualReport, cell: spec.DataCell) -> Any:
    from .tables import read_entry

    return read_entry(report.get(cell.table, cell.row, cell.col)).value


def _why(report: AnnualReport, cell: spec.DataCell) -> str:
    if report.provenance.get(f"{cell.table}/{cell.row}/{cell.col}") == "missing":
        return UNREAD
    raw = report.get(cell.table, cell.row, cell.col)
    return BLANK if _raw(report, cell) is None else f"不是有效的数字（{show_value(raw)}）"


# ---- compare ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellDiff:
    """One data cell whose value differs between A and B, with its labels and both values as entered."""

    sheet: str
    address: str
    row_label: str
    col_label: str
    a: Any
    b: Any

    @property
    def change(self) -> Any:
        """B minus A when both are numbers, else None."""
        if isinstance(self.a, int | float | Decimal) and isinstance(self.b, int | float | Decimal):
            delta = Decimal(str(self.b)) - Decimal(str(self.a))
            return int(delta) if delta == delta.to_integral_value() else float(delta)
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "cell": self.address,
            "row": self.row_label,
            "col": self.col_label,
            "a": _json(self.a),
            "b": _json(self.b),
            "change": self.change,
        }


@dataclass
class Comparison:
    """Two reports side by side: every differing cell; for two consecutive years of one agency also the carry-over
    findings (T-7, T-8 at the later year's cells) and the share of the later narrative repeated from the earlier."""

    a: Path
    b: Path
    a_info: tuple[str | None, int | None]
    b_info: tuple[str | None, int | None]
    cells: list[CellDiff] = field(default_factory=list)
    cross_year: list[Finding] = field(default_factory=list)
    repeated: float | None = None  # share of the later year's narrative repeated from the earlier one

    @property
    def consecutive(self) -> bool:
        return self.repeated is not None

    @property
    def exit_code(self) -> int:
        """0 when every cell is the same, 1 when some differ."""
        return 1 if self.cells else 0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "a": {"path": str(self.a), "agency": self.a_info[0], "year": self.a_info[1]},
            "b": {"path": str(self.b), "agency": self.b_info[0], "year": self.b_info[1]},
            "cells": [d.to_json() for d in self.cells],
        }
        if self.consecutive:
            out["cross_year"] = {"findings": [f.to_json() for f in self.cross_year], "repeated": self.repeated}
        return out


def compare_files(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> Comparison:
    from ..readers import load

    return compare_reports(load(a), load(b), Path(a), Path(b))


def compare_reports(
    a: AnnualReport, b: AnnualReport, a_path: Path | None = None, b_path: Path | None = None
) -> Comparison:
    """Every data cell that differs (by value: 5, 5.0 and "5" are the same), in sheet and cell order."""
    from .tables import read_entry

    out = Comparison(a_path or Path("A"), b_path or Path("B"), (a.agency.name, a.year), (b.agency.name, b.year))
    for table in spec.TABLES.values():
        for cell in table.cells:
            raw_a, raw_b = a.get(table.key, cell.row, cell.col), b.get(table.key, cell.row, cell.col)
            if read_entry(raw_a).value != read_entry(raw_b).value:
                out.cells.append(
                    CellDiff(table.sheet, cell.address, cell.row_label, cell.col_label, _shown(raw_a), _shown(raw_b))
                )
    if a.year and b.year and abs(a.year - b.year) == 1:
        later, earlier = (b, a) if b.year > a.year else (a, b)
        out.cross_year, out.repeated = _carry_over(later, earlier)
    return out


def _carry_over(later: AnnualReport, earlier: AnnualReport) -> tuple[list[Finding], float]:
    from .crossyear import cross_year_findings, repeated_share
    from .passages import passages
    from .tables import numbers

    found = [f for f in cross_year_findings(later, earlier, numbers(later), numbers(earlier)) if f.rule != "R-5"]
    share = repeated_share("\n".join(p.text for p in passages(later)), "\n".join(p.text for p in passages(earlier)))
    return found, round(share, 4)


def _shown(value: Any) -> Any:
    """A value as entered, numbers as numbers (a whole float without .0)."""
    return whole(value)


def _json(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value
