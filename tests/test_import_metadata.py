"""Honest metadata (issue 13): the agency comes from the title or the signature, the year from the title or the
statistical period, never from a cited document or an arbitrary phrase; when unsure, empty and said so."""

from __future__ import annotations

from test_table_reading import _read
from test_table_reading import text as text  # noqa: F401  (the fixture: the real report rendered as a txt)

TITLE = "示例县人民政府\n2024年政府信息公开工作年度报告"
PERIOD = "本报告统计期限自2024年1月1日至12月31日。"


def test_a_cited_report_gives_neither_year_nor_agency(tmp_path, text):
    text = text.replace(TITLE, "根据《某市2023年政府信息公开工作年度报告》的整改要求，本年改进如下。\n" + TITLE)
    report = _read(tmp_path, text).report
    assert (report.year, report.agency.name) == (2024, "示例县人民政府")


def test_links_to_other_reports_before_the_article_are_not_its_title(tmp_path, text):
    page = "相关文章：某区2022年政府信息公开工作年度报告\n上一篇：某区2023年政府信息公开工作年度报告\n"
    report = _read(tmp_path, page + text).report
    assert (report.year, report.agency.name) == (2024, "示例县人民政府")


def test_a_title_in_a_sentence_names_no_agency(tmp_path, text):
    text = text.replace(TITLE, "根据条例规定，现将本县2024年政府信息公开工作年度报告公布如下")
    result = _read(tmp_path, text)
    assert result.report.year == 2024
    assert result.report.agency.name is None
    assert any("机关名称" in note for note in result.notes)


def test_the_signature_names_the_agency_when_the_title_does_not(tmp_path, text):
    text = text.replace(TITLE, "2024年政府信息公开工作年度报告") + "\n示例县人民政府\n2025年1月20日"
    report = _read(tmp_path, text).report
    assert report.agency.name == "示例县人民政府"
    assert report.agency.kind == "县级人民政府"


def test_unknown_year_is_empty_and_said(tmp_path, text):
    result = _read(tmp_path, text.replace(TITLE, "政府信息公开工作年度报告").replace(PERIOD, ""))
    assert result.report.year is None
    assert any("报告年度" in note for note in result.notes)
