"""`targets trend`: pace, projection and the year the target is reached, on hand-computed cases."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from targets.actuals.store import Actuals
from targets.cli.app import app
from targets.evaluate import evaluate
from targets.evaluate.trend import Reach, Trend, build_trend, sparkline
from targets.models import Catalog, Observation

from .conftest import MINI, obs

runner = CliRunner()


def trend_of(catalog: Catalog, target_id: str, observations: list[Observation]) -> Trend:
    report = evaluate(catalog, observations)
    result = next(r for r in report.results if r.id == target_id)
    target = next(t for _, t in catalog.iter_targets() if t.id == target_id)
    series = Actuals.of(observations).group((target.series_key, None))
    return build_trend(target, result, series, report.as_of)


def years_needed(now: float, goal: float, pace: float) -> float:
    """ln(G/A) / ln(1+g), in floats: an independent check of the Decimal maths."""
    return math.log(goal / now) / math.log(1 + pace)


# ---------------------------------------------------------------- geometric


def test_worked_example_1_is_reached_only_after_the_plan(mini: Catalog) -> None:
    tr = trend_of(mini, "t.trade", obs("t.trade", {2023: 3200}))
    g = (3200 / 2900) ** (1 / 3) - 1
    assert float(tr.pace_growth or 0) == pytest.approx(g) == pytest.approx(0.0334, abs=5e-5)
    n = years_needed(3200, 3700, g)
    assert float(tr.years_needed or 0) == pytest.approx(n)  # about 4.42 years
    assert tr.reach is Reach.after
    assert tr.reach_year == 2023 + math.ceil(n) == 2028
    # the same verdict as the projection: 3417 in 2025 is short of 3700
    assert tr.result.projected_value is not None and tr.result.projected_value < 3700


def test_a_faster_pace_reaches_the_target_within_the_plan(mini: Catalog) -> None:
    tr = trend_of(mini, "t.trade", obs("t.trade", {2023: 3500}))
    g = (3500 / 2900) ** (1 / 3) - 1
    n = years_needed(3500, 3700, g)
    assert 0 < n < 1
    assert (tr.reach, tr.reach_year) == (Reach.within, 2024)
    assert tr.result.status.value == "ahead"


def test_lower_is_better_worked_example_2(mini: Catalog) -> None:
    tr = trend_of(mini, "t.refund", obs("t.refund", {2023: 3.5}))
    g = (3.5 / 4) ** (1 / 3) - 1
    assert g < 0 and float(tr.pace_growth or 0) == pytest.approx(g)
    assert float(tr.result.required_annual_growth or 0) == pytest.approx(-0.0742, abs=5e-5)
    n = years_needed(3.5, 3, g)  # both logarithms negative: n is positive
    assert float(tr.years_needed or 0) == pytest.approx(n)
    assert (tr.reach, tr.reach_year) == (Reach.after, 2023 + math.ceil(n))
    assert tr.reach_year == 2027


def test_lower_is_better_moving_away_is_never_reached(mini: Catalog) -> None:
    tr = trend_of(mini, "t.refund", obs("t.refund", {2023: 4.2}))
    assert tr.result.status.value == "moving_away"
    assert (tr.reach, tr.reach_year) == (Reach.never, None)
    assert tr.reason is not None and "moves away" in tr.reason


def test_already_achieved(mini: Catalog) -> None:
    tr = trend_of(mini, "t.refund", obs("t.refund", {2023: 3}))
    assert (tr.reach, tr.reach_year, tr.years_needed) == (Reach.achieved, 2023, 0)


# ---------------------------------------------------------------- linear and cumulative


def test_linear_share_reach(mini: Catalog) -> None:
    fast = trend_of(mini, "t.rd", obs("t.rd", {2022: 2.6}))
    assert fast.pace_change == Decimal("0.3")  # (2.6 - 2) / 2 percentage points a year
    assert fast.years_needed == Decimal("0.4") / Decimal("0.3")
    assert (fast.reach, fast.reach_year) == (Reach.within, 2024)
    slow = trend_of(mini, "t.rd", obs("t.rd", {2023: 2.3}))
    assert slow.pace_change == Decimal("0.1") and slow.years_needed == 7
    assert (slow.reach, slow.reach_year) == (Reach.after, 2030)


def test_linear_stalled_pace_is_never(mini: Catalog) -> None:
    tr = trend_of(mini, "t.expo", obs("t.expo", {2023: 0}))  # worked example 4: B = 0, linear
    assert tr.result.status.value == "far_behind"
    assert tr.pace_change == 0
    assert (tr.reach, tr.reason) == (Reach.never, "the value does not move: at this pace it is never reached")


def test_cumulative_worked_example_3(mini: Catalog) -> None:
    tr = trend_of(mini, "t.fdi", obs("t.fdi", {2021: 8, 2022: 9, 2023: 9.5}))
    assert tr.result.status.value == "on_track"  # q = 0.981
    flow = Decimal("26.5") / 3
    assert tr.pace_change == flow
    n = (45 - Decimal("26.5")) / flow  # 2.09 years
    assert tr.years_needed == n
    assert (tr.reach, tr.reach_year) == (Reach.after, 2026)
    assert [p.cumulative for p in tr.points] == [8, 17, Decimal("26.5")]
    # on track by the schedule ratio, yet the current average flow ends short of 45 by 2025
    assert tr.result.projected_value is not None and tr.result.projected_value < 45


def test_cumulative_with_a_missing_flow_has_no_pace(mini: Catalog) -> None:
    tr = trend_of(mini, "t.fdi", obs("t.fdi", {2021: 8, 2023: 9.5}))
    assert tr.result.status.value == "not_assessable"
    assert (tr.reach, tr.pace_change) == (Reach.unknown, None)


def test_kinds_without_a_level_and_no_data(mini: Catalog) -> None:
    # a floor met and then lost has no level to reach; a floor never met is a level toward it
    fallen = trend_of(mini, "t.keep", obs("t.rd", {2021: 2.1, 2023: 1.9}))
    assert fallen.result.status.value == "fallen_back" and fallen.reach is Reach.not_applicable
    never = trend_of(mini, "t.keep", obs("t.rd", {2021: 1.5, 2023: 1.9}))
    assert never.result.status.value == "ahead" and never.result.baseline_from == "data_earliest"
    assert (never.reach, never.reach_year) == (Reach.within, 2024)  # 0.2 points a year from 1.9
    up = trend_of(mini, "t.up", obs("t.up", {2022: 50, 2023: 55}))
    assert up.reach is Reach.not_applicable and up.result.status.value == "on_track"
    empty = trend_of(mini, "t.trade", [])
    assert (empty.reach, empty.reason, empty.sparkline) == (Reach.unknown, "no data", "▄")


# ---------------------------------------------------------------- series, growth, sparkline


def test_points_year_on_year_and_plan_baseline(mini: Catalog) -> None:
    tr = trend_of(mini, "t.trade", obs("t.trade", {2021: 3050, 2023: 3200, 2024: 3350}))
    assert [(p.year, p.value, p.from_plan) for p in tr.points] == [
        (2020, 2900, True),
        (2021, 3050, False),
        (2022, None, False),
        (2023, 3200, False),
        (2024, 3350, False),
    ]
    assert tr.points[1].change == 150 and tr.points[1].growth == Decimal(3050) / 2900 - 1
    assert tr.points[3].change is None  # no value for 2022
    assert tr.points[4].growth == Decimal(3350) / 3200 - 1
    # steps of 450/7: 3050 -> 2.33 -> ▃, 3200 -> 4.67 -> ▆; the missing 2022 is a space
    assert tr.sparkline == "▁▃ ▆█"


def test_sparkline_scales_and_gaps() -> None:
    d = [Decimal(x) if x is not None else None for x in (1, 2, None, 8)]
    assert sparkline(d) == "▁▂ █"  # (2-1)/(8-1) * 7 = 1 step up
    assert sparkline([Decimal(5), Decimal(5)]) == "▄▄"
    assert sparkline([None, None]) == ""  # nothing to draw
    assert sparkline([]) == ""


@settings(max_examples=200, deadline=None)
@given(actual=st.integers(2901, 4200), year=st.integers(2021, 2024))
def test_reach_agrees_with_the_projection(mini: Catalog, actual: int, year: int) -> None:
    """Within the plan period exactly when the projection at the current pace reaches G."""
    tr = trend_of(mini, "t.trade", obs("t.trade", {year: actual}))
    r = tr.result
    if tr.reach is Reach.achieved:
        assert r.actual is not None and r.actual >= 3700
        return
    assert r.projected_value is not None
    assert (tr.reach is Reach.within) == (r.projected_value >= Decimal("3699.999999"))


# ---------------------------------------------------------------- CLI


@pytest.fixture
def mini_file(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    return path


def write_csv(tmp_path: Path, text: str, name: str = "a.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_text(tmp_path: Path, mini_file: Path) -> None:
    data = write_csv(tmp_path, "indicator,year,value\nt.trade,2022,3100\nt.trade,2023,3200\n")
    result = runner.invoke(app, ["trend", "t.trade", str(data), "--catalog", str(mini_file)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "t.trade  外贸进出口总额（亿元）\n"
        "  规划 plan:      t · 预期性 expected · level · 越高越好 higher is better · path geometric\n"
        "  基期 baseline:  2900 (2020, plan)\n"
        "  目标 target:    3700 (2025)\n"
        "  走势 trend:     ▁ ▆█  2020–2023\n"
        "\n"
        "  年份 year  数值 value  增减 change  增速 growth\n"
        "  ---------  ----------  -----------  -----------\n"
        "  2020       2900 *      —            —\n"
        "  2021       —           —            —\n"
        "  2022       3100        —            —\n"
        "  2023       3200        +100         +3.23%\n"
        "  * 基期值取自规划 baseline from the plan\n"
        "\n"
        "  年均增长 observed growth (2020→2023): +3.34%/yr\n"
        "  年均需增长 required growth (2023→2025): +7.53%/yr\n"
        "  按当前速度 projection 2025: 3417.05\n"
        "  达标年份 reached at current pace: 2028（计划期内无法达到 not within the plan period）\n"
        "  评价 status:    滞后 behind\n"
    )


def test_cli_json_lower_is_better(tmp_path: Path, mini_file: Path) -> None:
    data = write_csv(tmp_path, "indicator,year,value\nt.refund,2023,3.5\n")
    result = runner.invoke(
        app, ["trend", "t.refund", str(data), "--catalog", str(mini_file), "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    (t,) = doc["trends"]
    assert (t["id"], t["direction"], t["status"], t["reach"], t["reach_year"]) == (
        "t.refund",
        "lower",
        "behind",
        "after",
        2027,
    )
    assert t["within_plan_period"] is False
    assert t["observed_annual_growth"] == pytest.approx((3.5 / 4) ** (1 / 3) - 1)
    assert t["required_annual_growth"] == pytest.approx((3 / 3.5) ** (1 / 2) - 1)
    assert [p["year"] for p in t["points"]] == [2020, 2021, 2022, 2023]
    assert t["points"][0] == {
        "year": 2020,
        "value": 4,
        "change": None,
        "growth": None,
        "cumulative": None,
        "from_plan": True,
    }


def test_cli_unknown_id_suggests(mini_file: Path) -> None:
    result = runner.invoke(app, ["trend", "t.trad", "--catalog", str(mini_file)])
    assert result.exit_code == 2
    assert "unknown target or series 't.trad'; did you mean t.trade" in result.stderr
    assert result.stdout == ""


def test_cli_series_key_shows_each_target() -> None:
    result = runner.invoke(app, ["trend", "gaoxin.rail-transit-length", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    ids = [t["id"] for t in json.loads(result.stdout)["trends"]]
    assert ids == ["gx-open-14th.rail-transit-length", "gx-sc-2027.rail-operating-length"]
    assert all(t["reach"] == "unknown" for t in json.loads(result.stdout)["trends"])


def test_cli_annual_target_has_no_reach_year() -> None:
    result = runner.invoke(app, ["trend", "yc-innovation-2025.application-scenarios", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    (t,) = json.loads(result.stdout)["trends"]
    assert (t["target_year"], t["reach"], t["reason"]) == (
        "annual",
        "not_applicable",
        "a target for every year is judged year by year",
    )


def test_cli_regions(tmp_path: Path, mini_file: Path) -> None:
    data = write_csv(
        tmp_path,
        "indicator,year,value,region\nt.trade,2023,3200,甲区\nt.trade,2023,3500,测试区\n",
    )
    base = ["trend", "t.trade", str(data), "--catalog", str(mini_file), "--format", "json"]
    several = runner.invoke(app, base)
    assert several.exit_code == 2
    assert "the data has 2 regions for t.trade: choose one with --region (测试区, 甲区)" in several.stderr
    # the plan's own scope (测试区) takes the plan's baseline and target (METHOD 3.2)
    one = runner.invoke(app, [*base, "--region", "测试区"])
    assert one.exit_code == 0, one.stderr
    (t,) = json.loads(one.stdout)["trends"]
    assert (t["region"], t["actual"], t["reach"], t["reach_year"]) == ("测试区", 3500, "within", 2024)
    other = runner.invoke(app, [*base, "--region", "甲区"])
    (t,) = json.loads(other.stdout)["trends"]
    assert (t["status"], t["reach"]) == ("not_assessable", "unknown")
    unknown = runner.invoke(app, [*base, "--region", "丙区"])
    assert (
        unknown.exit_code == 2
        and "no data for region '丙区' in t.trade; regions: 测试区, 甲区" in unknown.stderr
    )


def test_cli_bad_actuals_exit_2(tmp_path: Path, mini_file: Path) -> None:
    data = write_csv(tmp_path, "indicator,year,value\nt.trade,2023,abc\n")
    result = runner.invoke(app, ["trend", "t.trade", str(data), "--catalog", str(mini_file)])
    assert result.exit_code == 2
    assert f"{data}:2: value: expected a number, got 'abc'" in result.stderr


def test_cli_reads_xlsx_with_sheet() -> None:
    book = Path(__file__).parent / "data" / "xlsx" / "openpyxl_two_sheets.xlsx"
    args = ["trend", "gx-open-14th.trade-total", str(book), "--format", "json"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.stderr
    (t,) = json.loads(first.stdout)["trends"]
    assert (t["year"], t["actual"], t["reach_year"]) == (2023, 3200, 2028)
    second = runner.invoke(app, [*args, "--sheet", "2022"])
    assert second.exit_code == 0, second.stderr
    assert json.loads(second.stdout)["trends"][0]["actual"] == 3120


def test_a_milestone_met_late_says_when_and_never_counts_later_data(mini: Catalog) -> None:
    # METHOD 3.0: judged on 2025; a 2026 value that meets it is the year reached, after the target year
    tr = trend_of(mini, "t.trade", obs("t.trade", {2023: 3200, 2025: 3600, 2026: 3800}))
    assert (tr.result.status.value, tr.result.year, tr.result.reached_in) == ("missed", 2025, 2026)
    assert (tr.reach, tr.reach_year, tr.reason) == (Reach.after, 2026, "not met in 2025; first met in 2026")
    assert tr.result.time_elapsed == 1


def test_earliest_year_baseline_gives_a_pace(rev_catalog: Catalog) -> None:
    tr = trend_of(rev_catalog, "r.trade", obs("r.trade", {2022: 58, 2023: 66, 2024: 71}))
    assert tr.result.baseline_from == "data_earliest" and tr.pace_growth is not None
    assert tr.reach is Reach.after  # 10.6 % a year from 71 reaches 82 in 2026
    assert tr.reach_year == 2026


REV = """\
version: 1
plans:
  - id: r
    title: 测试
    doc_number: null
    issuer: null
    date: null
    scope: 永川区
    period: {start: 2021, end: 2025}
    base_year: 2020
    source: r.txt
    targets:
      - id: r.trade
        name: 外贸进出口总额
        unit: 亿元
        attribute: unstated
        kind: level
        comparator: at_least
        direction: higher
        target: {year: 2025, value: 82}
        source: {line: 1, quote: 外贸进出口总额}
"""


@pytest.fixture(scope="module")
def rev_catalog() -> Catalog:
    from targets.catalog import parse_catalog

    return parse_catalog(REV, "r.yaml")
