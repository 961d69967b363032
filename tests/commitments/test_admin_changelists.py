"""Every commitments changelist costs the same number of queries for 5 rows as for 40."""

from django.test import TestCase

from commitments.models import ActionPlan, Commitment, Milestone, PolicyArea, PolicyAreaAlias
from tests.members.test_admin_support import build_dataset, changelist_query_counts, staff_user


class CommitmentsChangelistQueryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_dataset(40)
        cls.user = staff_user("admin", superuser=True)

    def setUp(self):
        self.client.force_login(self.user)

    def assert_constant(self, model):
        counts = changelist_query_counts(self.client, model)
        few, many = sorted(counts)
        self.assertEqual(few, 5)
        self.assertGreaterEqual(many, 40)
        self.assertEqual(counts[few], counts[many], counts)

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
