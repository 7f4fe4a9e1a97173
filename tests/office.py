"""LibreOffice for the tests that need formulas recalculated (the live checks, and the formulas of foreign workbooks).

One place for how soffice is started: a private profile that recalculates every formula on load, whatever the file says
(docs/reference/engineering-notes.md: LibreOffice headless), and one soffice run for all the files of a module.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

#: Recalculate every formula on load, whatever the file says.
RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def recalculate(sources: list[Path], base: Path) -> Path:
    """Open every workbook of ``sources`` in LibreOffice, recalculate and save it as xlsx into ``base``/out (returned),
    each under its own name. One start-up of soffice for all of them."""
    assert SOFFICE is not None, "LibreOffice (soffice) is needed"
    profile = base / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    out = base / "out"
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return out
