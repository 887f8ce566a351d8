"""The machinery for national-scale checks: bulk row reading, the compact store, fast roots,
streamed reports and the catalog cache give the same answers as the plain way."""

from __future__ import annotations

import json
import random
from decimal import Decimal, localcontext
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from targets.actuals import parse_actuals, rows, sink
from targets.actuals.store import Actuals
from targets.catalog import cache as cache_mod
from targets.catalog import load_catalog
from targets.errors import ActualsError
from targets.evaluate import evaluate, iter_results
from targets.evaluate.run import ONE, root
from targets.models import Catalog, Observation
from targets.report.export import iter_json, render_json

from .conftest import MINI

HEADER = "indicator,year,value,unit,region\n"


def _rows(mini: Catalog, n: int, seed: int, odd: bool) -> str:
    """Plain rows of the mini catalog's series, with (if odd) the unusual rows the bulk path
    must hand over to the row checks: blanks, percent signs, 万元, bad numbers, duplicates."""
    rnd = random.Random(seed)
    series = sorted({t.series_key for _, t in mini.iter_targets()})
    units = {t.series_key: t.unit or "" for _, t in mini.iter_targets()}
    combos = [
        (s, y, f"区{r}") for s in series for y in (2019, 2020, 2021, 2022, 2024, 2030) for r in range(200)
    ]
    out = [HEADER]
    for s, year, region in rnd.sample(combos, n):
        value = f"{rnd.uniform(0, 5000):.2f}"
        unit = units[s] if rnd.random() < 0.5 else ""
        if odd and rnd.random() < 0.03:
            value = rnd.choice(["", "-", "1,234.5", "12%", "abc", "-3", "0.5", "=1+1"])
        if odd and rnd.random() < 0.02:
            unit = "万元" if units[s] == "亿元" else unit
        out.append(f"{s},{year},{value},{unit},{region}\n")
        if odd and rnd.random() < 0.02:
            out.append(out[-1])  # an exact repeat
    return "".join(out)


def _parse(text: str, mini: Catalog) -> tuple[list[Observation] | None, list[str]]:
    try:
        store, problems = parse_actuals(text, "x.csv", mini)
    except ActualsError as exc:
        return None, [str(p) for p in exc.problems]
    return sorted(store, key=lambda o: (o.series, o.region or "", o.year)), [str(p) for p in problems]


@pytest.mark.parametrize(("seed", "odd"), [(1, False), (2, False), (3, True), (4, True)])
def test_bulk_reading_matches_row_by_row(
    mini: Catalog, monkeypatch: pytest.MonkeyPatch, seed: int, odd: bool
) -> None:
    text = _rows(mini, 6000, seed, odd)
    bulk = _parse(text, mini)
    monkeypatch.setattr(rows.TableReader, "_bulk", lambda self, batch: False)
    one_by_one = _parse(text, mini)
    assert bulk == one_by_one
    if not odd:
        assert bulk[0] is not None and len(bulk[0]) > 100


def test_problems_beyond_the_cap_are_counted_not_listed(mini: Catalog) -> None:
    lines = [HEADER] + [f"t.trade,{1990 + i % 5},{i},亿元,r{i}\n" for i in range(300)]
    _, problems = parse_actuals("".join(lines), "x.csv", mini)
    outside = [p for p in problems if p.code == "year-outside-period"]
    assert len(outside) == sink.MAX_LISTED + 1
    assert outside[-1].line is None
    more = 300 - sink.MAX_LISTED
    assert (
        outside[-1].message
        == f"{more} more year-outside-period problem(s) in this file are not listed (300 in all)"
    )


def test_store_keeps_values_exact_and_finds_repeats() -> None:
    store = Actuals()
    f = store.file_index("a.csv")
    assert store.add(("s", None), 2021, Decimal("1.50"), f, 2) is None
    assert store.add(("s", None), 2022, None, f, 3) is None
    assert store.add(("s", "r"), 2022, Decimal("1E+3"), f, 4) is None
    assert store.add(("s", None), 2021, Decimal("2"), f, 9) == (Decimal("1.50"), f, 2)
    assert store.group(("s", None)) == {2021: Decimal("1.50"), 2022: None}
    assert store.group(("s", "r")) == {2022: Decimal("1000")}
    assert store.group_where(("s", None))[1] == {2021: ("a.csv", 2), 2022: ("a.csv", 3)}
    assert store.latest_year == 2022
    assert len(store) == 3
    assert {(o.series, o.region, o.year, o.value, o.line) for o in store} == {
        ("s", None, 2021, Decimal("1.50"), 2),
        ("s", None, 2022, None, 3),
        ("s", "r", 2022, Decimal("1E+3"), 4),
    }


@settings(max_examples=300, deadline=None)
@given(
    st.decimals(min_value=Decimal("1e-6"), max_value=Decimal("1e9"), places=6),
    st.integers(min_value=1, max_value=40),
)
def test_root_agrees_with_decimal_power_to_27_digits(x: Decimal, n: int) -> None:
    with localcontext() as ctx:
        ctx.prec = 28
        fast, exact = root(x, n), x ** (ONE / n)
        assert abs(fast - exact) <= exact * Decimal("1e-26")


def test_streamed_report_equals_the_listed_one(mini: Catalog) -> None:
    text = _rows(mini, 2000, 7, False)
    store, problems = parse_actuals(text, "x.csv", mini)
    report = evaluate(mini, store, None, problems=problems)
    streamed = "".join(
        iter_json(report.as_of, iter_results(mini, store, report.as_of), problems, lambda: report.summary)
    )
    assert streamed == render_json(report)
    data = json.loads(streamed)
    assert len(data["results"]) == report.summary.total
    assert data["results"][0]["id"] == report.results[0].id


def test_catalog_cache_round_trips_and_survives_corruption(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini: Catalog
) -> None:
    monkeypatch.setenv("TARGETS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TARGETS_NO_CACHE", raising=False)
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    first = load_catalog(path)
    cached = list((tmp_path / "cache").glob("catalog-*.json"))
    assert len(cached) == 1
    second = load_catalog(path)  # from the cache
    assert second == first
    assert second.source == str(path)
    cached[0].write_text("{not json", encoding="utf-8")
    assert load_catalog(path) == first  # a broken cache entry is rebuilt
    path.write_text(MINI + "\n# changed\n", encoding="utf-8")
    load_catalog(path)
    assert len(list((tmp_path / "cache").glob("catalog-*.json"))) == 2  # new bytes, new entry
    monkeypatch.setenv("TARGETS_NO_CACHE", "1")
    assert cache_mod.cache_dir() is None


def test_schema_and_runtime_models_have_the_same_fields() -> None:
    # The pydantic classes judge catalog text, the dataclasses carry it: they must not drift.
    from dataclasses import fields

    from targets import models
    from targets.catalog import schema

    for name in ("Period", "Baseline", "PreviousPeriod", "TargetValue", "SourceRef", "Responsibility",
                 "Draft", "Target", "Plan", "Catalog"):  # fmt: skip
        validated = set(getattr(schema, name).model_fields)
        carried = {f.name for f in fields(getattr(models, name))} - {"source" if name == "Catalog" else ""}
        assert validated == carried, name


def test_each_result_gets_its_own_high_end(mini: Catalog) -> None:
    """A region's own range target has its own high end: the shared head of a target's results
    is not reused across different high ends."""
    from dataclasses import replace

    from targets.report.export import ResultEncoder, result_data

    text = _rows(mini, 200, 3, False)
    store, problems = parse_actuals(text, "x.csv", mini)
    first = evaluate(mini, store, None, problems=problems).results[0]
    encode = ResultEncoder()
    for high in (Decimal(5), Decimal(7), None):
        r = replace(first, target_high=high)
        assert json.loads(encode(r)) == json.loads(json.dumps(result_data(r), default=float))
