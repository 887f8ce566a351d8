"""Which catalog series a cell names: by id, series key or the indicator's printed name."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field

from targets.models import Catalog, Target


@dataclass
class Resolver:
    """Maps what a CSV writes in its indicator column to a catalog series."""

    catalog: Catalog
    by_key: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, set[str]] = field(default_factory=dict)
    series_targets: dict[str, list[Target]] = field(default_factory=dict)
    series_years: dict[str, tuple[int, int]] = field(default_factory=dict)
    series_periods: dict[str, set[tuple[int, int]]] = field(
        default_factory=dict
    )  # plan periods, for messages
    memo: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for plan, t in self.catalog.iter_targets():
            key = t.series_key
            self.series_targets.setdefault(key, []).append(t)
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

    def resolve(self, text: str) -> tuple[str | None, str | None]:
        """-> (series, None) or (None, error message)."""
        hit = self.memo.get(text)
        if hit is not None:
            return hit, None
        series, err = self._resolve(text)
        if series is not None:
            self.memo[text] = series  # a file repeats a few dozen spellings a million times
        return series, err

    def _resolve(self, text: str) -> tuple[str | None, str | None]:
        key = text.strip()
        if key in self.by_key:
            return self.by_key[key], None
        keys = self.by_name.get(_norm_name(key))
        if keys and len(keys) == 1:
            return next(iter(keys)), None
        if keys:
            listed = ", ".join(sorted(keys))
            return None, f"indicator name {key!r} is ambiguous; use one of the ids: {listed}"
        pool = list(
            dict.fromkeys([*self.by_key, *(t.name for ts in self.series_targets.values() for t in ts)])
        )
        close = difflib.get_close_matches(key, pool, n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        return None, f"unknown indicator {key!r}{hint}"


def _norm_name(name: str) -> str:
    return unicodedata.normalize("NFKC", name).replace(" ", "").replace("“", '"').replace("”", '"')
