"""The report model: one 年报 between every reader and every writer.

Readers (the openpyxl/calamine file, the live xlwings book, published txt/docx/pdf/html) produce an ``AnnualReport``;
writers (workbook, docx, Report JSON) consume one. Values are kept as read: a blank is ``None``, "/" stays "/", and a
text such as "12件" stays text, so the validator can say exactly what was entered. The model knows nothing of sheets or
cells; the spec maps its keys to places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from . import spec

Value = Any  # int | float | str | None, as read; validation decides what is acceptable
CellKey = tuple[str, str]  # (row key, column key) inside one table
#: How an imported cell was read, when not exactly as printed (``AnnualReport.provenance``).
Provenance = Literal["inferred", "missing"]


@dataclass
class Agency:
    """The 基本信息 of the reporting agency (Report JSON ``agency``)."""

    name: str | None = None
    kind: str | None = None
    address: str | None = None
    postcode: str | None = None
    contact_office: str | None = None  # 联系部门, e.g. 综合办公室 with the agency's full name
    phone: str | None = None
    email: str | None = None
    website_name: str | None = None  # 网站名称, e.g. 中卫市沙坡头区人民政府网站
    website: str | None = None

    @property
    def is_government(self) -> bool:
        """人民政府 at any level must report 工作考核、社会评议和责任追究 (T-16)."""
        return self.kind is not None and "人民政府" in self.kind


@dataclass
class Figure:
    """A figure of the clerk's own (主动公开 by channel, 培训人次 …) for the narrative: a name, the figure it is a part
    of (None: a figure of its own), and the value entered. A figure that has parts totals them (spec.figures)."""

    name: str
    parent: str | None = None
    value: Value = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "parent": self.parent, "value": _json_value(self.value)}


@dataclass
class AnnualReport:
    """One 政府信息公开工作年度报告."""

    year: int | None = None
    agency: Agency = field(default_factory=Agency)
    published: str | None = None
    sections: dict[str, str] = field(default_factory=dict)  # "一" / "五" / "六" → text, paragraphs split by "\n"
    tables: dict[str, dict[CellKey, Value]] = field(default_factory=lambda: {k: {} for k in spec.TABLES})
    table3_variant: str = "2021"  # "2019" for the old trial format with a single （六）其他处理 row
    provenance: dict[str, Provenance] = field(default_factory=dict)  # "table3/row/col" → how it was read; absent: exact
    explanations: dict[str, str] = field(default_factory=dict)  # finding key → the clerk's written explanation
    figures: list[Figure] = field(default_factory=list)  # the clerk's own figures with parts, in sheet order
    text: str | None = (
        None  # full text of a published report as read (title, preamble …), for review points; not in JSON
    )

    # ---- 基本信息 ---------------------------------------------------------------------------------------------------

    def info(self, key: str) -> Any:
        """A 基本信息 field by its spec key (spec.INFO_FIELDS): year and published are the report's, the rest the
        agency's — the one place that knows where each field lives."""
        return getattr(self.agency, key) if key in _AGENCY_KEYS else getattr(self, key)

    def set_info(self, key: str, value: Any) -> None:
        setattr(self.agency if key in _AGENCY_KEYS else self, key, value)

    # ---- values ---------------------------------------------------------------------------------------------------

    def value(self, cell: spec.DataCell) -> Value:
        """The value entered in a spec cell (``spec.TABLE3.cell(row, col)``), as read."""
        return self.tables[cell.table].get((cell.row, cell.col))

    def set_value(self, cell: spec.DataCell, value: Value) -> None:
        self.tables[cell.table][(cell.row, cell.col)] = value

    def get(self, table: str, row: str, col: str) -> Value:
        return self.tables[table].get((row, col))

    def set(self, table: str, row: str, col: str, value: Value) -> None:
        self.tables[table][(row, col)] = value

    @classmethod
    def blank(cls, year: int | None = None, name: str | None = None) -> AnnualReport:
        """The clerk's template: every data cell 0, as published tables show it (the fee as Report JSON's "0")."""
        report = cls(year=year, agency=Agency(name=name))
        for table in spec.TABLES.values():
            for cell in table.cells:
                report.set(table.key, cell.row, cell.col, "0" if cell.kind == "fee" else 0)
        return report

    # ---- Report JSON ----------------------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """Report JSON v1 (docs/reference/report-json.md)."""
        out: dict[str, Any] = {
            "schema": spec.REPORT_SCHEMA,
            "year": self.year,
            "agency": {f.name: getattr(self.agency, f.name) for f in fields(Agency)},
            "published": self.published,
            "sections": {k: self.sections[k] for k in spec.NARRATIVE_SECTIONS if k in self.sections} or None,
            "table2": self._table2_json(),
            "table3": self._table3_json(),
            "table4": [_json_value(self.get("table4", c.row, c.col)) for c in spec.TABLE4.cells],
        }
        if self.table3_variant != "2021":
            out["table3_variant"] = self.table3_variant
        if self.provenance:
            out["provenance"] = dict(self.provenance)
        if self.explanations:
            out["explanations"] = dict(self.explanations)
        if self.figures:
            out["figures"] = [fig.to_json() for fig in self.figures]
        return out

    def _table2_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for row in spec.TABLE2.rows():
            cells = [c for c in spec.TABLE2.cells if c.row == row]
            values = [
                _fee_json(self.get("table2", row, c.col))
                if c.kind == "fee"
                else _json_value(self.get("table2", row, c.col))
                for c in cells
            ]
            out[row] = values if len(values) > 1 else values[0]
        return out

    def _table3_json(self) -> dict[str, Any]:
        rows = [r.key for r in spec.T3_ROWS]
        if self.table3_variant == "2019":
            first = rows.index(spec.T3_OTHER_ROWS[0])
            rows[first : first + len(spec.T3_OTHER_ROWS)] = [spec.T3_OLD_OTHER]
        return {row: [_json_value(self.get("table3", row, col)) for col in spec.T3_COLS] for row in rows}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AnnualReport:
        """Read Report JSON v1; unknown keys are ignored and missing optional fields are null."""
        _check_shape(data)
        agency = data.get("agency") or {}
        report = cls(
            year=data.get("year"),
            agency=Agency(**{f.name: _opt_str(agency.get(f.name)) for f in fields(Agency)}),
            published=data.get("published"),
            sections={
                k: v for k, v in (data.get("sections") or {}).items() if k in spec.NARRATIVE_SECTIONS and v is not None
            },
            table3_variant=data.get("table3_variant") or "2021",
            provenance=dict(data.get("provenance") or {}),
            explanations=dict(data.get("explanations") or {}),
            figures=[
                Figure(_opt_str(x.get("name")) or "", _opt_str(x.get("parent")), x.get("value"))
                for x in data.get("figures") or []
            ],
        )
        table2 = data.get("table2") or {}
        for row in spec.TABLE2.rows():
            cells = [c for c in spec.TABLE2.cells if c.row == row]
            raw = table2.get(row)
            values = raw if isinstance(raw, list) else [raw]
            for cell, value in zip(cells, values + [None] * (len(cells) - len(values)), strict=False):
                report.set("table2", row, cell.col, value)
        for row, values in (data.get("table3") or {}).items():
            for col, value in zip(spec.T3_COLS, values or [], strict=False):
                report.set("table3", row, col, value)
        for cell, value in zip(spec.TABLE4.cells, data.get("table4") or [], strict=False):
            report.set("table4", cell.row, cell.col, value)
        return report


def _check_shape(data: Any) -> None:
    """Refuse JSON whose parts have the wrong type, with a Chinese reason (values themselves are not judged here)."""
    if not isinstance(data, dict):
        raise ValueError("顶层应为对象（{…}）")
    shapes = {
        "agency": dict,
        "sections": dict,
        "table2": dict,
        "table3": dict,
        "table4": list,
        "provenance": dict,
        "explanations": dict,
        "figures": list,
    }
    for key, kind in shapes.items():
        if data.get(key) is not None and not isinstance(data[key], kind):
            raise ValueError(f"“{key}”应为{'对象' if kind is dict else '数组'}")
    for key, text in (data.get("sections") or {}).items():
        if text is not None and not isinstance(text, str):
            raise ValueError(f"sections 的“{key}”应为文字")
    for row, values in (data.get("table3") or {}).items():
        if values is not None and not isinstance(values, list):
            raise ValueError(f"table3 的“{row}”应为 7 个数的数组")
    for item in data.get("figures") or []:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise ValueError("figures 的每一项应为带“name”（名称）的对象")
    year = data.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise ValueError("“year”应为四位整数")


_AGENCY_KEYS = frozenset(f.name for f in fields(Agency))


# ---- value helpers ------------------------------------------------------------------------------------------------


def whole(value: Any) -> Any:
    """A whole float as an int (Excel and COM give 10.0 for 10), anything else as it is: the one rule for printing,
    comparing and exporting an entered number without ".0"."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _json_value(value: Value) -> Value:
    """Counts as JSON ints where they are whole numbers (COM gives 10.0); anything else as read."""
    return whole(value)


def _fee_json(value: Value) -> Value:
    """The fee is a decimal string in 万元, exactly as entered (no float rounding)."""
    if value is None or isinstance(value, str):
        return value
    return fee_text(value)


def fee_text(value: int | float | Decimal) -> str:
    """A number as the shortest decimal string that reads back to it: 1.25 → "1.25", 3.0 → "3"."""
    if isinstance(value, float):
        text = repr(value)
        if "e" in text or "E" in text:
            text = format(Decimal(text), "f")
    else:
        text = str(value)
    try:
        d = Decimal(text)
    except InvalidOperation:
        return text
    if d == d.to_integral_value() and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


# ---- section 一 and its sub-sections -----------------------------------------------------------------------------

_PART_MARK = re.compile(r"^\s*（([一二三四五])）")


def split_overview(text: str) -> list[str]:
    """Split section 一 into [intro, part 1 … part 5] at paragraphs opening with （一）…（五）.

    The split only partitions the paragraphs, so ``join_overview(split_overview(t)) == t`` for any text whose parts
    are in order; a text without the markers stays whole in the intro.
    """
    slots: list[list[str]] = [[] for _ in range(len(spec.OVERVIEW_PARTS) + 1)]
    current = 0
    for para in text.split("\n"):
        m = _PART_MARK.match(para)
        if m:
            n = "一二三四五".index(m.group(1)) + 1
            if n > current:
                current = n
        slots[current].append(para)
    return ["\n".join(s) for s in slots]


def join_overview(parts: list[str | None]) -> str:
    """Inverse of ``split_overview``: the non-empty parts, one after another."""
    return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class LastYear:
    """Last year's report read once (for several audits) together with its file, which messages name."""

    report: AnnualReport
    path: Any = None  # the file it was read from; None for a model given by the caller: messages then say 上年报告
