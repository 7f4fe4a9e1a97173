"""The Python API: the README's example runs as printed, the public types are importable from the package, and
``import xltool`` stays light until a verb needs a heavy library."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_import_light import HEAVY, loaded_after

import xltool

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_example() -> str:
    section = README.read_text(encoding="utf-8").split("## Python API", 1)[1].split("\n## ", 1)[0]
    (code,) = re.findall(r"```python\n(.*?)```", section, re.S)
    return code


def test_the_readme_example_runs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    exec(compile(readme_example(), "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "F-NOT-FOUND 找不到文件：不存在.xlsx" in out
    assert re.search(r"^T-1 三、依申请公开!D\d+ ", out, re.M)
    assert (tmp_path / "年报-标注.xlsx").is_file() and (tmp_path / "年报.xlsx").is_file()


def test_the_public_types_come_from_the_package():
    from xltool import AnnualReport, Finding, Findings, XltoolError
    from xltool.errors import XltoolError as error
    from xltool.findings import Finding as finding
    from xltool.findings import Findings as findings
    from xltool.model import AnnualReport as model

    assert (AnnualReport, Finding, Findings, XltoolError) == (model, finding, findings, error)
    assert set(xltool.__all__) <= set(dir(xltool))
    with pytest.raises(AttributeError):
        xltool.no_such_name  # noqa: B018


def test_importing_the_types_loads_nothing_heavy():
    assert loaded_after("from xltool import AnnualReport, Finding, Findings, XltoolError") & set(HEAVY) == set()


def test_the_verbs_return_data(tmp_path, demo_report):
    book = xltool.build_workbook(tmp_path / "年报.xlsx", demo_report)
    assert book == tmp_path / "年报.xlsx" and book.is_file()
    assert xltool.read(book).to_json() == xltool.read_workbook(book).to_json()
    assert xltool.check(book).to_json() == xltool.check(xltool.read(book)).to_json()
    assert xltool.mark(book, tmp_path / "标注.xlsx").is_file()


def test_cells_are_read_by_their_spec_cell(demo_report):
    from xltool import spec
    from xltool.rules.tables import numbers

    cell = spec.TABLE3.cell(spec.T3_RECEIVED, spec.T3_NATURAL)
    assert demo_report.value(cell) == demo_report.get("table3", cell.row, cell.col)
    demo_report.set_value(cell, "12件")
    assert demo_report.get("table3", cell.row, cell.col) == "12件"
    assert numbers(demo_report).of(cell) is None  # text is not a usable number
    assert numbers(demo_report).of(spec.TABLE3.cell(spec.T3_CARRIED_IN, spec.T3_NATURAL)) is not None
