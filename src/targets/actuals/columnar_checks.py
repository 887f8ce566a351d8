"""When the columnar path is tried (`wanted`), and the checks that send a whole input back to
the row reader (actuals/columnar.py): a file the row reader would split into records otherwise
(quotes, stray carriage returns), a header it reads differently, a key given twice, a value the
plausibility audit (actuals/audit.py) might question. Light to import: `check` asks `wanted`
on every JSON run."""

from __future__ import annotations

import csv
import os
import unicodedata
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

from targets.actuals.columns import ALIASES
from targets.models import Catalog, Kind

if TYPE_CHECKING:
    import numpy as np

Columns = Any  # actuals.columnar.Columns (imported there; not here, to keep imports one way)

_NO_MAGNITUDE = {Kind.direction, Kind.rate, Kind.ratio}
_NEAR = 1e-9  # a ratio this close to the audit's factor is left to the exact audit


# Below this many bytes of CSV the row reader is as fast and the exact path is kept.
MIN_BYTES = 4 << 20
READ = ("indicator", "year", "value", "unit", "region")
_IGNORED = ("name", "plan", "source")  # known columns no reader takes a value from


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
    sizes = [_regular_size(p) for p in paths]
    if None in sizes:
        return False  # missing, a FIFO, a device, or over the size limit: the row reader says so
    if mode not in ("always", "1", "on", "yes") and sum(n for n in sizes if n is not None) < MIN_BYTES:
        return False
    try:
        import numpy  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _regular_size(path: FsPath) -> int | None:
    """The size of a regular file within the row reader's limit (TARGETS_MAX_FILE_MB), else None:
    what the row reader reads without a word, judged as it judges it (the link followed)."""
    import stat

    from targets.files import MAX_FILE_MB

    try:
        st = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_MB.value * 1024 * 1024:
        return None
    return st.st_size


def plain_bytes(path: FsPath) -> int:
    """Physical lines; Refused when a quote, a lone CR or a NUL byte is in the file."""
    n, last, lone_cr = 0, b"\n", False
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 22):
            if b'"' in chunk or b"\x00" in chunk:
                raise Refused(f"{path}: quoted cells or NUL bytes")
            n += chunk.count(b"\n")
            if b"\r" in chunk:  # Windows line ends: every CR must end a line
                tail = fh.peek(1)[:1] if chunk.endswith(b"\r") else b""
                lone_cr = lone_cr or chunk.count(b"\r") != (chunk + tail).count(b"\r\n")
            last = chunk[-1:]
    if lone_cr:
        raise Refused(f"{path}: a carriage return that does not end a line")
    return n + (last != b"\n")


def header_fields(path: FsPath, enc: str, skip: int) -> list[str]:
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
        if col is None or col in out or col not in (*READ, *_IGNORED):
            raise Refused(f"{path}: header cell {cell!r}")
        out.append(col)
    if not all(c in out for c in ("indicator", "year", "value")):
        raise Refused(f"{path}: not a long header")
    return out


def no_duplicates(cols: Columns) -> None:
    same = (cols.s[1:] == cols.s[:-1]) & (cols.r[1:] == cols.r[:-1]) & (cols.y[1:] == cols.y[:-1])
    if same.any():
        raise Refused("a (series, region, year) given twice")


def audit_clean(cols: Columns, catalog: Catalog) -> None:
    """Refused when the plausibility audit (actuals/audit.py) might find anything: shares above
    100, a jump of 1000 times between reported years, a first value 1000 times the plan's."""
    import numpy as np

    from targets.actuals.audit import reference as _reference

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
        reported = ~np.isnan(cols.v[lo:hi])  # a missing mark is no reported year
        v, r = cols.v[lo:hi][reported], cols.r[lo:hi][reported]
        if not len(v):
            continue
        if t.unit == "%" and any(x.kind is Kind.share for _, x in got) and _outside_0_100(cols, key, v):
            raise Refused(f"{key}: a share outside 0-100")
        if t.unit in (None, "%") or t.kind in _NO_MAGNITUDE:
            continue
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


def _outside_0_100(cols: Columns, key: str, v: np.ndarray) -> bool:
    """A share below 0 or above 100; the exact value decides for rows whose float is not it."""
    if ((v > 100) | (v < 0)).any():
        return True
    sid = cols.series.index(key)
    return any(not 0 <= d <= 100 for (s, _, _), d in cols.decimals.items() if s == sid)
