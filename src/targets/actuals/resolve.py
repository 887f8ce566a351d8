"""Which catalog series a cell names: by id, series key or the indicator's printed name.

A printed name can belong to several plans (外贸进出口总额 is tracked by the plans of two
districts). Such a name is resolved with the plan scope before it is called ambiguous: the
row's region when it equals a plan's scope (重庆高新区), else the plans chosen with --plan. Every
reader of actuals (CSV, spreadsheets) resolves through this one class."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field

from targets.models import Catalog, Target


@dataclass
class Resolver:
    """Maps what a CSV writes in its indicator column to a catalog series."""

    catalog: Catalog
    plans: tuple[str, ...] = ()  # the plans chosen with --plan: they decide an ambiguous name
    by_key: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, set[str]] = field(default_factory=dict)
    series_targets: dict[str, list[Target]] = field(default_factory=dict)
    series_years: dict[str, tuple[int, int]] = field(default_factory=dict)
    series_periods: dict[str, set[tuple[int, int]]] = field(default_factory=dict)  # for messages
    series_plans: dict[str, set[str]] = field(default_factory=dict)
    series_scopes: dict[str, set[str]] = field(default_factory=dict)
    memo: dict[str, str] = field(default_factory=dict)  # spellings that need no scope
    scoped: dict[tuple[str, str | None], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for plan, t in self.catalog.iter_targets():
            key = t.series_key
            self.series_targets.setdefault(key, []).append(t)
            self.series_plans.setdefault(key, set()).add(plan.id)
            self.series_scopes.setdefault(key, set()).add(plan.scope)
            self.by_key[key] = key
            self.by_key[t.id] = key
            self.by_name.setdefault(_norm_name(t.name), set()).add(key)
            lo = plan.base_year if plan.base_year is not None else plan.period.start - 1
            if t.baseline is not None:
                lo = min(lo, t.baseline.year)
            if t.target.base_year is not None:
                lo = min(lo, t.target.base_year)
            self.series_periods.setdefault(key, set()).add((plan.period.start, plan.period.end))
            old = self.series_years.get(key, (lo, plan.period.end))
            self.series_years[key] = (min(old[0], lo), max(old[1], plan.period.end))

    def resolve(self, text: str, region: str | None = None) -> tuple[str | None, str | None]:
        """-> (series, None) or (None, error message). `region` is the row's region cell."""
        hit = self.memo.get(text)
        if hit is not None:
            return hit, None
        scoped = self.scoped.get((text, region))
        if scoped is not None:
            return scoped, None
        series, err, needs_scope = self._resolve(text, region)
        if series is not None:
            # a file repeats a few dozen spellings a million times
            if needs_scope:
                self.scoped[(text, region)] = series
            else:
                self.memo[text] = series
        return series, err

    def _resolve(self, text: str, region: str | None) -> tuple[str | None, str | None, bool]:
        key = text.strip()
        if key in self.by_key:
            return self.by_key[key], None, False
        keys = self.by_name.get(_norm_name(key))
        if keys and len(keys) == 1:
            return next(iter(keys)), None, False
        if keys:
            narrowed = self._narrow(keys, region)
            if len(narrowed) == 1:
                return narrowed[0], None, True
            return None, self._ambiguous(key, sorted(narrowed or keys)), False
        pool = list(
            dict.fromkeys([*self.by_key, *(t.name for ts in self.series_targets.values() for t in ts)])
        )
        close = difflib.get_close_matches(key, pool, n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        return None, f"unknown indicator {key!r}{hint}", False

    def is_name(self, text: str) -> bool:
        """Whether `text` is the printed name of one or more catalog series."""
        return _norm_name(text.strip()) in self.by_name

    def _narrow(self, keys: set[str], region: str | None) -> list[str]:
        """The series of `keys` that the row's region (as a plan scope), then --plan, select."""
        pool = sorted(keys)
        if region and region.strip():
            scope = _norm_name(region.strip())
            by_scope = [k for k in pool if scope in {_norm_name(s) for s in self.series_scopes[k]}]
            if by_scope:
                pool = by_scope
        if len(pool) > 1 and self.plans:
            by_plan = [k for k in pool if self.series_plans[k] & set(self.plans)]
            if by_plan:
                pool = by_plan
        return pool

    def _ambiguous(self, key: str, keys: list[str]) -> str:
        scopes = sorted({s for k in keys for s in self.series_scopes[k]})
        plans = sorted({p for k in keys for p in self.series_plans[k]})
        return (
            f"indicator name {key!r} is ambiguous; use one of the ids: {', '.join(keys)}, "
            f"or give the plan scope in a region column ({' or '.join(scopes)}) "
            f"or --plan ({', '.join(plans)})"
        )


def _norm_name(name: str) -> str:
    return unicodedata.normalize("NFKC", name).replace(" ", "").replace("“", '"').replace("”", '"')
