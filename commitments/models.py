"""Commitments and milestones; the app's other models are action plans
(`commitments.action_plans`), policy areas (`commitments.policy_areas`), identifier prefixes
(`commitments.prefixes`) and the search's copy of the stored vectors (`commitments.search`),
re-exported here.

A commitment stores its *effective* IRM values (the latest value each assessment set), so the
explorer can filter and sort on indexed columns; their vocabularies and the names of those
columns are in `commitments.vocabularies` (re-exported here). The assessments themselves, and
the service that refreshes these values, live in `irm`.
"""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commitments import vocabularies
from commitments.action_plans import ActionPlan, split_lines  # noqa: F401 (the app's models)
from commitments.policy_areas import PolicyArea, PolicyAreaAlias  # noqa: F401 (the app's models)
from commitments.prefixes import IdentifierPrefix, prefix_error  # noqa: F401 (the app's models)
from commitments.search import CommitmentSearch  # noqa: F401 (the app's models)
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
from ogp.constraints import dates_in_order, one_of
from ogp.models import Timestamped
from ogp.translated import translations

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


def effective(label, choices=None, max_length=None, **options):
    """An effective IRM value of a commitment (`Commitment.irm_*`): a yes / no, null while no
    assessment decided it, or with `choices` a value of that vocabulary, blank while none did.
    Computed, never edited by hand."""
    if choices is None:
        return models.BooleanField(label, null=True, editable=False, **options)
    return models.CharField(
        label, max_length=max_length, choices=choices, blank=True, editable=False, **options
    )


class CommitmentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(
            published=True, action_plan__published=True, action_plan__member__published=True
        )

    def assessed(self):
        """Commitments that an IRM report (published or not) assessed: they stay in their
        action plan (`move_error`)."""
        return self.filter(assessments__isnull=False).distinct()


class Commitment(Timestamped):
    Status = vocabularies.Status

    identifier = models.CharField(
        _("Identifier"),
        max_length=16,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z]{2,8}[0-9]{4}$", _("Use the member prefix and four digits, e.g. SEO0001.")
            )
        ],
    )
    action_plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("Action plan"),
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    number = models.PositiveSmallIntegerField(
        _("Number"), null=True, blank=True, help_text=_("Its number within the action plan.")
    )
    title = models.CharField(_("Title"), max_length=500)
    title_es, title_fr = translations(title)
    short_title = models.CharField(_("Short title"), max_length=200, blank=True)
    short_title_es, short_title_fr = translations(short_title)
    description = models.TextField(
        _("Description"), blank=True, help_text=_("The action plan's text.")
    )
    description_es, description_fr = translations(description)
    lead_institution = models.CharField(_("Lead institution"), max_length=500, blank=True)
    supporting_institutions = models.TextField(_("Supporting institutions"), blank=True)
    source_url = models.URLField(
        _("OGP page"),
        max_length=500,
        blank=True,
        help_text=_("The commitment's page on OGP's own site (the spreadsheet's URL column)."),
    )
    start_date = models.DateField(_("Start date"), null=True, blank=True)
    end_date = models.DateField(_("End date"), null=True, blank=True)
    status = models.CharField(
        _("Status"),
        max_length=10,
        choices=Status,
        blank=True,
        default=Status.NOT_REPORTED,
        help_text=_("Blank when no source says (shown as “Not reported”)."),
    )
    primary_sector = models.CharField(
        _("Primary sector"),
        max_length=200,
        blank=True,
        help_text=_(
            "The commitment's primary sector as OGP's data names it (e.g. “Health”, "
            "“Justice”): free text, not the policy areas."
        ),
    )
    policy_areas = models.ManyToManyField(
        PolicyArea, verbose_name=_("Policy areas"), related_name="commitments", blank=True
    )
    primary_policy_area = models.ForeignKey(
        PolicyArea,
        verbose_name=_("Primary policy area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="primary_commitments",
    )
    # OGP values the action plan claims.
    claims_access_to_information = models.BooleanField(
        _("Access to information (OGP value)"), default=False
    )
    claims_civic_participation = models.BooleanField(
        _("Civic participation (OGP value)"), default=False
    )
    claims_public_accountability = models.BooleanField(
        _("Public accountability (OGP value)"), default=False
    )
    claims_technology = models.BooleanField(
        _("Technology and innovation (OGP value)"), default=False
    )
    published = models.BooleanField(_("Published"), default=True)

    # Effective IRM values: field by field, the latest assessment that set it. Written only
    # by irm.services.refresh_findings(); never edited by hand.
    irm_state = models.CharField(
        _("IRM review"), max_length=10, choices=IrmState, default=IrmState.PENDING, editable=False
    )
    # The plan's method (blank until first computed): whether stars exist, how to read a null
    # `irm_starred`.
    irm_method = effective(_("IRM method"), vocabularies.IrmMethod, 4)
    irm_specificity = effective(_("Specificity (IRM, 2011–2020)"), Specificity, 10)
    irm_verifiable = effective(_("Verifiable (IRM)"))
    irm_relevant_access_to_information = effective(_("Relevant to access to information (IRM)"))
    irm_relevant_civic_participation = effective(_("Relevant to civic participation (IRM)"))
    irm_relevant_public_accountability = effective(_("Relevant to public accountability (IRM)"))
    irm_relevant_technology = effective(_("Relevant to technology and innovation (IRM)"))
    irm_open_government_lens = effective(_("Open government lens (IRM, 2021+)"))
    irm_potential_impact = effective(_("Potential impact (IRM, 2011–2020)"), PotentialImpact, 16)
    irm_potential_results = effective(_("Potential for results (IRM, 2021+)"), PotentialResults, 12)
    irm_completion = effective(_("Completion (IRM)"), Completion, 12)
    irm_early_results = effective(_("Did it open government? (IRM)"), EarlyResults, 16)
    irm_early_results_refresh = effective(_("Early results (IRM, 2021+)"), EarlyResultsRefresh, 12)
    irm_promising = effective(_("Promising (IRM, 2021+)"))
    irm_no_data = models.JSONField(
        _("No IRM data for"),
        default=list,
        editable=False,
        help_text=_("Indicators a report said it has no data for, and no report gave a value."),
    )
    # Yes / no; null while undecided (pending, no IRM data) or under the 2021+ method.
    irm_starred = effective(_("Starred (IRM)"))
    irm_potentially_starred = effective(
        _("Potentially starred (IRM)"), help_text=_("The design half of the star rule.")
    )
    irm_ambitious = effective(
        _("High ambition (IRM)"), help_text=_("High ambition: transformative / substantial.")
    )
    irm_focus = models.CharField(
        _("How to get more starred commitments"),
        max_length=16,
        choices=Focus,
        default=Focus.PENDING,
        editable=False,
    )
    irm_design_reason = effective(_("Reason to focus on design"), DesignReason, 16)

    history = HistoricalRecords(m2m_fields=[policy_areas])
    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
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
                message=_("Status must be active, inactive, withdrawn or blank (not reported)."),
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
        commitment._loaded_identifier = commitment.__dict__.get("identifier")
        return commitment

    def clean(self):
        moved = self.action_plan_id != getattr(self, "_loaded_plan_id", None)
        if self.pk is not None and self.action_plan_id is not None and moved:
            error = move_error(self.pk, self.action_plan_id)
            if error:
                raise ValidationError({"action_plan": error})
        # The prefix rule judges an identifier given in a plan: a new commitment, a new
        # identifier, another plan. A stored record saved as it is keeps its identifier.
        if not moved and self.identifier == getattr(self, "_loaded_identifier", None):
            return
        try:  # the plan as set, saved or not (a commitment row on a new plan's page)
            action_plan = self.action_plan
            member = action_plan.member
        except ObjectDoesNotExist:
            return
        error = prefix_error(self.identifier, member, action_plan)
        if error:
            raise ValidationError({"identifier": error})

    @property
    def claimed_values(self):
        return [value for value in OgpValue if getattr(self, f"claims_{value.value}")]


class Milestone(models.Model):
    Completion = vocabularies.MilestoneCompletion

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("Commitment"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    position = models.PositiveSmallIntegerField(_("Position"), default=1)
    title = models.CharField(_("Title"), max_length=500)
    title_es, title_fr = translations(title)
    start_date = models.DateField(_("Start date"), null=True, blank=True)
    end_date = models.DateField(_("End date"), null=True, blank=True)
    completion = models.CharField(
        _("Completion"), max_length=12, choices=Completion, default=Completion.NOT_STARTED
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
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
