"""How the public pages show IRM findings: state labels, the participation state and levels,
the Global Report key and a commitment's review.

Display rules over stored values (the findings themselves are in `irm.findings`, the computed
rules in `irm.metrics`). Each page calls these; none writes its own reading.
"""

from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from commitments.vocabularies import IrmState, OgpValue
from irm import findings, methods, metrics
from irm.methods import FigureState, Method, StarStatus
from irm.models import PUBLISHED_FIGURES, CommitmentAssessment, ParticipationAssessment


def state_label(state):
    """The label of an IRM state ("IRM reviewed", "Pending IRM review", "No IRM data")."""
    return IrmState(state).label


def participation_state(participation, irm_coverage):
    """A plan's participation: assessed when an assessment exists; otherwise pending or no data
    by the plan's IRM coverage (whether its report is published: docs/domain.md §10.9)."""
    if participation is not None:
        return IrmState.ASSESSED
    return findings.unassessed_state(irm_coverage)


def phase_level(participation, phase):
    """(level code, openness) of a phase ("development", "implementation") of a participation
    assessment: openness "open", "closed", or "reached" when not reported; None when the
    assessment gives no level for the phase ("Not reported")."""
    level = getattr(participation, f"{phase}_level")
    if not level:
        return None
    is_open = getattr(participation, f"{phase}_open")
    return level, "reached" if is_open is None else ("open" if is_open else "closed")


@dataclass(frozen=True)
class FigureCell:
    """One cell of a row of plan counts: the count when measured; otherwise the state's label,
    spanning the neighbouring counts in the same state."""

    state: str  # an `irm.methods.FigureState`
    value: int | None = None
    label: str = ""
    colspan: int = 1

    @property
    def measured(self):
        return self.state == FigureState.MEASURED


def figure_cells(plan_figures, names):
    """The cells of the counts `names` of a plan (`irm.figures.PlanFigures`)."""
    cells = []
    for name in names:
        state = plan_figures.figure_state(name)
        if state == FigureState.MEASURED:
            cells.append(FigureCell(state, value=plan_figures.counts[name]))
        elif cells and cells[-1].state == state:
            cells[-1] = FigureCell(state, label=cells[-1].label, colspan=cells[-1].colspan + 1)
        else:
            cells.append(FigureCell(state, label=plan_figures.state_label(name)))
    return cells


# The key of the Global Report's codes, in the order of `metrics.GLOBAL_REPORT_CODES`. Its A and
# ER texts say less than the conditions counted (`findings.AMBITIOUS`,
# `findings.STRONG_EARLY_RESULTS`: docs/domain.md §10.6).
GLOBAL_REPORT_KEY_TEXTS = {
    "NC": _("No Commitments"),
    "CA": _("Commitment(s) in the policy area."),
    "IR": _("IRM-Reviewed: At least one IRM-assessed commitment."),
    "C": _("Was Complete: At least one commitment was substantially or fully completed."),
    "A": _(
        "Was Ambitious: At least one commitment with moderate or transformative potential impact."
    ),
    "ER": _(
        "Showed Early Results: At least one commitment opened government in a “Major” or "
        "“Outstanding” way."
    ),
}
GLOBAL_REPORT_KEY = [(code, GLOBAL_REPORT_KEY_TEXTS[code]) for code in metrics.GLOBAL_REPORT_CODES]

# The levels of the seed's participation tables, most influence first; Empower is shown only
# when a plan reached it.
SEED_LEVELS = ["collaborate", "involve", "consult", "inform", "no_consultation"]


def participation_levels(participations):
    """(code, label) of the columns of the participation tables of these assessments (None for
    a plan without one)."""
    levels = list(SEED_LEVELS)
    if any(
        participation
        and "empower" in (participation.development_level, participation.implementation_level)
        for participation in participations
    ):
        levels.insert(0, "empower")
    return [(code, ParticipationAssessment.Level(code).label) for code in levels]


@dataclass(frozen=True)
class ReviewItem:
    label: str
    value: str
    state: str  # "assessed", "pending", "no_data", "not_reported"
    star: bool = False  # a "Yes" of a star row: shown with the star


# How a star status shows on the pages: its display state (the swatch).
STAR_DISPLAY_STATES = {
    StarStatus.YES: IrmState.ASSESSED,
    StarStatus.NO: IrmState.ASSESSED,
    StarStatus.PENDING: IrmState.PENDING,
    StarStatus.NOT_APPLICABLE: FigureState.NOT_ASSESSED,
    StarStatus.NO_DATA: IrmState.NO_DATA,
}


def star_status(commitment, column="irm_starred"):
    """The `StarStatus` of a commitment's stored star (`irm_starred` or
    `irm_potentially_starred`)."""
    return findings.star_status_of(
        getattr(commitment, column), commitment.irm_method, commitment.irm_state
    )


def star_item(label, commitment, column="irm_starred"):
    status = star_status(commitment, column)
    return ReviewItem(
        label,
        StarStatus(status).label,
        STAR_DISPLAY_STATES[status],
        star=status == StarStatus.YES,
    )


# The early results scale of each method, as OGP names it: "Did it open government?"
# (2011–2020), "Early results" (the 2021+ results reports).
EARLY_RESULTS_LABELS = {
    "irm_early_results": _("Did it open government?"),
    "irm_early_results_refresh": _("Early results (2021+ scale)"),
}


def _early_column(commitment):
    """The early results column on the scale of the commitment's method."""
    return (
        "irm_early_results_refresh"
        if commitment.irm_method == Method.REFRESH
        else "irm_early_results"
    )


def _review_item(commitment, label, value, indicators, plan_reports):
    """A row of a commitment's review: its value; else the commitment's IRM state when it is
    not assessed (pending, no IRM data); "No IRM data" when a report said it has no data for
    one of the `indicators` the row reads (`irm.methods.INDICATORS`); pending or no IRM data
    when no published report of the plan measures any of them yet (`plan_reports`: the plan's
    `irm.figures.PlanReports`, its figures on the plan page), as the plan's figures say; else
    "Not reported". The one reading of the plan page's list and the commitment page."""
    state = commitment.irm_state
    if state != IrmState.ASSESSED:
        return ReviewItem(label, IrmState(state).label, state)
    if value not in (None, ""):
        return ReviewItem(label, value, IrmState.ASSESSED)
    if set(commitment.irm_no_data or ()).intersection(indicators):
        return ReviewItem(label, IrmState.NO_DATA.label, IrmState.NO_DATA)
    unmeasured = {plan_reports.indicator_state(name) for name in indicators}
    if FigureState.MEASURED not in unmeasured:
        for figure_state in (FigureState.PENDING, FigureState.NO_DATA):
            if figure_state in unmeasured:
                display_state = IrmState(figure_state.value)
                return ReviewItem(label, display_state.label, display_state)
    return ReviewItem(label, _("Not reported"), "not_reported")


def _completion_item(commitment, plan_reports):
    value = commitment.get_irm_completion_display() if commitment.irm_completion else ""
    return _review_item(commitment, _("Completion"), value, ("completion",), plan_reports)


def _early_results_item(commitment, plan_reports):
    column = _early_column(commitment)
    value = getattr(commitment, f"get_{column}_display")()
    indicators = (column.removeprefix("irm_"),)
    return _review_item(commitment, EARLY_RESULTS_LABELS[column], value, indicators, plan_reports)


def _yes_no(value):
    return "" if value is None else (_("Yes") if value else _("No"))


def _promising_item(commitment, plan_reports):
    value = _yes_no(commitment.irm_promising)
    return _review_item(commitment, _("Promising (2021+)"), value, ("promising",), plan_reports)


def irm_review(commitment, plan_reports):
    """The IRM review of a commitment as label/value pairs, each with its display state, given
    its plan's `irm.figures.PlanReports` (a blank finding no report of the plan measures yet is
    pending, as on the plan page). The star rows (starred; potentially starred, or promising
    under the 2021+ method) and the early results row (on the scale of the plan's method) come
    first."""
    refresh = commitment.irm_method == Method.REFRESH
    stars = [star_item(_("Starred"), commitment)]
    if not refresh:
        stars.append(
            star_item(_("Potentially starred (design)"), commitment, "irm_potentially_starred")
        )
    return [
        *stars,
        *([_promising_item(commitment, plan_reports)] if refresh else []),
        _early_results_item(commitment, plan_reports),
        _review_item(
            commitment,
            _("Verifiable"),
            _yes_no(
                findings.page_verifiable(commitment.irm_verifiable, commitment.irm_specificity)
            ),
            ("verifiable", "specificity"),
            plan_reports,
        ),
        _relevance_item(commitment, refresh, plan_reports),
        _ambition_item(commitment, refresh, plan_reports),
        _completion_item(commitment, plan_reports),
    ]


def _relevance_item(commitment, refresh, plan_reports):
    """Relevance in the method's terms: the open government lens (2021+), else the OGP values
    the IRM found the commitment relevant to."""
    if refresh:
        name = "open_government_lens"
        value = _yes_no(commitment.irm_open_government_lens)
        return _review_item(commitment, indicator_label(name), value, (name,), plan_reports)
    values = [
        value.label for value in OgpValue if getattr(commitment, f"irm_relevant_{value.value}")
    ]
    if values:
        value = ", ".join(str(label) for label in values)
    elif any(getattr(commitment, f"irm_{name}") is False for name in metrics.RELEVANCE_FIELDS):
        value = _("None")
    else:
        value = ""
    indicators = (*metrics.RELEVANCE_FIELDS, "relevant_technology")
    return _review_item(commitment, _("Relevant to OGP values"), value, indicators, plan_reports)


def _ambition_item(commitment, refresh, plan_reports):
    """The method's own ambition indicator, potential for results (2021+) or potential impact,
    with the site's reading of it (high or low ambition: `findings.HIGH_AMBITION`)."""
    name = "potential_results" if refresh else "potential_impact"
    value = (
        getattr(commitment, f"get_irm_{name}_display")()
        if getattr(commitment, f"irm_{name}")
        else ""
    )
    if value and commitment.irm_ambitious is not None:
        template = (
            _("%(value)s (high ambition)")
            if commitment.irm_ambitious
            else _("%(value)s (low ambition)")
        )
        value = template % {"value": value}
    return _review_item(commitment, indicator_label(name), value, (name,), plan_reports)


# The fields `plan_findings` reads, for a list's `.only()`.
PLAN_FINDING_FIELDS = (
    "irm_state",
    "irm_method",
    "irm_no_data",
    "irm_completion",
    "irm_early_results",
    "irm_early_results_refresh",
    "irm_starred",
    "irm_promising",
)


def plan_finding_labels(method):
    """The headings of what a plan's commitments show of the IRM's findings, under the plan's
    method, in the IRM's own words: completion; "Did it open government?" (2011–2020) or
    "Early results" (2021+); starred (2011–2020) or promising (2021+, which awards no stars)."""
    refresh = method == Method.REFRESH
    early = "irm_early_results_refresh" if refresh else "irm_early_results"
    return [
        _("Completion"),
        EARLY_RESULTS_LABELS[early],
        _("Promising (2021+)") if refresh else _("Starred"),
    ]


def plan_findings(commitment, plan_figures):
    """What the IRM found of a commitment, for the list of its plan (`plan_finding_labels`):
    completion, early results, the star (or promising), each a ReviewItem with its state, read
    as the commitment page reads them (`irm_review`, with the plan's figures as its
    PlanReports): a finding no published report of the plan measures yet is pending, as the
    plan's figures say, not "Not reported"."""
    last = (
        _promising_item(commitment, plan_figures)
        if commitment.irm_method == Method.REFRESH
        else star_item(_("Starred"), commitment)
    )
    return [
        _completion_item(commitment, plan_figures),
        _early_results_item(commitment, plan_figures),
        last,
    ]


# --- "At a glance": the computed figures beside the ones the IRM printed ---------------------

# The figures a report may print (`irm.models.PublishedFigures`) under another name than the
# plan's computed count they are compared with (`irm.figures.PlanFigures.counts`, the rows of
# "At a glance"); the others have the same name.
PRINTED_AS = {"potentially_starred": "potential_stars"}


@dataclass(frozen=True)
class Printed:
    """A figure as an IRM report printed it."""

    value: int
    report: object  # the IrmReport


def printed_figures(reports):
    """{figure: Printed}: field by field, the latest of `reports` (oldest first, each with its
    `published_figures` loaded) that printed the figure, as the findings merge."""
    printed = {}
    for report in reports:
        figures = getattr(report, "published_figures", None)
        if figures is None:
            continue
        for name in PUBLISHED_FIGURES:
            value = getattr(figures, name)
            if value is not None:
                printed[name] = Printed(value, report)
    return printed


# --- Every report's findings, side by side ------------------------------------------------------


def indicator_label(name):
    """The label of an assessment field: the explorer's filter label (`findings.IRM_FINDINGS`)
    when it filters on that field, "Relevance: <value>" for the relevance flags, else the
    model field's name."""
    if name in findings.IRM_FINDINGS:
        return findings.IRM_FINDINGS[name][0]
    value = name.removeprefix("relevant_")
    if value in OgpValue.values:
        return _("Relevance: %(value)s") % {"value": OgpValue(value).label}
    return capfirst(CommitmentAssessment._meta.get_field(name).verbose_name)


def indicator_value(name, value):
    """The label of a value an assessment set: its vocabulary's label, or Yes / No."""
    field = CommitmentAssessment._meta.get_field(name)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)


@dataclass(frozen=True)
class FindingCell:
    value: str
    # "assessed", "no_data" (the report says so), "not_reported" (assessed, left blank),
    # "not_assessed" (its type does not assess it)
    state: str
    effective: bool = False  # this value is the effective one (`metrics.effective_sources`)


@dataclass(frozen=True)
class FindingRow:
    label: str
    cells: list


@dataclass(frozen=True)
class ReportFindings:
    reports: list  # IrmReport, oldest first
    rows: list  # FindingRow, one per indicator, design first


def findings_by_report(assessments):
    """A commitment's findings report by report: a row per indicator that one of its reports
    assesses (`methods.report_indicators`) or set, a cell per report (`assessments`: those of
    published reports, in report order, each with its report), and which report set the
    effective value, by the merge rule itself (`metrics.effective_sources`). None without
    assessments."""
    if not assessments:
        return None
    values = [assessment.indicator_values() for assessment in assessments]
    sources = metrics.effective_sources(values)
    assesses = [
        methods.report_indicators(assessment.report.type, assessment.report.year)
        for assessment in assessments
    ]
    rows = []
    for name in methods.INDICATORS:
        set_by = [metrics.is_set(row.get(name)) for row in values]
        if not any(set_by) and not any(name in indicators for indicators in assesses):
            continue
        cells = []
        for index, row in enumerate(values):
            if set_by[index]:
                cell = FindingCell(
                    indicator_value(name, row[name]), IrmState.ASSESSED, sources[name] == index
                )
            elif name in (assessments[index].no_data or ()):
                cell = FindingCell(IrmState.NO_DATA.label, IrmState.NO_DATA)
            elif name in assesses[index]:
                cell = FindingCell(_("Not reported"), "not_reported")
            else:
                cell = FindingCell(_("Not assessed by this report"), "not_assessed")
            cells.append(cell)
        rows.append(FindingRow(indicator_label(name), cells))
    return ReportFindings([assessment.report for assessment in assessments], rows)
