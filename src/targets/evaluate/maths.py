"""The exact arithmetic the evaluator shares: thresholds, roots, constants."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

ZERO, ONE = Decimal(0), Decimal(1)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Thresholds:
    """Schedule-ratio bands (Eurostat SDG style) and the 左右 tolerance; see docs/method.md."""

    ahead: Decimal = Decimal("1.05")
    on_track: Decimal = Decimal("0.95")
    behind: Decimal = Decimal("0.60")
    binding_on_track: Decimal = Decimal("1.00")
    approx_tolerance: Decimal = Decimal("0.05")


Series = dict[int, Decimal | None]


def root(x: Decimal, n: int) -> Decimal:
    """x ** (1/n) for x > 0, to the context's precision.

    Decimal computes x ** Decimal(1/n) through exp and ln, about 40 µs a call, and a national
    check makes hundreds of thousands. A float first guess refined by a Newton step in
    Decimal gives the same digits in a few µs."""
    if n == 1:
        return +x
    try:
        y = Decimal(float(x) ** (1.0 / n))
    except (OverflowError, ValueError):
        y = ZERO
    if not y.is_finite() or y <= 0:
        return x ** (ONE / n)  # outside float's range: the slow exact way
    # one Newton step: relative error (n-1)/2 * e**2 ~ 1e-31 from a float guess, past 28 digits
    return y - (y**n - x) / (n * y ** (n - 1))
