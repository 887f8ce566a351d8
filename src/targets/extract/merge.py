"""One entry per target: statements that restate another are merged into it.

The most structured statement wins: an indicator table row (it has the baseline) over prose
that restates it, and prose over a task-breakdown row that repeats it (the row's 牵头单位,
责任单位 and 完成时限 are attached to the prose entry, and its deadline dates an undated one)."""

from __future__ import annotations

import re

from targets.extract.model import Entry
from targets.extract.unit_words import COUNT_UNITS

RESTATED_TABLE = 0.3  # name similarity needed, given the same number and unit
RESTATED_TASK = 0.3
RESTATED_PROSE = 0.5
_COUNTS = frozenset(COUNT_UNITS) - {"个百分点", "个工作日"}
_STRIP = re.compile(r"[\s“”\"'《》()（）、,，:：;；。0-9.%\-—~]")


def similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams; 1.0 when one contains the other (3+ characters)."""
    a, b = _STRIP.sub("", a), _STRIP.sub("", b)
    if not a or not b:
        return 0.0
    if (len(a) >= 3 and a in b) or (len(b) >= 3 and b in a):
        return 1.0
    ba = {a[i : i + 2] for i in range(len(a) - 1)}
    bb = {b[i : i + 2] for i in range(len(b) - 1)}
    if not ba or not bb:
        return 0.0
    return 2 * len(ba & bb) / (len(ba) + len(bb))


def distinct(a: str, b: str) -> bool:
    """工伤保险参保率 and 失业保险参保率: one head (保险参保率) after different qualifiers (工伤,
    失业) names two indicators, however alike the names read."""
    a, b = _STRIP.sub("", a), _STRIP.sub("", b)
    k = 0
    while k < min(len(a), len(b)) and a[-1 - k] == b[-1 - k]:
        k += 1
    pa, pb = a[: len(a) - k], b[: len(b) - k]
    if k < 2 or len(pa) < 2 or len(pb) < 2:
        return False
    return not (pa in pb or pb in pa) and not set(pa) & set(pb)


def _family(e: Entry) -> str:
    return e.kind if e.kind in ("multiple", "direction") else "value"


def _units_agree(a: str | None, b: str | None) -> bool:
    if a == b:
        return True
    base_a = (a or "").lstrip("万亿千百十")
    base_b = (b or "").lstrip("万亿千百十")
    same_magnitude = (a or "")[: len(a or "") - len(base_a)] == (b or "")[: len(b or "") - len(base_b)]
    return same_magnitude and base_a in _COUNTS and base_b in _COUNTS


def _score(e: Entry, other: Entry, quotes: bool) -> float:
    if _family(e) != _family(other) or e.key_value != other.key_value:
        return 0.0
    if not _units_agree(e.unit, other.unit) and _family(e) == "value":
        return 0.0
    if distinct(e.name, other.name):
        return 0.0
    score = similarity(e.name, other.name)
    return max(score, similarity(e.quote, other.quote)) if quotes else score


def _best(e: Entry, pool: list[Entry], threshold: float, quotes: bool = True) -> Entry | None:
    """The entry of `pool` that `e` restates: same number and unit, the most similar name (or
    quote, when `quotes`: a table row's quote is its name; a task row's is its sentence)."""
    best, best_score = None, threshold
    for other in pool:
        if other is e:
            continue
        score = _score(e, other, quotes)
        if score >= best_score:
            best, best_score = other, score
    return best


def merge(entries: list[Entry]) -> list[Entry]:
    table = [e for e in entries if e.origin == "table"]
    prose = sorted((e for e in entries if e.origin == "prose"), key=lambda e: (e.line, e.pos))
    tasks = [e for e in entries if e.origin == "task"]
    kept: list[Entry] = []
    for p in prose:
        row = _best(p, table, RESTATED_TABLE)
        if row is not None:
            row.aspirational = row.aspirational or p.aspirational
            row.notes.append(f"Restated at line {p.line} ({p.quote}).")
            continue
        same = [
            k
            for k in kept
            if k.line != p.line and k.kind == p.kind and (k.year == p.year or None in (k.year, p.year))
        ]
        earlier = _best(p, same, RESTATED_PROSE, quotes=False)
        if earlier is not None:
            earlier.notes.append(f"Restated at line {p.line} ({p.quote}).")
            continue
        kept.append(p)
    extra: list[Entry] = []
    for t in tasks:
        owner = _best(t, kept + table, RESTATED_TASK)
        if owner is None:
            extra.append(t)
            continue
        owner.responsibility = owner.responsibility or t.responsibility
        if owner.year_from == "default" and isinstance(t.year, int):
            owner.year, owner.year_from = t.year, "deadline"
            owner.notes.append(f"Year from the 完成时限 of the task at line {t.line}.")
        else:
            owner.notes.append(f"Repeated in the task breakdown at line {t.line}.")
    return sorted(table + kept + extra, key=lambda e: (e.line, e.pos))
