"""Constraints every app's models declare the same way. Generic: no app of the project here."""

from django.db import models
from django.db.models import F, Q


def one_of(field, vocabulary, *, name, message=None, blank=False):
    """The database refuses a value of `field` outside `vocabulary` (a TextChoices class or a
    list of codes); `blank=True` also allows "" (the vocabulary's "not said")."""
    values = list(vocabulary.values) if hasattr(vocabulary, "choices") else list(vocabulary)
    condition = Q(**{f"{field}__in": ["", *values] if blank else values})
    extra = {"violation_error_message": message} if message is not None else {}
    return models.CheckConstraint(condition=condition, name=name, **extra)


def dates_in_order(*, name, message, start="start_date", end="end_date"):
    """The database refuses an end before the start; either date may be unknown."""
    condition = Q(**{f"{start}__isnull": True}) | Q(**{f"{end}__isnull": True})
    condition |= Q(**{f"{end}__gte": F(start)})
    return models.CheckConstraint(condition=condition, name=name, violation_error_message=message)
