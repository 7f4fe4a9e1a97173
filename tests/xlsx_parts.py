"""Test helpers that change an .xlsx at the zip/XML level, the way a damaged or hostile file would look."""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from xltool import spec

SST_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sheet_part(name: str) -> str:
    """The XML part of a sheet in a workbook written by ``build_workbook`` (openpyxl numbers sheets in order)."""
    return f"xl/worksheets/sheet{spec.SHEETS.index(name) + 1}.xml"


def rewrite(src: Path, dst: Path, edits: dict[str, Callable[[bytes], bytes]], add: dict[str, bytes] | None = None,
            size_override: dict[str, int] | None = None) -> Path:
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
    return rewrite(src, dst, {
        sheet_part(sheet): lambda d: set_cell(d, address, f'<c r="{address}" t="s"><v>0</v></c>'),
        "[Content_Types].xml": lambda d: d.replace(
            b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_CONTENT_TYPE}"/></Types>'.encode()),
        "xl/_rels/workbook.xml.rels": lambda d: d.replace(
            b"</Relationships>",
            f'<Relationship Id="rIdSst" Type="{SST_REL_TYPE}" Target="sharedStrings.xml"/></Relationships>'.encode()),
    }, add={"xl/sharedStrings.xml": sst_xml})


def billion_laughs(root: str) -> bytes:
    """The classic entity-expansion bomb: ten levels of ten references, a billion "lol"s when expanded."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    return (f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE {root} [{entities}]>'
            f'<{root} xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></{root}>').encode()
