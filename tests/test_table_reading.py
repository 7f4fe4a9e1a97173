"""Reading published tables as printed (issue 13): where a table ends, rows in any order, line-broken layouts.

Inputs are the spec-driven text layouts of test_importers with the real city report's tables (distinct numbers),
changed the way real reports differ: reworded or extra sections, prose and figures right after a table, rows out of
the official order, label-less rows.
"""

from __future__ import annotations

import pytest
from test_importers import REAL, render, tables_of

from xltool import spec
from xltool import text as narrative
from xltool.importers import read_report, sections
from xltool.importers.tables import MISSING, layout, read_table
from xltool.model import AnnualReport

HEADING_5 = spec.section("五").title


@pytest.fixture
def text() -> str:
    return render(AnnualReport.from_json({"schema": spec.REPORT_SCHEMA, "year": 2024, **REAL}))


def _read(tmp_path, text: str):
    path = tmp_path / "年报.txt"
    path.write_text(text, encoding="utf-8")
    return read_report(path)


@pytest.mark.parametrize(
    "replacement",
    [
        "五、工作中存在的不足及下一步打算",  # reworded heading
        "五、政务公开平台建设情况\n全年发布信息 1200 条，其中 300 条为政策文件，热线 12345。\n六、存在的问题",  # extra section
        "以上数据截至2024年12月31日，共 3 件 5 起 7 次。\n" + HEADING_5,  # prose with figures after the table
        "本年度我们仍有 2 项工作存在不足，咨询电话 0951 1234567。",  # no heading at all, prose follows
    ],
    ids=["reworded", "extra-section", "prose-after-table", "no-heading"],
)
def test_a_table_ends_where_it_ends_whatever_follows(tmp_path, text, replacement):
    result = _read(tmp_path, text.replace(HEADING_5, replacement))
    assert tables_of(result.report) == REAL
    assert not result.missing and not result.inferred


def test_a_missing_table_heading_is_not_found_in_prose(tmp_path, text):
    """Table 四 without its heading is found by its header, not by 行政复议 in the sentence before it."""
    heading_4 = spec.section("四").title
    text = text.replace(heading_4, "另有 9 人咨询行政复议 3 件。")
    result = _read(tmp_path, text)
    assert tables_of(result.report)["table4"] == REAL["table4"]


# ---- table 三 printed one row per line, with its labels displaced -------------------------------------------------


def _table3_text(text: str, lines: list[str]) -> str:
    """The report's text with table 三's body replaced by ``lines``."""
    start = text.index(spec.section("三").title) + len(spec.section("三").title)
    end = text.index(spec.section("四").title)
    return text[:start] + "\n" + "\n".join(lines) + "\n" + text[end:]


def _numbers(row: spec.T3Row, sep: str = " ") -> str:
    return sep.join(str(v) for v in REAL["table3"][row.key])


HEADER = ["申请人情况", "自然人 法人或其他组织 总计", "商业企业 科研机构 社会公益组织 法律服务机构 其他"]


def test_rows_out_of_the_official_order(tmp_path, text):
    rows = list(spec.T3_ROWS)
    rows[2], rows[3] = rows[3], rows[2]  # （二） before （一）
    rows[10], rows[14] = rows[14], rows[10]
    result = _read(tmp_path, _table3_text(text, HEADER + [f"{r.printed} {_numbers(r)}" for r in rows]))
    assert tables_of(result.report)["table3"] == REAL["table3"]
    assert not result.missing and not result.inferred


@pytest.mark.parametrize("word", ["列", "Column"])
def test_pipe_rows_with_generic_numbered_headers_and_group_fragments(tmp_path, text, word):
    """A PDF-to-Markdown table: header "列1 … 列9", a fragment of the group label as an extra first cell."""
    lines = ["| " + " | ".join(f"{word}{n}" for n in range(1, 10)) + " |", "|---|---|---|---|---|---|---|---|---|"]
    for r in spec.T3_ROWS:
        fragment = r.group[:3] if r.item else ""
        lines.append(f"| {fragment} | {r.printed} | {_numbers(r, ' | ')} |")
    result = _read(tmp_path, _table3_text(text, lines))
    assert tables_of(result.report)["table3"] == REAL["table3"]
    assert not result.missing


def test_wrapped_labels_on_loose_lines_before_or_after_their_numbers(tmp_path, text):
    """The text layer of a PDF: some rows print the numbers after their label line, others before."""
    lines = list(HEADER)
    for n, r in enumerate(spec.T3_ROWS):
        if n % 3 == 0:
            lines += [r.printed, _numbers(r)]  # label, then numbers
        elif n % 3 == 1:
            lines += [r.printed + " " + _numbers(r)]
        else:
            lines += [_numbers(r), r.printed]  # numbers, then label
    result = _read(tmp_path, _table3_text(text, lines))
    got = tables_of(result.report)["table3"]
    wrong = [k for k, v in got.items() if v != REAL["table3"][k] and v != [None] * 7]
    assert wrong == []  # a guess is never presented as read; rows that could pair either way stay unread
    assert not result.missing, result.notes


def _wrapped_around(row: spec.T3Row, group: str = "") -> list[str]:
    """A row as a PDF's text layer prints it when its label cell is taller than its number cells (pdfplumber text,
    pdftotext -layout of a 12 pt print): the label's first half, the numbers on the middle line (beside a fragment
    of the group label, if given), the label's second half."""
    half = len(row.printed) // 2
    return [row.printed[:half], f"{group} {_numbers(row)}".strip(), row.printed[half:]]


def test_a_number_line_among_its_wrapped_labels_fragments_is_its_rows(tmp_path, text):
    """Rows out of the official order (so only the row-by-row reading can follow them), the long labels wrapped
    around their numbers: the fragments above and below a number line spell its row's label, so the row is read as
    printed. Before, none of those halves was enough of a label, and the rows were unread or placed by position."""
    rows = list(spec.T3_ROWS)
    rows[2], rows[3] = rows[3], rows[2]  # （二） before （一）
    rows[10], rows[14] = rows[14], rows[10]
    lines = list(HEADER)
    wrapped = []
    for n, r in enumerate(rows):
        if len(r.printed) >= 10:
            lines += _wrapped_around(r, "无法提" if n % 2 else "")
            wrapped.append(r.key)
        else:
            lines.append(f"{r.printed} {_numbers(r)}")
    result = _read(tmp_path, _table3_text(text, lines))
    assert tables_of(result.report)["table3"] == REAL["table3"]
    assert len(wrapped) > 10
    assert not [k for k in result.missing + result.inferred if k.startswith("table3/")], result.notes


def test_a_number_line_between_two_wrapped_labels_is_not_given_to_the_next_row(tmp_path, text):
    """Label-first, each label wrapped over two lines, its numbers after it: a number line then lies between the end
    of one label and the start of the next, which spell no label around it; it is its row's (the one above), never
    the neighbour's."""
    rows = list(spec.T3_ROWS)
    rows[2], rows[3] = rows[3], rows[2]
    lines = list(HEADER)
    for r in rows:
        half = len(r.printed) // 2
        lines += [r.printed[:half], r.printed[half:], _numbers(r)] if len(r.printed) >= 10 else [r.printed, _numbers(r)]
    result = _read(tmp_path, _table3_text(text, lines))
    got = tables_of(result.report)["table3"]
    assert [k for k, v in got.items() if v != REAL["table3"][k] and v != [None] * 7] == []


def test_labels_and_numbers_that_could_pair_either_way_are_not_guessed(tmp_path, text):
    """label, numbers, label, numbers, label: the middle numbers may be the first row's or the second's."""
    rows = spec.T3_ROWS
    lines = list(HEADER) + [f"{r.printed} {_numbers(r)}" for r in rows[:8]]
    lines += [rows[8].printed, _numbers(rows[8]), rows[9].printed, _numbers(rows[9]), rows[10].printed]
    lines += [_numbers(rows[10])] + [f"{r.printed} {_numbers(r)}" for r in rows[11:]]
    # the last pair is there, so rows 8-10 pair label-first; without it, none can be told
    complete = _read(tmp_path, _table3_text(text, lines))
    assert tables_of(complete.report)["table3"] == REAL["table3"]
    del lines[len(HEADER) + 8 + 5]
    lines.insert(len(HEADER) + 8, "3 1 4 1 5 9 23")  # a stray line of numbers before the chain
    result = _read(tmp_path, _table3_text(text, lines))
    got = tables_of(result.report)["table3"]
    assert [k for k, v in got.items() if v != REAL["table3"][k] and v != [None] * 7] == []
    assert rows[10].key in {k.split("/", 1)[1].rsplit("/", 1)[0] for k in result.missing}


def test_a_row_without_its_label_is_placed_by_elimination_and_marked(tmp_path, text):
    lines = list(HEADER) + [f"{r.printed} {_numbers(r)}" for r in spec.T3_ROWS]
    lines[len(HEADER) + 12] = _numbers(spec.T3_ROWS[12])  # the label is lost
    result = _read(tmp_path, _table3_text(text, lines))
    assert tables_of(result.report)["table3"] == REAL["table3"]
    assert {k.split("/", 1)[1].rsplit("/", 1)[0] for k in result.inferred} == {spec.T3_ROWS[12].key}


def test_table4_printed_as_three_blocks_each_with_its_header(tmp_path, text):
    start = text.index(spec.section("四").title) + len(spec.section("四").title)
    end = text.index(HEADING_5)
    values = REAL["table4"]
    blocks = []
    for n, (block, _words, _first) in enumerate(spec.T4_BLOCKS):
        blocks += [block, " ".join(spec.T4_OUTCOMES), " ".join(map(str, values[5 * n : 5 * n + 5]))]
    result = _read(tmp_path, text[:start] + "\n" + "\n".join(blocks) + "\n" + text[end:])
    assert tables_of(result.report)["table4"] == REAL["table4"]


# ---- evidence for run-together digits ------------------------------------------------------------------------------


def test_run_together_digits_are_settled_by_the_figures_the_overview_states(tmp_path):
    """ "12345" and "205137" split many ways; the lopsided prior alone takes 1、2、345 and 2、0、5137."""
    data = {"schema": spec.REPORT_SCHEMA, "year": 2024, **REAL}
    data["table2"] = {**REAL["table2"], "规章": [12, 3, 45], "行政规范性文件": [20, 5, 137]}
    glued = render(AnnualReport.from_json(data), "glued")
    before = _read(tmp_path, glued)
    assert tables_of(before.report)["table2"]["规章"] != [12, 3, 45]
    assert any("12、3、45" in note for note in before.notes)  # the printed split is among the alternatives shown
    stated = (
        "本年制发规章12件、行政规范性文件20件，废止规章3件、行政规范性文件5件，现行有效规章45件、行政规范性文件137件。"
    )
    result = _read(tmp_path, glued.replace("本年度工作有序推进。", stated))
    got = tables_of(result.report)["table2"]
    assert [got[row] for row in spec.T2_DOC_ROWS] == [[12, 3, 45], [20, 5, 137]]
    assert all(
        result.report.provenance[f"table2/{row}/{col}"] == "inferred"
        for row in spec.T2_DOC_ROWS
        for col in spec.T2_DOC_COLS
    )
    assert any("按正文所述" in note for note in result.notes)


# ---- read what is printed -------------------------------------------------------------------------------------------


def test_a_forced_reading_is_taken_as_printed_and_its_defect_reported_at_its_cell(tmp_path, text):
    """ "1000001 2" cuts into seven well-formed cells one way only (10 0 0 0 0 1 2): read so, although its total
    breaks T-3; the audit then reports the defect at that row."""
    from xltool.rules import audit_report

    key = "（四）无法提供/3.补正后申请内容仍不明确"
    result = _read(
        tmp_path, text.replace("3.补正后申请内容仍不明确 1 0 0 0 0 0 1", "3.补正后申请内容仍不明确 1000001 2")
    )
    assert tables_of(result.report)["table3"][key] == [10, 0, 0, 0, 0, 1, 2]
    assert not result.missing and not result.inferred
    findings = audit_report(result.report)
    assert ("T-3", ("J18",)) in {(f.rule, f.cells[:1]) for f in findings.errors}


@pytest.mark.parametrize("scrambled", [False, True])
def test_table4_numbers_among_its_header_words_only_when_the_sums_confirm(tmp_path, text, scrambled):
    """pdftotext's default mode prints table 四 column by column: numbers between header words. In reading order
    and with every block summing up they are the row (inferred); out of order they are not read, never guessed."""
    start = text.index(spec.section("四").title) + len(spec.section("四").title)
    end = text.index(HEADING_5)
    values = list(REAL["table4"])
    if scrambled:
        values[0], values[5] = values[5], values[0]
    words = [
        spec.T4_REVIEW,
        spec.T4_LITIGATION,
        *spec.T4_OUTCOMES,
        spec.T4_DIRECT,
        *spec.T4_OUTCOMES,
        spec.T4_AFTER_REVIEW,
        *spec.T4_OUTCOMES,
    ]
    lines = []
    for n, word in enumerate(words):
        lines.append(word)
        if n >= 2 and len(lines) - n <= len(values):
            lines.append(str(values[len(lines) - n - 1]))
    numbers = [ln for ln in lines if ln.isdigit()]
    lines += [str(v) for v in values[len(numbers) :]]
    result = _read(tmp_path, text[:start] + "\n" + "\n".join(lines) + "\n" + text[end:])
    got = tables_of(result.report)["table4"]
    if scrambled:
        assert got == [None] * 15
    else:
        assert got == REAL["table4"]
        assert len(result.inferred) == 15


# ---- the numbers of several rows after one label (pdftotext's default mode) ----------------------------------------


def _column_dump(rows: list[spec.T3Row], alone: dict[int, int], values: dict[str, list[int]] | None = None) -> str:
    """Table 三 as pdftotext's default mode prints the real city report (tests/fixtures/real/006.pdf): each label
    and each number on a line of its own, blank lines between; the rows in ``alone`` (row → the row after which
    it is printed) have their label printed apart, with no numbers after it, so their numbers follow the label
    before them."""
    values = values or REAL["table3"]
    lines = list(HEADER)
    moved: dict[int, list[str]] = {}
    for n, r in enumerate(rows):
        if n in alone:
            moved.setdefault(alone[n], []).append(r.printed)
        else:
            lines += ["", r.printed]
        for v in values[r.key]:
            lines += ["", str(v)]
        lines += moved.pop(n, [])
    return "\n".join(lines)


#: As in the real report: （一）/（二）'s labels come after the （四）1 row, and those of （五）5 to （六）3 at the end of
#: the table, after 四、结转 (which, with （七）总计, the label alignment then cannot take in their order).
REAL_ALONE = {2: 12, 3: 12, 19: 24, 20: 24, 21: 24, 22: 24}


def _rows_of(keys: list[str]) -> set[str]:
    return {k.split("/", 1)[1].rsplit("/", 1)[0] for k in keys}


def test_the_numbers_of_several_rows_after_one_label_are_cut_into_those_rows(tmp_path, text):
    """21 numbers after 二、上年结转 are that row, （一） and （二）; 49 after （五）4 are seven rows: cut in the official
    order because every seven sum to their 总计 and the column sums then hold; marked inferred and said."""
    result = _read(tmp_path, _table3_text(text, _column_dump(list(spec.T3_ROWS), REAL_ALONE).split("\n")))
    assert tables_of(result.report)["table3"] == REAL["table3"]
    assert not result.missing
    rows = spec.T3_ROWS
    assert _rows_of(result.inferred) == {r.key for r in rows[1:4]} | {r.key for r in rows[18:]}
    assert sum("已按正式表格的行序每 7 个数分给一行" in note for note in result.notes) == 2


def test_a_run_whose_rows_are_printed_out_of_order_is_not_cut(tmp_path, text):
    """（一）'s numbers first, then 二's: every seven still sum to their 总计, but 一 + 二 = （七）总计 + 四 breaks; the
    cut is refused and the three rows stay unread, never guessed."""
    printed = dict(REAL["table3"])
    second, first = spec.T3_ROWS[1].key, spec.T3_ROWS[2].key
    printed[second], printed[first] = printed[first], printed[second]  # （一）'s numbers right after 二's label
    lines = _column_dump(list(spec.T3_ROWS), {2: 12, 3: 12}, printed).split("\n")
    result = _read(tmp_path, _table3_text(text, lines))
    got = tables_of(result.report)["table3"]
    assert [k for k, v in got.items() if v != REAL["table3"][k] and v != [None] * 7] == []
    assert {r.key for r in spec.T3_ROWS[1:4]} <= _rows_of(result.missing)
    assert any("与其他行的合计不符" in note for note in result.notes)


def test_a_run_is_not_cut_when_a_part_breaks_its_row_total(tmp_path, text):
    """A printed defect inside the run (（一）'s 总计 off by one): the rows cannot be told apart by their sums, so
    the reading by labels leaves the 21 numbers unread (never a reading shifted or cut at a guess). The import then
    reads the table in blocks (importers.blocks): exactly one arrangement breaks only the identities through one
    cell, so the table is read as printed and that cell named, for the audit to report."""
    values = {k: list(v) for k, v in REAL["table3"].items()}
    values[spec.T3_ROWS[2].key][-1] += 1
    report = _table3_text(text, _column_dump(list(spec.T3_ROWS), {2: 12, 3: 12}, values).split("\n"))
    cleaned = narrative.clean(report)
    start, end = sections.table_regions(cleaned, narrative.find_headings(cleaned))["table3"]
    by_labels = read_table(layout(spec.TABLE3), cleaned[start:end])
    unread = {row for (row, _col), how in by_labels.provenance.items() if how == MISSING}
    assert {r.key for r in spec.T3_ROWS[1:4]} <= unread
    assert any("读到 21 个数" in note and "未读取" in note for note in by_labels.notes)
    result = _read(tmp_path, report)
    assert tables_of(result.report)["table3"] == values
    assert any("（一）予以公开”行“总计”一栏外全部成立" in note for note in result.notes)


# ---- rows printed blank in plain text ------------------------------------------------------------------------------

BLANK_ROWS = [r for r in spec.T3_ROWS if r.key in spec.T3_OTHER_ROWS][1:]  # （六）2 and （六）3


def _office_txt(values: dict[str, list[int | None]]) -> list[str]:
    """Table 三 as LibreOffice's "Text (encoded)" export prints a docx table: every cell on its own line, a blank
    cell as an empty line, a group label on the line before its first item, an empty line after each row."""
    lines = ["申请人情况", "", "自然人", "法人或其他组织", "总计", "", "", *spec.T3_COLS[1:6], ""]
    group = None
    for r in spec.T3_ROWS:
        if r.item and r.group != group:
            lines.append(r.group)
        group = r.group if r.item else None
        lines += [r.printed, *("" if v is None else str(v) for v in values[r.key]), ""]
    return lines


def _raw_lines(values: dict[str, list[int | None]]) -> list[str]:
    """Table 三 as ``pdftotext -raw`` prints it: "label n n n n n n n" a row, a blank row as its label alone, and
    the page number ("— 4 —", page furniture, not a number of the table) where the table crosses a page."""
    lines = list(HEADER)
    for n, r in enumerate(spec.T3_ROWS):
        lines.append(" ".join([r.printed, *(str(v) for v in values[r.key] if v is not None)]))
        if n == 16:
            lines.append("— 4 —")
    return lines


def _blanked(rows: list[spec.T3Row], cells: slice = slice(None)) -> dict[str, list[int | None]]:
    values = {k: list(v) for k, v in REAL["table3"].items()}
    for r in rows:
        values[r.key][cells] = [None] * len(values[r.key][cells])
    return values


@pytest.mark.parametrize("shape", [_office_txt, _raw_lines], ids=["LibreOffice txt", "pdftotext -raw"])
def test_rows_printed_blank_in_plain_text_are_read_blank(tmp_path, text, shape):
    """Their labels are there, they have no numbers, and every number of the table went to another row: blank as
    printed (None, read as printed), so the audit reports T-12 as for a workbook, not U-1."""
    from xltool.rules import audit_report

    values = _blanked(BLANK_ROWS)
    result = _read(tmp_path, _table3_text(text, shape(values)))
    assert tables_of(result.report)["table3"] == values
    assert not result.missing and not result.inferred
    assert any("按原文空白读取" in note for note in result.notes)
    findings = audit_report(result.report)
    blank_cells = {spec.TABLE3.cell(r.key, c).address for r in BLANK_ROWS for c in spec.T3_COLS}
    flagged = {(f.rule, f.cells[0]) for f in findings if f.cells and f.cells[0] in blank_cells}
    assert flagged == {("T-12", a) for a in blank_cells}


@pytest.mark.parametrize(
    "change",
    ["stray number", "partly blank row", "label lost"],
)
def test_rows_without_numbers_stay_unread_unless_nothing_else_can_be_theirs(tmp_path, text, change):
    """A number left over (a line "5" no row can take), a row only partly blank (its few numbers cannot be placed
    in its cells), or another row placed by position: the rows without numbers may have lost them, so they stay
    unread (U-1), never blank and never a number."""
    values = _blanked(BLANK_ROWS)
    if change == "partly blank row":
        values = _blanked(BLANK_ROWS[1:])
        values[BLANK_ROWS[0].key][1:6] = [None] * 5  # only 自然人 and 总计 printed
    lines = _raw_lines(values)
    if change == "stray number":
        lines.insert(len(HEADER) + 9, "5")
    if change == "label lost":
        lines[len(HEADER) + 12] = _numbers(spec.T3_ROWS[12])
    result = _read(tmp_path, _table3_text(text, lines))
    got = tables_of(result.report)["table3"]
    assert [k for k, v in got.items() if v != REAL["table3"][k] and v != [None] * 7] == []
    assert {r.key for r in BLANK_ROWS} <= _rows_of(result.missing)
    assert not any("按原文空白读取" in note for note in result.notes)


def test_table4_that_does_not_add_up_is_read_as_printed_and_reported_at_its_cell(tmp_path):
    """Table 四's one row has no label: its numbers alone on one line (a grid row, as docx, HTML and plain text print
    it) are read as printed even when a block's total breaks, so the audit reports the defect at that block (stress
    seed 303: 行政复议's 其他结果 two more than its total allows; before, every form left the table unread)."""
    from xltool.rules import audit_report

    data = {"schema": spec.REPORT_SCHEMA, "year": 2024, **REAL}
    data["table4"] = list(REAL["table4"])
    data["table4"][2] += 2
    result = _read(tmp_path, render(AnnualReport.from_json(data)))
    assert tables_of(result.report)["table4"] == data["table4"]
    assert not [k for k in result.missing + result.inferred if k.startswith("table4/")]
    findings = audit_report(result.report)
    assert {f.sheet for f in findings.errors} == {spec.SHEET_TABLE4}
