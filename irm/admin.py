"""Staff admin for IRM reports, assessments, participation and the Global Report data.

Saving or deleting a report or an assessment here refreshes the effective IRM values of the
commitments it touches (`irm.services.refresh_findings`). The IRM forms and the inlines shown on
the commitment and action plan pages (commitments.admin) are here too.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment
from irm import methods
from irm.methods import Method, ReportStage
from irm.models import (
    NOT_AVAILABLE_MESSAGE,
    PUBLISHED_FIGURES,
    CommitmentAssessment,
    GlobalReportDimension,
    IrmReport,
    ParticipationAssessment,
    PublishedFigures,
    ThirdPartyScore,
)
from irm.services import refresh_findings
from ogp.admin import (
    CountColumn,
    HistoryAdmin,
    RelatedColumn,
    StackedInline,
    TabularInline,
    cache_choices,
)


def method_span(used_by):
    """ "2011–2020", "2018+", "2021+", "all methods": the years of the methods in `used_by`
    (consecutive in `Method`), from their codes (each method starts in its code's year)."""
    order = list(Method)
    if set(used_by) == set(order):
        return _("All methods")
    ordered = [method for method in order if method in used_by]
    first, last = int(ordered[0].value), order.index(ordered[-1])
    if last == len(order) - 1:
        return _("%(first)s+ method") % {"first": first}
    end = int(order[last + 1].value) - 1
    return _("%(first)s–%(end)s method") % {"first": first, "end": end}


def _pairs(names):
    """Yes/no indicators side by side, the others one per line."""
    flags = tuple(name for name in names if CommitmentAssessment._meta.get_field(name).null)
    rest = [name for name in names if name not in flags]
    return [*rest, flags] if flags else rest


def indicator_fieldsets():
    """The assessment's indicators grouped by the methods that use them, from the registry
    (`irm.methods.METHOD_INDICATORS`): each group is headed by its years ("2011–2020 method",
    "2018+ method": a 2018–2020 design report says verifiable yes/no, or rates specificity),
    in the order of the indicators."""
    groups = {}
    for name in methods.INDICATORS:
        used_by = frozenset(m for m, used in methods.METHOD_INDICATORS.items() if name in used)
        groups.setdefault(used_by, []).append(name)
    order = list(Method)
    ordered = sorted(
        groups.items(),
        key=lambda item: (-len(item[0]), min(order.index(m) for m in item[0])),
    )
    return [
        (
            method_span(used_by),
            {
                "fields": _pairs(names),
                "description": _("Used by: %(methods)s.")
                % {"methods": "; ".join(str(m.label) for m in order if m in used_by)},
            },
        )
        for used_by, names in ordered
    ]


ASSESSMENT_FIELDSETS = [
    (None, {"fields": ["commitment", "report", "notes"]}),
    *indicator_fieldsets(),
    (_("No IRM data"), {"fields": ["no_data"]}),
]


PARTICIPATION_FIELDSETS = [
    (
        _("Development (co-creation)"),
        {"fields": ["development_level", "development_open"]},
    ),
    (
        _("Implementation"),
        {"fields": ["implementation_level", "implementation_open"]},
    ),
    (
        _("Forum and process"),
        {"fields": ["forum_existed", "forum_met_regularly", "acted_contrary_to_process"]},
    ),
    (
        _("2022 Participation and Co-Creation Standards"),
        {
            "fields": [
                "standard_forum",
                "standard_repository",
                "standard_inclusive",
                "standard_reasoned_response",
                "standard_implementation",
            ]
        },
    ),
]


def indicator_choices():
    return [
        (name, capfirst(CommitmentAssessment._meta.get_field(name).verbose_name))
        for name in methods.INDICATORS
    ]


class AssessmentForm(forms.ModelForm):
    """The model's clean() checks a saved commitment and report; under a parent that is being
    added (a new report or commitment with assessments inline) the same rules run here."""

    no_data = forms.TypedMultipleChoiceField(
        label=_("No IRM data for"),
        choices=indicator_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick an indicator when the report says it has no data for it (leave it unticked "
            "and blank when the report does not say). Only indicators the report assesses."
        ),
    )

    def clean_no_data(self):
        return list(self.cleaned_data.get("no_data") or [])

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.commitment_id and instance.report_id:
            return cleaned  # CommitmentAssessment.clean() has checked it.
        commitment = cleaned.get("commitment") or getattr(instance, "commitment", None)
        report = cleaned.get("report") or getattr(instance, "report", None)
        if commitment is None or report is None:
            return cleaned
        if (
            commitment.action_plan_id
            and report.action_plan_id
            and commitment.action_plan_id != report.action_plan_id
        ):
            self.add_error(
                "report" if "report" in self.fields else None,
                _("This report is about another action plan; choose a report of %(plan)s.")
                % {"plan": commitment.action_plan},
            )
        if report.type and report.year:
            shown = {name: cleaned.get(name) for name in self.fields}
            no_data = cleaned.get("no_data") or ()
            errors = methods.indicator_errors(
                report.type, report.year, shown, no_data, report.stage or ReportStage.FINAL
            )
            for field, message in errors.items():
                self.add_error(field if field in self.fields else None, message)
        return cleaned


class ParticipationForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("forum_met_regularly") and cleaned.get("forum_existed") is not True:
            self.add_error(
                "forum_met_regularly",
                _(
                    "A forum that met regularly must have existed: set “multistakeholder forum "
                    "existed” to Yes, or this one to No or Unknown."
                ),
            )
        if self.instance.action_plan_id:
            return cleaned  # ParticipationAssessment.clean() checks the report's plan.
        report = cleaned.get("report")
        plan = cleaned.get("action_plan") or getattr(self.instance, "action_plan", None)
        if report is not None and plan is not None and report.action_plan_id != plan.pk:
            self.add_error("report", _("This report is about another action plan."))
        elif report is not None and not report.available:
            self.add_error("report", NOT_AVAILABLE_MESSAGE)
        return cleaned


def parent_plan_id(request, model):
    """The action plan of the object whose change page this is (`model` is the parent's
    model), read once per request; None on an add page."""
    match = request.resolver_match
    object_id = match.kwargs.get("object_id") if match else None
    if not object_id:
        return None
    cache = request.__dict__.setdefault("_admin_parent_plan", {})
    if model not in cache:
        try:
            rows = model._default_manager.filter(pk=unquote(object_id))
            cache[model] = rows.values_list("action_plan_id", flat=True).first()
        except (ValueError, TypeError, ValidationError):
            cache[model] = None
    return cache[model]


class PlanScopedInlineMixin:
    """On a change page, pick `scoped_field` from a select of the parent's action plan's rows
    (read once for all the rows); on an add page, where the plan is not known yet, by
    autocomplete."""

    scoped_field = ""
    scoped_model = None

    def get_autocomplete_fields(self, request):
        if parent_plan_id(request, self.parent_model) is None:
            return [self.scoped_field]
        return []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        plan = parent_plan_id(request, self.parent_model) if request else None
        if db_field.name == self.scoped_field and plan is not None:
            kwargs["queryset"] = self.scoped_model._default_manager.filter(action_plan_id=plan)
            formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
            return cache_choices(formfield, request, f"scoped-{self.scoped_field}")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# --- Inlines of the commitment and action plan pages (commitments.admin) ---------------------


class AssessmentInline(PlanScopedInlineMixin, StackedInline):
    """A commitment's assessments; the report is one of its plan's reports."""

    model = CommitmentAssessment
    form = AssessmentForm
    scoped_field = "report"
    scoped_model = IrmReport
    extra = 0
    show_change_link = True
    fieldsets = [(None, {"fields": ["report", "notes"]}), *ASSESSMENT_FIELDSETS[1:]]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("report", "commitment")


class IrmReportInline(TabularInline):
    model = IrmReport
    fields = ["type", "stage", "title", "year", "url", "published"]
    show_change_link = True
    extra = 0


class ParticipationInline(StackedInline):
    model = ParticipationAssessment
    form = ParticipationForm
    fieldsets = [(None, {"fields": ["report"]}), *PARTICIPATION_FIELDSETS]
    autocomplete_fields = ["report"]
    show_change_link = True
    extra = 0
    max_num = 1


# --- IRM records -----------------------------------------------------------------------------


class PublishedFiguresForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        total = cleaned.get("commitments")
        if total is not None:
            for name in PUBLISHED_FIGURES[1:]:
                value = cleaned.get(name)
                if value is not None and value > total and name not in self.errors:
                    self.add_error(
                        name,
                        _("%(value)s is more than the %(total)s commitments printed.")
                        % {"value": value, "total": total},
                    )
        report = getattr(self.instance, "report", None) if self.instance.report_id else None
        report = cleaned.get("report") or report
        if report is not None and report.pk and not report.available:
            self.add_error(None, NOT_AVAILABLE_MESSAGE)
        return cleaned


PUBLISHED_FIGURES_FIELDSETS = [
    (
        _("At a glance, as the report printed it (blank: not printed)"),
        {
            "fields": [
                ("commitments", "relevant", "high_ambition"),
                ("potential_stars", "starred", "promising"),
                ("complete", "major", "outstanding"),
            ],
            "description": _(
                "The plan page shows each figure beside the one computed from the commitments "
                "recorded here; staff see where they differ. “Acted contrary to process” is "
                "the participation assessment's."
            ),
        },
    )
]


class PublishedFiguresInline(StackedInline):
    model = PublishedFigures
    form = PublishedFiguresForm
    fieldsets = PUBLISHED_FIGURES_FIELDSETS
    extra = 0
    max_num = 1


class AssessmentByReportInline(PlanScopedInlineMixin, StackedInline):
    """A report's assessments; the commitment is one of the report's plan's commitments."""

    model = CommitmentAssessment
    form = AssessmentForm
    scoped_field = "commitment"
    scoped_model = Commitment
    fieldsets = [(None, {"fields": ["commitment", "notes"]}), *ASSESSMENT_FIELDSETS[1:]]
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("commitment", "report")


class FindingsSourceAdmin(HistoryAdmin):
    """The admin of records the commitments' effective IRM values are computed from (reports,
    assessments): after a save, a delete or a bulk delete, recompute the values of the
    commitments of `findings_of` (a report's action plan, an assessment's commitment) — of
    the old one too when the record was moved to another."""

    findings_of = ""  # "action_plan" or "commitment"

    def _refresh(self, keys):
        lookup = "pk__in" if self.findings_of == "commitment" else f"{self.findings_of}__in"
        refresh_findings(Commitment.objects.filter(**{lookup: set(keys) - {None}}))

    def save_model(self, request, obj, form, change):
        request._irm_moved_from = form.initial.get(self.findings_of) if change else None
        super().save_model(request, obj, form, change)

    def refresh_after_save(self, request, obj):
        moved_from = getattr(request, "_irm_moved_from", None)
        self._refresh([getattr(obj, f"{self.findings_of}_id"), moved_from])

    def delete_model(self, request, obj):
        key = getattr(obj, f"{self.findings_of}_id")
        super().delete_model(request, obj)
        self._refresh([key])

    def delete_queryset(self, request, queryset):
        keys = set(queryset.values_list(self.findings_of, flat=True))
        super().delete_queryset(request, queryset)
        self._refresh(keys)


@admin.register(IrmReport)
class IrmReportAdmin(FindingsSourceAdmin):
    findings_of = "action_plan"
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
    inlines = [AssessmentByReportInline, PublishedFiguresInline]

    assessment_count = CountColumn(CommitmentAssessment, "report", _("assessments"))

    @admin.display(description=_("method"))
    def era(self, obj):
        return Method(obj.era).label


@admin.register(CommitmentAssessment)
class CommitmentAssessmentAdmin(FindingsSourceAdmin):
    findings_of = "commitment"
    form = AssessmentForm
    fieldsets = ASSESSMENT_FIELDSETS
    list_display = [
        "commitment_identifier",
        "report",
        "report_type",
        "report_year",
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

    commitment_identifier = RelatedColumn("commitment__identifier", _("commitment"))
    report_type = RelatedColumn("report__type", _("report type"))
    report_year = RelatedColumn("report__year", _("report year"))


@admin.register(PublishedFigures)
class PublishedFiguresAdmin(HistoryAdmin):
    form = PublishedFiguresForm
    list_display = ["report", "action_plan", *PUBLISHED_FIGURES]
    list_filter = ["report__type", "report__year"]
    search_fields = ["report__title", "report__action_plan__member__name"]
    ordering = ["-report__year", "report__title"]
    list_select_related = ["report__action_plan__member"]
    autocomplete_fields = ["report"]
    fieldsets = [(None, {"fields": ["report"]}), *PUBLISHED_FIGURES_FIELDSETS]

    action_plan = RelatedColumn("report__action_plan", _("action plan"))


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

    policy_area_count = CountColumn(
        GlobalReportDimension.policy_areas.through, "globalreportdimension", _("policy areas")
    )


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
