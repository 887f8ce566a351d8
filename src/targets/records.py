"""`repr` and `==` for the shared dataclasses, written once here.

dataclasses generates both for every class from source text, compiled at each start of the
program: ~0.1 ms a class, ~1.6 ms for the models every command loads. These are the same
methods, written generically: the models declare `repr=False, eq=False` and inherit them.
"""

from __future__ import annotations

import reprlib
from dataclasses import Field, fields
from typing import Any, ClassVar

_COMPARED: dict[type, tuple[str, ...]] = {}


class Shown:
    """The repr a dataclass writes: `Name(a=1, b='x')`, its fields with repr=True, in order."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]  # set by @dataclass on the subclass

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)
        return f"{type(self).__qualname__}({shown})"


class Record(Shown):
    """Shown, and the == a dataclass writes: the same class and equal tuples of its fields with
    compare=True. Unhashable, as a dataclass with eq that is not frozen."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        names = _COMPARED.get(self.__class__)
        if names is None:
            names = _COMPARED[self.__class__] = tuple(f.name for f in fields(self) if f.compare)
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)
