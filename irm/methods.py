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


class ReportType(models.TextChoices):  # IrmReport.Type: each one's kind is in REPORT_KINDS
    PROGRESS = "progress", _("Progress Report (mid-term)")
    END_OF_TERM = "end_of_term", _("End-of-Term Report")
    DESIGN = "design", _("Design Report")
    IMPLEMENTATION = "implementation", _("Implementation Report")
    TRANSITIONAL_RESULTS = "transitional_results", _("Transitional Results Report")
    CO_CREATION_BRIEF = "co_creation_brief", _("Co-Creation Brief")
    ACTION_PLAN_REVIEW = "action_plan_review", _("Action Plan Review")
    RESULTS = "results", _("Results Report")
    INCEPTION = "inception", _("Inception Report (OGP Local)")
    LOCAL_REVIEW = "local_review", _("Local IRM Review")
    SELF_ASSESSMENT = "self_assessment", _("Local Self-Assessment")


class ReportStage(models.TextChoices):  # IrmReport.Stage
    DRAFT = "draft", _("Draft for public comment")
    FINAL = "final", _("Final")
    # Known to exist or to be due, but not available: it records no findings, and what it
    # would have measured reads "No IRM data" rather than "Pending" (`figure_state`).
    NOT_AVAILABLE = "unavailable", _("Not available")


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

# The indicators each method uses. The 2018–2020 method is the 2011–2017 one plus the design
# reports' "Verifiable: Yes/No" (some still rate specificity: one or the other, never both, a
# constraint).
_STAR_METHOD_INDICATORS = frozenset(
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
)
METHOD_INDICATORS = {
    Method.ORIGINAL: _STAR_METHOD_INDICATORS,
    Method.TRANSITION: _STAR_METHOD_INDICATORS | {"verifiable"},
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


# Keyed by `ReportType` codes.
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
    # OGP Local: the inception report assesses the design at inception; the local review and
    # the self-assessment everything. Their method goes by the report's year.
    "inception": ReportKind(None, DESIGN_INDICATORS),
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


def _type_label(report_type):
    return ReportType(report_type).label


def _assessing_labels(indicator, method):
    """The labels of the report types that assess `indicator` under `method`, in the order of
    `ReportType`."""
    assessing = measuring_report_types(indicator, method)
    return ", ".join(str(label) for code, label in ReportType.choices if code in assessing)


def _named(indicator):
    return indicator.replace("_", " ")


def indicator_errors(report_type, year, values, no_data=(), stage=ReportStage.FINAL):
    """{field: message} for what a report of this type, year and stage may not record: an
    indicator in `values` (field -> value) that is set although the report's method does not
    use it, or its type does not assess it; a name in `no_data` (the indicators the report says
    it has no data for) it does not assess, or that also has a value; and anything at all on a
    report that is not available. One rule for the model and the admin's forms."""
    label = _type_label(report_type)
    recorded = [
        name for name, value in values.items() if name in INDICATORS and value not in (None, "")
    ]
    if stage == ReportStage.NOT_AVAILABLE:
        message = _(
            "This %(report)s is not available: it records no findings. Leave this blank, or "
            "set the report's stage to draft or final."
        ) % {"report": label}
        errors = dict.fromkeys(recorded, message)
        if no_data:
            errors["no_data"] = message
        return errors
    method = report_method(report_type, year)
    used = METHOD_INDICATORS[method]
    assessed = report_indicators(report_type, year)
    errors = {}
    for name in recorded:
        if name not in used:
            errors[name] = _(
                "The %(method)s method does not use this indicator; leave it blank."
            ) % {"method": Method(method).label}
        elif name not in assessed:
            errors[name] = _(
                "The %(report)s does not assess this indicator (under the %(method)s method: "
                "%(others)s); leave it blank here and record it on that report."
            ) % {
                "report": label,
                "method": Method(method).label,
                "others": _assessing_labels(name, method),
            }
    unknown = [_named(name) for name in no_data if name not in assessed]
    both = [_named(name) for name in no_data if name in recorded]
    if unknown:
        errors["no_data"] = _(
            "The %(report)s does not assess %(names)s: it cannot say it has no data for it."
        ) % {"report": label, "names": ", ".join(unknown)}
    elif both:
        errors["no_data"] = _(
            "%(names)s has a value and is marked “No IRM data”: keep one of the two."
        ) % {"names": ", ".join(both)}
    return errors


def report_types_by_availability(reports):
    """(available, not available): the types of `reports` ((type, stage) pairs, e.g. a plan's
    published reports), split by whether the report is available: `figure_state`'s inputs."""
    available, unavailable = set(), set()
    for report_type, stage in reports:
        (unavailable if stage == ReportStage.NOT_AVAILABLE else available).add(report_type)
    return frozenset(available), frozenset(unavailable - available)


# --- What a figure says -----------------------------------------------------------------------


class FigureState(models.TextChoices):
    """What a plan-level figure (a count of one indicator) says. A number is shown only for
    MEASURED: a zero is a report that measured the thing and found none."""

    MEASURED = "measured", _("Measured")
    PENDING = "pending", _("Pending IRM review")
    NOT_ASSESSED = "not_assessed", _("Not assessed by this method")
    NO_DATA = "no_data", _("No IRM data")


def figure_state(indicator, method, report_types, irm_coverage, unavailable_types=()):
    """The state of a plan's figure that counts `indicator`, for a plan of `method` whose
    published, available reports are of `report_types`, with its IRM coverage.
    `unavailable_types`: the types of its reports that are known but not available; what
    only such a report would measure has no IRM data, it is not pending
    (`report_types_by_availability` splits a plan's reports into the two)."""
    if indicator not in METHOD_INDICATORS[method]:
        return FigureState.NOT_ASSESSED
    measuring = measuring_report_types(indicator, method)
    if measuring & set(report_types):
        return FigureState.MEASURED
    if irm_coverage == IrmCoverage.NOT_COVERED or measuring & set(unavailable_types):
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
    """A count a plan page shows: what it says (the plan page's row, the API's help text), the
    indicators it needs measured (of those the plan's method uses) and whether only the star
    methods have it."""

    label: str
    needs: tuple
    star_only: bool = False


# In the order of the plan page's "At a glance" and of the API's figures.
PLAN_FIGURES = {
    "relevant": PlanFigure(
        _("Relevant to OGP values"), ("relevant_access_to_information", "open_government_lens")
    ),
    "high_ambition": PlanFigure(
        _("Transformative potential impact or substantial potential for results"),
        ("potential_impact", "potential_results"),
    ),
    "potentially_starred": PlanFigure(
        _("Potentially starred (design)"),
        ("specificity", "relevant_access_to_information", "potential_impact"),
        star_only=True,
    ),
    "starred": PlanFigure(_("Starred"), ("potential_impact", "completion"), star_only=True),
    "complete": PlanFigure(_("Substantially or fully completed"), ("completion",)),
    "major": PlanFigure(_("Did it open government? Major"), ("early_results",)),
    "outstanding": PlanFigure(_("Did it open government? Outstanding"), ("early_results",)),
    "promising": PlanFigure(_("Promising commitments (2021+)"), ("promising",)),
    "refresh_significant": PlanFigure(
        _("Early results (2021+ scale): significant"), ("early_results_refresh",)
    ),
    "refresh_outstanding": PlanFigure(
        _("Early results (2021+ scale): outstanding"), ("early_results_refresh",)
    ),
}


def plan_figure_state(name, method, report_types, irm_coverage, unavailable_types=()):
    """The state of the plan figure `name` (a key of PLAN_FIGURES): measured only when a
    published, available report that measures each indicator it needs covered the plan
    (`figure_state`)."""
    figure = PLAN_FIGURES[name]
    if figure.star_only and method not in STAR_METHODS:
        return FigureState.NOT_ASSESSED
    needed = [indicator for indicator in figure.needs if indicator in METHOD_INDICATORS[method]]
    if not needed:
        return FigureState.NOT_ASSESSED
    for indicator in needed:
        state = figure_state(indicator, method, report_types, irm_coverage, unavailable_types)
        if state != FigureState.MEASURED:
            return state
    return FigureState.MEASURED


def figure_state_label(state, method):
    """What a figure in `state` shows instead of a number: "Pending IRM review", "No IRM
    data", or "N/A — not assessed by the 2021+ method" (the method named)."""
    if state == FigureState.NOT_ASSESSED:
        return _("N/A — not assessed by the %(method)s method") % {"method": METHOD_NAMES[method]}
    return FigureState(state).label
