"""The row reader's own checks inside a columnar read (actuals/columnar.py).

A plain row (a name the resolver knows, a four-digit year, a plain number, the catalog's unit or
none) is taken into arrays; every other row of a file goes, with its line and cells, through
`TableReader.row`, the reference behaviour, into a small exact store, and the plain rows outside
the plan period get `TableReader._outside`'s warning. Both go through one `Sink` per file in line
order, so the problems (their text, file, line, column, and which 100 per code are listed) are
the ones the row reader gives the whole file. An error, or a key the row checks saw twice, hands
the input back to the row reader whole (`Refused`): its report is then the reference itself.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

from targets.actuals.columnar_checks import Refused
from targets.actuals.resolve import Resolver
from targets.actuals.rows import TableReader
from targets.actuals.sink import Sink
from targets.actuals.store import Actuals
from targets.errors import Problem

if TYPE_CHECKING:
    import numpy as np

_OUTSIDE = "year-outside-period"


def row_pass(
    path: FsPath,
    header: list[str],
    res: Resolver,
    rows: tuple[Actuals, dict[str, Decimal] | None],
    unusual: list[tuple[int, list[str]]],
    plain: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> tuple[list[Problem], int]:
    """The problems of one file: its unusual rows read by `TableReader.row` into `rows[0]`, and
    the warnings of its plain rows outside the plan period (series ids, years, lines), in line
    order through one sink. Also the file's index in `rows[0].files`."""
    store, fx = rows
    sink = Sink(str(path))
    sink.cols = {field: i for i, field in enumerate(header)}
    reader = TableReader(store, sink, res, sink.cols, fx)
    keys = list(res.series_targets)
    outside = _outside_rows(res, plain[0], plain[1])
    k = 0
    for line, cells in unusual:
        k = _warn_outside(reader, sink, keys, plain, outside, k, line)
        reader.row(line, cells)
    _warn_outside(reader, sink, keys, plain, outside, k, None)
    if sink.errors:
        raise Refused(f"{path}: errors the row reader reports")
    if sink.counts.get("duplicate"):
        raise Refused(f"{path}: a (series, region, year) given twice")
    return sink.finish(), reader.file


def _outside_rows(res: Resolver, s: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Positions of the plain rows whose year is outside their series' plan period."""
    import numpy as np

    keys = list(res.series_targets)
    lo = np.array([res.series_years[k][0] for k in keys])
    hi = np.array([res.series_years[k][1] for k in keys])
    return np.flatnonzero((years < lo[s]) | (years > hi[s]))


def _warn_outside(
    reader: TableReader,
    sink: Sink,
    keys: list[str],
    plain: tuple[np.ndarray, np.ndarray, np.ndarray],
    outside: np.ndarray,
    k: int,
    before: int | None,
) -> int:
    """Warn the plain rows outside[k:] on lines before `before` (None: all); once MAX_LISTED
    are listed the rest are only counted, at once. Returns the next k."""
    s, years, lines = plain
    n = len(outside)
    while k < n and (before is None or lines[outside[k]] < before):
        if sink.full(_OUTSIDE):
            end = n if before is None else k + int((lines[outside[k:]] < before).sum())
            sink.count(_OUTSIDE, end - k, "warning")
            return end
        i = int(outside[k])
        reader._outside(int(lines[i]), keys[int(s[i])], int(years[i]), "year")
        k += 1
    return k


def from_store(exact: Actuals, ids: dict[str, int], region_id: Callable[[str | None], int]) -> dict[str, Any]:
    """The rows the row checks read, as the arrays `read_columns` merges (a missing mark is
    NaN: the key exists, the value does not), with the exact value of every row whose float is
    not the number itself."""
    import numpy as np

    files = {name: i for i, name in enumerate(exact.files)}
    out: dict[str, list[Any]] = {k: [] for k in ("s", "y", "v", "r", "f", "line")}
    decimals: dict[tuple[int, int, int], Decimal] = {}
    for o in exact:
        sid, rid = ids[o.series], region_id(o.region)
        value = float(o.value) if o.value is not None else float("nan")
        if o.value is not None and Decimal(repr(value)) != o.value:
            decimals[(sid, rid, o.year)] = o.value
        for key, item in zip(out, (sid, o.year, value, rid, files[o.file], o.line or 0), strict=True):
            out[key].append(item)
    dtypes = {"s": np.int32, "y": np.int16, "v": np.float64, "r": np.int32, "f": np.int32, "line": np.int32}
    arrays: dict[str, Any] = {k: np.array(v, dtype=dtypes[k]) for k, v in out.items()}
    arrays["decimals"] = decimals
    return arrays
