"""Cut the text of a published report into the regions that hold its three tables.

The section headings are found by ``text.find_headings``, the one reader of headings for the importer and the
audit alike; a table whose heading is missing is found by its first two labels in reading order (one label alone,
such as 行政复议, also occurs in prose). A region ends at the next heading found, the next table, or the first line
that opens like a top-level heading ("五、…") and is not one of the table's own labels, whatever its wording: a
reworded or an extra section cannot make a table swallow the figures of the prose after it.
"""

from __future__ import annotations

import re
from functools import cache

from .. import cells, spec
from ..text import Headings, flat, line_headings, spaced


def _table_anchor(table: spec.TableSpec) -> re.Pattern[str]:
    """Words that open the table when its section heading is missing: its first two labels, close together."""
    first, second = (t.text for t in sorted(table.texts, key=lambda t: cells.parse(t.address))[:2])
    return re.compile(spaced(first[:12]) + r"[\s|｜]{0,40}" + spaced(second[:8]))


@cache
def _label_words(table_key: str) -> str:
    """Every label of a table, folded and joined, to tell its own "一、…" rows from a heading after it."""
    return "|".join(flat(t.text).translate(_BRACKETS) for t in spec.TABLES[table_key].texts)


_BRACKETS = str.maketrans("()", "（）")


def _own_label(numeral: str, rest: str, table_key: str) -> bool:
    """Whether a line opening with a top-level number ("三、") is the table's own label of that number, wrapped in
    its cell so that only its first characters stand on the line: "三、本 （一）予以公开" is "三、本年度办理结果"
    printed as "三、本 / 年度办 / 理结果" beside the rows (a narrow column, a small font)."""
    first = flat(rest)[:1]
    own = f"{numeral}、{first}"
    return bool(numeral and first) and any(flat(t.text).startswith(own) for t in spec.TABLES[table_key].texts)


def _own_end(text: str, start: int, end: int, table_key: str) -> int:
    """The first line after ``start`` that opens like a top-level heading but is none of the table's labels."""
    words = _label_words(table_key)
    for where, numeral, rest in line_headings(text, start, end):
        head = re.sub(r"[\d.,|｜]+", "", flat(rest).translate(_BRACKETS))[:3]  # three characters: a vertical group
        # a label ("三、") may run into the next row's words ("三、 法提供 制作"), or wrap in its cell ("三、本 （一）…")
        if len(head) >= 2 and head not in words and not _own_label(numeral, rest, table_key):
            return where
    return end


def table_regions(text: str, headings: Headings) -> dict[str, tuple[int, int]]:
    """table key → (start, end) of the text holding it: from its section heading (or its first label) to the next
    heading (a section of the report's own included) or the next table's first label."""
    numbers = [s.number for s in spec.SECTIONS]
    anchors = {t.key: _table_anchor(t) for t in spec.TABLES.values()}
    starts: dict[str, int] = {}
    for table in spec.TABLES.values():
        h = headings.get(table.section)
        if h:
            starts[table.key] = h.end
        else:
            prev = [headings[n].end for n in numbers[: numbers.index(table.section)] if n in headings]
            m = anchors[table.key].search(text, max(prev, default=0))
            if m:
                starts[table.key] = m.start()
    regions: dict[str, tuple[int, int]] = {}
    for table in spec.TABLES.values():
        if table.key not in starts:
            continue
        start = starts[table.key]
        own = headings.get(table.section)
        ends = [s for s in headings.starts() if s >= start and not (own and s == own.start)]
        ends += [s for k, s in starts.items() if s > start and k != table.key]
        end = min(ends, default=len(text))
        regions[table.key] = (start, _own_end(text, start, end, table.key))
    return regions
