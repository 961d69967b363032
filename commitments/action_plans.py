"""Action plans: a member's plans, numbered from 1, with their years, submission and IRM coverage
(re-exported by `commitments.models`)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commitments import vocabularies
from members.models import Member, year_in_range, year_validators
from ogp.constraints import one_of
from ogp.models import Timestamped
from ogp.translated import translations


def split_lines(text):
    """The non-blank lines of a text, stripped (a list of institutions, one per line)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ActionPlanQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True, member__published=True)

    def of_member(self, member):
        """The member's published plans, by number, as a list; each knows its member (no query
        per plan for its URL)."""
        plans = list(self.published().filter(member=member).order_by("number"))
        for plan in plans:
            plan.member = member
        return plans


class ActionPlan(Timestamped):
    IrmCoverage = vocabularies.IrmCoverage

    member = models.ForeignKey(
        Member, verbose_name=_("Member"), on_delete=models.CASCADE, related_name="action_plans"
    )
    number = models.PositiveSmallIntegerField(_("Number"), validators=[MinValueValidator(1)])
    title = models.CharField(_("Title"), max_length=300)
    title_es, title_fr = translations(title)
    start_year = models.PositiveSmallIntegerField(_("Start year"), validators=year_validators)
    start_month = models.PositiveSmallIntegerField(
        _("Start month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    end_year = models.PositiveSmallIntegerField(_("End year"), validators=year_validators)
    end_month = models.PositiveSmallIntegerField(
        _("End month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    submission_year = models.PositiveSmallIntegerField(
        _("Submission year"),
        validators=year_validators,
        blank=True,
        help_text=_("Year of submission (the cycle). With a submission date, its year."),
    )
    submission_date = models.DateField(
        _("Submission date"),
        null=True,
        blank=True,
        help_text=_("The day the plan was submitted to OGP, if known; it sets the year."),
    )
    lead_institutions = models.TextField(
        _("Lead institutions"),
        blank=True,
        help_text=_("The institutions that lead the plan, one per line."),
    )
    summary = models.TextField(_("Summary"), blank=True)
    summary_es, summary_fr = translations(summary)
    document_url = models.URLField(_("Action plan document"), max_length=500, blank=True)
    irm_coverage = models.CharField(
        _("IRM coverage"),
        max_length=12,
        choices=IrmCoverage,
        default=IrmCoverage.COVERED,
        help_text=_(
            "Unassessed commitments of a covered plan show “Pending IRM review”; "
            "of a plan not covered, “No IRM data”."
        ),
    )
    published = models.BooleanField(_("Published"), default=True)

    history = HistoricalRecords()
    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["member", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "number"],
                name="commitments_actionplan_unique_number",
                violation_error_message=_(
                    "This member already has an action plan with this number."
                ),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="commitments_actionplan_number_positive",
                violation_error_message=_("Action plans are numbered from 1."),
            ),
            models.CheckConstraint(
                condition=year_in_range("start_year")
                & year_in_range("end_year")
                & year_in_range("submission_year"),
                name="commitments_actionplan_years_in_range",
                violation_error_message=_(
                    "Start, end and submission years must be between 2011 and 2100."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_year__gt=F("start_year"))
                | Q(
                    end_year=F("start_year"),
                    start_month__isnull=True,
                )
                | Q(end_year=F("start_year"), end_month__isnull=True)
                | Q(end_year=F("start_year"), end_month__gte=F("start_month")),
                name="commitments_actionplan_dates_ordered",
                violation_error_message=_("The action plan must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(submission_date__isnull=True)
                | Q(submission_date__year=F("submission_year")),
                name="commitments_actionplan_submission_year_of_date",
                violation_error_message=_(
                    "The submission year must be the year of the submission date."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(start_month__isnull=True) | Q(start_month__gte=1, start_month__lte=12))
                & (Q(end_month__isnull=True) | Q(end_month__gte=1, end_month__lte=12)),
                name="commitments_actionplan_months_valid",
                violation_error_message=_("Months are numbered 1 to 12."),
            ),
            one_of(
                "irm_coverage",
                vocabularies.IrmCoverage,
                name="commitments_actionplan_irm_coverage_valid",
                message=_("IRM coverage must be covered or not covered."),
            ),
        ]

    def __str__(self):
        return f"{self.member} – Action Plan {self.number} ({self.years})"

    def get_absolute_url(self):
        return reverse("members:action-plan-detail", args=[self.member.slug, self.number])

    @property
    def years(self):
        return f"{self.start_year}-{self.end_year}"

    @property
    def lead_institution_list(self):
        return split_lines(self.lead_institutions)

    def clean(self):
        # The submission year is the date's year, when the date is known (one rule; the
        # constraint above keeps them equal in the database).
        if self.submission_date is not None:
            if self.submission_year is None:
                self.submission_year = self.submission_date.year
            elif self.submission_year != self.submission_date.year:
                raise ValidationError(
                    {
                        "submission_date": _(
                            "The plan was submitted on %(date)s, not in %(year)s: correct the "
                            "date, or the year (or leave the year blank: the date sets it)."
                        )
                        % {"date": self.submission_date.isoformat(), "year": self.submission_year}
                    }
                )
        elif self.submission_year is None:
            raise ValidationError(
                {"submission_year": _("Give the year of submission, or the submission date.")}
            )
