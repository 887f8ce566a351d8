"""The plan's own particulars as printed near its top: title, 发文字号, issuer, date, region."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from targets.extract.numerals import normalize

HEAD_LINES = 25
_TITLE_IN_BOOK = re.compile(r"《(?P<t>[^《》]{4,80}?(?:规划|方案|计划|纲要|意见|办法|要点)[^《》]{0,20})》")
_TITLE_WORDS = re.compile(r"(?:规划|方案|计划|纲要|意见|要点)(?:\(\d{4}[—\-]+\d{4}年\))?$")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号")
_DATE_CN = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_DATE_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")
_ISSUER = re.compile(
    r"^[\u4e00-\u9fff()（）]{2,30}(?:人民政府办公室|人民政府|办公厅|办公室|管委会|管理委员会|委员会|局|厅|委)$"
)
_REGION = re.compile(
    r"^(?P<r>[\u4e00-\u9fff]{2,8}(?:高新区|新区|开发区|经开区|自治州|自治县|省|市|区|县))(?!域|块|间)"
)


@dataclass
class PlanMeta:
    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    date: str | None = None
    scope: str | None = None
    guessed: list[str] = field(default_factory=list)


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", text)


def detect_meta(lines: list[str]) -> PlanMeta:
    meta = PlanMeta()
    head = [line.strip() for line in lines[:HEAD_LINES]]
    joined = "".join(_clean(line) for line in head)
    m = _TITLE_IN_BOOK.search(joined)
    if m:
        meta.title = m["t"]
    else:
        short = [_clean(line) for line in head if line.strip() and len(line.strip()) <= 60]
        meta.title = next((s for s in short if _TITLE_WORDS.search(normalize(s).text)), None)
    for text in [*head, joined]:
        m = _DOC_NUMBER.search(_clean(text))
        if m:
            meta.doc_number = m.group(0)
            break
    tail = [line.strip() for line in lines[-15:]]
    for text in head + tail:
        norm = normalize(text).text
        d = _DATE_CN.search(norm) or _DATE_ISO.search(norm)
        if d and not re.search(r"印发|抄送", text):
            meta.date = f"{int(d['y']):04d}-{int(d['m']):02d}-{int(d['d']):02d}"
            break
    if meta.date is None and meta.doc_number:
        year = re.search(r"\d{4}", meta.doc_number)
        meta.date = year.group(0) if year else None
        meta.guessed.append("date (the year of the 发文字号)")
    for text in head:
        c = _clean(text)
        if _ISSUER.match(c) and "关于" not in c:
            meta.issuer = c
            break
    for candidate in (meta.title or "", re.sub(r"人民政府.*|管委会.*", "", meta.issuer or "")):
        r = _REGION.match(candidate)
        if r:
            meta.scope = r["r"]
            break
    return meta
