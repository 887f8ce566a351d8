"""The same job as `targets check` done by general tools, as a yardstick (run by measure.py).

The job: read the actuals (CSV or Parquet), count duplicate (indicator, region, year) rows, group
by (indicator, region), take the latest value and its year and the earliest (baseline) value and
its year, compute the average annual growth between them, and write one JSON object per group.
No catalog, no units, no statuses: what a columnar engine does at its fastest on this shape.

    python bench/peers.py duckdb FILE OUT [--memory-limit 4GB]
    python bench/peers.py polars FILE OUT
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def duckdb_job(src: Path, out: Path, memory_limit: str | None) -> int:
    import duckdb

    con = duckdb.connect()
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
        con.execute(f"SET temp_directory = '{out.parent / 'duckdb-tmp'}'")
    con.execute("SET preserve_insertion_order = false")
    if src.suffix == ".parquet":
        scan = f"read_parquet('{src}')"
    else:
        scan = (
            f"read_csv('{src}', header = true, columns = {{'indicator': 'VARCHAR', 'year': 'INTEGER', "
            "'value': 'DOUBLE', 'unit': 'VARCHAR', 'region': 'VARCHAR'})"
        )
    con.execute(f"CREATE VIEW t AS SELECT indicator, region, year, value FROM {scan}")
    dupes = con.execute(
        "SELECT count(*) FROM (SELECT 1 FROM t GROUP BY indicator, region, year HAVING count(*) > 1)"
    ).fetchone()
    con.execute(
        f"""COPY (
          SELECT indicator, region, year, latest, base_year, baseline,
                 CASE WHEN year > base_year AND baseline > 0 AND latest > 0
                      THEN pow(latest / baseline, 1.0 / (year - base_year)) - 1 END AS growth
          FROM (SELECT indicator, region,
                       max(year) AS year, arg_max(value, year) AS latest,
                       min(year) AS base_year, arg_min(value, year) AS baseline
                FROM t WHERE value IS NOT NULL GROUP BY indicator, region)
        ) TO '{out}' (FORMAT json)"""
    )
    print(f"duckdb: {dupes[0] if dupes else 0} duplicate keys", file=sys.stderr)
    return 0


def polars_job(src: Path, out: Path) -> int:
    import polars as pl

    if src.suffix == ".parquet":
        lf = pl.scan_parquet(src)
    else:
        schema = {"indicator": pl.String, "year": pl.Int32, "value": pl.Float64, "unit": pl.String}
        lf = pl.scan_csv(src, schema_overrides=schema | {"region": pl.String})
    lf = lf.select("indicator", "region", "year", "value")
    dupes = (
        lf.group_by("indicator", "region", "year").len().filter(pl.col("len") > 1).select(pl.len()).collect()
    )
    groups = (
        lf.drop_nulls("value")
        .group_by("indicator", "region")
        .agg(
            pl.col("year").max().alias("year"),
            pl.col("value").sort_by("year").last().alias("latest"),
            pl.col("year").min().alias("base_year"),
            pl.col("value").sort_by("year").first().alias("baseline"),
        )
        .with_columns(
            pl.when(
                (pl.col("year") > pl.col("base_year")) & (pl.col("baseline") > 0) & (pl.col("latest") > 0)
            )
            .then(
                (pl.col("latest") / pl.col("baseline")).pow(1.0 / (pl.col("year") - pl.col("base_year"))) - 1
            )
            .alias("growth")
        )
    )
    groups.sink_ndjson(out)
    print(f"polars: {dupes.item()} duplicate keys", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("engine", choices=["duckdb", "polars"])
    ap.add_argument("src", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--memory-limit", help="DuckDB's memory_limit (spills to disk past it)")
    args = ap.parse_args(argv)
    try:
        if args.engine == "duckdb":
            return duckdb_job(args.src, args.out, args.memory_limit)
        return polars_job(args.src, args.out)
    except ImportError as exc:
        print(f"peers.py: {exc.name} is not installed", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
