"""The OpenAPI schema's view of the API: documented errors and the explorer's filters.

- Every operation documents its error answers (400 invalid or unknown parameter, 404 unknown
  record, 429 rate limit) with their JSON body, so clients and schemathesis can check them.
- The explorer's `CommitmentFilter` chooses policy areas, members and regions from lists loaded
  per request, which drf-spectacular cannot see on the class; its parameters are described
  here from the FilterSet's own filters (names, types, static choices, bounds), so they stay in
  step with it without changing it.
- The other lists' parameters are drf-spectacular's, with the bounds of the filters
  (`min_value`, `max_value`) added: a value the schema allows is one the filter accepts.
"""

import django_filters
from django import forms
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from ogp import i18n

ERROR = inline_serializer(
    "Error",
    {
        "detail": serializers.CharField(help_text="What went wrong."),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text="For a 400: the reasons, by query parameter.",
        ),
    },
)
ERRORS = {
    "400": (
        "Invalid or unknown query parameter, a parameter repeated more often than its maxItems, "
        "or a search of only excluded words."
    ),
    "404": "No such published record (or page).",
    "429": "Too many requests from this client; retry after the Retry-After header's seconds.",
}
DYNAMIC_CHOICES = {
    "policy_area": "A policy area's slug (see /api/policy-areas/); includes the areas under it.",
    "primary_policy_area": "A policy area's slug (see /api/policy-areas/).",
    "member": "A member's slug (see /api/members/).",
    "region": "A region's slug (see /api/regions/).",
}


def _choices(filter_):
    values = []
    choices = filter_.extra.get("choices") or []
    if hasattr(choices, "choices"):  # a TextChoices class
        choices = choices.choices
    elif callable(choices):
        choices = choices()
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            values.extend(choice for choice, _label in label)
        else:
            values.append(value)
    return [str(value) for value in values]


def bounds(filter_):
    """The filter's own min_value/max_value as OpenAPI minimum/maximum."""
    found = {}
    for bound, key in (("min_value", "minimum"), ("max_value", "maximum")):
        if filter_.extra.get(bound) is not None:
            found[key] = filter_.extra[bound]
    return found


def filter_parameter(name, filter_):
    """An OpenAPI query parameter for one django-filter filter."""
    description = str(filter_.extra.get("help_text") or filter_.label or "").rstrip(".")
    description = f"{description}." if description else ""
    if name in DYNAMIC_CHOICES:
        description = f"{DYNAMIC_CHOICES[name]} {description}".strip()
    field_class = filter_.field_class
    if issubclass(field_class, forms.IntegerField):
        item = {"type": "integer", **bounds(filter_)}
    else:
        item = {"type": "string"}
        choices = _choices(filter_)
        if choices:
            item["enum"] = choices
        if filter_.extra.get("max_length"):
            item["maxLength"] = filter_.extra["max_length"]
    parameter = {"in": "query", "name": name, "required": False, "description": description}
    if isinstance(filter_, django_filters.MultipleChoiceFilter):
        array = {"type": "array", "items": item}
        if getattr(field_class, "max_values", None):
            array["maxItems"] = field_class.max_values
        parameter.update(
            schema=array,
            explode=True,
            style="form",
            description=f"{description} Repeat the parameter for several values.".lstrip(),
        )
    else:
        parameter["schema"] = item
    return parameter


def language_parameter():
    """`?lang=`, accepted by every operation (ogp.i18n.asked_language)."""
    return {
        "in": "query",
        "name": i18n.LANGUAGE_PARAMETER,
        "required": False,
        "description": (
            "The language of the labels (`labels`, `label`): without it, Accept-Language, "
            "else English. Codes and every language's text (title, title_es, title_fr) are "
            "the same in every language."
        ),
        "schema": {"type": "string", "enum": list(i18n.LANGUAGE_CODES)},
    }


class AutoSchema(BaseAutoSchema):
    def _get_parameters(self):
        return [*super()._get_parameters(), language_parameter()]

    def _get_filter_parameters(self):
        filterset_class = getattr(self.view, "filterset_class", None)
        if getattr(self.view, "describe_filters_from_filterset", False) and filterset_class:
            if not self._is_list_view():
                return []
            return [
                filter_parameter(name, filter_)
                for name, filter_ in filterset_class.base_filters.items()
            ]
        parameters = super()._get_filter_parameters()
        for parameter in parameters:
            filter_ = (
                filterset_class.base_filters.get(parameter["name"]) if filterset_class else None
            )
            if filter_ is not None and parameter["schema"].get("type") in ("integer", "number"):
                parameter["schema"].update(bounds(filter_))
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction == "response" and self.method == "GET":
            for code, description in ERRORS.items():
                if code == "404" and self._is_list_view() and not self._get_paginator():
                    continue
                response = self._get_response_for_code(ERROR, code)
                response["description"] = description
                responses.setdefault(code, response)
        return responses
