"""The commitment explorer's one FilterSet, shared by the page, the exports and the API.

Every filter reads the *effective* IRM columns stored on the commitment (written by
`irm.services.refresh_findings`), so filtering is plain indexed SQL. Choices (policy areas,
members, regions) are validated in Python against reference lists: a value that
is not one of them is a form error, never a database error and never silently ignored. The
lists are read once per data version (`reference_lists`), not per request. The form's fields
are in `commitments.fields`, the full-text search in `commitments.search`.
"""

from dataclasses import dataclass

import django_filters
from django import forms
from django.db import connections
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Q,
    Value,
    When,
)
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from commitments.fields import CappedMultipleChoiceField, MemberField, name_key
from commitments.models import Commitment, OgpValue, PolicyArea
from commitments.search import (
    SEARCH_MAX_LENGTH,
    TitleVector,
    relevance,
    search_fields_q,
    search_query,
    search_terms,
    text_search,
)
from commitments.widgets import CheckboxList, MemberSearch
from irm.findings import IRM_FINDINGS, finding_q, finding_values
from members.models import FIRST_YEAR, LAST_YEAR, Member, Region
from ogp import translated
from ogp.data_version import cached
from ogp.text import by_name, collation_name

ANY, ALL = "any", "all"
AreaThrough = Commitment.policy_areas.through


# --- IRM findings (each one's condition and label: irm.findings) -------------------------

# Shown as facets beside the results (the others are filters only).
FACETED_FINDINGS = [
    "starred",
    "potentially_starred",
    "verifiable",
    "relevance",
    "ambition",
    "completion",
    "early_results",
    "promising",
]


class MultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = CappedMultipleChoiceField


class IrmFindingFilter(MultipleChoiceFilter):
    """Any of the chosen values of one IRM finding, "pending" and "no_data" included."""

    def __init__(self, finding, **kwargs):
        label, _choices = IRM_FINDINGS[finding]
        self.finding = finding
        kwargs.setdefault("label", label)
        kwargs["choices"] = finding_values(finding)
        kwargs.setdefault("widget", CheckboxList)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        condition = Q()
        for choice in value:
            condition |= finding_q(self.finding, choice)
        return qs.filter(condition)


# --- The form and the FilterSet ------------------------------------------------------------


class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(**kwargs)


class PositiveIntegerFilter(django_filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 1000)
        super().__init__(**kwargs)


class MemberFilter(django_filters.Filter):
    field_class = MemberField


@dataclass
class References:
    policy_areas: dict  # slug -> PolicyArea with .depth and .child_areas, in tree order
    members: list  # (slug, name) of every published member, by name
    member_slugs: frozenset
    regions: list
    member_keys: list  # name_key() of each of `members`' names
    member_by_key: dict  # name_key(name) -> slug

    @cached_property
    def member_names(self):
        return dict(self.members)


def _load_references():
    areas = PolicyArea.objects.only(
        *translated.with_translations(PolicyArea, "pk", "slug", "name", "parent_id")
    ).tree()
    ordered = {area.slug: area for area in areas}
    members = list(
        Member.objects.published().order_by(by_name("name"), "slug").values_list("slug", "name")
    )
    keys = [name_key(name) for _slug, name in members]
    return References(
        policy_areas=ordered,
        members=members,
        member_slugs=frozenset(slug for slug, _name in members),
        regions=list(Region.objects.all()),
        member_keys=keys,
        member_by_key={key: slug for key, (slug, _name) in zip(keys, members, strict=True)},
    )


def reference_lists():
    """The policy area tree, the published members and the regions, for the data version and
    the active language (names are in its collation's order)."""
    name = f"commitment-filter-references-{collation_name()}"
    return cached(name, _load_references, in_process=True)


class CommitmentFilterForm(forms.Form):
    def clean_q(self):
        text = self.cleaned_data.get("q") or ""
        terms = search_terms(text)
        if terms and all(negated for negated, _term in terms):
            raise forms.ValidationError(
                _("Add a word to look for: a search cannot be only excluded words (-word)."),
                code="only_negated",
            )
        return text

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start is not None and end is not None and start > end:
            self.add_error("year_to", _("The last year must not be before the first year."))
        return cleaned


SORTS = {
    "identifier": ["identifier"],
    "-identifier": ["-identifier"],
    # Names and titles by the language's collation (ogp.text.by_name).
    "member": [by_name("action_plan__member__name"), "identifier"],
    "-member": [by_name("action_plan__member__name", descending=True), "identifier"],
    "year": ["action_plan__submission_year", "identifier"],
    "-year": ["-action_plan__submission_year", "identifier"],
    "title": [by_name("title"), "identifier"],
    "-title": [by_name("title", descending=True), "identifier"],
    "relevance": ["-search_rank", "identifier"],
}
SORT_CHOICES = [
    ("identifier", _("Identifier")),
    ("-identifier", _("Identifier, descending")),
    ("member", _("Member")),
    ("-member", _("Member, descending")),
    ("year", _("Year, oldest first")),
    ("-year", _("Year, newest first")),
    ("title", _("Title")),
    ("-title", _("Title, descending")),
    ("relevance", _("Relevance (with a search)")),
]


def _noop(queryset, name, value):
    return queryset


class CommitmentFilter(django_filters.FilterSet):
    """Filters the published commitments. Bound to the query string of the explorer."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method=_noop,  # applied last, in filter_queryset, with the ranking
        max_length=SEARCH_MAX_LENGTH,
        help_text=_("Words in the identifier, title, description or institutions."),
    )
    policy_area = MultipleChoiceFilter(
        label=_("Policy area"),
        method="filter_policy_area",
        widget=CheckboxList,
        help_text=_("An area includes the areas under it."),
    )
    match = django_filters.ChoiceFilter(
        label=_("Match policy areas"),
        choices=[(ANY, _("any of them")), (ALL, _("all of them"))],
        method=_noop,  # read by filter_policy_area
        empty_label=None,
    )
    primary_policy_area = django_filters.ChoiceFilter(
        label=_("Primary policy area"),
        method="filter_primary_policy_area",
        empty_label=_("Any"),
        widget=translated.LanguageSelect,
    )
    member = MemberFilter(
        label=_("Member"),
        method="filter_member",
        widget=MemberSearch,
        help_text=_("Type a name, or part of one, and choose; add more members one at a time."),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of member"),
        field_name="action_plan__member__kind",
        choices=Member.Kind,
        empty_label=_("Any"),
    )
    region = MultipleChoiceFilter(label=_("Region"), method="filter_region", widget=CheckboxList)
    plan = PositiveIntegerFilter(
        label=_("Action plan number"),
        field_name="action_plan__number",
        help_text=_("1 for a member's first action plan; with a member, one plan."),
    )
    year_from = YearFilter(
        label=_("Submitted from (year)"),
        field_name="action_plan__submission_year",
        lookup_expr="gte",
    )
    year_to = YearFilter(
        label=_("Submitted until (year)"),
        field_name="action_plan__submission_year",
        lookup_expr="lte",
    )
    value = MultipleChoiceFilter(
        label=_("OGP value claimed"),
        choices=OgpValue,
        method="filter_value",
        widget=CheckboxList,
    )
    starred = IrmFindingFilter("starred")
    potentially_starred = IrmFindingFilter("potentially_starred")
    verifiable = IrmFindingFilter("verifiable")
    specificity = IrmFindingFilter("specificity")
    relevance = IrmFindingFilter("relevance")
    open_government_lens = IrmFindingFilter("open_government_lens")
    ambition = IrmFindingFilter("ambition")
    potential_impact = IrmFindingFilter("potential_impact")
    potential_results = IrmFindingFilter("potential_results")
    completion = IrmFindingFilter("completion")
    early_results = IrmFindingFilter("early_results")
    early_results_refresh = IrmFindingFilter("early_results_refresh")
    promising = IrmFindingFilter("promising")
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method=_noop, empty_label=_("Default")
    )

    class Meta:
        model = Commitment
        fields = []
        form = CommitmentFilterForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = Commitment.objects.published()
        super().__init__(data, queryset, request=request, prefix=prefix)
        area_choices = self.area_choices()
        self.filters["policy_area"].extra["choices"] = area_choices
        self.filters["primary_policy_area"].extra["choices"] = area_choices
        self.filters["member"].extra["references"] = self.references
        self.filters["region"].extra["choices"] = [
            (r.slug, translated.list_label(r, "name")) for r in self.regions
        ]

    # Reference lists, read once per data version (ogp.data_version) and shared by validation,
    # facets and templates.

    @cached_property
    def references(self):
        return reference_lists()

    @property
    def policy_areas(self):
        """Every policy area by slug, in tree order (a parent, then its children)."""
        return self.references.policy_areas

    @property
    def members(self):
        """The published members' (slug, name), by name."""
        return self.references.members

    @property
    def regions(self):
        return self.references.regions

    def area_choices(self):
        """Choices grouped under each parent area: the parent first, as "(all)". Names in
        the page's language, else English, as Labels (the English fallback marked
        `lang="en"`)."""

        def name(area):
            return translated.list_label(area, "name")

        choices = []
        for area in self.policy_areas.values():
            if area.depth:
                continue
            if not area.child_areas:
                choices.append((area.slug, name(area)))
                continue
            group = [(area.slug, translated.label_in(_("%(area)s (all)"), "area", name(area)))]
            group.extend((child.slug, name(child)) for child in area.subtree() if child is not area)
            choices.append((name(area), group))
        return choices

    def area_ids(self, slug):
        """The ids of an area and every area under it."""
        return [area.pk for area in self.policy_areas[slug].subtree()]

    # Filter methods.

    def filter_policy_area(self, queryset, name, value):
        if not value:
            return queryset
        if self.form.cleaned_data.get("match") == ALL:
            return queryset.filter(pk__in=self.tagged_with_all(value))
        ids = {pk for slug in value for pk in self.area_ids(slug)}
        tagged = AreaThrough.objects.filter(policyarea_id__in=ids)
        return queryset.filter(pk__in=tagged.values("commitment_id"))

    def tagged_with_all(self, slugs):
        """The ids of the commitments tagged, for each of the areas, with it or an area under
        it: one grouped query over the tags, whatever the number of areas. (A subquery per
        area made the planner take seconds past twenty areas, minutes for all of them.)"""
        groups = [set(self.area_ids(slug)) for slug in dict.fromkeys(slugs)]
        # An area with a chosen area under it adds nothing (what is in the one is in the
        # other); the areas left are subtrees apart from each other, so each tag is in one.
        groups = [ids for ids in groups if not any(other < ids for other in groups)]
        tagged = AreaThrough.objects.filter(policyarea_id__in=set().union(*groups))
        if len(groups) == 1:
            return tagged.values("commitment_id")
        group = Case(
            *(When(policyarea_id__in=ids, then=Value(n)) for n, ids in enumerate(groups)),
            output_field=IntegerField(),
        )
        return (
            tagged.values("commitment_id")
            .annotate(groups=Count(group, distinct=True))
            .filter(groups=len(groups))
            .values("commitment_id")
        )

    def filter_primary_policy_area(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(primary_policy_area_id__in=self.area_ids(value))

    def filter_member(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(action_plan__member__slug__in=value)

    def filter_region(self, queryset, name, value):
        if not value:
            return queryset
        ids = [region.pk for region in self.regions if region.slug in value]
        return queryset.filter(action_plan__member__region_id__in=ids)

    def filter_value(self, queryset, name, value):
        condition = Q()
        for choice in value:
            condition |= Q(**{f"claims_{choice}": True})
        return queryset.filter(condition)

    # Search and order come last, once the rows are narrowed.

    def filter_queryset(self, queryset):
        if not self.form.is_valid():
            # Never a silently wider table: invalid input selects nothing.
            return queryset.none()
        queryset = super().filter_queryset(queryset)
        text = self.search_text
        if text:
            queryset = self.search(queryset, text)
        return self.order(queryset)

    @property
    def search_text(self):
        return (self.form.cleaned_data.get("q") or "").strip()

    @property
    def sort_key(self):
        """The order of the results, a key of SORTS: the chosen one, else relevance with a
        search and the identifier without."""
        text = self.search_text
        sort = self.form.cleaned_data.get("sort") or ("relevance" if text else "identifier")
        return "identifier" if sort == "relevance" and not text else sort

    def order(self, queryset):
        sort = self.sort_key
        if sort == "relevance":
            queryset = queryset.annotate(search_rank=self.rank(self.search_text))
        return queryset.order_by(*SORTS[sort])

    @property
    def is_postgresql(self):
        return connections[self.queryset.db].vendor == "postgresql"

    def search(self, queryset, text):
        return text_search(queryset, text, every_match=True)  # counted, exported, listed

    def rank(self, text):
        if self.is_postgresql:
            # Ranked on the short, most telling fields only, from their stored vector:
            # computing a vector for each of tens of thousands of matches costs seconds (the
            # match itself uses the GIN index on the whole document).
            return relevance(TitleVector(), search_query(text))
        # SQLite: identifier, then title matches (in any language) first; a rough but stable
        # order.
        terms = [term for negated, term in search_terms(text) if not negated] or [""]

        def in_any_language(name):
            return search_fields_q(name, terms[0])

        return Case(
            When(identifier__iexact=terms[0], then=Value(3)),
            When(in_any_language("title"), then=Value(2)),
            When(in_any_language("short_title"), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
