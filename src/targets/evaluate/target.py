"""One target for one region: picks what METHOD.md judges (inputs), applies its rule (rules) and
fills in the quantities (quantities). Pure; every number is a Decimal."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from targets.evaluate import inputs, kinds, rules
from targets.evaluate.case import Case
from targets.evaluate.inputs import Values
from targets.evaluate.maths import Series, Thresholds
from targets.evaluate.reasons import reason_text
from targets.models import (
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
    values = inputs.observed(series, as_of)
    if not values:
        return _no_data(t, common, region, as_of)
    report_year = as_of if as_of is not None else max(values)
    big_t = inputs.target_year(t, plan, max(y for y in values if y <= report_year))
    judged = inputs.judged_year(values, big_t, report_year)
    scoped = inputs.regional(plan, t, region)
    if judged is None:
        return _nothing_by_target_year(plan, t, values, big_t, {**common, "region": region}, scoped, th)
    case = Case(plan, t, values, report_year, big_t, judged, th, common, region)
    if judged < min(report_year, big_t):
        case.notes.append(f"no value for {min(report_year, big_t)}; the latest year, {judged}, is used")
    if scoped is None:
        verdict = rules.Verdict(Status.not_assessable, "region_needs_target")
        return case.finish(verdict, path=inputs.nominal_path(t), reason_args={"scope": plan.scope})
    given, tv = scoped
    if t.kind is Kind.cum_sum:
        return kinds.cumulative(case, tv, given)
    if t.kind is Kind.direction:
        return kinds.direction(case, given)
    if t.kind is Kind.rate:
        return kinds.rate(case, tv)
    if t.kind in _ORDINAL:
        return kinds.ordinal(case, tv)
    return kinds.levelish(case, tv, given)


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


@lru_cache(maxsize=64)
def _no_data_reason(as_of: int | None) -> tuple[str | None, dict[str, Any]]:
    """The reason of every no_data result of a report, built once."""
    upto = (f" up to {as_of}", f"截至{as_of}年") if as_of is not None else ("", "")
    args = {"upto": upto[0], "upto_zh": upto[1]}
    return reason_text("no_data", args), args


def _no_data(t: Target, common: dict[str, Any], region: str | None, as_of: int | None) -> Result:
    """METHOD 3.1 step 1: no actual for the indicator up to the report year."""
    text, args = _no_data_reason(as_of)
    path = inputs.nominal_path(t)
    return Result(
        **common,
        region=region,
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
        reason=text,
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
    args = {"target_year": big_t}
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
        reason=reason_text("no_value_up_to_target_year", args),
        reason_code="no_value_up_to_target_year",
        reason_args=args,
    )


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
