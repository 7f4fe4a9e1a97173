"""Web pages (.html), through lxml's HTML parser.

Government sites wrap their content in layout tables; only tables that contain no other table are read as data.
Each is expanded into a full grid (rowspan and colspan repeated as None where the merged cell does not start) and
flattened like every other format. Block elements become line breaks; scripts, styles and navigation are dropped.

The page is decoded here (``encoding.decode``: the declared charset is often wrong), then parsed by libxml2 without
``huge_tree``, and every step is one pass over the tree, without recursion: a page nested thousands of elements deep
or holding a million paragraphs costs time in proportion to its size and is refused at the limits of
``limits.LIMITS`` (file size, nesting depth, table size).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import XltoolError
from .document import Document, flatten_grid
from .encoding import declared_charset, decode
from .limits import LIMITS, TableBudget, over

_BLOCKS = frozenset(
    (
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "table",
        "blockquote",
        "pre",
        "dd",
        "dt",
        "ul",
        "ol",
        "header",
        "footer",
    )
)
_DROP = ("script", "style", "noscript", "template", "head", "iframe", "object", "svg")
_BREAK = "\u2029"  # paragraph separator: marks block boundaries before white space is collapsed
#: The largest spans browsers honour (the HTML standard's limits); rowspan is also cut at the table's last row.
_MAX_COLSPAN, _MAX_ROWSPAN = 1000, 65534


def read_html(path: Path) -> Document:
    data, declared = _page(path.read_bytes(), path)
    decoded = decode(data, path, declared or declared_charset(data))
    root = _parse(decoded.text, path)
    budget = TableBudget(path)
    raw = "" if root is None else "".join(_pieces(root, path, budget))
    lines = (" ".join(part.split()) for part in raw.split(_BREAK))
    return Document("\n".join(line for line in lines if line), wrapped=False, kind="html", notes=decoded.notes)


_MIME_START = re.compile(rb"\A(?:[\w-]+:[^\n]*\n){0,30}?(?:mime-version:|content-type:\s*multipart/)", re.IGNORECASE)


def _page(data: bytes, path: Path) -> tuple[bytes, str | None]:
    """The page's bytes and the charset its container declares. A web page saved as one file (.mhtml, Chrome's and
    Edge's "单个文件") is a MIME message: its first text/html part, decoded from quoted-printable or base64, is the
    page; its pictures and styles are skipped."""
    if not _MIME_START.match(data[:4096]):
        return data, None
    import email

    message = email.message_from_bytes(data)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, part.get_content_charset()
    raise XltoolError(
        "F-UNREADABLE-REPORT",
        path=path,
        reason="这是保存为单个文件的网页（MHTML），但其中没有网页正文（text/html）部分",
    )


def _parse(text: str, path: Path):
    """The element tree, with what is never report text removed; None for a page without any element."""
    from lxml import etree, html

    parser = html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(text.encode("utf-8", errors="replace"), parser)
    except (etree.LxmlError, ValueError) as exc:
        raise XltoolError("F-UNREADABLE-REPORT", path=path, reason=f"网页无法解析（{type(exc).__name__}）") from None
    for error in parser.error_log:
        if error.level == etree.ErrorLevels.FATAL:  # libxml2 stopped: what follows is lost, so nothing is read
            if "depth" in error.message.lower():
                raise over("html_depth", path)
            raise XltoolError("F-UNREADABLE-REPORT", path=path, reason=f"网页无法完整解析（{error.message.strip()}）")
    if root is not None:
        for element in list(root.iter(*_DROP)):
            element.drop_tree()  # keeps the text that follows it
    return root


def _pieces(root, path: Path, budget: TableBudget) -> list[str]:
    """The page's text in document order, _BREAK at block boundaries, each innermost table as its flattened grid.

    An explicit stack instead of recursion: a deep page cannot exhaust Python's stack, and is refused at its depth.
    """
    outer = _outer_tables(root)
    out: list[str] = []
    stack: list[tuple[object, int]] = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        tag = element.tag  # type: ignore[attr-defined]
        if depth < 0:  # the element's end
            if tag in _BLOCKS:
                out.append(_BREAK)
            out.append(element.tail or "")  # type: ignore[attr-defined]
            continue
        if depth > LIMITS.html_depth:
            raise over("html_depth", path)
        if tag == "table" and element not in outer:
            grid = flatten_grid(table_grid(element, budget)).replace("\n", _BREAK)
            out += [_BREAK, grid, _BREAK, element.tail or ""]  # type: ignore[attr-defined]
            continue
        if tag in _BLOCKS:
            out.append(_BREAK)
        out.append(element.text or "")  # type: ignore[attr-defined]
        stack.append((element, -1))
        stack.extend((child, depth + 1) for child in reversed(element))  # type: ignore[call-overload]
    return out


def _outer_tables(root) -> set:
    """Tables that contain another table (layout tables), found in one pass: each table marks its table ancestors,
    stopping at one already marked."""
    outer: set = set()
    for table in root.iter("table"):
        for ancestor in table.iterancestors("table"):
            if ancestor in outer:
                break
            outer.add(ancestor)
    return outer


def table_grid(table, budget: TableBudget) -> list[list[str | None]]:
    """Expand rowspan/colspan into a rectangular grid; None marks positions covered by a cell that starts elsewhere.

    The positions are counted against the limits before they are made, so a few cells with huge spans are refused
    instead of filling the memory.
    """
    rows = list(table.iter("tr"))  # an innermost table: every row is its own
    budget.table(len(rows))
    grid: dict[tuple[int, int], str | None] = {}
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            rowspan = min(_span(cell.get("rowspan"), _MAX_ROWSPAN), len(rows) - r)
            colspan = _span(cell.get("colspan"), _MAX_COLSPAN)
            budget.take(rowspan * colspan)
            text = " ".join(" ".join(cell.itertext()).split())
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text if dr == dc == 0 else None
            c += colspan
    if not grid:
        return []
    height = max(r for r, _ in grid) + 1
    width = max(c for _, c in grid) + 1
    budget.take(height * width - len(grid))  # the positions no cell covers are made too
    return [[grid.get((r, c)) for c in range(width)] for r in range(height)]  # ragged rows: no cell, not a blank


def _span(value, largest: int) -> int:
    try:
        return max(1, min(int(str(value).strip() or 1), largest))
    except ValueError:
        return 1
