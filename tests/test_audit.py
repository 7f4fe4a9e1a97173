"""audit_report: each narrative rule and review point with a passing and a failing case, the demo's one slip, no false
findings on real reports, and `xltool audit` on one and several files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xltool import spec
from xltool.errors import XltoolError
from xltool.model import AnnualReport
from xltool.readers import load as load_report
from xltool.rules import audit_report

FIXTURES = Path(__file__).parent / "fixtures"
OVERVIEW, OTHER, PROBLEMS = spec.SHEET_OVERVIEW, spec.SHEET_OTHER, spec.SHEET_PROBLEMS
#: The demo's sentence about applications, in the （二）依申请公开 cell B5.
RECEIVED_SENTENCE = "兴仁镇2024年收到1条依申请公开"
SUM_SLIP = ["T-9", OVERVIEW, ["B4"], 64, 65]


def flat(report, last_year=None):
    return audit_report(report, last_year).flatten(["rule", "sheet", "cells", "found", "expected"])


def beyond_demo(report, last_year=None):
    """Findings other than the demo's own 64-vs-65 slip."""
    return [f for f in flat(report, last_year) if f != SUM_SLIP]


def edit(report: AnnualReport, section: str, old: str, new: str) -> None:
    assert old in report.sections[section]
    report.sections[section] = report.sections[section].replace(old, new)


# ---- the demo --------------------------------------------------------------------------------------------------------


def test_demo_shows_exactly_the_samples_64_vs_65_slip(demo_report):
    findings = audit_report(demo_report)
    assert findings.flatten(["rule", "sheet", "cells", "found", "expected"]) == [SUM_SLIP]
    (slip,) = findings
    assert slip.severity == spec.WARNING
    assert "主动公开政府信息64条，其中，政府文件信息2条" in slip.message
    assert slip.message.startswith("一、总体情况!B4 ")
    assert findings.exit_code == 0


def test_demo_slip_fixed_leaves_nothing(demo_report):
    edit(demo_report, "一", "主动公开政府信息64条", "主动公开政府信息65条")
    assert flat(demo_report) == []


# ---- T-9: figures against the tables ---------------------------------------------------------------------------------


def test_t9_received_differs_from_table(demo_report):
    edit(demo_report, "一", RECEIVED_SENTENCE, "兴仁镇2024年收到2条依申请公开")
    findings = beyond_demo(demo_report)
    assert findings == [["T-9", OVERVIEW, ["B5"], 2, 1]]
    (finding,) = [f for f in audit_report(demo_report) if f.cells == ("B5",)]
    assert "三、依申请公开!J4" in finding.message and "收到2条依申请公开" in finding.message


def test_t9_received_may_include_carried_in(demo_report):
    # 1 new + 1 carried in = 2 "收到": accepted, as many reports count it so
    for row, value in ((spec.T3_CARRIED_IN, 1), (spec.T3_GRAND_TOTAL, 2), ("（五）不予处理/2.重复申请", 1)):
        for col in (spec.T3_NATURAL, spec.T3_TOTAL):
            demo_report.set("table3", row, col, value)
    edit(demo_report, "一", RECEIVED_SENTENCE, "兴仁镇2024年收到2条依申请公开")
    assert beyond_demo(demo_report) == []
    edit(demo_report, "一", "收到2条依申请公开", "收到3条依申请公开")
    assert beyond_demo(demo_report) == [["T-9", OVERVIEW, ["B5"], 3, 1]]


@pytest.mark.parametrize(
    ("sentence", "found", "expected"),
    [
        ("全年办结政府信息公开申请2件。", 2, 1),  # （七）总计 J27
        ("本年度申请已全部办理，结转下年度继续办理1件。", 1, 0),  # 四 J28
        ("本年度上年结转申请0件，办结申请1件。", None, None),  # both agree with the table
    ],
)
def test_t9_completed_and_carried(demo_report, sentence, found, expected):
    edit(demo_report, "一", "不予处理。", "不予处理。" + sentence)
    assert beyond_demo(demo_report) == ([] if found is None else [["T-9", OVERVIEW, ["B5"], found, expected]])


def test_t9_review_and_litigation_totals(demo_report):
    edit(demo_report, "一", "不予处理。", "不予处理。因政府信息公开被申请行政复议1件、提起行政诉讼2件。")
    assert beyond_demo(demo_report) == [["T-9", OVERVIEW, ["B5"], 1, 0], ["T-9", OVERVIEW, ["B5"], 2, 0]]
    for block, outcome, n in (
        ("行政复议", "结果维持", 1),
        ("未经复议直接起诉", "尚未审结", 1),
        ("复议后起诉", "结果纠正", 1),
    ):
        demo_report.set("table4", spec.T4_ROW_KEY, f"{block}/{outcome}", n)
        demo_report.set("table4", spec.T4_ROW_KEY, f"{block}/总计", n)
    assert beyond_demo(demo_report) == []  # 行政诉讼 = 未经复议直接起诉 + 复议后起诉 = 2


def test_t9_documents(demo_report):
    edit(
        demo_report,
        "一",
        "进一步完善细化政务公开清单目录。",
        "进一步完善细化政务公开清单目录。本年制发行政规范性文件2件。",
    )
    assert beyond_demo(demo_report) == [["T-9", OVERVIEW, ["B6"], 2, 0]]
    for col, value in zip(spec.T2_DOC_COLS, (2, 0, 2), strict=True):
        demo_report.set("table2", "行政规范性文件", col, value)
    assert beyond_demo(demo_report) == []


def test_t9_nothing_to_compare_with_a_blank_cell(demo_report):
    demo_report.set("table3", spec.T3_RECEIVED, spec.T3_TOTAL, None)
    edit(demo_report, "一", RECEIVED_SENTENCE, "兴仁镇2024年收到2条依申请公开")
    assert [r[0] for r in beyond_demo(demo_report)] == ["T-12"]  # the blank, not a narrative mismatch


# ---- T-10, T-11, T-16 -------------------------------------------------------------------------------------------------


def _one_unpaid_fee_application(report: AnnualReport) -> None:
    row = [r.key for r in spec.T3_ROWS if r.group == spec.T3_OLD_OTHER][1]
    for key, value in ((row, 1), (spec.T3_GRAND_TOTAL, 2), (spec.T3_RECEIVED, 2)):
        for col in (spec.T3_NATURAL, spec.T3_TOTAL):
            report.set("table3", key, col, value)
    edit(report, "一", RECEIVED_SENTENCE, "兴仁镇2024年收到2条依申请公开")


def test_t10_fee_notice_must_be_explained(demo_report):
    _one_unpaid_fee_application(demo_report)
    assert beyond_demo(demo_report) == [["T-10", OTHER, ["B3"], 1, None]]
    demo_report.sections["六"] += "本年度向申请人发出收费通知1份，申请人逾期未缴纳费用，不再处理该申请。"
    assert beyond_demo(demo_report) == []


def test_t11_fee_statement_in_six(demo_report):
    demo_report.sections["六"] = "本机关无其他需要报告的事项。"
    assert beyond_demo(demo_report) == [["T-11", OTHER, ["B3"], None, None]]


def test_t16_government_reports_accountability(demo_report):
    edit(demo_report, "一", "将政务公开工作列入镇效能目标考核，", "")
    edit(demo_report, "一", "今年未出现由于政府信息公开被追责问责情况。", "")
    assert beyond_demo(demo_report) == [["T-16", OVERVIEW, ["B8"], None, None]]
    demo_report.agency.kind = "政府部门"  # Art. 50(4) binds 人民政府 only
    assert beyond_demo(demo_report) == []


# ---- review points -----------------------------------------------------------------------------------------------------


def test_r1_empty_narrative_section(demo_report):
    demo_report.sections["五"] = "  "
    assert beyond_demo(demo_report) == [["R-1", PROBLEMS, ["B3"], None, None]]


def _published(name: str, year: int | None = None) -> AnnualReport:
    """A published report as the importer gives it: tables, and the full text (sections cut from it here)."""
    data = json.loads((FIXTURES / f"{name}.tables.json").read_text(encoding="utf-8"))
    if isinstance(data.get("agency"), str):
        data["agency"] = {"name": data["agency"]}
    report = AnnualReport.from_json(data)
    report.year = report.year or year
    report.text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    return report


def test_r1_published_sections_missing_or_out_of_order():
    report = _published("000_0a7990abdff832d1", 2024)
    heading_5, heading_6 = "五、存在的主要问题及改进情况", "六、其他需要报告的事项"
    report.text = report.text.replace(heading_5, "存在的问题")
    assert [[r, row] for r, _s, row in audit_report(report).flatten(["rule", "sheet", "row_label"]) if r == "R-1"] == [
        ["R-1", heading_5]
    ]
    report.text = (FIXTURES / "000_0a7990abdff832d1.txt").read_text(encoding="utf-8")
    body5 = report.text[report.text.index(heading_5) : report.text.index(heading_6)]
    report.text = report.text.replace(body5, "") + "\n" + body5  # 五 moved after 六
    r1 = [f for f in audit_report(report) if f.rule == "R-1"]
    assert [(f.row_label, f.sheet) for f in r1] == [(heading_5, PROBLEMS)]
    assert "六、其他需要报告的事项" in r1[0].message


def test_r2_old_2019_table_layout(demo_report):
    demo_report.table3_variant = "2019"
    assert ["R-2", spec.SHEET_TABLE3, [], None, None] in flat(demo_report)


def test_r3_wrong_year_in_title_and_period():
    report = _published("000_0a7990abdff832d1", 2024)
    assert [f for f in audit_report(report) if f.rule == "R-3"] == []
    report.text = report.text.replace(
        "沙坡头区兴仁镇\n2024年政府信息公开工作年度报告", "沙坡头区兴仁镇\n2023年政府信息公开工作年度报告"
    )
    report.text = report.text.replace("从 2024 年 1 月 1 日至", "从 2023 年 1 月 1 日至")
    rows = [
        r for r in audit_report(report).flatten(["rule", "sheet", "row_label", "found", "expected"]) if r[0] == "R-3"
    ]
    assert rows == [["R-3", spec.SHEET_INFO, "标题", 2023, 2024], ["R-3", spec.SHEET_INFO, "统计期限", 2023, 2024]]


def test_r3_period_in_a_workbook_narrative(demo_report):
    demo_report.sections["六"] += "本报告统计数据从2023年1月1日至12月31日。"
    assert beyond_demo(demo_report) == [["R-3", OTHER, ["B3"], 2023, 2024]]


def test_r4_leftover_placeholders(demo_report):
    demo_report.sections["五"] += "\n（三）其他情况\n待补充。"
    demo_report.agency.name = "XX镇人民政府"
    assert beyond_demo(demo_report) == [
        ["R-4", spec.SHEET_INFO, ["B3"], "XX", None],
        ["R-4", PROBLEMS, ["B3"], "待补充", None],
    ]


def test_r4_in_a_published_text_names_the_section():
    report = _published("000_0a7990abdff832d1", 2024)
    report.text = report.text.replace("2024年兴仁镇未收取信息处理费。", "2024年XX镇未收取信息处理费。")
    rows = [r for r in audit_report(report).flatten(["rule", "sheet", "found"]) if r[0] == "R-4"]
    assert rows == [["R-4", OTHER, "XX"]]


@pytest.mark.parametrize("furniture", ["- 5 -", "第5页共6页", "5 / 6"])
def test_page_furniture_is_not_quoted(furniture):
    """A page break inside a sentence of a published text: the quote is the sentence, not the page number."""
    report = _published("000_0a7990abdff832d1", 2024)
    report.text = report.text.replace("2024年兴仁镇未收取信息处理费。", f"2024年XX镇未收取\n{furniture}\n信息处理费。")
    rows = [r for r in audit_report(report).flatten(["rule", "sheet", "found", "detail"]) if r[0] == "R-4"]
    assert rows == [["R-4", OTHER, "XX", "2024年XX镇未收取信息处理费。"]]


# ---- real reports: no false narrative findings -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["000_0a7990abdff832d1", "real/001", "real/006"])
def test_real_reports_give_no_false_t9(name):
    report = _published(name)
    t9 = [f for f in audit_report(report) if f.rule == "T-9"]
    if name.startswith("000"):  # the sample's own slip, and nothing else
        assert [(f.found, f.expected) for f in t9] == [(64, 65)]
    else:
        assert t9 == []


def test_real_reports_review_points():
    # 001: clean narrative; all six sections, the right year, a fee statement
    assert [f.rule for f in audit_report(_published("real/001"))] == ["T-13"]  # its fee 24252.311082 is large
    # 006 (淮安市人民政府): a true T-10 (6 applications dropped for unpaid fees, 六 says nothing of notices), and, as a
    # government, a true T-16 (no word on 考核, 评议 or 追究)
    report = _published("real/006")
    report.agency.kind = "市级人民政府"
    assert [f.rule for f in audit_report(report)] == ["T-10", "T-16"]


# ---- loading ----------------------------------------------------------------------------------------------------------


def test_load_report_json_and_bad_input(tmp_path, demo_report):
    path = tmp_path / "年报.json"
    path.write_text(json.dumps(demo_report.to_json(), ensure_ascii=False), encoding="utf-8")
    assert load_report(path).sections == demo_report.sections
    bad = tmp_path / "坏.json"
    bad.write_text("{不是 JSON", encoding="utf-8")
    with pytest.raises(XltoolError) as exc:
        load_report(bad)
    assert exc.value.code == "F-BAD-JSON"
    with pytest.raises(XltoolError) as exc:
        load_report(tmp_path / "没有.json")
    assert exc.value.code == "F-NOT-FOUND"


# ---- the command ------------------------------------------------------------------------------------------------------


def _write(report: AnnualReport, path: Path) -> Path:
    path.write_text(json.dumps(report.to_json(), ensure_ascii=False), encoding="utf-8")
    return path


def test_cli_audit_one_report(cli, tmp_path, demo_report):
    path = _write(demo_report, tmp_path / "兴仁镇.json")
    result = cli("audit", path)
    assert result.code == 0
    assert "T-9" in result.out and "64" in result.out and "发现 0 个错误、1 个警告" in result.out
    result = cli("audit", path, "--json")
    assert result.code == 0
    data = json.loads(result.out)
    assert [(f["rule"], f["cells"], f["found"], f["expected"]) for f in data["findings"]] == [("T-9", ["B4"], 64, 65)]
    assert "主动公开政府信息64条" in data["findings"][0]["message"]


def test_cli_audit_several_reports_keeps_going(cli, tmp_path, demo_report):
    good = _write(demo_report, tmp_path / "a.json")
    demo_report.set("table3", spec.T3_CARRIED_OUT, spec.T3_TOTAL, 5)
    broken = _write(demo_report, tmp_path / "b.json")
    unreadable = tmp_path / "c.json"
    unreadable.write_text("[", encoding="utf-8")
    result = cli("audit", good, broken, unreadable)
    assert result.code == 2
    summary = result.out[result.out.index("审核汇总") :].splitlines()
    assert summary[1:] == [
        f"{good}：发现 0 个错误、1 个警告。",
        f"{broken}：发现 2 个错误、1 个警告。",
        f"{unreadable}：无法读取（{unreadable} 不是有效的 Report JSON：Expecting value: line 1 column 2 (char 1)）",
    ]
    assert "Report JSON" in result.err
    assert cli("audit", good, broken).code == 1
    assert cli("audit", good, good).code == 0


def test_cli_audit_several_reports_json(cli, tmp_path, demo_report):
    good = _write(demo_report, tmp_path / "a.json")
    result = cli("audit", good, tmp_path / "a.json", "--json")
    data = json.loads(result.out)
    assert [r["path"] for r in data["reports"]] == [str(good), str(good)]
    assert data["reports"][0]["counts"] == {"errors": 0, "warnings": 1, "explained": 0, "unchecked": 0}
    bad = tmp_path / "b.json"
    bad.write_text("[", encoding="utf-8")
    result = cli("audit", good, bad, "--json")
    assert result.code == 2
    assert json.loads(result.out)["reports"][1]["error"]["code"] == "F-BAD-JSON"


def test_cli_audit_one_unreadable_report_exits_2(cli, tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text("[", encoding="utf-8")
    result = cli("audit", bad)
    assert result.code == 2 and "不是有效的 Report JSON" in result.err


# ---- published files, read by the importer ----------------------------------------------------------------------------


def test_published_sample_shows_only_its_slip():
    from xltool import audit_file as audit_path

    findings = audit_path(FIXTURES / "000_0a7990abdff832d1.txt")
    assert findings.flatten(["rule", "sheet", "cells", "found", "expected"]) == [["T-9", OVERVIEW, [], 64, 65]]
    assert "原文：“主动公开政府信息64条，其中" in findings.items[0].message


def test_published_pdf_gives_only_its_true_warnings():
    from xltool import audit_file as audit_path

    assert [f.rule for f in audit_path(FIXTURES / "real" / "006.pdf")] == ["T-10", "T-16"]


def test_planted_narrative_and_carry_over_errors_in_a_published_text(cli, tmp_path, demo_report):
    text = (FIXTURES / "000_0a7990abdff832d1.txt").read_text(encoding="utf-8")
    planted = tmp_path / "兴仁镇.txt"
    planted.write_text(text.replace("兴仁镇 2024年收到 1条依申请公", "兴仁镇 2024年收到 3条依申请公"), encoding="utf-8")
    demo_report.year = 2023
    demo_report.sections["一"] = "2023年，本镇以政务公开专区建设为重点。"
    for col in (spec.T3_NATURAL, spec.T3_TOTAL):
        demo_report.set("table3", spec.T3_CARRIED_OUT, col, 2)
    last = tmp_path / "2023.json"
    last.write_text(json.dumps(demo_report.to_json(), ensure_ascii=False), encoding="utf-8")
    result = cli("audit", planted, "--last-year", last, "--json")
    assert result.code == 0
    rows = [(f["rule"], f["sheet"], f["cells"], f["found"], f["expected"]) for f in json.loads(result.out)["findings"]]
    assert rows == [
        ("T-9", OVERVIEW, [], 64, 65),
        ("T-9", OVERVIEW, [], 3, 1),
        ("T-7", spec.SHEET_TABLE3, ["D5"], 0, 2),
        ("T-7", spec.SHEET_TABLE3, ["J5"], 0, 2),
    ]


def test_cli_audit_several_published_reports(cli):
    result = cli("audit", FIXTURES / "000_0a7990abdff832d1.txt", FIXTURES / "real" / "001.txt")
    assert result.code == 0
    assert result.out.count("发现 0 个错误、1 个警告。") == 4  # each report's own summary, then its line in 审核汇总


def test_planted_errors_in_a_word_report_written_by_the_project(tmp_path, demo_report):
    from xltool import audit_file as audit_path
    from xltool import write_docx

    clean = tmp_path / "兴仁镇.docx"
    write_docx(demo_report, clean)
    assert audit_path(clean).flatten(["rule", "found", "expected"]) == [["T-9", 64, 65]]
    edit(demo_report, "一", RECEIVED_SENTENCE, "兴仁镇2024年收到4条依申请公开")
    demo_report.set("table3", spec.T3_CARRIED_OUT, spec.T3_TOTAL, 5)
    planted = tmp_path / "兴仁镇-改.docx"
    write_docx(demo_report, planted)
    rows = audit_path(planted).flatten(["rule", "cells", "found", "expected"])
    assert ["T-1", ["J28", "J4", "J5", "J27"], 5, 0] in rows
    assert ["T-9", [], 4, 1] in rows
