"""Narrative rules T-9, T-10, T-11 and T-16: the figures in the prose against the tables and against themselves,
the fee statements of section 六, and a government's accountability sentence.

Findings carry the sheet of their section and, for a workbook or Report JSON, the text cell, and quote their sentence
in ``detail``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from .. import claims as said
from .. import spec
from .. import text as prose
from ..findings import Finding
from ..model import AnnualReport
from .passages import Passage, passages

if TYPE_CHECKING:  # pragma: no cover
    from .tables import Numbers

#: The rule ids this module yields.
RULE_IDS = ("T-9", "T-10", "T-11", "T-16")


def narrative_findings(report: AnnualReport, values: Numbers) -> list[Finding]:
    """T-9 figures, T-10/T-11 fee statements in 六, T-16 accountability for a 人民政府."""
    located = passages(report)
    out: list[Finding] = []
    for p in located:
        for sentence in prose.sentences(prose.normalize(p.text)):
            out += _claim_findings(p, sentence, report.year, values)
            out += [
                p.finding(
                    "T-9",
                    row_label="总数（按“其中”所列各项相加）",
                    found=s.total,
                    expected=sum(s.parts),
                    detail=prose.quote(sentence),
                )
                for s in said.stated_sums(sentence)
                if s.slip
            ]
    other = [p for p in located if p.section == "六"]
    six = "\n".join(p.text for p in other)
    if other and not said.mentions_fee(six):
        out.append(other[0].finding("T-11"))
    cell = spec.TABLE3.cell(_UNPAID_FEE_ROW, spec.T3_TOTAL)
    unpaid = values.of(cell)
    if other and unpaid and not said.mentions_fee_notice(six):
        out.append(other[0].finding("T-10", row_label=f"（{spec.SHEET_TABLE3}!{cell.address}）", found=unpaid))
    overview = [p for p in located if p.section == "一"]
    whole = report.text or "\n".join(p.text for p in located)
    if report.agency.is_government and overview and not said.mentions_accountability(whole):
        supervision = next((p for p in overview if p.label == spec.OVERVIEW_PARTS[-1]), overview[0])
        out.append(supervision.finding("T-16"))
    return out


#: Table 三 （六）2: applications dropped because the applicant did not pay after a fee notice (T-10).
_UNPAID_FEE_ROW = spec.T3_OTHER_ROWS[1]

#: Claim kind → the table cells whose value (or sum) the narrative figure must equal.
_CLAIM_CELLS: dict[str, tuple[tuple[str, str, str], ...]] = {
    said.RECEIVED: (("table3", spec.T3_RECEIVED, spec.T3_TOTAL),),
    said.CARRIED_IN: (("table3", spec.T3_CARRIED_IN, spec.T3_TOTAL),),
    said.COMPLETED: (("table3", spec.T3_GRAND_TOTAL, spec.T3_TOTAL),),
    said.CARRIED_OUT: (("table3", spec.T3_CARRIED_OUT, spec.T3_TOTAL),),
    said.REVIEW: (("table4", spec.T4_ROW_KEY, f"{spec.T4_REVIEW}/{spec.T4_TOTAL}"),),
    said.LITIGATION: (
        ("table4", spec.T4_ROW_KEY, f"{spec.T4_DIRECT}/{spec.T4_TOTAL}"),
        ("table4", spec.T4_ROW_KEY, f"{spec.T4_AFTER_REVIEW}/{spec.T4_TOTAL}"),
    ),
}


def _claim_cells(claim: said.Claim) -> tuple[spec.DataCell, ...]:
    if claim.doc_row:
        return (spec.TABLE2.cell(claim.doc_row, claim.kind),)
    return tuple(spec.TABLES[t].cell(row, col) for t, row, col in _CLAIM_CELLS[claim.kind])


def _claim_findings(p: Passage, sentence: str, year: int | None, values: Numbers) -> list[Finding]:
    out = []
    for claim in said.claims(sentence, year):
        cells = _claim_cells(claim)
        table_values = [values.of(c) for c in cells]
        known = [v for v in table_values if v is not None]
        if len(known) < len(table_values):
            continue  # a blank or invalid cell is reported by the table rules; nothing to compare with
        expected = sum(known)
        accepted: set[int | Decimal] = {expected}
        if claim.kind == said.RECEIVED:  # many reports count 收到 as 新收 + 上年结转
            carried = values.of(spec.TABLE3.cell(spec.T3_CARRIED_IN, spec.T3_TOTAL))
            accepted.add(expected + (carried or 0))
        if claim.value not in accepted:
            out.append(
                p.finding(
                    "T-9",
                    row_label=_claim_label(cells),
                    found=claim.value,
                    expected=expected,
                    detail=prose.quote(sentence),
                )
            )
    return out


def _claim_label(cells: tuple[spec.DataCell, ...]) -> str:
    sheet = spec.TABLES[cells[0].table].sheet
    if len(cells) == 1:
        c = cells[0]
        return f"{c.row_label}·{c.col_label}（{sheet}!{c.address}）"
    return f"{spec.T4_LITIGATION}·{spec.T4_TOTAL}（{sheet}!{'+'.join(c.address for c in cells)}）"
