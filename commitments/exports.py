"""Exports of the explorer's filtered commitments: CSV, JSON and XLSX, streamed.

One query for the rows (`.values()` with the policy areas aggregated in a correlated subquery,
read with `.iterator(chunk_size=…)`), so memory stays flat and there is no query per row.
The columns are declared once, in COLUMNS; /data/dictionary/ and docs/data-dictionary.md
describe them.
"""

import codecs
import csv
import io
import json
import tempfile
from dataclasses import dataclass

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
    Column("description", "description", "text", _("The action plan's text of the commitment.")),
]

NAMES = [column.name for column in COLUMNS]
SOURCES = [column.source for column in COLUMNS]
VALUE_FIELDS = [source for source in SOURCES if source != "url"]
URL_INDEX = SOURCES.index("url")
AREAS_INDEX = SOURCES.index("policy_area_names")
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
    return value


def csv_stream(records):
    """UTF-8 with a byte-order mark (so spreadsheets detect it), ISO dates, 1/0 booleans."""
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


def _xlsx_value(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if len(value) > XLSX_MAX_CELL:
            value = value[: XLSX_MAX_CELL - 1] + "…"
    return value


def xlsx_stream(records, chunk_bytes=64 * 1024):
    """A write-only workbook (rows go to a temporary file as they come), then its bytes."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("commitments")
    sheet.append(NAMES)
    dates = [index for index, column in enumerate(COLUMNS) if column.type == "date"]
    for row in records:
        row = [_xlsx_value(value) for value in row]
        for index in dates:
            if row[index] is not None:
                cell = WriteOnlyCell(sheet, value=row[index])
                cell.number_format = "yyyy-mm-dd"
                row[index] = cell
        sheet.append(row)
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        while chunk := handle.read(chunk_bytes):
            yield chunk


FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "json": ("application/json", "json"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def filename(extension):
    return f"ogp-commitments-{timezone.localdate().isoformat()}.{extension}"


def stream(export_format, queryset, *, base_url="", meta=None):
    records = rows(queryset, base_url=base_url)
    if export_format == "csv":
        return csv_stream(records)
    if export_format == "json":
        return json_stream(records, meta or {})
    return xlsx_stream(records)
