"""Benchmark driver (run by bench/run): start-up ratios and throughput of `targets check` vs frictionless."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen
from proc import Run, peak_meter, run, tail
from report import Book, machine_facts, render

ROOT = Path(__file__).resolve().parent.parent
OUT = Path("bench/out")  # relative to ROOT: frictionless refuses absolute paths unless --trusted
LOGS = OUT / "logs"
DATA = OUT / "data"
SCHEMA = Path("bench/schema.json")
EXIT_FAILED, EXIT_SETUP, EXIT_GUARD = 1, 2, 3


def parse_size(text: str) -> int:
    t = text.strip().lower().replace("_", "")
    mult = {"k": 1_000, "m": 1_000_000}.get(t[-1:], 1)
    try:
        n = int(float(t[:-1] if mult > 1 else t) * mult)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a row count such as 100k or 1m, got {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"a size must be at least one row, got {text!r}")
    return n


def size_label(n: int) -> str:
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="bench/run",
        description="Start-up and throughput of `targets check`, side by side with `frictionless validate`.",
        epilog="Exit status: 0 all commands ran (goals are reported, not enforced); 1 a measured command "
        "failed; 2 usage or set-up error; 3 a guard stopped a command (timeout / oom-guard).",
    )
    ap.add_argument("--fresh", action="store_true", help="recreate bench/.venv (handled by bench/run)")
    ap.add_argument("--runs", type=int, default=15, help="start-up runs per command (median; default 15)")
    ap.add_argument("--sizes", default="1m,10m", help="CSV throughput sizes (default 1m,10m)")
    ap.add_argument("--quick", action="store_true", help="throughput at 100k only, no 100M step")
    ap.add_argument("--skip-100m", action="store_true", help="skip the 100M-row Parquet step (DuckDB engine)")
    ap.add_argument("--big", default="100m", help="rows of the Parquet step (default 100m)")
    ap.add_argument(
        "--big-timeout", type=float, default=5400, help="seconds before the Parquet step is killed (5400)"
    )
    ap.add_argument("--frictionless-max", default="1m", help="largest size frictionless runs at (1m)")
    ap.add_argument("--frictionless-pk", action="store_true", help="also frictionless with primaryKey")
    ap.add_argument("--tp-runs", type=int, default=1, help="throughput runs per command (median; default 1)")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--timeout", type=float, default=600, help="seconds before a run is killed (default 600)")
    ap.add_argument("--mem-limit", type=int, default=4096, help="MiB of RSS before a run is killed (4096)")
    ap.add_argument("--only", choices=["startup", "throughput"], help="measure only one part")
    ap.add_argument("--no-verify", action="store_true", help="skip the untimed check of targets' JSON output")
    ap.add_argument("--regen", action="store_true", help="regenerate the synthetic data even if cached")
    ap.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="keep the caller's PYTHONDONTWRITEBYTECODE (modules without .pyc compile on every start)",
    )
    args = ap.parse_args(argv)
    try:
        args.sizes = [100_000] if args.quick else [parse_size(s) for s in args.sizes.split(",") if s.strip()]
        args.big = parse_size(args.big)
        args.frictionless_max = parse_size(args.frictionless_max)
    except argparse.ArgumentTypeError as exc:
        ap.error(str(exc))
    args.skip_100m = args.skip_100m or args.quick
    if args.runs < 1 or args.tp_runs < 1:
        ap.error("--runs and --tp-runs must be at least 1")
    return args


def exe(name: str) -> str:
    """A console script of this venv (bench/.venv), not whatever is first on PATH."""
    return str(Path(sys.executable).with_name(name))


def bytecode_cache(off: bool) -> str:
    """Give every measured command a .pyc cache, as a regular install has.

    Without one (PYTHONDONTWRITEBYTECODE=1 and an editable install, whose src/ has no __pycache__),
    each start compiles the project's modules again. The cache goes under bench/out so src/ stays
    untouched; the discarded warm-up round fills it.
    """
    was = os.environ.get("PYTHONDONTWRITEBYTECODE")
    if off:
        return f"as the caller's environment has it (PYTHONDONTWRITEBYTECODE={was or 'unset'})"
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(ROOT / OUT / "pycache")
    return f"PYTHONPYCACHEPREFIX=bench/out/pycache (caller had PYTHONDONTWRITEBYTECODE={was or 'unset'})"


def log_path(name: str) -> Path:
    return LOGS / (name.replace(" ", "_").replace("/", "_") + ".err")


def record(book: Book, what: str, r: Run, err: Path) -> None:
    if r.outcome in ("timeout", "oom-guard"):
        peak = f" (peak RSS so far {r.peak_kib / 1024:.0f} MiB)" if r.peak_kib else ""
        book.guards.append(f"{what}: {r.outcome} after {r.wall:.1f} s{peak}")
    elif r.outcome == "failed":
        book.failures.append(f"{what}: exit {r.rc}\n{tail(err)}")


def startup(args: argparse.Namespace, book: Book) -> None:
    py, tg = sys.executable, exe("targets")
    cmds: list[tuple[str, list[str], float | None]] = [
        ("python -c pass", [py, "-c", "pass"], None),
        ('python -c "import typer, pydantic, yaml"', [py, "-c", "import typer, pydantic, yaml"], None),
        ("targets --version", [tg, "--version"], 2.0),
        ("targets --help", [tg, "--help"], 8.0),
        (
            "targets check data/actuals/ --format json",
            [tg, "check", "data/actuals/", "--format", "json"],
            8.0,
        ),
        ("targets validate", [tg, "validate"], 12.0),
    ]
    samples: dict[str, list[float]] = {c[0]: [] for c in cmds}
    cpu: dict[str, list[float]] = {c[0]: [] for c in cmds}
    broken: set[str] = set()
    for i in range(args.runs + 1):  # round 0 warms caches and is discarded
        k = i % len(cmds)
        for label, argv, _ in cmds[k:] + cmds[:k]:  # rotate so no command always runs first
            if label in broken:
                continue
            err = log_path(label)
            r = run(argv, stderr=err, timeout=args.timeout, mem_limit_kib=args.mem_limit * 1024)
            if r.outcome != "ok":
                broken.add(label)
                record(book, label, r, err)
            elif i:
                samples[label].append(r.wall)
                cpu[label].append(r.cpu)
    base_runs = samples[cmds[0][0]]
    base = statistics.median(base_runs) if base_runs else None
    for label, _, goal in cmds:
        s = samples[label]
        row: dict[str, object] = {"command": label, "runs": len(s)}
        if s:
            med = statistics.median(s)
            row |= {
                "median_ms": med * 1000,
                "min_ms": min(s) * 1000,
                "cpu_ms": statistics.median(cpu[label]) * 1000,
            }
            if base:
                row["ratio"] = med / base
                row["ratio_min"] = min(s) / min(base_runs)  # less sensitive to other load
        row["goal"] = f"<= {goal:g}x" if goal else ""
        if goal and "ratio" in row:
            row["met"] = "yes" if float(row["ratio"]) <= goal else "no"  # type: ignore[arg-type]
        book.startup.append(row)


def schemas(catalog: dict[str, object], book: Book) -> tuple[Path, Path]:
    """The committed schema (checked against the catalog) and its variant without primaryKey."""
    want = gen.schema(catalog)
    try:
        have = json.loads(SCHEMA.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        have = None
    path = SCHEMA
    if have != want:
        path = OUT / "schema.json"
        path.write_text(json.dumps(want, ensure_ascii=False, indent=2), encoding="utf-8")
        book.checks.append(
            f"bench/schema.json is missing or stale for this catalog: used {path} "
            "(refresh: bench/.venv/bin/python bench/gen.py schema > bench/schema.json)"
        )
    nopk = OUT / "schema-nopk.json"
    nopk.write_text(json.dumps(gen.schema(catalog, primary_key=False), ensure_ascii=False, indent=2))
    return path, nopk


def dataset(
    n: int, args: argparse.Namespace, catalog_text: str, specs: list[gen.Series], kind: str = "csv"
) -> Path:
    """The cached synthetic file: kind csv (UTF-8), gb18030 (the same rows in GB18030) or parquet
    (written by DuckDB, see gen.write_parquet)."""
    key = gen.cache_key(catalog_text, n, args.seed)
    suffix = {"csv": ".csv", "gb18030": ".gb18030.csv", "parquet": ".parquet"}[kind]
    path = DATA / f"actuals-{size_label(n)}-{key}{suffix}"
    if args.regen or not path.exists():
        for old in DATA.glob(f"actuals-{size_label(n)}-*{suffix}"):
            if old.name.endswith(suffix) and (kind != "csv" or not old.name.endswith(".gb18030.csv")):
                old.unlink()
        t0 = time.perf_counter()
        if kind == "parquet":
            gen.write_parquet(path, specs, n, args.seed)
        else:
            gen.write_actuals(path, specs, n, args.seed, "gb18030" if kind == "gb18030" else "utf-8")
        print(f"  generated {path} ({n:,} rows) in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return path


def read_frictionless(path: Path) -> tuple[bool, int | None, int, list[str]] | None:
    """(valid, rows validated, error count, first messages) from `frictionless validate --json`."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        task = doc["tasks"][0]
        msgs = [e["message"] for e in doc.get("errors", []) + task.get("errors", [])][:3]
        return bool(doc["valid"]), task["stats"].get("rows"), int(task["stats"]["errors"]), msgs
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return None


def verify_targets(csv: Path, n: int, args: argparse.Namespace, book: Book) -> None:
    """An untimed run that keeps the JSON, to show the timed runs did the whole job."""
    out, err = OUT / "verify-check.json", log_path("verify check")
    r = run(
        [exe("targets"), "check", str(csv), "--format", "json"],
        stdout=out,
        stderr=err,
        timeout=args.timeout,
        mem_limit_kib=args.mem_limit * 1024,
    )
    if r.outcome != "ok":
        record(book, f"targets check {size_label(n)} (verify run)", r, err)
        return
    doc = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    statuses: dict[str, int] = {}
    for res in doc["results"]:
        statuses[res["status"]] = statuses.get(res["status"], 0) + 1
    regions = len({res["region"] for res in doc["results"]})
    severities = [p["severity"] for p in doc["problems"]]
    book.checks.append(
        f"targets {size_label(n)}: {len(doc['results']):,} results for {regions:,} regions "
        f"(as of {doc['as_of']}); {severities.count('error')} errors, {severities.count('warning')} "
        f"warnings; statuses {json.dumps(dict(sorted(statuses.items())))}"
    )


@dataclass
class Tool:
    """One command of the throughput table."""

    name: str
    slug: str
    argv: list[str]
    stdout: str | Path = os.devnull
    ok_codes: tuple[int, ...] = (0,)
    kind: str = "targets"  # targets, frictionless (its JSON report is read) or peer


def run_tool(t: Tool, n: int, args: argparse.Namespace, book: Book, first: bool, timeout: float) -> Run:
    label = size_label(n)
    err = log_path(f"{t.slug}-{label}")
    r = run(
        t.argv,
        stdout=t.stdout,
        stderr=err,
        timeout=timeout,
        mem_limit_kib=args.mem_limit * 1024 if n <= 10_000_000 else max(args.mem_limit, 6144) * 1024,
        peak_file=LOGS / f"{t.slug}-{label}.peak",
        ok_codes=t.ok_codes,
    )
    if r.outcome != "ok":
        record(book, f"{t.name} {label}", r, err)
    elif t.kind == "targets" and first:
        said = [x for x in Path(err).read_text(encoding="utf-8", errors="replace").splitlines() if "read" in x]
        way = next((x.removeprefix("targets: ") for x in said if "column by column" in x or "row reader" in x), None)
        default = "read by the DuckDB engine" if "--engine" in t.argv else "read by the row reader"
        book.checks.append(f"{t.name} {label}: {way or default}")
    elif t.kind == "frictionless":
        rep = read_frictionless(Path(t.stdout))
        if rep is None:
            r.outcome = "failed"
            book.failures.append(f"{t.name} {label}: no readable report in {t.stdout}\n{tail(err)}")
        elif first:
            valid, rows, nerr, msgs = rep
            verdict = "valid" if valid else f"INVALID ({nerr} errors, e.g. {msgs})"
            complete = "all" if rows == n else f"ONLY {rows} of"
            book.checks.append(f"{t.name} {label}: {verdict}; validated {complete} {n:,} rows")
    elif t.kind == "peer" and first:
        lines = _count_lines(Path(t.stdout))
        book.checks.append(f"{t.name} {label}: {lines:,} groups written")
    return r


def _count_lines(path: Path) -> int:
    n = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 24):
            n += chunk.count(b"\n")
    return n


def status_text(r: Run, args: argparse.Namespace) -> str:
    if r.outcome == "timeout":
        return f"timeout ({r.wall:.0f} s)"
    if r.outcome == "oom-guard":
        return f"oom-guard (after {r.wall:.0f} s)"
    return "ok" if r.outcome == "ok" else f"failed (exit {r.rc})"


def size_tools(
    n: int, csv: str, gb: str | None, args: argparse.Namespace, schemas: tuple[Path, Path]
) -> list[Tool]:
    """What runs on the CSV of n rows: targets (both engines, and on GB18030), the peers, and
    frictionless up to --frictionless-max."""
    tg, py, label = exe("targets"), sys.executable, size_label(n)
    peers = str(ROOT / "bench" / "peers.py")
    tools = [
        Tool("targets check --format json", "targets", [tg, "check", csv, "--format", "json"]),
        Tool(
            "targets check --engine duckdb --format json",
            "targets-duckdb",
            [tg, "check", csv, "--engine", "duckdb", "--format", "json"],
        ),
    ]
    if gb is not None:
        tools.append(
            Tool("targets check (GB18030 file)", "targets-gb18030", [tg, "check", gb, "--format", "json"])
        )
    for engine in ("polars", "duckdb"):
        out = OUT / f"peer-{engine}-{label}.ndjson"
        tools.append(
            Tool(
                f"{engine} (same job, peers.py)",
                f"peer-{engine}",
                [py, peers, engine, csv, str(out)],
                out,
                kind="peer",
            )
        )
    if n <= args.frictionless_max:
        variants = [("no primaryKey", "nopk", schemas[1])]
        if args.frictionless_pk:
            variants.append(("primaryKey", "pk", schemas[0]))
        fl = exe("frictionless")
        for variant, slug, schema in variants:
            tools.append(
                Tool(
                    f"frictionless validate ({variant})",
                    slug,
                    [fl, "validate", csv, "--schema", str(schema), "--json"],
                    LOGS / f"frictionless-{label}-{slug}.json",
                    (0, 1),  # 1: the data is invalid; the report says why
                    kind="frictionless",
                )
            )
    return tools


def measure(tools: list[Tool], n: int, args: argparse.Namespace, book: Book, timeout: float) -> None:
    """Run the tools round-robin --tp-runs times; one throughput row each."""
    label = size_label(n)
    runs: dict[str, list[Run]] = {t.slug: [] for t in tools}
    for i in range(args.tp_runs):
        k = i % len(tools)
        for t in tools[k:] + tools[:k]:
            if not runs[t.slug] or runs[t.slug][-1].outcome == "ok":
                runs[t.slug].append(run_tool(t, n, args, book, i == 0, timeout))
    for t in tools:
        rs = runs[t.slug]
        kib = [r.peak_kib for r in rs if r.peak_kib is not None]
        row: dict[str, object] = {
            "size": label,
            "rows": n,
            "tool": t.name,
            "slug": t.slug,
            "peak_mib": max(kib) / 1024 if kib else None,
        }
        if all(r.outcome == "ok" for r in rs):
            wall = statistics.median(r.wall for r in rs)
            row |= {
                "wall_s": wall,
                "cpu_s": statistics.median(r.cpu for r in rs),
                "rows_per_s": n / wall,
                "status": "ok",
            }
        else:
            row |= {"wall_s": rs[-1].wall, "status": status_text(rs[-1], args)}
        book.throughput.append(row)


def throughput(args: argparse.Namespace, book: Book) -> None:
    catalog_text = gen.catalog_json(exe("targets"))
    catalog = json.loads(catalog_text)
    specs = gen.series_specs(catalog)
    pair = schemas(catalog, book)
    for idx, n in enumerate(sorted(args.sizes)):
        csv = str(dataset(n, args, catalog_text, specs))
        gb = str(dataset(n, args, catalog_text, specs, "gb18030")) if n <= 1_000_000 else None
        if idx == 0 and not args.no_verify:
            verify_targets(Path(csv), n, args, book)
        measure(size_tools(n, csv, gb, args, pair), n, args, book, args.timeout)
    if not args.skip_100m:
        n = args.big
        pq = str(dataset(n, args, catalog_text, specs, "parquet"))
        tg, label = exe("targets"), size_label(n)
        tools = [
            Tool(
                "targets check --engine duckdb --memory-limit 4GB --format json (Parquet)",
                "targets-big",
                [tg, "check", pq, "--engine", "duckdb", "--memory-limit", "4GB", "--format", "json"],
            ),
            Tool(
                "duckdb (same job, peers.py, memory_limit 4GB, Parquet)",
                "peer-duckdb",
                [
                    sys.executable,
                    str(ROOT / "bench" / "peers.py"),
                    "duckdb",
                    pq,
                    str(OUT / f"peer-duckdb-{label}.ndjson"),
                    "--memory-limit",
                    "4GB",
                ],
                OUT / f"peer-duckdb-{label}.ndjson",
                kind="peer",
            ),
        ]
        measure(tools, n, args, book, args.big_timeout)
    book.ratios.extend(goals(book.throughput))


def goals(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """The issue's goals for every targets row: time against frictionless (no primaryKey) at
    the same size, or scaled linearly from the largest size it ran at; peak RSS."""
    fl = {int(r["rows"]): float(r["wall_s"]) for r in rows if r["slug"] == "nopk" and r["status"] == "ok"}  # type: ignore[call-overload, arg-type]
    out: list[dict[str, object]] = []
    for r in rows:
        if not str(r["slug"]).startswith("targets") or r["slug"] == "targets-duckdb":
            continue  # the DuckDB engine on CSV is shown for comparison; the goals name the others
        n = int(r["rows"])  # type: ignore[call-overload]
        ref_n = max((m for m in fl if m <= n), default=None)
        ref = fl[ref_n] * n / ref_n if ref_n else None
        big = r["slug"] == "targets-big"  # the Parquet step: completes within 5 GiB
        limit_ratio = None if big else 0.3 if n <= 1_000_000 else 0.5
        limit_mib = 5120 if big else 300 if n <= 1_000_000 else 1024
        wall = r.get("wall_s") if r["status"] == "ok" else None
        ratio = float(wall) / ref if wall is not None and ref else None  # type: ignore[arg-type]
        peak = r.get("peak_mib")
        out.append(
            {
                "size": r["size"],
                "tool": r["tool"],
                "wall_s": wall,
                "reference_s": ref,
                "reference": "—"
                if ref_n is None
                else ("measured" if ref_n == n else f"{n // ref_n} x {size_label(ref_n)}"),
                "ratio": ratio,
                "time_goal": f"<= {limit_ratio:g}" if limit_ratio else "completes",
                "time_met": (ratio is not None and ratio <= limit_ratio) if limit_ratio else wall is not None,
                "peak_mib": peak,
                "rss_goal": f"<= {limit_mib}",
                "rss_met": peak is not None and float(peak) <= limit_mib,  # type: ignore[arg-type]
                "status": r["status"],
            }
        )
    return out


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    os.chdir(ROOT)
    LOGS.mkdir(parents=True, exist_ok=True)
    DATA.mkdir(parents=True, exist_ok=True)
    book = Book(facts=machine_facts())
    book.facts["bytecode cache"] = bytecode_cache(args.no_bytecode_cache)
    book.facts["options"] = " ".join(argv) or "(defaults)"
    book.facts["peak RSS meter"] = (
        "GNU time %M (/usr/bin/time)"
        if peak_meter() == "gnu-time"
        else "bench/proc.py wrapper (wait4 ru_maxrss)"
    )
    if args.only != "throughput":
        print(f"start-up: {args.runs} rounds of 6 commands ...", file=sys.stderr)
        startup(args, book)
    if args.only != "startup":
        big = "" if args.skip_100m else f", {size_label(args.big)} (Parquet)"
        print(f"throughput: {', '.join(map(size_label, sorted(args.sizes)))}{big} rows ...", file=sys.stderr)
        # one line on stderr (into the logs) says which way `targets check` read the files
        os.environ["TARGETS_DEBUG"] = "1"
        try:
            throughput(args, book)
        except (OSError, gen.SetupError) as exc:
            print(f"bench/run: {exc}", file=sys.stderr)
            return EXIT_SETUP
    book.facts["load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    text = render(book, args)
    print(text)
    (OUT / "latest.md").write_text(text + "\n", encoding="utf-8")
    (OUT / "latest.json").write_text(
        json.dumps(book.__dict__, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
    )
    print(f"\n(written to {OUT / 'latest.md'} and latest.json)", file=sys.stderr)
    if book.failures:
        return EXIT_FAILED
    return EXIT_GUARD if book.guards else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
