"""Benchmark: the JSON API on PostgreSQL with the 10× demo data.

    DATABASE_URL=postgres://app:app@127.0.0.1:5432/ogp_bench10 \\
        .venv/bin/python benchmarks/api.py [--repeat 60] [--only LABEL]

The database must hold the demo data (`manage.py load_demo --scale 10`). Through Django's test
client (in-process: the time is the server's, from request to the last byte, without a
network), the script times each case `--repeat` times after two warm-up requests, first
*built* (the page cache off: the answer is made from the database) then *cached* (answered
from the page cache), and prints the medians and 95th percentiles in milliseconds, the number
of SQL queries of a built answer and the size of the answer, as a Markdown table for
docs/benchmarks.md. The headline case is the issue's:
the commitments endpoint filtered by one policy area (the busiest), a page of 100.

Reads only; loads nothing. The rate limit is turned off for the run.
"""

import argparse
import statistics
import time

from in_process import QueryCounter, configure, every_area_slugs, percentile, set_up, settle

configure(API_THROTTLE_RATE="")


def cases(area, member, identifier):
    return [
        (
            f"commitments, policy area {area}, page of 100",
            "/api/commitments/",
            {"policy_area": area, "page_size": 100},
            {},
        ),
        (
            "commitments, policy area, page 10 of 100",
            "/api/commitments/",
            {"policy_area": area, "page_size": 100, "page": 10},
            {},
        ),
        ("commitments, no filter, page of 100", "/api/commitments/", {"page_size": 100}, {}),
        (
            "commitments, area + region + completion + search",
            "/api/commitments/",
            {"policy_area": area, "region": "europe", "completion": "complete", "q": "open"},
            {},
        ),
        ("commitments, page of 500 (the maximum)", "/api/commitments/", {"page_size": 500}, {}),
        (
            "commitments, every policy area, match=all",
            "/api/commitments/",
            {"policy_area": every_area_slugs(), "match": "all"},
            {},
        ),
        ("one commitment", f"/api/commitments/{identifier}/", {}, {}),
        ("members, page of 100", "/api/members/", {"page_size": 100}, {}),
        ("action plans, page of 100", "/api/action-plans/", {"page_size": 100}, {}),
        ("assessments, page of 100", "/api/assessments/", {"page_size": 100}, {}),
        ("a member's figures", f"/api/members/{member}/figures/", {}, {}),
    ]


def time_case(client, url, query, headers, repeat):
    """Built (the page cache off: every answer is made from the database, with the reference
    lists already read for the data version) and cached (the same request from the cache)."""
    from django.conf import settings

    settings.OGP_PAGE_CACHE = False
    built = time_requests(client, url, query, headers, repeat)
    settings.OGP_PAGE_CACHE = True
    cached = time_requests(client, url, query, headers, repeat)
    return built, cached


def time_requests(client, url, query, headers, repeat):
    from django.db import connection

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        response = client.get(url, query, headers=headers)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    size = len(response.content)
    client.get(url, query, headers=headers)  # second warm-up
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, query, headers=headers)
        _ = response.content
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200
    return (
        min(times),
        statistics.median(times),
        percentile(times, 0.95),
        counter.count,
        size,
        response,
        statistics.median(cpu),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--only", default="", help="only the cases whose label holds this")
    args = parser.parse_args()

    client, area = set_up()
    from commitments.models import Commitment
    from members.models import Member

    member = Member.objects.published().filter(slug__startswith="seoul").first() or (
        Member.objects.published().first()
    )
    identifier = Commitment.objects.published().order_by("identifier").last().identifier
    print(
        "| API request | built: min ms | median ms | p95 ms | Python CPU ms (median) | queries "
        "| cached: median ms | p95 ms | KB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    headline = None
    for _label, url, query, headers in cases(area, member.slug, identifier):
        client.get(url, query, headers=headers)  # a worker's first requests, then
    settle()
    for label, url, query, headers in cases(area, member.slug, identifier):
        if args.only not in label:
            continue
        built, cached = time_case(client, url, query, headers, args.repeat)
        least, median, p95, queries, size, response, cpu = built
        print(
            f"| {label} | {least:.1f} | {median:.1f} | {p95:.1f} | {cpu:.1f} | {queries} "
            f"| {cached[1]:.1f} | {cached[2]:.1f} | {size / 1024:.0f} |"
        )
        if headline is None:
            headline = (url, query, cached[5])
    if args.only:
        return
    url, query, response = headline
    etag = response["ETag"]
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        conditional = client.get(url, query, headers={"If-None-Match": etag})
        times.append((time.perf_counter() - start) * 1000)
        assert conditional.status_code == 304, conditional.status_code
    print(
        f"| the headline request again with If-None-Match (304), page cache on | – | – | – | – "
        f"| {statistics.median(times):.1f} | {percentile(times, 0.95):.1f} | 0 |"
    )


if __name__ == "__main__":
    main()
