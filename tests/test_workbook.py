"""The clerk's workbook: the committed template, its structure against the spec, and the values it writes."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.dom import minidom

import openpyxl
import pytest
from openpyxl.formula.tokenizer import Tokenizer

from xltool import cells, spec
from xltool.errors import XltoolError
from xltool.model import AnnualReport, join_overview
from xltool.writers.workbook import build_workbook, live_checks

TEMPLATE = Path(__file__).parent.parent / "workbook" / "政府信息公开年报模板.xlsx"
REGENERATE = f"xltool new -o {TEMPLATE.relative_to(TEMPLATE.parent.parent).as_posix()}"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("template") / "模板.xlsx"
    build_workbook(path)
    return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory) -> tuple[AnnualReport, openpyxl.Workbook]:
    from xltool.demo import demo_report

    report = demo_report()
    path = tmp_path_factory.mktemp("demo") / "示例.xlsx"
    build_workbook(path, report)
    return report, openpyxl.load_workbook(path)


# ---- the committed template --------------------------------------------------------------------------------------


def _parts(path: Path) -> dict[str, str | bytes]:
    """Every zip part, XML pretty-printed so a difference shows as readable lines."""
    out: dict[str, str | bytes] = {}
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            data = archive.read(name)
            out[name] = minidom.parseString(data).toprettyxml(indent=" ") if name.endswith((".xml", ".rels")) else data
    return out


@pytest.mark.parametrize("how", ["cli", "library"])
def test_committed_template_equals_a_fresh_build(how, cli, tmp_path):
    fresh = tmp_path / "new.xlsx"
    if how == "cli":
        result = cli("new", "-o", fresh)
        assert result.code == 0, result.err
    else:
        build_workbook(fresh)
    expected, actual = _parts(TEMPLATE), _parts(fresh)
    assert sorted(actual) == sorted(expected), f"工作簿的组成部分变了，请运行：{REGENERATE}"
    for name in expected:
        assert actual[name] == expected[name], f"{name} 与已提交的模板不同，如属有意修改，请运行：{REGENERATE}"


def test_two_builds_are_byte_identical(tmp_path, demo_report):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    build_workbook(first, demo_report)
    build_workbook(second, demo_report)
    assert first.read_bytes() == second.read_bytes()


def test_fixed_document_properties(template):
    props = template.properties
    assert props.creator == "xltool"
    assert props.created == props.modified
    assert props.created.year == 2021


# ---- structure against the spec ----------------------------------------------------------------------------------


def test_sheets_in_spec_order(template):
    assert tuple(template.sheetnames) == spec.SHEETS


@pytest.mark.parametrize("table", spec.TABLES.values(), ids=lambda t: t.key)
def test_table_labels_at_their_addresses(template, table):
    ws = template[table.sheet]
    for text in table.texts:
        assert ws[text.address].value == text.text, text.address
    last_row, last_col = cells.parse(f"{table.last_col}{table.last_row}")
    labelled = {t.address for t in table.texts} | {c.address for c in table.cells}
    for row in ws.iter_rows(min_row=1, max_row=last_row, max_col=last_col):
        for cell in row:
            if cell.coordinate not in labelled:
                assert cell.value is None, f"{table.sheet}!{cell.coordinate} holds {cell.value!r}"


@pytest.mark.parametrize("table", spec.TABLES.values(), ids=lambda t: t.key)
def test_table_merges_are_exactly_the_spec(template, table):
    ws = template[table.sheet]
    last_row, last_col = cells.parse(f"{table.last_col}{table.last_row}")
    inside = {str(m) for m in ws.merged_cells.ranges if m.max_col <= last_col and m.max_row <= last_row}
    assert inside == set(table.merges)


@pytest.mark.parametrize("table", spec.TABLES.values(), ids=lambda t: t.key)
def test_data_cells_hold_zero_in_the_template(template, table):
    ws = template[table.sheet]
    assert {c.address: ws[c.address].value for c in table.cells} == {c.address: 0 for c in table.cells}


def _input_cells(sheet: str) -> set[str]:
    """Where the clerk may type, by the spec."""
    tables = {t.sheet: t for t in spec.TABLES.values()}
    if sheet in tables:  # a merged input cell (table 二's single-value rows) counts as a whole
        spans = {a for span in tables[sheet].data_spans for a in cells.expand(span)}
        return {c.address for c in tables[sheet].cells} | spans
    if sheet == spec.SHEET_INFO:
        return {f"B{spec.FIRST_ENTRY_ROW + i}" for i in range(len(spec.INFO_FIELDS))}
    narrative = {s: n for n, s in spec.NARRATIVE_SHEETS.items()}
    if sheet in narrative:
        return {address for _label, address in spec.NARRATIVE_CELLS[narrative[sheet]]}
    if sheet == spec.SHEET_NOTES:
        return {f"{col}{spec.FIRST_ENTRY_ROW + i}" for col in "ABC" for i in range(spec.NOTES_ROWS)}
    if sheet == spec.SHEET_FIGURES:
        return {f"{col}{spec.FIRST_ENTRY_ROW + i}" for col in "ABC" for i in range(spec.FIGURE_ROWS)}
    return set()


@pytest.mark.parametrize("sheet", spec.SHEETS)
def test_only_input_cells_are_unlocked_and_the_sheet_is_protected_without_password(template, sheet):
    ws = template[sheet]
    assert ws.protection.sheet
    assert not ws.protection.password
    unlocked = {c.coordinate for row in ws.iter_rows() for c in row if not c.protection.locked}
    assert unlocked == _input_cells(sheet)


@pytest.mark.parametrize("table", spec.TABLES.values(), ids=lambda t: t.key)
def test_validations_cover_exactly_the_data_cells(template, table):
    ws = template[table.sheet]
    covered: dict[str, set[str]] = {}
    for dv in ws.data_validations.dataValidation:
        area = {a for ref in str(dv.sqref).split() for a in cells.expand(ref)}
        assert not area & set().union(*covered.values()), "two validations on one cell"
        covered[dv.type] = covered.get(dv.type, set()) | area
        assert dv.showErrorMessage and dv.error and dv.prompt
    counts = {c.address for c in table.cells if c.kind == "count" and not c.slash_allowed}
    fees = {c.address for c in table.cells if c.kind == "fee"}
    slash = {c.address for c in table.cells if c.slash_allowed}
    assert covered.get("whole", set()) == counts
    assert covered.get("decimal", set()) == fees
    assert covered.get("custom", set()) == slash


def test_slash_row_validation_accepts_slash_or_whole_numbers(template):
    ws = template[spec.SHEET_TABLE2]
    (custom,) = [dv for dv in ws.data_validations.dataValidation if dv.type == "custom"]
    top_left = str(custom.sqref).split()[0].split(":")[0]
    assert f'{top_left}="/"' in custom.formula1
    assert f"INT({top_left})" in custom.formula1


def test_info_sheet_layout_and_validations(template):
    ws = template[spec.SHEET_INFO]
    assert [ws.cell(spec.FIRST_ENTRY_ROW - 1, c).value for c in (1, 2, 3)] == ["项目", "内容", "说明"]
    for i, field in enumerate(spec.INFO_FIELDS):
        row = spec.FIRST_ENTRY_ROW + i
        assert (ws[f"A{row}"].value, ws[f"C{row}"].value or "") == (field.label, field.hint)
    rows = {f.key: f"B{spec.FIRST_ENTRY_ROW + i}" for i, f in enumerate(spec.INFO_FIELDS)}
    by_type = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert str(by_type["list"].sqref) == rows["kind"]
    assert by_type["list"].formula1.strip('"').split(",") == list(spec.AGENCY_KINDS)
    assert str(by_type["whole"].sqref) == rows["year"]


def test_notes_sheet_header(template):
    ws = template[spec.SHEET_NOTES]
    header = [ws.cell(spec.FIRST_ENTRY_ROW - 1, c + 1).value for c in range(len(spec.NOTES_COLUMNS))]
    assert tuple(header) == spec.NOTES_COLUMNS


# ---- live checks ---------------------------------------------------------------------------------------------------


def _referenced_cells(formula: str) -> set[str]:
    refs = [t.value for t in Tokenizer(formula).items if t.type == "OPERAND" and t.subtype == "RANGE"]
    return {a for ref in refs for a in cells.expand(ref.replace("$", ""))}


def test_every_identity_has_one_check_cell():
    checks = [c for table in spec.TABLES.values() for c in live_checks(table)]
    assert [c.identity for c in checks] == [i for t in spec.TABLES for i in spec.IDENTITIES if i.table == t]
    assert len({(c.sheet, c.address) for c in checks}) == len(checks)


@pytest.mark.parametrize("identity", spec.IDENTITIES, ids=lambda i: f"{i.rule}:{'/'.join(i.total)}")
def test_check_formula_references_exactly_the_identity_cells(template, identity):
    table = spec.TABLES[identity.table]
    (check,) = [c for c in live_checks(table) if c.identity == identity]
    formula = template[table.sheet][check.address].value
    assert formula.startswith("=IF(")
    expected = {table.cell(*key).address for key in identity.members()}
    assert _referenced_cells(formula) == expected
    total = table.cell(*identity.total).address
    assert (
        f"{total}=SUM(" in formula and f'"{spec.LIVE_CHECK_PASS}"' in formula and f'"{spec.LIVE_CHECK_FAIL}"' in formula
    )


@pytest.mark.parametrize(
    "table", [t for t in spec.TABLES.values() if any(i.table == t.key for i in spec.IDENTITIES)], ids=lambda t: t.key
)
def test_check_cells_sit_outside_the_table_and_turn_red_or_green(template, table):
    ws = template[table.sheet]
    last_row, last_col = cells.parse(f"{table.last_col}{table.last_row}")
    checks = live_checks(table)
    for check in checks:
        row, col = cells.parse(check.address)
        assert col > last_col or row > last_row, check.address
        assert ws[check.address].protection.locked
    formatted: dict[str, list[str]] = {}
    for cf in ws.conditional_formatting:
        for ref in str(cf.sqref).split():
            for address in cells.expand(ref):
                formatted.setdefault(address, []).extend(f"{r.operator}{r.formula}" for r in cf.rules)
    pass_text = f'"{spec.LIVE_CHECK_PASS}"'
    for check in checks:
        assert sorted(formatted[check.address]) == sorted([f"equal{[pass_text]}", f"notEqual{[pass_text]}"])


@pytest.mark.parametrize("rule", spec.LIVE_CHECK_LABELS)
def test_each_rule_has_a_header_label_on_its_sheet(template, rule):
    table = spec.TABLES[next(i.table for i in spec.IDENTITIES if i.rule == rule)]
    ws = template[table.sheet]
    values = {c.value for row in ws.iter_rows() for c in row}
    assert spec.LIVE_CHECK_LABELS[rule] in values


# ---- printing --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sheet", spec.SHEETS)
def test_every_sheet_prints_on_a4_fitted_to_width(template, sheet):
    ws = template[sheet]
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.print_area


@pytest.mark.parametrize("table", spec.TABLES.values(), ids=lambda t: t.key)
def test_tables_print_their_grid_with_repeated_headers(template, table):
    ws = template[table.sheet]
    assert ws.print_area.split("!")[1].replace("$", "") == table.ref
    assert ws.print_title_rows == (f"$1:${table.header_rows}" if table.header_rows else None)


def test_wide_tables_print_landscape(template):
    assert template[spec.SHEET_TABLE3].page_setup.orientation == "landscape"
    assert template[spec.SHEET_TABLE4].page_setup.orientation == "landscape"


# ---- values ----------------------------------------------------------------------------------------------------------


def test_demo_values_are_written_as_numbers(demo_book):
    report, wb = demo_book
    for table in spec.TABLES.values():
        ws = wb[table.sheet]
        for cell in table.cells:
            value = report.get(table.key, cell.row, cell.col)
            expected = float(value) if cell.kind == "fee" else value
            assert ws[cell.address].value == expected, cell.address
            assert isinstance(ws[cell.address].value, int | float)


def test_info_and_narrative_are_written(demo_book):
    report, wb = demo_book
    ws = wb[spec.SHEET_INFO]
    values = {f.key: ws[f"B{spec.FIRST_ENTRY_ROW + i}"].value for i, f in enumerate(spec.INFO_FIELDS)}
    assert values["name"] == report.agency.name
    assert values["year"] == report.year and isinstance(values["year"], int)
    assert values["published"] == report.published
    for number, sheet in spec.NARRATIVE_SHEETS.items():
        written = [wb[sheet][address].value for _label, address in spec.NARRATIVE_CELLS[number]]
        assert join_overview(written) == report.sections[number]
    overview = [wb[spec.SHEET_OVERVIEW][address].value for _label, address in spec.NARRATIVE_CELLS["一"]]
    assert sum(1 for part in overview if part) > 1, "section 一 should be split into its sub-sections"


@pytest.mark.parametrize(
    ("kind", "given", "written"),
    [
        ("count", 7, 7),
        ("count", 10.0, 10),
        ("count", 1.5, 1.5),
        ("count", "/", "/"),
        ("count", "12件", "12件"),
        ("count", "１２", "１２"),
        ("count", None, None),
        ("fee", "1.25", 1.25),
        ("fee", "3", 3),
        ("fee", "0", 0),
        ("fee", "约2万", "约2万"),
    ],
)
def test_values_are_written_as_entered(tmp_path, kind, given, written):
    table = spec.TABLE2
    cell = next(c for c in table.cells if c.kind == kind and not c.slash_allowed)
    report = AnnualReport.blank()
    report.set(table.key, cell.row, cell.col, given)
    path = tmp_path / "v.xlsx"
    build_workbook(path, report)
    value = openpyxl.load_workbook(path)[table.sheet][cell.address].value
    assert value == written and type(value) is type(written)


def test_explanations_go_to_the_notes_sheet(tmp_path):
    report = AnnualReport.blank()
    report.explanations = {"T-7@三、依申请公开!D5": "上年报告结转数有误，已更正"}
    path = tmp_path / "n.xlsx"
    build_workbook(path, report)
    ws = openpyxl.load_workbook(path)[spec.SHEET_NOTES]
    row = spec.FIRST_ENTRY_ROW
    assert [ws[f"{c}{row}"].value for c in "ABC"] == ["T-7", "三、依申请公开!D5", "上年报告结转数有误，已更正"]


def test_agency_and_year_from_the_cli(cli, tmp_path):
    path = tmp_path / "兴仁镇.xlsx"
    assert cli("new", "-o", path, "--agency", "兴仁镇人民政府", "--year", "2024").code == 0
    ws = openpyxl.load_workbook(path)[spec.SHEET_INFO]
    rows = {f.key: spec.FIRST_ENTRY_ROW + i for i, f in enumerate(spec.INFO_FIELDS)}
    assert ws[f"B{rows['name']}"].value == "兴仁镇人民政府"
    assert ws[f"B{rows['year']}"].value == 2024


# ---- writing safely --------------------------------------------------------------------------------------------------


def test_unwritable_target_is_an_input_error_and_leaves_no_temp_file(tmp_path):
    with pytest.raises(XltoolError) as exc:
        build_workbook(tmp_path / "没有这个目录" / "x.xlsx")
    assert exc.value.code == "F-OUTPUT"
    assert list(tmp_path.iterdir()) == []
