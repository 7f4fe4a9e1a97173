"""Text from data into spreadsheet cells and Word runs: the one place that decides how it is written.

Every text the project writes comes from somewhere it does not control — a Report JSON file, a report downloaded from a
government site, a workbook from another office — and two things can go wrong with it:

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

Standard library only: the add-in imports this on every click. Every writer uses it (workbook, marked copy, add-in
results, Word report, summary workbooks).
"""

from __future__ import annotations

import re
from typing import Any

#: Characters XML 1.0 cannot hold (its ``Char`` production), dropped from every text we write.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: A text whose first visible character is one of these is read as a formula by a spreadsheet when typed or edited:
#: ``=``, ``+``, ``-``, ``@`` and their full-width forms (East Asian Excel and WPS convert ``＝`` on entry).
FORMULA_STARTS = frozenset("=+-@＝＋－＠")
#: Leading characters a spreadsheet skips before it looks for a formula start (tab and CR are the classic disguise).
_LEADING = " \t\r\n\u3000"


def clean_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (see the module docstring for why they are dropped)."""
    return _XML_INVALID.sub("", text)


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would read ``text`` as a formula if it were typed: "=1+1", "-A1", "\\t=cmd", "＝SUM()"."""
    stripped = text.lstrip(_LEADING)
    return bool(stripped) and stripped[0] in FORMULA_STARTS


def write_cell(cell: Any, value: Any) -> None:
    """Put a data value into an openpyxl cell: text stays text whatever it begins with, numbers stay numbers.

    Every value the project writes into a workbook cell goes through here (labels, entered values, result rows); the
    live checks go through ``write_formula``. A string is cleaned, stored with ``data_type`` "s" (openpyxl would make
    "=…" a formula and "#N/A" an error) and, when it looks like a formula, given the quote prefix. Any other value (int,
    float, Decimal, None) is assigned as is. The quote prefix of a cell written earlier is reset, so a cell rewritten
    with a number is an ordinary number again.
    """
    if isinstance(value, str):
        text = clean_text(value)
        cell.value = text  # openpyxl's checks (length); it may guess 'f' or 'e' …
        cell.data_type = "s"  # … which is undone here: data is never a formula or an error value
        prefix = looks_like_formula(text)
    else:
        cell.value = value
        prefix = False
    if prefix or cell.quotePrefix:
        cell.quotePrefix = prefix


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
    text = clean_text(value)
    return "'" + text if looks_like_formula(text) else text
