"""The 2021 national format (国办公开办函〔2021〕30号), in one place: sections, the sheet each sits on, 基本信息, tables.

Everything else derives from this module (with its rule catalogue in ``spec.rules`` and the workbook's layout in
``spec.layout``): the workbook builder lays out its cells, the validator checks its identities, the Word writer draws
its tables and the importers look for its labels. A label or a rule written anywhere else is a bug.

Cell addresses are those of the official table grids (docs/reference/format-2021.md §2–4): each table sits at A1 of its own sheet, so
``三、依申请公开!D27`` is the （七）总计 cell of the 自然人 column in both the workbook and the printed table.

This module is plain data: no heavy imports, no I/O, no message formatting.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from ..cells import column_letter as col_letter  # 1 → "A", for the table builders below
from ..cells import parse as parse_address

#: The three statistical tables, as Report JSON and ``AnnualReport.tables`` name them.
TableKey = Literal["table2", "table3", "table4"]
#: What a data cell holds: a count (integer ≥ 0) or the fee (decimal ≥ 0, in 万元).
CellKind = Literal["count", "fee"]

# --------------------------------------------------------------------------------------------------------------------
# Sections and sheets
# --------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One of the six numbered sections of the report."""

    number: str  # "一" … "六"
    heading: str  # "总体情况"
    table: str | None = None  # "table2" for sections holding a statistical table

    @property
    def title(self) -> str:
        return f"{self.number}、{self.heading}"


SECTIONS: tuple[Section, ...] = (
    Section("一", "总体情况"),
    Section("二", "主动公开政府信息情况", "table2"),
    Section("三", "收到和处理政府信息公开申请情况", "table3"),
    Section("四", "政府信息公开行政复议、行政诉讼情况", "table4"),
    Section("五", "存在的主要问题及改进情况"),
    Section("六", "其他需要报告的事项"),
)

#: The report's name; its title is "{机关名称}{年度}年" + REPORT_NAME (docs/reference/format-2021.md §1).
REPORT_NAME = "政府信息公开工作年度报告"
#: The document that sets the format, as reports and reviewers cite it.
FORMAT_DOCUMENT = "国办公开办函〔2021〕30号"


def report_title(agency: str, year: int | str) -> str:
    return f"{agency}{year}年{REPORT_NAME}"


SECTIONS_BY_NUMBER: dict[str, Section] = {s.number: s for s in SECTIONS}


def section(number: str) -> Section:
    """The section numbered "一" … "六"."""
    return SECTIONS_BY_NUMBER[number]


#: Alternative wording of section 四 found in many published reports.
SECTION4_ALT_HEADING = "因政府信息公开工作被申请行政复议、提起行政诉讼情况"

#: Key words of other wordings of the section headings that published reports print, in order ("…" stands for a few
#: other words). Only data for the likeness of a heading to a section (text.find_headings): a heading is recognised by
#: how much of a section's distinctive words it has, whatever its number, so a wording need not be listed to be read
#: ("五、存在的问题和改进措施", "六、其他需要说明的事项", "五、政府信息公开工作存在的主要问题及改进情况").
SECTION_HEADING_REWORDINGS: dict[str, tuple[str, ...]] = {
    "二": ("主动公开…情况",),
    "三": ("收到…申请…情况", "处理…申请…情况"),
    "四": ("行政复议…行政诉讼…情况",),  # "…申请行政复议、提起行政诉讼的情况"
    "五": ("问题…改进",),
    "六": ("其他…事项",),
}

#: The customary sub-sections of 一、总体情况 (docs/reference/format-2021.md §1, [P]).
OVERVIEW_PARTS: tuple[str, ...] = (
    "（一）主动公开",
    "（二）依申请公开",
    "（三）政府信息管理",
    "（四）政府信息公开平台建设",
    "（五）监督保障",
)

#: Narrative sections that the workbook and Report JSON carry as text.
NARRATIVE_SECTIONS: tuple[str, ...] = ("一", "五", "六")

SHEET_HELP = "填报说明"
SHEET_INFO = "基本信息"
SHEET_OVERVIEW = "一、总体情况"
SHEET_TABLE2 = "二、主动公开"
SHEET_TABLE3 = "三、依申请公开"
SHEET_TABLE4 = "四、复议诉讼"
SHEET_PROBLEMS = "五、问题及改进"
SHEET_OTHER = "六、其他事项"
SHEET_FIGURES = "数字与分项"  # the clerk's own figures with parts, usable as placeholders (spec.figures)
SHEET_PLACEHOLDERS = "可用数字"  # generated list of the placeholder names and their current values
SHEET_NOTES = "情况说明"
SHEET_RESULTS = "校验结果"  # added to marked copies and by the ribbon add-in, never part of the template

#: Sheets of the clerk's workbook, in order.
SHEETS: tuple[str, ...] = (
    SHEET_HELP,
    SHEET_INFO,
    SHEET_OVERVIEW,
    SHEET_TABLE2,
    SHEET_TABLE3,
    SHEET_TABLE4,
    SHEET_PROBLEMS,
    SHEET_OTHER,
    SHEET_FIGURES,
    SHEET_PLACEHOLDERS,
    SHEET_NOTES,
)

#: Which sheet holds which narrative section.
NARRATIVE_SHEETS: dict[str, str] = {"一": SHEET_OVERVIEW, "五": SHEET_PROBLEMS, "六": SHEET_OTHER}

# --------------------------------------------------------------------------------------------------------------------
# 基本信息 (agency details)
# --------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InfoField:
    """One line of the 基本信息 sheet: label in column A, value in column B."""

    key: str  # attribute / Report JSON key
    label: str
    hint: str
    #: The Word report prints it in its title, signature or contact paragraph and cannot be written without it.
    needed_in_report: bool = False


INFO_FIELDS: tuple[InfoField, ...] = (
    InfoField("name", "机关名称", "全称，如：沙坡头区兴仁镇人民政府", needed_in_report=True),
    InfoField("kind", "机关类型", "从下拉列表选择"),
    InfoField("year", "报告年度", "四位数字，如 2024", needed_in_report=True),
    InfoField("address", "通讯地址", "报告末尾联系方式使用", needed_in_report=True),
    InfoField("postcode", "邮政编码", "六位数字", needed_in_report=True),
    InfoField("phone", "联系电话", "如 0955-4679231", needed_in_report=True),
    InfoField("email", "电子邮箱", ""),
    InfoField("website", "发布网站", "报告电子版发布的网站地址"),
    InfoField("published", "发布日期", "如 2025-01-20"),
    # Added in 0.2: they come last, so a workbook made before keeps every other field in its row (the reader accepts
    # their rows missing, see INFO_FIELDS_ADDED).
    InfoField(
        "contact_office",
        "联系部门",
        "报告结尾“请与……联系”，如：中卫市沙坡头区兴仁镇人民政府综合办公室；未填时用机关名称",
    ),
    InfoField("website_name", "网站名称", "报告电子版发布的网站，如：中卫市沙坡头区人民政府网站；未填时写“政府网站”"),
)

#: 基本信息 fields added after the first release: a workbook made before has no rows for them, and reads as blank.
INFO_FIELDS_ADDED: tuple[str, ...] = ("contact_office", "website_name")

#: Choices for 机关类型. Kinds ending in 人民政府 must also report 工作考核、社会评议和责任追究 (T-16).
AGENCY_KINDS: tuple[str, ...] = (
    "省级人民政府",
    "市级人民政府",
    "县级人民政府",
    "乡镇人民政府",
    "街道办事处",
    "政府部门",
    "其他机关单位",
)

# --------------------------------------------------------------------------------------------------------------------
# Statistical tables
# --------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataCell:
    """One cell that the clerk fills in."""

    table: TableKey
    row: str  # row key, as in Report JSON
    col: str  # column key
    address: str  # "D27"
    row_label: str  # words that name the row, for messages
    col_label: str  # words that name the column, for messages
    kind: CellKind = "count"  # "count" (integer ≥ 0) or "fee" (decimal ≥ 0, 万元)
    slash_allowed: bool = False  # "/" is accepted (with a warning) in the 规章 row only


@dataclass(frozen=True)
class Text:
    """A fixed label cell; ``span`` is the merged range it heads, or None."""

    address: str
    text: str
    span: str | None = None


@dataclass(frozen=True)
class TableSpec:
    """An official table: its fixed labels and merges, and its data cells."""

    key: str
    sheet: str
    section: str
    title: str
    last_col: str  # right-most grid column
    last_row: int  # bottom grid row
    texts: tuple[Text, ...]
    cells: tuple[DataCell, ...]
    header_rows: int  # rows at the top that form the header (repeated on each printed page)
    data_spans: tuple[str, ...] = ()  # merged ranges that hold a data cell (table 二's single-value rows)

    @property
    def merges(self) -> tuple[str, ...]:
        return tuple(t.span for t in self.texts if t.span) + self.data_spans

    @property
    def ref(self) -> str:
        return f"A1:{self.last_col}{self.last_row}"

    def cell(self, row: str, col: str) -> DataCell:
        return _cell_index(self.key)[(row, col)]

    def rows(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.row for c in self.cells))

    def cols(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.col for c in self.cells))


# ---- Table 二 · 主动公开政府信息情况 ---------------------------------------------------------------------------------

T2_DOC_COLS = ("本年制发件数", "本年废止件数", "现行有效件数")
T2_DOC_ROWS = ("规章", "行政规范性文件")
T2_DECISIONS = "本年处理决定数量"
T2_FEE_COL = "本年收费金额（单位：万元）"
T2_CONTENT = "信息内容"
#: Column labels of the 2019 trial format's table 二 (本年新制作数量 …): a table with them is not the 2021 table.
T2_OLD_MARKERS = ("本年新制作数量", "对外公开总数量")


def _table2() -> TableSpec:
    texts: list[Text] = [
        Text("A1", "第二十条第（一）项", "A1:D1"),
        Text("A2", T2_CONTENT),
        *(Text(f"{col_letter(2 + i)}2", label) for i, label in enumerate(T2_DOC_COLS)),
        Text("A3", "规章"),
        Text("A4", "行政规范性文件"),
        Text("A5", "第二十条第（五）项", "A5:D5"),
        Text("A6", T2_CONTENT),
        Text("B6", T2_DECISIONS, "B6:D6"),
        Text("A7", "行政许可"),
        Text("A8", "第二十条第（六）项", "A8:D8"),
        Text("A9", T2_CONTENT),
        Text("B9", T2_DECISIONS, "B9:D9"),
        Text("A10", "行政处罚"),
        Text("A11", "行政强制"),
        Text("A12", "第二十条第（八）项", "A12:D12"),
        Text("A13", T2_CONTENT),
        Text("B13", T2_FEE_COL, "B13:D13"),
        Text("A14", "行政事业性收费"),
    ]
    cells: list[DataCell] = []
    spans = ("B7:D7", "B10:D10", "B11:D11", "B14:D14")
    for row_num, row in zip((3, 4), T2_DOC_ROWS, strict=True):
        for i, col in enumerate(T2_DOC_COLS):
            cells.append(
                DataCell("table2", row, col, f"{col_letter(2 + i)}{row_num}", row, col, slash_allowed=row == "规章")
            )
    for row_num, row in ((7, "行政许可"), (10, "行政处罚"), (11, "行政强制")):
        cells.append(DataCell("table2", row, T2_DECISIONS, f"B{row_num}", row, T2_DECISIONS))
    cells.append(DataCell("table2", "行政事业性收费", T2_FEE_COL, "B14", "行政事业性收费", T2_FEE_COL, kind="fee"))
    return TableSpec("table2", SHEET_TABLE2, "二", section("二").heading, "D", 14, tuple(texts), tuple(cells), 0, spans)


# ---- Table 三 · 收到和处理政府信息公开申请情况 ------------------------------------------------------------------------

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANTS = "申请人情况"
T3_NATURAL = "自然人"
T3_LEGAL = "法人或其他组织"
T3_TOTAL = "总计"
T3_ORGS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
#: Value columns D–J, in Report JSON order.
T3_COLS: tuple[str, ...] = (T3_NATURAL, *T3_ORGS, T3_TOTAL)

T3_RECEIVED = "一、本年新收政府信息公开申请数量"
T3_CARRIED_IN = "二、上年结转政府信息公开申请数量"
T3_RESULTS = "三、本年度办理结果"
T3_GRAND_TOTAL = "（七）总计"
T3_CARRIED_OUT = "四、结转下年度继续办理"
T3_PARTIAL_NOTE = "（区分处理的，只计这一情形，不计其他情形）"


@dataclass(frozen=True)
class T3Row:
    """A data row of table 三: its Report JSON key, printed group and item labels, and grid row."""

    key: str
    row: int
    group: str  # "（三）不予公开" for grouped rows, else the printed label of the row itself
    item: str | None = None  # "1.属于国家秘密" for grouped rows

    @property
    def printed(self) -> str:
        """The label as printed in its own label cell."""
        return self.item or self.group

    @property
    def words(self) -> str:
        """The label in words for messages: group and item."""
        short = self.group.replace(T3_PARTIAL_NOTE, "")
        return f"{short}{self.item}" if self.item else short


_T3_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "（三）不予公开",
        (
            "1.属于国家秘密",
            "2.其他法律行政法规禁止公开",
            "3.危及“三安全一稳定”",
            "4.保护第三方合法权益",
            "5.属于三类内部事务信息",
            "6.属于四类过程性信息",
            "7.属于行政执法案卷",
            "8.属于行政查询事项",
        ),
    ),
    ("（四）无法提供", ("1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确")),
    (
        "（五）不予处理",
        (
            "1.信访举报投诉类申请",
            "2.重复申请",
            "3.要求提供公开出版物",
            "4.无正当理由大量反复申请",
            "5.要求行政机关确认或重新出具已获取信息",
        ),
    ),
    (
        "（六）其他处理",
        (
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "3.其他",
        ),
    ),
)


def _t3_rows() -> tuple[T3Row, ...]:
    rows = [
        T3Row(T3_RECEIVED, 4, T3_RECEIVED),
        T3Row(T3_CARRIED_IN, 5, T3_CARRIED_IN),
        T3Row("（一）予以公开", 6, "（一）予以公开"),
        T3Row("（二）部分公开", 7, "（二）部分公开" + T3_PARTIAL_NOTE),
    ]
    n = 8
    for group, items in _T3_GROUPS:
        for item in items:
            rows.append(T3Row(f"{group}/{item}", n, group, item))
            n += 1
    rows += [T3Row(T3_GRAND_TOTAL, 27, T3_GRAND_TOTAL), T3Row(T3_CARRIED_OUT, 28, T3_CARRIED_OUT)]
    return tuple(rows)


#: The 25 data rows of table 三, in table order.
T3_ROWS: tuple[T3Row, ...] = _t3_rows()
#: The 21 result rows whose sum is （七）总计 (T-2).
T3_RESULT_ROWS: tuple[str, ...] = tuple(r.key for r in T3_ROWS if 6 <= r.row <= 26)
#: The 2019 trial format had one （六）其他处理 row instead of three; Report JSON then uses this key.
T3_OLD_OTHER = "（六）其他处理"
#: The three 2021 rows that stand for the 2019 format's single （六）其他处理 row, in table order.
T3_OTHER_ROWS: tuple[str, ...] = tuple(r.key for r in T3_ROWS if r.group == T3_OLD_OTHER)


def _table3() -> TableSpec:
    texts: list[Text] = [
        Text("A1", T3_NOTE, "A1:C3"),
        Text("D1", T3_APPLICANTS, "D1:J1"),
        Text("D2", T3_NATURAL, "D2:D3"),
        Text("E2", T3_LEGAL, "E2:I2"),
        *(Text(f"{col_letter(5 + i)}3", org) for i, org in enumerate(T3_ORGS)),
        Text("J2", T3_TOTAL, "J2:J3"),
        Text("A4", T3_RECEIVED, "A4:C4"),
        Text("A5", T3_CARRIED_IN, "A5:C5"),
        Text("A6", T3_RESULTS, "A6:A27"),
        Text("B6", T3_ROWS[2].printed, "B6:C6"),
        Text("B7", T3_ROWS[3].printed, "B7:C7"),
        Text("B27", T3_GRAND_TOTAL, "B27:C27"),
        Text("A28", T3_CARRIED_OUT, "A28:C28"),
    ]
    for group, _items in _T3_GROUPS:
        group_rows = [r.row for r in T3_ROWS if r.group == group]
        texts.append(Text(f"B{group_rows[0]}", group, f"B{group_rows[0]}:B{group_rows[-1]}"))
    texts += [Text(f"C{r.row}", r.item) for r in T3_ROWS if r.item]
    texts.sort(key=lambda t: parse_address(t.address))  # reading order: row by row, left to right
    cells = tuple(
        DataCell(
            "table3",
            r.key,
            col,
            f"{col_letter(4 + i)}{r.row}",
            r.words,
            col if col in (T3_NATURAL, T3_TOTAL) else f"{T3_LEGAL}·{col}",
        )
        for r in T3_ROWS
        for i, col in enumerate(T3_COLS)
    )
    return TableSpec("table3", SHEET_TABLE3, "三", section("三").heading, "J", 28, tuple(texts), cells, 3)


# ---- Table 四 · 政府信息公开行政复议、行政诉讼情况 ---------------------------------------------------------------------

T4_TOTAL = "总计"
T4_OUTCOMES: tuple[str, ...] = ("结果维持", "结果纠正", "其他结果", "尚未审结", T4_TOTAL)
T4_REVIEW = "行政复议"
T4_LITIGATION = "行政诉讼"
T4_DIRECT = "未经复议直接起诉"
T4_AFTER_REVIEW = "复议后起诉"
#: The three blocks of table 四, in Report JSON order: (key, words for messages, first grid column).
T4_BLOCKS: tuple[tuple[str, str, int], ...] = (
    (T4_REVIEW, T4_REVIEW, 1),
    (T4_DIRECT, f"{T4_LITIGATION}·{T4_DIRECT}", 6),
    (T4_AFTER_REVIEW, f"{T4_LITIGATION}·{T4_AFTER_REVIEW}", 11),
)
T4_ROW_KEY = "件数"


def _table4() -> TableSpec:
    texts: list[Text] = [
        Text("A1", T4_REVIEW, "A1:E1"),
        Text("F1", T4_LITIGATION, "F1:O1"),
        Text("F2", T4_DIRECT, "F2:J2"),
        Text("K2", T4_AFTER_REVIEW, "K2:O2"),
    ]
    cells: list[DataCell] = []
    for block, words, first in T4_BLOCKS:
        for i, outcome in enumerate(T4_OUTCOMES):
            letter = col_letter(first + i)
            if block == T4_REVIEW:
                texts.append(Text(f"{letter}2", outcome, f"{letter}2:{letter}3"))
            else:
                texts.append(Text(f"{letter}3", outcome))
            cells.append(DataCell("table4", T4_ROW_KEY, f"{block}/{outcome}", f"{letter}4", words, outcome))
    texts.sort(key=lambda t: parse_address(t.address))  # reading order: row by row, left to right
    return TableSpec("table4", SHEET_TABLE4, "四", section("四").heading, "O", 4, tuple(texts), tuple(cells), 3)


TABLE2 = _table2()
TABLE3 = _table3()
TABLE4 = _table4()
TABLES: dict[str, TableSpec] = {t.key: t for t in (TABLE2, TABLE3, TABLE4)}


@cache
def _cell_index(table: str) -> dict[tuple[str, str], DataCell]:
    return {(c.row, c.col): c for c in TABLES[table].cells}


#: The Report JSON schema id.
REPORT_SCHEMA = "xltool.report/1"
