"""Run generated cases through `targets check` (in-process) and the reference model; collect differences.

`python -m tests.oracle.harness [N] [--seed S] [--new-kinds] [--examples K]` prints the categories of
disagreement with counts and a minimal reproduction of the first case of each.
"""

from __future__ import annotations

import json
import math
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from tests.oracle.gen import NEW_FEATURES, Case, GenTarget, generate
from tests.oracle.method_ref import evaluate
from tests.oracle.spec import q_thresholds

REL_TOL = 0.002
ABS_TOL = 1e-6
EXACT_FIELDS = frozenset({"status", "year", "reached_in", "baseline_from", "baseline_year", "path"})
SKIP_FIELDS = frozenset({"reason", "notes"})


@dataclass
class Mismatch:
    category: str
    case: Case
    target: GenTarget | None
    region: str | None
    detail: str
    oracle: dict[str, Any] = field(default_factory=dict)
    tool: dict[str, Any] | None = None


@dataclass
class Outcome:
    cases: int = 0
    results: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)

    def categories(self) -> dict[str, list[Mismatch]]:
        """Categories by size; a rejected catalog feature comes first, it hides every case of its kind."""
        out: dict[str, list[Mismatch]] = {}
        for m in self.mismatches:
            out.setdefault(m.category, []).append(m)
        return dict(sorted(out.items(), key=lambda kv: (not kv[0].startswith("catalog schema"), -len(kv[1]))))

    def render(self, examples: int = 1, limit: int = 60, shown: int = 12) -> str:
        """Counts per category (results / cases), then a reproduction of the first of the largest ones."""
        cats = self.categories()
        lines = [f"{len(self.mismatches)} difference(s) in {self.results} results of {self.cases} cases"]
        for name, items in list(cats.items())[:limit]:
            n_cases = len({m.case.seed for m in items})
            lines.append(f"  {len(items):5d} results / {n_cases:4d} cases  {name}")
        if len(cats) > limit:
            lines.append(f"  ... {len(cats) - limit} more categories")
        for items in list(cats.values())[:shown]:
            lines.extend(reproduce(m) for m in items[:examples])
        return "\n".join(lines)


def _cli() -> Any:
    # `targets.cli.app` is both the module and the Typer object in it; take the object.
    from targets.cli.app import app

    return app


def write_case(case: Case, folder: Path) -> tuple[Path, Path]:
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "sources" / f"{case.plan_id}.txt").write_text(case.source_text(), encoding="utf-8")
    catalog = folder / "catalog.yaml"
    catalog.write_text(case.catalog_yaml(), encoding="utf-8")
    actuals = folder / "actuals.csv"
    actuals.write_text(case.csv_text(), encoding="utf-8")
    return catalog, actuals


def run_tool(case: Case, folder: Path) -> tuple[int, str]:
    catalog, actuals = write_case(case, folder)
    args = [
        "check",
        str(actuals),
        "--catalog",
        str(catalog),
        "--format",
        "json",
        "--as-of",
        str(case.report_year),
    ]
    result = CliRunner().invoke(_cli(), args)
    return result.exit_code, result.stdout if result.exit_code == 0 else result.output


def schema_rejects(folder: Path) -> dict[str, str]:
    """Which revision-2 catalog features `validate` rejects today (feature -> its message)."""
    out = {}
    for feature in sorted(NEW_FEATURES):
        for seed in range(2000):
            case = generate(10_000_000 + seed, new_kinds=True)
            if _has_feature(case, feature):
                break
        else:
            continue
        case.targets = [t for t in case.targets if _target_has(t, feature)][:1]
        catalog, _ = write_case(case, folder / f"probe-{feature}")
        result = CliRunner().invoke(_cli(), ["validate", str(catalog)])
        if result.exit_code != 0:
            out[feature] = result.output.strip().splitlines()[0] if result.output.strip() else "(no message)"
    return out


def _target_has(t: GenTarget, feature: str) -> bool:
    return bool(t.entry.get("regions")) if feature == "regions" else t.entry["kind"] == feature


def _has_feature(case: Case, feature: str) -> bool:
    return any(_target_has(t, feature) for t in case.targets)


def check_case(case: Case, folder: Path, outcome: Outcome) -> None:
    outcome.cases += 1
    code, text = run_tool(case, folder)
    if code != 0:
        outcome.mismatches.append(Mismatch(f"tool exit {code}", case, None, None, text.strip()[:600]))
        return
    report = json.loads(text)
    tool = {(r["id"], r.get("region")): r for r in report["results"]}
    expected_keys = set()
    for target in case.targets:
        regions = case.regions_of(target.series) or [None]
        for region in regions:
            series = case.data.get((target.series, region), {})
            oracle = evaluate(target.spec, series, case.report_year, region)
            outcome.results += 1
            expected_keys.add((target.tid, region))
            got = tool.get((target.tid, region))
            if got is None:
                outcome.mismatches.append(Mismatch("result missing", case, target, region, "", oracle))
                continue
            for cat, detail in compare(oracle, got):
                name = cat if cat.startswith("field") else f"{target.spec.kind}: {cat}"
                outcome.mismatches.append(Mismatch(name, case, target, region, detail, oracle, got))
    for key in tool.keys() - expected_keys:
        outcome.mismatches.append(Mismatch("extra result in the tool", case, None, key[1], str(key)))


def compare(oracle: dict[str, Any], tool: dict[str, Any]) -> list[tuple[str, str]]:
    """(category, detail) for every field the reference fixes and the tool reports differently."""
    out = []
    for name, want in oracle.items():
        if name in SKIP_FIELDS:
            continue
        if name not in tool:
            out.append((f"field `{name}` missing in the tool's JSON", f"reference {want!r}"))
            continue
        got = tool[name]
        if name == "status":
            if got != want and not _on_threshold(oracle, got):
                out.append((f"status {want} -> tool {got}", ""))
        elif name in EXACT_FIELDS or isinstance(want, str) or want is None or got is None:
            if got != want and not (_number(want) and _number(got) and float(want) == float(got)):
                out.append((_value_category(name, want, got), f"reference {want!r}, tool {got!r}"))
        elif not _close(float(want), got):
            out.append((f"{name} differs", f"reference {want!r}, tool {got!r}"))
    return out


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _value_category(name: str, want: Any, got: Any) -> str:
    if want is None:
        return f"{name}: reference null, tool a value"
    if got is None:
        return f"{name}: reference a value, tool null"
    if name in ("status", "path", "baseline_from"):
        return f"{name} {want} -> tool {got}"
    return f"{name} differs"


def _close(want: float, got: Any) -> bool:
    if not _number(got) or math.isnan(float(got)):
        return False
    return abs(want - float(got)) <= ABS_TOL + REL_TOL * max(abs(want), abs(float(got)))


def _on_threshold(oracle: dict[str, Any], got: str) -> bool:
    """A q on a status threshold to float precision may fall on either side of it."""
    q = oracle.get("schedule_ratio")
    if not _number(q):
        return False
    near = any(abs(q - th) <= 1e-9 * max(1.0, abs(q)) for th in q_thresholds(True) + q_thresholds(False))
    return near and got in ("ahead", "on_track", "behind", "far_behind", "moving_away")


def reproduce(m: Mismatch) -> str:
    """A minimal, readable reproduction: the target entry, its series, the report year, both answers."""
    lines = [f"\n--- {m.category} (seed {m.case.seed}, report year {m.case.report_year}) ---"]
    if m.detail:
        lines.append(f"detail: {m.detail}")
    if m.category.startswith("catalog schema"):
        return "\n".join(lines)
    if m.target is None:
        lines.append(m.case.catalog_yaml())
        lines.append(m.case.csv_text())
        return "\n".join(lines)
    plan = {k: m.case.plan.get(k) for k in ("scope", "period", "base_year")}
    lines.append(f"plan: {json.dumps(plan, ensure_ascii=False)}")
    entry = {k: v for k, v in m.target.entry.items() if k not in ("source", "name")}
    lines.append(
        "target: "
        + yaml.safe_dump(entry, allow_unicode=True, sort_keys=False, default_flow_style=True).strip()
    )
    series = m.case.data.get((m.target.series, m.region), {})
    lines.append(f"region: {m.region!r}  series: {json.dumps(dict(sorted(series.items())))}")
    shown = {k: v for k, v in m.oracle.items() if k not in SKIP_FIELDS}
    lines.append(f"reference: {json.dumps(shown, ensure_ascii=False)}")
    if m.tool is not None:
        tool = {k: m.tool.get(k, "<missing>") for k in shown}
        tool["reason"] = m.tool.get("reason")
        lines.append(f"tool:      {json.dumps(tool, ensure_ascii=False)}")
    return "\n".join(lines)


def run(n: int, folder: Path, seed0: int = 0, new_kinds: bool | None = None) -> Outcome:
    """N generated cases; revision-2 kinds are generated when forced or when the schema accepts them."""
    outcome = Outcome()
    rejected = schema_rejects(folder)
    forced = new_kinds if new_kinds is not None else os.environ.get("TARGETS_DIFF_NEW_KINDS") == "1"
    for feature, message in rejected.items():
        empty = generate(0)
        outcome.mismatches.append(Mismatch(f"catalog schema rejects `{feature}`", empty, None, None, message))
    use_new = NEW_FEATURES if forced else NEW_FEATURES - rejected.keys()
    for i in range(n):
        check_case(generate(seed0 + i, new_kinds=use_new), folder / f"case-{i}", outcome)
    return outcome


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv and argv[0].isdigit() else 300
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 0
    examples = int(argv[argv.index("--examples") + 1]) if "--examples" in argv else 1
    new = True if "--new-kinds" in argv else None
    with tempfile.TemporaryDirectory(prefix="targets-diff-") as tmp:
        os.environ.setdefault("TARGETS_CACHE_DIR", str(Path(tmp) / "cache"))
        outcome = run(n, Path(tmp), seed, new)
    print(outcome.render(examples))
    return 1 if outcome.mismatches else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
