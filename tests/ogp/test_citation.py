"""Link previews (Open Graph, Twitter card) on every public page, and "Cite this page": one
citation (ogp.citation) in plain text, BibTeX and CSL-JSON, on the pages, downloadable with
?cite=, and the same in the exports' provenance."""

import datetime
import html
import json
import re
from html.parser import HTMLParser

from django.core.cache import cache
from django.test import SimpleTestCase, TestCase, override_settings
from django.utils import timezone, translation

from ogp.citation import DATASET, Citation, bibtex_text
from ogp.data_version import data_version, forget_version
from tests import factories as f

HOSTILE = 'Tom "<&> Ça & 50% {x}'


class Head(HTMLParser):
    """The <meta> and <link> tags of a page, their attributes unescaped."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.in_cite, self.cite_text = {}, {}, False, None
        self.alternates = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs["name"]
            if key == "og:locale:alternate":
                self.alternates.append(attrs["content"])
            else:
                self.meta.setdefault(key, attrs["content"])
        if tag == "link" and attrs.get("rel") == "canonical":
            self.links["canonical"] = attrs["href"]
        if tag == "p" and attrs.get("class") == "cite__text":
            self.in_cite = True

    def handle_data(self, data):
        if self.in_cite:
            self.cite_text = data
            self.in_cite = False


def parse(response):
    head = Head()
    head.feed(response.content.decode())
    return head


def fields_of(entry):
    """A BibTeX entry's type, key and fields, read by brace depth: fails on unbalanced braces."""
    match = re.fullmatch(r"@(\w+)\{([\w:-]+),\n(.*)\}\n", entry, re.DOTALL)
    assert match, entry
    kind, key, body = match.groups()
    fields, depth, name, value = {}, 0, "", None
    for char in body:
        if value is None:
            if char == "{":
                value, depth = "", 1
            elif char not in " =,\n":
                name += char
            continue
        if char == "{" and not value.endswith("\\"):
            depth += 1
        elif char == "}" and not value.endswith("\\"):
            depth -= 1
            if depth == 0:
                fields[name], name, value = value, "", None
                continue
        value += char
    assert depth == 0 and value is None, f"unbalanced braces in {entry}"
    return kind, key, fields


class FormatTests(SimpleTestCase):
    CITATION = Citation(
        title=HOSTILE + " Côte d’Ivoire – São Tomé",
        url="https://example.org/commitments/?q=a%20b&policy_area=open-data",
        version="18c9f",
        changed=datetime.date(2026, 3, 3),
        accessed=datetime.date(2026, 12, 2),
        kind=DATASET,
    )

    def test_bibtex_entry_is_balanced_and_escaped(self):
        kind, key, fields = fields_of(self.CITATION.bibtex)
        self.assertEqual((kind, key), ("misc", "ogp-tom-ca-50-x-cote-divoire-sao-tome-2026"))
        self.assertEqual(fields["author"], "{Open Government Partnership}")
        self.assertEqual(
            fields["title"],
            r'{Tom "<\&> {\c{C}}a \& 50\% \{x\} C{\^o}te d'
            r"'Ivoire -- S{\~a}o Tom{\'e}}",
        )
        self.assertEqual(fields["year"], "2026")
        self.assertEqual(fields["date"], "2026-03-03")
        self.assertEqual(fields["urldate"], "2026-12-02")
        self.assertEqual(fields["version"], "18c9f")
        self.assertEqual(
            fields["url"], r"https://example.org/commitments/?q=a\%20b&policy_area=open-data"
        )
        self.assertIn("2026-03-03", fields["note"])

    def test_bibtex_text_escapes_every_special_character(self):
        self.assertEqual(
            bibtex_text("\\ # $ _ ~ ^ ñ ü ß ø í\n"),
            r"\textbackslash{} \# \$ \_ \textasciitilde{} \textasciicircum{} "
            r"{\~n} {\"u} {\ss} {\o} {\'\i} ",
        )

    def test_csl_json_is_valid_json_with_the_expected_fields(self):
        items = json.loads(self.CITATION.csl_json)
        self.assertEqual(len(items), 1)
        item = items[0]
        self.assertEqual(item["type"], "dataset")
        self.assertEqual(item["title"], self.CITATION.title)
        self.assertEqual(item["author"], [{"literal": "Open Government Partnership"}])
        self.assertEqual(item["issued"], {"date-parts": [[2026, 3, 3]]})
        self.assertEqual(item["accessed"], {"date-parts": [[2026, 12, 2]]})
        self.assertEqual(item["URL"], self.CITATION.url)
        self.assertEqual(item["version"], "18c9f")

    def test_plain_text_names_author_title_address_dates_and_version(self):
        self.assertEqual(
            self.CITATION.text,
            f"Open Government Partnership, “{self.CITATION.title}”, {self.CITATION.url} "
            "(data last changed 2026-03-03, data version 18c9f), retrieved 2026-12-02.",
        )


class PageTests(TestCase):
    """Each page type: the link-preview tags (escaped), its citation, the downloads."""

    @classmethod
    def setUpTestData(cls):
        cls.member = f.make_member(name=HOSTILE, slug="tom", summary=f"About {HOSTILE}.")
        cls.plan = f.make_action_plan(cls.member, title=f"Plan {HOSTILE}")
        cls.commitment = f.make_commitment(
            cls.plan,
            title=f"Commitment {HOSTILE}",
            description=f"<p>Publish {HOSTILE}.</p>",
            policy_areas=[f.policy_area("open-data")],
        )
        cls.pages = {
            "profile": ("/members/tom/", HOSTILE, f"About {HOSTILE}."),
            "plan": (
                "/members/tom/action-plans/1/",
                f"Plan {HOSTILE}",
                f"Plan {HOSTILE}",
            ),
            "commitment": (
                cls.commitment.get_absolute_url(),
                f"{cls.commitment.identifier} Commitment {HOSTILE}",
                f"Publish {HOSTILE}.",
            ),
            "explorer": (
                "/commitments/?policy_area=open-data",
                "OGP commitments",
                "Commitments of Open Government Partnership members: Policy area: Open Data.",
            ),
        }

    def test_every_page_type_has_its_escaped_link_preview_tags(self):
        for name, (path, _title, description) in self.pages.items():
            with self.subTest(name):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, HOSTILE)  # never unescaped in the HTML
                head = parse(response)
                canonical = "http://testserver" + path
                self.assertEqual(head.links["canonical"], canonical)
                self.assertEqual(head.meta["og:url"], canonical)
                self.assertEqual(head.meta["og:type"], "website")
                self.assertEqual(head.meta["og:site_name"], "Open Government Partnership")
                self.assertEqual(head.meta["og:locale"], "en_US")
                self.assertEqual(sorted(head.alternates), ["es_ES", "fr_FR"])
                # The profile has a preview image of its key figures (tests/members/
                # test_preview.py), shown large; the other pages the small card.
                card = "summary_large_image" if name == "profile" else "summary"
                self.assertEqual(head.meta["twitter:card"], card)
                self.assertEqual("og:image" in head.meta, name == "profile")
                self.assertEqual(head.meta["og:description"], description)
                self.assertEqual(head.meta["description"], description)
                title = response.content.decode().split("<title>")[1].split("</title>")[0]
                self.assertEqual(head.meta["og:title"], html.unescape(title))
                if name != "explorer":
                    self.assertIn(HOSTILE, head.meta["og:title"])

    def test_other_pages_have_the_tags_and_error_pages_none(self):
        for path in ("/", "/members/", "/policy-areas/", "/fr/commitments/charts/"):
            with self.subTest(path):
                head = parse(self.client.get(path))
                self.assertEqual(head.meta["og:url"], "http://testserver" + path)
                self.assertEqual(head.meta["og:description"], head.meta["description"])
        head = parse(self.client.get("/members/nobody/"))
        self.assertNotIn("og:url", head.meta)
        self.assertNotIn("og:title", head.meta)

    def test_every_cited_page_shows_its_citation_and_downloads_it(self):
        for name, (path, title, _description) in self.pages.items():
            with self.subTest(name):
                head = parse(self.client.get(path))
                url = "http://testserver" + path
                expected = Citation.of(title, url, DATASET if name == "explorer" else "webpage")
                self.assertEqual(head.cite_text, expected.text)
                join = "&" if "?" in path else "?"
                response = self.client.get(f"{path}{join}cite=bibtex")
                self.assertEqual(response["Content-Type"], "application/x-bibtex; charset=utf-8")
                self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
                _kind, _key, fields = fields_of(response.content.decode())
                self.assertEqual(fields["title"], "{" + bibtex_text(title) + "}")
                response = self.client.get(f"{path}{join}cite=csl-json")
                self.assertEqual(
                    response["Content-Type"], "application/vnd.citationstyles.csl+json"
                )
                item = json.loads(response.content)[0]
                self.assertEqual((item["title"], item["URL"]), (title, url))
                self.assertEqual(item["version"], data_version()["token"])
                response = self.client.get(f"{path}{join}cite=text")
                self.assertEqual(response.content.decode(), expected.text + "\n")

    def test_an_unknown_citation_format_is_a_400_naming_the_formats(self):
        for path in ("/members/tom/", "/commitments/?policy_area=open-data"):
            with self.subTest(path):
                response = self.client.get(path, {"cite": "ris"}, follow=False)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "text, bibtex, csl-json", status_code=400)

    def test_the_explorer_cites_the_filters_but_not_the_page(self):
        response = self.client.get("/commitments/?policy_area=open-data&page=1&per_page=10")
        url = "http://testserver/commitments/?policy_area=open-data"
        self.assertIn(url + " (", parse(response).cite_text)

    def test_the_explorer_and_its_export_cite_alike(self):
        query = "?policy_area=open-data&starred=yes"
        page = parse(self.client.get("/commitments/" + query))
        export = self.client.get("/commitments/export.json" + query)
        body = b"".join(export.streaming_content)
        provenance = json.loads(body)["meta"]["provenance"]
        self.assertEqual(provenance["citation"], page.cite_text)
        download = self.client.get("/commitments/" + query + "&cite=text")
        self.assertEqual(download.content.decode(), provenance["citation"] + "\n")

    def test_in_spanish_the_labels_are_spanish_and_the_title_stays(self):
        response = self.client.get("/es/members/tom/")
        head = parse(response)
        self.assertContains(response, "Citar esta página")
        self.assertEqual(head.meta["og:locale"], "es_ES")
        self.assertEqual(sorted(head.alternates), ["en_US", "fr_FR"])
        with translation.override("es"):
            expected = Citation.of(HOSTILE, "http://testserver/es/members/tom/").text
        self.assertEqual(head.cite_text, expected)
        self.assertIn(f"“{HOSTILE}”", head.cite_text)
        self.assertIn("versión de los datos", head.cite_text)
        bibtex = self.client.get("/es/members/tom/?cite=bibtex").content.decode()
        self.assertIn(r"Versi{\'o}n de los datos", fields_of(bibtex)[2]["note"])

    def test_the_citation_dates_are_the_data_change_and_today(self):
        changed = datetime.datetime.fromtimestamp(data_version()["changed_at"], datetime.UTC)
        item = json.loads(self.client.get("/members/tom/?cite=csl-json").content)[0]
        day = changed.date()
        self.assertEqual(item["issued"], {"date-parts": [[day.year, day.month, day.day]]})
        today = timezone.localdate()
        self.assertEqual(item["accessed"], {"date-parts": [[today.year, today.month, today.day]]})


@override_settings(OGP_PAGE_CACHE=True, OGP_DATA_VERSION_MAX_AGE=1)
class CachedPageTests(TestCase):
    """With the page cache (production), the citation's data version is the one the cache
    read: a download of the same page is stored apart (its URL differs) and served again."""

    @classmethod
    def setUpTestData(cls):
        cls.member = f.make_member(name="Kenya", slug="kenya")

    def test_the_download_is_cached_apart_from_the_page(self):
        page = self.client.get("/members/kenya/")
        first = self.client.get("/members/kenya/?cite=bibtex")
        again = self.client.get("/members/kenya/?cite=bibtex")
        self.assertEqual(page["Content-Type"], "text/html; charset=utf-8")
        self.assertEqual(first["Content-Type"], again["Content-Type"])
        self.assertEqual(first.content, again.content)
        self.assertIn(data_version()["token"], first.content.decode())


@override_settings(OGP_PAGE_CACHE=True, OGP_DATA_VERSION_MAX_AGE=1)
class ProductionQueryTests(TestCase):
    """With the page cache on (production), the page cache reads the data version before the
    view, and the citation reuses it: a page rendered on a miss costs no extra query."""

    @classmethod
    def setUpTestData(cls):
        member = f.make_member(name="Kenya", slug="kenya")
        plan = f.make_action_plan(member)
        cls.commitment = f.make_commitment(plan)

    def test_plan_and_commitment_misses_cost_what_they_did(self):
        # The data version, then the page's four, then its "Last changed" history reads (the
        # plan, its commitments and reports; the commitment): none for the citation.
        pages = [
            ("/members/kenya/action-plans/1/", 5 + 2),
            (self.commitment.get_absolute_url(), 5 + 1),
        ]
        for path, queries in pages:
            with self.subTest(path):
                cache.clear()
                forget_version()
                with self.assertNumQueries(queries):
                    self.client.get(path)
