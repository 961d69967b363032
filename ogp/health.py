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
    """200 while the process can serve pages: the database answers. The cache is reported,
    but a failing cache (Redis gone) only makes the status "degraded": pages are still
    served from the database, so a load balancer must not take the process out."""
    checks = {}
    for name, check in (("database", _check_database), ("cache", _check_cache)):
        try:
            check()
            checks[name] = "ok"
        except Exception as error:  # a health check reports every failure, whatever it is
            logger.warning("health check %s failed: %s", name, error)
            checks[name] = "failing"
    if checks["database"] != "ok":
        status, code = "failing", 503
    elif checks["cache"] != "ok":
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, "checks": checks}, status=code)
