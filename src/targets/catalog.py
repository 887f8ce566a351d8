"""Reading and validating the catalog: YAML text -> Catalog, with every error at its file:line."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

from .errors import CatalogError, Problem
from .models import Catalog, Comparator, Direction, Kind, Plan, Target

if TYPE_CHECKING:
    from pydantic import ValidationError

    from .yamlnodes import YamlDocument

Path = tuple[str | int, ...]

_VALUE_KINDS = {Kind.level, Kind.share, Kind.ratio, Kind.maintain, Kind.rate, Kind.cum_sum}
_KIND_FIELDS: dict[Kind, set[str]] = {
    **{k: {"value"} for k in _VALUE_KINDS},
    Kind.range: {"value", "value_high"},
    Kind.multiple: {"factor"},
    Kind.change_by: {"change_pct"},
    Kind.avg_growth: {"growth_pct"},
    Kind.direction: set(),
}
# Fields a kind may carry besides its required ones (a computed value noted by the plan).
_KIND_OPTIONAL: dict[Kind, set[str]] = {
    Kind.level: {"change_pct"},  # a change the plan prints beside the level (checked, not used)
    Kind.multiple: {"value", "base_year"},
    Kind.change_by: {"value", "base_year"},
    Kind.avg_growth: {"value", "base_year"},
}
_NUMERIC_FIELDS = ("value", "value_high", "factor", "change_pct", "growth_pct")


def _fmt_path(doc: YamlDocument | None, loc: Path) -> str:
    out = ""
    node: Any = doc.data if doc else None
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                out += f" (id={node['id']})"
        else:
            out += f".{part}" if out else part
            node = node.get(part) if isinstance(node, dict) else None
    return out


def _got(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(str(value)) if not isinstance(value, bool) else repr(value)


def _expected(err: Any) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "a whole number"
    if kind in ("decimal_parsing", "decimal_type", "finite_number", "float_parsing"):
        return "a number"
    if kind in ("enum", "literal_error"):
        return f"one of {ctx.get('expected', '?')}"
    if kind == "string_type":
        return "text"
    if kind == "string_pattern_mismatch":
        return f"an id matching {ctx.get('pattern', '?')}"
    if kind in ("bool_parsing", "bool_type"):
        return "true or false"
    if kind in ("list_type",):
        return "a list"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "a mapping"
    if kind == "number_range":
        return "a number of at most 10^15"
    if kind == "string_too_short":
        return "non-empty text"
    if kind in ("greater_than_equal", "greater_than"):
        return f"a number >= {ctx.get('ge', ctx.get('gt'))}"
    return str(err["msg"]).lower()


def _pydantic_problems(exc: ValidationError, doc: YamlDocument, source: str) -> list[Problem]:
    groups: dict[Path, list[Any]] = {}
    for err in exc.errors():
        loc: list[str | int] = []
        node: Any = doc.data
        for part in err["loc"]:
            # union members add their type name to loc; keep only real data keys
            if isinstance(part, int) and isinstance(node, list) and part < len(node):
                node = node[part]
            elif (
                isinstance(part, str)
                and isinstance(node, dict)
                and (part in node or err["type"] == "missing")
            ):
                node = node.get(part)
            else:
                continue
            loc.append(part)
        groups.setdefault(tuple(loc), []).append(err)
    problems = []
    for key, errs in groups.items():
        first = errs[0]
        if first["type"] == "missing":
            msg = "required field is missing"
            line = doc.line_of(key[:-1])
        elif first["type"] == "extra_forbidden":
            msg = f"unknown field {key[-1]!r}"
            line = doc.line_of(key)
        else:
            expected = " or ".join(dict.fromkeys(_expected(e) for e in errs))
            msg = f"expected {expected}, got {_got(first.get('input'))}"
            line = doc.line_of(key)
        problems.append(
            Problem(
                file=source,
                line=line,
                column=_fmt_path(doc, key),
                code=f"schema-{first['type']}".replace("_", "-"),
                message=msg,
            )
        )
    return problems


def parse_catalog(text: str, source: str = "-") -> Catalog:
    """Parse and check catalog text; raise CatalogError listing every problem found."""
    return _parse_valid(text, source)[0]


def _parse_valid(text: str, source: str) -> tuple[Catalog, dict[str, Any]]:
    catalog, problems, _, data = _parse(text, source)
    errors = [p for p in problems if p.severity == "error"]
    if errors or catalog is None or data is None:
        raise CatalogError(errors)
    return catalog, data


def _parse(
    text: str, source: str
) -> tuple[Catalog | None, list[Problem], YamlDocument | None, dict[str, Any] | None]:
    """-> (catalog, problems, YAML document, the validated data as JSON-ready values)."""
    from pydantic import ValidationError

    from .schema import Catalog as CatalogSchema
    from .yamlnodes import load_yaml

    doc, problems = load_yaml(text, source)
    if doc is None or problems:
        return None, problems, doc, None
    if not isinstance(doc.data, dict):
        msg = "expected a mapping with 'version' and 'plans' at the top"
        return None, [Problem(file=source, line=1, code="schema-top", message=msg)], doc, None
    try:
        valid = CatalogSchema.model_validate(doc.data)
    except ValidationError as exc:
        return None, _pydantic_problems(exc, doc, source), doc, None
    # Decimals become exact strings here; the same data feeds the cache and the dataclasses.
    data = valid.model_dump(mode="json", exclude_none=True)
    catalog = Catalog.from_dict(data, source)
    return catalog, check_semantics(catalog, doc), doc, data


def check_semantics(catalog: Catalog, doc: YamlDocument | None) -> list[Problem]:
    """Checks pydantic cannot express: unique ids, kind/field agreement, years, directions."""
    problems: list[Problem] = []
    source = catalog.source

    def add(loc: Path, code: str, message: str, severity: str = "error") -> None:
        line = doc.line_of(loc) if doc else None
        problems.append(
            Problem(
                file=source,
                line=line,
                column=_fmt_path(doc, loc),
                code=code,
                message=message,
                severity="warning" if severity == "warning" else "error",
            )
        )

    plan_ids: dict[str, int] = {}
    target_ids: dict[str, Path] = {}
    series_units: dict[str, tuple[str | None, Path]] = {}
    for pi, plan in enumerate(catalog.plans):
        ploc: Path = ("plans", pi)
        if plan.id in plan_ids:
            add((*ploc, "id"), "duplicate-id", f"plan id {plan.id!r} is used twice")
        plan_ids[plan.id] = pi
        if plan.period.start > plan.period.end:
            add((*ploc, "period"), "bad-period", "period.start is after period.end")
        for ti, t in enumerate(plan.targets):
            tloc: Path = (*ploc, "targets", ti)
            if t.id in target_ids:
                first = doc.line_of(target_ids[t.id]) if doc else None
                add(
                    (*tloc, "id"),
                    "duplicate-id",
                    f"target id {t.id!r} is used twice (first at line {first})",
                )
            else:
                target_ids[t.id] = (*tloc, "id")
            if not t.id.startswith(plan.id + "."):
                add(
                    (*tloc, "id"),
                    "id-prefix",
                    f"target id must start with the plan id {plan.id + '.'!r}",
                )
            unit_of = series_units.setdefault(t.series_key, (t.unit, (*tloc, "unit")))
            if unit_of[0] != t.unit:
                first = doc.line_of(unit_of[1]) if doc else None
                add(
                    (*tloc, "unit"),
                    "series-unit",
                    f"series {t.series_key!r} is in {unit_of[0]!r} at line {first} but in {t.unit!r} here; "
                    "targets sharing a series must share a unit",
                )
            if t.draft is not None and t.draft.review:
                add(
                    (*tloc, "draft", "review"),
                    "draft-unreviewed",
                    f"{t.id}: unreviewed draft fields {', '.join(t.draft.review)}; check them against the "
                    "plan text, then remove them from draft.review",
                    severity="warning",
                )
            problems_for = _check_target(plan, t)
            for rel, code, message in problems_for:
                add((*tloc, *rel), code, message)
    return problems


def _check_target(plan: Plan, t: Target) -> Iterable[tuple[Path, str, str]]:
    tv = t.target
    present = {f for f in _NUMERIC_FIELDS if getattr(tv, f) is not None}
    required = _KIND_FIELDS[t.kind]
    allowed = required | _KIND_OPTIONAL.get(t.kind, set())
    for f in sorted(required - present):
        yield ("target",), "kind-field", f"kind {t.kind.value} needs target.{f}"
    for f in sorted(present - allowed):
        yield ("target", f), "kind-field", f"target.{f} does not apply to kind {t.kind.value}"
    if (t.kind is Kind.range) != (t.comparator is Comparator.range):
        yield (
            ("comparator",),
            "kind-comparator",
            (
                f"comparator {t.comparator.value} does not fit kind {t.kind.value} "
                "(kind range goes with comparator range)"
            ),
        )
    if t.tolerance is not None and t.comparator is not Comparator.approx:
        yield ("tolerance",), "kind-comparator", "tolerance applies only to comparator approx"
    if t.tolerance is not None and not Decimal(0) < t.tolerance < Decimal(1):
        yield ("tolerance",), "bad-value", f"expected a fraction between 0 and 1, got {t.tolerance}"
    if (
        t.kind is Kind.range
        and tv.value is not None
        and tv.value_high is not None
        and tv.value >= tv.value_high
    ):
        yield ("target", "value_high"), "bad-range", "value_high must be above value"
    share = t.kind is Kind.share and t.unit == "%" and tv.value is not None
    if share and tv.value is not None and not Decimal(0) <= tv.value <= Decimal(100):
        yield ("target", "value"), "bad-value", f"a share must lie in 0..100, got {tv.value}"
    if t.kind in (Kind.multiple,) and tv.factor is not None and tv.factor <= 0:
        yield ("target", "factor"), "bad-value", f"factor must be positive, got {tv.factor}"
    pct = tv.change_pct
    if t.kind is Kind.change_by and pct is not None and (pct < 0) != (t.direction is Direction.lower):
        yield (
            ("direction",),
            "direction-mismatch",
            (f"change_pct {tv.change_pct} and direction {t.direction.value} disagree"),
        )
    if t.kind is Kind.cum_sum and t.cumulative is None:
        yield ("cumulative",), "kind-field", "kind cum_sum needs cumulative: {start, end}"
    if t.cumulative is not None and t.kind is not Kind.cum_sum:
        yield ("cumulative",), "kind-field", "cumulative applies only to kind cum_sum"
    yield from _check_years(plan, t)
    yield from _check_direction(t)


def _check_years(plan: Plan, t: Target) -> Iterable[tuple[Path, str, str]]:
    start, end = plan.period.start, plan.period.end
    year = t.target.year
    if year != "annual" and not start <= year <= end:
        yield (
            ("target", "year"),
            "year-outside-period",
            (f"target year {year} is outside the plan period {start}-{end}"),
        )
    if t.baseline is not None and year != "annual" and t.baseline.year >= year:
        yield (
            ("baseline", "year"),
            "bad-year",
            (f"baseline year {t.baseline.year} is not before the target year {year}"),
        )
    if t.cumulative is not None:
        c = t.cumulative
        if c.start > c.end or year not in ("annual", c.end):
            yield (
                ("cumulative",),
                "bad-window",
                (f"cumulative window {c.start}-{c.end} must end in the target year {year}"),
            )


def _check_direction(t: Target) -> Iterable[tuple[Path, str, str]]:
    if t.baseline is None or t.target.value is None:
        return
    if t.kind not in (Kind.level, Kind.share, Kind.ratio, Kind.range):
        return
    b, g = t.baseline.value, t.target.value
    if (g > b and t.direction is Direction.lower) or (g < b and t.direction is Direction.higher):
        yield (
            ("direction",),
            "direction-mismatch",
            (f"direction {t.direction.value} disagrees with baseline {b} -> target {g}"),
        )
    if t.comparator is Comparator.at_most and t.direction is Direction.higher:
        yield ("comparator",), "direction-mismatch", "comparator at_most with direction higher"
    if t.comparator is Comparator.at_least and t.direction is Direction.lower:
        yield ("comparator",), "direction-mismatch", "comparator at_least with direction lower"


def read_bytes(path: FsPath) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CatalogError(
            [Problem(file=str(path), code="io", message=f"cannot read: {exc.strerror or exc}")]
        ) from None


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 (a BOM is allowed) or CatalogError naming the line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError(
            [Problem(file=source, line=line, code="encoding", message="not valid UTF-8")]
        ) from None


def read_text(path: FsPath) -> str:
    """Read a UTF-8 file (a BOM is allowed) or raise CatalogError naming it."""
    return decode_text(read_bytes(path), str(path))


def load_catalog(path: str | os.PathLike[str]) -> Catalog:
    """Read and parse a catalog file.

    A catalog that validated once is kept in a cache keyed by its bytes and by this package's
    code, so later runs skip YAML and pydantic (about 200 ms of start-up); see docs/cli.md.
    """
    from .cache import cache_file, write_cache

    p = FsPath(path)
    data = read_bytes(p)
    cache = cache_file(data)
    if cache is not None:
        try:
            return Catalog.from_dict(json.loads(cache.read_bytes()), str(path))
        except (OSError, ValueError, KeyError, TypeError):
            pass  # absent, unreadable or stale: rebuild below
    catalog, valid = _parse_valid(decode_text(data, str(path)), str(path))
    if cache is not None:
        write_cache(cache, valid)
    return catalog


def validate_catalog_file(path: str | os.PathLike[str]) -> tuple[Catalog | None, list[Problem]]:
    """Every check `targets validate` runs: schema, semantics, units, sources, cross-plan warnings."""
    from .provenance import check_consistency, check_sources
    from .units import check_units

    p = FsPath(path)
    catalog, problems, doc, _ = _parse(read_text(p), str(path))
    if catalog is None:
        return None, problems
    problems += check_units(catalog, doc)
    problems += check_sources(catalog, doc, p.parent / "sources")
    problems += check_consistency(catalog, doc)
    return catalog, problems


def default_catalog_path() -> FsPath:
    """The shipped catalog: package data when installed, the repository's data/ otherwise."""
    env = os.environ.get("TARGETS_CATALOG")
    if env:
        return FsPath(env)
    here = FsPath(__file__).resolve().parent
    for candidate in (
        here / "data" / "indicators.yaml",
        here.parents[1] / "data" / "indicators.yaml",
    ):
        if candidate.is_file():
            return candidate
    return here / "data" / "indicators.yaml"


fmt_path = _fmt_path
