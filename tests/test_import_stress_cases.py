"""Wrong cells found by the stress run (benchmarks/import_stress.py), each as the converter printed it: table 三 of a
generated report whose five-digit cells wrap inside their narrow columns in the Word report's PDF (seed 103). A cell
is read right or left unread with a reason, never read wrong; a row printed plainly beside them is read as printed.

pdftotext -layout (and pdfplumber, alike) prints the first digits of a wrapped cell on the line above its row and the
rest on the line below, or on the label's next line; pdftotext's default mode prints a row's cells one per line, with
the label's lines and the halves of wrapped cells among them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_importers import REAL
from test_table_reading import _read, _table3_text
from test_table_reading import text as text  # noqa: F401  (the fixture)

from xltool import spec
from xltool.importers import read_report

#: The printed values of the rows in the pages below.
TRUTH = {
    "一、本年新收政府信息公开申请数量": [44955, 100037, 7676, 11197, 246337, 75231, 485433],
    "二、上年结转政府信息公开申请数量": [82169, 86190, 70419, 217656, 77357, 79283, 613074],
    "（一）予以公开": [5, 62, 0, 67, 6, 25, 165],
    "（三）不予公开/5.属于三类内部事务信息": [0, 72, 52, 9, 45672, 15213, 61018],
    "（三）不予公开/6.属于四类过程性信息": [39221, 39418, 99, 22176, 53829, 4638, 159381],
    "（三）不予公开/7.属于行政执法案卷": [0, 0, 9402, 0, 38593, 69, 48064],
    "（三）不予公开/8.属于行政查询事项": [0, 0, 62, 7, 38272, 0, 38341],
    "（五）不予处理/1.信访举报投诉类申请": [44009, 38080, 79, 67, 86, 8, 82329],
    "（五）不予处理/2.重复申请": [71, 27052, 12, 32087, 6547, 79, 65848],
    "（五）不予处理/3.要求提供公开出版物": [0, 52, 0, 3, 91, 21273, 21419],
    "（五）不予处理/4.无正当理由大量反复申请": [6, 95, 5, 0, 0, 9364, 9470],
    "（五）不予处理/5.要求行政机关确认或重新出具已获取信息": [22, 30303, 19874, 0, 25343, 6, 75548],
    "（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": [
        33,
        18391,
        37,
        37193,
        1,
        9,
        55664,
    ],
}

#: pdftotext -layout, the table's first page: 一 and 二 wrapped (二's label line holds no number, its tails are a bare
#: line right before （一）, which has its own numbers on its label's line).
LAYOUT_TOP = """\
                                      申请人情况
                                    法人或其他组织
（本列数据的勾稽关系为：第一项加第二项
                    自然                  社会 法律
  之和，等于第三项加第四项之和）          商业     科研                   总计
                    人                   公益 服务 其他
                           企业     机构
                                        组织 机构
                    4495   1000              2463 7523 4854
一、本年新收政府信息公开申请数量                  7676 11197
                      5     37                37    1    33
                    8216   8619   7041 2176 7735 7928 61307
二、上年结转政府信息公开申请数量
                      9      0     9     56    7    3     4
   （一）予以公开            5     62      0    67    6   25   165"""

#: pdftotext -layout: wrapped cells whose halves fit the row total in more than one placement.
LAYOUT_PLACEMENTS = """\
   （三）不                                  4567
        5.属于三类内部事务信息   0   72   52    9       15213 61018
    予公开                                    2
                     3922 3941      2217 5382       1593
        6.属于四类过程性信息             99            4638
                       1    8         6    9          81
                                         3859       4806
        7.属于行政执法案卷     0    0  9402   0         69
                                           3          4
                                         3827       3834
        8.属于行政查询事项     0    0   62    7          0
                                           2           1"""

#: pdftotext -layout: （五） and （六）1, whose label line holds seven numbers, two of them heads whose tails are on
#: the label's next line.
LAYOUT_TAILS = """\
                     4400 3808                      8232
        1.信访举报投诉类申请             79   67   86     8
                       9    0                         9
                          2705      3208            6584
        2.重复申请        71        12       6547   79
                            2         7               8
   （五）不                                        2127
        3.要求提供公开出版物    0   52    0    3   91        21419
   予处理                                           3
        4.无正当理由大量反复申
                       6   95    5    0    0  9364 9470
        请
        5.要求行政机关确认或重      3030 1987      2534       7554
                      22              0          6
        新出具已获取信息            3    4         3          8
   （六）其 1.申请人无正当理由逾期 33 18391 37    3719   1     9  5566
   他处理 不补正、行政机关不再                     3               4
        处理其政府信息公开申
        请"""

#: pdftotext's default mode: a cell per line, the group label's fragments and a wrapped cell's tail among them.
DEFAULT_STREAM = """\
（五）不
2127
3.要求提供公开出版物
0
52
0
3
91
21419
予处理
3
4.无正当理由大量反复申
6
95
5
0
0
9364 9470
请"""

#: pdftotext's default mode (seed 110): the heads of a row's wrapped cells on one line before its label, the tails one
#: per line after it, as the cells of a row that is not wrapped are printed.
DEFAULT_TAILS = """\
9095 8892 6753
6774 5339 3747
一、本年新收政府信息公开申请数量
6242
2
9
5
1
9
98
2463 8344 1029 2621 1464 11351 49721
二、上年结转政府信息公开申请数量
8
2
96
6
07
8
7
（一）予以公开
7
68
76
0
1
56
208"""
TRUTH_TAILS = {
    "一、本年新收政府信息公开申请数量": [90952, 88929, 67535, 6242, 67741, 53399, 374798],
    "二、上年结转政府信息公开申请数量": [24638, 83442, 102996, 26216, 146407, 113518, 497217],
    "（一）予以公开": [7, 68, 76, 0, 1, 56, 208],
}

#: The page, and the rows it prints exactly as a row is printed (each number on its label's line, nothing wrapped).
PAGES = {
    "layout-top": (LAYOUT_TOP, ["（一）予以公开"]),
    "layout-placements": (LAYOUT_PLACEMENTS, []),
    "layout-tails": (LAYOUT_TAILS, []),
    "default-stream": (DEFAULT_STREAM, ["（五）不予处理/4.无正当理由大量反复申请"]),
    "default-tails": (DEFAULT_TAILS, []),
}
HEADER = ["申请人情况", "自然人 法人或其他组织 总计", "商业企业 科研机构 社会公益组织 法律服务机构 其他"]


@pytest.mark.parametrize("page", list(PAGES))
def test_wrapped_cells_are_read_right_or_left_unread(tmp_path, text, page):  # noqa: F811
    printed, plain = PAGES[page]
    truth = TRUTH_TAILS if page == "default-tails" else TRUTH
    result = _read(tmp_path, _table3_text(text, HEADER + printed.splitlines()))
    report = result.report
    wrong = []
    for row in spec.T3_ROWS:
        for n, col in enumerate(spec.T3_COLS):
            how = report.provenance.get(f"table3/{row.key}/{col}", "exact")
            want = truth[row.key][n] if row.key in truth else None
            if how != "missing" and report.get("table3", row.key, col) != want:
                wrong.append((row.key, col, report.get("table3", row.key, col), want, how))
    assert wrong == [], result.notes
    for key in plain:
        assert [report.get("table3", key, c) for c in spec.T3_COLS] == TRUTH[key]
        assert all(report.provenance.get(f"table3/{key}/{c}", "exact") == "exact" for c in spec.T3_COLS)


def test_halves_that_fit_several_placements_are_left_unread_with_the_placements(tmp_path, text):  # noqa: F811
    """Read as lists of numbers (the same page with single spaces, as pdfplumber prints it: no positions), （三）6's
    halves join to its total in several placements: unread, the placements listed. With pdftotext -layout's columns,
    its heads stand over their tails, 科研机构 and 其他 between, in the columns that （三）5 beside it also shows: read
    as printed."""
    spaced = [" ".join(line.split()) for line in LAYOUT_PLACEMENTS.splitlines()]
    result = _read(tmp_path, _table3_text(text, HEADER + spaced))
    row = "（三）不予公开/6.属于四类过程性信息"
    assert all(f"table3/{row}/{c}" in result.missing for c in spec.T3_COLS)
    assert any("折行" in n and "放法" in n and "39221" in n for n in result.notes)
    result = _read(tmp_path, _table3_text(text, HEADER + LAYOUT_PLACEMENTS.splitlines()))
    assert [result.report.get("table3", row, c) for c in spec.T3_COLS] == TRUTH[row]
    assert not [c for c in spec.T3_COLS if f"table3/{row}/{c}" in result.missing + result.inferred]


# ---- cells left blank (stress run: cells of 0 left empty, the totals still add up) ------------------------------


def test_an_empty_cell_before_a_rows_first_number_is_blank_in_a_grid(tmp_path, demo_report):
    """HTML / docx grid: '行政规范性文件 | (empty) | 0 | 33' is blank, 0, 33, not 0 cut into 0 3 3 (seed 139)."""
    from test_import_formats import report_page, source_report

    report = source_report(demo_report)
    report.set("table2", "行政规范性文件", "本年制发件数", None)
    report.set("table2", "行政规范性文件", "本年废止件数", 0)
    report.set("table2", "行政规范性文件", "现行有效件数", 33)
    report.set("table3", "（二）部分公开", "自然人", None)  # the first number cell of a table 三 row
    page = report_page(tmp_path / "report.html", report)
    result = read_report(page)
    data = result.report.to_json()
    assert data["table2"]["行政规范性文件"] == [None, 0, 33]
    assert data["table3"]["（二）部分公开"][0] is None
    assert data["table3"]["（二）部分公开"][1:] == report.to_json()["table3"]["（二）部分公开"][1:]
    assert not result.missing


def test_table_4s_empty_first_cell_is_blank_in_a_grid(tmp_path, demo_report):
    """Table 四's row of numbers has no label: its empty first cell (行政复议 结果维持) is a blank value as printed in
    a docx or HTML grid, not a missing number that leaves the row one short and unread (seed 1030)."""
    from test_import_formats import report_page, source_report

    from xltool.writers.docx import write_docx

    report = source_report(demo_report)
    report.set("table4", "件数", "行政复议/结果维持", None)
    report.set("table4", "件数", "行政诉讼/复议后起诉/总计", None)  # and its last cell
    want = report.to_json()["table4"]
    for path in (report_page(tmp_path / "report.html", report), write_docx(report, tmp_path / "report.docx")):
        result = read_report(path)
        assert result.report.to_json()["table4"] == want, path.suffix
        assert not result.missing and not result.inferred, result.notes


def test_fewer_numbers_than_cells_that_fit_with_blank_cells_are_not_cut(tmp_path, text):  # noqa: F811
    """pdftotext -raw / html2text: '1.本机关不掌握相关政府信息 0 8 0 25 33', two cells of 0 left blank. Cutting the digits
    one per cell (0 8 0 2 5 3 3) is the only split, but the numbers as printed also fit the row total with two cells
    blank: the two readings cannot be told apart, so the row is unread, never cut."""
    key = "（四）无法提供/1.本机关不掌握相关政府信息"
    lines = ["申请人情况", "自然人 法人或其他组织 总计", "商业企业 科研机构 社会公益组织 法律服务机构 其他"]
    for row in spec.T3_ROWS:
        numbers = "0 8 0 25 33" if row.key == key else " ".join(str(v) for v in REAL["table3"][row.key])
        lines.append(f"{row.printed} {numbers}")
    result = _read(tmp_path, _table3_text(text, lines))
    assert all(f"table3/{key}/{c}" in result.missing for c in spec.T3_COLS)
    assert any("空白" in n and "0 8 0 25 （空） （空） 33" in n for n in result.notes)


# ---- whole converter outputs kept as fixtures (the cases that only arise in the whole table) ---------------------

STRESS = Path(__file__).parent / "fixtures" / "stress"
#: The file suffix of each converter's output kept as a fixture.
SUFFIXES = {
    "LibreOffice pdf": "pdf",
    "LibreOffice pdf, no borders": "borderless.pdf",
    "pdftotext -layout": "pdftotext-layout.txt",
    "pdftotext": "pdftotext.txt",
    "LibreOffice txt": "txt",
    "pdfplumber text": "pdfplumber.txt",
    "pdftotext -raw": "pdftotext-raw.txt",
}


def _scored(name: str, converter: str = "pdftotext -layout"):
    """A kept converter output of a generated report, scored cell by cell against its tables (truth.json)."""
    import converters

    truth = json.loads((STRESS / "truth.json").read_text(encoding="utf-8"))[name]
    form = converters.Form(name, converter, STRESS / f"{name}.{SUFFIXES[converter]}", truth)
    score, result = converters.score(form)
    return score, result, truth


@pytest.mark.parametrize("name", ["s152-huge-planted", "s159-huge-blank-cells"])
def test_a_label_line_short_of_its_wrapped_halves_is_not_cut(name):
    """pdftotext -layout of two generated reports (seeds 152, 159; truth.json holds their tables): a row's label line
    short of two numbers whose heads are on the line above and tails on the line below ('32 3 9 25 7' between
    '1496 … 1503' and '5 … 6') was cut one digit per cell as the only split. Its digits are not run together: the
    halves are joined where the row total proves one placement, otherwise the row is unread."""
    score, result, _truth = _scored(name)
    assert score.wrong_cells == [], result.notes


#: html2text (seed 153): a row without its outer bars broken after an empty cell (LibreOffice's HTML puts a <br> in
#: it): "行政规范性文件 |  1394 |    " then "|  2566". The row goes on after the break; the broken cell is blank.
HTML2TEXT_TABLE2 = "\n".join(
    line + "  "  # html2text ends its lines with two spaces
    for line in """\
第二十条第（一）项
---
信息内容 |  本年制发件数 |  本年废止件数 |  现行有效件数
规章 |  8 |  2418 |  0
行政规范性文件 |  1394 |
|  2566
第二十条第（五）项
信息内容 |  本年处理决定数量
行政许可 |  2
第二十条第（六）项
信息内容 |  本年处理决定数量
行政处罚 |  4
行政强制 |  55
第二十条第（八）项
信息内容 |  本年收费金额（单位：万元）
行政事业性收费 |  8164.2
""".splitlines()
)


def test_a_pipe_row_broken_at_an_empty_cell_goes_on_after_the_break(tmp_path, text):  # noqa: F811
    start = text.index(spec.section("二").title)
    end = text.index(spec.section("三").title)
    page = f"{spec.section('二').title}\n\n{HTML2TEXT_TABLE2}\n"
    result = _read(tmp_path, text[:start] + page + text[end:])
    data = result.report.to_json()["table2"]
    assert data["行政规范性文件"] == [1394, None, 2566]
    assert data["规章"] == [8, 2418, 0]
    assert not any(k.startswith("table2/") for k in result.missing + result.inferred)


def test_a_row_wrapped_around_an_empty_label_line_is_read_by_its_columns():
    """pdftotext -layout of a generated report (seed 165; pdfplumber prints it alike): every cell of table 三's first
    two rows is a five-digit number wrapped in two, the heads on the line above the label, the tails on the line below,
    the label's line empty. The tails of row 一 alone ('2 9 2 61 5 0 79') happen to fit its total, and were read as
    printed; as a list of numbers, the heads and tails joined fit it too and the table's sums cannot choose. Each head
    stands in the column of its tail (-layout keeps the columns): both rows are read joined, as printed."""
    score, result, truth = _scored("s165-huge-planted")
    assert score.wrong_cells == [], result.notes
    data = result.report.to_json()["table3"]
    for row in spec.T3_ROWS[:2]:
        assert data[row.key] == truth["table3"][row.key]
        assert not any(f"table3/{row.key}/{c}" in result.missing + result.inferred for c in spec.T3_COLS)


def test_halves_beside_a_wrapped_group_label_are_read_by_their_columns():
    """pdftotext -layout (seed 257; pdfplumber alike): （五）3's label line holds four cells ('0 0 0 0'); the heads of
    its three wrapped cells stand on the line above beside the group label's first half ('（五）不  5539  4808 10347'),
    the tails on the line below beside its second half ('予处理  7  2  9'). Gathered with the label's line, the tails
    happen to fit the row total and were read as printed (0 0 0 0 7 2 9); as a list of numbers, 15 placements of the
    joined halves fit too. The columns of the text place each half: the row is read joined, as printed, and so are
    the other wrapped rows of （五）."""
    score, result, truth = _scored("s257-huge-planted")
    assert score.wrong_cells == [], result.notes
    data = result.report.to_json()["table3"]
    for row in [r for r in spec.T3_ROWS if r.group == "（五）不予处理"]:
        assert data[row.key] == truth["table3"][row.key]
        assert not any(f"table3/{row.key}/{c}" in result.missing + result.inferred for c in spec.T3_COLS)


def test_numbers_printed_one_per_line_are_not_cut_into_cells():
    """pdftotext's default mode (seed 216): a row given fewer numbers than cells from lines of their own ('0' '34'
    '2249' '0' '1286', the first cells of the row above: its last two went elsewhere) was cut into seven cells
    (0 34 2 249 0 1 286, which fits the total) or, where one cut only was possible, read as printed ('9 0 238 0 0'
    as 9 0 2 3 8 0 0). A number alone on its line is one cell, or half of one: such a row is unread."""
    score, result, _truth = _scored("s216-large-blank-cells", "pdftotext")
    assert score.wrong_cells == [], result.notes
    for row in ("（三）不予公开/7.属于行政执法案卷", "（三）不予公开/8.属于行政查询事项"):
        assert all(f"table3/{row}/{c}" in result.missing for c in spec.T3_COLS)
    assert any("（0 34 2249 0 1286）" in n and "分印在多行" in n for n in result.notes)


def test_an_orientation_the_sums_do_not_tell_is_read_label_first_and_flagged():
    """pdftotext's default mode (seeds 257, 182): the numbers read after their labels and those read before them make
    readings that the sums score alike. They differ in which row has （一）'s seven numbers ('9 11633 2 0 88 99 11831'
    after its label, then a page break and the header, then （二）), or （三）5's ('0 1020 3 0 7 88 78 10376', the
    halves of 10203 joined fit either row's total). Label-first, as nearly every converter prints a row, is taken,
    and what the other reading reads differently is inferred, never read as printed by the order the readings were
    tried in; read numbers-first, （三）5's numbers made a wrong （三）6 (seed 182)."""
    for name, row in (
        ("s257-huge-planted", "（一）予以公开"),
        ("s182-huge-clean", "（三）不予公开/5.属于三类内部事务信息"),
    ):
        score, result, truth = _scored(name, "pdftotext")
        assert score.wrong_cells == [], result.notes
        assert result.report.to_json()["table3"][row] == truth["table3"][row]
        assert all(f"table3/{row}/{c}" in result.inferred for c in spec.T3_COLS)
        assert any("两种读法" in n and "推断" in n for n in result.notes)


def test_a_table_printed_a_cell_per_line_is_read_the_way_that_leaves_no_cell_out():
    """LibreOffice's text (a cell per line) of a generated report with three cells of 0 left blank (seed 277): the
    blank cells leave every column sum open, so the sums score label-first and numbers-first alike; read numbers-first,
    the seven cells after the table's last label would go to no row. Every printed cell placed, label-first is read
    as printed."""
    score, result, truth = _scored("s277-huge-blank-cells", "LibreOffice txt")
    assert score.wrong_cells == [], result.notes
    first = spec.T3_ROWS[0].key
    assert result.report.to_json()["table3"][first] == truth["table3"][first]
    assert not any(k.startswith("table3/") for k in result.inferred)


def test_blank_cells_printed_as_empty_lines_tell_a_blank_last_row_from_a_blank_first_row():
    """The same report with row 四 left blank as well (nothing carried over). Its two blank cells left the column sums
    open, so both readings placed every printed cell alike (a blank last row read label-first is a blank first row
    read numbers-first) and the label-first one was taken with those cells flagged. But LibreOffice's text prints
    every row's numbers right after its label, while the empty lines between rows vary (none, one or two): read
    label-first, the longer runs among two rows' numbers are their blank cells (``cell_lines``), and every sum holds;
    read numbers-first, a row's numbers lie apart from its label and the layout shows nothing. Read as printed, the
    blank last row blank. (A table whose layout tells nothing is still flagged: pdftotext's default mode above.)"""
    score, result, truth = _scored("s277-huge-blank-cells-and-row", "LibreOffice txt")
    assert score.wrong_cells == [], result.notes
    assert (score.exact, score.inferred, score.unread) == (200, 0, 0)
    assert all(v is None for v in truth["table3"][spec.T3_CARRIED_OUT])


@pytest.mark.parametrize("converter", ["pdftotext -layout", "pdfplumber text"])
def test_table_three_is_not_cut_at_its_own_label_wrapped_in_its_cell(converter):
    """A 9 pt print (stress seed 413, a planted error in 表三): "三、本年度办理结果" wraps in its narrow cell as
    "三、本 / 年度办 / 理结果", and the line "三、本 （一）予以公开 …" opens like a top-level heading. The table was cut
    there, and every row from （一） on was unread. It is the table's own label: the whole table is read, exact,
    the planted error included."""
    score, result, _truth = _scored("s413-small-planted-table9pt", converter)
    assert (score.wrong, score.unread, score.inferred) == (0, 0, 0), result.notes


#: The rows of 表三 whose label wraps around their number line in the 12 pt print of stress seed 419 (pdftotext
#: -layout and pdfplumber text alike): "1.本机关不掌握相关" / numbers / "政府信息", "2.没有现成信息需要" /
#: "无法提 0 2183 …" / "另行制作", "5.要求行政机关确认" / "或重新出具已获取信 44 498 …" / "息", and the two （六）
#: labels over five and seven lines with the group label's fragments among them ("（六）", "其他处", "理").
WRAPPED_AROUND = [
    "（二）部分公开",
    "（三）不予公开/2.其他法律行政法规禁止公开",
    "（四）无法提供/1.本机关不掌握相关政府信息",
    "（四）无法提供/2.没有现成信息需要另行制作",
    "（四）无法提供/3.补正后申请内容仍不明确",
    "（五）不予处理/4.无正当理由大量反复申请",
    "（五）不予处理/5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "（六）其他处理/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
]


@pytest.mark.parametrize("converter", ["pdftotext -layout", "pdfplumber text"])
def test_a_number_line_among_the_fragments_of_its_wrapped_label_is_read_as_printed(converter):
    """A 12 pt print (stress seed 419, 科研机构 of （四）2 planted +1): a row's label wraps over three to seven lines
    and its numbers sit on a middle line, beside a group label's fragment or none. Those rows were unread (49 cells),
    and （二） and （三）2 read only by position. The fragments around each number line spell its row's whole label:
    every cell of those rows is read exact as printed, the planted error included; nothing is read wrong."""
    score, result, truth = _scored("s419-large-planted-table12pt", converter)
    assert score.wrong_cells == [], result.notes
    got = result.report.to_json()["table3"]
    for row in WRAPPED_AROUND:
        assert got[row] == truth["table3"][row], row
        assert not [c for c in spec.T3_COLS if f"table3/{row}/{c}" in result.missing + result.inferred], row
    planted = "（四）无法提供/2.没有现成信息需要另行制作"
    assert sum(got[planted][:-1]) == got[planted][-1] + 1  # read as printed: the row does not add up
    assert not any("标签未能识别" in n for n in result.notes)


def test_a_row_short_of_cells_beside_a_line_of_halves_left_to_no_row_is_not_cut():
    """pdftotext -layout of a generated report with five-digit cells (stress seed 510): "7.属于行政执法案卷  0  7  0
    142  48  71" has six numbers for seven cells ("14" and the 其他 cell's "2" printed as one, before "48"), and the
    line under it holds only the heads of the next row's wrapped cells ("4326 4340"), which the row-by-row reading
    gives to no row. Cutting "142" into 14 and 2 fits the row's total and was read (inferred) with 2 and 48 swapped:
    the row's missing cell may be on that line, so its digits are not proven run together, and the row is unread (the
    row-by-row reading then no longer beats the aligned one, which also leaves it unread)."""
    score, result, _truth = _scored("s510-huge-planted")
    assert score.wrong_cells == [], result.notes
    row = "（三）不予公开/7.属于行政执法案卷"
    assert all(f"table3/{row}/{c}" in result.missing for c in spec.T3_COLS)
    assert any("7.属于行政执法案卷" in n and "未读取" in n for n in result.notes)


def test_a_blank_row_among_rows_read_from_wrapped_halves_is_read_blank():
    """pdfplumber text of a 12 pt print (stress seed 513): the clerk left （三）3 blank ("3.危及“三安全一稳" / "定”"
    with no number between), and rows 一, 二 and （七） have four-digit cells wrapped in two, their heads on the line
    above the label line and their tails below. Their readings differ only in which cell a joined number goes to,
    and each uses the heads and tails too: with those counted, every number of the table belongs to a row, so the
    blank row is read blank (the audit gives T-12), as printed; before, it was unread."""
    score, result, truth = _scored("s513-large-blank-row-table12pt", "pdfplumber text")
    assert score.wrong_cells == [], result.notes
    blank = "（三）不予公开/3.危及“三安全一稳定”"
    assert truth["table3"][blank] == [None] * 7
    assert result.report.to_json()["table3"][blank] == [None] * 7
    assert not [c for c in spec.T3_COLS if f"table3/{blank}/{c}" in result.missing + result.inferred]
    assert any("按原文空白读取" in n and "3.危及" in n for n in result.notes)


@pytest.mark.parametrize("name", ["s413-small-planted-table9pt", "s406-zeros-planted-table12pt"])
def test_a_planted_error_under_a_wrapped_label_is_read_as_printed(name):
    """pdftotext -raw of a 9 pt and a 12 pt print with a planted error in 表三 (seeds 413, 406): a wrapped label's
    lines, then the row's numbers on a line of their own ("2.没有现成信息需要另行制" / "作" / "5 10 9 5 9 5 42"), then
    the next row. That line can be no other row's: the next row has its numbers on its own label's line, or on a
    line of their own after its label in turn. The row was refused because its sums break; it is read as printed,
    so that the audit reports the error at its cell."""
    score, result, truth = _scored(name, "pdftotext -raw")
    assert (score.wrong, score.unread, score.inferred) == (0, 0, 0), result.notes


def test_numbers_around_a_label_whose_halves_are_not_recognised_are_not_read_as_a_row():
    """pdfplumber text of a print with thousands separators (seed 520): five-digit cells wrap, and their heads are cut
    inside the last group ("（五）不 12,23 40,46 52,69" over "3.要求提供公开出版物 0 4 0 0", "予处理 0 5 9" under it).
    The label's line and the tails' line add up by chance (0+4+0+0+0+5 = 9), and were read as the row, exact. With
    numbers on both sides of the label and no other row's label there, which lines make the row is not printed: the
    row is left unread, and no cell of the form is wrong."""
    score, result, _truth = _scored("s520-huge-planted-thousands", "pdfplumber text")
    assert score.wrong_cells == [], result.notes
    row = "（五）不予处理/3.要求提供公开出版物"
    assert all(f"table3/{row}/{c}" in result.missing for c in spec.T3_COLS)


@pytest.mark.parametrize(
    ("name", "row"),
    [
        ("s520-huge-planted-thousands", "（五）不予处理/3.要求提供公开出版物"),
        ("s752-huge-blank-row-thousands", "（五）不予处理/1.信访举报投诉类申请"),
    ],
)
def test_heads_cut_at_a_separator_before_a_label_keep_the_numbers_after_it_from_being_read_as_the_row(name, row):
    """pdftotext's default mode of prints with thousands separators (seeds 520, 752): a row's wide cells wrap, their
    heads cut inside the last group are printed before its label ("49,78 50,32" / "100,1" / "1.信访举报投诉类申请")
    and their tails among its numbers after it, one per line ("0 7 62 7 9 5 90"). Those seven add up by themselves
    (the heads' sums carry none), and were read as the row, exact and wrong. A cut head has its tail somewhere: when
    joining the heads to some of the row's numbers adds up too, the row is unread, and no cell of the form is wrong."""
    score, result, _truth = _scored(name, "pdftotext")
    assert score.wrong_cells == [], result.notes
    assert all(f"table3/{row}/{c}" in result.missing for c in spec.T3_COLS)
    assert any("折行的前半" in n and row.split("/")[1] in n for n in result.notes)


@pytest.mark.parametrize(
    ("name", "row"),
    [
        ("s2006-large-planted", "一、本年新收政府信息公开申请数量"),
        ("s2009-large-planted", "二、上年结转政府信息公开申请数量"),
    ],
)
def test_numbers_printed_apart_are_not_cut_into_digits_where_the_table_shows_no_run_together_digits(name, row):
    """pdftotext's default mode (seeds 2006, 2009): a row given two of its numbers, printed apart ("11378 2994"),
    was cut into digits (1, 1, 3, 78, 2, 9, 94: the cut adds up) and read, inferred and wrong. Digits run together
    where a converter drops the spaces between cells, and then some chunk of the table shows it (a number cannot
    begin with 0: "0000000", "000"; nor have eight digits); with none such in the table, numbers printed apart are
    as printed and the row is unread (a row that is one run of digits is still split: tests/test_import_last_year)."""
    score, result, _truth = _scored(name, "pdftotext")
    assert score.wrong_cells == [], result.notes
    assert all(f"table3/{row}/{c}" in result.missing for c in spec.T3_COLS)


def test_a_label_line_whose_sums_fail_beside_heads_that_make_them_hold_is_not_read_as_printed():
    """pdfplumber text of a PDF whose tables have no borders (seed 2008, five-digit cells): "2216 2220" on the line
    above "（五）不 3.要求提供公开出版物 7 0 0 0 42 0 9", the tails of the two wide cells on the label's line with
    the other five. Seven numbers on the label's line are read as printed whatever the sums say, and were: 7 and 9,
    wrong. Here the sums fail, and joining the line above as heads (22167, 22209) makes them hold: that line is the
    row's too, so the label's line alone is not the row as printed."""
    score, result, _truth = _scored("s2008-huge-clean-noborders", "pdfplumber text")
    assert score.wrong_cells == [], result.notes


def test_a_tail_of_two_digits_beginning_with_0_is_no_sign_of_digits_run_together():
    """pdfplumber text of a 12 pt print (seed 1209): a wide cell's tail "02" ("2279" over "02" is 22792) was taken for
    digits run together ("0000000" is), so a row given two numbers printed apart ("4600 4620") was cut into digits
    and read, inferred and wrong. Two digits beginning with 0 tell nothing; the row is unread."""
    score, result, _truth = _scored("s1209-huge-planted-table12pt", "pdfplumber text")
    assert score.wrong_cells == [], result.notes
    row = "（三）不予公开/5.属于三类内部事务信息"
    assert all(f"table3/{row}/{c}" in result.missing for c in spec.T3_COLS)


def test_heads_printed_before_a_label_keep_the_tails_after_it_from_being_read_as_the_row():
    """pdftotext's default mode of a 12 pt print (seed 1212): "5348 4986 4236" and "1457", lines of numbers alone,
    then "7.属于行政执法案卷" and its numbers one per line, "51 0 2 3 1 1 58": the whole cells, then the tails of the
    four wide ones. The seven add up by themselves (51+0+2+3+1+1 = 58) and were read, exact and wrong; joined as
    heads and tails (53483, 49861, 42361, 145758) they add up too. The row is unread, the note gives the joined one."""
    score, result, truth = _scored("s1212-huge-planted-table12pt", "pdftotext")
    assert score.wrong_cells == [], result.notes
    row = "（三）不予公开/7.属于行政执法案卷"
    assert all(f"table3/{row}/{c}" in result.missing for c in spec.T3_COLS)
    joined = "、".join(str(v) for v in truth["table3"][row])
    assert any("折行的前半" in n and joined in n for n in result.notes)


def test_tails_on_a_labels_second_line_keep_its_first_line_from_being_read_as_the_row():
    """pdfplumber text (seed 1312): "（六）其 1.申请人无正当理由逾期 0 3861 0 0 0 0 3861" over "他处理 不补正、行政机关不再 9 9":
    the tails of the two wide cells beside the label's second line. The first line adds up by itself and was read,
    exact and wrong; with the tails (38619, 38619) it adds up too. Numbers on the row's own label lines are its own:
    the row is unread."""
    score, result, _truth = _scored("s1312-huge-clean-plain", "pdfplumber text")
    assert score.wrong_cells == [], result.notes
    row = "（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert all(f"table3/{row}/{c}" in result.missing for c in spec.T3_COLS)
    assert any("折行的后半" in n for n in result.notes)


def test_a_head_joined_in_place_to_a_cell_and_its_total_does_not_unsettle_a_row_that_adds_up():
    """pdfplumber text of a 12 pt print (seed 1032): "6 6", the tails of the row before, just above "四、结转下年度继续办理
    0 3 31 0 3282 20 3336". Joined in place to 3282 and to the total, any head keeps the sums (63282, 63336), so that
    says nothing about a row that adds up as printed: it is read as printed, exact."""
    score, result, _truth = _scored("s1032-large-clean-table12pt", "pdfplumber text")
    assert score.wrong_cells == [], result.notes
    assert not [c for c in spec.T3_COLS if f"table3/{spec.T3_CARRIED_OUT}/{c}" in result.missing + result.inferred]


def test_a_labels_second_line_keeps_its_numbers_after_it_from_the_next_label():
    """pdftotext -raw (seed 3006): "1.本机关不掌握相关政府" / "信息" / "0 13 61 4 0 0 78" / "2.没有现成信息需要另行" / "制作".
    The line "信息" ends the first label; taken for a break, the numbers after it seemed to come before the next label
    and were read as （四）2's, exact and wrong. It is part of the first label: the numbers are （四）1's."""
    score, result, truth = _scored("s3006-huge-blank-cells-thousands", "pdftotext -raw")
    assert score.wrong_cells == [], result.notes
    first = "（四）无法提供/1.本机关不掌握相关政府信息"
    assert result.report.to_json()["table3"][first] == truth["table3"][first]


def test_a_borderless_pdf_is_laid_out_finely_enough_that_no_number_shifts():
    """The same report as a PDF whose tables have no borders, laid out at pdfplumber's default width of a character
    (7.25 points): the Chinese of a wrapped label, wider than a character each, ran past the room it has and pushed
    the numbers after it one column on, and （二） was read with a head over the wrong tail (15150 for 15151), exact.
    Laid out at 3.6 points a character, every number stands under its column."""
    score, result, _truth = _scored("s3006-huge-blank-cells-thousands", "LibreOffice pdf, no borders")
    assert score.wrong_cells == [], result.notes
    assert score.exact >= 180, result.notes  # 163 at the default width


def test_heads_printed_one_per_line_before_a_label_are_all_looked_at():
    """pdftotext's default mode of a print with thousands separators (seed 3129): four heads one per line before the
    label ("59,01" "19,46" "45,13" "123,6"), then "5 14 16 4 7 6 52", which adds up by itself. Only the three lines
    nearest the label were looked at, and the row was read, exact and wrong: every line up to one per cell is."""
    score, result, _truth = _scored("s3129-huge-clean-thousands", "pdftotext")
    assert score.wrong_cells == [], result.notes
    row = "（三）不予公开/7.属于行政执法案卷"
    assert all(f"table3/{row}/{c}" in result.missing for c in spec.T3_COLS)


def test_numbers_on_another_rows_label_line_are_not_given_to_this_row():
    """pdftotext -layout of a print with thousands separators (seed 3408): each row's two right-hand cells print a
    line below its label's line ("3.危及“三安全一稳定” 1 62 0 0 7" / "36 106", then "4.保护第三方合法权益 5 70 …").
    Read numbers-first, the next row took the first row's numbers, its label's line and the line below, and its
    sums held: wrong, as inferred. Numbers printed beside a row's label are that row's: no other row takes them."""
    score, result, _truth = _scored("s3408-huge-planted-thousands")
    assert score.wrong_cells == [], result.notes
    assert "table3/（三）不予公开/4.保护第三方合法权益/自然人" in result.missing


def test_tails_after_a_line_of_heads_cut_inside_their_thousands_are_not_read_as_the_row():
    """pdfplumber text of the same print (seed 3408): the heads of 表三 （七）总计's wrapped cells, cut inside their
    thousands ("194,9 140,4 … 1,115,"), print before its label and the tails after it ("30 44 73 06 56 20 229"). The
    tails add up by themselves (30+44+73+6+56+20 = 229: two-digit tails keep the sums modulo 100, and here whole) and
    were read as the row, exact. A head cut inside its thousands is a head for certain: the row is unread."""
    score, result, _truth = _scored("s3408-huge-planted-thousands", "pdfplumber text")
    assert score.wrong_cells == [], result.notes
    assert all(f"table3/（七）总计/{c}" in result.missing for c in spec.T3_COLS)
    assert any("在千分位中间断开" in n and "（七）总计" in n for n in result.notes)


def test_rows_that_may_each_hold_the_next_rows_numbers_are_not_read():
    """pdftotext's default mode, a number per line (seed 3404, a planted error in 表三 3.危及“三安全一稳定”): a wrapped
    label with its row's numbers between its two lines, the next row's numbers before that row's label, the row
    after's before its own, then a label followed at once by the next one. Read label-first, each row got the
    numbers after its label, and the row with the misprint got the next row's, which add up: wrong, as read. The
    first row's surplus is a whole row, and a row after got nothing: the orientation is not printed, the rows in
    between are unread (and the misprint is not hidden by a shifted reading)."""
    score, result, _truth = _scored("s3404-large-planted-thousands", "pdftotext")
    assert score.wrong_cells == [], result.notes
    assert all(f"table3/（三）不予公开/3.危及“三安全一稳定”/{c}" in result.missing for c in spec.T3_COLS)


def test_tails_with_a_leading_zero_after_a_line_of_heads_are_not_read_as_the_row():
    """pdfplumber text of a report with six-digit cells (seed 3452): the heads of 表三 二、上年结转's cells print on the
    line before its label ("2921 2853 1635 2012 7666 2484 7475"), the tails after it ("3 0 02 09 8 63 85"), and the
    tails add up by themselves (3+0+2+9+8+63 = 85): read as the row, exact and wrong. No cell prints a leading 0:
    "02" is a tail, so the line before is heads, and the row is unread."""
    score, result, _truth = _scored("s3452-huge-blank-cells", "pdfplumber text")
    assert score.wrong_cells == [], result.notes
    assert all(f"table3/二、上年结转政府信息公开申请数量/{c}" in result.missing for c in spec.T3_COLS)
    assert any("以 0 开头，是折行的后半" in n for n in result.notes)


def test_tails_after_a_whole_line_of_heads_that_join_them_are_not_read_as_the_row():
    """pdfplumber text of a report with six-digit cells (seed 3601): the heads of 表三 二、上年结转's seven cells on the
    line before its label ("7299 2180 5301 16102 7557 5321 4376"), the tails after it ("8 8 5 9 0 5 35"), which add up
    by themselves and were read as the row, exact and wrong. Each head joined to its tail adds up too (72998 … 437635):
    two readings hold, the row is unread."""
    score, result, _truth = _scored("s3601-huge-blank-row", "pdfplumber text")
    assert score.wrong_cells == [], result.notes
    assert all(f"table3/二、上年结转政府信息公开申请数量/{c}" in result.missing for c in spec.T3_COLS)


def test_a_rows_last_two_cells_printed_the_other_way_round_are_not_read_as_printed():
    """pdftotext -layout of a 9 pt print (seed 6022): on page 4, 表三 （三）3–6 print on one line each, their 其他 and
    总计 the other way round ("3.危及“三安全一稳定” 12481 44 6 52221 94 64846 0"; the PDF has 其他 0, 总计 64846):
    -layout places words by flows, and within a line the order is not always the page's. A whole line was read in
    its order, exact and wrong (8 cells), though the sums fail as printed and hold with the two swapped. Such rows
    are unread, the swapped reading in the note."""
    score, result, truth = _scored("s6022-huge-clean-table9pt")
    assert score.wrong_cells == [], result.notes
    for row in ("3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息"):
        assert all(f"table3/（三）不予公开/{row}/{c}" in result.missing for c in spec.T3_COLS)
    swapped = "、".join(str(v) for v in truth["table3"]["（三）不予公开/3.危及“三安全一稳定”"])
    assert any("左右次序" in n and swapped in n for n in result.notes)


def test_a_number_standing_where_the_row_above_has_another_cell_keeps_its_line_from_being_read_in_order():
    """pdftotext -layout of a print with thousands separators (seed 6134): "8.属于行政查询事项 8,590 0 0 0 8 0 8,598"
    on one line, while the PDF has 社会公益组织 8 and 法律服务机构 0; the sums hold either way. The "8" stands exactly
    where the tail of 6.属于四类过程性信息's 社会公益组织 stands (that row read by the order of its numbers, the
    nearest row read above): the line's order is not the page's, and the row is unread. (The planted error, in
    二、上年结转's 其他, is in a row whose wrapped halves print on lines apart and whose sums fail: the columns do not
    read such a row, and its heads are cut inside their thousands, so it is unread too, not wrong.)"""
    score, result, _truth = _scored("s6134-huge-planted-thousands")
    assert score.wrong_cells == [], result.notes
    assert all(f"table3/（三）不予公开/8.属于行政查询事项/{c}" in result.missing for c in spec.T3_COLS)


# ---- table layouts a clerk restyles (benchmarks/import_stress.py --vary-layout) ------------------------------------


def test_a_mark_alone_on_the_line_after_a_number_is_no_item_marker():
    """pdfplumber text of a report whose table cells are spaced out (seed 6028, layout "spacing"): "三、本年度办理结果"
    wraps a character per line, so "三 （一）予以公开 9 9 9 0 9 0 36" is followed by a line "、". The digit and the mark
    were taken for an item's marker across the line break ("6、"), and the row was read 9 9 9 0 9 0 3, exact and
    wrong. A marker's digit and mark are on one line: the row is read as printed."""
    score, result, truth = _scored("s6028-small-clean-spacing", "pdfplumber text")
    assert score.wrong_cells == [], result.notes
    row = "（一）予以公开"
    assert result.report.to_json()["table3"][row] == truth["table3"][row]
    assert not [c for c in spec.T3_COLS if f"table3/{row}/{c}" in result.missing + result.inferred]


def test_the_numbers_of_table_two_in_scrambled_blocks_are_not_lent_to_rows_by_position():
    """pdftotext's default mode of a report whose tables are on landscape pages (seed 6003): table 二's blocks are
    printed out of order and only "行政规范性文件"'s label was found where it could take numbers, so all six groups
    went to it; four were then lent to the unlabelled rows after it by position, and the fee 4537.9 was read as
    行政许可's count, 0 as 行政强制's, inferred and wrong. Six groups for one row and four unlabelled ones say nothing
    of which group is whose: none is lent, and a decimal is never a count."""
    score, result, _truth = _scored("s6003-huge-blank-row-landscape", "pdftotext")
    assert score.wrong_cells == [], result.notes
    for row in ("行政许可", "行政处罚", "行政强制"):
        assert f"table2/{row}/本年处理决定数量" in result.missing


def test_a_decimal_given_to_a_count_is_not_read(tmp_path, text):  # noqa: F811
    """A count cell given a number with a decimal point (a fee's figure in the wrong place) is left unread with a
    note, not read as the text "4472.5"; the fee's own cell keeps its decimals."""
    assert "行政许可 447228\n" in text
    result = _read(tmp_path, text.replace("行政许可 447228\n", "行政许可 4472.5\n"))
    assert "table2/行政许可/本年处理决定数量" in result.missing
    assert any("4472.5" in n and "带小数" in n for n in result.notes)
    assert result.report.to_json()["table2"]["行政事业性收费"] == "96171.6"


def test_a_marker_does_not_reach_across_a_line_break():
    """The digit of "36" and a "、" on the next line (a label wrapped a character per line) are not an item marker."""
    from xltool.importers.tables import tokenize

    tokens = tokenize("三 （一）予以公开 9 9 9 0 9 0 36\n、\n本 （二）部分公开 2.其他")
    assert tokens.groups[0].chunks == ["9", "9", "9", "0", "9", "0", "36"]
    assert "2." in tokens.chars


def _unread(result, row: str) -> bool:
    return all(f"table3/{row}/{c}" in result.missing for c in spec.T3_COLS)


def test_numbers_after_labels_printed_together_are_not_cut_into_the_rows_after_the_last():
    """pdftotext's default mode of a report with narrow label columns (seed 6005): the labels of 一, 二 and （一）
    printed together, then 21 numbers. They were cut into （一）, （二） and （三）1 (each seven add up), inferred and
    wrong: cut from 一 they add up as well. The rows before （一） got no numbers either: no cut."""
    score, result, _truth = _scored("s6005-zeros-clean-narrow-labels", "pdftotext")
    assert score.wrong_cells == [], result.notes
    assert not any("已按正式表格的行序" in n and "（一）予以公开”后" in n for n in result.notes)


def test_the_rest_of_a_row_broken_across_pages_keeps_it_from_being_read_as_printed():
    """Table 三 shifted down its page, its rows allowed to break across pages (seed 6012): "4.保护第三方合法权益 14218
    2 3984 61 2006 1 5613" ends page 4; the header is reprinted, then "5 3", the rest of 39845 and 56133, over the
    next row's label. pdfplumber's text read the row as printed (its sums fail), exact and wrong; pdftotext -layout
    too, and joined "5 3" to the next row by its columns (50, 3253). Both rows are left unread or read right."""
    for converter in ("pdfplumber text", "pdftotext -layout"):
        score, result, _truth = _scored("s6012-huge-blank-cells-shifted", converter)
        assert score.wrong_cells == [], (converter, result.notes)
        assert _unread(result, "（三）不予公开/4.保护第三方合法权益"), converter
    assert any("跨页折行的后半" in n for n in result.notes)


def test_a_pdf_row_broken_across_pages_is_joined_back_and_read_as_printed():
    """The LibreOffice PDF of a report whose rows break across pages (seed 6403): pdfplumber's grid on the next
    page, after the reprinted header, starts with a row of empty label cells and "2" "8" (the rest of 13562 and
    28418), and the two pages' grids have 8 and 10 columns. The rest is joined to the row from the right: every cell
    is read as printed."""
    score, result, _truth = _scored("s6403-large-blank-cells-plain-shifted", "LibreOffice pdf")
    assert score.wrong_cells == [], result.notes
    assert score.exact == score.cells, result.notes


def test_a_row_between_a_line_of_heads_and_its_tails_that_add_up_alone_is_not_read_as_printed():
    """pdfplumber text with thousands separators (seed 6216): "209,6 25,18 80,34 72,58 79,43 68,07 535,2" over the
    label of 一, "60 7 8 5 0 2 82" under it. The tails add up by themselves and were read, exact and wrong; joined to a
    head over every cell they add up too. Also "17 77 9 13", the middles of a row whose heads and tails print above and
    below, was cut into seven digits (its one split), exact and wrong. Both are unread."""
    score, result, _truth = _scored("s6216-huge-blank-row-thousands-header-once", "pdfplumber text")
    assert score.wrong_cells == [], result.notes
    first = "一、本年新收政府信息公开申请数量"
    assert _unread(result, first) and _unread(result, "（三）不予公开/4.保护第三方合法权益")
    assert any(first in n and "折行的前半" in n for n in result.notes)


def test_numbers_printed_among_the_header_words_are_not_read_in_their_printed_order():
    """pdftotext's default mode (seed 6227): 一's numbers between the column headers, "其他" printed before
    "120,431 15,486 29,991": pdftotext's block order put 法律服务机构 and 其他 the other way round, read exact and
    wrong (no sum tells). A row's numbers among the table's header words are unread."""
    score, result, _truth = _scored("s6227-huge-blank-cells-thousands-narrow-labels", "pdftotext")
    assert score.wrong_cells == [], result.notes
    assert _unread(result, "一、本年新收政府信息公开申请数量")
    assert any("表头文字（" in n for n in result.notes)


def test_table_four_numbers_after_a_later_columns_header_are_not_read_in_order():
    """pdftotext's default mode of a landscape report (seed 6124): "结果维持 0 复议后起诉 其他结果 尚未审结 0 0 结果纠正
    10 总计 10". In order (0 0 0 10 10) the block adds up, and so it does as printed under its headers (0 10 0 0 10):
    read in order, inferred and wrong. A header of the block before numbers of earlier columns: unread."""
    score, result, _truth = _scored("s6124-huge-planted-table9pt-landscape", "pdftotext")
    assert score.wrong_cells == [], result.notes
    assert all(k in result.missing for k in (f"table4/{spec.T4_ROW_KEY}/{c.col}" for c in spec.TABLES["table4"].cells))


def test_groups_of_table_two_that_fit_no_row_are_not_lent_by_position():
    """pdftotext's default mode with narrow label columns (seed 6318): table 二's parts scrambled; 行政处罚 got "6 34"
    and a 0, the 0 was lent to 行政强制 (label not found) by position, inferred and wrong. A row keeping two numbers
    for one cell lends nothing."""
    score, result, _truth = _scored("s6318-huge-blank-cells-narrow-labels", "pdftotext")
    assert score.wrong_cells == [], result.notes
    assert "table2/行政强制/本年处理决定数量" in result.missing


def test_a_cell_wrapped_on_three_lines_is_not_read_by_columns_from_two_of_them():
    """pdftotext -layout of a 12 pt print with spaced-out cells (seed 6422): 45422 wraps on three lines ("45" over the
    label, "42" on the numbers' line, "2" under it), and so does the total 45534. Joined by columns from the two lower
    lines (422, 534) the row adds up by accident (both lack 45000): a reading by columns that shares the line above
    between the rows around it (as across a page break, seed 6012) read it so, exact and wrong. The line over a
    label is the row above's only when the reader by labels says so (the header reprinted between): unread."""
    score, result, _truth = _scored("s6422-huge-clean-table12pt-spacing", "pdftotext -layout")
    assert score.wrong_cells == [], result.notes
    assert _unread(result, "（五）不予处理/1.信访举报投诉类申请")


def test_the_rest_of_a_row_beside_a_group_labels_piece_after_a_page_break_is_looked_at():
    """The borderless PDF of a 12 pt print shifted down its page (seed 5015, from the batch meant as the final proof,
    which found it): "（一）予以公开 1250 9 0 4 1290 80 2550" ends page 4; after the reprinted header "6 2 1" (the rest
    of 12506, 12902, 25501) prints beside "本年", a piece of 三、本年度办理结果, some twenty laid-out lines below. It
    was read as printed, exact and wrong; the rest is looked for that far, beside a group label's piece too."""
    score, result, _truth = _scored("s5015-huge-blank-cells-table12pt-shifted", "LibreOffice pdf, no borders")
    assert score.wrong_cells == [], result.notes
    assert _unread(result, "（一）予以公开")


# ---- found by the batch 5100–5129, meant as the final proof (each fails on main and before its fix) --------------


def test_heads_with_thousands_separators_over_every_cell_keep_the_tails_from_being_read():
    """pdfplumber text of a print with thousands separators and spaced-out cells (seed 5116): "4,0 1,2 3,7 6,7 5,1
    1,3 22," over 一's label, "83 84 37 33 70 48 355" under it; the tails add up by themselves and were read, exact
    and wrong. The heads, no longer than their tails once the separator is gone, join each to its own cell: unread."""
    score, result, _truth = _scored("s5116-large-blank-cells-thousands-spacing", "pdfplumber text")
    assert score.wrong_cells == [], result.notes
    assert _unread(result, "一、本年新收政府信息公开申请数量")


def test_the_rest_of_a_row_beside_the_end_of_its_label_after_a_page_break_keeps_it_unread():
    """pdftotext -layout of a row broken across pages (seed 5127): "6.属于四类过程性信 3967 2916 3689 191 4 0 1076"
    ends the page; after the reprinted header "息 … 7", the end of its label and the tail of 10767. Read by its
    columns as printed, exact and wrong; the rest of a row may print beside the end of its own label: unread."""
    score, result, _truth = _scored("s5127-large-clean-table12pt-shifted", "pdftotext -layout")
    assert score.wrong_cells == [], result.notes
    assert _unread(result, "（三）不予公开/6.属于四类过程性信息")


def test_a_wrapped_cell_printed_after_the_cells_to_its_right_is_not_placed_by_its_order():
    """pdftotext's default mode of a 12 pt print with spaced-out cells (seed 5100): （四）2's numbers one per line,
    "22 32 40 1 27 4 313 6 54 40": 3136 (社会公益组织) printed after 27 and 4. Joined in printed order the row adds
    up and was read, inferred and wrong; 3136 in any place but the total's adds up too: unread."""
    score, result, _truth = _scored("s5100-large-clean-table12pt-spacing", "pdftotext")
    assert score.wrong_cells == [], result.notes
    assert _unread(result, "（四）无法提供/2.没有现成信息需要另行制作")


def test_numbers_after_a_label_are_not_cut_over_a_blank_row():
    """pdftotext's default mode of a report whose （三）5 is left blank (seed 5212, from the batch 5200–5229): 14
    numbers after （三）4's label, none after （三）5's or （三）6's. Cut into （三）4 and （三）5 they add up, inferred
    and wrong: they are （三）4's and （三）6's. The row after the cut got no numbers either: no cut."""
    score, result, _truth = _scored("s5212-mid-blank-row-plain-spacing", "pdftotext")
    assert score.wrong_cells == [], result.notes
    assert _unread(result, "（三）不予公开/5.属于三类内部事务信息")


def test_numbers_first_placing_more_numbers_reads_only_what_label_first_reads_alike():
    """pdftotext's default mode of a report with a blank row and spaced-out cells (seed 5320, from the batch
    5300–5329): the labels of 一 and 二 printed elsewhere, their numbers before （一）'s label. Read numbers-first,
    which places more numbers, every row took the numbers of the row before it, exact and wrong (89 cells); the sums
    hold both ways. Numbers-first keeps only the cells that label-first reads alike; the others are unread."""
    score, result, _truth = _scored("s5320-small-blank-row-spacing", "pdftotext")
    assert score.wrong_cells == [], result.notes
    assert "table3/（二）部分公开/社会公益组织" in result.missing  # 9 one way, 0 the other
    assert any("两种读法读到的数不同的行未读取" in n for n in result.notes)


def test_numbers_printed_apart_are_not_cut_a_digit_a_cell():
    """pdftotext's default mode of a report with rows broken across pages (seed 5513, from the batch 5500–5529):
    （六）1 was given "17361 73" (a whole cell and a wrapped one) in a table without run-together digits; seven
    digits for seven cells cut one way only, 1 7 3 6 1 7 3, read as printed, exact and wrong. Unread."""
    score, result, _truth = _scored("s5513-huge-blank-row-shifted", "pdftotext")
    assert score.wrong_cells == [], result.notes
    assert _unread(result, "（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")


def test_the_heads_of_the_next_row_are_not_joined_to_a_misprinted_row_by_columns():
    """pdftotext -layout of a 12 pt print with a planted error in （二） (seed 5619, from the batch 5600–5629):
    "2510 4278 7358", the heads of （三）1's wrapped cells beside the group label "（三）", lie between the two rows.
    By columns they were joined to （二） as its tails (92510, 514278, 1427358), exact and wrong. A row read by
    columns from lines apart whose sums fail is left to the reader by labels, which reads （二） as printed."""
    score, result, truth = _scored("s5619-huge-planted-table12pt-shifted", "pdftotext -layout")
    assert score.wrong_cells == [], result.notes
    assert result.report.to_json()["table3"]["（二）部分公开"] == truth["table3"]["（二）部分公开"]


def test_two_cells_set_on_top_of_each_other_in_columns_are_not_cut_in_their_printed_order():
    """pdftotext -layout (seed 5506, layout "shifted"): 表三 （一）予以公开's 科研机构 0 and 社会公益组织 88 printed as
    one chunk, "088", the other way round. Its one split (0, 88) was read as printed, exact and wrong in both cells:
    the row's sums cannot tell two cells' order. In text laid out in columns digits run together are cells set on
    top of each other, in either order: a chunk cut into unlike pieces leaves the row unread."""
    score, result, _truth = _scored("s5506-large-blank-cells-shifted")
    assert score.wrong_cells == [], result.notes
    assert all(f"table3/（一）予以公开/{c}" in result.missing for c in spec.T3_COLS)
    assert any("088" in n and "先后不一定是页面上的先后" in n for n in result.notes)


def test_a_misprinted_row_with_tails_on_its_labels_next_line_is_not_read_without_them():
    """pdftotext -layout (seed 3625, a planted error in 表三 （五）5): "5.要求行政机关确认或重 6740 0 0 49 93 1347 2035"
    over "新出具已获取信息 2 3", the tails of 13472 and 20353. The row's sums fail either way (the misprint), so the
    columns leave it to the reader by labels, which read the label's line alone: 1347 and 2035, exact and wrong.
    Numbers on the row's own label lines are its own: without them it is not read."""
    score, result, _truth = _scored("s3625-huge-planted")
    assert score.wrong_cells == [], result.notes
    row = "（五）不予处理/5.要求行政机关确认或重新出具已获取信息"
    assert all(f"table3/{row}/{c}" in result.missing for c in spec.T3_COLS)


def test_heads_past_a_group_labels_piece_keep_a_gathered_row_from_being_read():
    """A borderless PDF with 1.5 line spacing (seed 5526, layout "spacing"): 表三 （三）1.属于国家秘密's 其他 and 总计
    wrap, their heads "3887 3887" two lines above its label (a line holding only "理结", a piece of the group label,
    between), the tails "6 9" below it. The label's line and the tails were gathered into a row that adds up by
    chance (0+0+0+0+3+6 = 9), inferred and wrong. Numbers on both sides of the label, past a line with neither
    numbers nor a row's label, are halves: the row is unread."""
    score, result, _truth = _scored("s5526-huge-blank-cells-spacing", "LibreOffice pdf, no borders")
    assert score.wrong_cells == [], result.notes
    assert all(f"table3/（三）不予公开/1.属于国家秘密/{c}" in result.missing for c in spec.T3_COLS)


def test_numbers_past_the_header_reprinted_on_the_next_page_are_not_the_last_labels():
    """pdftotext's default mode, 1.5 line spacing (seed 8200): 表三 （三）6.属于四类过程性信息 is the last label of
    page 4; after it come page 5's reprinted header (its note "本列数据的勾稽关系为…") and then seven numbers, which
    are 7.属于行政执法案卷's (its label printed further on). Read label-first they went to （三）6, whose sums they
    hold as well (0+2+0+0+0+60 = 62, as its own 0+60+0+0+2+0): exact and wrong. Numbers past a reprinted header are
    the next page's: the row is unread."""
    score, result, _truth = _scored("s8200-zeros-blank-row-thousands-spacing", "pdftotext")
    assert score.wrong_cells == [], result.notes
    assert all(f"table3/（三）不予公开/6.属于四类过程性信息/{c}" in result.missing for c in spec.T3_COLS)
