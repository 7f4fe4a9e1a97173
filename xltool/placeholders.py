"""Placeholders in the narrative: 【本年新收】 stands for a table's number, 【门户网站】 for a figure of the clerk's own.

A clerk who writes the prose with placeholders types each number once, in its table: the Word report prints the
workbook's values in their place, and the checks read the text with the same values, so prose and tables cannot
disagree. Only names the spec declares (``spec.figures.PLACEHOLDERS``) or the clerk's figures sheet defines are
replaced; any other bracketed text stays as typed. This module resolves and fills; rules/figures.py reports problems.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from . import spec
from .spec import figures as fs

if TYPE_CHECKING:  # pragma: no cover
    from .model import AnnualReport, Figure

BLANK, INVALID, UNKNOWN = "blank", "invalid", "unknown"


@dataclass(frozen=True)
class Resolved:
    """What one placeholder stands for: its value, or why it has none (blank / invalid cells, unknown name)."""

    name: str
    value: Any = None
    places: tuple[tuple[str, str], ...] = ()  # (sheet, address) of the cells it reads
    problem: str | None = None
    bad: tuple[tuple[str, str], ...] = ()  # the cells that are blank or invalid
    closest: tuple[str, ...] = ()  # for an unknown name that looks like one: the nearest names

    @property
    def ok(self) -> bool:
        return self.problem is None


def is_number(value: Any) -> bool:
    """A usable figure: a number (not a flag), not negative."""
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool) and value >= 0


def printed(value: Any, fee: bool = False) -> str:
    """A value as the report prints it: 12, not 12.0; a fee in 万元 with its decimals as entered."""
    from .model import fee_text

    if fee:
        return fee_text(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def names(report: AnnualReport) -> list[str]:
    """Every name a placeholder may use in this report: the spec's, then the clerk's own figures and parts."""
    return [p.name for p in fs.PLACEHOLDERS] + [f.name for f in report.figures if f.name]


def uses(text: str) -> list[tuple[str, int, int]]:
    """(name, start, end) of every bracketed word in ``text`` (known or not)."""
    return [(m.group(1), m.start(), m.end()) for m in fs.BRACKETED.finditer(text or "")]


def figure_rows(report: AnnualReport) -> dict[str, int]:
    """Sheet row of each of the clerk's figures (the first row that names it)."""
    rows: dict[str, int] = {}
    for i, fig in enumerate(report.figures):
        rows.setdefault(fig.name, fs.FIGURE_FIRST_ROW + i)
    return rows


def figure_total(report: AnnualReport, fig: Figure) -> Resolved:
    """A figure's total: the sum of its parts when it has any, else its entered value (the spec's one identity)."""
    rows = figure_rows(report)
    parts = [p for p in report.figures if p.parent == fig.name and p.name]
    if not parts:
        place = (fs.SHEET_FIGURES, f"{fs.FIGURE_VALUE_COL}{rows[fig.name]}")
        return _judged(fig.name, [fig.value], [place], False)
    places = [
        (fs.SHEET_FIGURES, f"{fs.FIGURE_VALUE_COL}{fs.FIGURE_FIRST_ROW + report.figures.index(p)}") for p in parts
    ]
    return _judged(fig.name, [p.value for p in parts], places, False)


def resolve(name: str, report: AnnualReport) -> Resolved:
    """What 【name】 stands for in ``report``."""
    declared = fs.PLACEHOLDERS_BY_NAME.get(name)
    if declared is not None:
        cells = [spec.TABLES[t].cell(row, col) for t, row, col in declared.cells]
        values = [report.get(t, row, col) for t, row, col in declared.cells]
        places = [(spec.TABLES[c.table].sheet, c.address) for c in cells]
        return _judged(name, values, places, all(c.kind == "fee" for c in cells))
    own = next((f for f in report.figures if f.name == name), None)
    if own is not None:
        return figure_total(report, own)
    closest = tuple(difflib.get_close_matches(name, names(report), n=3, cutoff=0.5))
    return Resolved(name, problem=UNKNOWN, closest=closest)


def _judged(name: str, values: list[Any], places: list[tuple[str, str]], fee: bool) -> Resolved:
    blank = [p for p, v in zip(places, values, strict=True) if v is None or (isinstance(v, str) and not v.strip())]
    if blank:
        return Resolved(name, places=tuple(places), problem=BLANK, bad=tuple(blank))
    numbers = [_number(v, fee) for v in values]
    invalid = [p for p, n in zip(places, numbers, strict=True) if n is None]
    if invalid:
        return Resolved(name, places=tuple(places), problem=INVALID, bad=tuple(invalid))
    total = sum(numbers, Decimal(0)) if fee else sum(numbers)
    return Resolved(name, value=printed(total, fee) if fee else total, places=tuple(places))


def _number(value: Any, fee: bool) -> Any:
    """A cell's value as a number, or None when it is not one (a fee may be written as "1.5" text in Report JSON).

    A fee is summed as a Decimal: a workbook gives it as a float (0.0, 1.25), which Decimal arithmetic refuses."""
    if fee and isinstance(value, str):
        try:
            value = Decimal(value.strip())
        except ArithmeticError:
            return None
    if fee and isinstance(value, float) and is_number(value):
        from .model import fee_text

        return Decimal(fee_text(value))
    return value if is_number(value) else None


def fill(text: str | None, report: AnnualReport) -> str | None:
    """``text`` with every placeholder that has a value replaced by it; the rest (other brackets, unknown names,
    blank cells) stays as typed, for the rules to report."""
    if not text or fs.OPEN not in text:
        return text
    out, last = [], 0
    for name, start, end in uses(text):
        found = resolve(name, report)
        if found.ok:
            out += [text[last:start], printed(found.value)]
            last = end
    out.append(text[last:])
    return "".join(out)


def filled_sections(report: AnnualReport) -> dict[str, str]:
    """The report's narrative sections as they will print: placeholders replaced."""
    return {k: fill(v, report) or "" for k, v in report.sections.items()}
