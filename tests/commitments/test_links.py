"""Links into the explorer from other pages use the explorer's own filter names."""

from django.test import SimpleTestCase

from commitments import links


class LinkTests(SimpleTestCase):
    def test_the_explorer_and_its_exports_filtered(self):
        self.assertEqual(
            links.explorer_url(member="kenya", plan=2), "/commitments/?member=kenya&plan=2"
        )
        self.assertEqual(links.explorer_url(), "/commitments/")
        self.assertEqual(
            links.export_urls(region=["africa", "europe"])["xlsx"],
            "/commitments/export.xlsx?region=africa&region=europe",
        )

    def test_a_name_the_explorer_does_not_filter_on_is_refused(self):
        with self.assertRaisesMessage(ValueError, "plan_number"):
            links.explorer_url(plan_number=2)
