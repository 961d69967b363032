"""Running a recorded import: preview (nothing written) and confirmation (all or nothing)."""

import logging

from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from imports import commitment_plan, commitment_sheet, commitment_write, participation, scores
from imports.base import PREVIEW_ROWS, SheetPlan, apply_sheet, batches, short
from imports.models import ImportRun
from imports.reader import CONTROL, SpreadsheetError, read_spreadsheet
from ogp.data_version import data_changed

logger = logging.getLogger(__name__)

# The sheets an upload may be, recognised by their columns (the first wins a tie).
SHEETS = {"commitments": commitment_sheet, "participation": participation, "scores": scores}
KINDS = {kind: sheet.COLUMNS for kind, sheet in SHEETS.items()}
KIND_TITLES = {kind: sheet.TITLE for kind, sheet in SHEETS.items()}


def read_and_plan(source, filename="", report_title="", preview=False):
    """Read any of the three sheets (recognised by its columns) and plan its import.

    `source` is the file's bytes or a binary file (read as a stream). Raises
    imports.reader.SpreadsheetError when the file as a whole is unusable. With `preview`, the
    rows are read from the file as they are planned, and a commitment sheet's plan is only what
    a preview shows (plan_import()): it cannot be written.
    """
    sheet = read_spreadsheet(source, filename, KINDS, KIND_TITLES, stream_rows=preview)
    try:
        if sheet.kind == "commitments":
            return commitment_plan.plan_import(sheet, report_title, preview=preview)
        if sheet.kind == "participation":
            return participation.plan_participation(sheet)
        return scores.plan_scores(sheet)
    finally:
        if preview:
            sheet.rows.close()  # the reading ends with the planning, even when planning fails


def apply_plan(plan, user=None, reason="Import", progress=None):
    if isinstance(plan, SheetPlan):
        return apply_sheet(plan, user=user, reason=reason, progress=progress)
    return commitment_write.apply_import(plan, user=user, reason=reason, progress=progress)


def preview_data(plan):
    """What the preview page shows: errors first, then changed and new rows."""
    order = {"error": 0, "changed": 1, "new": 2}
    shown = sorted(
        (row for row in plan.rows if row.status != "unchanged"),
        key=lambda row: (order[row.status], row.row),
    )
    counts = plan.counts()
    listed = counts["error"] + counts["changed"] + counts["new"]
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
        "hidden": max(0, listed - PREVIEW_ROWS),
        "ignored_columns": plan.sheet.ignored,
        "kept": kept_summary(plan),
    }


def kept_summary(plan):
    """One line per IRM column whose blank or ND cells kept recorded values: "Kept: the sheet
    has no data – Specificity: 120 rows (2, 5, 9, …)". Empty for other sheets."""
    lines = []
    kept = getattr(plan, "kept", {})
    for header in sorted(kept, key=commitment_sheet.HEADERS.index):
        count, rows = kept[header]
        listed = ", ".join(str(number) for number in rows) + (", …" if count > len(rows) else "")
        lines.append(
            _("Kept: the sheet has no data for %(column)s on %(count)s rows (%(rows)s).")
            % {"column": header, "count": f"{count:,}", "rows": listed}
        )
    return lines


def record_plan(run, plan):
    run.kind = plan.sheet.kind
    counts = plan.counts()
    run.record_counts(counts)
    run.preview = preview_data(plan)
    if counts["error"]:
        run.status = ImportRun.Status.REJECTED
        run.message = _("%(count)s rows have errors: nothing can be written.") % {
            "count": f"{counts['error']:,}"
        }
    else:
        run.message = ""
    run.save()


def unexpected(error):
    """The message for a failure that is not the file's fault (the error is logged)."""
    reason = CONTROL.sub("\ufffd", short(str(error), 300))
    return _(
        "The file could not be read or checked because of an unexpected error "
        "(%(error)s: %(reason)s); nothing was written. The error is logged."
    ) % {"error": type(error).__name__, "reason": reason}


def plan_run(run, preview=True):
    """Read the run's file and plan the import; records counts and preview. Writes no data.

    A run never stays "previewed" when this fails: a file refused as a whole ends "rejected"
    with the reason, any other error "failed" with it (and is logged). The plan returned is a
    preview's (read_and_plan()), unless `preview` is false: apply_run() plans again to write.
    """
    try:
        # Savepoints: a database error while checking or recording leaves the transaction of
        # apply_run() usable, so that the run can still be marked failed.
        with run.file.open("rb") as stream, transaction.atomic():
            plan = read_and_plan(stream, run.filename, run.report_title, preview=preview)
        with transaction.atomic():
            record_plan(run, plan)
    except SpreadsheetError as error:
        status, message = ImportRun.Status.REJECTED, str(error)
    except Exception as error:
        logger.exception("Import #%s: reading or checking the file failed", run.pk)
        status, message = ImportRun.Status.FAILED, unexpected(error)
    else:
        return plan
    run.status, run.message, run.preview = status, message, {}
    run.record_counts({"rows": 0, "new": 0, "changed": 0, "unchanged": 0, "error": 0})
    run.save()
    return None


def apply_run(run, user=None, progress=None, plan=None):
    """Write the run's file, all or nothing. Returns True when applied.

    Without `plan`, the file is checked again against the database as it is now (the admin's
    confirmation may come long after the preview). The run records the outcome either way.
    """
    with transaction.atomic():
        # A second confirmation (a double click) waits here, then finds the run applied.
        locked = ImportRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != ImportRun.Status.PREVIEWED:
            return False
        if plan is None:
            plan = plan_run(run, preview=False)
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
            run.status = ImportRun.Status.FAILED
            run.message = _(
                "The database refused the import, so nothing was written: %(error)s"
            ) % {"error": error}
            run.save()
            return False
    return True


# --- Reverting -------------------------------------------------------------------------------


class RevertRefused(Exception):
    """The import cannot be reverted safely (the message says why)."""


def _tracked():
    from commitments.models import ActionPlan, Commitment, Milestone
    from irm.models import (
        CommitmentAssessment,
        IrmReport,
        ParticipationAssessment,
        ThirdPartyScore,
    )
    from members.models import Contact, Member, Resource

    # Children before parents (the order of deletion); (child model, foreign key) per parent.
    models = [
        CommitmentAssessment,
        ParticipationAssessment,
        ThirdPartyScore,
        Commitment,
        IrmReport,
        ActionPlan,
        Member,
    ]
    children = {
        Member: [
            (ActionPlan, "member"),
            (Contact, "member"),
            (Resource, "member"),
            (ThirdPartyScore, "member"),
            (Member, "parent"),
        ],
        ActionPlan: [
            (Commitment, "action_plan"),
            (IrmReport, "action_plan"),
            (ParticipationAssessment, "action_plan"),
        ],
        Commitment: [(CommitmentAssessment, "commitment"), (Milestone, "commitment")],
        IrmReport: [(CommitmentAssessment, "report"), (ParticipationAssessment, "report")],
    }
    return models, children


def revert_run(run, user=None):
    """Undo an applied import: delete what it created, restore what it changed.

    Refused (RevertRefused, nothing done) when any record it touched has changed since, or
    when something added since hangs on a record it created, or when a commitment it moved
    would go back to its old plan with assessments on the new plan's reports. Returns the
    number of records deleted or restored. Every record deleted or restored gets a history
    entry "Revert of Import #n".
    """
    from commitments.models import Commitment
    from irm.models import CommitmentAssessment
    from irm.services import refresh_findings

    if run.status != ImportRun.Status.APPLIED:
        raise RevertRefused(_("Only an applied import can be reverted."))
    models, children = _tracked()
    reason, revert_reason = run.change_reason, f"Revert of {run.change_reason}"
    entries = {
        model: list(model.history.filter(history_change_reason=reason).order_by("history_id"))
        for model in models
    }
    created = {
        m: {r.id for r in records if r.history_type == "+"} for m, records in entries.items()
    }
    changed = {
        m: [r for r in records if r.history_type == "~" and r.id not in created[m]]
        for m, records in entries.items()
    }
    for model, records in entries.items():
        if not records:
            continue
        ids = sorted({r.id for r in records})
        first = records[0].history_id
        for batch in batches(ids):
            later = (
                model.history.filter(id__in=batch, history_id__gt=first)
                .exclude(history_change_reason=reason)
                .first()
            )
            if later is not None:
                raise RevertRefused(
                    _(
                        "%(model)s “%(record)s” has changed since this import: revert those "
                        "records by hand from their history."
                    )
                    % {"model": capfirst(model._meta.verbose_name), "record": later.instance}
                )
    for parent, relations in children.items():
        for child, field_name in relations:
            for batch in batches(sorted(created[parent])):
                extra = child.objects.filter(**{f"{field_name}__in": batch}).exclude(
                    pk__in=created.get(child, set())
                )
                if extra.exists():
                    raise RevertRefused(
                        _(
                            "%(children)s were added since to %(parents)s this import created: "
                            "remove them first, or revert by hand."
                        )
                        % {
                            "children": capfirst(child._meta.verbose_name_plural),
                            "parents": parent._meta.verbose_name_plural,
                        }
                    )
    done = 0
    refresh = set()
    with transaction.atomic():
        for model in models:
            ids = sorted(created[model])
            for batch in batches(ids):
                if hasattr(model, "commitment_id"):  # assessments: refresh their commitments
                    rows = model.objects.filter(pk__in=batch).values_list("commitment_id")
                    refresh.update(pk for (pk,) in rows)
                model.objects.filter(pk__in=batch).delete()
                model.history.filter(id__in=batch, history_type="-").update(
                    history_change_reason=revert_reason, history_user=user
                )
            done += len(ids)
            for record in changed[model]:
                previous = record.prev_record
                if previous is None:
                    continue
                instance = previous.instance
                if model is Commitment:
                    through = Commitment.policy_areas.through
                    through.objects.filter(commitment_id=instance.pk).delete()
                    through.objects.bulk_create(
                        through(commitment_id=instance.pk, policyarea_id=link.policyarea_id)
                        for link in previous.policy_areas.all()
                    )
                    refresh.add(instance.pk)
                elif hasattr(instance, "commitment_id"):
                    refresh.add(instance.commitment_id)
                instance._history_user, instance._change_reason = user, revert_reason
                instance.save()
                done += 1
        # A commitment the import moved goes back to its old plan: refused (all rolled back)
        # if assessments added since are on the new plan's reports (move_error's rule).
        restored = sorted({record.id for record in changed[Commitment]})
        for batch in batches(restored):
            stray = CommitmentAssessment.objects.filter(commitment_id__in=batch).exclude(
                report__action_plan_id=F("commitment__action_plan_id")
            )
            stray = stray.select_related("commitment").first()
            if stray is not None:
                raise RevertRefused(
                    _(
                        "Commitment %(identifier)s would go back to its old action plan, but it "
                        "has IRM assessments on reports of the plan this import moved it to: "
                        "delete those assessments first, or revert by hand."
                    )
                    % {"identifier": stray.commitment.identifier}
                )
        refresh_findings(sorted(pk for pk in refresh if pk not in created[Commitment]))
        data_changed()  # bulk writes send no signal: invalidate cached pages here
        run.status = ImportRun.Status.REVERTED
        values = {"when": f"{timezone.now():%Y-%m-%d %H:%M}", "user": user, "done": f"{done:,}"}
        if user:
            message = _("Reverted %(when)s UTC by %(user)s: %(done)s records deleted or restored.")
        else:
            message = _("Reverted %(when)s UTC: %(done)s records deleted or restored.")
        run.message = message % values
        run.save()
    return done
