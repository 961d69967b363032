"""Exports of the explorer's filtered commitments: CSV, JSON and XLSX, streamed.

One query for the rows (`.values_list()` with the policy areas aggregated in a correlated
subquery, read with `.iterator(chunk_size=…)`), so memory stays flat and there is no query per
row; the response is written in chunks of a few hundred rows by the writers of
opendata.writers. The columns are the explorer's view of the published commitments,
opendata.columns.EXPLORER; /data/dictionary/ and docs/data-dictionary.md describe them.
"""

import itertools

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import OuterRef, StringAgg, Subquery, Value
from django.utils import timezone

from commitments.filters import AreaThrough
from commitments.models import IrmState
from ogp.security import guard_formula
from opendata import writers
from opendata.columns import AREA_SEPARATOR, EXPLORER

CHUNK_SIZE = 2000
COLUMNS = EXPLORER.columns
NAMES = EXPLORER.names
VALUE_FIELDS = [column.path for column in COLUMNS if not column.computed]
URL_INDEX = NAMES.index("url")
AREAS_INDEX = NAMES.index("policy_areas")
DESCRIPTION_INDEX = NAMES.index("description")
STATE_INDEX = VALUE_FIELDS.index("irm_state")
MEMBER_SLUG_INDEX = VALUE_FIELDS.index("action_plan__member__slug")
IDENTIFIER_INDEX = VALUE_FIELDS.index("identifier")
IRM_INDEXES = [index for index, column in enumerate(COLUMNS) if column.irm]
CLEAN = COLUMNS[DESCRIPTION_INDEX].clean  # ogp.security.clean_rich_text


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
        row[DESCRIPTION_INDEX] = CLEAN(row[DESCRIPTION_INDEX])
        if record[STATE_INDEX] != assessed:
            for index in IRM_INDEXES:
                row[index] = None
        yield row


def csv_value(value):
    """ISO dates, 1/0 booleans, a text that a spreadsheet would run as a formula prefixed with
    ' (guard_formula)."""
    if value is None:
        return ""
    if value is True:
        return "1"
    if value is False:
        return "0"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return guard_formula(value)


def writer(export_format, meta):
    """CSV: UTF-8 with a byte-order mark (so spreadsheets detect it). JSON: {"meta": {...},
    "commitments": [{...}, ...]}. XLSX: one sheet, "commitments", header row first."""
    if export_format == "csv":
        return writers.CsvWriter(NAMES, [csv_value] * len(NAMES), bom=True)
    if export_format == "json":
        head = DjangoJSONEncoder().encode({"meta": meta})[:-1]
        return writers.JsonWriter(
            NAMES,
            prefix=head + ', "commitments": [',
            suffix="\n]}\n",
            first="\n",
            separator=",\n",
            default=DjangoJSONEncoder().default,
        )
    return writers.XlsxWriter(NAMES, "commitments")


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
    return writers.stream(writer(export_format, meta or {}), records)
