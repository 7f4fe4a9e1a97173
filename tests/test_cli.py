"""The command line is thin and safe: JSON equals the library's, exit codes 0/1/2, inputs untouched, GBK consoles."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import xltool
from xltool import spec
from xltool.writers.workbook import build_workbook


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def broken(tmp_path, demo_report) -> Path:
    demo_report.set("table3", spec.T3_GRAND_TOTAL, spec.T3_NATURAL, 5)
    path = tmp_path / "OneDrive - 某某镇人民政府" / "年报 2024（修改稿）.xlsx"
    path.parent.mkdir()
    build_workbook(path, demo_report)
    return path


def test_check_json_is_the_library_result(cli, broken):
    before = digest(broken)
    result = cli("check", broken, "--json")
    assert result.code == 1
    assert json.loads(result.out) == xltool.check(broken).to_json()
    assert digest(broken) == before
    rules = {(f["rule"], f["sheet"], f["cells"][0]) for f in json.loads(result.out)["findings"]}
    assert ("T-2", spec.SHEET_TABLE3, "D27") in rules


def test_check_exit_codes(cli, tmp_path, broken):
    clean = tmp_path / "模板.xlsx"
    assert cli("new", "-o", clean).code == 0
    assert cli("check", clean).code == 0  # the template is all zeros: consistent
    assert cli("check", broken).code == 1
    not_xlsx = tmp_path / "说明.xlsx"
    not_xlsx.write_text("这不是工作簿", encoding="utf-8")
    result = cli("check", not_xlsx)
    assert result.code == 2 and "不是 Excel 工作簿" in result.err and "Traceback" not in result.err + result.out


def test_new_sets_agency_and_year(cli, tmp_path):
    path = tmp_path / "兴仁镇.xlsx"
    assert cli("new", "-o", path, "--agency", "兴仁镇人民政府", "--year", "2025").code == 0
    report = xltool.read_workbook(path)
    assert (report.agency.name, report.year) == ("兴仁镇人民政府", 2025)


def test_new_never_writes_over_its_input(cli, tmp_path, demo_report):
    source = tmp_path / "report.json"
    source.write_text(json.dumps(demo_report.to_json(), ensure_ascii=False), encoding="utf-8")
    before = digest(source)
    result = cli("new", "--from", source, "-o", source)
    assert result.code == 2 and digest(source) == before


def test_demo_builds_checks_and_writes_the_report(cli, tmp_path):
    result = cli("demo", "-o", tmp_path / "示例")
    assert result.code == 0, result.err
    assert "T-9" in result.out and "64" in result.out and "65" in result.out
    assert sorted(p.suffix for p in (tmp_path / "示例").iterdir()) == [".docx", ".xlsx"]


def test_runs_on_a_gbk_console(broken, tmp_path):
    """A Chinese Windows console encodes output as GBK; nothing may crash on a character GBK lacks."""
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "COLUMNS": "100"}
    emoji_name = broken.with_name("年报😀.xlsx")  # printed back in the title line; GBK has no emoji
    broken.rename(emoji_name)
    result = subprocess.run(
        [sys.executable, "-m", "xltool", "check", str(emoji_name)], env=env, capture_output=True, cwd=tmp_path
    )
    assert result.returncode == 1
    out = result.stdout.decode("gbk", errors="strict")
    assert "三、依申请公开!D27" in out and b"Traceback" not in result.stderr


def test_help_panels_are_titled_in_chinese(cli):
    result = cli("check", "--help")
    assert result.code == 0
    assert "选项" in result.out and "参数" in result.out and "要校验的年报工作簿" in result.out
