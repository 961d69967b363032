"""Benchmark: the admin's commitment changelist (and a search and a filter) at the 10× data.

    DATABASE_URL=postgres://app:app@127.0.0.1:5432/ogp_bench10 \\
        .venv/bin/python benchmarks/admin_changelist.py [--runs 15]

In-process through Django's test client, signed in as a superuser (force_login): counts the
queries of each page and times it (median and 95th percentile, milliseconds, after a
warm-up). Read-only.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from in_process import admin_client  # noqa: E402

PAGES = [
    ("commitment changelist", "/admin/commitments/commitment/"),
    ("  page 50", "/admin/commitments/commitment/?p=50"),
    ("  search 'open data'", "/admin/commitments/commitment/?q=open+data"),
    ("  filtered: starred", "/admin/commitments/commitment/?irm_starred__exact=1"),
    ("action plan changelist", "/admin/commitments/actionplan/"),
    ("member changelist", "/admin/members/member/"),
    ("assessment changelist", "/admin/irm/commitmentassessment/"),
    ("milestone changelist", "/admin/commitments/milestone/"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    client = admin_client()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    print(f"{'page':32} {'status':>6} {'queries':>7} {'median ms':>10} {'p95 ms':>8}")
    for label, url in PAGES:
        client.get(url)  # warm-up
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        query_count = len(queries)  # now: the debug log is a bounded deque
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(
            f"{label:32} {response.status_code:>6} {query_count:>7} "
            f"{statistics.median(times):>10.0f} {p95:>8.0f}"
        )


if __name__ == "__main__":
    main()
