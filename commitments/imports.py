"""Import and export of OGP's commitment spreadsheet (docs/imports.md describes the columns).

Three steps, so that nothing is written until everything has been checked:

1. `read_spreadsheet(data, filename)` turns CSV or XLSX bytes into rows of text, or raises
   `SpreadsheetError` when the file as a whole cannot be used (not a spreadsheet, an unknown
   encoding, missing columns, no rows, too many rows).
2. `plan_import(sheet, report_title=None)` checks every row against the vocabularies and the
   database and works out, per row, whether it is new, changed (which fields, old → new),
   unchanged or in error. It reads the database in a fixed number of queries per batch of
   rows and writes nothing.
3. `apply_import(plan, user=None, reason="Import")` writes a plan that has no errors, all of
   it or nothing (one transaction), with a history entry (simple_history) for every record it
   creates or changes, then refreshes the effective IRM values of the touched commitments.

`export_rows()` writes the same shape back, so that an exported file re-imports unchanged.
"""

import codecs
import csv
import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import islice

import pycountry
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from commitments.models import (
    ActionPlan,
    Commitment,
    Completion,
    EarlyResults,
    IrmState,
    PolicyArea,
    PolicyAreaAlias,
    PotentialImpact,
    Specificity,
)
from irm.models import CommitmentAssessment, Era, IrmReport
from irm.services import ASSESSMENT_VALUE_FIELDS, apply_findings, findings_for, refresh_findings
from members.models import FIRST_YEAR, LAST_YEAR, Member, Region
from ogp.data_version import data_changed
from ogp.security import guard_formula, unguard_formula
from opendata import writers

MAX_ROWS = 50_000
MAX_CELL = 32_767  # Excel's own limit on the characters in a cell.
MAX_FILE_BYTES = 128 * 1024 * 1024
MAX_UNPACKED_BYTES = 4 * MAX_FILE_BYTES  # what an XLSX (a zip) may unpack to
MAX_COLUMNS = 200  # columns of an XLSX sheet read (a sheet may declare 16,384)
BATCH = 900  # rows per query; under SQLite's limit on query parameters.
# bulk_update() (ours and refresh_findings()') writes one CASE per column: its cost grows with
# the square of the batch, so small batches are much faster (benchmarks/import_ogp.py).
UPDATE_BATCH = 100
MISSING = {"", "nd", "na", "n/a"}
DELIMITERS = [",", ";", "\t", "|"]


class SpreadsheetError(Exception):
    """The file as a whole cannot be imported (the message says why, for staff)."""


# --- Columns ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    max_length: int = MAX_CELL


COLUMNS = [
    Column("identifier", "Commitment Unique Identifier", required=True),
    Column("member", "Country/Locality", required=True, max_length=200),
    Column("region", "Region", required=True),
    Column("theme", "Theme"),
    Column("year", "Year Of Submission", required=True),
    Column("plan_number", "Action Plan Number", required=True),
    Column("number", "Commitment Number"),
    Column("title", "Commitment Title", required=True, max_length=500),
    Column("short_title", "Short Title", max_length=200),
    Column("description", "Full Text"),
    Column("lead_institution", "Lead Institution", max_length=500),
    Column("supporting_institutions", "Supporting Institution(s)"),
    Column("source_url", "URL", max_length=500),
    Column("relevant_access_to_information", "OGP Value Access To Information"),
    Column("relevant_civic_participation", "OGP Value Civic Participation"),
    Column("relevant_public_accountability", "OGP Value Public Accountability"),
    Column("relevant_technology", "OGP Value Technology"),
    Column("specificity", "Specificity"),
    Column("potential_impact", "Potential Impact"),
    Column("completion", "Completion (Progress Report)"),
    Column("early_results", "Did It Open Government (Overall)"),
]
COLUMN = {column.key: column for column in COLUMNS}
HEADERS = [column.header for column in COLUMNS]

TEXT_FIELDS = [
    "title",
    "short_title",
    "description",
    "lead_institution",
    "supporting_institutions",
    "source_url",
]
FLAG_FIELDS = [
    "relevant_access_to_information",
    "relevant_civic_participation",
    "relevant_public_accountability",
    "relevant_technology",
]


def _vocabulary(choices, **synonyms):
    table = {}
    for value, label in choices.choices:
        table[normalise(value)] = value
        table[normalise(str(label))] = value
    for synonym, value in synonyms.items():
        table[normalise(synonym.replace("_", " "))] = value
    return table


def normalise(text):
    """Case-, space- and apostrophe-insensitive form used to match names and labels."""
    return " ".join(str(text).replace("’", "'").replace("_", " ").split()).casefold()


VOCABULARIES = {
    "specificity": (Specificity, _vocabulary(Specificity)),
    "potential_impact": (PotentialImpact, _vocabulary(PotentialImpact)),
    "completion": (
        Completion,
        _vocabulary(Completion, completed=Completion.COMPLETE, no_evidence=Completion.NO_EVIDENCE),
    ),
    "early_results": (
        EarlyResults,
        _vocabulary(EarlyResults, **{"didn't change": EarlyResults.DID_NOT_CHANGE}),
    ),
}
IRM_FIELDS = FLAG_FIELDS + list(VOCABULARIES)
FLAGS = {"1": True, "0": False, "yes": True, "no": False, "true": True, "false": False}


# --- Reading ---------------------------------------------------------------------------------


@dataclass
class Sheet:
    """The rows of a spreadsheet as text, keyed by column key (absent columns left out)."""

    filename: str
    columns: list  # keys of the recognised columns present in the file, in COLUMNS order
    rows: list  # (row number as the spreadsheet shows it, {key: text})
    ignored: list = field(default_factory=list)  # headers that are not OGP columns
    kind: str = "commitments"


def read_spreadsheet(source, filename="", kinds=None):
    """Read CSV or XLSX bytes, or a binary file. Raises SpreadsheetError when it cannot be used.

    `kinds` maps a kind of sheet to its columns (default: the commitment sheet only); the
    kind whose column names the header matches best is the file's kind. A file is read as a
    stream (a CSV's text is decoded as its rows are read), so its text is never all in memory
    at once; no more than MAX_ROWS + 1 rows (the header, blank rows too) are ever read.
    """
    kinds = kinds or {"commitments": COLUMNS}
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    if not size:
        raise SpreadsheetError("The file is empty.")
    if size > MAX_FILE_BYTES:
        raise SpreadsheetError(f"The file is larger than {MAX_FILE_BYTES // 2**20} MB.")
    head = stream.read(8192)
    stream.seek(0)
    if head.startswith(b"PK\x03\x04"):
        records = _xlsx_records(stream)
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError(
            "This is an old Excel (.xls) file: save it as .xlsx or CSV (UTF-8) and try again."
        )
    else:
        records = _csv_records(stream, _encoding(stream, head), kinds)
    try:
        return _sheet(records, filename, kinds)
    finally:
        records.close()  # now, while the caller's file is open


# Characters a cell may not hold: C0 controls but tab and line feed (a carriage return becomes
# a line feed), DEL, C1 controls, and lone surrogates (which no database can store).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Characters that Windows-1252 decodes but Western text does not use: bytes of Shift-JIS, GBK,
# EUC and other double-byte encodings read as Windows-1252 give them (‚ for hiragana, ¤ …).
NOT_WESTERN = re.compile(r"[‚ƒ†‡ˆ‰‹›˜¤¦¨¬\xad¯¸]|[^\x00-\x7f]{4}")
ENCODING_HELP = (
    "Accepted: UTF-8 (with or without BOM), UTF-16 with a byte order mark, and Windows-1252 "
    "(Western European) text. Save it as “CSV UTF-8” and upload it again."
)


def _encoding(stream, head):
    """The one encoding the CSV's text decodes in without doubt."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise SpreadsheetError(f"The file is in UTF-32, which is not accepted. {ENCODING_HELP}")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        if not _decodes(stream, "utf-16"):
            raise SpreadsheetError(
                f"The file claims to be UTF-16 but is not: it does not decode. {ENCODING_HELP}"
            )
        encoding = "utf-16"
    elif b"\x00" in head:
        raise SpreadsheetError(
            "This is not a spreadsheet: it holds binary data. Upload a CSV or XLSX file."
        )
    elif _decodes(stream, "utf-8"):
        encoding = "utf-8-sig"
    elif _decodes(stream, "cp1252", refuse=NOT_WESTERN):
        encoding = "cp1252"
    else:
        raise SpreadsheetError(
            "The file's text is not UTF-8, and read as Windows-1252 it is not Western European "
            f"text (it may be Shift-JIS, GBK or another encoding). {ENCODING_HELP}"
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
            f"The CSV file is malformed near line {reader.line_num}: {error}."
        ) from None


def _xlsx_records(stream):
    import openpyxl

    damaged = (
        "This is not a spreadsheet OpenPyXL can read: the workbook is damaged or is not one "
        "({error}). Open it in Excel and save it again, or save it as CSV UTF-8."
    )
    try:
        with zipfile.ZipFile(stream) as archive:
            # openpyxl reads the shared strings whole: bound what the archive unpacks to.
            unpacked = sum(info.file_size for info in archive.infolist())
        stream.seek(0)
        if unpacked > MAX_UNPACKED_BYTES:
            raise SpreadsheetError(
                f"The workbook unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB: "
                "save it as CSV UTF-8, or split it."
            )
        # Formulas are refused, not evaluated: a cached value may be missing or stale.
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=False)
    except SpreadsheetError:
        raise
    except Exception as error:  # openpyxl raises whatever its parsers do on a broken file
        raise SpreadsheetError(damaged.format(error=type(error).__name__)) from None
    try:
        sheet = workbook.worksheets[0]
        # Each row is padded to the sheet's declared width (up to 16,384 columns): bound it.
        width = min(sheet.max_column or MAX_COLUMNS, MAX_COLUMNS)
        for row in sheet.iter_rows(max_col=width):
            yield [FormulaCell(cell.value) if cell.data_type == "f" else cell.value for cell in row]
    except Exception as error:  # the sheet's XML is parsed as it is read: broken XML shows here
        raise SpreadsheetError(damaged.format(error=type(error).__name__)) from None
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
                f"The file has more than {limit:,} rows, counting the header and blank rows: "
                f"split it into files of at most {MAX_ROWS:,} rows, and delete blank rows "
                "at its end."
            )
        yield number, cells


def _sheet(records, filename, kinds):
    numbered = _numbered(records)
    header = None
    for _number, header_cells in numbered:
        if any(_text(cell) for cell in header_cells):
            header = [_text(cell) for cell in header_cells]
            break
    if header is None:
        raise SpreadsheetError("The file is empty: it has no header row and no rows.")
    for position, name in enumerate(header, start=1):
        if CONTROL.search(name):
            raise SpreadsheetError(
                f"The header row holds a control character in column {position}: remove it."
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
            raise SpreadsheetError(f"The column “{column.header}” appears twice.")
        seen.add(column.key)
        positions[column.key] = position
    missing = [c.header for c in kinds[kind] if c.required and c.key not in seen]
    if missing:
        found = ", ".join(f"“{name}”" for name in header if name) or "none"
        raise SpreadsheetError(
            "Missing columns: "
            + ", ".join(f"“{name}”" for name in missing)
            + f". Columns found: {found}. Is this {KIND_TITLES.get(kind, kind)}?"
        )
    columns = [column.key for column in kinds[kind] if column.key in positions]
    rows = []
    for number, cells in numbered:
        if not any(_text(cell) for cell in cells):
            continue
        values = {
            key: _text(cells[position]) if position < len(cells) else ""
            for key, position in positions.items()
        }
        rows.append((number, values))
    if not rows:
        raise SpreadsheetError("The file has a header row but no rows.")
    return Sheet(filename=filename, columns=columns, rows=rows, ignored=ignored, kind=kind)


KIND_TITLES = {
    "commitments": "OGP's commitment spreadsheet",
    "participation": "a participation sheet",
    "scores": "a third-party score sheet",
}


# --- Checking and planning -------------------------------------------------------------------


@dataclass
class RowResult:
    row: int
    identifier: str
    status: str = "unchanged"  # new / changed / unchanged / error
    changes: list = field(default_factory=list)  # (column header, old, new)
    notes: list = field(default_factory=list)  # "New member …", "New action plan …"
    errors: list = field(default_factory=list)  # (column header, reason)
    headers: dict = field(default=None, repr=False)  # column key -> header, if not COLUMN

    def error(self, key, message):
        columns = self.headers or COLUMN
        self.errors.append((columns[key].header if key in columns else key, message))


@dataclass
class ImportPlan:
    sheet: Sheet
    report_title: str
    rows: list
    new_members: list = field(default_factory=list)
    changed_members: list = field(default_factory=list)
    new_plans: list = field(default_factory=list)
    changed_plans: list = field(default_factory=list)
    new_reports: list = field(default_factory=list)
    new_commitments: list = field(default_factory=list)
    changed_commitments: dict = field(default_factory=dict)  # identifier -> (obj, fields)
    areas: dict = field(default_factory=dict)  # identifier -> (obj, area ids), when they change
    changed_areas: set = field(default_factory=set)  # identifiers whose areas change
    existing_links: dict = field(default_factory=dict)  # commitment id -> {area id: link id}
    new_assessments: list = field(default_factory=list)
    changed_assessments: list = field(default_factory=list)  # (assessment, changed fields)

    @property
    def errors(self):
        return [row for row in self.rows if row.errors]

    def counts(self):
        counts = {"rows": len(self.rows), "new": 0, "changed": 0, "unchanged": 0, "error": 0}
        for row in self.rows:
            counts[row.status] += 1
        return counts

    @property
    def has_changes(self):
        return any(row.status in ("new", "changed") for row in self.rows)


def batches(items, size=BATCH):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def integer(result, values, key, low, high):
    text = values.get(key, "")
    try:
        number = int(text)
    except ValueError:
        result.error(key, f"“{text}” is not a whole number." if text else "Required.")
        return None
    if not low <= number <= high:
        result.error(key, f"{number} is out of range ({low}–{high}).")
        return None
    return number


def check_cells(result, values, columns, column_map=None):
    """Formulas, overlong and missing required cells, for any kind of sheet. Returns texts."""
    column_map = column_map or COLUMN
    clean = {}
    for key in columns:
        text, column = values[key], column_map[key]
        if isinstance(text, FormulaCell):
            result.error(key, "A formula is not accepted: paste the values instead.")
            continue
        if control := CONTROL.search(text):
            result.error(
                key, f"Holds a control character (U+{ord(control.group()):04X}): remove it."
            )
            continue
        if len(text) >= MAX_CELL:
            # Excel and openpyxl stop at 32,767 characters: such a cell may have been cut.
            result.error(key, "At or over Excel's limit of 32,767 characters: it may be cut.")
            continue
        if len(text) > column.max_length:
            result.error(key, f"Longer than {column.max_length:,} characters.")
            continue
        if column.required and not text:
            result.error(key, "Required.")
            continue
        clean[key] = text
    return clean


def flag(result, clean, key):
    """1/0 (yes/no, true/false) → True/False; ND, NA, blank → None; else a row error."""
    text = normalise(clean[key])
    if text in MISSING:
        return None
    if text in FLAGS:
        return FLAGS[text]
    result.error(key, f"“{clean[key]}” is not 0, 1, ND, NA or blank.")
    return None


def _clean_row(result, values, columns):
    """Check the values of one row that need no database. Returns {key: value}."""
    clean = check_cells(result, values, columns)
    if result.errors:
        return clean
    identifier = clean["identifier"].upper()
    if not re.fullmatch(r"[A-Z]{2,8}[0-9]{4}", identifier):
        result.error("identifier", f"“{identifier}” is not a member prefix and four digits.")
    clean["identifier"] = identifier
    clean["year"] = integer(result, clean, "year", FIRST_YEAR, timezone.now().year + 1)
    clean["plan_number"] = integer(result, clean, "plan_number", 1, 99)
    if "number" in clean:
        clean["number"] = integer(result, clean, "number", 1, 32767) if clean["number"] else None
    if clean.get("source_url"):
        try:
            URLValidator(schemes=["http", "https"])(clean["source_url"])
        except ValidationError:
            result.error("source_url", f"“{short(clean['source_url'])}” is not a web address.")
    for key in FLAG_FIELDS:
        if key in clean:
            clean[key] = flag(result, clean, key)
    for key, (choices, table) in VOCABULARIES.items():
        if key in clean:
            text = normalise(clean[key])
            if text in MISSING:
                clean[key] = ""
            elif text in table:
                clean[key] = table[text]
            else:
                labels = ", ".join(str(label) for label in choices.labels)
                result.error(key, f"“{clean[key]}” is not one of: {labels}, ND, NA or blank.")
    return clean


def _country_code(name):
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return None


def _display(key, value, area_names=None):
    if key == "theme":
        return "; ".join(sorted(area_names[pk] for pk in value)) or "—"
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "1" if value else "0"
    if key in VOCABULARIES:
        return str(VOCABULARIES[key][0](value).label)
    return str(value)


def plan_import(sheet, report_title=None):
    """Check every row and work out what an import would do. Writes nothing."""
    report_title = (report_title or "").strip()
    columns = sheet.columns
    results, cleaned = [], []
    for number, values in sheet.rows:
        identifier = CONTROL.sub("\ufffd", values.get("identifier", "").upper())
        result = RowResult(row=number, identifier=identifier)
        cleaned.append(_clean_row(result, values, columns))
        results.append(result)
    plan = ImportPlan(sheet=sheet, report_title=report_title, rows=results)

    # Duplicates inside the file.
    first_row = {}
    for result, clean in zip(results, cleaned, strict=True):
        identifier = clean.get("identifier")
        if not identifier:
            continue
        if identifier in first_row:
            result.error(
                "identifier", f"Duplicate: {identifier} is also on row {first_row[identifier]}."
            )
        else:
            first_row[identifier] = result.row

    # Reference data and the records the file names (a fixed number of queries per batch).
    regions = {normalise(region.name): region for region in Region.objects.all()}
    regions.update({normalise(region.slug): region for region in regions.values()})
    members = {normalise(m.name): m for m in Member.objects.select_related("region")}
    prefixes = {member.commitment_prefix: member for member in members.values()}
    slugs = {member.slug for member in members.values()}
    area_names = dict(PolicyArea.objects.values_list("pk", "name"))
    area_ids = {normalise(name): pk for pk, name in area_names.items()}
    for name, pk in PolicyAreaAlias.objects.values_list("name", "policy_area_id"):
        area_ids.setdefault(normalise(name), pk)
    existing = {}
    assessed = set()  # commitments that stay in their plan (commitments.models.move_error)
    links = defaultdict(dict)
    through = Commitment.policy_areas.through
    for batch in batches(list(first_row)):
        for commitment in Commitment.objects.filter(identifier__in=batch).select_related(
            "action_plan__member"
        ):
            existing[commitment.identifier] = commitment
        rows = Commitment.objects.filter(identifier__in=batch).assessed()
        assessed.update(rows.values_list("pk", flat=True))
        for link_id, commitment_id, area_id in through.objects.filter(
            commitment__identifier__in=batch
        ).values_list("pk", "commitment_id", "policyarea_id"):
            links[commitment_id][area_id] = link_id
    plan.existing_links = links

    # Members: existing by name, or new ones from the first row that names them.
    row_member = {}
    new_member_rows = defaultdict(list)
    for result, clean in zip(results, cleaned, strict=True):
        if result.errors:
            continue
        name = clean["member"]
        region = regions.get(normalise(clean["region"]))
        if region is None:
            result.error("region", f"Unknown region “{clean['region']}”.")
            continue
        member = members.get(normalise(name))
        if member is None:
            new_member_rows[normalise(name)].append((result, clean, region))
        row_member[result.row] = (member, region)

    for key, group in new_member_rows.items():
        result, clean, region = group[0]
        name = " ".join(clean["member"].split())
        prefix = re.match(r"[A-Z]+", clean["identifier"]).group()
        member = Member(
            name=name,
            slug=slugify(name)[:200],
            region=region,
            commitment_prefix=prefix,
            member_since=min(c["year"] for _r, c, _g in group),
            published=False,
        )
        problem = None
        if "," in name:
            member.kind = Member.Kind.LOCAL
            country = name.rsplit(",", 1)[1].strip()
            parent = members.get(normalise(country))
            if parent is not None and parent.kind == Member.Kind.NATIONAL:
                member.parent = parent
                member.country_code = parent.country_code
            else:
                member.country_code = _country_code(country)
        else:
            member.kind = Member.Kind.NATIONAL
            member.country_code = _country_code(name)
        if not member.country_code:
            problem = (
                "member",
                f"New member “{name}”: its country is not a known country name. "
                "Create the member in the admin first.",
            )
        elif prefix in prefixes:
            problem = (
                "identifier",
                f"New member “{name}” would take the prefix {prefix}, "
                f"which belongs to {prefixes[prefix].name}.",
            )
        elif not member.slug or member.slug in slugs:
            problem = ("member", f"New member “{name}”: its URL slug is already taken.")
        if problem:
            for row_result, _clean, _region in group:
                row_result.error(*problem)
                row_member.pop(row_result.row, None)
            continue
        members[key] = member
        prefixes[prefix] = member
        slugs.add(member.slug)
        plan.new_members.append(member)
        result.notes.append(f"New member: {name} (prefix {prefix}, unpublished)")
        for row_result, _clean, _region in group:
            row_member[row_result.row] = (member, _region)

    # Member regions, action plans and their years.
    member_region = {}
    plan_year = {}
    plans = {}
    member_ids = {m.pk for m, _r in row_member.values() if m.pk}
    for batch in batches(sorted(member_ids)):
        for action_plan in ActionPlan.objects.filter(member_id__in=batch):
            plans[(action_plan.member_id, action_plan.number)] = action_plan
    new_plan_keys = {}
    for result, clean in zip(results, cleaned, strict=True):
        if result.errors or result.row not in row_member:
            continue
        _member, region = row_member[result.row]
        member = members[normalise(clean["member"])]  # the object saved, for new members too
        clean["member_obj"] = member
        if id(member) in member_region:
            if member_region[id(member)] != region:
                result.error(
                    "region",
                    f"{member.name} is in {member_region[id(member)].name} on another row.",
                )
                continue
        else:
            member_region[id(member)] = region
            if member.pk and member.region_id != region.pk:
                result.changes.append(("Region", member.region.name, region.name))
                member.region = region
                plan.changed_members.append(member)
        plan_key = (id(member), clean["plan_number"])
        action_plan = plans.get((member.pk, clean["plan_number"])) if member.pk else None
        if action_plan is None:
            action_plan = new_plan_keys.get(plan_key)
        if action_plan is None:
            year = clean["year"]
            action_plan = ActionPlan(
                member=member,
                number=clean["plan_number"],
                title=f"{member.name} Action Plan {clean['plan_number']}",
                start_year=year,
                end_year=min(year + 2, LAST_YEAR),
                submission_year=year,
            )
            new_plan_keys[plan_key] = action_plan
            plan.new_plans.append(action_plan)
            result.notes.append(f"New action plan: {action_plan.title}")
        clean["plan_obj"] = action_plan
        if plan_key in plan_year:
            if plan_year[plan_key] != clean["year"]:
                result.error(
                    "year",
                    f"Action plan {clean['plan_number']} of {member.name} has the year "
                    f"{plan_year[plan_key]} on another row.",
                )
                continue
        else:
            plan_year[plan_key] = clean["year"]
            if action_plan.pk and action_plan.submission_year != clean["year"]:
                result.changes.append(
                    (COLUMN["year"].header, action_plan.submission_year, clean["year"])
                )
                action_plan.submission_year = clean["year"]
                if action_plan.start_year > clean["year"]:
                    action_plan.start_year = clean["year"]
                plan.changed_plans.append(action_plan)

    # Reports, for files that carry IRM values.
    irm_columns = [key for key in IRM_FIELDS if key in columns]
    reports = {}
    if irm_columns:
        plan_ids = {c["plan_obj"].pk for c in cleaned if c.get("plan_obj") and c["plan_obj"].pk}
        candidates = defaultdict(list)
        for batch in batches(sorted(plan_ids)):
            for report in IrmReport.objects.filter(action_plan_id__in=batch):
                candidates[report.action_plan_id].append(report)

    def report_for(result, action_plan, create):
        """The plan's report named by report_title (or its progress report), or a new one."""
        key = id(action_plan)
        if key not in reports:
            found = default = None
            for report in candidates.get(action_plan.pk, []) if action_plan.pk else []:
                if report_title and report.title == report_title:
                    found = report
                if report.type == IrmReport.Type.PROGRESS and report.stage == "final":
                    default = report
            if found is None and not report_title:
                found = default
            problem = None
            if found is None and default is not None:
                problem = (
                    f"{action_plan} already has a progress report, “{default.title}”: "
                    "name that report, or another report of this plan."
                )
            elif found is not None and found.era == Era.REFRESH:
                problem = (
                    f"“{found.title}” uses the 2021+ method; this sheet's IRM columns are "
                    "2011–2020 indicators."
                )
            reports[key] = (found, problem)
        found, problem = reports[key]
        if problem and create:
            result.errors.append(("IRM report", problem))
            return None
        if found is None and create:
            title = report_title or (
                f"{action_plan.member.name} IRM Progress Report {action_plan.years}"
            )
            found = IrmReport(
                action_plan=action_plan,
                type=IrmReport.Type.PROGRESS,
                stage=IrmReport.Stage.FINAL,
                title=title[:300],
                year=min(action_plan.submission_year + 1, LAST_YEAR),
            )
            reports[key] = (found, None)
            plan.new_reports.append(found)
            result.notes.append(f"New IRM report: {found.title}")
        return found

    # Commitments, their policy areas and their assessments.
    assessments = {}
    if irm_columns:
        ids = [c.pk for c in existing.values()]
        for batch in batches(ids):
            for assessment in CommitmentAssessment.objects.filter(commitment_id__in=batch):
                assessments[(assessment.commitment_id, assessment.report_id)] = assessment
    for result, clean in zip(results, cleaned, strict=True):
        if result.errors or "plan_obj" not in clean:
            continue
        member, action_plan = clean["member_obj"], clean["plan_obj"]
        identifier = clean["identifier"]
        areas = None
        if "theme" in columns:
            areas = set()
            for name in re.split(r"[;,]", clean["theme"]):
                if not name.strip():
                    continue
                pk = area_ids.get(normalise(name))
                if pk is None:
                    result.error("theme", f"Unknown policy area “{name.strip()}”.")
                else:
                    areas.add(pk)
        commitment = existing.get(identifier)
        prefix = re.match(r"[A-Z]+", identifier).group()
        if commitment is not None and commitment.action_plan.member_id != member.pk:
            result.error(
                "member",
                f"{identifier} belongs to {commitment.action_plan.member.name}; "
                "moving a commitment to another member is not done by import.",
            )
        elif (
            commitment is not None
            and commitment.pk in assessed
            and commitment.action_plan_id != action_plan.pk
        ):
            result.error(
                "plan_number",
                f"{identifier} has IRM assessments on reports of action plan "
                f"{commitment.action_plan.number}, so it stays in that plan: the reports are "
                "about it. Delete its assessments in the admin first to move it.",
            )
        elif commitment is None and prefix != member.commitment_prefix:
            result.error(
                "identifier",
                f"{identifier} does not start with {member.name}'s prefix "
                f"{member.commitment_prefix}.",
            )
        report = None
        irm_values = {key: clean[key] for key in irm_columns}
        has_values = any(value not in (None, "") for value in irm_values.values())
        if irm_columns and (has_values or commitment is not None):
            report = report_for(result, action_plan, create=has_values)
        if result.errors:
            result.status = "error"
            continue
        if commitment is None:
            commitment = Commitment(identifier=identifier, action_plan=action_plan)
            for key in ["number", *TEXT_FIELDS]:
                if key in clean:
                    setattr(commitment, key, clean[key])
            plan.new_commitments.append(commitment)
            result.status = "new"
            if areas:
                plan.areas[identifier] = (commitment, areas)
                plan.changed_areas.add(identifier)
        else:
            changed = []
            if commitment.action_plan_id != action_plan.pk or action_plan.pk is None:
                result.changes.append(
                    (
                        COLUMN["plan_number"].header,
                        commitment.action_plan.number,
                        action_plan.number,
                    )
                )
                commitment.action_plan = action_plan
                changed.append("action_plan")
            for key in ["number", *TEXT_FIELDS]:
                if key in clean and getattr(commitment, key) != clean[key]:
                    result.changes.append(
                        (COLUMN[key].header, short(getattr(commitment, key)), short(clean[key]))
                    )
                    setattr(commitment, key, clean[key])
                    changed.append(key)
            if areas is not None:
                old = set(links.get(commitment.pk, {}))
                if old != areas:
                    result.changes.append(
                        (
                            COLUMN["theme"].header,
                            _display("theme", old, area_names),
                            _display("theme", areas, area_names),
                        )
                    )
                    plan.changed_areas.add(identifier)
                    plan.areas[identifier] = (commitment, areas)
            if changed:
                plan.changed_commitments[identifier] = (commitment, changed)
        if report is not None:
            assessment = (
                assessments.get((commitment.pk, report.pk)) if commitment.pk and report.pk else None
            )
            if assessment is None:
                if any(value not in (None, "") for value in irm_values.values()):
                    assessment = CommitmentAssessment(commitment=commitment, report=report)
                    for key, value in irm_values.items():
                        setattr(assessment, key, value)
                        if value not in (None, "") and result.status != "new":
                            result.changes.append((COLUMN[key].header, "—", _display(key, value)))
                    plan.new_assessments.append(assessment)
            else:
                changed = []
                for key, value in irm_values.items():
                    if getattr(assessment, key) != value:
                        result.changes.append(
                            (
                                COLUMN[key].header,
                                _display(key, getattr(assessment, key)),
                                _display(key, value),
                            )
                        )
                        setattr(assessment, key, value)
                        changed.append(key)
                if changed:
                    plan.changed_assessments.append((assessment, changed))
        if result.status != "new" and result.changes:
            result.status = "changed"
    for result in results:
        if result.errors:
            result.status = "error"
    return plan


def short(value, limit=120):
    if value is None or value == "":
        return "—"
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- Writing ---------------------------------------------------------------------------------


class ImportRejected(Exception):
    """The plan has row errors: nothing was written."""


def apply_import(plan, user=None, reason="Import", progress=None):
    """Write a checked plan, all of it or nothing. Returns the plan's counts."""
    if plan.errors:
        raise ImportRejected(f"{len(plan.errors)} rows have errors: nothing was written.")
    progress = progress or (lambda stage, done, total: None)
    now = timezone.now()
    history = {"default_user": user, "default_change_reason": reason, "default_date": now}
    with transaction.atomic():
        for obj in [*plan.new_members, *plan.changed_members]:
            obj._history_user, obj._change_reason = user, reason
            obj.save()
        for obj in [*plan.new_plans, *plan.changed_plans]:
            obj.member = obj.member  # picks up the id of a member saved just above
            obj._history_user, obj._change_reason = user, reason
            obj.save()
        for report in plan.new_reports:
            report.action_plan = report.action_plan
            report._history_user, report._change_reason = user, reason
            report.save()

        new = plan.new_commitments
        changed = [obj for obj, _fields in plan.changed_commitments.values()]
        total = len(new) + len(changed)
        _set_findings_of_new(new, plan.new_assessments)
        for done, batch in enumerate(batches(new, 500)):
            Commitment.objects.bulk_create(batch)
            progress("commitments", min((done + 1) * 500, len(new)), total)
        fields = {name for _obj, names in plan.changed_commitments.values() for name in names}
        for commitment in changed:
            commitment.action_plan = commitment.action_plan
            commitment.updated_at = now
        for done, batch in enumerate(batches(changed, UPDATE_BATCH)):
            Commitment.objects.bulk_update(batch, [*sorted(fields), "updated_at"])
            done_rows = min((done + 1) * UPDATE_BATCH, len(changed))
            progress("commitments", len(new) + done_rows, total)

        # Policy areas: replace the links of the commitments whose areas change.
        through = Commitment.policy_areas.through
        links = {pk: dict(areas) for pk, areas in plan.existing_links.items()}
        replaced = list(plan.areas.values())
        for batch in batches([obj.pk for obj, _areas in replaced if obj.pk in links]):
            through.objects.filter(commitment_id__in=batch).delete()
        new_links = (
            through(commitment_id=obj.pk, policyarea_id=area_id)
            for obj, areas in replaced
            for area_id in sorted(areas)
        )
        for obj, _areas in replaced:
            links[obj.pk] = {}
        for batch in batches(new_links, 2000):
            for link in through.objects.bulk_create(batch):
                links[link.commitment_id][link.policyarea_id] = link.pk

        # History: one entry per commitment created or changed (fields or policy areas),
        # with the policy areas it has after the import. Written batch by batch, so that the
        # historical rows of a large file are never all in memory at once.
        updated = {obj.identifier: obj for obj in changed}
        new_identifiers = {c.identifier for c in new}
        for obj, _areas in replaced:
            if obj.identifier not in new_identifiers:
                updated.setdefault(obj.identifier, obj)
        m2m_model = apps.get_model("commitments", "HistoricalCommitment_policy_areas")
        for objs, update in ((new, False), (list(updated.values()), True)):
            for batch in batches(objs, 1000):
                records = Commitment.history.bulk_history_create(batch, update=update, **history)
                m2m_model.objects.bulk_create(
                    [
                        m2m_model(
                            history_id=record.pk,
                            id=link_id,
                            commitment_id=record.id,
                            policyarea_id=area,
                        )
                        for record in records
                        for area, link_id in links.get(record.id, {}).items()
                    ],
                    batch_size=2000,
                )

        # Assessments.
        for assessment in plan.new_assessments:
            assessment.commitment = assessment.commitment
            assessment.report = assessment.report
        for batch in batches(plan.new_assessments, 1000):
            CommitmentAssessment.objects.bulk_create(batch)
            CommitmentAssessment.history.bulk_history_create(batch, **history)
        fields = sorted({name for _obj, names in plan.changed_assessments for name in names})
        changed_assessments = [obj for obj, _names in plan.changed_assessments]
        for batch in batches(changed_assessments, UPDATE_BATCH):
            CommitmentAssessment.objects.bulk_update(batch, fields)
            CommitmentAssessment.history.bulk_history_create(batch, update=True, **history)

        # A commitment's admin page shows its policy areas and assessments: a commitment
        # whose areas or assessments changed (and no field, which moved its version above)
        # gets a new version too, so a page opened before the import is refused, not saved
        # over it.
        versioned = {obj.pk for obj, _areas in replaced}
        versioned |= {a.commitment_id for a in plan.new_assessments}
        versioned |= {a.commitment_id for a in changed_assessments}
        versioned -= {c.pk for c in new} | {c.pk for c in changed}
        for batch in batches(sorted(versioned), 500):
            Commitment.objects.filter(pk__in=batch).update(updated_at=now)

        # New commitments got their findings before they were created. Refresh those whose
        # assessments changed, or whose plan (and so IRM coverage) did.
        touched = {
            obj.pk for obj, names in plan.changed_commitments.values() if "action_plan" in names
        }
        touched |= {a.commitment_id for a in plan.new_assessments}
        touched -= {c.pk for c in new}
        touched |= {a.commitment_id for a in changed_assessments}
        progress("findings", 0, len(touched))
        refresh_findings(sorted(touched), batch_size=UPDATE_BATCH)
        progress("findings", len(touched), len(touched))
        data_changed()  # bulk writes send no signal: invalidate cached pages here
    return plan.counts()


def _set_findings_of_new(commitments, assessments):
    """Set the effective IRM values of new commitments from their one (new) assessment.

    The same rules as irm.services.refresh_findings(), without its bulk update, which costs
    more than the whole insert: a new commitment has no other assessment to merge.
    """
    assessment_of = {id(a.commitment): a for a in assessments if a.commitment.pk is None}
    for commitment in commitments:
        commitment.action_plan = commitment.action_plan  # the id of a plan saved just now
        covered = commitment.action_plan.irm_coverage == ActionPlan.IrmCoverage.COVERED
        state = IrmState.PENDING if covered else IrmState.NO_DATA
        assessment = assessment_of.get(id(commitment))
        rows = []
        if assessment is not None and assessment.report.published:
            values = {name: getattr(assessment, name) for name in ASSESSMENT_VALUE_FIELDS}
            report = assessment.report
            rows = [{"report__year": report.year, "report__type": report.type, **values}]
        apply_findings(commitment, findings_for(state, rows))


# --- Export ----------------------------------------------------------------------------------


def _report_filter(report_title):
    if report_title:
        return {"report__title": report_title}
    return {"report__type": IrmReport.Type.PROGRESS, "report__stage": IrmReport.Stage.FINAL}


def export_rows(report_title=None, queryset=None):
    """The header, then one row per commitment, in the spreadsheet's shape. Streams."""
    queryset = (queryset or Commitment.objects.all()).order_by("identifier")
    queryset = queryset.select_related("action_plan__member__region").prefetch_related(
        Prefetch("policy_areas", queryset=PolicyArea.objects.only("pk", "name")),
        Prefetch(
            "assessments",
            queryset=CommitmentAssessment.objects.filter(**_report_filter(report_title)),
            to_attr="export_assessments",
        ),
    )
    yield list(HEADERS)
    for commitment in queryset.iterator(chunk_size=2000):
        plan, member = commitment.action_plan, commitment.action_plan.member
        assessment = commitment.export_assessments[0] if commitment.export_assessments else None
        values = {
            "identifier": commitment.identifier,
            "member": member.name,
            "region": member.region.name,
            "theme": "; ".join(sorted(area.name for area in commitment.policy_areas.all())),
            "year": plan.submission_year,
            "plan_number": plan.number,
            "number": commitment.number if commitment.number is not None else "",
            "title": commitment.title,
            "short_title": commitment.short_title,
            "description": commitment.description,
            "lead_institution": commitment.lead_institution,
            "supporting_institutions": commitment.supporting_institutions,
            "source_url": commitment.source_url,
        }
        for key in IRM_FIELDS:
            value = getattr(assessment, key) if assessment else None
            if value is None or value == "":
                values[key] = ""
            elif isinstance(value, bool):
                values[key] = int(value)
            else:
                values[key] = str(VOCABULARIES[key][0](value).label)
        yield [values[column.key] for column in COLUMNS]


def write_csv(stream, rows):
    """Write rows (the header first) as CSV, UTF-8 with BOM so Excel reads the accents, to a
    binary stream; a text starting like a formula gets a ' before it (guard_formula), which
    the import removes."""
    rows = iter(rows)
    header = next(rows)
    writer = writers.CsvWriter(header, guard_formula, bom=True)
    for chunk in writers.stream(writer, rows):
        stream.write(chunk)


def write_xlsx(stream, rows):
    """Write rows (the header first) as an XLSX workbook; every text is a text cell (an inline
    string), never a formula."""
    rows = iter(rows)
    for chunk in writers.stream(writers.XlsxWriter(next(rows), "Commitments"), rows):
        stream.write(chunk)
