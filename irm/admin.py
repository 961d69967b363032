"""Staff admin for IRM reports, assessments, participation and the Global Report data.

Saving or deleting a report or an assessment here refreshes the effective IRM values of the
commitments it touches (`irm.services.refresh_findings`).
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from commitments.admin import (
    ASSESSMENT_FIELDSETS,
    PARTICIPATION_FIELDSETS,
    AssessmentForm,
    HistoryFormRefreshMixin,
    ParticipationForm,
    PlanScopedInlineMixin,
)
from commitments.models import Commitment
from irm.models import (
    CommitmentAssessment,
    Era,
    GlobalReportDimension,
    IrmReport,
    ParticipationAssessment,
    ThirdPartyScore,
)
from irm.services import refresh_findings
from members.admin import HistoryAdmin, StackedInline, count_of


class AssessmentByReportInline(PlanScopedInlineMixin, StackedInline):
    """A report's assessments; the commitment is one of the report's plan's commitments."""

    model = CommitmentAssessment
    form = AssessmentForm
    scoped_field = "commitment"
    scoped_model = Commitment
    fieldsets = [
        (None, {"fields": ["commitment", "completion", "notes"]}),
        *ASSESSMENT_FIELDSETS[1:],
    ]
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("commitment", "report")


@admin.register(IrmReport)
class IrmReportAdmin(HistoryFormRefreshMixin, HistoryAdmin):
    list_display = [
        "title",
        "action_plan",
        "type",
        "stage",
        "year",
        "era",
        "published",
        "assessment_count",
    ]
    list_filter = ["published", "type", "stage", "year", "action_plan__member__region"]
    search_fields = ["title", "action_plan__title", "action_plan__member__name"]
    ordering = ["-year", "title"]
    list_select_related = ["action_plan__member"]
    autocomplete_fields = ["action_plan"]
    inlines = [AssessmentByReportInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(assessment_count=count_of(CommitmentAssessment, "report"))
        )

    @admin.display(description=_("method"))
    def era(self, obj):
        return Era(obj.era).label

    @admin.display(description=_("assessments"), ordering="assessment_count")
    def assessment_count(self, obj):
        return obj.assessment_count

    def save_model(self, request, obj, form, change):
        # A report moved to another plan changes the findings of both plans' commitments.
        request._irm_old_plan = form.initial.get("action_plan") if change else None
        super().save_model(request, obj, form, change)

    def refresh_after_save(self, request, obj):
        plans = {obj.action_plan_id, getattr(request, "_irm_old_plan", None)} - {None}
        refresh_findings(Commitment.objects.filter(action_plan__in=plans))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.refresh_after_save(request, form.instance)

    def delete_model(self, request, obj):
        plan = obj.action_plan_id
        super().delete_model(request, obj)
        refresh_findings(Commitment.objects.filter(action_plan=plan))

    def delete_queryset(self, request, queryset):
        plans = set(queryset.values_list("action_plan", flat=True))
        super().delete_queryset(request, queryset)
        refresh_findings(Commitment.objects.filter(action_plan__in=plans))


@admin.register(CommitmentAssessment)
class CommitmentAssessmentAdmin(HistoryFormRefreshMixin, HistoryAdmin):
    form = AssessmentForm
    fieldsets = ASSESSMENT_FIELDSETS
    list_display = [
        "commitment__identifier",
        "report",
        "report__type",
        "report__year",
        "completion",
        "potential_impact",
        "potential_results",
        "early_results",
        "early_results_refresh",
    ]
    list_filter = [
        "report__type",
        "completion",
        "specificity",
        "potential_impact",
        "potential_results",
        "early_results",
        "early_results_refresh",
    ]
    search_fields = [
        "^commitment__identifier",
        "report__title",
        "commitment__action_plan__member__name",
    ]
    ordering = ["commitment__identifier", "report__year"]
    list_select_related = ["commitment", "report"]
    list_per_page = 100
    autocomplete_fields = ["commitment", "report"]

    def save_model(self, request, obj, form, change):
        request._irm_old_commitment = form.initial.get("commitment") if change else None
        super().save_model(request, obj, form, change)

    def refresh_after_save(self, request, obj):
        pks = {obj.commitment_id, getattr(request, "_irm_old_commitment", None)} - {None}
        refresh_findings(Commitment.objects.filter(pk__in=pks))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.refresh_after_save(request, form.instance)

    def delete_model(self, request, obj):
        commitment = obj.commitment_id
        super().delete_model(request, obj)
        refresh_findings(Commitment.objects.filter(pk=commitment))

    def delete_queryset(self, request, queryset):
        pks = set(queryset.values_list("commitment", flat=True))
        super().delete_queryset(request, queryset)
        refresh_findings(Commitment.objects.filter(pk__in=pks))


@admin.register(ParticipationAssessment)
class ParticipationAssessmentAdmin(HistoryAdmin):
    form = ParticipationForm
    list_display = [
        "action_plan",
        "development_level",
        "implementation_level",
        "development_open",
        "forum_existed",
        "forum_met_regularly",
        "acted_contrary_to_process",
        "report",
    ]
    list_filter = [
        "development_level",
        "implementation_level",
        "development_open",
        "forum_existed",
        "acted_contrary_to_process",
        "action_plan__member__region",
    ]
    search_fields = ["action_plan__title", "action_plan__member__name"]
    ordering = ["action_plan__member__name", "action_plan__number"]
    list_select_related = ["action_plan__member", "report"]
    autocomplete_fields = ["action_plan", "report"]
    fieldsets = [(None, {"fields": ["action_plan", "report"]}), *PARTICIPATION_FIELDSETS]


@admin.register(GlobalReportDimension)
class GlobalReportDimensionAdmin(HistoryAdmin):
    list_display = ["name", "slug", "position", "policy_area_count"]
    search_fields = ["name"]
    ordering = ["position", "name"]
    autocomplete_fields = ["policy_areas"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                policy_area_count=count_of(
                    GlobalReportDimension.policy_areas.through, "globalreportdimension"
                )
            )
        )

    @admin.display(description=_("policy areas"), ordering="policy_area_count")
    def policy_area_count(self, obj):
        return obj.policy_area_count


class ThirdPartyScoreForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        low, high, value = (cleaned.get(name) for name in ("scale_min", "scale_max", "value"))
        if low is None or high is None:
            return cleaned
        if high <= low:
            self.add_error(
                "scale_max",
                _("The top of the scale (%(high)s) must be above its bottom (%(low)s).")
                % {"low": low, "high": high},
            )
        elif value is not None and not low <= value <= high:
            self.add_error(
                "value",
                _(
                    "%(value)s is off the scale: give a value from %(low)s to %(high)s, "
                    "or correct the scale."
                )
                % {"value": value, "low": low, "high": high},
            )
        return cleaned


@admin.register(ThirdPartyScore)
class ThirdPartyScoreAdmin(HistoryAdmin):
    form = ThirdPartyScoreForm
    list_display = [
        "member",
        "dimension",
        "indicator",
        "source",
        "value",
        "scale_min",
        "scale_max",
        "year",
    ]
    list_filter = ["dimension", "year", "member__region"]
    search_fields = ["member__name", "indicator", "source"]
    ordering = ["member__name", "dimension__position", "indicator", "-year"]
    list_select_related = ["member", "dimension"]
    autocomplete_fields = ["member", "dimension"]
