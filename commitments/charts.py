"""The explorer's charts: the commitments a filter matched, counted by submission year (stacked
by completion or by "did it open government?"), by region and by top-level policy area, and
per year the share starred and the share with major or outstanding early results.

The same `CommitmentFilter`, bound to the explorer's query string unchanged, selects them. At
most one query, whatever the data: the matches' ids (`facets.matches`, none when the facet
index answers the filters), which the facet index turns into every count. Its bitsets per
region and policy area give the explorer's own facet counts (a parent area counts each
commitment of its subtree once); its bitsets per plan submission year and per condition the
charts count (irm.stacks: each part of each stack, the shares' counts and bases) give the
counts by year, each an AND and a population count.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

# `_link`: the facets' own query-string builder, so a year narrows the explorer as a facet does.
from commitments.facets import _link, facet_index, facets, is_filtered, matches
from irm import charts as draw
from irm.findings import IRM_FINDINGS
from irm.stacks import SHARE_COUNTS, STACKS, stack_parts
from ogp import translated

STACK_URLS = {"completion": "commitments:charts", "early_results": "commitments:charts-results"}


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


def by_year(matched, index, stack, parts):
    """Per submission year, the `matched` commitments (a bitset) in each of the stack's
    `parts`, each in the first whose condition holds, and the shares' counts, from the facet
    index's bitsets. Years in order, those with a match only; each year's counts in the order
    of `parts`."""
    part_bits = [index.counted[("part", stack, part.key)] for part in parts]
    share_bits = {name: index.counted[("share", name)] for name in SHARE_COUNTS}
    years = []
    for year, year_bits in sorted(index.year.items()):
        in_year = matched & year_bits
        if not in_year:
            continue
        row = YearRow(year, [], total=in_year.bit_count())
        left = in_year
        for bits in part_bits:
            in_part = left & bits
            row.parts.append(in_part.bit_count())
            left &= ~in_part
        for name, bits in share_bits.items():
            setattr(row, name, (in_year & bits).bit_count())
        years.append(row)
    return years


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

    index = facet_index(filterset)
    years = by_year(matched.bits if matched else index.all, index, stack, parts)
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
