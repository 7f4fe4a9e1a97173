"""Reading the clerk's workbook: values as entered, the grid function shared with the add-in, awkward but valid files."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from xlsx_parts import openpyxl_edit, rewrite, set_cell, sha256, sheet_part

from xltool import spec
from xltool.model import AnnualReport
from xltool.readers.grid import SHEET_EXTENTS, read_extent, report_from_grids
from xltool.readers.xlsx import read_workbook
from xltool.writers.workbook import build_workbook

T3 = spec.SHEET_TABLE3


@pytest.fixture
def book(tmp_path, demo_report) -> Path:
    path = tmp_path / "年报.xlsx"
    build_workbook(path, demo_report)
    return path


def _openpyxl_grids(path: Path) -> dict[str, list[list]]:
    """Grids as a live-Excel bulk read gives them: None for blanks, ints for whole numbers, only the spec's range."""
    from openpyxl import load_workbook

    wb = load_workbook(path, data_only=True)
    grids = {}
    for ws in wb.worksheets:
        rows, cols = SHEET_EXTENTS.get(ws.title, (1, 1))
        grids[ws.title] = [list(r) for r in ws.iter_rows(min_row=1, max_row=rows, max_col=cols, values_only=True)]
    return grids


# ---- the grid function ---------------------------------------------------------------------------------------------


def test_grids_as_a_live_book_gives_them_read_like_the_file(book, demo_report):
    report = report_from_grids(_openpyxl_grids(book), "年报.xlsx")
    assert report.to_json() == demo_report.to_json()
    assert report.to_json() == read_workbook(book).to_json()


def test_short_rows_and_missing_rows_are_blank(book):
    grids = _openpyxl_grids(book)
    for grid in grids.values():  # drop trailing blanks of every row, as a ragged bulk read would
        for row in grid:
            while row and row[-1] is None:
                row.pop()
    grids[spec.SHEET_NOTES] = grids[spec.SHEET_NOTES][:2]  # header only: no note rows at all
    report = report_from_grids(grids, "x")
    assert report.to_json() == read_workbook(book).to_json()
    assert report.explanations == {}


class _HugeSheet(Sequence):
    """A grid of a million rows that remembers which rows were looked at."""

    def __init__(self, head: list[list]) -> None:
        self.head = head
        self.touched: set[int] = set()

    def __len__(self) -> int:
        return 1_000_000

    def __getitem__(self, index):
        if isinstance(index, slice):
            raise AssertionError("the whole sheet must never be sliced")
        self.touched.add(index)
        return self.head[index] if index < len(self.head) else ["填满的行"] * 20


def test_only_the_rows_the_spec_needs_are_read_from_a_huge_sheet(book):
    grids = _openpyxl_grids(book)
    huge = {name: _HugeSheet(grid) for name, grid in grids.items()}
    report = report_from_grids(huge, "x")
    assert report.to_json() == read_workbook(book).to_json()
    for name, sheet in huge.items():
        limit = read_extent(name)[0] if name in SHEET_EXTENTS else 0
        assert max(sheet.touched, default=-1) < limit, name


def test_a_moved_table_is_diagnosed_within_the_margin(book):
    grids = _openpyxl_grids(book)
    grids[spec.SHEET_TABLE2] = [[None] * 4] * 3 + grids[spec.SHEET_TABLE2]  # three rows inserted above table 二
    from xltool.errors import XltoolError

    with pytest.raises(XltoolError) as caught:
        report_from_grids(grids, "年报.xlsx")
    assert caught.value.code == "F-LAYOUT"
    assert "单元格 A1 应为“第二十条第（一）项”，实为空白" in caught.value.message
    assert "现在位于 A4" in caught.value.message


def test_labels_may_be_wrapped_or_padded(book, tmp_path, demo_report):
    def wrap(wb):
        wb[T3]["D2"] = " 自然\n人 "
        wb[spec.SHEET_INFO]["A3"] = "机关 名称"

    edited = openpyxl_edit(book, tmp_path / "折行.xlsx", wrap)
    assert read_workbook(edited).to_json() == demo_report.to_json()


# ---- values as entered --------------------------------------------------------------------------------------------


def test_data_cells_are_kept_raw(book, tmp_path):
    def enter(wb):
        ws = wb[T3]
        ws["D4"] = " 12 "
        ws["E4"] = "１２"
        ws["F4"] = "3件"
        ws["G4"] = 2.5
        ws["D5"] = dt.datetime(2024, 3, 5)  # what Excel makes of "3-5"
        ws["D6"] = True
        ws["D7"] = None
        wb[spec.SHEET_TABLE2]["B14"] = "1.25"  # the fee typed as text
        wb[spec.SHEET_TABLE2]["B3"] = "/"

    report = read_workbook(openpyxl_edit(book, tmp_path / "原样.xlsx", enter))
    t3 = {c: report.get("table3", spec.T3_RECEIVED, c) for c in spec.T3_COLS[:4]}
    assert t3 == {"自然人": " 12 ", "商业企业": "１２", "科研机构": "3件", "社会公益组织": 2.5}
    assert report.get("table3", spec.T3_CARRIED_IN, "自然人") == "2024-03-05"
    assert report.get("table3", "（一）予以公开", "自然人") == "TRUE"
    assert report.get("table3", "（二）部分公开", "自然人") is None
    assert report.get("table2", "行政事业性收费", spec.T2_FEE_COL) == "1.25"
    assert report.get("table2", "规章", spec.T2_DOC_COLS[0]) == "/"


def test_info_fields_are_normalised(book, tmp_path):
    rows = {f.key: spec.FIRST_ENTRY_ROW + i for i, f in enumerate(spec.INFO_FIELDS)}

    def enter(wb):
        ws = wb[spec.SHEET_INFO]
        ws[f"B{rows['name']}"] = "  某某县人民政府办公室 "
        ws[f"B{rows['year']}"] = "2024"
        ws[f"B{rows['postcode']}"] = 755009  # typed as a number
        ws[f"B{rows['published']}"] = dt.datetime(2025, 1, 20)
        ws[f"B{rows['email']}"] = "   "

    report = read_workbook(openpyxl_edit(book, tmp_path / "信息.xlsx", enter))
    assert (report.agency.name, report.year, report.agency.postcode, report.published, report.agency.email) == (
        "某某县人民政府办公室",
        2024,
        "755009",
        "2025-01-20",
        None,
    )


def test_a_year_in_words_is_kept_for_the_validator(book, tmp_path):
    row = spec.FIRST_ENTRY_ROW + [f.key for f in spec.INFO_FIELDS].index("year")
    report = read_workbook(
        openpyxl_edit(book, tmp_path / "年度.xlsx", lambda wb: wb[spec.SHEET_INFO].cell(row, 2, "二〇二四年"))
    )
    assert report.year == "二〇二四年"


def test_empty_narrative_sections_are_absent(tmp_path):
    report = AnnualReport.blank(year=2024)
    report.sections = {"五": "存在问题……"}
    path = tmp_path / "正文.xlsx"
    build_workbook(path, report)
    assert read_workbook(path).sections == {"五": "存在问题……"}


def test_overview_is_joined_from_its_cells(book, tmp_path):
    cells = dict(spec.NARRATIVE_CELLS["一"])

    def enter(wb):
        ws = wb[spec.SHEET_OVERVIEW]
        for address in cells.values():
            ws[address] = None
        ws[cells["开篇概述"]] = "开篇。"
        ws[cells["（三）政府信息管理"]] = "（三）政府信息管理\n管理情况。"

    report = read_workbook(openpyxl_edit(book, tmp_path / "总体.xlsx", enter))
    assert report.sections["一"] == "开篇。\n（三）政府信息管理\n管理情况。"


def test_explanations_need_rule_place_and_text(book, tmp_path):
    first = spec.FIRST_ENTRY_ROW

    def enter(wb):
        ws = wb[spec.SHEET_NOTES]
        for row, values in enumerate(
            [
                ("T-7", f"{T3}!D5", "上年报告有误，已更正。"),
                ("T-8", f"{spec.SHEET_TABLE2}!D3", "  "),
                (" T-13 ", f" {spec.SHEET_TABLE2}!B14 ", "确为万元。"),
            ],
            start=first,
        ):
            for col, value in enumerate(values, start=1):
                ws.cell(row, col, value)

    report = read_workbook(openpyxl_edit(book, tmp_path / "说明.xlsx", enter))
    assert report.explanations == {
        f"T-7@{T3}!D5": "上年报告有误，已更正。",
        f"T-13@{spec.SHEET_TABLE2}!B14": "确为万元。",
    }


# ---- awkward but valid files ----------------------------------------------------------------------------------------


def test_formula_with_a_cached_value_is_read_as_its_value(book, tmp_path):
    """A clerk who typed =1+0 in Excel: the file holds the formula and the value Excel computed."""
    edited = rewrite(
        book,
        tmp_path / "公式.xlsx",
        {sheet_part(T3): lambda xml: set_cell(xml, "D6", '<c r="D6"><f>1+0</f><v>1</v></c>')},
    )
    assert read_workbook(edited).get("table3", "（一）予以公开", "自然人") == 1


def test_blank_cells_without_formulas_read_as_blank(cli, book, tmp_path):
    def clear(wb):
        wb[T3]["D6"] = None

    edited = openpyxl_edit(book, tmp_path / "空白.xlsx", clear)
    assert read_workbook(edited).get("table3", "（一）予以公开", "自然人") is None
    result = cli("check", edited, "--json")
    assert result.code == 1
    assert {"rule": "T-12", "cells": ["D6"]}.items() <= json.loads(result.out)["findings"][0].items()


def test_sheets_may_be_reordered_and_others_added(book, tmp_path, demo_report):
    def shuffle(wb):
        wb.move_sheet(T3, offset=-3)
        wb.create_sheet("Sheet1")
        wb.create_sheet(spec.SHEET_RESULTS, 0)

    assert read_workbook(openpyxl_edit(book, tmp_path / "顺序.xlsx", shuffle)).to_json() == demo_report.to_json()


def test_older_workbook_without_notes_sheet(book, tmp_path, demo_report):
    older = openpyxl_edit(book, tmp_path / "旧版.xlsx", lambda wb: wb.remove(wb[spec.SHEET_NOTES]))
    assert read_workbook(older).to_json() == demo_report.to_json()


def test_notes_beyond_the_prepared_rows_are_read(tmp_path):
    report = AnnualReport.blank(year=2024)
    report.explanations = {f"T-7@{T3}!D{5 + i % 20}#{i}": f"说明{i}" for i in range(spec.NOTES_ROWS + 7)}
    path = tmp_path / "说明很多.xlsx"
    build_workbook(path, report)
    assert read_workbook(path).explanations == report.explanations


def test_a_cell_far_away_does_not_exhaust_memory(book, tmp_path, demo_report):
    """calamine would allocate a dense A1:XFD1048576 grid (and abort the process); the reader streams instead.

    Run in a child process with a memory cap so a regression fails this test instead of killing the test run.
    """
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>远处</t></is></c></row></sheetData>'
    edited = rewrite(
        book, tmp_path / "远处.xlsx", {sheet_part(T3): lambda xml: xml.replace(b"</sheetData>", far.encode())}
    )
    code = (
        "import resource, json, sys; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)); "
        "from xltool.readers.xlsx import read_workbook; "
        "print(json.dumps(read_workbook(sys.argv[1]).to_json(), ensure_ascii=False))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(edited)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == demo_report.to_json()


@pytest.mark.parametrize("folder", ["OneDrive - 沙坡头区人民政府/文档/2024 年报", "政务公开 办/（定稿）"])
def test_chinese_paths_with_spaces(cli, tmp_path, demo_report, folder):
    path = tmp_path / folder / "兴仁镇 2024年 政府信息公开年报（终稿）.xlsx"
    path.parent.mkdir(parents=True)
    build_workbook(path, demo_report)
    assert read_workbook(path).to_json() == demo_report.to_json()
    assert cli("check", path).code == 0


def test_read_only_file_in_read_only_folder(cli, tmp_path, demo_report):
    folder = tmp_path / "只读"
    folder.mkdir()
    path = folder / "年报.xlsx"
    build_workbook(path, demo_report)
    before = sha256(path)
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        assert read_workbook(path).to_json() == demo_report.to_json()
        result = cli("export", path)
        assert result.code == 0, result.err
        assert json.loads(result.out) == demo_report.to_json()
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)
    assert sha256(path) == before


def test_reading_a_good_workbook_does_not_load_openpyxl(book):
    """calamine alone reads a complete workbook; openpyxl (≈300 ms to import) is only for blanks and huge sheets."""
    code = (
        "import sys; from xltool.readers.xlsx import read_workbook; read_workbook(sys.argv[1]); "
        "print('openpyxl' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(book)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert done.stdout.strip() == "False", done.stderr
