"""Audit: every rule that applies to a report, tables and beyond (narrative and cross-year rules come in issue 5)."""

from __future__ import annotations

from typing import Any

from .findings import Findings
from .model import AnnualReport


def audit_report(report: AnnualReport, last_year: Any = None) -> Findings:
    """All findings for one report model."""
    from .validate import validate

    return validate(report)
