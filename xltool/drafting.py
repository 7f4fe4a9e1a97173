"""Drafted standard sentences: the customary statistics sentences of the narrative, written from the tables.

Most offices copy last year's prose and retype its numbers, which is where the slips between prose and tables come
from. ``draft_part`` writes the sentences every report carries — 一（一） the table-二 summary, 一（二） the applications
of table 三 and the 复议/诉讼 of table 四, 六 the 信息处理费 statement — with placeholders (【本年新收】) instead of typed
numbers, so the printed figures always come from the tables (``placeholders.fill``).

The current table values decide only what is mentioned: a category with nothing in it is left out ("其中予以公开【予以
公开】件、不予处理【不予处理】件"), a group with nothing at all gets one "未…" clause. A part that reads a blank or invalid
cell is not drafted: what to say about it cannot be known. Parts the tables say nothing about (开篇概述, （三）…（五）,
五) are left to the clerk. This module returns text; ``writers/draft.py`` puts it into the empty cells of a copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from . import placeholders as ph
from . import spec
from .spec import figures as fs

if TYPE_CHECKING:  # pragma: no cover
    from .model import AnnualReport

#: The parts of section 一 that the tables speak about, in spec order: （一）主动公开, （二）依申请公开.
PUBLIC, REQUESTS = spec.OVERVIEW_PARTS[0], spec.OVERVIEW_PARTS[1]
#: The one cell of section 六.
OTHER = spec.NARRATIVE_CELLS["六"][0][0]
#: A figure of the clerk's own (sheet 数字与分项) that, when defined, is the 信息处理费 collected, in 元.
FEE_FIGURE = "信息处理费"
FEE_RULES = "《政府信息公开信息处理费管理办法》"

#: Table 三's results as the prose names them, in the table's order: the placeholder of each is its own name.
RESULTS: tuple[str, ...] = ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")
#: Table 二's document rows and the placeholders of their three columns (制发, 废止, 现行有效).
DOCUMENTS: tuple[tuple[str, tuple[str, str, str]], ...] = (
    ("规章", ("制发规章", "废止规章", "现行有效规章")),
    ("行政规范性文件", ("制发规范性文件", "废止规范性文件", "现行有效规范性文件")),
)
DOC_VERBS: tuple[str, str, str] = ("制发", "废止", "现行有效")
#: Table 二's decision rows and their placeholders.
DECISIONS: tuple[tuple[str, str], ...] = (("行政许可", "许可"), ("行政处罚", "处罚"), ("行政强制", "强制"))


class Unknown(Exception):
    """A cell the draft would read is blank or invalid: nothing can be said about it."""

    def __init__(self, places: tuple[tuple[str, str], ...]) -> None:
        super().__init__(places)
        self.places = places


@dataclass(frozen=True)
class Part:
    """One narrative text cell: its section, label (spec.NARRATIVE_CELLS), sheet and address."""

    section: str
    label: str
    sheet: str
    cell: str


def parts() -> list[Part]:
    """Every narrative text cell of the workbook, in order."""
    return [
        Part(section, label, spec.NARRATIVE_SHEETS[section], cell)
        for section, cells in spec.NARRATIVE_CELLS.items()
        for label, cell in cells
    ]


def draft_part(part: Part, report: AnnualReport) -> str | None:
    """The drafted text of one part, or None when the tables say nothing about it.

    Raises ``Unknown`` when a cell it reads is blank or invalid (the writer then leaves the part empty and says why).
    """
    drafter = _DRAFTERS.get((part.section, part.label))
    return drafter(report) if drafter else None


def heading(label: str) -> str:
    """The run-in heading that opens a drafted sub-part of section 一: "（二）依申请公开情况。"."""
    return f"{label}情况。"


# ---- reading the tables ---------------------------------------------------------------------------------------------


def _amount(name: str, report: AnnualReport) -> Decimal | int:
    """The current value behind a placeholder; a blank or invalid cell raises ``Unknown``."""
    found = ph.resolve(name, report)
    if not found.ok:
        raise Unknown(found.bad or found.places)
    return Decimal(found.value) if isinstance(found.value, str) else found.value


def _some(name: str, report: AnnualReport) -> bool:
    return _amount(name, report) > 0


def _not_applicable(name: str, report: AnnualReport) -> bool:
    """A 规章 cell written "/" (an agency without the power to make rules): nothing to say, not unknown."""
    [(table, row, col)] = fs.PLACEHOLDERS_BY_NAME[name].cells
    value = report.get(table, row, col)
    return isinstance(value, str) and value.strip() == "/"


def _count(name: str, unit: str = "件") -> str:
    return f"{fs.placeholder(name)}{unit}"


# ---- （一）主动公开: table 二 ---------------------------------------------------------------------------------------------


def _public(report: AnnualReport) -> str:
    """Documents made, repealed and in force; decisions on 许可/处罚/强制; fees: what table 二 holds."""
    rows = [(row, names) for row, names in DOCUMENTS if not all(_not_applicable(n, report) for n in names)]
    doc_clauses = []
    for i, verb in enumerate(DOC_VERBS):
        listed = [
            f"{row}{_count(names[i])}"
            for row, names in rows
            if not _not_applicable(names[i], report) and _some(names[i], report)
        ]
        if listed:
            doc_clauses.append(verb + "、".join(listed))
    if not any(c.startswith(DOC_VERBS[:2]) for c in doc_clauses) and rows:
        doc_clauses.insert(0, "未制发、废止" + "和".join(row for row, _names in rows))
    decisions = [f"{row}决定{_count(name)}" for row, name in DECISIONS if _some(name, report)]
    action_clauses = (
        ["作出" + "、".join(decisions)]
        if decisions
        else ["未作出" + "、".join(row for row, _name in DECISIONS) + "决定"]
    )
    action_clauses.append(
        f"收取行政事业性收费{_count('收费', '万元')}" if _some("收费", report) else "未收取行政事业性收费"
    )
    groups = ["，".join(doc_clauses), "，".join(action_clauses)]
    return heading(PUBLIC) + "本年度" + "；".join(g for g in groups if g) + "。"


# ---- （二）依申请公开: tables 三 and 四 ---------------------------------------------------------------------------------


def _requests(report: AnnualReport) -> str:
    return heading(REQUESTS) + _applications(report) + _appeals(report)


def _applications(report: AnnualReport) -> str:
    """Received, carried over, handled by result, carried forward (table 三's 总计 column)."""
    received, carried_in = _some("本年新收", report), _some("上年结转", report)
    completed, carried_out = _some("办结", report), _some("结转下年度", report)
    if not (received or carried_in or completed or carried_out):
        return "本年度未收到政府信息公开申请。"
    clauses = ["本年度新收政府信息公开申请" + _count("本年新收") if received else "本年度未新收政府信息公开申请"]
    if carried_in:
        clauses.append("上年结转" + _count("上年结转"))
    if completed:
        results = [name + _count(name) for name in RESULTS if _some(name, report)]
        clauses.append("办结" + _count("办结") + ("，其中" + "、".join(results) if results else ""))
    if carried_out:
        clauses.append("结转下年度继续办理" + _count("结转下年度"))
    return "，".join(clauses) + "。"


def _appeals(report: AnnualReport) -> str:
    """行政复议 and 行政诉讼 about this agency's disclosure (table 四's 总计 cells)."""
    review, litigation = _some("复议", report), _some("诉讼", report)
    subject = "因政府信息公开工作"  # the sentence follows the applications' "本年度…", so it opens without it
    if not (review or litigation):
        return f"未发生{subject}被申请行政复议、提起行政诉讼的情况。"
    sued = "被提起行政诉讼" + _count("诉讼")
    if _some("直接起诉", report) and _some("复议后起诉", report):
        sued += f"，其中未经复议直接起诉{_count('直接起诉')}、复议后起诉{_count('复议后起诉')}"
    if review and litigation:
        return f"{subject}被申请行政复议{_count('复议')}、{sued}。"
    if review:
        return f"{subject}被申请行政复议{_count('复议')}，未被提起行政诉讼。"
    return f"{subject}{sued}，未被申请行政复议。"


# ---- 六、其他需要报告的事项: 信息处理费 -------------------------------------------------------------------------------------


def _other(report: AnnualReport) -> str:
    """The 信息处理费 statement every report must make (T-11), and the fee notices when table 三 shows them (T-10).

    The tables do not hold the fee collected: the sentence says 未收取 unless the clerk defines the figure
    ``FEE_FIGURE`` (in 元) on the figures sheet, which it then quotes as a placeholder.
    """
    notices = _cell_positive(report, "table3", spec.T3_OTHER_ROWS[1], spec.T3_TOTAL)
    opening = (
        f"本年度依照{FEE_RULES}向申请人发出收费通知，对逾期未按收费通知要求缴纳费用的申请不再处理，"
        if notices
        else "本年度"
    )
    fee = ph.resolve(FEE_FIGURE, report)
    if fee.ok and ph.is_number(fee.value) and fee.value > 0:
        return opening + ("" if notices else f"依照{FEE_RULES}") + f"收取信息处理费{_count(FEE_FIGURE, '元')}。"
    return opening + "未收取信息处理费。"


def _cell_positive(report: AnnualReport, table: str, row: str, col: str) -> bool:
    value: Any = report.get(table, row, col)
    if not ph.is_number(value):
        cell = spec.TABLES[table].cell(row, col)
        raise Unknown(((spec.TABLES[table].sheet, cell.address),))
    return value > 0


_DRAFTERS = {
    ("一", PUBLIC): _public,
    ("一", REQUESTS): _requests,
    ("六", OTHER): _other,
}
