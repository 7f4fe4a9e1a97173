"""The drafted copy: the clerk's workbook with its empty narrative parts written from the tables (``xltool draft``).

Only cells that are empty (or hold nothing but spaces) get text; whatever the clerk typed is kept exactly as it is.
The sentences come from ``drafting`` and hold placeholders, so the copy's prose follows its tables from then on.
``src`` is only read; the copy appears whole or not at all, and an existing file is replaced only when asked to.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import drafting
from .celltext import write_cell
from .files import refuse_overwrite

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook

#: What happened to one narrative part.
DRAFTED, KEPT, LEFT, UNKNOWN = "drafted", "kept", "left", "unknown"


@dataclass(frozen=True)
class PartResult:
    """One narrative part of the copy: drafted (with its text), kept (the clerk's text), left empty (the tables say
    nothing about it), or not drafted because a cell it reads is blank or invalid (``places``)."""

    part: drafting.Part
    status: str
    text: str | None = None
    places: tuple[tuple[str, str], ...] = ()

    @property
    def where(self) -> str:
        return f"{self.part.sheet}!{self.part.cell}（{self.part.label}）"


@dataclass
class DraftResult:
    """The parts of a drafted copy, in workbook order."""

    path: Path
    parts: list[PartResult] = field(default_factory=list)

    def having(self, status: str) -> list[PartResult]:
        return [p for p in self.parts if p.status == status]


def draft_parts(src: str | os.PathLike[str]) -> DraftResult:
    """What ``write_drafted_copy`` would write, without writing (the web page and tests use it too)."""
    return _drafted(Path(src))[1]


def write_drafted_copy(src: str | os.PathLike[str], dst: str | os.PathLike[str], force: bool = False) -> DraftResult:
    """Save a copy of ``src`` at ``dst`` whose empty narrative parts hold the drafted standard sentences."""
    src, dst = Path(src), Path(dst)
    refuse_overwrite(dst, src, force=force)
    wb, result = _drafted(src)
    result.path = dst
    from .workbook import save_workbook

    wb.properties.modified = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    save_workbook(wb, dst, fixed=False)
    return result


def _drafted(src: Path) -> tuple[Workbook, DraftResult]:
    from ..readers.xlsx import read_workbook
    from .marking import load_copy

    report = read_workbook(src)  # refuses what is not our workbook, with the reader's messages
    wb = load_copy(src)
    result = DraftResult(src)
    for part in drafting.parts():
        cell = wb[part.sheet][part.cell]
        if not _empty(cell.value):
            result.parts.append(PartResult(part, KEPT, str(cell.value)))
            continue
        try:
            text = drafting.draft_part(part, report)
        except drafting.Unknown as exc:
            result.parts.append(PartResult(part, UNKNOWN, places=exc.places))
            continue
        if text is None:
            result.parts.append(PartResult(part, LEFT))
            continue
        write_cell(cell, text)
        result.parts.append(PartResult(part, DRAFTED, text))
    return wb, result


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
