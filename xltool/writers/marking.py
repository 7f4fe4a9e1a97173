"""The marked copy: the clerk's workbook with every problem cell coloured, commented and listed.

``write_marked_copy`` is the file route (CLI ``check --mark``, and the only route for WPS users); the ribbon add-in does
the same on the live book through xlwings. Both share ``result_rows`` and the fill colours defined here, which is why
this module imports nothing heavy at the top: the add-in imports it on every click.

Which cells to colour is decided by ``Findings.marked_cells``; this module only paints. It never changes a value and
never writes to the source file.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import cells, spec
from ..errors import XltoolError
from ..findings import show_value
from .celltext import clean_text, write_cell, write_formula
from .files import refuse_overwrite

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook

    from ..findings import Finding, Findings

FILLS: dict[str, str] = {spec.ERROR: spec.ERROR_FILL, spec.WARNING: spec.WARNING_FILL}

EXPLAINED = "已说明"
COMMENT_AUTHOR = "xltool"
#: Points per printed line of the results sheet (11 pt text), for the row heights that wrapped text needs.
RESULT_LINE_HEIGHT = 15


# ---- shared with the ribbon add-in (no openpyxl here) -----------------------------------------------------------------


def level(finding: Finding) -> str:
    """错误 / 警告 / 已说明 (a warning the clerk explained in 情况说明)."""
    return EXPLAINED if finding.explained else spec.SEVERITY_WORDS[finding.severity]


#: The first column of a row that names a likely cause, above the findings it explains.
CAUSE_LEVEL = "可能的原因"


@dataclass(frozen=True)
class ResultRow:
    """One row of the 校验结果 table: a finding, or the likely cause of the findings below it (``finding`` None)."""

    values: list[str]
    sheet: str
    cell: str
    finding: Finding | None = None


def result_table(findings: Findings) -> list[ResultRow]:
    """The 校验结果 rows in reading order (Findings.groups): errors, then warnings; findings with one likely cause
    follow a row naming that cell, indented by "└ " in the 说明 column."""
    rows: list[ResultRow] = []
    for group in findings.groups():
        if group.cause:
            sheet, cell = group.cause.rsplit("!", 1)
            rows.append(ResultRow([CAUSE_LEVEL, "", sheet, cell, "", "", "", "", group.heading], sheet, cell))
        for f in group.findings:
            message = ("└ " if group.cause else "") + f.message + (f"（说明：{f.explanation}）" if f.explained else "")
            first = f.cells[0] if f.cells else ""
            rows.append(
                ResultRow(
                    [
                        level(f),
                        f.rule,
                        f.sheet,
                        first,
                        f.row_label,
                        f.col_label,
                        _text(f.found, bool(f.cells)),
                        _text(f.expected, False),
                        message,
                    ],
                    f.sheet,
                    first,
                    f,
                )
            )
    return rows


def result_rows(findings: Findings) -> list[list[str]]:
    """The 校验结果 table as text: a header, then ``result_table``'s rows (the marked copy and the ribbon alike)."""
    return [list(spec.RESULT_HEADER), *(row.values for row in result_table(findings))]


def cell_notes(findings: Findings) -> dict[tuple[str, str], str]:
    """The comment for each marked cell: every message of a finding that involves the cell, errors first."""
    marks = findings.marked_cells()
    notes: dict[tuple[str, str], list[Finding]] = {key: [] for key in marks}
    for f in findings:
        for cell in dict.fromkeys(f.cells):
            if (f.sheet, cell) in notes and not f.explained:
                notes[(f.sheet, cell)].append(f)
    return {
        key: "\n".join(
            f"【{level(f)} {f.rule}】{f.message}" for f in sorted(items, key=lambda f: f.severity != spec.ERROR)
        )
        for key, items in notes.items()
    }


def _lines_needed(text: str, width: int) -> int:
    """Printed lines of ``text`` in a column ``width`` units wide (a CJK character takes two units)."""
    import math
    import unicodedata

    units = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))
    return max(1, math.ceil(units / max(1, width - 1)))


def _text(value: Any, blank_is_cell: bool) -> str:
    """A value for the results table: a blank data cell reads 空白, no value at all reads empty."""
    return "" if value is None and not blank_is_cell else show_value(value)


# ---- the marked copy ---------------------------------------------------------------------------------------------------


def write_marked_copy(
    src: str | os.PathLike[str], dst: str | os.PathLike[str], findings: Findings, force: bool = False
) -> None:
    """Save a copy of ``src`` at ``dst`` with problem cells filled and commented, plus a 校验结果 sheet.

    ``src`` is only read; ``dst`` appears whole or not at all (a temp file in its folder, then a rename) and replaces
    an existing file only with ``force``. The only formulas in the copy are the spec's live checks
    (``_only_live_checks``).
    """
    src, dst = Path(src), Path(dst)
    refuse_overwrite(dst, src, force=force)
    wb = load_copy(src)
    _paint(wb, findings)
    _results_sheet(wb, findings)
    from .workbook import save_workbook

    wb.properties.modified = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    save_workbook(wb, dst, fixed=False)


def load_copy(src: str | os.PathLike[str]) -> Workbook:
    """The clerk's workbook loaded for a copy we write (marked, drafted): formulas kept, but only the live checks."""
    src = Path(src)
    wb = _load(src)
    _only_live_checks(wb, src)
    return wb


def _load(src: Path) -> Workbook:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not src.exists():
        raise XltoolError("F-NOT-FOUND", path=src)
    try:
        return load_workbook(src)  # formulas stay formulas: the live checks keep working in the copy
    except (zipfile.BadZipFile, InvalidFileException):
        raise XltoolError("F-NOT-ZIP", path=src) from None
    except (KeyError, ValueError, OSError) as exc:
        raise XltoolError("F-CORRUPT", path=src, reason=exc) from None


def _only_live_checks(wb: Workbook, src: Path) -> None:
    """Formulas of a workbook we did not make do not travel into the copy we write.

    A live-check cell keeps (or gets back) the spec's formula; any other formula — a ``HYPERLINK`` or ``WEBSERVICE`` in
    a text cell, a ``=3+4`` typed into a count — is replaced by the value it showed when the file was last saved, which
    is the value the check read. The source file keeps its formulas; only our copy is plain data. The cached values are
    loaded (a second read of ``src``) only when such a formula exists, so the clerk's own workbook costs nothing extra.
    """
    from .workbook import spec_formulas

    ours = spec_formulas()
    foreign = [
        (ws.title, cell.coordinate)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f" and ours.get((ws.title, cell.coordinate)) != cell.value
    ]
    if not foreign:
        return
    from openpyxl import load_workbook

    shown = load_workbook(src, data_only=True)
    for sheet, address in foreign:
        if (sheet, address) in ours:
            write_formula(wb[sheet][address], ours[(sheet, address)])
        else:
            write_cell(wb[sheet][address], shown[sheet][address].value)


def _paint(wb: Workbook, findings: Findings) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    notes = cell_notes(findings)
    for (sheet, address), severity in findings.marked_cells().items():
        if sheet not in wb.sheetnames:
            continue
        ws = wb[sheet]
        cell = ws[address]
        colour = FILLS[severity].lstrip("#")
        fill = PatternFill("solid", start_color=colour, end_color=colour)
        for part in _merged_with(ws, address):  # a merged input cell (B7:D7) is coloured as a whole
            ws[part].fill = fill
        text = notes[(sheet, address)]
        if cell.comment is not None and cell.comment.author != COMMENT_AUTHOR:
            text += "\n——原批注——\n" + cell.comment.text
        comment = Comment(clean_text(text), COMMENT_AUTHOR)
        comment.width, comment.height = 360, 40 + 36 * text.count("\n") + 36
        cell.comment = comment


def _merged_with(ws: Any, address: str) -> list[str]:
    for merged in ws.merged_cells.ranges:
        if merged.start_cell.coordinate == address:
            return [
                c.coordinate
                for row in ws.iter_rows(
                    min_row=merged.min_row, max_row=merged.max_row, min_col=merged.min_col, max_col=merged.max_col
                )
                for c in row
            ]
    return [address]


def _results_sheet(wb: Workbook, findings: Findings) -> None:
    """A fresh 校验结果 sheet placed last, made the active sheet so the clerk sees it on opening."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.hyperlink import Hyperlink

    if spec.SHEET_RESULTS in wb.sheetnames:
        del wb[spec.SHEET_RESULTS]
    ws = wb.create_sheet(spec.SHEET_RESULTS)
    table = result_table(findings)
    rows = [list(spec.RESULT_HEADER), *(row.values for row in table)]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            write_cell(ws.cell(r, c), value)  # a found value "=…" is shown, never run
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", start_color="F2F2F2", end_color="F2F2F2")
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    cell_col = spec.RESULT_HEADER.index("单元格") + 1
    for i, entry in enumerate(table, start=2):
        f = entry.finding
        if f is not None and f.severity in FILLS and not f.explained:
            colour = FILLS[f.severity].lstrip("#")
            ws.cell(i, 1).fill = PatternFill("solid", start_color=colour, end_color=colour)
        if f is None:
            for cell in ws[i]:
                cell.font = Font(bold=True)
        if entry.cell and entry.sheet in wb.sheetnames:
            link = ws.cell(i, cell_col)
            link.hyperlink = Hyperlink(
                ref=link.coordinate, location=f"'{entry.sheet}'!{entry.cell}", display=entry.cell
            )
            link.font = Font(color="0563C1", underline="single", bold=f is None)
        for cell in ws[i]:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        # Neither openpyxl nor LibreOffice sizes a row to its wrapped text when the file is printed: say how tall.
        ws.row_dimensions[i].height = RESULT_LINE_HEIGHT * max(
            _lines_needed(value, width) for value, width in zip(entry.values, spec.RESULT_WIDTHS, strict=False)
        )
    write_cell(ws.cell(len(rows) + 2, 1), findings.summary())
    for i, width in enumerate(spec.RESULT_WIDTHS, start=1):
        ws.column_dimensions[cells.column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{cells.address(len(rows), len(spec.RESULT_HEADER))}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = False
    wb.active = wb.sheetnames.index(spec.SHEET_RESULTS)
