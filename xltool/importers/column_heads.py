"""Cells of a table in blocks that the print itself places: a column header followed by all of its page's numbers.

pdftotext's default mode prints a page of table 三 as text blocks. A block may hold a column header and the cells
under it ("商业" "企业" "53" "0" "21" "7", then a blank line), the headers of adjacent narrow columns and their cells
("社会 法律" "科研" … "机构" and twelve numbers), or numbers alone. ``blocks`` finds the one arrangement of all the
numbers that the identities prove, and marks it inferred: the identities chose it. Where the block's header names
its columns and the block holds exactly as many numbers as those columns have cells on the page, the print itself
places them, as ``header_groups`` reads table 四: the cells are read as printed (exact), the same principle.

Only when every part of that is printed, so that nothing but the print decides:

* the header is a whole text block of its own lines directly above the numbers (a blank line or the region's start
  before it, no number in it), and its words are column headers of the table and nothing else (the group headers
  申请人情况 / 法人或其他组织 aside), read one way only;
* the numbers are one text block (consecutive lines) ending in a blank line or the region's end;
* the page's rows are known from the print: the table's header text (the note "本列数据的勾稽关系为…", repeated
  at the top of each page) starts a page, the rows whose labels lie on the page before the block are consecutive,
  the row above them has its label on an earlier page, the row below on a later one, and no label of the page
  follows the block. Then the block is those rows of those columns, and its count must be theirs.

One column reads top to bottom. Several columns printed in one block may run row by row or column by column; the
print does not say which (pdftotext prints them row by row, but that is what it usually does, not what this print
shows), so such a block is exact only where both orders give the same values (all of them, as for table 二), and
otherwise gives its two readings: the caller takes the block's cells as inferred, and only if the grid the
identities prove is one of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import combinations

from .. import spec
from .tables import (
    EXACT,
    INFERRED,
    MISSING,
    PAGE_MARK,
    Group,
    Layout,
    Span,
    TableRead,
    Tokens,
    _holds,
    fold,
    identities,
    layout,
    locate_labels,
    tokenize,
)

#: Header words above the column headers, spanning several columns (printed in the same block as theirs).
_GROUP_HEADS = (fold(spec.T3_APPLICANTS), fold(spec.T3_LEGAL))

Cell = tuple[str, str]


@dataclass
class Headed:
    """The cells placed by the headers they are printed under: ``exact`` where the print admits one placement,
    ``either`` the blocks of several columns whose two orders differ (row by row, column by column)."""

    exact: dict[Cell, int] = field(default_factory=dict)
    either: list[tuple[dict[Cell, int], dict[Cell, int]]] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # the headers of the exact blocks, for the note
    left: list[str] = field(default_factory=list)  # the columns placed as the one block left on their page
    #: the top rows' cells under a header on a page that prints every cell: a blank cell with a wrapped number on
    #: the same page keeps the count and would put the next row's number under the header, so these are taken
    #: only where the identities prove a grid of all the cells (no blank cell), never on their own
    top: dict[Cell, int] = field(default_factory=dict)

    def describe(self, with_top: bool) -> str:
        """How the cells were placed, for a note (Chinese): under which headers, and which column was left."""
        named = dict.fromkeys([*self.columns, *(c for _r, c in self.top)] if with_top else self.columns)
        what = (
            "该页这几栏的全部数字，或该页数字齐全时最上面几行的数字"
            if with_top and self.top
            else "该页这几栏的全部数字"
        )
        out = f"紧接在栏目名称{_quoted(named)}之后印出（{what}）" if named else ""
        if self.left:
            out += ("，" if out else "") + f"{_quoted(dict.fromkeys(self.left))}是该页其余各栏定位后剩下的一块数字"
        return out

    def agrees(self, grid: dict[Cell, object]) -> bool:
        """Whether a grid keeps every exact cell and, for each block of two orders, one of them."""
        if any(grid[k] != v for k, v in (self.exact | self.top).items()):
            return False
        return all(any(all(grid[k] == v for k, v in way.items()) for way in ways) for ways in self.either)


def _quoted(words: Iterable[str]) -> str:
    return "、".join(f"“{w}”" for w in words)


def under_headers(lay: Layout, tokens: Tokens) -> Headed:
    """The blocks of ``tokens`` (a table in blocks, every chunk a count) that a column header places (see the
    module's docstring), and on a page where they place every column but one, the one block left."""
    out = Headed()
    spans = locate_labels(lay, tokens.chars)
    starts = [_start(spans[r.label]) if r.label is not None else None for r in lay.rows]
    marks = _page_marks(tokens.chars)
    cols = lay.rows[0].cols
    covered: dict[range, tuple[list[str], set[int]]] = {}  # page rows → columns placed, groups that placed them
    for k, group in enumerate(tokens.groups):
        head = _head_text(tokens, group, tokens.groups[k - 1] if k else None)
        if head is None:
            continue
        named = _columns(head, cols)
        block = _block(tokens, k)
        if named is None or block is None:
            continue
        rows = _page_rows(starts, marks, group.pos, len(tokens.chars))
        if rows is None or len(block) % len(named):
            continue
        h = len(block) // len(named)
        if h < len(rows):  # the top rows' cells, under the header: only on a page printing every cell
            if _page_count(tokens, marks, group.pos) == len(rows) * len(cols):
                _place_top(out, lay, rows[:h], named, block)
            continue
        if h > len(rows):
            continue
        _place(out, lay, rows, named, block)
        page = covered.setdefault(rows, ([], set()))
        page[0].extend(named)
        page[1].add(k)
    for rows, (named, placing) in covered.items():
        _the_column_left(out, lay, tokens, (starts, marks), rows, [c for c in cols if c not in named], placing)
    return out


def _the_column_left(
    out: Headed,
    lay: Layout,
    tokens: Tokens,
    where: tuple[list[int | None], list[int]],
    rows: range,
    left: list[str],
    placing: set[int],
) -> None:
    """A page whose headers placed every column but one (page one of the generated reports prints 自然人's
    numbers after the labels, its header elsewhere): when the page holds exactly its cells' count of numbers and
    those not under a header are one text block after the page's labels, as many as its rows, they are the column
    left, top to bottom; no other cell of the page is open."""
    starts, marks = where
    end = len(tokens.chars)
    if len(left) != 1:
        return
    top, bottom = _page(marks, next(tokens.groups[k].pos for k in sorted(placing)), end)
    on_page = [(k, g) for k, g in enumerate(tokens.groups) if top <= g.pos < bottom]
    if sum(len(g.chunks) for _k, g in on_page) != len(rows) * len(lay.rows[0].cols):
        return
    rest = [(g, b) for k, g in on_page for i, b in enumerate(_text_blocks(g)) if not (i == 0 and k in placing)]
    if len(rest) != 1 or len(rest[0][1]) != len(rows) or _page_rows(starts, marks, rest[0][0].pos, end) != rows:
        return
    group, block = rest[0]
    if not all(group.chunks[i].isdigit() for i in block):
        return
    placed = {(lay.rows[r].key, left[0]): int(group.chunks[i]) for r, i in zip(rows, block, strict=True)}
    out.exact |= placed
    out.left += left


def _page(marks: list[int], at: int, end: int) -> tuple[int, int]:
    """The text positions of the page that ``at`` lies on, from its mark to the next (past the end for the last
    page: numbers after the last text character sit at the end)."""
    return max(m for m in marks if m <= at), min([m for m in marks if m > at] + [end + 1])


def _page_count(tokens: Tokens, marks: list[int], at: int) -> int:
    """How many numbers the page of text position ``at`` prints."""
    top, bottom = _page(marks, at, len(tokens.chars))
    return sum(len(g.chunks) for g in tokens.groups if top <= g.pos < bottom)


def _text_blocks(group: Group) -> list[list[int]]:
    """A group's numbers cut into text blocks (consecutive lines; pdftotext ends each block with a blank line), as
    indexes into its chunks."""
    out: list[list[int]] = []
    for i, line in enumerate(group.lines):
        if not out or line - group.lines[i - 1] > 1:
            out.append([])
        out[-1].append(i)
    return out


def _start(span: Span | None) -> int | None:
    return span.start if span is not None else None


def _page_marks(chars: str) -> list[int]:
    """Where a page of the table starts: the region's start and each header note."""
    marks = [0]
    at = chars.find(PAGE_MARK)
    while at >= 0:
        marks.append(at)
        at = chars.find(PAGE_MARK, at + 1)
    return marks


def _head_text(tokens: Tokens, group: Group, before: Group | None) -> str | None:
    """The text of the block directly above a group's first number: its lines back to a blank line (or the start),
    none of them holding a number of the group before. None when there is no such text or a number is in it."""
    first = group.lines[0]
    i = group.pos - 1
    if i < 0 or tokens.char_lines[i] < first - 1:
        return None
    line = tokens.char_lines[i]
    while i > 0 and tokens.char_lines[i - 1] >= line - 1:
        i -= 1
        line = tokens.char_lines[i]
    floor = before.lines[-1] if before is not None else -1
    if line <= floor + 1 or first in tokens.text_lines:
        return None  # a number of the group before is on the block's lines, or text beside the first number
    return tokens.chars[i : group.pos]


def _columns(head: str, cols: tuple[str, ...]) -> list[str] | None:
    """The columns a header block names, left to right: its characters are those of exactly one set of the
    table's column headers (the group headers taken out); None for any other text."""
    for word in _GROUP_HEADS:
        head = head.replace(word, "")
    if not head:
        return None
    have = Counter(head)
    found = [
        list(chosen)
        for n in range(1, len(cols) + 1)
        for chosen in combinations(cols, n)
        if Counter("".join(fold(c) for c in chosen)) == have
    ]
    return found[0] if len(found) == 1 else None


def _block(tokens: Tokens, k: int) -> list[int] | None:
    """The numbers of the text block at the start of group ``k``, ending in a blank line, or the region's end.
    None when text follows on the next line (the block goes on)."""
    group = tokens.groups[k]
    block = _text_blocks(group)[0]
    last = group.lines[block[-1]]
    if len(block) == len(group.lines) and group.pos < len(tokens.chars) and tokens.char_lines[group.pos] <= last + 1:
        return None
    if not all(group.chunks[i].isdigit() for i in block):
        return None
    return [int(group.chunks[i]) for i in block]


def _page_rows(starts: list[int | None], marks: list[int], at: int, end: int) -> range | None:
    """The rows of the page a block at text position ``at`` lies on: every label of the page lies before it, the
    rows are consecutive, and the rows on either side have their labels on other pages. None otherwise."""
    top, bottom = _page(marks, at, end)
    if any(s is not None and at <= s < bottom for s in starts):
        return None
    rows = [i for i, s in enumerate(starts) if s is not None and top <= s < at]
    if not rows or rows != list(range(rows[0], rows[-1] + 1)):
        return None
    above, below = rows[0] - 1, rows[-1] + 1
    if above >= 0 and not ((s := starts[above]) is not None and s < top):
        return None
    if below < len(starts) and not ((s := starts[below]) is not None and s >= bottom):
        return None
    return range(rows[0], rows[-1] + 1)


def _place_top(out: Headed, lay: Layout, rows: range, named: list[str], block: list[int]) -> None:
    """A block of the top rows under its header: one column, or one row across several; several of each may run
    either way and is left to the search."""
    keys = [r.key for r in lay.rows]
    if len(rows) == 1 or len(named) == 1:
        out.top |= {(keys[rows[i // len(named)]], named[i % len(named)]): v for i, v in enumerate(block)}


def _place(out: Headed, lay: Layout, rows: range, named: list[str], block: list[int]) -> None:
    """A block of ``named`` columns over ``rows``: one column top to bottom; several row by row or column by
    column, exact only where the two agree on every cell."""
    keys = [r.key for r in lay.rows]
    h, m = len(rows), len(named)
    by_rows = {(keys[rows[i // m]], named[i % m]): v for i, v in enumerate(block)}
    by_cols = {(keys[rows[i % h]], named[i // h]): v for i, v in enumerate(block)}
    if by_rows == by_cols:
        out.exact |= by_rows
        out.columns += named
    else:
        out.either.append((by_rows, by_cols))


# ---- a table the block reading cannot read: the cells its headers place, on their own -----------------------------

NOTE_PARTIAL = (
    "表{section}的数字按页面上的块印出（pdftotext 默认模式），按块的排列找不到唯一的读法；其中 {n} 个单元格的数字"
    "{how}，按原文读取，其余单元格未读取，请核对原文"
)
NOTE_ORDER = (
    "表{section}{cols}几栏的 {n} 个数字印在一起，原文看不出按行还是按列排列，只有按{how}排列时本页各行的合计成立，"
    "按此读取（标记为推断），请核对原文"
)


def read_under_headers(ordinary: TableRead, text: str) -> TableRead | None:
    """The cells of ``ordinary`` (a reading by labels that left cells unread) that headers place, when the block
    reading found no single grid: read as printed on their own, as ``header_groups`` reads table 四. A block of
    several columns is taken in the one order (row by row, column by column) that the page's row totals do not
    refute, inferred; with both or neither it stays unread. None when nothing is placed or a placed cell differs
    from one the labels read (two readings that disagree prove nothing)."""
    lay = layout(spec.TABLES[ordinary.table])
    if ordinary.variant != "2021" or ordinary.table != "table3":
        return None
    headed = under_headers(lay, tokenize(text))
    read = {k: v for k, v in ordinary.values.items() if ordinary.provenance[k] != MISSING}
    if not headed.exact or any(read.get(k, v) != v for k, v in headed.exact.items()):
        return None
    values = {**ordinary.values, **headed.exact}
    provenance = {**ordinary.provenance, **dict.fromkeys(headed.exact, EXACT)}
    section = spec.TABLES[lay.table].section
    notes = [n for n in ordinary.notes if "未读取" not in n]
    notes.append(NOTE_PARTIAL.format(section=section, n=len(headed.exact), how=headed.describe(with_top=False)))
    for ways in headed.either:
        if any(provenance[k] != MISSING for k in ways[0]):
            continue
        held = [way for way in ways if all(_holds(d, values | way) is not False for d in identities(lay))]
        if len(held) != 1:
            continue
        values |= held[0]
        provenance |= dict.fromkeys(held[0], INFERRED)
        named = _quoted(dict.fromkeys(c for _r, c in held[0]))
        how = "行" if held[0] is ways[0] else "列"
        notes.append(NOTE_ORDER.format(section=section, cols=named, n=len(held[0]), how=how))
    return replace(ordinary, values=values, provenance=provenance, notes=notes)
