"""Pure evaluation: catalog + observations + report year -> Report (METHOD.md, sections 2-4)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal, localcontext
from typing import Any, Protocol

from targets.actuals.store import Actuals
from targets.errors import Problem
from targets.evaluate.maths import ONE, Thresholds, root
from targets.evaluate.target import evaluate_target
from targets.models import Attribute, Catalog, Observation, Report, Result, Status, Summary

Where = dict[int, tuple[str | None, int | None]]


class Grouped(Protocol):
    """What evaluation reads: the observations of one series, region by region (no region
    first, then by region name), as {year: value} and {year: (file, line)}. The in-memory
    store and the DuckDB engine both give it."""

    latest_year: int | None  # the latest year with a value: the default report year

    def series_groups(self, series: str) -> Iterable[tuple[str | None, dict[int, Decimal | None], Where]]: ...


__all__ = [
    "ONE",
    "SEVERITY",
    "Summarizer",
    "Thresholds",
    "evaluate",
    "evaluate_target",
    "fails",
    "iter_results",
    "root",
    "summarize",
]

# Severity order used by --fail-on: a status fails when it is at or past the threshold.
SEVERITY = [
    Status.achieved,
    Status.ahead,
    Status.on_track,
    Status.behind,
    Status.far_behind,
    Status.moving_away,
    Status.fallen_back,
    Status.missed,
]


def evaluate(
    catalog: Catalog,
    observations: Actuals | Iterable[Observation],
    as_of: int | None = None,
    *,
    plan_id: str | None = None,
    problems: list[Problem] | None = None,
    thresholds: Thresholds | None = None,
) -> Report:
    """Evaluate every target of the catalog (or of one plan) against the observations."""
    actuals = Actuals.of(observations)
    if as_of is None:
        as_of = actuals.latest_year
    results = list(iter_results(catalog, actuals, as_of, plan_id=plan_id, thresholds=thresholds))
    return Report(
        as_of=as_of,
        results=results,
        problems=list(problems or []),
        summary=summarize(results),
    )


def iter_results(
    catalog: Catalog,
    actuals: Grouped,
    as_of: int | None,
    *,
    plan_id: str | None = None,
    thresholds: Thresholds | None = None,
) -> Iterator[Result]:
    """The results one by one, in catalog order and, within a target, by region: a national
    roll-up streams them to the report instead of holding hundreds of thousands."""
    th = thresholds or Thresholds()
    # what every region's result of a target shares, built once per target
    shared: dict[int, dict[str, Any]] = {}
    with localcontext() as ctx:
        ctx.prec = 28
        for plan, target in catalog.iter_targets():
            if plan_id is not None and plan.id != plan_id:
                continue
            # A region is evaluated for the series it reports; a target nobody reports is
            # one no_data row rather than one per region.
            empty = True
            for region, values, where in actuals.series_groups(target.series_key):
                empty = False
                result = evaluate_target(plan, target, values, as_of, region, th, shared)
                if result.year is not None:
                    result.file, result.line = where.get(result.year, (None, None))
                yield result
            if empty:
                yield evaluate_target(plan, target, {}, as_of, None, th, shared)


_VALUE = {s: s.value for s in Status}  # a dict lookup is cheaper than Enum's value descriptor


class Summarizer:
    """Counts results as they stream past; `summary()` gives what `summarize` gives."""

    def __init__(self) -> None:
        self.by_status: Counter[str] = Counter()
        self.by_plan: dict[str, Counter[str]] = {}
        self.binding: list[dict[str, str]] = []
        self.no_data: list[str] = []
        self.by_region: dict[str, Counter[str]] = {}
        self.region_grid: Any = None  # region x status counts of the columnar path
        self.region_names: list[str | None] = []

    def add(self, r: Result) -> None:
        status = _VALUE[r.status]
        self.by_status[status] += 1
        plan = self.by_plan.get(r.plan)
        if plan is None:
            plan = self.by_plan[r.plan] = Counter()
        plan[status] += 1
        if r.region is not None:
            self.by_region.setdefault(r.region, Counter())[status] += 1
        if r.attribute is Attribute.binding:
            self.binding.append({"id": r.id, "name": r.name, "status": status, "region": r.region or ""})
        if r.status is Status.no_data:
            self.no_data.append(r.id)

    def add_array(self, plan: str, target: Any, codes: Any, ranks: Any, regions: list[str | None]) -> None:
        """What `add` counts, for results given as arrays (the columnar path): `codes` index
        `list(Status)` (never no_data), `ranks` index `regions`, the names of every region."""
        import numpy as np

        statuses = list(Status)
        counts = np.bincount(codes, minlength=len(statuses)).tolist()
        by_plan = self.by_plan.get(plan)
        if by_plan is None:
            by_plan = self.by_plan[plan] = Counter()
        for status, n in zip(statuses, counts, strict=True):
            if n:
                self.by_status[status.value] += n
                by_plan[status.value] += n
        if self.region_grid is None:
            self.region_grid = np.zeros((len(regions), len(statuses)), dtype=np.int64)
            self.region_names = regions
        np.add.at(self.region_grid, (ranks, codes), 1)
        if target.attribute is Attribute.binding:
            for rank, code in zip(ranks.tolist(), codes.tolist(), strict=True):
                entry = {"id": target.id, "name": target.name, "status": statuses[code].value}
                self.binding.append({**entry, "region": regions[rank] or ""})

    def summary(self) -> Summary:
        order = [s.value for s in Status]
        if self.region_grid is not None:  # the columnar path's counts, folded in once
            for name, row in zip(self.region_names, self.region_grid.tolist(), strict=True):
                if name is not None and any(row):
                    found = self.by_region.setdefault(name, Counter())
                    for status, n in zip(order, row, strict=True):
                        if n:
                            found[status] += n
            self.region_grid = None
        return Summary(
            total=sum(self.by_status.values()),
            by_status={s: self.by_status[s] for s in order if self.by_status[s]},
            by_plan={p: {s: c[s] for s in order if c[s]} for p, c in self.by_plan.items()},
            binding=self.binding,
            no_data=self.no_data,
            by_region={g: {s: c[s] for s in order if c[s]} for g, c in sorted(self.by_region.items())},
        )


def summarize(results: Iterable[Result]) -> Summary:
    acc = Summarizer()
    for r in results:
        acc.add(r)
    return acc.summary()


# ---------------------------------------------------------------- per target


def fails(status: Status, threshold: Status) -> bool:
    """True when `status` is at or past `threshold` in severity (for --fail-on)."""
    if threshold in (Status.no_data, Status.not_assessable):
        return status is threshold
    if status not in SEVERITY:
        return False
    return SEVERITY.index(status) >= SEVERITY.index(threshold)
