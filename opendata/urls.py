"""The bulk files, at one URL for every language (outside the language prefixes: ogp/urls.py).
The page that lists them is in opendata/page_urls.py."""

from django.urls import path, re_path

from opendata import views

app_name = "data-files"

urlpatterns = [
    path("datapackage.json", views.download, {"filename": "datapackage.json"}, name="datapackage"),
    re_path(r"^(?P<filename>[a-z0-9-]+\.(?:csv|json))$", views.download, name="file"),
]
