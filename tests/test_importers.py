"""xltool import: published reports (real fixtures and text layouts built from the spec) read into the report model.

Expected values come from the fixtures' hand-checked ``*.tables.json`` or from the report a test input was rendered
from, never from running the importer.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from xltool import spec
from xltool.errors import XltoolError
from xltool.importers import import_report, read_report
from xltool.model import AnnualReport

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "000_0a7990abdff832d1.txt"
TABLE_KEYS = ("table2", "table3", "table4")


def truth(name: str) -> dict:
    """The three tables of a fixture's ground truth (extra keys such as source/notes are ignored)."""
    data = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return {k: data[k] for k in TABLE_KEYS}


def tables_of(report: AnnualReport) -> dict:
    data = report.to_json()
    return {k: data[k] for k in TABLE_KEYS}


# ---- the fixtures ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source, expected",
    [
        ("000_0a7990abdff832d1.txt", "000_0a7990abdff832d1.tables.json"),
        ("real/001.txt", "real/001.tables.json"),  # crawled page, cells run together
        ("real/006.pdf", "real/006.tables.json"),  # official PDF
        ("real/006.txt", "real/006.tables.json"),  # the same PDF's extracted text: row labels interleaved with numbers
    ],
)
def test_fixture_tables_are_read_exactly(source, expected):
    assert tables_of(import_report(FIXTURES / source)) == truth(expected)


def test_sample_fills_the_whole_model(demo_report):
    report = import_report(SAMPLE)
    facts = json.loads((FIXTURES / "000_0a7990abdff832d1.tables.json").read_text(encoding="utf-8"))
    assert report.year == facts["year"] == 2024
    assert report.to_json()["agency"] == facts["agency"]
    assert report.provenance == {}  # every cell printed with separators: all exact
    assert "兴仁镇" in report.text and "2024年政府信息公开工作年度报告" in report.text
    # the demo data carries the same published narrative, typed in by hand
    for number in ("一", "五", "六"):
        assert report.sections[number] == demo_report.sections[number]


def test_city_pdf_agency_and_contact():
    report = import_report(FIXTURES / "real/006.pdf")
    agency = report.agency
    assert (report.year, agency.name, agency.kind) == (2024, "淮安市人民政府", "市级人民政府")
    assert (agency.postcode, agency.phone, agency.email) == ("223001", "0517-83605210", "hazwgkc@163.com")
    assert agency.address == "淮安市翔宇南道1号"
    assert report.sections["六"].endswith("全年收取政府信息公开信息处理费3940元。")


def test_run_together_cells_are_marked_inferred_and_ambiguity_is_reported():
    result = read_report(FIXTURES / "real/001.txt")
    prov = result.report.provenance
    assert prov["table3/（一）予以公开/自然人"] == "inferred"
    assert prov["table4/件数/行政复议/结果维持"] == "inferred"
    assert "table2/行政许可/本年处理决定数量" not in prov  # "行政许可2293 ": one number, one cell — exact
    assert not result.missing
    # "行政规范性文件693665": several splits are possible; the one taken is said, with the others
    [note] = [n for n in result.notes if "行政规范性文件" in n]
    assert "69、3、665" in note and "6、9、3665" in note and "核对" in note
    assert result.report.agency.website == "www.pingtan.gov.cn"
    assert result.report.agency.postcode == "350400"


# ---- layouts built from the spec ------------------------------------------------------------------------------------

REAL = truth("real/006.tables.json")


def _grid_row(address: str) -> int:
    return int(address[1:])


def _numbers(report: AnnualReport, table: spec.TableSpec, grid_row: int) -> list[str]:
    cells = sorted((c for c in table.cells if _grid_row(c.address) == grid_row), key=lambda c: c.address[0])
    return [str(report.get(table.key, c.row, c.col)) for c in cells]


def render(report: AnnualReport, style: str = "spaced") -> str:
    """A report's text with the three tables printed in one of the layouts found in published reports.

    spaced: "label n n n" per line · numbers_first: numbers on the line before their label · wrapped: each long
    label broken in two with the numbers on a line between the halves · glued: everything on one line without any
    separator (a crawled page).
    """
    parts = [
        f"示例县人民政府\n{report.year}年政府信息公开工作年度报告",
        f"本报告统计期限自{report.year}年1月1日至12月31日。",
        "一、总体情况",
        "本年度工作有序推进。",
    ]
    for table in spec.TABLES.values():
        section = next(s for s in spec.SECTIONS if s.number == table.section)
        parts.append(section.title)
        texts = sorted(table.texts, key=lambda t: (_grid_row(t.address), t.address[0]))
        data_rows = {_grid_row(c.address) for c in table.cells}
        labelled = {}
        for t in texts:  # the right-most single-row label of a data row
            if _grid_row(t.address) in data_rows and (not t.span or t.span.split(":")[1][1:] == t.address[1:]):
                labelled[_grid_row(t.address)] = t
        for t in texts:
            row = _grid_row(t.address)
            if labelled.get(row) is not t:
                parts.append(t.text)
                continue
            numbers = " ".join(_numbers(report, table, row))
            if style == "numbers_first":
                parts += [numbers, t.text]
            elif style == "wrapped" and len(t.text) > 8:
                half = len(t.text) // 2
                parts += [t.text[:half], numbers, t.text[half:]]
            else:
                parts.append(f"{t.text} {numbers}")
        unlabelled = sorted(data_rows - set(labelled))
        parts += [" ".join(_numbers(report, table, r)) for r in unlabelled]
    parts += [
        "五、存在的主要问题及改进情况",
        "宣传力度有待加强。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
    ]
    text = "\n".join(parts)
    return text.replace("\n", "").replace(" ", "") if style == "glued" else text


@pytest.fixture
def real_tables_report() -> AnnualReport:
    data = {"schema": spec.REPORT_SCHEMA, "year": 2024, **REAL}
    return AnnualReport.from_json(data)


@pytest.mark.parametrize("style", ["spaced", "numbers_first", "wrapped"])
@pytest.mark.parametrize("short_label", [False, True], ids=["full-labels", "（二）部分公开-without-note"])
def test_text_layouts_read_exactly(tmp_path, real_tables_report, style, short_label):
    text = render(real_tables_report, style)
    if short_label:  # many reports leave out the note of （二）部分公开
        text = text.replace(spec.T3_PARTIAL_NOTE, "")
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    result = read_report(path)
    assert tables_of(result.report) == REAL
    assert result.report.provenance == {}
    assert result.report.agency.name == "示例县人民政府"
    assert result.report.agency.kind == "县级人民政府"


@pytest.mark.parametrize("style", ["spaced", "numbers_first"])
def test_unrecognised_label_is_read_by_position_and_marked(tmp_path, real_tables_report, style):
    text = render(real_tables_report, style).replace("4.保护第三方合法权益", "第四项情形")
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    result = read_report(path)
    assert tables_of(result.report) == REAL
    key = "（三）不予公开/4.保护第三方合法权益"
    assert set(result.inferred) == {f"table3/{key}/{col}" for col in spec.T3_COLS}
    assert any("4.保护第三方合法权益" in note and "位置" in note for note in result.notes)


def test_glued_cells_split_by_the_identities(tmp_path, real_tables_report):
    path = tmp_path / "crawled.txt"
    path.write_text(render(real_tables_report, "glued"), encoding="utf-8")
    result = read_report(path)
    got = tables_of(result.report)
    assert got["table3"] == REAL["table3"]  # every row of table 三 has a unique split under T-1 … T-3
    assert set(result.report.provenance.values()) == {"inferred"}
    # table 二 has no identity and table 四's last block "1211620" fits 12+1+1+6 = 1+2+1+16 = 20: where the likeliest
    # split is not the printed one, a note must name the row and offer the true split
    wrong = [(f"“{row}”", REAL["table2"][row]) for row in spec.T2_DOC_ROWS if got["table2"][row] != REAL["table2"][row]]
    if got["table4"] != REAL["table4"]:
        wrong.append(("表四", REAL["table4"]))
    for words, true in wrong:
        assert any(words in note and "、".join(map(str, true)) in note for note in result.notes), (words, result.notes)


def test_row_with_too_many_numbers_is_missing_and_listed(tmp_path, real_tables_report, cli):
    text = render(real_tables_report).replace(
        "3.补正后申请内容仍不明确 1 0 0 0 0 0 1", "3.补正后申请内容仍不明确 1 0 0 0 0 0 1 5 5"
    )
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    result = read_report(path)
    key = "（四）无法提供/3.补正后申请内容仍不明确"
    assert result.report.to_json()["table3"][key] == [None] * 7
    assert all(result.report.provenance[f"table3/{key}/{col}"] == "missing" for col in spec.T3_COLS)
    out = cli("import", path, "-o", tmp_path / "out.xlsx")
    assert out.code == 1
    assert "三、依申请公开!D18" in out.out and "未能读取 7 个" in out.out


def test_old_2019_table3_is_recognised(tmp_path, real_tables_report):
    text = render(real_tables_report)
    other = [r for r in spec.T3_ROWS if r.group == spec.T3_OLD_OTHER]
    sums = [sum(REAL["table3"][r.key][i] for r in other) for i in range(7)]
    lines = text.split("\n")
    first = next(i for i, ln in enumerate(lines) if ln.startswith(other[0].item))
    del lines[first : first + len(other)]
    lines[first - 1 : first] = [f"{spec.T3_OLD_OTHER} {' '.join(map(str, sums))}"]
    path = tmp_path / "old.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = read_report(path)
    data = result.report.to_json()
    assert data["table3_variant"] == "2019"
    assert data["table3"][spec.T3_OLD_OTHER] == sums
    assert data["table3"]["（七）总计"] == REAL["table3"]["（七）总计"]
    assert any("2019 年试行格式" in note for note in result.notes)


def test_section4_alternative_heading_and_slash_in_rules_row(tmp_path, real_tables_report):
    real_tables_report.set("table2", "规章", "本年制发件数", "/")
    text = render(real_tables_report).replace(spec.SECTIONS[3].title, f"四、{spec.SECTION4_ALT_HEADING}")
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    data = import_report(path).to_json()
    assert data["table2"]["规章"] == ["/", 0, 11]
    assert data["table4"] == REAL["table4"]


def test_reworded_and_misplaced_headings_keep_their_sections(tmp_path, real_tables_report):
    """A heading the audit always knew ("…改进措施") and a section placed out of order are both imported."""
    text = render(real_tables_report).replace("五、存在的主要问题及改进情况", "五、存在的主要问题及改进措施")
    closing = "六、其他需要报告的事项\n本年度未收取信息处理费。"
    opening = "一、总体情况\n本年度工作有序推进。"
    text = text.replace(closing, "").replace(opening, f"{opening}\n{closing}")  # 六 right after 一
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    result = read_report(path)
    assert result.report.sections["五"] == "宣传力度有待加强。"
    assert result.report.sections["六"] == "本年度未收取信息处理费。"
    assert not any("未找到" in note for note in result.notes)
    assert tables_of(result.report) == REAL


# ---- title, year and narrative: read as the audit reads them (xltool.text) --------------------------------------

TITLE = "示例县人民政府\n2024年政府信息公开工作年度报告"
PERIOD = "本报告统计期限自2024年1月1日至12月31日。"


def _imported(tmp_path, text: str) -> AnnualReport:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return import_report(path)


@pytest.mark.parametrize(
    "title, year, name",
    [
        (
            "示例县人民政府 2024 年 度 政 府 信 息 公 开 工 作\n年 度 报 告",
            2024,
            "示例县人民政府",
        ),  # PDF spacing, wrapped
        ("《2024年政府信息公开工作年度报告》", 2024, None),  # no agency in the title: its year still counts
    ],
)
def test_title_read_like_the_audit_reads_it(tmp_path, real_tables_report, title, year, name):
    text = render(real_tables_report).replace(TITLE, title).replace(PERIOD, "")
    report = _imported(tmp_path, text)
    assert (report.year, report.agency.name) == (year, name)


def test_year_without_a_title_comes_from_the_statistical_period_only(tmp_path, real_tables_report):
    text = render(real_tables_report).replace(TITLE, "《示例县政务公开办法》自2023年1月1日起施行。")
    assert _imported(tmp_path, text).year == 2024


def test_narrative_loses_the_spacing_beside_any_chinese_character(tmp_path, real_tables_report):
    """Dashes, quotes and ideographic spaces count as Chinese text too (as for the audit): PDF spacing goes."""
    text = render(real_tables_report).replace("宣传力度有待加强。", "1月 — 12月，“ 放管服 ” 宣传\u3000力度有待加强。")
    assert _imported(tmp_path, text).sections["五"] == "1月—12月，“放管服”宣传力度有待加强。"


# ---- encodings --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding, newline", [("utf-8-sig", "\n"), ("gb18030", "\n"), ("gbk", "\r\n"), ("utf-8", "\r\n"), ("utf-16", "\n")]
)
def test_text_encodings(tmp_path, encoding, newline):
    text = SAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "年报.txt"
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    report = import_report(path)
    assert tables_of(report) == truth("000_0a7990abdff832d1.tables.json")
    assert report.agency.name == "沙坡头区兴仁镇人民政府"


# ---- bad inputs -------------------------------------------------------------------------------------------------------


def _image_pdf(path: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(image).rectangle((50, 50, 550, 300), outline="black", width=3)
    image.save(path, "PDF")
    return path


def _encrypted_pdf(path: Path, tmp_path: Path) -> Path:
    pypdf = pytest.importorskip("pypdf", reason="pypdf (test extra) builds the encrypted PDF")
    writer = pypdf.PdfWriter(clone_from=_image_pdf(tmp_path / "plain.pdf"))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def _bad_input(kind: str, tmp_path: Path) -> Path:
    if kind == "empty":
        path = tmp_path / "空.txt"
        path.write_bytes(b"")
    elif kind == "blank":
        path = tmp_path / "blank.txt"
        path.write_text(" \n\r\n\t\n", encoding="utf-8")
    elif kind == "empty-pdf":
        path = tmp_path / "empty.pdf"
        path.write_bytes(b"")
    elif kind == "image-pdf":
        path = _image_pdf(tmp_path / "扫描件.pdf")
    elif kind == "encrypted-pdf":
        path = _encrypted_pdf(tmp_path / "加密.pdf", tmp_path)
    elif kind == "corrupt-pdf":
        path = tmp_path / "broken.pdf"
        path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    elif kind == "unrelated":
        path = tmp_path / "通知.txt"
        path.write_text(
            "关于开展2024年度春季植树活动的通知\n各单位：为改善生态环境，定于3月12日组织植树活动，请按时参加。\n"
            "联系电话：0955-1234567\n",
            encoding="gbk",
        )
    elif kind == "binary-as-txt":
        path = tmp_path / "photo.txt"
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    elif kind == "old-doc":
        path = tmp_path / "年报.doc"
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    elif kind == "zip-as-docx":
        import zipfile

        path = tmp_path / "not-word.docx"
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("hello.txt", "hello")
    else:  # pragma: no cover
        raise AssertionError(kind)
    return path


@pytest.mark.parametrize(
    "kind, words",
    [
        ("empty", "文件为空"),
        ("blank", "文件为空"),
        ("empty-pdf", "文件为空"),
        ("image-pdf", "没有可读取的文字"),
        ("encrypted-pdf", "密码"),
        ("corrupt-pdf", "损坏"),
        ("unrelated", "不像政府信息公开工作年度报告"),
        ("binary-as-txt", "不是文本文件"),
        ("old-doc", ".docx"),
        ("zip-as-docx", "不是有效的 Word 文档"),
    ],
)
def test_bad_inputs_give_a_clear_error(tmp_path, cli, kind, words):
    path = _bad_input(kind, tmp_path)
    with pytest.raises(XltoolError) as info:
        import_report(path)
    assert words in info.value.message
    out = cli("import", path)
    assert out.code == 2
    assert words in out.err and "Traceback" not in out.err + out.out
    assert not path.with_suffix(".xlsx").exists()


# ---- the command ------------------------------------------------------------------------------------------------------


def test_import_writes_workbook_next_to_report(tmp_path, cli):
    from xltool import read_workbook

    source = tmp_path / "兴仁镇 2024 年报.txt"
    shutil.copy(SAMPLE, source)
    before = source.read_bytes()
    out = cli("import", source)
    assert out.code == 0, out.err
    target = tmp_path / "兴仁镇 2024 年报.xlsx"
    assert target.exists() and source.read_bytes() == before
    assert "原样读取 200 个" in out.out and str(target) in out.out
    back = read_workbook(target)
    assert tables_of(back) == truth("000_0a7990abdff832d1.tables.json")
    assert back.agency.name == "沙坡头区兴仁镇人民政府" and back.year == 2024


def test_import_json(cli):
    out = cli("import", FIXTURES / "real/001.txt", "--json")
    assert out.code == 0
    data = json.loads(out.out)
    assert data["schema"] == spec.REPORT_SCHEMA
    assert {k: data[k] for k in TABLE_KEYS} == truth("real/001.tables.json")
    assert data["provenance"]["table3/（七）总计/总计"] == "inferred"
    assert "行政规范性文件" in out.err  # the ambiguity note goes to stderr, the JSON stays clean


def test_import_refuses_to_overwrite_its_input(tmp_path, cli):
    source = tmp_path / "report.txt"
    shutil.copy(SAMPLE, source)
    out = cli("import", source, "-o", source)
    assert out.code == 2 and "覆盖" in out.err
    assert source.read_bytes() == SAMPLE.read_bytes()


def test_pdf_renamed_txt_is_read_as_pdf(tmp_path):
    path = tmp_path / "report.txt"
    shutil.copy(FIXTURES / "real/006.pdf", path)
    assert tables_of(import_report(path)) == truth("real/006.tables.json")
