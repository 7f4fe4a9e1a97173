"""The one cell writer: text stays text whatever it begins with, numbers stay numbers, XML-invalid characters go.

Each rule of ``celltext`` is pinned on a real openpyxl cell saved to a file and read back.
"""

from __future__ import annotations

import ast
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from xltool.writers.celltext import (
    CELL_CHARS,
    Cut,
    clean_text,
    collecting_cuts,
    excel_input,
    looks_like_formula,
    write_cell,
    write_formula,
)

#: Texts a spreadsheet would run or misread, as they arrive from Report JSON, a published report or a foreign workbook.
HOSTILE = [
    '=HYPERLINK("http://example.invalid","点我")',
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1,2)",
    "＝SUM(1,2)",
    "＋1",
    "－1",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "\u3000=1+1",
    "=",
    "#N/A",
    "#DIV/0!",
    "'=1+1",
]


def _roundtrip(tmp_path, values):
    """Write ``values`` down column A with ``write_cell``, save, and load the file again (formulas as formulas)."""
    wb = openpyxl.Workbook()
    for i, value in enumerate(values, start=1):
        write_cell(wb.active.cell(i, 1), value)
    path = tmp_path / "t.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    return openpyxl.load_workbook(path).active, xml


def test_hostile_text_is_stored_as_text_unchanged(tmp_path):
    ws, xml = _roundtrip(tmp_path, HOSTILE)
    assert "<f>" not in xml and "<f " not in xml
    for i, text in enumerate(HOSTILE, start=1):
        cell = ws.cell(i, 1)
        assert (cell.value, cell.data_type) == (text, "s")


def test_formula_looking_text_gets_the_quote_prefix_so_editing_keeps_it_text(tmp_path):
    plain = ["无", "一、总体情况", "3", "/", "a=b", "电子邮箱：x@y.cn"]
    ws, _xml = _roundtrip(tmp_path, HOSTILE + plain)
    prefixed = [ws.cell(i, 1).quotePrefix for i in range(1, len(HOSTILE) + len(plain) + 1)]
    expected = [looks_like_formula(t) for t in HOSTILE] + [False] * len(plain)
    assert prefixed == expected
    assert sum(expected) == len(HOSTILE) - 3  # "#N/A", "#DIV/0!" and "'=1+1" are not formula starts


def test_numbers_stay_numbers_and_a_rewritten_cell_loses_its_prefix(tmp_path):
    wb = openpyxl.Workbook()
    cell = wb.active["A1"]
    write_cell(cell, "=1+1")
    assert cell.quotePrefix
    write_cell(cell, 5)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (5, "n", False)
    ws, _xml = _roundtrip(tmp_path, [0, 12, 1.25, Decimal("0.35"), -3, None])
    assert [ws.cell(i, 1).value for i in range(1, 7)] == [0, 12, 1.25, 0.35, -3, None]
    assert {ws.cell(i, 1).data_type for i in range(1, 6)} == {"n"}


def test_characters_xml_cannot_hold_are_dropped_and_tab_newline_cr_kept(tmp_path):
    text = "甲\x00乙\x07丙\x0b丁\x1f戊\ufffe己\ud800庚\t辛\n壬\r癸"
    assert clean_text(text) == "甲乙丙丁戊己庚\t辛\n壬\r癸"
    ws, _xml = _roundtrip(tmp_path, [text, "\x07=1+1"])
    assert ws["A1"].value == "甲乙丙丁戊己庚\t辛\n壬\r癸"
    assert (ws["A2"].value, ws["A2"].data_type, ws["A2"].quotePrefix) == ("=1+1", "s", True)


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_a_text_over_excels_cell_limit_keeps_its_beginning_and_says_how_much_was_left_out(tmp_path):
    # a long 情况说明 of a published report, with characters outside the BMP (Excel counts them twice) at the cut
    text = "本年度加强政务公开培训。" * 2700 + "𠀀𡈽" * 2000 + "完。"
    wb = openpyxl.Workbook()
    wb.active.title = "五、存在的主要问题及改进情况"
    with collecting_cuts() as cuts:
        left = write_cell(wb.active["B3"], text)
        assert write_cell(wb.active["B4"], "短文字") == 0
    wb.save(tmp_path / "t.xlsx")
    value = openpyxl.load_workbook(tmp_path / "t.xlsx").active["B3"].value
    [cut] = cuts
    assert cut == Cut("五、存在的主要问题及改进情况", "B3", len(text), len(text) - left)
    assert value == text[: cut.written] + f"……（以下 {left:,} 字未写入：超过 Excel 单元格上限 32,767 字）"
    # as much as fits: the marker may have a digit less than reserved, and the cut falls inside a surrogate pair
    assert CELL_CHARS - 2 <= _utf16_units(value) <= CELL_CHARS
    value.encode("utf-8")  # no half pair left at the cut (it would not encode)
    assert "B3" in cut.message and f"{len(text):,} 字" in cut.message


def test_a_text_at_the_limit_is_written_whole_and_one_unit_more_is_cut(tmp_path):
    at_limit, astral = "字" * CELL_CHARS, "𠀀" * (CELL_CHARS // 2) + "字字"  # 32,767 and 32,768 UTF-16 units
    ws, _xml = _roundtrip(tmp_path, [at_limit, astral])
    assert ws["A1"].value == at_limit
    assert ws["A2"].value.endswith("字未写入：超过 Excel 单元格上限 32,767 字）")
    assert excel_input(at_limit) == at_limit and excel_input(astral) == ws["A2"].value


def test_the_summary_workbook_marks_a_cut_text_and_its_csv_keeps_all_of_it(tmp_path):
    from xltool.writers.summary import SheetTable, write_tables

    long = "正文与表格不一致：" + "“本年度共受理政府信息公开申请 12 件”" * 2000
    table = SheetTable("问题清单", ("文件", "说明"), [["甲.pdf", long]], wrap=frozenset({"说明"}))
    with collecting_cuts() as cuts:
        write_tables(tmp_path / "汇总.xlsx", [table])
        write_tables(tmp_path / "汇总.csv", [table])
    assert [(c.sheet, c.address, c.length) for c in cuts] == [("问题清单", "B2", len(long))]
    cell = openpyxl.load_workbook(tmp_path / "汇总.xlsx")["问题清单"]["B2"].value
    assert cell.startswith(long[:1000]) and "字未写入" in cell and len(cell) <= CELL_CHARS
    assert long in (tmp_path / "汇总.csv").read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("text", HOSTILE)
def test_excel_input_quotes_exactly_what_looks_like_a_formula(text):
    typed = excel_input(text)
    assert typed == ("'" + text if looks_like_formula(text) else text)
    assert excel_input(3) == 3 and excel_input(None) is None


def test_write_formula_takes_formulas_only():
    cell = openpyxl.Workbook().active["A1"]
    write_formula(cell, '=IF(A2=1,"通过","不符")')
    assert cell.data_type == "f"
    with pytest.raises(ValueError):
        write_formula(cell, "通过")


# ---- every writer goes through celltext ------------------------------------------------------------------------------

PACKAGE = Path(__file__).parent.parent / "xltool"
WRITER = PACKAGE / "writers" / "celltext.py"


def _cell_writes(tree: ast.AST) -> list[int]:
    """Lines that put a value into a spreadsheet cell without celltext: ``x.value = …`` (unless the value comes from
    ``excel_input``), ``ws["A1"] = …``, ``ws.cell(…, value=…)`` and ``ws.append(…)`` on a worksheet-named object."""
    sheets = {"ws", "sheet", "worksheet"}
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            calls = (
                {n.func.id for n in ast.walk(node.value) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
                if node.value is not None
                else set()
            )
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr == "value" and "excel_input" not in calls:
                    lines.append(node.lineno)
                if (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Name)
                    and target.value.id in sheets
                ):
                    lines.append(node.lineno)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "cell" and (any(k.arg == "value" for k in node.keywords) or len(node.args) > 2):
                lines.append(node.lineno)
            if node.func.attr == "append" and isinstance(node.func.value, ast.Name) and node.func.value.id in sheets:
                lines.append(node.lineno)
    return lines


def test_every_cell_value_is_written_through_celltext():
    """The one-writer rule, so that a new writer (a summary workbook, a new sheet) cannot forget it."""
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == WRITER:
            continue
        lines = _cell_writes(ast.parse(path.read_text(encoding="utf-8")))
        if lines:
            offenders[str(path.relative_to(PACKAGE))] = lines
    assert not offenders, f"write these cells with celltext.write_cell / write_formula / excel_input: {offenders}"


def test_the_guard_sees_each_way_around_it():
    samples = [
        'cell.value = "=1"',
        'ws["A1"] = text',
        "ws.cell(row=1, column=1, value=text)",
        "ws.cell(1, 1, text)",
        "ws.append(row)",
        "sheet.range('A1').value = rows",
    ]
    assert [bool(_cell_writes(ast.parse(s))) for s in samples] == [True] * len(samples)
    allowed = [
        "write_cell(ws.cell(1, 1), text)",
        "block.value = [[excel_input(v) for v in r] for r in rows]",
        "rows.append(row)",
        "d['k'] = 1",
    ]
    assert [bool(_cell_writes(ast.parse(s))) for s in allowed] == [False] * len(allowed)
