"""Reading and validating the catalog: YAML text -> Catalog, with every error at its file:line."""

from __future__ import annotations

import os
import re
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

from targets.catalog.paths import Path, fmt_path
from targets.catalog.semantics import check_semantics
from targets.errors import CatalogError, Problem
from targets.files import MAX_CATALOG_MB, MAX_TARGETS, ReadRefused, read_regular
from targets.models import Catalog

if TYPE_CHECKING:
    from pydantic import ValidationError

    from targets.catalog.yamlnodes import YamlDocument


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
        return "a number of at most 10^15 (and, unless 0, at least 10^-300)"
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
                column=fmt_path(doc, key),
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

    from targets.catalog.schema import Catalog as CatalogSchema
    from targets.catalog.yamlnodes import load_yaml

    too_many = _too_many_targets(text, source)
    if too_many is not None:
        return None, [too_many], None, None
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


_ID_KEY = re.compile(r"^[ \t]*(?:-[ \t]+)?id[ \t]*:", re.MULTILINE)


def _too_many_targets(text: str, source: str) -> Problem | None:
    # Counted from the text, before YAML and pydantic spend seconds on a million entries.
    ids = len(_ID_KEY.findall(text))
    if ids <= MAX_TARGETS.value:
        return None
    message = MAX_TARGETS.refusal(f"about {ids:,} entries with an id")
    return Problem(file=source, line=None, code="limit-targets", message=message)


def read_bytes(path: FsPath) -> bytes:
    """The catalog's bytes: a regular file within TARGETS_MAX_CATALOG_MB, or CatalogError."""
    try:
        return read_regular(path, MAX_CATALOG_MB)
    except ReadRefused as exc:
        raise CatalogError([Problem(file=str(path), code="io", message=str(exc))]) from None


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
    from targets.catalog.cache import cache_file, write_catalog

    p = FsPath(path)
    data = read_bytes(p)
    cache = cache_file(data)
    if cache is not None:
        cached = _from_cache(cache, str(path))
        if cached is not None:
            return cached
    catalog, valid = _parse_valid(decode_text(data, str(path)), str(path))
    if cache is not None:
        write_catalog(cache, valid)
    return catalog


def _from_cache(cache: FsPath, source: str) -> Catalog | None:
    """The cached catalog when its entry is sound and its content has the schema's types and
    limits; None (rebuild) otherwise."""
    from targets.catalog.cache import read_catalog, rejected
    from targets.catalog.conform import conforms

    data = read_catalog(cache)
    if data is None:
        return None
    try:
        catalog = Catalog.from_dict(data, source)
    except Exception:  # any shape of broken data: the entry is rebuilt
        catalog = None
    if catalog is None or not conforms(catalog):
        rejected(cache, "its content does not match the catalog schema")
        return None
    return catalog


def validate_catalog_file(path: str | os.PathLike[str]) -> tuple[Catalog | None, list[Problem]]:
    """Every check `targets validate` runs: schema, semantics, units, sources, cross-plan warnings."""
    from targets.catalog.provenance import check_consistency, check_sources
    from targets.catalog.units import check_units

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
    package = FsPath(__file__).resolve().parents[1]
    for candidate in (
        package / "data" / "indicators.yaml",
        package.parents[1] / "data" / "indicators.yaml",
    ):
        if candidate.is_file():
            return candidate
    return package / "data" / "indicators.yaml"
