"""What the paragraph reader and the family rules share, so that neither imports the other:
the context of a paragraph, the clause being read, a number's reading and its typing, and the
rule set the reader is given (rules.RULES; core.py passes it in)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from targets.extract.lexicon import RIGHT_CMP
from targets.extract.model import Entry
from targets.extract.numerals import Quantity
from targets.extract.scope import Period
from targets.extract.segment import Clause, Region, Sentence


@dataclass
class Context:
    """What a paragraph's rules need to know from outside it."""

    line: int
    period: Period
    region: Region
    carried_year: int | None = None  # a target section's lead year
    deadline: int | None = None  # a task table row's 完成时限
    starts: tuple[int, ...] = (0,)  # where each line of a wrapped paragraph starts in its text


@dataclass
class ClauseState:
    """One clause being read, with what the clauses before it in the sentence left behind."""

    clause: Clause
    sentence: Sentence
    prev_target: bool = False
    prev_entry: Entry | None = None
    subject_list: list[str] = field(default_factory=list)
    subject: str = ""  # the last indicator named in the sentence, for a clause that names none


@dataclass(frozen=True)
class Reading:
    """A number that states a target, with the words around it."""

    q: Quantity
    left: str  # the words naming it, up to the number
    full_left: str  # the clause up to the number
    right: str  # the words after it, up to the next number
    qual: tuple[str, str, str, int] | None  # the comparator before it: words, comparator, hint, start
    rq: str | None  # the qualifier after it: 以上, 以内, 左右…
    verb: bool  # a verb that sets a target governs it (新建, 培育…)
    continuation: bool  # it continues a list whose previous item was a target
    has_noun: bool  # a noun follows (6所医院)
    annual: bool  # 每年 governs it
    cumulative: bool  # 累计, 五年 govern it
    bare: bool = False  # printed after its indicator without a verb (面积15平方米)

    @property
    def hint(self) -> str:
        return self.qual[2] if self.qual else "reach"

    @property
    def comparator(self) -> str:
        cmp = self.qual[1] if self.qual else "exact"
        if self.rq and self.hint != "down":
            cmp = RIGHT_CMP[self.rq]
        return cmp

    @property
    def explicit_comparator(self) -> bool:
        return self.qual is not None or self.rq is not None


@dataclass(frozen=True)
class Typed:
    kind: str
    pattern: str
    comparator: str
    direction: str
    field: str = "value"  # where the number goes: value, change_pct, growth_pct, change_pp
    sign: int = 1


class Reader(Protocol):
    """What a clause rule may use of the paragraph reader."""

    ctx: Context
    text: str
    spans: list[tuple[int, int, str]]
    entries: list[Entry]

    def new(self, state: ClauseState, pos: int, end: int, pattern: str, **kw: object) -> Entry: ...

    def quote(self, start: int, end: int) -> str: ...

    def past(self, sent: Sentence) -> bool: ...

    def explicit_scope(self, sent: Sentence, pos: int) -> bool: ...


ClauseRule = Callable[[Reader, ClauseState], None]
NumbersRule = Callable[[Reader, ClauseState, list[Quantity]], None]


@dataclass(frozen=True)
class RuleSet:
    """The family rules a reader applies (rules.RULES): number typing, and the clause rules."""

    classify: Callable[[Reading], Typed]
    apply: Callable[[Entry, Reading, Typed, Period], None]
    before_numbers: tuple[NumbersRule, ...]  # on every clause, before its numbers (倍增)
    without_numbers: tuple[ClauseRule, ...]  # on a clause without numbers (稳步提升, 优于V类)
    from_to: Callable[[Reader, ClauseState, list[Quantity]], set[int]]
