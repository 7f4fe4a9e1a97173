"""Summary files a reviewer sorts, filters, prints and forwards: the batch audit's 汇总 workbook (or CSV), and the
tables of ``compare``, written by one table writer.

Every sheet has a frozen, bold header row with an autofilter, column widths fitted to the content, and prints on A4
landscape one page wide with the header repeated. Every text is stored as text: a file name or an agency name that
begins with "=" stays that text in Excel, WPS and LibreOffice, and a CSV cell that could start a formula is quoted
with an apostrophe. Links to the reports are relative to the summary, so a folder moved or forwarded as a whole keeps
them working.
"""

from __future__ import annotations

import csv
import io
import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import XltoolError
from .celltext import looks_like_formula, write_cell
from .files import refuse_overwrite, write_bytes

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.worksheet.worksheet import Worksheet

    from ..findings import Finding
    from ..rules.batch import BatchResult, ReportResult
    from ..rules.rollup import Comparison, Merged

SHEET_SUMMARY = "汇总"
SHEET_FINDINGS = "问题清单"
SHEET_UNREAD = "未能读取"
SHEET_YEARS = "跨年度"


@dataclass(frozen=True)
class Link:
    """A cell that shows ``text`` and opens ``target`` (a file path)."""

    text: str
    target: Path


@dataclass
class SheetTable:
    """One sheet: a title, its column headers and rows of values (text, numbers, None or ``Link``)."""

    title: str
    headers: Sequence[str]
    rows: list[list[Any]] = field(default_factory=list)
    wrap: frozenset[str] = frozenset()  # headers of columns whose long texts wrap instead of widening the column


# ---- the batch summary ------------------------------------------------------------------------------------------------

SUMMARY_HEADERS: tuple[str, ...] = (
    "文件",
    "机关名称",
    "年度",
    "机关类型",
    "格式",
    "已读取单元格",
    "推断单元格",
    "未能读取单元格",
    "错误",
    "警告",
    "已说明",
    "状态",
)
FINDING_HEADERS = ("文件", "机关名称", "年度", "规则", "级别", "位置", "说明", "原文")
UNREAD_HEADERS = ("文件", "机关名称", "年度", "工作表", "单元格", "行", "列", "说明")
YEAR_HEADERS = (
    "机关名称",
    "本年度",
    "本年报告",
    "上年报告",
    "配对结果",
    "上年结转不符（T-7）",
    "现行有效件数不符（T-8）",
    "正文重复（R-5）",
    "说明",
)


def summary_headers() -> tuple[str, ...]:
    """The 汇总 columns: the report, how it was read, what was found, its key figures, its pair, notes."""
    from ..rules.batch import FIGURES

    return (*SUMMARY_HEADERS, *(name for name, _cells in FIGURES), "上年报告", "说明")


def summary_tables(batch: BatchResult) -> list[SheetTable]:
    """The four sheets of the summary workbook, built from a batch result (what the web page shows too)."""
    from .marking import level

    reports = SheetTable(SHEET_SUMMARY, summary_headers(), wrap=frozenset({"说明"}))
    findings = SheetTable(SHEET_FINDINGS, FINDING_HEADERS, wrap=frozenset({"说明", "原文"}))
    unread = SheetTable(SHEET_UNREAD, UNREAD_HEADERS, wrap=frozenset({"说明"}))
    for r in batch.reports:
        reports.rows.append(_summary_row(r))
        who = [Link(str(r.path), r.path), r.agency, r.year]
        findings.rows += [[*who, f.rule, level(f), f.where, f.message, f.detail] for f in r.findings]
        unread.rows += [
            [*who, c.sheet, c.address, c.row_label, c.col_label, "未能读取，请对照原文核对"] for c in r.unread
        ]
    unread.rows += [
        [Link(str(s.path), s.path), None, None, None, "（整个文件）", None, None, f"已跳过：{s.reason}"]
        for s in batch.skipped
    ]
    return [reports, findings, unread, _year_table(batch)]


def _summary_row(r: ReportResult) -> list[Any]:
    """One report's row of 汇总: who and what it is, then its counts and figures, or the reason it could not be read."""
    who = [Link(str(r.path), r.path), r.agency, r.year, r.kind, r.format]
    if r.error:
        return [*who, *[None] * 6, r.status, *[None] * len(_figure_names()), None, r.error[1]]
    counts = r.findings.counts()
    note = f"{r.cells.get('unread', 0)} 个单元格未能读取，相关规则未能核对" if r.unread else None
    return [
        *who,
        r.cells.get("read"),
        r.cells.get("inferred"),
        r.cells.get("unread"),
        counts["errors"],
        counts["warnings"],
        counts["explained"],
        r.status,
        *r.figures.values(),
        Link(str(r.previous), r.previous) if r.previous else None,
        note,
    ]


def _figure_names() -> list[str]:
    from ..rules.batch import FIGURES

    return [name for name, _cells in FIGURES]


def _year_table(batch: BatchResult) -> SheetTable:
    table = SheetTable(SHEET_YEARS, YEAR_HEADERS, wrap=frozenset({"说明"}))
    by_path = {os.path.abspath(r.path): r for r in batch.reports}
    for p in batch.pairs:
        r = by_path.get(os.path.abspath(p.current))
        found: list[Finding] = list(r.findings) if r else []
        current = Link(str(p.current), p.current)
        if p.previous is not None:  # the pair is decided
            share = next((f.found for f in found if f.rule == "R-5"), None)
            table.rows.append(
                [
                    p.agency,
                    p.year,
                    current,
                    Link(str(p.previous), p.previous),
                    "已配对",
                    sum(f.rule == "T-7" for f in found),
                    sum(f.rule == "T-8" for f in found),
                    share,
                    None,
                ]
            )
        else:
            others = "；".join(str(c) for c in p.candidates)
            table.rows.append(
                [
                    p.agency,
                    p.year,
                    current,
                    None,
                    "无法确定",
                    None,
                    None,
                    None,
                    p.reason + (f"：{others}" if others else ""),
                ]
            )
    return table


def write_summary(path: str | os.PathLike[str], batch: BatchResult, force: bool = False) -> Path:
    """The summary workbook (.xlsx: four sheets) or CSV (.csv: the 汇总 sheet, UTF-8 with BOM for Excel)."""
    return write_tables(path, summary_tables(batch), inputs=[r.path for r in batch.reports], force=force)


# ---- merge and compare ------------------------------------------------------------------------------------------------

SHEET_INPUTS = "汇总来源"
INPUT_HEADERS = ("文件", "机关名称", "年度", "工作表", "单元格", "行", "列", "情况")
SHEET_DIFF = "差异"
DIFF_HEADERS = ("工作表", "单元格", "行", "列", "A", "B", "B−A")
SHEET_CARRY = "跨年度"
CARRY_HEADERS = ("规则", "级别", "位置", "说明")


def inputs_table(merged: Merged) -> SheetTable:
    """The merge's inputs: one row per report, then one row per cell of it that added nothing (the sum is not exact)."""
    table = SheetTable(SHEET_INPUTS, INPUT_HEADERS, wrap=frozenset({"情况"}))
    for i in merged.inputs:
        who = [Link(str(i.path), i.path), i.agency, i.year]
        state = f"{len(i.gaps)} 个单元格空白或未能读取，合计不精确" if i.gaps else "已汇总，全部单元格有数"
        table.rows.append([*who, None, None, None, None, state])
        table.rows += [[*who, g.sheet, g.address, g.row_label, g.col_label, g.why] for g in i.gaps]
    return table


def write_merged(path: str | os.PathLike[str], merged: Merged, force: bool = False) -> Path:
    """The 汇总 workbook: the clerk's workbook holding the sums, with the sheet of its inputs added at the end."""
    from .workbook import new_workbook, save_workbook

    target = Path(path)
    refuse_overwrite(target, *(i.path for i in merged.inputs), force=force, kept="原始报告")
    if target.suffix.lower() not in (".xlsx", ".xlsm"):
        raise XltoolError("F-OUTPUT", path=target, reason="汇总工作簿只能保存为 .xlsx 文件")
    wb = new_workbook(merged.report)
    _fill_sheet(wb.create_sheet(SHEET_INPUTS), inputs_table(merged), target.parent)
    save_workbook(wb, target, fixed=False)
    return target


def comparison_tables(comparison: Comparison) -> list[SheetTable]:
    """The cells that differ, and for two consecutive years the carry-over findings and the repeated share."""
    from .marking import level

    diff = SheetTable(SHEET_DIFF, DIFF_HEADERS)
    diff.rows += [[d.sheet, d.address, d.row_label, d.col_label, d.a, d.b, d.change] for d in comparison.cells]
    tables = [diff]
    if comparison.consecutive:
        carry = SheetTable(SHEET_CARRY, CARRY_HEADERS, wrap=frozenset({"说明"}))
        carry.rows += [[f.rule, level(f), f.where, f.message] for f in comparison.cross_year]
        carry.rows.append(["R-5", None, None, f"后一年度正文与前一年度相同的比例：{comparison.repeated:.0%}"])
        tables.append(carry)
    return tables


def write_comparison(path: str | os.PathLike[str], comparison: Comparison, force: bool = False) -> Path:
    return write_tables(path, comparison_tables(comparison), inputs=[comparison.a, comparison.b], force=force)


# ---- one writer for every table file ----------------------------------------------------------------------------------


def write_tables(
    path: str | os.PathLike[str], tables: Sequence[SheetTable], inputs: Sequence[Path] = (), force: bool = False
) -> Path:
    """Write ``tables`` to an .xlsx workbook (one sheet each) or a .csv file (the first table); never over an input,
    and over an existing file only with ``force``."""
    target = Path(path)
    refuse_overwrite(target, *inputs, force=force, kept="原始报告")
    suffix = target.suffix.lower()
    if suffix == ".csv":
        _write_csv(target, tables[0])
    elif suffix in (".xlsx", ".xlsm"):
        _write_xlsx(target, tables)
    else:
        raise XltoolError("F-OUTPUT", path=target, reason="汇总表只能保存为 .xlsx 或 .csv 文件")
    return target


def _write_xlsx(target: Path, tables: Sequence[SheetTable]) -> None:
    from openpyxl import Workbook

    from .workbook import save_workbook

    wb = Workbook()
    wb.remove(wb.active)
    for table in tables:
        _fill_sheet(wb.create_sheet(table.title), table, target.parent)
    save_workbook(wb, target, fixed=False)


def _fill_sheet(ws: Worksheet, table: SheetTable, base: Path) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_font, header_fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for col, title in enumerate(table.headers, 1):
        cell = ws.cell(1, col)
        write_cell(cell, title)
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    wrapped = {i for i, h in enumerate(table.headers, 1) if h in table.wrap}
    for r, row in enumerate(table.rows, 2):
        for c, value in enumerate(row, 1):
            cell = ws.cell(r, c)
            write_cell(cell, _shown(value))
            if isinstance(value, Link):
                cell.hyperlink = relative_link(value.target, base)
                cell.style = "Hyperlink"
                write_cell(cell, value.text)  # again: a named style resets the quote prefix
            if c in wrapped:
                cell.alignment = wrap
    for col, title in enumerate(table.headers, 1):
        values = [title] + [_shown(row[col - 1]) for row in table.rows[:500] if col - 1 < len(row)]
        limit = 60 if col in wrapped else 50
        ws.column_dimensions[get_column_letter(col)].width = min(limit, max(6, *(display_width(v) + 2 for v in values)))
    _layout(ws, len(table.headers), len(table.rows))


def _layout(ws: Worksheet, columns: int, rows: int) -> None:
    """Frozen header, autofilter, A4 landscape one page wide with the header on every page."""
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = "A2"
    last = f"{get_column_letter(columns)}{rows + 1}"
    ws.auto_filter.ref = f"A1:{last}"
    ws.print_title_rows = "1:1"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True


def relative_link(target: Path, base: Path) -> str:
    """The link from a file in ``base`` to ``target``: relative with "/" (Excel, WPS and LibreOffice resolve it from
    the workbook's folder); an absolute file URL when there is no relative path (another Windows drive)."""
    try:
        rel = os.path.relpath(os.path.abspath(target), os.path.abspath(base))
    except ValueError:
        return Path(os.path.abspath(target)).as_uri()
    return rel.replace(os.sep, "/")


def display_width(value: Any) -> int:
    """Columns a value takes on screen: a Chinese character is two."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _shown(value: Any) -> Any:
    return value.text if isinstance(value, Link) else value


def _write_csv(target: Path, table: SheetTable) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_csv_value(v) for v in row])
    data = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    write_bytes(target, data)


def _csv_value(value: Any) -> Any:
    """A CSV cell as Excel should show it: a text that would start a formula gets a leading apostrophe."""
    value = _shown(value)
    if value is None:
        return ""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value
