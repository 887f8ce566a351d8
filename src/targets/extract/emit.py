"""A draft as catalog YAML (a small deterministic emitter the catalog loader reads back) or as
JSON in the shape of the `indicators` of `targets list --format json`."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from targets.extract.model import DraftPlan, drafted_reason, entry_id, target_dict
from targets.extract.numerals import fmt_decimal

_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`~][^,\[\]{}#:'\"]*$")
_RESERVED = re.compile(r"^(?:null|true|false|yes|no|on|off|y|n|~|<<|=)$", re.IGNORECASE)
_NUMBERISH = re.compile(r"^[-+.\d]|^\.(?:inf|nan)$", re.IGNORECASE)
_UNPRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]"
)
FLOW_KEYS = {"period", "baseline", "target", "cumulative", "source", "draft", "previous_period"}


def scalar(value: Any) -> str:
    """One YAML scalar. Text is plain when that cannot be misread (no indicator characters,
    not a number, a date or a boolean), else a JSON string, which YAML reads as double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return fmt_decimal(value)
    text = str(value)
    if (
        _PLAIN.match(text)
        and not _RESERVED.match(text)
        and not _NUMBERISH.match(text)
        and text == text.strip()
        and text.isprintable()
        and not _UNPRINTABLE.search(text)
    ):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", quoted)


def _flow(mapping: dict[str, Any]) -> str:
    parts = []
    for k, v in mapping.items():
        if isinstance(v, list):
            parts.append(f"{k}: [{', '.join(scalar(x) for x in v)}]")
        else:
            parts.append(f"{k}: {scalar(v)}")
    return "{" + ", ".join(parts) + "}"


def _block(mapping: dict[str, Any], indent: int, first_prefix: str = "") -> list[str]:
    pad = " " * indent
    out = []
    for i, (k, v) in enumerate(mapping.items()):
        lead = first_prefix if i == 0 and first_prefix else pad
        if isinstance(v, dict) and k in FLOW_KEYS:
            out.append(f"{lead}{k}: {_flow(v)}")
        elif isinstance(v, dict):
            out.append(f"{lead}{k}:")
            out += _block(v, indent + 2)
        elif isinstance(v, list):
            out.append(f"{lead}{k}: [{', '.join(scalar(x) for x in v)}]")
        else:
            out.append(f"{lead}{k}: {scalar(v)}")
    return out


def plan_dict(plan: DraftPlan) -> dict[str, Any]:
    seen: dict[str, int] = {}
    targets = [{"id": entry_id(plan.id, e, seen), **target_dict(e)} for e in plan.entries]
    d: dict[str, Any] = {
        "id": plan.id,
        "title": plan.title,
        "doc_number": plan.doc_number,
        "issuer": plan.issuer,
        "date": plan.date,
        "scope": plan.scope,
        "period": {"start": plan.period[0], "end": plan.period[1]},
        "base_year": plan.period[0] - 1,
        "source": plan.source,
        "note": plan.note,
    }
    d["targets"] = targets
    return d


def to_yaml(plan: DraftPlan, plan_path: str) -> str:
    d = plan_dict(plan)
    targets = d.pop("targets")
    lines = [
        f"# Draft catalog written by `targets extract` from {plan_path}.",
        "# Review every entry against the plan text: fix the fields `draft.review` lists, then delete",
        "# `draft` (or empty its review list). Check with `targets validate`; see docs/extract.md.",
        "version: 1",
        "plans:",
        *_block(d, 4, first_prefix="  - "),
        "    targets:" if targets else "    targets: []",
    ]
    for t in targets:
        lines += _block(t, 8, first_prefix="      - ")
    return "\n".join(lines) + "\n"


def _json_num(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def explain_rows(plan: DraftPlan) -> list[dict[str, Any]]:
    """Every number of the plan (and every entry found without one) with why it was or was not
    drafted, in text order; `drafted` is the entry's id."""
    seen: dict[str, int] = {}
    ids = {id(e): entry_id(plan.id, e, seen) for e in plan.entries}
    return [
        {
            "line": x.line,
            "number": x.printed,
            "drafted": ids.get(id(x.entry)) if x.entry is not None else None,
            "reason": drafted_reason(x.entry) if x.entry is not None else x.reason,
        }
        for x in plan.explained
    ]


def to_explain(plan: DraftPlan) -> str:
    """`extract --explain`: one line per number, `line N  number  drafted|skipped  why`."""
    from targets.safe import visible

    out = []
    for row in explain_rows(plan):
        verdict = "drafted" if row["drafted"] else "skipped"
        out.append(f"line {row['line']}\t{visible(row['number'])}\t{verdict}\t{visible(row['reason'])}")
    return "\n".join(out) + ("\n" if out else "")


def to_json(plan: DraftPlan, plan_path: str, explain: bool = False) -> str:
    """{"plans": [...], "indicators": [...]} as `targets list --format json` prints them, each
    indicator with the draft's confidence, pattern and review marks added."""
    d = plan_dict(plan)
    indicators = []
    for t in d["targets"]:
        target = t["target"]
        entry = {
            "id": t["id"],
            "plan": plan.id,
            "series": t["id"],
            "name": t["name"],
            "unit": t["unit"],
            "kind": t["kind"],
            "comparator": t["comparator"],
            "attribute": t["attribute"],
            "direction": t["direction"],
            "cumulative": "cumulative" in t,
            "baseline": None
            if "baseline" not in t
            else {"year": t["baseline"]["year"], "value": _json_num(t["baseline"]["value"])},
            "target": {
                "year": target["year"],
                "value": _json_num(target.get("value")),
                "value_high": _json_num(target.get("value_high")),
                **{
                    k: _json_num(target[k])
                    for k in ("factor", "change_pct", "growth_pct", "change_pp")
                    if k in target
                },
            },
            "source": {"file": plan_path, "line": t["source"]["line"], "quote": t["source"]["quote"]},
            "confidence": float(t["draft"]["confidence"]),
            "pattern": t["draft"]["pattern"],
            "review": t["draft"]["review"],
        }
        indicators.append(entry)
    listed = ("id", "title", "doc_number", "issuer", "date", "scope", "period")  # as `targets list`
    plans = [{**{k: d[k] for k in listed}, "source": plan_path}]
    doc: dict[str, Any] = {"plans": plans, "indicators": indicators}
    if explain:
        doc["explain"] = explain_rows(plan)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
