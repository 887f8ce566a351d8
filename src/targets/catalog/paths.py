"""Field paths in a catalog (`plans[0].targets[3] (id=...).target.value`) for error messages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from targets.catalog.yamlnodes import YamlDocument

Path = tuple[str | int, ...]


def fmt_path(doc: YamlDocument | None, loc: Path) -> str:
    out = ""
    node: Any = doc.data if doc else None
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                out += f" (id={node['id']})"
        else:
            out += f".{part}" if out else part
            node = node.get(part) if isinstance(node, dict) else None
    return out
