"""The clerk's workbook, written as loops over ``spec`` (as tableschema-to-template writes its templates).

Each table sits at A1 of its own sheet exactly like the official grid, so a cell address in a message is the same in
the workbook and in the printed table. Input cells are shaded and unlocked, everything else is locked by a sheet
protection without a password (it prevents slips, not determined edits). Every identity of the spec (T-1…T-4) gets a
live check cell with a plain IF/SUM formula and conditional formatting, so the clerk sees a broken sum at once in
Excel, WPS or LibreOffice, with no Python and no add-in.

Output is deterministic: fixed document properties and fixed zip timestamps, so two builds are byte-identical and the
committed template in ``workbook/`` can be compared with what ``xltool new`` builds.
"""

from __future__ import annotations

import datetime
import os
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import IO, TYPE_CHECKING, Any

from .. import cells, spec
from ..model import AnnualReport, split_overview
from ..spec import figures as fs
from .celltext import write_cell, write_formula
from .files import FixedTimeZip, atomic_write

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

#: Fixed document properties: a rebuild must not change a byte of the committed template.
CREATOR = "xltool"
FIXED_TIME = datetime.datetime(2021, 9, 26)  # the day 国办公开办函〔2021〕30号 was signed

FONT_NAME = "宋体"
PASS_FILL, PASS_FONT = "C6EFCE", "006100"
FAIL_FILL, FAIL_FONT = "FFC7CE", "9C0006"

#: Column widths of each sheet (layout data; row heights are computed from the texts).
COLUMN_WIDTHS: dict[str, dict[str, float]] = {
    spec.SHEET_HELP: {"A": 2, "B": 100},  # two columns: LibreOffice never scales a one-column sheet to fit
    spec.SHEET_INFO: {"A": 14, "B": 44, "C": 36},
    spec.SHEET_OVERVIEW: {"A": 22, "B": 100},
    spec.SHEET_PROBLEMS: {"A": 22, "B": 100},
    spec.SHEET_OTHER: {"A": 22, "B": 100},
    spec.SHEET_TABLE2: {"A": 22, "B": 16, "C": 16, "D": 16},
    spec.SHEET_TABLE3: {
        "A": 5,
        "B": 16,
        "C": 42,
        **{cells.column_letter(i): 9.5 for i in range(4, 11)},
        "K": 2,
        "L": 14,
    },
    spec.SHEET_TABLE4: {cells.column_letter(i): 10 for i in range(1, 16)},
    spec.SHEET_FIGURES: {"A": 26, "B": 26, "C": 14, "D": 14},
    spec.SHEET_PLACEHOLDERS: {"A": 22, "B": 60, "C": 16},
    spec.SHEET_NOTES: {"A": 12, "B": 30, "C": 80},
}
LANDSCAPE: frozenset[str] = frozenset({spec.SHEET_TABLE3, spec.SHEET_TABLE4})
LINE_HEIGHT = 15.0  # points per wrapped line at 11 pt
MAX_ROW_HEIGHT = 409.0  # Excel's limit


# --------------------------------------------------------------------------------------------------------------------
# Public entry
# --------------------------------------------------------------------------------------------------------------------


def build_workbook(path: str | os.PathLike[str], report: AnnualReport | None = None) -> None:
    """Write the clerk's workbook to ``path``; the blank template (every count 0) when ``report`` is None."""
    save_workbook(new_workbook(report), path)


def new_workbook(report: AnnualReport | None = None) -> Workbook:
    """The clerk's workbook in memory, for a writer that adds a sheet of its own (``merge``'s list of inputs)."""
    from openpyxl import Workbook

    report = report if report is not None else AnnualReport.blank()
    wb = Workbook()
    wb.remove(wb.active)
    builders = _sheet_builders()
    for name in spec.SHEETS:
        builders[name](wb.create_sheet(name), report)
    wb.active = spec.SHEETS.index(spec.SHEET_INFO)
    wb.properties.title = spec.REPORT_NAME
    return wb


def _sheet_builders() -> dict[str, Callable[[Worksheet, AnnualReport], None]]:
    builders: dict[str, Callable[[Worksheet, AnnualReport], None]] = {
        spec.SHEET_HELP: _help_sheet,
        spec.SHEET_INFO: _info_sheet,
        spec.SHEET_NOTES: _notes_sheet,
        spec.SHEET_FIGURES: _figures_sheet,
        spec.SHEET_PLACEHOLDERS: _placeholders_sheet,
    }
    for section, sheet in spec.NARRATIVE_SHEETS.items():
        builders[sheet] = _narrative_builder(section)
    for table in spec.TABLES.values():
        builders[table.sheet] = _table_builder(table)
    return builders


def _narrative_builder(section: str) -> Callable[[Worksheet, AnnualReport], None]:
    """The builder of one section's sheet, bound here so that each sheet keeps its own section (and mypy its type)."""
    return lambda ws, report: _narrative_sheet(ws, section, report)


def _table_builder(table: spec.TableSpec) -> Callable[[Worksheet, AnnualReport], None]:
    """The builder of one table's sheet, bound here so that each sheet keeps its own table (and mypy its type)."""
    return lambda ws, report: _table_sheet(ws, table, report)


def save_workbook(wb: Workbook, path: str | os.PathLike[str], fixed: bool = True) -> None:
    """Save ``wb`` atomically (``writers.files.atomic_write``) and, when ``fixed``, deterministically.

    With ``fixed``, fixed document properties and zip timestamps make two saves of the same content byte-identical
    (the template); a marked copy of the clerk's file keeps its own properties.
    """
    from openpyxl.writer.excel import ExcelWriter

    if fixed:
        wb.properties.creator = CREATOR
        wb.properties.lastModifiedBy = None
        wb.properties.created = FIXED_TIME
        wb.properties.modified = FIXED_TIME

    def write(handle: IO[bytes]) -> None:
        with FixedTimeZip(handle, "w", zipfile.ZIP_DEFLATED) as archive:
            ExcelWriter(wb, archive).write_data()

    atomic_write(path, write)


# --------------------------------------------------------------------------------------------------------------------
# Styles
# --------------------------------------------------------------------------------------------------------------------


@cache
def _styles() -> Any:
    """openpyxl style objects, made once (and only when a workbook is built: openpyxl is imported lazily)."""
    from types import SimpleNamespace

    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

    thin = Side(style="thin", color="000000")
    return SimpleNamespace(
        font=Font(name=FONT_NAME, size=11),
        bold=Font(name=FONT_NAME, size=11, bold=True),
        title=Font(name=FONT_NAME, size=14, bold=True),
        border=Border(left=thin, right=thin, top=thin, bottom=thin),
        center=Alignment(horizontal="center", vertical="center", wrap_text=True),
        left=Alignment(horizontal="left", vertical="center", wrap_text=True),
        top_left=Alignment(horizontal="left", vertical="top", wrap_text=True),
        no_wrap=Alignment(horizontal="left", vertical="center"),  # a title runs on into the empty cells beside it
        input_fill=PatternFill("solid", start_color=spec.INPUT_FILL, end_color=spec.INPUT_FILL),
        label_fill=PatternFill("solid", start_color=spec.LABEL_FILL, end_color=spec.LABEL_FILL),
        unlocked=Protection(locked=False),
    )


def _input_cell(ws: Worksheet, address: str, value: Any, alignment: str = "center") -> None:
    """An input cell: shaded, unlocked, bordered."""
    st = _styles()
    cell = ws[address]
    write_cell(cell, value)
    cell.fill = st.input_fill
    cell.protection = st.unlocked
    cell.border = st.border
    cell.font = st.font
    cell.alignment = getattr(st, alignment)


def _label_cell(ws: Worksheet, address: str, text: str, bold: bool = False, alignment: str = "center") -> None:
    st = _styles()
    cell = ws[address]
    write_cell(cell, text)
    cell.font = st.bold if bold else st.font
    cell.alignment = getattr(st, alignment)
    cell.border = st.border


def _title_row(ws: Worksheet, text: str) -> None:
    write_cell(ws["A1"], text)
    ws["A1"].font = _styles().title
    ws["A1"].alignment = _styles().no_wrap
    ws.row_dimensions[1].height = 24


def _protect(ws: Worksheet) -> None:
    """Lock every cell but the input cells; no password (it guards against slips, not against the clerk)."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # let the clerk widen columns …
    ws.protection.formatRows = False  # … and rows for long texts
    ws.protection.formatCells = False  # the ribbon add-in colours problem cells in the clerk's open workbook


def _page_setup(ws: Worksheet, area: str, title_rows: int = 0) -> None:
    """A4, fit to one page wide, landscape where the sheet is wide; table headers repeat on every printed page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if ws.title in LANDSCAPE else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = area
    if title_rows:
        ws.print_title_rows = f"1:{title_rows}"
    ws.oddHeader.center.text = _heading(ws.title)
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _heading(sheet: str) -> str:
    """The printed page header: the section's full title where the sheet holds a section, else the sheet name."""
    by_sheet = {
        **{sheet: number for number, sheet in spec.NARRATIVE_SHEETS.items()},
        **{t.sheet: t.section for t in spec.TABLES.values()},
    }
    number = by_sheet.get(sheet)
    return spec.section(number).title if number else sheet


def _column_widths(ws: Worksheet) -> None:
    for letter, width in COLUMN_WIDTHS[ws.title].items():
        ws.column_dimensions[letter].width = width


def _text_width(text: str) -> int:
    """Display width in Excel column units: CJK and full-width characters take two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a cell ``width`` units wide."""
    usable = max(width - 1, 1)
    return sum(max(1, -(-_text_width(para) // int(usable))) for para in text.split("\n"))


def _fit_row(ws: Worksheet, row: int, text: str, width: float, minimum: float = LINE_HEIGHT) -> None:
    """Raise a row's height so a wrapped text fits (never lower it)."""
    height = min(max(minimum, _lines(text, width) * LINE_HEIGHT + 4), MAX_ROW_HEIGHT)
    current = ws.row_dimensions[row].height or 0
    ws.row_dimensions[row].height = max(current, height)


# --------------------------------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------------------------------

_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def cell_value(cell: spec.DataCell, value: Any) -> Any:
    """The value to write for a data cell: numbers as numbers, anything else exactly as it was entered.

    Counts that are whole floats (10.0 from COM) become ints; the fee, kept as a decimal string in the model, becomes a
    number when it is a plain decimal; "/" and any other text stay text, so the validator sees what the clerk wrote.
    """
    if isinstance(value, float) and value.is_integer() and cell.kind == "count":
        return int(value)
    if cell.kind == "fee" and isinstance(value, str) and _PLAIN_NUMBER.match(value):
        try:
            number = Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern only lets decimals through
            return value
        return int(number) if number == number.to_integral_value() and "." not in value else float(value)
    return value


# --------------------------------------------------------------------------------------------------------------------
# The table sheets
# --------------------------------------------------------------------------------------------------------------------


def _table_sheet(ws: Worksheet, table: spec.TableSpec, report: AnnualReport) -> None:
    st = _styles()
    for merge in table.merges:
        ws.merge_cells(merge)
    last_row, last_col = cells.parse(f"{table.last_col}{table.last_row}")
    for row in ws.iter_rows(min_row=1, max_row=last_row, max_col=last_col):
        for cell in row:
            cell.border = st.border
            cell.font = st.font
            cell.alignment = st.center
    for text in table.texts:
        _label_cell(ws, text.address, text.text, bold=cells.parse(text.address)[0] <= table.header_rows)
    for dc in table.cells:
        _input_cell(ws, dc.address, cell_value(dc, report.get(table.key, dc.row, dc.col)))
        for address in spec.cell_area(table.sheet, dc.address)[1:]:  # shade the whole merged input cell
            ws[address].fill = st.input_fill
    _table_validations(ws, table)
    _live_checks(ws, table)
    _column_widths(ws)
    _table_row_heights(ws, table)
    if table.key == "table3":
        ws.freeze_panes = f"D{table.header_rows + 1}"
    _page_setup(ws, table.ref, table.header_rows)
    _protect(ws)


def _table_row_heights(ws: Worksheet, table: spec.TableSpec) -> None:
    """Each label row tall enough for its wrapped label (labels spanning several rows are left alone)."""
    spans = {t.address: t.span for t in table.texts}
    for text in table.texts:
        r1, c1, r2, c2 = cells.bounds(spans[text.address] or text.address)
        if r1 != r2:
            continue
        width = sum(ws.column_dimensions[cells.column_letter(c)].width for c in range(c1, c2 + 1))
        _fit_row(ws, r1, text.text, width, minimum=20)


# ---- data validation ----------------------------------------------------------------------------------------------


def _validation_kind(cell: spec.DataCell) -> str:
    return "slash" if cell.slash_allowed else cell.kind


def _table_validations(ws: Worksheet, table: spec.TableSpec) -> None:
    """One validation per kind of data cell (count, fee, count-or-"/"), covering exactly those cells."""
    groups: dict[str, list[str]] = {}
    for dc in table.cells:
        groups.setdefault(_validation_kind(dc), []).append(dc.address)
    for kind, addresses in groups.items():
        ranges = cells.compact(addresses)
        validation = _validation(kind, cells.expand(ranges[0])[0])
        for ref in ranges:
            validation.add(ref)
        ws.add_data_validation(validation)


def _validation(kind: str, top_left: str) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    common = {"allow_blank": True, "showErrorMessage": True, "showInputMessage": True, "errorStyle": "stop"}
    blank_rule = spec.rule("T-12").description
    if kind == "count":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", **common)
        dv.promptTitle, dv.prompt = "填写件数", f"请填写{spec.COUNT_DOMAIN}。{blank_rule}"
    elif kind == "fee":
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", **common)
        dv.promptTitle, dv.prompt = (
            "填写金额（万元）",
            f"请填写不小于 0 的数，单位万元，可有小数（如 3500 元填 0.35）。{blank_rule}",
        )
    else:  # count, or "/" for agencies without rule-making power
        formula = f'OR({top_left}="/",AND(ISNUMBER({top_left}),{top_left}>=0,{top_left}=INT({top_left})))'
        dv = DataValidation(type="custom", formula1=formula, **common)
        dv.promptTitle = "填写件数或“/”"
        dv.prompt = f"请填写{spec.COUNT_DOMAIN}。{spec.rule('T-12b').description}"
    dv.errorTitle = "填写有误"
    dv.error = spec.rule("T-5").description + ("" if kind != "slash" else "规章行还可填写“/”。")
    return dv


# ---- live checks --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveCheck:
    """The check cell of one identity, and the header label next to it."""

    identity: spec.Identity
    sheet: str
    address: str

    def cells(self) -> list[str]:
        """The addresses of the identity's cells, total first."""
        table = spec.TABLES[self.identity.table]
        return [table.cell(*key).address for key in self.identity.members()]

    def formula(self) -> str:
        """``=IF(COUNT(all)<n,"缺数字",IF(total=SUM(terms)-SUM(minus),"通过","不符"))``, straight from the identity."""
        table = spec.TABLES[self.identity.table]
        total = table.cell(*self.identity.total).address
        terms = ",".join(cells.compact(table.cell(*k).address for k in self.identity.terms))
        minus = ",".join(cells.compact(table.cell(*k).address for k in self.identity.minus))
        every = ",".join([total, terms] + ([minus] if minus else []))
        right = f"SUM({terms})" + (f"-SUM({minus})" if minus else "")
        n = len(self.identity.members())
        return (
            f'=IF(COUNT({every})<{n},"{spec.LIVE_CHECK_INCOMPLETE}",'
            f'IF({total}={right},"{spec.LIVE_CHECK_PASS}","{spec.LIVE_CHECK_FAIL}"))'
        )


def live_checks(table: spec.TableSpec) -> list[LiveCheck]:
    """Where each identity of ``table`` gets its check cell.

    A rule whose totals run down one column (T-3: 总计 of every row) gets a check column to the right of the table,
    one empty column apart, level with each total. A rule whose totals run along one row (T-1, T-2: every column;
    T-4: every block) gets a check row below the table, one empty row apart, under each total.
    """
    identities = [i for i in spec.IDENTITIES if i.table == table.key]
    rules = list(dict.fromkeys(i.rule for i in identities))
    last_row, last_col = cells.parse(f"{table.last_col}{table.last_row}")
    below = [r for r in rules if not _totals_in_one_column(table, [i for i in identities if i.rule == r])]
    out = []
    for identity in identities:
        row, col = cells.parse(table.cell(*identity.total).address)
        if identity.rule in below:
            out.append(LiveCheck(identity, table.sheet, cells.address(last_row + 2 + below.index(identity.rule), col)))
        else:
            out.append(LiveCheck(identity, table.sheet, cells.address(row, last_col + 2)))
    return out


def _totals_in_one_column(table: spec.TableSpec, identities: list[spec.Identity]) -> bool:
    cols = {cells.parse(table.cell(*i.total).address)[1] for i in identities}
    return len(cols) == 1 and len(identities) > 1


def _live_checks(ws: Worksheet, table: spec.TableSpec) -> None:
    """Check formulas with red/green conditional formatting, and a header naming the rule beside them."""
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Font, PatternFill

    st = _styles()
    checks = live_checks(table)
    for check in checks:
        cell = ws[check.address]
        write_formula(cell, check.formula())
        cell.font, cell.alignment, cell.border = st.bold, st.center, st.border
    for ref in cells.compact(c.address for c in checks):
        ws.conditional_formatting.add(
            ref,
            CellIsRule(
                operator="equal",
                formula=[f'"{spec.LIVE_CHECK_PASS}"'],
                fill=PatternFill("solid", start_color=PASS_FILL, end_color=PASS_FILL),
                font=Font(color=PASS_FONT),
            ),
        )
        ws.conditional_formatting.add(
            ref,
            CellIsRule(
                operator="notEqual",
                formula=[f'"{spec.LIVE_CHECK_PASS}"'],
                fill=PatternFill("solid", start_color=FAIL_FILL, end_color=FAIL_FILL),
                font=Font(color=FAIL_FONT, bold=True),
            ),
        )
    for ref, text in _check_headers(table, checks):
        first = ref.split(":")[0]
        if ":" in ref:
            ws.merge_cells(ref)
        for address in cells.expand(ref):
            ws[address].border = st.border
            ws[address].fill = st.label_fill
        _label_cell(ws, first, text, bold=True)
        ws[first].fill = st.label_fill


def _check_headers(table: spec.TableSpec, checks: list[LiveCheck]) -> list[tuple[str, str]]:
    """Header cells of the checks: above a check column (spanning the table's header rows), or in the gap left of each
    check cell of a check row (A:C before table 三's first column, the four outcome columns before each 总计 of 四)."""
    out: list[tuple[str, str]] = []
    last_col = cells.parse(f"{table.last_col}1")[1]
    rows: dict[int, list[LiveCheck]] = {}
    for check in checks:
        row, col = cells.parse(check.address)
        if col > last_col:
            continue
        rows.setdefault(row, []).append(check)
    column_checks = [c for c in checks if cells.parse(c.address)[1] > last_col]
    if column_checks:
        col = cells.parse(column_checks[0].address)[1]
        out.append(
            (cells.area(1, col, max(table.header_rows, 1), col), spec.LIVE_CHECK_LABELS[column_checks[0].identity.rule])
        )
    for row, row_checks in rows.items():
        previous = 0
        for check in sorted(row_checks, key=lambda c: cells.parse(c.address)):
            col = cells.parse(check.address)[1]
            if col - previous > 1:
                out.append((cells.area(row, previous + 1, row, col - 1), spec.LIVE_CHECK_LABELS[check.identity.rule]))
            previous = col
    return out


# --------------------------------------------------------------------------------------------------------------------
# The other sheets
# --------------------------------------------------------------------------------------------------------------------


def _header_row(ws: Worksheet, labels: Iterable[str]) -> None:
    st = _styles()
    for i, label in enumerate(labels, start=1):
        cell = ws.cell(row=spec.FIRST_ENTRY_ROW - 1, column=i)
        write_cell(cell, label)
        cell.font, cell.alignment, cell.border, cell.fill = st.bold, st.center, st.border, st.label_fill


def _info_sheet(ws: Worksheet, report: AnnualReport) -> None:
    """基本信息: label in A, value in B, hint in C; 机关类型 is a dropdown, the year a whole number."""
    from openpyxl.worksheet.datavalidation import DataValidation

    _column_widths(ws)
    _title_row(ws, f"{spec.REPORT_NAME} · {spec.SHEET_INFO}")
    _header_row(ws, ("项目", "内容", "说明"))
    for i, field in enumerate(spec.INFO_FIELDS):
        row = spec.FIRST_ENTRY_ROW + i
        _label_cell(ws, f"A{row}", field.label, alignment="left")
        value = report.info(field.key)
        _input_cell(ws, f"B{row}", value, alignment="left")
        if field.key != "year":
            ws[f"B{row}"].number_format = "@"  # postcode and phone keep their leading zeros
        _label_cell(ws, f"C{row}", field.hint, alignment="left")
        ws.row_dimensions[row].height = 22
    rows = {f.key: spec.FIRST_ENTRY_ROW + i for i, f in enumerate(spec.INFO_FIELDS)}
    kinds = DataValidation(
        type="list",
        formula1='"' + ",".join(spec.AGENCY_KINDS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="机关类型",
        error="请从下拉列表中选择机关类型。",
        promptTitle="机关类型",
        prompt="请从下拉列表中选择。",
    )
    kinds.add(f"B{rows['kind']}")
    year = DataValidation(
        type="whole",
        operator="between",
        formula1="2000",
        formula2="2100",
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="报告年度",
        error="报告年度应为四位数字的年份，如 2024。",
        promptTitle="报告年度",
        prompt="四位数字，如 2024。",
    )
    year.add(f"B{rows['year']}")
    ws.add_data_validation(kinds)
    ws.add_data_validation(year)
    last = spec.FIRST_ENTRY_ROW + len(spec.INFO_FIELDS) - 1
    _page_setup(ws, f"A1:C{last}")
    _protect(ws)


def _narrative_sheet(ws: Worksheet, section: str, report: AnnualReport) -> None:
    """A narrative section: label in A, a large wrapped text cell in B (section 一 split into its sub-sections)."""
    _column_widths(ws)
    title = _heading(ws.title)
    _title_row(ws, title)
    _header_row(ws, ("项目", "内容"))
    places = spec.NARRATIVE_CELLS[section]
    text = report.sections.get(section) or ""
    parts = split_overview(text) if section == "一" else [text]
    width = COLUMN_WIDTHS[ws.title]["B"]
    minimum = 90 if len(places) > 1 else 300
    for (label, address), part in zip(places, parts, strict=True):
        row = cells.parse(address)[0]
        _label_cell(ws, f"A{row}", label, bold=True)
        _input_cell(ws, address, part or None, alignment="top_left")
        _fit_row(ws, row, part or "", width, minimum=minimum)
    last = cells.parse(places[-1][1])[0]
    _page_setup(ws, f"A1:B{last}")
    _protect(ws)


def spec_formulas(figure_rows: int = fs.FIGURE_ROWS) -> dict[tuple[str, str], str]:
    """(sheet, cell) → formula of every formula the workbook holds: the live checks of the identities, the totals of
    the clerk's own figures and the current value of each placeholder name. No other formula is ever written."""
    out = {(c.sheet, c.address): c.formula() for t in spec.TABLES.values() for c in live_checks(t)}
    for row in range(fs.FIGURE_FIRST_ROW, fs.FIGURE_FIRST_ROW + figure_rows):
        out[(fs.SHEET_FIGURES, f"{fs.FIGURE_TOTAL_COL}{row}")] = fs.figure_total_formula(row, figure_rows)
    for i, p in enumerate(fs.PLACEHOLDERS):
        out[(fs.SHEET_PLACEHOLDERS, f"C{fs.FIGURE_FIRST_ROW + i}")] = fs.placeholder_formula(p)
    return out


def figure_rows(report: AnnualReport) -> int:
    """How many entry rows the figures sheet gets: the template's, or more when the report brings more figures."""
    return max(fs.FIGURE_ROWS, len(report.figures))


def _value_cell(ws: Worksheet, address: str, formula: str) -> None:
    """A computed cell of the figures and placeholder sheets: one of the spec's formulas, locked, bordered."""
    st = _styles()
    cell = ws[address]
    write_formula(cell, formula)
    cell.border, cell.font, cell.alignment = st.border, st.font, st.center


def _figures_sheet(ws: Worksheet, report: AnnualReport) -> None:
    """数字与分项: the clerk's own figures (name, the figure it is part of, value) and their live totals."""
    _column_widths(ws)
    _title_row(ws, f"{spec.SHEET_FIGURES}（在正文中用【名称】引用；有分项的数字自动合计）")
    _header_row(ws, fs.FIGURE_COLUMNS)
    rows = figure_rows(report)
    for i in range(rows):
        row = fs.FIGURE_FIRST_ROW + i
        fig = report.figures[i] if i < len(report.figures) else None
        _input_cell(ws, f"{fs.FIGURE_NAME_COL}{row}", fig.name if fig else None, alignment="left")
        _input_cell(ws, f"{fs.FIGURE_PARENT_COL}{row}", fig.parent if fig else None, alignment="left")
        _input_cell(ws, f"{fs.FIGURE_VALUE_COL}{row}", fig.value if fig else None)
        _value_cell(ws, f"{fs.FIGURE_TOTAL_COL}{row}", fs.figure_total_formula(row, rows))
    _page_setup(ws, f"A1:D{fs.FIGURE_FIRST_ROW + rows - 1}", title_rows=fs.FIGURE_FIRST_ROW - 1)
    _protect(ws)


def _placeholders_sheet(ws: Worksheet, report: AnnualReport) -> None:
    """可用数字: every placeholder name, the table number it stands for, and its current value (a live formula)."""
    _column_widths(ws)
    _title_row(ws, f"{spec.SHEET_PLACEHOLDERS}（在正文中写左列的名称，生成报告时印出右列的数字）")
    _header_row(ws, fs.PLACEHOLDER_COLUMNS)
    for i, p in enumerate(fs.PLACEHOLDERS):
        row = fs.FIGURE_FIRST_ROW + i
        _label_cell(ws, f"A{row}", fs.placeholder(p.name), alignment="left")
        _label_cell(ws, f"B{row}", p.description, alignment="left")
        _value_cell(ws, f"C{row}", fs.placeholder_formula(p))
    _page_setup(ws, f"A1:C{fs.FIGURE_FIRST_ROW + len(fs.PLACEHOLDERS) - 1}", title_rows=fs.FIGURE_FIRST_ROW - 1)
    _protect(ws)


def _notes_sheet(ws: Worksheet, report: AnnualReport) -> None:
    """情况说明: the clerk's explanations of warnings (rule id, place, text), one per row."""
    _column_widths(ws)
    _title_row(ws, f"{spec.SHEET_NOTES}（对确有原因的警告逐条说明）")
    _header_row(ws, spec.NOTES_COLUMNS)
    notes = [(*key.partition("@")[::2], text) for key, text in report.explanations.items()]
    count = max(spec.NOTES_ROWS, len(notes))
    for i in range(count):
        row = spec.FIRST_ENTRY_ROW + i
        values = notes[i] if i < len(notes) else (None, None, None)
        for col, value in enumerate(values, start=1):
            _input_cell(ws, cells.address(row, col), value, alignment="left")
            ws[cells.address(row, col)].number_format = "@"
    last = spec.FIRST_ENTRY_ROW + count - 1
    _page_setup(ws, f"A1:C{last}", title_rows=spec.FIRST_ENTRY_ROW - 1)
    _protect(ws)


def _help_sheet(ws: Worksheet, report: AnnualReport) -> None:
    """填报说明: what to fill in, the rules in force, what the live checks mean, how to run the full check."""
    st = _styles()
    _column_widths(ws)
    _title_row(ws, f"{spec.REPORT_NAME}填报说明（2021 年国家格式）")
    width = COLUMN_WIDTHS[ws.title]["B"]
    for i, (kind, text) in enumerate(help_lines(), start=2):
        cell = ws.cell(row=i, column=2)
        write_cell(cell, text)
        cell.font = st.bold if kind == "h" else st.font
        cell.alignment = st.left
        _fit_row(ws, i, text, width, minimum=18 if kind == "p" else 24)
    _page_setup(ws, f"A1:B{len(help_lines()) + 1}")
    _protect(ws)


def help_lines() -> list[tuple[str, str]]:
    """The 填报说明 text as (kind, line): "h" heading, "p" paragraph. Sheet names and rules come from the spec."""
    tables = "、".join(f"“{t.sheet}”" for t in spec.TABLES.values())
    narratives = "、".join(f"“{s}”" for s in spec.NARRATIVE_SHEETS.values())
    identity_rules = [spec.rule(r) for r in spec.LIVE_CHECK_LABELS]
    return [
        (
            "p",
            f"本工作簿按《中华人民共和国{spec.REPORT_NAME}格式》（{spec.FORMAT_DOCUMENT}）制作，表格的行列、文字与国家格式一致，"
            "单元格地址与印发的表格相同。",
        ),
        ("h", "一、填写哪些单元格"),
        ("p", "1. 浅蓝色底纹的单元格需要填写；其他单元格已锁定，防止误改表格结构（工作表保护未设密码）。"),
        ("p", f"2. “{spec.SHEET_INFO}”：填写机关名称、机关类型（从下拉列表选择）、报告年度和联系方式。"),
        (
            "p",
            f"3. {narratives}：在 B 列填写正文，段落之间按 Alt+Enter 换行；“{spec.SHEET_OVERVIEW}”按开篇概述和"
            f"{'、'.join(spec.OVERVIEW_PARTS)}分格填写。",
        ),
        ("p", f"4. {tables}：按国家格式逐格填写数字。"),
        (
            "p",
            f"5. “{spec.SHEET_NOTES}”：对确有原因的警告（如跨年度数字不衔接）写明规则编号、位置和原因，校验时视为已说明。",
        ),
        ("h", "二、填写规则"),
        ("p", f"1. {spec.rule('T-5').description}"),
        ("p", f"2. {spec.rule('T-12').description}不要留空。"),
        ("p", f"3. {spec.rule('T-12b').description}"),
        ("p", f"4. {spec.rule('T-13').description}例如 3500 元填 0.35。"),
        ("p", "5. 请勿插入或删除行列、重命名或删除工作表；如需重新开始，可运行 xltool new 生成新的工作簿。"),
        ("h", "三、实时校验（表格旁的“通过 / 不符”）"),
        (
            "p",
            f"表三、表四旁边的校验单元格随填写自动计算：显示“{spec.LIVE_CHECK_PASS}”（绿色）表示该项勾稽关系成立，"
            f"“{spec.LIVE_CHECK_FAIL}”（红色）表示不成立，“{spec.LIVE_CHECK_INCOMPLETE}”（红色）表示相关单元格有空白或非数字。"
            "这些公式在 Excel、WPS 和 LibreOffice 中都能计算，不需要安装任何插件。",
        ),
        *(("p", f"{spec.LIVE_CHECK_LABELS[r.id]}：{r.description}") for r in identity_rules),
        ("h", "四、完整校验"),
        (
            "p",
            "实时校验只覆盖表格的勾稽关系。填写完毕后请做一次完整校验（还检查数值格式、空白、“/”、收费单位、正文与表格是否一致等）：",
        ),
        (
            "p",
            "1. 命令行：xltool check 本工作簿.xlsx ；加上 --mark 标注副本.xlsx 可另存一份把问题单元格标成红色（错误）"
            f"或黄色（警告）并附“{spec.SHEET_RESULTS}”工作表的副本，原文件不会被修改。",
        ),
        (
            "p",
            f"2. Excel 功能区：安装 xltool 加载项（xltool addin install）后，点击“{spec.TAB_LABEL}”选项卡中的"
            f"“{spec.BUTTON_LABEL}”按钮，问题单元格会直接标色，并生成“{spec.SHEET_RESULTS}”工作表。WPS 用户请使用命令行。",
        ),
        ("p", f"3. 有错误时请改正后重新校验；警告如确有原因，请在“{spec.SHEET_NOTES}”工作表中说明。"),
        ("h", "五、生成年度报告"),
        ("p", "校验通过后运行 xltool report 本工作簿.xlsx 生成可直接报送的 Word 年度报告。"),
        ("h", "六、正文中的数字"),
        (
            "p",
            f"正文中可以写{fs.placeholder('本年新收')}、{fs.placeholder('办结')}等名称，生成报告时印出表格中的数字，正文与表格"
            f"就不会不一致。全部名称和当前值见“{fs.SHEET_PLACEHOLDERS}”工作表；表格中没有的数字（如主动公开按渠道的条数）"
            f"在“{fs.SHEET_FIGURES}”工作表中自己定义，有分项的自动合计。",
        ),
    ]
