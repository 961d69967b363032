"""Each IRM finding, written once: a condition (`Q`) over a commitment's stored `irm_*` columns,
with its label.

The explorer's filters and facets (`commitments.filters`, `commitments.facets`), the figures
(`irm.figures`), the pages (`members.views`, `commitments.views`, `irm.display`) and the API
read a finding here, never spell it out again. The per-commitment rules that *compute* the
stored columns are the pure functions of `irm.metrics`; the code sets the conditions use are
defined there too.

Where two readings of one notion differ, both are named here side by side (docs/domain.md §10
lists them); a later change to either is one edit in this module.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commitments.vocabularies import INDICATOR_LABELS as LABELS
from commitments.vocabularies import (
    Completion,
    EarlyResults,
    EarlyResultsRefresh,
    IrmCoverage,
    IrmState,
    OgpValue,
    PotentialImpact,
    PotentialResults,
    Specificity,
)
from irm import metrics
from irm.methods import Method, StarStatus

PENDING, NO_DATA = IrmState.PENDING.value, IrmState.NO_DATA.value


def unassessed_state(irm_coverage):
    """The state of what the IRM has not assessed (a commitment, a plan's participation): pending
    in a plan the IRM covers, no data in one it does not."""
    return IrmState.NO_DATA if irm_coverage == IrmCoverage.NOT_COVERED else IrmState.PENDING


# --- Conditions over the stored columns ---------------------------------------------------

# At least one assessment of a published report (whatever it says): "IRM reviewed".
ASSESSED = Q(irm_state=IrmState.ASSESSED)
STARRED = Q(irm_starred=True)
POTENTIALLY_STARRED = Q(irm_potentially_starred=True)
# The base of every star share (the global star average, the home page, the policy area page):
# the commitments whose star the IRM decided (yes or no). Only a star method (2011–2020) decides
# one (`metrics.star_status`); pending and 2021+ commitments are out.
STAR_DECIDED = Q(irm_starred__isnull=False)
# Of a plan whose method awards stars (`irm_method`; blank, not computed yet, counts as one).
STAR_METHOD = ~Q(irm_method=Method.REFRESH)
# "Did it open government?" (2011–2020 only): commitment performance and "At a glance".
MAJOR = Q(irm_early_results=metrics.MAJOR)
OUTSTANDING = Q(irm_early_results=metrics.OUTSTANDING)
# Strong early results, both methods: major or outstanding (2011–2020), significant or
# outstanding (2021+). The Global Report's "ER" and the policy area page.
STRONG_EARLY_RESULTS = Q(irm_early_results__in=metrics.EARLY_RESULTS_CODES) | Q(
    irm_early_results_refresh__in=metrics.EARLY_RESULTS_REFRESH_CODES
)
# The base of the share with major or outstanding early results (the explorer's charts): the
# commitments whose "did it open government?" the IRM rated, as STAR_DECIDED is the star's. Only
# the 2011–2020 methods rate it (`methods.METHOD_INDICATORS`), and only their end-of-term
# reports: a commitment pending, with no IRM data, assessed at mid-term only or under the 2021+
# method is out of the base, never counted as a zero.
EARLY_RESULTS_RATED = ASSESSED & Q(irm_early_results__in=EarlyResults.values)
COMPLETE = Q(irm_completion__in=metrics.COMPLETE_CODES)
# The 2021+ method's own: promising commitments, and its early results scale's top two.
PROMISING = Q(irm_promising=True)
REFRESH_SIGNIFICANT = Q(irm_early_results_refresh=EarlyResultsRefresh.SIGNIFICANT)
REFRESH_OUTSTANDING = Q(irm_early_results_refresh=EarlyResultsRefresh.OUTSTANDING)
# "Relevant to OGP values" at a glance: one of the three core values (technology counts only
# with one of them, so it adds nothing on its own), or the 2021+ open government lens, any era.
# (`metrics._relevant` reads the lens for 2021+ only: §10.4.)
RELEVANT = (
    Q(irm_relevant_access_to_information=True)
    | Q(irm_relevant_civic_participation=True)
    | Q(irm_relevant_public_accountability=True)
    | Q(irm_open_government_lens=True)
)
# Three "ambitious" rules, deliberately apart (§10.8):
# - "Ambition: High" (transformative potential impact or substantial potential for results),
#   stored by `metrics.is_ambitious`;
HIGH_AMBITION = Q(irm_ambitious=True)
# - the Global Report's "A": moderate or transformative impact, or substantial results, no
#   year test;
AMBITIOUS = Q(irm_potential_impact__in=metrics.AMBITIOUS_IMPACT) | Q(
    irm_potential_results__in=metrics.AMBITIOUS_RESULTS
)
# - and the star's (`metrics._star_ambition`), which is not a column condition.

# "Verifiable" as the explorer reads it: either column, so a commitment with both can match yes
# *and* no. (`metrics._verifiable` lets the era decide; the commitment page prefers
# `irm_verifiable`, `page_verifiable` below: §10.3.)
VERIFIABLE_SPECIFICITY = [code for code in Specificity if code in metrics.VERIFIABLE_SPECIFICITY]
UNVERIFIABLE_SPECIFICITY = [code for code in Specificity if code not in VERIFIABLE_SPECIFICITY]
VERIFIABLE = Q(irm_verifiable=True) | Q(irm_specificity__in=VERIFIABLE_SPECIFICITY)
NOT_VERIFIABLE = Q(irm_verifiable=False) | Q(irm_specificity__in=UNVERIFIABLE_SPECIFICITY)


def page_verifiable(irm_verifiable, irm_specificity):
    """ "Verifiable" as the commitment page reads it: `irm_verifiable` when set, else from the
    specificity (medium or high); None when neither is."""
    if irm_verifiable is None and irm_specificity:
        return irm_specificity in metrics.VERIFIABLE_SPECIFICITY
    return irm_verifiable


# --- The findings researchers filter on: one table for the filters, facets and labels ----

STATE_CHOICES = [
    (PENDING, IrmState.PENDING.label),
    (NO_DATA, IrmState.NO_DATA.label),
]


def _values(field, choices):
    return [(value, label, Q(**{field: value})) for value, label in choices.choices]


def _yes_no(field):
    return [("yes", _("Yes"), Q(**{field: True})), ("no", _("No"), Q(**{field: False}))]


# The star findings: yes / no / pending / not applicable / no data, each its own condition
# (the states are not `irm_state`'s: an assessed commitment can be pending a star), so every
# commitment matches exactly one choice.
STAR_FINDINGS = {
    "starred": (LABELS["starred"], "irm_starred"),
    "potentially_starred": (LABELS["potentially_starred"], "irm_potentially_starred"),
}


def _star_choices(column):
    undecided = Q(**{f"{column}__isnull": True}) & STAR_METHOD
    return [
        (StarStatus.YES.value, StarStatus.YES.label, Q(**{column: True})),
        (StarStatus.NO.value, StarStatus.NO.label, Q(**{column: False})),
        (StarStatus.PENDING.value, StarStatus.PENDING.label, undecided & ~Q(irm_state=NO_DATA)),
        (
            StarStatus.NOT_APPLICABLE.value,
            _("Not applicable (2021+ method)"),
            ~STAR_METHOD,
        ),
        (StarStatus.NO_DATA.value, StarStatus.NO_DATA.label, undecided & Q(irm_state=NO_DATA)),
    ]


def star_status_of(starred, irm_method, irm_state):
    """The `StarStatus` of a stored star column (`irm_starred`, `irm_potentially_starred`): the
    same reading as the choices above."""
    if irm_method == Method.REFRESH:
        return StarStatus.NOT_APPLICABLE
    if starred is not None:
        return StarStatus.YES if starred else StarStatus.NO
    return StarStatus.NO_DATA if irm_state == NO_DATA else StarStatus.PENDING


# name -> (label, [(value, label, Q for an assessed commitment), ...]). "pending" and "no_data"
# are added to every one of them as choices of their own (they read `irm_state`), but to the
# star findings, whose five choices are complete conditions (above).
IRM_FINDINGS = {
    **{name: (label, _star_choices(column)) for name, (label, column) in STAR_FINDINGS.items()},
    "verifiable": (
        LABELS["verifiable"],
        [("yes", _("Yes"), VERIFIABLE), ("no", _("No"), NOT_VERIFIABLE)],
    ),
    "specificity": (LABELS["specificity"], _values("irm_specificity", Specificity)),
    "relevance": (
        _("Relevant to OGP value (IRM)"),
        [(value, label, Q(**{f"irm_relevant_{value}": True})) for value, label in OgpValue.choices],
    ),
    "open_government_lens": (
        LABELS["open_government_lens"],
        _yes_no("irm_open_government_lens"),
    ),
    "ambition": (
        _("Ambition"),
        [
            ("high", _("High"), HIGH_AMBITION),
            ("low", _("Low"), Q(irm_ambitious=False)),
        ],
    ),
    "potential_impact": (
        LABELS["potential_impact"],
        _values("irm_potential_impact", PotentialImpact),
    ),
    "potential_results": (
        LABELS["potential_results"],
        _values("irm_potential_results", PotentialResults),
    ),
    "completion": (LABELS["completion"], _values("irm_completion", Completion)),
    "early_results": (LABELS["early_results"], _values("irm_early_results", EarlyResults)),
    "early_results_refresh": (
        LABELS["early_results_refresh"],
        _values("irm_early_results_refresh", EarlyResultsRefresh),
    ),
    "promising": (LABELS["promising"], _yes_no("irm_promising")),
}


def finding_values(name):
    """(value, label) of every choice of an IRM finding: its values, then pending and no data
    (a star finding: its five statuses)."""
    _label, choices = IRM_FINDINGS[name]
    values = [(value, value_label) for value, value_label, _q in choices]
    return values if name in STAR_FINDINGS else values + STATE_CHOICES


def finding_q(name, value):
    """The condition for one choice of an IRM finding: a value matches assessed commitments
    only; "pending" and "no_data" match that state. A star finding's choices are complete
    conditions of their own."""
    if name not in STAR_FINDINGS and value in (PENDING, NO_DATA):
        return Q(irm_state=value)
    for choice, _label, condition in IRM_FINDINGS[name][1]:
        if choice == value:
            return condition if name in STAR_FINDINGS else ASSESSED & condition
    raise ValueError(value)
