"""Stress run of the importer (issue 13): many generated reports through every converter, every wrong cell listed.

The converter matrix (tests/converters.py) has a handful of sources, and the reading heuristics were tuned on them.
This run makes many more the same way: for each seed, tables of varied numbers (``converters.varied_tables``) in one
of several shapes (small numbers, many zeros, ordinary, five-digit totals), some with a planted single-cell error at a
random cell (a table that does not add up, read as printed), some with cells of 0 left blank (the totals still add
up) and some with a blank result row (a row of zeros left empty: the totals still add up);
each is written as the project's Word report and passed through the same converters as the matrix
(``converters.convert``: one LibreOffice run per batch, then pdftotext, pdfplumber, pandoc, html2text, get_text and a
saved page). Every form is scored against its source: totals per converter (exact / inferred / unread / wrong) and
every wrong cell with its form and the importer's notes. With ``--vary-print`` each report's tables are also printed
in one of several styles an office may give its copy (``PRINTS``: a larger or smaller table font, thousands
separators); the seeds' tables stay those of a run without it.

Run from the repo root (it takes minutes; be kind to a shared machine):
    nice python benchmarks/import_stress.py --seeds 30 [--first 100] [--batch 10] [--keep FOLDER] [--quiet]
        [--vary-print]
Not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import converters  # noqa: E402  (the tests' converter matrix)

from xltool import spec  # noqa: E402
from xltool.model import AnnualReport  # noqa: E402

#: The shapes of numbers: (name, top, weight of zeros).
SHAPES = (("small", 9, 2), ("zeros", 60, 8), ("mid", 300, 2), ("large", 4000, 2), ("huge", 60000, 1))
#: What is done to the clean tables: nothing, one planted error, blank cells, a blank row.
CHANGES = ("clean", "planted", "blank-cells", "blank-row")
#: How the tables are printed with ``--vary-print`` (the office restyles its copy of the report): as written, the
#: tables' text at 小四 (12 pt: more cells wrap) or at 小五 (9 pt: fewer do), counts of four digits or more with
#: thousands separators ("12,345", as many clerks type them).
PRINTS = ("plain", "table12pt", "table9pt", "thousands")


def restyle(name: str, docx: Path) -> None:
    """Print the Word report's tables as the source's print variation says (the last part of its name)."""
    from docx import Document
    from docx.shared import Pt

    how = name.rsplit("-", 1)[1]
    if how == "plain":
        return
    doc = Document(str(docx))
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        if how == "thousands" and run.text.strip().isdigit() and len(run.text.strip()) >= 4:
                            run.text = f"{int(run.text):,}"
                        elif how != "thousands":
                            run.font.size = Pt(12 if how == "table12pt" else 9)
    doc.save(str(docx))


def _numeric_cells() -> list[tuple[str, str, str]]:
    return [(t.key, c.row, c.col) for t in spec.TABLES.values() for c in t.cells if c.kind == "count"]


def source(seed: int, vary_print: bool = False) -> tuple[str, dict, str]:
    """One generated source: its name, Report JSON and a description of what was planted. With ``vary_print`` the
    name also says how its tables are printed (``PRINTS``, drawn apart so that the seed's tables stay the same)."""
    from xltool.demo import demo_report

    rng = random.Random(f"stress-{seed}")
    shape, top, zeros = rng.choice(SHAPES)
    change = rng.choice(CHANGES)
    report = AnnualReport.from_json({**demo_report().to_json(), **converters.varied_tables(seed, top, zeros)})
    what = ""
    if change == "planted":
        table, row, col = rng.choice(_numeric_cells())
        added = rng.choice((1, 1, 2, 5, 10, 100))
        report.set(table, row, col, report.get(table, row, col) + added)
        what = f"{table}/{row}/{col} +{added}"
    elif change == "blank-cells":  # a clerk leaves cells of 0 empty: the totals still add up
        zeros_ = [cell for cell in _numeric_cells() if report.get(*cell) == 0]
        cells = rng.sample(zeros_, min(len(zeros_), rng.randint(1, 3)))
        for table, row, col in cells:
            report.set(table, row, col, None)
        what = ", ".join(f"{t}/{r}/{c}" for t, r, c in cells)
    elif change == "blank-row":  # a clerk leaves a row of zeros empty: the totals still add up
        row = rng.choice(spec.T3_RESULT_ROWS)
        tables = converters.varied_tables(seed, top, zeros, zero_rows=[row])
        report = AnnualReport.from_json({**demo_report().to_json(), **tables})
        for col in spec.T3_COLS:
            report.set("table3", row, col, None)
        what = f"table3/{row}"
    name = f"s{seed}-{shape}-{change}"
    if vary_print:
        name += "-" + random.Random(f"stress-print-{seed}").choice(PRINTS)
    return name, report.to_json(), what


def _add(total: converters.Score, s: converters.Score) -> None:
    for key in ("exact", "inferred", "unread", "wrong"):
        setattr(total, key, getattr(total, key) + getattr(s, key))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=30, help="how many generated sources")
    parser.add_argument("--first", type=int, default=100, help="the first seed")
    parser.add_argument("--batch", type=int, default=10, help="sources per LibreOffice run")
    parser.add_argument("--keep", type=Path, help="write the converted forms into this folder and keep them")
    parser.add_argument("--quiet", action="store_true", help="only wrong cells and totals, not the notes")
    parser.add_argument("--vary-print", action="store_true", help="print the tables in varied styles (PRINTS)")
    args = parser.parse_args()
    by_converter: dict[str, converters.Score] = defaultdict(converters.Score)
    by_change: dict[str, converters.Score] = defaultdict(converters.Score)
    by_print: dict[str, converters.Score] = defaultdict(converters.Score)
    by_shape: dict[str, converters.Score] = defaultdict(converters.Score)
    planted: dict[str, str] = {}
    wrong_forms = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        seeds = list(range(args.first, args.first + args.seeds))
        for i in range(0, len(seeds), args.batch):
            batch = {}
            for seed in seeds[i : i + args.batch]:
                name, data, what = source(seed, args.vary_print)
                batch[name], planted[name] = data, what
            for form in converters.convert(batch, folder, restyle if args.vary_print else None):
                s, result = converters.score(form)
                _add(by_converter[form.converter], s)
                change = form.source.split("-", 2)[2]
                if args.vary_print:
                    change, how = change.rsplit("-", 1)
                    _add(by_print[how], s)
                _add(by_change[change], s)
                _add(by_shape[form.source.split("-", 2)[1]], s)
                if s.wrong:
                    wrong_forms += 1
                    print(f"\n## {form.source} · {form.converter} ({form.path.name}) — {planted[form.source]}")
                    for line in s.wrong_cells:
                        print(f"  读错 {line}")
                    if not args.quiet:
                        for note in result.notes:
                            print(f"  注意：{note}")
            print(
                f"[{min(i + args.batch, len(seeds))}/{len(seeds)} sources, {time.perf_counter() - started:.0f} s]",
                flush=True,
            )
    print("\n| 转换方式 | 原样读对 | 推断且对 | 未能读取 | 读错 |\n|---|---:|---:|---:|---:|")
    total = converters.Score()
    for name, s in sorted(by_converter.items()):
        _add(total, s)
        print(f"| {name} | {s.exact} | {s.inferred} | {s.unread} | {s.wrong} |")
    print(f"| **合计** | **{total.exact}** | {total.inferred} | {total.unread} | **{total.wrong}** |")
    for title, scores in (("数值形态", by_shape), ("来源的改动", by_change), ("表格的印法", by_print)):
        if scores:
            print(f"\n| {title} | 原样读对 | 推断且对 | 未能读取 | 读错 |\n|---|---:|---:|---:|---:|")
        for name, s in sorted(scores.items()):
            print(f"| {name} | {s.exact} | {s.inferred} | {s.unread} | {s.wrong} |")
    print(
        f"\n{args.seeds} 份生成的报告，{total.cells} 个单元格：原样读对 {total.exact / total.cells * 100:.1f}%，"
        f"读对（含推断）{(total.exact + total.inferred) / total.cells * 100:.1f}%，读错 {total.wrong} 个"
        f"（{wrong_forms} 种形式），用时 {time.perf_counter() - started:.0f} 秒。"
    )


if __name__ == "__main__":
    main()
