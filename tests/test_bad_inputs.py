"""Adversarial input files: every bad actuals CSV and catalog YAML in tests/data/bad/ must give
exit 2 with a message at its file:line (or exit 0 for the valid controls), never a traceback,
and must leave the input file untouched.

Catalog cases are validated in place: tests/data/bad/sources/mini.txt is the plan text their
quotes are checked against (`targets validate` looks in a `sources/` folder beside the catalog).
Actuals cases use the shipped catalog.

Each case asserts the correct behaviour; several began as strict xfails for bugs they found
(segfault on deep YAML, hangs on 1e999999999, exit 3 on odd encodings, imprecise lines).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from targets.cli.app import app

BAD = Path(__file__).parent / "data" / "bad"
TT = "gx-open-14th.trade-total"
runner = CliRunner()


@pytest.fixture(autouse=True)
def _shipped_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TARGETS_CATALOG", raising=False)


def invoke(*args: object) -> Result:
    return runner.invoke(app, [str(a) for a in args])


def assert_no_crash(result: Result) -> None:
    """No traceback, no internal error, nothing escaped the CLI's error guard."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    assert result.exit_code != 3, result.output


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


# (file, expected exit code, fragment(s) that must appear in the output; None: nothing required)
ACTUALS: list[object] = [
    # --- truncation, binary, encodings ---
    (
        "actuals_truncated_mid_row.csv",
        2,
        "actuals_truncated_mid_row.csv:3: year: expected a four-digit year, got '20'",
    ),
    (
        "actuals_truncated_in_quote.csv",
        2,
        "actuals_truncated_in_quote.csv:3: a quoted field opened on this line is never closed",
    ),
    ("actuals_binary_garbage.csv", 2, "actuals_binary_garbage.csv: binary data, not a CSV text file"),
    ("actuals_zip_disguised.csv", 2, "actuals_zip_disguised.csv: binary data, not a CSV text file"),
    # workbooks: each refused before the workbook reader could abort on it or lose a value
    (
        "actuals_sparse_grid_bomb.xlsx",
        2,
        "actuals_sparse_grid_bomb.xlsx: Sheet1: the cells span A1:XFD1048576, more than 10000000 cells",
    ),
    (
        "actuals_zip_bomb.xlsx",
        2,
        "actuals_zip_bomb.xlsx: part xl/worksheets/sheet1.xml is too large: more than 200 MB uncompressed",
    ),
    ("actuals_repeat_bomb.ods", 2, "actuals_repeat_bomb.ods: 主要指标: the cells span A1:XFD1048585"),
    (
        "actuals_formula_no_result.xlsx",
        2,
        "actuals_formula_no_result.xlsx!Sheet1!C2: formula =C1*2 has no saved result",
    ),
    (
        "actuals_csv_renamed.xls",
        2,
        "actuals_csv_renamed.xls: a text file saved under a workbook's name: if it is a CSV file, name it",
    ),
    (
        "actuals_neither_utf8_nor_gb18030.csv",
        2,
        ("actuals_neither_utf8_nor_gb18030.csv:2: neither UTF-8 nor GB18030/GBK", "--encoding"),
    ),
    ("actuals_mixed_encodings.csv", 2, ("actuals_mixed_encodings.csv:3:", "UTF-8")),
    ("actuals_big5_as_gbk.csv", 2, ("actuals_big5_as_gbk.csv:2:", "--encoding")),
    ("actuals_utf16_no_bom.csv", 2, ("actuals_utf16_no_bom.csv", "--encoding")),
    (
        "actuals_utf16_odd_bytes.csv",
        2,
        "actuals_utf16_odd_bytes.csv:3: the file has a byte-order mark but is not valid",
    ),
    ("actuals_empty.csv", 2, "actuals_empty.csv:1: the file is empty"),
    ("actuals_bom_only.csv", 2, "actuals_bom_only.csv:1: the file is empty"),
    ("actuals_blank_lines_only.csv", 2, "actuals_blank_lines_only.csv:1: the file is empty"),
    # --- CSV structure ---
    ("actuals_unbalanced_quote.csv", 2, ("actuals_unbalanced_quote.csv:3:", "quote")),
    (
        "actuals_quote_inside_field.csv",
        2,
        "actuals_quote_inside_field.csv:2: value: expected a number, got '32\"00'",
    ),
    (
        "actuals_missing_header_column.csv",
        2,
        "actuals_missing_header_column.csv:1: missing column(s): value (value/数值/值)",
    ),
    ("actuals_semicolon_delimited.csv", 2, "actuals_semicolon_delimited.csv:1: missing column(s): indicator"),
    (
        "actuals_error_after_multiline_cell.csv",
        2,
        "actuals_error_after_multiline_cell.csv:5: value: expected a number, got 'abc'",
    ),
    (
        "actuals_line_separator_then_bad_row.csv",
        2,
        "actuals_line_separator_then_bad_row.csv:3: value: expected a number, got 'abc'",
    ),
    ("actuals_line_separator_in_note.csv", 0, None),
    ("actuals_formfeed_in_note.csv", 0, None),
    (
        "actuals_many_errors.csv",
        2,
        (
            "actuals_many_errors.csv:2: value: a spreadsheet formula ('=A1')",
            "actuals_many_errors.csv:3: year: expected a four-digit year, got '20x2'",
            "actuals_many_errors.csv:4: indicator: unknown indicator 'no-such.indicator'",
            "actuals_many_errors.csv:5: value: an Excel error value (#REF!)",
            "4 error(s)",
        ),
    ),
    # --- cell values ---
    ("actuals_formula.csv", 2, "actuals_formula.csv:2: value: a spreadsheet formula ('=1+1'), not a value"),
    ("actuals_excel_div0.csv", 2, "actuals_excel_div0.csv:2: value: an Excel error value (#DIV/0!)"),
    ("actuals_excel_na.csv", 2, "actuals_excel_na.csv:2: value: an Excel error value (#N/A)"),
    (
        "actuals_date_in_year.csv",
        2,
        "actuals_date_in_year.csv:2: year: expected a four-digit year, got '2023-12-31' (a date)",
    ),
    (
        "actuals_two_digit_year.csv",
        2,
        "actuals_two_digit_year.csv:2: year: expected a four-digit year, got '23' (not a year)",
    ),
    ("actuals_negative_count.csv", 2, "actuals_negative_count.csv:2: value: a count cannot be negative: -5"),
    (
        "actuals_negative_count_unicode_minus.csv",
        2,
        "actuals_negative_count_unicode_minus.csv:2: value: a count cannot be negative: -5",
    ),
    ("actuals_huge_1e308.csv", 2, "actuals_huge_1e308.csv:2: value: number out of range: '1e308'"),
    ("actuals_nan.csv", 2, "actuals_nan.csv:2: value: expected a number, got 'NaN'"),
    ("actuals_inf.csv", 2, "actuals_inf.csv:2: value: expected a number, got 'inf'"),
    (
        "actuals_infinity_negative.csv",
        2,
        "actuals_infinity_negative.csv:2: value: expected a number, got '-Infinity'",
    ),
    ("actuals_ambiguous_comma.csv", 2, "actuals_ambiguous_comma.csv:2: value: ambiguous number '1,2'"),
    # a unit written in the value is read (3200亿元); one that disagrees with the unit column is not
    ("actuals_value_with_unit_text_ok.csv", 0, None),
    (
        "actuals_unit_conflict.csv",
        2,
        "actuals_unit_conflict.csv:2: unit: the unit '亿元' in the unit column and '万元' in the value "
        "disagree",
    ),
    # --- indicators, duplicates ---
    (
        "actuals_unknown_indicator_typo.csv",
        2,
        "actuals_unknown_indicator_typo.csv:2: indicator: unknown indicator 'gx-open-14th.trade-totl'; "
        "did you mean 'gx-open-14th.trade-total'",
    ),
    (
        "actuals_gbk_typo_indicator.csv",
        2,
        "actuals_gbk_typo_indicator.csv:2: indicator: unknown indicator '出口退税时长'; "
        "did you mean '出口退税时间'?",
    ),
    (
        "actuals_typo_ambiguous_name.csv",
        2,
        "actuals_typo_ambiguous_name.csv:2: indicator: unknown indicator '外贸进出口总值'; "
        "did you mean '外贸进出口总额'",
    ),
    (
        "actuals_ambiguous_name.csv",
        2,
        "actuals_ambiguous_name.csv:2: indicator: indicator name '外贸进出口总额' is ambiguous; "
        "use one of the ids: gaoxin.foreign-trade, yongchuan.foreign-trade",
    ),
    (
        "actuals_duplicate_conflict.csv",
        2,
        "actuals_duplicate_conflict.csv:3: value: gaoxin.foreign-trade 2023 is given twice with "
        "different values (3200 on line 2, 3300 here)",
    ),
    # --- units ---
    (
        "actuals_currency_mismatch.csv",
        2,
        ("actuals_currency_mismatch.csv:2: unit: '亿元' is in CNY but the target is in USD", "--fx"),
    ),
    (
        "actuals_percent_for_amount.csv",
        2,
        "actuals_percent_for_amount.csv:2: unit: cannot convert '%' to '亿元'",
    ),
    ("actuals_unknown_unit.csv", 2, "actuals_unknown_unit.csv:2: unit: unknown unit '斤'"),
    # --- valid files and warnings: exit 0 ---
    ("actuals_fullwidth_number_ok.csv", 0, None),
    ("actuals_fullwidth_percent_ok.csv", 0, None),
    ("actuals_percent_share_ok.csv", 0, None),
    ("actuals_utf16_bom_ok.csv", 0, None),
    ("actuals_utf16be_bom_ok.csv", 0, None),
    ("actuals_utf8_bom_ok.csv", 0, None),
    ("actuals_gbk_ok.csv", 0, None),
    ("actuals_header_only_ok.csv", 0, None),
    ("actuals_wan_yuan_ok.csv", 0, None),
    ("actuals_missing_marks_ok.csv", 0, None),
    ("actuals_cr_only_newlines_ok.csv", 0, None),
    # 1e-300 亿元 against the plan's 2900 亿元: a unit slip, not a value (METHOD.md section 4)
    ("actuals_tiny_value_1e-300.csv", 2, "of the plan's 2020 baseline 2900"),
    (
        "actuals_share_as_fraction_warn.csv",
        0,
        "actuals_share_as_fraction_warn.csv:2: value: warning: 0.03 looks like a fraction, but "
        "yongchuan.rd-intensity is in percent",
    ),
    (
        "actuals_year_outside_period_warn.csv",
        0,
        "actuals_year_outside_period_warn.csv:2: year: warning: 2030 is outside the plan period",
    ),
]

CATALOGS: list[object] = [
    ("catalog_valid_minimal_ok.yaml", 0, "catalog_valid_minimal_ok.yaml: ok: 1 plans, 1 targets"),
    (
        "catalog_anchors_aliases.yaml",
        2,
        "catalog_anchors_aliases.yaml:30: YAML anchors and aliases are not allowed",
    ),
    ("catalog_alias_bomb.yaml", 2, "catalog_alias_bomb.yaml:3: YAML anchors and aliases are not allowed"),
    ("catalog_merge_key.yaml", 2, "catalog_merge_key.yaml:30: YAML merge keys ('<<') are not allowed"),
    (
        "catalog_python_tag.yaml",
        2,
        "catalog_python_tag.yaml:4: tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ),
    (
        "catalog_python_name_tag.yaml",
        2,
        "catalog_python_name_tag.yaml:2: tag 'tag:yaml.org,2002:python/name:os.system' is not allowed",
    ),
    (
        "catalog_duplicate_key.yaml",
        2,
        "catalog_duplicate_key.yaml:18: duplicate key 'unit' (first at line 15)",
    ),
    ("catalog_deep_nesting.yaml", 2, "catalog_deep_nesting.yaml:2: nesting deeper than 64 levels"),
    ("catalog_deep_block_nesting.yaml", 2, "catalog_deep_block_nesting.yaml:67: nesting deeper than"),
    (
        "catalog_top_level_list.yaml",
        2,
        "catalog_top_level_list.yaml:1: expected a mapping with 'version' and 'plans' at the top",
    ),
    (
        "catalog_top_level_scalar.yaml",
        2,
        "catalog_top_level_scalar.yaml:1: expected a mapping with 'version' and 'plans' at the top",
    ),
    ("catalog_tab_indent.yaml", 2, "catalog_tab_indent.yaml:17: YAML syntax error: found a tab character"),
    ("catalog_unclosed_flow.yaml", 2, "catalog_unclosed_flow.yaml:22: YAML syntax error"),
    (
        "catalog_number_as_word.yaml",
        2,
        "catalog_number_as_word.yaml:21: plans[0] (id=mini).targets[0] (id=mini.trade-total)"
        ".target.value: expected a number, got 'ten'",
    ),
    (
        "catalog_nan_value.yaml",
        2,
        "catalog_nan_value.yaml:21: plans[0] (id=mini).targets[0] (id=mini.trade-total).target.value: "
        "expected a number, got '.nan'",
    ),
    (
        "catalog_quoted_nan_value.yaml",
        2,
        "catalog_quoted_nan_value.yaml:21: plans[0] (id=mini).targets[0] (id=mini.trade-total)"
        ".target.value: expected a number, got 'NaN'",
    ),
    ("catalog_leading_zero_number.yaml", 2, ("catalog_leading_zero_number.yaml:21:", "03700")),
    ("catalog_huge_exponent.yaml", 2, "catalog_huge_exponent.yaml:21:"),
    ("catalog_huge_number_1e5000.yaml", 2, "catalog_huge_number_1e5000.yaml:21:"),
    ("catalog_year_1e5000.yaml", 2, ("catalog_year_1e5000.yaml:21:", "target.year")),
    (
        "catalog_unknown_kind.yaml",
        2,
        "catalog_unknown_kind.yaml:17: plans[0] (id=mini).targets[0] (id=mini.trade-total).kind: "
        "expected one of 'level'",
    ),
    (
        "catalog_missing_field.yaml",
        2,
        "catalog_missing_field.yaml:13: plans[0] (id=mini).targets[0] (id=mini.trade-total).direction: "
        "required field is missing",
    ),
    (
        "catalog_unknown_field.yaml",
        2,
        "catalog_unknown_field.yaml:18: plans[0] (id=mini).targets[0] (id=mini.trade-total).colour: "
        "unknown field 'colour'",
    ),
    (
        "catalog_year_outside_period.yaml",
        2,
        "catalog_year_outside_period.yaml:21: plans[0] (id=mini).targets[0] (id=mini.trade-total)"
        ".target.year: target year 2030 is outside the plan period 2021-2025",
    ),
    ("catalog_empty.yaml", 2, "catalog_empty.yaml:1: the file is empty"),
    ("catalog_comments_only.yaml", 2, "catalog_comments_only.yaml:1: the file is empty"),
    ("catalog_not_utf8.yaml", 2, "catalog_not_utf8.yaml:4: not valid UTF-8"),
    (
        "catalog_duplicate_target_id.yaml",
        2,
        "catalog_duplicate_target_id.yaml:23: plans[0] (id=mini).targets[1] (id=mini.trade-total).id: "
        "target id 'mini.trade-total' is used twice (first at line 13)",
    ),
    (
        "catalog_quote_not_found.yaml",
        2,
        "catalog_quote_not_found.yaml:22: plans[0] (id=mini).targets[0] (id=mini.trade-total)"
        ".source.quote: quote '外贸进出口总额达到3800亿元' is not on line 2 of mini.txt",
    ),
    (
        "catalog_missing_source_file.yaml",
        2,
        "catalog_missing_source_file.yaml:11: plans[0] (id=mini).source: cannot read",
    ),
    ("catalog_version_2.yaml", 2, "catalog_version_2.yaml:1: version: expected one of 1, got '2'"),
    (
        "catalog_unknown_unit.yaml",
        2,
        "catalog_unknown_unit.yaml:15: plans[0] (id=mini).targets[0] (id=mini.trade-total).unit: "
        "unknown unit '斤两'",
    ),
    (
        "catalog_bad_id.yaml",
        2,
        "catalog_bad_id.yaml:13: plans[0] (id=mini).targets[0] (id=Mini.Trade_Total).id: "
        "expected an id matching",
    ),
    ("catalog_non_scalar_key.yaml", 2, "catalog_non_scalar_key.yaml:18: mapping keys must be plain text"),
]


def _names(table: list[object]) -> set[str]:
    return {(c.values[0] if hasattr(c, "values") else c[0]) for c in table}  # type: ignore[index]


def _check(result: Result, exit_code: int, fragments: str | tuple[str, ...] | None) -> None:
    assert_no_crash(result)
    assert result.exit_code == exit_code, result.output
    for fragment in (fragments,) if isinstance(fragments, str) else fragments or ():
        assert fragment in result.output, result.output


@pytest.mark.parametrize(("name", "exit_code", "fragments"), ACTUALS)
def test_bad_actuals(name: str, exit_code: int, fragments: str | tuple[str, ...] | None) -> None:
    path = BAD / name
    before = snapshot(path)
    result = invoke("check", path, "--format", "json")
    assert snapshot(path) == before, "the input file was modified"
    _check(result, exit_code, fragments)
    if exit_code == 0:
        report = json.loads(result.stdout)
        assert set(report) >= {"results", "problems", "summary"}


@pytest.mark.parametrize(("name", "exit_code", "fragments"), CATALOGS)
def test_bad_catalogs(name: str, exit_code: int, fragments: str | tuple[str, ...] | None) -> None:
    path = BAD / name
    before = snapshot(path)
    result = invoke("validate", path)
    assert snapshot(path) == before, "the input file was modified"
    _check(result, exit_code, fragments)


def test_corpus_is_complete() -> None:
    """Every committed bad file is in a table (and vice versa); at least 40 of them."""
    files = {p.name for p in BAD.iterdir() if p.is_file()}
    assert files == _names(ACTUALS) | _names(CATALOGS)
    assert len(files) >= 40


# --- values of the valid files: they parse to the right numbers ---------------------------------


def _actual(report: dict[str, object], target_id: str) -> object:
    results = report["results"]
    assert isinstance(results, list)
    return next(r["actual"] for r in results if r["id"] == target_id)


@pytest.mark.parametrize(
    ("name", "target_id", "expected"),
    [
        ("actuals_fullwidth_number_ok.csv", TT, 1234),
        ("actuals_fullwidth_percent_ok.csv", "yc-innovation-2025.rd-intensity", 3.1),
        ("actuals_percent_share_ok.csv", "yc-innovation-2025.rd-intensity", 3.1),
        ("actuals_utf16_bom_ok.csv", TT, 3200),
        ("actuals_utf16be_bom_ok.csv", TT, 3200),
        ("actuals_utf8_bom_ok.csv", TT, 3200),
        ("actuals_gbk_ok.csv", TT, 3200),
        ("actuals_gbk_ok.csv", "gx-open-14th.export-tax-refund-time", 3.5),
        ("actuals_wan_yuan_ok.csv", TT, 3200),
        ("actuals_cr_only_newlines_ok.csv", TT, 3200),
        ("actuals_share_as_fraction_warn.csv", "yc-innovation-2025.rd-intensity", 0.03),
        ("actuals_missing_marks_ok.csv", TT, None),
    ],
)
def test_valid_files_parse_to_the_right_value(name: str, target_id: str, expected: object) -> None:
    result = invoke("check", BAD / name, "--format", "json")
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    assert _actual(json.loads(result.stdout), target_id) == expected


def test_header_only_has_no_data() -> None:
    result = invoke("check", BAD / "actuals_header_only_ok.csv", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert all(r["actual"] is None for r in report["results"])


def test_typo_suggestions_are_distinct() -> None:
    result = invoke("check", BAD / "actuals_typo_ambiguous_name.csv", "--format", "json")
    assert result.exit_code == 2
    line = next(x for x in result.output.splitlines() if "did you mean" in x)
    suggestions = line.split("did you mean ", 1)[1].rstrip("?").split(" or ")
    assert len(suggestions) == len(set(suggestions)), line


def test_warnings_fail_under_strict() -> None:
    result = invoke("check", BAD / "actuals_share_as_fraction_warn.csv", "--format", "json", "--strict")
    assert_no_crash(result)
    assert result.exit_code == 2
    assert "looks like a fraction" in result.output


# --- options that rescue or reject a file -----------------------------------------------------


def test_fx_converts_a_currency_mismatch() -> None:
    result = invoke("check", BAD / "actuals_currency_mismatch.csv", "--format", "json", "--fx", "USD=7.10")
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    actual = _actual(json.loads(result.stdout), "gx-open-14th.service-trade-total")
    assert actual == pytest.approx(90 / 7.10)


def test_fx_for_the_wrong_currency() -> None:
    result = invoke("check", BAD / "actuals_currency_mismatch.csv", "--fx", "EUR=7.8")
    assert_no_crash(result)
    assert result.exit_code == 2
    assert "actuals_currency_mismatch.csv:2: unit: no exchange rate for USD" in result.output


@pytest.mark.parametrize("rate", ["abc", "0", "-7.1", "NaN", "inf", ""])
def test_fx_rejects_bad_rates(rate: str) -> None:
    result = invoke("check", BAD / "actuals_currency_mismatch.csv", "--fx", f"USD={rate}")
    assert_no_crash(result)
    assert result.exit_code == 2
    assert "--fx: expected CODE=RATE" in result.output


@pytest.mark.parametrize("rate", ["1e999999", "1e-999999"])
def test_fx_rejects_absurd_rates(rate: str) -> None:
    result = invoke("check", BAD / "actuals_currency_mismatch.csv", "--format", "json", "--fx", f"USD={rate}")
    assert_no_crash(result)
    assert result.exit_code == 2
    assert "--fx" in result.output


def test_encoding_option_reads_utf16_without_bom() -> None:
    result = invoke("check", BAD / "actuals_utf16_no_bom.csv", "--format", "json", "--encoding", "utf-16-le")
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    assert _actual(json.loads(result.stdout), TT) == 3200


def test_encoding_option_reads_big5() -> None:
    # Big5 gives the traditional spelling, which the (simplified) catalog does not know:
    # the point is that the name is readable, not mojibake.
    result = invoke("check", BAD / "actuals_big5_as_gbk.csv", "--encoding", "big5")
    assert_no_crash(result)
    assert result.exit_code == 2
    assert "actuals_big5_as_gbk.csv:2: indicator: unknown indicator '出口退稅時間'" in result.output


def test_wrong_encoding_option_points_at_the_line() -> None:
    result = invoke("check", BAD / "actuals_mixed_encodings.csv", "--encoding", "utf-8")
    assert_no_crash(result)
    assert result.exit_code == 2
    assert "actuals_mixed_encodings.csv:3: not valid utf-8" in result.output


def test_unknown_encoding_option() -> None:
    result = invoke("check", BAD / "actuals_header_only_ok.csv", "--encoding", "no-such-codec")
    assert_no_crash(result)
    assert result.exit_code == 2
    assert "unknown encoding 'no-such-codec'" in result.output


@pytest.mark.parametrize("codec", ["undefined", "punycode"])
def test_odd_encoding_option_is_an_input_error(codec: str) -> None:
    result = invoke("check", BAD / "actuals_header_only_ok.csv", "--encoding", codec)
    assert_no_crash(result)
    assert result.exit_code == 2


# --- rendering of odd but accepted values -----------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_tiny_value_renders(fmt: str) -> None:
    result = invoke("check", BAD / "actuals_tiny_value_1e-300.csv", "--format", fmt)
    assert_no_crash(result)
    assert result.exit_code in (0, 2)


def test_huge_catalog_number_lists() -> None:
    result = invoke("list", "--catalog", BAD / "catalog_huge_number_1e5000.yaml")
    assert_no_crash(result)
    assert result.exit_code in (0, 2)


# --- several files ------------------------------------------------------------------------------


def test_conflict_across_files(tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(f"indicator,year,value\n{TT},2023,3200\n", encoding="utf-8")
    b.write_text(f"indicator,year,value\n{TT},2023,3300\n", encoding="utf-8")
    result = invoke("check", a, b, "--format", "json")
    assert_no_crash(result)
    assert result.exit_code == 2
    assert "b.csv:2: value: gaoxin.foreign-trade 2023 differs from" in result.output
    assert "a.csv:2" in result.output


def test_errors_of_every_file_are_reported() -> None:
    result = invoke("check", BAD / "actuals_formula.csv", BAD / "actuals_nan.csv", "--format", "json")
    assert result.exit_code == 2
    assert "actuals_formula.csv:2: value:" in result.output
    assert "actuals_nan.csv:2: value:" in result.output


def test_missing_file_and_empty_directory(tmp_path: Path) -> None:
    result = invoke("check", tmp_path / "nope.csv")
    assert_no_crash(result)
    assert result.exit_code == 2
    assert "nope.csv: cannot read: No such file or directory" in result.output
    (tmp_path / "empty").mkdir()
    result = invoke("check", tmp_path / "empty")
    assert_no_crash(result)
    assert result.exit_code == 2
    assert "no CSV files, workbooks or Parquet files found" in result.output


# --- big inputs, generated at test time ---------------------------------------------------------

FIVE_MB = 5 * 1024 * 1024


def test_five_megabyte_cell(tmp_path: Path) -> None:
    path = tmp_path / "big_cell.csv"
    path.write_text(f"indicator,year,value,unit\n{TT},2023," + "9" * FIVE_MB + ",亿元\n", encoding="utf-8")
    before = snapshot(path)
    result = invoke("check", path, "--format", "json")
    assert snapshot(path) == before
    assert_no_crash(result)
    assert result.exit_code == 2
    assert (
        "big_cell.csv:2: the line has 5,242,914 characters: more than the limit of 1,000,000 "
        "characters per CSV line (raise it with TARGETS_MAX_LINE)" in result.output
    )
    assert len(result.output) < 10_000


def test_five_megabyte_line_without_newline(tmp_path: Path) -> None:
    path = tmp_path / "one_line.csv"
    path.write_bytes(b"7" * FIVE_MB)
    result = invoke("check", path, "--format", "json")
    assert_no_crash(result)
    assert result.exit_code == 2
    assert (
        "one_line.csv:1: the line has 5,242,880 characters: more than the limit of 1,000,000 "
        "characters per CSV line (raise it with TARGETS_MAX_LINE)" in result.output
    )


def test_five_megabyte_header_of_many_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("indicator,year,value," + "a," * (FIVE_MB // 2) + f"\n{TT},2023,3200\n", encoding="utf-8")
    result = invoke("check", path, "--format", "json")
    assert_no_crash(result)
    assert result.exit_code == 2
    assert "wide.csv:1: the line has 5,242,902 characters: more than the limit" in result.stderr
    monkeypatch.setenv("TARGETS_MAX_LINE", str(6 * FIVE_MB))  # raised: read, and stays quiet
    result = invoke("check", path, "--format", "json")
    assert_no_crash(result)
    assert result.exit_code == 0
    assert len(result.stderr) < 10_000


def test_long_number_message_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "long_number.csv"
    path.write_text(f"indicator,year,value\n{TT},2023," + "9" * 100_000 + "\n", encoding="utf-8")
    result = invoke("check", path, "--format", "json")
    assert_no_crash(result)
    assert result.exit_code == 2
    assert "long_number.csv:2: value: number out of range" in result.output
    assert len(result.output) < 10_000


def test_alias_bomb_is_quick_and_bounded() -> None:
    import time

    start = time.perf_counter()
    result = invoke("validate", BAD / "catalog_alias_bomb.yaml")
    assert time.perf_counter() - start < 5
    assert result.exit_code == 2
    assert len(result.output.splitlines()) < 200


def test_python_tag_is_not_executed(tmp_path: Path) -> None:
    marker = Path("/tmp/targets_pwned")  # what the tag in catalog_python_tag.yaml would write
    existed = marker.exists()
    result = invoke("validate", BAD / "catalog_python_tag.yaml")
    assert result.exit_code == 2
    assert marker.exists() == existed


def test_very_deep_yaml_does_not_crash(tmp_path: Path) -> None:
    # Run in a subprocess: a segfault would take the test session down with it.
    path = tmp_path / "deeper.yaml"
    path.write_text("version: 1\nplans: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "TARGETS_CATALOG"}
    proc = subprocess.run(
        [sys.executable, "-m", "targets", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    assert "deeper.yaml" in proc.stderr
    assert "deep" in proc.stderr.replace("deeper.yaml", "")


def test_huge_exponent_year_does_not_hang(tmp_path: Path) -> None:
    text = (BAD / "catalog_valid_minimal_ok.yaml").read_text(encoding="utf-8")
    path = tmp_path / "year_exponent.yaml"
    path.write_text(text.replace("target: {year: 2025,", "target: {year: 1e999999999,"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "TARGETS_CATALOG"}
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "targets", "validate", str(path)],
            capture_output=True,
            text=True,
            timeout=5,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("targets validate did not finish in 5 s")
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "year_exponent.yaml:21:" in proc.stderr
