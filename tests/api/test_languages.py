"""The API in the language asked: `?lang=` or Accept-Language chooses the labels, codes and every
language's text stay as they are, the page cache keys the answers by language, a bad `?lang=`
is a 400, the schema declares the parameter."""

from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from commitments.models import Commitment, Completion
from members.models import Member, Region
from tests import factories


def label_in(language, label):
    with translation.override(language):
        return str(label)


class ApiLanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        Region.objects.filter(slug="europe").update(name_es="Europa (es)", name_fr="Europe (fr)")
        cls.member = factories.make_member(name="Madrid, Spain", commitment_prefix="MAD")
        plan = factories.make_action_plan(cls.member)
        area = factories.policy_area("access-to-information")
        area.name_es = "Acceso a la información"
        area.save()
        cls.commitment = factories.make_commitment(
            plan,
            identifier="MAD0001",
            title="Open budgets",
            title_es="Presupuestos abiertos",
            policy_areas=[area],
        )
        Commitment.objects.filter(pk=cls.commitment.pk).update(irm_completion="complete")

    def setUp(self):
        cache.clear()

    def get(self, url, **headers):
        response = self.client.get(url, headers=headers)
        self.assertEqual(response.status_code, 200, response.content[:500])
        return response

    def test_lang_chooses_the_labels_and_keeps_the_codes_and_every_language(self):
        url = "/api/commitments/MAD0001/"
        english = self.get(url).json()
        spanish = self.get(f"{url}?lang=es").json()
        self.assertEqual(english["labels"]["irm_completion"], "Complete")
        self.assertEqual(
            spanish["labels"]["irm_completion"], label_in("es", Completion.COMPLETE.label)
        )
        self.assertNotEqual(spanish["labels"]["irm_completion"], "Complete")
        for data in (english, spanish):
            self.assertEqual(data["irm_completion"], "complete")
            self.assertEqual(
                (data["title"], data["title_es"], data["title_fr"]),
                ("Open budgets", "Presupuestos abiertos", ""),
            )
        self.assertEqual(spanish["policy_areas"][0]["name"], "Access to Information")
        self.assertEqual(spanish["policy_areas"][0]["label"], "Acceso a la información")
        self.assertEqual(english["policy_areas"][0]["label"], "Access to Information")
        # No translation: the English name, as on the pages.
        self.assertEqual(
            self.get(f"{url}?lang=fr").json()["policy_areas"][0]["label"], "Access to Information"
        )

    def test_accept_language_chooses_when_lang_is_absent(self):
        url = f"/api/members/{self.member.slug}/"
        response = self.get(url, accept_language="fr-CA,fr;q=0.9,en;q=0.5")
        data = response.json()
        self.assertEqual(data["region"]["label"], "Europe (fr)")
        self.assertEqual(data["kind"], Member.Kind.NATIONAL)
        self.assertEqual(data["labels"]["kind"], label_in("fr", Member.Kind.NATIONAL.label))
        self.assertEqual(response["Content-Language"], "fr")
        self.assertIn("Accept-Language", response["Vary"])
        # ?lang= wins over the header.
        data = self.get(f"{url}?lang=es", accept_language="fr").json()
        self.assertEqual(data["region"]["label"], "Europa (es)")
        self.assertEqual(self.get("/api/regions/europe/").json()["label"], "Europe")

    @override_settings(OGP_PAGE_CACHE=True, OGP_DATA_VERSION_MAX_AGE=1)  # as in production
    def test_one_language_is_never_served_for_another(self):
        url = "/api/regions/europe/"
        spanish = self.get(url, accept_language="es")
        self.assertEqual(spanish.json()["label"], "Europa (es)")
        # The same URL, another language: not the stored Spanish answer.
        for header, expected in [("fr", "Europe (fr)"), ("en", "Europe"), ("", "Europe")]:
            response = self.get(url, accept_language=header)
            self.assertEqual(response.json()["label"], expected, header)
            self.assertNotEqual(response["ETag"], spanish["ETag"])
            # The Spanish ETag does not make a 304 for another language.
            again = self.client.get(
                url, headers={"accept-language": header, "if-none-match": spanish["ETag"]}
            )
            self.assertEqual(again.status_code, 200, header)
        # And the Spanish answer is served from the cache, still Spanish.
        self.get(url, accept_language="es")  # the data version, read once a second, is warm
        with CaptureQueriesContext(connection) as queries:
            hit = self.get(url, accept_language="es-ES,es;q=0.9")
        self.assertEqual(len(queries), 0)
        self.assertEqual(hit.json()["label"], "Europa (es)")
        self.assertEqual(hit["ETag"], spanish["ETag"])

    def test_a_bad_lang_is_a_400_that_says_so(self):
        for query in ["lang=de", "lang=", "lang=es&lang=fr", "lang=ES"]:
            response = self.client.get(f"/api/commitments/?{query}")
            self.assertEqual(response.status_code, 400, query)
            self.assertIn("en, es, fr", response.json()["errors"]["lang"][0], query)

    def test_query_counts_are_the_same_in_every_language(self):
        for url in ["/api/commitments/", "/api/members/", "/api/policy-areas/", "/api/regions/"]:
            # What is built once per data version and language and kept in the process (the
            # explorer's facet index, commitments.facets) is warmed first in each language.
            for language in ["en", "es", "fr"]:
                self.get(f"{url}?lang={language}")
            counts = []
            for language in ["en", "es", "fr"]:
                cache.clear()
                with CaptureQueriesContext(connection) as queries:
                    self.get(f"{url}?lang={language}")
                counts.append(len(queries))
            self.assertEqual(len(set(counts)), 1, (url, counts))

    def test_the_schema_declares_lang(self):
        schema = self.client.get("/api/schema/", headers={"accept": "application/json"}).json()
        parameters = schema["paths"]["/api/commitments/"]["get"]["parameters"]
        lang = next(p for p in parameters if p["name"] == "lang")
        self.assertEqual(lang["schema"]["enum"], ["en", "es", "fr"])
        self.assertEqual(lang["in"], "query")
