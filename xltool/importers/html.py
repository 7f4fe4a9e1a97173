"""Web pages (.html), through BeautifulSoup with the lxml parser.

Government sites wrap their content in layout tables; only tables that contain no other table are read as data.
Each is expanded into a full grid (rowspan and colspan repeated as None where the merged cell does not start) and
flattened like every other format. Block elements become line breaks; scripts, styles and navigation are dropped.
"""

from __future__ import annotations

from pathlib import Path

from .document import Document, flatten_grid

_BLOCKS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table",
           "blockquote", "pre", "dd", "dt", "ul", "ol", "header", "footer")
_DROP = ("script", "style", "noscript", "template", "head", "iframe", "object", "svg")
_BREAK = "\u2029"  # paragraph separator: marks block boundaries before white space is collapsed


def read_html(path: Path) -> Document:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_bytes(), "lxml")
    for tag in soup(_DROP):
        tag.decompose()
    for table in [t for t in soup.find_all("table") if not t.find("table")]:
        table.replace_with(soup.new_string(_BREAK + flatten_grid(table_grid(table)).replace("\n", _BREAK) + _BREAK))
    for tag in soup.find_all(_BLOCKS):
        tag.insert_before(_BREAK)
        tag.insert_after(_BREAK)
    raw = soup.get_text()
    lines = (" ".join(part.split()) for part in raw.split(_BREAK))
    return Document("\n".join(line for line in lines if line), wrapped=False, kind="html")


def table_grid(table) -> list[list[str | None]]:
    """Expand rowspan/colspan into a rectangular grid; None marks positions covered by a cell that starts elsewhere."""
    grid: dict[tuple[int, int], str | None] = {}
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.find_all(("td", "th"), recursive=False):
            while (r, c) in grid:
                c += 1
            rowspan, colspan = _span(cell.get("rowspan")), _span(cell.get("colspan"))
            text = " ".join(cell.get_text(" ").split())
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text if dr == dc == 0 else None
            c += colspan
    if not grid:
        return []
    height = max(r for r, _ in grid) + 1
    width = max(c for _, c in grid) + 1
    return [[grid.get((r, c)) for c in range(width)] for r in range(height)]  # ragged rows: no cell, not a blank


def _span(value) -> int:
    try:
        return max(1, min(int(str(value).strip() or 1), 200))
    except ValueError:
        return 1
