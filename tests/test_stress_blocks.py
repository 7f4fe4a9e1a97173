"""The block reading of table 三 (xltool.importers.blocks) on pdftotext's default-mode output of a stress-run report,
kept as the converter printed it (tests/fixtures/stress)."""

from __future__ import annotations

import json
from pathlib import Path

from xltool import spec
from xltool.importers import read_report


def test_a_blank_result_row_is_located_by_the_numbers_beside_the_labels_in_pdftotext_output():
    """pdftotext's default mode of a generated report whose （四）2 row was left blank (stress seed 176; the
    numbers as printed in s176-mid-blank-row.table3.json): page 4 prints each result row's 自然人 number beside its
    label, （四）2's label alone. Any result row could be the blank one by the identities; only （四）2 agrees with
    the numbers beside the labels. Those are read as printed, and so is page 3 (its four rows) but for its three
    narrow columns printed in one block: 商业企业, 其他 and 总计 under their headers, 自然人 the one block left
    (importers.column_heads); the rest inferred, the blank row blank."""
    stress = Path(__file__).parent / "fixtures" / "stress"
    truth = json.loads((stress / "s176-mid-blank-row.table3.json").read_text(encoding="utf-8"))
    result = read_report(stress / "s176-mid-blank-row.pdftotext.txt")
    blank = "（四）无法提供/2.没有现成信息需要另行制作"
    assert all(v is None for v in truth[blank])
    got = {r.key: [result.report.get("table3", r.key, c) for c in spec.T3_COLS] for r in spec.T3_ROWS}
    assert got == truth
    exact = {k for k in (f"table3/{r.key}/{c}" for r in spec.T3_ROWS for c in spec.T3_COLS)} - set(
        result.report.provenance
    )
    beside = [r.key for r in spec.T3_ROWS[spec.T3_ROWS.index(next(r for r in spec.T3_ROWS if r.item)) :]]
    page3 = {f"table3/{r.key}/{c}" for r in spec.T3_ROWS[:4] for c in (*spec.T3_COLS[:2], *spec.T3_COLS[5:])}
    assert exact == {f"table3/{row}/{spec.T3_COLS[0]}" for row in beside if row != blank} | page3
    assert any("留空" in n and "（四）无法提供2" in n for n in result.notes)
