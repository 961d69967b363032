"""The profile's link-preview image (members.preview, `/members/<slug>/preview.png`): a PNG of
1200×630 with the profile's key figures in the URL's language, every text inside its box, named
by the profile's `og:image` tags; 404 for unknown and unpublished members; cached like the
profile; a fixed number of queries."""

import io
import re
from pathlib import Path

from django.core.cache import cache
from django.test import SimpleTestCase, TestCase, override_settings
from django.utils import translation
from PIL import Image

from commitments.models import Commitment
from irm.models import IrmReport
from irm.services import refresh_findings
from members import preview
from members.models import Member
from members.views import plan_rows
from tests import factories as f
from tests.members.test_profile import STAR, STAR_DESIGN
from tests.ogp.test_citation import parse

ROOT = Path(__file__).resolve().parents[2]
LONG_NAME = "Buenos Aires City, Argentina"
VERY_LONG_NAME = "Autonomous Region in Muslim Mindanao and the Bangsamoro Islands, Philippines"


def build_buenos_aires():
    """Two plans: the first (2018–2020 method) with one starred commitment among four whose
    star is decided; the second (2018–2020) with two commitments and no report yet."""
    americas = f.region("americas")
    americas.name_es, americas.name_fr = "América", "Amériques"
    americas.save()
    argentina = f.make_member(name="Argentina", region=americas)
    member = f.make_member(
        name=LONG_NAME,
        slug="buenos-aires",
        kind=Member.Kind.LOCAL,
        parent=argentina,
        region=americas,
        member_since=2016,
    )
    first = f.make_action_plan(member)
    design = f.make_report(first, type=IrmReport.Type.DESIGN, year=2017)
    results = f.make_report(first, type=IrmReport.Type.IMPLEMENTATION, year=2018)
    starred = f.make_commitment(first)
    f.make_assessment(starred, design, **STAR_DESIGN)
    f.make_assessment(starred, results, completion=STAR["completion"])
    for _ in range(3):
        f.make_assessment(f.make_commitment(first), design, specificity="low")
    second = f.make_action_plan(member)
    for _ in range(2):
        f.make_commitment(second)
    refresh_findings(Commitment.objects.all())
    return member


def decoded(response):
    image = Image.open(io.BytesIO(response.content))
    image.load()
    return image


def key_figures_of(member):
    rows, _levels = plan_rows(member, with_commitments=False)
    return preview.key_figures(member, rows)


class PreviewImageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.member = build_buenos_aires()
        cls.newcomer = f.make_member(
            name="Newland", member_since=None, status=Member.Status.UNDER_REVIEW
        )
        cls.hidden = f.make_member(name="Hiddenland", published=False)
        cls.small = f.make_member(name="Smallland")
        f.make_commitment(f.make_action_plan(cls.small))
        cls.large = f.make_member(name="Largeland")
        for number in range(1, 5):
            plan = f.make_action_plan(cls.large, number=number)
            report = f.make_report(plan, type=IrmReport.Type.IMPLEMENTATION, year=2020)
            f.make_participation(plan, development_level="consult", development_open=True)
            for _ in range(5):
                f.make_assessment(f.make_commitment(plan), report, **STAR)
        refresh_findings(Commitment.objects.all())

    def setUp(self):
        cache.clear()

    def test_a_png_of_1200_by_630_in_every_language(self):
        images = {}
        for prefix in ("", "/es", "/fr"):
            with self.subTest(prefix or "en"):
                response = self.client.get(f"{prefix}/members/buenos-aires/preview.png")
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Type"], "image/png")
                image = decoded(response)
                self.assertEqual((image.format, image.size), ("PNG", (1200, 630)))
                images[prefix] = response.content
        # The texts are in the URL's language: three different images.
        self.assertEqual(len(set(images.values())), 3)

    def test_the_figures_are_the_profiles(self):
        key = key_figures_of(self.member)
        self.assertEqual(key.name, LONG_NAME)
        self.assertEqual(key.facts, "Local · Americas · Member since 2016")
        self.assertEqual(
            [(tile.label, tile.value, tile.note) for tile in key.tiles],
            [
                ("Action plans", "2", "Current action plan: 2018-2020"),
                ("Commitments", "6", "Published commitments of every action plan."),
                ("Star share", "25%", "of the 4 commitments the IRM could star"),
            ],
        )
        # The profile shows the same plans and counts.
        profile = self.client.get("/members/buenos-aires/").content.decode()
        self.assertIn("Action Plan 2</a>", profile)
        self.assertInHTML("<dt>Number of commitments</dt><dd>2</dd>", profile)

    def test_missing_data_is_labelled_as_the_profile_and_comparison_label_it(self):
        key = key_figures_of(self.newcomer)
        self.assertEqual(key.facts, "National · Europe · Member since: not recorded · Under review")
        self.assertEqual(
            [(tile.value, tile.note) for tile in key.tiles],
            [
                ("0", "None yet"),
                ("0", "Published commitments of every action plan."),
                ("–", "No commitment whose star the IRM decided"),
            ],
        )
        response = self.client.get("/members/newland/preview.png")
        self.assertEqual(decoded(response).size, (1200, 630))

    def test_spanish_and_french_texts(self):
        with translation.override("es"):
            key = key_figures_of(self.member)
        self.assertEqual(key.facts, "Local · América · Miembro desde 2016")
        self.assertEqual(
            [tile.label for tile in key.tiles],
            ["Planes de acción", "Compromisos", "Proporción de compromisos estelares"],
        )
        self.assertEqual(key.tiles[0].note, "Plan de acción actual: 2018-2020")
        self.assertEqual(
            key.tiles[2].note, "de los 4 compromisos que el MRI podía calificar de estelares"
        )
        with translation.override("fr"):
            key = key_figures_of(self.member)
        self.assertEqual(key.tiles[0].note, "Plan d’action en cours\u00a0: 2018-2020")
        self.assertEqual(key.tiles[2].label, "Part d’engagements étoilés")

    def test_every_text_fits_its_box_in_every_language(self):
        for language in ("en", "es", "fr"):
            for name in (LONG_NAME, VERY_LONG_NAME):
                with self.subTest(language=language, name=name), translation.override(language):
                    key = key_figures_of(self.member)
                    key = preview.KeyFigures(name, key.facts, key.tiles)
                    for placed in preview.layout(key):
                        assert_inside(self, placed)
                        # Nothing is cut: every word of the text is drawn.
                        self.assertNotIn("…", " ".join(placed.fitted.lines))
                    texts = [" ".join(placed.fitted.lines) for placed in preview.layout(key)]
                    self.assertIn(name, texts)
        # The long name keeps the largest size on one line; the very long one wraps on two.
        key = key_figures_of(self.member)
        self.assertEqual(len(preview.layout(key)[1].fitted.lines), 1)
        longer = preview.layout(preview.KeyFigures(VERY_LONG_NAME, key.facts, key.tiles))
        self.assertEqual(len(longer[1].fitted.lines), 2)

    def test_unknown_and_unpublished_members_are_404(self):
        for path in (
            "/members/nobody/preview.png",
            "/es/members/nobody/preview.png",
            "/members/hiddenland/preview.png",
        ):
            with self.subTest(path):
                self.assertEqual(self.client.get(path).status_code, 404)

    def test_the_profile_names_it_as_its_open_graph_image(self):
        for prefix in ("", "/es", "/fr"):
            with self.subTest(prefix or "en"):
                head = parse(self.client.get(f"{prefix}/members/buenos-aires/"))
                url = f"http://testserver{prefix}/members/buenos-aires/preview.png"
                self.assertEqual(head.meta["og:image"], url)
                self.assertEqual(head.meta["og:image:type"], "image/png")
                self.assertEqual(head.meta["og:image:width"], "1200")
                self.assertEqual(head.meta["og:image:height"], "630")
                self.assertEqual(head.meta["twitter:card"], "summary_large_image")
                with translation.override(prefix.strip("/") or "en"):
                    alt = key_figures_of(self.member).alt
                self.assertEqual(head.meta["og:image:alt"], alt)
                self.assertEqual(head.meta["twitter:image:alt"], alt)
                image = self.client.get(url.removeprefix("http://testserver"))
                self.assertEqual(decoded(image).size, (1200, 630))
        self.assertEqual(
            alt,
            "Buenos Aires City, Argentina — Local · Amériques · Membre depuis 2016. "
            "Plans d’action\u00a0: 2 (Plan d’action en cours\u00a0: 2018-2020); "
            "Engagements\u00a0: 6 (Engagements publiés de tous les plans d’action); "
            "Part d’engagements étoilés\u00a0: 25% "
            "(des 4 engagements que le MRI pouvait désigner comme étoilés).",
        )

    def test_other_pages_keep_the_small_card_without_an_image(self):
        plan = self.member.action_plans.get(number=1)
        for path in ("/", "/members/", plan.get_absolute_url()):
            with self.subTest(path):
                head = parse(self.client.get(path))
                self.assertEqual(head.meta["twitter:card"], "summary")
                self.assertNotIn("og:image", head.meta)

    def test_constant_queries(self):
        # The member (with its region and parent), its plans with their participation, and
        # their figures in one grouped query (none without plans).
        for member in (self.small, self.member, self.large):
            with self.subTest(member.name), self.assertNumQueries(3):
                response = self.client.get(f"/members/{member.slug}/preview.png")
            self.assertEqual(response.status_code, 200)
        key = key_figures_of(self.large)
        self.assertEqual([tile.value for tile in key.tiles], ["4", "20", "100%"])
        with self.assertNumQueries(2):
            self.client.get("/members/newland/preview.png")

    @override_settings(OGP_PAGE_CACHE=True, OGP_DATA_VERSION_MAX_AGE=60)
    def test_cached_with_an_etag_and_a_public_cache_control(self):
        url = "/members/buenos-aires/preview.png"
        first = self.client.get(url)
        self.assertIn("public", first["Cache-Control"])
        self.assertIn("max-age=", first["Cache-Control"])
        self.assertTrue(first["ETag"])
        self.assertNotEqual(first["ETag"], self.client.get("/es" + url)["ETag"])
        with self.assertNumQueries(0):  # the page cache answers, the version still fresh
            again = self.client.get(url)
        self.assertEqual(again.content, first.content)
        not_modified = self.client.get(url, headers={"if-none-match": first["ETag"]})
        self.assertEqual(not_modified.status_code, 304)


def assert_inside(test, placed):
    """Every line of a placed text inks inside its box (but for a letter's side bearing: "A"
    inks a pixel left of where it is drawn), and the box is inside the image."""
    test.assertGreaterEqual(placed.x, 0)
    test.assertLessEqual(placed.x + placed.width, preview.WIDTH)
    test.assertLessEqual(placed.y + placed.height, preview.HEIGHT)
    test.assertLessEqual(placed.fitted.height, placed.height)
    for index, line in enumerate(placed.fitted.lines):
        left, top, right, bottom = placed.fitted.font.getbbox(line)
        test.assertGreaterEqual(left, -2, line)
        test.assertLessEqual(right, placed.width, line)
        test.assertLessEqual(index * placed.fitted.line_height + bottom, placed.height, line)


class FitTests(SimpleTestCase):
    def test_the_largest_size_that_fits_on_the_lines_allowed(self):
        short = preview.fit("Seoul", "bold", preview.sizes(80, 44, 4), 1072, 2)
        self.assertEqual((short.lines, short.font.size), (["Seoul"], 80))
        long = preview.fit(VERY_LONG_NAME, "bold", preview.sizes(80, 44, 4), 1072, 2)
        self.assertEqual(len(long.lines), 2)
        self.assertLess(long.font.size, 80)
        self.assertEqual(" ".join(long.lines), VERY_LONG_NAME)

    def test_a_height_limits_the_lines(self):
        text = "de los 12 345 compromisos que el MRI podía calificar de estelares"
        fitted = preview.fit(text, "regular", preview.sizes(22, 14), 293, 3, 1.15, max_height=40)
        self.assertLessEqual(fitted.height, 40)
        self.assertEqual(" ".join(fitted.lines), text)

    def test_at_the_smallest_size_the_last_line_is_cut_with_an_ellipsis(self):
        text = " ".join(["participación"] * 40)
        fitted = preview.fit(text, "regular", preview.sizes(22, 14), 293, 2)
        self.assertEqual(len(fitted.lines), 2)
        self.assertTrue(fitted.lines[-1].endswith("…"))
        for line in fitted.lines:
            self.assertLessEqual(fitted.font.getlength(line), 293)

    def test_never_at_a_no_break_space(self):
        text = "Plan d’action en cours\u00a0: 2025-2027 et 66\u00a0209 engagements"
        face = preview.font("regular", 22)
        for width in range(130, 400, 7):
            with self.subTest(width):
                lines = preview.wrap(text, face, width)
                self.assertEqual(" ".join(lines), text)
                self.assertFalse(any(line.startswith(":") for line in lines))
                self.assertIn("66\u00a0209", " ".join(lines))

    def test_a_word_wider_than_the_line_is_broken(self):
        word = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch" * 2
        fitted = preview.fit(word, "bold", preview.sizes(80, 44, 4), 1072, 3)
        self.assertGreater(len(fitted.lines), 1)
        self.assertEqual("".join(fitted.lines), word)
        for line in fitted.lines:
            self.assertLessEqual(fitted.font.getlength(line), 1072)

    def test_the_colours_are_the_sites(self):
        css = (ROOT / "static" / "css" / "site.css").read_text()
        for name, colour in preview.COLOURS.items():
            with self.subTest(name):
                self.assertRegex(css, rf"--{name}:\s*{re.escape(colour)};")
