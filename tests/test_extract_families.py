"""Every phrase family `targets extract` reads, on plan-style sentences written for these tests
(none of them is in the five source plans), so the rules are shown to hold on unseen text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from targets.extract import Entry, extract

PERIOD = (2021, 2025)


def draft(text: str, period: tuple[int, int] | None = PERIOD) -> list[Entry]:
    return extract(text, "t", "t.txt", period).entries


def key(e: Entry) -> tuple[object, ...]:
    """(kind, comparator, direction, year, number, unit) of an entry."""
    return (e.kind, e.comparator, e.direction, e.year, e.key_value, e.unit)


def one(text: str) -> Entry:
    entries = draft(text)
    assert len(entries) == 1, [(e.name, e.key_value) for e in entries]
    return entries[0]


D = Decimal


# -- scope: 到2025年, 到“十四五”末, 2023年内, 每年, and their reach -----------------------------
def test_deadline_reaches_the_sentences_that_follow() -> None:
    entries = draft("到2024年，全市软件业务收入突破800亿元。培育国家级专精特新企业20家。")
    assert [(e.year, e.key_value, e.year_from) for e in entries] == [
        (2024, D(800), "text"),
        (2024, D(20), "text"),
    ]
    assert all("target.year" not in e.review for e in entries)


@pytest.mark.parametrize(
    "text",
    ["到“十四五”末，城镇新增就业不少于6万人。", '到"十四五"末，城镇新增就业不少于6万人。'],
)
def test_end_of_a_five_year_plan(text: str) -> None:
    e = one(text)
    assert key(e) == ("level", "at_least", "higher", 2025, D(6), "万人")
    assert e.name == "城镇新增就业"


def test_within_a_year_and_every_year() -> None:
    within, yearly = draft("2023年内，建成充电桩1000个。每年新增市场主体1万户以上。")
    assert (within.year, within.key_value, within.unit) == (2023, D(1000), "个")
    assert key(yearly) == ("level", "at_least", "higher", "annual", D(1), "万户")


def test_an_undated_target_gets_the_period_end_and_a_review_mark() -> None:
    e = one("推动建设市级以上孵化器5个以上。")
    assert e.year == 2025 and "target.year" in e.review


def test_a_target_section_lead_year_reaches_its_paragraphs() -> None:
    text = (
        "第二章 主要目标\n到2024年，全县开放型经济水平显著提升。\n外贸进出口总额达到60亿元。\n"
        "第三章 主要任务\n新建标准厂房10万平方米。\n"
    )
    first, second = draft(text, (2022, 2026))
    assert (first.line, first.year, "target.year" in first.review) == (3, 2024, False)
    assert (second.line, second.year, "target.year" in second.review) == (5, 2026, True)


# -- comparators -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("到2025年，规模以上工业企业达到1200家。", ("level", "exact", "higher", 2025, D(1200), "家")),
        ("到2025年，农村自来水普及率达95%。", ("share", "exact", "higher", 2025, D(95), "%")),
        ("到2025年，引进培育总部企业30家以上。", ("level", "at_least", "higher", 2025, D(30), "家")),
        ("到2025年，城市生活污水集中收集率不低于70%。", ("share", "at_least", "higher", 2025, D(70), "%")),
        ("到2025年，高新技术企业数量超过500家。", ("level", "at_least", "higher", 2025, D(500), "家")),
        ("到2025年，软件业务收入突破100亿元。", ("level", "at_least", "higher", 2025, D(100), "亿元")),
        ("到2025年，每年开展技能培训不少于10场。", ("level", "at_least", "higher", "annual", D(10), "场")),
        ("到2025年，常住人口城镇化率达到72%左右。", ("share", "approx", "higher", 2025, D(72), "%")),
        ("到2025年，城镇调查失业率控制在5.5%以内。", ("share", "at_most", "lower", 2025, D("5.5"), "%")),
        (
            "到2025年，一般工业固体废物产生量不超过500万吨。",
            ("level", "at_most", "lower", 2025, D(500), "万吨"),
        ),
        ("到2025年，新增建设用地控制在800亩。", ("level", "at_most", "lower", 2025, D(800), "亩")),
        ("到2025年，实际利用外资达到3亿美元左右。", ("level", "approx", "higher", 2025, D(3), "亿美元")),
    ],
)
def test_comparators(text: str, expected: tuple[object, ...]) -> None:
    e = one(text)
    assert key(e) == expected
    assert e.pattern in ("level-comparator", "share")


# -- ranges ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("到2025年，新建产业园区2—3个。", 2, 3, "个"),
        ("每年举办招商推介会1-2次。", 1, 2, "次"),
        ("到2025年，打造5~8个特色小镇。", 5, 8, "个"),
        ("到2025年，建设2至3个创新联合体。", 2, 3, "个"),
    ],
)
def test_ranges(text: str, low: int, high: int, unit: str) -> None:
    e = one(text)
    assert (e.kind, e.comparator, e.value, e.value_high, e.unit) == ("range", "range", low, high, unit)


# -- multiples -------------------------------------------------------------------------------
def test_multiples() -> None:
    text = (
        "全区工业总产值实现倍增。农业总产值翻一番。"
        "到2030年，地区生产总值比2020年翻两番。规上工业企业和高新技术企业数量实现双倍增。"
    )
    entries = draft(text, (2021, 2030))
    assert [(e.name, e.factor, e.base_year) for e in entries] == [
        ("工业总产值", 2, 2020),
        ("农业总产值", 2, 2020),
        ("地区生产总值", 4, 2020),
        ("规上工业企业数量", 2, 2020),
        ("高新技术企业数量", 2, 2020),
    ]
    assert all(e.kind == "multiple" and e.pattern == "multiple" for e in entries)
    assert "target.base_year" in entries[0].review and "target.base_year" not in entries[2].review


def test_several_subjects_each_doubling() -> None:
    entries = draft("到2025年，港口集装箱吞吐量、货物周转量均实现倍增。")
    assert [e.name for e in entries] == ["港口集装箱吞吐量", "货物周转量"]


# -- changes ---------------------------------------------------------------------------------
def test_changes() -> None:
    up, down, based = draft(
        "到2025年，主要农作物综合机械化率提升12%，单位GDP二氧化碳排放下降18%以上，"
        "单位地区生产总值能耗较2017年下降10%。"
    )
    assert (up.kind, up.change_pct, up.direction) == ("change_by", 12, "higher")
    assert (down.kind, down.change_pct, down.comparator, down.direction) == (
        "change_by",
        -18,
        "at_most",
        "lower",
    )
    assert (based.change_pct, based.base_year, based.name) == (-10, 2017, "单位地区生产总值能耗")


def test_a_base_year_stated_in_its_own_clause() -> None:
    e = one("到2025年，以2020年为基期，单位GDP能耗下降13.5%。")
    assert (e.kind, e.change_pct, e.base_year) == ("change_by", D("-13.5"), 2020)


def test_from_one_level_to_another() -> None:
    e = one("到2025年，港口吞吐能力由3000万吨增至5000万吨。")
    assert (e.kind, e.value, e.baseline, e.unit, e.pattern) == (
        "level",
        5000,
        (2020, 3000),
        "万吨",
        "from-to",
    )
    assert "baseline.year" in e.review


def test_a_stated_change_stays_with_its_from_to_level() -> None:
    e = one("到2025年，主干道通行能力提升25%，由4万pcu/h增至5万pcu/h。")
    assert (e.value, e.change_pct, e.baseline, e.name) == (5, 25, (2020, 4), "主干道通行能力")


def test_from_to_downwards() -> None:
    e = one("到2025年，货物平均通关时间由5天缩短到3天。")
    assert (e.value, e.direction, e.baseline) == (3, "lower", (2020, 5))


# -- average growth, yearly rates ------------------------------------------------------------
def test_average_growth() -> None:
    above, about = draft("“十四五”时期，地区生产总值年均增长6.5%以上，社会消费品零售总额年均增长8%左右。")
    assert (above.kind, above.growth_pct, above.comparator, above.name) == (
        "avg_growth",
        D("6.5"),
        "at_least",
        "地区生产总值",
    )
    assert (about.growth_pct, about.comparator) == (8, "approx")


def test_a_yearly_rate() -> None:
    e = one("每年规模以上工业增加值增长7%左右。")
    assert key(e) == ("rate", "approx", "higher", "annual", D(7), "%")


# -- maintain, direction, ratio --------------------------------------------------------------
def test_maintain() -> None:
    floor, area = draft("研发经费投入强度保持在3.5%以上，粮食播种面积稳定在100万亩以上。")
    assert key(floor) == ("maintain", "at_least", "higher", 2025, D("3.5"), "%")
    assert (area.kind, area.value, area.unit) == ("maintain", 100, "万亩")


def test_direction_on_measurable_indicators_only() -> None:
    entries = draft(
        "稳步提升居民人均可支配收入。显著提高规上工业企业研发机构覆盖率。"
        "持续提升城市治理水平。逐步提升外贸和内贸占比。"
    )
    assert [(e.name, e.kind, e.unit) for e in entries] == [
        ("居民人均可支配收入", "direction", None),
        ("规上工业企业研发机构覆盖率", "direction", "%"),
        ("外贸占比", "direction", "%"),
        ("内贸占比", "direction", "%"),
    ]


def test_ratios() -> None:
    within, narrowed = draft("到2025年，城乡居民收入比控制在2.2∶1以内，城乡收入倍差缩小到1.8:1。")
    assert key(within) == ("ratio", "at_most", "lower", 2025, D("2.2"), None)
    assert (narrowed.value, narrowed.direction, narrowed.name) == (D("1.8"), "lower", "城乡收入倍差")


# -- cumulative ------------------------------------------------------------------------------
def test_cumulative_totals() -> None:
    entries = draft("累计新增城镇就业5万人，五年累计完成固定资产投资3000亿元，五年发布就业岗位2万个以上。")
    assert [(e.kind, e.value, e.unit, e.cumulative) for e in entries] == [
        ("cum_sum", 5, "万人", (2021, 2025)),
        ("cum_sum", 3000, "亿元", (2021, 2025)),
        ("cum_sum", 2, "万个", (2021, 2025)),
    ]
    assert all("cumulative" in e.review for e in entries)


# -- compound sentences ----------------------------------------------------------------------
def test_respectively_splits_subjects_and_values() -> None:
    town, village = draft("到2025年，城镇和农村居民人均可支配收入分别达到6万元、3万元。")
    assert (town.name, town.value) == ("城镇居民人均可支配收入", 6)
    assert (village.name, village.value) == ("农村居民人均可支配收入", 3)
    a, b = draft("到2025年，力争工业、服务业增加值占GDP比重分别达到35%、55%。")
    assert (a.name, a.value, b.name, b.value) == ("工业增加值占GDP比重", 35, "服务业增加值占GDP比重", 55)
    assert a.pattern == b.pattern == "compound/share"


def test_totals_respectively_after_a_doubling() -> None:
    entries = draft("到2025年，规上企业和专精特新企业实现双倍增、总量分别超过800家和200家。")
    assert [(e.kind, e.name, e.key_value, e.comparator) for e in entries] == [
        ("multiple", "规上企业", 2, "at_least"),
        ("multiple", "专精特新企业", 2, "at_least"),
        ("level", "规上企业总量", 800, "at_least"),
        ("level", "专精特新企业总量", 200, "at_least"),
    ]


def test_a_list_continues_after_its_first_target() -> None:
    entries = draft("到2025年，争取建成省级重点实验室3个，储备项目10个，新型研发机构5家。")
    assert [(e.key_value, e.pattern) for e in entries] == [
        (3, "count-verb"),
        (10, "count-verb"),
        (5, "continuation"),
    ]
    assert entries[2].name == "新型研发机构"
    assert all(e.aspirational for e in entries)


def test_counts_named_by_a_verb_and_a_noun() -> None:
    entries = draft("到2025年，新建及改扩建学校8所，新建3个口袋公园，实现各乡镇15分钟就医圈。")
    assert [(e.name, e.value, e.unit) for e in entries] == [
        ("新建及改扩建学校", 8, "所"),
        ("新建口袋公园", 3, "个"),
        ("各乡镇就医圈", 15, "分钟"),
    ]
    assert (entries[2].pattern, entries[2].comparator, entries[2].direction) == (
        "duration",
        "at_most",
        "lower",
    )


# -- Chinese numerals, magnitudes, full-width digits -----------------------------------------
def test_chinese_numerals_and_magnitudes() -> None:
    entries = draft(
        "到2025年，新建两个国家级孵化器，培育十家龙头企业，引进百名博士、千名工程师、万名技能人才，"
        "全区生产总值突破两千亿元，打造千亿级产业集群，建成三个千亿级产业园区。"
    )
    assert [(e.value, e.unit) for e in entries] == [
        (2, "个"),
        (10, "家"),
        (100, "名"),
        (1000, "名"),
        (10000, "名"),
        (2000, "亿元"),
        (3, "个"),
    ]
    assert entries[-1].name == "建成千亿级产业园区"  # 千亿级 is a label, never a number


def test_full_width_digits() -> None:
    gdp, rd = draft("到２０２５年，地区生产总值达到１０００亿元，研发投入强度达到２．５％。")
    assert key(gdp) == ("level", "exact", "higher", 2025, D(1000), "亿元")
    assert key(rd) == ("share", "exact", "higher", 2025, D("2.5"), "%")
    assert gdp.quote == "地区生产总值达到１０００亿元"  # the quote stays as printed


def test_small_chinese_numerals_without_a_deadline_name_things() -> None:
    assert draft("推动建设两个市场，统筹两种资源。加快建设四大中心。") == []


# -- statements it cannot type ---------------------------------------------------------------
def test_percentage_points_are_a_pp_change() -> None:
    e = one("到2025年，数字经济增加值占比提高3个百分点。")
    assert (e.kind, e.change_pp, e.value, e.unit, e.comparator) == ("pp_change", 3, None, "%", "exact")


def test_a_unit_outside_the_registry_is_kept_for_review() -> None:
    e = one("到2025年，PM2.5平均浓度控制在30微克/立方米以内。")  # the registry reads this one
    assert key(e) == ("level", "at_most", "lower", 2025, D(30), "微克/立方米")
    assert "unit" not in e.review
    e = one("到2025年，孕产妇死亡率控制在10/10万以下。")  # and not this one
    assert "unit" in e.review


# -- what is not a target --------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "2020年，全区地区生产总值达到800亿元。",  # a past year
        "全区已建成国家级平台12个。",  # a fact
        "实施“三个一百”工程，制定“人才十条”。",  # labels in quotes
        "推进第3批项目建设，加快5G网络建设，引进世界500强企业。",  # ordinals, names, labels
        "对年营业收入首次突破1亿元的企业给予奖励。",  # a condition
        "年销售额500万元以上的企业，奖励10万元。",  # a condition and what it earns
        "在120平方公里范围内布局产业园区。",  # a place
        "实施《示例市生态环境保护规划（2021—2025年）》。",  # a title
        "每万人口发明专利拥有量是重要指标。",  # a per-unit
        "实现7×24小时服务，实行1:1配套。",  # a service span, a matching ratio
        "示府办发〔2022〕8号，2022年3月1日印发。",  # a document number and a date
    ],
)
def test_not_targets(text: str) -> None:
    assert draft(text) == []


def test_background_sections_are_facts() -> None:
    text = (
        "第一章 发展基础\n全县数字经济规模达到120亿元，建成5G基站800个。\n"
        "第二章 发展目标\n到2025年，数字经济规模达到300亿元。\n"
    )
    assert [(e.line, e.value) for e in draft(text)] == [(4, 300)]


# -- every named rule, on its own ------------------------------------------------------------
RULE_EXAMPLES = {
    "level-comparator": "到2025年，规模以上工业企业达到1200家。",
    "count-verb": "到2025年，新建及改扩建学校8所。",
    "continuation": "到2025年，建成省级重点实验室3个，新型研发机构5家。",
    "share": "到2025年，农村自来水普及率达95%。",
    "range": "到2025年，新建产业园区2—3个。",
    "maintain": "研发经费投入强度保持在3.5%以上。",
    "change-by": "到2025年，单位GDP二氧化碳排放下降18%以上。",
    "rate": "每年规模以上工业增加值增长7%左右。",
    "from-to": "到2025年，港口吞吐能力由3000万吨增至5000万吨。",
    "avg-growth": "地区生产总值年均增长6.5%以上。",
    "ratio": "到2025年，城乡居民收入比控制在2.2∶1以内。",
    "cum-sum": "累计新增城镇就业5万人。",
    "multiple": "全区工业总产值实现倍增。",
    "duration": "到2025年，实现各乡镇15分钟就医圈。",
    "water-class": "到2025年，主要河流水质优于IV类。",
    "direction": "稳步提升居民人均可支配收入。",
    "pp-change": "到2025年，数字经济增加值占比提高3个百分点。",
    "rank": "到2025年，全区营商环境评价跃居全市前5位。",
    "noun-value": "到2025年，人均城市道路面积18平方米。",
    "breakdown": "到2025年，创建示范村20个（其中省级8个）。",
}


@pytest.mark.parametrize(("pattern", "text"), sorted(RULE_EXAMPLES.items()))
def test_each_rule_on_its_own(pattern: str, text: str) -> None:
    assert draft(text)[-1].pattern == pattern  # the last entry: a continuation follows its first item


def test_every_rule_is_documented_and_has_an_example() -> None:
    from pathlib import Path

    from targets.extract.model import BASE_CONFIDENCE

    doc = (Path(__file__).resolve().parents[1] / "docs" / "extract.md").read_text(encoding="utf-8")
    for pattern in BASE_CONFIDENCE:
        assert f"| `{pattern}` |" in doc, pattern
        assert pattern in RULE_EXAMPLES or pattern == "table-row", pattern  # table-row: test_extract_tables
