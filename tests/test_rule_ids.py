"""Rules bound to their declarations: each rules module declares the ids it yields, the union is the spec's catalogue,
and every finding an evaluator emits carries one of its own module's ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from xltool import spec
from xltool.importers import import_report
from xltool.model import AnnualReport
from xltool.rules import crossyear, document, explanations, figures, narrative, tables

FIXTURES = Path(__file__).parent / "fixtures"
MODULES = (tables, figures, document, narrative, crossyear, explanations)


def test_the_modules_declare_the_catalogue_exactly_once():
    declared = [rule for m in MODULES for rule in m.RULE_IDS]
    assert sorted(declared) == sorted(r.id for r in spec.RULES)
    assert len(declared) == len(set(declared)), "a rule id is declared by two modules"


def _reports(demo: AnnualReport) -> list[AnnualReport]:
    """Reports that between them break most rules: the demo, a blank one, broken and odd variants, published texts."""
    blank = AnnualReport.blank(year=2024, name="测试镇人民政府")
    broken = AnnualReport.from_json(demo.to_json())
    broken.set("table3", spec.T3_RECEIVED, spec.T3_NATURAL, "12件")
    broken.set("table3", spec.T3_CARRIED_IN, spec.T3_NATURAL, "１２")
    broken.set("table2", spec.T2_DOC_ROWS[0], spec.T2_DOC_COLS[0], "/")
    broken.set("table3", spec.T3_GRAND_TOTAL, spec.T3_LEGAL, None)
    broken.sections["六"] = "XX镇待补充。本年新收申请【本年新收】件，【本年收到】件。"
    error = next(f for f in tables.check_tables(broken)[0] if f.severity == spec.ERROR)
    broken.explanations = {error.key: "已核实"}  # an error cannot be explained away: R-6
    published = [
        import_report(FIXTURES / name) for name in ("000_0a7990abdff832d1.txt", "real/001.txt", "real/006.txt")
    ]
    return [demo, blank, broken, *published]


def test_every_finding_carries_an_id_of_its_own_module(demo_report):
    seen: dict[str, set[str]] = {m.__name__: set() for m in MODULES}
    reports = _reports(demo_report)
    for report in reports:
        found, values = tables.check_tables(report)
        seen[tables.__name__].update(f.rule for f in found)
        seen[figures.__name__].update(f.rule for f in figures.figure_findings(report))
        seen[document.__name__].update(f.rule for f in document.document_findings(report))
        seen[narrative.__name__].update(f.rule for f in narrative.narrative_findings(report, values))
        for previous in reports:
            if previous is not report:
                crossing = crossyear.cross_year_findings(report, previous, values, tables.numbers(previous))
                seen[crossyear.__name__].update(f.rule for f in crossing)
        before = {id(f) for f in found}
        explained = explanations.explain(found, report.explanations)
        seen[explanations.__name__].update(f.rule for f in explained if id(f) not in before and not f.explanation)
    for module in MODULES:
        assert seen[module.__name__] <= set(module.RULE_IDS), module.__name__
        assert seen[module.__name__], f"{module.__name__}: no test report made it yield anything"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_the_ids_are_in_the_catalogue(module):
    assert all(spec.rule(rule_id) for rule_id in module.RULE_IDS)


def test_input_errors_never_share_a_prefix_with_the_rules():
    from xltool.errors import CATALOGUE, RENAMED, XltoolError

    rule_prefixes = {r.id.split("-")[0] for r in spec.RULES}
    assert not {code.split("-")[0] for code in CATALOGUE} & rule_prefixes
    assert set(RENAMED.values()) <= set(CATALOGUE)
    assert XltoolError("R-PDF", docx="年报.docx", reason="超时").code == "E-PDF"  # an old id still raises, renamed
