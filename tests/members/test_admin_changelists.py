"""Every members changelist costs the same number of queries for 5 rows as for 40."""

from django.contrib import admin
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from members.models import Contact, Member, Post, Region, Resource, ResourceType
from tests import factories
from tests.members.test_admin_support import (
    ChangelistQueryTestCase,
    changelist_garbage_statuses,
    history_page,
    staff_user,
)


class MembersChangelistQueryTests(ChangelistQueryTestCase):
    def test_region(self):
        self.assert_constant(Region)

    def test_resource_type(self):
        self.assert_constant(ResourceType)

    def test_member(self):
        self.assert_constant(Member)

    def test_contact(self):
        self.assert_constant(Contact)

    def test_resource(self):
        self.assert_constant(Resource)

    def test_post(self):
        self.assert_constant(Post)

    def test_garbage_queries_are_never_a_server_error(self):
        for model in [Region, ResourceType, Member, Contact, Resource, Post]:
            for query, status in changelist_garbage_statuses(self.client, model).items():
                with self.subTest(model=model.__name__, query=query[:40]):
                    self.assertIn(status, (200, 302, 400))

    def test_history_pages_render(self):
        for model in [Region, ResourceType, Member, Contact, Resource, Post]:
            if not hasattr(model, "history"):
                continue  # no HistoricalRecords on this model
            self.assertTrue(admin.site._registry[model].history_view)
            obj = model.objects.filter(pk__in=model.history.values("id")).order_by("pk").last()
            with self.subTest(model=model.__name__):
                response = history_page(self.client, obj)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "change-history")


class InvalidLookupTests(TestCase):
    """A lookup whose value fails only when the SQL is written (a year no date can hold) is an
    invalid lookup: the admin's redirect to `?e=1`, not a server error, on every changelist (the
    shared `SafeChangeList`). A NUL (PostgreSQL refuses it) is a 400 before any view runs."""

    QUERIES = [
        "created_at__year=-1",
        "created_at__year=0",
        "created_at__year=10000",
        "created_at__year=99999999999",
        "created_at__year__gt=0",
        "created_at__iso_year=0",
    ]
    NUL_QUERIES = ["created_at__year=2024&title=a%00b", "name=a%00b"]

    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user("admin", superuser=True)
        factories.make_commitment()

    def setUp(self):
        self.client.force_login(self.user)

    def test_member_commitment_and_plan_lists_redirect_to_the_invalid_filter_page(self):
        for name in [
            "members_member",
            "commitments_commitment",
            "commitments_actionplan",
            "imports_importrun",
        ]:
            url = reverse(f"admin:{name}_changelist")
            for query in self.QUERIES:
                with self.subTest(changelist=name, query=query):
                    response = self.client.get(f"{url}?{query}")
                    self.assertEqual(response.status_code, 302)
                    self.assertEqual(response["Location"], f"{url}?e=1")
            for query in self.NUL_QUERIES:
                with self.subTest(changelist=name, query=query):
                    self.assertEqual(self.client.get(f"{url}?{query}").status_code, 400)

    def test_a_valid_year_still_filters(self):
        url = reverse("admin:commitments_commitment_changelist")
        year = timezone.now().year
        self.assertEqual(
            self.client.get(f"{url}?created_at__year={year}").context["cl"].result_count, 1
        )
        self.assertEqual(
            self.client.get(f"{url}?created_at__year={year - 1}").context["cl"].result_count, 0
        )

    def test_the_date_hierarchy_refuses_a_year_past_any_date(self):
        url = reverse("admin:members_post_changelist")
        for query in ["date__year=99999999999", "date__year=0", "date__year=2024&date__month=13"]:
            with self.subTest(query=query):
                self.assertEqual(self.client.get(f"{url}?{query}")["Location"], f"{url}?e=1")

    def test_an_import_run_with_a_malformed_id_is_not_found(self):
        for object_id in ["abc", "99999999999999999999999"]:
            with self.subTest(object_id=object_id):
                response = self.client.get(f"/admin/imports/importrun/{object_id}/change/")
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self.client.get("/admin/imports/importrun/1%00/change/").status_code, 400)
