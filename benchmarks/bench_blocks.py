"""Benchmark of the block reading of table 三 (xltool/importers/blocks.py, pdftotext's default mode).

Run from the repo root: python benchmarks/bench_blocks.py [--trials N] [--seed S]. Two parts:

* the worst cases: tables the search cannot prune (all zeros, zeros and one 1, one wrong cell among zeros) and
  random numbers, each read once; prints the time and the steps, which the budget (blocks.MAX_STEPS) bounds;
* a trial of safety: random tables (20–80 % zeros, three in ten with one wrong cell, one in four with one or two
  whole rows of zeros printed blank: the numbers fall short of the cells) printed by random guillotine readings, many of them outside the grammar the search knows (several wide strips, deeper nesting), read back;
  prints how many were read right, left unread (several grids or none), stopped by the budget, and read WRONG.

Not a test: nothing here asserts. Figures in docs/import-audit.md.
"""

from __future__ import annotations

import argparse
import random
import time

from xltool import spec
from xltool.importers import blocks
from xltool.importers.tables import layout

ROWS, COLS = len(spec.T3_ROWS), len(spec.T3_COLS)
RESULTS = [i for i, r in enumerate(spec.T3_ROWS) if r.key in spec.T3_RESULT_ROWS]
ROW = {r.key: i for i, r in enumerate(spec.T3_ROWS)}


def read(values: list[int]) -> tuple[str, list[tuple[int | None, ...]], float]:
    """The reading as read_in_blocks makes it: without a wrong cell, then with one; or, the numbers short of the
    cells by whole rows, with blank rows (any row may be one); outcome, grids, seconds."""
    _keys, sums = blocks.sums_of(layout(spec.TABLE3))
    start = time.perf_counter()
    found: list
    try:
        if len(values) < ROWS * COLS:
            blank, _used = blocks.search_blank(values, ROWS, COLS, sums, range(ROWS))
            found = [grid for _rows, grid in blank]
        else:
            found, used = blocks.search(values, ROWS, COLS, sums, 0, blocks.MAX_STEPS)
            if not found:
                found, _used = blocks.search(values, ROWS, COLS, sums, 1, blocks.MAX_STEPS - used)
        outcome = "read" if len(found) == 1 else "unread"
    except blocks.Overrun:
        found, outcome = [], "overrun"
    return outcome, found, time.perf_counter() - start


def table(rng: random.Random, zeros: float) -> list[list[int]]:
    """A table 三 that satisfies every identity, with about ``zeros`` of its result cells 0."""
    grid = [[0] * COLS for _ in range(ROWS)]
    for c in range(COLS - 1):
        for r in RESULTS:
            grid[r][c] = 0 if rng.random() < zeros else rng.choice((rng.randint(1, 9), rng.randint(10, 300)))
        total = sum(grid[r][c] for r in RESULTS)
        carried_out = 0 if rng.random() < zeros else rng.randint(0, 50)
        carried_in = 0 if rng.random() < zeros else rng.randint(0, total + carried_out)
        grid[ROW[spec.T3_GRAND_TOTAL]][c] = total
        grid[ROW[spec.T3_CARRIED_OUT]][c] = carried_out
        grid[ROW[spec.T3_CARRIED_IN]][c] = carried_in
        grid[ROW[spec.T3_RECEIVED]][c] = total + carried_out - carried_in
    for row in grid:
        row[-1] = sum(row[:-1])
    return grid


def guillotine(rng: random.Random, rect: tuple[int, int, int, int], depth: int = 0) -> list[tuple[int, int]]:
    """The cells of a rectangle in a random guillotine reading order (any nesting, any number of wide strips)."""
    top, bottom, left, right = rect
    pick = rng.random()
    if bottom - top == 1 or right - left == 1 or depth > 3 or pick < 0.3:
        across = rng.random() < 0.5
        rows, cols = range(top, bottom), range(left, right)
        return [(i, j) for i in rows for j in cols] if across else [(i, j) for j in cols for i in rows]
    if pick < 0.65:
        k = rng.randint(top + 1, bottom - 1)
        return guillotine(rng, (top, k, left, right), depth + 1) + guillotine(rng, (k, bottom, left, right), depth + 1)
    k = rng.randint(left + 1, right - 1)
    return guillotine(rng, (top, bottom, left, k), depth + 1) + guillotine(rng, (top, bottom, k, right), depth + 1)


def printed(rng: random.Random) -> list[tuple[int, int]]:
    """Page bands of at least three rows, each read in a random guillotine order."""
    order: list[tuple[int, int]] = []
    top = 0
    while top < ROWS:
        h = rng.randint(3, ROWS - top) if ROWS - top > 3 else ROWS - top
        order += guillotine(rng, (top, top + h, 0, COLS))
        top += h
    return order


def zero_rows(grid: list[list[int]], rows: list[int]) -> None:
    """Set whole result rows or the carried-out row to 0 and take down the totals that counted them (（七）总计 for a
    result row, and 本年新收; what 本年新收 cannot give, the carried-in), as a clerk's table with rows of zeros."""
    for r in rows:
        for c in range(COLS - 1):
            cut, grid[r][c] = grid[r][c], 0
            if r in RESULTS:
                grid[ROW[spec.T3_GRAND_TOTAL]][c] -= cut
            grid[ROW[spec.T3_RECEIVED]][c] -= cut
            if grid[ROW[spec.T3_RECEIVED]][c] < 0:
                grid[ROW[spec.T3_CARRIED_IN]][c] += grid[ROW[spec.T3_RECEIVED]][c]
                grid[ROW[spec.T3_RECEIVED]][c] = 0
    for row in grid:
        row[-1] = sum(row[:-1])


def blank_printed(grid: list[list[int]], rows: list[int], rng: random.Random) -> list[int]:
    """The table with those rows zero, printed in a random reading with those rows' cells blank (nothing printed)."""
    zero_rows(grid, rows)
    return [grid[i][j] for i, j in printed(rng) if i not in rows]


def worst_cases() -> None:
    rng = random.Random(1)
    cases = {
        "全为 0": [0] * (ROWS * COLS),
        "全为 0，末尾一个 1": [0] * (ROWS * COLS - 1) + [1],
        "全为 0，开头一个 1": [1] + [0] * (ROWS * COLS - 1),
        "0–9 的随机数": [rng.randint(0, 9) for _ in range(ROWS * COLS)],
        "全为 0，两行留空": [0] * ((ROWS - 2) * COLS),
        "0–9 的随机数，两行留空": [rng.randint(0, 9) for _ in range((ROWS - 2) * COLS)],
        "“四、结转下年度”留空": blank_printed(table(rng, 0.5), [ROW[spec.T3_CARRIED_OUT]], rng),
        "（六）2、3 两行留空": blank_printed(table(rng, 0.5), [ROW[r] for r in spec.T3_OTHER_ROWS[1:]], rng),
    }
    print("| 输入 | 结果 | 用时 |\n|---|---|---:|")
    for name, values in cases.items():
        outcome, _found, seconds = read(values)
        print(f"| {name} | {outcome} | {seconds:.2f} s |")


def trial(trials: int, seed: int) -> None:
    rng = random.Random(seed)
    tally: dict[str, int] = {}
    slowest = 0.0
    for _ in range(trials):
        grid = table(rng, rng.choice((0.2, 0.5, 0.8)))
        order = printed(rng)
        blank: list[int] = []
        if rng.random() < 0.25:  # one or two rows of zeros printed blank
            blank = rng.sample([*RESULTS, ROW[spec.T3_CARRIED_OUT]], rng.randint(1, 2))
            zero_rows(grid, blank)
        elif rng.random() < 0.3:  # one wrong cell, printed as it is
            i, j = rng.randrange(ROWS), rng.randrange(COLS)
            grid[i][j] += 5
        truth = tuple(None if i in blank else v for i, row in enumerate(grid) for v in row)
        outcome, found, seconds = read([grid[i][j] for i, j in order if i not in blank])
        if outcome == "read":
            outcome = "right" if found[0] == truth else "WRONG"
        key = f"{outcome} (blank rows)" if blank else outcome
        tally[key] = tally.get(key, 0) + 1
        slowest = max(slowest, seconds)
    print(f"\n{trials} random tables: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.items())))
    print(f"slowest reading {slowest:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2)
    args = parser.parse_args()
    worst_cases()
    trial(args.trials, args.seed)


if __name__ == "__main__":
    main()
