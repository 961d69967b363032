"""Writes that span models: keeping each commitment's effective IRM values current.

A commitment's `irm_*` columns are derived from its assessments (field by field, the latest
report that set it) and its action plan's IRM coverage. They are stored, not computed per
request, so the explorer, the exports and the profile can filter and aggregate on indexed
columns. Call `refresh_findings()` after writing assessments, reports or a plan's coverage.
"""

from collections import defaultdict
from itertools import batched

from django.db import transaction
from django.utils import timezone

from commitments.models import Commitment
from commitments.vocabularies import DERIVED_FIELDS, FINDINGS_FIELDS, NO_DATA_FIELD
from irm import methods, metrics
from irm.findings import unassessed_state
from irm.models import CommitmentAssessment, IrmReport
from ogp.data_version import data_changed

FINDINGS_COLUMNS = {  # Commitment column: Findings attribute
    column: column.removeprefix("irm_") for column in FINDINGS_FIELDS
}
DERIVED_COLUMNS = list(DERIVED_FIELDS)
UPDATE_FIELDS = [*FINDINGS_COLUMNS, NO_DATA_FIELD, *DERIVED_COLUMNS]

ASSESSMENT_VALUE_FIELDS = metrics.MERGED_FIELDS


def _ids(commitments):
    if hasattr(commitments, "values_list"):
        return list(commitments.values_list("pk", flat=True))
    return [getattr(item, "pk", item) for item in commitments]


def plan_methods(plans):
    """{plan id: the plan's method} for these plans (objects with pk and start_year), from
    their published reports in one query (`irm.methods.plan_method`)."""
    plans = {plan.pk: plan for plan in plans}
    reports = defaultdict(list)
    for plan_id, report_type, year in (
        IrmReport.objects.filter(action_plan_id__in=list(plans), published=True)
        .order_by("action_plan_id", "year", "pk")
        .values_list("action_plan_id", "type", "year")
    ):
        reports[plan_id].append((report_type, year))
    return {pk: methods.plan_method(reports[pk], plan.start_year) for pk, plan in plans.items()}


def findings_for(state_if_none, assessment_rows, method=None):
    """Findings from assessment rows (dicts with report__year/report__type and values), for a
    plan of `method`."""
    assessments = [
        metrics.Assessment(
            report_year=row["report__year"],
            report_era=IrmReport(type=row["report__type"], year=row["report__year"]).era,
            values={name: row[name] for name in ASSESSMENT_VALUE_FIELDS},
        )
        for row in assessment_rows
    ]
    return metrics.merge_assessments(state_if_none, assessments, method)


def no_data_of(findings, assessment_rows):
    """The indicators some report said it has no data for and no report set (the effective
    value stays the latest real value), in the order of `irm.methods.INDICATORS`, as a tuple."""
    said = {name for row in assessment_rows for name in row["no_data"] or ()}
    return tuple(
        name
        for name in methods.INDICATORS
        if name in said and getattr(findings, name) in (None, "")
    )


def _comparable(value):
    return tuple(value) if isinstance(value, list) else value


def apply_findings(commitment, findings):
    """Set a commitment's irm_* attributes from Findings (does not save)."""
    for column, attribute in FINDINGS_COLUMNS.items():
        value = getattr(findings, attribute)
        setattr(commitment, column, value)
    bucket, reason = metrics.focus(findings)
    commitment.irm_state = findings.state
    commitment.irm_method = findings.method or ""
    commitment.irm_starred = metrics.STORED_STAR.get(metrics.star_status(findings))
    commitment.irm_potentially_starred = metrics.STORED_STAR.get(
        metrics.potential_star_status(findings)
    )
    commitment.irm_ambitious = metrics.is_ambitious(findings)
    commitment.irm_focus = bucket
    commitment.irm_design_reason = reason


def refresh_findings(commitments, batch_size=2000):
    """Recompute and store the effective IRM values of these commitments.

    Only the assessments of published IRM reports count: a draft report entered by a
    researcher changes nothing the public sees until it is published.

    `commitments` is a queryset or an iterable of commitments or ids. Per batch: two reads,
    then one UPDATE per distinct set of new values among the commitments that changed. That
    number is bounded by the vocabularies (in practice a few dozen), not by the number of
    commitments or assessments, and is zero when nothing changed. The plans' methods come
    from a third read, of their published reports. A commitment whose values
    change gets a new `updated_at` (its version): its admin page shows them, so a page opened
    before is refused rather than saved over the change. Returns the number of commitments
    refreshed.
    """
    refreshed = 0
    for batch in batched(_ids(commitments), batch_size):
        with transaction.atomic():
            rows = list(
                Commitment.objects.filter(pk__in=batch)
                .select_related("action_plan")
                .only("pk", "action_plan__irm_coverage", "action_plan__start_year", *UPDATE_FIELDS)
            )
            method_of = plan_methods({row.action_plan for row in rows})
            by_commitment = defaultdict(list)
            assessment_rows = (
                CommitmentAssessment.objects.of_published_reports()
                .filter(commitment_id__in=batch)
                .order_by("commitment_id", "report__year", "report_id")
                .values(
                    "commitment_id",
                    "report__year",
                    "report__type",
                    "no_data",
                    *ASSESSMENT_VALUE_FIELDS,
                )
            )
            for row in assessment_rows:
                by_commitment[row["commitment_id"]].append(row)
            changed = defaultdict(list)  # new values -> ids of the commitments that take them
            for commitment in rows:
                before = tuple(_comparable(getattr(commitment, name)) for name in UPDATE_FIELDS)
                state_if_none = unassessed_state(commitment.action_plan.irm_coverage)
                assessments = by_commitment[commitment.pk]
                findings = findings_for(
                    state_if_none, assessments, method_of[commitment.action_plan_id]
                )
                apply_findings(commitment, findings)
                commitment.irm_no_data = no_data_of(findings, assessments)
                after = tuple(_comparable(getattr(commitment, name)) for name in UPDATE_FIELDS)
                if after != before:
                    changed[after].append(commitment.pk)
            now = timezone.now()
            for values, ids in changed.items():
                for chunk in batched(ids, 500):
                    Commitment.objects.filter(pk__in=chunk).update(
                        **dict(zip(UPDATE_FIELDS, values, strict=True)), updated_at=now
                    )
            if changed:
                data_changed()  # update() sends no signal: invalidate cached pages here
            refreshed += len(rows)
    return refreshed


def refresh_plan_findings(action_plan):
    return refresh_findings(Commitment.objects.filter(action_plan=action_plan))


def refresh_all_findings(batch_size=2000):
    return refresh_findings(Commitment.objects.order_by("pk"), batch_size=batch_size)
