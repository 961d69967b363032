from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data and its `load_demo` command: records for trying the site, not domain code."""

    name = "demo"
    verbose_name = "Demo data"
