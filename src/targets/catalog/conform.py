"""Check a catalog rebuilt from cached data against the types and limits the schema guarantees,
without pydantic (the cache exists to skip it): every dataclass field, recursively."""

from __future__ import annotations

import dataclasses
import functools
import sys
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from typing import Any

from targets.textio import MAX_ABS, MIN_EXPONENT

MAX_INT = 10**15  # the YAML reader admits no larger whole number
Check = Callable[[Any], bool]


def _decimal(value: Any) -> bool:
    return (
        isinstance(value, Decimal)
        and value.is_finite()
        and abs(value) <= MAX_ABS
        and (not value or value.adjusted() >= MIN_EXPONENT)
    )


def _scalar(hint: Any) -> Check:
    if hint is type(None):
        return lambda v: v is None
    if hint is bool:
        return lambda v: isinstance(v, bool)
    if hint is int:
        return lambda v: isinstance(v, int) and not isinstance(v, bool) and abs(v) <= MAX_INT
    if hint is str:
        return lambda v: isinstance(v, str)
    if hint is Decimal:
        return _decimal
    if isinstance(hint, type) and issubclass(hint, Enum):
        return lambda v: isinstance(v, hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return lambda v: isinstance(v, hint) and conforms(v)
    return lambda v: False  # a type this check does not know: refuse rather than trust


def _checker(hint: Any) -> Check:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        if len(args) == 2 and type(None) in args:  # `X | None`, most fields: one test, no loop
            other = _checker(args[0] if args[1] is type(None) else args[1])
            return lambda v: v is None or other(v)
        options = [_checker(arg) for arg in args]
        return lambda v: any(check(v) for check in options)
    if origin is typing.Literal:
        allowed = typing.get_args(hint)
        return lambda v: any(type(v) is type(a) and v == a for a in allowed)
    if origin is list:
        (item,) = typing.get_args(hint)
        each = _checker(item)
        return lambda v: isinstance(v, list) and all(map(each, v))
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            one = _checker(args[0])
            return lambda v: isinstance(v, tuple) and all(map(one, v))
        parts = [_checker(a) for a in args]
        return lambda v: (
            isinstance(v, tuple) and len(v) == len(parts) and all(c(x) for c, x in zip(parts, v, strict=True))
        )
    if origin is dict:
        key_type, value_type = typing.get_args(hint)
        key, value = _checker(key_type), _checker(value_type)
        return lambda v: isinstance(v, dict) and all(key(k) and value(x) for k, x in v.items())
    return _scalar(hint)


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, Check], ...]:
    module = cls.__module__
    return tuple(
        (f.name, _check_for(f.type, module) if isinstance(f.type, str) else _checker(f.type))
        for f in dataclasses.fields(cls)
    )


@functools.cache
def _check_for(annotation: str, module: str) -> Check:
    # The models' annotations are text (`from __future__ import annotations`), evaluated in
    # their module as typing.get_type_hints would, once per distinct text ("str | None" is in
    # every class): get_type_hints compiles each field's text anew, ~0.5 ms of every `check`.
    return _checker(eval(annotation, vars(sys.modules[module])))  # the package's own source


def conforms(obj: Any) -> bool:
    """True when every field of the dataclass `obj` (and of those it holds) has its declared type
    and stays within the catalog's limits."""
    cls: Any = type(obj)  # a class is hashable, whatever mypy infers for type[Any]
    return all(check(getattr(obj, name)) for name, check in _fields(cls))
