"""Find the six numbered sections of a published report and cut its text into them.

Headings are taken from ``spec.SECTIONS`` (and ``spec.SECTION4_ALT_HEADING``) and matched with white space allowed
between the characters, since PDF text and crawled pages put spaces and line breaks anywhere. A heading may carry a
short prefix that reports like to add ("五、政府信息公开工作存在的主要问题及改进情况").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .. import spec

#: Characters a report may add between the number and the heading words ("四、因政府信息公开…").
_PREFIX = r"[^\n。；\d]{0,12}?"


@dataclass(frozen=True)
class Heading:
    number: str
    start: int
    end: int


def _spaced(words: str) -> str:
    """A regex for ``words`` that tolerates white space between characters and either form of brackets."""
    out = []
    for ch in words:
        if ch in "（(":
            out.append(r"[（(]")
        elif ch in "）)":
            out.append(r"[）)]")
        else:
            out.append(re.escape(ch))
    return r"\s*".join(out)


@cache
def _heading_patterns(number: str) -> tuple[re.Pattern[str], ...]:
    section = next(s for s in spec.SECTIONS if s.number == number)
    head = rf"{number}\s*[、.．]\s*"
    words = [section.heading]
    if number == "四":
        words.append(spec.SECTION4_ALT_HEADING)
    pats = [re.compile(head + _PREFIX + _spaced(w)) for w in words]
    if number == "四":  # "四、因政府信息公开申请行政复议、提起行政诉讼的情况" and other wordings
        pats.append(re.compile(head + r"[^\n。；\d]{0,20}?" + _spaced(spec.T4_REVIEW) + r"[^\n。；]{0,20}?"
                               + _spaced(spec.T4_LITIGATION) + r"[^\n。；]{0,6}?情况"))
    return tuple(pats)


def find_headings(text: str) -> dict[str, Heading]:
    """The first occurrence of each section heading, searching in order after the previous heading found."""
    found: dict[str, Heading] = {}
    pos = 0
    for section in spec.SECTIONS:
        best: re.Match[str] | None = None
        for pat in _heading_patterns(section.number):
            m = pat.search(text, pos)
            if m and (best is None or m.start() < best.start()):
                best = m
        if best:
            found[section.number] = Heading(section.number, best.start(), best.end())
            pos = best.end()
    return found


#: Words that open each table when its section heading is missing (the first label of the table in the spec).
def _table_anchor(table: spec.TableSpec) -> re.Pattern[str]:
    first = sorted(table.texts, key=lambda t: (int(t.address[1:]), t.address[0]))[0].text
    return re.compile(_spaced(first[:12]))


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


def section_text(text: str, headings: dict[str, Heading], number: str) -> str | None:
    """The text of a section from its heading to the next heading found, or None when the heading is missing."""
    h = headings.get(number)
    if not h:
        return None
    ends = [o.start for o in headings.values() if o.start > h.start]
    return text[h.end: min(ends, default=len(text))]
