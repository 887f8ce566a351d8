"""One escaping layer per output format: terminal and diagnostic text, CSV cells, markdown
cells, XML/HTML text and GitHub workflow commands. Every renderer goes through it, so text from a
data file (a name, a region, a note, a header) can never act on the terminal, a spreadsheet, a
web page or a CI log."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, bidi overrides and isolates, line/paragraph separators, lone
# surrogates: anything that moves the cursor, rewrites a line or reorders what a reader sees.
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\x1b"}
# XML 1.0 forbids these outright (even escaped). Compiled on first use (re's own cache): only
# XML and HTML output needs it, and a character class this wide costs ~0.4 ms to compile.
_XML_FORBIDDEN = "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"
_CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _escape_one(m: re.Match[str]) -> str:
    ch = m.group(0)
    named = _NAMED.get(ch)
    if named:
        return named
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """Text for a terminal, a log or a diagnostic: control, bidi and surrogate characters are
    shown as escapes (`\\n`, `\\x1b`, `\\u202e`), so they are seen, never obeyed."""
    return _INVISIBLE.sub(_escape_one, text) if _INVISIBLE.search(text) else text


# What `terminal` escapes: as _INVISIBLE, but a document keeps its line ends and tabs (so a \r
# only when no \n follows). Every report passes through it whole: a plain character class is
# searched first, 2-3x faster than the alternation, which runs only when that finds something.
_IN_DOCUMENT_ANY = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)
_IN_DOCUMENT = (  # compiled on first use (re's own cache)
    "\r(?!\n)|[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069"
    "\ufeff\ud800-\udfff]"
)


def _escape_in_document(m: re.Match[str]) -> str:
    ch = m.group(0)
    code = ord(ch)
    # \u form beyond C0: inside a JSON string it is a valid escape of the same character
    return _NAMED.get(ch) or (f"\\x{code:02x}" if code < 0x20 else f"\\u{code:04x}")


def terminal(text: str) -> str:
    """A whole document for stdout (text, markdown, CSV, JSON): line ends (\\n, \\r\\n) and
    tabs stay; every other control, bidi or surrogate character is shown as an escape. The last
    guard before the terminal; renderers escape their cells first."""
    if not _IN_DOCUMENT_ANY.search(text):
        return text
    return re.sub(_IN_DOCUMENT, _escape_in_document, text)


def csv_cell(text: str) -> str:
    """A text cell for CSV that a spreadsheet opens: a leading = + - @ tab or CR would start a
    formula, so the cell is prefixed with a single quote (OWASP, CSV injection). Use it for text
    taken from input; numbers the tool formats itself are written as they are."""
    text = visible(text)
    return "'" + text if text.startswith(_CSV_TRIGGERS) else text


def md_cell(text: str) -> str:
    """A markdown table cell: HTML escaped, pipes escaped, line breaks folded to a space."""
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    text = visible(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|")


def xml_text(text: str, attribute: bool = False) -> str:
    """Text for XML, HTML or SVG: characters XML 1.0 forbids are dropped, markup is escaped."""
    text = re.sub(_XML_FORBIDDEN, "", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&#39;") if attribute else text


def html_escape(text: str) -> str:
    """Text for an HTML or SVG element or attribute (quotes escaped too)."""
    return xml_text(text, attribute=True)


def gh_data(text: str) -> str:
    """The message of a GitHub Actions workflow command (`::error ...::MESSAGE`): % CR LF are
    percent-encoded as the runner specifies, other controls are shown as escapes, so a cell
    holding a newline and `::error` cannot start a command of its own."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return visible(text)


def gh_property(text: str) -> str:
    """A property value of a workflow command (`file=`, `title=`): as gh_data, plus : and ,."""
    return gh_data(text).replace(":", "%3A").replace(",", "%2C")
