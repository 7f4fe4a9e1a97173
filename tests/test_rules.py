"""Each table rule with a passing and a failing case, asserted as flat [rule, cells, found, expected] rows."""

from __future__ import annotations

import pytest

from xltool import spec
from xltool.findings import Finding
from xltool.rules.tables import read_entry, validate

T3 = spec.SHEET_TABLE3
NATURAL = spec.T3_NATURAL


def flat(report):
    return validate(report).flatten(["rule", "sheet", "cells", "found", "expected"])


def first_cells(report):
    return [[r, s, c[0]] for r, s, c, *_ in flat(report)]


def test_demo_report_is_clean(demo_report):
    assert flat(demo_report) == []


def test_t1_received_plus_carried_in_equals_total_plus_carried_out(demo_report):
    # 一 + 二 = （七） + 四 in every column: move one application from 一 to 二 and it still holds
    demo_report.set("table3", spec.T3_RECEIVED, NATURAL, 0)
    demo_report.set("table3", spec.T3_CARRIED_IN, NATURAL, 1)
    demo_report.set("table3", spec.T3_RECEIVED, spec.T3_TOTAL, 0)
    demo_report.set("table3", spec.T3_CARRIED_IN, spec.T3_TOTAL, 1)
    assert flat(demo_report) == []
    # carry 2 forward while only 1 came in: D28 should be 1 + 0 − 1 = 0
    demo_report.set("table3", spec.T3_CARRIED_OUT, NATURAL, 2)
    demo_report.set("table3", spec.T3_CARRIED_OUT, spec.T3_TOTAL, 2)
    assert flat(demo_report) == [
        ["T-1", T3, ["D28", "D4", "D5", "D27"], 2, 0],
        ["T-1", T3, ["J28", "J4", "J5", "J27"], 2, 0],
    ]


def test_t2_grand_total_is_the_sum_of_the_21_result_rows(demo_report):
    demo_report.set("table3", "（一）予以公开", NATURAL, 4)
    demo_report.set("table3", "（一）予以公开", spec.T3_TOTAL, 4)
    rows = flat(demo_report)
    assert [r[:2] for r in rows] == [["T-2", T3], ["T-2", T3]]
    assert rows[0][2][0] == "D27" and rows[0][3:] == [1, 5]
    assert rows[0][2][1:] == [f"D{n}" for n in range(6, 27)]
    assert rows[1][2][0] == "J27" and rows[1][3:] == [1, 5]


def test_t3_row_total_is_the_sum_of_the_six_applicant_columns(demo_report):
    demo_report.set("table3", spec.T3_CARRIED_OUT, spec.T3_TOTAL, 3)
    # J28 breaks its row (T-3) and the 总计 column's T-1
    assert sorted(first_cells(demo_report)) == [["T-1", T3, "J28"], ["T-3", T3, "J28"]]
    t3 = [r for r in flat(demo_report) if r[0] == "T-3"]
    assert t3 == [["T-3", T3, ["J28", "D28", "E28", "F28", "G28", "H28", "I28"], 3, 0]]


def test_t4_each_block_total_is_the_sum_of_its_outcomes(demo_report):
    for block, total in (("行政复议", 2), ("未经复议直接起诉", 0), ("复议后起诉", 1)):
        demo_report.set("table4", spec.T4_ROW_KEY, f"{block}/结果维持", 1)
        demo_report.set("table4", spec.T4_ROW_KEY, f"{block}/结果纠正", 1 if block == "行政复议" else 0)
        demo_report.set("table4", spec.T4_ROW_KEY, f"{block}/总计", total)
    assert flat(demo_report) == [
        ["T-4", spec.SHEET_TABLE4, ["J4", "F4", "G4", "H4", "I4"], 0, 1],
    ]


@pytest.mark.parametrize(
    ("raw", "rule"),
    [
        (3, None),
        (3.0, None),
        (" 3 ", "T-5b"),
        ("３", "T-5b"),
        ("-1", "T-5"),
        (-1, "T-5"),
        (2.5, "T-5"),
        ("12件", "T-5"),
        ("1,000", "T-5"),
        (True, "T-5"),
        (None, "T-12"),
        ("  ", "T-12"),
        ("/", "T-5"),
    ],
)
def test_count_cell_domain(demo_report, raw, rule):
    cell = spec.TABLE2.cell("行政处罚", spec.T2_DECISIONS)
    demo_report.set("table2", cell.row, cell.col, raw)
    assert [r[:3] for r in flat(demo_report)] == ([[rule, spec.SHEET_TABLE2, ["B10"]]] if rule else [])


@pytest.mark.parametrize(
    ("raw", "rules"),
    [
        ("0", []),
        ("1.25", []),
        (1.25, []),
        ("24252.311082", ["T-13"]),
        ("１.５", ["T-5b"]),
        ("-0.5", ["T-5"]),
        ("五万", ["T-5"]),
        (None, ["T-12"]),
        ("/", ["T-5"]),
    ],
)
def test_fee_cell_domain_and_unit(demo_report, raw, rules):
    cell = spec.TABLE2.cells[-1]
    assert cell.kind == "fee"
    demo_report.set("table2", cell.row, cell.col, raw)
    assert [r[0] for r in flat(demo_report)] == rules


def test_fee_threshold_depends_on_the_kind_of_agency(demo_report):
    cell = spec.TABLE2.cells[-1]
    demo_report.set("table2", cell.row, cell.col, "96171.6")  # a city's real figure (淮安 2024)
    assert [r[0] for r in flat(demo_report)] == ["T-13"]
    demo_report.agency.kind = "市级人民政府"
    assert flat(demo_report) == []


def test_t12b_slash_only_in_the_rules_row(demo_report):
    demo_report.set("table2", "规章", "现行有效件数", "/")
    assert flat(demo_report) == [["T-12b", spec.SHEET_TABLE2, ["D3"], "/", None]]
    demo_report.set("table2", "行政规范性文件", "现行有效件数", "／")
    assert [r[:3] for r in flat(demo_report)] == [
        ["T-12b", spec.SHEET_TABLE2, ["D3"]],
        ["T-5", spec.SHEET_TABLE2, ["D4"]],
    ]


def test_a_broken_cell_is_reported_once_not_again_by_the_sums(demo_report):
    demo_report.set("table3", "（一）予以公开", NATURAL, "x")
    assert [r[:3] for r in flat(demo_report)] == [["T-5", T3, ["D6"]]]


def test_read_entry_keeps_what_was_entered():
    assert read_entry("１２").value == 12 and read_entry("１２").note == "全角数字"
    assert read_entry(" 7 ").value == 7 and read_entry(" 7 ").note == "文本格式的数字"
    assert read_entry("/").value == "/"
    assert read_entry("").value is None
    assert str(read_entry("0.10").value) == "0.10"


def test_messages_name_sheet_cell_labels_found_and_expected(demo_report):
    demo_report.set("table3", spec.T3_GRAND_TOTAL, NATURAL, 5)
    demo_report.set("table3", spec.T3_GRAND_TOTAL, spec.T3_TOTAL, 5)
    demo_report.set("table3", spec.T3_CARRIED_OUT, NATURAL, 0)
    messages = [f.message for f in validate(demo_report)]
    assert "三、依申请公开!D27 （七）总计 · 自然人：填写 5，按各分项合计应为 1" in messages


@pytest.mark.parametrize("rule", spec.RULES, ids=lambda r: r.id)
def test_every_rule_template_renders_with_the_finding_fields(rule):
    message = Finding(rule.id, spec.SHEET_TABLE3, ("D27",), "（七）总计", "自然人", 5, 6, "原文").message
    assert message and "{" not in message


def test_a_2019_table_three_is_checked_without_its_missing_rows(demo_report):
    data = demo_report.to_json()
    other = [k for k in data["table3"] if k.startswith(spec.T3_OLD_OTHER)]
    for key in other:
        del data["table3"][key]
    data["table3"][spec.T3_OLD_OTHER] = [2, 0, 0, 0, 0, 0, 2]
    data["table3_variant"] = "2019"
    from xltool.model import AnnualReport

    report = AnnualReport.from_json(data)
    # the old row's 2 applications are not in （七）总计 (still 1): exactly the two sums that include them break
    assert [r[:3] for r in flat(report)] == [
        ["T-2", T3, ["D27"] + [f"D{n}" for n in range(6, 27)]],
        ["T-2", T3, ["J27"] + [f"J{n}" for n in range(6, 27)]],
    ]
