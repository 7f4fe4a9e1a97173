"""The converter matrix of issue 13: every form of every source report (tests/converters.py) imported and scored.

Run from the repo root: python benchmarks/import_matrix.py [--keep FOLDER] [--detail]. Prints a Markdown table
(source × converter: cells exact, inferred, unread, wrong; agency and year) and the totals; the figures in
docs/import-audit.md come from it. ``--detail`` also lists every wrong cell and the importer's notes.
Not a test: nothing here asserts (tests/test_converter_matrix.py does).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import converters  # noqa: E402  (the tests' converter matrix)


def _mark(ok: bool | None) -> str:
    return "—" if ok is None else ("✓" if ok else "✗")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="write the converted forms into this folder and keep them")
    parser.add_argument("--detail", action="store_true", help="list wrong cells and notes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        forms = converters.build(folder)
        print("| 来源 | 转换方式 | 原样读对 | 推断且对 | 未能读取 | 读错 | 机关名称 | 年度 |")
        print("|---|---|---:|---:|---:|---:|:-:|:-:|")
        total = converters.Score()
        for form in forms:
            s, result = converters.score(form)
            for key in ("exact", "inferred", "unread", "wrong"):
                setattr(total, key, getattr(total, key) + getattr(s, key))
            print(
                f"| {form.source} | {form.converter} | {s.exact} | {s.inferred} | {s.unread} | {s.wrong} | "
                f"{_mark(s.name_ok)} | {_mark(s.year_ok)} |"
            )
            if args.detail and (s.wrong or s.unread):
                for line in s.wrong_cells + [f"  注意：{n}" for n in result.notes]:
                    print(f"<!-- {line} -->")
        share = total.exact / total.cells * 100
        print(
            f"| **合计**（{len(forms)} 种形式） | | **{total.exact}** | {total.inferred} | {total.unread} | "
            f"**{total.wrong}** | | |"
        )
        print(
            f"\n原样读对 {share:.1f}%，读对（含推断）{(total.exact + total.inferred) / total.cells * 100:.1f}%，"
            f"共 {total.cells} 个单元格。"
        )


if __name__ == "__main__":
    main()
