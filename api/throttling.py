"""A per-client request limit, configurable without a restart of the code: API_THROTTLE_RATE.

The rate is read from the settings on each request ("120/minute"; empty disables the limit),
so deployments and tests can change it. Clients are told 429 with a Retry-After header.
Counts live in the default cache: give every worker the same cache (e.g. Redis or the
database cache) for a limit that holds across processes. A client is its address as the admin
lock-out sees it (`ogp.security.client_ip`: NUM_PROXIES trusted proxies in X-Forwarded-For).
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from ogp.security import client_ip


class ClientRateThrottle(AnonRateThrottle):
    scope = "api"

    def __init__(self):
        # SimpleRateThrottle reads the rate from DRF's settings at import; read ours instead.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_rate(self):
        return settings.API_THROTTLE_RATE or None

    def get_ident(self, request):
        return client_ip(request) or ""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        return super().allow_request(request, view)
