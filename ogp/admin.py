"""The admin framework of the project: the base classes every app's admin builds on.

- `BaseAdmin`: defaults for every changelist (`list_per_page`, no second full COUNT, the
  rows' selection boxes written without a template each), the safe autocomplete widgets, and
  `SafeChangeList`, which treats a lookup that fails only when its SQL is written or sent as
  an invalid lookup (`?e=1`), never a 500. `LookaheadPaginator` pages a search whose matches
  are dear to count (`search_paginator`).
- `HistoryAdmin`: `BaseAdmin` for models with history: who changed what and when, revert with
  the change permission, malformed ids are a 404, and `refresh_after_save` for what is
  computed from a saved object.
- `TabularInline` / `StackedInline`: each row carries its own version
  (`ogp.optimistic_lock.RowVersionForm`), and deleting a row needs what its own delete page
  needs (`CascadeCheckedFormSet`). The change forms' lock, `OptimisticLockForm` with
  `OptimisticLockAdmin`, is `ogp.optimistic_lock`'s.
- `CountColumn` (`count_of`), `cache_choices`: a changelist's counts and an inline's selects
  at a fixed number of queries whatever the page's length.
- Content in several languages (ogp.translated): every admin and inline shows a translated
  field's other languages in the same form — a fieldset per language after the English
  fields (`TranslatedFieldsMixin`), or, in a tabular row, the columns beside the English one.

This module knows no app's models: what is model-specific stays in the app's own admin.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_deleted_objects, unquote
from django.contrib.admin.views.main import PAGE_VAR, SEARCH_VAR, ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import EmptyResultSet, FullResultSet, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ogp import translated
from ogp.optimistic_lock import OptimisticLockForm, RowVersionForm


class SafeOptgroupsMixin:
    """Re-rendering a form after garbage input (`region=x`) must not crash: Django's
    autocomplete widget looks the submitted value up in the database as it is."""

    def optgroups(self, name, value, attr=None):
        try:
            return super().optgroups(name, value, attr)
        except (ValueError, TypeError, OverflowError, ValidationError):
            return super().optgroups(name, [], attr)


class SafeAutocompleteSelect(SafeOptgroupsMixin, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(SafeOptgroupsMixin, AutocompleteSelectMultiple):
    pass


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """SQLite cannot even look up an id past 64 bits: such a choice is invalid, not a 500."""

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": "…"}
            ) from None


class SafeAutocompleteMixin:
    """Use the safe autocomplete widgets for `autocomplete_fields` (admins and inlines)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", SafeModelMultipleChoiceField)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class LookaheadPaginator(Paginator):
    """The pages of a changelist whose matches are dear to count: a COUNT reads the row of
    every match (the commitments' full-text search at 10× data: 16,000 rows, 150 ms), and the
    changelist's rows query joins its `list_select_related` tables to every match before it
    keeps 100 of them.

    One query reads the ids of the matches, in the changelist's order, from the start up to
    `pages_ahead` pages past the page asked for (`page_number`), and the page's rows are read
    by their ids. The count is exact when the matches end within those pages; otherwise it is
    a lower bound, `more_than` says so (the page reads "more than 500 results") and the links
    reach the last page read, from which the next pages are read in turn. (No orphans: the
    admin asks for none, and a last page taking the next rows would hide the next pages.)"""

    pages_ahead = 5

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        if orphans:
            raise ValueError("LookaheadPaginator keeps no orphans.")
        self.page_number = max(1, kwargs.pop("page_number", 1))
        super().__init__(object_list, per_page, 0, allow_empty_first_page, **kwargs)

    @cached_property
    def window(self):
        """How many matches are read at most (and one more, to know there are more): a page
        number past any database's rows is read as the rows there are, never a LIMIT the
        database refuses."""
        return min((self.page_number - 1 + self.pages_ahead) * self.per_page, 2**62)

    @cached_property
    def ids(self):
        return list(self.object_list.values_list("pk", flat=True)[: self.window + 1])

    @cached_property
    def count(self):
        return len(self.ids)

    @cached_property
    def more_than(self):
        """The number of matches read, when there are more (else None)."""
        return self.window if self.count > self.window else None

    def rows(self, ids):
        """The matches with these ids, in the changelist's order."""
        return self.object_list.filter(pk__in=ids)

    def page(self, number):
        number = self.validate_number(number)
        if number != self.page_number:  # not the page read: as any paginator
            return super().page(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.rows(self.ids[bottom : bottom + self.per_page]), number, self)


class SafeChangeList(ChangeList):
    """Django checks a changelist's lookups (`?created_at__year=…`) when it builds the query,
    but some values fail only later, when the SQL is written (a year a Python date cannot
    hold: 0, -1, 10000, 99999999999). Those are invalid lookups too: the admin redirects to the
    plain list with `?e=1`. (A NUL character, which PostgreSQL refuses, never gets this far:
    `ogp.middleware.RefuseNulMiddleware` answers 400 for every view.)

    Each row's link carries the changelist's filters back (`?_changelist_filters=…`), as
    Django's; they are added here once for all the rows, where Django's template tag
    (`add_preserved_filters`) would parse them and resolve each row's URL again, twice a row:
    an eighth of the CPU of a 100-row page with a search."""

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.row_link_query, self.preserved_filters = self.preserved_filters, ""

    def url_for_result(self, result):
        url = super().url_for_result(result)
        return f"{url}?{self.row_link_query}" if self.row_link_query else url

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:  # the date hierarchy's year, past a C integer
            raise IncorrectLookupParameters(error) from error

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        try:
            queryset.query.get_compiler(queryset.db).as_sql()
        except (EmptyResultSet, FullResultSet):
            pass  # a query that matches nothing (or everything) is valid
        except (ValueError, TypeError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error
        return queryset

    def get_results(self, request):
        super().get_results(request)
        paginator = self.paginator
        if isinstance(paginator, LookaheadPaginator) and (
            (self.show_all and self.can_show_all) or not self.multi_page
        ):
            # Every match on one page: read by the ids already read, as a page is.
            self.result_list = paginator.rows(paginator.ids)


class CascadeCheckedFormSet(BaseInlineFormSet):
    """Deleting an inline row obeys the rule of the object's own delete page: the user may
    delete the row and everything its deletion cascades to (`get_deleted_objects`), and
    nothing protected hangs on it. Otherwise the row says why and nothing is deleted."""

    delete_request = None
    delete_admin_site = None

    def clean(self):
        super().clean()
        if not self.can_delete or self.delete_request is None:
            return
        refused = 0
        for form in self.initial_forms:
            if form.instance.pk is None or not self._should_delete_form(form):
                continue
            _objects, _counts, perms_needed, protected = get_deleted_objects(
                [form.instance], self.delete_request, self.delete_admin_site
            )
            values = {"name": form.instance._meta.verbose_name, "object": form.instance}
            if perms_needed:
                values["others"] = get_text_list(sorted(str(n) for n in perms_needed), _("and"))
                form.add_error(
                    None,
                    _(
                        "“%(object)s” cannot be deleted here: deleting this %(name)s would "
                        "also delete %(others)s, which you are not allowed to delete."
                    )
                    % values,
                )
                refused += 1
            elif protected:
                values["others"] = get_text_list([str(obj) for obj in protected], _("and"))
                form.add_error(
                    None,
                    _(
                        "“%(object)s” cannot be deleted: %(others)s depend on this %(name)s "
                        "and are protected."
                    )
                    % values,
                )
                refused += 1
        if refused:
            raise ValidationError(
                _("Nothing was deleted or saved: see the rows marked below."),
                code="delete_refused",
            )


def _flat(fields):
    for entry in fields:
        yield from entry if isinstance(entry, (list, tuple)) else [entry]


class TranslatedFieldsMixin:
    """The translations of the model's translatable fields (ogp.translated) in the same form:
    one fieldset per other language ("Español", "Français") after the fieldsets the admin
    declares, holding the translations of the fields those show. English stays where it was,
    and required where it was; the translations are optional."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        names = translated.translated_fields(self.model)
        if not names:
            return fieldsets
        columns = {column for name in names for column in translated.language_columns(name)}
        kept = [
            (title, {**options, "fields": [f for f in options["fields"] if f not in columns]})
            for title, options in fieldsets
        ]
        shown = set(_flat(field for _title, options in kept for field in options["fields"]))
        shown_names = [name for name in names if name in shown]
        languages = dict(settings.LANGUAGES)
        return kept + [
            (
                languages[language],
                {
                    "fields": [translated.column_name(name, language) for name in shown_names],
                    "classes": ["collapse"],
                    "description": _(
                        "Optional. Where a text is left empty, the pages in this language "
                        "show the English text, marked as not yet translated."
                    ),
                },
            )
            for language in translated.OTHER_LANGUAGES
            if shown_names
        ]


class TranslatedColumnsMixin:
    """In an inline's rows: each translatable field's translations right after it."""

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        names = set(translated.translated_fields(self.model))
        if not names:
            return fields
        columns = {column for name in names for column in translated.language_columns(name)}
        expanded = []
        for field in fields:
            if field in columns:
                continue
            expanded.append(field)
            if field in names:
                expanded.extend(translated.language_columns(field))
        return expanded


class InlineMixin(TranslatedColumnsMixin, SafeAutocompleteMixin):
    """The project's inlines: rows carry their own version (unless their form has one, as a
    commitment's row under its action plan does), and deleting a row needs the permissions
    its own delete page needs."""

    formset = CascadeCheckedFormSet

    def row_versioned(self, request, obj):
        return (
            obj is not None
            and not issubclass(self.form, OptimisticLockForm)
            and self.has_change_permission(request, obj)
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.row_versioned(request, obj):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "row_version"]}), *rest]

    def get_formset(self, request, obj=None, **kwargs):
        if self.row_versioned(request, obj):
            form = kwargs.get("form", self.form)
            kwargs["form"] = type(form.__name__, (RowVersionForm, form), {})
        formset = super().get_formset(request, obj, **kwargs)
        attributes = {"delete_request": request, "delete_admin_site": self.admin_site}
        return type(formset.__name__, (formset,), attributes)


class TabularInline(InlineMixin, admin.TabularInline):
    pass


class StackedInline(InlineMixin, admin.StackedInline):
    pass


class BaseAdmin(TranslatedFieldsMixin, SafeAutocompleteMixin, admin.ModelAdmin):
    """Defaults for every changelist of the project; the `CountColumn`s it declares are
    annotated on its queryset."""

    list_per_page = 50
    show_full_result_count = False
    # The paginator of a search whose matches are dear to count (LookaheadPaginator), if any.
    search_paginator = None

    @property
    def empty_value_display(self):
        """The site's. Django reads it for each cell of a changelist, and where the admin sets
        none, raises and catches an AttributeError each time before it reads the site's."""
        return self.admin_site.empty_value_display

    def get_changelist(self, request, **kwargs):
        return SafeChangeList

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if self.search_paginator is None or not request.GET.get(SEARCH_VAR, "").strip():
            return super().get_paginator(
                request, queryset, per_page, orphans, allow_empty_first_page
            )
        try:
            number = int(request.GET.get(PAGE_VAR, 1))  # as the ChangeList reads it
        except ValueError:
            number = 1
        return self.search_paginator(
            queryset, per_page, orphans, allow_empty_first_page, page_number=number
        )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        more_than = getattr(getattr(context.get("cl"), "paginator", None), "more_than", None)
        if more_than:  # Django's "All 501 selected" would count the ids read, not the matches
            response.context_data["selection_note_all"] = gettext(
                "All the results selected (more than %(count)s)"
            ) % {"count": more_than}
        return response

    def action_checkbox(self, obj):
        """Django's box to select a row for an action, the same HTML written directly: its
        widget renders three templates for each row, an eighth of the CPU of a 100-row page."""
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )

    def get_queryset(self, request):
        columns = {
            name: column.annotation()
            for klass in reversed(type(self).__mro__)
            for name, column in vars(klass).items()
            if isinstance(column, CountColumn)
        }
        return super().get_queryset(request).annotate(**columns)


class HistoryAdmin(BaseAdmin, SimpleHistoryAdmin):
    """For models with `history = HistoricalRecords()`: the history pages (a malformed id is a
    404; reverting needs the change permission), and a hook for what depends on a saved
    object (`refresh_after_save`), run after a save and after a revert."""

    object_history_list_template = "admin/simple_history/object_history_list.html"

    @staticmethod
    def _is_key(model, value):
        try:
            model._meta.pk.to_python(unquote(value))
        except (ValidationError, ValueError, TypeError):
            return False
        return True

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # simple_history's own calls select_related() with no field names when the model has no
        # tracked foreign key (Region), which Django 6.1 deprecates: name the relations.
        keys = [f.name for f in history_manager.model.tracked_fields if f.many_to_one]
        if not isinstance(history_manager.model.history_user, property):
            keys.append("history_user")
        queryset = history_manager.filter(**{pk_name: object_id})
        return queryset.select_related(*keys) if keys else queryset

    def history_view(self, request, object_id, extra_context=None):
        # simple_history looks a malformed id up as it is (a 500): it is a page not found.
        if not self._is_key(self.model, object_id):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        history_model = self.model.history.model
        if not self._is_key(self.model, object_id) or not self._is_key(history_model, version_id):
            raise Http404
        # simple_history saves a posted old version for anyone who may *view* the history;
        # reverting is a change, so it needs the change permission.
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if self.revert_disabled(request, obj) or not self.has_change_permission(request, obj):
                raise PermissionDenied
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            # Reverting saves the object without `save_related`: refresh its dependents here.
            reverted = self.get_object(request, unquote(object_id))
            if reverted is not None:
                self.refresh_after_save(request, reverted)
        return response

    def refresh_after_save(self, request, obj):
        """Refresh what is computed from `obj` (the IRM values of commitments) after the admin
        saved it, its inlines included, or reverted it to an old version. Nothing by default."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.refresh_after_save(request, form.instance)


def count_of(model, fk):
    """The number of `model` rows pointing at each row, as a correlated subquery: evaluated
    for the rows of the page only, and dropped from the paginator's COUNT (a join with
    GROUP BY would aggregate the whole related table first)."""
    rows = model._default_manager.filter(**{fk: OuterRef("pk")}).order_by().values(fk)
    return Coalesce(Subquery(rows.annotate(n=Count("*")).values("n")), 0)


class CountColumn:
    """A sortable changelist column: how many `model` rows point at each row through `fk`
    (`count_of`), declared on a BaseAdmin as `member_count = CountColumn(Member, "region",
    _("members"))` and listed in `list_display` by that name."""

    def __init__(self, model, fk, description):
        self.model, self.fk, self.short_description = model, fk, description

    def __set_name__(self, owner, name):
        self.name = self.admin_order_field = name

    def __call__(self, obj):
        return getattr(obj, self.name)

    def annotation(self):
        return count_of(self.model, self.fk)


class RelatedColumn:
    """A sortable changelist column showing a related record's field under a label of its own,
    declared as `report_year = RelatedColumn("report__year", _("report year"))` (listed as
    "report__year", Django would head it with the raw path, "Report  year"). A field with
    choices shows its label."""

    def __init__(self, path, description):
        self.path, self.short_description = path, description
        self.admin_order_field = path

    def __set_name__(self, owner, name):
        self.name = name

    def __call__(self, obj):
        *relations, name = self.path.split("__")
        for relation in relations:
            obj = getattr(obj, relation)
            if obj is None:
                return None
        display = getattr(obj, f"get_{name}_display", None)
        return display() if display else getattr(obj, name)


def cache_choices(formfield, request, key):
    """Evaluate a select's choices once per request, not once per inline row."""
    if formfield is None or request is None or not hasattr(formfield, "queryset"):
        return formfield
    cache = request.__dict__.setdefault("_admin_choices", {})
    if key not in cache:
        cache[key] = list(formfield.choices)
    formfield.choices = cache[key]
    return formfield
