"""records.Record and Shown write the repr and == that dataclasses would have generated."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from targets.models import Catalog, Period, Result
from targets.records import Record, Shown


@dataclass(slots=True, repr=False, eq=False)
class Ours(Record):
    a: int
    b: Decimal | None = None
    hidden: str = field(default="x", repr=False)
    ignored: list[int] = field(default_factory=list, compare=False)
    nested: list[object] = field(default_factory=list)


@dataclass(slots=True)
class Theirs:
    a: int
    b: Decimal | None = None
    hidden: str = field(default="x", repr=False)
    ignored: list[int] = field(default_factory=list, compare=False)
    nested: list[object] = field(default_factory=list)


@dataclass(slots=True, repr=False, eq=False)
class Seen(Shown):
    a: int


def test_repr_is_the_dataclass_repr() -> None:
    ours, theirs = Ours(1, Decimal("2.50"), "h", [3]), Theirs(1, Decimal("2.50"), "h", [3])
    assert repr(ours) == repr(theirs).replace("Theirs", "Ours")
    assert repr(ours) == "Ours(a=1, b=Decimal('2.50'), ignored=[3], nested=[])"
    ours.nested.append(ours)  # a cycle is written as ... as dataclasses do
    theirs.nested.append(theirs)
    assert repr(ours) == repr(theirs).replace("Theirs", "Ours")
    assert repr(Seen(4)) == "Seen(a=4)"


def test_eq_compares_the_compared_fields_of_the_same_class() -> None:
    nan = Decimal("NaN")
    cases = [
        ((1, None, "x", []), (1, None, "x", [])),
        ((1, None, "x", [1]), (1, None, "x", [2])),  # compare=False
        ((1, None, "x", []), (2, None, "x", [])),
        ((1, Decimal("1.0"), "x", []), (1, Decimal("1"), "x", [])),
        ((1, None, "x", []), (1, None, "y", [])),  # repr=False still compares
        ((1, nan, "x", []), (1, nan, "x", [])),  # the same NaN object: equal, as in tuples
        ((1, nan, "x", []), (1, Decimal("NaN"), "x", [])),
    ]
    for left, right in cases:
        assert (Ours(*left) == Ours(*right)) is (Theirs(*left) == Theirs(*right)), (left, right)
        assert (Ours(*left) != Ours(*right)) is (Theirs(*left) != Theirs(*right)), (left, right)
    assert Ours(1) != Theirs(1)
    assert Ours(1).__eq__(5) is NotImplemented
    with pytest.raises(TypeError, match="unhashable"):
        hash(Ours(1))


def test_the_models_keep_their_equality() -> None:
    assert Period(2021, 2025) == Period(2021, 2025) != Period(2021, 2026)
    catalog = Catalog(1, [], "c.yaml")
    assert catalog == copy.deepcopy(catalog)
    with pytest.raises(TypeError, match="unhashable"):
        hash(catalog)
    assert Result.__eq__ is object.__eq__  # results compare by identity, field by field where needed
