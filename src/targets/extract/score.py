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
    values = (tv.value, tv.factor, tv.change_pct, tv.growth_pct, getattr(tv, "change_pp", None))
    value = next((v for v in values if v is not None), None)
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


# -- a hand-written gold list (tests/data/extract/heldout) ---------------------------------------
@dataclass(frozen=True)
class Gold:
    """One target as a reviewer lists it: its line, name, year, key number, unit, comparator, kind."""

    line: int
    name: str
    year: int | str
    value: Decimal
    unit: str | None
    comparator: str
    kind: str


FIELDS = ("year", "unit", "comparator", "kind")


@dataclass(frozen=True)
class FieldScore:
    """Recall and precision against a gold list (a match: same line and key number), and how
    often each field of a match is right."""

    matched: int
    drafted: int
    expected: int
    right: dict[str, int]  # field -> matches with that field right; "all": year, unit, comparator
    missed: tuple[Gold, ...]
    extra: tuple[Key, ...]
    wrong: tuple[tuple[Gold, str, object], ...]  # (gold, field, drafted value)

    @property
    def precision(self) -> float:
        return self.matched / self.drafted if self.drafted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    def accuracy(self, field: str = "all") -> float:
        return self.right[field] / self.matched if self.matched else 1.0

    def __add__(self, other: FieldScore) -> FieldScore:
        return FieldScore(
            self.matched + other.matched,
            self.drafted + other.drafted,
            self.expected + other.expected,
            {k: self.right[k] + other.right[k] for k in self.right},
            self.missed + other.missed,
            self.extra + other.extra,
            self.wrong + other.wrong,
        )


def _drafted_field(e: Entry, field: str) -> object:
    return {"year": e.year, "unit": e.unit, "comparator": e.comparator, "kind": e.kind}[field]


def _gold_field(g: Gold, field: str) -> object:
    return {"year": g.year, "unit": g.unit, "comparator": g.comparator, "kind": g.kind}[field]


def _pick(g: Gold, pool: list[Entry]) -> Entry | None:
    """The drafted entry of `pool` on g's line with g's number, the one named most alike."""
    from targets.extract.merge import similarity

    same = [e for e in pool if e.line == g.line and _norm(e.key_value) == _norm(g.value)]
    return max(same, key=lambda e: similarity(e.name, g.name), default=None)


def field_score(entries: list[Entry], gold: list[Gold]) -> FieldScore:
    pool = list(entries)
    right = dict.fromkeys([*FIELDS, "all"], 0)
    missed: list[Gold] = []
    wrong: list[tuple[Gold, str, object]] = []
    for g in gold:
        e = _pick(g, pool)
        if e is None:
            missed.append(g)
            continue
        pool.remove(e)
        ok = {f: _drafted_field(e, f) == _gold_field(g, f) for f in FIELDS}
        for f in FIELDS:
            right[f] += ok[f]
            if not ok[f]:
                wrong.append((g, f, _drafted_field(e, f)))
        right["all"] += ok["year"] and ok["unit"] and ok["comparator"]
    return FieldScore(
        matched=len(gold) - len(missed),
        drafted=len(entries),
        expected=len(gold),
        right=right,
        missed=tuple(missed),
        extra=tuple(entry_key(e) for e in pool),
        wrong=tuple(wrong),
    )


def field_table(rows: list[tuple[str, FieldScore]]) -> str:
    """The held-out table written in docs/extract.md."""
    out = [
        "| texts | gold targets | drafted | matched | precision | recall "
        "| year | unit | comparator | kind | year+unit+comparator |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, s in rows:
        figures = [s.expected, s.drafted, s.matched, f"{s.precision:.1%}", f"{s.recall:.1%}"]
        figures += [f"{s.accuracy(f):.1%}" for f in (*FIELDS, "all")]
        out.append(f"| {label} | " + " | ".join(str(f) for f in figures) + " |")
    return "\n".join(out)
