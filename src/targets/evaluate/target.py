"""One target for one region: picks what METHOD.md judges (inputs), applies its rule (rules) and
fills in the quantities (quantities). Pure; every number is a Decimal."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from targets.evaluate import inputs, quantities, rules
from targets.evaluate.inputs import Values
from targets.evaluate.maths import ZERO, Series, Thresholds
from targets.evaluate.reasons import reason_text
from targets.models import (
    Attribute,
    Baseline,
    Direction,
    Kind,
    Path,
    Plan,
    Result,
    Status,
    Target,
    TargetValue,
)

_ORDINAL = (Kind.rank, Kind.class_)


@dataclass(slots=True)
class Case:
    """One target, one region, one report year: what every rule of this module reads."""

    plan: Plan
    t: Target
    values: Values
    report_year: int
    big_t: int
    year: int  # the judged year (METHOD 3.0)
    th: Thresholds
    common: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    @property
    def actual(self) -> Decimal:
        return self.values[self.year]

    @property
    def binding(self) -> bool:
        return self.t.attribute is Attribute.binding

    def tolerance(self) -> Decimal:
        return self.t.tolerance if self.t.tolerance is not None else self.th.approx_tolerance

    def holds(self, a: Decimal, g: Decimal) -> bool:
        return rules.holds(self.t.comparator, self.t.direction, a, g, self.tolerance())[0]

    def reached_in(self, g: Decimal | None) -> int | None:
        if g is None:
            return None
        return inputs.first_reached(self.values, self.big_t, lambda v: self.holds(v, g))

    def finish(self, verdict: rules.Verdict, g: Decimal | None = None, **fields: Any) -> Result:
        """The result: label, reason, late achievement and the latest later value."""
        status = verdict.status
        late = None
        sums_or_rates = self.t.kind in (Kind.cum_sum, Kind.rate, Kind.direction)
        if not sums_or_rates and (status is Status.missed or verdict.reason == "no_target_year_value"):
            late = self.reached_in(g)
        args = {
            "target_year": self.big_t,
            "year": self.year,
            "scope": self.plan.scope,
            "base_year": inputs.reference_year(self.t, self.t.target, self.plan),
            **fields.pop("reason_args", {}),
        }
        later = inputs.latest_after(self.values, self.year)
        common = {**self.common, **{k: fields.pop(k) for k in list(fields) if k in self.common}}
        fields.setdefault("baseline", None)
        fields.setdefault("baseline_year", None)
        return Result(
            **common,
            notes=self.notes,
            year=self.year,
            actual=self.values[self.year],
            target=g,
            status=status,
            label=rules.label(status, self.year, self.big_t, late),
            reached_in=late,
            later_year=later,
            later_value=self.values[later] if later is not None else None,
            reason=reason_text(verdict.reason, args),
            reason_code=verdict.reason,
            reason_args=args if verdict.reason else None,
            **fields,
        )


def evaluate_target(
    plan: Plan,
    t: Target,
    series: Series,
    as_of: int | None,
    region: str | None,
    th: Thresholds,
    shared: dict[int, dict[str, Any]] | None = None,
) -> Result:
    """Evaluate one target for one region (METHOD 3.0-3.2). Pure; every number is a Decimal."""
    common = _fixed(plan, t, shared)
    common = {**common, "region": region}
    values = inputs.observed(series, as_of)
    if not values:
        return _no_data(t, common, as_of)
    report_year = as_of if as_of is not None else max(values)
    big_t = inputs.target_year(t, plan, max(y for y in values if y <= report_year))
    judged = inputs.judged_year(values, big_t, report_year)
    scoped = inputs.regional(plan, t, region)
    if judged is None:
        return _nothing_by_target_year(plan, t, values, big_t, common, scoped, th)
    case = Case(plan, t, values, report_year, big_t, judged, th, common)
    if judged < min(report_year, big_t):
        case.notes.append(f"no value for {min(report_year, big_t)}; the latest year, {judged}, is used")
    if scoped is None:
        verdict = rules.Verdict(Status.not_assessable, "region_needs_target")
        return case.finish(verdict, path=inputs.nominal_path(t), reason_args={"scope": plan.scope})
    given, tv = scoped
    if t.kind is Kind.cum_sum:
        return _cumulative(case, tv, given)
    if t.kind is Kind.direction:
        return _direction(case, given)
    if t.kind is Kind.rate:
        return _rate(case, tv)
    if t.kind in _ORDINAL:
        return _ordinal(case, tv)
    return _levelish(case, tv, given)


def _fixed(plan: Plan, t: Target, shared: dict[int, dict[str, Any]] | None) -> dict[str, Any]:
    """What every region's result of a target shares, built once per target."""
    fixed = shared.get(id(t)) if shared is not None else None
    if fixed is None:
        fixed = {
            "id": t.id,
            "plan": plan.id,
            "name": t.name,
            "unit": t.unit,
            "kind": t.kind,
            "attribute": t.attribute,
            "comparator": t.comparator,
            "direction": t.direction,
            "target_year": t.target.year,
            "target_high": t.target.value_high,
            "target_rule": _rule(t),
        }
        if shared is not None:
            shared[id(t)] = fixed
    return fixed


def _no_data(t: Target, common: dict[str, Any], as_of: int | None) -> Result:
    """METHOD 3.1 step 1: no actual for the indicator up to the report year."""
    args = {
        "upto": f" up to {as_of}" if as_of is not None else "",
        "upto_zh": f"截至{as_of}年" if as_of else "",
    }
    path = inputs.nominal_path(t)
    return Result(
        **common,
        notes=[],
        path=path,
        year=None,
        actual=None,
        baseline=t.baseline.value if t.baseline else None,
        baseline_year=t.baseline.year if t.baseline else None,
        baseline_from="plan" if t.baseline else None,
        target=t.target.value,
        status=Status.no_data,
        label=rules.label(Status.no_data, None, None, None),
        reason=reason_text("no_data", args),
        reason_code="no_data",
        reason_args=args,
    )


def _nothing_by_target_year(
    plan: Plan,
    t: Target,
    values: Values,
    big_t: int,
    common: dict[str, Any],
    scoped: tuple[Baseline | None, TargetValue] | None,
    th: Thresholds,
) -> Result:
    """METHOD 3.0: the report year is past T and no value exists up to T: not assessable, with
    the first later year that meets the target."""
    g = None
    if scoped is not None and t.kind not in (Kind.direction, Kind.rate, Kind.cum_sum):
        given, tv = scoped
        base = (given.year, given.value, "plan") if given is not None else None
        g = inputs.goal(t.kind, tv, base, big_t)
    tol = t.tolerance if t.tolerance is not None else th.approx_tolerance
    late = None
    if g is not None:
        goal_ = g
        late = inputs.first_reached(
            values, big_t, lambda v: rules.holds(t.comparator, t.direction, v, goal_, tol)[0]
        )
    later = max(values)
    args = {"target_year": big_t, "year": "—"}
    return Result(
        **common,
        notes=[f"no value up to the target year {big_t}"],
        path=Path.none,
        year=None,
        actual=None,
        baseline=None,
        baseline_year=None,
        target=g,
        status=Status.not_assessable,
        label=rules.label(Status.not_assessable, None, big_t, late),
        reached_in=late,
        later_year=later,
        later_value=values[later],
        reason=f"no value for the target year {big_t} or any year before it",
        reason_code="no_target_year_value",
        reason_args=args,
    )


def _levelish(case: Case, tv: TargetValue, given: Baseline | None) -> Result:
    """A target on a path from B to G: level, share, ratio, range, maintain and the derived kinds."""
    t, a = case.t, case.actual
    ref = inputs.reference_year(t, tv, case.plan)
    base = inputs.pick_baseline(t, given, case.values, ref, case.year)
    g = inputs.goal(t.kind, tv, base, case.big_t)
    base_fields = _base_fields(case, base, ref)
    if g is None:
        verdict = rules.Verdict(Status.not_assessable, "no_base_value")
        return case.finish(verdict, path=Path.none, reason_args={"base_year": ref}, **base_fields)
    held, beyond = rules.holds(t.comparator, t.direction, a, g, case.tolerance())
    if beyond:
        case.notes.append(f"beyond the 左右 band (±{case.tolerance() * 100:.0f}%) in the better direction")
    if t.kind is Kind.maintain:
        start = case.plan.period.start
        before = [case.holds(v, g) for y, v in case.values.items() if start <= y < case.year]
        kept = rules.maintain(
            held, rules.maintain_met_before(before), case.year, case.big_t, case.report_year
        )
        if kept is not None:
            return case.finish(kept, g, path=Path.none, gap=g - a, target_high=tv.value_high, **base_fields)
        case.notes.append("not yet reached: the floor has not been met in the data; judged toward it")
    b = base[1] if base is not None else None
    path, why_linear = inputs.path_for(t, b, g, a)
    if why_linear:
        case.notes.append(why_linear)
    open_ = not held and case.year < case.big_t and case.report_year <= case.big_t
    q: dict[str, Any] = {"gap": g - a, **quantities.required(path, case.year, case.big_t, a, g, open_)}
    derived = t.kind in inputs.DERIVED
    reason = rules.why_no_schedule(base is not None, base[0] if base else None, case.year, g == b, derived)
    if reason is None and base is not None:
        percent, non_negative = inputs.is_percent(t), _non_negative(case, base[1], g)
        q.update(quantities.on_path(path, base[:2], case.year, case.big_t, a, g, percent, non_negative))
    verdict = rules.level(
        held, case.year, case.big_t, case.report_year, q.get("schedule_ratio"), reason, case.binding, case.th
    )
    return case.finish(verdict, g, path=path, target_high=tv.value_high, **base_fields, **q)


def _base_fields(case: Case, base: tuple[int, Decimal, str] | None, ref: int) -> dict[str, Any]:
    if base is None:
        return {"baseline": None, "baseline_year": None, "baseline_from": None}
    year, value, source = base
    if source == "data":
        case.notes.append(f"the plan gives no baseline; the actual of {year} is used")
    elif source == "data_earliest":
        case.notes.append(
            f"the plan gives no baseline and the data has no value for {ref}; "
            f"the earliest value, of {year}, is used"
        )
    return {"baseline": value, "baseline_year": year, "baseline_from": source}


def _non_negative(case: Case, b: Decimal, g: Decimal) -> bool:
    """METHOD 2: an amount or count never projects below 0 when B, G and every value are >= 0."""
    if not inputs.is_amount(case.t.unit) or b < 0 or g < 0:
        return False
    return all(v >= 0 for y, v in case.values.items() if y <= case.year)


def _cumulative(case: Case, tv: TargetValue, given: Baseline | None) -> Result:
    """cum_sum: the flows of the window up to the judged year against X (METHOD 1, 2, 4)."""
    t = case.t
    assert tv.value is not None
    start, end = (
        (t.cumulative.start, t.cumulative.end) if t.cumulative else (case.plan.period.start, case.big_t)
    )
    x = tv.value
    flows = [case.values.get(y) for y in range(start, case.year + 1)]
    missing = [y for y in range(start, case.year + 1) if y not in case.values]
    s = sum((v for v in flows if v is not None), ZERO)
    held = case.holds(s, x)
    open_ = not held and case.report_year <= case.big_t
    non_negative = inputs.is_amount(t.unit) and x >= 0 and all(v is None or v >= 0 for v in flows)
    if missing or case.year < start:
        q: dict[str, Any] = {"cumulative_sum": s, "gap": x - s}
    else:
        q = quantities.cumulative(s, x, start - 1, case.year, case.big_t, open_, non_negative)
    pp = t.previous_period
    if pp is not None:
        case.notes.append(
            f"previous period {pp.years}: {pp.value.normalize():f} (reported only, not a starting level)"
        )
    verdict = rules.cumulative(
        held, bool(missing), case.year < start, case.year, case.big_t, case.report_year,
        q.get("schedule_ratio"), case.binding, case.th,
    )  # fmt: skip
    args = {"start": start, "end": end, "years": "、".join(str(y) for y in missing)}
    return case.finish(
        verdict,
        x,
        path=Path.cumulative,
        baseline=given.value if given else None,  # the annual value of b, shown, never summed
        baseline_year=given.year if given else None,
        previous_value=pp.value if pp else None,
        previous_years=pp.years if pp else None,
        reason_args=args,
        **q,
    )


def _direction(case: Case, given: Baseline | None) -> Result:
    """稳步提升 (no number): METHOD 3.1, direction."""
    points = {y: v for y, v in case.values.items() if y <= case.year}
    if given is not None:
        points.setdefault(given.year, given.value)
    earlier = sorted(y for y in points if y < case.year)
    previous = points[earlier[-1]] if earlier else None
    b0 = inputs.plan_base_year(case.plan)
    if given is not None:
        reference: Decimal | None = given.value
    elif b0 in points:
        reference = points[b0]
    else:
        after = [y for y in earlier if y > b0]
        reference = points[after[0]] if after else None
    if previous is not None:
        case.notes.append(f"change since {earlier[-1]}: {(case.actual - previous).normalize():f}")
    higher = case.t.direction is Direction.higher
    verdict = rules.direction(
        case.actual, previous, reference, higher, case.year, case.big_t, case.report_year
    )
    return case.finish(verdict, path=Path.none, baseline=reference)


def _rate(case: Case, tv: TargetValue) -> Result:
    """A yearly rate (增长6%左右 each year): the chained average over the plan period so far."""
    assert tv.value is not None
    start = case.plan.period.start
    rates = [case.values[y] for y in sorted(case.values) if start <= y <= case.year]
    average = rules.chained_rate(rates)
    met = None
    if average is not None:
        met = rules.rate_holds(case.t.comparator, case.t.direction, average, tv.value, case.tolerance())
    verdict = rules.rate(met, case.year, case.big_t, case.report_year)
    return case.finish(
        verdict, tv.value, path=Path.none, gap=tv.value - case.actual, observed_annual_growth=average
    )


def _ordinal(case: Case, tv: TargetValue) -> Result:
    """rank (1 = best) and class (IV类 = 4): the comparator only (METHOD 3.1)."""
    assert tv.value is not None
    held = case.holds(case.actual, tv.value)
    verdict = rules.ordinal(held, case.year, case.big_t, case.report_year)
    return case.finish(verdict, tv.value, path=Path.none, gap=tv.value - case.actual)


def _rule(t: Target) -> str | None:
    tv = t.target
    if t.kind is Kind.multiple and tv.factor is not None:
        return f"x{tv.factor.normalize():f}"
    if t.kind is Kind.change_by and tv.change_pct is not None:
        return f"{tv.change_pct.normalize():+f}%"
    if t.kind is Kind.pp_change and tv.change_pp is not None:
        return f"{tv.change_pp.normalize():+f}pp"
    if t.kind is Kind.avg_growth and tv.growth_pct is not None:
        return f"{tv.growth_pct.normalize():+f}%/yr"
    if t.kind is Kind.direction:
        return "up" if t.direction is Direction.higher else "down"
    return None
