"""The words of a briefing in Chinese and English: headers, headings, summary sentences, reasons."""

from __future__ import annotations

HEADERS = {
    "zh": (
        "序号",
        "指标",
        "单位",
        "属性",
        "基期值",
        "目标值",
        "当前值（年份）",
        "完成进度",
        "时间进度",
        "年均需增长/增加",
        "评价",
    ),
    "en": (
        "No.",
        "Indicator",
        "Unit",
        "Type",
        "Baseline",
        "Target",
        "Actual (year)",
        "Progress",
        "Time elapsed",
        "Required per year",
        "Status",
    ),
}
# Columns of numbers: right-aligned in text and markdown.
NUMERIC = frozenset({0, 4, 5, 6, 7, 8, 9})

WORDS = {
    "zh": {
        "title": "规划目标监测简报（数据截至{year}年）",
        "title_none": "规划目标监测简报（无实际值）",
        "meta": "{id} · 规划期{start}—{end}年",
        "counts": "本规划共{total}项目标：{parts}。",
        "count": "{label}{n}项",
        "binding_none": "无约束性目标。",
        "binding": "约束性目标{n}项：{items}。",
        "no_data": "缺数据的目标{n}项：{items}。",
        "item": "{name}（{no}）",
        "binding_item": "{name}（{no}，{status}）",
        "list_sep": "、",
        "count_sep": "，",
        "bracket": "注：[ ] 内为规划期累计数。",
        "notes": "说明",
        "note_item": "{no}. {name}：{reason}",
        "charts": "图示",
        "table": "目标完成情况",
        "cumulative_to": "累计",
        "legend_baseline": "基期值",
        "legend_plan": "规划路径",
        "legend_actual": "实际值",
        "legend_projection": "按当前速度预计",
        "legend_target": "目标值",
        "aria": "{name}：基期{b_year}年{b}，目标{t_year}年{t}，{a_year}年{actual_word}{a}",
        "aria_cumulative": "{name}：{start}—{t_year}年累计目标{t}，截至{a_year}年累计{a}",
        "aria_projection": "，按当前速度{year}年预计{value}",
        "actual_word": "实际",
        "path_geometric": "规划路径按等比增长",
        "path_linear": "规划路径按线性变化",
        "path_cumulative": "规划路径为累计数均匀增加",
    },
    "en": {
        "title": "Plan targets briefing (data to {year})",
        "title_none": "Plan targets briefing (no actuals)",
        "meta": "{id} · plan period {start}–{end}",
        "counts": "{total} targets: {parts}.",
        "count": "{label} {n}",
        "binding_none": "No binding targets.",
        "binding": "Binding targets ({n}): {items}.",
        "no_data": "No data ({n}): {items}.",
        "item": "{name} ({no})",
        "binding_item": "{name} ({no}, {status})",
        "list_sep": ", ",
        "count_sep": ", ",
        "bracket": "Note: [ ] is a total over the plan period.",
        "notes": "Notes",
        "note_item": "{no}. {name}: {reason}",
        "charts": "Charts",
        "table": "Targets",
        "cumulative_to": "sum",
        "legend_baseline": "baseline",
        "legend_plan": "planned path",
        "legend_actual": "actual",
        "legend_projection": "at the current pace",
        "legend_target": "target",
        "aria": "{name}: baseline {b} in {b_year}, target {t} in {t_year}, {actual_word} {a} in {a_year}",
        "aria_cumulative": "{name}: a total of {t} over {start}–{t_year}, {a} by {a_year}",
        "aria_projection": ", {value} expected in {year} at the current pace",
        "actual_word": "actual",
        "path_geometric": "planned path: constant growth rate",
        "path_linear": "planned path: linear",
        "path_cumulative": "planned path: the total rising evenly",
    },
}

REASONS = {
    "zh": {
        "direction": "方向性目标需要至少两个年份的数据",
        "rate": "年度增速目标逐年评价，本年增速低于目标",
        "flows_missing": "累计数缺少{years}年的数据",
        "needs_baseline": "目标值须由基期值推算，规划未给出基期值，数据中也没有基期年份的数值",
        "no_baseline": "无基期值（规划未给出，数据中也没有基期年份的数值）",
        "not_after": "数据年份{year}年不晚于基期{b_year}年",
        "equal": "目标值等于基期值，无法计算进度",
        "other": "无法计算进度比",
        "chart_no_baseline": "无基期值，不绘制规划路径",
        "chart_no_path": "保持或方向性目标，无规划路径",
        "chart_annual": "年度目标逐年评价，不绘制规划路径",
    },
    "en": {
        "direction": "a direction-only target needs values for two years",
        "rate": "a yearly rate is judged year by year, and this year's rate is below the target",
        "flows_missing": "the cumulative total lacks the flows of {years}",
        "needs_baseline": "the target is relative to a baseline that neither the plan nor the data gives",
        "no_baseline": "no baseline (the plan gives none and the data has no value for the base year)",
        "not_after": "the data year {year} is not after the baseline year {b_year}",
        "equal": "the target equals the baseline, so progress is undefined",
        "other": "the schedule ratio cannot be computed",
        "chart_no_baseline": "no baseline, so no planned path to draw",
        "chart_no_path": "a level to keep or a direction; no planned path",
        "chart_annual": "a yearly target, judged year by year; no planned path",
    },
}

CHINESE_NUMERALS = "一二三四五六七八九十"


def section_number(n: int, lang: str) -> str:
    """一、二、... in Chinese (十一 and on for long catalogs); 1. 2. ... in English."""
    if lang != "zh":
        return f"{n}. "
    if n > 99:
        return f"{n}、"
    if n <= 10:
        return CHINESE_NUMERALS[n - 1] + "、"
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else CHINESE_NUMERALS[tens - 1] + "十"
    return head + (CHINESE_NUMERALS[ones - 1] if ones else "") + "、"
