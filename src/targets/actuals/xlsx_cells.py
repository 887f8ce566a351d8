"""Cell-level helpers of the xlsx reader: column letters, escaped text, exact numbers, encodings."""

from __future__ import annotations

import codecs
import re
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from xml.etree import ElementTree as ET

_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)([eE][-+]?\d+)?")
_XML_DECL = re.compile(r"\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
# Excel shows and accepts 15 significant digits; it stores typed 0.045 as 4.4999999999999998E-2.
_EXCEL_DIGITS = Context(prec=15, rounding=ROUND_HALF_EVEN)


def column_letter(index: int) -> str:
    """0-based column index -> Excel letters: 0 -> A, 26 -> AA."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def _local(tag: str) -> str:
    return tag[tag.rfind("}") + 1 :]


def _unescape(text: str) -> str:
    # OOXML writes characters XML cannot carry as _xHHHH_ (and a literal "_x" as _x005F_x).
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _rich_text(elem: ET.Element) -> str:
    """Text of a shared or inline string: plain <t>, or the <t> of each rich-text run <r>;
    phonetic guides (<rPh>) are not part of the value."""
    parts: list[str] = []
    for child in elem:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return _unescape("".join(parts))


def _number_text(raw: str) -> str | None:
    """The stored number as Decimal-parseable text, never through float; None if not a number.
    More than 15 significant digits are Excel's binary noise and are rounded to what it shows."""
    text = raw.strip()
    if not _NUMBER.fullmatch(text):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
        return None
    if len(value.as_tuple().digits) > 15:
        value = _EXCEL_DIGITS.plus(value).normalize()
        return f"{value:f}" if abs(value.adjusted()) <= 20 else str(value)
    if "e" in text.lower():
        return text  # keep 1E-3 as written: it parses, and 1E+300 stays short in messages
    return f"{value:f}"  # "1." -> "1", ".5" -> "0.5", "+5" -> "5"


def _declared_encoding(data: bytes) -> str | None:
    head = data[:300]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.removeprefix(codecs.BOM_UTF8).decode("latin-1")
    m = _XML_DECL.match(text)
    return m.group(1) if m else None
