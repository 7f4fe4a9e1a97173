"""Read published 年度报告 (.txt, .docx, .pdf, .html) into the report model: ``xltool import``.

Each format module turns its file into a ``Document`` (text in reading order, tables flattened one grid row per line);
``document.parse`` does the rest for all formats alike. Every value carries how it was read: exact, inferred (for
example run-together cells split by the table identities) or missing (``None``, listed for the user). The file type
is taken from its content where the name misleads (a PDF saved as .txt is read as PDF).
"""

from __future__ import annotations

from collections.abc import Callable
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import XltoolError, os_reason

if TYPE_CHECKING:  # pragma: no cover
    from .. import spec
    from ..model import AnnualReport, LastYear
    from .document import Document, ImportResult

#: File name endings by format.
SUFFIXES: dict[str, tuple[str, ...]] = {
    "txt": (".txt", ".text", ".md"),
    "docx": (".docx",),
    "pdf": (".pdf",),
    "html": (".html", ".htm", ".shtml", ".xhtml", ".mhtml", ".mht"),
}
_OLD_OFFICE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: .doc, .wps, or an encrypted .docx


def import_report(path: str | PathLike[str], last_year: AnnualReport | LastYear | None = None) -> AnnualReport:
    """Parse a published report into the report model (see ``read_report`` for the notes on how it was read)."""
    return read_report(path, last_year).report


def read_report(path: str | PathLike[str], last_year: AnnualReport | LastYear | None = None) -> ImportResult:
    """Parse a published report; the result also lists what was inferred, missing or ambiguous.

    ``last_year``: last year's report (a model, or ``LastYear`` with its file for the notes), used as evidence
    where run-together digits split several ways (``evidence``)."""
    from .document import parse

    path = Path(path)
    return parse(load(path), path, last_year)


def sniff(path: Path, head: bytes) -> str:
    """The format of a file from its first bytes, falling back to its name."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(_OLD_OFFICE):
        return "ole"
    probe = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if probe.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in probe or b"<body" in probe:
        return "html"
    suffix = path.suffix.lower()
    for kind, endings in SUFFIXES.items():
        if suffix in endings:
            return kind
    return "txt" if suffix in ("", ".log") else "unknown"


#: Words that every 年度报告 prints (in its title and first sentence); text without them is some other document.
_REPORT_WORDS = ("政府信息公开", "政务公开")
#: How much of a text or HTML file is looked at to decide whether it is a report.
_PROBE_BYTES = 64 * 1024


def report_format(path: Path) -> str:
    """The format of a report file from its content, whatever its name: "xlsx", "docx", "pdf", "html", "json",
    "txt", "ole" (an old .doc/.xls or an encrypted file) or "unknown". Raises ``OSError`` when it cannot be read."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    kind = sniff(path, head)
    if kind == "docx":
        return _zip_format(path)
    if kind in ("txt", "unknown") and head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "json"
    return kind


def _zip_format(path: Path) -> str:
    """A zip is a workbook or a Word document by its parts, not its name."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "unknown"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return "docx" if "word/document.xml" in names else "unknown"


def looks_like_report(path: Path, kind: str) -> str | None:
    """Why a file found in a folder is not a report (None when it may be one): PDFs, Word files and workbooks are
    tried; a text, HTML or JSON file must show the report's words (or the Report JSON schema) near its start."""
    if kind in ("pdf", "docx", "ole"):
        return None
    if kind == "html" and path.suffix.lower() in (".mhtml", ".mht"):
        return None  # a page saved as one file is quoted-printable or base64 inside: only the reader can tell
    if kind == "xlsx":
        return (
            None if _has_report_sheets(path) else "Excel 工作簿中没有年报的工作表（如“三、依申请公开”），不是年报工作簿"
        )
    if kind == "unknown":
        return f"不是年度报告的文件类型（“{path.suffix or '无扩展名'}”）"
    with path.open("rb") as fh:
        head = fh.read(_PROBE_BYTES)
    if kind == "json":
        from .. import spec

        return None if spec.REPORT_SCHEMA.encode() in head else "不是 Report JSON（没有 schema 字段）"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore") + head.decode("gb18030", errors="ignore")
    from ..text import flat

    return None if any(word in flat(text) for word in _REPORT_WORDS) else "内容中没有“政府信息公开”字样，不像年度报告"


def _has_report_sheets(path: Path) -> bool:
    """A workbook made from our template names the table sheets in its (small) workbook part."""
    import zipfile

    from .. import spec

    try:
        with zipfile.ZipFile(path) as archive, archive.open("xl/workbook.xml") as part:
            head = part.read(_PROBE_BYTES).decode("utf-8", errors="ignore")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return True  # let the reader say what is wrong with it
    return spec.SHEET_TABLE3 in head


def load(path: Path) -> Document:
    """Read a file into a Document with the reader for its format, within the limits of ``limits.LIMITS``."""
    from . import limits

    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise XltoolError(
            "F-NOT-FOUND" if isinstance(exc, FileNotFoundError) else "F-UNREADABLE-REPORT",
            path=path,
            reason=os_reason(exc, writing=False),
        ) from None
    if not head.strip():
        raise XltoolError("F-UNREADABLE-REPORT", path=path, reason="文件为空")
    kind = sniff(path, head)
    if kind == "ole":
        raise XltoolError(
            "F-UNSUPPORTED",
            path=path,
            reason="这是旧版 Word（.doc/.wps）文件或设置了密码的文件。请用 Word 或 WPS 取消密码并“另存为”.docx 后再导入",
        )
    if kind == "unknown":
        raise XltoolError(
            "F-UNSUPPORTED",
            path=path,
            reason=f"只能导入 .txt、.docx、.pdf、.html 格式的报告，不支持“{path.suffix or '无扩展名'}”",
        )
    limits.file_size(kind, path)
    doc = _reader(kind)(path)
    for text in (doc.text, doc.table_text or ""):
        limits.text(path, text)
    return doc


def _reader(kind: str) -> Callable[[Path], Document]:
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf
    if kind == "docx":
        from .docx import read_docx

        return read_docx
    if kind == "html":
        from .html import read_html

        return read_html
    from .txt import read_txt

    return read_txt


def cell_total(report: AnnualReport) -> int:
    """How many data cells the report's tables have (a 2019 table 三 has one （六） row where 2021 has three)."""
    from .. import spec

    total = sum(len(t.cells) for t in spec.TABLES.values())
    if report.table3_variant == "2019":
        total -= (len(spec.T3_OTHER_ROWS) - 1) * len(spec.T3_COLS)  # three rows were one
    return total


def cell_of(key: str) -> spec.DataCell | None:
    """The spec cell of a provenance key such as "table3/（七）总计/自然人" (None for a key of no known cell)."""
    from .. import spec

    table, rest = key.split("/", 1)
    return next((c for c in spec.TABLES[table].cells if f"{c.row}/{c.col}" == rest), None)


def describe_cell(key: str) -> str:
    """ "table3/（七）总计/自然人" → "三、依申请公开!D27 （七）总计 · 自然人"."""
    from .. import spec

    cell = cell_of(key)
    sheet = spec.TABLES[key.split("/", 1)[0]].sheet
    if cell is None:
        return f"{sheet} {key.split('/', 1)[1]}"
    return f"{sheet}!{cell.address} {cell.row_label} · {cell.col_label}"
