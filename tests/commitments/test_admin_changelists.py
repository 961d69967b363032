"""Every commitments changelist costs the same number of queries for 5 rows as for 40."""

from django.contrib import admin

from commitments.models import ActionPlan, Commitment, Milestone, PolicyArea, PolicyAreaAlias
from tests.members.test_admin_support import (
    ChangelistQueryTestCase,
    changelist_garbage_statuses,
    history_page,
)


class CommitmentsChangelistQueryTests(ChangelistQueryTestCase):
    def test_policy_area(self):
        self.assert_constant(PolicyArea)

    def test_policy_area_alias(self):
        self.assert_constant(PolicyAreaAlias)

    def test_action_plan(self):
        self.assert_constant(ActionPlan)

    def test_commitment(self):
        self.assert_constant(Commitment)

    def test_milestone(self):
        self.assert_constant(Milestone)

    def test_garbage_queries_are_never_a_server_error(self):
        for model in [PolicyArea, PolicyAreaAlias, ActionPlan, Commitment, Milestone]:
            for query, status in changelist_garbage_statuses(self.client, model).items():
                with self.subTest(model=model.__name__, query=query[:40]):
                    self.assertIn(status, (200, 302, 400))

    def test_history_pages_render(self):
        for model in [PolicyArea, PolicyAreaAlias, ActionPlan, Commitment, Milestone]:
            if not hasattr(model, "history"):
                continue  # no HistoricalRecords on this model
            self.assertTrue(admin.site._registry[model].history_view)
            obj = model.objects.filter(pk__in=model.history.values("id")).order_by("pk").last()
            with self.subTest(model=model.__name__):
                response = history_page(self.client, obj)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "change-history")
