import sys

from django import db
from django.contrib import admin
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import (
    HttpResponse,
    HttpResponseForbidden,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
)
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token


def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page links: the site's
    icon (an SVG, the one the pages link) by a permanent redirect."""
    return HttpResponsePermanentRedirect(staticfiles_storage.url("img/favicon.svg"))


DATABASE_UNAVAILABLE = (db.OperationalError, db.InterfaceError)


@requires_csrf_token
def server_error(request):
    """The 500 page; a 503 with Retry-After when the database is unreachable (a restart, a
    fail-over), so clients and the proxy know to retry. Renders without the database."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "5"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


@requires_csrf_token
def permission_denied(request, exception):
    """The 403 page. Signed-in staff refused inside the admin see it in the admin's frame, with
    their groups and the way back (the page they came from, or the admin's index); everyone else
    sees the site's page."""
    user = getattr(request, "user", None)
    in_admin = request.path.startswith(reverse("admin:index"))
    if not (in_admin and user is not None and user.is_active and user.is_staff):
        return defaults.permission_denied(request, exception)
    back = request.headers.get("referer", "")
    if (
        not back
        or back == request.build_absolute_uri()
        or not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        back = reverse("admin:index")
    context = {
        **admin.site.each_context(request),
        "title": _("Access denied"),
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "back": back,
    }
    return HttpResponseForbidden(loader.render_to_string("admin/403.html", context, request))
