"""Text from data into spreadsheet cells and Word runs: the one place that decides how it is written.

Every text the project writes comes from somewhere it does not control — a Report JSON file, a report downloaded from a
government site, a workbook from another office — and three things can go wrong with it:

* **It is taken for a formula.** openpyxl stores a string that begins with ``=`` as a live formula (and "#N/A" as an
  error value); Excel, WPS and LibreOffice also turn ``+``, ``-``, ``@`` and the full-width ``＝`` into a formula when the
  clerk edits such a cell. ``write_cell`` stores every string as a string (``data_type`` "s", an inline string in the
  file) and gives text that a spreadsheet would read as a formula Excel's *quote prefix* (the hidden apostrophe), so it
  stays text when the clerk presses F2 and Enter. The value itself is never changed: the validator and the reader see
  exactly what was entered. The only formulas in a workbook are the spec's live checks, written by ``write_formula``.
  Where a value is typed into Excel rather than saved in a file (the ribbon add-in's 校验结果 rows), ``excel_input``
  puts the apostrophe in front, which Excel takes as that same quote prefix and does not keep in the value.
* **It holds characters XML cannot.** A spreadsheet and a Word document are XML, and XML 1.0 cannot hold the C0 control
  characters other than tab, line feed and carriage return, lone surrogates (a JSON ``"\\ud800"``), U+FFFE or U+FFFF:
  openpyxl raises ``IllegalCharacterError`` and lxml ``ValueError`` on them. ``clean_text`` **drops** them, for the
  workbook and the Word report alike. They are invisible in every program that shows the text (Excel shows a BEL as
  nothing, or as ``_x0007_`` after a round trip), so dropping loses nothing a reader could see, while escaping them
  would print codes into a report that is published. Tab, line feed and carriage return are kept.
* **It is longer than a cell can hold.** Excel keeps at most 32,767 characters in a cell (``CELL_CHARS``) and will not
  open a file with more; openpyxl cuts a longer string there without a word. A section of an imported report can be
  longer (the importers accept 300,000 characters). ``fit_cell`` keeps the beginning and ends the cell with a marker
  "……（以下 N 字未写入：超过 Excel 单元格上限 32,767 字）", so the cut shows where the text is read; and ``write_cell``
  tells it to whoever writes the file (``collecting_cuts``), who says so and where the whole text is kept (the
  original report, the Report JSON, the batch's CSV or JSON).

Standard library only: the add-in imports this on every click. Every writer uses it (workbook, marked copy, add-in
results, Word report, summary workbooks).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

#: Characters XML 1.0 cannot hold (its ``Char`` production), dropped from every text we write.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: A text whose first visible character is one of these is read as a formula by a spreadsheet when typed or edited:
#: ``=``, ``+``, ``-``, ``@`` and their full-width forms (East Asian Excel and WPS convert ``＝`` on entry).
FORMULA_STARTS = frozenset("=+-@＝＋－＠")
#: Leading characters a spreadsheet skips before it looks for a formula start (tab and CR are the classic disguise).
_LEADING = " \t\r\n\u3000"


#: Excel's limit on the length of the text of one cell, in UTF-16 code units (a character outside the BMP counts
#: two). openpyxl cuts a longer text at this many characters without a word; Excel refuses to open a file whose cell
#: holds more.
CELL_CHARS = 32_767
_MARKER = "……（以下 {left:,} 字未写入：超过 Excel 单元格上限 {limit:,} 字）"


@dataclass(frozen=True)
class Cut:
    """A text that did not fit in its cell: where, how long it was and how much of it was written."""

    sheet: str
    address: str
    length: int  # characters of the text
    written: int  # characters written before the marker

    @property
    def message(self) -> str:
        return (
            f"工作表“{self.sheet}”单元格 {self.address} 的文字有 {self.length:,} 字，超过 Excel 单元格上限"
            f"（{CELL_CHARS:,} 字），只写入了前 {self.written:,} 字，单元格末尾注明了未写入的字数"
        )


_CUTS: ContextVar[list[Cut] | None] = ContextVar("xltool_cell_cuts", default=None)


@contextmanager
def collecting_cuts() -> Iterator[list[Cut]]:
    """Collect the ``Cut`` of every text that ``write_cell`` shortens inside the block (the writer's result: say it)."""
    cuts: list[Cut] = []
    token = _CUTS.set(cuts)
    try:
        yield cuts
    finally:
        _CUTS.reset(token)


def fit_cell(text: str) -> tuple[str, int]:
    """``text`` as it fits in one cell, and how many of its characters were left out (0: all of it). A text over
    ``CELL_CHARS`` keeps its beginning, up to the limit together with a marker that says how many characters follow
    unwritten, so that nothing is cut without a trace in the cell itself."""
    if len(text) <= CELL_CHARS // 2 or _units(text) <= CELL_CHARS:
        return text, 0
    room = CELL_CHARS - len(_marker(len(text)))  # the marker is in the BMP: one unit a character
    kept = text.encode("utf-16-le")[: 2 * room].decode("utf-16-le", errors="ignore")  # no half surrogate pair
    left = len(text) - len(kept)
    return kept + _marker(left), left


def _units(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _marker(left: int) -> str:
    return _MARKER.format(left=left, limit=CELL_CHARS)


def clean_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (see the module docstring for why they are dropped)."""
    return _XML_INVALID.sub("", text)


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would read ``text`` as a formula if it were typed: "=1+1", "-A1", "\\t=cmd", "＝SUM()"."""
    stripped = text.lstrip(_LEADING)
    return bool(stripped) and stripped[0] in FORMULA_STARTS


def write_cell(cell: Any, value: Any) -> int:
    """Put a data value into an openpyxl cell: text stays text whatever it begins with, numbers stay numbers.

    Every value the project writes into a workbook cell goes through here (labels, entered values, result rows); the
    live checks go through ``write_formula``. A string is cleaned, fitted to Excel's cell limit (``fit_cell``: a
    longer text ends with a marker, and the cut is told to ``collecting_cuts``), stored with ``data_type`` "s"
    (openpyxl would make "=…" a formula and "#N/A" an error) and, when it looks like a formula, given the quote
    prefix. Any other value (int, float, Decimal, None) is assigned as is. The quote prefix of a cell written earlier
    is reset, so a cell rewritten with a number is an ordinary number again. Returns how many characters of the text
    were not written (0: all of it).
    """
    left = 0
    if isinstance(value, str):
        whole = clean_text(value)
        text, left = fit_cell(whole)
        cell.value = text  # openpyxl's checks; it may guess 'f' or 'e' …
        cell.data_type = "s"  # … which is undone here: data is never a formula or an error value
        prefix = looks_like_formula(text)
        if left:
            _told(cell, len(whole), len(whole) - left)
    else:
        cell.value = value
        prefix = False
    if prefix or cell.quotePrefix:
        cell.quotePrefix = prefix
    return left


def _told(cell: Any, length: int, written: int) -> None:
    """Tell the collector of ``collecting_cuts``, if any, that ``cell`` holds only the first ``written`` characters."""
    cuts = _CUTS.get()
    if cuts is not None:
        cuts.append(Cut(getattr(cell.parent, "title", ""), cell.coordinate, length, written))


def write_formula(cell: Any, formula: str) -> None:
    """Put one of the spec's live-check formulas into a cell: the only route by which a formula enters a workbook."""
    if not formula.startswith("="):
        raise ValueError(f"not a formula: {formula!r}")
    cell.value = formula
    if cell.data_type != "f":  # pragma: no cover - openpyxl types every "=…" string as a formula
        raise ValueError(f"openpyxl did not take {formula!r} as a formula")


def excel_input(value: Any) -> Any:
    """A value to hand to Excel as if typed (xlwings ``range.value``): text cleaned and, when it would be read as a
    formula, prefixed with the apostrophe that Excel takes as the quote prefix; anything else as is."""
    if not isinstance(value, str):
        return value
    text, _left = fit_cell(clean_text(value))
    return "'" + text if looks_like_formula(text) else text
