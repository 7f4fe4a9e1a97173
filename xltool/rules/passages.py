"""Where the narrative is: the passages the document, narrative and cross-year rules read and place findings at.

For a workbook or Report JSON a passage is one text cell (spec ``NARRATIVE_CELLS``); a published report has no cells,
so its passages are its sections and the quoted sentence locates a finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import spec
from .. import text as prose
from ..findings import Finding
from ..model import AnnualReport, split_overview


@dataclass(frozen=True)
class Passage:
    """A piece of narrative and its place: section, sheet, text cell (None for a published report) and label."""

    section: str
    sheet: str
    cell: str | None
    label: str
    text: str

    def finding(self, rule: str, **fields: Any) -> Finding:
        return Finding(rule, self.sheet, (self.cell,) if self.cell else (), **fields)


def passages(report: AnnualReport) -> list[Passage]:
    """The narrative sections as passages: per text cell for a workbook or Report JSON, per section for a published
    report (whose sections come from the importer, or are cut from its full text when it filled none)."""
    sections = {k: v for k, v in report.sections.items() if v and v.strip()}
    if not sections and report.text:
        sections = {k: v for k, v in prose.split_sections(report.text).items() if k in spec.NARRATIVE_SECTIONS}
    with_cells = report.text is None
    out: list[Passage] = []
    for number in spec.NARRATIVE_SECTIONS:
        text = sections.get(number)
        if not text:
            continue
        sheet, cells = spec.NARRATIVE_SHEETS[number], spec.NARRATIVE_CELLS[number]
        pieces = split_overview(text) if number == "一" else [text]
        for (label, cell), piece in zip(cells, pieces, strict=False):
            if piece.strip():
                out.append(Passage(number, sheet, cell if with_cells else None, label, piece))
    return out


def section_sheet(number: str) -> str:
    section = spec.section(number)
    return spec.TABLES[section.table].sheet if section.table else spec.NARRATIVE_SHEETS[number]


def first_cell(number: str, report: AnnualReport) -> tuple[str, ...]:
    if report.text is not None or number not in spec.NARRATIVE_CELLS:
        return ()
    return (spec.NARRATIVE_CELLS[number][0][1],)
