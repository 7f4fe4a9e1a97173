"""Cross-year rules with last year's report: carry-over (T-7), documents in force (T-8), copied text (R-5)."""

from __future__ import annotations

import json

import pytest

from xltool import check_report, spec
from xltool.errors import XltoolError
from xltool.model import AnnualReport

T3, T2 = spec.SHEET_TABLE3, spec.SHEET_TABLE2
SUM_SLIP = ["T-9", spec.SHEET_OVERVIEW, ["B4"], 64, 65]


@pytest.fixture
def last_year(demo_report) -> AnnualReport:
    """The demo as its own previous year, with a narrative of its own (so R-5 stays quiet unless a test copies)."""
    report = AnnualReport.from_json(demo_report.to_json())
    report.year = 2023
    report.sections = {
        "一": "2023年，本镇以政务公开专区建设为重点，新建村级公开栏12处。\n（五）监督保障情况。本镇把政务公开纳入年度考核。",
        "五": "宣传渠道较少，群众知晓率不高。下一步将在各村开展政策宣讲活动。",
        "六": "本年度未收取信息处理费。",
    }
    return report


def cross(report, last):
    return [
        f for f in check_report(report, last).flatten(["rule", "sheet", "cells", "found", "expected"]) if f != SUM_SLIP
    ]


def test_nothing_when_last_year_agrees(demo_report, last_year):
    assert cross(demo_report, last_year) == []


def test_t7_carry_over_per_column(demo_report, last_year):
    for col in (spec.T3_NATURAL, spec.T3_TOTAL):
        last_year.set("table3", spec.T3_CARRIED_OUT, col, 1)
    assert cross(demo_report, last_year) == [["T-7", T3, ["D5"], 0, 1], ["T-7", T3, ["J5"], 0, 1]]
    (first, _) = [f for f in check_report(demo_report, last_year) if f.rule == "T-7"]
    assert first.message == (
        "三、依申请公开!D5 二、上年结转政府信息公开申请数量 · 自然人：填写 0，上年报告“结转下年度继续办理”为 1"
    )


def test_t8_documents_in_force_roll_forward(demo_report, last_year):
    last_year.set("table2", "行政规范性文件", spec.T2_DOC_COLS[2], 5)
    assert cross(demo_report, last_year) == [["T-8", T2, ["D4", "B4", "C4"], 0, 5]]
    # 5 in force + 2 issued − 1 repealed = 6
    for col, value in zip(spec.T2_DOC_COLS, (2, 1, 6), strict=True):
        demo_report.set("table2", "行政规范性文件", col, value)
    assert cross(demo_report, last_year) == []


def test_t8_skips_the_slash_of_agencies_without_rule_making_power(demo_report, last_year):
    last_year.set("table2", "规章", spec.T2_DOC_COLS[2], "/")
    demo_report.set("table2", "规章", spec.T2_DOC_COLS[2], 3)
    assert [r for r in cross(demo_report, last_year) if r[0] == "T-8"] == []


def test_r5_copied_narrative(demo_report, last_year):
    last_year.sections = dict(demo_report.sections)
    findings = [f for f in check_report(demo_report, last_year) if f.rule == "R-5"]
    assert [(f.sheet, f.cells, f.found, f.expected) for f in findings] == [
        (spec.SHEET_OVERVIEW, ("B3",), "100%", "50%")
    ]
    assert "第一部分 100%" in findings[0].message


def test_r5_figures_updated_is_still_copied(demo_report, last_year):
    last_year.sections = {k: v.replace("2024", "2023").replace("1770", "1500") for k, v in demo_report.sections.items()}
    assert [f.found for f in check_report(demo_report, last_year) if f.rule == "R-5"] == ["100%"]


def test_r5_half_rewritten_is_below_the_threshold(demo_report, last_year):
    # last year shares only section 六 and the opening of 一: well under half of this year's text
    last_year.sections["六"] = demo_report.sections["六"]
    assert [f for f in check_report(demo_report, last_year) if f.rule == "R-5"] == []


def test_last_year_of_the_wrong_year_is_refused(demo_report):
    with pytest.raises(XltoolError) as exc:
        check_report(demo_report, demo_report)
    assert exc.value.code == "F-LAST-YEAR"
    assert "2023" in exc.value.message


def test_last_year_as_a_path(tmp_path, demo_report, last_year):
    last_year.set("table3", spec.T3_CARRIED_OUT, spec.T3_TOTAL, 1)
    path = tmp_path / "2023年报.json"
    path.write_text(json.dumps(last_year.to_json(), ensure_ascii=False), encoding="utf-8")
    assert [r[:3] for r in cross(demo_report, path)] == [["T-7", T3, ["J5"]]]
    assert [r[:3] for r in cross(demo_report, str(path))] == [["T-7", T3, ["J5"]]]


def test_cli_audit_last_year(cli, tmp_path, demo_report, last_year):
    last_year.set("table3", spec.T3_CARRIED_OUT, spec.T3_TOTAL, 1)
    this, last = tmp_path / "2024.json", tmp_path / "2023.json"
    this.write_text(json.dumps(demo_report.to_json(), ensure_ascii=False), encoding="utf-8")
    last.write_text(json.dumps(last_year.to_json(), ensure_ascii=False), encoding="utf-8")
    result = cli("audit", this, "--last-year", last, "--json")
    assert result.code == 0
    assert [(f["rule"], f["cells"]) for f in json.loads(result.out)["findings"]] == [("T-9", ["B4"]), ("T-7", ["J5"])]
    result = cli("audit", this, "--last-year", this)
    assert result.code == 2 and "上一年度（2023 年）" in result.err


def test_cli_audit_wrong_last_year_names_its_file(cli, tmp_path, demo_report):
    """--last-year is read once before the reports; the refusal still names that file, not just 上年报告."""
    this, wrong = tmp_path / "兴仁镇2024.json", tmp_path / "兴仁镇2022.json"
    this.write_text(json.dumps(demo_report.to_json(), ensure_ascii=False), encoding="utf-8")
    demo_report.year = 2022
    wrong.write_text(json.dumps(demo_report.to_json(), ensure_ascii=False), encoding="utf-8")
    one = cli("audit", this, "--last-year", wrong)
    assert one.code == 2 and str(wrong) in one.err and "上年报告 是" not in one.err
    several = cli("audit", this, this, "--last-year", wrong)  # a batch pairs by agency and year: 2022 fits no one
    assert several.code == 0 and f"{wrong}：上年报告（沙坡头区兴仁镇人民政府，2022）未与本批任何报告配对" in several.out


def test_cli_check_workbook_with_last_year_workbook(cli, tmp_path, demo_report, last_year):
    from xltool.writers.workbook import build_workbook

    for col in (spec.T3_NATURAL, spec.T3_TOTAL):
        last_year.set("table3", spec.T3_CARRIED_OUT, col, 1)
    this, last = tmp_path / "兴仁镇2024.xlsx", tmp_path / "兴仁镇2023.xlsx"
    build_workbook(this, demo_report)
    build_workbook(last, last_year)
    result = cli("check", this, "--last-year", last, "--json")
    assert result.code == 0
    rows = [(f["rule"], f["sheet"], f["cells"]) for f in json.loads(result.out)["findings"]]
    assert rows == [("T-9", spec.SHEET_OVERVIEW, ["B4"]), ("T-7", T3, ["D5"]), ("T-7", T3, ["J5"])]


def test_r7_last_year_of_another_agency_warns_naming_both_and_checks_go_on(demo_report, last_year):
    last_year.agency.name = "沙坡头区东园镇人民政府"
    last_year.set("table3", spec.T3_CARRIED_OUT, spec.T3_NATURAL, 1)
    findings = check_report(demo_report, last_year)
    (r7,) = [f for f in findings if f.rule == "R-7"]
    assert r7.severity == spec.WARNING and r7.where == f"{spec.SHEET_INFO}!B3"
    assert "沙坡头区东园镇人民政府" in r7.message and demo_report.agency.name in r7.message
    assert [f.rule for f in findings if f.rule == "T-7"] == ["T-7"]  # the cross-year checks still ran


@pytest.mark.parametrize(
    "name", ["中卫市沙坡头区兴仁镇人民政府", "兴仁镇人民政府", "沙坡头区 兴仁镇（人民政府）", None]
)
def test_r7_is_quiet_for_the_same_agency_spelled_differently_or_unknown(demo_report, last_year, name):
    demo_report.agency.name = "沙坡头区兴仁镇人民政府"
    last_year.agency.name = name
    assert "R-7" not in [f.rule for f in check_report(demo_report, last_year)]
