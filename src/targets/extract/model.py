"""The draft entry `extract` proposes for one target, and the draft plan that holds them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from targets.extract.numerals import fmt_decimal

# Pattern -> the confidence of an entry it produced before any guessed field lowers it.
BASE_CONFIDENCE = {
    "table-row": 0.95,
    "level-comparator": 0.85,
    "share": 0.85,
    "range": 0.85,
    "maintain": 0.85,
    "change-by": 0.8,
    "from-to": 0.85,
    "avg-growth": 0.85,
    "rate": 0.7,
    "ratio": 0.8,
    "multiple": 0.75,
    "cum-sum": 0.75,
    "duration": 0.65,
    "water-class": 0.7,
    "pp-change": 0.8,
    "rank": 0.7,
    "noun-value": 0.65,
    "breakdown": 0.6,
    "count-verb": 0.65,
    "continuation": 0.6,
    "direction": 0.55,
}
REVIEW_PENALTY = 0.05


@dataclass
class Entry:
    """One proposed target, in the catalog's terms (see docs/catalog.md)."""

    name: str
    unit: str | None
    kind: str  # a catalog kind, or "unknown"
    comparator: str
    direction: str
    year: int | str | None  # an int, "annual", or None before the default year is applied
    line: int
    quote: str
    pattern: str
    value: Decimal | None = None
    value_high: Decimal | None = None
    factor: Decimal | None = None
    change_pct: Decimal | None = None
    change_pp: Decimal | None = None  # pp_change: percentage points, signed
    growth_pct: Decimal | None = None
    base_year: int | None = None
    baseline: tuple[int, Decimal] | None = None
    baseline_note: str | None = None
    previous_period: tuple[str, Decimal, str] | None = None
    cumulative: tuple[int, int] | None = None
    table: str | None = None
    row: int | None = None
    attribute: str = "unstated"
    aspirational: bool = False
    responsibility: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    origin: str = "prose"  # table (an indicator table) | prose | task (a task-breakdown table)
    pos: int = 0  # position in its line, for a stable order
    year_from: str = "text"  # text | default | deadline | annual

    def guess(self, *fields: str) -> None:
        for f in fields:
            if f not in self.review:
                self.review.append(f)

    def unguess(self, *fields: str) -> None:
        self.review = [f for f in self.review if f not in fields]

    @property
    def key_value(self) -> Decimal | None:
        """The number a reader would quote for this target (value, else factor, change, growth)."""
        for v in (self.value, self.factor, self.change_pct, self.growth_pct, self.change_pp):
            if v is not None:
                return v
        return None

    @property
    def confidence(self) -> Decimal:
        base = BASE_CONFIDENCE.get(self.pattern.split("/")[-1], 0.5)
        score = max(0.05, base - REVIEW_PENALTY * len(self.review))
        return Decimal(str(round(score, 2)))


@dataclass
class Explained:
    """Why a number of the plan was, or was not, drafted (`extract --explain`)."""

    line: int
    pos: int
    printed: str  # the number, or the phrase, as printed
    entry: Entry | None  # the entry drafted from it; None when it states no target
    reason: str


def explained(line: int, e: Entry) -> Explained:
    """A drafted entry's explanation (its reason is read from the entry when shown)."""
    number = "-" if e.key_value is None else fmt_decimal(e.key_value)
    return Explained(line, e.pos, f"{number}{e.unit or ''}", e, "")


def drafted_reason(e: Entry) -> str:
    """The rule that drafted `e`, with the kind, comparator, year and name it gave."""
    return f"{e.pattern}: {e.kind}, {e.comparator}, {e.year}, {e.name}"


@dataclass
class DraftPlan:
    id: str
    title: str
    doc_number: str | None
    issuer: str | None
    date: str | None
    scope: str
    period: tuple[int, int]
    source: str
    note: str
    entries: list[Entry] = field(default_factory=list)
    explained: list[Explained] = field(default_factory=list)


def _num(value: Decimal) -> Decimal:
    return Decimal(fmt_decimal(value))


def entry_id(plan_id: str, e: Entry, seen: dict[str, int]) -> str:
    base = f"{plan_id}.l{e.line}"
    seen[base] = seen.get(base, 0) + 1
    return f"{base}-{seen[base]}"


def catalog_kinds() -> frozenset[str]:
    """The kinds the catalog schema accepts (models.Kind)."""
    from targets.models import Kind

    return frozenset(k.value for k in Kind)


# Kinds of METHOD.md revision 2 and how to write them for a catalog schema that lacks them: the
# kind, the field the number goes to, the unit, and what the reviewer is told.
_OLDER_SCHEMA = {
    "pp_change": (
        "unknown",
        "value",
        "个百分点",
        "kind pp_change (change_pp) is not in this catalog's schema",
    ),
    "rank": ("level", "value", "位", "kind rank is not in this catalog's schema: a level at most"),
    "class": ("level", "value", "类", "kind class is not in this catalog's schema: a level at most"),
}


def for_schema(e: Entry, kinds: frozenset[str]) -> Entry:
    """The entry as the catalog schema can hold it: a kind it lacks written the older way."""
    if e.kind in kinds or e.kind not in _OLDER_SCHEMA:
        return e
    kind, where, unit, note = _OLDER_SCHEMA[e.kind]
    value = e.key_value
    older = replace(e, kind=kind, unit=unit, change_pp=None, notes=[*e.notes, note + "."])
    older.review = [*e.review, "kind"] if "kind" not in e.review else list(e.review)
    setattr(older, where, value)
    return older


def target_dict(e: Entry) -> dict[str, Any]:
    """The entry as a catalog target mapping, fields in the catalog's order (ids added by emit)."""
    e = for_schema(e, catalog_kinds())
    t: dict[str, Any] = {"name": e.name, "unit": e.unit, "attribute": e.attribute, "kind": e.kind}
    t["comparator"] = e.comparator
    t["direction"] = e.direction
    if e.baseline is not None:
        t["baseline"] = {"year": e.baseline[0], "value": _num(e.baseline[1])}
        if e.baseline_note:
            t["baseline"]["note"] = e.baseline_note
    if e.previous_period is not None:
        years, value, note = e.previous_period
        t["previous_period"] = {"years": years, "value": _num(value), "note": note}
    target: dict[str, Any] = {"year": e.year}
    for key in ("value", "value_high", "factor", "change_pct", "growth_pct", "change_pp"):
        v = getattr(e, key)
        if v is not None:
            target[key] = _num(v)
    if e.base_year is not None:
        target["base_year"] = e.base_year
    t["target"] = target
    if e.cumulative is not None:
        t["cumulative"] = {"start": e.cumulative[0], "end": e.cumulative[1]}
    source: dict[str, Any] = {"line": e.line, "quote": e.quote}
    if e.table:
        source["table"] = e.table
    if e.row is not None:
        source["row"] = e.row
    t["source"] = source
    if e.responsibility:
        t["responsibility"] = e.responsibility
    if e.aspirational:
        t["aspirational"] = True
    if e.notes:
        t["note"] = " ".join(e.notes)
    t["draft"] = {"pattern": e.pattern, "confidence": e.confidence, "review": list(e.review)}
    return t
