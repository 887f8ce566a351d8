"""Merge the JSON reports of runs split by region into the report of one run over all of them.

Evaluation judges each (series, region) on its own, so a national check can run as one process
(or one machine) per province and merge: a target's results are taken from every part and put
in region order; a part where nobody reports a target gives one no_data row without a region,
which stands in the merged report only when no part reports the target. The summary is counted
again from the merged results. See docs/scale.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

from targets.evaluate.run import Summarizer
from targets.models import Attribute, Status, plain


def _region_key(result: dict[str, Any]) -> tuple[bool, str]:
    region = result.get("region")
    return region is not None, region or ""


def merge_reports(parts: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """JSON reports (as parsed) of the same catalog and --as-of -> the report of one run."""
    docs = list(parts)
    years = {d["as_of"] for d in docs}
    if len(years) > 1:
        raise ValueError(f"the parts were judged for different years {sorted(years)}: give them one --as-of")
    order: list[str] = []
    by_target: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        for r in doc["results"]:
            if r["id"] not in by_target:
                order.append(r["id"])
                by_target[r["id"]] = []
            by_target[r["id"]].append(r)
    results: list[dict[str, Any]] = []
    for target in order:
        rows = by_target[target]
        reported = [r for r in rows if not (r["status"] == "no_data" and r["region"] is None)]
        results += sorted(reported, key=_region_key) if reported else rows[:1]
    acc = Summarizer()
    for r in results:
        acc.add(
            SimpleNamespace(  # type: ignore[arg-type]  # what Summarizer reads of a Result
                status=Status(r["status"]),
                plan=r["plan"],
                attribute=Attribute(r["attribute"]),
                id=r["id"],
                name=r["name"],
                region=r["region"],
            )
        )
    problems = [p for doc in docs for p in doc["problems"]]
    return {"as_of": years.pop() if years else None, "results": results, "problems": problems,
            "summary": plain(acc.summary())}  # fmt: skip
