"""`/healthz`: is this process able to serve? Checks the database, and the cache when configured."""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache():
    cache.set("healthz", "ok", 5)
    if cache.get("healthz") != "ok":
        raise RuntimeError("the cache did not return what was stored")


@never_cache
@require_safe
def healthz(request):
    checks = {}
    healthy = True
    for name, check in (("database", _check_database), ("cache", _check_cache)):
        try:
            check()
            checks[name] = "ok"
        except Exception as error:  # a health check reports every failure, whatever it is
            logger.warning("health check %s failed: %s", name, error)
            checks[name] = "failing"
            healthy = False
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": checks},
        status=200 if healthy else 503,
    )
