"""Hardening, round 2: outputs never replace inputs, nothing from the input acts on what reads the
output, the cache is verified, numbers and texts at the edges, what is read, and the limits.

The committed cases live in tests/data/bad/hardening/; cases that need links, FIFOs or a cache
are built in a temporary folder. Each asserts the exit code, the message, and that every input
file is byte for byte as it was. tests/hostile/ runs many more through the real command line."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from targets.cli.app import app

HARD = Path(__file__).parent / "data" / "bad" / "hardening"
CATALOG = HARD.parent / "catalog_valid_minimal_ok.yaml"
runner = CliRunner()
RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]|\r(?!\n)")


@pytest.fixture(autouse=True)
def _shipped_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TARGETS_CATALOG", raising=False)


def invoke(*args: object, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, [str(a) for a in args], env=env)


def files_under(*roots: Path) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for root in roots:
        paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        found.update({str(p): p.read_bytes() for p in paths if not p.is_symlink()})
    return found


@pytest.fixture
def untouched() -> Iterator[None]:
    """Every committed hardening file is byte for byte the same after the test."""
    before = files_under(HARD, CATALOG)
    yield
    assert files_under(HARD, CATALOG) == before


def clean(result: Result) -> None:
    """No crash, no traceback, no raw control, bidi or surrogate character on either stream."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    assert result.exit_code in (0, 1, 2)
    for text in (result.stdout, result.stderr):
        assert not RAW.search(text), RAW.search(text)


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder with a catalog, its plan text and an actuals file, for the cases that write."""
    shutil.copy(CATALOG, tmp_path / "cat.yaml")
    (tmp_path / "sources").mkdir()
    shutil.copy(HARD / "sources" / "mini.txt", tmp_path / "sources" / "mini.txt")
    (tmp_path / "a.csv").write_text(
        "indicator,year,value\nmini.trade-total,2022,3100\nmini.trade-total,2023,3200\n", encoding="utf-8"
    )
    return tmp_path


# ------------------------------------------------------------------------------- data loss
@pytest.mark.parametrize(
    ("args", "output", "against"),
    [
        (["brief", "a.csv", "-c", "cat.yaml", "-o", "OUT"], "a.csv", "a.csv"),
        (["brief", "a.csv", "-c", "cat.yaml", "-o", "OUT"], "cat.yaml", "cat.yaml"),
        (["check", "a.csv", "-c", "cat.yaml", "--junit", "OUT"], "a.csv", "a.csv"),
        (["check", ".", "-c", "cat.yaml", "--junit", "OUT"], "a.csv", "a.csv"),  # found in the folder
        (["template", "2023", "-c", "cat.yaml", "-o", "OUT"], "cat.yaml", "cat.yaml"),
        (["extract", "sources/mini.txt", "-o", "OUT"], "sources/mini.txt", "sources/mini.txt"),
    ],
)
@pytest.mark.parametrize("how", ["same", "symlink", "hardlink", "dotdot"])
def test_an_output_never_replaces_an_input(
    work: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], output: str, against: str, how: str
) -> None:
    monkeypatch.chdir(work)
    (work / "sub").mkdir()
    name = {"same": output, "symlink": "link.out", "hardlink": "hard.out", "dotdot": f"sub/../{output}"}[how]
    if how == "symlink":
        (work / name).symlink_to(work / output)
    elif how == "hardlink":
        os.link(work / output, work / name)
    before = files_under(work)
    result = invoke(*[name if a == "OUT" else a for a in args])
    clean(result)
    assert result.exit_code == 2
    assert f"{name}: would overwrite the input file {against}; nothing was written" in result.stderr
    assert files_under(work) == before


def test_the_job_summary_is_never_appended_to_an_input(work: Path) -> None:
    before = files_under(work)
    env = {"GITHUB_STEP_SUMMARY": str(work / "a.csv")}
    result = invoke("check", work / "a.csv", "-c", work / "cat.yaml", "-f", "github", env=env)
    clean(result)
    assert result.exit_code == 2
    assert "a.csv: would overwrite the input file" in result.stderr
    assert files_under(work) == before


def test_schema_never_replaces_the_catalog(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TARGETS_CATALOG", str(work / "cat.yaml"))
    before = files_under(work)
    result = invoke("schema", "-o", work / "cat.yaml")
    clean(result)
    assert result.exit_code == 2
    assert "would overwrite the input file" in result.stderr
    assert files_under(work) == before


def test_a_report_is_replaced_whole_through_a_temporary_file(work: Path) -> None:
    old = work / "brief.md"
    old.write_text("an older report\n", encoding="utf-8")
    old.chmod(0o640)
    result = invoke("brief", work / "a.csv", "-c", work / "cat.yaml", "-f", "md", "-o", old)
    clean(result)
    assert result.exit_code == 0
    assert old.read_text(encoding="utf-8").startswith("# ")
    assert oct(old.stat().st_mode & 0o777) == oct(0o640)  # the file keeps its permissions
    assert sorted(p.name for p in work.iterdir()) == ["a.csv", "brief.md", "cat.yaml", "sources"]


def test_an_output_that_cannot_be_written_is_exit_2(work: Path) -> None:
    result = invoke("brief", work / "a.csv", "-c", work / "cat.yaml", "-o", work / "no" / "such" / "x.md")
    clean(result)
    assert result.exit_code == 2
    assert "x.md: cannot write: No such file or directory" in result.stderr
    result = invoke("template", "2023", "-c", work / "cat.yaml", "-o", work / "sources")
    assert result.exit_code == 2
    assert "sources: cannot write: it is a directory" in result.stderr


# ------------------------------------------------------------------------------- injection
@pytest.mark.usefixtures("untouched")
@pytest.mark.parametrize("fmt", ["text", "md", "csv", "json", "table", "github"])
def test_escape_sequences_from_actuals_never_reach_the_terminal(fmt: str) -> None:
    result = invoke("check", HARD / "actuals_region_osc52.csv", "-f", fmt)
    clean(result)
    assert result.exit_code == 0
    if fmt == "json":
        regions = {r["region"] for r in json.loads(result.stdout)["results"]}
        assert "\x1b]52;c;ZXZpbA==\x07东区\u202egnp.exe" in regions  # the data itself is intact
    elif fmt != "table":  # the rich table shortens long cells to fit 80 columns
        assert "\\x1b]52;c;ZXZpbA==\\x07东区\\u202egnp.exe" in result.stdout


@pytest.mark.usefixtures("untouched")
def test_csv_cells_never_start_a_formula() -> None:
    result = invoke("check", HARD / "actuals_region_formula.csv", "-f", "csv")
    clean(result)
    assert result.exit_code == 0
    for cell in ('\'=HYPERLINK(""http://x"",""a"")', "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1)"):
        assert cell in result.stdout
    assert ",'=1," in result.stdout  # the reader strips the tab; the formula is still refused
    assert not re.search(r'(^|,)"?[=+@\t]', result.stdout, re.MULTILINE)


@pytest.mark.usefixtures("untouched")
def test_markdown_escapes_html_and_a_carriage_return_never_splits_a_row() -> None:
    result = invoke("check", HARD / "actuals_region_html_cr.csv", "-f", "md")
    clean(result)
    assert result.exit_code == 0
    assert "<script>" not in result.stdout and "<img" not in result.stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in result.stdout
    rows = [line for line in result.stdout.split("\n") if line.startswith("|")]
    assert len({len(re.findall(r"(?<!\\)\|", line)) for line in rows}) == 1
    assert "东区 \\| x \\| y \\|" in result.stdout


@pytest.mark.usefixtures("untouched")
def test_diagnostics_show_controls_from_headers_and_cells() -> None:
    result = invoke("check", HARD / "actuals_header_escape.csv", "-f", "json")
    clean(result)
    assert (
        "actuals_header_escape.csv:1: warning: ignored unknown column(s): \\x1b[2Jevil\\u202e"
        in result.stderr
    )
    result = invoke("check", HARD / "actuals_indicator_escape.csv")
    clean(result)
    assert result.exit_code == 2
    assert "actuals_indicator_escape.csv:2: indicator: unknown indicator '\\x1b]52;c;ZXZpbA==\\x07'" in (
        result.stderr
    )


@pytest.mark.usefixtures("untouched")
@pytest.mark.parametrize(
    ("command", "shown"),
    [
        (["list"], "\\x1b]52;c;ZXZpbA==\\x07=HYPERLINK(1)"),
        (["list", "-f", "md"], "&lt;script&gt;"),
        (["list", "-f", "csv"], "\\x1b]52;c;ZXZpbA==\\x07=HYPERLINK(1)"),
        (["show", "mini.trade-total"], "\\x1b[2J示例区\\x9b"),
    ],
)
def test_catalog_text_is_escaped_in_every_format(command: list[str], shown: str) -> None:
    result = invoke(*command, "-c", HARD / "catalog_hostile_names.yaml")
    clean(result)
    assert result.exit_code == 0
    assert shown in result.stdout
    if "md" in command:
        assert "<script>" not in result.stdout and "<img" not in result.stdout


@pytest.mark.usefixtures("untouched")
def test_the_html_briefing_stays_valid_xml(tmp_path: Path) -> None:
    page = tmp_path / "b.html"
    actuals = tmp_path / "a.csv"
    actuals.write_text("indicator,year,value\nmini.trade-total,2022,3100\n", encoding="utf-8")
    result = invoke("brief", actuals, "-c", HARD / "catalog_hostile_names.yaml", "-f", "html", "-o", page)
    clean(result)
    assert result.exit_code == 0
    text = page.read_text(encoding="utf-8")
    assert "<script>" not in text and "\x01" not in text and "\x1b" not in text
    svgs = re.findall(r"<svg.*?</svg>", text, re.DOTALL)
    assert svgs
    for svg in svgs:
        ET.fromstring(svg)


@pytest.mark.usefixtures("untouched")
def test_xlsx_escaped_controls_are_shown_not_obeyed() -> None:
    result = invoke("check", HARD / "actuals_xlsx_escape_cells.xlsx", "-f", "text")
    clean(result)
    assert result.exit_code == 0
    assert "\\x1b]52;c;ZXZpbA==\\x07东" in result.stdout
    assert "ignored unknown column(s): \\x1b[2Jhead" in result.stderr


# ---------------------------------------------------------------------------------- cache
def _cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("TARGETS_CACHE_DIR", str(cache))
    first = invoke("list", "-c", CATALOG, "-f", "json")
    assert first.exit_code == 0
    (entry,) = cache.glob("catalog-*.json")
    assert oct(entry.stat().st_mode & 0o777) == oct(0o600)
    assert oct(cache.stat().st_mode & 0o777) == oct(0o700)
    return entry


def _rewrite(old: str, new: str) -> object:
    def plant(entry: Path) -> None:
        text = entry.read_text(encoding="utf-8")
        assert old in text
        entry.write_text(text.replace(old, new), encoding="utf-8")

    return plant


def _fifo(entry: Path) -> None:
    entry.unlink()
    os.mkfifo(entry)


def _dev_zero(entry: Path) -> None:
    entry.unlink()
    entry.symlink_to("/dev/zero")


def _sparse(entry: Path) -> None:
    with open(entry, "r+b") as fh:
        fh.truncate(2**31)


@pytest.mark.usefixtures("untouched")
@pytest.mark.parametrize(
    ("plant", "notice"),
    [
        (_rewrite('"name": "外贸进出口总额"', '"name": 5'), "does not match the catalog schema"),
        (_rewrite('"year": 2025', '"year": "2025"'), "does not match the catalog schema"),
        (_rewrite('"3700"', '"1e999999"'), "does not match the catalog schema"),
        (_rewrite('"kind": "level"', '"kind": "nonsense"'), "does not match the catalog schema"),
        (_rewrite('"format": 1', '"format": 0'), "not a catalog entry"),
        (_rewrite('{"format"', '\x00{"format"'), "(not JSON)"),
        (_fifo, "not a regular file"),
        (_dev_zero, "Too many levels of symbolic links"),
        (_sparse, "2,147,483,648 bytes"),
    ],
)
def test_a_tampered_cache_entry_is_ignored_and_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plant: object, notice: str
) -> None:
    entry = _cached(tmp_path, monkeypatch)
    plant(entry)  # type: ignore[operator]
    result = invoke("list", "-c", CATALOG, "-f", "json")
    clean(result)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["indicators"][0]["name"] == "外贸进出口总额"
    assert f"targets: note: ignoring cache entry {entry} (" in result.stderr
    assert notice in result.stderr
    assert entry.is_file() and not entry.is_symlink()  # rebuilt as a plain private file
    again = invoke("list", "-c", CATALOG, "-f", "json")
    assert again.exit_code == 0 and again.stderr == ""


@pytest.mark.usefixtures("untouched")
def test_a_planted_link_is_replaced_never_written_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = _cached(tmp_path, monkeypatch)
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n", encoding="utf-8")
    entry.unlink()
    entry.symlink_to(precious)
    result = invoke("list", "-c", CATALOG)
    clean(result)
    assert result.exit_code == 0
    assert precious.read_text(encoding="utf-8") == "keep me\n"
    assert not entry.is_symlink()


@pytest.mark.usefixtures("untouched")
def test_a_cache_folder_others_may_write_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = _cached(tmp_path, monkeypatch)
    entry.write_text(
        entry.read_text(encoding="utf-8").replace("外贸进出口总额", "TAMPERED"), encoding="utf-8"
    )
    entry.parent.chmod(0o777)
    result = invoke("list", "-c", CATALOG)
    clean(result)
    assert result.exit_code == 0
    assert "TAMPERED" not in result.stdout
    assert (
        f"targets: note: cache folder {entry.parent} is writable by other users; catalogs are not cached"
        in (result.stderr)
    )


@pytest.mark.usefixtures("untouched")
@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_an_entry_of_another_user_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = _cached(tmp_path, monkeypatch)
    entry.write_text(
        entry.read_text(encoding="utf-8").replace("外贸进出口总额", "TAMPERED"), encoding="utf-8"
    )
    os.chown(entry, 65534, 65534)
    result = invoke("list", "-c", CATALOG)
    assert result.exit_code == 0
    assert "TAMPERED" not in result.stdout
    assert "(it belongs to another user)" in result.stderr


@pytest.mark.parametrize(
    "path", [Path("data/indicators.yaml"), CATALOG, HARD / "catalog_hostile_names.yaml", None]
)
def test_every_valid_catalog_conforms_so_the_cache_never_refuses_its_own_entries(path: Path | None) -> None:
    from targets.catalog import parse_catalog
    from targets.catalog.conform import conforms

    root = Path(__file__).resolve().parents[1]
    if path is None:  # long texts and the largest numbers the schema admits
        text = (
            CATALOG.read_text(encoding="utf-8").replace(
                "target: {year: 2025, value: 3700}", "target: {year: 2025, value: 999999999999999}"
            )
            + '        note: "'
            + "长" * 200_000
            + '"\n'
        )
        assert "value: 999999999999999}" in text
    else:
        text = (path if path.is_absolute() else root / path).read_text(encoding="utf-8")
    assert conforms(parse_catalog(text, "c.yaml"))


@pytest.mark.usefixtures("untouched")
@pytest.mark.parametrize("where", ["file", "dev-null", "missing-parent-is-file"])
def test_an_unusable_cache_folder_falls_back_to_the_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    folder = {
        "file": tmp_path / "f",
        "dev-null": Path("/dev/null"),
        "missing-parent-is-file": tmp_path / "f" / "c",
    }
    monkeypatch.setenv("TARGETS_CACHE_DIR", str(folder[where]))
    result = invoke("list", "-c", CATALOG)
    clean(result)
    assert result.exit_code == 0
    assert "mini.trade-total" in result.stdout
    assert result.stderr.count("targets: note: cache folder") == 1
    assert (tmp_path / "f").read_text(encoding="utf-8") == "x"


# -------------------------------------------------------------------------------- numbers
@pytest.mark.usefixtures("untouched")
@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("actuals_exponent_1e1000000.csv", "2: value: number out of range: '1e1000000' (documented range: "),
        ("actuals_exponent_1e-999999.csv", "2: value: number out of range: '1e-999999'"),
        ("actuals_tiny_1e-400.csv", "2: value: number out of range: '1e-400'"),
        ("actuals_thousand_digits.csv", "2: value: number out of range: '0.000"),
    ],
)
@pytest.mark.parametrize("command", ["check", "brief"])
def test_magnitudes_beyond_the_range_are_input_errors(name: str, shown: str, command: str) -> None:
    result = invoke(command, HARD / name)
    clean(result)
    assert result.exit_code == 2
    assert f"{name}:{shown}" in result.stderr


@pytest.mark.usefixtures("untouched")
def test_an_xlsx_number_below_1e_300_is_refused_before_a_reader_makes_it_0() -> None:
    result = invoke("check", HARD / "actuals_xlsx_tiny_1e-400.xlsx", "-c", CATALOG)
    clean(result)
    assert result.exit_code == 2
    assert (
        "actuals_xlsx_tiny_1e-400.xlsx: number out of range: 1E-400 at C2 in xl/worksheets/sheet1.xml "
        "(documented range: 1e-300 to 1e15)"
    ) in result.stderr


@pytest.mark.usefixtures("untouched")
def test_a_catalog_number_below_1e_300_is_refused() -> None:
    result = invoke("validate", HARD / "catalog_tiny_1e-400.yaml")
    clean(result)
    assert result.exit_code == 2
    assert "catalog_tiny_1e-400.yaml:20: plans[0] (id=mini).targets[0] (id=mini.trade-total)" in result.stderr
    assert ".baseline.value: expected a number, got '1.0e-400'" in result.stderr


# ------------------------------------------------------------------------------ encodings
@pytest.mark.usefixtures("untouched")
def test_an_xlsx_surrogate_escape_stays_text() -> None:
    # the workbook reader keeps _xD800_ (no character on its own) as the text it is
    result = invoke("check", HARD / "actuals_xlsx_lone_surrogate.xlsx", "-f", "json")
    clean(result)
    assert result.exit_code == 0
    assert "东_xD800_区" in {r["region"] for r in json.loads(result.stdout)["results"]}


@pytest.mark.parametrize("fmt", ["text", "md", "csv", "json", "table", "github"])
def test_a_lone_surrogate_is_shown_escaped_in_every_format(work: Path, fmt: str) -> None:
    # a file name that is not UTF-8 reaches Python as lone surrogates; results carry their file
    path = work / os.fsdecode(b"\xca\xfd\xbe\xdd.csv")  # 数据.csv in GBK
    shutil.move(work / "a.csv", path)
    before = files_under(work)
    result = invoke("check", path, "-c", work / "cat.yaml", "-f", fmt)
    clean(result)
    assert result.exit_code == 0
    if fmt == "json":  # the format that names each result's file
        assert "\\udcca\\udcfd\\udcbe\\udcdd.csv" in result.stdout
        assert json.loads(result.stdout)["results"][0]["file"] == str(path)  # the data is intact
    result.stdout.encode("utf-8")
    assert files_under(work) == before


def test_an_undecodable_file_name_is_shown_escaped(tmp_path: Path) -> None:
    name = os.fsdecode(b"\xca\xfd\xbe\xdd.csv")  # 数据.csv in GBK, under a UTF-8 file system encoding
    path = tmp_path / name
    path.write_text("indicator,year,value\nnope,2023,1\n", encoding="utf-8")
    before = path.read_bytes()
    result = invoke("check", path)
    clean(result)
    assert result.exit_code == 2
    assert "\\udcca\\udcfd\\udcbe\\udcdd.csv:2: indicator: unknown indicator 'nope'" in result.stderr
    assert path.read_bytes() == before


# -------------------------------------------------------------------- what is read, and how
@pytest.mark.usefixtures("untouched")
def test_a_catalog_source_that_is_a_device_fails_at_once() -> None:
    result = invoke("validate", HARD / "catalog_source_dev_zero.yaml")
    clean(result)
    assert result.exit_code == 2
    assert "cannot read /dev/zero: a device, not a regular file" in result.stderr


@pytest.mark.parametrize("command", [["check", "PATH"], ["extract", "PATH"], ["validate", "PATH"]])
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path, command: list[str]) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    result = invoke(*[str(fifo) if a == "PATH" else a for a in command])
    clean(result)
    assert result.exit_code == 2
    assert "pipe.csv: a FIFO (named pipe), not a regular file" in result.stderr


def test_a_folder_is_walked_recursively_and_links_out_of_it_are_not_followed(work: Path) -> None:
    data = work / "data"
    (data / "2022" / ".hidden").mkdir(parents=True)
    (work / "a.csv").write_text("indicator,year,value\nmini.trade-total,2022,3100\n", encoding="utf-8")
    shutil.move(work / "a.csv", data / "2022" / "a.csv")
    (data / "2022" / ".hidden" / "later.csv").write_text(
        "indicator,year,value\nmini.trade-total,2023,3200\n", encoding="utf-8"
    )
    (data / "~$a.xlsx").write_bytes(b"lock")
    (data / ".x.csv").write_bytes(b"\x00")
    outside = work / "secret-outside.csv"
    outside.write_text("indicator,year,value\nSECRET,2023,1\n", encoding="utf-8")
    (data / "out.csv").symlink_to(outside)
    (data / "loop").symlink_to(data)
    os.mkfifo(data / "pipe.csv")
    before = files_under(work)

    def actual() -> object:
        result = invoke("check", data, "-c", work / "cat.yaml", "-f", "json")
        clean(result)
        assert result.exit_code == 0, result.output
        assert "secret" not in result.output.lower()
        return json.loads(result.stdout)["results"][0]["actual"]

    assert actual() == 3100  # the hidden folder is skipped
    (data / "in.csv").symlink_to(data / "2022" / ".hidden" / "later.csv")
    assert actual() == 3200  # a link that stays inside the folder is followed
    followed = invoke("check", data, "-c", work / "cat.yaml", env={"TARGETS_FOLLOW_LINKS": "1"})
    assert followed.exit_code == 2  # followed on request: its unknown indicator is reported
    assert "out.csv:2: indicator: unknown indicator 'SECRET'" in followed.stderr
    assert files_under(work) == before


# --------------------------------------------------------------------------------- limits
@pytest.mark.usefixtures("untouched")
def test_shared_strings_are_counted_before_the_reader_runs() -> None:
    result = invoke("check", HARD / "actuals_xlsx_shared_strings_declared.xlsx")
    clean(result)
    assert result.exit_code == 2
    assert (
        "actuals_xlsx_shared_strings_declared.xlsx: the workbook declares 99,000,000: more than the "
        "limit of 1,000,000 shared strings per xlsx file (raise it with TARGETS_MAX_SHARED_STRINGS)"
    ) in result.stderr


def test_limits_name_their_variable_and_can_be_raised(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (work / "cat.yaml").read_text(encoding="utf-8")
    entry = text[text.index("      - id: mini.trade-total") :]
    many = text + "".join(entry.replace("mini.trade-total", f"mini.t{i}") for i in range(30))
    (work / "many.yaml").write_text(many, encoding="utf-8")
    monkeypatch.setenv("TARGETS_MAX_TARGETS", "20")
    result = invoke("list", "-c", work / "many.yaml")
    clean(result)
    assert result.exit_code == 2
    assert (
        "many.yaml: about 32 entries with an id: more than the limit of 20 targets per catalog "
        "(raise it with TARGETS_MAX_TARGETS)"
    ) in result.stderr
    monkeypatch.setenv("TARGETS_MAX_TARGETS", "100")
    assert invoke("list", "-c", work / "many.yaml").exit_code == 0
    monkeypatch.setenv("TARGETS_MAX_TEXT_MB", "1")
    (work / "plan.txt").write_bytes(b"x" * (2**20 + 1))
    result = invoke("extract", work / "plan.txt")
    assert result.exit_code == 2
    assert (
        "plan.txt: the file has 1,048,577 bytes: more than the limit of 1 MB per plan text" in result.stderr
    )
    assert "(raise it with TARGETS_MAX_TEXT_MB)" in result.stderr


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[-+]?\d{1,6}(\.\d{1,6})?[eE][-+]?\d{1,9}", fullmatch=True))
def test_no_exponent_makes_the_number_parser_raise_anything_else(text: str) -> None:

    from targets.textio import MAX_ABS, MIN_EXPONENT, NumberError, parse_number

    try:
        value, _ = parse_number(text)
    except NumberError as exc:
        assert "out of range" in str(exc)
        return
    assert value is not None and abs(value) <= MAX_ABS
    assert value == 0 or value.adjusted() >= MIN_EXPONENT
    assert (value * 3 / 7).is_finite()  # ordinary arithmetic stays in range
