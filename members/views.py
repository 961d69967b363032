"""The public pages of members: the directory, the profile, an action plan, a commitment.

Each page runs a fixed number of queries, whatever the number of plans, commitments and
assessments: rows come from a few querysets with select_related/prefetch_related, figures from
the grouped queries of `irm.figures`.
"""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from commitments.models import ActionPlan, Commitment, IrmState
from irm import charts, figures
from irm.models import CommitmentAssessment, IrmReport, ParticipationAssessment
from members.models import Member, Post, Region
from ogp.page_cache import public_page

# --- Directory ------------------------------------------------------------------------------

SORTS = {
    "name": (_("Name (A–Z)"), ["name"]),
    "-name": (_("Name (Z–A)"), ["-name"]),
    "member_since": (_("Member since (earliest)"), ["member_since", "name"]),
    "-member_since": (_("Member since (latest)"), ["-member_since", "name"]),
    "region": (_("Region"), ["region__position", "name"]),
    "-commitments": (
        _("Commitments in current plan (most)"),
        [F("plan_commitments").desc(nulls_last=True), "name"],
    ),
}


MEMBERS_PER_PAGE = 50


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Member.Kind.choices]
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        required=False,
        queryset=Region.objects.all(),
        to_field_name="slug",
        empty_label=_("All regions"),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Member.Status.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
    )


def directory_queryset():
    """Published members with their current (latest published) action plan's number, years
    and number of published commitments, as subquery annotations: one query for the list."""
    latest = ActionPlan.objects.published().filter(member=OuterRef("pk")).order_by("-number")
    commitments = (
        Commitment.objects.filter(
            published=True,
            action_plan__published=True,
            action_plan__member=OuterRef("pk"),
            action_plan__number=OuterRef("plan_number"),
        )
        .order_by()
        .values("action_plan")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Member.objects.published()
        .select_related("region")
        .annotate(
            plan_number=Subquery(latest.values("number")[:1]),
            plan_start=Subquery(latest.values("start_year")[:1]),
            plan_end=Subquery(latest.values("end_year")[:1]),
        )
        .annotate(plan_commitments=Coalesce(Subquery(commitments), 0))
    )


@public_page
def member_list(request):
    form = DirectoryForm(request.GET or None)
    members = directory_queryset()
    sort = "name"
    if form.is_bound:
        form.is_valid()  # Invalid fields are reported on the page and not applied.
        data = form.cleaned_data
        if data.get("q"):
            members = members.filter(name__icontains=data["q"])
        if data.get("kind"):
            members = members.filter(kind=data["kind"])
        if data.get("region"):
            members = members.filter(region=data["region"])
        if data.get("status"):
            members = members.filter(status=data["status"])
        sort = data.get("sort") or "name"
    paginator = Paginator(members.order_by(*SORTS[sort][1]), MEMBERS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))  # a bad page number gives page 1 or the last
    query = request.GET.copy()
    query.pop("page", None)
    for name in form.errors:  # not applied, so not carried to the other pages either
        query.pop(name, None)
    context = {
        "form": form,
        "page": page,
        "members": page.object_list,
        "matching": paginator.count,
        "total": Member.objects.published().count(),
        "filtered": form.is_bound
        and any(form.cleaned_data.get(key) for key in ("q", "kind", "region", "status")),
        "query": query.urlencode(),
    }
    return render(request, "members/member_list.html", context)


# --- Profile --------------------------------------------------------------------------------


# The columns a list of commitments shows (not the long description text).
LIST_FIELDS = (
    "identifier",
    "title",
    "action_plan_id",
    "irm_starred",
    "primary_policy_area__name",
    "primary_policy_area__slug",
)


def participation_of(plan):
    try:
        return plan.participation
    except ObjectDoesNotExist:
        return None


@dataclass
class PlanRow:
    """An action plan of a profile with what the page shows about it."""

    plan: ActionPlan
    figures: figures.PlanFigures
    commitments: list
    participation: ParticipationAssessment | None

    @property
    def state(self):
        return self.figures.state(self.plan.irm_coverage)

    @property
    def state_label(self):
        return IrmState(self.state).label

    @property
    def participation_state(self):
        """Pending IRM review or No IRM data when the IRM has not (or never will) assess it."""
        if self.participation is not None:
            return IrmState.ASSESSED
        if self.plan.irm_coverage == ActionPlan.IrmCoverage.NOT_COVERED:
            return IrmState.NO_DATA
        return IrmState.PENDING

    @property
    def participation_state_label(self):
        return IrmState(self.participation_state).label

    def cells(self, levels, phase):
        """Per level of the table: "open", "closed", "reached" (openness not reported) at the
        plan's level for this phase, "" elsewhere."""
        level = getattr(self.participation, f"{phase}_level")
        is_open = getattr(self.participation, f"{phase}_open")
        marker = "reached" if is_open is None else ("open" if is_open else "closed")
        return [marker if code == level else "" for code, _label in levels]


def published_plans(member):
    plans = list(
        ActionPlan.objects.published()
        .filter(member=member)
        .select_related("participation")
        .order_by("number")
    )
    for plan in plans:
        plan.member = member  # no query per plan for its URL
    return plans


@public_page
def member_detail(request, slug):
    member = get_object_or_404(
        Member.objects.published().select_related("region", "parent"), slug=slug
    )
    plans = published_plans(member)
    plan_figures = figures.plan_figures(plan.pk for plan in plans)
    by_plan = {plan.pk: [] for plan in plans}
    for commitment in (
        Commitment.objects.published()
        .filter(action_plan__member=member)
        .select_related("primary_policy_area")
        .only(*LIST_FIELDS)
        .order_by("identifier")
    ):
        by_plan[commitment.action_plan_id].append(commitment)
    rows = [
        PlanRow(plan, plan_figures[plan.pk], by_plan[plan.pk], participation_of(plan))
        for plan in plans
    ]
    # Commitment URLs differ only by identifier: one reverse() for the list, not one per row.
    url_prefix = reverse("members:commitment-detail", args=[member.slug, "X"])[: -len("X/")]
    for row in rows:
        for commitment in row.commitments:
            commitment.action_plan = row.plan  # no query per commitment for its URL
            commitment.url = f"{url_prefix}{commitment.identifier}/"
    peaks = figures.cached_peak_figures(member.region_id)
    levels = participation_levels(rows)
    for row in rows:
        if row.participation:
            row.development_cells = row.cells(levels, "development")
            row.implementation_cells = row.cells(levels, "implementation")
    global_report = figures.global_report(member)
    context = {
        "member": member,
        "rows": rows,
        "rows_newest_first": rows[::-1],
        "current": rows[-1] if rows else None,
        "contacts": list(member.contacts.all()),
        "resources": list(member.resources.filter(published=True).select_related("type")),
        "posts": list(Post.objects.published().filter(members=member)[:3]),
        "peaks": peaks,
        "focus_buckets": focus_bucket_labels(),
        "focus_chart": charts.focus_chart(
            [(plan_label(row.plan), row.figures) for row in rows], peaks.star_average
        ),
        "participation_levels": levels,
        "level_definitions": [
            (ParticipationAssessment.Level(code).label, definition)
            for code, definition in ParticipationAssessment.LEVEL_DEFINITIONS.items()
        ],
        "global_report": global_report,
        "has_scores": any(finding.scores for finding in global_report),
        "global_report_codes": GLOBAL_REPORT_KEY,
    }
    return render(request, "members/member_detail.html", context)


def plan_label(plan):
    return _("Action Plan %(number)s") % {"number": plan.number}


def focus_bucket_labels():
    """(key, label, short label) of each bucket, in the chart's order."""
    return [
        (key, charts.BUCKET_LABELS[key], charts.SHORT_BUCKET_LABELS[key])
        for key, _focus, _reason in figures.FOCUS_BUCKETS
    ]


GLOBAL_REPORT_KEY = [
    ("NC", _("No Commitments")),
    ("CA", _("Commitment(s) in the policy area.")),
    ("IR", _("IRM-Reviewed: At least one IRM-assessed commitment.")),
    ("C", _("Was Complete: At least one commitment was substantially or fully completed.")),
    (
        "A",
        _(
            "Was Ambitious: At least one commitment with moderate or transformative potential "
            "impact."
        ),
    ),
    (
        "ER",
        _(
            "Showed Early Results: At least one commitment opened government in a “Major” or "
            "“Outstanding” way."
        ),
    ),
]

# The levels of the seed's participation tables, most influence first; Empower is shown only
# when a plan reached it.
SEED_LEVELS = ["collaborate", "involve", "consult", "inform", "no_consultation"]


def participation_levels(rows):
    levels = list(SEED_LEVELS)
    if any(
        row.participation
        and "empower"
        in (row.participation.development_level, row.participation.implementation_level)
        for row in rows
    ):
        levels.insert(0, "empower")
    return [(code, ParticipationAssessment.Level(code).label) for code in levels]


# --- Action plan ----------------------------------------------------------------------------


@public_page
def action_plan_detail(request, slug, number):
    plan = get_object_or_404(
        ActionPlan.objects.published()
        .select_related("member", "member__region", "participation")
        .prefetch_related(
            Prefetch("irm_reports", queryset=IrmReport.objects.filter(published=True))
        ),
        member__slug=slug,
        number=number,
    )
    commitments = list(
        plan.commitments.published()
        .select_related("primary_policy_area")
        .only(*LIST_FIELDS, "irm_state", "irm_focus", "irm_design_reason")
        .order_by("identifier")
    )
    for commitment in commitments:
        commitment.action_plan = plan
    plan_figures = figures.plan_figures([plan.pk])[plan.pk]
    row = PlanRow(plan, plan_figures, commitments, participation_of(plan))
    levels = participation_levels([row])
    if row.participation:
        row.development_cells = row.cells(levels, "development")
        row.implementation_cells = row.cells(levels, "implementation")
    total = plan_figures.total
    glance = [
        (_("Commitments"), total, None),
        (_("Relevant to OGP values"), plan_figures.relevant, share(plan_figures.relevant, total)),
        (
            _("Transformative potential impact or substantial potential for results"),
            plan_figures.high_ambition,
            share(plan_figures.high_ambition, total),
        ),
        (_("Starred"), plan_figures.starred, share(plan_figures.starred, total)),
        (
            _("Substantially or fully completed"),
            plan_figures.complete,
            share(plan_figures.complete, total),
        ),
        (_("Major early results"), plan_figures.major, share(plan_figures.major, total)),
        (
            _("Outstanding early results"),
            plan_figures.outstanding,
            share(plan_figures.outstanding, total),
        ),
    ]
    context = {
        "member": plan.member,
        "plan": plan,
        "row": row,
        "commitments": commitments,
        "glance": glance,
        "reports": list(plan.irm_reports.all()),
        "period": period(plan),
        "row_list": [row],
        "participation_levels": levels,
    }
    return render(request, "members/action_plan_detail.html", context)


def share(part, whole):
    return figures.metrics.share(part, whole)


def period(plan):
    """ "Dec 2023 – Dec 2027", or "2018 – 2020" when the months are not known."""

    def when(year, month):
        return f"{date_format(date(year, month, 1), 'M')} {year}" if month else str(year)

    return f"{when(plan.start_year, plan.start_month)} – {when(plan.end_year, plan.end_month)}"


# --- Commitment -----------------------------------------------------------------------------


@public_page
def commitment_detail(request, slug, identifier):
    commitment = get_object_or_404(
        Commitment.objects.published()
        .select_related("action_plan", "action_plan__member", "primary_policy_area")
        .prefetch_related(
            "policy_areas",
            "milestones",
            Prefetch(
                "assessments",
                queryset=CommitmentAssessment.objects.filter(report__published=True)
                .select_related("report")
                .order_by("report__year", "report_id"),
            ),
        ),
        action_plan__member__slug=slug,
        identifier=identifier.upper(),
    )
    context = {
        "member": commitment.action_plan.member,
        "plan": commitment.action_plan,
        "commitment": commitment,
        "review": irm_review(commitment),
        "milestones": list(commitment.milestones.all()),
        "reports": [assessment.report for assessment in commitment.assessments.all()],
    }
    return render(request, "members/commitment_detail.html", context)


@dataclass(frozen=True)
class ReviewItem:
    label: str
    value: str
    state: str  # "assessed", "pending", "no_data", "not_reported"


def irm_review(commitment):
    """The IRM review of a commitment as label/value pairs, each with its display state."""
    state = commitment.irm_state
    if state != IrmState.ASSESSED:
        label = IrmState(state).label
        return [
            ReviewItem(name, label, state)
            for name in (
                _("Starred"),
                _("Early results"),
                _("Verifiable"),
                _("Relevant to OGP values"),
                _("Ambition"),
                _("Completion"),
            )
        ]
    not_reported = _("Not reported")

    def item(label, value):
        if value in (None, ""):
            return ReviewItem(label, not_reported, "not_reported")
        return ReviewItem(label, value, IrmState.ASSESSED)

    yes, no = _("Yes"), _("No")
    early = commitment.get_irm_early_results_display() if commitment.irm_early_results else ""
    if commitment.irm_early_results_refresh:
        early = commitment.get_irm_early_results_refresh_display()
    verifiable = commitment.irm_verifiable
    if verifiable is None and commitment.irm_specificity:
        verifiable = commitment.irm_specificity in figures.metrics.VERIFIABLE_SPECIFICITY
    relevant_values = [
        label
        for column, label in (
            ("irm_relevant_access_to_information", _("Access to information")),
            ("irm_relevant_civic_participation", _("Civic participation")),
            ("irm_relevant_public_accountability", _("Public accountability")),
            ("irm_relevant_technology", _("Technology and innovation")),
        )
        if getattr(commitment, column)
    ]
    if relevant_values:
        relevance = ", ".join(str(value) for value in relevant_values)
    elif commitment.irm_open_government_lens is not None:
        relevance = yes if commitment.irm_open_government_lens else no
    elif any(
        getattr(commitment, column) is False
        for column in (
            "irm_relevant_access_to_information",
            "irm_relevant_civic_participation",
            "irm_relevant_public_accountability",
        )
    ):
        relevance = _("None")
    else:
        relevance = ""
    ambition = ""
    if commitment.irm_ambitious is not None:
        level = _("High") if commitment.irm_ambitious else _("Low")
        detail = (
            commitment.get_irm_potential_impact_display()
            if commitment.irm_potential_impact
            else commitment.get_irm_potential_results_display()
        )
        ambition = f"{level} ({detail})"
    return [
        item(_("Starred"), yes if commitment.irm_starred else no),
        item(_("Early results"), early),
        item(_("Verifiable"), "" if verifiable is None else (yes if verifiable else no)),
        item(_("Relevant to OGP values"), relevance),
        item(_("Ambition"), ambition),
        item(
            _("Completion"),
            commitment.get_irm_completion_display() if commitment.irm_completion else "",
        ),
    ]
