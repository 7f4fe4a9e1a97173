"""The Word report as printed: LibreOffice headless renders it to PDF, and the PDF is measured.

LibreOffice stands in for Word with the Noto CJK faces aliased to the official font names (xltool/data/fonts.conf), so
these are geometry checks (page size, margins, table widths, page count), not pixel equality. The page images are
written for a person to look at: set XLTOOL_RENDER_DIR to keep them, otherwise they go to pytest's tmp_path; the folder
is printed (pytest -s shows it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from xltool.writers.docx import write_docx
from xltool.writers.pdf import convert_to_pdf, find_soffice

pytestmark = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) 未安装：CI 由 .ci/run 安装")

MM = 72 / 25.4  # PDF points per millimetre
A4 = (210 * MM, 297 * MM)
LEFT, RIGHT, TOP, BOTTOM = 28 * MM, (210 - 26) * MM, 37 * MM, (297 - 35) * MM  # the GB/T 9704 type area
TOLERANCE = 1.0  # pt
#: The published sample (tests/fixtures/000_0a7990abdff832d1.txt) printed on 6 pages; fonts and table layout differ a
#: little from the original, so allow a page either way and one more for the table breaks.
SAMPLE_PAGES = 6


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The demo report → docx → PDF, and PNGs of its pages."""
    from xltool.demo import demo_report

    folder = Path(os.environ.get("XLTOOL_RENDER_DIR") or tmp_path_factory.mktemp("render"))
    folder.mkdir(parents=True, exist_ok=True)
    docx = write_docx(demo_report(), folder / "demo.docx")
    pdf = convert_to_pdf(docx)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(folder / "page")], check=True)
    print(f"\n渲染结果（PDF 与每页 PNG）：{folder}")
    return pdf


@pytest.fixture(scope="module")
def pages(rendered):
    import pdfplumber

    with pdfplumber.open(rendered) as pdf:
        yield pdf.pages


def test_every_page_is_a4(pages):
    for page in pages:
        assert abs(page.width - A4[0]) < TOLERANCE and abs(page.height - A4[1]) < TOLERANCE


def test_page_count_is_close_to_the_published_sample(pages):
    assert SAMPLE_PAGES - 1 <= len(pages) <= SAMPLE_PAGES + 2


def _is_page_number(page, char) -> bool:
    """The footer line: "— n —" below the type area."""
    line = "".join(c["text"] for c in page.chars if abs(c["top"] - char["top"]) < 2)
    return char["top"] > BOTTOM and line.replace(" ", "").strip("—").isdigit()


def test_text_stays_inside_the_type_area(pages):
    for page in pages:
        for char in page.chars:
            where = f"第 {page.page_number} 页 “{char['text']}”"
            assert char["x0"] >= LEFT - TOLERANCE, where
            # No hanging punctuation in LibreOffice (wordtemplate: w:overflowPunct), so nothing enters the margin.
            assert char["x1"] <= RIGHT + TOLERANCE, where
            assert char["top"] >= TOP - TOLERANCE, where
            assert char["bottom"] <= BOTTOM + TOLERANCE or _is_page_number(page, char), where


def test_every_page_has_its_number_in_the_footer(pages):
    for page in pages:
        footer = "".join(c["text"] for c in page.chars if c["top"] > BOTTOM).replace(" ", "")
        assert footer == f"—{page.page_number}—"


def test_no_table_is_wider_than_the_type_area(pages):
    ruled = [page for page in pages if page.edges]
    assert ruled, "no table borders found in the PDF"
    for page in ruled:
        assert min(e["x0"] for e in page.edges) >= LEFT - TOLERANCE
        assert max(e["x1"] for e in page.edges) <= RIGHT + TOLERANCE


def test_all_three_tables_are_drawn_with_their_values(pages):
    text = "".join(page.extract_text() or "" for page in pages).replace(" ", "")
    for label in ("第二十条第（八）项", "（七）总计", "未经复议直接起诉", "复议后起诉"):
        assert label in text
    assert "行政处罚56" in text.replace("\n", "")


def test_official_fonts_fall_back_to_the_simplified_chinese_faces(pages):
    """Headings in the sans face (黑体), body in the serif face (仿宋): the aliases worked and the styles differ."""
    fonts = {c["fontname"].split("+")[-1] for page in pages for c in page.chars}
    assert any("NotoSansCJK" in f for f in fonts) and any("NotoSerifCJK" in f for f in fonts), fonts
    heading = next(c for c in pages[0].chars if c["text"] == "总" and c["size"] > 15)
    assert "NotoSansCJK" in heading["fontname"]


def test_special_characters_survive_into_the_pdf(tmp_path):
    import pdfplumber

    from xltool.demo import demo_report

    report = demo_report()
    report.sections["六"] = "A&B <c> \"引号\" '单' 5<6>4"
    pdf = convert_to_pdf(write_docx(report, tmp_path / "特殊字符.docx"))
    with pdfplumber.open(pdf) as doc:
        text = "".join(page.extract_text() or "" for page in doc.pages)
    assert "A&B <c> \"引号\" '单' 5<6>4" in text
