"""Audit: every rule that applies to one report — the table rules, then what a reviewer checks beyond the tables.

``audit_report`` is the one entry point for `xltool check`, `xltool audit` and the Excel add-in. It adds to the table
rules of ``validate``:

* the narrative rules T-9 (figures in the prose against the tables and against themselves), T-10, T-11 and T-16;
* the review points R-1 … R-4 (sections, 2019 table layout, wrong year, leftover placeholders);
* with last year's report, the cross-year rules T-7, T-8 and R-5 (copied text);
* the clerk's written explanations (情况说明), which turn matching warnings into 已说明 — never errors.

Narrative findings carry the sheet of their section and, for a workbook or Report JSON, the text cell (spec
``NARRATIVE_CELLS``), and quote their sentence in ``detail``. A published report has no cells: its findings name the
section's sheet and the quoted sentence locates them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import spec
from .. import text as narrative
from ..errors import XltoolError
from ..findings import Finding, Findings
from ..model import AnnualReport, split_overview

if TYPE_CHECKING:  # pragma: no cover
    from .tables import Numbers



@dataclass(frozen=True)
class LastYear:
    """Last year's report read once (for several audits) together with its file, which messages name."""

    report: AnnualReport
    path: Path | None  # None for a model given by the caller: messages then say 上年报告


PreviousReport = AnnualReport | LastYear | str | os.PathLike


def audit_report(report: AnnualReport, last_year: PreviousReport | None = None) -> Findings:
    """All findings for one report model; ``last_year`` is last year's report, or the path of its file."""
    from .figures import figure_findings
    from .tables import check_tables, numbers

    findings, values = check_tables(report)
    findings.extend(figure_findings(report))
    printed = with_placeholders_filled(report)  # the narrative rules read the text as it will print
    findings.extend(document_findings(printed))
    findings.extend(narrative_findings(printed, values))
    if last_year is not None:
        previous = _previous(last_year)
        _check_previous_year(report, previous)
        findings.extend(cross_year_findings(report, previous.report, values, numbers(previous.report)))
    return explain(findings, report.explanations)


def with_placeholders_filled(report: AnnualReport) -> AnnualReport:
    """The report as it will print: placeholders in its narrative replaced by their values (the same report when it
    has none)."""
    import dataclasses

    from ..placeholders import filled_sections

    sections = filled_sections(report)
    return report if sections == report.sections else dataclasses.replace(report, sections=sections)


# ---- where the narrative is ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """A piece of narrative and its place: section, sheet, text cell (None for a published report) and label."""

    section: str
    sheet: str
    cell: str | None
    label: str
    text: str

    def finding(self, rule: str, **fields: Any) -> Finding:
        return Finding(rule, self.sheet, (self.cell,) if self.cell else (), **fields)


def passages(report: AnnualReport) -> list[Passage]:
    """The narrative sections as passages: per text cell for a workbook or Report JSON, per section for a published
    report (whose sections come from the importer, or are cut from its full text when it filled none)."""
    sections = {k: v for k, v in report.sections.items() if v and v.strip()}
    if not sections and report.text:
        sections = {k: v for k, v in narrative.split_sections(report.text).items() if k in spec.NARRATIVE_SECTIONS}
    with_cells = report.text is None
    out: list[Passage] = []
    for number in spec.NARRATIVE_SECTIONS:
        text = sections.get(number)
        if not text:
            continue
        sheet, cells = spec.NARRATIVE_SHEETS[number], spec.NARRATIVE_CELLS[number]
        pieces = split_overview(text) if number == "一" else [text]
        for (label, cell), piece in zip(cells, pieces, strict=False):
            if piece.strip():
                out.append(Passage(number, sheet, cell if with_cells else None, label, piece))
    return out


def _section_sheet(number: str) -> str:
    section = spec.section(number)
    return spec.TABLES[section.table].sheet if section.table else spec.NARRATIVE_SHEETS[number]


def _first_cell(number: str, report: AnnualReport) -> tuple[str, ...]:
    if report.text is not None or number not in spec.NARRATIVE_CELLS:
        return ()
    return (spec.NARRATIVE_CELLS[number][0][1],)


# ---- review points: sections, layout, years, placeholders ----------------------------------------------------------


def document_findings(report: AnnualReport) -> list[Finding]:
    """R-1 … R-4: what a reviewer sees at a glance before reading any figure."""
    found = _section_findings(report)
    if report.table3_variant == "2019":
        found.append(Finding("R-2", spec.SHEET_TABLE3))
    found += _year_findings(report)
    found += _placeholder_findings(report)
    return found


def _section_findings(report: AnnualReport) -> list[Finding]:
    """R-1: a published text must hold the six headings in order; a workbook must have its narrative filled in."""
    out: list[Finding] = []
    if report.text is None:
        for number in spec.NARRATIVE_SECTIONS:
            if not (report.sections.get(number) or "").strip():
                out.append(Finding("R-1", _section_sheet(number), _first_cell(number, report),
                                   row_label=spec.section(number).title,
                                   detail="未填写该部分"))
        return out
    positions = {number: h.start for number, h in narrative.find_headings(report.text).items()}
    for i, section in enumerate(spec.SECTIONS):
        where = _section_sheet(section.number)
        if section.number not in positions:
            out.append(Finding("R-1", where, row_label=section.title, detail="未找到该部分的标题"))
            continue
        later = [s for s in spec.SECTIONS[i + 1:] if positions.get(s.number, len(report.text) + 1) < positions[section.number]]
        if later:
            out.append(Finding("R-1", where, row_label=section.title,
                               detail=f"该部分排在“{later[0].title}”之后，应按一至六的顺序排列"))
    return out


def _year_findings(report: AnnualReport) -> list[Finding]:
    """R-3: the title and the statistical-period sentence name the report's year."""
    if not report.year:
        return []
    out: list[Finding] = []
    if report.text:
        title = narrative.title(report.text)
        if title and title.year != report.year:
            out.append(Finding("R-3", spec.SHEET_INFO, row_label="标题", found=title.year, expected=report.year,
                               detail=narrative.quote(title.words)))
        sources = [(spec.SHEET_INFO, (), report.text)]
    else:
        sources = [(p.sheet, (p.cell,) if p.cell else (), p.text) for p in passages(report)]
    for sheet, cells, text in sources:
        for year, sentence in dict.fromkeys(narrative.period_years(text)):
            if year != report.year:
                out.append(Finding("R-3", sheet, cells, row_label="统计期限", found=year, expected=report.year,
                                   detail=narrative.quote(sentence)))
    return out


def _placeholder_findings(report: AnnualReport) -> list[Finding]:
    """R-4: template text left in the 基本信息 fields or anywhere in the narrative."""
    out: list[Finding] = []
    for i, field in enumerate(spec.INFO_FIELDS):
        value = report.info(field.key)
        for token, _sentence in narrative.placeholders(value) if isinstance(value, str) else []:
            out.append(Finding("R-4", spec.SHEET_INFO, (f"B{spec.FIRST_ENTRY_ROW + i}",), row_label=field.label,
                               found=token, detail=value))
    located = passages(report)
    if report.text is None:
        for p in located:
            out += [p.finding("R-4", row_label=p.label, found=token, detail=narrative.quote(sentence))
                    for token, sentence in narrative.placeholders(p.text)]
        return out
    texts = [(p, narrative.normalize(p.text).replace("\n", "")) for p in located]
    for token, sentence in dict.fromkeys(narrative.placeholders(report.text)):
        home = next((p for p, text in texts if sentence in text), None)
        sheet, label = (home.sheet, home.label) if home else (spec.SHEET_INFO, "报告正文")
        out.append(Finding("R-4", sheet, row_label=label, found=token, detail=narrative.quote(sentence)))
    return out


# ---- narrative rules: T-9, T-10, T-11, T-16 ----------------------------------------------------------------------------


def narrative_findings(report: AnnualReport, values: Numbers) -> list[Finding]:
    """T-9 figures, T-10/T-11 fee statements in 六, T-16 accountability for a 人民政府."""
    located = passages(report)
    out: list[Finding] = []
    for p in located:
        for sentence in narrative.sentences(narrative.normalize(p.text)):
            out += _claim_findings(p, sentence, report.year, values)
            out += [p.finding("T-9", row_label="总数（按“其中”所列各项相加）", found=s.total, expected=sum(s.parts),
                              detail=narrative.quote(sentence)) for s in narrative.stated_sums(sentence) if s.slip]
    other = [p for p in located if p.section == "六"]
    six = "\n".join(p.text for p in other)
    if other and not narrative.mentions_fee(six):
        out.append(other[0].finding("T-11"))
    cell = spec.TABLE3.cell(_UNPAID_FEE_ROW, spec.T3_TOTAL)
    unpaid = values["table3"].get((cell.row, cell.col))
    if other and unpaid and not narrative.mentions_fee_notice(six):
        out.append(other[0].finding("T-10", row_label=f"（{spec.SHEET_TABLE3}!{cell.address}）", found=unpaid))
    overview = [p for p in located if p.section == "一"]
    whole = report.text or "\n".join(p.text for p in located)
    if report.agency.is_government and overview and not narrative.mentions_accountability(whole):
        supervision = next((p for p in overview if p.label == spec.OVERVIEW_PARTS[-1]), overview[0])
        out.append(supervision.finding("T-16"))
    return out


#: Table 三 （六）2: applications dropped because the applicant did not pay after a fee notice (T-10).
_UNPAID_FEE_ROW = spec.T3_OTHER_ROWS[1]

#: Claim kind → the table cells whose value (or sum) the narrative figure must equal.
_CLAIM_CELLS: dict[str, tuple[tuple[str, str, str], ...]] = {
    narrative.RECEIVED: (("table3", spec.T3_RECEIVED, spec.T3_TOTAL),),
    narrative.CARRIED_IN: (("table3", spec.T3_CARRIED_IN, spec.T3_TOTAL),),
    narrative.COMPLETED: (("table3", spec.T3_GRAND_TOTAL, spec.T3_TOTAL),),
    narrative.CARRIED_OUT: (("table3", spec.T3_CARRIED_OUT, spec.T3_TOTAL),),
    narrative.REVIEW: (("table4", spec.T4_ROW_KEY, f"{spec.T4_REVIEW}/{spec.T4_TOTAL}"),),
    narrative.LITIGATION: (("table4", spec.T4_ROW_KEY, f"{spec.T4_DIRECT}/{spec.T4_TOTAL}"),
                           ("table4", spec.T4_ROW_KEY, f"{spec.T4_AFTER_REVIEW}/{spec.T4_TOTAL}")),
}


def _claim_cells(claim: narrative.Claim) -> tuple[spec.DataCell, ...]:
    if claim.doc_row:
        return (spec.TABLE2.cell(claim.doc_row, claim.kind),)
    return tuple(spec.TABLES[t].cell(row, col) for t, row, col in _CLAIM_CELLS[claim.kind])


def _claim_findings(p: Passage, sentence: str, year: int | None, values: Numbers) -> list[Finding]:
    out = []
    for claim in narrative.claims(sentence, year):
        cells = _claim_cells(claim)
        table_values = [values[c.table].get((c.row, c.col)) for c in cells]
        if any(v is None for v in table_values):
            continue  # a blank or invalid cell is reported by the table rules; nothing to compare with
        expected = sum(table_values)
        accepted = {expected}
        if claim.kind == narrative.RECEIVED:  # many reports count 收到 as 新收 + 上年结转
            carried = values["table3"].get((spec.T3_CARRIED_IN, spec.T3_TOTAL))
            accepted.add(expected + (carried or 0))
        if claim.value not in accepted:
            out.append(p.finding("T-9", row_label=_claim_label(cells), found=claim.value, expected=expected,
                                 detail=narrative.quote(sentence)))
    return out


def _claim_label(cells: tuple[spec.DataCell, ...]) -> str:
    sheet = spec.TABLES[cells[0].table].sheet
    if len(cells) == 1:
        c = cells[0]
        return f"{c.row_label}·{c.col_label}（{sheet}!{c.address}）"
    return f"{spec.T4_LITIGATION}·{spec.T4_TOTAL}（{sheet}!{'+'.join(c.address for c in cells)}）"


# ---- cross-year rules: T-7, T-8, R-5 ----------------------------------------------------------------------------------


def cross_year_findings(report: AnnualReport, previous: AnnualReport, values: Numbers, before: Numbers) -> list[Finding]:
    """Carry-over (T-7), documents in force (T-8), copied text (R-5), each at this year's cell; another agency (R-7)."""
    out: list[Finding] = []
    for col in spec.T3_COLS:
        cell = spec.TABLE3.cell(spec.T3_CARRIED_IN, col)
        now, then = values["table3"].get((cell.row, col)), before["table3"].get((spec.T3_CARRIED_OUT, col))
        if now is not None and then is not None and now != then:
            out.append(Finding("T-7", spec.SHEET_TABLE3, (cell.address,), cell.row_label, cell.col_label, now, then))
    for row in spec.T2_DOC_ROWS:
        in_force, issued, repealed = (spec.TABLE2.cell(row, col) for col in (spec.T2_DOC_COLS[2], *spec.T2_DOC_COLS[:2]))
        now = [values["table2"].get((c.row, c.col)) for c in (in_force, issued, repealed)]
        then = before["table2"].get((in_force.row, in_force.col))
        if None in now or then is None:
            continue
        expected = then + now[1] - now[2]
        if now[0] != expected:
            out.append(Finding("T-8", spec.SHEET_TABLE2, (in_force.address, issued.address, repealed.address),
                               in_force.row_label, in_force.col_label, now[0], expected))
    out += _copy_findings(report, previous)
    out += _other_agency(report, previous)
    return out


def _other_agency(report: AnnualReport, previous: AnnualReport) -> list[Finding]:
    """R-7: last year's report of another agency (a wrong file picked) is worth a warning, not a refusal: the checks
    still run, and the clerk sees both names. One name inside the other (沙坡头区兴仁镇人民政府 / 兴仁镇人民政府) is
    the same agency."""
    mine, theirs = narrative.agency_key(report.agency.name), narrative.agency_key(previous.agency.name)
    if mine is None or theirs is None or mine in theirs or theirs in mine:
        return []
    index, field = next((i, f) for i, f in enumerate(spec.INFO_FIELDS) if f.key == "name")
    return [Finding("R-7", spec.SHEET_INFO, (f"B{spec.FIRST_ENTRY_ROW + index}",), row_label=field.label,
                    found=previous.agency.name, expected=report.agency.name)]


def _copy_findings(report: AnnualReport, previous: AnnualReport) -> list[Finding]:
    """R-5: the share of this year's narrative repeated sentence for sentence from last year's."""
    mine, theirs = _section_texts(report), _section_texts(previous)
    this_year, last_year = "\n".join(mine.values()), "\n".join(theirs.values())
    share = narrative.repeated_share(this_year, last_year)
    if share <= spec.COPY_SHARE_THRESHOLD:
        return []
    parts = "、".join(f"第{n}部分 {narrative.repeated_share(mine[n], theirs.get(n, last_year)):.0%}" for n in mine)
    return [Finding("R-5", spec.SHEET_OVERVIEW, _first_cell("一", report), found=f"{share:.0%}",
                    expected=f"{spec.COPY_SHARE_THRESHOLD:.0%}", detail=parts)]


def _section_texts(report: AnnualReport) -> dict[str, str]:
    texts: dict[str, list[str]] = {}
    for p in passages(report):
        texts.setdefault(p.section, []).append(p.text)
    return {n: "\n".join(t) for n, t in texts.items()}


def _previous(last_year: PreviousReport) -> LastYear:
    if isinstance(last_year, LastYear):
        return last_year
    if isinstance(last_year, AnnualReport):
        return LastYear(last_year, None)
    return load_last_year(last_year)


def _check_previous_year(report: AnnualReport, previous: LastYear) -> None:
    """Comparing with any other year than the previous one would report nonsense: refuse it as unusable input."""
    found = previous.report.year
    if report.year and found and found != report.year - 1:
        raise XltoolError("F-LAST-YEAR", path=previous.path or "上年报告", found=found, year=report.year,
                          expected=report.year - 1)


# ---- explanations (情况说明) ------------------------------------------------------------------------------------------


def _key(text: str) -> str:
    """Keys as the clerk may type them: spaces and full-width forms (！＠) do not matter."""
    return narrative.flat(text)


def explain(findings: Findings, explanations: dict[str, str]) -> Findings:
    """Attach each written explanation to the warnings with its key; an explanation of an error is not accepted
    (the error stays) and is itself reported (R-6), so the clerk learns why the note had no effect."""
    notes = {_key(k): v for k, v in explanations.items() if v and str(v).strip()}
    if not notes:
        return findings
    out = Findings()
    for f in findings:
        note = notes.get(_key(f.key))
        if note is None or f.severity == spec.UNCHECKED:
            out.items.append(f)
        elif f.severity == spec.WARNING:
            out.items.append(replace(f, explanation=str(note).strip()))
        else:
            out.items += [f, Finding("R-6", f.sheet, f.cells, found=f.rule, detail=narrative.quote(str(note).strip(), 40))]
    return out


# ---- files and the command ---------------------------------------------------------------------------------------


def load_report(path: str | os.PathLike) -> AnnualReport:
    """A report from a workbook (.xlsx), Report JSON (.json) or a published report (.txt, .docx, .pdf, .html).

    The name decides for .xlsx, .xls and .json (their messages say what such a file should be); any other file is
    taken by its content, so a workbook or Report JSON saved under another name is still read as one."""
    path = Path(path)
    if not path.exists():
        raise XltoolError("F-NOT-FOUND", path=path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise XltoolError("F-XLS", path=path)
    kind = "xlsx" if suffix in (".xlsx", ".xlsm") else "json" if suffix == ".json" else _content_format(path)
    if kind == "xlsx":
        from ..readers.xlsx import read_workbook

        return read_workbook(path)
    if kind == "json":
        from ..readers.reportjson import read_report_json

        return read_report_json(path)
    from ..importers import import_report

    return import_report(path)


def _content_format(path: Path) -> str:
    from ..importers import report_format

    try:
        return report_format(path)
    except OSError:
        return "unknown"  # the importer names the reason


def load_last_year(path: str | os.PathLike) -> LastYear:
    """Last year's report, read once for any number of audits; messages about it name ``path``."""
    return LastYear(load_report(path), Path(path))


def audit_path(path: str | os.PathLike, last_year: PreviousReport | None = None) -> Findings:
    """Read any supported report file and audit it."""
    return audit_report(load_report(path), last_year=last_year)
