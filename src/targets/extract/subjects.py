"""Who a number belongs to when the words around it do not say it directly: a value printed after
its indicator without a verb (人均公园绿地面积15平方米), a breakdown in brackets (其中省级30个),
two subjects sharing one value (A和B均增长50%), and a clause whose subject is the sentence's last
(年均增长7%，达到5.2万元)."""

from __future__ import annotations

import re
from dataclasses import replace

from targets.extract.lexicon import MEASURABLE, NOT_MEASURABLE, TARGET_VERBS, left_qualifier
from targets.extract.model import Entry
from targets.extract.names import AND, BASE_PHRASE, clean, split_subject, subject_name, with_head

# What may follow a value printed after its indicator: the end of the clause, or the next item.
_VALUE_END = re.compile(r"\s*(?:以上|以下|以内|左右)?\s*(?:$|、)")
_BREAKDOWN = re.compile(r"^\(\s*其中")
_SHARED = re.compile(r"(?:均|都|同步)\s*$")
_LEVEL = re.compile(r"^(?:国家|省|市|区|县|镇|乡|街道|社区)级(?:及以上|以上)?")
_LEAD_VERB = re.compile(rf"^(?:{TARGET_VERBS.pattern})+")


def part_of_name(right: str) -> bool:
    """城市15分钟健康服务圈覆盖率达到90%: a number followed, in its clause, by a measurable noun
    and the next number's comparator is part of that indicator's name."""
    qual = left_qualifier(right)
    if qual is None or "、" in right:
        return False
    noun = subject_name(right[: qual[3]])
    return bool(noun) and bool(MEASURABLE.search(noun)) and not NOT_MEASURABLE.search(noun)


def noun_value(left: str, right: str) -> bool:
    """人均公园绿地面积15平方米, 覆盖率90%: the words before the number name a measurable
    indicator and nothing but the clause's end (or the next 、 item) follows it."""
    name = subject_name(left)
    return bool(
        name
        and len(name) >= 3
        and MEASURABLE.search(name)
        and not NOT_MEASURABLE.search(name)
        and _VALUE_END.match(right)
    )


def in_breakdown(text: str, span: tuple[int, int, str] | None) -> bool:
    """Whether a bracket span is a breakdown of the number before it: （其中省级30个、市级25个）."""
    return span is not None and span[2] == "(" and bool(_BREAKDOWN.match(text[span[0] : span[1]]))


def breakdown_name(part: str, outer: Entry | None) -> str:
    """省级 + the noun of the total it breaks down (建设示范基地25个 -> 省级示范基地)."""
    part = clean(re.sub(r"^\(?\s*其中", "", part))
    noun = _LEAD_VERB.sub("", outer.name) if outer is not None else ""
    if _LEVEL.match(part):
        noun = _LEVEL.sub("", noun)  # 省级以上研发平台（其中国家级8个） -> 国家级研发平台
    return (part + noun) if part else noun


def shared_names(left: str, qual_start: int | None, hint: str) -> list[str] | None:
    """A和B均比2022年增长50%, A和B均稳定在96%以上, A和B年均增长8% (both measurable): one name
    per subject, or None when the value belongs to one subject."""
    if qual_start is None:
        return None
    before = BASE_PHRASE.sub("", left[:qual_start]).strip()
    shared = bool(_SHARED.search(before))
    subject = subject_name(_SHARED.sub("", before))
    k = subject.count("、") + 1 if "、" in subject else len(AND.findall(subject)) + 1
    if k < 2:
        return None
    names = split_subject(subject, k)
    if names is None:
        return None
    if not shared and not (
        hint in ("avg", "up", "down") and all(MEASURABLE.search(n) and len(n) >= 4 for n in names)
    ):
        return None
    return names


def share_value(entry: Entry, names: list[str]) -> list[Entry]:
    """The entry once per subject, each marked `compound/`."""
    out = []
    for name in names:
        e = replace(entry, name=name, notes=list(entry.notes), review=list(entry.review))
        e.pattern = f"compound/{entry.pattern}"
        e.guess("name")
        out.append(e)
    return out


def split_group(members: list[Entry], subject_list: list[str]) -> None:
    """分别达到30%、60%: k numbers after one subject, one name each, sharing the qualifier (the
    names from the subject, or from the k subjects a clause before listed: 双倍增、总量分别超过…)."""
    k = len(members)
    if k < 2:
        return
    first, subject = members[0], members[0].name
    names = split_subject(subject, k)
    if names is None and len(subject_list) == k:
        names = with_head(subject_list, subject)
    for i, e in enumerate(members):
        if i and e.pattern in ("continuation", "count-verb"):
            e.comparator, e.kind, e.direction, e.pattern = (
                first.comparator,
                first.kind,
                first.direction,
                first.pattern.removeprefix("compound/"),
            )
            e.review = list(first.review)
        e.name = names[i] if names else f"{subject}（{i + 1}）"
        e.pattern = e.pattern if e.pattern.startswith("compound/") else f"compound/{e.pattern}"
        e.guess("name")
