"""Policy area pages: the list with counts, and an area's page against the partnership."""

from django.test import TestCase
from django.urls import reverse

from tests.commitments import test_explorer_data as data


class PolicyAreaPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.built = data.build()

    def test_list_counts_commitments_and_members_with_children(self):
        with self.assertNumQueries(3):
            response = self.client.get(reverse("commitments:policy-area-list"))
        areas = {area.slug: area for area in response.context["areas"]}
        self.assertEqual(areas["access-to-information"].commitment_count, 4)
        self.assertEqual(areas["access-to-information"].member_count, 3)
        self.assertEqual(areas["open-data"].commitment_count, 2)
        self.assertEqual(areas["open-data"].member_count, 1)
        self.assertEqual(areas["fiscal-openness"].commitment_count, 2)
        self.assertEqual(areas["climate"].commitment_count, 0)
        self.assertContains(response, 'href="/policy-areas/open-data/"')

    def test_detail_links_to_the_explorer_and_compares_with_the_partnership(self):
        area = self.built["areas"]["access-to-information"]
        with self.assertNumQueries(3):
            response = self.client.get(area.get_absolute_url())
        self.assertContains(response, 'href="/commitments/?policy_area=access-to-information"')
        totals = response.context["totals"]
        # In the area: budget_data (starred, major) and kenya_access (significant) assessed.
        self.assertEqual((totals["commitments"], totals["assessed"]), (4, 2))
        self.assertEqual((totals["starred"], totals["strong"]), (1, 2))
        # Partnership: three assessed, one starred, two with strong early results.
        self.assertEqual(
            (totals["all_assessed"], totals["all_starred"], totals["all_strong"]), (3, 1, 2)
        )
        self.assertContains(response, "50%")  # starred share in the area
        self.assertContains(response, "33%")  # the partnership's
        members = response.context["top_members"]
        self.assertEqual(
            [m["name"] for m in members], ["South Korea", "Kenya", "Seoul, South Korea"]
        )
        self.assertEqual([m["count"] for m in members], [2, 1, 1])

    def test_unknown_area_is_404(self):
        self.assertEqual(self.client.get("/policy-areas/no-such-area/").status_code, 404)
