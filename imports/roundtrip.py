"""The round trip: every commitment written back in the commitment sheet's shape.

An exported file re-imports unchanged (imports.commitment_sheet describes the columns);
`manage.py export_ogp` writes it as CSV or XLSX.
"""

from django.db.models import Prefetch

from commitments.models import Commitment, PolicyArea
from imports.commitment_sheet import (
    COLUMNS,
    HEADERS,
    IRM_FIELDS,
    TEXT_FIELDS,
    VOCABULARIES,
    PlanReports,
)
from ogp.security import guard_formula
from opendata import writers


def export_rows(report_title=None, queryset=None):
    """The header, then one row per commitment, in the spreadsheet's shape. Streams.

    Each IRM column holds the value of the report the import would file it under
    (commitment_sheet.REPORT_ROUTES, the plan's reports as PlanReports sees them), so that
    the file re-imports unchanged.
    """
    queryset = (queryset or Commitment.objects.all()).order_by("identifier")
    queryset = queryset.select_related("action_plan__member__region").prefetch_related(
        Prefetch("policy_areas", queryset=PolicyArea.objects.only("pk", "name")),
        Prefetch("assessments", to_attr="export_assessments"),
        Prefetch("action_plan__irm_reports", to_attr="export_reports"),
    )
    plan_reports = {}  # plan id -> PlanReports
    yield list(HEADERS)
    for commitment in queryset.iterator(chunk_size=2000):
        plan, member = commitment.action_plan, commitment.action_plan.member
        if plan.pk not in plan_reports:
            plan_reports[plan.pk] = PlanReports.of(
                plan.export_reports, plan.start_year, report_title or ""
            )
        info = plan_reports[plan.pk]
        assessments = {a.report_id: a for a in commitment.export_assessments}
        values = {
            "identifier": commitment.identifier,
            "member": member.name,
            "region": member.region.name,
            "theme": "; ".join(sorted(area.name for area in commitment.policy_areas.all())),
            "year": plan.submission_year,
            "plan_number": plan.number,
            "number": commitment.number if commitment.number is not None else "",
            **{key: getattr(commitment, key) for key in TEXT_FIELDS},
        }
        for key in IRM_FIELDS:
            report = info.report(key) if info.uses(key) else None
            assessment = assessments.get(report.pk) if report is not None else None
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
