"""Units and conversions used when reading actuals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from targets.catalog.units import convert, normalize_unit, parse_unit
from targets.errors import UnitError


@pytest.mark.parametrize(
    ("value", "src", "dst", "expected"),
    [
        ("12345", "万元", "亿元", "1.2345"),
        ("0.41", "亿美元", "万美元", "4100"),
        ("5", "万平方米", "平方米", "50000"),
        ("2", "公里", "km", "2"),
        ("1500", "米", "公里", "1.5"),
        ("3", "%", "%", "3"),
        ("1", "万亿元", "亿元", "10000"),
    ],
)
def test_convert_exact(value: str, src: str, dst: str, expected: str) -> None:
    assert convert(Decimal(value), src, dst) == Decimal(expected)


def test_currency_needs_a_rate() -> None:
    with pytest.raises(UnitError, match=r"give an exchange rate, e.g. --fx USD=7.10"):
        convert(Decimal(1), "亿元", "亿美元")
    assert convert(Decimal("7.1"), "亿元", "亿美元", {"USD": Decimal("7.1")}) == Decimal(1)


def test_incompatible_dimensions() -> None:
    with pytest.raises(UnitError, match="different dimensions"):
        convert(Decimal(1), "家", "亿元")


def test_normalise_printed_units() -> None:
    assert normalize_unit("km/km2") == "km/km**2"
    assert normalize_unit("km/km²") == "km/km**2"
    assert normalize_unit("％") == "%"
    assert str(parse_unit("km/km2")) == "1 / kilometer"


def test_a_record_with_line_breaks_in_a_cell_is_named_by_its_first_line() -> None:
    from targets.actuals.load import csv_rows

    text = 'indicator,year,note\na,2023,"one\ntwo"\nb,2024,"x\r\ny\nz"\nc,2025,\n'
    assert [line for line, _ in csv_rows(text)] == [1, 2, 4, 7]
