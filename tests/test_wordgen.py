"""The Word report: committed template current, golden content against the published sample, layout, escaping,
restyled and broken templates, and the ``xltool report`` command."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from xltool import spec
from xltool.errors import XltoolError
from xltool.model import AnnualReport
from xltool.writers.docx import narrative_paragraphs, render_docx, write_docx
from xltool.writers.wordtemplate import REGENERATE_COMMAND, build_template, repo_template_path

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "000_0a7990abdff832d1.txt"


def _docx(report: AnnualReport, template=None) -> Document:
    return Document(io.BytesIO(render_docx(report, template)))


def _norm(text: str) -> str:
    """Whitespace does not count: the sample's PDF extraction breaks lines and inserts spaces around digits."""
    return re.sub(r"\s+", "", text)


def _body_texts(doc: Document) -> list[str]:
    """Paragraphs and table cells in document order (a merged cell once)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[str] = []
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            out.append(Paragraph(child, doc).text)
        elif child.tag == qn("w:tbl"):
            for row in Table(child, doc).rows:
                seen: list = []
                for cell in row.cells:
                    if not any(cell._tc is tc for tc in seen):
                        seen.append(cell._tc)
                        out.append(cell.text)
    return out


# ---- the committed template ---------------------------------------------------------------------------------------------


def _parts(data: bytes) -> dict[str, bytes]:
    from lxml import etree

    parts = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            raw = z.read(name)
            if name.endswith((".xml", ".rels")):
                raw = etree.tostring(etree.fromstring(raw), pretty_print=True, encoding="unicode").encode()
            parts[name] = raw
    return parts


def test_committed_template_is_current():
    committed = repo_template_path()
    assert committed.is_file(), f"templates/ 中没有模板，请运行：{REGENERATE_COMMAND}"
    old, new = _parts(committed.read_bytes()), _parts(build_template())
    assert sorted(old) == sorted(new), f"模板的组成部分已变化，请运行：{REGENERATE_COMMAND}"
    stale = [name for name in new if old[name] != new[name]]
    assert not stale, f"已提交的模板与代码生成的不一致（{', '.join(stale)}），请运行：{REGENERATE_COMMAND}"


def test_the_default_template_passes_the_check_applied_to_custom_ones():
    from xltool.writers.docx import load_template

    load_template(repo_template_path())  # a path is a custom template: checked, and must not raise


def test_without_the_templates_folder_the_same_template_is_built_in_memory(demo_report, monkeypatch, tmp_path):
    from xltool.writers import wordtemplate

    expected = _body_texts(_docx(demo_report))
    monkeypatch.setattr(wordtemplate, "repo_template_path", lambda: tmp_path / "absent.docx")
    assert _body_texts(_docx(demo_report)) == expected


# ---- golden: the demo against the published sample ---------------------------------------------------------------------


def _sample_headings() -> list[str]:
    """Section headings, and the （一） sub-headings of the narrative sections, as printed in the sample (up to 。)."""
    headings, section = [], None
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if re.fullmatch(r"[一二三四五六]、[^\d\s]{4,}", line):
            headings.append(line)
            section = line[0]
        elif section in spec.NARRATIVE_SECTIONS and re.match(r"（[一二三四五]）", line):
            headings.append(line.split("。")[0] + ("。" if "。" in line else ""))
    return headings


def test_golden_headings_and_narrative_in_the_sample_order(demo_report):
    sample = _norm(SAMPLE.read_text(encoding="utf-8"))
    paragraphs = [p for number in spec.NARRATIVE_SECTIONS for p in demo_report.sections[number].split("\n")]
    headings = _sample_headings()
    assert len(headings) == 6 + 5 + 2  # 一…六, （一）…（五） of 总体情况, （一）（二） of 问题及改进
    # Order every expected text by where the published sample prints it (the demo data must be the sample's).
    positions = {}
    for item in headings + paragraphs:
        at = sample.find(_norm(item))
        assert at >= 0, f"not in the sample: {item[:30]}"
        positions[item] = at
    expected = sorted(positions, key=lambda t: (positions[t], len(t)))

    text = _norm("\n".join(_body_texts(_docx(demo_report))))
    cursor = 0
    for item in expected:
        at = text.find(_norm(item), cursor)
        assert at >= 0, f"missing or out of order in the report: {item[:40]}"
        cursor = at


def test_golden_title_preamble_closing_and_signature(demo_report):
    texts = [t for t in _body_texts(_docx(demo_report)) if t.strip()]
    a = demo_report.agency
    assert _norm(texts[0] + texts[1]) == f"{a.name}{demo_report.year}年政府信息公开工作年度报告"
    preamble = texts[2]
    assert "《中华人民共和国政府信息公开条例》" in preamble and "国办公开办函〔2021〕30号" in preamble
    assert "2024年1月1日至12月31日" in preamble
    closing = texts[-3]
    for value in (a.website, a.address, a.postcode, a.phone, a.email):
        assert value in closing
    assert texts[-2:] == [a.name, "2025年1月20日"]


def test_golden_closing_prints_the_samples_website_and_contact_office(demo_report):
    """The sample's own sentences: "…可以从中卫市沙坡头区人民政府网站（网址：…）查阅或下载。" and "请与…综合办公室联系"."""
    sample = _norm(SAMPLE.read_text(encoding="utf-8"))
    closing = _norm([t for t in _body_texts(_docx(demo_report)) if t.strip()][-3])
    website = "本报告电子版可以从中卫市沙坡头区人民政府网站（网址：http://www.spt.gov.cn）查阅或下载。"
    contact = "如对本年度报告有任何疑问或意见建议，请与中卫市沙坡头区兴仁镇人民政府综合办公室联系"
    for sentence in (website, contact):
        assert sentence in sample and sentence in closing


@pytest.mark.parametrize(
    ("website_name", "website", "office", "expected"),
    [
        (
            None,
            "http://a.gov.cn",
            None,
            "本报告电子版可以从政府网站（网址：http://a.gov.cn）查阅或下载。如对本年度报告有任何疑问或意见建议，请与某局联系",
        ),
        (
            "某市政府网站",
            None,
            "某局办公室",
            "本报告电子版可以从某市政府网站查阅或下载。如对本年度报告有任何疑问或意见建议，请与某局办公室联系",
        ),
        (None, None, None, "如对本年度报告有任何疑问或意见建议，请与某局联系"),
    ],
)
def test_closing_uses_the_optional_website_name_and_contact_office(
    demo_report, website_name, website, office, expected
):
    a = demo_report.agency
    a.name, a.website_name, a.website, a.contact_office = "某局", website_name, website, office
    closing = [t for t in _body_texts(_docx(demo_report)) if t.strip()][-3]
    assert closing.startswith(expected + "（地址：")


def test_golden_every_table_value_at_its_official_cell(demo_report, sample_tables):
    doc = _docx(demo_report)
    sample = AnnualReport.from_json(sample_tables)
    tables = {t.key: doc.tables[i] for i, t in enumerate(spec.TABLES.values())}
    assert len(doc.tables) == 3
    for table in spec.TABLES.values():
        for cell in table.cells:
            row, col = int(cell.address[1:]) - 1, ord(cell.address[0]) - ord("A")
            assert tables[table.key].cell(row, col).text == str(sample.get(table.key, cell.row, cell.col)), cell


@pytest.mark.parametrize("table", list(spec.TABLES.values()), ids=lambda t: t.key)
def test_tables_have_the_official_merges_and_labels(demo_report, table):
    doc = _docx(demo_report)
    word = doc.tables[list(spec.TABLES).index(table.key)]
    assert (len(word.rows), len(word.columns)) == (table.last_row, ord(table.last_col) - ord("A") + 1)
    for text in table.texts:
        r, c = int(text.address[1:]) - 1, ord(text.address[0]) - ord("A")
        assert word.cell(r, c).text == text.text
    for span in table.merges:
        first, last = span.split(":")
        r0, c0, r1, c1 = int(first[1:]) - 1, ord(first[0]) - 65, int(last[1:]) - 1, ord(last[0]) - 65
        assert word.cell(r0, c0)._tc is word.cell(r1, c1)._tc, span
    merged = {
        (r, c)
        for s in table.merges
        for r in range(int(s.split(":")[0][1:]) - 1, int(s.split(":")[1][1:]))
        for c in range(ord(s[0]) - 65, ord(s.split(":")[1][0]) - 64)
    }
    grid = {(r, c) for r in range(table.last_row) for c in range(len(word.columns))}
    unmerged = [word.cell(r, c)._tc for r, c in grid - merged]  # kept alive, so their ids stay distinct
    assert len({id(tc) for tc in unmerged}) == len(unmerged)


# ---- layout -----------------------------------------------------------------------------------------------------------------


def _style_font(style) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_page_fonts_and_styles_follow_gbt_9704(demo_report):
    doc = _docx(demo_report)
    section = doc.sections[0]
    assert abs(section.page_width.mm - 210) < 0.1 and abs(section.page_height.mm - 297) < 0.1
    margins = [section.top_margin.mm, section.bottom_margin.mm, section.left_margin.mm, section.right_margin.mm]
    assert [round(m) for m in margins] == [37, 35, 28, 26]
    paragraphs = {p.text: p for p in doc.paragraphs}
    title = doc.paragraphs[0]
    assert title.text == demo_report.agency.name
    assert title.style.font.size.pt == 22 and _style_font(title.style) == "方正小标宋简体"
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    heading = paragraphs["一、总体情况"]
    assert _style_font(heading.style) == "黑体" and heading.style.font.size.pt == 16
    body = doc.styles["Normal"]
    assert _style_font(body) == "仿宋_GB2312" and body.font.size.pt == 16
    assert 28 <= body.paragraph_format.line_spacing.pt <= 29
    assert body.element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    # No theme fonts anywhere: they would override the named fonts in Word.
    styles_xml = doc.styles.element.xml
    assert not re.search(r"w:(ascii|hAnsi|eastAsia|cs)[tT]heme=", styles_xml)


def test_inline_subheading_is_kaiti_and_the_rest_is_body(demo_report):
    doc = _docx(demo_report)
    para = next(p for p in doc.paragraphs if p.text.startswith("（一）主动公开政府信息情况。"))
    head, body = [r for r in para.runs if r.text]
    assert head.text == "（一）主动公开政府信息情况。" and _style_font(head.style) == "楷体_GB2312"
    assert body.style.name == "Default Paragraph Font" and body.text.startswith("2024年度主动公开政府信息1770条")
    standalone = next(p for p in doc.paragraphs if p.text == "（一）存在问题")
    assert [r.style.name for r in standalone.runs if r.text] == ["报告二级标题字符"]


def test_footer_has_page_numbers_on_odd_and_even_pages(demo_report):
    doc = _docx(demo_report)
    assert doc.settings.odd_and_even_pages_header_footer
    for footer in (doc.sections[0].footer, doc.sections[0].even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml and "— " in xml and " —" in xml


def test_tables_fit_the_type_area_and_table_four_uses_the_small_font(demo_report):
    doc = _docx(demo_report)
    section = doc.sections[0]
    type_width = section.page_width - section.left_margin - section.right_margin
    for word in doc.tables:
        assert sum(col.width for col in word.columns) <= type_width
    assert doc.tables[2].cell(3, 0).paragraphs[0].style.font.size.pt < doc.styles["Normal"].font.size.pt
    assert (
        doc.tables[2].cell(3, 0).paragraphs[0].style.font.size.pt
        < doc.tables[1].cell(3, 3).paragraphs[0].style.font.size.pt
    )


# ---- content rules ------------------------------------------------------------------------------------------------------------


def test_values_are_printed_as_entered(demo_report):
    demo_report.set("table2", "行政事业性收费", spec.T2_FEE_COL, "1.250")
    demo_report.set("table2", "规章", "本年制发件数", "/")
    demo_report.set("table2", "行政处罚", spec.T2_DECISIONS, 56.0)
    demo_report.set("table4", spec.T4_ROW_KEY, "行政复议/结果维持", 3)
    doc = _docx(demo_report)
    assert doc.tables[0].cell(13, 1).text == "1.250"
    assert doc.tables[0].cell(2, 1).text == "/"
    assert doc.tables[0].cell(9, 1).text == "56"
    assert doc.tables[2].cell(3, 0).text == "3"


def test_float_fee_keeps_its_decimals(demo_report):
    demo_report.set("table2", "行政事业性收费", spec.T2_FEE_COL, 0.35)
    assert _docx(demo_report).tables[0].cell(13, 1).text == "0.35"


NASTY = "A&B <c> \"引号\" '单' 😀\t制表符后 {{ not_a_tag }} {% raw %} 5 < 6 > 4"


def test_narrative_special_characters_render_intact(demo_report):
    long_para = "很长的段落。" * 2000
    demo_report.sections["六"] = f"{NASTY}\n\n{long_para}\r\n（一）小标题\n　　全角空格缩进的段落"
    texts = _body_texts(_docx(demo_report))
    assert NASTY in texts
    assert long_para in texts
    assert "（一）小标题" in texts and "全角空格缩进的段落" in texts


def test_control_characters_are_dropped_not_corrupting_the_file(demo_report, tmp_path):
    demo_report.sections["五"] = "问题\x07一\x0b与\x1f改进"
    out = write_docx(demo_report, tmp_path / "r.docx")
    assert "问题一与改进" in [p.text for p in Document(out).paragraphs]


@pytest.mark.parametrize("number", spec.NARRATIVE_SECTIONS)
@pytest.mark.parametrize("text", [None, "", "  \n\u3000\n"])
def test_empty_narrative_section_is_an_error_naming_it(demo_report, number, text):
    demo_report.sections[number] = text
    with pytest.raises(XltoolError) as err:
        render_docx(demo_report)
    heading = next(s.heading for s in spec.SECTIONS if s.number == number)
    assert err.value.code == "E-EMPTY-SECTION" and heading in err.value.message
    assert spec.NARRATIVE_SHEETS[number] in err.value.message


def test_explicit_none_is_a_valid_section(demo_report):
    demo_report.sections["六"] = "无"
    texts = _body_texts(_docx(demo_report))
    assert texts[texts.index("六、其他需要报告的事项") + 1] == "无"


def test_missing_agency_details_are_named(demo_report):
    demo_report.agency.phone = None
    demo_report.agency.address = " "
    with pytest.raises(XltoolError) as err:
        render_docx(demo_report)
    assert err.value.code == "E-MISSING-INFO" and "联系电话" in err.value.message and "通讯地址" in err.value.message


#: The 基本信息 fields that the title, the signature and the contact paragraph print (format-2021: 标题、落款、联系方式).
PRINTED = {"name": "机关名称", "year": "报告年度", "address": "通讯地址", "postcode": "邮政编码", "phone": "联系电话"}


@pytest.mark.parametrize("key", [f.key for f in spec.INFO_FIELDS])
def test_only_the_printed_agency_details_are_required(demo_report, key):
    target = demo_report if key in ("year", "published") else demo_report.agency
    setattr(target, key, None)
    if key not in PRINTED:
        assert render_docx(demo_report)
        return
    with pytest.raises(XltoolError) as err:
        render_docx(demo_report)
    assert err.value.code == "E-MISSING-INFO" and PRINTED[key] in err.value.message


def test_optional_email_and_website_are_left_out_cleanly(demo_report):
    demo_report.agency.email = None
    demo_report.agency.website = None
    closing = [t for t in _body_texts(_docx(demo_report)) if "联系" in t][-1]
    assert "电子邮箱" not in closing and "网址" not in closing and "None" not in closing


def test_date_is_the_published_date_or_today(demo_report):
    import datetime as dt

    from xltool.writers.docx import format_date

    assert format_date("2025-01-05") == "2025年1月5日"
    assert format_date("2025/1/5") == "2025年1月5日"
    assert format_date("2025年1月5日") == "2025年1月5日"
    assert format_date(None, today=dt.date(2025, 2, 3)) == "2025年2月3日"
    demo_report.published = None
    today = dt.date.today()
    assert _body_texts(_docx(demo_report))[-1] == f"{today.year}年{today.month}月{today.day}日"


def test_subheading_split():
    paras = narrative_paragraphs("（一）主动公开。正文\n（二）很长的没有句号的段落" + "字" * 60 + "\n1.编号段落", "一")
    assert paras == [
        {"head": "（一）主动公开。", "body": "正文"},
        {"head": "", "body": "（二）很长的没有句号的段落" + "字" * 60},
        {"head": "", "body": "1.编号段落"},
    ]


# ---- restyled and broken templates ------------------------------------------------------------------------------------------


def test_restyled_template_keeps_fonts_header_and_margins(demo_report, tmp_path):
    doc = Document(str(repo_template_path()))
    rfonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    rfonts.set(qn("w:eastAsia"), "宋体")
    doc.styles["报告一级标题"].font.size = Pt(18)
    section = doc.sections[0]
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].text = "某某县人民政府办公室"
    section.left_margin = section.right_margin = Mm(30)
    custom = tmp_path / "本单位模板.docx"
    doc.save(str(custom))

    out = write_docx(demo_report, tmp_path / "报告.docx", template=custom)
    result = Document(str(out))
    assert _style_font(result.styles["Normal"]) == "宋体"
    assert result.styles["报告一级标题"].font.size == Pt(18)
    assert result.sections[0].header.paragraphs[0].text == "某某县人民政府办公室"
    assert round(result.sections[0].left_margin.mm) == round(result.sections[0].right_margin.mm) == 30
    assert "一、总体情况" in [p.text for p in result.paragraphs]


def _edited_template(tmp_path: Path, edit) -> Path:
    doc = Document(str(repo_template_path()))
    edit(doc)
    path = tmp_path / "改过的模板.docx"
    doc.save(str(path))
    return path


def _remove_paragraph(doc, text: str, following: int = 0) -> None:
    """Delete the paragraph reading ``text`` and the ``following`` paragraphs after it, as a clerk would."""
    index = next(i for i, p in enumerate(doc.paragraphs) if p.text == text)
    for p in doc.paragraphs[index : index + 1 + following]:
        p._element.getparent().remove(p._element)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda d: d.tables[1].cell(26, 3).paragraphs[0].runs[0].__setattr__("text", "1"),
            ["表三", "收到和处理政府信息公开申请情况", "D27"],
        ),
        (
            lambda d: d.tables[2]._element.getparent().remove(d.tables[2]._element),
            ["缺少表四", "政府信息公开行政复议、行政诉讼情况"],
        ),
        (lambda d: _remove_paragraph(d, "{{ date }}"), ["{{ date }}"]),
        (lambda d: _remove_paragraph(d, "{%p for para in problems %}", following=2), ["第五部分正文"]),
        (lambda d: d.add_paragraph("{{ 联系人 }}{{ contact_person }}"), ["无法填写", "contact_person"]),
        (lambda d: d.add_paragraph("{{ agency_name "), ["写法有误"]),
    ],
    ids=["missing-cell", "missing-table", "missing-placeholder", "missing-loop", "unknown-placeholder", "syntax"],
)
def test_broken_template_is_refused_naming_what_is_missing(demo_report, tmp_path, edit, expected):
    template = _edited_template(tmp_path, edit)
    with pytest.raises(XltoolError) as err:
        write_docx(demo_report, tmp_path / "out.docx", template=template)
    assert err.value.code == "E-TEMPLATE"
    for words in expected:
        assert words in err.value.message
    assert not (tmp_path / "out.docx").exists()


def test_not_a_docx_template_is_refused(demo_report, tmp_path):
    bad = tmp_path / "模板.docx"
    bad.write_text("不是 Word 文件", encoding="utf-8")
    with pytest.raises(XltoolError) as err:
        render_docx(demo_report, bad)
    assert err.value.code == "E-TEMPLATE" and "不是 Word 文档" in err.value.message


# ---- writing ----------------------------------------------------------------------------------------------------------------


def test_existing_output_is_replaced_only_by_a_complete_file(demo_report, tmp_path):
    out = tmp_path / "报告.docx"
    out.write_bytes(b"old")
    demo_report.sections["五"] = ""
    with pytest.raises(XltoolError):
        write_docx(demo_report, out)
    assert out.read_bytes() == b"old"
    demo_report.sections["五"] = "无"
    write_docx(demo_report, out)
    assert Document(str(out)).paragraphs
    assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]  # no temporary file left behind


def test_core_properties_name_the_report(demo_report):
    props = _docx(demo_report).core_properties
    assert props.title == "沙坡头区兴仁镇人民政府2024年政府信息公开工作年度报告"
    assert props.author == "沙坡头区兴仁镇人民政府"


def test_report_json_roundtrip_is_unchanged_by_writing(demo_report, tmp_path):
    before = json.dumps(demo_report.to_json(), ensure_ascii=False, sort_keys=True)
    write_docx(demo_report, tmp_path / "r.docx")
    assert json.dumps(demo_report.to_json(), ensure_ascii=False, sort_keys=True) == before


# ---- the command ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def workbook(tmp_path, demo_report):
    """The demo workbook, as a clerk would hand it in; pass a function to change the report first."""
    from xltool import build_workbook

    def make(change=None, name="兴仁镇年报.xlsx") -> Path:
        if change:
            change(demo_report)
        path = tmp_path / name
        build_workbook(path, demo_report)
        return path

    return make


def _t3_total_wrong(report):
    report.set("table3", spec.T3_GRAND_TOTAL, spec.T3_NATURAL, 5)


def test_cli_report_writes_the_docx_next_to_the_workbook(cli, workbook):
    book = workbook()
    before = book.read_bytes()
    result = cli("report", book)
    assert result.code == 0, result.err
    out = book.with_suffix(".docx")
    assert f"已生成 Word 报告：{out}" in result.out
    assert "一、总体情况" in [p.text for p in Document(str(out)).paragraphs]
    assert book.read_bytes() == before


def test_cli_report_refuses_a_workbook_with_errors(cli, workbook):
    book = workbook(_t3_total_wrong)
    result = cli("report", book)
    assert result.code == 1
    assert "T-2" in result.out and "D27" in result.out and "未生成报告" in result.out
    assert not book.with_suffix(".docx").exists()


def test_cli_report_force_writes_with_a_visible_notice(cli, workbook):
    book = workbook(_t3_total_wrong)
    result = cli("report", book, "--force")
    assert result.code == 0
    assert "T-2" in result.out and "--force" in result.out and "请勿直接报送" in result.out
    assert "草稿" in result.out
    doc = Document(str(book.with_suffix(".docx")))
    table3 = doc.tables[1]
    assert table3.cell(26, 3).text == "5"  # as entered, even when wrong
    section = doc.sections[0]
    for header in (section.header, section.even_page_header):  # odd and even pages
        assert "草稿" in header.paragraphs[0].text
        assert 'string="草稿"' in header._element.xml  # the watermark


def test_a_report_without_errors_carries_no_draft_mark(cli, workbook):
    book = workbook(lambda r: None)
    assert cli("report", book, "--force").code == 0
    doc = Document(str(book.with_suffix(".docx")))
    headers = [doc.sections[0].header, doc.sections[0].even_page_header]
    assert not any("草稿" in h._element.xml for h in headers)


@pytest.mark.parametrize(
    ("signature", "date", "expected"),
    [
        ("沙坡头区兴仁镇人民政府", "2025年1月20日", (2, 2 + 11 - 2 - 6.5)),  # date starts two characters right
        ("某局", "2025年12月31日", (2 + 7 + 2 - 2, 2)),  # a longer date: two from the right, signature moves left
    ],
)
def test_signature_and_date_follow_the_rule_for_reports_without_a_seal(signature, date, expected):
    from xltool.writers.docx import signature_indents, text_width

    sig_right, date_right = signature_indents(signature, date)
    assert (sig_right, date_right) == expected
    sig_start = sig_right + text_width(signature)
    date_start = date_right + text_width(date)
    assert sig_start - date_start == 2  # the date's first character two characters right of the signature's


def test_cli_report_prints_warnings_but_does_not_block(cli, workbook):
    book = workbook(lambda r: r.set("table2", "规章", "本年制发件数", "/"))
    result = cli("report", book, "-o", book.parent / "报告.docx")
    assert result.code == 0
    assert "T-12b" in result.out
    assert Document(str(book.parent / "报告.docx")).tables[0].cell(2, 1).text == "/"


def test_cli_report_never_overwrites_its_inputs(cli, workbook, tmp_path):
    book = workbook()
    template = tmp_path / "模板.docx"
    template.write_bytes(repo_template_path().read_bytes())
    before = template.read_bytes()
    result = cli("report", book, "--template", template, "-o", template)
    assert result.code == 2 and "不能与输入文件相同" in result.err
    assert template.read_bytes() == before
    result = cli("report", book, "-o", book)
    assert result.code == 2 and ".docx" in result.err


def test_cli_report_uses_a_custom_template(cli, workbook, tmp_path):
    book = workbook()
    doc = Document(str(repo_template_path()))
    doc.sections[0].header.is_linked_to_previous = False
    doc.sections[0].header.paragraphs[0].text = "本单位信笺抬头"
    template = tmp_path / "本单位模板.docx"
    doc.save(str(template))
    assert cli("report", book, "--template", template).code == 0
    assert Document(str(book.with_suffix(".docx"))).sections[0].header.paragraphs[0].text == "本单位信笺抬头"
    missing = cli("report", book, "--template", tmp_path / "没有这个模板.docx")
    assert missing.code == 2 and "没有这个模板.docx" in missing.err


def test_cli_report_bad_template_exits_2_in_chinese(cli, workbook, tmp_path):
    book = workbook()
    template = _edited_template(tmp_path, lambda d: d.tables[2]._element.getparent().remove(d.tables[2]._element))
    result = cli("report", book, "--template", template)
    assert result.code == 2 and "缺少表四" in result.err and "Traceback" not in result.err


def test_cli_report_empty_section_exits_2_naming_it(cli, workbook):
    book = workbook(lambda r: r.sections.__setitem__("五", ""))
    result = cli("report", book)
    assert result.code == 2 and "存在的主要问题及改进情况" in result.err


def test_cli_report_pdf_without_libreoffice_says_so(cli, workbook, monkeypatch):
    book = workbook()
    monkeypatch.setenv("PATH", "")  # the real lookup finds no soffice on an empty PATH
    monkeypatch.delenv("ProgramFiles", raising=False)
    result = cli("report", book, "--pdf")
    assert result.code == 2 and "未找到 LibreOffice" in result.err
    assert book.with_suffix(".docx").exists() and not book.with_suffix(".pdf").exists()


def test_cli_demo_also_writes_the_report(cli, tmp_path):
    from xltool.demo import DEMO_WORKBOOK

    result = cli("demo", "-o", tmp_path / "示例")
    assert result.code == 0, result.err
    out = (tmp_path / "示例" / DEMO_WORKBOOK).with_suffix(".docx")
    assert f"已生成示例 Word 报告：{out}" in result.out
    assert Document(str(out)).tables[0].cell(9, 1).text == "56"
