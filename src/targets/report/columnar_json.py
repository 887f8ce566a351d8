"""The JSON report of a columnar check (evaluate/columnar.py), written a target at a time.

Each result is the object `export` writes for a `Result`, field for field in the same order: the
texts (labels, reasons, notes) come from the same functions (`rules.label`, `reason_text`), once
per distinct case; numbers are the float64 values written as their shortest round-trip text by
pyarrow; rows the evaluator left to the exact path are `Result`s written by `export` itself. The
lines of a block are joined in C++ (pyarrow's binary_join_element_wise), not one by one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, cast

from targets.evaluate.arrays import FROM, PATHS, REASONS, STATUSES, Block
from targets.evaluate.reasons import reason_text
from targets.evaluate.rules import label
from targets.evaluate.run import Summarizer, fails
from targets.evaluate.target import _fixed as fixed_fields
from targets.models import Result, Status
from targets.report.export import ResultEncoder, _dumps, _fixed
from targets.safe import terminal

if TYPE_CHECKING:
    import numpy as np

    from targets.actuals.columnar import Columns

SEP = ",\n    "  # between two results (export._items)
FAILING_KEPT = 1000  # failing entries a block hands the gate at most (it keeps 1000 in all)
_NUMBERS = (
    "gap", "progress", "time_elapsed", "expected_now", "schedule_ratio", "observed_annual_growth",
    "planned_annual_growth", "required_annual_growth", "required_annual_change", "projected_value",
)  # fmt: skip


class Gate(Protocol):
    """What the CI gate counts as results pass (cli/gate.py)."""

    def tally(self, r: Result, threshold: Status | None) -> bool: ...

    def tally_many(self, entries: list[dict[str, object]], total: int) -> None: ...


def block_lines(
    blocks: Iterable[Block],
    cols: Columns,
    as_of: int,
    acc: Summarizer,
    gate: Gate | None = None,
    threshold: Status | None = None,
) -> Iterator[str]:
    """The JSON text of every result, in order, counted into `acc` (and, with a --fail-on
    `threshold`, into `gate`) as they pass: a target's results at a time, joined by the
    separator `export.iter_json` puts between results."""
    exact = ResultEncoder()
    count = _Counter(cols, acc, gate, threshold)
    for block in blocks:
        judged = len(block.a.get("status", ()))
        if not block.exact:  # every row judged in arrays (the usual case)
            count.rows(block, 0, judged)
            yield _rows(block, cols, as_of, whole=True)
            continue
        rows = _rows(block, cols, as_of) if judged else []
        out: list[str] = []
        start = seen = 0  # array rows [start, seen) are not counted yet
        for i in range(block.n):
            result = block.exact.get(i)
            if result is None:
                out.append(rows[seen])
                seen += 1
                continue
            if seen > start:
                count.rows(block, start, seen)
            start = seen
            count.result(result)
            out.append(exact(result))
        if seen > start:
            count.rows(block, start, seen)
        yield SEP.join(out)


class _Counter:
    """The summary's counts and the gate's failing targets, in result order."""

    def __init__(self, cols: Columns, acc: Summarizer, gate: Gate | None, threshold: Status | None) -> None:
        self.cols, self.acc, self.gate, self.threshold = cols, acc, gate, threshold
        self.failing_codes: list[int] = []
        if threshold is not None:
            self.failing_codes = [STATUSES.index(s) for s in STATUSES if fails(s, threshold)]

    def result(self, r: Result) -> None:
        self.acc.add(r)
        if self.gate is not None:
            self.gate.tally(r, self.threshold)

    def rows(self, block: Block, lo: int, hi: int) -> None:
        import numpy as np

        d = block.a
        codes = d["status"][lo:hi]
        self.acc.add_array(block.plan.id, block.target, codes, d["rank_g"][lo:hi], self.cols.regions)
        if self.gate is None or not self.failing_codes:
            return
        hit = np.flatnonzero(np.isin(codes, self.failing_codes))
        if not len(hit):
            return
        t, late = block.target, d.get("reached_in")
        entries: list[dict[str, object]] = []
        for i in (hit[:FAILING_KEPT] + lo).tolist():
            status = STATUSES[int(d["status"][i])]
            year, big_t = int(d["year"][i]), int(d["big_t"][i])
            reached = int(late[i]) if late is not None and late[i] >= 0 else None
            region = self.cols.regions[int(d["rank_g"][i])]
            text = label(status, year, big_t, reached)
            entries.append(
                {"id": t.id, "plan": block.plan.id, "name": t.name, "region": region,
                 "status": status.value, "label": text, "year": year}
            )  # fmt: skip
        self.gate.tally_many(entries, len(hit))


def _rows(block: Block, cols: Columns, as_of: int, whole: bool = False) -> Any:
    """The JSON text of the rows judged in arrays. Every text piece passes `terminal` (the last
    guard of stdout) once, when it is made: the numbers pyarrow writes are ASCII, and the guard
    acts on single characters, so guarding the pieces guards the document."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    d, t, plan = block.a, block.target, block.plan
    n = len(d["status"])
    head = terminal(_dumps(_fixed(cast(Result, _Head(fixed_fields(plan, t, None)))))[:-1] + ", ")
    none = np.full(n, -1)
    texts = _Texts(block, as_of)
    late = d.get("reached_in", none)
    parts: list[Any] = [head, '"region": ', _region_texts(cols, d["rank_g"])]
    parts += [', "path": ', _take([_text(p.value) for p in PATHS], d["path"])]
    parts += [', "year": ', _ints(d["year"]), ', "file": ', _file(cols, d["at"]), ', "line": ']
    parts += [_ints(cols.line[d["at"]]), ', "actual": ', _floats(d["actual"])]
    parts += [
        ', "baseline": ',
        _floats(d.get("baseline")),
        ', "baseline_year": ',
        _ints(d.get("baseline_year")),
    ]
    parts += [', "baseline_from": ', _take([_text(f) for f in FROM], d.get("baseline_from"))]
    parts += [', "target": ', _floats(d.get("target")), ', "status": ']
    parts += [_take([_text(s.value) for s in STATUSES], d["status"]), ', "label": ']
    parts += [_by_key(texts.label, d["status"], d["year"], d["big_t"], late)]
    parts += [', "reached_in": ', _ints(d.get("reached_in")), ', "later_year": ', _ints(d["later_year"])]
    parts += [', "later_value": ', _floats(d["later_value"])]
    parts += [', "previous_value": null, "previous_years": null, "reason": ']
    parts += [_by_key(texts.reason, d["reason"], d["big_t"], d["year"]), ', "reason_code": ']
    parts += [_take([_text(r) for r in REASONS], d["reason"]), ', "notes": ']
    zeros = np.zeros(n, dtype=np.int64)
    if "notes" in d:  # made row by row by the evaluator (kinds.direction's change)
        parts += [[_text(x) if x else "[]" for x in d["notes"]]]
    else:
        parts += [_by_key(texts.notes, d["late_note"], d["year"], d["big_t"], d.get("baseline_from", zeros),
                      d.get("baseline_year", zeros), d.get("beyond", zeros))]  # fmt: skip
    for name in _NUMBERS:
        parts += [f', "{name}": ', _floats(d.get(name))]
    parts += [', "cumulative_sum": null}']
    arrays = [
        pa.scalar(p, pa.string())
        if isinstance(p, str)
        else pa.array(p, pa.string())
        if isinstance(p, list)
        else p
        for p in parts
    ]
    joined = pc.binary_join_element_wise(*arrays, "")
    if whole:  # the block's text at once, joined in C++ too
        listed = pa.ListArray.from_arrays(pa.array([0, n], pa.int32()), joined)
        return pc.binary_join(listed, SEP)[0].as_py()
    return joined.to_pylist()


def _text(value: object) -> str:
    return terminal(_dumps(value))


def _region_texts(cols: Columns, ranks: np.ndarray) -> Any:
    import pyarrow as pa

    if "region_json" not in cols.memo:
        cols.memo["region_json"] = pa.array([_text(g) for g in cols.regions], pa.string())
    return cols.memo["region_json"].take(pa.array(ranks))


def _by_key(make: Any, *keys: np.ndarray) -> Any:
    """make(*row) for each row of the key columns (small non-negative integers or -1), called
    once per distinct row."""
    import numpy as np

    cols = [np.asarray(k, dtype=np.int64) + 1 for k in keys]
    code = np.zeros(len(cols[0]), dtype=np.int64)
    span = 1
    for c in cols:  # one integer per row, in mixed radix
        radix = int(c.max()) + 1 if len(c) else 1
        span *= radix
        if span >= 1 << 62:
            raise OverflowError("key columns too wide")  # never with years and small codes
        code = code * radix + c
    import pyarrow as pa

    _, first, inverse = np.unique(code, return_index=True, return_inverse=True)
    made = pa.array([make(*(int(c[i]) - 1 for c in cols)) for i in first.tolist()], pa.string())
    return made.take(pa.array(inverse.reshape(-1)))


class _Head:
    """The fields every region's result of a target shares, as `export._fixed` reads them."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.__dict__.update(fields)


def _take(texts: list[str], codes: np.ndarray | None) -> Any:
    """texts[code] for each row, taken in C++; "null" when there are no codes."""
    import pyarrow as pa

    if codes is None:
        return "null"
    return pa.array(texts, pa.string()).take(pa.array(codes))


def _file(cols: Columns, at: np.ndarray) -> Any:
    return _take([_text(f) for f in cols.files], cols.f[at])


def _floats(values: np.ndarray | None) -> Any:
    """Numbers as JSON (shortest round-trip text, integral ones without a point); NaN -> null."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if values is None:
        return "null"
    arr = pa.array(values, pa.float64(), from_pandas=True)
    return pc.fill_null(pc.cast(arr, pa.string()), "null")


def _ints(values: np.ndarray | None) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    if values is None:
        return "null"
    arr = pa.array(values, pa.int64())
    text = pc.cast(arr, pa.string())
    return pc.if_else(pc.less(arr, 0), pa.scalar("null"), text)


class _Texts:
    """Labels, reasons and notes, each made by the exact path's functions, as JSON text."""

    def __init__(self, block: Block, as_of: int) -> None:
        self.block, self.as_of = block, as_of

    def label(self, status: int, year: int, big_t: int, late: int) -> str:
        return _text(label(STATUSES[status], year, big_t, late if late >= 0 else None))

    def reason(self, code: int, big_t: int, year: int) -> str:
        args = {
            "target_year": big_t,
            "year": year,
            "scope": self.block.plan.scope,
            "base_year": self.block.ref,
        }
        return _text(reason_text(REASONS[code], args))

    def notes(self, late: int, year: int, big_t: int, source: int, b_year: int, beyond: int) -> str:
        """kinds.levelish's notes, in its order: the year used, the baseline taken, the band."""
        notes = []
        if late:
            notes.append(f"no value for {min(self.as_of, big_t)}; the latest year, {year}, is used")
        if source == 1:
            notes.append(f"the plan gives no baseline; the actual of {b_year} is used")
        elif source == 2:
            notes.append(
                f"the plan gives no baseline and the data has no value for {self.block.ref}; "
                f"the earliest value, of {b_year}, is used"
            )
        if beyond:
            t = self.block.target
            tol = t.tolerance if t.tolerance is not None else self.block.tolerance
            notes.append(f"beyond the 左右 band (±{tol * 100:.0f}%) in the better direction")
        return _text(notes) if notes else "[]"
