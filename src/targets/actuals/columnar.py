"""Big, clean CSV files read column by column through pyarrow and numpy (the `scale` extra).

A national roll-up is millions of rows that are all alike. When every row of every file is one
the row reader would accept without a message (see `Refused` for what that means), the files are
read here instead: pyarrow parses them in C++, each distinct indicator, year, unit and region
spelling is checked once in Python by the same `Resolver` and rules as the row reader, and the
values stay in numpy arrays sorted by (series, region, year). Anything the row reader would have
something to say about (an unknown name, a blank, a duplicate, a year outside the period, a value
the plausibility audit would question) makes `read_columns` return None, and the caller reads
the files with the row reader, whose messages are the reference. So the problems of a check are
the same on both ways in: none here, and the row reader's own otherwise.

`Columns` gives evaluation the same `series_groups` interface as the in-memory store (exact
Decimal values taken from the cells' text), and `evaluate/columnar.py` reads its arrays directly.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

from targets.actuals.columnar_checks import READ as _READ
from targets.actuals.columnar_checks import Refused, audit_clean, header_fields, no_duplicates, plain_bytes
from targets.actuals.columnar_rows import from_store, row_pass
from targets.actuals.resolve import Resolver
from targets.actuals.store import Actuals
from targets.errors import Problem
from targets.models import Catalog

if TYPE_CHECKING:
    import numpy as np

_PLAIN = r"^[0-9]{1,15}(\.[0-9]{1,15})?$"


@dataclass
class Columns:
    """Observations as sorted arrays: one entry per (series, region, year), all with a value."""

    series: list[str]  # series keys by id (the resolver's order: the catalog's)
    regions: list[str | None]  # by rank: no region first, then by name
    files: list[str]
    s: np.ndarray  # series id
    r: np.ndarray  # region rank
    y: np.ndarray  # year
    v: np.ndarray  # value as float64: each cell has at most 15 digits, so the float's shortest
    # text (repr) is the cell's number exactly, and Decimal(repr(v)) is what the row reader holds
    f: np.ndarray  # file index
    line: np.ndarray  # physical line
    latest_year: int | None
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # series key -> [start, end)
    # exact values of rows the row reader's checks read whose float is not the number itself
    # (a unit converted, more than 15 digits): (series id, region rank, year) -> value
    decimals: dict[tuple[int, int, int], Decimal] = field(default_factory=dict)
    memo: dict[str, Any] = field(default_factory=dict, repr=False)  # values later stages derive once

    def __len__(self) -> int:
        return len(self.v)

    def group_at(
        self, lo: int, hi: int
    ) -> tuple[dict[int, Decimal | None], dict[int, tuple[str | None, int | None]]]:
        """The exact {year: value} and {year: (file, line)} of the rows lo..hi (one group)."""
        values: dict[int, Decimal | None] = {}
        where: dict[int, tuple[str | None, int | None]] = {}
        for i in range(lo, hi):
            year = int(self.y[i])
            v = float(self.v[i])
            exact = self.decimals.get((int(self.s[i]), int(self.r[i]), year)) if self.decimals else None
            if exact is None and not math.isnan(v):
                exact = Decimal(repr(v))
            values[year] = exact
            where[year] = self.files[int(self.f[i])], int(self.line[i])
        return values, where

    def groups(self, series: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(region ranks, starts, ends) of the groups of `series`, in evaluation order."""
        import numpy as np

        lo, hi = self.spans.get(series, (0, 0))
        ranks = self.r[lo:hi]
        cuts = np.flatnonzero(ranks[1:] != ranks[:-1]) + 1
        starts = np.concatenate(([0], cuts)) + lo if hi > lo else np.empty(0, dtype=np.int64)
        ends = np.concatenate((cuts, [hi - lo])) + lo if hi > lo else np.empty(0, dtype=np.int64)
        return ranks[starts - lo] if hi > lo else ranks, starts, ends

    def inexact_ranks(self, series: str) -> list[int]:
        """The regions of `series` with a value whose float is not the number itself (kept in
        `decimals`): evaluated exactly, never in arrays."""
        if not self.decimals:
            return []
        sid = self.series.index(series)
        return sorted({r for s, r, _ in self.decimals if s == sid})

    def rank_of(self, region: str | None) -> int | None:
        """The rank of a region name (None: no region), or None when no row has it."""
        if "ranks" not in self.memo:
            self.memo["ranks"] = {g: i for i, g in enumerate(self.regions)}
        found: int | None = self.memo["ranks"].get(region)
        return found

    def region_bounds(self, series: str) -> Iterator[tuple[int, int, int]]:
        """(region rank, lo, hi) of each group of `series`, in evaluation order."""
        ranks, starts, ends = self.groups(series)
        yield from zip(ranks.tolist(), starts.tolist(), ends.tolist(), strict=True)

    def series_groups(
        self, series: str
    ) -> Iterator[tuple[str | None, dict[int, Decimal | None], dict[int, tuple[str | None, int | None]]]]:
        """The `Grouped` interface of evaluation, with exact values (the reference path)."""
        for rank, lo, hi in self.region_bounds(series):
            values, where = self.group_at(lo, hi)
            yield self.regions[rank], values, where


class _Reading:
    """What every file of one read shares: the resolver, the store and --fx rates of the row
    checks, the series ids (the resolver's order, which `Columns.series` keeps), which series
    are in percent, and the region ids handed out so far."""

    def __init__(self, res: Resolver, rows: tuple[Actuals, dict[str, Decimal] | None]) -> None:
        import numpy as np

        self.res, self.rows = res, rows
        self.keys = list(res.series_targets)
        self.ids = {key: i for i, key in enumerate(self.keys)}
        self.percent = np.array([res.series_targets[k][0].unit == "%" for k in self.keys], dtype=bool)
        self.region_ids: dict[str | None, int] = {}

    def series(self, text: str) -> int:
        """The id of a spelling the resolver takes without a scope; -1 otherwise."""
        self.res.resolve(text)
        key = self.res.memo.get(text)
        return -1 if key is None else self.ids[key]

    def region(self, text: str) -> int:
        key = text.strip() or None
        found = self.region_ids.get(key)
        if found is None:
            found = self.region_ids[key] = len(self.region_ids)
        return found


# Unusual rows are held (line, cells) until the file is read: past this many, the row reader,
# which streams, reads the input instead.
MAX_UNUSUAL = 50_000


def read_columns(
    paths: list[FsPath],
    catalog: Catalog,
    *,
    encoding: str | None = None,
    plans: tuple[str, ...] = (),
    fx: dict[str, Decimal] | None = None,
) -> tuple[Columns, list[Problem]]:
    """Read every file column by column -> the observations and the problems the row reader
    gives them; Refused when the input must go to the row reader whole."""
    import tempfile

    import numpy as np

    res = Resolver(catalog, plans)
    parts: list[dict[str, Any]] = []
    exact = Actuals()  # the rows the row reader's own checks read (see columnar_rows.py)
    ctx = _Reading(res, (exact, fx))
    # what is read holds no cycles: the cyclic collector is paused while loading, as load_actuals does
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        with tempfile.TemporaryDirectory(prefix="targets-columnar-") as tmp:
            for k, path in enumerate(paths):
                spare = FsPath(tmp) / f"{k}.csv"
                try:
                    parts.append(_read_file(path, spare, ctx, encoding))
                except OSError as exc:  # gone or changed since it was chosen: the row reader says
                    raise Refused(f"{path}: {exc.strerror or exc}") from None
                spare.unlink(missing_ok=True)
    finally:
        if was_enabled:
            gc.enable()
    parts.append(from_store(exact, ctx.ids, lambda g: ctx.region(g or "")))
    if not sum(len(p["s"]) for p in parts):
        raise Refused("no rows")
    series, region_ids = ctx.keys, ctx.region_ids
    names: list[str | None] = sorted(region_ids, key=lambda g: (g is not None, g or ""))
    rank = np.empty(len(region_ids), dtype=np.int32)
    for i, g in enumerate(names):
        rank[region_ids[g]] = i
    s = _joined(parts, "s")
    r = rank[_joined(parts, "r")]
    y = _joined(parts, "y")
    order = np.lexsort((y, r, s))
    # one array at a time, so a national file never holds two copies of everything
    s, r, y = s[order], r[order], y[order]
    v = _joined(parts, "v")[order]
    f = _joined(parts, "f")[order]
    line = _joined(parts, "line")[order]
    del order
    valued = y[~np.isnan(v)]
    latest = int(valued.max()) if len(valued) else None
    cols = Columns(series, names, [str(p) for p in paths], s, r, y, v, f, line, latest_year=latest)
    cols.decimals = {(a, int(rank[b]), c): d for (a, b, c), d in parts[-1]["decimals"].items()}
    no_duplicates(cols)
    cuts = np.flatnonzero(cols.s[1:] != cols.s[:-1]) + 1
    bounds = [0, *cuts.tolist(), len(cols.s)]
    for lo, hi in pairwise(bounds):
        cols.spans[series[int(cols.s[lo])]] = (lo, hi)
    audit_clean(cols, catalog)
    return cols, [w for p in parts for w in p.get("problems", [])]


def _joined(parts: list[dict[str, Any]], key: str) -> np.ndarray:
    """The parts' arrays of `key` end to end, taken out of the parts (no copy for a single
    non-empty part: a national file is usually one)."""
    import numpy as np

    arrays = [p.pop(key) for p in parts]
    filled = [a for a in arrays if len(a)]
    return np.asarray(filled[0] if len(filled) == 1 else np.concatenate(arrays))


# ---------------------------------------------------------------------- one file


def _read_file(path: FsPath, spare: FsPath, ctx: _Reading, encoding: str | None) -> dict[str, Any]:
    """One file -> the arrays of its plain rows and the problems of the file; its other rows go
    through the row reader's checks into `ctx.rows[0]`. `spare` takes the file's text in UTF-8
    when it is not."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pcsv

    from targets.actuals.stream import utf8_copy

    found = utf8_copy(path, encoding, spare)
    if found is None:
        raise Refused(f"{path}: its encoding is for the row reader to judge")
    text, skip = found  # the file itself when UTF-8, else its text in UTF-8 (decoded once)
    lines = plain_bytes(text)
    header = header_fields(text, "utf-8", skip)
    names = [f"c{i}" for i in range(len(header))]
    dict_t = pa.dictionary(pa.int32(), pa.string())
    types = {n: pa.string() if c == "value" else dict_t for n, c in zip(names, header, strict=True)}
    # the plain rows' arrays, allocated once for every record the file can hold and filled
    # batch by batch (no list of pieces to concatenate: half the peak memory of a big file)
    out: dict[str, Any] = {
        key: np.empty(max(lines - 1, 0), dtype=dtype)
        for key, dtype in (
            ("s", np.int32),
            ("y", np.int16),
            ("v", np.float64),
            ("r", np.int32),
            ("line", np.int32),
        )
    }
    unusual: list[tuple[int, list[str]]] = []
    first, filled = 2, 0  # the line of a batch's first row; plain rows so far
    try:
        reader = pcsv.open_csv(
            text,
            read_options=pcsv.ReadOptions(column_names=names, skip_rows=1, block_size=2 << 20),
            parse_options=pcsv.ParseOptions(quote_char=False, newlines_in_values=False),
            convert_options=pcsv.ConvertOptions(
                column_types=types,
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                include_columns=[n for n, c in zip(names, header, strict=True) if c in _READ],
            ),
        )
        for batch in reader:
            if first - 1 + batch.num_rows > lines:
                raise Refused(f"{path}: more records than lines")
            got = _batch(batch, header, names, ctx, first)
            k = len(got["s"])
            for key, array in out.items():
                array[filled : filled + k] = got[key]
            filled += k
            unusual.extend(got["unusual"])
            if len(unusual) > MAX_UNUSUAL:  # held as Python lists: the row reader streams them
                raise Refused(f"{path}: more than {MAX_UNUSUAL:,} rows need the row checks")
            first += batch.num_rows
    except (pa.ArrowInvalid, pa.ArrowException, UnicodeError, ValueError) as exc:
        raise Refused(f"{path}: {exc}") from None
    if first - 1 != lines:
        raise Refused(f"{path}: {first - 2} records for {lines} lines (blank lines or a short row)")
    out = {key: array[:filled] for key, array in out.items()}
    plain = (out["s"], out["y"], out["line"])
    out["problems"], index = row_pass(path, header, ctx.res, ctx.rows, unusual, plain)
    out["f"] = np.full(len(out["s"]), index, dtype=np.int16 if index < 32767 else np.int32)
    return out


def _batch(batch: Any, header: list[str], names: list[str], ctx: _Reading, first: int) -> dict[str, Any]:
    """One record batch -> the arrays of its plain rows (as the row reader's bulk path takes
    them) and, for every other row, (line, cells) for the row reader's checks."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    cells = {c: batch.column(names[header.index(c)]) for c in _READ if c in header}
    values = cells["value"]
    n = len(values)
    plain = pc.match_substring_regex(values, _PLAIN).to_numpy(zero_copy_only=False)
    plain &= pc.less_equal(pc.utf8_length(values), 15).to_numpy(zero_copy_only=False)
    s = _codes(cells["indicator"], ctx.series)
    years = _codes(cells["year"], _year)
    plain &= (s >= 0) & (years >= 0)
    if ctx.percent.any():
        zero = pc.starts_with(values, "0").to_numpy(zero_copy_only=False)
        plain &= ~(zero & ctx.percent[np.maximum(s, 0)])
    if "unit" in cells:
        plain &= _units_ok(cells["unit"], s, ctx)
    if "region" in cells:
        r = _codes(cells["region"], ctx.region)
    else:
        r = np.full(n, ctx.region(""), dtype=np.int32)
    odd = np.flatnonzero(~plain)
    return {
        "s": s[plain], "y": years[plain].astype(np.int16), "r": r[plain],
        "v": pc.cast(values.filter(pa.array(plain)), pa.float64()).to_numpy(),
        "line": (np.flatnonzero(plain) + first).astype(np.int32),
        "unusual": _cells(batch, header, names, odd, first),
    }  # fmt: skip


def _cells(batch: Any, header: list[str], names: list[str], rows: np.ndarray, first: int) -> list[Any]:
    """(line, cells in header order) of the given rows; columns no reader reads are blank."""
    if not len(rows):
        return []
    import pyarrow as pa

    taken = batch.take(pa.array(rows))
    columns = []
    for name, kind in zip(names, header, strict=True):
        if kind in _READ:
            column = taken.column(name)
            if pa.types.is_dictionary(column.type):
                column = column.cast(pa.string())
            columns.append(column.to_pylist())
        else:
            columns.append([""] * len(rows))
    lines = (rows + first).tolist()
    return [(line, list(row)) for line, row in zip(lines, zip(*columns, strict=True), strict=True)]


def _codes(column: Any, judge: Any) -> np.ndarray:
    """A dictionary column of a batch -> int32 ids, `judge` called once per distinct cell."""
    import numpy as np

    mapping = np.array([judge(x) for x in column.dictionary.to_pylist()] or [0], dtype=np.int32)
    return np.asarray(mapping[column.indices.to_numpy(zero_copy_only=False)])


def _year(text: str) -> int:
    """A four-digit ASCII year; -1 for anything else (the row reader's checks judge it)."""
    return int(text) if len(text) == 4 and text.isascii() and text.isdigit() else -1


def _units_ok(column: Any, s: np.ndarray, ctx: _Reading) -> np.ndarray:
    """Rows whose unit cell is blank or the catalog's unit of their series (else a conversion)."""
    import numpy as np

    keys, targets = ctx.keys, ctx.res.series_targets
    cells = column.dictionary.to_pylist()
    idx = column.indices.to_numpy(zero_copy_only=False)
    width = len(cells) + 1
    code = np.maximum(s, 0).astype(np.int64) * width + idx
    pairs, inverse = np.unique(code, return_inverse=True)
    good = []
    for p in pairs.tolist():
        cell, unit = cells[p % width].strip(), targets[keys[p // width]][0].unit
        good.append(not cell or unit is None or cell == unit)
    return np.asarray(np.array(good, dtype=bool)[inverse.reshape(-1)])


# ---------------------------------------------------------------------- the whole set
