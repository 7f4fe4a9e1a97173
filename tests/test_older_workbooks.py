"""A clerk's workbook made by an earlier release still reads and checks (fields and sheets added since are optional).

The fixture is the template workbook exactly as release 0.1.0 committed it: it has no 联系部门 / 网站名称 rows in
基本信息 and no 数字与分项 / 可用数字 sheets.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from openpyxl import load_workbook

from xltool import check, read_workbook, spec

OLD = Path(__file__).parent / "fixtures" / "workbook-0.1.0.xlsx"


def test_the_fixture_is_a_workbook_without_the_later_fields_and_sheets():
    wb = load_workbook(OLD)
    labels = [wb[spec.SHEET_INFO][f"A{r}"].value for r in range(spec.FIRST_ENTRY_ROW, spec.FIRST_ENTRY_ROW + 12)]
    assert "联系部门" not in labels and "网站名称" not in labels
    assert spec.SHEET_FIGURES not in wb.sheetnames and spec.SHEET_PLACEHOLDERS not in wb.sheetnames


def test_a_workbook_of_the_first_release_reads_and_checks(tmp_path, cli):
    path = tmp_path / "去年的工作簿.xlsx"
    shutil.copy(OLD, path)
    wb = load_workbook(path)
    wb[spec.SHEET_INFO]["B3"] = "某某镇人民政府"
    wb[spec.SHEET_INFO]["B10"] = "https://example.gov.cn/"  # 发布网站 in the old layout, and still in the new
    wb.save(path)
    report = read_workbook(path)
    assert report.agency.name == "某某镇人民政府" and report.agency.website == "https://example.gov.cn/"
    assert report.agency.contact_office is None and report.agency.website_name is None and report.figures == []
    assert check(path).valid
    assert cli("check", path).code == 0
