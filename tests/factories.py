"""Small helpers that build valid records for tests. Pass keyword arguments to override."""

import itertools

from django.db.models import Count
from django.utils.text import slugify

from commitments.models import ActionPlan, Commitment, IdentifierPrefix, Milestone, PolicyArea
from irm.models import CommitmentAssessment, IrmReport, ParticipationAssessment
from members.models import Contact, Member, Region, Resource, ResourceType

_sequence = itertools.count(1)


def _next():
    return next(_sequence)


def region(slug="europe"):
    return Region.objects.get(slug=slug)


def make_member(**fields):
    """A member with one identifier prefix for all its plans (`commitment_prefix`, generated
    unless given; `commitment_prefix=None` for none)."""
    n = _next()
    name = fields.pop("name", f"Member {n}")
    prefix = fields.pop("commitment_prefix", "".join(chr(65 + int(d)) for d in f"{n:03d}") + "X")
    defaults = {
        "slug": slugify(name),
        "kind": Member.Kind.NATIONAL,
        "country_code": "KR",
        "region": fields.pop("region", None) or region(),
        "member_since": 2016,
        "published": True,
    }
    defaults.update(fields)
    member = Member.objects.create(name=name, **defaults)
    if prefix:
        make_prefix(member, prefix)
    return member


def make_prefix(member, prefix, action_plans=()):
    """An identifier prefix of `member`, tied to `action_plans` (none: all its plans)."""
    row = IdentifierPrefix.objects.create(member=member, prefix=prefix)
    row.action_plans.set(action_plans)
    return row


def prefix_of(member):
    """The member's first identifier prefix (untied first)."""
    rows = IdentifierPrefix.objects.filter(member=member).annotate(tied=Count("action_plans"))
    rows = rows.order_by("tied", "prefix")
    return rows.values_list("prefix", flat=True).first()


def make_action_plan(member=None, **fields):
    member = member or make_member()
    number = fields.pop("number", member.action_plans.count() + 1)
    defaults = {
        "title": f"{member.name} Action Plan {number}",
        "start_year": 2016 + 2 * (number - 1),
        "end_year": 2018 + 2 * (number - 1),
        "submission_year": 2016 + 2 * (number - 1),
        "published": True,
    }
    defaults.update(fields)
    return ActionPlan.objects.create(member=member, number=number, **defaults)


def make_commitment(action_plan=None, policy_areas=(), **fields):
    action_plan = action_plan or make_action_plan()
    prefix = prefix_of(action_plan.member)
    count = Commitment.objects.filter(identifier__startswith=prefix).count()
    defaults = {
        "identifier": f"{prefix}{count + 1:04d}",
        "title": f"Commitment {count + 1} of {action_plan.member.name}",
        "published": True,
    }
    defaults.update(fields)
    commitment = Commitment.objects.create(action_plan=action_plan, **defaults)
    if policy_areas:
        commitment.policy_areas.set(policy_areas)
    return commitment


def policy_area(slug):
    return PolicyArea.objects.get(slug=slug)


def make_report(action_plan, **fields):
    defaults = {
        "type": IrmReport.Type.END_OF_TERM,
        "title": f"IRM report on {action_plan}",
        "year": action_plan.end_year,
    }
    defaults.update(fields)
    return IrmReport.objects.create(action_plan=action_plan, **defaults)


def make_assessment(commitment, report=None, **fields):
    report = report or make_report(commitment.action_plan)
    return CommitmentAssessment.objects.create(commitment=commitment, report=report, **fields)


def make_participation(action_plan, **fields):
    return ParticipationAssessment.objects.create(action_plan=action_plan, **fields)


def make_contact(member, **fields):
    defaults = {"name": "Jihyun Kim", "email": "contact@example.org"}
    defaults.update(fields)
    return Contact.objects.create(member=member, **defaults)


def make_resource(member, **fields):
    defaults = {
        "title": "Action Plan",
        "year": 2018,
        "type": ResourceType.objects.get(slug="action-plan"),
        "url": "https://example.org/plan",
    }
    defaults.update(fields)
    return Resource.objects.create(member=member, **defaults)


def make_milestone(commitment, **fields):
    position = fields.pop("position", commitment.milestones.count() + 1)
    defaults = {"title": f"Milestone {position}"}
    defaults.update(fields)
    return Milestone.objects.create(commitment=commitment, position=position, **defaults)


def make_mid_and_end_of_term(commitment, year=2015):
    """A 2011–2017 commitment assessed twice: at mid-term (a progress report: the design, and
    completion Limited) and at the end of term (completion Substantial, opened government
    Major). Returns (progress report, end-of-term report)."""
    plan = commitment.action_plan
    progress = make_report(
        plan, type=IrmReport.Type.PROGRESS, year=year, title=f"{plan} mid-term report"
    )
    end = make_report(
        plan, type=IrmReport.Type.END_OF_TERM, year=year + 2, title=f"{plan} end-of-term report"
    )
    make_assessment(
        commitment,
        progress,
        specificity="high",
        relevant_access_to_information=True,
        potential_impact="moderate",
        completion="limited",
    )
    make_assessment(commitment, end, completion="substantial", early_results="major")
    return progress, end
