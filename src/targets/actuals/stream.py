"""A CSV file's lines decoded chunk by chunk, as `textio.decode` would decode it whole.

A national file of 10M rows is 600 MB of bytes and, decoded at once, 1.2 GB of text (Chinese
region names make Python keep two bytes a character): more than everything read from it. The
lines are decoded in chunks instead, after a first pass over the bytes has settled the encoding
by `decode`'s own rules (BOM, `--encoding`, strict UTF-8, else GB18030 when most lines are not
UTF-8 and no character lands in the private use area). Whenever that pass finds a problem,
`text_lines` gives None and the caller decodes the whole file with `decode`, which reports it
with the same message as ever.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path as FsPath

from targets.actuals.rows import RowsBroken
from targets.textio import utf8_tally

CHUNK = 1 << 22
# What a Big5 file decoded as GB18030 lands in; compiled on first use (re's own cache), since
# only GB18030 files need it and this range costs ~0.5 ms to compile.
_PRIVATE = "[\ue000-\uf8ff]"


def _chunks(path: FsPath, skip: int = 0) -> Iterator[bytes]:
    with path.open("rb") as fh:
        fh.seek(skip)
        while chunk := fh.read(CHUNK):
            yield chunk


def _decoded(path: FsPath, encoding: str, skip: int = 0) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    for chunk in _chunks(path, skip):
        if text := decoder.decode(chunk):
            yield text
    if tail := decoder.decode(b"", final=True):
        yield tail


TextSink = Callable[[str], object]


def _plan(path: FsPath, encoding: str | None, sink: TextSink | None = None) -> tuple[str, int] | None:
    """(encoding, bytes to skip) when the file decodes cleanly by decode's rules, else None.
    `sink`, when given, receives the text of a file that is not UTF-8 as the last check decodes
    it (so a copy in UTF-8 costs no second decode)."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if encoding:
        choice = (encoding, 0)
    elif head.startswith(codecs.BOM_UTF8):
        choice = ("utf-8", 3)
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        choice = ("utf-16", 0)
    elif b"\x00" in head:
        return None
    elif _clean(path, "utf-8", 0):
        return "utf-8", 0
    elif not _mostly_utf8(path) and _clean(path, "gb18030", 0, sink):
        return "gb18030", 0
    else:
        return None
    utf8 = choice[0].replace("-", "").replace("_", "").lower() == "utf8"
    return choice if _clean(path, *choice, None if utf8 else sink) else None


def utf8_copy(path: FsPath, encoding: str | None, spare: FsPath) -> tuple[FsPath, int] | None:
    """(a UTF-8 file with the text of `path`, bytes to skip at its start): `path` itself when it
    is UTF-8, else its text written to `spare` while it is checked; None when `decode` must
    report a problem. Like `utf8_file`, with one decode of the file instead of two."""
    with spare.open("w", encoding="utf-8", newline="") as out:
        plan = _plan(path, encoding, out.write)
    if plan is None:
        return None
    enc, skip = plan
    if enc.replace("-", "").replace("_", "").lower() == "utf8":
        return path, skip
    return spare, 0


def _clean(path: FsPath, encoding: str, skip: int, sink: TextSink | None = None) -> bool:
    """Decodes without error, has a "\\n" if it has a "\\r", and (GB18030) no private-use
    character: what `decode` and `load._lines` need to give the same text and lines."""
    newline = carriage = False
    try:
        for text in _decoded(path, encoding, skip):
            if sink is not None:
                sink(text)
            newline = newline or "\n" in text
            carriage = carriage or "\r" in text
            if encoding == "gb18030" and re.search(_PRIVATE, text):
                return False
    except (UnicodeError, LookupError, ValueError, TypeError):
        return False
    return newline or not carriage


def _mostly_utf8(path: FsPath) -> bool:
    """textio._mostly_utf8 over the file's lines, read in chunks. It stops as soon as the lines
    not read yet could no longer change the answer (a GB18030 file: about half-way)."""
    left = count_lines(path)  # lines not tallied yet (an upper bound of what could change)
    good = bad = 0
    rest = b""
    for chunk in [*_chunks(path), None]:
        if chunk is None:
            lines, rest = [rest], b""
        else:
            *lines, rest = (rest + chunk).split(b"\n")
        g, b = utf8_tally(lines)
        good, bad, left = good + g, bad + b, left - len(lines)
        if bad > good + left:
            return False  # good can no longer reach bad
        if bad > 0 and good >= bad + left:
            return True  # bad can no longer pass good
    return good >= bad > 0


def text_lines(path: FsPath, encoding: str | None = None) -> Iterator[str] | None:
    """The lines (with their ends) of a CSV file as `load._lines(decode(bytes))` gives them, or
    None when the whole-file decode must run (to report a problem, or for "\\r"-only files)."""
    plan = _plan(path, encoding)
    if plan is None:
        return None
    return _lines(_decoded(path, *plan))


def _lines(texts: Iterator[str]) -> Iterator[str]:
    rest = ""
    for text in texts:
        parts = (rest + text).split("\n")
        rest = parts.pop()
        for part in parts:
            yield part + "\n"
    if rest:
        yield rest


def utf8_file(path: FsPath, encoding: str | None, spare: FsPath) -> FsPath | None:
    """`path` itself when it is plain UTF-8, else its text written to `spare` in UTF-8 (for
    readers that take UTF-8 only, such as DuckDB's); None when `decode` must report a problem."""
    plan = _plan(path, encoding)
    if plan is None:
        return None
    if plan == ("utf-8", 0) or (encoding or "").replace("-", "").replace("_", "").lower() == "utf8":
        return path
    with spare.open("w", encoding="utf-8", newline="") as out:
        for text in _decoded(path, *plan):
            out.write(text)
    return spare


def count_lines(path: FsPath) -> int:
    """Physical lines of a file (a last line without its newline counts)."""
    n, last = 0, b"\n"
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 24):
            n += chunk.count(b"\n")
            last = chunk[-1:]
    return n + (last != b"\n")


class Replay(list[tuple[int, list[str]]]):
    """The rows of a table read whole, iterable again and again; a break in the CSV (a quote
    never closed) is raised again at the same place each time, as the row reader expects."""

    def __init__(self, rows: Iterable[tuple[int, list[str]]]) -> None:
        super().__init__()
        self.broken: RowsBroken | None = None
        try:
            self.extend(rows)
        except RowsBroken as exc:
            self.broken = exc

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        yield from super().__iter__()
        if self.broken is not None:
            raise self.broken
