"""The small unit registry: 万/亿 magnitudes, 元 and 美元 as separate currencies, %, counts.

pint is imported only when two different unit spellings must be compared, so the common
case (the actuals use the catalog's unit) costs nothing at start-up.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from targets.errors import Problem, UnitError

if TYPE_CHECKING:
    from targets.catalog.yamlnodes import YamlDocument
    from targets.models import Catalog

_DEFINITIONS = """
千- = 1000
万- = 10000
十万- = 100000
百万- = 1000000
千万- = 10000000
亿- = 100000000
万亿- = 1000000000000
兆- = 1000000
yuan = [currency_cny] = 元 = 人民币 = 元人民币
usd = [currency_usd] = 美元
item = [count] = 个 = 家 = 项 = 次 = 件 = 条 = 所 = 座 = 名 = 人 = 户
@alias item = 台 = 辆 = 套 = 场 = 届 = 批 = 位 = 款 = 种 = 类 = 处 = 支 = 只 = 张
@alias item = 篇 = 部 = 期 = 班 = 列 = 架 = 艘 = 趟 = 人次 = 家次 = 项次 = 大板块 = 份
@alias item = 车次 = 架次 = 班次 = 册 = 头 = 株 = 间
percent = 0.01 = % = 百分比
permille = 0.001 = ‰
percentage_point = [share_pp] = 个百分点 = 百分点
meter = [length] = m = 米
kilometer = 1000 * meter = km = 公里 = 千米
square_meter = meter ** 2 = m2 = 平方米 = 平米
square_kilometer = kilometer ** 2 = km2 = 平方公里
mu = 10000 / 15 * square_meter = 亩
tonne = [mass] = t = 吨
kilogram = tonne / 1000 = kg = 公斤 = 千克
gram = kilogram / 1000 = g = 克
milligram = gram / 1000 = mg = 毫克
microgram = milligram / 1000 = μg = ug = 微克
cubic_meter = meter ** 3 = m3 = 立方米 = 方
liter = cubic_meter / 1000 = L = 升
hectare = 10000 * square_meter = ha = 公顷
tce = [coal_equivalent] = 吨标准煤 = 吨标煤
watt = [power] = W = 瓦
kilowatt = 1000 * watt = kW = 千瓦
megawatt = 1000 * kilowatt = MW = 兆瓦
person_year = [labour] = 人年
index_point = [index] = 点 = 指数点
score_point = [score] = 分
second = [time] = s = 秒
minute = 60 * second = min = 分钟
hour = 60 * minute = h = 小时
day = 24 * hour = 天 = 日
year = 365 * day = 年 = 岁 = 周岁
workday = [worktime] = 工作日 = 个工作日
teu = [container] = TEU = 标箱 = 标准箱
pcu = [vehicle] = 标准车当量
kwh = [energy] = 千瓦时 = 度
"""


# Magnitude prefixes, longest first: 万元 -> 亿元 needs no pint at all.
_MAGNITUDES = [
    ("万亿", Decimal(10) ** 12),
    ("千万", Decimal(10) ** 7),
    ("百万", Decimal(10) ** 6),
    ("十万", Decimal(10) ** 5),
    ("亿", Decimal(10) ** 8),
    ("万", Decimal(10) ** 4),
    ("千", Decimal(10) ** 3),
]


_BARE_MAGNITUDES = frozenset(prefix for prefix, _ in _MAGNITUDES)


def _split_magnitude(unit: str) -> tuple[Decimal, str]:
    for prefix, factor in _MAGNITUDES:
        if unit.startswith(prefix) and len(unit) > len(prefix):
            return factor, unit[len(prefix) :]
    return Decimal(1), unit


def normalize_unit(text: str) -> str:
    """Unicode and spelling normalisation of a unit as printed (km/km² -> km/km**2)."""
    s = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    s = s.replace("％", "%")
    return re.sub(r"(?<=[A-Za-z])([23])(?![0-9*])", r"**\1", s)  # km2 -> km**2, m3 -> m**3


@lru_cache(maxsize=1)
def registry() -> Any:
    import pint  # deferred: ~120 ms of import time

    ureg: Any = pint.UnitRegistry(None, non_int_type=Decimal)
    for line in _DEFINITIONS.strip().splitlines():
        ureg.define(line)
    return ureg


@lru_cache(maxsize=512)
def parse_unit(text: str) -> Any:
    """The pint unit for a printed unit; UnitError when the registry does not know it."""
    ureg = registry()
    norm = normalize_unit(text)
    if norm in _BARE_MAGNITUDES:  # 用户规模达到3亿: a bare 万/亿 counts things
        return ureg.parse_units(norm + "个")
    try:
        return ureg.parse_units(norm)
    except Exception:  # pint raises several unrelated types here; its wording is not ours
        raise UnitError(
            f"unknown unit {text!r}: the unit registry does not know it "
            "(write it as the plan prints it, e.g. 亿元, 万人, 平方米, 吨标准煤/万元, or give canonical_unit)"
        ) from None


def _currency(unit: Any) -> str | None:
    dims = str(unit.dimensionality)
    if "currency_cny" in dims:
        return "CNY"
    if "currency_usd" in dims:
        return "USD"
    return None


@lru_cache(maxsize=512)
def _factor(src: str, dst: str) -> Decimal:
    ureg = registry()
    su, du = parse_unit(src), parse_unit(dst)
    if su.dimensionality != du.dimensionality:
        sc, dc = _currency(su), _currency(du)
        if sc and dc and sc != dc:
            raise UnitError(
                f"{src!r} is in {sc} but the target is in {dc}; give an exchange rate, "
                f"e.g. --fx {'USD' if 'USD' in (sc, dc) else dc}=7.10"
            )
        raise UnitError(f"cannot convert {src!r} to {dst!r}: different dimensions")
    value = ureg.Quantity(Decimal(1), su).to(du).magnitude
    return Decimal(value)


def convert(value: Decimal, src: str, dst: str, fx: dict[str, Decimal] | None = None) -> Decimal:
    """Convert `value` from unit `src` to unit `dst` (exact Decimal arithmetic).

    `fx` maps a currency code to its price in CNY (USD=7.10): used only when the two units
    are in different currencies, and only when the user gave the rate explicitly.
    """
    s, d = normalize_unit(src), normalize_unit(dst)
    if s == d:
        return value
    (fs, base_s), (fd, base_d) = _split_magnitude(s), _split_magnitude(d)
    if base_s == base_d:  # same unit, other magnitude: exact, and no pint import
        return value * fs / fd
    try:
        return value * _factor(src, dst)
    except UnitError:
        if not fx:
            raise
    su, du = parse_unit(src), parse_unit(dst)
    sc, dc = _currency(su), _currency(du)
    if not (sc and dc):
        raise UnitError(f"cannot convert {src!r} to {dst!r}: different dimensions")
    rate_src = Decimal(1) if sc == "CNY" else fx.get(sc)
    rate_dst = Decimal(1) if dc == "CNY" else fx.get(dc)
    if rate_src is None or rate_dst is None:
        missing = sc if rate_src is None else dc
        raise UnitError(f"no exchange rate for {missing}; give --fx {missing}=RATE (CNY per unit)")
    ureg = registry()
    in_base = ureg.Quantity(value, su).to_base_units().magnitude * rate_src
    base_dst = ureg.Quantity(Decimal(1), du).to_base_units().magnitude * rate_dst
    return Decimal(in_base) / Decimal(base_dst)


def check_units(catalog: Catalog, doc: YamlDocument | None) -> list[Problem]:
    """Every unit in the catalog must parse in the registry."""
    from targets.catalog.paths import fmt_path

    problems = []
    for pi, plan in enumerate(catalog.plans):
        for ti, t in enumerate(plan.targets):
            spelled = t.canonical_unit or t.unit
            if spelled is None:
                continue
            try:
                parse_unit(spelled)
            except UnitError as exc:
                field = "canonical_unit" if t.canonical_unit else "unit"
                loc = ("plans", pi, "targets", ti, field)
                problems.append(
                    Problem(
                        file=catalog.source,
                        line=doc.line_of(loc) if doc else None,
                        column=fmt_path(doc, loc),
                        code="unknown-unit",
                        message=f"{exc.problems[0].message}; add it to the registry in units.py "
                        "or give canonical_unit",
                    )
                )
    return problems
