"""Checks a workbook must pass before calamine opens it, and what calamine would read wrongly.

Some hostile files make calamine abort the whole process (a cell at XFD1048576 beside A1 asks
it for a 500 GB grid; an .ods cell repeated 16384 times on a row repeated a million times) or
lose information silently (an error cell and a formula never calculated both read as empty).
So: the archive's members and their real uncompressed size are capped, XML with a DOCTYPE is
refused, each sheet's extent is measured from its cells, and error and formula cells are found.
"""

from __future__ import annotations

import io
import itertools
import re
import struct
import zipfile
from dataclasses import dataclass, field

from targets.errors import ActualsError, Problem

MAX_UNCOMPRESSED = 200 * 2**20  # bytes of all members, whatever the zip declares
MAX_MEMBERS = 10_000
MAX_CELLS = 10_000_000  # cells of a sheet's grid, gaps included
MAX_ROW, MAX_COL = 1_048_576, 16_384  # Excel's own grid: A1..XFD1048576
MAX_CELL_ERRORS = 100
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_DOCTYPE_MARKS = tuple(
    mark.encode(enc) for mark in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-8", "utf-16-le", "utf-16-be")
)
_REFS = re.compile(rb'<(?:\w+:)?(c|row)\b[^>]*?\sr="([^"]*)"')
_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
_LETTERS = re.compile(r"[A-Z]{1,3}")
_CELL_LETTERS = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="([^"0-9]*)')
_ROW_NUMBERS = re.compile(rb'<(?:\w+:)?(?:c|row)\b[^>]*?\sr="[A-Za-z]*([^"]*)"')
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_ATTR_R = re.compile(rb'\sr="([^"]*)"')
_ERROR_TYPE = re.compile(rb'\st="e"')
_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.DOTALL)
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.DOTALL)
_XML_DECL = re.compile(r"\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
_SHEET_ENTRY = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_REL_ENTRY = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ATTR = re.compile(rb'([\w:.-]+)="([^"]*)"')
_ODS_TABLE = re.compile(rb"<table:table[\s>]")  # not table:table-row or table:table-cell
_ODS_NAME = re.compile(rb'<table:table\s[^>]*?table:name="([^"]*)"')
_ODS_ROW = re.compile(rb"<table:table-row\b([^>]*?)(/>|>(.*?)</table:table-row>)", re.DOTALL)
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b([^>]*?)/?>")
_ODS_REPEAT_ROWS = re.compile(rb'number-rows-repeated="(\d{1,9})"')
_ODS_REPEAT_COLS = re.compile(rb'number-columns-repeated="(\d{1,9})"')
_XLSB_ERRORS = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
}

Cells = dict[tuple[int, int], str]  # (1-based row, 0-based column) -> text


@dataclass
class Scan:
    """What the guards learnt: error cells by sheet (their text, #DIV/0!), and problems."""

    errors: dict[str, Cells] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def column_letter(index: int) -> str:
    """0-based column index -> Excel letters: 0 -> A, 26 -> AA."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def fail(source: str, code: str, message: str, column: str | None = None) -> ActualsError:
    return ActualsError([Problem(file=source, column=column, code=code, message=message)])


def guard(data: bytes, source: str) -> Scan:
    """Every check before calamine; raises ActualsError, or returns what calamine cannot tell."""
    if not data:
        raise fail(source, "sheet-empty", "the file is empty, not a workbook")
    if data.startswith(OLE2_MAGIC):
        return Scan()  # .xls (cells at most 65536 x 256), or an encrypted workbook: calamine says which
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = read_members(zf, source)
    except ActualsError:
        raise
    except Exception as exc:  # zipfile on damaged bytes: BadZipFile, NotImplementedError, struct.error...
        raise fail(source, "sheet-not-workbook", _not_a_workbook(data, exc)) from None
    lower = {k.lower(): v for k, v in parts.items()}
    if "xl/workbook.xml" in lower:
        return _scan_xlsx(lower, source)
    if "xl/workbook.bin" in lower:
        return _scan_xlsb(lower, source)
    if "content.xml" in lower:
        _scan_ods(lower["content.xml"], source)
        return Scan()
    raise fail(source, "sheet-not-workbook", "a zip archive, but not an .xlsx, .xlsb or .ods workbook")


def _not_a_workbook(data: bytes, exc: Exception) -> str:
    """What the bytes are instead; web systems export HTML or CSV under an .xls name."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")):
        return "an HTML page saved under a workbook's name: open it in Excel or WPS and save it as .xlsx"
    if b"\x00" not in head and head:
        try:
            head.decode("utf-8")
            text = True
        except UnicodeDecodeError:
            text = all(b >= 0x20 or b in b"\t\r\n" for b in head[:512])
        if text:
            return "a text file saved under a workbook's name: if it is a CSV file, name it .csv"
    return f"not a workbook (not a zip archive, or truncated: {exc})"


def read_members(zf: zipfile.ZipFile, source: str) -> dict[str, bytes]:
    members = zf.infolist()
    if len(members) > MAX_MEMBERS:
        raise fail(
            source, "sheet-too-large", f"the archive has {len(members)} members; at most {MAX_MEMBERS}"
        )
    parts: dict[str, bytes] = {}
    used = 0
    for info in members:
        name = info.filename
        if info.flag_bits & 0x1:
            raise fail(
                source, "sheet-encrypted", f"part {name} is encrypted: save the workbook without a password"
            )
        budget = MAX_UNCOMPRESSED - used
        too_large = f"part {name} is too large: more than {MAX_UNCOMPRESSED // 2**20} MB uncompressed"
        if info.file_size > budget:
            raise fail(source, "sheet-too-large", too_large)
        try:
            with zf.open(info) as stream:
                data = stream.read(budget + 1)  # past the declared size: a lying header must not lift the cap
        except Exception:  # zlib.error, bad CRC, unsupported method... on damaged bytes
            raise fail(
                source, "sheet-damaged", f"part {name} cannot be decompressed: the file is damaged"
            ) from None
        if len(data) > budget:
            raise fail(source, "sheet-too-large", too_large)
        used += len(data)
        if name.lower().endswith((".xml", ".rels")) and any(mark in data for mark in _DOCTYPE_MARKS):
            # entity expansion (billion laughs) and external entities live in the DTD
            raise fail(source, "sheet-doctype", f"part {name} has a DOCTYPE or ENTITY declaration: refused")
        encoding = _declared_encoding(data) if name.lower().endswith((".xml", ".rels")) else None
        if encoding is not None and encoding.lower().replace("_", "-") not in ("utf-8", "utf8", "utf-16"):
            # the formats allow only these; a reader's codecs fail in odd ways on others
            message = f"part {name} declares encoding {encoding[:40]!r}, not UTF-8 or UTF-16"
            raise fail(source, "sheet-xml", message)
        parts[name] = data
    return parts


def _declared_encoding(data: bytes) -> str | None:
    head = data[:300]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.removeprefix(b"\xef\xbb\xbf").decode("latin-1")
    m = _XML_DECL.match(text)
    return m.group(1) if m else None


def _attrs(tag: bytes) -> dict[str, str]:
    """Attributes by local name; a prefixed id (r:id under any prefix) as "r:id"."""
    out = {}
    for k, v in _ATTR.findall(tag):
        prefix, _, local = k.decode("ascii", "replace").rpartition(":")
        out["r:id" if prefix and local == "id" else local] = v.decode("utf-8", "replace")
    return out


def sheet_parts(parts: dict[str, bytes], book: str, source: str) -> dict[str, str]:
    """Sheet part name (lower case) -> sheet name, from the workbook part and its relationships."""
    folder, base = book.rsplit("/", 1)
    rels_part = f"{folder}/_rels/{base}.rels"
    targets = {}
    for tag in _REL_ENTRY.findall(parts.get(rels_part, b"")):
        a = _attrs(tag)
        target = a.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
        targets[a.get("Id", "")] = target.lower()
    out = {}
    for name, rid in (
        _xlsb_sheets(parts.get(book, b"")) if book.endswith(".bin") else _xml_sheets(parts.get(book, b""))
    ):
        part = targets.get(rid)
        if part is None:
            message = f"sheet {name!r} refers to relationship {rid!r}, which {rels_part} does not have"
            raise fail(source, "sheet-damaged", f"{message}: the file is damaged")
        if part not in parts:
            raise fail(source, "sheet-damaged", f"missing part {part} of sheet {name!r}: the file is damaged")
        out[part] = name
    return out


def _xml_sheets(book: bytes) -> list[tuple[str, str]]:
    return [(a.get("name", "?"), a.get("r:id", "")) for a in map(_attrs, _SHEET_ENTRY.findall(book))]


def _xlsb_sheets(book: bytes) -> list[tuple[str, str]]:
    """(name, relationship id) of each BrtBundleSh record of an .xlsb workbook part."""
    out = []
    for kind, payload in _records(book):
        if kind != 156 or len(payload) < 12:
            continue
        rid, at = _wide_string(payload, 8)
        name, _ = _wide_string(payload, at)
        out.append((name, rid))
    return out


def _wide_string(data: bytes, at: int) -> tuple[str, int]:
    """An XLWideString: a 32-bit character count, then UTF-16 (a count of 0xFFFFFFFF: none)."""
    if at + 4 > len(data):
        return "", len(data)
    n = struct.unpack_from("<I", data, at)[0]
    if n == 0xFFFFFFFF:
        return "", at + 4
    end = min(at + 4 + 2 * n, len(data))
    return data[at + 4 : end].decode("utf-16-le", "replace"), end


def _scan_xlsx(parts: dict[str, bytes], source: str) -> Scan:
    scan = Scan()
    for part, sheet in sheet_parts(parts, "xl/workbook.xml", source).items():
        data = parts[part]
        _check_extent(data, source, sheet)
        if b"<f" in data or b't="e"' in data:
            _scan_cells(data, source, sheet, scan)
    if scan.problems:
        raise ActualsError(scan.problems)
    return scan


def _too_large(source: str, sheet: str, rows: tuple[int, int], cols: tuple[int, int]) -> None:
    cells = (rows[1] - rows[0] + 1) * (cols[1] - cols[0] + 1)
    if cells > MAX_CELLS:
        span = f"{column_letter(cols[0])}{rows[0]}:{column_letter(cols[1])}{rows[1]}"
        raise fail(
            source,
            "sheet-too-large",
            f"the cells span {span}, more than {MAX_CELLS} cells: too large for an actuals sheet "
            "(if a stray cell lies far from the table, delete the rows and columns around it)",
            column=sheet,
        )


def _check_extent(data: bytes, source: str, sheet: str) -> None:
    """The grid calamine allocates spans the lowest to the highest cell: refuse a huge one.
    Distinct column letters are few and row numbers a row's worth, so they are checked as sets."""
    letters = {x.decode("utf-8", "replace") for x in _CELL_LETTERS.findall(data)}
    numbers = {x.decode("utf-8", "replace") for x in _ROW_NUMBERS.findall(data)}
    bad_letters = [x for x in letters if not _LETTERS.fullmatch(x) or column_index(x) >= MAX_COL]
    bad_numbers = [x for x in numbers if not (x.isascii() and x.isdigit() and 1 <= int(x) <= MAX_ROW)]
    if bad_letters or bad_numbers:
        _bad_reference(data, source, sheet)
    if numbers and letters:
        rows, cols = [int(x) for x in numbers], [column_index(x) for x in letters]
        _too_large(source, sheet, (min(rows), max(rows)), (min(cols), max(cols)))


def _bad_reference(data: bytes, source: str, sheet: str) -> None:
    """The first reference that is not a cell of Excel's grid, named as written."""
    for kind, ref in _REFS.findall(data):
        text = ref.decode("utf-8", "replace")
        if kind == b"row":
            if not (text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_ROW):
                raise fail(source, "sheet-cell-ref", f"bad row number {text!r} (1-{MAX_ROW})", column=sheet)
            continue
        m = _REF.fullmatch(text)
        if m is None or column_index(m.group(1)) >= MAX_COL or int(m.group(2)) > MAX_ROW:
            message = f"bad cell reference {text!r} (A1 to XFD{MAX_ROW})"
            raise fail(source, "sheet-cell-ref", message, column=f"{sheet}!{text}")


def _scan_cells(data: bytes, source: str, sheet: str, scan: Scan) -> None:
    """Error cells keep their text (#DIV/0!) for the value check; a formula without a saved
    result is a problem at its cell (calamine reads both as empty)."""
    for attrs, body in _CELL.findall(data):
        is_error = _ERROR_TYPE.search(attrs) is not None
        formula = _FORMULA.search(body) if body else None
        if not is_error and formula is None:
            continue
        r = _ATTR_R.search(attrs)
        m = _REF.fullmatch(r.group(1).decode("ascii", "replace")) if r else None
        if m is None:
            continue
        ref, at = m.group(0), (int(m.group(2)), column_index(m.group(1)))
        value = _VALUE.search(body) if body else None
        text = value.group(1).decode("utf-8", "replace") if value else ""
        if is_error and text:
            scan.errors.setdefault(sheet, {})[at] = text
        elif formula is not None and not text:
            shown = (formula.group(1) or b"").decode("utf-8", "replace").strip()
            what = f"formula ={shown}" if shown else "a shared formula"
            message = f"{what} has no saved result: open and save the file in Excel, or paste the values only"
            scan.problems.append(
                Problem(file=source, column=f"{sheet}!{ref}", code="sheet-formula", message=message)
            )
            if len(scan.problems) >= MAX_CELL_ERRORS:
                scan.problems.append(
                    Problem(file=source, code="sheet-cell", message="too many errors; stopped")
                )
                raise ActualsError(scan.problems)


def _scan_ods(content: bytes, source: str) -> None:
    """Repeated rows and cells with values multiply: measure the grid they span per table."""
    starts = [m.start() for m in _ODS_TABLE.finditer(content)] + [len(content)]
    for begin, end in itertools.pairwise(starts):
        row, rows, cols = 0, [MAX_ROW, -1], [MAX_COL * 64, -1]
        for attrs, _, body in _ODS_ROW.findall(content, begin, end):
            m = _ODS_REPEAT_ROWS.search(attrs)
            repeat = int(m.group(1)) if m else 1
            col = 0
            for cell in _ODS_CELL.findall(body or b""):
                k = _ODS_REPEAT_COLS.search(cell)
                width = int(k.group(1)) if k else 1
                if b"value-type=" in cell:
                    cols = [min(cols[0], col), max(cols[1], col + width - 1)]
                    rows = [min(rows[0], row), max(rows[1], row + repeat - 1)]
                col += width
            row += repeat
        if rows[1] >= 0:
            m = _ODS_NAME.match(content, begin)
            name = m.group(1).decode("utf-8", "replace") if m else "table"
            _too_large(source, name, (rows[0] + 1, rows[1] + 1), (cols[0], cols[1]))


def _records(data: bytes) -> list[tuple[int, bytes]]:
    """BIFF12 records of an .xlsb part: (type, payload); types and sizes are 7-bit varints."""
    out, at, end = [], 0, len(data)
    while at < end:
        kind = data[at] & 0x7F
        if data[at] & 0x80:
            kind |= (data[at + 1] & 0x7F) << 7 if at + 1 < end else 0
            at += 1
        at += 1
        size = shift = 0
        for _ in range(4):
            if at >= end:
                break
            size |= (data[at] & 0x7F) << shift
            shift += 7
            at += 1
            if not data[at - 1] & 0x80:
                break
        out.append((kind, data[at : at + size]))
        at += size
    return out


def _scan_xlsb(parts: dict[str, bytes], source: str) -> Scan:
    """Each sheet's extent from its row headers and cells, and its error cells."""
    scan = Scan()
    for part, sheet in sheet_parts(parts, "xl/workbook.bin", source).items():
        row, rows, cols = 0, [MAX_ROW, -1], [MAX_COL, -1]
        for kind, payload in _records(parts[part]):
            if kind == 0 and len(payload) >= 4:  # BrtRowHdr: the row of the cells that follow
                row = struct.unpack_from("<I", payload)[0]
            elif 1 <= kind <= 13 and len(payload) >= 8:  # BrtCell…: its column comes first
                col = struct.unpack_from("<I", payload)[0]
                if row >= MAX_ROW or col >= MAX_COL:
                    raise fail(source, "sheet-cell-ref", f"a cell beyond XFD{MAX_ROW}", column=sheet)
                rows, cols = [min(rows[0], row), max(rows[1], row)], [min(cols[0], col), max(cols[1], col)]
                if kind in (3, 11) and len(payload) >= 9:  # BrtCellError, BrtFmlaError
                    scan.errors.setdefault(sheet, {})[(row + 1, col)] = _XLSB_ERRORS.get(payload[8], "#ERROR")
        if rows[1] >= 0:
            _too_large(source, sheet, (rows[0] + 1, rows[1] + 1), (cols[0], cols[1]))
    return scan
