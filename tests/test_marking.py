"""The marked copy: problem cells coloured and commented, a 校验结果 sheet, the source untouched."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

import openpyxl
import pytest

from xltool import spec
from xltool.errors import XltoolError
from xltool.findings import Finding, Findings
from xltool.model import AnnualReport
from xltool.spec import ERROR_FILL, RESULT_HEADER, WARNING_FILL
from xltool.writers.marking import result_rows, write_marked_copy
from xltool.writers.workbook import build_workbook

T3, T2 = spec.SHEET_TABLE3, spec.SHEET_TABLE2


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fill(ws, address: str) -> str:
    """The cell's solid fill as "#RRGGBB", or "" when it has none."""
    fill = ws[address].fill
    return "#" + fill.fgColor.rgb[-6:] if fill.fill_type == "solid" else ""


def _values(path: Path) -> dict[tuple[str, str], object]:
    wb = openpyxl.load_workbook(path)
    return {
        (ws.title, c.coordinate): c.value
        for ws in wb.worksheets
        if ws.title != spec.SHEET_RESULTS
        for row in ws.iter_rows()
        for c in row
    }


@pytest.fixture
def template(tmp_path) -> Path:
    path = tmp_path / "年报.xlsx"
    build_workbook(path)
    return path


@pytest.fixture
def findings() -> Findings:
    """Hand-made findings: a broken row sum, a blank cell, a fee warning, an explained warning and a narrative one."""
    row_cells = ("J4", "D4", "E4", "F4", "G4", "H4", "I4")
    return Findings(
        [
            Finding("T-3", T3, row_cells, "一、本年新收政府信息公开申请数量", "总计", 5, 3),
            Finding("T-12", T3, ("D10",), "（三）不予公开3.危及“三安全一稳定”", "自然人"),
            Finding("T-13", T2, ("B14",), "行政事业性收费", spec.T2_FEE_COL, 35000),
            Finding(
                "T-7", T3, ("D5",), "二、上年结转政府信息公开申请数量", "自然人", 2, 3, explanation="上年报告数字有误"
            ),
            Finding("T-11", spec.SHEET_OTHER),
        ]
    )


# ---- result rows (shared with the add-in) ------------------------------------------------------------------------


def test_result_rows(findings):
    rows = result_rows(findings)
    assert rows[0] == list(RESULT_HEADER)
    assert [r[:4] for r in rows[1:]] == [  # errors, then warnings, an explained warning last
        ["错误", "T-3", T3, "J4"],
        ["错误", "T-12", T3, "D10"],
        ["警告", "T-13", T2, "B14"],
        ["警告", "T-11", spec.SHEET_OTHER, ""],
        ["已说明", "T-7", T3, "D5"],
    ]
    assert rows[1][6:8] == ["5", "3"]
    assert rows[2][6] == "空白"
    assert rows[1][8] == findings.items[0].message
    assert "上年报告数字有误" in rows[5][8]


def test_findings_with_one_likely_cause_are_grouped_under_it(demo_report):
    """A wrong 自然人 count in row 一 breaks its row total (T-3 at J4) and the carry-over identity (T-1 at D28): both
    add up D4, so they are listed under "可能的原因：三、依申请公开!D4", before the warnings."""
    from xltool import check_report

    demo_report.set("table3", "一、本年新收政府信息公开申请数量", "自然人", 5)
    findings = check_report(demo_report)
    groups = findings.groups()
    assert groups[0].cause == f"{T3}!D4" and {f.rule for f in groups[0].findings} == {"T-3", "T-1"}
    assert groups[0].heading.startswith(f"可能的原因：{T3}!D4")
    severities = [f.severity for g in groups for f in g.findings]
    assert severities == sorted(severities, key=lambda s: s != spec.ERROR)  # errors first
    assert all(g.cause is None for g in groups[1:])
    rows = result_rows(findings)
    assert rows[1][:4] == ["可能的原因", "", T3, "D4"] and groups[0].heading in rows[1][8]
    assert [r[1] for r in rows[2:4]] == [f.rule for f in groups[0].findings]
    assert rows[2][8].startswith("└ ")
    assert all(isinstance(v, str) for row in rows for v in row)


def test_marking_module_imports_no_openpyxl():
    code = "import sys, xltool.writers.marking; print('openpyxl' in sys.modules)"
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# ---- the marked copy ------------------------------------------------------------------------------------------------


def test_cells_are_filled_and_commented(template, findings, tmp_path):
    out = tmp_path / "标注.xlsx"
    write_marked_copy(template, out, findings)
    wb = openpyxl.load_workbook(out)
    assert _fill(wb[T3], "J4") == ERROR_FILL  # a lone broken sum marks its compared cell
    assert _fill(wb[T3], "D10") == ERROR_FILL
    assert _fill(wb[T2], "B14") == WARNING_FILL
    assert _fill(wb[T3], "D5") != WARNING_FILL  # explained: not marked
    assert _fill(wb[T3], "D4") != ERROR_FILL
    assert findings.items[0].message in wb[T3]["J4"].comment.text
    assert "T-12" in wb[T3]["D10"].comment.text
    assert wb[T3]["D5"].comment is None


def test_crossing_sums_mark_the_shared_cell(template, tmp_path):
    crossing = Findings(
        [
            Finding("T-3", T3, ("J4", "D4", "E4", "F4", "G4", "H4", "I4"), "一", "总计", 1, 2),
            Finding("T-1", T3, ("D28", "D4", "D5", "D27"), "四", "自然人", 0, 1),
        ]
    )
    out = tmp_path / "标注.xlsx"
    write_marked_copy(template, out, crossing)
    ws = openpyxl.load_workbook(out)[T3]
    assert _fill(ws, "D4") == ERROR_FILL
    assert _fill(ws, "J4") != ERROR_FILL and _fill(ws, "D28") != ERROR_FILL
    assert "T-3" in ws["D4"].comment.text and "T-1" in ws["D4"].comment.text


def test_results_sheet_is_last_and_links_to_the_cells(template, findings, tmp_path):
    out = tmp_path / "标注.xlsx"
    write_marked_copy(template, out, findings)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [*spec.SHEETS, spec.SHEET_RESULTS]
    ws = wb[spec.SHEET_RESULTS]
    rows = [[c.value or "" for c in row] for row in ws.iter_rows(max_row=len(findings) + 1)]
    assert rows == result_rows(findings)
    link = ws.cell(2, RESULT_HEADER.index("单元格") + 1).hyperlink
    assert link.location == f"'{T3}'!J4"
    narrative = next(i for i, row in enumerate(rows, start=1) if row[1] == "T-11")
    assert ws.cell(narrative, RESULT_HEADER.index("单元格") + 1).hyperlink is None  # narrative: no cell
    assert wb.active.title == spec.SHEET_RESULTS


def test_marking_twice_replaces_the_results_sheet(template, findings, tmp_path):
    once, twice = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    write_marked_copy(template, once, findings)
    write_marked_copy(once, twice, Findings(findings.items[:1]))
    wb = openpyxl.load_workbook(twice)
    assert wb.sheetnames.count(spec.SHEET_RESULTS) == 1 and wb.sheetnames[-1] == spec.SHEET_RESULTS
    assert wb[spec.SHEET_RESULTS].max_row == 1 + 1 + 2  # header, one finding, empty row, summary


def test_source_bytes_and_every_value_unchanged(template, findings, tmp_path):
    before = _sha(template)
    out = tmp_path / "标注.xlsx"
    write_marked_copy(template, out, findings)
    assert _sha(template) == before
    assert _values(out) == _values(template)


def test_copy_keeps_formulas_validations_and_protection(template, findings, tmp_path):
    out = tmp_path / "标注.xlsx"
    write_marked_copy(template, out, findings)
    src, dst = openpyxl.load_workbook(template), openpyxl.load_workbook(out)
    for name in spec.SHEETS:
        a, b = src[name], dst[name]
        assert b.protection.sheet == a.protection.sheet
        assert [str(dv.sqref) for dv in b.data_validations.dataValidation] == [
            str(dv.sqref) for dv in a.data_validations.dataValidation
        ]
        assert [str(cf.sqref) for cf in b.conditional_formatting] == [str(cf.sqref) for cf in a.conditional_formatting]
    assert str(dst[T3]["L4"].value).startswith("=IF(")


def test_refuses_to_write_over_the_source(template, findings):
    before = _sha(template)
    with pytest.raises(XltoolError) as exc:
        write_marked_copy(template, template, findings)
    assert exc.value.code == "F-OUTPUT"
    assert _sha(template) == before


def test_unwritable_target_leaves_nothing_behind(template, findings, tmp_path):
    with pytest.raises(XltoolError) as exc:
        write_marked_copy(template, tmp_path / "缺少的目录" / "x.xlsx", findings)
    assert exc.value.code == "F-OUTPUT"
    assert sorted(p.name for p in tmp_path.iterdir()) == [template.name]


def test_not_a_workbook_is_an_input_error(tmp_path, findings):
    bad = tmp_path / "假的.xlsx"
    bad.write_text("不是工作簿", encoding="utf-8")
    with pytest.raises(XltoolError) as exc:
        write_marked_copy(bad, tmp_path / "out.xlsx", findings)
    assert exc.value.code == "F-NOT-ZIP"


# ---- through the CLI ------------------------------------------------------------------------------------------------


@pytest.fixture
def broken_workbook(tmp_path, demo_report) -> Path:
    """The demo with one planted slip: 自然人 of 一、本年新收 one too many (breaks T-3 on row 4 and T-1 in column D)."""
    report: AnnualReport = demo_report
    value = report.get("table3", spec.T3_RECEIVED, spec.T3_NATURAL)
    report.set("table3", spec.T3_RECEIVED, spec.T3_NATURAL, value + 1)
    source = tmp_path / "report.json"
    source.write_text(json.dumps(report.to_json(), ensure_ascii=False), encoding="utf-8")
    path = tmp_path / "有错的年报.xlsx"
    build_workbook(path, AnnualReport.from_json(json.loads(source.read_text(encoding="utf-8"))))
    return path


def test_cli_check_mark(cli, broken_workbook, tmp_path):
    before = _sha(broken_workbook)
    out = tmp_path / "标注副本.xlsx"
    result = cli("check", broken_workbook, "--mark", out)
    assert result.code in (0, 1)  # the exit status itself: test_cli_check_mark_exit_status
    assert out.exists() and str(out) in result.out
    assert _sha(broken_workbook) == before
    assert _values(out) == _values(broken_workbook)
    wb = openpyxl.load_workbook(out)
    assert _fill(wb[T3], "D4") == ERROR_FILL  # the cell where the broken row and column cross
    reported = json.loads(cli("check", broken_workbook, "--json").out)["findings"]
    results = wb[spec.SHEET_RESULTS]
    listed = [[c.value for c in row] for row in results.iter_rows(min_row=2, max_row=results.max_row - 2)]
    assert sorted(r[1] for r in listed if r[0] != "可能的原因") == sorted(f["rule"] for f in reported)
    assert {f["rule"] for f in reported} >= {"T-1", "T-3"}
    assert listed[0][0] == "可能的原因" and listed[0][3] == "D4"  # the crossing cell, above the sums it breaks
    levels = [r[0] for r in listed if r[0] != "可能的原因"]
    assert levels == sorted(levels, key=lambda v: v != "错误")  # errors first
    for row in results.iter_rows(min_row=2, max_row=results.max_row - 2):
        assert all(c.alignment.wrap_text for c in row)
        assert results.row_dimensions[row[0].row].height  # tall enough for its wrapped text when printed


def test_cli_check_mark_exit_status(cli, broken_workbook, tmp_path):
    assert cli("check", broken_workbook, "--mark", tmp_path / "标注副本.xlsx").code == 1


def test_cli_check_mark_clean_template(cli, template, tmp_path):
    out = tmp_path / "标注副本.xlsx"
    result = cli("check", template, "--mark", out, "--json")
    reported = json.loads(result.out)["findings"]
    assert result.code == 0
    wb = openpyxl.load_workbook(out)
    assert not any(f["severity"] == "error" and f["rule"] in spec.LIVE_CHECK_LABELS for f in reported)
    assert [c.value for c in wb[spec.SHEET_RESULTS][1]] == list(RESULT_HEADER)


def test_cli_refuses_mark_over_input(cli, broken_workbook):
    before = _sha(broken_workbook)
    result = cli("check", broken_workbook, "--mark", broken_workbook)
    assert result.code == 2
    assert "输入文件" in result.err
    assert _sha(broken_workbook) == before


def test_cli_lists_errors_first_and_groups_a_likely_cause(cli, broken_workbook):
    out = cli("check", broken_workbook).out
    assert f"可能的原因：{T3}!D4" in out
    assert out.index("可能的原因") < out.index("T-3") and out.index("可能的原因") < out.index("T-1")
    assert out.rindex("错误 │") < out.index("警告 │")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装：CI 由 .ci/run 安装")
def test_results_sheet_prints_on_a4_with_every_message_whole(broken_workbook, tmp_path):
    """LibreOffice prints the marked copy: the 校验结果 page is A4 landscape and holds every message, wrapped."""
    import subprocess

    import pdfplumber

    from xltool import check

    out = tmp_path / "标注副本.xlsx"
    findings = check(broken_workbook)
    write_marked_copy(broken_workbook, out, findings)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with pdfplumber.open(tmp_path / "标注副本.pdf") as pdf:
        pages = [p for p in pdf.pages if "可能的原因" in (p.extract_text() or "")]
        assert pages
        text = ""
        for page in pages:
            assert (round(page.width), round(page.height)) == (842, 595)  # A4 landscape, in points
            header = next(w for w in page.extract_words() if w["text"] == "说明")
            column = [c for c in page.chars if c["x0"] >= header["x0"] - 1 and c["x1"] <= page.width]
            text += re.sub(
                r"\s", "", "".join(c["text"] for c in sorted(column, key=lambda c: (round(c["top"]), c["x0"])))
            )
    for f in findings:
        assert re.sub(r"\s", "", f.message) in text, f.message
