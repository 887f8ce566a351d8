"""The clause rules: targets stated without a number or with two, read from a whole clause:
from-to (由5.1万pcu/h增至8万pcu/h), multiple (倍增, 翻一番), rank (跃居全市前5位), direction
(稳步提升 + a measurable noun) and water-class (优于V类)."""

from __future__ import annotations

import re
from decimal import Decimal

from targets.extract.clause import ClauseState, Reader
from targets.extract.lexicon import (
    MEASURABLE,
    NOT_MEASURABLE,
    RIGHT_CMP,
    RIGHT_QUALIFIER,
    left_qualifier,
)
from targets.extract.names import AND, BASE_PHRASE, clean, split_subject, subject_name
from targets.extract.numerals import ROMAN, WATER_CLASS, Quantity, parse_chinese
from targets.extract.segment import inside

# -- clause rules ----------------------------------------------------------------------------
_NUM = r"\d+(?:\.\d+)?"
_MULTIPLE = re.compile(
    r"(?P<shuang>双)?(?:倍增|翻一番|翻番|翻(?P<n>[两三])番)"
    rf"|(?:增长|增加|提高|提升)\s*(?P<k>{_NUM})\s*倍(?!增)"
    rf"|的\s*(?P<times>{_NUM})\s*倍(?!增)"
)
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
        if m["k"] or m["times"]:  # 增长1倍 (x2), 达到2020年的3倍 (x3)
            factor = Decimal(m["k"]) + 1 if m["k"] else Decimal(m["times"])
        # 倍增: at least double, as the catalog reads it; 翻一番 names the factor itself
        more = m.group(0).endswith("倍增") or re.match(r"\s*(?:以上|多)", reader.text[m.end() : ce])
        seg = reader.text[max([cs, *[q.end for q in qs if q.end <= m.start()]]) : m.start()]
        base = re.search(r"(?:达到|是|为|相当于)?\s*(?P<y>\d{4})\s*年(?:末|底)?\s*$", seg)
        if m["times"] and base:
            seg = seg[: base.start()]
        if "均" not in seg and not m["shuang"]:
            seg = seg.split("、")[-1]
        subject = clean(re.sub(r"(?:均|都)?(?:实现|达到|计划|力争)*\s*$", "", BASE_PHRASE.sub("", seg)))
        subject = re.sub(r"^(?:加快实施|加快|实施|推动|推进|开展)+", "", subject)
        names = [subject]
        if m["shuang"] or "均" in seg:
            k = subject.count("、") + 1 if "、" in subject else len(AND.findall(subject)) + 1
            names = split_subject(subject, 2 if m["shuang"] else k) or names
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
            if m["times"] and base:
                e.base_year = int(base["y"])
            if m["k"]:
                e.guess("target.factor")
                e.notes.append(f"{m.group(0)}: read as x{factor} (growth by {m['k']} times the base).")


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
        name = _PACE.sub("", subject_name(reader.text[state.clause.start : m.start()])) or state.subject
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


_PACE = re.compile(r"(?:稳定|持续|保持|全面|基本|总体|逐步)+$")
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
        subject = re.sub(r"(?:全国|全省|全市|全区|全球|世界)?排名$", "", subject)
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
