"""Whole public pages, cached under the data version (ogp.data_version), with conditional GET.

Whole public pages are served by `PageCacheMiddleware`, which sits right after whitenoise:
a hit is answered before sessions, CSRF, auth, messages, CSP, history and axes run, and
without any query while the version is fresh. Only answers of views decorated with
`@public_page` are stored, with the headers they carry at the middleware's position, so a hit
is the same answer as a miss (SecurityMiddleware, before it, adds its headers to both).

`public_page` is the one conditional-GET mechanism of the site, for its pages and its API: the
ETag is the data version, the URL and the headers that vary the rendering; Last-Modified is
when the data last changed; a matching If-None-Match (or If-Modified-Since) gets a 304.
"""

import functools
import hashlib
import threading
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import (
    http_date,
    parse_etags,
    parse_http_date_safe,
    quote_etag,
    split_header_value,
)

from ogp import i18n
from ogp.data_version import data_version

# Request headers that select another rendering of the same URL.
VARY_HEADERS = ("X-Explorer-Fragment", "Accept")
# Request headers that change only the headers of a stored answer, not its content: the CORS
# headers of /api/ and /data/ (django-cors-headers adds "Vary: Origin").
HEADER_VARY_HEADERS = ("Origin",)
# Request headers that select the answer's language where the URL does not (the API's
# Accept-Language): keyed by the language they select (ogp.i18n.language_for), not as sent.
LANGUAGE_HEADERS = ("Accept-Language",)
_KEYED_HEADERS = {name.lower() for name in VARY_HEADERS + HEADER_VARY_HEADERS + LANGUAGE_HEADERS}
# Headers a 304 does not repeat from the 200 it stands for.
_CONTENT_HEADERS = {"content-type", "content-length", "content-language", "content-disposition"}


def _digest(*parts):
    text = "|".join(parts)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _etag(request, token):
    """The ETag of a public page: the data version, the URL (the host and scheme too: API
    answers hold absolute links), the headers that select another rendering and the language
    the answer is in (the URL's for a page; the one asked for on the API)."""
    place = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    varying = [request.headers.get(name, "") for name in VARY_HEADERS]
    return quote_etag(_digest(token, place, *varying, i18n.language_for(request))[:32])


def _page_key(etag, request):
    """Where the answer is stored: its ETag and the headers that change only its headers."""
    return "page:" + _digest(etag, *(request.headers.get(name, "") for name in HEADER_VARY_HEADERS))


def _client_has_it(request, etag, changed_at):
    """Whether the client's copy is current: If-None-Match (weak or strong, or *), else
    If-Modified-Since (RFC 9110, 13.2.2)."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        etags = parse_etags(if_none_match)
        return etags == ["*"] or etag in {tag.removeprefix("W/") for tag in etags}
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(changed_at) <= since


def public_page(view):
    """Mark a public GET view's answers as shared by every visitor, with conditional GET.

    The answer gets an ETag (data version + URL + the headers that vary the rendering),
    Last-Modified (when the data last changed), a public Cache-Control and Vary; a request
    whose If-None-Match holds the ETag (or, without one, whose If-Modified-Since is not older
    than the data) gets a 304 without the view running. A complete 200
    answer is marked for PageCacheMiddleware, which stores it; the page must then be the same
    for every visitor (no session, no CSRF token, no CSP nonce, nothing about the user).
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not settings.OGP_PAGE_CACHE:
            return view(request, *args, **kwargs)
        version = data_version()
        etag = _etag(request, version["token"])
        if _client_has_it(request, etag, version["changed_at"]):
            response = HttpResponseNotModified()
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            if response.status_code != 200 or response.streaming:
                return response
            response.ogp_public_page = True
        response["ETag"] = etag
        response["Last-Modified"] = http_date(version["changed_at"])
        patch_cache_control(response, public=True, max_age=settings.OGP_BROWSER_CACHE_SECONDS)
        patch_vary_headers(response, VARY_HEADERS)
        return response

    return wrapper


def storable(response):
    """Whether a response may be stored and served to every visitor as it is."""
    if not getattr(response, "ogp_public_page", False):
        return False  # not a @public_page view (the admin, a form, an error page...)
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Set-Cookie"):
        return False
    for header in ("Content-Security-Policy", "Content-Security-Policy-Report-Only"):
        if "'nonce-" in response.get(header, ""):
            return False  # a per-request nonce: the body may use it
    cache_control = split_header_value(response.get("Cache-Control", ""))
    if {part.split("=")[0].lower() for part in cache_control} & {"private", "no-store", "no-cache"}:
        return False
    varies = {part.lower() for part in split_header_value(response.get("Vary", ""))}
    return varies <= _KEYED_HEADERS  # e.g. "Vary: Cookie" (a session was read): not shared


class RecentPages:
    """The pages a process served lately, kept in its own memory in front of a shared cache
    (Redis), so that a hit costs no round trip. The keys hold the data version, so a copy here
    is exactly as fresh as the shared one. Least recently used pages go first past max_bytes."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self._pages = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def _size(page):
        content, headers = page
        return len(content) + sum(len(name) + len(value) for name, value in headers)

    def get(self, key):
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def set(self, key, page):
        size = self._size(page)
        if size > self.max_bytes // 8:
            return  # a few large pages would push out every other one
        with self._lock:
            if key in self._pages:
                self._bytes -= self._size(self._pages.pop(key))
            self._pages[key] = page
            self._bytes += size
            while self._bytes > self.max_bytes:
                self._bytes -= self._size(self._pages.popitem(last=False)[1])

    def clear(self):
        with self._lock:
            self._pages.clear()
            self._bytes = 0


recent_pages = RecentPages(max_bytes=16 * 1024 * 1024)


class PageCacheMiddleware:
    """Serve stored @public_page answers before the rest of the middleware stack.

    Placed right after whitenoise: sessions, CSRF, auth, messages, CSP, history and axes do
    not run for a hit. A GET miss goes through the whole stack; if the view marked its answer
    (`public_page`) and it is shareable (`storable`), the answer is stored with every header it
    has here, so a hit carries exactly the headers of the miss. Off with DJANGO_PAGE_CACHE=0.
    With a shared cache (Redis), each process also keeps the pages it served lately in its own
    memory (`recent_pages`); the local-memory cache needs no such copy.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not settings.OGP_PAGE_CACHE:
            return self.get_response(request)
        try:
            version = data_version()
        except DatabaseError:
            # No version, no key: the stack answers (/healthz reports the database, a page
            # fails with 503).
            return self.get_response(request)
        try:
            etag = _etag(request, version["token"])
        except DisallowedHost:
            return self.get_response(request)  # the stack answers 400
        key = _page_key(etag, request)
        local = None if isinstance(caches["default"], LocMemCache) else recent_pages
        stored = local.get(key) if local else None
        if stored is None:
            stored = cache.get(key)
            if stored is not None and local:
                local.set(key, stored)
        if stored is not None:
            content, headers = stored
            if _client_has_it(request, etag, version["changed_at"]):
                response = HttpResponseNotModified()
                for name, value in headers:
                    if name.lower() not in _CONTENT_HEADERS:
                        response[name] = value
                return response
            return HttpResponse(content, headers=headers)
        response = self.get_response(request)
        if request.method == "GET" and storable(response):
            headers = [(name, value) for name, value in response.items() if name.lower() != "date"]
            page = (response.content, headers)
            cache.set(key, page, settings.OGP_CACHE_SECONDS)
            if local:
                local.set(key, page)
        return response
