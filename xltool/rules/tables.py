"""The rules engine: pandera schemas generated from the spec, run on the report model.

Validation runs in two phases, as pandera wants it (docs/reference/engineering-notes.md):

1. *Cell domain* — one long frame with a row per data cell (index ``sheet!cell``). Element and frame checks named with
   rule ids (T-12 blank, T-5 not a count/fee, T-5b text or full-width digits, T-12b "/", T-13 fee in yuan) decide
   which entries are usable numbers.
2. *Identities* — one wide frame per table, laid out as the official grid (index = grid row, columns = grid letters),
   with one DataFrame-level check per rule (T-1 … T-4) generated from ``spec.IDENTITIES``. A check returns a boolean
   frame that is False only at the compared cell of a broken identity, so ``failure_cases`` maps back to cells.
   Cells that failed phase 1 are NaN here and the identities that use them are skipped (reported once, in phase 1).

Failure cases become ``Finding``s at the boundary; no pandera frame reaches the user. Nothing here reads files or
prints. pandas and pandera are imported lazily (``import pandera.pandas`` alone costs most of a cold ``check``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import TYPE_CHECKING, Any

from .. import cells, spec
from ..findings import Finding, Findings
from ..model import AnnualReport, fee_text, whole

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: The rule ids this module yields: the identities (T-1 … T-4, from spec.IDENTITIES) and the cell rules.
RULE_IDS = ("T-1", "T-2", "T-3", "T-4", "T-5", "T-5b", "T-12", "T-12b", "T-13", "U-1")

# ---- phase 0: reading what was entered ----------------------------------------------------------------------------

_BLANKS = " \t\r\n\u3000\u00a0"
_SLASHES = {"/", "／"}
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


@dataclass(frozen=True)
class Entry:
    """What a data cell holds after reading: a number, "/", a text that is no number, or None for blank.

    ``note`` says how a number was recovered from text (full-width digits, number stored as text), for T-5b.
    """

    raw: Any
    value: int | Decimal | str | None
    note: str | None = None

    @property
    def is_number(self) -> bool:
        return isinstance(self.value, (int, Decimal))


def read_entry(raw: Any) -> Entry:
    """Interpret one raw cell value without judging it: surrounding spaces are fine, full-width digits are digits."""
    if raw is None:
        return Entry(raw, None)
    if isinstance(raw, bool):
        return Entry(raw, str(raw))
    if isinstance(raw, int):
        return Entry(raw, raw)
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            return Entry(raw, str(raw))
        return Entry(raw, int(raw) if raw.is_integer() else Decimal(fee_text(raw)))
    if isinstance(raw, Decimal):
        return Entry(raw, int(raw) if raw == raw.to_integral_value() else raw)
    if not isinstance(raw, str):
        return Entry(raw, str(raw))
    text = raw.strip(_BLANKS)
    if not text:
        return Entry(raw, None)
    if text in _SLASHES:
        return Entry(raw, "/")
    ascii_text = unicodedata.normalize("NFKC", text)
    if not _NUMBER.match(ascii_text):
        return Entry(raw, text)
    note = spec.NOTE_FULLWIDTH if ascii_text != text else spec.NOTE_TEXT_NUMBER
    try:
        number = Decimal(ascii_text)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        return Entry(raw, text)
    return Entry(raw, int(number) if "." not in ascii_text else number, note)


def _valid(entry: Entry, cell: spec.DataCell) -> bool:
    """T-5: counts are whole numbers ≥ 0, the fee a number ≥ 0; blank and "/" are judged by T-12/T-12b."""
    value = entry.value
    if value is None or (value == "/" and cell.slash_allowed):
        return True
    if isinstance(value, int):
        return value >= 0
    if isinstance(value, Decimal):
        return cell.kind == "fee" and value >= 0
    return False


class Numbers(dict[str, dict[tuple[str, str], int | Decimal | None]]):
    """The usable number of every data cell, by table key then (row, col); None where the entry is blank, "/" or
    invalid (the table rules report those). ``of(cell)`` reads it by spec cell."""

    def of(self, cell: spec.DataCell) -> int | Decimal | None:
        return self[cell.table].get((cell.row, cell.col))


def _usable(entry: Entry, cell: spec.DataCell) -> int | Decimal | None:
    """The number a cell contributes to sums and narrative checks; None for blank, "/" or an invalid entry."""
    return entry.value if entry.is_number and _valid(entry, cell) else None  # type: ignore[return-value]


def numbers(report: AnnualReport) -> Numbers:
    """Every data cell as a usable number, or None where the entry is blank, "/" or invalid (for narrative rules)."""
    return _numbers_from(_cell_frame(_as_2021(report)))


def _numbers_from(frame: pd.DataFrame) -> Numbers:
    out = Numbers({key: {} for key in spec.TABLES})
    by_place = _cells_by_place()
    for place, entry in zip(frame.index, frame["entry"], strict=True):
        cell = by_place[place]
        out[cell.table][(cell.row, cell.col)] = _usable(entry, cell)
    return out


# ---- phase 1: cell domain -----------------------------------------------------------------------------------------


def _fee_threshold(report: AnnualReport) -> Decimal:
    kind = report.agency.kind or ""
    for level, threshold in spec.FEE_YUAN_THRESHOLDS.items():
        if level in kind:
            return Decimal(threshold)
    return Decimal(spec.FEE_YUAN_THRESHOLD)


@cache
def _cells_by_place() -> dict[str, spec.DataCell]:
    return {f"{t.sheet}!{c.address}": c for t in spec.TABLES.values() for c in t.cells}


def _cell_frame(report: AnnualReport) -> pd.DataFrame:
    import pandas as pd

    places, entries = [], []
    for place, cell in _cells_by_place().items():
        places.append(place)
        entries.append(read_entry(report.get(cell.table, cell.row, cell.col)))
    return pd.DataFrame({"entry": entries}, index=places)


@cache
def _cell_schema():
    """Phase-1 schema: the cell rules, each a check named with its rule id."""
    import pandera.pandas as pa

    by_place = _cells_by_place()

    def blank_ok(entry: Entry) -> bool:
        return entry.value is not None

    def slash_ok(entry: Entry, cell: spec.DataCell) -> bool:
        """T-12b warns about "/" where it is allowed; elsewhere "/" is an invalid entry, T-5's."""
        return entry.value != "/" or not cell.slash_allowed

    def text_number_ok(entry: Entry, cell: spec.DataCell) -> bool:
        """T-5b warns about a usable number typed as text; an unusable one is T-5's. The fee may be an ASCII
        decimal string: that is how Report JSON carries it exactly."""
        if entry.note is None or not _valid(entry, cell):
            return True
        return cell.kind == "fee" and entry.note == spec.NOTE_TEXT_NUMBER

    def per_cell(ok: Callable[[Entry, spec.DataCell], bool]) -> Callable[[pd.DataFrame], pd.Series]:
        """A frame-level check from a rule that needs to know the cell (its kind, whether "/" is allowed)."""

        def check(frame: pd.DataFrame) -> pd.Series:
            import pandas as pd

            return pd.Series(
                [ok(e, by_place[p]) for p, e in zip(frame.index, frame["entry"], strict=True)], index=frame.index
            )

        return check

    return pa.DataFrameSchema(
        {"entry": pa.Column(object, checks=[pa.Check(blank_ok, name="T-12", element_wise=True, ignore_na=False)])},
        checks=[
            pa.Check(per_cell(slash_ok), name="T-12b"),
            pa.Check(per_cell(_valid), name="T-5"),
            pa.Check(per_cell(text_number_ok), name="T-5b"),
        ],
    )


def _phase1(report: AnnualReport, frame: pd.DataFrame) -> list[Finding]:
    failures = _failures(_cell_schema(), frame)
    findings: list[Finding] = []
    by_place = _cells_by_place()
    for rule_id, place in failures:
        cell = by_place[place]
        findings.append(_cell_finding(rule_id, cell, frame.at[place, "entry"]))
    findings += _fee_findings(report, frame)
    return findings


def _cell_finding(rule_id: str, cell: spec.DataCell, entry: Entry) -> Finding:
    found: Any = entry.raw
    expected: Any = None
    detail = ""
    if rule_id == "T-5":
        expected = spec.FEE_DOMAIN if cell.kind == "fee" else spec.COUNT_DOMAIN
        found = entry.raw if not isinstance(entry.raw, str) else entry.raw.strip(_BLANKS)
    elif rule_id == "T-5b":
        value = entry.value  # T-5b fails only on a valid number (``_valid``): an int or a Decimal
        expected = fee_text(value) if isinstance(value, Decimal) else value
        detail = entry.note or ""
    return Finding.at(rule_id, cell, found=found, expected=expected, detail=detail)


def _fee_findings(report: AnnualReport, frame: pd.DataFrame) -> list[Finding]:
    """T-13: a fee in 万元 so large that it was probably entered in yuan."""
    out = []
    threshold = _fee_threshold(report)
    for place, cell in _cells_by_place().items():
        entry = frame.at[place, "entry"]
        if cell.kind == "fee" and entry.is_number and entry.value >= threshold:
            out.append(Finding.at("T-13", cell, found=fee_text(entry.value)))
    return out


# ---- phase 2: identities ------------------------------------------------------------------------------------------


def _wide_frame(table: spec.TableSpec, frame: pd.DataFrame) -> pd.DataFrame:
    """The table as its official grid of numbers (NaN where phase 1 found no usable number)."""
    import pandas as pd

    grid: dict[str, dict[int, float]] = {}
    entries = dict(zip(frame.index, frame["entry"], strict=True))  # one pass, not a pandas lookup per cell
    for cell in table.cells:
        value = _usable(entries[f"{table.sheet}!{cell.address}"], cell)
        letter, row = _letter_row(cell.address)
        grid.setdefault(letter, {})[row] = float("nan") if value is None else float(value)
    return pd.DataFrame(grid)


def _identity_check(table: spec.TableSpec, identities: tuple[spec.Identity, ...]):
    """A DataFrame-level check: False exactly at the compared cell of each broken identity."""

    def check(df: pd.DataFrame) -> pd.DataFrame:
        import numpy as np
        import pandas as pd

        # Positions are looked up once per frame: pandas' scalar .at costs more than the sums themselves.
        rows = {r: i for i, r in enumerate(df.index)}
        cols = {c: j for j, c in enumerate(df.columns)}
        grid = df.to_numpy(dtype=float)
        ok = np.ones(grid.shape, dtype=bool)

        def at(key: tuple[str, str]) -> tuple[int, int]:
            letter, row = _place(table, key)
            return rows[row], cols[letter]

        for identity in identities:
            total = at(identity.total)
            terms = [grid[at(k)] for k in identity.terms]
            minus = [grid[at(k)] for k in identity.minus]
            found = grid[total]
            values = [found, *terms, *minus]
            if any(v != v for v in values):  # NaN: the cell was reported in phase 1
                continue
            if found != sum(terms) - sum(minus):
                ok[total] = False
        return pd.DataFrame(ok, index=df.index, columns=df.columns)

    return check


def _place(table: spec.TableSpec, key: tuple[str, str]) -> tuple[str, int]:
    """(column letter, grid row) of a (row, col) key — reversed with [::-1] for DataFrame .at[row, col]."""
    return _place_in(table.key, key)


@cache
def _place_in(table_key: str, key: tuple[str, str]) -> tuple[str, int]:
    return _letter_row(spec.TABLES[table_key].cell(*key).address)


def _letter_row(address: str) -> tuple[str, int]:
    """ "D27" → ("D", 27): the wide frame's column label and index, so a failure case reads back as its address."""
    row, col = cells.parse(address)
    return cells.column_letter(col), row


@cache
def _identity_schema(table_key: str):
    import pandera.pandas as pa

    table = spec.TABLES[table_key]
    rules = dict.fromkeys(i.rule for i in spec.IDENTITIES if i.table == table_key)
    checks = [
        pa.Check(
            _identity_check(table, tuple(i for i in spec.IDENTITIES if i.rule == r and i.table == table_key)), name=r
        )
        for r in rules
    ]
    return pa.DataFrameSchema(checks=checks)


@cache
def _identity_by_total() -> dict[tuple[str, str, str], spec.Identity]:
    return {(i.rule, i.table, spec.TABLES[i.table].cell(*i.total).address): i for i in spec.IDENTITIES}


def _phase2(frame: pd.DataFrame) -> list[Finding]:
    findings: list[Finding] = []
    for table_key in dict.fromkeys(i.table for i in spec.IDENTITIES):
        table = spec.TABLES[table_key]
        wide = _wide_frame(table, frame)
        for rule_id, (row, letter) in _failures(_identity_schema(table_key), wide, wide_cases=True):
            identity = _identity_by_total()[(rule_id, table_key, f"{letter}{row}")]
            findings.append(_identity_finding(table, identity, wide))
    return findings


def _identity_finding(table: spec.TableSpec, identity: spec.Identity, wide: pd.DataFrame) -> Finding:
    def value(key: tuple[str, str]) -> float:
        letter, row = _place(table, key)
        return wide.at[row, letter]

    total_cell = table.cell(*identity.total)
    expected = sum(value(k) for k in identity.terms) - sum(value(k) for k in identity.minus)
    compared = (table.cell(*k) for k in (*identity.terms, *identity.minus))
    return Finding.at(identity.rule, total_cell, *compared, found=_int(value(identity.total)), expected=_int(expected))


def _int(value: float) -> int | float:
    return whole(float(value))


# ---- running pandera --------------------------------------------------------------------------------------------


def _failures(schema, frame: pd.DataFrame, wide_cases: bool = False) -> list[tuple[str, Any]]:
    """Run a schema lazily and return (check name, index) pairs; for wide checks, (check name, (row, column))."""
    import pandera.pandas as pa

    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        out: list[tuple[str, Any]] = []
        for case in exc.failure_cases.itertuples(index=False):
            if wide_cases:
                out += [(case.check, (int(case.index), letter)) for letter in case.failure_case]
            else:
                out.append((case.check, case.index))
        return out
    return []


# ---- entry point --------------------------------------------------------------------------------------------------


def _as_2021(report: AnnualReport) -> AnnualReport:
    """A 2019-format table 三 (one （六）其他处理 row, flagged by the audit as R-2) checked in the 2021 grid.

    The old row's figures stand in the first （六） sub-row and the other two count 0, so the sums are still checked
    and the rows that the old format does not have are not reported as blank.
    """
    if report.table3_variant != "2019":
        return report
    tables = {key: dict(values) for key, values in report.tables.items()}
    for col in spec.T3_COLS:
        tables["table3"][(spec.T3_OTHER_ROWS[0], col)] = report.get("table3", spec.T3_OLD_OTHER, col)
        for row in spec.T3_OTHER_ROWS[1:]:
            tables["table3"][(row, col)] = 0
    return replace(report, tables=tables)


def unread_cells(report: AnnualReport) -> set[tuple[str, str, str]]:
    """(table, row, col) of every cell an importer could not read (provenance "missing"), in the 2021 grid."""
    keys = _provenance_keys()
    out: set[tuple[str, str, str]] = set()
    for key, how in report.provenance.items():
        if how == "missing" and key in keys:
            out.add(keys[key])
    return out


@cache
def _provenance_keys() -> dict[str, tuple[str, str, str]]:
    """ "table/row/col" → (table, row, col); row and column names may hold "/" themselves. The 2019 single
    （六）其他处理 row stands in its first 2021 sub-row, as in ``_as_2021``."""
    out: dict[str, tuple[str, str, str]] = {
        f"{c.table}/{c.row}/{c.col}": (c.table, c.row, c.col) for t in spec.TABLES.values() for c in t.cells
    }
    for col in spec.T3_COLS:
        out[f"table3/{spec.T3_OLD_OTHER}/{col}"] = ("table3", spec.T3_OTHER_ROWS[0], col)
    return out


def _unread_findings(findings: list[Finding], unread: set[tuple[str, str, str]]) -> list[Finding]:
    """Unread is not blank: an unread cell gets U-1 (naming the identities left unchecked) instead of T-12.

    The identities that use it are skipped already (a None cell is NaN in phase 2)."""
    if not unread:
        return findings
    places = {(spec.TABLES[t].sheet, spec.TABLES[t].cell(r, c).address): (t, r, c) for t, r, c in unread}
    out = [f for f in findings if not (f.rule == "T-12" and (f.sheet, f.cells[0]) in places)]
    for _place, (table, row, col) in sorted(places.items()):
        cell = spec.TABLES[table].cell(row, col)
        rules = sorted({i.rule for i in spec.IDENTITIES if i.table == table and (row, col) in i.members()})
        detail = f"用到它的 {'、'.join(rules)} 勾稽关系未核对" if rules else "没有用到它的勾稽关系"
        out.append(Finding.at("U-1", cell, detail=detail))
    return out


def check_tables(report: AnnualReport) -> tuple[Findings, Numbers]:
    """Every table rule of the spec, plus the usable numbers it read, so that the narrative and cross-year rules
    compare with exactly what the table rules saw (and no cell is read twice)."""
    unread = unread_cells(report)
    report = _as_2021(report)
    frame = _cell_frame(report)
    findings = _unread_findings(_phase1(report, frame) + _phase2(frame), unread)
    order = {sheet: i for i, sheet in enumerate(spec.SHEETS)}
    findings.sort(key=lambda f: (order.get(f.sheet, 99), _cell_order(f.cells[0] if f.cells else ""), f.rule))
    return Findings(findings), _numbers_from(frame)


def validate(report: AnnualReport) -> Findings:
    """Run every table rule of the spec on a report; findings come out in sheet and cell order."""
    return check_tables(report)[0]


def _cell_order(address: str) -> tuple[int, int]:
    """Reading order (row by row, left to right); a finding without a cell comes first on its sheet."""
    return cells.parse(address) if address else (0, 0)
