"""Temporary folders for uploads: one per job, removed when it expires, when too many are kept, and at exit.

An upload is untrusted: its file name is reduced to a safe base name before anything is written, and nothing is
written outside the job's own folder.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]')


def safe_name(name: str, fallback: str = "上传文件") -> str:
    """One path component that is safe on Windows and POSIX alike: no separators, control or reserved characters."""
    base = _UNSAFE.sub("_", name or "").strip(" .")
    return base[:120] or fallback


def safe_relative(name: str, fallback: str = "上传文件", depth: int = 8) -> Path:
    """An uploaded name as a relative path that stays inside its folder: a folder upload keeps its sub-folders
    ("年报/2024/甲镇.pdf"), while "..", drive letters and absolute paths are dropped."""
    parts = [safe_name(p, "") for p in re.split(r"[\\/]", name or "") if p not in ("", ".", "..")]
    parts = [p for p in parts if p][-depth:]
    return Path(*parts) if parts else Path(fallback)


@dataclass
class Job:
    """One upload's folder and what was computed from it (kept for the downloads that follow)."""

    id: str
    folder: Path
    created: float = field(default_factory=time.monotonic)
    data: dict[str, Any] = field(default_factory=dict)
    done: int = 0
    total: int = 0
    finished: bool = False

    def place(self, name: str) -> Path:
        """A fresh path in the job's folder for an uploaded file called ``name`` (duplicates get a number)."""
        target = self.folder / safe_relative(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        n = 1
        while target.exists():
            n += 1
            target = self.folder / f"{target.stem}（{n}）{target.suffix}"
        return target


class JobStore:
    """Jobs by id under one temporary root; the oldest are dropped beyond ``keep`` or after ``ttl`` seconds."""

    def __init__(self, root: Path | None = None, keep: int = 40, ttl: float = 4 * 3600) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="xltool-serve-", dir=root))
        self.keep, self.ttl = keep, ttl
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._prefix = re.compile(re.escape(str(self.root)) + r"[\\/][0-9a-f]{16}[\\/]")

    def new(self) -> Job:
        job_id = secrets.token_hex(8)
        folder = self.root / job_id
        folder.mkdir()
        job = Job(job_id, folder)
        with self._lock:
            self._jobs[job_id] = job
            self._expire()
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _expire(self) -> None:
        now = time.monotonic()
        jobs = sorted(self._jobs.values(), key=lambda j: j.created)
        for job in jobs[: max(0, len(jobs) - self.keep)] + [j for j in jobs if now - j.created > self.ttl]:
            if self._jobs.pop(job.id, None) is not None:
                shutil.rmtree(job.folder, ignore_errors=True)

    def shown(self, data: object) -> object:
        """``data`` with the job folders taken out of every text, so a path reads as the name that was uploaded."""
        if isinstance(data, str):
            return self._prefix.sub("", data)
        if isinstance(data, list):
            return [self.shown(v) for v in data]
        if isinstance(data, dict):
            return {k: self.shown(v) for k, v in data.items()}
        return data

    def close(self) -> None:
        """Remove every job's folder and the root (at shutdown)."""
        with self._lock:
            self._jobs.clear()
        shutil.rmtree(self.root, ignore_errors=True)
