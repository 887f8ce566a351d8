"""METHOD.md's rules over arrays, one row per region of a target: kinds.levelish (without
maintain) and kinds.direction, as evaluate/columnar.py applies them. Each function says which
rows it cannot judge safely in floats; those go to the exact path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from targets.evaluate import inputs
from targets.evaluate.arrays import (
    NEAR,
    PATHS,
    REASONS,
    STATUS_CODE,
    Block,
    Grid,
    latest,
    near,
    tolerance,
    value_at,
)
from targets.evaluate.maths import Thresholds
from targets.models import Attribute, Comparator, Direction, Kind, Path, Status, Target

if TYPE_CHECKING:
    import numpy as np


def level(block: Block, grid: Grid, as_of: int, th: Thresholds) -> np.ndarray:
    """METHOD 3.1 for a target on a path from B to G (kinds.levelish without maintain)."""
    import numpy as np

    t, d = block.target, block.a
    a, judged, big_t = d["actual"], d["year"], d["big_t"]
    b, b_year, source = _baseline(block, grid, judged)
    g = _goal(t, b, b_year, big_t)
    held, risky = _holds(t, a, g, tolerance(t, th))
    has_base = b_year >= 0
    risky |= np.isnan(g) | (has_base & (near(g, b) | near(a, b)))
    geometric = not (t.kind in inputs._LINEAR or not (t.kind in inputs._GROWTH or inputs.is_amount(t.unit)))
    if geometric:
        risky |= (has_base & (b <= 0)) | (g <= 0) | (a <= 0)  # a guard's note: the exact path
    remaining = big_t - judged
    open_ = ~held & (judged < big_t) & (as_of <= big_t) & (remaining > 0)
    with np.errstate(all="ignore"):
        q = _quantities(block, a, b, g, judged, b_year, big_t, geometric, has_base)
        risky |= q.pop("risky")
        q["gap"] = g - a
        if geometric:
            q["required_annual_growth"] = np.where(open_, np.expm1(np.log(g / a) / remaining), np.nan)
        else:
            q["required_annual_change"] = np.where(open_, (g - a) / remaining, np.nan)
    status, reason, edge = _verdict(t, held, judged, big_t, as_of, q, has_base, b_year, th)
    late, late_risky = _late(t, grid, held, big_t, g, status, reason, tolerance(t, th))
    for k in ("progress", "time_elapsed", "expected_now", "schedule_ratio", "observed_annual_growth",
              "planned_annual_growth", "projected_value"):  # fmt: skip
        if k in q:
            q[k] = np.where(status == STATUS_CODE[Status.not_assessable], np.nan, q[k])
    d.update(q)
    d.update(baseline=b, baseline_year=b_year, baseline_from=source, target=g, status=status, reason=reason)
    d.update(
        path=np.full(len(a), PATHS.index(Path.geometric if geometric else Path.linear)),
        reached_in=late,
        beyond=_beyond(t, a, g, held, th),
    )
    return np.asarray(~(risky | edge | late_risky))


def maintain(block: Block, grid: Grid, as_of: int, th: Thresholds) -> np.ndarray:
    """kinds.levelish for maintain (保持): achieved while the floor holds; 回落 once it held in
    the plan period (or at the baseline) and no longer does; missed or past T as a level. A
    floor never met yet is judged toward it as a level: those rows go to the exact path."""
    import numpy as np

    t, d = block.target, block.a
    a, judged, big_t = d["actual"], d["year"], d["big_t"]
    b, b_year, source = _baseline(block, grid, judged)
    g = _goal(t, b, b_year, big_t)
    tol = tolerance(t, th)
    held, risky = _holds(t, a, g, tol)
    risky |= np.isnan(g)
    met = np.zeros(len(a), dtype=bool)
    start = block.plan.period.start - 1
    for c, year in enumerate(grid.years.tolist()):
        inside = (year >= start) & (year < judged) & ~np.isnan(grid.v[:, c])
        ok, close = _holds(t, grid.v[:, c], g, tol)
        met |= inside & ok
        risky |= inside & close
    ok, close = _holds(t, b, g, tol)
    met |= (b_year >= 0) & ok
    risky |= (b_year >= 0) & close
    code = STATUS_CODE
    status = np.where(as_of > big_t, code[Status.not_assessable], code[Status.fallen_back])
    status = np.where(judged >= big_t, code[Status.missed], status)
    status = np.where(held, code[Status.achieved], status)
    reason = np.where((status == code[Status.not_assessable]), REASONS.index("no_target_year_value"), 0)
    late, late_risky = _late(t, grid, held, big_t, g, status, reason, tol)
    d.update(baseline=b, baseline_year=b_year, baseline_from=source, target=g, status=status, reason=reason)
    d.update(path=np.full(len(a), PATHS.index(Path.none)), reached_in=late, gap=g - a)
    d.update(beyond=_beyond(t, a, g, held, th))
    return np.asarray(~(risky | late_risky | ~(held | met)))


def _baseline(block: Block, grid: Grid, judged: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """inputs.pick_baseline with no plan baseline: the actual of the reference year, else (a
    target stated outright) the earliest after it and before the judged year."""
    import numpy as np

    t, ref, n = block.target, block.ref, len(judged)
    years = grid.years
    has = ~np.isnan(grid.v)
    b_year = np.full(n, -1)
    source = np.zeros(n, dtype=np.int64)
    if years[0] <= ref <= years[-1]:
        at_ref = has[:, ref - years[0]]
        b_year = np.where(at_ref, ref, -1)
        source = np.where(at_ref, 1, 0)
    if t.kind not in inputs.DERIVED:
        later = has & (years[None, :] > ref) & (years[None, :] < judged[:, None])
        first = np.where(later.any(axis=1), years[np.argmax(later, axis=1)], -1)
        use = (b_year < 0) & (first >= 0)
        b_year = np.where(use, first, b_year)
        source = np.where(use, 2, source)
    return value_at(grid, b_year), b_year, source


def _goal(t: Target, b: np.ndarray, b_year: np.ndarray, big_t: np.ndarray) -> np.ndarray:
    """inputs.goal over arrays: G stated outright, or derived from B (NaN: none)."""
    import numpy as np

    tv = t.target
    if t.kind not in inputs.DERIVED:
        return np.full(len(b), float(tv.value) if tv.value is not None else np.nan)
    if t.kind is Kind.multiple and tv.factor is not None:
        return np.asarray(b * float(tv.factor))
    if t.kind is Kind.change_by and tv.change_pct is not None:
        return np.asarray(b * (1 + float(tv.change_pct) / 100))
    if t.kind is Kind.pp_change and tv.change_pp is not None:
        return np.asarray(b + float(tv.change_pp))
    if t.kind is Kind.avg_growth and tv.growth_pct is not None:
        return np.asarray(b * (1 + float(tv.growth_pct) / 100) ** (big_t - b_year))
    return np.full(len(b), np.nan)


def _holds(t: Target, a: np.ndarray, g: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """rules.holds over arrays -> (held, risky: too close to call in floats)."""
    import numpy as np

    higher = t.direction is Direction.higher
    risky = near(a, g)
    if t.comparator in (Comparator.at_least, Comparator.range):
        return a >= g, risky
    if t.comparator is Comparator.at_most:
        return a <= g, risky
    if t.comparator is Comparator.approx:
        band = np.abs(a - g) <= tol * np.abs(g)
        risky |= near(np.abs(a - g), tol * np.abs(g))
        return band | (a > g if higher else a < g), risky
    return (a >= g if higher else a <= g), risky


def _beyond(t: Target, a: np.ndarray, g: np.ndarray, held: np.ndarray, th: Thresholds) -> np.ndarray:
    """Rows beyond a 左右 band in the better direction (they get kinds.levelish's note)."""
    import numpy as np

    if t.comparator is not Comparator.approx:
        return np.zeros(len(a), dtype=bool)
    tol = tolerance(t, th)
    band = np.abs(a - g) <= tol * np.abs(g)
    return np.asarray(held & ~band)


def _quantities(
    block: Block, a: np.ndarray, b: np.ndarray, g: np.ndarray, t_: np.ndarray, b_year: np.ndarray,
    big_t: np.ndarray, geometric: bool, has_base: np.ndarray,
) -> dict[str, np.ndarray]:  # fmt: skip
    """quantities.on_path over arrays, where B is known and b < t (NaN elsewhere); the key
    "risky" marks rows where a value cancels towards 0 (float error would show in it)."""
    import numpy as np

    on = has_base & (t_ > b_year)
    n_el, n_tot, rem = t_ - b_year, big_t - b_year, big_t - t_
    tau = n_el / n_tot
    q = {"time_elapsed": tau, "progress": (a - b) / (g - b)}
    if geometric:
        pace = np.log(a / b) / n_el
        q["observed_annual_growth"] = np.expm1(pace)
        q["planned_annual_growth"] = np.expm1(np.log(g / b) / n_tot)
        q["projected_value"] = a * np.exp(pace * rem)
        rise = b * np.expm1(np.log(g / b) * n_el / n_tot)  # E - B without the subtraction
        expected = b * np.exp(np.log(g / b) * n_el / n_tot)
        cancels = np.zeros(len(a), dtype=bool)
    else:
        step = (a - b) / n_el * rem
        proj = a + step
        rise = tau * (g - b)
        expected = b + rise
        # a sum of terms of opposite signs that lands near 0 keeps their rounding error
        cancels = np.abs(proj) <= NEAR * np.maximum(np.abs(a), np.abs(step))
        cancels |= np.abs(expected) <= NEAR * np.maximum(np.abs(b), np.abs(rise))
        if inputs.is_percent(block.target):
            proj = np.clip(proj, 0, 100)
        elif inputs.is_amount(block.target.unit):
            proj = np.where((b >= 0) & (g >= 0), np.maximum(proj, 0), proj)
        q["projected_value"] = proj
    q["expected_now"] = expected
    q["schedule_ratio"] = (a - b) / rise
    out = {k: np.where(on, v, np.nan) for k, v in q.items()}
    out["risky"] = on & cancels
    return out


def _verdict(
    t: Target, held: np.ndarray, judged: np.ndarray, big_t: np.ndarray, as_of: int, q: dict[str, np.ndarray],
    has_base: np.ndarray, b_year: np.ndarray, th: Thresholds,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """rules.level over arrays -> (status code, reason code or None, risky: q at a band edge)."""
    import numpy as np

    derived = t.kind in inputs.DERIVED
    ratio = q["schedule_ratio"]
    binding = t.attribute is Attribute.binding
    edges = [float(th.ahead), float(th.binding_on_track if binding else th.on_track), float(th.behind)]
    no_q = np.isnan(ratio)
    why = np.where(
        ~has_base,
        REASONS.index("no_base_value" if derived else "no_baseline"),
        REASONS.index("not_after_baseline"),
    )
    bands = [(edges[2], Status.behind), (edges[1], Status.on_track), (edges[0], Status.ahead)]
    status = np.where(ratio >= 0, STATUS_CODE[Status.far_behind], STATUS_CODE[Status.moving_away])
    for edge, st in bands:  # rules.band, from the lowest band up
        status = np.where(ratio >= edge, STATUS_CODE[st], status)
    status = np.where(no_q, STATUS_CODE[Status.not_assessable], status)
    reason = np.where(no_q, why, 0)
    past = as_of > big_t
    status = np.where(past, STATUS_CODE[Status.not_assessable], status)
    reason = np.where(past, REASONS.index("no_target_year_value"), reason)
    done = held | (judged >= big_t)
    status = np.where(judged >= big_t, STATUS_CODE[Status.missed], status)
    status = np.where(held, STATUS_CODE[Status.achieved], status)
    reason = np.where(done, 0, reason)
    open_ = ~held & (judged < big_t) & ~past & ~no_q
    close = np.abs(ratio) < NEAR
    for threshold in edges:
        close |= near(ratio, np.full(len(ratio), threshold))
    edge = open_ & close
    return status, reason, edge


def _late(
    t: Target, grid: Grid, held: np.ndarray, big_t: np.ndarray, g: np.ndarray, status: np.ndarray,
    reason: np.ndarray, tol: float,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """reached_in: for a missed target (or one with no value for T), the first later year that
    meets G; -1 when none. Risky when a later value is too close to G to call."""
    import numpy as np

    n = len(held)
    late = np.full(n, -1)
    risky = np.zeros(n, dtype=bool)
    asks = (status == STATUS_CODE[Status.missed]) | (reason == REASONS.index("no_target_year_value"))
    if not asks.any():
        return late, risky
    for c in range(len(grid.years) - 1, -1, -1):
        year = int(grid.years[c])
        v = grid.v[:, c]
        after = asks & (year > big_t) & ~np.isnan(v)
        meets, close = _holds(t, v, g, tol)
        risky |= after & close
        late = np.where(after & meets, year, late)
    return late, risky


def direction(block: Block, grid: Grid, as_of: int) -> np.ndarray:
    """kinds.direction (稳步提升) with no plan baseline: the sign of the latest change before T,
    better than the base-year value (else the earliest after it) at T. Two values read from
    cells compare exactly as floats (each has at most 15 digits), so no row is risky."""
    import numpy as np

    d, plan = block.a, block.plan
    a, judged, big_t = d["actual"], d["year"], d["big_t"]
    prev_year = latest(grid, judged - 1)
    prev = value_at(grid, prev_year)
    b0 = inputs.plan_base_year(plan)
    years, has = grid.years, ~np.isnan(grid.v)
    before = has & (years[None, :] < judged[:, None])
    upto = has & (years[None, :] <= judged[:, None])  # kinds.direction's points
    at_b0 = upto[:, b0 - years[0]] if years[0] <= b0 <= years[-1] else np.zeros(len(a), dtype=bool)
    after = before & (years[None, :] > b0)
    first_after = np.where(after.any(axis=1), years[np.argmax(after, axis=1)], -1)
    ref_year = np.where(at_b0, b0, first_after)
    ref = value_at(grid, ref_year)
    higher = block.target.direction is Direction.higher
    at_t = judged >= big_t
    better = (a > ref) if higher else (a < ref)
    right = (a > prev) if higher else (a < prev)
    code = STATUS_CODE
    status = np.where(right, code[Status.on_track], code[Status.moving_away])
    reason = np.where(prev_year < 0, REASONS.index("too_few_years"), 0)
    status = np.where(prev_year < 0, code[Status.not_assessable], status)
    past = ~at_t & (as_of > big_t)
    status = np.where(past, code[Status.not_assessable], status)
    reason = np.where(past, REASONS.index("no_target_year_value"), reason)
    status = np.where(at_t, np.where(better, code[Status.achieved], code[Status.missed]), status)
    reason = np.where(at_t, 0, reason)
    status = np.where(at_t & (ref_year < 0), code[Status.not_assessable], status)
    reason = np.where(at_t & (ref_year < 0), REASONS.index("too_few_years"), reason)
    d.update(status=status, reason=reason, path=np.full(len(a), PATHS.index(Path.none)))
    d.update(
        baseline=ref, baseline_year=ref_year, notes=_change_notes(a, prev, prev_year, judged, big_t, as_of)
    )
    return np.ones(len(a), dtype=bool)


def _change_notes(
    a: np.ndarray, prev: np.ndarray, prev_year: np.ndarray, judged: np.ndarray, big_t: np.ndarray, as_of: int
) -> np.ndarray:
    """The notes kinds.direction gives: the year used, then the change since the year before,
    in exact decimal text (both values are the cells' numbers, see actuals/columnar.py)."""
    from decimal import Decimal

    import numpy as np

    out = np.empty(len(a), dtype=object)
    rows = zip(a.tolist(), prev.tolist(), prev_year.tolist(), judged.tolist(), big_t.tolist(), strict=True)
    for k, (now, before, py, t, bt) in enumerate(rows):
        notes = []
        if t < min(as_of, bt):
            notes.append(f"no value for {min(as_of, bt)}; the latest year, {t}, is used")
        if py >= 0:
            change = Decimal(repr(now)) - Decimal(repr(before))
            notes.append(f"change since {py}: {change.normalize():f}")
        out[k] = notes
    return out
