"""What ogp.admin changes in every changelist: the rows' selection boxes and links are Django's
HTML, written at less cost (BaseAdmin.action_checkbox, SafeChangeList.url_for_result)."""

import re

from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from commitments.models import Commitment
from tests import factories
from tests.members.test_admin_support import staff_user

CHANGELIST = "admin:commitments_commitment_changelist"


class RowHtmlTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        member = factories.make_member(name="Côte & <Ivoire>")
        plan = factories.make_action_plan(member)
        cls.rows = [
            factories.make_commitment(plan, title='Open "data" <now> & later'),
            factories.make_commitment(plan, status="inactive"),
        ]
        cls.user = staff_user("admin", superuser=True)

    def setUp(self):
        self.client.force_login(self.user)

    def test_the_selection_box_is_djangos(self):
        model_admin = admin.site._registry[Commitment]
        for language in ("en", "es"):
            with translation.override(language):
                for row in self.rows:
                    self.assertEqual(
                        model_admin.action_checkbox(row),
                        admin.ModelAdmin.action_checkbox(model_admin, row),
                    )

    def row_links(self, query):
        response = self.client.get(reverse(CHANGELIST), query)
        self.assertEqual(response.status_code, 200)
        links = re.findall(r'<a href="([^"]+/change/[^"]*)"', response.content.decode())
        return response, links

    def test_the_row_links_carry_the_filters_as_djangos_do(self):
        for query in ({}, {"q": "open"}, {"q": "Côte & <Ivoire>", "status__exact": "inactive"}):
            with self.subTest(query=query):
                response, links = self.row_links(query)
                model_admin = admin.site._registry[Commitment]
                context = {
                    "opts": Commitment._meta,
                    "preserved_filters": model_admin.get_preserved_filters(response.wsgi_request),
                }
                shown = response.context["cl"].result_list
                self.assertTrue(shown)
                expected = []
                for row in shown:
                    url = reverse("admin:commitments_commitment_change", args=[row.pk])
                    expected += [add_preserved_filters(context, url)] * 2  # identifier, title
                self.assertEqual(links, expected)
                if query:
                    self.assertIn("?_changelist_filters=", links[0])
