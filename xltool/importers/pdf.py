"""PDF reports, through pdfplumber.

Two readings are made. The page text (pdfplumber's reading order) serves the narrative and the title; for the
tables, pdfplumber's table geometry is used as well: cells found from the ruling lines are flattened one grid row per
line, which restores the row order that the plain text scrambles when a row label wraps over several lines. The
table reader then keeps, table by table, whichever reading fits the format better.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import text as narrative
from ..errors import XltoolError
from .document import Document, flatten_grid
from .limits import check

#: The page width of one character of the laid-out text of a page without ruling lines (pdfplumber's ``x_density``,
#: 7.25 by default). Narrower than any glyph (a digit of a 9 pt table is about 4.5 points), so that no run of text
#: is longer than the room it has on the page and every number stands at its own place: at the default a line of
#: Chinese (each character some 10 points wide, one character of text) falls behind, and the numbers after it shift
#: (120 borderless stress PDFs: 2 cells read wrong, 459 unread; at 3.6: none wrong, 125 unread).
_LAYOUT_POINTS_PER_CHARACTER = 3.6

#: Below this many characters per page a PDF is taken for a scan without a text layer.
_MIN_CHARS_PER_PAGE = 20


def read_pdf(path: Path) -> Document:
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            pages = list(pdf.pages)
            check("pdf_pages", path, len(pages))
            for page in pages:
                _lay_out(pdf, page)
                # one page's method replaced by a closure: mypy compares it with the unbound method (self included)
                page.process_object = _char_objects(page)  # type: ignore[method-assign, assignment]
            plain = [page.extract_text() or "" for page in pages]
            if sum(len("".join(p.split())) for p in plain) < _MIN_CHARS_PER_PAGE * max(len(pages), 1):
                raise XltoolError(
                    "F-UNREADABLE-REPORT",
                    path=path,
                    reason="PDF 中没有可读取的文字（可能是扫描或图片生成的 PDF）。请使用带文字层的 PDF，"
                    "或先用 WPS、Acrobat 等做文字识别（OCR）后再导入",
                )
            blocks = [_page_blocks(page) for page in pages]
            _join_rows_split_across_pages(blocks)
            geometry = [_page_text(page_blocks) for page_blocks in blocks]
    except XltoolError:
        raise
    except Exception as exc:  # pdfminer raises many types for bad or protected files
        raise _pdf_error(path, exc) from None
    return Document("\n".join(plain), wrapped=True, kind="pdf", table_text="\n".join(geometry))


def _pdf_error(path: Path, exc: Exception) -> XltoolError:
    chain = [exc, exc.__cause__, exc.__context__, *(a for a in exc.args if isinstance(a, BaseException))]
    names = " ".join(type(e).__name__ for e in chain if e is not None)
    name = type(exc).__name__
    if "Password" in names or "Encrypt" in names:
        return XltoolError(
            "F-UNREADABLE-REPORT",
            path=path,
            reason="PDF 设置了打开密码或加密，无法读取。请提供未加密的 PDF，或用 PDF 软件取消密码后再导入",
        )
    return XltoolError("F-UNREADABLE-REPORT", path=path, reason=f"PDF 文件已损坏或格式不正确（{name}）")


def _lay_out(pdf, page) -> None:
    """pdfplumber's ``Page.layout``, with the content streams read by ``pdfcontent.Interpreter``: the same objects,
    about twice as fast. pdfplumber takes a layout already made (its cached ``_layout``) as its own."""
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent
    from pdfplumber.utils.exceptions import PdfminerException

    from .pdfcontent import Interpreter

    device = PDFPageAggregatorWithMarkedContent(pdf.rsrcmgr, pageno=page.page_number, laparams=pdf.laparams)
    try:
        Interpreter(pdf.rsrcmgr, device).process_page(page.page_obj)
    except Exception as exc:  # as pdfplumber wraps it
        raise PdfminerException(exc) from exc
    page._layout = device.get_result()


def _char_objects(page) -> Callable[[Any], dict]:
    """pdfplumber's ``Page.process_object`` with a shortcut for characters, nine objects in ten: the same dict
    (keys in the same order, equal values; tests/test_pdf_content.py compares them) without walking every value
    of every character through ``resolve_all``. Other objects, and characters needing Unicode normalisation or a
    byte font name, go through pdfplumber's own."""
    from unicodedata import normalize

    from pdfminer.layout import LTChar
    from pdfplumber.page import ALL_ATTRS
    from pdfplumber.utils import resolve_all, resolve_and_decode

    general = page.process_object
    plain = (float, int, bool, str, type(None))
    spaces: dict[str, Any] = {}
    number, height, doctop, norm = page.page_number, page.height, page.initial_doctop, page.pdf.unicode_norm
    mb_x0, mb_top = page.mediabox[:2]

    def value(v: Any) -> Any:
        if type(v) in plain or (type(v) is tuple and all(type(x) in plain for x in v)):
            return v
        return resolve_all(v)

    def space(name: Any) -> Any:
        if type(name) is not str:
            return resolve_and_decode(name)
        if name not in spaces:
            spaces[name] = resolve_and_decode(name)
        return spaces[name]

    def process(obj: Any) -> dict:
        if type(obj) is not LTChar or isinstance(obj.fontname, bytes):
            return general(obj)
        attr = {k: value(v) for k, v in obj.__dict__.items() if k in ALL_ATTRS}
        attr["object_type"] = "char"
        attr["page_number"] = number
        for cs in ("ncs", "scs"):
            if hasattr(obj, cs):
                attr[cs] = space(getattr(obj, cs).name)
        text = obj.get_text()
        attr["text"] = normalize(norm, text) if norm is not None else text
        gs = obj.graphicstate
        attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
        attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
        if "y0" in attr:
            attr["top"] = (height - attr["y1"]) + mb_top
            attr["bottom"] = (height - attr["y0"]) + mb_top
            attr["doctop"] = doctop + attr["top"]
        if "x0" in attr and mb_x0 != 0:
            attr["x0"] = attr["x0"] + mb_x0
            attr["x1"] = attr["x1"] + mb_x0
        return attr

    return process


#: A block of a page in reading order: its top and either its text or a ruled table's grid (pdfplumber's cells).
Block = tuple[float, "str | list[list[str | None]]"]


def _page_blocks(page) -> list[Block]:
    """The page's text in reading order, with each ruled table as its grid. A page without ruled tables (a table
    drawn without borders, or whose lines pdfplumber does not find) is given laid out as printed, each character at
    its place on the line (as ``pdftotext -layout`` prints it), so that the columns of such a table still show each
    number's cell (``columns``); the plain reading is the other one."""
    tables = page.find_tables()
    if not tables:
        return [(0.0, page.extract_text(layout=True, x_density=_LAYOUT_POINTS_PER_CHARACTER) or "")]
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    blocks: list[Block] = [(line["top"], line["text"]) for line in page.filter(outside).extract_text_lines()]
    blocks += [(t.bbox[1], t.extract()) for t in tables]
    return sorted(blocks, key=lambda b: b[0])


def _page_text(blocks: list[Block]) -> str:
    """A page's blocks as text, each grid flattened one row per line."""
    return "\n".join(b if isinstance(b, str) else flatten_grid(b) for _top, b in blocks)


_NUMBER_CELL = re.compile(r"[\d.,\s]+")


def _join_rows_split_across_pages(pages: list[list[Block]]) -> None:
    """A table row allowed to break across pages prints the rest of its cells at the top of the next page: a grid
    row there, after the header rows repeated, with nothing in its label cells and only the tails of wrapped
    numbers ("5" under 其他, "8" under 总计). It is no row of its own: its cells are joined to those of the last row
    before the break, as one cell printed on two pages, so that the row is read whole (40365, not 4036). Only where
    the table on the next page is the page's first block, right after the one that ends the page before. The two
    grids may have other numbers of columns (pdfplumber merges label columns by the lines of each page): the number
    columns are the last ones of both, so the cells are matched from the right."""
    for before, after in itertools.pairwise(pages):
        last = _last_grid(before)
        first = next((b for _top, b in after if not (isinstance(b, str) and not narrative.clean(b).strip())), None)
        if last is None or not isinstance(first, list) or not first:
            continue
        k = 0
        while k < min(len(first), len(last)) - 1 and _same_row(first[k], last[k]):
            k += 1  # the header rows, repeated on each page
        if k < len(first) and _rest_of_a_row(first[k], last[-1]):
            rest = first.pop(k)
            n = len(last[-1])
            joined = [_joined_cell(last[-1][-d], rest[-d] if d <= len(rest) else None) for d in range(n, 0, -1)]
            last[-1] = joined


def _last_grid(blocks: list[Block]) -> list[list[str | None]] | None:
    """The grid that ends the page (nothing after it but page numbers), or None."""
    for _top, b in reversed(blocks):
        if isinstance(b, list):
            return b or None
        if narrative.clean(b).strip():
            return None
    return None


def _same_row(a: list[str | None], b: list[str | None]) -> bool:
    """Whether two grid rows print the same words (however many columns each grid has)."""
    return [" ".join(c.split()) for c in a if c and c.strip()] == [" ".join(c.split()) for c in b if c and c.strip()]


def _rest_of_a_row(row: list[str | None], last: list[str | None]) -> bool:
    """Whether a grid row is the rest of ``last``, broken across the page: numbers only, each under one of
    ``last``'s numbers (matched from the right), and ``last`` has a label."""
    filled = {len(row) - j for j, c in enumerate(row) if c and c.strip()}  # places from the right
    numbers = {len(last) - j for j, c in enumerate(last) if c and _NUMBER_CELL.fullmatch(c)}
    labelled = any(c and c.strip() and not _NUMBER_CELL.fullmatch(c) for c in last)
    return (
        bool(filled)
        and labelled
        and all(_NUMBER_CELL.fullmatch(c) for c in row if c and c.strip())
        and filled <= numbers
    )


def _joined_cell(a: str | None, b: str | None) -> str | None:
    """A cell broken across the page: its text before the break, then the rest on a line below (as it wraps)."""
    if not b or not b.strip():
        return a
    return f"{a}\n{b}" if a else b
