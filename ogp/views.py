import sys

from django import db
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseServerError
from django.template import loader
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
