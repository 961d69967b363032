"""The third-party score sheet: one row per indicator, member and year (docs/imports.md).

Same reading, checks and guarantees as the commitment sheet (imports.base): it adds or updates
scores of members that exist already, and creates no member.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from imports.base import (
    MEMBER_COLUMN,
    SheetPlan,
    batches,
    diff,
    integer,
    mark_errors,
    member_of,
    member_sheet_rows,
)
from imports.reader import Column, normalise
from irm.models import GlobalReportDimension, ThirdPartyScore

TITLE = gettext_lazy("a third-party score sheet")
COLUMNS = [
    MEMBER_COLUMN,
    Column("dimension", "Dimension", required=True),
    Column("indicator", "Indicator", required=True, max_length=200),
    Column("source", "Source", required=True, max_length=200),
    Column("value", "Value", required=True),
    Column("scale_min", "Scale Min"),
    Column("scale_max", "Scale Max"),
    Column("score_year", "Year", required=True),
    Column("score_url", "URL", max_length=500),
]
HEADERS = {column.key: column for column in COLUMNS}
MAX_SCORE = Decimal("999999.99")  # DecimalField(max_digits=8, decimal_places=2)


def _decimal(result, clean, key, default=None):
    text = clean.get(key, "")
    if not text:
        if default is None:
            result.error(key, _("Required."))
        return default
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        result.error(key, _("“%(text)s” is not a number.") % {"text": text})
        return None
    if not value.is_finite() or abs(value) > MAX_SCORE:
        result.error(key, _("%(text)s is out of range.") % {"text": text})
        return None
    if value != value.quantize(Decimal("0.01")):
        result.error(key, _("%(text)s has more than two decimals.") % {"text": text})
        return None
    return value.quantize(Decimal("0.01"))


def plan_scores(sheet):
    dimensions = {}
    for dimension in GlobalReportDimension.objects.all():
        dimensions[normalise(dimension.name)] = dimension
        dimensions.setdefault(normalise(dimension.slug), dimension)
    rows, members, member_ids = member_sheet_rows(sheet, COLUMNS)
    plan = SheetPlan(sheet=sheet, model=ThirdPartyScore, rows=[r for r, _c in rows])
    existing = {}
    for batch in batches(member_ids):
        for score in ThirdPartyScore.objects.filter(member_id__in=batch):
            key = (score.member_id, score.dimension_id, score.indicator, score.source, score.year)
            existing[key] = score
    validate_url = URLValidator()
    seen = {}
    for result, clean in rows:
        if result.errors:
            continue
        member = member_of(result, clean, members)
        dimension = dimensions.get(normalise(clean["dimension"]))
        if dimension is None:
            result.error(
                "dimension", _("Unknown dimension “%(name)s”.") % {"name": clean["dimension"]}
            )
        year = integer(result, clean, "score_year", 1990, 2100)
        value = _decimal(result, clean, "value")
        scale_min = _decimal(result, clean, "scale_min", Decimal("0.00"))
        scale_max = _decimal(result, clean, "scale_max", Decimal("100.00"))
        url = clean.get("score_url", "")
        if url:
            try:
                validate_url(url)
            except ValidationError:
                result.error("score_url", _("“%(url)s” is not a web address.") % {"url": url})
        if result.errors:
            continue
        if scale_max <= scale_min:
            result.error(
                "scale_max",
                _("The scale must run upwards (%(low)s to %(high)s).")
                % {"low": scale_min, "high": scale_max},
            )
        elif not scale_min <= value <= scale_max:
            result.error(
                "value",
                _("%(value)s is outside the scale %(low)s–%(high)s.")
                % {"value": value, "low": scale_min, "high": scale_max},
            )
        if result.errors:
            continue
        key = (member.pk, dimension.pk, clean["indicator"], clean["source"], year)
        result.identifier = f"{member.name} – {clean['indicator']} {year}"
        if key in seen:
            result.error(
                "indicator", _("The same score is also on row %(row)s.") % {"row": seen[key]}
            )
            continue
        seen[key] = result.row
        values = {"value": value, "scale_min": scale_min, "scale_max": scale_max}
        if "score_url" in clean:
            values["url"] = url
        score = existing.get(key) or ThirdPartyScore(
            member=member,
            dimension=dimension,
            indicator=clean["indicator"],
            source=clean["source"],
            year=year,
        )
        plan.add(
            result, score, diff(result, score, values, HEADERS | {"url": HEADERS["score_url"]})
        )
    mark_errors(plan.rows)
    return plan
