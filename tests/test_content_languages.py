"""Content in several languages (ogp.translated): the admin's fieldsets per language, pages
that show the visitor's language and fall back to English marked lang="en", the published
columns, the sheet import's per-language columns, and constant query counts."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from commitments.models import Commitment, PolicyArea
from imports.commitment_plan import plan_import
from imports.commitment_sheet import HEADERS, read_spreadsheet
from imports.commitment_write import apply_import
from ogp import translated
from tests import factories
from tests.imports.sheets import csv_bytes, row


class ContentLanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.member = factories.make_member(name="Madrid, Spain", commitment_prefix="MAD")
        cls.plan = factories.make_action_plan(cls.member, title="Second action plan")
        cls.commitment = factories.make_commitment(
            cls.plan,
            identifier="MAD0001",
            title="Open budgets",
            title_es="Presupuestos abiertos",
            description="The city publishes its budget.",
        )
        factories.make_milestone(cls.commitment, title="Publish the data", title_es="")
        cls.admin = get_user_model().objects.create_superuser("staff", "s@example.org", "pw")

    def page(self, language):
        prefix = "" if language == "en" else f"/{language}"
        return self.client.get(f"{prefix}{self.commitment.get_absolute_url()}")

    def test_every_translatable_field_has_a_column_per_other_language(self):
        self.assertEqual(
            translated.translated_fields(Commitment), ["title", "short_title", "description"]
        )
        self.assertEqual(translated.language_columns("title"), ["title_es", "title_fr"])

    def test_the_admin_form_has_the_three_languages(self):
        self.client.force_login(self.admin)
        response = self.client.get(f"/admin/commitments/commitment/{self.commitment.pk}/change/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        for name in ["title", "title_es", "title_fr", "description_es", "description_fr"]:
            self.assertIn(f'name="{name}"', html)
        self.assertIn("Español", html)
        self.assertIn("Français", html)
        # The milestones inline: the title in each language on the row.
        self.assertIn('name="milestones-0-title_fr"', html)

    def test_a_title_entered_in_french_in_the_admin_shows_at_once_on_the_french_page(self):
        self.client.force_login(self.admin)
        url = f"/admin/members/region/{self.member.region.pk}/change/"
        form = {"name": self.member.region.name, "slug": self.member.region.slug}
        response = self.client.post(url, {**form, "position": 0, "name_fr": "Europe (fr)"})
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.client.logout()
        self.assertContains(self.client.get(f"/fr{self.member.get_absolute_url()}"), "Europe (fr)")

    def test_a_spanish_page_shows_the_spanish_title_and_marks_the_english_fallback(self):
        html = self.page("es").content.decode()
        self.assertIn("<h1>Presupuestos abiertos</h1>", html)
        # The plan has no Spanish title: English, marked, with the note in Spanish.
        self.assertIn('<span lang="en" class="untranslated">Second action plan', html)
        self.assertIn('<small class="untranslated__note" lang="es">(sin traducir)</small>', html)
        self.assertIn('<div lang="en" class="untranslated"><p>The city publishes', html)

    def test_a_french_page_without_translations_falls_back_to_english(self):
        html = self.page("fr").content.decode()
        self.assertIn('<h1><span lang="en" class="untranslated">Open budgets', html)
        self.assertIn("(pas encore traduit)", html)

    def test_the_english_page_has_no_fallback_marks(self):
        html = self.page("en").content.decode()
        self.assertIn("<h1>Open budgets</h1>", html)
        self.assertNotIn("untranslated", html)

    def test_the_api_carries_every_language(self):
        data = self.client.get("/api/commitments/MAD0001/").json()
        self.assertEqual(
            (data["title"], data["title_es"], data["title_fr"]),
            ("Open budgets", "Presupuestos abiertos", ""),
        )
        self.assertEqual(data["milestones"][0]["title_es"], "")
        self.assertIn("title_es", self.client.get("/api/action-plans/").json()["results"][0])

    def test_the_explorer_export_carries_every_language(self):
        response = self.client.get("/commitments/export.csv")
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
        self.assertEqual(rows[0]["title_es"], "Presupuestos abiertos")
        self.assertEqual(rows[0]["title_fr"], "")
        self.assertIn("description_fr", rows[0])

    def test_query_counts_are_the_same_in_every_language(self):
        urls = [
            self.member.get_absolute_url(),
            self.plan.get_absolute_url(),
            self.commitment.get_absolute_url(),
            "/commitments/",
        ]
        for url in urls:
            # The cached figures (peaks) and, per language, the explorer's reference lists
            # (names in the language's collation) filled first.
            for prefix in ["", "/es", "/fr"]:
                self.client.get(prefix + url)
            counts = []
            for prefix in ["", "/es", "/fr"]:
                with CaptureQueriesContext(connection) as queries:
                    self.assertEqual(self.client.get(prefix + url).status_code, 200)
                counts.append(len(queries))
            self.assertEqual(len(set(counts)), 1, (url, counts))


class LocalizedNamesTests(TestCase):
    """Names with _es/_fr columns (policy areas, regions, Global Report dimensions, a member's
    policy area focus) in the visitor's language wherever a page shows them, the English
    fallback marked lang="en", in the order of the names the visitor reads."""

    @classmethod
    def setUpTestData(cls):
        from irm.models import GlobalReportDimension
        from members.models import Region

        Region.objects.filter(slug="europe").update(name_es="Europa (es)")
        # "Access to Information" sorts before "Justice" in English, after it in Spanish.
        PolicyArea.objects.filter(slug="access-to-information").update(
            name_es="Transparencia y acceso"
        )
        GlobalReportDimension.objects.filter(slug="civic-space").update(name_es="Espacio cívico")
        cls.member = factories.make_member(
            name="Madrid, Spain",
            commitment_prefix="MAD",
            policy_area_focus="Open data, Justice",
            policy_area_focus_es="Datos abiertos, Justicia",
        )
        cls.other = factories.make_member(name="Paris, France", commitment_prefix="PAR")
        plan = factories.make_action_plan(cls.member)
        factories.make_action_plan(cls.other)
        cls.commitment = factories.make_commitment(
            plan,
            identifier="MAD0001",
            policy_areas=[
                factories.policy_area("access-to-information"),
                factories.policy_area("justice"),
            ],
            primary_policy_area=factories.policy_area("access-to-information"),
        )

    def html(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response.content.decode()

    def test_the_explorer_facets_options_chips_and_rows_in_spanish(self):
        html = self.html("/es/commitments/")
        self.assertIn('">Transparencia y acceso</a>', html)  # the facet
        self.assertIn('lang="en">Justice</a>', html)  # untranslated: English, marked
        self.assertIn('">Europa (es)</a>', html)
        self.assertIn('<option value="access-to-information">Transparencia y acceso', html)
        self.assertIn("<strong>Transparencia y acceso</strong>", html)  # the row's primary area
        self.assertNotIn("Access to Information", html)
        chips = self.html("/es/commitments/?policy_area=access-to-information&region=europe")
        self.assertIn("Transparencia y acceso</span>", chips)
        self.assertIn(": Europa (es)</span>", chips)

    def test_the_english_fallback_is_marked_in_options_boxes_chips_and_rows(self):
        html = self.html("/es/commitments/")
        # The primary area's options: an option in English says so; a translated one, and one
        # that mixes the English name with Spanish ("(todas)"), say nothing.
        self.assertIn(
            '<option value="access-to-justice" lang="en">Access to Justice</option>', html
        )
        self.assertIn('<option value="justice">Justice (todas)</option>', html)
        self.assertIn('<option value="access-to-information">Transparencia y acceso', html)
        # The policy area boxes: the English name marked, even inside "(todas)".
        self.assertIn(
            '<span class="choice-group-label"><span lang="en">Justice</span></span>', html
        )
        self.assertIn(
            'value="justice"> <span lang="en">Justice</span> (todas)</label>',
            html,
        )
        self.assertIn('value="access-to-justice"> <span lang="en">Access to Justice</span>', html)
        # The row's other policy areas.
        self.assertIn(
            '<small><strong>Transparencia y acceso</strong>; <span lang="en">Justice</span>'
            "</small>",
            html,
        )
        chips = self.html("/es/commitments/?policy_area=justice&region=europe")
        self.assertIn(
            '<span class="chip-text">Área de política: <span lang="en">Justice</span></span>',
            chips,
        )
        self.assertIn('<span class="chip-text">Región: Europa (es)</span>', chips)
        sentence = 'Filtros aplicados: Área de política: <span lang="en">Justice</span>;'
        self.assertIn(f"{sentence} Región: Europa (es).", chips)  # the print view's
        # The facet's removal link.
        self.assertIn('<span class="visually-hidden">Quitar <span lang="en">Justice</span>', chips)
        # No match: the link that removes the last filter names it, marked too.
        empty = self.html("/es/commitments/?kind=local&policy_area=justice")
        self.assertIn('quitar “Área de política: <span lang="en">Justice</span>”</a>', empty)
        # On the English page nothing is a fallback.
        english = self.html("/commitments/?policy_area=justice")
        self.assertNotIn(
            'lang="en"', english.split("<body", 1)[1].replace('hreflang="en" lang="en"', "")
        )

    def test_the_directory_names_regions_in_the_page_language(self):
        html = self.html("/es/members/")
        self.assertIn('<option value="europe">Europa (es)</option>', html)
        self.assertIn('<option value="americas" lang="en">Americas</option>', html)
        self.assertNotIn('lang="en">Americas', self.html("/members/"))

    def test_the_charts_mark_english_names_in_the_svg_and_the_table(self):
        html = self.html("/es/commitments/charts/")
        self.assertRegex(html, r'<text class="chart-label" [^>]*lang="en">Justice</text>')
        self.assertRegex(html, r'<text class="chart-label" [^>]*>Transparencia y acceso</text>')
        self.assertNotRegex(html, r'lang="en">Transparencia')
        self.assertIn('<span lang="en">Justice</span></a></th>', html)
        self.assertNotRegex(self.html("/commitments/charts/"), r"<text [^>]*lang=")

    def test_the_charts_name_regions_and_areas_in_spanish(self):
        html = self.html("/es/commitments/charts/")
        self.assertIn("Transparencia y acceso", html)
        self.assertIn("Europa (es)", html)
        self.assertNotIn("Access to Information", html)

    def test_the_policy_area_pages_in_spanish_in_its_order(self):
        html = self.html("/es/policy-areas/")
        self.assertIn(">Transparencia y acceso</a>", html)
        self.assertLess(html.index(">Justice"), html.index(">Transparencia y acceso</a>"))
        english = self.html("/policy-areas/")
        self.assertLess(english.index(">Access to Information<"), english.index(">Justice<"))
        detail = self.html("/es/policy-areas/access-to-information/")
        self.assertIn("<h1>Transparencia y acceso</h1>", detail)

    def test_the_profile_and_the_comparison_in_spanish(self):
        html = self.html(f"/es{self.member.get_absolute_url()}")
        self.assertIn("<dd>Datos abiertos, Justicia</dd>", html)
        self.assertIn("Europa (es)", html)
        self.assertIn("Espacio cívico", html)
        compare = self.html("/es/compare/?members=madrid-spain,paris-france")
        self.assertIn("Europa (es)", compare)
        self.assertIn("Espacio cívico", compare)
        self.assertNotIn(">Civic Space<", compare)

    def test_query_counts_of_the_name_pages_are_the_same_in_every_language(self):
        urls = [
            "/commitments/?policy_area=access-to-information&region=europe",
            "/commitments/charts/",
            "/policy-areas/",
            "/policy-areas/access-to-information/",
            "/compare/?members=madrid-spain,paris-france",
        ]
        for url in urls:
            for prefix in ["", "/es", "/fr"]:
                self.client.get(prefix + url)
            counts = []
            for prefix in ["", "/es", "/fr"]:
                with CaptureQueriesContext(connection) as queries:
                    self.assertEqual(self.client.get(prefix + url).status_code, 200)
                counts.append(len(queries))
            self.assertEqual(len(set(counts)), 1, (url, counts))


def _run(rows, headers=None):
    result = plan_import(read_spreadsheet(csv_bytes(rows, headers)))
    assert not result.errors, [r.errors for r in result.errors]
    apply_import(result, reason="Import")
    return result


@pytest.mark.django_db
def test_the_import_reads_the_per_language_columns():
    factories.make_member(
        name="Seoul, South Korea",
        region=factories.region("asia-and-the-pacific"),
        commitment_prefix="SEO",
    )
    assert "Commitment Title (ES)" in HEADERS and "Full Text (FR)" in HEADERS
    _run([row(title_es="Participación ciudadana", description_fr="Séoul ouvre ses décisions.")])
    commitment = Commitment.objects.get(identifier="SEO0001")
    assert commitment.title_es == "Participación ciudadana"
    assert commitment.description_fr == "Séoul ouvre ses décisions."
    # A sheet without those columns leaves the translations as they are.
    english_only = [h for h in HEADERS if not h.endswith(("(ES)", "(FR)"))]
    result = _run([row(title="Citizen participation, revised")], english_only)
    assert result.counts()["changed"] == 1
    commitment.refresh_from_db()
    assert commitment.title == "Citizen participation, revised"
    assert commitment.title_es == "Participación ciudadana"
