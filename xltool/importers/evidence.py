"""Evidence between the splits of run-together digits: what a source says about a table row's cells.

A crawled page that prints "行政规范性文件693665" can be cut into 制发/废止/现行有效 in many ways that the table's
own sums cannot tell apart. Two sources outside the table can:

* the report's own narrative ("制发行政规范性文件69件"), which states values;
* last year's report, when it is given: the cross-year relations of the format (``spec.CROSS_YEAR``) state this
  year's 二、上年结转 per column (T-7, a value) and tie each document row's 现行有效 to this year's 制发 and 废止
  (T-8, a relation: 现行有效 − 制发 + 废止 = last year's 现行有效).

Both become ``Fact``\\ s: equations on one row's cells. The table reader (``tables._with_evidence``) weighs the sources in
the order they are given (the narrative first, then last year's report) before its neutral prior.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import spec
from ..model import AnnualReport, LastYear

#: (column, coefficient) pairs of one equation: ``sum(coefficient · cell) == value``.
Terms = tuple[tuple[str, int], ...]

NARRATIVE = "正文"


@dataclass(frozen=True)
class Fact:
    """What a source says about the cells of one table row: every ``sum(coefficient · cell) == value`` holds.
    ``said`` is how a note quotes it (Chinese)."""

    table: str
    row: str
    equations: tuple[tuple[Terms, int], ...]
    said: str

    def holds(self, cells: Mapping[str, object]) -> bool:
        """Whether a split of the row (column → value) agrees; a cell that is not a number cannot agree."""
        for terms, value in self.equations:
            parts = [cells.get(col) for col, _k in terms]
            numbers = [v for v in parts if isinstance(v, int) and not isinstance(v, bool)]
            if len(numbers) != len(parts):
                return False
            if sum(k * v for (_col, k), v in zip(terms, numbers, strict=True)) != value:
                return False
        return True


@dataclass(frozen=True)
class Evidence:
    """One source's facts, named as the notes name it ("正文", "上年报告（2023年报告.pdf）")."""

    source: str
    facts: tuple[Fact, ...]

    @property
    def narrative(self) -> bool:
        return self.source == NARRATIVE

    def for_row(self, table: str, row: str) -> list[Fact]:
        return [f for f in self.facts if f.table == table and f.row == row]


def stated(values: Mapping[tuple[str, str, str], int]) -> Evidence:
    """The narrative's figures, (table, row, column) → value, as one fact per row."""
    by_row: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for (table, row, col), value in values.items():
        by_row.setdefault((table, row), []).append((col, value))
    facts = tuple(
        Fact(table, row, tuple((((col, 1),), v) for col, v in cells), "、".join(f"{col} {v}" for col, v in cells))
        for (table, row), cells in by_row.items()
    )
    return Evidence(NARRATIVE, facts)


def last_year_evidence(last_year: AnnualReport | LastYear) -> Evidence:
    """Last year's report as evidence for this year's cells, from the cross-year relations of the format.

    Only last year's cells read exactly as printed count: a cell that was itself inferred (from run-together digits)
    or not read is no evidence, nor is "/" or text."""
    report, path = (last_year.report, last_year.path) if isinstance(last_year, LastYear) else (last_year, None)
    groups: dict[tuple[str, str, str], list[tuple[spec.CrossYear, int]]] = {}
    for rel in spec.CROSS_YEAR:
        then = _exact_number(report, rel.table, rel.before)
        if then is not None:
            groups.setdefault((rel.rule, rel.table, rel.total[0]), []).append((rel, then))
    sizes: dict[tuple[str, str, str], int] = {}
    for rel in spec.CROSS_YEAR:
        sizes[(rel.rule, rel.table, rel.total[0])] = sizes.get((rel.rule, rel.table, rel.total[0]), 0) + 1
    facts = tuple(
        _fact(table, row, found, complete=len(found) == sizes[(rule, table, row)])
        for (rule, table, row), found in groups.items()
    )
    return Evidence(source_name(path), facts)


def source_name(path: str | Path | None) -> str:
    """上年报告（its file name）, as the notes name it."""
    return f"上年报告（{Path(path).name}）" if path else "上年报告"


def _exact_number(report: AnnualReport, table: str, key: tuple[str, str]) -> int | None:
    if report.provenance.get(f"{table}/{key[0]}/{key[1]}"):  # inferred or missing when imported: not evidence
        return None
    value = report.get(table, *key)
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, int) and value >= 0 else None


def _fact(table: str, row: str, found: list[tuple[spec.CrossYear, int]], complete: bool) -> Fact:
    """One row's relations as one fact, quoted the way the clerk reads them: the carried-over values of last year's
    row (each with its column when some were not usable), or 现行有效件数 = 上年 600 + 本年制发件数 − 本年废止件数."""
    equations = tuple(
        (((rel.total[1], 1), *((c, -1) for _r, c in rel.terms), *((c, 1) for _r, c in rel.minus)), then)
        for rel, then in found
    )
    if all(not rel.terms and not rel.minus for rel, _then in found):
        rows = {rel.before[0] for rel, _then in found}
        values = (f"{then}" if complete else f"{rel.before[1]} {then}" for rel, then in found)
        said = f"上年“{'、'.join(sorted(rows))}”为 {'、'.join(values)}"
    else:
        said = "；".join(
            f"{rel.total[1]} = 上年 {then}"
            + "".join(f" + {c}" for _r, c in rel.terms)
            + "".join(f" − {c}" for _r, c in rel.minus)
            for rel, then in found
        )
    return Fact(table, row, equations, said)
