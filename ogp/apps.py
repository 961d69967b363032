from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OgpConfig(AppConfig):
    """The project itself: cross-cutting pieces (cache invalidation, template tags)."""

    name = "ogp"
    verbose_name = _("Open Government Partnership")

    def ready(self):
        from django.db.backends.signals import connection_created

        from ogp import signals, text

        signals.connect()
        connection_created.connect(text.register_sqlite_functions)
