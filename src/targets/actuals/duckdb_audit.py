"""The plausibility audit (actuals/audit.py) on the DuckDB engine: candidates found in SQL, each
judged and told by audit.py's own functions, so findings and texts are those of the row reader.

SQL reads the plain rows in g_rows and the rows read one by one (a small store, copied into a
table) together. For a series tested for magnitude, a hash aggregate keeps the (series, region)
groups that may hold a finding, and over those LAG by year pairs each value with the previous
reported year; the first year is joined with the plan's reference value for its region
(audit.reference, a small table). For a share, a range test. The tests run in float64 with a
margin (ratios of 999 or more, or 1/999 or less, and any share that is not plainly within
0-100), so they find every problem and a few values near the line; Python then decides each
candidate exactly in Decimal (audit.ratio_of), skips a value whose row confirms the jump (`确认`
in its note: conf for plain rows, store.confirmed for the others), and sorts them as the audit
does (series, region, year)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from targets.actuals import audit as a
from targets.actuals.store import Actuals
from targets.errors import Problem
from targets.models import Catalog, Plan, Target

MARGIN = 999.0  # float64 prefilter; the exact test is audit.ratio_of's 1000
Key = tuple[str, str, int]  # (series, region or "", year): the audit's order


def audit_duckdb(con: Any, store: Actuals, files: list[str], catalog: Catalog) -> list[Problem]:
    """Every plausibility problem of the observations (g_rows and `store`), as audit.audit."""
    pairs = a.series_pairs(catalog)
    kinds = {s: a.audited(ps) for s, ps in pairs.items()}
    shares = [s for s, (share, _) in kinds.items() if share]
    sizes = [s for s, (_, magnitude) in kinds.items() if magnitude]
    names = list(files)  # g_rows' file numbers, then the store's files
    _tables(con, store, names, pairs, shares, sizes)
    confirmed: set[a.Where] = {
        (names[f], n) for f, n in con.execute("SELECT file, line FROM conf").fetchall()
    }
    confirmed |= {(store.files[f], n) for f, n in store.confirmed}
    found: list[tuple[Key, Problem]] = []
    for series, region, year, value, file, line in _fetched(con, _SHARE):
        v = Decimal(value)
        if not 0 <= v <= 100:
            at = (names[file], line)
            found.append(((series, region or "", year), a.share_problem(at, series, year, v)))
    for row in _fetched(con, _MAGNITUDE):
        problem = _magnitude(row, names, pairs, confirmed)
        if problem is not None:
            found.append(((row[0], row[1] or "", row[2]), problem))
    for name in ("a_shares", "a_sizes", "a_ref", "a_local"):
        con.execute(f"DROP TABLE {name}")
    found.sort(key=lambda kp: kp[0])
    return a.listed(p for _, p in found)


def _magnitude(
    row: tuple[Any, ...],
    names: list[str],
    pairs: dict[str, list[tuple[Plan, Target]]],
    confirmed: set[a.Where],
) -> Problem | None:
    series, region, year, value, file, line, py, pv, pfile, pline = row
    v, at = Decimal(value), (names[file], line)
    unit = pairs[series][0][1].unit or ""
    if py is not None:
        prev = Decimal(pv)
        ratio = a.ratio_of(v, prev)
        if ratio is None or at in confirmed:
            return None
        return a.jump_problem(at, (names[pfile], pline), series, region, unit, year, v, py, prev, ratio)
    ref = a.reference(pairs[series], region)
    ratio = a.ratio_of(v, ref[1]) if ref is not None else None
    if ref is None or ratio is None or at in confirmed:
        return None
    return a.plan_problem(at, series, region, unit, year, v, ref, ratio)


def _tables(
    con: Any,
    store: Actuals,
    names: list[str],
    pairs: dict[str, list[tuple[Plan, Target]]],
    shares: list[str],
    sizes: list[str],
) -> None:
    """a_shares, a_sizes: the series tested; a_ref: the plan's reference per (series, region
    scope or NULL); a_local: the store's reported values of those series."""
    con.execute("CREATE TEMP TABLE a_shares (series VARCHAR)")
    con.execute("CREATE TEMP TABLE a_sizes (series VARCHAR)")
    con.execute("CREATE TEMP TABLE a_ref (series VARCHAR, region VARCHAR, ref DOUBLE)")
    _insert(con, "a_shares", [(s,) for s in shares])
    _insert(con, "a_sizes", [(s,) for s in sizes])
    refs = []
    for s in sizes:
        for region in [None, *sorted({plan.scope for plan, _ in pairs[s]})]:
            ref = a.reference(pairs[s], region)
            if ref is not None:
                refs.append((s, region, float(ref[1])))
    _insert(con, "a_ref", refs)
    tested = set(shares) | set(sizes)
    at = {name: len(names) + i for i, name in enumerate(store.files)}
    names += store.files
    cols: tuple[list[Any], ...] = ([], [], [], [], [], [])
    for series, region in store.group_keys():
        if series not in tested:
            continue
        values, where = store.group_where((series, region))
        for year, value in values.items():
            if value is not None:
                file, line = where[year]
                for col, x in zip(
                    cols, (series, region, year, str(value), at[file or ""], line), strict=True
                ):
                    col.append(x)
    con.execute(
        "CREATE TEMP TABLE a_local AS SELECT unnest(?::VARCHAR[]) AS series, "
        "unnest(?::VARCHAR[]) AS region, unnest(?::INTEGER[]) AS year, unnest(?::VARCHAR[]) AS value, "
        "unnest(?::INTEGER[]) AS file, unnest(?::INTEGER[]) AS line",
        list(cols),
    )


def _insert(con: Any, table: str, rows: list[tuple[Any, ...]]) -> None:
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def _fetched(con: Any, query: str) -> Iterator[tuple[Any, ...]]:
    cur = con.execute(query)
    while batch := cur.fetchmany(10_000):
        yield from batch


_OBS = """(SELECT series, region, year, value, file, line FROM g_rows
    UNION ALL SELECT series, region, year, value, file, line FROM a_local)"""

# Not plainly within 0-100: a minus sign, above 100 as a float, or 100 written otherwise than
# 100 or 100.000 (100.0000000000000001 is 100.0 as a float).
_SHARE = f"""SELECT series, region, year, value, file, line FROM {_OBS} SEMI JOIN a_shares USING (series)
    WHERE starts_with(value, '-') OR TRY_CAST(value AS DOUBLE) IS NULL
        OR TRY_CAST(value AS DOUBLE) > 100
        OR (TRY_CAST(value AS DOUBLE) = 100 AND NOT regexp_full_match(value, '100(\\.0*)?'))"""


def _far(x: str, y: str) -> str:
    """A candidate for audit.ratio_of: x / y at least MARGIN or at most 1 / MARGIN."""
    far = f"{x} >= {y} * {MARGIN} OR {y} >= {x} * {MARGIN}"
    return f"({x} IS NULL OR {y} IS NULL OR ({x} > 0 AND {y} > 0 AND ({far})))"


# Only the groups that may hold a finding go through the window (a sort): those whose positive
# values span a factor of MARGIN or more, whose first value is far from the plan's reference, or
# with a value that is not a float; one hash aggregate over all rows finds them.
_MAGNITUDE = f"""WITH o AS (
        SELECT series, region, year, value, file, line, TRY_CAST(value AS DOUBLE) AS d
        FROM {_OBS} SEMI JOIN a_sizes USING (series)
    ), g AS (
        SELECT series, region, count(d) < count(*) AS odd, min(d) FILTER (d > 0) AS lo,
            max(d) FILTER (d > 0) AS hi, arg_min(d, year) AS first
        FROM o GROUP BY series, region
    ), suspect AS (
        SELECT g.series, g.region FROM g LEFT JOIN a_ref AS r
            ON g.series = r.series AND g.region IS NOT DISTINCT FROM r.region
        WHERE odd OR hi >= lo * {MARGIN} OR (r.ref IS NOT NULL AND {_far("first", "r.ref")})
    ), w AS (
        SELECT *, lag(year) OVER k AS py, lag(value) OVER k AS pv, lag(d) OVER k AS pd,
            lag(file) OVER k AS pf, lag(line) OVER k AS pl
        FROM o SEMI JOIN suspect AS s
            ON o.series = s.series AND o.region IS NOT DISTINCT FROM s.region
        WINDOW k AS (PARTITION BY series, region ORDER BY year)
    )
    SELECT w.series, w.region, year, value, file, line, py, pv, pf, pl
    FROM w LEFT JOIN a_ref AS r ON w.series = r.series AND w.region IS NOT DISTINCT FROM r.region
    WHERE CASE WHEN py IS NULL THEN r.ref IS NOT NULL AND {_far("d", "r.ref")} ELSE {_far("d", "pd")} END"""
