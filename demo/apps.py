from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data and its `load_demo` command: records for trying the site, not domain code."""

    name = "demo"
    verbose_name = _("Demo data")
