"""The API's per-client request limit, API_THROTTLE_RATE ("120/minute"; empty disables it),
read from the settings on each request (see ogp.throttling, which the explorer and its exports
use too). Clients are told 429 with a Retry-After header. A client is its address as the admin
lock-out sees it (`ogp.security.client_ip`: NUM_PROXIES trusted proxies in X-Forwarded-For)."""

from ogp.throttling import SettingRateThrottle


class ClientRateThrottle(SettingRateThrottle):
    scope = "api"
    rate_setting = "API_THROTTLE_RATE"
