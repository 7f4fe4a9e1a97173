"""Read a table whose cells a converter printed in blocks rather than rows (pdftotext's default mode).

pdftotext without ``-layout`` or ``-raw`` cuts a page into text blocks and prints one block after another. A table
then comes out as a run of numbers that is a concatenation of rectangles of its grid: a column of one page's cells
top to bottom, a band of three narrow columns read row by row, the rest of a page as horizontal bands each read
across or down. The row labels are printed somewhere else (or between the numbers of the first column), so the
label alignment of ``tables`` cannot place them.

This module searches the readings of such a run under a grammar of *guillotine partitions* of the grid, as
pdftotext makes them:

* the table is a sequence of *page bands*, full-width bands of consecutive rows (a page, or a block of rows);
* a page band is cut into *strips* of consecutive columns, read one after the other: a strip one column wide reads
  its column top to bottom; at most one strip is wider, and it is read as a chain of *bands* of consecutive rows,
  each read row by row or column by column. (pdftotext keeps a table's narrow columns apart or prints them as one
  block; with two such blocks in a band the readings multiply, 42² first bands for two blocks of 21 rows, before a
  row is complete.)

With no blank cells a part of the grid takes as many numbers as it has cells, so a reading is fully determined by
its cuts and directions. Almost every reading puts numbers into the wrong cells; the table's identities (row totals,
the column identities) reject it as soon as a part completes the cells of an identity, and partial sums prune
earlier (all counts are ≥ 0, so once the total of a sum is placed, its terms so far may not exceed it). Strips one
column wide are placed first and the wide strip's bands complete whole rows, so a row's total is checked as soon as
the row is read. The search is memoised on what the rows read so far leave open, so readings that differ only
where no identity looks (zeros in another order) are searched on once.

A reading is taken only when exactly one distinct grid of values survives every identity. Any budget overrun, a
second distinct grid, or a count of numbers that does not fill the grid leaves the table unread: the caller keeps
its honest gap. A table that really breaks its sums is searched once more allowing exactly one wrong cell (the grid
must break exactly the identities through that cell, each by the same amount); a unique such grid is read as
printed, so the audit reports the defect at its cell.

A table printed with whole rows left blank (a clerk leaves rows of zeros empty; the totals add up with them as 0)
gives fewer numbers than cells, by a multiple of the row width. Up to ``MAX_BLANK_ROWS`` such rows are tried: each
choice of rows whose label was printed is searched as the grid without those rows, the blank cells counting as 0 in
every identity (a choice that forces more zeros than the numbers hold is dropped unsearched). Exactly one (choice,
grid) over all the choices must survive, within one budget for them all; the blank rows then stay blank.

``search`` works on integers alone; ``read_in_blocks`` maps a table read by ``tables`` onto it and keeps a grid
only when it agrees with every cell that reading read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import cast

from .. import spec
from .column_heads import under_headers
from .tables import EXACT, INFERRED, MISSING, Layout, TableRead, Tokens, identities, layout, locate_labels, tokenize
from .tables import _row_words as row_words

#: Cells placed, over every reading tried (the search without and with one wrong cell together), that one table may
#: take: beyond it the table stays unread. The generated reports of the converter matrix take 110,000–200,000
#: without a wrong cell (the real city report 380,000), and 850,000 in all for the one with a planted error. A step costs 0.4–3 µs (least where
#: the sums prune, most in a table of zeros, where nothing does), so the budget bounds a table to a few seconds.
MAX_STEPS = 1_000_000
#: Most whole rows of a table in blocks that may be printed blank: C(25, 2) = 300 choices of rows for table 三.
MAX_BLANK_ROWS = 2


class Overrun(Exception):
    """The search went past its budget of steps: the table cannot be read this way."""


@dataclass(frozen=True)
class Sum:
    """One identity as a balance of non-negative cells: ``sum(left) == sum(right)`` (cell = row * cols + col)."""

    left: tuple[int, ...]
    right: tuple[int, ...]


@dataclass
class _State:
    """The cells placed so far and, per identity, what is still open; every change is undone on backtracking."""

    values: Sequence[int]
    cols: int
    grid: list[int | None]
    members: list[list[tuple[int, int]]]  # identity → (cell, +1 on the left / -1 on the right)
    member_sets: list[frozenset[int]]
    touching: list[list[tuple[int, int, int]]]  # cell → (identity k, side, its slot in opens)
    opens: list[int]  # 2k: cells of identity k still open on the left, 2k + 1: on the right
    balance: list[int]  # identity → sum placed on the left minus sum placed on the right
    steps: int
    errors: int  # wrong cells allowed: 0 or 1
    suspects: dict[int, int | None] = field(default_factory=dict)  # errors=1: cell → the excess it would have
    broken: int = 0
    memo: dict[tuple, list[tuple[int, ...]]] = field(default_factory=dict)
    suspects_key: tuple = (None, frozenset())
    spans: list[tuple[int, int]] = field(default_factory=list)  # identity → its first and last row


def search(
    values: Sequence[int], rows: int, cols: int, sums: Sequence[Sum], errors: int = 0, steps: int = MAX_STEPS
) -> tuple[list[tuple[int, ...]], int]:
    """The distinct grids (row-major tuples) that a guillotine reading of ``values`` gives and that satisfy every
    identity, and the steps it took. With ``errors=1`` only grids that break exactly the identities through one
    cell, each by the cell's one excess. Stops at two grids (two already mean "cannot tell"); raises Overrun past
    ``steps`` cells placed."""
    n = rows * cols
    if len(values) != n or n == 0:
        return [], 0
    if len(set(values)) == 1:  # every arrangement of equal numbers (a table of zeros) is the same grid
        grid = tuple(values)
        holds = all(sum(grid[c] for c in s.left) == sum(grid[c] for c in s.right) for s in sums)
        return ([grid] if holds and not errors else []), 1
    members = [[(c, 1) for c in s.left] + [(c, -1) for c in s.right] for s in sums]
    touching: list[list[tuple[int, int, int]]] = [[] for _ in range(n)]
    for k, cells in enumerate(members):
        for c, side in cells:
            touching[c].append((k, side, 2 * k + (side < 0)))
    state = _State(
        values,
        cols,
        [None] * n,
        members,
        [frozenset(c for c, _side in m) for m in members],
        touching,
        [count for s in sums for count in (len(s.left), len(s.right))],
        [0] * len(sums),
        steps,
        errors,
        dict.fromkeys(range(n)) if errors else {},
    )
    state.spans = [(min(c // cols for c, _s in m), max(c // cols for c, _s in m)) for m in members]
    return _pages(state, 0, 0, False), steps - state.steps


Blank = tuple[tuple[int, ...], tuple[int | None, ...]]  # the rows printed blank, and the grid (None in them)


def search_blank(
    values: Sequence[int],
    rows: int,
    cols: int,
    sums: Sequence[Sum],
    candidates: Sequence[int],
    steps: int = MAX_STEPS,
    fixed: Mapping[int, int] | None = None,
) -> tuple[list[Blank], int]:
    """Readings of ``values`` as the grid with some whole rows printed blank: as many rows as the numbers are short
    of the cells (a multiple of ``cols``, at most ``MAX_BLANK_ROWS``), chosen among ``candidates``. Each choice is
    searched as the grid without its rows, whose cells count as 0 in every identity. The distinct (rows, grid) that
    satisfy every identity, stopping at two, and the steps taken by all the choices together; raises Overrun past
    ``steps``.

    Choices whose grids without the rows have the same identities read the same grids, so they are searched once:
    rows of one role are alike (any two result rows of table 三 are each a term of their column's total and the sum
    of their own row, nothing else), and a blank result row can then be any result row: the identities never prove
    it. ``fixed`` (cell → value, cells read as printed) tells them apart: a choice whose grid differs from one of
    them is dropped (when the search of a set of alike choices finds one grid; two are two readings anyway)."""
    short = rows * cols - len(values)
    if short <= 0 or short % cols or short // cols > MAX_BLANK_ROWS:
        return [], 0
    zeros = sum(1 for v in values if v == 0)
    alike: dict[tuple[Sum, ...], list[tuple[int, ...]]] = {}
    for blank in combinations(sorted(candidates), short // cols):
        without = _without_rows(sums, set(blank), rows, cols, zeros)
        if without is not None:
            alike.setdefault(tuple(without), []).append(blank)
    out: list[Blank] = []
    used = 0
    for reduced, choices in alike.items():
        found, spent = search(values, rows - short // cols, cols, reduced, 0, steps - used)
        used += spent
        readings = [(blank, _with_blank_rows(grid, blank, cols)) for grid in found for blank in choices]
        if len(found) == 1 and fixed:
            readings = [(b, grid) for b, grid in readings if all(grid[c] == v for c, v in fixed.items())]
        out += readings
        if len(out) > 1:
            break
    return out[:2], used


def _without_rows(sums: Sequence[Sum], blank: set[int], rows: int, cols: int, zeros: int) -> list[Sum] | None:
    """The identities of the grid without the ``blank`` rows (their cells are 0: left out of every sum; the other
    cells renumbered). None when the choice cannot hold: a side of an identity that is all 0 makes every cell of the
    other side 0, and those forced zeros (followed through) may not outnumber the zeros among the numbers."""
    zero = {r * cols + c for r in blank for c in range(cols)}
    forced: set[int] = set()
    changed = True
    while changed:
        changed = False
        for s in sums:
            for side, other in ((s.left, s.right), (s.right, s.left)):
                if all(c in zero or c in forced for c in side) and not all(c in zero or c in forced for c in other):
                    forced |= {c for c in other if c not in zero}
                    changed = True
    if len(forced) > zeros:
        return None
    kept = [r for r in range(rows) if r not in blank]
    index = {r * cols + c: i * cols + c for i, r in enumerate(kept) for c in range(cols)}
    out = []
    for s in sums:
        left, right = tuple(index[c] for c in s.left if c in index), tuple(index[c] for c in s.right if c in index)
        if left or right:
            out.append(Sum(left, right))
    return out


def _with_blank_rows(grid: tuple[int, ...], blank: tuple[int, ...], cols: int) -> tuple[int | None, ...]:
    """The grid of the printed rows with the blank rows put back in their places, as None."""
    rows = iter(grid[i : i + cols] for i in range(0, len(grid), cols))
    out: list[int | None] = []
    for r in range(len(grid) // cols + len(blank)):
        out += [None] * cols if r in blank else next(rows)
    return tuple(out)


def _compositions(n: int) -> list[tuple[int, ...]]:
    """Every way to cut n columns into strips of consecutive columns."""
    out: list[tuple[int, ...]] = [(n,)]
    for first in range(n - 1, 0, -1):
        out += [(first, *rest) for rest in _compositions(n - first)]
    return out


def _pages(state: _State, row: int, start: int, single_before: bool) -> list[tuple[int, ...]]:
    """The distinct fillings (at most two: two already mean "cannot tell") of rows ``row``… as page bands:
    full-width bands of consecutive rows (a page, or a block of the table), one after the other. Two neighbouring
    bands each read as one strip are one band, enumerated once."""
    rows, cols = len(state.grid) // state.cols, state.cols
    if row == rows:
        return [] if state.errors and not state.broken else [()]
    key = ("pages", row, single_before, *_open_sums(state), *_error_key(state))
    if key in state.memo:
        return state.memo[key]
    out: list[tuple[int, ...]] = []
    for h in range(1, rows - row + 1):
        for widths in _compositions(cols) if h > 1 else [(cols,)]:
            single = len(widths) == 1
            if (single and single_before) or sum(w > 1 for w in widths) > 1:
                continue
            _add(out, _page(state, row, h, start, widths))
            if len(out) > 1:
                break
        if len(out) > 1:
            break
    state.memo[key] = out
    return out


def _add(out: list[tuple[int, ...]], grids: list[tuple[int, ...]]) -> None:
    """Distinct grids only: one grid read in several ways (zeros in another order) is one reading."""
    for grid in grids:
        if grid not in out:
            out.append(grid)


def _open_sums(state: _State) -> list[int]:
    """Per identity still open, the balance placed so far: with which cells are placed (the caller's key), all that
    the rest of the search depends on. Readings that differ only where no identity looks share the search."""
    opens = state.opens
    return [b for k, b in enumerate(state.balance) if opens[2 * k] or opens[2 * k + 1]]


def _error_key(state: _State) -> tuple:
    """What the search allowing one wrong cell has learnt so far (nothing without errors)."""
    if not state.errors:
        return ()
    if state.suspects_key[0] is not state.suspects:  # suspects are replaced, never changed in place
        state.suspects_key = (state.suspects, frozenset(state.suspects.items()))
    return state.broken, state.suspects_key[1]


def _page(state: _State, top: int, h: int, start: int, widths: tuple[int, ...]) -> list[tuple[int, ...]]:
    """A page band of ``h`` rows cut into strips of the given widths, then the rows below: the fillings of rows
    ``top``…. A strip one column wide reads its column top to bottom and is placed first (it has one reading); the
    wide strip is read as a chain of bands, each of which then completes whole rows and is checked at once."""
    cols = state.cols
    done: list[tuple[list[int], int, tuple]] = []
    wide: tuple[int, int, int] | None = None  # the wide strip's left and right column, its first value
    left, at, ok = 0, start, True
    for w in widths:
        if w == 1:
            column = [i * cols + left for i in range(top, top + h)]
            placed, ok, saved = _put(state, column, at)
            done.append((column, placed, saved))
            if not ok:
                break
        else:
            wide = (left, left + w, at)
        left, at = left + w, at + h * w
    out: list[tuple[int, ...]] = []
    if ok and wide is not None:
        ok = _strip_total_fits(state, (top, top + h, wide[0], wide[1]), wide[2])
    if ok:
        after = (top + h, start + h * cols, len(widths) == 1)
        band = state.grid[top * cols : (top + h) * cols]
        if wide is None:
            out = [tuple(v for v in band if v is not None) + rest for rest in _pages(state, *after)]
        else:
            left, right, at = wide
            for tail in _chain(state, (top, top + h, left, right), top, at, "", after):
                filled = iter(tail)
                out.append(tuple(next(filled) if v is None else v for v in band) + tuple(filled))
    for column, placed, saved in reversed(done):
        _take(state, column[:placed], saved)
    return out


def _strip_total_fits(state: _State, strip: tuple[int, int, int, int], at: int) -> bool:
    """Before the wide strip is read: when each of its cells is an open term of exactly one identity that lies
    within the page band (a row total whose total column is already placed), and all on one side, those identities
    together say what the strip's numbers must add up to, and its numbers are known. A composition whose strip
    cannot add up is dropped before its bands are tried."""
    if state.errors:
        return True  # a wrong cell may lie in the strip
    top, bottom, left, right = strip
    cols, spans = state.cols, state.spans
    owner: dict[int, int] = {}
    sides = set()
    for i in range(top, bottom):
        for j in range(left, right):
            inside = [
                (k, side)
                for k, side, _slot in state.touching[i * cols + j]
                if top <= spans[k][0] <= spans[k][1] < bottom
            ]
            if len(inside) != 1:
                return True
            owner[inside[0][0]] = inside[0][1]
            sides.add(inside[0][1])
    if len(sides) != 1:
        return True
    (side,) = sides
    needed = sum(-side * state.balance[k] for k in owner)
    return needed == sum(state.values[at : at + (bottom - top) * (right - left)])


def _chain(
    state: _State, strip: tuple[int, int, int, int], frontier: int, at: int, last: str, after: tuple[int, int, bool]
) -> list[tuple[int, ...]]:
    """The wide strip's rows ``frontier``… as bands, each read row by row or column by column, then the rows below
    the page band (``after``): its cells row by row, then the rows below. Two neighbouring bands read row by row
    are one band, and the strip read as one band column by column is its one-column strips: enumerated once."""
    top, bottom, left, right = strip
    if frontier == bottom:
        return _pages(state, *after)
    key = ("chain", strip, frontier, last, after, *_open_sums(state), *_error_key(state))
    if key in state.memo:
        return state.memo[key]
    w, cols = right - left, state.cols
    out: list[tuple[int, ...]] = []
    for k in range(1, bottom - frontier + 1):
        for how in ("rows", "cols"):
            if (how == "cols" and (k == 1 or (frontier == top and k == bottom - top))) or (how == last == "rows"):
                continue
            rows_ = range(frontier, frontier + k)
            if how == "rows":
                cells = [i * cols + j for i in rows_ for j in range(left, right)]
            else:
                cells = [i * cols + j for j in range(left, right) for i in rows_]
            placed, ok, saved = _put(state, cells, at)
            if ok:
                # every cell of the band was just placed (ok): no None in it (a cast, not a filter, in the hot loop)
                band = cast(
                    "tuple[int, ...]", tuple(state.grid[i * cols + j] for i in rows_ for j in range(left, right))
                )
                rest = _chain(state, strip, frontier + k, at + k * w, how, after)
                _add(out, [band + tail for tail in rest])
            _take(state, cells[:placed], saved)
            if len(out) > 1:
                state.memo[key] = out
                return out
    state.memo[key] = out
    return out


def _put(state: _State, cells: list[int], start: int) -> tuple[int, bool, tuple]:
    """Place ``values[start:]`` into the cells in order; how many were placed, whether every identity can still
    hold, and what to restore."""
    state.steps -= len(cells)
    if state.steps < 0:
        raise Overrun
    saved = state.suspects, state.broken
    for offset, cell in enumerate(cells):
        if not _place(state, cell, state.values[start + offset]):
            return offset + 1, False, saved
    return len(cells), True, saved


def _take(state: _State, cells: list[int], saved: tuple) -> None:
    for cell in reversed(cells):
        _unplace(state, cell)
    state.suspects, state.broken = saved


def _place(state: _State, cell: int, value: int) -> bool:
    """Put one value in its cell; False when an identity it touches can no longer hold.

    Every cell is a count ≥ 0: once one side of an identity has no open cell, the other side may not already exceed
    it. The hot loop of the search, so written out flat."""
    state.grid[cell] = value
    opens, balance = state.opens, state.balance
    ok = True
    for k, side, slot in state.touching[cell]:
        opens[slot] -= 1
        b = balance[k] = balance[k] + side * value
        if not ok:
            continue
        left_done, right_done = opens[2 * k] == 0, opens[2 * k + 1] == 0
        if state.errors:
            ok = _one_wrong(state, k, b, left_done, right_done)
        elif (left_done and b < 0) or (right_done and b > 0):
            ok = False
    return ok


def _unplace(state: _State, cell: int) -> None:
    value = state.grid[cell]
    assert value is not None
    for k, side, slot in state.touching[cell]:
        state.opens[slot] += 1
        state.balance[k] -= side * value
    state.grid[cell] = None


def _one_wrong(state: _State, k: int, balance: int, left_done: bool, right_done: bool) -> bool:
    """Allowing one wrong cell: a complete identity is judged; one that can no longer hold must contain it."""
    if left_done and right_done:
        return _judge(state, k, balance)
    if (left_done and balance < 0) or (right_done and balance > 0):
        state.suspects = {c: e for c, e in state.suspects.items() if c in state.member_sets[k]}
        return bool(state.suspects)
    return True


def _judge(state: _State, k: int, excess: int) -> bool:
    """One wrong cell allowed, identity ``k`` complete: if it holds, none of its cells is the wrong one; if it
    breaks, the wrong cell is one of its cells, with the excess that explains the break (the same everywhere)."""
    cells = state.member_sets[k]
    if excess == 0:
        state.suspects = {c: e for c, e in state.suspects.items() if c not in cells}
    else:
        implied = {c: excess * side for c, side in state.members[k]}
        state.suspects = {c: implied[c] for c, e in state.suspects.items() if c in cells and e in (None, implied[c])}
        state.broken += 1
    return bool(state.suspects)


# ---- a table of the format, read in blocks ---------------------------------------------------------------------------

#: Share of a table's row labels that must be found in its region: the numbers are then this table's, whatever order.
_LABELS_FOUND = 0.8
NOTE = (
    "表{section}的数字不是逐行排列的（pdftotext 默认模式等把表格按页面上的块输出），已按块的排列方式逐一尝试，"
    "只有一种排列满足本表全部勾稽关系，按此读取（标记为推断），请核对原文"
)
NOTE_DEFECT = (
    "表{section}的数字不是逐行排列的（pdftotext 默认模式等把表格按页面上的块输出），没有一种排列满足全部勾稽关系；"
    "只有一种排列除“{row}”行“{col}”一栏外全部成立，按此读取原文所印数字（标记为推断），"
    "该单元格所在行列的合计不符，请核对原文"
)

NOTE_BLANK = (
    "表{section}的数字不是逐行排列的（pdftotext 默认模式等把表格按页面上的块输出），且比单元格少整行：已逐一尝试哪几行"
    "留空（留空按 0 计入合计）和块的排列方式，只有{rows}留空的一种读法满足本表全部勾稽关系，按此读取（标记为推断），"
    "留空的行仍为空白，请核对原文"
)

NOTE_BESIDE = (
    "表{section}有 {n} 行的“{col}”一栏数字紧挨着本行标签印出（如“{words}”{value}），按原文读取；"
    "按块的排列与这些数字全部相同"
)


NOTE_HEADED = "表{section}有 {n} 个单元格的数字{how}，按原文读取；按块的排列与这些数字全部相同"


def sums_of(lay: Layout) -> tuple[list[tuple[str, str]], list[Sum]]:
    """The cells of a layout in row order, and its identities as balances of cells.

    Besides the spec's identities: where an identity subtracts the total of another (T-1 takes off （七）总计, which
    T-2 makes the sum of the results), the same identity with that total written out as its terms. That is the
    table's own note, 第一项加第二项之和等于第三项加第四项之和: implied by the two, it prunes early because the
    received and carried-in rows come first in print."""
    keys = [(r.key, c) for r in lay.rows for c in r.cols]
    index = {k: i for i, k in enumerate(keys)}
    idents = identities(lay)
    by_total = {d.total: d for d in idents if not d.minus}
    out = [Sum(tuple(index[k] for k in d.terms), tuple(index[k] for k in (d.total, *d.minus))) for d in idents]
    for d in idents:
        for x in d.minus:
            if x in by_total:
                rest = tuple(m for m in d.minus if m != x)
                right = (d.total, *rest, *by_total[x].terms)
                out.append(Sum(tuple(index[k] for k in d.terms), tuple(index[k] for k in right)))
    return keys, out


def read_in_blocks(ordinary: TableRead, text: str, steps: int = MAX_STEPS) -> TableRead | None:
    """The table of ``ordinary`` (the reading by labels, which left cells unread) read again from the numbers of its
    region taken as a concatenation of blocks; None when no single reading is proven (too few or too many numbers,
    anything but whole counts, a budget overrun, two grids) or when it differs from a cell the reading by labels
    read: two readings that disagree prove nothing, and the reading by labels is kept. Cells already read keep how
    they were read; those the print places (beside their labels, under their headers: ``column_heads``) are exact,
    and the grid must agree with them; the others are inferred."""
    lay = layout(spec.TABLES[ordinary.table])
    if ordinary.variant != "2021" or len(ordinary.labelled) < _LABELS_FOUND * len(lay.rows) or not identities(lay):
        return None
    tokens = tokenize(text)
    chunks = [c for g in tokens.groups for c in g.chunks]
    keys, sums = sums_of(lay)
    if len(chunks) > len(keys) or not all(c.isdigit() and (c == "0" or c[0] != "0") for c in chunks):
        return None
    cols = len(lay.rows[0].cols)
    if any(len(r.cols) != cols or any(kind != "count" for kind in r.kinds) for r in lay.rows):
        return None
    values = [int(c) for c in chunks]
    beside = beside_labels(lay, tokens)
    headed = under_headers(lay, tokens)
    found: tuple[int | None, ...] | None  # None in the rows printed blank
    if len(chunks) == len(keys):
        found, note = _one_grid(lay, keys, sums, values, steps)
    else:
        printed = (
            {k: ordinary.values[k] for k in keys if ordinary.provenance[k] != MISSING}
            | beside
            | headed.exact
            | headed.top
        )
        found, note = _one_grid_with_blank_rows(lay, sums, values, steps, printed, ordinary.labelled)
    if found is None:
        return None
    grid: dict[tuple[str, str], object] = dict(zip(keys, found, strict=True))
    read = [k for k in keys if ordinary.provenance[k] != MISSING]
    if any(ordinary.values[k] != grid[k] for k in read) or any(grid[k] != v for k, v in beside.items()):
        return None
    if not headed.agrees(grid):  # the print places these cells otherwise: the grid is not proven
        return None
    as_printed = beside | headed.exact | headed.top
    # rows found blank are inferred too: nothing was printed there, but which rows those are the identities decided
    provenance = {k: ordinary.provenance[k] if k in read else EXACT if k in as_printed else INFERRED for k in keys}
    notes = [note]
    section = spec.TABLES[lay.table].section
    if beside:
        (row, col), value = next(iter(beside.items()))
        words = row_words(lay, next(r for r in lay.rows if r.key == row))
        notes.append(NOTE_BESIDE.format(section=section, n=len(beside), col=col, words=words, value=value))
    if headed.exact or headed.top:
        how = headed.describe(with_top=True)
        notes.append(NOTE_HEADED.format(section=section, n=len(headed.exact | headed.top), how=how))
    kept = [n for n in ordinary.notes if "未读取" not in n]  # the cells those notes gave up on are read now
    return TableRead(
        lay.table,
        lay.variant,
        grid,
        provenance,
        [*kept, *notes],
        ordinary.labels_found,
        len(lay.labels),
        ordinary.labelled,
    )


#: Rows of one stretch that must be read beside their labels for any of them to be: a row alone may have its one
#: number from another column.
_BESIDE_RUN = 2


def beside_labels(lay: Layout, tokens: Tokens) -> dict[tuple[str, str], int]:
    """The cells printed beside their own row label: the first column's numbers, as pdftotext's default mode prints
    a page whose label column and first column make one block ("1.属于国家秘密" "2" "2.其他法律…" "30").

    Read as printed, without the search. A *stretch* is a run of consecutive rows whose labels are found in the
    table's order, where between two labels lies at most one number (a wrapped label may hold one inside its text).
    Each row takes at most one number: one inside its label, or one between its label and a neighbour's; every
    number of the stretch is taken, and so is a number directly before its first label or directly after its last
    (other text between, and it is not the stretch's). A row whose pairing is the same in every way to pair them
    is read, when at least ``_BESIDE_RUN`` rows of the stretch are: labels that touch leave a number between them to
    either side, and the ends of the stretch or a number inside a label decide which (a table printed numbers-first
    reads the other way round; an undecided stretch is not read). The block reading takes these cells only where
    every cell of the grid is printed (the numbers fill the cells, or whole rows are blank), so the number beside a
    label is the cell beside it, the first column's; and only when its one grid agrees with them."""
    located = locate_labels(lay, tokens.chars)
    spans = [located[r.label] if r.label is not None else None for r in lay.rows]
    col = lay.rows[0].cols[0]
    out: dict[tuple[str, str], int] = {}
    for stretch in _stretches(spans, tokens):
        read = _paired(stretch, spans, tokens)
        if len(read) >= _BESIDE_RUN:
            out.update({(lay.rows[i].key, col): v for i, v in read.items()})
    return out


def _stretches(spans: list, tokens: Tokens) -> list[list[int]]:
    """Runs of consecutive rows with labels found in order, at most one number inside a label and at most one
    number (one group of one) between two labels."""
    out: list[list[int]] = []
    run: list[int] = []
    for i, here in enumerate(spans):
        inside = _chunks(tokens, here.start + 1, here.end - 1) if here else None
        if here is None or inside is None or len(inside) > 1:
            run = _flush(out, run)
            continue
        if run:
            before = spans[run[-1]]
            gap = _chunks(tokens, before.end, here.start) if before.end <= here.start else None
            if gap is None or len(gap) > 1:
                run = _flush(out, run)
        run.append(i)
    _flush(out, run)
    return out


def _flush(out: list[list[int]], run: list[int]) -> list[int]:
    if run:
        out.append(run)
    return []


def _chunks(tokens: Tokens, start: int, end: int) -> list[str] | None:
    """The numbers of the groups that lie from text position ``start`` to ``end`` (both included); None when one of
    them is not a plain count."""
    chunks = [c for g in tokens.groups if start <= g.pos <= end for c in g.chunks]
    return chunks if all(c.isdigit() for c in chunks) else None


def _paired(stretch: list[int], spans: list, tokens: Tokens) -> dict[int, int]:
    """The rows of a stretch whose number is the same on each side the numbers can lie on (see ``beside_labels``).

    A number inside a label is its row's. A number between two labels is the upper row's when the numbers lie after
    their labels, the lower row's when before. Numbers directly before the first label rule out "after" (they may
    be the first row's, or the head of a number wrapped in its cell whose tail lies after the label: "5956" "（七）
    总计" "7"), and directly after the last rule out "before"; on its own side, one number at the end is the end
    row's and several leave it undecided. A side is possible when it places every number and no row takes two."""
    first, last = spans[stretch[0]], spans[stretch[-1]]
    taken_inside = {k: _chunks(tokens, spans[i].start + 1, spans[i].end - 1) or [] for k, i in enumerate(stretch)}
    between = {k: _chunks(tokens, spans[i].end, spans[stretch[k + 1]].start) or [] for k, i in enumerate(stretch[:-1])}
    ends = {
        "before": [g.chunks for g in tokens.groups if g.pos == first.start],
        "after": [g.chunks for g in tokens.groups if g.pos == last.end and g.pos < len(tokens.chars)],
    }
    readings: list[dict[int, int]] = []
    for side, other in (("after", "before"), ("before", "after")):
        if ends[other] or any(len(chunks) > 1 for chunks in ends[side]):
            continue  # a number at the other end would lie on the other side; several at this end, undecided
        taken = {k: list(chunks) for k, chunks in taken_inside.items()}
        for k, chunks in between.items():
            taken[k if side == "after" else k + 1] += chunks
        for chunks in ends[side]:
            taken[len(stretch) - 1 if side == "after" else 0] += chunks
        if all(len(chunks) <= 1 for chunks in taken.values()):
            readings.append({stretch[k]: int(c[0]) for k, c in taken.items() if c})
    if not readings:
        return {}
    return {i: v for i, v in readings[0].items() if all(r.get(i) == v for r in readings)}


def _one_grid(
    lay: Layout, keys: list[tuple[str, str]], sums: list[Sum], values: list[int], steps: int
) -> tuple[tuple[int, ...] | None, str]:
    """The one grid the numbers can be, with the note that says how it was found: every identity holds, or (no grid
    does) all but those through one wrong cell. None when there is no such single grid or the budget ran out."""
    section = spec.TABLES[lay.table].section
    rows, cols = len(lay.rows), len(lay.rows[0].cols)
    try:
        found, used = search(values, rows, cols, sums, 0, steps)
        if found:
            return (found[0] if len(found) == 1 else None), NOTE.format(section=section)
        found, _used = search(values, rows, cols, sums, 1, steps - used)
    except Overrun:
        return None, ""
    if len(found) != 1:
        return None, ""
    row, col = keys[_wrong_cell(found[0], sums)]
    words = row_words(lay, next(r for r in lay.rows if r.key == row))
    return found[0], NOTE_DEFECT.format(section=section, row=words, col=col)


def _one_grid_with_blank_rows(
    lay: Layout,
    sums: list[Sum],
    values: list[int],
    steps: int,
    printed: Mapping[tuple[str, str], object],
    labelled: frozenset[str],
) -> tuple[tuple[int | None, ...] | None, str]:
    """The one grid with whole rows printed blank that the numbers can be (``search_blank``), and its note. A row may
    be blank only when its label was found and no number of it is read as printed (``printed``: the cells the
    reading by labels read and those of ``beside_labels``), and the grid must agree with those. None when no single
    (rows, grid) is proven; a table with blank rows that also breaks an identity is not searched for its wrong cell."""
    candidates = [
        i for i, r in enumerate(lay.rows) if r.key in labelled and all(printed.get((r.key, c)) is None for c in r.cols)
    ]
    index = {(r.key, c): i * len(r.cols) + j for i, r in enumerate(lay.rows) for j, c in enumerate(r.cols)}
    fixed = {index[k]: v for k, v in printed.items() if isinstance(v, int)}
    try:
        found, _used = search_blank(values, len(lay.rows), len(lay.rows[0].cols), sums, candidates, steps, fixed)
    except Overrun:
        return None, ""
    if len(found) != 1:
        return None, ""
    blank, grid = found[0]
    names = "、".join(f"“{row_words(lay, lay.rows[i])}”" for i in blank)
    return grid, NOTE_BLANK.format(section=spec.TABLES[lay.table].section, rows=names)


def _wrong_cell(grid: tuple[int, ...], sums: list[Sum]) -> int:
    """The one cell that every broken identity shares (the search made sure there is exactly such a cell)."""
    broken = [set(s.left) | set(s.right) for s in sums if sum(grid[c] for c in s.left) != sum(grid[c] for c in s.right)]
    shared = set.intersection(*broken)
    return min(shared)
