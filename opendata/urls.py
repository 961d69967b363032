"""The bulk files, at one URL for every language (outside the language prefixes: ogp/urls.py):
the latest release's at /data/<file>, a dated release's at /data/releases/<id>/<file>. The
pages that list them are in opendata/page_urls.py."""

from django.urls import path, re_path

from opendata import views
from opendata.releases import ID_PATTERN

app_name = "data-files"

FILE = r"(?P<filename>[a-z0-9-]+\.(?:csv|json)|SHA256SUMS)"
RELEASE = rf"releases/(?P<release_id>{ID_PATTERN})/"

urlpatterns = [
    path("datapackage.json", views.download, {"filename": "datapackage.json"}, name="datapackage"),
    re_path(rf"^{FILE}$", views.download, name="file"),
    re_path(rf"^{RELEASE}{FILE}$", views.download, name="release-file"),
]
