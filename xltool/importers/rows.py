"""Row-by-row reading of a table printed one row per line, for layouts the label alignment cannot follow.

The alignment of ``tables`` matches all labels in the official order across the whole table. Converters and crawlers
keep each row on its line but move things around: rows out of the official order, a fragment of a group label as an
extra first cell, a wrapped label on a loose line before or after a bare line of numbers (differently from row to
row in the text layer of a PDF). Here every line is matched on its own:

1. a line's label is the row label it contains best (in order, most of its characters), whatever the line's place;
2. a line of bare numbers is paired with the label line next to it that has no numbers; where a chain of such
   lines could pair either way (label, numbers, label, numbers, label), the pairing is left open and the rows are
   not read;
3. rows whose label was found nowhere get the left-over number lines by elimination, in the official order, only
   where exactly one line lies between the neighbouring rows that were found; they are marked as read by position.

Pure data in and out (line texts and number chunks), so that it carries no reading rules of its own: the cells are
then read, split and checked against the identities by ``tables`` exactly as for the aligned reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

#: Share of a row label's characters that a line must contain, in order, to be that row.
_COVERAGE = 0.8


@dataclass(frozen=True)
class Line:
    index: int  # line number in the region
    text: str  # folded text characters of the line (no numbers)
    chunks: tuple[str, ...]  # its numbers


@dataclass(frozen=True)
class Placed:
    """The lines that hold one row's numbers, and whether the row was placed by elimination."""

    lines: tuple[int, ...]
    by_position: bool = False


def coverage(label: str, text: str) -> float:
    """Share of the label's characters found in the text in order (greedy subsequence, linear time)."""
    if not label:
        return 0.0
    pos = found = 0
    for ch in label:
        k = text.find(ch, pos)
        if k >= 0:
            found += 1
            pos = k + 1
    return found / len(label)


@cache
def _distinct(label: str) -> frozenset[str]:
    return frozenset(label)


def best_row(labels: list[str | None], text: str) -> int | None:
    """The row whose label the text contains best; ties go to the longer label ("（七）总计" over "总计")."""
    chars = set(text)
    scored = []
    for i, label in enumerate(labels):
        if not label or len(_distinct(label) & chars) < _COVERAGE * len(_distinct(label)):
            continue  # cheap test first: most of the label's characters are not even there
        c = coverage(label, text)
        if c >= _COVERAGE:
            scored.append((c, len(label), i))
    return max(scored)[2] if scored else None


def place_rows(labels: list[str | None], lines: list[Line], widths: list[int]) -> dict[int, Placed]:
    """Row index → the lines with its numbers. ``labels`` are the rows' folded labels (None for a row without
    one), ``widths`` their number of cells."""
    items = [(line, best_row(labels, line.text) if line.text else None) for line in lines]
    placed: dict[int, Placed] = {}
    claimed: dict[int, float] = {}
    loose: list[tuple[int, int]] = []  # (position in items, row) of label lines without numbers
    for k, (line, row) in enumerate(items):
        if row is None:
            continue
        if line.chunks:
            score = coverage(labels[row] or "", line.text)
            if row not in placed or score > claimed[row]:
                placed[row], claimed[row] = Placed((line.index,)), score
        else:
            loose.append((k, row))
    _pair_loose(items, loose, placed, widths)
    _eliminate(items, placed, len(labels), widths)
    return placed


def _pair_loose(
    items: list[tuple[Line, int | None]], loose: list[tuple[int, int]], placed: dict[int, Placed], widths: list[int]
) -> None:
    """Label lines without numbers take the bare number lines beside them, piece by piece.

    A run of such label lines (L) and bare lines of numbers (N) is cut where two of a kind meet (one row's numbers
    then the next row's, or one row's label then the next row's). A piece that alternates with as many L as N
    pairs each label with the line after it when it starts with L, with the line before when it starts with N,
    so the orientation may change from row to row. A piece that does not, or whose neighbour does not (labels or
    numbers printed in blocks, L L N N), could pair more than one way: its rows are left unread, not guessed."""

    def bare(k: int) -> bool:
        return items[k][1] is None and bool(items[k][0].chunks) and not items[k][0].text

    label_at = {k: row for k, row in loose if row not in placed}
    run: list[tuple[str, int]] = []
    for k in range(len(items) + 1):
        if k < len(items) and k in label_at:
            if not (run and run[-1][0] == "L" and label_at.get(k - 1) == label_at[k] and run[-1][1] == k - 1):
                run.append(("L", k))
            else:
                run[-1] = ("L", k)  # a label wrapped over consecutive lines: the piece continues from its last line
            continue
        if k < len(items) and bare(k):
            run.append(("N", k))
            continue
        _pair_run(run, items, label_at, placed, widths)
        run = []


def _pair_run(
    run: list[tuple[str, int]],
    items: list[tuple[Line, int | None]],
    label_at: dict[int, int],
    placed: dict[int, Placed],
    widths: list[int],
) -> None:
    pieces: list[list[tuple[str, int]]] = []
    for item in run:
        if pieces and pieces[-1][-1][0] != item[0]:
            pieces[-1].append(item)
        else:
            pieces.append([item])

    def balanced(piece: list[tuple[str, int]]) -> bool:
        return len(piece) % 2 == 0

    for n, piece in enumerate(pieces):
        neighbours = pieces[max(n - 1, 0) : n + 2]
        if not all(balanced(p) for p in neighbours):
            continue
        for j in range(0, len(piece), 2):
            (kind, first), (_kind, second) = piece[j], piece[j + 1]
            label_k, numbers_k = (first, second) if kind == "L" else (second, first)
            row, line = label_at[label_k], items[numbers_k][0]
            if row not in placed and len(line.chunks) == widths[row]:
                placed[row] = Placed((line.index,))


def _eliminate(items: list[tuple[Line, int | None]], placed: dict[int, Placed], rows: int, widths: list[int]) -> None:
    """Rows found nowhere take the one unmatched full line between their found neighbours, in official order."""
    used = {i for p in placed.values() for i in p.lines}
    free = [(k, line) for k, (line, row) in enumerate(items) if row is None and line.chunks and line.index not in used]
    where = {items_index: line.index for items_index, (line, _r) in enumerate(items)}
    position = {line: k for k, line in where.items()}
    for row in range(rows):
        if row in placed:
            continue
        prev = max((r for r in placed if r < row), default=None)
        nxt = min((r for r in placed if r > row), default=None)
        lo = position[placed[prev].lines[-1]] if prev is not None else -1
        hi = position[placed[nxt].lines[0]] if nxt is not None else len(items)
        gap_rows = [
            r for r in range(rows) if r not in placed and (prev is None or r > prev) and (nxt is None or r < nxt)
        ]
        between = [(k, line) for k, line in free if lo < k < hi and len(line.chunks) == widths[row]]
        if len(gap_rows) == 1 and len(between) == 1:
            placed[row] = Placed((between[0][1].index,), by_position=True)
