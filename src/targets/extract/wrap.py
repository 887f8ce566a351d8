"""Paragraphs of a text whose lines were wrapped at a fixed width (as PDF exports print them): a
sentence, and a target, may run on over several lines. Such lines are joined into one paragraph;
each entry still gives the line its number is on, and quotes only from that line."""

from __future__ import annotations

import re
from collections import Counter

_ENDS = re.compile(r"[。；;！!？?：:]\s*$")
WRAPPED_SHARE = 0.3  # the share of prose lines that stop mid-sentence in a wrapped text
SAME_WIDTH = 0.25  # the share of its lines cut at the same width
MIN_WIDTH = 20  # and that width


def wrapped(prose: list[str]) -> bool:
    """Whether the text's prose lines look wrapped at a width, not one paragraph per line: many
    lines stop mid-sentence, and many have the same length (the width)."""
    lines = [p.strip() for p in prose if p.strip()]
    if len(lines) < 8:
        return False
    open_ended = sum(1 for p in lines if not _ENDS.search(p))
    width, at_width = Counter(len(p) for p in lines).most_common(1)[0]
    return (
        open_ended / len(lines) >= WRAPPED_SHARE
        and at_width / len(lines) >= SAME_WIDTH
        and width >= MIN_WIDTH
    )


def full_width(raw: str, prose: list[tuple[int, str]]) -> bool:
    """A line as long as the text's wrapped lines, stopping mid-sentence: it runs on."""
    lengths = Counter(len(p.strip()) for _, p in prose)
    width = max(lengths, key=lambda k: (lengths[k], k))  # the width most lines were cut at
    return len(raw.strip()) >= width - 2 and not _ENDS.search(raw)


def paragraphs(numbered: list[tuple[int, str]], join: bool) -> list[tuple[int, list[str]]]:
    """(first line number, its lines) for each paragraph of consecutive prose lines: one line
    each unless `join`, when a line that stops mid-sentence runs on into the next."""
    out: list[tuple[int, list[str]]] = []
    last = -1
    for n, raw in numbered:
        if join and out and last == n - 1 and not _ENDS.search(out[-1][1][-1]):
            out[-1][1].append(raw)
        else:
            out.append((n, [raw]))
        last = n
    return out
