"""Plain-text reports: crawled pages, text dumps of PDFs, copies pasted into Notepad.

Windows users save text as GBK (or GB18030), UTF-16 with a BOM ("Unicode" in Notepad), others as UTF-8, often with a
BOM (``encoding.decode`` tells them apart); line ends may be CRLF. A binary file renamed .txt is refused with a clear
message instead of being read as mojibake.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import XltoolError
from .document import Document, flatten_grid
from .encoding import decode
from .limits import TableBudget

_NOT_TEXT = "不是文本文件（含有二进制内容），可能是改了扩展名的其他文件"


def read_txt(path: Path) -> Document:
    data = path.read_bytes()
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        raise XltoolError("F-UNREADABLE-REPORT", path=path, reason=_NOT_TEXT)
    decoded = decode(data, path)
    if _looks_binary(decoded.text):
        raise XltoolError("F-UNREADABLE-REPORT", path=path, reason=_NOT_TEXT)
    text = decoded.text
    if not text.strip():
        raise XltoolError("F-UNREADABLE-REPORT", path=path, reason="文件为空")
    text = strip_inline_markup(text.replace("\r\n", "\n").replace("\r", "\n"), TableBudget(path))
    return Document(text, wrapped=True, kind="txt", notes=decoded.notes)


def _looks_binary(text: str) -> bool:
    """Control characters other than tab and line ends do not occur in a text report."""
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f") + sample.count("\ufffd")
    return controls > max(3, len(sample) // 200)


#: Inline HTML that Markdown converters keep (pandoc writes ``<span lang="zh-CN">规章</span>`` into its tables).
_INLINE_TAG = re.compile(
    r"</?(?:span|font|a|b|i|u|em|strong|sup|sub|small|big|br|ins|del|mark|o:p)\b[^<>]{0,300}>", re.I
)
_ENTITIES = {"&nbsp;": " ", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&amp;": "&"}


_HTML_TABLE = re.compile(r"<table\b.*?</table\s*>", re.S | re.I)


def _grid_text(fragment: str, budget: TableBudget) -> str:
    """An HTML table kept as such inside Markdown (pandoc does so for merged cells), flattened like any grid."""
    from lxml import etree
    from lxml import html as lxml_html

    from .html import table_grid

    try:
        element = lxml_html.fromstring(fragment)
    except (etree.LxmlError, ValueError):
        return fragment
    tables = [t for t in element.iter("table") if not any(True for _ in t.iter("table") if _ is not t)]
    return "\n" + "\n".join(flatten_grid(table_grid(t, budget)) for t in tables) + "\n" if tables else fragment


_PIPE_RULE = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")


#: html2text writes a table row without its outer bars, and a line break inside a cell (LibreOffice's HTML puts a
#: <br> in an empty cell) ends the line: "行政规范性文件 |  1394 |    " then "|  2566". The row goes on after the
#: break; the broken cell is an empty one. A row of several empty cells breaks at each ("1.本机关… |    ", "|    ",
#: …, "|    "): the row goes on while the line so far ends with a bar and the next starts with one. (A row that
#: starts with a bar, as pandoc writes them, ends at its line.)
_BROKEN_HEAD = re.compile(r"^(?![ \t]*\|).*\|[ \t]*$")
_GOES_ON = re.compile(r"^[ \t]*\|")


def _join_broken_rows(text: str) -> str:
    """html2text's table rows broken at the line breaks of their empty cells, each joined back into one line."""
    out: list[str] = []
    for line in text.split("\n"):
        if out and _GOES_ON.match(line) and _BROKEN_HEAD.match(out[-1]):
            out[-1] = out[-1].rstrip(" \t") + " " + line
        else:
            out.append(line)
    return "\n".join(out)


def _pipe_row(line: str) -> str:
    """A Markdown table row ("| 规章 | 1 |  | 11 |") as a grid row, so that its empty cells stay blank cells."""
    stripped = line.strip()
    outer = stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1
    if not outer and stripped.count("|") < 3:  # html2text writes rows without the outer bars
        return line
    if _PIPE_RULE.match(stripped) or re.fullmatch(r"[-|: ]+", stripped):
        return ""
    return flatten_grid([[cell.strip() for cell in (stripped[1:-1] if outer else stripped).split("|")]])


def strip_inline_markup(text: str, budget: TableBudget) -> str:
    """A Markdown or text export without the markup it carried over from HTML or Word: raw HTML tables become grid
    lines, inline tags and entities go."""
    if "<table" in text or "<TABLE" in text:
        text = _HTML_TABLE.sub(lambda m: _grid_text(m.group(), budget), text)
    text = _INLINE_TAG.sub("", text)
    text = _join_broken_rows(text)
    text = "\n".join(_pipe_row(line) for line in text.split("\n"))
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    return text
