"""Variations the generator lays over a family: values on the edge of the target, an earlier year,
a CSV in 万元 for an 亿元 target. Each is drawn from the case's own random stream."""

from __future__ import annotations

import random
from decimal import Decimal

from tests.oracle.families import COUNT_UNITS, Family, Frame, rnd

# The CSV may report an amount in a smaller unit; the tool converts it to the catalog's unit.
SMALLER_UNIT = {"亿元": ("万元", 10_000), "亿美元": ("万美元", 10_000)}


def edge_value(rng: random.Random, fam: Family, fr: Frame) -> None:
    """Put one value exactly on a target, or on the edge of its 左右 band: 3 equals 3.0."""
    if rng.random() >= 0.25 or fam.kind in ("cum_sum", "rate", "direction"):
        return
    entry = rng.choice(fam.targets)
    value = entry["target"].get("value")
    if value is None:
        return
    goal = Decimal(repr(float(value)))
    edge = goal
    if entry["comparator"] == "approx" and fam.unit not in COUNT_UNITS and rng.random() < 0.5:
        tol = Decimal(repr(float(entry.get("tolerance", 0.05))))
        sign = 1 if entry["direction"] == "higher" else -1
        edge = goal - sign * tol * abs(goal)
    years = [y for y in fam.values if fr.start <= y]
    fam.values[rng.choice(years)] = float(edge)


def earlier_year(rng: random.Random, fam: Family, fr: Frame) -> None:
    """A value for the year before the base year: never a baseline, the fallback starts after b."""
    if rng.random() >= 0.3 or fr.b not in fam.values or fr.b - 1 in fam.values:
        return
    v = fam.values[fr.b]
    if fam.signed or fam.kind in ("rank", "class"):
        fam.values[fr.b - 1] = v
    else:
        fam.values[fr.b - 1] = rnd(v * 0.95, 0 if fam.unit in COUNT_UNITS else 2)


def csv_unit(rng: random.Random, unit: str | None) -> tuple[str, int] | None:
    """Sometimes report an 亿元 series in 万元 (x 10000)."""
    if unit in SMALLER_UNIT and rng.random() < 0.25:
        return SMALLER_UNIT[unit]
    return None


def scaled(value: float, factor: int) -> str:
    """The value in the smaller unit, exactly (3200.5 亿元 -> 32005000 万元)."""
    return format((Decimal(repr(float(value))) * factor).normalize(), "f")
