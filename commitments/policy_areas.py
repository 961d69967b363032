"""Policy areas: the list staff tag commitments with, as a tree, and their earlier names."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ogp.text import by_name
from ogp.translated import localized_expression, translations


class PolicyAreaQuerySet(models.QuerySet):
    def tree(self):
        """Every area in tree order (each root by name, then the areas under it), as a list:
        each area has `.depth` (0 for a root) and `.child_areas`. One query. Names sort as
        the active language's reader sees them (its translation, else English), by its
        collation."""
        children = {}
        for area in self.order_by(by_name(localized_expression("name")), "slug"):
            children.setdefault(area.parent_id, []).append(area)
        ordered = []

        def visit(area, depth):
            area.depth = depth
            area.child_areas = children.get(area.pk, [])
            ordered.append(area)
            for child in area.child_areas:
                visit(child, depth + 1)

        for root in children.get(None, []):
            visit(root, 0)
        return ordered


class PolicyArea(models.Model):
    """A policy area staff tag commitments with. The list changes: keep old names as aliases."""

    name = models.CharField(_("Name"), max_length=150, unique=True)
    name_es, name_fr = translations(name)
    slug = models.SlugField(_("Slug"), max_length=150, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Parent area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    description = models.TextField(_("Description"), blank=True)
    description_es, description_fr = translations(description)

    history = HistoricalRecords()
    objects = PolicyAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy area")
        verbose_name_plural = _("policy areas")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="commitments_policyarea_not_own_parent",
                violation_error_message=_("A policy area cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("commitments:policy-area-detail", args=[self.slug])

    def subtree(self):
        """The area and every area under it, in tree order (an area read by `tree()`)."""
        yield self
        for child in self.child_areas:
            yield from child.subtree()


class PolicyAreaAlias(models.Model):
    """An earlier or alternative name ("E-Government") that maps to a current area."""

    name = models.CharField(_("Name"), max_length=150, unique=True)
    policy_area = models.ForeignKey(
        PolicyArea, verbose_name=_("Policy area"), on_delete=models.CASCADE, related_name="aliases"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("policy area alias")
        verbose_name_plural = _("policy area aliases")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} → {self.policy_area}"
