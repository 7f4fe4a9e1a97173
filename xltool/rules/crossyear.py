"""Cross-year rules with last year's report: carry-over (T-7), documents in force (T-8) and copied text (R-5).

Comparing with any other year than the previous one would report nonsense, so a wrong year is refused as unusable
input (``check_previous_year``).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from .. import spec
from ..errors import XltoolError
from ..findings import Finding
from ..model import AnnualReport
from ..text import agency_key, normalize, sentences
from .passages import first_cell, passages

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from .tables import Numbers

#: The rule ids this module yields.
RULE_IDS = ("T-7", "T-8", "R-5", "R-7")


def cross_year_findings(
    report: AnnualReport, previous: AnnualReport, values: Numbers, before: Numbers
) -> list[Finding]:
    """Carry-over (T-7), documents in force (T-8), copied text (R-5), each at this year's cell; another agency (R-7)."""
    out: list[Finding] = []
    for rel in spec.CROSS_YEAR:  # T-7 and T-8: at this year's cell, with the cells it was compared with
        table = spec.TABLES[rel.table]
        total, *compared = (table.cell(*key) for key in (rel.total, *rel.terms, *rel.minus))
        now, then = values.of(total), before.of(table.cell(*rel.before))
        plus, less = (_all_known([values.of(table.cell(*k)) for k in keys]) for keys in (rel.terms, rel.minus))
        if now is None or then is None or plus is None or less is None:
            continue
        expected = then + sum(plus) - sum(less)
        if now != expected:
            out.append(Finding.at(rel.rule, total, *compared, found=now, expected=expected))
    out += _copy_findings(report, previous)
    out += _other_agency(report, previous)
    return out


def _all_known(numbers: list[int | Decimal | None]) -> list[int | Decimal] | None:
    """The numbers when every one is known, else None: a sum with an unknown term cannot be compared."""
    known = [n for n in numbers if n is not None]
    return known if len(known) == len(numbers) else None


def _other_agency(report: AnnualReport, previous: AnnualReport) -> list[Finding]:
    """R-7: last year's report of another agency (a wrong file picked) is worth a warning, not a refusal: the checks
    still run, and the clerk sees both names. One name inside the other (沙坡头区兴仁镇人民政府 / 兴仁镇人民政府) is
    the same agency."""
    mine, theirs = agency_key(report.agency.name), agency_key(previous.agency.name)
    if mine is None or theirs is None or mine in theirs or theirs in mine:
        return []
    index, field = next((i, f) for i, f in enumerate(spec.INFO_FIELDS) if f.key == "name")
    return [
        Finding(
            "R-7",
            spec.SHEET_INFO,
            (f"B{spec.FIRST_ENTRY_ROW + index}",),
            row_label=field.label,
            found=previous.agency.name,
            expected=report.agency.name,
        )
    ]


def _copy_findings(report: AnnualReport, previous: AnnualReport) -> list[Finding]:
    """R-5: the share of this year's narrative repeated sentence for sentence from last year's."""
    mine, theirs = _section_texts(report), _section_texts(previous)
    this_year, last_year = "\n".join(mine.values()), "\n".join(theirs.values())
    share = repeated_share(this_year, last_year)
    if share <= spec.COPY_SHARE_THRESHOLD:
        return []
    parts = "、".join(f"第{n}部分 {repeated_share(mine[n], theirs.get(n, last_year)):.0%}" for n in mine)
    return [
        Finding(
            "R-5",
            spec.SHEET_OVERVIEW,
            first_cell("一", report),
            found=f"{share:.0%}",
            expected=f"{spec.COPY_SHARE_THRESHOLD:.0%}",
            detail=parts,
        )
    ]


def _section_texts(report: AnnualReport) -> dict[str, str]:
    texts: dict[str, list[str]] = {}
    for p in passages(report):
        texts.setdefault(p.section, []).append(p.text)
    return {n: "\n".join(t) for n, t in texts.items()}


def check_previous_year(report: AnnualReport, previous: AnnualReport, path: Path | None = None) -> None:
    """Comparing with any other year than the previous one would report nonsense: refuse it as unusable input."""
    found = previous.year
    if report.year and found and found != report.year - 1:
        raise XltoolError(
            "F-LAST-YEAR", path=path or "上年报告", found=found, year=report.year, expected=report.year - 1
        )


# ---- repeated text (内容雷同) --------------------------------------------------------------------------------------

_MIN_SENTENCE = 8


def _comparable(text: str) -> list[str]:
    """Sentences without digits or spacing, so that only the year and figures changed still counts as repeated."""
    plain = [re.sub(r"[\d\s]", "", s) for s in sentences(normalize(text))]
    return [s for s in plain if len(s) >= _MIN_SENTENCE]


def repeated_share(this_year: str, last_year: str) -> float:
    """Share of this year's narrative (by characters) made of sentences that also stand in last year's.

    A sentence-set measure rather than difflib: it is linear in the text length, insensitive to paragraphs being
    reordered, and ignores figures, so a copied text with new numbers still counts as copied.
    """
    mine = _comparable(this_year)
    total = sum(len(s) for s in mine)
    if not total:
        return 0.0
    theirs = set(_comparable(last_year))
    return sum(len(s) for s in mine if s in theirs) / total
