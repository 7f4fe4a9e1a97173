"""Reading figures and statements from report prose: what is taken, and — as important — what is left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from xltool import claims as said
from xltool import text as n
from xltool.rules import crossyear, document

FIXTURES = Path(__file__).parent / "fixtures"


def kinds(sentence: str, year: int | None = 2024) -> list[tuple[str, int]]:
    return [(c.kind if not c.doc_row else f"{c.doc_row}/{c.kind}", c.value) for c in said.claims(sentence, year)]


def sums(sentence: str) -> list[tuple[int, tuple[int, ...], bool]]:
    return [(s.total, s.parts, s.slip) for s in said.stated_sums(sentence)]


# ---- normalising -----------------------------------------------------------------------------------------------


def test_normalize_joins_pdf_lines_and_drops_spacing_and_page_numbers():
    pdf = "2024 年，全市共受理政府信息公开申请 3119 件，答\n复 3050 件。\n- 1 -\n（三）政府信息管理情况。"
    assert n.normalize(pdf) == "2024年，全市共受理政府信息公开申请3119件，答复3050件。\n（三）政府信息管理情况。"


def test_normalize_keeps_short_headings_on_their_own_line():
    assert n.normalize("（一）存在问题\n一年来，工作有序推进。") == "（一）存在问题\n一年来，工作有序推进。"


def test_normalize_reads_fullwidth_digits():
    assert kinds("本年度收到政府信息公开申请１２件。") == [(said.RECEIVED, 12)]


@pytest.mark.parametrize(
    "furniture", ["- 3 -", "— 12 —", "－３－", "第3页", "第 3 页 共 6 页", "第3页，共6页", "3 / 6", "\f- 2 -"]
)
def test_page_furniture_of_every_kind_is_dropped(furniture):
    assert n.normalize(f"全年答\n{furniture}\n复申请 3 件。") == "全年答复申请3件。"


@pytest.mark.parametrize("line", ["— 2024 —", "第3页共6页的内容", "3/6件", "1、2、3"])
def test_lines_that_only_look_like_page_numbers_are_kept(line):
    assert line in n.clean(f"上文\n{line}\n下文")


def test_unspace_drops_spacing_beside_any_chinese_character_only():
    assert n.unspace("推进 “放管服” 改革，\u3000答 复 3 件") == "推进“放管服”改革，答复3件"
    assert n.unspace("Office 365 平台") == "Office 365平台"  # spaces between Latin words and figures stay


def test_flat_compares_typed_and_wrapped_words():
    assert n.flat(" T-9＠一、总体\n情况！B4 ") == "T-9@一、总体情况!B4"
    assert n.flat("淮\n安市翔宇南道 ４ 号") == "淮安市翔宇南道4号"


# ---- claims: figures the tables must hold ---------------------------------------------------------------------------


def test_claims_in_a_real_pdf_sentence():
    # 006.pdf, 淮安市人民政府 2024: every figure of this sentence is in table 三
    sentence = "2024年，全市共受理政府信息公开申请3119件，答复3050件（含上年度结转申请34件，另有103件顺延到下年度答复），均在法定期限内予以答复。"
    assert kinds(sentence) == [
        (said.RECEIVED, 3119),
        (said.COMPLETED, 3050),
        (said.CARRIED_IN, 34),
        (said.CARRIED_OUT, 103),
    ]


def test_claims_of_review_and_litigation_totals():
    sentence = "政府信息公开行政复议351件，其中结果维持72件，结果纠正64件；政府信息公开行政诉讼46件。"
    assert kinds(sentence) == [(said.REVIEW, 351), (said.LITIGATION, 46)]
    assert kinds("因政府信息公开被申请行政复议2件、提起行政诉讼1件。") == [(said.REVIEW, 2), (said.LITIGATION, 1)]


def test_claims_of_documents_take_the_nearest_verb():
    assert kinds("本年制发规章1件、行政规范性文件8件，废止行政规范性文件26件，现行有效规范性文件66件。") == [
        ("规章/本年制发件数", 1),
        ("行政规范性文件/本年制发件数", 8),
        ("行政规范性文件/本年废止件数", 26),
        ("行政规范性文件/现行有效件数", 66),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "本年度收到政府信息公开申请同比增加5件。",  # a comparison, not this year's total
        "共收到人大代表建议5件，均已按期办结答复。",  # not an application; no 申请 at all
        "2023年收到政府信息公开申请10件。",  # another year
        "全年受理政府信息公开申请约30件。",  # approximate
        "收到政府信息公开申请300余件。",
        "条例实施以来累计收到申请120件。",
        "受理政府信息公开类行政复议案件5件。",  # as 复议机关, not as respondent
        "行政复议、行政诉讼各1件，均涉及政府信息公开。",  # one figure for two totals
        "经行政复议后提起行政诉讼3件，涉及政府信息公开。",  # only the 复议后起诉 block
        "新增公开市政府政策性文件11件。",  # 政策性文件 is not 规范性文件
        "解读行政规范性文件10件。",  # interpreted, not issued
        "清理规范性文件20件。",
        "2024年度主动公开政府信息1770条。",  # no table holds it
        "区政府办公室收到政府信息公开申请10件，各部门收到政府信息公开申请50件。",  # parts of a whole
    ],
)
def test_claims_leave_ambiguous_figures_alone(sentence):
    assert kinds(sentence) == []


def test_received_other_subjects_in_a_sentence_about_applications():
    assert kinds("收到群众留言12件，依申请公开工作平稳。") == []


# ---- sums stated in the text ---------------------------------------------------------------------------------------


def test_the_samples_sum_slip_64_vs_65():
    sentence = (
        "主动公开政府信息64条，其中，政府文件信息2条，乡镇动态17条，领导信息3条，财政预决算信息2条，行政执法信息1条，"
        "法治政府建设工作报告1条，民生保障38条，政府工作报告1条。"
    )
    assert sums(sentence) == [(64, (2, 17, 3, 2, 1, 1, 38, 1), True)]


def test_sums_that_add_up_and_lists_split_by_semicolons():
    sentence = "在政务微博主动公开政府信息250条，其中原创信息0条，转载信息250条；在微信公众号发布信息1456条，其中原创信息121条，转载信息1335条。"
    assert sums(sentence) == [(250, (0, 250), False), (1456, (121, 1335), False)]


def test_first_level_enumeration_is_not_a_stated_sum():
    sentence = "2024年度主动公开政府信息1770条：一是通过门户网站公开信息64条，二是通过政务微博公开250条，三是通过微信公众号发布1456条。"
    assert sums(sentence) == []


def test_a_partial_list_short_of_its_total_is_no_slip():
    assert sums("共发布信息500条，其中政策文件20条，政策解读10条。") == [(500, (20, 10), False)]


def test_a_complete_list_short_of_its_total_is_a_slip():
    assert sums("共发布信息50条，其中政策文件20条，其他信息10条。") == [(50, (20, 10), True)]
    assert sums("收到申请30件，其中分别为自然人20件、法人5件。")[0][2] is True


def test_the_list_ends_where_a_new_statement_begins():
    # "办结95件" is no part of the 100 received
    assert sums("收到申请100件，其中网上申请60件，当面申请40件，办结95件。") == [(100, (60, 40), False)]


@pytest.mark.parametrize(
    "sentence",
    [
        "收到申请100件，其中网上申请60件（其中自然人50件），当面申请60件。",  # figures inside brackets
        "收到申请100件，其中网上申请60件，其中自然人50件，法人10件。",  # nested breakdown
        "共发布信息5500余条，其中政策文件2000条，解读4000条。",  # approximate total
        "共开展培训10次，其中线上8次。",  # a single part
        "收到申请10件，其中自然人8件，占80%。",  # a share is no part
    ],
)
def test_ambiguous_lists_are_not_checked(sentence):
    assert [s for s in sums(sentence) if s[2]] == []


# ---- statements, placeholders, years, sections ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fee"),
    [
        ("2024年兴仁镇未收取信息处理费。", True),
        ("2021年，无收取信息处理费情况。", True),
        ("本年度未收取任何费用。", True),
        ("本机关无其他需要报告的事项。", False),
    ],
)
def test_mentions_fee(text, fee):
    assert said.mentions_fee(text) is fee


def test_mentions_fee_notice():
    assert said.mentions_fee_notice("向申请人发出收费通知2份，申请人逾期未缴纳。")
    assert not said.mentions_fee_notice("本年度未收取信息处理费。")


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("XX镇人民政府认真贯彻条例。", "XX"),
        ("本年度共公开信息××条。", "××"),
        ("监督保障情况：待补充。", "待补充"),
        ("（此处填写）", "此处填写"),
        ("本报告统计数据从20XX年1月1日至12月31日。", "20XX"),
        ("发布日期：2025年X月X日", "X月X日"),
    ],
)
def test_placeholders_found(text, token):
    assert [t for t, _s in document.placeholders(text)] == [token]


@pytest.mark.parametrize(
    "text",
    [
        "网址：http://www.spt.gov.cn/zwgk/zfxxgk/xxgk/index.html",
        "尺寸为3×4米。",
        "WWW.XXGK.GOV.CN 平台运行平稳。",
        "本年度未收取信息处理费。",
    ],
)
def test_placeholders_not_found_in_ordinary_text(text):
    assert document.placeholders(text) == []


def test_title_and_period_years_of_the_sample():
    text = (FIXTURES / "000_0a7990abdff832d1.txt").read_text(encoding="utf-8")
    assert n.title(text) == n.Title(2024, "沙坡头区兴仁镇", "沙坡头区兴仁镇2024年政府信息公开工作年度报告")
    assert {y for y, _s in n.period_years(text)} == {2024}


@pytest.mark.parametrize(
    "text, year, name",
    [
        ("沙坡头区兴仁镇\n2024年政府信息公开工作年度报告", 2024, "沙坡头区兴仁镇"),
        (
            "沙坡头区兴仁镇 2024 年度政 府 信 息 公 开 工 作\n年 度 报 告",
            2024,
            "沙坡头区兴仁镇",
        ),  # PDF spacing, wrapped
        ("淮安市人民政府关于２０２４年政府信息公开工作年度报告", 2024, "淮安市人民政府"),
        ("首页 政务公开 XX镇2024年政府信息公开工作年度报告", 2024, "XX镇"),  # breadcrumbs do not run into the name
        ("《2024年政府信息公开工作年度报告》", 2024, None),  # no name: the year is still the title's
        ("2023年政府信息公开报告", 2023, None),
    ],
)
def test_title_year_and_agency(text, year, name):
    title = n.title(text)
    assert (title.year, title.name) == (year, name)


@pytest.mark.parametrize("spacing", ["", " ", " \n  ", "关于", " 关于\n"])
@pytest.mark.parametrize("length", [1, 2, 39, 40, 41, 60])
def test_titles_are_found_as_a_search_at_every_character_finds_them(length, spacing):
    """text._titles tries the title only shortly before each year; it must find what finditer finds, name limits,
    line breaks and a second title included (a crawled page lists other reports' titles)."""
    text = (
        "首页，" + "甲" * length + spacing + "2024年政府信息公开工作年度报告\n"
        "上一篇：" + "乙" * length + "2023年度政 府 信 息 公 开 报 告 2022年政府信息公开工作年度报告"
    )
    found = [(m.span(), m.groupdict()) for m in n._titles(text)]
    assert found == [(m.span(), m.groupdict()) for m in n._TITLE.finditer(text)]
    assert len(found) == 3


def test_no_title_in_ordinary_text():
    assert n.title("本机关认真落实政府信息公开条例，2024年工作有序推进。") is None


def test_period_years_read_both_ends():
    assert [y for y, _s in n.period_years("本报告所列数据的统计期限自2023年1月1日起至2024年12月31日止。")] == [
        2023,
        2024,
    ]
    assert n.period_years("2024年1月1日至12月31日，全镇开展培训3次。") == []  # not the statistical period


@pytest.mark.parametrize("name", ["000_0a7990abdff832d1.txt", "real/001.txt", "real/006.txt"])
def test_all_six_sections_found_in_order_in_real_reports(name):
    positions = {k: h.start for k, h in n.find_headings((FIXTURES / name).read_text(encoding="utf-8")).items()}
    assert list(positions) == list("一二三四五六")
    assert sorted(positions.values()) == list(positions.values())


SAMPLE_TEXT = (FIXTURES / "000_0a7990abdff832d1.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "number, printed, reworded",
    [
        # once read only by the importer: a few words of its own before the printed heading
        ("一", "一、总体情况", "一、工作总体情况"),
        ("四", "四、政府信息公开行政复议、行政诉讼情况", "四、因政府信息公开申请行政复议、提起行政诉讼的情况"),
        # once read only by the audit: the key words reworded
        ("二", "二、主动公开政府信息情况", "二、政府信息主动公开情况"),
        ("三", "三、收到和处理政府信息公开申请情况", "三、收到和处理政府信息公开申请的情况"),
        ("五", "五、存在的主要问题及改进情况", "五、存在的主要问题及改进措施"),
        ("五", "五、存在的主要问题及改进情况", "五、存在的问题及改进措施情况"),
        # a heading broken over two lines in a PDF
        ("四", "四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政复议、\n行政诉讼情况"),
    ],
)
def test_reworded_headings_are_found_whole(number, printed, reworded):
    text = SAMPLE_TEXT.replace(printed, reworded)
    headings = n.find_headings(text)
    assert list(headings) == list("一二三四五六")
    assert text[headings[number].start : headings[number].end] == reworded


@pytest.mark.parametrize(
    "line",
    [
        "四、结转下年度继续办理 0 0 0 0 0 0 0",  # a row of table 三, not section 四
        "（五）存在的主要问题及改进情况",  # a sub-heading: no report numbers its sections so and nothing else
        "五、存在的主要问题较多，改进情况另行报告",  # a sentence, not a heading
        "按照《条例》第五十条，报告存在的主要问题及改进情况。",  # the words inside a sentence
        "五是存在的主要问题及改进情况要写实",  # "五是……" lists, it does not number
        "详见第五部分存在的主要问题及改进情况",  # a cross-reference inside a sentence
        "根据《关于存在的主要问题及改进情况的通报》",  # a cited title
    ],
)
def test_words_like_a_heading_are_not_taken_for_one(line):
    assert n.find_headings(f"{line}\n") == {}


def test_a_section_out_of_order_is_found_where_it_stands():
    heading_5, heading_6 = "五、存在的主要问题及改进情况", "六、其他需要报告的事项"
    body5 = SAMPLE_TEXT[SAMPLE_TEXT.index(heading_5) : SAMPLE_TEXT.index(heading_6)]
    text = SAMPLE_TEXT.replace(body5, "") + "\n" + body5
    starts = {k: h.start for k, h in n.find_headings(text).items()}
    assert starts["五"] == text.index(heading_5) > starts["六"] == text.index(heading_6)
    assert n.split_sections(text)["六"].startswith("2024年兴仁镇未收取信息处理费。")


def test_split_sections_cuts_at_the_headings():
    parts = n.split_sections(SAMPLE_TEXT)
    assert parts["六"].startswith("2024年兴仁镇未收取信息处理费。")
    assert parts["五"].startswith("（一）存在问题")


def test_repeated_share_ignores_figures_and_order():
    last = "我镇坚持公开为常态，不公开为例外。2023年主动公开信息60条。"
    assert crossyear.repeated_share("2024年主动公开信息64条。我镇坚持公开为常态，不公开为例外。", last) == 1.0
    assert crossyear.repeated_share("今年全面升级政务公开专区，新增自助查询设备。", last) == 0.0
    assert crossyear.repeated_share("", last) == 0.0
