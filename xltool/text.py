"""Reading published and typed text: the one reader both the importer and the rules use.

Page furniture, spacing beside Chinese, full-width forms, wrapped lines, sentences, the title with its year and agency,
the statistical period and the section headings: the importer and the audit read them here, so that the two never
disagree about a report. Pure text in, plain data out; the format's wordings (section headings) come from spec.
What the prose *claims* (figures, sums, statements) is read by ``claims``, for the narrative rules and the importer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from . import spec

# ---- normalising published and typed text ------------------------------------------------------------------------

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９％", "0123456789%")
#: Page furniture, a line of its own: "- 3 -", "— 3 —", "第 3 页", "第3页共6页", "3 / 6".
_PAGE_NUMBER = re.compile(
    r"\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3})\s*"
)
_SPACE_NEAR_CJK = re.compile(r"[ \t\u3000\xa0]+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])[ \t\u3000\xa0]+")
_WHITE_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """Line ends unified and page numbers dropped: page furniture would otherwise be read as figures or quoted."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\xa0", " ")
    return "\n".join(ln for ln in text.split("\n") if not _PAGE_NUMBER.fullmatch(ln))


def unspace(text: str) -> str:
    """Without the spaces that PDF text and typesetting put beside Chinese characters ("2024 年", "答 复")."""
    return _SPACE_NEAR_CJK.sub("", text)


def flat(text: str) -> str:
    """NFKC (full-width → half-width) and no white space at all: the form in which words that line wrapping or typing
    may have spaced or full-width ("淮\\n安市翔宇南道", "Ｔ－９＠…") are compared."""
    return _WHITE_SPACE.sub("", unicodedata.normalize("NFKC", text))


_NAME_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def agency_key(name: str | None) -> str | None:
    """The agency name as compared across reports: NFKC, no spaces or punctuation (“沙坡头区 兴仁镇（人民政府）”)."""
    if not name:
        return None
    return _NAME_NOISE.sub("", flat(name)) or None


_HEADING_START = re.compile(r"^\s*(?:（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+[.、．])")
_TERMINATORS = "。！？；：!?;:"
#: A short line that opens with a heading marker is a heading of its own (PDF wraps long lines, not headings).
_HEADING_MAX = 25


def normalize(text: str) -> str:
    """Full-width digits to ASCII, page numbers and PDF spacing removed, wrapped lines joined.

    Published PDFs break lines mid-sentence and put spaces around numbers ("2024 年"); typed cells do neither. A line
    break is kept only where a paragraph really ends: after a sentence terminator, before a heading marker, or after
    a short heading line.
    """
    text = unspace(clean(text).translate(_FULLWIDTH_DIGITS))
    out: list[str] = []
    for line in (ln.strip() for ln in text.split("\n")):
        if not line:
            continue
        if out and not _paragraph_break(out[-1], line):
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)


def _paragraph_break(previous: str, line: str) -> bool:
    if previous[-1] in _TERMINATORS or _HEADING_START.match(line):
        return True
    return bool(_HEADING_START.match(previous)) and len(previous) <= _HEADING_MAX


_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")


def sentences(text: str) -> list[str]:
    """Sentences of normalised text: split after 。！？ and at paragraph ends."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def quote(sentence: str, limit: int = 120) -> str:
    """The sentence as quoted in a finding, shortened where it runs on."""
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


# ---- title and years -----------------------------------------------------------------------------------------------


#: The report's title, "沙坡头区兴仁镇2024年政府信息公开工作年度报告". Its words may be spaced or wrapped (PDF text);
#: the agency's name is optional (a title may stand on a line of its own) and never crosses white space or punctuation,
#: so that a crawled page's breadcrumbs ("首页 政务公开") do not run into it.
_TITLE = re.compile(
    r"(?P<name>[^\s，,。：:；;、“”\"《》〈〉<>()（）|｜]{2,40}?)?\s*(?:关于)?\s*(?P<year>\d{4})\s*年(?:\s*度)?\s*"
    r"政\s*府\s*信\s*息\s*公\s*开(?:\s*工\s*作)?(?:\s*年(?:\s*度)?)?\s*报\s*告"
)
_PERIOD = re.compile(r"(\d{4})年1月1日起?(?:至|到|—|－|-|~|～)(?:(\d{4})年)?12月31日")
_PERIOD_CONTEXT = re.compile(r"统计|数据|期限|期间|时限|报告")
#: Characters quoted before the title in a finding.
_TITLE_CONTEXT = 20


@dataclass(frozen=True)
class Title:
    """The report's title as printed: the year, the agency it names (None when it names none), and the title with the
    words before it, as a finding quotes it."""

    year: int
    name: str | None
    words: str


def title(text: str) -> Title | None:
    """The report's title: its first '…年政府信息公开工作年度报告'. The importer takes the year and agency from it; the
    audit checks its year (R-3)."""
    text = clean(text)
    found = [m for m in _TITLE.finditer(text) if not _cited(text, m)]
    if not found:
        return None
    m = found[0]
    if len(found) > 1:  # several titles (links around a web page's article): the one of the statistical period
        periods = {year for year, _s in period_years(text)}
        m = next((c for c in found if int(c.group("year")) in periods), m)
    name = (m.group("name") or "").removesuffix("关于") or None
    start = m.start("name") if m.group("name") else m.start("year")
    if not re.search(r"(?:^|[\s>»/|｜])$", text[text.rfind("\n", 0, start) + 1 : start]):
        name = None  # the words before the year name the agency only when they open the line (or a breadcrumb)
    words = _joined(text[: m.start()])[-_TITLE_CONTEXT:] + _joined(m.group(0))
    return Title(int(m.group("year")), name, words)


def _cited(text: str, m: re.Match[str]) -> bool:
    """A title quoted in a sentence or a list of links ("根据《××2023年政府信息公开工作年度报告》", "上一篇：…") is another
    document's, not this report's."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    before, after = text[line_start : m.start()], text[m.end() : line_end if line_end >= 0 else len(text)].lstrip()
    if re.search(r"(?:上一篇|下一篇|相关文章|相关链接|推荐阅读)[:：]?\s*$", before):
        return True
    if re.match(r"[\s\-—]*(?:19|20)\d{2}(?:-\d{1,2}-\d{1,2}|年\d{1,2}月\d{1,2}日)\s*$", after):
        return True  # a list of links: each title followed by its date
    quoted = before.rfind("《") > before.rfind("》")
    if not quoted and not after.startswith("》"):
        return False
    outside = (before[: before.rfind("《")] if quoted else before) + (after[1:] if after.startswith("》") else after)
    return bool(re.sub(r"[\W_]", "", outside))  # words around the quote: a sentence that cites it


def _joined(text: str) -> str:
    """Lines joined as one, spacing beside Chinese and full-width digits undone: text to quote."""
    return unspace("".join(ln.strip() for ln in text.split("\n")).translate(_FULLWIDTH_DIGITS))


def period_years(text: str) -> list[tuple[int, str]]:
    """(year, sentence) for every year in a statistical-period sentence ('统计期限自 2024 年 1 月 1 日至 12 月 31 日')."""
    out = []
    for s in sentences(normalize(text)):
        if not _PERIOD_CONTEXT.search(s):
            continue
        for m in _PERIOD.finditer(s):
            out += [(int(y), s) for y in m.groups() if y]
    return out


# ---- sections of a published text ----------------------------------------------------------------------------------

#: A few words of a heading around its key words: white space anywhere (PDF text and crawled pages put spaces and line
#: breaks anywhere), but no figure or punctuation of a sentence or list, so that a heading never runs on into a sentence
#: or a table row.
_GAP = r"(?:\s*[^\s\d。，、；：,;:]){0,24}?\s*"


@dataclass(frozen=True)
class Heading:
    """Where a section heading stands in the text: ``text[start:end]`` is the heading."""

    number: str
    start: int
    end: int


def spaced(words: str) -> str:
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
    """Every wording of the section's heading (spec): as printed, or reworded, after a few words of its own. The
    numeral must open the heading: "十四、" or "（四）、" is no heading of section 四."""
    section = spec.section(number)
    wordings = [
        section.heading,
        *([spec.SECTION4_ALT_HEADING] if number == "四" else []),
        *spec.SECTION_HEADING_REWORDINGS.get(number, ()),
    ]
    head = rf"(?<![一二三四五六七八九十（(]){number}\s*[、.．]" + _GAP
    return tuple(re.compile(head + _GAP.join(spaced(w) for w in wording.split("…"))) for wording in wordings)


def _first_heading(number: str, text: str, pos: int = 0) -> Heading | None:
    """The first heading of the section at or after ``pos``; of wordings found there, the longest."""
    matches = [m for p in _heading_patterns(number) if (m := p.search(text, pos))]
    if not matches:
        return None
    best = min(matches, key=lambda m: (m.start(), -m.end()))
    return Heading(number, best.start(), best.end())


def find_headings(text: str) -> dict[str, Heading]:
    """The heading of each section found, in the order of the sections.

    Each heading is looked for after the one before it, so that a wording met earlier (a table row, a sentence of
    section 一) is passed over; a heading not found there is then looked for anywhere, so that a section out of
    order is still found (R-1 reports the order).
    """
    found: dict[str, Heading] = {}
    pos = 0
    for section in spec.SECTIONS:
        if heading := _first_heading(section.number, text, pos):
            found[section.number] = heading
            pos = heading.end
    for section in spec.SECTIONS:
        if section.number not in found and (heading := _first_heading(section.number, text)):
            found[section.number] = heading
    return {s.number: found[s.number] for s in spec.SECTIONS if s.number in found}


def section_text(text: str, headings: dict[str, Heading], number: str) -> str | None:
    """The text of a section from its heading to the next heading found, or None when the heading is missing."""
    h = headings.get(number)
    if not h:
        return None
    ends = [o.start for o in headings.values() if o.start > h.start]
    return text[h.end : min(ends, default=len(text))]


def split_sections(text: str) -> dict[str, str]:
    """The text of each section found (heading excluded), with full-width digits and PDF spacing undone."""
    headings = find_headings(text)
    return {
        number: re.sub(r"[ \t\u3000\xa0]+", "", section_text(text, headings, number) or "")
        .translate(_FULLWIDTH_DIGITS)
        .strip()
        for number in headings
    }
