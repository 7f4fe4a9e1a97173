"""Reading published and typed text: the one reader both the importer and the rules use.

Page furniture, spacing beside Chinese, full-width forms, wrapped lines, sentences, the title with its year and agency,
the statistical period and the section headings: the importer and the audit read them here, so that the two never
disagree about a report. Pure text in, plain data out; the format's wordings (section headings) come from spec.
What the prose *claims* (figures, sums, statements) is read by ``claims``, for the narrative rules and the importer.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

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
_TITLE_NAME = 40  # characters of the agency's name at most
_TITLE_TAIL = (
    r"(?P<year>\d{4})\s*年(?:\s*度)?\s*政\s*府\s*信\s*息\s*公\s*开(?:\s*工\s*作)?(?:\s*年(?:\s*度)?)?\s*报\s*告"
)
_TITLE = re.compile(
    rf"(?P<name>[^\s，,。：:；;、“”\"《》〈〉<>()（）|｜]{{2,{_TITLE_NAME}}}?)?\s*(?:关于)?\s*{_TITLE_TAIL}"
)
#: The title from its year on: cheap to search for (it starts with four digits), unlike the title with its name.
_TITLE_FROM_YEAR = re.compile(_TITLE_TAIL)
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
    found = [m for m in _titles(text) if not _cited(text, m)]
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


def _titles(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_TITLE.finditer(text)``, found without trying the title at every character of the text (which
    made the title the slowest part of reading a txt report): a title's year starts where ``_TITLE_FROM_YEAR``
    matches, and the title itself at most ``_TITLE_NAME`` + 2 non-blank characters ("关于") before it, so only the
    characters from there to the year are tried, in order, as ``finditer`` would."""
    pos = 0
    while year := _TITLE_FROM_YEAR.search(text, pos):
        start, marks = year.start(), 0
        while start > pos and marks <= _TITLE_NAME + 2:
            start -= 1
            marks += not text[start].isspace()  # str.isspace is the \s of a str pattern
        found = next(filter(None, (_TITLE.match(text, i) for i in range(start, year.start() + 1))), None)
        if found is None:
            pos = year.start() + 1
            continue
        yield found
        pos = found.end()


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
#
# A section heading is recognised by what it is, not by its number or by a list of its wordings: a top-level heading
# (numbered "一、", "第一部分", or a short line of its own) whose words match one section's words well enough. The
# number printed does not say which section it is, so a report that inserts a section of its own
# ("五、政府信息公开工作考核情况") and numbers the rest one on, or numbers them "第一部分"…"第六部分", is read the same;
# the inserted section is a heading of its own that ends the section before it. The number is evidence only: see
# ``_counted`` and below for what it settles.


@dataclass(frozen=True)
class Heading:
    """Where a top-level heading stands in the text: ``text[start:end]`` is the heading. ``number`` is the section of
    the format it heads ("一" … "六"), whatever number the report prints; None for a section of the report's own."""

    number: str | None
    start: int
    end: int
    #: Found by its place and number alone: its words are unlike the section's ("一、基本情况" before "二、主动公开…").
    placed: bool = False


class Headings(dict[str, Heading]):
    """The heading of each of the six sections found, by section number in the order of the sections, and in
    ``extra`` the top-level headings of sections the format does not have (in text order). Every heading, extra or
    not, ends the section before it: the text of an extra section belongs to no section and to no table."""

    def __init__(self, found: dict[str, Heading] | None = None, extra: tuple[Heading, ...] = ()) -> None:
        super().__init__(found or {})
        self.extra = extra

    def starts(self) -> list[int]:
        """Where every heading starts, extra ones included: the ends of the sections."""
        return sorted([h.start for h in self.values()] + [h.start for h in self.extra])


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


_NUMERAL = "[一二三四五六七八九十]+"
#: A heading's number: "第一部分", "一、", "（一）", "1." (Markdown writers escape it: "1\\.").
_MARKER = re.compile(
    rf"(?=[第一二三四五六七八九十（(\d])(?:(?P<part>第{_NUMERAL}(?:部分|章))[ \t\u3000、.．:：]*"
    rf"|(?P<cn>{_NUMERAL})[ \t\u3000]*[、.．]|(?P<paren>[（(]{_NUMERAL}[）)])|(?P<arabic>\d{{1,2}})\\?[ \t\u3000]*[.、．](?!\d))"
)
#: What may stand before a heading's number: a line start with Markdown or table furniture, the end of a sentence,
#: white space or, for "一、" and "第一部分" on a crawled page that lost its line breaks, the last figure of a table
#: ("…1200000五、存在的主要问题…").
_FURNITURE = frozenset(" \t\u3000|｜#*>")
_AFTER = frozenset("\n。！？；;!?")


def _opens(text: str, m: re.Match[str]) -> bool:
    """Whether the number stands where a heading can start (not inside a word: "第五条", "2024.")."""
    i = m.start() - 1
    while i >= 0 and text[i] in _FURNITURE:
        i -= 1
    if i < 0 or text[i] in _AFTER or text[i].isspace() or i < m.start() - 1:
        return True  # a page break ("\f") of pdftotext is white space too
    return text[i].isdigit() and not (m.group("paren") or m.group("arabic"))


#: Marker kinds from the highest level down; a report's top level is the highest kind that heads its sections.
_KINDS = ("part", "cn", "paren", "arabic")
#: Characters a heading's words are compared without (spacing, furniture, quotes, the list comma).
_SKIP = frozenset(' \t\u3000\r\f\xa0*#|｜>、“”"《》〈〉·')
#: What ends the words after a marker: a sentence or clause, a figure, a bracket (a note or sub-heading runs on).
_STOP = frozenset("。！？；;!?，,：:（(")
_CLAUSE = frozenset("，,；;")
#: Characters of a heading's words looked at, at most.
_WINDOW = 40
#: A heading of the report's own is a short line (the longest heading of the format has 27 characters); run into the
#: text of a crawled page, a shorter one.
_EXTRA_MAX = 30
_EXTRA_INLINE = 20
#: Share of a section's distinctive words a numbered heading must have; a line without a number needs more.
_MATCH = 0.3
_MATCH_BARE = 0.6
#: A heading that runs on into a clause ("五、存在的主要问题较多，改进……") is a sentence unless its words are all there.
_MATCH_RUN_ON = 0.9
#: Folded characters allowed between two matched words of a heading ("存在的主要问题及改进情况" ← "问题和改进").
_GAP = 12
#: Characters of a line without a number allowed after the heading's words.
_BARE_TAIL = 2
#: Characters of its own a heading line may end with after a section's words ("…改进" + "措施情况").
_OWN_WORDS = 6
#: Share of a line's words found in one table label for it to be that label (the rows' own "一、" … "四、").
_LABEL = 0.8


@dataclass(frozen=True)
class _Words:
    """Folded characters after a marker (or of a line) with their positions in the text, and what stopped them."""

    chars: str
    where: tuple[int, ...]
    stop: str  # the stop character, "digit", "line" (a blank line or the next marker), "end" or "full"


def _window(text: str, pos: int, limit: int = _WINDOW) -> _Words:
    """The words of a heading starting at ``pos``: folded, across a single line break (PDF wraps long headings)."""
    chars: list[str] = []
    where: list[int] = []
    stop, n = "end", len(text)
    i = pos
    while i < n:
        ch = text[i]
        if ch == "\n" and not chars:
            pass  # a number on a line of its own, its words after blank lines (an HTML list's number: "1.\n\n总体情况")
        elif ch == "\n":
            j = i + 1
            while j < n and text[j] in " \t\u3000\r":
                j += 1
            if j >= n or text[j] == "\n" or _MARKER.match(text, j):
                stop = "line"
                break
        elif ch in _SKIP:
            pass
        elif ch.isdigit():
            stop = "digit"
            break
        elif ch in _STOP:
            stop = ch
            break
        else:
            if len(chars) >= limit:
                stop = "full"
                break
            chars.append(ch)
            where.append(i)
        i += 1
    return _Words("".join(chars), tuple(where), stop)


def _fold(words: str) -> str:
    return "".join(ch for ch in words if ch not in _SKIP and ch not in "（）()")


def _bigrams(piece: str) -> list[str]:
    return [piece[k : k + 2] for k in range(len(piece) - 1)]


@dataclass(frozen=True)
class _Wording:
    """One wording of a section's heading: its key pieces (spec's "…" stands between them) as weighted bigrams."""

    pieces: tuple[tuple[tuple[str, float], ...], ...]
    total: float
    keys: tuple[tuple[str, float], ...]  # its distinctive bigrams, for a quick upper bound of the score


@cache
def _wordings() -> dict[str, tuple[_Wording, ...]]:
    """Every section's wordings (spec), each bigram weighted by how distinctive it is: found in one section's
    wordings, 1; in two, 0.5; in three or more ("情况") or in the report's name ("政府信息公开工作"), 0 — those words
    tell no section from another."""
    raw = {
        s.number: [
            s.heading,
            *([spec.SECTION4_ALT_HEADING] if s.number == "四" else []),
            *spec.SECTION_HEADING_REWORDINGS.get(s.number, ()),
        ]
        for s in spec.SECTIONS
    }
    df = dict.fromkeys(_bigrams(spec.REPORT_NAME), 3)  # the report's own name: "政府信息公开工作…报告"
    for wordings in raw.values():
        for b in {b for w in wordings for piece in w.split("…") for b in _bigrams(_fold(piece))}:
            df[b] = df.get(b, 0) + 1
    weight = {b: {1: 1.0, 2: 0.5}.get(k, 0.0) for b, k in df.items()}
    out = {}
    for number, wordings in raw.items():
        built = []
        for w in wordings:
            pieces = tuple(tuple((b, weight[b]) for b in _bigrams(_fold(p))) for p in w.split("…") if _fold(p))
            keys = tuple({b: wt for piece in pieces for b, wt in piece if wt}.items())
            built.append(_Wording(pieces, sum(wt for piece in pieces for _b, wt in piece), keys))
        out[number] = tuple(built)
    return out


@cache
def _key_bigrams() -> frozenset[str]:
    return frozenset(b for ws in _wordings().values() for w in ws for piece in w.pieces for b, wt in piece if wt)


def _match(chars: str, wording: _Wording) -> tuple[float, int, int]:
    """(share of the wording's distinctive words found in order, where the first word found starts and the last one
    ends in ``chars``).

    Each word is looked for close after the one before (a heading's words are close together); the first one found
    may come after a few words of the report's own ("政府信息公开工作存在的主要问题…")."""
    got, first, end, pos = 0.0, -1, 0, 0
    for piece in wording.pieces:
        for bigram, weight in piece:
            k = chars.find(bigram, pos, end + _GAP + 2 if end else len(chars))
            if k < 0:
                continue
            got += weight
            pos, end = k + 1, k + 2
            first = k if first < 0 else first
        pos = max(pos, end)
    return (got / wording.total if wording.total else 0.0), first, end


@dataclass(frozen=True)
class _Match:
    number: str | None  # the section matched best, None for none
    score: float
    first: int  # where its words start and end in the folded characters
    end: int


@lru_cache(maxsize=4096)  # the same words recur in every report: headings and row labels
def _best_section(chars: str) -> _Match:
    """The section whose wordings the words match best."""
    best = _Match(None, 0.0, -1, 0)
    grams = {chars[k : k + 2] for k in range(len(chars) - 1)}
    if grams.isdisjoint(_key_bigrams()):
        return best
    for number, wordings in _wordings().items():
        for wording in wordings:
            bound = sum(wt for b, wt in wording.keys if b in grams)
            if not bound or bound < best.score * wording.total:
                continue  # cannot match better than the best so far
            score, first, end = _match(chars, wording)
            if (score, end) > (best.score, best.end):
                best = _Match(number, score, first, end)
    return best


@cache
def _labels() -> tuple[tuple[str, frozenset[str]], ...]:
    """Every table label, folded: a numbered row label ("四、结转下年度继续办理") is no heading."""
    folded = {_fold(t.text) for table in spec.TABLES.values() for t in table.texts}
    return tuple((label, frozenset(label)) for label in sorted(folded) if label)


@lru_cache(maxsize=4096)  # the same words recur in every report: headings and row labels
def _label_share(chars: str) -> float:
    """Share of the words found, in order, in one table label (the best)."""
    if not chars:
        return 0.0
    have, best = set(chars), 0.0
    for label, label_chars in _labels():
        if len(have & label_chars) <= best * len(have):
            continue
        pos = found = 0
        for ch in chars:
            k = label.find(ch, pos)
            if k >= 0:
                found, pos = found + 1, k + 1
        best = max(best, found / len(chars))
    return best


@dataclass(frozen=True)
class _Candidate:
    kind: str  # a marker kind, or "bare" for a line without a number
    start: int
    end: int
    number: str | None  # the section matched, None for none
    score: float
    numeral: int | None = None  # the number printed ("第五部分", "五、", "（五）", "5." → 5); None without one


_DIGITS = {ch: k for k, ch in enumerate("一二三四五六七八九", 1)}


def _numeral(m: re.Match[str]) -> int | None:
    """The value of a marker's number: "五" 5, "十二" 12, "12" 12 (None for a numeral that is no number: "五五")."""
    printed = (m.group("part") or m.group("cn") or m.group("paren") or m.group("arabic")).strip("第部分章（()）")
    if printed.isdigit():
        return int(printed)
    tens, ten, ones = printed.partition("十")
    if not ten:
        return _DIGITS.get(printed)
    high, low = (_DIGITS.get(tens) if tens else 1), (_DIGITS.get(ones) if ones else 0)
    return None if high is None or low is None else high * 10 + low


def _markers(text: str) -> dict[str, list[re.Match[str]]]:
    """Every numbered heading-like start in the text, by marker kind."""
    out: dict[str, list[re.Match[str]]] = {kind: [] for kind in _KINDS}
    for m in _MARKER.finditer(text):
        if _opens(text, m):
            out[next(k for k, v in m.groupdict().items() if v)].append(m)
    return out


def _numbered(text: str, kind: str, markers: list[re.Match[str]]) -> list[_Candidate]:
    """The numbered headings of one kind, each matched to its section, or to none when it heads a section of the
    report's own."""
    out = []
    for m in markers:
        words = _window(text, m.end())
        best = _best_section(words.chars)
        start = m.start()
        run_on = words.stop in _CLAUSE and best.score < _MATCH_RUN_ON
        # a table's numbered row label ("一、本年新收…申请数量") is no heading, even with a section's words in it
        label = _label_share(words.chars)
        if best.score >= _MATCH and not run_on and (label < _LABEL or label < best.score):
            end = _line_end(text, words.where[best.end - 1] + 1)
            out.append(_Candidate(kind, start, end, best.number, best.score, _numeral(m)))
            continue
        if extra := _extra(text, m, kind, words):
            out.append(extra)
    return out


def _inline(text: str, start: int) -> bool:
    """Whether a number stands inside a line (after a sentence or a figure) rather than opening one."""
    i = start - 1
    while i >= 0 and text[i] in _FURNITURE:
        i -= 1
    return i >= 0 and text[i] != "\n"


def line_headings(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, str, str]]:
    """(where, numeral, rest of the line) for every top-level number ("一、", "第一部分") that opens a line in
    ``text[start:end]``, whatever words follow: where a table ends when a line looks like a heading. The numeral is
    that of "三、" ("三"), empty for "第三部分"."""
    out = []
    for m in _MARKER.finditer(text, start, len(text) if end is None else end):
        if (m.group("cn") or m.group("part")) and not _inline(text, m.start()):
            eol = text.find("\n", m.end())
            out.append((m.start(), m.group("cn") or "", text[m.end() : eol if eol >= 0 else len(text)]))
    return out


def _line_end(text: str, pos: int) -> int:
    """The end of a heading whose words end at ``pos``: the end of its line when only a few more words of its own
    follow there ("五、存在的问题和改进措施"), else ``pos`` (a crawled page runs the heading into the text)."""
    eol = text.find("\n", pos)
    rest = text[pos : eol if eol >= 0 else len(text)].rstrip(" \t\u3000\r*#|｜")
    if len(_fold(rest)) > _OWN_WORDS or any(ch in _STOP or ch.isdigit() for ch in rest):
        return pos
    return pos + len(rest)


def _extra(text: str, m: re.Match[str], kind: str, words: _Words) -> _Candidate | None:
    """A heading of the report's own: the marker and a few words, alone on the line, that are no table label. The
    words may be on a later line when the number stands alone (a list number in HTML: "第五部分\n考核情况"). On a
    crawled page that lost its line breaks, the words run on into the text: they end at a figure or a bracket
    ("…。五、政府信息公开工作考核情况2024年，……"), and a sentence ("。一、加强领导。") is no heading."""
    start, pos = m.start(), m.end()
    if _inline(text, start):
        if words.stop not in ("digit", "（", "(") or not 4 <= len(words.chars) <= _EXTRA_INLINE:
            return None
        if _label_share(words.chars) >= _LABEL:
            return None
        return _Candidate(kind, start, words.where[-1] + 1, None, 0.0, _numeral(m))
    while (eol := text.find("\n", pos)) >= 0 and not text[pos:eol].strip():
        pos = eol + 1
    line = text[pos : eol if eol >= 0 else len(text)].rstrip()
    own = _fold(line)
    if not 2 <= len(own) <= _EXTRA_MAX or any(ch in _STOP or ch.isdigit() for ch in own.rstrip("：:")):
        return None
    if _label_share(own) >= _LABEL:
        return None
    return _Candidate(kind, start, pos + len(line), None, 0.0, _numeral(m))


_BARE_LINE = re.compile(r"^[ \t\u3000|｜#*>]*(?P<words>[^\s\d|｜][^\n\d]{1,40})$", re.M)


def _bare(text: str) -> list[_Candidate]:
    """Lines that are nothing but a section's heading, without a number ("其他需要报告的事项")."""
    out = []
    for m in _BARE_LINE.finditer(text):
        line = m.group("words").rstrip(" \t\u3000\r*#|｜")
        if "\t" in line or "|" in line or _MARKER.match(line) or any(ch in _STOP for ch in line.rstrip("。：:")):
            continue
        if sum(len(token) >= 2 for token in line.split()) >= 2:
            continue  # cells of a table row ("行政复议 行政诉讼"), not a heading spaced by PDF text
        words = _window(line, 0)
        best = _best_section(words.chars)
        if best.score < _MATCH_BARE or len(words.chars) - best.end > _BARE_TAIL or _label_share(words.chars) >= _LABEL:
            continue
        before = words.chars[: best.first]
        if len(before) > _BARE_TAIL and before not in spec.REPORT_NAME:
            continue  # words of a sentence before the heading's ("详见第五部分存在的……")
        start = m.start("words")
        out.append(_Candidate("bare", start, start + len(line), best.number, best.score))
    return out


def _sections(candidates: list[_Candidate]) -> set[str]:
    return {c.number for c in candidates if c.number}


def _top_level(text: str, markers: dict[str, list[re.Match[str]]]) -> tuple[list[_Candidate], list[_Candidate] | None]:
    """The headings of the report's top level, and the lines without a number when they were needed to decide it.

    The top level is the highest marker kind that heads the report's sections ("第一部分" over the "一、" under it).
    "（一）" and "1." head sub-sections in most reports: they are the top level only when they head as many sections as
    any other kind (and at least three), lines without a number included. Kinds are read only as far as needed."""
    part, cn = _numbered(text, "part", markers["part"]), _numbered(text, "cn", markers["cn"])
    if len(_sections(part)) >= 2 or (_sections(part) and not _sections(cn)):
        return part, None
    if _sections(cn):
        return cn, None
    bare = _bare(text)
    low = max((_numbered(text, kind, markers[kind]) for kind in ("paren", "arabic")), key=lambda c: len(_sections(c)))
    enough = len(_sections(low)) >= 3 and len(_sections(low)) >= len(_sections(bare))
    return (low if enough else []), bare


# The number printed is evidence, not identity. The top-level headings of a report count up: a "一、" after
# "一、总体情况", or a "三、" before "二、主动公开…", is an item of a list inside a section, whatever its words. So the
# headings taken for the sections are, among the choices that find as many sections, those whose numbers go up; a
# heading of the report's own is one only where its number fits between its neighbours' (the inserted "五、" between
# "四、" and "六、"); a heading numbered in another style ("第五部分" among "一、") is taken for a section the top level
# lacks when its number fits there; and a heading worded unlike any section is taken for the section whose place and
# number it has, when that is the only section missing there (it is marked ``placed``: R-1 says so).

#: Headings of one section looked at when the first choice of each section breaks the count.
_CHOICES = 3


def _pick(tops: list[_Candidate], bare: list[_Candidate]) -> dict[str, _Candidate]:
    """Each section at its first heading after the section before it, else where it stands (out of order)."""
    found: dict[str, _Candidate] = {}
    pos = -1
    for section in spec.SECTIONS:
        mine = [c for c in tops if c.number == section.number]
        loose = [c for c in bare if c.number == section.number]
        pick = next((c for group in (mine, loose) for c in group if c.start > pos), next(iter(mine or loose), None))
        if pick:
            found[section.number] = pick
            pos = max(pos, pick.start)
    return found


def _breaks(chosen: Iterable[_Candidate]) -> int:
    """How often the numbers printed fail to go up from one heading to the next, in text order."""
    numerals = [c.numeral for c in sorted(chosen, key=lambda c: c.start) if c.numeral is not None]
    return sum(b <= a for a, b in zip(numerals, numerals[1:], strict=False))


#: A section's place in the format ("一" 0 … "六" 5).
_ORDER = {s.number: k for k, s in enumerate(spec.SECTIONS)} | {"": -1}


def _nested(chosen: list[_Candidate], restarts: list[int]) -> int:
    """How many headings, in text order, follow the section before them with a number that does not go up, inside
    a list that started again at one after that section ("一、总体情况", then "一、主动公开情况" heads an item of 一,
    whatever its words). A number repeated without a new list ("三、" twice, a typing slip) is not counted here, nor a
    section out of order that keeps its own number ("七、其他…" then "六、存在的主要问题…")."""
    numbered = sorted((c for c in chosen if c.numeral is not None), key=lambda c: c.start)
    return sum(
        b.numeral <= a.numeral  # type: ignore[operator]
        and _ORDER[b.number or ""] > _ORDER[a.number or ""]
        and any(a.start < r <= b.start for r in restarts)
        for a, b in zip(numbered, numbered[1:], strict=False)
    )


def _shifts(chosen: list[_Candidate]) -> int:
    """How often the difference between a heading's number and its section's place changes, in the order of the
    sections: once for an inserted section ("五、考核" moves 五 and 六 one on), never for a report numbered as the
    format; a list item of 一 taken for 三 ("二、依申请公开情况") changes it twice."""
    in_order = sorted(chosen, key=lambda c: _ORDER[c.number or ""])
    shifts = [c.numeral - _ORDER[c.number or ""] for c in in_order if c.numeral is not None]
    return sum(a != b for a, b in zip(shifts, shifts[1:], strict=False))


def _counted(tops: list[_Candidate], bare: list[_Candidate], first: dict[str, _Candidate]) -> dict[str, _Candidate]:
    """The first choices, or when their numbers do not go up, the choice with no heading inside a list restarted at
    one (a section is rather left unfound: R-1 says so), then of as many sections, whose numbers break the count
    least (then whose numbers keep their distance to the sections' places, then with the fewest sections out of
    order, then the earliest choices)."""
    if not _breaks(first.values()):
        return first
    restarts = [c.start for c in tops if c.numeral == 1]
    numbers = list(first)
    options: list[list[_Candidate | None]] = []
    for number in numbers:
        mine = [c for c in tops if c.number == number] + [c for c in bare if c.number == number]
        options.append([*sorted(mine, key=lambda c: (c is not first[number], c.start))[:_CHOICES], None])

    def cost(choice: tuple[_Candidate | None, ...]) -> tuple[int, ...]:
        chosen = [c for c in choice if c]
        order = [c.start for c in chosen]
        inversions = sum(b < a for k, a in enumerate(order) for b in order[k + 1 :])
        rank = sum(opts.index(c) for opts, c in zip(options, choice, strict=True))
        return _nested(chosen, restarts), -len(chosen), _breaks(chosen), _shifts(chosen), inversions, rank

    best = min(itertools.product(*options), key=cost)
    return {number: c for number, c in zip(numbers, best, strict=True) if c}


def _fits(c: _Candidate, chosen: Iterable[_Candidate]) -> bool:
    """Whether a heading's number lies between the numbers of the headings chosen before and after it."""
    if c.numeral is None:
        return False
    numbered = sorted((h.start, h.numeral) for h in chosen if h.numeral is not None and h is not c)
    before = [numeral for start, numeral in numbered if start < c.start]
    after = [numeral for start, numeral in numbered if start > c.start]
    return (not before or before[-1] < c.numeral) and (not after or c.numeral < after[0])


def _between(c: _Candidate, chosen: Iterable[_Candidate], k: int) -> bool:
    """Whether a heading's number fits between chosen numbered headings on both sides (one side for the first and the
    last section): a lone "（五）存在的主要问题…" heads no section."""
    numbered = [h for h in chosen if h.numeral is not None]
    sides = (
        k == 0 or any(h.start < c.start for h in numbered),
        k == len(spec.SECTIONS) - 1 or any(h.start > c.start for h in numbered),
    )
    return all(sides) and bool(numbered) and _fits(c, numbered)


def _other_styles(
    text: str, markers: dict[str, list[re.Match[str]]], top: str | None, found: dict[str, _Candidate]
) -> None:
    """Sections the top level lacks, taken from headings numbered in another style where their number fits."""
    read: dict[str, list[_Candidate]] = {}  # each style's headings, read when first needed
    for k, section in enumerate(spec.SECTIONS):
        if section.number in found:
            continue
        before = [found[s.number].start for s in spec.SECTIONS[:k] if s.number in found]
        after = [found[s.number].start for s in spec.SECTIONS[k + 1 :] if s.number in found]
        low, high = max(before, default=-1), min(after, default=len(text) + 1)
        for kind in (kind for kind in _KINDS if kind != top):
            if kind not in read:
                read[kind] = [c for c in _numbered(text, kind, markers[kind]) if c.number]
            pick = next(
                (
                    c
                    for c in read[kind]
                    if c.number == section.number and low < c.start < high and _between(c, found.values(), k)
                ),
                None,
            )
            if pick:
                found[section.number] = pick
                break


def _placed(found: dict[str, _Candidate], extras: list[_Candidate]) -> dict[str, _Candidate]:
    """Headings of the report's own that stand in the place and with the number of the one section missing there:
    "一、基本情况" as the first heading, numbered one less than "二、主动公开…" after it; "三、…" alone between "二、"
    and "四、" recognised by their words. 六 is never placed: what follows 五 may be an attachment or a signature."""
    out: dict[str, _Candidate] = {}
    numbers = [s.number for s in spec.SECTIONS]
    for k, number in enumerate(numbers[:-1]):
        after = found.get(numbers[k + 1])
        before = found.get(numbers[k - 1]) if k else None
        if number in found or not after or after.numeral is None or (k and (not before or before.numeral is None)):
            continue
        low = before.start if before else -1
        between = [c for c in [*found.values(), *extras] if low < c.start < after.start]
        if len(between) != 1 or between[0] not in extras:
            continue
        c = between[0]
        expected = before.numeral + 1 if before and before.numeral is not None else 1
        if c.numeral == expected == after.numeral - 1:
            out[number] = c
    return out


def find_headings(text: str) -> Headings:
    """The heading of each section found, in the order of the sections, and the report's own sections.

    Every top-level heading is matched to the section whose words it has. A section is taken at its first heading
    after the section before it, so that words met earlier (a table row, a sub-heading of section 一) are passed over;
    a section not found there is taken where it stands, so that a section out of order is still found (R-1 reports
    the order). The numbers printed then settle the rest (see above). A numbered heading that matches no section is
    an extra section."""
    markers = _markers(text)
    tops, bare = _top_level(text, markers)
    if bare is None:  # lines without a number are looked at only for a section that has no numbered heading
        bare = _bare(text) if len(_sections(tops)) < len(spec.SECTIONS) else []
    found = _counted(tops, bare, _pick(tops, bare))
    if len(found) < len(spec.SECTIONS):
        _other_styles(text, markers, tops[0].kind if tops else None, found)
    extras = [c for c in tops if c.number is None and _fits(c, found.values())]
    placed = _placed(found, extras) if len(found) < len(spec.SECTIONS) and extras else {}
    heads = {
        s.number: Heading(s.number, found[s.number].start, found[s.number].end)
        for s in spec.SECTIONS
        if s.number in found
    }
    for number, c in placed.items():
        heads[number] = Heading(number, c.start, c.end, placed=True)
    extra = tuple(Heading(None, c.start, c.end) for c in extras if c not in placed.values())
    return Headings({s.number: heads[s.number] for s in spec.SECTIONS if s.number in heads}, extra)


def section_text(text: str, headings: Headings, number: str) -> str | None:
    """The text of a section from its heading to the next heading found (the report's own included), or None when
    the heading is missing."""
    h = headings.get(number)
    if not h:
        return None
    ends = [start for start in headings.starts() if start > h.start]
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
