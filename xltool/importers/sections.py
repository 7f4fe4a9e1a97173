"""Cut the text of a published report into the regions that hold its three tables.

The section headings are found by ``narrative.find_headings``, the one reader of headings for the importer and the
audit alike; a table whose heading is missing is found by its first label instead.
"""

from __future__ import annotations

import re

from .. import cells, spec
from ..text import Heading, spaced


def _table_anchor(table: spec.TableSpec) -> re.Pattern[str]:
    """Words that open the table when its section heading is missing: the start of its first label in the spec."""
    first = min(table.texts, key=lambda t: cells.parse(t.address)).text
    return re.compile(spaced(first[:12]))


def table_regions(text: str, headings: dict[str, Heading]) -> dict[str, tuple[int, int]]:
    """table key → (start, end) of the text holding it: from its section heading (or its first label) to the next
    heading or the next table's first label."""
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
        ends = [h.start for h in headings.values() if h.start >= start and h.number != table.section]
        ends += [s for k, s in starts.items() if s > start and k != table.key]
        regions[table.key] = (start, min(ends, default=len(text)))
    return regions

