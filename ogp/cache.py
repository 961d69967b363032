"""Caching of public pages and figures, invalidated by a data version.

Every write to a record the public can see changes the *data version*, a token kept in one
database row (ogp.models.DataVersion), written in the same transaction as the data. Cache
keys include it, so a change makes every cached page and figure stale at once, without
knowing which pages showed the record (versioned keys). Writes through the ORM bump
the version by signal (the one kind of signal this project allows); bulk writes that bypass
signals (queryset.update(), bulk_create: refresh_findings, imports, load_demo) call
`data_changed()` themselves.

How fresh the version is: the row is the source of truth for every process, machine and
management command, but each process (each thread of it) reuses the version it read for at
most `OGP_DATA_VERSION_MAX_AGE` seconds (DJANGO_DATA_VERSION_MAX_AGE, 1 s by default with the
page cache on; 0 reads it once per request). So **a change shows in the process that made it
at once** (data_changed() forgets the version, again when its transaction commits) **and in
every other process within OGP_DATA_VERSION_MAX_AGE seconds**. A page is always rendered
after its version was read, so a cached page is never older than its key says.

Whole public pages are served by `PageCacheMiddleware`, which sits right after whitenoise:
a hit is answered before sessions, CSRF, auth, messages, CSP, history and axes run, and
without any query while the version is fresh. Only answers of views decorated with
`@public_page` are stored, with the headers they carry at the middleware's position, so a hit
is the same answer as a miss (SecurityMiddleware, before it, adds its headers to both).

The cache is Django's: local memory by default, Redis when REDIS_URL is set
(`ResilientRedisCache`: when Redis is unreachable it logs and answers "not cached", so the site
keeps serving from the database).
"""

import functools
import hashlib
import logging
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import (
    http_date,
    parse_etags,
    parse_http_date_safe,
    quote_etag,
    split_header_value,
)

logger = logging.getLogger(__name__)

# Apps whose records appear on public pages, in the API or in the bulk files.
PUBLIC_DATA_APPS = {"members", "commitments", "irm"}
# Request headers that select another rendering of the same URL.
VARY_HEADERS = ("X-Explorer-Fragment", "Accept")
# Request headers that change only the headers of a stored answer, not its content: the CORS
# headers of /api/ and /data/ (django-cors-headers adds "Vary: Origin").
HEADER_VARY_HEADERS = ("Origin",)
_KEYED_HEADERS = {name.lower() for name in VARY_HEADERS + HEADER_VARY_HEADERS}
# Headers a 304 does not repeat from the 200 it stands for.
_CONTENT_HEADERS = {"content-type", "content-length", "content-language", "content-disposition"}


# The version last read, per thread (a gunicorn sync worker is one thread): never shared with
# another thread, which could be inside a transaction that has not committed yet.
_memo = threading.local()
_clock = time.monotonic


def _new_token():
    return f"{time.time_ns():x}"


def forget_version(**kwargs):
    """Read the data version afresh on next use."""
    _memo.version = None


def on_request_started(**kwargs):
    """With OGP_DATA_VERSION_MAX_AGE = 0, read the version once per request (connected to
    Django's request_started signal)."""
    if settings.OGP_DATA_VERSION_MAX_AGE <= 0:
        forget_version()


def data_version():
    """The current data version: {"token": str, "changed_at": epoch seconds}, read from the
    database at most every OGP_DATA_VERSION_MAX_AGE seconds (see the module docstring)."""
    from ogp.models import DataVersion

    version = getattr(_memo, "version", None)
    max_age = settings.OGP_DATA_VERSION_MAX_AGE
    if version is not None and (max_age <= 0 or _clock() - _memo.read_at < max_age):
        return version
    read_at = _clock()
    row = DataVersion.objects.filter(pk=1).values("token", "changed_at").first()
    if row is None:
        row = {"token": "initial", "changed_at": timezone.now()}
    version = {"token": row["token"], "changed_at": row["changed_at"].timestamp()}
    _memo.version, _memo.read_at = version, read_at
    return version


def data_changed():
    """Give the data a new version, in the current transaction: cached pages and figures
    made from the data before it are not used once the transaction commits."""
    from ogp.models import DataVersion

    values = {"token": _new_token(), "changed_at": timezone.now()}
    if not DataVersion.objects.filter(pk=1).update(**values):
        DataVersion.objects.update_or_create(pk=1, defaults=values)
    forget_version()
    transaction.on_commit(forget_version)


# name -> (data version token, value): the values `cached(..., in_process=True)` last used.
in_process_values = {}


def cached(name, compute, timeout=None, in_process=False):
    """compute(), kept under `name` for the current data version.

    in_process=True also keeps the value in this process's memory for the version, shared by
    its requests without unpickling it each time: only for values nobody modifies (the
    explorer's reference lists and facet index).
    """
    token = data_version()["token"]
    if in_process:
        kept = in_process_values.get(name)
        if kept is not None and kept[0] == token:
            return kept[1]
    key = f"{name}:{token}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout or settings.OGP_CACHE_SECONDS)
    if in_process:
        in_process_values[name] = (token, value)
    return value


def _digest(*parts):
    text = "|".join(parts)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _etag(request, token):
    """The ETag of a public page: the data version, the URL (the host and scheme too: API
    answers hold absolute links) and the headers that select another rendering."""
    place = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    varying = [request.headers.get(name, "") for name in VARY_HEADERS]
    return quote_etag(_digest(token, place, *varying)[:32])


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


class ResilientRedisCache(RedisCache):
    """Django's Redis cache that degrades to "not cached" when Redis is unreachable."""

    _failing_since = None

    def _safely(self, method, default, *args, **kwargs):
        try:
            result = getattr(super(), method)(*args, **kwargs)
        except Exception as error:  # redis' ConnectionError, TimeoutError, …
            if self._failing_since is None:
                logger.error("Redis cache unreachable, serving without it: %s", error)
                ResilientRedisCache._failing_since = time.monotonic()
            return default
        if self._failing_since is not None:
            logger.warning("Redis cache reachable again")
            ResilientRedisCache._failing_since = None
        return result

    def get(self, key, default=None, version=None):
        return self._safely("get", default, key, default, version)

    def set(self, key, value, timeout=None, version=None):
        return self._safely("set", None, key, value, timeout, version)

    def add(self, key, value, timeout=None, version=None):
        return self._safely("add", False, key, value, timeout, version)

    def delete(self, key, version=None):
        return self._safely("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._safely("get_many", {}, keys, version)

    def set_many(self, data, timeout=None, version=None):
        return self._safely("set_many", [], data, timeout, version)

    def clear(self):
        return self._safely("clear", None)

    def touch(self, key, timeout=None, version=None):
        return self._safely("touch", False, key, timeout, version)

    def has_key(self, key, version=None):
        return self._safely("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        return self._safely("incr", None, key, delta, version)
