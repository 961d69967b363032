"""FilterSets of the API's lists other than commitments and members (those reuse the explorer's
`commitments.filters.CommitmentFilter` and the directory's `members.filters.MemberFilter`).

Related records are chosen by their public identifier (a member's slug, a region's slug, a
commitment's identifier) among published records only: an unknown value is a 400 with the
reason, never an empty list that looks like an answer.
"""

import django_filters
from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from commitments.models import ActionPlan, Commitment, PolicyArea
from irm.models import CommitmentAssessment, IrmReport, ParticipationAssessment
from members.filters import published_members, regions
from members.models import FIRST_YEAR, LAST_YEAR


@extend_schema_field(OpenApiTypes.STR)
class IdentifierFilter(django_filters.ModelChoiceFilter):
    """One record chosen by a public identifier (slug, commitment identifier…)."""


class YearFilter(django_filters.NumberFilter):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        return super().filter(qs, None if value is None else int(value))


def member_filter(field_name="member"):
    """A published member chosen by its slug, through `field_name`."""
    return IdentifierFilter(
        field_name=field_name,
        queryset=published_members,
        to_field_name="slug",
        help_text="A member's slug.",
    )


class PolicyAreaFilter(django_filters.FilterSet):
    parent = IdentifierFilter(
        queryset=PolicyArea.objects.all(),
        to_field_name="slug",
        help_text="The slug of a policy area: the areas directly under it.",
    )

    class Meta:
        model = PolicyArea
        fields = []


class ActionPlanFilter(django_filters.FilterSet):
    member = member_filter()
    region = IdentifierFilter(
        field_name="member__region",
        queryset=regions,
        to_field_name="slug",
        help_text="A region's slug.",
    )
    submission_year = YearFilter(help_text="The year the plan was submitted (its cycle).")
    irm_coverage = django_filters.ChoiceFilter(choices=ActionPlan.IrmCoverage)

    class Meta:
        model = ActionPlan
        fields = []


class IrmReportFilter(django_filters.FilterSet):
    member = member_filter("action_plan__member")
    plan = django_filters.NumberFilter(
        field_name="action_plan__number",
        min_value=1,
        max_value=1000,
        help_text="An action plan number (with member, one plan).",
    )
    type = django_filters.ChoiceFilter(choices=IrmReport.Type)
    stage = django_filters.ChoiceFilter(choices=IrmReport.Stage)
    year = YearFilter()

    class Meta:
        model = IrmReport
        fields = []


def published_commitments(request=None):
    return Commitment.objects.published()


def published_reports(request=None):
    return IrmReport.objects.published()


MAX_ID_DIGITS = 18  # every 18-digit number fits PostgreSQL's bigint


class IdChoiceField(django_filters.fields.ModelChoiceField):
    """A record chosen by id; a value that is not a 64-bit whole number is an invalid choice
    (PostgreSQL would refuse to compare it with the id column)."""

    def to_python(self, value):
        if value not in self.empty_values:
            text = str(value).strip()
            if not text.isdigit() or len(text) > MAX_ID_DIGITS:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


# Ids start at 1: 0 or a longer number is never a record (a 400, as for any unknown id).
@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 10**MAX_ID_DIGITS - 1})
class ReportFilter(django_filters.ModelChoiceFilter):
    field_class = IdChoiceField


class AssessmentFilter(django_filters.FilterSet):
    commitment = IdentifierFilter(
        queryset=published_commitments,
        to_field_name="identifier",
        help_text="A commitment identifier, e.g. SEO0001.",
    )
    report = ReportFilter(queryset=published_reports, help_text="An IRM report's id.")
    member = member_filter("commitment__action_plan__member")

    class Meta:
        model = CommitmentAssessment
        fields = []


class ParticipationFilter(django_filters.FilterSet):
    member = member_filter("action_plan__member")
    development_level = django_filters.ChoiceFilter(choices=ParticipationAssessment.Level)
    implementation_level = django_filters.ChoiceFilter(choices=ParticipationAssessment.Level)

    class Meta:
        model = ParticipationAssessment
        fields = []
