"""Limits of an .xlsx workbook, checked before any reader parses it: archive members, the
shared-string count (from the part's header, then counted while streaming) and the cells of
each worksheet, and stored numbers below 1e-300 (which a reader would turn into 0). Counting
tags in a decompressed stream is cheap; parsing millions is not. Kept apart from the reading code
so that any reader can call it first."""

from __future__ import annotations

import io
import re
import zipfile

from targets.errors import ActualsError, Problem
from targets.files import MAX_CELLS, MAX_SHARED
from targets.textio import MIN_EXPONENT, RANGE

MAX_MEMBERS = 10_000
MAX_STREAMED = 128 * 2**20  # decompressed bytes scanned in all; past it the reader's own budget decides
_CHUNK = 2**20
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(sst|worksheet)[\s>/]")
_SST_COUNT = re.compile(rb"<(?:\w+:)?sst\b[^>]*?\buniqueCount\s*=\s*[\"'](\d{1,12})[\"']")
# How a tag opens, with or without a namespace prefix (bytes.count is far faster than a regex;
# a rare ':c ' inside text only counts one cell too many).
_SI = tuple(p + b"si" + e for p in (b"<", b":") for e in (b">", b" ", b"/"))
_CELL = tuple(p + b"c" + e for p in (b"<", b":") for e in (b">", b" ", b"/"))
_OVERLAP = 64  # longer than any tag or number the scan looks for
# A stored number below 1e-300: a reader would read it as 0 (floats end near 1e-308), so the
# text is checked here, where it still says what it is.
_TINY = re.compile(rb"<(?:\w+:)?v>\s*([-+]?[0-9.]+[eE]-0*([0-9]{3,}))\s*</")
_REF_BEFORE = re.compile(rb'\sr="([A-Z]{1,3}[0-9]{1,7})"')


def _fail(source: str, code: str, message: str) -> ActualsError:
    return ActualsError([Problem(file=source, code=code, message=message)])


def _occurrences(data: bytes, tags: tuple[bytes, ...]) -> int:
    return sum(data.count(t) for t in tags)


def _tiny(block: bytes) -> str | None:
    """'1E-400 at C2' for the first stored number below 1e-300 in a block of a worksheet."""
    if b"e-" not in block and b"E-" not in block:
        return None
    for m in _TINY.finditer(block):
        if int(m.group(2)) > -MIN_EXPONENT:
            refs = _REF_BEFORE.findall(block, max(0, m.start() - 400), m.start())
            where = f" at {refs[-1].decode()}" if refs else ""
            return f"{m.group(1).decode()}{where}"
    return None


class _Scan:
    """Streams parts of one archive within a shared budget of decompressed bytes: past it, the
    scan stops and the reader's own size limit refuses the workbook."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.budget = MAX_STREAMED

    def head(self, info: zipfile.ZipInfo) -> bytes:
        with self.archive.open(info) as stream:
            return stream.read(4096)

    def count(self, info: zipfile.ZipInfo, tags: tuple[bytes, ...], limit: int, source: str = "") -> int:
        """Occurrences of the tag spellings in a part, stopping once `limit` is passed. The last
        bytes of a block are scanned again with the next: a tag cut in two is counted once.
        With `source` (a worksheet), a stored number below 1e-300 is an error naming its cell."""
        found = 0
        pending = b""
        with self.archive.open(info) as stream:
            while self.budget > 0 and (chunk := stream.read(_CHUNK)):
                self.budget -= len(chunk)
                block = pending + chunk
                tiny = _tiny(block) if source else None
                if tiny is not None:
                    message = f"number out of range: {tiny} in {info.filename} ({RANGE})"
                    raise _fail(source, "value-range", message)
                found += _occurrences(block, tags) - _occurrences(pending, tags)
                pending = block[-_OVERLAP:]
                if found > limit:
                    break
        return found


def check_xlsx_limits(data: bytes, source: str) -> None:
    """ActualsError when the workbook is past a documented limit; nothing otherwise (a damaged
    archive is left to the reader, which names the damage). Parts are recognised by their root
    element, whatever their names: `sst` holds shared strings, `worksheet` cells."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception:  # zipfile on damaged bytes raises several kinds: the reader reports it
        return
    if len(members) > MAX_MEMBERS:
        found = f"the archive has {len(members):,} members; at most {MAX_MEMBERS:,}"
        raise _fail(source, "xlsx-too-large", found)
    scan = _Scan(archive)
    for info in members:
        if info.flag_bits & 0x1 or info.is_dir():
            continue  # encrypted: the reader refuses it with its own message
        try:
            root = _ROOT.search(scan.head(info))
            if root is not None:
                _check_part(scan, info, root.group(1), source)
        except ActualsError:
            raise
        except Exception:  # a damaged part: the reader names it when it gets there
            continue


def _check_part(scan: _Scan, info: zipfile.ZipInfo, root: bytes, source: str) -> None:
    if root == b"sst":
        shared = MAX_SHARED.value
        declared = _SST_COUNT.search(scan.head(info))
        if declared is not None and int(declared.group(1)) > shared:
            found = f"the workbook declares {int(declared.group(1)):,}"
            raise _fail(source, "limit-shared-strings", MAX_SHARED.refusal(found))
        if scan.count(info, _SI, shared) > shared:
            found = f"the workbook has more than {shared:,}"
            raise _fail(source, "limit-shared-strings", MAX_SHARED.refusal(found))
    else:
        cells = MAX_CELLS.value
        if scan.count(info, _CELL, cells, source) > cells:
            found = f"worksheet part {info.filename} has more than {cells:,} cells"
            raise _fail(source, "limit-cells", MAX_CELLS.refusal(found))
