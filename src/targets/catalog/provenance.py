"""Provenance checks: every quote at its line in the plan text, and targets that disagree."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from pathlib import Path as FsPath
from typing import Literal

from targets.catalog.yamlnodes import YamlDocument
from targets.errors import Problem
from targets.models import Catalog, Kind, Plan, Target


def _loc(pi: int, ti: int, *rest: str) -> tuple[str | int, ...]:
    return ("plans", pi, "targets", ti, *rest)


def source_lines(plan: Plan, sources_dir: FsPath) -> list[str] | None:
    """The plan text's lines, read as extract reads it (UTF-8 with or without BOM, GB18030, UTF-16)."""
    lines, _ = read_source(plan, sources_dir)
    return lines


def read_source(plan: Plan, sources_dir: FsPath) -> tuple[list[str] | None, str]:
    """(the plan text's lines, '') or (None, why not): only a regular file within
    TARGETS_MAX_TEXT_MB is read, so a `source:` naming /dev/zero or a FIFO fails at once."""
    from targets.errors import TargetsError
    from targets.files import MAX_TEXT_MB, ReadRefused, read_regular
    from targets.textio import decode

    path = sources_dir / plan.source
    try:
        return decode(read_regular(path, MAX_TEXT_MB), str(path)).splitlines(), ""
    except ReadRefused as exc:
        return None, str(exc)
    except TargetsError as exc:
        return None, exc.problems[0].message if exc.problems else "cannot decode"


def _problem(
    catalog: Catalog,
    doc: YamlDocument | None,
    loc: tuple[str | int, ...],
    code: str,
    message: str,
    severity: Literal["error", "warning"] = "error",
) -> Problem:
    from targets.catalog.paths import fmt_path

    return Problem(
        file=catalog.source,
        line=doc.line_of(loc) if doc else None,
        column=fmt_path(doc, loc),
        code=code,
        message=message,
        severity=severity,
    )


def check_sources(catalog: Catalog, doc: YamlDocument | None, sources_dir: FsPath) -> list[Problem]:
    """The plan text exists and every quote occurs verbatim on its stated line."""

    problems: list[Problem] = []

    def add(loc: tuple[str | int, ...], code: str, message: str) -> None:
        problems.append(_problem(catalog, doc, loc, code, message))

    for pi, plan in enumerate(catalog.plans):
        lines, why = read_source(plan, sources_dir)
        if lines is None:
            add(
                ("plans", pi, "source"),
                "source-missing",
                f"cannot read {sources_dir / plan.source}: {why.removeprefix('cannot read: ')}",
            )
            continue
        for ti, t in enumerate(plan.targets):
            n, quote = t.source.line, t.source.quote
            if n > len(lines):
                add(
                    _loc(pi, ti, "source", "line"),
                    "quote-line",
                    f"line {n} is past the end of {plan.source} ({len(lines)} lines)",
                )
            elif quote not in lines[n - 1]:
                found = [i + 1 for i, text in enumerate(lines) if quote in text]
                hint = f"; it occurs on line {found[0]}" if found else "; it occurs nowhere in the text"
                add(
                    _loc(pi, ti, "source", "quote"),
                    "quote-not-found",
                    f"quote {quote!r} is not on line {n} of {plan.source}{hint}",
                )
    return problems


def _where(plan: Plan, t: Target) -> str:
    return f"{t.id} ({plan.source}:{t.source.line})"


def _fmt(value: Decimal | None, unit: str | None) -> str:
    return f"{value.normalize():f}{unit or ''}" if value is not None else "?"


def check_consistency(catalog: Catalog, doc: YamlDocument | None) -> list[Problem]:
    """Warnings: two plans that set different targets for one indicator and year; a plan
    sentence whose own numbers disagree."""

    problems: list[Problem] = []

    def warn(pi: int, ti: int, code: str, message: str) -> None:
        problems.append(_problem(catalog, doc, _loc(pi, ti), code, message, "warning"))

    groups: dict[tuple[str, object], list[tuple[int, int, Plan, Target]]] = {}
    for pi, plan in enumerate(catalog.plans):
        for ti, t in enumerate(plan.targets):
            if t.series is not None:
                key: tuple[str, object] = ("series", (t.series, t.target.year))
            else:
                key = ("name", (plan.scope, t.name, t.target.year))
            groups.setdefault(key, []).append((pi, ti, plan, t))
            yield_internal = _internal_disagreement(t)
            if yield_internal:
                warn(pi, ti, "plan-numbers-disagree", f"{_where(plan, t)}: {yield_internal}")
    for members in groups.values():
        plans_seen = {m[2].id for m in members}
        if len(plans_seen) < 2:
            continue
        for a, b in pairwise(members):
            (pa, ta), (pb, tb) = (a[2], a[3]), (b[2], b[3])
            if pa.id == pb.id:
                continue
            va, vb = ta.target.value, tb.target.value
            if va is None or vb is None or (va == vb and ta.comparator == tb.comparator):
                continue
            msg = (
                f"{ta.name} ({pa.scope}) for {ta.target.year}: {_where(pa, ta)} sets "
                f"{_fmt(va, ta.unit)} but {_where(pb, tb)} sets {_fmt(vb, tb.unit)}"
            )
            warn(b[0], b[1], "plans-disagree", msg)
    return problems


def _internal_disagreement(t: Target) -> str | None:
    tv, b = t.target, t.baseline
    if b is None or tv.value is None or b.value == 0:
        return None
    if tv.change_pct is not None:
        stated = tv.change_pct
        implied = (tv.value / b.value - 1) * 100
        if abs(implied - stated) > Decimal("0.5"):
            return (
                f"the plan states a change of {stated.normalize():f}% but its own values "
                f"{_fmt(b.value, t.unit)} -> {_fmt(tv.value, t.unit)} are a change of "
                f"{implied.quantize(Decimal('0.1'))}%"
            )
    if t.kind is Kind.multiple and tv.factor is not None:
        implied = tv.value / b.value
        if abs(implied - tv.factor) > Decimal("0.01") * tv.factor:
            return (
                f"the plan states a factor of {tv.factor.normalize():f} but its own values "
                f"imply {implied.quantize(Decimal('0.01'))}"
            )
    return None


def context(plan: Plan, t: Target, sources_dir: FsPath, around: int = 1) -> list[tuple[int, str]]:
    """The quoted line and its neighbours, numbered, for `targets show`."""
    lines = source_lines(plan, sources_dir) or []
    lo = max(1, t.source.line - around)
    hi = min(len(lines), t.source.line + around)
    return [(n, lines[n - 1]) for n in range(lo, hi + 1)]
