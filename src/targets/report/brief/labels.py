"""The words of a briefing in Chinese and English: headers, headings, summary sentences, reasons."""

from __future__ import annotations

# The columns of a table, by key; the plan view is the mid-term review table (中期评估表), the
# unit view (--by unit) adds who acts and by when.
PLAN_COLUMNS = (
    "no", "name", "unit", "attr", "baseline", "target", "actual", "progress", "elapsed", "required", "status",
)  # fmt: skip
UNIT_COLUMNS = (
    "no", "name", "unit", "target", "actual", "progress", "elapsed", "required", "status", "support",
    "deadline",
)  # fmt: skip
COLUMN_NAMES = {
    "zh": {
        "no": "序号",
        "name": "指标",
        "unit": "单位",
        "attr": "属性",
        "baseline": "基期值",
        "target": "目标值",
        "actual": "当前值（年份）",
        "progress": "完成进度",
        "elapsed": "时间进度",
        "required": "年均需增长/增加",
        "status": "评价",
        "support": "配合单位",
        "deadline": "完成时限",
        "id": "编号",
    },
    "en": {
        "no": "No.",
        "name": "Indicator",
        "unit": "Unit",
        "attr": "Type",
        "baseline": "Baseline",
        "target": "Target",
        "actual": "Actual (year)",
        "progress": "Progress",
        "elapsed": "Time elapsed",
        "required": "Required per year",
        "status": "Status",
        "support": "Supporting units",
        "deadline": "Deadline",
        "id": "id",
    },
}
HEADERS = {lang: tuple(names[c] for c in PLAN_COLUMNS) for lang, names in COLUMN_NAMES.items()}
# Columns of numbers: right-aligned in text and markdown.
NUMERIC_COLUMNS = frozenset({"no", "baseline", "target", "actual", "progress", "elapsed", "required"})
NUMERIC = frozenset(i for i, c in enumerate(PLAN_COLUMNS) if c in NUMERIC_COLUMNS)

WORDS = {
    "zh": {
        "title": "规划目标监测简报（数据截至{year}年）",
        "title_none": "规划目标监测简报（无实际值）",
        "title_only": "督办清单（数据截至{year}年）",
        "meta": "规划期{start}—{end}年",
        "meta_id": "{id} · 规划期{start}—{end}年",
        "unit_meta": "涉及规划：{plans}",
        "no_unit": "未明确责任单位",
        "counts": "本规划共{total}项目标：{parts}。",
        "unit_counts": "牵头目标{total}项：{parts}。",
        "only_counts": "需督办{total}项：{parts}。",
        "overall_only": "需督办{total}项：{parts}。",
        "binding_ok": "约束性目标{n}项，均达到进度要求。",
        "binding_off": "约束性目标{n}项，{m}项未达进度要求：{items}。",
        "worst": "明显滞后、逆向变化、回落或未完成{n}项：{items}。",
        "early": "提前实现{n}项：{items}。",
        "hidden": "缺数据{n}项（未列入表格）：{items}。",
        "expired": "规划期{start}—{end}年已结束，{n}项目标均无实际值。",
        "gap": "差距{gap}",
        "needs": "需{required}",
        "reached": "{year}年实现",
        "co_lead": "共同牵头：{units}",
        "lead": "牵头：{units}",
        "leads": "牵头单位：{units}{rest}。",
        "lead_item": "{unit}（{nos}）",
        "no_sep": "、",
        "unassigned": "；其余{n}项未明确责任单位",
        "support_sep": "；",
        "points": "个百分点",
        "count": "{label}{n}项",
        "binding_none": "无约束性目标。",
        "binding": "约束性目标{n}项：{items}。",
        "no_data": "缺数据的目标{n}项：{items}。",
        "item": "{name}（{no}）",
        "binding_item": "{name}（{no}，{status}）",
        "detail_item": "{name}（{no}，{details}）",
        "detail_sep": "，",
        "plan_items": "{plan}：{items}",
        "plan_sep": "；",
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
        "target_label": "{year}年目标 {value}",
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
        "title_only": "Action list (data to {year})",
        "meta": "plan period {start}–{end}",
        "meta_id": "{id} · plan period {start}–{end}",
        "unit_meta": "plans: {plans}",
        "no_unit": "No responsible unit stated",
        "counts": "{total} targets: {parts}.",
        "unit_counts": "Leads {total} targets: {parts}.",
        "only_counts": "{total} to act on: {parts}.",
        "overall_only": "{total} targets to act on: {parts}.",
        "binding_ok": "Binding targets ({n}): all on schedule.",
        "binding_off": "Binding targets ({n}), {m} not on schedule: {items}.",
        "worst": "Far behind, moving away, fallen back or missed ({n}): {items}.",
        "early": "Achieved early ({n}): {items}.",
        "hidden": "No data ({n}, not in the table): {items}.",
        "expired": "the plan period {start}–{end} has ended and none of its {n} targets has an actual value.",
        "gap": "gap {gap}",
        "needs": "needs {required}",
        "reached": "reached in {year}",
        "co_lead": "co-lead: {units}",
        "lead": "lead: {units}",
        "leads": "Lead units: {units}{rest}.",
        "lead_item": "{unit} ({nos})",
        "no_sep": ", ",
        "unassigned": "; {n} more without a lead unit",
        "support_sep": "; ",
        "points": " pp",
        "count": "{label} {n}",
        "binding_none": "No binding targets.",
        "binding": "Binding targets ({n}): {items}.",
        "no_data": "No data ({n}): {items}.",
        "item": "{name} ({no})",
        "binding_item": "{name} ({no}, {status})",
        "detail_item": "{name} ({no}, {details})",
        "detail_sep": ", ",
        "plan_items": "{plan}: {items}",
        "plan_sep": "; ",
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
        "target_label": "target {year}: {value}",
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


# Status colours shared by the HTML page and the Word document: (text, cell shading).
STATUS_COLOURS = {
    "achieved": ("1b6e2d", "e2f0e4"),
    "ahead": ("1b6e2d", "e2f0e4"),
    "on_track": ("1c5f78", "e0edf2"),
    "behind": ("8a5a00", "fbeccb"),
    "far_behind": ("a61e1e", "f6d8d8"),
    "moving_away": ("a61e1e", "f6d8d8"),
    "fallen_back": ("a61e1e", "f6d8d8"),
    "missed": ("a61e1e", "f6d8d8"),
    "not_assessable": ("595959", "ededed"),
    "no_data": ("595959", "ededed"),
}
