"""Precision and recall of `targets extract` on the five source plans against the shipped
catalog (a target matches on value, target year and source line). Goals: recall >= 85 % and
precision >= 80 % on each plan; the figures in docs/extract.md must be the ones computed here."""

from __future__ import annotations

from pathlib import Path

import pytest

from targets.catalog import default_catalog_path, load_catalog
from targets.extract import extract
from targets.extract.score import Score, entry_key, score, table, target_key

CATALOG = load_catalog(default_catalog_path())
SOURCES = default_catalog_path().parent / "sources"
DOC = Path(__file__).resolve().parents[1] / "docs" / "extract.md"
RECALL, PRECISION = 0.85, 0.80


def plan_score(plan_id: str) -> Score:
    plan = CATALOG.plan(plan_id)
    assert plan is not None
    text = (SOURCES / plan.source).read_text(encoding="utf-8")
    draft = extract(text, plan.id, plan.source)  # blind: the period is read from the text
    return score([entry_key(e) for e in draft.entries], [target_key(t) for t in plan.targets])


@pytest.mark.parametrize("plan_id", [p.id for p in CATALOG.plans])
def test_goals_on_each_source_plan(plan_id: str) -> None:
    s = plan_score(plan_id)
    assert s.expected == len(CATALOG.plan(plan_id).targets)  # type: ignore[union-attr]
    assert s.recall >= RECALL, f"{plan_id}: recall {s.recall:.1%}; missed {s.missed}"
    assert s.precision >= PRECISION, f"{plan_id}: precision {s.precision:.1%}; extra {s.extra}"


def test_the_documented_figures_are_current() -> None:
    rows = [(p.id, plan_score(p.id)) for p in CATALOG.plans]
    assert table(rows) in DOC.read_text(encoding="utf-8"), "run bench/extract and update docs/extract.md"


def test_matching_counts_each_target_once() -> None:
    drafted = [(18, 2027, None), (18, 2027, None), (19, 2027, None)]
    expected = [(18, 2027, None), (20, 2027, None)]
    s = score(drafted, expected)  # type: ignore[arg-type]
    assert (s.matched, s.precision, s.recall) == (1, 1 / 3, 1 / 2)
    assert s.missed == ((20, 2027, None),) and len(s.extra) == 2
