"""Plain-text and markdown briefings: tables that align in a monospace font, CJK counted as two columns."""

from __future__ import annotations

from collections.abc import Sequence

from targets.report.brief import Briefing, Section
from targets.report.brief.labels import NUMERIC, WORDS
from targets.report.render import width
from targets.safe import visible

_MD_SPECIAL = "\\`*_[]<>|~"


def grid(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: frozenset[int] = NUMERIC) -> str:
    """An ASCII-ruled table: every line has the same display width and no cell is wrapped or cut.
    ASCII rules because box-drawing characters are double width in CJK fonts."""
    cols = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        parts = []
        for i, cell in enumerate(cells):
            fill = " " * (cols[i] - width(cell))
            parts.append(fill + cell if i in numeric else cell + fill)
        return "| " + " | ".join(parts) + " |"

    rule = "+" + "+".join("-" * (c + 2) for c in cols) + "+"
    return "\n".join([rule, line(headers), rule.replace("-", "="), *(line(r) for r in rows), rule])


def md_escape(text: str) -> str:
    """Backslash-escape what markdown would read as markup (a backslash-escaped < opens no HTML
    tag); line ends (CR too) would end a table row and are folded; controls are shown as escapes."""
    folded = " ".join(text.splitlines())
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in visible(folded))


def md_grid(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: frozenset[int] = NUMERIC) -> str:
    align = ["---:" if i in numeric else "---" for i in range(len(headers))]
    lines = ["| " + " | ".join(md_escape(h) for h in headers) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(md_escape(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def _notes(section: Section, lang: str) -> list[str]:
    words = WORDS[lang]
    return [
        words["note_item"].format(no=row.number, name=row.cells[1], reason=row.reason)
        for row in section.rows
        if row.reason
    ]


def render_text(briefing: Briefing) -> str:
    words = WORDS[briefing.lang]
    out = [briefing.title, "", briefing.overall, ""]
    for s in briefing.sections:
        out += [f"{s.number}{s.plan.title}", s.meta, "", s.summary, ""]
        out.append(grid(briefing.headers, [[visible(c) for c in row.cells] for row in s.rows]))
        if s.cumulative:
            out.append(words["bracket"])
        notes = _notes(s, briefing.lang)
        if notes:
            out += ["", words["notes"], *("  " + n for n in notes)]
        out.append("")
    return "\n".join(visible(line) for line in "\n".join(out).split("\n")).rstrip() + "\n"


def render_md(briefing: Briefing) -> str:
    words = WORDS[briefing.lang]
    out = [f"# {md_escape(briefing.title)}", "", md_escape(briefing.overall), ""]
    for s in briefing.sections:
        out += [
            f"## {md_escape(s.number + s.plan.title)}",
            "",
            md_escape(s.meta),
            "",
            md_escape(s.summary),
            "",
        ]
        out += [md_grid(briefing.headers, [row.cells for row in s.rows]), ""]
        if s.cumulative:
            out += [md_escape(words["bracket"]), ""]
        notes = _notes(s, briefing.lang)
        if notes:
            out += [f"**{words['notes']}**", "", *("- " + md_escape(n) for n in notes), ""]
    return "\n".join(out).rstrip() + "\n"
