"""METHOD.md for every region of a target at once, in float64 arrays (numpy): the path of a
national check read by `actuals/columnar.py`.

The same rules as `target.py`, written over arrays: one row per region of the target's series,
one column per year. A row is judged here only when its verdict cannot depend on rounding: every
comparison it makes (A against G, q against each band, A or G against B) is clear by more than
`NEAR` relative, no difference it reports cancels to less than `NEAR` of its terms, and nothing
needs a note or a rule kept for the exact path (the plan's own scope or a region with its own
target, a guard forcing the linear path, maintain, sums, rates, directions, ranks, classes). Every
other row is evaluated by `evaluate_target` itself with exact Decimal values taken from the cells'
text, and its `Result` is handed over as it is. `tests/test_columnar_eval.py` runs both on the same
inputs and requires equal statuses, texts and numbers within 1e-9 relative.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from targets.evaluate import inputs
from targets.evaluate.maths import Thresholds
from targets.evaluate.target import evaluate_target
from targets.models import Attribute, Comparator, Direction, Kind, Path, Plan, Status, Target

if TYPE_CHECKING:
    import numpy as np

    from targets.actuals.columnar import Columns

NEAR = 1e-6  # relative distance below which a comparison or a difference goes to the exact path
STATUS_CODE = {s: i for i, s in enumerate(Status)}
STATUSES = list(Status)
PATHS = list(Path)
FROM = [None, "data", "data_earliest"]
# reason codes of the rows judged here, by number (0: none)
REASONS = [
    None,
    "region_needs_target",
    "no_baseline",
    "no_base_value",
    "not_after_baseline",
    "no_target_year_value",
]
_KINDS = frozenset({Kind.level, Kind.share, Kind.ratio, Kind.range, *inputs.DERIVED})


@dataclass
class Block:
    """The results of one target: arrays for the rows judged here, exact Results for the others.
    `order` lists, in evaluation order, ("v", i) for row i of the arrays or ("x", Result)."""

    plan: Plan
    target: Target
    order: list[tuple[str, Any]] = field(default_factory=list)
    a: dict[str, Any] = field(default_factory=dict)  # field name -> numpy array (NaN / -1 = null)
    ref: int = 0  # the reference year of the reason texts (inputs.reference_year)
    tolerance: Decimal = Decimal("0.05")  # the 左右 band when the target sets none


def iter_blocks(
    catalog: Any,
    cols: Columns,
    as_of: int,
    *,
    plan_id: str | None = None,
    thresholds: Thresholds | None = None,
) -> Iterator[Block]:
    """A Block per target, in catalog order (as `run.iter_results` orders its results)."""
    th = thresholds or Thresholds()
    shared: dict[int, dict[str, Any]] = {}
    for plan, t in catalog.iter_targets():
        if plan_id is not None and plan.id != plan_id:
            continue
        yield _block(plan, t, cols, as_of, th, shared)


def _block(
    plan: Plan, t: Target, cols: Columns, as_of: int, th: Thresholds, shared: dict[int, dict[str, Any]]
) -> Block:
    import numpy as np

    block = Block(plan, t, ref=inputs.reference_year(t, t.target, plan), tolerance=th.approx_tolerance)
    groups = list(cols.region_bounds(t.series_key))
    if not groups:
        block.order.append(("x", evaluate_target(plan, t, {}, as_of, None, th, shared)))
        return block
    grid = _grid(cols, groups, as_of)
    keep = _judge(block, grid, as_of, th)
    block.a["rank_g"] = np.array([g[0] for g in groups])
    n = 0
    for row, (rank, lo, hi) in enumerate(groups):
        if keep[row]:
            block.order.append(("v", n))
            n += 1
            continue
        values, where = cols.group_at(lo, hi)
        result = evaluate_target(plan, t, values, as_of, cols.regions[rank], th, shared)
        if result.year is not None:
            result.file, result.line = where.get(result.year, (None, None))
        block.order.append(("x", result))
    block.a = {k: v[keep] for k, v in block.a.items()}
    return block


@dataclass
class Grid:
    """The values of one series: a row per region, a column per year (NaN: none)."""

    years: np.ndarray  # the column years, all <= the report year
    v: np.ndarray  # rows x columns
    at: np.ndarray  # index into the Columns arrays, -1 where no value
    regions: list[str | None]


def _grid(cols: Columns, groups: list[tuple[int, int, int]], as_of: int) -> Grid:
    import numpy as np

    lo, hi = groups[0][1], groups[-1][2]
    y = cols.y[lo:hi]
    first, last = int(y.min()), min(int(y.max()), as_of)
    width = max(last - first + 1, 1)
    rows = np.repeat(np.arange(len(groups)), [g[2] - g[1] for g in groups])
    ok = y <= as_of
    v = np.full((len(groups), width), np.nan)
    at = np.full((len(groups), width), -1, dtype=np.int64)
    v[rows[ok], y[ok] - first] = cols.v[lo:hi][ok]
    at[rows[ok], y[ok] - first] = np.arange(lo, hi)[ok]
    return Grid(np.arange(first, first + width), v, at, [cols.regions[g[0]] for g in groups])


def _latest(grid: Grid, cap: np.ndarray) -> np.ndarray:
    """Per row, the latest year with a value <= cap (a number per row); -1 when none."""
    import numpy as np

    has = ~np.isnan(grid.v) & (grid.years[None, :] <= cap[:, None])
    idx = np.where(has, grid.years[None, :], -1)
    return np.asarray(idx.max(axis=1))


def _value_at(grid: Grid, years: np.ndarray) -> np.ndarray:
    import numpy as np

    col = np.clip(years - grid.years[0], 0, len(grid.years) - 1)
    out = grid.v[np.arange(len(years)), col]
    return np.asarray(np.where(years >= 0, out, np.nan))


def _judge(block: Block, grid: Grid, as_of: int, th: Thresholds) -> np.ndarray:
    """Fill block.a for every row; return the mask of rows judged here (the rest: exact path)."""
    import numpy as np

    plan, t = block.plan, block.target
    n = len(grid.regions)
    latest = _latest(grid, np.full(n, as_of))
    big_t = _target_years(t, plan, latest)
    judged = _latest(grid, np.minimum(as_of, big_t))
    keep = (latest >= 0) & (judged >= 0)
    keep &= np.array([_plain_region(plan, t, g) for g in grid.regions], dtype=bool)
    later = _latest(grid, np.full(n, as_of))
    later = np.where(later > judged, later, -1)
    a = _value_at(grid, judged)
    col = np.clip(judged - grid.years[0], 0, len(grid.years) - 1)
    block.a = {
        "rank": np.arange(n), "year": judged, "big_t": big_t, "actual": a,
        "at": grid.at[np.arange(n), col], "later_year": later, "later_value": _value_at(grid, later),
        "late_note": judged < np.minimum(as_of, big_t),
    }  # fmt: skip
    if inputs.scale_bound(t):
        block.a["status"] = np.full(n, STATUS_CODE[Status.not_assessable])
        block.a["reason"] = np.full(n, REASONS.index("region_needs_target"))
        block.a["path"] = np.full(n, PATHS.index(inputs.nominal_path(t)))
        return keep
    if t.kind not in _KINDS:
        return np.zeros(n, dtype=bool)
    keep &= _level(block, grid, as_of, th)
    return keep


def _plain_region(plan: Plan, t: Target, region: str | None) -> bool:
    """A region judged here: one with no target of its own and not the plan's scope."""
    return region is not None and region != plan.scope and region not in t.regions


def _target_years(t: Target, plan: Plan, latest: np.ndarray) -> np.ndarray:
    import numpy as np

    if t.target.year != "annual":
        return np.full(len(latest), t.target.year)
    found = {int(y): inputs.target_year(t, plan, int(y)) for y in np.unique(latest)}
    return np.array([found[int(y)] for y in latest])


def _level(block: Block, grid: Grid, as_of: int, th: Thresholds) -> np.ndarray:
    """METHOD 3.1 for a target on a path from B to G (kinds.levelish without maintain)."""
    import numpy as np

    t, d = block.target, block.a
    a, judged, big_t = d["actual"], d["year"], d["big_t"]
    b, b_year, source = _baseline(block, grid, judged)
    g = _goal(t, b, b_year, big_t)
    held, risky = _holds(t, a, g, _tolerance(t, th))
    has_base = b_year >= 0
    risky |= np.isnan(g) | (has_base & (_near(g, b) | _near(a, b)))
    geometric = not (t.kind in inputs._LINEAR or not (t.kind in inputs._GROWTH or inputs.is_amount(t.unit)))
    if geometric:
        risky |= (has_base & (b <= 0)) | (g <= 0) | (a <= 0)  # a guard's note: the exact path
    remaining = big_t - judged
    open_ = ~held & (judged < big_t) & (as_of <= big_t) & (remaining > 0)
    with np.errstate(all="ignore"):
        q = _quantities(block, a, b, g, judged, b_year, big_t, geometric, has_base)
        q["gap"] = g - a
        if geometric:
            q["required_annual_growth"] = np.where(open_, np.expm1(np.log(g / a) / remaining), np.nan)
        else:
            q["required_annual_change"] = np.where(open_, (g - a) / remaining, np.nan)
    status, reason, edge = _verdict(t, held, judged, big_t, as_of, q, has_base, b_year, th)
    late, late_risky = _late(t, grid, held, big_t, g, status, reason, _tolerance(t, th))
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


def _tolerance(t: Target, th: Thresholds) -> float:
    return float(t.tolerance if t.tolerance is not None else th.approx_tolerance)


def _near(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """x and y too close for a float to say which is larger, or how far apart (NaN: not near)."""
    import numpy as np

    with np.errstate(invalid="ignore"):
        return np.asarray(np.abs(x - y) <= NEAR * np.maximum(np.abs(x), np.abs(y)))


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
    return _value_at(grid, b_year), b_year, source


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
    risky = _near(a, g)
    if t.comparator in (Comparator.at_least, Comparator.range):
        return a >= g, risky
    if t.comparator is Comparator.at_most:
        return a <= g, risky
    if t.comparator is Comparator.approx:
        band = np.abs(a - g) <= tol * np.abs(g)
        risky |= _near(np.abs(a - g), tol * np.abs(g))
        return band | (a > g if higher else a < g), risky
    return (a >= g if higher else a <= g), risky


def _beyond(t: Target, a: np.ndarray, g: np.ndarray, held: np.ndarray, th: Thresholds) -> np.ndarray:
    """Rows beyond a 左右 band in the better direction (they get kinds.levelish's note)."""
    import numpy as np

    if t.comparator is not Comparator.approx:
        return np.zeros(len(a), dtype=bool)
    tol = _tolerance(t, th)
    band = np.abs(a - g) <= tol * np.abs(g)
    return np.asarray(held & ~band)


def _quantities(
    block: Block, a: np.ndarray, b: np.ndarray, g: np.ndarray, t_: np.ndarray, b_year: np.ndarray,
    big_t: np.ndarray, geometric: bool, has_base: np.ndarray,
) -> dict[str, np.ndarray]:  # fmt: skip
    """quantities.on_path over arrays, where B is known and b < t (NaN elsewhere)."""
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
        expected = b * np.exp(np.log(g / b) * n_el / n_tot)
    else:
        proj = a + (a - b) / n_el * rem
        if inputs.is_percent(block.target):
            proj = np.clip(proj, 0, 100)
        elif inputs.is_amount(block.target.unit):
            proj = np.where((b >= 0) & (g >= 0), np.maximum(proj, 0), proj)
        q["projected_value"] = proj
        expected = b + tau * (g - b)
    q["expected_now"] = expected
    q["schedule_ratio"] = (a - b) / (expected - b)
    return {k: np.where(on, v, np.nan) for k, v in q.items()}


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
        close |= _near(ratio, np.full(len(ratio), threshold))
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
