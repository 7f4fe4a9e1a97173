"""Test helpers that change an .xlsx at the zip/XML level, the way a damaged or hostile file would look."""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xltool import spec

SST_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sheet_part(name: str) -> str:
    """The XML part of a sheet in a workbook written by ``build_workbook`` (openpyxl numbers sheets in order)."""
    return f"xl/worksheets/sheet{spec.SHEETS.index(name) + 1}.xml"


def rewrite(
    src: Path,
    dst: Path,
    edits: dict[str, Callable[[bytes], bytes]],
    add: dict[str, bytes] | None = None,
    size_override: dict[str, int] | None = None,
) -> Path:
    """Copy a zip, passing the named parts through ``edits`` and appending the parts in ``add``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in edits:
                data = edits[info.filename](data)
            zout.writestr(info, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def set_cell(xml: bytes, address: str, cell_xml: str) -> bytes:
    """Replace the ``<c r="ADDRESS">`` element of a sheet's XML (the cell must exist)."""
    pattern = re.compile(rb'<c r="' + address.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', re.S)
    new, n = pattern.subn(cell_xml.encode(), xml, count=1)
    assert n == 1, f"cell {address} not found"
    return new


def with_shared_strings(src: Path, dst: Path, sst_xml: bytes, sheet: str, address: str) -> Path:
    """Add a sharedStrings part (as Excel writes one) and make one cell use its first string."""
    return rewrite(
        src,
        dst,
        {
            sheet_part(sheet): lambda d: set_cell(d, address, f'<c r="{address}" t="s"><v>0</v></c>'),
            "[Content_Types].xml": lambda d: d.replace(
                b"</Types>",
                f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_CONTENT_TYPE}"/></Types>'.encode(),
            ),
            "xl/_rels/workbook.xml.rels": lambda d: d.replace(
                b"</Relationships>",
                f'<Relationship Id="rIdSst" Type="{SST_REL_TYPE}" Target="sharedStrings.xml"/></Relationships>'.encode(),
            ),
        },
        add={"xl/sharedStrings.xml": sst_xml},
    )


def billion_laughs(root: str) -> bytes:
    """The classic entity-expansion bomb: ten levels of ten references, a billion "lol"s when expanded."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE {root} [{entities}]>'
        f'<{root} xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></{root}>'
    ).encode()


def encrypt(src: Path, dst: Path, password: str = "密码123") -> Path:
    """A real password-protected xlsx, as Office writes it: an OLE2 file with EncryptionInfo and EncryptedPackage."""
    from msoffcrypto.format.ooxml import OOXMLFile

    with src.open("rb") as plain, dst.open("wb") as out:
        OOXMLFile(plain).encrypt(password, out)
    return dst


def rename_ole_stream(data: bytes, old: str, new: str) -> bytes:
    """Rename a stream in an OLE2 directory entry (64-byte UTF-16 name, then its byte length incl. the terminator).

    Used to turn an encrypted xlsx container into an OLE file holding a ``Workbook`` stream, which is what an .xls is.
    """
    at = data.index(old.encode("utf-16-le") + b"\0\0")
    name = new.encode("utf-16-le").ljust(64, b"\0")
    length = (len(new) + 1) * 2
    return data[:at] + name + length.to_bytes(2, "little") + data[at + 66 :]


def corrupt_member(src: Path, dst: Path, member: str) -> Path:
    """Flip bytes in the middle of one member's compressed data (what a bad disk or a broken download does)."""
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as archive:
        info = archive.getinfo(member)
    name_len = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_len = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    middle = start + info.compress_size // 2
    for i in range(middle, middle + 16):
        data[i] ^= 0xFF
    dst.write_bytes(bytes(data))
    return dst


def understate_size(src: Path, dst: Path, member: str, size: int) -> Path:
    """Make the zip directory lie about one member's uncompressed size (local header and central directory)."""
    data = bytearray(src.read_bytes())
    name = member.encode()
    with zipfile.ZipFile(src) as archive:
        offset = archive.getinfo(member).header_offset
    data[offset + 22 : offset + 26] = size.to_bytes(4, "little")
    central = data.rindex(b"PK\x05\x06")
    central = int.from_bytes(data[central + 16 : central + 20], "little")  # start of the central directory
    while True:
        name_len = int.from_bytes(data[central + 28 : central + 30], "little")
        extra_len = int.from_bytes(data[central + 30 : central + 32], "little")
        comment_len = int.from_bytes(data[central + 32 : central + 34], "little")
        if bytes(data[central + 46 : central + 46 + name_len]) == name:
            data[central + 24 : central + 28] = size.to_bytes(4, "little")
            break
        central += 46 + name_len + extra_len + comment_len
    dst.write_bytes(bytes(data))
    return dst


def openpyxl_edit(src: Path, dst: Path, edit: Callable[[Any], None]) -> Path:
    """A copy of ``src`` at ``dst`` changed by ``edit(workbook)`` through openpyxl, as a clerk's edit in Excel would be."""
    from openpyxl import load_workbook

    wb = load_workbook(src)
    edit(wb)
    wb.save(dst)
    return dst
