"""Every ribbon click starts a fresh Python that runs ``import xltool``: that import must not load heavy libraries."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pandas", "pandera", "openpyxl", "xlwings", "numpy", "docx", "docxtpl", "pdfplumber", "lxml")


def loaded_after(code: str) -> set[str]:
    """Top-level packages in sys.modules after running ``code`` in a new interpreter."""
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_import_xltool_loads_nothing_heavy():
    assert loaded_after("import xltool") & set(HEAVY) == set()


def test_the_addin_module_loads_nothing_heavy_until_the_click():
    assert loaded_after("import xltool.addin.click, xltool.readers.book") & set(HEAVY) == set()


def test_the_probe_sees_heavy_imports():
    """The probe itself works: importing pandas is seen (else the tests above could never fail)."""
    assert "pandas" in loaded_after("import xltool, pandas")
