"""Benchmark: the profile and the explorer built in Spanish and French, compared with English.

    DATABASE_URL=postgres://app:app@127.0.0.1:5432/<a copy of ogp_bench10> \\
        .venv/bin/python benchmarks/languages.py [--repeat 15]

In-process through Django's test client with the page cache off (every page built from the
database): for each page, its queries in each language (they must be equal; the least of
three requests, as the site re-reads its data version once a second) and its build
time, the three languages interleaved request by request so that the machine's load weighs on
each alike; minimum and median in milliseconds, after a warm-up. Pages: the profile of a
Spanish-speaking member (its plans and commitments translated), of a French-speaking one and
of Seoul (no translations: the English fallback), and the explorer unfiltered, by policy area
and with a search. Read-only.
"""

import argparse
import statistics

from in_process import configure, in_every_language


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    configure(EXPLORER_THROTTLE_RATE="")  # hundreds of requests from one client
    import django

    django.setup()
    from django.conf import settings
    from django.core.signals import request_finished
    from django.db import close_old_connections, connection
    from django.test import Client

    from commitments.models import Commitment
    from demo.languages import LANGUAGE_OF_COUNTRY
    from members.models import Member

    request_finished.disconnect(close_old_connections)
    settings.OGP_PAGE_CACHE = False

    def member_of(language):
        countries = [code for code, spoken in LANGUAGE_OF_COUNTRY.items() if spoken == language]
        return Member.objects.published().filter(country_code__in=countries).order_by("pk")[0]

    pages = [
        ("profile, Spanish-speaking", member_of("es").get_absolute_url()),
        ("profile, French-speaking", member_of("fr").get_absolute_url()),
        ("profile, Seoul", "/members/seoul-south-korea/"),
        ("explorer", "/commitments/"),
        ("explorer, policy area", "/commitments/?policy_area=access-to-information"),
        ("explorer, search", "/commitments/?q=transparency"),
    ]
    print(f"database: {connection.vendor}, {Commitment.objects.count():,} commitments")
    print(f"{'page':28} {'lang':4} {'status':>6} {'queries':>7} {'min ms':>7} {'median ms':>9}")
    client = Client()
    for label, path in pages:
        for lang, row in in_every_language(client, path, args.repeat).items():
            times = row["times"]
            print(
                f"{label:28} {lang:4} {row['status']:>6} {row['queries']:>7} {min(times):>7.0f} "
                f"{statistics.median(times):>9.0f}"
            )


if __name__ == "__main__":
    main()
