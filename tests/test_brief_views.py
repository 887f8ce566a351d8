"""`targets brief` views: short by default, the summary first, exact units, several plans, by
responsible unit, the 督办清单, JSON, and no internal ids where a leader reads."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from targets.actuals import load_actuals
from targets.catalog import default_catalog_path, load_catalog, parse_catalog
from targets.cli.app import app
from targets.evaluate import evaluate
from targets.evaluate.run import fails
from targets.models import Catalog, Observation, Report, Status
from targets.report.brief import Briefing, Options, build
from targets.report.brief.html import render_html
from targets.report.brief.svg import FONT, nice_ticks, render_chart
from targets.report.brief.text import render_md, render_text
from targets.report.render import fmt_required, width

from .conftest import MINI, obs

ACTUALS = default_catalog_path().parent / "actuals"
runner = CliRunner()
Shipped = tuple[Catalog, list[Observation], Report]


@pytest.fixture(scope="module")
def shipped() -> Shipped:
    catalog = load_catalog(default_catalog_path())
    observations, _ = load_actuals([ACTUALS], catalog)
    return catalog, observations, evaluate(catalog, observations)


def brief_of(shipped: Shipped, options: Options | None = None, lang: str = "zh") -> Briefing:
    catalog, observations, report = shipped
    return build(catalog, observations, report, lang, options)


def cli(*args: str) -> str:
    result = runner.invoke(app, ["brief", str(ACTUALS), *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


# ---------------------------------------------------------------- short by default


def test_rows_without_data_are_one_line_per_plan(shipped: Shipped) -> None:
    _, _, report = shipped
    b = brief_of(shipped)
    for s in b.sections:
        assert all(row.status is not Status.no_data for row in s.rows), s.title
        if s.line is not None:
            continue
        assert s.plan is not None
        lines = [x for x in s.summary if x.startswith("缺数据")]
        missing = [r for r in report.results if r.plan == s.plan.id and r.status is Status.no_data]
        assert len(lines) == (1 if missing else 0)
        if missing:
            assert lines[0].startswith(f"缺数据{len(missing)}项（未列入表格）：")
            named = re.findall(r"(?:：|、)(.+?)（(\d+)）", lines[0])
            assert [name for name, _ in named] == [r.name for r in missing]
    every = brief_of(shipped, Options(all=True))
    assert [(r.result.id, r.result.region) for s in every.sections for r in s.rows] == [
        (r.id, r.region) for r in report.results
    ]


def test_an_ended_plan_without_data_is_one_line(shipped: Shipped) -> None:
    ended = next(s for s in brief_of(shipped).sections if s.plan and s.plan.id == "cq-platforms-2020")
    assert ended.line == "规划期2018—2020年已结束，14项目标均无实际值。" and not ended.parts
    text = cli()
    assert "\n五、重庆市开放平台协同发展规划：规划期2018—2020年已结束，14项目标均无实际值。\n" in text
    assert text.count("重庆市开放平台协同发展规划") == 1
    full = next(s for s in brief_of(shipped, Options(all=True)).sections if s.title == ended.title)
    assert full.line is None and len(full.rows) == 14


def test_default_html_is_much_shorter_than_every_row() -> None:
    short, every = cli("-f", "html"), cli("-f", "html", "--all")
    assert short.count("<tr>") < every.count("<tr>") / 2


# ---------------------------------------------------------------- summary first


def summary_of(mini: Catalog, observations: list[Observation], lang: str = "zh") -> tuple[str, ...]:
    return build(mini, observations, evaluate(mini, observations), lang).sections[0].summary


MIXED = (
    obs("t.trade", {2023: 2950})
    + obs("t.refund", {2023: 4.2})
    + obs("t.expo", {2023: 1})
    + obs("t.fdi", {2021: 8, 2022: 9, 2023: 9.5})
    + obs("t.rd", {2020: 2, 2023: 2.3})
)


def test_summary_names_the_worst_first_with_gap_and_required(mini: Catalog) -> None:
    summary = summary_of(mini, MIXED)
    assert summary[0] == "本规划共10项目标：已实现2项，基本符合预期1项，明显滞后2项，逆向变化1项，缺数据4项。"
    assert summary[1] == (
        "约束性目标1项，1项未达进度要求：研发投入强度（6，明显滞后，差距0.7个百分点，需+0.35个百分点/年）。"
    )
    assert summary[2] == (
        "明显滞后、逆向变化、回落或未完成3项：出口退税时间（2，逆向变化，差距1.2工作日，需-15.48%/年）、"
        "外贸进出口总额（1，明显滞后，差距750亿元，需+11.99%/年）、"
        "研发投入强度（6，明显滞后，差距0.7个百分点，需+0.35个百分点/年）。"
    )
    assert (
        summary[3]
        == "提前实现2项：举办国际大型展会次数（4，2023年实现）、研发投入强度保持（7，2023年实现）。"
    )
    english = summary_of(mini, MIXED, "en")
    assert english[2].startswith(
        "Far behind, moving away, fallen back or missed (3): 出口退税时间 (2, moving away"
    )
    assert "gap 0.7 pp, needs +0.35 pp/yr" in english[1]


def test_summary_json_carries_the_same_lists_with_ids(shipped: Shipped) -> None:
    doc = json.loads(cli("--format", "json"))
    b = brief_of(shipped)
    assert doc["as_of"] == 2024 and doc["view"] == "plan"
    for section, s in zip(doc["sections"], b.sections, strict=True):
        assert section["title"] == s.title and section["plan"] == (s.plan.id if s.plan else None)
        if s.digest is None:
            assert section["ended_without_data"] is True
            continue
        assert section["summary"] == list(s.summary) and section["counts"] == s.digest.counts
        assert [x["id"] for x in section["worst"]] == [r.result.id for r in s.digest.worst]
        assert [x["no"] for x in section["no_data"]] == [r.number for r in s.digest.no_data]
    worst = {x["id"]: x for s in doc["sections"] for x in s.get("worst", [])}
    odi = worst["gx-open-14th.odi-amount"]
    assert odi["required"] == "+185.71%/年" and odi["status"] == "far_behind" and odi["gap"] == 0.65


# ---------------------------------------------------------------- exact units


@pytest.mark.parametrize(
    ("values", "target", "zh", "en"),
    [
        (obs("t.trade", {2023: 3200}), "t.trade", "+7.53%/年", "+7.53%/yr"),
        (obs("t.rd", {2020: 2, 2023: 2.3}), "t.rd", "+0.35个百分点/年", "+0.35 pp/yr"),
        (obs("t.fdi", {2021: 8, 2022: 9, 2023: 9.5}), "t.fdi", "+9.25亿美元/年", "+9.25亿美元/yr"),
        (obs("t.expo", {2023: 1}), "t.expo", "—", "—"),
    ],
)
def test_required_has_its_unit_and_period(
    mini: Catalog, values: list[Observation], target: str, zh: str, en: str
) -> None:
    result = next(r for r in evaluate(mini, values).results if r.id == target)
    assert fmt_required(result, "zh") == zh and fmt_required(result, "en") == en


def test_required_follows_the_shared_precision_rule(mini: Catalog) -> None:
    small = next(r for r in evaluate(mini, obs("t.rd", {2020: 2, 2024: 2.9})).results if r.id == "t.rd")
    assert small.required_annual_change == Decimal("0.1")
    assert fmt_required(small, "zh") == "+0.10个百分点/年"  # the plan's decimals plus two, down to two


def test_every_required_cell_of_the_briefing_has_a_unit(shipped: Shipped) -> None:
    b = brief_of(shipped, Options(all=True))
    column = b.column("required")
    for row in (row for s in b.sections for row in s.rows):
        cell = row.cells[column]
        assert cell == "—" or re.fullmatch(r"[+-]\d+(\.\d+)?(%|个百分点|\S+)/年", cell), cell
        assert cell == fmt_required(row.result, "zh")


# ---------------------------------------------------------------- ids, plans


def test_no_internal_ids_where_a_leader_reads(shipped: Shipped) -> None:
    catalog, _, report = shipped
    ids = [p.id for p in catalog.plans] + [r.id for r in report.results]
    for fmt in ("text", "md", "html"):
        for extra in ([], ["--all"], ["--by", "unit"]):
            out = cli("-f", fmt, *extra)
            assert not [i for i in ids if i in out], (fmt, extra)
    md = cli("-f", "md", "--ids")
    assert "gx-open-14th · 规划期2021—2025年" in md and "| gx-open-14th.odi-amount |" in md


def test_several_plans_repeated_or_comma_separated() -> None:
    repeated = cli("-p", "yc-open-2022", "-p", "gx-open-14th")
    assert (
        repeated
        == cli("-p", "yc-open-2022,gx-open-14th")
        == cli("-p", "yc-open-2022, gx-open-14th,yc-open-2022")
    )
    headings = re.findall(r"^[一二三四五]、(.+)$", repeated, re.M)  # in catalog order, as check
    assert headings == ["重庆高新区内陆开放高地建设“十四五”规划", "永川区开放创新发展行动工作方案"]
    assert repeated.startswith("规划目标监测简报（数据截至2024年）\n\n共61项目标：")
    bad = runner.invoke(app, ["brief", str(ACTUALS), "-p", "gx-open-14th,nope"])
    assert bad.exit_code == 2 and "unknown plan 'nope'" in bad.stderr


# ---------------------------------------------------------------- by unit, 督办清单


def test_by_unit_groups_under_each_lead_unit(shipped: Shipped) -> None:
    b = brief_of(shipped, Options(by="unit"))
    titles = [s.title for s in b.sections]
    assert titles[-1] == "未明确责任单位"
    assert {"区科技局", "区市场监管局", "区经济信息委", "永川高新区管委会", "区新城建管委"} <= set(titles)
    assert b.columns[-2:] == ("support", "deadline")
    science = next(s for s in b.sections if s.title == "区科技局")
    market = next(s for s in b.sections if s.title == "区市场监管局")
    shared = {r.result.id for r in science.rows} & {r.result.id for r in market.rows}
    assert "yc-innovation-2025.hightech-enterprises" in shared  # a joint lead: under each unit
    row = next(r for r in science.rows if r.result.id == "yc-innovation-2025.hightech-enterprises")
    assert row.cells[-1] == "2025年前"
    assert row.cells[-2].startswith("共同牵头：区科技局、区市场监管局；永川高新区管委会、")
    for s in b.sections[:-1]:
        for r in s.rows:
            assert r.target.responsibility is not None and s.title in (r.target.responsibility.lead or "")
    for r in b.sections[-1].rows:
        assert r.target.responsibility is None or not r.target.responsibility.lead
    text = render_text(b)
    assert "\n一、区科技局\n涉及规划：永川建设区域性创新中心专项行动方案\n" in text
    assert "【永川建设区域性创新中心专项行动方案】" in text and "配合单位" in text and "完成时限" in text


def test_only_behind_is_the_action_list(shipped: Shipped) -> None:
    b = brief_of(shipped, Options(by="unit", only=Status.behind))
    assert b.title == "督办清单（数据截至2024年）"
    rows = [row for s in b.sections for row in s.rows]
    assert rows and all(fails(row.status, Status.behind) for row in rows)
    _, _, report = shipped
    expected = sum(1 for r in report.results if fails(r.status, Status.behind))
    assert b.overall.startswith(f"需督办{expected}项：")
    text = render_text(b)
    assert "缺数据" not in text and "无约束性目标" not in text
    plan_view = brief_of(shipped, Options(only=Status.far_behind))
    assert {row.status for s in plan_view.sections for row in s.rows} <= {
        Status.far_behind,
        Status.moving_away,
        Status.fallen_back,
        Status.missed,
    }


def test_views_alike_in_markdown_and_html(shipped: Shipped) -> None:
    b = brief_of(shipped, Options(by="unit", only=Status.behind))
    md, html = render_md(b), render_html(b)
    for s in b.sections:
        assert f"## {s.number}{s.title}" in md and f">{s.number}{s.title}</h2>" in html
    assert "<svg" not in html  # charts belong to the plan view
    assert '<td class="status st-behind">滞后</td>' in html


# ---------------------------------------------------------------- charts


def test_count_charts_have_integer_ticks_and_projection(shipped: Shipped) -> None:
    ticks = nice_ticks(Decimal(0), Decimal(1), integer=True)
    assert ticks == [Decimal(0), Decimal(1)]
    assert all(t == t.to_integral_value() for t in nice_ticks(Decimal(2), Decimal(5), integer=True))
    b = brief_of(shipped, Options(all=True))
    counted = [row for s in b.sections for row in s.rows if row.chart and row.chart.count]
    assert len(counted) >= 5
    for row in counted:
        assert row.chart is not None
        for point in row.chart.projection[-1:]:
            assert point.value == point.value.to_integral_value(), row.name
        svg = render_chart(row.chart, row.name, row.result.unit, "zh")
        labels = re.findall(r'text-anchor="end">([^<]+)</text>', svg)
        assert labels and all(re.fullmatch(r"-?\d+", x) for x in labels), labels


def test_charts_label_the_target_and_print_large_enough(shipped: Shipped) -> None:
    row = next(
        r for s in brief_of(shipped).sections for r in s.rows if r.result.id == "gx-open-14th.trade-total"
    )
    assert row.chart is not None
    svg = render_chart(row.chart, row.name, row.result.unit, "zh")
    assert ">2025年目标 3700</text>" in svg
    assert f'font-size="{FONT}"' in svg and FONT >= 14  # 200 units over ~42 mm: 8.4 pt
    assert "<desc>规划路径按等比增长</desc>" in svg


def test_plan_view_names_who_answers_for_each_target(shipped: Shipped) -> None:
    b = brief_of(shipped)
    plan = next(s for s in b.sections if s.plan and s.plan.id == "yc-innovation-2025")
    leads = next(x for x in plan.summary if x.startswith("牵头单位："))
    assert leads.startswith("牵头单位：区科技局（3、4、6、")
    assert "区市场监管局（3、4、10）" in leads and leads.endswith("；其余5项未明确责任单位。")
    led = [r for r in plan.rows if r.target.responsibility and r.target.responsibility.lead]
    assert all(f"（{r.number}" in leads or f"、{r.number}" in leads for r in led)
    only = brief_of(shipped, Options(only=Status.behind))
    section = next(s for s in only.sections if s.plan and s.plan.id == "yc-innovation-2025")
    assert (
        "牵头单位：区科技局（3、4）、区市场监管局（3、4）、区经济信息委（5）、永川高新区管委会（5）"
        in "".join(section.summary)
    )
    assert not any(
        x.startswith("牵头单位") for s in brief_of(shipped, Options(by="unit")).sections for x in s.summary
    )


def test_a_worst_target_names_its_lead_unit() -> None:
    text = MINI.replace(
        "        source: {line: 2, quote: 出口退税时间}\n",
        "        source: {line: 2, quote: 出口退税时间}\n"
        "        responsibility: {lead: 区商务委、区税务局, support: [区海关], deadline: 2025年前}\n",
    )
    catalog = parse_catalog(text, "m.yaml")
    summary = build(catalog, MIXED, evaluate(catalog, MIXED), "zh").sections[0].summary
    assert "出口退税时间（2，逆向变化，差距1.2工作日，需-15.48%/年，牵头：区商务委、区税务局）" in summary[2]
    assert summary[4] == "牵头单位：区商务委（2）、区税务局（2）；其余9项未明确责任单位。"


def test_control_characters_are_shown_and_tables_still_align() -> None:
    text = MINI.replace("name: 外贸进出口总额", 'name: "外贸\\u001b[31m进出口\\u202e总额"')
    catalog = parse_catalog(text, "m.yaml")
    values = obs("t.trade", {2021: 3000, 2023: 3200})
    out = render_text(build(catalog, values, evaluate(catalog, values), "zh"))
    assert "\x1b" not in out and "\u202e" not in out
    assert "外贸\\x1b[31m进出口\\u202e总额" in out
    table = [line for line in out.splitlines() if line.startswith(("+", "|"))]
    assert len({width(line) for line in table}) == 1
