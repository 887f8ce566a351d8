"""Units where people write them: in the name (外贸进出口总额（亿元）), in the value (295家,
3,350亿元), or in a unit column; they must agree."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_MAGNITUDE = r"(?:万亿|千万|百万|十万|亿|万|千|百)?"
_BASE = (
    "元|美元|人民币|元人民币|家|个|项|次|件|条|所|座|名|人|户|台|辆|套|场|届|批|位|款|种|类|处|支|只|张|篇|部"
    "|期|班|列|架|艘|趟|人次|家次|项次|份|米|公里|千米|平方米|平米|平方公里|亩|吨|秒|分钟|小时|天|日|工作日"
    "|个工作日|标箱|标准箱|teu|千瓦时|千瓦|度|m|km|m2|km2|km/km2|km/km\\*\\*2|%|‰|个百分点|百分点|pcu/h|岁"
    "|元/人|美元/人|平方米/人"
)
_NAME_UNIT = r"^(.+?)\s*[(（]\s*([^()（）]+?)\s*[)）]\s*$"
_NUMBERING = (
    r"^(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十\d]{1,3}[、.．]|其中[:：]?|#|\*)\s*"
)
_VALUE_UNIT = r"^\s*([-+\u2212]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(\S.*?)\s*$"


@cache
def _unit() -> re.Pattern[str]:
    # compiled on first use: most files write no unit outside the unit column
    return re.compile(rf"{_MAGNITUDE}(?:{_BASE})", re.IGNORECASE)


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().replace(" ", "").replace("²", "2")


def looks_like_unit(text: str) -> bool:
    """亿元, 万人, 公里, %, km/km2: what a unit column or a bracket after a name holds."""
    return _unit().fullmatch(_norm(text)) is not None


def name_unit(text: str) -> tuple[str, str] | None:
    """外贸进出口总额（亿元） -> (外贸进出口总额, 亿元); None when the bracket is not a unit
    (城镇化率（常住人口） stays a name)."""
    m = re.match(_NAME_UNIT, unicodedata.normalize("NFKC", text).strip())
    if m is None or not looks_like_unit(m.group(2)):
        return None
    return m.group(1).strip(), _norm(m.group(2))


def bare_name(text: str) -> str:
    """A name without the numbering or 其中 a table prints before it: 1.外贸进出口总额,
    （一）外贸进出口总额, 其中：外贸进出口总额 -> 外贸进出口总额."""
    return re.sub(_NUMBERING, "", unicodedata.normalize("NFKC", text).strip())


def value_unit(text: str) -> tuple[str, str] | None:
    """295家 -> (295, 家); 3,350亿元 -> (3,350, 亿元); None when the rest is not a unit."""
    m = re.match(_VALUE_UNIT, unicodedata.normalize("NFKC", text))
    if m is None or not looks_like_unit(m.group(2)) or m.group(2) == "%":
        return None
    return m.group(1), _norm(m.group(2))


def agree(given: list[tuple[str, str]]) -> tuple[str, str | None]:
    """(where, unit) pairs, e.g. [("the unit column", "亿元"), ("the name", "亿元")] -> the one
    unit ("" if none), or an error naming two that disagree."""
    seen: list[tuple[str, str]] = [(w, u.strip()) for w, u in given if u and u.strip()]
    for where, unit in seen[1:]:
        first_where, first = seen[0]
        if not _same(first, unit):
            return "", f"the unit {first!r} in {first_where} and {unit!r} in {where} disagree"
    return (seen[0][1] if seen else ""), None


def _same(a: str, b: str) -> bool:
    """工作日 and 个工作日, 公里 and km: two spellings of one unit agree."""
    if _norm(a).lower() == _norm(b).lower():
        return True
    from decimal import Decimal

    from targets.catalog.units import convert
    from targets.errors import UnitError

    try:
        return convert(Decimal(1), a, b) == 1
    except UnitError:
        return False
