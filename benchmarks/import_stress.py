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
separators); the seeds' tables stay those of a run without it. With ``--vary-layout`` the tables are also laid out
as a clerk may restyle them (``LAYOUTS``: landscape pages, narrow label columns, header rows printed once, table 三
shifted down its page, spaced-out cells, another font), drawn apart again so seeds and prints keep their meaning.

Run from the repo root (it takes minutes; be kind to a shared machine):
    nice python benchmarks/import_stress.py --seeds 30 [--first 100] [--batch 10] [--keep FOLDER] [--quiet]
        [--vary-print] [--vary-layout]
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


#: How the tables are laid out with ``--vary-layout`` (a clerk restyles the Word report's tables; drawn apart, so the
#: seeds' tables and prints stay those of a run without it): the sections holding the tables turned landscape with
#: the tables widened to the page (fewer cells wrap, more page breaks in table 三); the label columns narrowed and the
#: number columns widened (labels wrap to two or three lines); the header rows printed once, not on each page as the
#: template has them ("重复标题行" unticked);
#: table 三 shifted down the page by blank lines or a longer paragraph, its rows sometimes allowed to break across
#: pages; the cells spaced out (1.5 lines, space before and after, wider cell margins); another font family.
LAYOUTS = ("landscape", "narrow-labels", "header-once", "shifted", "spacing", "font")
#: The CJK font families a clerk may pick on this machine besides the template's serif face (fc-list :lang=zh).
FONTS = ("Noto Sans CJK SC", "Noto Sans Mono CJK SC")


def parts(name: str) -> tuple[str, str | None, str | None]:
    """A source's change, print and layout from its name ("s12-huge-blank-cells-table9pt-narrow-labels"): the
    print and the layout are whatever known suffixes it ends with, as both names may hold hyphens."""
    rest = name.split("-", 2)[2]
    layout = next((how for how in LAYOUTS if rest.endswith("-" + how)), None)
    rest = rest.removesuffix("-" + layout) if layout else rest
    how = next((how for how in PRINTS if rest.endswith("-" + how)), None)
    return (rest.removesuffix("-" + how) if how else rest), how, layout


def restyle(name: str, docx: Path) -> None:
    """Print and lay out the Word report's tables as the source's name says (``PRINTS``, ``LAYOUTS``)."""
    _change, how, layout = parts(name)
    if how not in (None, "plain"):
        _print(how, docx)
    if layout is not None:
        rng = random.Random(f"stress-layout-{name.split('-', 1)[0][1:]}")
        rng.choice(LAYOUTS)  # the draw that named the layout (``source``): the details come after it
        relayout(layout, rng, docx)


def _print(how: str, docx: Path) -> None:
    from docx import Document
    from docx.shared import Pt

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


def relayout(layout: str, rng: random.Random, docx: Path) -> None:
    """Lay out the Word report's tables in one of ``LAYOUTS``; ``rng`` (drawn after the layout was chosen) picks
    its details, so each seed has its own page breaks and widths."""
    from docx import Document

    doc = Document(str(docx))
    {
        "landscape": _landscape,
        "narrow-labels": _narrow_labels,
        "header-once": _header_once,
        "shifted": _shifted,
        "spacing": _spacing,
        "font": _font,
    }[layout](doc, rng)
    doc.save(str(docx))


def _grid(table) -> list[int]:
    from docx.oxml.ns import qn

    return [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iter(qn("w:gridCol"))]


def _set_grid(table, widths: list[int]) -> None:
    """Give a fixed-layout table new column widths (twips): the grid, each cell's width over the columns it spans
    and the table's width, as Word writes them when the columns are dragged."""
    from docx.oxml.ns import qn

    for col, width in zip(table._tbl.tblGrid.iter(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(width))
    for tr in table._tbl.iter(qn("w:tr")):
        at = 0
        for tc in tr.iter(qn("w:tc")):
            span = tc.tcPr.find(qn("w:gridSpan")) if tc.tcPr is not None else None
            n = int(span.get(qn("w:val"))) if span is not None else 1
            width = tc.tcPr.find(qn("w:tcW")) if tc.tcPr is not None else None
            if width is not None:
                width.set(qn("w:w"), str(sum(widths[at : at + n])))
                width.set(qn("w:type"), "dxa")
            at += n
    tblw = table._tbl.tblPr.find(qn("w:tblW"))
    if tblw is not None:
        tblw.set(qn("w:w"), str(sum(widths)))


def _landscape(doc, rng: random.Random) -> None:
    """The sections holding the tables turned landscape (or the whole report, as some clerks do), the tables
    widened to the wider text area."""
    import copy

    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn

    body = doc.element.body
    if rng.random() < 0.5:
        first = doc.tables[0]._tbl.getprevious()  # the heading 二 before table 二
        before = first.getprevious()
        last = doc.tables[-1]._tbl
        end = copy.deepcopy(before)
        for child in list(end):
            if child.tag != qn("w:pPr"):
                end.remove(child)
        last.addnext(end)
        portrait = copy.deepcopy(body.sectPr)
        before.get_or_add_pPr().append(portrait)  # ends the text before the tables: portrait
        end.get_or_add_pPr().append(copy.deepcopy(body.sectPr))  # ends the tables' section: turned below
        sections = [doc.sections[1]]  # before the tables, the tables, after them
    else:
        sections = list(doc.sections)
    for section in sections:
        width, height = section.page_width, section.page_height
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = height, width
    text = (sections[0].page_width - sections[0].left_margin - sections[0].right_margin) // 635  # EMU → twips
    share = rng.uniform(0.75, 1.0)  # a clerk drags the table to most of the page, or all of it
    for table in doc.tables:
        widths = _grid(table)
        scale = text * share / sum(widths)
        _set_grid(table, [int(w * scale) for w in widths])


def _narrow_labels(doc, rng: random.Random) -> None:
    """The label columns (the leading ones wider than the number columns) narrowed, the number columns widened by
    as much: labels wrap to two or three lines, numbers less."""
    share = rng.uniform(0.45, 0.7)
    for table in doc.tables:
        widths = _grid(table)
        common = max(set(widths), key=widths.count)
        labels = next((i for i, w in enumerate(widths) if w == common), len(widths))
        if not labels or labels == len(widths):
            continue
        freed = sum(int(w * (1 - share)) for w in widths[:labels])
        new = [w - int(w * (1 - share)) for w in widths[:labels]]
        rest = len(widths) - labels
        _set_grid(table, new + [w + freed // rest for w in widths[labels:]])


def _header_rows(table) -> list:
    """The rows before the first one with a number in it: the table's header."""
    rows = []
    for row in table.rows:
        if any(cell.text.strip().replace(",", "").isdigit() for cell in row.cells):
            break
        rows.append(row)
    return rows


def _header_once(doc, rng: random.Random) -> None:
    """The header rows printed once: the template repeats them on each page (w:tblHeader, "重复标题行"); a clerk
    who unticks it leaves table 三's later pages without a header; table 二's rows sometimes marked instead."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for table in doc.tables:
        for mark in list(table._tbl.iter(qn("w:tblHeader"))):
            mark.getparent().remove(mark)
    if rng.random() < 0.5:
        for row in _header_rows(doc.tables[0]):
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


_LONGER = "本机关严格按照《中华人民共和国政府信息公开条例》规定的时限和程序办理依申请公开事项，做到依法答复、应答尽答。"


def _shifted(doc, rng: random.Random) -> None:
    """Table 三 moved down its page by blank paragraphs or a longer paragraph after its heading, so that its page
    breaks fall at other rows; its rows sometimes allowed to break across pages."""
    import copy

    from docx.oxml.ns import qn

    tbl = doc.tables[1]._tbl
    heading = tbl.getprevious()
    body_paragraph = next(p for p in doc.paragraphs if len(p.text) > 60)._p
    if rng.random() < 0.5:
        added = [copy.deepcopy(heading) for _ in range(rng.randint(1, 14))]
        for p in added:
            for child in list(p):
                if child.tag != qn("w:pPr"):
                    p.remove(child)
    else:
        p = copy.deepcopy(body_paragraph)
        runs = list(p.iter(qn("w:r")))
        for run in runs[1:]:
            run.getparent().remove(run)
        texts = list(runs[0].iter(qn("w:t")))
        texts[0].text = _LONGER * rng.randint(2, 12)
        for t in texts[1:]:
            t.getparent().remove(t)
        added = [p]
    for p in reversed(added):
        heading.addnext(p)
    if rng.random() < 0.5:
        for split in list(tbl.iter(qn("w:cantSplit"))):
            split.getparent().remove(split)


def _spacing(doc, rng: random.Random) -> None:
    """The cells spaced out: 1.5 line spacing, space before and after the cells' text, wider cell margins (one or
    more of them)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    how = [h for h in ("lines", "space", "margins") if rng.random() < 0.5] or [rng.choice(("lines", "margins"))]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    if "lines" in how:
                        paragraph.paragraph_format.line_spacing = 1.5
                    if "space" in how:
                        paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(3)
        if "margins" in how:
            margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
            if margins is None:
                margins = OxmlElement("w:tblCellMar")
                table._tbl.tblPr.append(margins)
            for side in ("top", "left", "bottom", "right"):
                old = margins.find(qn(f"w:{side}"))
                if old is not None:
                    margins.remove(old)
                edge = OxmlElement(f"w:{side}")
                edge.set(qn("w:w"), str(rng.choice((57, 85, 113)) if side in ("top", "bottom") else 142))
                edge.set(qn("w:type"), "dxa")
                margins.append(edge)


def _font(doc, rng: random.Random) -> None:
    """The tables' text (and sometimes the whole report's) in another CJK family than the template's serif one."""
    from docx.oxml.ns import qn

    family = rng.choice(FONTS)
    runs = [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    if rng.random() < 0.5:
        runs += [r for p in doc.paragraphs for r in p.runs]
    for run in runs:
        run.font.name = family
        run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), family)


def _numeric_cells() -> list[tuple[str, str, str]]:
    return [(t.key, c.row, c.col) for t in spec.TABLES.values() for c in t.cells if c.kind == "count"]


def source(seed: int, vary_print: bool = False, vary_layout: bool = False) -> tuple[str, dict, str]:
    """One generated source: its name, Report JSON and a description of what was planted. With ``vary_print`` the
    name also says how its tables are printed (``PRINTS``), with ``vary_layout`` how they are laid out
    (``LAYOUTS``), each drawn apart so that the seed's tables (and print) stay the same."""
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
    if vary_layout:
        name += "-" + random.Random(f"stress-layout-{seed}").choice(LAYOUTS)
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
    parser.add_argument("--vary-layout", action="store_true", help="lay the tables out in varied ways (LAYOUTS)")
    args = parser.parse_args()
    by_converter: dict[str, converters.Score] = defaultdict(converters.Score)
    by_change: dict[str, converters.Score] = defaultdict(converters.Score)
    by_print: dict[str, converters.Score] = defaultdict(converters.Score)
    by_shape: dict[str, converters.Score] = defaultdict(converters.Score)
    by_layout: dict[str, converters.Score] = defaultdict(converters.Score)
    planted: dict[str, str] = {}
    wrong_forms = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        seeds = list(range(args.first, args.first + args.seeds))
        for i in range(0, len(seeds), args.batch):
            batch = {}
            for seed in seeds[i : i + args.batch]:
                name, data, what = source(seed, args.vary_print, args.vary_layout)
                batch[name], planted[name] = data, what
            varied = args.vary_print or args.vary_layout
            for form in converters.convert(batch, folder, restyle if varied else None):
                s, result = converters.score(form)
                _add(by_converter[form.converter], s)
                change, how, layout = parts(form.source)
                if how:
                    _add(by_print[how], s)
                if layout:
                    _add(by_layout[layout], s)
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
    for title, scores in (
        ("数值形态", by_shape),
        ("来源的改动", by_change),
        ("表格的印法", by_print),
        ("表格的版式", by_layout),
    ):
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
