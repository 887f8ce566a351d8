"""The DuckDB engine runs the plausibility audit (actuals/audit.py) and honours --plan: the same
problems (file, line, code, severity, message) and the same report as the row reader, for jumps
found in SQL, in rows read one by one and across both, confirmations in either, shares, the plan's
reference by region scope, the listing limit, and names several plans share; and the memory
DuckDB takes without --memory-limit."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from targets.actuals import audit, load_actuals
from targets.catalog import default_catalog_path, load_catalog
from targets.cli.app import app
from targets.errors import ActualsError, Problem
from targets.models import Catalog

duckdb_engine = pytest.importorskip("targets.actuals.duckdb_engine")
pytest.importorskip("duckdb")

ROOT = Path(__file__).resolve().parent.parent
HEAD = "indicator,year,value,unit,region,note\n"
TRADE = "gx-open-14th.trade-total"
SHARE = "yc-innovation-2025.rd-institution-rate"
runner = CliRunner()


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog(default_catalog_path())


def _problems(engine: str, paths: list[Path], catalog: Catalog, **kw: object) -> tuple[list[Problem], bool]:
    """(problems, whether the actuals were refused) on one engine."""
    load = duckdb_engine.load_duckdb if engine == "duckdb" else load_actuals
    try:
        actuals, problems = load(paths, catalog, **kw)
    except ActualsError as exc:
        return exc.problems, True
    getattr(actuals, "close", lambda: None)()
    return problems, False


def _fields(problems: list[Problem]) -> list[tuple[object, ...]]:
    return [(p.file, p.line, p.column, p.code, p.severity, p.message) for p in problems]


def both(tmp_path: Path, catalog: Catalog, files: dict[str, str], **kw: object) -> list[Problem]:
    """The problems of `files`, required equal on both engines."""
    paths = []
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    exact, refused = _problems("python", paths, catalog, **kw)
    engine, engine_refused = _problems("duckdb", paths, catalog, **kw)
    assert _fields(engine) == _fields(exact)
    assert engine_refused == refused
    return exact


def codes(problems: list[Problem]) -> list[tuple[str, int | None]]:
    return [(p.code, p.line) for p in problems]


def test_a_jump_in_plain_rows(tmp_path: Path, shipped: Catalog) -> None:
    rows = f"{TRADE},2023,3200,亿元,,\n{TRADE},2024,33500000,亿元,,\n"
    (p,) = both(tmp_path, shipped, {"a.csv": HEAD + rows})
    assert (p.code, p.line, p.column, p.severity) == ("magnitude-jump", 3, "value", "error")
    assert p.message.startswith("gaoxin.foreign-trade 2024: 33500000 亿元 is 10468.8 times the 2023")


def test_a_jump_across_files_and_across_rows_read_one_by_one(tmp_path: Path, shipped: Catalog) -> None:
    files = {
        "2023.csv": HEAD + f"{TRADE},2023,3200,亿元,,\n",
        "2024.csv": HEAD + f"{TRADE},2024,0.335,亿元,,\n",
    }
    (p,) = both(tmp_path, shipped, files)
    assert p.code == "magnitude-jump" and f"({tmp_path / '2023.csv'}:2)" in p.message
    # the earlier year read one by one (a unit to convert, a missing mark), the later in SQL
    rows = (
        f"{TRADE},2021,32000000,万元,,\n{TRADE},2022,-,亿元,,\n{TRADE},2023,3300000000,亿元,,\n"
        f"{TRADE},2024,3400,亿元,,\n"
    )
    found = both(tmp_path, shipped, {"b.csv": HEAD + rows})
    assert codes(found) == [("magnitude-jump", 4), ("magnitude-jump", 5)]
    assert "the 2021 value 3200 (line 2)" in found[0].message


def test_the_first_year_against_the_plan_by_region_scope(tmp_path: Path, shipped: Catalog) -> None:
    rows = (
        f"{TRADE},2023,32000000,亿元,,\n{TRADE},2023,32000000,亿元,北碚区,\n"
        f"{TRADE},2023,32000000,亿元,重庆高新区,\n{TRADE},2024,3300,亿元,重庆高新区,\n"
        "yongchuan.foreign-trade,2023,0.05,亿元,永川区,\n"
    )
    found = both(tmp_path, shipped, {"a.csv": HEAD + rows})
    assert codes(found) == [
        ("magnitude-vs-plan", 2),
        ("magnitude-vs-plan", 4),
        ("magnitude-jump", 5),
        ("magnitude-vs-plan", 6),  # against the other plan's target, by the region as its scope
    ]
    assert "the plan's 2022 target 62 of yc-open-2022.foreign-trade-2022" in found[3].message
    assert "the plan's 2020 baseline 2900 of gx-open-14th.trade-total" in found[0].message


@pytest.mark.parametrize(
    "note", ["确认", "已确认：并入园区", "Confirmed by the bureau", " 确认", "ｃｏｎｆｉｒｍｅｄ"]
)
def test_a_confirmed_jump_passes_on_both_engines(tmp_path: Path, shipped: Catalog, note: str) -> None:
    rows = f"{TRADE},2023,3200,亿元,,\n{TRADE},2024,33500000,亿元,,{note}\n"
    assert both(tmp_path, shipped, {"a.csv": HEAD + rows}) == []
    # the same on a row read one by one (a unit to convert)
    rows = f"{TRADE},2023,3200,亿元,,\n{TRADE},2024,335000000000,万元,,{note}\n"
    assert both(tmp_path, shipped, {"b.csv": HEAD + rows}) == []


@pytest.mark.parametrize("note", ["待确认", "see 确认", "unconfirmed"])
def test_what_does_not_confirm_on_both_engines(tmp_path: Path, shipped: Catalog, note: str) -> None:
    rows = f"{TRADE},2023,3200,亿元,,\n{TRADE},2024,33500000,亿元,,{note}\n{TRADE},2025,3400,亿元,,确认\n"
    assert codes(both(tmp_path, shipped, {"a.csv": HEAD + rows})) == [("magnitude-jump", 3)]


def test_confirmations_of_many_plain_rows_are_judged_in_sql(tmp_path: Path, shipped: Catalog) -> None:
    rows = "".join(
        f"{TRADE},2023,3200,亿元,区{r},\n{TRADE},2024,33500000,亿元,区{r},{'确认' if r % 2 else '待确认'}\n"
        for r in range(40)
    )
    found = both(tmp_path, shipped, {"a.csv": HEAD + rows})
    # in region order, as the audit lists them: 区0, 区10, 区12, ...
    assert [p.line for p in found] == [2 * r + 3 for r in sorted(range(0, 40, 2), key=lambda r: f"区{r}")]
    rows = "".join(
        f"{TRADE},{y},{3200 * 1000 ** (y - 2023)},亿元,区{r},确认\n" for r in range(40) for y in (2023, 2024)
    )
    (tmp_path / "b.csv").write_text(HEAD + rows, encoding="utf-8")
    actuals, problems = duckdb_engine.load_duckdb([tmp_path / "b.csv"], shipped)
    assert problems == [] and len(actuals) == 80 and len(actuals.store) == 0  # all read by DuckDB
    actuals.close()


def test_shares_and_the_exact_borders(tmp_path: Path, shipped: Catalog) -> None:
    rows = (
        f"{SHARE},2021,100,%,,\n{SHARE},2022,100.000,%,甲,\n{SHARE},2023,103,%,,\n"
        f"{SHARE},2024,−1,%,,\n{SHARE},2023,100.000000000000001,%,乙,\n{SHARE},2024,0,%,乙,\n"
        f"{TRADE},2021,3200,亿元,丙,\n{TRADE},2022,3200000,亿元,丙,\n"  # exactly 1000 times
        f"{TRADE},2021,3200,亿元,丁,\n{TRADE},2022,3199999.999,亿元,丁,\n"  # just below
        f"{TRADE},2021,3200,亿元,戊,\n{TRADE},2022,3.2,亿元,戊,\n"  # exactly 1/1000
    )
    found = both(tmp_path, shipped, {"a.csv": HEAD + rows})
    assert codes(found) == [
        ("magnitude-jump", 9),
        ("magnitude-jump", 13),
        ("share-out-of-range", 4),
        ("share-out-of-range", 5),
        ("share-out-of-range", 6),
    ]


def test_the_listing_limit_counts_the_rest(
    tmp_path: Path, shipped: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit, "MAX_LISTED", 3)
    rows = "".join(f"{TRADE},2023,3200,亿元,区{r},\n{TRADE},2024,33500000,亿元,区{r},\n" for r in range(7))
    rows += "".join(f"{SHARE},2023,{200 + r},%,区{r},\n" for r in range(5))
    found = both(tmp_path, shipped, {"a.csv": HEAD + rows})
    assert [p.code for p in found] == ["magnitude-jump"] * 3 + ["share-out-of-range"] * 3 + [
        "magnitude-jump",
        "share-out-of-range",
    ]
    assert found[-2].message == "4 more magnitude-jump problem(s) are not listed (7 in all)"


def test_check_runs_the_audit_on_the_duckdb_engine(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(HEAD + f"{TRADE},2023,3200,亿元,,\n{TRADE},2024,33500000,亿元,,\n", encoding="utf-8")
    out = {
        engine: runner.invoke(app, ["check", str(path), "--format", "json", "--engine", engine])
        for engine in ("python", "duckdb")
    }
    assert out["python"].exit_code == out["duckdb"].exit_code == 2
    assert out["duckdb"].stdout == out["python"].stdout
    assert '"code": "magnitude-jump"' in out["duckdb"].stdout
    assert out["duckdb"].stderr == out["python"].stderr  # no notice that the audit was skipped
    assert "If the jump is genuine" in out["duckdb"].stderr


# ---------------------------------------------------------------- --plan

SHARED = (
    "外贸进出口总额,2024,3350,亿元,,\n"  # ambiguous unless --plan decides
    "外贸进出口总额,2023,3300,亿元,重庆高新区,\n外贸进出口总额,2024,71,亿元,永川区,\n"
    "服务贸易总额,2024,500,亿元,重庆高新区,\n服务贸易总额,2023,20,亿元,,\n"
    "外贸进出口总额,2024,60,亿元,北碚区,\n"
)
PLANS = [(), ("gx-open-14th",), ("yc-open-2022",), ("gx-open-14th", "yc-open-2022"), ("gx-sc-2027",)]


@pytest.mark.parametrize("plans", PLANS, ids=lambda p: ",".join(p) or "all")
def test_plan_decides_shared_names_the_same_on_both_engines(
    tmp_path: Path, shipped: Catalog, plans: tuple[str, ...]
) -> None:
    found = both(tmp_path, shipped, {"a.csv": HEAD + SHARED}, plans=plans)
    ambiguous = [p.line for p in found if "ambiguous" in p.message]
    assert ambiguous == ([] if plans in (("gx-open-14th",), ("yc-open-2022",)) else [2, 6, 7])


CLI_ROWS = (
    "外贸进出口总额,2023,3300,亿元,重庆高新区,\n外贸进出口总额,2024,71,亿元,永川区,\n"
    "服务贸易总额,2024,12,亿美元,重庆高新区,\n服务贸易总额,2022,1.5,亿美元,永川区,\n"
    "外贸进出口总额,2025,3350,亿元,,\n"  # decided by --plan gx-open-14th or yc-open-2022 only
)


@pytest.mark.parametrize("plans", PLANS, ids=lambda p: ",".join(p) or "all")
def test_check_with_plan_gives_the_same_report_on_both_engines(
    tmp_path: Path, plans: tuple[str, ...]
) -> None:
    extra = tmp_path / "shared.csv"
    extra.write_text(HEAD + CLI_ROWS, encoding="utf-8")
    actuals = sorted((ROOT / "data" / "actuals").glob("*.csv"))
    argv = ["check", *map(str, actuals), str(extra), "--format", "json"]
    argv += [x for p in plans for x in ("--plan", p)]
    out = {engine: runner.invoke(app, [*argv, "--engine", engine]) for engine in ("python", "duckdb")}
    assert out["duckdb"].exit_code == out["python"].exit_code
    assert (out["duckdb"].stdout, out["duckdb"].stderr) == (out["python"].stdout, out["python"].stderr)
    report = json.loads(out["duckdb"].stdout)
    if plans not in (("gx-open-14th",), ("yc-open-2022",)):
        assert out["duckdb"].exit_code == 2 and "is ambiguous" in out["duckdb"].stderr
        return
    assert out["duckdb"].exit_code == 0, out["duckdb"].output
    assert {r["plan"] for r in report["results"]} == set(plans)
    shared = {
        (r["id"], r["region"], r["actual"]) for r in report["results"] if r["line"] and "shared" in r["file"]
    }
    assert (
        shared
        == {
            "gx-open-14th": {
                ("gx-open-14th.trade-total", None, 3350),
                ("gx-open-14th.trade-total", "重庆高新区", 3300),
                ("gx-open-14th.service-trade-total", "重庆高新区", 12),
            },
            "yc-open-2022": {
                ("yc-open-2022.foreign-trade-2025", None, 3350),
                ("yc-open-2022.foreign-trade-2025", "永川区", 71),
                ("yc-open-2022.services-trade-2022", "永川区", 1.5),
            },
        }[plans[0]]
    )


def test_names_resolved_by_region_are_read_by_duckdb_itself(tmp_path: Path, shipped: Catalog) -> None:
    rows = "".join(f"外贸进出口总额,{y},{3300 + y},亿元,重庆高新区,\n" for y in range(2021, 2025))
    (tmp_path / "a.csv").write_text(HEAD + rows, encoding="utf-8")
    actuals, problems = duckdb_engine.load_duckdb([tmp_path / "a.csv"], shipped, plans=("yc-open-2022",))
    assert problems == [] and len(actuals) == 4 and len(actuals.store) == 0
    groups = list(actuals.series_groups("gaoxin.foreign-trade"))
    assert [(r, sorted(v)) for r, v, _ in groups] == [("重庆高新区", [2021, 2022, 2023, 2024])]
    actuals.close()


def _random_audit_rows(catalog: Catalog, seed: int) -> str:
    """Plain rows near each series' level, with slips of powers of ten, values in another unit
    (read one by one), missing marks, shares out of range, and notes that do or do not confirm."""
    rnd = random.Random(seed)
    level: dict[str, tuple[float, str]] = {}
    for _, t in catalog.iter_targets():
        v = t.target.value or (t.baseline.value if t.baseline else None) or 100
        level.setdefault(t.series_key, (float(v), t.unit or ""))
    regions = ["", "重庆高新区", "永川区", *(f"区{i}" for i in range(12))]
    keys = [(s, r, y) for s in sorted(level) for r in regions for y in range(2019, 2026)]
    out = [HEAD]
    for s, r, y in sorted(rnd.sample(keys, len(keys) // 3)):
        base, unit = level[s]
        value = base * rnd.uniform(0.5, 1.5)
        roll = rnd.random()
        if unit == "%":
            value = min(value, 99.0)
            if roll < 0.05:
                value = rnd.choice([103.5, 250.0, 100.0])
        elif roll < 0.08:
            value *= 10.0 ** rnd.choice([-8, -4, -3, 3, 4, 8])
        cell = f"{value:.4f}".rstrip("0").rstrip(".")
        if unit == "亿元" and rnd.random() < 0.05:
            cell, unit = f"{value * 10000:.2f}", "万元"  # converted: read one by one
        elif rnd.random() < 0.02:
            cell = "-"
        note = rnd.choice(["确认", "待确认", "confirmed", "备注"]) if rnd.random() < 0.06 else ""
        out.append(f"{s},{y},{cell},{unit},{r},{note}\n")
    return "".join(out)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_slips_give_the_same_findings(tmp_path: Path, shipped: Catalog, seed: int) -> None:
    found = both(tmp_path, shipped, {"r.csv": _random_audit_rows(shipped, seed)})
    kinds = {p.code for p in found}
    assert {"magnitude-jump", "magnitude-vs-plan", "share-out-of-range"} <= kinds


# ---------------------------------------------------------------- memory


def test_without_memory_limit_duckdb_takes_2gb_or_half_the_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def limit(given: str | None) -> str:
        con = duckdb_engine.connect(given, str(tmp_path / "spill"))
        try:
            return str(con.execute("SELECT current_setting('memory_limit')").fetchone()[0])
        finally:
            con.close()

    assert limit("3GB") == "2.7 GiB"  # DuckDB's GB are 1000^3 bytes
    sizes = {"SC_PAGE_SIZE": 4096, "SC_PHYS_PAGES": (64 << 30) >> 12}  # 64 GiB: the 2 GiB default
    monkeypatch.setattr(duckdb_engine.os, "sysconf", lambda name: sizes[name])
    assert limit(None) == "2.0 GiB"
    sizes["SC_PHYS_PAGES"] = (3 << 30) >> 12  # 3 GiB: half of it
    assert duckdb_engine.default_memory_limit() == "1536MiB" and limit(None) == "1.5 GiB"


def test_an_in_process_check_leaves_sigterm_handling_as_it_found_it(tmp_path: Path) -> None:
    """--engine duckdb turns SIGTERM into an interruption while it runs (so its spill files go);
    a caller running `check` in its own process gets its own handler back afterwards."""
    import signal

    before = signal.getsignal(signal.SIGTERM)
    path = tmp_path / "a.csv"
    path.write_text("indicator,year,value\ngaoxin.rail-transit-length,2021,11.78\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(path), "--engine", "duckdb", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert signal.getsignal(signal.SIGTERM) is before
