"""From bytes to text the way people really send it: UTF-8 (with or without a BOM), GBK/GB18030, UTF-16 with a BOM,
and web pages whose declared charset is wrong.

A byte-order mark decides. Without one, UTF-8 is tried first: GBK text practically never forms valid UTF-8, while
UTF-8 text often happens to be valid GB18030 (as mojibake), so the reverse order would misread. A web page's declared
charset comes next, only when it is a multi-byte encoding (pages that declare ISO-8859-1 but hold GBK are common, and a
single-byte codec decodes anything), then GB18030, the superset of GB2312 and GBK. When nothing decodes cleanly, the
candidate with the fewest bad bytes is used if they are few (a page cut off in the middle of a character), with a
note; otherwise the file is refused with a message that says the encoding is the problem.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import XltoolError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
#: Charsets that people declare for GBK text; GB18030 decodes all of them.
_GB = {"gb2312", "gbk", "gb18030", "cp936", "x-gbk", "euc-cn", "hz-gb-2312", "csgb2312", "chinese"}
#: Declared charsets that are worth trying before GB18030: multi-byte ones, which reject most text not in them.
_MULTIBYTE = {
    "big5",
    "big5hkscs",
    "cp950",
    "euc_jp",
    "shift_jis",
    "cp932",
    "euc_kr",
    "cp949",
    "utf_16",
    "utf_16_le",
    "utf_16_be",
    "utf_32",
    "utf_32_le",
    "utf_32_be",
}
_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})|"""
    rb"""<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""",
    re.IGNORECASE,
)
_NAMES = {
    "utf-8": "UTF-8",
    "gb18030": "GB18030（含 GBK、GB2312）",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "utf-32-le": "UTF-32",
    "utf-32-be": "UTF-32",
}


@dataclass
class Decoded:
    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


def declared_charset(data: bytes) -> str | None:
    """The charset a web page declares (``<meta charset>``, ``http-equiv`` or the XML declaration), as written."""
    m = _DECLARED.search(data[:16384])
    return (m.group(1) or m.group(2)).decode("ascii").lower() if m else None


def decode(data: bytes, path: Path, declared: str | None = None) -> Decoded:
    """The text of ``data``; ``declared`` is the charset the file claims for itself (web pages), if any."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _with_bom(data[len(bom) :], encoding, path)
    candidates = _candidates(declared)
    for encoding in candidates:
        try:
            return Decoded(data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    claim = f"网页声明的编码为“{declared}”" if declared else ""
    return _lenient(data, candidates, path, claim)


def _with_bom(data: bytes, encoding: str, path: Path) -> Decoded:
    """Text after a byte-order mark; a UTF-16 or UTF-32 file cut short by a byte or two loses just those bytes."""
    notes = []
    unit = {"utf-16-le": 2, "utf-16-be": 2, "utf-32-le": 4, "utf-32-be": 4}.get(encoding, 1)
    extra = len(data) % unit
    if extra:
        data = data[:-extra]
        notes.append(
            f"文件末尾有 {extra} 个多余字节（{_name(encoding)} 文字的字节数应是 {unit} 的倍数，文件可能不完整），已忽略"
        )
    decoded = _lenient(data, [encoding], path, f"文件开头的字节顺序标记（BOM）表明是 {_name(encoding)} 编码")
    decoded.notes[:0] = notes
    return decoded


def _candidates(declared: str | None) -> list[str]:
    out = ["utf-8"]
    name = _codec(declared)
    if name == "gb18030" or (name in _MULTIBYTE):
        out.append(name)
    out.append("gb18030")
    return list(dict.fromkeys(out))


def _codec(declared: str | None) -> str | None:
    """The Python codec for a declared charset; GBK and its relatives are read as GB18030, their superset."""
    if not declared:
        return None
    if declared in _GB:
        return "gb18030"
    try:
        return codecs.lookup(declared).name
    except LookupError:
        return None


def _lenient(data: bytes, candidates: list[str], path: Path, claim: str) -> Decoded:
    """The candidate with the fewest undecodable bytes, if they are few; else refuse, saying why."""
    best: Decoded | None = None
    bad = 0
    for encoding in candidates:
        text = data.decode(encoding, errors="replace")
        count = text.count("\ufffd")
        if best is None or count < bad:
            best, bad = Decoded(text, encoding), count
    assert best is not None
    if bad == 0:
        return best
    if bad <= max(8, len(best.text) // 1000):
        best.notes.append(
            f"文件中有 {bad} 处字节不是有效的 {_name(best.encoding)} 文字，已替换为“\ufffd”，涉及的文字请对照原文核对"
        )
        return best
    tried = "、".join(dict.fromkeys(_name(e) for e in candidates))
    said = f"{claim}，但" if claim else ""
    both = "都" if len(candidates) > 1 else ""
    raise XltoolError("F-ENCODING", path=path, reason=f"{said}内容按 {tried} {both}不能正确解码（{bad} 处无效字节）")


def _name(encoding: str) -> str:
    return _NAMES.get(encoding, encoding.upper())
