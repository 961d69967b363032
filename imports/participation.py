"""The IRM's participation sheet: one row per action plan (columns: docs/imports.md).

Same reading, checks and guarantees as the commitment sheet (imports.base): it updates the
participation of action plans that exist already, and creates no member or plan.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commitments.models import ActionPlan
from imports.base import (
    MEMBER_COLUMN,
    SheetPlan,
    batches,
    choice,
    diff,
    flag,
    integer,
    mark_errors,
    member_of,
    member_sheet_rows,
    vocabulary,
)
from imports.reader import Column, normalise
from irm.models import IrmReport, ParticipationAssessment

TITLE = gettext_lazy("a participation sheet")
COLUMNS = [
    MEMBER_COLUMN,
    Column("plan_number", "Action Plan Number", required=True),
    Column("development_level", "Development Level"),
    Column("implementation_level", "Implementation Level"),
    Column("development_open", "Development Open"),
    Column("implementation_open", "Implementation Open"),
    Column("forum_existed", "Forum Existed"),
    Column("forum_met_regularly", "Forum Met Regularly"),
    Column("acted_contrary_to_process", "Acted Contrary To Process"),
    Column("standard_forum", "Standard 1 Forum"),
    Column("standard_repository", "Standard 2 Repository"),
    Column("standard_inclusive", "Standard 3 Inclusive Participation"),
    Column("standard_reasoned_response", "Standard 4 Reasoned Response"),
    Column("standard_implementation", "Standard 5 Participation During Implementation"),
    Column("report", "IRM Report", max_length=300),
]
HEADERS = {column.key: column for column in COLUMNS}

LEVELS = vocabulary(ParticipationAssessment.Level)
LEVEL_FIELDS = ["development_level", "implementation_level"]
OPEN_FIELDS = ["development_open", "implementation_open"]
OPEN_WORDS = {"open": True, "closed": False, "invitation only": False}
# The other value columns (forum, process and the five standards) are 1/0 flags.
FLAG_FIELDS = [
    column.key
    for column in COLUMNS
    if column.key not in {"member", "plan_number", "report", *LEVEL_FIELDS, *OPEN_FIELDS}
]


def plan_participation(sheet):
    rows, members, member_ids = member_sheet_rows(sheet, COLUMNS)
    plan = SheetPlan(
        sheet=sheet,
        model=ParticipationAssessment,
        rows=[r for r, _c in rows],
        after_write=_version_plans,
    )
    action_plans, existing, reports = {}, {}, {}
    for batch in batches(member_ids):
        for action_plan in ActionPlan.objects.filter(member_id__in=batch):
            action_plans[(action_plan.member_id, action_plan.number)] = action_plan
        for assessment in ParticipationAssessment.objects.filter(action_plan__member_id__in=batch):
            existing[assessment.action_plan_id] = assessment
        for report in IrmReport.objects.filter(action_plan__member_id__in=batch):
            reports[(report.action_plan_id, report.title)] = report
    seen = {}
    for result, clean in rows:
        if result.errors:
            continue
        number = integer(result, clean, "plan_number", 1, 99)
        member = member_of(result, clean, members)
        if member is None:
            continue
        action_plan = action_plans.get((member.pk, number))
        if number and action_plan is None:
            result.error(
                "plan_number",
                _("%(member)s has no action plan %(number)s.")
                % {"member": member.name, "number": number},
            )
        if result.errors:
            continue
        result.identifier = f"{member.name} – {number}"
        if action_plan.pk in seen:
            result.error(
                "plan_number",
                _("This plan is also on row %(row)s.") % {"row": seen[action_plan.pk]},
            )
            continue
        seen[action_plan.pk] = result.row
        values = {}
        for key in LEVEL_FIELDS:
            if key in clean:
                level = choice(result, clean, key, ParticipationAssessment.Level, LEVELS)
                if level is not None:
                    values[key] = level
        for key in OPEN_FIELDS:
            if key in clean:
                word = OPEN_WORDS.get(normalise(clean[key]))
                values[key] = word if word is not None else flag(result, clean, key)
        for key in FLAG_FIELDS:
            if key in clean:
                values[key] = flag(result, clean, key)
        if clean.get("report"):
            report = reports.get((action_plan.pk, clean["report"]))
            if report is None:
                result.error(
                    "report",
                    _("%(plan)s has no IRM report “%(report)s”.")
                    % {"plan": action_plan, "report": clean["report"]},
                )
            values["report"] = report
        elif "report" in clean:
            values["report"] = None
        if result.errors:
            continue
        assessment = existing.get(action_plan.pk) or ParticipationAssessment(
            action_plan=action_plan
        )
        forum = values.get("forum_existed", assessment.forum_existed)
        if values.get("forum_met_regularly", assessment.forum_met_regularly) and not forum:
            result.error("forum_met_regularly", _("A forum that met regularly must have existed."))
            continue
        plan.add(result, assessment, diff(result, assessment, values, HEADERS))
    mark_errors(plan.rows)
    return plan


def _version_plans(written, now):
    """The action plan's admin page shows its participation: give the plans a new version, so
    a page opened before the import is refused, not saved over it."""
    plans = sorted({obj.action_plan_id for obj in written})
    for batch in batches(plans, 500):
        ActionPlan.objects.filter(pk__in=batch).update(updated_at=now)
