"""The submission-ready Word report: the template (wordtemplate.py, or the office's restyled copy) filled with docxtpl.

Filling a template instead of drawing the document in code is what lets an office restyle the report in Word or WPS
without touching code: only the ``{{ … }}`` tags are replaced, every other edit survives. A template is untrusted data:
every template, the default one included, is checked and rendered by ``templatesafety`` (sandbox, documented variables
only, bounded output, external links removed). Rendering escapes (a ``&`` or ``<`` in the narrative would otherwise
delete text) and is strict (a mistyped tag raises instead of printing nothing). A missing tag or table is reported by
name instead of silently producing a report without it.

Values are printed exactly as entered: counts as whole numbers, the 万元 fee with its decimals, "/" as "/". The report
model is never judged here; `xltool report` (cli) refuses to write a report that ``check`` finds errors in, unless
forced. The PDF is made by ``writers.pdf``.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import spec
from ..errors import XltoolError, os_reason
from ..model import AnnualReport, fee_text, whole
from ..placeholders import filled_sections
from .celltext import clean_text
from .files import write_bytes
from .wordtemplate import (
    DATE_SHIFT_CHARS,
    LOOP_VAR,
    NARRATIVE_VARS,
    OPTIONAL_VARS,
    PARAGRAPH_FIELDS,
    SIGNATURE_RIGHT_CHARS,
    STYLE_SIGNATURE,
    TEXT_VARS,
    default_template,
)

if TYPE_CHECKING:  # pragma: no cover
    from docxtpl import DocxTemplate

    from .templatesafety import CheckedTemplate, Contract

PathLike = str | os.PathLike[str]
TemplateSource = PathLike | bytes | None

#: An inline sub-heading ends at the first 。 within this many characters; a shorter paragraph without 。 is all heading.
HEADING_MAX = 40
_SUBHEADING = re.compile(r"^（[一二三四五六七八九十]{1,3}）")
_DATE = re.compile(r"^\s*(\d{4})\D{1,2}(\d{1,2})\D{1,2}(\d{1,2})")


# ---- the context ---------------------------------------------------------------------------------------------------------


def report_context(report: AnnualReport, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the template's tags read, from the report model; raises ``XltoolError`` for what a report cannot lack."""
    _require_info(report)
    agency = report.agency
    context: dict[str, Any] = {
        "agency_name": _text(agency.name),
        "year": _text(report.year),
        "date": format_date(report.published, today),
        "address": _text(agency.address),
        "postcode": _text(agency.postcode),
        "phone": _text(agency.phone),
        "email": _text(agency.email),
        "website": _text(agency.website),
        "website_name": _text(agency.website_name),
        "contact_office": _text(agency.contact_office),
    }
    printed = filled_sections(report)  # placeholders print as the workbook's numbers
    for number, var in NARRATIVE_VARS.items():
        context[var] = narrative_paragraphs(printed.get(number), number)
    for table in spec.TABLES.values():
        context[table.key] = {c.address: format_value(report.get(table.key, c.row, c.col)) for c in table.cells}
    return context


def _require_info(report: AnnualReport) -> None:
    """The title, signature and contact paragraph need some 基本信息 fields (spec); an empty one would print as a gap."""
    missing = [f.label for f in spec.INFO_FIELDS if f.needed_in_report and not _text(report.info(f.key))]
    if missing:
        raise XltoolError("E-MISSING-INFO", fields="、".join(missing), sheet=spec.SHEET_INFO)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return clean_text(str(whole(value))).strip()


def format_value(value: Any) -> str:
    """A table value as printed: numbers as their shortest decimal (12.0 → "12", fee 1.25 → "1.25"), text as entered."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return fee_text(value)
    return _text(value)


def format_date(published: Any, today: dt.date | None = None) -> str:
    """The signature date in Arabic numerals, "2025年1月20日": the 发布日期 when given, else today."""
    if isinstance(published, dt.date):
        y, m, d = published.year, published.month, published.day
    elif published and (match := _DATE.match(str(published))):
        y, m, d = (int(g) for g in match.groups())
    elif published and _text(published):
        return _text(published)
    else:
        day = today or dt.date.today()
        y, m, d = day.year, day.month, day.day
    return f"{y}年{m}月{d}日"


def narrative_paragraphs(text: str | None, number: str) -> list[dict[str, str]]:
    """A narrative section as paragraphs (one per line), each split into an inline （一） heading and the body text.

    Leading spaces and full-width indents are dropped because the body style indents by two characters; tabs and every
    other character inside a paragraph are kept. An empty section is an error: a report must say "无" explicitly.
    """
    lines = clean_text((text or "").replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    paragraphs = [_split_heading(line.strip(" \t\u3000").rstrip()) for line in lines if line.strip(" \t\u3000")]
    if not paragraphs:
        raise XltoolError(
            "E-EMPTY-SECTION", number=number, heading=spec.section(number).heading, sheet=spec.NARRATIVE_SHEETS[number]
        )
    return paragraphs


def _split_heading(para: str) -> dict[str, str]:
    if not _SUBHEADING.match(para):
        return {"head": "", "body": para}
    stop = para.find("。")
    if 0 <= stop < HEADING_MAX:
        return {"head": para[: stop + 1], "body": para[stop + 1 :]}
    if stop < 0 and len(para) <= HEADING_MAX:
        return {"head": para, "body": ""}
    return {"head": "", "body": para}


# ---- the template ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedTemplate:
    """An opened template that passed every check, with the parse trees its parts are rendered from."""

    docx: DocxTemplate
    name: str
    checked: CheckedTemplate


@dataclass(frozen=True)
class RenderedReport:
    """The filled report, and the external links of the template that were left out of it (to tell the clerk)."""

    data: bytes
    removed_links: tuple[str, ...] = ()

    def notices(self) -> list[str]:
        """What the clerk should read after writing, in Chinese."""
        if not self.removed_links:
            return []
        return [
            f"注意：模板中有 {len(self.removed_links)} 处外部链接，已从报告中移除：{'；'.join(self.removed_links)}。"
            "报告不引用本机或网络上的其他文件。"
        ]


def load_template(template: TemplateSource = None) -> LoadedTemplate:
    """The default template (committed copy, or built in memory) or the office's own, opened and checked."""
    from .templatesafety import check_package, safe_docx_template_class

    if template is None:
        data, name = default_template(), "默认模板"
    elif isinstance(template, bytes):
        data, name = template, "模板"
    else:
        data, name = _read_template(Path(template)), str(template)
    if too_big := check_package(data):
        raise XltoolError("E-TEMPLATE", path=name, reason=too_big)
    tpl = safe_docx_template_class()(io.BytesIO(data))
    try:
        tpl.init_docx()
    except Exception as exc:  # python-docx raises several types for a file that is not a .docx
        raise XltoolError(
            "E-TEMPLATE", path=name, reason=f"不是 Word 文档（.docx）：{exc.__class__.__name__}"
        ) from None
    return LoadedTemplate(tpl, name, check_template(tpl, name))


def _read_template(path: Path) -> bytes:
    """The office's template file, refused by size before it is read (a template is never gigabytes)."""
    from .templatesafety import too_big_file

    if not path.is_file():
        raise XltoolError("F-NOT-FOUND", path=path)
    try:
        if reason := too_big_file(path.stat().st_size):
            raise XltoolError("E-TEMPLATE", path=path, reason=reason)
        return path.read_bytes()
    except OSError as exc:
        raise XltoolError("F-NO-ACCESS", path=path, reason=os_reason(exc, writing=False)) from None


def template_contract() -> Contract:
    """What a template may read: the text fields, each table's data cells, and the narrative loops (wordtemplate)."""
    from .templatesafety import Contract

    tables = {t.key: frozenset(c.address for c in t.cells) for t in spec.TABLES.values()}
    return Contract(
        names=frozenset({*TEXT_VARS, *OPTIONAL_VARS, *tables, *NARRATIVE_VARS.values()}),
        fields=tables,
        loops={var: frozenset(PARAGRAPH_FIELDS) for var in NARRATIVE_VARS.values()},
    )


def check_template(tpl: DocxTemplate, name: str) -> CheckedTemplate:
    """Refuse a template that uses anything outside the contract in any part, or lacks a tag or a table, naming each."""
    from .templatesafety import check_parts, describe, rendered_parts

    checked = check_parts(rendered_parts(tpl), template_contract())
    problems = describe(checked.problems)
    used = checked.usage
    missing = [f"{{{{ {v} }}}}" for v in TEXT_VARS if v not in used.names]
    for number, var in NARRATIVE_VARS.items():
        if var not in used.loops:
            missing.append(f"第{number}部分正文（{{%p for {LOOP_VAR} in {var} %}}）")
        elif "body" not in used.loops[var]:
            missing.append(f"第{number}部分正文（{{{{ {LOOP_VAR}.body }}}}）")
    if missing and not checked.problems:  # a refused part hides what it uses: report the refusal alone
        problems.append("缺少占位符 " + "、".join(missing))
    for table in spec.TABLES.values():
        if checked.problems:
            break
        absent = [c.address for c in table.cells if (table.key, c.address) not in used.fields]
        if len(absent) == len(table.cells):
            problems.append(f"缺少表{table.section}“{table.title}”")
        elif absent:
            shown = "、".join(absent[:8]) + ("等" if len(absent) > 8 else "")
            problems.append(f"表{table.section}“{table.title}”缺少 {len(absent)} 个数据单元格的占位符（{shown}）")
    if problems:
        raise XltoolError("E-TEMPLATE", path=name, reason="；".join(problems))
    return checked


# ---- writing ---------------------------------------------------------------------------------------------------------------


def render_report(report: AnnualReport, template: TemplateSource = None, draft: bool = False) -> RenderedReport:
    """Fill the template in the sandbox (bounded), drop its external links, place the signature (GB/T 9704), mark
    every page 草稿 when ``draft`` (a report written despite errors), set the document properties."""
    from jinja2 import TemplateError

    from .templatesafety import MAX_RENDERED_CHARS, OutputTooLarge, Sandbox, TemplateRefused, strip_external

    context = report_context(report)
    loaded = load_template(template)
    tpl = loaded.docx
    try:
        tpl.render(context, Sandbox(template_contract(), loaded.checked.trees), autoescape=True)
    except OutputTooLarge:
        reason = f"填写后的文档超过 {MAX_RENDERED_CHARS:,} 个字符的上限（模板中的内容或循环重复过多）"
        raise XltoolError("E-TEMPLATE", path=loaded.name, reason=reason) from None
    except TemplateRefused as exc:
        raise XltoolError("E-TEMPLATE", path=loaded.name, reason=str(exc)) from None
    except TemplateError as exc:  # SecurityError included: the check should have refused it already
        raise XltoolError("E-TEMPLATE", path=loaded.name, reason=f"无法填写（{exc.message}）") from None
    except (TypeError, ValueError) as exc:  # a documented filter or comparison meeting a value it cannot take
        raise XltoolError(
            "E-TEMPLATE", path=loaded.name, reason=f"填写时出错：比较或过滤器遇到了类型不合适的数据（{exc}）"
        ) from None
    removed = strip_external(tpl.docx.part.package)
    place_signature(tpl.docx)
    if draft:
        mark_draft(tpl.docx)
    props = tpl.docx.core_properties
    props.title = spec.report_title(context["agency_name"], context["year"])
    props.author = context["agency_name"]
    props.comments = ""
    props.created = props.modified = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    out = io.BytesIO()
    tpl.save(out)
    return RenderedReport(out.getvalue(), tuple(removed))


def render_docx(report: AnnualReport, template: TemplateSource = None, draft: bool = False) -> bytes:
    """The filled report as .docx bytes."""
    return render_report(report, template, draft).data


def write_docx(report: AnnualReport, path: PathLike, template: TemplateSource = None, draft: bool = False) -> Path:
    """Write the Word report; an existing file at ``path`` is replaced only once the new one is complete."""
    return save_report(render_report(report, template, draft), path)


def save_report(rendered: RenderedReport, path: PathLike) -> Path:
    """Write a rendered report to ``path`` atomically."""
    return write_bytes(path, rendered.data)


# ---- the signature (GB/T 9704 §7.3.5.2) and the draft mark ---------------------------------------------------------------


def text_width(text: str) -> float:
    """Width in characters of 3号: CJK and full-width forms take one, Latin letters and digits half of one."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


def signature_indents(signature: str, date: str) -> tuple[float, float]:
    """Right indents, in characters, of the signature and the date of a report without a seal.

    The signature stands two characters from the right and the date starts two characters right of the signature's
    first character; a date longer than the signature stands two characters from the right instead, and the
    signature moves left by as much.
    """
    sig, day = text_width(signature), text_width(date)
    if day > sig:
        date_right = float(SIGNATURE_RIGHT_CHARS)
        return date_right + day + DATE_SHIFT_CHARS - sig, date_right
    sig_right = float(SIGNATURE_RIGHT_CHARS)
    return sig_right, sig_right + sig - DATE_SHIFT_CHARS - day


def place_signature(doc: Any) -> None:
    """Set the last two 报告落款 paragraphs (agency, date) by the rule above, from the left so the shift is exact.

    The offsets are measured in the body's character pitch (3号 plus the template's character spacing). A template
    without the style, or with only one such paragraph, is left as it is.
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    ours = [
        p for p in doc.paragraphs if p.style is not None and p.style.style_id == STYLE_SIGNATURE[0] and p.text.strip()
    ]
    if len(ours) < 2:
        return
    signature, date = ours[-2], ours[-1]
    section = doc.sections[-1]
    width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)  # EMU
    pitch = _char_pitch(doc)
    for paragraph, right in zip(
        (signature, date), signature_indents(signature.text.strip(), date.text.strip()), strict=True
    ):
        used = (right + text_width(paragraph.text.strip())) * pitch
        _indent(paragraph, max(0, round(width / 635 - used)))  # 635 EMU a twip
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT


def _char_pitch(doc: Any) -> float:
    """Twips per character of the body text: the Normal style's size plus its character spacing."""
    from docx.oxml.ns import qn

    normal = doc.styles["Normal"]
    size = normal.font.size.pt if normal.font.size else 10.5
    rpr = normal.element.rPr
    spacing = rpr.find(qn("w:spacing")) if rpr is not None else None
    return size * 20 + (int(spacing.get(qn("w:val"))) if spacing is not None else 0)


def _indent(paragraph: Any, left: int) -> None:
    """Direct indents that override the style's character-based ones (Word prefers *Chars over twips)."""
    from docx.oxml.ns import qn

    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    for attr, value in (
        ("w:left", left),
        ("w:right", 0),
        ("w:firstLine", 0),
        ("w:leftChars", 0),
        ("w:rightChars", 0),
        ("w:firstLineChars", 0),
    ):
        ind.set(qn(attr), str(value))
    for attr in ("w:hanging", "w:hangingChars", "w:start", "w:end"):
        ind.attrib.pop(qn(attr), None)


#: The words of the draft header; the watermark prints DRAFT_MARK alone.
DRAFT_MARK = "草稿"
DRAFT_HEADER = "草稿　校验发现错误，仅供核对，不得报送"


def mark_draft(doc: Any) -> None:
    """草稿 on every page: a red header line and a grey diagonal watermark behind the text, in every header."""
    for section in doc.sections:
        headers = [section.header, section.even_page_header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        for header in headers:
            header.is_linked_to_previous = False
            _draft_header(header)


def _draft_header(header: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor
    from lxml import etree

    p = header.paragraphs[0] if header.paragraphs and not header.paragraphs[0].text else header.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _indent(p, 0)  # the header style inherits the body's two-character first-line indent
    run = p.add_run(DRAFT_HEADER)
    run.font.size, run.font.bold, run.font.color.rgb = Pt(14), True, RGBColor(0xC0, 0x00, 0x00)
    p.add_run()._r.append(etree.fromstring(_WATERMARK.format(text=DRAFT_MARK)))


# Word's own watermark (设计 → 水印): a VML WordArt shape anchored in the header, centred on the page behind the text.
# Word, WPS and LibreOffice all draw it; the header line above also carries the word as text.
_WATERMARK = (
    '<w:pict xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>'
    '<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
    '<v:shape id="XltoolDraftWatermark" o:spid="_x0000_s2049" type="#_x0000_t136" '
    'style="position:absolute;margin-left:0;margin-top:0;width:420pt;height:210pt;rotation:315;z-index:-251657216;'
    "mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;"
    'mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="#d9d9d9" stroked="f">'
    '<v:fill opacity=".5"/><v:textpath style="font-family:&quot;黑体&quot;;font-size:1pt" string="{text}"/>'
    "</v:shape></w:pict>"
)
