"""IRM reports and findings, participation assessments; the Global Report dimensions and
third-party scores (`irm.dimensions`) are re-exported here.

Assessments are kept with the report that made them. A commitment's effective values (the
latest value each report set) are written onto the commitment by `irm.services`.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commitments.models import (
    ActionPlan,
    Commitment,
    Completion,
    EarlyResults,
    EarlyResultsRefresh,
    PotentialImpact,
    PotentialResults,
    Specificity,
)
from commitments.vocabularies import INDICATOR_LABELS as LABELS
from irm import methods, metrics
from irm.dimensions import GlobalReportDimension, ThirdPartyScore  # noqa: F401 (the app's models)
from irm.methods import ReportStage, ReportType
from members.models import a_year, year_validators
from ogp.constraints import one_of


class IrmReportQuerySet(models.QuerySet):
    def published(self):
        """Reports the public sees: published, on a published action plan."""
        return self.filter(published=True, action_plan__in=ActionPlan.objects.published())


class IrmReport(models.Model):
    Type = ReportType

    Stage = ReportStage

    action_plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("Action plan"),
        on_delete=models.CASCADE,
        related_name="irm_reports",
    )
    type = models.CharField(_("Type"), max_length=24, choices=Type)
    stage = models.CharField(
        _("Stage"),
        max_length=12,
        choices=Stage,
        default=Stage.FINAL,
        help_text=_(
            "“Not available”: the report exists or is due but cannot be had; it records no "
            "findings, and what it would measure reads “No IRM data”."
        ),
    )
    title = models.CharField(_("Title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("Year"), validators=year_validators)
    url = models.URLField(_("Link"), max_length=500, blank=True)
    published = models.BooleanField(_("Published"), default=True)

    history = HistoricalRecords()
    objects = IrmReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("IRM report")
        verbose_name_plural = _("IRM reports")
        ordering = ["action_plan", "year", "pk"]
        constraints = [
            one_of(
                "type",
                ReportType,
                name="irm_irmreport_type_valid",
                message=_("The report type must be one of the listed types."),
            ),
            one_of(
                "stage",
                ReportStage,
                name="irm_irmreport_stage_valid",
                message=_("The stage must be draft for comment, final or not available."),
            ),
            a_year("year", name="irm_irmreport_year_in_range"),
            models.UniqueConstraint(
                fields=["action_plan", "type", "stage"],
                name="irm_irmreport_unique_type_stage",
                violation_error_message=_(
                    "This action plan already has a report of this type and stage."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def era(self):
        """The IRM method of the report (`irm.methods.Method`): by type, or by year for local
        reviews and self-assessments."""
        return methods.report_method(self.type, self.year)

    @property
    def available(self):
        return self.stage != ReportStage.NOT_AVAILABLE

    def clean(self):
        """A report's type, year and stage decide what its assessments may record: a change
        that would leave one of them recording what the report cannot is refused."""
        if self.pk is None or not (self.type and self.year and self.stage):
            return
        refused = sum(
            1
            for assessment in self.assessments.all()
            if assessment.indicator_errors(self.type, self.year, self.stage)
        )
        if refused:
            raise ValidationError(
                _(
                    "%(count)d assessment(s) of this report record what a %(type)s of %(year)s "
                    "(%(stage)s) cannot: correct them first, or keep the type, year and stage."
                )
                % {
                    "count": refused,
                    "type": ReportType(self.type).label,
                    "year": self.year,
                    "stage": ReportStage(self.stage).label,
                }
            )


# Relevance to each OGP value (2011–2020): the three the star rule reads, and technology.
VALUE_RELEVANCE_FIELDS = (*metrics.RELEVANCE_FIELDS, "relevant_technology")


class CommitmentAssessmentQuerySet(models.QuerySet):
    def of_published_reports(self):
        """The assessments that count: those of published reports (a draft report changes
        nothing the public sees). Whatever the commitment's publication: its stored values are
        kept current for when it is published (`irm.services.refresh_findings`)."""
        return self.filter(report__published=True)

    def published(self):
        """Assessments the public sees: of a published report, on a published commitment."""
        return self.of_published_reports().filter(commitment__in=Commitment.objects.published())

    def in_report_order(self):
        """Those of published reports with their report, in the order their values are merged
        (`irm.metrics.merge_assessments`: report year, then report id): the side-by-side table
        of the commitment page and the API read them so (prefetched per commitment)."""
        return (
            self.of_published_reports()
            .select_related("report")
            .order_by("commitment_id", "report__year", "report_id")
        )


def reported(label, choices=None, max_length=None):
    """What a report found on one indicator: a yes / no, null when it did not say, or with
    `choices` a value of that vocabulary, blank when it did not say."""
    if choices is None:
        return models.BooleanField(label, null=True, blank=True)
    return models.CharField(label, max_length=max_length, choices=choices, blank=True)


class CommitmentAssessment(models.Model):
    """What one IRM report found about one commitment. Blank = this report did not say."""

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("Commitment"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    report = models.ForeignKey(
        IrmReport,
        verbose_name=_("IRM report"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    # 2011–2020
    specificity = reported(LABELS["specificity"], Specificity, 10)
    relevant_access_to_information = reported(_("Relevant to access to information"))
    relevant_civic_participation = reported(_("Relevant to civic participation"))
    relevant_public_accountability = reported(_("Relevant to public accountability"))
    relevant_technology = reported(_("Relevant to technology and innovation"))
    potential_impact = reported(LABELS["potential_impact"], PotentialImpact, 16)
    early_results = reported(LABELS["early_results"], EarlyResults, 16)
    # 2021+
    verifiable = reported(LABELS["verifiable"])
    open_government_lens = reported(LABELS["open_government_lens"])
    potential_results = reported(LABELS["potential_results"], PotentialResults, 12)
    early_results_refresh = reported(LABELS["early_results_refresh"], EarlyResultsRefresh, 12)
    promising = reported(LABELS["promising"])
    # All eras
    completion = reported(LABELS["completion"], Completion, 12)
    no_data = models.JSONField(
        _("No IRM data for"),
        default=list,
        blank=True,
        help_text=_(
            "The indicators this report says it has no data for (blank: it did not say). "
            "Names of `irm.methods.INDICATORS`, of those the report assesses."
        ),
    )
    notes = models.TextField(_("Notes"), blank=True)

    history = HistoricalRecords()
    objects = CommitmentAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment assessment")
        verbose_name_plural = _("commitment assessments")
        ordering = ["commitment", "report__year", "report_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "report"],
                name="irm_commitmentassessment_unique_report",
                violation_error_message=_(
                    "This report already has an assessment of this commitment."
                ),
            ),
            one_of(
                "specificity",
                Specificity,
                name="irm_commitmentassessment_specificity_valid",
                message=_("Specificity must be one of the listed values."),
                blank=True,
            ),
            one_of(
                "potential_impact",
                PotentialImpact,
                name="irm_commitmentassessment_impact_valid",
                message=_("Potential impact must be one of the listed values."),
                blank=True,
            ),
            one_of(
                "potential_results",
                PotentialResults,
                name="irm_commitmentassessment_results_valid",
                message=_("Potential for results must be one of the listed values."),
                blank=True,
            ),
            one_of(
                "completion",
                Completion,
                name="irm_commitmentassessment_completion_valid",
                message=_("Completion must be one of the listed values."),
                blank=True,
            ),
            one_of(
                "early_results",
                EarlyResults,
                name="irm_commitmentassessment_early_valid",
                message=_("“Did it open government?” must be one of the listed values."),
                blank=True,
            ),
            one_of(
                "early_results_refresh",
                EarlyResultsRefresh,
                name="irm_commitmentassessment_early_refresh_valid",
                message=_("Early results must be one of the listed values."),
                blank=True,
            ),
            models.CheckConstraint(
                condition=Q(specificity="") | Q(verifiable__isnull=True),
                name="irm_commitmentassessment_one_era_of_verifiability",
                violation_error_message=_(
                    "Give specificity (2011–2020) or verifiable (2021+), not both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(potential_impact="") | Q(potential_results=""),
                name="irm_commitmentassessment_one_era_of_ambition",
                violation_error_message=_(
                    "Give potential impact (2011–2020) or potential for results (2021+), not both."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.commitment.identifier} – {self.report}"

    def indicator_values(self):
        """{indicator: value} of the fields merged into the commitment's effective values."""
        return {name: getattr(self, name) for name in metrics.MERGED_FIELDS}

    def indicator_errors(self, report_type, year, stage):
        """What this assessment records that a report of this type, year and stage cannot
        (`irm.methods.indicator_errors`)."""
        values = {name: getattr(self, name) for name in methods.INDICATORS}
        return methods.indicator_errors(report_type, year, values, self.no_data or (), stage)

    def clean(self):
        errors = {}
        if not isinstance(self.no_data, list) or not all(
            isinstance(name, str) for name in self.no_data
        ):
            raise ValidationError({"no_data": _("Give a list of indicator names.")})
        if self.report_id and self.commitment_id:
            if self.report.action_plan_id != self.commitment.action_plan_id:
                errors["report"] = _(
                    "This report is about another action plan; choose a report of %(plan)s."
                ) % {"plan": self.commitment.action_plan}
            report = self.report
            errors.update(self.indicator_errors(report.type, report.year, report.stage))
        if errors:
            raise ValidationError(errors)


NOT_AVAILABLE_MESSAGE = _("This report is not available: it records no findings.")


# The printed figures, in the order of the plan page's "At a glance".
PUBLISHED_FIGURES = (
    "commitments",
    "relevant",
    "high_ambition",
    "potential_stars",
    "starred",
    "complete",
    "major",
    "outstanding",
    "promising",
)


def _printed(label):
    return models.PositiveIntegerField(label, null=True, blank=True)


class PublishedFigures(models.Model):
    """The plan-level figures one IRM report printed "at a glance", as printed (each optional:
    blank = the report did not print it). The plan page shows each beside the figure computed
    from the commitments recorded here, and points out a difference to staff
    (`irm.display.glance_rows`): neither replaces the other."""

    report = models.OneToOneField(
        IrmReport,
        verbose_name=_("IRM report"),
        on_delete=models.CASCADE,
        related_name="published_figures",
    )
    commitments = _printed(_("commitments"))
    relevant = _printed(_("relevant to OGP values"))
    high_ambition = _printed(
        _("transformative potential impact (or substantial potential for results)")
    )
    potential_stars = _printed(_("potential stars (design reports)"))
    starred = _printed(_("starred commitments"))
    complete = _printed(_("substantially or fully completed"))
    major = _printed(_("major early results (did it open government?)"))
    outstanding = _printed(_("outstanding early results (did it open government?)"))
    promising = _printed(_("promising commitments (2021+)"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["report"]
        verbose_name = _("published figures")
        verbose_name_plural = _("published figures")
        constraints = [
            models.CheckConstraint(
                condition=Q(commitments__isnull=True)
                | Q(
                    *(
                        Q(**{f"{name}__isnull": True})
                        | Q(**{f"{name}__lte": models.F("commitments")})
                        for name in PUBLISHED_FIGURES[1:]  # each a part of the commitments
                    )
                ),
                name="irm_publishedfigures_within_commitments",
                violation_error_message=_(
                    "A published count cannot exceed the number of commitments printed."
                ),
            ),
        ]

    def __str__(self):
        return f"Figures published in {self.report}"

    def clean(self):
        if self.report_id and not self.report.available:
            raise ValidationError({"report": NOT_AVAILABLE_MESSAGE})


class ParticipationAssessmentQuerySet(models.QuerySet):
    def published(self):
        """Participation the public sees: of a published action plan (shown whether or not its
        report is published: docs/domain.md §10)."""
        return self.filter(action_plan__in=ActionPlan.objects.published())


class ParticipationLevel(models.TextChoices):  # ParticipationAssessment.Level
    EMPOWER = "empower", _("Empower")
    COLLABORATE = "collaborate", _("Collaborate")
    INVOLVE = "involve", _("Involve")
    CONSULT = "consult", _("Consult")
    INFORM = "inform", _("Inform")
    NO_CONSULTATION = "no_consultation", _("No consultation")


# A participation level, or "" (not reported).
PARTICIPATION_LEVELS = ["", *ParticipationLevel.values]


class ParticipationAssessment(models.Model):
    """How the public took part in an action plan, as the IRM found (one per plan)."""

    Level = ParticipationLevel

    LEVEL_DEFINITIONS = {
        "collaborate": _("Iterative dialogue and public helped set agenda"),
        "involve": _("Government gave feedback on public inputs"),
        "consult": _("Public gave input"),
        "inform": _("Government provided public with information on plan"),
    }

    action_plan = models.OneToOneField(
        ActionPlan,
        verbose_name=_("Action plan"),
        on_delete=models.CASCADE,
        related_name="participation",
    )
    report = models.ForeignKey(
        IrmReport,
        verbose_name=_("IRM report"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participation_assessments",
    )
    development_level = reported(_("Public influence in development (IAP2)"), Level, 16)
    implementation_level = reported(_("Public influence during implementation (IAP2)"), Level, 16)
    development_open = reported(_("Development open to any interested party"))
    implementation_open = reported(_("Implementation open to any interested party"))
    forum_existed = reported(_("A multistakeholder forum existed"))
    forum_met_regularly = reported(_("The forum met regularly"))
    acted_contrary_to_process = reported(_("Acted contrary to process"))
    # 2022 Participation and Co-Creation Standards: met / not met / blank (not assessed).
    standard_forum = reported(_("Standard 1: a forum meets at least every six months"))
    standard_repository = reported(_("Standard 2: an OGP website and document repository exist"))
    standard_inclusive = reported(_("Standard 3: inclusive participation"))
    standard_reasoned_response = reported(_("Standard 4: a reasoned response to input"))
    standard_implementation = reported(_("Standard 5: participation during implementation"))

    objects = ParticipationAssessmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participation assessment")
        verbose_name_plural = _("participation assessments")
        ordering = ["action_plan"]
        constraints = [
            models.CheckConstraint(
                condition=Q(development_level__in=PARTICIPATION_LEVELS)
                & Q(implementation_level__in=PARTICIPATION_LEVELS),
                name="irm_participation_levels_valid",
                violation_error_message=_("Participation levels must be on the listed spectrum."),
            ),
            models.CheckConstraint(
                condition=Q(forum_met_regularly__isnull=True)
                | Q(forum_met_regularly=False)
                | Q(forum_existed=True),
                name="irm_participation_forum_met_needs_forum",
                violation_error_message=_(
                    "A forum that met regularly must have existed: tick “forum existed”."
                ),
            ),
        ]

    def __str__(self):
        return f"Participation in {self.action_plan}"

    def clean(self):
        if not self.report_id:
            return
        if self.action_plan_id and self.report.action_plan_id != self.action_plan_id:
            raise ValidationError({"report": _("This report is about another action plan.")})
        if not self.report.available:
            raise ValidationError({"report": NOT_AVAILABLE_MESSAGE})
