"""Exports of the explorer's filtered commitments: CSV, JSON and XLSX, streamed.

Two resources: the commitments (one row each), and with `?resource=assessments` their IRM
assessments, one row per published report that assessed one (the bulk files' `assessments`
resource, `opendata.columns.ASSESSMENTS`, read by `opendata.build.read_assessments`: by
commitment, each commitment's reports oldest first, one query).

One query for the rows (`.values_list()` with the policy areas aggregated in a correlated
subquery, read with `.iterator(chunk_size=…)`), so memory stays flat and there is no query per
row; the response is written in chunks of a few hundred rows by opendata.writers. COLUMNS are
the commitments' published columns (opendata.columns) as the explorer shows them, with a few
of its own; /data/dictionary/ and docs/data-dictionary.md describe them.
"""

import datetime
import itertools
from dataclasses import replace
from urllib.parse import quote

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import OuterRef, StringAgg, Subquery, Value
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from commitments.filters import AreaThrough
from commitments.models import IrmState
from irm.models import CommitmentAssessment
from ogp import translated
from ogp.citation import DATASET, Citation
from ogp.data_version import data_version
from ogp.security import guard_formula
from opendata import build, columns, writers
from opendata.licence import LICENCE
from opendata.schema import LIST_DELIMITER, Column

CHUNK_SIZE = 2000
AREA_SEPARATOR = "; "


def shown(column, description, **changes):
    """A column of the commitments resource as the explorer's exports show it."""
    return replace(columns.COMMITMENTS.column(column), description=description, **changes)


def _in_language(description, language):
    return gettext(
        "%(description)s In %(language)s; empty when not translated (the English text applies)."
    ) % {
        "description": description,
        "language": translated.LANGUAGE_NAMES[language],
    }


def shown_in_languages(column, description):
    """A translatable column and, after it, its translations (title_es, title_fr): the
    registry's translation columns, described in the explorer's words."""
    english = shown(column, description)
    return [
        english,
        *(
            replace(
                columns.COMMITMENTS.column(name),
                description=lazy(_in_language, str)(description, language),
            )
            for name, language in zip(
                translated.language_columns(column), translated.OTHER_LANGUAGES, strict=True
            )
        ),
    ]


def finding(name, description, **changes):
    """An IRM value of the commitment: empty unless irm_state is "assessed"."""
    return shown(name, description, irm=True, **changes)


COLUMNS = [
    shown("identifier", _("Commitment identifier, e.g. SEO0001.")),
    *shown_in_languages("title", _("Commitment title.")),
    *shown_in_languages("short_title", _("Short title, if any.")),
    shown("member", _("Member name."), source="action_plan__member__name"),
    Column("member_slug", "string", _("Member's key in site URLs."), "action_plan__member__slug"),
    replace(
        columns.MEMBERS.column("kind"),
        name="member_kind",
        description=_("National or local member."),
        source="action_plan__member__kind",
    ),
    Column("country_code", "string", _("ISO 3166 alpha-2."), "action_plan__member__country_code"),
    Column("region", "string", _("OGP region."), "action_plan__member__region__name"),
    shown("action_plan_number", _("Action plan number.")),
    Column("action_plan_title", "string", _("Action plan title."), "action_plan__title"),
    Column(
        "submission_year",
        "integer",
        _("Year the action plan was submitted."),
        "action_plan__submission_year",
    ),
    Column("plan_start_year", "integer", _("Plan's first year."), "action_plan__start_year"),
    Column("plan_end_year", "integer", _("Plan's last year."), "action_plan__end_year"),
    shown(
        "number",
        _("Its number within the action plan."),
        name="commitment_number",
        source="number",
    ),
    shown("status", _("Active, inactive or withdrawn; empty when not reported.")),
    shown("start_date", _("Start date (ISO 8601).")),
    shown("end_date", _("End date (ISO 8601).")),
    shown("lead_institution", _("Lead institution.")),
    shown("supporting_institutions", _("Supporting institutions.")),
    shown(
        "primary_policy_area",
        _("Primary policy area name."),
        source="primary_policy_area__name",
    ),
    shown("primary_sector", _("Primary sector as OGP's data names it (free text).")),
    shown(
        "policy_areas",
        _("Every policy area, by name, separated by “; ”."),
        type="string",
        source="policy_area_names",  # commitments.exports aggregates them in SQL
        computed=False,
    ),
    shown(
        "claims_access_to_information",
        _("The plan claims the OGP value access to information."),
    ),
    shown("claims_civic_participation", _("The plan claims the OGP value civic participation.")),
    shown(
        "claims_public_accountability",
        _("The plan claims the OGP value public accountability."),
    ),
    shown("claims_technology", _("The plan claims the OGP value technology and innovation.")),
    shown(
        "irm_state",
        _(
            "Whether the IRM assessed it. The IRM values from irm_specificity to "
            "irm_potentially_starred are empty unless this is “assessed”."
        ),
    ),
    shown("irm_method", _("The plan’s IRM method: 2011, 2018 (stars) or 2021 (no stars).")),
    finding("irm_specificity", _("Specificity (2011–2020).")),
    finding("irm_verifiable", _("Verifiable (2021+).")),
    finding(
        "irm_relevant_access_to_information",
        _("IRM: relevant to access to information (2011–2020)."),
    ),
    finding(
        "irm_relevant_civic_participation",
        _("IRM: relevant to civic participation (2011–2020)."),
    ),
    finding(
        "irm_relevant_public_accountability",
        _("IRM: relevant to public accountability (2011–2020)."),
    ),
    finding(
        "irm_relevant_technology", _("IRM: relevant to technology and innovation (2011–2020).")
    ),
    finding("irm_open_government_lens", _("IRM: open government lens (2021+).")),
    finding("irm_potential_impact", _("Potential impact (2011–2020).")),
    finding("irm_potential_results", _("Potential for results (2021+).")),
    finding(
        "irm_ambitious",
        _("High ambition: transformative potential impact or substantial potential for results."),
    ),
    finding("irm_completion", _("Completion.")),
    finding("irm_early_results", _("Did it open government? (2011–2020).")),
    finding("irm_early_results_refresh", _("Early results (2021+ results reports).")),
    finding("irm_promising", _("Promising (2021+).")),
    finding(
        "irm_no_data",
        _(
            "Indicators a report said it has no data for (and no report set), separated by "
            "“; ”: “No IRM data” there, where an empty value alone is “not reported”."
        ),
        type="string",
    ),
    finding(
        "irm_starred",
        _("Starred commitment: yes / no; empty while undecided or under the 2021+ method."),
    ),
    finding(
        "irm_potentially_starred",
        _("Potentially starred (the design half of the star): yes / no; empty while undecided."),
    ),
    shown("irm_focus", _("Bucket of “How to get more starred commitments”.")),
    shown("irm_design_reason", _("For “focus on design”: the first design rule it fails.")),
    Column("url", "string", _("The commitment's page on this site."), computed=True),
    *shown_in_languages(
        "description",
        _(
            "The action plan's text of the commitment: HTML sanitised as on the commitment's "
            "page (paragraphs, line breaks, lists, emphasis, links, headings and quotes "
            "only; no scripts, styles or event attributes), or plain text."
        ),
    ),
]


NAMES = [column.name for column in COLUMNS]
VALUE_FIELDS = [column.path for column in COLUMNS if not column.computed]
URL_INDEX = NAMES.index("url")
AREAS_INDEX = NAMES.index("policy_areas")
NO_DATA_INDEX = NAMES.index("irm_no_data")
STATE_INDEX = VALUE_FIELDS.index("irm_state")
MEMBER_SLUG_INDEX = VALUE_FIELDS.index("action_plan__member__slug")
IDENTIFIER_INDEX = VALUE_FIELDS.index("identifier")
IRM_INDEXES = [index for index, column in enumerate(COLUMNS) if column.irm]
# The columns whose values the registry cleans (the description: ogp.security.clean_rich_text).
CLEANERS = [(index, column.clean) for index, column in enumerate(COLUMNS) if column.clean]


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
        row[NO_DATA_INDEX] = AREA_SEPARATOR.join(row[NO_DATA_INDEX] or ()) or None
        for index, clean in CLEANERS:
            row[index] = clean(row[index])
        if record[STATE_INDEX] != assessed:
            for index in IRM_INDEXES:
                row[index] = None
        yield row


# --- The assessments of the filtered commitments ----------------------------------------------

ASSESSMENT_COLUMNS = [
    replace(
        column,
        type="string",
        description=column.description.replace(
            f"Separated by '{LIST_DELIMITER}'", f"Separated by “{AREA_SEPARATOR}”"
        ),
    )
    if column.type == "list"
    else column
    for column in columns.ASSESSMENTS.columns
]
ASSESSMENT_NAMES = [column.name for column in ASSESSMENT_COLUMNS]
LIST_INDEXES = [
    index for index, column in enumerate(columns.ASSESSMENTS.columns) if column.type == "list"
]


def assessment_rows(commitments):
    """The assessments of these commitments (of published reports), as lists in
    ASSESSMENT_COLUMNS order; a list (the effective fields) is joined as the commitments'
    policy areas are."""
    queryset = CommitmentAssessment.objects.of_published_reports().filter(
        commitment__in=commitments.order_by().values("pk")
    )
    for row in build.read_assessments(queryset):
        for index in LIST_INDEXES:
            row[index] = AREA_SEPARATOR.join(row[index]) or None
        yield [None if value == "" else value for value in row]


RESOURCE_COLUMNS = {"commitments": COLUMNS, "assessments": ASSESSMENT_COLUMNS}
RESOURCES = {  # ?resource=: (header, rows of the filtered commitments)
    "commitments": (NAMES, rows),
    "assessments": (ASSESSMENT_NAMES, lambda queryset, base_url="": assessment_rows(queryset)),
}


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


def writer(export_format, meta, resource="commitments"):
    """CSV: UTF-8 with a byte-order mark (so spreadsheets detect it), a plain table. JSON:
    {"meta": {..., "provenance": {...}}, "<resource>": [{...}, ...]}. XLSX: one sheet named
    after the resource, header row first, and the provenance on a second sheet."""
    names = RESOURCES[resource][0]
    kinds = [column.kind for column in RESOURCE_COLUMNS[resource]]
    return table_writer(export_format, names, meta, resource, kinds=kinds)


def table_writer(export_format, names, meta, name, *, kinds=None):
    """The writer of an export whose rows are under `name`: the explorer's and the
    comparison's (members.compare)."""
    if export_format == "csv":
        return writers.CsvWriter(names, csv_value, bom=True)
    if export_format == "json":
        head = DjangoJSONEncoder().encode({"meta": meta})[:-1]
        return writers.JsonWriter(
            names,
            prefix=head + f', "{name}": [',
            suffix="\n]}\n",
            first="\n",
            separator=",\n",
            default=DjangoJSONEncoder().default,
        )
    about = about_lines(meta["provenance"]) if "provenance" in meta else ()
    return writers.XlsxWriter(
        names, name, kinds=kinds, about=about, about_name=gettext("About")[:31]
    )


# --- Where an export came from -----------------------------------------------------------------

RESOURCE_TITLES = {
    "commitments": _("OGP commitments"),
    "assessments": _("IRM assessments of OGP commitments"),
}


def provenance(*, title, filters, url):
    """Where an export came from, for its reader and whoever cites it: what it holds (`title`),
    the filters as a sentence and the address of the page that shows the same rows (`url`,
    absolute), when, from which version of the data, under which terms, and how to cite it."""
    version = data_version()
    now = timezone.now()
    changed = datetime.datetime.fromtimestamp(version["changed_at"], datetime.UTC)
    return {
        "title": str(title),
        "filters": filters or gettext("None: every published commitment."),
        "url": url,
        "generated_at": now.isoformat(timespec="seconds"),
        "data_version": version["token"],
        "data_changed_at": changed.isoformat(timespec="seconds"),
        "licence": LICENCE.statement(),
        "licence_url": LICENCE.url,
        "citation": Citation.of(title, url, DATASET).text,
    }


def about_lines(provenance):
    """The provenance as (label, text) lines: the XLSX's second sheet."""
    return [
        (gettext("Title"), provenance["title"]),
        (gettext("Filters"), provenance["filters"]),
        (gettext("Address"), provenance["url"]),
        (gettext("Generated"), provenance["generated_at"]),
        (gettext("Data version"), provenance["data_version"]),
        (gettext("Data last changed"), provenance["data_changed_at"]),
        (gettext("Licence"), provenance["licence"]),
        (gettext("How to cite"), provenance["citation"]),
    ]


def _header_text(text):
    """A text for an HTTP header, in the RFC 8187 form (UTF-8, percent-encoded): any language,
    and no line break can end the header."""
    return "UTF-8''" + quote(text, safe="")


def provenance_headers(response, provenance, dictionary_url):
    """The provenance in HTTP headers, on every format: a CSV stays a plain table (a comment
    line would break its readers), so these are where its provenance is."""
    response["Link"] = ", ".join(
        [
            f'<{provenance["url"]}>; rel="alternate"; type="text/html"',
            f'<{dictionary_url}>; rel="describedby"; type="text/html"',
            f'<{provenance["licence_url"]}>; rel="license"',
        ]
    )
    response["X-OGP-Data-Version"] = provenance["data_version"]
    response["X-OGP-Generated-At"] = provenance["generated_at"]
    response["X-OGP-Filters"] = _header_text(provenance["filters"])
    response["X-OGP-Citation"] = _header_text(provenance["citation"])
    return response


FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "json": ("application/json", "json"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def filename(extension, resource="commitments"):
    return f"ogp-{resource}-{timezone.localdate().isoformat()}.{extension}"


def stream(export_format, queryset, *, base_url="", meta=None, resource="commitments"):
    """The chunks of the export. The query runs here, before the response starts: a query
    that fails raises now and the client gets an error answer, never a 200 with a header-only
    CSV or a truncated zip. A failure later, while rows stream, propagates too: the server
    then drops the connection without ending the body, so the download fails visibly."""
    records = RESOURCES[resource][1](queryset, base_url=base_url)
    records = itertools.chain(list(itertools.islice(records, 1)), records)
    return writers.stream(writer(export_format, meta or {}, resource), records)
