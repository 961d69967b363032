"""Caching of public pages and figures, invalidated by a data version.

Every write to a record the public can see changes the *data version*, a token kept in one
database row (ogp.models.DataVersion), written in the same transaction as the data. Cache
keys include it, so a change makes every cached page and figure stale at once, without
knowing which pages showed the record (versioned keys). Writes through the ORM bump
the version by signal (the one kind of signal this project allows); bulk writes that bypass
signals (queryset.update(), bulk_create: refresh_findings, imports, load_demo) call
`data_changed()` themselves.

The cache is Django's: local memory by default, Redis when REDIS_URL is set
(`ResilientRedisCache`: when Redis is unreachable it logs and answers "not cached", so the site
keeps serving from the database).
"""

import contextvars
import functools
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.http import HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag

logger = logging.getLogger(__name__)

# Apps whose records appear on public pages, in the API or in the bulk files.
PUBLIC_DATA_APPS = {"members", "commitments", "irm"}
# Request headers that select another rendering of the same URL.
VARY_HEADERS = ("X-Explorer-Fragment", "Accept")


# The version read for the request being served: one query per request, read again at the
# start of the next one (request_started), so a change is seen by the very next request of
# any process.
_request_version = contextvars.ContextVar("ogp_data_version", default=None)


def _new_token():
    return f"{time.time_ns():x}"


def forget_version(**kwargs):
    """Read the data version afresh on next use (connected to request_started)."""
    _request_version.set(None)


def data_version():
    """The current data version: {"token": str, "changed_at": epoch seconds}."""
    from ogp.models import DataVersion

    version = _request_version.get()
    if version is None:
        row = DataVersion.objects.filter(pk=1).values("token", "changed_at").first()
        if row is None:
            row = {"token": "initial", "changed_at": timezone.now()}
        version = {"token": row["token"], "changed_at": row["changed_at"].timestamp()}
        _request_version.set(version)
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


def cached(name, compute, timeout=None):
    """compute(), kept under `name` for the current data version."""
    key = f"{name}:{data_version()['token']}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout or settings.OGP_CACHE_SECONDS)
    return value


def _etag(request, token):
    varying = "|".join(request.headers.get(name, "") for name in VARY_HEADERS)
    # The host and scheme too: API answers hold absolute links.
    place = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(f"{token}|{place}|{varying}".encode()).hexdigest()
    return quote_etag(digest[:32])


def public_page(view):
    """Serve a public GET view from the cache, with conditional GET (ETag, Last-Modified).

    The key is the data version, the full path and the headers that vary the rendering, so
    a record's change shows on the next request. Only complete 200 answers are kept; a
    streamed answer or an error is never cached. The pages are the same for every visitor
    (no session, no CSRF token), so they are shared between visitors.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not settings.OGP_PAGE_CACHE:
            return view(request, *args, **kwargs)
        version = data_version()
        etag = _etag(request, version["token"])
        if etag in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
            response["ETag"] = etag
            return response
        key = f"page:{etag}"
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = _response_from(content, headers)
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            cacheable = (
                response.status_code == 200 and not response.streaming and not response.cookies
            )
            if cacheable:
                headers = {
                    name: value
                    for name, value in response.items()
                    if name.lower() in {"content-type", "content-disposition", "content-language"}
                }
                cache.set(key, (response.content, headers), settings.OGP_CACHE_SECONDS)
        if response.status_code == 200 and not response.streaming:
            response["ETag"] = etag
            response["Last-Modified"] = http_date(version["changed_at"])
            patch_cache_control(response, public=True, max_age=settings.OGP_BROWSER_CACHE_SECONDS)
            patch_vary_headers(response, VARY_HEADERS)
        return response

    return wrapper


def _response_from(content, headers):
    from django.http import HttpResponse

    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
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
