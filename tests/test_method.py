"""The evaluation model of METHOD.md: worked numbers, every status and every guard."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from targets.evaluate import evaluate, fails
from targets.evaluate.run import Thresholds
from targets.models import Catalog, Path, Result, Status

from .conftest import obs


def run(cat: Catalog, tid: str, values: dict[int, object], as_of: int | None = None) -> Result:
    series = next(t.series_key for _, t in cat.iter_targets() if t.id == tid)
    report = evaluate(cat, obs(series, values), as_of)
    return next(r for r in report.results if r.id == tid)


def approx(value: Decimal | None, expected: float, places: int) -> bool:
    assert value is not None
    return round(float(value), places) == expected


def test_worked_1_trade_total(mini: Catalog) -> None:
    r = run(mini, "t.trade", {2023: 3200})
    assert r.path is Path.geometric
    assert r.time_elapsed == Decimal("0.6")
    assert r.progress == Decimal("0.375")
    assert approx(r.planned_annual_growth, 0.0499, 4)
    assert approx(r.observed_annual_growth, 0.0334, 4)
    assert approx(r.required_annual_growth, 0.0753, 4)
    assert approx(r.expected_now, 3356.5, 1)
    assert approx(r.schedule_ratio, 0.657, 3)
    assert approx(r.projected_value, 3417.0, 1)
    assert r.gap == Decimal(500)
    assert r.status is Status.behind and r.label == "滞后"


def test_worked_2_lower_is_better(mini: Catalog) -> None:
    r = run(mini, "t.refund", {2023: 3.5})
    assert approx(r.required_annual_growth, -0.0742, 4)
    assert r.progress == Decimal("0.5")
    # METHOD.md prints 0.789: that is 0.7885 rounded twice; the exact value is 0.78848
    # (E = 4 * 0.75**0.6 = 3.365877, q = 0.5 / 0.634123).
    assert approx(r.schedule_ratio, 0.7885, 4)
    assert r.planned_annual_growth is not None and r.planned_annual_growth < 0
    assert r.status is Status.behind
    achieved = run(mini, "t.refund", {2023: 3})
    assert achieved.status is Status.achieved and achieved.label == "提前实现"
    assert run(mini, "t.refund", {2023: 4.2}).status is Status.moving_away


def test_worked_3_cumulative(mini: Catalog) -> None:
    r = run(mini, "t.fdi", {2021: 8, 2022: 9, 2023: 9.5})
    assert r.path is Path.cumulative
    assert r.cumulative_sum == Decimal("26.5")
    assert approx(r.progress, 0.589, 3)
    assert r.time_elapsed == Decimal("0.6")
    assert approx(r.schedule_ratio, 0.981, 3)
    assert r.required_annual_change == Decimal("9.25")
    assert r.status is Status.on_track
    assert r.baseline is None  # the previous period's [7.76] is never a starting level
    assert any("previous period 2016-2020: 7.76" in n for n in r.notes)


def test_worked_4_zero_baseline_linear(mini: Catalog) -> None:
    r = run(mini, "t.expo", {2023: 1})
    assert r.path is Path.linear and r.status is Status.achieved
    zero = run(mini, "t.expo", {2023: 0})
    assert zero.path is Path.linear
    assert zero.schedule_ratio == 0
    assert zero.status is Status.far_behind
    assert any("linear path" in n for n in zero.notes)


def test_worked_5_doubling(mini: Catalog) -> None:
    r = run(mini, "t.double", {2020: 100, 2022: 130})
    assert r.target == Decimal(200)
    assert r.baseline_from == "data"
    assert approx(r.planned_annual_growth, 0.1487, 4)


def test_no_data(mini: Catalog) -> None:
    r = run(mini, "t.trade", {})
    assert r.status is Status.no_data and r.label == "缺数据"
    assert r.actual is None and r.gap is None


def test_missed_after_target_year(mini: Catalog) -> None:
    r = run(mini, "t.trade", {2025: 3600})
    assert r.status is Status.missed and r.label == "未完成"
    assert r.gap == Decimal(100)


def test_achieved_in_target_year_has_plain_label(mini: Catalog) -> None:
    r = run(mini, "t.trade", {2025: 3700})
    assert r.status is Status.achieved and r.label == "已实现"


def test_never_round_a_shortfall_into_achieved(mini: Catalog) -> None:
    assert run(mini, "t.trade", {2025: "3699.999"}).status is Status.missed
    assert run(mini, "t.rd", {2025: "3.0"}).status is Status.achieved  # 3 equals 3.0


def test_bands_ahead_and_on_track(mini: Catalog) -> None:
    assert run(mini, "t.trade", {2023: 3450}).status is Status.ahead
    # q for 3350 is just under 1: on track for an expected target
    r = run(mini, "t.trade", {2023: 3350})
    assert r.schedule_ratio is not None and Decimal("0.95") <= r.schedule_ratio < Decimal("1.05")
    assert r.status is Status.on_track


def test_binding_needs_full_schedule(mini: Catalog) -> None:
    # share, linear: B=2, G=3, tau=0.6 -> E=2.6; A=2.58 gives q=0.967
    r = run(mini, "t.rd", {2023: "2.58"})
    assert r.path is Path.linear
    assert approx(r.schedule_ratio, 0.967, 3)
    assert r.status is Status.behind  # binding (约束性): no slack
    assert r.required_annual_change == Decimal("0.21")
    assert r.required_annual_growth is None  # never a CAGR for a share


def test_share_projection_is_clipped(mini: Catalog) -> None:
    r = run(mini, "t.rd", {2021: 40})
    assert r.projected_value == Decimal(100)


def test_maintain_fallen_back(mini: Catalog) -> None:
    r = run(mini, "t.keep", {2022: "2.1", 2023: "1.9"})
    assert r.status is Status.fallen_back and r.label == "回落"
    assert r.reason is None
    kept = run(mini, "t.keep", {2023: "2.1"})
    assert kept.status is Status.achieved


def test_direction_targets(mini: Catalog) -> None:
    assert run(mini, "t.up", {2023: 40}).status is Status.not_assessable
    assert run(mini, "t.up", {2022: 40, 2023: 41}).status is Status.on_track
    assert run(mini, "t.up", {2022: 40, 2023: 39}).status is Status.moving_away


def test_change_by_uses_data_baseline(mini: Catalog) -> None:
    r = run(mini, "t.cut", {2020: 100, 2023: 90})
    assert r.target == Decimal(80)
    assert r.status is Status.behind or r.status is Status.far_behind
    assert r.planned_annual_growth is not None and r.planned_annual_growth < 0


def test_no_baseline_is_not_assessable_but_reports_gap(mini: Catalog) -> None:
    r = run(mini, "t.approx", {2023: 3000})
    assert r.status is Status.not_assessable
    assert r.reason is not None and "no baseline" in r.reason
    assert r.gap == Decimal(2000)
    assert approx(r.required_annual_growth, 0.291, 3)


def test_change_by_without_any_baseline(mini: Catalog) -> None:
    r = run(mini, "t.cut", {2023: 90})
    assert r.status is Status.not_assessable
    # a derived target never falls back to the earliest year: it says which year's value is missing
    assert r.reason_code == "no_base_value"
    assert r.reason is not None and "the value of 2020" in r.reason
    assert r.baseline_from is None and r.target is None


def test_approx_tolerance(mini: Catalog) -> None:
    assert run(mini, "t.approx", {2025: 4800}).status is Status.achieved  # within 5 %
    assert run(mini, "t.approx", {2025: 4700}).status is Status.missed
    over = run(mini, "t.approx", {2025: 6000})
    assert over.status is Status.achieved
    assert any("better direction" in n for n in over.notes)


def test_cumulative_missing_flow_year(mini: Catalog) -> None:
    r = run(mini, "t.fdi", {2021: 8, 2023: 9.5})
    assert r.status is Status.not_assessable
    assert r.reason is not None and "2022" in r.reason
    done = run(mini, "t.fdi", {2021: 30, 2023: 16})
    assert done.status is Status.achieved  # the partial sum already reaches X
    # and, achieved or not, an assessable cumulative target reports its schedule (METHOD 2)
    assert done.cumulative_sum == Decimal(46)
    assert done.time_elapsed == Decimal("0.6") and done.expected_now == Decimal(27)
    assert approx(done.schedule_ratio, 1.704, 3) and approx(done.projected_value, 76.667, 3)
    assert done.required_annual_change is None
    assert any("no value for 2022" in n for n in done.notes)


def test_maintain_met_at_the_baseline_and_lost_is_fallen_back(mini: Catalog) -> None:
    # the floor held in the base year and the judged value is below it: 回落, never progress
    # "toward the floor" from above (docs/method.md, maintain)
    r = run(mini, "t.keep", {2020: "2.2", 2021: "1.9", 2022: "1.95"})
    assert r.status is Status.fallen_back
    assert r.schedule_ratio is None


def test_cumulative_data_only_before_the_period(mini: Catalog) -> None:
    # Once a division by zero (elapsed years = 0); found by the bulk-reading comparison test.
    r = run(mini, "t.fdi", {2019: 5, 2020: 6})
    assert r.status is Status.not_assessable
    assert r.reason == "the data year 2020 is before the cumulative period 2021—2025"
    assert r.reason_code == "before_window"
    assert r.cumulative_sum is None and r.actual == 6  # the annual value, never a sum of 0.00
    from targets.report.render import row_cells

    assert row_cells(r, "zh")[4] == "6 (2020)"


def test_missing_current_year_uses_latest(mini: Catalog) -> None:
    r = run(mini, "t.trade", {2022: 3100}, as_of=2024)
    assert r.year == 2022
    assert any("2022" in n and "2024" in n for n in r.notes)


def test_not_reported_values_are_skipped(mini: Catalog) -> None:
    r = run(mini, "t.trade", {2022: 3100, 2023: None})
    assert r.year == 2022


def test_data_year_not_after_baseline(mini: Catalog) -> None:
    r = run(mini, "t.trade", {2020: 2950})
    assert r.status is Status.not_assessable
    assert r.reason is not None and "not after the baseline year" in r.reason


def test_summary_counts_and_binding(mini: Catalog) -> None:
    report = evaluate(mini, obs("t.trade", {2023: 3200}) + obs("t.rd", {2023: "2.58"}))
    assert report.summary.total == len(mini.iter_targets())
    assert report.summary.by_status["behind"] == 2
    assert [b["id"] for b in report.summary.binding] == ["t.rd"]
    assert "t.fdi" in report.summary.no_data


def test_regions_are_evaluated_separately(mini: Catalog) -> None:
    # METHOD 3.2: a share is scale-free; each region starts from its own value of the base year
    data = obs("t.rd", {2020: 2, 2023: "2.6"}, region="A") + obs("t.rd", {2020: 1, 2023: "2.5"}, region="B")
    rows = [r for r in evaluate(mini, data).results if r.id == "t.rd"]
    assert [(r.region, r.status, r.baseline) for r in rows] == [
        ("A", Status.on_track, Decimal(2)),
        ("B", Status.ahead, Decimal(1)),
    ]
    assert all(r.baseline_from == "data" for r in rows)


def test_custom_thresholds(mini: Catalog) -> None:
    th = Thresholds(behind=Decimal("0.7"))
    series = obs("t.trade", {2023: 3200})
    r = next(x for x in evaluate(mini, series, thresholds=th).results if x.id == "t.trade")
    assert r.status is Status.far_behind


@pytest.mark.parametrize(
    ("status", "threshold", "expected"),
    [
        (Status.behind, Status.behind, True),
        (Status.on_track, Status.behind, False),
        (Status.missed, Status.behind, True),
        (Status.no_data, Status.behind, False),
        (Status.no_data, Status.no_data, True),
        (Status.achieved, Status.missed, False),
    ],
)
def test_fail_on_order(status: Status, threshold: Status, expected: bool) -> None:
    assert fails(status, threshold) is expected


KINDS_EXTRA = """\
version: 1
plans:
  - id: k
    title: 其他类型
    doc_number: null
    issuer: null
    date: null
    scope: 测试区
    period: {start: 2021, end: 2025}
    base_year: 2020
    source: k.txt
    targets:
      - id: k.gdp
        name: 地区生产总值
        unit: 亿元
        attribute: expected
        kind: avg_growth
        comparator: at_least
        direction: higher
        baseline: {year: 2020, value: 1000}
        target: {year: 2025, growth_pct: 10}
        source: {line: 1, quote: 年均增长10%以上}
      - id: k.ratio
        name: 城乡居民收入比
        unit: null
        attribute: expected
        kind: ratio
        comparator: at_most
        direction: lower
        baseline: {year: 2020, value: 2.5}
        target: {year: 2025, value: 2.2}
        source: {line: 2, quote: 2.2∶1以内}
      - id: k.rate
        name: 地区生产总值增速
        unit: "%"
        attribute: expected
        kind: rate
        comparator: approx
        direction: higher
        target: {year: annual, value: 6}
        source: {line: 3, quote: 增长6%左右}
"""


@pytest.fixture(scope="module")
def extra() -> Catalog:
    from targets.catalog import parse_catalog

    return parse_catalog(KINDS_EXTRA, "extra.yaml")


def test_avg_growth_target_from_baseline(extra: Catalog) -> None:
    r = run(extra, "k.gdp", {2023: 1250})
    assert approx(r.target, 1610.51, 2)  # 1000 * 1.1**5
    assert approx(r.planned_annual_growth, 0.10, 4)
    assert r.path is Path.geometric
    assert r.status is Status.behind  # 1250 vs the 1331 expected on the 10 % path


def test_ratio_is_linear_and_lower_is_better(extra: Catalog) -> None:
    r = run(extra, "k.ratio", {2023: "2.35"})
    assert r.path is Path.linear
    assert r.progress == Decimal("0.5")
    assert approx(r.schedule_ratio, 0.833, 3)
    assert r.status is Status.behind
    assert run(extra, "k.ratio", {2023: "2.2"}).status is Status.achieved


def test_rate_is_judged_on_the_chained_average(extra: Catalog) -> None:
    # an every-year rate runs to the end of the plan period: on_track / behind before it
    assert run(extra, "k.rate", {2023: "6.1"}).status is Status.on_track
    assert run(extra, "k.rate", {2023: "4.0"}).status is Status.behind
    assert run(extra, "k.rate", {2021: 6, 2022: 6, 2023: 6, 2024: 6, 2025: 6}).status is Status.achieved
    assert run(extra, "k.rate", {2021: 6, 2022: 6, 2023: 6, 2024: 6, 2025: 2}).status is Status.missed
    chained = run(extra, "k.rate", {2021: 8, 2022: 2, 2023: "6.1"})
    # (1.08 * 1.02 * 1.061) ** (1/3) - 1
    assert approx(chained.observed_annual_growth, 0.0534, 4)


# ---------------------------------------------------------------- METHOD.md revision 2

REV2 = """\
version: 1
plans:
  - id: y
    title: 永川区测试规划
    doc_number: null
    issuer: null
    date: null
    scope: 永川区
    period: {start: 2021, end: 2025}
    base_year: 2020
    source: y.txt
    targets:
      - id: y.trade-2022
        series: y.trade
        name: 外贸进出口总额
        unit: 亿元
        attribute: unstated
        kind: level
        comparator: at_least
        direction: higher
        target: {year: 2022, value: 62}
        source: {line: 1, quote: 外贸进出口总额}
      - id: y.trade-2025
        series: y.trade
        name: 外贸进出口总额
        unit: 亿元
        attribute: unstated
        kind: level
        comparator: at_least
        direction: higher
        target: {year: 2025, value: 82}
        regions:
          大安街道: {baseline: {year: 2020, value: 5}, target: {year: 2025, value: 10}}
        source: {line: 1, quote: 外贸进出口总额}
      - id: y.rd
        name: 全社会研发投入强度
        unit: "%"
        attribute: unstated
        kind: maintain
        comparator: at_least
        direction: higher
        target: {year: 2025, value: 3}
        source: {line: 2, quote: 稳定在3%以上}
      - id: y.pp
        name: 常住人口城镇化率
        unit: "%"
        attribute: unstated
        kind: pp_change
        comparator: at_least
        direction: higher
        target: {year: 2025, change_pp: 0.5}
        source: {line: 3, quote: 提高0.5个百分点}
      - id: y.rank
        name: 全省综合排名
        unit: 位
        attribute: unstated
        kind: rank
        comparator: at_most
        direction: lower
        target: {year: 2025, value: 40}
        source: {line: 4, quote: 跃居全省前40位}
      - id: y.water
        name: 水质类别
        unit: 类
        attribute: unstated
        kind: class
        comparator: at_most
        direction: lower
        target: {year: 2025, value: 4}
        source: {line: 5, quote: 水质达到IV类}
      - id: y.up
        name: 服务业占比
        unit: "%"
        attribute: unstated
        kind: direction
        comparator: at_least
        direction: higher
        target: {year: 2025}
        source: {line: 6, quote: 稳步提升}
      - id: y.incubated
        name: 累计在孵企业
        unit: 家
        attribute: unstated
        kind: level
        comparator: at_least
        direction: higher
        baseline: {year: 2020, value: 1134}
        target: {year: 2025, value: 4000}
        source: {line: 7, quote: 累计在孵企业}
"""


@pytest.fixture(scope="module")
def rev2() -> Catalog:
    from targets.catalog import parse_catalog

    return parse_catalog(REV2, "rev2.yaml")


YC = {2022: 58, 2023: 66, 2024: 71}


def test_worked_6_a_milestone_is_judged_on_its_own_year(rev2: Catalog) -> None:
    r = run(rev2, "y.trade-2022", YC, as_of=2024)
    assert (r.status, r.year, r.actual, r.reached_in) == (Status.missed, 2022, Decimal(58), 2023)
    assert r.label == "未完成（2023年实现）"
    assert (r.later_year, r.later_value) == (2024, Decimal(71))
    assert r.time_elapsed is None or r.time_elapsed <= 1
    final = run(rev2, "y.trade-2025", YC, as_of=2024)
    assert (final.year, final.reached_in) == (2024, None)
    assert run(rev2, "y.trade-2022", YC, as_of=2022).status is Status.missed


def test_worked_7_earliest_year_baseline(rev2: Catalog) -> None:
    r = run(rev2, "y.trade-2025", YC, as_of=2024)
    assert (r.baseline, r.baseline_year, r.baseline_from) == (Decimal(58), 2022, "data_earliest")
    assert r.time_elapsed is not None and approx(r.time_elapsed, 0.6667, 4)
    assert approx(r.expected_now, 73.061, 3)
    assert approx(r.schedule_ratio, 0.863, 3)
    assert approx(r.progress, 0.542, 3)
    assert approx(r.required_annual_growth, 0.1549, 4)
    assert r.status is Status.behind
    assert any("earliest value, of 2022" in n for n in r.notes)


def test_worked_8_a_floor_never_met_is_judged_toward_it(rev2: Catalog) -> None:
    r = run(rev2, "y.rd", {2021: "2.30", 2022: "2.45", 2023: "2.62", 2024: "2.71"})
    assert r.status is Status.behind and r.label == "滞后"  # never 回落 for a series that rose
    assert (r.path, r.baseline_from, r.baseline_year) == (Path.linear, "data_earliest", 2021)
    assert r.time_elapsed == Decimal("0.75")
    assert r.expected_now == Decimal("2.825")
    assert approx(r.schedule_ratio, 0.781, 3)
    assert r.required_annual_change == Decimal("0.29")
    assert any(n.startswith("not yet reached") for n in r.notes)
    fallen = run(rev2, "y.rd", {2021: "3.1", 2022: "2.9"})
    assert fallen.status is Status.fallen_back  # met in the plan period, then lost


def test_later_data_never_changes_a_verdict(rev2: Catalog) -> None:
    before = run(rev2, "y.trade-2022", {2022: 58}, as_of=2022)
    after = run(rev2, "y.trade-2022", {2022: 58, 2023: 99, 2030: 120}, as_of=2030)
    assert (before.status, before.gap) == (after.status, after.gap)
    assert after.reached_in == 2023 and before.reached_in is None


def test_past_the_target_year_without_its_value(rev2: Catalog) -> None:
    early = run(rev2, "y.trade-2022", {2021: 63, 2024: 50}, as_of=2024)
    assert early.status is Status.achieved and early.label == "提前实现" and early.year == 2021
    unknown = run(rev2, "y.trade-2022", {2021: 40, 2023: 70}, as_of=2024)
    assert (unknown.status, unknown.reason_code, unknown.reached_in) == (
        Status.not_assessable,
        "no_target_year_value",
        2023,
    )
    assert unknown.required_annual_growth is None and unknown.label == "无法评估（2023年实现）"
    nothing = run(rev2, "y.trade-2022", {2023: 70, 2024: 50}, as_of=2024)
    assert (nothing.status, nothing.year, nothing.reached_in) == (Status.not_assessable, None, 2023)
    assert nothing.reason_code == "no_value_up_to_target_year"
    # in the target year itself, the latest earlier value is judged by q as usual
    now = run(rev2, "y.trade-2025", {2022: 58, 2024: 71}, as_of=2025)
    assert now.status is Status.behind and now.year == 2024


def test_derived_kinds_say_which_year_is_missing(rev2: Catalog) -> None:
    r = run(rev2, "y.pp", {2022: 60, 2023: 61})
    assert (r.status, r.reason_code, r.baseline_from) == (Status.not_assessable, "no_base_value", None)
    assert r.reason is not None and "2020" in r.reason
    ok = run(rev2, "y.pp", {2020: 60, 2023: "60.4"})
    assert (ok.target, ok.path) == (Decimal("60.5"), Path.linear)
    assert approx(ok.schedule_ratio, 1.333, 3) and ok.status is Status.ahead


def test_rank_and_class_compare_by_order(rev2: Catalog) -> None:
    assert run(rev2, "y.rank", {2023: 38}).status is Status.on_track
    assert run(rev2, "y.rank", {2023: 45}).status is Status.behind
    assert run(rev2, "y.rank", {2025: 41}).status is Status.missed
    assert run(rev2, "y.rank", {2025: 40}).status is Status.achieved
    assert run(rev2, "y.water", {2025: 3}).status is Status.achieved  # III类 is better than IV类
    assert run(rev2, "y.water", {2025: 5}).status is Status.missed


def test_direction_at_the_target_year(rev2: Catalog) -> None:
    assert run(rev2, "y.up", {2020: 40, 2025: 45}).status is Status.achieved
    assert run(rev2, "y.up", {2020: 40, 2024: 50, 2025: 39}).status is Status.missed
    assert run(rev2, "y.up", {2025: 45}).reason_code == "too_few_years"


def test_regions_use_their_own_values(rev2: Catalog) -> None:
    data = (
        obs("y.trade", YC)
        + obs("y.trade", {2022: 58, 2024: 71}, region="永川区")
        + obs("y.trade", {2020: 5, 2023: 8}, region="大安街道")
        + obs("y.trade", {2020: 5, 2023: 8}, region="卫星湖街道")
    )
    rows = {r.region: r for r in evaluate(rev2, data, 2024).results if r.id == "y.trade-2025"}
    assert rows[None].status is rows["永川区"].status is Status.behind  # the plan's scope
    own = rows["大安街道"]
    assert (own.target, own.baseline, own.baseline_from) == (Decimal(10), Decimal(5), "plan")
    other = rows["卫星湖街道"]
    assert (other.status, other.reason_code, other.target) == (
        Status.not_assessable,
        "region_needs_target",
        None,
    )
    assert other.reason == "the target is set for 永川区; give a regional target in the catalog"
    shares = obs("y.rd", {2021: 2, 2024: "2.6"}, region="卫星湖街道")
    (share,) = [r for r in evaluate(rev2, shares, 2024).results if r.id == "y.rd"]
    assert share.baseline_from == "data_earliest" and share.status is Status.behind  # scale-free


def test_guards_linear_path_and_non_negative_projection(rev2: Catalog) -> None:
    r = run(rev2, "y.incubated", {2023: 0})
    assert r.path is Path.linear and any("actual is not above 0" in n for n in r.notes)
    assert r.projected_value == 0  # 1134 -> 0 would project -756 家
    assert r.required_annual_change is not None and r.required_annual_growth is None


def test_achieved_requires_nothing_and_cumulative_reports_its_schedule(mini: Catalog) -> None:
    r = run(mini, "t.refund", {2021: "3.9", 2023: 3})
    assert r.status is Status.achieved
    assert r.required_annual_growth is None and r.required_annual_change is None
    done = run(mini, "t.fdi", {2021: 20, 2022: 20, 2023: 10})
    assert done.status is Status.achieved
    assert (done.time_elapsed, done.expected_now) == (Decimal("0.6"), Decimal(27))
    assert done.schedule_ratio is not None and done.projected_value is not None
    assert done.required_annual_change is None


def test_labels_and_reasons_in_every_format(rev2: Catalog) -> None:
    from targets.report.export import render_csv, render_json
    from targets.report.render import fmt_required, render_text

    report = evaluate(rev2, obs("y.trade", YC) + obs("y.pp", {2023: 61}), 2024)
    assert "未完成（2023年实现）" in render_text(report, "zh")
    assert "missed (reached in 2023)" in render_text(report, "en")
    assert "未完成（2023年实现）" in render_csv(report)
    doc = json.loads(render_json(report))
    pp = next(x for x in doc["results"] if x["id"] == "y.pp")
    assert pp["reason_code"] == "no_base_value"
    assert "目标以2020年为基数，规划和数据均未给出2020年数值" in render_text(report, "zh")
    trade = next(x for x in report.results if x.id == "y.trade-2025")
    assert fmt_required(trade, "zh") == "+15.49%/年" and fmt_required(trade, "en") == "+15.49%/yr"


def test_required_values_carry_unit_and_period(rev2: Catalog, mini: Catalog) -> None:
    from targets.report.render import fmt_base, fmt_required

    rd = run(rev2, "y.rd", {2021: "2.30", 2024: "2.71"})
    assert fmt_required(rd, "zh") == "+0.29个百分点/年"
    fdi = run(mini, "t.fdi", {2021: 8, 2022: 9, 2023: 9.5, 2024: "8.8"})
    assert fmt_required(fdi, "zh") == "+9.70亿美元/年"
    assert fmt_base(fdi, "zh") == "[7.76]（2016—2020累计）"
    assert "0.00" not in fmt_base(fdi, "en")


def test_summaries_count_regions_separately(mini: Catalog) -> None:
    data = obs("t.rd", {2020: 2, 2023: "2.6"}, region="A") + obs("t.rd", {2020: 1, 2023: "2.5"}, region="B")
    summary = evaluate(mini, data).summary
    # t.rd and t.keep (its floor of 2 is met) share the series
    assert summary.by_region == {"A": {"achieved": 1, "on_track": 1}, "B": {"achieved": 1, "ahead": 1}}
    assert [(b["id"], b["region"]) for b in summary.binding] == [("t.rd", "A"), ("t.rd", "B")]


# ---------------------------------------------------------------- the catalog side of revision 2


def bad_catalog(extra: str, kind: str = "level", target: str = "{year: 2025, value: 82}") -> str:
    body = REV2.split("    targets:\n", maxsplit=1)[0] + "    targets:\n"
    return body + (
        "      - id: y.x\n"
        "        name: 外贸进出口总额\n"
        "        unit: 亿元\n"
        "        attribute: unstated\n"
        f"        kind: {kind}\n"
        "        comparator: at_least\n"
        "        direction: higher\n"
        f"        target: {target}\n"
        "        source: {line: 1, quote: 外贸进出口总额}\n" + extra
    )


def problems_of(text: str) -> list[str]:
    from targets.catalog import parse_catalog
    from targets.errors import CatalogError

    try:
        parse_catalog(text, "c.yaml")
    except CatalogError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_regions_are_validated_like_every_other_field() -> None:
    assert problems_of(bad_catalog("        regions: {大安街道: {target: {year: 2025, value: 10}}}\n")) == []
    wrong_year = problems_of(bad_catalog("        regions: {大安街道: {target: {year: 2024, value: 10}}}\n"))
    assert any(
        "c.yaml:" in p and "regions.大安街道.target.year" in p and "differs from the target's 2025" in p
        for p in wrong_year
    ), wrong_year
    unknown = problems_of(
        bad_catalog("        regions: {大安街道: {target: {year: 2025, value: 10}, goal: 3}}\n")
    )
    assert any("regions.大安街道.goal" in p and "unknown field" in p for p in unknown), unknown
    text = problems_of(bad_catalog("        regions: {大安街道: {target: {year: 2025, value: ten}}}\n"))
    assert any("regions.大安街道.target.value" in p and "expected a number" in p for p in text), text
    missing = problems_of(bad_catalog("        regions: {大安街道: {target: {year: 2025, factor: 2}}}\n"))
    assert any("needs target.value for region 大安街道" in p for p in missing), missing


def test_new_kinds_need_their_fields() -> None:
    assert any(
        "kind pp_change needs target.change_pp" in p for p in problems_of(bad_catalog("", "pp_change"))
    )
    assert problems_of(bad_catalog("", "pp_change", "{year: 2025, change_pp: -2}")) == []
    assert any("kind rank goes with comparator at_most" in p for p in problems_of(bad_catalog("", "rank")))
    zero = problems_of(bad_catalog("", "class", "{year: 2025, value: 0}"))
    assert any("a class is 1 or more" in p for p in zero), zero


def test_json_schema_knows_the_new_kinds_and_regions() -> None:
    from targets.catalog.schema import json_schema

    schema = json_schema()
    kinds = schema["$defs"]["Kind"]["enum"]
    assert {"pp_change", "rank", "class"} <= set(kinds)
    target = schema["$defs"]["Target"]["properties"]
    assert "regions" in target and "change_pp" in schema["$defs"]["TargetValue"]["properties"]


def test_the_shipped_catalog_reads_revision_2_correctly() -> None:
    from targets.catalog import default_catalog_path, load_catalog

    cat = load_catalog(default_catalog_path())
    cost = next(
        t for _, t in cat.iter_targets() if t.id == "cq-platforms-2020.port-enterprise-clearance-cost"
    )
    assert cost.unit == "元" and cost.target.change_pct == Decimal(-20)  # never the "%" of the change
    fdi = next(t for _, t in cat.iter_targets() if t.id == "gx-open-14th.fdi-used")
    assert fdi.baseline is not None and (fdi.baseline.year, fdi.baseline.value) == (2020, Decimal("7.76"))
    assert fdi.target.value == 45 and fdi.cumulative is not None and fdi.cumulative.start == 2021


def test_validate_warns_about_the_bracketed_baseline() -> None:
    from typer.testing import CliRunner

    from targets.cli.app import app

    result = CliRunner().invoke(app, ["validate"])
    assert result.exit_code == 0, result.stderr
    assert "fdi-used).baseline: warning: the plan prints [7.76] as the 2016-2020 total" in result.stderr


def test_check_of_the_shipped_data_gives_defensible_verdicts() -> None:
    from typer.testing import CliRunner

    from targets.catalog import default_catalog_path
    from targets.cli.app import app

    actuals = default_catalog_path().parent / "actuals"
    result = CliRunner().invoke(app, ["check", str(actuals), "--format", "json"])
    assert result.exit_code == 0
    rows = {r["id"]: r for r in json.loads(result.stdout)["results"]}
    for tid in ("foreign-trade-2022", "fdi-used-2022", "rd-intensity-2022"):
        r = rows[f"yc-open-2022.{tid}"]
        assert (r["status"], r["year"], r["reached_in"]) == ("missed", 2022, 2023), tid
        assert r["label"] == "未完成（2023年实现）"
    for tid in ("foreign-trade-2025", "fdi-used-2025"):
        r = rows[f"yc-open-2022.{tid}"]
        assert (r["baseline_from"], r["baseline_year"], r["year"]) == ("data_earliest", 2022, 2024), tid
    for rd in ("yc-open-2022.rd-intensity-2025", "yc-innovation-2025.rd-intensity"):
        assert (rows[rd]["status"], rows[rd]["label"]) == ("behind", "滞后"), rd
    assert all(r["time_elapsed"] is None or r["time_elapsed"] <= 1 for r in rows.values())
