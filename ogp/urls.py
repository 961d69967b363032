from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from imports import media
from irm.views import home
from ogp import health, views

urlpatterns = [
    path("", home, name="home"),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("api/", include("api.urls")),
    path("data/", include("opendata.urls")),
    path("", include("commitments.urls")),
    path("members/", include("members.urls")),
]

if settings.SERVE_MEDIA:
    # Uploaded files, as downloads only, to those who may see them (imports.media.download);
    # nginx passes /media/ here rather than serving MEDIA_ROOT itself (docs/security.md).
    urlpatterns.append(path("media/<path:path>", media.download, name="media"))

handler500 = "ogp.views.server_error"
