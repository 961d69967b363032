"""One FilterSet of members: the directory page and the API refuse a value alike."""

from django.test import TestCase

from members.filters import SORTS, ApiMemberFilter, DirectoryFilter, MemberFilter
from tests import factories as f


class MemberFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.kenya = f.make_member(name="Kenya", region=f.region("africa-and-the-middle-east"))

    def test_each_list_offers_its_filters_of_the_one_declaration(self):
        self.assertEqual(
            list(DirectoryFilter.base_filters), ["q", "kind", "region", "status", "sort"]
        )
        self.assertEqual(list(ApiMemberFilter.base_filters), ["kind", "region", "status", "parent"])
        for name in ("kind", "region", "status"):
            self.assertIs(DirectoryFilter.base_filters[name], MemberFilter.base_filters[name])
            self.assertIs(ApiMemberFilter.base_filters[name], MemberFilter.base_filters[name])

    def test_the_page_and_the_api_refuse_a_value_with_the_same_message(self):
        page = self.client.get("/members/?region=mars")
        self.assertEqual(page.status_code, 200)
        message = page.context["form"].errors["region"][0]
        self.assertContains(page, f"Region: {message}")
        api = self.client.get("/api/members/?region=mars")
        self.assertEqual(api.status_code, 400)
        self.assertEqual(api.json()["errors"]["region"], [message])

    def test_valid_fields_apply_and_invalid_ones_do_not(self):
        filterset = DirectoryFilter({"region": "africa-and-the-middle-east", "kind": "planet"})
        self.assertEqual(list(filterset.qs), [self.kenya])
        self.assertIn("kind", filterset.errors)
        self.assertEqual(filterset.order(), SORTS["name"][1])
        self.assertEqual(DirectoryFilter({"sort": "-name"}).order(), SORTS["-name"][1])
