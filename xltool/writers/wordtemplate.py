"""The Word template of the report, built from the spec by code.

The template is built once and committed as ``templates/年度报告模板.docx`` so that an office can restyle it in Word or WPS
(fonts, letterhead, header and footer, margins) and pass it back with ``xltool report --template``. Generation fills it with
docxtpl, so every edit that does not touch a ``{{ … }}`` tag survives. The official tables are drawn from ``spec.TABLES``
(labels, merges, data cell addresses): nothing here retypes a label.

The layout follows GB/T 9704-2012 (docs/reference/format-2021.md §7): A4, margins 37/35/28/26 mm, title 2号 方正小标宋简体, headings
"一、" 3号黑体, "（一）" 3号楷体_GB2312, body 3号仿宋_GB2312 with a two-character indent and a fixed line pitch, page numbers
"— 1 —" in 4号宋体, odd pages right and even pages left. Formatting lives in named styles (报告标题, 报告一级标题 …) so that
"修改样式" in Word restyles the whole report.

Regenerate the committed copy with ``python -m xltool.writers.wordtemplate`` (a test fails when it is stale).
"""

from __future__ import annotations

import io
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .. import cells, spec
from .files import fixed_time_zip

if TYPE_CHECKING:  # pragma: no cover
    from docx.document import Document
    from docx.table import Table, _Cell

TEMPLATE_NAME = "年度报告模板.docx"
REGENERATE_COMMAND = "python -m xltool.writers.wordtemplate"

# ---- placeholders: the contract between this template and wordgen's context ---------------------------------------

#: Narrative sections → loop variable of the template. Each item has ``head`` (an inline （一） heading, 楷体) and ``body``.
NARRATIVE_VARS: dict[str, str] = {"一": "overview", "五": "problems", "六": "other_matters"}
#: Simple text placeholders, all required in a custom template.
TEXT_VARS: tuple[str, ...] = ("agency_name", "year", "date", "address", "postcode", "phone")
#: Optional text placeholders (the default template prints them only when filled in).
OPTIONAL_VARS: tuple[str, ...] = ("email", "website", "website_name", "contact_office")
LOOP_VAR = "para"
#: The fields of each narrative paragraph the loop yields.
PARAGRAPH_FIELDS: tuple[str, ...] = ("head", "body")

# ---- fonts and sizes (GB/T 9704) --------------------------------------------------------------------------------------

FONT_TITLE = "方正小标宋简体"
FONT_HEADING = "黑体"
FONT_SUBHEADING = "楷体_GB2312"
FONT_BODY = "仿宋_GB2312"
FONT_PAGE_NUMBER = "宋体"
SIZE_2HAO = 22.0
SIZE_3HAO = 16.0
SIZE_4HAO = 14.0
SIZE_5HAO = 10.5
SIZE_XIAO5 = 9.0
TITLE_PITCH = 35.0

# Page in twips (1/1440 inch); A4 and the GB/T 9704 margins (docs/reference/engineering-notes.md).
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 2098, 1984, 1587, 1474
HEADER_DISTANCE, FOOTER_DISTANCE = 851, 1247  # 15 mm; 22 mm puts the page number about 7 mm below the type area
TYPE_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 8845 twips = 156 mm
CELL_MARGIN = 57  # twips left and right inside table cells (1 mm): narrow columns need the room

# The GB/T 9704 grid: 22 lines of 28 characters of 3号 (16 pt) in the 156 × 225 mm type area. 28 × 16 pt is wider than
# 156 mm, so every character is set 0.25 pt narrower (character spacing) and every line is exactly 28.95 pt. A document
# grid would say the same to Word and WPS, but LibreOffice 7.4 misreads both kinds: with a character pitch
# (w:docGrid linesAndChars + w:charSpace) it snaps each 16 pt glyph to two 15.75 pt cells and prints 14 characters a
# line; with a line grid (w:type="lines") it snaps every table row to a body line and the tables double in length.
# Character spacing and exact line spacing are honoured by all three.
CHARS_PER_LINE, LINES_PER_PAGE = 28, 22
CHAR_PITCH = TYPE_WIDTH // CHARS_PER_LINE  # 315 twips = 15.75 pt
CHAR_SPACING = CHAR_PITCH - round(SIZE_3HAO * 20)  # -5 twentieths of a point
LINE_PITCH_TWIPS = (PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM) // LINES_PER_PAGE  # 579 twips = 28.95 pt
LINE_PITCH = LINE_PITCH_TWIPS / 20
#: Right indent of the signature in characters; the date's first character stands this far right of the signature's
#: first (GB/T 9704 §7.3.5.2, a report without a seal).
SIGNATURE_RIGHT_CHARS = 2
DATE_SHIFT_CHARS = 2

# Style ids (stable, ASCII) and the Chinese names the office sees in Word's style gallery.
STYLE_TITLE = ("XLTitle", "报告标题")
STYLE_HEADING = ("XLHeading1", "报告一级标题")
STYLE_SUBHEAD_CHAR = ("XLHeading2Char", "报告二级标题字符")
STYLE_SIGNATURE = ("XLSignature", "报告落款")
STYLE_TABLE = ("XLTableText", "报告表格文字")
STYLE_TABLE_SMALL = ("XLTableTextSmall", "报告表格文字（小）")
STYLE_PAGE_NUMBER = ("XLPageNumber", "报告页码")

#: Column widths in twips for each table's grid, summing to the type width.
COLUMN_WIDTHS: dict[str, tuple[int, ...]] = {
    "table2": (2845, 2000, 2000, 2000),
    "table3": (700, 1000, 2404, *(677,) * 6, 679),  # five-digit counts fit a number cell without wrapping
    "table4": (*(590,) * 14, 585),
}

#: The customary preamble (docs/reference/format-2021.md §1): basis, and the statistical period.
PREAMBLE = (
    f"根据《中华人民共和国政府信息公开条例》规定和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国{spec.REPORT_NAME}"
    f"格式〉的通知》（{spec.FORMAT_DOCUMENT}）要求，现发布《"
    "{{ agency_name }}{{ year }}年"
    f"{spec.REPORT_NAME}》，"
    "本报告统计数据从{{ year }}年1月1日至12月31日。"
)
#: Where the electronic version is published and whom to contact (the optional parts print only when filled in).
CLOSING = (
    "{% if website %}本报告电子版可以从{{ website_name or '政府网站' }}（网址：{{ website }}）查阅或下载。"
    "{% elif website_name %}本报告电子版可以从{{ website_name }}查阅或下载。{% endif %}"
    "如对本年度报告有任何疑问或意见建议，请与{{ contact_office or agency_name }}联系（地址：{{ address }}；邮编：{{ postcode }}；"
    "电话：{{ phone }}{% if email %}；电子邮箱：{{ email }}{% endif %}）。"
)


def tag(expression: str) -> str:
    """A docxtpl output tag, ``{{ expression }}`` (written out here so no format string has to escape braces)."""
    return "{{ " + expression + " }}"


def cell_placeholder(table: str, address: str) -> str:
    """The tag of one data cell, e.g. ``{{ table3.D27 }}``: the official grid address, as in the workbook."""
    return tag(f"{table}.{address}")


# ---- building -----------------------------------------------------------------------------------------------------------


def build_template() -> bytes:
    """The template as .docx bytes; deterministic, so the committed copy can be compared with it."""
    from docx import Document as new_document

    doc = new_document()
    _drop_thumbnail(doc)
    _set_properties(doc)
    _set_settings(doc)
    _set_styles(doc)
    _set_page(doc)
    body = doc.element.body
    for p in list(body.iterchildren()):
        if not p.tag.endswith("sectPr"):
            body.remove(p)
    _write_body(doc)
    out = io.BytesIO()
    doc.save(out)
    return fixed_time_zip(out.getvalue())  # a fixed date on every entry: an unchanged template rebuilds identically


def _write_body(doc: Document) -> None:
    """Title, preamble, the six sections with their narrative loops and tables, closing paragraph, signature."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc.add_paragraph("{{ agency_name }}", style=STYLE_TITLE[1])
    doc.add_paragraph("{{ year }}年" + spec.REPORT_NAME, style=STYLE_TITLE[1])
    doc.add_paragraph("", style=STYLE_TITLE[1])
    doc.add_paragraph(PREAMBLE)
    for section in spec.SECTIONS:
        doc.add_paragraph(section.title, style=STYLE_HEADING[1])
        if section.number in NARRATIVE_VARS:
            _narrative_loop(doc, NARRATIVE_VARS[section.number])
        if section.table:
            _add_table(doc, spec.TABLES[section.table])
    # Left-aligned: justifying a line that ends before an unbreakable web address spreads its characters apart.
    closing = doc.add_paragraph(CLOSING)
    closing.alignment = WD_ALIGN_PARAGRAPH.LEFT
    # The closing paragraph, the blank line and the signature travel together: no page holds only the signature.
    closing.paragraph_format.keep_with_next = True
    doc.add_paragraph("").paragraph_format.keep_with_next = True
    doc.add_paragraph("{{ agency_name }}", style=STYLE_SIGNATURE[1])
    doc.add_paragraph("{{ date }}", style=STYLE_SIGNATURE[1])


def _narrative_loop(doc: Document, var: str) -> None:
    """One body paragraph per narrative paragraph; an inline （一） heading gets its own 楷体 run."""
    doc.add_paragraph("{%p " + f"for {LOOP_VAR} in {var}" + " %}")
    p = doc.add_paragraph()
    head, body = PARAGRAPH_FIELDS
    p.add_run(tag(f"{LOOP_VAR}.{head}"), style=STYLE_SUBHEAD_CHAR[1])
    p.add_run(tag(f"{LOOP_VAR}.{body}"))
    doc.add_paragraph("{%p endfor %}")


# ---- tables ---------------------------------------------------------------------------------------------------------------


def _grid(address: str) -> tuple[int, int]:
    """ "D27" → (26, 3): python-docx counts rows and columns from zero."""
    row, col = cells.parse(address)
    return row - 1, col - 1


def _span(span: str) -> tuple[tuple[int, int], tuple[int, int]]:
    r0, c0, r1, c1 = cells.bounds(span)
    return (r0 - 1, c0 - 1), (r1 - 1, c1 - 1)


def _add_table(doc: Document, table_spec: spec.TableSpec) -> Table:
    """The official table: merges and labels from the spec, a placeholder in every data cell."""
    rows, cols = table_spec.last_row, cells.column_number(table_spec.last_col)
    table = doc.add_table(rows=rows, cols=cols)
    table.style = doc.styles["Table Grid"]
    for span in table_spec.merges:
        (r0, c0), (r1, c1) = _span(span)
        table.cell(r0, c0).merge(table.cell(r1, c1))
    style = STYLE_TABLE_SMALL[1] if table_spec.key == "table4" else STYLE_TABLE[1]
    multi_row = {t.address for t in table_spec.texts if t.span and _span(t.span)[0][0] != _span(t.span)[1][0]}
    grid = table._cells  # once: python-docx's table.cell() rebuilds this list on every call
    for text in table_spec.texts:
        row, col = _grid(text.address)
        left = table_spec.key == "table3" and row >= table_spec.header_rows and text.address not in multi_row
        _fill_cell(grid[row * cols + col], text.text, style, left)
    for data in table_spec.cells:
        row, col = _grid(data.address)
        _fill_cell(grid[row * cols + col], cell_placeholder(table_spec.key, data.address), style, False)
    _format_table(table, table_spec)
    return table


def _fill_cell(cell: _Cell, text: str, style: str, left: bool) -> None:
    from docx.enum.table import WD_ALIGN_VERTICAL
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    p = cell.paragraphs[0]
    p.style = style
    p.text = text
    if left:
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _format_table(table: Table, table_spec: spec.TableSpec) -> None:
    """Fixed column widths across the type area, header rows repeated, rows kept whole across pages."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.shared import Twips

    widths = COLUMN_WIDTHS[table_spec.key]
    assert sum(widths) <= TYPE_WIDTH and len(widths) == len(table.columns), table_spec.key
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    _set_child(tbl_pr, "w:tblW", {"w:w": str(sum(widths)), "w:type": "dxa"})
    margins = _set_child(tbl_pr, "w:tblCellMar", {}, before=("w:tblLook", "w:tblCaption", "w:tblDescription"))
    _set_child(margins, "w:left", {"w:w": str(CELL_MARGIN), "w:type": "dxa"})
    _set_child(margins, "w:right", {"w:w": str(CELL_MARGIN), "w:type": "dxa"})
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_col.w = Twips(width)
    for index, tr in enumerate(table._tbl.tr_lst):
        tr_pr = tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if index < table_spec.header_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))
        col = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Twips(sum(widths[col : col + span]))
            col += span


def _set_child(parent, tag: str, attrs: dict[str, str], before: tuple[str, ...] = ()):
    """Find or create ``parent/tag`` and set its attributes, for properties python-docx has no API for.

    A new element goes before the first existing sibling named in ``before``: Word rejects children out of schema order.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        successor = next((c for c in parent if c.tag in {qn(b) for b in before}), None)
        if successor is None:
            parent.append(child)
        else:
            successor.addprevious(child)
    for key, value in attrs.items():
        child.set(qn(key), value)
    return child


# ---- page, settings, properties -------------------------------------------------------------------------------------------


def _set_page(doc: Document) -> None:
    """A4 and the GB/T 9704 margins; page numbers on odd (right) and even (left) pages."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Twips

    section = doc.sections[0]
    section.page_width, section.page_height = Twips(PAGE_WIDTH), Twips(PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Twips(MARGIN_TOP), Twips(MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Twips(MARGIN_LEFT), Twips(MARGIN_RIGHT)
    section.header_distance, section.footer_distance = Twips(HEADER_DISTANCE), Twips(FOOTER_DISTANCE)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(footer, alignment) -> None:
    """ "— 7 —" with a PAGE field, one character in from the outer edge."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    p.style = STYLE_PAGE_NUMBER[1]
    p.alignment = alignment
    indent = Pt(SIZE_4HAO)
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        p.paragraph_format.right_indent = indent
    else:
        p.paragraph_format.left_indent = indent
    p.add_run("— ")
    for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = p.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif instr == " PAGE ":
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = instr
            run._r.append(text)
        else:
            run.text = instr
    p.add_run(" —")


def _set_settings(doc: Document) -> None:
    """Word 2013+ layout (tables align with the margins) and Chinese as the East Asian language."""
    from docx.oxml.ns import qn

    settings = doc.settings.element
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def _set_properties(doc: Document) -> None:
    props = doc.core_properties
    props.title = f"{spec.REPORT_NAME}模板"
    props.author = "xltool"
    props.comments = f"由 xltool 按{spec.FORMAT_DOCUMENT}格式生成；重新生成：{REGENERATE_COMMAND}"
    props.last_modified_by = "xltool"


def _drop_thumbnail(doc: Document) -> None:
    """python-docx's default package carries a thumbnail of an English page; file browsers would show it."""
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rel_id]


# ---- styles ------------------------------------------------------------------------------------------------------------------


def _set_styles(doc: Document) -> None:
    """Named styles for every kind of paragraph; East Asian fonts set explicitly, theme fonts removed."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    _scrub_theme_fonts(doc)
    _set_doc_defaults(doc)
    normal = doc.styles["Normal"]
    _font(normal, FONT_BODY, SIZE_3HAO)
    # Line-end punctuation: LibreOffice (7.4 and earlier) reads w:overflowPunct inverted (val="1" → no hanging) and,
    # when it hangs a mark into the margin, sometimes prints nothing for it (neither glyph nor text). val="1" is
    # Word's and WPS's own default (the mark may hang), and makes LibreOffice carry the mark and the character
    # before it to the next line instead: every character of the docx is in the PDF. Body styles only: the tables'
    # narrow cells keep LibreOffice's wrapping.
    _set_child(
        normal.element.get_or_add_pPr(), "w:overflowPunct", {"w:val": "1"}, before=("w:spacing", "w:ind", "w:jc")
    )
    _set_child(normal.element.get_or_add_rPr(), "w:spacing", {"w:val": str(CHAR_SPACING)}, before=_RPR_AFTER_SPACING)
    _paragraph(normal, WD_ALIGN_PARAGRAPH.JUSTIFY, LINE_PITCH, indent_chars=2, size=SIZE_3HAO)

    title = _add_style(doc, STYLE_TITLE, WD_STYLE_TYPE.PARAGRAPH, "Normal")
    _font(title, FONT_TITLE, SIZE_2HAO)
    _paragraph(title, WD_ALIGN_PARAGRAPH.CENTER, TITLE_PITCH, indent_chars=0, size=SIZE_2HAO)

    heading = _add_style(doc, STYLE_HEADING, WD_STYLE_TYPE.PARAGRAPH, "Normal")
    _font(heading, FONT_HEADING, SIZE_3HAO)
    heading.paragraph_format.keep_with_next = True
    _outline_level(heading, 0)

    sub = _add_style(doc, STYLE_SUBHEAD_CHAR, WD_STYLE_TYPE.CHARACTER, None)
    _font(sub, FONT_SUBHEADING, None)

    signature = _add_style(doc, STYLE_SIGNATURE, WD_STYLE_TYPE.PARAGRAPH, "Normal")
    _paragraph(
        signature,
        WD_ALIGN_PARAGRAPH.RIGHT,
        LINE_PITCH,
        indent_chars=0,
        size=SIZE_3HAO,
        right_chars=SIGNATURE_RIGHT_CHARS,
    )
    signature.paragraph_format.keep_with_next = True  # the agency stays with its date (wordgen places both)

    for style_id, size in ((STYLE_TABLE, SIZE_5HAO), (STYLE_TABLE_SMALL, SIZE_XIAO5)):
        table_text = _add_style(doc, style_id, WD_STYLE_TYPE.PARAGRAPH, None)
        _font(table_text, FONT_BODY, size)
        _paragraph(table_text, WD_ALIGN_PARAGRAPH.CENTER, None, indent_chars=0, size=size)
        # LibreOffice derives every style from Normal: the tables keep the font's own pitch and wrapping.
        _set_child(table_text.element.get_or_add_rPr(), "w:spacing", {"w:val": "0"}, before=_RPR_AFTER_SPACING)
        _set_child(
            table_text.element.get_or_add_pPr(),
            "w:overflowPunct",
            {"w:val": "0"},
            before=("w:spacing", "w:ind", "w:jc"),
        )

    page_number = _add_style(doc, STYLE_PAGE_NUMBER, WD_STYLE_TYPE.PARAGRAPH, None)
    _font(page_number, FONT_PAGE_NUMBER, SIZE_4HAO)
    _paragraph(page_number, None, None, indent_chars=0, size=SIZE_4HAO)


#: rPr children that follow w:spacing in schema order.
_RPR_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:lang")


def _add_style(doc: Document, ids: tuple[str, str], kind, base: str | None):
    style_id, name = ids
    style = doc.styles.add_style(name, kind)
    style.element.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}styleId", style_id)
    if base:
        style.base_style = doc.styles[base]
    style.quick_style = True
    return style


def _fonts_element(rpr, font: str) -> None:
    """All four slots (ascii, hAnsi, eastAsia, cs) on one font; python-docx's ``font.name`` sets only two."""
    from docx.oxml.ns import qn

    rfonts = _set_child(rpr, "w:rFonts", {})
    for attr in list(rfonts.attrib):
        if attr.lower().endswith("theme"):
            del rfonts.attrib[attr]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{slot}"), font)
    # rFonts must come first inside rPr (schema order); Word reports a broken file otherwise.
    rpr.remove(rfonts)
    rpr.insert(0, rfonts)


def _font(style, font: str, size: float | None) -> None:
    from docx.shared import Pt

    _fonts_element(style.element.get_or_add_rPr(), font)
    if size:
        style.font.size = Pt(size)


def _paragraph(style, alignment, pitch: float | None, indent_chars: int, size: float, right_chars: int = 0) -> None:
    """Alignment, exact line pitch (None: single) and indents in characters, with the twip equivalent for LibreOffice."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    pf = style.paragraph_format
    if alignment is not None:
        pf.alignment = alignment
    pf.space_before, pf.space_after = Pt(0), Pt(0)
    if pitch:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(pitch)
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.first_line_indent = Pt(size * indent_chars)
    pf.right_indent = Pt(size * right_chars)
    ind = style.element.get_or_add_pPr().find(qn("w:ind"))
    ind.set(qn("w:firstLineChars"), str(indent_chars * 100))
    ind.set(qn("w:rightChars"), str(right_chars * 100))


def _outline_level(style, level: int) -> None:
    """Headings show in Word's navigation pane without using the theme-styled built-in Heading styles."""
    _set_child(style.element.get_or_add_pPr(), "w:outlineLvl", {"w:val": str(level)})


def _set_doc_defaults(doc: Document) -> None:
    from docx.oxml.ns import qn

    styles = doc.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts_element(rpr, FONT_BODY)
    _set_child(rpr, "w:lang", {"w:val": "en-US", "w:eastAsia": "zh-CN", "w:bidi": "ar-SA"})


def _scrub_theme_fonts(doc: Document) -> None:
    """Theme font attributes override explicit names in Word; the report must use the named 公文 fonts."""
    from docx.oxml.ns import qn

    for rfonts in doc.styles.element.iter(qn("w:rFonts")):
        for attr in list(rfonts.attrib):
            if attr.lower().endswith("theme"):  # asciiTheme, hAnsiTheme, eastAsiaTheme, cstheme
                del rfonts.attrib[attr]


# ---- where the committed copy lives ---------------------------------------------------------------------------------------


def repo_template_path() -> Path:
    """``templates/年度报告模板.docx`` next to the package (present in a source checkout or an editable install)."""
    return Path(__file__).resolve().parents[2] / "templates" / TEMPLATE_NAME


def default_template() -> bytes:
    """The committed template when the checkout has it, else the same template built in memory (non-editable install)."""
    path = repo_template_path()
    if path.is_file():
        return path.read_bytes()
    return _built_template()


@cache
def _built_template() -> bytes:
    """Built once per process: the add-in and Python callers may write many reports."""
    return build_template()


def main(argv: list[str] | None = None) -> int:
    """``python -m xltool.writers.wordtemplate [OUT.docx] [--force]``: (re)write the template; default is the committed copy.

    An office's restyled template named on the command line is replaced only with ``--force``.
    """
    from ..errors import XltoolError
    from .files import refuse_overwrite, write_bytes

    args = sys.argv[1:] if argv is None else argv
    force = "--force" in args
    names = [a for a in args if a != "--force"]
    target = Path(names[0]) if names else repo_template_path()
    try:
        if names:
            refuse_overwrite(target, force=force)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(target, build_template())
    except (XltoolError, OSError) as exc:
        print(f"错误：{getattr(exc, 'message', exc)}", file=sys.stderr)
        return 2
    print(f"已生成 Word 模板：{target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
