"""Plausibility audit of the observations (METHOD.md section 4): unit slips and impossible values.

Run on the whole store after every file is read, so a value is compared with the previous
reported year of its series and region wherever that year was submitted:

- `magnitude-jump`: a value 1000 times or more (or 1/1000 or less) the previous reported year;
- `magnitude-vs-plan`: the first reported year, 1000 times or more (or 1/1000 or less) the plan's
  baseline, else its target value (rows of the plan's own scope only);
- `share-out-of-range`: a share (a series in % with a target of kind share) below 0 or above 100.

All are errors: such a value is almost always a 万/亿 or 元/万元 slip. A statistician confirms a
genuine jump by starting the row's note (`note`/`备注`) with 确认 or `confirmed`."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from targets.actuals.store import Actuals
from targets.errors import Problem
from targets.models import Catalog, Kind, Plan, Target

FACTOR = Decimal(1000)
MAX_LISTED = 100  # problems listed per code; the rest are counted in one more
# 确认 / 已确认 / confirmed at the start of the note: 待确认 (to be confirmed) is no confirmation.
_CONFIRM = re.compile(r"\s*(?:已?确认|confirmed\b)", re.IGNORECASE)
_PREFIXES = {"万亿": 12, "亿": 8, "百万": 6, "万": 4, "千": 3}
_NAMES = {e: p for p, e in _PREFIXES.items()} | {0: ""}
# Units whose values may sit near zero or change sign: no magnitude test makes sense for them.
_NO_MAGNITUDE = {Kind.direction, Kind.rate, Kind.ratio}
Where = tuple[str | None, int | None]  # (file, line) of a value


def confirms(note: str) -> bool:
    """True when a note confirms a genuine jump: it starts with 确认, 已确认 or `confirmed`."""
    return bool(_CONFIRM.match(unicodedata.normalize("NFKC", note)))


def remember_confirmations(store: Actuals, file: int, lines: Sequence[int], notes: Sequence[str]) -> None:
    """Mark the rows (of file index `file`) whose note confirms a genuine jump, for the audit."""
    for line, note in zip(lines, notes, strict=True):
        if note and confirms(note):
            store.confirmed.add((file, line))


def audit(store: Actuals, catalog: Catalog) -> list[Problem]:
    """Every plausibility problem of the store, in series, region and year order."""
    targets = series_pairs(catalog)
    confirmed: set[Where] = {(store.files[f], n) for f, n in store.confirmed}
    found: list[Problem] = []
    for key in sorted(store.group_keys(), key=lambda k: (k[0], k[1] or "")):
        pairs = targets.get(key[0])
        if pairs:
            found += _group(store, key[0], key[1], pairs, confirmed)
    return listed(found)


def series_pairs(catalog: Catalog) -> dict[str, list[tuple[Plan, Target]]]:
    """The (plan, target) pairs of each series, in catalog order."""
    targets: dict[str, list[tuple[Plan, Target]]] = {}
    for plan, t in catalog.iter_targets():
        targets.setdefault(t.series_key, []).append((plan, t))
    return targets


def audited(pairs: list[tuple[Plan, Target]]) -> tuple[bool, bool]:
    """(share, magnitude): whether a series is tested as a share in 0-100, or for magnitude."""
    t = pairs[0][1]
    share = t.unit == "%" and any(x.kind is Kind.share for _, x in pairs)
    magnitude = t.unit not in (None, "%") and t.kind not in _NO_MAGNITUDE
    return share, magnitude


def listed(found: Iterable[Problem]) -> list[Problem]:
    """The first MAX_LISTED problems of each code, then one line per code counting the rest."""
    problems: list[Problem] = []
    counts: dict[str, int] = {}
    for p in found:
        counts[p.code] = counts.get(p.code, 0) + 1
        if counts[p.code] <= MAX_LISTED:
            problems.append(p)
    for code, n in counts.items():
        if n > MAX_LISTED:
            message = f"{n - MAX_LISTED} more {code} problem(s) are not listed ({n} in all)"
            problems.append(Problem(file="-", code=code, message=message))
    return problems


def _group(
    store: Actuals,
    series: str,
    region: str | None,
    pairs: list[tuple[Plan, Target]],
    confirmed: set[Where],
) -> Iterator[Problem]:
    share, magnitude = audited(pairs)
    if not (share or magnitude):
        return
    values = store.group((series, region))
    found: dict[int, Where] = {}

    def where(year: int) -> Where:
        # files and lines are looked up only for the rare value that is reported
        if not found:
            found.update(store.group_where((series, region))[1])
        return found[year]

    years = sorted(y for y, v in values.items() if v is not None)
    if share:
        for y in years:
            v = values[y]
            assert v is not None
            if not 0 <= v <= 100:
                yield share_problem(where(y), series, y, v)
    if not magnitude:
        return
    unit = pairs[0][1].unit or ""
    prev: tuple[int, Decimal] | None = None
    for y in years:
        v = values[y]
        assert v is not None
        if prev is not None:
            py, pv = prev
            ratio = ratio_of(v, pv)
            if ratio is not None and where(y) not in confirmed:
                yield jump_problem(where(y), where(py), series, region, unit, y, v, py, pv, ratio)
        else:
            ref = reference(pairs, region)
            ratio = ratio_of(v, ref[1]) if ref is not None else None
            if ref is not None and ratio is not None and where(y) not in confirmed:
                yield plan_problem(where(y), series, region, unit, y, v, ref, ratio)
        prev = (y, v)


def share_problem(at: Where, series: str, year: int, value: Decimal) -> Problem:
    message = f"{series} {year}: a share lies between 0 and 100 %, got {_n(value)}"
    return _at(at, "share-out-of-range", message)


def jump_problem(
    at: Where,
    prev_at: Where,
    series: str,
    region: str | None,
    unit: str,
    year: int,
    value: Decimal,
    prev_year: int,
    prev_value: Decimal,
    ratio: Decimal,
) -> Problem:
    """`magnitude-jump`: `value` of `year` is `ratio` times the previous reported year's."""
    pfile, pline = prev_at
    there = f"line {pline}" if pfile == at[0] else f"{pfile}:{pline}"
    where_txt = f" {region}" if region else ""
    return _at(
        at,
        "magnitude-jump",
        f"{series}{where_txt} {year}: {_n(value)} {unit} is {_times(ratio)} the {prev_year} value "
        f"{_n(prev_value)} ({there}); {_slip(value, ratio, unit)}. {_how(at[1])}",
    )


def plan_problem(
    at: Where,
    series: str,
    region: str | None,
    unit: str,
    year: int,
    value: Decimal,
    ref: tuple[str, Decimal, Target],
    ratio: Decimal,
) -> Problem:
    """`magnitude-vs-plan`: the first reported year is `ratio` times the plan's reference."""
    what, rv, t_ref = ref
    where_txt = f" {region}" if region else ""
    return _at(
        at,
        "magnitude-vs-plan",
        f"{series}{where_txt} {year}: {_n(value)} {unit} is {_times(ratio)} the {what} "
        f"{_n(rv)} of {t_ref.id} (plan text line {t_ref.source.line}), and no earlier "
        f"year is reported; {_slip(value, ratio, unit)}. {_how(at[1])}",
    )


def reference(pairs: list[tuple[Plan, Target]], region: str | None) -> tuple[str, Decimal, Target] | None:
    """The plan's baseline, else its target value, for rows of the plan's own scope."""
    for plan, t in pairs:
        if region is not None and region.strip() != plan.scope:
            continue
        if t.baseline is not None and t.baseline.value > 0:
            return f"plan's {t.baseline.year} baseline", t.baseline.value, t
    for plan, t in pairs:
        if region is not None and region.strip() != plan.scope:
            continue
        value = t.target.value
        if value is not None and value > 0 and t.kind not in (Kind.change_by, Kind.avg_growth):
            return f"plan's {t.target.year} target", value, t
    return None


def ratio_of(value: Decimal, ref: Decimal) -> Decimal | None:
    """value / ref when it is 1000 or more, or 1/1000 or less; None otherwise or undefined."""
    if value <= 0 or ref <= 0:
        return None
    if ref * FACTOR > value and value * FACTOR > ref:  # the usual case, without a division
        return None
    return value / ref


def _slip(value: Decimal, ratio: Decimal, unit: str) -> str:
    """The likely slip, named by the power of ten the value is off by and the unit's prefix."""
    exact = math.log10(ratio)
    e = round(exact)
    if abs(exact - e) > 0.35:
        return "likely a unit slip (万 vs 亿, 元 vs 万元) or a typing error"
    prefix = next((p for p in _PREFIXES if unit.startswith(p) and len(unit) > len(p)), "")
    rest = unit[len(prefix) :]
    meant = value / Decimal(10) ** e
    source = _NAMES.get(_PREFIXES.get(prefix, 0) - e)
    if source is not None:
        given = f"{_n(value)} {source}{rest}"
        return f"likely a {source}{rest} figure entered as {unit} ({given} = {_n(meant)} {unit})"
    return f"likely a slip of ×10^{e} (万 vs 亿, 元 vs 万元): {_n(meant)} {unit} if so"


def _how(line: int | None) -> str:
    return f"If the jump is genuine, start the note of line {line} with 确认 (or confirmed)"


def _times(ratio: Decimal) -> str:
    # six significant digits: 10468.8 times, 1/2349.13 of, 3.44828e+302 times
    return f"{float(ratio):.6g} times" if ratio >= 1 else f"1/{float(1 / ratio):.6g} of"


def _n(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text if len(text) <= 24 else f"{value.normalize():.6g}"  # 1e-300, not 300 zeros


def _at(where: Where, code: str, message: str) -> Problem:
    file, line = where
    return Problem(file=file or "-", line=line, column="value", code=code, message=message)
