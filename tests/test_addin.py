"""The ribbon click, driven through xlwings' remote engine (no Excel needed).

The remote engine implements the same Book/Sheet/Range API as COM but records every write as an action instead of
performing it, so ``book.json()["actions"]`` is exactly what the click would do to the clerk's workbook. The book is
built from the values of a real workbook made by ``xltool new``, filled and broken in chosen cells. The only glue is
``xw.Book.caller``, which normally finds the book Excel passed on the command line.

The remote engine is part of xlwings PRO under the PolyForm Noncommercial licence 1.0.0 (which permits use by
government institutions and non-commercial projects); it is used here, in tests only. XLTOOL_SKIP_REMOTE=1 skips it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from xltool import cells, spec

pytestmark = pytest.mark.skipif(
    os.environ.get("XLTOOL_SKIP_REMOTE") == "1", reason="XLTOOL_SKIP_REMOTE=1: xlwings remote-engine tests skipped"
)

RED = "#FFC7CE"  # Excel's light red "bad" style, the marked copy's error fill
T3, T2, T4 = spec.TABLE3, spec.TABLE2, spec.TABLE4


# ---- building the caller's book ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template_values(tmp_path_factory) -> list[tuple[str, list[list[Any]]]]:
    """Sheet name and values (from A1) of a workbook made by the real ``xltool new``."""
    import python_calamine

    from xltool.cli import run

    path = tmp_path_factory.mktemp("addin") / "模板.xlsx"
    try:
        run(["new", "-o", str(path), "--agency", "某县交通运输局", "--year", "2024"])
    except SystemExit as done:
        assert done.code in (0, None)
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return [(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in book.sheet_names]


def put(sheets: dict[str, list[list[Any]]], sheet: str, address: str, value: Any) -> None:
    """Type ``value`` into a cell of the payload, growing the grid if needed."""
    row, col = (n - 1 for n in cells.parse(address))  # grids are zero-based
    grid = sheets[sheet]
    while len(grid) <= row:
        grid.append([""] * len(grid[0]))
    for line in grid:
        line.extend([""] * (col + 1 - len(line)))
    grid[row][col] = value


def filled(template_values) -> dict[str, list[list[Any]]]:
    """The template with agency details and a consistent table 三 (every rule T-1 … T-4 holds)."""
    sheets = {name: [list(r) for r in rows] for name, rows in template_values}
    info_row = {f.key: spec.FIRST_ENTRY_ROW + i for i, f in enumerate(spec.INFO_FIELDS)}
    for key, value in {
        "kind": "政府部门",
        "address": "某县人民路 1 号",
        "postcode": "755000",
        "phone": "0955-1234567",
    }.items():
        put(sheets, spec.SHEET_INFO, f"B{info_row[key]}", value)
    # 自然人: 5 received, 0 carried in; 3 disclosed + 1 partly = 4 done; 1 carried out. 总计 column equals it.
    for col in (spec.T3_NATURAL, spec.T3_TOTAL):
        for row, value in (
            (spec.T3_RECEIVED, 5),
            ("（一）予以公开", 3),
            ("（二）部分公开", 1),
            (spec.T3_GRAND_TOTAL, 4),
            (spec.T3_CARRIED_OUT, 1),
        ):
            put(sheets, T3.sheet, T3.cell(row, col).address, float(value))  # COM hands numbers over as floats
    return sheets


def payload(sheets: dict[str, list[list[Any]]], name: str = "年报.xlsx") -> dict[str, Any]:
    import xlwings as xw

    return {
        "client": "VBA",
        "version": xw.__version__,
        "book": {"name": name, "active_sheet_index": 0, "selection": "A1"},
        "names": [],
        "sheets": [{"name": n, "pictures": [], "tables": [], "values": v} for n, v in sheets.items()],
    }


@pytest.fixture
def click(monkeypatch, tmp_path):
    """Run ``xltool.main()`` on a remote-engine book made from ``sheets``; returns the book and its actions."""
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    import xlwings as xw

    import xltool

    def run(sheets: dict[str, list[list[Any]]], name: str = "年报.xlsx", answer: str | None = None):
        book = xw.Book(json=payload(sheets, name))
        monkeypatch.setattr(xw.Book, "caller", classmethod(lambda cls: book))
        if answer is not None:  # the clerk's answer to the yes/no question (the remote engine's alert returns None)
            real = book.app.alert
            monkeypatch.setattr(
                type(book.app), "alert", lambda self, prompt, **kw: (real(prompt, **kw), answer)[1], raising=True
            )
        xltool.main()
        return book, book.json()["actions"]

    return run


# ---- reading the actions back ----------------------------------------------------------------------------------------


def cells_of(action: dict[str, Any]) -> set[str]:
    """The cells an action covers, as A1 addresses."""
    return {
        cells.address(r + 1, c + 1)
        for r in range(action["start_row"], action["start_row"] + action["row_count"])
        for c in range(action["start_column"], action["start_column"] + action["column_count"])
    }


def coloured(actions, sheets: list[str], colour: str) -> dict[str, set[str]]:
    """Sheet → cells given ``colour`` (case-insensitive), over all setRangeColor actions."""
    out: dict[str, set[str]] = {}
    for a in actions:
        if a["func"] == "setRangeColor" and (a["args"][0] or "").upper() == colour.upper():
            out.setdefault(sheets[a["sheet_position"]], set()).update(cells_of(a))
    return out


def all_data_cells(table: spec.TableSpec) -> set[str]:
    return {c.address for c in table.cells}.union(*(cells.expand(span) for span in table.data_spans))


def alerts(actions) -> list[list[Any]]:
    return [a["args"] for a in actions if a["func"] == "alert"]


# ---- the click on a broken workbook ------------------------------------------------------------------------------------


@pytest.fixture
def broken(template_values):
    sheets = filled(template_values)
    put(sheets, T3.sheet, T3.cell(spec.T3_GRAND_TOTAL, spec.T3_NATURAL).address, 5.0)  # D27: 5, the rules say 4
    put(sheets, T4.sheet, T4.cell(spec.T4_ROW_KEY, "行政复议/结果纠正").address, "三件")  # B4: not a number (T-5)
    put(sheets, T2.sheet, T2.cell("行政许可", spec.T2_DECISIONS).address, -1.0)  # B7 (merged B7:D7): negative (T-5)
    put(sheets, T2.sheet, T2.cell("规章", "本年制发件数").address, "/")  # B3: "/" in the 规章 row, a warning (T-12b)
    return sheets


def test_click_colours_exactly_the_broken_cells(click, broken):
    from xltool.spec import ERROR_FILL, WARNING_FILL

    assert ERROR_FILL.upper().endswith(RED[1:])  # the same red as the marked copy (xltool check --mark)

    _book, actions = click(broken)
    names = list(broken) + [spec.SHEET_RESULTS]
    # D27 breaks T-1 (its column), T-2 (its column) and T-3 (its row): the one cell all three share is marked.
    assert coloured(actions, names, RED) == {T3.sheet: {"D27"}, T4.sheet: {"B4"}, T2.sheet: {"B7", "C7", "D7"}}
    # the template's narrative sheets are empty: R-1 marks the first text cell of each as a warning
    empty_sections = {spec.NARRATIVE_SHEETS[n]: {"B3"} for n in spec.NARRATIVE_SECTIONS}
    assert coloured(actions, names, "#" + WARNING_FILL.lstrip("#")[-6:]) == {T2.sheet: {"B3"}, **empty_sections}


def all_input_cells() -> dict[str, set[str]]:
    """Where the clerk types: the tables' data cells, the 基本信息 values (column B), the narrative text cells and the
    name, part-of and value columns of 数字与分项."""
    out = {t.sheet: all_data_cells(t) for t in spec.TABLES.values()}
    out[spec.SHEET_INFO] = {f"B{spec.FIRST_ENTRY_ROW + i}" for i in range(len(spec.INFO_FIELDS))}
    for number, sheet in spec.NARRATIVE_SHEETS.items():
        out[sheet] = {address for _label, address in spec.NARRATIVE_CELLS[number]}
    out[spec.SHEET_FIGURES] = {f"{col}{spec.FIRST_ENTRY_ROW + i}" for col in "ABC" for i in range(spec.FIGURE_ROWS)}
    return out


def test_click_resets_previous_marks_on_input_cells_only(click, broken):
    from xltool.spec import INPUT_FILL

    _book, actions = click(broken)
    names = list(broken) + [spec.SHEET_RESULTS]
    reset = coloured(actions, names, "#" + INPUT_FILL[-6:])
    assert reset == all_input_cells()
    for a in actions:  # every colour lands on an input cell: labels and live checks keep their formatting
        if a["func"] == "setRangeColor":
            assert cells_of(a) <= all_input_cells()[names[a["sheet_position"]]]
    for sheet in reset:  # on each sheet the resets come first, so this click's marks are what stays
        on_sheet = [
            a["args"][0].upper()
            for a in actions
            if a["func"] == "setRangeColor" and names[a["sheet_position"]] == sheet
        ]
        resets = [c == "#" + INPUT_FILL[-6:].upper() for c in on_sheet]
        assert resets == sorted(resets, reverse=True)


def test_click_writes_results_sheet_after_the_last_sheet(click, broken):
    _book, actions = click(broken)
    added = [a for a in actions if a["func"] == "addSheet"]
    assert [a["args"] for a in added] == [[len(broken), spec.SHEET_RESULTS]]
    writes = [a for a in actions if a["func"] == "setValues"]
    assert {a["sheet_position"] for a in writes} == {len(broken)}  # values go to 校验结果 only
    rows = writes[0]["values"]
    assert rows[0] == ["级别", "规则", "工作表", "单元格", "行", "列", "填写值", "应为", "说明"]
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert {(r["规则"], r["工作表"], r["单元格"]) for r in body} >= {
        ("T-1", T3.sheet, "D28"),
        ("T-2", T3.sheet, "D27"),
        ("T-3", T3.sheet, "J27"),
        ("T-5", T4.sheet, "B4"),
        ("T-5", T2.sheet, "B7"),
        ("T-12b", T2.sheet, "B3"),
    }  # a broken sum is reported at its total: T-1's is D28 (结转下年度), T-2's D27 (（七）总计), T-3's J27 (总计)
    t5 = next(r for r in body if r["规则"] == "T-5" and r["工作表"] == T4.sheet)
    assert t5["填写值"] == "三件" and t5["级别"] == "错误"
    # The same grouping as the terminal and the marked copy: D27 breaks T-1, T-2 and T-3, so they follow its cause
    # row; the warning comes after every error.
    cause = next(i for i, r in enumerate(body) if r["级别"] == "可能的原因")
    assert body[cause]["单元格"] == "D27" and body[cause]["工作表"] == T3.sheet
    assert {r["规则"] for r in body[cause + 1 : cause + 4]} >= {"T-1", "T-2"}
    levels = [r["级别"] for r in body if r["级别"] != "可能的原因"]
    assert levels == sorted(levels, key=lambda v: v != "错误")


def test_click_results_keep_formula_looking_text_as_text(click, broken):
    """A found value that Excel would take for a formula is typed into 校验结果 with Excel's quote prefix."""
    from xltool.writers.celltext import looks_like_formula

    hostile = '=HYPERLINK("http://example.invalid","点我")'
    put(broken, T4.sheet, T4.cell(spec.T4_ROW_KEY, "行政复议/结果纠正").address, hostile)  # B4, instead of 三件
    _book, actions = click(broken)
    assert not [a for a in actions if a["func"] == "setFormula"]
    rows = next(a for a in actions if a["func"] == "setValues")["values"]
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    t5 = next(r for r in body if r["规则"] == "T-5" and r["工作表"] == T4.sheet)
    assert t5["填写值"] == "'" + hostile
    typed = [v for r in rows for v in r if isinstance(v, str)]
    assert all(v.startswith("'") for v in typed if looks_like_formula(v))


def test_click_never_writes_an_input_cell(click, broken):
    _book, actions = click(broken)
    results = len(broken)
    for a in actions:
        if a["func"] in ("setValues", "setFormula", "clearContents", "sheetClear", "setNumberFormat"):
            assert a["sheet_position"] == results, a


def test_click_alerts_the_summary(click, broken):
    _book, actions = click(broken)
    ((prompt, title, buttons, *_rest),) = alerts(actions)
    assert "发现 5 个错误" in prompt  # D27 breaks T-1, T-2, T-3; B4 and B7 are not counts (T-5)
    assert spec.SHEET_RESULTS in prompt and buttons == "ok"
    assert "校验" in title


def test_second_click_refreshes_the_results_sheet(click, broken):
    sheets = dict(broken)
    sheets[spec.SHEET_RESULTS] = [["级别", "规则"], ["错误", "T-1"], ["错误", "T-2"]]  # left by the previous click
    _book, actions = click(sheets)
    results = list(sheets).index(spec.SHEET_RESULTS)
    assert not [a for a in actions if a["func"] == "addSheet"]
    clear = [i for i, a in enumerate(actions) if a["func"] == "sheetClear"]
    write = [i for i, a in enumerate(actions) if a["func"] == "setValues"]
    assert [actions[i]["sheet_position"] for i in clear] == [results] and clear[0] < write[0]


# ---- a clean workbook: the Word report -------------------------------------------------------------------------------


def test_clean_unsaved_book_asks_to_save_first(click, template_values):
    _book, actions = click(filled(template_values), name="工作簿1")
    assert not coloured(actions, list(template_values) + [spec.SHEET_RESULTS], RED)
    ((prompt, _title, buttons, *_),) = alerts(actions)
    assert "个错误" not in prompt or "0 个错误" in prompt
    assert "请先保存" in prompt and buttons == "ok"


def with_narrative(sheets: dict[str, list[list[Any]]]) -> dict[str, list[list[Any]]]:
    for section, fields in spec.NARRATIVE_CELLS.items():
        for label, address in fields:
            put(sheets, spec.NARRATIVE_SHEETS[section], address, f"{label}：本年度按要求开展工作。")
    return sheets


def test_clean_saved_book_offers_word_report_and_writes_it_next_to_the_book(click, template_values, tmp_path):
    folder = tmp_path / "年报 2024"
    folder.mkdir()
    book_path = folder / "某县交通运输局年报.xlsx"
    _book, actions = click(with_narrative(filled(template_values)), name=str(book_path), answer="yes")
    question, done = alerts(actions)
    assert question[2] == "yes_no" and "是否生成 Word" in question[0]
    target = book_path.with_suffix(".docx")
    assert str(target) in done[0] and target.is_file() and target.stat().st_size > 0


def test_word_report_refused_by_the_writer_is_explained(click, template_values, tmp_path):
    book_path = tmp_path / "年报.xlsx"
    _book, actions = click(filled(template_values), name=str(book_path), answer="yes")  # no narrative written
    _question, refused = alerts(actions)
    assert "未生成 Word 报告" in refused[0] and spec.SHEET_OVERVIEW in refused[0]
    assert not list(tmp_path.glob("*.docx"))


def test_clean_saved_book_answer_no_writes_nothing(click, template_values, tmp_path):
    book_path = tmp_path / "年报.xlsx"
    click(filled(template_values), name=str(book_path), answer="no")
    assert not list(tmp_path.glob("*.docx"))


# ---- not our workbook, and the unexpected ----------------------------------------------------------------------------


def test_foreign_workbook_gets_an_explanation_and_no_changes(click, template_values):
    sheets = filled(template_values)
    del sheets[T3.sheet]
    _book, actions = click(sheets)
    assert [a["func"] for a in actions] == ["alert"]
    prompt, title = actions[0]["args"][:2]
    assert T3.sheet in prompt and "没有被修改" in prompt and "缺少工作表" in title


def test_moved_table_is_refused_without_changes(click, template_values):
    sheets = filled(template_values)
    sheets[T3.sheet].insert(0, [""] * len(sheets[T3.sheet][0]))  # a row inserted above the table
    _book, actions = click(sheets)
    assert [a["func"] for a in actions] == ["alert"]
    assert T3.sheet in actions[0]["args"][0]


def test_unexpected_error_alerts_and_logs_the_traceback(click, broken, monkeypatch, tmp_path):
    import xltool.rules

    def fail(report, last_year=None):
        raise RuntimeError("模拟的内部错误")

    monkeypatch.setattr(xltool.rules, "audit_report", fail)
    _book, actions = click(broken)
    ((prompt, *_),) = alerts(actions)
    log = Path(tmp_path / "home" / ".xltool" / "addin.log")
    assert str(log) in prompt and "模拟的内部错误" in prompt
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: 模拟的内部错误" in text
    assert not [a for a in actions if a["func"] in ("setRangeColor", "setValues", "addSheet")]


def test_sheet_refusing_colours_is_explained(click, broken, monkeypatch):
    """Excel refuses a fill on a sheet protected without "format cells"; COM raises, the clerk gets a reason."""
    import xlwings as xw

    def refuse(self, value):
        raise RuntimeError("Unable to set the Color property of the Interior class")

    monkeypatch.setattr(xw.main.Range, "color", property(lambda self: None, refuse))
    _book, actions = click(broken)
    ((prompt, title, *_),) = alerts(actions)
    assert "无法在工作表" in prompt and "撤消工作表保护" in prompt and "发现 5 个错误" in prompt
    assert not [a for a in actions if a["func"] == "setValues"]
