"""The layout of a plan's text: headings and their levels, background sections, tables, and the
sentences and clauses of a paragraph (with the spans that quotes and brackets cover)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from targets.extract.numerals import Norm, normalize

_CN = "一二三四五六七八九十"
# Heading forms and their levels: 第一章 / 一、 (1), 第一节 / （一） (2), 1. (3), （1） (4).
_HEADINGS = (
    (re.compile(rf"^第[{_CN}\d]+[章篇部分]"), 1),
    (re.compile(rf"^[{_CN}]+[、.]"), 1),
    (re.compile(rf"^第[{_CN}\d]+节"), 2),
    (re.compile(rf"^\([{_CN}]+\)"), 2),
    (re.compile(r"^\d+[.、](?!\d)"), 3),
    (re.compile(r"^\(\d+\)"), 4),
    (re.compile(r"^专栏\s*\d+(?:-\d+)?"), 5),
)
BARE_HEADING = 12  # an unnumbered line this short naming a background or target section heads one
MAX_HEADING = 30  # a numbered line longer than this is a paragraph that starts with a list number
_MARKUP = re.compile(r"\[bookmark:[^\]]*\]")  # word-processor residue in exported text
# Sections that describe the past or the situation, not what the plan sets out to do.
_BACKGROUND = re.compile(
    r"发展基础|基础与问题|基础和问题|现状|存在的?问题|主要问题|问题和挑战|机遇和挑战|机遇与挑战|面临的?环境|"
    r"面临的?形势|形势分析|发展环境|回顾|主要成效|取得的成[就效]|基本情况"
)
_TARGET_SECTION = re.compile(r"目标")
_LIST_MARK = re.compile(rf"\s*(?:[{_CN}]+是|\d+[.、](?!\d)|\(\d+\)|\([{_CN}]+\)|[{_CN}]+、)\s*")


def strip_markup(text: str) -> str:
    return _MARKUP.sub("", text)


@dataclass
class Heading:
    line: int
    level: int
    text: str
    background: bool
    target: bool


def heading_of(raw: str, number: int) -> Heading | None:
    text = strip_markup(raw).strip()
    if not text or raw.startswith("\t"):
        return None
    norm = normalize(text).text
    background, target = bool(_BACKGROUND.search(text)), bool(_TARGET_SECTION.search(text))
    for pattern, level in _HEADINGS:
        if pattern.match(norm) and len(text) <= MAX_HEADING and not text.endswith(("。", "；")):
            return Heading(number, level, text, background, target)
    if (background or target) and len(norm) <= BARE_HEADING and not re.search(r"[\d,.;:!?。]", norm):
        return Heading(number, 1, text, background, target)  # 发展目标: its number lost in export
    return None


@dataclass
class Region:
    """What the section around a line is about: background (facts, not targets) and whether it
    is a section of targets (发展目标, 主要目标), whose lead year reaches the whole section."""

    background: bool = False
    target_section: int | None = None  # line of the heading of the enclosing target section


def regions(lines: list[str]) -> tuple[list[Region], list[Heading]]:
    """The region of every line (index = line number - 1) and the headings found."""
    out: list[Region] = []
    stack: list[Heading] = []
    headings: list[Heading] = []
    for n, raw in enumerate(lines, start=1):
        h = heading_of(raw, n)
        if h is not None:
            while stack and stack[-1].level >= h.level:
                stack.pop()
            stack.append(h)
            headings.append(h)
        target = next((s.line for s in reversed(stack) if s.target), None)
        out.append(Region(any(s.background for s in stack), target))
    return out, headings


@dataclass
class Clause:
    start: int  # in the normalised line
    end: int
    text: str


@dataclass
class Sentence:
    start: int
    end: int
    clauses: list[Clause] = field(default_factory=list)


def masked_spans(text: str) -> list[tuple[int, int, str]]:
    """Spans inside “quotes”, 《titles》 and (parentheses), each with its opening character."""
    spans: list[tuple[int, int, str]] = []
    pairs = {"“": "”", "《": "》", "(": ")", "「": "」", "‘": "’"}
    stack: list[tuple[str, int]] = []
    in_ascii_quote: int | None = None
    for i, ch in enumerate(text):
        if ch == '"':
            if in_ascii_quote is None:
                in_ascii_quote = i
            else:
                spans.append((in_ascii_quote, i + 1, '"'))
                in_ascii_quote = None
        elif ch in pairs:
            stack.append((ch, i))
        elif stack and ch == pairs[stack[-1][0]]:
            opener, start = stack.pop()
            spans.append((start, i + 1, opener))
    return spans


def inside(
    spans: list[tuple[int, int, str]], a: int, b: int, kinds: str = '“《(「‘"'
) -> tuple[int, int, str] | None:
    """The innermost span of the given kinds that contains [a, b)."""
    best = None
    for s, e, k in spans:
        if k in kinds and s < a and b <= e and (best is None or s > best[0]):
            best = (s, e, k)
    return best


_SENTENCE_END = re.compile(r"[。;!?]")


def _clause_cut(text: str, i: int) -> bool:
    ch = text[i]
    if ch not in ",:":
        return False
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1 : i + 5]
    if ch == "," and before.isdigit() and re.match(r"\d{3}(?!\d)", after):
        return False  # 1,034
    return not (ch == ":" and before.isdigit() and after[:1].isdigit())  # 2.2:1


def sentences(norm: Norm) -> list[Sentence]:
    """Sentences split at 。；！？ and clauses at ，： (not inside quotes or brackets, and not in
    1,034 or 2.2:1)."""
    text = norm.text
    spans = [s for s in masked_spans(text) if s[2] in "“(《「"]

    def hidden(i: int) -> bool:
        return any(s < i < e - 1 for s, e, _ in spans)

    out: list[Sentence] = []
    start = 0
    cuts = [m.start() for m in _SENTENCE_END.finditer(text) if not hidden(m.start())] + [len(text)]
    for cut in cuts:
        if cut > start:
            sent = Sentence(start, cut)
            cstart = start
            inner = [i for i in range(start, cut) if _clause_cut(text, i) and not hidden(i)]
            for c in [*inner, cut]:
                if c > cstart:
                    sent.clauses.append(Clause(cstart, c, text[cstart:c]))
                cstart = c + 1
            out.append(sent)
        start = cut + 1
    return out


def list_mark_end(text: str, start: int) -> int:
    """Skip a leading enumerator (一是, 1., （一）) at `start`."""
    m = _LIST_MARK.match(text, start)
    return m.end() if m else start
