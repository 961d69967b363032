"""The member profile page: every section of the seed, filled from the records.

`build_seoul()` makes a Seoul-like member (the seed page, ../shared/seed/seoul-member-page.txt)
with peers in its region and elsewhere, so the global and regional rows have something to
compare. The browser tests reuse it.
"""

from decimal import Decimal

from django.core.cache import cache
from django.test import TestCase

from commitments.models import ActionPlan, Commitment
from irm.models import GlobalReportDimension, IrmReport, ThirdPartyScore
from irm.services import refresh_findings
from members.models import Member, Post, ResourceType
from tests import factories as f

STAR = {  # a starred commitment (2018–2020 method)
    "specificity": "high",
    "relevant_access_to_information": True,
    "potential_impact": "transformative",
    "completion": "complete",
}
STAR_DESIGN = {name: value for name, value in STAR.items() if name != "completion"}


def build_peer(name, region, *, major, outstanding, starred, prefix):
    """A member whose one plan has exactly these counts (plus one plain commitment)."""
    member = f.make_member(name=name, region=f.region(region), commitment_prefix=prefix)
    plan = f.make_action_plan(member)
    # The 2018–2020 method: a design report, then an implementation report (results).
    design = f.make_report(plan, type=IrmReport.Type.DESIGN, year=2017)
    report = f.make_report(plan, type=IrmReport.Type.IMPLEMENTATION, year=2020)
    for _ in range(major):
        f.make_assessment(f.make_commitment(plan), report, early_results="major")
    for _ in range(outstanding):
        f.make_assessment(f.make_commitment(plan), report, early_results="outstanding")
    for _ in range(starred):
        commitment = f.make_commitment(plan)
        f.make_assessment(commitment, design, **STAR_DESIGN)
        f.make_assessment(commitment, report, completion=STAR["completion"])
    f.make_assessment(f.make_commitment(plan), design, specificity="low")
    return member


def build_seoul():
    """Seoul, South Korea: AP1 (2016–2018) assessed by a local IRM review with one Major
    commitment and no star; AP2 (2018–2020) with three commitments pending IRM review."""
    korea = f.make_member(
        name="South Korea", region=f.region("asia-and-the-pacific"), commitment_prefix="KR"
    )
    seoul = f.make_member(
        name="Seoul, South Korea",
        slug="seoul-south-korea",
        kind=Member.Kind.LOCAL,
        parent=korea,
        region=f.region("asia-and-the-pacific"),
        member_since=2016,
        commitment_prefix="SEO",
        summary="This action plan features commitments related to citizen participation "
        "improving the subway system, support youth start-ups and open data.",
        policy_area_focus="Citizen Participation, Youth Startups , Citizen Digital Literacy",
        lead_agency="Seoul Metropolitan Government",
        lead_agency_url="https://english.seoul.go.kr/",
    )
    f.make_contact(
        seoul,
        name="Jihyun Kim",
        job_title="External Relations Officer",
        organisation="Seoul Metropolitan Government, Smart City Division",
        email="kimjihyun@seoul.go.kr",
        email_published=True,
    )
    f.make_contact(seoul, name="Hidden Person", email="hidden@example.org")
    resources = [
        ("IRM Report on Local Action Plans", 2022, "irm-report", ""),
        ("Seoul Final IRM Review 2017 – For Public Comment", 2019, "report-comments", "In 2019…"),
        ("Seoul Final IRM Review 2017 – For Public Comment", 2019, "report-comments", ""),
        ("Seoul Action Plan 2018-2020", 2018, "action-plan", ""),
        ("Seoul, Korea Action Plan", 2016, "action-plan", ""),
        ("Transparency International Korea Endorsement Letter", 2016, "letter", ""),
        ("Open Net Endorsement Letter", 2016, "letter", ""),
    ]
    for title, year, type_slug, teaser in resources:
        f.make_resource(
            seoul,
            title=title,
            year=year,
            teaser=teaser,
            type=ResourceType.objects.get(slug=type_slug),
        )
    participation = f.policy_area("public-participation")
    open_data = f.policy_area("open-data")
    ap1 = f.make_action_plan(seoul, number=1, start_year=2016, end_year=2018)
    review = f.make_report(
        ap1, type=IrmReport.Type.LOCAL_REVIEW, title="Seoul Final IRM Review 2017", year=2017
    )
    major = f.make_commitment(
        ap1,
        policy_areas=[participation],
        primary_policy_area=participation,
        title="Citizen participation in improving the subway system",
    )
    f.make_assessment(
        major,
        review,
        specificity="medium",
        relevant_civic_participation=True,
        potential_impact="moderate",
        completion="substantial",
        early_results="major",
    )
    for title in ("Open data plaza", "Seoul digital literacy", "Youth start-ups", "Open budget"):
        commitment = f.make_commitment(ap1, policy_areas=[open_data], title=title)
        f.make_assessment(
            commitment,
            review,
            specificity="low",
            relevant_access_to_information=True,
            potential_impact="minor",
            completion="limited",
            early_results="marginal",
        )
    f.make_participation(
        ap1,
        report=review,
        development_level="involve",
        development_open=True,
        implementation_level="consult",
        implementation_open=False,
        forum_existed=True,
        forum_met_regularly=False,
    )
    ap2 = f.make_action_plan(seoul, number=2, start_year=2018, end_year=2020)
    for title in (
        "Seoul citizens' participation in the subway",
        "Support for youth start-ups",
        "Citizen digital literacy",
    ):
        f.make_commitment(ap2, policy_areas=[participation], title=title)
    civic_space = GlobalReportDimension.objects.get(slug="civic-space")
    ThirdPartyScore.objects.create(
        member=seoul,
        dimension=civic_space,
        indicator="Civic space rating",
        source="CIVICUS Monitor",
        value=Decimal("62.5"),
        year=2019,
    )
    post = Post.objects.create(
        title="Seoul and the OGP Ten",
        slug="seoul-and-the-ogp-ten",
        date="2019-05-01",
        excerpt="As the government of the Republic of Korea welcomes open government champions.",
        url="https://example.org/seoul-ogp-ten",
    )
    post.members.add(seoul)
    # Peers: the region's best plan reaches 2 major and 3 outstanding; the world's 4 and 7.
    build_peer("Mongolia", "asia-and-the-pacific", major=2, outstanding=3, starred=1, prefix="MN")
    build_peer(
        "Kenya", "africa-and-the-middle-east", major=4, outstanding=7, starred=2, prefix="KE"
    )
    refresh_findings(Commitment.objects.all())
    return seoul


def section_order(html, headings):
    positions = [html.find(heading) for heading in headings]
    assert -1 not in positions, dict(zip(headings, positions, strict=True))
    return positions


class SeoulProfileTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.seoul = build_seoul()

    def setUp(self):
        cache.clear()  # the partnership-wide figures are cached
        self.response = self.client.get("/members/seoul-south-korea/")
        self.html = self.response.content.decode()

    def test_answers_with_every_section_of_the_seed_in_its_order(self):
        self.assertEqual(self.response.status_code, 200)
        headings = [
            "<h1>Seoul, South Korea</h1>",
            'id="current-plan-title"',
            'id="contacts-title"',
            "Lead ministry</h3>",
            'id="commitments-title"',
            'id="resources-title"',
            'id="current-data-title"',
            'id="performance-title"',
            'id="starred-title"',
            'id="participation-title"',
            'id="global-report-title"',
            'id="posts-title"',
        ]
        positions = section_order(self.html, headings)
        self.assertEqual(positions, sorted(positions))

    def test_header_facts(self):
        self.assertContains(self.response, "Member since 2016")
        self.assertInHTML("<dt>Number of commitments</dt><dd>3</dd>", self.html)
        self.assertInHTML(
            "<dt>Policy area focus</dt>"
            "<dd>Citizen Participation, Youth Startups, Citizen Digital Literacy</dd>",
            self.html,
        )
        self.assertContains(
            self.response,
            "Seoul is currently implementing 3 commitments from their 2018-2020 action plan.",
        )
        self.assertContains(self.response, "subway system, support youth start-ups")
        self.assertInHTML('<a href="/members/south-korea/">South Korea</a>', self.html)

    def test_contacts_show_only_published_emails_and_the_lead_ministry_links(self):
        self.assertContains(self.response, "Jihyun Kim")
        self.assertContains(self.response, "External Relations Officer")
        self.assertContains(self.response, "mailto:kimjihyun@seoul.go.kr")
        self.assertContains(self.response, "Hidden Person")
        self.assertNotContains(self.response, "hidden@example.org")
        self.assertInHTML(
            '<a href="https://english.seoul.go.kr/">Seoul Metropolitan Government</a>', self.html
        )

    def test_commitments_are_grouped_by_plan_newest_first(self):
        ap2 = self.html.index('<a href="/members/seoul-south-korea/action-plans/2/">Action Plan 2')
        ap1 = self.html.index('<a href="/members/seoul-south-korea/action-plans/1/">Action Plan 1')
        self.assertLess(ap2, ap1)
        self.assertInHTML(
            '<p class="meta">SEO0001 · 2016 · Public Participation</p>', self.html, count=1
        )
        self.assertContains(
            self.response, 'href="/members/seoul-south-korea/commitments/SEO0006/"', count=1
        )

    def test_resources_list_repeated_titles_with_year_type_and_format(self):
        self.assertContains(self.response, "Seoul Final IRM Review 2017 – For Public Comment", 2)
        self.assertInHTML('<p class="meta">2022, IRM Report, Web page</p>', self.html)
        self.assertInHTML('<p class="meta">2016, Letter, Web page</p>', self.html, count=2)

    def test_commitment_performance_shows_major_1_outstanding_0_starred_0_for_plan_1(self):
        self.assertInHTML(
            '<tr><th scope="row">Action Plan 1</th>'
            '<td class="num">1</td><td class="num">0</td><td class="num">0</td></tr>',
            self.html,
        )

    def test_plan_without_assessment_shows_pending_not_zeros(self):
        self.assertInHTML(
            '<tr><th scope="row">Action Plan 2</th><td colspan="3" class="state">'
            '<span class="swatch fill-pending" aria-hidden="true"></span>Pending IRM review'
            "</td></tr>",
            self.html,
        )

    def test_global_and_regional_most_per_action_plan(self):
        self.assertInHTML(
            '<tr><th scope="row">Global — most per action plan</th>'
            '<td class="num">4</td><td class="num">7</td><td class="num">2</td></tr>',
            self.html,
        )
        self.assertInHTML(
            '<tr><th scope="row">Regional — most per action plan (Asia and the Pacific)</th>'
            '<td class="num">2</td><td class="num">3</td><td class="num">1</td></tr>',
            self.html,
        )

    def test_starred_chart_is_an_svg_with_the_global_average_and_a_table(self):
        # Starred: 1 (Mongolia) + 2 (Kenya) of those assessed under the star method (rated for
        # specificity): Seoul 5, Mongolia 1 + 1, Kenya 2 + 1, so 3 / 10 = 30 %.
        self.assertContains(self.response, '<svg class="chart"')
        self.assertContains(self.response, "Global star average 30%")
        self.assertContains(
            self.response, "Stars (global average: 30% of the 10 commitments the IRM could star)"
        )
        # AP1: the Major commitment fails on ambition (moderate after 2015), four on
        # verifiability; AP2: three pending. (Stars, implementation, design ×3, the 2021+
        # buckets ×3, pending, no data, total.)
        cells = "".join(f'<td class="num">{n}</td>' for n in (0, 0, 4, 0, 1, 0, 0, 0, 0, 0, 5))
        self.assertInHTML(f'<tr><th scope="row">Action Plan 1</th>{cells}</tr>', self.html)
        cells = "".join(f'<td class="num">{n}</td>' for n in (0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 3))
        self.assertInHTML(f'<tr><th scope="row">Action Plan 2</th>{cells}</tr>', self.html)
        self.assertContains(self.response, 'class="fill-design_verifiability"')

    def test_public_participation_with_definitions_and_legend(self):
        self.assertInHTML(
            "<dt>Collaborate</dt><dd>Iterative dialogue and public helped set agenda</dd>",
            self.html,
        )
        self.assertContains(self.response, "Participation was open to any interested party")
        self.assertContains(self.response, "Development: level of public influence")
        self.assertContains(self.response, "Implementation: level of public influence")
        # AP1 development: Involve, open; implementation: Consult, closed.
        self.assertInHTML(
            '<td class="level"><span class="swatch fill-open" aria-hidden="true"></span>Open</td>',
            self.html,
        )
        self.assertInHTML(
            '<td class="level"><span class="swatch fill-closed" aria-hidden="true"></span>'
            "Closed</td>",
            self.html,
        )
        self.assertContains(self.response, "Existed</td>")
        # AP2 has no participation assessment yet: pending, in both tables.
        for colspan in (6, 5):
            self.assertInHTML(
                f'<td colspan="{colspan}" class="state"><span class="swatch fill-pending" '
                'aria-hidden="true"></span>Pending IRM review</td>',
                self.html,
            )

    def test_a_phase_without_a_level_says_not_reported(self):
        # AP2's assessment gives the development level only (an action plan review): its
        # implementation row says so rather than showing a row of empty cells.
        plan2 = self.seoul.action_plans.get(number=2)
        f.make_participation(
            plan2, development_level="consult", development_open=True, implementation_level=""
        )
        cache.clear()
        html = self.client.get("/members/seoul-south-korea/").content.decode()
        implementation = html.split("Implementation: level of public influence</caption>", 1)[1]
        self.assertInHTML(
            '<tr><th scope="row">Action Plan 2</th><td colspan="5" class="state">'
            '<span class="muted">Not reported</span></td></tr>',
            implementation.split("</table>", 1)[0],
        )

    def test_global_report_codes_per_dimension_and_third_party_scores(self):
        # Open Policy Making (public participation): commitments, reviewed, complete, ambitious,
        # early results (the Major one). Access to Information (open data): reviewed, no more.
        # Anti-Corruption: no commitments.
        def row(name, met):
            cells = "".join(
                f'<td class="code code--met"><span aria-hidden="true">{code}</span>'
                '<span class="visually-hidden">Yes</span></td>'
                if code in met
                else '<td class="code"><span aria-hidden="true">·</span>'
                '<span class="visually-hidden">No</span></td>'
                for code in ("NC", "CA", "IR", "C", "A", "ER")
            )
            return f'<tr><th scope="row">{name}</th>{cells}</tr>'

        self.assertInHTML(row("Open Policy Making", {"CA", "IR", "C", "A", "ER"}), self.html)
        self.assertInHTML(row("Access to Information", {"CA", "IR"}), self.html)
        self.assertInHTML(row("Anti-Corruption", {"NC"}), self.html)
        self.assertContains(self.response, "(ER)")
        self.assertContains(self.response, "CIVICUS Monitor")
        self.assertInHTML('<td class="num">62.50 <span class="muted">/ 100</span></td>', self.html)

    def test_recent_posts(self):
        self.assertInHTML(
            '<a href="https://example.org/seoul-ogp-ten">Seoul and the OGP Ten</a>', self.html
        )


class StarredMarkerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.member = f.make_member(name="Starland")
        plan = f.make_action_plan(cls.member)
        cls.starred = f.make_commitment(plan, title="A starred one")
        cls.plain = f.make_commitment(plan, title="A plain one")
        report = f.make_report(plan, type=IrmReport.Type.IMPLEMENTATION, year=2020)
        f.make_assessment(cls.starred, report, **STAR)
        f.make_assessment(cls.plain, report, specificity="low")
        refresh_findings([cls.starred, cls.plain])

    def setUp(self):
        cache.clear()  # the partnership-wide figures are cached

    def test_only_the_starred_commitment_has_the_star(self):
        html = self.client.get(self.member.get_absolute_url()).content.decode()
        self.assertEqual(html.count('<span class="visually-hidden">Starred commitment</span>'), 1)
        star = html.index("Starred commitment</span>")
        self.assertLess(html.index("A starred one"), star)
        self.assertGreater(html.index("A plain one"), star)


class EmptyProfilesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.newcomer = f.make_member(name="Newland")
        cls.uncovered = f.make_member(name="Quietland")
        plan = f.make_action_plan(cls.uncovered, irm_coverage=ActionPlan.IrmCoverage.NOT_COVERED)
        for _ in range(3):
            f.make_commitment(plan)
        refresh_findings(Commitment.objects.all())

    def setUp(self):
        cache.clear()  # the partnership-wide figures are cached

    def test_member_without_plans_reads_well(self):
        response = self.client.get(self.newcomer.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Newland has not published an action plan yet.")
        self.assertContains(response, "No commitments yet.")
        self.assertContains(response, "No contact published.")
        self.assertContains(response, "No resources published.")
        self.assertContains(response, "No posts yet.")
        self.assertNotContains(response, '<svg class="chart"')
        # The global rows still show (zeros: nothing is assessed anywhere).
        self.assertContains(response, "Global — most per action plan")

    def test_member_without_irm_data_shows_no_irm_data_not_zeros(self):
        response = self.client.get(self.uncovered.get_absolute_url())
        html = response.content.decode()
        self.assertInHTML(
            '<tr><th scope="row">Action Plan 1</th><td colspan="3" class="state">'
            '<span class="swatch fill-no_data" aria-hidden="true"></span>No IRM data</td></tr>',
            html,
        )
        # Three commitments, all in the "No IRM data" bucket.
        cells = "".join(f'<td class="num">{n}</td>' for n in (0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3))
        self.assertInHTML(f'<tr><th scope="row">Action Plan 1</th>{cells}</tr>', html)
        self.assertNotContains(response, "Global star average")


class ProfileQueryCountTests(TestCase):
    """The profile runs the same number of queries for a small and a large member."""

    @classmethod
    def setUpTestData(cls):
        cls.small = f.make_member(name="Smallland")
        plan = f.make_action_plan(cls.small)
        f.make_assessment(f.make_commitment(plan), early_results="major")
        f.make_contact(cls.small)
        f.make_resource(cls.small)

        cls.large = f.make_member(name="Largeland")
        for number in range(1, 5):
            plan = f.make_action_plan(cls.large, number=number)
            report = f.make_report(plan, type=IrmReport.Type.IMPLEMENTATION, year=2020)
            f.make_participation(plan, development_level="consult", development_open=True)
            for _ in range(5):
                commitment = f.make_commitment(
                    plan,
                    policy_areas=[f.policy_area("open-data"), f.policy_area("civic-space")],
                    primary_policy_area=f.policy_area("open-data"),
                )
                f.make_assessment(commitment, report, **STAR)
        for _ in range(3):
            f.make_contact(cls.large)
            f.make_resource(cls.large)
        ThirdPartyScore.objects.create(
            member=cls.large,
            dimension=GlobalReportDimension.objects.first(),
            indicator="Index",
            source="Source",
            value=1,
            year=2020,
        )
        refresh_findings(Commitment.objects.all())

    def setUp(self):
        cache.clear()  # the partnership-wide figures are cached

    def test_constant_queries(self):
        # The data version (ogp.data_version), then the page's own queries, then the change
        # log's "Last changed": the member's reports and the history of the member, its plans,
        # commitments and reports (opendata.changelog).
        with self.assertNumQueries(12 + 5):
            small = self.client.get(self.small.get_absolute_url())
        cache.clear()
        with self.assertNumQueries(12 + 5):
            large = self.client.get(self.large.get_absolute_url())
        # The partnership-wide maxima come from the cache until the data changes.
        with self.assertNumQueries(11 + 5):
            self.client.get(self.large.get_absolute_url())
        self.assertEqual(small.status_code, 200)
        self.assertContains(large, "Action Plan 4")
        self.assertEqual(large.content.decode().count('href="/members/largeland/commitments/'), 20)


class DemoDataSeoulTests(TestCase):
    """The demo data (`manage.py load_demo`) reproduces the seed page's figures."""

    @classmethod
    def setUpTestData(cls):
        from demo.loader import load_demo

        load_demo(scale=0.05, log=lambda message: None)

    def setUp(self):
        cache.clear()  # the partnership-wide figures are cached

    def test_seoul_action_plan_1_major_1_outstanding_0_starred_0(self):
        response = self.client.get("/members/seoul-south-korea/")
        self.assertEqual(response.status_code, 200)
        self.assertInHTML(
            '<tr><th scope="row">Action Plan 1</th>'
            '<td class="num">1</td><td class="num">0</td><td class="num">0</td></tr>',
            response.content.decode(),
        )
        self.assertContains(response, "Jihyun Kim")
        self.assertContains(response, "Seoul and the OGP Ten")
