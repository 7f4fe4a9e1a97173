"""Blank cells of a table printed one cell per line (LibreOffice's text export, BeautifulSoup's ``get_text``).

Such converters put every cell of a table on a line of its own, with as many empty lines between two cells of a row
as the converter and the file's markup give (none in LibreOffice's text, two in ``get_text`` of LibreOffice's HTML,
six in a saved page's): one fixed number for the whole table, and another between a row's label and its first cell.
A cell left empty by the clerk keeps its place there: its line is empty, so the run of empty lines where it stands
is longer than the others. Where the other rows of the table show that pattern without exception, a row printed
with fewer numbers than cells shows which of its cells are the empty ones, and they are read as blank, exactly as an
empty cell of a docx grid.

Only what the layout proves is read. When the rows are not all printed alike, when a row's longer runs are fewer
than its empty cells and more than one (which run holds two?), when the gap after a row's last cell varies from row
to row (LibreOffice's text: none, one or two empty lines with the merged group cells, so a blank last cell does not
show), when text or other numbers lie among a row's lines, the row is not read here (``blanks`` returns None) and
the reader goes on as before: unread, or read otherwise. Where the table's rows with one blank cell each show how
many empty lines a blank cell adds (``blank_lines``), a longer run is that many blank cells: two side by side read
even where the row's last cell would not show, a run that is no whole number of them not at all. Table 四's one
row has no label and no other row to confirm it: its own gaps, most of them alike, are its pattern, and only a
blank cell inside it shows. The pattern
reads a row's cells after its label, as these converters print them (a cell per line in the order of the grid).
Text in which a blank cell prints nothing at all (pdfplumber, ``pdftotext -raw``) has no such runs and is never
read this way.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

#: Full rows printed alike that a table needs before its pattern is trusted (the rows that confirm it).
MIN_ROWS = 3


@dataclass(frozen=True)
class Row:
    """Where one row of a table is printed: its label's lines and each of its numbers' line."""

    label: tuple[int, int] | None  # first and last line of the row's own label, None when it was not found
    lines: tuple[int, ...]  # the line of each number given to the row, in order
    width: int  # the row's cells
    last: bool  # the table's last row: what follows it is not a row of the table


@dataclass(frozen=True)
class Pattern:
    """Empty lines of a table printed one cell per line, as its complete rows show them."""

    lead: int | None  # between a row's label and its first cell; None for a row without a label (table 四's)
    gap: int  # between two cells of a row
    trail: int | None  # after a row's last cell, before the next row's label; None when the rows differ there


@dataclass(frozen=True)
class Page:
    """The lines of a table's region that hold something: text characters, numbers, and labels."""

    text: frozenset[int]
    numbers: frozenset[int]
    labels: frozenset[int]  # lines holding characters of any of the table's labels

    @cached_property
    def filled(self) -> list[int]:
        """The lines that hold text or numbers, in order (the others are empty)."""
        return sorted(self.text | self.numbers)


@dataclass(frozen=True)
class _Printed:
    lead: int | None
    gaps: tuple[int, ...]
    trail: int | None


def _gaps(lines: tuple[int, ...], filled: list[int]) -> tuple[int, ...] | None:
    """The empty lines between each two numbers of a row, when nothing else lies among them."""
    if not lines or any(b <= a for a, b in zip(lines, lines[1:], strict=False)):
        return None
    gaps = []
    for a, b in zip(lines, lines[1:], strict=False):
        if bisect_right(filled, b - 1) - bisect_right(filled, a) != 0:
            return None  # text or a number not the row's among its numbers
        gaps.append(b - a - 1)
    return tuple(gaps)


def _measure(row: Row, page: Page, filled: list[int]) -> _Printed | None:
    """The empty lines before, among and after a row's numbers, when the row is printed one cell per line right
    below its label (or a wrapped tail of it) with nothing but empty lines among its numbers; else None. A row
    without a label (table 四's) has its gaps only: where it starts and ends is not known."""
    gaps = _gaps(row.lines, filled)
    if gaps is None:
        return None
    if row.label is None:
        return _Printed(None, gaps, None)
    first, last = row.lines[0], row.lines[-1]
    before = bisect_right(filled, first - 1) - 1
    anchor = filled[before] if before >= 0 else None
    if anchor is None or anchor not in page.text or anchor in page.numbers or anchor < row.label[1]:
        return None  # the line above the first number is not a text line at or after the row's label
    tail = range(row.label[1] + 1, anchor + 1)
    if any(k not in page.text or k in page.labels or k in page.numbers for k in tail):
        return None  # between the label and the numbers lies something else than a wrapped tail of the label
    trail = None
    after = bisect_right(filled, last)
    if not row.last and after < len(filled) and filled[after] in page.text and filled[after] not in page.numbers:
        trail = filled[after] - last - 1
    return _Printed(first - anchor - 1, gaps, trail)


#: A row without a label shows its own pattern only when this many of its gaps, and twice as many as the longer
#: ones, are alike (table 四's one row: 15 cells, 14 gaps).
MIN_GAPS = 8


def own_pattern(row: Row, page: Page) -> Pattern | None:
    """The pattern of a table of one row without a label (table 四), from the row itself: its shortest gap, when
    most of its gaps are of that length."""
    gaps = _gaps(row.lines, page.filled) if row.label is None else None
    if not gaps:
        return None
    usual = min(gaps)
    alike = gaps.count(usual)
    if alike < MIN_GAPS or alike < 2 * (len(gaps) - alike):
        return None
    return Pattern(None, usual, None)


def pattern(rows: list[Row], page: Page) -> Pattern | None:
    """The empty lines of the table, when its complete rows (as many numbers as cells) are at least ``MIN_ROWS``
    and half of the rows that got numbers, and all print them alike; None otherwise. Without a complete row of two
    cells or more, the run between cells is taken to be the run after the labels."""
    filled = page.filled
    complete = [r for r in rows if r.lines and len(r.lines) == r.width and r.label is not None]
    if len(complete) < MIN_ROWS or 2 * len(complete) < sum(1 for r in rows if r.lines):
        return None
    printed = [_measure(r, page, filled) for r in complete]
    if any(p is None for p in printed):
        return None
    measured = [p for p in printed if p is not None]
    leads = {p.lead for p in measured if p.lead is not None}
    # the label is a cell of its row like the others: where no complete row has two cells (table 二 with both its
    # rows of three short), the run after the labels is the run between cells (as in every such converter seen)
    gaps = {g for p in measured for g in p.gaps} or set(leads)
    if len(leads) != 1 or len(gaps) != 1:
        return None
    trails = [p.trail for p, r in zip(measured, complete, strict=True) if not r.last]
    trail = trails[0] if len(trails) >= 2 and None not in trails and len(set(trails)) == 1 else None
    return Pattern(leads.pop(), gaps.pop(), trail)


@dataclass(frozen=True)
class _Longer:
    """A row's runs of empty lines longer than the table's: where each is (before which number), by how much."""

    excess: dict[int, int]  # place (0: before the first number, k: before number k, len: after the last) → lines
    missing: int  # the row's cells without a number
    known_end: bool  # every edge of the row is measured (a blank first or last cell would show)


def _longer(table: Pattern, row: Row, page: Page) -> _Longer | None:
    missing = row.width - len(row.lines)
    if missing <= 0 or (printed := _measure(row, page, page.filled)) is None:
        return None
    known_end = table.trail is not None and printed.trail is not None
    runs = [(k + 1, g, table.gap) for k, g in enumerate(printed.gaps)]
    if table.lead is not None and printed.lead is not None:
        runs.append((0, printed.lead, table.lead))
    else:
        known_end = False  # a row without a label: a blank first or last cell would not show
    if known_end and printed.trail is not None and table.trail is not None:
        runs.append((len(row.lines), printed.trail, table.trail))
    if any(seen < usual for _at, seen, usual in runs):
        return None
    return _Longer({at: seen - usual for at, seen, usual in runs if seen > usual}, missing, known_end)


def blank_lines(table: Pattern, rows: list[Row], page: Page) -> int | None:
    """The empty lines one blank cell adds in this table, when its rows with one longer run per empty cell (each run
    one cell, nothing else possible) all show the same; None when no row shows it or they differ."""
    seen = set()
    for row in rows:
        longer = _longer(table, row, page) if row.label is not None else None
        if longer and len(longer.excess) == longer.missing:
            seen |= set(longer.excess.values())
    return seen.pop() if len(seen) == 1 else None


def blanks(table: Pattern, row: Row, page: Page, unit: int | None = None) -> tuple[int, ...] | None:
    """The cells of a row printed with fewer numbers than cells that its longer runs of empty lines show empty
    (their indexes), or None when the layout does not tell: a run shorter than the table's, no longer run, or
    longer runs that neither are one per empty cell nor a single one with every edge of the row known. ``unit``:
    the empty lines a blank cell adds in this table (``blank_lines``); each run then holds as many blank cells as
    it has units, and when those are all the row's empty cells, the row's edges need not be known (two blank cells
    side by side, where a blank last cell would not show)."""
    longer = _longer(table, row, page)
    if longer is None:
        return None
    places, missing = longer.excess, longer.missing
    if unit:  # every longer run is whole blank cells, and together they are all the row's empty cells
        if any(extra % unit for extra in places.values()):
            return None
        counts = {at: extra // unit for at, extra in places.items()}
        if sum(counts.values()) != missing:
            return None
    elif len(places) == missing:
        counts = dict.fromkeys(places, 1)
    elif len(places) == 1 and longer.known_end:
        counts = dict.fromkeys(places, missing)
    else:
        return None
    empty: list[int] = []
    cell = 0
    for k in range(len(row.lines) + 1):
        empty += range(cell, cell + counts.get(k, 0))
        cell += counts.get(k, 0) + 1
    return tuple(empty)
