"""`targets brief`: golden files, table structure and alignment, markdown validity, a safe HTML page."""

from __future__ import annotations

import io
import itertools
import re
import xml.etree.ElementTree as ET
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from targets.actuals import load_actuals
from targets.catalog import default_catalog_path, load_catalog, parse_catalog
from targets.cli.app import app
from targets.evaluate import evaluate
from targets.models import STATUS_ZH, Catalog, Observation, Report, Status
from targets.models import Path as PathKind
from targets.report.brief import Briefing, Options, build
from targets.report.brief.html import render_html
from targets.report.brief.labels import HEADERS
from targets.report.brief.svg import nice_ticks
from targets.report.brief.text import md_escape, render_md, render_text
from targets.report.render import LABELS_EN, width

from .conftest import MINI, obs

ACTUALS = default_catalog_path().parent / "actuals"
GOLDEN = Path(__file__).resolve().parent / "golden"
FORMATS = {"txt": "text", "md": "md", "html": "html"}
runner = CliRunner()


@pytest.fixture(scope="module")
def shipped() -> tuple[Catalog, list[Observation], Report]:
    catalog = load_catalog(default_catalog_path())
    observations, _ = load_actuals([ACTUALS], catalog)
    return catalog, observations, evaluate(catalog, observations)


def briefing(
    shipped: tuple[Catalog, list[Observation], Report], lang: str = "zh", options: Options | None = None
) -> Briefing:
    catalog, observations, report = shipped
    return build(catalog, observations, report, lang, options)


EVERY_ROW = Options(all=True)


def tables(text: str) -> list[list[str]]:
    """The ASCII tables of a text briefing: runs of lines starting with + or |."""
    found: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        if line[:1] in "+|" and line:
            current.append(line)
        elif current:
            found.append(current)
            current = []
    return found + ([current] if current else [])


# ---------------------------------------------------------------- golden files


# name -> options; every name has a golden per format (brief.txt, brief-unit.md, brief.docx.xml...)
VARIANTS = {
    "brief": [],
    "brief-all": ["--all"],
    "brief-unit": ["--by", "unit"],
    "brief-plans": ["--plan", "gx-open-14th", "--plan", "yc-open-2022,cq-platforms-2020"],
    "brief-only": ["--by", "unit", "--only", "behind"],
}
DATE = "2025年1月15日"  # the date line of the Word goldens (the command line's default is today)


def docx_xml(data: bytes) -> bytes:
    """word/document.xml of a .docx, indented so that a golden's diff reads line by line."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return etree.tostring(root, pretty_print=True, encoding="utf-8")


def check_golden(name: str, produced: bytes, update: bool) -> None:
    golden = GOLDEN / name
    if update:
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(produced)
    assert golden.is_file(), (
        f"{golden} is missing: run `python -m pytest tests/test_brief.py --update-golden`"
    )
    assert produced == golden.read_bytes(), (
        f"the briefing differs from {golden.name}; if the change is intended, "
        "run `python -m pytest tests/test_brief.py --update-golden` and review the diff"
    )


@pytest.mark.parametrize("suffix", sorted(FORMATS))
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_golden(variant: str, suffix: str, update_golden: bool) -> None:
    result = runner.invoke(app, ["brief", str(ACTUALS), *VARIANTS[variant], "--format", FORMATS[suffix]])
    assert result.exit_code == 0, result.stderr
    check_golden(f"{variant}.{suffix}", result.stdout.encode("utf-8"), update_golden)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_golden_docx(variant: str, update_golden: bool, tmp_path: Path) -> None:
    target = tmp_path / "简报.docx"
    args = ["brief", str(ACTUALS), *VARIANTS[variant], "-o", str(target), "--date", DATE]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and f"targets: wrote {target}" in result.stderr
    check_golden(f"{variant}.docx.xml", docx_xml(target.read_bytes()), update_golden)


def test_golden_json(update_golden: bool) -> None:
    result = runner.invoke(app, ["brief", str(ACTUALS), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    check_golden("brief.json", result.stdout.encode("utf-8"), update_golden)


def test_output_file_matches_stdout_and_is_deterministic(tmp_path: Path) -> None:
    target = tmp_path / "brief.html"
    first = runner.invoke(app, ["brief", str(ACTUALS), "-f", "html", "-o", str(target)])
    second = runner.invoke(app, ["brief", str(ACTUALS), "-f", "html"])
    assert first.exit_code == 0 and second.exit_code == 0
    assert first.stdout == ""
    assert f"targets: wrote {target}" in first.stderr
    assert target.read_bytes() == second.stdout.encode("utf-8")


# ---------------------------------------------------------------- structure


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_section_per_plan_with_every_target(
    shipped: tuple[Catalog, list[Observation], Report], lang: str
) -> None:
    catalog, _, report = shipped
    b = briefing(shipped, lang, EVERY_ROW)
    assert [s.plan.id for s in b.sections if s.plan] == [p.id for p in catalog.plans]
    rows = [row for s in b.sections for row in s.rows]
    assert [(row.result.id, row.result.region) for row in rows] == [(r.id, r.region) for r in report.results]
    text, md, html = render_text(b), render_md(b), render_html(b)
    for s in b.sections:
        assert s.plan is not None and s.title == s.plan.title
        assert f"{s.number}{s.title}" in text
        assert f"## {md_escape(s.number + s.title)}" in md
        assert f'<section class="plan" id="{s.key}">' in html
        assert [row.number for row in s.rows] == list(range(1, len(s.rows) + 1))
        for row in s.rows:
            assert len(row.cells) == len(HEADERS[lang])
            assert row.cells[1].startswith(row.result.name)
    for header in HEADERS[lang]:
        assert header in text and header in md and f">{header}</th>" in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_counts_equal_the_report(
    shipped: tuple[Catalog, list[Observation], Report], lang: str
) -> None:
    _, _, report = shipped
    labels = STATUS_ZH if lang == "zh" else LABELS_EN
    for s in briefing(shipped, lang, EVERY_ROW).sections:
        assert s.plan is not None
        counts = report.summary.by_plan[s.plan.id]
        assert s.counts == counts
        first = s.summary[0]
        pattern = r"(\D+?)(\d+)项" if lang == "zh" else r"([a-z ]+) (\d+)"
        found = {label.strip("，, "): int(n) for label, n in re.findall(pattern, first.split("：")[-1])}
        assert found == {labels[Status(k)]: v for k, v in counts.items()}
        assert str(sum(counts.values())) in first
        missing = [row for row in s.rows if row.result.status is Status.no_data]
        summary = "".join(s.summary)
        for row in missing:
            assert row.result.name in summary
        binding = [row for row in s.rows if row.result.attribute.value == "binding"]
        assert ("约束性目标" in summary or "Binding targets" in summary) or not binding


def test_binding_targets_are_named_separately(mini: Catalog) -> None:
    observations = obs("t.rd", {2020: 2, 2023: 2.6}) + obs("t.trade", {2023: 3200})
    report = evaluate(mini, observations)
    section = build(mini, observations, report, "zh").sections[0]
    assert "约束性目标1项，均达到进度要求。" in section.summary
    english = build(mini, observations, report, "en").sections[0]
    assert "Binding targets (1): all on schedule." in english.summary
    behind = obs("t.rd", {2020: 2, 2023: 2.3}) + obs("t.trade", {2023: 3200})
    section = build(mini, behind, evaluate(mini, behind), "zh").sections[0]
    assert (
        "约束性目标1项，1项未达进度要求：研发投入强度（6，明显滞后，差距0.7个百分点，需+0.35个百分点/年）。"
        in section.summary
    )


def test_worked_example_row_and_bracket_convention(mini: Catalog) -> None:
    observations = (
        obs("t.trade", {2023: 3200}) + obs("t.fdi", {2021: 8, 2022: 9, 2023: 9.5}) + obs("t.expo", {2023: 1})
    )
    b = build(mini, observations, evaluate(mini, observations), "zh")
    rows = {row.result.id: row for row in b.sections[0].rows}
    trade = rows["t.trade"].cells
    assert trade[4:] == ("2900 (2020)", "3700 (2025)", "3200 (2023)", "37.5%", "60.0%", "+7.53%/年", "滞后")
    fdi = rows["t.fdi"].cells
    assert fdi[4:7] == ("[7.76] (2016–2020)", "[45.00] (2021–2025)", "[26.50] (2021–2023)")
    assert fdi[-2:] == ("+9.25亿美元/年", "基本符合预期")  # METHOD.md worked example 3: 9.25 a year
    assert rows["t.expo"].cells[-2:] == ("—", "提前实现")  # achieved: nothing more is required
    assert "注：[ ] 内为规划期累计数。" in render_text(b)


def test_missed_rows_require_nothing(mini: Catalog) -> None:
    observations = obs("t.trade", {2025: 3000})
    rows = build(mini, observations, evaluate(mini, observations), "en", EVERY_ROW).sections[0].rows
    trade = next(row for row in rows if row.result.id == "t.trade")
    assert trade.result.status is Status.missed
    assert trade.cells[-2:] == ("—", "missed")


def test_not_assessable_rows_carry_a_reason(shipped: tuple[Catalog, list[Observation], Report]) -> None:
    for lang in ("zh", "en"):
        b = briefing(shipped, lang, EVERY_ROW)
        html = render_html(b)
        for s in b.sections:
            for row in s.rows:
                if row.result.status is Status.not_assessable:
                    assert row.reason and row.chart is None
                    assert f"{row.number}. {row.cells[1]}" in render_text(b)
                    assert row.reason in html or row.reason.replace("'", "&#x27;") in html


# ---------------------------------------------------------------- text and markdown


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_text_tables_align_in_monospace(
    shipped: tuple[Catalog, list[Observation], Report], lang: str
) -> None:
    b = briefing(shipped, lang, EVERY_ROW)
    found = tables(render_text(b))
    assert len(found) == len(b.sections)
    for table, section in zip(found, b.sections, strict=True):
        assert len({width(line) for line in table}) == 1, section.plan.id
        assert len(table) == len(section.rows) + 4  # rule, header, rule, rows, rule
        for line, row in zip(table[3:-1], section.rows, strict=True):
            cells = [c.strip() for c in line[1:-1].split(" | ")]
            assert cells == list(row.cells)  # nothing wrapped or cut


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markdown_tables_are_valid(shipped: tuple[Catalog, list[Observation], Report], lang: str) -> None:
    b = briefing(shipped, lang, EVERY_ROW)
    lines = render_md(b).splitlines()
    columns = len(HEADERS[lang])
    starts = [i for i, line in enumerate(lines) if line.startswith("| ") and lines[i + 1].startswith("|-")]
    assert len(starts) == len(b.sections)
    for start, section in zip(starts, b.sections, strict=True):
        assert lines[start - 1] == "" and re.fullmatch(rf"\|(-{{3}}:?\|){{{columns}}}", lines[start + 1])
        body = lines[start + 2 : start + 2 + len(section.rows)]
        assert lines[start + 2 + len(section.rows)] == ""
        for line in [lines[start], *body]:
            assert len(re.findall(r"(?<!\\)\|", line)) == columns + 1


def test_markup_in_names_is_escaped(tmp_path: Path) -> None:
    catalog = parse_catalog(
        MINI.replace("name: 外贸进出口总额", 'name: "外贸|<b>进出口</b>*总额*"'), "m.yaml"
    )
    observations = obs("t.trade", {2021: 3000, 2023: 3200})
    b = build(catalog, observations, evaluate(catalog, observations), "zh")
    md = render_md(b)
    assert "外贸\\|\\<b\\>进出口\\</b\\>\\*总额\\*" in md
    html = render_html(b)
    assert "<b>" not in html and "外贸|&lt;b&gt;进出口&lt;/b&gt;*总额*" in html
    for svg in re.findall(r"<svg.*?</svg>", html, re.S):
        ET.fromstring(svg)


# ---------------------------------------------------------------- HTML and charts


def test_html_is_self_contained_and_svg_well_formed(
    shipped: tuple[Catalog, list[Observation], Report],
) -> None:
    b = briefing(shipped)
    html = render_html(b)
    lowered = html.lower()
    for forbidden in ("http://", "https://", "<script", "@import", "url(", "<link", "<img", "<iframe"):
        assert forbidden not in lowered, forbidden
    assert "@page { size: A4" in html and "break-inside: avoid" in html
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    charts = [row for s in b.sections for row in s.rows if row.chart is not None]
    assert len(svgs) == len(charts) + 1  # and the legend
    for svg in svgs:
        root = ET.fromstring(svg)
        assert root.get("role") == "img" and root.get("aria-label")
        title = root.find("title")
        assert title is not None and title.text == root.get("aria-label")
    assert len(charts) >= 10


def test_every_assessable_target_with_a_path_has_a_chart(
    shipped: tuple[Catalog, list[Observation], Report],
) -> None:
    for row in (row for s in briefing(shipped).sections for row in s.rows):
        r = row.result
        has_path = r.path is not PathKind.none and r.target_year != "annual"
        has_base = r.path is PathKind.cumulative or r.baseline is not None
        assessable = r.status not in (Status.no_data, Status.not_assessable)
        assert (row.chart is not None) == (assessable and has_path and has_base), r.id
        if assessable and row.chart is None:
            assert row.no_chart


def test_chart_series_agree_with_the_report(shipped: tuple[Catalog, list[Observation], Report]) -> None:
    catalog, observations, _ = shipped
    series_of = {t.id: t.series_key for _, t in catalog.iter_targets()}
    for row in (row for s in briefing(shipped).sections for row in s.rows):
        chart, r = row.chart, row.result
        if chart is None:
            continue
        assert chart.path is r.path and chart.target.value == r.target and chart.planned[-1] == chart.target
        assert chart.planned[0] == chart.baseline
        if r.year is not None and r.expected_now is not None:
            expected = next(p.value for p in chart.planned if p.year == r.year)
            assert abs(expected - r.expected_now) < Decimal("1e-20"), r.id
        if r.projected_value is not None and r.year is not None and r.year < chart.target.year:
            projected = r.projected_value
            if chart.count:  # whole things: 286 家, not 286.22
                projected = projected.quantize(Decimal(1), rounding=ROUND_HALF_UP)
            assert chart.projection[0].year == r.year and chart.projection[-1].value == projected
        if r.path is PathKind.cumulative:
            assert chart.actual[-1].value == r.cumulative_sum
        else:
            years = sorted(
                o.year
                for o in observations
                if o.series == series_of[r.id] and o.region == r.region and o.value is not None
            )
            assert [p.year for p in chart.actual] == years
            assert chart.baseline.value == r.baseline


def test_nice_ticks_cover_the_values() -> None:
    ticks = nice_ticks(Decimal("2900"), Decimal("3700"))
    assert ticks[0] <= 2900 and ticks[-1] >= 3700 and 3 <= len(ticks) <= 7
    steps = {b - a for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1 and steps.pop().normalize().as_tuple().digits[0] in (1, 2, 5)
    assert nice_ticks(Decimal(5), Decimal(5))[0] < 5 < nice_ticks(Decimal(5), Decimal(5))[-1]


# ---------------------------------------------------------------- command line


def test_plan_and_lang_options() -> None:
    result = runner.invoke(app, ["brief", str(ACTUALS), "--plan", "yc-innovation-2025", "--lang", "en"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Plan targets briefing (data to 2024)\n")
    assert "1. 永川建设区域性创新中心专项行动方案\n" in result.stdout
    assert "2. " not in result.stdout and "| No. |" in result.stdout


def test_as_of_sets_the_report_year() -> None:
    result = runner.invoke(app, ["brief", str(ACTUALS), "--as-of", "2023", "-f", "md"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# 规划目标监测简报（数据截至2023年）\n")
    assert "| 3 | 外贸进出口总额 | 亿元 | 预期性 | 2900 (2020) | 3700 (2025) | 3200 (2023) |" in result.stdout


def test_default_actuals_are_the_shipped_sample() -> None:
    result = runner.invoke(app, ["brief"])
    assert result.exit_code == 0
    assert f"targets: no ACTUALS given; using the shipped sample data in {ACTUALS}" in result.stderr
    assert result.stdout == runner.invoke(app, ["brief", str(ACTUALS)]).stdout


def test_bad_input_exits_2(tmp_path: Path) -> None:
    unknown = runner.invoke(app, ["brief", str(ACTUALS), "--plan", "nope"])
    assert unknown.exit_code == 2 and "unknown plan 'nope'" in unknown.stderr
    fx = runner.invoke(app, ["brief", str(ACTUALS), "--fx", "USD"])
    assert fx.exit_code == 2 and "--fx: expected CODE=RATE" in fx.stderr
    missing = runner.invoke(app, ["brief", str(tmp_path / "none.csv")])
    assert missing.exit_code == 2 and "none.csv" in missing.stderr
    unwritable = runner.invoke(app, ["brief", str(ACTUALS), "-o", str(tmp_path / "no" / "dir.txt")])
    assert unwritable.exit_code == 2 and "cannot write" in unwritable.stderr
    assert "Traceback" not in unwritable.stderr


def test_docs_excerpts_are_golden_output() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "brief.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- golden: (\S+) -->\n```text\n(.*?)```", doc, re.S)
    assert {name for name, _ in blocks} >= {"brief.txt", "brief-unit.txt", "brief-only.txt"}
    for name, excerpt in blocks:
        golden = (GOLDEN / name).read_text(encoding="utf-8").splitlines()
        assert len(excerpt.splitlines()) >= 1
        for line in excerpt.splitlines():
            assert line in golden, (name, line)
    assert "python -m pytest tests/test_brief.py --update-golden" in doc
