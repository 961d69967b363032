"""Benchmark: the admin's commitment search at the 10× data, accents and case aside.

    DATABASE_URL=postgres://app:app@127.0.0.1:5432/<a copy of ogp_bench10> \\
        .venv/bin/python benchmarks/admin_search.py [--runs 15]

In-process through Django's test client, signed in as a superuser (force_login): for each
search, the rows it finds, its queries and its time (minimum and median, milliseconds, after a
warm-up; the machine may be shared: read the minimum), then the search alone — the admin's
`get_search_results` counted and its first page of 100 read, without the rest of the
changelist (its unfiltered total, its filters). Writes nothing but a superuser
"benchmark" when the database has none.
"""

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from in_process import admin_client  # noqa: E402

SEARCHES = ["open data", "participacion ciudadana", "coruna", "SEO0001", "budget transparency"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    client = admin_client()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from commitments.models import Commitment

    print(f"{'search':28} {'status':>6} {'found':>7} {'queries':>7} {'min ms':>7} {'median ms':>9}")
    for text in SEARCHES:
        url = "/admin/commitments/commitment/"
        client.get(url, {"q": text})  # warm-up
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"q": text})
        query_count = len(queries)  # now: the debug log is a bounded deque
        match = re.search(r"([\d,]+) results?", response.content.decode())
        found = match.group(1) if match else "?"
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            client.get(url, {"q": text})
            times.append((time.perf_counter() - started) * 1000)
        print(
            f"{text!r:28} {response.status_code:>6} {found:>7} {query_count:>7} "
            f"{min(times):>7.0f} {statistics.median(times):>9.0f}"
        )

    from django.contrib import admin

    model_admin = admin.site._registry[Commitment]
    print(f"\n{'search alone':28} {'found':>7} {'min ms':>7} {'median ms':>9}")
    for text in SEARCHES:
        times = []
        for _ in range(args.runs + 1):
            started = time.perf_counter()
            found, _duplicates = model_admin.get_search_results(
                None, Commitment.objects.all(), text
            )
            count = found.count()
            list(found.order_by("identifier")[:100])
            times.append((time.perf_counter() - started) * 1000)
        times = times[1:]  # the first is the warm-up
        print(f"{text!r:28} {count:>7} {min(times):>7.0f} {statistics.median(times):>9.0f}")


if __name__ == "__main__":
    main()
