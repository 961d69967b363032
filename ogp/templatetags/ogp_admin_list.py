"""The rows of the admin's changelists: Django's HTML, drawn at less cost.

For each of a page's cells (1,000 on a page of 100 commitments), Django's `items_for_result`
decides again what its column is — the model's field or the admin's callable, its CSS class,
whether it links to the row, its empty value — looks the field up, and formats the cell with
`format_html`: about 22 ms of CPU for that page. `rows` takes those decisions once a column
(`Column`); a cell is then its value, its display by Django's own `display_for_field` or
`display_for_value` (a boolean's three icons drawn once), escaped: about 10 ms, the same HTML
(`tests/ogp/test_admin_changelist.py` compares them on every changelist of the project).

What this does not know is left to Django, for the whole list: a column that is `__str__`, a
callable in `list_display`, a path through relations or a model's attribute; editable lists
(`list_editable`) and popups. `templates/admin/change_list.html` calls `result_list` here
instead of Django's tag of that name.
"""

import datetime

from django import template
from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    result_headers,
    result_hidden_fields,
    results,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.contrib.admin.utils import display_for_field, display_for_value
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

register = template.Library()


class Column:
    """What Django's `items_for_result` decides for every cell of a column, decided once."""

    def __init__(self, cl, name, link, table_tag, empty):
        self.name, self.link, self.table_tag = name, link, table_tag
        self.field, self.attr = model_field(cl.lookup_opts, name), None
        if self.field is None:
            self.attr = getattr(cl.model_admin, name)
        # The admin's empty value, or the callable's own (`@admin.display(empty_value=…)`).
        self.default_empty = empty
        self.empty = getattr(self.attr, "empty_value_display", empty)
        self.boolean = getattr(self.attr, "boolean", False)
        classes = "action-checkbox" if name == "action_checkbox" else f"field-{name}"
        field = self.field
        if field is not None and isinstance(
            field, (models.DateField, models.TimeField, models.ForeignKey)
        ):
            classes += " nowrap"
        self.classes = SafeString(f' class="{classes}"')
        self.dated_classes = SafeString(f' class="{classes} nowrap"')  # a date's value
        self.icons = None
        if isinstance(field, models.BooleanField) and not field.flatchoices:
            self.icons = {value: display_for_value(value, empty, True) for value in (True, False)}
            self.icons[None] = display_for_value(None, empty, True)

    def cell(self, obj):
        """The cell's class attribute and its HTML, as Django's `items_for_result` has them."""
        field, classes = self.field, self.classes
        try:
            value = getattr(obj, self.name) if self.attr is None else self.attr(obj)
        except ObjectDoesNotExist:
            return classes, self.default_empty
        if field is None or field.auto_created:
            if isinstance(value, (datetime.date, datetime.time)):
                classes = self.dated_classes
            return classes, display_for_value(value, self.empty, self.boolean)
        if isinstance(field.remote_field, models.ManyToOneRel):
            return classes, self.empty if value is None else value
        if self.icons is not None and value in self.icons:
            return classes, self.icons[value]
        return classes, display_for_field(value, field, self.empty, avoid_link=self.link)


def model_field(opts, name):
    """The field a column shows, as Django's `lookup_field` finds it (a concrete field named
    so, not a reverse relation nor a foreign key's `_id` column), or None."""
    try:
        field = opts.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.is_relation and (field.one_to_many or field.many_to_many or not field.related_model):
        return None
    return field if field.name == name else None


def columns(cl):
    """The page's columns, or None when one of them is not one `Column` knows."""
    if cl.formset is not None or cl.is_popup or cl.to_field:
        return None
    empty = cl.model_admin.get_empty_value_display()
    links = cl.list_display_links
    found, first = [], True
    for name in cl.list_display:
        if not isinstance(name, str) or name == "__str__" or "__" in name.strip("_"):
            return None
        if model_field(cl.lookup_opts, name) is None and not callable(
            getattr(cl.model_admin, name, None)
        ):
            return None
        link = links is not None and ((first and not links) or name in links)
        found.append(Column(cl, name, link, "th" if link and first else "td", empty))
        first = first and not link
    return found


def rows(cl):
    """The page's rows as Django's `results(cl)` draws them, or None (`columns`)."""
    page_columns = columns(cl)
    if page_columns is None:
        return None
    drawn = []
    for obj in cl.result_list:
        cells = []
        for column in page_columns:
            classes, html = column.cell(obj)
            html = conditional_escape(html)
            tag = column.table_tag
            if column.link:
                try:
                    url = cl.url_for_result(obj)
                except NoReverseMatch:
                    pass
                else:
                    if cl.preserved_filters:  # Django's ChangeList (ogp.admin's adds them)
                        context = {"preserved_filters": cl.preserved_filters, "opts": cl.opts}
                        url = add_preserved_filters(context, url)
                    html = f'<a href="{conditional_escape(url)}">{html}</a>'
            cells.append(SafeString(f"<{tag}{classes}>{html}</{tag}>"))
        drawn.append(ResultList(None, cells))
    return drawn


def result_list(cl):
    """Django's `admin_list.result_list`, its rows drawn by `rows` where it can."""
    headers = list(result_headers(cl))
    drawn = rows(cl)
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": drawn if drawn is not None else list(results(cl)),
    }


@register.tag(name="result_list")
def result_list_tag(parser, token):
    return InclusionAdminNode(
        "result_list",
        parser,
        token,
        func=result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )
