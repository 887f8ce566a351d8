"""`targets extract`: a draft catalog from a plan's text, every entry traceable to its line."""

from __future__ import annotations

import os
import re
from enum import StrEnum
from pathlib import Path

import typer

from targets.cli.common import err, guarded, out

_PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PERIOD = re.compile(r"^\s*(\d{4})\s*[-–—]\s*(\d{4})\s*$")


class ExtractFormat(StrEnum):
    yaml = "yaml"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)


def _usage(file: str, message: str) -> Exception:
    from targets.errors import Problem, TargetsError

    return TargetsError([Problem(file=file, code="usage", message=message)])


def default_plan_id(path: Path) -> str:
    """gx-open-14th.txt -> gx-open-14th; a name without ASCII letters or digits -> plan."""
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return slug or "plan"


def source_field(plan: Path, catalog_dir: Path) -> str:
    """The plan's `source` as `targets validate` resolves it: relative to the `sources/` folder
    beside the catalog file when the text lies under it (or that folder exists), else absolute."""
    sources = (catalog_dir / "sources").resolve()
    target = plan.resolve()
    try:
        return target.relative_to(sources).as_posix()
    except ValueError:
        pass
    if sources.is_dir():
        return Path(os.path.relpath(target, sources)).as_posix()
    return target.as_posix()


def parse_period(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    m = _PERIOD.match(text)
    if not m or not 1900 <= int(m[1]) <= int(m[2]) <= 2100:
        raise _usage("--period", f"expected START-END such as 2021-2025, got {text!r}")
    return int(m[1]), int(m[2])


@guarded
def extract(
    plan: Path = typer.Argument(..., metavar="PLAN.txt", help="The plan's text (UTF-8, UTF-16 or GB18030)."),
    plan_id: str | None = typer.Option(
        None, "--plan-id", help="Id of the drafted plan (default: from the file name)."
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the draft to this file."),
    fmt: ExtractFormat = typer.Option(
        ExtractFormat.yaml, "--format", "-f", help="yaml (catalog entries) or json (the shape of `list`)."
    ),
    encoding: str | None = typer.Option(None, "--encoding", help="Force the text's encoding."),
    period: str | None = typer.Option(
        None, "--period", help="The plan period START-END (default: read from the text)."
    ),
    explain: bool = typer.Option(
        False,
        "--explain",
        help="Show, for every number in the text, why it was or was not drafted (yaml: instead of "
        "the draft on stdout; json: an `explain` list).",
    ),
) -> None:
    """从规划文本起草目标目录 / Draft catalog entries from a plan's text: every quantitative target
    with its line and quote, kind, value(s), year, the rule that found it, a confidence, and the
    fields to review. Rule-based (docs/extract.md); review, then `targets validate`."""
    from targets.cli.output import Outputs
    from targets.extract import extract as draft_plan
    from targets.extract.emit import to_explain, to_json, to_yaml
    from targets.files import MAX_TEXT_MB, ReadRefused, read_regular
    from targets.textio import decode

    pid = plan_id if plan_id is not None else default_plan_id(plan)
    if not _PLAN_ID.match(pid):
        raise _usage("--plan-id", f"expected lower-case ASCII letters, digits and '-', got {pid!r}")
    years = parse_period(period)
    outputs = Outputs(reads=[plan], writes=[output])
    try:
        data = read_regular(plan, MAX_TEXT_MB)
    except ReadRefused as exc:
        raise _usage(str(plan), str(exc)) from None
    text = decode(data, str(plan), encoding)
    catalog_dir = output.parent if output is not None else Path.cwd()
    draft = draft_plan(text, pid, source_field(plan, catalog_dir), years)
    json_out = fmt is ExtractFormat.json
    rendered = to_json(draft, str(plan), explain) if json_out else to_yaml(draft, str(plan))
    if output is not None:
        outputs.write(output, rendered)
    if explain and not json_out:
        out(to_explain(draft))
    elif output is None:
        out(rendered)
    to_review = sum(1 for e in draft.entries if e.review)
    where = f"{output}: " if output is not None else ""
    err(f"{where}{len(draft.entries)} target(s) drafted from {plan}, {to_review} with fields to review")
    if not draft.entries:
        err(f"{plan}: warning: no quantitative target found")
    if draft.period == (0, 0):
        err(f"{plan}: warning: no plan period found in the text; give --period START-END")
