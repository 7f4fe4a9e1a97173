"""Installing the add-in into Excel (Windows or macOS) through xlwings, and removing it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import spec
from ..errors import XltoolError
from ..writers.files import user_dir
from .build import ADDIN_FILE, build_addin


def _needs_excel() -> None:
    """Excel for Windows or macOS is the only host of the add-in; elsewhere say so and point to the CLI."""
    if sys.platform not in ("win32", "darwin"):
        raise XltoolError("X-NO-EXCEL", platform=sys.platform)


def install_addin(echo: Callable[[str], Any] = print, interpreter: str | None = None) -> int:
    """Build the add-in for this machine's Python and let xlwings copy it into Excel's XLSTART folder.

    xlwings reports failure by printing, not by raising, so success is checked by looking for the installed file.
    """
    _needs_excel()
    from argparse import Namespace

    from xlwings import cli as xw_cli

    built = build_addin(user_dir() / "addin", interpreter=interpreter)
    xw_cli.addin_install(Namespace(file=str(built), dir=None, glob=False))
    installed = Path(xw_cli.get_addin_dir()) / ADDIN_FILE
    if not installed.is_file():
        echo(f"安装未完成：{installed} 不存在。请退出 Excel 后重试，或手动把 {built} 复制到 Excel 的 XLSTART 文件夹。")
        return 1
    echo(f"已安装加载项：{installed}\n重新启动 Excel 后，功能区会出现“{spec.TAB_LABEL}”选项卡。")
    return 0


def uninstall_addin(echo: Callable[[str], Any] = print) -> int:
    """Remove the add-in from Excel's XLSTART folder (through xlwings, which also closes it in a running Excel)."""
    _needs_excel()
    from argparse import Namespace

    from xlwings import cli as xw_cli

    installed = Path(xw_cli.get_addin_dir()) / ADDIN_FILE
    if not installed.is_file():
        echo(f"加载项未安装（{installed} 不存在），无需卸载。")
        return 0
    xw_cli.addin_remove(Namespace(file=ADDIN_FILE, dir=None, glob=False))
    if installed.is_file():
        echo(f"卸载未完成：请退出 Excel 后重试，或手动删除 {installed}。")
        return 1
    echo(f"已卸载加载项：{installed}")
    return 0
