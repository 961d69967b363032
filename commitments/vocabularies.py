"""The fixed vocabularies of action plans and commitments, and the names of the effective
IRM columns every list of them derives from.

A commitment stores its *effective* IRM values (field by field, the latest value an assessment
set: `irm.services.refresh_findings`) in the `irm_*` columns, so the explorer can filter and
sort on indexed columns. The vocabularies of those columns are the IRM's; they live here, beside
the commitment, because `commitments` does not import `irm` (`irm.models` uses them for the
assessments). Codes are short and stable, listed low to high; labels are translated.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# --- IRM vocabularies (stored as short stable codes, ordered low to high) -----------------


class Specificity(models.TextChoices):  # 2011–2020
    NONE = "none", _("None")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class PotentialImpact(models.TextChoices):  # 2011–2020
    NONE = "none", _("None")
    MINOR = "minor", _("Minor")
    MODERATE = "moderate", _("Moderate")
    TRANSFORMATIVE = "transformative", _("Transformative")


class PotentialResults(models.TextChoices):  # 2021+
    UNCLEAR = "unclear", _("Unclear")
    MODEST = "modest", _("Modest")
    SUBSTANTIAL = "substantial", _("Substantial")


class Completion(models.TextChoices):  # all eras
    NO_EVIDENCE = "no_evidence", _("No evidence available")
    NOT_STARTED = "not_started", _("Not started")
    LIMITED = "limited", _("Limited")
    SUBSTANTIAL = "substantial", _("Substantial")
    COMPLETE = "complete", _("Complete")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class EarlyResults(models.TextChoices):  # "Did it open government?" (2011–2020)
    WORSENED = "worsened", _("Worsened")
    DID_NOT_CHANGE = "did_not_change", _("Did not change")
    MARGINAL = "marginal", _("Marginal")
    MAJOR = "major", _("Major")
    OUTSTANDING = "outstanding", _("Outstanding")


class EarlyResultsRefresh(models.TextChoices):  # 2021+ results reports
    NOT_YET = "not_yet", _("No early results to report yet")
    NO_NOTABLE = "no_notable", _("No notable results")
    MODEST = "modest", _("Modest results")
    SIGNIFICANT = "significant", _("Significant results")
    OUTSTANDING = "outstanding", _("Outstanding results")


class IrmMethod(models.TextChoices):
    """The IRM method a report (and a plan) was assessed under. Stored codes: the first year.
    Declared here for the commitment's `irm_method` column; `irm.methods.Method` is this class
    (the registry of what each method assesses is there)."""

    ORIGINAL = "2011", _("2011–2017 (progress and end-of-term reports)")
    TRANSITION = "2018", _("2018–2020 (design and implementation reports)")
    REFRESH = "2021", _("2021+ (IRM Refresh)")


class IrmState(models.TextChoices):
    """Whether the IRM has findings for a commitment. Not the same as a zero."""

    ASSESSED = "assessed", _("IRM reviewed")
    PENDING = "pending", _("Pending IRM review")
    NO_DATA = "no_data", _("No IRM data")


class Focus(models.TextChoices):
    """The bucket of "How to get more starred commitments" (one per commitment)."""

    STAR = "star", _("Stars")
    IMPLEMENTATION = "implementation", _("Focus on implementation")
    DESIGN = "design", _("Focus on design")
    # The 2021+ method awards no stars: its commitments get buckets of their own.
    REFRESH_RESULTS = "refresh_results", _("2021+: significant or outstanding early results")
    PROMISING = "promising", _("2021+: promising")
    REFRESH_OTHER = "refresh_other", _("2021+: reviewed, not (yet) promising")
    PENDING = "pending", _("Pending IRM review")
    NO_DATA = "no_data", _("No IRM data")


class DesignReason(models.TextChoices):
    """Why a commitment is in the "focus on design" bucket: its first failing design rule."""

    VERIFIABILITY = "verifiability", _("Focus on verifiability")
    RELEVANCE = "relevance", _("Focus on relevance to open government")
    AMBITION = "ambition", _("Focus on objectives and impact (ambition/potential impact)")


class OgpValue(models.TextChoices):
    ACCESS_TO_INFORMATION = "access_to_information", _("Access to information")
    CIVIC_PARTICIPATION = "civic_participation", _("Civic participation")
    PUBLIC_ACCOUNTABILITY = "public_accountability", _("Public accountability")
    TECHNOLOGY = "technology", _("Technology and innovation")


# The IRM's names of its indicators (an assessment's fields; the explorer's IRM filters), said
# once: irm.findings labels its filters with them, irm.models its assessment fields.
INDICATOR_LABELS = {
    "starred": _("Starred"),
    "potentially_starred": _("Potentially starred (design)"),
    "verifiable": _("Verifiable"),
    "specificity": _("Specificity (2011–2020)"),
    "open_government_lens": _("Open government lens (2021+)"),
    "potential_impact": _("Potential impact (2011–2020)"),
    "potential_results": _("Potential for results (2021+)"),
    "completion": _("Completion"),
    "early_results": _("Did it open government?"),
    "early_results_refresh": _("Early results (2021+)"),
    "promising": _("Promising (2021+)"),
}


# --- The vocabularies of plans, commitments and milestones --------------------------------


class IrmCoverage(models.TextChoices):  # ActionPlan.IrmCoverage
    COVERED = "covered", _("Reviewed by the IRM (pending until assessed)")
    NOT_COVERED = "not_covered", _("Not covered by the IRM (no IRM data)")


class Status(models.TextChoices):  # Commitment.Status
    NOT_REPORTED = "", _("Not reported")  # blank: no source said (the import sets none)
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MilestoneCompletion(models.TextChoices):  # Milestone.Completion: used in no figure
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETE = "complete", _("Complete")
    NO_EVIDENCE = "no_evidence", _("No evidence available")


# --- The effective IRM columns of a commitment --------------------------------------------

# Merged from the assessments: `irm_<field>` holds the latest published report's `<field>`
# (the attribute of `irm.metrics.Findings` of the same name).
FINDINGS_FIELDS = (
    "irm_specificity",
    "irm_verifiable",
    "irm_relevant_access_to_information",
    "irm_relevant_civic_participation",
    "irm_relevant_public_accountability",
    "irm_relevant_technology",
    "irm_open_government_lens",
    "irm_potential_impact",
    "irm_potential_results",
    "irm_completion",
    "irm_early_results",
    "irm_early_results_refresh",
    "irm_promising",
)
# The indicators a report said it has no data for and no report gave a value
# (`irm.services.no_data_of`): the commitment page reads "No IRM data" there, not "Not reported".
NO_DATA_FIELD = "irm_no_data"
# Derived by the rules of `irm.metrics` from the merged values (and the plan's coverage).
# `irm_method` is the plan's method (`irm.methods.plan_method`); `irm_starred` and
# `irm_potentially_starred` are yes / no / null (undecided, or no stars under that method).
DERIVED_FIELDS = (
    "irm_state",
    "irm_method",
    "irm_starred",
    "irm_potentially_starred",
    "irm_ambitious",
    "irm_focus",
    "irm_design_reason",
)
# Every effective IRM column, in the order the API, the exports and the bulk files list them.
IRM_FIELDS = (
    "irm_state",
    "irm_method",
    *FINDINGS_FIELDS,
    NO_DATA_FIELD,
    "irm_starred",
    "irm_potentially_starred",
    "irm_ambitious",
    "irm_focus",
    "irm_design_reason",
)
# The ones a researcher filters on (the explorer's IRM filters read these; the focus bucket, its
# reason and the no-data list are shown, not filtered).
FILTERED_IRM_FIELDS = tuple(
    name for name in IRM_FIELDS if name not in {"irm_focus", "irm_design_reason", NO_DATA_FIELD}
)
