"""The shapes the columnar evaluation works on (evaluate/columnar.py, evaluate/array_rules.py):
a target's results as arrays (`Block`), a series' values as a region x year grid (`Grid`), the
codes of statuses, paths and reasons, and the guard that keeps float rounding out of verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from targets.evaluate.maths import Thresholds
from targets.models import Path, Plan, Status, Target

if TYPE_CHECKING:
    import numpy as np

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
    "too_few_years",
]


@dataclass
class Block:
    """The results of one target, `n` in evaluation order: row i is judged in the arrays `a`
    when `kept[i]` (the arrays hold those rows only, in order), else `exact[i]` is its Result."""

    plan: Plan
    target: Target
    n: int = 0
    kept: Any = None  # numpy bool array of n
    exact: dict[int, Any] = field(default_factory=dict)
    a: dict[str, Any] = field(default_factory=dict)  # field name -> numpy array (NaN / -1 = null)
    ref: int = 0  # the reference year of the reason texts (inputs.reference_year)
    tolerance: Decimal = Decimal("0.05")  # the 左右 band when the target sets none


@dataclass
class Grid:
    """The values of one series: a row per region, a column per year (NaN: none)."""

    years: np.ndarray  # the column years, all <= the report year
    v: np.ndarray  # rows x columns
    at: np.ndarray  # index into the Columns arrays, -1 where no value
    ranks: np.ndarray  # the region rank of each row


def latest(grid: Grid, cap: np.ndarray) -> np.ndarray:
    """Per row, the latest year with a value <= cap (a number per row); -1 when none."""
    import numpy as np

    has = ~np.isnan(grid.v) & (grid.years[None, :] <= cap[:, None])
    idx = np.where(has, grid.years[None, :], -1)
    return np.asarray(idx.max(axis=1))


def value_at(grid: Grid, years: np.ndarray) -> np.ndarray:
    import numpy as np

    col = np.clip(years - grid.years[0], 0, len(grid.years) - 1)
    out = grid.v[np.arange(len(years)), col]
    return np.asarray(np.where(years >= 0, out, np.nan))


def near(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """x and y too close for a float to say which is larger, or how far apart (NaN: not near)."""
    import numpy as np

    with np.errstate(invalid="ignore"):
        return np.asarray(np.abs(x - y) <= NEAR * np.maximum(np.abs(x), np.abs(y)))


def tolerance(t: Target, th: Thresholds) -> float:
    return float(t.tolerance if t.tolerance is not None else th.approx_tolerance)
