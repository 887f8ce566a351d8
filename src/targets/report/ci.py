"""CI renderers: GitHub Actions workflow-command annotations and JUnit XML from a Report; pure."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence

from targets.errors import Problem
from targets.evaluate import fails
from targets.models import Report, Result, Status
from targets.report.render import row_cells, summary_line
from targets.safe import gh_data, gh_property, visible

ERROR_STATUSES = (Status.missed, Status.fallen_back, Status.moving_away, Status.far_behind)
WARNING_STATUSES = (Status.behind,)
NOTICE_STATUSES = (Status.not_assessable, Status.no_data)
FAILURE_STATUSES = (*WARNING_STATUSES, *ERROR_STATUSES)
KINDS = ("error", "warning", "notice")
ANNOTATION = {
    **dict.fromkeys(ERROR_STATUSES, "error"),
    **dict.fromkeys(WARNING_STATUSES, "warning"),
    **dict.fromkeys(NOTICE_STATUSES, "notice"),
}  # achieved, ahead and on_track are not annotated
DEFAULT_HINT = "run targets check --format json for the full report"

# Characters XML 1.0 cannot carry even as references; ElementTree writes them through and
# the file then fails to parse, so a control character from a bad CSV cell must be spelled out.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# ---------------------------------------------------------------- GitHub workflow commands


def escape_data(text: str) -> str:
    """The message part of a workflow command: one physical line whatever the text holds."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (file, title): also `:` and `,`, which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(
    kind: str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    title: str | None = None,
    col: int | None = None,
) -> str:
    """`::error file=F,line=L,col=C,title=T::message`, every part escaped as GitHub specifies
    (and any other control character shown visibly); absent parts left out."""
    props = []
    if file:
        props.append(f"file={gh_property(file)}")
        if line is not None:  # a line without a file means nothing to GitHub
            props.append(f"line={line}")
            if col is not None:
                props.append(f"col={col}")
    if title:
        props.append(f"title={gh_property(title)}")
    head = f"::{kind} {','.join(props)}" if props else f"::{kind}"
    return f"{head}::{gh_data(message)}"


# A sheet's values are read from `book.xlsx!Sheet` (older messages: `book.xlsx[Sheet]`); the
# annotation needs the file.
_SHEET = re.compile(r"(.+\.(?:xlsx|xlsm|xlsb|xls|ods))(?:\[[^\]]*\]|![^/]*)", re.IGNORECASE)


def workspace_path(source: str, workspace: str, cwd: str) -> str | None:
    """The path GitHub matches an annotation to: relative to the workspace ($GITHUB_WORKSPACE,
    else the working directory), with / separators. None for stdin, an option, or a file
    outside the workspace (the catalog shipped inside site-packages)."""
    if not source or source.startswith("-"):
        return None
    m = _SHEET.fullmatch(source)
    path = m.group(1) if m else source
    full = os.path.normpath(os.path.join(cwd, path))
    rel = os.path.relpath(full, os.path.normpath(workspace))
    if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        return None
    return rel.replace(os.sep, "/")


def _as_given(source: str) -> str | None:
    if not source or source.startswith("-"):  # `-` is stdin and `--fx` an option
        return None
    m = _SHEET.fullmatch(source)
    return m.group(1) if m else source


def _one_line(text: str) -> str:
    # Annotations are read as one line; catalog text may carry line breaks of its own.
    return " ".join(text.split())


def result_key(r: Result) -> str:
    """The target id, with the region when the report is per region: unique per result."""
    return f"{r.id} [{r.region}]" if r.region else r.id


def result_message(r: Result) -> str:
    """One line: id, name, status slug and label, actual vs target, required yearly growth."""
    cells = row_cells(r, "en")
    name, unit, target, actual, required = cells[0], r.unit, cells[3], cells[4], cells[7]
    text = f"{r.id} {name}" + (f" ({unit})" if unit else "") + f": {r.status.value} ({r.label})"
    text += f"; target {target}" if actual == "—" else f"; actual {actual} vs target {target}"
    if required != "—":
        text += f"; required {required}/yr"
    if r.reason:
        text += f"; {r.reason}"
    return _one_line(text)


def _problem_kind(p: Problem) -> str:
    return "error" if p.severity == "error" else "warning"


def _problem_annotation(p: Problem, path_of: PathOf) -> str:
    file = path_of(p.file)
    message = f"{p.column}: {p.message}" if p.column else p.message
    if p.file and file is None and not p.file.startswith("-"):
        message = f"{p.file}: {message}"  # outside the workspace: named in the message instead
    if p.promoted:
        message = f"warning made an error by --strict: {message}"
    return command(_problem_kind(p), _one_line(message), file=file, line=p.line, title=p.code, col=p.col)


def _result_annotation(
    kind: str, r: Result, path_of: PathOf, catalog_file: str | None, prefix: str = ""
) -> str:
    file = path_of(r.file) if r.file else None
    line = r.line if file else None
    if file is None:
        file = catalog_file  # no value was read: the target lives in the catalog
    return command(kind, prefix + result_message(r), file=file, line=line, title=result_key(r))


PathOf = Callable[[str], str | None]
NO_DATA_LISTED = 20


def _no_data_notice(results: Sequence[Result], catalog_file: str | None) -> str:
    ids = list(dict.fromkeys(r.id for r in results))
    listed = ", ".join(ids[:NO_DATA_LISTED])
    more = f" and {len(ids) - NO_DATA_LISTED} more" if len(ids) > NO_DATA_LISTED else ""
    message = f"{len(results)} target(s) have no data (no_data, 缺数据): {listed}{more}"
    return command("notice", message, file=catalog_file, title=f"targets: {len(results)} without data")


def render_github(
    report: Report,
    *,
    cap: int = 10,
    report_hint: str | None = None,
    catalog_source: str | None = None,
    fail_on: Status | None = None,
    path_of: PathOf | None = None,
) -> str:
    """Workflow commands for GitHub Actions: every input problem, then the targets at or past
    `fail_on` (one error each), then the other off-track results as error/warning/notice
    annotations, worst first; the targets without data are one notice.

    GitHub shows at most 10 annotations of each type per step, so the results of a type fill
    what the problems left of `cap`: when they have more, one line fewer is printed and the
    last line of that type says how many more there are and where the full report is
    (`report_hint`, default DEFAULT_HINT). `path_of` maps a file
    as read to the path GitHub matches (see workspace_path; default: as given); annotations
    about the catalog point at `catalog_source` (the --catalog given) or at no file. A plain
    summary line ends it.
    """
    cap = max(cap, 1)
    where = path_of or _as_given
    catalog_file = where(catalog_source) if catalog_source else None
    rank = {s: i for i, s in enumerate(ANNOTATION)}
    failing = [r for r in report.results if fail_on is not None and fails(r.status, fail_on)]
    gate = {id(r) for r in failing}
    # Stable sort: worst status first, the report's order within a status.
    ranked = sorted(
        (
            r
            for r in report.results
            if r.status in rank and id(r) not in gate and r.status is not Status.no_data
        ),
        key=lambda r: rank[r.status],
    )
    no_data = [r for r in report.results if r.status is Status.no_data and id(r) not in gate]
    # Input problems first, every one of them: they may explain the results.
    problems = sorted(report.problems, key=lambda p: KINDS.index(_problem_kind(p)))  # errors first
    out = [_problem_annotation(p, where) for p in problems]
    used = {k: sum(1 for p in report.problems if _problem_kind(p) == k) for k in KINDS}
    by_kind: dict[str, list[str]] = {k: [] for k in KINDS}
    prefix = f"at or past --fail-on {fail_on.value}: " if fail_on is not None else ""
    for r in sorted(failing, key=lambda r: rank.get(r.status, len(rank))):
        by_kind["error"].append(_result_annotation("error", r, where, catalog_file, prefix))
    if no_data:  # first among the notices, so that the cap never hides it
        by_kind["notice"].append(_no_data_notice(no_data, catalog_file))
    for r in ranked:
        by_kind[ANNOTATION[r.status]].append(_result_annotation(ANNOTATION[r.status], r, where, catalog_file))
    for kind, items in by_kind.items():
        budget = max(cap - used[kind], 1)  # what GitHub still shows of this type
        if len(items) <= budget:
            out += items
            continue
        shown = budget - 1
        more = len(items) - shown
        out += items[:shown]
        message = f"{more} more {kind}s not shown ({len(items)} in all); {report_hint or DEFAULT_HINT}"
        out.append(command(kind, message, title=f"targets: {more} more {kind}s"))
    out.append(_closing_line(report))
    return "\n".join(out) + "\n"


def _closing_line(report: Report) -> str:
    errors = sum(1 for p in report.problems if p.severity == "error")
    if errors:
        warnings = len(report.problems) - errors
        return f"targets: invalid input: {errors} error(s), {warnings} warning(s); nothing was evaluated"
    return summary_line(report, "en")


# ---------------------------------------------------------------- JUnit XML


def _xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: _xml_safe(v) for k, v in attrs.items()})
    if text is not None:
        el.text = _xml_safe(text)
    return el


def result_details(r: Result) -> str:
    """The numbers behind a status, one per line, as the text formats print them."""
    cells = row_cells(r, "en")
    rows = [
        ("status", f"{r.status.value} ({r.label})"),
        ("indicator", cells[0]),
        ("unit", cells[1]),
        ("actual", cells[4]),
        ("read from", f"{r.file}:{r.line}" if r.file and r.line else r.file or "—"),
        ("target", cells[3]),
        ("baseline", cells[2]),
        ("progress", cells[5]),
        ("time elapsed", cells[6]),
        ("required per year", cells[7]),
    ]
    if r.reason:
        rows.append(("reason", r.reason))
    rows += [("note", n) for n in r.notes]
    return "".join(f"{k}: {_one_line(v)}\n" for k, v in rows)


def _testcase(suite: ET.Element, r: Result, catalog_source: str) -> str:
    """Append one result's testcase; return the count it adds to: tests, failures or skipped."""
    case = _sub(suite, "testcase", classname=r.plan, name=result_key(r))
    if r.file:
        case.set("file", _xml_safe(r.file))
        if r.line is not None:
            case.set("line", str(r.line))
    elif r.status is Status.no_data:
        case.set("file", _xml_safe(catalog_source))
    outcome = "tests"  # a pass adds to nothing but the number of tests
    if r.status in FAILURE_STATUSES:
        _sub(case, "failure", type=r.status.value, message=result_message(r))
        outcome = "failures"
    elif r.status in NOTICE_STATUSES:
        _sub(case, "skipped", message=result_message(r))
        outcome = "skipped"
    _sub(case, "system-out", result_details(r))
    return outcome


def _suite(root: ET.Element, name: str) -> ET.Element:
    # Attributes in a fixed order (ElementTree keeps insertion order); counts are set later.
    return _sub(root, "testsuite", name=name, tests="0", failures="0", errors="0", skipped="0")


def _count(el: ET.Element, counts: dict[str, int]) -> None:
    for key in ("tests", "failures", "errors", "skipped"):
        el.set(key, str(counts[key]))


def render_junit(report: Report, *, catalog_source: str) -> str:
    """JUnit XML: a testsuite per plan with a testcase per result (pass, <failure> when off
    track, <skipped> when it cannot be judged), and a suite `input` with a failing testcase per
    input error (written also when nothing could be evaluated). Details are in each testcase's
    <system-out>. UTF-8, with a declaration."""
    root = ET.Element("testsuites", name="targets", tests="0", failures="0", errors="0", skipped="0")
    total = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    plans: dict[str, list[Result]] = {}
    for r in report.results:
        plans.setdefault(r.plan, []).append(r)
    for plan, results in plans.items():
        suite = _suite(root, plan)
        props = _sub(suite, "properties")
        _sub(props, "property", name="as_of", value="" if report.as_of is None else str(report.as_of))
        _sub(props, "property", name="catalog", value=catalog_source)
        counts = dict.fromkeys(total, 0)
        for r in results:
            outcome = _testcase(suite, r, catalog_source)
            counts["tests"] += 1
            if outcome != "tests":
                counts[outcome] += 1
        _count(suite, counts)
        total = {k: total[k] + counts[k] for k in total}
    if report.problems:
        suite = _suite(root, "input")
        errors = [p for p in report.problems if p.severity == "error"]
        for p in errors:
            where = p.file if p.line is None else f"{p.file}:{p.line}"
            case = _sub(suite, "testcase", classname="input", name=f"{visible(where)} {p.code}")
            if not p.file.startswith("-"):
                case.set("file", _xml_safe(_as_given(p.file) or p.file))
                if p.line is not None:
                    case.set("line", str(p.line))
            kind = "warning made an error by --strict" if p.promoted else "input error"
            _sub(case, "failure", visible(str(p)), type=p.code, message=visible(f"{kind}: {p.message}"))
        warnings = [visible(str(p)) for p in report.problems if p.severity != "error"]
        if warnings:
            _sub(suite, "system-out", "\n".join(warnings) + "\n")
        counts = dict.fromkeys(total, 0) | {"tests": len(errors), "failures": len(errors)}
        _count(suite, counts)
        total = {k: total[k] + counts[k] for k in total}
    _count(root, total)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
