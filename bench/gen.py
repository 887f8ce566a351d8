"""Synthetic actuals for the benchmark: many regions' copies of the shipped catalog's series (seeded)."""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Json = dict[str, Any]  # a document as `targets list --format json` prints it
HEADER = ("indicator", "year", "value", "unit", "region")
LAST_YEAR = 2025
MAX_YEARS = 6  # the baseline year plus 2021-2025 for the 14th five-year plans
# Units whose values are whole things: generated as integers, never negative.
COUNT_UNITS = frozenset(
    {"家", "个", "项", "次", "人", "所", "座", "名", "条", "类", "款", "标箱", "天", "工作日"}
)
# A year the targets CLI accepts is any four-digit year (it warns outside the plan period).
YEAR_MIN, YEAR_MAX = 1000, 9999
VALUE_BOUND = 1e15  # targets.actuals.MAX_ABS


@dataclass(frozen=True)
class Series:
    """One catalog series and how its synthetic values move from year `base_year` to `goal_year`."""

    key: str
    unit: str | None
    years: tuple[int, ...]
    base: float
    goal: float
    base_year: int
    goal_year: int
    steady: bool  # cum_sum flows and "annual" targets: about the same value every year


class SetupError(RuntimeError):
    """The benchmark cannot start: the catalog cannot be listed."""


def catalog_json(targets_exe: str) -> str:
    """The shipped catalog as `targets list --format json` prints it (run with the bench venv)."""
    proc = subprocess.run(
        [targets_exe, "list", "--format", "json"], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise SetupError(f"`{targets_exe} list --format json` failed ({proc.returncode}):\n{proc.stderr}")
    return proc.stdout


def _levels(ind: Json) -> tuple[float, float]:
    """(baseline, goal) levels for one indicator; invented where the plan gives no number."""
    target = ind["target"]
    baseline = ind["baseline"]
    assert isinstance(target, dict)
    lower = ind["direction"] == "lower"
    kind = ind["kind"]
    goal = target.get("value")
    base = baseline["value"] if isinstance(baseline, dict) else None
    if kind == "multiple":
        base = base if base is not None else 100.0
        return float(base), float(base) * float(target.get("factor") or 2)
    if kind == "change_by":
        base = base if base is not None else 100.0
        return float(base), float(base) * (1 + float(target.get("change_pct") or -10) / 100)
    if goal is None:  # direction: no number in the plan
        base = base if base is not None else 100.0
        return float(base), float(base) * (0.8 if lower else 1.2)
    goal = float(goal)
    if base is None:
        factor = {"share": 0.85, "maintain": 1.05}.get(str(kind), 0.7)
        base = goal * (1 / factor if lower and kind != "maintain" else factor)
    return float(base), goal


def series_specs(catalog: Json) -> list[Series]:
    """One Series per catalog series key, in catalog order; years cover the baseline year up to 2025."""
    plans = {p["id"]: p for p in catalog["plans"]}
    windows: dict[str, tuple[int, int]] = {}
    first: dict[str, Json] = {}
    for ind in catalog["indicators"]:
        period = plans[ind["plan"]]["period"]
        lo = period["start"] - 1
        if ind["baseline"]:
            lo = min(lo, ind["baseline"]["year"])
        old = windows.get(ind["series"], (lo, period["end"]))
        windows[ind["series"]] = (min(old[0], lo), max(old[1], period["end"]))
        first.setdefault(ind["series"], ind)
    out = []
    for key, ind in first.items():
        lo, hi = windows[key]
        end = min(hi, LAST_YEAR)
        years = tuple(range(max(lo, end - MAX_YEARS + 1), end + 1))
        base, goal = _levels(ind)
        period = plans[ind["plan"]]["period"]
        base_year = ind["baseline"]["year"] if ind["baseline"] else period["start"] - 1
        goal_year = ind["target"]["year"]
        steady = not isinstance(goal_year, int)  # "annual": the same target every year
        if ind["kind"] == "cum_sum":  # a five-year total X: annual flows of about X / n
            steady = True
            base = goal = goal / (period["end"] - period["start"] + 1)
        elif steady:
            base = goal
        if steady:
            goal_year = period["end"]
        out.append(
            Series(key, ind["unit"], years, base, goal, base_year, max(goal_year, base_year + 1), steady)
        )
    return out


def _value(s: Series, year: int, speed: float, rng: random.Random) -> str:
    if s.steady:
        level = s.base * (0.5 + 0.5 * speed)
    else:
        frac = (year - s.base_year) / (s.goal_year - s.base_year)
        level = s.base + (s.goal - s.base) * max(frac, 0.0) * speed
    level *= 1 + rng.uniform(-0.04, 0.04)
    if s.unit == "%":
        # a share near its target; never below 1 so it is not taken for a fraction written as 0.03
        level = min(max(level, 1.0), 100.0) if s.goal >= 1 else min(max(level, 0.0), 100.0)
    level = max(level, 0.0)
    if s.unit in COUNT_UNITS:
        return str(round(level))
    return f"{level:.2f}"


def rows(specs: list[Series], n: int, seed: int) -> Iterator[str]:
    """Exactly n CSV lines (no header), region-major, no duplicate (series, region, year)."""
    rng = random.Random(seed)
    per_region = sum(len(s.years) for s in specs)
    left = n
    for r in range(1, math.ceil(n / per_region) + 1):
        region = f"区县{r:04d}"
        for s in specs:
            # each region moves at its own pace: statuses spread from far_behind to ahead
            speed = rng.uniform(0.3, 1.4)
            unit = s.unit or ""
            for year in s.years:
                yield f"{s.key},{year},{_value(s, year, speed, rng)},{unit},{region}\n"
                left -= 1
                if not left:
                    return


def write_actuals(path: Path, specs: list[Series], n: int, seed: int, encoding: str = "utf-8") -> None:
    """Write the file under a temporary name first so an interrupted run leaves no half file."""
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding=encoding, newline="") as fh:
        fh.write(",".join(HEADER) + "\n")
        fh.writelines(rows(specs, n, seed))
    tmp.replace(path)


def _spec_rows(specs: list[Series]) -> list[tuple[object, ...]]:
    """One row per (series, year) with its position within a region, for the SQL generator."""
    out: list[tuple[object, ...]] = []
    for order, s in enumerate(specs):
        for year in s.years:
            out.append(
                (len(out), order, s.key, s.unit or "", year, s.base, s.goal, s.base_year, s.goal_year,
                 s.steady, s.unit == "%", s.unit in COUNT_UNITS)
            )  # fmt: skip
    return out


def write_parquet(path: Path, specs: list[Series], n: int, seed: int) -> None:
    """The same shape as `write_actuals` (values drawn alike, not the same draws), written by
    DuckDB itself: 100M rows in about a minute and little memory, where Python would take long."""
    import duckdb

    rows = _spec_rows(specs)
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE spec (pos INT, ord INT, key VARCHAR, unit VARCHAR, year INT, base DOUBLE, "
        "goal DOUBLE, base_year INT, goal_year INT, steady BOOL, pct BOOL, count BOOL)"
    )
    con.executemany("INSERT INTO spec VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    per_region = len(rows)
    regions = math.ceil(n / per_region)
    tmp = path.with_suffix(".tmp")
    # speed: one draw per (region, series); noise: one per row; both from hashes of the seed
    con.execute(
        f"""COPY (
        WITH d AS (
          SELECT r, s.*,
            0.3 + 1.1 * (hash(r, s.ord, {seed}) % 1000000) / 1e6 AS speed,
            1 + 0.08 * ((hash(r, s.pos, {seed} + 1) % 1000000) / 1e6 - 0.5) AS noise
          FROM range(0, {regions}) AS g(r) CROSS JOIN spec AS s
          WHERE r * {per_region} + s.pos < {n}),
        l AS (
          SELECT *, noise * CASE WHEN steady THEN base * (0.5 + 0.5 * speed)
            ELSE base + (goal - base) * greatest((year - base_year) / (goal_year - base_year), 0) * speed
            END AS level FROM d),
        c AS (
          SELECT *, greatest(CASE WHEN NOT pct THEN level
              WHEN goal >= 1 THEN least(greatest(level, 1.0), 100.0)
              ELSE least(greatest(level, 0.0), 100.0) END, 0.0) AS v FROM l)
        SELECT key AS indicator, year,
          CASE WHEN count THEN round(v) ELSE round(v, 2) END AS value,
          unit, '区县' || lpad(CAST(r + 1 AS VARCHAR), 6, '0') AS region
        FROM c
        ) TO '{tmp}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)"""
    )
    tmp.replace(path)


def schema(catalog: Json, primary_key: bool = True) -> Json:
    """A Frictionless Table Schema for what `targets check` validates in these files."""
    units = sorted({i["unit"] for i in catalog["indicators"] if i["unit"]})
    doc: Json = {
        "fields": [
            {"name": "indicator", "type": "string", "constraints": {"required": True}},
            {
                "name": "year",
                "type": "integer",
                "constraints": {"required": True, "minimum": YEAR_MIN, "maximum": YEAR_MAX},
            },
            {
                "name": "value",
                "type": "number",
                "constraints": {"minimum": -VALUE_BOUND, "maximum": VALUE_BOUND},
            },
            {"name": "unit", "type": "string", "constraints": {"enum": units}},
            {"name": "region", "type": "string"},
        ],
        "missingValues": [""],
    }
    if primary_key:
        doc["primaryKey"] = ["indicator", "region", "year"]
    return doc


def cache_key(catalog_text: str, n: int, seed: int) -> str:
    h = hashlib.sha256()
    h.update(catalog_text.encode())
    h.update(Path(__file__).read_bytes())
    h.update(f"{n}/{seed}".encode())
    return h.hexdigest()[:12]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("what", choices=["actuals", "parquet", "schema"])
    ap.add_argument("--targets", default=str(Path(sys.executable).with_name("targets")), help="targets CLI")
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, help="CSV (actuals) or Parquet (parquet) to write")
    ap.add_argument("--encoding", default="utf-8", help="of the CSV (actuals), e.g. gb18030")
    ap.add_argument("--no-primary-key", action="store_true", help="schema without primaryKey")
    args = ap.parse_args(argv)
    try:
        catalog = json.loads(catalog_json(args.targets))
    except (OSError, SetupError) as exc:
        print(f"gen.py: {exc}", file=sys.stderr)
        return 2
    if args.what == "schema":
        print(json.dumps(schema(catalog, not args.no_primary_key), ensure_ascii=False, indent=2))
        return 0
    if args.out is None:
        ap.error(f"{args.what} needs --out")
    if args.what == "parquet":
        write_parquet(args.out, series_specs(catalog), args.rows, args.seed)
    else:
        write_actuals(args.out, series_specs(catalog), args.rows, args.seed, args.encoding)
    return 0


if __name__ == "__main__":
    sys.exit(main())
