"""Reading one paragraph: sentences, clauses, the scope in force at each number, whether a number
states a target at all, and the Entry the family rules (rules.py) type.

A number with a unit is a target when a comparator (达到, 以上, 不低于…) or a verb that sets one
(新建, 培育, 形成…) governs it, or when it continues a list whose first item was a target. It is
not one in a background section, in a sentence about a past year, in “quotes”, 《titles》 or
(brackets), after 第/每/按, in a fact (已建成) or in a condition (…以下的，)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace

from targets.extract.clause import ClauseState, Context, Reading, RuleSet
from targets.extract.lexicon import (
    ASPIRATIONAL,
    PREP_BEFORE,
    RIGHT_QUALIFIER,
    SIZE_LABEL_LEFT,
    SIZE_LABEL_RIGHT,
    TARGET_VERBS,
    YEAR_ON_YEAR,
    left_qualifier,
)
from targets.extract.model import Entry, Explained, explained
from targets.extract.names import (
    BASE_PHRASE,
    clean,
    cut_left,
    object_name,
    qualify,
    subject_name,
)
from targets.extract.numerals import Norm, Quantity, find_quantities, normalize
from targets.extract.scope import ANNUAL_NOUN, TimePhrase, time_phrases
from targets.extract.screen import screen, weak
from targets.extract.segment import Clause, Sentence, inside, list_mark_end, masked_spans, sentences
from targets.extract.subjects import (
    breakdown_name,
    in_breakdown,
    noun_value,
    part_of_name,
    share_value,
    shared_names,
    split_group,
)

_TARGET_QUOTE = re.compile(r"^\s*(?:目标|的目标)")
_CUMULATIVE = re.compile(
    r"累计(?=\s*(?:达到|达|完成|新增|引进|培育|实现|建成|发布|利用|招引|落地|新建|开工))"
)
_FROM_A_BASE = frozenset({"multiple", "change_by", "avg_growth", "pp_change", "rate"})
_BARE_NAME = re.compile(r"(?:累计)?(?:完成|实现|达到|新增)?|总量|规模|总规模")
_JOINER = re.compile(r"(?:以上|以下|左右|以内)?\s*(?:、|和|及|与)\s*")
RUN_IN = 24  # a paragraph's first sentence this short, without numbers, is a run-in heading


class ParagraphReader:
    """Reads one paragraph (a line of prose or a table cell) into Entries."""

    def __init__(self, raw: str, ctx: Context, rules: RuleSet) -> None:
        self.ctx = ctx
        self.rules = rules
        self.norm: Norm = normalize(raw)
        self.text = self.norm.text
        self.spans = masked_spans(self.text)
        self.phrases: list[TimePhrase] = time_phrases(self.text)
        self.entries: list[Entry] = []
        self.run_in: str | None = None
        self.reasons: dict[int, str] = {}  # position of a number -> why it is not a target

    # -- scope ---------------------------------------------------------------------------
    def year_at(self, sent: Sentence, clause: Clause, pos: int) -> tuple[int | str | None, str]:
        """The target year in force at `pos` and where it came from (text, deadline, annual,
        default): 每年 in the clause, then 2023年内 in the sentence, then the last 到2025年 of the
        paragraph, then a section's or a task row's year, then per-year wording (年度, 年营收)."""
        for p in reversed(self.phrases):
            if p.kind == "annual" and clause.start <= p.start < pos:
                return "annual", "text"
        for p in reversed(self.phrases):
            if p.kind == "by" and sent.start <= p.start < pos and p.year:
                return p.year, "text"
        for p in reversed(self.phrases):
            if p.kind == "deadline" and p.start < pos and p.year:
                return p.year, "text"
        for p in self.phrases:
            if p.kind == "span" and p.span and sent.start <= p.start < pos:
                return p.span[1], "text"
        if self.ctx.carried_year:
            return self.ctx.carried_year, "text"
        if self.ctx.deadline:
            return self.ctx.deadline, "deadline"
        if ANNUAL_NOUN.search(self.text[sent.start : sent.end]):
            return "annual", "annual"
        return None, "default"

    def explicit_scope(self, sent: Sentence, pos: int) -> bool:
        """Whether a time phrase (not the plan's default year) governs `pos`."""
        return any(
            p.kind in ("deadline", "by", "annual")
            and p.start < pos
            and (p.kind == "deadline" or p.start >= sent.start)
            for p in self.phrases
        ) or bool(self.ctx.carried_year or self.ctx.deadline)

    def past(self, sent: Sentence) -> bool:
        """A sentence naming a year before the plan period reports what happened."""
        return any(
            p.kind == "year"
            and p.year is not None
            and p.year < self.ctx.period.start
            and sent.start <= p.start < sent.end
            for p in self.phrases
        )

    def base_year(self, sent: Sentence, pos: int, start: int | None = None) -> int | None:
        """较2017年, 在2010年基础上, 以2020年为基期: the last one before `pos` in the sentence
        (or from `start` on)."""
        start = sent.start if start is None else start
        found = [p.year for p in self.phrases if p.kind == "base" and start <= p.start < pos]
        return found[-1] if found else None

    def cumulative(self, clause: Clause, pos: int) -> bool:
        if _CUMULATIVE.search(self.text, clause.start, pos):
            return True
        return any(
            p.kind == "span" and p.span is None and clause.start <= p.start < pos for p in self.phrases
        )

    # -- reading -------------------------------------------------------------------------
    def read(self) -> list[Entry]:
        if self.ctx.region.background:
            for q in find_quantities(self.text):
                self.skip(q, "in a background section (发展基础, 现状, 回顾…): a fact")
            return []
        parts = sentences(self.norm)
        first = parts[0] if parts else None
        if (
            first
            and first.end - first.start <= RUN_IN
            and not find_quantities(self.text[first.start : first.end])
        ):
            self.run_in = self.text[first.start : first.end]  # 重点发展集成电路产业集群。…
        for sent in parts:
            if self.past(sent):
                for q in find_quantities(self.text[sent.start : sent.end]):
                    self.skip(
                        replace(q, start=q.start + sent.start),
                        "in a sentence about a year before the plan period",
                    )
                continue
            state: ClauseState | None = None
            for clause in sent.clauses:
                prev = state
                state = ClauseState(clause, sent)
                if prev is not None:
                    state.prev_target, state.prev_entry = prev.prev_target, prev.prev_entry
                    state.subject_list, state.subject = prev.subject_list, prev.subject
                self.read_clause(state)
        return self.entries

    def skip(self, q: Quantity, reason: str) -> Entry | None:
        """Record why number `q` states no target (for --explain): no entry."""
        self.reasons.setdefault(q.start, reason)
        return None

    def explain(self) -> list[Explained]:
        """For each number of the paragraph (and each entry found without one), why it was or
        was not drafted."""
        numbers = {q.start: self.norm.orig(q.start, q.end) for q in find_quantities(self.text)}
        out = [replace(explained(e.line, e), printed=numbers.get(e.pos, e.quote)) for e in self.entries]
        at = {e.pos for e in self.entries}
        for q in find_quantities(self.text):
            if q.start not in at:
                why = self.reasons.get(q.start, "not read as a target (no rule recognised its phrase)")
                printed = self.norm.orig(q.start, q.end)
                out.append(Explained(self.line_of(q.start), q.start, printed, None, why))
        return sorted(out, key=lambda x: x.pos)

    def line_of(self, pos: int) -> int:
        """The number of the line that position `pos` of the paragraph is on."""
        if pos >= len(self.norm.index):
            pos = len(self.norm.index) - 1
        at = self.norm.index[pos] if pos >= 0 else 0
        return self.ctx.line + bisect_right(self.ctx.starts, at) - 1

    def quote(self, start: int, end: int) -> str:
        """The verbatim text of [start, end) of the line, without a leading enumerator (in a
        wrapped paragraph, only the part on the line where it ends)."""
        if len(self.ctx.starts) > 1 and end > start:
            first = self.ctx.starts[self.line_of(end - 1) - self.ctx.line]
            start = max(start, bisect_left(self.norm.index, first))
        start = list_mark_end(self.text, start)
        while start < end and self.text[start] in " ,、:":
            start += 1
        text = self.norm.orig(start, end).strip()
        if len(text) > 60:  # a window around the number keeps the quote readable
            text = self.norm.orig(max(start, end - 50), end).strip()
        return text

    def new(self, state: ClauseState, pos: int, end: int, pattern: str, **kw: object) -> Entry:
        sent, clause = state.sentence, state.clause
        year, year_from = self.year_at(sent, clause, pos)
        qend = min(max(end, pos + 1), clause.end)
        entry = Entry(
            line=self.line_of(qend - 1),  # the line the quote is on (of a wrapped paragraph)
            quote=self.quote(clause.start, qend),
            pattern=pattern,
            year=year,
            year_from=year_from,
            pos=pos,
            aspirational=bool(ASPIRATIONAL.search(self.text, sent.start, pos)),
            **kw,  # type: ignore[arg-type]
        )
        if year_from in ("default", "deadline", "annual"):
            entry.guess("target.year")
        by = self.base_year(sent, pos)
        if by is not None and (entry.kind in _FROM_A_BASE or by == self.base_year(sent, pos, clause.start)):
            entry.base_year = by  # a level's base year only when its own clause names one
        self.entries.append(entry)
        state.prev_target, state.prev_entry = True, entry
        if entry.name not in ("", "?"):
            state.subject = entry.name
        return entry

    def read_clause(self, state: ClauseState) -> None:
        cs, ce = state.clause.start, state.clause.end
        quantities = [
            replace(q, start=q.start + cs, end=q.end + cs) for q in find_quantities(self.text[cs:ce])
        ]
        # 每万人口, 第2批, 按15%, “四个全面”: numbers that name or qualify something; the clause
        # reads as if they were absent
        kept = []
        for q in quantities:
            if PREP_BEFORE.search(self.text[max(cs, q.start - 3) : q.start]):
                self.skip(q, "after 第/每/按/前…: it names or qualifies something")
            elif self.labelled(q):
                self.skip(q, "inside “quotes”, 《a title》 or (brackets): a name")
            else:
                kept.append(q)
        quantities = kept
        for numbers_rule in self.rules.before_numbers:
            numbers_rule(self, state, quantities)
        if not quantities:
            for clause_rule in self.rules.without_numbers:
                clause_rule(self, state)
            return
        consumed = self.rules.from_to(self, state, quantities)
        anchor = cs
        group: list[Quantity] = []
        for i, q in enumerate(quantities):
            if i in consumed:
                anchor = q.end
                self.skip(q, "the starting value of a from-to (its baseline)")
                continue
            nxt = quantities[i + 1].start if i + 1 < len(quantities) else ce
            right = self.text[q.end : nxt]
            joiner = bool(group) and _JOINER.fullmatch(self.text[quantities[i - 1].end : q.start]) is not None
            if not joiner:
                split_group(self.entries[-len(group) :] if len(group) > 1 else [], state.subject_list)
                group = []
            if i + 1 < len(quantities) and self.names_next(q, cs, anchor, right):
                continue  # the anchor stays: the number is in the next one's name
            if self.quantity(state, q, cut_left(self.text[anchor : q.start]), self.text[cs : q.start], right):
                group.append(q)
            right_phrase = re.match(r"[^、]*", right)
            anchor = q.end + (right_phrase.end() if right_phrase else 0)
        split_group(self.entries[-len(group) :] if len(group) > 1 else [], state.subject_list)

    def one_year(self, sent: Sentence, pos: int) -> bool:
        """In a one-year plan (2024年工作要点) a growth without a base year is that year's rate."""
        return self.ctx.period.start == self.ctx.period.end != 0 and self.base_year(sent, pos) is None

    def names_next(self, q: Quantity, cs: int, anchor: int, right: str) -> bool:
        """城市15分钟健康服务圈覆盖率达到90%, 培育年营收超5亿元的企业8家: a number inside the name
        of the next number's indicator."""
        left = self.text[cs : q.start]
        if SIZE_LABEL_LEFT.search(self.text[anchor : q.start]) and SIZE_LABEL_RIGHT.match(right):
            self.skip(q, "a size class (超百亿元企业)")
            return True
        if left_qualifier(left) or RIGHT_QUALIFIER.match(right) or TARGET_VERBS.search(left):
            return False
        if not part_of_name(right):
            return False
        self.skip(q, "part of the next number's indicator name (15分钟健康服务圈覆盖率)")
        return True

    def labelled(self, q: Quantity) -> bool:
        """A number inside “quotes”, 《a title》 or (brackets) names something (“四个全面”,
        凤栖7条); a quoted list followed by 目标 is the exception: “做强1个、组建2个”目标."""
        span = inside(self.spans, q.start, q.end)
        if span is None or in_breakdown(self.text, span):
            return False
        return not (span[2] in '“"' and _TARGET_QUOTE.match(self.text[span[1] :]))

    def quantity(
        self, state: ClauseState, q: Quantity, left: str, full_left: str, right: str
    ) -> Entry | None:
        """The Entry for number `q` if it states a target, typed by the first family rule that
        recognises its phrase."""
        sent = state.sentence
        reason = screen(left, full_left, right)
        if reason is not None:
            return self.skip(q, reason)
        qual = left_qualifier(left)
        rq = RIGHT_QUALIFIER.match(right)
        verb = TARGET_VERBS.search(full_left)
        explicit = self.explicit_scope(sent, q.start)
        continuation = state.prev_target and not qual and not verb
        governed = explicit or self.ctx.region.target_section is not None
        bare = not (qual or rq or verb or continuation) and governed and noun_value(left, right)
        said = (qual is not None, rq is not None, verb is not None, continuation or bare)
        reason = weak(q, left, said, explicit, governed, qual[2] if qual else None)
        if reason is not None:
            return self.skip(q, reason)
        noun = right[rq.end() if rq else 0 :]
        noun_m = re.match(r"\s*(?:的)?([\u4e00-\u9fff“”A-Za-z0-9]+)", noun)
        has_noun = bool(noun_m and noun_m.group(1) and not RIGHT_QUALIFIER.match(noun))
        reading = Reading(
            q=q,
            left=left,
            full_left=full_left,
            right=right,
            qual=qual,
            rq=rq["q"] if rq else None,
            verb=verb is not None,
            continuation=continuation,
            has_noun=has_noun,
            annual=self.year_at(sent, state.clause, q.start)[0] == "annual"
            or bool(YEAR_ON_YEAR.search(full_left))
            or self.one_year(sent, q.start),
            cumulative=self.cumulative(state.clause, q.start),
            bare=bare,
        )
        typed = self.rules.classify(reading)
        name = qualify(self.name(state, reading, noun), self.run_in)
        span = inside(self.spans, q.start, q.end, "(")
        breakdown = in_breakdown(self.text, span)
        if breakdown and span is not None:
            outer = next((e for e in reversed(self.entries) if e.pos < span[0]), None)
            name = breakdown_name(self.text[span[0] : q.start].split("、")[-1], outer)
        tail = re.match(r"[^、]*", right)
        end = q.end + (tail.end() if has_noun and tail else rq.end() if rq else 0)
        entry = self.new(
            state,
            q.start,
            end,
            typed.pattern,
            name=name or "?",
            unit=q.unit,
            kind=typed.kind,
            comparator=typed.comparator,
            direction=typed.direction,
        )
        self.rules.apply(entry, reading, typed, self.ctx.period)
        if breakdown:
            entry.pattern = "breakdown"
        names = shared_names(left, qual[3] if qual else None, reading.hint)
        if names and len(state.subject_list) < 2:
            self.entries.remove(entry)
            self.entries += share_value(entry, names)
            state.prev_entry = self.entries[-1]
        return entry

    def name(self, state: ClauseState, r: Reading, noun: str) -> str:
        """The indicator's name: the words before the comparator (研发投入强度达到3%), or the verb
        and the noun counted (新建6所医院), or the previous item's (储备8个，平台5个)."""
        subject = BASE_PHRASE.sub("", r.left[: r.qual[3]] if r.qual else r.left)
        if r.has_noun and not r.qual:
            name = object_name(subject, noun)
        else:
            name = subject_name(subject) or (object_name(subject, noun) if r.has_noun else "")
        if not name and state.prev_entry is not None and r.continuation:
            return state.prev_entry.name
        if not name and r.qual and state.subject:
            return state.subject  # 年均增长7%，达到5.2万元: the sentence's subject carries on
        if name.startswith("占") and state.subject:
            return state.subject + name  # …增加值由410亿元增至700亿元，占GDP比重提高2个百分点
        if (not name or name.startswith(("不", "超", "达", "约"))) and r.has_noun:
            before = self.text[state.sentence.start : state.clause.start]
            return clean(before.split(",")[-1] if before else "") + clean(noun)
        if state.subject and not state.subject_list and _BARE_NAME.fullmatch(name):
            return state.subject  # 五年累计完成1800亿元, 力争总量突破500亿元: the sentence's indicator
        return name
