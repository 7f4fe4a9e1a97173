"""Cells left blank in tables printed one cell per line (xltool.importers.cell_lines), and html2text's rows broken at
their empty cells: generated reports with cells of 0 left empty (the totals still add up), kept as the converters
printed them (tests/fixtures/blank_lines; truth.json holds each report's tables). Stress seeds 400, 401, 409 and 418
(benchmarks/import_stress.py, ``--vary-print``) and five reports made like them with blank first, last and table
二/四 cells (names b5xx, b6xx: the shape and the print style in the name). And rows of a Markdown grid with empty
cells at both ends (pandoc's filler for a spanned label, and a blank last cell)."""

from __future__ import annotations

import json
from pathlib import Path

import converters
import pytest

from xltool import spec
from xltool.importers import cell_lines

FIXTURES = Path(__file__).parent / "fixtures" / "blank_lines"


def _scored(file: str, converter: str):
    name = file.split(".", 1)[0]
    truth = json.loads((FIXTURES / "truth.json").read_text(encoding="utf-8"))[name]
    score, result = converters.score(converters.Form(name, converter, FIXTURES / file, truth))
    return score, result


def _blank_cells(result, table: str) -> set[str]:
    return {f"{c.row}/{c.col}" for c in spec.TABLES[table].cells if result.report.get(table, c.row, c.col) is None}


@pytest.mark.parametrize(
    ("file", "converter", "table", "blank"),
    [
        # LibreOffice's text: a cell per line, none between; a blank cell is an empty line among its row's numbers
        (
            "s418-mid-blank-cells-plain.txt",
            "LibreOffice txt",
            "table3",
            {
                "（一）予以公开/社会公益组织",
                "（三）不予公开/3.危及“三安全一稳定”/法律服务机构",
                "（四）无法提供/3.补正后申请内容仍不明确/科研机构",
            },
        ),
        # two blank cells side by side (（三）4) where LibreOffice's text does not show a row's last cell: the row
        # with one blank cell ((三)6, one longer run for one empty cell) shows that a blank cell adds one empty line,
        # and （三）4's one run of two is both its empty cells (stress seed 436, not --vary-print)
        (
            "s436-large-blank-cells.txt",
            "LibreOffice txt",
            "table3",
            {
                "（三）不予公开/6.属于四类过程性信息/自然人",
                "（三）不予公开/4.保护第三方合法权益/科研机构",
                "（三）不予公开/4.保护第三方合法权益/社会公益组织",
            },
        ),
        # get_text: two empty lines between cells, four between rows; the blank first cell makes the run after the
        # label longer (its cells' run: six)
        ("s401-mid-blank-cells-table12pt.get_text.txt", "BeautifulSoup get_text", "table3", {"（二）部分公开/自然人"}),
        # a saved page's get_text: six empty lines between cells, fourteen where a cell is blank
        (
            "s400-small-blank-cells-plain.webpage.get_text.txt",
            "saved web page get_text",
            "table3",
            {"（五）不予处理/3.要求提供公开出版物/商业企业"},
        ),
        # first, middle and last cell of one row: every edge of a row is regular in get_text, so the last shows too
        (
            "b508-three-plain.get_text.txt",
            "BeautifulSoup get_text",
            "table3",
            {f"（五）不予处理/1.信访举报投诉类申请/{c}" for c in ("自然人", "社会公益组织", "总计")},
        ),
        # table 二: the blank first cell of 行政规范性文件 (and 行政许可, a row of one cell, blank as a whole)
        (
            "b509-t2-table12pt.txt",
            "LibreOffice txt",
            "table2",
            {"行政规范性文件/本年制发件数", "行政许可/本年处理决定数量"},
        ),
        # table 二 with both rows of three short: no complete row shows the run between cells; it is the run after
        # the labels (none), as the label is a cell of its row like the others
        (
            "b626-t2-table9pt.txt",
            "LibreOffice txt",
            "table2",
            {"规章/本年废止件数", "行政规范性文件/本年制发件数"},
        ),
        # table 四's one row without a label: its own fourteen gaps show the pattern, the longer one the blank cell
        ("b501-t4-plain.get_text.txt", "BeautifulSoup get_text", "table4", {f"{spec.T4_ROW_KEY}/复议后起诉/尚未审结"}),
    ],
)
def test_a_blank_cell_printed_as_an_empty_line_is_read_blank(file, converter, table, blank):
    """Every cell read as printed (none inferred, none unread), the blank cells blank (the audit then gives T-12 at
    them, as for a docx), and the note says which cells were read blank from the empty lines."""
    score, result = _scored(file, converter)
    assert score.wrong_cells == [], result.notes
    assert (score.exact, score.inferred, score.unread) == (200, 0, 0), result.notes
    assert _blank_cells(result, table) == blank
    assert any("空行" in n for n in result.notes)


def test_a_blank_cell_whose_place_the_layout_does_not_tell_stays_unread():
    """LibreOffice's text of the report with three blank cells in one row (first, middle, last): the empty lines
    after a row's last cell vary there with the merged group cells (none, one or two), so the blank last cell does
    not show, and two longer runs for three empty cells leave their places open. The row is unread, never guessed;
    the rest of the table is read as printed."""
    score, result = _scored("b508-three-plain.txt", "LibreOffice txt")
    row = "（五）不予处理/1.信访举报投诉类申请"
    assert score.wrong_cells == []
    assert sorted(result.missing) == sorted(f"table3/{row}/{c}" for c in spec.T3_COLS)
    assert (score.exact, score.unread) == (193, 7)


def test_a_blank_edge_cell_of_a_row_without_a_label_stays_unread():
    """Table 四's first cell left blank, in LibreOffice's text: the row has no label, so nothing shows where it
    starts; the blank cell could be any edge. Unread, never shifted."""
    score, result = _scored("b502-t4edge-thousands.txt", "LibreOffice txt")
    assert score.wrong_cells == []
    assert {k for k in result.missing} == {f"table4/{spec.T4_ROW_KEY}/{c.col}" for c in spec.TABLE4.cells}


def test_a_row_of_empty_cells_broken_at_each_by_html2text_is_read_blank():
    """html2text breaks a row at the line break LibreOffice's HTML puts in an empty cell: a row left blank prints
    as its labels and a bar, then a line '|' for each further empty cell. The row is joined back and read blank,
    exactly as from the docx (seed 409: （四）1 left blank)."""
    score, result = _scored("s409-mid-blank-row-thousands.html2text.md", "html2text")
    assert score.wrong_cells == []
    assert (score.exact, score.inferred, score.unread) == (200, 0, 0), result.notes
    assert _blank_cells(result, "table3") == {f"（四）无法提供/1.本机关不掌握相关政府信息/{c}" for c in spec.T3_COLS}


# ---- the pattern itself, on the lines of LibreOffice's text -------------------------------------------------------


def _page(text: list[int], numbers: list[int]) -> cell_lines.Page:
    return cell_lines.Page(frozenset(text), frozenset(numbers), frozenset(text))


def test_two_longer_runs_for_one_blank_cell_are_not_read():
    """Rows printed like LibreOffice's text (label on line 0, 10, 20, …; cells on the lines after it): a row with
    six numbers and two longer runs among them has one blank cell too few for the runs; which run is a blank cell
    (and what the other is) the layout does not tell."""
    rows = [cell_lines.Row((k * 10, k * 10), tuple(range(k * 10 + 1, k * 10 + 8)), 7, False) for k in range(4)]
    short = cell_lines.Row((40, 40), (41, 43, 44, 46, 47, 48), 7, True)
    page = _page([r.label[0] for r in [*rows, short] if r.label], [n for r in [*rows, short] for n in r.lines])
    table = cell_lines.pattern([*rows, short], page)
    assert table == cell_lines.Pattern(0, 0, 2)
    assert cell_lines.blanks(table, short, page) is None
    one = cell_lines.Row((40, 40), (41, 43, 44, 45, 46, 47), 7, True)
    page = _page([r.label[0] for r in [*rows, one] if r.label], [n for r in [*rows, one] for n in r.lines])
    assert cell_lines.blanks(table, one, page) == (1,)


def test_a_table_whose_rows_print_their_cells_unlike_shows_no_pattern():
    """A complete row with a longer run among its cells (a page break, a wrapped cell): the table's rows do not print
    alike, and no row of it is read by its empty lines."""
    rows = [cell_lines.Row((k * 10, k * 10), tuple(range(k * 10 + 1, k * 10 + 8)), 7, False) for k in range(4)]
    rows[2] = cell_lines.Row((20, 20), (21, 22, 23, 25, 26, 27, 28), 7, False)
    page = _page([r.label[0] for r in rows if r.label], [n for r in rows for n in r.lines])
    assert cell_lines.pattern(rows, page) is None


def test_empty_cells_at_both_ends_of_a_markdown_row_with_one_too_many_are_not_read():
    """pandoc's Markdown of the docx (a report like seed 604: row （一） all 0, its 总计 left blank) fills the second
    grid column of a label spanned over two with an empty cell, so the row prints an empty cell before its numbers and
    its blank 总计 after them: eight cells for seven, empty at both ends. Dropping the last read the filler as a blank
    自然人 and shifted the row (0 in 总计, presented as read); which end is not the row's is not known, so the row is
    unread, and the rest of the table read as printed."""
    score, result = _scored("b604-last-table12pt.pandoc-docx.md", "pandoc docx→md")
    row = "（一）予以公开"
    assert score.wrong_cells == []
    assert sorted(result.missing) == sorted(f"table3/{row}/{c}" for c in spec.T3_COLS)
    assert any("首尾都是空格子" in n for n in result.notes)


def test_a_run_that_is_not_whole_blank_cells_is_not_read():
    """When the table shows how many empty lines a blank cell adds (one, in LibreOffice's text), a longer run is read
    as that many blank cells only when it is a whole number of them and they are all the row's empty cells."""
    rows = [cell_lines.Row((k * 10, k * 10), tuple(range(k * 10 + 1, k * 10 + 8)), 7, False) for k in range(4)]
    short = cell_lines.Row((40, 40), (41, 42, 45, 46, 47), 7, False)  # a run of two among five numbers
    page = _page([*(r.label[0] for r in rows), 40, 50], [n for r in [*rows, short] for n in r.lines])
    table = cell_lines.Pattern(0, 0, None)
    assert cell_lines.blanks(table, short, page) is None  # one run, two empty cells, the row's end not shown
    assert cell_lines.blanks(table, short, page, unit=1) == (2, 3)
    assert cell_lines.blanks(table, short, page, unit=2) is None  # one blank cell: the other would be unseen
    assert cell_lines.blanks(table, short, page, unit=3) is None
