"""Charts drawn on the server as SVG: no script, no inline style (the CSP forbids both).

Colours come from classes styled in static/css/site.css, the same classes the legends and
tables use, so a colour means the same thing everywhere on the page. Every chart is paired
with a table of the same numbers on the page.
"""

from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import intcomma
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
BAR_WIDTH = WIDTH - LABEL_WIDTH - RIGHT_MARGIN  # with the labels' column at its narrowest
# A label's width per character at a phone's 17px bold (static/css/site.css), and its margin.
LABEL_CHAR = 10.8
LABEL_PAD = 10
BAR_HEIGHT = 26
ROW_GAP = 14
TOP = 40  # room for the average's label and the axis ticks
BOTTOM = 12


def percent(value):
    return f"{round(value * 100)}%"


# --- Drawing helpers: every chart of the site is made of these ---------------------------------


def _number(value):
    return f"{value:.1f}"


def text(css_class, x, y, label, anchor="start"):
    """A text; a label in another language than the page's (an `ogp.translated.Label`: the
    English fallback of a name) says so (`lang`, which SVG text takes as HTML does)."""
    lang = getattr(label, "lang", "")
    return format_html(
        '<text class="{css}" x="{x}" y="{y}" text-anchor="{anchor}"{lang}>{label}</text>',
        css=css_class,
        x=_number(x),
        y=_number(y),
        anchor=anchor,
        lang=format_html(' lang="{}"', lang) if lang else "",
        label=label,
    )


def rect(css_class, x, y, width, height, title):
    """A bar (or part of one) with its figure as a tooltip."""
    return format_html(
        '<rect class="{css}" x="{x}" y="{y}" width="{w}" height="{h}">'
        "<title>{title}</title></rect>",
        css=css_class,
        x=_number(x),
        y=_number(y),
        w=_number(width),
        h=_number(height),
        title=title,
    )


def axis(ticks, left, span, top, bottom, maximum):
    """Vertical grid lines with their labels above the chart: `ticks` are (value, label)
    pairs on a scale from 0 to `maximum` drawn over `span` units from `left`."""
    parts = []
    for value, label in ticks:
        x = left + (value / maximum * span if maximum else 0)
        parts.append(
            format_html(
                '<line class="chart-grid" x1="{x}" y1="{y1}" x2="{x}" y2="{y2}"/>',
                x=_number(x),
                y1=top - 6,
                y2=bottom,
            )
        )
        parts.append(text("chart-tick", x, top - 10, label, anchor="middle"))
    return parts


def percent_ticks():
    """0, 25, 50, 75, 100 % on a scale of 0 to 1."""
    return [(tick, percent(tick)) for tick in (0, 0.25, 0.5, 0.75, 1)]


def count_ticks(largest):
    """A round scale for counts up to `largest`: (its maximum, about five (value, label)
    ticks), steps of 1, 2 or 5 times a power of ten."""
    if largest <= 0:
        return 1, [(0, "0"), (1, "1")]
    step = 1
    while largest / step > 5:
        for factor in (2, 5, 10):
            if largest / (step * factor) <= 5:
                step *= factor
                break
        else:
            step *= 10
    maximum = -(-largest // step) * step
    return maximum, [(value, intcomma(value)) for value in range(0, maximum + 1, step)]


def svg(chart_id, width, height, title, description, parts):
    """The chart: an image named by its title and described by its description (the table
    beside it holds the same numbers)."""
    return format_html(
        '<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        width=width,
        height=_number(height),
        id=chart_id,
        title=title,
        desc=description,
        body=mark_safe("".join(str(part) for part in parts)),  # noqa: S308 - built above
    )


# --- The profile's star chart ----------------------------------------------------------------


def focus_chart(rows, star_average, *, star_base=None, chart_id="focus-chart"):
    """A stacked horizontal bar per action plan: its commitments by focus bucket, as shares
    of the plan's commitments, with the global star average marked by a vertical line.

    `rows` are (label, PlanFigures) pairs; `star_average` a fraction or None, of `star_base`
    commitments (those whose star is decided: `irm.findings.STAR_DECIDED`)."""
    height = TOP + len(rows) * (BAR_HEIGHT + ROW_GAP) - ROW_GAP + BOTTOM
    if not rows:
        height = TOP + BOTTOM
    # The labels' column fits the longest label at a phone's text size ("Plan de acción 10").
    label_width = max(
        LABEL_WIDTH,
        LABEL_PAD + round(LABEL_CHAR * max((len(label) for label, _plan in rows), default=0)),
    )
    bar_width = WIDTH - label_width - RIGHT_MARGIN
    parts = axis(percent_ticks(), label_width, bar_width, TOP, height - BOTTOM, 1)
    for index, (label, plan) in enumerate(rows):
        y = TOP + index * (BAR_HEIGHT + ROW_GAP)
        middle = y + BAR_HEIGHT / 2 + 5
        parts.append(text("chart-label", label_width - 8, middle, label, anchor="end"))
        if not plan.total:
            parts.append(text("chart-note", label_width + 6, middle, _("No commitments")))
            continue
        x = float(label_width)
        for key, _focus, _reason in FOCUS_BUCKETS:
            count = plan.focus[key]
            if not count:
                continue
            width = count / plan.total * bar_width
            title = _("%(label)s: %(bucket)s, %(count)s of %(total)s (%(share)s)") % {
                "label": label,
                "bucket": BUCKET_LABELS[key],
                "count": count,
                "total": plan.total,
                "share": percent(count / plan.total),
            }
            parts.append(rect(f"fill-{key}", x, y, width, BAR_HEIGHT, title))
            x += width
    if star_average is not None:
        x = label_width + star_average * bar_width
        # The label reads rightwards from the line, or leftwards when the line is far right.
        right = x < label_width + bar_width * 0.55
        parts.append(
            format_html(
                '<line class="chart-average" x1="{x}" y1="{y1}" x2="{x}" y2="{y2}"/>',
                x=_number(x),
                y1=TOP - 4,
                y2=height - BOTTOM + 6,
            )
        )
        label = _("Global star average %(share)s") % {"share": percent(star_average)}
        parts.append(
            text(
                "chart-average-label",
                x + 4 if right else x - 4,
                15,
                label,
                anchor="start" if right else "end",
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
    return svg(chart_id, WIDTH, height, title, description, parts)


# --- The explorer's charts: counts and shares of the commitments a filter matched -----------

COUNT_RIGHT = 64  # room for a bar's total, "12,345", at the end of the longest bar
SHARE_RIGHT = 48  # room for "100%"
ROW_BAR = 22
ROW_SPACE = 10
LABEL_LINE = 22  # a label written above its bar


@dataclass
class Segment:
    """One part of a stacked bar: its colour class, its count and what it counts."""

    css_class: str
    count: int
    label: str = ""  # none: the bar is one segment, its row's label says what it counts


def count_chart(rows, *, chart_id, title, description, label_width=None):
    """A horizontal bar of counts per row, stacked from its segments, its total at its end.

    `rows` are (label, [Segment, ...]) pairs (a label may be an `ogp.translated.Label`, whose
    language `text` marks). With `label_width` the labels sit left of the
    bars in that many units (short labels: years); without, each label is written above its
    bar, across the chart's width, so that long names (policy areas, regions, and their
    Spanish and French names) stay whole at phone width."""
    left = label_width or 12
    span = WIDTH - left - COUNT_RIGHT
    step = ROW_BAR + ROW_SPACE + (0 if label_width else LABEL_LINE)
    largest = max((sum(s.count for s in segments) for _label, segments in rows), default=0)
    maximum, ticks = count_ticks(largest)
    height = TOP + len(rows) * step - ROW_SPACE + BOTTOM
    parts = axis(ticks, left, span, TOP, height - BOTTOM, maximum)
    for index, (label, segments) in enumerate(rows):
        y = TOP + index * step
        if label_width:
            parts.append(text("chart-label", left - 8, y + ROW_BAR / 2 + 5, label, anchor="end"))
        else:
            parts.append(text("chart-label", 0, y + LABEL_LINE - 7, label))
            y += LABEL_LINE
        x = float(left)
        total = 0
        for segment in segments:
            if not segment.count:
                continue
            width = segment.count / maximum * span
            if segment.label:
                tooltip = _("%(label)s: %(part)s, %(count)s") % {
                    "label": label,
                    "part": segment.label,
                    "count": intcomma(segment.count),
                }
            else:
                tooltip = f"{label}: {intcomma(segment.count)}"
            parts.append(rect(segment.css_class, x, y, width, ROW_BAR, tooltip))
            x += width
            total += segment.count
        parts.append(text("chart-note", x + 4, y + ROW_BAR / 2 + 5, intcomma(total)))
    return svg(chart_id, WIDTH, height, title, description, parts)


@dataclass
class Share:
    """One bar of a share chart: `count` of `base` (no bar, a dash, when the base is 0)."""

    css_class: str
    count: int
    base: int
    label: str

    @property
    def value(self):
        return self.count / self.base if self.base else None


def share_chart(rows, *, chart_id, title, description, label_width=64):
    """Per row (a year), one thin bar per share, on a 0–100 % scale, the share at its end.

    `rows` are (label, [Share, ...]) pairs. A share whose base is 0 has no bar but a dash: the
    IRM measured none of that row's commitments, which is not a share of 0 %."""
    left = label_width
    span = WIDTH - left - SHARE_RIGHT
    per_row = max((len(shares) for _label, shares in rows), default=1)
    thin = (ROW_BAR * 2 - 4) / 2  # two shares take the room of two bars of a count chart
    block = per_row * thin + (per_row - 1) * 4
    step = block + ROW_SPACE + 6
    height = TOP + len(rows) * step - ROW_SPACE - 6 + BOTTOM
    parts = axis(percent_ticks(), left, span, TOP, height - BOTTOM, 1)
    for index, (label, shares) in enumerate(rows):
        y = TOP + index * step
        parts.append(text("chart-label", left - 8, y + block / 2 + 5, label, anchor="end"))
        for number, share in enumerate(shares):
            top = y + number * (thin + 4)
            middle = top + thin / 2 + 5
            if share.value is None:
                parts.append(text("chart-note", left + 4, middle, "–"))
                continue
            width = share.value * span
            tooltip = _("%(label)s: %(share)s, %(count)s of %(base)s (%(percent)s)") % {
                "label": label,
                "share": share.label,
                "count": intcomma(share.count),
                "base": intcomma(share.base),
                "percent": percent(share.value),
            }
            parts.append(rect(share.css_class, left, top, width, thin, tooltip))
            parts.append(text("chart-note", left + width + 4, middle, percent(share.value)))
    return svg(chart_id, WIDTH, height, title, description, parts)
