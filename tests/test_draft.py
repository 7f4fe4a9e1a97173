"""`xltool draft`: the empty narrative parts of a workbook get the customary sentences, with placeholders (issue 14.3).

The drafted copy of a workbook whose tables are filled and whose prose is empty must check without a T-9 or P-*
finding, read as a clerk writes (the exact sentences for the demo's and a city's tables are reviewed here), never touch
a word the clerk typed, and print numbers — not brackets — in its Word report.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from strategies import consistent_reports

from xltool import check, drafting, spec
from xltool import placeholders as ph
from xltool.model import AnnualReport, Figure, join_overview
from xltool.rules import audit_report
from xltool.writers.draft import DRAFTED, KEPT, LEFT, UNKNOWN, draft_parts, write_drafted_copy
from xltool.writers.workbook import build_workbook

FIXTURES = Path(__file__).parent / "fixtures"
OVERVIEW, OTHER = spec.SHEET_OVERVIEW, spec.SHEET_OTHER
PUBLIC_CELL, REQUESTS_CELL = (dict(spec.NARRATIVE_CELLS["一"])[label] for label in spec.OVERVIEW_PARTS[:2])
OTHER_CELL = spec.NARRATIVE_CELLS["六"][0][1]

#: The demo township's tables (1 application, not processed as a 信访 matter; 56 penalties; nothing else), drafted.
DEMO_DRAFT = {
    (OVERVIEW, PUBLIC_CELL): "（一）主动公开情况。本年度未制发、废止规章和行政规范性文件；作出行政处罚决定【处罚】件，"
    "未收取行政事业性收费。",
    (OVERVIEW, REQUESTS_CELL): "（二）依申请公开情况。本年度新收政府信息公开申请【本年新收】件，办结【办结】件，"
    "其中不予处理【不予处理】件。未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。",
    (OTHER, OTHER_CELL): "本年度未收取信息处理费。",
}
#: 淮安市's 2024 tables (tests/fixtures/real/006): every category in use, fee notices sent (table 三 （六）2 > 0).
CITY_DRAFT = {
    (OVERVIEW, PUBLIC_CELL): "（一）主动公开情况。本年度制发规章【制发规章】件、行政规范性文件【制发规范性文件】件，"
    "废止行政规范性文件【废止规范性文件】件，现行有效规章【现行有效规章】件、行政规范性文件"
    "【现行有效规范性文件】件；作出行政许可决定【许可】件、行政处罚决定【处罚】件、行政强制决定"
    "【强制】件，收取行政事业性收费【收费】万元。",
    (
        OVERVIEW,
        REQUESTS_CELL,
    ): "（二）依申请公开情况。本年度新收政府信息公开申请【本年新收】件，上年结转【上年结转】件，"
    "办结【办结】件，其中予以公开【予以公开】件、部分公开【部分公开】件、不予公开【不予公开】件、"
    "无法提供【无法提供】件、不予处理【不予处理】件、其他处理【其他处理】件，结转下年度继续办理"
    "【结转下年度】件。因政府信息公开工作被申请行政复议【复议】件、被提起行政诉讼【诉讼】件，"
    "其中未经复议直接起诉【直接起诉】件、复议后起诉【复议后起诉】件。",
    (OTHER, OTHER_CELL): "本年度依照《政府信息公开信息处理费管理办法》向申请人发出收费通知，对逾期未按收费通知要求缴纳"
    "费用的申请不再处理，未收取信息处理费。",
}
#: The same city paragraph as it prints (and as the checks read it).
CITY_PRINTED = (
    "（二）依申请公开情况。本年度新收政府信息公开申请3119件，上年结转34件，办结3050件，其中予以公开1362件、"
    "部分公开454件、不予公开178件、无法提供781件、不予处理88件、其他处理187件，结转下年度继续办理103件。"
    "因政府信息公开工作被申请行政复议351件、被提起行政诉讼46件，其中未经复议直接起诉26件、复议后起诉20件。"
)


def city_report() -> AnnualReport:
    data = json.loads((FIXTURES / "real" / "006.tables.json").read_text(encoding="utf-8"))
    return AnnualReport.from_json(
        {
            "schema": spec.REPORT_SCHEMA,
            "year": data["year"],
            "agency": {"name": data["agency"], "kind": "市级人民政府"},
            **{k: data[k] for k in ("table2", "table3", "table4")},
        }
    )


def workbook(tmp_path: Path, report: AnnualReport, name: str = "年报.xlsx") -> Path:
    path = tmp_path / name
    build_workbook(path, report)
    return path


def texts(path: Path) -> dict[tuple[str, str], str | None]:
    wb = openpyxl.load_workbook(path)
    return {(p.sheet, p.cell): wb[p.sheet][p.cell].value for p in drafting.parts()}


def narrative_rules(findings) -> list[str]:
    return [f.message for f in findings if f.rule == "T-9" or f.rule.startswith("P-")]


@pytest.fixture
def empty_demo(tmp_path, demo_report) -> Path:
    demo_report.sections = {}
    return workbook(tmp_path, demo_report)


# ---- the drafted sentences ---------------------------------------------------------------------------------------


def test_demo_tables_draft_the_expected_sentences_and_the_copy_checks_clean(cli, empty_demo, tmp_path):
    out = tmp_path / "起草.xlsx"
    result = cli("draft", empty_demo, "-o", out)
    assert result.code == 0, result.out + result.err
    drafted = texts(out)
    assert {k: v for k, v in drafted.items() if v} == DEMO_DRAFT
    assert "已起草：一、总体情况!B5（（二）依申请公开）" in result.out
    assert "表格中没有可起草的内容，请自行填写：五、问题及改进!B3" in result.out
    findings = check(out)
    assert narrative_rules(findings) == []
    assert findings.valid
    assert {f.rule for f in findings} <= {"R-1", "T-16"}  # 五 and 监督保障 are the clerk's to write


def test_city_tables_draft_every_category_and_read_back_as_the_tables(tmp_path):
    path = workbook(tmp_path, city_report())
    write_drafted_copy(path, tmp_path / "起草.xlsx")
    drafted = texts(tmp_path / "起草.xlsx")
    assert {k: v for k, v in drafted.items() if v} == CITY_DRAFT
    assert ph.fill(drafted[(OVERVIEW, REQUESTS_CELL)], city_report()) == CITY_PRINTED
    findings = check(tmp_path / "起草.xlsx")
    assert narrative_rules(findings) == []
    assert not [f for f in findings if f.rule in ("T-10", "T-11")]


def test_a_fresh_blank_workbook_drafts_what_nothing_happened_means(tmp_path, cli):
    blank = tmp_path / "空白.xlsx"
    assert cli("new", "-o", blank, "--year", "2024").code == 0
    assert cli("draft", blank, "-o", tmp_path / "起草.xlsx").code == 0
    drafted = texts(tmp_path / "起草.xlsx")
    assert drafted[(OVERVIEW, PUBLIC_CELL)] == (
        "（一）主动公开情况。本年度未制发、废止规章和行政规范性文件；"
        "未作出行政许可、行政处罚、行政强制决定，未收取行政事业性收费。"
    )
    assert drafted[(OVERVIEW, REQUESTS_CELL)] == (
        "（二）依申请公开情况。本年度未收到政府信息公开申请。"
        "未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
    )


def test_zero_categories_are_left_out_and_a_lone_group_reads_naturally(demo_report):
    demo_report.set("table2", "规章", spec.T2_DOC_COLS[0], "/")
    demo_report.set("table2", "规章", spec.T2_DOC_COLS[1], "/")
    demo_report.set("table2", "规章", spec.T2_DOC_COLS[2], "/")  # no power to make rules
    demo_report.set("table2", "行政规范性文件", spec.T2_DOC_COLS[2], 4)
    demo_report.set("table4", spec.T4_ROW_KEY, f"{spec.T4_DIRECT}/{spec.T4_TOTAL}", 2)
    public, requests = (drafting.draft_part(p, demo_report) for p in drafting.parts()[1:3])
    assert public == (
        "（一）主动公开情况。本年度未制发、废止行政规范性文件，现行有效行政规范性文件【现行有效规范性文件】件；"
        "作出行政处罚决定【处罚】件，未收取行政事业性收费。"
    )
    assert requests.endswith("因政府信息公开工作被提起行政诉讼【诉讼】件，未被申请行政复议。")


def test_a_fee_figure_of_the_clerks_own_is_quoted_as_collected(demo_report):
    demo_report.figures = [Figure(drafting.FEE_FIGURE, None, 120)]
    other = drafting.parts()[-1]
    assert (
        drafting.draft_part(other, demo_report)
        == "本年度依照《政府信息公开信息处理费管理办法》收取信息处理费【信息处理费】元。"
    )


def test_the_fee_figure_from_the_figures_sheet_drafts_and_checks(tmp_path, demo_report):
    demo_report.sections = {}
    demo_report.figures = [Figure(drafting.FEE_FIGURE, None, 350)]
    write_drafted_copy(workbook(tmp_path, demo_report), tmp_path / "起草.xlsx")
    assert texts(tmp_path / "起草.xlsx")[(OTHER, OTHER_CELL)] == (
        "本年度依照《政府信息公开信息处理费管理办法》收取信息处理费【信息处理费】元。"
    )
    findings = check(tmp_path / "起草.xlsx")
    assert narrative_rules(findings) == [] and not [f for f in findings if f.rule == "T-11"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_reports())
def test_drafted_prose_never_contradicts_consistent_tables(report):
    """Whatever the tables hold, the drafted sentences pass T-9 (figures and stated sums), P-*, T-10 and T-11."""
    parts = {(p.section, p.label): drafting.draft_part(p, report) for p in drafting.parts()}
    report.sections = {
        "一": join_overview([parts[("一", label)] for label, _cell in spec.NARRATIVE_CELLS["一"]]),
        "六": parts[("六", drafting.OTHER)],
    }
    findings = audit_report(report)
    assert [f.message for f in findings if f.rule in ("T-9", "T-10", "T-11") or f.rule.startswith("P-")] == []
    printed = ph.filled_sections(report)
    assert "【" not in printed["一"] + printed["六"]


# ---- the clerk's text, blanks, files --------------------------------------------------------------------------------


def test_the_clerks_text_is_never_overwritten(tmp_path, demo_report):
    mine = {"一": "开篇由办公室撰写。\n（二）依申请公开：已由办公室写好，共 1 件。", "六": "  其他事项由我们自己写。  "}
    demo_report.sections = dict(mine)
    path = workbook(tmp_path, demo_report)
    wb = openpyxl.load_workbook(path)
    wb[OVERVIEW][PUBLIC_CELL].value = "   "  # only spaces: nothing the clerk wrote
    wb.save(path)
    before = texts(path)
    result = write_drafted_copy(path, tmp_path / "起草.xlsx")
    after = texts(tmp_path / "起草.xlsx")
    for key, value in before.items():
        if value and value.strip():
            assert after[key] == value
    assert after[(OVERVIEW, PUBLIC_CELL)] == DEMO_DRAFT[(OVERVIEW, PUBLIC_CELL)]
    assert [p.part.label for p in result.having(DRAFTED)] == ["（一）主动公开"]
    assert {p.part.label for p in result.having(KEPT)} == {"开篇概述", "（二）依申请公开", "其他需要报告的事项"}
    assert texts(path) == before  # the source is only read


def test_a_blank_cell_leaves_its_part_undrafted_and_names_the_cell(tmp_path, demo_report):
    demo_report.sections = {}
    demo_report.set("table3", spec.T3_CARRIED_IN, spec.T3_TOTAL, None)
    result = draft_parts(workbook(tmp_path, demo_report))
    [unknown] = result.having(UNKNOWN)
    assert unknown.part.label == "（二）依申请公开"
    assert unknown.places == ((spec.SHEET_TABLE3, spec.TABLE3.cell(spec.T3_CARRIED_IN, spec.T3_TOTAL).address),)
    assert {p.part.label for p in result.having(DRAFTED)} == {"（一）主动公开", "其他需要报告的事项"}
    assert len(result.having(LEFT)) == 5


def test_output_rules_never_overwrite_without_force_and_never_the_input(cli, empty_demo, tmp_path):
    out = tmp_path / "起草.xlsx"
    out.write_bytes(b"not mine to lose")
    refused = cli("draft", empty_demo, "-o", out)
    assert refused.code == 2 and "已存在" in refused.err and "--force" in refused.err
    assert out.read_bytes() == b"not mine to lose"
    same = cli("draft", empty_demo, "-o", empty_demo, "--force")
    assert same.code == 2 and "输出文件不能与输入文件相同" in same.err
    assert cli("draft", empty_demo, "-o", out, "--force").code == 0
    assert texts(out)[(OTHER, OTHER_CELL)] == DEMO_DRAFT[(OTHER, OTHER_CELL)]
    missing = cli("draft", tmp_path / "没有.xlsx", "-o", tmp_path / "x.xlsx")
    assert missing.code == 2 and "找不到文件" in missing.err
    not_ours = tmp_path / "别的.xlsx"
    openpyxl.Workbook().save(not_ours)
    assert cli("draft", not_ours, "-o", tmp_path / "y.xlsx").code == 2
    assert not (tmp_path / "y.xlsx").exists()


def test_the_word_report_of_a_drafted_copy_prints_numbers_not_brackets(tmp_path, demo_report):
    from docx import Document

    from xltool import read_workbook
    from xltool.writers.docx import write_docx

    demo_report.sections = {"五": "无。"}
    write_drafted_copy(workbook(tmp_path, demo_report), tmp_path / "起草.xlsx")
    docx = write_docx(read_workbook(tmp_path / "起草.xlsx"), tmp_path / "报告.docx")
    body = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "【" not in body and "】" not in body
    assert "本年度新收政府信息公开申请1件，办结1件，其中不予处理1件。" in body
    assert "作出行政处罚决定56件" in body
