"""The commitment admin's search pages its matches a few pages ahead (ogp.admin
.LookaheadPaginator): an exact count when the matches end within those pages, else "more than
N", and everything else as before — the rows, the filters, the actions on every match. Here
with pages of 5 and 2 pages read ahead: 14 commitments of Borduria, 3 of Syldavia."""

from unittest import mock

from django.contrib import admin
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import Commitment
from ogp.admin import LookaheadPaginator
from tests import factories
from tests.members.test_admin_support import staff_user

URL = reverse("admin:commitments_commitment_changelist")


class CommitmentAdminSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        borduria = factories.make_action_plan(factories.make_member(name="Borduria"))
        cls.borduria = [factories.make_commitment(borduria) for _ in range(14)]
        for commitment in cls.borduria[3:5]:
            commitment.status = Commitment.Status.INACTIVE
            commitment.save(update_fields=["status"])
        syldavia = factories.make_action_plan(factories.make_member(name="Syldavia"))
        cls.syldavia = [factories.make_commitment(syldavia) for _ in range(3)]
        cls.user = staff_user("admin", superuser=True)

    def setUp(self):
        self.client.force_login(self.user)
        model_admin = admin.site._registry[Commitment]
        for patch in (
            mock.patch.object(model_admin, "list_per_page", 5),
            mock.patch.object(LookaheadPaginator, "pages_ahead", 2),
        ):
            patch.start()
            self.addCleanup(patch.stop)

    def changelist(self, language="en", **query):
        response = self.client.get(URL, query, HTTP_ACCEPT_LANGUAGE=language)
        self.assertEqual(response.status_code, 200)
        return response, list(response.context["cl"].result_list)

    def test_a_broad_search_says_more_than_the_pages_it_read(self):
        response, rows = self.changelist(q="borduria")
        self.assertEqual(rows, self.borduria[:5])
        paginator = response.context["cl"].paginator
        self.assertEqual((paginator.count, paginator.more_than, paginator.num_pages), (11, 10, 3))
        self.assertContains(response, "more than 10 results")
        self.assertContains(response, "more than 10 commitments")
        self.assertContains(response, "Select all the results (more than 10)")
        self.assertContains(response, "All the results selected (more than 10)")
        self.assertNotContains(response, "11 results")
        for page in (2, 3):
            self.assertContains(response, f'href="?p={page}&amp;q=borduria"')

    def test_the_next_pages_read_further_until_the_count_is_exact(self):
        response, rows = self.changelist(q="borduria", p=3)
        self.assertEqual(rows, self.borduria[10:])
        self.assertIsNone(response.context["cl"].paginator.more_than)
        self.assertContains(response, "14 results")
        self.assertContains(response, "14 commitments")
        self.assertNotContains(response, "more than")

    def test_a_narrow_search_is_counted_exactly_on_one_page(self):
        response, rows = self.changelist(q="syldavia")
        self.assertEqual(rows, self.syldavia)
        self.assertContains(response, "3 results")
        self.assertNotContains(response, "more than")

    def test_the_filters_narrow_the_search(self):
        response, rows = self.changelist(q="borduria", status__exact="inactive")
        self.assertEqual(rows, self.borduria[3:5])
        self.assertContains(response, "2 results")

    def test_the_lower_bound_in_spanish(self):
        response, _rows = self.changelist(q="borduria", language="es")
        self.assertContains(response, "más de 10 resultados")
        self.assertContains(response, "Seleccionar todos los resultados (más de 10)")

    def test_an_action_on_every_match_acts_on_every_match(self):
        data = {
            "action": "refresh_irm_values",
            "select_across": "1",
            "index": "0",
            "_selected_action": [self.borduria[0].pk],
        }
        response = self.client.post(URL + "?q=borduria", data, follow=True)
        messages = [str(message) for message in response.context["messages"]]
        self.assertEqual(messages, ["IRM values recomputed for 14 commitments."])

    def test_the_queries_do_not_grow_with_the_page(self):
        counts = {}
        for per_page in (5, 100):  # pages of 5 rows, then every match on one page
            with (
                mock.patch.object(admin.site._registry[Commitment], "list_per_page", per_page),
                CaptureQueriesContext(connection) as queries,
            ):
                _response, rows = self.changelist(q="borduria")
            counts[len(rows)] = len(queries)
        self.assertEqual(counts[5], counts[14], counts)

    def test_page_numbers_that_are_no_page_are_never_a_server_error(self):
        for page in ("0", "-1", "-" + "9" * 30, "9" * 30, "x", "2.5", "4"):
            with self.subTest(page=page):
                response = self.client.get(URL, {"q": "borduria", "p": page})
                self.assertIn(response.status_code, (200, 302))
