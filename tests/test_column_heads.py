"""Cells of table 三 in blocks that the print places: a column header followed by all of its page's numbers
(xltool.importers.column_heads, used by the block reading of xltool.importers.blocks).

The text is table 三 as pdftotext's default mode prints it over two pages (generated reports, the converter matrix):
each page starts with the header note, then its row labels; page one then prints 自然人's numbers, 商业企业's header
and numbers, the headers of the three narrow columns and their twelve numbers row by row, 其他 and 总计 with theirs;
page two prints its numbers column by column without headers.
"""

from __future__ import annotations

from test_blocks import _all_cells, _varied_table3

from xltool import spec
from xltool.importers import blocks, column_heads
from xltool.importers.tables import EXACT, INFERRED, layout, read_table, tokenize

FIRST_PAGE = 4  # rows on page one
NARROW = spec.T3_COLS[2:5]  # 科研机构 社会公益组织 法律服务机构: one block


def _two_pages(
    values: dict[str, list[int]], mark_second: bool = True, heads: tuple[str, str] = ("其他", "总计")
) -> str:
    rows = spec.T3_ROWS
    column = {j: [str(values[r.key][j]) for r in rows[:FIRST_PAGE]] for j in range(len(spec.T3_COLS))}
    lines = ["三、收到和处理政府信息公开申请情况", spec.T3_NOTE, "自然人", *(r.printed for r in rows[:FIRST_PAGE])]
    lines += ["", *column[0], "", "商业", "企业", *column[1], "", "申请人情况", "法人或其他组织", "社会 法律", "科研"]
    lines += ["公益 服务", "机构", "组织 机构"]
    lines += [str(values[r.key][j]) for r in rows[:FIRST_PAGE] for j in range(2, 5)]
    lines += ["", heads[0], *column[5], "", heads[1], *column[6], "", ""]
    lines += [spec.T3_NOTE if mark_second else "", "自然人", *(r.printed for r in rows[FIRST_PAGE:])]
    for j in range(len(spec.T3_COLS)):
        lines += ["", *(str(values[r.key][j]) for r in rows[FIRST_PAGE:])]
    return "\n".join(lines) + "\n"


def _page_one(values: dict[str, list[int]], cols: tuple[str, ...]) -> dict[tuple[str, str], int]:
    return {(r.key, c): values[r.key][spec.T3_COLS.index(c)] for r in spec.T3_ROWS[:FIRST_PAGE] for c in cols}


def test_a_header_followed_by_its_pages_numbers_is_read_as_printed_and_the_rest_inferred():
    values = _varied_table3(7)
    text = _two_pages(values)
    lay = layout(spec.TABLE3)
    headed = column_heads.under_headers(lay, tokenize(text))
    assert headed.exact == _page_one(values, ("自然人", "商业企业", "其他", "总计"))  # 自然人: the column left
    (by_rows, by_cols), *more = headed.either  # the narrow columns: row by row or column by column, not said
    assert not more and by_rows == _page_one(values, NARROW) and by_cols != by_rows
    read = blocks.read_in_blocks(read_table(lay, text), text)
    assert read is not None and read.values == _all_cells(values)
    assert {k for k, p in read.provenance.items() if p == EXACT} == set(headed.exact)
    assert {p for k, p in read.provenance.items() if k not in headed.exact} == {INFERRED}
    assert "紧接在栏目名称" in read.notes[-1]


def test_without_the_pages_rows_known_nothing_is_placed_by_its_header():
    """The second page's header note missing: page one's rows run on into the labels printed after the blocks."""
    values = _varied_table3(7)
    text = _two_pages(values, mark_second=False)
    lay = layout(spec.TABLE3)
    assert column_heads.under_headers(lay, tokenize(text)).exact == {}
    read = blocks.read_in_blocks(read_table(lay, text), text)
    assert read is not None and set(read.provenance.values()) == {INFERRED}


def test_a_header_block_with_fewer_numbers_than_the_pages_rows_is_not_placed():
    values = _varied_table3(7)
    lay = layout(spec.TABLE3)
    tokens = tokenize(_two_pages(values).replace("企业\n", "企业\n\n", 1))  # 商业企业's numbers apart from it
    assert column_heads.under_headers(lay, tokens).exact == _page_one(values, ("其他", "总计"))


def test_the_column_left_is_placed_only_as_one_block_of_its_pages_rows():
    """Page one's 自然人 numbers printed as two text blocks: which comes first is not printed; the headed columns
    stay exact. One number more on the page (the head of a wrapped one) and the page's numbers are not its cells."""
    values = _varied_table3(7)
    lay = layout(spec.TABLE3)
    first = str(values[spec.T3_ROWS[0].key][0])
    split = _two_pages(values).replace(f"\n\n{first}\n", f"\n\n{first}\n\n", 1)
    assert column_heads.under_headers(lay, tokenize(split)).exact == _page_one(values, ("商业企业", "其他", "总计"))
    extra = column_heads.under_headers(lay, tokenize(_two_pages(values).replace("\n\n商业\n", "\n\n9\n\n商业\n", 1)))
    assert extra.exact == _page_one(values, ("商业企业", "其他", "总计")) and len(extra.either) == 1


def test_a_grid_that_the_headers_contradict_is_not_read():
    """Headers printed over the wrong numbers (其他 and 总计 swapped): the one grid the identities prove puts them
    elsewhere, and two readings that disagree prove nothing."""
    values = _varied_table3(7)
    text = _two_pages(values, heads=("总计", "其他"))
    lay = layout(spec.TABLE3)
    assert column_heads.under_headers(lay, tokenize(text)).exact == _page_one(values, ("自然人", "商业企业")) | {
        (r.key, c): values[r.key][6 if c == "其他" else 5] for r in spec.T3_ROWS[:FIRST_PAGE] for c in ("其他", "总计")
    }
    assert blocks.read_in_blocks(read_table(lay, text), text) is None


def test_a_table_the_blocks_cannot_read_keeps_the_cells_its_headers_place():
    """The block reading finds no single grid (gen-blank, pdftotext: page two's blocks follow no order it knows):
    page one's headed columns are read as printed on their own; its narrow columns in the order that the page's row
    totals prove (row by row here), inferred; the rest stays unread."""
    values = _varied_table3(7)
    text = _two_pages(values)
    lay = layout(spec.TABLE3)
    read = column_heads.read_under_headers(read_table(lay, text), text)
    assert read is not None
    exact = {k for k, p in read.provenance.items() if p == EXACT}
    assert exact == set(_page_one(values, ("自然人", "商业企业", "其他", "总计")))
    assert {k for k, p in read.provenance.items() if p == INFERRED} == set(_page_one(values, NARROW))
    assert all(read.values[k] == v for k, v in _all_cells(values).items() if read.provenance[k] != "missing")
    assert sum(p == "missing" for p in read.provenance.values()) == (len(spec.T3_ROWS) - FIRST_PAGE) * 7
    assert "按原文读取" in read.notes[-2] and "按行排列" in read.notes[-1]


def test_narrow_columns_whose_order_the_row_totals_cannot_prove_stay_unread():
    """A planted error in page one's first 总计 (read as printed): neither order makes that row add up."""
    values = _varied_table3(7)
    printed = {**values, spec.T3_ROWS[0].key: [*values[spec.T3_ROWS[0].key][:6], values[spec.T3_ROWS[0].key][6] + 5]}
    text = _two_pages(printed)
    lay = layout(spec.TABLE3)
    read = column_heads.read_under_headers(read_table(lay, text), text)
    assert read is not None and read.values[(spec.T3_ROWS[0].key, "总计")] == values[spec.T3_ROWS[0].key][6] + 5
    assert {k for k, p in read.provenance.items() if p == INFERRED} == set()
    assert all(read.provenance[k] == "missing" for k in _page_one(values, NARROW))


def _headed_second_page(values: dict[str, list[int]]) -> str:
    """Page two with 商业企业's header printed again over its top cell (then that column's other numbers)."""
    row = spec.T3_ROWS[FIRST_PAGE].key
    text = _two_pages(values)
    column = "".join(f"\n{values[r.key][1]}" for r in spec.T3_ROWS[FIRST_PAGE:])
    rest = "".join(f"\n{values[r.key][1]}" for r in spec.T3_ROWS[FIRST_PAGE + 1 :])
    assert column in text
    page_two = text.rindex(spec.T3_NOTE)
    at = text.index("\n\n", text.index(spec.T3_ROWS[-1].printed, page_two))
    head = f"\n\n商业\n企业\n{values[row][1]}"
    return text[:at] + head + text[at:].replace(column, rest, 1)


def test_a_header_over_the_top_cell_of_a_page_that_prints_every_cell_places_it_only_for_the_search():
    values = _varied_table3(7)
    lay = layout(spec.TABLE3)
    text = _headed_second_page(values)
    top = {(spec.T3_ROWS[FIRST_PAGE].key, "商业企业"): values[spec.T3_ROWS[FIRST_PAGE].key][1]}
    assert column_heads.under_headers(lay, tokenize(text)).top == top
    read = column_heads.read_under_headers(read_table(lay, text), text)
    assert read is not None and read.provenance[next(iter(top))] == "missing"  # not on its own
    last = f"\n{values[spec.T3_ROWS[-1].key][6]}\n"  # the last cell of page two, left blank
    blank = text[: text.rindex(last)] + "\n\n" + text[text.rindex(last) + len(last) :]
    assert column_heads.under_headers(lay, tokenize(blank)).top == {}
