"""Indicator names from the words around a number, and compound subjects split into one name each
(制造业、数字经济增加值占GDP比重分别达到30%、60% -> 制造业增加值占GDP比重, 数字经济增加值占GDP比重)."""

from __future__ import annotations

import re

from targets.extract.lexicon import MEASURABLE, NAME_PREFIX, NAME_SUFFIX, PREDICATE_END, SHARED_HEAD

BASE_PHRASE = re.compile(
    r"(?:较|比|相比|与)\s*[“\"]?十[一二三四五六]五[”\"]?\s*(?:末|期末|末期)(?:相比)?|"
    r"(?:较|比|相比|与)\s*\d{4}\s*年(?:相比)?|在\s*\d{4}\s*年(?:的)?基础上|同比|比上年|较上年|比去年|较去年"
)
AND = re.compile(r"以及|和|(?<![普涉危])及(?!时)|与")  # not 普及率, 及时
_ENUM = re.compile(r"[\u4e00-\u9fff“”A-Za-z0-9]+(?:、[\u4e00-\u9fff“”A-Za-z0-9]+)+等")
_VERB_TAIL = re.compile(
    r"(?:实现|达到|达|为|是|集聚|聚集|超过|超|突破|不低于|不少于|不超过|控制在|保持在|稳定在|保持|增至|"
    r"提高到|提升到|提高至|提升至|降至|降到|分别|均|约|规模达|占|提升|提高|增长|增加|下降|降低|减少|缩短)+$"
)


def clean(text: str) -> str:
    """Strip scope words, adverbs and enumerators from the front, particles from the end, and a
    quotation mark left without its partner."""
    text = text.strip()
    prev = None
    while prev != text:
        prev = text
        text = NAME_PREFIX.sub("", text)
        text = NAME_SUFFIX.sub("", text)
        text = re.sub(r"”?目标$", "", text) if text.count("“") != text.count("”") else text
        if text.count("“") != text.count("”"):
            text = text.replace("“", "").replace("”", "")
    return text.strip()


_GENERIC = re.compile(
    r"^(?:产值|营收|营业收入|收入|规模|总量|数量|增加值|产量|销售额|销售收入|税收|投资额?)$"
)
_LEAD_VERB = re.compile(
    r"^(?:重点|大力|加快|积极|着力)?(?:发展|推动|打造|建设|实施|做强|壮大|培育|提升|推进)+"
)


def qualify(name: str, run_in: str | None) -> str:
    """产值 alone says little: prefix the paragraph's run-in heading (重点发展集成电路产业集群。…
    力争实现产值500亿元 -> 集成电路产业集群产值)."""
    if run_in and _GENERIC.match(name):
        return _LEAD_VERB.sub("", clean(run_in)) + name
    return name


def subject_name(left: str) -> str:
    """The name in "NAME + comparator + number": the words before the comparator."""
    name = clean(left)
    prev = None
    while prev != name:
        prev = name
        name = clean(_VERB_TAIL.sub("", name))
    return name


def object_name(verb_part: str, noun: str) -> str:
    """The name in "verb + number + noun" (新建6所医院 -> 新建医院): the verb phrase and the noun."""
    verb_part = _ENUM.sub("", clean(verb_part))
    noun = clean(re.sub(r"^(?:以上|左右|以内|及以上)?(?:的)?", "", noun))
    return (verb_part + noun).strip() or noun


def split_subject(subject: str, k: int) -> list[str] | None:
    """A subject naming k indicators, one name each, or None when it does not split into k.

    The list is cut at 、 (or at 和/及/与 when there is no 、); a head shared by the items (增加值,
    占比, 总量...) is added to those that lack it, and a modifier ending in 的 on the first item
    is shared with the others."""
    parts = [p for p in subject.split("、") if p]
    if len(parts) == 1:
        parts = [p for p in AND.split(subject) if p]
    if len(parts) != k or k < 2:
        return None
    last = parts[-1]
    head = None
    m = SHARED_HEAD.search(last)
    if m and 0 < m.start() <= len(parts[0]) + 2:
        head = last[m.start() :]
    elif all(len(p) == 2 for p in parts[:-1]) and len(last) > 3:
        head = last[2:]  # two-character modifiers: 城镇和农村居民人均可支配收入
    elif m and m.start() > 0:
        head = last[m.start() :]
    prefix = parts[0][: parts[0].rfind("的") + 1] if "的" in parts[0] else ""
    names = []
    for i, part in enumerate(parts):
        name = part
        if head and i < k - 1 and not SHARED_HEAD.search(part) and not MEASURABLE.search(part):
            name = part + head
        if prefix and i > 0 and "的" not in part:
            name = prefix + name
        names.append(clean(name))
    return names


def with_head(items: list[str], head: str) -> list[str]:
    """总量分别超过… after a list of k subjects: each subject with the head (高新技术企业总量)."""
    return [clean(item) + head for item in items]


def cut_left(left: str) -> str:
    """The part of the words before a number that names it: from the last 、-segment back over
    the segments that only list subjects (制造业、数字经济…), stopping after a complete clause."""
    segments = left.split("、")
    kept = [segments.pop()]
    while segments and not PREDICATE_END.search(segments[-1].strip()):
        kept.insert(0, segments.pop())
    return "、".join(kept)
