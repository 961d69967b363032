"""Charts drawn on the server as SVG: no script, no inline style (the CSP forbids both).

Colours come from classes styled in static/css/site.css, the same classes the legends and
tables use, so a colour means the same thing everywhere on the page. Every chart is paired
with a table of the same numbers on the page.
"""

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from irm.figures import FOCUS_BUCKETS

# Short labels for table headers; the legend uses the full BUCKET_LABELS.
SHORT_BUCKET_LABELS = {
    "star": gettext_lazy("Stars"),
    "implementation": gettext_lazy("Implementation"),
    "design_verifiability": gettext_lazy("Design: verifiability"),
    "design_relevance": gettext_lazy("Design: relevance"),
    "design_ambition": gettext_lazy("Design: ambition"),
    "refresh_results": gettext_lazy("2021+: results"),
    "promising": gettext_lazy("2021+: promising"),
    "refresh_other": gettext_lazy("2021+: other"),
    "pending": gettext_lazy("Pending"),
    "no_data": gettext_lazy("No IRM data"),
}

BUCKET_LABELS = {
    "star": gettext_lazy("Stars"),
    "implementation": gettext_lazy("Focus on implementation"),
    "design_verifiability": gettext_lazy("Focus on design: verifiability"),
    "design_relevance": gettext_lazy("Focus on design: relevance to open government"),
    "design_ambition": gettext_lazy("Focus on design: objectives and impact (ambition)"),
    "refresh_results": gettext_lazy(
        "2021+ method (no stars): significant or outstanding early results"
    ),
    "promising": gettext_lazy("2021+ method (no stars): promising commitment"),
    "refresh_other": gettext_lazy("2021+ method (no stars): reviewed, not (yet) promising"),
    "pending": gettext_lazy("Pending IRM review"),
    "no_data": gettext_lazy("No IRM data"),
}

# Geometry, in SVG user units (the SVG scales to its container's width). Room for the larger
# text units a phone gets (static/css/site.css): "Action Plan 10" and "100%" fit.
WIDTH = 480
LABEL_WIDTH = 156
RIGHT_MARGIN = 24
BAR_WIDTH = WIDTH - LABEL_WIDTH - RIGHT_MARGIN
BAR_HEIGHT = 26
ROW_GAP = 14
TOP = 40  # room for the average's label and the axis ticks
BOTTOM = 12


def percent(value):
    return f"{round(value * 100)}%"


def focus_chart(rows, star_average, *, star_base=None, chart_id="focus-chart"):
    """A stacked horizontal bar per action plan: its commitments by focus bucket, as shares
    of the plan's commitments, with the global star average marked by a vertical line.

    `rows` are (label, PlanFigures) pairs; `star_average` a fraction or None, of `star_base`
    commitments (those whose star is decided: `irm.findings.STAR_DECIDED`)."""
    height = TOP + len(rows) * (BAR_HEIGHT + ROW_GAP) - ROW_GAP + BOTTOM
    if not rows:
        height = TOP + BOTTOM
    parts = []
    # Axis: 0, 25, 50, 75, 100 %.
    for tick in (0, 0.25, 0.5, 0.75, 1):
        x = LABEL_WIDTH + tick * BAR_WIDTH
        parts.append(
            format_html(
                '<line class="chart-grid" x1="{x}" y1="{y1}" x2="{x}" y2="{y2}"/>'
                '<text class="chart-tick" x="{x}" y="{ty}" text-anchor="middle">{label}</text>',
                x=f"{x:.1f}",
                y1=TOP - 6,
                y2=height - BOTTOM,
                ty=TOP - 10,
                label=percent(tick),
            )
        )
    for index, (label, plan) in enumerate(rows):
        y = TOP + index * (BAR_HEIGHT + ROW_GAP)
        parts.append(
            format_html(
                '<text class="chart-label" x="{x}" y="{y}" text-anchor="end">{label}</text>',
                x=LABEL_WIDTH - 8,
                y=f"{y + BAR_HEIGHT / 2 + 5:.1f}",
                label=label,
            )
        )
        if not plan.total:
            parts.append(
                format_html(
                    '<text class="chart-note" x="{x}" y="{y}">{note}</text>',
                    x=LABEL_WIDTH + 6,
                    y=f"{y + BAR_HEIGHT / 2 + 5:.1f}",
                    note=_("No commitments"),
                )
            )
            continue
        x = float(LABEL_WIDTH)
        for key, _focus, _reason in FOCUS_BUCKETS:
            count = plan.focus[key]
            if not count:
                continue
            width = count / plan.total * BAR_WIDTH
            parts.append(
                format_html(
                    '<rect class="fill-{key}" x="{x}" y="{y}" width="{w}" height="{h}">'
                    "<title>{title}</title></rect>",
                    key=key,
                    x=f"{x:.1f}",
                    y=y,
                    w=f"{width:.1f}",
                    h=BAR_HEIGHT,
                    title=_("%(label)s: %(bucket)s, %(count)s of %(total)s (%(share)s)")
                    % {
                        "label": label,
                        "bucket": BUCKET_LABELS[key],
                        "count": count,
                        "total": plan.total,
                        "share": percent(count / plan.total),
                    },
                )
            )
            x += width
    if star_average is not None:
        x = LABEL_WIDTH + star_average * BAR_WIDTH
        # The label reads rightwards from the line, or leftwards when the line is far right.
        right = x < LABEL_WIDTH + BAR_WIDTH * 0.55
        parts.append(
            format_html(
                '<line class="chart-average" x1="{x}" y1="{y1}" x2="{x}" y2="{y2}"/>'
                '<text class="chart-average-label" x="{tx}" y="{ty}" text-anchor="{anchor}">'
                "{label}</text>",
                x=f"{x:.1f}",
                y1=TOP - 4,
                y2=height - BOTTOM + 6,
                tx=f"{x + 4 if right else x - 4:.1f}",
                anchor="start" if right else "end",
                ty=15,
                label=_("Global star average %(share)s") % {"share": percent(star_average)},
            )
        )
    title = _("How to get more starred commitments")
    if star_average is None:
        description = _(
            "For each action plan, the share of its commitments in each bucket. "
            "No global star average yet."
        )
    else:
        description = _(
            "For each action plan, the share of its commitments in each bucket; the vertical "
            "line marks the global star average, %(share)s of the %(base)s commitments the IRM "
            "could star (assessed under a 2011–2020 method, star decided)."
        ) % {"share": percent(star_average), "base": star_base}
    return format_html(
        '<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        width=WIDTH,
        height=height,
        id=chart_id,
        title=title,
        desc=description,
        body=mark_safe("".join(str(part) for part in parts)),  # noqa: S308 - built above
    )
