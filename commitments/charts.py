"""The explorer's charts: the commitments a filter matched, counted by submission year (stacked
by completion or by "did it open government?"), by region and by top-level policy area, and
per year the share starred and the share with major or outstanding early results.

The same `CommitmentFilter`, bound to the explorer's query string unchanged, selects them. At
most two queries, whatever the data: the matches' ids, which the explorer's facet counting
turns into the counts by region and policy area (`commitments.facets`: a parent area counts
each commitment of its subtree once), and one grouped query by year and stack value that
also counts the two shares' bases (`irm.findings.STAR_DECIDED`, `EARLY_RESULTS_RATED`).
"""

from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# `_link`: the facets' own query-string builder, so a year narrows the explorer as a facet does.
from commitments.facets import _link, facets, is_filtered, matches
from commitments.vocabularies import IrmState
from irm import charts as draw
from irm.findings import (
    ASSESSED,
    EARLY_RESULTS_RATED,
    IRM_FINDINGS,
    MAJOR,
    OUTSTANDING,
    STAR_DECIDED,
    STARRED,
    finding_q,
    finding_values,
)
from irm.methods import METHOD_INDICATORS, Method
from ogp import translated

YEAR = "action_plan__submission_year"

# The two ways of dividing a year's bar: a finding of `irm.findings.IRM_FINDINGS` each.
STACKS = {
    "completion": "completion",
    "early_results": "early_results",
}
STACK_URLS = {"completion": "commitments:charts", "early_results": "commitments:charts-results"}

NOT_ASSESSED, NOT_REPORTED = "not_assessed", "not_reported"
PART_LABELS = {
    NOT_ASSESSED: gettext_lazy("Assessed, not by this method (2021+)"),
    NOT_REPORTED: gettext_lazy("Assessed, not reported"),
}
STRONG = MAJOR | OUTSTANDING


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


@dataclass
class YearRow:
    year: int
    parts: list  # counts, in the order of the stack's parts
    total: int = 0
    star_decided: int = 0
    starred: int = 0
    rated: int = 0
    strong: int = 0
    url: str = ""
    cells: list = field(default_factory=list)  # the counts of the parts the table shows

    @property
    def star_share(self):
        return share_text(self.starred, self.star_decided)

    @property
    def strong_share(self):
        return share_text(self.strong, self.rated)


def share_text(count, base):
    """A share as the page prints it; empty when nothing is in its base (not 0 %)."""
    return draw.percent(count / base) if base else ""


def by_year(queryset, parts):
    """One grouped query: per submission year and part, the commitments and the shares'
    counts. Years in order; each year's counts in the order of `parts`."""
    part = Case(
        *(When(p.condition, then=Value(p.key)) for p in parts),
        default=Value(""),
        output_field=CharField(),
    )
    grouped = (
        queryset.order_by()
        .values(year=F(YEAR), part=part)
        .annotate(
            n=Count("pk"),
            star_decided=Count("pk", filter=STAR_DECIDED),
            starred=Count("pk", filter=STARRED),
            rated=Count("pk", filter=EARLY_RESULTS_RATED),
            strong=Count("pk", filter=EARLY_RESULTS_RATED & STRONG),
        )
    )
    index = {p.key: n for n, p in enumerate(parts)}
    years = {}
    for row in grouped:
        year = years.setdefault(row["year"], YearRow(row["year"], [0] * len(parts)))
        year.parts[index[row["part"]]] += row["n"]
        year.total += row["n"]
        for name in ("star_decided", "starred", "rated", "strong"):
            setattr(year, name, getattr(year, name) + row[name])
    return [years[year] for year in sorted(years)]


@dataclass
class Charts:
    stack: str
    stack_label: str
    parts: list
    years: list
    regions: list  # FacetItems, with .explorer_url
    areas: list  # top-level policy areas' FacetItems
    total: int
    columns: list = field(default_factory=list)  # the parts some year has, for the table
    svgs: dict = field(default_factory=dict)

    @property
    def all_years(self):
        """Every year's counts added up, for the tables' last rows."""
        total = YearRow(0, [])
        for name in ("total", "star_decided", "starred", "rated", "strong"):
            setattr(total, name, sum(getattr(year, name) for year in self.years))
        total.cells = [sum(year.cells[n] for year in self.years) for n in range(len(self.columns))]
        return total


def explorer_charts(filterset, query, stack):
    """The charts of a valid, bound CommitmentFilter's commitments, `stack` a key of STACKS."""
    finding = STACKS[stack]
    parts = stack_parts(finding)
    matched = matches(filterset, ordered=False) if is_filtered(filterset) else None
    found = facets(filterset, query, matched)
    explorer = reverse("commitments:explorer")
    pairs = [(key, value) for key, values in query.lists() for value in values]

    years = by_year(filterset.qs, parts)
    shown = [n for n in range(len(parts)) if any(year.parts[n] for year in years)]
    for year in years:
        year.cells = [year.parts[n] for n in shown]
        year.url = explorer + _link(pairs, "year_from", [str(year.year)], year_to=str(year.year))
    regions = found["region"].items
    areas = [item for item in found["policy_area"].items if item.depth == 0]
    for item in regions + areas:
        item.explorer_url = explorer + item.url if item.url else ""

    result = Charts(
        stack,
        str(IRM_FINDINGS[finding][0]),
        parts,
        years,
        regions,
        areas,
        found["total"],
        columns=[parts[n] for n in shown],
    )
    result.svgs = {
        "years": draw.count_chart(
            [
                (
                    str(year.year),
                    [
                        draw.Segment(part.css_class, count, part.label)
                        for part, count in zip(parts, year.parts, strict=True)
                    ],
                )
                for year in years
            ],
            chart_id="chart-years",
            title=_("Commitments by submission year, by %(finding)s")
            % {"finding": result.stack_label},
            description=_(
                "One bar per year in which the action plans were submitted, its length the "
                "number of commitments, divided by what the IRM found. The table beside it "
                "has the same numbers."
            ),
            label_width=64,
        ),
        "regions": _single_bars(
            regions,
            "chart-regions",
            _("Commitments by region"),
            _("One bar per region, its length the number of commitments."),
        ),
        "areas": _single_bars(
            areas,
            "chart-areas",
            _("Commitments by policy area"),
            _(
                "One bar per top-level policy area, its length the number of commitments tagged "
                "with it or an area under it, each commitment counted once per area."
            ),
        ),
        "shares": draw.share_chart(
            [
                (
                    str(year.year),
                    [
                        draw.Share("fill-star", year.starred, year.star_decided, _("Starred")),
                        draw.Share(
                            "fill-early_results-major",
                            year.strong,
                            year.rated,
                            _("Major or outstanding early results"),
                        ),
                    ],
                )
                for year in years
            ],
            chart_id="chart-shares",
            title=_("Share starred and share with major or outstanding early results, by year"),
            description=_(
                "Per submission year, two bars: the share of starred commitments among those "
                "whose star the IRM decided, and the share whose “did it open government?” "
                "is major or outstanding among those the IRM rated on it. A dash: the IRM "
                "decided or rated none of that year’s commitments."
            ),
        ),
    }
    return result


def _single_bars(items, chart_id, title, description):
    return draw.count_chart(
        [
            (translated.Label(item.label, item.lang), [draw.Segment("fill-count", item.count)])
            for item in items
        ],
        chart_id=chart_id,
        title=title,
        description=description,
    )
