"""The converter matrix (issue 13): every converted form of every source imports exactly or with honest gaps.

The forms are built once per session (tests/converters.py: real samples, and generated reports through LibreOffice,
pdftotext, pdfplumber, pandoc, html2text, BeautifulSoup and a saved web page). A wrong value presented as read or
inferred fails the suite, whatever the converter. The figures of docs/import-audit.md come from
benchmarks/import_matrix.py over the same forms.
"""

from __future__ import annotations

import converters
import pytest

from xltool import spec
from xltool.rules import audit_report

#: Converters whose output loses the row structure of the tables (pdftotext's default mode prints a table in blocks,
#: column by column or band by band): what they give must be honest, not complete.
LOSSY = {"pdftotext"}
#: Generated sources whose table 三 pdftotext's default mode prints in blocks with one number per cell, so the
#: reading in blocks (importers.blocks) proves the one arrangement by the identities. Not gen-large (its five-digit
#: totals wrap inside their cells: more numbers than cells) nor gen-blank (two blank rows: fewer).
READ_IN_BLOCKS = {"gen-006", "gen-small", "gen-planted"}
TABLE_SHEETS = {t.sheet for t in spec.TABLES.values()}


@pytest.fixture(scope="session")
def matrix(tmp_path_factory) -> list[tuple[converters.Form, converters.Score, object]]:
    forms = converters.build(tmp_path_factory.mktemp("converted"))
    return [(form, *converters.score(form)) for form in forms]


def _name(form: converters.Form) -> str:
    return f"{form.source} · {form.converter}"


def test_the_matrix_covers_every_converter(matrix):
    converters_seen = {form.converter for form, _s, _r in matrix}
    assert {
        "pdftotext",
        "pdftotext -raw",
        "pdftotext -layout",
        "pdfplumber text",
        "docx",
        "html2text",
        "BeautifulSoup get_text",
        "saved web page",
    } <= converters_seen
    if any(form.converter == "LibreOffice pdf" for form, _s, _r in matrix):
        assert {"LibreOffice html", "LibreOffice txt"} <= converters_seen


def test_no_wrong_cell_is_presented_as_read_in_any_form(matrix):
    wrong = {_name(form): s.wrong_cells for form, s, _r in matrix if s.wrong}
    assert wrong == {}


def test_every_form_that_keeps_the_rows_is_read_completely(matrix):
    """Cells printed blank included: a row printed as its label alone, when every other number of the table has
    its row, is blank in plain text too."""
    gaps = {
        _name(form): (s.unread, result.notes) for form, s, result in matrix if form.converter not in LOSSY and s.unread
    }
    assert gaps == {}


def _unread_in(result, table: str) -> int:
    return sum(1 for key in result.missing if key.startswith(f"{table}/"))


def test_a_table_printed_in_blocks_is_read_from_its_identities(matrix):
    """pdftotext's default mode: table 三 read completely; the cells the search placed are inferred. Read as
    printed: the 自然人 cells printed beside their own labels (the result rows of page 4), and on page 3 (its four
    rows) the columns printed under their headers (商业企业, 其他, 总计) and 自然人, the one block left; the three
    narrow columns printed in one block are inferred (row or column order, the text cannot tell). Page 4's top row
    under its headers (商业企业 and the narrow columns) too: that page prints every cell."""
    forms = [(form, result) for form, _s, result in matrix if form.converter in LOSSY]
    seen = {form.source for form, _r in forms if form.source in READ_IN_BLOCKS}
    assert seen == READ_IN_BLOCKS
    page3 = spec.T3_ROWS[:4]
    headed = {f"table3/{r.key}/{c}" for r in page3 for c in (*spec.T3_COLS[:2], *spec.T3_COLS[5:])}
    narrow = {f"table3/{r.key}/{c}" for r in page3 for c in spec.T3_COLS[2:5]}
    top = {f"table3/{spec.T3_ROWS[4].key}/{c}" for c in spec.T3_COLS[1:5]}
    for form, result in forms:
        if form.source in READ_IN_BLOCKS:
            assert _unread_in(result, "table3") == 0, _name(form)
            cells = [f"table3/{c.row}/{c.col}" for c in spec.TABLE3.cells]
            exact = [k for k in cells if k not in result.report.provenance]  # only what is not exact is recorded
            assert set(result.inferred) >= set(cells) - set(exact), _name(form)
            assert headed <= set(exact) and narrow <= set(result.inferred), _name(form)
            beside = [k for k in exact if k not in headed | top]
            assert beside and all(k.endswith(f"/{spec.T3_COLS[0]}") for k in beside), _name(form)


def test_tables_2_and_4_printed_header_by_header_are_read_from_their_headers(matrix):
    """pdftotext's default mode prints tables 二 and 四 of every generated source header by header
    (importers.header_groups): table 四 and table 二's one-column parts read as printed, table 二's 规章 and
    行政规范性文件 inferred (row by row or column by column, the text cannot tell)."""
    forms = [(form, result) for form, _s, result in matrix if form.converter in LOSSY and form.source.startswith("gen")]
    assert len(forms) == 5
    square = {f"table2/{row}/{col}" for row in spec.T2_DOC_ROWS for col in spec.T2_DOC_COLS}
    for form, result in forms:
        not_exact = {k for k in result.report.provenance if k.startswith(("table2/", "table4/"))}
        assert not_exact == square and set(result.inferred) >= square, _name(form)


def test_unread_cells_are_listed_with_a_reason(matrix):
    for form, s, result in matrix:
        if s.unread:
            assert len(result.missing) == s.unread and result.notes, _name(form)


def test_agency_and_year_are_never_wrong(matrix):
    wrong = [
        (_name(form), result.report.agency.name, result.report.year)
        for form, s, result in matrix
        if s.name_ok is False or s.year_ok is False
    ]
    assert wrong == []


def test_a_clean_report_audits_clean_from_every_form(matrix):
    """No table error on a clean source (warnings about real quirks of a real report may remain): exit 0."""
    for form, s, result in matrix:
        if form.source in ("gen-planted", "gen-blank"):
            continue
        findings = audit_report(result.report)
        errors = [f.message for f in findings.errors]
        assert errors == [], _name(form)
        assert findings.exit_code == 0, _name(form)
        assert findings.status == ("审核不完整" if s.unread else findings.status), _name(form)


def test_a_planted_table_error_is_reported_at_its_cell_from_every_form(matrix):
    row, col, _added = converters.PLANTED
    address = spec.TABLE3.cell(row, col).address
    planted = [(form, s, result) for form, s, result in matrix if form.source == "gen-planted"]
    assert planted
    for form, _s, result in planted:
        if _unread_in(result, "table3") and form.converter in LOSSY:
            continue
        findings = audit_report(result.report)
        assert {f.rule for f in findings.errors} == {"T-2", "T-3"}, _name(form)
        assert (spec.SHEET_TABLE3, address) in findings.marked_cells(), _name(form)
        assert result.report.get("table3", row, col) == form.truth["table3"][row][spec.T3_COLS.index(col)]


def test_a_2021_table_with_blank_rows_is_read_as_printed_from_every_form(matrix):
    """（六）2 and 3 left blank: still the 2021 layout (no R-2); each blank cell is T-12 (blank as printed) from every
    form that keeps the rows, grids and plain text alike, and never a number."""
    blank = [(form, s, result) for form, s, result in matrix if form.source == "gen-blank"]
    assert blank
    for form, _s, result in blank:
        if form.converter in LOSSY:
            continue
        assert result.report.table3_variant == "2021", _name(form)
        findings = audit_report(result.report)
        assert "R-2" not in {f.rule for f in findings}, _name(form)
        flagged = {(f.rule, f.cells[0]) for f in findings if f.rule in ("T-12", "U-1") and f.sheet == spec.SHEET_TABLE3}
        assert flagged == {("T-12", f"{letter}{row}") for letter in "DEFGHIJ" for row in (25, 26)}, _name(form)
        assert all(
            result.report.get("table3", row, col) is None for row in spec.T3_OTHER_ROWS[1:] for col in spec.T3_COLS
        )


def test_the_libreoffice_pdfs_are_read_as_pdfplumber_alone_reads_them(matrix, monkeypatch):
    """The PDF reader's shortcuts (pdfminer's content streams read by regular expression, pdfplumber's character
    dicts made directly: tests/test_pdf_content.py, which compares the real city PDF) give the same Document as
    pdfplumber without them, on LibreOffice's PDFs with five-digit totals wrapping in their cells and with blank rows
    (the other generated PDFs are the same layout with other numbers)."""
    from test_pdf_content import assert_same_document

    pdfs = [form.path for form, *_ in matrix if form.converter == "LibreOffice pdf"]
    chosen = [path for path in pdfs if path.stem in ("gen-large", "gen-blank")]
    assert len(chosen) == 2
    for path in chosen:
        assert_same_document(path, monkeypatch)
