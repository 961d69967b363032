from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OgpConfig(AppConfig):
    """The project itself: cross-cutting pieces (cache invalidation, template tags)."""

    name = "ogp"
    verbose_name = _("Open Government Partnership")

    def ready(self):
        from ogp import signals

        signals.connect()
