"""The phrase families that plans from other places use (issue: from about half to nine in ten),
one test per family, on plan-style sentences written for these tests."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from targets.catalog.units import parse_unit
from targets.extract import Entry, extract
from targets.extract.merge import distinct
from targets.extract.unit_words import is_known_unit

D = Decimal
PERIOD = (2021, 2025)


def draft(text: str) -> list[Entry]:
    return extract(text, "t", "t.txt", PERIOD).entries


def fields(e: Entry) -> tuple[object, ...]:
    """(kind, comparator, year, number, unit)."""
    return (e.kind, e.comparator, e.year, e.key_value, e.unit)


# -- 1: a baseline year does not silence the sentence ---------------------------------------------
def test_a_printed_baseline_year_is_a_baseline_not_a_past_sentence() -> None:
    entries = draft(
        "到2025年，森林覆盖率从2020年的38.5%提高到41%，林业总产值由2020年底的85亿元增至120亿元以上。"
    )
    assert [fields(e) for e in entries] == [
        ("share", "exact", 2025, D(41), "%"),
        ("level", "at_least", 2025, D(120), "亿元"),
    ]
    assert [e.baseline for e in entries] == [(2020, D("38.5")), (2020, D(85))]
    assert all("baseline.year" not in e.review for e in entries)


def test_the_clauses_after_a_from_to_are_read_too() -> None:
    entries = draft(
        "到2025年，农村居民人均可支配收入由2020年的1.6万元增至2.2万元，村级集体经济收入突破30万元。"
    )
    assert [(e.name, e.key_value) for e in entries] == [
        ("农村居民人均可支配收入", D("2.2")),
        ("村级集体经济收入", D(30)),
    ]


def test_a_baseline_in_quotes_is_a_base_year_not_a_deadline() -> None:
    (e,) = draft("到2025年，单位建设用地地区生产总值比“十三五”末提高15%。")
    assert (e.kind, e.year, e.base_year, e.change_pct) == ("change_by", 2025, 2020, D(15))


# -- 2: values stated without a verb -------------------------------------------------------------
def test_values_printed_after_their_indicator_in_a_target_section() -> None:
    text = (
        "二、主要目标\n"
        "人均城市道路面积18平方米，城市公共交通分担率45%，每万人拥有体育场地面积2600平方米、"
        "公共图书馆藏书1.2册。\n"
    )
    assert [(e.pattern, e.key_value, e.unit) for e in draft(text)] == [
        ("noun-value", D(18), "平方米"),
        ("continuation", D(45), "%"),
        ("continuation", D(2600), "平方米"),
        ("continuation", D("1.2"), "册"),
    ]


def test_a_value_without_a_verb_outside_a_target_section_is_not_read() -> None:
    assert draft("人均城市道路面积18平方米，城市公共交通分担率45%。") == []


# -- 3: tables flattened one cell per line, or separated by | -----------------------------------
def test_a_table_flattened_one_cell_per_line() -> None:
    text = "表1 主要指标\n指标名称\n单位\n2020年\n2025年\n属性\n城市绿道长度\n公里\n120\n300\n预期性\n"
    text += "污水处理率\n%\n95\n98以上\n约束性\n三、重点任务\n"
    entries = draft(text)
    assert [(e.pattern, e.name, e.key_value, e.comparator, e.line) for e in entries] == [
        ("table-row", "城市绿道长度", D(300), "exact", 7),
        ("table-row", "污水处理率", D(98), "at_least", 12),
    ]
    assert entries[0].baseline == (2020, D(120))


def test_a_table_with_rows_separated_by_bars() -> None:
    text = "| 指标 | 单位 | 2020年 | 2025年 |\n|---|---|---|---|\n| 城市绿道长度 | 公里 | 120 | 300 |\n"
    (e,) = draft(text)
    assert (e.pattern, e.name, e.unit, e.key_value, e.line) == (
        "table-row",
        "城市绿道长度",
        "公里",
        D(300),
        3,
    )


def test_a_task_table_separated_by_bars_dates_its_rows() -> None:
    text = "重点任务|牵头单位|完成时限\n建成智慧停车场12个|区住建委|2023年底\n"
    (e,) = draft(text)
    assert (e.year, e.key_value, e.responsibility["lead"]) == (2023, D(12), "区住建委")  # type: ignore[index]


# -- 4: units the registry lacked: read, and marked only while the registry cannot read them ------
@pytest.mark.parametrize(
    ("text", "value", "unit", "cmp"),
    [
        ("到2025年，人均预期寿命达到81岁。", D(81), "岁", "exact"),
        ("到2025年，劳动年龄人口平均受教育年限达到11.8年。", D("11.8"), "年", "exact"),
        ("到2025年，引进柔性人才500人年以上。", D(500), "人年", "at_least"),
        ("到2025年，移动支付用户达到2亿。", D(2), "亿", "exact"),
        ("到2025年，PM2.5平均浓度控制在30微克/立方米以下。", D(30), "微克/立方米", "at_most"),
        ("到2025年，万元地区生产总值用水量控制在25立方米以内。", D(25), "立方米", "at_most"),
    ],
)
def test_units_the_registry_reads_need_no_review(text: str, value: Decimal, unit: str, cmp: str) -> None:
    (e,) = draft(text)
    assert (e.key_value, e.unit, e.comparator) == (value, unit, cmp)
    assert "unit" not in e.review
    parse_unit(unit)  # and the catalog will accept it after review


@pytest.mark.parametrize(
    ("text", "value", "unit", "cmp"),
    [
        ("到2025年，孕产妇死亡率控制在10/10万以下。", D(10), "1/10万", "at_most"),
        ("到2025年，区域创新指数达到115以上。", D(115), None, "at_least"),
    ],
)
def test_units_outside_the_registry_are_read_and_marked(
    text: str, value: Decimal, unit: str, cmp: str
) -> None:
    (e,) = draft(text)
    assert (e.key_value, e.unit, e.comparator) == (value, unit, cmp)
    assert "unit" in e.review
    assert not any("Error" in n for n in e.notes)  # no library message leaks into the draft


def test_a_compound_unit_of_known_units_needs_no_review() -> None:
    (e,) = draft("到2025年，新增污水处理能力12万吨/日。")
    assert (e.key_value, e.unit) == (D(12), "万吨/日") and "unit" not in e.review


@pytest.mark.parametrize(
    "text",
    ["为3岁以下婴幼儿提供托育服务。", "到2025年，2025年以后的项目另行安排。", "实施九年义务教育。"],
)
def test_ages_naming_a_group_and_years_are_not_quantities(text: str) -> None:
    assert draft(text) == []


# -- 5: missing verbs and bracketed breakdowns --------------------------------------------------
def test_more_verbs_set_a_count() -> None:
    entries = draft("到2025年，整治背街小巷60条，加装电梯300部，淘汰落后产能企业15家。")
    assert [(e.key_value, e.unit) for e in entries] == [(D(60), "条"), (D(300), "部"), (D(15), "家")]


def test_a_breakdown_in_brackets_gives_one_entry_per_part() -> None:
    entries = draft("到2025年，创建美丽乡村示范村40个（其中省级12个、市级28个）。")
    assert [(e.pattern, e.name, e.key_value) for e in entries] == [
        ("count-verb", "创建美丽乡村示范村", D(40)),
        ("breakdown", "省级美丽乡村示范村", D(12)),
        ("breakdown", "市级美丽乡村示范村", D(28)),
    ]


def test_other_brackets_still_name_things() -> None:
    assert draft("到2025年，落实“两个确保”（确保3项任务）。") == []


# -- 6: two subjects sharing one value ----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("到2025年，进出口总额和实际利用外资均比2020年增长40%。", ["进出口总额", "实际利用外资"]),
        ("到2025年，地方税收收入和非税收入年均增长6%。", ["地方税收收入", "非税收入"]),
        ("到2025年，城市和农村自来水普及率均稳定在98%以上。", ["城市自来水普及率", "农村自来水普及率"]),
    ],
)
def test_one_value_shared_by_two_subjects(text: str, names: list[str]) -> None:
    entries = draft(text)
    assert [e.name for e in entries] == names
    assert len({e.key_value for e in entries}) == 1
    assert all(e.pattern.startswith("compound/") for e in entries)


def test_one_subject_with_and_inside_its_name_is_not_split() -> None:
    (e,) = draft("到2025年，研究与试验发展经费投入强度达到3%。")
    assert e.name == "研究与试验发展经费投入强度"


# -- 7: distinct targets are never merged as restatements --------------------------------------
def test_equal_numbers_on_distinct_indicators_stay_apart() -> None:
    text = "到2025年，医疗保险参保率稳定在97%以上。\n养老保险参保率稳定在97%以上。\n"
    assert [e.name for e in draft(text)] == ["医疗保险参保率", "养老保险参保率"]
    assert distinct("医疗保险参保率", "养老保险参保率")
    assert not distinct("医疗保险参保率", "基本医疗保险参保率")


# -- 8: kinds pp_change, rank, class; change_by of an intensity -------------------------------
def test_percentage_points_up_and_down() -> None:
    up, down = draft("到2025年，数字经济核心产业增加值占比提高1.5个百分点，城镇登记失业率下降0.5个百分点。")
    assert (up.kind, up.change_pp, up.unit, up.comparator) == ("pp_change", D("1.5"), "%", "exact")
    assert (down.kind, down.change_pp, down.direction) == ("pp_change", D("-0.5"), "lower")


def test_points_a_year_are_marked_for_review() -> None:
    (e,) = draft("到2025年，非化石能源消费比重年均提高0.6个百分点。")
    assert (e.kind, e.change_pp) == ("pp_change", D("0.6")) and "target.change_pp" in e.review


@pytest.mark.parametrize(
    ("text", "rank", "name"),
    [
        ("到2025年，全区营商环境评价跃居全市前3位。", 3, "营商环境评价全市排名"),
        ("到2025年，县域经济综合实力进入全省前十。", 10, "县域经济综合实力全省排名"),
    ],
)
def test_ranks(text: str, rank: int, name: str) -> None:
    (e,) = draft(text)
    assert (e.kind, e.value, e.comparator, e.direction, e.unit) == ("rank", rank, "at_most", "lower", "位")
    assert e.name == name


def test_a_rank_without_its_own_subject_takes_the_sentences() -> None:
    level, rank = draft("到2025年，科技创新指数达到110以上，跃居全市前5位。")
    assert (level.value, rank.value, rank.name) == (110, 5, "科技创新指数全市排名")


@pytest.mark.parametrize(("text", "value"), [("主要河流断面水质稳定达到Ⅲ类。", 3), ("湖库水质优于IV类。", 3)])
def test_water_classes_are_kind_class(text: str, value: int) -> None:
    (e,) = draft("到2025年，" + text)
    assert (e.kind, e.value, e.comparator, e.unit) == ("class", value, "at_most", "类")


def test_a_change_of_an_intensity_never_claims_percent() -> None:
    (e,) = draft("到2025年，单位地区生产总值能耗下降13.5%。")
    assert (e.kind, e.change_pct, e.unit, e.comparator) == ("change_by", D("-13.5"), None, "at_most")
    assert "unit" in e.review


# -- 9: fields of found targets ----------------------------------------------------------------
def test_the_subject_carries_into_the_next_clause() -> None:
    growth, level = draft("到2025年，城镇居民人均可支配收入年均增长6.5%，达到6.8万元。")
    assert (growth.kind, growth.name) == ("avg_growth", "城镇居民人均可支配收入")
    assert (level.kind, level.name, level.key_value) == ("level", "城镇居民人均可支配收入", D("6.8"))


def test_nine_years_of_schooling_is_a_name_not_a_period() -> None:
    (e,) = draft("到2025年，九年义务教育巩固率保持在98.5%以上。")
    assert (e.kind, e.comparator, e.cumulative) == ("maintain", "at_least", None)


def test_five_years_before_a_verb_is_still_a_period() -> None:
    (e,) = draft("五年新增城镇就业3万人。")
    assert e.kind == "cum_sum"


@pytest.mark.parametrize(
    ("text", "cmp"),
    [("到2025年，农业总产值翻一番。", "exact"), ("到2025年，农业总产值翻一番以上。", "at_least")],
)
def test_doubling_is_exact_unless_more_is_said(text: str, cmp: str) -> None:
    (e,) = draft(text)
    assert (e.kind, e.factor, e.comparator) == ("multiple", 2, cmp)


def test_a_maintained_value_keeps_about() -> None:
    (e,) = draft("到2025年，粮食播种面积稳定在120万亩左右。")
    assert (e.kind, e.comparator) == ("maintain", "approx")


def test_a_size_class_is_not_a_target() -> None:
    entries = draft("到2025年，培育营业收入超五十亿元企业4家。")
    assert [(e.key_value, e.unit) for e in entries] == [(D(4), "家")]


# -- what the held-out checks turned up --------------------------------------------------------
def test_a_standard_to_build_by_is_not_a_target() -> None:
    assert draft("新建小区按每百户不低于20平方米的标准配建养老用房。") == []


def test_a_number_inside_the_next_indicators_name() -> None:
    (e,) = draft("到2025年，城市10分钟文化服务圈覆盖率达到85%。")
    assert (e.key_value, e.unit) == (D(85), "%")


def test_a_condition_that_runs_on_after_its_number() -> None:
    assert draft("对年综合能耗5000吨标准煤以上的重点用能单位开展节能监察。") == []


def test_growth_in_a_one_year_plan_is_that_years_rate() -> None:
    entries = extract(
        "2024年，地区生产总值增长5.5%左右，“三公”经费较上年压减3%。", "t", "t", (2024, 2024)
    ).entries
    assert [(e.kind, e.key_value, e.comparator, e.unit) for e in entries] == [
        ("rate", D("5.5"), "approx", "%"),
        ("rate", D(-3), "at_most", "%"),
    ]


def test_a_coefficient_is_read_without_a_unit() -> None:
    (e,) = draft("到2025年，农田灌溉水有效利用系数提高到0.58以上。")
    assert (e.key_value, e.unit, e.comparator) == (D("0.58"), None, "at_least")


_PIECES = st.sampled_from(
    [
        "到2025年，",
        "从2020年的",
        "提高到",
        "达到",
        "以上",
        "以内",
        "，",
        "。",
        "、",
        "（其中",
        "）",
        "|",
        "\t",
        "\n",
        "12",
        "3.5",
        "%",
        "个百分点",
        "岁",
        "年",
        "人年",
        "亿",
        "万",
        "微克/立方米",
        "/10万",
        "前5位",
        "III类",
        "翻一番",
        "均",
        "和",
        "指数",
        "率",
        "面积",
        "比“十三五”末",
        "下降",
        "每年",
        "主要目标\n",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_any_mix_of_these_phrases_drafts_without_error(text: str) -> None:
    for e in extract(text, "t", "t.txt").entries:
        assert e.line >= 1 and e.quote
        assert e.unit is None or is_known_unit(e.unit) or "unit" in e.review


def test_an_average_fall_is_a_negative_growth_or_points() -> None:
    pct, points = draft("到2025年，单位产值能耗年均下降2%，煤炭消费比重年均下降0.4个百分点。")
    assert (pct.kind, pct.growth_pct, pct.comparator, pct.name) == (
        "avg_growth",
        D(-2),
        "at_most",
        "单位产值能耗",
    )
    assert (points.kind, points.change_pp, points.name) == ("pp_change", D("-0.4"), "煤炭消费比重")


def test_a_base_in_ascii_quotes_is_not_part_of_the_name() -> None:
    (e,) = draft('到2025年，碳排放强度比"十三五"末下降18%。')
    assert (e.name, e.base_year, e.change_pct) == ("碳排放强度", 2020, D(-18))


def test_a_table_with_cells_separated_by_runs_of_spaces() -> None:
    text = (
        "指标名称    单位    2020年    2025年\n"
        "城市绿道长度    公里    120    300\n"
        "污水处理率　　%　　95　　98以上\n"
    )
    entries = draft(text)
    assert [(e.name, e.unit, e.key_value, e.comparator, e.baseline) for e in entries] == [
        ("城市绿道长度", "公里", D(300), "exact", (2020, D(120))),
        ("污水处理率", "%", D(98), "at_least", (2020, D(95))),
    ]


def test_what_the_last_texts_turned_up() -> None:
    entries = draft(
        "——产业更强。到2025年，规上工业企业发展到300家，游客满意度保持在85分以上，"
        "培育年营收超5亿元的龙头企业8家，对新认定的企业给予一次性奖励50万元。"
    )
    assert [(e.name, e.key_value, e.unit, e.comparator) for e in entries] == [
        ("规上工业企业", D(300), "家", "exact"),
        ("游客满意度", D(85), "分", "at_least"),
        ("培育年营收超5亿元的龙头企业", D(8), "家", "exact"),
    ]


def test_times_a_base_are_multiples() -> None:
    grown, times, level = draft(
        "到2025年，数字经济规模较2020年增长1倍，研发投入达到2020年的3倍，中欧班列开行500列。"
    )
    assert (grown.kind, grown.factor, grown.base_year, grown.year) == ("multiple", 2, 2020, 2025)
    assert "target.factor" in grown.review  # 增长1倍 is x2: said in a note, left to check
    assert (times.kind, times.factor, times.base_year, times.year) == ("multiple", 3, 2020, 2025)
    assert (level.key_value, level.unit, level.base_year) == (500, "列", None)


@pytest.mark.parametrize(("text", "unit"), [("完成造林2万公顷", "万公顷"), ("生猪出栏达到100万头", "万头")])
def test_farm_units_are_read(text: str, unit: str) -> None:
    (e,) = draft(f"到2025年，{text}。")
    assert e.unit == unit and "unit" not in e.review
    parse_unit(unit)


@pytest.mark.parametrize(
    "text",
    [
        "表1 主要指标\n类别\n指标\n单位\n2020年\n2025年\n经济发展\n地区生产总值\n亿元\n800\n1200\n"
        "人均地区生产总值\n万元\n8\n11\n民生福祉\n城镇新增就业\n万人\n5\n6\n三、重点任务\n",
        "类别|指标|单位|2020年|2025年\n经济发展|地区生产总值|亿元|800|1200\n人均地区生产总值|万元|8|11\n"
        "民生福祉|城镇新增就业|万人|5|6\n",
    ],
)
def test_a_category_column_printed_once_per_group(text: str) -> None:
    entries = draft(text)
    assert [(e.name, e.unit, e.key_value, e.baseline) for e in entries] == [
        ("地区生产总值", "亿元", D(1200), (2020, D(800))),
        ("人均地区生产总值", "万元", D(11), (2020, D(8))),
        ("城镇新增就业", "万人", D(6), (2020, D(5))),
    ]


def test_a_flattened_table_numbered_in_chinese() -> None:
    text = "序号\n指标\n2025年\n（一）\n城市绿道长度（公里）\n300\n（二）\n污水处理率（%）\n98\n"
    assert [(e.name, e.unit, e.key_value) for e in draft(text)] == [
        ("城市绿道长度", "公里", D(300)),
        ("污水处理率", "%", D(98)),
    ]


def test_units_printed_in_the_value_cells_of_a_table() -> None:
    entries = draft("指标|2020年|2025年\n地区生产总值|800亿元|1200亿元以上\n森林覆盖率|40%|42%\n")
    assert [(e.unit, e.key_value, e.comparator, e.kind) for e in entries] == [
        ("亿元", D(1200), "at_least", "level"),
        ("%", D(42), "exact", "share"),
    ]


def test_unnumbered_section_headings_still_set_the_section() -> None:
    text = "发展基础\n全区建成5G基站800个。\n主要目标\n人均公园绿地面积15平方米，数字经济规模达到500亿元。\n"
    assert [(e.line, e.key_value) for e in draft(text)] == [(4, D(15)), (4, D(500))]
