"""The Word briefing (.docx, python-docx): A4, title and date line, the summary, a table per plan
(or unit) with status cells shaded as in the HTML, CJK fonts named for Word and WPS, page numbers.

python-docx is imported here only, so no other command pays for it. Charts stay in the HTML page:
drawing them without a browser would need a plotting library (matplotlib) and its CJK font set-up,
a large dependency for a picture the HTML already gives."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING, Any

from targets.report.brief.labels import NUMERIC_COLUMNS, STATUS_COLOURS, WORDS
from targets.report.brief.model import Briefing, Part, Section
from targets.report.brief.text import ended_line, hidden_line, notes
from targets.report.render import width
from targets.safe import xml_text

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import _Cell

# (Latin, East Asian) fonts: Word and WPS read the East Asian name from w:eastAsia.
BODY = ("Times New Roman", "仿宋")
SERIF = ("Times New Roman", "宋体")
HEADING = ("Arial", "黑体")
TEXT_WIDTH_MM = 170  # A4 portrait, 20 mm margins
GREY = "595959"
WITH_YEAR = frozenset({"baseline", "target", "actual"})
# Widest line (in half-em units) a column gets before it wraps: 11 columns must fit 170 mm.
CAPS = {"baseline": 8, "target": 8, "actual": 8, "status": 8, "required": 10, "deadline": 8}
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entry times: the same briefing gives the same bytes


def _clean(text: str) -> str:
    """Text XML can carry (python-docx escapes markup itself; controls would break the file)."""
    return xml_text(text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _fonts(rpr: Any, fonts: tuple[str, str]) -> None:
    from docx.oxml.ns import qn

    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        from docx.oxml import OxmlElement

        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    latin, east = fonts
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), latin)
    rfonts.set(qn("w:eastAsia"), east)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)


def _style(
    doc: Document, name: str, fonts: tuple[str, str] | None, size: float | None, bold: bool = False, **kw: Any
) -> Any:
    """Set up (or add) a style: run formatting lives in styles, so the document's XML stays short."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    styles: Any = doc.styles
    if name in [st.name for st in styles]:
        style = styles[name]
    else:
        kind = WD_STYLE_TYPE.CHARACTER if kw.get("character") else WD_STYLE_TYPE.PARAGRAPH
        style = styles.add_style(name, kind)
        if kw.get("base"):
            style.base_style = styles[kw["base"]]
    if size:
        style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor.from_string(kw.get("colour", "1A1A1A"))
    if fonts:
        _fonts(style.element.get_or_add_rPr(), fonts)
    return style


def _table_styles(doc: Document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    for name, size in (("Table Text", 9), ("Table Small", 8)):
        style = _style(doc, name, SERIF, size, base="Normal")
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing = 1.0
        number = _style(doc, name + " Number", None, None, base=name)
        number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _style(doc, "Year", None, None, character=True, colour=GREY)
    _style(doc, "Column Header", None, None, bold=True, character=True)
    for slug, (ink, _) in STATUS_COLOURS.items():
        _style(doc, f"Status {slug}", None, None, bold=True, character=True, colour=ink)


def _setup(doc: Document, briefing: Briefing) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(25), Mm(20)
    _style(doc, "Normal", BODY, 12)
    doc.styles["Normal"].paragraph_format.space_after = Pt(3)
    _style(doc, "Title", SERIF, 18, bold=True)
    _style(doc, "Heading 1", HEADING, 14, bold=True)
    _style(doc, "Heading 2", HEADING, 12, bold=True)
    _style(doc, "Small", None, 9, base="Normal")
    _style(doc, "Meta", None, 10.5, base="Normal", colour=GREY)
    _table_styles(doc)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = briefing.title, "targets", "targets"
    props.language = "zh-CN" if briefing.lang == "zh" else "en"
    _page_numbers(doc, briefing.lang)


def _field(paragraph: Any, instruction: str) -> None:
    """A field Word and WPS both update: begin, instruction, separate, placeholder, end."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> Any:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    run = paragraph.add_run()
    run._r.append(char("begin"))
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    paragraph.add_run()._r.append(char("separate"))
    paragraph.add_run("1")
    paragraph.add_run()._r.append(char("end"))


def _page_numbers(doc: Document, lang: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    footer = doc.sections[0].footer
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, after = ("第", "页") if lang == "zh" else ("Page ", "")
    paragraph.add_run(before)
    _field(paragraph, "PAGE")
    if after:
        paragraph.add_run(after)


def _para(doc: Document, text: str, style: str | None = None, center: bool = False) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = doc.add_paragraph(_clean(text), style=style)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _shade(cell: _Cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _write_cell(cell: _Cell, column: str, text: str, ids: dict[str, str], status: str | None = None) -> None:
    """One cell; styles are set by id (python-docx's lookup by name scans every style each time)."""
    paragraph = cell.paragraphs[0]
    paragraph._p.style = ids["number" if column in NUMERIC_COLUMNS else "text"]
    value, sep, year = text.rpartition(" (")
    if column in WITH_YEAR and sep and text.endswith(")"):
        # the year under the value, as in the HTML: narrow number columns on A4 portrait
        paragraph.add_run(_clean(value)).add_break()
        paragraph.add_run(_clean(f"({year}"))._r.style = ids["Year"]
        return
    if status is not None:
        _shade(cell, STATUS_COLOURS[status][1])
    char = f"Status {status}" if status else "Column Header" if column == "header" else None
    run = paragraph.add_run(_clean(text))
    if char:
        run._r.style = ids[char]


def _style_ids(doc: Document, base: str) -> dict[str, str]:
    styles: Any = doc.styles
    names = ["Year", "Column Header", *(f"Status {slug}" for slug in STATUS_COLOURS)]
    ids = {name: styles[name].style_id for name in names}
    ids["text"], ids["number"] = styles[base].style_id, styles[base + " Number"].style_id
    return ids


def _break() -> Any:
    from docx.oxml import OxmlElement

    run = OxmlElement("w:r")
    run.append(OxmlElement("w:br"))
    return run


def _widths(briefing: Briefing, part: Part, size: float) -> list[float]:
    """Column widths in mm. Number and short columns get what their widest line needs (a value
    and its year on two lines; headers may wrap after four characters); the name and the
    supporting units share the rest, in proportion to their text."""
    per_unit = size * 0.353 / 2 * 1.12  # half an em (one Latin character) in mm, with some air
    flexible = {"name", "support"}
    need = []
    for i, column in enumerate(briefing.columns):
        longest = min(width(briefing.headers[i]), 8)
        for row in part.rows:
            value, sep, year = row.cells[i].rpartition(" (")
            lines = [value, "(" + year] if sep and column in WITH_YEAR else [row.cells[i]]
            longest = max(longest, *(width(line) for line in lines))
        need.append(min(longest, CAPS.get(column, 99)) * per_unit + 2.2)  # + the cell's margins
    fixed = sum(w for c, w in zip(briefing.columns, need, strict=True) if c not in flexible)
    wanted = sum(w for c, w in zip(briefing.columns, need, strict=True) if c in flexible)
    room = TEXT_WIDTH_MM - fixed
    if room < 20 * len(flexible & set(briefing.columns)):  # too wide: shrink everything alike
        scale = TEXT_WIDTH_MM / sum(need)
        return [w * scale for w in need]
    return [
        min(w, room * w / wanted) if c in flexible else w for c, w in zip(briefing.columns, need, strict=True)
    ]


def _table(doc: Document, briefing: Briefing, part: Part) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    small = len(briefing.columns) > 10
    ids = _style_ids(doc, "Table Small" if small else "Table Text")
    table = doc.add_table(rows=1, cols=len(briefing.columns))
    table.style = "Table Grid"
    table.autofit = False
    # Word reads the cells' widths, WPS and LibreOffice the grid's: set both (add_row copies the
    # grid's width into each new cell).
    widths = [Mm(mm) for mm in _widths(briefing, part, 8 if small else 9)]
    for grid_col, w in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_col.w = w
    header = table.rows[0]
    trpr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row again on every page
    repeat.set(qn("w:val"), "true")
    trpr.append(repeat)
    for i, text in enumerate(briefing.headers):
        cell = header.cells[i]
        cell.width = widths[i]
        _write_cell(cell, "header", text, ids)
        _shade(cell, "EEEEEE")
    for row in part.rows:
        added = table.add_row()
        added._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row never breaks across pages
        cells = added.cells
        for i, (column, text) in enumerate(zip(briefing.columns, row.cells, strict=True)):
            status = row.status.value if column == "status" else None
            _write_cell(cells[i], column, text, ids, status)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "57")  # 1 mm instead of Word's 1.9 mm: more room for the numbers
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    table._tbl.tblPr.append(margins)


def _section(doc: Document, briefing: Briefing, s: Section) -> None:
    lang, words = briefing.lang, WORDS[briefing.lang]
    if s.line is not None:
        head, _, rest = ended_line(s, lang).partition(s.title)
        paragraph = doc.add_paragraph()
        paragraph.add_run(_clean(head + s.title)).bold = True
        paragraph.add_run(_clean(rest))
        return
    doc.add_paragraph(_clean(s.number + s.title), style="Heading 1")
    _para(doc, s.meta, "Meta")
    for sentence in s.summary:
        _para(doc, sentence)
    for part in s.parts:
        doc.add_paragraph(_clean(part.heading or words["table"]), style="Heading 2")
        if part.rows:
            _table(doc, briefing, part)
        if part.cumulative:
            _para(doc, words["bracket"], "Small")
        hidden = hidden_line(part, lang)
        if hidden:
            _para(doc, hidden, "Small")
    found = notes(s.rows, lang)
    if found:
        doc.add_paragraph(_clean(words["notes"]), style="Heading 2")
        for note in found:
            _para(doc, note, "Small")


def render_docx(briefing: Briefing) -> bytes:
    """The briefing as a .docx file; the same briefing always gives the same bytes."""
    from docx import Document as new_document

    doc = new_document()
    _setup(doc, briefing)
    _para(doc, briefing.title, "Title", center=True)
    if briefing.date:
        _para(doc, briefing.date, center=True)
    _para(doc, briefing.overall)
    for s in briefing.sections:
        _section(doc, briefing, s)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _fixed_times(buffer.getvalue())


def _fixed_times(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
