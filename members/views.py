"""The public pages of members: the directory, the profile, an action plan, a commitment.

Each page runs a fixed number of queries, whatever the number of plans, commitments and
assessments: rows come from a few querysets with select_related/prefetch_related, figures from
the grouped queries of `irm.figures`.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from commitments import links
from commitments.models import ActionPlan, Commitment
from irm import charts, display, figures
from irm.methods import METHOD_NAMES, PLAN_FIGURES, FigureState
from irm.models import CommitmentAssessment, IrmReport, ParticipationAssessment
from members import embed_codes, preview
from members.filters import DirectoryFilter
from members.models import Member, Post
from ogp import citation, translated
from ogp.page_cache import public_page
from opendata import changelog

# --- Directory ------------------------------------------------------------------------------

MEMBERS_PER_PAGE = 50


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
    filterset = DirectoryFilter(request.GET or None, queryset=directory_queryset())
    form = filterset.form  # invalid fields are reported on the page and not applied
    members = filterset.qs.order_by(*filterset.order())
    paginator = Paginator(members, MEMBERS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))  # a bad page number gives page 1 or the last
    query = request.GET.copy()
    query.pop("page", None)
    for name in form.errors:  # not applied, so not carried to the other pages either
        query.pop(name, None)
    filtered = form.is_bound and any(
        form.cleaned_data.get(key) for key in ("q", "kind", "region", "status")
    )
    context = {
        "form": form,
        "page": page,
        "members": page.object_list,
        "matching": paginator.count,
        # Unfiltered, the paginator's count is the total: no second count.
        "total": Member.objects.published().count() if filtered else paginator.count,
        "filtered": filtered,
        "query": query.urlencode(),
        # The page numbers around this one and at both ends, None for the gaps between.
        "page_numbers": [
            None if number == paginator.ELLIPSIS else number
            for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        ],
    }
    return render(request, "members/member_list.html", context)


# --- Profile --------------------------------------------------------------------------------


# The columns a list of commitments shows (not the long description text).
LIST_FIELDS = translated.with_translations(
    Commitment,
    "identifier",
    "title",
    "action_plan_id",
    "irm_starred",
    "irm_method",
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
    def performance(self):
        """The cells of "Commitment performance": Major, Outstanding, Starred, each a count
        or the state of that figure (pending, not assessed by the plan's method, no data)."""
        return display.figure_cells(self.figures, figures.PEAK_FIGURES)

    @property
    def state_label(self):
        return display.state_label(self.state)

    @property
    def participation_state(self):
        """Pending IRM review or No IRM data when the IRM has not (or never will) assess it."""
        return display.participation_state(self.participation, self.plan.irm_coverage)

    @property
    def participation_state_label(self):
        return display.state_label(self.participation_state)

    def set_cells(self, levels):
        """The development and implementation rows of the participation tables, when the IRM
        assessed the plan's participation."""
        if self.participation:
            self.development_cells = self.cells(levels, "development")
            self.implementation_cells = self.cells(levels, "implementation")

    def cells(self, levels, phase):
        """Per level of the table: "open", "closed", "reached" (openness not reported) at the
        plan's level for this phase, "" elsewhere; None when the assessment gives no level for
        this phase (the row says "Not reported", not a row of empty cells)."""
        reached = display.phase_level(self.participation, phase)
        if reached is None:
            return None
        level, marker = reached
        return [marker if code == level else "" for code, _label in levels]


def published_member(slug):
    """The published member at this slug, with its region and parent, or a 404."""
    return get_object_or_404(
        Member.objects.published().select_related("region", "parent"), slug=slug
    )


def plan_rows(member, with_commitments=True):
    """The member's action plans as PlanRows, oldest first, with their figures and their
    participation cells (and, with `with_commitments`, their published commitments), and the
    participation table's levels. The profile and its embeds (members.embed) read them here."""
    plans = ActionPlan.objects.select_related("participation").of_member(member)
    plan_figures = figures.plan_figures(plans)
    by_plan = {plan.pk: [] for plan in plans}
    if with_commitments:
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
    levels = display.participation_levels([row.participation for row in rows])
    for row in rows:
        row.set_cells(levels)
    return rows, levels


def star_chart_context(rows, peaks):
    """What templates/includes/star_chart.html shows besides the rows."""
    return {
        "focus_buckets": focus_bucket_labels(),
        "focus_chart": charts.focus_chart(
            [(plan_label(row.plan), row.figures) for row in rows],
            peaks.star_average,
            star_base=peaks.star_decided,
        ),
    }


@public_page
def member_detail(request, slug):
    member = published_member(slug)
    cite = citation.Citation.of_page(request, member.name)
    if answer := citation.download(request, cite):
        return answer
    rows, levels = plan_rows(member)
    # Commitment URLs differ only by identifier: one reverse() for the list, not one per row.
    url_prefix = reverse("members:commitment-detail", args=[member.slug, "X"])[: -len("X/")]
    for row in rows:
        for commitment in row.commitments:
            commitment.action_plan = row.plan  # no query per commitment for its URL
            commitment.url = f"{url_prefix}{commitment.identifier}/"
    plans = [row.plan for row in rows]
    listed = [commitment for row in rows for commitment in row.commitments]
    changes = changelog.member_log(member, plans, listed)
    peaks = figures.cached_peak_figures(member.region_id)
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
        **star_chart_context(rows, peaks),
        "participation_levels": levels,
        "level_definitions": [
            (ParticipationAssessment.Level(code).label, definition)
            for code, definition in ParticipationAssessment.LEVEL_DEFINITIONS.items()
        ],
        "global_report": global_report,
        "has_scores": any(finding.scores for finding in global_report),
        "global_report_codes": display.GLOBAL_REPORT_KEY,
        "citation": cite,
        "embeds": embed_codes.profile_embeds(request, member, len(rows)),
        "preview_image": preview.link_preview_image(request, member, rows),
        **follow_links(
            changes,
            reverse("members:member-history", args=[member.slug]),
            reverse("members:member-feed", args=[member.slug]),
            _("What is new for %(name)s (Atom)") % {"name": member.name},
        ),
    }
    return render(request, "members/member_detail.html", context)


@public_page
def member_preview(request, slug):
    """The profile's link-preview image (members.preview): its key figures as a PNG."""
    member = published_member(slug)
    rows, _levels = plan_rows(member, with_commitments=False)
    return HttpResponse(preview.render(preview.key_figures(member, rows)), "image/png")


def follow_links(changes, history_url, feed_url, feed_title):
    """The page's "Last changed … — see changes" line and its Atom feed link."""
    return {
        "last_changed": changelog.last_changed(changes),
        "history_url": history_url,
        "feed_url": feed_url,
        "feed_title": feed_title,
    }


def plan_label(plan):
    return _("Action Plan %(number)s") % {"number": plan.number}


def focus_bucket_labels():
    """(key, label, short label) of each bucket, in the chart's order."""
    return [
        (key, charts.BUCKET_LABELS[key], charts.SHORT_BUCKET_LABELS[key])
        for key, _focus, _reason in figures.FOCUS_BUCKETS
    ]


# --- Action plan ----------------------------------------------------------------------------


# "At a glance": the plan figures (`irm.methods.PLAN_FIGURES`, with their labels), each with
# whether it is shown for every method. A plan of a method that does not assess a figure shows
# "N/A — not assessed by the … method" in its row; the rows of one method's own figures are
# left out of the other methods' plans.
GLANCE_ROWS = {
    "relevant": True,
    "high_ambition": True,
    "potentially_starred": False,
    "starred": True,
    "complete": True,
    "major": True,
    "outstanding": True,
    "promising": False,
    "refresh_significant": False,
    "refresh_outstanding": False,
}


@dataclass
class GlanceRow:
    """A row of "At a glance": the count and its share of the plan's commitments when
    measured, else the figure's state."""

    label: str
    name: str
    figures: figures.PlanFigures
    printed: display.Printed | None = None  # the figure as a report printed it, if one did

    @property
    def state(self):
        return self.figures.figure_state(self.name)

    @property
    def measured(self):
        return self.state == FigureState.MEASURED

    @property
    def count(self):
        return self.figures.counts[self.name]

    @property
    def share_percent(self):
        share = self.figures.share(self.name)
        return None if share is None else round(share * 100)

    @property
    def state_label(self):
        return self.figures.state_label(self.name)

    @property
    def differs(self):
        """The printed figure is not the computed one (shown to staff only): a sign that
        commitments are missing or mis-entered."""
        return self.printed is not None and self.measured and self.printed.value != self.count


def plan_page(request, slug, number, staff_check=False):
    """The action plan page; with `staff_check`, each printed figure that differs from the
    computed one is pointed out (`action_plan_check`, for staff)."""
    # The member's previous and next published plans, as annotations of the plan's own query.
    siblings = ActionPlan.objects.published().filter(member=OuterRef("member"))
    plan = get_object_or_404(
        ActionPlan.objects.published()
        .annotate(
            previous_number=Subquery(
                siblings.filter(number__lt=OuterRef("number"))
                .order_by("-number")
                .values("number")[:1]
            ),
            next_number=Subquery(
                siblings.filter(number__gt=OuterRef("number"))
                .order_by("number")
                .values("number")[:1]
            ),
        )
        .select_related("member", "member__region", "participation")
        .prefetch_related(
            Prefetch(
                "irm_reports",
                queryset=IrmReport.objects.published().select_related("published_figures"),
            )
        ),
        member__slug=slug,
        number=number,
    )
    cite = citation.Citation.of_page(request, translated.localized(plan, "title")[0])
    if not staff_check and (answer := citation.download(request, cite)):
        return answer
    commitments = list(
        plan.commitments.published()
        .select_related("primary_policy_area")
        .only(*LIST_FIELDS, *display.PLAN_FINDING_FIELDS)
        .order_by("identifier")
    )
    plan_figures = figures.plan_figures([plan])[plan.pk]
    for commitment in commitments:
        commitment.action_plan = plan
        commitment.findings = display.plan_findings(commitment, plan_figures)
    row = PlanRow(plan, plan_figures, commitments, participation_of(plan))
    levels = display.participation_levels([row.participation])
    row.set_cells(levels)
    reports = list(plan.irm_reports.all())
    history_args = [plan.member.slug, plan.number]
    follow = follow_links(
        changelog.plan_log(plan, commitments, reports),
        reverse("members:action-plan-history", args=history_args),
        reverse("members:action-plan-history-feed", args=history_args),
        _("Changes to %(name)s (Atom)") % {"name": translated.localized(plan, "title")[0]},
    )
    printed = display.printed_figures(reports)
    glance = [
        GlanceRow(
            PLAN_FIGURES[name].label,
            name,
            plan_figures,
            printed.get(display.PRINTED_AS.get(name, name)),
        )
        for name, every_method in GLANCE_ROWS.items()
        if every_method or plan_figures.figure_state(name) != FigureState.NOT_ASSESSED
    ]
    context = {
        "member": plan.member,
        "plan": plan,
        "row": row,
        "commitments": commitments,
        "glance": glance,
        "printed": printed,
        "staff_check": staff_check,
        "method_name": METHOD_NAMES[plan_figures.method],
        "reports": reports,
        "period": period(plan),
        "row_list": [row],
        "participation_levels": levels,
        "citation": None if staff_check else cite,
        "finding_labels": display.plan_finding_labels(plan_figures.method),
        # The explorer and its exports, filtered to this plan.
        "explorer_url": links.explorer_url(member=plan.member.slug, plan=plan.number),
        "export_urls": links.export_urls(member=plan.member.slug, plan=plan.number),
        **follow,
    }
    return render(request, "members/action_plan_detail.html", context)


@public_page
def action_plan_detail(request, slug, number):
    return plan_page(request, slug, number)


@never_cache
@staff_member_required
def action_plan_check(request, slug, number):
    """The plan page for staff: where a figure the IRM printed differs from the one computed
    from the commitments recorded here. A page of its own, never stored: the public page is
    the same for every visitor (docs/architecture.md, caching)."""
    return plan_page(request, slug, number, staff_check=True)


def period(plan):
    """ "Dec 2023 – Dec 2027", or "2018 – 2020" when the months are not known."""

    def when(year, month):
        return f"{date_format(date(year, month, 1), 'M')} {year}" if month else str(year)

    return f"{when(plan.start_year, plan.start_month)} – {when(plan.end_year, plan.end_month)}"


# --- Commitment -----------------------------------------------------------------------------


def published_commitment(slug, identifier, *prefetch):
    """The published commitment of a published plan and member, with its IRM assessments in
    report order, what its plan's published reports measure (`figures.with_plan_reports`, in
    the same query) and `prefetch`, or a 404."""
    return get_object_or_404(
        figures.with_plan_reports(Commitment.objects.published())
        .select_related("action_plan", "action_plan__member", "primary_policy_area")
        .prefetch_related(
            *prefetch,
            Prefetch("assessments", queryset=CommitmentAssessment.objects.in_report_order()),
        ),
        action_plan__member__slug=slug,
        identifier=identifier.upper(),
    )


def irm_review_context(commitment):
    """What templates/includes/irm_review.html shows: the review and the findings report by
    report (the commitment page and its embed, members.embed)."""
    assessments = list(commitment.assessments.all())
    return {
        "member": commitment.action_plan.member,
        "plan": commitment.action_plan,
        "commitment": commitment,
        "review": display.irm_review(commitment, figures.plan_reports(commitment)),
        "reports": [assessment.report for assessment in assessments],
        "by_report": display.findings_by_report(assessments),
    }


@public_page
def commitment_detail(request, slug, identifier):
    commitment = published_commitment(slug, identifier, "policy_areas", "milestones")
    title = f"{commitment.identifier} {translated.localized(commitment, 'title')[0]}"
    cite = citation.Citation.of_page(request, title)
    if answer := citation.download(request, cite):
        return answer
    review = irm_review_context(commitment)
    indicators = len(review["by_report"].rows) if review["by_report"] else 0
    context = {
        **review,
        "milestones": list(commitment.milestones.all()),
        "embed": embed_codes.review_embed(request, commitment, indicators),
        "citation": cite,
        **follow_links(
            changelog.commitment_log(commitment),
            reverse("members:commitment-history", args=[slug, commitment.identifier]),
            reverse("members:commitment-history-feed", args=[slug, commitment.identifier]),
            _("Changes to %(name)s (Atom)") % {"name": commitment.identifier},
        ),
    }
    return render(request, "members/commitment_detail.html", context)
