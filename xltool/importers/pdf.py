"""PDF reports, through pdfplumber.

Two readings are made. The page text (pdfplumber's reading order) serves the narrative and the title; for the
tables, pdfplumber's table geometry is used as well: cells found from the ruling lines are flattened one grid row per
line, which restores the row order that the plain text scrambles when a row label wraps over several lines. The
table reader then keeps, table by table, whichever reading fits the format better.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import XltoolError
from .document import Document, flatten_grid
from .limits import check

#: Below this many characters per page a PDF is taken for a scan without a text layer.
_MIN_CHARS_PER_PAGE = 20


def read_pdf(path: Path) -> Document:
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            pages = list(pdf.pages)
            check("pdf_pages", path, len(pages))
            plain = [page.extract_text() or "" for page in pages]
            if sum(len("".join(p.split())) for p in plain) < _MIN_CHARS_PER_PAGE * max(len(pages), 1):
                raise XltoolError(
                    "F-UNREADABLE-REPORT",
                    path=path,
                    reason="PDF 中没有可读取的文字（可能是扫描或图片生成的 PDF）。请使用带文字层的 PDF，"
                    "或先用 WPS、Acrobat 等做文字识别（OCR）后再导入",
                )
            geometry = [_page_with_grids(page) for page in pages]
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


def _page_with_grids(page) -> str:
    """The page's text in reading order, with each ruled table replaced by its flattened grid."""
    tables = page.find_tables()
    if not tables:
        return page.extract_text() or ""
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    blocks = [(line["top"], line["text"]) for line in page.filter(outside).extract_text_lines()]
    blocks += [(t.bbox[1], flatten_grid(t.extract())) for t in tables]
    return "\n".join(text for _top, text in sorted(blocks, key=lambda b: b[0]))
