"""The SQL of the DuckDB engine: plain rows typed and grouped in DuckDB, the others handed back.

Tables (one connection, spilled to disk past the memory limit):
  spell(text, series, unit, pct)    each distinct indicator spelling the Resolver accepted
  scoped(text, region, ...)         a name several plans share, resolved with the row's region
                                    cell as plan scope, then --plan (as rows.py does per row)
  win(series, lo, hi)               the plan-period window of each series
  p(file, line, series, region, year, value, note)   the plain rows, typed; value is the exact text
  outside(file, line, pulled)       plain rows outside their series' window (the first
                                    MAX_LISTED of each file are read one by one, for messages)
  pulled(file, line)                plain rows read one by one (duplicated keys, keys of
                                    unusual rows, listed warnings)
  g_rows                            p without the pulled rows, sorted by (series, region)
  conf(file, line)                  plain rows whose note confirms a genuine jump (audit.py)
"""

from __future__ import annotations

from typing import Any

from targets.actuals.audit import confirms
from targets.actuals.resolve import Resolver

# What Python's str.strip() removes, as an RE2 class: a region with it is read one by one.
BLANK = r"[\s\x{0b}\x{1c}-\x{1f}\x{85}\x{a0}\p{Z}]"
PLAIN_NUMBER = r"[0-9]{1,15}(\.[0-9]{1,15})?"  # rows.py's _PLAIN without the minus sign
Rows = list[tuple[int, list[str]]]


def _union(views: list[int]) -> str:
    return " UNION ALL ".join(f"SELECT * FROM t{i}" for i in views) or (
        "SELECT 0 AS file, 0 AS line, '' AS indicator, '' AS year, '' AS value, '' AS unit, "
        "'' AS region, '' AS note, false AS other WHERE false"
    )


def spellings(con: Any, res: Resolver, views: list[int]) -> None:
    """Resolve each distinct spelling once, in Python, with the same Resolver as the rows."""
    con.execute("CREATE TABLE spell (text VARCHAR, series VARCHAR, unit VARCHAR, pct BOOLEAN)")
    con.execute(
        "CREATE TABLE scoped (text VARCHAR, region VARCHAR, series VARCHAR, unit VARCHAR, pct BOOLEAN)"
    )
    con.execute("CREATE TABLE win (series VARCHAR, lo INTEGER, hi INTEGER)")
    found: list[tuple[str, str, str | None, bool]] = []
    shared: list[str] = []
    for (text,) in con.execute(f"SELECT DISTINCT indicator FROM ({_union(views)})").fetchall():
        series, _ = res.resolve(text)
        if text in res.memo and series is not None:
            found.append((text, *_typed(res, series)))
        elif res.is_name(text):
            shared.append(text)  # a name several plans share: the row's region, then --plan decide
    if found:
        con.executemany("INSERT INTO spell VALUES (?, ?, ?, ?)", found)
    if shared:
        con.execute("CREATE TEMP TABLE shared (text VARCHAR)")
        con.executemany("INSERT INTO shared VALUES (?)", [(t,) for t in shared])
        pairs = con.execute(
            f"SELECT DISTINCT indicator, region FROM ({_union(views)}) AS v "
            "SEMI JOIN shared ON v.indicator = shared.text"
        ).fetchall()
        rows = [(t, r, *_typed(res, s)) for t, r in pairs if (s := res.resolve(t, r)[0]) is not None]
        if rows:
            con.executemany("INSERT INTO scoped VALUES (?, ?, ?, ?, ?)", rows)
    wins = [(s, lo, hi) for s, (lo, hi) in res.series_years.items()]
    if wins:
        con.executemany("INSERT INTO win VALUES (?, ?, ?)", wins)


def _typed(res: Resolver, series: str) -> tuple[str, str | None, bool]:
    unit = res.series_targets[series][0].unit
    return series, unit, unit == "%"


def classify(con: Any, views: list[int]) -> None:
    """Type the plain rows into p; the conditions are those of rows.TableReader._bulk."""
    plain = f"""
        series IS NOT NULL
        AND regexp_full_match(year, '[0-9]{{4}}')
        AND regexp_full_match(value, '{PLAIN_NUMBER}')
        AND NOT (pct AND starts_with(value, '0'))
        AND (unit = '' OR s_unit IS NULL OR unit = s_unit)
        AND NOT regexp_matches(region, '^{BLANK}|{BLANK}$')"""
    con.execute(
        f"""CREATE VIEW classified AS
        SELECT *, coalesce({plain}, false) AS plain FROM (
            SELECT v.*, coalesce(s.series, c.series) AS series, coalesce(s.unit, c.unit) AS s_unit,
                coalesce(s.pct, c.pct) AS pct
            FROM ({_union(views)}) AS v LEFT JOIN spell AS s ON v.indicator = s.text
            LEFT JOIN scoped AS c ON v.indicator = c.text AND v.region = c.region
        )"""
    )
    con.execute(
        """CREATE TABLE p AS
        SELECT file, line, series, nullif(region, '') AS region, CAST(year AS INTEGER) AS year, value,
            note
        FROM classified WHERE plain"""
    )


def odd_rows(con: Any) -> dict[int, Rows]:
    """The rows that are not plain, by file, in line order: their five cells and note, and one
    more non-blank cell when the row had text in another column (rows.py lists such a row)."""
    out: dict[int, Rows] = {}
    cur = con.execute(
        """SELECT file, line, indicator, year, value, unit, region, note, other
        FROM classified WHERE NOT plain ORDER BY file, line"""
    )
    while batch := cur.fetchmany(10_000):
        for file, line, *cells, other in batch:
            out.setdefault(file, []).append((line, [*cells, "x"] if other else cells))
    return out


def pull(con: Any, keys: set[tuple[str, str | None, int]], listed: int) -> dict[int, Rows]:
    """Mark the plain rows to read one by one; return them by file as (line, cells)."""
    con.execute("CREATE TABLE k (series VARCHAR, region VARCHAR, year INTEGER)")
    if keys:
        con.executemany("INSERT INTO k VALUES (?, ?, ?)", sorted(keys, key=str))
    con.execute(
        f"""CREATE TABLE outside AS
        SELECT file, line, row_number() OVER (PARTITION BY file ORDER BY line) <= {listed} AS pulled
        FROM p JOIN win USING (series) WHERE p.year < win.lo OR p.year > win.hi"""
    )
    con.execute(
        """CREATE TABLE pulled AS
        SELECT file, line FROM p SEMI JOIN (
            SELECT series, region, year FROM p GROUP BY ALL HAVING count(*) > 1
            UNION SELECT series, region, year FROM k
        ) AS d ON p.series = d.series AND p.region IS NOT DISTINCT FROM d.region AND p.year = d.year
        UNION SELECT file, line FROM outside WHERE pulled"""
    )
    out: dict[int, Rows] = {}
    cur = con.execute(
        """SELECT file, line, series, CAST(year AS VARCHAR), value, coalesce(region, ''), note
        FROM p SEMI JOIN pulled USING (file, line) ORDER BY file, line"""
    )
    while batch := cur.fetchmany(10_000):
        for file, line, series, year, value, region, note in batch:
            out.setdefault(file, []).append((line, [series, year, value, "", region, note]))
    return out


def outside_unlisted(con: Any, file: int) -> int:
    """Plain rows of `file` outside their window that no one reads one by one: counted only."""
    row = con.execute(
        "SELECT count(*) FROM outside ANTI JOIN pulled USING (file, line) WHERE file = ?", [file]
    ).fetchone()
    return int(row[0]) if row else 0


def group(con: Any) -> None:
    """The rows evaluation reads from DuckDB, sorted so that a series is a narrow range, and
    conf(file, line): the plain rows whose note confirms a genuine jump (for the audit), each
    distinct note judged once by audit.confirms."""
    notes = con.execute("SELECT DISTINCT note FROM p WHERE note <> ''").fetchall()
    con.execute("CREATE TABLE confirming (note VARCHAR)")
    yes = [(n,) for (n,) in notes if confirms(n)]
    if yes:
        con.executemany("INSERT INTO confirming VALUES (?)", yes)
    con.execute("CREATE TABLE conf AS SELECT file, line FROM p SEMI JOIN confirming USING (note)")
    con.execute(
        """CREATE TABLE g_rows AS
        SELECT series, region, year, value, file, line FROM p ANTI JOIN pulled USING (file, line)
        ORDER BY series, region"""
    )
    con.execute("DROP TABLE p")
