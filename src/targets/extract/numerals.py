"""Numbers as plans print them: full-width digits, Chinese numerals, magnitudes (万, 亿) and units."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from targets.extract.unit_words import REGISTRY_UNITS, UNITS, is_known_unit

# Characters NFKC leaves alone but plans use interchangeably.
_EXTRA = {"∶": ":", "―": "—", "–": "—", "\u2212": "-", "﹣": "-"}


@dataclass(frozen=True)
class Norm:
    """A line normalised for matching (NFKC, one dash, ASCII punctuation), with the way back:
    `index[i]` is the position in `original` of normalised character i, so quotes stay verbatim."""

    text: str
    index: tuple[int, ...]
    original: str

    def orig(self, start: int, end: int) -> str:
        """The original text behind normalised [start, end)."""
        if start >= end:
            return ""
        return self.original[self.index[start] : self.index[end - 1] + 1]


def normalize(line: str) -> Norm:
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(line):
        mapped = _EXTRA.get(ch) or unicodedata.normalize("NFKC", ch)
        for m in mapped:
            chars.append(m)
            index.append(i)
    return Norm("".join(chars), tuple(index), line)


_CN_DIGIT = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10**4, "亿": 10**8}
CN_CHARS = "零〇一二两三四五六七八九十百千万亿"


def parse_chinese(text: str) -> int | None:
    """一百二十 -> 120, 两万 -> 20000, 百 -> 100, 千万 -> 10**7; None when it is not a numeral
    (十四五 is a period's name, not fourteen-five)."""
    if not text or any(c not in CN_CHARS for c in text):
        return None
    total = section = 0
    digit: int | None = None
    last_small = 10**9
    last_big = 10**13
    for c in text:
        if c in _CN_DIGIT:
            if digit is not None:
                return None  # two digits in a row: 十四五, 一二
            digit = _CN_DIGIT[c]
        elif c in _CN_SMALL:
            unit = _CN_SMALL[c]
            if unit >= last_small:
                return None
            section += (1 if digit is None else digit) * unit
            digit, last_small = None, unit
        else:
            unit = _CN_BIG[c]
            if digit is not None:
                section += digit
                digit = None
            if section == 0 and total == 0:
                section = 1  # 万 alone, 亿 alone
            if unit >= last_big and total:
                total = (total + section) * unit  # 千万, 万亿
            else:
                if unit >= last_big:
                    return None
                total += section * unit
            section, last_small, last_big = 0, 10**9, unit
    if digit is not None:
        section += digit
    value = total + section
    return value if value > 0 or text in ("零", "〇") else None


TIME_UNITS = frozenset({"工作日", "个工作日", "小时", "分钟", "天"})
_MAGS = "万亿|千万|百万|十万|亿|万|千"
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
_CN_UNIT_RE = "|".join(re.escape(u) for u in REGISTRY_UNITS)  # 千亿级 is a label, not 1000 亿级
_NUM = r"\d+(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?"
_DASH = r"\s*(?:—{1,2}|-|~|至)\s*"

_PER = rf"/\s*(?:{_UNIT_RE}|万元|亿元|日|年|月)"
ARABIC = re.compile(
    rf"(?P<lb>\[\s*)?(?P<num>{_NUM})(?:{_DASH}(?P<num2>{_NUM}))?(?P<rb>\s*\])?"
    rf"\s*(?:(?P<mag>{_MAGS})?\s*(?P<unit>{_UNIT_RE})(?P<per>{_PER})?(?P<rmb>人民币)?"
    rf"|(?P<big>大)(?=[\u4e00-\u9fff])"
    rf"|(?P<bare>万亿|亿|万)(?=以上|以下|左右|以内|[^\u4e00-\u9fff]|$)"
    rf"|(?P<pertho>/\s*(?:10万|万|千|百|10万人|万人))(?=以上|以下|以内|左右|[^\d\u4e00-\u9fff]|$)"
    rf"|(?P<years>年)(?=以上|以下|左右|以内|[,;。]|$))?"
)
# 3岁以下婴幼儿, 60岁以上老年人: an age naming a group, not a target.
_AGE_GROUP = re.compile(r"\s*(?:以上|以下|及以上|及以下)?的?[\u4e00-\u9fff]")
CHINESE = re.compile(
    rf"(?P<num>[{CN_CHARS}]+)(?:\s*(?:—{{1,2}}|-|至)\s*(?P<num2>[{CN_CHARS}]+))?(?P<unit>{_CN_UNIT_RE})"
)
RATIO = re.compile(rf"(?P<num>{_NUM})\s*[:比]\s*1(?![\d.])")
# A unit the registry does not know (微克/立方米, mg/L), read only where a qualifier closes it.
OTHER_UNIT = re.compile(
    rf"(?<![\d.])(?P<num>{_NUM})\s*(?P<unit>[\u4e00-\u9fff]{{1,3}}/[\u4e00-\u9fff]{{1,4}}|[A-Za-z]{{1,4}}(?:/[A-Za-z0-9]{{1,4}})?)"
    r"(?=以内|以上|以下|左右|\s*$)"
)

# A number without a unit closing a clause (发展指数达到120以上): a score or an index.
UNITLESS = re.compile(
    rf"(?<![\d.:/\-—~])(?P<num>{_NUM})(?![\d.])(?=\s*(?:以上|以下|左右|以内)?\s*(?:[,;。、)]|$))"
)


@dataclass(frozen=True)
class Quantity:
    """A number (or range) with its unit, found in normalised text at [start, end)."""

    start: int
    end: int
    value: Decimal
    high: Decimal | None
    unit: str | None  # the unit as printed, with its magnitude: 万个, 亿元, %
    chinese: bool = False
    bracketed: bool = False
    label_count: bool = False  # "4大板块": a count written as N大X
    ratio: bool = False
    printed_unit: str | None = None  # when the unit was normalised (亿元人民币 -> 亿元)
    unknown_unit: bool = False  # a unit outside the registry: its entry asks for review
    loose: bool = False  # a unit read only after a comparator (微克/立方米, a bare 亿, 12年)
    unitless: bool = False  # no unit at all (指数达到120以上): read only with a comparator


def _dec(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _ascii_glued(text: str, start: int, end: int) -> bool:
    """C4线, 5G, 3D, B+: a number glued to Latin letters is an identifier, not a quantity."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in normalised `text`, left to right, without overlaps. Numbers without a
    unit (years, list numbers, 27号线) are not quantities."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in RATIO.finditer(text):
        value = _dec(m["num"])
        if value is not None and not _ascii_glued(text, m.start(), m.end()):
            found.append(Quantity(m.start(), m.end(), value, None, None, ratio=True))
            taken.append((m.start(), m.end()))
    for m in ARABIC.finditer(text):
        a, b = m.start(), m.end()
        if not free(a, b):
            continue
        bracketed = bool(m["lb"] and m["rb"])
        unit = m["unit"]
        other = m["bare"] or m["pertho"] or m["years"]
        if other and (m["num2"] or (re.fullmatch(r"\d{4}", m["num"]) and m["years"])):
            continue  # 2025年 is a year, not a duration
        if unit == "岁" and _AGE_GROUP.match(text, b):
            continue
        if unit is None and m["big"] is None and not bracketed and not other:
            continue
        num_end = m.end("num2") if m["num2"] else m.end("num")
        if _ascii_glued(text, a if not m["lb"] else m.start("num"), num_end if unit is None else b):
            continue
        if unit is not None and unit.isascii() and unit.isalpha() and b < len(text) and text[b].isalpha():
            continue  # 5km... glued to more letters: not a unit after all
        value, high = _dec(m["num"]), _dec(m["num2"]) if m["num2"] else None
        if value is None:
            continue
        printed = None
        full_unit = None
        if unit is not None:
            full_unit = (m["mag"] or "") + unit
            if unit == "个工作日":
                full_unit = (m["mag"] or "") + "工作日"
            if m["per"]:
                full_unit += re.sub(r"\s+", "", m["per"])
            if m["rmb"]:
                printed = full_unit + "人民币"
        elif other:
            full_unit = "1" + re.sub(r"\s+", "", m["pertho"]) if m["pertho"] else other
        elif m["big"]:
            full_unit, printed = "个", "大"
            b = m.end("big")
        found.append(
            Quantity(
                a,
                b,
                value,
                high,
                full_unit,
                bracketed=bracketed,
                label_count=bool(m["big"]),
                printed_unit=printed,
                unknown_unit=bool(full_unit) and not is_known_unit(full_unit or ""),
                loose=bool(other),
            )
        )
        taken.append((a, b))
    for m in CHINESE.finditer(text):
        a, b = m.start(), m.end()
        if not free(a, b):
            continue
        num, unit = m["num"], m["unit"]
        mag = re.search(r"(?:万亿|亿|万)$", num)
        if mag and not m["num2"] and parse_chinese(num[: mag.start()]) is not None:
            num, unit = num[: mag.start()], mag.group(0) + unit  # 两千亿元 -> 2000 亿元, as 2000亿元 reads
        if num in ("一", "万", "亿", "千", "百", "十") and unit in ("元", "次"):
            continue  # 万元GDP, 每百元收入, 一次能源: a unit or a term, not a quantity
        cn_value = parse_chinese(num)
        cn_high = parse_chinese(m["num2"]) if m["num2"] else None
        if cn_value is None or (m["num2"] and cn_high is None):
            continue
        found.append(
            Quantity(
                a, b, Decimal(cn_value), None if cn_high is None else Decimal(cn_high), unit, chinese=True
            )
        )
        taken.append((a, b))
    for m in OTHER_UNIT.finditer(text):
        a, b = m.start(), m.end()
        value = _dec(m["num"])
        if value is None or not free(a, b) or _ascii_glued(text, a, a):
            continue
        found.append(Quantity(a, b, value, None, m["unit"], unknown_unit=True, loose=True))
        taken.append((a, b))
    for m in UNITLESS.finditer(text):
        a, b = m.start(), m.end()
        value = _dec(m["num"])
        if value is None or not free(a, b) or _ascii_glued(text, a, b):
            continue
        found.append(Quantity(a, b, value, None, None, unitless=True))
        taken.append((a, b))
    return sorted(found, key=lambda q: q.start)


ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
WATER_CLASS = re.compile(r"(?P<cmp>优于|好于|达到|达|保持在|保持)?\s*(?P<num>III|II|IV|I|V)\s*类")


def fmt_decimal(value: Decimal) -> str:
    """3700, 3.7, 0.13: no exponent, no trailing zeros."""
    return format(value.normalize(), "f")
