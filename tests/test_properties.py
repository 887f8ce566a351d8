"""Property tests: the readers fail only with their own error types, whatever the input.

Each property runs at most 200 examples with no deadline, so the module stays well under 30 s.
"""

from __future__ import annotations

import contextlib
import csv
import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from targets.actuals import parse_actuals
from targets.actuals.load import MAX_ABS, NumberError, Resolver, decode, parse_number
from targets.catalog import default_catalog_path, load_catalog, parse_catalog
from targets.catalog.yamlnodes import load_yaml
from targets.errors import ActualsError, CatalogError
from targets.models import Catalog

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,  # write nothing into the repository
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

CATALOG = load_catalog(default_catalog_path())
RESOLVER = Resolver(CATALOG)

# Characters that reach every branch of parse_number: digits (ASCII, full-width, Arabic-Indic),
# separators, signs (incl. U+2212, en dash, full-width minus), exponents, %, formula and error marks.
NUMBERISH = st.text(
    alphabet=st.sampled_from(
        [
            *"0123456789,.eE+-% =#!/NAaIinf",
            "１",
            "２",
            "０",
            "，",
            "．",
            "％",
            "－",
            "\u2212",
            "\u2013",
            "\u00a0",
            "٣",
            "—",
            "…",
            "缺",
            "无",
        ]
    ),
    max_size=30,
)

# ---- parse_number ------------------------------------------------------------------------------


@SETTINGS
@given(st.one_of(st.text(), NUMBERISH))
def test_parse_number_raises_only_number_error(text: str) -> None:
    try:
        value, percent = parse_number(text)
    except NumberError:
        return
    assert isinstance(percent, bool)
    if value is not None:
        assert isinstance(value, Decimal)
        assert value.is_finite()
        assert abs(value) <= MAX_ABS


SANE = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False, allow_infinity=False
)
FULL_WIDTH = str.maketrans("0123456789.,-%", "０１２３４５６７８９．，－％")


@SETTINGS
@given(SANE)
def test_parse_number_round_trips_plain(d: Decimal) -> None:
    text = format(d, "f")
    assert parse_number(text) == (d, False)
    assert parse_number(f"  {text} ") == (d, False)
    assert parse_number(text + "%") == (d, True)


@SETTINGS
@given(SANE)
def test_parse_number_round_trips_grouped(d: Decimal) -> None:
    grouped = format(d, ",f")  # 1234567.5 -> '1,234,567.5'
    assert parse_number(grouped) == (d, False)


@SETTINGS
@given(SANE)
def test_parse_number_round_trips_full_width(d: Decimal) -> None:
    assert parse_number(format(d, ",f").translate(FULL_WIDTH)) == (d, False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234,567.5", Decimal("1234567.5")),
        ("-1,234", Decimal("-1234")),
        ("１２３４", Decimal("1234")),
        ("\u22125", Decimal("-5")),
        ("3.1％", Decimal("3.1")),
        ("1e3", Decimal("1e3")),
    ],
)
def test_parse_number_examples(text: str, expected: Decimal) -> None:
    assert parse_number(text)[0] == expected


@pytest.mark.parametrize("text", ["1,2", "1,23", "12,34,567", "1,2345", ",123"])
def test_parse_number_rejects_ambiguous_commas(text: str) -> None:
    with pytest.raises(NumberError):
        parse_number(text)


# ---- decode ------------------------------------------------------------------------------------


@SETTINGS
@given(st.binary(max_size=2000))
def test_decode_raises_only_actuals_error(data: bytes) -> None:
    try:
        text = decode(data, "x.csv")
    except ActualsError as exc:
        assert exc.problems and all(p.file == "x.csv" for p in exc.problems)
        return
    assert isinstance(text, str)


@SETTINGS
@given(
    st.binary(max_size=500),
    st.sampled_from(
        [
            "utf-8",
            "gbk",
            "gb18030",
            "big5",
            "utf-16",
            "utf-16-le",
            "latin-1",
            "ascii",
            "shift_jis",
            "cp1252",
            "no-such-codec",
            "rot13",
            "base64",
        ]
    ),
)
def test_decode_with_encoding_raises_only_actuals_error(data: bytes, encoding: str) -> None:
    with contextlib.suppress(ActualsError):
        assert isinstance(decode(data, "x.csv", encoding), str)


@SETTINGS
@given(st.text(max_size=300).filter(lambda s: "\x00" not in s and not s.startswith("\ufeff")))
def test_decode_reads_back_utf8_text(text: str) -> None:
    assert decode(text.encode("utf-8"), "x.csv") == text


# ---- parse_actuals -----------------------------------------------------------------------------


def _parse_actuals(text: str) -> None:
    try:
        observations, warnings = parse_actuals(text, "x.csv", CATALOG, resolver=RESOLVER)
    except ActualsError as exc:
        assert exc.problems
        assert all(p.file == "x.csv" for p in exc.problems)
        assert any(p.severity == "error" for p in exc.problems)
        return
    assert all(w.severity == "warning" for w in warnings)
    for o in observations:
        assert o.value is None or o.value.is_finite()


@SETTINGS
@given(st.text(max_size=2000))
def test_parse_actuals_arbitrary_text(text: str) -> None:
    with contextlib.suppress(ActualsError):
        parse_actuals(text, "x.csv", CATALOG)


IDS = [
    "gx-open-14th.trade-total",
    "gx-open-14th.service-trade-total",
    "gx-open-14th.trading-enterprises",
    "yongchuan.rd-intensity",
    "gx-open-14th.export-tax-refund-time",
    "外贸进出口总额",
    "全社会研发投入强度",
]
UNITS = [
    "",
    "亿元",
    "万元",
    "元",
    "亿美元",
    "万美元",
    "美元",
    "%",
    "％",
    "‰",
    "家",
    "个",
    "工作日",
    "天",
    "个百分点",
    "km/km2",
    "斤",
    "1/0",
    "亿元/亿元",
    "%%",
    "degC",
    "m**-99",
    "亿**9",
    "10**9999",
]
CELL = st.one_of(
    st.sampled_from(
        [
            "",
            "-",
            "2023",
            "2023年",
            "3,200",
            "1e15",
            "1e16",
            "-0",
            "0",
            "0.03",
            "=A1",
            "#N/A",
            "1,2",
            "NaN",
            "１２３４",
            "3.1%",
            "\u22125",
            "1e-999999",
            "9" * 40,
        ]
    ),
    NUMBERISH,
    st.text(max_size=12),
)


@st.composite
def actuals_csv(draw: st.DrawFn) -> str:
    """A mostly well-formed actuals file: known header spellings, real ids, odd cells."""
    header = draw(st.permutations(["indicator", "年份", "value", "单位", "region", "note"]))
    header = header[: draw(st.integers(2, 6))]
    rows = [list(header)]
    for _ in range(draw(st.integers(0, 6))):
        row = []
        for col in header:
            if col == "indicator":
                row.append(draw(st.one_of(st.sampled_from(IDS), st.text(max_size=10))))
            elif col == "年份":
                row.append(draw(st.one_of(st.integers(1990, 2035).map(str), CELL)))
            elif col == "单位":
                row.append(draw(st.sampled_from(UNITS)))
            else:
                row.append(draw(CELL))
        rows.append(row)
    buf = io.StringIO()
    csv.writer(buf, lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"]))).writerows(rows)
    return buf.getvalue()


@SETTINGS
@given(actuals_csv())
def test_parse_actuals_structured(text: str) -> None:
    _parse_actuals(text)


# ---- load_yaml / parse_catalog -----------------------------------------------------------------


@SETTINGS
@given(st.text(max_size=1000))
def test_load_yaml_arbitrary_text(text: str) -> None:
    doc, problems = load_yaml(text, "c.yaml")
    assert doc is not None or problems


YAMLISH = st.text(alphabet=st.sampled_from(list("abc:-[]{}&*!<>|'\"#?,\n\t 019.e%@`~")), max_size=300)


@SETTINGS
@given(st.one_of(st.text(max_size=1000), YAMLISH))
def test_parse_catalog_arbitrary_text(text: str) -> None:
    try:
        catalog = parse_catalog(text, "c.yaml")
    except CatalogError as exc:
        assert exc.problems
        return
    assert isinstance(catalog, Catalog)


TEMPLATE = """version: {version}
plans:
  - id: mini
    title: 示例规划
    doc_number: null
    issuer: null
    date: "2021"
    scope: 示例区
    period: {{start: {start}, end: {end}}}
    base_year: 2020
    source: mini.txt
    targets:
      - id: mini.trade-total
        name: 外贸进出口总额
        unit: {unit}
        attribute: expected
        kind: {kind}
        comparator: {comparator}
        direction: {direction}
        tolerance: {tolerance}
        baseline: {{year: {byear}, value: {bvalue}}}
        target: {{year: {tyear}, value: {tvalue}}}
        source: {{line: {line}, quote: 外贸进出口总额达到3700亿元}}
"""
SCALAR = st.one_of(
    st.sampled_from(
        [
            "1",
            "2025",
            "3700",
            "010",
            "1e8",
            "-0",
            ".nan",
            ".inf",
            "~",
            "null",
            "yes",
            "true",
            "[]",
            "{}",
            "''",
            '"3700"',
            "ten",
            "1e300",
            "0x10",
            "1_000",
            "2021-01-01",
            "!!str 5",
            "!!python/none ''",
            "&a 1",
            "*a",
            "0.5",
        ]
    ),
    st.integers(-(10**6), 10**6).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
)


@SETTINGS
@given(
    st.fixed_dictionaries(
        {
            "version": SCALAR,
            "start": SCALAR,
            "end": SCALAR,
            "byear": SCALAR,
            "bvalue": SCALAR,
            "tyear": st.one_of(SCALAR, st.just("annual")),
            "tvalue": SCALAR,
            "line": SCALAR,
            "tolerance": SCALAR,
            "unit": st.sampled_from(["亿元", "'%'", "家", "斤", "null", "[]"]),
            "kind": st.sampled_from(
                [
                    "level",
                    "share",
                    "multiple",
                    "change_by",
                    "cum_sum",
                    "maintain",
                    "direction",
                    "range",
                    "avg_growth",
                    "rate",
                    "ratio",
                    "lvl",
                    "1",
                ]
            ),
            "comparator": st.sampled_from(["at_least", "at_most", "approx", "exact", "range", "x"]),
            "direction": st.sampled_from(["higher", "lower", "up"]),
        }
    )
)
def test_parse_catalog_mutated_fields(fields: dict[str, str]) -> None:
    text = TEMPLATE.format(**fields)
    try:
        parse_catalog(text, "c.yaml")
    except CatalogError as exc:
        assert exc.problems
        assert all(p.file == "c.yaml" for p in exc.problems)


@pytest.mark.parametrize("field", ["tyear", "start"])
def test_parse_catalog_huge_year(field: str) -> None:
    fields = {
        "version": "1",
        "start": "2021",
        "end": "2025",
        "byear": "2020",
        "bvalue": "2900",
        "tyear": "2025",
        "tvalue": "3700",
        "line": "2",
        "tolerance": "null",
        "unit": "亿元",
        "kind": "level",
        "comparator": "at_least",
        "direction": "higher",
    }
    fields[field] = "1e5000"
    with pytest.raises(CatalogError):
        parse_catalog(TEMPLATE.format(**fields), "c.yaml")


# ---- METHOD 3.0: no status depends on data after its target year -------------------------------

# Every target of the shipped catalog with a year (an annual target is judged on each year itself).
DATED = [(plan, t) for plan, t in CATALOG.iter_targets() if t.target.year != "annual"]
VALUES = st.one_of(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal(5000), places=2),
    st.sampled_from([Decimal(0), Decimal(-3), Decimal("2.5"), Decimal(100)]),
)
# What later data may change: the late achievement and the later value, shown as information only.
LATER_INFO = {"reached_in", "later_year", "later_value", "label", "notes", "file", "line"}


@SETTINGS
@given(
    st.integers(0, len(DATED) - 1),
    st.dictionaries(st.integers(-6, 0), VALUES, min_size=1, max_size=7),
    st.dictionaries(st.integers(1, 6), VALUES, min_size=1, max_size=6),
    st.integers(1, 6),
)
def test_no_status_depends_on_data_after_its_target_year(
    index: int, before: dict[int, Decimal], after: dict[int, Decimal], past: int
) -> None:
    """Any values after T, with the report year past T, leave the verdict and every quantity as
    they are. (A series with values only after T is left out: without any value it is no_data,
    with later values not_assessable for want of a value in T: METHOD 3.1 step 1 and 3.0.)"""
    from dataclasses import fields

    from targets.evaluate.maths import Thresholds
    from targets.evaluate.target import evaluate_target

    plan, t = DATED[index]
    assert isinstance(t.target.year, int)
    big_t = t.target.year
    report_year = big_t + past
    base: dict[int, Decimal | None] = {big_t + k: v for k, v in before.items()}
    more: dict[int, Decimal | None] = {**base, **{big_t + k: v for k, v in after.items() if k <= past}}
    th = Thresholds()
    alone = evaluate_target(plan, t, base, report_year, None, th)
    later = evaluate_target(plan, t, more, report_year, None, th)
    for f in fields(alone):
        if f.name not in LATER_INFO:
            assert getattr(alone, f.name) == getattr(later, f.name), (t.id, f.name)
    assert alone.time_elapsed is None or alone.time_elapsed <= 1
    if later.reached_in is not None:
        assert big_t < later.reached_in <= report_year
