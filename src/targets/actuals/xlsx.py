"""Excel .xlsx workbooks with the standard library only: a guarded reader and a minimal writer."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from targets.actuals.xlsx_cells import (
    _column_index,
    _declared_encoding,
    _local,
    _number_text,
    _rich_text,
    _unescape,
    column_letter,
)
from targets.errors import ActualsError, Problem

# Limits against hostile files. An honest actuals workbook is a few MB at most.
MAX_UNCOMPRESSED = 200 * 2**20  # bytes of all parts read, whatever the zip declares
MAX_MEMBERS = 10_000
MAX_CELLS = 10_000_000  # cells held after filling gaps within rows
MAX_ROW, MAX_COL = 1_048_576, 16_384  # Excel's own grid: A1..XFD1048576
MAX_CELL_ERRORS = 100

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
REL_OFFICE_DOC = "/officeDocument"
REL_WORKSHEET = "/worksheet"
REL_SHARED = "/sharedStrings"
_REF = re.compile(r"([A-Za-z]{1,3})([1-9][0-9]{0,6})")
_ROW_PART = re.compile(r"[1-9][0-9]{0,6}")
_DIGITS = re.compile(r"[0-9]{1,9}")  # str.isdigit() would admit ² and other digits int() refuses
_DOCTYPE_MARKS = tuple(
    mark.encode(enc) for mark in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-8", "utf-16-le", "utf-16-be")
)


@dataclass
class XlsxTable:
    """One worksheet as text: (1-based Excel row number, cell texts by column, gaps as "")."""

    sheet: str
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


@dataclass(frozen=True)
class _SheetRef:
    name: str
    part: str
    kind: str  # relationship type suffix: /worksheet, /chartsheet, ...
    hidden: bool


class _Workbook:
    """The zip archive and the parts read from it, with the size budget shared by all parts."""

    def __init__(self, data: bytes, source: str) -> None:
        self.source = source
        self.used = 0
        if data.startswith(OLE2_MAGIC):
            raise self.error(
                "xlsx-legacy",
                "a legacy .xls workbook (or a password-protected one): save it as .xlsx "
                "(without a password) or CSV",
            )
        if not data:
            raise self.error("xlsx-not-zip", "the file is empty, not an .xlsx workbook")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            members = self.zip.infolist()
        except Exception as exc:  # zipfile on damaged bytes: BadZipFile, NotImplementedError, struct.error...
            raise self.error(
                "xlsx-not-zip", f"not an .xlsx workbook (not a zip archive, or truncated: {exc})"
            ) from None
        if len(members) > MAX_MEMBERS:
            raise self.error(
                "xlsx-too-large", f"the archive has {len(members)} members; at most {MAX_MEMBERS}"
            )
        # OPC part names are case-insensitive.
        self.members = {m.filename.lower(): m for m in members}

    def error(
        self, code: str, message: str, line: int | None = None, column: str | None = None
    ) -> ActualsError:
        return ActualsError([Problem(file=self.source, line=line, column=column, code=code, message=message)])

    def read(self, part: str, required: bool = True) -> bytes | None:
        info = self.members.get(part.lower())
        if info is None:
            if required:
                raise self.error("xlsx-missing-part", f"missing part {part}: not a complete .xlsx workbook")
            return None
        if info.flag_bits & 0x1:
            raise self.error(
                "xlsx-encrypted", f"part {part} is encrypted: save the workbook without a password"
            )
        budget = MAX_UNCOMPRESSED - self.used
        too_large = f"part {part} is too large: more than {MAX_UNCOMPRESSED // 2**20} MB uncompressed"
        if info.file_size > budget:
            raise self.error("xlsx-too-large", too_large)
        try:
            with self.zip.open(info) as stream:
                # read past the declared size: a lying header must not lift the cap
                data = stream.read(budget + 1)
        except Exception:  # zlib.error, bad CRC, unsupported method... on damaged bytes
            raise self.error(
                "xlsx-damaged", f"part {part} cannot be decompressed: the file is damaged"
            ) from None
        if len(data) > budget:
            raise self.error("xlsx-too-large", too_large)
        self.used += len(data)
        if any(mark in data for mark in _DOCTYPE_MARKS):
            # entity expansion (billion laughs) and external entities live in the DTD
            raise self.error("xlsx-doctype", f"part {part} has a DOCTYPE or ENTITY declaration: refused")
        encoding = _declared_encoding(data)
        if encoding is not None and encoding.lower().replace("_", "-") not in ("utf-8", "utf8", "utf-16"):
            # OOXML allows only these; others send expat to Python codecs, which fail in odd ways
            raise self.error(
                "xlsx-xml", f"part {part} declares encoding {encoding[:40]!r}, not UTF-8 or UTF-16"
            )
        return data

    def xml(self, part: str, required: bool = True) -> ET.Element | None:
        data = self.read(part, required)
        if data is None:
            return None
        try:
            return ET.fromstring(data)
        except ET.ParseError as exc:
            raise self.error(
                "xlsx-xml", f"part {part} is not well-formed XML (line {exc.position[0]})"
            ) from None

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationships of a part: id -> (type, resolved part name)."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"), required=False)
        out: dict[str, tuple[str, str]] = {}
        if root is None:
            return out
        for rel in root:
            if _local(rel.tag) != "Relationship":
                continue
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External" or not target:
                continue
            resolved = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            out[rel.get("Id", "")] = (rel.get("Type", ""), posixpath.normpath(resolved))
        return out


def _rel_id(elem: ET.Element) -> str:
    # r:id in the transitional or the strict namespace
    return next((v for k, v in elem.attrib.items() if _local(k) == "id" and k.startswith("{")), "")


def _sheets(book: _Workbook) -> tuple[list[_SheetRef], str | None]:
    main = next(
        (p for typ, p in book.rels("").values() if typ.endswith(REL_OFFICE_DOC)),
        "xl/workbook.xml",
    )
    root = book.xml(main)
    assert root is not None
    rels = book.rels(main)
    sheets = []
    listed = (e for group in root if _local(group.tag) == "sheets" for e in group if _local(e.tag) == "sheet")
    for elem in listed:
        name, rid = elem.get("name", "?"), _rel_id(elem)
        if rid not in rels:
            folder, base = posixpath.split(main)
            raise book.error(
                "xlsx-missing-part",
                f"sheet {name!r} refers to relationship {rid!r}, which "
                f"{posixpath.join(folder, '_rels', base + '.rels')} does not have: the file is damaged",
            )
        typ, part = rels[rid]
        hidden = elem.get("state", "visible") != "visible"
        sheets.append(_SheetRef(name, part, typ[typ.rfind("/") :], hidden))
    shared = next((p for typ, p in rels.values() if typ.endswith(REL_SHARED)), None)
    return sheets, shared


def _choose(book: _Workbook, sheets: list[_SheetRef], wanted: str | None) -> _SheetRef:
    names = ", ".join(repr(s.name) for s in sheets) or "none"
    if wanted is None:
        chosen = next((s for s in sheets if s.kind == REL_WORKSHEET and not s.hidden), None)
        if chosen is None:
            raise book.error("xlsx-sheet", f"the workbook has no visible worksheet (sheets: {names})")
        return chosen
    exact = [s for s in sheets if s.name == wanted]
    folded = [s for s in sheets if s.name.casefold() == wanted.strip().casefold()]
    if exact or len(folded) == 1:
        chosen = (exact or folded)[0]
    elif _DIGITS.fullmatch(wanted.strip()) and 1 <= int(wanted) <= len(sheets):
        chosen = sheets[int(wanted) - 1]
    else:
        raise book.error(
            "xlsx-sheet", f"no sheet {wanted!r}; the workbook has {names} (or give 1-{len(sheets)})"
        )
    if chosen.kind != REL_WORKSHEET:
        raise book.error("xlsx-sheet", f"sheet {chosen.name!r} is not a worksheet (a chart or macro sheet)")
    return chosen


def _shared_strings(book: _Workbook, part: str | None) -> list[str]:
    root = book.xml(part, required=False) if part else None
    if root is None:
        return []
    return [_rich_text(si) for si in root if _local(si.tag) == "si"]


def read_xlsx(data: bytes, source: str, sheet: str | None = None) -> XlsxTable:
    """Read one worksheet (the first visible one, or `sheet` by name or 1-based position) as text.

    Numbers keep their stored digits (never through float), booleans read TRUE/FALSE, error cells
    their text (#DIV/0!), formulas their cached value. Raises ActualsError naming file, row and
    Sheet!Cell; cell-level problems are collected before raising."""
    book = _Workbook(data, source)
    sheets, shared_part = _sheets(book)
    chosen = _choose(book, sheets, sheet)
    shared = _shared_strings(book, shared_part)
    content = book.read(chosen.part)
    assert content is not None
    reader = _SheetReader(book, chosen.name, shared)
    # a parser target instead of a tree: nothing but the rows' text is kept in memory
    parser = ET.XMLParser(target=reader)
    try:
        parser.feed(content)
        parser.close()
    except ET.ParseError as exc:
        raise book.error(
            "xlsx-xml", f"sheet {chosen.name!r} is not well-formed XML (line {exc.position[0]})"
        ) from None
    if reader.problems:
        raise ActualsError(reader.problems)
    return XlsxTable(sheet=chosen.name, rows=reader.rows)


class _SheetReader:
    """Parser target for a worksheet: rows of cell texts, with problems at their Sheet!Cell."""

    def __init__(self, book: _Workbook, sheet: str, shared: list[str]) -> None:
        self.book, self.sheet, self.shared = book, sheet, shared
        self.rows: list[tuple[int, list[str]]] = []
        self.problems: list[Problem] = []
        self.names: dict[str, str] = {}
        self.columns: dict[str, int] = {}  # column letters seen -> index
        self.row_no, self.col, self.cells_held = 0, -1, 0
        self.values: dict[int, str] = {}
        self.ref: str | None = None
        self.kind = "n"
        self.v: str | None = None
        self.f: str | None = None
        self.inline: list[str] | None = None  # the <t> texts of an inline string
        self.buf: list[str] | None = None  # text being collected
        self.phonetic = False

    def fail(self, code: str, message: str, line: int | None, ref: str | None) -> ActualsError:
        return self.book.error(code, message, line, f"{self.sheet}!{ref}" if ref else self.sheet)

    def note(self, code: str, message: str) -> None:
        where = self.ref or f"{column_letter(self.col)}{self.row_no}"
        self.problems.append(
            Problem(
                file=self.book.source,
                line=self.row_no,
                column=f"{self.sheet}!{where}",
                code=code,
                message=message,
            )
        )
        if len(self.problems) >= MAX_CELL_ERRORS:
            self.problems.append(
                Problem(file=self.book.source, code="xlsx-cell", message="too many errors; stopped")
            )
            raise ActualsError(self.problems)

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        name = self.names.get(tag) or self.names.setdefault(tag, _local(tag))
        if name == "c":
            self._start_cell(attrib)
        elif name in ("v", "f") or (name == "t" and self.inline is not None and not self.phonetic):
            self.buf = []
        elif name == "is":
            self.inline = []
        elif name == "rPh":
            self.phonetic = True  # a reading guide, not part of the value
        elif name == "row":
            self._start_row(attrib)

    def data(self, text: str) -> None:
        if self.buf is not None:
            self.buf.append(text)

    def end(self, tag: str) -> None:
        name = self.names.get(tag) or self.names.setdefault(tag, _local(tag))
        if self.buf is not None and name in ("v", "f", "t"):
            text = "".join(self.buf)
            self.buf = None
            if name == "v":
                self.v = text
            elif name == "f":
                self.f = text
            elif self.inline is not None:
                self.inline.append(text)
        elif name == "rPh":
            self.phonetic = False
        elif name == "c":
            value = self._cell_text()
            if value is not None:
                self.values[self.col] = value
        elif name == "row":
            self._end_row()

    def close(self) -> None:
        return None

    def _start_row(self, attrib: dict[str, str]) -> None:
        r = attrib.get("r")
        if r is None:
            self.row_no += 1
        elif _DIGITS.fullmatch(r) and 1 <= int(r) <= MAX_ROW:
            self.row_no = int(r)
        else:
            raise self.fail("xlsx-cell-ref", f"bad row number {r!r} (1-{MAX_ROW})", None, None)
        self.values, self.col = {}, -1

    def _end_row(self) -> None:
        values = self.values
        if not any(v.strip() for v in values.values()):
            return
        width = max(values) + 1
        self.cells_held += width
        if self.cells_held > MAX_CELLS:
            raise self.fail(
                "xlsx-too-large",
                f"more than {MAX_CELLS} cells: too large for an actuals sheet",
                self.row_no,
                None,
            )
        self.rows.append((self.row_no, [values.get(i, "") for i in range(width)]))

    def _start_cell(self, attrib: dict[str, str]) -> None:
        ref = attrib.get("r")
        if ref is None:
            self.col += 1
        else:
            letters = ref.rstrip("0123456789")
            col = self.columns.get(letters)  # letters seen before are valid; most cells take this path
            row = _ROW_PART.fullmatch(ref, len(letters))
            if col is None or row is None or int(row.group()) > MAX_ROW:
                m = _REF.fullmatch(ref)
                if m is None or _column_index(m.group(1)) >= MAX_COL or int(m.group(2)) > MAX_ROW:
                    raise self.fail(
                        "xlsx-cell-ref", f"bad cell reference {ref!r} (A1 to XFD{MAX_ROW})", self.row_no, ref
                    )
                col = self.columns[letters] = _column_index(letters)
            self.col = col
        self.ref, self.kind = ref, attrib.get("t", "n")
        self.v = self.f = self.inline = None

    def _cell_text(self) -> str | None:
        """The cell's value as text; None for a cell without one (only formatting)."""
        kind, raw = self.kind, self.v
        if kind == "inlineStr":
            return _unescape("".join(self.inline)) if self.inline is not None else None
        if raw is None or (not raw and kind != "str"):
            # openpyxl saves formulas as <f> with an empty <v/>: no result was ever computed
            if self.f is not None:
                self.note(
                    "xlsx-formula",
                    f"formula ={self.f.strip()} has no saved result: open and save the file in Excel, "
                    "or paste the values only",
                )
            return None
        if kind == "s":
            index = int(raw) if _DIGITS.fullmatch(raw.strip()) else -1
            if not 0 <= index < len(self.shared):
                self.note("xlsx-shared-string", f"shared string {raw!r} does not exist: the file is damaged")
                return None
            return self.shared[index]
        if kind == "b":
            if raw.strip() not in ("0", "1"):
                self.note("xlsx-cell", f"a boolean cell holds {raw!r}")
                return None
            return "TRUE" if raw.strip() == "1" else "FALSE"
        if kind in ("e", "str"):
            return _unescape(raw)  # errors (#DIV/0!) go on as text so the actuals reader reports them
        if kind == "d":
            return raw.strip().split("T")[0]  # an ISO date: the year check will call it a date
        number = _number_text(raw)
        if number is None:
            self.note("xlsx-cell", f"a number cell holds {raw!r}, which is not a number")
        return number
