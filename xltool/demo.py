"""The built-in demo: a real township's 2024 report (沙坡头区兴仁镇), with no network or Office needed.

The figures and narrative were copied from the published report into ``data/demo.json`` (Report JSON), so the demo
exercises the same path as a clerk's workbook: build it, check it, write the Word report.
"""

from __future__ import annotations

import json
from importlib import resources

from .model import AnnualReport

DEMO_WORKBOOK = "兴仁镇2024年政府信息公开年报.xlsx"


def demo_report() -> AnnualReport:
    """The embedded demo report."""
    text = resources.files("xltool").joinpath("data/demo.json").read_text(encoding="utf-8")
    return AnnualReport.from_json(json.loads(text))
