"""The rule catalogue: every rule's id, severity and Chinese message template, the arithmetic identities of the
tables (as data), and the thresholds the rules use.

The validator turns the identities into pandera checks and the workbook into live formulas; each rules module declares
which of these ids it yields (``RULE_IDS``), and a test holds the two equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .format import (
    FORMAT_DOCUMENT,
    T2_DOC_COLS,
    T2_DOC_ROWS,
    T3_CARRIED_IN,
    T3_CARRIED_OUT,
    T3_COLS,
    T3_GRAND_TOTAL,
    T3_RECEIVED,
    T3_RESULT_ROWS,
    T3_ROWS,
    T3_TOTAL,
    T4_BLOCKS,
    T4_OUTCOMES,
    T4_ROW_KEY,
    TableKey,
)

#: How bad a finding is: an error must be corrected, a warning checked (or explained), an unchecked cell was not read.
Severity = Literal["error", "warning", "unchecked"]

ERROR: Severity = "error"
WARNING: Severity = "warning"
#: Not a defect of the report: a cell that could not be read from a published file, so nothing about it was checked.
UNCHECKED: Severity = "unchecked"
SEVERITY_WORDS = {ERROR: "错误", WARNING: "警告", UNCHECKED: "未核对"}


@dataclass(frozen=True)
class Identity:
    """An arithmetic rule as data: ``total == sum(terms) - sum(minus)``, one instance per row, column or block.

    Keys are (row, col) pairs of a table. The workbook turns an identity into a live check formula and the validator
    into a pandera check, so the two can never disagree.
    """

    rule: str
    table: TableKey
    total: tuple[str, str]
    terms: tuple[tuple[str, str], ...]
    minus: tuple[tuple[str, str], ...] = ()

    def members(self) -> tuple[tuple[str, str], ...]:
        return (self.total, *self.terms, *self.minus)


@dataclass(frozen=True)
class Rule:
    """A rule of the format, or a review point, with its stable id and Chinese message template.

    Template fields: ``where`` (sheet!cell), ``row``, ``col``, ``found``, ``expected``, ``detail`` (free text such as a
    quoted sentence). Rule ids are a public contract: never renumber one, retire it instead.
    """

    id: str
    severity: Severity
    title: str
    template: str
    description: str
    scope: str = "table"  # "table" | "cell" | "narrative" | "cross-year" | "document"


RULES: tuple[Rule, ...] = (
    Rule(
        "T-1",
        ERROR,
        "申请数量勾稽关系不符",
        "{where} {row} · {col}：填写 {found}，按“一+二=（七）总计+四”应为 {expected}",
        "表三每一列：本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理。",
    ),
    Rule(
        "T-2",
        ERROR,
        "办理结果总计与分项合计不符",
        "{where} {row} · {col}：填写 {found}，按各分项合计应为 {expected}",
        "表三每一列：（七）总计 = （一）至（六）共 21 个办理结果分项之和。",
    ),
    Rule(
        "T-3",
        ERROR,
        "申请人总计与各列合计不符",
        "{where} {row} · {col}：填写 {found}，按各类申请人合计应为 {expected}",
        "表三每一行：总计 = 自然人 + 五类法人或其他组织之和。",
    ),
    Rule(
        "T-4",
        ERROR,
        "复议诉讼总计与分项合计不符",
        "{where} {row} · {col}：填写 {found}，按结果维持、结果纠正、其他结果、尚未审结合计应为 {expected}",
        "表四行政复议、未经复议直接起诉、复议后起诉三组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结。",
    ),
    Rule(
        "T-5",
        ERROR,
        "数值格式不正确",
        "{where} {row} · {col}：填写“{found}”，应为{expected}",
        "件数为不小于 0 的整数；行政事业性收费为不小于 0 的数，单位万元。",
        scope="cell",
    ),
    Rule(
        "T-5b",
        WARNING,
        "文本形式的数字",
        "{where} {row} · {col}：填写“{found}”为{detail}，已按数字 {expected} 读取，建议改为数字格式",
        "全角数字或以文本格式存放的数字可以读取，但发布前应改为数字。",
        scope="cell",
    ),
    Rule(
        "T-7",
        WARNING,
        "上年结转与上年报告不符",
        "{where} {row} · {col}：填写 {found}，上年报告“结转下年度继续办理”为 {expected}",
        "本年“二、上年结转”应等于上年报告“四、结转下年度继续办理”，逐列比较。",
        scope="cross-year",
    ),
    Rule(
        "T-8",
        WARNING,
        "现行有效件数与上年不衔接",
        "{where} {row} · {col}：填写 {found}，按上年现行有效件数加本年制发减本年废止应为 {expected}",
        "现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数（修订、清理可能使其不严格成立）。",
        scope="cross-year",
    ),
    Rule(
        "T-9",
        WARNING,
        "正文数字与表格或自身不符",
        "{where} {row}：正文为 {found}，应为 {expected}。原文：“{detail}”",
        "正文引用的数字（收到、结转、办结、复议诉讼、制发废止现行有效件数，以及“共 N 条，其中 a 条、b 条…”）应与表格和自身一致。",
        scope="narrative",
    ),
    Rule(
        "T-10",
        WARNING,
        "未说明收费通知情况",
        "{where} {row}：表三“申请人逾期未按收费通知要求缴纳费用”为 {found}，第六部分应说明收费通知情况",
        "表三（六）2 大于 0 时，第六部分应说明信息处理费收费通知情况。",
        scope="narrative",
    ),
    Rule(
        "T-11",
        WARNING,
        "未说明信息处理费收取情况",
        "{where}：第六部分未说明信息处理费收取情况（未收取也应写明）",
        "第六部分应说明按《政府信息公开信息处理费管理办法》收取信息处理费的情况，未收取也应写明。",
        scope="narrative",
    ),
    Rule(
        "T-12",
        ERROR,
        "数据单元格为空",
        "{where} {row} · {col}：未填写，没有数据请填 0",
        "统计表不留空白，没有数据的单元格填 0。",
        scope="cell",
    ),
    Rule(
        "U-1",
        UNCHECKED,
        "单元格未能读取（未核对）",
        "{where} {row} · {col}：导入时未能从原文读取，不按空白处理；{detail}",
        "从发布的报告导入时未能读取的单元格不是空白，不报 T-12；用到它的规则（勾稽关系、正文数字、跨年度衔接）跳过不核对，"
        "报告的审核结论为“审核不完整”。原文中确为空白的单元格仍报 T-12。",
        scope="cell",
    ),
    Rule(
        "T-12b",
        WARNING,
        "规章栏填写“/”",
        "{where} {row} · {col}：填写“/”，仅适用于没有规章制定权的机关，请确认",
        "没有规章制定权的机关可在规章行填写“/”；其他单元格不得填写“/”。",
        scope="cell",
    ),
    Rule(
        "T-13",
        WARNING,
        "收费金额单位可能有误",
        "{where} {row} · {col}：填写 {found}，单位应为万元，该数值看起来像以元为单位",
        "行政事业性收费以万元为单位；数值过大（如乡镇达到 10000 以上）多半误填为元。",
        scope="cell",
    ),
    Rule(
        "T-16",
        WARNING,
        "未报告工作考核、社会评议和责任追究情况",
        "{where}：人民政府的年度报告应说明工作考核、社会评议和责任追究结果情况",
        "《条例》第五十条第（四）项：人民政府的年度报告应包括工作考核、社会评议和责任追究结果情况。",
        scope="narrative",
    ),
    # ---- review points (docs/reference/format-2021.md §6): what reviewers check beyond the numbered rules ----
    Rule(
        "R-1",
        WARNING,
        "章节缺失、顺序不符或另加章节",
        "{where} {row}：{detail}",
        "报告应依次包含一至六部分：总体情况、主动公开、收到和处理申请、行政复议和行政诉讼、存在的主要问题及改进情况、其他需要报告的事项。"
        "各部分按标题的文字识别，编号只作佐证：编号重复或倒退的是某部分内的分项，不是新的部分；"
        "文字与格式不同的标题，仅在其位置和编号恰好是所缺的那一部分时按该部分读取，并提示核对。"
        "六个部分之外另加的章节（如“政府信息公开工作考核情况”）单独列出，其内容不计入任何部分。",
        scope="document",
    ),
    Rule(
        "R-2",
        WARNING,
        "表格格式不符（2019 年旧格式）",
        "{where}：表三使用 2019 年试行格式（“（六）其他处理”只有一行），应按" + FORMAT_DOCUMENT + "格式分为 3 项",
        f"统计表应使用 2021 年格式（{FORMAT_DOCUMENT}）；2019 年试行格式的表三“（六）其他处理”只有一行。",
        scope="document",
    ),
    Rule(
        "R-3",
        WARNING,
        "年份错误",
        "{where} {row}：写为 {found} 年，报告年度为 {expected} 年。原文：“{detail}”",
        "标题和统计期限（X年1月1日至12月31日）中的年份应为报告年度。",
        scope="document",
    ),
    Rule(
        "R-4",
        WARNING,
        "残留占位符",
        "{where} {row}：含未替换的占位内容“{found}”。原文：“{detail}”",
        "正文不应残留模板占位内容，如“XX”“××”“待补充”“（此处填写）”。",
        scope="document",
    ),
    Rule(
        "P-1",
        WARNING,
        "未知的数字名称",
        "{where} {row}：“{found}”不是可用的数字名称，报告中将按原样印出括号和文字。{detail}",
        "正文中用【】括起的名称只有“可用数字”表列出的名称（及“数字与分项”表中自己定义的名称）会替换为数字；"
        "与某个名称相近而不在表中的，提示最接近的名称。",
        scope="narrative",
    ),
    Rule(
        "P-2",
        ERROR,
        "占位数字没有可用的值",
        "{where} {row}：{detail}",
        "正文中的占位数字（如【本年新收】）所对应的单元格为空或不是有效数字时，报告无法印出该数字："
        "正文所在单元格和表格单元格都报错。",
        scope="narrative",
    ),
    Rule(
        "P-3",
        ERROR,
        "数字与分项合计不符",
        "{where} {row}：填写 {found}，按各分项合计应为 {expected}",
        "“数字与分项”表中，有分项的数字以各分项之和为准；另外填写的数值必须等于分项之和。",
        scope="cell",
    ),
    Rule(
        "R-5",
        WARNING,
        "内容雷同",
        "{where}：正文有 {found} 的文字与上年报告相同（{detail}），超过 {expected}，请核实是否照搬上年内容",
        "与上年报告相同的句子（忽略数字）占本年正文的比例超过 50% 时提示；部分地方考核对此扣分。",
        scope="cross-year",
    ),
    Rule(
        "R-6",
        WARNING,
        "错误不能以情况说明代替",
        "{where}：情况说明“{detail}”针对的是错误（{found}），错误须改正，不能以说明代替",
        "“情况说明”只适用于警告；针对错误的说明被忽略，错误仍须改正。",
        scope="document",
    ),
    Rule(
        "R-7",
        WARNING,
        "上年报告不是同一机关的",
        "{where} {row}：上年报告的机关为“{found}”，本报告为“{expected}”。跨年度核对（上年结转、现行有效件数、内容雷同）"
        "照常进行，但比较的可能不是同一机关的数字，请确认上年报告是否选对",
        "跨年度核对只对同一机关上一年度的报告有意义：两份报告的机关名称不同（忽略空格、标点和全角半角，"
        "一个名称包含另一个的视为相同）时提示，核对照常进行。",
        scope="cross-year",
    ),
)

#: What a data cell must hold (T-5's expected value) and how a number typed as text was recognised (T-5b's detail).
COUNT_DOMAIN = "不小于 0 的整数"
FEE_DOMAIN = "不小于 0 的数（单位：万元）"
NOTE_FULLWIDTH = "全角数字"
NOTE_TEXT_NUMBER = "文本格式的数字"

RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}


def rule(rule_id: str) -> Rule:
    return RULES_BY_ID[rule_id]


def _t3_identities() -> tuple[Identity, ...]:
    out: list[Identity] = []
    for col in T3_COLS:
        out.append(
            Identity(
                "T-1",
                "table3",
                (T3_CARRIED_OUT, col),
                ((T3_RECEIVED, col), (T3_CARRIED_IN, col)),
                ((T3_GRAND_TOTAL, col),),
            )
        )
    for col in T3_COLS:
        out.append(Identity("T-2", "table3", (T3_GRAND_TOTAL, col), tuple((r, col) for r in T3_RESULT_ROWS)))
    for r in T3_ROWS:
        out.append(Identity("T-3", "table3", (r.key, T3_TOTAL), tuple((r.key, c) for c in T3_COLS[:-1])))
    return tuple(out)


def _t4_identities() -> tuple[Identity, ...]:
    return tuple(
        Identity(
            "T-4",
            "table4",
            (T4_ROW_KEY, f"{block}/总计"),
            tuple((T4_ROW_KEY, f"{block}/{o}") for o in T4_OUTCOMES[:-1]),
        )
        for block, _words, _first in T4_BLOCKS
    )


#: Every arithmetic identity (T-1 … T-4), one per row, column or block.
IDENTITIES: tuple[Identity, ...] = _t3_identities() + _t4_identities()


@dataclass(frozen=True)
class CrossYear:
    """A rule between this year's cells and last year's, as data: this year's
    ``total == before + sum(terms) - sum(minus)``, where ``before`` is a cell of last year's report (same table).

    The cross-year rules check it (T-7, T-8) and the importer uses it as evidence between splits of run-together
    digits when last year's report is given, so the two read the relation from one place."""

    rule: str
    table: TableKey
    total: tuple[str, str]
    before: tuple[str, str]
    terms: tuple[tuple[str, str], ...] = ()
    minus: tuple[tuple[str, str], ...] = ()


def _cross_year() -> tuple[CrossYear, ...]:
    issued, repealed, in_force = T2_DOC_COLS
    return (
        *(CrossYear("T-7", "table3", (T3_CARRIED_IN, c), (T3_CARRIED_OUT, c)) for c in T3_COLS),
        *(
            CrossYear("T-8", "table2", (r, in_force), (r, in_force), ((r, issued),), ((r, repealed),))
            for r in T2_DOC_ROWS
        ),
    )


#: Every cross-year relation: 上年结转 per column (T-7), 现行有效件数 per document row (T-8).
CROSS_YEAR: tuple[CrossYear, ...] = _cross_year()

#: A fee at or above this many 万元 looks like it was entered in yuan (T-13) — for a township, a department, or an
#: agency of unknown kind. Larger governments collect more, so their thresholds are higher (matched on 机关类型).
FEE_YUAN_THRESHOLD = 10000
FEE_YUAN_THRESHOLDS: dict[str, int] = {"省级": 100_000_000, "市级": 10_000_000, "县级": 1_000_000}

#: Share of this year's narrative repeated from last year's above which the report looks copied (R-5).
COPY_SHARE_THRESHOLD = 0.5
