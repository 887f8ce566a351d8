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

import codecs
import csv
import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

from targets.actuals.columns import ALIASES
from targets.actuals.resolve import Resolver
from targets.models import Catalog, Kind

if TYPE_CHECKING:
    import numpy as np

# Below this many bytes of CSV the row reader is as fast and the exact path is kept.
MIN_BYTES = 4 << 20
_READ = ("indicator", "year", "value", "unit", "region")
_IGNORED = ("name", "plan", "source")  # known columns no reader takes a value from
_PLAIN = r"^[0-9]{1,15}(\.[0-9]{1,15})?$"
_NO_MAGNITUDE = {Kind.direction, Kind.rate, Kind.ratio}
_NEAR = 1e-9  # a ratio this close to the audit's factor is left to the exact audit


class Refused(Exception):
    """This input is for the row reader; the text says why (shown with TARGETS_DEBUG=1)."""


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
    v: np.ndarray  # value as float64 (every value has <= 15 significant digits)
    f: np.ndarray  # file index
    line: np.ndarray  # physical line
    texts: list[Any]  # per file, the value cells (pyarrow string arrays)
    pos: np.ndarray  # row position in its file's cells
    latest_year: int | None
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # series key -> [start, end)

    def __len__(self) -> int:
        return len(self.v)

    def text(self, i: int) -> str:
        return str(self.texts[int(self.f[i])][int(self.pos[i])].as_py())

    def group_at(
        self, lo: int, hi: int
    ) -> tuple[dict[int, Decimal | None], dict[int, tuple[str | None, int | None]]]:
        """The exact {year: value} and {year: (file, line)} of the rows lo..hi (one group)."""
        values: dict[int, Decimal | None] = {}
        where: dict[int, tuple[str | None, int | None]] = {}
        for i in range(lo, hi):
            year = int(self.y[i])
            values[year] = Decimal(self.text(i))
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
) -> Columns:
    """Read every file column by column; Refused when any row needs the row reader."""
    import numpy as np

    res = Resolver(catalog, plans)
    parts: list[dict[str, Any]] = []
    region_ids: dict[str | None, int] = {}
    for k, path in enumerate(paths):
        parts.append(_read_file(path, k, res, region_ids, encoding))
    if not parts or not sum(len(p["v"]) for p in parts):
        raise Refused("no rows")
    series = sorted(res.series_targets)
    sid = {key: i for i, key in enumerate(series)}
    names: list[str | None] = sorted(region_ids, key=lambda g: (g is not None, g or ""))
    rank = np.empty(len(region_ids), dtype=np.int32)
    for i, g in enumerate(names):
        rank[region_ids[g]] = i
    s = np.concatenate([p["s"] for p in parts])
    to_sid = np.array([sid[x] for x in res_series(res)], dtype=np.int32)
    s = to_sid[s]
    r = rank[np.concatenate([p["r"] for p in parts])]
    y = np.concatenate([p["y"] for p in parts])
    order = np.lexsort((y, r, s))
    cols = Columns(
        series=series,
        regions=names,
        files=[str(p) for p in paths],
        s=s[order],
        r=r[order],
        y=y[order],
        v=np.concatenate([p["v"] for p in parts])[order],
        f=np.concatenate([np.full(len(p["v"]), k, dtype=np.int32) for k, p in enumerate(parts)])[order],
        line=np.concatenate([p["line"] for p in parts])[order],
        texts=[p["texts"] for p in parts],
        pos=np.concatenate([np.arange(len(p["v"]), dtype=np.int64) for p in parts])[order],
        latest_year=int(y.max()),
    )
    _no_duplicates(cols)
    cuts = np.flatnonzero(cols.s[1:] != cols.s[:-1]) + 1
    bounds = [0, *cuts.tolist(), len(cols.s)]
    for a, b in pairwise(bounds):
        cols.spans[series[int(cols.s[a])]] = (a, b)
    _audit_clean(cols, catalog)
    return cols


def res_series(res: Resolver) -> list[str]:
    """The series keys in the order `_read_file` numbers them (the resolver's insertion order)."""
    return list(res.series_targets)


# ---------------------------------------------------------------------- one file


def _read_file(
    path: FsPath, k: int, res: Resolver, region_ids: dict[str | None, int], encoding: str | None
) -> dict[str, Any]:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    from targets.actuals.stream import _plan

    plan = _plan(path, encoding)
    if plan is None:
        raise Refused(f"{path}: its encoding is for the row reader to judge")
    enc, skip = plan
    enc = codecs.lookup(enc).name
    if enc not in ("utf-8", "gb18030"):
        raise Refused(f"{path}: encoding {enc}")
    lines = _plain_bytes(path)
    header = _header(path, enc, skip)
    names = [f"c{i}" for i in range(len(header))]
    types: dict[str, Any] = {}
    dict_t = pa.dictionary(pa.int32(), pa.string())
    for name, col in zip(names, header, strict=True):
        types[name] = pa.string() if col == "value" else dict_t
    try:
        table = pcsv.read_csv(
            path,
            read_options=pcsv.ReadOptions(
                column_names=names, skip_rows=1, encoding=enc, block_size=16 << 20
            ),
            parse_options=pcsv.ParseOptions(quote_char=False, newlines_in_values=False),
            convert_options=pcsv.ConvertOptions(
                column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False,
                include_columns=[n for n, c in zip(names, header, strict=True) if c in _READ],
            ),
        )  # fmt: skip
    except (pa.ArrowInvalid, pa.ArrowException, UnicodeError, ValueError) as exc:
        raise Refused(f"{path}: {exc}") from None
    n = table.num_rows
    if n != lines - 1:
        raise Refused(f"{path}: {n} records for {lines} lines (blank lines or a short row)")
    cells = {c: table.column(names[header.index(c)]) for c in _READ if c in header}
    values = cells["value"].combine_chunks() if n else pa.array([], pa.string())
    if n and not pc.all(pc.match_substring_regex(values, _PLAIN)).as_py():
        raise Refused(f"{path}: a value that is not a plain number")
    if n and pc.max(pc.utf8_length(values)).as_py() > 15:
        raise Refused(f"{path}: a value of more than 15 characters")
    s = _codes(cells["indicator"], lambda text: _series(res, text, path))
    years = _codes(cells["year"], lambda text: _year(text, path))
    percent = np.array([t[0].unit == "%" for t in res.series_targets.values()], dtype=bool)
    if n and percent.any():
        zero = pc.starts_with(values, "0").to_numpy(zero_copy_only=False)
        if (zero & percent[s]).any():
            raise Refused(f"{path}: a share starting with 0 (the row reader checks fractions)")
    if "unit" in cells:
        _units(cells["unit"], s, res, path)
    if "region" in cells:
        r = _codes(cells["region"], lambda text: _region_id(region_ids, text))
    else:
        r = np.full(n, _region_id(region_ids, ""), dtype=np.int32)
    _in_period(s, years, res, path)
    v = pc.cast(values, pa.float64()).to_numpy() if n else np.empty(0)
    line = np.arange(2, n + 2, dtype=np.int64)
    return {"s": s, "y": years, "v": v, "r": r, "line": line, "texts": values}


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
    """A dictionary column -> int32 ids, `judge` called once per distinct cell of each chunk."""
    import numpy as np

    out = []
    for chunk in column.chunks:
        mapping = np.array([judge(x) for x in chunk.dictionary.to_pylist()] or [0], dtype=np.int32)
        out.append(mapping[chunk.indices.to_numpy(zero_copy_only=False)])
    return np.concatenate(out) if out else np.empty(0, dtype=np.int32)


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
    start = 0
    for chunk in column.chunks:
        n = len(chunk)
        cells = chunk.dictionary.to_pylist()
        idx = chunk.indices.to_numpy(zero_copy_only=False)
        pairs = np.unique(s[start : start + n].astype(np.int64) * (len(cells) + 1) + idx)
        for p in pairs.tolist():
            series, cell = keys[p // (len(cells) + 1)], cells[p % (len(cells) + 1)]
            unit = res.series_targets[series][0].unit
            if cell.strip() and unit is not None and cell.strip() != unit:
                raise Refused(f"{path}: unit {cell!r} for {series} (a conversion)")
        start += n


def _in_period(s: np.ndarray, years: np.ndarray, res: Resolver, path: FsPath) -> None:
    import numpy as np

    keys = list(res.series_targets)
    if not len(s):
        return
    lo = np.array([res.series_years[k][0] for k in keys])
    hi = np.array([res.series_years[k][1] for k in keys])
    if ((years < lo[s]) | (years > hi[s])).any():
        raise Refused(f"{path}: a year outside the plan period")


# ---------------------------------------------------------------------- the whole set


def _no_duplicates(cols: Columns) -> None:
    same = (cols.s[1:] == cols.s[:-1]) & (cols.r[1:] == cols.r[:-1]) & (cols.y[1:] == cols.y[:-1])
    if same.any():
        raise Refused("a (series, region, year) given twice")


def _audit_clean(cols: Columns, catalog: Catalog) -> None:
    """Refused when the plausibility audit (actuals/audit.py) might find anything: shares above
    100, a jump of 1000 times between reported years, a first value 1000 times the plan's."""
    import numpy as np

    from targets.actuals.audit import _reference

    pairs: dict[str, list[Any]] = {}
    for plan, t in catalog.iter_targets():
        pairs.setdefault(t.series_key, []).append((plan, t))
    big, small = 1000 * (1 - _NEAR), (1 + _NEAR) / 1000
    scopes = {plan.scope for plan in catalog.plans}
    scoped = np.array([g is None or g in scopes for g in cols.regions], dtype=bool)
    for key, (lo, hi) in cols.spans.items():
        got = pairs.get(key)
        if not got:
            continue
        t = got[0][1]
        v = cols.v[lo:hi]
        if t.unit == "%" and any(x.kind is Kind.share for _, x in got) and (v > 100).any():
            raise Refused(f"{key}: a share above 100")
        if t.unit in (None, "%") or t.kind in _NO_MAGNITUDE:
            continue
        r = cols.r[lo:hi]
        same = r[1:] == r[:-1]
        prev, now = v[:-1], v[1:]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where((prev > 0) & (now > 0), now / prev, 1.0)
        if (same & ((ratio >= big) | (ratio <= small))).any():
            raise Refused(f"{key}: a jump the audit would question")
        firsts = np.flatnonzero(np.r_[True, ~same])
        for i in firsts[scoped[r[firsts]]].tolist():
            region = cols.regions[int(r[i])]
            ref = _reference(got, region)
            if ref is None or v[i] <= 0:
                continue
            q = float(v[i]) / float(ref[1])
            if q >= big or q <= small:
                raise Refused(f"{key}: a first value the audit would compare with the plan")
