"""The lost-update guard of the admin: a change form, or an inline row, saved after someone else
saved the same record is refused, saying who and when (docs/security.md).

- `OptimisticLockForm` with `OptimisticLockAdmin`: the record's `updated_at` from when the page
  was opened, checked under a row lock on save (members, action plans, commitments).
- `RowVersionForm`: an inline row's fingerprint of its stored values (`row_version`), for rows
  without `updated_at` (`ogp.admin`'s inlines add it).

Like `ogp.admin`, it knows no app's models.
"""

import hashlib
from datetime import datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _


def row_version(obj):
    """A fingerprint of a row's stored values: the version of an inline row whose model has
    no `updated_at` (milestones, assessments, contacts…)."""
    values = [
        (field.attname, repr(getattr(obj, field.attname))) for field in obj._meta.concrete_fields
    ]
    return hashlib.sha256(repr(values).encode()).hexdigest()[:32]


HISTORY_TOLERANCE = timedelta(seconds=5)


def conflict_message(instance, current):
    """Say that `instance` was changed (or deleted, `current` None) after the page was opened,
    by whom and when when its history tells. `current` is the stored row's `updated_at` (a
    datetime) or True for a row without one."""
    name = instance._meta.verbose_name
    if current is None:
        return _("This %(name)s was deleted after you opened this page: nothing was saved.") % {
            "name": name
        }
    latest = (
        instance.history.select_related("history_user").order_by("-history_date").first()
        if hasattr(instance, "history")
        else None
    )
    changed_at = current if isinstance(current, datetime) else None
    if latest is not None and (
        changed_at is None or latest.history_date >= changed_at - HISTORY_TOLERANCE
    ):
        # The history names who saved last (in the admin, by import). A write that moved the
        # version without a history entry (an import's new assessment, recomputed IRM values)
        # is not theirs, unless it came with their save (the admin refreshes the IRM values
        # right after saving).
        who, changed_at = latest.history_user, latest.history_date
    else:
        who = None
    values = {"name": name, "who": who or _("someone else")}
    if changed_at is None:
        return _(
            "This %(name)s was changed by %(who)s after you opened this page. Nothing was "
            "saved, so their change is not lost: reload the page to see it, then make your "
            "change again."
        ) % {key: str(value) for key, value in values.items()}
    values["when"] = formats.date_format(timezone.localtime(changed_at), "DATETIME_FORMAT")
    return _(
        "This %(name)s was changed by %(who)s on %(when)s, after you opened this page. "
        "Nothing was saved, so their change is not lost: reload the page to see it, then "
        "make your change again."
    ) % {key: str(value) for key, value in values.items()}


MISSING_VERSION_MESSAGE = _(
    "This form did not say which version of the %(name)s it was opened on, so saving it "
    "could overwrite someone else's change. Nothing was saved: reload the page, then make "
    "your change again."
)


def missing_version(instance):
    """The refusal of a change posted without the version it was made on."""
    return ValidationError(
        MISSING_VERSION_MESSAGE % {"name": instance._meta.verbose_name}, code="no_version"
    )


def stored_row(instance, field=None):
    """The stored row of `instance` (or only its `field`), read under a row lock (PostgreSQL):
    a second save arriving meanwhile waits, then sees the new version. None once deleted."""
    with transaction.atomic(using=instance._state.db):
        rows = type(instance)._default_manager.select_for_update().filter(pk=instance.pk)
        return (rows.values_list(field, flat=True) if field else rows).first()


class RowVersionForm(forms.ModelForm):
    """An inline row that remembers its stored values when the page was opened (a hidden
    fingerprint, `row_version`) and refuses to save over a row changed since, e.g. a
    milestone edited on its own page while the commitment's page was open."""

    row_version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault("row_version", row_version(self.instance))

    @property
    def changed_data(self):
        # A stale version alone changes nothing that would be saved.
        return [name for name in super().changed_data if name != "row_version"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or not self.has_changed() or "row_version" not in self.fields:
            return cleaned
        posted = cleaned.get("row_version")
        if not posted:
            raise missing_version(self.instance)
        current = stored_row(self.instance)
        if current is None or row_version(current) != posted:
            exists = None if current is None else True
            raise ValidationError(conflict_message(self.instance, exists), code="stale")
        return cleaned


class OptimisticLockForm(forms.ModelForm):
    """A change form that remembers the record's `updated_at` when it was opened (a hidden
    field) and, on save, refuses to overwrite a record saved by someone else since.

    The check reads the row with SELECT … FOR UPDATE inside the admin's transaction, so on
    PostgreSQL a second save waits for the first and then sees its new `updated_at`."""

    lock_enabled = True  # off when reverting to an old version (HistoryAdmin)

    lock_version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and getattr(self.instance, "updated_at", None):
            self.initial.setdefault("lock_version", self.instance.updated_at.isoformat())

    def clean(self):
        cleaned = super().clean()
        token = cleaned.get("lock_version")
        if not self.lock_enabled or not self.instance.pk or "lock_version" not in self.fields:
            return cleaned
        changed = [name for name in self.changed_data if name != "lock_version"]
        if not changed and not self.inline_rows_changed():
            return cleaned  # what was posted is what is stored: saving it loses nothing
        if not token:
            raise missing_version(self.instance)
        try:
            opened = datetime.fromisoformat(token)
        except ValueError:
            opened = None
        current = stored_row(self.instance, "updated_at")
        if opened is not None and current is not None and current == opened:
            return cleaned
        raise ValidationError(self.conflict_message(current), code="stale")

    def inline_rows_changed(self):
        """Whether the page's inline rows (milestones, contacts, assessments…) were changed:
        saving them from a stale page could overwrite what someone else saved meanwhile, so
        the record's version is checked then too (OptimisticLockAdmin tells the form)."""
        request = getattr(self, "lock_request", None)
        return bool(getattr(request, "_ogp_inline_rows_changed", False))

    def conflict_message(self, current):
        return conflict_message(self.instance, current)


class OptimisticLockAdmin:
    """For admins whose form is an `OptimisticLockForm`: render the hidden version field on
    change pages the user may change (not on view-only pages, not when reverting)."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        reverting = getattr(request, "_ogp_reverting", False)
        if obj is None or reverting or not self.has_change_permission(request, obj):
            return fieldsets
        (name, options), *rest = fieldsets
        fields = [*options.get("fields", ()), "lock_version"]
        return [(name, {**options, "fields": fields}), *rest]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        attributes = {"lock_request": request}
        if getattr(request, "_ogp_reverting", False):
            attributes["lock_enabled"] = False
        return type(form.__name__, (form,), attributes)

    def _create_formsets(self, request, obj, change):
        # The admin builds the inline formsets before it validates the main form: note
        # whether any inline row was changed, for the form's version check.
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        if change and request.method == "POST":
            request._ogp_inline_rows_changed = any(formset.has_changed() for formset in formsets)
        return formsets, inline_instances

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request._ogp_reverting = True  # restoring an old version is a deliberate overwrite
        return super().history_form_view(request, object_id, version_id, extra_context)
