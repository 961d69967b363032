"""Cache invalidation: any write to a public record changes the data version (ogp.data_version)."""

from django.apps import apps
from django.core.signals import request_started
from django.db.models.signals import m2m_changed, post_delete, post_save

from ogp.data_version import PUBLIC_DATA_APPS, data_changed, on_request_started


def _record_changed(sender, **kwargs):
    if sender._meta.app_label in PUBLIC_DATA_APPS:
        data_changed()


def connect():
    request_started.connect(on_request_started, dispatch_uid="ogp-forget-data-version")
    for model in apps.get_models():
        if model._meta.app_label not in PUBLIC_DATA_APPS or model.__name__.startswith("Historical"):
            continue
        post_save.connect(_record_changed, sender=model, dispatch_uid=f"ogp-cache-{model}")
        post_delete.connect(_record_changed, sender=model, dispatch_uid=f"ogp-cache-del-{model}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _record_changed, sender=field.remote_field.through, dispatch_uid=f"ogp-m2m-{field}"
            )
