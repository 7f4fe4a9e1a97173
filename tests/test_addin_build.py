"""The built add-in, taken apart: zip and package structure, ribbon XML, VBA callback, config sheet, CLI commands."""

from __future__ import annotations

import importlib
import io
import re
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from xltool.addin.build import ADDIN_FILE, build_addin, template_path

CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
UI_NS = "{http://schemas.microsoft.com/office/2006/01/customui}"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # oletools' use of old pyparsing names

INTERPRETER = r"C:\Users\张 三\AppData\Local\Programs\Python\Python311\pythonw.exe"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_addin(tmp_path_factory.mktemp("中文 路径"), interpreter=INTERPRETER)


@pytest.fixture(scope="module")
def parts(built) -> dict[str, bytes]:
    with zipfile.ZipFile(built) as z:
        assert z.testzip() is None
        return {name: z.read(name) for name in z.namelist()}


@pytest.fixture(scope="module")
def vba(built) -> dict[str, str]:
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(built))
    try:
        return {name.rsplit(".", 1)[0]: code for _f, _s, name, code in parser.extract_macros()}
    finally:
        parser.close()


def test_file_name_and_only_three_parts_changed(built, parts):
    assert built.name == ADDIN_FILE
    with zipfile.ZipFile(template_path()) as z:
        original = {name: z.read(name) for name in z.namelist()}
    assert list(parts) == list(original)  # same parts, same order
    changed = {name for name in parts if parts[name] != original[name]}
    assert changed == {"customUI/customUI.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"}
    assert parts["xl/vbaProject.bin"] == original["xl/vbaProject.bin"]  # no VBA change


def test_content_types_and_relationships_intact(parts):
    types = etree.fromstring(parts["[Content_Types].xml"])
    for override in types.iter(f"{CT_NS}Override"):
        assert override.get("PartName").lstrip("/") in parts
    assert {d.get("Extension") for d in types.iter(f"{CT_NS}Default")} >= {"rels", "xml"}
    main = next(o for o in types.iter(f"{CT_NS}Override") if o.get("PartName") == "/xl/workbook.xml")
    assert main.get("ContentType") == "application/vnd.ms-excel.addin.macroEnabled.main+xml"
    for rels_name, base in (("_rels/.rels", ""), ("xl/_rels/workbook.xml.rels", "xl/")):
        for rel in etree.fromstring(parts[rels_name]).iter(f"{REL_NS}Relationship"):
            assert base + rel.get("Target") in parts, rel.get("Target")
    root_rels = [r.get("Target") for r in etree.fromstring(parts["_rels/.rels"]).iter(f"{REL_NS}Relationship")]
    assert "customUI/customUI.xml" in root_rels


def test_ribbon_has_our_tab_and_one_large_button_on_the_template_callback(parts):
    ui = etree.fromstring(parts["customUI/customUI.xml"])  # raises if not well-formed
    (tab,) = ui.iter(f"{UI_NS}tab")
    (button,) = ui.iter(f"{UI_NS}button")
    assert tab.get("label") == "政务公开年报"
    assert button.get("label") == "校验并生成报告"
    assert button.get("size") == "large"
    assert button.get("onAction") == "RibbonMyAddin.RunMain"
    assert button.get("imageMso")
    assert re.search(r"[\u4e00-\u9fff]", button.get("screentip")) and re.search(
        r"[\u4e00-\u9fff]", button.get("supertip")
    )


def test_callback_exists_in_the_vba_project_and_runs_the_file_stem(parts, vba):
    module, sub = etree.fromstring(parts["customUI/customUI.xml"]).find(f".//{UI_NS}button").get("onAction").split(".")
    code = vba[module]
    assert re.search(rf"^Sub {sub}\(control As IRibbonControl\)", code, re.M)
    # RunMain: mymodule = the add-in's file name up to its last dot; RunPython "import <mymodule>;<mymodule>.main()"
    assert re.search(r'mymodule = Left\(ThisWorkbook\.Name, \(InStrRev\(ThisWorkbook\.Name, "\."', code)
    assert 'RunPython "import " & mymodule & ";" & mymodule & ".main()"' in code


def test_file_stem_resolves_to_xltool_main(built):
    import xltool

    module = importlib.import_module(built.stem)
    assert module is xltool and callable(module.main)


def _config(parts: dict[str, bytes], vba: dict[str, str]) -> dict[str, object]:
    """The settings as the add-in's VBA reads them: sheet PROJECT_NAME & ".conf", keys from A1 down to a blank."""
    import python_calamine

    project = re.search(r'PROJECT_NAME As String = "([^"]+)"', vba["xlwings"]).group(1)
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(build_bytes(parts)))
    rows = book.get_sheet_by_name(f"{project}.conf").to_python(skip_empty_area=False)
    settings = {}
    for row in rows:
        if not row[0]:
            break
        settings[str(row[0]).upper()] = row[1]
    return settings


def build_bytes(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def test_config_sheet_is_active_and_filled(parts, vba):
    sheets = [
        s.get("name")
        for s in etree.fromstring(parts["xl/workbook.xml"]).iter(
            "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"
        )
    ]
    assert not [s for s in sheets if s.startswith("_")]  # the inactive "_NAME.conf" is gone
    settings = _config(parts, vba)
    assert settings["INTERPRETER_WIN"] == INTERPRETER
    assert not settings["INTERPRETER_MAC"]  # a Windows path is no use on a Mac: that key keeps xlwings' default
    assert str(settings["ADD_WORKBOOK_TO_PYTHONPATH"]).lower() == "false"
    assert {"PYTHONPATH", "USE UDF SERVER", "SHOW CONSOLE"} <= set(settings)  # the template's keys are kept
    assert settings["USE UDF SERVER"] is False


@pytest.mark.parametrize(
    ("host", "key", "other"),
    [("windows", "INTERPRETER_WIN", "INTERPRETER_MAC"), ("mac", "INTERPRETER_MAC", "INTERPRETER_WIN")],
)
def test_default_interpreter_is_the_running_python_for_this_platform_only(tmp_path, vba, monkeypatch, host, key, other):
    from xltool.addin import build

    monkeypatch.setattr(build, "host_platform", lambda: host)
    path = build_addin(tmp_path)
    with zipfile.ZipFile(path) as z:
        settings = _config({n: z.read(n) for n in z.namelist()}, vba)
    assert settings[key] == sys.executable and not settings[other]


@pytest.mark.parametrize(
    ("host", "args"),
    [(None, {}), ("windows", {"platform": "mac"}), ("mac", {"platform": "windows"}), (None, {"platform": "linux"})],
)
def test_building_for_another_platform_without_its_interpreter_is_refused(tmp_path, monkeypatch, host, args):
    from xltool.addin import build
    from xltool.errors import XltoolError

    monkeypatch.setattr(build, "host_platform", lambda: host)
    with pytest.raises(XltoolError) as refused:
        build_addin(tmp_path, **args)
    assert refused.value.code == "X-ADDIN-PLATFORM"
    assert "xltool addin install" in str(refused.value) and "--interpreter" in str(refused.value)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("interpreter", "platform", "key"),
    [
        ("C:/Python311/python.exe", None, "INTERPRETER_WIN"),  # the path says Windows
        ("/opt/homebrew/bin/python3", None, "INTERPRETER_MAC"),
        ("/opt/homebrew/bin/python3", "macOS", "INTERPRETER_MAC"),
        ("C:/Python311/python.exe", "windows", "INTERPRETER_WIN"),
    ],
)
def test_a_given_interpreter_goes_to_its_platform_only(tmp_path, vba, interpreter, platform, key):
    path = build_addin(tmp_path, interpreter=interpreter, platform=platform)
    with zipfile.ZipFile(path) as z:
        settings = _config({n: z.read(n) for n in z.namelist()}, vba)
    assert settings[key] == interpreter
    assert [k for k in ("INTERPRETER_WIN", "INTERPRETER_MAC") if settings[k]] == [key]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="builds for this machine there")
def test_cli_build_on_a_machine_without_excel_says_how(cli, tmp_path):
    result = cli("addin", "build", "-o", tmp_path / "out")
    assert result.code == 2
    assert "未生成加载项" in result.err and "xltool addin install" in result.err and "--platform" in result.err
    assert not (tmp_path / "out" / ADDIN_FILE).exists()


def test_rebuild_replaces_the_file_and_leaves_no_temporary_file(tmp_path):
    build_addin(tmp_path, interpreter="python-a", platform="windows")
    build_addin(tmp_path, interpreter="python-b", platform="windows")
    assert [p.name for p in tmp_path.iterdir()] == [ADDIN_FILE]
    with zipfile.ZipFile(tmp_path / ADDIN_FILE) as z:
        assert b"python-b" in z.read("xl/worksheets/sheet1.xml")


def test_cli_build(cli, tmp_path):
    result = cli("addin", "build", "-o", tmp_path / "out", "--interpreter", "C:/Python/python.exe")
    assert result.code == 0, result.err
    assert (tmp_path / "out" / ADDIN_FILE).is_file()
    assert ADDIN_FILE in result.out


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="on Windows/macOS install really installs")
@pytest.mark.parametrize("command", ["install", "uninstall"])
def test_cli_install_without_excel_explains_and_suggests_check(cli, command):
    result = cli("addin", command)
    assert result.code == 2
    assert "Excel" in result.err and "xltool check" in result.err
