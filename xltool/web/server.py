"""The local web service behind ``xltool serve``: Starlette routes that call the library, nothing more.

Safe by construction, because a page on 127.0.0.1 is reachable from every other page the clerk's browser opens:
- it listens on 127.0.0.1 only, and a request whose Host is not 127.0.0.1 or localhost is refused (DNS rebinding);
- a random token per launch is required, given in the opened address (``?token=…``) and then kept as a cookie;
- uploads are bounded (size per file, files per batch, request size) and processed in a temporary folder per job,
  removed when the job expires and at exit; an upload's name never chooses where it is written;
- every failure is a Chinese message in JSON (the page shows it) and the service keeps running.

``/api/check`` and ``/api/audit`` return exactly what ``xltool check --json`` and ``xltool audit --json`` print;
``/ui/…`` serves the page its richer data (drawn tables, downloads).
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import socket
import sys
import tempfile
import threading
import traceback
import webbrowser
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from ..errors import XltoolError
from .jobs import Job, JobStore
from .views import findings_view, tables_view

COOKIE = "xltool_token"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
log = logging.getLogger("xltool.web")


@dataclass(frozen=True)
class UploadLimits:
    """What one request may bring. A workbook is a few dozen KB and a published PDF a few MB."""

    file_bytes: int = 20 * 1024 * 1024
    files: int = 500
    request_bytes: int = 512 * 1024 * 1024

    def describe(self) -> str:
        return f"每个文件不超过 {self.file_bytes // (1024 * 1024)} MB，每批不超过 {self.files} 个文件"


class Refused(Exception):
    """A request the service answers with a Chinese message and an HTTP status, never a traceback."""

    def __init__(self, status: int, message: str, code: str = "W-REFUSED") -> None:
        super().__init__(message)
        self.status, self.message, self.code = status, message, code


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


# ---- the guard: Host and token ----------------------------------------------------------------------------------------


class Guard:
    """ASGI middleware: only local Host headers, only with the launch token (query parameter or cookie)."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app, self.token = app, token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        host = (request.headers.get("host") or "").rsplit(":", 1)[0].strip("[]").lower()
        if host not in LOCAL_HOSTS:
            await error_response(403, "W-HOST", "拒绝访问：本服务只接受本机地址（127.0.0.1 或 localhost）的请求。")(
                scope, receive, send
            )
            return
        given = request.query_params.get("token")
        if given is not None and secrets.compare_digest(given, self.token):
            if request.method == "GET" and not scope["path"].startswith("/api/"):
                # Drop the token from the address bar (and from history) once the cookie holds it.
                target = scope["path"] + _query_without_token(request)
                response: Response = RedirectResponse(target, status_code=303)
                _set_cookie(response, self.token)
                await response(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        cookie = request.cookies.get(COOKIE)
        if cookie is not None and secrets.compare_digest(cookie, self.token):
            await self.app(scope, receive, send)
            return
        await error_response(
            403, "W-TOKEN", "拒绝访问：请使用启动 xltool serve 时显示的地址打开本页面（地址中含访问令牌）。"
        )(scope, receive, send)


def _query_without_token(request: Request) -> str:
    rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
    return ("?" + "&".join(f"{quote(k)}={quote(v)}" for k, v in rest)) if rest else ""


def _set_cookie(response: Response, token: str) -> None:
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/")


# ---- the app ---------------------------------------------------------------------------------------------------------


class Service:
    """The routes, bound to one job store and one set of limits."""

    def __init__(self, limits: UploadLimits, jobs: JobStore, log_dir: Path, batch_jobs: int | None) -> None:
        self.limits, self.jobs, self.log_dir, self.batch_jobs = limits, jobs, log_dir, batch_jobs

    # -- uploads --

    async def _form_files(self, request: Request, field: str, most: int) -> list[UploadFile]:
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.limits.request_bytes:
            raise Refused(
                413, f"上传的内容过大（{int(length) // (1024 * 1024)} MB）：{self.limits.describe()}。", "W-TOO-LARGE"
            )
        try:
            form = await request.form(max_files=most + 1, max_fields=100)
        except Exception as exc:  # multipart errors, too many files
            raise Refused(400, f"无法读取上传的内容（{exc}）：{self.limits.describe()}。", "W-BAD-UPLOAD") from None
        files = [f for f in form.getlist(field) if isinstance(f, UploadFile) and f.filename]
        if not files:
            raise Refused(400, "没有收到文件：请选择或拖入要处理的文件。", "W-NO-FILE")
        if len(files) > most:
            raise Refused(413, f"一次上传了 {len(files)} 个文件，超过上限：{self.limits.describe()}。", "W-TOO-MANY")
        for f in files:
            if (f.size or 0) > self.limits.file_bytes:
                raise Refused(
                    413,
                    f"文件“{f.filename}”过大（{(f.size or 0) // (1024 * 1024)} MB）：{self.limits.describe()}。",
                    "W-TOO-LARGE",
                )
        return files

    async def _save(self, job: Job, uploads: list[UploadFile]) -> list[tuple[str, Path]]:
        saved = []
        for upload in uploads:
            target = job.place(upload.filename or "")
            with target.open("wb") as out:
                while chunk := await upload.read(1024 * 1024):
                    out.write(chunk)
            saved.append((upload.filename or target.name, target))
        return saved

    # -- JSON API: exactly the CLI's JSON --

    async def api_check(self, request: Request) -> Response:
        job = self.jobs.new()
        [(_name, path)] = await self._save(job, await self._form_files(request, "file", 1))
        findings = await run_in_threadpool(_check, path)
        return JSONResponse(self.jobs.shown(findings.to_json()))

    async def api_audit(self, request: Request) -> Response:
        job = self.jobs.new()
        saved = await self._save(job, await self._form_files(request, "files", self.limits.files))
        data = await run_in_threadpool(_audit_json, [p for _n, p in saved], job.folder, self.batch_jobs)
        return JSONResponse(self.jobs.shown(data))

    # -- the page's own data --

    async def ui_blank(self, request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=10)
        agency = str(form.get("agency") or "").strip() or None
        year_text = str(form.get("year") or "").strip()
        if year_text and not (year_text.isdigit() and 2000 <= int(year_text) <= 2100):
            raise Refused(400, f"报告年度“{year_text}”无效：请填写四位数字的年份，如 2024。", "W-BAD-YEAR")
        job = self.jobs.new()
        name = f"{agency or '政府信息公开'}{year_text and year_text + '年'}年报.xlsx"
        path = job.place(name)
        await run_in_threadpool(_blank_workbook, path, agency, int(year_text) if year_text else None)
        return _download(path, name, XLSX)

    async def ui_check(self, request: Request) -> Response:
        job = self.jobs.new()
        [(name, path)] = await self._save(job, await self._form_files(request, "file", 1))
        report, findings = await run_in_threadpool(_read_and_check, path)
        job.data.update(name=name, path=path, report=report, findings=findings)
        counts = findings.counts()
        return JSONResponse(
            {
                "job": job.id,
                "name": name,
                "agency": report.agency.name or "",
                "year": report.year,
                "summary": findings.summary(),
                "counts": counts,
                "findings": findings_view(findings),
                "tables": tables_view(report, findings),
                "can_report": findings.valid,
                "pdf_available": await run_in_threadpool(_soffice_available),
            }
        )

    def _job(self, request: Request, *needed: str) -> Job:
        job = self.jobs.get(request.path_params["job"])
        if job is None or any(k not in job.data for k in needed):
            raise Refused(404, "该结果已过期或不存在：请重新上传文件。", "W-NO-JOB")
        return job

    async def ui_marked(self, request: Request) -> Response:
        job = self._job(request, "path", "findings")
        name = Path(job.data["name"]).stem + "（标注）.xlsx"
        target = job.folder / "marked" / "标注副本.xlsx"
        if not target.exists():
            target.parent.mkdir(exist_ok=True)
            await run_in_threadpool(_mark, job.data["path"], target, job.data["findings"])
        return _download(target, name, XLSX)

    async def ui_drafted(self, request: Request) -> Response:
        """The workbook with its empty narrative parts drafted from the tables (``xltool draft``)."""
        job = self._job(request, "path")
        name = Path(job.data["name"]).stem + "（起草）.xlsx"
        target = job.folder / "drafted" / "起草副本.xlsx"
        if not target.exists():
            target.parent.mkdir(exist_ok=True)
            await run_in_threadpool(_draft, job.data["path"], target)
        return _download(target, name, XLSX)

    async def ui_report(self, request: Request) -> Response:
        job = self._job(request, "report", "findings")
        draft = request.query_params.get("draft") == "1"
        as_pdf = request.path_params["kind"] == "pdf"
        findings = job.data["findings"]
        if not findings.valid and not draft:
            raise Refused(
                409,
                f"工作簿还有 {len(findings.errors)} 个错误，暂不能生成正式报告。请改正后重新校验，"
                "或选择“生成草稿”（每页标有“草稿”字样）。",
                "W-HAS-ERRORS",
            )
        stem = Path(job.data["name"]).stem + ("（草稿）" if draft else "")
        folder = job.folder / ("draft" if draft else "final")
        folder.mkdir(exist_ok=True)
        docx = folder / "年度报告.docx"
        if not docx.exists():
            await run_in_threadpool(_write_report, job.data["report"], docx, draft)
        if not as_pdf:
            return _download(docx, stem + ".docx", DOCX)
        pdf = docx.with_suffix(".pdf")
        if not pdf.exists():
            await run_in_threadpool(_to_pdf, docx, pdf)
        return _download(pdf, stem + ".pdf", "application/pdf")

    async def ui_audit(self, request: Request) -> Response:
        """Start a batch in the background; the page polls ``ui_progress`` for how far it got."""
        job = self.jobs.new()
        saved = await self._save(job, await self._form_files(request, "files", self.limits.files))
        job.total = len(saved)
        job.data["names"] = {str(p): n for n, p in saved}
        threading.Thread(target=self._run_audit, args=(job, saved), daemon=True).start()
        return JSONResponse({"job": job.id, "total": job.total})

    def _run_audit(self, job: Job, saved: list[tuple[str, Path]]) -> None:
        try:
            job.data["result"] = self.jobs.shown(_audit_page(job, saved, self.batch_jobs))
        except Exception:  # a bug must not leave the page waiting forever
            job.data["failure"] = _log_internal(self.log_dir)
        finally:
            job.finished = True

    async def ui_progress(self, request: Request) -> Response:
        job = self._job(request)
        body: dict[str, Any] = {"job": job.id, "done": job.done, "total": job.total, "finished": job.finished}
        if job.finished and "failure" in job.data:
            body["error"] = {"code": "W-INTERNAL", "message": job.data["failure"]}
        elif job.finished:
            body.update(job.data["result"])
        return JSONResponse(body)

    async def ui_summary(self, request: Request) -> Response:
        job = self._job(request, "result", "batch")
        if "summary" not in job.data:
            target = job.place("审核汇总.xlsx")
            await run_in_threadpool(_write_summary, job, target)
            job.data["summary"] = target
        return _download(job.data["summary"], "审核汇总.xlsx", XLSX)


def _download(path: Path, name: str, media_type: str) -> FileResponse:
    return FileResponse(
        path, media_type=media_type, headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"}
    )


def _log_internal(log_dir: Path) -> str:
    log_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=log_dir, prefix="xltool-serve-", suffix=".log", delete=False
    ) as f:
        f.write(traceback.format_exc())
    log.error("internal error, see %s", f.name)
    return f"内部错误：请把日志文件 {f.name} 发给维护人员。其他功能不受影响。"


def create_app(
    token: str,
    limits: UploadLimits | None = None,
    jobs: JobStore | None = None,
    log_dir: Path | None = None,
    batch_jobs: int | None = 1,
) -> ASGIApp:
    """The whole service as an ASGI app (tests drive it in-process; ``serve`` runs it with uvicorn).

    ``batch_jobs``: processes per batch audit. One by default, because forking workers from a process that runs
    threads (uvicorn's) is unsafe; ``serve`` switches to a fork server first and then uses every core.
    """
    store = jobs or JobStore()
    service = Service(
        limits or UploadLimits(), store, log_dir or Path(tempfile.gettempdir()) / "xltool-logs", batch_jobs
    )
    static = resources.files("xltool.web").joinpath("static")

    def page(name: str) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            return FileResponse(
                str(static.joinpath(name)), media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-store"}
            )

        return endpoint

    def guarded(handler: Callable[[Request], Any]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request)
            except Refused as exc:
                return error_response(exc.status, exc.code, exc.message)
            except XltoolError as exc:
                return error_response(400, exc.code, str(store.shown(exc.message)))
            except Exception:
                return error_response(500, "W-INTERNAL", _log_internal(service.log_dir))

        return endpoint

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            store.close()

    routes = [
        Route("/", page("check.html")),
        Route("/audit", page("audit.html")),
        Route("/api/check", guarded(service.api_check), methods=["POST"]),
        Route("/api/audit", guarded(service.api_audit), methods=["POST"]),
        Route("/ui/blank", guarded(service.ui_blank), methods=["POST"]),
        Route("/ui/check", guarded(service.ui_check), methods=["POST"]),
        Route("/ui/jobs/{job}/marked", guarded(service.ui_marked)),
        Route("/ui/jobs/{job}/drafted", guarded(service.ui_drafted)),
        Route("/ui/jobs/{job}/report.{kind:str}", guarded(service.ui_report)),
        Route("/ui/audit", guarded(service.ui_audit), methods=["POST"]),
        Route("/ui/jobs/{job}/progress", guarded(service.ui_progress)),
        Route("/ui/jobs/{job}/summary", guarded(service.ui_summary)),
        Mount("/static", StaticFiles(directory=str(static))),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.jobs = store
    return Guard(app, token)


# ---- library calls (run in worker threads) ------------------------------------------------------------------------


def _check(path: Path) -> Any:
    from .. import check

    return check(path)


def _read_and_check(path: Path) -> tuple[Any, Any]:
    from .. import check_report, read_workbook

    report = read_workbook(path)
    return report, check_report(report)


def _blank_workbook(path: Path, agency: str | None, year: int | None) -> None:
    from .. import build_workbook
    from ..model import AnnualReport

    build_workbook(path, AnnualReport.blank(year=year, name=agency))


def _mark(src: Path, dst: Path, findings: Any) -> None:
    from ..writers.marking import write_marked_copy

    write_marked_copy(src, dst, findings)


def _draft(src: Path, dst: Path) -> None:
    from ..writers.draft import write_drafted_copy

    write_drafted_copy(src, dst)


def _write_report(report: Any, path: Path, draft: bool) -> None:
    from ..writers.docx import write_docx

    write_docx(report, path, draft=draft)


def _soffice_available() -> bool:
    from ..writers.pdf import find_soffice

    return find_soffice() is not None


def _to_pdf(docx: Path, pdf: Path) -> None:
    from ..writers.pdf import convert_to_pdf

    convert_to_pdf(docx, pdf)


def _audit_json(paths: list[Path], folder: Path, jobs: int | None) -> dict[str, Any]:
    """What ``xltool audit --json`` prints for these files: one file as ``check`` shows it, several as a batch."""
    if len(paths) == 1:
        from .. import audit_file as audit_path

        return audit_path(paths[0], None).to_json()
    return _batch(paths, folder, jobs).to_json()


def _batch(
    paths: list[Path], folder: Path, jobs: int | None, progress: Callable[[str, int, int], None] | None = None
) -> Any:
    """The CLI's batch (year pairing, ``jobs`` processes), its paths given as the names that were uploaded."""
    from ..rules.batch import audit_batch

    return _relabel(audit_batch(paths, jobs=jobs, progress=progress), folder)


def _relabel(batch: Any, folder: Path) -> Any:
    """The batch with every path inside ``folder`` made relative to it (the uploaded names)."""
    import dataclasses

    def rel(p: Path | None) -> Path | None:
        return Path(os.path.relpath(p, folder)) if p is not None and folder in Path(p).parents else p

    for r in batch.reports:
        r.path, r.previous = rel(r.path), rel(r.previous)
    batch.pairs = [
        dataclasses.replace(
            p, current=rel(p.current), previous=rel(p.previous), candidates=tuple(rel(c) for c in p.candidates)
        )
        for p in batch.pairs
    ]
    batch.skipped = [dataclasses.replace(s, path=rel(s.path)) for s in batch.skipped]
    return batch


def _audit_page(job: Job, saved: list[tuple[str, Path]], jobs: int | None) -> dict[str, Any]:
    """The batch for the page: the summary workbook's 汇总 columns and rows, with each report's findings."""
    from ..rules.batch import PHASE_AUDIT
    from ..writers.summary import Link, summary_headers, summary_tables

    def progress(phase: str, done: int, total: int) -> None:
        if phase == PHASE_AUDIT:
            job.done, job.total = done, total

    batch = _batch([p for _n, p in saved], job.folder, jobs, progress)
    job.data["batch"] = batch
    headers = summary_headers()
    table = summary_tables(batch)[0]
    numeric = {h for row in table.rows for h, v in zip(headers, row, strict=True) if isinstance(v, int | float)}
    rows = []
    for index, (result, cells_) in enumerate(zip(batch.reports, table.rows, strict=True)):
        values = {h: (v.text if isinstance(v, Link) else v) for h, v in zip(headers, cells_, strict=True)}
        rows.append(
            {
                "index": index,
                "status": result.status,
                "values": values,
                "summary": result.summary(),
                "reason": result.error[1] if result.error else "",
                "findings": findings_view(result.findings),
                "unread": [f"{c.sheet}!{c.address} {c.row_label} · {c.col_label}" for c in result.unread],
            }
        )
    columns = [{"key": h, "label": h, "numeric": h in numeric} for h in headers]
    return {
        "columns": columns,
        "reports": rows,
        "skipped": [{"path": str(s.path), "reason": s.reason} for s in batch.skipped],
    }


def _write_summary(job: Job, target: Path) -> None:
    from ..writers.summary import write_summary

    write_summary(target, job.data["batch"])


# ---- running it ------------------------------------------------------------------------------------------------------


def bind(port: int = 0) -> socket.socket:
    """A listening socket on 127.0.0.1 (``port`` 0 picks a free one), so the address is known before serving."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as exc:
        sock.close()
        raise XltoolError("W-PORT", port=port, reason=exc.strerror or exc) from None
    sock.listen(128)
    return sock


def _safe_worker_processes() -> int | None:
    """Make batch worker processes safe to start from uvicorn's threads; how many to use (None: every core).

    Windows and macOS already spawn fresh processes. On Linux the default is fork, which copies locks held by other
    threads: a fork server (started now, before any thread, with the rule engine preloaded) forks them instead.
    """
    import multiprocessing

    if multiprocessing.get_start_method(allow_none=True) in (None, "fork") and sys.platform.startswith("linux"):
        multiprocessing.set_start_method("forkserver", force=True)
        from ..rules.batch import WARM_MODULES

        multiprocessing.set_forkserver_preload(["xltool.rules.batch", *WARM_MODULES])
    return None


def serve(sock: socket.socket, token: str, open_browser: bool, on_ready: Callable[[str], None]) -> None:
    """Serve until Ctrl-C; ``on_ready`` gets the address to open (with its token) before serving.

    The socket is already listening, so a browser opened now is answered as soon as uvicorn starts accepting.
    """
    import uvicorn

    url = f"http://127.0.0.1:{sock.getsockname()[1]}/?token={token}"
    batch_jobs = _safe_worker_processes()
    app = create_app(token, batch_jobs=batch_jobs)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
    on_ready(url)
    if open_browser:
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    server.run(sockets=[sock])
