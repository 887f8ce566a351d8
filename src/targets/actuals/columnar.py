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

import csv
import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

from targets.actuals.columnar_checks import Refused, audit_clean, no_duplicates, outside_warnings
from targets.actuals.columns import ALIASES
from targets.actuals.resolve import Resolver
from targets.errors import Problem
from targets.models import Catalog

if TYPE_CHECKING:
    import numpy as np

# Below this many bytes of CSV the row reader is as fast and the exact path is kept.
MIN_BYTES = 4 << 20
_READ = ("indicator", "year", "value", "unit", "region")
_IGNORED = ("name", "plan", "source")  # known columns no reader takes a value from
_PLAIN = r"^[0-9]{1,15}(\.[0-9]{1,15})?$"


def wanted(paths: list[FsPath]) -> bool:
    """Whether the columnar reader should try: TARGETS_COLUMNAR=always|never, else auto (every
    file a CSV, MIN_BYTES in all, pyarrow and numpy installed)."""
    mode = os.environ.get("TARGETS_COLUMNAR", "auto").strip().lower()
    if mode in ("never", "0", "off", "no") or not paths:
        return False
    if any(p.suffix.lower() != ".csv" for p in paths):
        return False
    if mode not in ("always", "1", "on", "yes"):
        try:
            if sum(os.stat(p).st_size for p in paths) < MIN_BYTES:
                return False
        except OSError:
            return False
    try:
        import numpy  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass
class Columns:
    """Observations as sorted arrays: one entry per (series, region, year), all with a value."""

    series: list[str]  # series keys by id
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
            values[year] = Decimal(repr(float(self.v[i])))
            where[year] = self.files[int(self.f[i])], int(self.line[i])
        return values, where

    def region_bounds(self, series: str) -> Iterator[tuple[int, int, int]]:
        """(region rank, lo, hi) of each group of `series`, in evaluation order."""
        span = self.spans.get(series)
        if span is None:
            return
        import numpy as np

        lo, hi = span
        ranks = self.r[lo:hi]
        cuts = np.flatnonzero(ranks[1:] != ranks[:-1]) + 1
        starts = [0, *cuts.tolist()]
        ends = [*cuts.tolist(), hi - lo]
        for a, b in zip(starts, ends, strict=True):
            yield int(ranks[a]), lo + a, lo + b

    def series_groups(
        self, series: str
    ) -> Iterator[tuple[str | None, dict[int, Decimal | None], dict[int, tuple[str | None, int | None]]]]:
        """The `Grouped` interface of evaluation, with exact values (the reference path)."""
        for rank, lo, hi in self.region_bounds(series):
            values, where = self.group_at(lo, hi)
            yield self.regions[rank], values, where


def read_columns(
    paths: list[FsPath], catalog: Catalog, *, encoding: str | None = None, plans: tuple[str, ...] = ()
) -> tuple[Columns, list[Problem]]:
    """Read every file column by column -> the observations and the warnings the row reader
    gives them (years outside the plan period); Refused when any row needs the row reader."""
    import numpy as np

    res = Resolver(catalog, plans)
    parts: list[dict[str, Any]] = []
    region_ids: dict[str | None, int] = {}
    import tempfile

    with tempfile.TemporaryDirectory(prefix="targets-columnar-") as tmp:
        for k, path in enumerate(paths):
            spare = FsPath(tmp) / f"{k}.csv"
            parts.append(_read_file(path, spare, res, region_ids, encoding))
            spare.unlink(missing_ok=True)
    if not parts or not sum(p["n"] for p in parts):
        raise Refused("no rows")
    series = sorted(res.series_targets)
    sid = {key: i for i, key in enumerate(series)}
    names: list[str | None] = sorted(region_ids, key=lambda g: (g is not None, g or ""))
    rank = np.empty(len(region_ids), dtype=np.int32)
    for i, g in enumerate(names):
        rank[region_ids[g]] = i
    to_sid = np.array([sid[x] for x in res_series(res)], dtype=np.int32)
    s = to_sid[np.concatenate([p.pop("s") for p in parts])]
    r = rank[np.concatenate([p.pop("r") for p in parts])]
    y = np.concatenate([p.pop("y") for p in parts])
    order = np.lexsort((y, r, s))
    # one array at a time, so a national file never holds two copies of everything
    s, r, y = s[order], r[order], y[order]
    v = np.concatenate([p.pop("v") for p in parts])[order]
    fdt = np.int16 if len(parts) < 30000 else np.int32
    f = np.concatenate([np.full(p["n"], k, dtype=fdt) for k, p in enumerate(parts)])[order]
    line = np.concatenate([p.pop("line") for p in parts])[order]
    del order
    cols = Columns(series, names, [str(p) for p in paths], s, r, y, v, f, line, latest_year=int(y.max()))
    no_duplicates(cols)
    cuts = np.flatnonzero(cols.s[1:] != cols.s[:-1]) + 1
    bounds = [0, *cuts.tolist(), len(cols.s)]
    for a, b in pairwise(bounds):
        cols.spans[series[int(cols.s[a])]] = (a, b)
    audit_clean(cols, catalog)
    return cols, [w for p in parts for w in p["problems"]]


def res_series(res: Resolver) -> list[str]:
    """The series keys in the order `_read_file` numbers them (the resolver's insertion order)."""
    return list(res.series_targets)


# ---------------------------------------------------------------------- one file


def _read_file(
    path: FsPath, spare: FsPath, res: Resolver, region_ids: dict[str | None, int], encoding: str | None
) -> dict[str, Any]:
    """One file -> its arrays and warnings; `spare` takes its text in UTF-8 when it is not."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pcsv

    from targets.actuals.stream import utf8_copy

    found = utf8_copy(path, encoding, spare)
    if found is None:
        raise Refused(f"{path}: its encoding is for the row reader to judge")
    text, skip = found  # the file itself when UTF-8, else its text in UTF-8 (decoded once)
    lines = _plain_bytes(text)
    header = _header(text, "utf-8", skip)
    names = [f"c{i}" for i in range(len(header))]
    types: dict[str, Any] = {}
    dict_t = pa.dictionary(pa.int32(), pa.string())
    for name, col in zip(names, header, strict=True):
        types[name] = pa.string() if col == "value" else dict_t
    try:
        reader = pcsv.open_csv(
            text,
            read_options=pcsv.ReadOptions(column_names=names, skip_rows=1, block_size=8 << 20),
            parse_options=pcsv.ParseOptions(quote_char=False, newlines_in_values=False),
            convert_options=pcsv.ConvertOptions(
                column_types=types,
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                include_columns=[n for n, c in zip(names, header, strict=True) if c in _READ],
            ),
        )
        got = [_batch(batch, header, names, res, region_ids, path) for batch in reader]
    except (pa.ArrowInvalid, pa.ArrowException, UnicodeError, ValueError) as exc:
        raise Refused(f"{path}: {exc}") from None
    n = sum(len(b["v"]) for b in got)
    if n != lines - 1:
        raise Refused(f"{path}: {n} records for {lines} lines (blank lines or a short row)")
    out: dict[str, Any] = {"n": n, "line": np.arange(2, n + 2, dtype=np.int32)}
    for key, dtype in (("s", np.int32), ("y", np.int16), ("v", np.float64), ("r", np.int32)):
        out[key] = np.concatenate([b[key] for b in got]) if got else np.empty(0, dtype=dtype)
    out["problems"] = outside_warnings(path, header, res, out["s"], out["y"])
    return out


def _batch(
    batch: Any,
    header: list[str],
    names: list[str],
    res: Resolver,
    region_ids: dict[str | None, int],
    path: FsPath,
) -> dict[str, np.ndarray]:
    """One record batch: every cell checked as `_read_file` says, kept as compact arrays."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    cells = {c: batch.column(names[header.index(c)]) for c in _READ if c in header}
    values = cells["value"]
    n = len(values)
    if not n:
        return {
            "s": np.empty(0, np.int32),
            "y": np.empty(0, np.int16),
            "v": np.empty(0),
            "r": np.empty(0, np.int32),
        }
    if not pc.all(pc.match_substring_regex(values, _PLAIN)).as_py():
        raise Refused(f"{path}: a value that is not a plain number")
    if pc.max(pc.utf8_length(values)).as_py() > 15:
        raise Refused(f"{path}: a value of more than 15 characters")
    s = _codes(cells["indicator"], lambda text: _series(res, text, path))
    years = _codes(cells["year"], lambda text: _year(text, path)).astype(np.int16)
    percent = np.array([t[0].unit == "%" for t in res.series_targets.values()], dtype=bool)
    if percent.any():
        zero = pc.starts_with(values, "0").to_numpy(zero_copy_only=False)
        if (zero & percent[s]).any():
            raise Refused(f"{path}: a share starting with 0 (the row reader checks fractions)")
    if "unit" in cells:
        _units(cells["unit"], s, res, path)
    if "region" in cells:
        r = _codes(cells["region"], lambda text: _region_id(region_ids, text))
    else:
        r = np.full(n, _region_id(region_ids, ""), dtype=np.int32)
    return {"s": s, "y": years, "v": pc.cast(values, pa.float64()).to_numpy(), "r": r}


def _plain_bytes(path: FsPath) -> int:
    """Physical lines; Refused when a quote, a lone CR or a NUL byte is in the file."""
    n, last, cr, crlf = 0, b"\n", 0, 0
    tail = b""
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 24):
            if b'"' in chunk or b"\x00" in chunk:
                raise Refused(f"{path}: quoted cells or NUL bytes")
            n += chunk.count(b"\n")
            cr += chunk.count(b"\r")
            crlf += (tail + chunk).count(b"\r\n") - tail.count(b"\r\n")
            tail, last = chunk[-1:], chunk[-1:]
    if cr != crlf:
        raise Refused(f"{path}: a carriage return that does not end a line")
    return n + (last != b"\n")


def _header(path: FsPath, enc: str, skip: int) -> list[str]:
    """The field each header cell names; Refused unless every cell names a distinct known
    column the row reader reads or ignores without a word, and indicator, year and value are there."""
    with open(path, "rb") as fh:
        fh.seek(skip)
        first = fh.readline(1 << 16)
    try:
        cells = next(csv.reader([first.decode(enc).rstrip("\r\n")]))
    except (UnicodeError, StopIteration, csv.Error):
        raise Refused(f"{path}: header") from None
    lookup = {alias: c for c, aliases in ALIASES.items() for alias in aliases}
    out: list[str] = []
    for cell in cells:
        norm = unicodedata.normalize("NFKC", cell).strip().lower().replace(" ", "")
        col = lookup.get(norm)
        if col is None or col in out or col not in (*_READ, *_IGNORED):
            raise Refused(f"{path}: header cell {cell!r}")
        out.append(col)
    if not all(c in out for c in ("indicator", "year", "value")):
        raise Refused(f"{path}: not a long header")
    return out


def _codes(column: Any, judge: Any) -> np.ndarray:
    """A dictionary column of a batch -> int32 ids, `judge` called once per distinct cell."""
    import numpy as np

    mapping = np.array([judge(x) for x in column.dictionary.to_pylist()] or [0], dtype=np.int32)
    return np.asarray(mapping[column.indices.to_numpy(zero_copy_only=False)])


def _series(res: Resolver, text: str, path: FsPath) -> int:
    res.resolve(text)
    key = res.memo.get(text)
    if key is None:
        raise Refused(f"{path}: indicator {text!r} is for the row reader to judge")
    return _ids(res)[key]


def _ids(res: Resolver) -> dict[str, int]:
    """Series key -> the id `_read_file` gives it (the resolver's order), built once."""
    found: dict[str, int] | None = getattr(res, "_column_ids", None)
    if found is None:
        found = {key: i for i, key in enumerate(res.series_targets)}
        res._column_ids = found  # type: ignore[attr-defined]
    return found


def _year(text: str, path: FsPath) -> int:
    if not (len(text) == 4 and text.isascii() and text.isdigit()):
        raise Refused(f"{path}: year {text!r}")
    return int(text)


def _region_id(ids: dict[str | None, int], text: str) -> int:
    key = text.strip() or None
    found = ids.get(key)
    if found is None:
        found = ids[key] = len(ids)
    return found


def _units(column: Any, s: np.ndarray, res: Resolver, path: FsPath) -> None:
    """The unit cell of each row is blank or the catalog's unit of its series."""
    import numpy as np

    keys = list(res.series_targets)
    cells = column.dictionary.to_pylist()
    idx = column.indices.to_numpy(zero_copy_only=False)
    width = len(cells) + 1
    for p in np.unique(s.astype(np.int64) * width + idx).tolist():
        series, cell = keys[p // width], cells[p % width]
        unit = res.series_targets[series][0].unit
        if cell.strip() and unit is not None and cell.strip() != unit:
            raise Refused(f"{path}: unit {cell!r} for {series} (a conversion)")


# ---------------------------------------------------------------------- the whole set
