"""A Word template from another office is data, not code: checked, sandboxed, bounded, and cut off from the outside.

docxtpl turns a .docx into Jinja templates, one per rendered part (body with its text boxes, headers, footers, footnotes,
endnotes). Plain Jinja would let a ``{{ … }}`` walk from a documented variable to Python's object graph and run a command.
So a template is accepted only when every tag in every part stays inside the *template contract* (the documented variables,
their documented fields, loops over the report's narrative paragraphs, a few harmless filters):

- ``check_parts`` parses every part once and refuses anything else (unknown names, fields outside the data, calls,
  arithmetic, ``include``/``import``/``extends``/``macro``/``set`` …), naming the part and quoting the paragraph as the
  clerk sees it in Word. All problems of all parts are reported at once, before anything is rendered.
- Rendering then compiles exactly those checked trees in ``Sandbox``: an ``ImmutableSandboxedEnvironment`` with no
  globals, only the documented filters and tests, no calls, no operators, and lookups limited to the report's own
  dictionaries. It is a second wall, not the first: the check already refused what the sandbox would stop.
- Output is bounded: each part's template and the filled document together have a stated size limit (``MAX_*``), counted
  while rendering, so a template that repeats a loop thousands of times stops early with a clear message.
- ``strip_external`` removes every external relationship (TargetMode="External": hyperlinks to files or web pages, linked
  pictures, attached templates, mail-merge sources) and every field that fetches from outside (INCLUDETEXT, DDE …) from
  the output, and says which ones it removed.

Jinja is imported at module level: this module is only imported when a report is written.
"""

from __future__ import annotations

import bisect
import html
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_TESTS
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

if TYPE_CHECKING:  # pragma: no cover
    from docxtpl import DocxTemplate

# ---- limits (documented in docs/word-report.md) ----------------------------------------------------------------------------

#: The template file itself; a letterhead picture or two fit easily.
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
#: All parts of the template unpacked, pictures included (a zip bomb stops here, before python-docx reads anything).
MAX_TEMPLATE_UNPACKED = 50 * 1024 * 1024
#: Its XML parts unpacked (text, styles, relationships): what python-docx parses.
MAX_TEMPLATE_XML = 10 * 1024 * 1024
#: Entries in the template's zip.
MAX_TEMPLATE_ENTRIES = 1000
#: All rendered parts' template text together (their XML as Jinja sees it); the default template has about 70,000.
MAX_TEMPLATE_CHARS = 1_000_000
#: ``{{ … }}`` tags in all parts together; the default template has 219.
MAX_TAGS = 5000
#: ``{% … %}`` tags in all parts together; the default template has 10. Each costs Jinja about a millisecond to compile.
MAX_BLOCKS = 200
#: The filled document, all parts together; the demo report has about 70,000, a 100-page report far below this.
MAX_RENDERED_CHARS = 5_000_000

#: The filters a template may use, each with the types of its arguments: none of them can reach outside the value
#: or make it much longer, and with arguments of these types none of them can fail.
FILTER_ARGS: dict[str, tuple[tuple[type, ...], ...]] = {
    "default": ((str, int, float), (bool,)),
    "d": ((str, int, float), (bool,)),
    "trim": ((str,),),
    "upper": (),
    "lower": (),
    "length": (),
}
FILTERS: tuple[str, ...] = tuple(FILTER_ARGS)
TESTS: tuple[str, ...] = ("defined", "undefined", "none")
#: Comparisons (``==`` ``!=`` ``in`` ``not in``): ordering a text against a number would fail while rendering.
COMPARISONS = frozenset({"eq", "ne", "in", "notin"})
#: What a template may read of Jinja's ``loop`` inside ``{% for %}``.
LOOP_FIELDS: tuple[str, ...] = ("index", "first", "last")

FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
ENDNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
NOTE_PARTS = {FOOTNOTES_TYPE: "脚注", ENDNOTES_TYPE: "尾注"}
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class Contract:
    """What a template may read: top-level names, the fields of each dictionary, and the lists it may loop over."""

    names: frozenset[str]
    #: name → its fields, e.g. ``table3`` → {"D27", …}
    fields: Mapping[str, frozenset[str]]
    #: list name → the fields of each item, e.g. ``overview`` → {"head", "body"}
    loops: Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class Problem:
    """One refused tag: where (part), what the clerk typed (tag), the paragraph around it, and why."""

    part: str
    tag: str
    paragraph: str
    reason: str

    def text(self) -> str:
        where = f"{self.part}中的“{self.tag}”" if self.tag else f"{self.part}中"
        around = f"（所在段落：“{self.paragraph}”）" if self.paragraph and self.paragraph != self.tag else ""
        return f"{where}{self.reason}{around}"


@dataclass
class Usage:
    """What the accepted template uses, for the contract checks of the caller (required tags and table cells)."""

    names: set[str] = field(default_factory=set)
    fields: set[tuple[str, str]] = field(default_factory=set)
    loops: dict[str, set[str]] = field(default_factory=dict)


#: A message lists this many problems, then says how many more there are.
SHOWN_PROBLEMS = 20


def describe(problems: list[Problem]) -> list[str]:
    """The problems as sentences for the clerk, at most ``SHOWN_PROBLEMS`` of them and a count of the rest."""
    shown = [p.text() for p in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        shown.append(f"另有 {len(problems) - SHOWN_PROBLEMS} 处同类问题")
    return shown


class TemplateRefused(Exception):
    """The template breaks the contract; ``problems`` says where and why (the caller turns it into ``XltoolError``)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("；".join(describe(problems)))


class OutputTooLarge(SecurityError):
    """Raised while rendering, as soon as the filled document passes ``MAX_RENDERED_CHARS``."""


# ---- the package, before python-docx reads it --------------------------------------------------------------------------------


def too_big_file(size: int) -> str | None:
    """Why a template file of ``size`` bytes is refused unread, or None."""
    if size > MAX_TEMPLATE_BYTES:
        return f"文件大小 {size / 2**20:.1f} MB，超过 {MAX_TEMPLATE_BYTES // 2**20} MB 的上限"
    return None


def check_package(data: bytes) -> str | None:
    """Why the template file is too big to open (file, entries, unpacked size), or None; a non-zip is left to python-docx."""
    if reason := too_big_file(len(data)):
        return reason
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if len(infos) > MAX_TEMPLATE_ENTRIES:
        return f"含 {len(infos)} 个内部文件，超过 {MAX_TEMPLATE_ENTRIES} 个的上限"
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_TEMPLATE_UNPACKED:
        return f"解压后 {unpacked / 2**20:.0f} MB，超过 {MAX_TEMPLATE_UNPACKED // 2**20} MB 的上限"
    xml = sum(i.file_size for i in infos if i.filename.lower().endswith((".xml", ".rels")))
    if xml > MAX_TEMPLATE_XML:
        return f"文字和格式部分解压后 {xml / 2**20:.0f} MB，超过 {MAX_TEMPLATE_XML // 2**20} MB 的上限"
    return None


# ---- the parts docxtpl renders -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One rendered part: its name for the clerk and its source exactly as docxtpl hands it to Jinja."""

    label: str
    source: str


def jinja_source(patched_xml: str) -> str:
    """docxtpl's last step before Jinja (``render_xml_part``): each paragraph on its own line, so line numbers find it."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", patched_xml)


def rendered_parts(tpl: DocxTemplate) -> list[Part]:
    """Body, headers, footers, footnotes and endnotes: every part ``SafeDocxTemplate.render`` fills."""
    parts = [_part(tpl, "正文", tpl.get_xml())]
    kinds = _header_footer_kinds(tpl)
    for uri, name in ((tpl.HEADER_URI, "页眉"), (tpl.FOOTER_URI, "页脚")):
        for rel_id, part in tpl.get_headers_footers(uri):
            parts.append(_part(tpl, kinds.get(rel_id, "") + name, tpl.get_part_xml(part)))
    for part in note_parts(tpl):
        parts.append(_part(tpl, NOTE_PARTS[part.content_type], _blob_text(part)))
    return parts


def _part(tpl: DocxTemplate, label: str, xml: str) -> Part:
    """docxtpl's patching (about a second per million characters) is skipped for a part that is too big anyway."""
    too_big = len(xml) > MAX_TEMPLATE_CHARS or xml.count("{{") > MAX_TAGS or xml.count("{%") > MAX_BLOCKS
    return Part(label, xml if too_big else jinja_source(tpl.patch_xml(xml)))


def note_parts(tpl: DocxTemplate) -> list[Any]:
    """The footnotes and endnotes parts, each once (docxtpl itself renders footnotes once per section)."""
    return [p for p in tpl.docx.part.package.iter_parts() if p.content_type in NOTE_PARTS]


def _blob_text(part: Any) -> str:
    blob = part.blob
    return blob.decode("utf-8") if isinstance(blob, bytes) else blob


def _header_footer_kinds(tpl: DocxTemplate) -> dict[str, str]:
    """rId → "首页"/"偶数页"/"" from the sections' header and footer references, so a message names the right one."""
    kinds: dict[str, str] = {}
    names = {"first": "首页", "even": "偶数页"}
    for ref in tpl.docx.element.body.iter(f"{{{_W}}}headerReference", f"{{{_W}}}footerReference"):
        kinds[ref.get(f"{{{_REL}}}id")] = names.get(ref.get(f"{{{_W}}}type"), "")
    return kinds


# ---- the check ---------------------------------------------------------------------------------------------------------------


@dataclass
class CheckedTemplate:
    """The accepted parse trees, keyed by the exact source docxtpl will hand to Jinja, what they use, and the problems."""

    trees: dict[str, nodes.Template]
    usage: Usage
    problems: list[Problem]


def check_parts(parts: Iterable[Part], contract: Contract) -> CheckedTemplate:
    """Parse and check every part, collecting every problem of every part (a part with problems gets no tree)."""
    env = Sandbox(contract)
    trees: dict[str, nodes.Template] = {}
    usage = Usage()
    problems: dict[Problem, None] = {}  # ordered, and a text box stored twice (Word and VML copies) counts once
    totals = {"chars": 0, "tags": 0, "blocks": 0}
    for part in parts:
        if too_many := _over_limits(part, totals):
            problems[Problem(part.label, "", "", too_many)] = None
            break
        tree, found = _check_part(env, part, contract, usage)
        problems.update(dict.fromkeys(found))
        if tree is not None and not found:
            trees[part.source] = tree
    return CheckedTemplate(trees, usage, list(problems))


def _over_limits(part: Part, totals: dict[str, int]) -> str | None:
    """Counted before Jinja parses anything, so a template of ten thousand loops costs no more than reading it."""
    totals["chars"] += len(part.source)
    totals["tags"] += part.source.count("{{")
    totals["blocks"] += part.source.count("{%")
    for key, limit, what in (
        ("chars", MAX_TEMPLATE_CHARS, "个字符"),
        ("tags", MAX_TAGS, "个 {{ }} 占位符"),
        ("blocks", MAX_BLOCKS, "个 {% %} 标签"),
    ):
        if totals[key] > limit:
            return f"的内容过多：模板到这里已有 {totals[key]:,} {what}，上限为 {limit:,}"
    return None


def _check_part(
    env: Sandbox, part: Part, contract: Contract, usage: Usage
) -> tuple[nodes.Template | None, list[Problem]]:
    locate = _Locator(part)
    try:
        tree = env.parse(part.source)
        found = [locate.problem(line, needle, why) for line, needle, why in _Checker(contract, usage).run(tree)]
    except TemplateSyntaxError as exc:
        return None, [_syntax_problem(locate, exc)]
    except RecursionError:
        return None, [Problem(part.label, "", "", "的占位符嵌套过深")]
    except (ValueError, OverflowError):  # Python refuses to read an integer of more than 4300 digits
        return None, [Problem(part.label, "", "", "有过长的数字（超过 4300 位）")]
    return tree, found


_SYNTAX = [
    (re.compile(r"Encountered unknown tag '(\w+)'"), lambda m: f"不认识的标签“{m[1]}”"),
    (re.compile(r"unexpected end of template"), lambda m: "占位符没有结束（缺少 }} 或 %}）"),
    (re.compile(r"unexpected '(.+?)'"), lambda m: f"出现了多余的“{m[1]}”"),
    (re.compile(r"expected token '(.+?)', got '(.+?)'"), lambda m: f"“{m[2]}”的位置不对（应为 {m[1]}）"),
]
_OPEN_TAG = re.compile(r"(\{\{|\{%)(?:(?!\}\}|%\}).)*$", re.S)
_BLOCK_TAG = re.compile(r"\{%-?\s*(end)?(\w+)")


def _syntax_problem(locate: _Locator, exc: TemplateSyntaxError) -> Problem:
    """Where a syntax error really is, as the clerk sees it: an unclosed ``{{``, an unclosed block, or Jinja's line."""
    message = exc.message or ""
    if unclosed := re.search(r"needs to be closed is '(\w+)'", message):
        keyword = unclosed[1]
        return locate.problem(
            _unclosed_block(locate.part.source, keyword),
            keyword,
            f"占位符写法有误：{{% {keyword} %}} 缺少对应的 {{% end{keyword} %}}",
        )
    lineno = exc.lineno or 1
    visible = _visible(locate.lines[min(lineno, len(locate.lines)) - 1])
    if opened := _OPEN_TAG.search(visible):
        closing = "}}" if opened[1] == "{{" else "%}"
        return Problem(
            locate.part.label,
            _quote(opened[0], 0, 0),
            _quote(visible, opened.start(), opened.end()),
            f"占位符写法有误：缺少结尾的 {closing}",
        )
    for pattern, say in _SYNTAX:
        if match := pattern.search(message):
            reason = say(match).replace("end of print statement", "}}").replace("end of statement block", "%}")
            return locate.problem(lineno, None, "占位符写法有误：" + reason)
    return locate.problem(lineno, None, f"占位符写法有误：无法解析（{message}）")


def _unclosed_block(source: str, keyword: str) -> int:
    """The line of the last ``{% keyword %}`` that no ``{% endkeyword %}`` closes."""
    open_lines: list[int] = []
    for lineno, line in enumerate(source.split("\n"), start=1):
        for tag in _BLOCK_TAG.finditer(line):
            if tag[2] == keyword:
                if tag[1]:
                    if open_lines:
                        open_lines.pop()
                else:
                    open_lines.append(lineno)
    return open_lines[-1] if open_lines else 1


_FORBIDDEN: dict[type, str] = {
    nodes.Include: "不能使用：模板不能引用其他文件（include）",
    nodes.Import: "不能使用：模板不能引用其他文件（import）",
    nodes.FromImport: "不能使用：模板不能引用其他文件（import）",
    nodes.Extends: "不能使用：模板不能引用其他文件（extends）",
    nodes.Macro: "不能使用：模板不能定义宏（macro）",
    nodes.CallBlock: "不能使用：模板不能调用宏（call）",
    nodes.Call: "不能使用：占位符中不能调用函数或方法",
    nodes.Assign: "不能使用：模板不能定义变量（set）",
    nodes.AssignBlock: "不能使用：模板不能定义变量（set）",
    nodes.With: "不能使用：模板不能定义变量（with）",
    nodes.Block: "不能使用：模板不能定义块（block）",
    nodes.FilterBlock: "不能使用：模板不能使用过滤块（filter）",
    nodes.ScopedEvalContextModifier: "不能使用：模板不能关闭转义（autoescape）",
    nodes.EvalContextModifier: "不能使用：模板不能关闭转义（autoescape）",
    nodes.BinExpr: "不能使用：占位符中不能做运算（+ - * / 等）",
    nodes.UnaryExpr: "不能使用：占位符中不能做运算（+ - 等）",
    nodes.Slice: "不能使用：占位符中不能截取",
}


class _Checker:
    """Walks one parse tree and yields (line, text to find the tag by, reason) for every tag outside the contract."""

    def __init__(self, contract: Contract, usage: Usage) -> None:
        self.contract = contract
        self.usage = usage
        self.loop_item: tuple[str, str] | None = None  # (target name, list name) inside a {% for %}
        self.found: list[tuple[int, str | None, str]] = []

    def run(self, tree: nodes.Template) -> list[tuple[int, str | None, str]]:
        self.visit(tree)
        return self.found

    def refuse(self, node: nodes.Node, needle: str | None, reason: str) -> None:
        self.found.append((node.lineno, needle, reason))

    def visit(self, node: nodes.Node) -> None:
        handler = getattr(self, f"visit_{type(node).__name__}", None)
        if handler is not None:
            handler(node)
        elif isinstance(node, nodes.Not):
            self.visit(node.node)
        elif isinstance(node, nodes.Operand) and node.op not in COMPARISONS:
            self.refuse(node, _needle(node), "不能使用：只能比较是否相等（== != in not in）")
        elif isinstance(
            node,
            (
                nodes.Template,
                nodes.Output,
                nodes.If,
                nodes.CondExpr,
                nodes.And,
                nodes.Or,
                nodes.Compare,
                nodes.Operand,
                nodes.Concat,
                nodes.Scope,
            ),
        ):
            for child in node.iter_child_nodes():
                self.visit(child)
        elif isinstance(node, nodes.TemplateData):
            pass
        else:
            reason = next(
                (r for kind, r in _FORBIDDEN.items() if isinstance(node, kind)), "不能使用：年度报告模板只能填写数据"
            )
            self.refuse(node, _needle(node), reason)

    def visit_Const(self, node: nodes.Const) -> None:
        if not isinstance(node.value, str | int | float | bool | type(None)):
            self.refuse(node, None, "不能使用：年度报告模板只能填写数据")

    def visit_Name(self, node: nodes.Name) -> None:
        if self.loop_item and node.name == self.loop_item[0]:
            return
        if node.name not in self.contract.names:
            self.refuse(node, node.name, f"无法填写：“{node.name}”不是模板可用的数据")
            return
        self.usage.names.add(node.name)

    def visit_Getattr(self, node: nodes.Getattr) -> None:
        self._field(node, node.node, node.attr)

    def visit_Getitem(self, node: nodes.Getitem) -> None:
        if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            self._field(node, node.node, node.arg.value)
        else:
            self.refuse(node, _needle(node), "不能使用：只能按名称取数据，如 table3.D27")

    def _field(self, node: nodes.Node, base: nodes.Node, name: str) -> None:
        """``base.name`` is allowed for a documented dictionary's field, a loop item's field and ``loop.index``."""
        if not isinstance(base, nodes.Name):
            before = len(self.found)
            self.visit(base)
            if len(self.found) == before:
                self.refuse(node, name, f"无法填写：“{_dotted(base) or '这一项'}”没有“{name}”")
            return
        allowed: Iterable[str] | None
        if self.loop_item and base.name == self.loop_item[0]:
            allowed = self.contract.loops[self.loop_item[1]]
            self.usage.loops.setdefault(self.loop_item[1], set()).add(name)
        elif self.loop_item and base.name == "loop":
            allowed = LOOP_FIELDS
        else:
            allowed = self.contract.fields.get(base.name)
        if allowed is None:
            self.visit(base)
            if base.name in self.contract.names:
                self.refuse(node, name, f"无法填写：“{base.name}”没有“{name}”这一项")
            return
        if name not in allowed:
            self.refuse(node, name, f"无法填写：“{base.name}”没有“{name}”这一项")
            return
        if base.name in self.contract.fields:
            self.usage.names.add(base.name)
            self.usage.fields.add((base.name, name))

    def visit_For(self, node: nodes.For) -> None:
        lists = "、".join(self.contract.loops)
        needle = f"for {node.target.name} in" if isinstance(node.target, nodes.Name) else "for"
        if self.loop_item is not None:
            self.refuse(node, needle, "不能使用：循环不能嵌套")
            return
        if node.recursive or not isinstance(node.target, nodes.Name):
            self.refuse(node, needle, f"不能使用：循环只能写作 for 名称 in {lists} 之一")
            return
        if not isinstance(node.iter, nodes.Name) or node.iter.name not in self.contract.loops:
            self.refuse(node, needle, f"不能使用：循环只能遍历报告正文的段落（{lists}）")
            return
        target = node.target.name
        if target in self.contract.names or target == "loop":
            self.refuse(node, needle, f"不能使用：循环变量不能叫“{target}”")
            return
        self.usage.names.add(node.iter.name)
        self.usage.loops.setdefault(node.iter.name, set())
        self.loop_item = (target, node.iter.name)
        for child in (*node.body, *([node.test] if node.test else [])):
            self.visit(child)
        self.loop_item = None
        for child in node.else_:
            self.visit(child)

    def visit_Filter(self, node: nodes.Filter) -> None:
        self._call_like(node, node.name, FILTER_ARGS, "过滤器")
        if node.node is not None:
            self.visit(node.node)

    def visit_Test(self, node: nodes.Test) -> None:
        self._call_like(node, node.name, dict.fromkeys(TESTS, ()), "判断")
        self.visit(node.node)

    def _call_like(
        self, node: nodes.Filter | nodes.Test, name: str, allowed: Mapping[str, tuple[tuple[type, ...], ...]], kind: str
    ) -> None:
        if name not in allowed:
            self.refuse(node, name, f"不能使用：不能使用{kind}“{name}”（可用：{'、'.join(allowed)}）")
            return
        types = allowed[name]
        fits = len(node.args) <= len(types) and all(
            isinstance(arg, nodes.Const) and _of_type(arg.value, kinds)
            for arg, kinds in zip(node.args, types, strict=False)
        )
        if node.kwargs or node.dyn_args or node.dyn_kwargs or not fits:
            self.refuse(node, name, f"不能使用：{kind}“{name}”的参数不对")


def _of_type(value: Any, kinds: tuple[type, ...]) -> bool:
    """``isinstance``, except that True and False (Python ints) count only where a bool is meant."""
    return bool in kinds if isinstance(value, bool) else isinstance(value, kinds)


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_dotted(node.node)}[{node.arg.value!r}]"
    return ""


def _needle(node: nodes.Node) -> str | None:
    """A word of the tag to find it in its paragraph: the first name it uses, or the statement's keyword."""
    keywords = {
        nodes.Include: "include",
        nodes.Import: "import",
        nodes.FromImport: "import",
        nodes.Extends: "extends",
        nodes.Macro: "macro",
        nodes.CallBlock: "call",
        nodes.Assign: "set",
        nodes.AssignBlock: "set",
        nodes.With: "with",
        nodes.Block: "block",
        nodes.FilterBlock: "filter",
        nodes.ScopedEvalContextModifier: "autoescape",
    }
    for kind, word in keywords.items():
        if isinstance(node, kind):
            return word
    name = next(iter(node.find_all(nodes.Name)), None)
    return name.name if name is not None else None


# ---- locating a tag in its paragraph -----------------------------------------------------------------------------------------

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
#: How much of the paragraph to quote either side of the tag.
QUOTE_CHARS = 30


class _Locator:
    """Turns a line of a part's source into the tag and its paragraph as Word shows them."""

    def __init__(self, part: Part) -> None:
        self.part = part
        self.lines = part.source.split("\n")
        self.starts = [0]
        for line in self.lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.box_opens = [m.start() for m in re.finditer("<w:txbxContent", part.source)]
        self.box_closes = [m.start() for m in re.finditer("</w:txbxContent>", part.source)]

    def inside_text_box(self, offset: int) -> bool:
        return bisect.bisect(self.box_opens, offset) > bisect.bisect(self.box_closes, offset)

    def problem(self, lineno: int | None, needle: str | None, reason: str) -> Problem:
        index = min(max((lineno or 1) - 1, 0), len(self.lines) - 1)
        line = self.lines[index]
        tags = list(_TAG.finditer(line))
        squeezed = (needle or "").replace(" ", "")
        match = next(
            (t for t in tags if squeezed and squeezed in t.group(0).replace(" ", "")), tags[0] if tags else None
        )
        label = self.part.label
        if match is None:
            paragraph = _visible(line)
            return Problem(label, "", _quote(paragraph, 0, len(paragraph)), reason)
        tag_text = html.unescape(match.group(0))
        offset = self.starts[index] + match.start()
        if self.inside_text_box(offset):
            label += "的文本框"
        before, after = _paragraph_around(line, match.start(), match.end())
        paragraph = _visible(before) + tag_text + _visible(after)
        start = len(_visible(before))
        return Problem(label, tag_text, _quote(paragraph, start, start + len(tag_text)), reason)


def _paragraph_around(line: str, start: int, end: int) -> tuple[str, str]:
    """The XML of the tag's own paragraph before and after it (a ``{%p %}`` tag has replaced its whole paragraph)."""
    opening = max(line.rfind("<w:p>", 0, start), line.rfind("<w:p ", 0, start))
    closing_before = line.rfind("</w:p>", 0, start)
    if opening < 0 or closing_before > opening:
        return "", ""
    closing = line.find("</w:p>", end)
    return line[opening:start], line[end : closing if closing >= 0 else len(line)]


def _visible(xml: str) -> str:
    """The text Word shows for a stretch of WordprocessingML: text runs and tabs, no markup."""
    xml = re.sub(r"<w:tab/>", "\t", xml)
    xml = re.sub(r"<w:instrText[^>]*>.*?</w:instrText>", "", xml, flags=re.S)
    return html.unescape(re.sub(r"<[^>]*>", "", xml))


def _quote(paragraph: str, start: int, end: int) -> str:
    head = paragraph[max(0, start - QUOTE_CHARS) : start]
    tail = paragraph[end : end + QUOTE_CHARS]
    return (
        ("…" if start > QUOTE_CHARS else "")
        + head
        + paragraph[start:end]
        + tail
        + ("…" if len(paragraph) > end + QUOTE_CHARS else "")
    ).strip()


# ---- the sandbox ---------------------------------------------------------------------------------------------------------------


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja with nothing but the contract: no globals, no calls, no operators, lookups only in the report's dictionaries.

    ``trees`` holds the checked parse trees; a source that was not checked is checked here before it is compiled, so
    nothing unchecked ever runs. ``concat`` counts what is rendered and stops at ``MAX_RENDERED_CHARS``.
    """

    intercepted_binops = frozenset(["+", "-", "*", "/", "//", "%", "**"])
    intercepted_unops = frozenset(["+", "-"])

    def __init__(
        self, contract: Contract, trees: Mapping[str, nodes.Template] | None = None, limit: int = MAX_RENDERED_CHARS
    ) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined, auto_reload=False, cache_size=0)
        self.globals.clear()
        self.filters = {name: DEFAULT_FILTERS[name] for name in FILTERS}
        self.tests = {name: DEFAULT_TESTS[name] for name in TESTS}
        self.contract = contract
        self.trees = dict(trees or {})
        self.remaining = limit
        self.limit = limit
        self.unchecked = 0  # sources checked here rather than beforehand (a test keeps this at zero)

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:  # noqa: A002
        if isinstance(source, str):
            tree = self.trees.get(source)
            if tree is None:
                self.unchecked += 1
                checked = check_parts([Part("模板", source)], self.contract)
                if checked.problems:
                    raise TemplateRefused(checked.problems)
                tree = checked.trees[source]
            source = tree
        return super().from_string(source, globals, template_class)

    def concat(self, chunks: Iterable[str]) -> str:
        """``"".join`` with a budget shared by every part of one report."""
        out: list[str] = []
        for chunk in chunks:
            self.remaining -= len(chunk)
            if self.remaining < 0:
                raise OutputTooLarge(f"rendered document exceeds {self.limit} characters")
            out.append(chunk)
        return "".join(out)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        raise SecurityError("templates cannot call anything")

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        raise SecurityError("templates cannot compute")

    def call_unop(self, context: Any, operator: str, arg: Any) -> Any:
        raise SecurityError("templates cannot compute")

    def getattr(self, obj: Any, attribute: str) -> Any:
        return self._lookup(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        return self._lookup(obj, argument)

    def _lookup(self, obj: Any, key: Any) -> Any:
        if isinstance(obj, dict) and isinstance(key, str) and key in obj:
            return obj[key]
        if isinstance(obj, LoopContext) and key in LOOP_FIELDS:
            return getattr(obj, key)
        return self.undefined(obj=obj, name=key)


# ---- docxtpl, with every part filled in the sandbox -------------------------------------------------------------------------


def safe_docx_template_class() -> type[DocxTemplate]:
    """``DocxTemplate`` that renders footnotes and endnotes once each and never treats document properties as templates."""
    from docxtpl import DocxTemplate

    class SafeDocxTemplate(DocxTemplate):
        def patch_xml(self, src_xml: str) -> str:
            """Patched once per part: the check and the rendering see the very same source."""
            cache = self.__dict__.setdefault("_patched", {})
            if src_xml not in cache:
                cache[src_xml] = super().patch_xml(src_xml)
            return cache[src_xml]

        def render_properties(self, context: dict[str, Any], jinja_env: Any = None) -> None:
            """Title, author and comments are set by the caller; the other properties are kept as they are."""

        def render_footnotes(self, context: dict[str, Any], jinja_env: Any = None) -> None:
            for part in note_parts(self):
                xml = self.render_xml_part(self.patch_xml(_blob_text(part)), part, context, jinja_env)
                part._blob = xml.encode("utf-8")

    return SafeDocxTemplate


# ---- external relationships --------------------------------------------------------------------------------------------------

_PART_NAMES = [
    ("/word/document", "正文"),
    ("/word/header", "页眉"),
    ("/word/footer", "页脚"),
    ("/word/footnotes", "脚注"),
    ("/word/endnotes", "尾注"),
    ("/word/settings", "文档设置"),
    ("/word/comments", "批注"),
    ("/word/glossary", "文档部件"),
    ("/word/webSettings", "网页设置"),
]
_KINDS = [
    ("hyperlink", "超链接"),
    ("image", "外部图片"),
    ("attachedTemplate", "附加模板"),
    ("oleObject", "链接的对象"),
    ("subDocument", "子文档"),
    ("mailMergeSource", "邮件合并数据源"),
    ("recipientData", "邮件合并数据源"),
    ("frame", "框架网页"),
    ("aFChunk", "外部文档片段"),
]


def strip_external(package: Any) -> list[str]:
    """Remove every external relationship and every field that fetches from outside; describe each one, in order.

    A hyperlink keeps its text, a linked picture its frame; an attached template, mail-merge source, linked object or
    sub-document goes entirely. A field that includes a file or a picture, links or exchanges data (INCLUDETEXT,
    INCLUDEPICTURE, LINK, DDE …, HYPERLINK to an address) keeps the text it last showed and loses its code. Nothing in
    the report then points at a file on the computer or a server.
    """
    removed: list[str] = []
    for owner, label in _rel_owners(package):
        external = {rel_id: rel for rel_id, rel in owner.rels.items() if rel.is_external}
        for rel_id, rel in external.items():
            del owner.rels[rel_id]
            kind = next((name for key, name in _KINDS if rel.reltype.endswith("/" + key)), "外部链接")
            removed.append(f"{label}中的{kind} {_shown(rel.target_ref)}")
        if label == "文件" or not (external or owner.content_type.endswith(_FIELD_PARTS)):
            continue
        fields = _edit_xml(owner, partial(_clean, rel_ids=set(external)))
        removed.extend(f"{label}中的域代码 {_shown(code)}" for code in fields)
    return removed


def _clean(root: Any, rel_ids: set[str]) -> list[str]:
    _unlink(root, rel_ids)
    return _drop_fields(root)


_FIELD_PARTS = tuple(f".{kind}+xml" for kind in ("document.main", "header", "footer", "footnotes", "endnotes"))
#: Field instructions that fetch or send something outside the document when Word updates them.
_OUTSIDE_FIELDS = frozenset(
    {"INCLUDETEXT", "INCLUDEPICTURE", "INCLUDE", "LINK", "DDE", "DDEAUTO", "IMPORT", "RD", "DATABASE", "AUTOTEXTLIST"}
)


def _fetches(instruction: str) -> bool:
    words = instruction.split()
    if not words:
        return False
    keyword = words[0].upper()
    return keyword in _OUTSIDE_FIELDS or (keyword == "HYPERLINK" and "\\l" not in words)


def _drop_fields(root: Any) -> list[str]:
    """Fields that reach outside, simple or complex (begin … instruction … separate … result … end), nested or not:
    the code runs go, the result runs stay. Returns the instructions removed."""
    w = f"{{{_W}}}"
    removed: list[str] = []
    for simple in list(root.iter(f"{w}fldSimple")):
        if _fetches(instr := simple.get(f"{w}instr", "")) and simple.getparent() is not None:
            for child in list(simple):
                if child.tag != f"{w}fldData":
                    simple.addprevious(child)
            simple.getparent().remove(simple)
            removed.append(instr.strip())
    stack: list[dict[str, Any]] = []
    for run in list(root.iter(f"{w}r")):
        char = run.find(f"{w}fldChar")
        kind = char.get(f"{w}fldCharType") if char is not None else None
        if kind == "begin":
            stack.append({"code": [], "instr": "", "result": False})
        for frame in stack:
            if not frame["result"]:
                frame["code"].append(run)
        if stack and not stack[-1]["result"]:
            stack[-1]["instr"] += "".join(t.text or "" for t in run.iter(f"{w}instrText"))
        if kind == "separate" and stack:
            stack[-1]["result"] = True
        elif kind == "end" and stack:
            frame = stack.pop()
            frame["code"].append(run)
            if _fetches(frame["instr"]):
                for code_run in frame["code"]:
                    if code_run.getparent() is not None:
                        code_run.getparent().remove(code_run)
                removed.append(frame["instr"].strip())
    return removed


def _edit_xml(part: Any, edit: Any) -> Any:
    """Apply ``edit`` to a part's XML, whether python-docx holds it as an element or (notes) as bytes."""
    element = getattr(part, "_element", None)
    if element is not None:
        return edit(element)
    from lxml import etree

    element = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, huge_tree=False))
    result = edit(element)
    part._blob = etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)
    return result


def _rel_owners(package: Any) -> Iterator[tuple[Any, str]]:
    yield package, "文件"
    for part in package.iter_parts():
        name = str(part.partname)
        yield part, next((label for prefix, label in _PART_NAMES if name.startswith(prefix)), name)


def _shown(target: str) -> str:
    target = re.sub(r"[\x00-\x1f\x7f]", "", target)
    return target if len(target) <= 80 else target[:77] + "…"


def _unlink(root: Any, rel_ids: set[str]) -> None:
    for el in list(root.iter()):
        refs = [a for a, v in el.attrib.items() if a.startswith(f"{{{_REL}}}") and v in rel_ids]
        if not refs:
            continue
        local = el.tag.rsplit("}", 1)[-1]
        parent = el.getparent()
        if local == "hyperlink" and parent is not None:
            for child in list(el):
                el.addprevious(child)
            parent.remove(el)
        elif local in ("blip", "imagedata"):
            for attr in refs:
                del el.attrib[attr]
        elif parent is not None:
            mail_merge = next((a for a in el.iterancestors() if a.tag == f"{{{_W}}}mailMerge"), None)
            doomed = mail_merge if mail_merge is not None else el
            if doomed.getparent() is not None:
                doomed.getparent().remove(doomed)
