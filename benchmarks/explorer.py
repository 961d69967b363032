"""Benchmark: the commitment explorer and its exports on PostgreSQL with the 10× demo data.

    DATABASE_URL=postgres://app:app@127.0.0.1:5432/ogp_bench10 \\
        .venv/bin/python benchmarks/explorer.py [--repeat 40] [--skip-exports] [--only LABEL]

The database must hold the demo data (`manage.py load_demo --scale 10`). Through Django's
test client (in-process: the time is the server's, from request to the last byte, without a
network), the script

1. times the explorer for several queries — no filter, one policy area, three filters, a search
   term, a search with filters, a deep page, the JS fragment — and its charts page
   (/commitments/charts/) for four of them, `--repeat` times each after two
   warm-up requests, and prints the median and the 95th percentile in milliseconds, *built*
   (the page cache off: the page is made from the database, with the reference lists and the
   facet index already read for the data version) and *cached* (the same request again,
   answered from the page cache), with the number of SQL queries of a built page and of
   matches; then the first request after a change of the data (every cache emptied: the
   reference lists and the facet index are read again);
2. streams the full CSV export (every published commitment), then JSON and XLSX, and one
   policy area's CSV, timing each and sampling the process's resident memory every 20 ms
   while it streams: the peak above the level before the export shows whether memory stays
   flat (it should not grow with the number of rows).

It prints Markdown tables to paste into docs/benchmarks.md. Reads only; loads nothing. The
per-client limits (EXPLORER_THROTTLE_RATE, EXPORT_THROTTLE_RATE, EXPORTS_AT_ONCE) are off.
"""

import argparse
import os
import statistics
import threading
import time
from urllib.parse import urlencode

from in_process import QueryCounter, configure, every_area_slugs, percentile, set_up, settle

configure(
    EXPLORER_THROTTLE_RATE="",  # the per-client limits are off for the run
    EXPORT_THROTTLE_RATE="",
    EXPORTS_AT_ONCE="0",
)

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def rss():
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * PAGE_SIZE


def explorer_cases(area):
    return [
        ("no filter", {}),
        ("one policy area", {"policy_area": area}),
        (
            "three filters",
            {"policy_area": area, "region": "europe", "completion": ["substantial", "complete"]},
        ),
        ("search term", {"q": "transparency"}),
        ("search + two filters", {"q": "budget", "kind": "national", "year_from": "2016"}),
        ("one policy area, page 20", {"policy_area": area, "page": "20"}),
        ("one policy area, JS fragment", {"policy_area": area, "_fragment": "1"}),
        ("every policy area, match=all", {"policy_area": every_area_slugs(), "match": "all"}),
    ]


def chart_cases(area):
    """The explorer's charts (commitments:charts) for the same query strings."""
    return [
        ("charts: no filter", {}),
        ("charts: one policy area", {"policy_area": area}),
        (
            "charts: three filters",
            {"policy_area": area, "region": "europe", "completion": ["substantial", "complete"]},
        ),
        ("charts: search term", {"q": "transparency"}),
    ]


def time_explorer(client, repeat, area, only="", path="/commitments/", cases=explorer_cases):
    from django.conf import settings
    from django.db import connection

    settings.OGP_PAGE_CACHE = False
    for _label, query in cases(area):  # a worker's first requests, then
        client.get(path, {k: v for k, v in query.items() if k != "_fragment"})
    settle()

    rows = []
    for label, query in cases(area):
        if only not in label:
            continue
        query = dict(query)
        headers = {"X-Explorer-Fragment": "1"} if query.pop("_fragment", None) else {}
        settings.OGP_PAGE_CACHE = False
        client.get(path, query, headers=headers)  # the reference lists and index read
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            response = client.get(path, query, headers=headers)
        assert response.status_code == 200, (label, response.status_code)
        from django.http import QueryDict

        from commitments.filters import CommitmentFilter

        filters = {key: value for key, value in query.items() if key != "page"}
        matches = CommitmentFilter(QueryDict(urlencode(filters, doseq=True))).qs.count()
        client.get(path, query, headers=headers)  # second warm-up
        cold, warm = [], []
        for _ in range(repeat):
            settings.OGP_PAGE_CACHE = False  # the page is built from the database
            start = time.perf_counter()
            response = client.get(path, query, headers=headers)
            cold.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
            settings.OGP_PAGE_CACHE = True  # the same page from the page cache
            client.get(path, query, headers=headers)
            start = time.perf_counter()
            response = client.get(path, query, headers=headers)
            warm.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        rows.append(
            (
                label,
                min(cold),
                statistics.median(cold),
                percentile(cold, 0.95),
                statistics.median(warm),
                percentile(warm, 0.95),
                counter.count,
                matches,
            )
        )
    return rows


def time_after_a_change(client, repeat, area):
    """The first request after the data changed: every cache empty, so the reference lists
    and the facet index are read again before the page is built."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection

    from ogp.data_version import in_process_values

    settings.OGP_PAGE_CACHE = True
    times, counter = [], QueryCounter()
    for _ in range(repeat):
        cache.clear()
        in_process_values.clear()
        counter.count = 0
        start = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = client.get("/commitments/", {"policy_area": area})
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return statistics.median(times), percentile(times, 0.95), counter.count


def time_export(client, export_format, query):
    baseline = rss()
    peak = [baseline]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss())
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    response = client.get(f"/commitments/export.{export_format}", query)
    assert response.status_code == 200, response.status_code
    size = 0
    lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    return elapsed, size, lines, (peak[0] - baseline) / 2**20, baseline / 2**20


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--skip-exports", action="store_true")
    parser.add_argument("--skip-explorer", action="store_true")
    parser.add_argument("--only", default="", help="only the cases whose label holds this")
    args = parser.parse_args()

    client, area = set_up()
    from django.http import QueryDict

    from commitments.filters import CommitmentFilter

    if not args.skip_explorer:
        print(
            "| explorer query | built: min ms | median ms | p95 ms | cached: median ms | p95 ms "
            "| queries (built) | matches |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        timed = time_explorer(client, args.repeat, area, args.only)
        timed += time_explorer(
            client, args.repeat, area, args.only, "/commitments/charts/", chart_cases
        )
        for label, least, median, p95, warm_median, warm_p95, queries, matches in timed:
            print(
                f"| {label} | {least:.1f} | {median:.1f} | {p95:.1f} | {warm_median:.1f} "
                f"| {warm_p95:.1f} | {queries} | {matches:,} |"
            )
        if not args.only:
            median, p95, queries = time_after_a_change(client, max(5, args.repeat // 4), area)
            print(
                f"| one policy area, first request after a data change | {median:.1f} "
                f"| {p95:.1f} | – | – | {queries} | – |"
            )

    if args.skip_exports:
        return
    print("\n| export | rows | size MB | seconds | RSS before MB | peak RSS growth MB |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, export_format, query in [
        ("CSV, one policy area", "csv", {"policy_area": area}),
        ("CSV, all commitments", "csv", {}),
        ("JSON, all commitments", "json", {}),
        ("XLSX, all commitments", "xlsx", {}),
        (
            "CSV, every policy area, match=all",
            "csv",
            {"policy_area": every_area_slugs(), "match": "all"},
        ),
    ]:
        if args.only not in label:
            continue
        elapsed, size, _lines, growth, before = time_export(client, export_format, query)
        count = CommitmentFilter(QueryDict(urlencode(query, doseq=True))).qs.count()
        print(
            f"| {label} | {count:,} | {size / 2**20:.1f} | {elapsed:.1f} | {before:.0f} "
            f"| {growth:.1f} |"
        )


if __name__ == "__main__":
    main()
