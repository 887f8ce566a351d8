"""The package's shape: stages import one way only, and no module imports itself through a circle.

cli -> report -> evaluate -> actuals -> catalog -> base (models, errors, textio, safe);
extract sits beside the pipeline and may use only the base and the unit registry.
Every import counts, including the lazy ones inside functions."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import targets

SRC = Path(targets.__file__).parent

# A stage may import its own stage and any stage with a lower rank.
RANK = {"base": 0, "catalog": 1, "actuals": 2, "evaluate": 3, "report": 4, "cli": 5}
# extract is a side branch: what it may import besides itself.
EXTRACT_MAY_USE = {"base", "targets.catalog.units"}


def stage_of(module: str) -> str:
    if module == "targets.__main__":
        return "cli"  # `python -m targets` is the command line
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in (*RANK, "extract"):
        return parts[1]
    return "base"


def module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every targets module a file imports, at the top or inside a function."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("targets"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                name = ".".join([*base, *([node.module] if node.module else [])])
            else:
                name = node.module or ""
            if not name.startswith("targets"):
                continue
            for alias in node.names:  # `from pkg import submodule` imports the submodule
                sub = f"{name}.{alias.name}"
                found.add(sub if _is_module(sub) else name)
    found.discard(module)
    return found


def _is_module(name: str) -> bool:
    rel = Path(*name.split(".")[1:])
    return (SRC / rel).with_suffix(".py").is_file() or (SRC / rel / "__init__.py").is_file()


def import_graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in sorted(SRC.rglob("*.py"))}


def violations(graph: dict[str, set[str]]) -> list[str]:
    """Imports against the allowed direction, as 'a -> b' lines."""
    bad = []
    for module, targets_ in graph.items():
        here = stage_of(module)
        for imported in sorted(targets_):
            there = stage_of(imported)
            if here == "extract":
                ok = there in ("extract", "base") or imported in EXTRACT_MAY_USE
            elif there == "extract":
                ok = here == "cli"
            else:
                ok = RANK[there] <= RANK[here]
            if not ok:
                bad.append(f"{module} ({here}) -> {imported} ({there})")
    return bad


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan). A package's own __init__
    re-exporting its modules is not a circle: edges into a package's __init__ from inside it
    are ignored."""
    edges = {
        m: {i for i in imps if i in graph and not (m.startswith(i + ".") and i != "targets")}
        for m, imps in graph.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_every_module_imports() -> None:
    for info in pkgutil.walk_packages(targets.__path__, "targets."):
        if info.name != "targets.__main__":  # importing it runs the command
            importlib.import_module(info.name)


def test_imports_follow_the_stages() -> None:
    assert violations(import_graph()) == []


def test_no_import_circles() -> None:
    assert cycles(import_graph()) == []


def test_the_check_catches_a_reversed_import() -> None:
    graph = import_graph()
    graph["targets.catalog.loader"] = graph["targets.catalog.loader"] | {"targets.report.render"}
    graph["targets.extract.core"] = graph["targets.extract.core"] | {"targets.evaluate.run"}
    assert violations(graph) == [
        "targets.catalog.loader (catalog) -> targets.report.render (report)",
        "targets.extract.core (extract) -> targets.evaluate.run (evaluate)",
    ]


def test_the_check_catches_a_circle() -> None:
    graph = import_graph()
    graph["targets.catalog.paths"] = graph["targets.catalog.paths"] | {"targets.catalog.loader"}
    assert any({"targets.catalog.loader", "targets.catalog.paths"} <= set(group) for group in cycles(graph))


@pytest.mark.parametrize("stage", ["catalog", "actuals", "evaluate", "report", "cli", "extract"])
def test_each_stage_says_what_it_takes_and_gives(stage: str) -> None:
    doc = ast.get_docstring(ast.parse((SRC / stage / "__init__.py").read_text(encoding="utf-8")))
    assert doc and len(doc) > 80, f"{stage}/__init__.py needs a paragraph saying what it takes and gives"


def test_modules_stay_small() -> None:
    big = {
        module_name(p): n
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 420
    }
    assert big == {}


def long_functions(folder: Path, limit: int) -> dict[str, int]:
    """Functions (and methods) of a folder longer than `limit` lines, decorators and docstring included."""
    found = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None:
                start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                if (n := node.end_lineno - start + 1) > limit:
                    found[f"{path.relative_to(folder).with_suffix('')}.{node.name}"] = n
    return found


def test_evaluation_functions_stay_short() -> None:
    # Each verdict is a small named rule (evaluate/rules.py); nothing in evaluate/ grows past ~60 lines.
    assert long_functions(SRC / "evaluate", 60) == {}


def test_the_length_check_finds_a_long_function(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(60))
    (tmp_path / "long.py").write_text(f"@staticmethod\ndef long() -> None:\n{body}\n", encoding="utf-8")
    assert long_functions(tmp_path, 60) == {"long.long": 62}
