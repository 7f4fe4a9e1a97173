"""A1 cell addresses as numbers and back: the one place that does this arithmetic.

Every part of xltool names cells the way the official tables and the clerk's workbook do ("D27", "B7:D7"), and every
part needs row and column numbers now and then: the workbook writer for data validation, live-check formulas and
merges, the readers to index grids of values, the add-in to colour rectangles, the Word template to place table cells,
the validator to sort findings. One convention for all of them — (row, column), both 1-based, rows first as in
``grid[row][col]`` — so an address can never be read one way here and another way there.

Pure functions over strings and ints, no imports beyond the standard library: ``spec`` uses this module while it is
being imported, and the add-in's click starts a fresh Python where every millisecond of import shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: The largest sheet Excel, WPS and LibreOffice open: XFD1048576. An address beyond it is a bug, not a cell.
MAX_ROW = 1_048_576
MAX_COL = 16_384

_ADDRESS = re.compile(r"^([A-Z]{1,3})([1-9]\d{0,6})$")


def parse(address: str) -> tuple[int, int]:
    """ "D27" → (27, 4): 1-based row and column; "AA1" → (1, 27).

    Strict (upper case, no "$", inside XFD1048576) because addresses come from the spec and from our own code: anything
    else is a mistake that should surface at once as ``ValueError``, not as a cell somewhere else.
    """
    m = _ADDRESS.match(address)
    if not m:
        raise ValueError(f"bad cell address {address!r}")
    col, row = column_number(m.group(1)), int(m.group(2))
    if col > MAX_COL or row > MAX_ROW:
        raise ValueError(f"cell address {address!r} is beyond XFD{MAX_ROW}")
    return row, col


def column_number(letters: str) -> int:
    """ "A" → 1, "Z" → 26, "AA" → 27, "XFD" → 16384; the inverse of ``column_letter``.

    Unchecked (upper-case letters assumed, no upper bound) so that a reader measuring a foreign sheet's XML can apply
    its own limits; ``parse`` is the checked way in.
    """
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - ord("A") + 1
    return col


def column_letter(col: int) -> str:
    """1 → "A", 26 → "Z", 27 → "AA", 16384 → "XFD" (bijective base 26: there is no zero digit)."""
    if not 1 <= col <= MAX_COL:
        raise ValueError(f"column {col} is outside 1…{MAX_COL}")
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def address(row: int, col: int) -> str:
    """(27, 4) → "D27", the inverse of ``parse``."""
    if not 1 <= row <= MAX_ROW:
        raise ValueError(f"row {row} is outside 1…{MAX_ROW}")
    return f"{column_letter(col)}{row}"


def bounds(ref: str) -> tuple[int, int, int, int]:
    """ "B7:D9" → (7, 2, 9, 4): first row, first column, last row, last column; "B7" → (7, 2, 7, 2).

    Callers that walk a merge or a range want its corners as numbers; the corners are put in order, so "D9:B7" reads
    the same as "B7:D9".
    """
    first, _, last = ref.partition(":")
    r1, c1 = parse(first)
    r2, c2 = parse(last or first)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def expand(ref: str) -> list[str]:
    """ "D4:E5" → ["D4", "E4", "D5", "E5"], row by row like reading the sheet; a single address stays itself."""
    r1, c1, r2, c2 = bounds(ref)
    return [address(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def area(r1: int, c1: int, r2: int, c2: int) -> str:
    """The range from (r1, c1) to (r2, c2), written as a single address when it is one cell ("B7", not "B7:B7")."""
    first, last = address(r1, c1), address(r2, c2)
    return first if first == last else f"{first}:{last}"


def compact(addresses: Iterable[str]) -> list[str]:
    """Few rectangles covering exactly ``addresses``: ["D4", "E4", "D5", "E5", "H9"] → ["D4:E5", "H9"].

    Short range lists keep data-validation areas and the SUM terms of live-check formulas readable, and colouring a
    table in Excel costs one call per rectangle. Runs down each column are joined with the same run in the next
    column; the same sweep along rows is tried too and the shorter answer wins (columns on a tie, which is what the
    committed template was built with). Not always the minimum — that problem is NP-hard — but exact: every address
    is covered once and nothing else is. Output is ordered by top-left corner, row first; duplicates are ignored.
    """
    points = {parse(a) for a in addresses}
    by_columns = _sweep(points)
    by_rows = [(r1, c1, r2, c2) for c1, r1, c2, r2 in _sweep({(c, r) for r, c in points})]
    best = by_rows if len(by_rows) < len(by_columns) else by_columns
    return [area(*rect) for rect in sorted(best)]


def _sweep(points: set[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """Rectangles (r1, c1, r2, c2) from (r, c) points: runs of consecutive r per c, widened across consecutive c."""
    by_col: dict[int, list[int]] = {}
    for r, c in points:
        by_col.setdefault(c, []).append(r)
    open_rects: dict[tuple[int, int], tuple[int, int]] = {}  # (first r, last r) → (first c, last c)
    done: list[tuple[int, int, int, int]] = []
    for c in sorted(by_col):
        runs = _runs(sorted(by_col[c]))
        for run in list(open_rects):
            if run not in runs or open_rects[run][1] != c - 1:
                first_c, last_c = open_rects.pop(run)
                done.append((run[0], first_c, run[1], last_c))
        for run in runs:
            open_rects[run] = (open_rects[run][0] if run in open_rects else c, c)
    done += [(run[0], first_c, run[1], last_c) for run, (first_c, last_c) in open_rects.items()]
    return done


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """[1, 2, 3, 5] → [(1, 3), (5, 5)]: consecutive numbers of a sorted list as (first, last)."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs
