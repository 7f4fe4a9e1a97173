"""Unread is not blank (issue 13): a cell an importer could not read is U-1 "未核对", never T-12 "未填写".

The rules that need it are skipped and say so, and the report's verdict is 审核不完整 (neither clean nor defective).
A cell that is blank in the source stays T-12.
"""

from __future__ import annotations

import json

import pytest
from test_importers import REAL, render

from xltool import audit_file as audit_path
from xltool import spec
from xltool.model import AnnualReport
from xltool.rules import audit_report

ROW = "（四）无法提供/3.补正后申请内容仍不明确"


@pytest.fixture
def real_tables_report() -> AnnualReport:
    return AnnualReport.from_json({"schema": spec.REPORT_SCHEMA, "year": 2024, **REAL})


def _report_with_unread_row(tmp_path, demo_report) -> AnnualReport:
    data = demo_report.to_json()
    data.update(REAL)
    report = AnnualReport.from_json(data)
    for col in spec.T3_COLS:
        report.set("table3", ROW, col, None)
        report.provenance[f"table3/{ROW}/{col}"] = "missing"
    return report


def test_unread_cells_are_u1_not_t12_and_the_audit_is_incomplete(tmp_path, demo_report):
    findings = audit_report(_report_with_unread_row(tmp_path, demo_report))
    rules = {f.rule for f in findings}
    assert "T-12" not in rules
    unread = [f for f in findings if f.rule == "U-1"]
    assert [f.cells[0] for f in unread] == [f"{letter}18" for letter in "DEFGHIJ"]
    assert all(f.severity == spec.UNCHECKED for f in unread)
    assert "T-2" in unread[0].message and "T-3" in unread[0].message and "未核对" in unread[0].message
    # the sums through the unread row are skipped, not reported as broken
    assert not {"T-2", "T-3"} & rules
    assert findings.status == "审核不完整"
    assert findings.exit_code == 0
    assert findings.summary().startswith("审核不完整：7 个单元格")
    assert findings.to_json()["status"] == "审核不完整"
    assert not [key for key in findings.marked_cells() if key[0] == spec.SHEET_TABLE3]  # nothing to correct there


def test_blank_in_the_source_stays_t12(tmp_path, demo_report):
    report = _report_with_unread_row(tmp_path, demo_report)
    report.provenance.pop(f"table3/{ROW}/{spec.T3_NATURAL}")  # printed blank: read exactly as None
    findings = audit_report(report)
    assert [f.cells for f in findings if f.rule == "T-12"] == [("D18",)]
    assert findings.status == "有错误"


def test_unreadable_row_of_a_published_report_through_the_cli(tmp_path, cli, real_tables_report):
    text = render(real_tables_report).replace(
        "3.补正后申请内容仍不明确 1 0 0 0 0 0 1", "3.补正后申请内容仍不明确 1 0 0 0 0 0 1 5 5"
    )
    path = tmp_path / "年报.txt"
    path.write_text(text, encoding="utf-8")
    findings = audit_path(path)
    assert {f.rule for f in findings if f.sheet == spec.SHEET_TABLE3} == {"U-1"}
    out = cli("audit", path, "--json")
    data = json.loads(out.out)
    assert out.code == 0 and data["status"] == "审核不完整"
    assert sum(f["rule"] == "U-1" for f in data["findings"]) == 7


def test_clean_published_report_is_clean(tmp_path, real_tables_report):
    path = tmp_path / "年报.txt"
    path.write_text(render(real_tables_report), encoding="utf-8")
    findings = audit_path(path)
    assert not [f for f in findings if f.sheet in (spec.SHEET_TABLE2, spec.SHEET_TABLE3, spec.SHEET_TABLE4)]
    assert findings.status in ("通过", "有警告")
