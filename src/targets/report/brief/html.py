"""The HTML briefing: one self-contained page (inline CSS and SVG, no script, no URL), printable on A4."""

from __future__ import annotations

from targets.report.brief.labels import NUMERIC_COLUMNS, STATUS_COLOURS, WORDS
from targets.report.brief.model import Briefing, Part, Row, Section
from targets.report.brief.svg import render_chart, render_legend
from targets.report.brief.text import ended_line, hidden_line, notes
from targets.safe import html_escape

WITH_YEAR = frozenset({"baseline", "target", "actual"})
SHORT = frozenset({"unit", "attr"})


def _status_css() -> str:
    return "\n".join(
        f".st-{slug} {{ color: #{ink}; }}\ntd.st-{slug} {{ background: #{shade}; }}"
        for slug, (ink, shade) in STATUS_COLOURS.items()
    )


# System CJK fonts only: the page must not fetch anything. Nothing prints below 8 pt.
CSS = (
    """\
@page { size: A4; margin: 12mm 12mm; }
html { background: #ffffff; color: #1a1a1a; }
body {
  margin: 0;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB",
    "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans SC", sans-serif;
  font-size: 10pt;
  line-height: 1.4;
}
main { max-width: 186mm; margin: 0 auto; padding: 10mm 0; }
h1 {
  font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif;
  font-size: 16pt; text-align: center; margin: 0 0 2pt;
}
h2 { font-size: 12pt; margin: 12pt 0 2pt; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10pt; margin: 6pt 0 2pt; break-after: avoid; page-break-after: avoid; }
p { margin: 3pt 0; }
.date, .overall { text-align: center; }
.legend-box { text-align: center; margin: 2pt 0 4pt; }
.meta { color: #595959; font-size: 9pt; }
header.head { break-inside: avoid; page-break-inside: avoid; }
ul.summary { margin: 3pt 0; padding-left: 14pt; font-size: 9.5pt; line-height: 1.35; }
ul.summary li { margin: 1pt 0; }
.note, .hidden { font-size: 8.5pt; color: #404040; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; margin: 4pt 0 3pt; }
th, td { border: 0.5pt solid #9a9a9a; padding: 1.5pt 3pt; vertical-align: middle; }
th { background: #eeeeee; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.name { min-width: 7em; }
td.short { white-space: nowrap; }
.yr { color: #595959; font-size: 8pt; }
td.status { white-space: nowrap; font-weight: 600; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
"""
    + _status_css()
    + """
.charts { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; margin: 4pt 0; }
figure.chart { margin: 0; padding: 1mm; border: 0.5pt solid #d0d0d0; break-inside: avoid;
  page-break-inside: avoid; }
figure.chart figcaption { font-size: 8pt; line-height: 1.3; }
figure.chart svg { display: block; width: 100%; height: auto; }
ul.reasons { margin: 2pt 0; padding-left: 14pt; font-size: 8.5pt; }
p.ended { margin: 10pt 0 3pt; }
@media print { main { max-width: none; padding: 0; } }
"""
)


def _header(text: str) -> str:
    return f'<th scope="col">{html_escape(text)}</th>'


def _cell(column: str, text: str, row: Row) -> str:
    classes = ["num"] if column in NUMERIC_COLUMNS else ["name"] if column == "name" else []
    if column in SHORT:
        classes.append("short")
    if column == "status":
        classes += ["status", f"st-{row.status.value}"]
    attr = f' class="{" ".join(classes)}"' if classes else ""
    value, sep, year = text.rpartition(" (")
    if column in WITH_YEAR and sep and text.endswith(")"):
        # The year on a line of its own keeps the number columns narrow on A4 portrait.
        return f'<td{attr}>{html_escape(value)}<br><span class="yr">({html_escape(year)}</span></td>'
    return f"<td{attr}>{html_escape(text)}</td>"


def _table(briefing: Briefing, part: Part) -> list[str]:
    out = ["<table>", "<thead>", "<tr>" + "".join(_header(h) for h in briefing.headers), "</tr>", "</thead>"]
    out.append("<tbody>")
    for row in part.rows:
        cells = zip(briefing.columns, row.cells, strict=True)
        out.append("<tr>" + "".join(_cell(c, text, row) for c, text in cells) + "</tr>")
    out += ["</tbody>", "</table>"]
    return out


def _charts(section: Section, lang: str) -> list[str]:
    """The charts of a section; `#charts-N` links (and scrolls) to them."""
    figures = []
    for row in section.rows:
        if row.chart is None:
            continue
        status = row.result.label if lang == "zh" else row.cells[-1]
        figures += [
            '<figure class="chart">',
            f"<figcaption>{row.number}. {html_escape(row.name)} · "
            f'<span class="st-{row.status.value}">{html_escape(status)}</span></figcaption>',
            render_chart(row.chart, row.name, row.result.unit, lang, row.places),
            "</figure>",
        ]
    if not figures:
        return []
    return [
        f'<h3 id="charts-{section.key}">{html_escape(WORDS[lang]["charts"])}</h3>',
        '<div class="charts">',
        *figures,
        "</div>",
    ]


def _reasons(section: Section, lang: str, charts: bool) -> list[str]:
    items = notes(section.rows, lang, charts)
    if not items:
        return []
    return [
        f"<h3>{html_escape(WORDS[lang]['notes'])}</h3>",
        '<ul class="reasons">',
        *(f"<li>{html_escape(item)}</li>" for item in items),
        "</ul>",
    ]


def _section(briefing: Briefing, s: Section) -> list[str]:
    lang, words = briefing.lang, WORDS[briefing.lang]
    if s.line is not None:
        head, _, rest = ended_line(s, lang).partition(s.title)
        title = html_escape(head + s.title)
        return [f'<p class="ended" id="{s.key}"><strong>{title}</strong>{html_escape(rest)}</p>']
    out = [
        f'<section class="plan" id="{s.key}">',
        # heading, meta line and summary stay together on a page
        '<header class="head">',
        f"<h2>{html_escape(s.number + s.title)}</h2>",
        f'<p class="meta">{html_escape(s.meta)}</p>',
        '<ul class="summary">',
        *(f"<li>{html_escape(sentence)}</li>" for sentence in s.summary),
        "</ul>",
        "</header>",
    ]
    if briefing.charts:
        # Charts before the table: the picture first, the detail below.
        out += _charts(s, lang)
    for part in s.parts:
        out.append(f"<h3>{html_escape(part.heading or words['table'])}</h3>")
        if part.rows:
            out += _table(briefing, part)
        if part.cumulative:
            out.append(f'<p class="note">{html_escape(words["bracket"])}</p>')
        line = hidden_line(part, lang)
        if line:
            out.append(f'<p class="hidden">{html_escape(line)}</p>')
    out += _reasons(s, lang, briefing.charts)
    out.append("</section>")
    return out


def render_html(briefing: Briefing) -> str:
    lang = briefing.lang
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html_escape(briefing.title)}</title>",
        "<style>",
        CSS.rstrip(),
        "</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{html_escape(briefing.title)}</h1>",
    ]
    if briefing.date:
        out.append(f'<p class="date">{html_escape(briefing.date)}</p>')
    out.append(f'<p class="overall">{html_escape(briefing.overall)}</p>')
    if briefing.charts and any(row.chart for s in briefing.sections for row in s.rows):
        out.append(f'<div class="legend-box">{render_legend(lang)}</div>')
    for s in briefing.sections:
        out += _section(briefing, s)
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
