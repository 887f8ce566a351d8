"""The columnar path (actuals/columnar.py, evaluate/columnar.py, report/columnar_json.py) against
the exact path: the same `targets check --format json` report, texts equal and every number
within 1e-9 relative, on files from the benchmark's generator, on rows built to sit on every edge
a float could get wrong, and on dirty rows the columnar reader must leave to the row reader."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from targets.catalog import default_catalog_path, load_catalog
from targets.cli.app import app
from targets.models import Catalog, Kind

from .test_columnar import _gen, _listed, _random_rows, _same

pytest.importorskip("numpy")
pytest.importorskip("pyarrow")

runner = CliRunner()
HEADER = "indicator,year,value,unit,region\n"


def _check(mode: str, files: list[Path], *extra: str) -> tuple[int, dict[str, object] | None, str]:
    """(exit code, JSON report, stderr) of `targets check --format json` with TARGETS_COLUMNAR."""
    env = {"TARGETS_COLUMNAR": mode, "TARGETS_DEBUG": "1"}
    got = runner.invoke(app, ["check", *map(str, files), "--format", "json", *extra], env=env)
    report = json.loads(got.stdout) if got.stdout.strip() else None
    return got.exit_code, report, got.stderr


def _both(files: list[Path], *extra: str, columnar: bool = True) -> dict[str, object]:
    """Run both paths; require the same exit code, report and problems; say which path ran."""
    code_c, rep_c, err_c = _check("always", files, *extra)
    code_x, rep_x, err_x = _check("never", files, *extra)
    assert code_c == code_x, (err_c, err_x)
    assert ("read column by column" in err_c) is columnar, err_c
    assert "read column by column" not in err_x
    _same(rep_c, rep_x, "report")
    assert rep_x is not None
    return rep_x


def _catalog() -> Catalog:
    return load_catalog(default_catalog_path())


def _generated(tmp_path: Path, n: int, seed: int, encoding: str = "utf-8") -> Path:
    gen = _gen()
    catalog = _catalog()
    doc = {
        "plans": [
            {"id": p.id, "period": {"start": p.period.start, "end": p.period.end}} for p in catalog.plans
        ],
        "indicators": [_listed(p, t) for p, t in catalog.iter_targets()],
    }
    path = tmp_path / f"gen-{seed}-{encoding}.csv"
    gen.write_actuals(path, gen.series_specs(doc), n, seed, encoding)
    return path


@pytest.mark.parametrize(("n", "seed"), [(3000, 1), (12000, 7)])
def test_generated_files_same_on_both_paths(tmp_path: Path, n: int, seed: int) -> None:
    path = _generated(tmp_path, n, seed)
    report = _both([path])
    statuses = {r["status"] for r in report["results"]}  # type: ignore[attr-defined]
    assert {"ahead", "on_track", "behind", "not_assessable"} <= statuses
    for as_of in ("2021", "2023", "2027"):  # later values, late notes, targets past T
        _both([path], "--as-of", as_of)


def test_gb18030_and_several_files(tmp_path: Path) -> None:
    gb = _generated(tmp_path, 4000, 3, "gb18030")
    other = _generated(tmp_path, 2500, 4)
    # the two files share series and regions but not (series, region, year) keys
    rows = other.read_text(encoding="utf-8").splitlines(keepends=True)
    other.write_text(rows[0] + "".join(r.replace(",区县", ",县区") for r in rows[1:]), encoding="utf-8")
    _both([gb, other])
    _both([gb, other], "--plan", "yc-open-2022")


def _edge_rows(catalog: Catalog, seed: int) -> str:
    """For every series, regions whose values sit where floats could go wrong: equal to the
    target, a hair off it, q exactly on a band edge of a linear path, equal to the base-year
    value, zero, and values far apart."""
    rnd = random.Random(seed)
    out = [HEADER]
    seen: set[str] = set()
    for plan, t in catalog.iter_targets():
        if t.series_key in seen:
            continue
        seen.add(t.series_key)
        b0 = plan.base_year if plan.base_year is not None else plan.period.start - 1
        g = t.target.value if t.target.value is not None else Decimal(50)
        b = g / 2 if g > 0 else Decimal(10)
        big_t = t.target.year if t.target.year != "annual" else plan.period.end
        years = list(range(b0, min(big_t, 2025) + 1))
        for k in range(14):
            region = f"区{k:02d}"
            tail = _edge_value(k, b, g, b0, big_t, years[-1], rnd)
            for y in years:
                value = b if y == b0 else (tail if y == years[-1] else (b + tail) / 2)
                out.append(f"{t.series_key},{y},{_text(value, t.unit)},,{region}\n")
    return "".join(out)


def _edge_value(k: int, b: Decimal, g: Decimal, b0: int, big_t: int, t: int, rnd: random.Random) -> Decimal:
    tau = Decimal(t - b0) / Decimal(big_t - b0) if big_t > b0 else Decimal(1)
    expected = b + tau * (g - b)  # the linear path's expected value
    choices = [
        g,
        g * (1 + Decimal("1e-12")),
        g * (1 - Decimal("1e-12")),
        b,
        b * (1 + Decimal("1e-13")),
        b + Decimal("0.95") * (expected - b),
        b + Decimal("1.05") * (expected - b),
        b + Decimal("0.60") * (expected - b),
        expected,
        Decimal(0),
        g * 3,
        b / 3,
    ]
    if k < len(choices):
        return choices[k]
    return Decimal(str(round(rnd.uniform(0.2, 2.0) * float(g or 1), rnd.choice([0, 2, 4]))))


def _text(value: Decimal, unit: str | None) -> str:
    """A plain cell of at most 15 characters (the columnar reader's own limit), >= 0."""
    value = abs(value)
    if unit == "%":  # a share below 1 reads as a fraction (a warning): kept at 1 or more
        value = min(value, Decimal(100)) if value >= 1 else value + 1
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if len(text) > 15:
        whole = len(text.split(".")[0])
        text = f"{value:.{max(15 - whole - 1, 0)}f}".rstrip("0").rstrip(".")
    return text or "0"


@pytest.mark.parametrize("seed", [1, 2])
def test_edge_values_same_on_both_paths(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "edges.csv"
    path.write_text(_edge_rows(_catalog(), seed), encoding="utf-8")
    _, _, err = _check("always", [path])
    if "read column by column" not in err:
        pytest.fail(f"the edge rows were refused: {err}")
    report = _both([path])
    assert len(report["results"]) > 1000  # type: ignore[arg-type]


def test_edge_rows_are_judged_in_arrays_where_safe(tmp_path: Path) -> None:
    """The guard sends near ties to the exact path, but most rows stay in arrays."""
    from targets.actuals.columnar import read_columns
    from targets.evaluate.columnar import iter_blocks

    path = tmp_path / "edges.csv"
    catalog = _catalog()
    path.write_text(_edge_rows(catalog, 3), encoding="utf-8")
    cols, _ = read_columns([path], catalog)
    blocks = list(iter_blocks(catalog, cols, 2025))
    in_arrays = sum(int(b.kept.sum()) for b in blocks)
    exact = sum(len(b.exact) for b in blocks)
    assert in_arrays > exact > 0


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_dirty_rows_go_to_the_row_reader(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "dirty.csv"
    path.write_text(_random_rows(_catalog(), 400, seed), encoding="utf-8")
    code_c, rep_c, err_c = _check("always", [path])
    code_x, rep_x, err_x = _check("never", [path])
    assert "the row reader reads these files" in err_c
    assert (code_c, err_c.split("\n", 1)[1]) == (code_x, err_x)
    _same(rep_c, rep_x)


CLEAN = "gaoxin.rail-transit-length,2021,11.78,公里,区县1\ngaoxin.rail-transit-length,2022,12.5,公里,区县1\n"
ROW = "gaoxin.rail-transit-length,{},公里,区县1\n"


@pytest.mark.parametrize(
    ("text", "way"),
    [
        # rows the row reader's checks read inside a columnar run, with their messages
        (HEADER + CLEAN + ROW.format("2023,"), "columns"),  # a blank value
        (HEADER + CLEAN + ROW.format("2023,—"), "columns"),  # a missing mark
        (HEADER + CLEAN + ROW.format("2023,-1"), "columns"),  # a negative length
        (HEADER + CLEAN + ROW.format("２０２３,13"), "columns"),  # a full-width year
        (HEADER + CLEAN + ROW.format("2023,13 "), "columns"),  # a padded value
        (HEADER + CLEAN + ROW.format("2023,13.0000000000000001"), "columns"),  # 18 digits
        (HEADER + CLEAN + "轨道通车里程,2023,13,公里,区县1\n", "columns"),  # a printed name
        (HEADER + CLEAN + ",,,,\n", "columns"),  # a row of blank cells
        (HEADER + CLEAN + "gaoxin.rail-transit-length,2023,13000,米,区县1\n", "columns"),  # converted
        (HEADER + CLEAN + ROW.format("2031,12.5"), "columns"),  # outside the plan period
        # inputs the row reader reads whole
        (HEADER + CLEAN + "no.such-indicator,2022,1,,区县1\n", "errors"),
        (HEADER + CLEAN + ROW.format("2023,1.3e1"), "columns"),
        (HEADER + CLEAN + ROW.format("2023,1,3"), "Expected 5 columns"),
        (HEADER + CLEAN + ROW.format("2022,12.5"), "twice"),
        (HEADER + CLEAN + ROW.format("2022,12.6"), "twice"),  # with another value
        (HEADER + CLEAN + '"gaoxin.rail-transit-length",2023,13,公里,区县1\n', "quoted"),
        (HEADER + CLEAN + "\ngaoxin.rail-transit-length,2023,13,公里,区县1\n", "records for"),
        (HEADER + CLEAN + ROW.format("2023,13000000"), "jump"),
        (HEADER.replace("\n", ",note\n") + CLEAN.replace("\n", ",x\n"), "header"),
        ("year,indicator,value\r\n2021,gaoxin.rail-transit-length,1\r", "carriage"),
    ],
)
def test_unusual_rows_get_the_row_readers_checks(tmp_path: Path, text: str, way: str) -> None:
    """Each kind of unusual row: read by the row reader's checks inside the columnar run, or
    the input handed to the row reader whole; either way the same exit code, report, problems
    and messages, and the file untouched."""
    path = tmp_path / "one.csv"
    path.write_bytes(text.encode("utf-8"))
    before = path.read_bytes()
    code_c, rep_c, err_c = _check("always", [path])
    code_x, rep_x, err_x = _check("never", [path])
    said = err_c.split("\n", 1)[0]
    assert ("read column by column" in said) if way == "columns" else (way in said), err_c
    assert (code_c, err_c.split("\n", 1)[1]) == (code_x, err_x)
    _same(rep_c, rep_x)
    assert path.read_bytes() == before


def test_a_few_dirty_rows_in_a_big_file_stay_columnar(tmp_path: Path) -> None:
    """Missing marks, printed names and converted units among generated rows: the run stays
    columnar, and the report and the messages are the row reader's."""
    path = _generated(tmp_path, 5000, 6)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    rnd = random.Random(6)
    for i in rnd.sample(range(1, len(lines)), 60):
        ind, year, value, unit, region = lines[i].rstrip("\n").split(",")
        pick = rnd.randrange(4)
        if pick == 0:
            value = "—"
        elif pick == 1:
            value = f" {value}"
        elif pick == 2 and unit == "亿元":
            value, unit = str(Decimal(value) * 10000), "万元"
        else:
            year = year.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        lines[i] = ",".join((ind, year, value, unit, region)) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    _both([path])
    _, _, err = _check("always", [path])
    assert f"read column by column: {len(lines) - 1:,} rows" in err  # every row, marks included


def test_years_outside_the_period_get_the_row_readers_warnings(tmp_path: Path) -> None:
    """Outside the plan period is a warning, not a refusal: the same messages, the first 100
    listed and the rest counted, and --strict turns them into the same invalid report."""
    path = tmp_path / "outside.csv"
    rows = [f"gaoxin.rail-transit-length,2031,12.5,公里,区{k}\n" for k in range(130)]
    path.write_text(HEADER + CLEAN + "".join(rows), encoding="utf-8")
    report = _both([path])
    problems = report["problems"]
    assert len(problems) == 101  # type: ignore[arg-type]
    assert "30 more year-outside-period problem(s)" in problems[-1]["message"]  # type: ignore[index]
    _both([path], "--strict")


def test_clean_small_file_is_read_in_columns_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "small.csv"
    path.write_text(HEADER + CLEAN, encoding="utf-8")
    _both([path])
    _, _, err = _check("auto", [path])  # below MIN_BYTES: the exact path
    assert "read column by column" not in err


def test_without_numpy_the_row_reader_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from targets.actuals.columnar_checks import wanted

    path = tmp_path / "small.csv"
    path.write_text(HEADER + CLEAN, encoding="utf-8")
    monkeypatch.setenv("TARGETS_COLUMNAR", "always")
    assert wanted([path])
    monkeypatch.setitem(sys.modules, "numpy", None)
    assert not wanted([path])


def test_kinds_the_arrays_leave_to_the_exact_path_are_still_reported(tmp_path: Path) -> None:
    """maintain, direction and sums are evaluated exactly inside a columnar run."""
    catalog = _catalog()
    kinds = {t.kind for _, t in catalog.iter_targets()}
    assert {Kind.direction, Kind.maintain, Kind.cum_sum} <= kinds
    path = _generated(tmp_path, 3000, 2)
    report = _both([path])
    got = {r["kind"] for r in report["results"]}  # type: ignore[attr-defined]
    assert {"direction", "maintain", "cum_sum", "level", "share"} <= got


def test_reference_model_cases_same_on_both_paths(tmp_path: Path) -> None:
    """The differential generator's cases (every kind, regions with their own targets, values
    before and after T): wherever the columnar reader takes the file, the report is the same.
    TARGETS_COLUMNAR_DIFF_N sets how many cases (default 120)."""
    import os

    from tests.oracle.gen import generate
    from tests.oracle.harness import write_case

    n = int(os.environ.get("TARGETS_COLUMNAR_DIFF_N", "120"))
    taken = 0
    for seed in range(n):
        case = generate(seed)
        folder = tmp_path / str(seed)
        catalog, actuals = write_case(case, folder)
        extra = ("--catalog", str(catalog), "--as-of", str(case.report_year))
        code_c, rep_c, err_c = _check("always", [actuals], *extra)
        code_x, rep_x, err_x = _check("never", [actuals], *extra)
        assert code_c == code_x, (seed, err_c, err_x)
        _same(rep_c, rep_x, f"seed {seed}")
        taken += "read column by column" in err_c
    assert taken >= n // 10, taken


@pytest.mark.parametrize(
    ("encoding", "bom", "option"),
    [("utf-8", b"\xef\xbb\xbf", None), ("utf-16-le", b"\xff\xfe", None), ("gb18030", b"", None),
     ("gbk", b"", "gbk")],
)  # fmt: skip
def test_encodings_are_read_as_the_row_reader_reads_them(
    tmp_path: Path, encoding: str, bom: bytes, option: str | None
) -> None:
    """A BOM, UTF-16 from Excel, GB18030 found by detection, --encoding: the text is decoded once
    by the row reader's rules and read in columns, and the report is the same."""
    text = _generated(tmp_path, 3000, 5).read_text(encoding="utf-8").replace("区县", "县")
    path = tmp_path / f"enc-{encoding}.csv"
    path.write_bytes(bom + text.encode(encoding))
    extra = ("--encoding", option) if option else ()
    report = _both([path], *extra)
    assert report["results"][0]["file"] == str(path)  # type: ignore[index]


@pytest.mark.parametrize("fail_on", ["behind", "moving_away", "missed", "not_assessable", "ahead"])
def test_fail_on_gives_the_same_gate(tmp_path: Path, fail_on: str) -> None:
    """--fail-on in a columnar run: the same exit code, `failing` list and stderr lines."""
    path = _generated(tmp_path, 6000, 9)
    report = _both([path], "--fail-on", fail_on)
    _, _, err_c = _check("always", [path], "--fail-on", fail_on)
    _, _, err_x = _check("never", [path], "--fail-on", fail_on)
    assert err_c.split("\n", 1)[1] == err_x
    if fail_on != "ahead":
        assert report["failing"], fail_on


def test_many_unusual_rows_go_to_the_row_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unusual rows wait in memory for the row checks: past MAX_UNUSUAL the row reader, which
    streams, reads the input instead, with the same report."""
    from targets.actuals import columnar

    monkeypatch.setattr(columnar, "MAX_UNUSUAL", 3)
    path = tmp_path / "padded.csv"
    rows = [ROW.format(f"{2021 + k % 5},1{k} ").replace("区县1", f"区{k}") for k in range(8)]
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    code_c, rep_c, err_c = _check("always", [path])
    code_x, rep_x, err_x = _check("never", [path])
    assert "more than 3 rows need the row checks" in err_c
    assert (code_c, err_c.split("\n", 1)[1]) == (code_x, err_x)
    _same(rep_c, rep_x)


def test_a_series_given_only_as_missing_marks(tmp_path: Path) -> None:
    """A series whose every row is a missing mark (or a blank value) has no reported value for
    the plausibility audit: the report is the exact path's (no_data), not an internal error."""
    path = tmp_path / "marks.csv"
    path.write_text(HEADER + CLEAN + "gaoxin.foreign-trade,2021,—,亿元,区县1\n", encoding="utf-8")
    report = _both([path])
    assert any(r["status"] == "no_data" for r in report["results"])  # type: ignore[attr-defined]
    path.write_text(HEADER + CLEAN + "gaoxin.foreign-trade,2021,,亿元,\n", encoding="utf-8")
    _both([path])


LONG_PLAN = """version: 1
plans:
- {{id: p1, title: 测试规划, doc_number: null, issuer: null, date: null, scope: 重庆高新区,
   period: {{start: 2021, end: 2040}}, base_year: 2020, source: p1.txt, targets: [
   {{id: p1.share, series: p1.share, name: 测试占比, unit: '%', kind: share, comparator: at_least,
    direction: higher, attribute: unstated, target: {{year: 2040, value: {g}}},
    source: {{line: 1, quote: 测试占比}}}}]}}
"""


def test_schedule_ratio_of_a_long_path_with_g_close_to_b(tmp_path: Path) -> None:
    """A region's share on a 20-year linear path with G a little more than 1e-6 above B: every
    comparison is clear of the 1e-6 guard, but E - B (tau times G - B, tau = 1/20) cancels to
    about 1e-7 of B, and q = (A - B) / (E - B) taken from the float E is 1.1e-9 off the exact
    9.91138880999716."""
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(LONG_PLAN.format(g="34.35007042"), encoding="utf-8")
    path = tmp_path / "long.csv"
    rows = "p1.share,2020,34.35,%,区1\np1.share,2021,34.350034898,%,区1\n"
    path.write_text(HEADER + rows, encoding="utf-8")
    report = _both([path], "--catalog", str(catalog))
    assert report["results"][0]["status"] == "ahead"  # type: ignore[index]


INDEX_PLAN = """version: 1
plans:
- {id: p1, title: 测试规划, doc_number: null, issuer: null, date: null, scope: 重庆高新区,
   period: {start: 2021, end: 2025}, base_year: 2020, source: p1.txt, targets: [
   {id: p1.index, series: p1.index, name: 测试指数, unit: null, kind: level, comparator: at_least,
    direction: higher, attribute: unstated, target: {year: 2025, value: 200000},
    source: {line: 1, quote: 测试指数}}]}
"""


def test_linear_projection_that_cancels_near_zero(tmp_path: Path) -> None:
    """A region's level with no unit (linear path, no clipping) falling towards 0: the projection
    A + (A - B) / (t - b) * (T - t) = 80000.24203 - 4 * 20000.05797 = 0.01015 exactly, but in
    floats 0.010149999958230183, 4e-9 relative off (the status, moving_away, is the same)."""
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(INDEX_PLAN, encoding="utf-8")
    path = tmp_path / "index.csv"
    rows = "p1.index,2020,100000.3,,区1\np1.index,2021,80000.24203,,区1\n"
    path.write_text(HEADER + rows, encoding="utf-8")
    report = _both([path], "--catalog", str(catalog))
    assert report["results"][0]["status"] == "moving_away"  # type: ignore[index]


def test_linear_expected_value_that_cancels_near_zero(tmp_path: Path) -> None:
    """A region's level with no unit, B = 100000.3 and a negative G = -400001.19 (at_most): at
    tau = 1/5 the expected value B + tau * (G - B) is 0.002 exactly, 0.001999999993131496 in
    floats (3.4e-9 relative off); the status, far_behind, is the same."""
    catalog = tmp_path / "catalog.yaml"
    plan = INDEX_PLAN.replace("comparator: at_least", "comparator: at_most")
    plan = plan.replace("direction: higher", "direction: lower").replace("value: 200000", "value: -400001.19")
    catalog.write_text(plan, encoding="utf-8")
    path = tmp_path / "index.csv"
    path.write_text(HEADER + "p1.index,2020,100000.3,,区1\np1.index,2021,50000,,区1\n", encoding="utf-8")
    report = _both([path], "--catalog", str(catalog))
    assert report["results"][0]["status"] == "far_behind"  # type: ignore[index]


def test_a_file_that_is_not_there(tmp_path: Path) -> None:
    """A missing CSV file: the exact path writes its JSON report with the `io` problem ("cannot
    read: No such file or directory") and lists it on stderr; the columnar path must too."""
    path = tmp_path / "absent.csv"
    code_c, rep_c, err_c = _check("always", [path])
    code_x, rep_x, err_x = _check("never", [path])
    assert code_c == code_x == 2
    assert rep_x is not None and rep_x["problems"][0]["code"] == "io"  # type: ignore[index]
    _same(rep_c, rep_x, "report")
    assert err_x in err_c, (err_c, err_x)


def test_a_fifo_named_csv_is_refused_not_read(tmp_path: Path) -> None:
    """A named pipe called *.csv (beside a big CSV, the columnar path takes it by itself): the
    exact path says "a FIFO (named pipe), not a regular file" (exit 2); the columnar reader
    opens it and waits for a writer for ever. Run in a child process, given 30 s."""
    import os
    import subprocess
    import sys

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    out = {}
    for mode in ("always", "never"):
        env = {**os.environ, "TARGETS_COLUMNAR": mode}
        cmd = [sys.executable, "-m", "targets", "check", str(fifo), "--format", "json"]
        try:
            got = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=30, check=False)
        except subprocess.TimeoutExpired:
            pytest.fail(f"TARGETS_COLUMNAR={mode}: blocked on the named pipe")
        out[mode] = got.returncode, json.loads(got.stdout), got.stderr
    assert "a FIFO (named pipe), not a regular file" in out["never"][2]
    assert out["always"][0] == out["never"][0] == 2
    _same(out["always"][1], out["never"][1], "report")


def test_direction_with_a_value_of_more_than_15_digits(tmp_path: Path) -> None:
    """稳步提升 (direction) in a region, 2021: 13, 2022: 13.0000000000000001 (a cell the row
    checks read, kept as an exact Decimal beside the arrays): the exact path sees a rise
    (on_track, "change since 2021: 0.0000000000000001"); the arrays compare the floats 13.0 and
    13.0 (moving_away, "change since 2021: 0")."""
    path = tmp_path / "digits.csv"
    rows = "yongchuan.high-value-patents-per-10k,{},,区1\n"
    text = HEADER + rows.format("2021,13") + rows.format("2022,13.0000000000000001")
    path.write_text(text, encoding="utf-8")
    report = _both([path], "--as-of", "2022")
    got = [r for r in report["results"] if r["region"] == "区1"]  # type: ignore[attr-defined]
    assert got and all(r["status"] == "on_track" for r in got)


@pytest.mark.parametrize("seed", range(4))
def test_utf8_tally_stops_early_with_the_same_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """stream._mostly_utf8 stops once the lines left cannot change the answer: on random mixes
    of UTF-8, GB18030 and ASCII lines, read in chunks of any size, it answers as the whole-file
    tally does."""
    from targets.actuals import stream
    from targets.textio import utf8_tally

    rnd = random.Random(seed)
    for i in range(60):
        kinds = ["区县".encode(), "区县".encode("gb18030"), b"abc"]
        weights = [rnd.random() for _ in kinds]
        lines = [rnd.choices(kinds, weights)[0] for _ in range(rnd.randrange(1, 400))]
        data = b"\n".join(lines) + (b"\n" if rnd.random() < 0.5 else b"")
        path = tmp_path / f"{i}.csv"
        path.write_bytes(data)
        good, bad = utf8_tally(data.split(b"\n"))
        monkeypatch.setattr(stream, "CHUNK", rnd.choice([5, 64, 1000, 1 << 22]))
        assert stream._mostly_utf8(path) is (good >= bad > 0)
