"""Embeds: a member's figures and a commitment's IRM review, small pages for other sites'
`<iframe>`s (`/embed/…`, in every language: `/es/embed/…`).

Each shows what its section of the profile (or of the commitment page) shows, from the same
context builders (`members.views`) and the same template includes, without the site's header,
footer and scripts, with a link back to the full page. They set no cookie and run no script;
they may be framed by any site (`ogp.security.embeddable`), while every other page refuses to be
(docs/security.md, "Embeds"). They are public pages, cached like the profile.
"""

from django.shortcuts import render

from irm import figures
from members.views import (
    irm_review_context,
    plan_rows,
    published_commitment,
    published_member,
    star_chart_context,
)
from ogp.page_cache import public_page
from ogp.security import embeddable


def _render(request, template, member, source, context):
    return render(
        request,
        f"embed/{template}.html",
        {"member": member, "source_url": source, **context},
    )


def _plan_figures(slug):
    """The member, and its plans' rows (without their commitments) with its region's peaks,
    as the profile's figure tables read them."""
    member = published_member(slug)
    rows, _levels = plan_rows(member, with_commitments=False)
    return member, {"rows": rows, "peaks": figures.cached_peak_figures(member.region_id)}


@embeddable
@public_page
def performance(request, slug):
    """The profile's "Commitment performance" table."""
    member, context = _plan_figures(slug)
    source = f"{member.get_absolute_url()}#performance"
    return _render(request, "performance", member, source, context)


@embeddable
@public_page
def star_chart(request, slug):
    """The profile's star chart ("How to get more starred commitments") and its table."""
    member, context = _plan_figures(slug)
    context.update(star_chart_context(context["rows"], context["peaks"]))
    source = f"{member.get_absolute_url()}#starred"
    return _render(request, "star_chart", member, source, context)


@embeddable
@public_page
def participation(request, slug):
    """The profile's public participation tables (development and implementation)."""
    member = published_member(slug)
    rows, levels = plan_rows(member, with_commitments=False)
    source = f"{member.get_absolute_url()}#participation"
    context = {"rows": rows, "participation_levels": levels}
    return _render(request, "participation", member, source, context)


@embeddable
@public_page
def irm_review(request, slug, identifier):
    """A commitment's IRM review and its findings report by report."""
    commitment = published_commitment(slug, identifier)
    context = irm_review_context(commitment)
    source = commitment.get_absolute_url()
    return _render(request, "irm_review", context["member"], source, context)
