"""What the paragraph reader and the family rules share: the clause being read, its context, and
the reader's face as the rules see it (a Protocol, so rules.py need not import reader.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from targets.extract.model import Entry
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


@dataclass
class ClauseState:
    """One clause being read, with what the clauses before it in the sentence left behind."""

    clause: Clause
    sentence: Sentence
    prev_target: bool = False
    prev_entry: Entry | None = None
    subject_list: list[str] = field(default_factory=list)


class Reader(Protocol):
    """The part of ParagraphReader the family rules use."""

    ctx: Context
    text: str
    spans: list[tuple[int, int, str]]
    entries: list[Entry]

    def past(self, sent: Sentence) -> bool: ...
    def explicit_scope(self, sent: Sentence, pos: int) -> bool: ...
    def quote(self, start: int, end: int) -> str: ...
    def new(self, state: ClauseState, pos: int, end: int, pattern: str, **kw: object) -> Entry: ...
