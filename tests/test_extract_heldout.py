"""`targets extract` on invented plan texts it was not written against (tests/data/extract/heldout):
recall, precision and field accuracy against hand-written gold lists, the goals of the issue
(recall >= 90 %, precision >= 95 %, year, unit and comparator right on >= 95 % of the matches),
and every draft validating once reviewed. The corpus was written by the project (see
docs/extract.md for what that means for these figures)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from targets.cli.app import app
from targets.extract import extract
from targets.extract.score import FieldScore, Gold, field_score, field_table

HELDOUT = Path(__file__).parent / "data" / "extract" / "heldout"
# Development texts: the rules were tuned on them.
TUNED = ("a_linjiang_renewal", "b_yunling_digital", "c_beichuan_social", "d_basin_ecology")
# Written with the others, kept out of tuning until the rules were done; then fixed once.
HELD_OUT = ("e_nanhu_industry", "f_qingshi_services")
# Written after the rules were tuned; scored once, then fixed once.
LATE = ("g_national_water_action", "h_street_workplan")
# Written after the last rule change of the round before; scored once, then fixed once.
LAST = ("i_hexi_county_outline", "j_province_tourism")
PARTS = {
    "tuned (a-d)": TUNED,
    "held out (e-f)": HELD_OUT,
    "written late (g-h)": LATE,
    "written last (i-j)": LAST,
}


def gold_list(stem: str) -> list[Gold]:
    lines = (HELDOUT / f"{stem}.txt").read_text(encoding="utf-8").splitlines()
    doc = yaml.safe_load((HELDOUT / f"{stem}.gold.yaml").read_text(encoding="utf-8"))
    out = []
    for t in doc["targets"]:
        hits = [n for n, line in enumerate(lines, start=1) if t["at"] in line]
        assert len(hits) == 1, f"{stem}: {t['at']!r} is on lines {hits}"
        out.append(
            Gold(hits[0], t["name"], t["year"], Decimal(str(t["value"])), t["unit"], t["cmp"], t["kind"])
        )
    return out


def text_score(stem: str) -> FieldScore:
    text = (HELDOUT / f"{stem}.txt").read_text(encoding="utf-8")
    draft = extract(text, "heldout", f"{stem}.txt")  # blind: the period is read from the text
    return field_score(draft.entries, gold_list(stem))


def part_score(stems: tuple[str, ...]) -> FieldScore:
    total = text_score(stems[0])
    for stem in stems[1:]:
        total = total + text_score(stem)
    return total


RECALL, PRECISION, FIELDS = 0.90, 0.95, 0.95
DOC = Path(__file__).resolve().parents[1] / "docs" / "extract.md"
STEMS = [stem for stems in PARTS.values() for stem in stems]


@pytest.mark.parametrize("part", sorted(PARTS))
def test_goals_on_each_part_of_the_corpus(part: str) -> None:
    s = part_score(PARTS[part])
    assert s.recall >= RECALL, f"{part}: recall {s.recall:.1%}; missed {s.missed}"
    assert s.precision >= PRECISION, f"{part}: precision {s.precision:.1%}; extra {s.extra}"
    assert s.accuracy() >= FIELDS, f"{part}: fields {s.accuracy():.1%}; wrong {s.wrong}"


def test_the_corpus_is_large_enough_and_its_gold_lists_point_at_their_lines() -> None:
    assert len(STEMS) == 10
    assert sum(len(gold_list(stem)) for stem in STEMS) >= 120  # gold_list asserts each line


def test_the_documented_held_out_figures_are_current() -> None:
    rows = [(label, part_score(stems)) for label, stems in PARTS.items()]
    assert field_table(rows) in DOC.read_text(encoding="utf-8"), "update docs/extract.md"


def test_a_miss_is_reported_with_its_gold_entry() -> None:
    s = text_score("d_basin_ecology")
    assert [(g.line, g.name) for g in s.missed] == [(7, "劣V类水体比例")]


@pytest.mark.parametrize("stem", STEMS)
def test_a_reviewed_draft_fails_validate_only_where_it_asked_for_review(tmp_path: Path, stem: str) -> None:
    """Once reviewed (review lists emptied), a draft validates except where it flagged a field
    the reviewer has to change: a unit the registry lacks, a kind the schema lacks."""
    out = tmp_path / "draft.yaml"
    result = CliRunner().invoke(app, ["extract", str(HELDOUT / f"{stem}.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    marked = {
        t["id"]: set(t["draft"]["review"])
        for t in yaml.safe_load(out.read_text(encoding="utf-8"))["plans"][0]["targets"]
    }
    text = out.read_text(encoding="utf-8")
    out.write_text(re.sub(r"review: \[[^\]]*\]", "review: []", text), encoding="utf-8")
    checked = CliRunner().invoke(app, ["validate", str(out)])
    failed = []
    for line in checked.stderr.splitlines():
        m = re.search(r"\(id=([^)]+)\)\.(\w+):", line)
        if m is None:
            assert line.endswith("error(s), 0 warning(s)"), line
            continue
        assert m[2] in marked[m[1]], f"{m[1]}: {m[2]} fails validate but was not marked: {line}"
        failed.append(m[1])
    assert checked.exit_code == (2 if failed else 0), checked.output


def wrap(text: str, width: int) -> str:
    """The text as a PDF export prints it: paragraphs cut into lines of `width` characters
    (headings and table rows kept whole)."""
    from targets.extract.segment import heading_of

    out: list[str] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if heading_of(line, n) or len(line) <= width or re.search(r"\t|\||\s{2,}", line):
            out.append(line)
        else:
            out += [line[i : i + width] for i in range(0, len(line), width)]
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("width", [24, 31])
@pytest.mark.parametrize("stem", ["b_yunling_digital", "h_street_workplan", "j_province_tourism"])
def test_a_text_wrapped_at_a_width_drafts_the_same_targets(stem: str, width: int) -> None:
    text = (HELDOUT / f"{stem}.txt").read_text(encoding="utf-8")
    wrapped = wrap(text, width)
    assert len(wrapped.splitlines()) > len(text.splitlines()) + 5

    def fields(t: str) -> list[tuple[object, ...]]:
        return sorted(
            (str(e.key_value), e.kind, e.comparator, str(e.year), str(e.unit), e.name)
            for e in extract(t, "t", "t.txt").entries
        )

    assert fields(wrapped) == fields(text)
    lines = wrapped.splitlines()
    for e in extract(wrapped, "t", "t.txt").entries:
        assert e.quote in lines[e.line - 1], (e.line, e.quote)  # what `targets validate` checks
