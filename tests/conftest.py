"""Shared fixtures: a small catalog written for the tests, independent of the shipped one."""

from __future__ import annotations

import os
import tempfile
from decimal import Decimal

import pytest

from targets.catalog import parse_catalog
from targets.models import Catalog, Observation

# Catalogs validated during the tests are cached here, never in the user's ~/.cache.
os.environ.setdefault("TARGETS_CACHE_DIR", tempfile.mkdtemp(prefix="targets-test-cache-"))

MINI = """\
version: 1
plans:
  - id: t
    title: 测试规划
    doc_number: null
    issuer: null
    date: null
    scope: 测试区
    period: {start: 2021, end: 2025}
    base_year: 2020
    source: t.txt
    targets:
      - id: t.trade
        name: 外贸进出口总额
        unit: 亿元
        attribute: expected
        kind: level
        comparator: at_least
        direction: higher
        baseline: {year: 2020, value: 2900}
        target: {year: 2025, value: 3700}
        source: {line: 1, quote: 外贸进出口总额}
      - id: t.refund
        name: 出口退税时间
        unit: 工作日
        attribute: expected
        kind: level
        comparator: at_most
        direction: lower
        baseline: {year: 2020, value: 4}
        target: {year: 2025, value: 3}
        source: {line: 2, quote: 出口退税时间}
      - id: t.fdi
        name: 实际利用外资
        unit: 亿美元
        attribute: expected
        kind: cum_sum
        comparator: at_least
        direction: higher
        previous_period: {years: 2016-2020, value: 7.76}
        target: {year: 2025, value: 45}
        cumulative: {start: 2021, end: 2025}
        source: {line: 3, quote: 实际利用外资}
      - id: t.expo
        name: 举办国际大型展会次数
        unit: 次
        attribute: expected
        kind: level
        comparator: at_least
        direction: higher
        baseline: {year: 2020, value: 0}
        target: {year: 2025, value: 1}
        source: {line: 4, quote: 举办国际大型展会次数}
      - id: t.double
        name: 高新技术企业数
        unit: 家
        attribute: unstated
        kind: multiple
        comparator: at_least
        direction: higher
        target: {year: 2025, factor: 2}
        source: {line: 5, quote: 倍增}
      - id: t.rd
        name: 研发投入强度
        unit: "%"
        attribute: binding
        kind: share
        comparator: at_least
        direction: higher
        baseline: {year: 2020, value: 2}
        target: {year: 2025, value: 3}
        source: {line: 6, quote: 研发投入强度}
      - id: t.keep
        name: 研发投入强度保持
        series: t.rd
        unit: "%"
        attribute: unstated
        kind: maintain
        comparator: at_least
        direction: higher
        target: {year: 2025, value: 2}
        source: {line: 6, quote: 稳定在}
      - id: t.up
        name: 服务业贡献率
        unit: "%"
        attribute: unstated
        kind: direction
        comparator: at_least
        direction: higher
        target: {year: 2025}
        source: {line: 7, quote: 显著提升}
      - id: t.cut
        name: 通关成本
        unit: 元
        attribute: unstated
        kind: change_by
        comparator: at_most
        direction: lower
        target: {year: 2025, change_pct: -20}
        source: {line: 8, quote: 下降20%以上}
      - id: t.approx
        name: 实际使用外资
        unit: 万美元
        attribute: unstated
        kind: level
        comparator: approx
        direction: higher
        target: {year: 2025, value: 5000}
        source: {line: 9, quote: 5000万美元左右}
"""
MINI_SOURCE = (
    "\n".join(
        [
            "外贸进出口总额",
            "出口退税时间",
            "实际利用外资",
            "举办国际大型展会次数",
            "高新技术企业数倍增",
            "研发投入强度稳定在",
            "服务业贡献率显著提升",
            "通关成本下降20%以上",
            "实际使用外资5000万美元左右",
        ]
    )
    + "\n"
)


@pytest.fixture(scope="session")
def mini() -> Catalog:
    return parse_catalog(MINI, "mini.yaml")


def obs(series: str, values: dict[int, object], region: str | None = None) -> list[Observation]:
    return [
        Observation(series=series, year=y, value=None if v is None else Decimal(str(v)), region=region)
        for y, v in values.items()
    ]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/* from the current output instead of comparing with it.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
