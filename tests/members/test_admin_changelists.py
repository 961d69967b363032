"""Every members changelist costs the same number of queries for 5 rows as for 40."""

from django.contrib import admin

from members.models import Contact, Member, Post, Region, Resource, ResourceType
from tests.members.test_admin_support import (
    ChangelistQueryTestCase,
    changelist_garbage_statuses,
    history_page,
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
