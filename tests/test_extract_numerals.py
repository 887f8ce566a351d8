"""Numbers as plans print them, and the time phrases around them: Chinese numerals, full-width
digits, magnitudes and units; 到2025年, 到“十四五”末, 2023年内, 每年, 较2017年; the plan period."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from targets.catalog.units import parse_unit
from targets.extract.numerals import find_quantities, normalize, parse_chinese
from targets.extract.scope import detect_period, time_phrases
from targets.extract.unit_words import KNOWN_UNITS


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百二十", 120),
        ("百", 100),
        ("千", 1000),
        ("万", 10_000),
        ("两万", 20_000),
        ("十万", 100_000),
        ("千万", 10**7),
        ("三万五千", 35_000),
        ("亿", 10**8),
        ("千亿", 10**11),
        ("万亿", 10**12),
    ],
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert parse_chinese(text) == value


@pytest.mark.parametrize("text", ["十四五", "一二", "", "百千", "年"])
def test_not_numerals(text: str) -> None:
    assert parse_chinese(text) is None


def quantities(text: str) -> list[tuple[object, ...]]:
    return [(q.value, q.high, q.unit) for q in find_quantities(normalize(text).text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("达到１２００家", [(1200, None, "家")]),
        ("达到２．５％", [(Decimal("2.5"), None, "%")]),
        ("5000万美元左右", [(5000, None, "万美元")]),
        ("82亿元人民币以上", [(82, None, "亿元")]),
        (
            "新增2—3个，1-2次，5~8个，2至3所，2―3个",
            [(2, 3, "个"), (1, 2, "次"), (5, 8, "个"), (2, 3, "所"), (2, 3, "个")],
        ),
        (
            "两千亿元、五万名、万名、百名",
            [(2000, None, "亿元"), (5, None, "万名"), (10_000, None, "名"), (100, None, "名")],
        ),
        ("5.1万pcu/h增至8万pcu/h", [(Decimal("5.1"), None, "万pcu/h"), (8, None, "万pcu/h")]),
        ("密度0.85km/km²，1,034亿元", [(Decimal("0.85"), None, "km/km2"), (1034, None, "亿元")]),
        ("5个工作日，提高2个百分点", [(5, None, "工作日"), (2, None, "个百分点")]),
    ],
)
def test_quantities(text: str, expected: list[tuple[object, ...]]) -> None:
    assert quantities(text) == expected


@pytest.mark.parametrize(
    "text", ["C4线", "5G基站", "3D打印", "2025年", "15号线", "第一批", "12吋", "0.5GeV光源"]
)
def test_identifiers_years_and_labels_are_not_quantities(text: str) -> None:
    assert [q for q in find_quantities(normalize(text).text) if not q.chinese or q.value != 1] == []


def test_brackets_ratios_and_counts_of_a_list() -> None:
    (total,) = find_quantities(normalize("[45]").text)
    assert (total.value, total.bracketed) == (45, True)
    (ratio,) = find_quantities(normalize("控制在2.2∶1以内").text)
    assert (ratio.value, ratio.ratio) == (Decimal("2.2"), True)
    (listed,) = find_quantities(normalize("4大板块").text)
    assert (listed.value, listed.unit, listed.label_count) == (4, "个", True)


def test_normalised_positions_map_back_to_the_printed_line() -> None:
    norm = normalize("研发投入强度达到２．５％，较２０２０年")
    (q,) = find_quantities(norm.text)
    assert norm.orig(q.start, q.end) == "２．５％"


def test_every_unit_extract_knows_is_in_the_unit_registry() -> None:
    for unit in sorted(KNOWN_UNITS):
        parse_unit(unit)  # raises UnitError for an unknown unit


@given(st.text(max_size=60))
def test_finding_numbers_never_raises(text: str) -> None:
    for q in find_quantities(normalize(text).text):
        assert q.start < q.end


@given(st.text(alphabet="零〇一二两三四五六七八九十百千万亿", max_size=8))
def test_chinese_parser_never_raises(text: str) -> None:
    value = parse_chinese(text)
    assert value is None or value >= 0


@pytest.mark.parametrize(
    ("text", "kind", "year"),
    [
        ("到2025年，", "deadline", 2025),
        ("到2022年末，", "deadline", 2022),
        ("到“十四五”末，", "deadline", 2025),
        ('到"十五五"末，', "deadline", 2030),
        ("2023年内完成", "by", 2023),
        ("2025年前完工", "by", 2025),
        ("2024年底前建成", "by", 2024),
        ("每年发布", "annual", None),
        ("较2017年下降", "base", 2017),
        ("在2010年基础上翻两番", "base", 2010),
        ("2020年，全区", "year", 2020),
    ],
)
def test_time_phrases(text: str, kind: str, year: int | None) -> None:
    (phrase,) = time_phrases(normalize(text).text)
    assert (phrase.kind, phrase.year) == (kind, year)


def test_five_years_is_a_span() -> None:
    (phrase,) = time_phrases("五年发布5万个")
    assert (phrase.kind, phrase.span) == ("span", None)


@pytest.mark.parametrize(
    ("lines", "title", "expected"),
    [
        (["……"], "示例市产业发展行动计划（2023—2027年）", (2023, 2027)),
        (["……"], "示例县“十四五”交通规划", (2021, 2025)),
        (["到2025年，…", "到2025年，…", "到2022年末，…"], None, (2021, 2025)),
        (["到2020年，…", "到2020年，…"], None, (2016, 2020)),
        (["“十四五”期间，…", "到2025年，…"], None, (2021, 2025)),
        (["没有年份。"], None, None),
    ],
)
def test_plan_period(lines: list[str], title: str | None, expected: tuple[int, int] | None) -> None:
    period = detect_period(lines, title)
    assert (period and (period.start, period.end)) == expected
