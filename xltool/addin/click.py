"""The click: ``main()`` runs when the clerk presses the ribbon button, on the book open in Excel.

Every click starts a fresh Python, so this module imports nothing heavy at the top and the workbook is read with one
bulk range read per sheet (readers/book.py). Only operations that both xlwings engines implement are used — read
values, write values, set colours, add/clear sheets, alert — so the remote engine exercises the same code path in tests
on Linux; cell notes are added where the engine supports them and skipped quietly elsewhere.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import cells, spec
from ..errors import XltoolError
from ..writers.files import log_exception

if TYPE_CHECKING:  # pragma: no cover
    from ..findings import Findings


NOTE_PREFIX = "【xltool 校验】"  # marks the notes this add-in wrote, so a re-run removes only its own notes
LOG_FILE = "addin.log"


def main() -> None:
    """The ribbon button (``RibbonMyAddin.RunMain`` runs ``import xltool; xltool.main()``) on the clerk's active book."""
    import xlwings as xw

    book = xw.Book.caller()
    try:
        click(book)
    except Exception as exc:  # the clerk gets a readable alert; the full traceback goes to the log
        log = _log_exception()
        message = (
            f"校验时出现内部错误（{exc.__class__.__name__}：{exc}）。已填写的数据不会被修改。\n\n"
            f"详细信息已写入日志文件：\n{log}\n请把该文件发给维护人员。"
        )
        try:
            book.app.alert(message, title=spec.ALERT_TITLE, mode="critical")
        except Exception:
            print(message, file=sys.stderr)  # RunPython shows stderr in a message box
            raise SystemExit(1) from None


def click(book: Any) -> Findings | None:
    """Validate ``book`` in place: mark cells, write the 校验结果 sheet, alert, offer the Word report.

    Returns the findings (None when the workbook is not ours). Entered values are never written: the only values
    written go to the 校验结果 sheet; the tables only get their fill colour reset and set.
    """
    from ..readers.book import read_book
    from ..rules import audit_report

    try:
        report = read_book(book)
    except XltoolError as exc:  # not our workbook: explain, change nothing
        book.app.alert(
            f"{exc.message}\n\n工作簿没有被修改。", title=f"{spec.ALERT_TITLE}：{exc.title}", mode="critical"
        )
        return None
    findings = audit_report(report)
    try:
        show_findings(book, findings)
    except XltoolError as exc:
        book.app.alert(
            f"{findings.summary()}\n\n{exc.message}", title=f"{spec.ALERT_TITLE}：{exc.title}", mode="critical"
        )
        return findings
    _finish(book, report, findings)
    return findings


def show_findings(book: Any, findings: Findings) -> None:
    """Clear the previous run's marks, colour this run's cells and (re)write the results sheet."""
    from ..writers.marking import result_rows

    marks = markable(findings.marked_cells())
    for sheet_name, inputs in spec.input_cells().items():
        sheet = book.sheets[sheet_name]
        by_colour: dict[str, list[str]] = {_hex(spec.INPUT_FILL): list(inputs)}  # cleared marks: the template's shade
        for (marked_sheet, cell), severity in marks.items():
            if marked_sheet == sheet_name:  # a merged data cell (table 二's B7:D7) is coloured whole
                by_colour.setdefault(severity_fill(severity), []).extend(spec.cell_area(sheet_name, cell))
        try:
            for colour, addresses in by_colour.items():  # the reset first, then this click's marks
                for ref in cells.compact(addresses):
                    sheet.range(ref).color = colour
        except Exception as exc:  # Excel refuses formats on a sheet protected without "设置单元格格式"
            _log_exception()
            raise XltoolError("X-CANNOT-MARK", sheet=sheet_name, reason=f"{exc.__class__.__name__}：{exc}") from None
    write_results(book, result_rows(findings))
    add_notes(book, findings, marks)


def _finish(book: Any, report: Any, findings: Findings) -> None:
    """The closing alert: the summary, and for a workbook without errors the offer of the Word report."""
    summary = findings.summary()
    if len(findings):
        summary += f"\n问题单元格已标红（错误）或标黄（警告），清单见“{spec.SHEET_RESULTS}”工作表。"
    if not findings.valid:
        book.app.alert(
            summary + f"\n请改正错误后再次点击“{spec.BUTTON_LABEL}”。", title=spec.ALERT_TITLE, mode="critical"
        )
        return
    target = docx_path(book.fullname)
    if target is None:
        book.app.alert(
            summary + "\n\n工作簿尚未保存到本机文件夹。请先保存工作簿，再点击按钮生成 Word 报告。",
            title=spec.ALERT_TITLE,
            mode="info",
        )
        return
    answer = book.app.alert(
        f"{summary}\n\n是否生成 Word 年度报告？\n将保存为：{target}（同名文件会被替换）",
        title=spec.ALERT_TITLE,
        buttons="yes_no",
        mode="info",
    )
    if answer != "yes":
        return
    from ..writers.docx import write_docx

    try:
        write_docx(report, target)
    except XltoolError as exc:  # a section left empty, 基本信息 incomplete, the file open in Word …
        book.app.alert(f"未生成 Word 报告：{exc.message}", title=f"{spec.ALERT_TITLE}：{exc.title}", mode="critical")
        return
    book.app.alert(f"已生成 Word 年度报告：\n{target}", title=spec.ALERT_TITLE, mode="info")


# ---- cells and colours -----------------------------------------------------------------------------------------------


def severity_fill(severity: str) -> str:
    """The fill of a marked cell: the marked copy's colours (marking.py), as xlwings' "#RRGGBB"."""
    from ..writers.marking import FILLS

    return _hex(FILLS[severity])


def _hex(colour: str) -> str:
    """ "FFC7CE", "FFFFC7CE" (ARGB) or "#FFC7CE" → "#FFC7CE"."""
    text = colour.lstrip("#")
    return "#" + text[-6:].upper()


def markable(marks: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """The marks that fall on input cells (spec.input_cells): only those are coloured, and reset on the next click.

    A finding elsewhere (a live-check cell, the 情况说明 sheet) is listed on the results sheet only.
    """
    inputs = spec.input_cells()
    return {key: severity for key, severity in marks.items() if key[1] in inputs.get(key[0], ())}


# ---- the results sheet, notes, the Word file, the log ------------------------------------------------------------


def write_results(book: Any, rows: list[list[str]]) -> None:
    """Write the findings table to the 校验结果 sheet: cleared if it exists, else added after the last sheet.

    Cells are formatted as text first so that Excel keeps a found value such as "1/2" or "0012" as entered, and a text
    that Excel would take for a formula ("=…", "-…") gets the quote prefix (``celltext.excel_input``).
    """
    from ..writers.celltext import excel_input

    sheets = book.sheets
    names = [s.name for s in sheets]
    if spec.SHEET_RESULTS in names:
        sheet = sheets[spec.SHEET_RESULTS]
        sheet.clear()  # contents and formats; the column widths set when it was added stay
    else:
        active = sheets.active
        sheet = sheets.add(name=spec.SHEET_RESULTS, after=sheets[len(names) - 1])
        active.activate()  # adding a sheet activates it in Excel; keep the clerk on the sheet with the marks
        for col, width in enumerate(spec.RESULT_WIDTHS, start=1):
            sheet.range((1, col)).column_width = width
    width = max(len(r) for r in rows)
    block = sheet.range((1, 1), (len(rows), width))
    block.number_format = "@"
    block.value = [[excel_input(v) for v in r] + [""] * (width - len(r)) for r in rows]
    sheet.range((1, 1), (1, width)).font.bold = True


def add_notes(book: Any, findings: Findings, marks: dict[tuple[str, str], str]) -> None:
    """Put each marked cell's messages in a cell note, replacing this add-in's notes from the previous click.

    Notes exist on COM only: the remote engine raises NotImplementedError, and then the results sheet alone tells the
    story. A note the clerk wrote is never touched (and the cell is skipped). Notes are a convenience on top of the
    colours and the results sheet, so any other failure here is logged and the click goes on.
    """
    from ..writers.marking import cell_notes

    texts = {key: text for key, text in cell_notes(findings).items() if key in marks}
    try:
        for table in spec.TABLES.values():
            for note in list(book.sheets[table.sheet].notes):
                if note.text.startswith(NOTE_PREFIX):
                    note.delete()
        for (sheet, cell), text in texts.items():
            try:
                book.sheets[sheet].range(cell).add_note(NOTE_PREFIX + "\n" + text)
            except ValueError:  # the clerk's own note is there
                continue
    except NotImplementedError:
        return
    except Exception:  # e.g. a protected sheet that forbids editing objects: the marks and the results are in place
        _log_exception()


def docx_path(fullname: str) -> Path | None:
    """The Word report next to the workbook, or None when the book has no folder yet (never saved, or only online)."""
    if not fullname or "://" in fullname:
        return None
    path = Path(fullname)
    if not path.is_absolute():
        return None
    return path.with_suffix(".docx")


def _log_exception() -> Path:
    """Append the current traceback to the add-in's log file and return its path."""
    return log_exception(LOG_FILE)
