"""The block reading of tables printed by pdftotext's default mode (xltool.importers.blocks).

Small grids inline: each sequence is what pdftotext prints for a table whose page it cuts into blocks (a column top
to bottom, then a block of the other columns row by row, …). The converter matrix (tests/test_converter_matrix.py)
covers the real pdftotext output of generated reports.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from xltool import spec
from xltool import text as narrative
from xltool.importers import blocks, sections
from xltool.importers.tables import EXACT, INFERRED, layout, read_table, tokenize


def _totals(rows: int, cols: int) -> list[blocks.Sum]:
    """Each row's last cell is the sum of the others, and so is each column's last cell."""
    out = [blocks.Sum(tuple(r * cols + c for c in range(cols - 1)), (r * cols + cols - 1,)) for r in range(rows)]
    out += [blocks.Sum(tuple(r * cols + c for r in range(rows - 1)), ((rows - 1) * cols + c,)) for c in range(cols)]
    return out


def _holds(grid: tuple[int, ...], sums: list[blocks.Sum]) -> bool:
    return all(sum(grid[c] for c in s.left) == sum(grid[c] for c in s.right) for s in sums)


#: Row totals in the last column, column totals in the last row.
GRID = [
    [15, 37, 34, 86],
    [8, 23, 38, 69],
    [30, 40, 37, 107],
    [4, 38, 0, 42],
    [57, 138, 109, 304],
]


def _printed_in_blocks(grid: list[list[int]]) -> list[int]:
    """Column 0 top to bottom, then columns 1–3 as two bands: rows 0–1 row by row, rows 2–4 column by column."""
    first = [row[0] for row in grid]
    top = [v for row in grid[:2] for v in row[1:]]
    bottom = [grid[r][c] for c in range(1, 4) for r in range(2, len(grid))]
    return first + top + bottom


def _flat(grid: list[list[int]]) -> tuple[int, ...]:
    return tuple(v for row in grid for v in row)


def test_a_grid_printed_in_blocks_is_read_back_uniquely():
    found, steps = blocks.search(_printed_in_blocks(GRID), 5, 4, _totals(5, 4))
    assert found == [_flat(GRID)]
    assert 0 < steps < blocks.MAX_STEPS


def test_two_grids_that_both_satisfy_every_identity_are_an_ambiguity():
    # 4 × 4 with its totals: the numbers of one grid, read in blocks another way, make a second grid that adds up
    grid = [[3, 1, 4, 8], [1, 5, 9, 15], [2, 6, 5, 13], [6, 12, 18, 36]]
    sums = _totals(4, 4)
    found, _steps = blocks.search(_printed_in_blocks(grid), 4, 4, sums)
    assert len(found) == 2 and found[0] != found[1] and _flat(grid) in found
    assert all(_holds(g, sums) for g in found)


def test_a_count_that_does_not_fill_the_grid_reads_nothing():
    assert blocks.search(_printed_in_blocks(GRID)[:-1], 5, 4, _totals(5, 4)) == ([], 0)


def test_the_budget_bounds_the_search():
    with pytest.raises(blocks.Overrun):
        blocks.search(_printed_in_blocks(GRID), 5, 4, _totals(5, 4), steps=20)


def test_one_wrong_cell_is_read_as_printed_and_nothing_is_corrected():
    printed = [row[:] for row in GRID]
    printed[1][1] += 5  # breaks its row and its column, by 5 each
    sums = _totals(5, 4)
    assert blocks.search(_printed_in_blocks(printed), 5, 4, sums)[0] == []
    found, _steps = blocks.search(_printed_in_blocks(printed), 5, 4, sums, errors=1)
    assert found == [_flat(printed)]


def test_two_wrong_cells_are_not_read():
    printed = [row[:] for row in GRID]
    printed[1][1] += 5
    printed[2][0] += 1
    assert blocks.search(_printed_in_blocks(printed), 5, 4, _totals(5, 4), errors=1)[0] == []


def _table3_text(values: dict[str, list[int]], label_gap: bool = True, labels: list | None = None) -> str:
    """Table 三 as pdftotext's default mode prints a one-page table: the row labels, then each column's numbers
    top to bottom, one number a line (rows without numbers print nothing)."""
    lines = ["三、收到和处理政府信息公开申请情况"]
    lines += [r.words for r in labels or spec.T3_ROWS]
    for j in range(len(spec.T3_COLS)):
        lines.append("")
        lines += [str(values[r.key][j]) for r in spec.T3_ROWS if r.key in values]
    return "\n".join(lines) + "\n"


def _varied_table3(seed: int) -> dict[str, list[int]]:
    import random

    rng = random.Random(seed)
    cols = spec.T3_COLS[:-1]
    out: dict[str, list[int]] = {r.key: [0] * len(spec.T3_COLS) for r in spec.T3_ROWS}
    for j, _col in enumerate(cols):
        results = {row: rng.choice((0, rng.randint(1, 9), rng.randint(10, 400))) for row in spec.T3_RESULT_ROWS}
        total = sum(results.values())
        carried_out = rng.randint(0, 50)
        carried_in = rng.randint(0, total + carried_out)
        column = {**results, spec.T3_GRAND_TOTAL: total, spec.T3_CARRIED_OUT: carried_out}
        column |= {spec.T3_CARRIED_IN: carried_in, spec.T3_RECEIVED: total + carried_out - carried_in}
        for row, value in column.items():
            out[row][j] = value
    for values in out.values():
        values[-1] = sum(values[:-1])
    return out


def test_table3_printed_column_by_column_is_read_from_its_identities():
    values = _varied_table3(7)
    text = _table3_text(values)
    lay = layout(spec.TABLE3)
    ordinary = read_table(lay, text)
    assert ordinary.missing * 2 > len(ordinary.values)  # the labels do not say which number is whose
    read = blocks.read_in_blocks(ordinary, text)
    assert read is not None
    assert read.values == {(r.key, c): values[r.key][j] for r in spec.T3_ROWS for j, c in enumerate(spec.T3_COLS)}
    assert set(read.provenance.values()) == {INFERRED}
    assert "勾稽关系" in read.notes[0]


def test_table3_whose_reading_needs_more_than_the_budget_stays_unread():
    text = _table3_text(_varied_table3(7))
    ordinary = read_table(layout(spec.TABLE3), text)
    assert blocks.read_in_blocks(ordinary, text, steps=50) is None


def test_a_table_of_zeros_printed_in_blocks_is_read_at_once():
    """A township with no applications prints 175 zeros: every arrangement is the same grid, so it is read without
    a search (it used to run to the budget, seconds, and stay unread); one number other than 0 still searches."""
    zeros = {r.key: [0] * len(spec.T3_COLS) for r in spec.T3_ROWS}
    text = _table3_text(zeros)
    ordinary = read_table(layout(spec.TABLE3), text)
    read = blocks.read_in_blocks(ordinary, text, steps=10)
    assert read is not None
    assert set(read.values.values()) == {0}
    assert blocks.search([0] * 20, 5, 4, _totals(5, 4), errors=1) == ([], 1)
    with pytest.raises(blocks.Overrun):
        blocks.search([0] * 19 + [1], 5, 4, _totals(5, 4), steps=10)


def test_a_block_reading_must_agree_with_every_cell_already_read():
    values = _varied_table3(7)
    text = _table3_text(values)
    ordinary = read_table(layout(spec.TABLE3), text)
    cell = (spec.T3_ROWS[3].key, spec.T3_COLS[1])
    right = values[cell[0]][1]
    for printed, expected in ((right, right), (right + 1, None)):
        read_here = replace(
            ordinary,
            values={**ordinary.values, cell: printed},
            provenance={**ordinary.provenance, cell: EXACT},
        )
        read = blocks.read_in_blocks(read_here, text)
        if expected is None:
            assert read is None  # two readings that disagree prove nothing
        else:
            assert read is not None and read.values[cell] == expected and read.provenance[cell] == EXACT
            assert sum(p == INFERRED for p in read.provenance.values()) == len(spec.TABLE3.cells) - 1


def test_the_real_city_report_through_pdftotext_has_one_reading_in_blocks(tmp_path):
    """淮安市's published PDF (tests/fixtures/real/006.pdf, not made by us) through pdftotext's default mode: its
    table 三 numbers, taken alone, admit exactly one arrangement under the grammar, the hand-checked one."""
    fixtures = Path(__file__).parent / "fixtures" / "real"
    out = tmp_path / "006.txt"
    subprocess.run(["pdftotext", "-enc", "UTF-8", str(fixtures / "006.pdf"), str(out)], check=True, timeout=60)
    text = narrative.clean(out.read_text(encoding="utf-8"))
    start, end = sections.table_regions(text, narrative.find_headings(text))["table3"]
    numbers = [int(c) for g in tokenize(text[start:end]).groups for c in g.chunks]
    lay = layout(spec.TABLE3)
    _keys, sums = blocks.sums_of(lay)
    found, _steps = blocks.search(numbers, len(lay.rows), len(spec.T3_COLS), sums)
    truth = json.loads((fixtures / "006.tables.json").read_text(encoding="utf-8"))["table3"]
    assert found == [tuple(v for row in lay.rows for v in truth[row.key])]


def _with_zero_row(values: dict[str, list[int]], row: str) -> dict[str, list[int]]:
    """The table with one row of zeros, the totals that counted it taken down: a row a clerk may leave blank."""
    out = {key: list(v) for key, v in values.items()}
    for j in range(len(spec.T3_COLS) - 1):
        cut = out[row][j]
        out[row][j] = 0
        if row == spec.T3_CARRIED_OUT:
            out[spec.T3_RECEIVED][j] -= cut
        elif row in spec.T3_RESULT_ROWS:
            out[spec.T3_GRAND_TOTAL][j] -= cut
            out[spec.T3_RECEIVED][j] -= cut
    for v in out.values():
        v[-1] = sum(v[:-1])
    return out


def _blank_rows_text(values: dict[str, list[int]], blank: set[str]) -> str:
    """pdftotext's default mode with whole rows left blank: every label printed, the blank rows' cells print
    nothing, so each column top to bottom skips them."""
    return _table3_text({k: v for k, v in values.items() if k not in blank}, labels=list(spec.T3_ROWS))


def test_a_row_left_blank_that_only_one_choice_explains_reads_blank_and_the_rest_inferred():
    values = _with_zero_row(_varied_table3(7), spec.T3_CARRIED_OUT)
    assert all(v >= 0 for row in values.values() for v in row)
    text = _blank_rows_text(values, {spec.T3_CARRIED_OUT})
    ordinary = read_table(layout(spec.TABLE3), text)
    read = blocks.read_in_blocks(ordinary, text)
    assert read is not None
    want = {(r.key, c): values[r.key][j] for r in spec.T3_ROWS for j, c in enumerate(spec.T3_COLS)}
    want |= {(spec.T3_CARRIED_OUT, c): None for c in spec.T3_COLS}
    assert read.values == want
    assert set(read.provenance.values()) == {INFERRED}
    assert "留空" in read.notes[-1] and "结转下年度" in read.notes[-1]


def test_blank_result_rows_are_never_located_by_the_identities():
    """Any two result rows are alike in every identity: （六）2/3 left blank could as well be （一）/（二); unread."""
    values = _varied_table3(7)
    for row in spec.T3_OTHER_ROWS[1:]:
        values = _with_zero_row(values, row)
    text = _blank_rows_text(values, set(spec.T3_OTHER_ROWS[1:]))
    ordinary = read_table(layout(spec.TABLE3), text)
    assert blocks.read_in_blocks(ordinary, text) is None
    lay = layout(spec.TABLE3)
    _keys, sums = blocks.sums_of(lay)
    numbers = [int(c) for g in tokenize(text).groups for c in g.chunks]
    found, _steps = blocks.search_blank(numbers, len(lay.rows), len(spec.T3_COLS), sums, range(len(lay.rows)))
    assert len(found) == 2 and found[0][0] != found[1][0]
    assert all(_holds(tuple(0 if v is None else v for v in grid), sums) for _rows, grid in found)


def test_more_blank_rows_than_allowed_are_not_tried():
    lay = layout(spec.TABLE3)
    _keys, sums = blocks.sums_of(lay)
    short = (blocks.MAX_BLANK_ROWS + 1) * len(spec.T3_COLS)
    values = [0] * (len(lay.rows) * len(spec.T3_COLS) - short)
    assert blocks.search_blank(values, len(lay.rows), len(spec.T3_COLS), sums, range(len(lay.rows))) == ([], 0)


def _beside_text(values: dict[str, list[int]], blank: set[str] = frozenset(), first: str = "after") -> str:
    """Table 三 as pdftotext's default mode prints a page whose label column and 自然人 column make one block:
    each label as printed in its cell, its 自然人 number on the next line ("numbers": on the line before; "one":
    only the first row's, the others' printed with the other columns; "both": after, and a stray number before the
    first label); then the header of the other columns and their numbers, column by column. The rows in ``blank``
    print their label alone."""
    lines = ["三、收到和处理政府信息公开申请情况", "自然人", *(["7"] if first == "both" else [])]
    for i, r in enumerate(spec.T3_ROWS):
        number = [] if r.key in blank or (first == "one" and i) else [str(values[r.key][0])]
        lines += [*number, r.printed] if first == "numbers" else [r.printed, *number]
    lines.append("商业企业 科研机构 社会公益组织 法律服务机构 其他 总计")
    if first == "one":
        lines += [str(values[r.key][0]) for r in spec.T3_ROWS[1:]]
    for j in range(1, len(spec.T3_COLS)):
        lines += [str(values[r.key][j]) for r in spec.T3_ROWS if r.key not in blank]
    return "\n".join(lines) + "\n"


def _all_cells(values: dict[str, list[int]]) -> dict[tuple[str, str], int]:
    return {(r.key, c): values[r.key][j] for r in spec.T3_ROWS for j, c in enumerate(spec.T3_COLS)}


@pytest.mark.parametrize("first", ["after", "numbers"])
def test_numbers_printed_beside_their_labels_are_read_as_printed_and_the_rest_inferred(first):
    """After its label or before it (numbers-first): the ends of the run of labels say which."""
    values = _varied_table3(7)
    text = _beside_text(values, first=first)
    lay = layout(spec.TABLE3)
    beside = blocks.beside_labels(lay, tokenize(text))
    assert beside == {(r.key, spec.T3_COLS[0]): values[r.key][0] for r in spec.T3_ROWS}
    read = blocks.read_in_blocks(read_table(lay, text), text)
    assert read is not None and read.values == _all_cells(values)
    assert {k for k, p in read.provenance.items() if p == EXACT} == set(beside)
    assert {p for k, p in read.provenance.items() if k not in beside} == {INFERRED}
    assert "紧挨着本行标签" in read.notes[-1]


@pytest.mark.parametrize("first", ["one", "both"])
def test_a_number_beside_a_label_that_could_be_another_rows_or_column_is_not_read_as_printed(first):
    """A row alone with one number beside its label: it may be any column's. A number directly before the first
    label and one after the last: each number could be the row's above or below. Placed by the search only."""
    values = _varied_table3(7)
    text = _beside_text(values, first=first)
    lay = layout(spec.TABLE3)
    assert blocks.beside_labels(lay, tokenize(text)) == {}
    if first == "one":
        read = blocks.read_in_blocks(read_table(lay, text), text)
        assert read is not None and read.values == _all_cells(values)
        assert set(read.provenance.values()) == {INFERRED}


def test_result_rows_left_blank_are_located_by_the_labels_printed_without_their_number():
    """The identities cannot tell which result rows are blank (test above); the labels can, when every other row
    prints its 自然人 number beside its label and the blank rows print the label alone."""
    blank = set(spec.T3_OTHER_ROWS[1:])
    values = _varied_table3(7)
    for row in blank:
        values = _with_zero_row(values, row)
    text = _beside_text(values, blank)
    lay = layout(spec.TABLE3)
    read = blocks.read_in_blocks(read_table(lay, text), text)
    assert read is not None
    assert read.values == _all_cells(values) | {(row, c): None for row in blank for c in spec.T3_COLS}
    assert {k for k, p in read.provenance.items() if p == EXACT} == {
        (r.key, spec.T3_COLS[0]) for r in spec.T3_ROWS if r.key not in blank
    }
    assert "留空" in read.notes[-2] and "紧挨着本行标签" in read.notes[-1]


def test_the_tail_of_a_number_wrapped_in_its_cell_is_not_read_beside_its_label():
    """pdftotext's default mode, stress seed 143 (five-digit counts): （七）总计's 自然人 59567 wraps in its cell,
    its head "5956" printed before the label, its tail "7" after it. A number directly before the first label of
    a stretch rules out reading the numbers after their labels."""
    lay = layout(spec.TABLE3)
    tail = ["（六）其他处理", "3.其他", "9589", "5956", "（七）总计", "7", "四、结转下年度继续办理", "45", "商业企业"]
    text = "\n".join(["三、收到和处理政府信息公开申请情况", *(r.printed for r in spec.T3_ROWS[:-3]), *tail]) + "\n"
    assert blocks.beside_labels(lay, tokenize(text)) == {}
    unwrapped = text.replace("9589\n5956\n", "")
    assert blocks.beside_labels(lay, tokenize(unwrapped)) == {
        (spec.T3_GRAND_TOTAL, spec.T3_COLS[0]): 7,
        (spec.T3_CARRIED_OUT, spec.T3_COLS[0]): 45,
    }
