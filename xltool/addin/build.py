"""The Excel ribbon add-in: build ``xltool.xlam``, install it, and run the click.

The add-in is xlwings' own ribbon add-in template (``quickstart_addin_ribbon.xlam``, what ``xlwings quickstart NAME
--addin --ribbon`` copies) changed by zip/XML edits only: its VBA is untouched, because a VBA project cannot be rebuilt
reliably outside Excel. The template's callback ``RibbonMyAddin.RunMain`` runs ``import <file stem>; <stem>.main()``, so
naming the file ``xltool.xlam`` is what makes the button call ``xltool.main()``.

The template's VBA reads its settings from the sheet ``PROJECT_NAME & ".conf"`` where ``PROJECT_NAME`` is a VBA
constant (``myaddin`` in the template). The sheet ships inactive as ``_myaddin.conf``; activating it therefore means
dropping the underscore (``myaddin.conf``), not naming it after our file: a sheet called ``xltool.conf`` would be
silently ignored by the unchanged VBA.

``main()`` is the click. Every click starts a fresh Python, so this module imports nothing heavy at the top and the
workbook is read with one bulk range read per sheet (readers/book.py). Only operations that both xlwings engines
implement are used — read values, write values, set colours, add/clear sheets, alert — so the remote engine exercises
the same code path in tests on Linux; cell notes are added where the engine supports them and skipped quietly elsewhere.
"""

from __future__ import annotations

import os
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .. import cells, spec
from ..errors import XltoolError
from ..writers.files import atomic_write, log_exception, os_reason, refuse_overwrite, user_dir

if TYPE_CHECKING:  # pragma: no cover
    from ..findings import Findings

ADDIN_FILE = "xltool.xlam"  # the stem is the module RunMain imports: it must stay "xltool"
TEMPLATE = "quickstart_addin_ribbon.xlam"
CALLBACK = "RibbonMyAddin.RunMain"
TAB_LABEL = "政务公开年报"
GROUP_LABEL = "年度报告"
BUTTON_LABEL = "校验并生成报告"
SCREENTIP = "校验当前工作簿并生成 Word 年度报告"
SUPERTIP = (
    "按 2021 年国家格式校验当前打开的年报工作簿：有问题的单元格标红（错误）或标黄（警告），"
    "问题清单写入“校验结果”工作表。没有错误时可一键生成 Word 年度报告，保存在工作簿旁边。不会修改已填写的数据。"
)
IMAGE_MSO = "AcceptInvitation"  # a green tick: "check"

CUSTOMUI_PART = "customUI/customUI.xml"
WORKBOOK_PART = "xl/workbook.xml"
CONF_SUFFIX = ".conf"

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


# ====================================================================================================================
# Building the .xlam
# ====================================================================================================================


def template_path() -> Path:
    """The ribbon add-in template shipped inside the installed xlwings package (found without importing xlwings)."""
    from importlib.util import find_spec

    found = find_spec("xlwings")
    if found is None or not found.submodule_search_locations:
        raise XltoolError("F-NOT-FOUND", path="xlwings/" + TEMPLATE)
    path = Path(next(iter(found.submodule_search_locations))) / TEMPLATE
    if not path.is_file():
        raise XltoolError("F-NOT-FOUND", path=path)
    return path


#: Platforms an add-in can be built for, and the config key xlwings reads the interpreter from on each.
PLATFORMS: dict[str, str] = {"windows": "Interpreter_Win", "mac": "Interpreter_Mac"}
_PLATFORM_NAMES = {"windows": "Windows", "mac": "macOS"}
#: What ``--platform`` accepts (any case).
_PLATFORM_ALIASES = {"windows": "windows", "win": "windows", "macos": "mac", "mac": "mac"}


def host_platform() -> str | None:
    """The platform this Python runs on, as a key of PLATFORMS (None where Excel does not run)."""
    return {"win32": "windows", "darwin": "mac"}.get(sys.platform)


def target_platform(interpreter: str | None, platform: str | None) -> str:
    """The platform the add-in is for: the one named, else the one the interpreter's path belongs to, else this one.

    Building for another platform needs that machine's interpreter path: this machine's Python is no use there, and
    an add-in that cannot find Python fails only when the clerk clicks. Refused with a Chinese message saying how.
    """
    host = host_platform()
    named = _PLATFORM_ALIASES.get(platform.strip().lower()) if platform is not None else None
    if platform is not None and named is None:
        raise XltoolError("X-ADDIN-PLATFORM", reason=f"不认识的平台“{platform}”，可选 Windows 或 macOS", how=_HOW)
    target = named or (_path_platform(interpreter) if interpreter else host)
    if target is None:
        raise XltoolError("X-ADDIN-PLATFORM", reason=f"本机（{sys.platform}）没有 Excel，不知道加载项要在哪台电脑上用",
                          how=_HOW)
    if interpreter is None and target != host:
        raise XltoolError("X-ADDIN-PLATFORM", reason=f"为 {_PLATFORM_NAMES[target]} 生成加载项需要那台电脑上 Python 的路径",
                          how=_HOW)
    return target


_HOW = ("可在办公人员的电脑上运行 xltool addin install（自动使用那台电脑的 Python）；或在本机指明平台和那台电脑上"
        "的 Python，例如 xltool addin build --platform Windows --interpreter "
        "\"C:\\Users\\张三\\AppData\\Local\\Programs\\Python\\Python311\\pythonw.exe\"")


def _path_platform(interpreter: str) -> str:
    """"C:\\…\\pythonw.exe" is a Windows path; anything else (an absolute POSIX path) a Mac one."""
    return "windows" if re.match(r"^[A-Za-z]:[\\/]|^\\\\", interpreter) or "\\" in interpreter else "mac"


def addin_config(interpreter: str | None = None, platform: str | None = None) -> dict[str, str]:
    """The settings written into the add-in's config sheet: the interpreter for the target platform only.

    The interpreter defaults to the Python running the build: ``addin install`` builds on the clerk's own machine, so
    that path is the right one there. The other platform's key stays empty (xlwings' default), so an add-in never
    carries a path that is wrong on the machine that opens it. ``ADD_WORKBOOK_TO_PYTHONPATH`` is false so that a
    stray ``pandas.py`` next to a workbook received by e-mail cannot shadow our imports.
    """
    target = target_platform(interpreter, platform)
    config = dict.fromkeys(PLATFORMS.values(), "")
    config[PLATFORMS[target]] = interpreter or sys.executable
    return {**config, "ADD_WORKBOOK_TO_PYTHONPATH": "false"}


def build_addin(output_dir: str | os.PathLike[str], interpreter: str | None = None, force: bool = True,
                platform: str | None = None) -> Path:
    """Write ``xltool.xlam`` into ``output_dir`` and return its path.

    Every part of the template is copied byte for byte except the ribbon XML, the workbook part (config sheet
    renamed) and the config sheet itself. The file is written atomically, so an add-in that Excel has open is never
    left half-written; an existing add-in is replaced only with ``force`` (``addin install`` rebuilds its own copy).
    """
    out_dir = Path(output_dir)
    target = out_dir / ADDIN_FILE
    refuse_overwrite(target, force=force)
    with zipfile.ZipFile(template_path()) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
        infos = src.infolist()
    changed = _edit_parts(parts, addin_config(interpreter, platform))

    def write(handle: IO[bytes]) -> None:
        with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in infos:
                dst.writestr(info, changed.get(info.filename, parts[info.filename]))

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise XltoolError("F-OUTPUT", path=out_dir, reason=os_reason(exc)) from None
    return atomic_write(target, write)


def _edit_parts(parts: dict[str, bytes], config: dict[str, str]) -> dict[str, bytes]:
    """The three edited parts: ribbon, workbook (config sheet activated) and the config sheet's values."""
    workbook, conf_name, sheet_part = _activate_conf_sheet(parts)
    shared = _shared_strings(parts)
    return {
        CUSTOMUI_PART: ribbon_xml(parts[CUSTOMUI_PART]),
        WORKBOOK_PART: workbook,
        sheet_part: fill_config_sheet(parts[sheet_part], shared, config),
    }


def _xml(data: bytes) -> Any:
    """Parse a part of the (trusted, packaged) template without resolving entities or touching the network."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    return etree.fromstring(data, parser)


def _serialize(root: Any) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def ribbon_xml(original: bytes) -> bytes:
    """The template's customUI with our tab, group and one large button; the callback is kept as it is.

    RunMain ignores which button called it, so the ribbon holds exactly one button: a second one would run the same
    ``main()``.
    """
    root = _xml(original)
    ns = root.nsmap.get(None, "")
    q = (lambda tag: f"{{{ns}}}{tag}") if ns else (lambda tag: tag)
    buttons = root.findall(f".//{q('button')}")
    if len(buttons) != 1 or buttons[0].get("onAction") != CALLBACK:
        raise XltoolError("F-UNSUPPORTED", path=TEMPLATE, reason=f"xlwings 加载项模板的功能区按钮不是 {CALLBACK}")
    tab = root.find(f".//{q('tab')}")
    group = root.find(f".//{q('group')}")
    tab.attrib.update({"id": "xltoolTab", "label": TAB_LABEL})
    group.attrib.update({"id": "xltoolGroup", "label": GROUP_LABEL})
    button = buttons[0]
    button.attrib.clear()
    button.attrib.update({
        "id": "xltoolCheck", "label": BUTTON_LABEL, "size": "large", "onAction": CALLBACK, "imageMso": IMAGE_MSO,
        "screentip": SCREENTIP, "supertip": SUPERTIP,
    })
    return _serialize(root)


def _activate_conf_sheet(parts: dict[str, bytes]) -> tuple[bytes, str, str]:
    """Rename the inactive ``_NAME.conf`` sheet to ``NAME.conf``; return the workbook part, the name and the sheet part."""
    root = _xml(parts[WORKBOOK_PART])
    sheets = [s for s in root.iter(f"{{{_NS_MAIN}}}sheet") if s.get("name", "").endswith(CONF_SUFFIX)]
    if len(sheets) != 1:
        raise XltoolError("F-UNSUPPORTED", path=TEMPLATE, reason="xlwings 加载项模板中没有唯一的 .conf 配置工作表")
    sheet = sheets[0]
    name = sheet.get("name").lstrip("_")
    sheet.set("name", name)
    rels = _xml(parts["xl/_rels/workbook.xml.rels"])
    rel_id = sheet.get(f"{{{_NS_REL}}}id")
    target = next(r.get("Target") for r in rels.iter(f"{{{_NS_PKG_REL}}}Relationship") if r.get("Id") == rel_id)
    return _serialize(root), name, "xl/" + target.lstrip("/").removeprefix("xl/")


def _shared_strings(parts: dict[str, bytes]) -> list[str]:
    data = parts.get("xl/sharedStrings.xml")
    if data is None:
        return []
    root = _xml(data)
    return ["".join(si.itertext()) for si in root.iter(f"{{{_NS_MAIN}}}si")]


def fill_config_sheet(original: bytes, shared: list[str], config: dict[str, str]) -> bytes:
    """Set each key's value in column B of the config sheet; add missing keys right below the last one.

    The VBA reads keys from A1 down to the first blank cell, so a new key must extend that block. Values are inline
    strings: the shared-string table stays untouched, and "false" is text, as the VBA compares the text.
    """
    root = _xml(original)
    data = root.find(f"{{{_NS_MAIN}}}sheetData")
    rows = {int(r.get("r")): r for r in data.iter(f"{{{_NS_MAIN}}}row")}
    keys = {}
    for num, row in rows.items():
        cell = row.find(f"{{{_NS_MAIN}}}c[@r='A{num}']")
        text = _cell_text(cell, shared) if cell is not None else None
        if text:
            keys[text.upper()] = num
    last = 0
    while last + 1 in rows and (last + 1) in keys.values():
        last += 1
    for key, value in config.items():
        num = keys.get(key.upper())
        if num is None:
            last += 1
            num = keys[key.upper()] = last
            if num not in rows:
                rows[num] = _new_row(data, num, like=rows[num - 1])
            _set_inline(rows[num], f"A{num}", key, style=_style(rows[num - 1]))
        _set_inline(rows[num], f"B{num}", value)
    dimension = root.find(f"{{{_NS_MAIN}}}dimension")
    if dimension is not None:
        dimension.set("ref", f"A1:B{max(rows)}")
    return _serialize(root)


def _cell_text(cell: Any, shared: list[str]) -> str | None:
    if cell.get("t") == "s":
        return shared[int(cell.findtext(f"{{{_NS_MAIN}}}v"))]
    if cell.get("t") == "inlineStr":
        return "".join(cell.find(f"{{{_NS_MAIN}}}is").itertext())
    return cell.findtext(f"{{{_NS_MAIN}}}v")


def _new_row(data: Any, num: int, like: Any) -> Any:
    """Insert ``<row r=num>`` in row order (rows must be sorted in SpreadsheetML), formatted like the row above."""
    from lxml import etree

    row = etree.Element(f"{{{_NS_MAIN}}}row", r=str(num))
    for attr in ("ht", "customHeight"):
        if like.get(attr):
            row.set(attr, like.get(attr))
    after = [r for r in data if int(r.get("r")) < num]
    data.insert(data.index(after[-1]) + 1 if after else 0, row)
    return row


def _style(row: Any) -> str | None:
    first = row.find(f"{{{_NS_MAIN}}}c")
    return first.get("s") if first is not None else None


def _set_inline(row: Any, ref: str, text: str, style: str | None = None) -> None:
    """Put ``text`` into cell ``ref`` of ``row`` as an inline string, keeping the cell's style and the cell order."""
    from lxml import etree

    tag = f"{{{_NS_MAIN}}}c"
    cell = row.find(f"{tag}[@r='{ref}']")
    if cell is None:
        cell = etree.Element(tag, r=ref)
        style = _style(row) or style
        if style:
            cell.set("s", style)
        later = [c for c in row.findall(tag) if c.get("r") > ref]
        row.insert(row.index(later[0]) if later else len(row), cell)
    for child in list(cell):
        cell.remove(child)
    cell.set("t", "inlineStr")
    is_ = etree.SubElement(cell, f"{{{_NS_MAIN}}}is")
    etree.SubElement(is_, f"{{{_NS_MAIN}}}t").text = text
    row.set("spans", "1:2" if row.find(f"{tag}[@r='B{row.get('r')}']") is not None else "1:1")


# ====================================================================================================================
# Installing into Excel
# ====================================================================================================================


def _needs_excel() -> None:
    """Excel for Windows or macOS is the only host of the add-in; elsewhere say so and point to the CLI."""
    if sys.platform not in ("win32", "darwin"):
        raise XltoolError("X-NO-EXCEL", platform=sys.platform)


def install_addin(echo: Callable[[str], Any] = print, interpreter: str | None = None) -> int:
    """Build the add-in for this machine's Python and let xlwings copy it into Excel's XLSTART folder.

    xlwings reports failure by printing, not by raising, so success is checked by looking for the installed file.
    """
    _needs_excel()
    from argparse import Namespace

    from xlwings import cli as xw_cli

    built = build_addin(user_dir() / "addin", interpreter=interpreter)
    xw_cli.addin_install(Namespace(file=str(built), dir=None, glob=False))
    installed = Path(xw_cli.get_addin_dir()) / ADDIN_FILE
    if not installed.is_file():
        echo(f"安装未完成：{installed} 不存在。请退出 Excel 后重试，或手动把 {built} 复制到 Excel 的 XLSTART 文件夹。")
        return 1
    echo(f"已安装加载项：{installed}\n重新启动 Excel 后，功能区会出现“{TAB_LABEL}”选项卡。")
    return 0


def uninstall_addin(echo: Callable[[str], Any] = print) -> int:
    """Remove the add-in from Excel's XLSTART folder (through xlwings, which also closes it in a running Excel)."""
    _needs_excel()
    from argparse import Namespace

    from xlwings import cli as xw_cli

    installed = Path(xw_cli.get_addin_dir()) / ADDIN_FILE
    if not installed.is_file():
        echo(f"加载项未安装（{installed} 不存在），无需卸载。")
        return 0
    xw_cli.addin_remove(Namespace(file=ADDIN_FILE, dir=None, glob=False))
    if installed.is_file():
        echo(f"卸载未完成：请退出 Excel 后重试，或手动删除 {installed}。")
        return 1
    echo(f"已卸载加载项：{installed}")
    return 0


# ====================================================================================================================
# The click
# ====================================================================================================================

ALERT_TITLE = "政务公开年报校验"
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
        message = (f"校验时出现内部错误（{exc.__class__.__name__}：{exc}）。已填写的数据不会被修改。\n\n"
                   f"详细信息已写入日志文件：\n{log}\n请把该文件发给维护人员。")
        try:
            book.app.alert(message, title=ALERT_TITLE, mode="critical")
        except Exception:
            print(message, file=sys.stderr)  # RunPython shows stderr in a message box
            raise SystemExit(1) from None


def click(book: Any) -> Findings | None:
    """Validate ``book`` in place: mark cells, write the 校验结果 sheet, alert, offer the Word report.

    Returns the findings (None when the workbook is not ours). Entered values are never written: the only values
    written go to the 校验结果 sheet; the tables only get their fill colour reset and set.
    """
    from ..readers.book import read_book
    from ..rules.audit import audit_report

    try:
        report = read_book(book)
    except XltoolError as exc:  # not our workbook: explain, change nothing
        book.app.alert(f"{exc.message}\n\n工作簿没有被修改。", title=f"{ALERT_TITLE}：{exc.title}", mode="critical")
        return None
    findings = audit_report(report)
    try:
        show_findings(book, findings)
    except XltoolError as exc:
        book.app.alert(f"{findings.summary()}\n\n{exc.message}", title=f"{ALERT_TITLE}：{exc.title}", mode="critical")
        return findings
    _finish(book, report, findings)
    return findings


def show_findings(book: Any, findings: Findings) -> None:
    """Clear the previous run's marks, colour this run's cells and (re)write the results sheet."""
    from ..writers.marking import result_rows
    from ..writers.workbook import INPUT_FILL  # the template's "fill me in" shade: a cleared mark goes back to it

    marks = markable(findings.marked_cells())
    for sheet_name, inputs in spec.input_cells().items():
        sheet = book.sheets[sheet_name]
        by_colour: dict[str, list[str]] = {_hex(INPUT_FILL): list(inputs)}
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
        book.app.alert(summary + f"\n请改正错误后再次点击“{BUTTON_LABEL}”。", title=ALERT_TITLE, mode="critical")
        return
    target = docx_path(book.fullname)
    if target is None:
        book.app.alert(summary + "\n\n工作簿尚未保存到本机文件夹。请先保存工作簿，再点击按钮生成 Word 报告。",
                       title=ALERT_TITLE, mode="info")
        return
    answer = book.app.alert(f"{summary}\n\n是否生成 Word 年度报告？\n将保存为：{target}（同名文件会被替换）",
                            title=ALERT_TITLE, buttons="yes_no", mode="info")
    if answer != "yes":
        return
    from ..writers.docx import write_docx

    try:
        write_docx(report, target)
    except XltoolError as exc:  # a section left empty, 基本信息 incomplete, the file open in Word …
        book.app.alert(f"未生成 Word 报告：{exc.message}", title=f"{ALERT_TITLE}：{exc.title}", mode="critical")
        return
    book.app.alert(f"已生成 Word 年度报告：\n{target}", title=ALERT_TITLE, mode="info")


# ---- cells and colours -----------------------------------------------------------------------------------------------


def severity_fill(severity: str) -> str:
    """The fill of a marked cell: the marked copy's colours (marking.py), as xlwings' "#RRGGBB"."""
    from ..writers.marking import FILLS

    return _hex(FILLS[severity])


def _hex(colour: str) -> str:
    """"FFC7CE", "FFFFC7CE" (ARGB) or "#FFC7CE" → "#FFC7CE"."""
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
    from ..writers.marking import RESULT_WIDTHS

    sheets = book.sheets
    names = [s.name for s in sheets]
    if spec.SHEET_RESULTS in names:
        sheet = sheets[spec.SHEET_RESULTS]
        sheet.clear()  # contents and formats; the column widths set when it was added stay
    else:
        active = sheets.active
        sheet = sheets.add(name=spec.SHEET_RESULTS, after=sheets[len(names) - 1])
        active.activate()  # adding a sheet activates it in Excel; keep the clerk on the sheet with the marks
        for col, width in enumerate(RESULT_WIDTHS, start=1):
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
