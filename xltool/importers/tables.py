"""Read one statistical table out of the text of a published report.

Published tables reach us as a stream of text in which the cell boundaries are mostly lost: PDF text with labels and
numbers on separate lines, labels wrapped over several lines or printed after their numbers, crawled pages where the
cells run together ("行政规范性文件693665"). Grids (docx, HTML, PDF table geometry) are flattened to the same kind of
stream, one grid row per line, so a single reader serves every format.

The reader never relies on line order alone. It

1. tokenises the region into *text characters* and *groups* of numbers (numbers separated only by white space);
2. aligns the text characters with the table's labels taken from ``spec`` (a longest-common-subsequence alignment, so
   wrapped, interleaved or slightly garbled labels still anchor their row);
3. gives each group to the row whose label surrounds it, precedes it or (for tables printed numbers-first) follows it;
4. splits run-together digits into cells, keeping only splits that satisfy the table identities (``spec.IDENTITIES``)
   and, across rows, the column identities; a unique survivor is taken and marked *inferred*, several survivors are an
   ambiguity that is reported, none means the cells stay ``None`` and are listed as missing.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from functools import cache, partial
from itertools import combinations, islice, pairwise, product

from .. import spec
from ..cells import parse as parse_address
from ..text import flat
from . import cell_lines
from .columns import Placed, Reading, cut_heads, read_lone_row, read_rows_proved, references
from .evidence import Evidence, Fact
from .rows import Line, place_rows

EXACT, INFERRED, MISSING = "exact", "inferred", "missing"
#: Stands for an empty cell of a grid (docx/HTML/PDF geometry) that lies among a row's numbers: read as blank (None).
BLANK = "\ue000"
#: More split candidates than this for one row (or combinations for one table) means "cannot tell".
_MAX_CANDIDATES = 50_000
#: Steps of splitting for all rows of one reading together, or of one file inside ``split_budget()``: a file whose
#: every row is a long run of digits costs this much at most, not _MAX_CANDIDATES a row (92 such rows took minutes).
#: Real glued tables take under 1,000 steps a reading.
_MAX_TABLE_STEPS = _MAX_CANDIDATES
_MAX_FILE_STEPS = 2 * _MAX_CANDIDATES
_FILE_STEPS: ContextVar[list[int] | None] = ContextVar("split_steps", default=None)


@contextmanager
def split_budget(steps: int = _MAX_FILE_STEPS) -> Iterator[None]:
    """One budget of split steps for every table, layout and reading tried inside (``document.parse``: one file),
    however many readings the reader tries."""
    token = _FILE_STEPS.set([steps])
    try:
        yield
    finally:
        _FILE_STEPS.reset(token)


#: Matched label characters further apart than this belong to different occurrences.
_LABEL_GAP = 10
#: Share of a label's characters that must be found for the label to anchor its row.
_LABEL_COVERAGE = 0.6

# ---- text folding and tokens ----------------------------------------------------------------------------------------

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "：": ":"})


def fold(text: str) -> str:
    """The form in which labels are compared: NFKC (full-width → half-width), one kind of quote, no white space."""
    return flat(text).translate(_QUOTES)


#: The "1." / "1、" of an item label (items are numbered 1–8), its digit and mark on one line: a "、" alone on the
#: line after a number is the rest of a label wrapped a character per line ("三" / "、" / "本"…), not a marker.
_MARKER = r"\d[^\S\n]*[.、](?=\s*[^\d\s.,/])"
_TOKEN = re.compile(
    rf"(?P<marker>{_MARKER})"
    r"|(?P<heading>(?<=[A-Za-z列栏])\d+)"  # digits of a generic column header ("Column3", "列3"): text, not values
    rf"|(?P<glued>\d+)(?={_MARKER})"  # digits glued to the next item's number: "00000002.其他…"
    r"|(?P<num>\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?)"  # a number, thousands separators allowed
    r"|(?P<slash>/)"  # "/" printed in the 规章 row by agencies without rule-making power
    r"|(?P<dash>(?<!\S)[-—–―]{1,2}(?!\S))"  # a lone dash printed in a cell instead of a number
    rf"|(?P<blank>{BLANK})"  # an empty grid cell among the numbers of a row
    r"|(?P<space>\s+)"
    rf"|(?P<char>[^\d\s/{BLANK}\-—–―]+|.)",  # text: a run of characters no other token can start, one match
    re.S,
)


@dataclass
class Group:
    """Numbers separated only by white space; ``pos`` is the number of text characters before it."""

    pos: int
    chunks: list[str] = field(default_factory=list)
    by_position: bool = False  # given to a row whose label was not found, by its place among the rows
    lines: list[int] = field(default_factory=list)  # the text line of each chunk
    confirm: bool = False  # gathered from among header words: taken only when the row's own sums hold


@dataclass
class Tokens:
    chars: str
    groups: list[Group]
    char_lines: list[int] = field(default_factory=list)  # the text line of each character
    line_numbers: dict[int, list[str]] = field(default_factory=dict)  # line → its number chunks
    text_lines: set[int] = field(default_factory=set)  # lines that hold text characters
    placed: dict[int, list[Placed]] = field(default_factory=dict)  # line → its number chunks where they are printed

    @property
    def a_number_per_line(self) -> bool:
        """Whether every line that holds numbers holds one (LibreOffice's text, get_text: a cell per line)."""
        return all(len(chunks) == 1 for chunks in self.line_numbers.values())

    def numbers_only(self, line: int) -> list[str] | None:
        """The chunks of a line that holds numbers and nothing else, else None."""
        chunks = self.line_numbers.get(line)
        return chunks if chunks and line not in self.text_lines else None


def tokenize(text: str) -> Tokens:
    """Text characters (folded, white space dropped) and the number groups between them, each with its line.

    A digit run glued to an item label ("00000002.其他法律…") ends with the label's number: the last digit becomes the
    marker "2." and the digits before it a number chunk.
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    chars: list[str] = []
    tokens = Tokens("", [])
    current: Group | None = None
    line = line_start = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "space":
            if breaks := m.group().count("\n"):
                line += breaks
                line_start = m.start() + m.group().rindex("\n") + 1
            continue
        if kind in ("num", "glued", "slash", "dash", "blank"):
            chunk = {"dash": "—", "blank": ""}.get(kind, m.group().replace(",", ""))
            if current is None:
                current = Group(len(chars))
                tokens.groups.append(current)
            current.chunks.append(chunk)
            current.lines.append(line)
            tokens.line_numbers.setdefault(line, []).append(chunk)
            where = Placed(chunk, m.start() - line_start, m.end() - line_start, len(tokens.groups))
            tokens.placed.setdefault(line, []).append(where)
            continue
        if kind == "marker":
            chars.extend((m.group()[0], "."))
            tokens.char_lines += [line, line]
        else:
            if m.group() == "," and (last := tokens.placed.get(line)) and last[-1].end == m.start() - line_start:
                last[-1] = replace(last[-1], comma=True)  # "12,70": the head of "12,703" wrapped in its cell
            chars.extend(m.group())
            tokens.char_lines += [line] * len(m.group())
        tokens.text_lines.add(line)
        current = None
    tokens.chars = "".join(chars)
    return tokens


# ---- layouts: the labels of a table in reading order and its data rows ---------------------------------------------


@dataclass(frozen=True)
class RowSlot:
    key: str
    cols: tuple[str, ...]
    kinds: tuple[str, ...]
    label: int | None  # index into Layout.labels of the row's own label, None for table 四's unlabelled row


@dataclass(frozen=True)
class Layout:
    table: str
    variant: str
    labels: tuple[str, ...]  # folded label texts in reading order (header, group and row labels)
    rows: tuple[RowSlot, ...]
    groups: tuple[str, ...] = ()  # folded group labels spanning several data rows, left out of ``labels``


def _row_of(address: str) -> int:
    return parse_address(address)[0]


def _span_rows(text: spec.Text) -> tuple[int, int]:
    if not text.span:
        r = _row_of(text.address)
        return r, r
    first, last = text.span.split(":")
    return _row_of(first), _row_of(last)


def layout(table: spec.TableSpec, variant: str = "2021") -> Layout:
    """The labels of an official table in reading order, and its data rows (derived once per table and variant)."""
    return _layout(table.key, variant)


@cache
def _layout(table_key: str, variant: str) -> Layout:
    """The labels of an official table in reading order, and its data rows, derived from its spec.

    Kept: the header and each data row's own label (the right-most single-row label of the row). Left out: the group
    labels that span several data rows ("三、本年度办理结果", "（三）不予公开"): reports print them vertically, split
    by page breaks or between other rows, so they would only pull the alignment away from the row labels. The 2019
    variant of table 三 has one （六）其他处理 row, named by that group label, instead of its three sub-rows.
    """
    table = spec.TABLES[table_key]
    old_items = {r.item for r in spec.T3_ROWS if r.group == spec.T3_OLD_OTHER} if variant == "2019" else set()
    texts = sorted(table.texts, key=lambda t: parse_address(t.address))
    data_rows: dict[int, list[spec.DataCell]] = {}
    for cell in table.cells:
        data_rows.setdefault(_row_of(cell.address), []).append(cell)
    labels: list[str] = []
    groups: list[str] = []
    label_of_row: dict[int, int] = {}
    for t in texts:
        top, bottom = _span_rows(t)
        if t.text in old_items:
            continue
        if variant == "2019" and t.text == spec.T3_OLD_OTHER:
            bottom = top
        elif top != bottom and top >= min(data_rows):
            groups.append(fold(t.text))
            continue
        if top == bottom and top in data_rows:
            label_of_row[top] = len(labels)
        labels.append(fold(t.text))
    rows: list[RowSlot] = []
    for r, cells in sorted(data_rows.items()):
        key = cells[0].row
        if old_items and key in spec.T3_OTHER_ROWS:
            if any(row.key == spec.T3_OLD_OTHER for row in rows):
                continue  # the three sub-rows are one row in 2019
            key = spec.T3_OLD_OTHER
        rows.append(RowSlot(key, tuple(c.col for c in cells), tuple(c.kind for c in cells), label_of_row.get(r)))
    return Layout(table.key, variant, tuple(labels), tuple(rows), tuple(groups))


def layout_2019() -> Layout:
    """Table 三 of the 2019 trial format: one （六）其他处理 row instead of three."""
    return layout(spec.TABLE3, "2019")


# ---- alignment of labels --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: int  # first text character of the label
    end: int  # one past its last character
    coverage: float


def locate_labels(lay: Layout, chars: str) -> list[Span | None]:
    """Where each label sits among the text characters, or None when too little of it is there."""
    expected = "".join(lay.labels)
    owner = [i for i, text in enumerate(lay.labels) for _ in text]
    hits: list[list[int]] = [[] for _ in lay.labels]
    matcher = difflib.SequenceMatcher(None, expected, chars, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            hits[owner[a + k]].append(b + k)
    spans: list[Span | None] = []
    for text, positions in zip(lay.labels, hits, strict=True):
        cluster = _densest(positions)
        coverage = min(1.0, len(cluster) / max(len(_core(text)), 1))
        spans.append(Span(cluster[0], cluster[-1] + 1, coverage) if cluster and coverage >= _LABEL_COVERAGE else None)
    return spans


def _core(label: str) -> str:
    """A label without its trailing note in brackets: many reports print "（二）部分公开" without
    "（区分处理的，只计这一情形，不计其他情形）"."""
    core = re.sub(r"\([^()]*\)$", "", label)
    return core if len(core) >= 4 else label


def _densest(positions: list[int]) -> list[int]:
    """The largest run of matched positions with no gap wider than _LABEL_GAP (stray single matches drop out)."""
    best: list[int] = []
    run: list[int] = []
    for p in positions:
        if run and p - run[-1] > _LABEL_GAP:
            run = []
        run.append(p)
        if len(run) > len(best):
            best = list(run)
    return best


# ---- groups → rows --------------------------------------------------------------------------------------------------


#: Characters after the table's last label that occur in none of its labels ("以上数据截至…", a phone number's
#: "电话"): the table has ended and prose has begun.
_PROSE_CHARS = 4
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def _labelled_spans(lay: Layout, spans: list[Span | None]) -> list[tuple[int, Span]]:
    """(row index, where its label sits) of each row whose label was found, in row order."""
    out: list[tuple[int, Span]] = []
    for i, r in enumerate(lay.rows):
        span = spans[r.label] if r.label is not None else None
        if span is not None:
            out.append((i, span))
    return out


def _prose_start(lay: Layout, spans: list[Span | None], chars: str) -> int:
    """Where the table's text ends: at the first words after its last label that are not label words (a header
    printed out of order is made of label words). Its last row's numbers come before (numbers-first) or right
    after that label; figures further on belong to the prose that follows the table."""
    last = max((s.end for s in spans if s), default=None)
    if last is None:
        return len(chars) + 1
    alphabet = set("".join(lay.labels))
    seen = 0
    for i in range(last, len(chars)):
        if _WORD.match(chars[i]) and chars[i] not in alphabet:
            seen += 1
            if seen == _PROSE_CHARS:
                return i
    return len(chars) + 1


def assign_groups(
    lay: Layout, spans: list[Span | None], groups: list[Group], numbers_first: bool, chars: str = ""
) -> dict[int, list[Group]]:
    """Row index → the number groups that belong to it.

    A group inside a row label's span (a wrapped label with the numbers on its middle line) belongs to that row;
    otherwise to the nearest row label before it, or after it when the table prints numbers first.
    """
    out: dict[int, list[Group]] = {}
    labelled = _labelled_spans(lay, spans)
    cut = _prose_start(lay, spans, chars)
    groups = [g for g in groups if g.pos <= cut]
    if not any(r.label is not None for r in lay.rows):  # table 四: one unlabelled row takes the numbers in the table
        return _unlabelled_row(spans, groups, len(lay.rows[0].cols))
    for g in groups:
        row: int | None
        inside = [(s.end - s.start, i) for i, s in labelled if s.start < g.pos < s.end]
        if inside:
            row = min(inside)[1]
        elif numbers_first:
            after = [(s.start, i) for i, s in labelled if s.start >= g.pos]
            row = min(after)[1] if after else None
        else:
            before = [(s.end, i) for i, s in labelled if s.end <= g.pos]
            row = max(before)[1] if before else None
        if row is not None:
            out.setdefault(row, []).append(g)
    return _repair_unlabelled(lay, spans, out, numbers_first)


def _unlabelled_row(spans: list[Span | None], groups: list[Group], width: int) -> dict[int, list[Group]]:
    """Table 四's one row: the numbers after its header, or, when it is printed as blocks each with its own header
    (行政复议 / 结果维持 … / numbers, 行政诉讼 …), the numbers after the first header word."""
    found = [s for s in spans if s]
    header_end = max((s.end for s in found), default=0)
    chosen = [g for g in groups if g.pos >= header_end]
    if sum(len(g.chunks) for g in chosen) < width and found:  # too few: perhaps blocks, each under its header
        blocks = [g for g in groups if g.pos >= min(s.start for s in found)]
        if len(blocks) == len(spec.T4_BLOCKS) and all(len(g.chunks) * len(blocks) == width for g in blocks):
            chosen = blocks  # whole blocks, each after its header
        elif sum(len(g.chunks) for g in blocks) == width:
            # numbers scattered among the header words (a column-wise text dump): in reading order they may be the
            # row, or not; only the row's own sums can tell, so the reading must be confirmed by them
            chosen = [replace(g, confirm=True) for g in blocks]
    chosen = chosen or groups
    return {0: chosen} if chosen else {}


def _repair_unlabelled(
    lay: Layout, spans: list[Span | None], out: dict[int, list[Group]], numbers_first: bool
) -> dict[int, list[Group]]:
    """A row whose label was not found lends its numbers to its neighbour: give the extra group back.

    Label-first tables push the orphan group onto the row before; numbers-first ones onto the row after. Only when
    the row holds a group for itself and one for each unlabelled row beside it: more groups than that (a table
    printed in scrambled blocks, its labels not found in order) say nothing of which group is whose; nor when a
    group, the row's own or a lent one, holds another number of cells than its row has.
    """
    step = -1 if numbers_first else 1
    for i in sorted(out, reverse=numbers_first):
        groups = out[i]
        if len(groups) > 1 + _unlabelled_beside(lay, spans, out, i, step):
            continue
        if len(groups) > 1 and not _lent_fit(lay, groups, i, step):
            continue
        j = i + step
        while len(groups) > 1 and 0 <= j < len(lay.rows):
            row = lay.rows[j]
            if row.label is None or spans[row.label] is not None or j in out:
                break
            out[j] = [
                replace(groups.pop(-1 if step == 1 else 0), by_position=True)
            ]  # a copy: both readings share groups
            j += step
    return out


def _lent_fit(lay: Layout, groups: list[Group], i: int, step: int) -> bool:
    """Whether row ``i`` keeps a group of as many numbers as it has cells, and each group it lends (the last first,
    as ``_repair_unlabelled`` lends them) has as many as the row that takes it."""
    kept, lent = (groups[0], groups[:0:-1]) if step == 1 else (groups[-1], groups[:-1])
    rows = [i + step * (k + 1) for k in range(len(lent))]
    return len(kept.chunks) == len(lay.rows[i].cols) and all(
        0 <= j < len(lay.rows) and len(g.chunks) == len(lay.rows[j].cols) for g, j in zip(lent, rows, strict=True)
    )


def _unlabelled_beside(lay: Layout, spans: list[Span | None], out: dict[int, list[Group]], i: int, step: int) -> int:
    """How many rows next to row ``i`` (after it, or before it with ``step`` -1) have labels not found and no
    numbers: the rows it may lend a group to."""
    j = i + step
    while 0 <= j < len(lay.rows):
        row = lay.rows[j]
        if row.label is None or spans[row.label] is not None or j in out:
            break
        j += step
    return abs(j - i) - 1


# ---- splitting run-together digits ----------------------------------------------------------------------------------

_WHOLE = ("/", "—", "")
_COUNT = re.compile(r"0|[1-9]\d*")
_FEE = re.compile(r"(0|[1-9]\d*)(\.\d+)?")


def _valid_part(part: str, kind: str) -> bool:
    return bool((_FEE if kind == "fee" else _COUNT).fullmatch(part))


class _TooMany(Exception):
    """More ways to split than can be weighed: the row cannot be read."""


def splits(
    chunks: list[str],
    kinds: tuple[str, ...],
    accept: Callable[[list[str]], bool] = lambda _parts: True,
    shared: list[int] | None = None,
) -> Iterator[tuple[str, ...]]:
    """Every way to cut the chunks into len(kinds) well-formed cells (no leading zeros, decimals only in fees).

    ``accept`` sees each partial split as it grows, so identities inside the row (table 四's blocks) prune early.
    Raises _TooMany past _MAX_CANDIDATES steps, or when the ``shared`` budget of the whole reading runs out.
    """
    n = len(kinds)
    budget = [_MAX_CANDIDATES]
    shared = shared if shared is not None else [_MAX_TABLE_STEPS]
    parts: list[str] = []

    def rec(ci: int, offset: int) -> Iterator[tuple[str, ...]]:
        budget[0] -= 1
        shared[0] -= 1
        if budget[0] < 0 or shared[0] < 0:
            raise _TooMany
        if ci == len(chunks):
            if len(parts) == n:
                yield tuple(parts)
            return
        cell = len(parts)
        if n - cell < len(chunks) - ci:  # every chunk left needs a cell of its own
            return
        rest = chunks[ci][offset:]
        if rest in _WHOLE:  # "/", "—" and a blank fill one cell each and are never split
            parts.append(rest)
            if accept(parts):
                yield from rec(ci + 1, 0)
            parts.pop()
            return
        later = sum(len(c) for c in chunks[ci + 1 :])
        last = cell == n - 1  # the last cell takes everything that is left
        for size in range(len(rest), len(rest) + 1) if last else range(1, len(rest) + 1):
            if len(rest) - size + later < n - cell - 1:
                break  # too few digits left for the cells after this one
            part = rest[:size]
            if not _valid_part(part, kinds[cell]):
                if part.startswith("0"):
                    break  # a leading zero only ever stands alone
                continue
            parts.append(part)
            if accept(parts):
                yield from rec(ci + 1, 0) if size == len(rest) else rec(ci, offset + size)
            parts.pop()

    yield from rec(0, 0)


def value_of(text: str, kind: str) -> object:
    """A cell as read: counts as int when they are plain digits, fees as their decimal text, anything else as text."""
    if text == "":
        return None
    if kind == "fee":
        return text
    return int(text) if text.isdigit() else text


def _prior(values: tuple[object, ...]) -> float:
    """Scale-invariant prior (Benford-like): among splits that are otherwise equal, smaller counts are likelier."""
    return sum(math.log1p(float(v)) for v in values if isinstance(v, int | float))


def _plausible(table: str, row: str, cols: tuple[str, ...], values: tuple[object, ...]) -> bool:
    """Soft facts of table 二's document rows: the documents issued this year are in force at year end unless
    repealed the same year, which is rare, so 现行有效件数 ≥ 本年制发件数."""
    if table != "table2" or row not in spec.T2_DOC_ROWS:
        return True
    cell = dict(zip(cols, values, strict=True))
    issued, valid = cell.get(spec.T2_DOC_COLS[0]), cell.get(spec.T2_DOC_COLS[2])
    return not (isinstance(issued, int) and isinstance(valid, int) and valid < issued)


# ---- identities for a layout ----------------------------------------------------------------------------------------


@cache
def identities(lay: Layout) -> list[spec.Identity]:
    """The spec's identities for this table, with the 2019 single （六）其他处理 row in place of its three sub-rows."""
    keys = {r.key for r in lay.rows}
    out: list[spec.Identity] = []
    for ident in spec.IDENTITIES:
        if ident.table != lay.table:
            continue
        if all(k[0] in keys for k in ident.members()):
            out.append(ident)
            continue
        if lay.variant == "2019" and ident.total[0] in keys:
            terms = tuple(
                dict.fromkeys((spec.T3_OLD_OTHER, c) if r in spec.T3_OTHER_ROWS else (r, c) for r, c in ident.terms)
            )
            out.append(spec.Identity(ident.rule, ident.table, ident.total, terms, ident.minus))
    if lay.variant == "2019":
        old = spec.T3_OLD_OTHER
        out.append(spec.Identity("T-3", "table3", (old, spec.T3_TOTAL), tuple((old, c) for c in spec.T3_COLS[:-1])))
    return out


def _holds(ident: spec.Identity, values: Mapping[tuple[str, str], object]) -> bool | None:
    """True/False when every value of the identity is a number, None when it cannot be evaluated."""
    nums: dict[tuple[str, str], int] = {}
    for k in ident.members():
        v = values.get(k)
        if not isinstance(v, int):
            return None
        nums[k] = v
    return nums[ident.total] == sum(nums[k] for k in ident.terms) - sum(nums[k] for k in ident.minus)


# ---- the result -----------------------------------------------------------------------------------------------------


@dataclass
class TableRead:
    """What was read of one table: values, how each was read, and notes for the user (Chinese)."""

    table: str
    variant: str
    values: dict[tuple[str, str], object]
    provenance: dict[tuple[str, str], str]
    notes: list[str]
    labels_found: int
    labels_total: int
    labelled: frozenset[str] = frozenset()  # the rows whose own label was found
    cut: int = 0  # rows read by cutting the numbers of several rows printed after one label
    ambiguous: frozenset[tuple[str, str]] = frozenset()  # cells chosen among surviving splits (alternatives noted)

    @property
    def missing(self) -> int:
        return sum(1 for p in self.provenance.values() if p == MISSING)

    @property
    def inferred(self) -> int:
        return sum(1 for p in self.provenance.values() if p == INFERRED)

    def score(self) -> tuple[int, int, int]:
        """Higher is better: identities that hold minus those broken, cells read, labels found."""
        lay = layout_2019() if self.variant == "2019" else layout(spec.TABLES[self.table])
        balance = 0
        for ident in identities(lay):
            held = _holds(ident, self.values)
            balance += 0 if held is None else (1 if held else -1)
        return balance, len(self.provenance) - self.missing, self.labels_found


def read_table(lay: Layout, text: str, evidence: Sequence[Evidence] | None = None) -> TableRead:
    """Read one table from the text of its region; tries label-first and numbers-first reading and keeps the better.
    ``evidence``: what other sources say of its cells, strongest first (the narrative, last year's report), to settle
    run-together digits (``evidence.Evidence``)."""
    tokens = tokenize(text)
    spans = locate_labels(lay, tokens.chars)
    found = sum(1 for s in spans if s)
    in_table = _numbers_in(tokens, _prose_start(lay, spans, tokens.chars))
    assignments = [assign_groups(lay, spans, tokens.groups, first, tokens.chars) for first in (False, True)]
    by_columns = _by_columns(lay, spans, tokens)
    reads = [
        _read(lay, spans, assigned, found, tokens, evidence, numbers_first is False, in_table, by_columns=by_columns)
        for assigned, numbers_first in zip(assignments, (False, True), strict=True)
    ]
    best = max(reads, key=TableRead.score)
    if reads[0].score() == reads[1].score():
        best = _tie(reads, assignments, tokens)
    if (
        (best.missing or best.cut or best.score()[0] < 0)
        and lay.variant == "2021"
        and any(r.label is not None for r in lay.rows)
    ):
        everywhere = _numbers_in(tokens, len(tokens.chars) + 1)
        by_rows = _read(
            lay,
            spans,
            assign_by_rows(lay, tokens),
            found,
            tokens,
            evidence,
            available=everywhere,
            aligned=False,
            by_columns=by_columns,
        )
        # as good, with fewer cells inferred: the rows placed line by line rather than cut out of a run
        if (by_rows.score(), -by_rows.inferred) > (best.score(), -best.inferred):
            return by_rows
    return best


def _by_columns(lay: Layout, spans: list[Span | None], tokens: Tokens) -> dict[int, Reading]:
    """Row index → its cells as the columns of the text place them (``columns``: pdftotext -layout), for the rows
    of a table whose rows all have as many cells and whose labels were found."""
    widths = {len(r.cols) for r in lay.rows}
    if len(lay.rows) == 1 and lay.rows[0].label is None:  # table 四: one row, no label
        lone = read_lone_row(tokens.placed, tokens.text_lines, len(lay.rows[0].cols))
        return {0: lone} if lone else {}
    if len(widths) != 1 or all(r.label is None for r in lay.rows):
        return {}
    own = {i: sorted(lines) for i, r in enumerate(lay.rows) if (lines := _span_lines(r, spans, tokens))}
    last = max([*tokens.text_lines, *tokens.line_numbers], default=0)
    empty = frozenset(k for k in range(last) if k not in tokens.text_lines and k not in tokens.line_numbers)
    width = widths.pop()
    total = width - 1 if lay.rows[0].cols[-1] == spec.T3_TOTAL else None  # the row's sums check it (_sums_hold)
    read, by_order = read_rows_proved(own, tokens.placed, width, empty, total)
    inside_of = _row_identities(identities(lay))
    kept = {
        i: r
        for i, r in read.items()
        if not r[0]
        or _gaps_hold(lay.rows[i], r[0], inside_of.get(lay.rows[i].key, []))
        and (i not in by_order or _sums_hold(lay.rows[i], r[0], inside_of.get(lay.rows[i].key, [])))
        and not _broken_across_page(lay, spans, tokens, lay.rows[i], r, inside_of.get(lay.rows[i].key, []))
    }
    for i, (parts, used) in kept.items():
        if parts and _swapped(lay.rows[i], parts, inside_of.get(lay.rows[i].key, [])) is not None:
            kept[i] = ((), used)  # the line's order is evidence, not proof: the row is unread (_row_by_columns)
    return kept


def _sums_hold(row: RowSlot, parts: tuple[str, ...], inside: list[spec.Identity]) -> bool:
    """A row that only the order of its numbers across the page places (no whole row printed near it to give the
    columns) is kept only when its own sums hold: a safeguard for the weaker evidence. Such a row with a misprinted
    cell is left to the reader by labels."""
    values = tuple(value_of(p, k) for p, k in zip(parts, row.kinds, strict=True))
    return _row_holds(row, values, inside)


def _swapped(row: RowSlot, parts: tuple[str, ...], inside: list[spec.Identity]) -> tuple[object, ...] | None:
    """A row read by the columns of the text whose own sums fail as printed but hold with two neighbouring cells
    swapped: that reading, else None. pdftotext -layout places words by flows, and within one line the left-to-right
    order is not always the page's (其他 and 总计 printed the other way round); a misprinted cell rarely breaks the
    sums so that a swap mends them, so the order printed is no proof there."""
    if "" in parts or not inside:
        return None
    values = tuple(value_of(p, k) for p, k in zip(parts, row.kinds, strict=True))
    if _row_holds(row, values, inside):
        return None
    for j in range(len(values) - 1):
        swapped = (*values[:j], values[j + 1], values[j], *values[j + 2 :])
        if swapped[j] != swapped[j + 1] and _row_holds(row, swapped, inside):
            return swapped
    return None


def _gaps_hold(row: RowSlot, parts: tuple[str, ...], inside: list[spec.Identity]) -> bool:
    """A row read with blank cells keeps them only when its own sums hold with the blanks as 0 (a clerk's empty 0):
    a gap that breaks them is more likely two cells printed as one ("1  43  44" for 1, 43, 4, 4 on a line that
    pdftotext set askew), which the reader by labels then weighs. Rows without gaps are read as printed, sums or not."""
    if "" not in parts:
        return True
    values = tuple(0 if p == "" else value_of(p, k) for p, k in zip(parts, row.kinds, strict=True))
    return _row_holds(row, values, inside)


def _tie(reads: list[TableRead], assignments: list[dict[int, list[Group]]], tokens: Tokens) -> TableRead:
    """Of the label-first and numbers-first readings, which the sums score alike. In a table printed a cell per line
    (LibreOffice's text, get_text), the reading that gives more of the printed cells to some row: the other leaves
    those after the last label, or before the first, to none; numbers-first with what the other reads differently
    left unread (``_numbers_first_unsettled``). Otherwise (pdftotext's default mode prints the heads of
    a first row's wrapped cells before its label, so a cell left to no row tells nothing there), or placing as many,
    the label-first reading with what the other reads differently flagged (``_label_first_flagged``)."""
    if tokens.a_number_per_line:
        placed = [sum(len(g.chunks) for groups in a.values() for g in groups) for a in assignments]
        if placed[0] > placed[1]:
            return reads[0]
        if placed[1] > placed[0]:
            return _numbers_first_unsettled(*reads)
    return _label_first_flagged(*reads)


def _read_otherwise(kept: TableRead, other: TableRead) -> tuple[set[tuple[str, str]], list[str]]:
    """The cells the kept reading reads that the other reading reads differently or not at all, and the words of
    their rows (for the note): where the two orientations of a table disagree."""
    differ = {
        cell
        for cell, how in kept.provenance.items()
        if how != MISSING and (other.provenance.get(cell) == MISSING or kept.values.get(cell) != other.values.get(cell))
    }
    lay = layout_2019() if kept.variant == "2019" else layout(spec.TABLES[kept.table])
    return differ, [_row_words(lay, r) for r in lay.rows if any((r.key, c) in differ for c in r.cols)]


def _numbers_first_unsettled(label_first: TableRead, numbers_first: TableRead) -> TableRead:
    """The numbers-first reading of a table printed a number per line that places more of its numbers, with every
    cell that the label-first one reads differently left unread: a text that prints HTML's cells (LibreOffice's,
    get_text) never puts a row's numbers before its label, so this is pdftotext's default mode, where numbers left to
    no row (a blank row, labels printed elsewhere) tell nothing of the orientation."""
    differ, rows = _read_otherwise(numbers_first, label_first)
    if not differ:
        return numbers_first
    note = (
        f"表{spec.TABLES[numbers_first.table].section}的数字按“印在标签之后”和“印在标签之前”两种读法同样说得通（勾稽关系"
        f"分不出，后一种放进的数多些，但留空的行或印在别处的标签也会如此），两种读法读到的数不同的行未读取：{'、'.join(rows)}"
    )
    return replace(
        numbers_first,
        values={c: (None if c in differ else v) for c, v in numbers_first.values.items()},
        provenance={c: MISSING if c in differ else how for c, how in numbers_first.provenance.items()},
        notes=[*numbers_first.notes, note],
    )


def _label_first_flagged(label_first: TableRead, numbers_first: TableRead) -> TableRead:
    """Of two readings that score alike and place as many numbers (numbers after their labels, numbers before them),
    the label-first one, as nearly every converter prints a row (a label, then its cells), with every cell that the
    other reading reads differently or not at all marked inferred and ambiguous: the table itself does not tell its
    orientation then (a blank last row read label-first is a blank first row read numbers-first), so those cells are
    not read as printed."""
    differ, rows = _read_otherwise(label_first, numbers_first)
    if not differ:
        return label_first
    provenance = {c: INFERRED if c in differ else how for c, how in label_first.provenance.items()}
    note = (
        f"表{spec.TABLES[label_first.table].section}的数字按“印在标签之后”和“印在标签之前”两种读法同样说得通（勾稽关系"
        f"和数字的个数都分不出），已按常见的“印在标签之后”读取；以下各行按另一种读法读到的数不同，标记为推断，请核对原文："
        f"{'、'.join(rows)}"
    )
    return replace(
        label_first, provenance=provenance, notes=[*label_first.notes, note], ambiguous=label_first.ambiguous | differ
    )


_CELL_MARKS = re.compile(r"[|｜:]")


def _numbers_in(tokens: Tokens, cut: int) -> int:
    """How many numbers the groups before ``cut`` hold (page numbers are gone already: ``text.clean``)."""
    return sum(1 for g in tokens.groups if g.pos <= cut for c in g.chunks if c)


def assign_by_rows(lay: Layout, tokens: Tokens) -> dict[int, list[Group]]:
    """Row index → its numbers, matching every line on its own (``rows``): for rows out of order, displaced labels
    and number lines before or after their label."""
    texts: dict[int, list[str]] = {}
    for ch, line in zip(tokens.chars, tokens.char_lines, strict=True):
        texts.setdefault(line, []).append(ch)
    lines = [
        Line(k, _CELL_MARKS.sub("", "".join(texts.get(k, []))), tuple(tokens.line_numbers.get(k, ())))
        for k in sorted(set(texts) | set(tokens.line_numbers))
    ]
    labels = [_core(lay.labels[r.label]) if r.label is not None else None for r in lay.rows]
    printed = [
        tuple(dict.fromkeys((lay.labels[r.label], label))) if r.label is not None and label else ()
        for r, label in zip(lay.rows, labels, strict=True)
    ]
    placed = place_rows(labels, lines, [len(r.cols) for r in lay.rows], printed)
    out: dict[int, list[Group]] = {}
    for i, where in placed.items():
        group = Group(0, by_position=where.by_position)
        for k in where.lines:
            group.chunks += tokens.line_numbers.get(k, [])
            group.lines += [k] * len(tokens.line_numbers.get(k, []))
        out[i] = [group]
    return out


def _row_identities(idents: list[spec.Identity]) -> dict[str, list[spec.Identity]]:
    """Row key → the identities that lie inside that one row (table 三's 总计 column, table 四's blocks)."""
    out: dict[str, list[spec.Identity]] = {}
    for d in idents:
        rows_of = {k[0] for k in d.members()}
        if len(rows_of) == 1:
            out.setdefault(rows_of.pop(), []).append(d)
    return out


def _row_holds(row: RowSlot, values: tuple[object, ...], inside: list[spec.Identity]) -> bool:
    cells = dict(zip(((row.key, c) for c in row.cols), values, strict=True))
    return all(_holds(d, cells) is not False for d in inside)


def _label_lines(lay: Layout, row: RowSlot, spans: list[Span | None], tokens: Tokens) -> list[int]:
    """The lines that carry a row's label, and the line after it (where a label-first row prints its numbers)."""
    span = spans[row.label] if row.label is not None else None
    if span is None or not tokens.char_lines:
        return []
    first, last = tokens.char_lines[span.start], tokens.char_lines[span.end - 1]
    return list(range(first, last + 2))


def _rewrapped(
    lay: Layout,
    row: RowSlot,
    spans: list[Span | None],
    tokens: Tokens,
    inside: list[spec.Identity],
    pairs: list[tuple[str, int]],
) -> list[tuple[object, ...]]:
    """A row whose widest numbers wrapped inside their narrow cells, read back from where the halves went:

    * in page order (pdfplumber, pdftotext -layout): "1755" on the line above the label line, "2" on the line
      below; the label line holds the other cells, the lines above and below the halves of each wrapped cell;
    * in a line-per-cell stream (pdftotext -raw): a half on the next line, right after the other half. Where every
      number is on a line of its own (pdftotext's default mode), the blocks of wrapped cells may print after cells
      to their right ("22 32 40 1 27 4 313 6 54 40": 3136 is 社会公益组织's, before 27 and 4): the joined cells are
      offered in the other places too, and a row whose sums hold with more than one is not read.

    Every reading that satisfies the row's own identities, best first; empty when the row has none to confirm a
    reading or nothing fits (the row is then not read)."""
    n = len(row.cols)
    if not inside:
        return []
    out: list[tuple[object, ...]] = []

    def offer(parts: list[str]) -> None:
        if (values := _held(row, parts, inside)) is not None and values not in out:
            out.append(values)

    extra = len(pairs) - n
    breaks = [
        j
        for j in range(1, len(pairs))
        if pairs[j][1] != pairs[j - 1][1] and pairs[j][0] not in _WHOLE and pairs[j - 1][0] not in _WHOLE
    ]
    if 0 < extra <= len(breaks) and math.comb(len(breaks), extra) <= _MAX_CANDIDATES // 10:
        for joins in combinations(breaks, extra):
            parts: list[str] = []
            wrapped: list[int] = []  # the cells joined from halves
            for j, (chunk, _line) in enumerate(pairs):
                if j in joins:
                    parts[-1] += chunk
                    wrapped.append(len(parts) - 1)
                else:
                    parts.append(chunk)
            offer(parts)
            if tokens.a_number_per_line and len(parts) == n:
                _offer_moved(parts, sorted(set(wrapped)), offer)
    for middle, above, below in _wrapped_lines(lay, row, spans, tokens):
        joined = [a + b for a, b in zip(above, below, strict=True)]
        for places in combinations(range(n), len(joined)):
            rest, wraps = iter(middle), iter(joined)
            offer([next(wraps) if j in places else next(rest) for j in range(n)])
    out.sort(key=lambda v: _rank(lay, row, v))
    return out


def _offer_moved(parts: list[str], wrapped: list[int], offer: Callable[[list[str]], None]) -> None:
    """Offer ``parts`` with its cells joined from halves (at ``wrapped``) in every other place, in their order, the
    whole cells in theirs."""
    joined = [parts[k] for k in wrapped]
    whole = [c for k, c in enumerate(parts) if k not in wrapped]
    for places in combinations(range(len(parts)), len(joined)):
        rest, wraps = iter(whole), iter(joined)
        offer([next(wraps) if j in places else next(rest) for j in range(len(parts))])


def _halves_line(lay: Layout, spans: list[Span | None], tokens: Tokens, line: int) -> list[str] | None:
    """The numbers of a line that may hold the heads or tails of wrapped cells: a line of numbers that carries no
    row's label. A fragment of a group label may stand beside them, as the group's narrow column wraps too
    ("（五）不    5539   4808 10347" over "3.要求提供公开出版物 0 0 0 0", "予处理   7   2   9" under it)."""
    chunks = tokens.line_numbers.get(line)
    if not chunks or (line in tokens.text_lines and any(line in _span_lines(r, spans, tokens) for r in lay.rows)):
        return None
    return chunks


def _span_lines(row: RowSlot, spans: list[Span | None], tokens: Tokens) -> set[int]:
    """The lines the row's own label is printed on (empty when the label was not found)."""
    span = spans[row.label] if row.label is not None else None
    if span is None or not tokens.char_lines:
        return set()
    return set(range(tokens.char_lines[span.start], tokens.char_lines[span.end - 1] + 1))


def _own_line_elsewhere(row: RowSlot, spans: list[Span | None], tokens: Tokens, pairs: list[tuple[str, int]]) -> bool:
    """The row's label shares a line with exactly as many numbers as the row has cells, and none of them was given
    to the row: the row's own printed numbers went to another row, so whatever it was given is not its own."""
    used = {line for _c, line in pairs}
    own = [
        line
        for line in _span_lines(row, spans, tokens)
        if line in tokens.text_lines and len(tokens.line_numbers.get(line, ())) == len(row.cols)
    ]
    return bool(own) and not used & set(own)


def _on_another_label(t: _Table, row: RowSlot, pairs: list[tuple[str, int]]) -> RowSlot | None:
    """The other row whose own label is printed on a line that gave this row numbers, where no piece of this row's
    label is: numbers printed beside a row's label are that row's (a reading that shifts them to the next or the
    previous row, as numbers-first reading does where a row's right-hand cells print a line lower, is not what is
    printed). Not in a table printed a cell per line, where a number beside a label may be the last of the row
    before (pdftotext's default mode)."""
    if t.tokens.a_number_per_line:
        return None
    own, owner = _span_lines(row, t.spans, t.tokens), _label_owner(t.lay, t.spans, t.tokens)
    return next((owner[line] for _c, line in pairs if line not in own and line in owner), None)


def _displaced(row: RowSlot, spans: list[Span | None], tokens: Tokens, pairs: list[tuple[str, int]]) -> bool:
    """The row's numbers are not printed where a row's numbers are read as printed: several lines holding more than
    one number each (cells wrapped over lines, rows interleaved), or a line apart from the row's label. One number
    per line with no text between (LibreOffice's text, get_text: a cell per line) and numbers on the label's own
    lines are as printed, and so is table 四's unlabelled row alone on a line; pdftotext's default mode also prints
    most cells one per line, but with a wrapped label's lines among them and the halves of wrapped cells on lines of
    several numbers ("2463 8344 1029 …" then the tails "8", "2", "96" one per line)."""
    lines = {line for _c, line in pairs}
    if (
        len(lines) == len(pairs)
        and not any(k in tokens.text_lines for k in range(min(lines) + 1, max(lines) + 1))
        and tokens.a_number_per_line
    ):
        return False  # the table is printed a cell per line, and nothing is printed between this row's cells
    if row.label is None and len(lines) == 1 and len(tokens.numbers_only(min(lines)) or ()) == len(pairs):
        return False  # table 四's one row, which has no label: its numbers alone on a line, as a grid row prints them
    return len(lines) > 1 or not lines <= _span_lines(row, spans, tokens)


def _after_own_label(
    lay: Layout, row: RowSlot, spans: list[Span | None], tokens: Tokens, pairs: list[tuple[str, int]]
) -> bool:
    """The row's numbers are one line of numbers alone, as many as its cells, printed right after its label's last
    line (or right before its first), and no other row can have that line: the row whose label comes next (before,
    for numbers printed before a label) has its numbers on its label's own line, or a line of its own right after
    (before) it in turn, and so on to such a row or the end of the table. This is how pdftotext -raw and pdfplumber
    print a row whose label wraps ("2.没有现成信息需要另行制" / "作" / "5 10 9 5 9 5 42"): read as printed, as a
    row on its label's line is, whatever its sums say (a planted error is reported at its cell, issue 13 item 4)."""
    lines = {line for _c, line in pairs}
    own = _span_lines(row, spans, tokens)
    if len(lines) != 1 or not own or any(line in tokens.line_numbers for line in own):
        return False
    (line,) = lines
    if len(tokens.numbers_only(line) or ()) != len(row.cols):
        return False
    owner = _label_owner(lay, spans, tokens)
    step = +1 if line == max(own) + 1 else -1 if line == min(own) - 1 else 0
    if not step:
        return False
    other = (min(own) if step > 0 else max(own)) - step  # the line on the label's other side
    if other in tokens.line_numbers and other not in owner and not _bare_label(owner.get(other - step), spans, tokens):
        # numbers on both sides of the label, the far ones no other row's (words beside them or not: a group label's
        # piece, a head cut in its thousands "144,3"): the halves of wrapped cells
        return False
    return _claimed_by_none(lay, owner, spans, tokens, line, step)


def _numbers_on_both_sides(
    lay: Layout, row: RowSlot, spans: list[Span | None], tokens: Tokens, lines: set[int]
) -> bool:
    """The row's numbers come from two lines, its label's and one next to it, and the line on the label's other side
    holds numbers too, with no other row's label: three lines of numbers around one label, as wrapped cells print."""
    own = _span_lines(row, spans, tokens)
    if len(lines) != 2 or not own or not lines & own:
        return False
    owner = _label_owner(lay, spans, tokens)
    above, below = min(own) - 1, max(own) + 1  # outside the row's own label: any owner is another row
    for near, far, step in ((below, above, -1), (above, below, 1)):
        # past a line that holds neither numbers nor a row's label (a piece of a group label, or nothing: 1.5 line
        # spacing prints one between a row's label and the heads of its cells)
        for _ in range(_GAP_LINES):
            if (
                far in tokens.line_numbers
                or far in owner
                or (far in tokens.text_lines and not _group_piece(lay, tokens, far))
            ):
                break
            far += step
        if near in lines and far not in lines and far in tokens.line_numbers and far not in owner:
            return True
    return False


#: Lines without numbers or a row's label that may lie between a row's label and the halves of its wrapped cells.
_GAP_LINES = 2


def _halves_beside(t: _Table, g: _Given, values: tuple[object, ...]) -> str | None:
    """Why a row read from one line of numbers may not be that line alone, its sums notwithstanding: halves of wide
    cells wrapped in their columns beside it give a reading that its sums confirm as well. Three layouts:

    * numbers on its own label's lines after that line (``_tails_after``) complete some of its numbers in place, as
      their tails (pdfplumber: the label wraps, the tails print beside its second line);
    * lines of numbers just before its label (``_heads_before``) are the heads of its last numbers, printed after its
      whole cells (pdftotext's default mode; when only the wide cells wrap, the numbers as printed add up too);
    * when its sums fail as printed, the line just before its label completes some of its numbers in place, as their
      heads (pdfplumber: "2216 2220" over "3.要求提供公开出版物 7 0 0 0 42 0 9"). Not when they hold: a head joined
      in place to a cell and to the total alike keeps any sum, so the previous row's tails would join as well;
      unless the line holds a head for every cell ("209,6 25,18 … 535,2" over the label, "60 7 8 5 0 2 82" under it,
      the tables' text narrowed): joined each to its own cell, the sums do not hold by accident.

    The note saying so, or None. Not for a row without sums of its own, nor in a table printed a cell per line (the
    lines before a label are the cells of the row before)."""
    if not g.inside or t.tokens.a_number_per_line:
        return None
    shown = " ".join(c or "（空）" for c in g.chunks)
    said = f"{g.where}的数（{shown}）"
    if (tails := _tails_after(g, t.spans, t.tokens)) and (
        other := _joined_in_place(g.row, g.chunks, tails, g.inside, True)
    ):
        return (
            f"{said}之后，标签的下一行还印着数字（{' '.join(tails)}），可能是本行较宽几格折行的后半：拼合后也与本行合计"
            f"相符（如 {'、'.join(str(v) for v in other)}），无法确定对应关系，未读取"
        )
    fails = not _row_holds(g.row, values, g.inside)
    if tails and fails and len(tails) < len(g.row.cols):
        return (
            f"{said}与本行合计不符，标签的下一行还印着数字（{' '.join(tails)}），应是本行较宽几格折行的后半，拼合后"
            "也不相符（原文可能有误），不知这几个数接在哪几格，无法确定对应关系，未读取"
        )
    if proven := _proven_heads_before(t, g):
        shown_heads, why = proven
        return (
            f"{said}之前只印着数字的行（{shown_heads}），{why}，本行的数可能是它们折行的后半，无法确定对应关系，未读取"
        )
    lines = {line for _c, line in g.pairs}
    tails = _tails_below(t.lay, t.spans, t.tokens, g.row, lines) if fails else []
    if tails and (other := _joined_in_place(g.row, g.chunks, tails, g.inside, True)):
        return (
            f"{said}与本行合计不符，而其后隔着表头或页码的第一行只印着数字（{' '.join(tails)}），可能是本行较宽几格"
            f"跨页折行的后半：拼合后与本行合计相符（如 {'、'.join(str(v) for v in other)}），无法确定对应关系，未读取"
        )
    for k, heads in enumerate(_heads_before(t.lay, g.row, t.spans, t.tokens)):
        every = len(heads) == len(g.chunks)  # a head over every cell: joined, the sums hold by no accident
        other = _joined_from_last(g.row, g.chunks, heads, g.inside) or (
            _joined_in_place(g.row, g.chunks, heads, g.inside, every=every) if (fails or every) and k == 0 else None
        )
        if other:
            return (
                f"{said}之前只印着数字的行（{' '.join(heads)}）可能是本行较宽几格折行的前半：拼合后也与本行合计相符"
                f"（如 {'、'.join(str(v) for v in other)}），无法确定对应关系，未读取"
            )
    return None


#: How many lines of numbers before a label may hold the heads of its wrapped cells: pdftotext's default mode prints
#: them a line per block ("5348 4986 4236" then "1457"), or one per line ("59,01" "19,46" "45,13" "123,6"), so up to
#: one line for each cell but the last.
_HEAD_LINES = 6


def _heads_before(lay: Layout, row: RowSlot, spans: list[Span | None], tokens: Tokens) -> list[list[str]]:
    """The numbers on the lines just before the row's label that hold nothing else and carry no row's label, as the
    heads of its wide cells may be: those of the nearest line, then of it and the line above, and so on (fewer heads
    than the row has cells, or as many on the nearest line alone; a head cut at a thousands separator, "49,78", is
    one head)."""
    own = _span_lines(row, spans, tokens)
    owner = _label_owner(lay, spans, tokens)
    out: list[list[str]] = []
    heads: list[str] = []
    line = min(own, default=0) - 1
    while own and len(out) < _HEAD_LINES and line in tokens.placed and line not in owner:
        if not set(_line_words(tokens, line)) <= {","}:
            break
        heads = [p.chunk for p in cut_heads(tokens.placed[line])] + heads
        if len(heads) > len(row.cols) or (len(heads) == len(row.cols) and out):
            break
        out.append(heads)
        if len(heads) == len(row.cols):  # the nearest line, a head over every cell: no line above adds to it
            break
        line -= 1
    return out


def _proven_heads_before(t: _Table, g: _Given) -> tuple[str, str] | None:
    """The line just before the row's label, as printed, and why it is a line of heads of the row's wrapped cells
    for certain, when it holds nothing but numbers and carries no row's label: some of them are cut inside their
    thousands ("194,9", "1,115,"), or the row's own numbers hold tails ("02": no cell prints a leading 0). The row's
    numbers next to such heads may be their tails, whatever its sums say: one- and two-digit tails keep a row's sums
    modulo 100, and by chance often whole (a head over every cell that joins them so that the sums hold as well is
    ``_halves_beside``'s next case). None otherwise."""
    own = _span_lines(g.row, t.spans, t.tokens)
    line = min(own, default=0) - 1
    if not own or line not in t.tokens.placed or line in _label_owner(t.lay, t.spans, t.tokens):
        return None
    if not set(_line_words(t.tokens, line)) <= {","}:
        return None
    heads = cut_heads(t.tokens.placed[line])
    shown = " ".join(p.chunk for p in heads)
    if any(p.cut or p.comma for p in heads):
        return shown, "其中有在千分位中间断开的数，是折行的前半"
    if tails := [c for c in g.chunks if c[:1] == "0" and c[1:2].isdigit()]:
        return shown, f"本行的 {'、'.join(tails)} 以 0 开头，是折行的后半"
    return None


#: How many lines after a row may lie between it and the tails of its cells broken across a page: table 三's header
#: reprinted at the top of the next page takes some eight, the end of the page and its number some five more, and a
#: page laid out as printed (a PDF without ruling lines) keeps its blank lines: some twenty.
_PAGE_BREAK_LINES = 40


def _tails_below(lay: Layout, spans: list[Span | None], tokens: Tokens, row: RowSlot, lines: set[int]) -> list[str]:
    """The numbers of the first line after the row (its label's lines and ``lines``, those of its numbers) that
    holds numbers and nothing else (or beside a piece of a group label, or the end of its own label), past lines of
    words of no row's label (the header reprinted after a page break, a group label's piece), as the rest of its
    cells broken across the page may be; none when another row's label, or a line of numbers and other words, comes
    first."""
    owner = _label_owner(lay, spans, tokens)
    end = max(lines | _span_lines(row, spans, tokens))
    for line in range(end + 1, end + 1 + _PAGE_BREAK_LINES):
        if owner.get(line, row) is not row:
            return []
        if chunks := tokens.numbers_only(line):
            return chunks
        if line in tokens.line_numbers:
            # beside a piece of a group label ("本年" of 三、本年度办理结果) or the end of the row's own label, wrapped
            # past the break ("息" of 6.属于四类过程性信息): still the rest
            rest = _group_piece(lay, tokens, line) or _label_end(lay, row, tokens, line)
            return tokens.line_numbers[line] if rest else []
    return []


def _label_end(lay: Layout, row: RowSlot, tokens: Tokens, line: int) -> bool:
    """Whether a line's words are the end of the row's own label (its last characters, wrapped onto the line)."""
    words = _line_words(tokens, line)
    label = lay.labels[row.label] if row.label is not None else ""
    return bool(words) and len(words) < len(label) and label.endswith(words)


def _broken_across_page(
    lay: Layout, spans: list[Span | None], tokens: Tokens, row: RowSlot, reading: Reading, inside: list[spec.Identity]
) -> bool:
    """Whether a row read by columns whose sums fail may be no row as printed: halves joined from another line
    (the tails of the row above broken across a page, printed over its label after the header reprinted there: "5 3"
    over "5.属于三类内部事务信息 20 6 0 32 98 97 253" made 50 and 3253; the heads of the row below taken for its tails,
    "2510 4278 7358" beside "（三）"), or, made whole by the numbers printed after the header reprinted on the next
    page (``_tails_below``), the rest of its cells broken across the page."""
    parts, lines = reading
    if "" in parts or _sums_hold(row, parts, inside):
        return False
    if len(set(lines)) > 1 or set(lines) - _span_lines(row, spans, tokens):
        return True  # halves joined from lines apart: a wrong pairing breaks the sums as a misprint does
    tails = _tails_below(lay, spans, tokens, row, set(lines))
    return bool(tails) and _joined_in_place(row, list(parts), tails, inside, True) is not None


def _tails_after(g: _Given, spans: list[Span | None], tokens: Tokens) -> list[str]:
    """The numbers on the row's own label lines after the line its numbers were read from, as the tails of its wide
    cells may be (pdfplumber: "（六）其 1.申请人无正当理由逾期 0 3861 0 0 0 0 3861" over "他处理 不补正、行政机关不再
    9 9")."""
    lines = {line for _c, line in g.pairs}
    if len(lines) != 1:
        return []
    (line,) = lines
    return [c for k in sorted(_span_lines(g.row, spans, tokens)) if k > line for c in tokens.line_numbers.get(k, [])]


def _joined_in_place(
    row: RowSlot,
    chunks: list[str],
    halves: list[str],
    inside: list[spec.Identity],
    after: bool = False,
    every: bool = False,
) -> tuple[object, ...] | None:
    """A reading of the row with each half joined in place to one of its numbers (in order), as its head or its tail
    (``after``), that the row's sums confirm: the line of halves printed beside the row's line, each over its own
    cell. None when there is none. With ``every`` (a head over every cell, joined each to its own) a head need not
    be longer than its tail: "4,0" over "83", "22," over "355" fill their columns with the separator, which the
    heads have lost; the sums of seven joined cells are check enough."""
    for picked in combinations(range(len(chunks)), len(halves)):
        pairs = [(chunks[j], half) if after else (half, chunks[j]) for half, j in zip(halves, picked, strict=True)]
        if not every and not all(_wraps(head, tail) for head, tail in pairs):
            continue
        parts = list(chunks)
        for j, (head, tail) in zip(picked, pairs, strict=True):
            parts[j] = head + tail
        if values := _held(row, parts, inside):
            return values
    return None


def _joined_from_last(
    row: RowSlot, chunks: list[str], heads: list[str], inside: list[spec.Identity]
) -> tuple[object, ...] | None:
    """A reading of the row whose last numbers are the tails of the heads, printed after its whole cells (pdftotext's
    default mode), the wide cells' places not printed: the first that the row's sums confirm, or None."""
    n, k = len(chunks), len(heads)
    if not 0 < k < n or not all(_wraps(h, c) for h, c in zip(heads, chunks[n - k :], strict=True)):
        return None
    joined = [h + c for h, c in zip(heads, chunks[n - k :], strict=True)]
    for places in combinations(range(n), k):
        whole, wide = iter(chunks[: n - k]), iter(joined)
        if values := _held(row, [next(wide) if j in places else next(whole) for j in range(n)], inside):
            return values
    return None


def _wraps(head: str, tail: str) -> bool:
    """Whether a number can wrap in its column as this head over this tail: the head fills the column's line, the
    tail is what is left, shorter ("2216" over "7"; not "9" over "142", nor "38" over "38" where a cell of two digits
    fits the column)."""
    return len(head) > len(tail)


def _held(row: RowSlot, parts: list[str], inside: list[spec.Identity]) -> tuple[object, ...] | None:
    """The row's values from these parts, when they are well-formed numbers and its sums hold."""
    values = _joined_values(row, parts)
    return values if values is not None and _row_holds(row, values, inside) else None


def _line_words(tokens: Tokens, line: int) -> str:
    """The text characters printed on a line."""
    return "".join(c for c, at in zip(tokens.chars, tokens.char_lines, strict=True) if at == line)


def _label_owner(lay: Layout, spans: list[Span | None], tokens: Tokens) -> dict[int, RowSlot]:
    """Line → the row whose own label is printed on it."""
    return {at: r for r in lay.rows for at in _span_lines(r, spans, tokens)}


def _group_piece(lay: Layout, tokens: Tokens, line: int) -> bool:
    """Whether a line's words are a piece of one of the table's group labels ("（五）", "不予处理")."""
    words = _line_words(tokens, line)
    return bool(words) and any(words in group for group in lay.groups)


def _bare_label(row: RowSlot | None, spans: list[Span | None], tokens: Tokens) -> bool:
    """A row whose label's lines hold no number (its numbers are on a line of their own)."""
    return row is not None and not any(k in tokens.line_numbers for k in _span_lines(row, spans, tokens))


def _claimed_by_none(
    lay: Layout, owner: dict[int, RowSlot], spans: list[Span | None], tokens: Tokens, line: int, step: int
) -> bool:
    """Whether no row beyond ``line`` (in the direction ``step``) can take that line of numbers: see
    ``_after_own_label``. Empty lines are stepped over."""
    known = set(tokens.line_numbers) | tokens.text_lines
    last, first = max(known, default=0), min(known, default=0)
    at = line + step
    while first <= at <= last:
        if at not in owner and at not in tokens.line_numbers and at not in tokens.text_lines:
            at += step  # an empty line
            continue
        nxt = owner.get(at)
        if nxt is None and at not in tokens.line_numbers and _group_piece(lay, tokens, at):
            at += step  # a piece of a group label ("（五）", "不予处理"): no row's
            continue
        if nxt is None:
            return False  # words or numbers of no row (a header, a page number): cannot tell
        span = _span_lines(nxt, spans, tokens)
        printed = [len(tokens.line_numbers[k]) for k in span if k in tokens.line_numbers]
        if printed == [len(nxt.cols)]:
            return True  # a row printed on its label's line: this line cannot be its
        if printed:
            return False  # some of its numbers beside its label: the halves of wrapped cells, or cells run together
        beyond = (max(span) if step > 0 else min(span)) + step
        if len(tokens.numbers_only(beyond) or ()) != len(nxt.cols):
            return False  # that row could have this line
        at = beyond + step
    return True  # the end of the table


def _wrapped_around(lay: Layout, row: RowSlot, spans: list[Span | None], tokens: Tokens) -> bool:
    """The row's label line is short of numbers, and the lines just above and below hold nothing but numbers, as many
    each as it lacks: the heads and tails of cells wrapped in their narrow columns (pdftotext -layout, pdfplumber).
    Its digits are then not run together, and cutting them would be a guess."""
    return next(_wrapped_lines(lay, row, spans, tokens), None) is not None


def _wrapped_lines(
    lay: Layout, row: RowSlot, spans: list[Span | None], tokens: Tokens
) -> Iterator[tuple[list[str], list[str], list[str]]]:
    """For each of the row's label lines laid out as ``_wrapped_around`` says: its numbers, and the heads above and
    the tails below of the cells it lacks."""
    n = len(row.cols)
    for line in _label_lines(lay, row, spans, tokens):
        middle = tokens.line_numbers.get(line, [])
        above, below = _halves_line(lay, spans, tokens, line - 1), _halves_line(lay, spans, tokens, line + 1)
        if middle and above and below and len(above) == len(below) and len(middle) + len(above) == n:
            yield middle, above, below


def _halves_around(lay: Layout, row: RowSlot, spans: list[Span | None], tokens: Tokens, below: int) -> list[str] | None:
    """The row's cells joined from the halves of wrapped cells, when its label's lines hold no number and the lines
    just above and just below the label (``below``) hold nothing but numbers, as many each as the row has cells
    (pdftotext -layout, pdfplumber: every cell wrapped, "3900 9247 …" over the label, "2 9 …" under it). The line
    below alone is then one half of the row, not the row: None when the lines are not laid out so."""
    lines = _span_lines(row, spans, tokens)
    n = len(row.cols)
    if not lines or below != max(lines) + 1 or any(tokens.line_numbers.get(k) for k in lines):
        return None
    heads, tails = _halves_line(lay, spans, tokens, min(lines) - 1), _halves_line(lay, spans, tokens, below)
    if not heads or not tails or len(heads) != n or len(tails) != n:
        return None
    return [a + b for a, b in zip(heads, tails, strict=True)]


def _halves_left_beside(
    pairs: list[tuple[str, int]], tokens: Tokens, assigned: dict[int, list[Group]]
) -> list[str] | None:
    """The numbers of a line just above or below the row's one line that hold nothing but numbers and were given to
    no row in this reading (the row-by-row reading leaves lines of wrapped halves to none): the row's missing cells
    may be there, so its digits are not proven run together. None when there is no such line."""
    lines = {line for _c, line in pairs}
    if len(lines) != 1:
        return None
    given = {line for groups in assigned.values() for g in groups for line in g.lines}
    (line,) = lines
    for k in (line - 1, line + 1):
        if k not in given and (chunks := tokens.numbers_only(k)):
            return chunks
    return None


def _halves_taken(
    lay: Layout, row: RowSlot, spans: list[Span | None], tokens: Tokens, pairs: list[tuple[str, int]]
) -> int:
    """How many numbers a row short of cells on its label line also takes from the lines of halves around it (the
    heads above, the tails below: ``_wrapped_lines``) when they were not given to it, so that the table's numbers
    add up to those its rows use; 0 when its label lines are laid out so more than once (which halves are its is
    not told)."""
    layouts = list(_wrapped_lines(lay, row, spans, tokens))
    if len(layouts) != 1 or len({line for _c, line in pairs}) != 1:
        return 0
    _middle, above, below = layouts[0]
    return len(above) + len(below)


def _joined_values(row: RowSlot, parts: list[str]) -> tuple[object, ...] | None:
    """The values of cells joined from halves, None when one is not a well-formed number ("0" + "5")."""
    if not all(p in _WHOLE or _valid_part(p, k) for p, k in zip(parts, row.kinds, strict=True)):
        return None
    return tuple(value_of(p, k) for p, k in zip(parts, row.kinds, strict=True))


def _halves_or_half(
    where: str, row: RowSlot, chunks: list[str], joined: list[str], inside: list[spec.Identity]
) -> tuple[list[tuple[object, ...]], str]:
    """A row printed as two lines of halves around its empty label line (``_halves_around``), read both ways: the
    halves joined, and the line below alone (as a row printed under its label would be). Each is a reading only where
    the row's own sums confirm it; when both are, the table's sums must choose (``_choose``'s ``no_guess``). Never
    exact: which half is the row, or whether the halves join, is not printed. Returns the readings and the note."""
    half = tuple(value_of(c, k) for c, k in zip(chunks, row.kinds, strict=True))
    readings = [v for v in (_joined_values(row, joined), half) if v is not None and _row_holds(row, v, inside)]
    said = f"{where}的标签行没有数字，上下两行各印有 {len(row.cols)} 个数（下一行为 {' '.join(chunks)}），"
    if not readings or not inside:
        return [], said + "拼合与否都与本行合计不符，无法确定对应关系，未读取"
    how = (
        "拼合与只读下一行都与本行合计相符，按全表勾稽关系判断"
        if len(readings) > 1
        else "已按本行勾稽关系拼合（标记为推断）"
        if readings[0] != half
        else "只读下一行与本行合计相符，拼合则不符，已按下一行读取（标记为推断）"
    )
    return readings, said + f"应是较长数字在单元格内折行：{how}，请核对原文"


def _gathered_note(where: str, chunks: list[str], readings: list[tuple[object, ...]]) -> str:
    """The note of a row whose numbers were gathered from its label's line and a line of wrapped halves."""
    said = f"{where}的数字（{' '.join(chunks)}）取自标签行和上下印有折行半个数字的行，"
    if not readings:
        return said + "拼合与否都与本行合计不符，无法确定对应关系，未读取"
    return said + "已按本行勾稽关系核对折行的各种拼法（标记为推断），请核对原文"


def _one_line_of(pairs: list[tuple[str, int]], n: int, lines: list[int]) -> list[tuple[str, int]] | None:
    """The chunks of the one label line that holds exactly a row's cells, when the row was given more."""
    own = [[p for p in pairs if p[1] == line] for line in lines]
    full = [o for o in own if len(o) == n]
    return full[0] if len(full) == 1 else None


@dataclass(frozen=True)
class _Table:
    """What the reading of every row of one table looks at, worked out once for the reading (``_read``'s
    arguments, and what follows from them)."""

    lay: Layout
    spans: list[Span | None]
    assigned: dict[int, list[Group]]
    tokens: Tokens
    runs: bool  # a row given the numbers of several rows may be cut into the rows after it
    aligned: bool  # the labels' places are those of this reading
    by_columns: dict[int, Reading]  # the rows whose cells the columns of the text prove
    idents: list[spec.Identity]
    inside_of: dict[str, list[spec.Identity]]  # row key → its own identities
    # rows of one width laid out in columns (pdftotext -layout): digits run together there are cells printed close
    # together, which no prior can split
    columned: bool
    steps: list[int]  # the budget of splitting, shared by the rows (and by the file inside ``split_budget``)
    claimed: set[int]  # the lines whose numbers the columns proved some row's
    one_per_line: _OnePerLine | None
    # some chunk of the table is no one cell ("0000000"): its digits may run together elsewhere too, and a short row
    # may be split; where none is, the numbers are printed apart and are not cut
    glued: bool


def _table(
    lay: Layout,
    spans: list[Span | None],
    assigned: dict[int, list[Group]],
    tokens: Tokens | None,
    runs: bool,
    aligned: bool,
    by_columns: dict[int, Reading] | None,
) -> _Table:
    """The table's side of a reading: worked out once, not again for each row."""
    tokens = tokens or Tokens("", [])
    idents = identities(lay)
    columned = len({len(r.cols) for r in lay.rows}) == 1 and len(references(tokens.placed, len(lay.rows[0].cols))) >= 2
    steps = _FILE_STEPS.get() or [_MAX_TABLE_STEPS]
    by_columns = by_columns or {}
    claimed = {line for _parts, lines in by_columns.values() for line in lines}
    one_per_line = _one_cell_per_line(lay, spans, assigned, tokens) if aligned else None
    return _Table(
        lay,
        spans,
        assigned,
        tokens,
        runs,
        aligned,
        by_columns,
        idents,
        _row_identities(idents),
        columned,
        steps,
        claimed,
        one_per_line,
        any(_run_together(c) for grp in tokens.groups for c in grp.chunks),
    )


@dataclass
class RowRead:
    """What reading one row gives the table: its readings, how they were read, and the note that says so. Each case
    of ``_read_row`` returns one; ``_Rows.add`` adds it to what the other rows gave."""

    candidates: list[tuple[object, ...]] | None = None  # the row's readings (None: not read)
    exact: bool = False  # read as printed
    taken: int | None = None  # how many of the numbers given to the row its reading uses
    halves: bool = False  # read back from the halves of wrapped cells: never a guess between its readings
    close: bool = False  # digits run together in text laid out in columns: never a guess between the splits either
    note: str | None = None
    run: Run | None = None  # the row's numbers are those of the rows after it too, cut into them


@dataclass
class _Rows:
    """What the rows of one table gave, in the order they were read (the notes keep that order)."""

    notes: list[str] = field(default_factory=list)
    candidates: dict[int, list[tuple[object, ...]]] = field(default_factory=dict)
    exact: set[int] = field(default_factory=set)
    taken: dict[int, int] = field(default_factory=dict)  # row → how many of the numbers given to it its reading uses
    cut_runs: dict[int, Run] = field(default_factory=dict)  # first row → the run of rows its numbers were cut into
    placed_halves: set[int] = field(default_factory=set)  # rows read back from the halves of wrapped cells
    close_cells: set[int] = field(default_factory=set)  # rows whose digits run together in text laid out in columns

    def add(self, i: int, read: RowRead) -> None:
        """Row ``i``'s reading added; a cut run gives its rows their readings at once, as the rows after the first
        got no numbers of their own."""
        if read.note is not None:
            self.notes.append(read.note)
        if read.taken is not None:
            self.taken[i] = read.taken
        if read.run is not None:
            self.cut_runs[i] = read.run
            self.candidates.update({j: [vals] for j, vals in read.run.rows.items()})
        if read.candidates is not None:
            self.candidates[i] = read.candidates
        if read.exact:
            self.exact.add(i)
        if read.halves:
            self.placed_halves.add(i)
        if read.close:
            self.close_cells.add(i)


@dataclass(frozen=True)
class _Given:
    """The numbers given to one row, as each case of its reading looks at them."""

    i: int
    row: RowSlot
    where: str  # how the notes name the row
    pairs: list[tuple[str, int]]  # its chunks and the line of each
    chunks: list[str]
    given: int  # how many numbers it was given, strays included
    inside: list[spec.Identity]  # the row's own identities
    rewrapped: list[tuple[object, ...]]  # the row read back from the halves of wrapped cells (``_rewrapped``)
    strays: bool  # its label's line holds a whole row: the other numbers given to it strayed in
    joined: list[str] | None  # then, the halves around that line, when that is how they are printed


def _read(
    lay: Layout,
    spans: list[Span | None],
    assigned: dict[int, list[Group]],
    found: int,
    tokens: Tokens | None = None,
    evidence: Sequence[Evidence] | None = None,
    runs: bool = False,
    available: int | None = None,
    aligned: bool = True,
    by_columns: dict[int, Reading] | None = None,
) -> TableRead:
    """One reading of a table: each row read by itself (``_read_row``), in order, then the rows left without numbers
    told blank or unread, one reading chosen per row by the table's sums, and the cells with how each was read.

    ``runs``: a row given the numbers of several rows may be cut into the rows after it (label-first reading).
    ``available``: how many numbers the table holds in this reading, for telling a row printed
    blank from one whose numbers were not found; None when that cannot be told. ``aligned``: the labels' places
    (``spans``) are those of this reading, so a row's own label line can be told (not so when read row by row).
    ``by_columns``: the rows whose cells the columns of the text prove (``columns.read_rows_proved``), read as printed."""
    t = _table(lay, spans, assigned, tokens, runs, aligned, by_columns)
    rows = _Rows()
    for i in range(len(lay.rows)):
        if (read := _read_row(t, i)) is not None:
            rows.add(i, read)
    _drop_shifted(t, rows)
    blank = _rows_left(t, rows, available)
    chosen, open_rows = _chosen(t, rows, evidence)
    return _table_read(t, rows, chosen, blank, open_rows, found)


def _drop_shifted(t: _Table, rows: _Rows) -> None:
    """Rows of a label-first reading that may each hold the next row's numbers, left unread.

    The sign: a row given more numbers than it has cells, the last group of them (after a line of text: the rest of
    its wrapped label) a whole row; then rows each given one whole row; then a row whose label was found but that got
    nothing. Read label-first, the numbers after each label are its own and the last row is blank; read as printed
    before their labels (the text layer of a PDF does so from row to row), each row's numbers are the group before its
    label and the first row's surplus is the next row's. The counts favour the second, the sums may favour either
    (a misprinted cell breaks one), so neither is read as printed."""
    lay = t.lay
    if not t.runs or not t.aligned:
        return
    for s, row in enumerate(lay.rows):
        groups = t.assigned.get(s, [])
        if s in rows.candidates or len(groups) < 2 or sum(len(g.chunks) for g in groups) <= len(row.cols):
            continue
        width, chain, i = len(groups[-1].chunks), [], s + 1
        while i < len(lay.rows) and i in rows.candidates and [len(g.chunks) for g in t.assigned.get(i, [])] == [width]:
            chain.append(i)
            i += 1
        last = lay.rows[i] if i < len(lay.rows) else None
        if not chain or last is None or t.assigned.get(i) or last.label is None or t.spans[last.label] is None:
            continue
        for j in chain:
            rows.candidates.pop(j)
            rows.exact.discard(j)
        names = "、".join(_row_words(lay, lay.rows[j]) for j in chain)
        rows.notes.append(
            f"表{spec.TABLES[lay.table].section}“{_row_words(lay, row)}”多出的一组数字紧接在下一行的标签之前，"
            f"“{_row_words(lay, last)}”的标签之后又没有数字：各行的数字可能都印在本行标签之前，也可能都在之后，"
            f"以下各行无法确定对应关系，未读取：{names}"
        )


def _rows_left(t: _Table, rows: _Rows, available: int | None) -> list[int]:
    """The rows that got no numbers, once every row was read (and the cuts of runs the column sums refute undone):
    those printed blank, returned (``_printed_blank``), and the others noted as unread."""
    lay, notes = t.lay, rows.notes
    for i in [i for i, run in rows.cut_runs.items() if not _run_fits(lay, run, rows.candidates, t.idents)]:
        _drop_run(lay, rows.cut_runs.pop(i), rows.candidates, notes, "拆成各行后与其他行的合计不符")
    covered = {j for run in rows.cut_runs.values() for j in run.rows}
    empty = [i for i in range(len(lay.rows)) if not t.assigned.get(i) and i not in covered and i not in rows.candidates]
    used = sum(n for i, n in rows.taken.items() if i in rows.candidates)
    blank = (
        []
        if rows.cut_runs
        else _printed_blank(lay, t.spans, empty, t.assigned, rows.candidates, used, available, rows.placed_halves)
    )
    if blank:
        rows.exact.update(blank)
        names = "、".join(_row_words(lay, lay.rows[i]) for i in blank)
        notes.append(
            f"表{spec.TABLES[lay.table].section}以下各行只印了标签、没有数字，而表中其余的数都已对应到各行，"
            f"按原文空白读取（审核将报“未填写”）：{names}"
        )
    silent = [_row_words(lay, lay.rows[i]) for i in empty if i not in blank]
    if silent and len(silent) < len(lay.rows):
        notes.append(
            f"表{spec.TABLES[lay.table].section}以下各行没有读到数字（原文可能为空白，或数字无法与标签对应），"
            f"未读取：{'、'.join(silent)}"
        )
    return blank


def _chosen(
    t: _Table, rows: _Rows, evidence: Sequence[Evidence] | None
) -> tuple[dict[int, tuple[object, ...]], set[int]]:
    """One reading per row (``_choose``, after the other sources' say, ``_with_evidence``), and the rows chosen among
    alternatives. A cut of a run the chosen rows' column sums refute is undone; the notes of the cuts kept follow."""
    lay, notes = t.lay, rows.notes
    open_rows: set[int] = set()
    chosen = _choose(
        lay,
        _with_evidence(lay, rows.candidates, evidence or (), notes, t.idents),
        t.idents,
        notes,
        open_rows,
        rows.placed_halves,
        rows.close_cells,
    )
    cuts = rows.cut_runs
    for i in [i for i, run in cuts.items() if not _run_fits(lay, run, {j: [v] for j, v in chosen.items()}, t.idents)]:
        for j in _drop_run(lay, cuts.pop(i), rows.candidates, notes, "拆成各行后与其他行的合计不符"):
            chosen.pop(j, None)
    notes += [run.note for run in cuts.values()]
    return chosen, open_rows


def _table_read(
    t: _Table,
    rows: _Rows,
    chosen: dict[int, tuple[object, ...]],
    blank: list[int],
    open_rows: set[int],
    found: int,
) -> TableRead:
    """The table as read: each cell's value and how it was read (blank rows exact, rows without a reading missing,
    the others exact or inferred as their row was read)."""
    lay = t.lay
    values: dict[tuple[str, str], object] = {}
    provenance: dict[tuple[str, str], str] = {}
    for i, row in enumerate(lay.rows):
        vals = chosen.get(i)
        for j, col in enumerate(row.cols):
            values[(row.key, col)] = vals[j] if vals else None
            provenance[(row.key, col)] = (
                EXACT if i in blank else MISSING if not vals else EXACT if i in rows.exact else INFERRED
            )
    labelled = frozenset(r.key for r in lay.rows if r.label is not None and t.spans[r.label] is not None)
    cut = sum(len(run.rows) for run in rows.cut_runs.values())
    ambiguous = frozenset((lay.rows[i].key, col) for i in open_rows if i in chosen for col in lay.rows[i].cols)
    return TableRead(
        lay.table, lay.variant, values, provenance, rows.notes, found, len(lay.labels), labelled, cut, ambiguous
    )


def _read_row(t: _Table, i: int) -> RowRead | None:
    """One row's reading: by the columns when they prove its cells; else, past the refusals any row can meet (more
    cells than it has with empty ones at both ends, its label line's numbers given to another row), by how many
    numbers it was given against its cells: as many, more or fewer. None when it was given none."""
    row = t.lay.rows[i]
    if (reading := t.by_columns.get(i)) is not None:
        return _row_by_columns(t, row, reading)
    pairs = [
        (c, line)
        for g in t.assigned.get(i, [])
        for c, line in zip(g.chunks, g.lines, strict=True)
        if line not in t.claimed  # the columns proved these numbers another row's
    ]
    if not pairs:
        return None
    trimmed = _edges_trimmed(pairs, len(row.cols))
    where = f"表{spec.TABLES[t.lay.table].section}“{_row_words(t.lay, row)}”"
    if header := _header_between(t, i):
        return RowRead(
            note=f"{where}的数字夹在表头文字（{header}）之间，印出的先后不一定是各栏的次序，无法确定对应关系，未读取",
            taken=_count([c for c, _line in pairs]),
        )
    if trimmed is None:
        shown = " ".join(c or "（空）" for c, _line in pairs)
        return RowRead(
            note=f"{where}读到 {len(pairs)} 格（{shown}），比应有的 {len(row.cols)} 格多，首尾都是空格子，"
            "不知哪一头的空格子不属于本行（如转换器为合并的标签格补出的空格子），无法确定对应关系，未读取"
        )
    if t.aligned and _own_line_elsewhere(row, t.spans, t.tokens, trimmed):
        return RowRead(note=f"{where}的标签所在行印有一行数字，但这些数字被对应到了别的行，无法确定对应关系，未读取")
    if t.aligned and (other := _on_another_label(t, row, trimmed)) is not None:
        return RowRead(
            note=f"{where}读到的数字有的印在“{_row_words(t.lay, other)}”的标签所在行上，应属那一行，无法确定对应关系，未读取"
        )
    g = _given(t, i, where, trimmed)
    if g.strays and g.joined is not None:  # the line below the label is one half of every cell, not the row
        read = _row_of_halves(g, g.joined)
    elif len(g.chunks) == len(row.cols):
        read = _row_of_n_numbers(t, g)
    elif len(g.chunks) > len(row.cols):
        read = _row_of_more_numbers(t, g)
    else:
        read = _row_short(t, g)
    return read if read.taken is not None else replace(read, taken=_count(g.chunks))


def _header_between(t: _Table, i: int) -> str | None:
    """A header word of the table printed between two of the number groups given to row ``i``, or None.
    pdftotext's default mode prints a block of column headers and the numbers under them in its own order
    ("社会公益 法律服务 组织 机构 其他" then "120,431 15,486 29,991"): the numbers' order there is the blocks', which no
    sum can check when two cells swap places."""
    groups = sorted(t.assigned.get(i, []), key=lambda g: g.pos)
    if any(g.confirm for g in groups):
        return None  # table 四's numbers gathered from among its headers: its sums confirm them (``_unlabelled_row``)
    own = {r.label for r in t.lay.rows}
    words = [w for k, w in enumerate(t.lay.labels) if k not in own and len(w) <= _HEADER_WORD]
    labels = sorted([t.lay.labels[k] for k in own if k is not None] + list(t.lay.groups), key=len, reverse=True)
    for a, b in pairwise(groups):
        between = t.tokens.chars[a.pos : b.pos]
        for label in labels:  # a row's label holding a header word ("（七）总计", "3.其他") is no header
            between = between.replace(label, "")
        if found := next((w for w in words if w in between), None):
            return found
    return None


#: The longest column header word looked for between a row's numbers (table 三's note over its label column, much
#: longer, is printed above the numbers, never among them).
_HEADER_WORD = 16


def _row_by_columns(t: _Table, row: RowSlot, reading: Reading) -> RowRead:
    """A row whose cells the columns of the text prove (``columns.read_rows_proved``): read as printed, using every number
    on its lines."""
    parts, lines = reading
    if not parts:
        return _row_out_of_order(t, row, lines)
    return RowRead(
        [tuple(value_of(p, k) for p, k in zip(parts, row.kinds, strict=True))],
        exact=True,
        taken=sum(len(t.tokens.placed.get(k, ())) for k in lines),
    )


def _row_out_of_order(t: _Table, row: RowSlot, lines: tuple[int, ...]) -> RowRead:
    """A row on one line of text laid out in columns whose left-to-right order the page contradicts: a number of it
    stands in another column than its place in the line (``columns._out_of_order``), or its sums hold only with two
    neighbouring cells swapped (``_swapped``). Unread, with the swapped reading in the note when there is one."""
    where = f"表{spec.TABLES[t.lay.table].section}“{_row_words(t.lay, row)}”"
    chunks = tuple(p.chunk for k in lines for p in cut_heads(t.tokens.placed.get(k, [])))
    note = f"{where}这一行数字在文字中的左右次序与本页各列的位置不符（pdftotext -layout 同一行内的次序不一定是页面上的次序）"
    if len(chunks) == len(row.cols) and (swapped := _swapped(row, chunks, t.inside_of.get(row.key, []))):
        note += f"：按原文次序合计不符，相邻两格对调后（{'、'.join(str(v) for v in swapped)}）合计相符"
    return RowRead(note=note + "，无法确定各数所在的列，未读取", taken=len(chunks))


def _given(t: _Table, i: int, where: str, pairs: list[tuple[str, int]]) -> _Given:
    """The numbers given to row ``i`` as its cases look at them. A row given more numbers than it has cells, whose
    label's line holds exactly a row, is that line: the rest strayed in (from the lines of wrapped halves around it,
    or another row's)."""
    row = t.lay.rows[i]
    chunks = [c for c, _line in pairs]
    given = _count(chunks)
    inside = t.inside_of.get(row.key, [])
    rewrapped = _rewrapped(t.lay, row, t.spans, t.tokens, inside, pairs) if len(chunks) >= len(row.cols) else []
    if len(chunks) > len(row.cols) and (
        own := _one_line_of(pairs, len(row.cols), _label_lines(t.lay, row, t.spans, t.tokens))
    ):
        joined = _halves_around(t.lay, row, t.spans, t.tokens, own[0][1])
        return _Given(i, row, where, own, [c for c, _line in own], given, inside, rewrapped, True, joined)
    return _Given(i, row, where, pairs, chunks, given, inside, rewrapped, False, None)


def _row_of_halves(g: _Given, joined: list[str]) -> RowRead:
    """A row whose label's line is empty between two lines of halves (``_halves_or_half``): the line below is one
    half of every cell, not the row; read both ways, where the row's sums confirm it."""
    readings, note = _halves_or_half(g.where, g.row, g.chunks, joined, g.inside)
    if readings:
        return RowRead(readings, taken=g.given, halves=True, note=note)
    return RowRead(note=note)


def _rejoined(where: str, readings: list[tuple[object, ...]], taken: int) -> RowRead:
    """A row read back from the halves of its wrapped cells: inferred, and never a guess between its readings (they
    differ only in which cell a joined number goes to)."""
    return RowRead(
        readings,
        taken=taken,
        halves=True,
        note=f"{where}的较长数字在单元格内折行，已按本行勾稽关系拼合（标记为推断），请核对原文",
    )


def _row_of_n_numbers(t: _Table, g: _Given) -> RowRead:
    """A row given as many numbers as it has cells: read as printed, unless how they are printed (gathered from a
    line of wrapped halves, from several lines, from among header words) leaves it to the row's sums. A decimal
    given to a count (table 二's fee lent to a row whose label was not found) is no cell of the row: unread."""
    if decimals := [c for c, k in zip(g.chunks, g.row.kinds, strict=True) if k != "fee" and "." in c]:
        return RowRead(note=f"{g.where}读到的“{'、'.join(decimals)}”带小数，不是件数，无法确定对应关系，未读取")
    values = tuple(value_of(c, k) for c, k in zip(g.chunks, g.row.kinds, strict=True))
    lines = {line for _c, line in g.pairs}
    if len(lines) > 1 and _wrapped_around(t.lay, g.row, t.spans, t.tokens):
        return _row_gathered_with_halves(g, values)
    if not _row_holds(g.row, values, g.inside) and _not_printed_as_a_row(t, g, lines):
        return _row_unconfirmed(g)
    if any(grp.confirm for grp in t.assigned[g.i]):
        return _row_among_headings(t, g, values)
    return _row_as_printed(t, g, values, lines)


def _row_gathered_with_halves(g: _Given, values: tuple[object, ...]) -> RowRead:
    """A row gathered from its label's line and a line of halves: the tails of wrapped cells were read as cells. Its
    readings are the halves joined back, and the numbers as given when its sums hold; never exact."""
    held = _row_holds(g.row, values, g.inside) and values not in g.rewrapped
    readings = [*g.rewrapped, values] if held else g.rewrapped
    note = _gathered_note(g.where, g.chunks, readings)
    if readings and g.inside:
        return RowRead(readings, taken=g.given, halves=True, note=note)
    return RowRead(note=note)


def _not_printed_as_a_row(t: _Table, g: _Given, lines: set[int]) -> bool:
    """Whether the row's numbers are not printed as a row is: gathered from several lines laid out like wrapped
    cells, or taken from a line apart from the label, or the label's line when more numbers lie beside it (as the
    halves of wrapped cells do). Numbers on the label's own line alone, or a cell per line, are printed as a row."""
    return bool(
        (len(lines) > 1 and (g.rewrapped or t.tokens.numbers_only(min(lines) - 1)))
        or (
            _displaced(g.row, t.spans, t.tokens, g.pairs)
            and not _after_own_label(t.lay, g.row, t.spans, t.tokens, g.pairs)
        )
        or g.strays
    )


def _row_unconfirmed(g: _Given) -> RowRead:
    """A row whose numbers are not printed as a row and that its own sums do not confirm: not a forced reading. Its
    wrapped cells read back, if they can be; else unread."""
    if g.rewrapped:
        return _rejoined(g.where, g.rewrapped, g.given)
    shown = " ".join(c or "（空）" for c in g.chunks)
    return RowRead(note=f"{g.where}的数字分布在多行（{shown}），拼成一行后与本行合计不符，无法确定对应关系，未读取")


def _row_among_headings(t: _Table, g: _Given, values: tuple[object, ...]) -> RowRead:
    """A row whose numbers were gathered from among header words (``Group.confirm``): read in order only when its own
    sums hold, and then inferred; not when a header printed before some numbers names a later column than theirs
    (pdftotext: "结果维持 0 复议后起诉 其他结果 尚未审结 0 0 结果纠正 10": the 0 0 are 其他 and 尚未, not 纠正 and
    其他; the sums hold either way)."""
    if (header := _header_after_its_numbers(t, g)) is not None:
        return RowRead(
            note=f"{g.where}的数字夹在表头文字之间，“{header}”印在前面栏目的数字之前，印出的先后不是各栏的次序，"
            "无法确定对应关系，未读取"
        )
    if g.inside and _row_holds(g.row, values, g.inside):
        return RowRead(
            [values],
            note=f"{g.where}的数字夹在表头文字之间，按顺序读取并经本行合计核对（标记为推断），请核对原文",
        )
    return RowRead(note=f"{g.where}的数字夹在表头文字之间，按顺序读取与本行合计不符，无法确定对应关系，未读取")


def _header_after_its_numbers(t: _Table, g: _Given) -> str | None:
    """The first header word (its first line's characters: a header wraps in its narrow cell) printed just before
    a group of the row's numbers, after the header of the group's block, that names a later column of that block
    than the last of the group; or None."""
    blocks = [fold(col.rsplit("/", 1)[0]) if "/" in col else "" for col in g.row.cols]
    names = [fold(col.rsplit("/", 1)[-1])[:3] for col in g.row.cols]
    heads = list(dict.fromkeys(names))
    chars = t.tokens.chars
    at = prev = 0
    for group in sorted(t.assigned.get(g.i, []), key=lambda grp: grp.pos):
        last = at + len(group.chunks) - 1
        at += len(group.chunks)
        start, prev = prev, group.pos
        if last >= len(names) or not blocks[last]:
            continue
        seen = max((chars.rfind(b, 0, group.pos), b) for b in set(blocks))
        if seen[1] != blocks[last]:
            continue  # the group's block header is not printed before it: nothing to compare with
        between = chars[max(start, seen[0]) : group.pos]
        found = [(between.rfind(h), h) for h in heads if h in between]
        if found and heads.index(max(found)[1]) > heads.index(names[last]):
            return max(found)[1]
    return None


def _row_as_printed(t: _Table, g: _Given, values: tuple[object, ...], lines: set[int]) -> RowRead:
    """A row read as its numbers are printed, whatever its sums say: exact on the label's own line (or a cell per
    line); inferred when placed by position or gathered from the label's line and a line apart (then its sums hold).
    Unread when halves of wrapped cells may be among its numbers: numbers above and below the label's line, or
    halves beside the row that join its numbers as well (``_halves_beside``)."""
    lay, row, spans, tokens = t.lay, g.row, t.spans, t.tokens
    own = _span_lines(row, spans, tokens)
    # some numbers on the label's line, the rest on a line apart: only the row's sums join them into a row
    gathered = bool(lines & own) and not lines <= own and _displaced(row, spans, tokens, g.pairs)
    shown = " ".join(c or "（空）" for c in g.chunks)
    if gathered and _numbers_on_both_sides(lay, row, spans, tokens, lines):
        # numbers above and below the label's line, of no other row: halves of wrapped cells that were not
        # recognised as such (a head cut inside its thousands: "12,23" over "0"); which lines make the row is
        # not printed
        return RowRead(
            note=f"{g.where}的数字分布在标签上下多行（{shown}），可能是折行的较长数字，无法确定对应关系，未读取"
        )
    if (halves := _halves_beside(t, g, values)) is not None:
        return RowRead(note=halves)
    if _past_a_reprinted_header(t, g.row, lines):
        return RowRead(
            note=f"{g.where}的标签之后隔着下一页重印的表头才印着数字（{shown}），这些数可能是下一页某一行的，"
            "无法确定对应关系，未读取"
        )
    if any(grp.by_position for grp in t.assigned[g.i]):
        return RowRead([values], note=f"{g.where}的标签未能识别，按行的位置读取（标记为推断）")
    if gathered:
        return RowRead(
            [values],
            note=f"{g.where}的数字分布在多行（{shown}），拼成一行后与本行合计相符，按此读取（标记为推断），请核对原文",
        )
    return RowRead([values], exact=True)


#: The start of table 三's header note ("本列数据的勾稽…"), printed at the top of each page the table's header repeats on.
PAGE_MARK = fold(spec.T3_NOTE[1:8])


def _past_a_reprinted_header(t: _Table, row: RowSlot, lines: set[int]) -> bool:
    """Whether the table's header reprinted at the top of a page (its note "本列数据的勾稽关系为…") stands between the
    row's label and its numbers: the label ends one page, the numbers are the next page's, which pdftotext's default
    mode prints before or after that page's labels, so they may be any row's of that page (seed 8200: a row given
    the next row's numbers, which add up as well). A row broken across the page prints its numbers on the label's
    page; the rest of its wrapped cells after the header is ``_tails_below``'s."""
    own = _span_lines(row, t.spans, t.tokens)
    if not own or not lines or min(lines) <= max(own):
        return False
    return any(
        PAGE_MARK in _line_words(t.tokens, k) for k in range(max(own) + 1, min(lines)) if k in t.tokens.text_lines
    )


def _row_of_more_numbers(t: _Table, g: _Given) -> RowRead:
    """A row given more numbers than it has cells: the numbers of the rows after it too (label-first reading, cut
    into those rows by ``_cut_run``), or its wrapped cells read back; else unread."""
    run = _cut_run(t.lay, g.i, g.chunks, t.assigned, t.inside_of) if t.runs else None
    if run and not g.rewrapped:
        return RowRead(run=run)
    if g.rewrapped:
        return _rejoined(g.where, g.rewrapped, g.given)
    shown = " ".join(c or "（空）" for c in g.chunks)
    return RowRead(
        note=f"{g.where}读到 {len(g.chunks)} 个数（{shown}），应为 {len(g.row.cols)} 个，无法确定对应关系，未读取"
    )


def _row_short(t: _Table, g: _Given) -> RowRead:
    """A row given fewer numbers than it has cells: blank cells where the text shows them (a cell per line), its
    wrapped cells read back, or its run-together digits split. Where numbers printed apart, a blank cell or the
    halves of wrapped cells beside it could be the reason, which is not printed: unread."""
    if t.one_per_line and (empty := _empty_lines(t.one_per_line, g.i, len(g.chunks))):
        return _row_with_blank_lines(g, empty)
    n = len(g.row.cols)
    short = f"{g.where}读到 {g.given} 个数（{' '.join(g.chunks)}），"  # what the notes of a short row begin with
    if (blanks := _blank_cells_fit(g.row, g.chunks, g.inside)) is not None:
        return RowRead(
            note=f"{short}少于 {n} 格：可能是数字连在一起，也可能有单元格空白（如{blanks}），无法确定，未读取"
        )
    if _wrapped_around(t.lay, g.row, t.spans, t.tokens):
        return _row_of_wrapped_halves(t, g)
    if len({line for _c, line in g.pairs}) > 1:
        # the numbers come from several lines, each printed apart: a number alone on its line is one cell
        # (or half of one), not digits run together; cutting them would be a guess
        return RowRead(note=f"{short}分印在多行，少于 {n} 格，不能把印开的数字再拆开，无法确定对应关系，未读取")
    if (beside := _halves_left_beside(g.pairs, t.tokens, t.assigned)) is not None:
        return RowRead(
            note=f"{short}少于 {n} 格，而紧邻的一行只印着没有分给任何行的数字（{' '.join(beside)}），"
            "可能是本行折行的半个数字，不把本行的数字再拆开，未读取"
        )
    return _row_run_together(t, g)


def _row_with_blank_lines(g: _Given, empty: tuple[int, ...]) -> RowRead:
    """A row of a table printed a cell per line whose missing cells are its empty lines (``cell_lines``): those cells
    are blank, as printed."""
    shown = "、".join(g.row.cols[j] for j in empty)
    return RowRead(
        [_with_blanks(g.row, g.chunks, empty)],
        exact=True,
        note=f"{g.where}每格印成一行，其中空行处的单元格为空白，按原文空白读取（审核将报“未填写”）：{shown}",
    )


def _row_of_wrapped_halves(t: _Table, g: _Given) -> RowRead:
    """A short row with halves of wrapped cells on the lines around it: read back by joining the halves where its
    sums allow (using the halves' numbers too); else unread."""
    halves = _rewrapped(t.lay, g.row, t.spans, t.tokens, g.inside, g.pairs)
    if halves:
        return _rejoined(g.where, halves, g.given + _halves_taken(t.lay, g.row, t.spans, t.tokens, g.pairs))
    return RowRead(note=f"{g.where}的较长数字在单元格内折行（上下两行各有半个数字），拼合后与本行合计不符，未读取")


def _row_run_together(t: _Table, g: _Given) -> RowRead:
    """A short row on one line whose digits run together: split into its cells, as printed when there is only one
    way to cut them, else by the splits that the sums allow (``_choose`` picks among them across the table). Only
    where the whole row is one run of digits, the table shows digits run together somewhere (``_Table.glued``), or
    it is laid out in columns (two cells printed too close run together there): numbers printed apart, in a table
    whose numbers are all printed apart, are not cut. Nor, into the one way they cut, when lines of numbers of no
    row's label print beside it, as the other halves of its wrapped cells may be ("15,31 54,42 69,85" over
    "4.保护第三方合法权益 17 77 9 13": no 1 7 7 7 9 1 3), or when it cuts every digit apart: as many digits as cells
    have that one split whatever they are ("17361 73", a wrapped cell and a whole one, is no 1 7 3 6 1 7 3)."""
    digit_each = sum(len(c) for c in g.chunks) == len(g.row.cols)  # one way only, a digit a cell, whatever is printed
    if len(g.chunks) > 1 and not t.glued and (digit_each or _halves_nearby(t, g)):
        return RowRead(
            note=f"{g.where}读到 {g.given} 个数（{' '.join(g.chunks)}），少于 {len(g.row.cols)} 格，数字之间有空格，"
            "上下行还印着可能是折行另一半的数字，不把印开的数字再拆开，未读取"
        )
    forced = _forced_split(g.row, g.chunks, t.steps)
    if forced is not None and t.columned and (glued := _cut_unlike(g.chunks, forced)):
        return RowRead(
            note=f"{g.where}按列排印，相邻两格的数字印在了一起（{'、'.join(glued)}），这样印在一起的两格先后不一定是"
            "页面上的先后，无法确定，未读取"
        )
    if forced is not None:  # only one way to cut the digits: read as printed, whatever the sums say
        return RowRead([forced], exact=True)
    if not t.glued and not t.columned and len(g.chunks) > 1:
        return RowRead(
            note=f"{g.where}读到 {g.given} 个数（{' '.join(g.chunks)}），少于 {len(g.row.cols)} 格，数字之间有空格，"
            "表中也没有连在一起的数字，不把印开的数字再拆开，未读取"
        )
    cands = _row_candidates(t.lay, g.row, g.chunks, t.idents, t.steps)
    if cands:
        return RowRead(cands, close=t.columned)
    why = "可能的拆分过多，无法确定" if cands is None else "没有满足勾稽关系的拆分"
    return RowRead(note=f"{g.where}的数字连在一起（{' '.join(g.chunks)}），{why}，未读取")


def _cut_unlike(chunks: list[str], values: tuple[object, ...]) -> list[str]:
    """The chunks that a split cuts into unlike pieces ("088" into 0 and 88; not "44" into 4 and 4). In text laid
    out in columns, digits run together are two cells that pdftotext set on top of each other, and it may set them
    in either order (88 then 0 printed "088"): the one way to cut them does not give their order."""
    out, pieces = [], iter(str(v) for v in values)
    for chunk in chunks:
        got: list[str] = []
        while "".join(got) != chunk and (piece := next(pieces, None)) is not None:
            got.append(piece)
        if len(set(got)) > 1:
            out.append(chunk)
    return out


def _halves_nearby(t: _Table, g: _Given) -> bool:
    """Whether the lines just before the row's label, or its label's lines after its numbers, hold numbers that may
    be halves of its wrapped cells (``_heads_before``, ``_tails_after``)."""
    return bool(_heads_before(t.lay, g.row, t.spans, t.tokens) or _tails_after(g, t.spans, t.tokens))


def _run_together(chunk: str) -> bool:
    """Whether a chunk cannot be one cell: digits of several cells run together ("0000000", "000", eight digits).
    Two digits beginning with 0 do not tell: the tail of a wide cell wrapped in its column may be one ("2279" over
    "02" is 22792)."""
    return chunk.isdigit() and ((len(chunk) > 2 and chunk[0] == "0") or len(chunk) >= 8)


def _edges_trimmed(pairs: list[tuple[str, int]], width: int) -> list[tuple[str, int]] | None:
    """A row given more cells than it has, some of them empty grid cells at the edge of its numbers (a Markdown
    export's filler for a merged label cell, an empty column): without as many of those empty edge cells as it has
    too many. When they can be dropped from either end with different results (empty cells at both ends: pandoc's
    filler after a spanned label, and a blank last cell), which end is not the row's is not known: None. Rows
    without empty edge cells are returned as they are."""
    extra = len(pairs) - width
    if extra <= 0 or "" not in (pairs[0][0], pairs[-1][0]):
        return pairs
    lead = next((k for k, (c, _line) in enumerate(pairs) if c != ""), len(pairs))
    tail = next((k for k, (c, _line) in enumerate(reversed(pairs)) if c != ""), len(pairs))
    fronts = [front for front in range(extra + 1) if front <= lead and extra - front <= tail]
    if not fronts:  # fewer empty edge cells than cells too many: drop those there are, the rest is read as before
        return pairs[lead : len(pairs) - tail]
    ways = [pairs[front : len(pairs) - extra + front] for front in fronts]
    if len({tuple(c for c, _line in way) for way in ways}) > 1:
        return None
    return ways[0]


def _count(chunks: list[str]) -> int:
    """Numbers among a row's chunks (an empty grid cell is none)."""
    return sum(1 for c in chunks if c)


def _printed_blank(
    lay: Layout,
    spans: list[Span | None],
    empty: list[int],
    assigned: dict[int, list[Group]],
    candidates: dict[int, list[tuple[object, ...]]],
    used: int,
    available: int | None,
    halves: set[int] | frozenset[int] = frozenset(),
) -> list[int]:
    """The rows printed blank: rows whose label is printed and that got no numbers, when every other row is read
    one way only (not by position, not ambiguous) and uses up every number of the table, so no number is left
    that could be theirs. Plain text prints a blank row as its label alone. Anything less (a number left over, a
    row unread, ambiguous or placed by position, a label not found) and the rows stay unread: unread is not blank.
    A row read back from the halves of its wrapped cells (``halves``) counts as read one way: its readings differ
    only in which cell each joined number goes to, and each uses all of its numbers."""
    if available is None or not empty or len(empty) == len(lay.rows) or used != available:
        return []
    for i, row in enumerate(lay.rows):
        if i in empty:
            if row.label is None or spans[row.label] is None:
                return []
        elif (len(candidates.get(i, ())) != 1 and i not in halves) or any(
            g.by_position or g.confirm for g in assigned.get(i, ())
        ):
            return []
    return empty


@dataclass
class Run:
    """The numbers of several rows printed after one label, cut into those rows in the official order."""

    rows: dict[int, tuple[object, ...]]  # row index → its values, in order
    chunks: list[str]  # the numbers as given to the first row
    note: str


def _cut_run(
    lay: Layout,
    first: int,
    chunks: list[str],
    assigned: dict[int, list[Group]],
    inside_of: dict[str, list[spec.Identity]],
) -> Run | None:
    """The numbers of ``first`` and of the rows after it that got none of their own, when a label is followed by
    exactly as many numbers as those rows have cells (their own labels printed elsewhere, or lost: pdftotext prints
    a table's label column apart from its numbers). Cut in the official order, and taken only when every row's own
    identities hold for its part (table 三's 总计 = the six columns); the column identities are checked later.
    Not when the rows just before ``first`` got no numbers either and a cut from one of them holds as well: the
    labels printed together before the numbers, the numbers may be theirs as much as the rows' after it. Nor when
    the row after the last of the cut got none either: the numbers may skip a blank row among them (a row of zeros
    left empty), and which one is not printed."""
    rows = _cut(lay, first, chunks, assigned, inside_of, first)
    if rows is None:
        return None
    after = max(rows) + 1
    if after < len(lay.rows) and not assigned.get(after):
        return None  # the row after the cut got no numbers either: one of the rows may be blank, which is not printed
    before = first - 1
    while before >= 0 and not assigned.get(before):
        if _cut(lay, before, chunks, assigned, inside_of, first) is not None:
            return None
        before -= 1
    section = spec.TABLES[lay.table].section
    last = _row_words(lay, lay.rows[max(rows)])
    width = len(lay.rows[first].cols)
    note = (
        f"表{section}“{_row_words(lay, lay.rows[first])}”后读到 {len(chunks)} 个数，其后 {len(rows) - 1} 行没有读到"
        f"自己的数字（标签印在别处或缺失）；已按正式表格的行序每 {width} 个数分给一行，至“{last}”共 {len(rows)} 行，"
        "各行合计均相符（标记为推断），请核对原文"
    )
    return Run(rows, chunks, note)


def _cut(
    lay: Layout,
    start_row: int,
    chunks: list[str],
    assigned: dict[int, list[Group]],
    inside_of: dict[str, list[spec.Identity]],
    owner: int,
) -> dict[int, tuple[object, ...]] | None:
    """``chunks`` (given to row ``owner``) cut into rows from ``start_row`` on in the official order, each part
    holding its row's own identities, over rows that got no numbers but ``owner``'s; None when they do not."""
    rows: dict[int, tuple[object, ...]] = {}
    start = 0
    for j in range(start_row, len(lay.rows)):
        if j != owner and assigned.get(j):
            return None  # the next row has numbers of its own: these cannot be its
        row = lay.rows[j]
        inside = inside_of.get(row.key)
        part = chunks[start : start + len(row.cols)]
        if not inside or len(part) < len(row.cols) or not all(_COUNT.fullmatch(c) for c in part):
            return None
        values = tuple(value_of(c, k) for c, k in zip(part, row.kinds, strict=True))
        cells = dict(zip(((row.key, c) for c in row.cols), values, strict=True))
        if not all(_holds(d, cells) is True for d in inside):
            return None
        rows[j] = values
        start += len(row.cols)
        if start == len(chunks):
            break
    return rows if len(rows) >= 2 and start == len(chunks) else None


def _run_fits(
    lay: Layout, run: Run, candidates: dict[int, list[tuple[object, ...]]], idents: list[spec.Identity]
) -> bool:
    """No identity across rows (the column sums) that involves the run's rows is broken, given the rows read
    with certainty (a single candidate)."""
    values: dict[tuple[str, str], object] = {}
    for i, cands in candidates.items():
        if len(cands) == 1:
            values.update(zip(((lay.rows[i].key, c) for c in lay.rows[i].cols), cands[0], strict=True))
    keys = {lay.rows[j].key for j in run.rows}
    return all(_holds(d, values) is not False for d in idents if keys & {k[0] for k in d.members()})


def _drop_run(
    lay: Layout, run: Run, candidates: dict[int, list[tuple[object, ...]]], notes: list[str], why: str
) -> list[int]:
    """Undo a cut that the column identities refute: its rows are not read, and the note says why."""
    for j in run.rows:
        candidates.pop(j, None)
    first = min(run.rows)
    shown = " ".join(run.chunks)
    notes.append(
        f"表{spec.TABLES[lay.table].section}“{_row_words(lay, lay.rows[first])}”读到 {len(run.chunks)} 个数（{shown}），"
        f"按行序分给其后各行时{why}，无法确定对应关系，未读取：{'、'.join(_row_words(lay, lay.rows[j]) for j in run.rows)}"
    )
    return list(run.rows)


def _row_words(lay: Layout, row: RowSlot) -> str:
    for r in spec.T3_ROWS:
        if r.key == row.key:
            return r.words
    return row.key if row.key != spec.T4_ROW_KEY else spec.TABLES[lay.table].title


_OnePerLine = tuple[cell_lines.Pattern | None, list[cell_lines.Row], cell_lines.Page, int | None]


def _one_cell_per_line(
    lay: Layout, spans: list[Span | None], assigned: dict[int, list[Group]], tokens: Tokens
) -> _OnePerLine | None:
    """The table's pattern of empty lines (None when its rows do not show one), its rows and its lines, when every
    number of the region stands on a line of its own (LibreOffice's text, ``get_text``; ``cell_lines``)."""
    chunks = tokens.line_numbers.values()
    if not tokens.char_lines or any(len(c) != 1 or c == [""] for c in chunks):
        return None
    label_lines = [(tokens.char_lines[s.start], tokens.char_lines[s.end - 1]) if s else None for s in spans]
    rows = [
        cell_lines.Row(
            label_lines[row.label] if row.label is not None else None,
            tuple(line for g in assigned.get(i, []) for line in g.lines),
            len(row.cols),
            i == len(lay.rows) - 1,
        )
        for i, row in enumerate(lay.rows)
    ]
    labelled = frozenset(k for span in label_lines if span for k in range(span[0], span[1] + 1))
    page = cell_lines.Page(frozenset(tokens.text_lines), frozenset(tokens.line_numbers), labelled)
    table = cell_lines.pattern(rows, page)
    return table, rows, page, cell_lines.blank_lines(table, rows, page) if table else None


def _empty_lines(one_per_line: _OnePerLine, i: int, given: int) -> tuple[int, ...] | None:
    """The cells of row ``i`` that its empty lines show blank: by the table's pattern, or for a row without a label
    (table 四's one row) by the pattern of its own gaps. Only when the row is read from the numbers the pattern saw
    (``given`` of them: none taken away by another reading)."""
    table, rows, page, unit = one_per_line
    row = rows[i]
    if len(row.lines) != given:
        return None
    if row.label is None:
        own = cell_lines.own_pattern(row, page)
        return cell_lines.blanks(own, row, page) if own else None
    return cell_lines.blanks(table, row, page, unit) if table else None


def _with_blanks(row: RowSlot, chunks: list[str], empty: tuple[int, ...]) -> tuple[object, ...]:
    """A row's values with its empty cells blank (None) and its numbers, in order, in the others."""
    numbers = iter(chunks)
    return tuple(None if j in empty else value_of(next(numbers), k) for j, k in enumerate(row.kinds))


def _blank_cells_fit(row: RowSlot, chunks: list[str], inside: list[spec.Identity]) -> str | None:
    """A row given fewer numbers than cells, as separate numbers, may have cells left blank rather than digits run
    together: when the numbers as printed, each in a cell of its own and the other cells blank (0 in the sums),
    satisfy the row's own identities (any placement, for a row without any), the two readings cannot be told apart.
    Returns one such placement, written out for the note; None when no placement fits (or the numbers came as one
    run of digits, where nothing but splitting can be read)."""
    if _count(chunks) < 2 or any(not c or not _valid_part(c, k) for c, k in zip(chunks, row.kinds, strict=False)):
        return None
    n = len(row.cols)
    for places in combinations(range(n), len(chunks)):
        if not all(_valid_part(c, row.kinds[j]) for c, j in zip(chunks, places, strict=True)):
            continue
        cells: dict[tuple[str, str], object] = dict.fromkeys(((row.key, c) for c in row.cols), 0)
        for c, j in zip(chunks, places, strict=True):
            cells[(row.key, row.cols[j])] = value_of(c, row.kinds[j])
        if all(_holds(d, cells) is not False for d in inside):
            shown = dict(zip(places, chunks, strict=True))
            return " ".join(shown.get(j, "（空）") for j in range(n))
    return None


def _forced_split(row: RowSlot, chunks: list[str], steps: list[int] | None = None) -> tuple[object, ...] | None:
    """The row's cells when the digits can be cut into them in one well-formed way only (as many digits as cells,
    or leading zeros that stand alone): a forced reading, which the identities may not veto."""
    try:
        found = list(islice(splits(chunks, row.kinds, shared=steps), 2))
    except _TooMany:
        return None
    if len(found) != 1:
        return None
    return tuple(value_of(p, k) for p, k in zip(found[0], row.kinds, strict=True))


def _row_candidates(
    lay: Layout, row: RowSlot, chunks: list[str], idents: list[spec.Identity], steps: list[int] | None = None
) -> list[tuple[object, ...]] | None:
    """Well-formed splits of one row that satisfy the identities lying inside the row, best first; None if too many."""
    position = {col: i for i, col in enumerate(row.cols)}
    checks: dict[int, list[spec.Identity]] = {}
    for d in idents:
        if all(k[0] == row.key for k in d.members()):
            checks.setdefault(max(position[k[1]] for k in d.members()), []).append(d)

    def accept(parts: list[str]) -> bool:
        due = checks.get(len(parts) - 1)
        if not due:
            return True
        cells = {(row.key, c): value_of(p, k) for c, p, k in zip(row.cols, parts, row.kinds, strict=False)}
        return all(_holds(d, cells) is not False for d in due)

    try:
        out = [
            tuple(value_of(p, k) for p, k in zip(parts, row.kinds, strict=True))
            for parts in splits(chunks, row.kinds, accept, steps)
        ]
    except _TooMany:
        return None
    out.sort(key=lambda v: _rank(lay, row, v))
    return out


def _rank(lay: Layout, row: RowSlot, values: tuple[object, ...]) -> tuple[int, float]:
    """Sort key of a row's candidate split: plausible before implausible, then by the prior."""
    return (0 if _plausible(lay.table, row.key, row.cols, values) else 1), _prior(values)


def _with_evidence(
    lay: Layout,
    candidates: dict[int, list[tuple[object, ...]]],
    evidence: Sequence[Evidence],
    notes: list[str],
    idents: list[spec.Identity],
) -> dict[int, list[tuple[object, ...]]]:
    """Splits of a row that agree with what other sources say of its cells, weighed in the order of the sources (the
    narrative, then last year's report; ``evidence``): a source narrows a row's splits where some agree and some don't.

    A source that agrees with none of the splits an earlier source kept does not overrule it (the note says so); a
    source is not followed where it would leave no combination of rows that satisfies the table's own identities."""
    if not evidence:
        return candidates
    out = dict(candidates)
    for i, cands in candidates.items():
        row = lay.rows[i]
        where = f"表{spec.TABLES[lay.table].section}“{_row_words(lay, row)}”的数字连在一起，"
        by: Evidence | None = None  # the source that narrowed this row
        for source in evidence:
            facts = source.for_row(lay.table, row.key)
            if len(cands) < 2 or not facts:
                continue
            said = "；".join(f.said for f in facts)
            current = out[i]
            agree = [c for c in current if _agrees(row, c, facts)]
            what = _what(source, said)
            if agree and len(agree) < len(current):
                if not _fits(lay, {**out, i: agree}, idents) and _fits(lay, out, idents):
                    notes.append(f"{where}{what}与本表的勾稽关系不符，未据此选定拆分")
                    continue
                out[i], by = agree, source
                notes.append(_settled(where, source, said, agree, [c for c in current if c not in agree]))
            elif not agree and by is not None and any(_agrees(row, c, facts) for c in cands):
                notes.append(f"{where}{what}与{_what(by)}不符，按{_what(by)}读取")
            elif not agree and not source.narrative:
                notes.append(f"{where}没有一种拆分符合{what}，未据此选定拆分")
    return out


def _agrees(row: RowSlot, values: tuple[object, ...], facts: list[Fact]) -> bool:
    cells = dict(zip(row.cols, values, strict=True))
    return all(f.holds(cells) for f in facts)


def _what(source: Evidence, said: str = "") -> str:
    """A source as the notes quote it: 正文所述（…）, 上年报告（文件名）的跨年度衔接（…）."""
    what = "正文所述" if source.narrative else f"{source.source}的跨年度衔接"
    return f"{what}（{said}）" if said else what


def _settled(
    where: str, source: Evidence, said: str, agree: list[tuple[object, ...]], others: list[tuple[object, ...]]
) -> str:
    """The note of a row whose splits a source narrowed: the narrative's as before; last year's names the report and
    the splits it ruled out."""
    if source.narrative:
        return f"{where}按正文所述（{said}）选定拆分（标记为推断）"
    ruled_out = _listed(others)
    if len(agree) == 1:
        chosen = "、".join(str(v) for v in agree[0])
        return f"{where}按{_what(source, said)}选定拆分为 {chosen}（标记为推断；其他可能：{ruled_out}），请核对原文"
    return f"{where}按{_what(source, said)}排除了以下拆分：{ruled_out}"


def _fits(lay: Layout, candidates: dict[int, list[tuple[object, ...]]], idents: list[spec.Identity]) -> bool:
    """Whether some combination of the rows' splits breaks none of the table's identities (True when there are too
    many combinations to try: then it cannot be told)."""
    rows = sorted(candidates)
    if math.prod(len(candidates[i]) for i in rows) > _MAX_CANDIDATES:
        return True
    for combo in product(*(candidates[i] for i in rows)):
        values = {
            (lay.rows[i].key, col): v
            for i, vals in zip(rows, combo, strict=True)
            for col, v in zip(lay.rows[i].cols, vals, strict=True)
        }
        if all(_holds(d, values) is not False for d in idents):
            return True
    return False


def _choose(
    lay: Layout,
    candidates: dict[int, list[tuple[object, ...]]],
    idents: list[spec.Identity],
    notes: list[str],
    ambiguous: set[int] | None = None,
    no_guess: set[int] | frozenset[int] = frozenset(),
    close_cells: set[int] | frozenset[int] = frozenset(),
) -> dict[int, tuple[object, ...]]:
    """Pick one candidate per row: the unique combination satisfying the table's identities, or the likeliest one
    (and say that the split was ambiguous; the rows with alternatives are added to ``ambiguous``). A row in
    ``no_guess`` is taken only when the identities leave it one reading: its alternatives are the same numbers in
    other cells (the halves of wrapped cells, placed in turn), which no prior can rank, so it is left unread rather
    than guessed. A row in ``close_cells`` likewise: its digits run together in text laid out in columns, where
    neighbouring cells printed close together ("43 44" for 43, 4, 4) are as likely as any other split."""
    ambiguous = set() if ambiguous is None else ambiguous
    fixed = {i: c[0] for i, c in candidates.items() if len(c) == 1}
    open_rows = [i for i, c in candidates.items() if len(c) > 1]
    if not open_rows:
        return fixed
    combos = _consistent_combos(lay, candidates, fixed, open_rows, idents)
    section = spec.TABLES[lay.table].section
    if combos is not None and len(combos) == 1:
        return {**fixed, **dict(zip(open_rows, combos[0], strict=True))}
    for n, i in reversed(list(enumerate(open_rows))):
        left = {c[n] for c in combos} if combos else set(candidates[i])
        if (i in no_guess or i in close_cells) and len(left) > 1:
            shown = "；".join("、".join(str(v) for v in alt) for alt in sorted(left, key=str)[:_SHOWN_ALTERNATIVES])
            what = (
                f"的较长数字在单元格内折行，拼合后有 {len(left)} 种放法"
                if i in no_guess
                else f"的数字按列排印，相邻的格印在一起，有 {len(left)} 种拆法"
            )
            notes.append(f"表{section}“{_row_words(lay, lay.rows[i])}”{what}均与合计相符（{shown}），无法确定，未读取")
            open_rows.pop(n)
            combos = [c[:n] + c[n + 1 :] for c in combos] if combos else combos
    if not open_rows:
        return fixed
    if combos:  # several combinations satisfy every identity: take the likeliest, but say so

        def combo_rank(combo: tuple) -> tuple[int, float]:
            ranks = [_rank(lay, lay.rows[i], v) for i, v in zip(open_rows, combo, strict=True)]
            return sum(r[0] for r in ranks), sum(r[1] for r in ranks)

        best = min(combos, key=combo_rank)
        for n, (i, vals) in enumerate(zip(open_rows, best, strict=True)):
            alts = sorted({c[n] for c in combos} - {vals}, key=partial(_rank, lay, lay.rows[i]))
            if alts:
                ambiguous.add(i)
                notes.append(_ambiguity(section, _row_words(lay, lay.rows[i]), vals, alts))
        return {**fixed, **dict(zip(open_rows, best, strict=True))}
    for i in open_rows:  # no combination fits (the report itself breaks an identity): per row, likeliest first
        ambiguous.add(i)
        notes.append(_ambiguity(section, _row_words(lay, lay.rows[i]), candidates[i][0], candidates[i][1:]))
    return {**fixed, **{i: candidates[i][0] for i in open_rows}}


#: Alternatives written out in a note; the rest are counted.
_SHOWN_ALTERNATIVES = 12


def _listed(alts) -> str:
    """Splits written out (up to _SHOWN_ALTERNATIVES, then counted)."""
    alts = list(alts)
    others = "；".join("、".join(str(v) for v in alt) for alt in alts[:_SHOWN_ALTERNATIVES])
    if len(alts) > _SHOWN_ALTERNATIVES:
        others += f"；另有 {len(alts) - _SHOWN_ALTERNATIVES} 种"
    return others


def _ambiguity(section: str, words: str, vals: tuple[object, ...], alts) -> str:
    """Every other split that survives is listed (up to _SHOWN_ALTERNATIVES, then counted)."""
    shown = "、".join(str(v) for v in vals)
    others = _listed(alts)
    return f"表{section}“{words}”的数字连在一起，有多种拆分均说得通，按最可能的读取为 {shown}（其他可能：{others}），请核对原文"


def _consistent_combos(
    lay: Layout,
    candidates: dict[int, list[tuple[object, ...]]],
    fixed: dict[int, tuple],
    open_rows: list[int],
    idents: list[spec.Identity],
) -> list[tuple] | None:
    """Every combination of the open rows' candidates under which no identity is broken; None if too many to try."""
    total = math.prod(len(candidates[i]) for i in open_rows)
    if total > _MAX_CANDIDATES:
        return None
    base: dict[tuple[str, str], object] = {}
    for i, vals in fixed.items():
        row = lay.rows[i]
        base.update({(row.key, c): v for c, v in zip(row.cols, vals, strict=True)})
    touching = [d for d in idents if any(k[0] in {lay.rows[i].key for i in open_rows} for k in d.members())]
    good: list[tuple] = []
    for combo in product(*(candidates[i] for i in open_rows)):
        values = dict(base)
        for i, vals in zip(open_rows, combo, strict=True):
            row = lay.rows[i]
            values.update({(row.key, c): v for c, v in zip(row.cols, vals, strict=True)})
        if all(_holds(d, values) is not False for d in touching):
            good.append(combo)
    return good
