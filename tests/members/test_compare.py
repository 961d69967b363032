"""Members side by side (`members.compare`): the profile's figures per member in one table,
refused input with a clear message, the export, the forms that lead there, the page cache."""

import csv
import io
import json
import zipfile
from html.parser import HTMLParser

from django.core.cache import cache
from django.test import TestCase, override_settings
from openpyxl import load_workbook

import ogp.page_cache
from commitments.models import ActionPlan, Commitment
from irm.findings import STAR_DECIDED, STARRED
from irm.models import GlobalReportDimension, IrmReport
from irm.services import refresh_findings
from members.models import Member, Region
from tests import factories as f
from tests.members.test_profile import build_seoul

SEOUL, KENYA, MONGOLIA = "seoul-south-korea", "kenya", "mongolia"
NOT_ASSESSED = "N/A — not assessed by the 2021+ method"


class Table(HTMLParser):
    """The comparison table as {row label: [cell text, one per member]} (a label's first
    row), the columns' names and the data-labels of each row's cells."""

    def __init__(self):
        super().__init__()
        self.rows, self.columns, self.labels = {}, [], []
        self.in_table = self.in_head = False
        self.cell = self.row = None
        self.current_label = None
        self.in_note = False  # a row's note is not part of its label

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "compare" in (attrs.get("class") or ""):
            self.in_table = True
        if not self.in_table:
            return
        if tag == "thead":
            self.in_head = True
        elif tag == "tr":
            self.row, self.row_labels = [], []
        elif tag in ("th", "td"):
            self.cell = []
            if tag == "td":
                self.row_labels.append(attrs.get("data-label"))
        elif tag == "span" and "compare__note" in (attrs.get("class") or ""):
            self.in_note = True
        elif tag in ("br", "li") and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag):
        if not self.in_table:
            return
        if tag == "table":
            self.in_table = False
        elif tag == "span":
            self.in_note = False  # a note holds no other span
        elif tag == "thead":
            self.in_head = False
        elif tag in ("th", "td") and self.cell is not None:
            text = " ".join("".join(self.cell).split())
            if tag == "th" and not self.in_head and not self.row:
                self.current_label = text
            self.row.append(text)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.in_head:
                self.columns = self.row[1:]
            elif len(self.row) > 1:
                self.rows.setdefault(self.row[0], self.row[1:])  # the first of a label
                self.labels.append((self.row[0], self.row_labels))
            self.row = None

    def handle_data(self, data):
        if self.cell is not None and not self.in_note:
            self.cell.append(data)


def table(response):
    parser = Table()
    parser.feed(response.content.decode())
    return parser


def build_others():
    """A member whose only plan is of the 2021+ method (no stars, no Major/Outstanding), and
    one whose plan the IRM does not cover (no IRM data)."""
    refresh = f.make_member(name="Refreshland", commitment_prefix="RF")
    plan = f.make_action_plan(refresh, number=1, start_year=2022, end_year=2024)
    review = f.make_report(plan, type=IrmReport.Type.ACTION_PLAN_REVIEW, year=2022)
    results = f.make_report(plan, type=IrmReport.Type.RESULTS, year=2025)
    commitment = f.make_commitment(plan)
    f.make_assessment(commitment, review, verifiable=True, potential_results="substantial")
    f.make_assessment(
        commitment, results, completion="complete", early_results_refresh="significant"
    )
    uncovered = f.make_member(name="Uncoveredland", commitment_prefix="UC")
    plan = f.make_action_plan(uncovered, irm_coverage=ActionPlan.IrmCoverage.NOT_COVERED)
    f.make_commitment(plan)
    f.make_member(name="Hiddenland", published=False, commitment_prefix="HI")
    refresh_findings(Commitment.objects.all())
    return refresh, uncovered


class CompareDataMixin:
    @classmethod
    def setUpTestData(cls):
        cls.seoul = build_seoul()
        cls.refresh, cls.uncovered = build_others()

    def setUp(self):
        cache.clear()

    def compare(self, *slugs, **extra):
        return self.client.get("/compare/", {"members": ",".join(slugs), **extra})


class CompareFiguresTests(CompareDataMixin, TestCase):
    def test_the_profiles_figures_per_member_in_one_table(self):
        response = self.compare(SEOUL, KENYA)
        self.assertEqual(response.status_code, 200)
        page = table(response)
        self.assertEqual(page.columns, ["Seoul, South Korea", "Kenya"])
        rows = page.rows
        self.assertEqual(rows["Action plans"], ["2", "1"])
        self.assertEqual(rows["Commitments"][0], "8")  # 5 + 3
        # Seoul's first plan as its profile shows it: Major 1, Outstanding 0, Starred 0.
        seoul_1, kenya_1 = rows["Action Plan 1"]
        self.assertIn("5 commitments", seoul_1)
        self.assertIn("Major: 1 Outstanding: 0 Starred commitments: 0", seoul_1)
        self.assertIn("Major: 4 Outstanding: 7 Starred commitments: 2", kenya_1)
        # Its second plan is pending: the three counts share the state, never a zero.
        seoul_2, kenya_2 = rows["Action Plan 2"]
        self.assertIn("Major, Outstanding, Starred commitments: Pending IRM review", seoul_2)
        self.assertEqual(kenya_2, "No action plan of this number")
        # The best plan: the most where measured, with the plan that reaches it.
        self.assertEqual(
            rows["Major: most in one action plan"],
            ["1 (Action Plan 1)"] * 1 + ["4 (Action Plan 1)"],
        )
        self.assertEqual(
            rows["Outstanding: most in one action plan"], ["0 (Action Plan 1)", "7 (Action Plan 1)"]
        )

    def test_missing_data_is_marked_as_the_profile_marks_it(self):
        rows = table(self.compare(self.refresh.slug, self.uncovered.slug)).rows
        refresh_1, uncovered_1 = rows["Action Plan 1"]
        self.assertIn(f"Major, Outstanding, Starred commitments: {NOT_ASSESSED}", refresh_1)
        self.assertIn("Major, Outstanding, Starred commitments: No IRM data", uncovered_1)
        for name in ("Major", "Outstanding", "Starred commitments"):
            self.assertEqual(
                rows[f"{name}: most in one action plan"], [NOT_ASSESSED, "No IRM data"], name
            )
        self.assertEqual(rows["Star share"], ["No commitment whose star the IRM decided"] * 2)
        # Participation: none recorded, so its state by the plan's coverage.
        participation = page_participation(self.compare(self.refresh.slug, self.uncovered.slug))
        self.assertEqual(participation["Action Plan 1"], ["Pending IRM review", "No IRM data"])

    def test_star_share_states_its_base(self):
        rows = table(self.compare(SEOUL, KENYA)).rows
        kenya = Member.objects.get(slug=KENYA)
        mine = Commitment.objects.published().filter(action_plan__member=kenya)
        decided = mine.filter(STAR_DECIDED).count()
        starred = mine.filter(STARRED).count()
        self.assertEqual((starred, decided), (2, 3))  # the data is what the test assumes
        self.assertEqual(
            rows["Star share"][1],
            f"{round(100 * starred / decided)}% of the {decided} commitments the IRM could "
            f"star ({starred} starred)",
        )

    def test_participation_levels_per_plan(self):
        participation = page_participation(self.compare(SEOUL, KENYA))
        self.assertEqual(
            participation["Action Plan 1"][0],
            "Development: Involve, open Implementation: Consult, closed",
        )
        self.assertEqual(participation["Action Plan 2"][0], "Pending IRM review")

    def test_global_report_codes_and_scores_are_the_profiles(self):
        response = self.compare(SEOUL, MONGOLIA)
        rows = table(response).rows
        profile = self.client.get(self.seoul.get_absolute_url()).content.decode()
        codes = profile_codes(profile)
        self.assertTrue(codes)
        for dimension, met in codes.items():
            self.assertEqual(rows_in_section(response, "codes")[dimension][0], " ".join(met))
        scores = rows_in_section(response, "scores")
        self.assertEqual(
            scores["Civic Space"][0], "Civic space rating (CIVICUS Monitor, 2019): 62.50 / 100"
        )
        self.assertEqual(scores["Civic Space"][1], "None recorded")
        self.assertEqual(rows["Civic Space"], rows_in_section(response, "codes")["Civic Space"])

    def test_each_cell_is_labelled_with_its_member_for_the_stacked_layout(self):
        page = table(self.compare(SEOUL, KENYA))
        self.assertGreater(len(page.labels), 20)
        for label, cells in page.labels:
            self.assertEqual(cells, ["Seoul, South Korea", "Kenya"], label)

    def test_the_queries_do_not_grow_with_members_or_plans(self):
        others = [f.make_member(name=f"Extra {n}", commitment_prefix=f"X{n}") for n in range(2)]
        for member in others:
            for number in (1, 2, 3):
                plan = f.make_action_plan(member, number=number)
                f.make_participation(plan, development_level="consult")
                f.make_assessment(f.make_commitment(plan), early_results="major")
        refresh_findings(Commitment.objects.all())
        # The members, their plans, the plan figures, and the Global Report's dimensions,
        # counts and scores.
        with self.assertNumQueries(6):
            two = self.compare(SEOUL, KENYA)
        with self.assertNumQueries(6):
            four = self.compare(SEOUL, KENYA, *(member.slug for member in others))
        self.assertEqual(two.status_code, 200)
        self.assertEqual(len(table(four).columns), 4)
        self.assertIn("Action Plan 3", table(four).rows)


class CompareLanguageTests(CompareDataMixin, TestCase):
    """A name shown in its English fallback on a Spanish page (a region, a Global Report
    dimension) is marked lang="en"; a translated name is not."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Region.objects.filter(slug="asia-and-the-pacific").update(name_es="Asia y el Pacífico")
        GlobalReportDimension.objects.filter(slug="civic-space").update(name_es="Espacio cívico")

    def spanish(self):
        response = self.client.get("/es/compare/", {"members": f"{SEOUL},{KENYA}"})
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_an_untranslated_name_is_marked_english(self):
        html = self.spanish()
        # Kenya's region, untranslated: its name alone is English, after the kind in Spanish.
        self.assertIn('Nacional · <span lang="en">Africa and the Middle East</span></td>', html)
        # A dimension without its Spanish name heads its rows in both sections, marked.
        self.assertEqual(html.count('<th scope="row"><span lang="en">Open Policy Making</span>'), 2)

    def test_a_translated_name_is_not_marked(self):
        html = self.spanish()
        self.assertIn("Local · Asia y el Pacífico</td>", html)
        self.assertEqual(html.count('<th scope="row">Espacio cívico</th>'), 2)
        self.assertNotIn('lang="en">Asia', html)
        self.assertNotIn('lang="en">Espacio', html)
        # Nor is anything marked on the English page, where English is the page's language.
        english = self.compare(SEOUL, KENYA).content.decode()
        self.assertNotIn('<span lang="en">', english)


def page_participation(response):
    return rows_in_section(response, "participation")


def rows_in_section(response, kind):
    """{row label: cells} of the section of the comparison with rows of `kind`."""
    titles = {
        "participation": "Public participation: level of public influence",
        "codes": "OGP Global Report: IRM-based findings",
        "scores": "Third-party scores",
    }
    html = response.content.decode()
    start = html.index(titles[kind])
    body = html[start : html.index("</tbody>", start)]
    parser = Table()
    parser.feed(f'<table class="compare"><tbody><tr><th>{body}</table>')
    return parser.rows


def profile_codes(html):
    """{dimension: [codes met]} of a profile's "IRM-based findings per dimension" table."""

    class Codes(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found, self.inside, self.row, self.cell = {}, False, None, None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "table" and "findings" in (attrs.get("class") or ""):
                self.inside = True
            elif self.inside and tag == "tr":
                self.row = []
            elif self.inside and tag in ("th", "td"):
                self.cell = {"class": attrs.get("class") or "", "text": ""}

        def handle_endtag(self, tag):
            if tag == "table":
                self.inside = False
            elif self.inside and tag in ("th", "td") and self.cell is not None:
                self.row.append(self.cell)
                self.cell = None
            elif self.inside and tag == "tr" and self.row:
                head, *cells = self.row
                if cells and "code" in cells[0]["class"] and head["text"] != "Dimension":
                    met = [c["text"].replace("Yes", "") for c in cells if "code--met" in c["class"]]
                    self.found[head["text"].strip()] = [code.strip() for code in met]
                self.row = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell["text"] += data

    parser = Codes()
    parser.feed(html)
    return parser.found


class CompareInputTests(CompareDataMixin, TestCase):
    def assertRefused(self, response, message):
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "This comparison cannot be shown:", status_code=400)
        self.assertContains(response, message, status_code=400)
        self.assertNotContains(response, 'class="data stacked compare"', status_code=400)

    def test_the_page_without_a_choice_offers_the_form(self):
        response = self.client.get("/compare/")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "cannot be shown")
        self.assertContains(response, 'name="member"', count=2)

    def test_too_few_too_many_unknown_and_twice(self):
        self.assertRefused(self.compare(), "Choose at least 2 members to compare (0 given).")
        self.assertRefused(self.compare(SEOUL), "Choose at least 2 members to compare (1 given).")
        five = [SEOUL, KENYA, MONGOLIA, self.refresh.slug, self.uncovered.slug]
        self.assertRefused(self.compare(*five), "Compare at most 4 members at a time (5 given).")
        self.assertRefused(
            self.compare(SEOUL, "nowhere"), "No published member has the key “nowhere”"
        )
        self.assertRefused(self.compare(SEOUL, "hiddenland"), "the key “hiddenland”")
        self.assertRefused(
            self.compare(SEOUL, SEOUL), "“seoul-south-korea” is given more than once."
        )
        self.assertRefused(self.client.get("/compare/?members=,,,"), "(0 given)")

    def test_many_members_are_one_message_and_no_lookup(self):
        # As many as a request line holds (gunicorn's limit is 4094 bytes).
        with self.assertNumQueries(0):
            response = self.client.get("/compare/", {"members": ",".join(["x" * 80] * 45)})
        self.assertRefused(response, "Compare at most 4 members at a time (45 given).")
        self.assertContains(response, "is given more than once", count=1, status_code=400)
        self.assertContains(response, f"“{'x' * 59}…”", status_code=400)

    def test_garbage_is_a_message_not_an_error(self):
        for value in ("<script>", "a" * 5000, "é,ü", "%", SEOUL + ",'; drop table"):
            response = self.client.get("/compare/", {"members": value})
            self.assertEqual(response.status_code, 400, value)

    def test_refused_page_keeps_the_members_found_to_add_one(self):
        response = self.compare(SEOUL)
        self.assertContains(
            response, f'<input type="hidden" name="members" value="{SEOUL}">', status_code=400
        )

    def test_the_directorys_boxes_send_one_value_each(self):
        response = self.client.get(f"/compare/?members={SEOUL}&members={KENYA}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(table(response).columns, ["Seoul, South Korea", "Kenya"])

    def test_a_member_typed_by_name_leads_to_the_comparisons_address(self):
        response = self.compare(SEOUL, member="kenya")
        self.assertRedirects(response, f"/compare/?members={SEOUL}%2C{KENYA}")
        response = self.compare(SEOUL, member="Mongol")  # part of one member's name
        self.assertRedirects(response, f"/compare/?members={SEOUL}%2C{MONGOLIA}")
        response = self.client.get("/es/compare/", {"members": SEOUL, "member": "Kenya"})
        self.assertRedirects(response, f"/es/compare/?members={SEOUL}%2C{KENYA}")

    def test_a_typed_name_that_names_nobody_or_several_is_explained(self):
        self.assertRefused(
            self.compare(SEOUL, member="Atlantis"), "No published member is called “Atlantis”."
        )
        self.assertRefused(self.compare(SEOUL, member="land"), "is in the names of several members")
        self.assertRefused(self.compare(SEOUL, member="Seoul"), "is given more than once")
        # The empty field of the profile's form: one member, so a message and the form.
        self.assertRefused(self.compare(SEOUL, member=""), "(1 given)")

    def test_a_member_can_be_removed_when_more_than_two(self):
        response = self.compare(SEOUL, KENYA, MONGOLIA)
        self.assertContains(response, f'href="/compare/?members={KENYA}%2C{MONGOLIA}"')
        self.assertNotContains(self.compare(SEOUL, KENYA), "Remove")


class LinksToTheComparisonTests(CompareDataMixin, TestCase):
    def test_the_profile_has_a_compare_with_form(self):
        html = self.client.get(self.seoul.get_absolute_url()).content.decode()
        self.assertInHTML(f'<input type="hidden" name="members" value="{SEOUL}">', html, count=1)
        self.assertIn('<form class="compare-with" method="get" action="/compare/">', html)
        self.assertIn('<label for="compare-with">Compare with…</label>', html)
        spanish = self.client.get(f"/es{self.seoul.get_absolute_url()}").content.decode()
        self.assertIn('action="/es/compare/"', spanish)

    def test_the_directory_has_a_box_per_member(self):
        response = self.client.get("/members/")
        html = response.content.decode()
        self.assertIn('<form class="compare-pick" method="get" action="/compare/"', html)
        published = Member.objects.published().count()
        self.assertEqual(html.count('type="checkbox" name="members"'), published)
        self.assertInHTML(f'<input type="checkbox" name="members" value="{SEOUL}">', html, count=1)


class CompareExportTests(CompareDataMixin, TestCase):
    def export(self, export_format, *slugs):
        response = self.client.get(f"/compare/export.{export_format}", {"members": ",".join(slugs)})
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return response, body

    def test_csv_one_row_per_member_and_figure(self):
        response, body = self.export("csv", SEOUL, self.refresh.slug)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("ogp-comparison-", response["Content-Disposition"])
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))

        def find(member, figure, plan=""):
            return [
                row
                for row in rows
                if row["member"] == member
                and row["figure"] == figure
                and row["action_plan"] == plan
            ]

        (major,) = find(SEOUL, "major", "1")
        self.assertEqual((major["value"], major["state"]), ("1", "measured"))
        (pending,) = find(SEOUL, "major", "2")
        self.assertEqual((pending["value"], pending["state"]), ("", "pending"))
        (starred,) = find(self.refresh.slug, "starred", "1")
        self.assertEqual((starred["value"], starred["state"]), ("", "not_assessed"))
        (best,) = find(self.refresh.slug, "best_major")
        self.assertEqual((best["value"], best["state"]), ("", "not_assessed"))
        (share,) = find(SEOUL, "star_share")
        self.assertEqual(share["base"], "5")
        (development,) = find(SEOUL, "development_level", "1")
        self.assertEqual(development["value"], "involve")
        (openness,) = find(SEOUL, "implementation_open", "1")
        self.assertEqual(openness["value"], "0")
        (score,) = find(SEOUL, "third_party_score")
        self.assertEqual(
            (score["dimension"], score["indicator"], score["value"], score["base"], score["year"]),
            ("civic-space", "Civic space rating", "62.5", "100.0", "2019"),
        )
        self.assertEqual(len(find(SEOUL, "global_report_codes")), 6)

    def test_json_has_the_same_rows_and_says_where_it_came_from(self):
        _response, body = self.export("csv", SEOUL, KENYA)
        csv_rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        response, body = self.export("json", SEOUL, KENYA)
        self.assertEqual(response.status_code, 200)
        data = json.loads(body)
        self.assertEqual(data["meta"]["members"], [SEOUL, KENYA])
        self.assertTrue(data["meta"]["page"].endswith(f"/compare/?members={SEOUL}%2C{KENYA}"))
        self.assertEqual(len(data["comparison"]), len(csv_rows) - 1)
        self.assertEqual(list(data["comparison"][0]), csv_rows[0])
        major = [
            row for row in data["comparison"] if row["member"] == KENYA and row["figure"] == "major"
        ]
        self.assertEqual(major, [{**major[0], "value": 4, "state": "measured"}])

    def test_xlsx_is_a_workbook(self):
        response, body = self.export("xlsx", SEOUL, KENYA)
        self.assertEqual(response.status_code, 200)
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            self.assertIn("Seoul, South Korea", archive.read("xl/worksheets/sheet1.xml").decode())

    def test_every_format_says_where_it_came_from(self):
        response, body = self.export("json", SEOUL, KENYA)
        provenance = json.loads(body)["meta"]["provenance"]
        page = f"http://testserver/compare/?members={SEOUL}%2C{KENYA}"
        self.assertEqual(provenance["url"], page)
        self.assertEqual(provenance["filters"], "Members: Seoul, South Korea, Kenya")
        self.assertEqual(provenance["title"], "OGP members compared")
        self.assertIn(page, provenance["citation"])
        response, body = self.export("csv", SEOUL, KENYA)
        self.assertTrue(body.decode("utf-8-sig").startswith("member,member_name,figure,"))
        self.assertIn(f'<{page}>; rel="alternate"', response["Link"])
        self.assertEqual(response["X-OGP-Data-Version"], provenance["data_version"])
        response, body = self.export("xlsx", SEOUL, KENYA)
        workbook = load_workbook(io.BytesIO(body))
        self.assertEqual(workbook.sheetnames, ["comparison", "About"])
        lines = dict(workbook["About"].iter_rows(values_only=True))
        self.assertEqual(lines["Address"], page)
        self.assertEqual(lines["How to cite"], provenance["citation"])
        sheet = workbook["comparison"]
        self.assertEqual((sheet.freeze_panes, sheet.auto_filter.ref[:3]), ("A2", "A1:"))
        self.assertTrue(sheet["A1"].font.b)

    def test_bad_input_is_a_400_with_reasons(self):
        for slugs in ((), (SEOUL,), (SEOUL, "nowhere"), (SEOUL, SEOUL), (SEOUL,) * 5):
            response, body = self.export("csv", *slugs)
            self.assertEqual(response.status_code, 400, slugs)
            details = json.loads(body)["details"]
            self.assertTrue(details and all(d["parameter"] == "members" for d in details))
        self.assertEqual(
            self.client.get(f"/compare/export.pdf?members={SEOUL},{KENYA}").status_code, 404
        )

    def test_a_formula_in_a_name_is_defused(self):
        member = f.make_member(name='=HYPERLINK("http://evil.example","x")', slug="evil")
        f.make_action_plan(member)
        _response, body = self.export("csv", SEOUL, member.slug)
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
        names = {row["member_name"] for row in rows if row["member"] == "evil"}
        self.assertEqual(names, {'\'=HYPERLINK("http://evil.example","x")'})

    @override_settings(EXPORT_THROTTLE_RATE="1/minute")
    def test_throttled_like_the_explorers_exports(self):
        first, _body = self.export("csv", SEOUL, KENYA)
        self.assertEqual(first.status_code, 200)
        second, _body = self.export("json", SEOUL, KENYA)
        self.assertEqual(second.status_code, 429)
        self.assertIn("Retry-After", second)
        # The explorer's exports and the comparison's share the limit.
        self.assertEqual(self.client.get("/commitments/export.csv").status_code, 429)

    def test_export_queries_do_not_grow_with_members(self):
        # The comparison's six, and the data version its provenance names.
        with self.assertNumQueries(7):
            self.export("csv", SEOUL, KENYA)
        with self.assertNumQueries(7):
            self.export("csv", SEOUL, KENYA, MONGOLIA, self.refresh.slug)


@override_settings(OGP_PAGE_CACHE=True, OGP_DATA_VERSION_MAX_AGE=60)
class CompareCacheTests(CompareDataMixin, TestCase):
    def setUp(self):
        super().setUp()
        ogp.page_cache.recent_pages.clear()

    def tearDown(self):
        ogp.page_cache.recent_pages.clear()

    def test_stored_like_the_other_public_pages_and_keyed_by_language(self):
        url = f"/compare/?members={SEOUL},{KENYA}"
        first = self.client.get(url)
        self.assertEqual(first.status_code, 200)
        self.assertIn("ETag", first)
        with self.assertNumQueries(0):
            second = self.client.get(url)
        self.assertEqual(second.content, first.content)
        spanish = self.client.get(f"/es{url}")
        self.assertEqual(spanish["Content-Language"], "es")
        self.assertContains(spanish, "Comparar miembros")
        # A refused comparison is never stored.
        self.assertEqual(self.client.get(f"/compare/?members={SEOUL}").status_code, 400)
        self.assertEqual(self.client.get(f"/compare/?members={SEOUL}").status_code, 400)

    def test_the_canonical_url_keeps_the_members(self):
        html = self.client.get(f"/compare/?members={SEOUL},{KENYA}").content.decode()
        self.assertIn(
            f'<link rel="canonical" href="http://testserver/compare/?members={SEOUL},{KENYA}">',
            html,
        )
