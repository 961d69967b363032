"""Per-client limits on costly requests: a rate (DRF's throttle, for the API and plain views
alike) and, for long streamed answers, a number of them at once.

Each limit is read from a setting on every request (a rate like "120/minute"; empty turns it
off), so deployments and tests can change it. A client past a limit is told 429 with a
Retry-After header. Counts live in the default cache, per client IP address
(`ogp.security.client_ip`): give every worker the same cache (Redis, the database cache) for
limits that hold across processes.
"""

import functools
import math

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle

from ogp.security import client_ip


class SettingRateThrottle(AnonRateThrottle):
    """DRF's per-client rate throttle with its rate read from the setting `rate_setting`
    (SimpleRateThrottle reads DRF's own settings once, at import)."""

    rate_setting = ""

    def __init__(self):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_rate(self):
        return getattr(settings, self.rate_setting) or None

    def get_ident(self, request):
        return client_ip(request) or ""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        return super().allow_request(request, view)


class SiteRateThrottle(SettingRateThrottle):
    """The same throttle for the site's plain views: the client as the rest of the site (the
    admin's lock-out) reads it."""

    def __init__(self, scope, rate_setting):
        self.scope, self.rate_setting = scope, rate_setting
        super().__init__()

    def get_cache_key(self, request, view):
        # Never request.user, as DRF's anonymous throttle reads it: that reads the session, so
        # the answer would vary by cookie and the page cache could not share it.
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def too_many(response, seconds):
    response.status_code = 429
    response["Retry-After"] = str(max(1, math.ceil(seconds)))
    return response


def throttle(scope, rate_setting, refuse):
    """Decorator for a plain view: past the client's rate in `rate_setting`, the view does not
    run and the answer is `refuse(request, seconds)`, made a 429 with Retry-After."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            limit = SiteRateThrottle(scope, rate_setting)
            if not limit.allow_request(request, None):
                seconds = limit.wait() or limit.duration
                return too_many(refuse(request, math.ceil(seconds)), seconds)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


SLOT_SECONDS = 600  # a slot a crashed process never gave back frees itself after this


def take_slot(scope, request, at_once):
    """One of the client's `at_once` slots for a long answer (0: no limit), as a function that
    gives it back; None when every slot is taken."""
    if not at_once:
        return lambda: None
    ident = client_ip(request) or ""
    for number in range(at_once):
        key = f"slot:{scope}:{ident}:{number}"
        if cache.add(key, 1, timeout=SLOT_SECONDS):
            return functools.partial(cache.delete, key)
    return None


class Releasing:
    """A streamed body that gives its slot back when the server closes the response (after
    the last byte, or when the client went away or the stream failed)."""

    def __init__(self, chunks, release):
        self.chunks, self.release = iter(chunks), release

    def __iter__(self):
        return self

    def __next__(self):
        return next(self.chunks)

    def close(self):
        try:
            if hasattr(self.chunks, "close"):
                self.chunks.close()
        finally:
            release, self.release = self.release, None
            if release is not None:
                release()
