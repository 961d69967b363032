"""The site's URLs plus @public_page views that must not be stored, for tests/ogp."""

from django.http import HttpResponse, StreamingHttpResponse
from django.middleware.csp import get_nonce
from django.urls import path

from ogp.page_cache import public_page
from ogp.urls import urlpatterns as site_urlpatterns


@public_page
def sets_a_cookie(request):
    response = HttpResponse("hello")
    response.set_cookie("seen", "1")
    return response


@public_page
def reads_the_session(request):
    return HttpResponse(f"visits: {request.session.get('visits', 0)}")


@public_page
def uses_a_nonce(request):
    return HttpResponse(f'<script nonce="{get_nonce(request)}">go()</script>')


@public_page
def streams(request):
    return StreamingHttpResponse(iter([b"a", b"b"]))


@public_page
def plain(request):
    return HttpResponse("the same for everyone")


urlpatterns = [
    path("test/cookie/", sets_a_cookie),
    path("test/session/", reads_the_session),
    path("test/nonce/", uses_a_nonce),
    path("test/stream/", streams),
    path("test/plain/", plain),
    *site_urlpatterns,
]
