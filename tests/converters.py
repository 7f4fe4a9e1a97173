"""The converter matrix of issue 13: reports in the forms a reviewer really meets, and how well each is read.

Inputs are made the way they arise in the world. The sources are the real published reports of the fixtures (with
their hand-checked tables) and reports the project writes itself (the demo's narrative with the real city report's
tables, and with generated tables of varied numbers). Each source is passed through the converters people use:

* a Word report (``write_docx``) → LibreOffice → PDF, HTML and plain text;
* every PDF → pdftotext (default, ``-raw``, ``-layout``) and pdfplumber's page text;
* the HTML → html2text, BeautifulSoup's ``get_text`` and pandoc (Markdown); the docx → pandoc (Markdown);
* the HTML inside a saved page of a government site (navigation, breadcrumbs, a sidebar with dates and figures,
  a footer with phone numbers and 备案号).

``build(folder)`` writes every form once (the tests cache it per session); ``score`` compares what the importer read
with the truth cell by cell: exact, inferred, unread, and wrong (a value that differs from the source and is
presented as read or inferred). Used by ``tests/test_converter_matrix.py`` and ``benchmarks/import_matrix.py``.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from xltool import spec
from xltool.model import AnnualReport

FIXTURES = Path(__file__).parent / "fixtures"
TABLE_KEYS = ("table2", "table3", "table4")


@dataclass(frozen=True)
class Form:
    """One converted form of one source report."""

    source: str  # which report
    converter: str  # how it was made, e.g. "pdftotext -layout"
    path: Path
    truth: dict  # Report JSON tables (and "agency"/"year" when known)


@dataclass
class Score:
    exact: int = 0
    inferred: int = 0
    unread: int = 0
    wrong: int = 0
    wrong_cells: list[str] = field(default_factory=list)
    name_ok: bool | None = None  # None: the agency was left empty (honest), False: a wrong name
    year_ok: bool | None = None

    @property
    def cells(self) -> int:
        return self.exact + self.inferred + self.unread + self.wrong


def _truth(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


# ---- generated reports ----------------------------------------------------------------------------------------------


def varied_tables(seed: int, top: int, zeros: int = 2, zero_rows: Sequence[str] = ()) -> dict:
    """Tables that satisfy every identity, with numbers of varied size (zeros, single digits, tens, up to ``top``).

    A large ``top`` gives totals of five digits, which wrap inside the narrow columns of a printed table; a small one
    (under 100) only small numbers; ``zeros`` weighs how often a count is 0. The result rows of table 三 named in
    ``zero_rows`` are 0 throughout and the totals add up with them: the rows a clerk may then leave blank."""
    rng = random.Random(seed)

    def count() -> int:
        tiers = (rng.randint(1, min(9, top)), rng.randint(min(10, top), min(99, top)), rng.randint(min(100, top), top))
        return rng.choice((0,) * zeros + tiers)

    report = AnnualReport.blank(year=2024, name="x")
    for cell in spec.TABLE2.cells:
        value = f"{rng.randint(0, 9999)}.{rng.randint(0, 9)}" if cell.kind == "fee" else count()
        report.set("table2", cell.row, cell.col, value)
    for col in spec.T3_COLS[:-1]:
        results = {row: count() for row in spec.T3_RESULT_ROWS}
        results.update(dict.fromkeys(zero_rows, 0))
        total = sum(results.values())
        carry_out = count()
        carry_in = rng.randint(0, total + carry_out)
        column = {
            **results,
            spec.T3_GRAND_TOTAL: total,
            spec.T3_CARRIED_OUT: carry_out,
            spec.T3_CARRIED_IN: carry_in,
            spec.T3_RECEIVED: total + carry_out - carry_in,
        }
        for row, value in column.items():
            report.set("table3", row, col, value)
    for row in spec.T3_ROWS:
        report.set("table3", row.key, spec.T3_TOTAL, sum(report.get("table3", row.key, c) for c in spec.T3_COLS[:-1]))
    for block, _words, _first in spec.T4_BLOCKS:
        parts = [count() for _ in spec.T4_OUTCOMES[:-1]]
        for outcome, value in zip(spec.T4_OUTCOMES, [*parts, sum(parts)], strict=True):
            report.set("table4", spec.T4_ROW_KEY, f"{block}/{outcome}", value)
    data = report.to_json()
    return {k: data[k] for k in TABLE_KEYS}


#: The table error planted in one generated report: (row, column, added), which breaks T-2 and T-3 at that cell.
PLANTED = ("（三）不予公开/6.属于四类过程性信息", "商业企业", 5)


def generated_reports() -> dict[str, dict]:
    """Report JSON of the generated sources: the demo with the city report's tables, and with varied tables."""
    from xltool.demo import demo_report

    base = demo_report().to_json()
    out = {"gen-006": {**base, **{k: v for k, v in _truth("real/006.tables.json").items() if k in TABLE_KEYS}}}
    out["gen-small"] = {**base, **varied_tables(1, 300)}
    out["gen-large"] = {**base, **varied_tables(2, 4000)}
    planted = json.loads(json.dumps(out["gen-006"]))
    planted["table3"][PLANTED[0]][spec.T3_COLS.index(PLANTED[1])] += PLANTED[2]
    out["gen-planted"] = planted
    # a 2021 table printed with its （六）2 and 3 rows left blank, as a clerk leaves rows of zeros: the totals add up
    blank = {**base, **varied_tables(1, 300, zero_rows=spec.T3_OTHER_ROWS[1:])}
    for row in spec.T3_OTHER_ROWS[1:]:
        blank["table3"][row] = [None] * len(spec.T3_COLS)
    out["gen-blank"] = blank
    return out


# ---- converters -----------------------------------------------------------------------------------------------------


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, capture_output=True, timeout=300, **kw)


def _soffice(kind: str, sources: list[Path], outdir: Path) -> None:
    """One LibreOffice run converts every source (a private profile, so a running LibreOffice cannot swallow it)."""
    from xltool.writers.pdf import find_soffice, fonts_conf

    env = dict(os.environ)
    env.setdefault("FONTCONFIG_FILE", str(fonts_conf()))
    with tempfile.TemporaryDirectory() as profile:
        _run(
            [
                find_soffice(),
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                kind,
                "--outdir",
                str(outdir),
                *map(str, sources),
            ],
            env=env,
        )


def _pdf_forms(source: str, pdf: Path, truth: dict, folder: Path) -> list[Form]:
    out = []
    for flag in ("", "-raw", "-layout"):
        target = folder / f"{source}.pdftotext{flag}.txt"
        _run(["pdftotext", *([flag] if flag else []), "-enc", "UTF-8", str(pdf), str(target)])
        out.append(Form(source, f"pdftotext {flag}".strip(), target, truth))
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        text = "\n".join(page.extract_text() or "" for page in doc.pages)
    target = folder / f"{source}.pdfplumber.txt"
    target.write_text(text, encoding="utf-8")
    out.append(Form(source, "pdfplumber text", target, truth))
    return out


def _html_forms(source: str, html: Path, truth: dict, folder: Path) -> list[Form]:
    import html2text
    from bs4 import BeautifulSoup

    page = html.read_text(encoding="utf-8", errors="replace")
    out = []
    h = html2text.HTML2Text()
    h.body_width = 0
    target = folder / f"{source}.html2text.md"
    target.write_text(h.handle(page), encoding="utf-8")
    out.append(Form(source, "html2text", target, truth))
    target = folder / f"{source}.get_text.txt"
    target.write_text(BeautifulSoup(page, "lxml").get_text(), encoding="utf-8")
    out.append(Form(source, "BeautifulSoup get_text", target, truth))
    if shutil.which("pandoc"):
        target = folder / f"{source}.pandoc-html.md"
        _run(["pandoc", "-f", "html", "-t", "gfm", str(html), "-o", str(target)])
        out.append(Form(source, "pandoc html→md", target, truth))
    saved = folder / f"{source}.webpage.html"
    saved.write_text(saved_page(page), encoding="utf-8")
    out.append(Form(source, "saved web page", saved, truth))
    target = folder / f"{source}.webpage.get_text.txt"
    target.write_text(BeautifulSoup(saved.read_text(encoding="utf-8"), "lxml").get_text("\n"), encoding="utf-8")
    out.append(Form(source, "saved web page get_text", target, truth))
    return out


_NAV = """<div class="top">无障碍 | 长者模式 | 繁體 | 登录</div>
<div class="nav"><a href="/">首页</a> <a>政务公开</a> <a>政务服务</a> <a>互动交流</a> <a>走进本区</a></div>
<div class="crumb">当前位置：首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>
<div class="meta">发布时间：2025-01-20 10:32 来源：区政府办公室 浏览次数：1024 【字体：大 中 小】</div>"""
_SIDE = """<div class="side"><h3>相关文章</h3><ul>
<li><a>2023年政府信息公开工作年度报告</a> 2024-01-18</li>
<li><a>关于印发2025年政务公开工作要点的通知</a> 2025-03-02</li>
<li><a>2024年第三季度政务公开工作情况 共计12项</a> 2024-10-09</li></ul></div>"""
_FOOT = """<div class="foot">主办：某市人民政府办公室 承办：某市大数据中心 联系电话：0951-6668888
网站标识码：6400000001 宁ICP备05001234号-1 宁公网安备 64010002000123号</div>"""


def saved_page(html: str) -> str:
    """A report's HTML as a site publishes it: inside navigation, breadcrumbs, metadata, a sidebar of links to other
    years' reports (before the article, as in a left-hand column) and a footer with phone numbers."""
    from bs4 import BeautifulSoup

    body = BeautifulSoup(html, "lxml").body
    inner = body.decode_contents() if body else html
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>{_NAV}'
        f'<div class="main">{_SIDE}<div class="article">{inner}</div></div>{_FOOT}</body></html>'
    )


def build(folder: Path) -> list[Form]:
    """Every form of every source, written into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    forms = [
        Form(
            "real-000",
            "txt (sample)",
            FIXTURES / "000_0a7990abdff832d1.txt",
            _truth("000_0a7990abdff832d1.tables.json"),
        ),
        Form("real-001", "txt (crawled page)", FIXTURES / "real/001.txt", _truth("real/001.tables.json")),
        Form("real-006", "txt (pdf text)", FIXTURES / "real/006.txt", _truth("real/006.tables.json")),
        Form("real-006", "pdf", FIXTURES / "real/006.pdf", _truth("real/006.tables.json")),
    ]
    forms += _pdf_forms("real-006", FIXTURES / "real/006.pdf", _truth("real/006.tables.json"), folder)
    return forms + convert(generated_reports(), folder)


def convert(sources: dict[str, dict], folder: Path, restyle: Callable[[str, Path], None] | None = None) -> list[Form]:
    """Every converted form of each generated source (name → Report JSON): the Word report, then one LibreOffice
    run per target for the whole batch, then the converters of its PDF and HTML. The matrix and the stress benchmark
    (benchmarks/import_stress.py) share this one path. ``restyle`` (name, docx) edits a Word report before it is
    converted, as an office restyles its copy (the stress benchmark's print variations)."""
    from xltool.writers.docx import write_docx

    folder.mkdir(parents=True, exist_ok=True)
    docxs = []
    for name, data in sources.items():
        docx = folder / f"{name}.docx"
        write_docx(AnnualReport.from_json(data), docx)
        if restyle is not None:
            restyle(name, docx)
        docxs.append(docx)
    has_soffice = shutil.which("soffice") is not None
    if has_soffice:
        for kind in ("pdf", "html", "txt:Text (encoded):UTF8"):
            _soffice(kind, docxs, folder)
        _soffice("pdf", [borderless(docx) for docx in docxs], folder)
    forms = []
    for name, data in sources.items():
        docx = folder / f"{name}.docx"
        forms.append(Form(name, "docx", docx, data))
        if shutil.which("pandoc"):
            target = folder / f"{name}.pandoc-docx.md"
            _run(["pandoc", "-f", "docx", "-t", "gfm", str(docx), "-o", str(target)])
            forms.append(Form(name, "pandoc docx→md", target, data))
        if not has_soffice:
            continue
        pdf, html, txt = (folder / f"{name}.{ext}" for ext in ("pdf", "html", "txt"))
        forms += [
            Form(name, "LibreOffice pdf", pdf, data),
            Form(name, "LibreOffice pdf, no borders", folder / f"{name}.borderless.pdf", data),
            Form(name, "LibreOffice html", html, data),
            Form(name, "LibreOffice txt", txt, data),
        ]
        forms += _pdf_forms(name, pdf, data, folder)
        forms += _html_forms(name, html, data, folder)
    return forms


def borderless(docx: Path) -> Path:
    """A copy of a Word report with its tables drawn without borders (``NAME.borderless.docx``), as some offices
    print them: the PDF then has no ruling lines for pdfplumber to find the cells by."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = Document(str(docx))
    for table in doc.tables:
        props = table._tbl.tblPr
        for old in [*props.findall(qn("w:tblBorders")), *table._tbl.iter(qn("w:tcBorders"))]:
            old.getparent().remove(old)
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:val"), "nil")
            borders.append(edge)
        props.append(borders)
    target = docx.with_name(f"{docx.stem}.borderless.docx")
    doc.save(str(target))
    return target


# ---- scoring --------------------------------------------------------------------------------------------------------


def _same(got: object, want: object, kind: str) -> bool:
    if kind == "fee" and got is not None and want is not None:
        try:
            return float(str(got)) == float(str(want))
        except ValueError:
            return False
    return got == want


def score(form: Form) -> tuple[Score, object]:
    """How the importer read one form, cell by cell against the truth; also returns the ImportResult."""
    from xltool.importers import read_report

    result = read_report(form.path)
    truth = AnnualReport.from_json({"schema": spec.REPORT_SCHEMA, **{k: form.truth[k] for k in TABLE_KEYS}})
    s = Score()
    for table in spec.TABLES.values():
        for cell in table.cells:
            how = result.report.provenance.get(f"{table.key}/{cell.row}/{cell.col}", "exact")
            got, want = result.report.get(table.key, cell.row, cell.col), truth.get(table.key, cell.row, cell.col)
            if how == "missing":
                s.unread += 1
            elif not _same(got, want, cell.kind):
                s.wrong += 1
                s.wrong_cells.append(f"{table.key}/{cell.row}/{cell.col}: {got!r}≠{want!r} ({how})")
            elif how == "inferred":
                s.inferred += 1
            else:
                s.exact += 1
    agency = form.truth.get("agency")
    name = agency.get("name") if isinstance(agency, dict) else agency
    if name:
        got_name = result.report.agency.name
        s.name_ok = None if not got_name else got_name == name
    if form.truth.get("year"):
        s.year_ok = None if result.report.year is None else result.report.year == form.truth["year"]
    return s, result
