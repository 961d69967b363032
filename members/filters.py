"""The one FilterSet of the published members: the directory page and the API's member list.

Both read the same filters, so a value means the same thing and is refused with the same
message: the page reports an invalid field and leaves it unapplied (`FilterSet.qs` applies only
the valid ones), the API answers 400 (django-filter's backend). Each offers the filters it
lists: the page searches by name and sorts, the API picks a national member's local members.
"""

import django_filters
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from members.models import Member, Region

SORTS = {
    "name": (_("Name (A–Z)"), ["name"]),
    "-name": (_("Name (Z–A)"), ["-name"]),
    "member_since": (
        _("Member since (earliest)"),
        [F("member_since").asc(nulls_last=True), "name"],
    ),
    "-member_since": (
        _("Member since (latest)"),
        [F("member_since").desc(nulls_last=True), "name"],
    ),
    "region": (_("Region"), ["region__position", "name"]),
    "-commitments": (
        _("Commitments in current plan (most)"),
        [F("plan_commitments").desc(nulls_last=True), "name"],
    ),
}


def published_members(request=None):
    return Member.objects.published()


def regions(request=None):
    return Region.objects.all()


def _noop(queryset, name, value):
    return queryset


class MemberFilter(django_filters.FilterSet):
    """Every filter of the published members, in the order the page shows them."""

    q = django_filters.CharFilter(
        label=_("Name"), field_name="name", lookup_expr="icontains", max_length=100
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=Member.Kind,
        empty_label=_("All kinds"),
        help_text="national or local",
    )
    region = django_filters.ModelChoiceFilter(
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
