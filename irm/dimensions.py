"""The Global Report's dimensions of open government and the third-party scores of members on
them (re-exported by `irm.models`)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commitments.models import PolicyArea
from members.models import Member
from ogp.translated import translations


class GlobalReportDimension(models.Model):
    """A "selected dimension of open government", tied to the policy areas it covers."""

    name = models.CharField(_("Name"), max_length=100, unique=True)
    name_es, name_fr = translations(name)
    slug = models.SlugField(_("Slug"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)
    policy_areas = models.ManyToManyField(
        PolicyArea, verbose_name=_("Policy areas"), related_name="dimensions", blank=True
    )

    history = HistoricalRecords(m2m_fields=[policy_areas])

    class Meta:
        verbose_name = _("Global Report dimension")
        verbose_name_plural = _("Global Report dimensions")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class ThirdPartyScore(models.Model):
    member = models.ForeignKey(
        Member,
        verbose_name=_("Member"),
        on_delete=models.CASCADE,
        related_name="third_party_scores",
    )
    dimension = models.ForeignKey(
        GlobalReportDimension,
        verbose_name=_("Dimension"),
        on_delete=models.PROTECT,
        related_name="scores",
    )
    indicator = models.CharField(_("Indicator"), max_length=200)
    source = models.CharField(_("Source organisation"), max_length=200)
    value = models.DecimalField(_("Value"), max_digits=8, decimal_places=2)
    scale_min = models.DecimalField(_("Scale minimum"), max_digits=8, decimal_places=2, default=0)
    scale_max = models.DecimalField(_("Scale maximum"), max_digits=8, decimal_places=2, default=100)
    year = models.PositiveSmallIntegerField(
        _("Year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    url = models.URLField(_("Link"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("third-party score")
        verbose_name_plural = _("third-party scores")
        ordering = ["member", "dimension", "indicator", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "dimension", "indicator", "source", "year"],
                name="irm_thirdpartyscore_unique",
                violation_error_message=_(
                    "This member already has this indicator from this source for this year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")),
                name="irm_thirdpartyscore_scale_ordered",
                violation_error_message=_("The scale's maximum must be above its minimum."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=models.F("scale_min"), value__lte=models.F("scale_max")),
                name="irm_thirdpartyscore_value_on_scale",
                violation_error_message=_(
                    "The value must lie on the scale, between its minimum and maximum."
                ),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="irm_thirdpartyscore_year_in_range",
                violation_error_message=_("The year must be between 1990 and 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.member} – {self.indicator} ({self.year})"
