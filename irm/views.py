"""The home page: the partnership's headline figures (irm.figures)."""

from django.shortcuts import render

from irm import figures
from ogp.page_cache import public_page


@public_page
def home(request):
    """The home page with the partnership's headline figures, computed from the records
    (three queries, then kept in the cache until a record changes)."""
    return render(request, "home.html", {"headline": figures.cached_headline()})
