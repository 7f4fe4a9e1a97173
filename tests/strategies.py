"""Hypothesis strategies derived from the spec: consistent reports, the way pandera derives data from a schema.

The table sums are not re-implemented here: every identity of ``spec.IDENTITIES`` (``total == sum(terms) -
sum(minus)``) is solved for one of its cells, the others being drawn, so a new or changed identity changes the data.
"""

from __future__ import annotations

from hypothesis import strategies as st

from xltool import spec
from xltool.model import AnnualReport

counts = st.integers(min_value=0, max_value=500)

Key = tuple[str, str, str]  # (table, row, col)


def _key(identity: spec.Identity, member: tuple[str, str]) -> Key:
    return (identity.table, *member)


def _target(identity: spec.Identity) -> Key:
    """The cell an identity is solved for: its total, or with terms subtracted (T-1) its first term, so that the
    solved value can be kept at 0 or more by drawing the other terms within what the identity leaves."""
    return _key(identity, identity.terms[0] if identity.minus else identity.total)


def _solve(draw, identity: spec.Identity, known: dict[Key, int], solved: set[Key]) -> None:
    target = _target(identity)
    members = [_key(identity, m) for m in identity.members()]

    def value(key: Key, at_most: int | None = None) -> int:
        if key not in known:
            known[key] = draw(counts if at_most is None else st.integers(min_value=0, max_value=at_most))
        return known[key]

    if target in known:  # solved by another identity already: this one must then hold by itself
        return
    total, terms, minus = (
        _key(identity, identity.total),
        [_key(identity, t) for t in identity.terms],
        [_key(identity, m) for m in identity.minus],
    )
    if target == total:
        known[target] = sum(value(t) for t in terms) - sum(value(m) for m in minus)
    else:
        room = value(total) + sum(value(m) for m in minus)
        for other in terms[1:]:
            room -= value(other, at_most=room)
        known[target] = room
    assert all(m in known for m in members)


def _drawn_within(identity: spec.Identity) -> set[Key]:
    """The cells an identity solved for a term draws within what it leaves (the other terms)."""
    return {_key(identity, t) for t in identity.terms[1:]} if identity.minus else set()


@st.composite
def consistent_reports(draw) -> AnnualReport:
    """A report whose tables satisfy every identity T-1 … T-4 and every cell rule."""
    report = AnnualReport.blank(year=2024, name="测试镇人民政府")
    known: dict[Key, int] = {}
    solved = {_target(i) for i in spec.IDENTITIES}
    waited_for = solved | {k for i in spec.IDENTITIES for k in _drawn_within(i)}
    pending = list(spec.IDENTITIES)
    while pending:  # an identity is solved once the cells others solve or bound, that it uses, are known
        ready = [
            i
            for i in pending
            if all(
                _key(i, m) in known
                for m in i.members()
                if _key(i, m) in waited_for - {_target(i)} - (_drawn_within(i) - solved)
            )
        ]
        assert ready, "the spec's identities depend on each other in a circle"
        for identity in ready:
            _solve(draw, identity, known, solved)
            pending.remove(identity)
    for table in spec.TABLES.values():
        for cell in table.cells:
            key = (table.key, cell.row, cell.col)
            if cell.kind == "fee":
                report.set_value(cell, str(draw(st.decimals(min_value=0, max_value=999, places=2))))
            else:
                report.set_value(cell, known[key] if key in known else draw(counts))
    return report


all_cells = st.sampled_from([c for t in spec.TABLES.values() for c in t.cells])
