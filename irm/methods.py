"""The IRM's methods, declared once: which reports each method publishes, which indicators each
report assesses, and what a figure says when no report measured it.

The IRM changed its method twice (docs/domain.md §2). Every rule that depends on the method
reads this registry: the assessment form's "this report does not assess that" check, the
import's choice of report for each sheet column, the figures' states (a value; pending; not
assessed by this method; no IRM data) and the star rules. No database here: pure declarations
and functions over codes, so each is unit-tested on its own.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from commitments.vocabularies import IrmCoverage, IrmMethod

# The IRM method a report (and a plan) was assessed under; declared beside the commitment's
# vocabularies because its `irm_method` column stores it (`commitments` does not import `irm`).
Method = IrmMethod


# The methods that award stars ("starred commitments", 2011–2020). The 2021+ method identifies
# "promising" commitments instead.
STAR_METHODS = frozenset({Method.ORIGINAL, Method.TRANSITION})


def method_of_year(year):
    """The method in force in a year: for reports whose type does not say (local reviews,
    self-assessments, inception reports) and for plans with no report yet, by start year."""
    if year >= 2021:
        return Method.REFRESH
    if year >= 2018:
        return Method.TRANSITION
    return Method.ORIGINAL


# --- Indicators: the assessment fields, by what they judge ---------------------------------

# How the commitment was designed: assessed when the plan is written.
DESIGN_INDICATORS = (
    "specificity",
    "verifiable",
    "relevant_access_to_information",
    "relevant_civic_participation",
    "relevant_public_accountability",
    "relevant_technology",
    "open_government_lens",
    "potential_impact",
    "potential_results",
    "promising",
)
# What implementation achieved: assessed at mid-term or at the end.
RESULTS_INDICATORS = ("completion", "early_results", "early_results_refresh")
INDICATORS = DESIGN_INDICATORS + RESULTS_INDICATORS

# The indicators each method uses. The 2018–2020 design reports state "Verifiable: Yes/No"
# (some still rate specificity: one or the other, never both, a constraint).
METHOD_INDICATORS = {
    Method.ORIGINAL: frozenset(
        {
            "specificity",
            "relevant_access_to_information",
            "relevant_civic_participation",
            "relevant_public_accountability",
            "relevant_technology",
            "potential_impact",
            "completion",
            "early_results",
        }
    ),
    Method.TRANSITION: frozenset(
        {
            "specificity",
            "verifiable",
            "relevant_access_to_information",
            "relevant_civic_participation",
            "relevant_public_accountability",
            "relevant_technology",
            "potential_impact",
            "completion",
            "early_results",
        }
    ),
    Method.REFRESH: frozenset(
        {
            "verifiable",
            "open_government_lens",
            "potential_results",
            "promising",
            "completion",
            "early_results_refresh",
        }
    ),
}


# --- Reports: what each type is and assesses -------------------------------------------------


@dataclass(frozen=True)
class ReportKind:
    """One IRM report type: its method (None: by the report's year) and the indicators it
    assesses, of those its method uses."""

    method: Method | None
    assesses: tuple

    def indicators(self, method):
        """The assessment fields this report assesses, under `method` (its own, or the one of
        its year)."""
        return frozenset(name for name in self.assesses if name in METHOD_INDICATORS[method])

    @property
    def judges_results(self):
        """Whether the report says what implementation achieved ("did it open government?")."""
        return bool({"early_results", "early_results_refresh"} & set(self.assesses))


# Keyed by `irm.models.ReportType` codes (that module declares the labels).
REPORT_KINDS = {
    # 2011–2017: the mid-term progress report assesses the design and completion so far; the
    # end-of-term report, completion at the end and "Did it open government?".
    "progress": ReportKind(Method.ORIGINAL, (*DESIGN_INDICATORS, "completion")),
    "end_of_term": ReportKind(Method.ORIGINAL, RESULTS_INDICATORS),
    # 2018–2020: design report at the start, implementation report at the end (a transitional
    # results report for the plans that ended as the method changed).
    "design": ReportKind(Method.TRANSITION, DESIGN_INDICATORS),
    "implementation": ReportKind(Method.TRANSITION, RESULTS_INDICATORS),
    "transitional_results": ReportKind(Method.TRANSITION, RESULTS_INDICATORS),
    # 2021+: a co-creation brief (no commitment findings), the action plan review (design,
    # promising commitments), the results report.
    "co_creation_brief": ReportKind(Method.REFRESH, ()),
    "action_plan_review": ReportKind(Method.REFRESH, DESIGN_INDICATORS),
    "results": ReportKind(Method.REFRESH, RESULTS_INDICATORS),
    # OGP Local: by the report's year, everything its method uses.
    "local_review": ReportKind(None, INDICATORS),
    "self_assessment": ReportKind(None, INDICATORS),
}


def report_method(report_type, year):
    """The method of a report: by its type, or by its year when the type does not say."""
    kind = REPORT_KINDS[report_type]
    return kind.method if kind.method is not None else method_of_year(year)


def report_indicators(report_type, year):
    """The assessment fields a report of this type and year assesses."""
    return REPORT_KINDS[report_type].indicators(report_method(report_type, year))


def measuring_report_types(indicator, method):
    """The report types that assess `indicator` under `method` (none: the method does not)."""
    return frozenset(
        code
        for code, kind in REPORT_KINDS.items()
        if kind.method in (method, None) and indicator in kind.indicators(method)
    )


def indicator_errors(report_type, year, values):
    """{field: message} for each indicator in `values` (field -> value) that is set although
    the method of this report does not use it. One rule for the model and the admin's forms."""
    method = report_method(report_type, year)
    used = METHOD_INDICATORS[method]
    message = _("The %(method)s method does not use this indicator; leave it blank.") % {
        "method": Method(method).label
    }
    return {
        name: message
        for name, value in values.items()
        if name in INDICATORS and name not in used and value not in (None, "")
    }


# --- What a figure says -----------------------------------------------------------------------


class FigureState(models.TextChoices):
    """What a plan-level figure (a count of one indicator) says. A number is shown only for
    MEASURED: a zero is a report that measured the thing and found none."""

    MEASURED = "measured", _("Measured")
    PENDING = "pending", _("Pending IRM review")
    NOT_ASSESSED = "not_assessed", _("Not assessed by this method")
    NO_DATA = "no_data", _("No IRM data")


def figure_state(indicator, method, report_types, irm_coverage):
    """The state of a plan's figure that counts `indicator`, for a plan of `method` whose
    published reports are of `report_types`, with its IRM coverage."""
    if indicator not in METHOD_INDICATORS[method]:
        return FigureState.NOT_ASSESSED
    if measuring_report_types(indicator, method) & set(report_types):
        return FigureState.MEASURED
    if irm_coverage == IrmCoverage.NOT_COVERED:
        return FigureState.NO_DATA
    return FigureState.PENDING


# --- The plan's method --------------------------------------------------------------------

# Short names, for "N/A — not assessed by the 2021+ method".
METHOD_NAMES = {
    Method.ORIGINAL: _("2011–2017"),
    Method.TRANSITION: _("2018–2020"),
    Method.REFRESH: _("2021+"),
}


def plan_method(reports, start_year):
    """The method of an action plan: the method of its latest published report, by
    `(type, year)` pairs in report order (year, then entry); with none, the method in force in
    its start year. The one rule for the stored `irm_method`, the figures' states and the
    star rules."""
    reports = list(reports)
    if not reports:
        return method_of_year(start_year)
    report_type, year = reports[-1]
    return report_method(report_type, year)


# --- The star, per commitment -------------------------------------------------------------


class StarStatus(models.TextChoices):
    """Whether a commitment is starred (or potentially starred: its design half). Stored as
    `irm_starred` / `irm_potentially_starred` True, False or null (pending, not applicable or
    no data, told apart by `irm_method` and `irm_state`)."""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    PENDING = "pending", _("Pending IRM review")
    NOT_APPLICABLE = "not_applicable", _("Not applicable (the 2021+ method awards no stars)")
    NO_DATA = "no_data", _("No IRM data")


# --- Plan-level figures --------------------------------------------------------------------


@dataclass(frozen=True)
class PlanFigure:
    """A count a plan page shows: the indicators it needs measured (of those the plan's method
    uses) and whether only the star methods have it."""

    needs: tuple
    star_only: bool = False


PLAN_FIGURES = {
    "relevant": PlanFigure(("relevant_access_to_information", "open_government_lens")),
    "high_ambition": PlanFigure(("potential_impact", "potential_results")),
    "potentially_starred": PlanFigure(
        ("specificity", "relevant_access_to_information", "potential_impact"), star_only=True
    ),
    "starred": PlanFigure(("potential_impact", "completion"), star_only=True),
    "complete": PlanFigure(("completion",)),
    "major": PlanFigure(("early_results",)),
    "outstanding": PlanFigure(("early_results",)),
    "promising": PlanFigure(("promising",)),
    "refresh_significant": PlanFigure(("early_results_refresh",)),
    "refresh_outstanding": PlanFigure(("early_results_refresh",)),
}


def plan_figure_state(name, method, report_types, irm_coverage):
    """The state of the plan figure `name` (a key of PLAN_FIGURES): measured only when a
    published report that measures each indicator it needs covered the plan."""
    figure = PLAN_FIGURES[name]
    if figure.star_only and method not in STAR_METHODS:
        return FigureState.NOT_ASSESSED
    needed = [indicator for indicator in figure.needs if indicator in METHOD_INDICATORS[method]]
    if not needed:
        return FigureState.NOT_ASSESSED
    for indicator in needed:
        state = figure_state(indicator, method, report_types, irm_coverage)
        if state != FigureState.MEASURED:
            return state
    return FigureState.MEASURED


def figure_state_label(state, method):
    """What a figure in `state` shows instead of a number: "Pending IRM review", "No IRM
    data", or "N/A — not assessed by the 2021+ method" (the method named)."""
    if state == FigureState.NOT_ASSESSED:
        return _("N/A — not assessed by the %(method)s method") % {"method": METHOD_NAMES[method]}
    return FigureState(state).label
