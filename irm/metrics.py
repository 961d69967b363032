"""The rules behind every computed IRM figure, as pure functions over values.

No database here: the functions take values (codes from commitments.models' vocabularies) and
return values, so each rule is unit-tested on its own, for every era and missing-data state.
Aggregations over many commitments live in `irm.figures` and use the code sets defined here.
See docs/domain.md §4 (merging) and §6 (the per-commitment rules) for the rules.
"""

from dataclasses import dataclass, fields

from commitments.models import Completion, DesignReason, Focus, IrmState
from irm.methods import STAR_METHODS, Method, StarStatus

# The IRM methods (`irm.methods.Method`), as the rules name them.
ORIGINAL, TRANSITION, REFRESH = Method.ORIGINAL, Method.TRANSITION, Method.REFRESH

# Code sets used in rules and in grouped queries.
VERIFIABLE_SPECIFICITY = frozenset({"medium", "high"})
COMPLETE_CODES = frozenset({Completion.SUBSTANTIAL, Completion.COMPLETE})
STAR_IMPACT = frozenset({"transformative"})
STAR_IMPACT_BEFORE_2015 = frozenset({"moderate", "transformative"})
AMBITIOUS_IMPACT = frozenset({"moderate", "transformative"})  # the Global Report's "A"
AMBITIOUS_RESULTS = frozenset({"substantial"})
HIGH_AMBITION_IMPACT = frozenset({"transformative"})  # "Ambition: High" on public pages
MAJOR = "major"
OUTSTANDING = "outstanding"
EARLY_RESULTS_CODES = frozenset({MAJOR, OUTSTANDING})  # opened government in a major way or more
EARLY_RESULTS_REFRESH_CODES = frozenset({"significant", "outstanding"})

GLOBAL_REPORT_CODES = ("NC", "CA", "IR", "C", "A", "ER")

# The values a report may set, in the order they are merged.
RELEVANCE_FIELDS = (
    "relevant_access_to_information",
    "relevant_civic_participation",
    "relevant_public_accountability",
)


@dataclass(frozen=True)
class Findings:
    """The effective IRM values of one commitment. None or "" = no report set it."""

    state: str = IrmState.PENDING
    era: str | None = None  # era of the latest report that assessed the commitment
    # The plan's method (`irm.methods.plan_method`): it decides whether stars exist. Left
    # out, the era of the latest report.
    method: str | None = None
    specificity: str = ""
    verifiable: bool | None = None
    relevant_access_to_information: bool | None = None
    relevant_civic_participation: bool | None = None
    relevant_public_accountability: bool | None = None
    relevant_technology: bool | None = None
    open_government_lens: bool | None = None
    potential_impact: str = ""
    potential_results: str = ""
    completion: str = ""
    early_results: str = ""
    early_results_refresh: str = ""
    promising: bool | None = None
    ambition_year: int | None = None  # year of the report that set potential_impact

    def __post_init__(self):
        if self.method is None and self.era is not None:
            object.__setattr__(self, "method", self.era)


MERGED_FIELDS = tuple(
    f.name for f in fields(Findings) if f.name not in {"state", "era", "method", "ambition_year"}
)


@dataclass(frozen=True)
class Assessment:
    """One report's assessment of a commitment, as merge_assessments() needs it."""

    report_year: int
    report_era: str
    values: dict


def is_set(value):
    return value is not None and value != ""


def effective_sources(values):
    """Field by field, which assessment set the effective value: {field: index in `values`}.

    `values` are the assessments' values (field -> value mappings), in report order (oldest
    first); the effective value of a field is the latest one set. A field no assessment set
    is absent. `merge_assessments` reads the values through this, so the rule is written once.
    """
    sources = {}
    for index, assessment_values in enumerate(values):
        for name in MERGED_FIELDS:
            if is_set(assessment_values.get(name)):
                sources[name] = index
    return sources


def effective_fields(values):
    """For each assessment (values in report order), the fields whose effective value it set,
    in MERGED_FIELDS order."""
    sources = effective_sources(values)
    return [
        tuple(name for name in MERGED_FIELDS if sources.get(name) == index)
        for index in range(len(values))
    ]


def merge_assessments(state_if_none, assessments, method=None):
    """Field by field, the value of the latest report that set it (`effective_sources`).

    `assessments` are in report order (oldest first). With none, the state is `state_if_none`
    (pending or no_data, from the plan's IRM coverage). `method` is the plan's.
    """
    if not assessments:
        return Findings(state=state_if_none, method=method)
    sources = effective_sources([assessment.values for assessment in assessments])
    merged = {name: assessments[index].values[name] for name, index in sources.items()}
    impact = sources.get("potential_impact")
    return Findings(
        state=IrmState.ASSESSED,
        era=assessments[-1].report_era,
        method=method,
        ambition_year=None if impact is None else assessments[impact].report_year,
        **merged,
    )


def _first_present(values, outcomes, otherwise):
    """Three-valued logic: the first of `outcomes` (True, False or None) that one of `values`
    is, else `otherwise`. `_relevant` is (True, False), otherwise None: any yes, else any no;
    `_design` is (False, None), otherwise True: every rule must pass, and one unknown leaves
    it open."""
    return next((outcome for outcome in outcomes if any(v is outcome for v in values)), otherwise)


def _verifiable(f):
    """True, False, or None when unknown."""
    if f.era == REFRESH or (not f.specificity and f.verifiable is not None):
        return f.verifiable
    if not f.specificity:
        return None
    return f.specificity in VERIFIABLE_SPECIFICITY


def _relevant(f):
    """Relevant to access to information, civic participation or public accountability.

    Technology and innovation counts only together with one of those three, so it is not
    enough on its own. The 2021+ method asks one question instead: the open government lens.
    """
    if f.era == REFRESH:
        return f.open_government_lens
    flags = [getattr(f, name) for name in RELEVANCE_FIELDS]
    return _first_present(flags, (True, False), otherwise=None)


def _star_ambition(f):
    if f.era == REFRESH:
        return f.potential_results in AMBITIOUS_RESULTS if f.potential_results else None
    if not f.potential_impact:
        return None
    before_2015 = f.ambition_year is not None and f.ambition_year < 2015
    allowed = STAR_IMPACT_BEFORE_2015 if before_2015 else STAR_IMPACT
    return f.potential_impact in allowed


def _complete(f):
    return f.completion in COMPLETE_CODES


def _design(f):
    """The design half of the star: verifiable, relevant and ambitious enough. True, False
    (one of them fails) or None (one is unknown, none fails)."""
    passes = [_verifiable(f), _relevant(f), _star_ambition(f)]
    return _first_present(passes, (False, None), otherwise=True)


def _undecided(f):
    """The status of a star the rules cannot decide: no stars under the plan's method, no
    IRM data, or pending."""
    if f.method not in STAR_METHODS and f.method is not None:
        return StarStatus.NOT_APPLICABLE
    if f.state == IrmState.NO_DATA:
        return StarStatus.NO_DATA
    return StarStatus.PENDING


def star_status(f):
    """Starred (2011–2020 methods): yes when verifiable, relevant, ambitious enough and
    substantially or fully complete; no when a design rule fails or completion is below
    substantial; pending while the design passes or is unknown and completion is not assessed;
    not applicable under the 2021+ method."""
    undecided = _undecided(f)
    if undecided != StarStatus.PENDING or f.state != IrmState.ASSESSED:
        return undecided
    design = _design(f)
    if design is False or (f.completion and not _complete(f)):
        return StarStatus.NO
    if design and _complete(f):
        return StarStatus.YES
    return StarStatus.PENDING


def potential_star_status(f):
    """Potentially starred (the design half, as 2018–2020 design reports print it): yes when
    verifiable, relevant and ambitious enough; no when one fails; else pending."""
    undecided = _undecided(f)
    if undecided != StarStatus.PENDING or f.state != IrmState.ASSESSED:
        return undecided
    design = _design(f)
    if design is None:
        return StarStatus.PENDING
    return StarStatus.YES if design else StarStatus.NO


# How a star status is stored (`irm_starred`, `irm_potentially_starred`): undecided is null.
STORED_STAR = {StarStatus.YES: True, StarStatus.NO: False}


def is_starred(f):
    """Whether the star rule gives a star (a yes of `star_status`)."""
    return star_status(f) == StarStatus.YES


def is_ambitious(f):
    """ "Ambition: High" on public pages: transformative impact or substantial results."""
    if f.potential_impact:
        return f.potential_impact in HIGH_AMBITION_IMPACT
    if f.potential_results:
        return f.potential_results in AMBITIOUS_RESULTS
    return None


def focus(f):
    """The one bucket of "How to get more starred commitments", and the design reason.

    Returns (Focus code, DesignReason code or ""). A design rule that fails names the reason
    (verifiability, then relevance, then ambition); when the design is not (fully) assessed
    yet, or the implementation is not, the commitment is pending. The 2021+ method awards no
    stars: an assessed commitment of that method goes to a bucket of its own (significant or
    outstanding early results, else promising, else reviewed).
    """
    if f.state == IrmState.NO_DATA:
        return Focus.NO_DATA, ""
    if f.state != IrmState.ASSESSED:
        return Focus.PENDING, ""
    if f.method == REFRESH:
        if f.early_results_refresh in EARLY_RESULTS_REFRESH_CODES:
            return Focus.REFRESH_RESULTS, ""
        if f.promising:
            return Focus.PROMISING, ""
        return Focus.REFRESH_OTHER, ""
    for reason, passes in (
        (DesignReason.VERIFIABILITY, _verifiable(f)),
        (DesignReason.RELEVANCE, _relevant(f)),
        (DesignReason.AMBITION, _star_ambition(f)),
    ):
        if passes is None:
            return Focus.PENDING, ""
        if not passes:
            return Focus.DESIGN, reason
    if not f.completion:
        return Focus.PENDING, ""
    if not _complete(f):
        return Focus.IMPLEMENTATION, ""
    return Focus.STAR, ""


def global_report_codes(*, commitments, reviewed, complete, ambitious, early_results):
    """The cumulative IRM-based finding codes of a member in one dimension, from counts."""
    if not commitments:
        return ["NC"]
    codes = ["CA"]
    for code, count in (("IR", reviewed), ("C", complete), ("A", ambitious), ("ER", early_results)):
        if count:
            codes.append(code)
    return codes


def share(part, whole):
    """part / whole as a fraction, or None when there is nothing to divide by."""
    if not whole:
        return None
    return part / whole
