"""Cell and file text from Chinese spreadsheets: encodings, numbers and missing-value marks."""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation

from targets.errors import ActualsError, Problem

MISSING_MARKS = frozenset({"", "-", "--", "—", "——", "/", "－", "n/a", "na", "…", "...", "缺", "无"})
_PLAIN = re.compile(r"[-+]?\d+(?:\.\d+)?")
_GROUPED = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_SCI = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)[eE][-+]?\d+")
_YEAR = re.compile(r"(\d{4})(?:年度?)?")
_EXCEL_ERRORS = ("#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!")
AddProblem = Callable[..., None]
MAX_ABS = Decimal("1e15")  # beyond any statistic a plan tracks; guards against 1e308
MIN_EXPONENT = -300  # a non-zero value below 1e-300 is out of range (floats end near 1e-308)
RANGE = "documented range: 1e-300 to 1e15"
MAX_DIGITS = 400  # digits of a number as written; longer text is refused before Decimal sees it
_EXPONENT = re.compile(r"[eE]([-+]?)(\d+)$")


class NumberError(ValueError):
    """A cell that is not a number; the message says what it is instead (internal)."""


def parse_number(text: str) -> tuple[Decimal | None, bool]:
    """A cell -> (Decimal or None for 'not reported', had a % sign). Raises NumberError."""
    s = unicodedata.normalize("NFKC", text).strip()
    s = s.replace("\u2212", "-").replace("\u2013", "-").replace(" ", "").replace("\u00a0", "")
    if s.lower() in MISSING_MARKS or text.strip() in MISSING_MARKS:
        return None, False
    if s.startswith("="):
        raise NumberError(f"a spreadsheet formula ({s!r}), not a value: paste values only")
    if s.upper() in _EXCEL_ERRORS:
        raise NumberError(f"an Excel error value ({s}), not a number")
    percent = s.endswith("%")
    if percent:
        s = s[:-1]
    if _PLAIN.fullmatch(s):
        num = s
    elif _GROUPED.fullmatch(s):
        num = s.replace(",", "")
    elif "," in s:
        raise NumberError(f"ambiguous number {text.strip()!r}: a comma must separate groups of three digits")
    elif _SCI.fullmatch(s):
        num = s
    else:
        raise NumberError(f"expected a number, got {text.strip()!r}")
    return _in_range(num, text), percent


def _in_range(num: str, text: str) -> Decimal:
    """The Decimal of a well-formed literal within the documented range (|x| <= 1e15, non-zero
    |x| >= 1e-300, at most 400 digits): the text is measured first, so 1e1000000 or a thousand
    digits never reach Decimal arithmetic."""
    out_of_range = NumberError(f"number out of range: {text.strip()!r} ({RANGE})")
    exp = _EXPONENT.search(num)
    mantissa = num[: exp.start()] if exp else num
    if sum(c.isdigit() for c in mantissa) > MAX_DIGITS or (exp and len(exp.group(2)) > 4):
        raise out_of_range
    try:
        value = Decimal(num)
    except InvalidOperation:  # pragma: no cover - the patterns admit only valid literals
        raise NumberError(f"expected a number, got {text.strip()!r}") from None
    if not value.is_finite() or abs(value) > MAX_ABS or (value and value.adjusted() < MIN_EXPONENT):
        raise out_of_range
    return value


def _line_at(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def _looks_utf16(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    odd, even = sample[1::2], sample[0::2]
    if odd.count(0) > len(odd) * 0.4 and even.count(0) < len(even) * 0.1:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.4 and odd.count(0) < len(odd) * 0.1:
        return "utf-16-be"
    return None


_NON_ASCII_LINE = re.compile("[^\x00-\x7f][^\n]*")
_BAD_LINE = re.compile("[\udc80-\udcff][^\n]*")  # a byte surrogateescape kept: not UTF-8


def utf8_tally(lines: Iterable[bytes]) -> tuple[int, int]:
    """(lines that are valid UTF-8, lines that are not), counting only lines with non-ASCII bytes.

    The lines are decoded at once with surrogateescape: a byte that is not part of valid UTF-8
    becomes U+DC80..U+DCFF, which valid UTF-8 never gives, and no sequence spans a newline; so
    a line is invalid exactly when it holds such a character. One decode and two scans in C
    instead of an exception per line (a GB18030 file has one on every line)."""
    text = b"\n".join(lines).decode("utf-8", "surrogateescape")
    non_ascii = sum(1 for _ in _NON_ASCII_LINE.finditer(text))
    bad = sum(1 for _ in _BAD_LINE.finditer(text))
    return non_ascii - bad, bad


def _mostly_utf8(data: bytes) -> bool:
    good, bad = utf8_tally(data.split(b"\n"))
    return good >= bad > 0


def decode(data: bytes, source: str, encoding: str | None = None) -> str:
    """Bytes -> text: BOM first (UTF-8, UTF-16), then strict UTF-8, then GB18030."""

    def fail(message: str, line: int | None = None) -> ActualsError:
        return ActualsError([Problem(file=source, line=line, code="encoding", message=message)])

    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise fail(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise fail(f"not valid {encoding} at byte {exc.start}", _line_at(data, exc.start)) from None
        except (UnicodeError, ValueError, TypeError) as exc:  # codecs such as punycode, idna
            raise fail(f"cannot decode with {encoding!r}: {type(exc).__name__}") from None
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[3:].decode("utf-8")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise fail(
            "the file has a byte-order mark but is not valid in that encoding",
            _line_at(data, exc.start),
        ) from None
    if b"\x00" in data[:4096]:
        wide = _looks_utf16(data)
        if wide:
            raise fail(f"looks like UTF-16 without a byte-order mark; give --encoding {wide}")
        raise fail("binary data, not a CSV text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _mostly_utf8(data):
        # Most non-ASCII lines are valid UTF-8: a UTF-8 file with a bad line, not a GBK file;
        # decoding it all as GB18030 would only produce mojibake.
        raise fail(
            "not valid UTF-8 here, although the lines before are UTF-8 (mixed encodings?); "
            "save the whole file as UTF-8",
            _line_at(data, utf8_error.start),
        )
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise fail(
            "neither UTF-8 nor GB18030/GBK; give the encoding with --encoding (e.g. --encoding big5)",
            _line_at(data, exc.start),
        ) from None
    pua = next((k for k, ch in enumerate(text) if "\ue000" <= ch <= "\uf8ff"), None)
    if pua is not None:
        # Big5 and other encodings decode as GB18030 without error but land in the
        # private use area; a real GBK export never does.
        raise fail(
            "decoded as GB18030 this gives private-use characters: probably another encoding; "
            "give it with --encoding (e.g. --encoding big5)",
            text[:pua].count("\n") + 1,
        )
    return text
