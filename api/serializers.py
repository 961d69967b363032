"""How each public record reads in the API.

Records are named by their stable public identifiers (a member's slug, an action plan's member
and number, a commitment's identifier, a policy area's slug); every reference to another record
carries its identifier and its API URL. Fields are read-only; querysets in `api.views` load
everything a serializer touches, so a page costs a fixed number of queries.

Commitments and assessments are answered from rows (api.rows), field for field what their
serializers here give (tests/api/test_rows.py); the serializers stay their schema.
"""

from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import (
    ActionPlanRefSerializer,
    CommitmentRefSerializer,
    IrmReportRefSerializer,
    Link,
    MemberRefSerializer,
    PolicyAreaRefSerializer,
    RegionRefSerializer,
    RichTextField,
    TranslationColumns,
    api_url,
    member_link,
    plan_link,
    published_fields,
)
from api.labels import LabelsField, NameLabelField, with_label
from commitments.models import ActionPlan, Commitment, Milestone, PolicyArea
from irm import metrics
from irm.methods import INDICATORS, Method
from irm.models import CommitmentAssessment, IrmReport, ParticipationAssessment
from members.models import Member, Region
from opendata import columns

# The IRM methods by their codes (a report's `era`, an assessment's `report_method`).
METHOD_CHOICES = [(code, code) for code in Method.values]

# --- Regions and policy areas ---------------------------------------------------------------


class RegionSerializer(serializers.ModelSerializer):
    url = Link("region-detail", {"slug": "slug"}, source="*")
    members = serializers.SerializerMethodField(help_text="The region's members (API list).")
    label = NameLabelField()

    class Meta:
        model = Region
        fields = with_label(published_fields(columns.REGIONS, ["members"]))

    @extend_schema_field(OpenApiTypes.URI)
    def get_members(self, region):
        return api_url("member-list", self.context["request"], {"region": region.slug})


class PolicyAreaSerializer(serializers.ModelSerializer):
    url = Link("policy-area-detail", {"slug": "slug"}, source="*")
    parent = PolicyAreaRefSerializer(read_only=True, allow_null=True)
    aliases = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name", help_text="Earlier or other names."
    )
    commitments = serializers.SerializerMethodField(
        help_text="Commitments tagged with the area or an area under it (API list)."
    )

    label = NameLabelField()

    class Meta:
        model = PolicyArea
        fields = with_label(published_fields(columns.POLICY_AREAS, ["commitments"]))

    @extend_schema_field(OpenApiTypes.URI)
    def get_commitments(self, area):
        return api_url("commitment-list", self.context["request"], {"policy_area": area.slug})


# --- Members and action plans ---------------------------------------------------------------


class MemberSerializer(TranslationColumns, serializers.ModelSerializer):
    url = member_link(source="*")
    region = RegionRefSerializer(read_only=True)
    parent = serializers.SerializerMethodField(
        help_text="For a local member: its country's national member, if any."
    )
    policy_area_focus = serializers.ListField(
        source="focus_labels",
        child=serializers.CharField(),
        read_only=True,
        help_text="The member's own statement of focus; not necessarily OGP policy areas.",
    )
    commitment_prefixes = serializers.SlugRelatedField(
        many=True,
        read_only=True,
        slug_field="prefix",
        source="identifier_prefixes",
        help_text="The prefixes of its commitment identifiers (several if it changed scheme).",
    )
    action_plans = ActionPlanRefSerializer(many=True, read_only=True, source="public_plans")
    figures = serializers.SerializerMethodField(help_text="The member's computed IRM figures.")
    commitments = serializers.SerializerMethodField(help_text="The member's commitments.")
    summary = RichTextField(columns.MEMBERS.column("summary"))
    labels = LabelsField()

    class Meta:
        model = Member
        resource = columns.MEMBERS
        fields = published_fields(
            columns.MEMBERS, ["action_plans", "figures", "commitments", "labels"]
        )

    @extend_schema_field(MemberRefSerializer(allow_null=True))
    def get_parent(self, member):
        if member.parent is None or not member.parent.published:
            return None
        return self.parent_ref.to_representation(member.parent)

    @cached_property
    def parent_ref(self):
        """One reference serializer for a page's parents (building one per row built its
        fields again each time: a third of a page of members)."""
        return MemberRefSerializer(context=self.context)

    @extend_schema_field(OpenApiTypes.URI)
    def get_figures(self, member):
        return api_url("member-figures", self.context["request"], slug=member.slug)

    @extend_schema_field(OpenApiTypes.URI)
    def get_commitments(self, member):
        return api_url("commitment-list", self.context["request"], {"member": member.slug})


class ActionPlanSerializer(TranslationColumns, serializers.ModelSerializer):
    url = plan_link(source="*")
    member = MemberRefSerializer(read_only=True)
    commitment_count = serializers.IntegerField(
        read_only=True, help_text="Published commitments in the plan."
    )
    irm_reports = IrmReportRefSerializer(many=True, read_only=True, source="public_reports")
    participation = serializers.SerializerMethodField(
        help_text="The IRM's participation assessment of the plan, if any."
    )
    commitments = serializers.SerializerMethodField(help_text="The plan's commitments.")
    summary = RichTextField(columns.ACTION_PLANS.column("summary"))
    lead_institutions = serializers.ListField(
        child=serializers.CharField(),
        source="lead_institution_list",
        read_only=True,
        help_text=columns.ACTION_PLANS.column("lead_institutions").description,
    )

    class Meta:
        model = ActionPlan
        resource = columns.ACTION_PLANS
        fields = published_fields(
            columns.ACTION_PLANS, ["irm_reports", "participation", "commitments"]
        )

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_participation(self, plan):
        if not hasattr(plan, "participation"):
            return None
        return api_url(
            "participation-detail",
            self.context["request"],
            slug=plan.member.slug,
            number=plan.number,
        )

    @extend_schema_field(OpenApiTypes.URI)
    def get_commitments(self, plan):
        return api_url(
            "commitment-list",
            self.context["request"],
            {"member": plan.member.slug, "plan": plan.number},
        )


# --- Commitments ----------------------------------------------------------------------------


def effective_fields(assessment):
    """The fields whose effective value this assessment set, by the merge rule
    (`irm.metrics.effective_fields`) over its commitment's assessments, prefetched in report
    order (`CommitmentAssessment.objects.in_report_order`); worked out once per commitment."""
    commitment = assessment.commitment
    by_id = getattr(commitment, "_effective_fields", None)
    if by_id is None:
        siblings = list(commitment.assessments.all())
        fields = metrics.effective_fields([sibling.indicator_values() for sibling in siblings])
        by_id = {sibling.pk: list(names) for sibling, names in zip(siblings, fields, strict=True)}
        commitment._effective_fields = by_id
    return by_id[assessment.pk]


def indicator_list(column):
    """A list of indicator names (`irm.methods.INDICATORS`), as the registry describes it."""
    return serializers.ListField(
        child=serializers.ChoiceField(choices=list(INDICATORS)),
        read_only=True,
        help_text=column.description,
    )


class AssessmentSerializer(serializers.ModelSerializer):
    no_data = indicator_list(columns.ASSESSMENTS.column("no_data"))
    url = Link("assessment-detail", {"pk": "pk"}, source="*")
    commitment = CommitmentRefSerializer(read_only=True)
    report = IrmReportRefSerializer(read_only=True)
    report_type = serializers.ChoiceField(
        choices=IrmReport.Type.choices, source="report.type", read_only=True
    )
    report_stage = serializers.ChoiceField(
        choices=IrmReport.Stage.choices, source="report.stage", read_only=True
    )
    report_year = serializers.IntegerField(source="report.year", read_only=True)
    report_title = serializers.CharField(source="report.title", read_only=True)
    report_method = serializers.ChoiceField(
        choices=METHOD_CHOICES,
        source="report.era",
        read_only=True,
        help_text=columns.ASSESSMENTS.column("report_method").description,
    )
    effective_fields = serializers.SerializerMethodField(
        help_text="The fields whose value here is the commitment's effective value (its "
        "irm_<field>): for each field, the latest report that set it."
    )
    labels = LabelsField()

    class Meta:
        model = CommitmentAssessment
        fields = published_fields(columns.ASSESSMENTS, ["labels"])

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=metrics.MERGED_FIELDS))
    )
    def get_effective_fields(self, assessment):
        return effective_fields(assessment)


class ReportAssessmentSerializer(AssessmentSerializer):
    """An assessment inside its commitment's answer (without the commitment)."""

    class Meta(AssessmentSerializer.Meta):
        fields = [name for name in AssessmentSerializer.Meta.fields if name != "commitment"]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = published_fields(columns.MILESTONES, url=False)[1:]  # not "commitment"


def _blank_code(name):
    """The model's non-editable IRM code fields read as "" when no report set them; DRF
    drops allow_blank for read-only fields, so declare them for an honest schema."""
    field = Commitment._meta.get_field(name)
    return serializers.ChoiceField(
        choices=field.choices, allow_blank=True, read_only=True, help_text=field.help_text
    )


class CommitmentSerializer(TranslationColumns, serializers.ModelSerializer):
    irm_specificity = _blank_code("irm_specificity")
    irm_potential_impact = _blank_code("irm_potential_impact")
    irm_potential_results = _blank_code("irm_potential_results")
    irm_completion = _blank_code("irm_completion")
    irm_early_results = _blank_code("irm_early_results")
    irm_early_results_refresh = _blank_code("irm_early_results_refresh")
    irm_design_reason = _blank_code("irm_design_reason")
    irm_no_data = indicator_list(columns.COMMITMENTS.column("irm_no_data"))
    url = Link("commitment-detail", {"identifier": "identifier"}, source="*")
    member = MemberRefSerializer(source="action_plan.member", read_only=True)
    action_plan = ActionPlanRefSerializer(read_only=True)
    policy_areas = PolicyAreaRefSerializer(many=True, read_only=True)
    primary_policy_area = PolicyAreaRefSerializer(read_only=True, allow_null=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    assessments = serializers.SerializerMethodField(
        help_text="What each published IRM report found about the commitment, oldest report "
        "first (the order the effective irm_* values are merged in), each with the fields "
        "whose effective value it set."
    )
    description = RichTextField(columns.COMMITMENTS.column("description"))
    labels = LabelsField()

    class Meta:
        model = Commitment
        resource = columns.COMMITMENTS
        fields = published_fields(columns.COMMITMENTS, ["milestones", "assessments", "labels"])

    @extend_schema_field(ReportAssessmentSerializer(many=True))
    def get_assessments(self, commitment):
        assessments = commitment.assessments.all()
        return ReportAssessmentSerializer(assessments, many=True, context=self.context).data


# --- IRM reports, assessments, participation -------------------------------------------------


class _IrmReportFields(serializers.ModelSerializer):
    url = Link("irm-report-detail", {"pk": "pk"}, source="*")
    member = MemberRefSerializer(source="action_plan.member", read_only=True)
    action_plan = ActionPlanRefSerializer(read_only=True)
    era = serializers.ChoiceField(
        choices=METHOD_CHOICES,
        read_only=True,
        help_text="The IRM method in force: 2011 (2011–2017), 2018 (2018–2020), 2021 (refresh).",
    )
    document_url = serializers.URLField(source="url", read_only=True, allow_blank=True)
    assessments = serializers.SerializerMethodField(help_text="The report's assessments.")
    labels = LabelsField()

    class Meta:
        model = IrmReport
        fields = published_fields(columns.IRM_REPORTS, ["assessments", "labels"])

    @extend_schema_field(OpenApiTypes.URI)
    def get_assessments(self, report):
        return api_url("assessment-list", self.context["request"], {"report": report.pk})


# The report with the figures it printed at a glance (`published_<figure>`, from its
# PublishedFigures, null when not printed), one field per figure of the registry.
IrmReportSerializer = type(
    "IrmReportSerializer",
    (_IrmReportFields,),
    {
        "__module__": __name__,
        **{
            f"published_{name}": serializers.IntegerField(
                source=f"published_figures.{name}",
                read_only=True,
                allow_null=True,
                help_text=columns.IRM_REPORTS.column(f"published_{name}").description,
            )
            for name, _label in columns.PRINTED_FIGURES
        },
    },
)


class ParticipationSerializer(serializers.ModelSerializer):
    url = Link(
        "participation-detail",
        {"slug": "action_plan.member.slug", "number": "action_plan.number"},
        source="*",
    )
    member = MemberRefSerializer(source="action_plan.member", read_only=True)
    action_plan = ActionPlanRefSerializer(read_only=True)
    report = serializers.SerializerMethodField(help_text="The IRM report that found it, if any.")
    labels = LabelsField()

    class Meta:
        model = ParticipationAssessment
        fields = published_fields(columns.PARTICIPATION, ["labels"])

    @extend_schema_field(IrmReportRefSerializer(allow_null=True))
    def get_report(self, participation):
        report = participation.report
        if report is None or not report.published:
            return None
        return self.report_ref.to_representation(report)

    @cached_property
    def report_ref(self):
        return IrmReportRefSerializer(context=self.context)
