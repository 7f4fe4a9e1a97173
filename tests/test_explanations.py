"""Explained warnings (情况说明): a written explanation turns a warning into 已说明; an error stays an error."""

from __future__ import annotations

import json

import pytest

from xltool import spec
from xltool.rules import audit_report

SLIP_KEY = "T-9@一、总体情况!B4"
NOTE = "“其中”各项含 1 条重复统计的政府工作报告，64 条为准确数。"


def test_the_key_of_the_demos_warning():
    from xltool.demo import demo_report

    assert [f.key for f in audit_report(demo_report())] == [SLIP_KEY]


def test_explained_warning_is_shown_as_explained(demo_report):
    demo_report.explanations = {SLIP_KEY: NOTE}
    findings = audit_report(demo_report)
    (slip,) = findings
    assert slip.explained and slip.explanation == NOTE
    assert findings.counts() == {"errors": 0, "warnings": 0, "explained": 1, "unchecked": 0}
    assert findings.exit_code == 0
    assert findings.to_json()["findings"][0]["explanation"] == NOTE


@pytest.mark.parametrize("key", [" T-9＠一、总体情况！B4 ", "Ｔ－９＠一、总体情况！Ｂ４", "T-9@一、总体\n情况!B4"])
def test_key_as_the_clerk_may_type_it(demo_report, key):
    demo_report.explanations = {key: NOTE}
    assert [f.explained for f in audit_report(demo_report)] == [True]


def test_explanation_of_another_place_changes_nothing(demo_report):
    demo_report.explanations = {"T-9@一、总体情况!B5": NOTE, "T-7@三、依申请公开!D5": "上年报告有误"}
    assert [(f.rule, f.explained) for f in audit_report(demo_report)] == [("T-9", False)]


def test_error_cannot_be_explained_away(demo_report):
    demo_report.set("table3", spec.T3_CARRIED_OUT, spec.T3_TOTAL, 5)
    demo_report.explanations = {"T-1@三、依申请公开!J28": "结转数以系统为准"}
    findings = audit_report(demo_report)
    rows = findings.flatten(["rule", "cells", "explanation"])
    assert ["T-1", ["J28", "J4", "J5", "J27"], None] in rows
    assert ["R-6", ["J28", "J4", "J5", "J27"], None] in rows
    r6 = next(f for f in findings if f.rule == "R-6")
    assert r6.found == "T-1" and "结转数以系统为准" in r6.message
    assert findings.exit_code == 1


def test_cli_audit_shows_explained_and_exits_0(cli, tmp_path, demo_report):
    demo_report.explanations = {SLIP_KEY: NOTE}
    path = tmp_path / "兴仁镇.json"
    path.write_text(json.dumps(demo_report.to_json(), ensure_ascii=False), encoding="utf-8")
    result = cli("audit", path)
    assert result.code == 0
    assert "已说明" in result.out and "另有 1 个警告已说明" in result.out


def test_cli_audit_error_with_explanation_exits_1(cli, tmp_path, demo_report):
    demo_report.set("table3", spec.T3_CARRIED_OUT, spec.T3_TOTAL, 5)
    demo_report.explanations = {"T-1@三、依申请公开!J28": "结转数以系统为准"}
    path = tmp_path / "兴仁镇.json"
    path.write_text(json.dumps(demo_report.to_json(), ensure_ascii=False), encoding="utf-8")
    assert cli("audit", path).code == 1


def test_explanations_survive_the_workbook(cli, tmp_path, demo_report):
    """Written in the 情况说明 sheet, read back by `xltool check`: the warning shows as explained, exit status 0."""
    from xltool.writers.workbook import build_workbook

    demo_report.explanations = {SLIP_KEY: NOTE}
    path = tmp_path / "兴仁镇.xlsx"
    build_workbook(path, demo_report)
    result = cli("check", path, "--json")
    assert result.code == 0
    assert [(f["rule"], f.get("explanation")) for f in json.loads(result.out)["findings"]] == [("T-9", NOTE)]
