"""Numbers that state no target, by the words around them: the reasons `extract --explain` gives.

`screen` reads the words (a place, a fact, a standard, a size class, a condition); `weak` reads
what governs the number (no comparator, verb or list; a small Chinese numeral without a
deadline; a unit outside the registry or no unit without a comparator)."""

from __future__ import annotations

import re

from targets.extract.lexicon import (
    AFTER_NOT_TARGET,
    CONDITION_LEFT,
    CONDITION_RIGHT,
    FACT,
    INDEX_NAME,
    REWARD,
    SIZE_LABEL_LEFT,
    SIZE_LABEL_RIGHT,
    STANDARD_LEFT,
    STANDARD_RIGHT,
    TARGET_VERBS,
)
from targets.extract.numerals import Quantity

_OF = re.compile(r"\s*(?:以上|以下|以内|及以上|及以下)?的")  # 对年用水量1万立方米以上的企业


def screen(left: str, full_left: str, right: str) -> str | None:
    """Why the words around a number say it is no target, or None."""
    if AFTER_NOT_TARGET.match(right):
        return "a place (…范围内)"
    if FACT.search(full_left):
        return "a fact (已, 现有, 目前…)"
    if STANDARD_LEFT.search(full_left) and STANDARD_RIGHT.match(right):
        return "a standard (按…的标准): how to do something, not a target"
    if SIZE_LABEL_LEFT.search(left) and SIZE_LABEL_RIGHT.match(right):
        return "a size class (超百亿元企业)"
    if REWARD.search(full_left):
        return "a reward or subsidy a rule pays (给予…奖励)"
    verb = TARGET_VERBS.search(full_left)
    condition = CONDITION_RIGHT.match(right) and (
        right.strip().endswith("的") or CONDITION_LEFT.search(full_left) or not verb
    )
    if condition or (CONDITION_LEFT.search(full_left) and _OF.match(right)):
        return "a condition: whom a rule applies to (…以上的企业)"
    return None


def weak(
    q: Quantity,
    left: str,
    said: tuple[bool, bool, bool, bool],
    explicit: bool,
    governed: bool,
    hint: str | None,
) -> str | None:
    """Why nothing governing number `q` makes it a target, or None. `said`: a comparator before
    it, a qualifier after it, a target verb, a list or an indicator it continues."""
    qual, rq, verb, follows = said
    if not (qual or rq or verb or follows or (q.unit == "%" and "占" in left)):
        why = "no comparator, no target verb, and no target before it in the sentence"
        return why + ("" if governed else "; not in a target section or under a deadline")
    if (q.chinese or q.label_count) and not explicit and not (qual or rq):
        return "a small Chinese numeral without a deadline: a name (两个市场)"
    if q.label_count and not (explicit and verb):
        return "a count of a list (4大板块) without a deadline and a verb"
    if q.loose and not ((qual or rq) and governed):
        return f"a unit outside the registry ({q.unit}) without a comparator or deadline"
    if q.unitless and not (qual and hint in ("reach", "to", "maintain") and INDEX_NAME.search(left)):
        return "a number without a unit that is not an index after a comparator"
    return None
