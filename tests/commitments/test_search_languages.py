"""The explorer's search in every content language: the `_es` and `_fr` columns are searched
(on PostgreSQL with the `spanish` and `french` configurations, the query parsed with each and
OR-ed; on SQLite by the `icontains` fallback), in the explorer, the API, the admin and the
charts, which share `commitments.search.text_search`."""

import re
from unittest import skipUnless

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TestCase

from tests import factories as f

URL = "/commitments/"


def listed(response):
    return re.findall(r'<th scope="row"><a href="[^"]+">([A-Z]+[0-9]{4})</a>', response.text)


class SearchInEveryLanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        spain = f.make_action_plan(f.make_member(name="España"))
        france = f.make_action_plan(f.make_member(name="France"))
        # Made first: in identifier order it would come first.
        cls.mention = f.make_commitment(
            spain,
            title="Open contracting",
            title_es="Contratación abierta",
            description_es="Con la participación de una veeduría ciudadana.",
        )
        cls.titled = f.make_commitment(
            spain,
            title="Citizens in the budget",
            title_es="Participación ciudadana en el presupuesto",
            description_es="Un presupuesto participativo.",
        )
        cls.plural = f.make_commitment(
            spain,
            title="Councils of residents",
            title_es="Participaciones ciudadanas en los municipios",
        )
        cls.city = f.make_commitment(
            spain, title="Open data for the city", title_es="Datos abiertos de A Coruña"
        )
        cls.french = f.make_commitment(
            france,
            title="Elections",
            title_fr="Des élections transparentes",
            description_fr="Les données publiques de la société civile.",
        )
        cls.english = f.make_commitment(france, title="Transparent budget data")

    def found(self, text, **query):
        response = self.client.get(URL, {"q": text, **query})
        self.assertEqual(response.status_code, 200)
        return listed(response)

    def assert_finds(self, text, *commitments):
        self.assertEqual(sorted(self.found(text)), sorted(c.identifier for c in commitments), text)

    def test_an_unaccented_spanish_query_finds_the_spanish_text_in_every_form(self):
        self.assert_finds("participacion ciudadana", self.titled, self.plural, self.mention)
        self.assert_finds("participación ciudadana", self.titled, self.plural, self.mention)

    def test_the_spanish_title_ranks_above_a_single_mention_in_a_description(self):
        found = self.found("participacion ciudadana", sort="relevance")
        self.assertEqual(found[-1], self.mention.identifier)
        titles = sorted([self.titled.identifier, self.plural.identifier])
        self.assertEqual(sorted(found[:2]), titles)
        # Relevance is the default order of a search.
        self.assertEqual(self.found("participacion ciudadana"), found)

    def test_a_spanish_title_without_accents(self):
        self.assert_finds("coruna", self.city)
        self.assert_finds("datos abiertos", self.city)

    def test_french_text_is_searched(self):
        self.assert_finds("donnees publiques", self.french)
        self.assert_finds("élections", self.french)
        self.assert_finds("societe civile -budget", self.french)

    def test_english_is_searched_as_before(self):
        self.assert_finds("budget", self.titled, self.english)
        self.assert_finds("budget data", self.english)
        self.assert_finds("budget -data", self.titled)

    def test_the_api_searches_every_language(self):
        response = self.client.get("/api/commitments/", {"q": "participacion ciudadana"})
        self.assertEqual(response.status_code, 200)
        found = sorted(row["identifier"] for row in response.json()["results"])
        expected = [self.titled, self.plural, self.mention]
        self.assertEqual(found, sorted(c.identifier for c in expected))

    def test_the_charts_count_every_language(self):
        response = self.client.get("/commitments/charts/", {"q": "donnees publiques"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["charts"].total, 1)

    def test_the_admin_search_finds_every_language(self):
        admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
        self.client.force_login(admin)
        response = self.client.get("/admin/commitments/commitment/", {"q": "coruna"})
        self.assertEqual(response.status_code, 200)
        shown = list(response.context["cl"].result_list)
        self.assertEqual(shown, [self.city])

    @skipUnless(connection.vendor == "postgresql", "stems: PostgreSQL's configurations")
    def test_postgresql_stems_each_language_with_its_configuration(self):
        # French stems: the plural finds the singular and back ("icontains" cannot).
        self.assert_finds("élection transparente", self.french)
        self.assert_finds("societes", self.french)
        # Spanish stems: "participaciones" and "participación" share "particip" (accents off
        # and back on -ación), "ciudadanos" and "ciudadana" share "ciudadan".
        self.assert_finds("PARTICIPACIONES CIUDADANAS", self.titled, self.plural, self.mention)
        self.assert_finds("participaciones ciudadanos", self.titled, self.plural, self.mention)
        # English stems stay English: "transparency" finds "Transparent".
        self.assert_finds("transparency", self.english)
