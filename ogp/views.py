from django.shortcuts import render

from irm import figures


def home(request):
    """The home page with the partnership's headline figures, computed live (four queries)."""
    return render(request, "home.html", {"headline": figures.headline()})
