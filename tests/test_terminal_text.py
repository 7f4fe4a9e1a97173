"""Text from files reaches the terminal as text: rich markup, emoji codes and brackets in data are printed literally.

A finding quotes what the cell holds, so a workbook (or a report, or a Report JSON) is in control of part of every line
``check``, ``audit`` and ``compare`` print. Read as rich markup, a cell holding "[/]" ended ``check`` with 内部错误
(exit 3) and "[link=…]" planted a terminal hyperlink.
"""

from __future__ import annotations

import json

from xltool import spec
from xltool.model import AnnualReport

#: What a clerk's cell or another office's file may hold: an unmatched closing tag, a style, a link, an emoji code.
TEXTS = {
    (spec.T3_RECEIVED, spec.T3_NATURAL): "[/]",
    (spec.T3_CARRIED_IN, spec.T3_NATURAL): "[red]红[/red]",
    ("（一）予以公开", spec.T3_NATURAL): "[link=file:///etc/passwd]点我[/link]",
    ("（二）部分公开", spec.T3_NATURAL): ":cn:",
}


def _workbook(cli, tmp_path, name="[bold]某局[/]"):
    report = AnnualReport.blank(year=2024, name=name)
    for (row, col), text in TEXTS.items():
        report.set("table3", row, col, text)
    source = tmp_path / "报告.json"
    source.write_text(json.dumps(report.to_json(), ensure_ascii=False), encoding="utf-8")
    book = tmp_path / "年报.xlsx"
    assert cli("new", "--from", source, "-o", book).code == 0
    return book


def test_check_prints_markup_in_cells_literally(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")  # wide enough that no quoted text is folded across lines
    result = cli("check", _workbook(cli, tmp_path))
    assert result.code == 1, result.err
    printed = "".join(result.out.split())
    for text in TEXTS.values():
        assert f"填写“{text}”" in printed, text
    assert "内部错误" not in result.err


def test_compare_prints_markup_in_names_and_values_literally(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    book = _workbook(cli, tmp_path)
    other = tmp_path / "空白.xlsx"
    assert cli("new", "-o", other, "--agency", "[/]", "--year", "2024").code == 0
    result = cli("compare", book, other)
    assert result.code == 1, result.err
    printed = "".join(result.out.split())
    assert "[bold]某局[/]" in printed and "（[/]，2024）" in printed
    for text in TEXTS.values():
        assert text in printed, text
