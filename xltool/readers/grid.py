"""From cell values to the report model: the one place that knows where the clerk's workbook keeps what.

Both readers of the clerk's workbook end here: the file reader (python-calamine, ``readers/xlsx.py``) and the ribbon
add-in, which reads the live book with xlwings. Each hands over plain grids of values, one per sheet, starting at A1,
so the two can never read a workbook differently.

Layout changes are refused, not guessed around. When rows or columns were inserted into a table, every address in the
findings, in the marked copy and in the add-in's colouring would point at the wrong cell if we read "relative to where
the labels moved", and a row the clerk added for a category of their own would be silently dropped. So the fixed
labels are checked where the national format puts them, and the first one that is not there is named, with where it
went when it can be seen (``F-LAYOUT``). Only what the spec needs is ever looked at: a sheet with a million rows costs
nothing more than a small one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping, Sequence
from typing import Any

from .. import cells, spec
from ..errors import XltoolError
from ..model import AnnualReport, Figure, join_overview, whole
from ..spec import figures as fs

Grid = Sequence[Sequence[Any]]

#: Sheets a workbook must have. 填报说明 and 可用数字 are help text only; 情况说明 and 数字与分项 came later and older
#: files lack them.
OPTIONAL_SHEETS = (spec.SHEET_HELP, spec.SHEET_NOTES, spec.SHEET_FIGURES, spec.SHEET_PLACEHOLDERS)
REQUIRED_SHEETS: tuple[str, ...] = tuple(s for s in spec.SHEETS if s not in OPTIONAL_SHEETS)

#: Rows of 数字与分项 that are read (a workbook built from a report may hold more than the template's).
FIGURES_READ_ROWS = 10 * fs.FIGURE_ROWS

#: Rows of 情况说明 that are read: the template prepares NOTES_ROWS, a workbook built from a report may hold more.
NOTES_READ_ROWS = 10 * spec.NOTES_ROWS

#: Extra rows and columns read beyond what the spec needs, so that a moved label can be found and named.
LAYOUT_MARGIN = (10, 4)


# ---- extents ------------------------------------------------------------------------------------------------------


def _info_rows() -> int:
    return spec.FIRST_ENTRY_ROW + len(spec.INFO_FIELDS) - 1


def _extents() -> dict[str, tuple[int, int]]:
    out = {t.sheet: cells.parse(f"{t.last_col}{t.last_row}") for t in spec.TABLES.values()}
    out[spec.SHEET_INFO] = (_info_rows(), 2)
    for section, fields in spec.NARRATIVE_CELLS.items():
        places = [cells.parse(a) for _label, a in fields]
        out[spec.NARRATIVE_SHEETS[section]] = (max(r for r, _ in places), max(c for _, c in places))
    out[spec.SHEET_NOTES] = (spec.FIRST_ENTRY_ROW + NOTES_READ_ROWS - 1, len(spec.NOTES_COLUMNS))
    out[spec.SHEET_FIGURES] = (fs.FIGURE_FIRST_ROW + FIGURES_READ_ROWS - 1, 3)  # name, part of, value (not the total)
    return out


#: sheet → (rows, columns) that hold everything the spec reads from it, from A1.
SHEET_EXTENTS: dict[str, tuple[int, int]] = _extents()


def read_extent(sheet: str) -> tuple[int, int]:
    """How much of a sheet a reader should fetch from A1: what the spec needs plus a margin to diagnose moved tables."""
    rows, cols = SHEET_EXTENTS[sheet]
    return rows + LAYOUT_MARGIN[0], cols + LAYOUT_MARGIN[1]


class _Sheet:
    """Read access to one grid by address; cells beyond a short row or the grid's end are blank."""

    def __init__(self, name: str, grid: Grid) -> None:
        self.name = name
        self.grid = grid

    def at(self, row: int, col: int) -> Any:
        if row - 1 >= len(self.grid):
            return None
        values = self.grid[row - 1]
        if values is None or col - 1 >= len(values):
            return None
        value = values[col - 1]
        return None if value == "" else value

    def __getitem__(self, address: str) -> Any:
        return self.at(*cells.parse(address))

    def find(self, text: str, max_rows: int, max_cols: int) -> str | None:
        """Where a label is, within the first rows and columns only."""
        for r in range(1, min(max_rows, len(self.grid)) + 1):
            for c in range(1, max_cols + 1):
                if _label(self.at(r, c)) == text:
                    return cells.address(r, c)
        return None


# ---- the report ---------------------------------------------------------------------------------------------------


def report_from_grids(grids: Mapping[str, Grid], source: str) -> AnnualReport:
    """Build the report model from sheet grids (sheet name → rows of values from A1); raises ``XltoolError``.

    Data cells are kept as read (only an empty string becomes None): the validator says what is wrong with them.
    """
    check_sheets(list(grids), source)
    sheets = {name: _Sheet(name, grids[name]) for name in grids}
    report = AnnualReport()
    for table in spec.TABLES.values():
        sheet = sheets[table.sheet]
        _check_labels(sheet, [(t.address, t.text) for t in table.texts], source)
        for cell in table.cells:
            report.set(table.key, cell.row, cell.col, data_value(sheet[cell.address]))
    _read_info(report, sheets[spec.SHEET_INFO], source)
    _read_narrative(report, sheets, source)
    if spec.SHEET_NOTES in sheets:
        report.explanations = _read_notes(sheets[spec.SHEET_NOTES], source)
    if spec.SHEET_FIGURES in sheets:
        report.figures = _read_figures(sheets[spec.SHEET_FIGURES], source)
    return report


def check_sheets(names: Sequence[str], source: str) -> None:
    """Every required sheet is there by name (order does not matter); else say which are missing or renamed."""
    missing = [s for s in REQUIRED_SHEETS if s not in names]
    if not missing:
        return
    strangers = [n for n in names if n not in spec.SHEETS and n != spec.SHEET_RESULTS]
    described = []
    for name in missing:
        guess = _renamed_to(name, strangers)
        described.append(f"“{name}”" + (f"（可能被重命名为“{guess}”）" if guess else ""))
    raise XltoolError(
        "F-MISSING-SHEET",
        path=source,
        sheets="、".join(described),
        expected="、".join(f"“{s}”" for s in REQUIRED_SHEETS),
    )


def _renamed_to(name: str, strangers: Sequence[str]) -> str | None:
    """The sheet that is most likely ``name`` after a rename: same words give or take spaces, a prefix, a suffix."""
    squeezed = _squeezed(name)
    heading = squeezed.split("、", 1)[-1]
    for other in strangers:
        if heading in _squeezed(other):
            return other
    close = difflib.get_close_matches(squeezed, [_squeezed(s) for s in strangers], n=1, cutoff=0.6)
    return next(s for s in strangers if _squeezed(s) == close[0]) if close else None


def _label(value: Any) -> str | None:
    """A label as compared: text with every whitespace removed (wrapped labels keep their words)."""
    if value is None:
        return None
    return _squeezed(str(value))


def _squeezed(text: str) -> str:
    """``_label`` of what is known to be text (a sheet name, a fixed label), so the result is text too."""
    return re.sub(r"\s+", "", text)


def _check_labels(sheet: _Sheet, labels: Sequence[tuple[str, str]], source: str) -> None:
    """Each fixed label is where the national format puts it; the first one that is not stops reading."""
    for address, text in labels:
        found = sheet[address]
        if _label(found) == _label(text):
            continue
        shown = "空白" if found is None else f"“{found}”"
        reason = f"单元格 {address} 应为“{text}”，实为{shown}"
        rows, cols = read_extent(sheet.name)
        moved = sheet.find(_squeezed(text), rows, cols)
        if moved:
            reason += f"；该标签现在位于 {moved}，可能插入或删除了行或列"
        raise XltoolError("F-LAYOUT", path=source, sheet=sheet.name, reason=reason)


def data_value(value: Any) -> Any:
    """A data cell as the model keeps it: numbers and text as read, dates and booleans as the text Excel shows."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return value


def _text(value: Any) -> str | None:
    """An info field as text: whole numbers without ".0" (a postcode typed as a number), stripped, None when empty."""
    if value is None:
        return None
    value = whole(value)
    if isinstance(value, (dt.date, dt.time, dt.timedelta, bool)):
        value = data_value(value)
    return str(value).strip() or None


def _year(value: Any) -> int | str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    text = _text(value)
    return int(text) if text and text.isascii() and text.isdigit() else text


def _published(value: Any) -> str | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    return _text(value)


def _read_info(report: AnnualReport, sheet: _Sheet, source: str) -> None:
    """基本信息 by the spec's rows; the rows of fields added later may be missing (a workbook made before them)."""
    rows = range(spec.FIRST_ENTRY_ROW, spec.FIRST_ENTRY_ROW + len(spec.INFO_FIELDS))
    present = [
        (row, f)
        for row, f in zip(rows, spec.INFO_FIELDS, strict=True)
        if not (f.key in spec.INFO_FIELDS_ADDED and sheet.at(row, 1) is None and sheet.at(row, 2) is None)
    ]
    _check_labels(sheet, [(f"A{r}", f.label) for r, f in present], source)
    for row, field in present:
        value = sheet.at(row, 2)
        read = {"year": _year, "published": _published}.get(field.key, _text)
        report.set_info(field.key, read(value))


def _narrative_text(value: Any) -> str | None:
    if value is None:
        return None
    return _text(value) if not isinstance(value, str) else value


def _read_narrative(report: AnnualReport, sheets: Mapping[str, _Sheet], source: str) -> None:
    """Narrative text as written (not stripped); section 一 joins its sub-section cells; an all-empty section is absent."""
    for section, fields in spec.NARRATIVE_CELLS.items():
        sheet = sheets[spec.NARRATIVE_SHEETS[section]]
        _check_labels(sheet, [(f"A{cells.parse(address)[0]}", label) for label, address in fields], source)
        parts = [_narrative_text(sheet[address]) for _label_text, address in fields]
        # Equal to ``any(parts)``: the joined parts of 一 are empty only if every part is, 五 and 六 have one cell each.
        text = join_overview(parts) if section == "一" else parts[0]
        if text:
            report.sections[section] = text


def _read_figures(sheet: _Sheet, source: str) -> list[Figure]:
    """数字与分项: the rows that name a figure, as entered (the value is judged by the rules, not here)."""
    header = fs.FIGURE_FIRST_ROW - 1
    _check_labels(
        sheet, [(cells.address(header, c), text) for c, text in enumerate(fs.FIGURE_COLUMNS[:3], start=1)], source
    )
    out = []
    for row in range(fs.FIGURE_FIRST_ROW, fs.FIGURE_FIRST_ROW + FIGURES_READ_ROWS):
        name, parent, value = _text(sheet.at(row, 1)), _text(sheet.at(row, 2)), data_value(sheet.at(row, 3))
        if name and name.strip():
            out.append(Figure(name.strip(), parent.strip() if parent and parent.strip() else None, value))
    return out


def _read_notes(sheet: _Sheet, source: str) -> dict[str, str]:
    """情况说明: rule id, place, the clerk's words → explanations keyed like ``Finding.key``."""
    header = spec.FIRST_ENTRY_ROW - 1
    _check_labels(
        sheet, [(cells.address(header, c), text) for c, text in enumerate(spec.NOTES_COLUMNS, start=1)], source
    )
    out: dict[str, str] = {}
    for row in range(spec.FIRST_ENTRY_ROW, spec.FIRST_ENTRY_ROW + NOTES_READ_ROWS):
        rule, where, text = (sheet.at(row, c) for c in (1, 2, 3))
        rule, where = _text(rule), _text(where)
        text = _narrative_text(text)
        if rule and where and text and text.strip():
            out[f"{rule}@{where}"] = text
    return out
