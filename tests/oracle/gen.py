"""A seeded generator of single-plan catalogs, plan texts and long-format actuals for the differential test.

`generate(seed, new_kinds)` returns a Case: the catalog YAML (docs/catalog.md format), the plan's
source text holding every quoted line, the actuals CSV, the report year, and per target the Spec
the reference model reads. Series have random gaps, milestones, lower-is-better targets, zero and
negative values, other regions and report years before, at and after the target year.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import yaml

from tests.oracle.families import COUNT_UNITS, NEW_KINDS, OLD_KINDS, Family, Frame, rnd
from tests.oracle.spec import RegionValues, Spec
from tests.oracle.variants import csv_unit, earlier_year, edge_value, scaled

NEW_FEATURES = frozenset({"pp_change", "rank", "class", "regions"})
SCOPE = "重庆高新区"
OTHER_REGIONS = ("永川区", "璧山区")


@dataclass
class GenTarget:
    tid: str
    series: str
    spec: Spec
    entry: dict[str, Any]


@dataclass
class Case:
    seed: int
    plan_id: str
    report_year: int
    plan: dict[str, Any]
    targets: list[GenTarget] = field(default_factory=list)
    # (series key, region or None) -> {year: value}; region "" in the CSV is None here.
    data: dict[tuple[str, str | None], dict[int, float]] = field(default_factory=dict)
    units: dict[str, str | None] = field(default_factory=dict)
    csv_units: dict[str, tuple[str, int]] = field(default_factory=dict)  # series -> (CSV unit, factor)
    source_lines: list[str] = field(default_factory=list)

    def catalog_yaml(self) -> str:
        plan = {**self.plan, "targets": [t.entry for t in self.targets]}
        return yaml.safe_dump({"version": 1, "plans": [plan]}, allow_unicode=True, sort_keys=False, width=200)

    def source_text(self) -> str:
        return "\n".join(self.source_lines) + "\n"

    def csv_text(self) -> str:
        lines = ["indicator,year,value,unit,region"]
        for (series, region), values in self.data.items():
            unit, factor = self.csv_units.get(series, (self.units[series] or "", 1))
            for year in sorted(values):
                text = fmt(values[year]) if factor == 1 else scaled(values[year], factor)
                lines.append(f"{series},{year},{text},{unit},{region or ''}")
        return "\n".join(lines) + "\n"

    def regions_of(self, series: str) -> list[str | None]:
        return [r for (s, r) in self.data if s == series]


def fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def num(v: float) -> int | float:
    return int(v) if float(v).is_integer() else float(v)


def generate(seed: int, new_kinds: bool | frozenset[str] = False) -> Case:
    """One case; `new_kinds` adds the revision-2 features (all with True, or those named)."""
    features = NEW_FEATURES if new_kinds is True else frozenset(new_kinds or ())
    rng = random.Random(seed)
    start = rng.choice([2021, 2023])
    fr = Frame(start, start + 4)
    plan_id = f"p{seed}"
    plan = {
        "id": plan_id,
        "title": f"测试规划{seed}",
        "doc_number": None,
        "issuer": None,
        "date": None,
        "scope": SCOPE,
        "period": {"start": fr.start, "end": fr.end},
        "base_year": fr.b,
        "source": f"{plan_id}.txt",
    }
    if rng.random() < 0.2:
        del plan["base_year"]  # optional: the year before the period
    case = Case(seed, plan_id, rng.randint(fr.b, fr.end + 2), plan)
    kinds = {**OLD_KINDS, **{k: f for k, f in NEW_KINDS.items() if k in features}}
    for k in range(rng.randint(1, 3)):
        name = rng.choice(sorted(kinds))
        _add_family(case, rng, fr, k, kinds[name](rng, fr), "regions" in features)
    return case


def _add_family(case: Case, rng: random.Random, fr: Frame, k: int, fam: Family, regions: bool) -> None:
    series = f"{case.plan_id}.s{k}"
    quote = f"测试指标{k}"
    case.source_lines.append(f"第{k + 1}项：{quote}（{fam.unit or '无单位'}）")
    case.units[series] = fam.unit
    edge_value(rng, fam, fr)
    earlier_year(rng, fam, fr)
    smaller = csv_unit(rng, fam.unit)
    if smaller:
        case.csv_units[series] = smaller
    scope_region = SCOPE if rng.random() < 0.2 else None
    gaps = 0.08 if fam.kind == "cum_sum" else 0.22
    case.data[(series, scope_region)] = _with_gaps(rng, fam.values, fr, gaps)
    regional: dict[str, Any] = {}
    if rng.random() < 0.35:
        other = rng.choice(OTHER_REGIONS)
        scale = rng.uniform(0.05, 0.5) if fam.scale_bound or fam.kind in _AMOUNT_KINDS else 1.0
        values = _regional_values(rng, fam, scale)
        case.data[(series, other)] = _with_gaps(rng, values, fr, gaps)
        if regions and fam.scale_bound and fam.kind in ("level", "cum_sum") and rng.random() < 0.5:
            regional = {other: (scale, values)}
    for i, entry in enumerate(fam.targets):
        tid = (
            f"{case.plan_id}.t{k}-{entry['target']['year']}"
            if len(fam.targets) > 1
            else f"{case.plan_id}.t{k}"
        )
        full: dict[str, Any] = {"id": tid, "series": series, "name": quote, "unit": fam.unit, **entry}
        full = {key: _yaml_num(v) for key, v in full.items()}
        regions = _regions_entry(regional, fam, entry, fr, rng.random() < 0.3)
        if regions:
            full["regions"] = regions
        full["source"] = {"line": k + 1, "quote": quote}
        if i and len(fam.targets) > 1:
            full["note"] = "milestone of the same series"
        case.targets.append(GenTarget(tid, series, spec_of(full, case.plan), full))


_AMOUNT_KINDS = frozenset({"multiple", "change_by", "avg_growth"})


def _with_gaps(rng: random.Random, values: dict[int, float], fr: Frame, p_gap: float) -> dict[int, float]:
    out = {}
    for y, v in values.items():
        p_drop = 0.5 if y <= fr.b else p_gap
        if rng.random() >= p_drop:
            out[y] = v
    return out


def _regional_values(rng: random.Random, fam: Family, scale: float) -> dict[int, float]:
    dec = 0 if fam.unit in COUNT_UNITS else 2
    out = {}
    for y, v in fam.values.items():
        w = v * scale * (rng.uniform(0.85, 1.15) if scale == 1.0 else 1.0)
        if fam.unit == "%":
            w = min(99.0, max(1.0, w))
        w = rnd(w, dec)
        if fam.signed and 0 < abs(w) < 1:
            w = 1.0 if w > 0 else -1.0
        if fam.unit is not None and fam.unit not in ("%", "位", "类") and not fam.signed and w <= 0 < v:
            w = 0.0 if dec == 0 else 0.01
        out[y] = w
    if fam.kind == "rank":
        out = {y: max(1.0, w) for y, w in out.items()}
    if fam.kind == "class":
        out = {y: min(6.0, max(1.0, w)) for y, w in out.items()}
    return out


def _regions_entry(
    regional: dict[str, Any], fam: Family, entry: dict[str, Any], fr: Frame, no_baseline: bool
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    dec = 0 if fam.unit in COUNT_UNITS else 2
    for region, (scale, values) in regional.items():
        target = entry["target"]
        value = max(rnd(float(target["value"]) * scale, dec), 1.0)
        item: dict[str, Any] = {}
        if fam.kind == "level" and not no_baseline:
            item["baseline"] = {"year": fr.b, "value": num(values[fr.b])}
        item["target"] = {"year": target["year"], "value": num(value)}
        out[region] = item
    return out


def _yaml_num(v: Any) -> Any:
    if isinstance(v, float):
        return num(v)
    if isinstance(v, dict):
        return {k: _yaml_num(x) for k, x in v.items()}
    return v


def spec_of(entry: dict[str, Any], plan: dict[str, Any]) -> Spec:
    """The reference model's reading of one catalog entry (the generator's own YAML)."""
    target = entry["target"]
    base = entry.get("baseline")
    cum = entry.get("cumulative")
    regions = {}
    for name, item in (entry.get("regions") or {}).items():
        rb = item.get("baseline")
        regions[name] = RegionValues(
            float(item["target"]["value"]), (rb["year"], float(rb["value"])) if rb else None
        )

    def f(key: str) -> float | None:
        return float(target[key]) if target.get(key) is not None else None

    return Spec(
        kind=entry["kind"],
        comparator=entry["comparator"],
        direction=entry["direction"],
        target_year=int(target["year"]),
        period=(plan["period"]["start"], plan["period"]["end"]),
        scope=plan["scope"],
        unit=entry.get("unit"),
        attribute=entry.get("attribute", "expected"),
        baseline=(base["year"], float(base["value"])) if base else None,
        value=f("value"),
        value_high=f("value_high"),
        factor=f("factor"),
        change_pct=f("change_pct"),
        growth_pct=f("growth_pct"),
        change_pp=f("change_pp"),
        base_year=target.get("base_year"),
        tolerance=entry.get("tolerance"),
        cumulative=(cum["start"], cum["end"]) if cum else None,
        plan_base_year=plan.get("base_year"),
        regions=regions,
    )
