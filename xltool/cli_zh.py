"""The command line's Chinese face: help pages, usage lines and usage-error messages, in place of typer's English.

typer 0.29 vendors click as ``typer._click`` (the project declares typer, not click) and hard-codes its strings
("Usage:", "Show this message and exit.", "[required]", "Missing argument …"), so translation catalogues cannot reach
them. Instead the command classes here render help and usage themselves through the documented click hooks
(``format_help``, ``get_usage``, ``get_help_option``), and ``usage_message`` words each usage error from its type and
the parameter it names. Value names come from each option's ``metavar`` (``--mark 文件``), never from the Python type
(``<list[Path]>``); option help wraps to the terminal instead of being cut.
"""

from __future__ import annotations

import re
from typing import Any

import typer
from typer._click.exceptions import (  # typer's vendored click: the only click the project installs
    BadOptionUsage,
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperCommand, TyperGroup

__all__ = ["Abort", "ClickException", "UsageError", "ZhTyper", "command_context", "show_usage_error", "usage_message"]

Abort = typer.Abort
HELP_TEXT = "显示本帮助并退出。"
OPTIONS, COMMAND_ARGS = "[选项]", "命令 [参数]…"
_INDENT = "  "
#: A parameter's type in words: what a bad value should have been, and the value name when it has no ``metavar``.
_TYPE_NAMES = {"int": "整数", "float": "数字", "Path": "文件路径", "str": "文字", "bool": "是或否"}
_VALUE_NAMES = {"int": "数字", "float": "数字", "Path": "文件", "str": "文字"}


# ---- usage line and help page -----------------------------------------------------------------------------------------


def usage_line(command: Any, ctx: Any) -> str:
    """``用法：xltool check [选项] 工作簿`` (optional arguments in brackets, repeatable ones with …)."""
    pieces = [OPTIONS] if any(_is_option(p) for p in command.get_params(ctx)) else []
    for param in command.get_params(ctx):
        if not _is_option(param):
            name = _value_name(param) + ("…" if param.nargs != 1 else "")
            pieces.append(name if param.required else f"[{name}]")
    if isinstance(command, TyperGroup):
        pieces.append(COMMAND_ARGS)
    return f"用法：{ctx.command_path} {' '.join(pieces)}".rstrip()


def _is_option(param: Any) -> bool:
    return any(opt.startswith("-") for opt in param.opts)


def _value_name(param: Any) -> str:
    """The option's ``metavar``; else a Chinese word for its type (a new option without one still reads Chinese)."""
    return param.metavar or _VALUE_NAMES.get(_type_name(param), "值")


def _type_name(param: Any) -> str:
    """``int``, ``Path`` …; for ``list[Path]`` the item's type (the value name is repeated with …)."""
    from typing import get_args, get_origin

    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if get_origin(annotation) is list and get_args(annotation):
        annotation = get_args(annotation)[0]
    return getattr(annotation, "__name__", "")


def _param_label(param: Any) -> str:
    """What the clerk types: ``-o, --output 文件`` for an option with a value, ``--json`` for a flag."""
    if not _is_option(param):
        return _value_name(param) + ("…" if param.nargs != 1 else "")
    names = ", ".join(sorted(param.opts, key=len))
    return names if getattr(param, "is_flag", False) else f"{names} {_value_name(param)}"


def _param_help(param: Any) -> str:
    text = " ".join((param.help or "").split())
    default = param.default
    if param.required:
        text += "（必填）"
    elif _is_option(param) and not getattr(param, "is_flag", False) and default:
        shown = "当前文件夹" if str(default) == "." else str(default)
        text += f"（默认：{shown}）"
    return text


def render_help(command: Any, ctx: Any) -> str:
    """The whole help page as plain text, wrapped to the terminal's width (``COLUMNS``; 80 when not a terminal)."""
    import shutil

    width = max(40, shutil.get_terminal_size((80, 24)).columns - 1)
    lines = [usage_line(command, ctx)]
    if command.help:
        for paragraph in command.help.split("\f")[0].strip().split("\n\n"):
            lines += ["", *(_INDENT + line for line in wrap(" ".join(paragraph.split()), width - len(_INDENT)))]
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    sections = [("参数", [p for p in params if not _is_option(p)]), ("选项", [p for p in params if _is_option(p)])]
    rows: dict[str, list[tuple[str, str]]] = {t: [(_param_label(p), _param_help(p)) for p in ps] for t, ps in sections}
    if isinstance(command, TyperGroup):
        rows["命令"] = [(name, _short_help(sub)) for name, sub in command.commands.items() if not sub.hidden]
    for title, entries in rows.items():
        if entries:
            lines += ["", f"{title}：", *_two_columns(entries, width)]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _two_columns(entries: list[tuple[str, str]], width: int) -> list[str]:
    """Labels in a column as wide as the widest, each text wrapped in the rest of the line."""
    label_width = max(text_width(label) for label, _text in entries)
    room = max(16, width - len(_INDENT) - label_width - 2)
    out = []
    for label, text in entries:
        for i, line in enumerate(wrap(text, room) or [""]):
            head = label + " " * (label_width - text_width(label)) if i == 0 else " " * label_width
            out.append(f"{_INDENT}{head}  {line}")
    return out


#: Chinese line breaking (标点禁则): these never open a line, and these never close one.
_NO_LINE_START = set("，。、；：？！）》」』”’〕】…,.;:?!)]}%")
_NO_LINE_END = set("（《「『“‘〔【([{")
_TOKEN = re.compile(r"[A-Za-z0-9_./\\:*%+\-=<>@#&'\"]+|\s+|.", re.S)


def text_width(text: str) -> int:
    """Columns on a terminal: a Chinese character or full-width form takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns: Chinese breaks between any two characters, a Latin word or
    option name stays whole, and a line neither starts with closing punctuation nor ends with opening punctuation."""
    lines: list[list[str]] = [[]]
    used = 0
    for token in _TOKEN.findall(text):
        size = text_width(token)
        if used + size > width and lines[-1] and not token.isspace():
            carried: list[str] = []
            line = lines[-1]
            first = token
            while first[0] in _NO_LINE_START and len(line) > 1:  # take the character before it along
                carried.insert(0, line.pop())
                first = carried[0]
            while len(line) > 1 and line[-1][-1] in _NO_LINE_END:
                carried.insert(0, line.pop())
            while line and line[-1].isspace():
                line.pop()
            lines.append(carried)
            used = sum(text_width(t) for t in carried)
        if token.isspace() and not lines[-1]:
            continue
        lines[-1].append(token)
        used += size
    return ["".join(line).rstrip() for line in lines if line]


def _short_help(command: Any) -> str:
    """A command's first paragraph, whole (wrapped by the table, never cut with …)."""
    text = command.short_help or command.help or ""
    return " ".join(text.split("\f")[0].strip().split("\n\n")[0].split())


class _ZhMixin:
    """Chinese help, usage and help option for a typer command or group."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(render_help(self, ctx))

    def get_usage(self, ctx: Any) -> str:
        return usage_line(self, ctx)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option


class ZhCommand(_ZhMixin, TyperCommand):
    """A typer command with Chinese help."""


class ZhGroup(_ZhMixin, TyperGroup):
    """A typer group with Chinese help; its commands default to :class:`ZhCommand`."""


class ZhTyper(typer.Typer):
    """``typer.Typer`` whose groups and commands render Chinese help (``cls`` may still be given explicitly)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("cls", ZhGroup)
        super().__init__(*args, **kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", ZhCommand)
        return super().command(*args, **kwargs)


# ---- usage errors -----------------------------------------------------------------------------------------------------


def _hint(param: Any) -> str:
    if param is None:
        return "参数"
    return ("选项 " + "/".join(sorted(param.opts, key=len))) if _is_option(param) else f"参数 {_value_name(param)}"


def _expected(param: Any) -> str:
    name = _TYPE_NAMES.get(_type_name(param), "")
    return f"，应填写{name}" if name else ""


def usage_message(exc: UsageError) -> str:
    """The usage error in Chinese, from its type and the parameter it names (click's own text only as a last resort)."""
    text = exc.message or ""
    if isinstance(exc, NoArgsIsHelpError):
        return "请指定要执行的命令。"
    if isinstance(exc, MissingParameter):
        return f"缺少{_hint(exc.param)}。"
    if isinstance(exc, BadParameter):
        return f"{_hint(exc.param)} 的值无效{_expected(exc.param)}。"
    if isinstance(exc, NoSuchOption):
        close = f"（是否想用：{'、'.join(sorted(exc.possibilities))}？）" if exc.possibilities else ""
        return f"没有这个选项：{exc.option_name}{close}"
    if isinstance(exc, BadOptionUsage):
        if "requires" in text:
            return f"选项 {exc.option_name} 后面需要一个值。"
        return f"选项 {exc.option_name} 不接受值。"
    if match := re.match(r"No such command '(.*?)'\.(?: Did you mean (.*)\?)?", text):
        close = f"（是否想用：{match.group(2).replace(chr(39), '')}？）" if match.group(2) else ""
        return f"没有这个命令：{match.group(1)}{close}"
    if text.startswith("Missing command"):
        return "请指定要执行的命令。"
    if match := re.match(r"Got unexpected extra argument\(s\) \((.*)\)", text):
        return f"多余的参数：{match.group(1)}"
    return text


def command_context(app: typer.Typer, prog_name: str, args: list[str]) -> Any:
    """The context of the (sub)command that ``args`` name, for errors click raises without one (``--year`` at the end)."""
    command = typer.main.get_command(app)
    ctx = command.make_context(prog_name, [], resilient_parsing=True)
    for arg in args:
        sub = command.commands.get(arg) if isinstance(command, TyperGroup) else None
        if sub is None:
            continue
        command = sub
        ctx = command.make_context(arg, [], parent=ctx, resilient_parsing=True)
    return ctx


def show_usage_error(exc: UsageError, fallback: Any = None) -> None:
    """Usage line, the error in Chinese and where to find help, on stderr (the whole help when nothing was given).

    ``fallback`` is the context to use when click raised the error without one.
    """
    ctx = exc.ctx or fallback
    lines = []
    if ctx is not None:
        if isinstance(exc, NoArgsIsHelpError):
            lines.append(render_help(ctx.command, ctx).rstrip("\n"))
        else:
            lines.append(usage_line(ctx.command, ctx))
    lines.append(f"错误：{usage_message(exc)}")
    if ctx is not None:
        lines.append(f"运行 {ctx.command_path} --help 查看帮助。")
    typer.echo("\n".join(lines), err=True)
