from django.urls import path, re_path

from opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("datapackage.json", views.download, {"filename": "datapackage.json"}, name="datapackage"),
    re_path(r"^(?P<filename>[a-z0-9-]+\.(?:csv|json))$", views.download, name="file"),
]
