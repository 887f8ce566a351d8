"""Where the tables of a plan's text are, in every layout exports print them: one cell per line
(indented by a tab, or not: a header of known roles, then rows of as many lines), or one row per
line (cells split by tabs, by `|`, or by runs of spaces). What the tables say is read by tables.py."""

from __future__ import annotations

import re

from targets.extract.numerals import normalize
from targets.extract.tables import MISSING, YEAR_HEAD, Cell, Table, cell_value, roles_of

_CAPTION = re.compile(r"(?:附)?表\s*\d+(?:\s*[-—.]\s*\d+)?")
_NOTE = re.compile(r"^\s*(?:备注|注|说明)\s*[:：]?")


def find_tables(lines: list[str]) -> list[Table]:
    tables: list[Table] = []
    n = 0
    while n < len(lines):
        if lines[n].startswith("\t") and "\t" not in lines[n][1:].rstrip():
            start = n
            rows: list[list[Cell]] = [[]]
            while n < len(lines) and (_cell_line(lines[n]) or not lines[n].strip()):
                if _cell_line(lines[n]):
                    rows[-1].append(Cell(n + 1, lines[n]))
                elif rows[-1]:
                    rows.append([])
                n += 1
            rows = [r for r in rows if r]
            tables.append(_table(lines, start, n, rows))
        elif _cells(lines[n]) is not None:
            start = n
            rows = []
            while n < len(lines) and (_cells(lines[n]) is not None or _RULE_ROW.match(lines[n])):
                cells = _cells(lines[n])
                if cells is not None:
                    rows.append([Cell(n + 1, c) for c in cells])
                n += 1
            tables.append(_table(lines, start, n, rows))
        elif (found := _spaced(lines, n)) is not None or (found := _stacked(lines, n)) is not None:
            rows, end = found
            tables.append(_table(lines, n, end, rows))
            n = end
        else:
            n += 1
    return tables


def _cell_line(line: str) -> bool:
    return line.startswith("\t") and "\t" not in line[1:].rstrip()


_PIPE = re.compile(r"\s*[|｜]\s*")
_RULE_ROW = re.compile(r"^\s*[|｜]?\s*:?-{3,}:?\s*(?:[|｜]\s*:?-{3,}:?\s*)*[|｜]?\s*$")


def _cells(line: str) -> list[str] | None:
    """The cells of a one-row-per-line table row: 3+ cells split by tabs or by |."""
    text = line.rstrip()
    if text.count("\t") >= 2:
        return text.split("\t")
    if len(_PIPE.findall(text)) >= 2 and not _RULE_ROW.match(text):
        return _PIPE.split(text.strip().strip("|｜").strip())
    return None


_SPACES = re.compile(r"(?:\s{2,}|\u3000+)")


def _spaced(lines: list[str], n: int) -> tuple[list[list[Cell]], int] | None:
    """A table whose cells are separated by runs of spaces (as PDF exports print them): a header
    row naming an indicator column and a year or target column, then rows of as many cells."""
    cells = _SPACES.split(lines[n].strip())
    if len(cells) < 3 or any(len(c) > 16 for c in cells):
        return None
    header = [Cell(n + 1, c) for c in cells]
    roles = roles_of(header)
    if not ("name" in roles and ({"year", "target"} & set(roles))) and "content" not in roles:
        return None
    rows = [header]
    m = n + 1
    while m < len(lines):
        row = _SPACES.split(lines[m].strip())
        if len(row) != len(header) or lines[m].rstrip().endswith("。"):
            break
        rows.append([Cell(m + 1, c) for c in row])
        m += 1
    return (rows, m) if len(rows) > 1 else None


_SEQ = re.compile(r"\(?[\d一二三四五六七八九十]+[).、]?")
_STACKED_CELL = 40  # a cell of a table flattened one cell per line is a short line


def _stacked(lines: list[str], n: int) -> tuple[list[list[Cell]], int] | None:
    """A table flattened to one cell per line without indentation (as .docx and PDF exports
    reach plain text): a run of 3+ header cells whose roles are known (序号, 指标, 单位, 2025年,
    属性, 牵头单位, 完成时限…), then rows of as many lines, each checked against its column."""
    header: list[Cell] = []
    m = n
    while m < len(lines) and _header_cell(lines[m]):
        header.append(Cell(m + 1, lines[m].strip()))
        m += 1
    roles = roles_of(header) if len(header) >= 3 else {}
    if not ("name" in roles and ({"year", "target"} & set(roles))) and "content" not in roles:
        return None
    k = len(header)
    rows = [header]
    while m + k - 1 <= len(lines):
        row = [Cell(i + 1, lines[i].strip()) for i in range(m, min(m + k, len(lines)))]
        if roles.get("category") == [0] and not _row_fits(row, roles):
            # a category cell merged over several rows is printed once: the row lacks it
            short = [Cell(m + 1, ""), *row[: k - 1]]
            if _row_fits(short, roles, blank_ok=0):
                rows.append(short)
                m += k - 1
                continue
        if len(row) < k or not _row_fits(row, roles):
            break
        rows.append(row)
        m += k
    return (rows, m) if len(rows) > 1 else None


def _header_cell(line: str) -> bool:
    text = re.sub(r"\s+", "", normalize(line).text)
    if not text or len(text) > 12 or re.search(r"[。,;:]", text):
        return False
    return bool(roles_of([Cell(0, text)])) or bool(YEAR_HEAD.fullmatch(text))


def _row_fits(row: list[Cell], roles: dict[str, list[int]], blank_ok: int = -1) -> bool:
    from targets.extract.segment import heading_of

    for i, cell in enumerate(row):
        text = cell.text
        if i == blank_ok and not text:
            continue
        role = next((r for r, cols in roles.items() if i in cols), None)
        if not text or len(text) > _STACKED_CELL * 2 or text.endswith(("。", "；")):
            return False
        if role != "seq" and heading_of(cell.raw, cell.line) is not None:
            return False
        if role == "seq" and not _SEQ.fullmatch(normalize(text).text):
            return False
        if role in ("year", "base", "target") and text not in MISSING and cell_value(text) is None:
            return False
        if role == "deadline" and not re.search(r"\d{4}|年|月|长期|持续", text):
            return False
        if role in ("unit", "attribute", "lead") and len(text) > 20:
            return False
    return True


def _table(lines: list[str], start: int, end: int, rows: list[list[Cell]]) -> Table:
    caption = None
    for back in range(start - 1, max(-1, start - 4), -1):
        m = _CAPTION.search(normalize(lines[back]).text)
        if m:
            caption = re.sub(r"\s+", "", m.group(0))
            break
    notes = []
    for after in range(end, min(len(lines), end + 4)):
        if _NOTE.match(lines[after]):
            notes.append(lines[after])
    return Table(caption, rows, " ".join(notes), set(range(start + 1, end + 1)))
