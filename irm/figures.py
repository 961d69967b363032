"""The figures of the public pages, as grouped queries over the commitments' effective values.

Every function here runs a fixed number of queries, whatever the number of members, plans and
commitments: counts come from `values()` + `annotate(Count(filter=Q(...)))`, maxima from an
aggregate over such a grouped query. The conditions counted (Major, complete, ambitious…) are
the findings of `irm.findings`; the per-commitment results of the rules of `irm.metrics`
(irm_starred, irm_focus, irm_ambitious…) are stored on the commitment by
`irm.services.refresh_findings()`. See docs/domain.md §7 (every figure, its base and code).
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import CharField, Count, F, OuterRef, Q, StringAgg, Subquery, Value
from django.db.models.functions import Cast, Concat

from commitments.models import ActionPlan, Commitment, DesignReason, Focus, IrmState
from irm import methods, metrics
from irm.findings import (
    AMBITIOUS,
    ASSESSED,
    COMPLETE,
    HIGH_AMBITION,
    MAJOR,
    OUTSTANDING,
    POTENTIALLY_STARRED,
    PROMISING,
    REFRESH_OUTSTANDING,
    REFRESH_SIGNIFICANT,
    RELEVANT,
    STAR_DECIDED,
    STARRED,
    STRONG_EARLY_RESULTS,
    unassessed_state,
)
from irm.methods import FigureState
from irm.models import GlobalReportDimension, IrmReport, ThirdPartyScore
from members.models import Member
from ogp import translated
from ogp.data_version import cached

# The buckets of "How to get more starred commitments", in the order of the chart and table:
# (key, focus code, design reason code).
FOCUS_BUCKETS = (
    ("star", Focus.STAR, ""),
    ("implementation", Focus.IMPLEMENTATION, ""),
    ("design_verifiability", Focus.DESIGN, DesignReason.VERIFIABILITY),
    ("design_relevance", Focus.DESIGN, DesignReason.RELEVANCE),
    ("design_ambition", Focus.DESIGN, DesignReason.AMBITION),
    # The 2021+ method: no stars, its own buckets.
    ("refresh_results", Focus.REFRESH_RESULTS, ""),
    ("promising", Focus.PROMISING, ""),
    ("refresh_other", Focus.REFRESH_OTHER, ""),
    ("pending", Focus.PENDING, ""),
    ("no_data", Focus.NO_DATA, ""),
)


def _bucket_filter(focus, reason):
    if reason:
        return Q(irm_focus=focus, irm_design_reason=reason)
    return Q(irm_focus=focus)


# The counts of a plan (each a key of `irm.methods.PLAN_FIGURES`, whose state says whether
# the number means anything), with the condition each counts.
FIGURE_CONDITIONS = {
    "relevant": RELEVANT,
    "high_ambition": HIGH_AMBITION,
    "potentially_starred": POTENTIALLY_STARRED,
    "starred": STARRED,
    "complete": COMPLETE,
    "major": MAJOR,
    "outstanding": OUTSTANDING,
    "promising": PROMISING,
    "refresh_significant": REFRESH_SIGNIFICANT,
    "refresh_outstanding": REFRESH_OUTSTANDING,
}


def report_kinds():
    """The plan's published reports as "type:year:id:stage,…" (in no order): a subquery over
    `action_plan_id` of the grouped figures query (and of a commitment's query,
    `with_plan_reports`), so the findings' states need no query of their own."""
    reports = (
        IrmReport.objects.filter(action_plan_id=OuterRef("action_plan_id"), published=True)
        .order_by()
        .values("action_plan_id")
        .annotate(
            kinds=StringAgg(
                Concat(
                    "type",
                    Value(":"),
                    Cast("year", CharField()),
                    Value(":"),
                    Cast("pk", CharField()),
                    Value(":"),
                    "stage",
                    output_field=CharField(),
                ),
                Value(","),
            )
        )
        .values("kinds")
    )
    return Subquery(reports, output_field=CharField())


def _reports_of(kinds):
    """(type, year, stage) of the published reports, in report order (year, then entry), from
    `report_kinds()`."""
    rows = []
    for item in (kinds or "").split(","):
        if item:
            report_type, year, pk, stage = item.split(":")
            rows.append((int(year), int(pk), report_type, stage))
    return tuple((report_type, year, stage) for year, _pk, report_type, stage in sorted(rows))


def _plan_annotations():
    annotations = {
        "total": Count("pk"),
        "assessed": Count("pk", filter=ASSESSED),
        "star_decided": Count("pk", filter=STAR_DECIDED),
        **{name: Count("pk", filter=condition) for name, condition in FIGURE_CONDITIONS.items()},
    }
    for key, focus, reason in FOCUS_BUCKETS:
        annotations[f"focus_{key}"] = Count("pk", filter=_bucket_filter(focus, reason))
    return annotations


def _plan_rows(commitments):
    """The grouped figures query: one row per plan with published commitments."""
    return (
        commitments.order_by()
        .values("action_plan_id")
        .annotate(
            start_year=F("action_plan__start_year"),
            irm_coverage=F("action_plan__irm_coverage"),
            region=F("action_plan__member__region_id"),
            report_kinds=report_kinds(),
            **_plan_annotations(),
        )
    )


@dataclass(frozen=True)
class PlanReports:
    """What a plan's published reports measure: the plan's method, the types of its published,
    available reports, those known but not available, and its IRM coverage. The state of a
    finding no report measured yet (`indicator_state`) is read from it by the plan page (its
    figures, `PlanFigures`, and its list) and the commitment page (`irm.display`)."""

    method: str = methods.Method.ORIGINAL
    reports: tuple = ()  # (type, year) of the plan's published reports, in report order
    # The types of those known but not available (what only they measure has no IRM data).
    unavailable: frozenset = frozenset()
    irm_coverage: str = ""

    @classmethod
    def of(cls, kinds, start_year, irm_coverage):
        """A plan's PlanReports from its `report_kinds()`, start year and coverage."""
        return cls(**cls._fields(kinds, start_year, irm_coverage))

    @staticmethod
    def _fields(kinds, start_year, irm_coverage):
        reports = _reports_of(kinds)
        available, unavailable = methods.report_types_by_availability(
            (report_type, stage) for report_type, _year, stage in reports
        )
        return {
            "method": methods.plan_method(
                [(report_type, year) for report_type, year, _stage in reports], start_year
            ),
            "reports": tuple(
                (report_type, year)
                for report_type, year, _stage in reports
                if report_type in available
            ),
            "unavailable": unavailable,
            "irm_coverage": irm_coverage,
        }

    def indicator_state(self, indicator):
        """The `FigureState` of one indicator for this plan (`irm.methods.figure_state`): for
        instance completion is pending while only the design report is out."""
        report_types = [report_type for report_type, _year in self.reports]
        return methods.figure_state(
            indicator, self.method, report_types, self.irm_coverage, self.unavailable
        )


def with_plan_reports(commitments):
    """These commitments (a queryset) with what `plan_reports` reads of their plan's published
    reports: a subquery, no query of its own."""
    return commitments.annotate(plan_report_kinds=report_kinds())


def plan_reports(commitment):
    """The PlanReports of a commitment's plan, for a commitment read `with_plan_reports` (and
    its action plan)."""
    plan = commitment.action_plan
    return PlanReports.of(commitment.plan_report_kinds, plan.start_year, plan.irm_coverage)


@dataclass(frozen=True)
class PlanFigures(PlanReports):
    """The counts of one action plan's published commitments, and what each count means: the
    plan's method and the published reports that measured it (`figure_state`)."""

    total: int = 0
    assessed: int = 0
    star_decided: int = 0  # commitments whose star is decided (yes or no)
    counts: dict = field(default_factory=dict)  # figure name -> count, every FIGURE_CONDITIONS
    focus: dict = field(default_factory=dict)  # bucket key -> count, every key of FOCUS_BUCKETS

    @classmethod
    def from_row(cls, row):
        return cls(
            **cls._fields(row["report_kinds"], row["start_year"], row["irm_coverage"]),
            total=row["total"],
            assessed=row["assessed"],
            star_decided=row["star_decided"],
            counts={name: row[name] for name in FIGURE_CONDITIONS},
            focus={key: row[f"focus_{key}"] for key, _focus, _reason in FOCUS_BUCKETS},
        )

    @classmethod
    def empty(cls, plan):
        """The figures of a plan without published commitments: its method by start year."""
        return cls(
            method=methods.plan_method((), plan.start_year),
            irm_coverage=plan.irm_coverage,
            counts=dict.fromkeys(FIGURE_CONDITIONS, 0),
            focus={key: 0 for key, _focus, _reason in FOCUS_BUCKETS},
        )

    def __getattr__(self, name):  # plan.major, plan.starred…: the count
        counts = self.__dict__.get("counts", {})
        if name in counts:
            return counts[name]
        raise AttributeError(name)

    def state(self, irm_coverage=None):
        """The plan's IRM state: assessed when any commitment is; otherwise pending or no data
        by the plan's IRM coverage."""
        coverage = self.irm_coverage if irm_coverage is None else irm_coverage
        if self.assessed:
            return IrmState.ASSESSED
        if self.unavailable and not self.reports:
            return IrmState.NO_DATA  # its only reports are known but not available
        return unassessed_state(coverage)

    def figure_state(self, name):
        """The `FigureState` of a count: measured, pending, not assessed by the plan's method,
        or no IRM data (`irm.methods.plan_figure_state`)."""
        report_types = [report_type for report_type, _year in self.reports]
        state = methods.plan_figure_state(
            name, self.method, report_types, self.irm_coverage, self.unavailable
        )
        if state == FigureState.MEASURED and not self.assessed:
            # A report is recorded but none of its findings: not a zero.
            return FigureState(unassessed_state(self.irm_coverage).value)
        return state

    def measured(self, name):
        """The count, or None when no report measured it (`figure_state`)."""
        return self.counts[name] if self.figure_state(name) == FigureState.MEASURED else None

    def state_label(self, name):
        """What the page shows instead of an unmeasured count."""
        return methods.figure_state_label(self.figure_state(name), self.method)

    def share(self, name):
        """A count (an attribute's name) as a share of the plan's commitments, or None."""
        return metrics.share(getattr(self, name), self.total)


def plan_figures(plans):
    """{plan id: PlanFigures} for the given plans, in one grouped query.

    Plans without published commitments get empty figures."""
    plans = list(plans)
    rows = _plan_rows(
        Commitment.objects.published().filter(action_plan_id__in=[plan.pk for plan in plans])
    )
    figures = {plan.pk: PlanFigures.empty(plan) for plan in plans}
    for row in rows:
        figures[row["action_plan_id"]] = PlanFigures.from_row(row)
    return figures


# The counts whose most per plan the profile compares with.
PEAK_FIGURES = ("major", "outstanding", "starred")


@dataclass(frozen=True)
class PeakFigures:
    """The most any published action plan reaches, across the partnership and in one region,
    among the plans where the count is measured (None: no such plan), and the global star
    average: starred commitments among those whose star is decided (`STAR_DECIDED`)."""

    global_major: int | None
    global_outstanding: int | None
    global_starred: int | None
    regional_major: int | None
    regional_outstanding: int | None
    regional_starred: int | None
    starred: int  # the star average's part…
    star_decided: int  # …and its base

    @property
    def star_average(self):
        return metrics.share(self.starred, self.star_decided)

    @property
    def star_average_percent(self):
        average = self.star_average
        return None if average is None else round(average * 100)


def peak_figures(region_id):
    """Global and regional maxima per action plan and the global star average: one query.

    The per-plan counts are the grouped figures query; a plan counts in a maximum only where
    the count is measured (`PlanFigures.measured`), which needs its method and reports, so the
    maxima are taken here rather than in SQL (one row per plan, and cached)."""
    peaks = {f"{scope}_{name}": None for scope in ("global", "regional") for name in PEAK_FIGURES}
    starred = decided = 0
    for row in _plan_rows(Commitment.objects.published()):
        plan = PlanFigures.from_row(row)
        starred += plan.starred
        decided += plan.star_decided
        for name in PEAK_FIGURES:
            count = plan.measured(name)
            if count is None:
                continue
            scopes = ("global", "regional") if row["region"] == region_id else ("global",)
            for scope in scopes:
                key = f"{scope}_{name}"
                peaks[key] = count if peaks[key] is None else max(peaks[key], count)
    return PeakFigures(**peaks, starred=starred, star_decided=decided)


def cached_peak_figures(region_id):
    """peak_figures(), kept in the cache until any record changes (ogp.data_version)."""
    return cached(f"irm:peak-figures:{region_id}", lambda: peak_figures(region_id))


@dataclass(frozen=True)
class Best:
    """The most per action plan of one count among some plans (a member's), counted only where
    the count is measured (`PlanFigures.measured`, as `peak_figures`)."""

    name: str  # a key of PEAK_FIGURES
    value: int | None  # None: no plan measured it
    plans: tuple = ()  # the plans that reach it, in plan order
    # No plan measured it: the (FigureState, label) of its plans, each once, in plan order.
    states: tuple = ()


def best_plans(plans, by_plan):
    """{name: Best} of each count of PEAK_FIGURES over `plans` (ordered), given their figures
    `by_plan` ({plan id: PlanFigures}, from `plan_figures`): no query."""
    best = {}
    for name in PEAK_FIGURES:
        measured = [(plan, by_plan[plan.pk].measured(name)) for plan in plans]
        values = [value for _plan, value in measured if value is not None]
        if values:
            top = max(values)
            best[name] = Best(name, top, tuple(plan for plan, value in measured if value == top))
        else:
            states = {}
            for plan in plans:
                figures = by_plan[plan.pk]
                states.setdefault(figures.figure_state(name), figures.state_label(name))
            best[name] = Best(name, None, states=tuple(states.items()))
    return best


@dataclass(frozen=True)
class StarShare:
    """Starred commitments among those whose star is decided (`STAR_DECIDED`), the base of
    every star share (the profile's global average, the home page's)."""

    starred: int
    star_decided: int

    @property
    def share(self):
        return metrics.share(self.starred, self.star_decided)

    @property
    def percent(self):
        share = self.share
        return None if share is None else round(share * 100)


def star_share(plan_figures):
    """The StarShare of some plans' figures (PlanFigures): no query."""
    plan_figures = list(plan_figures)
    return StarShare(
        starred=sum(figures.starred for figures in plan_figures),
        star_decided=sum(figures.star_decided for figures in plan_figures),
    )


@dataclass(frozen=True)
class DimensionFindings:
    dimension: GlobalReportDimension
    codes: list  # the cumulative codes: ["NC"] or ["CA", "IR", …]
    scores: list  # the member's ThirdPartyScore rows of this dimension

    @property
    def flags(self):
        """(code, met) for every code of the key, in its order."""
        return [(code, code in self.codes) for code in metrics.GLOBAL_REPORT_CODES]


def global_report(member):
    """Per Global Report dimension: the member's IRM-based finding codes and third-party scores
    (`global_reports` for one member: three queries)."""
    return global_reports([member])[member.pk]


def global_reports(members):
    """{member id: [DimensionFindings, one per Global Report dimension]}: the IRM-based finding
    codes and third-party scores of each member.

    Three queries, whatever the number of members: the dimensions, the counts grouped by member
    and dimension (through the commitments' policy areas; a commitment counts once per
    dimension), and the scores."""
    ids = [member.pk for member in members]
    dimensions = list(GlobalReportDimension.objects.all())
    rows = (
        Commitment.objects.published()
        .filter(action_plan__member_id__in=ids, policy_areas__dimensions__isnull=False)
        .order_by()
        .values(member=F("action_plan__member_id"), dimension=F("policy_areas__dimensions"))
        .annotate(
            commitments=Count("pk", distinct=True),
            reviewed=Count("pk", distinct=True, filter=ASSESSED),
            complete=Count("pk", distinct=True, filter=COMPLETE),
            ambitious=Count("pk", distinct=True, filter=AMBITIOUS),
            early_results=Count("pk", distinct=True, filter=STRONG_EARLY_RESULTS),
        )
    )
    counts = {(row.pop("member"), row.pop("dimension")): row for row in rows}
    scores = {}
    for score in ThirdPartyScore.objects.filter(member_id__in=ids).order_by(
        "member_id", "dimension_id", "indicator", "-year"
    ):
        scores.setdefault((score.member_id, score.dimension_id), []).append(score)
    none = {"commitments": 0, "reviewed": 0, "complete": 0, "ambitious": 0, "early_results": 0}
    return {
        pk: [
            DimensionFindings(
                dimension=dimension,
                codes=metrics.global_report_codes(**counts.get((pk, dimension.pk), none)),
                scores=scores.get((pk, dimension.pk), []),
            )
            for dimension in dimensions
        ]
        for pk in ids
    }


@dataclass(frozen=True)
class Headline:
    members: int
    members_by_kind: list  # [(kind code, kind label, count)]
    members_by_region: list  # [(region slug, region: its name in each language, count)]
    action_plans: int
    commitments: int
    assessed: int
    starred: int
    star_decided: int  # the base of the star share: commitments whose star is decided

    @property
    def star_share(self):
        return metrics.share(self.starred, self.star_decided)

    @property
    def star_share_percent(self):
        share = self.star_share
        return None if share is None else round(share * 100)


def headline():
    """The partnership's headline figures for the home page: three queries."""
    names = ["name", *translated.language_columns("name")]  # name, name_es, name_fr
    by_group = list(
        Member.objects.published()
        .order_by()
        .values("kind", "region__slug", "region__position", *(f"region__{n}" for n in names))
        .annotate(count=Count("pk"))
    )
    kinds = dict(Member.Kind.choices)
    by_kind, by_region, regions = {}, {}, {}
    for row in by_group:
        by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + row["count"]
        key = (row["region__position"], row["region__name"], row["region__slug"])
        by_region[key] = by_region.get(key, 0) + row["count"]
        # The region as the pages name it: every language's name (ogp.translated.localized).
        regions[key] = SimpleNamespace(**{n: row[f"region__{n}"] for n in names})
    commitments = Commitment.objects.published().aggregate(
        total=Count("pk"),
        assessed=Count("pk", filter=ASSESSED),
        starred=Count("pk", filter=STARRED),
        star_decided=Count("pk", filter=STAR_DECIDED),
    )
    return Headline(
        members=sum(by_kind.values()),
        members_by_kind=[(kind, kinds[kind], by_kind[kind]) for kind in kinds if kind in by_kind],
        members_by_region=[
            (key[2], regions[key], count) for key, count in sorted(by_region.items())
        ],
        action_plans=ActionPlan.objects.published().count(),
        commitments=commitments["total"],
        assessed=commitments["assessed"],
        starred=commitments["starred"],
        star_decided=commitments["star_decided"],
    )


def cached_headline():
    """headline(), kept in the cache until any record changes (ogp.data_version)."""
    return cached("irm:headline-with-region-names", headline)
