"""Table rows read by the columns that pdftotext -layout keeps (``importers.columns``).

The whole converter outputs are kept as fixtures (tests/fixtures/stress/, the tables of their generated reports in
truth.json, made by ``benchmarks/import_stress.py``'s ``source(seed, True)``): the cases arise only in a whole table,
whose rows printed whole give the columns. The inline texts below are cut from the same outputs.
"""

from __future__ import annotations

from test_import_stress_cases import _scored

from xltool import spec
from xltool.importers import columns, tables


def _table3_exact(result, truth) -> None:
    """Every cell of table 三 read as printed: the printed value, neither inferred nor unread."""
    data = result.report.to_json()["table3"]
    assert data == truth["table3"], result.notes
    assert not [k for k in result.missing + result.inferred if k.startswith("table3/")], result.notes


def test_a_blank_cell_is_read_blank_where_the_columns_show_its_gap():
    """Seed 400 (a clerk left a 0 empty, the totals add up): '3.要求提供公开出版物    0         0    0     9     9    18'
    holds six numbers for seven cells. As a list of numbers it may be digits run together or a blank cell, and it was
    left unread; the gap stands where 商业企业's column is on every whole row around it: read blank, as printed (the
    audit then reports T-12 at that cell, as for a docx)."""
    score, result, truth = _scored("s400-small-blank-cells-plain")
    assert score.wrong_cells == [], result.notes
    _table3_exact(result, truth)
    row = "（五）不予处理/3.要求提供公开出版物"
    assert result.report.get("table3", row, "商业企业") is None
    assert f"table3/{row}/商业企业" not in result.missing


def test_wrapped_halves_are_joined_by_their_columns():
    """Seed 412, tables printed at 12 pt with five- and six-digit counts: the heads of wrapped cells stand on the line
    above the label, the tails below, each in its cell's column, some cells between them unwrapped
    ('4.保护第三方合法权 2151  2892 1727 5582 1235' / '（三） 26 19' / '三、 益 0  4 2 8 79'); a line of halves between
    two labels belongs to the row whose missing columns it fills. Read as lists of numbers, 133 cells were unread
    ("拼合后有 6 种放法均与合计相符"); by the columns every cell of table 三 is read as printed."""
    score, result, truth = _scored("s412-huge-clean-table12pt")
    assert score.wrong_cells == [], result.notes
    _table3_exact(result, truth)


def test_a_row_beside_a_line_of_halves_is_not_read_with_blank_cells():
    """Seed 403: '（七）总计  8694 17705  7879 12021 8559' holds five numbers, the heads '1547' '7033' of its other two
    cells on the line above (set askew: pdftotext shifts wide numbers on that line), the tails '8' '6' below. With lines
    of numbers beside it, a row's gaps are not blank cells: it was read with 科研机构 and 总计 blank; it is left to the
    reading by labels (inferred from the row's sums)."""
    score, result, truth = _scored("s403-large-clean-plain")
    assert score.wrong_cells == [], result.notes
    assert result.report.to_json()["table3"]["（七）总计"] == truth["table3"]["（七）总计"]


def _placed(line: str) -> list[columns.Placed]:
    return tables.tokenize(line).placed.get(0, [])


#: Whole rows of one page of seed 400's -layout output, and the numbers of its row with a blank cell.
PAGE = [
    "理结      1.属于国家秘密       7    0     0   0   9       9    25",
    "                       9    9    6    9     9     0    42",
    "        2.重复申请         0    8    9    6     0     9    32",
]
BLANK_CELL = "        3.要求提供公开出版物    0         0    0     9     9    18"


def test_numbers_are_placed_in_the_columns_of_the_whole_rows_around_them():
    lines = [*PAGE, BLANK_CELL]
    numbers = {k: _placed(line) for k, line in enumerate(lines)}
    refs = columns.references(numbers, 7)
    assert sorted(refs) == [0, 1, 2]
    assert columns.place_line(3, numbers[3], refs) == (0, 2, 3, 4, 5, 6)


def test_columns_of_another_page_do_not_place_a_line():
    """The reference lines above stand on the page before (an empty line between): their columns are elsewhere, so
    the line is not placed by them alone, and where those of its own page disagree with them it is not placed."""
    shifted = [" " * 5 + line for line in PAGE]  # the next page's grid stands five columns (one cell) further right
    lines = [*PAGE, "", BLANK_CELL, *shifted]
    numbers = {k: _placed(line) for k, line in enumerate(lines) if _placed(line)}
    refs = columns.references(numbers, 7)
    empty = frozenset({3})
    assert columns.place_line(4, numbers[4], refs, empty) is None


def test_text_without_columns_takes_no_column_path():
    """pdfplumber's text and pdftotext -raw put one space between numbers: no line is a reference, nothing is placed
    by position (the rows are read as lists of numbers, as before)."""
    lines = [
        "1.属于国家秘密 7 0 0 0 9 9 25",
        "9 9 6 9 9 0 42",
        "2.重复申请 0 8 9 6 0 9 32",
        "3.要求提供公开出版物 0 0 0 9 9 18",
    ]
    numbers = {k: _placed(line) for k, line in enumerate(lines)}
    assert columns.references(numbers, 7) == {}
    own = {i: [k] for i, k in enumerate(range(4))}
    assert columns.read_rows(own, numbers, 7) == {}


def test_a_wrapped_row_is_joined_only_in_its_columns():
    """Seed 412's （一）予以公开: heads '4427' '4441' above, tails '2' '1' below, each in the column the label line
    leaves empty; between whole rows that give the columns."""
    lines = [
        "                   29    5   10   79    1   23   97",
        "                                      4427      4441",
        "   （一）予以公开          1   43   95    0         0",
        "                                        2         1",
        "       3.其他        42    0    0   43    8    6   99",
    ]
    numbers = {k: p for k, line in enumerate(lines) if (p := _placed(line))}
    own = {0: [0], 1: [2], 2: [4]}
    read = columns.read_rows(own, numbers, 7)
    assert read[1][0] == ("1", "43", "95", "0", "44272", "0", "44411")


def test_cells_printed_close_together_are_not_split_by_the_prior():
    """Seed 290 (plain print, five-digit counts): pdftotext -layout prints two narrow cells of '5.属于三类内部事务信息'
    close together, '1  43  44  6  4  62' for 1, 43, 4, 4, 6, 4, 62, and squeezes the line so that its columns are
    not those of the whole rows around it (read by one of them, 商业企业 would be blank: the lines disagree, so it is
    not placed). As run-together digits, '1、4、3、44…' and '1、43、4、4…' both fit every sum, and the prior took the
    first (inferred, but wrong). In text laid out in columns, neighbouring cells printed close are as likely as any
    split: the row is unread, with both splits in the note."""
    score, result, truth = _scored("s290-huge-clean")
    assert score.wrong_cells == [], result.notes
    row = "（三）不予公开/5.属于三类内部事务信息"
    assert all(f"table3/{row}/{c}" in result.missing for c in spec.T3_COLS)
    assert any("1、4、3、44、6、4、62" in n and "1、43、4、4、6、4、62" in n and "未读取" in n for n in result.notes)


def test_table4_wrapped_is_read_in_the_order_of_its_columns():
    """Seed 412's table 四 at 12 pt: heads '763 275 351 … 125 125' over the line of the cells that fit, tails
    '3  23 74 … 78 89' under it. A table of one row has no whole row to give the columns; the heads stand over their
    tails, and heads and cells in the order across the page are the fifteen cells: read as printed."""
    score, result, truth = _scored("s412-huge-clean-table12pt")
    assert score.wrong_cells == [], result.notes
    assert result.report.to_json()["table4"] == truth["table4"]
    assert not [k for k in result.missing + result.inferred if k.startswith("table4/")], result.notes


#: pdftotext -layout of seed 604's table 四 (12 pt): heads, the cells that fit, tails.
TABLE4_WRAPPED = [
    "     201 231 394 827      358     358 263               264",
    " 0                     0      0 0           0   0   1",
    "      2   1   7   0        6       6   9                 0",
]


def test_a_lone_row_is_joined_by_the_order_of_its_numbers():
    numbers = {k: _placed(line) for k, line in enumerate(TABLE4_WRAPPED)}
    read = columns.read_lone_row(numbers, set(), 15)
    assert read is not None
    assert read[0] == (
        "0",
        "2012",
        "2311",
        "3947",
        "8270",
        "0",
        "3586",
        "0",
        "0",
        "3586",
        "2639",
        "0",
        "0",
        "1",
        "2640",
    )


def test_a_lone_row_without_columns_or_with_text_is_not_joined():
    """Single spaces (pdfplumber's text) say nothing of where the numbers stand; a line with text on it is not a line
    of numbers; heads not over their tails are not halves of the same cells."""
    single = [" ".join(line.split()) for line in TABLE4_WRAPPED]
    assert columns.read_lone_row({k: _placed(x) for k, x in enumerate(single)}, set(), 15) is None
    numbers = {k: _placed(line) for k, line in enumerate(TABLE4_WRAPPED)}
    assert columns.read_lone_row(numbers, {1}, 15) is None
    askew = {**numbers, 2: _placed("  " + TABLE4_WRAPPED[2])}
    assert columns.read_lone_row(askew, set(), 15) is None


def test_a_gap_that_breaks_the_row_sum_is_not_kept_as_a_blank_cell():
    """Seed 290's '5.属于三类内部事务信息   1        43    44    6    4   62' (1, 43, 4, 4, 6, 4, 62, two cells printed as
    '44') fits the columns of the whole row five lines below with 商业企业 blank, as pdftotext set the line askew. A
    clerk's blank is a 0 that keeps the sums; 1 + 43 + 44 + 6 + 4 ≠ 62, so the gap is not read as a blank cell (the
    reader by labels weighs the row). A gap that keeps the sums (seed 400's （五）3) is."""
    row = next(r for r in tables.layout(spec.TABLE3).rows if r.key == "（三）不予公开/5.属于三类内部事务信息")
    inside = tables._row_identities(tables.identities(tables.layout(spec.TABLE3)))[row.key]
    assert not tables._gaps_hold(row, ("1", "", "43", "44", "6", "4", "62"), inside)
    assert tables._gaps_hold(row, ("0", "", "0", "0", "9", "9", "18"), inside)
    assert tables._gaps_hold(row, ("1", "43", "4", "4", "6", "4", "63"), inside)  # no gap: as printed, sums or not


def test_wrapped_numbers_with_thousands_separators_are_joined_by_their_columns():
    """Seed 510, huge counts printed with thousands separators: a wrapped cell's head keeps its separator
    ('68,05' over the label, '8' under it: 68,058), which the tokens read as 68, a separator and 05. Joined back as
    the head it is, it pairs with its tail in its column: rows of table 三 (一、本年新收, （一）) and table 四 are read as printed
    (148 cells were unread)."""
    score, result, truth = _scored("s510-huge-planted-thousands")
    assert score.wrong_cells == [], result.notes
    data = result.report.to_json()
    for row in (spec.T3_ROWS[0], spec.T3_ROWS[2]):  # 一、本年新收, （一）予以公开
        assert data["table3"][row.key] == truth["table3"][row.key]
        assert not any(f"table3/{row.key}/{c}" in result.missing + result.inferred for c in spec.T3_COLS)
    assert data["table4"] == truth["table4"]
    assert not [k for k in result.missing + result.inferred if k.startswith("table4/")]


def test_a_head_with_a_separator_is_only_ever_a_head():
    """'12,70' is the head of a wrapped number: alone in its column (no tail) it is not a cell."""
    lines = [
        "   1     2     3     4     5     6    21",
        "   1     2     3     4     5     6    21",
        "一、本年新收    1     2     3     4     5     6  12,70",
        "   1     2     3     4     5     6    21",
    ]
    numbers = {k: _placed(line) for k, line in enumerate(lines)}
    assert columns.read_rows({0: [2]}, numbers, 7) == {}


def test_rows_on_a_page_without_a_whole_row_are_read_by_the_order_of_their_columns():
    """Seeds 1040 and 1012 (five- and six-digit counts): on the table's first page every row wraps, so no line holds
    a whole row to give the columns ('2059  2901 1564  2607' / '一、本年新收…  2248  1987  5878' / '95  9  6  73').
    The rows' own lines do: each head stands over its tail, the unwrapped cells between, seven columns clearly apart,
    and the other row on the page stands in the same columns with other cells wrapped. Those rows, and the rows of
    later pages whose reference lines disagree (pdftotext sets a page's lines at slightly different scales), were
    unread ("拼合后有 N 种放法均与合计相符"); they are read as printed, and nothing is read wrong."""
    for name in ("s1040-huge-blank-cells-plain", "s1012-huge-planted-plain"):
        score, result, truth = _scored(name)
        assert score.wrong_cells == [], result.notes
        got = result.report.to_json()["table3"]
        for row in (spec.T3_RECEIVED, spec.T3_CARRIED_IN):
            assert got[row] == truth["table3"][row], (name, row)
            assert not [c for c in spec.T3_COLS if f"table3/{row}/{c}" in result.missing + result.inferred], row
        assert score.unread <= 14, (name, result.notes)


def test_a_row_read_by_order_is_kept_only_when_its_sums_hold():
    """Seed 1012's planted cell (（六）2, 科研机构 +100) is in a row that only the order of its numbers places: that
    is weaker evidence than a whole row's columns, so the row's sums must hold; they do not, and the row is left to
    the reading by labels (unread), not read as printed."""
    score, result, _truth = _scored("s1012-huge-planted-plain")
    assert score.wrong_cells == [], result.notes
    row = "（六）其他处理/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    assert all(f"table3/{row}/{c}" in result.missing for c in spec.T3_COLS)


def test_a_row_whose_label_line_is_stretched_is_not_read_by_order_alone():
    """Seed 1040's 四、结转下年度继续办理: '3064 … 4573' / '四、结转…  76  0  0  15012  0' / '6 … 4'. The label
    line stands at another scale than the lines of halves (its 科研机构 is 3.5 characters right of that column on the
    whole row of heads above), so a cell printed whole could have passed a wrapped neighbour, a swap the sums do not
    show: with no other evidence on the page in the same columns, the order of its numbers does not place the row.
    Seed 1054's 二 has only its 总计 wrapped: a swap with it would break the sums, and the row is read as printed."""
    score, result, _truth = _scored("s1040-huge-blank-cells-plain")
    assert score.wrong_cells == [], result.notes
    row = "四、结转下年度继续办理"
    assert any(f"table3/{row}/{c}" in result.missing + result.inferred for c in spec.T3_COLS)
    score, result, truth = _scored("s1054-large-blank-row-thousands")
    assert score.wrong_cells == [], result.notes
    assert result.report.to_json()["table3"][spec.T3_CARRIED_IN] == truth["table3"][spec.T3_CARRIED_IN]
    assert not [k for k in result.missing + result.inferred if k.startswith(f"table3/{spec.T3_CARRIED_IN}/")]


def test_a_stretched_label_line_does_not_swap_cells_by_order():
    """The lines of halves of a row at one scale, its label line stretched so that 法律服务机构's '4' stands right of
    其他's wrapped '4997' / '5' (seed 1012's （六）3 with the shift made larger): seven columns clearly apart, and the
    sums hold after the swap; with nothing else on the page to confirm the columns, the row is not read."""
    lines = [
        "                                           1609                   4997          6614",
        "          3.其他                 56                0      14                 4",
        "                                            7                      5             6",
    ]
    numbers = {k: p for k, line in enumerate(lines) if (p := _placed(line))}
    assert columns.read_rows({0: [1]}, numbers, 7, total=6) == {}


def test_a_reference_line_set_askew_does_not_keep_a_row_unplaced():
    """Seed 1023 (9 pt, cells of 0 left empty): the page's first whole row '4.保护第三方合法权益    0   0   48   60  0
    …  0     108' stands at another scale than the rest of the page (its first five columns 3-12 characters left of
    theirs), so it cannot place '5.属于三类内部事务信息  0  0  4  0  0  4' under it, while the whole rows below place
    the gap alike, at 其他. A reference line that far off the others is no evidence against them: （三）5 and （三）6
    are read with 其他 blank, as printed. A reference line that places a line otherwise still leaves it unplaced."""
    score, result, truth = _scored("s1023-zeros-blank-cells-table9pt")
    assert score.wrong_cells == [], result.notes
    got = result.report.to_json()["table3"]
    for row in ("（三）不予公开/5.属于三类内部事务信息", "（三）不予公开/6.属于四类过程性信息"):
        assert got[row] == truth["table3"][row], row
        assert f"table3/{row}/其他" not in result.missing


def test_reference_lines_that_place_a_line_otherwise_leave_it_unplaced():
    """Two whole rows place '0  0  4  0  0  4' in their first six columns; a third, askew of them (one column to the
    left), would put it one column further right: the line is not placed (only reference lines that cannot place it
    at all are set aside)."""
    lines = [
        "          0    0    4    0    0    9    13",
        "          0    0    4    0    0    4",
        "          0    0    4    0    0    9    13",
        "     0    0    4    0    0    9    13",
    ]
    numbers = {k: _placed(line) for k, line in enumerate(lines)}
    refs = columns.references(numbers, 7)
    assert sorted(refs) == [0, 2, 3]
    assert columns.place_line(1, numbers[1], {k: refs[k] for k in (0, 2)}) == (0, 1, 2, 3, 4, 5)
    assert columns.place_line(1, numbers[1], refs) is None
