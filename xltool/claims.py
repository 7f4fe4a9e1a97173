"""Numbers and statements in the prose of a report, read conservatively.

The narrative rules compare what the narrative says with the tables (T-9) and with itself ("共 N 条，其中 a 条、b 条…").
Prose is free, so every extractor here prefers silence to a guess: a number is taken only where the wording around it
says unambiguously what it counts, and a stated sum is checked only where its parts form one flat list in the same unit.
A missed slip costs a reviewer a glance; a false alarm on a correct report costs the tool its credibility.

Pure text in, plain data out: the format's wordings (table labels) come from spec, but no cells and no findings (the
narrative rules map claims to table cells).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import spec
from .text import normalize

# ---- numbers ------------------------------------------------------------------------------------------------------

_NUM = r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)"
_FIG = r"(\d{1,3}(?:,\d{3})+|\d+)"  # the same, unnamed, where several figures share a pattern
_COUNT_UNITS = "件|条|个|宗|份|例|起"
_APPROX_BEFORE = re.compile(r"(?:约|近|超过|逾|超|多达|达到近)$")
_APPROX_AFTER = re.compile(r"^(?:余|多|左右|以上|以内|上下)")


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _approximate(clause: str, start: int, end: int) -> bool:
    """'5500 余条', '约 30 件': an approximate figure is never compared."""
    return bool(_APPROX_BEFORE.search(clause[:start]) or _APPROX_AFTER.match(clause[end:]))


# ---- claims: numbers that the narrative says the tables hold --------------------------------------------------------

#: What a claim counts; the audit maps each kind to table cells.
RECEIVED = "received"  # 本年新收 (or 新收 + 上年结转, which some reports call 收到)
CARRIED_IN = "carried_in"  # 上年结转
COMPLETED = "completed"  # （七）总计: 办结 / 答复
CARRIED_OUT = "carried_out"  # 结转下年度继续办理
REVIEW = "review"  # 行政复议 总计
LITIGATION = "litigation"  # 行政诉讼 总计 (未经复议直接起诉 + 复议后起诉)
#: Document claims are of the kind of their table 二 column, in the row of their document type.
DOC_ISSUED, DOC_REPEALED, DOC_IN_FORCE = spec.T2_DOC_COLS


@dataclass(frozen=True)
class Claim:
    """A number the narrative states for one table quantity."""

    kind: str
    value: int
    sentence: str
    doc_row: str | None = None  # a row of spec.T2_DOC_ROWS for document claims


_CLAUSE_SPLIT = re.compile(r"[，,；;（）()：:]")
#: Clauses about a different quantity than this year's total: comparisons, history, shares.
_NOT_THIS_YEAR = re.compile(
    r"同比|环比|增长|增加|减少|下降|上升|较上|比上|去年|上一?年(?!度?结转)|累计|以来|占比|比例|平均|历年|人次"
)
#: Subjects that are received and answered but are not 政府信息公开申请.
_OTHER_SUBJECTS = re.compile(
    r"建议|提案|信件|来信|留言|咨询|投诉|举报|诉求|热线|工单|来电|来访|复议|诉讼|批示|舆情|问题|线索"
)
_YEAR = re.compile(r"(\d{4})年")

_RECEIVED = re.compile(rf"(?:新收|收到|受理|接收|接到|共收)(?P<gap>[^\d]{{0,20}}?){_NUM}(?:{_COUNT_UNITS})")
_COMPLETED = re.compile(rf"(?:办结|答复|办理完毕|处理完毕)(?!率)(?P<gap>[^\d]{{0,12}}?){_NUM}(?:{_COUNT_UNITS})")
_CARRIED_IN = (
    re.compile(rf"上一?年度?结转[^\d]{{0,12}}?{_NUM}(?:{_COUNT_UNITS})"),
    re.compile(rf"{_NUM}(?:{_COUNT_UNITS})(?:为|系|是|属于)?上一?年度?结转"),
)
_CARRY_OUT_WORDS = r"(?:结转|顺延|转入|转至|延续|延期)(?:到|至|入)?下一?年度?"
_CARRIED_OUT = (
    re.compile(rf"{_CARRY_OUT_WORDS}(?:继续办理|办理|答复|处理)?[^\d]{{0,6}}?{_NUM}(?:{_COUNT_UNITS})"),
    re.compile(rf"{_NUM}(?:{_COUNT_UNITS})(?:申请)?[^\d]{{0,4}}?{_CARRY_OUT_WORDS}"),
)
#: Only a plain gap between 行政复议/行政诉讼 and its number: "行政复议 3 件", "行政复议案件共 2 起".
_PLAIN_GAP = r"(?:案件|申请|案)?(?:共计|共|合计|总计)?(?:为|有)?"
_REVIEW = re.compile(rf"{re.escape(spec.T4_REVIEW)}{_PLAIN_GAP}{_NUM}(?:{_COUNT_UNITS})")
_LITIGATION = re.compile(rf"{re.escape(spec.T4_LITIGATION)}{_PLAIN_GAP}{_NUM}(?:{_COUNT_UNITS})")
#: Bodies that handle reviews as 复议机关 rather than being the respondent (table 四 counts the latter).
_REVIEW_BODY = re.compile(r"受理|审理|复议机关|办理|作出|纠错|维持|撤销")

#: How the narrative names the document rows of table 二: as labelled, or 行政规范性文件 shortened.
_DOC_ROWS = {**{row: row for row in spec.T2_DOC_ROWS}, "规范性文件": spec.T2_DOC_ROWS[1]}
_DOC = re.compile(rf"(?P<doc>{'|'.join(map(re.escape, _DOC_ROWS))})(?:共计|共|合计)?{_NUM}(?:件|个|部|份|项)")
_DOC_VERBS = re.compile(
    r"现行有效|宣布失效|失效|废止|制发|印发|出台|制定|新增|"
    r"(?P<other>解读|清理|审核|审查|备案|公开|评估|梳理|报送|修订|修改|征求|发布|转发|涉及)"
)


def claims(sentence: str, year: int | None = None) -> list[Claim]:
    """Every table quantity the sentence states unambiguously (T-9)."""
    found: list[Claim] = []
    about_requests = "申请" in sentence
    about_disclosure = "公开" in sentence
    for clause in (c for c in _CLAUSE_SPLIT.split(sentence) if c):
        if _other_year(clause, year):
            continue
        if about_requests:
            found += _request_claims(clause, sentence)
        if about_disclosure:
            found += _case_claims(clause, sentence)
        found += _doc_claims(clause, sentence)
    found = list(dict.fromkeys(found))
    # Two different figures for one quantity in one sentence ("区政府办公室收到 10 件，各部门收到 50 件") are parts
    # of some whole, and which (if any) is the table's total cannot be told: compare neither.
    values: dict[tuple[str, str | None], set[int]] = {}
    for c in found:
        values.setdefault((c.kind, c.doc_row), set()).add(c.value)
    return [c for c in found if len(values[(c.kind, c.doc_row)]) == 1]


def _other_year(clause: str, year: int | None) -> bool:
    return year is not None and any(int(y) != year for y in _YEAR.findall(clause))


def _matches(pattern: re.Pattern[str], clause: str) -> list[tuple[int, str]]:
    """(value, gap) for every exact (not approximate) figure the pattern finds in the clause."""
    return [
        (_number(m.group("n")), m.groupdict().get("gap") or "")
        for m in pattern.finditer(clause)
        if not _approximate(clause, *m.span("n"))
    ]


def _request_claims(clause: str, sentence: str) -> list[Claim]:
    if _NOT_THIS_YEAR.search(clause):
        return []
    out: list[Claim] = []
    if "其中" not in clause:
        for pattern, kind in ((_RECEIVED, RECEIVED), (_COMPLETED, COMPLETED)):
            out += [Claim(kind, v, sentence) for v, gap in _matches(pattern, clause) if not _OTHER_SUBJECTS.search(gap)]
    for patterns, kind in ((_CARRIED_IN, CARRIED_IN), (_CARRIED_OUT, CARRIED_OUT)):
        for pattern in patterns:
            out += [Claim(kind, v, sentence) for v, _gap in _matches(pattern, clause)]
    return out


def _case_claims(clause: str, sentence: str) -> list[Claim]:
    """行政复议 / 行政诉讼 totals; a clause naming both, or a 复议机关's own caseload, is skipped."""
    if _NOT_THIS_YEAR.search(clause) or _REVIEW_BODY.search(clause):
        return []
    out: list[Claim] = []
    for segment in clause.split("、"):
        review, litigation = "复议" in segment, "诉讼" in segment or "起诉" in segment
        if review and not litigation:
            out += [Claim(REVIEW, v, sentence) for v, _gap in _matches(_REVIEW, segment)]
        elif litigation and not review:
            out += [Claim(LITIGATION, v, sentence) for v, _gap in _matches(_LITIGATION, segment)]
    return out


def _doc_claims(clause: str, sentence: str) -> list[Claim]:
    """'制发规章 1 件、行政规范性文件 8 件': the verb nearest before each document figure decides its column."""
    if _NOT_THIS_YEAR.search(clause):
        return []
    out: list[Claim] = []
    for m in _DOC.finditer(clause):
        if _approximate(clause, *m.span("n")):
            continue
        verbs = list(_DOC_VERBS.finditer(clause, 0, m.start()))
        if not verbs or verbs[-1].group("other"):
            continue
        verb = verbs[-1].group(0)
        column = (
            DOC_IN_FORCE if "有效" in verb else DOC_REPEALED if verb in ("废止", "失效", "宣布失效") else DOC_ISSUED
        )
        out.append(Claim(column, _number(m.group("n")), sentence, doc_row=_DOC_ROWS[m.group("doc")]))
    return out


# ---- sums stated in the narrative ------------------------------------------------------------------------------------

_SUM_UNITS = "人次|件|条|个|次|场|期|篇|项|份|起|宗|家|部|批"
_TOTAL_BEFORE_PARTS = re.compile(rf"{_FIG}({_SUM_UNITS})[）)]?[，,：:]?其中[，,：:]?")
_PART = re.compile(rf"{_FIG}({_SUM_UNITS}|%|‰|万|亿|元)")
#: A segment whose label holds one of these starts a new statement, so the list of parts has ended.
_LIST_ENDS = re.compile(
    r"收到|受理|办结|答复|结转|顺延|发布|开展|组织|召开|制发|印发|出台|举办|更正|删除|回复|办理|接待|培训|"
    r"新增|共|合计|累计|另有|此外|同时|全年|本年|其中|均|占"
)
_EXHAUSTIVE = re.compile(r"其他|其余|其它")
_LABEL_MAX = 20


@dataclass(frozen=True)
class StatedSum:
    """'N 条，其中 a 条、b 条…': a total and the flat list of its parts, in one unit."""

    total: int
    parts: tuple[int, ...]
    unit: str
    sentence: str
    exhaustive: bool  # the list closes with 其他/其余 or is introduced by 分别, so the parts must add up exactly

    @property
    def slip(self) -> bool:
        """Parts beyond the total are always a slip; parts short of it only when the list claims to be complete."""
        added = sum(self.parts)
        return added > self.total or (self.exhaustive and added < self.total)


def stated_sums(sentence: str) -> list[StatedSum]:
    """Every 'total, 其中 parts' structure of the sentence whose parts form one unambiguous flat list."""
    out = []
    for m in _TOTAL_BEFORE_PARTS.finditer(sentence):
        if _approximate(sentence, *m.span(1)):
            continue
        rest = re.split(r"[；;。！？]", sentence[m.end() :], maxsplit=1)[0]
        parts = _flat_parts(rest, m.group(2))
        if parts is not None and len(parts[0]) >= 2:
            values, exhaustive = parts
            out.append(
                StatedSum(_number(m.group(1)), values, m.group(2), sentence, exhaustive or rest.startswith("分别"))
            )
    return out


def _flat_parts(rest: str, unit: str) -> tuple[tuple[int, ...], bool] | None:
    """The parts that open ``rest``, or None when the list is not clearly flat (nested 其中, figures in brackets)."""
    if re.search(r"[（(][^）)]*\d", rest):
        return None
    rest = re.sub(r"[（(][^）)]*[）)]", "", rest)
    values: list[int] = []
    exhaustive = False
    for segment in (s for s in re.split(r"[，,、]", rest) if s):
        numbers = list(_PART.finditer(segment))
        if not numbers:
            break
        first = numbers[0]
        label = segment[: first.start()]
        if "其中" in segment and values:
            return None  # a nested breakdown: which level a later figure belongs to is unclear
        if (
            len(numbers) > 1
            or first.group(2) != unit
            or _LIST_ENDS.search(label)
            or len(label) > _LABEL_MAX
            or len(segment) - first.end() > 4
            or _approximate(segment, *first.span(1))
        ):
            break
        values.append(_number(first.group(1)))
        exhaustive = exhaustive or bool(_EXHAUSTIVE.search(label))
    return tuple(values), exhaustive


# ---- statements that section 六 and a government's report must contain ---------------------------------------------

_FEE = re.compile(r"处理费|(?:收取|收费|缴纳).{0,12}费用|不收费|未收费|免费")
_FEE_NOTICE = re.compile(r"(?:收费|缴费|缴纳|处理费).{0,20}通知|通知.{0,20}(?:缴纳|缴费|收费)")
_ACCOUNTABILITY = re.compile(r"考核|评议|测评|追究|追责|问责")


def mentions_fee(text: str) -> bool:
    """T-11: the information-processing fee is addressed (charged or not)."""
    return bool(_FEE.search(normalize(text)))


def mentions_fee_notice(text: str) -> bool:
    """T-10: fee notices sent to applicants are addressed."""
    return bool(_FEE_NOTICE.search(normalize(text)))


def mentions_accountability(text: str) -> bool:
    """T-16, read leniently: any of 工作考核, 社会评议, 责任追究 is addressed at all."""
    return bool(_ACCOUNTABILITY.search(normalize(text)))
