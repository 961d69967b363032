"""The one table of the project itself, the data version behind cache invalidation, and the
abstract `Timestamped` the apps' edited records share."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """A single row whose token changes with every write to public data (ogp.data_version).

    It lives in the database, not the cache, so every process (each gunicorn worker, each
    machine, a management command) sees a change once its transaction commits, whatever the
    cache backend.
    """

    id = models.PositiveSmallIntegerField(_("ID"), primary_key=True, default=1)
    token = models.CharField(_("Token"), max_length=32)
    changed_at = models.DateTimeField(
        _("Changed"),
    )

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="ogp_dataversion_single_row")]

    def __str__(self):
        return f"data version {self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"


class Timestamped(models.Model):
    """When a record was created and last changed. "Last changed" on the public pages and the
    lost-update guard of the admin's forms (`ogp.optimistic_lock`) read `updated_at`."""

    created_at = models.DateTimeField(_("Created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Last changed"), auto_now=True)

    class Meta:
        abstract = True
