"""The explorer's charts (commitments:charts): the counts of each chart against the filtered
set and the explorer's own counts, the table beside each chart, the shares' bases (an
unassessed commitment is never a zero), permalinks, bad filters, a constant query count."""

import re
from urllib.parse import urlencode
from xml.etree import ElementTree

from django.http import QueryDict
from django.test import TestCase, override_settings

from commitments.filters import CommitmentFilter
from commitments.models import Commitment
from irm.stacks import SHARE_COUNTS, STACKS, stack_parts
from tests import factories as f
from tests.commitments import test_explorer_data as data

URL = "/commitments/charts/"
RESULTS_URL = "/commitments/charts/early-results/"
EXPLORER = "/commitments/"
SVG = "{http://www.w3.org/2000/svg}"


def build():
    """Six commitments, each there for a count: two plans of 2015 (Europe) and 2021 (Africa)."""
    europe = f.make_member(name="Estonia", region=f.region("europe"))
    africa = f.make_member(name="Ghana", region=f.region("africa-and-the-middle-east"))
    plan_2015 = f.make_action_plan(europe, start_year=2015, end_year=2017, submission_year=2015)
    plan_2021 = f.make_action_plan(africa, start_year=2021, end_year=2023, submission_year=2021)
    open_data, rti, gender = (
        f.policy_area(slug) for slug in ("open-data", "right-to-information", "gender")
    )
    c = {
        # Both under access-to-information: the parent counts the second once, not twice.
        "starred": f.make_commitment(plan_2015, [open_data]),
        "not_starred": f.make_commitment(plan_2015, [open_data, rti]),
        # Pending: in the year's bar, in no share's base.
        "pending": f.make_commitment(plan_2015),
        # Assessed at mid-term only: completion, no "did it open government?", star pending.
        "mid_term": f.make_commitment(plan_2015),
        # 2021+: no star, no "did it open government?" (the method does not assess either).
        "refresh": f.make_commitment(plan_2021, [gender]),
        "no_data": f.make_commitment(plan_2021),
    }
    star_method = {"irm_state": "assessed", "irm_method": "2011"}
    values = {
        "starred": {
            **star_method,
            "irm_completion": "complete",
            "irm_early_results": "major",
            "irm_starred": True,
        },
        "not_starred": {
            **star_method,
            "irm_completion": "limited",
            "irm_early_results": "did_not_change",
            "irm_starred": False,
        },
        "pending": {"irm_state": "pending", "irm_method": "2011"},
        "mid_term": {**star_method, "irm_completion": "substantial"},
        "refresh": {
            "irm_state": "assessed",
            "irm_method": "2021",
            "irm_completion": "complete",
            "irm_early_results_refresh": "significant",
        },
        "no_data": {"irm_state": "no_data", "irm_method": "2021"},
    }
    for key, stored in values.items():
        Commitment.objects.filter(pk=c[key].pk).update(**stored)
    return c


def table_rows(html, caption_text):
    """The rows of the table with this caption, as lists of cell texts."""
    match = re.search(
        r"<caption[^>]*>" + re.escape(caption_text) + r"</caption>(.*?)</table>", html, re.S
    )
    assert match, caption_text
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", match.group(1), re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([re.sub(r"<[^>]+>", "", cell).strip() for cell in cells])
    return rows


class ChartFiguresTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.c = build()

    def charts(self, url=URL, query=None):
        response = self.client.get(url, query or {})
        self.assertEqual(response.status_code, 200)
        return response, response.context["charts"]

    def test_years_stacked_by_completion(self):
        response, charts = self.charts()
        keys = [part.key for part in charts.parts]
        by_year = {row.year: dict(zip(keys, row.parts, strict=True)) for row in charts.years}
        self.assertEqual(sorted(by_year), [2015, 2021])
        self.assertEqual(
            {key: n for key, n in by_year[2015].items() if n},
            {"complete": 1, "limited": 1, "substantial": 1, "pending": 1},
        )
        self.assertEqual(
            {key: n for key, n in by_year[2021].items() if n}, {"complete": 1, "no_data": 1}
        )
        # The table beside the chart: only the columns some year has, and the totals.
        rows = table_rows(response.text, "Commitments by submission year and Completion")
        self.assertEqual(
            rows[0],
            ["Year", "Limited", "Substantial", "Complete", "Pending IRM review", "No IRM data",
             "Total"],
        )  # fmt: skip
        self.assertEqual(rows[1], ["2015", "1", "1", "1", "1", "0", "4"])
        self.assertEqual(rows[2], ["2021", "0", "0", "1", "0", "1", "2"])
        self.assertEqual(rows[3], ["All years", "1", "1", "2", "1", "1", "6"])

    def test_years_stacked_by_early_results(self):
        response, charts = self.charts(RESULTS_URL)
        keys = [part.key for part in charts.parts]
        by_year = {row.year: dict(zip(keys, row.parts, strict=True)) for row in charts.years}
        self.assertEqual(
            {key: n for key, n in by_year[2015].items() if n},
            {"major": 1, "did_not_change": 1, "not_reported": 1, "pending": 1},
        )
        # The 2021+ method does not assess "did it open government?": not "not reported".
        self.assertEqual(
            {key: n for key, n in by_year[2021].items() if n}, {"not_assessed": 1, "no_data": 1}
        )
        self.assertContains(response, "Commitments by submission year and Did it open government?")

    def test_every_commitment_is_in_exactly_one_part(self):
        for finding in ("completion", "early_results"):
            parts = stack_parts(finding)
            for commitment in Commitment.objects.published():
                matching = [
                    part.key
                    for part in parts
                    if Commitment.objects.filter(part.condition, pk=commitment.pk).exists()
                ]
                # The first part that matches is the commitment's (the grouped query's CASE):
                # "not reported" (any assessed commitment) comes after the values.
                self.assertTrue(matching, (finding, commitment.title))
                if matching[0] != "not_reported":
                    self.assertNotIn(matching[0], matching[1:])

    def test_shares_have_their_bases_and_ignore_the_unassessed(self):
        response, charts = self.charts()
        year_2015, year_2021 = charts.years
        # Of the four 2015 commitments, the star is decided for two and "did it open
        # government?" rated for two: the pending and the mid-term one are in neither base.
        self.assertEqual((year_2015.starred, year_2015.star_decided), (1, 2))
        self.assertEqual((year_2015.strong, year_2015.rated), (1, 2))
        self.assertEqual((year_2015.star_share, year_2015.strong_share), ("50%", "50%"))
        self.assertEqual((year_2021.star_decided, year_2021.rated), (0, 0))
        self.assertEqual((year_2021.star_share, year_2021.strong_share), ("", ""))
        rows = table_rows(
            response.text,
            "Shares starred and with major or outstanding early results, by submission year, "
            "with their bases",
        )
        self.assertEqual(rows[1], ["2015", "1", "2", "50%", "1", "2", "50%"])
        self.assertEqual(rows[2], ["2021", "0", "0", "–", "0", "0", "–"])
        self.assertEqual(rows[3], ["All years", "1", "2", "50%", "1", "2", "50%"])
        # The chart: a 50 % bar for each 2015 share; a dash, not a bar, for 2021.
        root = ElementTree.fromstring(str(charts.svgs["shares"]))
        titles = [rect.find(f"{SVG}title").text for rect in root.iter(f"{SVG}rect")]
        self.assertEqual(
            titles,
            [
                "2015: Starred, 1 of 2 (50%)",
                "2015: Major or outstanding early results, 1 of 2 (50%)",
            ],
        )
        notes = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-note"]
        self.assertEqual(notes.count("–"), 2)

    def test_regions_and_policy_areas(self):
        response, charts = self.charts()
        regions = {item.label: item.count for item in charts.regions}
        self.assertEqual(regions["Europe"], 4)
        self.assertEqual(regions["Africa and the Middle East"], 2)
        self.assertEqual(regions["Americas"], 0)
        areas = {item.label: item.count for item in charts.areas}
        # Top-level areas only; the parent counts its subtree's commitments once each.
        self.assertEqual(areas, {"Access to Information": 2, "Inclusion": 1})  # gender is under it
        rows = table_rows(response.text, "Commitments by top-level policy area")
        self.assertEqual(rows[1:], [["Access to Information", "2"], ["Inclusion", "1"]])
        self.assertIn(["Europe", "4"], table_rows(response.text, "Commitments by region"))

    def test_each_chart_is_an_image_with_a_title_a_description_and_its_table(self):
        response, charts = self.charts()
        svgs = re.findall(r"<svg .*?</svg>", response.text, re.S)
        self.assertEqual(len(svgs), 4)
        for svg in svgs:
            root = ElementTree.fromstring(svg)
            self.assertEqual(root.get("role"), "img")
            title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
            self.assertTrue(title.text and desc.text)
            self.assertEqual(root.get("aria-labelledby"), f"{title.get('id')} {desc.get('id')}")
            self.assertIsNone(re.search(r"\sstyle=", svg))
        # Each chart's figure is followed by its table in the same pair.
        pairs = re.findall(r'<div class="chart-pair">(.*?)</table>', response.text, re.S)
        self.assertEqual(len(pairs), 4)
        for pair in pairs:
            self.assertIn("<svg", pair)
            self.assertIn("<caption", pair)
        # The bars' lengths are the table's counts: Europe's bar is twice Africa's.
        root = ElementTree.fromstring(str(charts.svgs["regions"]))
        widths = {
            rect.find(f"{SVG}title").text: float(rect.get("width"))
            for rect in root.iter(f"{SVG}rect")
        }
        self.assertAlmostEqual(
            widths["Europe: 4"], 2 * widths["Africa and the Middle East: 2"], places=0
        )


class ChartsAgainstTheExplorerTests(TestCase):
    """Chart figures against the explorer's counts for the same filters."""

    @classmethod
    def setUpTestData(cls):
        data.build()
        build()

    QUERIES = [
        {},
        {"region": "europe"},
        {"policy_area": "access-to-information"},
        {"completion": ["complete", "substantial"]},
        {"starred": ["yes", "pending"], "kind": "national"},
        {"q": "budget"},
        {"year_from": "2016", "year_to": "2018", "sort": "title", "per_page": "10"},
        {"q": "budget", "plan": "1"},
        {"value": "access_to_information"},  # matched by the FilterSet's SQL
    ]

    def test_each_years_parts_and_shares_are_the_sqls(self):
        # Per year, each part counts the commitments whose first matching part it is (a
        # commitment is in one part only), and each share's count is its condition's.
        checked = 0
        for query in self.QUERIES:
            filters = {k: v for k, v in query.items() if k not in ("per_page",)}
            expected = CommitmentFilter(QueryDict(urlencode(filters, doseq=True))).qs
            for stack, url in (("completion", URL), ("early_results", RESULTS_URL)):
                with self.subTest(query=query, stack=stack):
                    charts = self.client.get(url, query).context["charts"]
                    parts = stack_parts(STACKS[stack])
                    for year in charts.years:
                        in_year = expected.filter(action_plan__submission_year=year.year)
                        counts, left = [], in_year
                        for part in parts:
                            counts.append(left.filter(part.condition).count())
                            left = left.exclude(part.condition)
                        self.assertEqual(year.parts, counts)
                        self.assertEqual(year.total, in_year.count())
                        for name, condition in SHARE_COUNTS.items():
                            self.assertEqual(
                                getattr(year, name), in_year.filter(condition).count(), name
                            )
                        checked += year.total
        self.assertGreater(checked, 50)

    def test_counts_match_the_filtered_set_and_the_explorer(self):
        for query in self.QUERIES:
            with self.subTest(query=query):
                filters = {k: v for k, v in query.items() if k not in ("per_page",)}
                expected = CommitmentFilter(QueryDict(urlencode(filters, doseq=True))).qs
                explorer = self.client.get(EXPLORER, query).context
                charts = self.client.get(URL, query).context["charts"]
                self.assertEqual(charts.total, expected.count())
                self.assertEqual(charts.total, explorer["total"])
                self.assertEqual(sum(year.total for year in charts.years), charts.total)
                per_year = {}
                for year in expected.values_list("action_plan__submission_year", flat=True):
                    per_year[year] = per_year.get(year, 0) + 1
                self.assertEqual({y.year: y.total for y in charts.years}, per_year)
                facets = explorer["facets"]
                self.assertEqual(
                    [(i.label, i.count) for i in charts.regions],
                    [(i.label, i.count) for i in facets["region"].items],
                )
                self.assertEqual(
                    [(i.label, i.count) for i in charts.areas],
                    [(i.label, i.count) for i in facets["policy_area"].items if i.depth == 0],
                )
                starred = expected.filter(irm_starred=True).count()
                self.assertEqual(charts.all_years.starred, starred)
                self.assertEqual(
                    charts.all_years.star_decided,
                    expected.filter(irm_starred__isnull=False).count(),
                )

    def test_permalinks_keep_the_filters(self):
        query = {"region": "europe", "completion": "complete"}
        explorer = self.client.get(EXPLORER, query)
        self.assertContains(
            explorer, 'href="/commitments/charts/?region=europe&amp;completion=complete"'
        )
        response = self.client.get(URL, query)
        # The switch, the way back to the list, and each year's link keep the filters.
        self.assertContains(
            response,
            'href="/commitments/charts/early-results/?region=europe&amp;completion=complete"',
        )
        self.assertContains(response, 'href="/commitments/?region=europe&amp;completion=complete"')
        self.assertContains(
            response,
            'href="/commitments/?region=europe&amp;completion=complete&amp;year_from=2015&amp;year_to=2015"',
        )
        # A chip removes its filter and stays on the chart page.
        self.assertContains(response, 'href="?completion=complete" class="chip"')
        # In Spanish too, under /es/.
        spanish = self.client.get("/es" + URL, query)
        self.assertEqual(spanish.status_code, 200)
        self.assertContains(spanish, 'href="/es/commitments/charts/early-results/?region=europe')

    def test_bad_filters_answer_like_the_explorer(self):
        for query, message in [
            ({"region": "atlantis"}, "atlantis is not one of"),
            ({"year_from": "twenty"}, "Enter a whole number"),
            ({"policyarea": "open-data"}, "Unknown parameter"),
            ({"year_from": "2019", "year_to": "2017"}, "must not be before"),
        ]:
            for url in (URL, RESULTS_URL):
                with self.subTest(query=query, url=url):
                    response = self.client.get(url, query)
                    self.assertContains(response, message, status_code=400)
                    self.assertContains(
                        response, "The filters could not be applied", status_code=400
                    )
                    self.assertNotContains(response, "<svg", status_code=400)

    def test_no_match_says_so(self):
        response = self.client.get(URL, {"q": "nothing-like-this-anywhere"})
        self.assertContains(response, "there is nothing to chart")
        self.assertNotContains(response, "<svg")


class ChartsQueryCountTests(TestCase):
    """As many queries with 6 commitments as with 26, filtered or not."""

    @classmethod
    def setUpTestData(cls):
        build()

    # The data version only: the reference lists and the facet index are kept for the data
    # version, the index answers these filters (the matches are its bitsets) and every count
    # is its bitsets' (by year too). A filter it does not answer adds the matches' ids.
    WARM = 1
    QUERY = {"policy_area": "access-to-information", "starred": ["yes", "pending"]}

    def test_constant_query_count(self):
        self.client.get(URL, self.QUERY)  # reads the reference lists and the facet index
        with self.assertNumQueries(self.WARM):
            self.client.get(URL, {**self.QUERY, "region": "europe"})
        with self.assertNumQueries(self.WARM + 1):
            self.client.get(URL, {**self.QUERY, "value": "access_to_information"})
        with self.assertNumQueries(self.WARM):
            self.client.get(RESULTS_URL)
        plan = f.make_action_plan(f.make_member(name="Chile", region=f.region("americas")))
        for n in range(20):
            commitment = f.make_commitment(plan, [f.policy_area("open-data")])
            Commitment.objects.filter(pk=commitment.pk).update(
                irm_state="assessed", irm_starred=n % 2 == 0, irm_early_results="major"
            )
        self.client.get(URL, self.QUERY)  # a new data version: its lists and index read once
        with self.assertNumQueries(self.WARM):
            response = self.client.get(URL, {**self.QUERY, "region": "americas"})
        self.assertEqual(response.context["charts"].total, 10)

    @override_settings(OGP_PAGE_CACHE=True, OGP_DATA_VERSION_MAX_AGE=0)
    def test_cached_like_the_pages(self):
        first = self.client.get(URL, self.QUERY)
        self.assertTrue(first.has_header("ETag"))
        self.assertIn("public", first["Cache-Control"])
        with self.assertNumQueries(1):  # the data version, nothing else
            second = self.client.get(URL, self.QUERY)
        self.assertEqual(second.content, first.content)
