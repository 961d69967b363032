from django.shortcuts import render

from irm import figures


def home(request):
    """The home page with the partnership's headline figures, computed from the records
    (three queries, then kept in the cache for a few minutes)."""
    return render(request, "home.html", {"headline": figures.cached_headline()})
