"""What the explorer's charts count (commitments.charts), declared once as conditions (`Q`)
over a commitment's stored columns: the parts a year's bar is divided into by one IRM finding
(each commitment in exactly one, the first whose condition holds), and the counts of the two
shares drawn per year (starred among the star-decided; major or outstanding early results among
those rated). The facet index keeps a bitset of each condition (`COUNTED_CONDITIONS`), from
which the charts count without a query (commitments.facets)."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy

from commitments.vocabularies import IrmState
from irm.findings import (
    ASSESSED,
    EARLY_RESULTS_RATED,
    MAJOR,
    OUTSTANDING,
    STAR_DECIDED,
    STARRED,
    finding_q,
    finding_values,
)
from irm.methods import METHOD_INDICATORS, Method

# The two ways of dividing a year's bar: a finding of `irm.findings.IRM_FINDINGS` each.
STACKS = {
    "completion": "completion",
    "early_results": "early_results",
}

NOT_ASSESSED, NOT_REPORTED = "not_assessed", "not_reported"
PART_LABELS = {
    NOT_ASSESSED: gettext_lazy("Assessed, not by this method (2021+)"),
    NOT_REPORTED: gettext_lazy("Assessed, not reported"),
}

# Each year's counts besides its parts: the shares' counts and bases.
SHARE_COUNTS = {
    "star_decided": STAR_DECIDED,
    "starred": STARRED,
    "rated": EARLY_RESULTS_RATED,
    "strong": EARLY_RESULTS_RATED & (MAJOR | OUTSTANDING),
}


@dataclass
class Part:
    """One part of a year's bar: a value of the finding, or what a commitment without one is."""

    key: str
    label: str
    condition: Q
    finding: str

    @property
    def css_class(self):
        if self.key in (IrmState.PENDING, IrmState.NO_DATA, NOT_ASSESSED, NOT_REPORTED):
            return f"fill-{self.key}"
        return f"fill-{self.finding}-{self.key}"


def stack_parts(finding):
    """Every part of a year's bar for `finding`, so that each commitment is in exactly one:
    the finding's values, then the assessed commitments without one (under a method that does
    not assess it; not reported), then pending and no IRM data."""
    values = [
        v for v in finding_values(finding) if v[0] not in (IrmState.PENDING, IrmState.NO_DATA)
    ]
    parts = [Part(value, str(label), finding_q(finding, value), finding) for value, label in values]
    unmeasured = [m for m in Method if finding not in METHOD_INDICATORS[m]]
    if unmeasured:
        parts.append(
            Part(
                NOT_ASSESSED,
                str(PART_LABELS[NOT_ASSESSED]),
                ASSESSED & Q(irm_method__in=unmeasured),
                finding,
            )
        )
    parts.append(Part(NOT_REPORTED, str(PART_LABELS[NOT_REPORTED]), ASSESSED, finding))
    for state in (IrmState.PENDING, IrmState.NO_DATA):
        parts.append(Part(state.value, str(state.label), Q(irm_state=state), finding))
    return parts


def counted_conditions():
    """{key: condition} of everything the charts count: ("part", stack, part key) for each
    part of each stack, ("share", name) for each of SHARE_COUNTS."""
    conditions = {
        ("part", stack, part.key): part.condition
        for stack, finding in STACKS.items()
        for part in stack_parts(finding)
    }
    conditions.update({("share", name): condition for name, condition in SHARE_COUNTS.items()})
    return conditions
