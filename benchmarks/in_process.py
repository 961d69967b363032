"""What the in-process benchmarks (api.py, explorer.py) share: the settings they run with,
the demo data's busiest policy area, query counting, percentiles and the same page timed in
every language.

They time Django's test client against a database holding the demo data: the time is the
server's, from request to the last byte, without a network. Import this module before Django
is set up: `configure()` sets the environment the settings read.
"""

import gc
import math
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure(**limits):
    """The environment for a run: production-like settings without HTTPS or the manifest,
    errors only in the log, and the given per-client limits (`API_THROTTLE_RATE=""` …)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogp.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key")
    os.environ["DJANGO_DEBUG"] = "0"  # no query log kept in memory
    os.environ.setdefault("DJANGO_SECURE", "0")
    os.environ.setdefault("DJANGO_MANIFEST_STATIC", "0")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")
    os.environ.update(limits)


def set_up():
    """Set Django up as a gunicorn worker is, print which database and data the run reads, and
    return a test client and the busiest policy area's slug."""
    import django

    django.setup()
    gc.freeze()  # as ogp/wsgi.py does in each gunicorn worker once the app is loaded
    from django.db import connection
    from django.test import Client

    from commitments.models import Commitment

    total = Commitment.objects.published().count()
    area = busiest_area_slug()
    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"Published commitments: {total:,}; policy area used: {area}\n")
    return Client(), area


def settle():
    """What gunicorn.conf.py's post_request does after a worker's first requests."""
    gc.collect()
    gc.freeze()


class QueryCounter:
    """A database execute wrapper counting the queries run through it."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


LANGUAGES = ("en", "es", "fr")


def in_every_language(client, path, repeat):
    """{language: {"status", "queries", "bytes", "times"}} of one page in each language: after a
    warm-up, its queries (the least of three requests: the site re-reads its data version once a
    second), its size, and `repeat` build times in ms, the languages interleaved request by
    request so that the machine's load weighs on each alike."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    urls = {lang: path if lang == "en" else f"/{lang}{path}" for lang in LANGUAGES}
    rows = {}
    for lang, url in urls.items():
        client.get(url)  # warm-up (per-language reference lists, cached figures, fonts)
        counts = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            counts.append(len(queries))
        rows[lang] = {
            "status": response.status_code,
            "queries": min(counts),
            "bytes": len(response.content),
            "times": [],
        }
    for _ in range(repeat):
        for lang, url in urls.items():
            started = time.perf_counter()
            client.get(url)
            rows[lang]["times"].append((time.perf_counter() - started) * 1000)
    return rows


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def busiest_area_slug():
    from django.db.models import Count

    from commitments.filters import AreaThrough

    top = (
        AreaThrough.objects.values("policyarea__slug")
        .annotate(n=Count("commitment_id"))
        .order_by("-n")
        .first()
    )
    return top["policyarea__slug"] if top else "open-data"


def every_area_slugs():
    from commitments.models import PolicyArea

    return list(PolicyArea.objects.order_by("name").values_list("slug", flat=True))


def admin_client():
    """For the admin benchmarks (admin_changelist.py, admin_search.py): Django set up with
    DEBUG on (its query log counts the queries), one connection kept across requests (as a test
    run does, so its queries can be counted), and a test client signed in as a superuser (one
    named "benchmark" is created when the database has none). Prints the database and its size."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogp.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.signals import request_finished
    from django.db import close_old_connections, connection
    from django.test import Client

    from commitments.models import Commitment

    request_finished.disconnect(close_old_connections)
    print(f"database: {connection.vendor}, {Commitment.objects.count():,} commitments")
    users = get_user_model().objects
    user = users.filter(is_superuser=True).first() or users.create_superuser("benchmark", "", None)
    client = Client()
    client.force_login(user)
    return client
