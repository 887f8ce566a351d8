"""Machine-readable reports, JSON and CSV, written as results stream past (deterministic)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from targets.errors import Problem
from targets.models import Direction, Report, Result, Summary, plain
from targets.safe import csv_cell

_encode = json.JSONEncoder(ensure_ascii=False).encode  # the C encoder: no indent on the hot path
# JSON escapes C0 controls itself; these it writes raw, and a terminal or log would obey them:
# DEL and C1 controls, bidi overrides and isolates, line and paragraph separators.
_RAW = re.compile("[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def _escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def _dumps(value: object) -> str:
    """Compact JSON, with every character a terminal would act on escaped (still valid JSON)."""
    text = _encode(value)
    return _RAW.sub(_escape, text) if _RAW.search(text) else text


def num(value: Decimal | None) -> int | float | None:
    """A Decimal as a JSON number: integral values stay integers (3700, not 3700.0)."""
    if value is None:
        return None
    f = float(value)
    return int(f) if f.is_integer() else f


_DIRECTION = {d: d.value for d in Direction}


def result_data(r: Result) -> dict[str, object]:
    """One result as JSON-ready data, in the documented field order."""
    return {**_fixed(r), **_varying(r)}


def _fixed(r: Result) -> dict[str, object]:
    # What a target's results share in every region: encoded once per target when streaming.
    return {
        "id": r.id,
        "plan": r.plan,
        "name": r.name,
        "unit": r.unit,
        "kind": r.kind,  # StrEnum members are str: the encoder writes them as they are
        "attribute": r.attribute,
        "comparator": r.comparator,
        "direction": _DIRECTION[r.direction],
        "target_high": num(r.target_high),
        "target_year": r.target_year,
        "target_rule": r.target_rule,
    }


def _varying(r: Result) -> dict[str, object]:
    # Spelled out rather than looped over fields: this runs once per result of a national check.
    return {
        "region": r.region,
        "path": r.path,
        "year": r.year,
        "file": r.file,
        "line": r.line,
        "actual": num(r.actual),
        "baseline": num(r.baseline),
        "baseline_year": r.baseline_year,
        "baseline_from": r.baseline_from,
        "target": num(r.target),
        "status": r.status,
        "label": r.label,
        "reached_in": r.reached_in,
        "later_year": r.later_year,
        "later_value": num(r.later_value),
        "previous_value": num(r.previous_value),
        "previous_years": r.previous_years,
        "reason": r.reason,
        "reason_code": r.reason_code,
        "notes": r.notes,
        "gap": num(r.gap),
        "progress": num(r.progress),
        "time_elapsed": num(r.time_elapsed),
        "expected_now": num(r.expected_now),
        "schedule_ratio": num(r.schedule_ratio),
        "observed_annual_growth": num(r.observed_annual_growth),
        "planned_annual_growth": num(r.planned_annual_growth),
        "required_annual_growth": num(r.required_annual_growth),
        "required_annual_change": num(r.required_annual_change),
        "projected_value": num(r.projected_value),
        "cumulative_sum": num(r.cumulative_sum),
    }


# How each field `_varying` gives is written: s a string or null, i an integer or null, n a
# Decimal as `num` gives it, l a list of strings. The field list itself is `_varying`'s.
_KIND = {
    "region": "s", "path": "s", "year": "i", "file": "s", "line": "i", "actual": "n", "baseline": "n",
    "baseline_year": "i", "baseline_from": "s", "target": "n", "status": "s", "label": "s",
    "reached_in": "i", "later_year": "i", "later_value": "n", "previous_value": "n",
    "previous_years": "s", "reason": "s", "reason_code": "s", "notes": "l", "gap": "n",
    "progress": "n", "time_elapsed": "n", "expected_now": "n", "schedule_ratio": "n",
    "observed_annual_growth": "n", "planned_annual_growth": "n", "required_annual_growth": "n",
    "required_annual_change": "n", "projected_value": "n", "cumulative_sum": "n",
}  # fmt: skip


def _encoded(results: Iterable[Result]) -> Iterator[str]:
    """Each result as one JSON object, the text `_dumps(result_data(r))` gives, written field by
    field without a dict per result: a national check writes hundreds of thousands."""
    encode = ResultEncoder()
    for r in results:
        yield encode(r)


class ResultEncoder:
    """One result -> its JSON object; the shared head of a target and the field writer are
    built once and reused for every result given to the same encoder."""

    def __init__(self) -> None:
        self.fixed: dict[tuple[str, str | None, Decimal | None], str] = {}
        self.encode: Callable[[Result, str], str] | None = None

    def __call__(self, r: Result) -> str:
        key = (r.id, r.target_rule, r.target_high)  # a region's own target has its own high end
        head = self.fixed.get(key)
        if head is None:
            head = self.fixed[key] = _dumps(_fixed(r))[:-1] + ", "
        if self.encode is None:
            self.encode = _encoder(list(_varying(r)))
        return self.encode(r, head)


def _encoder(names: list[str]) -> Callable[[Result, str], str]:
    """A function writing the fields `names` of a result after `head`, built once per report
    from the field list (the way dataclasses build __init__); `_dumps` of the dict for a field
    it does not know."""
    if any(name not in _KIND for name in names):
        return lambda r, head: head + _dumps(_varying(r))[1:]
    texts = _Texts()
    # None and known strings are written inline: no call for the many empty quantities
    call = {
        "s": "(S.get({x}) or s({x}))",
        "i": "('null' if {x} is None else str({x}))",
        "n": "('null' if {x} is None else n({x}))",
        "l": "(l({x}) if {x} else '[]')",
    }
    parts = []
    for k, name in enumerate(names):
        sep = "" if k == 0 else ", "
        parts.append(f"{sep}{_dumps(name)}: ")
        parts.append(call[_KIND[name]].format(x=f"r.{name}"))
    body = ", ".join(repr(p) if k % 2 == 0 else p for k, p in enumerate(parts))
    source = f"def encode(r, head):\n    return ''.join((head, {body}, '}}'))\n"
    scope: dict[str, object] = {
        "S": texts.strings,
        "s": texts.string,
        "n": texts.number,
        "l": texts.strings_list,
    }
    exec(compile(source, "<targets.report.export>", "exec"), scope)  # our own text
    return scope["encode"]  # type: ignore[return-value]


class _Texts:
    """JSON text of single values as `_dumps` writes them; strings memoised (regions, files,
    statuses and labels repeat across a report's results)."""

    def __init__(self) -> None:
        self.strings: dict[str | None, str] = {None: "null"}

    def string(self, value: str | None) -> str:
        found = self.strings.get(value)
        if found is None:
            found = _dumps(value)
            if len(self.strings) < 1_000_000:
                self.strings[value] = found
        return found

    @staticmethod
    def number(value: Decimal | None) -> str:
        if value is None:
            return "null"
        f = float(value)
        if f.is_integer():
            return str(int(f))
        return repr(f) if f - f == 0 else _dumps(f)  # json writes a finite float as repr does

    @staticmethod
    def integer(value: int | None) -> str:
        return "null" if value is None else str(value)

    @staticmethod
    def strings_list(value: list[str]) -> str:
        return _dumps(value) if value else "[]"


def _items(rows: Iterable[str]) -> Iterator[str]:
    # One item a line: a million-result report stays greppable and diffable.
    sep = "\n    "
    for row in rows:
        yield sep + row
        sep = ",\n    "
    if sep != "\n    ":
        yield "\n  "


def problem_data(p: Problem) -> dict[str, object]:
    """One input problem as JSON-ready data: where (file, line, column number, field), what."""
    return {
        "file": p.file,
        "line": p.line,
        "column": p.col,
        "field": p.column,
        "code": p.code,
        "severity": p.severity,
        "message": p.message,
        "promoted": p.promoted,
    }


def iter_json(
    as_of: int | None,
    results: Iterable[Result],
    problems: Iterable[Problem],
    summary: Callable[[], Summary | None],
    *,
    valid: bool = True,
    failing: Callable[[], list[dict[str, object]]] | None = None,
) -> Iterator[str]:
    """The JSON report in pieces; `summary` and `failing` are called after the last result has
    passed. An invalid input (`valid` false) has no results and a null summary."""
    return iter_json_text(as_of, _encoded(results), problems, summary, valid=valid, failing=failing)


def iter_json_text(
    as_of: int | None,
    encoded: Iterable[str],
    problems: Iterable[Problem],
    summary: Callable[[], Summary | None],
    *,
    valid: bool = True,
    failing: Callable[[], list[dict[str, object]]] | None = None,
) -> Iterator[str]:
    """`iter_json` with each result already written as its JSON object (the columnar path)."""
    yield '{\n  "valid": ' + _dumps(valid) + ',\n  "as_of": ' + _dumps(as_of) + ',\n  "results": ['
    yield from _items(encoded)
    yield '],\n  "problems": ['
    yield from _items(_dumps(problem_data(p)) for p in problems)
    done = summary()
    text = "null" if done is None else json.dumps(plain(done), ensure_ascii=False, indent=2)
    text = _RAW.sub(_escape, text)
    yield '],\n  "summary": ' + text.replace("\n", "\n  ") + ',\n  "failing": ['
    yield from _items(_dumps(f) for f in (failing() if failing is not None else []))
    yield "]\n}\n"


def render_json(report: Report) -> str:
    return "".join(iter_json(report.as_of, report.results, report.problems, lambda: report.summary))


CSV_FIELDS = [
    "id",
    "plan",
    "region",
    "name",
    "unit",
    "kind",
    "attribute",
    "path",
    "year",
    "actual",
    "baseline",
    "baseline_year",
    "target",
    "target_high",
    "target_year",
    "status",
    "label",
    "reason",
    "gap",
    "progress",
    "time_elapsed",
    "expected_now",
    "schedule_ratio",
    "observed_annual_growth",
    "planned_annual_growth",
    "required_annual_growth",
    "required_annual_change",
    "projected_value",
    "cumulative_sum",
    "baseline_from",
    "reached_in",
    "reason_code",
]


def iter_csv(results: Iterable[Result]) -> Iterator[str]:
    """The CSV report in pieces of up to 1000 rows."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    # Text from the inputs goes through safe.csv_cell (no cell starts a formula); numbers are ours.
    cells: dict[str, str] = {}

    def cell(value: object) -> object:
        if value is None:
            return ""
        if not isinstance(value, str):
            return value
        done = cells.get(value)
        if done is None:
            done = csv_cell(value)
            if len(cells) < 100_000:  # regions and names repeat; a bounded memo keeps it cheap
                cells[value] = done
        return done

    for n, r in enumerate(results, 1):
        data = result_data(r)
        writer.writerow([cell(data[f]) for f in CSV_FIELDS])
        if n % 1000 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def render_csv(report: Report) -> str:
    return "".join(iter_csv(report.results))
