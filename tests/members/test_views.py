"""The directory, action plan and commitment pages, the home page, and 404s for drafts."""

import datetime
import json
import re
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import TestCase

from commitments.models import ActionPlan, Commitment
from irm.models import IrmReport, PublishedFigures
from irm.services import refresh_findings
from members.models import Member, Region
from tests import factories as f
from tests.members.test_profile import STAR, STAR_DESIGN


class DirectoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.kenya = f.make_member(
            name="Kenya", region=f.region("africa-and-the-middle-east"), member_since=2012
        )
        plan = f.make_action_plan(cls.kenya, number=1)
        f.make_commitment(plan)
        plan = f.make_action_plan(cls.kenya, number=2, start_year=2020, end_year=2022)
        for _ in range(3):
            f.make_commitment(plan)
        f.make_commitment(plan, published=False)
        cls.seoul = f.make_member(
            name="Seoul, South Korea",
            kind=Member.Kind.LOCAL,
            region=f.region("asia-and-the-pacific"),
            member_since=2016,
        )
        cls.inactive = f.make_member(name="Atlantis", status=Member.Status.INACTIVE)
        cls.draft = f.make_member(name="Draftland", published=False)

    def setUp(self):
        cache.clear()  # the partnership-wide figures are cached

    def names(self, response):
        return [member.name for member in response.context["members"]]

    def test_lists_published_members_with_current_plan_and_its_commitments(self):
        response = self.client.get("/members/")
        self.assertEqual(self.names(response), ["Atlantis", "Kenya", "Seoul, South Korea"])
        self.assertContains(response, "3 members</p>")
        html = response.content.decode()
        self.assertInHTML(
            '<td data-label="Current action plan">'
            '<a href="/members/kenya/action-plans/2/">Action Plan 2</a> '
            '<span class="muted">2020–2022</span></td>'
            '<td class="num" data-label="Commitments">3</td>',
            html,
        )
        self.assertNotContains(response, "Draftland")

    def test_filters_by_kind_region_status_and_name(self):
        self.assertEqual(self.names(self.client.get("/members/?kind=local")), [self.seoul.name])
        self.assertEqual(
            self.names(self.client.get("/members/?region=africa-and-the-middle-east")), ["Kenya"]
        )
        self.assertEqual(self.names(self.client.get("/members/?status=inactive")), ["Atlantis"])
        response = self.client.get("/members/?q=seoul")
        self.assertEqual(self.names(response), [self.seoul.name])
        self.assertContains(response, "1 member matches, of 3")
        self.assertContains(response, "Clear filters")

    def test_sorts(self):
        self.assertEqual(
            self.names(self.client.get("/members/?sort=-name")),
            ["Seoul, South Korea", "Kenya", "Atlantis"],
        )
        self.assertEqual(self.names(self.client.get("/members/?sort=-commitments"))[0], "Kenya")
        self.assertEqual(self.names(self.client.get("/members/?sort=member_since"))[0], "Kenya")

    def test_invalid_values_give_a_message_not_an_error(self):
        response = self.client.get("/members/?kind=planet&region=mars&sort=drop&q=" + "x" * 300)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Some filters could not be applied")
        self.assertContains(response, "Kind: Select a valid choice.")
        # The invalid filters are not applied: the list is not silently narrowed.
        self.assertEqual(len(response.context["members"]), 3)

    def test_unfiltered_list_counts_once(self):
        # The count (also the total), the page of members, the form's regions.
        with self.assertNumQueries(3):
            response = self.client.get("/members/")
        self.assertEqual(response.context["total"], response.context["matching"])

    def test_constant_queries(self):
        # The region asked for, the count, the page of members, the total, the form's regions.
        with self.assertNumQueries(5):
            self.client.get("/members/?region=europe")
        for number in range(3, 8):
            f.make_commitment(f.make_action_plan(self.seoul, number=number))
        for _ in range(3):
            f.make_commitment(f.make_action_plan(f.make_member()))
        with self.assertNumQueries(5):
            self.client.get("/members/?region=europe")

    def test_an_empty_result_offers_to_clear_the_filters(self):
        response = self.client.get("/members/?q=zzz&kind=local")
        self.assertInHTML(
            '<p class="empty">No member matches these filters. '
            '<a href="/members/">Clear the filters</a></p>',
            response.content.decode(),
        )

    def test_page_numbers_around_the_current_page_and_at_both_ends(self):
        for _ in range(50):
            f.make_member()
        with mock.patch("members.views.MEMBERS_PER_PAGE", 5):  # 54 members: 11 pages
            html = self.client.get("/members/?sort=name&page=6").content.decode()
        start = html.index('<nav class="pagination"')
        nav = html[start : html.index("</nav>", start)]
        items = [
            " ".join(re.sub(r"<[^>]+>", " ", item).split())
            for item in re.findall(r"<li[^>]*>(.*?)</li>", nav)
        ]
        self.assertEqual(
            items,
            [
                "Previous",
                "Page 1",
                "…",
                "Page 4",
                "Page 5",
                "Page 6",
                "Page 7",
                "Page 8",
                "…",
                "Page 11",
                "Next",
            ],
        )
        self.assertIn('<a href="?sort=name&amp;page=11"><span class="visually-hidden">', nav)
        self.assertIn('<span class="pagination__current" aria-current="page">', nav)
        self.assertNotIn('page=6"', nav)  # the current page is not a link

    def test_pages_of_fifty(self):
        for _ in range(50):
            f.make_member()
        response = self.client.get("/members/?sort=-name")
        self.assertEqual(len(response.context["members"]), 50)
        self.assertContains(response, "53 members · showing 1–50")
        self.assertContains(response, 'href="?sort=-name&amp;page=2" rel="next"')
        second = self.client.get("/members/?sort=-name&page=2")
        self.assertEqual(self.names(second)[-2:], ["Kenya", "Atlantis"])
        self.assertEqual(len(second.context["members"]), 3)
        self.assertContains(second, "showing 51–53")
        # An invalid filter is not applied, and not carried to the next page's link either.
        invalid = self.client.get("/members/?sort=-name&kind=planet")
        self.assertContains(invalid, 'href="?sort=-name&amp;page=2" rel="next"')
        # A page number that is not one gives the first page, not an error.
        self.assertEqual(self.client.get("/members/?page=abc").status_code, 200)
        self.assertEqual(self.client.get("/members/?page=999").context["page"].number, 2)


class ActionPlanPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.member = f.make_member(name="Kenya", commitment_prefix="KE")
        cls.plan = f.make_action_plan(cls.member, start_month=12, end_month=12)
        design = f.make_report(cls.plan, type=IrmReport.Type.DESIGN, year=2017)
        report = f.make_report(cls.plan, type=IrmReport.Type.IMPLEMENTATION, year=2020)
        starred = f.make_commitment(cls.plan, title="Open contracts")
        f.make_assessment(starred, design, **{k: v for k, v in STAR.items() if k != "completion"})
        f.make_assessment(starred, report, early_results="major", completion=STAR["completion"])
        other = f.make_commitment(cls.plan, title="Budget portal")
        f.make_assessment(other, design, specificity="low")
        f.make_assessment(other, report, completion="limited")
        f.make_commitment(cls.plan, title="Hidden", published=False)
        f.make_participation(cls.plan, development_level="collaborate", development_open=True)
        cls.pending = f.make_action_plan(cls.member)
        f.make_commitment(cls.pending)
        # A plan of the 2021+ method, then a draft plan that no page links to.
        refresh = f.make_action_plan(cls.member, number=3, start_year=2022, end_year=2024)
        review = f.make_report(refresh, type=IrmReport.Type.ACTION_PLAN_REVIEW, year=2022)
        results = f.make_report(refresh, type=IrmReport.Type.RESULTS, year=2025)
        promising = f.make_commitment(refresh, title="Open registers")
        f.make_assessment(promising, review, promising=True, verifiable=True)
        f.make_assessment(
            promising, results, completion="substantial", early_results_refresh="significant"
        )
        f.make_action_plan(cls.member, number=4, published=False)
        # Only the design report out: the results are still pending.
        chile = f.make_member(name="Chile", commitment_prefix="CL")
        designed = f.make_action_plan(chile, start_year=2019, end_year=2021)
        design = f.make_report(designed, type=IrmReport.Type.DESIGN, year=2019)
        f.make_assessment(f.make_commitment(designed, title="Open courts"), design, **STAR_DESIGN)
        refresh_findings(Commitment.objects.all())

    def setUp(self):
        cache.clear()  # the partnership-wide figures are cached

    def commitment_rows(self, path):
        """{title: [the text of each finding cell]} of a plan page's list of commitments, and
        the list's headings."""
        html = self.client.get(path).content.decode()
        start = html.index('<table class="data stacked">')
        table = html[start : html.index("</table>", start)]
        headings = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r'<th scope="col">(.*?)</th>', table)
        ]
        rows = {}
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
            title = re.sub(r"<[^>]+>", "", re.search(r'<th scope="row">(.*?)</th>', row).group(1))
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            rows[title.strip()] = [" ".join(re.sub(r"<[^>]+>", "", c).split()) for c in cells[2:]]
        return headings, rows

    def test_each_commitment_shows_what_the_irm_found(self):
        headings, rows = self.commitment_rows("/members/kenya/action-plans/1/")
        self.assertEqual(headings[3:], ["Completion", "Did it open government?", "Starred"])
        self.assertEqual(rows["Open contracts"], ["Complete", "Major", "★ Yes"])
        # Assessed, but no early result recorded: "Not reported", not a blank or a zero.
        self.assertEqual(rows["Budget portal"], ["Limited", "Not reported", "No"])
        # A plan not yet reviewed: every finding pending.
        _headings, rows = self.commitment_rows("/members/kenya/action-plans/2/")
        self.assertEqual(list(rows.values()), [["Pending IRM review"] * 3])
        # The 2021+ method: its own scale of early results, and promising instead of stars.
        headings, rows = self.commitment_rows("/members/kenya/action-plans/3/")
        self.assertEqual(
            headings[3:], ["Completion", "Early results (2021+ scale)", "Promising (2021+)"]
        )
        self.assertEqual(rows["Open registers"], ["Substantial", "Significant results", "Yes"])

    def test_a_finding_no_report_measured_yet_is_pending_not_unreported(self):
        _headings, rows = self.commitment_rows("/members/chile/action-plans/1/")
        self.assertEqual(rows["Open courts"], ["Pending IRM review"] * 3)

    def test_each_finding_cell_is_labelled_on_phones(self):
        response = self.client.get("/members/kenya/action-plans/1/")
        self.assertContains(response, '<td data-label="Did it open government?">Major</td>')

    def test_links_to_the_explorer_and_the_export_of_the_plan(self):
        response = self.client.get("/members/kenya/action-plans/1/")
        self.assertContains(response, 'href="/commitments/?member=kenya&amp;plan=1"')
        for fmt in ("csv", "json", "xlsx"):
            self.assertContains(
                response, f'href="/commitments/export.{fmt}?member=kenya&amp;plan=1" download'
            )
        # The links land on the plan's two published commitments, in the explorer and the file.
        explorer = self.client.get("/commitments/?member=kenya&plan=1")
        self.assertEqual(explorer.status_code, 200)
        self.assertEqual(
            sorted(row.commitment.title for row in explorer.context["rows"]),
            ["Budget portal", "Open contracts"],
        )
        export = self.client.get("/commitments/export.json?member=kenya&plan=1")
        data = json.loads(b"".join(export.streaming_content))
        self.assertEqual(
            sorted(item["title"] for item in data["commitments"]),
            ["Budget portal", "Open contracts"],
        )

    def test_links_to_the_previous_and_next_published_plan(self):
        first = self.client.get("/members/kenya/action-plans/1/")
        self.assertContains(first, 'href="/members/kenya/action-plans/2/" rel="next"')
        self.assertNotContains(first, 'rel="prev"')
        third = self.client.get("/members/kenya/action-plans/3/")
        self.assertContains(third, 'href="/members/kenya/action-plans/2/" rel="prev"')
        self.assertNotContains(third, 'rel="next"')  # plan 4 is a draft
        self.assertNotContains(third, "/action-plans/4/")

    def test_at_a_glance_and_commitments(self):
        response = self.client.get("/members/kenya/action-plans/1/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertContains(response, "Dec 2016 – Dec 2018")
        self.assertInHTML(
            '<tr><th scope="row">Commitments</th><td class="num">2</td>'
            '<td class="num"><span class="muted">–</span></td></tr>',
            html,
        )
        self.assertInHTML(
            '<tr><th scope="row">Starred</th><td class="num">1</td><td class="num">50%</td></tr>',
            html,
        )
        self.assertInHTML(
            '<tr><th scope="row">Did it open government? Major</th><td class="num">1</td>'
            '<td class="num">50%</td></tr>',
            html,
        )
        self.assertContains(response, "Open contracts")
        self.assertNotContains(response, "Hidden")
        self.assertContains(response, "Implementation Report")

    def test_pending_plan_shows_its_state_instead_of_zeros(self):
        response = self.client.get("/members/kenya/action-plans/2/")
        self.assertInHTML(
            '<tr><th scope="row">Starred</th><td colspan="2" class="state">'
            '<span class="swatch fill-pending" aria-hidden="true"></span>Pending IRM review'
            "</td></tr>",
            response.content.decode(),
        )
        self.assertNotContains(response, '<td class="num">0%</td>')

    def test_constant_queries(self):
        # 4 + the data version the citation names + the history of the plan, its commitments
        # and reports ("Last changed").
        with self.assertNumQueries(5 + 3):
            self.client.get("/members/kenya/action-plans/1/")
        with self.assertNumQueries(5 + 2):  # no IRM report: no history of reports to read
            self.client.get("/members/kenya/action-plans/2/")


class CommitmentPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.member = f.make_member(name="Kenya", commitment_prefix="KE")
        plan = f.make_action_plan(cls.member)
        cls.assessed = f.make_commitment(
            plan,
            title="Open contracts",
            lead_institution="Treasury",
            description="Publish every contract.",
            claims_access_to_information=True,
            claims_technology=True,
            policy_areas=[f.policy_area("open-data"), f.policy_area("public-procurement")],
        )
        design = f.make_report(plan, type=IrmReport.Type.DESIGN, year=2019)
        results = f.make_report(plan, type=IrmReport.Type.IMPLEMENTATION, year=2021)
        f.make_assessment(
            cls.assessed,
            design,
            specificity="high",
            relevant_access_to_information=True,
            potential_impact="transformative",
        )
        f.make_assessment(cls.assessed, results, completion="complete", early_results="major")
        for position in range(1, 4):
            f.make_milestone(
                cls.assessed, completion="complete" if position == 1 else "in_progress"
            )
        cls.pending = f.make_commitment(plan, title="Waiting")
        uncovered = f.make_action_plan(cls.member, irm_coverage=ActionPlan.IrmCoverage.NOT_COVERED)
        cls.no_data = f.make_commitment(uncovered, title="Never reviewed")
        refresh = f.make_action_plan(cls.member, start_year=2022, end_year=2024)
        cls.refresh = f.make_commitment(refresh, title="Open registers")
        review = f.make_report(refresh, type=IrmReport.Type.ACTION_PLAN_REVIEW, year=2022)
        f.make_assessment(
            cls.refresh,
            review,
            verifiable=True,
            open_government_lens=True,
            potential_results="substantial",
            promising=True,
        )
        refresh_findings(Commitment.objects.all())

    def setUp(self):
        cache.clear()  # the partnership-wide figures are cached

    def test_review_overview_milestones_and_description(self):
        response = self.client.get("/members/kenya/commitments/KE0001/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertInHTML("<dt>Starred</dt><dd>Yes</dd>", html)
        self.assertInHTML("<dt>Did it open government?</dt><dd>Major</dd>", html)
        self.assertInHTML("<dt>Potentially starred (design)</dt><dd>Yes</dd>", html)
        self.assertInHTML("<dt>Verifiable</dt><dd>Yes</dd>", html)
        self.assertInHTML("<dt>Relevant to OGP values</dt><dd>Access to information</dd>", html)
        # The 2018–2020 method's own indicator, with the site's reading of it.
        self.assertInHTML(
            "<dt>Potential impact (2011–2020)</dt><dd>Transformative (high ambition)</dd>", html
        )
        self.assertInHTML("<dt>Completion</dt><dd>Complete</dd>", html)
        # Each policy area links to its page.
        self.assertInHTML(
            '<dd><a href="/policy-areas/open-data/">Open Data</a>, '
            '<a href="/policy-areas/public-procurement/">Public Procurement</a></dd>',
            html,
        )
        self.assertInHTML(
            "<dt>OGP values claimed</dt><dd>Access to information, Technology and innovation</dd>",
            html,
        )
        self.assertContains(response, "Treasury")
        self.assertContains(response, "timeline__item--complete", count=1)
        self.assertContains(response, "timeline__item--in_progress", count=2)
        self.assertContains(response, "Publish every contract.")

    def test_the_2021_method_reads_in_its_own_terms(self):
        html = self.client.get(self.refresh.get_absolute_url()).content.decode()
        self.assertInHTML("<dt>Promising (2021+)</dt><dd>Yes</dd>", html)
        self.assertInHTML("<dt>Open government lens (2021+)</dt><dd>Yes</dd>", html)
        self.assertInHTML(
            "<dt>Potential for results (2021+)</dt><dd>Substantial (high ambition)</dd>", html
        )
        self.assertIn("<dt>Early results (2021+ scale)</dt>", html)
        self.assertNotIn("<dt>Ambition</dt>", html)
        self.assertNotIn("Did it open government?", html)

    def test_the_action_plan_cycle_is_the_submission_year(self):
        plan = f.make_action_plan(self.member, start_year=2019, end_year=2021, submission_year=2018)
        commitment = f.make_commitment(plan)
        html = self.client.get(commitment.get_absolute_url()).content.decode()
        self.assertInHTML("<dt>Action plan cycle</dt><dd>2018</dd>", html)

    def test_a_missing_submission_year_says_not_recorded(self):
        # The column is required today; the page says so honestly if a plan ever lacks it.
        plan = ActionPlan(start_year=2019, end_year=2021, submission_year=None)
        html = render_to_string("members/commitment_detail.html#cycle", {"plan": plan})
        self.assertInHTML("<div><dt>Action plan cycle</dt><dd>Not recorded</dd></div>", html)

    def test_lowercase_identifier_finds_the_commitment(self):
        self.assertEqual(self.client.get("/members/kenya/commitments/ke0001/").status_code, 200)

    def test_pending_and_missing_reviews_have_their_display_state(self):
        pending = self.client.get(self.pending.get_absolute_url())
        # Starred, potentially starred, and the five findings.
        self.assertContains(pending, "Pending IRM review", count=7)
        no_data = self.client.get(self.no_data.get_absolute_url())
        self.assertContains(no_data, "No IRM data", count=7)

    def test_constant_queries(self):
        # + the commitment's history ("Last changed"). What the plan's published reports
        # measure (the review's pending findings) is a subquery of the commitment's query
        # (`irm.figures.with_plan_reports`): no query of its own.
        with self.assertNumQueries(5 + 1):
            self.client.get(self.assessed.get_absolute_url())
        with self.assertNumQueries(5 + 1):
            self.client.get(self.pending.get_absolute_url())


class FindingsByReportTests(TestCase):
    """The commitment page shows each report's findings side by side and marks the report
    whose value is the effective one."""

    @classmethod
    def setUpTestData(cls):
        member = f.make_member(name="Chile", commitment_prefix="CL")
        plan = f.make_action_plan(member, start_year=2014, end_year=2016, submission_year=2014)
        cls.commitment = f.make_commitment(plan, title="Open budgets")
        f.make_mid_and_end_of_term(cls.commitment)
        # More reports on another plan: a draft and a final of each, and an unpublished one.
        other = f.make_action_plan(member, start_year=2012, end_year=2014, submission_year=2012)
        cls.more = f.make_commitment(other, title="Open contracts")
        for stage in (IrmReport.Stage.DRAFT, IrmReport.Stage.FINAL):
            for kind, year in ((IrmReport.Type.PROGRESS, 2013), (IrmReport.Type.END_OF_TERM, 2015)):
                report = f.make_report(other, type=kind, year=year, stage=stage)
                f.make_assessment(cls.more, report, completion="complete")
        hidden = f.make_report(other, type=IrmReport.Type.LOCAL_REVIEW, year=2016, published=False)
        f.make_assessment(cls.more, hidden, completion="withdrawn")
        refresh_findings(Commitment.objects.all())

    def setUp(self):
        cache.clear()

    def table(self, commitment):
        response = self.client.get(commitment.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        start = html.index('<table class="data by-report">')
        return html[start : html.index("</table>", start) + len("</table>")]

    def test_both_values_with_the_end_of_term_one_effective(self):
        table = self.table(self.commitment)
        self.assertIn('<caption id="by-report-caption">Findings report by report', table)
        self.assertInHTML(
            '<th scope="col">Progress Report (mid-term)<span class="by-report__year">2015</span>'
            "</th>",
            table,
        )
        self.assertInHTML(
            '<tr><th scope="row">Completion</th><td>Limited</td>'
            '<td class="by-report__effective">Substantial <span class="effective-mark">'
            '<span aria-hidden="true">✓</span> effective</span></td></tr>',
            table,
        )
        # A design value only the progress report set is effective there; the end-of-term
        # report does not assess the design; the progress report does not assess results.
        self.assertInHTML(
            '<tr><th scope="row">Specificity (2011–2020)</th><td class="by-report__effective">'
            'High <span class="effective-mark"><span aria-hidden="true">✓</span> effective'
            '</span></td><td class="state"><span aria-hidden="true">–</span>'
            '<span class="visually-hidden">Not assessed by this report</span></td></tr>',
            table,
        )
        self.assertInHTML(
            '<tr><th scope="row">Did it open government?</th><td class="state">'
            '<span aria-hidden="true">–</span><span class="visually-hidden">Not assessed by '
            'this report</span></td><td class="by-report__effective">Major <span '
            'class="effective-mark"><span aria-hidden="true">✓</span> effective</span></td></tr>',
            table,
        )
        # Assessed by the progress report, left blank: "Not reported"; a 2011 method's rows
        # only (no 2021+ indicator).
        self.assertInHTML(
            '<tr><th scope="row">Relevance: Civic participation</th><td class="state">Not '
            'reported</td><td class="state"><span aria-hidden="true">–</span><span '
            'class="visually-hidden">Not assessed by this report</span></td></tr>',
            table,
        )
        self.assertNotIn("2021+", table)
        self.assertEqual(table.count("✓</span> effective"), 5)
        # The review above shows the effective value.
        self.assertContains(
            self.client.get(self.commitment.get_absolute_url()),
            "<dt>Completion</dt><dd>Substantial</dd>",
            html=True,
        )

    def test_reports_oldest_first_the_latest_effective_unpublished_left_out(self):
        table = self.table(self.more)
        self.assertEqual(table.count('<th scope="col">'), 5)
        self.assertEqual(table.count("Draft for public comment"), 2)
        self.assertNotIn("Withdrawn", table)
        completion = table[table.index(">Completion<") :].split("</tr>", 1)[0]
        self.assertEqual(completion.count("Complete"), 4)
        self.assertEqual(completion.count("✓</span> effective"), 1)
        self.assertTrue(completion.rstrip().endswith("effective</span></td>"))

    def test_no_table_without_assessments(self):
        commitment = f.make_commitment(self.commitment.action_plan, title="Not yet")
        self.assertNotContains(
            self.client.get(commitment.get_absolute_url()), "Findings report by report"
        )

    def test_constant_queries_as_reports_grow(self):
        # + the commitment's history ("Last changed"). The plan's reports (five for `more`)
        # come in the commitment's query (`irm.figures.with_plan_reports`).
        with self.assertNumQueries(5 + 1):
            self.client.get(self.commitment.get_absolute_url())
        cache.clear()
        with self.assertNumQueries(5 + 1):
            self.client.get(self.more.get_absolute_url())


class UnpublishedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.draft = f.make_member(name="Draftland", published=False)
        f.make_commitment(f.make_action_plan(cls.draft))
        cls.member = f.make_member(name="Kenya", commitment_prefix="KE")
        cls.draft_plan = f.make_action_plan(cls.member, published=False)
        f.make_commitment(cls.draft_plan)
        plan = f.make_action_plan(cls.member)
        cls.draft_commitment = f.make_commitment(plan, published=False)

    def setUp(self):
        cache.clear()  # the partnership-wide figures are cached

    def test_drafts_answer_404(self):
        for path in (
            "/members/draftland/",
            "/members/draftland/action-plans/1/",
            f"/members/draftland/commitments/{f.prefix_of(self.draft)}0001/",
            "/members/kenya/action-plans/1/",
            "/members/kenya/commitments/KE0001/",
            f"/members/kenya/commitments/{self.draft_commitment.identifier}/",
            "/members/kenya/commitments/NOPE/",
            "/members/kenya/action-plans/99/",
        ):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)

    def test_unpublished_national_member_is_named_but_not_linked(self):
        local = f.make_member(name="Draft City", kind=Member.Kind.LOCAL, parent=self.draft)
        response = self.client.get(local.get_absolute_url())
        self.assertContains(response, "Country: Draftland")
        self.assertNotContains(response, 'href="/members/draftland/"')

    def test_draft_plan_is_left_out_of_the_profile(self):
        response = self.client.get("/members/kenya/")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'href="/members/kenya/action-plans/1/"')
        self.assertContains(response, 'href="/members/kenya/action-plans/2/"')
        self.assertNotContains(response, "KE0001")
        self.assertNotContains(response, self.draft_commitment.identifier)


class HomeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        member = f.make_member(name="Kenya", region=f.region("africa-and-the-middle-east"))
        f.make_member(name="Seoul", kind=Member.Kind.LOCAL)
        f.make_member(name="Draftland", published=False)
        plan = f.make_action_plan(member)
        report = f.make_report(plan, type=IrmReport.Type.IMPLEMENTATION, year=2020)
        f.make_assessment(f.make_commitment(plan), report, **STAR)
        for _ in range(3):
            f.make_assessment(f.make_commitment(plan), report, specificity="low")
        refresh_findings(Commitment.objects.all())

    def setUp(self):
        cache.clear()  # the partnership-wide figures are cached

    def test_headline_figures_are_live(self):
        with self.assertNumQueries(4):  # the data version, then three counts
            response = self.client.get("/")
        html = response.content.decode()
        self.assertInHTML('<span class="stat__value">2</span>', html)
        self.assertInHTML('<span class="stat__value">25%</span>', html)
        with self.assertNumQueries(1):  # only the data version: the rest is cached
            self.client.get("/")

    def test_figures_and_regions_link_to_the_filtered_directory_and_explorer(self):
        html = self.client.get("/").content.decode()
        self.assertInHTML(
            '<span class="stat__detail"><a href="/members/?kind=national">1 national</a> · '
            '<a href="/members/?kind=local">1 local</a></span>',
            html,
        )
        self.assertInHTML('<a class="stat__label" href="/commitments/">commitments</a>', html)
        self.assertIn('<a href="/commitments/?starred=yes">1 starred commitment</a>', html)
        self.assertInHTML(
            '<tr><th scope="row"><a href="/members/?region=africa-and-the-middle-east">'
            'Africa and the Middle East</a></th><td class="num">1</td>'
            '<td><a href="/commitments/?region=africa-and-the-middle-east">Explore'
            '<span class="visually-hidden"> the commitments of Africa and the Middle East'
            "</span></a></td></tr>",
            html,
        )
        # The links land on what the figures count.
        directory = self.client.get("/members/?region=africa-and-the-middle-east")
        self.assertEqual([m.name for m in directory.context["members"]], ["Kenya"])
        explorer = self.client.get("/commitments/?region=africa-and-the-middle-east")
        self.assertEqual(explorer.context["total"], 4)
        self.assertEqual(self.client.get("/commitments/?starred=yes").context["total"], 1)

    def test_region_names_in_the_visitors_language(self):
        Region.objects.filter(slug="africa-and-the-middle-east").update(name_es="África")
        cache.clear()
        spanish = self.client.get("/es/").content.decode()
        self.assertIn(
            '<a href="/es/members/?region=africa-and-the-middle-east">África</a>', spanish
        )
        french = self.client.get("/fr/").content.decode()  # no French name: English, marked
        self.assertIn(
            '<a href="/fr/members/?region=africa-and-the-middle-east" lang="en">'
            "Africa and the Middle East</a>",
            french,
        )

    def test_a_search_box_that_searches_the_explorer(self):
        html = self.client.get("/").content.decode()
        start = html.index('<form class="home-search"')
        form = html[start : html.index("</form>", start)]
        self.assertIn('method="get" action="/commitments/"', form)
        self.assertIn('<input type="search" name="q" id="home-q" maxlength="200"', form)
        self.assertIn('<label for="home-q">Search the commitments</label>', form)
        spanish = self.client.get("/es/").content.decode()
        self.assertIn('action="/es/commitments/"', spanish)


class PublishedAtAGlanceTests(TestCase):
    """The figures an IRM report printed, beside the computed ones; the plan's own facts."""

    @classmethod
    def setUpTestData(cls):
        cls.staff = get_user_model().objects.create_user("editor", is_staff=True)
        member = f.make_member(name="Kenya", commitment_prefix="KE")
        cls.plan = f.make_action_plan(
            member,
            start_year=2018,
            end_year=2020,
            submission_year=2018,
            submission_date=datetime.date(2018, 8, 31),
            end_month=8,
            lead_institutions="Ministry of ICT\n\nOffice of the President",
        )
        design = f.make_report(cls.plan, type=IrmReport.Type.DESIGN, year=2019)
        results = f.make_report(cls.plan, type=IrmReport.Type.IMPLEMENTATION, year=2021)
        # The report printed 10 commitments, 4 starred; 3 of them are recorded here, one starred.
        PublishedFigures.objects.create(report=design, commitments=10, potential_stars=5)
        PublishedFigures.objects.create(report=results, commitments=10, starred=4, major=1)
        starred = f.make_commitment(cls.plan, status="", primary_sector="Health")
        f.make_assessment(
            starred,
            design,
            specificity="high",
            relevant_access_to_information=True,
            potential_impact="transformative",
        )
        f.make_assessment(starred, results, completion="complete", early_results="major")
        for _ in range(2):
            f.make_commitment(cls.plan)
        f.make_participation(cls.plan, development_level="consult", acted_contrary_to_process=True)
        refresh_findings(Commitment.objects.all())
        cls.url = cls.plan.get_absolute_url()
        cls.check_url = f"{cls.url}figures-check/"

    def setUp(self):
        cache.clear()

    def test_the_printed_figure_stands_beside_the_computed_one(self):
        html = self.client.get(self.url).content.decode()
        self.assertInHTML(
            '<tr><th scope="row">Starred</th><td class="num">1</td><td class="num">33%</td>'
            '<td class="num">4 <span class="meta">(Implementation Report 2021)</span></td></tr>',
            html,
        )
        # The latest report that printed a figure gives it.
        self.assertInHTML(
            '<tr><th scope="row">Commitments</th><td class="num">3</td>'
            '<td class="num"><span class="muted">–</span></td>'
            '<td class="num">10 <span class="meta">(Implementation Report 2021)</span></td></tr>',
            html,
        )
        self.assertInHTML(
            # The report's "potential stars", beside the potentially starred computed here.
            '<tr><th scope="row">Potentially starred (design)</th><td class="num">1</td>'
            '<td class="num">33%</td>'
            '<td class="num">5 <span class="meta">(Design Report 2019)</span></td></tr>',
            html,
        )
        # The public page flags nothing: it is the same for every visitor.
        self.assertNotIn("differs", html)

    def test_staff_see_where_the_printed_figures_differ(self):
        self.assertEqual(self.client.get(self.check_url).status_code, 302)  # to the login
        self.client.force_login(self.staff)
        response = self.client.get(self.check_url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])
        # Starred (4 printed) and potentially starred (5 printed) differ from the 1 computed.
        self.assertContains(
            response,
            "differs: 1 computed from the 3 commitments recorded here (1 assessed)",
            count=2,
        )
        self.assertContains(response, "differs: 3 recorded here", count=1)  # 10 printed
        self.assertContains(response, "differs:", count=3)  # major agrees (1 and 1)
        # Signed in, the public page is still the public one.
        self.assertNotContains(self.client.get(self.url), "differs")

    def test_the_plans_own_facts(self):
        response = self.client.get(self.url)
        html = response.content.decode()
        self.assertContains(response, "Submitted on 31 Aug 2018")
        self.assertContains(response, "2018 – Aug 2020")
        self.assertInHTML(
            "<dt>Lead institutions</dt><dd>Ministry of ICT; Office of the President</dd>", html
        )
        self.assertInHTML("<dt>Acted contrary to process</dt><dd>Yes</dd>", html)

    def test_blank_status_and_primary_sector_on_the_commitment_page(self):
        html = self.client.get("/members/kenya/commitments/KE0001/").content.decode()
        self.assertInHTML('<dt>Status</dt><dd><span class="muted">Not reported</span></dd>', html)
        self.assertInHTML("<dt>Primary sector</dt><dd>Health</dd>", html)

    def test_constant_queries_with_printed_figures(self):
        # 4 + the data version the citation names + the history of the plan, its commitments
        # and reports ("Last changed").
        with self.assertNumQueries(5 + 3):
            self.client.get(self.url)
