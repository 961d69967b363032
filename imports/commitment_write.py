"""Writing a checked commitment plan (imports.commitment_plan.plan_import), all or nothing.

One transaction; a history entry (simple_history) for every record created or changed; then
the effective IRM values of the touched commitments are refreshed.
"""

from collections import defaultdict

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from commitments.models import Commitment
from imports.base import UPDATE_BATCH, batches
from irm.findings import unassessed_state
from irm.models import CommitmentAssessment
from irm.services import (
    ASSESSMENT_VALUE_FIELDS,
    apply_findings,
    findings_for,
    plan_methods,
    refresh_findings,
)
from ogp.data_version import data_changed


def apply_import(plan, user=None, reason="Import", progress=None):
    """Write a checked plan, all of it or nothing. Returns the plan's counts."""
    if plan.preview:
        raise ValueError("A preview's plan holds no records to write: plan the import again.")
    plan.refuse_errors()
    progress = progress or (lambda stage, done, total: None)
    now = timezone.now()
    history = {"default_user": user, "default_change_reason": reason, "default_date": now}
    with transaction.atomic():
        for obj in [*plan.new_members, *plan.changed_members]:
            obj._history_user, obj._change_reason = user, reason
            obj.save()
        for prefix in plan.new_prefixes:
            prefix.member = prefix.member  # picks up the id of a member saved just above
            prefix._history_user, prefix._change_reason = user, reason
            prefix.save()
        for obj in [*plan.new_plans, *plan.changed_plans]:
            obj.member = obj.member  # picks up the id of a member saved just above
            obj._history_user, obj._change_reason = user, reason
            obj.save()
        for report in plan.new_reports:
            report.action_plan = report.action_plan
            report._history_user, report._change_reason = user, reason
            report.save()

        new = plan.new_commitments
        changed = [obj for obj, _fields in plan.changed_commitments.values()]
        total = len(new) + len(changed)
        _set_findings_of_new(new, plan.new_assessments)
        for done, batch in enumerate(batches(new, 500)):
            Commitment.objects.bulk_create(batch)
            progress("commitments", min((done + 1) * 500, len(new)), total)
        fields = {name for _obj, names in plan.changed_commitments.values() for name in names}
        for commitment in changed:
            commitment.action_plan = commitment.action_plan
            commitment.updated_at = now
        for done, batch in enumerate(batches(changed, UPDATE_BATCH)):
            Commitment.objects.bulk_update(batch, [*sorted(fields), "updated_at"])
            done_rows = min((done + 1) * UPDATE_BATCH, len(changed))
            progress("commitments", len(new) + done_rows, total)

        # Policy areas: replace the links of the commitments whose areas change.
        through = Commitment.policy_areas.through
        links = {pk: dict(areas) for pk, areas in plan.existing_links.items()}
        replaced = list(plan.areas.values())
        for batch in batches([obj.pk for obj, _areas in replaced if obj.pk in links]):
            through.objects.filter(commitment_id__in=batch).delete()
        new_links = (
            through(commitment_id=obj.pk, policyarea_id=area_id)
            for obj, areas in replaced
            for area_id in sorted(areas)
        )
        for obj, _areas in replaced:
            links[obj.pk] = {}
        for batch in batches(new_links, 2000):
            for link in through.objects.bulk_create(batch):
                links[link.commitment_id][link.policyarea_id] = link.pk

        # History: one entry per commitment created or changed (fields or policy areas),
        # with the policy areas it has after the import. Written batch by batch, so that the
        # historical rows of a large file are never all in memory at once.
        updated = {obj.identifier: obj for obj in changed}
        new_identifiers = {c.identifier for c in new}
        for obj, _areas in replaced:
            if obj.identifier not in new_identifiers:
                updated.setdefault(obj.identifier, obj)
        m2m_model = apps.get_model("commitments", "HistoricalCommitment_policy_areas")
        for objs, update in ((new, False), (list(updated.values()), True)):
            for batch in batches(objs, 1000):
                records = Commitment.history.bulk_history_create(batch, update=update, **history)
                m2m_model.objects.bulk_create(
                    [
                        m2m_model(
                            history_id=record.pk,
                            id=link_id,
                            commitment_id=record.id,
                            policyarea_id=area,
                        )
                        for record in records
                        for area, link_id in links.get(record.id, {}).items()
                    ],
                    batch_size=2000,
                )

        # Assessments.
        for assessment in plan.new_assessments:
            assessment.commitment = assessment.commitment
            assessment.report = assessment.report
        for batch in batches(plan.new_assessments, 1000):
            CommitmentAssessment.objects.bulk_create(batch)
            CommitmentAssessment.history.bulk_history_create(batch, **history)
        fields = sorted({name for _obj, names in plan.changed_assessments for name in names})
        changed_assessments = [obj for obj, _names in plan.changed_assessments]
        for batch in batches(changed_assessments, UPDATE_BATCH):
            CommitmentAssessment.objects.bulk_update(batch, fields)
            CommitmentAssessment.history.bulk_history_create(batch, update=True, **history)

        # A commitment's admin page shows its policy areas and assessments: a commitment
        # whose areas or assessments changed (and no field, which moved its version above)
        # gets a new version too, so a page opened before the import is refused, not saved
        # over it.
        versioned = {obj.pk for obj, _areas in replaced}
        versioned |= {a.commitment_id for a in plan.new_assessments}
        versioned |= {a.commitment_id for a in changed_assessments}
        versioned -= {c.pk for c in new} | {c.pk for c in changed}
        for batch in batches(sorted(versioned), 500):
            Commitment.objects.filter(pk__in=batch).update(updated_at=now)

        # New commitments got their findings before they were created. Refresh those whose
        # assessments changed, or whose plan (and so IRM coverage) did.
        touched = {
            obj.pk for obj, names in plan.changed_commitments.values() if "action_plan" in names
        }
        touched |= {a.commitment_id for a in plan.new_assessments}
        touched -= {c.pk for c in new}
        touched |= {a.commitment_id for a in changed_assessments}
        progress("findings", 0, len(touched))
        refresh_findings(sorted(touched), batch_size=UPDATE_BATCH)
        progress("findings", len(touched), len(touched))
        data_changed()  # bulk writes send no signal: invalidate cached pages here
    return plan.counts()


def _set_findings_of_new(commitments, assessments):
    """Set the effective IRM values of new commitments from their (new) assessments.

    The same rules as irm.services.refresh_findings(), without its bulk update, which costs
    more than the whole insert: a new commitment has no other assessment to merge. Its
    assessments (one per report its columns go to) are merged in refresh_findings' order:
    report year, then report id (the reports are saved by now).
    """
    assessments_of = defaultdict(list)
    for assessment in assessments:
        if assessment.commitment.pk is None:
            assessments_of[id(assessment.commitment)].append(assessment)
    for commitment in commitments:
        commitment.action_plan = commitment.action_plan  # the id of a plan saved just now
    method_of = plan_methods({commitment.action_plan for commitment in commitments})
    for commitment in commitments:
        state = unassessed_state(commitment.action_plan.irm_coverage)
        found = sorted(
            (a for a in assessments_of.get(id(commitment), ()) if a.report.published),
            key=lambda a: (a.report.year, a.report.pk),
        )
        rows = [
            {
                "report__year": a.report.year,
                "report__type": a.report.type,
                **{name: getattr(a, name) for name in ASSESSMENT_VALUE_FIELDS},
            }
            for a in found
        ]
        apply_findings(commitment, findings_for(state, rows, method_of[commitment.action_plan_id]))
