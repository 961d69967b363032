"""The streaming writers of the published data: one per format (CSV, JSON, XLSX).

Each writer turns rows (lists in column order) into bytes in three steps, `head()`,
`rows(batch)` for each batch of a few hundred rows, and `tail()`, so one pass over a query can
feed a response (`stream`) or several files at once (the bulk build). How a value reads as text
is the caller's choice of cell functions, one per column; the writers only frame the file.
Memory stays flat: nothing is kept between batches.
"""

import codecs
import csv
import datetime
import io
import json
import re
import zipfile
from itertools import batched
from xml.sax.saxutils import escape as xml_escape

ROWS_PER_CHUNK = 500  # rows per chunk of a response: fewer, larger writes to the socket


def stream(writer, records, size=ROWS_PER_CHUNK):
    """The writer's bytes for every record, a batch of `size` rows at a time."""
    yield writer.head()
    for batch in batched(records, size):
        yield writer.rows(batch)
    yield writer.tail()


class CsvWriter:
    """RFC 4180 CSV in UTF-8. `cells` turn values into text: one function for every value, or
    a list of one function per column."""

    def __init__(self, header, cells, *, bom=False, lineterminator="\r\n"):
        self.header = header
        self.cells = cells
        self.bom = bom
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator=lineterminator)

    def _take(self):
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text.encode()

    def head(self):
        self.writer.writerow(self.header)
        return (codecs.BOM_UTF8 if self.bom else b"") + self._take()

    def rows(self, batch):
        cells = self.cells
        if callable(cells):
            self.writer.writerows([cells(value) for value in row] for row in batch)
        else:
            self.writer.writerows(
                [cell(value) for cell, value in zip(cells, row, strict=True)] for row in batch
            )
        return self._take()

    def tail(self):
        return b""


class JsonWriter:
    """A JSON array of objects (one per row, keyed by the header) inside a document: `prefix`
    opens it, `suffix` closes it; `first` goes before the first object, `separator` between
    the others. `default` turns what JSON has no type for (dates) into JSON."""

    def __init__(self, header, *, prefix="[", suffix="]", first="", separator=", ", default=None):
        self.header = header
        self.prefix, self.suffix, self.first, self.separator = prefix, suffix, first, separator
        self.encode = json.JSONEncoder(ensure_ascii=False, default=default).encode
        self.started = False

    def head(self):
        return self.prefix.encode()

    def rows(self, batch):
        header, encode = self.header, self.encode
        text = self.separator.join(encode(dict(zip(header, row, strict=True))) for row in batch)
        lead = self.separator if self.started else self.first
        self.started = True
        return (lead + text).encode()

    def tail(self):
        return self.suffix.encode()


# XLSX: SpreadsheetML written by hand into a zip that streams as it is built. openpyxl's
# write-only mode was tried first: it serialises each cell through an XML tree API at about
# 2 ms a row here, so a full export of the 10x demo data (63,000 rows) took 3 minutes, longer
# than a web worker may take; this writer is as fast as the CSV one and truly streams.

XLSX_MAX_CELL = 32767  # Excel's limit on the characters of a cell
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _each_sheet(sheets, part):
    """`part` (a str.format template of `{number}`) for each sheet, numbered from 1."""
    return "".join(part.format(number=number) for number in range(1, sheets + 1))


def _content_types(sheets):
    overrides = _each_sheet(
        sheets,
        '<Override PartName="/xl/worksheets/sheet{number}.xml" '
        f'ContentType="{_TYPE}.worksheet+xml"/>',
    )
    return (
        f"{_XML}"
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
        f"{overrides}"
        f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/>'
        "</Types>"
    )


def _workbook(names, filter_range):
    """The workbook part; `filter_range` (A1:C9) the first sheet's autofilter, which Excel
    also wants as the hidden name _FilterDatabase."""
    sheets = "".join(
        f'<sheet name="{xml_escape(name)}" sheetId="{number}" r:id="rId{number}"/>'
        for number, name in enumerate(names, start=1)
    )
    quoted = names[0].replace("'", "''")
    start, end = (
        "${}${}".format(*_split_reference(reference)) for reference in filter_range.split(":")
    )
    defined = xml_escape(f"'{quoted}'!{start}:{end}")
    return (
        f'{_XML}<workbook xmlns="{_SPREADSHEET}" xmlns:r="{_OFFICE}">'
        f"<sheets>{sheets}</sheets><definedNames>"
        '<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
        f"{defined}</definedName></definedNames>"
        "</workbook>"
    )


def _split_reference(reference):
    letters = reference.rstrip("0123456789")
    return letters, reference[len(letters) :]


def _workbook_relationships(sheets):
    worksheets = _each_sheet(
        sheets,
        f'<Relationship Id="rId{{number}}" Type="{_OFFICE}/worksheet" '
        'Target="worksheets/sheet{number}.xml"/>',
    )
    return (
        f'{_XML}<Relationships xmlns="{_RELATIONSHIPS}">{worksheets}'
        f'<Relationship Id="rId{sheets + 1}" Type="{_OFFICE}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )


_PACKAGE_RELATIONSHIPS = (
    f'{_XML}<Relationships xmlns="{_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{_OFFICE}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)

# Style 0: general; 1: the date format yyyy-mm-dd (number format 164); 2: bold (the header).
_STYLES = (
    f'{_XML}<styleSheet xmlns="{_SPREADSHEET}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
    "</borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    "</cellStyleXfs>"
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" '
    'applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    "</cellStyles></styleSheet>"
)
BOLD = 2  # the style of a header cell

# Column widths, in characters, from what a column holds (never from its cells: measuring them
# would keep the whole sheet in memory): at least the header's name, at most WIDTH_CAP.
KIND_WIDTHS = {"boolean": 8, "integer": 10, "number": 10, "date": 12, "datetime": 20}
TEXT_WIDTH = 30
WIDTH_CAP = 60


def column_width(name, kind=None):
    """The width of a column called `name` holding values of `kind` (a Table Schema type or
    the dictionary's kind: text, code, integer…; None: text)."""
    return min(max(len(str(name)) + 2, KIND_WIDTHS.get(kind, TEXT_WIDTH)), WIDTH_CAP)


# Characters XML 1.0 does not allow (Excel refuses the file when it meets one).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def _worksheet(widths, views=""):
    """A worksheet's opening up to its rows: its `views` (a frozen header), then the width of
    each column, in characters."""
    columns = "".join(
        f'<col min="{number}" max="{number}" width="{width}" customWidth="1"/>'
        for number, width in enumerate(widths, start=1)
    )
    return f'{_XML}<worksheet xmlns="{_SPREADSHEET}">{views}<cols>{columns}</cols><sheetData>'


# The data sheet's header row stays in view while its rows scroll.
_FROZEN_HEADER = (
    '<sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
    "</sheetView></sheetViews>"
)


def column_letter(index):
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _xlsx_cell(letter, number, value, style=0):
    """One cell; `style` an index of the cellXfs (0: general, BOLD), a date's is always 1."""
    if value is None or value == "":
        return ""  # an empty cell
    reference = f'r="{letter}{number}"' + (f' s="{style}"' if style else "")
    if value is True or value is False:
        return f'<c {reference} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f"<c {reference}><v>{value}</v></c>"
    if isinstance(value, datetime.date):
        serial = (value - EXCEL_EPOCH).days
        return f'<c r="{letter}{number}" s="1"><v>{serial}</v></c>'
    text = XML_ILLEGAL.sub("", str(value))
    if len(text) > XLSX_MAX_CELL:
        text = text[: XLSX_MAX_CELL - 1] + "…"
    return (
        f'<c {reference} t="inlineStr"><is><t xml:space="preserve">{xml_escape(text)}</t></is></c>'
    )


class _Pipe(io.RawIOBase):
    """A write-only, unseekable file whose bytes the generator takes as they come."""

    def __init__(self):
        self.chunks = []

    def writable(self):
        return True

    def write(self, data):
        self.chunks.append(bytes(data))
        return len(data)

    def take(self):
        data = b"".join(self.chunks)
        self.chunks = []
        return data


class XlsxWriter:
    """The rows on one sheet, header row first: bold, frozen (it stays in view while the rows
    scroll), with an autofilter over every row and column widths from `kinds` (one type per
    column, see column_width). Booleans, integers and dates (date cells) typed, None and ""
    an empty cell, every other value an inline string (never a formula, whatever it starts
    with). `about`: (label, text) lines for a second sheet named `about_name` (where the data
    came from), inline strings too."""

    def __init__(self, header, sheet_name, *, kinds=None, about=(), about_name="About"):
        self.header = header
        self.sheet_name = sheet_name
        self.letters = [column_letter(index) for index in range(len(header))]
        self.widths = [
            column_width(name, kind)
            for name, kind in zip(header, kinds or [None] * len(header), strict=True)
        ]
        self.about = list(about)
        self.about_name = about_name
        self.number = 0

    def _row(self, values, style=0):
        self.number += 1
        number = self.number
        cells = "".join(
            _xlsx_cell(letter, number, value, style)
            for letter, value in zip(self.letters, values, strict=True)
        )
        return f'<row r="{number}">{cells}</row>'

    @property
    def _sheet_names(self):
        return [self.sheet_name, self.about_name] if self.about else [self.sheet_name]

    def _about_sheet(self):
        rows = "".join(
            f'<row r="{number}">{_xlsx_cell("A", number, label, BOLD)}'
            f"{_xlsx_cell('B', number, text)}</row>"
            for number, (label, text) in enumerate(self.about, start=1)
        )
        return f"{_worksheet([TEXT_WIDTH, WIDTH_CAP * 2])}{rows}</sheetData></worksheet>"

    def head(self):
        self.pipe = _Pipe()
        # Fastest deflate level: the sheet is repetitive XML, it still shrinks about 6 times.
        self.archive = zipfile.ZipFile(self.pipe, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        sheets = len(self._sheet_names)
        self.archive.writestr("[Content_Types].xml", _content_types(sheets))
        self.archive.writestr("_rels/.rels", _PACKAGE_RELATIONSHIPS)
        self.archive.writestr("xl/_rels/workbook.xml.rels", _workbook_relationships(sheets))
        self.archive.writestr("xl/styles.xml", _STYLES)
        if self.about:
            self.archive.writestr("xl/worksheets/sheet2.xml", self._about_sheet())
        self.sheet = self.archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        self.sheet.write(
            (_worksheet(self.widths, _FROZEN_HEADER) + self._row(self.header, BOLD)).encode()
        )
        return self.pipe.take()

    def rows(self, batch):
        self.sheet.write("".join([self._row(row) for row in batch]).encode())
        return self.pipe.take()

    def tail(self):
        # The autofilter follows the rows (the schema's order) and needs their count: known now.
        last = f"{self.letters[-1]}{self.number}"
        self.sheet.write(f'</sheetData><autoFilter ref="A1:{last}"/></worksheet>'.encode())
        self.sheet.close()
        self.archive.writestr("xl/workbook.xml", _workbook(self._sheet_names, f"A1:{last}"))
        self.archive.close()
        return self.pipe.take()
