"""Random target families for the differential test: one series, one or two targets, one kind.

Every family returns the catalog entries (without id, source and name, which the generator adds),
the Spec fields the reference model needs, and the series of the plan's own scope by year. Values
stay plausible: no year is 1000 times its neighbour, counts are whole and never negative.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

AMOUNT_UNITS = ("亿元", "万美元", "家", "个", "项")
COUNT_UNITS = frozenset({"家", "个", "项", "次", "位", "类"})


@dataclass
class Family:
    """One series and the targets set on it."""

    kind: str
    unit: str | None
    values: dict[int, float]  # the plan scope's series, every year (gaps are made later)
    targets: list[dict[str, Any]] = field(default_factory=list)  # catalog target entries
    scale_bound: bool = False
    signed: bool = False


@dataclass(frozen=True)
class Frame:
    """The plan's years: base year b, period start S and end E."""

    start: int
    end: int

    @property
    def b(self) -> int:
        return self.start - 1

    def years(self, first: int | None = None) -> range:
        return range(self.b if first is None else first, self.end + 3)


def rnd(x: float, decimals: int) -> float:
    if decimals == 0:
        return float(round(x))
    return round(x, decimals)


def geometric_walk(
    rng: random.Random, years: range, start: float, lo: float, hi: float, dec: int
) -> dict[int, float]:
    out, v = {}, start
    for y in years:
        out[y] = max(rnd(v, dec), 0.0)
        v *= 1 + rng.uniform(lo, hi)
    return out


def additive_walk(
    rng: random.Random, years: range, start: float, lo: float, hi: float, dec: int, clip: tuple[float, float]
) -> dict[int, float]:
    out, v = {}, start
    for y in years:
        out[y] = min(clip[1], max(clip[0], rnd(v, dec)))
        v += rng.uniform(lo, hi)
    return out


def comparator(rng: random.Random, higher: bool) -> dict[str, Any]:
    comp = rng.choice(["at_least" if higher else "at_most", "exact", "approx"])
    out: dict[str, Any] = {"comparator": comp, "direction": "higher" if higher else "lower"}
    if comp == "approx" and rng.random() < 0.3:
        out["tolerance"] = 0.1
    return out


def attribute(rng: random.Random) -> str:
    return rng.choice(["expected", "expected", "binding", "unstated"])


def _maybe_baseline(
    rng: random.Random, fr: Frame, values: dict[int, float], p: float = 0.6
) -> dict[str, Any]:
    return {"baseline": {"year": fr.b, "value": values[fr.b]}} if rng.random() < p else {}


def level_up(rng: random.Random, fr: Frame) -> Family:
    unit = rng.choice(AMOUNT_UNITS)
    dec = 0 if unit in COUNT_UNITS else 2
    b_value = rng.choice([8, 60, 300, 2900]) * rng.uniform(0.8, 1.2)
    values = geometric_walk(rng, fr.years(), b_value, -0.06, 0.16, dec)
    fam = Family("level", unit, values, scale_bound=True)
    base = _maybe_baseline(rng, fr, values)
    b_year = fr.b
    if base and rng.random() < 0.15:  # some plans print the first year's value as the baseline
        b_year = fr.start
        base = {"baseline": {"year": b_year, "value": values[b_year]}}
    rate = rng.uniform(0.02, 0.14)
    years = [fr.end] if rng.random() < 0.6 else [fr.start + rng.choice([1, 2]), fr.end]
    extra = {**comparator(rng, True), "attribute": attribute(rng)}
    for year in years:
        goal = max(
            rnd(values[b_year] * (1 + rate) ** (year - b_year), dec), rnd(values[b_year] + 1, dec), 1.0
        )
        fam.targets.append({"kind": "level", **extra, **base, "target": {"year": year, "value": goal}})
    return fam


def level_down(rng: random.Random, fr: Frame) -> Family:
    b_value = rnd(rng.uniform(4, 20), 1)
    values = geometric_walk(rng, fr.years(), b_value, -0.12, 0.05, 1)
    fam = Family("level", "工作日", values)
    goal = rnd(values[fr.b] * rng.uniform(0.6, 0.9), 1)
    extra = {
        "comparator": rng.choice(["at_most", "exact"]),
        "direction": "lower",
        "attribute": attribute(rng),
    }
    base = _maybe_baseline(rng, fr, values)
    fam.targets.append({"kind": "level", **extra, **base, "target": {"year": fr.end, "value": goal}})
    return fam


def level_small(rng: random.Random, fr: Frame) -> Family:
    """A count that starts at 0 or 1 (展会次数): linear path, zero values."""
    values: dict[int, float] = {}
    v = rng.choice([0, 0, 1])
    for y in fr.years():
        values[y] = float(v)
        v = max(0, v + rng.choice([-1, 0, 0, 1, 1, 2]))
    fam = Family("level", "次", values, scale_bound=True)
    goal = float(rng.randint(1, 5))
    extra = {**comparator(rng, True), "attribute": attribute(rng)}
    base = _maybe_baseline(rng, fr, values, 0.7)
    fam.targets.append({"kind": "level", **extra, **base, "target": {"year": fr.end, "value": goal}})
    return fam


def level_signed(rng: random.Random, fr: Frame) -> Family:
    """A net amount (贸易差额) that may be negative or change sign: linear path."""
    values = additive_walk(rng, fr.years(), rng.uniform(-20, 25), -6, 9, 1, (-1e9, 1e9))
    for y, v in values.items():  # keep every nonzero value >= 1 in size: no 1000x jump
        if 0 < abs(v) < 1:
            values[y] = 1.0 if v > 0 else -1.0
    fam = Family("level", "亿元", values, scale_bound=True, signed=True)
    goal = rnd(values[fr.b] + rng.uniform(5, 30), 1)
    goal = goal if abs(goal) >= 1 else 1.0
    extra = {
        "comparator": rng.choice(["at_least", "exact"]),
        "direction": "higher",
        "attribute": attribute(rng),
    }
    base = _maybe_baseline(rng, fr, values)
    fam.targets.append({"kind": "level", **extra, **base, "target": {"year": fr.end, "value": goal}})
    return fam


def share(rng: random.Random, fr: Frame) -> Family:
    higher = rng.random() < 0.75
    b_value = rng.uniform(10, 70)
    drift = 1.5 if higher else -1.2
    values = additive_walk(rng, fr.years(), b_value, drift - 3, drift + 2.5, 1, (1.0, 99.0))
    goal = rnd(values[fr.b] + (rng.uniform(2, 15) if higher else -rng.uniform(2, 10)), 1)
    goal = min(99.0, max(1.5, goal))
    fam = Family("share", "%", values)
    extra = {**comparator(rng, higher), "attribute": attribute(rng)}
    years = [fr.end] if rng.random() < 0.7 else [fr.start + 1, fr.end]
    for i, year in enumerate(years):
        g = goal if i == len(years) - 1 else rnd((values[fr.b] + goal) / 2, 1)
        base = _maybe_baseline(rng, fr, values)
        fam.targets.append({"kind": "share", **extra, **base, "target": {"year": year, "value": g}})
    return fam


def multiple(rng: random.Random, fr: Frame) -> Family:
    factor, first = (2, fr.b) if rng.random() < 0.7 else (4, fr.b - 2)
    values = geometric_walk(rng, fr.years(first), rng.uniform(50, 500), 0.04, 0.22, 2)
    fam = Family("multiple", "亿元", values)
    target: dict[str, Any] = {"year": fr.end, "factor": factor}
    entry: dict[str, Any] = {"kind": "multiple", "comparator": "at_least", "direction": "higher"}
    if first != fr.b:
        target["base_year"] = first
    elif rng.random() < 0.5:
        entry["baseline"] = {"year": fr.b, "value": values[fr.b]}
    fam.targets.append({**entry, "attribute": attribute(rng), "target": target})
    return fam


def change_by(rng: random.Random, fr: Frame) -> Family:
    higher = rng.random() < 0.5
    if higher:
        unit, pct, lo, hi = "元", float(rng.choice([20, 36, 50])), 0.0, 0.12
        start = rng.uniform(3000, 60000)
    else:
        unit, pct, lo, hi = "工作日", float(-rng.choice([10, 15, 20])), -0.08, 0.03
        start = rng.uniform(5, 30)
    first = fr.b - 2 if rng.random() < 0.3 else fr.b  # 较2017年下降10%: a base year before the plan's
    values = geometric_walk(rng, fr.years(first), start, lo, hi, 2)
    fam = Family("change_by", unit, values)
    entry: dict[str, Any] = {"kind": "change_by", "comparator": rng.choice(["at_least", "exact"])}
    if not higher:
        entry["comparator"] = rng.choice(["at_most", "exact"])
    entry.update(direction="higher" if higher else "lower", attribute=attribute(rng))
    target: dict[str, Any] = {"year": fr.end, "change_pct": pct}
    if first != fr.b:
        target["base_year"] = first
    else:
        entry.update(_maybe_baseline(rng, fr, values, 0.5))
    fam.targets.append({**entry, "target": target})
    return fam


def pp_change(rng: random.Random, fr: Frame) -> Family:
    higher = rng.random() < 0.7
    pp = rnd(rng.uniform(0.5, 3.0), 1) * (1 if higher else -1)
    drift = pp / 5
    values = additive_walk(
        rng, fr.years(), rng.uniform(2 if higher else 10, 60), drift - 0.6, drift + 0.6, 2, (1.0, 99.0)
    )
    fam = Family("pp_change", "%", values)
    entry: dict[str, Any] = {"kind": "pp_change", "comparator": "at_least" if higher else "at_most"}
    entry.update(direction="higher" if higher else "lower", attribute=attribute(rng))
    entry.update(_maybe_baseline(rng, fr, values, 0.5))
    fam.targets.append({**entry, "target": {"year": fr.end, "change_pp": pp}})
    return fam


def cum_sum(rng: random.Random, fr: Frame) -> Family:
    flow = rng.uniform(5, 12)
    values = {y: rnd(flow * (1 + rng.uniform(-0.25, 0.3)), 2) for y in fr.years()}
    total = float(round(flow * (fr.end - fr.b) * rng.uniform(0.85, 1.15)))
    fam = Family("cum_sum", "亿美元", values, scale_bound=True)
    entry = {"kind": "cum_sum", "comparator": rng.choice(["at_least", "exact"]), "direction": "higher"}
    fam.targets.append(
        {
            **entry,
            "attribute": attribute(rng),
            "target": {"year": fr.end, "value": total},
            "cumulative": {"start": fr.start, "end": fr.end},
        }
    )
    return fam


def maintain(rng: random.Random, fr: Frame) -> Family:
    floor = float(rng.choice([3, 3, 2.5, 8]))
    values = additive_walk(rng, fr.years(), floor * rng.uniform(0.7, 1.1), -0.15, 0.25, 2, (1.0, 99.0))
    fam = Family("maintain", "%", values)
    entry = {"kind": "maintain", "comparator": "at_least", "direction": "higher", "attribute": attribute(rng)}
    fam.targets.append(
        {**entry, **_maybe_baseline(rng, fr, values, 0.2), "target": {"year": fr.end, "value": floor}}
    )
    return fam


def direction(rng: random.Random, fr: Frame) -> Family:
    higher = rng.random() < 0.7
    values = additive_walk(rng, fr.years(), rng.uniform(20, 60), -1.5, 2.0, 1, (1.0, 99.0))
    fam = Family("direction", rng.choice(["%", None]), values)
    entry = {"kind": "direction", "comparator": "at_least" if higher else "at_most"}
    entry["direction"] = "higher" if higher else "lower"
    base = _maybe_baseline(rng, fr, values, 0.2)
    fam.targets.append({**entry, **base, "attribute": attribute(rng), "target": {"year": fr.end}})
    return fam


def range_kind(rng: random.Random, fr: Frame) -> Family:
    low = float(rng.randint(1, 3))
    values: dict[int, float] = {}
    v = rng.choice([0, 0, 1])
    for y in fr.years():
        values[y] = float(v)
        v = max(0, v + rng.choice([0, 0, 1]))
    fam = Family("range", "个", values, scale_bound=True)
    entry = {"kind": "range", "comparator": "range", "direction": "higher", "attribute": attribute(rng)}
    target = {"year": fr.end, "value": low, "value_high": low + 1}
    fam.targets.append({**entry, **_maybe_baseline(rng, fr, values, 0.3), "target": target})
    return fam


def avg_growth(rng: random.Random, fr: Frame) -> Family:
    pct = float(rng.randint(6, 12))
    values = geometric_walk(rng, fr.years(), rng.uniform(100, 900), -0.02, 0.16, 2)
    fam = Family("avg_growth", "亿元", values)
    entry = {
        "kind": "avg_growth",
        "comparator": "at_least",
        "direction": "higher",
        "attribute": attribute(rng),
    }
    fam.targets.append(
        {**entry, **_maybe_baseline(rng, fr, values, 0.5), "target": {"year": fr.end, "growth_pct": pct}}
    )
    return fam


def rate(rng: random.Random, fr: Frame) -> Family:
    x = float(rng.randint(4, 8))
    values = {y: rnd(rng.uniform(x - 2, x + 2), 1) for y in fr.years()}
    fam = Family("rate", "%", values)
    entry = {"kind": "rate", **comparator(rng, True), "attribute": attribute(rng)}
    fam.targets.append({**entry, "target": {"year": fr.end, "value": x}})
    return fam


def ratio(rng: random.Random, fr: Frame) -> Family:
    values = additive_walk(rng, fr.years(), rng.uniform(2.3, 3.0), -0.15, 0.08, 2, (1.0, 9.0))
    fam = Family("ratio", None, values)
    goal = rnd(values[fr.b] - rng.uniform(0.1, 0.5), 1)
    entry = {"kind": "ratio", "comparator": "at_most", "direction": "lower", "attribute": attribute(rng)}
    fam.targets.append(
        {**entry, **_maybe_baseline(rng, fr, values, 0.5), "target": {"year": fr.end, "value": goal}}
    )
    return fam


def rank(rng: random.Random, fr: Frame) -> Family:
    goal = float(rng.choice([10, 20, 40, 50]))
    values = additive_walk(rng, fr.years(), goal * rng.uniform(0.8, 1.5), -6, 4, 0, (1, 200))
    fam = Family("rank", "位", values)
    entry = {"kind": "rank", "comparator": "at_most", "direction": "lower", "attribute": attribute(rng)}
    fam.targets.append({**entry, "target": {"year": fr.end, "value": goal}})
    return fam


def class_kind(rng: random.Random, fr: Frame) -> Family:
    goal = float(rng.choice([2, 3, 4]))
    values = additive_walk(rng, fr.years(), goal + rng.choice([-1, 0, 1, 2]), -1, 1, 0, (1, 6))
    fam = Family("class", "类", values)
    entry = {"kind": "class", "comparator": rng.choice(["at_most", "exact"]), "direction": "lower"}
    fam.targets.append({**entry, "attribute": attribute(rng), "target": {"year": fr.end, "value": goal}})
    return fam


OLD_KINDS = {
    "level_up": level_up,
    "level_down": level_down,
    "level_small": level_small,
    "level_signed": level_signed,
    "share": share,
    "multiple": multiple,
    "change_by": change_by,
    "cum_sum": cum_sum,
    "maintain": maintain,
    "direction": direction,
    "range": range_kind,
    "avg_growth": avg_growth,
    "rate": rate,
    "ratio": ratio,
}
NEW_KINDS = {"pp_change": pp_change, "rank": rank, "class": class_kind}
