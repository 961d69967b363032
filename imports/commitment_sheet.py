"""OGP's commitment spreadsheet: its columns, its vocabularies and the checks of one row.

The columns are described in docs/imports.md. Importing the sheet takes three steps, so that
nothing is written until everything has been checked:

1. `read_spreadsheet(data, filename)` (here) turns CSV or XLSX bytes into rows of text, or
   raises imports.reader.SpreadsheetError when the file as a whole cannot be used.
2. `imports.commitment_plan.plan_import(sheet, report_title=None)` checks every row against the
   vocabularies and the database and works out, per row, whether it is new, changed (which
   fields, old → new), unchanged or in error. It reads the database in a fixed number of
   queries per batch of rows and writes nothing.
3. `imports.commitment_write.apply_import(plan, user=None, reason="Import")` writes a plan
   that has no errors, all of it or nothing (one transaction), with a history entry for every
   record it creates or changes, then refreshes the effective IRM values of the touched
   commitments.

`imports.roundtrip.export_rows()` writes the same shape back, so that an exported file
re-imports unchanged.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commitments.models import Completion, EarlyResults, PotentialImpact, Specificity
from imports import reader
from imports.base import (
    MEMBER_COLUMN,
    Plan,
    check_cells,
    choice,
    display,
    flag,
    integer,
    short,
    vocabulary,
)
from imports.reader import Column
from irm import methods
from irm.methods import Method, report_indicators
from irm.models import IrmReport
from members.models import FIRST_YEAR
from ogp import translated

TITLE = gettext_lazy("OGP's commitment spreadsheet")
SOURCE_URL = URLValidator(schemes=["http", "https"])
COLUMNS = [
    Column("identifier", "Commitment Unique Identifier", required=True),
    MEMBER_COLUMN,
    Column("region", "Region", required=True),
    Column("theme", "Theme"),
    Column("year", "Year Of Submission", required=True),
    Column("plan_number", "Action Plan Number", required=True),
    Column("number", "Commitment Number"),
    *reader.in_languages(Column("title", "Commitment Title", required=True, max_length=500)),
    *reader.in_languages(Column("short_title", "Short Title", max_length=200)),
    *reader.in_languages(Column("description", "Full Text")),
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
    *translated.with_language_columns(["title", "short_title", "description"]),
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


VOCABULARIES = {
    "specificity": (Specificity, vocabulary(Specificity)),
    "potential_impact": (PotentialImpact, vocabulary(PotentialImpact)),
    "completion": (
        Completion,
        vocabulary(Completion, completed=Completion.COMPLETE, no_evidence=Completion.NO_EVIDENCE),
    ),
    "early_results": (
        EarlyResults,
        vocabulary(EarlyResults, **{"didn't change": EarlyResults.DID_NOT_CHANGE}),
    ),
}
IRM_FIELDS = FLAG_FIELDS + list(VOCABULARIES)

# --- Which report each IRM column goes to -----------------------------------------------------

Type = IrmReport.Type
LOCAL = (Type.LOCAL_REVIEW, Type.SELF_ASSESSMENT)  # OGP Local: every indicator, by year
_ORIGINAL_DESIGN = (Type.PROGRESS, *LOCAL)
_TRANSITION_DESIGN = (Type.DESIGN, *LOCAL)
_TRANSITION_RESULTS = (Type.IMPLEMENTATION, Type.TRANSITIONAL_RESULTS, *LOCAL)
# The report types that take each IRM column, by the plan's method (plan_method()), in order of
# preference: the plan's first existing report of those types that assesses the indicator takes
# the value, else a new report of the first type is created. A column its plan's method does
# not use (absent here) may only be blank or ND. Each type assesses its column under that
# method (irm.methods.measuring_report_types; tests/imports/test_routing.py checks it).
# "Completion (Progress Report)" is the mid-term completion of the 2011–2017 method; the later
# methods have no mid-term report, and their completion is the end of term's.
REPORT_ROUTES = {
    Method.ORIGINAL: {
        **dict.fromkeys(FLAG_FIELDS, _ORIGINAL_DESIGN),
        "specificity": _ORIGINAL_DESIGN,
        "potential_impact": _ORIGINAL_DESIGN,
        "completion": _ORIGINAL_DESIGN,
        "early_results": (Type.END_OF_TERM, *LOCAL),
    },
    Method.TRANSITION: {
        **dict.fromkeys(FLAG_FIELDS, _TRANSITION_DESIGN),
        "specificity": _TRANSITION_DESIGN,
        "potential_impact": _TRANSITION_DESIGN,
        "completion": _TRANSITION_RESULTS,
        "early_results": _TRANSITION_RESULTS,
    },
    Method.REFRESH: {
        "completion": (Type.RESULTS, *LOCAL),
    },
}
# The title of a report the import creates: "<member> <noun> <start>-<end>".
CREATED_TITLES = {
    Type.PROGRESS: "IRM Progress Report",
    Type.END_OF_TERM: "IRM End-of-Term Report",
    Type.DESIGN: "IRM Design Report",
    Type.IMPLEMENTATION: "IRM Implementation Report",
    Type.RESULTS: "IRM Results Report",
}
# Created reports of these types are dated the year after the plan's submission, the others
# (results) the year after its end.
DESIGN_TYPES = {Type.PROGRESS, Type.DESIGN}


def plan_method(reports, start_year):
    """The method of an action plan (`irm.methods.plan_method`), from its report objects."""
    ordered = sorted(reports, key=lambda report: (report.year, report.pk or 0))
    return methods.plan_method(
        [(report.type, report.year) for report in ordered if report.published], start_year
    )


def assesses(report, key):
    return key in report_indicators(report.type, report.year)


@dataclass
class PlanReports:
    """One action plan's reports as the sheet's columns see them: its method, its reports by
    type (a final report before a draft of the same type) and the report the import names."""

    method: Method
    by_type: dict
    named: object = None  # the named report of this plan, existing or created
    title: str = ""  # the title the import names ("": none)
    named_type: str = ""  # the type of the named report when the import creates it
    problem: str = ""  # why the named report cannot be created

    @classmethod
    def of(cls, reports, start_year, title=""):
        by_type = {}
        for report in sorted(reports, key=lambda r: r.stage != IrmReport.Stage.FINAL):
            by_type.setdefault(report.type, report)
        named = next((r for r in reports if title and r.title == title), None)
        return cls(plan_method(reports, start_year), by_type, named, title)

    def uses(self, key):
        """Whether the plan's method has a report for this column."""
        return key in REPORT_ROUTES[self.method]

    def report(self, key):
        """The report that takes this column: the named one if it assesses it, else the first
        of the column's types (REPORT_ROUTES) that the plan has and that assesses it (reports
        this import creates included); None when there is none yet (new_type() says which)."""
        if self.named is not None and assesses(self.named, key):
            return self.named
        for report_type in REPORT_ROUTES[self.method].get(key, ()):
            report = self.by_type.get(report_type)
            if report is not None and assesses(report, key):
                return report
        return None

    def new_type(self, key):
        return REPORT_ROUTES[self.method][key][0]

    def add(self, report):
        self.by_type.setdefault(report.type, report)
        if self.title and report.title == self.title:
            self.named = report


def read_spreadsheet(source, filename=""):
    """Read a commitment sheet (imports.reader.read_spreadsheet with this sheet's columns)."""
    return reader.read_spreadsheet(
        source, filename, {"commitments": COLUMNS}, {"commitments": TITLE}
    )


KEPT_ROWS = 10  # row numbers the summary of kept values names, per column


@dataclass
class ImportPlan(Plan):
    """What importing a commitment sheet would do: the records to create and to change."""

    report_title: str = ""
    new_members: list = field(default_factory=list)
    new_prefixes: list = field(default_factory=list)  # the identifier prefix of each new member
    changed_members: list = field(default_factory=list)
    new_plans: list = field(default_factory=list)
    changed_plans: list = field(default_factory=list)
    new_reports: list = field(default_factory=list)
    new_commitments: list = field(default_factory=list)
    changed_commitments: dict = field(default_factory=dict)  # identifier -> (obj, fields)
    areas: dict = field(default_factory=dict)  # identifier -> (obj, area ids), when they change
    existing_links: dict = field(default_factory=dict)  # commitment id -> {area id: link id}
    new_assessments: list = field(default_factory=list)
    changed_assessments: list = field(default_factory=list)  # (assessment, changed fields)
    # Blank or ND cells over recorded values, which stay: column header -> [rows, first rows].
    kept: dict = field(default_factory=dict)

    def note_kept(self, row, headers):
        """Count a row's cells that keep their recorded value (the first KEPT_ROWS rows named)."""
        for header in headers:
            entry = self.kept.setdefault(header, [0, []])
            entry[0] += 1
            if len(entry[1]) < KEPT_ROWS:
                entry[1].append(row)

    def drop_records(self):
        """Forget the records of the rows planned so far (a preview's plan only counts them).

        The members, action plans and reports stay: later rows are checked against them.
        """
        for records in (
            self.new_commitments,
            self.changed_commitments,
            self.areas,
            self.existing_links,
            self.new_assessments,
            self.changed_assessments,
        ):
            records.clear()


def clean_row(result, values, columns):
    """Check the values of one row that need no database. Returns {key: value}.

    Every cell is checked, so that a row shows all its errors at once; a cell refused by
    check_cells() is not checked again (it is absent from the values returned)."""
    clean = check_cells(result, values, columns, COLUMN)

    def checkable(key):
        return key in clean or key not in columns  # not refused above (a missing column is)

    if checkable("identifier"):
        identifier = clean.get("identifier", "").upper()
        if not re.fullmatch(r"[A-Z]{2,8}[0-9]{4}", identifier):
            result.error(
                "identifier",
                _("“%(identifier)s” is not a member prefix and four digits.")
                % {"identifier": identifier},
            )
        clean["identifier"] = identifier
    if checkable("year"):
        clean["year"] = integer(result, clean, "year", FIRST_YEAR, timezone.now().year + 1)
    if checkable("plan_number"):
        clean["plan_number"] = integer(result, clean, "plan_number", 1, 99)
    if "number" in clean:
        clean["number"] = integer(result, clean, "number", 1, 32767) if clean["number"] else None
    if clean.get("source_url"):
        try:
            SOURCE_URL(clean["source_url"])
        except ValidationError:
            result.error(
                "source_url",
                _("“%(url)s” is not a web address.") % {"url": short(clean["source_url"])},
            )
    for key in FLAG_FIELDS:
        if key in clean:
            clean[key] = flag(result, clean, key)
    for key, (choices, table) in VOCABULARIES.items():
        if key in clean:
            value = choice(result, clean, key, choices, table)
            if value is not None:
                clean[key] = value
    return clean


def display_value(key, value, area_names=None):
    """A value of a column as a preview shows it (old → new)."""
    if key == "theme":
        return "; ".join(sorted(area_names[pk] for pk in value)) or "—"
    if key in VOCABULARIES and value not in (None, ""):
        return str(VOCABULARIES[key][0](value).label)
    return display(value)
