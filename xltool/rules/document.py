"""Review points R-1 … R-4: what a reviewer sees at a glance before reading any figure — the six sections in order,
the 2019 table layout, the report's year, and template text left in."""

from __future__ import annotations

import re

from .. import spec
from .. import text as prose
from ..findings import Finding
from ..model import AnnualReport
from .passages import first_cell, passages, section_sheet

#: The rule ids this module yields.
RULE_IDS = ("R-1", "R-2", "R-3", "R-4")


def document_findings(report: AnnualReport) -> list[Finding]:
    """R-1 … R-4: what a reviewer sees at a glance before reading any figure."""
    found = _section_findings(report)
    if report.table3_variant == "2019":
        found.append(Finding("R-2", spec.SHEET_TABLE3))
    found += _year_findings(report)
    found += _placeholder_findings(report)
    return found


def _section_findings(report: AnnualReport) -> list[Finding]:
    """R-1: a published text must hold the six headings in order, and a section of its own is named (a warning: a
    province may ask for one, but its text counts for none of the six); a heading read by its place and number only
    (its words are unlike the section's) is named too, so that the reading is never silently a guess; a workbook must
    have its narrative filled in."""
    out: list[Finding] = []
    if report.text is None:
        for number in spec.NARRATIVE_SECTIONS:
            if not (report.sections.get(number) or "").strip():
                out.append(
                    Finding(
                        "R-1",
                        section_sheet(number),
                        first_cell(number, report),
                        row_label=spec.section(number).title,
                        detail="未填写该部分",
                    )
                )
        return out
    text = prose.clean(report.text)  # as the importer reads it: page breaks and page numbers dropped
    headings = prose.find_headings(text)
    positions = {number: h.start for number, h in headings.items()}
    for i, section in enumerate(spec.SECTIONS):
        where = section_sheet(section.number)
        if section.number not in positions:
            out.append(Finding("R-1", where, row_label=section.title, detail="未找到该部分的标题"))
            continue
        heading = headings[section.number]
        if heading.placed:  # taken by its place and number: the reader should know its words were not recognised
            printed = prose.unspace(" ".join(text[heading.start : heading.end].split()))
            out.append(
                Finding(
                    "R-1",
                    where,
                    row_label=section.title,
                    detail=f"标题“{printed}”的文字与格式规定的标题不同，按其位置和编号读作该部分，请核对",
                )
            )
        later = [
            s for s in spec.SECTIONS[i + 1 :] if positions.get(s.number, len(text) + 1) < positions[section.number]
        ]
        if later:
            out.append(
                Finding(
                    "R-1",
                    where,
                    row_label=section.title,
                    detail=f"该部分排在“{later[0].title}”之后，应按一至六的顺序排列",
                )
            )
    for extra in headings.extra:  # a section of the report's own: its text is read as part of no section
        out.append(
            Finding(
                "R-1",
                spec.SHEET_INFO,
                row_label=prose.unspace(" ".join(text[extra.start : extra.end].split())),
                detail="不是格式规定的六个部分之一，其内容未计入任何部分，请核对是否应写入某一部分",
            )
        )
    return out


def _year_findings(report: AnnualReport) -> list[Finding]:
    """R-3: the title and the statistical-period sentence name the report's year."""
    if not report.year:
        return []
    out: list[Finding] = []
    if report.text:
        title = prose.title(report.text)
        if title and title.year != report.year:
            out.append(
                Finding(
                    "R-3",
                    spec.SHEET_INFO,
                    row_label="标题",
                    found=title.year,
                    expected=report.year,
                    detail=prose.quote(title.words),
                )
            )
        sources: list[tuple[str, tuple[str, ...], str]] = [(spec.SHEET_INFO, (), report.text)]
    else:
        sources = [(p.sheet, (p.cell,) if p.cell else (), p.text) for p in passages(report)]
    for sheet, cells, text in sources:
        for year, sentence in dict.fromkeys(prose.period_years(text)):
            if year != report.year:
                out.append(
                    Finding(
                        "R-3",
                        sheet,
                        cells,
                        row_label="统计期限",
                        found=year,
                        expected=report.year,
                        detail=prose.quote(sentence),
                    )
                )
    return out


def _placeholder_findings(report: AnnualReport) -> list[Finding]:
    """R-4: template text left in the 基本信息 fields or anywhere in the prose."""
    out: list[Finding] = []
    for i, field in enumerate(spec.INFO_FIELDS):
        value = report.info(field.key)
        for token, _sentence in placeholders(value) if isinstance(value, str) else []:
            out.append(
                Finding(
                    "R-4",
                    spec.SHEET_INFO,
                    (f"B{spec.FIRST_ENTRY_ROW + i}",),
                    row_label=field.label,
                    found=token,
                    detail=value,
                )
            )
    located = passages(report)
    if report.text is None:
        for p in located:
            out += [
                p.finding("R-4", row_label=p.label, found=token, detail=prose.quote(sentence))
                for token, sentence in placeholders(p.text)
            ]
        return out
    texts = [(p, prose.normalize(p.text).replace("\n", "")) for p in located]
    for token, sentence in dict.fromkeys(placeholders(report.text)):
        home = next((p for p, text in texts if sentence in text), None)
        sheet, label = (home.sheet, home.label) if home else (spec.SHEET_INFO, "报告正文")
        out.append(Finding("R-4", sheet, row_label=label, found=token, detail=prose.quote(sentence)))
    return out


_PLACEHOLDER = re.compile(
    r"(?<![A-Za-z0-9])(?:[XxＸｘ]{2,}|\d{2}[XxＸ×]{2})(?![A-Za-z0-9])|[×＊*○□△]{2,}|_{3,}|＿{2,}|"
    r"[XxＸ×]月[XxＸ×]日|待补充|待填写|待完善|待定|此处填写|请填写|填写内容|TODO|TBD"
)


def placeholders(text: str) -> list[tuple[str, str]]:
    """(placeholder, sentence) for leftover template text such as "XX镇", "××", "待补充", "（此处填写）"."""
    return [(m.group(0), s) for s in prose.sentences(prose.normalize(text)) for m in _PLACEHOLDER.finditer(s)]
