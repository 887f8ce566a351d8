"""The phrase-family rules, one named function per way plans state a target (docs/extract.md).

Number rules type a number the reader has found to state a target; the first that recognises
the phrase wins (NUMBER_RULES, in order). Clause rules find targets stated without a number or
with two: multiple (倍增, 翻一番), direction (稳步提升 + a measurable noun), water-class (优于V类)
and from-to (由5.1万pcu/h增至8万pcu/h). Indicator tables have their own rule (tables.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from targets.extract.clause import ClauseState, Reader, Reading, RuleSet, Typed
from targets.extract.lexicon import (
    LOWER_BETTER,
    MEASURABLE,
    NOT_MEASURABLE,
    RIGHT_CMP,
    RIGHT_QUALIFIER,
    left_qualifier,
)
from targets.extract.model import Entry
from targets.extract.names import BASE_PHRASE, clean, split_subject, subject_name
from targets.extract.numerals import COUNT_UNITS, ROMAN, TIME_UNITS, WATER_CLASS, Quantity, parse_chinese
from targets.extract.scope import Period
from targets.extract.segment import inside

_DOWN_VERB = re.compile(r"下降|降低|减少|缩短|压缩|削减|缩小|降至|降到")
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
    if r.hint != "avg" or r.q.unit != "%":
        return None
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
    lower = r.hint in ("down", "down_to") or bool(_DOWN_VERB.search(r.left[-6:]))
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
        if r.hint == "avg":
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


# -- clause rules ----------------------------------------------------------------------------
_MULTIPLE = re.compile(r"(?P<shuang>双)?(?:倍增|翻一番|翻番|翻(?P<n>[两三])番)")
_DIRECTION = re.compile(
    r"(?P<adv>稳步|逐步|显著|明显|持续|大幅|不断|有效|进一步)?"
    r"(?P<verb>提升|提高|增加|增长|扩大|下降|降低|减少|缩短|缩小|压缩)"
)
_FROM = re.compile(r"(?:由|从)\s*(?:(?P<y>\d{4})\s*年\s*(?:末|底)?\s*的?)?\s*$")


def rule_from_to(reader: Reader, state: ClauseState, qs: list[Quantity]) -> set[int]:
    """由5.1万pcu/h增至8万pcu/h, 从2020年的68.5%提高到72%: one level target with its baseline
    (its year when printed); a change stated just before (提升36%，由…增至…) is kept on it as
    change_pct. Returns the numbers it used."""
    consumed: set[int] = set()
    cs = state.clause.start
    for i in range(len(qs) - 1):
        a, b = qs[i], qs[i + 1]
        qual = left_qualifier(reader.text[a.end : b.start])
        start = _FROM.search(reader.text[cs : a.start])
        if not (start and qual and qual[2] in ("to", "down_to")):
            continue
        prev = state.prev_entry if state.prev_entry and state.prev_entry.kind == "change_by" else None
        name = subject_name(reader.text[cs : cs + start.start()])
        rq = RIGHT_QUALIFIER.match(reader.text[b.end : state.clause.end])
        cmp = RIGHT_CMP[rq["q"]] if rq else "exact"
        lower = qual[2] == "down_to"
        e = reader.new(
            state,
            b.start,
            b.end + (rq.end() if rq else 0),
            "from-to",
            name=name or (prev.name if prev else "?"),
            unit=b.unit,
            kind="share" if b.unit == "%" else "level",
            comparator=cmp,
            direction="lower" if lower or cmp == "at_most" else "higher",
            value=b.value,
        )
        if start["y"]:
            e.baseline = (int(start["y"]), a.value)
        else:
            e.baseline = (reader.ctx.period.start - 1, a.value)
            e.baseline_note = "year not printed; taken as the plan's base year"
            e.guess("baseline.year")
        if not name and prev is None:
            e.guess("name")
        if prev is not None:
            e.change_pct = prev.change_pct
            e.quote = reader.quote(max(0, prev.pos - 20), b.end)
            e.notes.append("The stated change is kept as change_pct; validate warns if it disagrees.")
            reader.entries.remove(prev)
        state.subject = name or state.subject
        consumed.update({i, i + 1})
    return consumed


def rule_multiple(reader: Reader, state: ClauseState, qs: list[Quantity]) -> None:
    """倍增, 翻一番 (x2), 翻两番 (x4), 双倍增 (two subjects, each x2), A、B均实现倍增: factor
    targets, one per subject, from the base year printed (较/在…基础上) or the plan's."""
    cs, ce = state.clause.start, state.clause.end
    for m in _MULTIPLE.finditer(reader.text, cs, ce):
        if inside(reader.spans, m.start(), m.end()) or reader.past(state.sentence):
            continue
        factor = Decimal(4 if m["n"] == "两" else 8 if m["n"] == "三" else 2)
        # 倍增: at least double, as the catalog reads it; 翻一番 names the factor itself
        more = m.group(0).endswith("倍增") or re.match(r"\s*(?:以上|多)", reader.text[m.end() : ce])
        seg = reader.text[max([cs, *[q.end for q in qs if q.end <= m.start()]]) : m.start()]
        if "均" not in seg and not m["shuang"]:
            seg = seg.split("、")[-1]
        subject = clean(re.sub(r"(?:均|都)?(?:实现|达到|计划|力争)*\s*$", "", BASE_PHRASE.sub("", seg)))
        subject = re.sub(r"^(?:加快实施|加快|实施|推动|推进|开展)+", "", subject)
        names = [subject]
        if m["shuang"] or "均" in seg:
            names = split_subject(subject, 2 if m["shuang"] else subject.count("、") + 1) or names
        state.subject_list = names if len(names) > 1 else []
        for name in names:
            e = reader.new(
                state,
                m.start(),
                m.end(),
                "multiple",
                name=name or "?",
                unit=_unit_for(name),
                kind="multiple",
                comparator="at_least" if more else "exact",
                direction="higher",
                factor=factor,
            )
            e.guess("name", "unit")


def rule_direction(reader: Reader, state: ClauseState) -> None:
    """稳步提升每万人口发明专利拥有量, 口岸物流成本下降: a direction on a measurable noun (率, 占比,
    量, 成本, 时间…; not 水平, 能力), with a pace word (稳步, 显著…) or under a deadline or in a
    section of targets."""
    cs, ce = state.clause.start, state.clause.end
    if inside(reader.spans, cs, ce):
        return
    for m in _DIRECTION.finditer(reader.text, cs, ce):
        before = clean(reader.text[cs : m.start()])
        after = clean(reader.text[m.end() : ce])
        if (before and after) or not (before or after):
            continue
        governed = reader.explicit_scope(state.sentence, m.start()) or reader.ctx.region.target_section
        if not (m["adv"] or governed):
            continue
        subject = before or after
        names = split_subject(subject, subject.count("和") + subject.count("、") + 1) or [subject]
        if not all(MEASURABLE.search(n) and not NOT_MEASURABLE.search(n) for n in names):
            continue
        lower = m["verb"] in ("下降", "降低", "减少", "缩短", "缩小", "压缩")
        for name in names:
            e = reader.new(
                state,
                m.start(),
                ce,
                "direction",
                name=name,
                unit="%" if re.search(r"占比|比重|比例|率$", name) else None,
                kind="direction",
                comparator="exact",
                direction="lower" if lower else "higher",
            )
            e.guess("name")
        return


def rule_water_class(reader: Reader, state: ClauseState) -> None:
    """水质优于V类 (class IV), 稳定达到Ⅲ类 (class III): kind class, the class as a number (lower
    is better), the printed form kept in the quote."""
    for m in WATER_CLASS.finditer(reader.text, state.clause.start, state.clause.end):
        if not m["cmp"] or inside(reader.spans, m.start(), m.end()):
            continue
        n = ROMAN[m["num"]] - (1 if m["cmp"] in ("优于", "好于") else 0)
        if n < 1:
            continue
        name = subject_name(reader.text[state.clause.start : m.start()]) or state.subject
        e = reader.new(
            state,
            m.start(),
            m.end(),
            "water-class",
            name=name + ("类别" if name and not name.endswith("类别") else ""),
            unit="类",
            kind="class",
            comparator="at_most",
            direction="lower",
            value=Decimal(n),
        )
        e.notes.append(f"{m.group(0).strip()}: class {n} or better (lower is better).")
        e.guess("name")


_RANK = re.compile(
    r"(?P<verb>跃居|跃升至|跃升到|进入|迈入|跻身|保持|稳居|位居|位列|位于|排名|居)\s*"
    r"(?P<scope>全国|全省|全市|全区|全球|世界|西部|中西部|[\u4e00-\u9fff]{1,6}?)?\s*"
    r"前\s*(?P<n>\d+|[一二三四五六七八九十]+)\s*(?P<unit>位|名|强)?"
)


def rule_rank(reader: Reader, state: ClauseState, qs: list[Quantity]) -> None:
    """跃居全市前5位, 进入全省前10, 稳居全国前三: a rank to reach (1 = best), kind rank, at most."""
    cs, ce = state.clause.start, state.clause.end
    for m in _RANK.finditer(reader.text, cs, ce):
        if inside(reader.spans, m.start(), m.end()) or reader.past(state.sentence):
            continue
        n = int(m["n"]) if m["n"].isdigit() else parse_chinese(m["n"])
        if not n:
            continue
        subject = subject_name(reader.text[cs : m.start()]) or state.subject
        scope = m["scope"] or ""
        e = reader.new(
            state,
            m.start(),
            m.end(),
            "rank",
            name=f"{subject}{scope}排名" if subject else f"{scope}排名",
            unit="位",
            kind="rank",
            comparator="at_most",
            direction="lower",
            value=Decimal(n),
        )
        e.notes.append(f"{m.group(0)}: rank {n} or better (1 = best).")
        e.guess("name")


def _unit_for(name: str) -> str | None:
    """The unit a multiple's indicator is usually counted in (a guess; factors are unit-free)."""
    for pattern, unit in (
        (r"企业|机构|单位", "家"),
        (r"箱量", "标箱"),
        (r"货运量|吞吐量", "万吨"),
        (r"值|额|收入|营收", "亿元"),
        (r"人才|人数|人员", "人"),
        (r"项目", "个"),
    ):
        if re.search(pattern, name):
            return unit
    return None


RULES = RuleSet(
    classify=classify,
    apply=apply,
    before_numbers=(rule_multiple, rule_rank),
    without_numbers=(rule_direction, rule_water_class),
    from_to=rule_from_to,
)
