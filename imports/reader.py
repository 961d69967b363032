"""Reading a spreadsheet: CSV or XLSX bytes → rows of text (docs/imports.md, "Files").

The bottom of the import: it knows files, encodings and limits, not OGP's sheets. The caller
passes the columns of each kind of sheet it accepts (`Column`s); `read_spreadsheet()` returns a
`Sheet` of the kind whose column names the header matches best, or raises `SpreadsheetError`
when the file as a whole cannot be used (not a spreadsheet, an unknown encoding, missing
columns, no rows, too many rows). Checking the cells of a row is the sheets' work
(imports.base.check_cells).
"""

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ogp import translated
from ogp.security import unguard_formula

MAX_ROWS = 50_000
MAX_CELL = 32_767  # Excel's own limit on the characters in a cell.
MAX_FILE_BYTES = 128 * 1024 * 1024
MAX_UNPACKED_BYTES = 4 * MAX_FILE_BYTES  # what an XLSX (a zip) may unpack to
MAX_COLUMNS = 200  # columns of an XLSX sheet read (a sheet may declare 16,384)
DELIMITERS = [",", ";", "\t", "|"]


class SpreadsheetError(Exception):
    """The file as a whole cannot be imported (the message says why, for staff)."""


@dataclass(frozen=True)
class Column:
    """A column of a kind of sheet: its key, its header in the file, and its limits."""

    key: str
    header: str
    required: bool = False
    max_length: int = MAX_CELL


def in_languages(column):
    """A column of translatable text and its optional translations (ogp.translated): "Commitment
    Title", then "Commitment Title (ES)" and "Commitment Title (FR)", keys title_es, title_fr."""
    return [
        column,
        *(
            replace(
                column,
                key=translated.column_name(column.key, language),
                header=f"{column.header} ({language.upper()})",
                required=False,
            )
            for language in translated.OTHER_LANGUAGES
        ),
    ]


def normalise(text):
    """Case-, space- and apostrophe-insensitive form used to match names and labels."""
    return " ".join(str(text).replace("’", "'").replace("_", " ").split()).casefold()


@dataclass
class Sheet:
    """The rows of a spreadsheet as text, keyed by column key (absent columns left out)."""

    filename: str
    columns: list  # keys of the recognised columns present in the file, in the kind's order
    rows: list  # (row number as the spreadsheet shows it, {key: text}); or an iterator of them
    ignored: list = field(default_factory=list)  # headers that are not the kind's columns
    kind: str = ""  # the key of the kind of sheet (read_spreadsheet's `kinds`)


def read_spreadsheet(source, filename, kinds, titles=None, stream_rows=False):
    """Read CSV or XLSX bytes, or a binary file. Raises SpreadsheetError when it cannot be used.

    `kinds` maps a kind of sheet to its columns, `titles` a kind to what it is called in a
    message ("OGP's commitment spreadsheet"); the kind whose column names the header matches
    best is the file's kind (the first listed wins a tie). A file is read as a
    stream (a CSV's text is decoded as its rows are read), so its text is never all in memory
    at once; no more than MAX_ROWS + 1 rows (the header, blank rows too) are ever read.

    With `stream_rows`, the sheet's rows are an iterator that reads them from the file as it
    goes (the caller keeps the file open), so that they are never all in memory either; a file
    with too many rows, or with none, then raises SpreadsheetError from that iteration.
    """
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    if not size:
        raise SpreadsheetError(_("The file is empty."))
    if size > MAX_FILE_BYTES:
        raise SpreadsheetError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // 2**20}
        )
    head = stream.read(8192)
    stream.seek(0)
    if head.startswith(b"PK\x03\x04"):
        records = _xlsx_records(stream)
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError(
            _("This is an old Excel (.xls) file: save it as .xlsx or CSV (UTF-8) and try again.")
        )
    else:
        records = _csv_records(stream, _encoding(stream, head), kinds)
    rows = _sheet(records, filename, kinds, titles or {})
    sheet = next(rows)
    sheet.rows = rows if stream_rows else list(rows)
    return sheet


# Characters a cell may not hold: C0 controls but tab and line feed (a carriage return becomes
# a line feed), DEL, C1 controls, and lone surrogates (which no database can store).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Characters that Windows-1252 decodes but Western text does not use: bytes of Shift-JIS, GBK,
# EUC and other double-byte encodings read as Windows-1252 give them (‚ for hiragana, ¤ …).
NOT_WESTERN = re.compile(r"[‚ƒ†‡ˆ‰‹›˜¤¦¨¬\xad¯¸]|[^\x00-\x7f]{4}")
ENCODING_HELP = gettext_lazy(
    "Accepted: UTF-8 (with or without BOM), UTF-16 with a byte order mark, and Windows-1252 "
    "(Western European) text. Save it as “CSV UTF-8” and upload it again."
)


def _encoding(stream, head):
    """The one encoding the CSV's text decodes in without doubt."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise SpreadsheetError(
            _("The file is in UTF-32, which is not accepted. %(help)s") % {"help": ENCODING_HELP}
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        if not _decodes(stream, "utf-16"):
            raise SpreadsheetError(
                _("The file claims to be UTF-16 but is not: it does not decode. %(help)s")
                % {"help": ENCODING_HELP}
            )
        encoding = "utf-16"
    elif b"\x00" in head:
        raise SpreadsheetError(
            _("This is not a spreadsheet: it holds binary data. Upload a CSV or XLSX file.")
        )
    elif _decodes(stream, "utf-8"):
        encoding = "utf-8-sig"
    elif _decodes(stream, "cp1252", refuse=NOT_WESTERN):
        encoding = "cp1252"
    else:
        raise SpreadsheetError(
            _(
                "The file's text is not UTF-8, and read as Windows-1252 it is not Western "
                "European text (it may be Shift-JIS, GBK or another encoding). %(help)s"
            )
            % {"help": ENCODING_HELP}
        )
    return encoding


def _decodes(stream, encoding, refuse=None):
    """Whether the whole stream decodes cleanly (and yields nothing `refuse` matches).

    Reads the stream a megabyte at a time and keeps none of the text.
    """
    decoder = codecs.getincrementaldecoder(encoding)()
    tail = ""
    try:
        while True:
            chunk = stream.read(2**20)
            text = decoder.decode(chunk, final=not chunk)
            if refuse is not None and refuse.search(tail + text):
                return False
            tail = text[-3:]
            if not chunk:
                return True
    except UnicodeDecodeError:
        return False
    finally:
        stream.seek(0)


def _csv_records(stream, encoding, kinds):
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        yield from _csv_rows(text, kinds)
    finally:
        text.detach()  # the caller's file stays open


def _csv_rows(text, kinds):
    first_line = text.readline(2**20)
    text.seek(0)
    known = {normalise(column.header) for columns in kinds.values() for column in columns}

    def score(delimiter):
        cells = first_line.split(delimiter)
        return (sum(normalise(cell.strip('"')) in known for cell in cells), len(cells))

    delimiter = max(DELIMITERS, key=score)
    csv.field_size_limit(max(csv.field_size_limit(), 16 * MAX_CELL))
    reader = csv.reader(text, delimiter=delimiter)
    try:
        for cells in reader:
            # Drop the ' that our CSV exports put before a text starting like a formula.
            yield [unguard_formula(cell) for cell in cells]
    except csv.Error as error:
        raise SpreadsheetError(
            _("The CSV file is malformed near line %(line)s: %(error)s.")
            % {"line": reader.line_num, "error": error}
        ) from None


def _xlsx_records(stream):
    import openpyxl

    damaged = _(
        "This is not a spreadsheet OpenPyXL can read: the workbook is damaged or is not one "
        "(%(error)s). Open it in Excel and save it again, or save it as CSV UTF-8."
    )
    try:
        with zipfile.ZipFile(stream) as archive:
            # openpyxl reads the shared strings whole: bound what the archive unpacks to.
            unpacked = sum(info.file_size for info in archive.infolist())
        stream.seek(0)
        if unpacked > MAX_UNPACKED_BYTES:
            raise SpreadsheetError(
                _(
                    "The workbook unpacks to more than %(size)s MB: "
                    "save it as CSV UTF-8, or split it."
                )
                % {"size": MAX_UNPACKED_BYTES // 2**20}
            )
        # Formulas are refused, not evaluated: a cached value may be missing or stale.
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=False)
    except SpreadsheetError:
        raise
    except Exception as error:  # openpyxl raises whatever its parsers do on a broken file
        raise SpreadsheetError(damaged % {"error": type(error).__name__}) from None
    try:
        sheet = workbook.worksheets[0]
        # Each row is padded to the sheet's declared width (up to 16,384 columns): bound it.
        width = min(sheet.max_column or MAX_COLUMNS, MAX_COLUMNS)
        for row in sheet.iter_rows(max_col=width):
            yield [FormulaCell(cell.value) if cell.data_type == "f" else cell.value for cell in row]
    except Exception as error:  # the sheet's XML is parsed as it is read: broken XML shows here
        raise SpreadsheetError(damaged % {"error": type(error).__name__}) from None
    finally:
        workbook.close()


class FormulaCell(str):
    """A cell holding a formula (refused with a row error)."""


def _text(value):
    if value is None:
        return ""
    if isinstance(value, FormulaCell):
        return value
    if isinstance(value, float) and value.isinteger():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _numbered(records):
    """(row number, cells) of every row, blank or not, up to the limit; past it, an error.

    Blank rows count: the limit bounds the work of reading (a workbook of a few kilobytes
    can declare 20 million blank rows), not only the rows kept.
    """
    limit = MAX_ROWS + 1  # the header and MAX_ROWS rows
    for number, cells in enumerate(records, start=1):
        if number > limit:
            raise SpreadsheetError(
                _(
                    "The file has more than %(limit)s rows, counting the header and blank "
                    "rows: split it into files of at most %(rows)s rows, and delete blank rows "
                    "at its end."
                )
                % {"limit": f"{limit:,}", "rows": f"{MAX_ROWS:,}"}
            )
        yield number, cells


def _sheet(records, filename, kinds, titles):
    """The Sheet (its header read and checked, no rows yet), then its rows one by one.

    (row number, {key: text}) of every row after the header that is not blank. The records
    are closed when the rows end or the iteration is closed, while the caller's file is open.
    """
    try:
        yield from _sheet_and_rows(_numbered(records), filename, kinds, titles)
    finally:
        records.close()


def _sheet_and_rows(numbered, filename, kinds, titles):
    header = None
    for _number, header_cells in numbered:
        if any(_text(cell) for cell in header_cells):
            header = [_text(cell) for cell in header_cells]
            break
    if header is None:
        raise SpreadsheetError(_("The file is empty: it has no header row and no rows."))
    for position, name in enumerate(header, start=1):
        if CONTROL.search(name):
            raise SpreadsheetError(
                _("The header row holds a control character in column %(column)s: remove it.")
                % {"column": position}
            )
    names = [normalise(name) for name in header]

    def matches(kind):
        return sum(normalise(column.header) in names for column in kinds[kind])

    kind = max(kinds, key=matches)  # the first kind listed wins a tie
    by_name = {normalise(column.header): column for column in kinds[kind]}
    positions, ignored, seen = {}, [], set()
    for position, name in enumerate(header):
        column = by_name.get(normalise(name))
        if column is None:
            if name:
                ignored.append(name)
            continue
        if column.key in seen:
            raise SpreadsheetError(
                _("The column “%(column)s” appears twice.") % {"column": column.header}
            )
        seen.add(column.key)
        positions[column.key] = position
    missing = [c.header for c in kinds[kind] if c.required and c.key not in seen]
    if missing:
        found = ", ".join(f"“{name}”" for name in header if name) or _("none")
        raise SpreadsheetError(
            _("Missing columns: %(missing)s. Columns found: %(found)s. Is this %(kind)s?")
            % {
                "missing": ", ".join(f"“{name}”" for name in missing),
                "found": found,
                "kind": titles.get(kind, kind),
            }
        )
    columns = [column.key for column in kinds[kind] if column.key in positions]
    yield Sheet(filename=filename, columns=columns, rows=[], ignored=ignored, kind=kind)
    found = False
    for number, cells in numbered:
        if not any(_text(cell) for cell in cells):
            continue
        found = True
        yield (
            number,
            {
                key: _text(cells[position]) if position < len(cells) else ""
                for key, position in positions.items()
            },
        )
    if not found:
        raise SpreadsheetError(_("The file has a header row but no rows."))
