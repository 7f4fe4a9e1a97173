"""Building ``xltool.xlam``: xlwings' own ribbon add-in template changed by zip/XML edits only.

The add-in is xlwings' ribbon add-in template (``quickstart_addin_ribbon.xlam``, what ``xlwings quickstart NAME
--addin --ribbon`` copies): its VBA is untouched, because a VBA project cannot be rebuilt reliably outside Excel. The
template's callback ``RibbonMyAddin.RunMain`` runs ``import <file stem>; <stem>.main()``, so naming the file
``xltool.xlam`` is what makes the button call ``xltool.main()`` (the click, ``addin.click``).

The template's VBA reads its settings from the sheet ``PROJECT_NAME & ".conf"`` where ``PROJECT_NAME`` is a VBA
constant (``myaddin`` in the template). The sheet ships inactive as ``_myaddin.conf``; activating it therefore means
dropping the underscore (``myaddin.conf``), not naming it after our file: a sheet called ``xltool.conf`` would be
silently ignored by the unchanged VBA.
"""

from __future__ import annotations

import os
import re
import sys
import zipfile
from pathlib import Path
from typing import IO, Any

from .. import spec
from ..errors import XltoolError
from ..writers.files import atomic_write, os_reason, refuse_overwrite

ADDIN_FILE = "xltool.xlam"  # the stem is the module RunMain imports: it must stay "xltool"
TEMPLATE = "quickstart_addin_ribbon.xlam"
CALLBACK = "RibbonMyAddin.RunMain"
IMAGE_MSO = "AcceptInvitation"  # a green tick: "check"

CUSTOMUI_PART = "customUI/customUI.xml"
WORKBOOK_PART = "xl/workbook.xml"
CONF_SUFFIX = ".conf"

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


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
        raise XltoolError(
            "X-ADDIN-PLATFORM", reason=f"本机（{sys.platform}）没有 Excel，不知道加载项要在哪台电脑上用", how=_HOW
        )
    if interpreter is None and target != host:
        raise XltoolError(
            "X-ADDIN-PLATFORM", reason=f"为 {_PLATFORM_NAMES[target]} 生成加载项需要那台电脑上 Python 的路径", how=_HOW
        )
    return target


_HOW = (
    "可在办公人员的电脑上运行 xltool addin install（自动使用那台电脑的 Python）；或在本机指明平台和那台电脑上"
    "的 Python，例如 xltool addin build --platform Windows --interpreter "
    '"C:\\Users\\张三\\AppData\\Local\\Programs\\Python\\Python311\\pythonw.exe"'
)


def _path_platform(interpreter: str) -> str:
    """ "C:\\…\\pythonw.exe" is a Windows path; anything else (an absolute POSIX path) a Mac one."""
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


def build_addin(
    output_dir: str | os.PathLike[str], interpreter: str | None = None, force: bool = True, platform: str | None = None
) -> Path:
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
    tab.attrib.update({"id": "xltoolTab", "label": spec.TAB_LABEL})
    group.attrib.update({"id": "xltoolGroup", "label": spec.GROUP_LABEL})
    button = buttons[0]
    button.attrib.clear()
    button.attrib.update(
        {
            "id": "xltoolCheck",
            "label": spec.BUTTON_LABEL,
            "size": "large",
            "onAction": CALLBACK,
            "imageMso": IMAGE_MSO,
            "screentip": spec.SCREENTIP,
            "supertip": spec.SUPERTIP,
        }
    )
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
    for number, row in rows.items():
        cell = row.find(f"{{{_NS_MAIN}}}c[@r='A{number}']")
        text = _cell_text(cell, shared) if cell is not None else None
        if text:
            keys[text.upper()] = number
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
