"""Tables 二 and 四 as pdftotext's default mode prints them, each header followed by its numbers
(xltool.importers.header_groups).

The texts are table regions (what follows the section heading) copied from real pdftotext output (poppler's
``pdftotext x.pdf``, no options) of the project's Word reports through LibreOffice: gen-006 of the converter matrix and
sources of the stress run (benchmarks/import_stress.py; the seed is named). Small changes to them are said where made.
The real city report's PDF goes through pdftotext in the test. The converter matrix (tests/test_converter_matrix.py)
covers the whole reports.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from xltool import spec
from xltool.importers import header_groups, read_report, sections
from xltool.importers.evidence import stated
from xltool.importers.tables import EXACT, INFERRED, MISSING, fold, layout, read_table
from xltool.text import clean, find_headings

FIXTURES = Path(__file__).parent / "fixtures" / "real"

#: gen-006 (the demo's narrative with the city report's tables), table 二.
TABLE2 = """信息内容
规章
行政规范性文件
信息内容
行政许可
信息内容
行政处罚
行政强制
信息内容
行政事业性收费

第二十条第（一）项
本年制发件数
本年废止件数
现行有效件数
{docs}
第二十条第（五）项
本年处理决定数量
447228
第二十条第（六）项
本年处理决定数量
3985758
88283
第二十条第（八）项
本年收费金额（单位：万元）
96171.6

"""
GEN_006_DOCS = "1\n0\n11\n8\n26\n66"

#: gen-006, table 四: the first column of each litigation block printed before the block's header.
TABLE4 = """行政复议

行政诉讼

结果
维持

结果
纠正

其他
结果

尚未
审结

总计

72

64

178

37

351

结果
维持
13

未经复议直接起诉
结果 其他 尚未
纠正 结果 审结
4
8
1

总计
26

结果
维持
12

复议后起诉
结果 其他 尚未
纠正 结果 审结
1
1
6

总计
20

"""

#: Stress seed 139, table 四: 行政复议's 总计 printed beside 未经复议直接起诉's 结果维持, their numbers after both.
SEED_139_TABLE4 = (
    "行政复议\n\n行政诉讼\n\n结果\n维持\n\n结果\n纠正\n\n其他\n结果\n\n尚未\n审结\n\n56\n\n11527\n\n70\n\n9\n\n总计\n\n"
    "结果\n维持\n11662\n9\n\n未经复议直接起诉\n结果 其他 尚未\n纠正 结果 审结\n9\n0\n9909\n\n总计\n9927\n\n结果\n维持\n12\n\n"
    "复议后起诉\n结果 其他 尚未\n纠正 结果 审结\n49\n6\n17\n\n总计\n84\n\n"
)
SEED_139_TRUTH = [56, 11527, 70, 9, 11662, 9, 9, 0, 9909, 9927, 12, 49, 6, 17, 84]


#: Stress seed 112, table 四: two numbers wrapped in their narrow cells, each in a block of its own.
SEED_112_TABLE4 = (
    "行政复议\n\n行政诉讼\n\n结果\n维持\n\n结果\n纠正\n\n其他\n结果\n\n尚未\n审结\n\n总计\n\n结果\n维持\n\n9\n\n0\n\n99\n\n"
    "62\n\n170\n\n599\n\n未经复议直接起诉\n结果 其他 尚未\n纠正 结果 审结\n2\n\n69\n\n11\n\n总计\n681\n\n结果\n维持\n"
    "5829\n8\n\n复议后起诉\n结果 其他 尚未\n纠正 结果 审结\n93\n\n0\n\n2\n\n总计\n5839\n3\n\n"
)
SEED_112_TRUTH = [9, 0, 99, 62, 170, 599, 2, 69, 11, 681, 58298, 93, 0, 2, 58393]


#: Stress seed 5123 (table text at 小四, 12 pt), table 四: narrow headers wrapped a character a line, 行政复议's each
#: in a block of its own, 未经复议直接起诉's five side by side over four lines (总计 on the middle two).
SEED_5123_TABLE4 = (
    "行政复议\n\n行政诉讼\n\n结\n果\n维\n持\n\n结\n果\n纠\n正\n\n其\n他\n结\n果\n\n尚\n未\n审\n结\n\n总\n计\n\n447\n\n0\n\n0\n\n"
    "0\n\n447\n\n未经复议直接起诉\n结 结 其 尚\n果 果 他 未 总\n维 纠 结 审 计\n持 正 果 结\n1\n3\n78\n4\n86\n\n结\n果\n维\n持\n0\n\n"
    "复议后起诉\n结 其 尚\n果 他 未\n纠 结 审\n正 果 结\n0\n0\n0\n\n总\n计\n0\n\n"
)
SEED_5123_TRUTH = [447, 0, 0, 0, 447, 1, 3, 78, 4, 86, 0, 0, 0, 0, 0]


def _truth(table: str) -> dict | list:
    return json.loads((FIXTURES / "006.tables.json").read_text(encoding="utf-8"))[table]


def _table2_values(read) -> dict:
    """The read of table 二 in Report JSON's shape."""
    out: dict = {}
    for (row, col), value in read.values.items():
        if row in spec.T2_DOC_ROWS:
            out.setdefault(row, [None] * 3)[spec.T2_DOC_COLS.index(col)] = value
        else:
            out[row] = value
    return out


def _how(read, rows) -> set[str]:
    return {how for (row, _col), how in read.provenance.items() if row in rows}


def test_table2_parts_come_from_the_spec_and_cover_every_cell_once():
    parts = header_groups.table2_parts()
    cells = [c for p in parts for _label, row in p.rows for c in row]
    assert sorted(cells, key=lambda c: c.address) == sorted(spec.TABLE2.cells, key=lambda c: c.address)
    titles = [fold(t.text) for t in spec.TABLE2.texts if t.span and t.span.startswith("A")]  # spanning the table
    assert [p.title for p in parts] == titles and len(titles) == 4


def test_table2_printed_header_by_header_is_read_single_columns_exact_and_the_square_part_inferred():
    read = header_groups.read("table2", TABLE2.format(docs=GEN_006_DOCS))
    assert read is not None
    assert _table2_values(read) == _truth("table2")
    assert _how(read, spec.T2_DOC_ROWS) == {INFERRED}  # row by row or column by column: the text cannot tell
    assert _how(read, ("行政许可", "行政处罚", "行政强制", "行政事业性收费")) == {EXACT}
    (note,) = read.notes
    assert "逐列" in note and "规章 1、11、26，行政规范性文件 0、8、66" in note  # the other arrangement is shown


#: Stress seed 5105 (table text at 小五, 9 pt), table 二: the first part's last header, 现行有效件数, and its two
#: numbers printed after every other part.
SEED_5105_TABLE2 = (
    "\n信息内容\n规章\n行政规范性文件\n信息内容\n行政许可\n信息内容\n行政处罚\n行政强制\n信息内容\n行政事业性收费\n\n"
    "第二十条第（一）项\n本年制发件数\n本年废止件数\n50\n0\n0\n8\n第二十条第（五）项\n本年处理决定数量\n0\n"
    "第二十条第（六）项\n本年处理决定数量\n3\n0\n第二十条第（八）项\n本年收费金额（单位：万元）\n1916.6\n\n现行有效件数\n0\n0\n\n"
)


def test_the_last_headers_of_a_part_printed_after_the_others_keep_their_numbers():
    """The moved column read top to bottom under its header (exact); the part's other two columns, four numbers
    that may run either way: the same values either way here (exact), else row by row as pdftotext prints them
    (inferred, the other order in the note). Headers moved from two places are not this form."""
    read = header_groups.read("table2", SEED_5105_TABLE2)
    assert read is not None
    values = _table2_values(read)
    assert values["规章"] == [50, 0, 0] and values["行政规范性文件"] == [0, 8, 0]
    assert [values[r] for r in ("行政许可", "行政处罚", "行政强制")] == [0, 3, 0]
    assert set(read.provenance.values()) == {EXACT}
    either = header_groups.read("table2", SEED_5105_TABLE2.replace("50\n0\n0\n8", "50\n1\n0\n8"))
    assert either is not None and _table2_values(either)["规章"] == [50, 1, 0]
    assert {k for k, p in either.provenance.items() if p == INFERRED} == {
        (r, c) for r in spec.T2_DOC_ROWS for c in ("本年制发件数", "本年废止件数")
    }
    assert "逐列" in either.notes[0] and "规章 50、0" in either.notes[0]
    moved_twice = SEED_5105_TABLE2.replace("第二十条第（五）项", "现行有效件数\n第二十条第（五）项")
    assert header_groups.read("table2", moved_twice) is None


def test_the_label_alignment_alone_leaves_table2_unread_in_this_form():
    """What the header reading adds: read by its labels, the same text gives nothing."""
    read = read_table(layout(spec.TABLE2), TABLE2.format(docs=GEN_006_DOCS))
    assert read.missing == len(spec.TABLE2.cells)


def test_a_slash_only_rules_may_hold_fixes_the_order():
    """Agencies without rule-making power print "/" in the 规章 row: column by column would put a "/" into
    行政规范性文件, so the numbers can only run row by row, and are read as printed."""
    read = header_groups.read("table2", TABLE2.format(docs="/\n/\n/\n8\n26\n66"))
    assert read is not None
    assert _table2_values(read)["规章"] == ["/", "/", "/"] and _table2_values(read)["行政规范性文件"] == [8, 26, 66]
    assert set(read.provenance.values()) == {EXACT} and read.notes == []


def test_numbers_the_same_either_way_are_exact():
    """Stress seeds 117 and 122 (a township's zeros): both arrangements are the same table."""
    read = header_groups.read("table2", TABLE2.format(docs="0\n0\n0\n0\n0\n0"))
    assert read is not None and set(read.provenance.values()) == {EXACT}


def test_rows_printed_side_by_side_are_exact():
    """Each row's three numbers on a line of their own (changed from gen-006: the numbers joined by rows): printed
    row by row, so read as printed."""
    read = header_groups.read("table2", TABLE2.format(docs="1 0 11\n8 26 66"))
    assert read is not None and _table2_values(read) == _truth("table2") and set(read.provenance.values()) == {EXACT}


def test_the_narrative_decides_between_the_two_arrangements():
    """The overview says 制发规章 1 件, 废止 11 件: that is the arrangement column by column, taken as inferred."""
    said = stated({("table2", "规章", "本年制发件数"): 1, ("table2", "规章", "本年废止件数"): 11})
    read = header_groups.read("table2", TABLE2.format(docs=GEN_006_DOCS), [said])
    assert read is not None
    assert _table2_values(read)["规章"] == [1, 11, 26] and _table2_values(read)["行政规范性文件"] == [0, 8, 66]
    assert _how(read, spec.T2_DOC_ROWS) == {INFERRED}
    (note,) = read.notes
    assert "正文所述与逐列排列相符" in note and "若逐行排列则为 规章 1、0、11" in note


def test_a_blank_cell_leaves_its_part_of_table2_unread():
    """Stress seed 110: a cell of 0 left blank in 行政规范性文件, so five numbers under three headers for two rows.
    Which cell is blank the text cannot say: those two rows are not read; the other parts still are."""
    region = TABLE2.format(docs="16337\n0\n63\n0\n9").replace("447228", "46")
    read = header_groups.read("table2", region)
    assert read is not None
    assert _how(read, spec.T2_DOC_ROWS) == {MISSING}
    assert all(read.values[(row, col)] is None for row in spec.T2_DOC_ROWS for col in spec.T2_DOC_COLS)
    assert _how(read, ("行政许可", "行政处罚", "行政强制", "行政事业性收费")) == {EXACT}
    assert _table2_values(read)["行政许可"] == 46
    (note,) = read.notes
    assert "读到 5 个数（16337 0 63 0 9），应为 6 个" in note
    assert read_table(layout(spec.TABLE2), region).missing == len(spec.TABLE2.cells)  # by labels: nothing


def test_a_part_printed_without_its_number_is_blank():
    """行政许可 left blank (changed from gen-006): its title and header run on into the next part's; every other
    number has its place, so the cell is blank as printed (the audit reports it as 未填写)."""
    read = header_groups.read("table2", TABLE2.format(docs=GEN_006_DOCS).replace("447228\n", ""))
    assert read is not None
    assert read.values[("行政许可", spec.T2_DECISIONS)] is None
    assert read.provenance[("行政许可", spec.T2_DECISIONS)] == EXACT
    assert _table2_values(read)["行政处罚"] == 3985758
    assert any("只印了栏目名称、没有数字" in n for n in read.notes)


def test_table2_with_words_between_is_not_read_this_way():
    """A unit printed under the title ("单位：件", changed from gen-006) is not part of the form: not read."""
    region = TABLE2.format(docs=GEN_006_DOCS).replace("第二十条第（五）项\n", "第二十条第（五）项\n单位：件\n")
    assert header_groups.read("table2", region) is None


def test_table4_printed_header_by_header_is_read_as_printed():
    read = header_groups.read("table4", TABLE4)
    assert read is not None
    assert list(read.values.values()) == _truth("table4")
    assert set(read.provenance.values()) == {EXACT} and read.notes == []


def test_headers_of_two_blocks_side_by_side_keep_their_numbers_in_order():
    read = header_groups.read("table4", SEED_139_TABLE4)
    assert read is not None and list(read.values.values()) == SEED_139_TRUTH
    assert set(read.provenance.values()) == {EXACT}


def test_halves_of_wrapped_headers_are_paired_column_by_column():
    outcomes = spec.T4_OUTCOMES
    assert header_groups._headers(["结果其他尚未", "纠正结果审结"], outcomes) == {("结果纠正", "其他结果", "尚未审结")}
    assert header_groups._headers(["结果", "维持", "总计"], outcomes) == {("结果维持", "总计")}
    assert header_groups._headers(["结果其他", "维持"], outcomes) == set()


def test_headers_wrapped_over_several_lines_are_read_in_their_printed_order():
    outcomes = spec.T4_OUTCOMES
    stacked = ["结结其尚", "果果他未总", "维纠结审计", "持正果结"]
    assert header_groups._headers(stacked, outcomes) == {outcomes}
    assert header_groups._headers(list("结果维持结果纠正"), outcomes) == {outcomes[:2]}
    assert header_groups._headers(["结结其", "果果他未", "维纠结审", "持正果结"], outcomes) == set()  # 尚 lost
    read = header_groups.read("table4", SEED_5123_TABLE4)
    assert read is not None and list(read.values.values()) == SEED_5123_TRUTH
    assert set(read.provenance.values()) == {EXACT}


def test_a_wrapped_number_in_a_block_of_its_own_is_joined_and_inferred():
    """Stress seed 112: 58298 and 58393 wrapped in their narrow cells, each block of one cell printing "5829" / "8";
    joined, confirmed by the blocks' totals, inferred."""
    read = header_groups.read("table4", SEED_112_TABLE4)
    assert read is not None and list(read.values.values()) == SEED_112_TRUTH
    joined = {col for (_row, col), how in read.provenance.items() if how == INFERRED}
    assert joined == {"复议后起诉/结果维持", "复议后起诉/总计"}
    (note,) = read.notes
    assert "复议后起诉·结果维持 58298、复议后起诉·总计 58393" in note


def test_a_wrapped_number_among_side_by_side_cells_leaves_its_block_unread():
    """As stress seed 104 prints 复议后起诉 (put into gen-006: 尚未审结 57549, 总计 57563): the wrapped cell's head
    comes first in its block of three cells ("5754 1 1 9" for 1, 1, 57549), and any order of them adds up alike. That
    block is not read; the other two, complete and adding up, are read as printed."""
    region = TABLE4.replace("纠正 结果 审结\n1\n1\n6\n\n总计\n20", "纠正 结果 审结\n5754\n1\n1\n9\n\n总计\n5756\n3")
    assert region != TABLE4
    read = header_groups.read("table4", region)
    assert read is not None
    after = {k for k in read.values if k[1].startswith(spec.T4_AFTER_REVIEW)}
    assert {read.provenance[k] for k in after} == {MISSING} and all(read.values[k] is None for k in after)
    assert [v for k, v in read.values.items() if k not in after] == _truth("table4")[:10]
    assert {read.provenance[k] for k in read.values if k not in after} == {EXACT}
    (note,) = read.notes
    assert "行政诉讼·复议后起诉" in note and "5754 1 1 9" in note


def test_a_wrapped_number_that_does_not_add_up_is_not_joined():
    assert header_groups.read("table4", TABLE4.replace("总计\n20", "总计\n4012\n6")) is None


def test_blocks_out_of_order_are_not_read():
    """复议后起诉 printed before 未经复议直接起诉's numbers (changed from gen-006): which block a number belongs to is
    then not fixed by the headers."""
    region = TABLE4.replace("未经复议直接起诉\n", "").replace("复议后起诉\n", "").replace("行政诉讼\n", "")
    region = region.replace("结果\n维持\n13", "复议后起诉\n结果\n维持\n13").replace(
        "总计\n20", "未经复议直接起诉\n总计\n20"
    )
    assert header_groups.read("table4", region) is None


def test_a_table4_that_does_not_add_up_is_not_read_this_way():
    """A wrapped number beside a blank cell gives as many numbers as headers; the blocks' totals must then hold."""
    assert header_groups.read("table4", TABLE4.replace("\n351\n", "\n352\n")) is None


def test_the_real_city_report_through_pdftotext_keeps_table4_unread(tmp_path):
    """淮安市's published PDF (not made by us) through pdftotext's default mode: table 四's headers and numbers are
    interleaved across its blocks (the 总计 of 行政复议 printed after 复议后起诉's numbers), so the order fixes nothing;
    it stays unread, and table 二 is read by its labels as before."""
    out = tmp_path / "006.txt"
    subprocess.run(["pdftotext", "-enc", "UTF-8", str(FIXTURES / "006.pdf"), str(out)], check=True, timeout=60)
    text = clean(out.read_text(encoding="utf-8"))
    start, end = sections.table_regions(text, find_headings(text))["table4"]
    assert header_groups.read("table4", text[start:end]) is None
    result = read_report(out)
    assert all(result.report.get("table4", spec.T4_ROW_KEY, c.col) is None for c in spec.TABLE4.cells)
    assert _table2_values(result.tables["table2"]) == _truth("table2")
