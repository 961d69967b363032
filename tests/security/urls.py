"""The site's URLs plus a view that fails, for the error page tests."""

from django.urls import path

from ogp.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("secret internals: DATABASE password=hunter2")


urlpatterns = [path("broken/", broken), *site_urlpatterns]
