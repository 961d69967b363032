from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from ogp import health, security, views

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("api/", include("api.urls")),
    path("data/", include("opendata.urls")),
    path("", include("commitments.urls")),
    path("members/", include("members.urls")),
]

if settings.SERVE_MEDIA:
    # Uploaded files, as downloads only, to those who may see them (ogp.security.serve_media);
    # nginx passes /media/ here rather than serving MEDIA_ROOT itself (docs/security.md).
    urlpatterns.append(path("media/<path:path>", security.serve_media, name="media"))

handler500 = "ogp.views.server_error"
