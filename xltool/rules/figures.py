"""Placeholders and the clerk's own figures: P-1 unknown names, P-2 placeholders without a value, P-3 parts.

The narrative rules (T-9 …) read the text with its placeholders filled in (``placeholders.filled``), so a report
written with placeholders is checked as it will print. These rules report what filling could not do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import placeholders as ph
from .. import spec
from .. import text as narrative
from ..findings import Finding
from ..spec import figures as fs

if TYPE_CHECKING:  # pragma: no cover
    from ..model import AnnualReport

#: The rule ids this module yields.
RULE_IDS: tuple[str, ...] = ("P-1", "P-2", "P-3")


def figure_findings(report: AnnualReport) -> list[Finding]:
    """P-1 and P-2 for every placeholder of the narrative, P-3 for every figure whose parts disagree with it."""
    from .passages import passages

    out: list[Finding] = []
    for p in passages(report):
        for name, start, end in ph.uses(p.text):
            found = ph.resolve(name, report)
            if found.ok or (found.problem == ph.UNKNOWN and not found.closest):
                continue  # other bracketed text stays as typed
            sentence = next((s for s in narrative.sentences(p.text) if fs.placeholder(name) in s), p.text[start:end])
            out += _placeholder_findings(p, found, narrative.quote(sentence))
    out += _parts_findings(report)
    return out


def _placeholder_findings(p, found: ph.Resolved, sentence: str) -> list[Finding]:
    text = fs.placeholder(found.name)
    if found.problem == ph.UNKNOWN:
        hint = "是否想写：" + "、".join(fs.placeholder(n) for n in found.closest) + "？"
        return [p.finding("P-1", row_label=p.label, found=text, detail=f"{hint}原文：“{sentence}”")]
    places = "、".join(f"{sheet}!{address}" for sheet, address in found.bad)
    why = "为空" if found.problem == ph.BLANK else "不是有效数字"
    out = [
        p.finding(
            "P-2",
            row_label=p.label,
            found=text,
            detail=f"“{text}”对应的单元格 {places} {why}，报告中无法印出这个数字。原文：“{sentence}”",
        )
    ]
    where = f"{p.sheet}!{p.cell}" if p.cell else p.sheet
    for sheet, address in found.bad:
        label = _label(sheet, address)
        out.append(
            Finding(
                "P-2",
                sheet,
                (address,),
                row_label=label,
                detail=f"{label} {why}，但正文（{where}）用“{text}”引用了它。请填写该单元格。",
            )
        )
    return out


def _label(sheet: str, address: str) -> str:
    """Row and column words of a table cell, or the figure's name on the figures sheet."""
    for table in spec.TABLES.values():
        if table.sheet == sheet:
            cell = next((c for c in table.cells if c.address == address), None)
            if cell is not None:
                return f"{cell.row_label} · {cell.col_label}"
    return address


def _parts_findings(report: AnnualReport) -> list[Finding]:
    """P-3: a figure with parts whose own entered value is not the sum of its parts (the formula's identity)."""
    out = []
    rows = ph.figure_rows(report)
    for fig in report.figures:
        has_parts = any(p.parent == fig.name for p in report.figures)
        if not has_parts or fig.value is None or (isinstance(fig.value, str) and not fig.value.strip()):
            continue
        total = ph.figure_total(report, fig)
        if total.ok and fig.value != total.value:
            row = rows[fig.name]
            parts = tuple(a for _s, a in total.places)
            out.append(
                Finding(
                    "P-3",
                    fs.SHEET_FIGURES,
                    (f"{fs.FIGURE_VALUE_COL}{row}", *parts),
                    row_label=fig.name,
                    col_label=fs.FIGURE_COLUMNS[2],
                    found=fig.value,
                    expected=total.value,
                )
            )
    return out
