"""The unit registry knows the units plans print, and speaks its own words when it does not."""

from __future__ import annotations

from decimal import Decimal

import pytest

from targets.catalog.units import convert, parse_unit
from targets.errors import UnitError


@pytest.mark.parametrize(
    "unit",
    [
        "岁",
        "年",
        "人年",
        "立方米",
        "万立方米",
        "微克/立方米",
        "毫克/升",
        "亿",
        "万",
        "分",
        "公顷",
        "吨标准煤/万元",
        "万吨标准煤",
        "万千瓦",
        "兆瓦",
        "指数点",
        "元/人",
        "个/万人",
        "亿元",
        "km/km2",
    ],
)
def test_units_plans_print_are_known(unit: str) -> None:
    parse_unit(unit)


@pytest.mark.parametrize(
    ("value", "src", "dst", "expected"),
    [
        ("1.5", "万千瓦", "千瓦", "15000"),
        ("3", "亿", "万", "30000"),  # 用户规模达到3亿 against a form in 万
        ("2", "公顷", "平方米", "20000"),
        ("0.5", "万立方米", "立方米", "5000"),
        ("35", "微克/立方米", "毫克/立方米", "0.035"),
    ],
)
def test_conversions_are_exact(value: str, src: str, dst: str, expected: str) -> None:
    assert convert(Decimal(value), src, dst) == Decimal(expected)


def test_an_unknown_unit_names_itself_not_the_library() -> None:
    with pytest.raises(UnitError) as info:
        parse_unit("斤两")
    message = str(info.value)
    assert "unknown unit '斤两'" in message
    assert "Error" not in message and "pint" not in message


def test_years_and_counts_do_not_mix() -> None:
    with pytest.raises(UnitError):
        convert(Decimal(1), "岁", "人")
