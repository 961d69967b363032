"""Entry points: replace the demo set, reset the demo logins."""

import random
import secrets
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import reset_queries, transaction
from django.db.models import Q

from commitments.models import ActionPlan, Commitment, Milestone
from irm.demo.base import DEFAULT_SEED, DEMO_URL_MARK, MEMBERS_PER_CHUNK, Reference, Sink
from irm.demo.seoul import SEOUL_POST, SEOUL_SET_SLUGS, load_seoul
from irm.demo.synthetic import Generator, choose_members
from irm.models import CommitmentAssessment, IrmReport, ParticipationAssessment, ThirdPartyScore
from irm.services import refresh_all_findings
from members.models import Contact, Member, Post, Resource
from ogp.cache import data_changed


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


def delete_demo_data():
    """Delete the demo set and everything under it, leaf tables first."""
    members = demo_members().values("pk")
    plans = ActionPlan.objects.filter(member__in=members).values("pk")
    commitments = Commitment.objects.filter(action_plan__in=plans).values("pk")
    # A local member staff added under a demo national member keeps its record, unlinked.
    Member.objects.filter(parent__in=members).exclude(pk__in=members).update(parent=None)
    _raw_delete(Milestone.objects.filter(commitment__in=commitments))
    _raw_delete(CommitmentAssessment.objects.filter(commitment__in=commitments))
    _raw_delete(Commitment.policy_areas.through.objects.filter(commitment__in=commitments))
    _raw_delete(ParticipationAssessment.objects.filter(action_plan__in=plans))
    _raw_delete(IrmReport.objects.filter(action_plan__in=plans))
    _raw_delete(Commitment.objects.filter(pk__in=commitments))
    _raw_delete(ActionPlan.objects.filter(pk__in=plans))
    _raw_delete(ThirdPartyScore.objects.filter(member__in=members))
    _raw_delete(Contact.objects.filter(member__in=members))
    _raw_delete(Resource.objects.filter(member__in=members))
    posts = demo_posts().values("pk")
    _raw_delete(Post.members.through.objects.filter(Q(post__in=posts) | Q(member__in=members)))
    _raw_delete(Post.objects.filter(pk__in=posts))
    _raw_delete(Member.objects.filter(pk__in=members))


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
