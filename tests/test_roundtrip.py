"""Report JSON ⇄ workbook: whatever goes into a workbook comes back out exactly, through the real commands too."""

from __future__ import annotations

import json
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xltool import spec
from xltool.model import Agency, AnnualReport
from xltool.readers.xlsx import read_workbook
from xltool.writers.workbook import build_workbook


def _cli_round_trip(cli, tmp_path, report_json: dict) -> tuple[dict, dict]:
    """JSON → `new --from` → `export` → JSON → `new --from` → `export` → JSON; returns the two exports."""
    source = tmp_path / "来源.json"
    source.write_text(json.dumps(report_json, ensure_ascii=False), encoding="utf-8")
    exports = []
    for i in (1, 2):
        book = tmp_path / f"第{i}次 工作簿.xlsx"
        made = cli("new", "--from", source, "-o", book)
        assert made.code == 0, made.err
        exported = cli("export", book, "--json")
        assert exported.code == 0, exported.err
        exports.append(json.loads(exported.out))
        source = tmp_path / f"导出{i}.json"
        source.write_text(exported.out, encoding="utf-8")
    return exports[0], exports[1]


def test_demo_report_round_trips_through_the_commands(cli, tmp_path, demo_report):
    first, second = _cli_round_trip(cli, tmp_path, demo_report.to_json())
    assert first == demo_report.to_json()
    assert second == first


def test_sample_tables_round_trip_through_the_commands(cli, tmp_path, sample_tables):
    first, second = _cli_round_trip(cli, tmp_path, sample_tables)
    assert first == AnnualReport.from_json(sample_tables).to_json()
    assert first["table3"] == sample_tables["table3"]
    assert second == first


def test_export_to_a_file_writes_utf8(cli, tmp_path, demo_report):
    book = tmp_path / "年报.xlsx"
    build_workbook(book, demo_report)
    target = tmp_path / "导出" / "年报.json"
    target.parent.mkdir()
    result = cli("export", book, "-o", target)
    assert result.code == 0, result.err
    assert json.loads(target.read_text(encoding="utf-8")) == demo_report.to_json()


def test_export_refuses_to_write_over_its_input(cli, tmp_path, demo_report):
    book = tmp_path / "年报.xlsx"
    build_workbook(book, demo_report)
    before = book.read_bytes()
    result = cli("export", book, "-o", book)
    assert result.code == 2
    assert "不能与输入文件相同" in result.err
    assert book.read_bytes() == before


# ---- property: any report survives AnnualReport → workbook → read_workbook --------------------------------------

# Text a clerk may type: CJK, ASCII, XML-special characters, quotes, full-width punctuation, emoji, and what a
# spreadsheet would take for a formula (=, +, -, @, ＝). No control characters (Excel cannot store them) and no "\r"
# (a cell keeps "\n" line breaks).
_chars = st.sampled_from(
    list("政府信息公开工作年度报告兴仁镇申请办理结果，。；：“”‘’（）、")
    + list(string.ascii_letters + string.digits)
    + list("&<>\"'/ #%=+-@＝")
    + ["😀", "𠀀", "\u3000", "１", "２"]
)
_words = st.text(_chars, min_size=1, max_size=40)
_field = st.none() | _words.map(str.strip).filter(bool)
_paragraph = st.text(_chars, min_size=1, max_size=60)
_overview_paragraph = st.one_of(_paragraph, st.tuples(st.sampled_from(spec.OVERVIEW_PARTS), _paragraph).map("".join))


def _section(paragraph):
    return st.lists(paragraph, min_size=1, max_size=6).map("\n".join)


_counts = st.one_of(
    st.integers(min_value=0, max_value=20),
    st.integers(min_value=0, max_value=10**12),
    st.none(),
    st.sampled_from(["12件", " 3 ", "１２", "-1", "abc"]),  # kept as typed, for the validator to judge
)
_fees = st.one_of(
    st.sampled_from(["0", "1.25", "24252.311082", "0.35", "10000"]),
    st.decimals(min_value=0, max_value=10**6, places=6, allow_nan=False).map(lambda d: format(d.normalize(), "f")),
    st.none(),
    st.sampled_from(["约2万元", "/"]),
)
_locations = st.one_of(
    st.sampled_from([t.sheet for t in spec.TABLES.values()]).flatmap(
        lambda sheet: st.sampled_from([c.address for c in spec.TABLES[_table_key(sheet)].cells]).map(
            lambda cell: f"{sheet}!{cell}"
        )
    ),
    st.sampled_from(list(spec.NARRATIVE_SHEETS.values())),
)


def _table_key(sheet: str) -> str:
    return next(t.key for t in spec.TABLES.values() if t.sheet == sheet)


@st.composite
def annual_reports(draw) -> AnnualReport:
    report = AnnualReport(
        year=draw(st.none() | st.integers(min_value=2000, max_value=2100)),
        agency=Agency(
            name=draw(_field),
            kind=draw(st.none() | st.sampled_from(spec.AGENCY_KINDS)),
            address=draw(_field),
            postcode=draw(st.none() | st.text("0123456789", min_size=6, max_size=6)),
            phone=draw(st.none() | st.sampled_from(["0955-4679231", "010-12345678 转 8001"])),
            email=draw(_field),
            website=draw(st.none() | st.just("http://www.spt.gov.cn/?a=1&b=<2>")),
        ),
        published=draw(st.none() | st.dates().map(lambda d: d.isoformat())),
    )
    for number in draw(st.sets(st.sampled_from(spec.NARRATIVE_SECTIONS))):
        report.sections[number] = draw(_section(_overview_paragraph if number == "一" else _paragraph))
    for table in spec.TABLES.values():
        for cell in table.cells:
            values = _fees if cell.kind == "fee" else (_counts | st.just("/")) if cell.slash_allowed else _counts
            report.set(table.key, cell.row, cell.col, draw(values))
    notes = draw(
        st.dictionaries(
            st.tuples(st.sampled_from([r.id for r in spec.RULES]), _locations).map("@".join),
            _paragraph.filter(str.strip),
            max_size=60,
        )
    )
    report.explanations = notes
    return report


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(report=annual_reports())
def test_any_report_survives_a_workbook(tmp_path, report):
    book = tmp_path / "往返 测试.xlsx"
    build_workbook(book, report)
    assert read_workbook(book).to_json() == report.to_json()


@pytest.mark.parametrize(
    "text",
    [
        "第一段 & <b>粗体</b> \"引号\" '单引号'\n第二段😀",
        "  前后有空格  ",
        "（一）主动公开\n内容\n（三）政府信息管理\n内容",  # parts of 一 out of the usual five are kept in order
        '=HYPERLINK("http://example.invalid","点我")\n第二段',
        "@SUM(1,2)",
        "＝1+1",
        "#N/A",  # text, never a formula
    ],
)
def test_narrative_text_is_kept_exactly(tmp_path, text):
    report = AnnualReport.blank(year=2024)
    report.sections = {"一": text, "五": text, "六": text}
    book = tmp_path / "正文.xlsx"
    build_workbook(book, report)
    assert read_workbook(book).sections == {"一": text, "五": text, "六": text}
