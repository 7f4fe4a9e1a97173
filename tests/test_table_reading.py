"""Reading published tables as printed (issue 13): where a table ends, rows in any order, line-broken layouts.

Inputs are the spec-driven text layouts of test_importers with the real city report's tables (distinct numbers),
changed the way real reports differ: reworded or extra sections, prose and figures right after a table, rows out of
the official order, label-less rows.
"""

from __future__ import annotations

import pytest
from test_importers import REAL, render, tables_of

from xltool import spec
from xltool.importers import read_report
from xltool.model import AnnualReport

HEADING_5 = spec.section("五").title


@pytest.fixture
def text() -> str:
    return render(AnnualReport.from_json({"schema": spec.REPORT_SCHEMA, "year": 2024, **REAL}))


def _read(tmp_path, text: str):
    path = tmp_path / "年报.txt"
    path.write_text(text, encoding="utf-8")
    return read_report(path)


@pytest.mark.parametrize("replacement", [
    "五、工作中存在的不足及下一步打算",  # reworded heading
    "五、政务公开平台建设情况\n全年发布信息 1200 条，其中 300 条为政策文件，热线 12345。\n六、存在的问题",  # extra section
    "以上数据截至2024年12月31日，共 3 件 5 起 7 次。\n" + HEADING_5,  # prose with figures after the table
    "本年度我们仍有 2 项工作存在不足，咨询电话 0951 1234567。",  # no heading at all, prose follows
], ids=["reworded", "extra-section", "prose-after-table", "no-heading"])
def test_a_table_ends_where_it_ends_whatever_follows(tmp_path, text, replacement):
    result = _read(tmp_path, text.replace(HEADING_5, replacement))
    assert tables_of(result.report) == REAL
    assert not result.missing and not result.inferred


def test_a_missing_table_heading_is_not_found_in_prose(tmp_path, text):
    """Table 四 without its heading is found by its header, not by 行政复议 in the sentence before it."""
    heading_4 = spec.section("四").title
    text = text.replace(heading_4, "另有 9 人咨询行政复议 3 件。")
    result = _read(tmp_path, text)
    assert tables_of(result.report)["table4"] == REAL["table4"]
