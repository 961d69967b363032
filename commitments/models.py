"""Action plans, commitments, milestones and policy areas.

A commitment stores its *effective* IRM values (the latest value each assessment set), so the
explorer can filter and sort on indexed columns; their vocabularies and the names of those
columns are in `commitments.vocabularies` (re-exported here). The assessments themselves, and
the service that refreshes these values, live in `irm`.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commitments import vocabularies
from commitments.vocabularies import (  # noqa: F401 (re-exported: the models' vocabularies)
    Completion,
    DesignReason,
    EarlyResults,
    EarlyResultsRefresh,
    Focus,
    IrmState,
    OgpValue,
    PotentialImpact,
    PotentialResults,
    Specificity,
)
from members.models import Member, year_in_range, year_validators
from ogp.constraints import dates_in_order, one_of

# --- Policy areas ---------------------------------------------------------------------------


class PolicyAreaQuerySet(models.QuerySet):
    def tree(self):
        """Every area in tree order (each root by name, then the areas under it), as a list:
        each area has `.depth` (0 for a root) and `.child_areas`. One query."""
        children = {}
        for area in self.order_by("name"):
            children.setdefault(area.parent_id, []).append(area)
        ordered = []

        def visit(area, depth):
            area.depth = depth
            area.child_areas = children.get(area.pk, [])
            ordered.append(area)
            for child in area.child_areas:
                visit(child, depth + 1)

        for root in children.get(None, []):
            visit(root, 0)
        return ordered


class PolicyArea(models.Model):
    """A policy area staff tag commitments with. The list changes: keep old names as aliases."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    description = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = PolicyAreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="commitments_policyarea_not_own_parent",
                violation_error_message=_("A policy area cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("commitments:policy-area-detail", args=[self.slug])

    def subtree(self):
        """The area and every area under it, in tree order (an area read by `tree()`)."""
        yield self
        for child in self.child_areas:
            yield from child.subtree()


class PolicyAreaAlias(models.Model):
    """An earlier or alternative name ("E-Government") that maps to a current area."""

    name = models.CharField(max_length=150, unique=True)
    policy_area = models.ForeignKey(PolicyArea, on_delete=models.CASCADE, related_name="aliases")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "policy area aliases"

    def __str__(self):
        return f"{self.name} → {self.policy_area}"


# --- Action plans ---------------------------------------------------------------------------


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


class ActionPlan(models.Model):
    IrmCoverage = vocabularies.IrmCoverage

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="action_plans")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    title = models.CharField(max_length=300)
    start_year = models.PositiveSmallIntegerField(validators=year_validators)
    start_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    end_year = models.PositiveSmallIntegerField(validators=year_validators)
    end_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    submission_year = models.PositiveSmallIntegerField(
        validators=year_validators, help_text=_("Year of submission (the cycle).")
    )
    summary = models.TextField(blank=True)
    document_url = models.URLField(max_length=500, blank=True)
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
    published = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ActionPlanQuerySet.as_manager()

    class Meta:
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


# --- Commitments ----------------------------------------------------------------------------


# The columns the explorer's filters read (commitments.filters), and its default order,
# covered by one index.
FILTERED_COLUMNS = [
    "identifier",
    "action_plan",
    "published",
    "primary_policy_area",
    "claims_access_to_information",
    "claims_civic_participation",
    "claims_public_accountability",
    "claims_technology",
    *vocabularies.FILTERED_IRM_FIELDS,
]


class CommitmentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(
            published=True, action_plan__published=True, action_plan__member__published=True
        )

    def assessed(self):
        """Commitments that an IRM report (published or not) assessed: they stay in their
        action plan (`move_error`)."""
        return self.filter(assessments__isnull=False).distinct()


class Commitment(models.Model):
    Status = vocabularies.Status

    identifier = models.CharField(
        max_length=16,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z]{2,8}[0-9]{4}$", _("Use the member prefix and four digits, e.g. SEO0001.")
            )
        ],
    )
    action_plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="commitments"
    )
    number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Its number within the action plan.")
    )
    title = models.CharField(max_length=500)
    short_title = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True, help_text=_("The action plan's text."))
    lead_institution = models.CharField(max_length=500, blank=True)
    supporting_institutions = models.TextField(blank=True)
    source_url = models.URLField(
        _("OGP page"),
        max_length=500,
        blank=True,
        help_text=_("The commitment's page on OGP's own site (the spreadsheet's URL column)."),
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.ACTIVE)
    policy_areas = models.ManyToManyField(PolicyArea, related_name="commitments", blank=True)
    primary_policy_area = models.ForeignKey(
        PolicyArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="primary_commitments",
    )
    # OGP values the action plan claims.
    claims_access_to_information = models.BooleanField(default=False)
    claims_civic_participation = models.BooleanField(default=False)
    claims_public_accountability = models.BooleanField(default=False)
    claims_technology = models.BooleanField(default=False)
    published = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Effective IRM values: field by field, the latest assessment that set it. Written only
    # by irm.services.refresh_findings(); never edited by hand.
    irm_state = models.CharField(
        max_length=10, choices=IrmState, default=IrmState.PENDING, editable=False
    )
    # The plan's method (blank until first computed): whether stars exist, how to read a null
    # `irm_starred`.
    irm_method = models.CharField(
        _("IRM method"), max_length=4, choices=vocabularies.IrmMethod, blank=True, editable=False
    )
    irm_specificity = models.CharField(
        max_length=10, choices=Specificity, blank=True, editable=False
    )
    irm_verifiable = models.BooleanField(null=True, editable=False)
    irm_relevant_access_to_information = models.BooleanField(null=True, editable=False)
    irm_relevant_civic_participation = models.BooleanField(null=True, editable=False)
    irm_relevant_public_accountability = models.BooleanField(null=True, editable=False)
    irm_relevant_technology = models.BooleanField(null=True, editable=False)
    irm_open_government_lens = models.BooleanField(null=True, editable=False)
    irm_potential_impact = models.CharField(
        max_length=16, choices=PotentialImpact, blank=True, editable=False
    )
    irm_potential_results = models.CharField(
        max_length=12, choices=PotentialResults, blank=True, editable=False
    )
    irm_completion = models.CharField(max_length=12, choices=Completion, blank=True, editable=False)
    irm_early_results = models.CharField(
        _("IRM: did it open government?"),
        max_length=16,
        choices=EarlyResults,
        blank=True,
        editable=False,
    )
    irm_early_results_refresh = models.CharField(
        max_length=12, choices=EarlyResultsRefresh, blank=True, editable=False
    )
    irm_promising = models.BooleanField(null=True, editable=False)
    # Yes / no; null while undecided (pending, no IRM data) or under the 2021+ method.
    irm_starred = models.BooleanField(null=True, editable=False)
    irm_potentially_starred = models.BooleanField(
        null=True, editable=False, help_text=_("The design half of the star rule.")
    )
    irm_ambitious = models.BooleanField(
        null=True, editable=False, help_text=_("High ambition: transformative / substantial.")
    )
    irm_focus = models.CharField(
        max_length=16, choices=Focus, default=Focus.PENDING, editable=False
    )
    irm_design_reason = models.CharField(
        max_length=16, choices=DesignReason, blank=True, editable=False
    )

    history = HistoricalRecords(m2m_fields=[policy_areas])
    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["identifier"]
        indexes = [
            models.Index(fields=["irm_state"], name="commitments_commitment_state"),
            models.Index(fields=["irm_starred"], name="commitments_commitment_starred"),
            models.Index(fields=["irm_focus"], name="commitments_commitment_focus"),
            models.Index(fields=["irm_early_results"], name="commitments_commitment_early"),
            models.Index(fields=["irm_completion"], name="commitments_commitment_compl"),
            # Covering: the explorer, its exports and the API narrow (and by default order)
            # the commitments with these columns only, so PostgreSQL reads this narrow index
            # (index-only scan) instead of the wide table with its descriptions. (Other
            # databases ignore `include`.)
            models.Index(
                fields=["id"],
                include=FILTERED_COLUMNS,
                name="commitments_commitment_filter",
            ),
        ]
        constraints = [
            one_of(
                "status",
                vocabularies.Status,
                name="commitments_commitment_status_valid",
                message=_("Status must be active, inactive or withdrawn."),
            ),
            dates_in_order(
                name="commitments_commitment_dates_ordered",
                message=_("The commitment must end on or after its start date."),
            ),
            models.CheckConstraint(
                condition=~Q(identifier=""),
                name="commitments_commitment_identifier_not_blank",
                violation_error_message=_("Give the commitment its identifier, e.g. SEO0001."),
            ),
            one_of("irm_state", IrmState, name="commitments_commitment_irm_state_valid"),
            one_of(
                "irm_method",
                vocabularies.IrmMethod,
                name="commitments_commitment_irm_method_valid",
                blank=True,
            ),
            one_of(
                "irm_specificity",
                Specificity,
                name="commitments_commitment_irm_specificity_valid",
                blank=True,
            ),
            one_of(
                "irm_potential_impact",
                PotentialImpact,
                name="commitments_commitment_irm_impact_valid",
                blank=True,
            ),
            one_of(
                "irm_potential_results",
                PotentialResults,
                name="commitments_commitment_irm_results_valid",
                blank=True,
            ),
            one_of(
                "irm_completion",
                Completion,
                name="commitments_commitment_irm_completion_valid",
                blank=True,
            ),
            one_of(
                "irm_early_results",
                EarlyResults,
                name="commitments_commitment_irm_early_valid",
                blank=True,
            ),
            one_of(
                "irm_early_results_refresh",
                EarlyResultsRefresh,
                name="commitments_commitment_irm_early_refresh_valid",
                blank=True,
            ),
            one_of("irm_focus", Focus, name="commitments_commitment_irm_focus_valid"),
            one_of(
                "irm_design_reason",
                DesignReason,
                name="commitments_commitment_irm_reason_valid",
                blank=True,
            ),
            models.CheckConstraint(
                condition=Q(irm_focus="design", irm_design_reason__in=DesignReason.values)
                | (~Q(irm_focus="design") & Q(irm_design_reason="")),
                name="commitments_commitment_reason_only_for_design",
                violation_error_message=_(
                    "Only a commitment to focus on design has a design reason."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.identifier} {self.title}"

    def get_absolute_url(self):
        return reverse(
            "members:commitment-detail", args=[self.action_plan.member.slug, self.identifier]
        )

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        commitment = super().from_db(db, field_names, values, **kwargs)
        # The plan it was read with: clean() asks the database only when it changes (an action
        # plan's page validates every one of its commitments on each save).
        commitment._loaded_plan_id = commitment.__dict__.get("action_plan_id")
        return commitment

    def clean(self):
        moved = self.action_plan_id != getattr(self, "_loaded_plan_id", None)
        if self.pk is not None and self.action_plan_id is not None and moved:
            error = move_error(self.pk, self.action_plan_id)
            if error:
                raise ValidationError({"action_plan": error})

    @property
    def claimed_values(self):
        return [value for value in OgpValue if getattr(self, f"claims_{value.value}")]


class Milestone(models.Model):
    Completion = vocabularies.MilestoneCompletion

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=500)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    completion = models.CharField(max_length=12, choices=Completion, default=Completion.NOT_STARTED)

    history = HistoricalRecords()

    class Meta:
        ordering = ["commitment", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "position"],
                name="commitments_milestone_unique_position",
                violation_error_message=_(
                    "Another milestone of this commitment has this position."
                ),
            ),
            one_of(
                "completion",
                vocabularies.MilestoneCompletion,
                name="commitments_milestone_completion_valid",
                message=_("Completion must be one of the listed values."),
            ),
            dates_in_order(
                name="commitments_milestone_dates_ordered",
                message=_("The milestone must end on or after its start date."),
            ),
        ]

    def __str__(self):
        return self.title


def move_error(commitment_id, action_plan_id):
    """Why the commitment cannot move to this action plan, or None.

    A commitment that IRM reports assessed stays in its plan: the reports are about that
    plan, so moving it would leave its assessments on another plan's report (and moving the
    assessments would say the IRM assessed it in a plan it never reviewed). The admin form
    asks here through `Commitment.clean()`, the import through `assessed()` for a batch. The
    assessments live in `irm`; this reads them through their reverse relation only, so
    nothing here imports it.
    """
    moved = Commitment.objects.filter(pk=commitment_id).exclude(action_plan_id=action_plan_id)
    old_plan = moved.assessed().values_list("action_plan", flat=True).first()
    if old_plan is None:
        return None
    return _(
        "This commitment has IRM assessments on reports of %(plan)s, so it stays in that "
        "action plan: the reports are about it. If it was entered in the wrong plan, ask an "
        "IRM researcher to delete its assessments first, then move it."
    ) % {"plan": ActionPlan.objects.get(pk=old_plan)}
