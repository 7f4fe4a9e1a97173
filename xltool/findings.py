"""Findings: what validation and audit say about a report, as data.

A ``Finding`` stores only facts (rule id, place, labels, values); its Chinese message is rendered from the rule's
template in ``spec`` on demand, so the wording lives in one place. ``Findings`` is the collection every front end
(terminal, JSON, marked copy, ribbon add-in) formats. Nothing here evaluates a rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from . import spec
from .model import whole


@dataclass(frozen=True)
class Finding:
    """One broken rule at one place.

    ``cells`` lists every cell the rule looked at, the one whose value is compared first; ``found`` and ``expected``
    belong to that first cell. A narrative finding has no cells and quotes its sentence in ``detail``.
    """

    rule: str
    sheet: str
    cells: tuple[str, ...] = ()
    row_label: str = ""
    col_label: str = ""
    found: Any = None
    expected: Any = None
    detail: str = ""
    explanation: str | None = None  # the clerk's written explanation of a warning (已说明)

    @classmethod
    def at(
        cls,
        rule: str,
        cell: spec.DataCell,
        *compared: spec.DataCell,
        found: Any = None,
        expected: Any = None,
        detail: str = "",
    ) -> Finding:
        """A finding at a table's data cell, its sheet and labels taken from the spec; ``compared`` are the other cells
        the rule looked at. The one way a rule names a table cell, so no rule positions a finding by hand."""
        return cls(
            rule,
            spec.TABLES[cell.table].sheet,
            (cell.address, *(c.address for c in compared)),
            cell.row_label,
            cell.col_label,
            found,
            expected,
            detail,
        )

    @property
    def severity(self) -> spec.Severity:
        return spec.rule(self.rule).severity

    @property
    def where(self) -> str:
        return f"{self.sheet}!{self.cells[0]}" if self.cells else self.sheet

    @property
    def key(self) -> str:
        """Stable identity across runs, used to attach explanations: rule and first place."""
        return f"{self.rule}@{self.where}" + (f"#{self.detail[:40]}" if not self.cells and self.detail else "")

    @property
    def explained(self) -> bool:
        return self.severity == spec.WARNING and bool(self.explanation)

    @property
    def message(self) -> str:
        """The Chinese message, rendered from the rule's template (a missing field raises: no silent blanks)."""
        return spec.rule(self.rule).template.format(
            where=self.where,
            row=self.row_label,
            col=self.col_label,
            found=show_value(self.found),
            expected=show_value(self.expected),
            detail=self.detail,
        )

    def to_json(self) -> dict[str, Any]:
        out = {
            "rule": self.rule,
            "severity": self.severity,
            "sheet": self.sheet,
            "cells": list(self.cells),
            "message": self.message,
            "found": self.found,
            "expected": self.expected,
        }
        if self.explanation:
            out["explanation"] = self.explanation
        return out


def show_value(value: Any) -> str:
    """A found or expected value as people read it: a blank is 空白, a whole float has no ".0"."""
    if value is None:
        return "空白"
    return str(whole(value))


@dataclass(frozen=True)
class FindingGroup:
    """Findings a clerk should read together: those that share a likely cause under that cell, or one on its own.

    One wrong number breaks every sum it is part of (a row total and its column total): the cell the broken sums
    share is the likely cause, and "fixing" one of the other cells would make the report worse.
    """

    cause: str | None  # "三、依申请公开!J6", or None for a finding that shares its cause with no other
    findings: tuple[Finding, ...]

    @property
    def heading(self) -> str:
        """The line printed above a group: "可能的原因：三、依申请公开!J6（以下 2 条）"."""
        return f"可能的原因：{self.cause}（以下 {len(self.findings)} 条，请先核对这个单元格）" if self.cause else ""


#: The order a clerk reads findings in: what must be corrected, then what to look at, then what could not be read.
SEVERITY_ORDER: tuple[str, ...] = (spec.ERROR, spec.WARNING, spec.UNCHECKED)


@dataclass
class Findings:
    """All findings for one report, in the order they were made."""

    items: list[Finding] = field(default_factory=list)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def extend(self, more: Iterable[Finding]) -> None:
        self.items.extend(more)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.items if f.severity == spec.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.items if f.severity == spec.WARNING]

    @property
    def unchecked(self) -> list[Finding]:
        """Cells that could not be read from a published file (U-1): not defects, but the audit is incomplete."""
        return [f for f in self.items if f.severity == spec.UNCHECKED]

    @property
    def status(self) -> str:
        """The verdict a reviewer sorts by: 有错误, 审核不完整 (something could not be read, nothing wrong found),
        有警告 or 通过."""
        if self.errors:
            return "有错误"
        if self.unchecked:
            return "审核不完整"
        return "有警告" if self.counts()["warnings"] else "通过"

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def exit_code(self) -> int:
        """0 when clean or warnings only, 1 when any error remains."""
        return 0 if self.valid else 1

    def counts(self) -> dict[str, int]:
        c = Counter(f.severity for f in self.items)
        explained = sum(1 for f in self.items if f.explained)
        return {
            "errors": c[spec.ERROR],
            "warnings": c[spec.WARNING] - explained,
            "explained": explained,
            "unchecked": c[spec.UNCHECKED],
        }

    def summary(self) -> str:
        n = self.counts()
        if not self.items:
            return "校验通过：未发现问题。"
        text = f"发现 {n['errors']} 个错误、{n['warnings']} 个警告"
        if n["explained"]:
            text += f"（另有 {n['explained']} 个警告已说明）"
        text += "。"
        if n["unchecked"]:
            text = (
                f"审核不完整：{n['unchecked']} 个单元格未能从原文读取，用到它们的规则未核对，请对照原文补录后重新审核；"
                + text
            )
        return text

    def flatten(self, keys: list[str]) -> list[list[Any]]:
        """A list of lists for terse assertions, e.g. ``flatten(["rule", "cells"])`` (frictionless style)."""
        return [[list(v) if isinstance(v := getattr(f, k), tuple) else v for k in keys] for f in self.items]

    def to_json(self) -> dict[str, Any]:
        return {"findings": [f.to_json() for f in self.items], "status": self.status}

    def ordered(self) -> list[Finding]:
        """Errors first, then warnings (explained ones last), then unread cells; otherwise in the order found."""
        rank = {severity: i for i, severity in enumerate(SEVERITY_ORDER)}
        return sorted(self.items, key=lambda f: (rank.get(f.severity, len(rank)), f.explained))

    def groups(self) -> list[FindingGroup]:
        """The findings in reading order, those with the same likely cause gathered under it.

        The likely cause of a broken sum is the first of its cells that another broken sum of the same severity on
        the same sheet also adds up (the rule ``marked_cells`` colours). A group stands where its first finding
        would; the terminal, the 校验结果 sheet and the ribbon all print these groups.
        """
        shared = self._shared_cells()
        causes: dict[Finding, str] = {}
        for f in self.items:
            if len(f.cells) > 1 and not f.explained and f.severity != spec.UNCHECKED:
                cell = next((c for c in f.cells if shared[(f.severity, f.sheet, c)] > 1), None)
                if cell is not None:
                    causes[f] = f"{f.sheet}!{cell}"
        per_cause = Counter(causes.values())
        out: list[FindingGroup] = []
        placed: dict[str, list[Finding]] = {}
        for f in self.ordered():
            cause = causes.get(f)
            if cause is None or per_cause[cause] < 2:
                out.append(FindingGroup(None, (f,)))
            elif cause in placed:
                placed[cause].append(f)
            else:
                placed[cause] = [f]
                out.append(FindingGroup(cause, ()))
        return [FindingGroup(g.cause, tuple(placed[g.cause])) if g.cause else g for g in out]

    def _shared_cells(self) -> Counter[tuple[str, str, str]]:
        """How many unexplained broken sums of each severity and sheet add up each cell."""
        seen: Counter[tuple[str, str, str]] = Counter()
        for f in self.items:
            if len(f.cells) > 1 and not f.explained and f.severity != spec.UNCHECKED:
                for cell in set(f.cells):
                    seen[(f.severity, f.sheet, cell)] += 1
        return seen

    def marked_cells(self) -> dict[tuple[str, str], str]:
        """Which cells to colour, as (sheet, cell) → severity.

        A broken sum names every cell it adds up. Where several broken sums of one sheet share cells (a row and a
        column crossing), the shared cells are the likely culprits and only they are marked; a broken sum that
        shares nothing marks its compared cell. Single-cell findings mark their cell. Errors win over warnings.
        """
        marks: dict[tuple[str, str], str] = {}
        items = [f for f in self.items if f.severity != spec.UNCHECKED]  # nothing to correct in the cell
        seen = self._shared_cells()
        for f in items:
            if not f.cells or f.explained:
                continue
            if len(f.cells) == 1:
                targets = list(f.cells)
            else:
                targets = [c for c in f.cells if seen[(f.severity, f.sheet, c)] > 1] or [f.cells[0]]
            for cell in targets:
                key = (f.sheet, cell)
                if marks.get(key) != spec.ERROR:
                    marks[key] = f.severity
        return marks
