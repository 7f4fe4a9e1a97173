"""PDF through LibreOffice: the Word report converted headless, in a private profile, with the official font names
aliased where they are absent."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path

from ..errors import XltoolError
from .files import atomic_write

PathLike = str | os.PathLike[str]


def find_soffice() -> str | None:
    """LibreOffice's command: on PATH, or in its usual Windows and macOS install folders."""
    for name in ("soffice", "libreoffice"):
        if found := shutil.which(name):
            return found
    candidates = [
        Path(os.environ.get(v, "")) / "LibreOffice" / "program" / "soffice.exe"
        for v in ("ProgramFiles", "ProgramFiles(x86)")
        if os.environ.get(v)
    ]
    candidates.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    return next((str(c) for c in candidates if c.is_file()), None)


def fonts_conf() -> Path:
    """Fontconfig aliases for the official font names (仿宋_GB2312 → Noto Serif CJK SC …), used when they are absent."""
    return Path(str(resources.files("xltool").joinpath("data/fonts.conf")))


def convert_to_pdf(docx: PathLike, pdf: PathLike | None = None, timeout: float = 180) -> Path:
    """Convert with LibreOffice headless in a private profile (so a running LibreOffice does not swallow the job)."""
    source = Path(docx)
    target = Path(pdf) if pdf else source.with_suffix(".pdf")
    soffice = find_soffice()
    if soffice is None:
        raise XltoolError("E-NO-LIBREOFFICE", docx=source)
    env = dict(os.environ)
    if sys.platform.startswith("linux") and "FONTCONFIG_FILE" not in env:
        env["FONTCONFIG_FILE"] = str(fonts_conf())
    with tempfile.TemporaryDirectory(prefix="xltool-pdf-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        cmd = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(source.resolve()),
        ]
        try:
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise XltoolError("E-PDF", docx=source, reason=f"超过 {timeout:.0f} 秒未完成") from None
        produced = Path(tmp, source.stem + ".pdf")
        if not produced.is_file():
            reason = (done.stderr or done.stdout or f"退出码 {done.returncode}").strip()[-300:]
            raise XltoolError("E-PDF", docx=source, reason=reason)
        with produced.open("rb") as pdf_file:
            atomic_write(target, lambda handle: shutil.copyfileobj(pdf_file, handle))
    return target
