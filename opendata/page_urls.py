"""The /data/ page, in each language (under the language prefixes: ogp/urls.py)."""

from django.urls import path

from opendata import views

app_name = "opendata"

urlpatterns = [path("", views.index, name="index")]
