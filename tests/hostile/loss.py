"""Data loss: outputs that are inputs, by name, link, hard link or redirection; failed writes."""

from __future__ import annotations

import os
from pathlib import Path

from tests.hostile.kit import (
    Case,
    base,
    case,
)


# ----------------------------------------------------------------------------------- data loss
@case("loss-brief-o-is-input")
def _(d: Path) -> Case:
    base(d)
    return Case(
        ["brief", "a.csv", "-c", "cat.yaml", "-o", "a.csv"],
        codes=(2,),
        expect=("would overwrite the input file",),
    )


@case("loss-brief-o-symlink-to-input")
def _(d: Path) -> Case:
    base(d)
    (d / "link.md").symlink_to(d / "a.csv")
    return Case(["brief", "a.csv", "-c", "cat.yaml", "-o", "link.md"], codes=(2,), expect=("a.csv",))


@case("loss-brief-o-hardlink-to-input")
def _(d: Path) -> Case:
    base(d)
    os.link(d / "a.csv", d / "hard.md")
    return Case(["brief", "a.csv", "-c", "cat.yaml", "-o", "hard.md"], codes=(2,), expect=("a.csv",))


@case("loss-brief-o-dotdot-to-input")
def _(d: Path) -> Case:
    base(d)
    (d / "sub").mkdir()
    return Case(["brief", "a.csv", "-c", "cat.yaml", "-o", "sub/../a.csv"], codes=(2,))


@case("loss-brief-o-is-catalog")
def _(d: Path) -> Case:
    base(d)
    return Case(["brief", "a.csv", "-c", "cat.yaml", "-o", "cat.yaml"], codes=(2,), expect=("cat.yaml",))


@case("loss-brief-o-is-file-in-folder")
def _(d: Path) -> Case:
    base(d, name="in/deep/a.csv") if False else None
    (d / "in" / "deep").mkdir(parents=True)
    base(d, name="in/deep/a.csv")
    return Case(
        ["brief", "in", "-c", "cat.yaml", "-o", "in/deep/a.csv"], codes=(2,), expect=("in/deep/a.csv",)
    )


@case("loss-check-junit-is-input")
def _(d: Path) -> Case:
    base(d)
    return Case(
        ["check", "a.csv", "-c", "cat.yaml", "--junit", "a.csv"], codes=(2,), expect=("would overwrite",)
    )


@case("loss-check-junit-is-catalog-link")
def _(d: Path) -> Case:
    base(d)
    (d / "j.xml").symlink_to("cat.yaml")
    return Case(["check", "a.csv", "-c", "cat.yaml", "--junit", "j.xml"], codes=(2,))


@case("loss-check-junit-in-input-folder")
def _(d: Path) -> Case:
    (d / "data").mkdir()
    base(d, name="data/b.csv")
    return Case(["check", "data", "-c", "cat.yaml", "--junit", "data/b.csv"], codes=(2,))


@case("loss-template-o-is-catalog")
def _(d: Path) -> Case:
    base(d)
    return Case(["template", "2023", "-c", "cat.yaml", "-o", "cat.yaml"], codes=(2,), expect=("cat.yaml",))


@case("loss-template-o-env-catalog")
def _(d: Path) -> Case:
    base(d)
    return Case(["template", "2023", "-o", "cat.yaml"], env={"TARGETS_CATALOG": "cat.yaml"}, codes=(2,))


@case("loss-schema-o-env-catalog")
def _(d: Path) -> Case:
    base(d)
    return Case(["schema", "-o", "cat.yaml"], env={"TARGETS_CATALOG": str(d / "cat.yaml")}, codes=(2,))


@case("loss-extract-o-is-plan")
def _(d: Path) -> Case:
    base(d)
    return Case(["extract", "sources/mini.txt", "-o", "sources/mini.txt"], codes=(2,))


@case("loss-extract-o-symlink-to-plan")
def _(d: Path) -> Case:
    base(d)
    (d / "draft.yaml").symlink_to(d / "sources" / "mini.txt")
    return Case(["extract", "sources/mini.txt", "-o", "draft.yaml"], codes=(2,))


@case("loss-stdout-appends-to-input")
def _(d: Path) -> Case:
    base(d)
    return Case(
        [],
        shell="python -m targets check a.csv -c cat.yaml >> a.csv",
        codes=(2,),
        expect=("standard output",),
    )


@case("loss-stdout-appends-to-catalog")
def _(d: Path) -> Case:
    base(d)
    return Case([], shell="python -m targets list -c cat.yaml -f csv >> cat.yaml", codes=(2,))


@case("loss-o-into-missing-folder")
def _(d: Path) -> Case:
    base(d)
    return Case(["brief", "a.csv", "-c", "cat.yaml", "-o", "nope/x.md"], codes=(2,), expect=("cannot write",))


@case("loss-o-is-a-folder")
def _(d: Path) -> Case:
    base(d)
    (d / "out").mkdir()
    return Case(["template", "2023", "-c", "cat.yaml", "-o", "out"], codes=(2,))


@case("loss-o-dev-full")
def _(d: Path) -> Case:
    base(d)
    return Case(["brief", "a.csv", "-c", "cat.yaml", "-o", "/dev/full"], codes=(2,), expect=("No space",))


@case("loss-o-replaced-whole")
def _(d: Path) -> Case:
    base(d)
    (d / "old.md").write_text("old report\n" * 1000, encoding="utf-8")

    def check(d: Path, out: bytes, err: bytes) -> str | None:
        text = (d / "old.md").read_text(encoding="utf-8")
        leftovers = [p.name for p in d.iterdir() if p.name.endswith(".tmp")]
        return None if "old report" not in text and not leftovers else f"stale or temp files: {leftovers}"

    return Case(
        ["brief", "a.csv", "-c", "cat.yaml", "-o", "old.md", "-f", "md"],
        codes=(0,),
        outputs=["old.md"],
        check=check,
    )


@case("loss-junit-is-stdout")
def _(d: Path) -> Case:
    base(d)
    (d / "r.xml").write_text("", encoding="utf-8")
    shell = "python -m targets check a.csv -c cat.yaml --junit r.xml >> r.xml"
    return Case([], shell=shell, outputs=["r.xml"], codes=(2,), expect=("standard output",))
