from django.contrib import admin
from django.urls import include, path

from ogp import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("api/", include("api.urls")),
    path("data/", include("opendata.urls")),
    path("", include("commitments.urls")),
    path("members/", include("members.urls")),
]
