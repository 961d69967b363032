"""Benchmark: the admin's commitment search at the 10× data, accents and case aside.

    DATABASE_URL=postgres://app:app@127.0.0.1:5432/<a copy of ogp_bench10> \\
        .venv/bin/python benchmarks/admin_search.py [--runs 15]

In-process through Django's test client, signed in as a superuser (force_login): for each
search (and two searches with list filters), what the page says it found, its queries and its
time (wall minimum and median, and the median of the process's CPU time, milliseconds, after a
warm-up; the machine may be shared: read the minimum and the CPU), then the search alone —
the admin's `get_search_results` and its paginator's first page of 100 rows (the count and the
rows), without the rest of the changelist (its filters, the page's HTML). Writes nothing but
a superuser "benchmark" when the database has none.
"""

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from in_process import QueryCounter, admin_client  # noqa: E402

SEARCHES = ["open data", "participacion ciudadana", "coruna", "SEO0001", "budget transparency"]
WITH_FILTERS = [
    ("open data", {"irm_starred__exact": "1"}),
    ("budget", {"action_plan__member__kind__exact": "national", "status__exact": "inactive"}),
]
URL = "/admin/commitments/commitment/"


def timed(runs, call):
    """Wall and CPU milliseconds of each of `runs` calls."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return walls, cpus


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    client = admin_client()
    from django.contrib import admin
    from django.db import connection
    from django.test import RequestFactory

    from commitments.models import Commitment

    print(
        f"{'search':52} {'status':>6} {'found':>14} {'queries':>7} {'min ms':>7} "
        f"{'median ms':>9} {'CPU ms':>7}"
    )
    pages = [(text, {}) for text in SEARCHES] + WITH_FILTERS
    for text, filters in pages:
        query = {"q": text, **filters}
        client.get(URL, query)  # warm-up
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            response = client.get(URL, query)
        match = re.search(r"(more than )?([\d,]+) results?", response.content.decode())
        found = "".join(match.groups(default="")) if match else "?"
        walls, cpus = timed(args.runs, lambda query=query: client.get(URL, query))
        label = " ".join([repr(text), *(f"{k.split('__')[-2]}={v}" for k, v in filters.items())])
        print(
            f"{label:52} {response.status_code:>6} {found:>14} {counter.count:>7} "
            f"{min(walls):>7.0f} {statistics.median(walls):>9.0f} {statistics.median(cpus):>7.0f}"
        )

    model_admin = admin.site._registry[Commitment]
    print(f"\n{'search alone':28} {'found':>7} {'min ms':>7} {'median ms':>9}")
    for text in SEARCHES:
        request = RequestFactory().get(URL, {"q": text})

        def search(text=text, request=request):
            found, _duplicates = model_admin.get_search_results(
                request, Commitment.objects.all(), text
            )
            paginator = model_admin.get_paginator(request, found.order_by("identifier"), 100)
            list(paginator.page(1).object_list)
            return paginator

        paginator = search()
        more_than = getattr(paginator, "more_than", None)  # LookaheadPaginator's lower bound
        count = f"{more_than}+" if more_than else paginator.count
        walls, _cpus = timed(args.runs, search)
        print(f"{text!r:28} {count:>7} {min(walls):>7.0f} {statistics.median(walls):>9.0f}")


if __name__ == "__main__":
    main()
