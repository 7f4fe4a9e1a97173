"""Named figures a clerk may write into the narrative as placeholders: 【本年新收】 prints table 三's value.

The names are the words clerks use. Each stands for one cell of an official table, or the sum of a group of cells
(【不予公开】 is the eight （三） rows, 【诉讼】 both litigation groups), in the 总计 column unless the name says otherwise.
The clerk's own figures with parts (主动公开 by channel, 培训人次 …) live on a sheet of their own and are declared here
too: where they sit, and the one identity that binds a figure to its parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import format as f
from . import layout

#: (table, row, column) of one data cell.
CellRef = tuple[str, str, str]


@dataclass(frozen=True)
class Placeholder:
    """A name a clerk may write in brackets, and the table cells whose sum it stands for."""

    name: str
    cells: tuple[CellRef, ...]
    description: str


def _t3(*rows: str) -> tuple[CellRef, ...]:
    return tuple(("table3", row, f.T3_TOTAL) for row in rows)


def _t3_group(group: str) -> tuple[CellRef, ...]:
    return _t3(*(r.key for r in f.T3_ROWS if r.group == group))


def _t4(block: str) -> tuple[CellRef, ...]:
    return (("table4", f.T4_ROW_KEY, f"{block}/{f.T4_TOTAL}"),)


def _t2(row: str, col: str) -> tuple[CellRef, ...]:
    return (("table2", row, col),)


_MADE, _REPEALED, _IN_FORCE = f.T2_DOC_COLS

PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder("本年新收", _t3(f.T3_RECEIVED), "表三 一、本年新收政府信息公开申请数量（总计）"),
    Placeholder("上年结转", _t3(f.T3_CARRIED_IN), "表三 二、上年结转政府信息公开申请数量（总计）"),
    Placeholder("办结", _t3(f.T3_GRAND_TOTAL), "表三 三、本年度办理结果（七）总计"),
    Placeholder("结转下年度", _t3(f.T3_CARRIED_OUT), "表三 四、结转下年度继续办理（总计）"),
    Placeholder("予以公开", _t3("（一）予以公开"), "表三（一）予以公开（总计）"),
    Placeholder("部分公开", _t3("（二）部分公开"), "表三（二）部分公开（总计）"),
    Placeholder("不予公开", _t3_group("（三）不予公开"), "表三（三）不予公开 1—8 项之和（总计）"),
    Placeholder("无法提供", _t3_group("（四）无法提供"), "表三（四）无法提供 1—3 项之和（总计）"),
    Placeholder("不予处理", _t3_group("（五）不予处理"), "表三（五）不予处理 1—5 项之和（总计）"),
    Placeholder("其他处理", _t3_group("（六）其他处理"), "表三（六）其他处理 1—3 项之和（总计）"),
    Placeholder("复议", _t4(f.T4_REVIEW), "表四 行政复议（总计）"),
    Placeholder("直接起诉", _t4(f.T4_DIRECT), "表四 未经复议直接起诉（总计）"),
    Placeholder("复议后起诉", _t4(f.T4_AFTER_REVIEW), "表四 复议后起诉（总计）"),
    Placeholder("诉讼", _t4(f.T4_DIRECT) + _t4(f.T4_AFTER_REVIEW), "表四 行政诉讼（直接起诉与复议后起诉的总计之和）"),
    Placeholder("制发规章", _t2("规章", _MADE), "表二 规章 本年制发件数"),
    Placeholder("废止规章", _t2("规章", _REPEALED), "表二 规章 本年废止件数"),
    Placeholder("现行有效规章", _t2("规章", _IN_FORCE), "表二 规章 现行有效件数"),
    Placeholder("制发规范性文件", _t2("行政规范性文件", _MADE), "表二 行政规范性文件 本年制发件数"),
    Placeholder("废止规范性文件", _t2("行政规范性文件", _REPEALED), "表二 行政规范性文件 本年废止件数"),
    Placeholder("现行有效规范性文件", _t2("行政规范性文件", _IN_FORCE), "表二 行政规范性文件 现行有效件数"),
    Placeholder("许可", _t2("行政许可", f.T2_DECISIONS), "表二 行政许可 本年处理决定数量"),
    Placeholder("处罚", _t2("行政处罚", f.T2_DECISIONS), "表二 行政处罚 本年处理决定数量"),
    Placeholder("强制", _t2("行政强制", f.T2_DECISIONS), "表二 行政强制 本年处理决定数量"),
    Placeholder("收费", _t2("行政事业性收费", f.T2_FEE_COL), "表二 行政事业性收费 本年收费金额（万元）"),
)

PLACEHOLDERS_BY_NAME: dict[str, Placeholder] = {p.name: p for p in PLACEHOLDERS}

#: A placeholder as written: a name in full-width square brackets. Other bracketed text stays as typed.
BRACKETED = re.compile(r"【([^【】\s，。；：、]{1,20})】")
OPEN, CLOSE = "【", "】"


def placeholder(name: str) -> str:
    """The text a clerk types for a figure: 【本年新收】."""
    return f"{OPEN}{name}{CLOSE}"


# ---- the clerk's own figures with parts ----------------------------------------------------------------------------

SHEET_FIGURES = f.SHEET_FIGURES
SHEET_PLACEHOLDERS = f.SHEET_PLACEHOLDERS
#: The figures sheet's layout (defined with the other sheets' layout in spec.format).
FIGURE_COLUMNS = layout.FIGURE_COLUMNS
FIGURE_NAME_COL, FIGURE_PARENT_COL, FIGURE_VALUE_COL, FIGURE_TOTAL_COL = (
    layout.FIGURE_NAME_COL,
    layout.FIGURE_PARENT_COL,
    layout.FIGURE_VALUE_COL,
    layout.FIGURE_TOTAL_COL,
)
FIGURE_FIRST_ROW = layout.FIRST_ENTRY_ROW
FIGURE_ROWS = layout.FIGURE_ROWS
#: Columns of the generated reference sheet of placeholders.
PLACEHOLDER_COLUMNS: tuple[str, ...] = ("在正文中写", "对应的表格数字", "当前值（自动）")


def figure_range(col: str, rows: int = FIGURE_ROWS) -> str:
    """The entry range of one column of the figures sheet, e.g. "$B$3:$B$62"."""
    return f"${col}${FIGURE_FIRST_ROW}:${col}${FIGURE_FIRST_ROW + rows - 1}"


def figure_total_formula(row: int, rows: int = FIGURE_ROWS) -> str:
    """The live total of a figure: the sum of its parts when it has any, else its own entered value.

    The same identity is checked by rule P-3 (``rules.figures``): a figure with parts whose entered value differs
    from their sum is an error, so the formula and the rule can never disagree about what the total is.
    """
    name, value = f"{FIGURE_NAME_COL}{row}", f"{FIGURE_VALUE_COL}{row}"
    parents, values = figure_range(FIGURE_PARENT_COL, rows), figure_range(FIGURE_VALUE_COL, rows)
    return f'=IF({name}="","",IF(COUNTIF({parents},{name})>0,SUMIF({parents},{name},{values}),{value}))'


def placeholder_formula(p: Placeholder) -> str:
    """The reference sheet's live value of a placeholder: the table cell, or the sum of its cells."""
    from .. import cells

    by_sheet: dict[str, list[str]] = {}
    for table, row, col in p.cells:
        spec_table = f.TABLES[table]
        by_sheet.setdefault(spec_table.sheet, []).append(spec_table.cell(row, col).address)
    terms = [f"'{sheet}'!{ref}" for sheet, addresses in by_sheet.items() for ref in cells.compact(addresses)]
    if len(terms) == 1 and ":" not in terms[0]:
        return f"={terms[0]}"
    return f"=SUM({','.join(terms)})"
