"""What one request to the explorer, its exports or the API may cost.

"All of these policy areas" is one grouped query whatever the number of areas; a parameter
carries at most MAX_VALUES values; a search needs a word to look for; the explorer and the
exports have per-client limits (429); and an export whose query fails is an error answer,
never a 200 with a file that looks whole. Runs on SQLite and, with DATABASE_URL, PostgreSQL.
"""

import itertools
import random
from unittest import mock

from django.db import OperationalError, connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext

from commitments import exports
from commitments.fields import MAX_VALUES
from commitments.filters import AreaThrough
from commitments.models import Commitment, PolicyArea
from tests import factories as f
from tests.commitments import test_explorer_data as data
from tests.commitments.test_exports import body, parse

URL = "/commitments/"
API = "/api/commitments/"
EXPORT = "/commitments/export.{}"
FORMATS = ("csv", "json", "xlsx")


def subtrees():
    """Each area's id -> the ids of it and of every area under it, from the parent links."""
    children = {}
    for pk, parent_id in PolicyArea.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)

    def under(pk):
        ids = {pk}
        for child in children.get(pk, []):
            ids |= under(child)
        return ids

    return {pk: under(pk) for pk in PolicyArea.objects.values_list("pk", flat=True)}


class MatchAllTests(TestCase):
    """match=all over many areas, checked against a plain reading of the tags."""

    @classmethod
    def setUpTestData(cls):
        areas = list(PolicyArea.objects.order_by("pk"))
        parents = {area.parent_id for area in areas}
        leaves = [area for area in areas if area.pk not in parents]
        plan = f.make_action_plan(f.make_member(name="Uruguay"))
        cls.everything = f.make_commitment(plan, areas)
        cls.every_leaf = f.make_commitment(plan, leaves)  # each parent through its children
        cls.short = [
            f.make_commitment(plan, leaves[1:]),  # one leaf short
            f.make_commitment(plan, [area for area in areas if area.parent_id is None]),  # tops
        ]
        rng = random.Random(20261201)
        for size in (1, 2, 3, 5, 8, 13, 21, 30, 40, len(areas) - 1):
            f.make_commitment(plan, rng.sample(areas, size))
        cls.hidden = f.make_commitment(plan, areas, published=False)
        cls.slugs = list(PolicyArea.objects.order_by("name").values_list("slug", flat=True))

    def expected(self, slugs):
        tree = subtrees()
        by_slug = dict(PolicyArea.objects.values_list("slug", "pk"))
        tags = {}
        for commitment_id, area_id in AreaThrough.objects.values_list(
            "commitment_id", "policyarea_id"
        ):
            tags.setdefault(commitment_id, set()).add(area_id)
        return sorted(
            identifier
            for pk, identifier in Commitment.objects.published().values_list("pk", "identifier")
            if all(tags.get(pk, set()) & tree[by_slug[slug]] for slug in slugs)
        )

    def api_identifiers(self, slugs, **extra):
        query = {"policy_area": slugs, "match": "all", "page_size": 500, **extra}
        response = self.client.get(API, query)
        self.assertEqual(response.status_code, 200, response.content[:300])
        return sorted(row["identifier"] for row in response.json()["results"])

    def test_every_area(self):
        found = self.api_identifiers(self.slugs)
        self.assertEqual(found, self.expected(self.slugs))
        self.assertIn(self.everything.identifier, found)
        self.assertIn(self.every_leaf.identifier, found)
        for missed in [*self.short, self.hidden]:
            self.assertNotIn(missed.identifier, found)
        page = self.client.get(URL, {"policy_area": self.slugs, "match": "all"})
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.context["total"], len(found))
        response = self.client.get(
            EXPORT.format("csv"), {"policy_area": self.slugs, "match": "all"}
        )
        rows = parse("csv", body(response))
        self.assertEqual(sorted(row["identifier"] for row in rows), found)

    def test_any_selection_matches_the_plain_reading(self):
        rng = random.Random(7)
        selections = [rng.sample(self.slugs, rng.randint(2, len(self.slugs))) for _ in range(25)]
        # A parent with one of its children, and repeats, on purpose.
        selections.append(["access-to-information", "open-data", "open-data"])
        for slugs in selections:
            with self.subTest(slugs=slugs):
                self.assertEqual(self.api_identifiers(slugs), self.expected(slugs))

    def test_one_flat_query_whatever_the_number_of_areas(self):
        def run(slugs, **extra):
            with CaptureQueriesContext(connection) as queries:
                self.api_identifiers(slugs, **extra)
            return queries.captured_queries

        run(self.slugs[:2])  # the reference lists and the facet index read and cached
        # Alone, the areas are the facet index's bitsets: no query for them at all.
        two, every = run(self.slugs[:2]), run(self.slugs)
        self.assertEqual(len(every), len(two))
        self.assertFalse([q for q in every if "HAVING" in q["sql"].upper()])
        # With a filter the index does not answer, the FilterSet's SQL runs.
        extra = {"value": "access_to_information"}
        two, every = run(self.slugs[:2], **extra), run(self.slugs, **extra)
        self.assertEqual(len(every), len(two))
        # The page's ids and its count: the outer query and one grouped subquery each, not a
        # subquery per area.
        filtered = [q["sql"] for q in every if "HAVING" in q["sql"].upper()]
        self.assertTrue(filtered)
        for sql in filtered:
            self.assertLessEqual(sql.upper().count("SELECT"), 3, sql[:500])


class CapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        data.build()

    def test_page_explains_the_cap(self):
        response = self.client.get(URL, {"policy_area": ["open-data"] * (MAX_VALUES + 1)})
        self.assertContains(response, "The filters could not be applied", status_code=400)
        self.assertContains(response, f"Choose at most {MAX_VALUES} values", status_code=400)
        self.assertIsNone(response.context["page"])
        response = self.client.get(URL, {"starred": ["yes"] * (MAX_VALUES + 1)})
        self.assertContains(response, f"Choose at most {MAX_VALUES} values", status_code=400)

    def test_api_and_exports_answer_400(self):
        query = {"region": ["europe"] * (MAX_VALUES + 1)}
        response = self.client.get(API, query)
        self.assertEqual(response.status_code, 400)
        self.assertIn(f"Choose at most {MAX_VALUES} values", response.json()["errors"]["region"][0])
        for export_format in FORMATS:
            response = self.client.get(EXPORT.format(export_format), query)
            self.assertEqual(response.status_code, 400)
            self.assertIn(
                f"Choose at most {MAX_VALUES} values", response.json()["details"][0]["message"]
            )

    def test_repeats_below_the_cap_count_once(self):
        once = self.client.get(URL, {"policy_area": "open-data"})
        repeated = self.client.get(URL, {"policy_area": ["open-data"] * MAX_VALUES})
        self.assertEqual(repeated.status_code, 200)
        self.assertEqual(repeated.context["total"], once.context["total"])
        self.assertEqual(repeated.context["form"].cleaned_data["policy_area"], ["open-data"])


class NegatedSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        data.build()

    def test_a_search_of_only_excluded_words_is_refused(self):
        message = "a search cannot be only excluded words"
        for text in ["-budget", '-"open data" -water', "-budget OR -water"]:
            with self.subTest(text=text):
                response = self.client.get(URL, {"q": text})
                self.assertContains(response, message, status_code=400)
                self.assertIsNone(response.context["page"])
                response = self.client.get(API, {"q": text})
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.json()["errors"]["q"][0])
                response = self.client.get(EXPORT.format("csv"), {"q": text})
                self.assertEqual(response.status_code, 400)

    def test_a_word_with_exclusions_still_searches(self):
        response = self.client.get(URL, {"q": "budget -gender"})
        self.assertEqual(response.status_code, 200)
        found = [row.commitment.title for row in response.context["rows"]]
        self.assertEqual(found, ["Open budget data portal"])

    def test_postgresql_plans_stop_words_and_exclusions_as_nothing(self):
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL only")
        from django.http import QueryDict

        from commitments.filters import CommitmentFilter

        # Nothing any language's configuration can index ("!!" is a word to Python):
        filterset = CommitmentFilter(QueryDict("q=%21%21+-budget"))
        self.assertTrue(filterset.is_valid(), filterset.errors)
        self.assertEqual(list(filterset.qs), [])
        plan = filterset.qs.explain()
        self.assertIn("One-Time Filter: false", plan)  # no row read
        # An English stop word is a word in Spanish and French: the index can answer it (with
        # a few rows the planner would rather scan: leave it only bitmap scans).
        filterset = CommitmentFilter(QueryDict("q=the+-budget"))
        self.assertTrue(filterset.is_valid(), filterset.errors)
        self.assertEqual(list(filterset.qs), [])
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
        plan = filterset.qs.explain()
        self.assertIn("Bitmap Index Scan on commitments_commitment_search", plan)


def throttled(response):
    return response.status_code == 429 and int(response["Retry-After"]) > 0


class ThrottleTests(TestCase):
    """The limits are off in the other tests (tests/conftest.py); each test turns one on."""

    @classmethod
    def setUpTestData(cls):
        data.build()

    def test_explorer_rate(self):
        with self.settings(EXPLORER_THROTTLE_RATE="3/minute"):
            for _ in range(3):
                self.assertEqual(self.client.get(URL).status_code, 200)
            response = self.client.get(URL, {"policy_area": "open-data"})
            self.assertTrue(throttled(response))
            self.assertContains(response, "Too many requests", status_code=429)
            self.assertNotContains(response, '<table class="explorer-table"', status_code=429)
            other = self.client.get(URL, REMOTE_ADDR="192.0.2.10")
            self.assertEqual(other.status_code, 200)

    def test_a_limited_page_is_still_shared_by_the_page_cache(self):
        with self.settings(
            EXPLORER_THROTTLE_RATE="100/minute", OGP_PAGE_CACHE=True, OGP_DATA_VERSION_MAX_AGE=60
        ):
            response = self.client.get(URL)
            self.assertEqual(response.status_code, 200)
            self.assertNotIn("Cookie", response.get("Vary", ""))  # the limit read no session
            with self.assertNumQueries(0):  # the same page again, from the page cache
                self.assertEqual(self.client.get(URL).status_code, 200)

    def test_export_rate(self):
        with self.settings(EXPORT_THROTTLE_RATE="2/minute"):
            for export_format in ("csv", "json"):
                response = self.client.get(EXPORT.format(export_format))
                self.assertEqual(response.status_code, 200)
                body(response)
            response = self.client.get(EXPORT.format("xlsx"))
            self.assertTrue(throttled(response))
            self.assertIn("Too many exports", response.json()["error"])
            self.assertEqual(self.client.get(URL).status_code, 200)  # the page is not limited

    def test_one_export_at_a_time_per_client(self):
        with self.settings(EXPORTS_AT_ONCE=1):
            first = self.client.get(EXPORT.format("json"))
            self.assertEqual(first.status_code, 200)
            second = self.client.get(EXPORT.format("csv"))
            self.assertTrue(throttled(second))
            self.assertIn("still streaming", second.json()["error"])
            other = self.client.get(EXPORT.format("csv"), REMOTE_ADDR="192.0.2.10")
            self.assertEqual(other.status_code, 200)
            body(other)
            body(first)  # streamed to the end and closed: the slot is free again
            self.assertEqual(self.client.get(EXPORT.format("csv")).status_code, 200)


def failing_rows(after):
    """export_queryset whose rows fail, as a cancelled or lost query would, after `after`."""
    real = exports.export_queryset

    def fake(queryset):
        records = real(queryset)

        class Failing:
            def iterator(self, chunk_size):
                yield from itertools.islice(records.iterator(chunk_size=chunk_size), after)
                raise OperationalError("canceling statement due to statement timeout")

        return Failing()

    return mock.patch("commitments.exports.export_queryset", fake)


class FailedExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        data.build()

    def setUp(self):
        self.client = Client(raise_request_exception=False)

    def test_a_failing_query_is_an_error_not_a_file(self):
        for export_format in FORMATS:
            with self.subTest(export_format), self.settings(EXPORTS_AT_ONCE=1):
                with failing_rows(after=0):
                    response = self.client.get(EXPORT.format(export_format))
                self.assertIn(response.status_code, (500, 503))  # 503: the database failed
                self.assertFalse(response.streaming)
                self.assertNotIn("attachment", response.get("Content-Disposition", ""))
                # The failed export gave its slot back.
                response = self.client.get(EXPORT.format(export_format))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(len(parse(export_format, body(response))), 6)

    def test_a_failure_while_streaming_is_not_swallowed(self):
        for export_format in FORMATS:
            with self.subTest(export_format), self.settings(EXPORTS_AT_ONCE=1):
                with failing_rows(after=2):
                    response = self.client.get(EXPORT.format(export_format))
                    self.assertEqual(response.status_code, 200)
                    # The error reaches the server, which then drops the connection without
                    # ending the body: the client sees a failed download, not a short file.
                    with self.assertRaises(OperationalError):
                        body(response)
                response = self.client.get(EXPORT.format(export_format))
                self.assertEqual(response.status_code, 200)  # the slot was given back
                body(response)
