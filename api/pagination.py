"""Page-number pagination with a default and a maximum page size taken from the settings.

An abusive `page_size` is capped at API_MAX_PAGE_SIZE; one that is not a positive whole number
is a 400, like any other invalid parameter. A page past the end is a 404.
"""

from django.conf import settings
from rest_framework import pagination
from rest_framework.exceptions import ValidationError

PAGE, PAGE_SIZE = "page", "page_size"


def _positive_int(request, name):
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1 or str(value) != raw.strip().lstrip("+"):
        raise ValidationError({name: [f"Enter a whole number of 1 or more, not {raw!r}."]})
    return value


class PageNumberPagination(pagination.PageNumberPagination):
    page_query_param = PAGE
    page_size_query_param = PAGE_SIZE

    @property
    def page_size(self):
        return settings.API_PAGE_SIZE

    @property
    def max_page_size(self):
        return settings.API_MAX_PAGE_SIZE

    query_parameters = (PAGE, PAGE_SIZE)

    def paginate_queryset(self, queryset, request, view=None):
        _positive_int(request, PAGE)
        _positive_int(request, PAGE_SIZE)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": PAGE,
                "required": False,
                "in": "query",
                "description": "A page number within the results (1 is the first).",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": PAGE_SIZE,
                "required": False,
                "in": "query",
                "description": (
                    f"Results per page (default {settings.API_PAGE_SIZE}; larger values are "
                    f"capped at {settings.API_MAX_PAGE_SIZE})."
                ),
                "schema": {"type": "integer", "minimum": 1},
            },
        ]
