"""The draft as catalog YAML (read back by the catalog's own loader) and as list-shaped JSON."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from targets.catalog import parse_catalog
from targets.catalog.yamlnodes import load_yaml
from targets.extract import extract
from targets.extract.emit import scalar, to_json, to_yaml

SAMPLE = Path(__file__).parent / "data" / "extract" / "sample_plan.txt"


@given(st.text(max_size=40))
def test_any_text_survives_as_a_scalar(text: str) -> None:
    for doc in (f"k: {scalar(text)}\n", f"k: {{a: {scalar(text)}, b: [{scalar(text)}]}}\n"):
        data, problems = load_yaml(doc, "t.yaml")
        assert not problems and data is not None
        value = data.data["k"]
        assert (value if isinstance(value, str) else value["a"]) == text


def test_scalars_quote_what_would_be_misread() -> None:
    assert scalar("外贸进出口总额") == "外贸进出口总额"
    assert scalar("2021") == '"2021"'
    assert scalar("null") == '"null"'
    assert scalar("到2026年,力争实现营收80亿元") == '"到2026年,力争实现营收80亿元"'
    assert scalar("%") == '"%"'


def test_yaml_round_trips_through_the_catalog_loader() -> None:
    draft = extract(SAMPLE.read_text(encoding="utf-8"), "sample", "sample_plan.txt")
    catalog = parse_catalog(to_yaml(draft, str(SAMPLE)), "draft.yaml")
    (plan,) = catalog.plans
    assert (plan.id, plan.period.start, plan.period.end, plan.source) == (
        "sample",
        2021,
        2025,
        "sample_plan.txt",
    )
    assert len(plan.targets) == len(draft.entries)
    for t, e in zip(plan.targets, draft.entries, strict=True):
        assert (t.name, t.unit, t.kind.value, t.source.line, t.source.quote) == (
            e.name,
            e.unit,
            e.kind,
            e.line,
            e.quote,
        )
        assert t.draft is not None and t.draft.pattern == e.pattern and t.draft.review == e.review
        assert t.target.year == e.year


def test_yaml_is_deterministic() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    assert to_yaml(extract(text, "s", "s.txt"), "s.txt") == to_yaml(extract(text, "s", "s.txt"), "s.txt")


def test_json_has_the_shape_of_list_plus_the_draft_marks() -> None:
    draft = extract(SAMPLE.read_text(encoding="utf-8"), "sample", "sample_plan.txt")
    doc = json.loads(to_json(draft, "plans/sample_plan.txt"))
    assert set(doc) == {"plans", "indicators"}
    assert doc["plans"][0]["source"] == "plans/sample_plan.txt"
    listed = {
        "id",
        "plan",
        "series",
        "name",
        "unit",
        "kind",
        "comparator",
        "attribute",
        "direction",
        "cumulative",
        "baseline",
        "target",
        "source",
    }
    for entry in doc["indicators"]:
        assert set(entry) == listed | {"confidence", "pattern", "review"}
        assert set(entry["source"]) == {"file", "line", "quote"}
        assert {"year", "value", "value_high"} <= set(entry["target"])
        assert 0 <= entry["confidence"] <= 1
    gdp = next(i for i in doc["indicators"] if i["name"] == "数字经济规模")
    assert gdp["baseline"] == {"year": 2020, "value": 120}
    assert gdp["target"] == {"year": 2025, "value": 300, "value_high": None}
    assert (gdp["pattern"], gdp["review"]) == ("table-row", [])


_PLANLIKE = st.sampled_from(
    list("到2025年，达到以上不低于超过左右以内控制在个家项%亿万元十百两倍增翻番提升下降由增至累计五年每年")
    + list("分别、和。；“”（）[]《》0123456789.—-∶稳步率占比第已的对\t\n 表序号指标2020预期性约束性")
    + list("备注带为累计数牵头单位完成时限重点内容")
)


@given(st.lists(_PLANLIKE, max_size=80).map("".join))
def test_no_text_breaks_extract_or_its_output(text: str) -> None:
    draft = extract(text, "p", "p.txt")
    doc, problems = load_yaml(to_yaml(draft, "p.txt"), "draft.yaml")
    assert not problems and doc is not None
    assert len(doc.data["plans"][0]["targets"]) == len(draft.entries)
    assert len(json.loads(to_json(draft, "p.txt"))["indicators"]) == len(draft.entries)
