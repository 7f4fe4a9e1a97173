"""A1 address arithmetic (xltool/cells.py): the one convention every module relies on."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xltool import cells

ROWS = st.integers(1, cells.MAX_ROW)
COLS = st.integers(1, cells.MAX_COL)


@pytest.mark.parametrize(
    ("address", "place"),
    [
        ("A1", (1, 1)),
        ("D27", (27, 4)),
        ("Z9", (9, 26)),
        ("AA1", (1, 27)),
        ("AZ3", (3, 52)),
        ("BA3", (3, 53)),
        ("ZZ1", (1, 702)),
        ("AAA1", (1, 703)),
        ("XFD1048576", (1_048_576, 16_384)),
    ],
)
def test_known_addresses(address, place):
    assert cells.parse(address) == place
    assert cells.address(*place) == address


@pytest.mark.parametrize("bad", ["", "A", "1", "A0", "a1", "$A$1", "D 4", "A01", "XFE1", "A1048577", "AAAA1", "D4:E5"])
def test_bad_addresses_are_refused(bad):
    with pytest.raises(ValueError):
        cells.parse(bad)


@pytest.mark.parametrize(("row", "col"), [(0, 1), (1, 0), (1_048_577, 1), (1, 16_385)])
def test_places_outside_the_sheet_are_refused(row, col):
    with pytest.raises(ValueError):
        cells.address(row, col)


@given(ROWS, COLS)
def test_address_and_parse_round_trip(row, col):
    assert cells.parse(cells.address(row, col)) == (row, col)
    assert cells.column_number(cells.column_letter(col)) == col


@given(st.integers(1, 5000), st.integers(1, 5000))
def test_column_letters_sort_like_their_numbers(a, b):
    """Shorter letter strings come first, then alphabetical: the order Excel's columns have."""
    la, lb = cells.column_letter(a), cells.column_letter(b)
    assert (a < b) == ((len(la), la) < (len(lb), lb))


def test_expand_goes_row_by_row():
    assert cells.expand("D4:E5") == ["D4", "E4", "D5", "E5"]
    assert cells.expand("B7") == ["B7"]
    assert cells.expand("Y1:AB1") == ["Y1", "Z1", "AA1", "AB1"]
    assert cells.expand("E5:D4") == cells.expand("D4:E5")


def test_bounds_and_area():
    assert cells.bounds("B7:D9") == (7, 2, 9, 4)
    assert cells.bounds("B7") == (7, 2, 7, 2)
    assert cells.area(7, 2, 9, 4) == "B7:D9"
    assert cells.area(7, 2, 7, 2) == "B7"


def test_compact_joins_runs_into_rectangles():
    addresses = ["D4", "E4", "F4", "D5", "E5", "F5", "H9", "B7", "B10", "B11"]
    assert cells.compact(addresses) == ["D4:F5", "B7", "H9", "B10:B11"]


def test_compact_of_a_row_and_a_column():
    assert cells.compact(["D6", "E6", "F6", "G6"]) == ["D6:G6"]
    assert cells.compact(["D6", "D7", "D8"]) == ["D6:D8"]
    assert cells.compact(["D6", "D6", "D7"]) == ["D6:D7"]
    assert cells.compact([]) == []


def test_compact_takes_the_shorter_sweep():
    """A "T" is two rectangles along the rows (three down the columns); lying on its side, the other way round."""
    tee = ["A1", "B1", "C1", "B2", "B3"]
    assert cells.compact(tee) == ["A1:C1", "B2:B3"]
    side = ["A1", "A2", "A3", "B2", "C2"]
    assert cells.compact(side) == ["A1:A3", "B2:C2"]
    legs = ["A1", "B1", "C1", "D1", "A2", "D2"]  # three either way: down the columns, as the template was built
    assert cells.compact(legs) == ["A1:A2", "B1:C1", "D1:D2"]


places = st.sets(st.tuples(st.integers(1, 12), st.integers(1, 30)), max_size=60)


@given(places)
def test_compact_covers_exactly_the_addresses_once(points):
    addresses = [cells.address(r, c) for r, c in points]
    refs = cells.compact(addresses)
    covered = [a for ref in refs for a in cells.expand(ref)]
    assert sorted(covered) == sorted(addresses), "every address once, nothing else"
    assert refs == sorted(refs, key=lambda ref: cells.bounds(ref)[:2]), "ordered by top-left corner, row first"
    assert len(refs) <= len(addresses)


@given(st.integers(1, 30), st.integers(1, 30), st.integers(0, 20), st.integers(0, 20))
def test_a_full_rectangle_compacts_to_itself(r, c, h, w):
    ref = cells.area(r, c, r + h, c + w)
    assert cells.compact(cells.expand(ref)) == [ref]


def test_import_is_light():
    """spec imports this module, and the add-in's click starts a fresh Python: standard library only."""
    code = "import sys, xltool.cells; print(sorted(m for m in sys.modules if m.split('.')[0] == 'xltool'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['xltool', 'xltool.cells']"
