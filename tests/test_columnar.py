"""The same results on every path: the row reader (CSV, Parquet through pyarrow) and the DuckDB
engine (CSV, Parquet) give the same problems, in the same order with the same files and lines,
and the same report, on the shipped data, on files shaped like the benchmark's and on random
rows full of the unusual cells that must go through the row checks."""

from __future__ import annotations

import importlib.util
import json
import math
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest

from targets.actuals import load_actuals
from targets.actuals.load import Options
from targets.actuals.sink import MAX_LISTED
from targets.catalog import default_catalog_path, load_catalog
from targets.errors import ActualsError
from targets.evaluate import Summarizer, iter_results
from targets.models import Catalog
from targets.report.export import iter_json

from .conftest import MINI

duckdb_engine = pytest.importorskip("targets.actuals.duckdb_engine")
pytest.importorskip("duckdb")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

ROOT = Path(__file__).resolve().parent.parent
HEADER = "indicator,year,value,unit,region\n"
REL = 1e-9


def _gen() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_gen", ROOT / "bench" / "gen.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench_gen"] = mod  # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    return mod


def _run(
    engine: str, files: list[Path], catalog: Catalog, as_of: int | None = None, encoding: str | None = None
) -> tuple[object, ...]:
    """(problems as text, the JSON report) or (error problems as text, None); the plausibility
    audit's findings (actuals/audit.py) included."""
    try:
        if engine == "duckdb":
            actuals, problems = duckdb_engine.load_duckdb(files, catalog, encoding=encoding)
        else:
            actuals, problems = load_actuals(files, catalog, encoding=encoding)
    except ActualsError as exc:
        return [str(p) for p in exc.problems], None
    year = as_of if as_of is not None else actuals.latest_year
    acc = Summarizer()

    def counted():  # type: ignore[no-untyped-def]
        for r in iter_results(catalog, actuals, year):
            acc.add(r)
            yield r

    text = "".join(iter_json(year, counted(), problems, acc.summary))
    getattr(actuals, "close", lambda: None)()
    return [str(p) for p in problems], json.loads(text)


def _same(a: object, b: object, where: str = "") -> None:
    """Equal, numbers within 1e-9 relative, the keys of objects in the same order."""
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        assert math.isclose(a, b, rel_tol=REL, abs_tol=1e-12), where
    elif isinstance(a, dict) and isinstance(b, dict):
        assert list(a) == list(b), where
        for k in a:
            _same(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    else:
        assert a == b, where


def _parquet(csv: Path, out: Path, typed: bool) -> Path:
    """The CSV as Parquet: every column text, or year and value typed as Parquet numbers."""
    import csv as csvmod

    with csv.open(encoding="utf-8", newline="") as fh:
        rows = list(csvmod.reader(fh))
    head, body = rows[0], rows[1:]
    cols: dict[str, list[object]] = {
        h: [r[i] if i < len(r) else None for r in body] for i, h in enumerate(head)
    }
    if typed:
        cols["year"] = [int(y) for y in cols["year"]]  # type: ignore[arg-type]
        cols["value"] = [float(v) if v else None for v in cols["value"]]  # type: ignore[arg-type]
    pq.write_table(pa.table(cols), out)
    return out


def _compare_all(files: list[Path], catalog: Catalog, as_of: int | None = None) -> tuple[object, ...]:
    exact = _run("python", files, catalog, as_of)
    engine = _run("duckdb", files, catalog, as_of)
    _same(engine[0], exact[0], "problems")
    _same(engine[1], exact[1], "report")
    return exact


def test_shipped_data_same_on_both_engines() -> None:
    catalog = load_catalog(default_catalog_path())
    files = sorted((ROOT / "data" / "actuals").glob("*.csv"))
    problems, report = _compare_all(files, catalog)
    assert report is not None and len(report["results"]) >= len(catalog.iter_targets())  # type: ignore[index]
    assert any("outside the plan period" in p for p in problems)  # type: ignore[union-attr]


@pytest.mark.parametrize("n", [2500, 8000])
def test_benchmark_shaped_files_same_on_every_path(tmp_path: Path, n: int) -> None:
    gen = _gen()
    catalog = load_catalog(default_catalog_path())
    doc = {
        "plans": [
            {"id": p.id, "period": {"start": p.period.start, "end": p.period.end}} for p in catalog.plans
        ],
        "indicators": [_listed(p, t) for p, t in catalog.iter_targets()],
    }
    specs = gen.series_specs(doc)
    csv = tmp_path / "a.csv"
    gen.write_actuals(csv, specs, n, 5)
    exact = _compare_all([csv], catalog)
    assert exact[1] is not None
    statuses = {r["status"] for r in exact[1]["results"]}  # type: ignore[index]
    assert len(statuses) >= 4
    for typed in (False, True):
        pqt = _parquet(csv, tmp_path / f"a{typed}.parquet", typed)
        for engine in ("python", "duckdb"):
            got = _run(engine, [pqt], catalog)
            assert got[0] == [p.replace(str(csv), str(pqt)) for p in exact[0]]  # type: ignore[union-attr]
            _same(_unfiled(got[1]), _unfiled(exact[1]), f"{engine} parquet typed={typed}")
    gb = tmp_path / "gb.csv"
    gen.write_actuals(gb, specs, n, 5, "gb18030")
    for engine in ("python", "duckdb"):
        got = _run(engine, [gb], catalog)
        _same(_unfiled(got[1]), _unfiled(exact[1]), f"{engine} gb18030")


def _unfiled(report: object) -> object:
    """The report with the file names left out (the same rows read from another file)."""
    if not isinstance(report, dict):
        return report
    return {**report, "results": [{**r, "file": None} for r in report["results"]]}


def _listed(plan: object, t: object) -> dict[str, object]:
    from targets.cli.catalog_cmds import _entry

    return _entry(plan, t)


def _levels(catalog: Catalog) -> dict[str, float]:
    """A plausible level per series (its target or baseline): values near it pass the audit."""
    out: dict[str, float] = {}
    for _, t in catalog.iter_targets():
        v = t.target.value or (t.baseline.value if t.baseline else None) or 100
        out.setdefault(t.series_key, float(v))
    return out


def _near(level: float, unit: str, rnd: random.Random) -> float:
    value = level * rnd.uniform(0.5, 1.5)
    return min(value, 99.0) if unit == "%" else value


def _random_rows(catalog: Catalog, n: int, seed: int) -> str:
    """Random rows with the cells the row checks must see: blanks, missing marks, percent signs,
    other units, bad numbers and years, negative counts, unknown names, padded regions,
    full-width digits, repeats and conflicting repeats."""
    rnd = random.Random(seed)
    series = sorted({t.series_key for _, t in catalog.iter_targets()})
    units = {t.series_key: t.unit or "" for _, t in catalog.iter_targets()}
    out = [HEADER]
    for _ in range(n):
        s = rnd.choice(series)
        year = str(rnd.choice([2018, 2019, 2020, 2021, 2022, 2023, 2024, 2026, 2031]))
        value = f"{rnd.uniform(0, 5000):.{rnd.choice([0, 1, 2, 4])}f}"
        unit = units[s] if rnd.random() < 0.6 else ""
        region = f"区{rnd.randrange(40)}"
        roll = rnd.random()
        if roll < 0.02:
            value = rnd.choice(
                ["", "-", "—", '"1,234.5"', "12%", "abc", "-3", "0.5", "=1+1", "１２３", "1e3"]
            )
        elif roll < 0.03:
            unit = "万元" if units[s] == "亿元" else "吨"
        elif roll < 0.04:
            year = rnd.choice(["2021年", "２０２２", "2021-05", "21", ""])
        elif roll < 0.05:
            region = rnd.choice([f" {region}", f"{region}\u3000", ""])
        elif roll < 0.055:
            s = rnd.choice(["不存在的指标", "外贸进出口总额", ""])
        line = f"{s},{year},{value},{unit},{region}\n"
        out.append(line)
        if rnd.random() < 0.02:
            out.append(line)  # an exact repeat
        elif rnd.random() < 0.01:
            out.append(f"{s},{year},7777,{unit},{region}\n")  # a conflicting one
    return "".join(out)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_rows_same_problems_and_results(tmp_path: Path, mini: Catalog, seed: int) -> None:
    csv = tmp_path / "r.csv"
    csv.write_text(_random_rows(mini, 3000, seed), encoding="utf-8")
    problems, _ = _compare_all([csv], mini)
    assert problems  # unusual rows were reported, the same way on both engines
    engine = duckdb_engine._Loader  # the file was read by DuckDB, not handed whole to the row reader
    con = duckdb_engine.connect(None, str(tmp_path / "spill"))
    loader = engine(
        con, duckdb_engine.Resolver(mini), duckdb_engine.Actuals(), str(tmp_path), None, Options()
    )
    assert loader.register(0, csv).tables is None
    con.close()


@pytest.mark.parametrize("seed", [4, 5])
def test_random_plain_rows_evaluate_the_same(tmp_path: Path, mini: Catalog, seed: int) -> None:
    rnd = random.Random(seed)
    series = sorted({t.series_key for _, t in mini.iter_targets()})
    units = {t.series_key: t.unit or "" for _, t in mini.iter_targets()}
    keys = [(s, y, f"r{r}") for s in series for y in range(2019, 2026) for r in range(60)]
    level = _levels(mini)
    lines = [HEADER] + [
        f"{s},{y},{_near(level[s], units[s], rnd):.3f},{units[s]},{r}\n"
        for s, y, r in rnd.sample(keys, len(keys) // 2)
    ]
    csv = tmp_path / "p.csv"
    csv.write_text("".join(lines), encoding="utf-8")
    _, report = _compare_all([csv], mini, as_of=2024)
    assert report is not None and len(report["results"]) > 100  # type: ignore[index]
    # plain rows are typed, checked and grouped by DuckDB: only the listed warnings are read
    # one by one (the first MAX_LISTED years outside the plan period)
    actuals, _ = duckdb_engine.load_duckdb([csv], mini)
    assert len(actuals.store) == MAX_LISTED and len(actuals) == len(lines) - 1
    actuals.close()


def test_two_files_and_duplicates_across_them(tmp_path: Path, mini: Catalog) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(HEADER + "t.trade,2021,3000,亿元,甲\nt.trade,2022,3100,亿元,甲\n", encoding="utf-8")
    b.write_text(HEADER + "t.trade,2022,3100,亿元,甲\nt.trade,2023,3300,亿元,甲\n", encoding="utf-8")
    _compare_all([a, b], mini)
    b.write_text(HEADER + "t.trade,2022,3150,亿元,甲\n", encoding="utf-8")
    problems, report = _compare_all([a, b], mini)
    assert report is None
    assert any("differs from" in p for p in problems)  # type: ignore[union-attr]


def test_duckdb_engine_missing_says_what_to_install(monkeypatch: pytest.MonkeyPatch, mini: Catalog) -> None:
    import builtins

    real = builtins.__import__

    def no_duckdb(name: str, *args: object, **kw: object) -> object:
        if name == "duckdb":
            raise ImportError(name)
        return real(name, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_duckdb)
    with pytest.raises(ActualsError) as exc:
        duckdb_engine.load_duckdb([ROOT / "data" / "actuals" / "gaoxin.csv"], mini)
    assert 'pip install "targets[scale]"' in str(exc.value)


def test_mini_fixture_is_the_shared_one() -> None:
    assert "t.trade" in MINI


def test_json_writer_gives_the_text_of_the_dict_for_every_result(mini: Catalog, tmp_path: Path) -> None:
    from targets.report import export

    rnd = random.Random(9)
    units = {t.series_key: t.unit or "" for _, t in mini.iter_targets()}
    level = _levels(mini)
    lines = [HEADER] + [
        f"{s},{y},{_near(level[s], units[s], rnd):.2f},{units[s]},{r}\n"
        for s in sorted(units)
        for r in ("", "甲", '乙"丙')
        for y in range(2020, 2020 + rnd.randrange(1, 6))
    ]
    csv = tmp_path / "r.csv"
    csv.write_text("".join(lines).replace('乙"丙', '"乙""丙"'), encoding="utf-8")
    actuals, _ = load_actuals([csv], mini)
    results = list(iter_results(mini, actuals, 2025))
    assert len({r.status for r in results}) >= 3 and any(r.notes for r in results)
    written = list(export._encoded(results))
    assert written == [export._dumps(export.result_data(r)) for r in results]


def test_parquet_without_pyarrow_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, mini: Catalog, tmp_path: Path
) -> None:
    import builtins

    path = tmp_path / "a.parquet"
    pq.write_table(pa.table({"indicator": ["t.trade"], "year": [2021], "value": [3000.0]}), path)
    real = builtins.__import__

    def no_pyarrow(name: str, *args: object, **kw: object) -> object:
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real(name, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    with pytest.raises(ActualsError) as exc:
        load_actuals([path], mini)
    assert str(exc.value) == (
        f"{path}: reading Parquet needs the pyarrow package, which is not installed: "
        'pip install "targets[scale]"'
    )


def test_a_file_that_is_not_parquet_is_named(mini: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "a.parquet"
    path.write_text("indicator,year,value\n", encoding="utf-8")
    for engine in ("python", "duckdb"):
        problems, report = _run(engine, [path], mini)
        assert report is None
        assert len(problems) == 1 and problems[0].startswith(f"{path}: not a readable Parquet file")  # type: ignore[index, union-attr]


def _whole(path: Path, encoding: str | None) -> list[str] | str:
    from targets.actuals.load import _lines
    from targets.textio import decode

    try:
        return list(_lines(decode(path.read_bytes(), str(path), encoding)))
    except ActualsError as exc:
        return str(exc)


SAMPLES: list[tuple[str, bytes, str | None]] = [
    ("utf8", "indicator,year,value,region\nt.trade,2021,3000,区县甲\n".encode(), None),
    ("bom", "\ufeffindicator,year,value\nt.trade,2021,3000\n".encode(), None),
    ("utf16", "indicator,year,value\r\nt.trade,2021,3000\r\n".encode("utf-16"), None),
    ("gb18030", "indicator,year,value,region\nt.trade,2021,3000,区县甲\n".encode("gb18030") * 50, None),
    ("forced", "indicator,year,value,地区\nt.trade,2021,3000,乙\n".encode("gbk"), "gbk"),
    ("mac", b"indicator,year,value\rt.trade,2021,3000\r", None),
    ("no-end", b"indicator,year,value\nt.trade,2021,3000", None),
    ("big5", "indicator,year,value,地區\nt.trade,2021,3000,臺北\n".encode("big5") * 20, None),
    ("mixed", "a,b\n甲,1\n".encode() * 5 + "乙,2\n".encode("gbk"), None),
    ("binary", b"\x00\x01\x02indicator", None),
    ("wrong", "indicator,year,value,地区\n".encode(), "ascii"),
]


@pytest.mark.parametrize(("name", "data", "encoding"), SAMPLES, ids=[s[0] for s in SAMPLES])
def test_lines_read_in_chunks_are_the_lines_of_the_whole_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, data: bytes, encoding: str | None
) -> None:
    from targets.actuals import stream

    monkeypatch.setattr(stream, "CHUNK", 7)  # chunks cut characters and line ends everywhere
    path = tmp_path / f"{name}.csv"
    path.write_bytes(data)
    lines = stream.text_lines(path, encoding)
    whole = _whole(path, encoding)
    if lines is None:  # the whole-file decode runs: for a problem it reports, or "\r" files
        assert isinstance(whole, str) or name == "mac"
    else:
        assert list(lines) == whole
    assert (lines is None) == (name in ("mac", "big5", "mixed", "binary", "wrong"))


def test_bad_corpus_reads_the_same_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    from targets.actuals import stream

    monkeypatch.setattr(stream, "CHUNK", 5)
    files = sorted((ROOT / "tests" / "data" / "bad").glob("*.csv"))
    streamed = 0
    for path in files:
        lines = stream.text_lines(path)
        if lines is not None:
            assert list(lines) == _whole(path, None), path.name
            streamed += 1
    assert 0 < streamed < len(files)


@pytest.mark.parametrize(("name", "data", "encoding"), SAMPLES, ids=[s[0] for s in SAMPLES])
def test_every_encoding_reads_the_same_on_both_engines(
    tmp_path: Path, mini: Catalog, name: str, data: bytes, encoding: str | None
) -> None:
    path = tmp_path / f"{name}.csv"
    path.write_bytes(data)
    exact = _run("python", [path], mini, 2024, encoding)
    engine = _run("duckdb", [path], mini, 2024, encoding)
    _same(engine, exact, name)


def test_a_wide_table_is_read_by_the_row_reader_on_both_engines(tmp_path: Path, mini: Catalog) -> None:
    wide = tmp_path / "wide.csv"
    wide.write_text(
        "指标,单位,2021年,2022年\n外贸进出口总额,亿元,3000,3100\n出口退税时间,工作日,4,3.5\n",
        encoding="utf-8",
    )
    long = tmp_path / "long.csv"
    long.write_text(HEADER + "t.trade,2021,3000,亿元,\n", encoding="utf-8")
    problems, report = _compare_all([wide, long], mini)
    assert report is not None and any(r["actual"] == 3100 for r in report["results"])  # type: ignore[index]
    assert not problems or all("wide" not in p for p in problems)  # type: ignore[union-attr]
