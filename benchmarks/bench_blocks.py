"""Benchmark of the block reading of table 三 (xltool/importers/blocks.py, pdftotext's default mode).

Run from the repo root: python benchmarks/bench_blocks.py [--trials N] [--seed S]. Two parts:

* the worst cases: tables the search cannot prune (all zeros, zeros and one 1, one wrong cell among zeros) and
  random numbers, each read once; prints the time and the steps, which the budget (blocks.MAX_STEPS) bounds;
* a trial of safety: random tables (20–80 % zeros, three in ten with one wrong cell) printed by random guillotine
  readings, many of them outside the grammar the search knows (several wide strips, deeper nesting), read back;
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


def read(values: list[int]) -> tuple[str, list[tuple[int, ...]], float]:
    """The reading as read_in_blocks makes it: without a wrong cell, then with one; outcome, grids, seconds."""
    _keys, sums = blocks.sums_of(layout(spec.TABLE3))
    start = time.perf_counter()
    try:
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


def worst_cases() -> None:
    rng = random.Random(1)
    cases = {
        "全为 0": [0] * (ROWS * COLS),
        "全为 0，末尾一个 1": [0] * (ROWS * COLS - 1) + [1],
        "全为 0，开头一个 1": [1] + [0] * (ROWS * COLS - 1),
        "0–9 的随机数": [rng.randint(0, 9) for _ in range(ROWS * COLS)],
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
        if rng.random() < 0.3:  # one wrong cell, printed as it is
            i, j = rng.randrange(ROWS), rng.randrange(COLS)
            grid[i][j] += 5
        truth = tuple(v for row in grid for v in row)
        outcome, found, seconds = read([grid[i][j] for i, j in order])
        if outcome == "read":
            outcome = "right" if found[0] == truth else "WRONG"
        tally[outcome] = tally.get(outcome, 0) + 1
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
