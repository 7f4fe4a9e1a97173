"""Importers are bounded and decode what people send (issue 8): every big or deep input of the issue finishes or is
refused with exit 2 and a message naming the file and the limit; declared charsets may lie.

The inputs are built here (tests/big_inputs.py); sizes are the issue's where that is cheap (a sparse file stands in
for 100 MB of text), and time and memory are measured by ``benchmarks/bench_import.py --big``, not asserted.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import zipfile
from pathlib import Path

import big_inputs as big
import pytest

from xltool.errors import XltoolError
from xltool.importers import limits, read_report
from xltool.importers.limits import LIMITS

DEMO_NAME = "沙坡头区兴仁镇人民政府"


@pytest.fixture(scope="module")
def expected() -> dict:
    """What the demo report reads as from its text: the other encodings must give the same."""
    return read_report(big.DEMO_TXT).report.to_json()


@pytest.fixture(scope="module")
def expected_html(tmp_path_factory) -> dict:
    """What the demo report reads as from a well-formed UTF-8 page."""
    path = tmp_path_factory.mktemp("page") / "a.html"
    path.write_text(big.report_html("utf-8"), encoding="utf-8")
    return read_report(path).report.to_json()


def refused(path: Path, limit: str) -> XltoolError:
    """Reading ``path`` is refused at ``limit``; the message names the file and the limit."""
    with pytest.raises(XltoolError) as caught:
        read_report(path)
    error = caught.value
    assert error.code == "F-IMPORT-LIMIT", error.message
    what = limits._WHAT[limit][0]
    assert what in error.message and str(path) in error.message and "上限" in error.message, error.message
    return error


def test_every_limit_has_its_chinese_name():
    assert set(limits._WHAT) == {f.name for f in dataclasses.fields(LIMITS)}


def test_over_a_limit_is_exit_2_from_the_command_line(cli, tmp_path):
    path = big.sparse(tmp_path / "年报.txt", 100, head="二〇二四年年度报告\n".encode())
    result = cli("import", path)
    assert result.code == 2
    assert "文本文件大小为 100.0 MB" in result.err + result.out and "10.0 MB" in result.err + result.out
    assert not path.with_suffix(".xlsx").exists()


def test_a_section_longer_than_an_excel_cell_is_cut_with_a_marker_and_said(cli, tmp_path):
    import json
    import re

    from openpyxl import load_workbook

    from xltool.writers.celltext import CELL_CHARS

    path = big.txt_padded(tmp_path / "年报.txt", 0.13)  # section 一 with some 46,000 characters in its last part
    result = cli("import", path, "-o", tmp_path / "年报.xlsx")
    assert result.code == 0, result.err
    [note] = [line for line in result.out.splitlines() if "超过 Excel 单元格上限" in line]
    found = re.search(r"工作表“(.+?)”单元格 (\w+) 的文字有 ([\d,]+) 字.*前 ([\d,]+) 字", note)
    sheet, address = found.group(1, 2)
    length, written = (int(n.replace(",", "")) for n in found.group(3, 4))
    assert sheet == "一、总体情况" and str(path) in note and "--json" in note
    value = load_workbook(tmp_path / "年报.xlsx")[sheet][address].value
    assert value[written:] == f"……（以下 {length - written:,} 字未写入：超过 Excel 单元格上限 32,767 字）"
    assert len(value) <= CELL_CHARS < length
    full = json.loads(cli("import", path, "--json").out)["sections"]["一"]
    assert value[:written] in full and len(full) > length  # the Report JSON has all of it


# ---- the cases of the issue --------------------------------------------------------------------------------------


def test_100_mb_txt_is_refused_by_its_size(tmp_path):
    refused(big.sparse(tmp_path / "a.txt", 100, head="一、总体情况\n".encode()), "txt_bytes")


def test_50_mb_html_is_refused_by_its_size(tmp_path):
    refused(big.sparse(tmp_path / "a.html", 50, head=b"<html><body><p>"), "html_bytes")


def test_long_text_is_refused_after_decoding(tmp_path):
    """Under the file limit but over the text limit (the real path: read, decode, extract, count)."""
    chars = LIMITS.text_chars * 1.2
    path = big.txt_padded(tmp_path / "a.txt", chars * 3 / 2**20)  # 3 bytes per character in UTF-8
    assert path.stat().st_size < LIMITS.txt_bytes
    refused(path, "text_chars")


def test_html_100000_divs_deep_is_refused(tmp_path):
    refused(big.html_deep(tmp_path / "a.html", 100_000), "html_depth")


def test_html_nested_within_the_limit_is_read(tmp_path, expected):
    report = read_report(big.html_deep(tmp_path / "a.html", LIMITS.html_depth - 10)).report.to_json()
    assert {k: report[k] for k in ("table2", "table3", "table4", "year")} == {
        k: expected[k] for k in ("table2", "table3", "table4", "year")
    }


def test_huge_spans_are_refused_before_the_grid_is_built(tmp_path):
    refused(big.html_spans(tmp_path / "a.html", cells=900, rowspan=200, colspan=200), "table_cells")


def test_one_wide_cell_over_many_rows_counts_the_whole_grid(tmp_path):
    """One colspan over 1,000 one-cell rows has few cells but a grid of a million positions."""
    rows = '<tr><td colspan="1000">1</td></tr>' + "<tr><td>2</td></tr>" * 999
    page = big.report_html().replace("</body>", f"<table>{rows}</table></body>")
    refused(big.html_bytes(tmp_path / "a.html", page.encode()), "table_cells")


def test_docx_with_10000_row_table_is_refused(tmp_path):
    refused(big.docx_long_table(tmp_path / "a.docx", 10_000), "table_rows")


def test_long_vertical_merge_is_read_in_one_pass(tmp_path):
    """python-docx resolves a vertical merge recursively, row by row: 1,000 merged rows took 48 s and then overflowed the stack."""
    import docx

    from xltool.importers.docx import table_grid

    rows = LIMITS.table_rows - 1
    path = big.docx_long_table(tmp_path / "a.docx", rows, columns=3, merged_column=True)
    grid = table_grid(docx.Document(str(path)).tables[0])
    assert grid[0] == ["分组", "0", "1"]
    assert [row[0] for row in grid[1:]] == [None] * (rows - 1)
    last = rows - 1
    assert grid[last][1:] == [str(last * 3 % 97), str((last * 3 + 1) % 97)]
    assert read_report(path).report.agency.name == DEMO_NAME


def test_docx_zip_bomb_is_refused_before_unpacking(tmp_path):
    path = big.docx_long_table(tmp_path / "a.docx", 3)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as package, package.open("word/media/1.png", "w") as image:
        for _ in range(LIMITS.docx_unpacked_bytes // 2**20 + 1):
            image.write(bytes(2**20))
    assert path.stat().st_size < 2**20
    refused(path, "docx_unpacked_bytes")


def test_docx_with_too_many_paragraphs_is_refused(tmp_path):
    refused(big.docx_with_body(tmp_path / "a.docx", "<w:p/>" * (LIMITS.docx_blocks + 1)), "docx_blocks")


def test_a_run_of_thousands_of_digits_is_refused(tmp_path):
    """A digit run cannot be a table row; reading one used to end in a traceback (Python's 4,300-digit limit)."""
    text = big.DEMO_TXT.read_text(encoding="utf-8").replace("（一）予以公开", "（一）予以公开" + "1" * 5000, 1)
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    refused(path, "digit_run")


def test_one_split_budget_for_all_rows_of_a_table():
    """A table whose every row is a long run of digits cost the whole per-row budget 92 times (minutes): the rows
    of one reading (and all readings of one file, inside split_budget) share one budget; once it is spent every
    further row is left unread at once."""
    from xltool.importers import tables

    shared = [100]
    with pytest.raises(tables._TooMany):
        list(tables.splits(["1" * 30], ("count",) * 7, shared=shared))
    with pytest.raises(tables._TooMany):
        list(tables.splits(["12"], ("count",) * 2, shared=shared))
    assert list(tables.splits(["12"], ("count",) * 2)) == [("1", "2")]
    with tables.split_budget(0):
        assert tables._FILE_STEPS.get() == [0]
    assert tables._FILE_STEPS.get() is None


def test_glued_rows_are_left_unread_and_said(tmp_path):
    result = read_report(big.txt_glued_rows(tmp_path / "a.txt", 40))
    assert any("可能的拆分过多" in note for note in result.notes)
    assert any(key.startswith("table3/") for key in result.missing)


# ---- encodings ---------------------------------------------------------------------------------------------------


def _same_report(
    path: Path, expected: dict, keys=("table2", "table3", "table4", "year", "agency", "sections")
) -> list[str]:
    result = read_report(path)
    got = result.report.to_json()
    for key in keys:
        assert got[key] == expected[key], key
    return result.notes


@pytest.mark.parametrize(
    "declared, encoding",
    [
        ("utf-8", "gbk"),  # the template's meta, the CMS's bytes
        ("gb2312", "utf-8"),  # a page converted to UTF-8 that kept its old meta
        ("iso-8859-1", "gb18030"),  # a server default that nobody corrected
        ("gbk", "gbk"),
        (None, "gb18030"),
    ],
)
def test_html_whose_declared_charset_is_wrong(tmp_path, expected_html, declared, encoding):
    path = big.html_bytes(tmp_path / "a.html", big.report_html(declared).encode(encoding))
    _same_report(path, expected_html)


def test_html_xml_declaration_and_boms(tmp_path, expected_html):
    page = big.report_html(None)
    for name, data in {
        "xml.html": f'<?xml version="1.0" encoding="gbk"?>{page}'.encode("gbk"),
        "bom8.html": b"\xef\xbb\xbf" + big.report_html("gbk").encode(),
        "bom16.html": page.encode("utf-16"),
        "bom16be.html": b"\xfe\xff" + page.encode("utf-16-be"),
    }.items():
        _same_report(big.html_bytes(tmp_path / name, data), expected_html)


def test_text_in_utf16_with_an_odd_byte_count_is_read_with_a_note(tmp_path, expected):
    path = tmp_path / "a.txt"
    path.write_bytes(big.DEMO_TXT.read_text(encoding="utf-8").encode("utf-16") + b"\x00")
    notes = _same_report(path, expected)
    assert any("UTF-16" in note and "1 个多余字节" in note for note in notes), notes


def test_text_in_gb18030_with_characters_outside_gbk(tmp_path, expected):
    rare = "䶮"  # a four-byte GB18030 character
    text = big.DEMO_TXT.read_text(encoding="utf-8").replace("本年度", f"本年度{rare}", 1)
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("gb18030"))
    assert rare in read_report(path).report.text


def test_a_few_bad_bytes_are_replaced_and_said(tmp_path, expected_html):
    """A CMS that cut a title in the middle of a character: the rest of the page is still read."""
    data = big.report_html("gbk").encode("gbk").replace("<p>二、".encode("gbk"), b"\xd6<p>" + "二、".encode("gbk"), 1)
    path = big.html_bytes(tmp_path / "a.html", data)
    notes = _same_report(path, expected_html, keys=("table2", "table3", "table4", "year", "agency"))
    assert any("GB18030" in note and "1 处" in note for note in notes), notes
    assert "\ufffd" in read_report(path).report.text


def test_undecodable_page_says_the_encoding_is_the_problem(tmp_path, cli):
    data = big.html_page("<p>" + "".join(chr(c) for c in range(0x4E00, 0x4E00 + 2000)) + "</p>", "utf-8").encode(
        "utf-8"
    )
    path = big.html_bytes(tmp_path / "a.html", data.replace(b"<p>", b"<p>" + bytes(range(0x80, 0xC0)) * 20))
    with pytest.raises(XltoolError) as caught:
        read_report(path)
    assert caught.value.code == "F-ENCODING"
    assert "编码" in caught.value.message and "utf-8" in caught.value.message and "GB18030" in caught.value.message
    result = cli("import", path, "--json")
    assert result.code == 2 and not result.out.strip().startswith("{")
    assert "Traceback" not in result.err


def test_documented_limits_are_current():
    root = Path(__file__).parent.parent
    done = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "docs/import-audit.md"], cwd=root, capture_output=True, text=True
    )
    assert done.returncode == 0, (
        "docs/import-audit.md is stale: run python -m cogapp -r docs/import-audit.md\n" + done.stdout
    )


def _chrome_mhtml(page: bytes) -> bytes:
    """A page as Chrome saves it as one file: MIME headers, the page in quoted-printable without a charset parameter
    (the page's own meta says it), then its pictures in base64."""
    import base64
    import quopri

    boundary = "----MultipartBoundary--xltool----"
    picture = base64.encodebytes(b"\x89PNG\r\n\x1a\n" + bytes(3000)).decode()
    return "\r\n".join(
        [
            "From: <Saved by Blink>",
            "Snapshot-Content-Location: http://www.example.gov.cn/art/2025/1/20/art_1.html",
            "Subject: =?utf-8?Q?=E5=B9=B4=E5=BA=A6=E6=8A=A5=E5=91=8A?=",
            "MIME-Version: 1.0",
            f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"',
            "",
            f"--{boundary}",
            "Content-Type: text/html",
            "Content-Transfer-Encoding: quoted-printable",
            "Content-Location: http://www.example.gov.cn/art/2025/1/20/art_1.html",
            "",
            quopri.encodestring(page).decode("ascii").replace("\n", "\r\n"),
            "",
            f"--{boundary}",
            "Content-Type: image/png",
            "Content-Transfer-Encoding: base64",
            "",
            picture,
            f"--{boundary}--",
            "",
        ]
    ).encode("ascii")


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_web_page_saved_as_one_file(tmp_path, expected_html, encoding):
    page = big.report_html(encoding).encode(encoding)
    _same_report(big.html_bytes(tmp_path / "年报.mhtml", _chrome_mhtml(page)), expected_html)


def test_mhtml_without_a_page_says_so(tmp_path):
    data = _chrome_mhtml(b"x").replace(b"Content-Type: text/html", b"Content-Type: text/css")
    with pytest.raises(XltoolError) as caught:
        read_report(big.html_bytes(tmp_path / "a.mht", data))
    assert "MHTML" in caught.value.message
