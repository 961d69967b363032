"""Links into the explorer and its exports from other pages (a plan, a policy area, the home
page): the explorer's own URLs with the names of its filters (`CommitmentFilter`), so that a
link always lands on a filter the explorer knows."""

from django.urls import reverse
from django.utils.http import urlencode

from commitments.exports import FORMATS
from commitments.filters import CommitmentFilter


def filter_query(**filters):
    """The explorer's query string for these filters: `filter_query(member="kenya", plan=2)`.
    A name that is not one of the explorer's filters is a programming error."""
    unknown = set(filters) - set(CommitmentFilter.base_filters)
    if unknown:
        raise ValueError(f"Not a filter of the explorer: {', '.join(sorted(unknown))}")
    return urlencode(filters, doseq=True)


def explorer_url(**filters):
    """The explorer, filtered."""
    query = filter_query(**filters)
    return reverse("commitments:explorer") + (f"?{query}" if query else "")


def export_urls(**filters):
    """{format: URL} of the explorer's export of these filters, in its formats' order."""
    query = filter_query(**filters)
    suffix = f"?{query}" if query else ""
    return {fmt: reverse("commitments:export", args=[fmt]) + suffix for fmt in FORMATS}
