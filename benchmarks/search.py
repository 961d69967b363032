"""Benchmark: the explorer's and the directory's search on PostgreSQL with the 10× demo data.

    DATABASE_URL=postgres://app:app@127.0.0.1:5432/ogp_bench10 \\
        .venv/bin/python benchmarks/search.py [--repeat 30]

Through Django's test client (in-process, as benchmarks/explorer.py), with the page cache off
(every page built from the database; the reference lists and the facet index already read for
the data version), times each search `--repeat` times after two warm-up requests and prints
the minimum, the median and the 95th percentile in milliseconds, the process's CPU time (the
median; the rest of a request is the database's and waiting), the queries of one request and
the number of matches, as a Markdown table for docs/benchmarks.md; then the same for the
explorer's matches alone (`facets.matches`: what the page reads for them, its query and the
Python that orders them). Reads only.
"""

import argparse
import statistics
import time
from urllib.parse import urlencode

from in_process import QueryCounter, configure, percentile, set_up, settle

configure(EXPLORER_THROTTLE_RATE="")

CASES = [
    ("explorer", "/commitments/", {"q": "transparency"}),
    ("explorer", "/commitments/", {"q": "transparency", "page": "20"}),
    ("explorer", "/commitments/", {"q": "transparency", "policy_area": "beneficial-ownership"}),
    ("explorer", "/commitments/", {"q": "open data"}),
    ("explorer", "/commitments/", {"q": "budget -gender", "sort": "-identifier"}),
    ("explorer", "/commitments/", {"q": "participacion"}),
    ("explorer", "/commitments/", {"q": "coruna"}),
    ("explorer", "/es/commitments/", {"q": "transparency", "sort": "member"}),
    ("directory", "/members/", {"q": "coruna"}),
    ("directory", "/members/", {"q": "republic"}),
    ("directory", "/members/", {}),
]


def count_matches(page, query):
    from django.http import QueryDict

    from commitments.filters import CommitmentFilter
    from members.filters import DirectoryFilter
    from members.models import Member

    data = QueryDict(urlencode(query))
    if page == "explorer":
        return CommitmentFilter(data).qs.count()
    return DirectoryFilter(data or None, queryset=Member.objects.published()).qs.count()


def sql_times(page, query, repeat):
    """The matches alone: the explorer's ids in display order as its page reads them
    (`facets.matches`, and the page's 25 of them), or the directory's count and its first page
    of 50."""
    from django.http import QueryDict

    from commitments.facets import matches
    from commitments.filters import CommitmentFilter
    from members.filters import DirectoryFilter
    from members.views import directory_queryset

    data = QueryDict(urlencode(query))
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        if page == "explorer":
            filterset = CommitmentFilter(data)
            filterset.is_valid()
            end = int(query.get("page", 1)) * 25
            list(matches(filterset).ids[end - 25 : end])
        else:
            filterset = DirectoryFilter(data or None, queryset=directory_queryset())
            members = filterset.qs.order_by(*filterset.order())
            members.count()
            list(members[:50])
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), percentile(times, 0.95)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    client, _area = set_up()
    from django.conf import settings
    from django.db import connection

    settings.OGP_PAGE_CACHE = False
    for _page, url, query in CASES:
        client.get(url, query)
    settle()
    print(
        "| page | query | min ms | median ms | p95 ms | CPU median ms | matches alone: median"
        " | p95 | queries | matches |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for page, url, query in CASES:
        client.get(url, query)
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            response = client.get(url, query)
        assert response.status_code == 200, (url, query, response.status_code)
        matches = count_matches(page, query)
        times, cpu = [], []
        for _ in range(args.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url, query)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            assert response.status_code == 200
        from django.utils import translation

        with translation.override("es" if url.startswith("/es/") else "en"):
            sql_median, sql_p95 = sql_times(page, query, args.repeat)
        shown = "&".join(f"{key}={value}" for key, value in query.items()) or "(none)"
        print(
            f"| {page} `{url}` | `{shown}` | {min(times):.1f} | {statistics.median(times):.1f} "
            f"| {percentile(times, 0.95):.1f} | {statistics.median(cpu):.1f} "
            f"| {sql_median:.1f} | {sql_p95:.1f} | {counter.count} | {matches:,} |"
        )


if __name__ == "__main__":
    main()
