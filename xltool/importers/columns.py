"""Read a table's rows by the columns that the text keeps (pdftotext ``-layout``).

pdftotext's layout mode prints every word at (about) the column of the page where it stands, a character per column
(a Chinese character takes one column, as a digit does). A table's numbers therefore stand in columns, and the text
itself says which cell each number is in: a row printed with a cell left blank ("0    _    0    9") shows the gap,
and the halves of a long number wrapped in its narrow cell ("4427" on the line above the label, "2" below) stand in
the same column. Read as a list of numbers, the same rows are ambiguous (a blank cell or digits run together; which
half goes with which), and are left unread or only inferred.

The columns are found on the lines that hold a whole row (as many numbers as the table has columns, with runs of two
or more spaces between them: pdfplumber's text and ``-raw`` have single spaces and no positions, and never take this
path). A number stands in a column when it is clearly nearest to that column on each of the nearest such lines of
its page (the columns move from page to page, and pdftotext sets a line askew now and then: the lines must agree),
one number to a column, in order. A row is read by columns only when its
lines (its label's lines, and a line of halves just above or below them that carries no other row's label) give
every column exactly one number, or the head and the tail of one wrapped number, or, on a row printed on one line
only, nothing (a blank cell); and when every way to share the lines of halves between neighbouring rows that leaves
every row well formed gives this row the same reading. Anything less is left to the reader by labels as before.

A page whose rows all wrap (five- and six-digit counts) may hold no whole row, or one, or some that disagree. A row
there may still be read by the order of its own numbers across the page (``_ordered_reading``): its lines' numbers
fall into exactly as many columns as it has cells, clearly apart, each one number or a head over its tail. pdftotext
sets the lines of a page at slightly different scales now and then, so such a row must stand in the columns of other
evidence on its page too (``_confirmed``), and its sums must hold (checked by the caller).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: A number stands in a column when it is nearer to it by this many characters than to any other column.
_MARGIN = 1.0
#: How many reference lines above and below a line are used.
_REFS = 2
_COUNT_HEAD = "123456789"  # the head of a wrapped count never starts with 0; a tail may ("1293" / "04")


@dataclass(frozen=True)
class Placed:
    """One number of a line as printed: its text (thousands separators removed), its first and one-past-last
    character column, and the group of numbers it belongs to (numbers with no text between them share one)."""

    chunk: str
    start: int
    end: int
    group: int
    comma: bool = False  # a thousands separator follows at once ("12," of "12,70")
    cut: bool = False  # the head of a number with thousands separators wrapped in its cell ("12,70" of "12,703")

    @property
    def centre(self) -> float:
        return (self.start + self.end) / 2


#: A row's reading: each cell's text ("" for a blank cell), and the lines its numbers came from.
Reading = tuple[tuple[str, ...], tuple[int, ...]]
#: The reading of a row that the columns cannot read: any sharing of the lines beside it is possible.
_ANY: Reading = ((), ())


def _thousands(numbers: dict[int, list[Placed]]) -> dict[int, list[Placed]]:
    """The numbers of each line with the heads cut at a thousands separator joined back (``cut_heads``)."""
    return {line: cut_heads(placed) for line, placed in numbers.items()}


def cut_heads(placed: list[Placed]) -> list[Placed]:
    """A line's numbers with the head of a number with thousands separators wrapped in its cell joined back
    ("12,70", read as 12, a separator and 70: one head, "1270", whose tail "3" is on a line below)."""
    joined: list[Placed] = []
    for p in placed:
        if joined and joined[-1].comma and p.start == joined[-1].end + 1 and not p.cut:
            a = joined.pop()
            p = Placed(a.chunk + p.chunk, a.start, p.end, a.group, p.comma, cut=True)
        joined.append(p)
    return joined


def references(numbers: dict[int, list[Placed]], width: int) -> dict[int, list[float]]:
    """Line → the centres of its numbers, for the lines that hold a whole row laid out in columns: ``width``
    numbers with no text between them and two or more spaces between each two."""
    out: dict[int, list[float]] = {}
    for line, placed in numbers.items():
        if len(placed) != width or width < 2 or any(not p.chunk for p in placed):
            continue
        if all(b.group == a.group and b.start - a.end >= 2 for a, b in zip(placed, placed[1:], strict=False)):
            out[line] = [p.centre for p in placed]
    return out


def _fits(centres: Sequence[float], ref: Sequence[float]) -> tuple[int, ...] | None:
    """The reference's column of each number (their centres, in order), when each is clearly nearest to one column
    (nearer by _MARGIN than to any other, and within half the distance to the next column beyond it), one number to
    a column, in order; None when some number is not. A line holding a whole row takes the columns in order."""
    if len(centres) == len(ref):
        return tuple(range(len(ref)))
    cols: list[int] = []
    for x in centres:
        dist = sorted((abs(x - r), c) for c, r in enumerate(ref))
        (d, c), (d2, _c2) = dist[0], dist[1]
        gaps = [abs(ref[c] - ref[e]) for e in (c - 1, c + 1) if 0 <= e < len(ref)]
        if d + _MARGIN > d2 or d > max(gaps) / 2:
            return None
        cols.append(c)
    if any(b <= a for a, b in zip(cols, cols[1:], strict=False)):
        return None
    return tuple(cols)


def place_line(
    line: int, placed: list[Placed], refs: dict[int, list[float]], empty: frozenset[int] = frozenset()
) -> tuple[int, ...] | None:
    """The column of each number of a line, as the reference lines nearest to it place them, all alike (a reference
    line that pdftotext laid out askew makes the line unplaced, never misplaced): of the nearest (up to _REFS above
    and below), those on its page (no empty line between: a page break leaves one, and the columns of another page
    stand elsewhere) when there are two or more; else all of them, when there are some on both sides. On its page,
    reference lines that cannot place the line are set aside when they are askew of two or more that place it alike
    (``_askew_apart``); a reference line that places it otherwise still leaves it unplaced."""
    if not placed or any(not p.chunk for p in placed):
        return None
    if len(placed) == len(next(iter(refs.values()), ())):
        return tuple(range(len(placed)))
    above = sorted((k for k in refs if k <= line), reverse=True)[:_REFS]
    below = sorted(k for k in refs if k > line)[:_REFS]
    same = [k for k in above + below if not any(min(k, line) < e < max(k, line) for e in empty)]
    chosen = same if len(same) >= 2 else above + below if above and below else []
    fits = {k: _fits([p.centre for p in placed], refs[k]) for k in chosen}
    ways = set(fits.values())
    if chosen == same and _askew_apart(fits, refs):
        ways.discard(None)  # the lines that cannot place it are askew: no evidence against those that do
    if len(chosen) < 2 or len(ways) != 1 or None in ways:
        return None
    return ways.pop()


#: A reference line is askew when one of its columns stands this far off the same column of another.
_ASKEW = 2.0


def _askew_apart(fits: dict[int, tuple[int, ...] | None], refs: dict[int, list[float]]) -> bool:
    """Whether the reference lines of a page that cannot place a line are all askew (some column more than _ASKEW
    off the same column of each reference line that places it), while two or more place it alike: pdftotext set
    those lines at another scale, and they are no evidence against the others."""
    placing = [k for k, way in fits.items() if way is not None]
    if len(placing) < 2 or len({fits[k] for k in placing}) != 1:
        return False
    return all(
        any(abs(x - y) > _ASKEW for x, y in zip(refs[k], refs[j], strict=True))
        for k, way in fits.items()
        if way is None
        for j in placing
    )


def _row_reading(
    lines: list[int],
    columns: dict[int, tuple[int, ...]],
    numbers: dict[int, list[Placed]],
    width: int,
    edges: int,
    blanks: bool,
) -> Reading | None:
    """A row's cells from its lines (in page order), when they are laid out as a row is: every column holds one
    number, or two on different lines (the head and tail of a wrapped number), or, when ``blanks`` (no line of
    numbers lies just above or below the row's label) and the row is printed on one line, none (a blank cell).
    Lines of halves (the first/last of ``lines`` when ``edges`` says so: 1 above, 2 below) must hold nothing but
    heads/tails. None when the lines are not laid out so."""
    used = [k for k in lines if numbers.get(k)]
    if not used or any(k not in columns for k in used):
        return None
    cells: list[list[tuple[int, str]]] = [[] for _ in range(width)]
    cut: dict[tuple[int, str], bool] = {}
    for k in used:
        if any(p.comma for p in numbers[k]):
            return None  # a separator left over ("12,"): the line is not laid out as numbers
        for c, p in zip(columns[k], numbers[k], strict=True):
            cells[c].append((k, p.chunk))
            cut[(k, p.chunk)] = cut.get((k, p.chunk), False) or p.cut
    parts: list[str] = []
    for found in cells:
        if len(found) > 2:
            return None
        if not found:
            if not blanks or len(used) > 1:
                return None
            parts.append("")
        elif len(found) == 1:
            if cut.get(found[0]):
                return None  # the head of a wrapped number without its tail
            parts.append(found[0][1])
        else:
            if cut.get(found[1]):
                return None
            (k1, head), (k2, tail) = found
            if k1 == k2 or not head.isdigit() or not tail.isdigit() or head[0] not in _COUNT_HEAD:
                return None
            parts.append(head + tail)
    head_line = lines[0] if edges & 1 else None
    tail_line = lines[-1] if edges & 2 else None
    for line in (head_line, tail_line):
        if line is not None and any(len(cells[c]) != 2 for c in columns[line]):
            return None  # a line of halves holds only halves
    if all(not p for p in parts):
        return None
    return tuple(parts), tuple(used)


#: Within one row, the pieces of one cell (a number, or the head and tail of a wrapped one) stand this near each
#: other, and the cells of neighbouring columns at least _CLEAR apart: nothing in between is read by order.
_CLEAR = 3.0
#: A row read by order stands in the columns of other evidence on its page when each of its columns is this near.
_AGREE = 2.0


@dataclass(frozen=True)
class Ordered:
    """A row read by the order of its numbers: the reading, the centre of each of its columns, the columns whose
    number is wrapped, and the lines it spans (first, last)."""

    reading: Reading
    centres: tuple[float, ...]
    wrapped: frozenset[int]
    span: tuple[int, int]
    pieces: frozenset[tuple[int, int, int]] = frozenset()  # each number's first and one-past-last column, and cell


def _ordered_reading(lines: list[int], numbers: dict[int, list[Placed]], width: int, edges: int) -> Ordered | None:
    """A row's cells from the order of its numbers across the page, when no reference line places them (a page whose
    rows all wrap holds no whole row): the numbers of its lines stand in exactly ``width`` columns, each one number
    or a head over its tail (centres within _SAME), neighbouring columns at least _CLEAR apart, so the k-th column
    from the left is the row's k-th cell (as ``read_lone_row`` reads table 四). Every cell must be printed: a blank
    cell cannot be told by order. Lines of halves (``edges`` as for ``_row_reading``) hold nothing but halves.
    None when the lines are not laid out so."""
    used = [k for k in lines if numbers.get(k)]
    pieces = sorted((p.centre, k, p) for k in used for p in numbers[k])
    if not pieces or any(not p.chunk or p.comma for _x, _k, p in pieces):
        return None
    clusters: list[list[tuple[float, int, Placed]]] = [[pieces[0]]]
    for piece, before in zip(pieces[1:], pieces, strict=False):
        gap = piece[0] - before[0]
        if _SAME < gap < _CLEAR:
            return None  # neither clearly the same column nor clearly the next
        if gap <= _SAME:
            clusters[-1].append(piece)
        else:
            clusters.append([piece])
    if len(clusters) != width:
        return None
    parts: list[str] = []
    halves: set[int] = set()
    for cluster in clusters:
        if len(cluster) == 1:
            if cluster[0][2].cut:
                return None  # the head of a wrapped number without its tail
            parts.append(cluster[0][2].chunk)
            continue
        if len(cluster) > 2 or cluster[0][1] == cluster[1][1] or cluster[1][0] - cluster[0][0] > _SAME:
            return None
        (_x1, _k1, head), (_x2, _k2, tail) = sorted(cluster, key=lambda c: c[1])
        if not head.chunk.isdigit() or not tail.chunk.isdigit() or head.chunk[0] not in _COUNT_HEAD or tail.cut:
            return None
        parts.append(head.chunk + tail.chunk)
        halves.update((id(head), id(tail)))
    edge_lines = ([lines[0]] if edges & 1 else []) + ([lines[-1]] if edges & 2 else [])
    if any(id(p) not in halves for k in edge_lines for p in numbers.get(k, ())):
        return None  # a line of halves holds only halves
    centres = tuple(sum(x for x, _k, _p in c) / len(c) for c in clusters)
    wrapped = frozenset(i for i, c in enumerate(clusters) if len(c) == 2)
    where = frozenset((p.start, p.end, i) for i, c in enumerate(clusters) for _x, _k, p in c)
    return Ordered((tuple(parts), tuple(used)), centres, wrapped, (used[0], used[-1]), where)


def _swappable(wrapped: frozenset[int], width: int, total: int | None) -> bool:
    """Whether a line of a row set at another scale than the row's lines of halves could swap two of its cells
    unseen: a cell printed whole beside a wrapped one, neither of them the ``total`` column (a swap with the total
    breaks the row's sums, which the caller checks). Cells on one line keep their order whatever its scale."""
    return any((k in wrapped) != (k + 1 in wrapped) and total not in (k, k + 1) for k in range(width - 1))


def _confirmed(
    found: Ordered,
    row: int,
    others: list[tuple[int, Ordered]],
    refs: dict[int, list[float]],
    empty: frozenset[int],
    total: int | None,
) -> bool:
    """A row read by order is taken only when other evidence on its page stands in the same columns: a reference
    line, or another row read by order from other lines, whose wrapped cells are in other columns (each column within
    _AGREE). pdftotext
    sets the lines of one page at slightly different scales now and then (a line stretched by the label beside it);
    a line so stretched could put a number past its neighbour's column and swap two cells, which the row's sums
    would not show. Two independent lines agreeing on every column rule that out; so does a row whose only cells
    that could swap so involve its ``total`` column (``_swappable``)."""

    def same_page(a: tuple[int, int], b: tuple[int, int]) -> bool:
        lo, hi = min(a[0], b[0]), max(a[1], b[1])
        return not any(lo < e < hi for e in empty)

    def agree(centres: Sequence[float]) -> bool:
        return all(abs(x - y) <= _AGREE for x, y in zip(found.centres, centres, strict=True))

    parts = found.reading[0]
    if not _swappable(found.wrapped, len(parts), total) and total is not None and parts.count(parts[total]) == 1:
        return True  # (a cell equal to the total could stand in for it with the sums still holding)
    if any(same_page(found.span, (k, k)) and agree(c) for k, c in refs.items()):
        return True
    lines = set(found.reading[1])
    return any(
        s != row
        and o.wrapped != found.wrapped
        and not lines & set(o.reading[1])  # lines of its own, not the halves this row may share with it
        and same_page(found.span, o.span)
        and agree(o.centres)
        for s, o in others
    )


def _either(by_refs: Reading | None, by_order: Reading | None) -> Reading | None:
    """A row's reading for one sharing of the lines beside it: by the reference lines, else by the order of its
    numbers; ``_ANY`` when the two disagree (the columns contradict themselves: the row is not read by them)."""
    if by_refs is not None and by_order is not None and by_refs != by_order:
        return _ANY
    return by_refs if by_refs is not None else by_order


def read_rows(
    own_lines: dict[int, list[int]],
    numbers: dict[int, list[Placed]],
    width: int,
    empty: frozenset[int] = frozenset(),
    total: int | None = None,
) -> dict[int, Reading]:
    """Row index → its reading by columns, for the rows that the columns prove (``read_rows_proved``)."""
    return read_rows_proved(own_lines, numbers, width, empty, total)[0]


def read_rows_proved(
    own_lines: dict[int, list[int]],
    numbers: dict[int, list[Placed]],
    width: int,
    empty: frozenset[int] = frozenset(),
    total: int | None = None,
) -> tuple[dict[int, Reading], set[int]]:
    """Row index → its reading by columns, for the rows that the columns prove; and the rows among them that only
    the order of their own numbers proves (no reference line placed them): weaker evidence, which the caller may
    check against the row's sums.

    ``own_lines``: the lines each row's label is printed on (rows whose label was found); ``numbers``: the numbers
    of each line with their columns as printed; ``width``: the table's number of columns (every row has as many);
    ``empty``: the empty lines (where a page may have ended); ``total``: the column that the caller's sums check
    against the others in each row read by order (table 三's 总计), if any. A row read from one line in its order
    that a neighbouring row read by order contradicts (``_out_of_order``) has no cells in its reading, only its line:
    the caller leaves it unread, and its numbers to no other row.
    """
    numbers = _thousands(numbers)
    refs = references(numbers, width) if width >= 2 else {}
    order = sorted(own_lines, key=lambda i: own_lines[i][0])
    spans = [(own_lines[i][0], own_lines[i][-1]) for i in order]
    if any(a[1] >= b[0] for a, b in zip(spans, spans[1:], strict=False)):
        order, spans = _apart(order, spans)
    labelled = {k for first, last in spans for k in range(first, last + 1)}
    placeable = len(refs) >= 2
    columns = {k: cols for k in numbers if placeable and (cols := place_line(k, numbers[k], refs, empty)) is not None}
    loose = {k for k in numbers if numbers[k] and k not in labelled}
    # gap g lies above row g (g = len(order): below the last row); each choice: (tail of the row above, head of g)
    gaps: list[list[tuple[int | None, int | None]]] = []
    blocked: set[int] = set()  # rows beside a stray line of numbers
    for g in range(len(order) + 1):
        choices = _gap_choices(spans[g - 1][1] if g else None, spans[g][0] if g < len(order) else None, loose)
        if not choices:
            blocked.update({g - 1, g})
        gaps.append(choices or [(None, None)])
    # each row's lines under each sharing of the lines beside it, and its reading by order there
    options: list[dict[tuple[int, int], tuple[list[int], int]]] = []
    for r in range(len(order)):
        first, last = spans[r]
        own = list(range(first, last + 1))
        options.append({})
        for a, (_t, head) in enumerate(gaps[r]):
            for b, (tail, _h) in enumerate(gaps[r + 1]):
                lines = ([head] if head is not None else []) + own + ([tail] if tail is not None else [])
                options[r][(a, b)] = (lines, (head is not None) | (2 if tail is not None else 0))
    # single spaces only (pdfplumber, -raw): the numbers are not where they stand on the page, their order says nothing
    spaced = any(b.start - a.end >= 2 for placed in numbers.values() for a, b in zip(placed, placed[1:], strict=False))
    by_order = [
        {ab: _ordered_reading(lines, numbers, width, edges) if spaced else None for ab, (lines, edges) in o.items()}
        for o in options
    ]
    others = [(r, o) for r, found in enumerate(by_order) for o in found.values() if o is not None]
    readings: list[dict[tuple[int, int], Reading | None]] = []
    ordered: set[tuple[int, Reading]] = set()  # (row, reading) found by order where no reference line read it
    for r in range(len(order)):
        first, last = spans[r]
        blanks = first - 1 not in loose and last + 1 not in loose
        table: dict[tuple[int, int], Reading | None] = {}
        for ab, (lines, edges) in options[r].items():
            by_refs = _row_reading(lines, columns, numbers, width, edges, blanks)
            found = by_order[r][ab]
            if found is not None and by_refs is None and not _confirmed(found, r, others, refs, empty, total):
                found = None
            table[ab] = _either(by_refs, found.reading if found else None)
            if found is not None and by_refs is None:
                ordered.add((r, found.reading))
        if r in blocked or all(v is None for v in table.values()) or _ANY in table.values():
            table = dict.fromkeys(table, _ANY)  # a row the columns cannot read: it constrains nothing
        readings.append(table)
    read = _unique(order, gaps, readings)
    by_order_only = {order[r] for r, v in ordered if read.get(order[r]) == v}
    page = [o for s, o in others if read.get(order[s]) == o.reading and order[s] in by_order_only]
    spans_read = [(v[1][0], v[1][-1]) for v in read.values() if v[1]]
    for i in order:
        if i in read and _out_of_order(read[i], numbers, page, spans_read, empty):
            read[i] = ((), read[i][1])
    return read, by_order_only


def _out_of_order(
    reading: Reading,
    numbers: dict[int, list[Placed]],
    page: list[Ordered],
    spans_read: list[tuple[int, int]],
    empty: frozenset[int],
) -> bool:
    """Whether a row read from one line that holds a whole row (its numbers taken in the order printed) has a number
    printed exactly where (same first and last column) a number of another cell of a neighbouring row stands: the
    nearest row read above or below it on its page (``spans_read``: the lines of every row read), when that row was
    read by the order of its numbers (``page``). pdftotext -layout places words by flows, and the numbers of one flow
    stand at one place line after line, whatever their place in the line: the line's order is not the page's there
    (a row's 社会公益组织 and 法律服务机构 printed the other way round, which the row's sums cannot show)."""
    parts, lines = reading
    if len(lines) != 1 or len(numbers.get(lines[0], ())) != len(parts):
        return False
    line = lines[0]
    for o in page:
        lo, hi = sorted((line, o.span[1] if o.span[1] < line else o.span[0]))
        if line in o.reading[1] or any(lo < e < hi for e in empty) or any(lo < a <= b < hi for a, b in spans_read):
            continue  # not on its page, or not the nearest row read on its side
        where = {(start, end): cell for start, end, cell in o.pieces}
        if any(where.get((p.start, p.end), j) != j for j, p in enumerate(numbers[line])):
            return True
    return False


def _apart(order: list[int], spans: list[tuple[int, int]]) -> tuple[list[int], list[tuple[int, int]]]:
    """Only the rows whose label lines overlap no other row's: the others cannot be told apart by line."""
    keep = [
        r
        for r, (a, b) in enumerate(spans)
        if not any(s != r and not (b < spans[s][0] or a > spans[s][1]) for s in range(len(spans)))
    ]
    return [order[r] for r in keep], [spans[r] for r in keep]


#: A gap whose lines of numbers cannot be shared between its two rows (a line touching neither label).
_STRAY: list[tuple[int | None, int | None]] = []


def _gap_choices(above: int | None, below: int | None, loose: set[int]) -> list[tuple[int | None, int | None]]:
    """How the lines of numbers between two rows' labels may be shared, as (tails of the upper row, heads of the
    lower row): the line just under the upper row's label as its tails, the line just over the lower row's label as
    its heads, one line between both as either. A line of numbers between them that touches neither label is a
    stray (``_STRAY``): some row's numbers are printed apart from their label, and neither row is read by columns."""
    if above is None:
        return [(None, below - 1 if below is not None and below - 1 in loose else None)]
    if below is None:
        return [(above + 1 if above + 1 in loose else None, None)]
    lo, hi = above + 1, below - 1
    if any(k in loose for k in range(lo + 1, hi)):
        return _STRAY
    if lo == hi and lo in loose:
        return [(lo, None), (None, lo)]
    return [(lo if lo in loose and lo <= hi else None, hi if hi in loose and hi >= lo else None)]


def _unique(
    order: list[int],
    gaps: list[list[tuple[int | None, int | None]]],
    readings: list[dict[tuple[int, int], Reading | None]],
) -> dict[int, Reading]:
    """The rows that read the same under every sharing of the lines of halves that leaves every row well formed."""
    n = len(order)
    forward = [[True] * len(gaps[0])] + [[False] * len(gaps[g]) for g in range(1, n + 1)]
    for r in range(n):
        for (a, b), v in readings[r].items():
            if v is not None and forward[r][a]:
                forward[r + 1][b] = True
    backward = [[False] * len(gaps[g]) for g in range(n)] + [[True] * len(gaps[n])]
    for r in reversed(range(n)):
        for (a, b), v in readings[r].items():
            if v is not None and backward[r + 1][b]:
                backward[r][a] = True
    out: dict[int, Reading] = {}
    for r, i in enumerate(order):
        found = {v for (a, b), v in readings[r].items() if v is not None and forward[r][a] and backward[r + 1][b]}
        if len(found) == 1 and (only := found.pop()) != _ANY:
            out[i] = only
    return out


#: Centres of neighbouring cells of a row read by the order of its numbers stand at least this far apart.
_APART = 2.0
#: The head and the tail of a wrapped number stand this near each other (the same column).
_SAME = 1.5


def read_lone_row(numbers: dict[int, list[Placed]], text_lines: set[int], width: int) -> Reading | None:
    """The cells of a table of one row (table 四) printed with its widest cells wrapped: a line of heads, a line of
    the cells that fit (possibly none) and a line of tails, nothing else but numbers on them and no other numbers in
    the table. There is no whole row to give the columns, but the order of the numbers across the page does: the
    heads stand over their tails (same count, each within _SAME), and together with the cells between they are
    ``width`` numbers whose centres are clearly apart (_APART). None when the lines are not laid out so."""
    numbers = _thousands(numbers)
    lines = sorted(k for k, placed in numbers.items() if placed)
    if not 2 <= len(lines) <= 3 or lines != list(range(lines[0], lines[0] + len(lines))):
        return None
    if any(k in text_lines and not any(p.cut for p in numbers[k]) for k in lines):
        return None  # text on a line of numbers (a line of heads holds separators only: "12,70")
    if any(not p.chunk for k in lines for p in numbers[k]) or any(p.cut for k in lines[1:] for p in numbers[k]):
        return None
    if not all(any(b.start - a.end >= 2 for a, b in zip(numbers[k], numbers[k][1:], strict=False)) for k in lines):
        return None  # single spaces (pdfplumber, -raw): the numbers are not where they stand on the page
    heads, tails = numbers[lines[0]], numbers[lines[-1]]
    middle = numbers[lines[1]] if len(lines) == 3 else []
    if any(p.comma for k in lines for p in numbers[k]):
        return None  # a separator left over: not the halves of numbers
    if len(heads) != len(tails) or len(heads) + len(middle) != width:
        return None
    if any(abs(h.centre - t.centre) > _SAME for h, t in zip(heads, tails, strict=True)):
        return None
    cells = [((h.centre + t.centre) / 2, h.chunk + t.chunk, h.chunk) for h, t in zip(heads, tails, strict=True)]
    cells += [(m.centre, m.chunk, "") for m in middle]
    cells.sort()
    if any(b[0] - a[0] < _APART for a, b in zip(cells, cells[1:], strict=False)):
        return None
    if any(head and (not head.isdigit() or head[0] not in _COUNT_HEAD) for _x, _v, head in cells):
        return None
    return tuple(v for _x, v, _h in cells), tuple(lines)
