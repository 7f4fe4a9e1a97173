"""`xltool merge` (an area's 汇总 from its parts) and `xltool compare` (cell-by-cell differences), through the CLI and
the Python API. Expected sums are computed here from the inputs as written, never by running merge."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from xltool import spec
from xltool.errors import XltoolError
from xltool.model import AnnualReport
from xltool.rules.rollup import compare_files, compare_reports, merge_files

FIXTURES = Path(__file__).parent / "fixtures"


def _variant(base: AnnualReport, name: str, shift: int) -> AnnualReport:
    """A clean report of another agency: every count of a T-1/T-2/T-3 group raised consistently by ``shift``."""
    report = AnnualReport.from_json(base.to_json())
    report.agency.name = name
    for col in (spec.T3_NATURAL, spec.T3_TOTAL):
        for row in (spec.T3_RECEIVED, spec.T3_RESULT_ROWS[0], spec.T3_GRAND_TOTAL):
            report.set("table3", row, col, report.get("table3", row, col) + shift)
    report.set("table2", "行政许可", spec.T2_DECISIONS, shift * 10)
    report.set("table2", "行政事业性收费", spec.T2_FEE_COL, f"0.{shift}5")
    return report


@pytest.fixture
def parts(tmp_path, demo_report) -> list[Path]:
    from xltool.writers.workbook import build_workbook

    paths = []
    for i, name in enumerate(("甲镇人民政府", "乙镇人民政府", "丙街道办事处"), 1):
        path = tmp_path / f"{name}.xlsx"
        build_workbook(path, _variant(demo_report, name, i))
        paths.append(path)
    return paths


def test_merge_of_three_workbooks_is_their_cell_sum_and_checks_clean(cli, parts, tmp_path):
    from xltool import check, read_workbook

    out = tmp_path / "汇总.xlsx"
    result = cli("merge", *parts, "-o", out, "--agency", "某区人民政府", "--year", "2024")
    assert result.code == 0, result.err
    assert f"已生成汇总工作簿（3 份报告）：{out}" in result.out and "注意" not in result.out
    inputs = [read_workbook(p) for p in parts]
    merged = read_workbook(out)
    assert (merged.agency.name, merged.agency.kind, merged.year) == ("某区人民政府", "县级人民政府", 2024)
    for table in spec.TABLES.values():
        for cell in table.cells:
            values = [r.get(table.key, cell.row, cell.col) for r in inputs]
            got = merged.get(table.key, cell.row, cell.col)
            if cell.kind == "fee":  # 0.15 + 0.25 + 0.35, exactly, in 万元
                assert Decimal(str(got)) == sum(Decimal(str(v)) for v in values) == Decimal("0.75")
            elif all(v == "/" for v in values):
                assert got == "/"
            else:
                assert got == sum(v for v in values if v != "/"), cell.address
    assert check(out).errors == [] and all(f.rule == "R-1" for f in check(out))  # only the narrative is left to write
    sheet = load_workbook(out)["汇总来源"]
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [str(p) for p in parts]


def test_merge_names_every_blank_or_unread_input_cell(cli, parts, tmp_path, demo_report):
    blank = _variant(demo_report, "丁乡人民政府", 1)
    blank.set("table4", spec.TABLE4.cells[0].row, spec.TABLE4.cells[0].col, None)
    blank.provenance["table3/（七）总计/自然人"] = "missing"
    blank.set("table3", spec.T3_GRAND_TOTAL, spec.T3_NATURAL, None)
    source = tmp_path / "丁乡.json"
    source.write_text(json.dumps(blank.to_json(), ensure_ascii=False), encoding="utf-8")
    merged = merge_files([*parts, source], "某区人民政府")
    assert not merged.exact
    gaps = [(g.sheet, g.address, g.why) for g in merged.inputs[-1].gaps]
    assert gaps == [(spec.SHEET_TABLE3, "D27", "未能读取"), (spec.SHEET_TABLE4, "A4", "空白")]
    out = tmp_path / "汇总.xlsx"
    result = cli("merge", *parts, source, "-o", out, "--agency", "某区人民政府")
    assert "三、依申请公开!D27 （七）总计 · 自然人：未能读取" in result.out and "汇总数可能偏小" in result.out
    rows = list(load_workbook(out)["汇总来源"].iter_rows(values_only=True))
    assert (spec.SHEET_TABLE4, "A4", "空白") in [(r[3], r[4], r[7]) for r in rows]


def test_merge_refuses_mixed_years(cli, parts, tmp_path, demo_report):
    old = _variant(demo_report, "戊镇人民政府", 1)
    old.year = 2023
    source = tmp_path / "戊镇.json"
    source.write_text(json.dumps(old.to_json(), ensure_ascii=False), encoding="utf-8")
    with pytest.raises(XltoolError) as exc:
        merge_files([parts[0], source], "某区人民政府")
    assert exc.value.code == "F-MIXED-YEARS" and f"{source} 为 2023 年度" in exc.value.message
    result = cli("merge", parts[0], source, "-o", tmp_path / "x.xlsx", "--agency", "某区人民政府", "--year", "2024")
    assert result.code == 2 and "只能汇总同一年度的报告" in result.err and not (tmp_path / "x.xlsx").exists()


def test_merge_never_writes_over_an_input(cli, parts):
    before = parts[0].read_bytes()
    result = cli("merge", *parts, "-o", parts[0], "--agency", "某区人民政府")
    assert result.code == 2 and "不能与输入文件相同" in result.err and parts[0].read_bytes() == before


def test_compare_names_every_changed_cell(cli, tmp_path, demo_report):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(demo_report.to_json(), ensure_ascii=False), encoding="utf-8")
    changed = [spec.TABLE3.cell(spec.T3_RECEIVED, spec.T3_NATURAL), spec.TABLE2.cells[0], spec.TABLE4.cells[-1]]
    for cell in changed:
        demo_report.set(cell.table, cell.row, cell.col, 7)
    b.write_text(json.dumps(demo_report.to_json(), ensure_ascii=False), encoding="utf-8")
    result = compare_files(a, b)
    assert sorted((d.sheet, d.address, d.b) for d in result.cells) == sorted(
        (spec.TABLES[c.table].sheet, c.address, 7) for c in changed
    )
    assert not result.consecutive
    cli_result = cli("compare", a, b, "--json")
    assert cli_result.code == 1
    data = json.loads(cli_result.out)
    assert {d["cell"] for d in data["cells"]} == {c.address for c in changed} and "cross_year" not in data
    assert cli("compare", a, a).code == 0 and "完全相同" in cli("compare", a, a).out
    diff = tmp_path / "diff.xlsx"
    assert cli("compare", a, b, "--summary", diff).code == 1
    rows = list(load_workbook(diff)["差异"].iter_rows(values_only=True))
    assert rows[0] == ("工作表", "单元格", "行", "列", "A", "B", "B−A") and len(rows) == 4


def test_compare_two_years_shows_carry_over_and_repeated_text(demo_report):
    last = AnnualReport.from_json(demo_report.to_json())
    last.year = 2023
    last.set("table3", spec.T3_CARRIED_OUT, spec.T3_TOTAL, 3)
    result = compare_reports(last, demo_report)
    assert result.consecutive and result.repeated == 1.0
    assert [(f.rule, f.cells) for f in result.cross_year] == [("T-7", ("J5",))]


def test_compare_a_published_summary_against_a_merge(tmp_path, parts):
    from xltool import read_workbook
    from xltool.rules.rollup import merge_reports

    merged = merge_reports([(p, read_workbook(p)) for p in parts], "某区人民政府").report
    published = AnnualReport.from_json(merged.to_json())
    published.set("table3", spec.T3_RECEIVED, spec.T3_TOTAL, 999)
    published.set("table2", "行政事业性收费", spec.T2_FEE_COL, "0.750")  # the same amount, written differently
    assert [(d.address, d.a, d.b) for d in compare_reports(merged, published).cells] == [
        ("J4", merged.get("table3", spec.T3_RECEIVED, spec.T3_TOTAL), 999)
    ]
