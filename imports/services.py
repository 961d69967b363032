"""Running a recorded import: preview (nothing written) and confirmation (all or nothing)."""

from django.db import DatabaseError, transaction
from django.utils import timezone

from commitments import imports
from imports.models import ImportRun

PREVIEW_ROWS = 1000  # rows kept for display; counts cover every row


def preview_data(plan):
    """What the preview page shows: errors first, then new and changed rows."""
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


def plan_run(run):
    """Read the run's file and plan the import; records counts and preview. Writes no data."""
    try:
        with run.file.open("rb") as stream:
            data = stream.read()
        sheet = imports.read_spreadsheet(data, run.filename)
    except imports.SpreadsheetError as error:
        run.status = ImportRun.Status.REJECTED
        run.message = str(error)
        run.preview = {}
        run.save()
        return None
    plan = imports.plan_import(sheet, run.report_title)
    run.record_counts(plan.counts())
    run.preview = preview_data(plan)
    if plan.errors:
        run.status = ImportRun.Status.REJECTED
        run.message = f"{len(plan.errors):,} rows have errors: nothing can be written."
    else:
        run.message = ""
    run.save()
    return plan


def apply_run(run, user=None, progress=None):
    """Re-check the file against the database as it is now, then write it, all or nothing.

    Returns True when applied. The run records the outcome either way.
    """
    plan = plan_run(run)
    if plan is None or plan.errors:
        return False
    try:
        with transaction.atomic():
            imports.apply_import(plan, user=user, reason=run.change_reason, progress=progress)
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
