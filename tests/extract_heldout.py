"""Reading the held-out corpus (tests/data/extract/heldout): each plan text with its gold list."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml

from targets.extract import extract
from targets.extract.score import FieldScore, Gold, field_score

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
