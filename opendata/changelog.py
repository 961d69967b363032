"""The public change log: what changed in the published columns of a record, and when.

Built from the django-simple-history records every model keeps. Which fields are public comes
from the one declaration of the published columns (`opendata.columns`): a column read straight
from a field staff edit (not a relation, not computed, not `updated_at`, not the effective IRM
values `refresh_findings` recomputes) is tracked; every other field (the OGP page link,
`published` itself) never shows. Who made a change
is never read.

Only versions of a record that were published count: the first published version is its
"published" event, each later published version that differs from the previous published one
in a public field is a "changed" event listing the fields (old → new). Edits made while a
record was unpublished show, folded together, when it is published again. Only records the
public sees now are followed (`published()` querysets), so a deleted or hidden record has no
log. One query per model, whatever the history's length; pages and feeds paginate the events.

The Atom feeds (`opendata.feeds`) and the history pages (`opendata.history`) read the events
here; the profile, plan and commitment pages show the date of the latest one.
"""

import functools
from dataclasses import dataclass

from django.db import models
from django.urls import reverse
from django.utils import formats
from django.utils.html import strip_tags
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from commitments.models import ActionPlan, Commitment
from irm.models import IrmReport
from members.models import Member
from ogp import translated
from opendata import columns

# The records a log follows, each with the published columns that describe it.
RESOURCES = {
    Member: columns.MEMBERS,
    ActionPlan: columns.ACTION_PLANS,
    Commitment: columns.COMMITMENTS,
    IrmReport: columns.IRM_REPORTS,
}
NOT_TRACKED = {"updated_at"}  # a column of its own, changed by every save
SHOWN_WORDS = 30  # long text (descriptions, summaries) is shown cut to this many words

# What an event is about, per model and kind: the feed entry's and the log's heading.
HEADINGS = {
    (Member, "published"): gettext_lazy("New member"),
    (Member, "changed"): gettext_lazy("Profile changed"),
    (ActionPlan, "published"): gettext_lazy("New action plan"),
    (ActionPlan, "changed"): gettext_lazy("Action plan changed"),
    (Commitment, "published"): gettext_lazy("New commitment"),
    (Commitment, "changed"): gettext_lazy("Commitment changed"),
    (IrmReport, "published"): gettext_lazy("IRM report published"),
    (IrmReport, "changed"): gettext_lazy("IRM report changed"),
}


@functools.cache
def public_fields(model):
    """The names of `model`'s fields that a published column reads as they are and staff edit.

    The effective IRM values of a commitment (`irm_*`, not editable) are left out:
    `refresh_findings` writes them without a history record, so their history would date a
    recomputation at the next edit of the commitment."""
    concrete = {
        field.name
        for field in model._meta.concrete_fields
        if field.editable
        and not (field.is_relation or field.primary_key)
        and field.name not in NOT_TRACKED
    }
    return tuple(
        column.path
        for column in RESOURCES[model].columns
        if not column.computed and column.path in concrete
    )


@dataclass(frozen=True)
class Change:
    field: str
    old: object
    new: object


@dataclass
class Event:
    """A published or changed version of a record; `subject` is the record as it is now."""

    kind: str  # "published" or "changed"
    subject: models.Model
    history_id: int
    date: object  # an aware datetime
    changes: tuple = ()

    @property
    def model(self):
        return type(self.subject)

    @property
    def key(self):
        """Unique across the logs (the feeds' entry ids)."""
        return f"{self.model._meta.model_name}-{self.history_id}"

    @property
    def heading(self):
        return HEADINGS[self.model, self.kind]

    @property
    def title(self):
        """The subject's name in the active language."""
        name = "name" if self.model is Member else "title"
        return translated.localized(self.subject, name)[0]

    @property
    def url(self):
        return subject_url(self.subject)

    def shown_changes(self):
        """(label, old, new) of each change, as text of the active language."""
        return [
            (field_label(self.model, change.field), *shown_values(self.model, change))
            for change in self.changes
        ]


def subject_url(subject):
    """The public page of a record; an IRM report is shown on its plan's page."""
    if isinstance(subject, Member):
        return reverse("members:member-detail", args=[subject.slug])
    if isinstance(subject, ActionPlan):
        return reverse("members:action-plan-detail", args=[subject.member.slug, subject.number])
    if isinstance(subject, Commitment):
        plan = subject.action_plan
        return reverse("members:commitment-detail", args=[plan.member.slug, subject.identifier])
    plan = subject.action_plan
    return reverse("members:action-plan-detail", args=[plan.member.slug, plan.number]) + (
        f"#report-{subject.pk}"
    )


def field_label(model, name):
    return capfirst(str(model._meta.get_field(name).verbose_name))


def _shown(field, value):
    labels = dict(field.flatchoices) if field.choices else {}
    if labels and not isinstance(value, list | dict) and value in labels:
        return str(labels[value])  # a code's label (a blank code may have one: "Not reported")
    if value is None or value == "" or value == []:
        return _("(empty)")
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, models.DateField):
        return formats.date_format(value, pgettext("day of a change", "j F Y"))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(field, models.TextField):
        return Truncator(strip_tags(str(value))).words(SHOWN_WORDS)
    return str(value)


def shown_values(model, change):
    field = model._meta.get_field(change.field)
    return _shown(field, change.old), _shown(field, change.new)


def events_of(subjects):
    """The events of `subjects` (records of one model, as the public sees them now), oldest
    first: one query for their history."""
    subjects = {subject.pk: subject for subject in subjects}
    if not subjects:
        return []
    model = type(next(iter(subjects.values())))
    fields = public_fields(model)
    records = (
        model.history.filter(id__in=list(subjects))
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_id", "history_date", "history_type", "published", *fields)
        .iterator(chunk_size=2000)
    )
    events = []
    last_id, last, hidden = None, None, False
    for pk, history_id, date, history_type, published, *values in records:
        if pk != last_id:
            last_id, last, hidden = pk, None, False
        if history_type == "-" or not published:
            hidden = True
            continue
        if last is None:
            # Created, or published after being hidden. A first record that is an update
            # (a record written before it kept history: the demo's) only sets the baseline.
            if history_type == "+" or hidden:
                events.append(Event("published", subjects[pk], history_id, date))
        else:
            changes = tuple(
                Change(name, old, new)
                for name, old, new in zip(fields, last, values, strict=True)
                if old != new
            )
            if changes:
                events.append(Event("changed", subjects[pk], history_id, date, changes))
        last = values
    return events


def newest_first(*event_lists):
    return sorted(
        (event for events in event_lists for event in events),
        key=lambda event: (event.date, event.history_id),
        reverse=True,
    )


# --- The scopes: what each log and feed follows ---------------------------------------------


def _plans(**filters):
    return ActionPlan.objects.published().filter(**filters).select_related("member")


def _commitments(**filters):
    return (
        Commitment.objects.published()
        .filter(**filters)
        .select_related("action_plan", "action_plan__member")
    )


def _reports(**filters):
    return IrmReport.objects.published().filter(**filters).select_related("action_plan__member")


def commitment_log(commitment):
    return newest_first(events_of([commitment]))


def plan_log(plan, commitments=None, reports=None):
    """The plan, its commitments and its IRM reports (pass them when already read: each has
    its plan, and the plan its member)."""
    if commitments is None:
        commitments = _commitments(action_plan=plan)
    if reports is None:
        reports = _reports(action_plan=plan)
    return newest_first(events_of([plan]), events_of(commitments), events_of(reports))


def member_log(member, plans=None, commitments=None):
    """The member, its plans, their commitments and IRM reports (plans and commitments may be
    passed when already read, each knowing its plan and member)."""
    if plans is None:
        plans = _plans(member=member)
    if commitments is None:
        commitments = _commitments(action_plan__member=member)
    return newest_first(
        events_of([member]),
        events_of(plans),
        events_of(commitments),
        events_of(_reports(action_plan__member=member)),
    )


def recent_events(queryset, window=500):
    """The events of the records of `queryset` (published ones, with what their URLs need)
    among its newest `window` history records: the site-wide and policy area feeds, which
    follow thousands of records, read the history of the records changed last only (three
    queries: the newest records' ids, those records, their history)."""
    model = queryset.model
    newest = list(
        model.history.filter(id__in=queryset.values("pk"))
        .order_by("-history_date", "-history_id")
        .values_list("id", "history_date")[:window]
    )
    events = events_of(queryset.filter(pk__in={pk for pk, _date in newest}))
    if len(newest) == window:  # older records were left out: so are the events before them
        events = [event for event in events if event.date >= newest[-1][1]]
    return events


def site_log():
    """The site-wide feed's records: published plans and IRM reports changed lately."""
    return newest_first(recent_events(_plans()), recent_events(_reports()))


def commitments_log(commitments):
    """New and changed commitments among `commitments` (a queryset of published ones),
    changed lately."""
    return newest_first(recent_events(commitments.select_related("action_plan__member")))


def last_changed(events):
    """The date of the newest event (`events` newest first), or None."""
    return events[0].date if events else None
