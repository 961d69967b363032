"""Embeds (members.embed): a member's figures and a commitment's IRM review for other sites'
iframes. The same figures as the profile, framable by any site and only there, no cookie,
no script, cached like the pages, in the language of their URL."""

import html
import re

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import TestCase, override_settings

import ogp.page_cache
from irm.models import IrmReport
from irm.services import refresh_findings
from tests import factories as f
from tests.members.test_profile import STAR, build_seoul

SEOUL = "/members/seoul-south-korea/"
EMBEDS = {
    "performance": "/embed/members/seoul-south-korea/performance/",
    "star-chart": "/embed/members/seoul-south-korea/star-chart/",
    "participation": "/embed/members/seoul-south-korea/participation/",
    "irm-review": "/embed/members/seoul-south-korea/commitments/SEO0001/irm-review/",
}
CACHE_ON = override_settings(OGP_PAGE_CACHE=True, OGP_DATA_VERSION_MAX_AGE=60)


def directives(response):
    """The Content-Security-Policy as {directive: value}."""
    policy = response["Content-Security-Policy"]
    return dict(part.strip().partition(" ")[::2] for part in policy.split(";"))


def embed_codes(response):
    """The <iframe> codes of the page's "Embed" buttons, as their readers copy them."""
    return [
        html.unescape(text)
        for text in re.findall(r"<textarea[^>]*>(.*?)</textarea>", response.content.decode())
    ]


class EmbedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.seoul = build_seoul()
        cls.draft = f.make_member(name="Draftland", published=False, commitment_prefix="DRA")
        f.make_commitment(f.make_action_plan(cls.draft))
        plan = cls.seoul.action_plans.get(number=2)
        f.make_commitment(plan, identifier="SEO0099", published=False)

    def setUp(self):
        cache.clear()  # the partnership-wide figures are cached

    def get(self, path):
        response = self.client.get(path)
        self.assertEqual(response.status_code, 200, path)
        return response

    # --- Framing and cookies ------------------------------------------------------------------

    def test_embeds_may_be_framed_by_any_site(self):
        for language in ("", "/es", "/fr"):
            for name, path in EMBEDS.items():
                with self.subTest(language=language, embed=name):
                    response = self.get(language + path)
                    self.assertNotIn("X-Frame-Options", response.headers)
                    policy = directives(response)
                    self.assertEqual(policy["frame-ancestors"], "*")
                    # The rest of the site's policy holds, and an embed runs no script at all.
                    self.assertEqual(policy["script-src"], "'none'")
                    self.assertEqual(policy["default-src"], "'self'")
                    self.assertEqual(policy["object-src"], "'none'")

    def test_every_other_page_refuses_to_be_framed(self):
        commitment = self.seoul.action_plans.get(number=1).commitments.get(identifier="SEO0001")
        for path in (
            SEOUL,
            "/es" + SEOUL,
            commitment.get_absolute_url(),
            self.seoul.action_plans.get(number=1).get_absolute_url(),
            "/",
            "/commitments/",
            "/members/",
            "/embed/members/no-such-member/performance/",  # an embed's 404 too
        ):
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertEqual(response["X-Frame-Options"], "DENY")
                self.assertEqual(directives(response)["frame-ancestors"], "'none'")

    def test_embeds_set_no_cookie_and_use_no_script(self):
        for language in ("", "/es", "/fr"):
            for name, path in EMBEDS.items():
                with self.subTest(language=language, embed=name):
                    response = self.get(language + path)
                    self.assertNotIn("Set-Cookie", response.headers)
                    self.assertFalse(response.cookies)
                    self.assertNotIn("Cookie", response.get("Vary", ""))
                    self.assertNotIn("<script", response.content.decode())

    def test_a_signed_in_visitor_gets_no_cookie_either(self):
        staff = get_user_model().objects.create_superuser("staff", "staff@example.org", "pw")
        self.client.force_login(staff)
        self.client.cookies["csrftoken"] = "x" * 32
        for name, path in EMBEDS.items():
            with self.subTest(embed=name):
                response = self.get("/es" + path)
                self.assertNotIn("Set-Cookie", response.headers)
                self.assertNotIn("Cookie", response.get("Vary", ""))

    # --- What they show -----------------------------------------------------------------------

    def test_performance_is_the_profiles_table_with_a_link_back(self):
        response = self.get(EMBEDS["performance"])
        page = response.content.decode()
        self.assertInHTML(
            '<tr><th scope="row">Action Plan 1</th>'
            '<td class="num">1</td><td class="num">0</td><td class="num">0</td></tr>',
            page,
        )
        # Missing data is marked as the profile marks it.
        self.assertInHTML(
            '<tr><th scope="row">Action Plan 2</th><td colspan="3" class="state">'
            '<span class="swatch fill-pending" aria-hidden="true"></span>Pending IRM review'
            "</td></tr>",
            page,
        )
        self.assertInHTML(
            '<tr><th scope="row">Global — most per action plan</th>'
            '<td class="num">4</td><td class="num">7</td><td class="num">2</td></tr>',
            page,
        )
        self.assertInHTML(
            f'<a href="{SEOUL}#performance" target="_blank" rel="noopener">'
            "Source: Open Government Partnership — Seoul, South Korea</a>",
            page,
        )
        # Small: no site navigation, header or footer, no other section of the profile.
        self.assertNotContains(response, "site-header")
        self.assertNotContains(response, "site-footer")
        self.assertNotContains(response, "Recent posts")
        self.assertNotContains(response, "Jihyun Kim")

    def test_the_embeds_show_exactly_the_profiles_figures(self):
        """The table of each embed is the profile's own, cell for cell."""
        profile = self.get(SEOUL).content.decode()
        for name, caption in (
            ("performance", "Commitment performance per action plan"),
            ("star-chart", "Commitments per action plan by focus"),
            ("participation", "Development: level of public influence"),
            ("participation", "Implementation: level of public influence"),
        ):
            with self.subTest(embed=name, table=caption):
                embed = self.get(EMBEDS[name]).content.decode()
                self.assertEqual(table(embed, caption), table(profile, caption))

    def test_star_chart_is_the_server_rendered_svg_with_its_table(self):
        response = self.get(EMBEDS["star-chart"])
        self.assertContains(response, '<svg class="chart"', count=1)
        self.assertContains(response, "Global star average 30%")
        self.assertContains(response, "Commitments per action plan by focus")

    def test_participation_shows_both_phases_and_pending(self):
        response = self.get(EMBEDS["participation"])
        page = response.content.decode()
        self.assertContains(response, "Participation was open to any interested party")
        for colspan in (6, 5):
            self.assertInHTML(
                f'<td colspan="{colspan}" class="state"><span class="swatch fill-pending" '
                'aria-hidden="true"></span>Pending IRM review</td>',
                page,
            )

    def test_irm_review_of_a_commitment(self):
        response = self.get(EMBEDS["irm-review"])
        page = response.content.decode()
        self.assertContains(response, "Citizen participation in improving the subway system")
        self.assertContains(response, "Findings report by report, oldest first")
        self.assertInHTML("<dt>Did it open government?</dt><dd>Major</dd>", page)
        self.assertInHTML(
            '<a href="/members/seoul-south-korea/commitments/SEO0001/" target="_blank" '
            'rel="noopener">Source: Open Government Partnership — Seoul, South Korea</a>',
            page,
        )
        # Not the commitment page's other sections.
        self.assertNotContains(response, "Milestones")
        # The identifier in any case, as the commitment page takes it.
        self.assertEqual(
            self.get(EMBEDS["irm-review"].replace("SEO0001", "seo0001")).content, response.content
        )

    def test_a_pending_commitment_is_marked_as_on_its_page(self):
        response = self.get(EMBEDS["irm-review"].replace("SEO0001", "SEO0006"))
        page = response.content.decode()
        self.assertInHTML(
            '<dd><span class="swatch fill-pending" aria-hidden="true"></span>'
            "Pending IRM review</dd>",
            page,
            count=7,
        )

    def test_links_open_outside_the_frame(self):
        for name, path in EMBEDS.items():
            with self.subTest(embed=name):
                self.assertContains(self.get(path), '<base target="_blank">', count=1)

    def test_in_spanish_under_es(self):
        response = self.get("/es" + EMBEDS["performance"])
        self.assertContains(response, '<html lang="es">')
        self.assertEqual(response["Content-Language"], "es")
        self.assertContains(response, "Fuente: Open Government Partnership — Seoul, South Korea")
        self.assertContains(response, f'href="/es{SEOUL}#performance"')
        french = self.get("/fr" + EMBEDS["irm-review"])
        self.assertContains(french, '<html lang="fr">')
        self.assertContains(french, 'href="/fr/members/seoul-south-korea/commitments/SEO0001/"')

    def test_unknown_or_unpublished_is_a_404(self):
        draft = self.draft.slug
        paths = [
            "/embed/members/no-such-member/performance/",
            "/embed/members/no-such-member/star-chart/",
            "/embed/members/no-such-member/participation/",
            f"/embed/members/{draft}/performance/",
            f"/embed/members/{draft}/star-chart/",
            f"/embed/members/{draft}/participation/",
            f"/embed/members/{draft}/commitments/DRA0001/irm-review/",
            "/embed/members/seoul-south-korea/commitments/SEO9999/irm-review/",
            "/embed/members/seoul-south-korea/commitments/SEO0099/irm-review/",  # unpublished
            # A commitment of another member under this member's address.
            "/embed/members/south-korea/commitments/SEO0001/irm-review/",
            "/es/embed/members/no-such-member/participation/",
        ]
        for path in paths:
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)

    # --- The "Embed" buttons ------------------------------------------------------------------

    def test_the_profile_shows_the_iframe_code_of_each_figure(self):
        response = self.get(SEOUL)
        codes = embed_codes(response)
        self.assertEqual(len(codes), 3)
        for code, name, title in zip(
            codes,
            ("performance", "star-chart", "participation"),
            (
                "Commitment performance",
                "How to get more starred commitments",
                "Public participation",
            ),
            strict=True,
        ):
            self.assertRegex(
                code,
                rf'^<iframe src="http://testserver{EMBEDS[name]}" '
                rf'title="{title} — Seoul, South Korea" width="640" height="\d+" '
                r'loading="lazy" style="[^"<>]*"></iframe>$',
            )
        # Without JavaScript: a <details> holding a readonly textarea.
        self.assertContains(response, '<details class="embed-code">', count=3)
        self.assertContains(response, "readonly", count=3)

    def test_the_spanish_profile_gives_the_spanish_embed_code(self):
        codes = embed_codes(self.get("/es" + SEOUL))
        self.assertIn(
            'src="http://testserver/es/embed/members/seoul-south-korea/performance/"', codes[0]
        )
        self.assertIn('title="Desempeño de los compromisos — Seoul, South Korea"', codes[0])

    def test_the_commitment_page_shows_its_review_embed_code(self):
        response = self.get("/members/seoul-south-korea/commitments/SEO0001/")
        [code] = embed_codes(response)
        self.assertIn(f'src="http://testserver{EMBEDS["irm-review"]}"', code)
        self.assertIn('title="IRM review of SEO0001 — Seoul, South Korea"', code)

    def test_a_name_with_markup_stays_text_in_the_code(self):
        self.seoul.name = 'Seoul "<b>" & co'
        self.seoul.save()
        [code, *_rest] = embed_codes(self.get(SEOUL))
        self.assertIn('title="Commitment performance — Seoul &quot;&lt;b&gt;&quot; &amp; co"', code)


def table(page, caption):
    """The <table> whose caption is `caption`, as text."""
    start = page.rindex("<table", 0, page.index(f">{caption}</caption>"))
    return page[start : page.index("</table>", start)]


class EmbedCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.seoul = build_seoul()

    def setUp(self):
        cache.clear()
        ogp.page_cache.recent_pages.clear()

    @CACHE_ON
    def test_embeds_are_stored_and_a_hit_has_the_same_framing_headers(self):
        for language in ("", "/es"):
            for name, path in EMBEDS.items():
                with self.subTest(language=language, embed=name):
                    miss = self.client.get(language + path)
                    hit = self.client.get(language + path)
                    self.assertFalse(hasattr(hit.wsgi_request, "session"))  # from the cache
                    self.assertEqual(hit.content, miss.content)
                    for response in (miss, hit):
                        self.assertNotIn("X-Frame-Options", response.headers)
                        self.assertEqual(directives(response)["frame-ancestors"], "*")
                        self.assertNotIn("Set-Cookie", response.headers)
                    not_modified = self.client.get(
                        language + path, headers={"If-None-Match": miss["ETag"]}
                    )
                    self.assertEqual(not_modified.status_code, 304)
                    self.assertEqual(directives(not_modified)["frame-ancestors"], "*")

    @CACHE_ON
    def test_a_change_shows_in_the_embed(self):
        path = EMBEDS["irm-review"]
        self.assertNotContains(self.client.get(path), "A clearer title")
        commitment = self.seoul.action_plans.get(number=1).commitments.get(identifier="SEO0001")
        commitment.title = "A clearer title"
        commitment.save()
        self.assertContains(self.client.get(path), "A clearer title")


class EmbedQueryCountTests(TestCase):
    """Each embed runs the same number of queries for a small and a large member."""

    @classmethod
    def setUpTestData(cls):
        cls.small = f.make_member(name="Smallland", commitment_prefix="SMA")
        plan = f.make_action_plan(cls.small)
        f.make_assessment(f.make_commitment(plan), early_results="major")
        cls.large = f.make_member(name="Largeland", commitment_prefix="LAR")
        for number in range(1, 5):
            plan = f.make_action_plan(cls.large, number=number)
            report = f.make_report(plan, type=IrmReport.Type.IMPLEMENTATION, year=2020)
            f.make_report(plan, type=IrmReport.Type.DESIGN, year=2019)
            f.make_participation(plan, development_level="consult", development_open=True)
            for _ in range(5):
                f.make_assessment(f.make_commitment(plan), report, **STAR)
        refresh_findings(cls.large.action_plans.get(number=1).commitments.all())
        refresh_findings(
            f.make_commitment(cls.small.action_plans.get()).action_plan.commitments.all()
        )

    def setUp(self):
        cache.clear()

    def count(self, path):
        cache.clear()  # the partnership-wide figures are cached
        with self.assertNumQueries(self.expected[path.split("/")[-2]]) as context:
            response = self.client.get(path)
        self.assertEqual(response.status_code, 200, path)
        return context

    # The page cache is off in the tests: no data version query. The member, its plans and
    # their figures (participation: nothing more), the peaks (cached on the pages; two
    # queries here); the commitment (with what its plan's reports measure, a subquery:
    # `irm.figures.with_plan_reports`) and its assessments.
    expected = {"performance": 5, "star-chart": 5, "participation": 3, "irm-review": 2}

    def test_constant_queries(self):
        small_commitment = self.small.action_plans.get().commitments.first()
        large_commitment = self.large.action_plans.get(number=1).commitments.first()
        for member, commitment in (
            (self.small, small_commitment),
            (self.large, large_commitment),
        ):
            for name in ("performance", "star-chart", "participation"):
                with self.subTest(member=member.name, embed=name):
                    self.count(f"/embed/members/{member.slug}/{name}/")
            with self.subTest(member=member.name, embed="irm-review"):
                self.count(
                    f"/embed/members/{member.slug}/commitments/{commitment.identifier}/irm-review/"
                )
