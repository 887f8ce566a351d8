"""The adversarial run (tests/hostile/) inside the test suite: one case of each class here, in
parallel; every case, one test each, with TARGETS_HOSTILE=all (or `python -m tests.hostile`)."""

from __future__ import annotations

import os

import pytest

from tests.hostile.kit import CASES
from tests.hostile.run import QUICK, run_all, run_case

ALL = os.environ.get("TARGETS_HOSTILE") == "all"


def test_the_corpus_is_large_and_covers_every_class() -> None:
    assert len(CASES) >= 90
    classes = {name.split("-")[0] for name in CASES}
    assert classes == {"loss", "inject", "cache", "number", "encoding", "walk", "read", "size"}
    assert set(QUICK) <= set(CASES)
    assert {name.split("-")[0] for name in QUICK} == classes


def test_one_hostile_case_of_each_class() -> None:
    outcomes = run_all(workers=4, names=QUICK)
    assert len(outcomes) == len(QUICK)
    assert {o.name: o.failures for o in outcomes if o.failures} == {}


if ALL:  # every case as its own test: TARGETS_HOSTILE=all (a few minutes)

    @pytest.mark.parametrize("name", sorted(CASES))
    def test_hostile_case(name: str) -> None:
        assert run_case(name, CASES[name]).failures == []
