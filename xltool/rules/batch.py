"""Batch audit for a 政务公开办: a pure map over report files, then a reduce into one result.

The map (``audit_one``: path → ``ReportResult``) reads one file and runs every single-report rule; it never raises,
so one hostile file cannot stop a batch, and it returns plain picklable data, so it runs the same in this process, in
a process pool (``audit_batch(jobs=N)``) or on a distributed engine (docs/性能.md). The reduce pairs each report with
the same agency's previous year (``pair_years``: normalised agency name and year, within the batch and the optional
last-year files; an undecidable pair is listed, never guessed), and a second map runs the cross-year rules T-7, T-8
and R-5 per pair (``cross_year_one``). A report whose run-together digits split several ways is read again in that
map with its pair as evidence (``reaudit_one``), as ``xltool audit X --last-year Y`` reads a single file; the others
are not read twice. Summary files are written from the ``BatchResult`` by ``writers.summary``.

The library returns data and never prints: progress goes to a caller's callback.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from .. import spec
from ..errors import XltoolError, os_reason
from ..findings import Finding, Findings
from ..model import whole
from ..spec.figures import PLACEHOLDERS_BY_NAME
from ..text import agency_key

# ---- what a report's row says -----------------------------------------------------------------------------------------

# The first four are ``Findings.status``; a file that could not be used at all is 无法读取.
STATUS_PASS = "通过"
STATUS_ERRORS = "有错误"
STATUS_WARNINGS = "有警告"
STATUS_INCOMPLETE = "审核不完整"  # some cells could not be read (U-1): the rules that need them did not run
STATUS_UNREADABLE = "无法读取"
STATUSES: tuple[str, ...] = (STATUS_PASS, STATUS_ERRORS, STATUS_WARNINGS, STATUS_INCOMPLETE, STATUS_UNREADABLE)

#: The key figures of the summary: name → the cells (table, row, column) whose values add up to it — the same cells
#: the narrative's placeholders of these names stand for (spec.figures).
FIGURES: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = tuple(
    (name, PLACEHOLDERS_BY_NAME[name].cells)
    for name in ("本年新收", "上年结转", "办结", "结转下年度", "复议", "诉讼", "许可", "处罚", "收费")
)

#: Error code of a file whose reading failed in a way no reader foresaw (listed like any unusable file).
INTERNAL = "F-INTERNAL"


@dataclass(frozen=True)
class UnreadCell:
    """A table cell the importer could not read (unread is not blank)."""

    sheet: str
    address: str
    row_label: str
    col_label: str


@dataclass
class ReportResult:
    """One file of the batch: what it is, how it was read, and what the rules found (or why it could not be used)."""

    path: Path
    format: str | None = None
    agency: str | None = None
    kind: str | None = None
    year: int | None = None
    findings: Findings = field(default_factory=Findings)
    error: tuple[str, str] | None = None  # (code, Chinese message) when the file could not be used
    cells: dict[str, int] = field(default_factory=dict)  # read / inferred / unread
    unread: list[UnreadCell] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
    previous: Path | None = None  # last year's report it was paired with
    ambiguous: bool = False  # splits of run-together digits left open that last year's report may settle

    @property
    def key(self) -> str | None:
        return agency_key(self.agency)

    @property
    def status(self) -> str:
        """无法读取, else the findings' verdict: 有错误 › 审核不完整 (cells not read, U-1) › 有警告 › 通过."""
        return STATUS_UNREADABLE if self.error else self.findings.status

    @property
    def exit_code(self) -> int:
        return 2 if self.error else self.findings.exit_code

    def summary(self) -> str:
        """One line for the terminal: the findings' summary, or why the file could not be used."""
        return f"无法读取（{self.error[1]}）" if self.error else self.findings.summary()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": str(self.path),
            "agency": self.agency,
            "year": self.year,
            "kind": self.kind,
            "format": self.format,
            "status": self.status,
        }
        if self.error:
            out["error"] = {"code": self.error[0], "message": self.error[1]}
            return out
        out.update(self.findings.to_json())
        out["counts"] = self.findings.counts()
        out["cells"] = dict(self.cells)
        out["unread"] = [f"{c.sheet}!{c.address}" for c in self.unread]
        out["figures"] = dict(self.figures)
        out["previous"] = str(self.previous) if self.previous else None
        return out


# ---- the map: one file ------------------------------------------------------------------------------------------------


def audit_one(path: str | os.PathLike[str]) -> ReportResult:
    """Read one file and run every single-report rule. Never raises: an unusable file gives a result with ``error``."""
    from . import audit_report

    path = Path(path)
    fmt = file_format(path)
    try:
        report, how = _read(path)
        findings = audit_report(report)
    except XltoolError as exc:
        return ReportResult(path, fmt, error=(exc.code, exc.message))
    except Exception as exc:  # noqa: BLE001 — one file no reader foresaw must not stop the batch
        return ReportResult(path, fmt, error=(INTERNAL, _internal(path, exc)))
    result = _result(path, fmt, report, findings)
    result.ambiguous = bool(how and how.last_year_may_settle)
    return result


def identify_one(path: str | os.PathLike[str]) -> ReportResult:
    """Read one file for pairing only (agency, year), as for last year's reports; no rule runs."""
    path = Path(path)
    fmt = file_format(path)
    try:
        report = _load(path)
    except XltoolError as exc:
        return ReportResult(path, fmt, error=(exc.code, exc.message))
    except Exception as exc:  # noqa: BLE001
        return ReportResult(path, fmt, error=(INTERNAL, _internal(path, exc)))
    return ReportResult(path, fmt, report.agency.name, _kind(report), report.year)


def cross_year_one(pair: tuple[str | os.PathLike[str], str | os.PathLike[str]]) -> list[Finding]:
    """T-7, T-8 and R-5 for one (this year, last year) pair of files, explained by this year's 情况说明."""
    current, previous = (_load(Path(p)) for p in pair)
    return _cross_year(current, previous)


def reaudit_one(pair: tuple[str | os.PathLike[str], str | os.PathLike[str]]) -> tuple[ReportResult, list[Finding]]:
    """This year's report of a pair read again with last year's report as evidence for its run-together digits
    (for a report whose splits stayed ambiguous), audited as ``audit_one`` does, and the pair's cross-year findings.
    Never raises: an unusable file gives a result with ``error``, as in ``audit_one``."""
    from ..model import LastYear
    from . import audit_report

    current, previous = (Path(p) for p in pair)
    fmt = file_format(current)
    try:
        before = LastYear(_load(previous), previous)
        report, _how = _read(current, before)
        result = _result(current, fmt, report, audit_report(report))
        return result, _cross_year(report, before.report)
    except XltoolError as exc:
        return ReportResult(current, fmt, error=(exc.code, exc.message)), []
    except Exception as exc:  # noqa: BLE001 — as in audit_one
        return ReportResult(current, fmt, error=(INTERNAL, _internal(current, exc))), []


def _cross_year(current, previous) -> list[Finding]:
    from .crossyear import cross_year_findings
    from .explanations import explain
    from .tables import numbers

    found = cross_year_findings(current, previous, numbers(current), numbers(previous))
    return list(explain(Findings(found), current.explanations))


def _load(path: Path):
    from ..readers import load

    return load(path)


def _read(path: Path, last_year=None):
    """The report of a file and, for a published report, how it was read (``readers.read``)."""
    from ..readers import read

    return read(path, last_year)


def _internal(path: Path, exc: BaseException) -> str:
    return f"读取 {path} 时发生内部错误（{type(exc).__name__}: {exc}），已跳过该文件。请把此文件反馈给维护人员。"


def file_format(path: Path) -> str | None:
    """The report format by content ("txt", "docx", "pdf", "html", "xlsx", "json"; "doc/xls" for old Office files)."""
    from ..importers import report_format

    try:
        kind = report_format(path)
    except OSError:
        return None
    return {"ole": "doc/xls", "unknown": None}.get(kind, kind)


def _kind(report) -> str | None:
    from ..importers.fields import agency_kind

    return report.agency.kind or agency_kind(report.agency.name)


def _result(path: Path, fmt: str | None, report, findings: Findings) -> ReportResult:
    from ..importers import cell_of, cell_total
    from ..importers.tables import INFERRED, MISSING

    unread = []
    for key, how in report.provenance.items():
        cell = cell_of(key) if how == MISSING else None
        if cell is not None:
            unread.append(UnreadCell(spec.TABLES[cell.table].sheet, cell.address, cell.row_label, cell.col_label))
    inferred = sum(1 for how in report.provenance.values() if how == INFERRED)
    total = cell_total(report)
    cells = {"read": total - inferred - len(unread), "inferred": inferred, "unread": len(unread)}
    return ReportResult(
        path, fmt, report.agency.name, _kind(report), report.year, findings, None, cells, unread, key_figures(report)
    )


def key_figures(report) -> dict[str, Any]:
    """The summary's key figures as read: a number where the cells hold numbers, else the text as printed, else None."""
    out: dict[str, Any] = {}
    for name, cells in FIGURES:
        values = [_number(report.get(*cell)) for cell in cells]
        if len(values) == 1:
            out[name] = values[0]
        else:
            out[name] = sum(values) if all(isinstance(v, int | float) for v in values) else None
    return out


def _number(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return whole(value)
    try:
        d = Decimal(str(value).strip())
    except InvalidOperation:
        return str(value)
    return int(d) if d == d.to_integral_value() else float(d)


# ---- which files: paths, folders, patterns ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Skipped:
    """A file found in a folder or by a pattern that is not a report (listed, not audited)."""

    path: Path
    reason: str


@dataclass
class Sources:
    """The files a batch will read, in a stable order, and what was set aside on the way."""

    files: list[Path] = field(default_factory=list)
    missing: list[ReportResult] = field(default_factory=list)  # a named file or pattern that gave nothing
    skipped: list[Skipped] = field(default_factory=list)


_GLOB_CHARS = re.compile(r"[*?\[]")
_IGNORED_NAMES = ("~$", ".~")  # Office and LibreOffice lock files


def collect(paths: Iterable[str | os.PathLike[str]], exclude: Iterable[str | os.PathLike[str]] = ()) -> Sources:
    """Files, folders (recursively) and glob patterns (expanded here: cmd and PowerShell pass ``*.pdf`` as typed).

    A named file is always read; files found in a folder or by a pattern are read when their content looks like a
    report (``importers.looks_like_report``) and listed as skipped otherwise. Order: as given, each folder sorted by
    path; a file found twice is read once (a file named twice is read twice, as asked).
    """
    out = Sources()
    seen = {_same(p) for p in exclude}
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            out.files.append(path)
            seen.add(_same(path))
        elif path.is_dir():
            _add_found(out, _walk(path), seen)
        elif _GLOB_CHARS.search(str(raw)):
            matches = sorted(glob.glob(str(raw), recursive=True))
            if not matches:
                out.missing.append(ReportResult(path, error=("F-NOT-FOUND", f"没有与“{raw}”匹配的文件")))
            for match in map(Path, matches):
                _add_found(out, _walk(match) if match.is_dir() else [match], seen)
        else:
            out.missing.append(ReportResult(path, error=("F-NOT-FOUND", XltoolError("F-NOT-FOUND", path=path).message)))
    return out


def _same(path: str | os.PathLike[str]) -> str:
    return os.path.normcase(os.path.abspath(path))


def _walk(folder: Path) -> list[Path]:
    """Every file below ``folder`` in path order, without hidden folders and files or Office lock files."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(root, f) for f in sorted(files) if not f.startswith(".") and not f.startswith(_IGNORED_NAMES)]
    return found


def _add_found(out: Sources, found: Iterable[Path], seen: set[str]) -> None:
    from ..importers import looks_like_report, report_format

    for path in found:
        key = _same(path)
        if key in seen or not path.is_file() or path.name.startswith(_IGNORED_NAMES):
            continue
        seen.add(key)
        try:
            reason = looks_like_report(path, report_format(path))
        except OSError as exc:
            reason = f"无法打开（{os_reason(exc, writing=False)}）"
        if reason:
            out.skipped.append(Skipped(path, reason))
        else:
            out.files.append(path)


# ---- pairing the years ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    """This year's report and last year's report of one agency, or why no such pair could be decided."""

    agency: str
    year: int | None
    current: Path
    previous: Path | None = None
    candidates: tuple[Path, ...] = ()  # when undecided: the reports it could have been paired with
    reason: str = ""  # when undecided, in Chinese

    @property
    def decided(self) -> bool:
        return self.previous is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "agency": self.agency,
            "year": self.year,
            "current": str(self.current),
            "previous": str(self.previous) if self.previous else None,
            "candidates": [str(p) for p in self.candidates],
            "reason": self.reason,
        }


def pair_years(reports: Sequence[ReportResult], last_year: Sequence[ReportResult] = ()) -> list[Pair]:
    """Pair each readable report with the same agency's report of the year before, from the batch or ``last_year``.

    Undecided, with the reason: an agency or year that could not be read; two reports of one agency and year; two
    candidates for last year; a report of the year before whose name is close but not equal (one contains the other).
    """
    pool = _unique([r for r in (*reports, *last_year) if not r.error])
    by_key: dict[tuple[str | None, int | None], list[ReportResult]] = {}
    for r in pool:
        by_key.setdefault((r.key, r.year), []).append(r)
    several_years = len({r.year for r in pool if r.year is not None}) > 1
    out = []
    for r in _unique([r for r in reports if not r.error]):
        pair = _pair(r, by_key, pool, several_years)
        if pair is not None:
            out.append(pair)
    return out


def _unique(results: Iterable[ReportResult]) -> list[ReportResult]:
    seen: dict[str, ReportResult] = {}
    for r in results:
        seen.setdefault(_same(r.path), r)
    return list(seen.values())


def _pair(r: ReportResult, by_key: dict, pool: list[ReportResult], several_years: bool) -> Pair | None:
    """The pair of ``r``, an undecided pair when it matters (there are reports of other years to pair with), or None."""
    name = r.agency or ""
    if r.key is None or r.year is None:
        if not several_years:
            return None
        missing = "机关名称" if r.key is None else "报告年度"
        return Pair(name, r.year, r.path, reason=f"未能识别{missing}，无法与上年报告配对")
    before = by_key.get((r.key, r.year - 1), [])
    twins = [o.path for o in by_key[(r.key, r.year)] if o is not r]
    if twins and before:
        return Pair(
            name,
            r.year,
            r.path,
            candidates=tuple(twins),
            reason=f"同一机关 {r.year} 年度有 {len(twins) + 1} 份报告，无法确定哪一份与上年配对",
        )
    if len(before) == 1:
        return Pair(name, r.year, r.path, previous=before[0].path)
    if before:
        return Pair(
            name,
            r.year,
            r.path,
            candidates=tuple(o.path for o in before),
            reason=f"{r.year - 1} 年度有 {len(before)} 份同一机关的报告，无法确定上年报告",
        )
    close = [o.path for o in pool if o.year == r.year - 1 and o.key and o.key != r.key and _close(o.key, r.key)]
    if close:
        return Pair(
            name,
            r.year,
            r.path,
            candidates=tuple(close),
            reason="上年有机关名称相近但不相同的报告，请核对是否为同一机关",
        )
    return None


def _close(a: str, b: str) -> bool:
    """One name contains the other (“兴仁镇人民政府” in “沙坡头区兴仁镇人民政府”): maybe the same agency."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and short in long


# ---- the whole batch --------------------------------------------------------------------------------------------------

#: progress(phase, done, total): called as files finish; phases are the Chinese words below.
Progress = Callable[[str, int, int], None]
PHASE_AUDIT = "审核报告"
PHASE_LAST_YEAR = "读取上年报告"
PHASE_CROSS_YEAR = "跨年度核对"


@dataclass
class BatchResult:
    """Every report of a batch in a stable order, the year pairs, and the files that were not reports."""

    reports: list[ReportResult] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """2 when any file could not be used, else 1 when any report has an error, else 0."""
        return max((r.exit_code for r in self.reports), default=0)

    def to_json(self) -> dict[str, Any]:
        return {
            "reports": [r.to_json() for r in self.reports],
            "pairs": [p.to_json() for p in self.pairs],
            "skipped": [{"path": str(s.path), "reason": s.reason} for s in self.skipped],
        }


def audit_batch(
    paths: Iterable[str | os.PathLike[str]],
    last_year: Iterable[str | os.PathLike[str]] = (),
    jobs: int | None = None,
    progress: Progress | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
    seconds: float | None = None,
) -> BatchResult:
    """Audit files, folders and patterns with ``jobs`` processes (default: every core), pair the years and run the
    cross-year rules per pair. ``last_year``: files, folders or patterns of earlier reports to pair with (not audited).
    ``exclude``: files never to read (the summary being written). ``seconds``: the time one file may take, by default
    ``importers.limits.LIMITS.file_seconds``; a file that takes longer is stopped and listed (F-IMPORT-TIME), with
    one job as with many."""
    from ..importers.limits import LIMITS

    jobs = jobs or default_jobs()
    seconds = LIMITS.file_seconds if seconds is None else seconds
    timed_out = partial(overran, seconds=seconds)
    sources = collect(paths, exclude)
    results = run_map(audit_one, sources.files, jobs, progress, PHASE_AUDIT, crashed, seconds, timed_out)
    earlier = collect(last_year, exclude)
    pool = (
        run_map(identify_one, earlier.files, jobs, progress, PHASE_LAST_YEAR, crashed, seconds, timed_out)
        if earlier.files
        else []
    )
    pairs = pair_years(results, pool)
    decided = [p for p in pairs if p.decided]
    by_path = {_same(r.path): r for r in results}
    # a report whose run-together digits stayed ambiguous is read again with its pair as evidence (T-7, T-8); every
    # decided pair has its previous report, the test only says so to mypy (``extra`` is zipped with ``decided``)
    items = [(p.current, p.previous, by_path[_same(p.current)].ambiguous) for p in decided if p.previous is not None]
    extra = run_map(_pair_safe, items, jobs, progress, PHASE_CROSS_YEAR, _no_pair, seconds, _no_pair)
    for pair, (again, found) in zip(decided, extra, strict=True):
        target = by_path[_same(pair.current)]
        if again is not None:
            _take(target, again)
        target.previous = pair.previous
        target.findings.extend(found)
    ordered = _in_order(results, sources.missing)
    for r in ordered:  # a file named twice is one report: both rows show the same findings
        twin = by_path.get(_same(r.path))
        if twin is not None and twin is not r and not r.error:
            _take(r, twin)
    return BatchResult(ordered, pairs, sources.skipped + earlier.skipped + _unused(pool, pairs))


def _no_pair(_item: tuple[Path, Path, bool]) -> tuple[ReportResult | None, list[Finding]]:
    """A pair whose second reading died or overran (both files were read once already): only its rules are lost."""
    return None, []


def _take(target: ReportResult, source: ReportResult) -> None:
    """``target`` shows what ``source`` found (the same file read again, or named twice); its path stays as named."""
    for f in fields(ReportResult):
        if f.name != "path":
            setattr(target, f.name, getattr(source, f.name))


def _unused(pool: list[ReportResult], pairs: list[Pair]) -> list[Skipped]:
    """Last year's files that could not be read, or that no report of the batch was paired with: the user named
    them, so say what became of them."""
    used = {_same(p.previous) for p in pairs if p.previous} | {_same(c) for p in pairs for c in p.candidates}
    out = []
    for r in pool:
        if r.error:
            out.append(Skipped(r.path, f"上年报告无法读取：{r.error[1]}"))
        elif _same(r.path) not in used:
            out.append(
                Skipped(
                    r.path,
                    f"上年报告（{r.agency or '机关名称未识别'}，{r.year or '年度未识别'}）"
                    "未与本批任何报告配对：机关名称或年度对不上",
                )
            )
    return out


def _pair_safe(item: tuple[Path, Path, bool]) -> tuple[ReportResult | None, list[Finding]]:
    """The cross-year findings of a pair; for an ambiguous report also its result read again (else None)."""
    current, previous, again = item
    if again:
        result, found = reaudit_one((current, previous))
        if not result.error:
            return result, found
    try:
        return None, cross_year_one((current, previous))
    except Exception:  # noqa: BLE001 — both files were read once already; a failure now only loses the pair's rules
        return None, []


def _in_order(results: list[ReportResult], missing: list[ReportResult]) -> list[ReportResult]:
    """Reports as the files were found, then the names that gave no file."""
    return [*results, *missing]


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # Windows, macOS
        return os.cpu_count() or 1


T = TypeVar("T")
R = TypeVar("R")


def run_map(
    fn: Callable[[T], R],
    items: Sequence[T],
    jobs: int,
    progress: Progress | None = None,
    phase: str = PHASE_AUDIT,
    on_crash: Callable[[T], R] | None = None,
    seconds: float | None = None,
    on_overrun: Callable[[T], R] | None = None,
) -> list[R]:
    """``[fn(item) for item in items]`` with ``jobs`` processes, results in the order of ``items``.

    ``fn`` must be a module-level function that never raises. A worker that dies (a reader aborting the process, the
    memory killer) breaks the pool: the items a worker had begun then are run one by one, each in a fresh process, so
    only the item that kills its process is lost, and ``on_crash(item)`` stands in for its result; the items no worker
    had begun go on in a fresh pool. With ``seconds``, every item runs in a worker process, even with one job, and one
    that runs longer is stopped there (``_bounded``): ``on_overrun(item)`` stands in for its result."""
    total = len(items)
    if progress:
        progress(phase, 0, total)
    if seconds is None and (jobs <= 1 or total <= 1):
        out = []
        for i, item in enumerate(items, 1):
            out.append(fn(item))
            if progress:
                progress(phase, i, total)
        return out
    _preload()
    results: dict[int, R] = {}
    pending = list(range(total))
    while pending:
        broken, begun = _pool_round(fn, items, pending, jobs, seconds, on_overrun, results, progress, phase)
        suspects = [i for i in broken if begun[i]] or broken  # none begun: a worker died before its first item
        for i in suspects:
            results[i] = _isolated(fn, items[i], on_crash, seconds, on_overrun)
            if progress:
                progress(phase, len(results), total)
        pending = [i for i in broken if i not in suspects]
    return [results[i] for i in range(total)]


def _pool_round(
    fn: Callable[[T], R],
    items: Sequence[T],
    pending: list[int],
    jobs: int,
    seconds: float | None,
    on_overrun: Callable[[T], R] | None,
    results: dict[int, R],
    progress: Progress | None,
    phase: str,
) -> tuple[list[int], Any]:
    """Run the ``pending`` items in one process pool, their results into ``results``. Returns the items left when
    the pool broke (a worker died) and, per item, whether a worker had begun it (shared memory the workers set)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    begun = multiprocessing.get_context().RawArray("b", len(items))
    broken: list[int] = []
    workers = max(1, min(jobs, len(pending)))
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(begun,)) as pool:
        futures = {pool.submit(_bounded, fn, items[i], seconds, i): i for i in pending}
        for future in as_completed(futures):
            i = futures[future]
            try:
                results[i] = _settled(future.result(), items[i], on_overrun)
            except BrokenProcessPool:
                broken.append(i)
                continue
            if progress:
                progress(phase, len(results), len(items))
    return sorted(broken), begun


#: In a worker of ``_pool_round``: one flag per item of the round, set as the worker begins the item.
_BEGUN: list[Any] = []


def _start_worker(begun: Any) -> None:
    """A pool worker's initializer: keep the round's flags, then ``_worker_ready``."""
    _BEGUN[:] = [begun]
    _worker_ready()


def _worker_ready() -> None:
    """Every worker's start: Ctrl-C ends it at once and quietly, then ``warm``.

    Ctrl-C reaches every process of the console (a terminal signals the whole process group; Windows sends its
    CTRL_C_EVENT to every process attached). The parent says 已取消 and exits 130; a worker left to Python's default
    would print a KeyboardInterrupt traceback from wherever it was (waiting for work, or inside a reader)."""
    import signal

    signal.signal(signal.SIGINT, _cancelled)
    warm()


def _cancelled(_signum: int, _frame: Any) -> None:
    """A worker's SIGINT handler: the batch is being cancelled; nothing of the worker's is kept or printed."""
    os._exit(130)


def _isolated(
    fn: Callable[[T], R],
    item: T,
    on_crash: Callable[[T], R] | None,
    seconds: float | None = None,
    on_overrun: Callable[[T], R] | None = None,
) -> R:
    """``fn(item)`` alone in a fresh process. A process that ends once the item has had its time was ended by the
    hard stop of ``_bounded``: the item overran; one that ends sooner crashed."""
    import time
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    start = time.monotonic()
    try:
        with ProcessPoolExecutor(max_workers=1, initializer=_worker_ready) as pool:
            return _settled(pool.submit(_bounded, fn, item, seconds).result(), item, on_overrun)
    except BrokenProcessPool:
        if seconds is not None and on_overrun is not None and time.monotonic() - start >= seconds:
            return on_overrun(item)
        if on_crash is None:
            raise
        return on_crash(item)


def _settled(result: Any, item: T, on_overrun: Callable[[T], R] | None) -> R:
    """A worker's result, or ``on_overrun(item)`` for an item that was stopped at its time bound."""
    if isinstance(result, Overran):
        if on_overrun is None:
            raise RuntimeError("an item overran and run_map was given no on_overrun")
        return on_overrun(item)
    return result


# ---- the time bound of one item, in its worker ----------------------------------------------------------------------


@dataclass(frozen=True)
class Overran:
    """What ``_bounded`` returns for an item stopped at its time bound."""


class _Stopped(BaseException):
    """Raised in a worker's main thread when its item runs out of time. Not an ``Exception``: no reader's ``except
    Exception`` (pdfminer's many error types are caught that way) can swallow it."""


def _bounded(fn: Callable[[T], R], item: T, seconds: float | None, index: int | None = None) -> R | Overran:
    """``fn(item)`` in a worker process, stopped when it runs past ``seconds`` of wall time.

    Two stops, both working with Windows' spawn start method (no SIGALRM there) and neither touching the parent:

    * at ``seconds`` a timer thread raises ``_Stopped`` in the main thread, which unwinds the reader like any
      exception at its next Python instruction. That is the usual case, a pure-Python parser (pdfminer) looping over
      a hostile file: the item's result is ``Overran()``, and the worker and the pool go on with the other items.
    * code that never comes back to Python (a C loop that holds the GIL, a blocking call) cannot be interrupted, and
      the timer thread may not even get to run: faulthandler's watchdog, a C thread that needs no GIL, ends the whole
      process ``_grace(seconds)`` later. ``run_map`` then sees a worker that died and runs the items begun at that
      moment one by one, each in its own process (``_isolated``), where the one that overruns again is known by its
      elapsed time; the others go on in a fresh pool.
    """
    if index is not None and _BEGUN:
        _BEGUN[0][index] = 1
    if seconds is None:
        return fn(item)
    import faulthandler
    import threading

    main = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False}

    def stop() -> None:
        with lock:
            if not state["done"]:
                _raise_in(main, _Stopped)

    timer = threading.Timer(seconds, stop)
    timer.daemon = True
    faulthandler.dump_traceback_later(seconds + _grace(seconds), exit=True, file=_sink())
    timer.start()
    try:
        try:
            return fn(item)
        finally:
            with lock:  # from here on no stop can be raised: take back one raised as fn returned, not yet delivered
                state["done"] = True
                _raise_in(main, None)
    except _Stopped:
        return Overran()
    finally:
        timer.cancel()
        faulthandler.cancel_dump_traceback_later()


def _grace(seconds: float) -> float:
    """How long past its time an item that cannot be interrupted runs before its process is ended."""
    return min(seconds, 10.0)


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in the thread ``thread_id`` at its next Python instruction; ``None`` takes back one not yet
    raised. CPython's ``PyThreadState_SetAsyncExc``, the only way to interrupt a thread that works in any process on
    any system (``_thread.interrupt_main`` depends on whatever SIGINT handler the worker inherited)."""
    import ctypes

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


_SINK: list[Any] = []


def _sink() -> Any:
    """Where faulthandler writes the tracebacks it dumps before the hard stop: nowhere (the clerk's console must not
    fill with them; the file's result says what happened). Opened once per worker and kept open, as it must be."""
    if not _SINK:
        _SINK.append(open(os.devnull, "w"))  # noqa: SIM115 — kept open for the worker's life
    return _SINK[0]


def crashed(path: str | os.PathLike[str]) -> ReportResult:
    """The result of a file whose reading killed its process."""
    path = Path(path)
    return ReportResult(path, file_format(path), error=(INTERNAL, f"读取 {path} 时处理进程意外退出，已跳过该文件。"))


def overran(path: str | os.PathLike[str], seconds: float) -> ReportResult:
    """The result of a file whose reading ran past ``seconds`` and was stopped (``importers.limits.file_seconds``)."""
    from ..importers.limits import overtime

    path = Path(path)
    error = overtime(path, seconds)
    return ReportResult(path, file_format(path), error=(error.code, error.message))


#: What a worker imports before its first item (``warm``): the rule engine and every reader's library, imported
#: lazily elsewhere.
WARM_MODULES: tuple[str, ...] = (
    "xltool.importers.document",
    "xltool.readers",
    "xltool.rules.crossyear",
    "xltool.rules.document",
    "xltool.rules.explanations",
    "xltool.rules.narrative",
    "xltool.rules.tables",
    "pandas",
    "pandera.pandas",
    "pdfplumber",
    "docx",
    "docx.table",
    "docx.text.paragraph",
    "lxml.etree",
    "lxml.html",
    "openpyxl",
    "defusedxml.ElementTree",
    "olefile",
    "python_calamine",
)


def warm() -> None:
    """Import ``WARM_MODULES`` and audit the demo report once: every worker's initializer, before its first item.

    So an item's time is spent reading, not importing (a worker spawned on Windows imports for seconds), and a stop at
    the time bound does not fall inside an import, which would leave a half-imported module behind to break the
    worker's next items. The demo's audit runs what the imports alone do not: pandera imports more at its first
    validation (hypothesis, when it is installed). Done once per process: a no-op in a worker forked from a parent
    that has warmed itself (``_preload``)."""
    import importlib

    if _WARM:
        return
    for name in WARM_MODULES:
        importlib.import_module(name)
    from ..demo import demo_report
    from . import audit_report

    audit_report(demo_report())
    _WARM.append(True)


_WARM: list[bool] = []


def _preload() -> None:
    """With fork (Linux) the workers inherit what the parent has imported: import ``WARM_MODULES`` once, here."""
    import multiprocessing

    if multiprocessing.get_start_method(allow_none=False) == "fork":
        warm()
