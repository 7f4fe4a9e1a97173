"""The non-table facts of a published report: agency name and kind, contact details, date, narrative paragraphs.

Everything here is read only when it is evident in the text: a field that is not found stays ``None``; nothing is
made up from defaults.
"""

from __future__ import annotations

import re
import unicodedata

from .. import spec
from ..text import flat, unspace


def complete_name(name: str | None, text: str) -> str | None:
    """A title often omits 人民政府 ("沙坡头区兴仁镇"); take the full name when the text itself uses it."""
    if not name or name.endswith(("政府", "办事处", "局", "委员会", "办公室", "办公厅", "厅")):
        return name
    if name.endswith(("省", "市", "区", "县", "旗", "镇", "乡")) and f"{name}人民政府" in flat(text):
        return f"{name}人民政府"
    if name.endswith("街道") and f"{name}办事处" in flat(text):
        return f"{name}办事处"
    return name


_AGENCY_LINE = re.compile(
    r"[\u4e00-\u9fff（）()]{3,30}?(?:人民政府|人民政府办公室|人民政府办公厅|办事处|委员会|办公室|办公厅|管理局|局|厅)"
)


def signature_name(text: str) -> str | None:
    """The agency that signs the report: a line of its own holding only an agency's name, among the last lines
    (before or after the date). None when there is no such line: the name is then left for the user."""
    lines = [flat(ln) for ln in text.split("\n") if ln.strip()][-12:]
    names = [ln for ln in lines if _AGENCY_LINE.fullmatch(ln)]
    return names[-1] if names else None


_DEPARTMENT_ENDINGS = ("局", "委员会", "委", "办公室", "办公厅", "厅", "中心", "署", "院", "办")


def agency_kind(name: str | None) -> str | None:
    """The 机关类型 (one of spec.AGENCY_KINDS) when the name shows it, else None."""
    if not name:
        return None
    kinds = {k[:2]: k for k in spec.AGENCY_KINDS}
    if name.endswith(("街道办事处", "街道")):
        return kinds["街道"]
    if name.endswith(("镇人民政府", "乡人民政府", "镇", "乡")):
        return kinds["乡镇"]
    if name.endswith("人民政府"):
        level = name.removesuffix("人民政府")
        if level.endswith(("省", "自治区")):
            return kinds["省级"]
        if level.endswith(("区", "县", "旗")):
            return kinds["县级"]
        if level.endswith(("市", "州", "盟")):
            return kinds["市级"]
        return None
    if name.endswith(_DEPARTMENT_ENDINGS):
        return kinds["政府"]
    return None


_ADDRESS = re.compile(r"(?:通讯|通信|联系|办公)?地址[:：]?(?P<v>[^，,；;。）)\n]{4,60})")
_POSTCODE = re.compile(r"(?:邮编|邮政编码)[:：]?(?P<v>\d{6})(?!\d)")
_PHONE = re.compile(
    r"(?:联系电话|咨询电话|办公电话|电话)(?:/传真|及传真|、传真)?(?:号码)?[:：]?"
    r"(?P<v>(?:\d{3,4}[-－—–])?\d{7,8}(?:[-－—–]\d{1,4})?)(?!\d)"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_WEBSITE = re.compile(
    r"(?:网址|网站|门户)[^。；]{0,40}?(?P<v>(?:https?://)?(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
    r"\.(?:gov\.cn|cn|com|org|net)(?:/[^\s，,。；;）)”\"<>]*)?)"
)


def contact(text: str) -> dict[str, str | None]:
    """Address, postcode, phone, email and website as written in the preamble or the closing paragraph."""
    f = flat(text)
    out: dict[str, str | None] = {}
    for key, pat in (("address", _ADDRESS), ("postcode", _POSTCODE), ("phone", _PHONE), ("website", _WEBSITE)):
        m = pat.search(f)
        out[key] = m.group("v") if m else None
    if out["phone"]:
        out["phone"] = re.sub(r"[－—–]", "-", out["phone"])
    m = re.search(r"(?:邮箱|邮件|E-?mail)[^@]{0,12}?(" + _EMAIL.pattern + ")", f, re.I) or _EMAIL.search(f)
    out["email"] = m.group(m.lastindex or 0) if m else None
    if out["website"]:
        out["website"] = out["website"].rstrip("/.")
    m = _WEBSITE_NAME.search(f)
    out["website_name"] = m.group("v") if m and m.group("v") != "政府网站" else None
    m = _CONTACT_OFFICE.search(f)
    out["contact_office"] = m.group("v") if m else None
    return out


#: "可以从中卫市沙坡头区人民政府网站（网址：…）查阅": the site's name as printed ("政府网站" alone names none).
_WEBSITE_NAME = re.compile(r"从(?P<v>[^，,。；;（(从]{2,40}?(?:网站|门户网|网))(?:[（(]|查阅|下载|上)")
#: "请与中卫市沙坡头区兴仁镇人民政府综合办公室联系": whom to contact (the agency itself when it prints only its name).
_CONTACT_OFFICE = re.compile(r"请与(?P<v>[^，,。；;（(]{2,40}?)联系")


_DATE_CN = re.compile(r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_DATE_ISO = re.compile(r"(?:发布|时间|日期)[:：]?(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")


def published(text: str, closing: str | None, year: int | None) -> str | None:
    """The publication date: the date that closes the report, else a page's "发布时间" line; never before the year."""
    candidates = list(_DATE_CN.finditer(flat(closing or "")[-200:])) or list(_DATE_ISO.finditer(flat(text)[:3000]))
    for m in reversed(candidates):
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        if (year is None or y > year) and 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


# ---- narrative ------------------------------------------------------------------------------------------------------

_PARA_MARK = re.compile(r"^[（(][一二三四五六七八九十]+[)）]|^[一二三四五六七八九十]+、")
_INLINE_MARK = re.compile(r"(?<=[。；！？])(?=[（(][一二三四五六七八九十]+[)）])")


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def paragraphs(text: str, wrapped: bool) -> str:
    """A section's text as paragraphs joined by "\\n".

    Text from PDF or a plain-text dump is wrapped at the page width: a line joins the next unless it is visibly
    shorter than a full line, or the next opens with a heading mark such as "（二）". Crawled pages that lost all line
    breaks get one before each "（一）"-style mark that follows a sentence.
    """
    lines = [unspace(ln).strip() for ln in text.split("\n")]
    lines = [ln for ln in lines if ln]
    if not lines:
        return ""
    if not wrapped:
        return "\n".join(lines)
    widths = sorted(_width(ln) for ln in lines)
    full = widths[int(len(widths) * 0.9)] if len(lines) > 2 else max(widths)
    paras: list[str] = []
    for n, line in enumerate(lines):
        if paras and not _PARA_MARK.match(line) and _width(lines[n - 1]) >= full * 0.85:
            paras[-1] += line
        else:
            paras.append(line)
    return "\n".join(p for para in paras for p in _INLINE_MARK.split(para) if p)


_CONTACT_PARA = re.compile(
    r"本报告.{0,8}电子版|如对本.{0,8}报告.{0,30}(?:疑问|意见)|联系.{0,40}(?:地址|邮编|电话|邮箱)"
)


def trim_closing(paras: str, name: str | None) -> str:
    """Drop the sign-off after the last section: agency name, date, and the contact paragraph ("本报告电子版可以从…
    如对本报告有任何疑问…请与…联系"), whose facts go to the agency fields and which is no part of section 六."""
    lines = paras.split("\n")
    while lines and (
        not lines[-1].strip()
        or _DATE_CN.fullmatch(flat(lines[-1]))
        or (name and flat(lines[-1]) in (flat(name), flat(name) + "办公室"))
        or (len(lines) > 1 and _CONTACT_PARA.search(flat(lines[-1])))
    ):
        lines.pop()
    # A contact paragraph the line joiner left in pieces (a web address that cannot break makes its first line short):
    # from the line that opens it, every remaining line carries contact facts.
    for start in range(1, len(lines)):
        if _CONTACT_OPEN.match(flat(lines[start])) and all(_CONTACT_FACT.search(ln) for ln in lines[start:]):
            return "\n".join(lines[:start])
    return "\n".join(lines)


_CONTACT_OPEN = re.compile(r"本报告.{0,8}电子版|如对本.{0,8}报告")
_CONTACT_FACT = re.compile(r"电子版|网址|www\.|https?://|疑问|意见|联系|地址|邮编|电话|邮箱|@")
