"""Hostile and oversized published reports, generated on the fly (issue 8): nothing big is committed.

Each builder writes one file and returns its path. The tests (tests/test_import_bounds.py) use small sizes or the
real sizes where building them is cheap; benchmarks/bench_import.py --big builds the cases at the sizes of the issue
and measures time and peak memory of each in a fresh process.
"""

from __future__ import annotations

import html
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

FIXTURES = Path(__file__).parent / "fixtures"
DEMO_TXT = FIXTURES / "000_0a7990abdff832d1.txt"
#: One ordinary narrative paragraph (about 45 characters), repeated to pad a report.
PARAGRAPH = "本年度我单位认真贯彻落实政府信息公开条例，持续推进政务公开工作，全年主动公开信息12条。"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def report_lines() -> list[str]:
    """The demo report's lines: a real 年度报告 that imports cleanly."""
    return DEMO_TXT.read_text(encoding="utf-8").splitlines()


def html_page(body: str, charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<!DOCTYPE html><html><head>{meta}<title>年度报告</title></head><body>{body}</body></html>"


def report_html(charset: str | None = "utf-8") -> str:
    """The demo report as a web page, one paragraph per line."""
    return html_page("".join(f"<p>{html.escape(line)}</p>" for line in report_lines() if line.strip()), charset)


# ---- txt ----------------------------------------------------------------------------------------------------------


def txt_padded(path: Path, megabytes: float) -> Path:
    """The demo report with narrative paragraphs added to section 一 until the file has about this size (UTF-8)."""
    lines = report_lines()
    pad = (PARAGRAPH + "\n") * max(0, int(megabytes * 2**20 / len((PARAGRAPH + "\n").encode())))
    at = next(i for i, line in enumerate(lines) if line.startswith("二、"))
    path.write_text("\n".join(lines[:at]) + "\n" + pad + "\n".join(lines[at:]) + "\n", encoding="utf-8")
    return path


def txt_table_padded(path: Path, chars: int) -> Path:
    """The demo report with ``chars`` characters of narrative inside table 三's region: the slowest text to read,
    since the table reader aligns the whole region with the table's labels."""
    lines = report_lines()
    at = next(i for i, line in enumerate(lines) if line.startswith("三、")) + 1
    pad = (PARAGRAPH + "\n") * (chars // (len(PARAGRAPH) + 1))
    path.write_text("\n".join(lines[:at]) + "\n" + pad + "\n".join(lines[at:]) + "\n", encoding="utf-8")
    return path


def txt_glued_rows(path: Path, digits: int) -> Path:
    """The demo report with every row of table 三 printed as one run of ``digits`` digits: each row has more ways to
    split than can be weighed, so each would cost the reader its whole split budget."""
    import re

    text = DEMO_TXT.read_text(encoding="utf-8")
    start = text.index("三、收到和处理")
    end = text.index("四、", start)
    region = re.sub(r"(?m)((?:[ \t]+\d+)+)[ \t]*$", " " + "1" * digits, text[start:end])
    path.write_text(text[:start] + region + text[end:], encoding="utf-8")
    return path


def sparse(path: Path, megabytes: float, head: bytes = b"") -> Path:
    """A file of this size that takes no disk space (a sparse file): ``head`` and then zero bytes."""
    with path.open("wb") as fh:
        fh.write(head)
        fh.truncate(int(megabytes * 2**20))
    return path


# ---- html ---------------------------------------------------------------------------------------------------------


def html_padded(path: Path, megabytes: float) -> Path:
    """The demo report as a web page padded with paragraphs to about this size."""
    count = max(0, int(megabytes * 2**20 / len(f"<p>{PARAGRAPH}</p>".encode())))
    page = report_html().replace("</body>", f"<p>{PARAGRAPH}</p>" * count + "</body>")
    path.write_text(page, encoding="utf-8")
    return path


def html_deep(path: Path, depth: int) -> Path:
    """The demo report wrapped in ``depth`` nested <div> elements."""
    page = report_html().replace("<body>", "<body>" + "<div>" * depth).replace("</body>", "</div>" * depth + "</body>")
    path.write_text(page, encoding="utf-8")
    return path


def html_spans(path: Path, cells: int = 900, rowspan: int = 200, colspan: int = 200) -> Path:
    """The demo report followed by one table of ``cells`` cells (30 a row), each spanning rowspan × colspan."""
    per_row = 30
    rows = "".join(
        "<tr>" + f'<td rowspan="{rowspan}" colspan="{colspan}">1</td>' * min(per_row, cells - r) + "</tr>"
        for r in range(0, cells, per_row)
    )
    page = report_html().replace("</body>", f"<table>{rows}</table></body>")
    path.write_text(page, encoding="utf-8")
    return path


def html_table(path: Path, cells: int, per_row: int = 30) -> Path:
    """The demo report followed by one plain table of ``cells`` numbers."""
    rows = "".join(
        "<tr>" + "".join(f"<td>{(r + c) % 97}</td>" for c in range(min(per_row, cells - r))) + "</tr>"
        for r in range(0, cells, per_row)
    )
    path.write_text(report_html().replace("</body>", f"<table>{rows}</table></body>"), encoding="utf-8")
    return path


def html_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# ---- docx ---------------------------------------------------------------------------------------------------------


def _paragraph(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _cell(text: str, props: str = "") -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="1200" w:type="dxa"/>{props}</w:tcPr>{_paragraph(text)}</w:tc>'


def docx_with_body(path: Path, body_xml: str) -> Path:
    """A Word file (python-docx's default package) whose body is ``body_xml``, written straight into the XML so that
    even a huge table is built in a moment."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{_W}"><w:body>'
        f"{body_xml}<w:sectPr/></w:body></w:document>"
    )
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = document.encode() if item.filename == "word/document.xml" else src.read(item)
            out.writestr(item.filename, data)
    return path


def docx_paragraphs(path: Path, count: int) -> Path:
    """The demo report's text followed by ``count`` short paragraphs."""
    body = "".join(_paragraph(line) for line in report_lines()) + "".join(
        _paragraph(f"第{i}段。") for i in range(count)
    )
    return docx_with_body(path, body)


def docx_long_table(path: Path, rows: int, columns: int = 7, merged_column: bool = False, tables: int = 1) -> Path:
    """The demo report's text, then ``tables`` tables of ``rows`` rows; ``merged_column`` merges the first column over
    all rows (a vertical merge, which python-docx resolves row by row)."""

    def row(i: int) -> str:
        first = (
            _cell("分组", '<w:vMerge w:val="restart"/>' if i == 0 else "<w:vMerge/>")
            if merged_column
            else _cell(f"第{i}行")
        )
        return "<w:tr>" + first + "".join(_cell(str((i * columns + c) % 97)) for c in range(columns - 1)) + "</w:tr>"

    grid = "<w:tblGrid>" + '<w:gridCol w:w="1200"/>' * columns + "</w:tblGrid>"
    table = f"<w:tbl><w:tblPr/>{grid}{''.join(row(i) for i in range(rows))}</w:tbl>"
    return docx_with_body(path, "".join(_paragraph(line) for line in report_lines()) + table * tables)


# ---- pdf ----------------------------------------------------------------------------------------------------------


def pdf_padded(path: Path, paragraphs: int) -> Path:
    """The demo report with ``paragraphs`` narrative paragraphs, as a PDF by LibreOffice (about 22 a page)."""
    from xltool.writers.pdf import convert_to_pdf

    lines = report_lines()
    at = next(i for i, line in enumerate(lines) if line.startswith("二、"))
    body = lines[:at] + [PARAGRAPH] * paragraphs + lines[at:]
    docx = docx_with_body(path.with_suffix(".docx"), "".join(_paragraph(line) for line in body))
    return convert_to_pdf(docx, path)


# ---- pdf ------------------------------------------------------------------------------------------------------------


def pdf_slow(path: Path, operators: int) -> Path:
    """A one-page PDF (40 KB for ten million operators) whose content stream, once inflated, repeats the do-nothing
    pair "q Q" (save and restore the graphics state) ``operators`` times after one line of text: far inside every size
    limit, it keeps pdfminer's pure-Python content parser busy for about 25 s a million, in constant memory. Written
    by hand, as whoever crafts such a file would: five objects, a cross-reference table, the stream deflated."""
    import zlib

    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td (2024 Annual Report) Tj ET\n" + b"q Q\n" * operators, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path
