"""The explorer page around the results: the active filters as removable chips and their count,
the empty state, relevance order when searching, the member field (a name or a slug, never the
list of every member) and its suggestions, facet values that can be removed, the policy area
tree as it reads. The same tests run on PostgreSQL when DATABASE_URL is set."""

import json
import re
from collections import Counter
from html import unescape
from urllib.parse import parse_qsl, urlsplit

from django.test import TestCase, override_settings

from tests import factories as f
from tests.commitments import test_explorer_data as data

URL = "/commitments/"


def chips(response):
    """The (text, href) of each active-filter chip on the page."""
    block = re.search(r'<div class="active-filters">(.*?)</ul>', response.text, re.S)
    if block is None:
        return []
    return [
        (unescape(re.sub(r"<[^>]+>", "", text)), unescape(href))
        for href, text in re.findall(r'<a href="([^"]+)" class="chip">(.*?)</a>', block.group(1))
    ]


def pairs(link):
    return Counter(parse_qsl(urlsplit(link).query, keep_blank_values=True))


def listed(response):
    return re.findall(r'<th scope="row"><a href="[^"]+">([A-Z]+[0-9]{4})</a>', response.text)


class ActiveFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.built = data.build()

    QUERY = [
        ("policy_area", "open-data"),
        ("policy_area", "fiscal-openness"),
        ("region", "asia-and-the-pacific"),
        ("q", "budget"),
        ("sort", "title"),
        ("per_page", "10"),
    ]

    def get(self, query):
        return self.client.get(URL + "?" + "&".join(f"{k}={v}" for k, v in query))

    def test_a_chip_per_value_each_removing_exactly_that_value(self):
        response = self.get(self.QUERY)
        self.assertEqual(response.status_code, 200)
        found = chips(response)
        self.assertEqual(
            [text for text, _href in found],
            [
                "Policy area: Open Data – remove×",
                "Policy area: Fiscal Openness – remove×",
                "Region: Asia and the Pacific – remove×",
                "Search: “budget” – remove×",
            ],
        )
        original = Counter(self.QUERY)
        filters = [pair for pair in self.QUERY if pair[0] not in {"sort", "per_page"}]
        for (_text, href), removed in zip(found, filters, strict=True):
            with self.subTest(removed=removed):
                self.assertEqual(pairs(href), original - Counter([removed]))
                # The link works and lists the commitments of the query without that value.
                followed = self.client.get(URL + href)
                self.assertEqual(followed.status_code, 200)
        self.assertContains(response, '<a class="clear-all" href="/commitments/">Clear all</a>')

    def test_the_filter_count_is_the_number_of_chips(self):
        response = self.get(self.QUERY)
        self.assertEqual(len(response.context["active_filters"]), 4)
        self.assertContains(response, 'data-filters="4"')
        self.assertContains(response, 'Filters<span class="filter-count"> (4)</span>', count=2)
        plain = self.client.get(URL, {"sort": "title"})  # ordering only: no filter
        self.assertEqual(chips(plain), [])
        self.assertContains(plain, '<span class="filter-count"></span>', count=2)

    def test_empty_values_of_a_submitted_form_are_no_chips(self):
        # Without JavaScript the form sends every field, most of them empty.
        response = self.client.get(URL + "?q=&member=&kind=&region=europe&plan=&year_from=")
        self.assertEqual([text for text, _ in chips(response)], ["Region: Europe – remove×"])

    def test_a_chip_for_an_invalid_value_lets_it_be_removed(self):
        response = self.client.get(URL, {"region": "atlantis", "kind": "local"})
        self.assertEqual(response.status_code, 400)
        found = dict(chips(response))
        href = found["Region: atlantis – remove×"]
        self.assertEqual(pairs(href), Counter([("kind", "local")]))
        self.assertEqual(self.client.get(URL + href).status_code, 200)

    def test_a_selected_facet_value_links_to_its_removal(self):
        response = self.client.get(
            URL, {"region": "africa-and-the-middle-east", "kind": "national"}
        )
        regions = {item.label: item for item in response.context["facets"]["region"].items}
        chosen = regions["Africa and the Middle East"]
        self.assertTrue(chosen.selected)
        self.assertEqual(pairs(chosen.remove_url), Counter([("kind", "national")]))
        self.assertEqual(regions["Europe"].remove_url, "")  # not chosen: nothing to remove
        self.assertContains(
            response, f'<a class="facet-remove" href="{chosen.remove_url.replace("&", "&amp;")}">'
        )
        without = self.client.get(URL + chosen.remove_url)
        self.assertEqual(without.context["total"], 5)  # the national members' commitments


class EmptyStateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        data.build()

    def test_no_export_links_and_a_link_without_the_last_filter(self):
        query = "?region=asia-and-the-pacific&starred=yes&kind=local"
        response = self.client.get(URL + query)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["total"], 0)
        self.assertContains(response, "No commitment matches these filters.")
        self.assertNotContains(response, "/commitments/export.")
        self.assertNotContains(response, "Download these commitments")
        link = re.search(
            r'Try without the last one: <a href="([^"]+)">remove “Kind of member: Local”</a>',
            response.text,
        )
        self.assertIsNotNone(link)
        self.assertEqual(
            pairs(unescape(link.group(1))),
            Counter([("region", "asia-and-the-pacific"), ("starred", "yes")]),
        )
        followed = self.client.get(URL + unescape(link.group(1)))
        self.assertEqual(followed.context["total"], 1)
        self.assertContains(followed, "/commitments/export.csv?")

    def test_results_keep_their_export_links(self):
        response = self.client.get(URL, {"region": "europe"})
        self.assertEqual(response.context["total"], 0)
        self.assertNotContains(response, "/commitments/export.")
        response = self.client.get(URL, {"kind": "local"})
        self.assertContains(response, "/commitments/export.json?kind=local")


class RelevanceOrderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        plan = f.make_action_plan(f.make_member(name="Paraguay"))
        cls.described = f.make_commitment(
            plan, title="Integrity in public life", description="A lobbying register, later."
        )
        cls.titled = f.make_commitment(plan, title="A mandatory lobbying register")

    def test_a_search_is_ordered_by_relevance_unless_another_order_is_chosen(self):
        self.assertLess(self.described.identifier, self.titled.identifier)
        response = self.client.get(URL, {"q": "lobbying register"})
        self.assertEqual(listed(response), [self.titled.identifier, self.described.identifier])
        self.assertTrue(response.context["by_relevance"])
        self.assertContains(response, "Sorted by relevance: best matches first.")
        for sort in ("identifier", "member"):
            chosen = self.client.get(URL, {"q": "lobbying register", "sort": sort})
            self.assertEqual(
                listed(chosen), [self.described.identifier, self.titled.identifier], sort
            )
            self.assertFalse(chosen.context["by_relevance"])
            self.assertNotContains(chosen, "Sorted by relevance: best matches first.")
        # The sort choices are all still offered.
        self.assertContains(response, '<option value="relevance">')
        self.assertContains(response, '<option value="-year">')
        # Without a search, identifier order and no relevance note.
        plain = self.client.get(URL)
        self.assertEqual(listed(plain), [self.described.identifier, self.titled.identifier])
        self.assertFalse(plain.context["by_relevance"])


class MemberFieldTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.built = data.build()
        cls.c = cls.built["commitments"]
        ivory = f.make_member(name="Côte d’Ivoire", slug="cote-divoire")
        cls.ivory = f.make_commitment(f.make_action_plan(ivory))
        # Members without published commitments: named in no row of the page.
        cls.quiet = [f.make_member(name=f"Quietland {n}") for n in range(30)]

    def ids(self, *keys):
        return sorted(self.c[key].identifier for key in keys)

    def found(self, *members):
        response = self.client.get(URL, {"member": list(members)})
        self.assertEqual(response.status_code, 200, response.context["errors"])
        return sorted(listed(response)), response

    def test_a_slug_a_name_or_part_of_one_name(self):
        korea = self.ids("budget_data", "gender_budget", "fiscal_data")
        self.assertEqual(self.found("south-korea")[0], korea)
        self.assertEqual(self.found("South Korea")[0], korea)  # exact, though "Seoul, South
        self.assertEqual(self.found("  south KOREA ")[0], korea)  # Korea" holds it too
        self.assertEqual(self.found("seoul")[0], self.ids("seoul_rti"))  # one name holds it
        self.assertEqual(self.found("cote d'ivoire")[0], [self.ivory.identifier])  # accents
        self.assertEqual(self.found("Côte d’Ivoire")[0], [self.ivory.identifier])

    def test_several_members(self):
        listed_ids, response = self.found("kenya", "Seoul, South Korea", "")
        self.assertEqual(listed_ids, self.ids("seoul_rti", "kenya_access", "kenya_whistle"))
        # Each chosen member is a ticked box of the form (so that it is sent again), by name.
        for slug, name in (("kenya", "Kenya"), ("seoul-south-korea", "Seoul, South Korea")):
            self.assertRegex(
                response.text,
                rf'<input type="checkbox" name="member" value="{slug}" id="id_member_chosen_\d+"'
                rf' checked> <label for="id_member_chosen_\d+">{re.escape(name)}</label>',
            )
        self.assertEqual(
            [text for text, _ in chips(response)],
            ["Member: Kenya – remove×", "Member: Seoul, South Korea – remove×"],
        )

    def test_unknown_and_ambiguous_names_are_explained_on_the_page(self):
        response = self.client.get(URL, {"member": "Atlantis"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "No published member is called “Atlantis”.", status_code=400)
        self.assertIsNone(response.context["page"])
        response = self.client.get(URL, {"member": ["kenya", "korea"]})
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response,
            "“korea” is in the names of several members (Seoul, South Korea; South Korea…)",
            status_code=400,
        )
        # An unpublished member is unknown to the explorer.
        self.assertEqual(self.client.get(URL, {"member": "hidden"}).status_code, 400)
        self.assertEqual(self.client.get(URL, {"member": "Hidden"}).status_code, 400)

    def test_the_page_carries_no_list_of_members(self):
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        for member in self.quiet:
            self.assertNotContains(response, member.name)
            self.assertNotContains(response, f'value="{member.slug}"')
        self.assertNotContains(response, '<select name="member"')
        self.assertContains(response, 'data-suggest="/commitments/member-suggestions/"')
        # More members do not make the page heavier.
        size = len(response.content)
        for n in range(30, 130):
            f.make_member(name=f"Quietland {n}")
        self.assertEqual(len(self.client.get(URL).content), size)


class MemberSuggestionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        data.build()
        for n in range(12):
            f.make_member(name=f"Koreatown {n:02d}")
        f.make_member(name="Hidden Korea", published=False)

    def suggest(self, text):
        response = self.client.get("/commitments/member-suggestions/", {"q": text})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        return response, json.loads(response.content)["results"]

    def test_names_that_start_with_the_text_first_at_most_ten(self):
        _response, results = self.suggest("south k")
        self.assertEqual(
            results,
            [
                {"slug": "south-korea", "name": "South Korea"},  # starts with it: first
                {"slug": "seoul-south-korea", "name": "Seoul, South Korea"},
            ],
        )
        _response, results = self.suggest("KOREA")
        names = [row["name"] for row in results]
        self.assertEqual(len(names), 10)
        self.assertEqual(names, [f"Koreatown {n:02d}" for n in range(10)])
        _response, results = self.suggest("korea")
        self.assertNotIn("Hidden Korea", [row["name"] for row in results])
        _response, results = self.suggest(", south")
        self.assertEqual(results, [{"slug": "seoul-south-korea", "name": "Seoul, South Korea"}])

    def test_nothing_to_match(self):
        _response, results = self.suggest("")
        self.assertEqual(results, [])
        _response, results = self.suggest("x" * 5000)
        self.assertEqual(results, [])

    @override_settings(OGP_PAGE_CACHE=True, OGP_DATA_VERSION_MAX_AGE=0)
    def test_cached_like_the_pages(self):
        response, _results = self.suggest("ken")
        self.assertIn("public", response["Cache-Control"])
        etag = response["ETag"]
        again = self.client.get(
            "/commitments/member-suggestions/", {"q": "ken"}, headers={"If-None-Match": etag}
        )
        self.assertEqual(again.status_code, 304)


class PolicyAreaTreeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        data.build()
        plan = f.make_action_plan(f.make_member(name="Chile"))
        f.make_commitment(plan, [f.policy_area("capacity-building")])
        f.make_commitment(plan, [f.policy_area("whistleblower-protection")])

    def test_an_area_without_a_group_is_outside_the_group_above_it(self):
        response = self.client.get(URL)
        boxes = re.search(r'<div id="id_policy_area">(.*?)</fieldset>', response.text, re.S)
        groups = re.findall(r'<div class="choice-group">(.*?)</div>', boxes.group(1))
        anti_corruption = next(g for g in groups if "Anti Corruption and Integrity" in g)
        self.assertIn('value="whistleblower-protection"', anti_corruption)
        self.assertNotIn('value="capacity-building"', anti_corruption)
        self.assertIn('value="capacity-building"', boxes.group(1))
        # The facet: the group's areas at depth 1, the area without a group at depth 0.
        items = {item.label: item for item in response.context["facets"]["policy_area"].items}
        self.assertEqual(items["Whistleblower Protection"].depth, 1)
        self.assertEqual(items["Capacity Building"].depth, 0)
        self.assertRegex(response.text, r'<li class="depth-1"><a href="[^"]+">Whistleblower')
        self.assertRegex(response.text, r'<li><a href="[^"]+">Capacity Building</a>')
