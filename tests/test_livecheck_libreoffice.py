"""The live checks, computed by a real spreadsheet engine: LibreOffice headless recalculates the workbook.

Each case plants slips in chosen cells, lets LibreOffice evaluate every check formula, and asserts that exactly the
checks of the identities involving those cells fail while all others pass. Expectations are stated from the spec
(which rule, which row or column), not from running the builder.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from office import SOFFICE, recalculate

from xltool import spec
from xltool.model import AnnualReport
from xltool.writers.workbook import build_workbook, live_checks

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="需要 LibreOffice（soffice）来重新计算公式；CI 会安装它")


BLOCK_REVIEW, BLOCK_DIRECT, BLOCK_AFTER = (block for block, _words, _first in spec.T4_BLOCKS)
UNABLE_ROW = next(r.key for r in spec.T3_ROWS if r.group == "（四）无法提供")  # …/1.本机关不掌握相关政府信息
BUSINESS = spec.T3_ORGS[0]  # 商业企业


def _clean() -> AnnualReport:
    return AnnualReport.blank()


def _consistent() -> AnnualReport:
    """Non-zero figures everywhere, with every identity worked out here from the rules' wording (not by the builder)."""
    report = AnnualReport.blank()
    applicants = spec.T3_COLS[:-1]
    for j, col in enumerate(applicants):
        results = [(i + j) % 4 + 1 for i in range(len(spec.T3_RESULT_ROWS))]
        for row, value in zip(spec.T3_RESULT_ROWS, results, strict=True):
            report.set("table3", row, col, value)
        report.set("table3", spec.T3_GRAND_TOTAL, col, sum(results))  # T-2
        report.set("table3", spec.T3_RECEIVED, col, sum(results) + 2)
        report.set("table3", spec.T3_CARRIED_IN, col, j + 1)
        report.set("table3", spec.T3_CARRIED_OUT, col, j + 3)  # T-1: (sum + 2) + (j + 1) = sum + (j + 3)
    for row in spec.T3_ROWS:  # T-3
        report.set("table3", row.key, spec.T3_TOTAL, sum(report.get("table3", row.key, c) for c in applicants))
    for block, _words, _first in spec.T4_BLOCKS:  # T-4: 1 + 2 + 3 + 4 = 10
        for n, outcome in enumerate(spec.T4_OUTCOMES[:-1], start=1):
            report.set("table4", spec.T4_ROW_KEY, f"{block}/{outcome}", n)
        report.set("table4", spec.T4_ROW_KEY, f"{block}/总计", 10)
    return report


def _table3_slip() -> AnnualReport:
    """One more 商业企业 application answered 本机关不掌握, but neither that row's 总计 nor the column's （七）总计 updated."""
    report = _consistent()
    report.set("table3", UNABLE_ROW, BUSINESS, report.get("table3", UNABLE_ROW, BUSINESS) + 1)
    return report


def _table4_slips() -> AnnualReport:
    """行政复议 has a blank, 未经复议直接起诉 still adds up, 复议后起诉 has a 结果纠正 too many for its 总计."""
    report = _consistent()
    report.set("table4", spec.T4_ROW_KEY, f"{BLOCK_REVIEW}/其他结果", None)
    report.set("table4", spec.T4_ROW_KEY, f"{BLOCK_AFTER}/结果纠正", 3)
    return report


def _figures() -> AnnualReport:
    """The consistent tables, plus the clerk's own figure 门户网站 with three parts (2 + 17 + 3) and one without."""
    from xltool.model import Figure

    report = _consistent()
    report.figures = [
        Figure("门户网站", None, None),
        Figure("政府文件", "门户网站", 2),
        Figure("乡镇动态", "门户网站", 17),
        Figure("领导信息", "门户网站", 3),
        Figure("培训人次", None, 120),
    ]
    return report


#: case → (report, {(rule, total cell key): what the check must show}); every other check must show 通过.
CASES = {
    "figures": (_figures, {}),
    "clean": (_clean, {}),
    "consistent": (_consistent, {}),
    "table3": (
        _table3_slip,
        {
            ("T-3", (UNABLE_ROW, spec.T3_TOTAL)): spec.LIVE_CHECK_FAIL,
            ("T-2", (spec.T3_GRAND_TOTAL, BUSINESS)): spec.LIVE_CHECK_FAIL,
        },
    ),
    "table4": (
        _table4_slips,
        {
            ("T-4", (spec.T4_ROW_KEY, f"{BLOCK_REVIEW}/总计")): spec.LIVE_CHECK_INCOMPLETE,
            ("T-4", (spec.T4_ROW_KEY, f"{BLOCK_AFTER}/总计")): spec.LIVE_CHECK_FAIL,
        },
    ),
}


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory) -> dict[str, Path]:
    """Build every case and let LibreOffice recalculate them all in one run (one start-up of soffice)."""
    base = tmp_path_factory.mktemp("livecheck")
    sources = []
    for name, (make, _expected) in CASES.items():
        path = base / f"{name}.xlsx"
        build_workbook(path, make())
        sources.append(path)
    out = recalculate(sources, base)
    results = {name: out / f"{name}.xlsx" for name in CASES}
    missing = [str(p) for p in results.values() if not p.exists()]
    assert not missing, f"LibreOffice produced no output for {missing}"
    return results


@pytest.mark.parametrize("case", CASES)
def test_exactly_the_broken_identities_fail(recalculated, case):
    _make, expected = CASES[case]
    wb = openpyxl.load_workbook(recalculated[case], data_only=True)
    shown = {}
    for table in spec.TABLES.values():
        for check in live_checks(table):
            shown[(check.identity.rule, check.identity.total)] = wb[check.sheet][check.address].value
    assert len(shown) == len(spec.IDENTITIES)
    wanted = {key: expected.get(key, spec.LIVE_CHECK_PASS) for key in shown}
    assert shown == wanted


def test_libreoffice_keeps_the_red_green_formatting(recalculated):
    wb = openpyxl.load_workbook(recalculated["table3"])
    for table in (spec.TABLE3, spec.TABLE4):
        ws = wb[table.sheet]
        formatted = {str(cf.sqref) for cf in ws.conditional_formatting}
        checks = {c.address for c in live_checks(table)}
        covered = {a for ref in formatted for part in ref.split() for a in _cells(part)}
        assert checks <= covered


def _cells(ref: str) -> list[str]:
    from xltool import cells

    return cells.expand(ref.replace("$", ""))


@pytest.mark.parametrize("case", CASES)
def test_live_checks_agree_with_the_validator(recalculated, case):
    """The workbook's formulas and the pandera rules come from the same identities: they must flag the same sums."""
    from xltool.rules.tables import validate

    make, _expected = CASES[case]
    wb = openpyxl.load_workbook(recalculated[case], data_only=True)
    failing = {
        (c.identity.rule, c.cells()[0])
        for t in spec.TABLES.values()
        for c in live_checks(t)
        if wb[c.sheet][c.address].value == spec.LIVE_CHECK_FAIL
    }
    flagged = {(f.rule, f.cells[0]) for f in validate(make()) if f.rule in spec.LIVE_CHECK_LABELS}
    assert failing == flagged


def test_figure_totals_and_placeholder_values_are_live(recalculated):
    """LibreOffice computes the figures' totals (parts summed, a figure without parts as entered) and the current
    value of every placeholder name, exactly as the Word report will print them."""
    from xltool.placeholders import resolve
    from xltool.spec import figures as fs

    report = _figures()
    wb = openpyxl.load_workbook(recalculated["figures"], data_only=True)
    totals = wb[fs.SHEET_FIGURES]
    assert [totals[f"D{r}"].value for r in range(3, 8)] == [22, 2, 17, 3, 120]
    assert totals["D8"].value in (None, "")
    listed = wb[fs.SHEET_PLACEHOLDERS]
    for i, p in enumerate(fs.PLACEHOLDERS):
        assert float(listed[f"C{fs.FIGURE_FIRST_ROW + i}"].value) == float(resolve(p.name, report).value), p.name
