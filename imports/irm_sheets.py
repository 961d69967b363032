"""The IRM's participation sheet and the third-party score sheet (columns: docs/imports.md).

Same reading, checks and guarantees as the commitment sheet (commitments.imports): every row is
checked before anything is written, one error rejects the file, the write is one transaction,
and every record created or changed gets a history entry "Import #n". These sheets update
records of members and action plans that exist already; they create none.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from commitments.imports import (
    COLUMNS,
    MISSING,
    Column,
    ImportRejected,
    RowResult,
    _vocabulary,
    batches,
    check_cells,
    flag,
    integer,
    normalise,
)
from commitments.models import ActionPlan
from irm.models import GlobalReportDimension, IrmReport, ParticipationAssessment, ThirdPartyScore
from members.models import Member

PARTICIPATION_COLUMNS = [
    Column("member", "Country/Locality", required=True, max_length=200),
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
SCORE_COLUMNS = [
    Column("member", "Country/Locality", required=True, max_length=200),
    Column("dimension", "Dimension", required=True),
    Column("indicator", "Indicator", required=True, max_length=200),
    Column("source", "Source", required=True, max_length=200),
    Column("value", "Value", required=True),
    Column("scale_min", "Scale Min"),
    Column("scale_max", "Scale Max"),
    Column("score_year", "Year", required=True),
    Column("score_url", "URL", max_length=500),
]
KINDS = {
    "commitments": COLUMNS,
    "participation": PARTICIPATION_COLUMNS,
    "scores": SCORE_COLUMNS,
}

LEVELS = _vocabulary(ParticipationAssessment.Level)
LEVEL_FIELDS = ["development_level", "implementation_level"]
OPEN_FIELDS = ["development_open", "implementation_open"]
OPEN_WORDS = {"open": True, "closed": False, "invitation only": False}
FLAG_FIELDS = [
    "forum_existed",
    "forum_met_regularly",
    "acted_contrary_to_process",
    "standard_forum",
    "standard_repository",
    "standard_inclusive",
    "standard_reasoned_response",
    "standard_implementation",
]
MAX_SCORE = Decimal("999999.99")  # DecimalField(max_digits=8, decimal_places=2)


@dataclass
class SheetPlan:
    """What importing a participation or score sheet would do (same interface as ImportPlan)."""

    sheet: object
    model: type
    rows: list
    new: list = field(default_factory=list)
    changed: list = field(default_factory=list)  # (object, changed fields)

    @property
    def errors(self):
        return [row for row in self.rows if row.errors]

    def counts(self):
        counts = {"rows": len(self.rows), "new": 0, "changed": 0, "unchanged": 0, "error": 0}
        for row in self.rows:
            counts[row.status] += 1
        return counts

    @property
    def has_changes(self):
        return bool(self.new or self.changed)


def _display(value, model_field=None):
    if model_field is not None and model_field.choices and value:
        return str(dict(model_field.flatchoices).get(value, value))
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _diff(result, obj, values, headers):
    """Set values on obj; record old → new on the row. Returns the changed field names."""
    changed = []
    for name, value in values.items():
        old = getattr(obj, name)
        if old != value:
            if obj.pk:
                model_field = obj._meta.get_field(name)
                result.changes.append(
                    (headers[name].header, _display(old, model_field), _display(value, model_field))
                )
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _rows(sheet, columns):
    headers = {column.key: column for column in columns}
    for number, values in sheet.rows:
        result = RowResult(row=number, identifier="", headers=headers)
        yield result, check_cells(result, values, sheet.columns, headers)


def plan_sheet(sheet):
    if sheet.kind == "participation":
        return plan_participation(sheet)
    if sheet.kind == "scores":
        return plan_scores(sheet)
    raise ValueError(f"Not a participation or score sheet: {sheet.kind}")


def _members():
    return {normalise(member.name): member for member in Member.objects.all()}


def plan_participation(sheet):
    headers = {column.key: column for column in PARTICIPATION_COLUMNS}
    members = _members()
    rows = list(_rows(sheet, PARTICIPATION_COLUMNS))
    plan = SheetPlan(sheet=sheet, model=ParticipationAssessment, rows=[r for r, _c in rows])
    member_ids = {
        members[normalise(clean["member"])].pk
        for _r, clean in rows
        if normalise(clean.get("member", "")) in members
    }
    action_plans, existing, reports = {}, {}, {}
    for batch in batches(sorted(member_ids)):
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
        member = members.get(normalise(clean["member"]))
        number = integer(result, clean, "plan_number", 1, 99)
        if member is None:
            result.error("member", f"Unknown member “{clean['member']}”.")
            continue
        action_plan = action_plans.get((member.pk, number))
        if number and action_plan is None:
            result.error("plan_number", f"{member.name} has no action plan {number}.")
        if result.errors:
            continue
        result.identifier = f"{member.name} – {number}"
        if action_plan.pk in seen:
            result.error("plan_number", f"This plan is also on row {seen[action_plan.pk]}.")
            continue
        seen[action_plan.pk] = result.row
        values = {}
        for key in LEVEL_FIELDS:
            if key in clean:
                text = normalise(clean[key])
                if text in MISSING:
                    values[key] = ""
                elif text in LEVELS:
                    values[key] = LEVELS[text]
                else:
                    labels = ", ".join(str(label) for label in ParticipationAssessment.Level.labels)
                    result.error(key, f"“{clean[key]}” is not one of: {labels}, ND, NA or blank.")
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
                result.error("report", f"{action_plan} has no IRM report “{clean['report']}”.")
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
            result.error("forum_met_regularly", "A forum that met regularly must have existed.")
            continue
        changed = _diff(result, assessment, values, headers | {"report": headers["report"]})
        if assessment.pk is None:
            result.status = "new"
            plan.new.append(assessment)
        elif changed:
            result.status = "changed"
            plan.changed.append((assessment, changed))
    for result in plan.rows:
        if result.errors:
            result.status = "error"
    return plan


def _decimal(result, clean, key, default=None):
    text = clean.get(key, "")
    if not text:
        if default is None:
            result.error(key, "Required.")
        return default
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        result.error(key, f"“{text}” is not a number.")
        return None
    if not value.is_finite() or abs(value) > MAX_SCORE:
        result.error(key, f"{text} is out of range.")
        return None
    if value != value.quantize(Decimal("0.01")):
        result.error(key, f"{text} has more than two decimals.")
        return None
    return value.quantize(Decimal("0.01"))


def plan_scores(sheet):
    headers = {column.key: column for column in SCORE_COLUMNS}
    members = _members()
    dimensions = {}
    for dimension in GlobalReportDimension.objects.all():
        dimensions[normalise(dimension.name)] = dimension
        dimensions.setdefault(normalise(dimension.slug), dimension)
    rows = list(_rows(sheet, SCORE_COLUMNS))
    plan = SheetPlan(sheet=sheet, model=ThirdPartyScore, rows=[r for r, _c in rows])
    member_ids = {
        members[normalise(clean["member"])].pk
        for _r, clean in rows
        if normalise(clean.get("member", "")) in members
    }
    existing = {}
    for batch in batches(sorted(member_ids)):
        for score in ThirdPartyScore.objects.filter(member_id__in=batch):
            key = (score.member_id, score.dimension_id, score.indicator, score.source, score.year)
            existing[key] = score
    validate_url = URLValidator()
    seen = {}
    for result, clean in rows:
        if result.errors:
            continue
        member = members.get(normalise(clean["member"]))
        if member is None:
            result.error("member", f"Unknown member “{clean['member']}”.")
        dimension = dimensions.get(normalise(clean["dimension"]))
        if dimension is None:
            result.error("dimension", f"Unknown dimension “{clean['dimension']}”.")
        year = integer(result, clean, "score_year", 1990, 2100)
        value = _decimal(result, clean, "value")
        scale_min = _decimal(result, clean, "scale_min", Decimal("0.00"))
        scale_max = _decimal(result, clean, "scale_max", Decimal("100.00"))
        url = clean.get("score_url", "")
        if url:
            try:
                validate_url(url)
            except ValidationError:
                result.error("score_url", f"“{url}” is not a web address.")
        if result.errors:
            continue
        if scale_max <= scale_min:
            result.error("scale_max", f"The scale must run upwards ({scale_min} to {scale_max}).")
        elif not scale_min <= value <= scale_max:
            result.error("value", f"{value} is outside the scale {scale_min}–{scale_max}.")
        if result.errors:
            continue
        key = (member.pk, dimension.pk, clean["indicator"], clean["source"], year)
        result.identifier = f"{member.name} – {clean['indicator']} {year}"
        if key in seen:
            result.error("indicator", f"The same score is also on row {seen[key]}.")
            continue
        seen[key] = result.row
        values = {"value": value, "scale_min": scale_min, "scale_max": scale_max}
        if "score_url" in clean:
            values["url"] = url
        score = existing.get(key) or ThirdPartyScore(
            member=member,
            dimension=dimension,
            indicator=clean["indicator"],
            source=clean["source"],
            year=year,
        )
        headers_by_field = {
            "value": headers["value"],
            "scale_min": headers["scale_min"],
            "scale_max": headers["scale_max"],
            "url": headers["score_url"],
        }
        changed = _diff(result, score, values, headers_by_field)
        if score.pk is None:
            result.status = "new"
            plan.new.append(score)
        elif changed:
            result.status = "changed"
            plan.changed.append((score, changed))
    for result in plan.rows:
        if result.errors:
            result.status = "error"
    return plan


def apply_sheet(plan, user=None, reason="Import", progress=None):
    """Write a checked participation or score plan, all of it or nothing."""
    if plan.errors:
        raise ImportRejected(f"{len(plan.errors)} rows have errors: nothing was written.")
    history = {
        "default_user": user,
        "default_change_reason": reason,
        "default_date": timezone.now(),
    }
    model = plan.model
    with transaction.atomic():
        for batch in batches(plan.new, 500):
            model.objects.bulk_create(batch)
            model.history.bulk_history_create(batch, **history)
        fields = sorted({name for _obj, names in plan.changed for name in names})
        for batch in batches([obj for obj, _names in plan.changed], 200):
            model.objects.bulk_update(batch, fields)
            model.history.bulk_history_create(batch, update=True, **history)
        if model is ParticipationAssessment:
            # The action plan's admin page shows its participation: give the plans a new
            # version, so a page opened before the import is refused, not saved over it.
            written = [*plan.new, *(obj for obj, _names in plan.changed)]
            plans = sorted({obj.action_plan_id for obj in written})
            for batch in batches(plans, 500):
                ActionPlan.objects.filter(pk__in=batch).update(updated_at=history["default_date"])
    if progress:
        progress(model._meta.verbose_name_plural, len(plan.new) + len(plan.changed), len(plan.rows))
    return plan.counts()
