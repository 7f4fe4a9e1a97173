"""Word reports (.docx), through python-docx.

The body is read in order, paragraphs and tables interleaved. Merged cells come back from python-docx once per grid
position they cover; each is kept only where it starts, so a label merged over several rows or columns is read once.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import XltoolError
from .document import Document, flatten_grid


def read_docx(path: Path) -> Document:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # not a zip, not a Word package, broken XML
        raise XltoolError("F-UNREADABLE-REPORT", path=path,
                          reason=f"不是有效的 Word 文档（.docx），文件可能已损坏或改了扩展名（{type(exc).__name__}）") from None
    parts: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append(Paragraph(element, document).text)
        elif tag == "tbl":
            parts.append(flatten_grid(table_grid(Table(element, document))))
    return Document("\n".join(parts), wrapped=False, kind="docx")


def table_grid(table) -> list[list[str | None]]:
    """The table as a full grid; positions covered by a merged cell that starts elsewhere are None."""
    seen: list[object] = []  # the cell elements already placed (kept alive so that identity holds)
    grid: list[list[str | None]] = []
    for row in table.rows:
        out: list[str | None] = []
        for cell in row.cells:
            tc = cell._tc
            if any(tc is s for s in seen):
                out.append(None)
            else:
                seen.append(tc)
                out.append(cell.text)
        grid.append(out)
    return grid
