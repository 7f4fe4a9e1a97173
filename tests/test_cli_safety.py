"""The command line never loses a file and never shows a traceback (issue 8 items 3-4, issue 11 item 6).

Run as the clerk runs it: ``python -m xltool`` in a subprocess, in a folder of Chinese-named files. A full disk and a
read-only folder are real small tmpfs mounts in a private mount namespace (``unshare``), skipped where not allowed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import unicodedata
import zipfile
from functools import cache
from pathlib import Path

import pytest
from console import as_in_a_terminal

import xltool
from xltool.writers import files
from xltool.writers.workbook import build_workbook

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_TXT = FIXTURES / "000_0a7990abdff832d1.txt"
SENTINEL = "科员手工修改过的文件".encode()
DEMO_XLSX = "兴仁镇2024年政府信息公开年报.xlsx"


def xltool_run(
    *args: str | Path, cwd: Path, umask: int | None = None, mount: tuple[Path, str] | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """``python -m xltool ARGS`` in ``cwd``.

    ``mount=(folder, options)`` runs it in a private mount namespace with a tmpfs mounted on ``folder`` first (``ro``
    among the options remounts it read-only), and appends the mount's listing to stdout after a ``@@`` line.
    """
    command = [sys.executable, "-m", "xltool", *map(str, args)]
    if mount is not None:
        folder, options = mount
        ro = "ro" if "ro" in options.split(",") else ""
        options = ",".join(o for o in options.split(",") if o != "ro")
        script = (
            'dir="$2"; mount -t tmpfs -o "$1" tmpfs "$dir" || exit 99; '
            'if [ -n "$3" ]; then mount -o remount,ro "$dir" || exit 99; fi; shift 3; '
            '"$@"; code=$?; echo @@; ls -A "$dir"; exit $code'
        )
        command = ["unshare", "-rm", "sh", "-c", script, "sh", options, str(folder), ro, *command]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "100"}
    return subprocess.run(
        command,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
    )


def no_traceback(result: subprocess.CompletedProcess[str]) -> bool:
    return "Traceback" not in result.stdout + result.stderr


@cache
def can_mount() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=16k tmpfs /mnt"], capture_output=True)
    return probe.returncode == 0


needs_mount = pytest.mark.skipif("not can_mount()", reason="cannot mount a private tmpfs here (no unshare -rm)")


@pytest.fixture
def folder(tmp_path, demo_report) -> Path:
    """A clerk's folder: a filled workbook without errors and a published report as text."""
    work = tmp_path / "OneDrive - 兴仁镇" / "年报 2024"
    work.mkdir(parents=True)
    build_workbook(work / "填好.xlsx", demo_report)
    shutil.copy(SAMPLE_TXT, work / "报告.txt")
    return work


# ---- usage errors and help --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ([], "请指定要执行的命令"),
        (["addin"], "请指定要执行的命令"),
        (["nope"], "没有这个命令：nope"),
        (["chek"], "是否想用：check"),
        (["check"], "缺少参数 工作簿"),
        (["check", "甲.xlsx", "乙.xlsx"], "多余的参数：乙.xlsx"),
        (["new", "--year", "二〇二四"], "选项 --year 的值无效，应填写整数"),
        (["new", "--year"], "选项 --year 后面需要一个值"),
        (["new", "--bogus"], "没有这个选项：--bogus"),
        (["check", "--json=1", "甲.xlsx"], "选项 --json 不接受值"),
    ],
)
def test_usage_errors_exit_2_with_a_chinese_message_and_the_usage_line(tmp_path, args, says):
    result = xltool_run(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert says in result.stderr
    command = " ".join(a for a in args[:1] if not a.startswith("-") and a in {"check", "new", "addin"})
    assert f"用法：xltool {command}".rstrip() in result.stderr
    assert no_traceback(result) and not re.search(r"Usage|Error|Try '|Missing|No such", result.stderr)


@pytest.mark.parametrize(
    ("width", "text", "lines"),
    [
        (
            16,
            "生成填报工作簿（按 2021 年国家格式）。",
            ["生成填报工作簿", "（按 2021 年国家", "格式）。"],
        ),  # （ goes down
        (
            14,
            "生成填报工作簿（按 2021 年国家格式）。",
            ["生成填报工作簿", "（按 2021 年国", "家格式）。"],
        ),  # ）。 takes 家
        (20, "校验工作簿，用 --last-year 核对", ["校验工作簿，用", "--last-year 核对"]),
    ],
)
def test_help_text_wraps_by_chinese_line_breaking_rules(width, text, lines):
    from xltool.cli_zh import wrap

    assert wrap(text, width) == lines


def test_version_prints_the_version(tmp_path):
    result = xltool_run("--version", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, f"xltool {xltool.__version__}\n", "")


def _command_paths() -> list[list[str]]:
    import typer

    from xltool.cli import app

    paths: list[list[str]] = []

    def walk(command, prefix: list[str]) -> None:
        paths.append(prefix)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*prefix, name])

    walk(typer.main.get_command(app), [])
    return paths


#: Words that may stay Latin in the help: names of products, formats and of the program.
LATIN_OK = {
    "xltool",
    "Word",
    "Excel",
    "WPS",
    "LibreOffice",
    "Office",
    "PDF",
    "JSON",
    "Report",
    "UTF",
    "xlwings",
    "xlsx",
    "docx",
    "txt",
    "pdf",
    "html",
    "csv",
    "xlam",
    "Python",
    "Windows",
    "macOS",
    "CPU",
    "Ctrl",
}


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


@pytest.mark.parametrize("path", _command_paths(), ids=lambda p: " ".join(p) or "xltool")
def test_help_is_chinese_and_wraps_instead_of_cutting(cli, monkeypatch, path):
    monkeypatch.setenv("COLUMNS", "60")
    result = cli(*path, "--help")
    assert result.code == 0 and result.err == ""
    text = result.out
    assert text.startswith("用法：xltool") and "显示本帮助并退出。" in text
    assert not re.search(r"<\w|\[required\]|default:|Usage|Options|Arguments|Commands|Show this", text)
    words = set(re.findall(r"[A-Za-z]{2,}", re.sub(r"--?[\w-]+|\w+\.\w+", "", text)))
    commands = {name for p in _command_paths() for name in p}
    assert words <= LATIN_OK | commands, words - LATIN_OK - commands
    assert max(_width(line) for line in text.splitlines()) <= 60
    assert not [line for line in text.splitlines() if line.strip()[:1] in set("，。、；：？！）》」”")]  # 标点禁则
    assert "…" not in text.replace("[参数]…", "").replace("报告…", "")
    import typer

    from xltool.cli import app

    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    flat = re.sub(r"\s+", "", text)
    for param in command.params:  # every help text whole, however long
        assert re.sub(r"\s+", "", param.help or "") in flat


# ---- never replace a file without --force -----------------------------------------------------------------------------

#: command line → the file it would replace (relative to the clerk's folder)
OVERWRITES = {
    "new -o": (["new", "-o", "年报.xlsx"], "年报.xlsx"),
    "new (default name)": (["new"], "政府信息公开年报.xlsx"),
    "import (default name)": (["import", "报告.txt"], "报告.xlsx"),
    "import -o": (["import", "报告.txt", "-o", "导入.xlsx"], "导入.xlsx"),
    "report (default name)": (["report", "填好.xlsx"], "填好.docx"),
    "report --pdf": (["report", "填好.xlsx", "-o", "报告 2024.docx", "--pdf"], "报告 2024.pdf"),
    "export -o": (["export", "填好.xlsx", "-o", "年报.json"], "年报.json"),
    "check --mark": (["check", "填好.xlsx", "--mark", "标注.xlsx"], "标注.xlsx"),
    "demo": (["demo", "-o", "示例"], f"示例/{DEMO_XLSX}"),
    "addin build": (
        ["addin", "build", "-o", "加载项", "--interpreter", r"C:\Python311\pythonw.exe"],
        "加载项/xltool.xlam",
    ),
    "audit --summary": (["audit", "报告.txt", "填好.xlsx", "--summary", "汇总.csv", "--jobs", "1"], "汇总.csv"),
    "merge -o": (["merge", "填好.xlsx", "报告.txt", "-o", "汇总.xlsx", "--agency", "沙坡头区"], "汇总.xlsx"),
    "compare --summary": (["compare", "填好.xlsx", "报告.txt", "--summary", "差异.xlsx"], "差异.xlsx"),
}


def _listing(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*")}


@pytest.mark.parametrize("case", OVERWRITES, ids=list(OVERWRITES))
def test_an_existing_file_is_replaced_only_with_force(folder, case):
    args, name = OVERWRITES[case]
    target = folder / name
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(SENTINEL)
    before = _listing(folder)
    refused = xltool_run(*args, cwd=folder)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert target.name in refused.stderr and "--force" in refused.stderr and no_traceback(refused)
    assert target.read_bytes() == SENTINEL and _listing(folder) == before  # nothing written, no temp file left
    if case == "report --pdf":
        return  # the refusal is the point; converting with LibreOffice is test_word_render's
    forced = xltool_run(*args, "--force", cwd=folder)
    assert forced.returncode in (0, 1), forced.stderr
    if target.suffix == ".csv":
        assert target.read_bytes().startswith("\ufeff".encode()) and "填好.xlsx" in target.read_text("utf-8-sig")
        return
    data = target.read_bytes()
    assert data != SENTINEL
    if target.suffix == ".json":
        assert json.loads(data)["year"] == 2024
    else:
        assert zipfile.is_zipfile(target)
    assert not [p for p in folder.rglob("*") if p.name.startswith(".~")]


def test_the_input_is_never_the_output_even_with_force(folder):
    workbook = folder / "填好.xlsx"
    before = workbook.read_bytes()
    result = xltool_run("check", workbook, "--mark", workbook, "--force", cwd=folder)
    assert result.returncode == 2 and "输出文件不能与输入文件相同" in result.stderr
    assert workbook.read_bytes() == before


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_new_files_get_the_ordinary_mode_for_the_umask(folder, umask):
    commands = [(["new", "-o", "新.xlsx"], "新.xlsx"), (["report", "填好.xlsx"], "填好.docx")]  # docx was 0600
    if umask != 0o022:
        commands = commands[:1]
    for args, name in commands:
        assert xltool_run(*args, cwd=folder, umask=umask).returncode == 0
        assert (folder / name).stat().st_mode & 0o777 == 0o666 & ~umask, name


def test_forced_replacement_keeps_the_file_mode(folder):
    target = folder / "年报.json"
    target.write_bytes(SENTINEL)
    target.chmod(0o664)
    assert xltool_run("export", "填好.xlsx", "-o", target, "--force", cwd=folder).returncode == 0
    assert target.stat().st_mode & 0o777 == 0o664


# ---- output errors ------------------------------------------------------------------------------------------------------


def test_a_folder_in_the_way_is_exit_2_naming_it(folder):
    (folder / "年报.json").mkdir()
    for args in (["export", "填好.xlsx", "-o", "年报.json", "--force"], ["new", "-o", "年报.json", "--force"]):
        result = xltool_run(*args, cwd=folder)
        assert result.returncode == 2 and "年报.json" in result.stderr and "同名文件夹" in result.stderr
        assert no_traceback(result)


def test_a_missing_folder_is_exit_2_naming_the_path(folder):
    result = xltool_run("new", "-o", "没有的文件夹/年报.xlsx", cwd=folder)
    assert result.returncode == 2 and "没有的文件夹" in result.stderr and "所在文件夹不存在" in result.stderr
    assert no_traceback(result)


@needs_mount
@pytest.mark.parametrize(
    ("options", "reason", "commands"),
    [
        ("size=8k", "磁盘空间不足", [["new", "-o", "U盘/年报.xlsx"], ["export", "填好.xlsx", "-o", "U盘/年报.json"]]),
        ("size=1m,ro", "只读", [["report", "填好.xlsx", "-o", "U盘/年报.docx"]]),
    ],
    ids=["full", "read-only"],
)
def test_full_and_read_only_disks_are_exit_2_and_leave_nothing(folder, options, reason, commands):
    disk = folder / "U盘"
    disk.mkdir()
    for args in commands:
        result = xltool_run(*args, cwd=folder, mount=(disk, options))
        assert result.returncode == 2, result.stderr
        assert reason in result.stderr and "U盘" in result.stderr and no_traceback(result)
        assert result.stdout.split("@@\n")[-1] == ""  # no file and no temporary on the small disk


# ---- internal errors, Ctrl-C, odd input ---------------------------------------------------------------------------------


def test_an_internal_error_is_exit_3_with_a_log(cli, tmp_path, monkeypatch):
    import xltool.writers.workbook

    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("某个内部错误")

    monkeypatch.setenv("HOME", str(tmp_path / "家"))
    monkeypatch.setattr(xltool.writers.workbook, "build_workbook", broken)
    result = cli("new", "-o", tmp_path / "年报.xlsx")
    assert result.code == 3 and "内部错误" in result.err and "Traceback" not in result.err
    log = Path(re.search(r"日志文件：(.+)", result.err).group(1).strip())
    assert log.is_file() and log.is_relative_to(tmp_path / "家")
    assert "Traceback" in log.read_text(encoding="utf-8") and "某个内部错误" in log.read_text(encoding="utf-8")
    assert not (tmp_path / "年报.xlsx").exists()


def test_ctrl_c_says_cancelled_and_leaves_no_partial_file(tmp_path):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "xltool", "demo", "-o", "示例"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=as_in_a_terminal,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()  # the workbook is written; the check and the Word report are under way
    assert "已生成示例工作簿" in first
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "已取消" in err and "Traceback" not in err
    written = {p.name for p in (tmp_path / "示例").iterdir()}
    assert written == {DEMO_XLSX} and zipfile.is_zipfile(tmp_path / "示例" / DEMO_XLSX)


def test_an_interrupted_write_leaves_the_old_file(tmp_path):
    target = tmp_path / "年报.json"
    target.write_bytes(SENTINEL)

    def write(handle) -> None:
        handle.write(b"{half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        files.atomic_write(target, write)
    assert target.read_bytes() == SENTINEL and list(tmp_path.iterdir()) == [target]


def test_utf16_text_with_an_odd_byte_count_is_imported_with_a_note(tmp_path):
    """Notepad's "Unicode" cut by one byte: read (importers.encoding drops the byte), said, never a traceback."""
    data = ("\ufeff" + SAMPLE_TXT.read_text(encoding="utf-8")).encode("utf-16-le") + b"\x00"
    (tmp_path / "报告.txt").write_bytes(data)
    result = xltool_run("import", "报告.txt", cwd=tmp_path)
    assert result.returncode in (0, 1) and no_traceback(result), result.stderr
    assert "多余字节" in result.stdout and (tmp_path / "报告.xlsx").is_file()


def test_last_year_of_another_agency_is_a_warning_naming_both_and_the_audit_goes_on(folder, demo_report):
    demo_report.year, demo_report.agency.name = 2023, "沙坡头区东园镇人民政府"
    (folder / "东园镇2023.json").write_text(json.dumps(demo_report.to_json(), ensure_ascii=False), encoding="utf-8")
    result = xltool_run("audit", "报告.txt", "--last-year", "东园镇2023.json", "--json", cwd=folder)
    assert result.returncode in (0, 1), result.stderr
    findings = json.loads(result.stdout)["findings"]
    (r7,) = [f for f in findings if f["rule"] == "R-7"]
    assert "沙坡头区东园镇人民政府" in r7["message"] and "兴仁镇" in r7["message"] and r7["severity"] == "warning"


@pytest.mark.parametrize("command", ["import", "check", "compare"])
def test_a_folder_given_as_the_input_file_is_exit_2_in_chinese(folder, command):
    (folder / "年报.xlsx").mkdir()
    args = [command, "年报.xlsx"] + (["填好.xlsx"] if command == "compare" else [])
    result = xltool_run(*args, cwd=folder)
    assert result.returncode == 2 and "年报.xlsx" in result.stderr and "文件夹" in result.stderr
    assert no_traceback(result) and not re.search(r"[A-Za-z]{4,} [a-z]{2,}", result.stderr)


def test_regenerating_a_named_template_needs_force(tmp_path, capsys):
    from xltool.writers.wordtemplate import main

    restyled = tmp_path / "本单位模板.docx"
    restyled.write_bytes(SENTINEL)
    assert main([str(restyled)]) == 2 and restyled.read_bytes() == SENTINEL
    assert "--force" in capsys.readouterr().err
    assert main([str(restyled), "--force"]) == 0 and zipfile.is_zipfile(restyled)
