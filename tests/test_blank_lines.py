"""Cells left blank in tables, kept as the converters printed them (tests/fixtures/blank_lines; truth.json holds each
report's tables): html2text's rows broken at their empty cells (stress seed 409, benchmarks/import_stress.py
``--vary-print``)."""

from __future__ import annotations

import json
from pathlib import Path

import converters

from xltool import spec

FIXTURES = Path(__file__).parent / "fixtures" / "blank_lines"


def _scored(file: str, converter: str):
    name = file.split(".", 1)[0]
    truth = json.loads((FIXTURES / "truth.json").read_text(encoding="utf-8"))[name]
    score, result = converters.score(converters.Form(name, converter, FIXTURES / file, truth))
    return score, result


def _blank_cells(result, table: str) -> set[str]:
    return {f"{c.row}/{c.col}" for c in spec.TABLES[table].cells if result.report.get(table, c.row, c.col) is None}


def test_a_row_of_empty_cells_broken_at_each_by_html2text_is_read_blank():
    """html2text breaks a row at the line break LibreOffice's HTML puts in an empty cell: a row left blank prints
    as its labels and a bar, then a line '|' for each further empty cell. The row is joined back and read blank,
    exactly as from the docx (seed 409: （四）1 left blank)."""
    score, result = _scored("s409-mid-blank-row-thousands.html2text.md", "html2text")
    assert score.wrong_cells == []
    assert (score.exact, score.inferred, score.unread) == (200, 0, 0), result.notes
    assert _blank_cells(result, "table3") == {f"（四）无法提供/1.本机关不掌握相关政府信息/{c}" for c in spec.T3_COLS}
