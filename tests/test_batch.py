"""Batch audit (issue 10): folders and patterns, parallel map, year pairing, the summary workbook and CSV, through the
Python API and the CLI.

The batch folder mixes real published reports (the fixtures: a township's txt, a crawled page, a city's PDF and its
text) with reports the project generates (the demo report as a Word file, a workbook, Report JSON) and files that are
not reports. Expected values come from the fixtures' hand-checked ``*.tables.json`` or from the report a file was
written from, never from running the batch.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from xltool import spec
from xltool.model import AnnualReport
from xltool.rules.batch import (
    STATUS_ERRORS,
    STATUS_INCOMPLETE,
    STATUS_UNREADABLE,
    STATUS_WARNINGS,
    ReportResult,
    UnreadCell,
    agency_key,
    audit_batch,
    audit_one,
    collect,
    crashed,
    pair_years,
    run_map,
)

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "000_0a7990abdff832d1.txt"  # 沙坡头区兴仁镇人民政府, 2024
TOWN = "沙坡头区兴仁镇人民政府"


def _json(report: AnnualReport, path: Path) -> Path:
    path.write_text(json.dumps(report.to_json(), ensure_ascii=False), encoding="utf-8")
    return path


def _last_year(demo_report: AnnualReport) -> AnnualReport:
    """The town's 2023 report: it carried 2 applications (by natural persons) over into 2024, which 2024 does not show."""
    last = AnnualReport.from_json(demo_report.to_json())
    last.year = 2023
    for col in (spec.T3_NATURAL, spec.T3_TOTAL):
        last.set("table3", spec.T3_CARRIED_OUT, col, 2)
        last.set("table3", spec.T3_RECEIVED, col, last.get("table3", spec.T3_RECEIVED, col) + 2)
    last.sections = {
        "一": "2023年，本镇以政务公开专区建设为重点，完善了公开目录。",
        "五": "部分栏目更新不及时，将加强培训。",
        "六": "本年度未收取信息处理费。",
    }
    return last


@pytest.fixture
def folder(tmp_path, demo_report) -> Path:
    """A reviewer's folder: real reports in a sub-folder, generated ones, a misnamed PDF and some non-reports."""
    from xltool.writers.workbook import build_workbook

    root = tmp_path / "各单位年报"
    (root / "市级").mkdir(parents=True)
    shutil.copy(SAMPLE, root / "兴仁镇2024.txt")
    shutil.copy(FIXTURES / "real/006.pdf", root / "市级" / "淮安市.pdf")
    shutil.copy(FIXTURES / "real/001.txt", root / "市级" / "平潭.txt")
    shutil.copy(FIXTURES / "real/006.pdf", root / "市级" / "下载文件.dat")  # a PDF without its suffix
    shutil.copy(FIXTURES / "real/006.tables.json", root / "市级" / "006.tables.json")  # JSON, not Report JSON
    build_workbook(root / "兴仁镇2023.xlsx", _last_year(demo_report))
    (root / "说明.txt").write_text("本文件夹存放各单位报告。", encoding="utf-8")
    (root / "~$兴仁镇2023.xlsx").write_bytes(b"lock")
    (root / "坏文件.pdf").write_bytes(b"%PDF-1.4 truncated")
    return root


def _names(results: list[ReportResult]) -> list[str]:
    return [r.path.name for r in results]


# ---- which files --------------------------------------------------------------------------------------------------------


def test_collect_walks_folders_and_recognises_reports_by_content(folder):
    sources = collect([folder])
    assert [p.relative_to(folder).as_posix() for p in sources.files] == [
        "兴仁镇2023.xlsx",
        "兴仁镇2024.txt",
        "坏文件.pdf",
        "市级/下载文件.dat",
        "市级/平潭.txt",
        "市级/淮安市.pdf",
    ]
    assert {s.path.name: s.reason for s in sources.skipped} == {
        "说明.txt": "内容中没有“政府信息公开”字样，不像年度报告",
        "006.tables.json": "不是 Report JSON（没有 schema 字段）",
    }
    assert not sources.missing


def test_collect_expands_patterns_itself_and_lists_what_gave_nothing(folder, monkeypatch):
    monkeypatch.chdir(folder)
    sources = collect(["**/*.pdf", "没有这个文件.txt", "*.docx"])
    assert [p.as_posix() for p in sources.files] == ["坏文件.pdf", "市级/淮安市.pdf"]
    assert [(r.path.name, r.error[0], r.error[1]) for r in sources.missing] == [
        ("没有这个文件.txt", "F-NOT-FOUND", "找不到文件：没有这个文件.txt"),
        ("*.docx", "F-NOT-FOUND", "没有与“*.docx”匹配的文件"),
    ]


def test_a_named_file_is_always_read_and_a_file_named_twice_twice(folder):
    named = folder / "说明.txt"
    sources = collect([named, named, folder / "市级"])
    assert sources.files[:2] == [named, named]
    assert [p.name for p in sources.files[2:]] == ["下载文件.dat", "平潭.txt", "淮安市.pdf"]


# ---- the map --------------------------------------------------------------------------------------------------------------


def test_audit_one_never_raises(tmp_path):
    bad = tmp_path / "坏.json"
    bad.write_text("[", encoding="utf-8")
    result = audit_one(bad)
    assert (result.status, result.error[0], result.exit_code) == (STATUS_UNREADABLE, "F-BAD-JSON", 2)
    assert audit_one(tmp_path / "无.txt").error[0] == "F-NOT-FOUND"


def test_audit_one_reads_agency_year_kind_format_cells_and_figures():
    truth = json.loads((FIXTURES / "real/006.tables.json").read_text(encoding="utf-8"))
    result = audit_one(FIXTURES / "real/006.pdf")
    assert (result.agency, result.year, result.kind, result.format) == ("淮安市人民政府", 2024, "市级人民政府", "pdf")
    assert result.cells == {"read": 200, "inferred": 0, "unread": 0}
    t3, t4 = truth["table3"], truth["table4"]
    t4_total = {
        f"{block}/{col}": value
        for (block, col), value in zip(
            [(b, c) for b, _g, _n in spec.T4_BLOCKS for c in spec.T4_OUTCOMES], t4, strict=True
        )
    }
    assert result.figures == {
        "本年新收": t3[spec.T3_RECEIVED][-1],
        "上年结转": t3[spec.T3_CARRIED_IN][-1],
        "办结": t3[spec.T3_GRAND_TOTAL][-1],
        "结转下年度": t3[spec.T3_CARRIED_OUT][-1],
        "复议": t4_total[f"{spec.T4_REVIEW}/{spec.T4_TOTAL}"],
        "诉讼": t4_total[f"{spec.T4_DIRECT}/{spec.T4_TOTAL}"] + t4_total[f"{spec.T4_AFTER_REVIEW}/{spec.T4_TOTAL}"],
        "许可": truth["table2"]["行政许可"],
        "处罚": truth["table2"]["行政处罚"],
        "收费": float(truth["table2"]["行政事业性收费"]),
    }
    assert [f.rule for f in result.findings] == ["T-10", "T-16"]


def test_unread_cells_make_a_report_incomplete_not_defective(tmp_path, demo_report):
    cell = spec.TABLE3.cell(spec.T3_RECEIVED, spec.T3_NATURAL)
    demo_report.set("table3", cell.row, cell.col, None)
    demo_report.provenance[f"table3/{cell.row}/{cell.col}"] = "missing"
    result = audit_one(_json(demo_report, tmp_path / "a.json"))
    assert result.unread == [UnreadCell(spec.SHEET_TABLE3, cell.address, cell.row_label, cell.col_label)]
    assert (result.status, result.exit_code, result.cells["unread"]) == (STATUS_INCOMPLETE, 0, 1)
    assert "T-12" not in [f.rule for f in result.findings]
    demo_report.set("table3", spec.T3_CARRIED_IN, spec.T3_NATURAL, None)  # blank in the source: T-12, an error
    result = audit_one(_json(demo_report, tmp_path / "b.json"))
    assert (result.status, result.exit_code) == (STATUS_ERRORS, 1)


def _dies_on_2(path: Path) -> ReportResult:
    if path.name == "2":
        os._exit(1)  # a reader that aborts its process (calamine on a hostile sheet does)
    return ReportResult(path)


def test_a_worker_that_dies_loses_only_its_own_item():
    results = run_map(_dies_on_2, [Path("1"), Path("2"), Path("3")], jobs=2, on_crash=crashed)
    assert [r.error[0] if r.error else r.path.name for r in results] == ["1", "F-INTERNAL", "3"]
    assert "处理进程意外退出" in results[1].error[1]


# ---- pairing ------------------------------------------------------------------------------------------------------------


def _r(name: str, agency: str | None, year: int | None) -> ReportResult:
    return ReportResult(Path(name), "txt", agency, None, year)


def test_pairing_by_normalised_agency_name_and_year():
    assert agency_key("沙坡头区 兴仁镇（人民政府）") == agency_key("沙坡头区兴仁镇人民政府")
    this, last, other = _r("a", TOWN, 2024), _r("b", "沙坡头区 兴仁镇人民政府", 2023), _r("c", "淮安市人民政府", 2023)
    [pair] = pair_years([this, other], [last])
    assert (pair.current, pair.previous, pair.decided) == (Path("a"), Path("b"), True)


def test_ambiguous_pairs_are_listed_never_guessed():
    this = _r("a", TOWN, 2024)
    pairs = pair_years([this, _r("b", TOWN, 2023), _r("b2", TOWN, 2023)])
    undecided = [p for p in pairs if p.current == Path("a")]
    assert [(p.decided, p.candidates) for p in undecided] == [(False, (Path("b"), Path("b2")))]
    assert "2023 年度有 2 份同一机关的报告" in undecided[0].reason
    [close] = pair_years([this], [_r("c", "兴仁镇人民政府", 2023)])
    assert (close.decided, close.candidates) == (False, (Path("c"),)) and "名称相近" in close.reason
    [unnamed] = pair_years([_r("d", None, 2024), _r("e", "淮安市人民政府", 2023)])
    assert unnamed.reason == "未能识别机关名称，无法与上年报告配对"
    assert pair_years([_r("a", TOWN, 2024), _r("a2", TOWN, 2024)]) == []  # no earlier year: nothing to decide


# ---- the whole batch through the Python API ------------------------------------------------------------------------------


def test_batch_rows_pairs_and_figures(folder):
    batch = audit_batch([folder], jobs=2)
    rows = {r.path.name: r for r in batch.reports}
    assert list(rows) == ["兴仁镇2023.xlsx", "兴仁镇2024.txt", "坏文件.pdf", "下载文件.dat", "平潭.txt", "淮安市.pdf"]
    assert rows["坏文件.pdf"].status == STATUS_UNREADABLE and "PDF" in rows["坏文件.pdf"].error[1]
    assert rows["下载文件.dat"].format == "pdf" and rows["下载文件.dat"].agency == "淮安市人民政府"
    assert (rows["兴仁镇2023.xlsx"].format, rows["兴仁镇2023.xlsx"].year) == ("xlsx", 2023)
    this = rows["兴仁镇2024.txt"]
    assert (this.agency, this.kind, this.year, this.status) == (TOWN, "乡镇人民政府", 2024, STATUS_WARNINGS)
    assert this.previous == folder / "兴仁镇2023.xlsx"
    assert this.findings.flatten(["rule", "cells", "found", "expected"]) == [
        ["T-9", [], 64, 65],
        ["T-7", ["D5"], 0, 2],
        ["T-7", ["J5"], 0, 2],
    ]
    assert this.figures["本年新收"] == 1 and this.figures["上年结转"] == 0
    assert rows["兴仁镇2023.xlsx"].figures["结转下年度"] == 2
    decided = [(p.current.name, p.previous.name) for p in batch.pairs if p.decided]
    assert decided == [("兴仁镇2024.txt", "兴仁镇2023.xlsx")]
    assert batch.exit_code == 2


def test_jobs_do_not_change_the_result(folder):
    one, two = audit_batch([folder], jobs=1), audit_batch([folder], jobs=2)
    assert one.to_json() == two.to_json()


def test_last_year_folder_pairs_each_agency_with_its_own(tmp_path, demo_report):
    this_year, last_year = tmp_path / "2024", tmp_path / "2023"
    this_year.mkdir()
    last_year.mkdir()
    shutil.copy(SAMPLE, this_year / "兴仁镇.txt")
    shutil.copy(FIXTURES / "real/006.txt", this_year / "淮安市.txt")
    _json(_last_year(demo_report), last_year / "兴仁镇.json")
    batch = audit_batch([this_year], last_year=[last_year], jobs=1)
    assert [(r.path.name, r.previous.name if r.previous else None) for r in batch.reports] == [
        ("兴仁镇.txt", "兴仁镇.json"),
        ("淮安市.txt", None),
    ]
    assert [f.rule for f in batch.reports[0].findings].count("T-7") == 2
    assert not batch.skipped


# ---- the summary workbook and CSV -----------------------------------------------------------------------------------------


def test_cli_folder_summary_workbook(cli, folder, tmp_path):
    summary = tmp_path / "汇总.xlsx"
    result = cli("audit", folder, "--summary", summary, "--jobs", "2")
    assert result.code == 2 and "Traceback" not in result.err
    assert f"{folder / '坏文件.pdf'}：无法读取" in result.out
    assert f"已生成汇总表：{summary}" in result.out
    wb = load_workbook(summary)
    assert wb.sheetnames == ["汇总", "问题清单", "未能读取", "跨年度"]
    rows = list(wb["汇总"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:12] == (
        "文件",
        "机关名称",
        "年度",
        "机关类型",
        "格式",
        "已读取单元格",
        "推断单元格",
        "未能读取单元格",
        "错误",
        "警告",
        "已说明",
        "状态",
    )
    assert header[12:21] == ("本年新收", "上年结转", "办结", "结转下年度", "复议", "诉讼", "许可", "处罚", "收费")
    town = next(dict(zip(header, r, strict=True)) for r in rows if r[0].endswith("兴仁镇2024.txt"))
    assert (town["机关名称"], town["年度"], town["格式"], town["警告"], town["状态"]) == (
        TOWN,
        2024,
        "txt",
        3,
        "有警告",
    )
    assert town["上年报告"].endswith("兴仁镇2023.xlsx")
    for ws in wb:
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) and ws.print_title_rows == "$1:$1"
    link = wb["汇总"]["A2"].hyperlink.target
    assert not os.path.isabs(link) and (summary.parent / link).resolve() == (folder / "兴仁镇2023.xlsx").resolve()
    findings = [r for r in wb["问题清单"].iter_rows(values_only=True)][1:]
    assert ("T-7", "警告", "三、依申请公开!D5") in [r[3:6] for r in findings]
    years = list(wb["跨年度"].iter_rows(values_only=True))
    assert years[1][:8] == (
        TOWN,
        2024,
        str(folder / "兴仁镇2024.txt"),
        str(folder / "兴仁镇2023.xlsx"),
        "已配对",
        2,
        0,
        None,
    )
    skipped = {r[0]: r[7] for r in wb["未能读取"].iter_rows(values_only=True)}
    assert skipped[str(folder / "说明.txt")].startswith("已跳过：")


def test_summary_stores_every_text_as_text(tmp_path, demo_report):
    demo_report.agency.name = '=HYPERLINK("http://example.com","点击")'
    source = _json(demo_report, tmp_path / "=1+1.json")
    summary = tmp_path / "汇总.xlsx"
    batch = audit_batch([tmp_path], jobs=1)
    from xltool.writers.summary import write_summary

    write_summary(summary, batch)
    ws = load_workbook(summary)["汇总"]
    assert (ws["A2"].value, ws["A2"].data_type) == (str(source), "s")
    assert (ws["B2"].value, ws["B2"].data_type, ws["B2"].quotePrefix) == (demo_report.agency.name, "s", True)
    csv_path = write_summary(tmp_path / "汇总.csv", batch)
    data = csv_path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines()))
    assert rows[0][:3] == ["文件", "机关名称", "年度"]
    assert rows[1][1] == "'" + demo_report.agency.name and rows[1][2] == "2024"


def test_summary_is_never_written_over_an_input(cli, tmp_path, demo_report):
    source = _json(demo_report, tmp_path / "a.json")
    result = cli("audit", source, tmp_path, "--summary", source)
    assert result.code == 2 and "不能与输入文件相同" in result.err
    assert json.loads(source.read_text(encoding="utf-8"))["year"] == 2024


def test_cli_json_entries(cli, folder, monkeypatch):
    monkeypatch.chdir(folder)
    result = cli("audit", "*.txt", "*.xlsx", "--json")
    data = json.loads(result.out)
    assert result.err == "" and result.code == 0
    entries = {Path(r["path"]).name: r for r in data["reports"]}
    assert list(entries) == ["兴仁镇2024.txt", "兴仁镇2023.xlsx"]
    town = entries["兴仁镇2024.txt"]
    assert {"path", "agency", "year", "kind", "format", "status", "counts", "findings"} <= set(town)
    assert (town["agency"], town["year"], town["kind"], town["format"], town["status"]) == (
        TOWN,
        2024,
        "乡镇人民政府",
        "txt",
        "有警告",
    )
    assert town["counts"] == {"errors": 0, "warnings": 3, "explained": 0, "unchecked": 0}
    assert [f["rule"] for f in town["findings"]] == ["T-9", "T-7", "T-7"]
    assert data["pairs"][0]["previous"] == "兴仁镇2023.xlsx"
    assert [s["path"] for s in data["skipped"]] == ["说明.txt"]


def test_cli_no_report_found(cli, tmp_path):
    (tmp_path / "a.txt").write_text("会议纪要", encoding="utf-8")
    result = cli("audit", tmp_path)
    assert result.code == 2 and "没有找到年度报告" in result.err and "已跳过 1 个" in result.err


def test_progress_lines_when_not_a_terminal(cli, folder):
    result = cli("audit", folder / "兴仁镇2024.txt", folder / "兴仁镇2023.xlsx")
    assert "审核报告：2/2" in result.err
    assert "审核报告" not in cli("audit", folder / "兴仁镇2024.txt", folder / "兴仁镇2023.xlsx", "--json").err
