"""Property tests: consistent tables pass; one changed cell is reported at that cell."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import all_cells, consistent_reports

from xltool import spec
from xltool.rules.tables import validate


@settings(max_examples=60, deadline=None)
@given(consistent_reports())
def test_consistent_tables_pass(report):
    assert validate(report).flatten(["rule", "cells"]) == []


@settings(max_examples=120, deadline=None)
@given(consistent_reports(), all_cells, st.integers(min_value=1, max_value=50))
def test_changing_one_cell_is_reported_at_that_cell(report, cell, delta):
    table = spec.TABLES[cell.table]
    if cell.table == "table2":  # table 二 has no sums: only a value outside the domain is detectable
        report.set(cell.table, cell.row, cell.col, -delta)
    else:
        report.set(cell.table, cell.row, cell.col, report.get(cell.table, cell.row, cell.col) + delta)
    findings = validate(report)
    assert findings.errors, "a changed cell must break a rule"
    assert all(cell.address in f.cells for f in findings), findings.flatten(["rule", "cells"])
    if cell.table == "table3" or cell.table == "table2":
        # a row and a column (or a domain rule) meet in exactly the changed cell
        assert findings.marked_cells() == {(table.sheet, cell.address): spec.ERROR}


@settings(max_examples=60, deadline=None)
@given(consistent_reports(), all_cells, st.sampled_from(["-1", "3.5", "12件", "", "abc"]))
def test_an_invalid_entry_is_reported_at_that_cell(report, cell, raw):
    if cell.kind == "fee" and raw == "3.5":
        return  # a decimal fee is valid
    report.set(cell.table, cell.row, cell.col, raw if raw else None)
    findings = validate(report)
    expected_rule = "T-12" if not raw else "T-5"
    assert [f.rule for f in findings] == [expected_rule]
    assert findings.marked_cells() == {(spec.TABLES[cell.table].sheet, cell.address): spec.ERROR}
