"""Plain-text and markdown briefings: tables that align in a monospace font, CJK counted as two columns."""

from __future__ import annotations

from collections.abc import Sequence

from targets.report.brief.labels import NUMERIC_COLUMNS, WORDS
from targets.report.brief.model import Briefing, Part, Row, Section
from targets.report.render import width
from targets.safe import visible

_MD_SPECIAL = "\\`*_[]<>|~"


def grid(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: frozenset[int]) -> str:
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
    """Backslash-escape what markdown would read as markup; controls are shown, never obeyed;
    newlines would end a table row."""
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in visible(" ".join(text.splitlines())))


def md_grid(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: frozenset[int]) -> str:
    align = ["---:" if i in numeric else "---" for i in range(len(headers))]
    lines = ["| " + " | ".join(md_escape(h) for h in headers) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(md_escape(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def numeric(briefing: Briefing) -> frozenset[int]:
    return frozenset(i for i, c in enumerate(briefing.columns) if c in NUMERIC_COLUMNS)


def notes(rows: Sequence[Row], lang: str, charts: bool = False) -> list[str]:
    """说明: why a target is not assessable (and, where charts are drawn, why one has none)."""
    words = WORDS[lang]
    return [
        words["note_item"].format(no=row.number, name=row.name, reason=row.reason or row.no_chart)
        for row in rows
        if row.reason or (charts and row.no_chart)
    ]


def hidden_line(part: Part, lang: str) -> str | None:
    """The one line naming a table's rows without data, when they are left out."""
    if not part.hidden:
        return None
    words = WORDS[lang]
    items = words["list_sep"].join(words["item"].format(name=r.name, no=r.number) for r in part.hidden)
    return words["hidden"].format(n=len(part.hidden), items=items)


def ended_line(section: Section, lang: str) -> str:
    return f"{section.number}{section.title}{'：' if lang == 'zh' else ': '}{section.line}"


def _head(briefing: Briefing) -> list[str]:
    out = [briefing.title]
    if briefing.date:
        out.append(briefing.date)
    return [*out, "", briefing.overall, ""]


def render_text(briefing: Briefing) -> str:
    words = WORDS[briefing.lang]
    out = _head(briefing)
    for s in briefing.sections:
        if s.line is not None:
            out += [ended_line(s, briefing.lang), ""]
            continue
        out += [f"{s.number}{s.title}", s.meta, "", *s.summary, ""]
        for part in s.parts:
            if part.heading:
                out += [f"【{part.heading}】"]
            if part.rows:
                # controls shown as escapes before measuring, so the columns still align
                cells = [[visible(c) for c in row.cells] for row in part.rows]
                out.append(grid(briefing.headers, cells, numeric(briefing)))
            if part.cumulative:
                out.append(words["bracket"])
            hidden = hidden_line(part, briefing.lang)
            if hidden:
                out.append(hidden)
            out.append("")
        found = notes(s.rows, briefing.lang)
        if found:
            out += [words["notes"], *("  " + n for n in found), ""]
    return visible_lines("\n".join(out).rstrip() + "\n")


def visible_lines(text: str) -> str:
    """Every line through `visible`: a name from the catalog cannot move the terminal's cursor."""
    return "\n".join(visible(line) for line in text.split("\n"))


def render_md(briefing: Briefing) -> str:
    words = WORDS[briefing.lang]
    out = [f"# {md_escape(briefing.title)}", ""]
    if briefing.date:
        out += [md_escape(briefing.date), ""]
    out += [md_escape(briefing.overall), ""]
    for s in briefing.sections:
        if s.line is not None:
            title, _, line = ended_line(s, briefing.lang).partition(s.title)
            out += [f"**{md_escape(title + s.title)}**{md_escape(line)}", ""]
            continue
        out += [f"## {md_escape(s.number + s.title)}", "", md_escape(s.meta), ""]
        out += [*("- " + md_escape(sentence) for sentence in s.summary), ""]
        for part in s.parts:
            if part.heading:
                out += [f"### {md_escape(part.heading)}", ""]
            if part.rows:
                rows = [row.cells for row in part.rows]
                out += [md_grid(briefing.headers, rows, numeric(briefing)), ""]
            if part.cumulative:
                out += [md_escape(words["bracket"]), ""]
            hidden = hidden_line(part, briefing.lang)
            if hidden:
                out += [md_escape(hidden), ""]
        found = notes(s.rows, briefing.lang)
        if found:
            out += [f"**{words['notes']}**", "", *("- " + md_escape(n) for n in found), ""]
    return "\n".join(out).rstrip() + "\n"
