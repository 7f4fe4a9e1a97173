"""Row-by-row reading of a table printed one row per line, for layouts the label alignment cannot follow.

The alignment of ``tables`` matches all labels in the official order across the whole table. Converters and crawlers
keep each row on its line but move things around: rows out of the official order, a fragment of a group label as an
extra first cell, a wrapped label on a loose line before or after a bare line of numbers (differently from row to
row in the text layer of a PDF). Here every line is matched on its own:

1. a line's label is the row label it contains best (in order, most of its characters), whatever the line's place;
2. a line of bare numbers is paired with the label line next to it that has no numbers; where a chain of such
   lines could pair either way (label, numbers, label, numbers, label), the pairing is left open and the rows are
   not read;
3. a line of numbers printed among the fragments of a wrapped label (the row's label cell is taller than its
   number cells, so the numbers sit on its middle line: "1.本机关不掌握相关" / numbers / "政府信息") belongs to the
   row whose whole label those fragments spell, in order, with nothing else between them but fragments of the group
   label beside it ("无法提", "其他处"); where the fragments spell no label, or more than one, nothing is paired;
4. rows whose label was found nowhere get the left-over number lines by elimination, in the official order, only
   where exactly one line lies between the neighbouring rows that were found; they are marked as read by position.

Pure data in and out (line texts and number chunks), so that it carries no reading rules of its own: the cells are
then read, split and checked against the identities by ``tables`` exactly as for the aligned reading.
"""

from __future__ import annotations

from collections.abc import Sequence
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
class Placement:
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


def place_rows(
    labels: list[str | None],
    lines: list[Line],
    widths: list[int],
    printed: Sequence[Sequence[str]] = (),
) -> dict[int, Placement]:
    """Row index → the lines with its numbers. ``labels`` are the rows' folded labels (None for a row without
    one), ``widths`` their number of cells; ``printed``: for each row, every form its whole label may be printed in
    (with and without its note in brackets), for labels wrapped around their numbers (the row's label when none)."""
    items = [(line, best_row(labels, line.text) if line.text else None) for line in lines]
    placed: dict[int, Placement] = {}
    claimed: dict[int, float] = {}
    loose: list[tuple[int, int]] = []  # (position in items, row) of label lines without numbers
    for k, (line, row) in enumerate(items):
        if row is None:
            continue
        if line.chunks:
            score = coverage(labels[row] or "", line.text)
            if row not in placed or score > claimed[row]:
                placed[row], claimed[row] = Placement((line.index,)), score
        else:
            loose.append((k, row))
    forms = [tuple(f) for f in printed] or [(label,) if label else () for label in labels]
    _pair_wrapped(items, forms, placed, widths)
    _pair_loose(items, loose, placed, widths, forms)
    _eliminate(items, placed, len(labels), widths)
    return placed


#: Text lines on either side of a number line that may hold fragments of its row's wrapped label (the longest label
#: of table 三 wraps over seven lines of a 12 pt print, group label fragments among them).
_WRAP_LINES = 8


def _pair_wrapped(
    items: list[tuple[Line, int | None]], forms: list[tuple[str, ...]], placed: dict[int, Placement], widths: list[int]
) -> None:
    """Number lines printed among the fragments of their own row's label, paired with that row (as printed).

    Proof, not likeness: the text lines around the number line, and its own text, end with consecutive pieces of one
    whole label, which they spell exactly (``_spelled``), the first and the last of those lines each holding a piece;
    the label starts before the numbers or on their line and ends after them or on it. A row proven for two number
    lines, or a number line for two rows, is not paired here (the other steps or nobody read it)."""
    used = {k for p in placed.values() for k in p.lines}
    proofs: dict[int, set[int]] = {}  # position of a number line in items → rows it is wrapped around
    for k, (line, row) in enumerate(items):
        if row is not None or not line.chunks or line.index in used:
            continue
        for r, label_forms in enumerate(forms):
            if r not in placed and widths[r] == len(line.chunks) and _around(items, k, r, label_forms):
                proofs.setdefault(k, set()).add(r)
    rows_of: dict[int, list[int]] = {}
    for k, rows in proofs.items():
        for r in rows:
            rows_of.setdefault(r, []).append(k)
    for k, rows in proofs.items():
        if len(rows) == 1 and len(rows_of[r := next(iter(rows))]) == 1:
            placed[r] = Placement((items[k][0].index,))


def _around(items: list[tuple[Line, int | None]], k: int, row: int, label_forms: tuple[str, ...]) -> bool:
    """Whether the number line at ``k`` lies within a block of lines that spells one of the row's label forms: the
    block's other lines hold text only and no other row's label, and it reaches past line ``k`` on at least one
    side (a label printed whole above or below its numbers is ``_pair_loose``'s)."""

    def text_only(j: int) -> bool:
        line, r = items[j]
        return bool(line.text) and not line.chunks and r in (None, row)

    first = k
    while first > 0 and k - first < _WRAP_LINES and text_only(first - 1):
        first -= 1
    last = k
    while last < len(items) - 1 and last - k < _WRAP_LINES and text_only(last + 1):
        last += 1
    texts = [items[j][0].text for j in range(first, last + 1)]
    middle = k - first
    for label in label_forms:
        for s in range(middle + 1):
            for e in range(middle, len(texts)):
                if s < e and _spelled(label, texts[s : e + 1]):
                    return True
    return False


def _spelled(label: str, texts: list[str]) -> bool:
    """Whether the label is the concatenation of a suffix of each text in order (a label fragment ends each line,
    as the row label is the right-most text column; a group label's fragment may stand before it, or alone), the
    first and the last text each giving a non-empty piece."""

    @cache
    def rest(i: int, p: int) -> bool:  # the label from p on is spelled by texts[i:]
        if i == len(texts):
            return p == len(label)
        text, last = texts[i], i == len(texts) - 1
        for size in range(min(len(text), len(label) - p), -1, -1):
            if (size or (i > 0 and not last)) and text.endswith(label[p : p + size]) and rest(i + 1, p + size):
                return True
        return False

    return bool(texts) and rest(0, 0)


def _pair_loose(
    items: list[tuple[Line, int | None]],
    loose: list[tuple[int, int]],
    placed: dict[int, Placement],
    widths: list[int],
    forms: list[tuple[str, ...]],
) -> None:
    """Label lines without numbers take the bare number lines beside them, piece by piece.

    A run of such label lines (L) and bare lines of numbers (N) is cut where two of a kind meet (one row's numbers
    then the next row's, or one row's label then the next row's). A piece that alternates with as many L as N
    pairs each label with the line after it when it starts with L, with the line before when it starts with N,
    so the orientation may change from row to row. A piece that does not, or whose neighbour does not (labels or
    numbers printed in blocks, L L N N), could pair more than one way: its rows are left unread, not guessed. A
    text line that completes the label of the label line just before it ("1.本机关不掌握相关政府" / "信息") is part of
    that L, not a break: otherwise the numbers after it would seem to start a piece and pair with the next label."""

    used = {i for p in placed.values() for i in p.lines}

    def bare(k: int) -> bool:
        line = items[k][0]
        return items[k][1] is None and bool(line.chunks) and not line.text and line.index not in used

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
        if k < len(items) and run and run[-1] == ("L", k - 1) and _completes(items, k, forms[label_at[k - 1]]):
            run[-1] = ("L", k)
            label_at[k] = label_at[k - 1]
            continue
        _pair_run(run, items, label_at, placed, widths)
        run = []


def _completes(items: list[tuple[Line, int | None]], k: int, label_forms: tuple[str, ...]) -> bool:
    """Whether the text line at ``k`` (no number, no label of its own) ends the label begun on the line before it: the
    two spell one of the row's label forms (``_spelled``)."""
    line, row = items[k]
    if row is not None or line.chunks or not line.text:
        return False
    return any(_spelled(label, [items[k - 1][0].text, line.text]) for label in label_forms)


def _pair_run(
    run: list[tuple[str, int]],
    items: list[tuple[Line, int | None]],
    label_at: dict[int, int],
    placed: dict[int, Placement],
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
                placed[row] = Placement((line.index,))


def _eliminate(
    items: list[tuple[Line, int | None]], placed: dict[int, Placement], rows: int, widths: list[int]
) -> None:
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
            placed[row] = Placement((between[0][1].index,), by_position=True)
