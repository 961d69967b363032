"""The /data/ page and a page per release, in each language (under the language prefixes:
ogp/urls.py)."""

from django.urls import path, re_path

from opendata import views
from opendata.releases import ID_PATTERN

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    re_path(rf"^releases/(?P<release_id>{ID_PATTERN})/$", views.index, name="release"),
]
