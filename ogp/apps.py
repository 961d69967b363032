from django.apps import AppConfig


class OgpConfig(AppConfig):
    """The project itself: cross-cutting pieces (cache invalidation, template tags)."""

    name = "ogp"
    verbose_name = "Open Government Partnership"

    def ready(self):
        from ogp import signals

        signals.connect()
