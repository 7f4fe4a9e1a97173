"""GB/T 9704 on the printed page: LibreOffice renders the report and the PDF is measured line by line.

What is measured: 28 characters in a full line and 22 lines on a full page, every character of the docx in the PDF
(line-end punctuation included), the signature never alone on the last page, the date two characters right of the
signature, and 草稿 on every page of a forced report. The demo (8 pages here), a short report filled to the last line of
its last page, and the same with two lines more (without "keep with next" the signature would open a page alone) are
all checked.
"""

from __future__ import annotations

import collections
import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from xltool.writers.docx import write_docx
from xltool.writers.pdf import convert_to_pdf, find_soffice
from xltool.writers.wordtemplate import CHAR_PITCH, CHARS_PER_LINE, LINE_PITCH, LINES_PER_PAGE

pytestmark = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) 未安装：CI 由 .ci/run 安装")

MM = 72 / 25.4
LEFT, RIGHT, TOP, BOTTOM = 28 * MM, (210 - 26) * MM, 37 * MM, (297 - 35) * MM
PITCH = CHAR_PITCH / 20  # pt per character
MARKS = "；：，。、！？"
#: One full line of filler: 26 characters after the two-character first-line indent.
FILLER = "填充" * 13


@dataclass
class Line:
    page: int
    top: float
    x0: float
    x1: float
    text: str


@functools.cache
def _lines(pdf: Path) -> list[list[Line]]:
    """Each page's text lines inside the type area (the footer's page number left out), top to bottom."""
    import pdfplumber

    out = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            rows: dict[int, list] = collections.defaultdict(list)
            for char in page.chars:
                if char["top"] >= TOP - 2 and char["bottom"] <= BOTTOM + 2:
                    rows[round(char["top"])].append(char)
            out.append(
                [
                    Line(
                        page.page_number,
                        top,
                        min(c["x0"] for c in cs),
                        max(c["x1"] for c in cs),
                        "".join(c["text"] for c in sorted(cs, key=lambda c: c["x0"])),
                    )
                    for top, cs in sorted(rows.items())
                ]
            )
    return out


def _pdf_text(pdf: Path) -> str:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return "".join(c["text"] for page in doc.pages for c in page.chars)


def _docx_text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    cells = {id(cell._tc): cell for table in doc.tables for row in table.rows for cell in row.cells}  # merged: once
    parts += [cell.text for cell in cells.values()]
    return "".join(parts)


def _render(report, folder: Path, name: str, draft: bool = False) -> tuple[Path, Path]:
    docx = write_docx(report, folder / f"{name}.docx", draft=draft)
    return docx, convert_to_pdf(docx)


def _is_wide(text: str) -> bool:
    return all(unicodedata.east_asian_width(ch) in "WF" for ch in text)


def _short_report(demo, fill: int = 0):
    """The demo cut short (section 一's first sentence, 五's first line) with ``fill`` filler lines in section 六."""
    demo.sections["一"] = demo.sections["一"].split("。")[0] + "。"
    demo.sections["五"] = demo.sections["五"].split("\n")[0]
    demo.sections["六"] = "\n".join([demo.sections["六"], *[FILLER] * fill])
    return demo


def _row(line: Line) -> int:
    """Which of the page's 22 grid lines ``line`` is on (0 = first), counted up from the bottom of the type area."""
    import math

    return LINES_PER_PAGE - 1 - math.floor((BOTTOM - line.top) / LINE_PITCH)


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory):
    from xltool.demo import demo_report

    return _render(demo_report(), tmp_path_factory.mktemp("demo"), "demo")


@pytest.fixture(scope="module")
def short_fill(tmp_path_factory) -> int:
    """Filler lines that make the short report end with its date on the last line of its last page.

    Found by rendering: the filler starts on a page of its own, then grows by the rows left under the date (keep with
    next moves the closing block whole when it does not fit, so the count is corrected until the date is on the last
    row with filler above it on the same page).
    """
    from xltool.demo import demo_report

    folder = tmp_path_factory.mktemp("probe")
    fill = LINES_PER_PAGE + 8
    for attempt in range(5):
        _docx, probe = _render(_short_report(demo_report(), fill), folder, f"probe{attempt}")
        last = _lines(probe)[-1]
        below = LINES_PER_PAGE - 1 - _row(last[-1])
        if last[0].text != FILLER:
            fill -= 3  # the block jumped to a page of its own: give it room on the page before
        elif below:
            fill += below
        else:
            return fill
    raise AssertionError("no filler length puts the date on the last line")


@pytest.fixture(scope="module")
def short_pdf(tmp_path_factory, short_fill):
    from xltool.demo import demo_report

    return _render(_short_report(demo_report(), short_fill), tmp_path_factory.mktemp("short"), "short")


@pytest.fixture(scope="module")
def orphan_pdf(tmp_path_factory, short_fill):
    """Two lines more than five pages hold: without "keep with next" the signature would open page 6 alone."""
    from xltool.demo import demo_report

    return _render(_short_report(demo_report(), short_fill + 2), tmp_path_factory.mktemp("orphan"), "orphan")


@pytest.fixture(params=["demo", "short", "orphan"])
def rendered(request, demo_pdf, short_pdf, orphan_pdf):
    return {"demo": demo_pdf, "short": short_pdf, "orphan": orphan_pdf}[request.param]


def test_the_short_report_ends_on_its_last_line_and_two_more_lines_make_a_page(short_pdf, orphan_pdf):
    pages = _lines(short_pdf[1])
    assert _row(pages[-1][-1]) == LINES_PER_PAGE - 1  # the date on the page's last line
    assert len(_lines(orphan_pdf[1])) == len(pages) + 1


def _cells(line: Line) -> int | None:
    """Characters a line of wide characters spans, counting a two-character first-line indent; None if not full."""
    if not _is_wide(line.text) or line.x1 < RIGHT - PITCH / 2:
        return None
    for indent in (0, 2):
        if abs(line.x0 - LEFT - indent * PITCH) < 1:
            return len(line.text) + indent
    return None


def test_full_lines_hold_28_characters(rendered):
    full = [n for page in _lines(rendered[1]) for line in page if (n := _cells(line))]
    assert len(full) >= 5
    counts = collections.Counter(full)
    # Fewer only where the next line starts with a mark that may not start one (kinsoku) or an unbreakable
    # "〔2021〕30号", and the line is justified to the margin.
    assert max(counts) == CHARS_PER_LINE, counts
    assert counts[CHARS_PER_LINE] >= 0.75 * len(full), counts


def test_body_lines_are_spaced_by_the_line_pitch(rendered):
    for page in _lines(rendered[1]):
        body = [line for line in page if _is_body_line(line)]
        for above, below in itertools.pairwise(body):
            steps = (below.top - above.top) / LINE_PITCH
            if steps < 3:  # within one stretch of text (a table may stand between two stretches)
                assert abs(steps - round(steps)) < 0.05, (above.text, below.text)
        assert all(0 <= _row(line) < LINES_PER_PAGE for line in body)


def test_a_page_of_running_text_holds_22_lines(demo_pdf):
    pages = _lines(demo_pdf[1])
    # Not the page before the closing block, which "keep with next" may leave short.
    text_only = [
        page
        for page, after in zip(pages[1:-1], pages[2:], strict=True)
        if all(_is_body_line(line) for line in page) and not after[0].text.startswith("本报告")
    ]
    assert text_only, "no page of running text"
    for page in text_only:
        assert len(page) == LINES_PER_PAGE, f"第 {page[0].page} 页"
        assert abs(page[-1].top - page[0].top - (LINES_PER_PAGE - 1) * LINE_PITCH) < 1


def _is_body_line(line: Line) -> bool:
    """A line of 3号 running text (no table row): it starts at the margin or two characters in."""
    return min(abs(line.x0 - LEFT), abs(line.x0 - LEFT - 2 * PITCH)) < 1.5


def test_the_signature_is_never_alone_on_the_last_page(rendered):
    last = _lines(rendered[1])[-1]
    assert last[-2].text.endswith("人民政府") and re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", last[-1].text)
    assert len(last) > 2, "the last page holds only the signature and the date"
    assert last[-3].text.endswith("）。"), "the closing paragraph's last line should precede the signature"


def test_the_date_starts_two_characters_right_of_the_signature(rendered):
    signature, date = _lines(rendered[1])[-1][-2:]
    assert abs(date.x0 - signature.x0 - 2 * PITCH) < 1.0
    assert abs(RIGHT - signature.x1 - 2 * PITCH) < 2.0  # the signature stands two characters from the right
    assert date.x1 < signature.x1


def test_every_character_of_the_docx_is_in_the_pdf(rendered):
    docx, pdf = rendered
    lost = collections.Counter(_docx_text(docx).replace(" ", "")) - collections.Counter(_pdf_text(pdf))
    assert not lost, f"missing from the PDF: {dict(lost)}"


def test_no_character_leaves_the_type_area(rendered):
    for page in _lines(rendered[1]):
        for line in page:
            assert line.x0 >= LEFT - 1 and line.x1 <= RIGHT + 1, f"第 {line.page} 页：{line.text}"


def test_line_end_punctuation_survives_into_the_pdf(tmp_path):
    """Each mark as the 27th character of a first line (two-character indent) and of a continuation line, with and
    without half-width digits before it (different room left on the line): 56 marks that would hang in the margin."""
    from xltool.demo import demo_report

    paragraphs = []
    for digits in ("", "12"):
        for mark in MARKS:
            first = digits + "测" * (CHARS_PER_LINE - 2 - len(digits) // 2)
            paragraphs.append(first + mark + "后文" * 4)
            paragraphs.append(first + "续" * CHARS_PER_LINE + mark + "后文" * 4)
    report = demo_report()
    report.sections["六"] = "\n".join(paragraphs * 2)
    docx, pdf = _render(report, tmp_path, "标点")
    got = collections.Counter(ch for ch in _pdf_text(pdf) if ch in MARKS)
    want = collections.Counter(ch for ch in _docx_text(docx) if ch in MARKS)
    assert not want - got, f"marks missing from the PDF: {dict(want - got)}"
    text = re.sub(r"\s", "", _pdf_text(pdf))
    for paragraph in paragraphs:
        assert paragraph in text, paragraph


def test_a_draft_says_so_on_every_page(tmp_path):
    import pdfplumber

    from xltool.demo import demo_report
    from xltool.writers.docx import DRAFT_HEADER

    _docx, pdf = _render(demo_report(), tmp_path, "草稿", draft=True)
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            header = "".join(c["text"] for c in page.chars if c["bottom"] < TOP)
            assert DRAFT_HEADER.replace("　", "") in header.replace(" ", "").replace("　", ""), page.page_number
            # The watermark is drawn (LibreOffice prints WordArt as filled outlines) in the middle of the page.
            shapes = [o for o in page.curves + page.rects if o.get("fill") and TOP < o["top"] < BOTTOM]
            assert shapes, f"第 {page.page_number} 页没有水印"
