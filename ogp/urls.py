from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from imports import media
from irm.views import home
from members import compare, embed
from ogp import health, views
from ogp.page_cache import public_page
from opendata import feeds

# The admin in OGP's name (templates/admin/base_site.html adds its logo and colours).
admin.site.site_header = _("Open Government Partnership · staff")
admin.site.site_title = _("OGP staff")
admin.site.index_title = _("Members, plans, commitments and IRM findings")

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

# Embeds (members.embed): a member's figures and a commitment's IRM review, for other sites'
# iframes; the only pages that may be framed (docs/security.md).
embed_urls = (
    [
        path("members/<slug:slug>/performance/", embed.performance, name="performance"),
        path("members/<slug:slug>/star-chart/", embed.star_chart, name="star-chart"),
        path("members/<slug:slug>/participation/", embed.participation, name="participation"),
        path(
            "members/<slug:slug>/commitments/<str:identifier>/irm-review/",
            embed.irm_review,
            name="irm-review",
        ),
    ],
    "embed",
)

# The public pages: English at the plain URLs, Spanish under /es/, French under /fr/.
urlpatterns += i18n_patterns(
    path("", home, name="home"),
    path("feed/", public_page(feeds.SiteFeed()), name="feed"),
    path("", include("commitments.urls")),
    path("data/", include("opendata.page_urls")),
    path("members/", include("members.urls")),
    path("compare/", include(compare_urls)),
    path("embed/", include(embed_urls)),
    prefix_default_language=False,
)

handler403 = "ogp.views.permission_denied"
handler500 = "ogp.views.server_error"
