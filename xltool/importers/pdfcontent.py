"""Page content streams read for pdfminer at regular-expression speed, with exactly the objects pdfminer reads.

pdfminer (under pdfplumber) spends most of a PDF import tokenizing page content streams one state-machine step at
a time in Python: a WPS page that positions every character by itself is ~7,000 tokens, ~4 µs each. ``Interpreter``
is pdfminer's page interpreter with one change: before running the operators of a page it reads the whole stream
with one regular expression into the same operands (numbers, names, strings, arrays, dictionaries) and operators
that pdfminer's own parser yields, then runs them through the same operator methods. Only the ordinary, well-formed
subset is read this way; anything else (inline images, procedures ``{}``, comments are fine but names with ``#``
escapes, unbalanced brackets, odd dictionaries, a token that pdfminer would split differently at a stream or a
4,096-byte buffer boundary) makes the page go through pdfminer's parser unchanged, before a single operator ran.
tests/test_pdf_content.py compares the two readings token for token on every PDF of the tests and on mutated streams.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from pdfminer import settings
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdfinterp import log as interp_log
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import (
    KEYWORD_ARRAY_BEGIN,
    KEYWORD_ARRAY_END,
    KWD,
    LIT,
    PSKeyword,
    keyword_name,
    literal_name,
)
from pdfminer.psparser import log as parser_log
from pdfminer.utils import choplist

#: One token as pdfminer's ``PSBaseParser`` starts it (its character classes, copied: END_KEYWORD, END_LITERAL,
#: END_HEX_STRING). A number is pdfminer's digits with at most one dot; a bare sign or dot is not read here.
_TOKEN = re.compile(
    rb"""
    (?:[\s\x00]|%[^\r\n]*(?=[\r\n]|\Z))*  # white space and comments, skipped (one way only: no backtracking)
    (?:
    (?P<number>[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))
    |(?P<keyword>[A-Za-z][^#/%\[\]()<>{}\s]*)
    |(?P<name>/[^#/%\[\]()<>{}\s]+)(?=[/%\[\]()<>{}\s]|\Z)  # not a "#" escape
    |<(?P<hex>[\s0-9a-fA-F]*)>(?!>)
    |(?P<string>\()
    |(?P<dict_begin><<)
    |(?P<dict_end>>>)
    |(?P<single>[^\s\x00%/\-+0-9.A-Za-z(<>{}])
    |(?P<end>\Z)
    )
    """,
    re.VERBOSE,
)
_HEX_PAIR = re.compile(rb"[0-9a-fA-F]{2}|.")
_SPACE = re.compile(rb"\s")
_END_STRING = re.compile(rb"[()\\]")
_OCTAL = b"01234567"
_ESCAPES = {b"b": 8, b"t": 9, b"n": 10, b"f": 12, b"r": 13, b"(": 40, b")": 41, b"\\": 92}
#: pdfminer reads a stream in buffers of this size (PSBaseParser.BUFSIZ); one escape depends on where they end.
_BUFFER = 4096
#: Decoded bytes of one page's (or form's) streams up to which they are read here. The operators are collected before
#: any runs, so memory grows with the stream (pdfminer's parser streams them); larger pages take pdfminer's way.
MAX_BYTES = 4_000_000
_INLINE_IMAGE = {KWD(b"BI"), KWD(b"ID"), KWD(b"EI")}
_TRUE, _FALSE = b"true", b"false"
#: Operators by their bytes, interned once (pdfminer's ``KWD``); true/false are pdfminer's booleans.
_KEYWORDS: dict[bytes, object] = {}


class Unread(Exception):
    """The stream leaves the subset read here: pdfminer's own parser reads the page."""


def operations(streams: Sequence[bytes]) -> list[object]:
    """The page's top-level objects in order, as pdfminer's ``PDFContentParser.nextobject`` yields them (without
    positions): operands, arrays (lists), dictionaries and operators (``PSKeyword``). Raises ``Unread``."""
    out: list[object] = []
    stack: list[tuple[bytes, list[object]]] = []  # open arrays and dictionaries: (kind, their objects)
    for index, data in enumerate(streams):
        if index < len(streams) - 1 and data[-1:] in (b"/", b"<", b">"):
            raise Unread  # pdfminer carries such a token over into the next stream
        _read_stream(data, out, stack)
    if stack:
        raise Unread  # pdfminer never yields what an unclosed array holds
    return out


def _read_stream(data: bytes, out: list[object], stack: list[tuple[bytes, list[object]]]) -> None:
    i = 0
    match = _TOKEN.match
    keywords = _KEYWORDS
    while True:
        m = match(data, i)
        if m is None:
            raise Unread
        kind = m.lastgroup
        i = m.end()
        obj: object
        if kind == "number":
            text = m.group(kind)
            try:
                obj = float(text) if b"." in text else int(text)
            except ValueError:  # more digits than Python converts: pdfminer drops the token
                raise Unread from None
        elif kind == "keyword":
            text = m.group(kind)
            obj = keywords.get(text)
            if obj is None:
                obj = True if text == _TRUE else False if text == _FALSE else KWD(text)
                if obj in _INLINE_IMAGE:
                    raise Unread
                keywords[text] = obj
        elif kind == "name":
            raw = m.group(kind)[1:]
            try:
                obj = LIT(str(raw, "utf-8"))
            except UnicodeDecodeError:
                obj = LIT(raw)
        elif kind == "hex":
            obj = _hex(m.group(kind))
        elif kind == "string":
            obj, i = _literal_string(data, i)
        elif kind == "single":
            obj = KWD(m.group(kind))
            if obj is KEYWORD_ARRAY_BEGIN:
                stack.append((b"a", []))
                continue
            if obj is KEYWORD_ARRAY_END:
                if not stack or stack[-1][0] != b"a":
                    raise Unread
                obj = stack.pop()[1]
        elif kind == "dict_begin":
            stack.append((b"d", []))
            continue
        elif kind == "dict_end":
            if not stack or stack[-1][0] != b"d":
                raise Unread
            items = stack.pop()[1]
            if len(items) % 2:
                raise Unread  # pdfminer raises PSSyntaxError mid-page
            obj = {literal_name(k): v for (k, v) in choplist(2, items) if v is not None}
        else:  # the end of the stream
            return
        (stack[-1][1] if stack else out).append(obj)


def _hex(digits: bytes) -> bytes:
    """A ``<...>`` string's bytes as pdfminer decodes them (white space dropped; an odd last digit is its own byte)."""
    if len(digits) % 2 == 0 and not _SPACE.search(digits):
        return bytes.fromhex(digits.decode("ascii"))
    return _HEX_PAIR.sub(lambda p: bytes((int(p.group(0), 16),)), _SPACE.sub(b"", digits))


def _literal_string(data: bytes, i: int) -> tuple[bytes, int]:
    """A ``(...)`` string from just after its "(", decoded as pdfminer's ``_parse_string`` does (nested parentheses
    kept, its escapes, an unknown escape dropped); and the position after it."""
    out = bytearray()
    depth = 1
    while True:
        m = _END_STRING.search(data, i)
        if m is None:
            raise Unread  # runs on past the stream
        j = m.start()
        out += data[i:j]
        c = data[j : j + 1]
        if c == b"(":
            depth += 1
            out += c
            i = j + 1
        elif c == b")":
            depth -= 1
            i = j + 1
            if not depth:
                return bytes(out), i
            out += c
        else:
            i = _escape(data, j + 1, out)


def _escape(data: bytes, k: int, out: bytearray) -> int:
    """The escape after a backslash at ``k - 1``, as pdfminer's ``_parse_string_1``; the position after it."""
    if k >= len(data):
        raise Unread
    digits = b""
    while len(digits) < 3 and k < len(data) and data[k] in _OCTAL:
        digits += data[k : k + 1]
        k += 1
    if digits:
        if k >= len(data):
            raise Unread
        code = int(digits, 8)
        if code > 255:
            raise Unread  # pdfminer fails an assertion
        out.append(code)
        return k
    c = data[k : k + 1]
    if c in _ESCAPES:
        out.append(_ESCAPES[c])
    elif c == b"\r" and data[k + 1 : k + 2] == b"\n":
        if k % _BUFFER == _BUFFER - 1:
            raise Unread  # pdfminer cannot see the "\n" in its next buffer
        k += 1
    return k + 1


class Interpreter(PDFPageInterpreter):
    """pdfminer's page interpreter, reading the content streams with ``operations`` where it can."""

    def execute(self, streams: Sequence[object]) -> None:
        resolved = [resolve1(s) for s in streams]
        ok = (
            not settings.STRICT
            and not interp_log.isEnabledFor(logging.DEBUG)
            and not parser_log.isEnabledFor(logging.DEBUG)
            and all(isinstance(s, PDFStream) and s.objid is not None for s in resolved)
            and not any(s.objid in self.parent_stream_ids for s in resolved)
        )
        ops = None
        if ok:
            try:
                data = [s.get_data() for s in resolved]
                ops = operations(data) if sum(map(len, data)) <= MAX_BYTES else None
            except Exception:  # Unread, or a stream that does not decode: pdfminer shows it as it does
                ops = None
        if ops is None:
            super().execute(streams)
            return
        self.stream_ids.clear()
        self.stream_ids.update(s.objid for s in resolved)
        self._run(ops)

    def _run(self, ops: list[object]) -> None:
        """The operators with their operands, exactly as ``PDFPageInterpreter.execute`` runs them."""
        methods: dict[PSKeyword, tuple[object, int] | None] = {}
        for obj in ops:
            if not isinstance(obj, PSKeyword):
                self.push(obj)  # type: ignore[arg-type]
                continue
            if obj in methods:
                entry = methods[obj]
            else:
                name = keyword_name(obj)
                method = "do_{}".format(name.replace("*", "_a").replace('"', "_w").replace("'", "_q"))
                func = getattr(self, method) if hasattr(self, method) else None
                entry = None if func is None else (func, func.__code__.co_argcount - 1)
                methods[obj] = entry
            if entry is None:
                continue
            func, nargs = entry
            if nargs:
                args = self.pop(nargs)
                if len(args) == nargs:
                    func(*args)  # type: ignore[operator]
            else:
                func()  # type: ignore[operator]
