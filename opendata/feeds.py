"""The Atom feeds (Django's syndication framework): what is new and what changed.

- `/feed/`: new and changed action plans, IRM reports published, and posts, site-wide;
- `/members/<slug>/feed/`: the member's change log (its profile, plans, commitments, reports)
  and its posts;
- `/policy-areas/<slug>/feed/`: new and changed commitments in the area (and the areas under
  it);
- `…/history/feed/`: each change log (`opendata.history`) as a feed.

Entries come from `opendata.changelog` (published records only, public fields only, never
who) and `Post.objects.published()`; each links to its page and says what changed and when.
The feeds are `public_page`s (ogp/urls.py, members/urls.py, commitments/urls.py): cached
under the data version and the URL, which holds the language (`/es/feed/` is in Spanish).
"""

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from commitments.models import Commitment, PolicyArea
from members.models import Post
from members.views import published_member
from ogp import translated
from opendata import changelog, history

ENTRIES = 50
AUTHOR = "Open Government Partnership"


@dataclass
class Entry:
    title: str
    link: str
    description: str
    date: datetime.datetime
    guid: str


@dataclass
class Scope:
    """What a feed shows, read once per request (a Feed instance is shared by threads)."""

    title: str
    link: str
    entries: list


def _tag(request, key):
    """A stable entry id (RFC 4151 tag URI): the site's host and the event's key."""
    return f"tag:{request.get_host().split(':')[0]},2011:{key}"


def event_entry(request, event):
    title = f"{event.heading}: {event.title}"
    when = format_html("<p>{}</p>", event.heading)
    if event.changes:
        rows = format_html_join("", "<li>{}: {} → {}</li>", event.shown_changes())
        when = format_html("{}<ul>{}</ul>", when, rows)
    return Entry(title, event.url, str(when), event.date, _tag(request, event.key))


def post_entry(request, post):
    title = _("Post: %(title)s") % {"title": translated.localized(post, "title")[0]}
    date = datetime.datetime.combine(post.date, datetime.time(), tzinfo=datetime.UTC)
    excerpt = translated.localized(post, "excerpt")[0]
    description = str(format_html("<p>{}</p>", excerpt)) if excerpt else ""
    return Entry(title, post.url, description, date, _tag(request, f"post-{post.pk}"))


def entries(request, events, posts=()):
    made = [event_entry(request, event) for event in events[:ENTRIES]]
    made += [post_entry(request, post) for post in posts]
    made.sort(key=lambda entry: entry.date, reverse=True)
    return made[:ENTRIES]


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    author_name = AUTHOR

    def scope(self, request, *args, **kwargs):
        raise NotImplementedError

    def get_object(self, request, *args, **kwargs):
        return self.scope(request, *args, **kwargs)

    def title(self, scope):
        return scope.title

    def link(self, scope):
        return scope.link

    def subtitle(self, scope):
        return _("New and changed records of the Open Government Partnership’s data.")

    def items(self, scope):
        return scope.entries

    def item_title(self, entry):
        return entry.title

    def item_link(self, entry):
        return entry.link

    def item_description(self, entry):
        return entry.description

    def item_pubdate(self, entry):
        return entry.date

    def item_updateddate(self, entry):
        return entry.date

    def item_guid(self, entry):
        return entry.guid

    def item_author_name(self, entry):
        return AUTHOR


class SiteFeed(ChangesFeed):
    def scope(self, request):
        posts = Post.objects.published()[:ENTRIES]
        return Scope(
            _("Open Government Partnership: what is new"),
            reverse("home"),
            entries(request, changelog.site_log(), posts),
        )


class MemberFeed(ChangesFeed):
    def scope(self, request, slug):
        member = published_member(slug)
        posts = Post.objects.published().filter(members=member)[:ENTRIES]
        return Scope(
            _("%(name)s: what is new") % {"name": member.name},
            member.get_absolute_url(),
            entries(request, changelog.member_log(member), posts),
        )


class PolicyAreaFeed(ChangesFeed):
    def scope(self, request, slug):
        areas = {area.slug: area for area in PolicyArea.objects.tree()}
        area = areas.get(slug)
        if area is None:
            raise Http404
        in_area = Q(policy_areas__in=[a.pk for a in area.subtree()])
        commitments = Commitment.objects.published().filter(
            pk__in=Commitment.objects.filter(in_area).values("pk")
        )
        name = translated.localized(area, "name")[0]
        return Scope(
            _("%(name)s: new and changed commitments") % {"name": name},
            area.get_absolute_url(),
            entries(request, changelog.commitments_log(commitments)),
        )


class MemberHistoryFeed(ChangesFeed):
    def scope(self, request, slug):
        member = published_member(slug)
        return Scope(
            _("Changes to %(name)s") % {"name": member.name},
            reverse("members:member-history", args=[slug]),
            entries(request, changelog.member_log(member)),
        )


class PlanHistoryFeed(ChangesFeed):
    def scope(self, request, slug, number):
        plan = history.published_plan(slug, number)
        return Scope(
            _("Changes to %(name)s") % {"name": translated.localized(plan, "title")[0]},
            reverse("members:action-plan-history", args=[slug, number]),
            entries(request, changelog.plan_log(plan)),
        )


class CommitmentHistoryFeed(ChangesFeed):
    def scope(self, request, slug, identifier):
        commitment = history.published_commitment(slug, identifier)
        return Scope(
            _("Changes to %(name)s") % {"name": commitment.identifier},
            reverse("members:commitment-history", args=[slug, commitment.identifier]),
            entries(request, changelog.commitment_log(commitment)),
        )
