"""A Word template is untrusted data (issue 8): payloads in every rendered part are refused before anything runs, with
the part and the paragraph named; rendering is bounded; external links never reach the report; documented templates
(the project's own, a restyled one, one using the documented extras) still render."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from xltool.errors import XltoolError
from xltool.writers import templatesafety
from xltool.writers.docx import load_template, render_report, template_contract, write_docx
from xltool.writers.wordtemplate import repo_template_path

# ---- templates built the way an office edits one ---------------------------------------------------------------------


def _in_body(doc, text: str) -> None:
    doc.add_paragraph("报告单位：" + text + "（此处为本单位填写）")


def _in_header(doc, text: str) -> None:
    header = doc.sections[0].header
    header.is_linked_to_previous = False
    header.paragraphs[0].text = "某某县人民政府办公室 " + text


def _in_footer(doc, text: str) -> None:
    doc.sections[0].footer.paragraphs[0].add_run(" " + text)


def _in_text_box(doc, text: str) -> None:
    """A VML text box in the letterhead paragraph, as Word and WPS store an older text box."""
    p = doc.add_paragraph("信笺抬头")
    run = parse_xml(
        f'<w:r {nsdecls("w")} xmlns:v="{VML}"><w:pict><v:shape style="width:200pt;height:40pt"><v:textbox><w:txbxContent>'
        f'<w:p><w:r><w:t xml:space="preserve">文本框：{_xml_text(text)}</w:t></w:r></w:p>'
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    p._p.append(run)


VML = "urn:schemas-microsoft-com:vml"
ATTACHED_TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def _with_footnote(data: bytes, text: str) -> bytes:
    """Add a footnotes part holding ``text`` (python-docx cannot create footnotes; Word keeps them in footnotes.xml)."""
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {nsdecls("w")}>'
        f'<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">注：{_xml_text(text)}</w:t></w:r></w:p>'
        "</w:footnote></w:footnotes>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(
                    b"</Types>",
                    f'<Override PartName="/word/footnotes.xml" ContentType="{FOOTNOTES}"/></Types>'.encode(),
                )
            elif info.filename == "word/_rels/document.xml.rels":
                blob = blob.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdFn1" Type="{RT.FOOTNOTES}" '
                    'Target="footnotes.xml"/></Relationships>'.encode(),
                )
            dst.writestr(info.filename, blob)
        dst.writestr("word/footnotes.xml", footnotes)
    return out.getvalue()


PLACES = {"正文": _in_body, "页眉": _in_header, "页脚": _in_footer, "文本框": _in_text_box, "脚注": None}


def _template(tmp_path: Path, place: str, text: str) -> Path:
    doc = Document(str(repo_template_path()))
    if PLACES[place] is not None:
        PLACES[place](doc, text)
    buffer = io.BytesIO()
    doc.save(buffer)
    data = buffer.getvalue()
    if place == "脚注":
        data = _with_footnote(data, text)
    path = tmp_path / f"模板-{place}.docx"
    path.write_bytes(data)
    return path


# ---- payloads ------------------------------------------------------------------------------------------------------------

#: Each would create MARKER when rendered with plain Jinja (proven below).
MARKER_PAYLOADS = [
    "{{ cycler.__init__.__globals__.os.system('touch MARKER') }}",
    "{{ joiner.__init__.__globals__.os.popen('touch MARKER').read() }}",
    "{{ lipsum.__globals__.os.system('touch MARKER') }}",
    "{{ self.__init__.__globals__.__builtins__.__import__('os').system('touch MARKER') }}",
    "{% for x in namespace.__init__.__globals__.os.popen('touch MARKER') %}{% endfor %}",
]
#: Reaching Python's objects, other files, or the machine's time and memory.
OTHER_PAYLOADS = [
    "{{ agency_name.__class__.__mro__ }}",
    "{{ table3.D27.__class__.__base__ }}",
    "{{ table3.items() }}",
    "{{ agency_name|attr('__class__') }}",
    "{{ overview|map(attribute='__class__')|list }}",
    "{% include 'MARKER' %}",
    "{% import 'MARKER' as m %}",
    "{% from 'MARKER' import m %}",
    "{% extends 'MARKER' %}",
    "{% macro m() %}x{% endmacro %}",
    "{% set x = agency_name %}",
    "{% autoescape false %}{{ agency_name }}{% endautoescape %}",
    "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    "{{ agency_name * 100000000 }}",
    "{{ '9' ~ (9 ** 9 ** 9) }}",
    "{% for para in overview %}{% for p in overview %}{{ p.body }}{% endfor %}{% endfor %}",
    "{% for para in overview %}{{ loop.cycle('a', 'b') }}{% endfor %}",
    "{{ para.body }}",
]


def _live(payload: str, marker: Path) -> str:
    return payload.replace("MARKER", str(marker))


@pytest.mark.parametrize("payload", MARKER_PAYLOADS)
def test_marker_payloads_run_commands_in_plain_jinja(payload, tmp_path):
    """The payloads are real: plain Jinja (what docxtpl uses by default) creates the marker file."""
    from jinja2 import Environment

    marker = tmp_path / "marker"
    Environment().from_string(_live(payload, marker)).render(agency_name="某某县", overview=[])
    assert marker.exists()


@pytest.mark.parametrize("place", list(PLACES))
@pytest.mark.parametrize("payload", MARKER_PAYLOADS)
def test_payload_in_any_part_is_refused_before_anything_runs(demo_report, tmp_path, place, payload):
    marker = tmp_path / "marker"
    template = _template(tmp_path, place, _live(payload, marker))
    out = tmp_path / "报告.docx"
    with pytest.raises(XltoolError) as err:
        write_docx(demo_report, out, template=template)
    assert err.value.code == "E-TEMPLATE"
    assert place in err.value.message
    assert not marker.exists() and not out.exists()


@pytest.mark.parametrize("payload", OTHER_PAYLOADS)
def test_tags_outside_the_contract_are_refused_naming_the_tag(demo_report, tmp_path, payload):
    marker = tmp_path / "marker"
    template = _template(tmp_path, "正文", _live(payload, marker))
    with pytest.raises(XltoolError) as err:
        render_report(demo_report, template)
    message = err.value.message
    assert err.value.code == "E-TEMPLATE" and "正文中的“" in message
    assert any(f"“{tag}”" in message for tag in re.findall(r"\{\{.*?\}\}|\{%.*?%\}", _live(payload, marker)))
    assert not marker.exists()


def test_message_names_the_part_and_quotes_the_paragraph_as_word_shows_it(demo_report, tmp_path):
    template = _template(tmp_path, "页眉", "{{ agency_name.__class__ }}")
    with pytest.raises(XltoolError) as err:
        render_report(demo_report, template)
    assert "页眉中的“{{ agency_name.__class__ }}”" in err.value.message
    assert "所在段落：“某某县人民政府办公室 {{ agency_name.__class__ }}”" in err.value.message


def test_text_box_and_footnote_are_named(demo_report, tmp_path):
    for place, label in (("文本框", "正文的文本框中"), ("脚注", "脚注中")):
        with pytest.raises(XltoolError) as err:
            render_report(demo_report, _template(tmp_path, place, "{{ 联系人 }}"))
        assert f"{label}的“{{{{ 联系人 }}}}”无法填写" in err.value.message


def test_a_tag_split_across_runs_is_quoted_as_typed(demo_report, tmp_path):
    """Word splits a tag into runs when part of it is retyped or formatted; the clerk still sees one tag."""
    doc = Document(str(repo_template_path()))
    p = doc.add_paragraph("电话：")
    for piece in ("{{ ph", "one.", "__class__ }}"):
        p.add_run(piece).bold = piece == "one."
    path = tmp_path / "拆开的占位符.docx"
    doc.save(str(path))
    with pytest.raises(XltoolError) as err:
        render_report(demo_report, path)
    assert (
        "“{{ phone.__class__ }}”" in err.value.message
        and "所在段落：“电话：{{ phone.__class__ }}”" in err.value.message
    )


def test_every_problem_of_every_part_is_listed_at_once(demo_report, tmp_path):
    doc = Document(str(repo_template_path()))
    _in_body(doc, "{{ cycler }}")
    _in_header(doc, "{% include 'x' %}")
    _in_footer(doc, "{{ joiner() }}")
    path = tmp_path / "多处.docx"
    doc.save(str(path))
    with pytest.raises(XltoolError) as err:
        render_report(demo_report, path)
    message = err.value.message
    assert "“{{ cycler }}”" in message and "“{% include 'x' %}”" in message and "“{{ joiner() }}”" in message
    assert message.index("正文中") < message.index("页眉中") < message.index("页脚中")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{ agency_name ", "“{{ agency_name （此处为本单位填写）”占位符写法有误：缺少结尾的 }}"),
        ("{% if email %}电子邮箱", "“{% if email %}”占位符写法有误：{% if %} 缺少对应的 {% endif %}"),
        ("{% do x %}", "不认识的标签“do”"),
    ],
)
def test_syntax_errors_point_at_the_tag(demo_report, tmp_path, text, expected):
    with pytest.raises(XltoolError) as err:
        render_report(demo_report, _template(tmp_path, "正文", text))
    assert expected in err.value.message and "正文中" in err.value.message


# ---- the sandbox is a second wall ---------------------------------------------------------------------------------------------


def test_the_sandbox_checks_any_source_it_was_not_given_checked():
    env = templatesafety.Sandbox(template_contract())
    with pytest.raises(templatesafety.TemplateRefused):
        env.from_string("{{ cycler.__init__.__globals__ }}")
    assert env.unchecked == 1 and not env.globals


def test_the_sandbox_refuses_calls_operators_and_lookups_even_in_an_unchecked_tree():
    from jinja2 import Environment, UndefinedError
    from jinja2.sandbox import SecurityError

    env = templatesafety.Sandbox(template_contract())
    data = {"agency_name": "某某县", "table3": {"D27": "1"}}
    for source, error in (
        ("{{ agency_name.upper() }}", SecurityError),
        ("{{ agency_name * 3 }}", SecurityError),
        ("{{ -table3.D27 }}", SecurityError),
        ("{{ table3.items }}", UndefinedError),
        ("{{ agency_name.__class__ }}", UndefinedError),
        ("{{ range }}", UndefinedError),
    ):
        compiled = Environment.from_string(env, env.parse(source))  # bypasses the check on purpose
        with pytest.raises(error):
            compiled.render(data)
    assert Environment.from_string(env, env.parse("{{ table3.D27 }}")).render(data) == "1"


def test_rendering_uses_exactly_the_checked_trees(demo_report, monkeypatch):
    """Every part docxtpl renders was checked beforehand (the fallback check inside the sandbox never runs)."""
    seen = []
    original = templatesafety.Sandbox.from_string

    def spy(self, source, *args, **kwargs):
        result = original(self, source, *args, **kwargs)
        seen.append(self.unchecked)
        return result

    monkeypatch.setattr(templatesafety.Sandbox, "from_string", spy)
    render_report(demo_report, repo_template_path())
    assert seen and set(seen) == {0}


# ---- bounded ---------------------------------------------------------------------------------------------------------------


def test_ten_thousand_loops_are_refused_before_jinja_parses_them(demo_report, tmp_path):
    template = _template(tmp_path, "正文", "{% for para in overview %}{{ para.body }}{% endfor %}" * 10_000)
    with pytest.raises(XltoolError) as err:
        render_report(demo_report, template)
    assert "内容过多" in err.value.message and "上限" in err.value.message


def test_output_is_bounded_while_rendering(demo_report, tmp_path):
    """Loops over the report's own data, each allowed, together fill more than the stated limit: refused, not written."""
    demo_report.sections["一"] = "\n".join(["（一）主动公开。" + "字" * 500] * 200)
    doc = Document(str(repo_template_path()))
    for _ in range(90):
        doc.add_paragraph("{% for para in overview %}{{ para.body }}{% endfor %}")
    path = tmp_path / "重复.docx"
    doc.save(str(path))
    out = tmp_path / "报告.docx"
    with pytest.raises(XltoolError) as err:
        write_docx(demo_report, out, template=path)
    assert f"{templatesafety.MAX_RENDERED_CHARS:,} 个字符的上限" in err.value.message
    assert not out.exists()


def test_a_template_that_unpacks_too_big_is_refused_before_it_is_opened(demo_report, tmp_path, monkeypatch):
    monkeypatch.setattr(templatesafety, "MAX_TEMPLATE_UNPACKED", 2 * 1024 * 1024)
    data = repo_template_path().read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        dst.writestr("word/media/padding.bin", b"\0" * (3 * 1024 * 1024))
    assert len(out.getvalue()) < 200_000  # small on disk, big unpacked
    with pytest.raises(XltoolError) as err:
        render_report(demo_report, out.getvalue())
    assert "解压后" in err.value.message


# ---- external links --------------------------------------------------------------------------------------------------------


def _tiny_png() -> bytes:
    """A 1×1 white PNG, built here so no binary file is committed."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


def _template_with_external_links(tmp_path: Path) -> Path:
    doc = Document(str(repo_template_path()))
    footer = doc.sections[0].footer
    rel_id = footer.part.relate_to("file:///etc/passwd", RT.HYPERLINK, is_external=True)
    link = parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{rel_id}"><w:r><w:t>本单位网站</w:t></w:r></w:hyperlink>')
    footer.paragraphs[0]._p.append(link)
    picture = tmp_path / "logo.png"
    picture.write_bytes(_tiny_png())
    doc.paragraphs[0].add_run().add_picture(str(picture))
    blip = next(doc.element.body.iter(qn("a:blip")))
    blip.set(qn("r:link"), doc.part.relate_to("http://example.invalid/logo.png", RT.IMAGE, is_external=True))
    settings = doc.part._settings_part
    template_rel = settings.relate_to("http://example.invalid/normal.dotm", ATTACHED_TEMPLATE, is_external=True)
    settings.element.append(parse_xml(f'<w:attachedTemplate {nsdecls("w", "r")} r:id="{template_rel}"/>'))
    path = tmp_path / "带外部链接的模板.docx"
    doc.save(str(path))
    return path


def test_external_relationships_are_removed_and_reported(demo_report, tmp_path):
    rendered = render_report(demo_report, _template_with_external_links(tmp_path))
    with zipfile.ZipFile(io.BytesIO(rendered.data)) as archive:
        rels = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".rels"))
        settings = archive.read("word/settings.xml").decode()
        footer = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("word/footer"))
    assert 'TargetMode="External"' not in rels and "example.invalid" not in rels and "passwd" not in rels
    assert "attachedTemplate" not in settings
    assert "本单位网站" in footer and "w:hyperlink" not in footer  # the text stays, the link goes
    assert len(rendered.removed_links) == 3
    notice = "".join(rendered.notices())
    assert "file:///etc/passwd" in notice and "附加模板" in notice and "外部图片" in notice and "超链接" in notice
    doc = Document(io.BytesIO(rendered.data))  # still a valid document, picture kept as embedded
    assert next(doc.element.body.iter(qn("a:blip"))).get(qn("r:embed"))


def test_cli_tells_the_clerk_about_removed_links(cli, demo_report, tmp_path):
    from xltool import build_workbook

    book = tmp_path / "年报.xlsx"
    build_workbook(book, demo_report)
    result = cli("report", book, "--template", _template_with_external_links(tmp_path))
    assert result.code == 0
    assert "模板中有 3 处外部链接，已从报告中移除" in result.out and book.with_suffix(".docx").exists()


def _complex_field(instruction: str, result: str) -> str:
    runs = [
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r><w:instrText xml:space="preserve"> {_xml_text(instruction)} </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r><w:t>{result}</w:t></w:r>",
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ]
    return "".join(runs)


def test_fields_that_fetch_from_outside_lose_their_code_and_keep_their_text(demo_report, tmp_path):
    doc = Document(str(repo_template_path()))
    body = parse_xml(
        f"<w:p {nsdecls('w')}><w:r><w:t>图：</w:t></w:r>"
        + _complex_field('INCLUDEPICTURE "http://example.invalid/a.png" \\d', "[图片]")
        + _complex_field('DDEAUTO c:\\Windows\\System32\\cmd.exe "/k calc.exe"', "[数据]")
        + _complex_field('HYPERLINK \\l "一、总体情况"', "见第一部分")
        + "</w:p>"
    )
    doc.element.body.insert(0, body)
    header = doc.sections[0].header
    header.is_linked_to_previous = False
    header.paragraphs[0]._p.append(
        parse_xml(
            f"<w:fldSimple {nsdecls('w')} w:instr=' INCLUDETEXT \"C:\\\\公文\\\\抬头.docx\" '><w:r><w:t>抬头文字</w:t></w:r></w:fldSimple>"
        )
    )
    path = tmp_path / "带域代码的模板.docx"
    doc.save(str(path))
    rendered = render_report(demo_report, path)
    with zipfile.ZipFile(io.BytesIO(rendered.data)) as archive:
        xml = "".join(
            archive.read(n).decode() for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")
        )
    for gone in ("INCLUDEPICTURE", "DDEAUTO", "INCLUDETEXT", "example.invalid", "cmd.exe"):
        assert gone not in xml, gone
    for kept in ("[图片]", "[数据]", "抬头文字", "HYPERLINK \\l", " PAGE "):  # results, an internal link, page numbers
        assert kept in xml, kept
    notice = "".join(rendered.notices())
    assert "正文中的域代码 INCLUDEPICTURE" in notice and "DDEAUTO" in notice and "页眉中的域代码 INCLUDETEXT" in notice
    assert len(rendered.removed_links) == 3


# ---- the CLI: exit 2 in Chinese, nothing written ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        "{% include 'x.docx' %}",
        "{% for i in range(10**9) %}{% for j in range(10**9) %}x{% endfor %}{% endfor %}",
        "{{ cycler.__init__.__globals__.os.system('touch MARKER') }}",
    ],
    ids=["include", "huge-loop", "command"],
)
def test_cli_refuses_a_hostile_template_with_exit_2(cli, demo_report, tmp_path, payload):
    from xltool import build_workbook

    book = tmp_path / "年报.xlsx"
    build_workbook(book, demo_report)
    marker = tmp_path / "marker"
    result = cli("report", book, "--template", _template(tmp_path, "页脚", _live(payload, marker)))
    assert result.code == 2
    assert "不能用作年度报告模板" in result.err and "页脚" in result.err and "Traceback" not in result.err
    assert not book.with_suffix(".docx").exists() and not marker.exists()


# ---- what still works ------------------------------------------------------------------------------------------------------


def test_the_project_template_passes_every_check_in_every_part():
    loaded = load_template(repo_template_path())
    assert not loaded.checked.problems and len(loaded.checked.trees) == 3  # body, odd and even footers


def test_documented_extras_render(demo_report, tmp_path):
    """Filters, tests, conditions and loop.index from docs/word-report.md, in the body, a header and a footer."""
    doc = Document(str(repo_template_path()))
    _in_header(doc, "{{ agency_name|trim }}{% if website is defined and website %} {{ website|lower }}{% endif %}")
    _in_footer(doc, "{{ email|default('无邮箱') }}")
    doc.add_paragraph("{%p for para in problems %}")
    doc.add_paragraph("{{ loop.index }}. {{ para.body|upper }}{% if loop.last %}（完）{% endif %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("共 {{ overview|length }} 段；{{ table3['D27'] }}{{ year if year else '' }}")
    path = tmp_path / "扩展.docx"
    doc.save(str(path))
    result = Document(io.BytesIO(render_report(demo_report, path).data))
    header = result.sections[0].header.paragraphs[0].text
    assert demo_report.agency.name in header
    texts = [p.text for p in result.paragraphs]
    assert any(t.startswith("1. ") for t in texts) and any(t.endswith("（完）") for t in texts)
    assert any(t.startswith("共 ") and "段；" in t for t in texts)


def test_docs_state_the_limits_and_the_documented_extras():
    doc = (Path(__file__).resolve().parent.parent / "docs" / "word-report.md").read_text(encoding="utf-8")
    ts = templatesafety
    for figure in (
        f"{ts.MAX_TEMPLATE_BYTES // 2**20} MB",
        f"{ts.MAX_TEMPLATE_UNPACKED // 2**20} MB",
        f"{ts.MAX_TEMPLATE_XML // 2**20} MB",
        f"{ts.MAX_TEMPLATE_ENTRIES} 个",
        f"{ts.MAX_TEMPLATE_CHARS // 10_000} 万个字符",
        f"{ts.MAX_TAGS} 个",
        f"{ts.MAX_BLOCKS} 个",
        f"{ts.MAX_RENDERED_CHARS // 10_000} 万个字符",
    ):
        assert figure in doc, figure
    for name in (*ts.FILTERS, *ts.TESTS, *(f"loop.{f}" for f in ts.LOOP_FIELDS)):
        assert f"`{name}`" in doc or f"is {name}" in doc, name


@pytest.mark.parametrize(
    "tag",
    [
        "{{ agency_name|trim(1) }}",
        "{{ email|default(true) }}",
        "{{ agency_name|length(2) }}",
        "{% if table3.D27 > 5 %}多{% endif %}",
        "{{ agency_name is defined(1) }}",
        "{{ " + "9" * 5000 + " }}",
    ],
)
def test_what_could_fail_while_rendering_is_refused_beforehand(demo_report, tmp_path, tag):
    """Filter arguments of the wrong type, ordering text against numbers, a 5000-digit number: exit 2, no traceback."""
    with pytest.raises(XltoolError) as err:
        render_report(demo_report, _template(tmp_path, "正文", tag))
    assert err.value.code == "E-TEMPLATE" and "正文中" in err.value.message


def test_a_documented_comparison_that_meets_the_wrong_type_is_a_template_error(demo_report, tmp_path):
    with pytest.raises(XltoolError) as err:
        render_report(demo_report, _template(tmp_path, "正文", "{% if 5 in email %}有{% endif %}"))
    assert err.value.code == "E-TEMPLATE" and "填写时出错" in err.value.message


def test_a_flood_of_problems_is_summarised(demo_report, tmp_path):
    doc = Document(str(repo_template_path()))
    for number in range(1000):
        doc.add_paragraph(f"第{number}段{{{{ cycler }}}}")
    path = tmp_path / "一千处.docx"
    doc.save(str(path))
    with pytest.raises(XltoolError) as err:
        render_report(demo_report, path)
    message = err.value.message
    assert message.count("“{{ cycler }}”") == templatesafety.SHOWN_PROBLEMS and "另有 980 处同类问题" in message


# ---- a template saved again by an office suite ----------------------------------------------------------------------------


@pytest.mark.office
def test_a_template_saved_again_by_libreoffice_renders_and_its_payload_is_still_refused(demo_report, tmp_path):
    """An office opens the template, restyles it and saves it in its own suite: runs are split and the XML rewritten.
    LibreOffice stands in for Word and WPS here."""
    import subprocess

    from docx.shared import Mm, Pt

    from xltool.writers.pdf import find_soffice

    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) 未安装：CI 由 .ci/run 安装")
    restyled = Document(str(repo_template_path()))
    restyled.styles["Normal"].font.size = Pt(15)
    restyled.sections[0].left_margin = Mm(30)
    _in_header(restyled, "（信笺抬头）")
    restyled.save(str(tmp_path / "restyled.docx"))
    hostile = Document(str(repo_template_path()))
    _in_header(hostile, "{{ cycler.__init__.__globals__ }}")
    hostile.save(str(tmp_path / "hostile.docx"))
    saved = tmp_path / "saved"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(saved),
            str(tmp_path / "restyled.docx"),
            str(tmp_path / "hostile.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )

    result = Document(io.BytesIO(render_report(demo_report, saved / "restyled.docx").data))
    assert "（信笺抬头）" in result.sections[0].header.paragraphs[0].text
    assert round(result.sections[0].left_margin.mm) == 30
    assert demo_report.agency.name in result.paragraphs[0].text
    with pytest.raises(XltoolError) as err:
        render_report(demo_report, saved / "hostile.docx")
    assert "页眉中的“{{ cycler.__init__.__globals__ }}”" in err.value.message
    assert "某某县人民政府办公室 {{ cycler.__init__.__globals__ }}" in err.value.message


def test_a_huge_template_file_is_refused_unread(demo_report, tmp_path):
    big = tmp_path / "巨大的模板.docx"
    with big.open("wb") as handle:  # sparse: the test does not write gigabytes
        handle.truncate(templatesafety.MAX_TEMPLATE_BYTES + 1)
    with pytest.raises(XltoolError) as err:
        render_report(demo_report, big)
    assert err.value.code == "E-TEMPLATE" and "超过 20 MB 的上限" in err.value.message


def test_the_refusal_names_the_command_that_really_regenerates_the_template():
    from xltool.errors import CATALOGUE
    from xltool.writers.wordtemplate import REGENERATE_COMMAND

    assert f"{REGENERATE_COMMAND} 新模板.docx" in CATALOGUE["E-TEMPLATE"][1]
