"""The submission-ready Word report: the template (wordtemplate.py, or the office's restyled copy) filled with docxtpl.

Filling a template instead of drawing the document in code is what lets an office restyle the report in Word or WPS
without touching code: only the ``{{ … }}`` tags are replaced, every other edit survives. Rendering uses
``autoescape=True`` (a ``&`` or ``<`` in the narrative would otherwise delete text) and ``StrictUndefined`` (a mistyped tag
raises instead of printing nothing). A custom template is checked before use, so a missing tag or table is reported by
name instead of silently producing a report without it.

Values are printed exactly as entered: counts as whole numbers, the 万元 fee with its decimals, "/" as "/". The report
model is never judged here; ``report_command`` refuses to write a report that ``check`` finds errors in, unless forced.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import spec
from ..errors import XltoolError, refuse_overwrite
from ..model import AnnualReport, fee_text
from .celltext import clean_text
from .wordtemplate import (
    LOOP_VAR,
    NARRATIVE_VARS,
    OPTIONAL_VARS,
    TEXT_VARS,
    default_template,
)

if TYPE_CHECKING:  # pragma: no cover
    from docxtpl import DocxTemplate

    from ..findings import Findings

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
    }
    for number, var in NARRATIVE_VARS.items():
        context[var] = narrative_paragraphs(report.sections.get(number), number)
    for table in spec.TABLES.values():
        context[table.key] = {c.address: format_value(report.get(table.key, c.row, c.col)) for c in table.cells}
    return context


def _require_info(report: AnnualReport) -> None:
    """The title, signature and contact paragraph need some 基本信息 fields (spec); an empty one would print as a gap."""
    missing = [f.label for f in spec.INFO_FIELDS if f.needed_in_report and not _text(report.info(f.key))]
    if missing:
        raise XltoolError("R-MISSING-INFO", fields="、".join(missing), sheet=spec.SHEET_INFO)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value)).strip()


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
        raise XltoolError("R-EMPTY-SECTION", number=number, heading=spec.section(number).heading,
                          sheet=spec.NARRATIVE_SHEETS[number])
    return paragraphs


def _split_heading(para: str) -> dict[str, str]:
    if not _SUBHEADING.match(para):
        return {"head": "", "body": para}
    stop = para.find("。")
    if 0 <= stop < HEADING_MAX:
        return {"head": para[:stop + 1], "body": para[stop + 1:]}
    if stop < 0 and len(para) <= HEADING_MAX:
        return {"head": para, "body": ""}
    return {"head": "", "body": para}


# ---- the template ----------------------------------------------------------------------------------------------------------


def load_template(template: TemplateSource = None) -> DocxTemplate:
    """The default template (committed copy, or built in memory) or the office's own, opened and checked."""
    from docxtpl import DocxTemplate

    if template is None:
        data, name = default_template(), "默认模板"
    elif isinstance(template, bytes):
        data, name = template, "模板"
    else:
        path = Path(template)
        if not path.is_file():
            raise XltoolError("F-NOT-FOUND", path=path)
        data, name = path.read_bytes(), str(path)
    tpl = DocxTemplate(io.BytesIO(data))
    try:
        tpl.init_docx()
    except Exception as exc:  # python-docx raises several types for a file that is not a .docx
        raise XltoolError("R-TEMPLATE", path=name, reason=f"不是 Word 文档（.docx）：{exc.__class__.__name__}") from None
    if template is not None:  # the default template is proven by the tests; checking it would double the time
        check_template(tpl, name)
    return tpl


def template_tags(tpl: DocxTemplate) -> tuple[set[str], set[tuple[str, str]], dict[str, set[str]]]:
    """What the template uses: top-level names, ``name.attr`` pairs, and for each loop the attributes read in its body."""
    from jinja2 import Environment, nodes

    xml = tpl.patch_xml(tpl.xml_to_string(tpl.docx.element.body))
    ast = Environment().parse(xml)
    names = {n.name for n in ast.find_all(nodes.Name) if n.ctx == "load"}
    attrs = {(g.node.name, g.attr) for g in ast.find_all(nodes.Getattr) if isinstance(g.node, nodes.Name)}
    loops: dict[str, set[str]] = {}
    for loop in ast.find_all(nodes.For):
        if isinstance(loop.iter, nodes.Name) and isinstance(loop.target, nodes.Name):
            used = {g.attr for node in loop.body for g in node.find_all(nodes.Getattr)
                    if isinstance(g.node, nodes.Name) and g.node.name == loop.target.name}
            loops.setdefault(loop.iter.name, set()).update(used)
    return names, attrs, loops


def check_template(tpl: DocxTemplate, name: str) -> None:
    """Refuse a template that lacks a tag or a table, or uses a tag the report cannot fill, naming each one."""
    from jinja2 import TemplateSyntaxError

    try:
        names, attrs, loops = template_tags(tpl)
        unknown = tpl.get_undeclared_template_variables(context=dict.fromkeys(_all_vars()))
    except TemplateSyntaxError as exc:
        raise XltoolError("R-TEMPLATE", path=name, reason=f"占位符写法有误（{exc.message}）") from None
    problems: list[str] = []
    missing = [f"{{{{ {v} }}}}" for v in TEXT_VARS if v not in names]
    for number, var in NARRATIVE_VARS.items():
        if var not in names:
            missing.append(f"第{number}部分正文（{{%p for {LOOP_VAR} in {var} %}}）")
        elif var in loops and "body" not in loops[var]:
            missing.append(f"第{number}部分正文（{{{{ {LOOP_VAR}.body }}}}）")
    if missing:
        problems.append("缺少占位符 " + "、".join(missing))
    for table in spec.TABLES.values():
        absent = [c.address for c in table.cells if (table.key, c.address) not in attrs]
        if len(absent) == len(table.cells):
            problems.append(f"缺少表{table.section}“{table.title}”")
        elif absent:
            shown = "、".join(absent[:8]) + ("等" if len(absent) > 8 else "")
            problems.append(f"表{table.section}“{table.title}”缺少 {len(absent)} 个数据单元格的占位符（{shown}）")
    if unknown:
        problems.append("有无法填写的占位符 " + "、".join(f"{{{{ {v} }}}}" for v in sorted(unknown)))
    if problems:
        raise XltoolError("R-TEMPLATE", path=name, reason="；".join(problems))


def _all_vars() -> tuple[str, ...]:
    return (*TEXT_VARS, *OPTIONAL_VARS, *NARRATIVE_VARS.values(), *spec.TABLES)


# ---- writing ---------------------------------------------------------------------------------------------------------------


def render_docx(report: AnnualReport, template: TemplateSource = None) -> bytes:
    """The filled report as .docx bytes."""
    from jinja2 import Environment, StrictUndefined, TemplateError

    context = report_context(report)
    tpl = load_template(template)
    try:
        tpl.render(context, Environment(autoescape=True, undefined=StrictUndefined), autoescape=True)
    except TemplateError as exc:
        raise XltoolError("R-TEMPLATE", path="模板", reason=f"无法填写（{exc.message}）") from None
    props = tpl.docx.core_properties
    props.title = spec.report_title(context["agency_name"], context["year"])
    props.author = context["agency_name"]
    props.comments = ""
    props.created = props.modified = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def write_docx(report: AnnualReport, path: PathLike, template: TemplateSource = None) -> Path:
    """Write the Word report; an existing file at ``path`` is replaced only once the new one is complete."""
    data = render_docx(report, template)
    target = Path(path)
    atomic_write(target, lambda tmp: tmp.write_bytes(data))
    return target


def atomic_write(path: Path, write: Callable[[Path], Any]) -> None:
    """Write to a temporary file beside ``path``, then rename it over: a crash never leaves half a report."""
    if not path.parent.is_dir():
        raise XltoolError("F-OUTPUT", path=path, reason="所在文件夹不存在")
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f"{path.suffix}.tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.replace(tmp, path)
    except PermissionError:
        raise XltoolError("F-OUTPUT", path=path, reason="没有写入权限，或文件正在 Word、WPS 中打开，请关闭后重试") from None
    finally:
        tmp.unlink(missing_ok=True)


# ---- PDF through LibreOffice ----------------------------------------------------------------------------------------------


def find_soffice() -> str | None:
    """LibreOffice's command: on PATH, or in its usual Windows and macOS install folders."""
    for name in ("soffice", "libreoffice"):
        if found := shutil.which(name):
            return found
    candidates = [Path(os.environ.get(v, "")) / "LibreOffice" / "program" / "soffice.exe"
                  for v in ("ProgramFiles", "ProgramFiles(x86)") if os.environ.get(v)]
    candidates.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    return next((str(c) for c in candidates if c.is_file()), None)


def fonts_conf() -> Path:
    """Fontconfig aliases for the official font names (仿宋_GB2312 → Noto Serif CJK SC …), used when they are absent."""
    return Path(str(resources.files("xltool").joinpath("data/fonts.conf")))


def convert_to_pdf(docx: PathLike, pdf: PathLike | None = None, timeout: float = 180) -> Path:
    """Convert with LibreOffice headless in a private profile (so a running LibreOffice does not swallow the job)."""
    source = Path(docx)
    target = Path(pdf) if pdf else source.with_suffix(".pdf")
    soffice = find_soffice()
    if soffice is None:
        raise XltoolError("R-NO-LIBREOFFICE", docx=source)
    env = dict(os.environ)
    if sys.platform.startswith("linux") and "FONTCONFIG_FILE" not in env:
        env["FONTCONFIG_FILE"] = str(fonts_conf())
    with tempfile.TemporaryDirectory(prefix="xltool-pdf-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
               "--outdir", tmp, str(source.resolve())]
        try:
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise XltoolError("R-PDF", docx=source, reason=f"超过 {timeout:.0f} 秒未完成") from None
        produced = Path(tmp, source.stem + ".pdf")
        if not produced.is_file():
            reason = (done.stderr or done.stdout or f"退出码 {done.returncode}").strip()[-300:]
            raise XltoolError("R-PDF", docx=source, reason=reason)
        atomic_write(target, lambda t: shutil.copyfile(produced, t))
    return target


# ---- the command ----------------------------------------------------------------------------------------------------------


def report_command(file: Path, output: Path | None, template: Path | None, pdf: bool, force: bool,
                   echo: Callable[[str], None], print_findings: Callable[..., None]) -> int:
    """``xltool report``: check the workbook, refuse on errors unless forced, write the .docx (and the PDF)."""
    from .. import check_report, read_workbook

    out = output or file.with_suffix(".docx")
    _check_output(out, file, template)
    if template is not None and not template.is_file():
        raise XltoolError("F-NOT-FOUND", path=template)
    report = read_workbook(file)  # read once: the report written is the report checked
    findings: Findings = check_report(report)
    print_findings(findings, f"校验：{file}")
    if findings.errors:
        if not force:
            echo("校验发现错误，未生成报告。请改正后重试；确需生成草稿可加 --force（不可直接报送）。")
            return 1
        echo("注意：已使用 --force，报告在校验有错误的情况下生成，其中的数字可能有误，请勿直接报送。")
    write_docx(report, out, template)
    echo(f"已生成 Word 报告：{out}")
    if pdf:
        echo(f"已生成 PDF：{convert_to_pdf(out)}")
    return 0


def _check_output(out: Path, *inputs: Path | None) -> None:
    """The report is a new .docx: never the workbook or the template it is made from."""
    if out.suffix.lower() != ".docx":
        raise XltoolError("F-OUTPUT", path=out, reason="Word 报告的文件名应以 .docx 结尾")
    refuse_overwrite(out, *inputs)
