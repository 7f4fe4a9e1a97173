"""Read the clerk's .xlsx file into the report model, refusing anything unsafe or unreadable with a clear reason.

Values come from python-calamine (fast, and it reads the values Excel cached for formulas). Before calamine sees a
byte, the file is checked here, because calamine is not safe against everything: a sheet with one cell in A1 and one in
XFD1048576 makes it allocate half a terabyte and abort the whole process (no exception to catch). So, in order:

1. the container: OLE2 (an old .xls, or an xlsx encrypted with a password, which Office stores as an OLE file with an
   ``EncryptedPackage`` stream), a zip, or something else;
2. the zip directory: declared sizes of the XML parts (zip bombs), then every XML part is read once with zipfile
   (which enforces the declared size and the CRC) and refused if it declares a DTD or entities (billion laughs, XXE;
   calamine would only fail with an obscure error, openpyxl parses through defusedxml);
3. each needed sheet's real extent, from the cell references in its XML (the ``<dimension>`` element may lie).

Only the sheets and the range the spec needs are turned into Python values. A sheet whose extent is too large for
calamine's dense grid is read with openpyxl's streaming reader, which stops after the rows we need. openpyxl is also
used when a data cell came back blank, to tell a real blank from a formula that has no cached result.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from .. import cells, spec
from ..errors import XltoolError, os_reason
from ..model import AnnualReport
from .grid import SHEET_EXTENTS, read_extent, report_from_grids

#: Whole file: a clerk's workbook is some tens of KB; embedded pictures may make it a few MB.
MAX_FILE_BYTES = 100 * 1024 * 1024
#: One XML part, uncompressed, and all XML parts together (a zip bomb declares gigabytes here).
MAX_PART_BYTES = 30 * 1024 * 1024
MAX_XML_BYTES = 100 * 1024 * 1024
#: Cells of calamine's dense grid for one sheet (rows × columns from A1); beyond this openpyxl streams the sheet.
MAX_DENSE_CELLS = 2_000_000

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_UNSAFE_MARKUP = (b"<!DOCTYPE", b"<!ENTITY")


def read_workbook(path: str | os.PathLike[str]) -> AnnualReport:
    """The report in a clerk's workbook; raises ``XltoolError`` (with a Chinese message) for anything it cannot read.

    The file is read into memory once, so every check and both parsers see the same bytes, and the file itself is
    opened read-only and never written.
    """
    path = Path(path)
    data = _read_bytes(path)
    _check_container(data, path)
    extents = _check_zip(data, path)
    grids = _read_grids(data, extents, path)
    report = report_from_grids(grids, str(path))
    _check_formula_blanks(report, data, path)
    return report


# ---- 1. the container ---------------------------------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise XltoolError("F-NOT-FOUND", path=path) from None
    except OSError as exc:
        raise XltoolError("F-NO-ACCESS", path=path, reason=os_reason(exc, writing=False)) from None
    if path.is_dir():
        raise XltoolError("F-NO-ACCESS", path=path, reason="这是一个文件夹")
    if size > MAX_FILE_BYTES:
        raise XltoolError("F-FILE-TOO-LARGE", path=path, reason=f"{_mb(size)}，上限 {_mb(MAX_FILE_BYTES)}")
    try:
        return path.read_bytes()
    except PermissionError:
        raise XltoolError("F-NO-ACCESS", path=path, reason="没有读取权限，或文件正被其他程序独占打开") from None
    except OSError as exc:
        raise XltoolError("F-NO-ACCESS", path=path, reason=os_reason(exc, writing=False)) from None


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n} 字节"


def _check_container(data: bytes, path: Path) -> None:
    """Tell an old .xls, an encrypted xlsx and a non-workbook apart by their first bytes."""
    if not data:
        raise XltoolError("F-CORRUPT", path=path, reason="文件为空（0 字节）")
    if data.startswith(OLE_MAGIC):
        raise XltoolError("F-ENCRYPTED" if _is_encrypted_ooxml(data) else "F-XLS", path=path)
    if not data.startswith(ZIP_MAGIC):
        raise XltoolError("F-NOT-ZIP", path=path)


def _is_encrypted_ooxml(data: bytes) -> bool:
    """Office saves a password-protected xlsx as an OLE2 file holding ``EncryptionInfo`` and ``EncryptedPackage``."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return ole.exists("EncryptedPackage")
    except Exception:  # a damaged OLE file: whatever it is, it is not a readable xlsx; .xls is the likely story
        return False


# ---- 2. the zip ---------------------------------------------------------------------------------------------------


def _check_zip(data: bytes, path: Path) -> dict[str, tuple[int, int]]:
    """Check the zip part by part and return the real extent of each needed sheet (sheet name → rows, columns).

    Nothing is parsed before its size and markup are checked. The extents are measured on the bytes the check has
    just inflated, so no sheet is inflated twice.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise XltoolError("F-CORRUPT", path=path, reason="压缩结构不完整，文件可能只保存或下载了一部分") from None
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        raise XltoolError("F-NOT-WORKBOOK", path=path, reason=_what_zip(archive, names))
    infos = [i for i in archive.infolist() if _is_xml(i.filename)]
    total = sum(i.file_size for i in infos)
    if total > MAX_XML_BYTES:
        raise XltoolError(
            "F-FILE-TOO-LARGE", path=path, reason=f"XML 内容解压后共 {_mb(total)}，上限 {_mb(MAX_XML_BYTES)}"
        )
    book_parts = [i for i in infos if i.filename in _BOOK_PARTS]
    for info in book_parts:
        _check_part(archive, info, path, {})
    parts = _sheet_parts(archive, path)
    sheet_of = {part: name for name, part in parts.items()}
    extents: dict[str, tuple[int, int]] = {}
    for info in infos:
        if info not in book_parts:
            blob = _check_part(archive, info, path, sheet_of)
            if sheet_of.get(info.filename) in SHEET_EXTENTS:
                extents[sheet_of[info.filename]] = sheet_extent(blob)
    for name, part in parts.items():  # a needed sheet whose part is not named like XML, or shared by two sheets
        if name in SHEET_EXTENTS and name not in extents and part in names:
            extents[name] = sheet_extent(_read_part(archive, part, path))
    return extents


_BOOK_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")


def _what_zip(archive: zipfile.ZipFile, names: set[str]) -> str:
    """A guess at what a zip that is not an xlsx is, for the message."""
    if "xl/workbook.bin" in names:
        return "这是 Excel 二进制工作簿（.xlsb）"
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100].decode("ascii", "replace")
        if "spreadsheet" in mimetype:
            return "这是 OpenDocument 表格（.ods）"
        return f"这是 OpenDocument 文件（{mimetype}）"
    if "word/document.xml" in names:
        return "这是 Word 文档（.docx）"
    return "缺少 xl/workbook.xml"


def _is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels", ".vml"))


def _check_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, sheet_of: dict[str, str]) -> bytes:
    """One XML part, returned as UTF-8 (a UTF-16 part converted, so its extent is measured too): its declared size (a zip bomb is refused before inflating), then no DTD or
    entity declaration.

    zipfile never inflates past the declared size and checks the CRC, so a lying directory ends as F-CORRUPT. Office
    never writes a DOCTYPE, and ``<!`` in text is always escaped, so a literal one is markup.
    """
    if info.file_size > MAX_PART_BYTES:
        reason = f"解压后 {_mb(info.file_size)}，上限 {_mb(MAX_PART_BYTES)}"
        if info.filename in sheet_of:
            raise XltoolError("F-TOO-LARGE", path=path, sheet=sheet_of[info.filename], reason=reason)
        raise XltoolError("F-FILE-TOO-LARGE", path=path, reason=f"部件 {info.filename} {reason}")
    blob = _read_part(archive, info.filename, path)
    if blob[:2] in (b"\xff\xfe", b"\xfe\xff"):
        blob = blob.decode("utf-16", "replace").encode("utf-8")
    for marker in _UNSAFE_MARKUP:
        if marker in blob:
            kind = "DOCTYPE 文档类型声明" if marker == b"<!DOCTYPE" else "ENTITY 实体声明"
            raise XltoolError(
                "F-UNSAFE", path=path, reason=f"部件 {info.filename} 含 {kind}，可能是 XML 炸弹或外部实体攻击"
            )
    return blob


def _read_part(archive: zipfile.ZipFile, name: str, path: Path) -> bytes:
    try:
        return archive.read(name)
    except RuntimeError:  # a zip member with a password
        raise XltoolError("F-ENCRYPTED", path=path) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError):
        raise XltoolError("F-CORRUPT", path=path, reason=f"部件 {name} 数据校验失败，无法解压") from None


def _sheet_parts(archive: zipfile.ZipFile, path: Path) -> dict[str, str]:
    """Sheet name → its XML part in the zip, from workbook.xml and its relationships."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        book = ElementTree.fromstring(_read_part(archive, "xl/workbook.xml", path))
        rels_xml = (
            _read_part(archive, "xl/_rels/workbook.xml.rels", path)
            if "xl/_rels/workbook.xml.rels" in archive.namelist()
            else b"<Relationships/>"
        )
        rels = ElementTree.fromstring(rels_xml)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise XltoolError("F-CORRUPT", path=path, reason=f"工作簿目录无法解析：{exc}") from None
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out: dict[str, str] = {}
    for sheet in book.iter(f"{main}sheet"):
        target = targets.get(sheet.get(f"{rel_ns}id"), "")
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        out[sheet.get("name", "")] = os.path.normpath(part).replace(os.sep, "/")
    return out


# ---- 3. the sheets ------------------------------------------------------------------------------------------------

_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="([A-Z]{1,3})([0-9]{1,7})"')
_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\sr="([0-9]{1,7})"')
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s/>]")


def sheet_extent(xml: bytes) -> tuple[int, int]:
    """(rows, columns) of the grid a sheet's cells span from A1, from the references in its XML.

    Cells without an ``r`` attribute are placed by position, so the count of cell tags bounds what they can add.
    """
    rows = max((int(m) for m in _ROW_REF.findall(xml)), default=0)
    cols = 0
    refs = 0
    for letters, row in _CELL_REF.findall(xml):
        refs += 1
        rows = max(rows, int(row))
        cols = max(cols, cells.column_number(letters.decode("ascii")))
    unplaced = len(_CELL_TAG.findall(xml)) - refs
    if unplaced > 0:
        rows, cols = rows + unplaced, cols + unplaced
    return rows, cols


def _read_grids(data: bytes, extents: dict[str, tuple[int, int]], path: Path) -> dict[str, list[list[Any]]]:
    """The needed range of every needed sheet that exists: calamine, or openpyxl streaming for a huge sparse sheet."""
    import python_calamine as calamine

    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except calamine.PasswordError:
        raise XltoolError("F-ENCRYPTED", path=path) from None
    except calamine.CalamineError as exc:
        raise XltoolError("F-CORRUPT", path=path, reason=str(exc)) from None
    grids: dict[str, list[list[Any]]] = {}
    names = book.sheet_names
    for name in names:
        if name not in SHEET_EXTENTS:
            grids.setdefault(name, [])  # present, not read: the grid code only needs to know it is there
            continue
        rows, cols = read_extent(name)
        extent = extents.get(name, (0, 0))
        if extent[0] * extent[1] > MAX_DENSE_CELLS:
            grids[name] = _stream_sheet(data, name, rows, cols, path)
            continue
        try:
            values = book.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=rows)
        except calamine.CalamineError as exc:
            raise XltoolError("F-CORRUPT", path=path, reason=f"工作表“{name}”无法读取：{exc}") from None
        grids[name] = [row[:cols] for row in values]
    return grids


def _stream_sheet(data: bytes, name: str, rows: int, cols: int, path: Path) -> list[list[Any]]:
    """The top-left block of a huge sheet, with openpyxl's read-only parser (it stops after ``rows`` rows)."""
    book = _openpyxl_book(data, path, data_only=True)
    try:
        return [list(r) for r in book[name].iter_rows(min_row=1, max_row=rows, max_col=cols, values_only=True)]
    finally:
        book.close()


def _openpyxl_book(data: bytes, path: Path, data_only: bool) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl wraps parse errors in several types
        raise XltoolError("F-CORRUPT", path=path, reason=f"{exc.__class__.__name__}: {exc}") from None


# ---- formulas without a cached value ------------------------------------------------------------------------------


def _check_formula_blanks(report: AnnualReport, data: bytes, path: Path) -> None:
    """A data cell that read blank may hold a formula that was never calculated (a file written by a program).

    calamine gives "" for those; only then is the file opened again with openpyxl, in formulas mode, to tell.
    """
    blanks: dict[str, list[str]] = {}
    for table in spec.TABLES.values():
        for cell in table.cells:
            if report.get(table.key, cell.row, cell.col) is None:
                blanks.setdefault(table.sheet, []).append(cell.address)
    if not blanks:
        return
    book = _openpyxl_book(data, path, data_only=False)
    try:
        for sheet, addresses in blanks.items():
            formulas = _formula_cells(book[sheet], addresses)
            if formulas:
                shown = "、".join(formulas[:10]) + (f" 等 {len(formulas)} 个" if len(formulas) > 10 else "")
                raise XltoolError("F-NO-CACHED-VALUE", path=path, sheet=sheet, cells=shown)
    finally:
        book.close()


def _formula_cells(ws: Any, addresses: Iterable[str]) -> list[str]:
    """Which of ``addresses`` hold a formula, in one streaming pass over the rows they are in."""
    wanted = {cells.parse(a): a for a in addresses}
    last_row = max(r for r, _ in wanted)
    last_col = max(c for _, c in wanted)
    found = []
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=last_row, max_col=last_col, values_only=True), start=1):
        for c, value in enumerate(row, start=1):
            if (r, c) in wanted and _is_formula(value):
                found.append(cells.address(r, c))
    return found


def _is_formula(value: Any) -> bool:
    text = getattr(value, "text", value)  # ArrayFormula keeps its formula in .text
    return isinstance(text, str) and text.startswith("=")
