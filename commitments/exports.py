"""Exports of the explorer's filtered commitments: CSV, JSON and XLSX, streamed.

One query for the rows (`.values_list()` with the policy areas aggregated in a correlated
subquery, read with `.iterator(chunk_size=…)`), so memory stays flat and there is no query per
row; the response is written in chunks of a few hundred rows. The XLSX file is written as it
streams (see `xlsx_stream`). The columns are declared once, in COLUMNS; /data/dictionary/ and
docs/data-dictionary.md describe them.
"""

import codecs
import csv
import datetime
import io
import itertools
import json
import re
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import OuterRef, StringAgg, Subquery, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.filters import AreaThrough
from commitments.models import (
    Commitment,
    Completion,
    DesignReason,
    EarlyResults,
    EarlyResultsRefresh,
    Focus,
    IrmState,
    PotentialImpact,
    PotentialResults,
    Specificity,
)
from members.models import Member
from ogp.security import clean_rich_text, guard_formula

CHUNK_SIZE = 2000
XLSX_MAX_CELL = 32767  # Excel's limit on the characters of a cell
AREA_SEPARATOR = "; "


@dataclass(frozen=True)
class Column:
    name: str
    source: str  # a .values() key
    type: str  # text, integer, boolean, date, code
    description: str
    codes: object = None  # a TextChoices class for "code" columns
    irm: bool = False  # empty unless irm_state is "assessed"


COLUMNS = [
    Column("identifier", "identifier", "text", _("Commitment identifier, e.g. SEO0001.")),
    Column("title", "title", "text", _("Commitment title.")),
    Column("short_title", "short_title", "text", _("Short title, if any.")),
    Column("member", "action_plan__member__name", "text", _("Member name.")),
    Column("member_slug", "action_plan__member__slug", "text", _("Member's key in site URLs.")),
    Column(
        "member_kind",
        "action_plan__member__kind",
        "code",
        _("National or local member."),
        Member.Kind,
    ),
    Column("country_code", "action_plan__member__country_code", "text", _("ISO 3166 alpha-2.")),
    Column("region", "action_plan__member__region__name", "text", _("OGP region.")),
    Column("action_plan_number", "action_plan__number", "integer", _("Action plan number.")),
    Column("action_plan_title", "action_plan__title", "text", _("Action plan title.")),
    Column(
        "submission_year",
        "action_plan__submission_year",
        "integer",
        _("Year the action plan was submitted."),
    ),
    Column("plan_start_year", "action_plan__start_year", "integer", _("Plan's first year.")),
    Column("plan_end_year", "action_plan__end_year", "integer", _("Plan's last year.")),
    Column("commitment_number", "number", "integer", _("Its number within the action plan.")),
    Column("status", "status", "code", _("Active, inactive or withdrawn."), Commitment.Status),
    Column("start_date", "start_date", "date", _("Start date (ISO 8601).")),
    Column("end_date", "end_date", "date", _("End date (ISO 8601).")),
    Column("lead_institution", "lead_institution", "text", _("Lead institution.")),
    Column(
        "supporting_institutions", "supporting_institutions", "text", _("Supporting institutions.")
    ),
    Column(
        "primary_policy_area", "primary_policy_area__name", "text", _("Primary policy area name.")
    ),
    Column(
        "policy_areas",
        "policy_area_names",
        "text",
        _("Every policy area, by name, separated by “; ”."),
    ),
    Column(
        "claims_access_to_information",
        "claims_access_to_information",
        "boolean",
        _("The plan claims the OGP value access to information."),
    ),
    Column(
        "claims_civic_participation",
        "claims_civic_participation",
        "boolean",
        _("The plan claims the OGP value civic participation."),
    ),
    Column(
        "claims_public_accountability",
        "claims_public_accountability",
        "boolean",
        _("The plan claims the OGP value public accountability."),
    ),
    Column(
        "claims_technology",
        "claims_technology",
        "boolean",
        _("The plan claims the OGP value technology and innovation."),
    ),
    Column(
        "irm_state",
        "irm_state",
        "code",
        _(
            "Whether the IRM assessed it. The IRM values from irm_specificity to irm_starred "
            "are empty unless this is “assessed”."
        ),
        IrmState,
    ),
    Column(
        "irm_specificity",
        "irm_specificity",
        "code",
        _("Specificity (2011–2020)."),
        Specificity,
        True,
    ),
    Column("irm_verifiable", "irm_verifiable", "boolean", _("Verifiable (2021+)."), None, True),
    Column(
        "irm_relevant_access_to_information",
        "irm_relevant_access_to_information",
        "boolean",
        _("IRM: relevant to access to information (2011–2020)."),
        None,
        True,
    ),
    Column(
        "irm_relevant_civic_participation",
        "irm_relevant_civic_participation",
        "boolean",
        _("IRM: relevant to civic participation (2011–2020)."),
        None,
        True,
    ),
    Column(
        "irm_relevant_public_accountability",
        "irm_relevant_public_accountability",
        "boolean",
        _("IRM: relevant to public accountability (2011–2020)."),
        None,
        True,
    ),
    Column(
        "irm_relevant_technology",
        "irm_relevant_technology",
        "boolean",
        _("IRM: relevant to technology and innovation (2011–2020)."),
        None,
        True,
    ),
    Column(
        "irm_open_government_lens",
        "irm_open_government_lens",
        "boolean",
        _("IRM: open government lens (2021+)."),
        None,
        True,
    ),
    Column(
        "irm_potential_impact",
        "irm_potential_impact",
        "code",
        _("Potential impact (2011–2020)."),
        PotentialImpact,
        True,
    ),
    Column(
        "irm_potential_results",
        "irm_potential_results",
        "code",
        _("Potential for results (2021+)."),
        PotentialResults,
        True,
    ),
    Column(
        "irm_ambitious",
        "irm_ambitious",
        "boolean",
        _("High ambition: transformative potential impact or substantial potential for results."),
        None,
        True,
    ),
    Column("irm_completion", "irm_completion", "code", _("Completion."), Completion, True),
    Column(
        "irm_early_results",
        "irm_early_results",
        "code",
        _("Did it open government? (2011–2020)."),
        EarlyResults,
        True,
    ),
    Column(
        "irm_early_results_refresh",
        "irm_early_results_refresh",
        "code",
        _("Early results (2021+ results reports)."),
        EarlyResultsRefresh,
        True,
    ),
    Column("irm_promising", "irm_promising", "boolean", _("Promising (2021+)."), None, True),
    Column("irm_starred", "irm_starred", "boolean", _("Starred commitment."), None, True),
    Column(
        "irm_focus",
        "irm_focus",
        "code",
        _("Bucket of “How to get more starred commitments”."),
        Focus,
    ),
    Column(
        "irm_design_reason",
        "irm_design_reason",
        "code",
        _("For “focus on design”: the first design rule it fails."),
        DesignReason,
    ),
    Column("url", "url", "text", _("The commitment's page on this site.")),
    Column(
        "description",
        "description",
        "text",
        _(
            "The action plan's text of the commitment: HTML sanitised as on the commitment's "
            "page (paragraphs, line breaks, lists, emphasis, links, headings and quotes only; "
            "no scripts, styles or event attributes), or plain text."
        ),
    ),
]

NAMES = [column.name for column in COLUMNS]
SOURCES = [column.source for column in COLUMNS]
VALUE_FIELDS = [source for source in SOURCES if source != "url"]
URL_INDEX = SOURCES.index("url")
AREAS_INDEX = SOURCES.index("policy_area_names")
DESCRIPTION_INDEX = SOURCES.index("description")
STATE_INDEX = VALUE_FIELDS.index("irm_state")
MEMBER_SLUG_INDEX = VALUE_FIELDS.index("action_plan__member__slug")
IDENTIFIER_INDEX = VALUE_FIELDS.index("identifier")
IRM_INDEXES = [index for index, column in enumerate(COLUMNS) if column.irm]
ROWS_PER_CHUNK = 500  # rows per chunk of the response: fewer, larger writes to the socket


def export_queryset(queryset):
    """The filtered commitments as tuples, one query, policy areas aggregated in SQL."""
    names = (
        AreaThrough.objects.filter(commitment_id=OuterRef("pk"))
        .order_by()
        .values("commitment_id")
        .annotate(names=StringAgg("policyarea__name", Value(AREA_SEPARATOR)))
        .values("names")
    )
    return queryset.annotate(policy_area_names=Subquery(names)).values_list(*VALUE_FIELDS)


def rows(queryset, base_url=""):
    """Each commitment as a list in COLUMNS order; None for an empty or unassessed value."""
    assessed = IrmState.ASSESSED.value
    for record in export_queryset(queryset).iterator(chunk_size=CHUNK_SIZE):
        url = (
            f"{base_url}/members/{record[MEMBER_SLUG_INDEX]}"
            f"/commitments/{record[IDENTIFIER_INDEX]}/"
        )
        row = [None if value == "" else value for value in record]
        row.insert(URL_INDEX, url)
        if row[AREAS_INDEX]:
            # Sorted here: SQLite before 3.44 cannot order inside an aggregate.
            row[AREAS_INDEX] = AREA_SEPARATOR.join(sorted(row[AREAS_INDEX].split(AREA_SEPARATOR)))
        row[DESCRIPTION_INDEX] = clean_rich_text(row[DESCRIPTION_INDEX])
        if record[STATE_INDEX] != assessed:
            for index in IRM_INDEXES:
                row[index] = None
        yield row


def as_dicts(records):
    for row in records:
        yield dict(zip(NAMES, row, strict=True))


def _batches(records, size=ROWS_PER_CHUNK):
    batch = []
    for row in records:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- Writers ---------------------------------------------------------------------------------


def _csv_value(value):
    if value is None:
        return ""
    if value is True:
        return "1"
    if value is False:
        return "0"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return guard_formula(value)


def csv_stream(records):
    """UTF-8 with a byte-order mark (so spreadsheets detect it), ISO dates, 1/0 booleans, a
    text that a spreadsheet would run as a formula prefixed with ' (guard_formula)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(NAMES)
    yield codecs.BOM_UTF8 + buffer.getvalue().encode()
    for batch in _batches(records):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows([_csv_value(value) for value in row] for row in batch)
        yield buffer.getvalue().encode()


def json_stream(records, meta):
    """{"meta": {...}, "commitments": [{...}, ...]} written a few hundred commitments at a time."""
    head = json.dumps({"meta": meta}, cls=DjangoJSONEncoder)[:-1]
    yield (head + ', "commitments": [').encode()
    separator = "\n"
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    for batch in _batches(as_dicts(records)):
        text = ",\n".join(encoder.encode(row) for row in batch)
        yield (separator + text).encode()
        separator = ",\n"
    yield b"\n]}\n"


# XLSX: SpreadsheetML written by hand into a zip that streams as it is built. openpyxl's
# write-only mode was tried first: it serialises each cell through an XML tree API at about
# 2 ms a row here, so a full export of the 10x demo data (63,000 rows) took 3 minutes, longer
# than a web worker may take; this writer is as fast as the CSV one and truly streams.

XLSX_STATIC_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="commitments" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="styles.xml"/>'
        "</Relationships>"
    ),
    # Style 0: general; style 1: the date format yyyy-mm-dd (number format 164).
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" '
        'applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}
# Characters XML 1.0 does not allow (Excel refuses the file when it meets one).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def _column_letter(index):
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


LETTERS = [_column_letter(index) for index in range(len(COLUMNS))]


def _xlsx_cell(letter, number, value):
    reference = f"{letter}{number}"
    if value is None:
        return ""
    if value is True or value is False:
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'<c r="{reference}"><v>{value}</v></c>'
    if isinstance(value, datetime.date):
        serial = (value - EXCEL_EPOCH).days
        return f'<c r="{reference}" s="1"><v>{serial}</v></c>'
    text = XML_ILLEGAL.sub("", str(value))
    if len(text) > XLSX_MAX_CELL:
        text = text[: XLSX_MAX_CELL - 1] + "…"
    return (
        f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">'
        f"{xml_escape(text)}</t></is></c>"
    )


def _xlsx_row(number, values):
    cells = "".join(
        _xlsx_cell(letter, number, value) for letter, value in zip(LETTERS, values, strict=True)
    )
    return f'<row r="{number}">{cells}</row>'


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


def xlsx_stream(records):
    """One sheet, "commitments", header row first; dates as date cells, text inline (an inline
    string is never a formula, whatever it starts with)."""
    pipe = _Pipe()
    # Fastest deflate level: the sheet is repetitive XML, it still shrinks about 6 times.
    with zipfile.ZipFile(pipe, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in XLSX_STATIC_PARTS.items():
            archive.writestr(name, text)
        yield pipe.take()
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<sheetData>" + _xlsx_row(1, NAMES).encode()
            )
            number = 1
            for batch in _batches(records):
                parts = []
                for row in batch:
                    number += 1
                    parts.append(_xlsx_row(number, row))
                sheet.write("".join(parts).encode())
                yield pipe.take()
            sheet.write(b"</sheetData></worksheet>")
    yield pipe.take()


FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "json": ("application/json", "json"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def filename(extension):
    return f"ogp-commitments-{timezone.localdate().isoformat()}.{extension}"


def stream(export_format, queryset, *, base_url="", meta=None):
    """The chunks of the export. The query runs here, before the response starts: a query
    that fails raises now and the client gets an error answer, never a 200 with a header-only
    CSV or a truncated zip. A failure later, while rows stream, propagates too: the server
    then drops the connection without ending the body, so the download fails visibly."""
    records = rows(queryset, base_url=base_url)
    records = itertools.chain(list(itertools.islice(records, 1)), records)
    if export_format == "csv":
        return csv_stream(records)
    if export_format == "json":
        return json_stream(records, meta or {})
    return xlsx_stream(records)
