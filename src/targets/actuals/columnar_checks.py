"""The checks that send a whole input back to the row reader (actuals/columnar.py): a key given
twice, a value the plausibility audit (actuals/audit.py) might question."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from targets.models import Catalog, Kind

if TYPE_CHECKING:
    import numpy as np

Columns = Any  # actuals.columnar.Columns (imported there; not here, to keep imports one way)

_NO_MAGNITUDE = {Kind.direction, Kind.rate, Kind.ratio}
_NEAR = 1e-9  # a ratio this close to the audit's factor is left to the exact audit


class Refused(Exception):
    """This input is for the row reader; the text says why (shown with TARGETS_DEBUG=1)."""


def no_duplicates(cols: Columns) -> None:
    same = (cols.s[1:] == cols.s[:-1]) & (cols.r[1:] == cols.r[:-1]) & (cols.y[1:] == cols.y[:-1])
    if same.any():
        raise Refused("a (series, region, year) given twice")


def audit_clean(cols: Columns, catalog: Catalog) -> None:
    """Refused when the plausibility audit (actuals/audit.py) might find anything: shares above
    100, a jump of 1000 times between reported years, a first value 1000 times the plan's."""
    import numpy as np

    from targets.actuals.audit import reference as _reference

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
        reported = ~np.isnan(cols.v[lo:hi])  # a missing mark is no reported year
        v, r = cols.v[lo:hi][reported], cols.r[lo:hi][reported]
        if t.unit == "%" and any(x.kind is Kind.share for _, x in got) and _outside_0_100(cols, key, v):
            raise Refused(f"{key}: a share outside 0-100")
        if t.unit in (None, "%") or t.kind in _NO_MAGNITUDE:
            continue
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


def _outside_0_100(cols: Columns, key: str, v: np.ndarray) -> bool:
    """A share below 0 or above 100; the exact value decides for rows whose float is not it."""
    if ((v > 100) | (v < 0)).any():
        return True
    sid = cols.series.index(key)
    return any(not 0 <= d <= 100 for (s, _, _), d in cols.decimals.items() if s == sid)
