"""How the API answers: errors, limits, conditional GET, CORS, rate limit and query counts."""

from datetime import timedelta
from email.utils import parsedate_to_datetime

from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from ogp.data_version import forget_version
from ogp.models import DataVersion
from tests import factories as f
from tests.api.data import build_dataset

LISTS = [
    "/api/regions/",
    "/api/policy-areas/",
    "/api/members/",
    "/api/action-plans/",
    "/api/commitments/",
    "/api/irm-reports/",
    "/api/assessments/",
    "/api/participation/",
]


class ApiTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = build_dataset()

    def setUp(self):
        cache.clear()  # the rate limit's counts


class ErrorTests(ApiTestCase):
    def assert_400(self, url, params, parameter):
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 400, response.content)
        self.assertEqual(response["Content-Type"], "application/json")
        body = response.json()
        self.assertEqual(body["detail"], "Invalid query parameters.")
        self.assertIn(parameter, body["errors"])
        self.assertTrue(body["errors"][parameter][0])
        return body

    def test_invalid_filter_values(self):
        self.assert_400("/api/commitments/", {"policy_area": "no-such-area"}, "policy_area")
        self.assert_400("/api/commitments/", {"starred": "maybe"}, "starred")
        self.assert_400("/api/commitments/", {"year_from": "last year"}, "year_from")
        self.assert_400("/api/commitments/", {"year_from": 2020, "year_to": 2015}, "year_to")
        self.assert_400("/api/members/", {"region": "atlantis"}, "region")
        self.assert_400("/api/members/", {"kind": "imperial"}, "kind")
        self.assert_400("/api/action-plans/", {"member": "hidden-member"}, "member")
        self.assert_400("/api/action-plans/", {"submission_year": "1900"}, "submission_year")
        self.assert_400("/api/assessments/", {"report": "x"}, "report")
        self.assert_400("/api/assessments/", {"report": self.data.reports.hidden.pk}, "report")
        self.assert_400("/api/assessments/", {"report": "9" * 25}, "report")
        self.assert_400("/api/irm-reports/", {"type": "novel"}, "type")
        self.assert_400("/api/participation/", {"development_level": "shout"}, "development_level")

    def test_unknown_parameters(self):
        body = self.assert_400("/api/commitments/", {"colour": "red", "q": "x"}, "colour")
        self.assertEqual(body["errors"]["colour"], ["Unknown query parameter."])
        self.assert_400("/api/members/seoul-south-korea/", {"expand": "all"}, "expand")
        self.assert_400("/api/", {"format": "xml"}, "format")
        for url in LISTS:
            self.assert_400(url, {"limit": 10}, "limit")

    def test_null_characters(self):
        # PostgreSQL refuses NUL in a string: caught before any query, on every database.
        self.assert_400("/api/commitments/", {"q": "open\x00data"}, "q")
        self.assert_400("/api/members/", {"region": "\x00"}, "region")
        response = self.client.get("/api/commitments/AB%000001/")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"], {"path": ["Null characters are not allowed."]})

    def test_invalid_page_sizes(self):
        for value in ("ten", "0", "-5", "1.5"):
            self.assert_400("/api/commitments/", {"page_size": value}, "page_size")
        self.assert_400("/api/commitments/", {"page": "first"}, "page")

    def test_unknown_objects_and_pages(self):
        for url in (
            "/api/members/atlantis/",
            "/api/members/atlantis/figures/",
            "/api/members/kenya/action-plans/99/",
            "/api/members/seoul-south-korea/action-plans/2/participation/",
            "/api/commitments/XX9999/",
            "/api/policy-areas/nothing/",
            "/api/regions/antarctica/",
            "/api/irm-reports/999999/",
            "/api/assessments/999999/",
            "/api/commitments/?page=99",
            # Beyond the database's integers: a 404, not a database error (PostgreSQL).
            "/api/irm-reports/99999999999999999999/",
            "/api/assessments/9223372036854775808/",
            "/api/members/kenya/action-plans/99999/",
            "/api/members/kenya/action-plans/40000/participation/",
        ):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertIn("detail", response.json())

    def test_other_methods_are_not_allowed(self):
        for method in ("post", "put", "patch", "delete"):
            for url in ("/api/commitments/", "/api/members/kenya/", "/api/"):
                response = getattr(self.client, method)(url)
                self.assertEqual(response.status_code, 405, (method, url))
                self.assertEqual(response["Allow"], "GET, HEAD, OPTIONS")
        self.assertEqual(self.client.head("/api/members/").status_code, 200)
        self.assertEqual(self.client.options("/api/members/").status_code, 200)

    @override_settings(API_MAX_PAGE_SIZE=4, API_PAGE_SIZE=2)
    def test_page_size_default_and_cap(self):
        body = self.client.get("/api/commitments/").json()
        self.assertEqual((body["count"], len(body["results"])), (6, 2))
        self.assertIn("page=2", body["next"])
        body = self.client.get("/api/commitments/", {"page_size": 1_000_000}).json()
        self.assertEqual(len(body["results"]), 4)
        body = self.client.get("/api/commitments/", {"page_size": 3, "page": 2}).json()
        self.assertEqual(len(body["results"]), 3)
        self.assertIsNone(body["next"])


@override_settings(OGP_PAGE_CACHE=True, OGP_DATA_VERSION_MAX_AGE=1)  # as in production
class ConditionalGetTests(ApiTestCase):
    """The API's conditional GET is the page cache's (`public_page`), as for every page."""

    def test_etag_and_last_modified(self):
        for url in [*LISTS, "/api/members/kenya/", "/api/members/kenya/figures/", "/api/"]:
            response = self.client.get(url)
            self.assertTrue(response["ETag"].startswith('"'), url)
            self.assertIn("GMT", response["Last-Modified"])
            again = self.client.get(url, headers={"if-none-match": response["ETag"]})
            self.assertEqual(again.status_code, 304, url)
            self.assertEqual(again.content, b"")
            self.assertEqual(again["ETag"], response["ETag"])

    def test_if_modified_since(self):
        response = self.client.get("/api/members/")
        since = response["Last-Modified"]
        self.assertEqual(
            self.client.get("/api/members/", headers={"if-modified-since": since}).status_code,
            304,
        )

    def test_last_modified_is_when_the_data_last_changed(self):
        an_hour_ago = timezone.now() - timedelta(hours=1)
        DataVersion.objects.filter(pk=1).update(changed_at=an_hour_ago)
        forget_version()
        first = self.client.get("/api/regions/")["Last-Modified"]
        self.assertEqual(first, http_date(an_hour_ago.timestamp()))
        commitment = self.data.commitments.kenya_a
        commitment.title = "A new title"
        commitment.save()  # any write to public data moves it
        later = self.client.get("/api/regions/")["Last-Modified"]
        self.assertGreater(parsedate_to_datetime(later), parsedate_to_datetime(first))

    def test_a_change_gives_a_new_answer(self):
        url = f"/api/commitments/{self.data.commitments.kenya_a.identifier}/"
        first = self.client.get(url)
        commitment = self.data.commitments.kenya_a
        commitment.title = "A new title"
        commitment.save()
        second = self.client.get(url, headers={"if-none-match": first["ETag"]})
        self.assertEqual(second.status_code, 200)
        self.assertEqual(second.json()["title"], "A new title")
        self.assertNotEqual(second["ETag"], first["ETag"])

    def test_other_parameters_other_etag(self):
        first = self.client.get("/api/commitments/", {"member": "kenya"})
        other = self.client.get(
            "/api/commitments/",
            {"member": "seoul-south-korea"},
            headers={"if-none-match": first["ETag"]},
        )
        self.assertEqual(other.status_code, 200)

    @override_settings(OGP_PAGE_CACHE=False)
    def test_no_etag_of_its_own(self):
        """With the page cache off (DJANGO_PAGE_CACHE=0) the API answers as the pages do: no
        second ETag mechanism that production would not use."""
        for url in ("/api/members/", "/"):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertNotIn("ETag", response, url)
            self.assertNotIn("Last-Modified", response, url)


class CorsTests(ApiTestCase):
    def test_any_origin_may_read(self):
        response = self.client.get("/api/members/", headers={"origin": "https://news.example"})
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        self.assertIn("ETag", response["Access-Control-Expose-Headers"])

    def test_preflight_allows_only_reading(self):
        response = self.client.options(
            "/api/commitments/",
            headers={"origin": "https://news.example", "access-control-request-method": "GET"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        self.assertEqual(response["Access-Control-Allow-Methods"], "GET, HEAD, OPTIONS")

    def test_not_on_other_pages(self):
        response = self.client.get("/admin/login/", headers={"origin": "https://news.example"})
        self.assertNotIn("Access-Control-Allow-Origin", response)


class RateLimitTests(ApiTestCase):
    @override_settings(API_THROTTLE_RATE="3/minute")
    def test_too_many_requests(self):
        for _ in range(3):
            self.assertEqual(self.client.get("/api/regions/").status_code, 200)
        response = self.client.get("/api/members/")
        self.assertEqual(response.status_code, 429)
        self.assertIn("throttled", response.json()["detail"])
        self.assertGreater(int(response["Retry-After"]), 0)
        # Another client is not limited.
        other = self.client.get("/api/members/", REMOTE_ADDR="192.0.2.10")
        self.assertEqual(other.status_code, 200)

    @override_settings(API_THROTTLE_RATE="3/minute", NUM_PROXIES=1)
    def test_clients_behind_the_proxy_are_counted_apart(self):
        """Behind nginx every request comes from its address; the client is the address it
        added to X-Forwarded-For (NUM_PROXIES, the same setting as the admin lock-out)."""

        def get(client_address):
            return self.client.get(
                "/api/regions/",
                REMOTE_ADDR="127.0.0.1",
                HTTP_X_FORWARDED_FOR=f"10.0.0.1, {client_address}",
            )

        for _ in range(3):
            self.assertEqual(get("203.0.113.5").status_code, 200)
        self.assertEqual(get("203.0.113.5").status_code, 429)
        self.assertEqual(get("198.51.100.7").status_code, 200)  # not throttled by the first

    @override_settings(API_THROTTLE_RATE="")
    def test_no_limit_when_unset(self):
        for _ in range(5):
            self.assertEqual(self.client.get("/api/regions/").status_code, 200)


class QueryCountTests(ApiTestCase):
    """Each endpoint runs the same number of queries whatever the number of rows."""

    URLS = [
        *LISTS,
        "/api/commitments/?policy_area=access-to-information&starred=pending&q=commitment",
        "/api/members/seoul-south-korea/",
        "/api/members/seoul-south-korea/figures/",
        "/api/members/seoul-south-korea/action-plans/1/",
        "/api/members/seoul-south-korea/action-plans/1/participation/",
        "/api/irm-reports/?member=seoul-south-korea",
        "/api/assessments/?member=seoul-south-korea",
    ]

    def count(self, url):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(queries)

    def add_more_rows(self):
        seoul = self.data.members.seoul
        plan = self.data.plans.seoul_1
        areas = [
            f.policy_area("access-to-information"),
            f.policy_area("open-data"),
            f.policy_area("youth"),
        ]
        report = f.make_report(plan, type="design", year=2016)
        f.make_assessment(self.data.commitments.seoul_a, report, specificity="low")
        for _ in range(4):
            commitment = f.make_commitment(plan, policy_areas=areas, primary_policy_area=areas[2])
            f.make_milestone(commitment)
            f.make_milestone(commitment)
            f.make_assessment(commitment, report, specificity="low")
        for _ in range(3):
            local = f.make_member(kind="local", parent=self.data.members.korea)
            other = f.make_action_plan(local)
            f.make_report(other)
            f.make_participation(other, report=other.irm_reports.first())
            f.make_commitment(other, policy_areas=areas)
        f.make_action_plan(seoul)
        from irm.services import refresh_all_findings

        refresh_all_findings()

    def test_constant_query_counts(self):
        urls = [*self.URLS, f"/api/commitments/{self.data.commitments.seoul_a.identifier}/"]
        before = {url: self.count(url) for url in urls}
        cache.clear()
        self.add_more_rows()
        after = {url: self.count(url) for url in urls}
        self.assertEqual(after, before)
        self.assertLessEqual(max(before.values()), 12, before)


class IndexedCommitmentPagesTests(ApiTestCase):
    """Filters the explorer's facet index answers are counted without a COUNT query, and
    every page lists what the FilterSet's SQL lists, in its order."""

    QUERIES = [
        {},
        {"policy_area": "access-to-information"},
        {"policy_area": "access-to-information", "sort": "-identifier"},
        {"kind": "local", "starred": ["pending", "no_data"]},
        {"q": "commitment"},
        {"q": "commitment", "year_from": "2015", "plan": "1"},
        {"q": "commitment", "value": "access_to_information"},  # left to the SQL
    ]

    def test_pages_are_the_filtersets_without_a_count(self):
        from django.http import QueryDict

        from commitments.filters import CommitmentFilter

        for params in self.QUERIES:
            with self.subTest(params=params):
                query = QueryDict(mutable=True)
                for key, value in params.items():
                    query.setlist(key, value if isinstance(value, list) else [value])
                expected = list(CommitmentFilter(query).qs.values_list("identifier", flat=True))
                self.assertTrue(expected)
                self.client.get("/api/commitments/", params)  # the facet index read
                listed = []
                for page in range(1, len(expected) // 2 + 2):
                    with CaptureQueriesContext(connection) as queries:
                        response = self.client.get(
                            "/api/commitments/", {**params, "page_size": 2, "page": page}
                        )
                    if response.status_code == 404:
                        break
                    body = response.json()
                    self.assertEqual(body["count"], len(expected))
                    listed.extend(row["identifier"] for row in body["results"])
                    counted = any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
                    self.assertEqual(counted, "value" in params, [q["sql"] for q in queries])
                self.assertEqual(listed, expected)


class SchemaAndDocsTests(TestCase):
    def test_schema_is_openapi_3(self):
        response = self.client.get("/api/schema/", headers={"accept": "application/json"})
        self.assertEqual(response.status_code, 200)
        schema = response.json()
        self.assertTrue(schema["openapi"].startswith("3."))
        self.assertIn("/api/commitments/{identifier}/", schema["paths"])
        operation = schema["paths"]["/api/commitments/"]["get"]
        self.assertTrue({"200", "400", "404", "429"} <= set(operation["responses"]))
        names = {parameter["name"] for parameter in operation["parameters"]}
        self.assertTrue({"policy_area", "member", "q", "starred", "page", "page_size"} <= names)

    @override_settings(API_THROTTLE_RATE="")  # a hundred requests from one client
    def test_schema_states_the_bounds_the_filters_accept(self):
        """A value the schema allows is one the filter accepts (schemathesis sends 0s)."""
        from members.models import FIRST_YEAR, LAST_YEAR

        schema = self.client.get("/api/schema/", headers={"accept": "application/json"}).json()

        def bounds(path, name):
            [parameter] = [
                parameter
                for parameter in schema["paths"][path]["get"]["parameters"]
                if parameter["name"] == name
            ]
            found = parameter["schema"]
            return found["type"], found.get("minimum"), found.get("maximum")

        year = ("integer", FIRST_YEAR, LAST_YEAR)
        self.assertEqual(bounds("/api/action-plans/", "submission_year"), year)
        self.assertEqual(bounds("/api/irm-reports/", "year"), year)
        self.assertEqual(bounds("/api/irm-reports/", "plan"), ("integer", 1, 1000))
        self.assertEqual(bounds("/api/assessments/", "report"), ("integer", 1, 10**18 - 1))
        self.assertEqual(bounds("/api/commitments/", "plan"), ("integer", 1, 1000))
        # Every whole-number parameter states its bounds, and they are the filters' own: just
        # outside them is a 400, at them a 200 (but for an id, which must name a record).
        checked = 0
        for path, operations in schema["paths"].items():
            for parameter in operations.get("get", {}).get("parameters", []):
                found = parameter["schema"]
                if parameter["in"] != "query" or found["type"] != "integer":
                    continue
                name, low, high = parameter["name"], found.get("minimum"), found.get("maximum")
                with self.subTest(path=path, name=name):
                    self.assertIsNotNone(low)
                    self.assertEqual(self.client.get(path, {name: low - 1}).status_code, 400)
                    if high is not None:
                        self.assertEqual(self.client.get(path, {name: high + 1}).status_code, 400)
                    if name != "report":
                        for value in (low, high or low):
                            self.assertEqual(self.client.get(path, {name: value}).status_code, 200)
                    checked += 1
        self.assertGreaterEqual(checked, 20)

    def test_docs_use_our_static_files_under_the_strict_csp(self):
        response = self.client.get("/api/docs/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js", html)
        self.assertNotIn("<style", html)
        self.assertNotIn("<script>", html)
        self.assertNotIn("//cdn", html)
        self.assertNotIn("unsafe-inline", response["Content-Security-Policy"])
        script = self.client.get("/api/docs/", {"script": ""})
        self.assertEqual(script["Content-Type"], "application/javascript")
        self.assertIn("/api/schema/", script.content.decode())
