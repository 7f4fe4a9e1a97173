"""How every file reaches the user's disk: refuse to overwrite, write atomically, zip with a fixed time, log crashes.

One module owns these so that no writer can forget one: a clerk's filled workbook or hand-edited report is never
replaced without ``force``; a crash, a full disk or Ctrl-C never leaves half a file under the user's name (a temporary
file in the same folder is renamed over the target only once complete); a new file gets the ordinary permissions of
the user's umask (``mkstemp`` alone would leave 0600, unreadable to colleagues on a shared folder); and every
``OSError`` becomes ``XltoolError("F-OUTPUT")`` naming the path with a Chinese reason.
"""

from __future__ import annotations

import errno
import io
import os
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ..errors import XltoolError, os_reason

PathLike = str | os.PathLike[str]

#: The one timestamp of every member of a zip we build (the earliest a zip can hold): rebuilds are byte-identical.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def refuse_overwrite(output: PathLike, *inputs: PathLike | None, force: bool = False, kept: str = "原始数据") -> None:
    """Check that ``output`` may be written, before any work is done; raise ``XltoolError`` when not.

    Never the same file as one of ``inputs`` (not even with ``force``: the CLI never saves over its input); never a
    folder; an existing file only with ``force`` (``F-EXISTS`` names the file and ``--force``). None inputs are skipped.
    """
    target = Path(output)
    if target.is_dir():
        raise XltoolError("F-OUTPUT", path=target, reason=os_reason(IsADirectoryError(errno.EISDIR, "")))
    if not target.exists():
        return
    for source in inputs:
        if source is not None and Path(source).exists() and os.path.samefile(target, source):
            raise XltoolError("F-OUTPUT", path=target, reason=f"输出文件不能与输入文件相同，以免覆盖{kept}")
    if not force:
        raise XltoolError("F-EXISTS", path=target)


def _new_file_mode(path: Path) -> int:
    """An existing file keeps its permissions; a new one gets what ``open()`` would give it under the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


@contextmanager
def _output_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise XltoolError("F-OUTPUT", path=path, reason=os_reason(exc)) from None


def atomic_write(path: PathLike, write: Callable[[IO[bytes]], Any]) -> Path:
    """Call ``write`` with a binary file beside ``path``, then rename it over ``path``; return ``path``.

    The data is flushed to disk before the rename, so a full disk is noticed while the old file is still intact. On any
    failure, Ctrl-C included, the temporary file is removed and ``path`` is untouched.
    """
    target = Path(path)
    with _output_errors(target):
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(target))
        fd, name = tempfile.mkstemp(prefix=f".~{target.stem}.", suffix=".tmp", dir=target.parent or None)
    tmp = Path(name)
    try:
        with _output_errors(target):
            with os.fdopen(fd, "wb") as handle:
                write(handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, _new_file_mode(target))
            os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def write_bytes(path: PathLike, data: bytes) -> Path:
    """Atomically write ``data`` to ``path``."""
    return atomic_write(path, lambda handle: handle.write(data))


def write_text(path: PathLike, text: str) -> Path:
    """Atomically write ``text`` to ``path`` as UTF-8 (what every reader here and Excel/WPS expect)."""
    return write_bytes(path, text.encode("utf-8"))


class FixedTimeZip(zipfile.ZipFile):
    """A ZipFile whose members all carry one fixed timestamp and mode (openpyxl writes them with the current time).

    openpyxl adds most parts with ``writestr`` but the worksheets with ``write`` from a temporary file, whose time and
    mode would otherwise end up in the zip: both routes go through the fixed ``ZipInfo`` here.
    """

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=ZIP_TIME)
            zinfo_or_arcname.compress_type = self.compression
            zinfo_or_arcname.external_attr = 0o644 << 16
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        self.writestr(
            str(arcname or os.path.basename(filename)), Path(filename).read_bytes(), compress_type, compresslevel
        )


def fixed_time_zip(data: bytes) -> bytes:
    """The zip ``data`` re-packed with :data:`ZIP_TIME` on every member (python-docx stamps the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, FixedTimeZip(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
    return out.getvalue()


# ---- the crash log ----------------------------------------------------------------------------------------------------


def user_dir() -> Path:
    """The per-user folder of xltool: the built add-in and the crash logs live here."""
    local = os.environ.get("LOCALAPPDATA") if sys.platform == "win32" else None
    return Path(local) / "xltool" if local else Path.home() / ".xltool"


def log_exception(name: str) -> Path:
    """Append the exception being handled, with version and time, to the log ``name`` in :func:`user_dir`.

    Falls back to the temporary folder when the profile folder cannot be written; returns the log's path.
    """
    import traceback
    from datetime import datetime
    from importlib.metadata import PackageNotFoundError, version

    try:
        installed = version("xltool")  # not the package facade: a writer never imports the layers above it
    except PackageNotFoundError:
        installed = "(未安装)"
    entry = (
        f"==== {datetime.now().isoformat(timespec='seconds')} xltool {installed} Python {sys.version}\n"
        f"{traceback.format_exc()}\n"
    )
    for path in (user_dir() / name, Path(tempfile.gettempdir()) / f"xltool-{name}"):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as log:
                log.write(entry)
            return path
        except OSError:
            continue
    return path
