"""The layout of a grid of cells, found without files: long, wide, two-row headers, titles and
notes, target columns; and units written in names, values and unit columns."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from targets.actuals.cellunits import agree, bare_name, looks_like_unit, name_unit, value_unit
from targets.actuals.headers import year_of
from targets.actuals.layout import LayoutError, Rows, Table, read_layout
from targets.actuals.load import parse_actuals
from targets.errors import ActualsError
from targets.models import Catalog


def grid(*rows: list[str]) -> Rows:
    return [(n, list(r)) for n, r in enumerate(rows, start=1)]


def where(line: int, col: int) -> str:
    return f"S!{chr(65 + col)}{line}"


def layout(rows: Rows, **options: object) -> Table:
    return read_layout(rows, where, **options)  # type: ignore[arg-type]


def long_rows(table: Table) -> list[tuple[int, list[str]]]:
    """The wide table's long rows without the cell references."""
    return [(n, r[:6]) for n, r in table.rows]


@pytest.mark.parametrize(
    ("cell", "year"),
    [
        ("2024", 2024),
        ("2024.0", 2024),
        ("2024年", 2024),
        ("2024年实际", 2024),
        ("2024年完成", 2024),
        ("２０２４年度", 2024),
        (" 2024 年 ", 2024),
        ("2025年目标", None),
        ("2024年计划", None),
        ("目标值", None),
        ("2024年比上年增长%", None),
        ("1800", None),
        ("年份", None),
    ],
)
def test_year_columns(cell: str, year: int | None) -> None:
    assert year_of(cell) == year


def test_long_table_as_it_was() -> None:
    rows = grid(["indicator", "year", "value"], ["a", "2023", "1"])
    table = layout(rows)
    assert (table.kind, table.header_line, table.header, table.rows) == ("long", 1, rows[0][1], rows[1:])
    assert table.notice == "long layout, header row 1"


def test_long_table_under_a_title_with_notes_below() -> None:
    rows = grid(
        ["重庆高新区2024年主要指标完成情况"],
        ["", ""],
        ["指标", "年份", "数值"],
        ["a", "2023", "1"],
        ["注：快报数。"],
        ["资料来源：统计局"],
    )
    table = layout(rows)
    assert (table.kind, table.header_line, table.rows) == ("long", 3, [(4, ["a", "2023", "1"])])
    assert table.notice == "long layout, header row 3; skipped title rows 1, notes 5-6"


def test_unit_line_above_a_long_table_fills_the_unit() -> None:
    table = layout(grid(["单位：亿元"], ["指标", "年份", "数值"], ["a", "2023", "1"]))
    assert table.header == ["指标", "年份", "数值", "unit"]
    assert table.rows == [(3, ["a", "2023", "1", "亿元"])]


def test_a_unit_line_that_names_no_unit_is_ignored() -> None:
    table = layout(grid(["单位：见表"], ["指标", "2023"], ["GDP", "3"]))
    assert table.rows[0][1][3] == ""


def test_a_signature_line_above_a_header_is_not_half_of_a_two_row_header() -> None:
    table = layout(
        grid(
            ["填报单位：高新区商务局", "", "单位：见表"],
            ["序号", "指标名称", "计量单位", "2023", "2024年1-12月", "2025年目标"],
            ["1", "GDP", "亿元", "100", "110", "130"],
        )
    )
    assert (table.header_line, [r[1] for _, r in table.rows]) == (2, ["2023", "2024"])


def test_unit_line_yields_to_a_unit_in_the_name_or_value() -> None:
    table = layout(
        grid(["单位：亿元"], ["指标", "2023"], ["GDP", "3"], ["企业数（家）", "7"], ["企业", "8家"])
    )
    assert [r[3] for _, r in table.rows] == ["亿元", "", ""]
    table = layout(
        grid(["单位：亿元"], ["指标", "年份", "数值"], ["GDP", "2023", "3"], ["占比", "2023", "5%"])
    )
    assert [r[3] for _, r in table.rows] == ["亿元", ""]


def test_notes_and_signature_lines_below_the_table_but_not_names_like_them() -> None:
    table = layout(
        grid(
            ["指标", "2023"],
            ["注册企业数", "7"],
            ["注：快报数"],
            ["单位负责人：张三", "", "填表人：李四", "报出日期：2024年1月20日"],
        )
    )
    assert [(n, r[0]) for n, r in table.rows] == [(2, "注册企业数")]
    assert table.notice.endswith("skipped notes 3-4")


def test_wide_table_with_every_year_spelling_and_optional_columns() -> None:
    table = layout(
        grid(
            ["地区", "指标名称", "计量单位", "2021", "2022.0", "2023年", "2024年实际", "2025年目标", "备注"],
            ["高新区", "GDP", "亿元", "1", "2", "3", "4", "9", "快报"],
        )
    )
    assert table.kind == "wide"
    assert long_rows(table) == [
        (2, ["GDP", str(year), value, "亿元", "高新区", "快报"])
        for year, value in ((2021, "1"), (2022, "2"), (2023, "3"), (2024, "4"))
    ]
    assert table.rows[0][1][6].split("\t") == ["S!B2", "S!D1", "S!D2", "S!C2"]  # where messages point
    assert table.notice == "wide layout (years 2021-2024), header row 1; not read as actuals: '2025年目标'"


@pytest.mark.parametrize("header", ["计划", "目标值", "2025年目标", "2024年计划", "规划目标"])
def test_target_and_plan_columns_are_never_actuals(header: str) -> None:
    table = layout(grid(["指标", "2023年", header], ["GDP", "3", "9"]))
    assert long_rows(table) == [(2, ["GDP", "2023", "3", "", "", ""])]


def test_empty_cells_are_not_observations_but_missing_marks_are() -> None:
    table = layout(grid(["指标", "2022", "2023"], ["GDP", "", "—"], ["一、经济发展", "", ""]))
    assert long_rows(table) == [(2, ["GDP", "2023", "—", "", "", ""])]


def test_two_row_header_reads_levels_never_growth() -> None:
    table = layout(
        grid(
            ["2023年主要指标"],
            ["指标", "单位", "2022年", "", "2023年", ""],
            ["", "", "绝对值", "比上年增长%", "绝对值", "比上年增长%"],
            ["GDP", "亿元", "100", "5", "110", "10.0"],
            ["出口", "亿元", "50", "", "40", "-20"],
        )
    )
    assert long_rows(table) == [
        (4, ["GDP", "2022", "100", "亿元", "", ""]),
        (4, ["GDP", "2023", "110", "亿元", "", ""]),
        (5, ["出口", "2022", "50", "亿元", "", ""]),
        (5, ["出口", "2023", "40", "亿元", "", ""]),
    ]
    assert table.warnings == []  # 100 -> 110 is 10%, 50 -> 40 is -20%: as reported
    assert table.notice.startswith("wide layout (two-row header, years 2022-2023), header row 2")


def test_growth_columns_in_a_one_row_header_are_checked_not_read() -> None:
    table = layout(grid(["指标", "2023年", "2024年", "2024年比上年增长(%)"], ["GDP", "100", "105", "5.0"]))
    assert [r[1] for _, r in table.rows] == ["2023", "2024"]
    assert table.warnings == []
    assert "not read as actuals: '2024年比上年增长(%)'" in table.notice


def test_average_growth_over_a_span_of_years_is_neither_level_nor_growth() -> None:
    table = layout(grid(["指标", "2021年", "2023年", "2021-2023年均增长%"], ["GDP", "100", "121", "10"]))
    assert [r[1] for _, r in table.rows] == ["2021", "2023"] and table.warnings == []


def test_reported_growth_that_disagrees_with_the_levels_is_a_warning() -> None:
    table = layout(
        grid(
            ["指标", "2022年", "", "2023年", ""],
            ["", "绝对值", "增速", "绝对值", "增速"],
            ["GDP", "100", "", "110", "15"],
        )
    )
    assert table.warnings == [
        (
            3,
            4,
            "reported growth 15% for 2023 differs from the 10.0% the levels give (100 -> 110); "
            "growth at comparable prices may differ from nominal levels",
        )
    ]


def test_sub_columns_other_than_levels_are_not_read() -> None:
    table = layout(
        grid(
            ["指标名称", "计量单位", "2024年", "", ""],
            ["", "", "目标", "完成", "完成率"],
            ["GDP", "亿元", "120", "110", "91.7"],
        )
    )
    assert long_rows(table) == [(3, ["GDP", "2024", "110", "亿元", "", ""])]


def test_two_row_header_with_the_corner_split_over_both_rows() -> None:
    table = layout(
        grid(
            ["主要经济指标"],
            ["指标", "", "2023年", ""],
            ["名称", "单位", "绝对值", "增长%"],
            ["GDP", "亿元", "110", "10"],
        )
    )
    assert long_rows(table) == [(4, ["GDP", "2023", "110", "亿元", "", ""])]


def test_group_row_above_the_years_marks_target_columns() -> None:
    table = layout(
        grid(["指标", "实际完成", "", "目标"], ["", "2023", "2024", "2025"], ["GDP", "3", "4", "9"])
    )
    assert [r[1] for _, r in table.rows] == ["2023", "2024"]


def test_header_row_option_and_layout_option() -> None:
    rows = grid(["说明：本表 2024 年口径"], ["指标", "2023", "2024"], ["GDP", "3", "4"])
    assert layout(rows, header_row=2, layout="wide").header_line == 2
    with pytest.raises(LayoutError) as info:
        layout(rows, header_row=3)
    assert info.value.message.startswith("row 3 is not a header: expected indicator, year and value columns")
    with pytest.raises(LayoutError) as info:
        layout(rows, layout="long")
    assert (
        "name the header with --header-row N (and the layout with --layout long|wide)" in info.value.message
    )
    with pytest.raises(LayoutError) as info:
        layout(rows, header_row=9)
    assert info.value.message == "--header-row 9: that row is blank or beyond the table"


def test_a_header_with_a_year_column_is_long_even_beside_a_year_column() -> None:
    table = layout(grid(["指标", "年份", "数值", "2024"], ["GDP", "2024", "1", "1"]))
    assert (table.kind, table.rows) == ("long", [(2, ["GDP", "2024", "1", "1"])])


def test_two_columns_for_one_year_are_refused() -> None:
    with pytest.raises(LayoutError) as info:
        layout(grid(["指标", "2024年", "2024年实际"], ["GDP", "1", "2"]))
    assert (info.value.line, info.value.column) == (1, 2)
    assert "two columns for 2024 ('2024年' and '2024年实际')" in info.value.message


def test_a_data_row_with_a_year_is_not_a_wide_header() -> None:
    with pytest.raises(LayoutError) as info:
        layout(grid(["indicator", "year", "unit"], ["gx.a", "2023", "亿元"]))
    assert info.value.message.startswith("missing column(s): value (value/数值/值)")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(["", "指标", "2024", "2024年", "增长%", "绝对值", "x", "1", "注：", "年份"]),
            max_size=5,
        ),
        max_size=6,
    )
)
def test_any_grid_gives_a_table_or_our_error(cells: list[list[str]]) -> None:
    try:
        table = layout(grid(*cells))
    except LayoutError:
        return
    assert table.kind in ("long", "wide")


# ---------------------------------------------------------------- units


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("外贸进出口总额（亿元）", ("外贸进出口总额", "亿元")),
        ("轨道通车里程(公里)", ("轨道通车里程", "公里")),
        ("道路网密度（km/km²）", ("道路网密度", "km/km2")),
        ("城镇化率（常住人口）", None),
        ("外贸进出口总额", None),
    ],
)
def test_unit_after_a_name(text: str, split: tuple[str, str] | None) -> None:
    assert name_unit(text) == split


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("295家", ("295", "家")),
        ("3,350亿元", ("3,350", "亿元")),
        ("12.5 万人", ("12.5", "万人")),
        ("5.5%", None),
        ("abc", None),
        ("3 apples", None),
    ],
)
def test_unit_in_a_value(text: str, split: tuple[str, str] | None) -> None:
    assert value_unit(text) == split


@pytest.mark.parametrize(
    "text",
    [
        "1.外贸进出口总额",
        "（一）外贸进出口总额",
        "一、外贸进出口总额",
        "其中：外贸进出口总额",
        "12、外贸进出口总额",
    ],
)
def test_numbering_before_a_name(text: str) -> None:
    assert bare_name(text) == "外贸进出口总额"
    assert bare_name("5G基站数") == "5G基站数" and bare_name("2035年远景") == "2035年远景"


def test_numbered_names_with_units_resolve(mini: Catalog) -> None:
    text = "指标,年份,数值\n1.外贸进出口总额（亿元）,2023,3200\n其中：出口退税时间,2023,3.5\n"
    store, problems = parse_actuals(text, "n.csv", mini)
    assert problems == []
    assert store.group(("t.trade", None)) == {2023: Decimal(3200)}
    assert store.group(("t.refund", None)) == {2023: Decimal("3.5")}


def test_units_must_agree() -> None:
    assert agree([("the unit column", ""), ("the name", "亿元"), ("the value", "")]) == ("亿元", None)
    assert agree([("the unit column", "亿元"), ("the name", "亿元")]) == ("亿元", None)
    assert agree([("the unit column", "工作日"), ("the value", "个工作日")]) == ("工作日", None)
    assert agree([("the unit column", "公里"), ("the name", "km")]) == ("公里", None)
    assert agree([("the unit column", "万元"), ("the value", "亿元")]) == (
        "",
        "the unit '万元' in the unit column and '亿元' in the value disagree",
    )
    assert looks_like_unit("万平方米") and looks_like_unit("%") and not looks_like_unit("常住人口")


def test_units_in_names_values_and_columns_convert(mini: Catalog) -> None:
    text = (
        "指标,年份,数值,单位\n"
        't.trade,2021,"31,000,000万元",\n'  # in the value: 万元 -> 亿元
        "外贸进出口总额（万元）,2022,32000000,\n"  # in the name
        "t.trade,2023,3300,亿元\n"
    )
    store, problems = parse_actuals(text, "u.csv", mini)
    assert problems == []
    assert store.group(("t.trade", None)) == {
        2021: Decimal("3100"),
        2022: Decimal("3200"),
        2023: Decimal("3300"),
    }


def test_unit_conflicts_name_both_places(mini: Catalog) -> None:
    text = "指标,年份,数值,单位\n外贸进出口总额（亿元）,2023,3200万元,\n"
    with pytest.raises(ActualsError) as info:
        parse_actuals(text, "u.csv", mini)
    assert str(info.value) == "u.csv:2: value: the unit '亿元' in the name and '万元' in the value disagree"


def test_a_year_saved_as_2024_point_0_in_a_long_csv(mini: Catalog) -> None:
    store, problems = parse_actuals("indicator,year,value\nt.trade,2023.0,3200\n", "y.csv", mini)
    assert problems == [] and store.group(("t.trade", None)) == {2023: Decimal(3200)}
