"""What the page draws, as JSON-ready data: the official tables from the spec with the report's values and marks.

The tables are laid out from ``spec.TABLES`` (labels, merges, data cells at their official addresses), so the page
shows the same grid as the workbook and the Word report, and a finding's ``sheet!cell`` points at a drawn cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import cells, spec
from ..findings import show_value

if TYPE_CHECKING:  # pragma: no cover
    from ..findings import Finding, Findings
    from ..model import AnnualReport


def finding_view(
    finding: Finding, marks: dict[tuple[str, str], str] | None = None, cause: str | None = None
) -> dict[str, Any]:
    """A finding as the page lists it: the CLI's JSON fields plus the words the page shows.

    ``focus`` is the cell the page shows when the finding is followed: of the cells it names, the first one that is
    marked (for a broken sum, the cell it shares with another broken sum, the likely slip), else its first cell.
    ``cause`` is the heading of the group it belongs to ("可能的原因：…"), as the terminal and 校验结果 print it.
    """
    from ..writers.marking import level

    marked = [c for c in finding.cells if (finding.sheet, c) in (marks or {})]
    return {
        "cause": cause,
        "focus": (marked or list(finding.cells) or [""])[0],
        **finding.to_json(),
        "level": level(finding),
        "where": finding.where,
        "row_label": finding.row_label,
        "col_label": finding.col_label,
        "found_text": "" if finding.found is None and not finding.cells else show_value(finding.found),
        "expected_text": "" if finding.expected is None and not finding.cells else show_value(finding.expected),
        "quote": finding.detail if not finding.cells else "",
    }


def findings_view(findings: Findings) -> list[dict[str, Any]]:
    """The findings in the library's reading order (errors first), those with one likely cause gathered under it."""
    marks = findings.marked_cells()
    return [finding_view(f, marks, g.heading if g.cause else None) for g in findings.groups() for f in g.findings]


def tables_view(report: AnnualReport, findings: Findings) -> list[dict[str, Any]]:
    """Each official table as rows of drawn cells: label or value, its span, and its mark (error / warning)."""
    marks = findings.marked_cells()
    return [_table_view(t, report, marks) for t in spec.TABLES.values()]


def _table_view(table: spec.TableSpec, report: AnnualReport, marks: dict[tuple[str, str], str]) -> dict[str, Any]:
    texts = {t.address: t.text for t in table.texts}
    data = {c.address: c for c in table.cells}
    starts, covered = _merges(table.merges)
    last_col = cells.column_number(table.last_col)
    rows = []
    for r in range(1, table.last_row + 1):
        row = []
        for c in range(1, last_col + 1):
            address = cells.address(r, c)
            if address in covered:
                continue
            rowspan, colspan = starts.get(address, (1, 1))
            drawn: dict[str, Any] = {"address": address, "rowspan": rowspan, "colspan": colspan}
            if address in data:
                cell = data[address]
                value = report.get(table.key, cell.row, cell.col)
                drawn.update(
                    kind="value",
                    text="" if value is None else show_value(value),
                    label=f"{cell.row_label} · {cell.col_label}",
                )
                if (mark := marks.get((table.sheet, address))) is not None:
                    drawn["mark"] = mark
            else:
                drawn.update(kind="label", text=texts.get(address, ""))
            row.append(drawn)
        rows.append(row)
    return {"key": table.key, "sheet": table.sheet, "title": table.title, "rows": rows}


def _merges(refs: tuple[str, ...]) -> tuple[dict[str, tuple[int, int]], set[str]]:
    """Top-left address → (rowspan, colspan), and the addresses hidden under a merge."""
    starts: dict[str, tuple[int, int]] = {}
    covered: set[str] = set()
    for ref in refs:
        r1, c1, r2, c2 = cells.bounds(ref)
        starts[cells.address(r1, c1)] = (r2 - r1 + 1, c2 - c1 + 1)
        covered.update(a for a in cells.expand(ref) if a != cells.address(r1, c1))
    return starts, covered
