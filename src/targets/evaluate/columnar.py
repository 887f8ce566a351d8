"""METHOD.md for every region of a target at once, in float64 arrays (numpy): the path of a
national check read by `actuals/columnar.py`.

The same rules as `target.py`, written over arrays: one row per region of the target's series,
one column per year. A row is judged here only when its verdict cannot depend on rounding: every
comparison it makes (A against G, q against each band, A or G against B) is clear by more than
`NEAR` relative, no difference it reports cancels to less than `NEAR` of its terms, and nothing
needs a note or a rule kept for the exact path (the plan's own scope or a region with its own
target, a guard forcing the linear path, a floor never met (maintain), sums, rates, ranks, classes). Every
other row is evaluated by `evaluate_target` itself with exact Decimal values taken from the cells'
text, and its `Result` is handed over as it is. The rules over arrays are in `array_rules.py`,
the shapes and the guard in `arrays.py`. `tests/test_columnar_eval.py` runs both on the same
inputs and requires equal statuses, texts and numbers within 1e-9 relative.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from targets.evaluate import inputs
from targets.evaluate.array_rules import direction, level, maintain
from targets.evaluate.arrays import PATHS, REASONS, STATUS_CODE, Block, Grid, latest, value_at
from targets.evaluate.maths import Thresholds
from targets.evaluate.target import evaluate_target
from targets.models import Kind, Plan, Status, Target

if TYPE_CHECKING:
    import numpy as np

    from targets.actuals.columnar import Columns

_KINDS = frozenset({Kind.level, Kind.share, Kind.ratio, Kind.range, *inputs.DERIVED})


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
    ranks, los, his = cols.groups(t.series_key)
    if not len(ranks):
        block.n, block.kept = 1, np.zeros(1, dtype=bool)
        block.exact[0] = evaluate_target(plan, t, {}, as_of, None, th, shared)
        return block
    grid = _grid(cols, ranks, los, his, as_of)
    keep = _judge(block, grid, cols, as_of, th)
    block.a["rank_g"] = ranks
    block.n, block.kept = len(ranks), keep
    for row in np.flatnonzero(~keep).tolist():
        values, where = cols.group_at(int(los[row]), int(his[row]))
        result = evaluate_target(plan, t, values, as_of, cols.regions[int(ranks[row])], th, shared)
        if result.year is not None:
            result.file, result.line = where.get(result.year, (None, None))
        block.exact[row] = result
    block.a = {k: v[keep] for k, v in block.a.items()}
    return block


def _grid(cols: Columns, ranks: np.ndarray, los: np.ndarray, his: np.ndarray, as_of: int) -> Grid:
    import numpy as np

    lo, hi = int(los[0]), int(his[-1])
    y = cols.y[lo:hi]
    first, last = int(y.min()), min(int(y.max()), as_of)
    width = max(last - first + 1, 1)
    rows = np.repeat(np.arange(len(ranks)), his - los)
    ok = y <= as_of
    v = np.full((len(ranks), width), np.nan)
    at = np.full((len(ranks), width), -1, dtype=np.int64)
    v[rows[ok], y[ok] - first] = cols.v[lo:hi][ok]
    at[rows[ok], y[ok] - first] = np.arange(lo, hi)[ok]
    return Grid(np.arange(first, first + width), v, at, ranks)


def _judge(block: Block, grid: Grid, cols: Columns, as_of: int, th: Thresholds) -> np.ndarray:
    """Fill block.a for every row; return the mask of rows judged here (the rest: exact path)."""
    import numpy as np

    plan, t = block.plan, block.target
    n = len(grid.ranks)
    last = latest(grid, np.full(n, as_of))
    big_t = _target_years(t, plan, last)
    judged = latest(grid, np.minimum(as_of, big_t))
    keep = (last >= 0) & (judged >= 0)
    keep &= ~np.isin(grid.ranks, [*_exact_ranks(cols, plan, t), *cols.inexact_ranks(t.series_key)])
    later = latest(grid, np.full(n, as_of))
    later = np.where(later > judged, later, -1)
    a = value_at(grid, judged)
    col = np.clip(judged - grid.years[0], 0, len(grid.years) - 1)
    block.a = {
        "rank": np.arange(n), "year": judged, "big_t": big_t, "actual": a,
        "at": grid.at[np.arange(n), col], "later_year": later, "later_value": value_at(grid, later),
        "late_note": judged < np.minimum(as_of, big_t),
    }  # fmt: skip
    if inputs.scale_bound(t):
        block.a["status"] = np.full(n, STATUS_CODE[Status.not_assessable])
        block.a["reason"] = np.full(n, REASONS.index("region_needs_target"))
        block.a["path"] = np.full(n, PATHS.index(inputs.nominal_path(t)))
        return keep
    if t.kind is Kind.direction:
        return np.asarray(keep & direction(block, grid, as_of))
    if t.kind is Kind.maintain:
        return np.asarray(keep & maintain(block, grid, as_of, th))
    if t.kind not in _KINDS:
        return np.zeros(n, dtype=bool)
    keep &= level(block, grid, as_of, th)
    return keep


def _exact_ranks(cols: Columns, plan: Plan, t: Target) -> list[int]:
    """The regions left to the exact path: no region, the plan's scope, a region with its own
    target."""
    names = [None, plan.scope, *t.regions]
    return [r for r in map(cols.rank_of, names) if r is not None]


def _target_years(t: Target, plan: Plan, last: np.ndarray) -> np.ndarray:
    import numpy as np

    if t.target.year != "annual":
        return np.full(len(last), t.target.year)
    found = {int(y): inputs.target_year(t, plan, int(y)) for y in np.unique(last)}
    return np.array([found[int(y)] for y in last])
