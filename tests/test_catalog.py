"""The catalog: shipped data, YAML line mapping, every class of error, entries against the plans."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from targets.catalog import default_catalog_path, load_catalog, parse_catalog, validate_catalog_file
from targets.errors import CatalogError
from targets.models import Attribute, Comparator, Direction, Kind

from .conftest import MINI, MINI_SOURCE

SHIPPED = default_catalog_path()


@pytest.fixture(scope="module")
def shipped():  # type: ignore[no-untyped-def]
    return load_catalog(SHIPPED)


def errors_of(text: str) -> list[str]:
    with pytest.raises(CatalogError) as info:
        parse_catalog(text, "c.yaml")
    return [str(p) for p in info.value.problems]


def line_of(text: str, needle: str, nth: int = 0) -> int:
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return hits[nth]


# ------------------------------------------------------------------ shipped catalog


def test_shipped_catalog_validates_with_known_warnings() -> None:
    catalog, problems = validate_catalog_file(SHIPPED)
    assert catalog is not None
    assert [p for p in problems if p.severity == "error"] == []
    codes = sorted(p.code for p in problems)
    assert codes.count("plans-disagree") >= 2  # the two Yongchuan plans disagree
    assert "plan-numbers-disagree" in codes  # 提升36% vs 5.1 -> 8 万pcu/h


def test_shipped_catalog_covers_five_plans_and_table_2_1(shipped) -> None:  # type: ignore[no-untyped-def]
    assert sorted(p.id for p in shipped.plans) == [
        "cq-platforms-2020",
        "gx-open-14th",
        "gx-sc-2027",
        "yc-innovation-2025",
        "yc-open-2022",
    ]
    assert len(shipped.iter_targets()) > 100
    rows = sorted(t.source.row for _, t in shipped.iter_targets() if t.source.table == "表2-1")
    assert rows == list(range(1, 16))


def test_every_quote_is_on_its_line(shipped) -> None:  # type: ignore[no-untyped-def]
    sources = SHIPPED.parent / "sources"
    for plan, t in shipped.iter_targets():
        lines = (sources / plan.source).read_text(encoding="utf-8").splitlines()
        assert t.source.quote in lines[t.source.line - 1], t.id


def test_sources_are_byte_copies_of_the_seeds() -> None:
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"the seed folder {seeds} is not beside this checkout")
    copies = {p.read_bytes() for p in (SHIPPED.parent / "sources").glob("*.txt")}
    assert copies == {p.read_bytes() for p in seeds.glob("*.txt")}


def _t(shipped, tid):  # type: ignore[no-untyped-def]
    return next(t for _, t in shipped.iter_targets() if t.id == tid)


def test_table_row_3_field_by_field(shipped) -> None:  # type: ignore[no-untyped-def]
    t = _t(shipped, "gx-open-14th.trade-total")
    assert (t.name, t.unit, t.kind, t.attribute) == (
        "外贸进出口总额",
        "亿元",
        Kind.level,
        Attribute.expected,
    )
    assert t.baseline is not None and (t.baseline.year, t.baseline.value) == (2020, Decimal(2900))
    assert (t.target.year, t.target.value) == (2025, Decimal(3700))
    assert (t.source.table, t.source.row) == ("表2-1", 3)


def test_table_row_10_is_a_five_year_total(shipped) -> None:  # type: ignore[no-untyped-def]
    t = _t(shipped, "gx-open-14th.fdi-used")
    assert t.kind is Kind.cum_sum
    # the 2020 yearbook's single-year 7.76 is the 2020 annual value, shown beside the target, never summed
    assert t.baseline is not None and (t.baseline.year, t.baseline.value) == (2020, Decimal("7.76"))
    assert t.cumulative is not None and (t.cumulative.start, t.cumulative.end) == (2021, 2025)
    assert t.target.value == Decimal(45)
    assert t.previous_period is not None and t.previous_period.value == Decimal("7.76")


def test_table_row_13_is_lower_is_better(shipped) -> None:  # type: ignore[no-untyped-def]
    t = _t(shipped, "gx-open-14th.export-tax-refund-time")
    assert (t.unit, t.direction, t.comparator) == ("工作日", Direction.lower, Comparator.at_most)
    assert t.baseline is not None and t.baseline.value == Decimal(4)
    assert t.target.value == Decimal(3)


def test_yongchuan_fdi_approx_in_wan_usd(shipped) -> None:  # type: ignore[no-untyped-def]
    t = _t(shipped, "yc-open-2022.fdi-used-2025")
    assert (t.unit, t.comparator, t.target.value) == ("万美元", Comparator.approx, Decimal(5000))
    assert t.series == "yongchuan.fdi-used"
    interim = _t(shipped, "yc-open-2022.fdi-used-2022")
    assert interim.series == t.series and interim.target.year == 2022


def test_rd_intensity_maintain_and_milestones(shipped) -> None:  # type: ignore[no-untyped-def]
    t = _t(shipped, "yc-innovation-2025.rd-intensity")
    assert (t.kind, t.unit, t.target.value) == (Kind.maintain, "%", Decimal(3))
    assert t.series == "yongchuan.rd-intensity"


def test_road_density_canonical_unit(shipped) -> None:  # type: ignore[no-untyped-def]
    t = _t(shipped, "gx-open-14th.road-network-density")
    assert t.unit == "km/km2" and t.canonical_unit == "km/km**2"


# ------------------------------------------------------------------ line mapping and errors


def test_mini_parses() -> None:
    assert len(parse_catalog(MINI, "m.yaml").iter_targets()) == 10


def test_wrong_type_names_file_line_and_path() -> None:
    bad = MINI.replace("target: {year: 2025, value: 3700}", "target: {year: 2025, value: ten}")
    line = line_of(bad, "value: ten")
    assert errors_of(bad) == [
        f"c.yaml:{line}: plans[0] (id=t).targets[0] (id=t.trade).target.value: expected a number, got 'ten'"
    ]


def test_missing_field_points_at_its_mapping() -> None:
    bad = MINI.replace("        unit: 工作日\n", "")
    line = line_of(bad, "- id: t.refund")
    assert errors_of(bad) == [
        f"c.yaml:{line}: plans[0] (id=t).targets[1] (id=t.refund).unit: required field is missing"
    ]


def test_unknown_kind_lists_the_kinds() -> None:
    bad = MINI.replace("kind: cum_sum", "kind: cumsum")
    (msg,) = errors_of(bad)
    assert msg.startswith(
        f"c.yaml:{line_of(bad, 'kind: cumsum')}: plans[0] (id=t).targets[2] (id=t.fdi).kind: "
    )
    assert "expected one of 'level', 'share'" in msg and "got 'cumsum'" in msg


def test_unknown_field_is_an_error() -> None:
    bad = MINI.replace("        attribute: binding\n", "        attribute: binding\n        atribute: x\n")
    line = line_of(bad, "atribute: x")
    assert errors_of(bad) == [
        f"c.yaml:{line}: plans[0] (id=t).targets[5] (id=t.rd).atribute: unknown field 'atribute'"
    ]


def test_all_errors_are_collected() -> None:
    bad = MINI.replace("value: 3700", "value: x").replace("value: 45", "value: y")
    assert len(errors_of(bad)) == 2


def test_duplicate_ids() -> None:
    bad = MINI.replace("- id: t.refund", "- id: t.trade")
    msg = errors_of(bad)[0]
    assert msg == (
        f"c.yaml:{line_of(bad, '- id: t.trade', 1)}: plans[0] (id=t).targets[1] (id=t.trade).id: "
        f"target id 't.trade' is used twice (first at line {line_of(bad, '- id: t.trade')})"
    )


def test_duplicate_yaml_key() -> None:
    bad = MINI.replace("        unit: 亿元\n", "        unit: 亿元\n        unit: 万元\n", 1)
    first, again = line_of(bad, "unit: 亿元"), line_of(bad, "unit: 万元")
    assert errors_of(bad) == [f"c.yaml:{again}: duplicate key 'unit' (first at line {first})"]


def test_kind_needs_its_fields() -> None:
    bad = MINI.replace("target: {year: 2025, factor: 2}", "target: {year: 2025}")
    (msg,) = errors_of(bad)
    assert msg.endswith("(id=t.double).target: kind multiple needs target.factor")


def test_range_needs_range_comparator() -> None:
    tail = (
        "\n        comparator: at_least\n        direction: higher\n        baseline: {year: 2020, value: 0}"
    )
    bad = MINI.replace("kind: level" + tail, "kind: range" + tail).replace(
        "target: {year: 2025, value: 1}", "target: {year: 2025, value: 1, value_high: 2}"
    )
    msgs = errors_of(bad)
    assert any("comparator at_least does not fit kind range" in m for m in msgs)


def test_direction_must_agree_with_baseline_to_target() -> None:
    bad = MINI.replace(
        "        comparator: at_most\n        direction: lower\n        baseline: {year: 2020, value: 4}",
        "        comparator: at_most\n        direction: higher\n        baseline: {year: 2020, value: 4}",
    )
    msgs = errors_of(bad)
    assert any("direction higher disagrees with baseline 4 -> target 3" in m for m in msgs)


def test_target_year_inside_period() -> None:
    bad = MINI.replace("target: {year: 2025, value: 3700}", "target: {year: 2030, value: 3700}")
    (msg,) = errors_of(bad)
    assert msg.endswith("target.year: target year 2030 is outside the plan period 2021-2025")


def test_yaml_syntax_error_has_line() -> None:
    bad = MINI.replace("title: 测试规划", "title: [测试规划")
    (msg,) = errors_of(bad)
    assert msg.startswith("c.yaml:") and "YAML syntax error" in msg


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("a: &x 1\nb: *x\n", "anchors and aliases are not allowed"),
        ("a: !!python/object/apply:os.system ['true']\n", "is not allowed (plain YAML only)"),
        ("a: 1\n<<: {b: 2}\n", "merge keys"),
        ("", "the file is empty"),
        ("- 1\n- 2\n", "expected a mapping with 'version' and 'plans'"),
        ("version: 010\nplans: []\n", "expected one of 1, got '010'"),
    ],
)
def test_unsafe_or_odd_yaml(text: str, fragment: str) -> None:
    assert any(fragment in m for m in errors_of(text))


def test_validate_reports_unknown_units_and_misplaced_quotes(tmp_path: Path) -> None:
    bad = MINI.replace("unit: 次", "unit: 只鸡").replace("quote: 出口退税时间", "quote: 退税时限")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "t.txt").write_text(MINI_SOURCE, encoding="utf-8")
    (tmp_path / "c.yaml").write_text(bad, encoding="utf-8")
    _, problems = validate_catalog_file(tmp_path / "c.yaml")
    msgs = [p.message for p in problems]
    assert any(m.startswith("unknown unit '只鸡'") for m in msgs)
    assert "quote '退税时限' is not on line 2 of t.txt; it occurs nowhere in the text" in msgs


def test_validate_finds_quote_on_other_line(tmp_path: Path) -> None:
    bad = MINI.replace("source: {line: 2, quote: 出口退税时间}", "source: {line: 3, quote: 出口退税时间}")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "t.txt").write_text(MINI_SOURCE, encoding="utf-8")
    (tmp_path / "c.yaml").write_text(bad, encoding="utf-8")
    _, problems = validate_catalog_file(tmp_path / "c.yaml")
    assert [p.message for p in problems] == [
        "quote '出口退税时间' is not on line 3 of t.txt; it occurs on line 2"
    ]


def test_mini_validates_clean(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "t.txt").write_text(MINI_SOURCE, encoding="utf-8")
    (tmp_path / "c.yaml").write_text(MINI, encoding="utf-8")
    _, problems = validate_catalog_file(tmp_path / "c.yaml")
    assert problems == []
