"""The figures of the public pages, as grouped queries over the commitments' effective values.

Every function here runs a fixed number of queries, whatever the number of members, plans and
commitments: counts come from `values()` + `annotate(Count(filter=Q(...)))`, maxima from an
aggregate over such a grouped query. The conditions counted (Major, complete, ambitious…) are
the findings of `irm.findings`; the per-commitment results of the rules of `irm.metrics`
(irm_starred, irm_focus, irm_ambitious…) are stored on the commitment by
`irm.services.refresh_findings()`. See docs/domain.md §7 (every figure, its base and code).
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Q, Sum

from commitments.models import ActionPlan, Commitment, DesignReason, Focus, IrmState
from irm import metrics
from irm.findings import (
    AMBITIOUS,
    ASSESSED,
    COMPLETE,
    HIGH_AMBITION,
    MAJOR,
    OUTSTANDING,
    RELEVANT,
    STAR_METHOD_ASSESSED,
    STARRED,
    STRONG_EARLY_RESULTS,
    unassessed_state,
)
from irm.models import GlobalReportDimension, ThirdPartyScore
from members.models import Member
from ogp.data_version import cached

# The buckets of "How to get more starred commitments", in the order of the chart and table:
# (key, focus code, design reason code).
FOCUS_BUCKETS = (
    ("star", Focus.STAR, ""),
    ("implementation", Focus.IMPLEMENTATION, ""),
    ("design_verifiability", Focus.DESIGN, DesignReason.VERIFIABILITY),
    ("design_relevance", Focus.DESIGN, DesignReason.RELEVANCE),
    ("design_ambition", Focus.DESIGN, DesignReason.AMBITION),
    ("pending", Focus.PENDING, ""),
    ("no_data", Focus.NO_DATA, ""),
)


def _bucket_filter(focus, reason):
    if reason:
        return Q(irm_focus=focus, irm_design_reason=reason)
    return Q(irm_focus=focus)


def _plan_annotations():
    annotations = {
        "total": Count("pk"),
        "assessed": Count("pk", filter=ASSESSED),
        "major": Count("pk", filter=MAJOR),
        "outstanding": Count("pk", filter=OUTSTANDING),
        "starred": Count("pk", filter=STARRED),
        "relevant": Count("pk", filter=RELEVANT),
        "high_ambition": Count("pk", filter=HIGH_AMBITION),
        "complete": Count("pk", filter=COMPLETE),
    }
    for key, focus, reason in FOCUS_BUCKETS:
        annotations[f"focus_{key}"] = Count("pk", filter=_bucket_filter(focus, reason))
    return annotations


@dataclass(frozen=True)
class PlanFigures:
    """The counts of one action plan's published commitments."""

    total: int = 0
    assessed: int = 0
    major: int = 0
    outstanding: int = 0
    starred: int = 0
    relevant: int = 0
    high_ambition: int = 0
    complete: int = 0
    focus: dict = field(default_factory=dict)  # bucket key -> count, every key of FOCUS_BUCKETS

    @classmethod
    def from_row(cls, row):
        return cls(
            total=row["total"],
            assessed=row["assessed"],
            major=row["major"],
            outstanding=row["outstanding"],
            starred=row["starred"],
            relevant=row["relevant"],
            high_ambition=row["high_ambition"],
            complete=row["complete"],
            focus={key: row[f"focus_{key}"] for key, _focus, _reason in FOCUS_BUCKETS},
        )

    @classmethod
    def empty(cls):
        return cls(focus={key: 0 for key, _focus, _reason in FOCUS_BUCKETS})

    def state(self, irm_coverage):
        """The plan's IRM state: assessed when any commitment is; otherwise pending or no data
        by the plan's IRM coverage."""
        return IrmState.ASSESSED if self.assessed else unassessed_state(irm_coverage)

    def share(self, name):
        """A count (an attribute's name) as a share of the plan's commitments, or None."""
        return metrics.share(getattr(self, name), self.total)


def plan_figures(plan_ids):
    """{plan id: PlanFigures} for the given plans, in one grouped query.

    Plans without published commitments get empty figures."""
    plan_ids = list(plan_ids)
    rows = (
        Commitment.objects.published()
        .filter(action_plan_id__in=plan_ids)
        .order_by()
        .values("action_plan_id")
        .annotate(**_plan_annotations())
    )
    figures = {plan_id: PlanFigures.empty() for plan_id in plan_ids}
    for row in rows:
        figures[row["action_plan_id"]] = PlanFigures.from_row(row)
    return figures


@dataclass(frozen=True)
class PeakFigures:
    """The most any published action plan reaches, across the partnership and in one region,
    and the global share of starred commitments among assessed ones."""

    global_major: int
    global_outstanding: int
    global_starred: int
    regional_major: int
    regional_outstanding: int
    regional_starred: int
    star_average: float | None

    @property
    def star_average_percent(self):
        return None if self.star_average is None else round(self.star_average * 100)


def peak_figures(region_id):
    """Global and regional maxima per action plan and the global star average: one query.

    The per-plan counts are a grouped subquery; Max and Sum run over it."""
    per_plan = (
        Commitment.objects.published()
        .order_by()
        .values("action_plan_id")
        .annotate(
            region=F("action_plan__member__region_id"),
            major=Count("pk", filter=MAJOR),
            outstanding=Count("pk", filter=OUTSTANDING),
            starred=Count("pk", filter=STARRED),
            star_method_assessed=Count("pk", filter=STAR_METHOD_ASSESSED),
        )
    )
    in_region = Q(region=region_id)
    peaks = per_plan.aggregate(
        global_major=Max("major"),
        global_outstanding=Max("outstanding"),
        global_starred=Max("starred"),
        regional_major=Max("major", filter=in_region),
        regional_outstanding=Max("outstanding", filter=in_region),
        regional_starred=Max("starred", filter=in_region),
        starred_total=Sum("starred"),
        assessed_total=Sum("star_method_assessed"),
    )
    return PeakFigures(
        global_major=peaks["global_major"] or 0,
        global_outstanding=peaks["global_outstanding"] or 0,
        global_starred=peaks["global_starred"] or 0,
        regional_major=peaks["regional_major"] or 0,
        regional_outstanding=peaks["regional_outstanding"] or 0,
        regional_starred=peaks["regional_starred"] or 0,
        star_average=metrics.share(peaks["starred_total"] or 0, peaks["assessed_total"] or 0),
    )


def cached_peak_figures(region_id):
    """peak_figures(), kept in the cache until any record changes (ogp.data_version)."""
    return cached(f"irm:peak-figures:{region_id}", lambda: peak_figures(region_id))


def star_average():
    """The share of starred commitments among the published ones assessed under the star
    method (None if none)."""
    totals = Commitment.objects.published().aggregate(
        starred=Count("pk", filter=STARRED), assessed=Count("pk", filter=STAR_METHOD_ASSESSED)
    )
    return metrics.share(totals["starred"], totals["assessed"])


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
    """Per Global Report dimension: the member's IRM-based finding codes and third-party scores.

    Three queries: the dimensions, the member's counts grouped by dimension (through the
    commitments' policy areas; a commitment counts once per dimension), and the scores."""
    dimensions = list(GlobalReportDimension.objects.all())
    rows = (
        Commitment.objects.published()
        .filter(action_plan__member=member, policy_areas__dimensions__isnull=False)
        .order_by()
        .values(dimension=F("policy_areas__dimensions"))
        .annotate(
            commitments=Count("pk", distinct=True),
            reviewed=Count("pk", distinct=True, filter=ASSESSED),
            complete=Count("pk", distinct=True, filter=COMPLETE),
            ambitious=Count("pk", distinct=True, filter=AMBITIOUS),
            early_results=Count("pk", distinct=True, filter=STRONG_EARLY_RESULTS),
        )
    )
    counts = {row.pop("dimension"): row for row in rows}
    scores = {}
    for score in ThirdPartyScore.objects.filter(member=member).order_by(
        "dimension_id", "indicator", "-year"
    ):
        scores.setdefault(score.dimension_id, []).append(score)
    none = {"commitments": 0, "reviewed": 0, "complete": 0, "ambitious": 0, "early_results": 0}
    return [
        DimensionFindings(
            dimension=dimension,
            codes=metrics.global_report_codes(**counts.get(dimension.pk, none)),
            scores=scores.get(dimension.pk, []),
        )
        for dimension in dimensions
    ]


@dataclass(frozen=True)
class Headline:
    members: int
    members_by_kind: list  # [(kind label, count)]
    members_by_region: list  # [(region name, count)]
    action_plans: int
    commitments: int
    assessed: int
    starred: int

    @property
    def star_share(self):
        return metrics.share(self.starred, self.assessed)


def headline():
    """The partnership's headline figures for the home page: three queries."""
    by_group = list(
        Member.objects.published()
        .order_by()
        .values("kind", "region__name", "region__position")
        .annotate(count=Count("pk"))
    )
    kinds = dict(Member.Kind.choices)
    by_kind, by_region = {}, {}
    for row in by_group:
        by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + row["count"]
        key = (row["region__position"], row["region__name"])
        by_region[key] = by_region.get(key, 0) + row["count"]
    commitments = Commitment.objects.published().aggregate(
        total=Count("pk"),
        assessed=Count("pk", filter=ASSESSED),
        starred=Count("pk", filter=STARRED),
    )
    return Headline(
        members=sum(by_kind.values()),
        members_by_kind=[(kinds[kind], by_kind[kind]) for kind in kinds if kind in by_kind],
        members_by_region=[(name, count) for (_pos, name), count in sorted(by_region.items())],
        action_plans=ActionPlan.objects.published().count(),
        commitments=commitments["total"],
        assessed=commitments["assessed"],
        starred=commitments["starred"],
    )


def cached_headline():
    """headline(), kept in the cache until any record changes (ogp.data_version)."""
    return cached("irm:headline", headline)
