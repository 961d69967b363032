"""The commitment explorer: each filter on rows built for it, facets, sorting, paging, bad input.

The same tests run on PostgreSQL when DATABASE_URL is set (search then uses the GIN index).
"""

import re
from unittest.mock import patch
from urllib.parse import urlencode

from django.db import connection
from django.http import QueryDict
from django.test import TestCase

from commitments.filters import CommitmentFilter
from tests import factories as f
from tests.commitments import test_explorer_data as data

URL = "/commitments/"


class ExplorerFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.built = data.build()
        cls.c = cls.built["commitments"]

    def ids(self, *keys):
        return [self.c[key].identifier for key in keys]

    def filtered(self, query):
        filterset = CommitmentFilter(QueryDict(urlencode(query, doseq=True)))
        self.assertTrue(filterset.is_valid(), filterset.errors)
        return list(filterset.qs.values_list("identifier", flat=True))

    def assert_finds(self, query, *keys):
        """The FilterSet and the rendered page both list exactly these commitments."""
        self.assertEqual(sorted(self.filtered(query)), sorted(self.ids(*keys)))
        response = self.client.get(URL, query)
        self.assertEqual(response.status_code, 200)
        listed = re.findall(r'<th scope="row"><a href="[^"]+">([A-Z]+[0-9]{4})</a>', response.text)
        self.assertEqual(sorted(listed), sorted(self.ids(*keys)))
        return response

    def test_no_filter_lists_every_published_commitment_only(self):
        response = self.assert_finds({}, *data.PUBLIC)
        self.assertContains(response, "6 commitments found")
        self.assertNotContains(response, self.c["hidden_commitment"].identifier)

    def test_policy_area(self):
        self.assert_finds({"policy_area": "open-data"}, "budget_data", "fiscal_data")

    def test_parent_policy_area_matches_its_children(self):
        self.assert_finds(
            {"policy_area": "access-to-information"},
            "budget_data",
            "fiscal_data",
            "seoul_rti",
            "kenya_access",
        )

    def test_several_policy_areas_any_and_all(self):
        areas = ["open-data", "fiscal-openness"]
        self.assert_finds({"policy_area": areas}, "budget_data", "gender_budget", "fiscal_data")
        self.assert_finds(
            {"policy_area": areas, "match": "any"}, *["budget_data", "gender_budget", "fiscal_data"]
        )
        self.assert_finds({"policy_area": areas, "match": "all"}, "fiscal_data")

    def test_all_with_a_parent_area(self):
        self.assert_finds(
            {"policy_area": ["access-to-information", "fiscal-openness"], "match": "all"},
            "fiscal_data",
        )
        self.assert_finds(
            {"policy_area": ["access-to-information", "gender"], "match": "all"},
        )

    def test_primary_policy_area_includes_children(self):
        self.assert_finds({"primary_policy_area": "open-data"}, "budget_data")
        self.assert_finds(
            {"primary_policy_area": "access-to-information"},
            "budget_data",
            "seoul_rti",
            "kenya_access",
        )

    def test_member_kind_region(self):
        self.assert_finds({"member": "south-korea"}, "budget_data", "gender_budget", "fiscal_data")
        self.assert_finds({"kind": "local"}, "seoul_rti")
        self.assert_finds({"region": "africa-and-the-middle-east"}, "kenya_access", "kenya_whistle")
        self.assert_finds(
            {"region": ["africa-and-the-middle-east", "europe"]}, "kenya_access", "kenya_whistle"
        )

    def test_action_plan_number_and_member(self):
        self.assert_finds({"plan": "2"}, "fiscal_data")
        self.assert_finds({"plan": "1", "member": "south-korea"}, "budget_data", "gender_budget")

    def test_submission_year_range(self):
        self.assert_finds({"year_from": "2017", "year_to": "2018"}, "fiscal_data", "seoul_rti")
        self.assert_finds({"year_from": "2020"}, "kenya_access", "kenya_whistle")
        self.assert_finds({"year_to": "2016"}, "budget_data", "gender_budget")

    def test_ogp_value_claimed(self):
        self.assert_finds({"value": "access_to_information"}, "budget_data")
        self.assert_finds(
            {"value": ["access_to_information", "civic_participation"]},
            "budget_data",
            "gender_budget",
        )

    def test_relevance_found_by_the_irm(self):
        self.assert_finds({"relevance": "access_to_information"}, "budget_data")
        self.assert_finds({"open_government_lens": "yes"}, "kenya_access")

    def test_starred_with_pending_and_no_data_as_choices(self):
        self.assert_finds({"starred": "yes"}, "budget_data")
        self.assert_finds({"starred": "no"}, "gender_budget", "kenya_access")
        self.assert_finds({"starred": "pending"}, "fiscal_data", "kenya_whistle")
        self.assert_finds({"starred": "no_data"}, "seoul_rti")
        self.assert_finds(
            {"starred": ["pending", "no_data"]}, "fiscal_data", "kenya_whistle", "seoul_rti"
        )

    def test_verifiable_across_eras_and_specificity(self):
        self.assert_finds({"verifiable": "yes"}, "budget_data", "kenya_access")
        self.assert_finds({"verifiable": "no"}, "gender_budget")
        self.assert_finds({"specificity": "low"}, "gender_budget")
        self.assert_finds({"specificity": ["high", "no_data"]}, "budget_data", "seoul_rti")

    def test_ambition(self):
        self.assert_finds({"ambition": "high"}, "budget_data", "kenya_access")
        self.assert_finds({"ambition": "low"}, "gender_budget")
        self.assert_finds({"potential_impact": "transformative"}, "budget_data")
        self.assert_finds({"potential_results": "substantial"}, "kenya_access")

    def test_completion_early_results_promising(self):
        self.assert_finds(
            {"completion": ["complete", "substantial"]}, "budget_data", "kenya_access"
        )
        self.assert_finds({"early_results": "major"}, "budget_data")
        self.assert_finds({"early_results": "pending"}, "fiscal_data", "kenya_whistle")
        self.assert_finds({"early_results_refresh": "significant"}, "kenya_access")
        self.assert_finds({"promising": "yes"}, "kenya_access")
        self.assert_finds({"promising": "no"})

    def test_filters_combine(self):
        self.assert_finds({"policy_area": "open-data", "starred": "yes"}, "budget_data")
        self.assert_finds({"member": "kenya", "starred": "pending"}, "kenya_whistle")

    def test_search_title_description_institutions_identifier(self):
        self.assert_finds({"q": "budget"}, "budget_data", "gender_budget")
        self.assert_finds({"q": "whistleblower"}, "kenya_whistle")
        self.assert_finds({"q": "justice"}, "kenya_whistle")
        self.assert_finds({"q": self.c["seoul_rti"].identifier}, "seoul_rti")
        self.assert_finds({"q": "budget portal"}, "budget_data")
        self.assert_finds({"q": "budget -gender"}, "budget_data")
        self.assert_finds({"q": "nothing-like-this"})
        self.assert_finds({"q": '" -'})  # nothing to look for: no rows, on both databases

    def test_search_with_filters_and_relevance_order(self):
        self.assert_finds({"q": "budget", "member": "south-korea"}, "budget_data", "gender_budget")
        ordered = self.filtered({"q": "budget", "sort": "relevance"})
        self.assertEqual(sorted(ordered), sorted(self.ids("budget_data", "gender_budget")))

    def test_sorting(self):
        by_title = self.filtered({"sort": "title"})
        titles = [self.c[k].title for k in data.PUBLIC]
        expected = [c.identifier for c in sorted(self.c.values(), key=lambda c: c.title)]
        self.assertEqual(by_title, [i for i in expected if i in by_title])
        self.assertEqual(len(by_title), len(titles))
        years = self.filtered({"sort": "-year"})
        self.assertEqual(years[:2], sorted(self.ids("kenya_access", "kenya_whistle")))
        members = self.filtered({"sort": "member"})
        self.assertEqual(members[:2], sorted(self.ids("kenya_access", "kenya_whistle")))
        self.assertEqual(self.filtered({"sort": "-identifier"}), sorted(self.filtered({}))[::-1])

    def test_facets_count_the_current_results_and_link_to_narrower_ones(self):
        response = self.client.get(URL, {"policy_area": "access-to-information"})
        facets = response.context["facets"]
        areas = {item.label: item for item in facets["policy_area"].items}
        self.assertEqual(areas["Access to Information"].count, 4)
        self.assertTrue(areas["Access to Information"].selected)
        self.assertEqual(areas["Open Data"].count, 2)
        self.assertEqual(areas["Fiscal Openness"].count, 1)
        self.assertNotIn("Gender", areas)
        regions = {item.label: item.count for item in facets["region"].items}
        self.assertEqual(regions["Asia and the Pacific"], 3)
        self.assertEqual(regions["Africa and the Middle East"], 1)
        starred = {item.label: item.count for item in facets["findings"][0].items}
        self.assertEqual(
            starred,
            {
                "Yes": 1,
                "No": 1,
                "Pending IRM review": 1,
                "Not applicable (2021+ method)": 0,
                "No IRM data": 1,
            },
        )
        # Following a facet's link gives exactly its count.
        link = areas["Fiscal Openness"].url
        self.assertIn("match=all", link)
        narrowed = self.client.get(URL + link)
        self.assertEqual(narrowed.context["total"], 1)
        self.assertContains(response, f'href="{link.replace("&", "&amp;")}"')

    def test_finding_facet_links_narrow(self):
        response = self.client.get(URL)
        completion = next(
            f for f in response.context["facets"]["findings"] if f.name == "completion"
        )
        for item in completion.items:
            if item.url:
                followed = self.client.get(URL + item.url)
                self.assertEqual(followed.context["total"], item.count, item.label)

    def test_every_facet_count_is_the_total_of_its_link(self):
        # The facet index (bitsets per data version) must agree with the FilterSet's SQL for
        # every value of every facet, from several starting points.
        for start in ({}, {"policy_area": "open-data"}, {"kind": "national", "q": "data"}):
            response = self.client.get(URL, start)
            found = response.context["facets"]
            facets = [found["kind"], found["region"], found["policy_area"], *found["findings"]]
            for facet in facets:
                for item in facet.items:
                    if not item.url:
                        continue
                    with self.subTest(start=start, facet=facet.name, value=item.label):
                        followed = self.client.get(URL + item.url)
                        self.assertEqual(followed.context["total"], item.count)

    def test_a_search_of_only_quotes_finds_nothing(self):
        # Nothing to look for: the SQLite fallback filters with none(), PostgreSQL's websearch
        # matches nothing; either way an empty result, not an error.
        response = self.client.get(URL, {"q": '""'})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["total"], 0)
        self.assertEqual(response.context["facets"]["region"].items[0].count, 0)

    def test_facets_follow_a_change_of_the_data(self):
        response = self.client.get(URL, {"policy_area": "gender"})
        before = response.context["total"]
        plan = f.make_action_plan(f.make_member(name="Chile"))
        f.make_commitment(plan, [f.policy_area("gender")])
        response = self.client.get(URL, {"policy_area": "gender"})
        self.assertEqual(response.context["total"], before + 1)
        areas = {item.label: item.count for item in response.context["facets"]["policy_area"].items}
        self.assertEqual(areas["Gender"], before + 1)

    def test_fragment_is_the_results_partial(self):
        response = self.client.get(
            URL, {"policy_area": "open-data"}, headers={"X-Explorer-Fragment": "1"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.text.lstrip().startswith('<div id="explorer-results"'))
        self.assertNotIn("<html", response.text)
        self.assertIn("X-Explorer-Fragment", response["Vary"])
        self.assertContains(response, "2 commitments found")


class ExplorerBadInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.built = data.build()

    def assert_rejected(self, query, message, status=400):
        response = self.client.get(URL, query)
        self.assertEqual(response.status_code, status)
        self.assertContains(response, "The filters could not be applied", status_code=status)
        self.assertContains(response, message, status_code=status)
        self.assertNotContains(response, '<table class="explorer-table"', status_code=status)
        self.assertIsNone(response.context["page"])
        return response

    def test_unknown_policy_area(self):
        self.assert_rejected({"policy_area": "no-such-area"}, "no-such-area is not one of")

    def test_unknown_choice_for_irm_finding(self):
        self.assert_rejected({"starred": "maybe"}, "maybe is not one of")

    def test_malformed_and_out_of_range_years(self):
        self.assert_rejected({"year_from": "twenty"}, "Enter a whole number")
        self.assert_rejected({"year_from": "1999"}, "greater than or equal to 2011")
        self.assert_rejected({"year_from": "2019", "year_to": "2017"}, "must not be before")

    def test_unknown_parameter_is_not_silently_ignored(self):
        self.assert_rejected({"policyarea": "open-data"}, "Unknown parameter")

    def test_page_past_the_end_and_malformed(self):
        self.assert_rejected({"page": "99"}, "There is no page 99", status=404)
        self.assert_rejected({"page": "two"}, "whole number")
        self.assert_rejected({"per_page": "7"}, "Choose one of")

    def test_injection_attempts_in_search(self):
        for text in [
            "'; DROP TABLE commitments_commitment; --",
            "a & | ! ( :* <->",
            '"unclosed',
            "\\",
        ]:
            response = self.client.get(URL, {"q": text})
            self.assertEqual(response.status_code, 200, text)
        # A NUL never reaches the explorer (ogp.middleware.RefuseNulMiddleware).
        response = self.client.get(URL, {"q": "nul\x00char"})
        self.assertContains(response, "Null characters are not allowed", status_code=400)
        self.assert_rejected({"q": "x" * 201}, "at most 200 characters")
        self.assertEqual(self.client.get(URL).context["total"], 6)


class ExplorerPagingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        plan = f.make_action_plan(f.make_member(name="Paraguay"))
        for _n in range(23):
            f.make_commitment(plan)

    def test_pages_keep_the_filters(self):
        first = self.client.get(
            URL, {"member": "paraguay", "per_page": "10", "sort": "-identifier"}
        )
        self.assertEqual(first.context["total"], 23)
        self.assertEqual(first.context["page"].paginator.num_pages, 3)
        self.assertContains(first, "page=2")
        self.assertContains(
            first, "member=paraguay&amp;per_page=10&amp;sort=-identifier&amp;page=2"
        )
        seen = []
        for number in (1, 2, 3):
            page = self.client.get(
                URL, {"member": "paraguay", "per_page": "10", "sort": "-identifier", "page": number}
            )
            seen.extend(row.commitment.identifier for row in page.context["rows"])
        self.assertEqual(len(seen), 23)
        self.assertEqual(seen, sorted(seen, reverse=True))


class ExplorerQueryCountTests(TestCase):
    """The page runs the same number of queries with 6 rows as with 16 (no N+1)."""

    @classmethod
    def setUpTestData(cls):
        data.build()

    # With nothing cached: the data version, the three reference lists (policy areas, members,
    # regions), the two of the facet index, the matched ids, the rows and their policy areas.
    COLD = 9
    # Once the reference lists and the facet index are cached for the data version: the data
    # version, the matched ids (none without a filter), the rows, their policy areas.
    WARM = 4
    QUERY = {"policy_area": "access-to-information", "starred": ["yes", "pending"], "q": "budget"}

    def test_constant_query_count(self):
        with self.assertNumQueries(self.COLD):
            self.client.get(URL, self.QUERY)
        with self.assertNumQueries(self.WARM):
            self.client.get(URL, {**self.QUERY, "sort": "title"})
        with self.assertNumQueries(self.WARM - 1):
            self.client.get(URL)
        plan = f.make_action_plan(f.make_member(name="Chile"))
        for _n in range(10):
            f.make_commitment(plan, [f.policy_area("open-data"), f.policy_area("gender")])
        # The new rows gave the data a new version: everything is read afresh, once.
        with self.assertNumQueries(self.COLD - 1):
            response = self.client.get(URL)
        self.assertEqual(response.context["total"], 16)
        with self.assertNumQueries(self.WARM):
            response = self.client.get(URL, self.QUERY)

    def test_filters_the_facet_index_answers_run_no_query_for_the_matches(self):
        # Policy areas, kind, region, the plan's years and number and the faceted IRM
        # findings are ANDs of the index's bitsets: the data version, the page's rows and
        # their policy areas only.
        self.client.get(URL, self.QUERY)  # the reference lists and the facet index
        query = {
            "policy_area": ["open-data", "fiscal-openness"],
            "region": "asia-and-the-pacific",
            "kind": "national",
            "completion": ["no_data", "pending", "complete"],
            "year_from": "2011",
            "year_to": "2030",
        }
        with self.assertNumQueries(self.WARM - 1):
            response = self.client.get(URL, query)
        expected = CommitmentFilter(QueryDict(urlencode(query, doseq=True))).qs.count()
        self.assertEqual((response.context["total"], len(response.context["rows"])), (2, 2))
        self.assertEqual(expected, 2)
        plans = {**query, "plan": "1"}
        with self.assertNumQueries(self.WARM - 1):
            response = self.client.get(URL, plans)
        expected = CommitmentFilter(QueryDict(urlencode(plans, doseq=True))).qs.count()
        self.assertEqual((response.context["total"], expected), (1, 1))
        with self.assertNumQueries(self.WARM):  # a filter the index does not answer
            self.client.get(URL, {**query, "primary_policy_area": "open-data"})

    def test_rejected_input_stops_before_the_rows(self):
        with self.assertNumQueries(4):  # the data version and the three reference lists only
            self.client.get(URL, {"region": "atlantis"})


class IndexedMatchesTests(TestCase):
    """The matches the facet index answers are the FilterSet's SQL's, in the same order."""

    @classmethod
    def setUpTestData(cls):
        data.build()
        plan = f.make_action_plan(f.make_member(name="Chile", region=f.region("americas")))
        for n in range(12):
            f.make_commitment(
                plan,
                [f.policy_area("open-data"), f.policy_area("gender")][: n % 3],
                title=f"Budget {'transparency ' * (n % 4)}item {n}",
                description="Open data on transparency." if n % 5 == 0 else "",
            )
        spain = f.make_action_plan(f.make_member(name="España"))
        for title_es, description_es in [
            ("Participación ciudadana", ""),
            ("Datos abiertos", "Con participación."),
            ("Participaciones", "Participación de la ciudadanía."),
        ]:
            f.make_commitment(spain, title_es=title_es, description_es=description_es)
        later = f.make_action_plan(plan.member)  # its second plan, submitted two years on
        for n in range(3):
            f.make_commitment(later, title=f"Budget tracking {n}")

    def test_same_ids_in_the_same_order_as_the_sql(self):
        from commitments import facets
        from commitments.facets import ids_in_order, matches

        queries = [
            {"policy_area": "access-to-information"},
            {"policy_area": ["open-data", "gender"]},
            {"policy_area": ["open-data", "gender"], "match": "all"},
            {"policy_area": ["access-to-information", "open-data"], "match": "all"},
            {"kind": "local"},
            {"region": ["americas", "asia-and-the-pacific"]},
            {"starred": ["yes", "pending"], "completion": ["no_data", "complete"]},
            {"policy_area": "open-data", "sort": "-identifier"},
            {"q": "budget"},
            {"q": "budget transparency", "policy_area": "open-data"},
            {"q": "budget", "sort": "member", "region": "americas"},
            {"q": "budget", "sort": "-identifier", "starred": "no_data"},
            {"q": "transparency", "sort": "identifier", "policy_area": "open-data"},
            {"q": "-budget data"},
            {"q": "transparency"},
            {"q": "transparency item"},
            {"q": "budget transparency -gender"},
            {"q": "transparency or data", "sort": "relevance"},
            {"q": '"budget transparency" -"open data"'},
            {"q": "item 7"},
            {"q": "participacion", "kind": "national"},
            {"policy_area": "gender", "sort": "title"},  # left to the SQL
            {"policy_area": "gender", "primary_policy_area": "open-data"},  # left to the SQL
            {"year_from": "2017"},
            {"year_to": "2016", "kind": "national"},
            {"year_from": "2016", "year_to": "2016", "q": "budget"},
            {"plan": "2"},
            {"plan": "1", "q": "budget", "sort": "-identifier"},
            {"q": "budget", "year_from": "2018", "year_to": "2018", "plan": "2"},
        ]
        # The index's groups of matches sorted as lists (a share of 1: every group is
        # small) and walked as bitsets (a share larger than the data: every group is large).
        for share in (1, 10**6):
            for query in queries:
                with (
                    self.subTest(query=query, share=share),
                    patch.object(facets, "WALKED_SHARE", share),
                ):
                    filterset = CommitmentFilter(QueryDict(urlencode(query, doseq=True)))
                    self.assertTrue(filterset.is_valid(), filterset.errors)
                    expected = ids_in_order(filterset.qs)
                    found = matches(filterset)
                    self.assertEqual(list(found.ids), expected)
                    self.assertEqual(found.bits.bit_count(), len(expected))
                    self.assertEqual(matches(filterset, ordered=False).bits, found.bits)
        self.assertTrue(expected)  # the last query matched rows: the comparison compared


class ExplorerFormDrawingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        data.build()

    QUERY = {"policy_area": ["open-data"], "region": "asia-and-the-pacific", "year_from": "2016"}

    def test_only_the_fields_the_query_carries_are_drawn_per_request(self):
        from unittest import mock

        from django.forms import BoundField

        self.client.get(URL)  # the reference lists, the index and the empty fields drawn
        drawn = []
        original = BoundField.as_field_group

        def counting(bound):
            drawn.append(bound.name)
            return original(bound)

        with mock.patch.object(BoundField, "as_field_group", counting):
            response = self.client.get(URL, self.QUERY)
        self.assertEqual(sorted(drawn), ["policy_area", "region", "year_from"])
        self.assertContains(response, 'value="open-data" checked')
        self.assertContains(response, 'name="year_from" value="2016"')

    def test_the_drawn_once_fields_are_what_the_request_would_draw(self):
        from commitments.views import form_sections

        for query in ({}, self.QUERY, {"year_from": "2020", "year_to": "2010"}):
            with self.subTest(query=query):
                form = CommitmentFilter(QueryDict(urlencode(query, doseq=True))).form
                form.is_valid()
                sections = form_sections(form, QueryDict(urlencode(query, doseq=True)))
                for _title, fields in sections:
                    for item in fields:
                        self.assertEqual(item.html, item.bound.as_field_group(), item.bound.name)


class SearchIndexTests(TestCase):
    def test_postgresql_search_uses_the_gin_index(self):
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL only")
        data.build()
        with connection.cursor() as cursor:
            # With a few rows the planner would rather scan; leave it only bitmap scans (the
            # way a GIN index is read) to prove the search can use the index. (A plain index
            # scan of another index, filtering every row, is what a full suite's statistics
            # made it pick otherwise.)
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
        plan = CommitmentFilter({"q": "budget"}).qs.explain()
        self.assertIn("commitments_commitment_search", plan)

    def test_postgresql_a_row_by_row_plan_reads_the_stored_document(self):
        # A plan that reads rows first and tests the search on each (what the planner chose at
        # 10x data for a search with two filters) must read the stored column, not compute
        # the document's nine to_tsvector() calls per row (4-5 s there).
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL only")
        data.build()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_bitmapscan = off")
        filterset = CommitmentFilter({"q": "budget", "year_from": "2016"})
        self.assertTrue(filterset.is_valid(), filterset.errors)
        plan = filterset.qs.explain()
        self.assertIn("search_document @@", plan)
        self.assertNotIn("to_tsvector", plan)

    def test_postgresql_stored_document_is_search_vector(self):
        # Migration 0017 stores search_vector() in a generated column that the match reads.
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL only")
        from commitments.models import Commitment
        from commitments.search import SearchDocument, search_vector

        data.build()
        plan = f.make_action_plan(f.make_member(name="Chile"))
        f.make_commitment(
            plan,
            title="Open budget",
            title_es="Participación ciudadana",
            description_es="Con participaciones.",
            short_title_fr="Budget participatif",
            description_fr="Les données publiques.",
            lead_institution="Ministerio de Hacienda",
        )
        rows = Commitment.objects.annotate(stored=SearchDocument(), computed=search_vector())
        pairs = list(rows.values_list("identifier", "stored", "computed"))
        self.assertGreater(len(pairs), 5)
        for identifier, stored, computed in pairs:
            self.assertEqual(stored, computed, identifier)
        self.assertIn("particip", pairs[-1][1])  # the Spanish text, stemmed

    def test_postgresql_stored_title_vector_ranks_like_rank_vector(self):
        # Migration 0008 stores rank_vector() in a generated column that the ranking reads;
        # the two must give every match the same rank.
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL only")
        from django.contrib.postgres.search import SearchRank

        from commitments.search import TitleVector, rank_vector, search_query

        data.build()
        plan = f.make_action_plan(f.make_member(name="Chile"))
        f.make_commitment(plan, title="Budget transparency: open budget data", short_title="")
        f.make_commitment(
            plan,
            title="Open budget",
            title_es="Participación ciudadana en el presupuesto",
            short_title_fr="Budget participatif",
        )
        for text in ("budget", "open data", "transparency -budget", "participacion presupuesto"):
            query = search_query(text)
            ranks = (
                CommitmentFilter({"q": text})
                .qs.annotate(
                    stored=SearchRank(TitleVector(), query),
                    computed=SearchRank(rank_vector(), query),
                )
                .values_list("identifier", "stored", "computed")
            )
            self.assertTrue(ranks, text)
            for identifier, stored, computed in ranks:
                self.assertAlmostEqual(stored, computed, places=6, msg=(text, identifier))
            if text == "budget":  # in the new title: ranked above zero
                self.assertGreater(max(stored for _i, stored, _c in ranks), 0)


def test_facet_links_are_the_query_with_one_parameter_replaced():
    from commitments.facets import _link

    def expected(query, name, values, **extra):  # what QueryDict itself gives
        narrowed = query.copy()
        narrowed.pop("page", None)
        narrowed.setlist(name, values)
        for key, value in extra.items():
            narrowed[key] = value
        return "?" + narrowed.urlencode()

    for raw in (
        "",
        "page=3",
        "region=europe&q=open+data&page=2",
        "policy_area=a&policy_area=b&x=é",
    ):
        query = QueryDict(raw)
        pairs = [(key, value) for key, values in query.lists() for value in values]
        for name, values, extra in (
            ("region", ["asia"], {}),
            ("policy_area", ["a", "c"], {"match": "all"}),
            ("q", ["a&b"], {}),
        ):
            assert _link(pairs, name, values, **extra) == expected(query, name, values, **extra)


class ExplorerRowsTests(TestCase):
    """A row's policy areas come from the reference lists, and from the database for an area
    the lists do not hold yet (another process may read older lists for a second)."""

    def test_an_area_missing_from_the_lists_is_read(self):
        from commitments.models import Commitment
        from commitments.views import _rows, row_values

        plan = f.make_action_plan(f.make_member(name="Chile"))
        commitment = f.make_commitment(plan, [f.policy_area("open-data"), f.policy_area("gender")])
        commitment.primary_policy_area = f.policy_area("open-data")
        commitment.save()
        page = row_values(Commitment.objects.filter(pk=commitment.pk))
        with self.assertNumQueries(3):  # the row, its tags, the two areas the lists lack
            (row,) = _rows(page, {})
        self.assertEqual(row.primary_area.slug, "open-data")
        self.assertEqual([str(area) for area in row.areas], [f.policy_area("gender").name])
