"""How big a published report may be: every bound of the importers, in one place.

A report downloaded from the web is hostile until proven otherwise. A real 年度报告 has 10,000–50,000 characters and
three tables of at most 40 rows; every limit below is a hundred times or more what a real report needs, and low enough
that the biggest input under it is read in seconds and a few hundred MB (``benchmarks/bench_import.py --big``, figures
in docs/性能.md). Each is checked as early as it can be: the file size before a byte is read, a docx's unpacked size
before it is unpacked, a table's size before its grid is built. Over a limit is ``F-IMPORT-LIMIT`` (exit 2) with a
message that names the file, the limit and what was found. The one bound on time, ``file_seconds``, is kept by the
batch (``rules.batch.run_map``: a file past it is stopped in its worker process, ``F-IMPORT-TIME``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path

from ..errors import XltoolError

MB = 1024 * 1024
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Limits:
    """The bounds; the ``what`` of each field (its Chinese name and unit) is in ``_WHAT``."""

    txt_bytes: int = 10 * MB
    html_bytes: int = 20 * MB
    docx_bytes: int = 50 * MB
    pdf_bytes: int = 100 * MB
    #: The parts of a docx once unpacked, together (a zip bomb declares gigabytes here), and its XML parts alone
    #: (python-docx parses all of them; a long real report has 1–2 MB).
    docx_unpacked_bytes: int = 100 * MB
    docx_xml_bytes: int = 20 * MB
    #: Paragraphs and tables in a docx body (a 300-page book has some 5,000).
    docx_blocks: int = 20_000
    pdf_pages: int = 50
    #: The text handed to the report reader, all formats alike (about 150 pages of Chinese).
    text_chars: int = 300_000
    #: Rows of one table (docx, html); the official table 三 has 28.
    table_rows: int = 1_000
    #: Grid positions of one table: the total of rowspan × colspan of its cells, and rows × columns of its grid.
    table_cells: int = 10_000
    #: Grid positions of all tables of one file together (python-docx takes some 0.1 ms a cell).
    document_cells: int = 20_000
    #: Elements nested in elements (html); the parser itself stops at 256.
    html_depth: int = 200
    #: Digits in one run without any separator ("693665" is six); a phone or ID number has 18, a glued table row 60.
    digit_run: int = 200
    #: Wall time of one file in a batch (``rules.batch``): a real report takes under a second, the worst input under
    #: the other limits some ten; a file within them can still make a parser run for minutes (a PDF whose content
    #: stream repeats one operator millions of times). A single file named on the command line is not timed.
    file_seconds: int = 60


LIMITS = Limits()

#: field → (what is measured, unit)
_WHAT: dict[str, tuple[str, str]] = {
    "txt_bytes": ("文本文件大小", "字节"),
    "html_bytes": ("网页文件大小", "字节"),
    "docx_bytes": ("Word 文件大小", "字节"),
    "pdf_bytes": ("PDF 文件大小", "字节"),
    "docx_unpacked_bytes": ("Word 文件解压后的大小", "字节"),
    "docx_xml_bytes": ("Word 文件中 XML 部件解压后的大小", "字节"),
    "docx_blocks": ("Word 正文的段落与表格数", "个"),
    "pdf_pages": ("PDF 页数", "页"),
    "text_chars": ("文字长度", "个字符"),
    "table_rows": ("一张表格的行数", "行"),
    "table_cells": ("一张表格展开合并单元格后的单元格数", "个"),
    "document_cells": ("全部表格展开合并单元格后的单元格数", "个"),
    "html_depth": ("网页元素的嵌套层数", "层"),
    "digit_run": ("一串连续数字的位数", "位"),
    "file_seconds": ("批量审核时读取一个文件的时间", "秒"),
}


def _amount(n: int, unit: str) -> str:
    if unit == "字节":
        return f"{n / MB:.1f} MB" if n >= MB else f"{n} 字节"
    return f"{n:,} {unit}"


def described() -> list[tuple[str, str]]:
    """(what is measured, its limit) for every limit, in the order declared: the table in docs/import-audit.md."""
    return [(_WHAT[f.name][0], _amount(getattr(LIMITS, f.name), _WHAT[f.name][1])) for f in fields(Limits)]


def over(name: str, path: Path, found: int | None = None) -> XltoolError:
    """The error for ``path`` exceeding the limit ``name``; ``found`` is what was measured, when it is known."""
    limit = getattr(LIMITS, name)
    what, unit = _WHAT[name]
    measured = f"为 {_amount(found, unit)}，" if found is not None else ""
    return XltoolError("F-IMPORT-LIMIT", path=path, what=what, found=measured, limit=_amount(limit, unit))


def overtime(path: Path, seconds: float) -> XltoolError:
    """The error for ``path`` whose reading in a batch ran past ``seconds`` (``file_seconds`` unless a test sets less)."""
    return XltoolError("F-IMPORT-TIME", path=path, limit=f"{seconds:g} 秒")


def check(name: str, path: Path, found: int) -> None:
    """Raise ``over(name)`` when ``found`` exceeds the limit ``name``."""
    if found > getattr(LIMITS, name):
        raise over(name, path, found)


def text(path: Path, content: str) -> None:
    """Refuse text that is too long, or holds a run of digits no table cell or phone number has (the table reader
    tries the ways to split a run of digits into cells, and Python will not even read a number of 4,300 digits)."""
    check("text_chars", path, len(content))
    longest = max((m.end() - m.start() for m in _DIGITS.finditer(content)), default=0)
    check("digit_run", path, longest)


def file_size(kind: str, path: Path) -> None:
    """Refuse a file that is too big for its format before reading it."""
    name = f"{kind}_bytes"
    if hasattr(LIMITS, name):
        check(name, path, path.stat().st_size)


class TableBudget:
    """Counts the grid positions of the tables of one file as they are built, so that no grid outgrows the limits.

    One budget per file: ``table()`` starts a new table; ``take(n)`` books ``n`` positions of it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.total = 0
        self.in_table = 0

    def table(self, rows: int) -> None:
        check("table_rows", self.path, rows)
        self.in_table = 0

    def take(self, n: int) -> None:
        self.in_table += n
        self.total += n
        if self.in_table > LIMITS.table_cells:
            raise over("table_cells", self.path)
        if self.total > LIMITS.document_cells:
            raise over("document_cells", self.path)
