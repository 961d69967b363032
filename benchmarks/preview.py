"""Benchmark: the profile's link-preview image (`/members/<slug>/preview.png`) on the demo data.

    DATABASE_URL=postgres://app:app@127.0.0.1:5432/<a copy of ogp_bench10> \\
        .venv/bin/python benchmarks/preview.py [--repeat 15]

In-process through Django's test client. For the largest member (the most published
commitments), Seoul and a member without plans if there is one: the image's queries (the least
of three requests, as the site re-reads its data version once a second) and its build time with
the page cache off (every image drawn from the database), the three languages interleaved
request by request; then, for the largest member, the drawing alone (`members.preview.render`:
the layout, Pillow and the PNG encoding), what the profile now does more
(`link_preview_image`: one reverse() and the key figures from rows it already has), and a
stored image served by the page cache. Minimum and median in milliseconds, after a warm-up.
Read-only.
"""

import argparse
import statistics
import time

from in_process import configure, in_every_language


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return min(times), statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    configure()
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.signals import request_finished
    from django.db import close_old_connections, connection
    from django.db.models import Count
    from django.test import Client, RequestFactory

    from commitments.models import Commitment
    from members import preview
    from members.models import Member
    from members.views import plan_rows

    request_finished.disconnect(close_old_connections)
    settings.OGP_PAGE_CACHE = False
    members = Member.objects.published()
    largest = members.annotate(n=Count("action_plans__commitments")).order_by("-n").first()
    chosen = [("largest: " + largest.name, largest)]
    seoul = members.filter(slug="seoul-south-korea").first()
    if seoul:
        chosen.append(("Seoul", seoul))
    newcomer = members.filter(action_plans__isnull=True).first()
    if newcomer:
        chosen.append(("no plans: " + newcomer.name, newcomer))
    print(f"database: {connection.vendor}, {Commitment.objects.count():,} commitments")
    print(f"{'member':44} {'lang':4} {'queries':>7} {'bytes':>7} {'min ms':>7} {'median ms':>9}")
    client = Client()
    for label, member in chosen:
        path = f"/members/{member.slug}/preview.png"
        for lang, row in in_every_language(client, path, args.repeat).items():
            assert row["status"] == 200, (path, lang, row["status"])
            times = row["times"]
            print(
                f"{label[:44]:44} {lang:4} {row['queries']:>7} {row['bytes']:>7} "
                f"{min(times):>7.1f} {statistics.median(times):>9.1f}"
            )

    plans, _levels = plan_rows(largest, with_commitments=False)
    key = preview.key_figures(largest, plans)
    low, middle = timed(lambda: preview.render(key), args.repeat)
    print(f"\ndrawing alone (render), largest member: min {low:.1f} ms, median {middle:.1f} ms")
    request = RequestFactory().get(largest.get_absolute_url())
    low, middle = timed(lambda: preview.link_preview_image(request, largest, plans), 200)
    print(f"the profile's og:image (link_preview_image): min {low:.3f} ms, median {middle:.3f} ms")

    settings.OGP_PAGE_CACHE = True
    cache.clear()
    url = f"/members/{largest.slug}/preview.png"
    client.get(url)  # drawn and stored
    low, middle = timed(lambda: client.get(url), args.repeat * 3)
    print(f"stored image served by the page cache: min {low:.2f} ms, median {middle:.2f} ms")


if __name__ == "__main__":
    main()
