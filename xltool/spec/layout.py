"""The clerk's workbook as a layout: where each entry goes, every cell the clerk types in, the live checks' words, the
palette, the ribbon's labels and the columns of the 校验结果 sheet.

The official format (``spec.format``, which also names the sheet each part sits on) is placed in a workbook here. The
workbook builder, the readers, the marked copy and the add-in take every place, word and colour from here.
"""

from __future__ import annotations

from functools import cache

from ..cells import expand as expand_range
from .format import (
    INFO_FIELDS,
    NARRATIVE_SECTIONS,
    NARRATIVE_SHEETS,
    OVERVIEW_PARTS,
    SHEET_FIGURES,
    SHEET_INFO,
    TABLES,
)

# ---- Workbook layout of the non-table sheets (shared by the builder and the readers) ---------------------------------
# Row 1 holds the sheet's title, row 2 a header; entries start at row 3 with the label in A and the value in B.
FIRST_ENTRY_ROW = 3

#: Narrative text cells: section → ((label, cell), …). Section 一 has an opening paragraph and the five sub-sections;
#: the report model joins them into one text (model.join_overview).
NARRATIVE_CELLS: dict[str, tuple[tuple[str, str], ...]] = {
    "一": (("开篇概述", "B3"), *((part, f"B{4 + i}") for i, part in enumerate(OVERVIEW_PARTS))),
    "五": (("存在的主要问题及改进情况", "B3"),),
    "六": (("其他需要报告的事项", "B3"),),
}

#: 数字与分项 sheet: the clerk's own figures, one per row from FIRST_ENTRY_ROW: name, the figure it is a part of
#: (blank: a figure of its own), value entered, live total (spec.figures says how the total is made).
FIGURE_COLUMNS: tuple[str, ...] = ("名称", "属于（上级数字的名称）", "数值", "合计（自动）")
FIGURE_NAME_COL, FIGURE_PARENT_COL, FIGURE_VALUE_COL, FIGURE_TOTAL_COL = "A", "B", "C", "D"
FIGURE_ROWS = 60

#: 情况说明 sheet: the clerk's written explanations of warnings, one per row from FIRST_ENTRY_ROW.
NOTES_COLUMNS: tuple[str, ...] = ("规则编号", "位置（工作表!单元格）", "情况说明")
NOTES_ROWS = 50

# ---- live checks ------------------------------------------------------------------------------------------------------

#: Live checks of the clerk's workbook: the short header naming each identity, and what a check cell shows.
LIVE_CHECK_LABELS: dict[str, str] = {
    "T-1": "T-1 一+二=（七）总计+四",
    "T-2": "T-2 （七）总计=各分项之和",
    "T-3": "T-3 总计=各列之和",
    "T-4": "T-4 总计=各项结果之和",
}
LIVE_CHECK_PASS = "通过"
LIVE_CHECK_FAIL = "不符"
LIVE_CHECK_INCOMPLETE = "缺数字"  # a blank or a text in one of the identity's cells

# ---- palette --------------------------------------------------------------------------------------------------------

INPUT_FILL = "DDEBF7"  # light blue: "fill me in" (the template's shade; a cleared mark goes back to it)
LABEL_FILL = "F2F2F2"  # light grey: headers of the live checks
ERROR_FILL = "#FFC7CE"  # Excel's light red "bad"
WARNING_FILL = "#FFEB9C"  # Excel's light yellow "neutral"

# ---- the 校验结果 sheet (marked copy and add-in) --------------------------------------------------------------------

RESULT_HEADER: tuple[str, ...] = ("级别", "规则", "工作表", "单元格", "行", "列", "填写值", "应为", "说明")
#: Column widths (Excel units, about one Latin character): 157 in all, so landscape A4 prints them at a legible size.
RESULT_WIDTHS = (10, 7, 14, 8, 24, 16, 9, 9, 60)

# ---- the ribbon add-in's words ---------------------------------------------------------------------------------------

TAB_LABEL = "政务公开年报"
GROUP_LABEL = "年度报告"
BUTTON_LABEL = "校验并生成报告"
SCREENTIP = "校验当前工作簿并生成 Word 年度报告"
SUPERTIP = (
    "按 2021 年国家格式校验当前打开的年报工作簿：有问题的单元格标红（错误）或标黄（警告），"
    "问题清单写入“校验结果”工作表。没有错误时可一键生成 Word 年度报告，保存在工作簿旁边。不会修改已填写的数据。"
)
ALERT_TITLE = "政务公开年报校验"

# ---- the cells the clerk fills in -------------------------------------------------------------------------------------


@cache
def input_cells() -> dict[str, tuple[str, ...]]:
    """Every cell the clerk fills in, by sheet, merged data cells expanded (the 情况说明 rows aside).

    The add-in resets these to the template's input shade before colouring a click's findings, so a mark never
    outlives its problem and no other cell's format is touched.
    """
    out: dict[str, tuple[str, ...]] = {
        SHEET_INFO: tuple(f"B{FIRST_ENTRY_ROW + i}" for i in range(len(INFO_FIELDS))),
        **{NARRATIVE_SHEETS[n]: tuple(a for _label, a in NARRATIVE_CELLS[n]) for n in NARRATIVE_SECTIONS},
    }
    for table in TABLES.values():
        out[table.sheet] = tuple(a for c in table.cells for a in cell_area(table.sheet, c.address))
    out[SHEET_FIGURES] = tuple(
        f"{col}{FIRST_ENTRY_ROW + i}"
        for i in range(FIGURE_ROWS)
        for col in (FIGURE_NAME_COL, FIGURE_PARENT_COL, FIGURE_VALUE_COL)
    )
    return out


def cell_area(sheet: str, address: str) -> tuple[str, ...]:
    """The cells an input cell covers: its whole merge for table 二's single-value rows (B7 → B7:D7), else itself."""
    spans = {span.split(":")[0]: span for t in TABLES.values() if t.sheet == sheet for span in t.data_spans}
    return tuple(expand_range(spans.get(address, address)))
