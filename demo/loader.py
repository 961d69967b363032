"""Entry points: replace the demo set, reset the demo logins."""

import random
import secrets
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import reset_queries, transaction
from django.db.models import Q

from commitments.models import ActionPlan, Commitment, IdentifierPrefix, Milestone, PolicyArea
from demo import languages
from demo.base import DEFAULT_SEED, DEMO_URL_MARK, MEMBERS_PER_CHUNK, Reference, Sink
from demo.places import choose_members
from demo.seoul import SEOUL_POST, SEOUL_SET_SLUGS, load_seoul
from demo.synthetic import Generator
from irm.models import CommitmentAssessment, IrmReport, ParticipationAssessment, ThirdPartyScore
from irm.services import refresh_all_findings
from members.models import Contact, Member, Post, Region, Resource
from ogp.data_version import data_changed


def _raw_delete(queryset):
    # QuerySet.delete() would load every row and fire post_delete, on which simple_history
    # writes one history row per deleted record: minutes at 10×. These rows are demo data,
    # deleted leaf first, so plain DELETE statements are enough.
    return queryset._raw_delete(queryset.db)


def demo_members():
    """Members a load_demo run creates: Seoul, South Korea and the `.example` ones."""
    return Member.objects.filter(
        Q(slug__in=SEOUL_SET_SLUGS) | Q(lead_agency_url__contains=DEMO_URL_MARK)
    )


def demo_posts():
    return Post.objects.filter(
        Q(url__contains=DEMO_URL_MARK) | Q(slug=SEOUL_POST["slug"], date=SEOUL_POST["date"])
    )


ID_CHUNK = 5000  # ids per DELETE: under SQLite's and PostgreSQL's limits on parameters


def _delete_where_in(queryset, field, ids):
    """DELETE the rows of `queryset` whose `field` is one of `ids`, in chunks of ids.

    The ids are read first instead of nesting subqueries: inside a fresh test database the
    planner has no statistics and may run a nested subquery once per row (minutes).
    """
    for start in range(0, len(ids), ID_CHUNK):
        _raw_delete(queryset.filter(**{f"{field}__in": ids[start : start + ID_CHUNK]}))


def delete_demo_data():
    """Delete the demo set and everything under it, leaf tables first."""
    members = list(demo_members().values_list("pk", flat=True))
    plans = list(ActionPlan.objects.filter(member__in=members).values_list("pk", flat=True))
    commitments = list(
        Commitment.objects.filter(action_plan__in=plans).values_list("pk", flat=True)
    )
    # A local member staff added under a demo national member keeps its record, unlinked.
    Member.objects.filter(parent__in=members).exclude(pk__in=members).update(parent=None)
    _delete_where_in(Milestone.objects.all(), "commitment", commitments)
    _delete_where_in(CommitmentAssessment.objects.all(), "commitment", commitments)
    _delete_where_in(Commitment.policy_areas.through.objects.all(), "commitment", commitments)
    _delete_where_in(IdentifierPrefix.action_plans.through.objects.all(), "actionplan", plans)
    _delete_where_in(ParticipationAssessment.objects.all(), "action_plan", plans)
    _delete_where_in(IrmReport.objects.all(), "action_plan", plans)
    _delete_where_in(Commitment.objects.all(), "pk", commitments)
    _delete_where_in(ActionPlan.objects.all(), "pk", plans)
    _delete_where_in(ThirdPartyScore.objects.all(), "member", members)
    _delete_where_in(IdentifierPrefix.objects.all(), "member", members)
    _delete_where_in(Contact.objects.all(), "member", members)
    _delete_where_in(Resource.objects.all(), "member", members)
    posts = list(demo_posts().values_list("pk", flat=True))
    _delete_where_in(Post.members.through.objects.all(), "member", members)
    _delete_where_in(Post.members.through.objects.all(), "post", posts)
    _delete_where_in(Post.objects.all(), "pk", posts)
    _delete_where_in(Member.objects.all(), "pk", members)


def hide_one_at_least(rng, seoul):
    """Make sure the demo has an unpublished action plan and commitment of a published member,
    so that every public page can be seen to hide them (small scales may draw none)."""
    visible = ~Q(member=seoul) & Q(member__published=True) & Q(member__in=demo_members())
    if not ActionPlan.objects.filter(visible, published=False).exists():
        plans = list(ActionPlan.objects.filter(visible).order_by("pk").values_list("pk", flat=True))
        ActionPlan.objects.filter(pk=rng.choice(plans)).update(published=False)
    commitments = Commitment.objects.filter(
        action_plan__published=True, action_plan__in=ActionPlan.objects.filter(visible)
    )
    if not commitments.filter(published=False).exists():
        ids = list(commitments.order_by("pk").values_list("pk", flat=True))
        Commitment.objects.filter(pk=rng.choice(ids)).update(published=False)


# --- Entry points ---------------------------------------------------------------------------


def load_demo(*, scale=1.0, seed=DEFAULT_SEED, refresh=False, log=print):
    """Replace the demo set (see the module docstring). Returns the row counts written."""
    if not scale > 0:
        raise ValueError("scale must be positive")
    began = time.perf_counter()

    def say(message):
        log(f"[{time.perf_counter() - began:6.1f}s] {message}")

    rng = random.Random(seed)
    sink = Sink()
    with transaction.atomic():
        delete_demo_data()
        say("deleted the previous demo data")
        ref = Reference.load()
        regions = list(ref.regions.values())
        languages.translate_reference(regions, ref.areas)
        Region.objects.bulk_update(regions, ["name_es", "name_fr"])
        PolicyArea.objects.bulk_update(ref.areas, ["name_es", "name_fr"])
        korea, seoul = load_seoul(ref, sink)
        say("Seoul, South Korea: 2 action plans, 8 commitments, 7 resources, 1 post")
        generator = Generator(ref, sink, rng)
        nationals, locals_ = choose_members(rng, scale)
        members = generator.members(nationals, locals_, korea)
        sink.write(ThirdPartyScore, generator.scores(seoul))
        say(f"members: {len(nationals) + 1} national, {len(locals_) + 1} local")
        written = 0
        for first in range(0, len(members), MEMBERS_PER_CHUNK):
            chunk = members[first : first + MEMBERS_PER_CHUNK]
            written += len(generator.chunk(chunk))
            reset_queries()  # with DEBUG on, the logged INSERTs would otherwise pile up
            say(
                f"members {first + len(chunk)}/{len(members)}: "
                f"{sink.counts['commitments.ActionPlan']} action plans, {written} commitments, "
                f"{sink.counts['commitments.Milestone']} milestones, "
                f"{sink.counts['irm.CommitmentAssessment']} assessments"
            )
        generator.posts(members, max(1, round(80 * scale)))
        hide_one_at_least(rng, seoul)
        say(f"posts: {sink.counts['members.Post']}")
        if refresh:  # the values are already set (set_findings); this only checks the service
            refreshed = refresh_all_findings()
            say(f"effective IRM values refreshed for {refreshed} commitments")
        data_changed()  # bulk_create sends no signal: invalidate cached pages and figures
    counts = dict(sink.counts)
    counts["seconds"] = round(time.perf_counter() - began, 1)
    return counts


DEMO_USERS = [
    # (username, superuser, group)
    ("admin", True, None),
    ("editor", False, "Editors"),
    ("researcher", False, "IRM researchers"),
]


def reset_demo_users(password=None):
    """Create or reset the demo staff logins; returns (password, usernames)."""
    password = password or secrets.token_urlsafe(9)
    User = get_user_model()
    with transaction.atomic():
        for username, superuser, group_name in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            user.email = f"{username}@ogp.example"
            user.is_active = True
            user.is_staff = True
            user.is_superuser = superuser
            user.set_password(password)
            user.save()
            if group_name:
                group, _ = Group.objects.get_or_create(name=group_name)
                user.groups.set([group])
            else:
                user.groups.clear()
    return password, [username for username, _, _ in DEMO_USERS]
