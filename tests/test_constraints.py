"""The database refuses bad rows: every check constraint and unique key, on SQLite and PostgreSQL.

Each case builds a valid row, then saves one bad variant of it with Django's validation
skipped, and expects the database itself to refuse it with an IntegrityError.
"""

import datetime

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction

from commitments.models import Commitment, IdentifierPrefix, PolicyArea, PolicyAreaAlias
from irm.models import GlobalReportDimension, PublishedFigures, ThirdPartyScore
from members.models import Member, Post, Region, ResourceType
from tests.factories import (
    make_action_plan,
    make_assessment,
    make_commitment,
    make_member,
    make_milestone,
    make_participation,
    make_report,
    make_resource,
)

pytestmark = pytest.mark.django_db


def refused(save, name=None):
    """The database refuses the write; a named check constraint must be the one that did."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        save()
    if name and not name.endswith("unique") and "unique_" not in name:
        assert name in str(error.value)


def update(instance, **fields):
    """Write fields straight to the database (no model validation)."""
    return lambda: type(instance).objects.filter(pk=instance.pk).update(**fields)


def member_cases():
    member = make_member()
    national = make_member(name="Nation")
    return {
        "members_member_kind_valid": update(member, kind="regional"),
        "members_member_status_valid": update(member, status="suspended"),
        "members_member_since_in_range": update(member, member_since=1999),
        "members_member_only_local_has_parent": update(member, parent=national),
        "members_member_slug_not_blank": update(member, slug=""),
    }


def prefix_cases():
    prefix = IdentifierPrefix.objects.get(member=make_member())
    return {"commitments_identifierprefix_not_blank": update(prefix, prefix="")}


def resource_cases():
    resource = make_resource(make_member())
    return {
        "members_resource_format_valid": update(resource, format="mp3"),
        "members_resource_year_in_range": update(resource, year=1800),
        "members_resource_has_link_or_file": update(resource, url="", file=""),
    }


def plan_cases():
    plan = make_action_plan(start_year=2018, end_year=2020, submission_year=2018)
    return {
        "commitments_actionplan_number_positive": update(plan, number=0),
        "commitments_actionplan_years_in_range": update(plan, submission_year=2101),
        "commitments_actionplan_dates_ordered": update(plan, end_year=2017),
        "commitments_actionplan_months_valid": update(plan, start_month=13),
        "commitments_actionplan_irm_coverage_valid": update(plan, irm_coverage="maybe"),
        "commitments_actionplan_submission_year_of_date": update(
            plan, submission_date=datetime.date(plan.submission_year + 1, 1, 15)
        ),
    }


def plan_month_order_case():
    plan = make_action_plan(start_year=2020, end_year=2020, submission_year=2020)
    return update(plan, start_month=12, end_month=1)


def commitment_cases():
    commitment = make_commitment()
    return {
        "commitments_commitment_status_valid": update(commitment, status="paused"),
        "commitments_commitment_dates_ordered": update(
            commitment, start_date=datetime.date(2020, 1, 2), end_date=datetime.date(2020, 1, 1)
        ),
        "commitments_commitment_identifier_not_blank": update(commitment, identifier=""),
        "commitments_commitment_irm_state_valid": update(commitment, irm_state="unknown"),
        "commitments_commitment_irm_method_valid": update(commitment, irm_method="2030"),
        "commitments_commitment_irm_specificity_valid": update(commitment, irm_specificity="x"),
        "commitments_commitment_irm_impact_valid": update(commitment, irm_potential_impact="x"),
        "commitments_commitment_irm_results_valid": update(commitment, irm_potential_results="x"),
        "commitments_commitment_irm_completion_valid": update(commitment, irm_completion="x"),
        "commitments_commitment_irm_early_valid": update(commitment, irm_early_results="x"),
        "commitments_commitment_irm_early_refresh_valid": update(
            commitment, irm_early_results_refresh="x"
        ),
        "commitments_commitment_irm_focus_valid": update(commitment, irm_focus="x"),
        "commitments_commitment_irm_reason_valid": update(commitment, irm_design_reason="x"),
        "commitments_commitment_reason_only_for_design": update(
            commitment, irm_focus="star", irm_design_reason="relevance"
        ),
    }


def milestone_cases():
    milestone = make_milestone(make_commitment())
    return {
        "commitments_milestone_completion_valid": update(milestone, completion="half"),
        "commitments_milestone_dates_ordered": update(
            milestone, start_date=datetime.date(2020, 2, 1), end_date=datetime.date(2020, 1, 1)
        ),
    }


def policy_area_cases():
    area = PolicyArea.objects.get(slug="open-data")
    return {"commitments_policyarea_not_own_parent": update(area, parent=area)}


def report_cases():
    report = make_report(make_action_plan())
    return {
        "irm_irmreport_type_valid": update(report, type="blog"),
        "irm_irmreport_stage_valid": update(report, stage="rumour"),
        "irm_irmreport_year_in_range": update(report, year=2005),
    }


def published_figures_cases():
    figures = PublishedFigures.objects.create(
        report=make_report(make_action_plan()), commitments=6, starred=1
    )
    return {"irm_publishedfigures_within_commitments": update(figures, starred=7)}


def assessment_cases():
    assessment = make_assessment(make_commitment())
    return {
        "irm_commitmentassessment_specificity_valid": update(assessment, specificity="x"),
        "irm_commitmentassessment_impact_valid": update(assessment, potential_impact="x"),
        "irm_commitmentassessment_results_valid": update(assessment, potential_results="x"),
        "irm_commitmentassessment_completion_valid": update(assessment, completion="x"),
        "irm_commitmentassessment_early_valid": update(assessment, early_results="x"),
        "irm_commitmentassessment_early_refresh_valid": update(
            assessment, early_results_refresh="x"
        ),
        "irm_commitmentassessment_one_era_of_verifiability": update(
            assessment, specificity="high", verifiable=True
        ),
        "irm_commitmentassessment_one_era_of_ambition": update(
            assessment, potential_impact="minor", potential_results="modest"
        ),
    }


def participation_cases():
    participation = make_participation(make_action_plan())
    return {
        "irm_participation_levels_valid": update(participation, development_level="shout"),
        "irm_participation_forum_met_needs_forum": update(
            participation, forum_existed=False, forum_met_regularly=True
        ),
    }


def score(**fields):
    values = {
        "member": make_member(),
        "dimension": GlobalReportDimension.objects.get(slug="civic-space"),
        "indicator": "Civic freedom",
        "source": "Example Index",
        "value": 50,
        "year": 2020,
    }
    values.update(fields)
    return ThirdPartyScore(**values)


def score_cases():
    saved = score()
    saved.save()
    return {
        "irm_thirdpartyscore_unique": lambda: score(member=saved.member).save(),
        "irm_thirdpartyscore_scale_ordered": lambda: score(
            scale_min=10, scale_max=5, value=7
        ).save(),
        "irm_thirdpartyscore_value_on_scale": lambda: score(value=150).save(),
        "irm_thirdpartyscore_year_in_range": lambda: score(year=1900).save(),
    }


def unique_key_cases():
    plan = make_action_plan()
    commitment = make_commitment(plan)
    report = make_report(plan)
    make_assessment(commitment, report)
    milestone = make_milestone(commitment)
    post = Post.objects.create(
        title="News", slug="news", date=datetime.date(2020, 1, 1), url="https://example.org/"
    )
    return {
        "commitments_actionplan_unique_number": lambda: make_action_plan(
            plan.member, number=plan.number
        ),
        "irm_irmreport_unique_type_stage": lambda: make_report(plan, title="Another title"),
        "irm_commitmentassessment_unique_report": lambda: make_assessment(commitment, report),
        "commitments_milestone_unique_position": lambda: make_milestone(
            commitment, position=milestone.position
        ),
        "members_post_unique_slug_date": lambda: Post.objects.create(
            title="Other", slug=post.slug, date=post.date, url="https://example.org/2"
        ),
    }


CASE_BUILDERS = [
    member_cases,
    prefix_cases,
    resource_cases,
    plan_cases,
    commitment_cases,
    milestone_cases,
    policy_area_cases,
    report_cases,
    published_figures_cases,
    assessment_cases,
    participation_cases,
    score_cases,
    unique_key_cases,
]


def test_every_named_constraint_refuses_a_bad_row():
    tested = set()
    for build in CASE_BUILDERS:
        for name, save in build().items():
            refused(save, name)
            tested.add(name)
    refused(plan_month_order_case(), "commitments_actionplan_dates_ordered")
    declared = {
        constraint.name
        for model in apps.get_models()
        if model._meta.app_label in {"members", "commitments", "irm"}
        for constraint in model._meta.constraints
    }
    assert declared - tested == set(), "constraints without a test"


@pytest.mark.parametrize(
    "model, field",
    [
        (Region, "name"),
        (Region, "slug"),
        (Member, "name"),
        (Member, "slug"),
        (IdentifierPrefix, "prefix"),
        (ResourceType, "name"),
        (ResourceType, "slug"),
        (PolicyArea, "name"),
        (PolicyArea, "slug"),
        (PolicyAreaAlias, "name"),
        (Commitment, "identifier"),
        (GlobalReportDimension, "name"),
        (GlobalReportDimension, "slug"),
    ],
)
def test_natural_keys_are_unique(model, field):
    assert model._meta.get_field(field).unique
    original = {
        Region: lambda: Region.objects.first(),
        Member: lambda: make_member(),
        IdentifierPrefix: lambda: make_member().identifier_prefixes.get(),
        ResourceType: lambda: ResourceType.objects.first(),
        PolicyArea: lambda: PolicyArea.objects.first(),
        PolicyAreaAlias: lambda: PolicyAreaAlias.objects.first(),
        Commitment: lambda: make_commitment(),
        GlobalReportDimension: lambda: GlobalReportDimension.objects.first(),
    }[model]()
    other = {
        Region: lambda: Region.objects.exclude(pk=original.pk).first(),
        Member: lambda: make_member(),
        IdentifierPrefix: lambda: make_member().identifier_prefixes.get(),
        ResourceType: lambda: ResourceType.objects.exclude(pk=original.pk).first(),
        PolicyArea: lambda: PolicyArea.objects.exclude(pk=original.pk).first(),
        PolicyAreaAlias: lambda: PolicyAreaAlias.objects.exclude(pk=original.pk).first(),
        Commitment: lambda: make_commitment(),
        GlobalReportDimension: lambda: GlobalReportDimension.objects.exclude(
            pk=original.pk
        ).first(),
    }[model]()
    refused(update(other, **{field: getattr(original, field)}))


def test_a_local_member_may_have_a_parent_and_a_national_one_not():
    national = make_member(name="South Korea")
    local = make_member(name="Seoul, South Korea", kind=Member.Kind.LOCAL, parent=national)
    assert local.parent == national
    refused(update(national, parent=local))


def test_reference_data_is_protected_from_deletion():
    member = make_member()
    with pytest.raises(models.ProtectedError):
        member.region.delete()


def test_validation_explains_a_violated_constraint_in_words():
    from django.core.exceptions import ValidationError

    from commitments.models import ActionPlan

    plan = ActionPlan(
        member=make_member(),
        number=1,
        title="Plan",
        start_year=2020,
        end_year=2018,
        submission_year=2020,
    )
    with pytest.raises(ValidationError) as error:
        plan.full_clean()
    assert error.value.message_dict["__all__"] == ["The action plan must end after it starts."]


def test_every_check_constraint_has_a_message_for_staff():
    from django.db.models import CheckConstraint

    default = CheckConstraint(condition=models.Q(pk=1), name="x").get_violation_error_message()
    for model in apps.get_models():
        if model._meta.app_label not in {"members", "commitments", "irm"}:
            continue
        for constraint in model._meta.constraints:
            if isinstance(constraint, CheckConstraint) and "commitment_irm_" not in constraint.name:
                assert "violated" not in constraint.get_violation_error_message(), constraint.name
                assert constraint.get_violation_error_message() != default
