"""Hypothesis strategies derived from the spec: consistent reports, the way pandera derives data from a schema."""

from __future__ import annotations

from hypothesis import strategies as st

from xltool import spec
from xltool.model import AnnualReport

counts = st.integers(min_value=0, max_value=500)


@st.composite
def consistent_reports(draw) -> AnnualReport:
    """A report whose tables satisfy every identity T-1 … T-4 and every cell rule."""
    report = AnnualReport.blank(year=2024, name="测试镇人民政府")
    for cell in spec.TABLE2.cells:
        value = draw(st.decimals(min_value=0, max_value=999, places=2)) if cell.kind == "fee" else draw(counts)
        report.set("table2", cell.row, cell.col, str(value) if cell.kind == "fee" else value)
    applicants = spec.T3_COLS[:-1]
    for col in applicants:
        results = {row: draw(counts) for row in spec.T3_RESULT_ROWS}
        total = sum(results.values())
        carry_out = draw(counts)
        carry_in = draw(st.integers(min_value=0, max_value=total + carry_out))
        column = {**results, spec.T3_GRAND_TOTAL: total, spec.T3_CARRIED_OUT: carry_out,
                  spec.T3_CARRIED_IN: carry_in, spec.T3_RECEIVED: total + carry_out - carry_in}
        for row, value in column.items():
            report.set("table3", row, col, value)
    for row in spec.T3_ROWS:
        report.set("table3", row.key, spec.T3_TOTAL, sum(report.get("table3", row.key, c) for c in applicants))
    for block, _words, _first in spec.T4_BLOCKS:
        parts = [draw(counts) for _ in spec.T4_OUTCOMES[:-1]]
        for outcome, value in zip(spec.T4_OUTCOMES, [*parts, sum(parts)], strict=True):
            report.set("table4", spec.T4_ROW_KEY, f"{block}/{outcome}", value)
    return report


all_cells = st.sampled_from([c for t in spec.TABLES.values() for c in t.cells])
