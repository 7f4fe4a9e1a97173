"""Round trips through the project's own writers: report → docx (wordgen) → PDF / HTML (LibreOffice) → import.

The report is the demo (its narrative and agency) with the real city report's tables (006: distinct, non-zero
numbers), so a cell read from the wrong row or column cannot pass by being 0 like its neighbours. Also an HTML page
built from the spec's merges (rowspan/colspan), without LibreOffice.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import pytest

from xltool import spec
from xltool.importers import import_report, read_report
from xltool.model import AnnualReport

FIXTURES = Path(__file__).parent / "fixtures"
TABLE_KEYS = ("table2", "table3", "table4")
REAL = {
    k: v
    for k, v in json.loads((FIXTURES / "real/006.tables.json").read_text(encoding="utf-8")).items()
    if k in TABLE_KEYS
}


def soffice() -> str | None:
    from xltool.writers.pdf import find_soffice

    return find_soffice()


needs_soffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) 未安装：无法把 docx 转为 PDF/HTML")


def source_report(demo: AnnualReport) -> AnnualReport:
    data = demo.to_json()
    data.update(REAL)
    return AnnualReport.from_json(data)


def tables_of(report: AnnualReport) -> dict:
    data = report.to_json()
    return {k: data[k] for k in TABLE_KEYS}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    """The report written once as docx, and (when LibreOffice is there) converted to PDF and HTML."""
    from xltool.demo import demo_report
    from xltool.writers.docx import write_docx
    from xltool.writers.pdf import convert_to_pdf

    folder = tmp_path_factory.mktemp("formats")
    out = {"docx": write_docx(source_report(demo_report()), folder / "年报.docx")}
    if soffice():
        out["pdf"] = convert_to_pdf(out["docx"], folder / "年报.pdf")
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(
                [
                    soffice(),
                    f"-env:UserInstallation={Path(profile).as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "html",
                    "--outdir",
                    str(folder),
                    str(out["docx"]),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
        out["html"] = folder / "年报.html"
    return out


def _check_round_trip(path: Path, demo: AnnualReport) -> None:
    result = read_report(path)
    report = result.report
    assert tables_of(report) == REAL
    assert not result.missing and not result.inferred, result.notes
    assert report.year == demo.year
    assert report.to_json()["agency"] == demo.to_json()["agency"]
    for number in spec.NARRATIVE_SECTIONS:
        assert report.sections[number] == demo.sections[number]


def test_docx_round_trip(rendered, demo_report):
    _check_round_trip(rendered["docx"], demo_report)


@needs_soffice
def test_pdf_round_trip(rendered, demo_report):
    _check_round_trip(rendered["pdf"], demo_report)


@needs_soffice
def test_html_round_trip(rendered, demo_report):
    html = rendered["html"].read_text(encoding="utf-8", errors="replace")
    assert "rowspan" in html and "colspan" in html  # LibreOffice keeps the official merges
    _check_round_trip(rendered["html"], demo_report)


def test_planted_table_error_is_kept_as_printed(tmp_path, demo_report):
    """The reader must never "repair" a wrong total: identities only choose between splits, not values."""
    from xltool.writers.docx import write_docx

    report = source_report(demo_report)
    report.set("table3", "（七）总计", "自然人", 2933)  # one more than the 21 result rows add up to (T-2)
    path = write_docx(report, tmp_path / "planted.docx")
    data = import_report(path).to_json()
    assert data["table3"]["（七）总计"][0] == 2933
    assert data["table3"]["一、本年新收政府信息公开申请数量"] == REAL["table3"]["一、本年新收政府信息公开申请数量"]


# ---- an HTML page drawn from the spec's merges ----------------------------------------------------------------------


def _ref(address: str) -> tuple[int, int]:
    return int(address[1:]), ord(address[0]) - ord("A") + 1


def spec_table_html(table: spec.TableSpec, values: dict) -> str:
    """The official grid as an HTML table: every merge of the spec as rowspan/colspan, data cells filled."""
    anchors: dict[tuple[int, int], tuple[str, int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for span, text in [(t.span, t.text) for t in table.texts] + [(s, None) for s in table.data_spans]:
        if not span:
            continue
        (r0, c0), (r1, c1) = (_ref(a) for a in span.split(":"))
        anchors[(r0, c0)] = (text, r1 - r0 + 1, c1 - c0 + 1)
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
    texts = {_ref(t.address): t.text for t in table.texts}
    data = {_ref(c.address): values[table.key][(c.row, c.col)] for c in table.cells}
    last_row, last_col = table.last_row, ord(table.last_col) - ord("A") + 1
    rows = []
    for r in range(1, last_row + 1):
        cells = []
        for c in range(1, last_col + 1):
            if (r, c) in covered:
                continue
            text, rs, cs = anchors.get((r, c), (None, 1, 1))
            value = data.get((r, c), "")
            content = texts.get((r, c), ("" if value is None else value) if text is None else text)
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            cells.append(f"<td{attrs}><p>{content}</p></td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "<table border='1'>" + "\n".join(rows) + "</table>"


def test_html_from_spec_merges(tmp_path, demo_report):
    report = source_report(demo_report)
    body = [f"<h1>{report.agency.name}{report.year}年政府信息公开工作年度报告</h1>"]
    for section in spec.SECTIONS:
        body.append(f"<h2>{section.title}</h2>")
        if section.table:
            body.append(
                f"<div><table><tr><td>{spec_table_html(spec.TABLES[section.table], report.tables)}</td></tr>"
                "</table></div>"
            )  # a layout table around the data table, as government sites do
        else:
            body += [f"<p>{p}</p>" for p in report.sections[section.number].split("\n")]
    page = tmp_path / "report.htm"
    page.write_bytes(
        (
            "<html><head><meta charset='gbk'><script>var x = '1 2 3';</script></head><body>"
            + "\n".join(body)
            + "</body></html>"
        ).encode("gbk")
    )
    imported = import_report(page)
    assert tables_of(imported) == REAL
    assert imported.sections == report.sections
    assert imported.agency.kind == "乡镇人民政府"


def report_page(page: Path, report: AnnualReport) -> Path:
    """A web page of the report: each section's heading, and its table drawn from the spec's merges."""
    body = "".join(
        f"<h2>{s.title}</h2>" + (spec_table_html(spec.TABLES[s.table], report.tables) if s.table else "<p>无</p>")
        for s in spec.SECTIONS
    )
    page.write_text(f"<html><body><p>某镇2024年政府信息公开工作年度报告</p>{body}</body></html>", encoding="utf-8")
    return page


def test_html_blank_and_dash_cells_keep_their_place(tmp_path, demo_report):
    """An empty cell is a blank value and a lone "—" a value as printed: neither lets the row's numbers shift."""
    report = source_report(demo_report)
    report.set("table3", "（二）部分公开", "科研机构", None)
    report.set("table3", "（七）总计", "总计", None)  # the last cell of a row
    report.set("table2", "行政强制", spec.T2_DECISIONS, "—")
    page = report_page(tmp_path / "report.html", report)
    result = read_report(page)
    data = result.report.to_json()
    assert data["table3"]["（二）部分公开"] == [447, 7, None, 0, 0, 0, 454]
    assert data["table3"]["（七）总计"] == [2932, 53, 0, 0, 61, 4, None]
    assert data["table2"]["行政强制"] == "—"
    assert data["table3"]["（一）予以公开"] == REAL["table3"]["（一）予以公开"]
    assert not result.missing and not result.inferred


@needs_soffice
def test_a_pdf_whose_tables_have_no_borders_is_read_by_its_columns(tmp_path, demo_report):
    """A report whose tables are printed without borders (stress seed 2008's five-digit tables): pdfplumber finds no
    ruling lines, and its page text wraps the wide cells into lines of halves that the label reader could only
    partly join (120 cells unread, and two read wrong from a label line whose tails ended there). The page laid out
    as printed shows each number under its column, as ``pdftotext -layout`` does: every cell is read."""
    import converters

    from xltool.writers.docx import write_docx

    tables = converters.varied_tables(2008, 60000, 1)
    report = AnnualReport.from_json({**demo_report.to_json(), **tables})
    docx = converters.borderless(write_docx(report, tmp_path / "report.docx"))
    converters._soffice("pdf", [docx], tmp_path)
    score, result = converters.score(converters.Form("s2008", "pdf", docx.with_suffix(".pdf"), tables))
    assert (score.wrong, score.unread) == (0, 0), (score.wrong_cells, result.notes)
    assert score.exact >= 190, result.notes
