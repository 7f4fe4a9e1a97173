"""No workbook the project writes holds a formula other than the spec's live checks (issue 8, "text stays text").

Every route that writes a workbook is taken through the real CLI with text an attacker (or an unlucky clerk) would
send: ``new`` (blank, and ``--agency``), ``new --from`` Report JSON whose every text field begins with ``=``, ``+``,
``-``, ``@``, full-width ``＝``, a tab or a CR and carries control characters, ``import`` of a published txt and of a
saved web page whose narrative begins with a formula, ``check --mark`` (the marked copy and its 校验结果 sheet echoing
those values), ``draft`` (the drafted copy), ``demo``, and the committed template. In each, every formula is listed
twice — as openpyxl sees it and as ``<f>`` elements in the raw sheet XML — and must be exactly the live checks of the
spec's identities, no more and no fewer. LibreOffice then recalculates the hostile workbook and its marked copy: the
texts show literally, and the live checks next to a text-in-a-number-cell say 缺数字 (the text was not evaluated as
1+1).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from office import SOFFICE, recalculate

from xltool import spec
from xltool.model import AnnualReport
from xltool.spec import figures as fs
from xltool.writers.workbook import live_checks

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

BEL, ESC, NUL, LONE = "\x07", "\x1b", "\x00", "\ud800"  # what XML 1.0 cannot hold: dropped on the way in

#: 基本信息 field → (what Report JSON says, what the workbook must hold).
INFO = {
    "name": (f'=HYPERLINK("http://example.invalid","点{BEL}我")', '=HYPERLINK("http://example.invalid","点我")'),
    "kind": ("＝1+1", "＝1+1"),
    "address": ("\t=1+1 某县人民路 1 号", "\t=1+1 某县人民路 1 号"),
    "postcode": ("+755000", "+755000"),
    "phone": ("@SUM(1,2)", "@SUM(1,2)"),
    "email": ("#N/A", "#N/A"),
    "website": (f'=WEBSERVICE("http://example.invalid"){ESC}', '=WEBSERVICE("http://example.invalid")'),
    "published": ("\r=NOW()", "\r=NOW()"),
}
#: Narrative section → (Report JSON, workbook). Section 一 has no （一）… markers, so it stays whole in its first cell.
SECTIONS = {
    "一": (f"=1+1\n总体情况{NUL}正文。", "=1+1\n总体情况正文。"),
    "五": ("-2+3 存在的问题", "-2+3 存在的问题"),
    "六": (f"=cmd|' /C calc'!A0{LONE}\n其他事项。", "=cmd|' /C calc'!A0\n其他事项。"),
}
#: (table, row, column) → text entered where a number belongs (what a foreign workbook or JSON may hold).
TABLE_TEXTS = {
    ("table3", spec.T3_RECEIVED, spec.T3_NATURAL): "=1+1",
    ("table4", spec.T4_ROW_KEY, "行政复议/结果纠正"): "@1",
    ("table2", "行政许可", spec.T2_DECISIONS): "#DIV/0!",
}
EXPLANATION = ("T-9@=A1", '=HYPERLINK("http://example.invalid")')
PLANTED_LINE = '=HYPERLINK("http://example.invalid","点我")'


def hostile_report() -> AnnualReport:
    report = AnnualReport.blank(year=2024)
    for key, (sent, _kept) in INFO.items():
        report.set_info(key, sent)
    report.sections = {number: sent for number, (sent, _kept) in SECTIONS.items()}
    for (table, row, col), text in TABLE_TEXTS.items():
        report.set(table, row, col, text)
    report.explanations = dict([EXPLANATION])
    return report


def run(*args: str | Path) -> int:
    from xltool.cli import run as xltool

    try:
        xltool([str(a) for a in args])
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 0
    return 0


def planted_txt(folder: Path) -> Path:
    """The demo report as published, with section 六 opening on a formula line (as a pasted web text might), ending in
    a control character that the workbook cannot hold."""
    text = (FIXTURES / "000_0a7990abdff832d1.txt").read_text(encoding="utf-8")
    heading = "六、其他需要报告的事项\n"
    assert heading in text
    path = folder / "年报.txt"
    path.write_text(text.replace(heading, heading + "\n" + PLANTED_LINE + BEL + "\n", 1), encoding="utf-8")
    return path


def planted_html(txt: Path) -> Path:
    """The same report as a saved web page: pandoc turns the plain text into HTML paragraphs."""
    path = txt.with_name("网页.html")
    subprocess.run(
        ["pandoc", "-f", "commonmark", "-t", "html", "-s", "--metadata", "title=年报", "-o", str(path), str(txt)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return path


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    """Every kind of workbook the project writes, made through the CLI."""
    base = tmp_path_factory.mktemp("formulas")
    out = {"template": REPO / "workbook" / "政府信息公开年报模板.xlsx"}
    assert run("new", "-o", base / "blank.xlsx") == 0
    out["new"] = base / "blank.xlsx"
    assert run("new", "-o", base / "agency.xlsx", "--agency", "=1+1") == 0
    out["new --agency"] = base / "agency.xlsx"
    source = base / "hostile.json"
    source.write_text(json.dumps(hostile_report().to_json()), encoding="utf-8")  # ASCII escapes carry \ud800 through
    assert run("new", "--from", source, "-o", base / "hostile.xlsx") == 0
    out["new --from"] = base / "hostile.xlsx"
    assert run("check", base / "hostile.xlsx", "--mark", base / "marked.xlsx") == 1
    out["check --mark"] = base / "marked.xlsx"
    assert run("draft", base / "hostile.xlsx", "-o", base / "drafted.xlsx") == 1
    out["draft"] = base / "drafted.xlsx"
    txt = planted_txt(base)
    assert run("import", txt, "-o", base / "imported-txt.xlsx") in (0, 1)
    out["import txt"] = base / "imported-txt.xlsx"
    if shutil.which("pandoc"):
        html = planted_html(txt)
        assert run("import", html, "-o", base / "imported-html.xlsx") in (0, 1)
        out["import html"] = base / "imported-html.xlsx"
    assert run("demo", "-o", base / "demo") == 0
    for path in sorted((base / "demo").glob("*.xlsx")):
        out[f"demo {path.name}"] = path
    assert run("merge", source, base / "hostile.xlsx", "-o", base / "merged.xlsx", "--agency", "=1+1") == 0
    out["merge"] = base / "merged.xlsx"
    assert run("audit", source, txt, "--summary", base / "summary.xlsx") in (0, 1)
    out["audit --summary"] = base / "summary.xlsx"
    assert run("compare", source, txt, "--summary", base / "diff.xlsx") == 1
    out["compare --summary"] = base / "diff.xlsx"
    return out


def live_check_formulas() -> set[tuple[str, str, str]]:
    """(sheet, cell, formula) of every live formula the spec defines: the identities' live checks, the totals of the
    clerk's own figures (spec.figures.figure_total_formula) and the current value of each placeholder name."""
    checks = {(c.sheet, c.address, c.formula()) for t in spec.TABLES.values() for c in live_checks(t)}
    assert len(checks) == len(spec.IDENTITIES)
    rows = range(fs.FIGURE_FIRST_ROW, fs.FIGURE_FIRST_ROW + fs.FIGURE_ROWS)
    checks |= {(fs.SHEET_FIGURES, f"{fs.FIGURE_TOTAL_COL}{r}", fs.figure_total_formula(r)) for r in rows}
    checks |= {
        (fs.SHEET_PLACEHOLDERS, f"C{fs.FIGURE_FIRST_ROW + i}", fs.placeholder_formula(p))
        for i, p in enumerate(fs.PLACEHOLDERS)
    }
    return checks


def openpyxl_formulas(path: Path) -> set[tuple[str, str, str]]:
    wb = openpyxl.load_workbook(path)
    return {
        (ws.title, cell.coordinate, cell.value)
        for ws in wb
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    }


def xml_formulas(path: Path) -> list[tuple[str, str, str]]:
    """Every ``<f>`` element of every worksheet part, with its sheet name and cell, read from the zip itself."""
    with zipfile.ZipFile(path) as z:
        book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target").lstrip("/").removeprefix("xl/") for r in rels}
        parts = {f"xl/{targets[s.get(f'{REL_NS}id')]}": s.get("name") for s in book.iter(f"{MAIN_NS}sheet")}
        sheet_parts = [n for n in z.namelist() if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n)]
        assert set(sheet_parts) == set(parts), "a worksheet part that the workbook does not list"
        found = []
        for part in sheet_parts:
            root = ElementTree.fromstring(z.read(part))
            for c in root.iter(f"{MAIN_NS}c"):
                for f in c.iter(f"{MAIN_NS}f"):
                    found.append((parts[part], c.get("r"), "=" + (f.text or "")))
        return found


def test_every_route_is_covered(written):
    expected = {
        "template",
        "new",
        "new --agency",
        "new --from",
        "check --mark",
        "import txt",
        "merge",
        "audit --summary",
        "compare --summary",
    }
    assert expected <= set(written)
    assert any(name.startswith("demo ") for name in written)
    if shutil.which("pandoc"):
        assert "import html" in written


@pytest.mark.parametrize(
    "route",
    ["template", "new", "new --agency", "new --from", "check --mark", "import txt", "import html", "demo", "merge"],
)
def test_the_only_formulas_are_the_spec_live_checks(written, route):
    paths = (
        [p for name, p in written.items() if name == route or name.startswith(f"{route} ")]
        if route == "demo"
        else [written[route]]
        if route in written
        else []
    )
    if not paths:
        pytest.skip(f"{route}: 需要 pandoc 把文本转成网页")
    for path in paths:
        assert openpyxl_formulas(path) == live_check_formulas(), path
        raw = xml_formulas(path)
        assert len(raw) == len(set(raw)) and set(raw) == live_check_formulas(), path


@pytest.mark.parametrize("route", ["audit --summary", "compare --summary"])
def test_summary_files_hold_no_formula_at_all(written, route):
    assert openpyxl_formulas(written[route]) == set() and xml_formulas(written[route]) == []


def test_summary_echoes_hostile_agency_names_as_text(written):
    ws = openpyxl.load_workbook(written["audit --summary"])["汇总"]
    name = INFO["name"][1]
    cells = [c for row in ws.iter_rows(min_row=2) for c in row if c.value == name]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)


def _info_row(key: str) -> int:
    return spec.FIRST_ENTRY_ROW + [f.key for f in spec.INFO_FIELDS].index(key)


def expected_texts() -> dict[tuple[str, str], str]:
    """(sheet, cell) → the text the hostile workbook must hold there, as a string."""
    out = {(spec.SHEET_INFO, f"B{_info_row(key)}"): kept for key, (_sent, kept) in INFO.items()}
    for number, (_sent, kept) in SECTIONS.items():
        out[(spec.NARRATIVE_SHEETS[number], spec.NARRATIVE_CELLS[number][0][1])] = kept
    for (table, row, col), text in TABLE_TEXTS.items():
        out[(spec.TABLES[table].sheet, spec.TABLES[table].cell(row, col).address)] = text
    rule_place, note = EXPLANATION
    row = spec.FIRST_ENTRY_ROW
    out.update(
        {
            (spec.SHEET_NOTES, f"A{row}"): rule_place.split("@")[0],
            (spec.SHEET_NOTES, f"B{row}"): "=A1",
            (spec.SHEET_NOTES, f"C{row}"): note,
        }
    )
    return out


def test_hostile_texts_are_stored_as_strings_exactly_as_sent(written):
    for route in ("new --from", "check --mark"):
        wb = openpyxl.load_workbook(written[route])
        for (sheet, address), text in expected_texts().items():
            cell = wb[sheet][address]
            assert (cell.value, cell.data_type) == (text, "s"), (route, sheet, address)
        errors = [(ws.title, c.coordinate) for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "e"]
        assert not errors


def test_agency_option_is_text(written):
    cell = openpyxl.load_workbook(written["new --agency"])[spec.SHEET_INFO][f"B{_info_row('name')}"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def test_results_sheet_echoes_found_values_as_text(written):
    ws = openpyxl.load_workbook(written["check --mark"])[spec.SHEET_RESULTS]
    header = [c.value for c in ws[1]]
    found = header.index("填写值")
    echoed = {row[found].value: row[found].data_type for row in ws.iter_rows(min_row=2) if row[found].value}
    for text in TABLE_TEXTS.values():
        assert echoed.get(text) == "s", text


@pytest.mark.parametrize("route", ["import txt", "import html"])
def test_imported_narrative_line_starting_with_a_formula_is_text(written, route):
    if route not in written:
        pytest.skip("需要 pandoc 把文本转成网页")
    cell = openpyxl.load_workbook(written[route])[spec.SHEET_OTHER][spec.NARRATIVE_CELLS["六"][0][1]]
    assert cell.data_type == "s" and cell.value.startswith(PLANTED_LINE + "\n"), cell.value
    assert cell.quotePrefix  # the clerk can edit it without Excel turning it into a live link


def test_word_report_drops_the_same_characters_as_the_workbook(tmp_path):
    """The Word report of the hostile report holds each text exactly as the workbook does (same cleaning)."""
    import docx

    from xltool.writers.docx import write_docx

    path = write_docx(hostile_report(), tmp_path / "报告.docx")
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    for number, (_sent, kept) in SECTIONS.items():
        for line in kept.split("\n"):
            assert line.strip() in text, (number, line)
    assert INFO["name"][1] in text and BEL not in text and ESC not in text and NUL not in text


# ---- LibreOffice recalculates --------------------------------------------------------------------------------------


#: Formulas another office's workbook may carry: (sheet, cell) → formula, and the value LibreOffice shows for it.
FOREIGN = {
    (spec.SHEET_OTHER, spec.NARRATIVE_CELLS["六"][0][1]): ('=HYPERLINK("http://example.invalid","点我")', "点我"),
    (spec.TABLE3.sheet, spec.TABLE3.cell(spec.T3_RECEIVED, spec.T3_NATURAL).address): ("=3+4", 7),
    (spec.SHEET_INFO, f"B{spec.FIRST_ENTRY_ROW}"): ('="某县"&"交通运输局"', "某县交通运输局"),
}


def foreign_workbook(blank: Path, path: Path) -> Path:
    """Our blank workbook as another office might send it back: formulas in input cells, an altered live check and a
    sheet of its own. LibreOffice saves it with the values the formulas show, as Excel or WPS would."""
    wb = openpyxl.load_workbook(blank)
    for (sheet, address), (formula, _shown) in FOREIGN.items():
        wb[sheet][address] = formula
    check = live_checks(spec.TABLE3)[0]
    wb[check.sheet][check.address] = '=HYPERLINK("http://example.invalid","通过")'
    wb.create_sheet("附表")["A1"] = "=1+1"
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def recalculated(written, tmp_path_factory) -> dict[str, Path]:
    if SOFFICE is None:
        pytest.skip("需要 LibreOffice（soffice）来重新计算公式；CI 会安装它")
    base = tmp_path_factory.mktemp("recalc")
    routes = {"new --from": "hostile", "check --mark": "marked"}
    sources = []
    for route, name in routes.items():
        sources.append(base / f"{name}.xlsx")
        shutil.copy(written[route], sources[-1])
    routes["foreign"] = "foreign"
    sources.append(foreign_workbook(written["new"], base / "foreign.xlsx"))
    out = recalculate(sources, base)
    results = {route: out / f"{name}.xlsx" for route, name in routes.items()}
    assert all(p.exists() for p in results.values()), "LibreOffice produced no output"
    return results


@pytest.mark.parametrize("route", ["new --from", "check --mark"])
def test_libreoffice_shows_the_hostile_text_literally(recalculated, route):
    wb = openpyxl.load_workbook(recalculated[route], data_only=True)
    for (sheet, address), text in expected_texts().items():
        assert wb[sheet][address].value == text, (sheet, address)
    # the recalculation really ran: every live check shows a result, and the text in a number cell counts as no number
    shown = {
        (c.identity.rule, c.identity.total): wb[c.sheet][c.address].value
        for t in spec.TABLES.values()
        for c in live_checks(t)
    }
    assert set(shown.values()) <= {spec.LIVE_CHECK_PASS, spec.LIVE_CHECK_FAIL, spec.LIVE_CHECK_INCOMPLETE}
    t3 = spec.TABLE3.cell(spec.T3_RECEIVED, spec.T3_NATURAL).address
    for t in spec.TABLES.values():
        for c in live_checks(t):
            if t.key == "table3" and t3 in c.cells():
                assert shown[(c.identity.rule, c.identity.total)] == spec.LIVE_CHECK_INCOMPLETE, c.address
    lo_formulas = openpyxl_formulas(recalculated[route])
    assert {(s, a) for s, a, _f in lo_formulas} == {(s, a) for s, a, _f in live_check_formulas()}


def test_foreign_formulas_do_not_travel_into_the_marked_copy(recalculated, tmp_path):
    """check --mark on a workbook with formulas we did not write: the copy holds their values as data, and the spec's
    live checks (an altered one restored) as its only formulas."""
    marked = tmp_path / "标注副本.xlsx"
    assert run("check", recalculated["foreign"], "--mark", marked) in (0, 1)
    assert openpyxl_formulas(marked) == live_check_formulas()
    assert set(xml_formulas(marked)) == live_check_formulas()
    wb = openpyxl.load_workbook(marked)
    for (sheet, address), (_formula, shown) in FOREIGN.items():
        assert wb[sheet][address].value == shown, (sheet, address)
    assert wb["附表"]["A1"].value == 2
    source = openpyxl.load_workbook(recalculated["foreign"])  # the file checked keeps its formulas
    assert all(source[s][a].data_type == "f" for s, a in FOREIGN)
