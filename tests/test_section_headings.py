"""The six sections of a published report are found by their words, not by their numbers or a list of wordings.

Inputs are the sample report (the published township text of the fixtures) and the project's own Word report, with
their headings rewritten the way real reports print them: a province's own section inserted before 五 (so that 五 and
六 are numbered 六 and 七), "第一部分"…"第六部分" or "1."…"6." numbering, reworded headings, headings without any
number. Each must be read exactly as the original: every table cell and the narrative parts 一, 五 and 六; R-1 names
the inserted section (a warning) and nothing else.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest

from xltool import spec
from xltool import text as n
from xltool.importers import import_report
from xltool.model import AnnualReport
from xltool.rules import audit_report

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = (FIXTURES / "000_0a7990abdff832d1.txt").read_text(encoding="utf-8")
TITLES = [s.title for s in spec.SECTIONS]  # the headings as the sample prints them
EXTRA = "政府信息公开工作考核情况"
#: The inserted section's text, with figures that a table or a neighbouring section must not take.
EXTRA_BODY = "2024年，兴仁镇将政府信息公开工作纳入12个村的年度考核，开展检查3次，考核结果均为合格。"


def _rewrite(text: str, headings: list[str], extra: str | None = None) -> str:
    """The text with each of the six headings replaced, and a section of its own inserted before 五."""
    for old, new in zip(TITLES, headings, strict=True):
        assert text.count(old) == 1
        text = text.replace(old, new)
    if extra:
        text = text.replace(headings[4], f"{extra}\n\n{EXTRA_BODY}\n\n{headings[4]}")
    return text


NUMBERED_ON = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]
NUMBERED_ON += ["四、政府信息公开行政复议、行政诉讼情况", "六、存在的主要问题及改进情况", "七、其他需要报告的事项"]
PARTS = [f"第{num}部分 {s.heading}" for num, s in zip("一二三四五六", spec.SECTIONS, strict=True)]
ARABIC = [f"{k}. {s.heading}" for k, s in enumerate(spec.SECTIONS, 1)]
REWORDED = [
    "一、工作总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请的情况",
    "四、因政府信息公开工作被申请行政复议、提起行政诉讼的情况",
    "五、政府信息公开工作存在的主要问题及改进情况",
    "六、其他需要说明的事项",
]
REWORDED_2 = [*TITLES[:4], "五、存在的问题和改进措施", "六、其他事项"]
BARE = [s.heading for s in spec.SECTIONS]

VARIANTS = {
    "extra section, numbered on": (NUMBERED_ON, f"五、{EXTRA}"),
    "第X部分": (PARTS, None),
    "第X部分 with an extra part": ([*PARTS[:4], "第六部分 " + BARE[4], "第七部分 " + BARE[5]], f"第五部分 {EXTRA}"),
    "1. 2. 3.": (ARABIC, None),
    "reworded": (REWORDED, None),
    "reworded, short": (REWORDED_2, None),
    "no numbers": (BARE, None),
}


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("original") / "report.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    return _read(path)


def _read(path: Path) -> dict:
    report = import_report(path)
    data = report.to_json()
    return {
        "tables": {k: data[k] for k in ("table2", "table3", "table4")},
        "sections": {k: report.sections.get(k) for k in spec.NARRATIVE_SECTIONS},
        "r1": [(f.row_label, f.message) for f in audit_report(report) if f.rule == "R-1"],
        "provenance": report.provenance,
    }


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_headings_found_whatever_their_numbers_and_words(variant):
    headings, extra = VARIANTS[variant]
    text = _rewrite(SAMPLE, headings, extra)
    found = n.find_headings(text)
    assert list(found) == list("一二三四五六")
    assert [text[h.start : h.end] for h in found.values()] == headings
    assert [text[h.start : h.end] for h in found.extra] == ([extra] if extra else [])


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_report_with_rewritten_headings_imports_as_the_original(tmp_path, original, variant):
    headings, extra = VARIANTS[variant]
    path = tmp_path / "report.txt"
    path.write_text(_rewrite(SAMPLE, headings, extra), encoding="utf-8")
    got = _read(path)
    assert got["tables"] == original["tables"]
    assert got["provenance"] == original["provenance"] == {}
    assert got["sections"] == original["sections"]
    assert all(got["sections"].values())
    assert not any(EXTRA_BODY[:10] in body for body in got["sections"].values())  # the extra text is in no section
    # R-1 names the inserted section, and only that
    assert [row for row, _message in got["r1"]] == ([n.unspace(extra)] if extra else [])
    assert original["r1"] == []


def _published(text: str) -> AnnualReport:
    """A published report as the audit sees it: its full text (the rest does not matter to R-1)."""
    report = AnnualReport.blank(year=2024, name="沙坡头区兴仁镇")
    report.text = text
    return report


def test_extra_section_is_a_warning_that_names_it():
    report = _published(_rewrite(SAMPLE, NUMBERED_ON, f"五、{EXTRA}"))
    [finding] = [f for f in audit_report(report) if f.rule == "R-1"]
    assert finding.severity == spec.WARNING
    assert f"五、{EXTRA}" in finding.message and "六个部分" in finding.message


def test_missing_and_misplaced_sections_still_reported_with_extra_ones():
    """R-1 as before: a heading removed is missing, a section moved is out of order; the extra one is named too."""
    text = _rewrite(SAMPLE, NUMBERED_ON, f"五、{EXTRA}")
    rows = [
        (f.row_label, f.message) for f in audit_report(_published(text.replace(NUMBERED_ON[2], ""))) if f.rule == "R-1"
    ]
    assert [row for row, _m in rows] == [TITLES[2], f"五、{EXTRA}"]
    assert "未找到" in rows[0][1]
    body6 = text[text.index(NUMBERED_ON[4]) : text.index(NUMBERED_ON[5])]
    moved = text.replace(body6, "") + "\n" + body6  # 五 (printed 六) moved after 六 (printed 七)
    rows = [(f.row_label, f.message) for f in audit_report(_published(moved)) if f.rule == "R-1"]
    assert [row for row, _m in rows] == [TITLES[4], f"五、{EXTRA}"]
    assert "六、其他需要报告的事项" in rows[0][1]


@pytest.mark.parametrize(
    "line",
    [
        "五是进一步压实政府信息公开工作考核责任",
        "按照《条例》第五条规定开展考核",
        "根据《政府信息公开工作考核办法》",
        "四、结转下年度继续办理",  # a numbered row label of table 三, printed on a line of its own
        "三、本年度办理结果",
        "五、考核结果良好，全年开展检查3次",  # a sentence that opens with a number
    ],
)
def test_lines_that_are_no_section_of_their_own(line):
    text = SAMPLE.replace(TITLES[4], f"{line}\n\n{TITLES[4]}")
    assert n.find_headings(text).extra == ()


def test_crawled_page_with_an_extra_section_run_into_the_text(tmp_path):
    """The crawled page of the fixtures (every line break lost) with a section of its own inserted before 五: read as
    before, and R-1 names it; a numbered sentence in the same place is no section."""
    crawled = (FIXTURES / "real/001.txt").read_text(encoding="utf-8")
    truth = json.loads((FIXTURES / "real/001.tables.json").read_text(encoding="utf-8"))
    heading5, heading6 = "五、存在的主要问题及改进情况", "六、其他需要报告的事项"
    inserted = f"五、{EXTRA}2021年，全区开展政务公开考核12次，检查3次，考核结果均为合格。"
    reports = {}
    for name, words in (("original", ""), ("extra", inserted), ("sentence", "五、考核结果良好，全区开展检查3次。")):
        path = tmp_path / f"{name}.txt"
        text = crawled.replace(heading5, f"{words}六、{heading5[2:]}").replace(heading6, f"七、{heading6[2:]}")
        path.write_text(text if words else crawled, encoding="utf-8")
        reports[name] = import_report(path)
    for name, report in reports.items():
        assert {k: report.to_json()[k] for k in ("table2", "table3", "table4")} == {
            k: truth[k] for k in ("table2", "table3", "table4")
        }
        assert report.sections == reports["original"].sections
        r1 = [f.row_label for f in audit_report(report) if f.rule == "R-1"]
        assert r1 == ([f"五、{EXTRA}"] if name == "extra" else []), name


# ---- the Word report, edited by the office ---------------------------------------------------------------------------


def _edited_docx(path: Path, demo_report, headings: list[str], extra: str | None) -> Path:
    """The project's Word report with its headings retyped and a section of the office's own inserted before 五, as
    an office edits the generated report in Word (python-docx stands in for the clerk)."""
    from docx import Document

    from xltool.writers.docx import write_docx

    write_docx(demo_report, path)
    doc = Document(str(path))
    paragraphs = {p.text.strip(): p for p in doc.paragraphs}
    for old, new in zip(TITLES, headings, strict=True):
        p = paragraphs[old]
        p.runs[0].text = new
        for run in p.runs[1:]:
            run.text = ""
    if extra:
        heading5 = paragraphs[TITLES[4]]
        after = [p for p in doc.paragraphs if p.text.strip()]
        body = after[[p._p for p in after].index(heading5._p) + 1]
        for source, words in ((heading5, extra), (body, EXTRA_BODY)):
            copied = copy.deepcopy(source._p)
            heading5._p.addprevious(copied)
            for k, node in enumerate(copied.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")):
                node.text = words if k == 0 else ""
    doc.save(str(path))
    return path


@pytest.mark.parametrize("variant", ["extra section, numbered on", "第X部分", "reworded", "no numbers"])
def test_word_report_with_rewritten_headings_imports_as_written(tmp_path, demo_report, variant):
    from xltool.writers.docx import write_docx

    headings, extra = VARIANTS[variant]
    plain = import_report(write_docx(demo_report, tmp_path / "plain.docx"))
    edited = import_report(_edited_docx(tmp_path / "edited.docx", demo_report, headings, extra))
    assert edited.to_json()["table3"] == plain.to_json()["table3"]
    for key in ("table2", "table3", "table4"):
        assert edited.to_json()[key] == plain.to_json()[key] == demo_report.to_json()[key]
    for number in spec.NARRATIVE_SECTIONS:
        assert edited.sections[number] == plain.sections[number] == demo_report.sections[number]
    assert [f.row_label for f in audit_report(edited) if f.rule == "R-1"] == ([n.unspace(extra)] if extra else [])


@pytest.mark.office
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装")
def test_edited_word_report_through_converters_reads_as_the_unedited_one(tmp_path, demo_report):
    """The edited Word report through LibreOffice (PDF, HTML) and the usual text converters: each form reads as the
    unedited report does in the same form (tables, narrative, R-1 plus the extra section). HTML makes the "1." of a
    heading a list number on a line of its own, pdftotext puts a page break before a heading."""
    import converters
    from bs4 import BeautifulSoup

    variants = {"plain": (TITLES, None), **{v: VARIANTS[v] for v in ("extra section, numbered on", "1. 2. 3.")}}
    docxs = [
        _edited_docx(tmp_path / f"v{k}.docx", demo_report, headings, extra)
        for k, (headings, extra) in enumerate(variants.values())
    ]
    for kind in ("pdf", "html"):
        converters._soffice(kind, docxs, tmp_path)
    for docx in docxs:
        page = docx.with_suffix(".html").read_text(encoding="utf-8", errors="replace")
        docx.with_suffix(".get_text.txt").write_text(BeautifulSoup(page, "lxml").get_text(), encoding="utf-8")
        converters._run(["pdftotext", "-enc", "UTF-8", str(docx.with_suffix(".pdf")), str(docx.with_suffix(".txt"))])
    for k, (_headings, extra) in enumerate(variants.values()):
        for suffix in (".pdf", ".html", ".get_text.txt", ".txt"):
            plain, edited = (import_report(tmp_path / f"v{i}{suffix}") for i in (0, k))
            assert {key: edited.to_json()[key] for key in ("table2", "table3", "table4", "sections")} == {
                key: plain.to_json()[key] for key in ("table2", "table3", "table4", "sections")
            }, suffix
            r1 = [[f.row_label for f in audit_report(r) if f.rule == "R-1"] for r in (plain, edited)]
            assert r1[1] == r1[0] + ([n.unspace(extra)] if extra else []), suffix


# ---- the number printed as evidence: sub-items, headings worded unlike the format, another numbering style --------

#: The sample's five sub-items of 总体情况 ("（一）主动公开政府信息情况 。2024年度…") as reports also print them.
SUBITEMS = [
    "主动公开政府信息情况 。",
    "依申请公开情况。",
    "政府信息管理情况。",
    "政府信息公开平台建设情况。",
    "监督保障情况。",
]
SUBITEM_LINES = ["主动公开情况", "依申请公开情况", "政府信息管理情况", "平台建设情况", "监督保障情况"]


def _subitems(text: str, lines: bool) -> str:
    """Section 一's sub-items numbered "一、" … "五、" like the top level: run into their paragraph as the sample
    prints them, or as headings on lines of their own."""
    for k, (numeral, words) in enumerate(zip("一二三四五", SUBITEMS, strict=True)):
        old = f"（{numeral}）{words}"
        assert text.count(old) == 1
        text = text.replace(old, f"{numeral}、{SUBITEM_LINES[k]}\n\n" if lines else f"{numeral}、{words}")
    return text


@pytest.mark.parametrize("lines", [False, True], ids=["run into the text", "lines of their own"])
@pytest.mark.parametrize("variant", ["as printed", "extra section, numbered on"])
def test_subitems_numbered_like_the_top_level_stay_in_section_one(tmp_path, original, lines, variant):
    """ "一、主动公开情况" after "一、总体情况" repeats the number: an item of section 一, not section 二, although its words
    are 二's; "二、依申请公开情况" before "二、主动公开政府信息情况" is no section 三. The inserted section numbered on
    ("五、考核情况" then "六、存在的主要问题…") is still a section of its own."""
    headings, extra = VARIANTS[variant] if variant != "as printed" else (TITLES, None)
    text = _subitems(_rewrite(SAMPLE, headings, extra), lines)
    found = n.find_headings(text)
    assert [text[h.start : h.end] for h in found.values()] == headings
    assert [text[h.start : h.end] for h in found.extra] == ([extra] if extra else [])
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    got = _read(path)
    assert got["tables"] == original["tables"] and got["provenance"] == {}
    assert {k: got["sections"][k] for k in "五六"} == {k: original["sections"][k] for k in "五六"}
    items = SUBITEM_LINES if lines else [words.rstrip(" 。") for words in SUBITEMS]
    assert all(words in got["sections"]["一"] for words in items)  # the sub-items are section 一's text
    assert [row for row, _message in got["r1"]] == ([n.unspace(extra)] if extra else [])


@pytest.mark.parametrize("heading", ["一、基本情况", "一、概述", "一、工作概况", "第一部分 基本情况"])
def test_first_heading_worded_unlike_the_format_is_read_by_its_place_and_number(tmp_path, original, heading):
    """The first heading, numbered one before "二、主动公开…", is section 一 whatever its words; R-1 says it was read
    by its place (a warning), not a missing section plus an extra one."""
    headings = [heading, *TITLES[1:]]
    if heading.startswith("第"):
        headings = [heading, *PARTS[1:]]
    text = _rewrite(SAMPLE, headings)
    found = n.find_headings(text)
    assert [text[h.start : h.end] for h in found.values()] == headings and found.extra == ()
    assert [h.number for h in found.values() if h.placed] == ["一"]
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    got = _read(path)
    assert got["tables"] == original["tables"] and got["sections"] == original["sections"]
    [(row, message)] = got["r1"]
    assert row == TITLES[0] and f"“{n.unspace(heading)}”" in message and "位置和编号" in message


def test_a_middle_heading_worded_unlike_the_format_is_read_by_its_place_and_number():
    """ "五、下一步工作打算" alone between "四、…" and "六、…", numbered between them, is section 五."""
    text = _rewrite(SAMPLE, [*TITLES[:4], "五、下一步工作打算", TITLES[5]])
    found = n.find_headings(text)
    assert list(found) == list("一二三四五六") and found.extra == ()
    assert text[found["五"].start : found["五"].end] == "五、下一步工作打算" and found["五"].placed


@pytest.mark.parametrize(
    "headings, extra",
    [
        # two headings of its own before "三、主动公开…": which one is 一 is not given by place and number
        (
            ["一、概述", *[f"{'三四五六七'[k]}、{s.heading}" for k, s in enumerate(spec.SECTIONS[1:])]],
            "二、工作考核情况",
        ),
        # a first heading numbered unlike the place it stands in
        (["二、基本情况", *TITLES[1:]], None),
        # 六 is never read by place: what follows 五 may be an attachment
        ([*TITLES[:5], "六、附件"], None),
    ],
    ids=["two headings of its own", "numbered 二", "last heading"],
)
def test_headings_not_read_by_place_when_place_and_number_leave_a_doubt(headings, extra):
    text = _rewrite(SAMPLE, headings)
    if extra:
        text = text.replace(headings[1], f"{extra}\n\n{EXTRA_BODY}\n\n{headings[1]}")
    found = n.find_headings(text)
    assert not any(h.placed for h in found.values())
    missing = [s.number for s in spec.SECTIONS if s.number not in found]
    rows = [f.row_label for f in audit_report(_published(text)) if f.rule == "R-1"]
    assert rows == [spec.section(number).title for number in missing] + [
        n.unspace(text[h.start : h.end]) for h in found.extra
    ]
    assert missing and found.extra or headings[0] == "二、基本情况"


@pytest.mark.parametrize(
    "heading",
    ["第五部分 存在的主要问题及改进情况", "（五）存在的主要问题及改进情况", "5. 存在的主要问题及改进情况"],
)
def test_a_heading_numbered_in_another_style_is_found(tmp_path, original, heading):
    """One heading numbered unlike the rest ("第五部分" among "一、"), its number fitting between its neighbours'."""
    text = _rewrite(SAMPLE, [*TITLES[:4], heading, TITLES[5]])
    found = n.find_headings(text)
    assert [text[h.start : h.end] for h in found.values()] == [*TITLES[:4], heading, TITLES[5]]
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    got = _read(path)
    assert got["tables"] == original["tables"] and got["sections"] == original["sections"] and got["r1"] == []


def test_a_sub_heading_of_another_style_numbered_out_of_place_is_no_section():
    """ "（一）存在的主要问题" under a 五 that has no heading of its own: its number one does not fit after "四、"."""
    text = _rewrite(SAMPLE, [*TITLES[:4], "（一）存在的主要问题及改进情况", TITLES[5]])
    assert "五" not in n.find_headings(text)


def test_crawled_page_with_a_numbered_sentence_running_into_a_figure(tmp_path):
    """The crawled page (every line break lost) with section 一's items numbered "二、" like the top level: "二、强化平台
    建设2021年，…" runs into a figure as an inserted section would, but its number repeats the "二" to come after
    "一、总体情况": no section of its own; tables and sections read as before."""
    crawled = (FIXTURES / "real/001.txt").read_text(encoding="utf-8")
    truth = json.loads((FIXTURES / "real/001.tables.json").read_text(encoding="utf-8"))
    sentence = "二、强化平台建设2021年，全区新建政务公开专区3个，更新公开栏12块。"
    edited = crawled.replace("（一）主动公开方面。", f"{sentence}（一）主动公开方面。")
    reports = {}
    for name, text in (("original", crawled), ("edited", edited)):
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        reports[name] = import_report(path)
    assert n.find_headings(n.clean(edited)).extra == ()
    for report in reports.values():
        assert {k: report.to_json()[k] for k in ("table2", "table3", "table4")} == {
            k: truth[k] for k in ("table2", "table3", "table4")
        }
        assert [f.row_label for f in audit_report(report) if f.rule == "R-1"] == []
    assert {k: v for k, v in reports["edited"].sections.items() if k != "一"} == {
        k: v for k, v in reports["original"].sections.items() if k != "一"
    }
    assert "强化平台建设" in reports["edited"].sections["一"]


@pytest.mark.parametrize("lines", [False, True], ids=["run into the text", "lines of their own"])
def test_subitems_are_no_section_when_the_section_heading_is_missing(tmp_path, original, lines):
    """Section 一's items numbered "一、" … "五、" and no heading of 二: the item "一、主动公开…" stands in a list that
    started again at one, so it is not taken for 二 (R-1 says 二 is missing), nor "二、依申请公开情况" for 三."""
    text = _subitems(SAMPLE, lines).replace(TITLES[1], "")
    found = n.find_headings(text)
    assert [text[h.start : h.end] for h in found.values()] == [TITLES[0], *TITLES[2:]] and found.extra == ()
    rows = [f.row_label for f in audit_report(_published(text)) if f.rule == "R-1"]
    assert rows == [TITLES[1]]


def test_a_number_printed_twice_by_a_slip_keeps_its_section():
    """ "三、" printed again for 四 (no list started again at one): the words still make it section 四."""
    text = _rewrite(SAMPLE, [*TITLES[:3], "三" + TITLES[3][1:], *TITLES[4:]])
    found = n.find_headings(text)
    assert list(found) == list("一二三四五六") and text[found["四"].start : found["四"].end] == "三" + TITLES[3][1:]
