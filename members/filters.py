"""The one FilterSet of the published members: the directory page and the API's member list.

Both read the same filters, so a value means the same thing and is refused with the same
message: the page reports an invalid field and leaves it unapplied (`FilterSet.qs` applies only
the valid ones), the API answers 400 (django-filter's backend). Each offers the filters it
lists: the page searches by name and sorts, the API picks a national member's local members.
"""

import django_filters
from django.db.models import F
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from members.models import Member, Region
from ogp import translated
from ogp.text import by_name

# Names by the language's collation (ogp.text.by_name: "Córdoba" before "Czech Republic"),
# then the slug, so that the order is the same on every request.
BY_NAME = [by_name("name"), "slug"]
SORTS = {
    "name": (_("Name (A–Z)"), BY_NAME),
    "-name": (_("Name (Z–A)"), [by_name("name", descending=True), "-slug"]),
    "member_since": (
        _("Member since (earliest)"),
        [F("member_since").asc(nulls_last=True), *BY_NAME],
    ),
    "-member_since": (
        _("Member since (latest)"),
        [F("member_since").desc(nulls_last=True), *BY_NAME],
    ),
    "region": (_("Region"), ["region__position", *BY_NAME]),
    "-commitments": (
        _("Commitments in current plan (most)"),
        [F("plan_commitments").desc(nulls_last=True), *BY_NAME],
    ),
}


def published_members(request=None):
    return Member.objects.published()


def regions(request=None):
    return Region.objects.all()


def _noop(queryset, name, value):
    return queryset


class RegionField(django_filters.fields.ModelChoiceField):
    """A region by its name in the page's language, else in English, marked `lang="en"`."""

    widget = translated.LanguageSelect

    def label_from_instance(self, obj):
        return translated.list_label(obj, "name")


class RegionFilter(django_filters.ModelChoiceFilter):
    field_class = RegionField


class MemberFilter(django_filters.FilterSet):
    """Every filter of the published members, in the order the page shows them."""

    q = django_filters.CharFilter(  # accents and case aside: "coruna" finds "A Coruña"
        label=_("Name"), field_name="name", lookup_expr="unaccented__icontains", max_length=100
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=Member.Kind,
        empty_label=_("All kinds"),
        help_text="national or local",
    )
    region = RegionFilter(
        label=_("Region"),
        queryset=regions,
        to_field_name="slug",
        empty_label=_("All regions"),
        help_text="A region's slug.",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Member.Status, empty_label=_("All statuses")
    )
    parent = django_filters.ModelChoiceFilter(
        queryset=published_members,
        to_field_name="slug",
        help_text="The slug of a national member: its local members.",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
        method=_noop,  # the list is ordered by the view, after the filters (`order`)
        empty_label=None,
    )

    class Meta:
        model = Member
        fields = []

    def order(self):
        """The order of the list: the chosen sort (a valid one), by name otherwise."""
        sort = None
        if self.is_bound and self.form.errors is not None:  # the form is cleaned
            sort = self.form.cleaned_data.get("sort")
        return SORTS[sort or "name"][1]


class DirectoryFilter(MemberFilter):
    """The directory page's: search by name and sort; no parent."""

    parent = None


class ApiMemberFilter(MemberFilter):
    """The API's: no name search and no sort (the list is by name); a parent member's slug."""

    q = None
    sort = None


def directory_url(**filters):
    """The directory, filtered by the names of its filters (`DirectoryFilter`):
    `directory_url(region="europe")`. A name it does not filter on is a programming error."""
    unknown = set(filters) - set(DirectoryFilter.base_filters)
    if unknown:
        raise ValueError(f"Not a filter of the directory: {', '.join(sorted(unknown))}")
    query = urlencode(filters, doseq=True)
    return reverse("members:member-list") + (f"?{query}" if query else "")
