"""Last year's report as evidence for run-together digits at import (issue 13, item 5).

A crawled page loses the separators between cells ("行政规范性文件205137"); where the table's own sums leave several
splits, the narrative's figures decide, then last year's report (T-8: 现行有效 = 上年现行有效 + 制发 − 废止; T-7:
二、上年结转 = 上年四、结转下年度继续办理), then the neutral prior. Inputs: the real crawled page of the corpus with
its numbers varied, and the glued layout of test_importers (every cell run together, as the archive's text
extraction gives it); last year's report as the Report JSON or the published text a reviewer has.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_importers import FIXTURES, REAL, render, tables_of

from xltool import check_report, spec
from xltool.importers import import_report, read_report
from xltool.model import AnnualReport, LastYear
from xltool.readers import load_last_year
from xltool.rules.batch import audit_batch, cross_year_one

#: The true 二、上年结转 and 四、结转下年度 of this year: glued ("121000013") it also reads 12、1、0、0、0、0、13,
#: which the prior prefers; every request received was handled, so the identities cannot tell the two apart.
CARRIED = [1, 2, 10, 0, 0, 0, 13]
WRONG_CARRIED = [12, 1, 0, 0, 0, 0, 13]
#: Table 二's document rows: glued "12345" and "205137"; the prior takes 1、2、345 and 2、0、5137.
DOCS = {"规章": [12, 3, 45], "行政规范性文件": [20, 5, 137]}
IN_FORCE = spec.T2_DOC_COLS[2]


def this_year() -> AnnualReport:
    data = {"schema": spec.REPORT_SCHEMA, "year": 2024, **REAL}
    data["table2"] = {**REAL["table2"], **DOCS}
    t3 = {r.key: [0] * 7 for r in spec.T3_ROWS}
    for key in (spec.T3_RECEIVED, "（一）予以公开", spec.T3_GRAND_TOTAL):
        t3[key] = [5, 0, 0, 0, 0, 0, 5]
    t3[spec.T3_CARRIED_IN] = t3[spec.T3_CARRIED_OUT] = CARRIED
    data["table3"] = t3
    return AnnualReport.from_json(data)


def last_year(carried: list[int] = CARRIED, in_force: dict[str, int] | None = None) -> AnnualReport:
    """The same agency's 2023 report, consistent in itself: what it carried over is this year's 上年结转, and this
    year's 现行有效 = its 现行有效 + 制发 − 废止."""
    report = AnnualReport.blank(2023, "示例县人民政府")
    for row, (issued, repealed, valid) in DOCS.items():
        report.set("table2", row, IN_FORCE, (in_force or {}).get(row, valid - issued + repealed))
    for col, value in zip(spec.T3_COLS, carried, strict=True):
        report.set("table3", spec.T3_RECEIVED, col, value)
        report.set("table3", spec.T3_CARRIED_OUT, col, value)
    return report


def crawled(tmp_path: Path, text: str | None = None, name: str = "2024年报告.txt") -> Path:
    path = tmp_path / name
    path.write_text(text if text is not None else render(this_year(), "glued"), encoding="utf-8")
    return path


def _docs(report: AnnualReport) -> dict[str, list]:
    return {row: tables_of(report)["table2"][row] for row in spec.T2_DOC_ROWS}


def _carried(report: AnnualReport) -> tuple[list, list]:
    t3 = tables_of(report)["table3"]
    return t3[spec.T3_CARRIED_IN], t3[spec.T3_CARRIED_OUT]


def test_without_last_year_the_prior_decides_and_every_alternative_is_listed(tmp_path):
    result = read_report(crawled(tmp_path))
    assert _docs(result.report) == {"规章": [1, 2, 345], "行政规范性文件": [2, 0, 5137]}
    assert _carried(result.report) == (WRONG_CARRIED, WRONG_CARRIED)
    for true in (*DOCS.values(), CARRIED):
        assert any("其他可能" in n and "、".join(map(str, true)) in n for n in result.notes), true
    assert result.last_year_may_settle


def test_last_year_settles_the_splits_and_the_notes_name_it(tmp_path):
    result = read_report(crawled(tmp_path), LastYear(last_year(), Path("2023年报告.json")))
    assert _docs(result.report) == DOCS
    assert _carried(result.report) == (CARRIED, CARRIED)  # 四、结转 follows from 上年结转 by T-1
    for row in spec.T2_DOC_ROWS:
        assert {result.report.provenance[f"table2/{row}/{c}"] for c in spec.T2_DOC_COLS} == {"inferred"}
    assert {result.report.provenance[f"table3/{spec.T3_CARRIED_IN}/{c}"] for c in spec.T3_COLS} == {"inferred"}
    settled = [n for n in result.notes if "按上年报告（2023年报告.json）的跨年度衔接" in n]
    assert len(settled) == 3
    rules = next(n for n in settled if "“规章”" in n)
    assert "上年 36 + 本年制发件数 − 本年废止件数" in rules and "选定拆分为 12、3、45" in rules
    assert "其他可能：1、2、345；1、23、45" in rules  # the splits it ruled out, the prior's first
    carried = next(n for n in settled if spec.T3_CARRIED_IN in n)
    assert "“四、结转下年度继续办理”为 1、2、10、0、0、0、13" in carried and "12、1、0、0、0、0、13" in carried
    assert not any("有多种拆分均说得通" in n and "表二" in n for n in result.notes)
    assert not any(k.startswith(("table2", "table3")) for k in result.ambiguous)
    assert not result.last_year_may_settle  # table 四's "1211620" is left to the reader: no cross-year relation


def test_the_narrative_outranks_a_last_year_that_contradicts_it(tmp_path):
    """Last year's 现行有效 fits 1、2、345 (a slip in last year's table); this year's narrative states 12、3、45."""
    stated = "本年制发规章12件，废止规章3件，现行有效规章45件。"
    text = render(this_year(), "glued").replace("本年度工作有序推进。", stated)
    result = read_report(crawled(tmp_path, text), LastYear(last_year(in_force={"规章": 346}), Path("上年.json")))
    assert _docs(result.report)["规章"] == DOCS["规章"]
    assert any("“规章”" in n and "按正文所述" in n for n in result.notes)
    assert any("上年 346" in n and "与正文所述不符，按正文所述读取" in n for n in result.notes), result.notes
    # the other row, which the narrative does not state, is still settled by last year
    assert _docs(result.report)["行政规范性文件"] == DOCS["行政规范性文件"]


def test_a_last_year_that_fits_no_split_changes_nothing_and_says_so(tmp_path):
    plain = read_report(crawled(tmp_path))
    result = read_report(crawled(tmp_path), LastYear(last_year(in_force={"规章": 999}), Path("上年.json")))
    assert _docs(result.report)["规章"] == _docs(plain.report)["规章"]
    assert any("没有一种拆分符合上年报告（上年.json）的跨年度衔接（现行有效件数 = 上年 999" in n for n in result.notes)
    # the audit then reports the break at its cell (T-8), as for any report whose years do not join
    assert "T-8" in {f.rule for f in check_report(result.report, last_year(in_force={"规章": 999}))}


def test_last_year_that_breaks_this_years_identities_is_not_followed(tmp_path):
    """This page kept the separators of its 四、结转 row, which fixes 上年结转 through T-1; last year's carried-over
    figures point to the other split and are not followed: the cell is not made wrong, and T-7 reports the break."""
    glued = f"{spec.T3_CARRIED_OUT}{''.join(map(str, CARRIED))}"
    text = render(this_year(), "glued").replace(glued, f"{spec.T3_CARRIED_OUT} {' '.join(map(str, CARRIED))}")
    assert text.count(spec.T3_CARRIED_OUT + " 1 2 10") == 1
    previous = last_year(carried=WRONG_CARRIED)
    result = read_report(crawled(tmp_path, text), LastYear(previous, Path("上年.json")))
    assert _carried(result.report) == (CARRIED, CARRIED)
    assert any(spec.T3_CARRIED_IN in n and "与本表的勾稽关系不符，未据此选定拆分" in n for n in result.notes)
    assert {f.cells[0] for f in check_report(result.report, previous) if f.rule == "T-7"} == {"D5", "E5", "F5"}


def test_last_years_own_inferred_cells_and_another_year_are_no_evidence(tmp_path):
    plain = tables_of(read_report(crawled(tmp_path)).report)
    guessed = last_year()
    guessed.provenance = {f"table2/{row}/{IN_FORCE}": "inferred" for row in spec.T2_DOC_ROWS}
    guessed.provenance |= {f"table3/{spec.T3_CARRIED_OUT}/{c}": "inferred" for c in spec.T3_COLS}
    assert tables_of(read_report(crawled(tmp_path), guessed).report) == plain
    older = last_year()
    older.year = 2022
    result = read_report(crawled(tmp_path), LastYear(older, Path("2022.json")))
    assert tables_of(result.report) == plain
    assert any("上年报告（2022.json）为 2022 年度，不是 2023 年度" in n for n in result.notes)


# ---- the real crawled page, through the command line ---------------------------------------------------------------


@pytest.fixture
def real_page(tmp_path) -> Path:
    """The corpus's crawled page (cells run together) with table 二's 69/3/665 varied to 20/5/137."""
    text = (FIXTURES / "real" / "001.txt").read_text(encoding="utf-8")
    assert text.count("行政规范性文件693665") == 1
    return crawled(tmp_path, text.replace("行政规范性文件693665", "行政规范性文件205137"), "平潭2021.txt")


@pytest.fixture
def report_2020(tmp_path) -> Path:
    """Last year's report as Report JSON: 122 in force at the end of 2020, nothing carried over."""
    report = AnnualReport.blank(2020, "平潭综合实验区")
    report.set("table2", "行政规范性文件", IN_FORCE, 122)
    path = tmp_path / "平潭2020.json"
    path.write_text(json.dumps(report.to_json(), ensure_ascii=False), encoding="utf-8")
    return path


def test_import_with_last_year_on_the_real_crawled_page(cli, tmp_path, real_page, report_2020):
    before = cli("import", real_page, "--json")
    assert json.loads(before.out)["table2"]["行政规范性文件"] == [2, 0, 5137]
    out = cli("import", real_page, "--last-year", report_2020, "--json")
    data = json.loads(out.out)
    assert data["table2"]["行政规范性文件"] == [20, 5, 137]
    assert data["provenance"]["table2/行政规范性文件/现行有效件数"] == "inferred"
    assert "按上年报告（平潭2020.json）的跨年度衔接" in out.err and "其他可能：2、0、5137" in out.err
    missing = cli("import", real_page, "--last-year", tmp_path / "无此文件.json", "--json")
    assert missing.code == 2 and "无此文件.json" in missing.err


def test_audit_one_file_with_last_year_reads_it_with_that_evidence(cli, real_page, report_2020):
    out = cli("audit", real_page, "--last-year", report_2020, "--json")
    rules = [f["rule"] for f in json.loads(out.out)["findings"]]
    assert "T-8" not in rules
    # read without it, the prior's 2、0、5137 would break T-8 against the same last year
    assert "T-8" in {f.rule for f in check_report(import_report(real_page), load_last_year(report_2020))}


# ---- the batch: pairs are known only after every file was read -----------------------------------------------------


@pytest.fixture
def years(tmp_path) -> Path:
    """One agency's two years in a folder: 2023 published with its cells separated, 2024 crawled and glued."""
    folder = tmp_path / "报告"
    folder.mkdir()
    (folder / "2023年报告.txt").write_text(render(last_year()), encoding="utf-8")
    crawled(folder)
    return folder


def test_batch_reads_an_ambiguous_report_again_with_its_pair(years):
    one = audit_batch([years], jobs=1)
    current = next(r for r in one.reports if r.year == 2024)
    assert current.previous == years / "2023年报告.txt"
    assert not {"T-7", "T-8"} & {f.rule for f in current.findings}
    # the first reading (prior only) would have broken both against last year
    plain = {f.rule for f in cross_year_one((years / "2024年报告.txt", years / "2023年报告.txt"))}
    assert {"T-7", "T-8"} <= plain
    assert current.cells["inferred"] > 0 and current.cells["unread"] == 0
    assert not next(r for r in one.reports if r.year == 2023).ambiguous  # read once: nothing was open
    two = audit_batch([years], jobs=2)
    assert json.dumps(one.to_json(), ensure_ascii=False) == json.dumps(two.to_json(), ensure_ascii=False)


def test_batch_with_last_year_files_apart(tmp_path, years):
    """--last-year as a folder: the earlier report is only read for pairing, and still settles the splits."""
    earlier = tmp_path / "上年"
    earlier.mkdir()
    (years / "2023年报告.txt").rename(earlier / "2023年报告.txt")
    batch = audit_batch([years], last_year=[earlier], jobs=1)
    (current,) = batch.reports
    assert current.previous == earlier / "2023年报告.txt"
    assert not {"T-7", "T-8"} & {f.rule for f in current.findings}
