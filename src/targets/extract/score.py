"""Precision and recall of a draft against a reviewed catalog plan.

A drafted entry matches a catalog target when both give the same source line, target year
and value (the value, else the factor, change or growth; none for a direction target). Each
target matches at most one entry, so a target drafted twice counts once."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from targets.extract.model import Entry

Key = tuple[int, object, Decimal | None]


@dataclass(frozen=True)
class Score:
    matched: int
    drafted: int
    expected: int
    missed: tuple[Key, ...]
    extra: tuple[Key, ...]

    @property
    def precision(self) -> float:
        return self.matched / self.drafted if self.drafted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0


def _norm(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.normalize()


def entry_key(e: Entry) -> Key:
    return (e.line, e.year, _norm(e.key_value))


def target_key(t: Any) -> Key:
    """The key of a catalog target (read by attribute only)."""
    tv = t.target
    value = next((v for v in (tv.value, tv.factor, tv.change_pct, tv.growth_pct) if v is not None), None)
    return (t.source.line, tv.year, _norm(value))


def score(drafted: list[Key], expected: list[Key]) -> Score:
    d, x = Counter(drafted), Counter(expected)
    both = d & x
    return Score(
        matched=sum(both.values()),
        drafted=len(drafted),
        expected=len(expected),
        missed=tuple(sorted((x - d).elements(), key=str)),
        extra=tuple(sorted((d - x).elements(), key=str)),
    )


def table(rows: list[tuple[str, Score]]) -> str:
    """The precision/recall table written in docs/extract.md and printed by bench/extract."""
    out = [
        "| plan | catalog targets | drafted | matched | precision | recall |",
        "|---|---|---|---|---|---|",
    ]
    total = Score(
        sum(s.matched for _, s in rows),
        sum(s.drafted for _, s in rows),
        sum(s.expected for _, s in rows),
        (),
        (),
    )
    for label, s in [*rows, ("all", total)]:
        figures = [s.expected, s.drafted, s.matched, f"{s.precision:.1%}", f"{s.recall:.1%}"]
        out.append(f"| {label} | " + " | ".join(str(f) for f in figures) + " |")
    return "\n".join(out)
