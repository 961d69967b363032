"""Search without accents and sorting by the language's collation (ogp/text.py), on the
explorer, the directory, the API and the admin. Runs on SQLite and, with DATABASE_URL, on
PostgreSQL (unaccent and ICU collations, migration ogp 0003)."""

import re

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TestCase
from django.utils import translation

from commitments.filters import reference_lists
from commitments.models import PolicyArea
from members.models import Member
from ogp.text import sort_key, unaccent
from tests import factories as f

NAMES = [
    "Zambia",
    "Czech Republic",
    "Penco",
    "Córdoba",
    "Île-de-France",
    "A Coruña",
    "Peña Blanca",
    "Cordoba Norte",
    "Åland",
]
# What an English or French reader expects, and a Spanish one ("ñ" is a letter after "n").
IN_ENGLISH = [
    "A Coruña",
    "Åland",
    "Córdoba",
    "Cordoba Norte",
    "Czech Republic",
    "Île-de-France",
    "Peña Blanca",
    "Penco",
    "Zambia",
]
IN_SPANISH = [
    "A Coruña",
    "Åland",
    "Córdoba",
    "Cordoba Norte",
    "Czech Republic",
    "Île-de-France",
    "Penco",
    "Peña Blanca",
    "Zambia",
]


def test_unaccent_takes_accents_off_and_keeps_the_rest():
    assert unaccent("A Coruña, Île, Åland, Ñandú") == "A Coruna, Ile, Aland, Nandu"
    assert unaccent("participación société Straße Łódź") == "participacion societe Strasse Lodz"
    assert unaccent(None) is None


def test_sort_key_follows_each_language():
    assert sorted(NAMES, key=lambda name: sort_key("en", name)) == IN_ENGLISH
    assert sorted(NAMES, key=lambda name: sort_key("fr", name)) == IN_ENGLISH
    assert sorted(NAMES, key=lambda name: sort_key("es", name)) == IN_SPANISH


class AccentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.members = {name: f.make_member(name=name) for name in NAMES}
        coruna = f.make_action_plan(cls.members["A Coruña"])
        cordoba = f.make_action_plan(cls.members["Córdoba"])
        other = f.make_action_plan(cls.members["Zambia"])
        cls.spanish = f.make_commitment(
            cordoba, title="Participación ciudadana en el presupuesto de Córdoba"
        )
        cls.mention = f.make_commitment(
            cordoba, title="Open budget", description="Con una mesa de participación."
        )
        cls.city = f.make_commitment(coruna, title="Open data for the city of A Coruña")
        cls.plain = f.make_commitment(other, title="Cordoba trade data")
        cls.french = f.make_commitment(other, title="Société civile et transparence")
        cls.unrelated = f.make_commitment(other, title="Water supply")
        cls.island = f.make_commitment(f.make_action_plan(cls.members["Åland"]), title="Ferries")

    # --- Search ---------------------------------------------------------------------------

    def explorer(self, url="/commitments/", **query):
        response = self.client.get(url, query)
        self.assertEqual(response.status_code, 200)
        return re.findall(r'<th scope="row"><a href="[^"]+">([A-Z]+[0-9]{4})</a>', response.text)

    def assert_explorer_finds(self, text, *commitments):
        found = self.explorer(q=text)
        self.assertEqual(sorted(found), sorted(c.identifier for c in commitments), text)

    def test_explorer_search_ignores_accents_and_case_both_ways(self):
        self.assert_explorer_finds("coruna", self.city)
        self.assert_explorer_finds("CORUÑA", self.city)
        self.assert_explorer_finds("cordoba", self.spanish, self.plain)
        self.assert_explorer_finds("Córdoba", self.spanish, self.plain)
        self.assert_explorer_finds("participacion ciudadana", self.spanish)
        self.assert_explorer_finds("participacion", self.spanish, self.mention)
        self.assert_explorer_finds("societe", self.french)
        self.assert_explorer_finds("cordoba -participación", self.plain)

    def test_explorer_ranks_a_title_above_a_single_mention(self):
        found = self.explorer(q="participacion", sort="relevance")
        self.assertEqual(found, [self.spanish.identifier, self.mention.identifier])

    def test_api_commitment_search_ignores_accents(self):
        for text, expected in [
            ("coruna", [self.city]),
            ("Córdoba", [self.spanish, self.plain]),
            ("participacion ciudadana", [self.spanish]),
        ]:
            response = self.client.get("/api/commitments/", {"q": text})
            self.assertEqual(response.status_code, 200)
            found = sorted(row["identifier"] for row in response.json()["results"])
            self.assertEqual(found, sorted(c.identifier for c in expected), text)

    def directory(self, url="/members/", **query):
        response = self.client.get(url, query)
        self.assertEqual(response.status_code, 200)
        return [member.name for member in response.context["page"].object_list]

    def test_directory_search_ignores_accents_and_case_both_ways(self):
        self.assertEqual(self.directory(q="coruna"), ["A Coruña"])
        self.assertEqual(self.directory(q="cordoba"), ["Córdoba", "Cordoba Norte"])
        self.assertEqual(self.directory(q="Córdoba"), ["Córdoba", "Cordoba Norte"])
        self.assertEqual(self.directory(q="ILE-DE"), ["Île-de-France"])
        self.assertEqual(self.directory(q="peña"), ["Peña Blanca"])
        self.assertEqual(self.directory(q="100%"), [])  # LIKE's wildcards are plain characters

    def test_admin_search_ignores_accents(self):
        admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
        self.client.force_login(admin)
        response = self.client.get("/admin/members/member/", {"q": "coruna"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual([m.name for m in response.context["cl"].result_list], ["A Coruña"])
        PolicyArea.objects.create(name="Participación ciudadana", slug="participacion-ciudadana")
        response = self.client.get("/admin/commitments/policyarea/", {"q": "participacion"})
        self.assertEqual(response.status_code, 200)
        found = [area.name for area in response.context["cl"].result_list]
        self.assertEqual(found, ["Participación ciudadana"])

    def test_admin_commitment_search_is_the_explorers_with_member_names(self):
        admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
        self.client.force_login(admin)

        def found(text):
            response = self.client.get("/admin/commitments/commitment/", {"q": text})
            self.assertEqual(response.status_code, 200)
            return sorted(c.identifier for c in response.context["cl"].result_list)

        def identifiers(*commitments):
            return sorted(c.identifier for c in commitments)

        # The member "A Coruña" (its plan's commitments) and the title that names it.
        self.assertEqual(found("coruna"), identifiers(self.city))
        self.assertEqual(found("participacion ciudadana"), identifiers(self.spanish))
        self.assertEqual(found("PARTICIPACION"), identifiers(self.spanish, self.mention))
        self.assertEqual(found("societe"), identifiers(self.french))
        # Córdoba's commitments (the member) and the one that names it.
        self.assertEqual(found("cordoba"), identifiers(self.spanish, self.mention, self.plain))
        # An identifier, whole or its start.
        self.assertEqual(found(self.island.identifier.lower()), identifiers(self.island))
        self.assertEqual(found(self.island.identifier[:-1]), identifiers(self.island))
        self.assertEqual(found("-"), [])

    # --- Sorting --------------------------------------------------------------------------

    def test_directory_sorts_names_by_the_language(self):
        self.assertEqual(self.directory(), IN_ENGLISH)
        self.assertEqual(self.directory("/fr/members/"), IN_ENGLISH)
        self.assertEqual(self.directory("/es/members/"), IN_SPANISH)
        self.assertEqual(self.directory(sort="-name"), IN_ENGLISH[::-1])
        self.assertEqual(self.directory("/es/members/", sort="-name"), IN_SPANISH[::-1])

    def test_explorer_sorts_by_member_name_by_the_language(self):
        # A Coruña, Åland, then Córdoba's two (bytes would put Åland after Zambia)
        by_member = [self.city, self.island, self.spanish, self.mention]
        by_member += sorted([self.plain, self.french, self.unrelated], key=lambda c: c.identifier)
        self.assertEqual(self.explorer(sort="member"), [c.identifier for c in by_member])

    def test_explorer_member_list_follows_the_language(self):
        for language, expected in (("en", IN_ENGLISH), ("es", IN_SPANISH), ("fr", IN_ENGLISH)):
            with translation.override(language):
                names = [name for _slug, name in reference_lists().members]
            self.assertEqual(names, expected, language)

    def test_policy_areas_sort_by_the_language(self):
        added = {"Zulu area", "Ética pública", "Exterior affairs"}
        for name in added:
            PolicyArea.objects.create(name=name, slug=name.lower().replace(" ", "-"))
        roots = [area.name for area in PolicyArea.objects.tree() if not area.depth]
        mine = [name for name in roots if name in added]
        self.assertEqual(mine, ["Ética pública", "Exterior affairs", "Zulu area"])
        self.assertEqual(roots, sorted(roots, key=lambda name: sort_key("en", name)))


class NameSearchIndexTests(TestCase):
    def test_postgresql_a_name_search_can_read_the_trigram_index(self):
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL only (members migration 0010)")
        f.make_member(name="A Coruña")
        with connection.cursor() as cursor:
            # A few rows: the planner would rather read them all, or walk another index and
            # filter each row. Leave it only bitmap scans (the way a GIN index is read), to
            # prove the lookup's expression is the index's.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
        found = Member.objects.filter(name__unaccented__icontains="CORUNA")
        self.assertIn("members_member_name_search", found.explain())
        self.assertEqual([member.name for member in found], ["A Coruña"])
