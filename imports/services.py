"""Running a recorded import: preview (nothing written) and confirmation (all or nothing)."""

from django.db import DatabaseError, transaction
from django.utils import timezone

from commitments import imports
from imports import irm_sheets
from imports.models import ImportRun

PREVIEW_ROWS = 1000  # rows kept for display; counts cover every row


def read_and_plan(data, filename="", report_title=""):
    """Read any of the three sheets (recognised by its columns) and plan its import.

    Raises commitments.imports.SpreadsheetError when the file as a whole is unusable.
    """
    sheet = imports.read_spreadsheet(data, filename, kinds=irm_sheets.KINDS)
    if sheet.kind == "commitments":
        return imports.plan_import(sheet, report_title)
    return irm_sheets.plan_sheet(sheet)


def apply_plan(plan, user=None, reason="Import", progress=None):
    if isinstance(plan, irm_sheets.SheetPlan):
        return irm_sheets.apply_sheet(plan, user=user, reason=reason, progress=progress)
    return imports.apply_import(plan, user=user, reason=reason, progress=progress)


def preview_data(plan):
    """What the preview page shows: errors first, then changed and new rows."""
    order = {"error": 0, "changed": 1, "new": 2}
    shown = sorted(
        (row for row in plan.rows if row.status != "unchanged"),
        key=lambda row: (order[row.status], row.row),
    )
    return {
        "rows": [
            {
                "row": row.row,
                "identifier": row.identifier,
                "status": row.status,
                "changes": [[str(c), str(old), str(new)] for c, old, new in row.changes],
                "notes": row.notes,
                "errors": [[column, reason] for column, reason in row.errors],
            }
            for row in shown[:PREVIEW_ROWS]
        ],
        "hidden": max(0, len(shown) - PREVIEW_ROWS),
        "ignored_columns": plan.sheet.ignored,
    }


def record_plan(run, plan):
    run.kind = plan.sheet.kind
    run.record_counts(plan.counts())
    run.preview = preview_data(plan)
    if plan.errors:
        run.status = ImportRun.Status.REJECTED
        run.message = f"{len(plan.errors):,} rows have errors: nothing can be written."
    else:
        run.message = ""
    run.save()


def plan_run(run):
    """Read the run's file and plan the import; records counts and preview. Writes no data."""
    try:
        with run.file.open("rb") as stream:
            data = stream.read()
        plan = read_and_plan(data, run.filename, run.report_title)
    except imports.SpreadsheetError as error:
        run.status = ImportRun.Status.REJECTED
        run.message = str(error)
        run.preview = {}
        run.save()
        return None
    record_plan(run, plan)
    return plan


def apply_run(run, user=None, progress=None, plan=None):
    """Write the run's file, all or nothing. Returns True when applied.

    Without `plan`, the file is checked again against the database as it is now (the admin's
    confirmation may come long after the preview). The run records the outcome either way.
    """
    if plan is None:
        plan = plan_run(run)
    else:
        record_plan(run, plan)
    if plan is None or plan.errors:
        return False
    try:
        with transaction.atomic():
            apply_plan(plan, user=user, reason=run.change_reason, progress=progress)
            run.status = ImportRun.Status.APPLIED
            run.applied_at = timezone.now()
            run.applied_by = user
            run.save()
    except DatabaseError as error:
        run.refresh_from_db()
        run.status = ImportRun.Status.FAILED
        run.message = f"The database refused the import, so nothing was written: {error}"
        run.save()
        return False
    return True
