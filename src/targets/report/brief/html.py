"""The HTML briefing: one self-contained page (inline CSS and SVG, no script, no URL), printable on A4."""

from __future__ import annotations

from targets.report.brief import Briefing, Row, Section
from targets.report.brief.labels import NUMERIC, WORDS
from targets.report.brief.svg import render_chart, render_legend
from targets.safe import html_escape as escape  # XML 1.0's forbidden characters dropped too

WITH_YEAR = frozenset({4, 5, 6})
SHORT = frozenset({2, 3})

# System CJK fonts only: the page must not fetch anything.
CSS = """\
@page { size: A4; margin: 14mm 12mm; }
html { background: #ffffff; color: #1a1a1a; }
body {
  margin: 0;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB",
    "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans SC", sans-serif;
  font-size: 10pt;
  line-height: 1.45;
}
main { max-width: 186mm; margin: 0 auto; padding: 10mm 0; }
h1 {
  font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif;
  font-size: 17pt; text-align: center; margin: 0 0 6pt;
}
h2 { font-size: 12.5pt; margin: 16pt 0 2pt; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10pt; margin: 8pt 0 2pt; break-after: avoid; page-break-after: avoid; }
p { margin: 3pt 0; }
.overall { text-align: center; }
.legend-box { text-align: center; margin: 4pt 0 8pt; }
.meta { color: #595959; font-size: 9pt; }
.summary { text-align: justify; }
.note { font-size: 8.5pt; color: #404040; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; margin: 6pt 0 3pt; }
th, td { border: 0.5pt solid #9a9a9a; padding: 1.5pt 3pt; vertical-align: middle; }
th { background: #eeeeee; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.name { min-width: 9em; }
td.short { white-space: nowrap; }
.yr { color: #666666; font-size: 7pt; }
td.status { white-space: nowrap; font-weight: 600; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.st-achieved, .st-ahead { color: #1b6e2d; }
.st-on_track { color: #1c5f78; }
.st-behind { color: #9a6700; }
.st-far_behind, .st-moving_away, .st-fallen_back, .st-missed { color: #a61e1e; }
.st-not_assessable, .st-no_data { color: #6b6b6b; font-weight: 400; }
.charts { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm; margin: 6pt 0; }
figure.chart { margin: 0; padding: 1.5mm; border: 0.5pt solid #d0d0d0; break-inside: avoid;
  page-break-inside: avoid; }
figure.chart figcaption { font-size: 8pt; line-height: 1.3; }
figure.chart svg { display: block; width: 100%; height: auto; }
ul.reasons { margin: 2pt 0; padding-left: 14pt; font-size: 8.5pt; }
section.plan + section.plan { break-before: page; page-break-before: always; }
@media print { main { max-width: none; padding: 0; } }
"""


def _cell(i: int, text: str, row: Row | None) -> str:
    if row is None:
        return f'<th scope="col">{escape(text)}</th>'
    classes = ["num"] if i in NUMERIC else ["name"] if i == 1 else ["short"] if i in SHORT else []
    if i == len(row.cells) - 1:
        classes += ["status", f"st-{row.result.status.value}"]
    attr = f' class="{" ".join(classes)}"' if classes else ""
    value, sep, year = text.rpartition(" (")
    if i in WITH_YEAR and sep and text.endswith(")"):
        # The year on a line of its own keeps the number columns narrow on A4 portrait.
        return f'<td{attr}>{escape(value)}<br><span class="yr">({escape(year)}</span></td>'
    return f"<td{attr}>{escape(text)}</td>"


def _table(briefing: Briefing, section: Section) -> list[str]:
    out = ["<table>", "<thead>", "<tr>" + "".join(_cell(i, h, None) for i, h in enumerate(briefing.headers))]
    out += ["</tr>", "</thead>", "<tbody>"]
    for row in section.rows:
        out.append("<tr>" + "".join(_cell(i, c, row) for i, c in enumerate(row.cells)) + "</tr>")
    out += ["</tbody>", "</table>"]
    return out


def _charts(section: Section, lang: str) -> list[str]:
    """The charts of a section; `#charts-PLAN` links (and scrolls) to them."""
    figures = []
    for row in section.rows:
        if row.chart is None:
            continue
        name, status = row.cells[1], row.cells[-1]
        figures += [
            '<figure class="chart">',
            f"<figcaption>{row.number}. {escape(name)} · "
            f'<span class="st-{row.result.status.value}">{escape(status)}</span></figcaption>',
            render_chart(row.chart, name, row.result.unit, lang),
            "</figure>",
        ]
    if not figures:
        return []
    anchor = escape(f"charts-{section.plan.id}")
    return [
        f'<h3 id="{anchor}">{escape(WORDS[lang]["charts"])}</h3>',
        '<div class="charts">',
        *figures,
        "</div>",
    ]


def _reasons(section: Section, lang: str) -> list[str]:
    words = WORDS[lang]
    items = [
        words["note_item"].format(no=row.number, name=row.cells[1], reason=row.reason or row.no_chart)
        for row in section.rows
        if row.reason or row.no_chart
    ]
    if not items:
        return []
    return [
        f"<h3>{escape(words['notes'])}</h3>",
        '<ul class="reasons">',
        *(f"<li>{escape(item)}</li>" for item in items),
        "</ul>",
    ]


def render_html(briefing: Briefing) -> str:
    lang = briefing.lang
    words = WORDS[lang]
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(briefing.title)}</title>",
        "<style>",
        CSS.rstrip(),
        "</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{escape(briefing.title)}</h1>",
        f'<p class="overall">{escape(briefing.overall)}</p>',
        f'<div class="legend-box">{render_legend(lang)}</div>',
    ]
    for s in briefing.sections:
        out += [
            f'<section class="plan" id="{escape(s.plan.id)}">',
            f"<h2>{escape(s.number + s.plan.title)}</h2>",
            f'<p class="meta">{escape(s.meta)}</p>',
            f'<p class="summary">{escape(s.summary)}</p>',
        ]
        # Charts first: the page is what a leader looks at; the table below is the detail.
        out += _charts(s, lang)
        out += [f"<h3>{escape(words['table'])}</h3>", *_table(briefing, s)]
        if s.cumulative:
            out.append(f'<p class="note">{escape(words["bracket"])}</p>')
        out += _reasons(s, lang)
        out.append("</section>")
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
