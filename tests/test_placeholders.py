"""Numbers in the prose come from the workbook (issue 14): placeholders bound to cells, and figures with parts.

A clerk writes 【本年新收】 in a narrative cell; the Word report prints the table's value there and the checks read
the text as it will print. Unknown names (P-1), placeholders without a value (P-2) and figures whose parts disagree
(P-3) are reported. Everything goes through the real workbook: built, read back, checked, printed.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document

from xltool import build_workbook, check_report, read_workbook, spec
from xltool.model import AnnualReport, Figure
from xltool.spec import figures as fs
from xltool.writers.docx import render_docx

RECEIVED = (spec.T3_RECEIVED, spec.T3_TOTAL)
#: The sample's sentence on 依申请公开 as it was published, and written with a placeholder.
TYPED = "兴仁镇2024年收到1条依申请公开"
WITH_PLACEHOLDER = "兴仁镇2024年收到【本年新收】条依申请公开"
#: The sample's 主动公开 sentence, whose eight categories add up to 65 while it says 64 (the slip T-9 finds).
PORTAL_TYPED = (
    "主动公开政府信息64条，其中，政府文件信息2条，乡镇动态17条，领导信息3条，财政预决算信息2条，行政执法信息1条，"
    "法治政府建设工作报告1条，民生保障38条，政府工作报告1条。"
)
PORTAL_PARTS = (
    ("政府文件信息", 2),
    ("乡镇动态", 17),
    ("领导信息", 3),
    ("财政预决算信息", 2),
    ("行政执法信息", 1),
    ("法治政府建设工作报告", 1),
    ("民生保障", 38),
    ("政府工作报告", 1),
)


def _through_workbook(report: AnnualReport, tmp_path: Path, name: str = "年报.xlsx") -> AnnualReport:
    path = tmp_path / name
    build_workbook(path, report)
    return read_workbook(path)


def _printed(report: AnnualReport) -> str:
    doc = Document(io.BytesIO(render_docx(report)))
    return "\n".join(p.text for p in doc.paragraphs)


def _with_placeholder(demo_report: AnnualReport) -> AnnualReport:
    demo_report.sections["一"] = demo_report.sections["一"].replace(TYPED, WITH_PLACEHOLDER)
    return demo_report


def test_the_word_report_prints_the_workbooks_numbers_and_no_brackets(demo_report, tmp_path):
    report = _through_workbook(_with_placeholder(demo_report), tmp_path)
    assert WITH_PLACEHOLDER in report.sections["一"]  # the workbook keeps what the clerk typed
    text = _printed(report)
    assert TYPED in text and fs.OPEN not in text and fs.CLOSE not in text


def test_changing_a_table_cell_changes_the_prose_on_the_next_report(demo_report, tmp_path):
    report = _with_placeholder(demo_report)
    report.set("table3", *RECEIVED, 7)
    report.set("table3", spec.T3_RECEIVED, spec.T3_NATURAL, 7)
    assert "兴仁镇2024年收到7条依申请公开" in _printed(_through_workbook(report, tmp_path))


def test_check_reads_a_placeholder_as_the_number_it_stands_for(demo_report, tmp_path):
    typed_wrong = demo_report.sections["一"].replace(TYPED, "兴仁镇2024年收到3条依申请公开")
    wrong = AnnualReport.from_json({**demo_report.to_json(), "sections": {**demo_report.sections, "一": typed_wrong}})
    assert any(f.rule == "T-9" and f.found == 3 for f in check_report(_through_workbook(wrong, tmp_path, "a.xlsx")))
    right = check_report(_through_workbook(_with_placeholder(demo_report), tmp_path, "b.xlsx"))
    assert not [f for f in right if f.rule.startswith("P-")]
    assert [f.cells for f in right if f.rule == "T-9"] == [("B4",)]  # only the sample's own 64-vs-65 slip remains


def test_an_unknown_name_that_looks_like_a_figure_gets_the_closest_names(demo_report, tmp_path):
    demo_report.sections["五"] = "本年新收申请【本年新増】件。相关规定见【注】。"
    report = _through_workbook(demo_report, tmp_path)
    found = [f for f in check_report(report) if f.rule == "P-1"]
    assert len(found) == 1 and found[0].severity == spec.WARNING
    assert found[0].where == f"{spec.SHEET_PROBLEMS}!B3" and "【本年新收】" in found[0].message
    text = _printed(report)
    assert "【本年新増】" in text and "【注】" in text  # only names on the list are replaced


@pytest.mark.parametrize(("value", "why"), [(None, "为空"), ("十二", "不是有效数字")])
def test_a_placeholder_whose_cell_is_blank_or_invalid_is_an_error_at_both_places(demo_report, tmp_path, value, why):
    demo_report.sections["六"] = "本年度共收到行政复议【复议】件。"
    demo_report.set("table4", spec.T4_ROW_KEY, f"{spec.T4_REVIEW}/{spec.T4_TOTAL}", value)
    found = [f for f in check_report(_through_workbook(demo_report, tmp_path)) if f.rule == "P-2"]
    assert {f.where for f in found} == {f"{spec.SHEET_OTHER}!B3", f"{spec.SHEET_TABLE4}!E4"}
    assert all(f.severity == spec.ERROR and why in f.message for f in found)
    narrative = next(f for f in found if f.sheet == spec.SHEET_OTHER)
    assert "四、复议诉讼!E4" in narrative.message and "【复议】" in narrative.message


def _portal(report: AnnualReport, typed_total: int | None = None) -> AnnualReport:
    """The sample's 主动公开 sentence written with a figure and its eight parts (the 数字与分项 sheet)."""
    sentence = "主动公开政府信息【门户网站】条，其中，" + "，".join(f"{n}【{n}】条" for n, _v in PORTAL_PARTS) + "。"
    report.sections["一"] = report.sections["一"].replace(PORTAL_TYPED, sentence)
    report.figures = [Figure("门户网站", None, typed_total), *(Figure(n, "门户网站", v) for n, v in PORTAL_PARTS)]
    return report


def test_the_samples_portal_paragraph_written_with_parts_prints_65(demo_report, tmp_path):
    report = _through_workbook(_portal(demo_report), tmp_path)
    assert [f.name for f in report.figures][:2] == ["门户网站", "政府文件信息"]
    assert "主动公开政府信息65条，其中，政府文件信息2条，乡镇动态17条" in _printed(report)
    assert not [f for f in check_report(report) if f.rule in ("T-9", "P-1", "P-2", "P-3")]  # the slip cannot happen


def test_a_figure_whose_entered_total_differs_from_its_parts_is_an_error(demo_report, tmp_path):
    found = [
        f for f in check_report(_through_workbook(_portal(demo_report, typed_total=64), tmp_path)) if f.rule == "P-3"
    ]
    assert len(found) == 1
    assert found[0].where == f"{spec.SHEET_FIGURES}!C3" and found[0].found == 64 and found[0].expected == 65
    assert "数字与分项!C3 门户网站" in found[0].message


def test_report_json_carries_placeholders_and_figures_losslessly(demo_report):
    report = _portal(_with_placeholder(demo_report))
    data = json.loads(json.dumps(report.to_json(), ensure_ascii=False))
    assert data["figures"][0] == {"name": "门户网站", "parent": None, "value": None}
    again = AnnualReport.from_json(data)
    assert again.figures == report.figures and again.sections == report.sections


def test_the_reference_sheet_lists_every_name_with_a_live_value(tmp_path, demo_report):
    import openpyxl

    path = tmp_path / "年报.xlsx"
    build_workbook(path, demo_report)
    ws = openpyxl.load_workbook(path)[fs.SHEET_PLACEHOLDERS]
    listed = {ws.cell(r, 1).value: ws.cell(r, 3).value for r in range(fs.FIGURE_FIRST_ROW, ws.max_row + 1)}
    assert set(listed) == {fs.placeholder(p.name) for p in fs.PLACEHOLDERS}
    assert (
        listed["【本年新收】"] == "='三、依申请公开'!J4"
        and listed["【诉讼】"] == "=SUM('四、复议诉讼'!J4,'四、复议诉讼'!O4)"
    )


def test_every_placeholder_name_reads_its_cells(demo_report):
    """Each declared name sums exactly its cells: set them to distinct numbers and compare."""
    from xltool.placeholders import resolve

    for n, p in enumerate(fs.PLACEHOLDERS):
        report = AnnualReport.blank(2024, "某镇")
        for i, (table, row, col) in enumerate(p.cells):
            report.set(table, row, col, n + i + 1)
        got = resolve(p.name, report)
        assert got.ok, p.name
        assert float(got.value) == sum(n + i + 1 for i in range(len(p.cells))), p.name
