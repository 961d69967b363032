from django.apps import AppConfig


class IrmConfig(AppConfig):
    name = "irm"
    verbose_name = "Independent Reporting Mechanism"
