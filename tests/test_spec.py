"""Invariants of the spec: the official tables' shapes, unique labels, rules that point at real cells."""

from __future__ import annotations

import re
from pathlib import Path

from xltool import spec


def test_table_shapes_match_the_official_format():
    assert len(spec.TABLE2.cells) == 10
    assert len(spec.TABLE3.cells) == 175 and len(spec.TABLE3.rows()) == 25 and len(spec.TABLE3.cols()) == 7
    assert len(spec.TABLE4.cells) == 15
    assert len(spec.T3_RESULT_ROWS) == 21


def test_addresses_are_unique_and_inside_the_grid():
    for table in spec.TABLES.values():
        addresses = [c.address for c in table.cells] + [t.address for t in table.texts]
        assert len(addresses) == len(set(addresses)), table.key
        for address in addresses:
            letter, row = address[0], int(address[1:])
            assert "A" <= letter <= table.last_col and 1 <= row <= table.last_row


def test_merges_do_not_overlap_and_data_cells_are_not_labels():
    for table in spec.TABLES.values():
        covered: set[str] = set()
        for merge in table.merges:
            (c1, r1), (c2, r2) = (re.match(r"([A-Z])(\d+)", p).groups() for p in merge.split(":"))
            cells = {f"{chr(c)}{r}" for c in range(ord(c1), ord(c2) + 1) for r in range(int(r1), int(r2) + 1)}
            assert not covered & cells, merge
            covered |= cells
        label_cells = {t.address for t in table.texts}
        assert not label_cells & {c.address for c in table.cells}


def test_labels_use_full_width_punctuation():
    for table in spec.TABLES.values():
        for text in table.texts:
            assert "(" not in text.text and ")" not in text.text, text


def test_every_identity_refers_to_cells_that_exist():
    for identity in spec.IDENTITIES:
        table = spec.TABLES[identity.table]
        for key in identity.members():
            assert table.cell(*key)
        assert identity.rule in spec.RULES_BY_ID


def test_rule_ids_are_unique_and_severities_known():
    assert len({r.id for r in spec.RULES}) == len(spec.RULES)
    assert {r.severity for r in spec.RULES} <= {spec.ERROR, spec.WARNING, spec.UNCHECKED}


def test_table3_labels_as_printed():
    texts = {t.address: t.text for t in spec.TABLE3.texts}
    assert texts["B7"] == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert texts["C10"] == "3.危及“三安全一稳定”"
    assert texts["C25"] == "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    assert texts["B27"] == "（七）总计" and texts["A28"] == "四、结转下年度继续办理"


def test_every_rule_has_tests_that_name_it():
    """A new rule in the spec must come with tests (a passing and a failing case) that name its id."""
    here = Path(__file__).parent
    texts = [p.read_text(encoding="utf-8") for p in here.glob("test_*.py") if p.name != "test_spec.py"]
    untested = [r.id for r in spec.RULES if not any(re.search(rf"[\"']{re.escape(r.id)}[\"']", t) for t in texts)]
    assert untested == []


def test_the_agency_model_holds_exactly_the_spec_info_fields():
    """基本信息 is defined once (spec.INFO_FIELDS): the model, Report JSON, workbook and reader follow it."""
    from dataclasses import fields

    from xltool.model import Agency, AnnualReport

    assert {f.name for f in fields(Agency)} == {f.key for f in spec.INFO_FIELDS} - {"year", "published"}
    report = AnnualReport()
    for field in spec.INFO_FIELDS:
        report.set_info(field.key, "x" if field.key != "year" else 2024)
    assert {k for k, v in report.to_json()["agency"].items() if v == "x"} == set(report.to_json()["agency"])
