"""The rules: an ``AnnualReport`` in, ``Findings`` out. Nothing here reads or writes a file.

One module per kind, each declaring the rule ids it yields (``RULE_IDS``): ``tables`` (the pandera checks of the
three tables and their cells), ``figures`` (the clerk's figures and placeholders), ``document`` (sections, layout,
year, placeholders), ``narrative`` (the prose against the tables), ``crossyear`` (with last year's report) and
``explanations`` (情况说明). ``audit_report`` runs them all: it is the one entry point for `xltool check`, `xltool
audit`, the Excel add-in and the Python API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import AnnualReport, LastYear

if TYPE_CHECKING:  # pragma: no cover
    from ..findings import Findings


def audit_report(report: AnnualReport, last_year: AnnualReport | LastYear | None = None) -> Findings:
    """All findings for one report model; ``last_year`` is last year's report (with its file, for the messages)."""
    from .crossyear import check_previous_year, cross_year_findings
    from .document import document_findings
    from .explanations import explain
    from .figures import figure_findings
    from .narrative import narrative_findings
    from .tables import check_tables, numbers

    findings, values = check_tables(report)
    findings.extend(figure_findings(report))
    printed = with_placeholders_filled(report)  # the narrative rules read the text as it will print
    findings.extend(document_findings(printed))
    findings.extend(narrative_findings(printed, values))
    if last_year is not None:
        previous = last_year if isinstance(last_year, LastYear) else LastYear(last_year)
        check_previous_year(report, previous.report, previous.path)
        findings.extend(cross_year_findings(report, previous.report, values, numbers(previous.report)))
    return explain(findings, report.explanations)


def with_placeholders_filled(report: AnnualReport) -> AnnualReport:
    """The report as it will print: placeholders in its narrative replaced by their values (the same report when it
    has none)."""
    import dataclasses

    from ..placeholders import filled_sections

    sections = filled_sections(report)
    return report if sections == report.sections else dataclasses.replace(report, sections=sections)
