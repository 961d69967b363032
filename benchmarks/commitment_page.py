"""Benchmark: a commitment's page and its embedded IRM review, in-process, page cache off.

    DATABASE_URL=postgres://app:app@127.0.0.1:5432/ogp_bench10 \\
        .venv/bin/python benchmarks/commitment_page.py [--runs 200]

Times Django's test client (server time, no network) on the published commitment whose plan
has the most published IRM reports, and counts each page's queries. The review reads what the
plan's reports measure in the commitment's own query (`irm.figures.with_plan_reports`); run
the same command in a worktree of the code before a change, interleaved, to compare.
"""

import argparse
import statistics
import time

import in_process


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    in_process.configure(DJANGO_PAGE_CACHE="0")
    client, _area = in_process.set_up()
    from django.db import connection
    from django.db.models import Count, Q

    from commitments.models import Commitment

    commitment = (
        Commitment.objects.published()
        .annotate(
            reports=Count("action_plan__irm_reports", Q(action_plan__irm_reports__published=True))
        )
        .select_related("action_plan__member")
        .order_by("-reports", "pk")
        .first()
    )
    page = f"/members/{commitment.action_plan.member.slug}/commitments/{commitment.identifier}/"
    paths = {"commitment page": page, "embed (IRM review)": f"/embed{page}irm-review/"}
    print(f"{commitment.identifier}: {commitment.reports} published reports on its plan\n")
    for name, path in paths.items():
        counter = in_process.QueryCounter()
        with connection.execute_wrapper(counter):
            assert client.get(path).status_code == 200, path
        in_process.settle()
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        print(
            f"{name}: {counter.count} queries, min {min(times):.1f} ms, "
            f"median {statistics.median(times):.1f} ms, "
            f"95th {in_process.percentile(times, 0.95):.1f} ms ({args.runs} runs)"
        )


if __name__ == "__main__":
    main()
