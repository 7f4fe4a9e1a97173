"""Benchmark of the batch audit (issue 10): reports per second with --jobs 1 and 2, by format and for a mixed batch,
and peak memory as the batch grows.

Run from the repo root: python benchmarks/bench_batch.py [--runs N] [--jobs 1,2] [--sizes 100,1000]. The corpus is
built in a temporary folder from the test fixtures (the township's txt, the crawled page, the city's PDF and its text)
and from the demo report written through the project's writers (Word, workbook, Report JSON), copied under distinct
names; a mixed batch of 500 is 60 % txt, 10 % each of pdf, docx, xlsx and Report JSON. Times are the whole
``audit_batch`` call (collecting the folder, starting the processes, the map, pairing, the reduce), the best of
``--runs``. Memory: the largest resident set of the parent and of any worker, measured in a fresh process per size.
Prints one table; the figures in docs/性能.md come from it. Not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
TXT = (FIXTURES / "000_0a7990abdff832d1.txt", FIXTURES / "real/001.txt", FIXTURES / "real/006.txt")
PDF = FIXTURES / "real/006.pdf"


def _generated(folder: Path) -> dict[str, Path]:
    """The demo report as the project writes it: Word, workbook, Report JSON."""
    from xltool.demo import demo_report
    from xltool.writers.docx import write_docx
    from xltool.writers.workbook import build_workbook

    report = demo_report()
    out = {"docx": write_docx(report, folder / "demo.docx"), "xlsx": folder / "demo.xlsx", "json": folder / "demo.json"}
    build_workbook(out["xlsx"], report)
    out["json"].write_text(json.dumps(report.to_json(), ensure_ascii=False), encoding="utf-8")
    return out


def corpus(folder: Path, mix: dict[str, int], sources: dict[str, Path]) -> Path:
    """``folder`` filled with copies: format → how many."""
    folder.mkdir(parents=True)
    for kind, count in mix.items():
        for i in range(count):
            source = TXT[i % len(TXT)] if kind == "txt" else PDF if kind == "pdf" else sources[kind]
            shutil.copy(source, folder / f"{kind}-{i:05d}{source.suffix}")
    return folder


def mixed(total: int) -> dict[str, int]:
    tenth = total // 10
    return {"txt": total - 4 * tenth, "pdf": tenth, "docx": tenth, "xlsx": tenth, "json": tenth}


def best_time(folder: Path, jobs: int, runs: int) -> float:
    from xltool.rules.batch import audit_batch

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        audit_batch([folder], jobs=jobs)
        times.append(time.perf_counter() - start)
    return min(times)


def memory_probe(folder: str, jobs: int) -> None:
    """Run one batch in this fresh process and print the peak resident sets (KB) of this process and its workers."""
    from xltool.rules.batch import audit_batch

    result = audit_batch([folder], jobs=jobs)
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"reports": len(result.reports), "parent_kb": me, "worker_kb": workers}))


def peak_memory(folder: Path, jobs: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--memory-probe", str(folder), "--jobs", str(jobs)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--memory-probe")
    args = parser.parse_args()
    if args.memory_probe:
        memory_probe(args.memory_probe, int(args.jobs))
        return
    jobs = [int(j) for j in args.jobs.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        sources = _generated(base)
        batches = {
            "txt × 500": corpus(base / "txt", {"txt": 500}, sources),
            "pdf × 80": corpus(base / "pdf", {"pdf": 80}, sources),
            "docx × 100": corpus(base / "docx", {"docx": 100}, sources),
            "mixed × 500": corpus(base / "mixed", mixed(500), sources),
        }
        print(
            f"# {platform.processor() or platform.machine()} · {platform.python_version()} · runs={args.runs} "
            f"· load {os.getloadavg()[0]:.1f} (other processes compete for the cores)"
        )
        print(f"{'batch':<14}" + "".join(f"{f'--jobs {j}':>16}" for j in jobs) + f"{'speed-up':>10}")
        for name, folder in batches.items():
            count = sum(1 for _ in folder.iterdir())
            rates = [count / best_time(folder, j, args.runs) for j in jobs]
            line = f"{name:<14}" + "".join(f"{r:>10.1f} rep/s" for r in rates)
            print(line + (f"{rates[-1] / rates[0]:>9.2f}×" if len(rates) > 1 else ""))
        print(f"{'peak memory':<14}{'parent':>12}{'worker':>12}   (--jobs {jobs[-1]}, mixed batch)")
        for size in (int(s) for s in args.sizes.split(",")):
            probe = peak_memory(corpus(base / f"mem{size}", mixed(size), sources), jobs[-1])
            print(f"{f'{size} reports':<14}{probe['parent_kb'] / 1024:>9.0f} MB{probe['worker_kb'] / 1024:>9.0f} MB")


if __name__ == "__main__":
    main()
