"""Word reports (.docx), through python-docx.

The body is read in order, paragraphs and tables interleaved. A merged cell is kept only where it starts, so a label
merged over several rows or columns is read once: the grid is built here from the table's XML in one pass (python-docx
resolves each vertically merged cell by walking up the rows, recursively, which is quadratic and overflows the stack
on a long merge). The package is checked before python-docx unpacks it, and tables are counted against the limits
of ``limits.LIMITS`` before their grids are built.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import XltoolError
from .document import Document, flatten_grid
from .limits import TableBudget, check


def read_docx(path: Path) -> Document:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _check_package(path)
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # not a zip, not a Word package, broken XML
        raise _not_word(path, exc) from None
    body = document.element.body
    check("docx_blocks", path, len(body))
    budget = TableBudget(path)
    parts: list[str] = []
    length = 0
    for element in body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append(Paragraph(element, document).text)
        elif tag == "tbl":
            parts.append(flatten_grid(table_grid(Table(element, document), budget)))
        else:
            continue
        length += len(parts[-1]) + 1
        check("text_chars", path, length)  # as it grows: a long document is refused without reading all of it
    return Document("\n".join(parts), wrapped=False, kind="docx")


def _not_word(path: Path, exc: Exception) -> XltoolError:
    return XltoolError(
        "F-UNREADABLE-REPORT",
        path=path,
        reason=f"不是有效的 Word 文档（.docx），文件可能已损坏或改了扩展名（{type(exc).__name__}）",
    )


def _check_package(path: Path) -> None:
    """What the parts declare they unpack to, before anything is unpacked (zipfile then enforces those sizes)."""
    try:
        with zipfile.ZipFile(path) as package:
            items = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _not_word(path, exc) from None
    check("docx_unpacked_bytes", path, sum(item.file_size for item in items))
    check("docx_xml_bytes", path, sum(item.file_size for item in items if item.filename.endswith((".xml", ".rels"))))


def table_grid(table, budget: TableBudget | None = None) -> list[list[str | None]]:
    """The table as a grid, one entry per grid column a cell spans; positions covered by a merged cell that starts
    elsewhere (the rest of a horizontal span, a vertical continuation) are None. Rows are as long as their cells
    (Word allows rows that start late or end early)."""
    from docx.table import _Cell

    budget = budget or TableBudget(Path(""))
    rows = table._tbl.tr_lst
    budget.table(len(rows))
    grid: list[list[str | None]] = []
    above: dict[int, int] = {}  # grid offset → span of the w:tc starting the vertical merge covering it, row above
    for tr in rows:
        offset, out, here = tr.grid_before, [], {}
        for tc in tr.tc_lst:
            span = tc.grid_span  # an XML look-up each time it is asked: asked once
            root = above.get(offset) if tc.vMerge == "continue" else None
            if root is None:  # a cell of its own (or a continuation with nothing above it to continue)
                budget.take(span)
                out += [_Cell(tc, table).text] + [None] * (span - 1)
                root = span
            else:
                budget.take(root)
                out += [None] * root
            here[offset] = root
            offset += span
        grid.append(out)
        above = here
    return grid
