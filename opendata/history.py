"""The public change log pages: a commitment's, an action plan's and a member's history.

Each lists the events of `opendata.changelog` newest first, 50 a page, with a field-by-field
table of what changed (old → new) and the date; never who. Each has an Atom feed
(`opendata.feeds`). The queries are fixed per page: the record (with its plan and member), the
records its log follows and one history query per model, whatever the history's length.
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from commitments.models import ActionPlan, Commitment
from members.views import published_member
from ogp import translated
from ogp.page_cache import public_page
from opendata import changelog

EVENTS_PER_PAGE = 50


def published_plan(slug, number):
    return get_object_or_404(
        ActionPlan.objects.published().select_related("member"), member__slug=slug, number=number
    )


def published_commitment(slug, identifier):
    return get_object_or_404(
        Commitment.objects.published().select_related("action_plan", "action_plan__member"),
        action_plan__member__slug=slug,
        identifier=identifier.upper(),
    )


def _page(request, template_context, events, feed_url):
    paginator = Paginator(events, EVENTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        **template_context,
        "page": page,
        "events": page.object_list,
        "feed_url": feed_url,
        "feed_title": _("Changes to %(name)s (Atom)") % {"name": template_context["name"]},
    }
    return render(request, "opendata/history.html", context)


@public_page
def member_history(request, slug):
    member = published_member(slug)
    context = {"member": member, "name": member.name, "page_url": member.get_absolute_url()}
    return _page(
        request,
        context,
        changelog.member_log(member),
        reverse("members:member-history-feed", args=[slug]),
    )


@public_page
def plan_history(request, slug, number):
    plan = published_plan(slug, number)
    context = {
        "member": plan.member,
        "plan": plan,
        "name": translated.localized(plan, "title")[0],
        "page_url": plan.get_absolute_url(),
    }
    return _page(
        request,
        context,
        changelog.plan_log(plan),
        reverse("members:action-plan-history-feed", args=[slug, number]),
    )


@public_page
def commitment_history(request, slug, identifier):
    commitment = published_commitment(slug, identifier)
    plan = commitment.action_plan
    context = {
        "member": plan.member,
        "plan": plan,
        "commitment": commitment,
        "name": f"{commitment.identifier} {translated.localized(commitment, 'title')[0]}",
        "page_url": commitment.get_absolute_url(),
    }
    return _page(
        request,
        context,
        changelog.commitment_log(commitment),
        reverse("members:commitment-history-feed", args=[slug, commitment.identifier]),
    )
