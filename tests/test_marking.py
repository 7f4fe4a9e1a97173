"""The marked copy: problem cells coloured and commented, a 校验结果 sheet, the source untouched."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import openpyxl
import pytest

from xltool import spec
from xltool.errors import XltoolError
from xltool.findings import Finding, Findings
from xltool.model import AnnualReport
from xltool.writers.marking import ERROR_FILL, RESULT_HEADER, WARNING_FILL, result_rows, write_marked_copy
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
    return {(ws.title, c.coordinate): c.value for ws in wb.worksheets if ws.title != spec.SHEET_RESULTS
            for row in ws.iter_rows() for c in row}


@pytest.fixture
def template(tmp_path) -> Path:
    path = tmp_path / "年报.xlsx"
    build_workbook(path)
    return path


@pytest.fixture
def findings() -> Findings:
    """Hand-made findings: a broken row sum, a blank cell, a fee warning, an explained warning and a narrative one."""
    row_cells = ("J4", "D4", "E4", "F4", "G4", "H4", "I4")
    return Findings([
        Finding("T-3", T3, row_cells, "一、本年新收政府信息公开申请数量", "总计", 5, 3),
        Finding("T-12", T3, ("D10",), "（三）不予公开3.危及“三安全一稳定”", "自然人"),
        Finding("T-13", T2, ("B14",), "行政事业性收费", spec.T2_FEE_COL, 35000),
        Finding("T-7", T3, ("D5",), "二、上年结转政府信息公开申请数量", "自然人", 2, 3, explanation="上年报告数字有误"),
        Finding("T-11", spec.SHEET_OTHER),
    ])


# ---- result rows (shared with the add-in) ------------------------------------------------------------------------


def test_result_rows(findings):
    rows = result_rows(findings)
    assert rows[0] == list(RESULT_HEADER)
    assert [r[:4] for r in rows[1:]] == [
        ["错误", "T-3", T3, "J4"],
        ["错误", "T-12", T3, "D10"],
        ["警告", "T-13", T2, "B14"],
        ["已说明", "T-7", T3, "D5"],
        ["警告", "T-11", spec.SHEET_OTHER, ""],
    ]
    assert rows[1][6:8] == ["5", "3"]
    assert rows[2][6] == "空白"
    assert rows[1][8] == findings.items[0].message
    assert "上年报告数字有误" in rows[4][8]
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
    crossing = Findings([
        Finding("T-3", T3, ("J4", "D4", "E4", "F4", "G4", "H4", "I4"), "一", "总计", 1, 2),
        Finding("T-1", T3, ("D28", "D4", "D5", "D27"), "四", "自然人", 0, 1),
    ])
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
    assert ws.cell(len(findings) + 1, RESULT_HEADER.index("单元格") + 1).hyperlink is None  # narrative: no cell
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
        assert [str(dv.sqref) for dv in b.data_validations.dataValidation] == \
            [str(dv.sqref) for dv in a.data_validations.dataValidation]
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
    assert [results.cell(i + 2, 2).value for i in range(len(reported))] == [f["rule"] for f in reported]
    assert {f["rule"] for f in reported} >= {"T-1", "T-3"}


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
