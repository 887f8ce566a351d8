"""The phrase-family rules, one named function per way plans state a target (docs/extract.md).

Number rules type a number the reader has found to state a target; the first that recognises
the phrase wins (NUMBER_RULES, in order). The clause rules (clause_rules.py) find targets stated
without a number or with two. RULES is the set core.py hands to every paragraph reader, so the
reader imports no rule. Indicator tables have their own rule (tables.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

from targets.extract.clause import Reading, RuleSet, Typed
from targets.extract.clause_rules import (
    rule_direction,
    rule_from_to,
    rule_multiple,
    rule_rank,
    rule_water_class,
)
from targets.extract.lexicon import (
    LOWER_BETTER,
)
from targets.extract.model import Entry
from targets.extract.numerals import TIME_UNITS
from targets.extract.scope import Period
from targets.extract.unit_words import COUNT_UNITS

_DOWN_VERB = re.compile(r"下降|降低|减少|缩短|压缩|压减|压降|削减|缩小|降至|降到")
_AT_LEAST_AFTER = ("以上", "及以上")


def _direction(r: Reading, cmp: str) -> str:
    return "lower" if cmp == "at_most" or r.hint in ("down", "down_to") else "higher"


def rule_ratio(r: Reading) -> Typed | None:
    """2.2∶1以内, 缩小到1.8:1: a ratio, at most when it is to shrink."""
    if not r.q.ratio:
        return None
    shrink = re.search(r"以内|控制|缩小|不超过|降", r.full_left + r.right[:4])
    cmp = "at_most" if shrink else r.comparator
    return Typed("ratio", "ratio", cmp, "lower" if cmp == "at_most" else "higher")


def rule_range(r: Reading) -> Typed | None:
    """2—3个, 1-2次, 5~8个: a range; at least the low end."""
    if r.q.high is None:
        return None
    return Typed("range", "range", "range", "higher")


def rule_avg_growth(r: Reading) -> Typed | None:
    """年均增长10%以上: the average annual growth of a level."""
    if r.hint not in ("avg", "avg_down") or r.q.unit != "%":
        return None
    if r.hint == "avg_down":  # 年均下降2%: a negative growth; the level at most
        return Typed("avg_growth", "avg-growth", "at_most", "lower", field="growth_pct", sign=-1)
    return Typed("avg_growth", "avg-growth", r.comparator, "higher", field="growth_pct")


def rule_change_by(r: Reading) -> Typed | None:
    """提升36%, 下降20%以上, 较2017年下降10%: a change from the baseline (a yearly rate when 每年
    governs it: 每年增长6%左右)."""
    if r.hint not in ("up", "down") or r.q.unit != "%":
        return None
    lower = r.hint == "down" or bool(_DOWN_VERB.search(r.left))
    cmp = r.comparator
    if r.rq in _AT_LEAST_AFTER:  # 下降20%以上: the fall is at least 20%, so the level at most
        cmp = "at_most" if lower else "at_least"
    direction = "lower" if lower else "higher"
    if r.annual:  # 每年增长6%, 同比下降20%: the yearly rate itself, signed
        return Typed("rate", "rate", cmp, direction, sign=-1 if lower else 1)
    return Typed("change_by", "change-by", cmp, direction, field="change_pct", sign=-1 if lower else 1)


def rule_pp_change(r: Reading) -> Typed | None:
    """提高2个百分点, 下降1个百分点 (signed), 年均提高0.5个百分点: a change of a share in
    percentage points (`change_pp`), of an indicator measured in %."""
    if r.q.unit != "个百分点":
        return None
    lower = r.hint in ("down", "down_to", "avg_down") or bool(_DOWN_VERB.search(r.left[-6:]))
    cmp = r.comparator
    if r.rq in _AT_LEAST_AFTER:
        cmp = "at_most" if lower else "at_least"
    return Typed(
        "pp_change",
        "pp-change",
        cmp,
        "lower" if lower else "higher",
        field="change_pp",
        sign=-1 if lower else 1,
    )


def rule_maintain(r: Reading) -> Typed | None:
    """稳定在3%以上, 保持在35%以上: a floor (or ceiling) to be kept."""
    if r.hint != "maintain":
        return None
    cmp = (
        "at_most"
        if r.rq in ("以下", "以内", "及以下")
        else "approx"
        if r.rq in ("左右", "上下")
        else "at_least"
    )
    return Typed("maintain", "maintain", cmp, "lower" if cmp == "at_most" else "higher")


def rule_cum_sum(r: Reading) -> Typed | None:
    """累计新增5万人, 五年发布5万个, [45] (a bracketed total): a sum of yearly flows."""
    if not (r.cumulative or r.q.bracketed):
        return None
    return Typed("cum_sum", "cum-sum", r.comparator, _direction(r, r.comparator))


def rule_share(r: Reading) -> Typed | None:
    """研发投入强度达到2.5%, 占港口吞吐量10%: a percentage, bounded 0-100."""
    if r.q.unit != "%":
        return None
    pattern = "continuation" if not r.explicit_comparator and r.continuation else "share"
    return Typed("share", pattern, r.comparator, _direction(r, r.comparator))


def rule_duration(r: Reading) -> Typed | None:
    """实现5分钟生活圈, 缩短到3个工作日: a time to be reached; lower is better."""
    if r.q.unit not in TIME_UNITS or not re.search(r"实现|缩短|压缩|控制", r.full_left):
        return None
    return Typed("level", "duration", "at_most" if r.has_noun else r.comparator, "lower")


def rule_level(r: Reading) -> Typed:
    """达到1200家, 300家以上, 超过500家 (level-comparator); 新建6所医院 (count-verb); 储备8个，
    平台5个 (continuation): a level to reach."""
    if r.explicit_comparator:
        pattern = "level-comparator"
    elif r.bare:
        pattern = "noun-value"
    else:
        pattern = "continuation" if r.continuation else "count-verb"
    return Typed("level", pattern, r.comparator, _direction(r, r.comparator))


NUMBER_RULES: tuple[Callable[[Reading], Typed | None], ...] = (
    rule_ratio,
    rule_range,
    rule_avg_growth,
    rule_change_by,
    rule_pp_change,
    rule_maintain,
    rule_cum_sum,
    rule_share,
    rule_duration,
)


def classify(r: Reading) -> Typed:
    for rule in NUMBER_RULES:
        typed = rule(r)
        if typed is not None:
            return typed
    return rule_level(r)


def apply(e: Entry, r: Reading, t: Typed, period: Period) -> None:
    """Put the number where its kind wants it, and mark what was guessed."""
    value = r.q.value * t.sign
    setattr(e, t.field, value)
    if t.kind == "range":
        e.value_high = r.q.high
    if t.kind == "cum_sum":
        e.cumulative = (period.start, e.year if isinstance(e.year, int) else period.end)
        e.guess("cumulative")
    if r.q.unitless:
        e.guess("unit")
        e.notes.append("No unit printed (an index or a score): set the unit, or leave it empty.")
    if r.q.printed_unit:
        e.notes.append(f"Printed unit {r.q.printed_unit}.")
    if r.q.label_count:
        e.guess("unit")
        e.notes.append(f"Printed as {r.q.value}大…: a count of the items listed.")
    if t.kind == "pp_change":
        e.unit = "%"
        if r.hint in ("avg", "avg_down"):
            e.guess("target.change_pp")
            e.notes.append("Printed as a yearly change in points: change_pp is the total over the years.")
    if t.kind == "change_by" and not r.q.unknown_unit:
        e.unit = None  # the indicator's own unit (吨标准煤/万元, 元), never the % of the change
        e.guess("unit")
        e.notes.append("A change in %: set unit to the indicator's own unit (the plan does not print it).")
    e.guess("name")
    if t.kind in ("level", "share") and not r.explicit_comparator:
        e.guess("comparator")
    lower_name = LOWER_BETTER.search(e.name) and r.q.unit not in COUNT_UNITS
    if e.direction == "higher" and e.comparator in ("exact", "approx") and lower_name:
        e.direction = "lower"  # 通关时间, 物流成本, 能耗: less is better, whatever the verb
        e.guess("direction")
    elif e.comparator not in ("at_least", "at_most") and r.hint not in ("up", "down", "down_to", "to"):
        e.guess("direction")


RULES = RuleSet(
    classify=classify,
    apply=apply,
    before_numbers=(rule_multiple, rule_rank),
    without_numbers=(rule_direction, rule_water_class),
    from_to=rule_from_to,
)
