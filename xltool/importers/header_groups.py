"""Tables 二 and 四 as pdftotext's default mode prints them: each column header followed by the numbers under it.

pdftotext without ``-layout`` or ``-raw`` cuts a page into text blocks. Two small tables then come out in a regular,
printed order that the label alignment of ``tables`` cannot follow, because the numbers no longer sit by their row
labels:

* table 二: every row label first (信息内容 规章 行政规范性文件 信息内容 行政许可 …), then each part of the table
  with its title, its column headers and then its numbers ("第二十条第（一）项 本年制发件数 本年废止件数 现行有效件数"
  1 0 11 8 26 66, "第二十条第（五）项 本年处理决定数量" 447228, …);
* table 四: each column's header followed by the numbers under it, the headers of adjacent columns side by side
  (a header wrapped in its narrow column prints its halves on two lines: "结果 其他 尚未" / "纠正 结果 审结"), and
  the block headers (行政复议, 未经复议直接起诉, 复议后起诉) among them.

A table is read this way only when its text has exactly that form, every label and header derived from ``spec``:
nothing but the expected words between the numbers, and after each header as many numbers as it has cells, each of
a kind the cell may hold. Then a number's place is fixed by the header it follows, and the cell is read as printed
(exact), with two exceptions that stay honest:

* a part of table 二 with several rows *and* several columns (规章 and 行政规范性文件) prints its six numbers after
  its three headers, one a line, with nothing to say whether they run row by row or column by column. pdftotext
  prints them row by row (every generated form and the stress run's outputs), so that is the reading, marked
  inferred, and the note gives the other one; it is exact when the other is impossible (a "/" that only 规章 may
  hold) or gives the same values, or when each row's numbers share a line of their own (printed side by side), and
  the first source that states these cells (the narrative, last year's report) and agrees with one arrangement only
  decides between them (inferred);
* table 四's blocks are taken in their order on the page (行政复议, then 未经复议直接起诉, then 复议后起诉) only when
  the headers follow that order, five outcomes a block, and each block's own header is printed among its numbers.
  A number wrapped in two pieces beside a blank cell would give as many numbers as headers, so the blocks' totals
  must add up too; a table 四 that does not is left to the reading in order (which does not read it either). A number
  wrapped in its narrow cell, in a text block of its own (pdftotext ends each block with a blank line), is its pieces
  joined, inferred, when exactly one reading of the table adds up; in a block of several cells side by side the
  wrapped cell's head comes first, out of the cells' order, so such a block is not read, and neither is the table
  四 block (行政复议, 未经复议直接起诉, 复议后起诉) it belongs to; the other blocks are, when complete and adding up.

A part of table 二 whose numbers do not fit its cells (a blank cell among them: which one, the text cannot say) is
left unread on its own; a part printed with no number at all, every other number having its header, is blank as
printed. Anything else (a blank cell in table 四, headers in another order, blocks out of order) returns None and
the caller keeps its own reading or its honest gap.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import product

from .. import spec
from ..cells import parse as parse_address
from .evidence import Evidence
from .tables import (
    EXACT,
    INFERRED,
    MISSING,
    Group,
    TableRead,
    Tokens,
    _holds,
    _valid_part,
    _what,
    fold,
    identities,
    layout,
    tokenize,
    value_of,
)

#: The tables this module reads.
TABLES = ("table2", "table4")


def read(table: str, region: str, evidence: Sequence[Evidence] = ()) -> TableRead | None:
    """Table 二 or 四 read from its region as pdftotext's default mode prints it, or None when the text is not in
    that form (``evidence``: what the narrative or last year's report says of table 二's cells)."""
    if table == "table2":
        return _table2(tokenize(region), evidence)
    if table == "table4":
        return _table4(tokenize(region))
    return None


# ---- the text between the numbers ------------------------------------------------------------------------------------


def _segments(tokens: Tokens) -> list[list[str]]:
    """The text before, between and after the number groups, each as its printed lines (folded, no white space);
    there is one segment more than there are groups."""
    bounds = [0, *(g.pos for g in tokens.groups), len(tokens.chars)]
    out: list[list[str]] = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        lines: list[str] = []
        last = None
        for i in range(start, end):
            if tokens.char_lines[i] != last:
                lines.append("")
                last = tokens.char_lines[i]
            lines[-1] += tokens.chars[i]
        out.append(lines)
    return out


def _valid(chunk: str, cell: spec.DataCell) -> bool:
    """A number the cell may hold as printed; "/" only where the spec allows it (规章 of an agency without rules)."""
    return cell.slash_allowed if chunk == "/" else _valid_part(chunk, cell.kind)


# ---- table 二 -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One part of table 二 (第二十条第（一）项 …): its title, the header of its label column, its column headers,
    and its data rows (label, cells left to right), all folded as the text is."""

    title: str
    corner: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, tuple[spec.DataCell, ...]], ...]

    @property
    def square(self) -> bool:
        """Several rows and several columns: the order of its numbers does not follow from the headers."""
        return len(self.rows) > 1 and len(self.rows[0][1]) > 1


@cache
def table2_parts() -> tuple[Part, ...]:
    """Table 二's parts in printed order, derived from its spec: a title row spanning the table, a header row
    (the label column's header, then the column headers), data rows."""
    table = spec.TABLE2
    texts: dict[int, list[spec.Text]] = {}
    for t in sorted(table.texts, key=lambda t: parse_address(t.address)):
        texts.setdefault(parse_address(t.address)[0], []).append(t)
    cells: dict[int, list[spec.DataCell]] = {}
    for c in sorted(table.cells, key=lambda c: parse_address(c.address)):
        cells.setdefault(parse_address(c.address)[0], []).append(c)
    parts: list[dict] = []
    for r, row in sorted(texts.items()):
        if r in cells:
            parts[-1]["rows"].append((fold(row[0].text), tuple(cells[r])))
        elif len(row) == 1:
            parts.append({"title": fold(row[0].text), "rows": []})
        else:
            parts[-1]["corner"], parts[-1]["headers"] = fold(row[0].text), tuple(fold(t.text) for t in row[1:])
    return tuple(Part(p["title"], p["corner"], p["headers"], tuple(p["rows"])) for p in parts)


def _split_parts(tokens: Tokens, labels: str) -> tuple[Part, ...] | None:
    """Table 二's parts as the text prints them: in order, or (a smaller font) with the last headers of one part
    printed after every other part, a block of their own with their numbers ("现行有效件数" 0 0 at the end). The
    moved headers are then a part of their own: the same rows, those columns. None when the text is neither."""
    parts = table2_parts()
    if tokens.chars == labels + "".join(p.title + "".join(p.headers) for p in parts):
        return parts
    for i, part in enumerate(parts):
        for k in range(1, len(part.headers)):
            head = Part(part.title, part.corner, part.headers[:k], tuple((lb, cs[:k]) for lb, cs in part.rows))
            tail = Part("", "", part.headers[k:], tuple((lb, cs[k:]) for lb, cs in part.rows))
            split = (*parts[:i], head, *parts[i + 1 :], tail)
            if tokens.chars == labels + "".join(p.title + "".join(p.headers) for p in split):
                return split
    return None


def _table2(tokens: Tokens, evidence: Sequence[Evidence]) -> TableRead | None:
    """The text must be the row labels, then each part's title and headers, with nothing else; each group of numbers
    must sit right after a part's headers (the last headers of one part may come last: ``_split_parts``). A part
    whose numbers do not fit its cells (a blank cell among them, a number a cell cannot hold) is left unread, the
    others are still read; a part with no number at all is printed blank."""
    labels = "".join(p.corner + "".join(label for label, _cells in p.rows) for p in table2_parts())
    found = _split_parts(tokens, labels) if tokens.groups else None
    if found is None:
        return None  # not this form, or no number at all (unread is not blank)
    parts = found
    heads = [p.title + "".join(p.headers) for p in parts]
    ends = [len(labels) + sum(len(h) for h in heads[: k + 1]) for k in range(len(parts))]
    numbers = {g.pos: g for g in tokens.groups}
    if not numbers.keys() <= set(ends):
        return None  # numbers among the row labels or inside a header
    values: dict[tuple[str, str], object] = {}
    provenance: dict[tuple[str, str], str] = {}
    notes: list[str] = []
    for part, end in zip(parts, ends, strict=True):
        part_cells = [c for _label, cs in part.rows for c in cs]
        chosen, how = _read_part(part, numbers.get(end), evidence, notes)
        for cell in part_cells:
            values[(cell.row, cell.col)] = chosen.get(cell) if chosen else None
            provenance[(cell.row, cell.col)] = how
    lay = layout(spec.TABLE2)
    rows = frozenset(c.row for c in spec.TABLE2.cells)
    return TableRead("table2", "2021", values, provenance, notes, len(lay.labels), len(lay.labels), rows)


def _read_part(
    part: Part, group: Group | None, evidence: Sequence[Evidence], notes: list[str]
) -> tuple[dict[spec.DataCell, object] | None, str]:
    """One part's cells and how they were read (exact, inferred, or missing with a note)."""
    cells = [c for _label, cs in part.rows for c in cs]
    names = "”“".join(cs[0].row for _label, cs in part.rows)
    if group is None:
        notes.append(
            f"表二“{names}”只印了栏目名称、没有数字，而表中其余的数都有对应的栏目，按原文空白读取（审核将报“未填写”）"
        )
        return None, EXACT
    shown = " ".join(group.chunks)
    if len(group.chunks) != len(cells):
        notes.append(
            f"表二“{names}”的栏目名称后读到 {len(group.chunks)} 个数（{shown}），应为 {len(cells)} 个"
            "（可能有单元格空白），无法确定对应关系，未读取"
        )
        return None, MISSING
    by_rows = _arrangement(part, group.chunks, by_columns=False)
    by_columns = None
    if part.square and not _rows_on_lines(part, group.lines):
        by_columns = _arrangement(part, group.chunks, by_columns=True)
    chosen, how = _choose_arrangement(part, by_rows, by_columns, evidence, notes)
    if chosen is None:
        notes.append(f"表二“{names}”的栏目名称后读到的数（{shown}）不能填入这些单元格，未读取")
        return None, MISSING
    return chosen, how


def _rows_on_lines(part: Part, lines: list[int]) -> bool:
    """Each row's numbers on a line of their own: the numbers were printed row by row (on one line, side by side)."""
    width = len(part.rows[0][1])
    rows = [lines[k : k + width] for k in range(0, len(lines), width)]
    return all(len(set(row)) == 1 for row in rows) and len({row[0] for row in rows}) == len(rows)


def _arrangement(part: Part, chunks: list[str], by_columns: bool) -> dict[spec.DataCell, object] | None:
    """The part's cells filled with its numbers row by row (or column by column); None when a number cannot stand
    in the cell it would fill."""
    grid = [cs for _label, cs in part.rows]
    order = [row[j] for j in range(len(grid[0])) for row in grid] if by_columns else [c for row in grid for c in row]
    if not all(_valid(chunk, cell) for chunk, cell in zip(chunks, order, strict=True)):
        return None
    return {cell: value_of(chunk, cell.kind) for chunk, cell in zip(chunks, order, strict=True)}


def _choose_arrangement(
    part: Part,
    by_rows: dict[spec.DataCell, object] | None,
    by_columns: dict[spec.DataCell, object] | None,
    evidence: Sequence[Evidence],
    notes: list[str],
) -> tuple[dict[spec.DataCell, object] | None, str]:
    """The reading of one part and how it was read: exact when its numbers can go one way only (a part of one row or
    one column, a "/" that only 规章 may hold, the same values either way); else row by row, as pdftotext prints it,
    or the arrangement that the first source stating these cells agrees with, inferred, the note giving the other."""
    if by_rows is None or by_columns is None or by_rows == by_columns:
        return by_rows or by_columns, EXACT
    names = [cells[0].row for _label, cells in part.rows]
    where = f"表二“{'”“'.join(names)}”的 {len(by_rows)} 个数字印在栏目名称之后、与行标签分开（pdftotext 默认模式按页面上的块输出），"
    source, rows_agree = _deciding(evidence, by_rows, by_columns)
    if source is None:
        chosen, other, why = by_rows, by_columns, "文字不能说明是逐行还是逐列排列，已按该模式通常的逐行顺序读取"
    else:
        chosen, other = (by_rows, by_columns) if rows_agree else (by_columns, by_rows)
        why = f"{_what(source)}与{'逐行' if rows_agree else '逐列'}排列相符，据此读取"
    shown = "，".join(
        f"{name} {'、'.join(str(other[c]) for c in cells)}" for name, (_l, cells) in zip(names, part.rows, strict=True)
    )
    notes.append(f"{where}{why}（标记为推断）；若{'逐列' if chosen is by_rows else '逐行'}排列则为 {shown}，请核对原文")
    return chosen, INFERRED


def _deciding(
    evidence: Sequence[Evidence], by_rows: dict[spec.DataCell, object], by_columns: dict[spec.DataCell, object]
) -> tuple[Evidence | None, bool]:
    """The first source whose figures for these rows agree with one arrangement and not the other, and whether it is
    the arrangement row by row; (None, False) when no source tells them apart."""
    for source in evidence:
        agree = [_agrees(source, arrangement) for arrangement in (by_rows, by_columns)]
        if agree[0] != agree[1]:
            return source, agree[0]
    return None, False


def _agrees(source: Evidence, arrangement: dict[spec.DataCell, object]) -> bool:
    """Whether every figure the source states for these rows holds in the arrangement (False when it states none)."""
    rows: dict[str, dict[str, object]] = {}
    for cell, value in arrangement.items():
        rows.setdefault(cell.row, {})[cell.col] = value
    facts = [f for row in rows for f in source.for_row("table2", row)]
    return bool(facts) and all(f.holds(rows[f.row]) for f in facts)


# ---- table 四 -------------------------------------------------------------------------------------------------------


def _words(line: str, vocabulary: Sequence[str]) -> list[tuple[str, ...]]:
    """Every way to write a line as a run of vocabulary words."""
    if not line:
        return [()]
    return [(w, *rest) for w in vocabulary if line.startswith(w) for rest in _words(line[len(w) :], vocabulary)]


def _halves(top: str, bottom: str, vocabulary: Sequence[str]) -> list[tuple[str, ...]]:
    """Every way to read two lines as the headers of side-by-side columns, each wrapped in two: the first halves of
    the words on the top line, their second halves on the bottom one ("结果其他尚未" / "纠正结果审结")."""
    if not top and not bottom:
        return [()]
    out = []
    for w in vocabulary:
        head, tail = w[: len(w) // 2], w[len(w) // 2 :]
        if head and top.startswith(head) and bottom.startswith(tail):
            out += [(w, *rest) for rest in _halves(top[len(head) :], bottom[len(tail) :], vocabulary)]
    return out


#: Most lines one header may be wrapped over (a four-character header one character a line, in a larger font).
_MAX_WRAP = 4


def _stacked(lines: Sequence[str], vocabulary: Sequence[str], at: tuple[int, ...]) -> list[tuple[str, ...]]:
    """Every way to read lines as the headers of side-by-side narrow columns, each wrapped over consecutive lines
    (a larger font: "结 结 其 尚" / "果 果 他 未 总" / "维 纠 结 审 计" / "持 正 果 结"), from the text positions
    ``at`` on. Headers run left to right: on each line the pieces of the headers it holds, in their order; the next
    header starts on the first line not yet used up (one starting lower sits to the right of those above it), so
    a header printed a piece a line, then the next below it, reads in its printed order."""
    start = next((i for i, line in enumerate(lines) if at[i] < len(line)), None)
    if start is None:
        return [()]
    out = []
    for word in vocabulary:
        for cut in _cuts(word, lines, at, start):
            moved = list(at)
            for i, piece in enumerate(cut):
                moved[start + i] += len(piece)
            out += [(word, *rest) for rest in _stacked(lines, vocabulary, tuple(moved))]
    return out


def _cuts(word: str, lines: Sequence[str], at: tuple[int, ...], start: int) -> list[tuple[str, ...]]:
    """The ways to print ``word`` as pieces on consecutive lines from ``start``, each where that line has got to."""
    if not word:
        return [()]
    if start >= len(lines):
        return []
    line, pos = lines[start], at[start]
    return [
        (word[:n], *rest)
        for n in range(1, len(word) + 1)
        if line.startswith(word[:n], pos)
        for rest in (_cuts(word[n:], lines, at, start + 1) if n < len(word) else [()])
    ]


def _headers(lines: list[str], vocabulary: Sequence[str]) -> set[tuple[str, ...]]:
    """Every reading of a segment's lines as column headers: a line of whole words, two lines of halves, or three
    to ``_MAX_WRAP`` lines of narrow headers wrapped over them (``_stacked``)."""
    if not lines:
        return {()}
    out: set[tuple[str, ...]] = set()
    for first in _words(lines[0], vocabulary):
        out |= {first + rest for rest in _headers(lines[1:], vocabulary)}
    if len(lines) > 1:
        for pair in _halves(lines[0], lines[1], vocabulary):
            out |= {pair + rest for rest in _headers(lines[2:], vocabulary)}
    for k in range(3, min(_MAX_WRAP, len(lines)) + 1):
        for block in _stacked(lines[:k], vocabulary, (0,) * k):
            out |= {block + rest for rest in _headers(lines[k:], vocabulary)}
    return out


#: Readings of table 四 with wrapped numbers (combinations of each header group's ways to join its pieces) that one
#: table may take; a real table has one or two wrapped numbers, a handful of combinations.
_MAX_JOINS = 10_000


def _table4(tokens: Tokens) -> TableRead | None:
    blocks = [block for block, _words_, _first in spec.T4_BLOCKS]
    markers = (*blocks, spec.T4_LITIGATION)
    outcomes: list[str] = []
    options: list[list[tuple[int | None, ...]]] = []  # per header group, the ways to read its numbers as its cells
    joined: list[int] = []  # the cells of header groups whose numbers came in more pieces than cells
    unplaced: list[tuple[list[str], range]] = []  # numbers that fit no reading of their headers, and those cells
    seen: dict[str, int] = {}  # block header → how many cells come before it
    for k, lines in enumerate(_segments(tokens)):
        heads = [line for line in lines if not _words(line, markers)]
        for line in lines:
            for found in _words(line, markers)[:1]:
                for word in found:
                    if word in seen:
                        return None
                    seen[word] = len(outcomes)
        readings = _headers(heads, spec.T4_OUTCOMES)
        if len(readings) != 1:
            return None
        reading = readings.pop()
        group = tokens.groups[k] if k < len(tokens.groups) else None
        if group is None:
            if reading:
                return None  # headers after the last number
            continue
        ways: list[tuple[int | None, ...]] = list(_cells_of(group.chunks, group.lines, len(reading)))
        places = range(len(outcomes), len(outcomes) + len(reading))
        if not ways:  # cannot be placed: the blocks these headers belong to are not read
            ways = [(None,) * len(reading)]
            unplaced.append((group.chunks, places))
        elif len(group.chunks) > len(reading):
            joined += places
        outcomes += reading
        options.append(ways)
    width = len(spec.T4_OUTCOMES)
    if tuple(outcomes) != spec.T4_OUTCOMES * len(blocks):
        return None
    if any(not width * b <= seen.get(block, -1) < width * (b + 1) for b, block in enumerate(blocks)):
        return None
    if math.prod(len(w) for w in options) > _MAX_JOINS:
        return None
    keys = [(spec.T4_ROW_KEY, f"{blocks[i // width]}/{outcome}") for i, outcome in enumerate(outcomes)]
    lost = {i // width for _chunks, places in unplaced for i in places}  # blocks not read
    if len(lost) == len(blocks):
        return None
    lay = layout(spec.TABLE4)
    # each block read must add up: a number wrapped in two pieces beside a blank cell also gives as many numbers as
    # cells; the blocks not read are left out of the grid (every cell None)
    grids: list[dict[tuple[str, str], object]] = []
    for combo in product(*options):
        values: dict[tuple[str, str], object] = {
            key: None if i // width in lost else v
            for i, (key, v) in enumerate(zip(keys, (v for part in combo for v in part), strict=True))
        }
        if all(_holds(d, values) is not False for d in identities(lay)) and values not in grids:
            grids.append(values)
    if len(grids) != 1:
        return None
    provenance = {
        key: MISSING if i // width in lost else INFERRED if i in joined else EXACT for i, key in enumerate(keys)
    }
    notes = []
    if joined := [i for i in joined if i // width not in lost]:
        cells = "、".join(f"{keys[i][1].replace('/', '·')} {grids[0][keys[i]]}" for i in joined)
        notes.append(
            f"表四有数字在窄栏内折行（pdftotext 默认模式把一个数的两段印在上下两行），已按各块合计拼合：{cells}"
            "（标记为推断），请核对原文"
        )
    if lost:
        shown = "；".join(" ".join(chunks) for chunks, _places in unplaced)
        words = "、".join(spec.T4_BLOCKS[b][1] for b in sorted(lost))
        notes.append(
            f"表四“{words}”的数字（{shown}）与所在栏目对不上（几栏并排的块中有数字折行，或有单元格空白），"
            "无法确定对应关系，未读取；其余各块按栏目名称读取，合计相符"
        )
    return TableRead(
        "table4",
        "2021",
        grids[0],
        provenance,
        notes,
        len(lay.labels),
        len(lay.labels),
        frozenset({spec.T4_ROW_KEY}),
    )


def _cells_of(chunks: list[str], lines: list[int], n: int) -> list[tuple[int, ...]]:
    """Every way to read the numbers after a group of ``n`` headers as its ``n`` cells, left to right.

    As many numbers as cells: they are the cells. More: some numbers wrapped in their narrow cells. pdftotext prints
    each text block with a blank line after it; a block is one cell, or the cells of adjacent columns side by side
    (one a line), and a wrapped number's pieces sit in its block on consecutive lines. So each block takes some of
    the cells (at least one), and a block of one cell whose number came in pieces is that number joined."""
    if len(chunks) < n or not all(c.isdigit() for c in chunks):
        return []
    if len(chunks) == n:
        return [tuple(int(c) for c in chunks)] if all(_valid_part(c, "count") for c in chunks) else []
    pieces: list[list[str]] = []
    for k, (chunk, line) in enumerate(zip(chunks, lines, strict=True)):
        if k == 0 or line - lines[k - 1] > 1:
            pieces.append([])
        pieces[-1].append(chunk)
    out: set[tuple[int, ...]] = set()
    for counts in _compositions(n, [len(p) for p in pieces]):
        for parts in product(*(_joins(p, c) for p, c in zip(pieces, counts, strict=True))):
            out.add(tuple(v for part in parts for v in part))
    return sorted(out)


def _compositions(n: int, limits: list[int]) -> Iterator[tuple[int, ...]]:
    """Every way to write ``n`` as one count per block, each at least 1 and at most its number of pieces."""
    if not limits:
        if n == 0:
            yield ()
        return
    for first in range(1, min(limits[0], n - len(limits) + 1) + 1):
        for rest in _compositions(n - first, limits[1:]):
            yield (first, *rest)


def _joins(pieces: list[str], n: int) -> list[tuple[int, ...]]:
    """A block's pieces as ``n`` cells: each piece a cell, or all of them one wrapped number (a block of one cell).

    The pieces of a block of several cells with a wrapped number among them are not in the cells' order: the wrapped
    cell's head sits higher than the other cells' numbers and comes first (stress seed 104: "5754 17 9 9" for
    17, 9, 57549), and any order of them adds up alike, so such a block is not read."""
    if n == len(pieces):
        cells = pieces
    elif n == 1:
        cells = ["".join(pieces)]
    else:
        return []
    return [tuple(int(c) for c in cells)] if all(_valid_part(c, "count") for c in cells) else []
