"""Safe YAML reading that keeps line numbers: composed nodes -> plain values plus a path -> line map."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from targets.errors import Problem

Path = tuple[str | int, ...]

_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_STD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
}
_MAX_DEPTH = 64
_MAX_EXPONENT = 15  # no plan statistic needs more than 10**15; bigger literals hang int()


def _too_deep(text: str) -> int | None:
    """A cheap over-estimate of flow nesting. libyaml's composer recurses in C and can
    overflow the stack on inputs like '[' * 100000, so such text is refused before composing.
    Returns the line where nesting first passes the limit, or None."""
    depth = best = 0
    line = 1
    crossed: int | None = None
    for ch in text:
        if ch == "\n":
            line += 1
        elif ch in "[{":
            depth += 1
            best = max(best, depth)
            if depth == _MAX_DEPTH + 1 and crossed is None:
                crossed = line
        elif ch in "]}":
            depth = max(depth - 1, 0)
    indent = max((len(ln) - len(ln.lstrip(" ")) for ln in text.splitlines()), default=0)
    if best > _MAX_DEPTH * 4 or indent > _MAX_DEPTH * 8:
        return crossed or 1
    return None


try:  # libyaml is several times faster; fall back silently to pure Python
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader


class YamlDocument:
    """A YAML document as Python values, with the 1-based line of every path."""

    def __init__(self, data: Any, lines: dict[Path, int]) -> None:
        self.data = data
        self.lines = lines

    def line_of(self, path: Path) -> int | None:
        """The line of the longest prefix of `path` that exists in the document."""
        for n in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:n]))
            if line is not None:
                return line
        return None


def _scalar(node: yaml.ScalarNode) -> Any:
    # Our own resolution: YAML 1.1 would read 010 as 8, yes as True and 1e8 as a string.
    text = node.value
    if node.style:  # quoted or block scalar: always text (libyaml gives '' for plain)
        return text
    low = text.strip().lower()
    if low in ("", "~", "null"):
        return None
    if low in ("true", "false"):
        return low == "true"
    if _NUMBER.fullmatch(text.strip()):
        digits = text.strip().lstrip("+-")
        if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
            return text  # leading zero: ambiguous (octal in YAML 1.1); let validation reject it
        try:
            value = Decimal(text.strip())
        except InvalidOperation:  # pragma: no cover - the regex admits only valid literals
            return text
        if value.is_finite() and (value == 0 or abs(value.adjusted()) <= _MAX_EXPONENT):
            if "." not in text and "e" not in low:
                return int(value)
            return value
    return text


def load_yaml(text: str, source: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Compose `text` and convert it; problems instead of exceptions."""
    problems: list[Problem] = []
    deep_at = _too_deep(text)
    if deep_at is not None:
        msg = f"nesting deeper than {_MAX_DEPTH} levels"
        return None, [Problem(file=source, line=deep_at, code="yaml-depth", message=msg)]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        msg = f"YAML syntax error: {exc.problem or exc.context}"
        return None, [Problem(file=source, line=line, code="yaml-syntax", message=msg)]
    except yaml.YAMLError as exc:
        return None, [Problem(file=source, code="yaml-syntax", message=f"YAML error: {exc}")]
    except RecursionError:
        msg = "YAML nesting is too deep"
        return None, [Problem(file=source, code="yaml-depth", message=msg)]
    if root is None:
        return None, [Problem(file=source, line=1, code="yaml-empty", message="the file is empty")]

    lines: dict[Path, int] = {}
    seen: set[int] = set()

    def err(node: yaml.Node, code: str, message: str, line: int | None = None) -> None:
        line = line if line is not None else node.start_mark.line + 1
        problems.append(Problem(file=source, line=line, code=code, message=message))

    def convert(node: yaml.Node, path: Path, depth: int) -> Any:
        if id(node) in seen:  # an alias: refuse, it is also how 'billion laughs' bombs work
            # the composed node keeps the anchor's mark; the key holding the alias is the
            # better place to point at
            msg = "YAML anchors and aliases are not allowed in the catalog"
            err(node, "yaml-alias", msg, lines.get(path))
            return None
        lines.setdefault(path, node.start_mark.line + 1)
        seen.add(id(node))
        if depth > _MAX_DEPTH:
            err(node, "yaml-depth", f"nesting deeper than {_MAX_DEPTH} levels")
            return None
        if node.tag not in _STD_TAGS:
            err(node, "yaml-tag", f"tag {node.tag!r} is not allowed (plain YAML only)")
            return None
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [convert(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                err(key_node, "yaml-key", "mapping keys must be plain text")
                continue
            key = key_node.value
            if key == "<<":
                err(key_node, "yaml-merge", "YAML merge keys ('<<') are not allowed")
                continue
            if key in out:
                first = lines.get((*path, key))
                err(key_node, "yaml-duplicate-key", f"duplicate key {key!r} (first at line {first})")
                continue
            lines[(*path, key)] = key_node.start_mark.line + 1
            out[key] = convert(value_node, (*path, key), depth + 1)
        return out

    try:
        data = convert(root, (), 0)
    except RecursionError:
        return None, [Problem(file=source, code="yaml-depth", message="YAML nesting is too deep")]
    return YamlDocument(data, lines), problems
