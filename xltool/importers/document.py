"""From the text of a published report to the report model.

Every format reader (txt, docx, pdf, html) produces a ``Document``: the report's text in reading order, with each
table grid flattened to one line per grid row (cells separated by a tab). This module does the rest, the same way for
every format: sections, tables, title, agency and contact, narrative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from .. import claims, spec
from .. import text as narrative
from ..errors import XltoolError
from ..model import AnnualReport, LastYear, Provenance
from . import blocks, column_heads, fields, header_groups, sections
from .evidence import Evidence, last_year_evidence, stated
from .tables import BLANK, INFERRED, MISSING, TableRead, layout, layout_2019, read_table, split_budget

#: A cell holds one value, so digits broken over lines in a narrow cell ("300\n1") belong together.
_DIGIT_GAP = re.compile(r"(?<=\d) (?=\d)")
_VALUE_CELL = re.compile(r"[\d.,/—–-]+")


@dataclass
class Document:
    """A report's text as read from its file.

    ``wrapped`` says whether lines are printed lines (PDF, plain text) that the narrative reader must re-join into
    paragraphs, rather than paragraphs (docx, HTML).
    """

    text: str
    wrapped: bool
    kind: str  # "txt" | "docx" | "pdf" | "html", for messages
    table_text: str | None = None  # a second reading for the tables (PDF table geometry); the better one is kept
    notes: list[str] = field(default_factory=list)  # what the user should know about reading the file (encoding)


@dataclass
class ImportResult:
    """The report read from a file, and what the user should know about how it was read (Chinese notes)."""

    report: AnnualReport
    notes: list[str] = field(default_factory=list)
    tables: dict[str, TableRead] = field(default_factory=dict)

    @property
    def missing(self) -> list[str]:
        return [k for k, v in self.report.provenance.items() if v == MISSING]

    @property
    def inferred(self) -> list[str]:
        return [k for k, v in self.report.provenance.items() if v == INFERRED]

    @property
    def ambiguous(self) -> list[str]:
        """Inferred cells chosen among splits of run-together digits that remain possible (the notes list the
        alternatives): the cells that last year's report might settle."""
        return [f"{t.table}/{row}/{col}" for t in self.tables.values() for row, col in sorted(t.ambiguous)]

    @property
    def last_year_may_settle(self) -> bool:
        """Whether last year's report could settle an ambiguous cell: one lies in a table that the cross-year
        relations reach (table 二's documents, table 三 through its carry-over and identities)."""
        reached = {rel.table for rel in spec.CROSS_YEAR}
        return any(t.ambiguous for t in self.tables.values() if t.table in reached)


def flatten_grid(grid: list[list[str | None]]) -> str:
    """A table grid as text: one line per row, cells separated by tabs; None marks a merged continuation cell."""
    lines = []
    for row in grid:
        cells = [_DIGIT_GAP.sub("", " ".join(c.split())) for c in row if c is not None]
        first = next((i for i, c in enumerate(cells) if _VALUE_CELL.fullmatch(c)), None)
        if first is None:  # a label and nothing else: its empty cells are printed blank, not unread
            last_text = max((i for i, c in enumerate(cells) if c), default=len(cells))
            first = last_text if last_text < len(cells) - 1 else len(cells)
        elif any(c for c in cells[:first]):  # an empty cell between the label and the first number is blank too
            first = max(i for i, c in enumerate(cells[:first]) if c)
        else:  # a row of numbers with no label (table 四's): an empty cell before its first number is blank too
            first = -1
        # an empty cell among or after a row's numbers is a blank value, not nothing: keep its place
        cells = [c or (BLANK if i > first else "") for i, c in enumerate(cells)]
        if any(c and c != BLANK for c in cells):
            lines.append("\t".join(c for c in cells if c))
    return "\n".join(lines)


def parse(doc: Document, path: Path, last_year: AnnualReport | LastYear | None = None) -> ImportResult:
    """Read the whole report model out of a document; raises XltoolError when it is not a 年度报告 at all.

    ``last_year``: last year's report, whose figures settle run-together digits the narrative leaves open (T-7's
    上年结转, T-8's 现行有效件数); it is not used when it is of another year than the one before."""
    text = narrative.clean(doc.text)
    headings = narrative.find_headings(text)
    readings = [_regions(text, headings)]
    if doc.table_text:
        other = narrative.clean(doc.table_text)
        readings.append(_regions(other, narrative.find_headings(other)))
    report = AnnualReport(text=doc.text)
    result = ImportResult(report, notes=list(doc.notes))
    title = narrative.title(text)  # found once: the evidence needs its year, the fields its name
    year = title.year if title else None
    evidence = [_stated_figures(text, headings, year)]
    if last_year is not None:
        evidence += _last_year(last_year, year, result.notes)
    with split_budget():  # however many readings are tried, splitting run-together digits is bounded per file
        for key in spec.TABLES:
            read = max((_read_table(key, regions.get(key, ""), evidence) for regions in readings), key=TableRead.score)
            result.tables[key] = read
            _store(report, read)
            result.notes += read.notes
    _check_recognisable(path, doc, headings, result)
    _fill_fields(report, text, headings, title, doc.wrapped)
    if not report.agency.name:
        result.notes.append("未能从标题或落款确定机关名称，已留空，请在工作簿“基本信息”中填写")
    if report.year is None:
        result.notes.append("未能从标题或统计期限确定报告年度，已留空，请在工作簿“基本信息”中填写")
    missing_sections = [s.title for s in spec.SECTIONS if s.number not in headings]
    if missing_sections:
        result.notes.append(f"未找到以下章节标题：{'、'.join(missing_sections)}")
    return result


def _regions(text: str, headings: narrative.Headings) -> dict[str, str]:
    return {key: text[start:end] for key, (start, end) in sections.table_regions(text, headings).items()}


def _last_year(last_year: AnnualReport | LastYear, year: int | None, notes: list[str]) -> list[Evidence]:
    """Last year's report as evidence, unless it is of another year than the one before this report's (its title's
    year): its figures would then settle nothing but mislead."""
    previous = last_year.report if isinstance(last_year, LastYear) else last_year
    found = last_year_evidence(last_year)
    if year and previous.year and previous.year != year - 1:
        notes.append(f"{found.source}为 {previous.year} 年度，不是 {year - 1} 年度，未用于判断连在一起的数字如何拆分")
        return []
    return [found]


def _stated_figures(text: str, headings: narrative.Headings, year: int | None) -> Evidence:
    """Figures the overview states for table cells, as evidence between splits of run-together digits: the
    documents issued, repealed and in force ("制发规章 1 件", the same reading as the audit's T-9). A figure stated
    twice with different values is no evidence."""
    overview = narrative.section_text(text, headings, "一")
    if not overview:
        return stated({})
    found: dict[tuple[str, str], set[int]] = {}
    for sentence in narrative.sentences(narrative.normalize(overview)):
        for claim in claims.claims(sentence, year):
            if claim.doc_row:
                found.setdefault((claim.doc_row, claim.kind), set()).add(claim.value)
    return stated({("table2", row, col): values.pop() for (row, col), values in found.items() if len(values) == 1})


def _read_table(key: str, region: str, evidence: list[Evidence] | None = None) -> TableRead:
    """One table. The layout of table 三 is decided by the labels printed: when the three （六） sub-rows of the
    2021 format are there, it is the 2021 table even if their cells are blank or break a sum; otherwise the 2019
    trial layout is tried too and kept when it fits better. A table with unread cells may have been printed in
    blocks (pdftotext's default mode): ``blocks`` then looks for the one reading that its identities prove and that
    agrees with every cell read here; when there is none, ``column_heads`` still reads the cells printed under their
    headers. Tables 二 and 四 not read exactly may have been printed header by header in that mode, each header
    followed by its numbers: ``header_groups`` reads them when the text has exactly that form."""
    read = read_table(layout(spec.TABLES[key]), region, evidence)
    headed = header_groups.read(key, region, evidence or ()) if read.missing or read.inferred else None
    if headed is not None and headed.missing <= read.missing:
        return headed
    if read.missing and (in_blocks := blocks.read_in_blocks(read, region)):
        return in_blocks
    if read.missing and (under := column_heads.read_under_headers(read, region)):
        return under
    if key == "table2" and any(m in narrative.flat(region) for m in spec.T2_OLD_MARKERS):
        return _unread(
            read, f"表二为 2019 年试行格式（栏目为“{spec.T2_OLD_MARKERS[0]}”等），与 2021 年格式不对应，未读取"
        )
    if key == "table3" and sum(row in read.labelled for row in spec.T3_OTHER_ROWS) < 2:
        old = read_table(layout_2019(), region, evidence)
        if old.labels_found >= old.labels_total * 0.8 and old.score() > read.score():
            old.notes.insert(
                0,
                f"表三为 2019 年试行格式（“{spec.T3_OLD_OTHER}”只有一行），已按旧格式读取；"
                "按 2021 年格式应分为三行，请在工作簿中核对",
            )
            return old
    return read


def _unread(read: TableRead, note: str) -> TableRead:
    values = dict.fromkeys(read.values)
    return TableRead(
        read.table,
        read.variant,
        values,
        dict.fromkeys(read.values, MISSING),
        [note],
        read.labels_found,
        read.labels_total,
    )


def _store(report: AnnualReport, read: TableRead) -> None:
    if read.variant != "2021":
        report.table3_variant = read.variant
    for (row, col), value in read.values.items():
        report.set(read.table, row, col, value)
        how = read.provenance[(row, col)]
        if how != "exact":  # then "inferred" or "missing", the only other values a TableRead holds
            report.provenance[f"{read.table}/{row}/{col}"] = cast(Provenance, how)


def _check_recognisable(path: Path, doc: Document, headings: narrative.Headings, result: ImportResult) -> None:
    """An unrelated document has neither the sections nor any table of the format: say so instead of importing."""
    cells = sum(len(t.values) - t.missing for t in result.tables.values())
    if len(headings) >= 3 or cells >= 15:
        return
    if not doc.text.strip():
        raise XltoolError("F-UNREADABLE-REPORT", path=path, reason="文件中没有文字")
    raise XltoolError(
        "F-UNREADABLE-REPORT",
        path=path,
        reason=f"没有找到年度报告的章节标题（如“{spec.SECTIONS[0].title}”）或统计表，不像政府信息公开工作年度报告",
    )


def _fill_fields(
    report: AnnualReport, text: str, headings: narrative.Headings, title: narrative.Title | None, wrapped: bool
) -> None:
    name = fields.complete_name(title.name if title else None, text) or fields.signature_name(text)
    report.year = title.year if title else next((year for year, _sentence in narrative.period_years(text)), None)
    report.agency.name = name
    report.agency.kind = fields.agency_kind(name)
    for key, value in fields.contact(text).items():
        setattr(report.agency, key, value)
    if report.agency.contact_office in (name, None):  # "请与{机关名称}联系" names no office of its own
        report.agency.contact_office = None
    closing = narrative.section_text(text, headings, "六")
    report.published = fields.published(text, closing, report.year)
    for number in spec.NARRATIVE_SECTIONS:
        body = narrative.section_text(text, headings, number)
        if body is not None:
            paras = fields.paragraphs(body, wrapped)
            report.sections[number] = fields.trim_closing(paras, name) if number == "六" else paras
