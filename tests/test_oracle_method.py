"""The reference model of tests/oracle reproduces METHOD.md section 5 (worked numbers 1-8)."""

from __future__ import annotations

import pytest

from tests.oracle.method_ref import evaluate
from tests.oracle.spec import RegionValues, Spec

PERIOD = (2021, 2025)
SCOPE = "重庆高新区"


def level(**kw: object) -> Spec:
    base: dict[str, object] = {
        "kind": "level",
        "comparator": "at_least",
        "direction": "higher",
        "target_year": 2025,
        "period": PERIOD,
        "scope": SCOPE,
        "unit": "亿元",
        "plan_base_year": 2020,
    }
    base.update(kw)
    return Spec(**base)  # type: ignore[arg-type]


def approx(x: float, rel: float = 5e-4) -> object:
    return pytest.approx(x, rel=rel, abs=1e-9)


def test_worked_1_trade_total() -> None:
    spec = level(baseline=(2020, 2900.0), value=3700.0, comparator="exact")
    r = evaluate(spec, {2023: 3200.0}, 2023)
    assert r["status"] == "behind"
    assert r["path"] == "geometric"
    assert r["time_elapsed"] == approx(0.6)
    assert r["progress"] == approx(0.375)
    assert r["planned_annual_growth"] == approx(0.0499, rel=2e-3)
    assert r["observed_annual_growth"] == approx(0.0334, rel=2e-3)
    assert r["required_annual_growth"] == approx(0.0753, rel=2e-3)
    assert r["expected_now"] == approx(3356.5, rel=1e-4)
    assert r["schedule_ratio"] == approx(0.657, rel=1e-3)
    assert r["projected_value"] == approx(3417.0, rel=1e-4)
    assert r["baseline_from"] == "plan"


def test_worked_2_lower_is_better() -> None:
    spec = level(baseline=(2020, 4.0), value=3.0, comparator="at_most", direction="lower", unit="工作日")
    r = evaluate(spec, {2023: 3.5}, 2023)
    assert r["status"] == "behind"
    assert r["required_annual_growth"] == approx(-0.0742, rel=2e-3)
    assert r["progress"] == approx(0.5)
    assert r["schedule_ratio"] == approx(0.789, rel=1e-3)
    assert r["planned_annual_growth"] < 0
    assert evaluate(spec, {2023: 3.0}, 2023)["status"] == "achieved"
    assert evaluate(spec, {2023: 4.2}, 2023)["status"] == "moving_away"


def test_worked_3_cumulative() -> None:
    spec = level(kind="cum_sum", value=45.0, unit="亿美元", cumulative=(2021, 2025))
    r = evaluate(spec, {2021: 8.0, 2022: 9.0, 2023: 9.5}, 2023)
    assert r["status"] == "on_track"
    assert r["cumulative_sum"] == approx(26.5)
    assert r["progress"] == approx(0.589, rel=1e-3)
    assert r["time_elapsed"] == approx(0.6)
    assert r["schedule_ratio"] == approx(0.981, rel=1e-3)
    assert r["required_annual_change"] == approx(9.25)
    assert r["path"] == "cumulative"


def test_worked_4_zero_baseline_is_linear() -> None:
    spec = level(baseline=(2020, 0.0), value=1.0, unit="次")
    achieved = evaluate(spec, {2023: 1.0}, 2023)
    assert achieved["status"] == "achieved"
    assert achieved["path"] == "linear"
    assert achieved["required_annual_change"] is None
    stalled = evaluate(spec, {2023: 0.0}, 2023)
    assert stalled["path"] == "linear"
    assert stalled["schedule_ratio"] == 0
    assert stalled["status"] == "far_behind"
    assert stalled["projected_value"] == 0


def test_worked_5_doubling() -> None:
    spec = level(kind="multiple", factor=2.0, baseline=(2020, 100.0), value=None)
    r = evaluate(spec, {2023: 130.0}, 2023)
    assert r["target"] == approx(200.0)
    assert r["planned_annual_growth"] == approx(0.1487, rel=1e-3)


YC_DATA = {2022: 58.0, 2023: 66.0, 2024: 71.0}


def yc(year: int, value: float) -> Spec:
    return level(value=value, target_year=year, scope="永川区", period=(2021, 2025))


def test_worked_6_milestone_on_its_own_year() -> None:
    r = evaluate(yc(2022, 62.0), YC_DATA, 2024)
    assert r["status"] == "missed"
    assert r["year"] == 2022
    assert r["reached_in"] == 2023
    final = evaluate(yc(2025, 82.0), YC_DATA, 2024)
    assert final["year"] == 2024
    assert final["reached_in"] is None
    # The same milestone in the 2022 report, and a later value never flips it.
    assert evaluate(yc(2022, 62.0), YC_DATA, 2022)["status"] == "missed"


def test_worked_7_earliest_year_baseline() -> None:
    r = evaluate(yc(2025, 82.0), YC_DATA, 2024)
    assert r["baseline_from"] == "data_earliest"
    assert r["baseline_year"] == 2022
    assert r["baseline"] == 58
    assert r["time_elapsed"] == approx(2 / 3)
    assert r["expected_now"] == approx(73.061, rel=1e-4)
    assert r["schedule_ratio"] == approx(0.863, rel=1e-3)
    assert r["progress"] == approx(0.542, rel=1e-3)
    assert r["required_annual_growth"] == approx(0.1549, rel=1e-3)
    assert r["status"] == "behind"


def test_worked_8_maintain_never_met() -> None:
    spec = level(kind="maintain", value=3.0, unit="%")
    data = {2021: 2.30, 2022: 2.45, 2023: 2.62, 2024: 2.71}
    r = evaluate(spec, data, 2024)
    assert r["status"] == "behind"
    assert r["path"] == "linear"
    assert r["baseline_from"] == "data_earliest"
    assert r["baseline_year"] == 2021
    assert r["time_elapsed"] == approx(0.75)
    assert r["expected_now"] == approx(2.825)
    assert r["schedule_ratio"] == approx(0.781, rel=1e-3)
    assert r["required_annual_change"] == approx(0.29)
    assert r["notes"] == ["not yet reached"]


def test_maintain_fallen_back_only_after_the_floor_was_met() -> None:
    spec = level(kind="maintain", value=3.0, unit="%")
    assert evaluate(spec, {2021: 3.1, 2022: 2.9}, 2022)["status"] == "fallen_back"
    assert evaluate(spec, {2021: 3.1, 2022: 3.2}, 2022)["status"] == "achieved"


def test_derived_kinds_need_their_own_base_year() -> None:
    spec = level(kind="change_by", change_pct=-20.0, value=None, direction="lower", comparator="at_most")
    r = evaluate(spec, {2022: 0.9, 2023: 0.85}, 2023)
    assert r["status"] == "not_assessable"
    with_base = evaluate(spec, {2020: 1.0, 2023: 0.85}, 2023)
    assert with_base["target"] == approx(0.8)
    assert with_base["baseline_from"] == "data"


def test_pp_change_rank_class() -> None:
    pp = level(kind="pp_change", change_pp=0.5, unit="%", baseline=(2020, 2.0), value=None)
    r = evaluate(pp, {2023: 2.3}, 2023)
    assert r["target"] == approx(2.5)
    assert r["path"] == "linear"
    rank = level(kind="rank", value=40.0, comparator="at_most", direction="lower", unit="位")
    assert evaluate(rank, {2023: 45.0}, 2023)["status"] == "behind"
    assert evaluate(rank, {2023: 38.0}, 2023)["status"] == "on_track"
    assert evaluate(rank, {2025: 38.0}, 2025)["status"] == "achieved"
    klass = level(kind="class", value=4.0, comparator="at_most", direction="lower", unit="类")
    assert evaluate(klass, {2025: 5.0, 2026: 4.0}, 2026) == {
        "path": "none",
        "year": 2025,
        "target": 4.0,
        "status": "missed",
        "reached_in": 2026,
    }


def test_regions() -> None:
    spec = level(baseline=(2020, 2900.0), value=3700.0)
    assert evaluate(spec, {2023: 3200.0}, 2023, region="永川区")["status"] == "not_assessable"
    assert evaluate(spec, {2023: 3200.0}, 2023, region=SCOPE)["baseline_from"] == "plan"
    own = Spec(**{**spec.__dict__, "regions": {"永川区": RegionValues(82.0, (2020, 50.0))}})
    assert evaluate(own, {2023: 66.0}, 2023, region="永川区")["target"] == 82.0
    days = level(baseline=(2020, 4.0), value=3.0, comparator="at_most", direction="lower", unit="工作日")
    # a level in 工作日 is an amount (worked number 2 is geometric), so scale-bound (METHOD 3.2)
    assert evaluate(days, {2020: 5.0, 2023: 4.0}, 2023, region="永川区")["status"] == "not_assessable"
    share = level(kind="share", unit="%", baseline=(2020, 40.0), value=55.0)
    r = evaluate(share, {2020: 30.0, 2023: 40.0}, 2023, region="永川区")
    assert r["baseline"] == 30.0
    assert r["baseline_from"] == "data"


def test_data_after_the_target_year_never_changes_the_status() -> None:
    spec = level(value=100.0, baseline=(2020, 80.0), target_year=2022)
    early = evaluate(spec, {2022: 90.0}, 2022)
    late = evaluate(spec, {2022: 90.0, 2023: 120.0, 2024: 130.0}, 2024)
    assert early["status"] == late["status"] == "missed"
    assert late["reached_in"] == 2023
    assert late["time_elapsed"] == 1.0


def test_a_derived_target_is_compared_at_the_plan_precision() -> None:
    spec = level(kind="change_by", change_pct=-10.0, value=None, direction="lower", comparator="at_most")
    r = evaluate(spec, {2020: 3.3, 2023: 2.97}, 2023)
    assert r["target"] == 2.97
    assert r["status"] == "achieved"
    assert r["required_annual_growth"] is None


def test_approx_beyond_the_target_in_the_better_direction_is_achieved() -> None:
    spec = level(comparator="approx", value=5000.0, unit="万美元", baseline=(2020, 3000.0))
    assert evaluate(spec, {2023: 5600.0}, 2023)["status"] == "achieved"
    assert evaluate(spec, {2023: 4760.0}, 2023)["status"] == "achieved"
    assert evaluate(spec, {2023: 4740.0}, 2023)["status"] != "achieved"


def test_binding_targets_get_no_slack() -> None:
    loose = level(baseline=(2020, 40.0), value=70.0, unit="%", kind="share")
    strict = level(baseline=(2020, 40.0), value=70.0, unit="%", kind="share", attribute="binding")
    data = {2023: 57.5}  # E = 58, q = 17.5 / 18 = 0.972
    assert evaluate(loose, data, 2023)["status"] == "on_track"
    assert evaluate(strict, data, 2023)["status"] == "behind"


def test_cumulative_with_a_missing_flow_year() -> None:
    spec = level(kind="cum_sum", value=45.0, unit="亿美元", cumulative=(2021, 2025))
    assert evaluate(spec, {2021: 8.0, 2023: 9.5}, 2023)["status"] == "not_assessable"
    assert evaluate(spec, {2021: 30.0, 2023: 20.0}, 2023)["status"] == "achieved"


def test_rate_uses_the_chained_average() -> None:
    spec = level(kind="rate", value=6.0, unit="%", comparator="at_least")
    r = evaluate(spec, {2021: 5.0, 2022: 7.1}, 2022)
    assert r["observed_annual_growth"] == approx(((1.05 * 1.071) ** 0.5) - 1)
    assert r["status"] == "on_track"
    assert evaluate(spec, {2021: 5.0, 2022: 6.9, 2025: 6.0}, 2025)["status"] == "missed"


def test_direction_before_and_at_the_target_year() -> None:
    spec = level(kind="direction", value=None, unit="%")
    assert evaluate(spec, {2022: 30.0, 2023: 31.0}, 2023)["status"] == "on_track"
    assert evaluate(spec, {2022: 30.0, 2023: 29.0}, 2023)["status"] == "moving_away"
    assert evaluate(spec, {2022: 30.0, 2024: 35.0, 2025: 31.0}, 2025)["status"] == "achieved"
    assert evaluate(spec, {2025: 31.0}, 2025)["status"] == "not_assessable"


def test_no_reference_status_depends_on_data_after_the_target_year() -> None:
    from tests.oracle.gen import generate

    checked = 0
    for seed in range(300):
        case = generate(seed, new_kinds=True)
        for t in case.targets:
            for region in case.regions_of(t.series):
                series = case.data[(t.series, region)]
                cut = {y: v for y, v in series.items() if y <= t.spec.target_year}
                full = evaluate(t.spec, series, case.report_year, region)
                if not cut:  # values only after T: not_assessable with them, no_data without (METHOD 3.0)
                    continue
                trimmed = evaluate(t.spec, cut, case.report_year, region)
                assert (full["status"], full.get("year")) == (trimmed["status"], trimmed.get("year")), (
                    seed,
                    t.tid,
                )
                checked += 1
    assert checked > 500
