"""A NUL character (raw, or %00 in the URL) in the path or in a GET or POST parameter's name or
value is answered 400 before any view runs (ogp.middleware.RefuseNulMiddleware). PostgreSQL
refuses NUL in text: without the check, each example here answered 500 on PostgreSQL."""

from django.test import TestCase
from django.urls import reverse

from tests import factories
from tests.members.test_admin_support import staff_user

MESSAGE = "Null characters are not allowed."


class NulCharacterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.member = factories.make_member(name="Seoul")
        cls.commitment = factories.make_commitment(factories.make_action_plan(cls.member))
        cls.editor = staff_user("editor", groups=["Editors"])

    def setUp(self):
        self.client.raise_request_exception = False  # a database error is the 500 page, as live

    def assert_refused(self, response):
        self.assertEqual(response.status_code, 400)
        self.assertTemplateUsed(response, "400.html")
        self.assertContains(response, MESSAGE, status_code=400)
        # The headers of every page, set by the middleware around this one.
        self.assertIn("default-src 'self'", response["Content-Security-Policy"])
        self.assertEqual(response["X-Frame-Options"], "DENY")

    def test_a_commitment_identifier_in_the_url(self):
        self.assert_refused(self.client.get(f"/members/{self.member.slug}/commitments/AB%00/"))
        self.assert_refused(self.client.get(f"/members/{self.member.slug}/commitments/AB\x00/"))

    def test_a_media_path(self):
        self.assert_refused(self.client.get("/media/plan%00.pdf"))

    def test_an_admin_list_filter_value(self):
        self.client.force_login(self.editor)
        for url, params in [
            (reverse("admin:members_member_changelist"), {"kind__exact": "\x00"}),
            (reverse("admin:members_resource_changelist"), {"format__exact": "pdf\x00"}),
        ]:
            with self.subTest(url=url, params=params):
                self.assert_refused(self.client.get(url, params))

    def test_the_admin_autocomplete_term(self):
        self.client.force_login(self.editor)
        response = self.client.get(
            reverse("admin:autocomplete"),
            {
                "term": "open\x00",
                "app_label": "commitments",
                "model_name": "commitment",
                "field_name": "policy_areas",
            },
        )
        self.assert_refused(response)

    def test_a_parameter_name(self):
        self.assert_refused(self.client.get("/members/", {"region\x00": "europe"}))

    def test_a_posted_value_or_name(self):
        login = reverse("admin:login")
        self.assert_refused(self.client.post(login, {"username": "editor\x00", "password": "x"}))
        self.assert_refused(self.client.post(login, {"username": "editor", "pass\x00": "x"}))

    def test_the_api_answers_in_its_own_error_shape(self):
        response = self.client.get("/api/members/", {"region": "\x00", "kind": "national"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.json(),
            {"detail": "Invalid query parameters.", "errors": {"region": [MESSAGE]}},
        )
        response = self.client.get("/api/commitments/AB%000001/")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"detail": MESSAGE, "errors": {"path": [MESSAGE]}})

    def test_other_requests_pass(self):
        self.assertEqual(self.client.get("/members/", {"q": "seoul%00"}).status_code, 200)
        self.assertEqual(self.client.get(self.commitment.get_absolute_url()).status_code, 200)
