"""Catalog checks pydantic cannot express: unique ids, kind/field agreement, years, directions."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from targets.catalog.paths import Path, fmt_path
from targets.errors import Problem
from targets.models import Catalog, Comparator, Direction, Kind, Plan, Target

if TYPE_CHECKING:
    from targets.catalog.yamlnodes import YamlDocument

_VALUE_KINDS = {
    Kind.level,
    Kind.share,
    Kind.ratio,
    Kind.maintain,
    Kind.rate,
    Kind.cum_sum,
    Kind.rank,
    Kind.class_,
}
_KIND_FIELDS: dict[Kind, set[str]] = {
    **{k: {"value"} for k in _VALUE_KINDS},
    Kind.range: {"value", "value_high"},
    Kind.multiple: {"factor"},
    Kind.change_by: {"change_pct"},
    Kind.avg_growth: {"growth_pct"},
    Kind.pp_change: {"change_pp"},
    Kind.direction: set(),
}
# Fields a kind may carry besides its required ones (a computed value noted by the plan).
_KIND_OPTIONAL: dict[Kind, set[str]] = {
    Kind.level: {"change_pct"},  # a change the plan prints beside the level (checked, not used)
    Kind.multiple: {"value", "base_year"},
    Kind.change_by: {"value", "base_year"},
    Kind.avg_growth: {"value", "base_year"},
    Kind.pp_change: {"value", "base_year"},
}
_NUMERIC_FIELDS = ("value", "value_high", "factor", "change_pct", "growth_pct", "change_pp")
# Units that are themselves the "%" of a change_by (下降20%): the indicator's own unit belongs there.
_CHANGE_UNITS = {"%", "％", "百分比"}
# Problems that are reported but do not stop a check: the reviewer decides.
_WARNINGS = {"change-unit", "bracket-baseline", "region-scope"}


def check_semantics(catalog: Catalog, doc: YamlDocument | None) -> list[Problem]:
    """Checks pydantic cannot express: unique ids, kind/field agreement, years, directions."""
    problems: list[Problem] = []
    source = catalog.source

    def add(loc: Path, code: str, message: str, severity: str = "error") -> None:
        line = doc.line_of(loc) if doc else None
        problems.append(
            Problem(
                file=source,
                line=line,
                column=fmt_path(doc, loc),
                code=code,
                message=message,
                severity="warning" if severity == "warning" else "error",
            )
        )

    plan_ids: dict[str, int] = {}
    target_ids: dict[str, Path] = {}
    series_units: dict[str, tuple[str | None, Path]] = {}
    for pi, plan in enumerate(catalog.plans):
        ploc: Path = ("plans", pi)
        if plan.id in plan_ids:
            add((*ploc, "id"), "duplicate-id", f"plan id {plan.id!r} is used twice")
        plan_ids[plan.id] = pi
        if plan.period.start > plan.period.end:
            add((*ploc, "period"), "bad-period", "period.start is after period.end")
        for ti, t in enumerate(plan.targets):
            tloc: Path = (*ploc, "targets", ti)
            if t.id in target_ids:
                first = doc.line_of(target_ids[t.id]) if doc else None
                add(
                    (*tloc, "id"),
                    "duplicate-id",
                    f"target id {t.id!r} is used twice (first at line {first})",
                )
            else:
                target_ids[t.id] = (*tloc, "id")
            if not t.id.startswith(plan.id + "."):
                add(
                    (*tloc, "id"),
                    "id-prefix",
                    f"target id must start with the plan id {plan.id + '.'!r}",
                )
            unit_of = series_units.setdefault(t.series_key, (t.unit, (*tloc, "unit")))
            if unit_of[0] != t.unit:
                first = doc.line_of(unit_of[1]) if doc else None
                add(
                    (*tloc, "unit"),
                    "series-unit",
                    f"series {t.series_key!r} is in {unit_of[0]!r} at line {first} but in {t.unit!r} here; "
                    "targets sharing a series must share a unit",
                )
            if t.draft is not None and t.draft.review:
                add(
                    (*tloc, "draft", "review"),
                    "draft-unreviewed",
                    f"{t.id}: unreviewed draft fields {', '.join(t.draft.review)}; check them against the "
                    "plan text, then remove them from draft.review",
                    severity="warning",
                )
            problems_for = _check_target(plan, t)
            for rel, code, message in problems_for:
                add((*tloc, *rel), code, message, "warning" if code in _WARNINGS else "error")
    return problems


def _check_target(plan: Plan, t: Target) -> Iterable[tuple[Path, str, str]]:
    tv = t.target
    present = {f for f in _NUMERIC_FIELDS if getattr(tv, f) is not None}
    required = _KIND_FIELDS[t.kind]
    allowed = required | _KIND_OPTIONAL.get(t.kind, set())
    for f in sorted(required - present):
        yield ("target",), "kind-field", f"kind {t.kind.value} needs target.{f}"
    for f in sorted(present - allowed):
        yield ("target", f), "kind-field", f"target.{f} does not apply to kind {t.kind.value}"
    if (t.kind is Kind.range) != (t.comparator is Comparator.range):
        yield (
            ("comparator",),
            "kind-comparator",
            (
                f"comparator {t.comparator.value} does not fit kind {t.kind.value} "
                "(kind range goes with comparator range)"
            ),
        )
    if t.tolerance is not None and t.comparator is not Comparator.approx:
        yield ("tolerance",), "kind-comparator", "tolerance applies only to comparator approx"
    if t.tolerance is not None and not Decimal(0) < t.tolerance < Decimal(1):
        yield ("tolerance",), "bad-value", f"expected a fraction between 0 and 1, got {t.tolerance}"
    if (
        t.kind is Kind.range
        and tv.value is not None
        and tv.value_high is not None
        and tv.value >= tv.value_high
    ):
        yield ("target", "value_high"), "bad-range", "value_high must be above value"
    share = t.kind is Kind.share and t.unit == "%" and tv.value is not None
    if share and tv.value is not None and not Decimal(0) <= tv.value <= Decimal(100):
        yield ("target", "value"), "bad-value", f"a share must lie in 0..100, got {tv.value}"
    if t.kind in (Kind.multiple,) and tv.factor is not None and tv.factor <= 0:
        yield ("target", "factor"), "bad-value", f"factor must be positive, got {tv.factor}"
    pct = tv.change_pct
    if t.kind is Kind.change_by and pct is not None and (pct < 0) != (t.direction is Direction.lower):
        yield (
            ("direction",),
            "direction-mismatch",
            (f"change_pct {tv.change_pct} and direction {t.direction.value} disagree"),
        )
    if t.kind is Kind.cum_sum and t.cumulative is None:
        yield ("cumulative",), "kind-field", "kind cum_sum needs cumulative: {start, end}"
    if t.cumulative is not None and t.kind is not Kind.cum_sum:
        yield ("cumulative",), "kind-field", "cumulative applies only to kind cum_sum"
    yield from _check_new_kinds(t)
    yield from _check_years(plan, t)
    yield from _check_direction(t)
    yield from _check_regions(plan, t)


def _check_new_kinds(t: Target) -> Iterable[tuple[Path, str, str]]:
    """METHOD.md revision 2: change_by in the indicator's unit, a bracketed baseline, rank and class."""
    tv = t.target
    if t.kind is Kind.change_by and t.unit in _CHANGE_UNITS:
        yield (
            ("unit",),
            "change-unit",
            f"kind change_by takes the indicator's own unit (元, 吨标准煤/万元), not the {t.unit!r} of the "
            "change; write the change as target.change_pct",
        )
    prev = t.previous_period
    if (
        t.kind is Kind.cum_sum
        and t.baseline is not None
        and prev is not None
        and t.baseline.value == prev.value
    ):
        yield (
            ("baseline",),
            "bracket-baseline",
            f"the plan prints [{prev.value}] as the {prev.years} total, and baseline records "
            f"{t.baseline.value} as the {t.baseline.year} annual value: check which reading the source "
            "supports (the annual value is shown, never summed)",
        )
    if t.kind in (Kind.rank, Kind.class_) and tv.value is not None and tv.value < 1:
        yield ("target", "value"), "bad-value", f"a {t.kind.value} is 1 or more (1 = best), got {tv.value}"
    if t.kind is Kind.rank and t.comparator is not Comparator.at_most:
        yield ("comparator",), "kind-comparator", "kind rank goes with comparator at_most (1 = best)"


def _check_regions(plan: Plan, t: Target) -> Iterable[tuple[Path, str, str]]:
    """`regions:` entries carry the same target fields as the target itself, for the same year."""
    required = _KIND_FIELDS[t.kind]
    allowed = required | _KIND_OPTIONAL.get(t.kind, set())
    for name, own in t.regions.items():
        loc: Path = ("regions", name)
        if not name.strip():
            yield loc, "bad-value", "a region name must not be blank"
        if name == plan.scope:
            yield loc, "region-scope", f"{name} is the plan's own scope: its values are the target's own"
        if t.kind is Kind.direction:
            yield loc, "kind-field", "a direction target has no values to give per region"
        present = {f for f in _NUMERIC_FIELDS if getattr(own.target, f) is not None}
        for f in sorted(required - present):
            yield (*loc, "target"), "kind-field", f"kind {t.kind.value} needs target.{f} for region {name}"
        for f in sorted(present - allowed):
            yield (*loc, "target", f), "kind-field", f"target.{f} does not apply to kind {t.kind.value}"
        if own.target.year != t.target.year:
            yield (
                (*loc, "target", "year"),
                "bad-year",
                f"region {name}: target year {own.target.year} differs from the target's {t.target.year}",
            )
        if own.baseline is not None and t.target.year != "annual" and own.baseline.year >= t.target.year:
            yield (
                (*loc, "baseline", "year"),
                "bad-year",
                f"baseline year {own.baseline.year} is not before the target year {t.target.year}",
            )


def _check_years(plan: Plan, t: Target) -> Iterable[tuple[Path, str, str]]:
    start, end = plan.period.start, plan.period.end
    year = t.target.year
    if year != "annual" and not start <= year <= end:
        yield (
            ("target", "year"),
            "year-outside-period",
            (f"target year {year} is outside the plan period {start}-{end}"),
        )
    if t.baseline is not None and year != "annual" and t.baseline.year >= year:
        yield (
            ("baseline", "year"),
            "bad-year",
            (f"baseline year {t.baseline.year} is not before the target year {year}"),
        )
    if t.cumulative is not None:
        c = t.cumulative
        if c.start > c.end or year not in ("annual", c.end):
            yield (
                ("cumulative",),
                "bad-window",
                (f"cumulative window {c.start}-{c.end} must end in the target year {year}"),
            )


def _check_direction(t: Target) -> Iterable[tuple[Path, str, str]]:
    if t.baseline is None or t.target.value is None:
        return
    if t.kind not in (Kind.level, Kind.share, Kind.ratio, Kind.range):
        return
    b, g = t.baseline.value, t.target.value
    if (g > b and t.direction is Direction.lower) or (g < b and t.direction is Direction.higher):
        yield (
            ("direction",),
            "direction-mismatch",
            (f"direction {t.direction.value} disagrees with baseline {b} -> target {g}"),
        )
    if t.comparator is Comparator.at_most and t.direction is Direction.higher:
        yield ("comparator",), "direction-mismatch", "comparator at_most with direction higher"
    if t.comparator is Comparator.at_least and t.direction is Direction.lower:
        yield ("comparator",), "direction-mismatch", "comparator at_least with direction lower"
