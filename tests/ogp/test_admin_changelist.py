"""What ogp.admin changes in every changelist: the rows are Django's HTML, drawn at less cost
(BaseAdmin.action_checkbox, SafeChangeList.url_for_result, ogp.templatetags.ogp_admin_list),
and the paginator of a search whose matches are dear to count (LookaheadPaginator)."""

import re
from unittest import mock

from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import items_for_result, results
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.core.paginator import EmptyPage
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from commitments.models import Commitment
from ogp.admin import LookaheadPaginator
from ogp.templatetags import ogp_admin_list
from tests import factories
from tests.members.test_admin_support import build_dataset, staff_user

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

    def test_an_empty_cell_shows_the_sites_empty_value(self):
        cell = '<td class="field-primary_policy_area nowrap">{}</td>'
        response = self.client.get(reverse(CHANGELIST))
        self.assertContains(response, cell.format("-"), count=2)
        with mock.patch.object(admin.site, "empty_value_display", "(none)"):
            response = self.client.get(reverse(CHANGELIST))
        self.assertContains(response, cell.format("(none)"), count=2)

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


class LookaheadPaginatorTests(TestCase):
    """Ten commitments, pages of two, read two pages past the page asked for."""

    @classmethod
    def setUpTestData(cls):
        plan = factories.make_action_plan()
        cls.rows = [factories.make_commitment(plan) for _ in range(10)]

    def paginator(self, page_number, pages_ahead=2):
        paginator = LookaheadPaginator(
            Commitment.objects.order_by("identifier"), 2, page_number=page_number
        )
        paginator.pages_ahead = pages_ahead
        return paginator

    def test_the_count_is_a_lower_bound_past_the_pages_read(self):
        paginator = self.paginator(1)
        with self.assertNumQueries(2):  # the ids of 2 pages and one more, then the page's rows
            self.assertEqual(paginator.count, 5)
            self.assertEqual(paginator.more_than, 4)
            self.assertEqual(paginator.num_pages, 3)
            self.assertEqual(list(paginator.page(1).object_list), self.rows[:2])

    def test_a_later_page_reads_further(self):
        paginator = self.paginator(3)
        self.assertEqual((paginator.count, paginator.more_than, paginator.num_pages), (9, 8, 5))
        self.assertEqual(list(paginator.page(3).object_list), self.rows[4:6])

    def test_the_count_is_exact_when_the_matches_end_within_the_pages_read(self):
        paginator = self.paginator(4)
        self.assertEqual((paginator.count, paginator.more_than, paginator.num_pages), (10, None, 5))
        self.assertEqual(list(paginator.page(5).object_list), self.rows[8:])
        self.assertIsNone(self.paginator(1, pages_ahead=5).more_than)

    def test_another_page_than_the_one_read_is_read_as_any_paginator_reads_it(self):
        paginator = self.paginator(3)
        self.assertEqual(list(paginator.page(2).object_list), self.rows[2:4])

    def test_page_numbers_out_of_range(self):
        for number in (0, -1, -(10**30)):
            with self.subTest(number=number), self.assertRaises(EmptyPage):
                self.paginator(number).page(number)
        paginator = self.paginator(10**30)  # no LIMIT the database would refuse
        self.assertEqual((paginator.count, paginator.more_than), (10, None))
        with self.assertRaises(EmptyPage):
            paginator.page(10**30)

    def test_no_orphans(self):
        with self.assertRaises(ValueError):
            LookaheadPaginator(Commitment.objects.order_by("identifier"), 2, orphans=1)


def drawn(rows):
    return [[str(cell) for cell in row] for row in rows]


class RowRendererTests(TestCase):
    """Every changelist of the project draws the rows Django's `results(cl)` would draw."""

    @classmethod
    def setUpTestData(cls):
        build_dataset(6)
        cls.user = staff_user("admin", superuser=True)

    def setUp(self):
        self.client.force_login(self.user)

    def test_every_changelist_draws_djangos_rows(self):
        checked = 0
        for model, model_admin in admin.site._registry.items():
            opts = model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            queries = [{}, {"o": "2"}, {"o": "-3.1"}, {"_popup": "1"}]
            if model_admin.search_fields:
                queries += [{"q": "a"}, {"q": "Country & <1>", "o": "-2"}]
            for query in queries:
                with self.subTest(model=model.__name__, query=query):
                    response = self.client.get(url, query)
                    self.assertEqual(response.status_code, 200)
                    shown = response.context["results"]
                    self.assertEqual(drawn(shown), drawn(results(response.context["cl"])))
                    checked += len(shown)
        self.assertGreater(checked, 500)

    def test_the_commitment_rows_are_not_djangos_loop(self):
        with mock.patch.object(ogp_admin_list, "results", side_effect=AssertionError):
            response = self.client.get(reverse(CHANGELIST), {"q": "country"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.context["results"]), 6)

    def test_what_it_does_not_know_is_djangos(self):
        # An editable list (regions' positions), a popup, a column that is __str__.
        for name, query in (
            ("admin:members_region_changelist", {}),
            (CHANGELIST, {"_popup": "1"}),
            ("admin:imports_importrun_changelist", {}),
        ):
            with (
                self.subTest(name=name),
                mock.patch.object(ogp_admin_list, "results", wraps=results) as django_rows,
            ):
                self.assertEqual(self.client.get(reverse(name), query).status_code, 200)
                django_rows.assert_called_once()

    def test_a_row_whose_relations_are_missing(self):
        response = self.client.get(reverse(CHANGELIST))
        cl = response.context["cl"]
        orphan = Commitment(identifier="XX0001", title="No plan")  # no plan, no area, no pk
        cl.result_list = [orphan]
        self.assertEqual(drawn(ogp_admin_list.rows(cl)), [list(items_for_result(cl, orphan, None))])
