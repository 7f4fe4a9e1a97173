"""Every kind of unreadable input gives exit status 2, a Chinese message naming the problem, no traceback, and leaves
the file untouched. Each bad file is made here from a real workbook, the way it happens to a clerk."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from xlsx_parts import (
    MAIN_NS,
    billion_laughs,
    corrupt_member,
    encrypt,
    openpyxl_edit,
    rename_ole_stream,
    rewrite,
    sha256,
    sheet_part,
    understate_size,
    with_shared_strings,
)

from xltool import spec
from xltool.readers import xlsx as reader
from xltool.writers.workbook import build_workbook

T3 = spec.SHEET_TABLE3


@pytest.fixture
def good(tmp_path, demo_report) -> Path:
    path = tmp_path / "兴仁镇 2024 年报.xlsx"
    build_workbook(path, demo_report)
    return path


def text_file(good: Path, out: Path) -> Path:
    out.write_text("这不是表格，是一段文字。\n", encoding="utf-8")
    return out


def empty_file(good: Path, out: Path) -> Path:
    out.write_bytes(b"")
    return out


def xls_like(good: Path, out: Path) -> Path:
    """An OLE2 compound file holding a ``Workbook`` stream, as an .xls does."""
    encrypted = encrypt(good, out.with_suffix(".tmp"))
    out.write_bytes(rename_ole_stream(encrypted.read_bytes(), "EncryptedPackage", "Workbook"))
    return out


def broken_ole(good: Path, out: Path) -> Path:
    out.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 100)
    return out


def encrypted(good: Path, out: Path) -> Path:
    return encrypt(good, out)


def truncated(good: Path, out: Path) -> Path:
    out.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    return out


def corrupt(good: Path, out: Path) -> Path:
    return corrupt_member(good, out, sheet_part(T3))


def ods_like(good: Path, out: Path) -> Path:
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    return out


def docx_like(good: Path, out: Path) -> Path:
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out


def xlsb_like(good: Path, out: Path) -> Path:
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.bin", b"\0\1\2")
    return out


def deleted_sheet(good: Path, out: Path) -> Path:
    return openpyxl_edit(good, out, lambda wb: wb.remove(wb[T3]))


def renamed_sheet(good: Path, out: Path) -> Path:
    def rename(wb):
        wb[T3].title = "表三 依申请公开"

    return openpyxl_edit(good, out, rename)


def row_inserted_in_table3(good: Path, out: Path) -> Path:
    return openpyxl_edit(good, out, lambda wb: wb[T3].insert_rows(10))


def row_inserted_above_info(good: Path, out: Path) -> Path:
    return openpyxl_edit(good, out, lambda wb: wb[spec.SHEET_INFO].insert_rows(1))


def column_inserted_in_table4(good: Path, out: Path) -> Path:
    return openpyxl_edit(good, out, lambda wb: wb[spec.SHEET_TABLE4].insert_cols(1))


def formula_without_value(good: Path, out: Path) -> Path:
    def type_formulas(wb):
        wb[T3]["D4"] = "=1+0"
        wb[T3]["E6"] = "=SUM(E8:E26)"

    return openpyxl_edit(good, out, type_formulas)


def bomb_shared_strings(good: Path, out: Path) -> Path:
    return with_shared_strings(good, out, billion_laughs("sst"), spec.SHEET_INFO, "B3")


def xxe_in_sheet(good: Path, out: Path) -> Path:
    doctype = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'

    def inject(xml: bytes) -> bytes:
        root = xml.index(b"<worksheet")
        return xml[:root] + doctype + xml[root:]

    return rewrite(good, out, {sheet_part(T3): inject})


_BOMB = b" " * (reader.MAX_PART_BYTES + 2 * 1024 * 1024)  # whitespace compresses about a thousand to one


def _padded(xml: bytes) -> bytes:
    return xml.replace(b"</sheetData>", b"</sheetData>" + _BOMB, 1)


def zip_bomb(good: Path, out: Path) -> Path:
    """A sheet part that inflates to more than the limit."""
    return rewrite(good, out, {sheet_part(T3): _padded})


def zip_bomb_in_shared_strings(good: Path, out: Path) -> Path:
    sst = f'<sst xmlns="{MAIN_NS}"><si><t>x</t></si></sst>'.encode() + _BOMB
    return with_shared_strings(good, out, sst, spec.SHEET_INFO, "B3")


def zip_bomb_lying_about_its_size(good: Path, out: Path) -> Path:
    """The same bomb with a zip directory that declares a harmless size: inflating stops there and the CRC fails."""
    bomb = rewrite(good, out.with_suffix(".tmp"), {sheet_part(T3): _padded})
    return understate_size(bomb, out, sheet_part(T3), 4096)


def _label_at(table: spec.TableSpec, address: str) -> str:
    return next(t.text for t in table.texts if t.address == address)


CASES = [
    # (maker, file name, words the message must contain)
    (text_file, "文本.xlsx", ["不是 Excel 工作簿（.xlsx）文件"]),
    (empty_file, "空文件.xlsx", ["已损坏或不完整", "文件为空"]),
    (xls_like, "旧版.xls", ["旧版 Excel 97-2003 工作簿（.xls）"]),
    (broken_ole, "残缺.xls", ["旧版 Excel 97-2003 工作簿（.xls）"]),
    (encrypted, "加密.xlsx", ["设置了打开密码"]),
    (truncated, "截断.xlsx", ["已损坏或不完整"]),
    (corrupt, "损坏.xlsx", ["已损坏或不完整", sheet_part(T3)]),
    (ods_like, "表格.xlsx", ["不是 Excel 工作簿", "OpenDocument 表格（.ods）"]),
    (docx_like, "文档.xlsx", ["不是 Excel 工作簿", "Word 文档"]),
    (xlsb_like, "二进制.xlsx", ["不是 Excel 工作簿", ".xlsb"]),
    (deleted_sheet, "删表.xlsx", ["缺少工作表", f"“{T3}”"]),
    (renamed_sheet, "改名.xlsx", ["缺少工作表", f"“{T3}”（可能被重命名为“表三 依申请公开”）"]),
    (
        row_inserted_in_table3,
        "插行.xlsx",
        [
            "表格结构与国家格式不符",
            f"工作表“{T3}”",
            f"单元格 C10 应为“{_label_at(spec.TABLE3, 'C10')}”",
            "现在位于 C11",
        ],
    ),
    (
        row_inserted_above_info,
        "插行信息.xlsx",
        [
            "表格结构与国家格式不符",
            f"工作表“{spec.SHEET_INFO}”",
            f"单元格 A3 应为“{spec.INFO_FIELDS[0].label}”",
            "现在位于 A4",
        ],
    ),
    (
        column_inserted_in_table4,
        "插列.xlsx",
        ["表格结构与国家格式不符", f"工作表“{spec.SHEET_TABLE4}”", f"单元格 A1 应为“{spec.T4_REVIEW}”", "现在位于 B1"],
    ),
    (formula_without_value, "公式.xlsx", ["公式", f"工作表“{T3}”", "D4、E6"]),
    (bomb_shared_strings, "炸弹.xlsx", ["不安全的 XML 内容", "xl/sharedStrings.xml", "DOCTYPE"]),
    (xxe_in_sheet, "外部实体.xlsx", ["不安全的 XML 内容", sheet_part(T3)]),
    (zip_bomb, "压缩炸弹.xlsx", [f"工作表“{T3}”过大", "上限"]),
    (zip_bomb_in_shared_strings, "共享字符串炸弹.xlsx", ["过大", "xl/sharedStrings.xml", "上限"]),
    (zip_bomb_lying_about_its_size, "谎报大小.xlsx", ["已损坏或不完整", sheet_part(T3)]),
]


def _assert_refused(result, expected: list[str]) -> None:
    assert result.code == 2, (result.code, result.out, result.err)
    assert result.err.startswith("错误：")
    for words in expected:
        assert words in result.err, result.err
    assert "Traceback" not in result.out + result.err


@pytest.mark.parametrize(("make", "name", "expected"), CASES, ids=[c[0].__name__ for c in CASES])
def test_bad_workbook_is_refused_clearly(cli, good, tmp_path, make, name, expected):
    bad = make(good, tmp_path / name)
    before = sha256(bad)
    result = cli("check", bad)
    _assert_refused(result, [*expected, bad.name])
    assert sha256(bad) == before, "the input file must never change"


@pytest.mark.parametrize(("make", "name", "expected"), CASES[:3], ids=[c[0].__name__ for c in CASES[:3]])
def test_export_refuses_the_same_way(cli, good, tmp_path, make, name, expected):
    result = cli("export", make(good, tmp_path / name))
    _assert_refused(result, expected)
    assert result.out == ""


def test_missing_file(cli, tmp_path):
    _assert_refused(cli("check", tmp_path / "没有这个文件.xlsx"), ["找不到文件", "没有这个文件.xlsx"])


def test_folder_instead_of_file(cli, tmp_path):
    folder = tmp_path / "年报.xlsx"
    folder.mkdir()
    _assert_refused(cli("check", folder), ["无法打开", "文件夹"])


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("new -o {out} --from {json}", ["无法打开", "文件夹"]),
        ("audit {json}", ["没有找到年度报告"]),  # audit takes folders: an empty one holds no report
    ],
)
def test_folder_instead_of_report_json(cli, tmp_path, command, expected):
    folder = tmp_path / "上年报告.json"
    folder.mkdir()
    args = [a.format(out=tmp_path / "out.xlsx", json=folder) for a in command.split()]
    _assert_refused(cli(*args), [*expected, folder.name])


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file; needs an ordinary user")
def test_file_without_read_permission(cli, good):
    good.chmod(0)
    try:
        _assert_refused(cli("check", good), ["无法打开"])
    finally:
        good.chmod(0o644)


def test_unreadable_file_is_named(cli, good, monkeypatch):
    """Root reads any file here, so the refusal of the operating system is simulated at the one call that reads."""

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    _assert_refused(cli("check", good), ["无法打开", "没有读取权限"])


def test_file_larger_than_any_workbook(cli, tmp_path, monkeypatch, good):
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", good.stat().st_size - 1)
    _assert_refused(cli("check", good), ["过大", "上限"])


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is needed to write a real .xls")
def test_real_xls_saved_by_libreoffice(cli, good, tmp_path):
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "xls",
            "--outdir",
            str(tmp_path / "xls"),
            str(good),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    xls = tmp_path / "xls" / good.with_suffix(".xls").name
    before = sha256(xls)
    _assert_refused(cli("check", xls), ["旧版 Excel 97-2003 工作簿（.xls）"])
    assert sha256(xls) == before
