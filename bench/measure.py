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
    ap.add_argument("--sizes", default="100k,1m", help="throughput sizes, e.g. 100k,1m (default)")
    ap.add_argument("--quick", action="store_true", help="throughput at 100k only")
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
    except argparse.ArgumentTypeError as exc:
        ap.error(str(exc))
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
        ("targets --version", [tg, "--version"], 8.0),
        ("targets --help", [tg, "--help"], None),
        (
            "targets check data/actuals/ --format json",
            [tg, "check", "data/actuals/", "--format", "json"],
            15.0,
        ),
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
        row["goal"] = f"< {goal:g}x" if goal else ""
        if goal and "ratio" in row:
            row["met"] = "yes" if float(row["ratio"]) < goal else "no"  # type: ignore[arg-type]
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


def dataset(n: int, args: argparse.Namespace, catalog_text: str, specs: list[gen.Series]) -> Path:
    key = gen.cache_key(catalog_text, n, args.seed)
    path = DATA / f"actuals-{size_label(n)}-{key}.csv"
    if args.regen or not path.exists():
        for old in DATA.glob(f"actuals-{size_label(n)}-*.csv"):
            old.unlink()
        t0 = time.perf_counter()
        gen.write_actuals(path, specs, n, args.seed)
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


def run_tool(t: Tool, n: int, args: argparse.Namespace, book: Book, first: bool) -> Run:
    label = size_label(n)
    err = log_path(f"{t.slug}-{label}")
    r = run(
        t.argv,
        stdout=t.stdout,
        stderr=err,
        timeout=args.timeout,
        mem_limit_kib=args.mem_limit * 1024,
        peak_file=LOGS / f"{t.slug}-{label}.peak",
        ok_codes=t.ok_codes,
    )
    if r.outcome != "ok":
        record(book, f"{t.name} {label}", r, err)
    elif t.slug != "targets":
        rep = read_frictionless(Path(t.stdout))
        if rep is None:
            r.outcome = "failed"
            book.failures.append(f"{t.name} {label}: no readable report in {t.stdout}\n{tail(err)}")
        elif first:
            valid, rows, nerr, msgs = rep
            verdict = "valid" if valid else f"INVALID ({nerr} errors, e.g. {msgs})"
            complete = "all" if rows == n else f"ONLY {rows} of"
            book.checks.append(f"{t.name} {label}: {verdict}; validated {complete} {n:,} rows")
    return r


def status_text(r: Run, args: argparse.Namespace) -> str:
    if r.outcome == "timeout":
        return f"timeout ({args.timeout:g} s)"
    if r.outcome == "oom-guard":
        return f"oom-guard (RSS > {args.mem_limit} MiB after {r.wall:.0f} s)"
    return "ok" if r.outcome == "ok" else f"failed (exit {r.rc})"


def throughput(args: argparse.Namespace, book: Book) -> None:
    catalog_text = gen.catalog_json(exe("targets"))
    catalog = json.loads(catalog_text)
    specs = gen.series_specs(catalog)
    schema_pk, schema_nopk = schemas(catalog, book)
    fl = exe("frictionless")
    for idx, n in enumerate(sorted(args.sizes)):
        label = size_label(n)
        csv = str(dataset(n, args, catalog_text, specs))
        if idx == 0 and not args.no_verify:
            verify_targets(Path(csv), n, args, book)
        tools = [
            Tool(
                "targets check --format json", "targets", [exe("targets"), "check", csv, "--format", "json"]
            ),
            *(
                Tool(
                    f"frictionless validate ({variant})",
                    slug,
                    [fl, "validate", csv, "--schema", str(schema), "--json"],
                    LOGS / f"frictionless-{label}-{slug}.json",
                    (0, 1),  # 1: the data is invalid; the report says why
                )
                for variant, slug, schema in (
                    ("primaryKey", "pk", schema_pk),
                    ("no primaryKey", "nopk", schema_nopk),
                )
            ),
        ]
        runs: dict[str, list[Run]] = {t.slug: [] for t in tools}
        for i in range(args.tp_runs):
            k = i % len(tools)
            for t in tools[k:] + tools[:k]:
                if not runs[t.slug] or runs[t.slug][-1].outcome == "ok":
                    runs[t.slug].append(run_tool(t, n, args, book, first=i == 0))
        walls: dict[str, float] = {}
        cpus: dict[str, float] = {}
        peaks: dict[str, float | None] = {}
        for t in tools:
            rs = runs[t.slug]
            kib = [r.peak_kib for r in rs if r.peak_kib is not None]
            peaks[t.slug] = max(kib) / 1024 if kib else None
            row: dict[str, object] = {"size": label, "rows": n, "tool": t.name, "peak_mib": peaks[t.slug]}
            if all(r.outcome == "ok" for r in rs):
                walls[t.slug] = statistics.median(r.wall for r in rs)
                cpus[t.slug] = statistics.median(r.cpu for r in rs)
                row |= {
                    "wall_s": walls[t.slug],
                    "cpu_s": cpus[t.slug],
                    "rows_per_s": n / walls[t.slug],
                    "status": "ok",
                }
            else:
                row |= {"wall_s": rs[-1].wall, "status": status_text(rs[-1], args)}
            book.throughput.append(row)

        def ratio(of: dict[str, float], slug: str) -> float | None:
            return of["targets"] / of[slug] if "targets" in of and slug in of else None

        book.ratios.append(
            {
                "size": label,
                "ratio_pk": ratio(walls, "pk"),
                "ratio_nopk": ratio(walls, "nopk"),
                "cpu_ratio_pk": ratio(cpus, "pk"),
                "cpu_ratio_nopk": ratio(cpus, "nopk"),
                "targets_peak_mib": peaks["targets"],
                "targets_status": book.throughput[-len(tools)]["status"],
            }
        )


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
        print(f"start-up: {args.runs} rounds of 5 commands ...", file=sys.stderr)
        startup(args, book)
    if args.only != "startup":
        print(f"throughput: {', '.join(map(size_label, sorted(args.sizes)))} rows ...", file=sys.stderr)
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
