"""The units a plan prints, as extract finds them in the text, and which of them the catalog's unit
registry reads (so a drafted entry needs no review mark for its unit)."""

from __future__ import annotations

# Units as printed (after NFKC), longest first so that 个百分点 wins over 个. Every one of them
# (with or without a magnitude) is known to the unit registry in targets.catalog.units.
COUNT_UNITS = [
    "个百分点",
    "个工作日",
    "人次",
    "家次",
    "项次",
    "个",
    "家",
    "项",
    "次",
    "件",
    "条",
    "所",
    "座",
    "名",
    "人",
    "户",
    "台",
    "辆",
    "套",
    "场",
    "位",
    "款",
    "种",
    "处",
    "支",
    "张",
    "篇",
    "部",
    "架",
    "艘",
    "趟",
    "份",
    "只",
    "届",
    "列",
]
MEASURE_UNITS = [
    "平方公里",
    "平方米",
    "平米",
    "公里",
    "千米",
    "km/km2",
    "km2",
    "km",
    "米",
    "亩",
    "吨",
    "标准箱",
    "标箱",
    "TEU",
    "千瓦时",
    "工作日",
    "小时",
    "分钟",
    "天",
    "pcu/h",
    "美元",
    "元",
    "%",
    "‰",
]
# Units plans print that the unit registry (targets.catalog.units) lacked: read as quantities, and their
# entries marked for review (`unit`) with a note, so no target is lost for want of a unit.
PLAN_UNITS = [
    "微克/立方米",
    "毫克/升",
    "吨标准煤",
    "标准煤",
    "立方米",
    "人年",
    "亩次",
    "车次",
    "架次",
    "班次",
    "岁",
    "册",
    "级",
    "千瓦",
    "兆瓦",
    "吨公里",
    "分",
    "公顷",
    "千克",
    "公斤",
    "头",
    "株",
    "间",
    "千伏",
]
UNITS = sorted(COUNT_UNITS + MEASURE_UNITS + PLAN_UNITS, key=len, reverse=True)
REGISTRY_UNITS = sorted(COUNT_UNITS + MEASURE_UNITS, key=len, reverse=True)
_MAG_LIST = ("", "万亿", "千万", "百万", "十万", "亿", "万", "千")
KNOWN_UNITS = frozenset(
    m + u for m in _MAG_LIST for u in REGISTRY_UNITS if u not in ("个百分点", "个工作日", "%", "‰") or not m
)


# Plan units the registry has learnt since (it reads them, and with 万/亿 before them); they keep
# their place in PLAN_UNITS, which decides how a number's unit is found in the text.
REGISTERED_PLAN_UNITS = frozenset(
    {
        "微克/立方米",
        "毫克/升",
        "吨标准煤",
        "立方米",
        "人年",
        "岁",
        "千瓦",
        "兆瓦",
        "分",
        "公顷",
        "千克",
        "公斤",
    }
    | {"车次", "架次", "班次", "册", "头", "株", "间", "年", "亿", "万"}
)


def _plain(unit: str) -> str:
    """The unit without a leading magnitude: 万吨标准煤 -> 吨标准煤."""
    for m in _MAG_LIST[1:]:
        if unit.startswith(m) and unit[len(m) :] in REGISTERED_PLAN_UNITS:
            return unit[len(m) :]
    return unit


def is_known_unit(unit: str) -> bool:
    """Whether the unit registry (targets.catalog.units) reads `unit` (normalised); a test keeps the two
    in step, so extract needs no pint to know."""
    if _plain(unit) in REGISTERED_PLAN_UNITS:
        return True
    if "/" in unit:  # 万元/人, 万吨/日, 公里/平方公里: each side known
        top, _, bottom = unit.partition("/")
        return is_known_unit(top) and (is_known_unit(bottom) or bottom in ("日", "年", "月"))
    return (
        unit in KNOWN_UNITS
        or unit in ("个百分点", "个工作日", "类", "位")
        or (unit.endswith("元人民币") and unit[:-3] in KNOWN_UNITS)
    )
