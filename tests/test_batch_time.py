"""The time bound of one file in a batch (importers.limits.file_seconds): a file that keeps its reader busy past the
bound is stopped in its worker and listed as F-IMPORT-TIME; the batch finishes and the other files are read as if it
were not there, with one job as with two.

The slow input is the hostile kind the bound is for: a PDF of some 40 KB, inside every size limit, whose content
stream keeps pdfminer busy for minutes (tests/big_inputs.py). The bound is set to a few seconds here (a normal report
takes well under one); nothing is asserted about time beyond the batch finishing.
"""

from __future__ import annotations

import re
import shutil
from functools import partial
from pathlib import Path

import big_inputs as big
import pytest
from console import as_in_a_terminal

from xltool.importers.limits import LIMITS
from xltool.rules.batch import STATUS_UNREADABLE, ReportResult, audit_batch, audit_one, crashed, overran, run_map

FIXTURES = Path(__file__).parent / "fixtures"
#: The test's bound: ten times what the small reports beside the slow file take on a busy machine.
SECONDS = 3


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Two real reports (a township's txt, a city's text from pdftotext) around a PDF that takes minutes to read."""
    folder = tmp_path_factory.mktemp("batch") / "各单位年报"
    folder.mkdir()
    shutil.copy(FIXTURES / "000_0a7990abdff832d1.txt", folder / "a兴仁镇.txt")
    big.pdf_slow(folder / "b慢.pdf", 10_000_000)  # some four minutes of pdfminer
    shutil.copy(FIXTURES / "real/006.txt", folder / "c淮安市.txt")
    return folder


def test_the_slow_pdf_is_inside_every_size_limit(folder):
    assert (folder / "b慢.pdf").stat().st_size < 100_000 < LIMITS.pdf_bytes


def test_a_file_past_the_bound_is_listed_the_others_are_read_and_jobs_do_not_matter(folder):
    one, two = (audit_batch([folder], jobs=jobs, seconds=SECONDS) for jobs in (1, 2))
    assert one.to_json() == two.to_json()
    rows = {r.path.name: r for r in one.reports}
    assert list(rows) == ["a兴仁镇.txt", "b慢.pdf", "c淮安市.txt"]
    slow = rows["b慢.pdf"]
    assert (slow.status, slow.error[0], slow.format, slow.exit_code) == (STATUS_UNREADABLE, "F-IMPORT-TIME", "pdf", 2)
    assert f"读取 {folder / 'b慢.pdf'} 超过 {SECONDS} 秒，已跳过该文件" in slow.error[1]
    for name in ("a兴仁镇.txt", "c淮安市.txt"):  # read in full, as without the slow file (no pairs: two agencies)
        assert rows[name].to_json() == audit_one(folder / name).to_json()
    assert one.exit_code == 2


# ---- run_map: the hard stop of code that cannot be interrupted ----------------------------------------------------------


def _stuck_on_2(path: Path) -> ReportResult:
    """Item 2 runs a regular expression that backtracks for a minute inside the C matcher, holding the GIL: no Python
    instruction runs meanwhile, so only the process can be ended."""
    if path.name == "2":
        re.match(r"(a|aa)+$", "a" * 42 + "b")
    return ReportResult(path)


def _dies_on_2(path: Path) -> ReportResult:
    if path.name == "2":
        import os

        os._exit(1)
    return ReportResult(path)


def test_a_reader_stuck_in_c_code_is_ended_with_its_process():
    items = [Path("1"), Path("2"), Path("3")]
    stop = partial(overran, seconds=0.5)
    results = run_map(_stuck_on_2, items, 2, on_crash=crashed, seconds=0.5, on_overrun=stop)
    assert [r.error[0] if r.error else r.path.name for r in results] == ["1", "F-IMPORT-TIME", "3"]
    assert "超过 0.5 秒" in results[1].error[1]


def test_a_worker_that_dies_at_once_is_a_crash_not_an_overrun():
    items = [Path("1"), Path("2"), Path("3")]
    results = run_map(_dies_on_2, items, 1, on_crash=crashed, seconds=30, on_overrun=partial(overran, seconds=30))
    assert [r.error[0] if r.error else r.path.name for r in results] == ["1", "F-INTERNAL", "3"]


def _pid_or_die_on_2(path: Path) -> ReportResult:
    """The worker's process id as the agency; item 2 ends its process, as a reader that aborts does."""
    import os

    if path.name == "2":
        os._exit(1)
    return ReportResult(path, agency=str(os.getpid()))


def test_after_a_worker_dies_the_items_not_yet_begun_go_on_in_a_pool_not_one_process_each():
    items = [Path(str(n)) for n in range(1, 13)]
    results = run_map(_pid_or_die_on_2, items, 2, on_crash=crashed, seconds=30, on_overrun=partial(overran, seconds=30))
    assert [r.error[0] for r in results if r.error] == ["F-INTERNAL"] and results[1].error
    # the first pool (2 processes), the items begun when it broke (at most 2, alone), a second pool (2): at most 6
    # processes for 11 items, where running each remaining item alone would take one a piece
    assert len({r.agency for r in results if not r.error}) <= 6


def _children(pid: int) -> list[int]:
    """The processes ``pid`` has started (Linux's /proc; the tests run on Linux)."""
    tasks = Path(f"/proc/{pid}/task")
    return [int(c) for t in tasks.iterdir() for c in (t / "children").read_text().split()] if tasks.exists() else []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux's /proc")
def test_ctrl_c_in_a_batch_says_cancelled_without_a_traceback_from_any_worker(folder, tmp_path):
    """Ctrl-C signals every process of the console: the workers too, idle or inside the slow PDF's reader."""
    import os
    import signal
    import subprocess
    import sys
    import time

    cmd = [sys.executable, "-m", "xltool", "audit", str(folder), "--jobs", "2", "--summary", "汇总.xlsx"]
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=as_in_a_terminal)  # fmt: skip
    deadline = time.monotonic() + 60
    while len(_children(proc.pid)) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(2)  # the workers warm up (imports, the demo's audit) and begin their files: the slow PDF takes minutes
    assert proc.poll() is None, "the batch ended before Ctrl-C"
    os.killpg(proc.pid, signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "已取消" in err and "Traceback" not in err and "KeyboardInterrupt" not in err
    assert not (tmp_path / "汇总.xlsx").exists()
