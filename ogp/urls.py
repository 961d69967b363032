from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from imports import media
from irm.views import home
from members import compare
from ogp import health, views
from ogp.page_cache import public_page
from opendata import feeds

# Outside the language prefixes: what is the same in every language (the API's codes, the bulk
# files, the health check, the icon, media) and the admin, which follows the staff member's
# own language (ogp/i18n.py).
urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("api/", include("api.urls")),
    path("data/", include("opendata.urls")),
]

if settings.SERVE_MEDIA:
    # Uploaded files, as downloads only, to those who may see them (imports.media.download);
    # nginx passes /media/ here rather than serving MEDIA_ROOT itself (docs/security.md).
    urlpatterns.append(path("media/<path:path>", media.download, name="media"))

# Members side by side (members.compare): a page of its own, not under one member's address.
compare_urls = (
    [
        path("", compare.compare, name="compare"),
        path("export.<str:export_format>", compare.export, name="export"),
    ],
    "compare",
)

# The public pages: English at the plain URLs, Spanish under /es/, French under /fr/.
urlpatterns += i18n_patterns(
    path("", home, name="home"),
    path("feed/", public_page(feeds.SiteFeed()), name="feed"),
    path("", include("commitments.urls")),
    path("data/", include("opendata.page_urls")),
    path("members/", include("members.urls")),
    path("compare/", include(compare_urls)),
    prefix_default_language=False,
)

handler500 = "ogp.views.server_error"
