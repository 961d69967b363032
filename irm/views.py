"""The home page: the partnership's headline figures (irm.figures)."""

from django.shortcuts import render

from commitments.filters import SEARCH_MAX_LENGTH
from commitments.links import explorer_url
from irm import figures
from members.filters import directory_url
from ogp import translated
from ogp.page_cache import public_page


@public_page
def home(request):
    """The home page with the partnership's headline figures, computed from the records
    (three queries, then kept in the cache until a record changes), each leading to the
    directory or the explorer filtered to what it counts."""
    headline = figures.cached_headline()
    context = {
        "headline": headline,
        "search_max_length": SEARCH_MAX_LENGTH,
        "kinds": [
            (label, count, directory_url(kind=kind))
            for kind, label, count in headline.members_by_kind
        ],
        "regions": [
            (
                *translated.localized_label(region, "name"),
                count,
                directory_url(region=slug),
                explorer_url(region=slug),
            )
            for slug, region, count in headline.members_by_region
        ],
        "links": {
            "members": directory_url(),
            "commitments": explorer_url(),
            "starred": explorer_url(starred="yes"),
        },
    }
    return render(request, "home.html", context)
