"""What the row reader would say about rows the columnar reader takes (actuals/columnar.py):
the year-outside-period warnings, made by the row reader's own code; and the checks that send a
whole input back to the row reader: a key given twice, a value the plausibility audit
(actuals/audit.py) might question."""

from __future__ import annotations

from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

from targets.actuals.resolve import Resolver
from targets.errors import Problem
from targets.models import Catalog, Kind

if TYPE_CHECKING:
    import numpy as np

Columns = Any  # actuals.columnar.Columns (imported there; not here, to keep imports one way)

_NO_MAGNITUDE = {Kind.direction, Kind.rate, Kind.ratio}
_NEAR = 1e-9  # a ratio this close to the audit's factor is left to the exact audit


class Refused(Exception):
    """This input is for the row reader; the text says why (shown with TARGETS_DEBUG=1)."""


def outside_warnings(
    path: FsPath, header: list[str], res: Resolver, s: np.ndarray, years: np.ndarray
) -> list[Problem]:
    """The year-outside-period warnings the row reader gives this file: the same messages, made
    by its own code, the first MAX_LISTED listed and the rest counted."""
    import numpy as np

    from targets.actuals.rows import TableReader
    from targets.actuals.sink import MAX_LISTED, Sink
    from targets.actuals.store import Actuals

    keys = list(res.series_targets)
    lo = np.array([res.series_years[k][0] for k in keys])
    hi = np.array([res.series_years[k][1] for k in keys])
    rows = np.flatnonzero((years < lo[s]) | (years > hi[s]))
    sink = Sink(str(path))
    sink.cols = {field: i for i, field in enumerate(header)}
    if len(rows):
        reader = TableReader(Actuals(), sink, res, sink.cols, None)
        for i in rows[:MAX_LISTED].tolist():
            reader._outside(i + 2, keys[int(s[i])], int(years[i]), "year")
        if len(rows) > MAX_LISTED:
            sink.count("year-outside-period", len(rows) - MAX_LISTED, "warning")
    return sink.finish()


def no_duplicates(cols: Columns) -> None:
    same = (cols.s[1:] == cols.s[:-1]) & (cols.r[1:] == cols.r[:-1]) & (cols.y[1:] == cols.y[:-1])
    if same.any():
        raise Refused("a (series, region, year) given twice")


def audit_clean(cols: Columns, catalog: Catalog) -> None:
    """Refused when the plausibility audit (actuals/audit.py) might find anything: shares above
    100, a jump of 1000 times between reported years, a first value 1000 times the plan's."""
    import numpy as np

    from targets.actuals.audit import _reference

    pairs: dict[str, list[Any]] = {}
    for plan, t in catalog.iter_targets():
        pairs.setdefault(t.series_key, []).append((plan, t))
    big, small = 1000 * (1 - _NEAR), (1 + _NEAR) / 1000
    scopes = {plan.scope for plan in catalog.plans}
    scoped = np.array([g is None or g in scopes for g in cols.regions], dtype=bool)
    for key, (lo, hi) in cols.spans.items():
        got = pairs.get(key)
        if not got:
            continue
        t = got[0][1]
        v = cols.v[lo:hi]
        if t.unit == "%" and any(x.kind is Kind.share for _, x in got) and (v > 100).any():
            raise Refused(f"{key}: a share above 100")
        if t.unit in (None, "%") or t.kind in _NO_MAGNITUDE:
            continue
        r = cols.r[lo:hi]
        same = r[1:] == r[:-1]
        prev, now = v[:-1], v[1:]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where((prev > 0) & (now > 0), now / prev, 1.0)
        if (same & ((ratio >= big) | (ratio <= small))).any():
            raise Refused(f"{key}: a jump the audit would question")
        firsts = np.flatnonzero(np.r_[True, ~same])
        for i in firsts[scoped[r[firsts]]].tolist():
            region = cols.regions[int(r[i])]
            ref = _reference(got, region)
            if ref is None or v[i] <= 0:
                continue
            q = float(v[i]) / float(ref[1])
            if q >= big or q <= small:
                raise Refused(f"{key}: a first value the audit would compare with the plan")
