"""The escaping layer: what each output format makes of hostile text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from targets.safe import csv_cell, gh_data, gh_property, md_cell, visible, xml_text


def test_visible_shows_controls_and_bidi() -> None:
    assert visible("a\nb\x1b]52;c;ZXZpbA==\x07") == "a\\nb\\x1b]52;c;ZXZpbA==\\x07"
    assert visible("名称\u202egnp.exe") == "名称\\u202egnp.exe"
    assert visible("\ud800x") == "\\ud800x"
    assert visible("外贸进出口总额 [45] 亿元") == "外贸进出口总额 [45] 亿元"


def test_csv_cells_never_start_a_formula() -> None:
    assert csv_cell('=HYPERLINK("http://x","a")') == '\'=HYPERLINK("http://x","a")'
    assert csv_cell("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert csv_cell("-2+3") == "'-2+3"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("\t=1") == "\\t=1"  # the tab is shown, so no formula starts
    assert csv_cell("外贸进出口总额") == "外贸进出口总额"


def test_markdown_cells() -> None:
    assert md_cell("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert md_cell("a|b\r\nc") == "a\\|b c"
    assert md_cell('<img src=x onerror="x">') == '&lt;img src=x onerror="x"&gt;'


def test_xml_text_drops_what_xml_forbids() -> None:
    assert xml_text("a\x00\x1bb<&>") == "ab&lt;&amp;&gt;"
    assert xml_text('"x"', attribute=True) == "&quot;x&quot;"


def test_github_commands_cannot_be_injected() -> None:
    assert gh_data("bad\n::error file=x::owned") == "bad%0A::error file=x::owned"
    assert gh_data("100%") == "100%25"
    assert gh_property("a:b,c") == "a%3Ab%2Cc"


@given(st.text())
def test_no_raw_control_survives(text: str) -> None:
    for out in (visible(text), md_cell(text), gh_data(text), csv_cell(text)):
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF for c in out)
        out.encode("utf-8")  # never a lone surrogate


def test_terminal_keeps_line_ends_and_escapes_the_rest() -> None:
    from targets.safe import terminal

    assert terminal("a\r\nb\n\tc") == "a\r\nb\n\tc"
    assert terminal("x\ry\x1b[2J\x9b\u202e\ud800") == "x\\ry\\x1b[2J\\u009b\\u202e\\ud800"


@given(st.text())
def test_terminal_keeps_json_valid_and_its_data_unchanged(text: str) -> None:
    import json

    from targets.safe import terminal

    document = json.dumps({"cell": text}, ensure_ascii=False)
    guarded = terminal(document)
    assert json.loads(guarded) == {"cell": text}
    assert not any(0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF for c in guarded)


def test_html_escape_quotes_and_drops_what_xml_forbids() -> None:
    from targets.safe import html_escape

    assert html_escape('<a title="x">\x01\x0b') == "&lt;a title=&quot;x&quot;&gt;"
