"""The public pages in a real browser: what a visitor does, checked with axe and the Nu checker,
with screenshots at phone and desktop widths."""

import re
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from playwright.sync_api import expect

from members.models import Region
from tests.browser.conftest import VIEWPORTS
from tests.members.test_profile import build_seoul

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def ensure_reference_data():
    """Reload the rows the data migrations make when a previous transactional test's flush
    left them out. `serialized_rollback` restores them when the browser tests run on their
    own, but not after a TestCase in the same session (seen with pytest-django 4.14)."""
    if Region.objects.exists():
        return
    for app, module in (
        ("members", "0002_reference_data"),
        ("commitments", "0002_policy_areas"),
        ("irm", "0002_dimensions"),
    ):
        import_module(f"{app}.migrations.{module}").seed(django_apps, None)


@pytest.fixture
def seoul(transactional_db):
    ensure_reference_data()
    cache.clear()  # the partnership-wide figures are cached by the live server's process
    return build_seoul()


def assert_fits_a_phone(page):
    page.set_viewport_size(VIEWPORTS["phone"])
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 390px wide"
    page.set_viewport_size(VIEWPORTS["desktop"])


def test_directory_filter_profile_and_commitment(
    page, seoul, check_accessibility, check_html, screenshot
):
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto("/members/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Members")
    expect(page.locator(".count")).to_have_text("4 members")
    check_accessibility(page)
    check_html(page.content(), "member directory")
    assert_fits_a_phone(page)
    screenshot(page, "directory")

    page.get_by_label("Region").select_option(label="Asia and the Pacific")
    page.get_by_label("Kind").select_option(label="Local")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"/members/\?.*kind=local&region=asia-and-the-pacific"))
    expect(page.locator(".count")).to_have_text("1 member matches, of 4")
    rows = page.locator("table.data tbody tr")
    expect(rows).to_have_count(1)

    page.get_by_role("link", name="Seoul, South Korea").click()
    expect(page).to_have_url("/members/seoul-south-korea/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Seoul, South Korea")
    performance = page.get_by_role("table", name="Commitment performance per action plan")
    plan_1 = performance.locator("tbody tr").first
    expect(plan_1.locator("td")).to_have_text(["1", "0", "0"])
    expect(page.locator("svg.chart")).to_be_visible()
    check_accessibility(page)
    check_html(page.content(), "member profile")
    assert_fits_a_phone(page)
    screenshot(page, "profile")

    page.get_by_role("link", name="Citizen participation in improving the subway system").click()
    expect(page).to_have_url("/members/seoul-south-korea/commitments/SEO0001/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Citizen participation in improving the subway system"
    )
    check_accessibility(page)
    check_html(page.content(), "commitment page")
    assert_fits_a_phone(page)
    screenshot(page, "commitment")

    page.get_by_role("link", name="Action Plan 1", exact=True).first.click()
    expect(page).to_have_url("/members/seoul-south-korea/action-plans/1/")
    check_accessibility(page)
    check_html(page.content(), "action plan page")
    assert_fits_a_phone(page)
    screenshot(page, "action-plan")


def test_home_and_pages_of_members_without_data(
    page, seoul, check_accessibility, check_html, screenshot
):
    from tests import factories

    factories.make_member(name="Newland")
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto("/")
    expect(page.locator(".stat__value").first).to_have_text("5")
    check_accessibility(page)
    check_html(page.content(), "home page")
    screenshot(page, "home-figures")

    page.goto("/members/newland/")
    expect(page.get_by_text("Newland has not published an action plan yet.")).to_be_visible()
    check_accessibility(page)
    check_html(page.content(), "profile without plans")
    assert_fits_a_phone(page)
    screenshot(page, "profile-empty")

    page.goto("/members/seoul-south-korea/commitments/SEO0006/")
    expect(page.get_by_text("Pending IRM review").first).to_be_visible()
    check_accessibility(page)
    check_html(page.content(), "pending commitment page")

    page.goto("/members/?kind=planet")
    expect(page.get_by_role("alert")).to_contain_text("Some filters could not be applied")
    check_accessibility(page)
    check_html(page.content(), "directory with an invalid filter")


# Every page type, at the narrowest phone, a common phone and a laptop, in every language (a
# Spanish or French label can make a table that fits in English wider than a phone).
WIDTHS = (320, 390, 1280)
LANGUAGE_PREFIXES = ("", "/es", "/fr")
PAGE_TYPES = {
    "home": "/",
    "directory": "/members/",
    "profile": "/members/seoul-south-korea/",
    "plan": "/members/seoul-south-korea/action-plans/1/",
    "commitment": "/members/seoul-south-korea/commitments/SEO0001/",
    "explorer": "/commitments/",
    "charts": "/commitments/charts/",
    "charts by early results": "/commitments/charts/early-results/",
    "compare": "/compare/?members=seoul-south-korea,south-korea",
    "policy areas": "/policy-areas/",
    "policy area": "/policy-areas/public-participation/",
    "data": "/data/",
    "data dictionary": "/data/dictionary/",
    # The change logs, the pages of the Atom feeds (the feeds themselves are XML).
    "member history": "/members/seoul-south-korea/history/",
    "plan history": "/members/seoul-south-korea/action-plans/1/history/",
    "commitment history": "/members/seoul-south-korea/commitments/SEO0001/history/",
    "embed: performance": "/embed/members/seoul-south-korea/performance/",
    "embed: star chart": "/embed/members/seoul-south-korea/star-chart/",
    "embed: participation": "/embed/members/seoul-south-korea/participation/",
    "embed: IRM review": "/embed/members/seoul-south-korea/commitments/SEO0001/irm-review/",
}

# Each table wider than the page lets it be (its scroll box, or the table itself when it has
# none): whether it is in a focusable region named by its caption and whether a "scroll
# sideways" cue is visible above it.
HIDDEN_COLUMNS = """() => [...document.querySelectorAll("table")].flatMap(table => {
  const box = table.closest(".table-scroll");
  const scroller = box || table;
  const page = document.documentElement.clientWidth;
  if (scroller.scrollWidth <= scroller.clientWidth + 1
      && table.getBoundingClientRect().right <= page + 1) return [];
  const label = box && document.getElementById(box.getAttribute("aria-labelledby") || "");
  const cue = box && box.previousElementSibling;
  return [{
    table: (table.caption && table.caption.textContent.trim()) || table.className,
    region: !!box && box.getAttribute("role") === "region" && box.tabIndex === 0
      && !!label && label.textContent.trim() !== "",
    cue: !!cue && cue.classList.contains("scroll-cue") && cue.checkVisibility(),
  }];
})"""


def test_no_page_scrolls_sideways_and_no_table_hides_a_column_unannounced(page, seoul):
    for name, path in PAGE_TYPES.items():
        for prefix in LANGUAGE_PREFIXES:
            where = f"{name} ({prefix}{path})"
            page.set_viewport_size({"width": 1280, "height": 800})
            response = page.goto(prefix + path)
            assert response.status == 200, where
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                page.wait_for_function(f"() => window.innerWidth === {width}")
                # Two frames: the resize handlers (static/js/tables.js sets the cues) have run.
                page.evaluate(
                    "() => new Promise(done => requestAnimationFrame("
                    "() => requestAnimationFrame(done)))"
                )
                overflow = page.evaluate(
                    "() => document.documentElement.scrollWidth"
                    " - document.documentElement.clientWidth"
                )
                assert overflow <= 0, f"{where} scrolls sideways by {overflow}px at {width}px"
                if width > 768 and path.startswith("/embed/"):
                    # An embed runs no script (static/js/tables.js): its cue shows on screens
                    # up to 48rem only, the width of an embed's frame (640 px by default);
                    # wider, its scroll shadows (test_embed.py) show the hidden columns.
                    continue
                for table in page.evaluate(HIDDEN_COLUMNS):
                    assert table["region"] and table["cue"], (
                        f"{where} at {width}px: “{table['table']}” hides columns without a "
                        f"visible cue and a focusable, labelled scroll region: {table}"
                    )


# The star chart's table on the profile: its box, the table's own width (its widest it can be
# squeezed to: the width the table takes when asked for none), its number of header cells and
# how many of them lie outside the box.
STAR_TABLE = """() => {
  const table = document.querySelector("#starred .table-scroll > table");
  const box = table.parentElement;
  const width = table.style.width;
  table.style.width = "0";
  const minimum = table.scrollWidth;
  table.style.width = width;
  const right = box.getBoundingClientRect().right;
  const headers = [...table.tHead.rows[0].cells];
  return {
    caption: table.caption.textContent.trim(),
    box: box.clientWidth,
    scroll: box.scrollWidth,
    minimum,
    headers: headers.length,
    outside: headers.filter(cell => cell.getBoundingClientRect().right > right + 1).length,
  };
}"""


def test_the_star_chart_table_fits_a_1280_pixel_window_in_every_language(page, seoul):
    """Its twelve columns (the plan, ten focus buckets, the total) fit the profile's column at
    1280 px without scrolling sideways, in Spanish (the widest headings) as in English and
    French: narrower number columns (.data--counts), no column hidden."""
    page.set_viewport_size(VIEWPORTS["desktop"])
    for prefix, caption in (
        ("", "Commitments per action plan by focus"),
        ("/es", "Compromisos por plan de acción según su enfoque"),
        ("/fr", "Engagements par plan d'action selon leur priorité"),
    ):
        response = page.goto(f"{prefix}/members/seoul-south-korea/")
        assert response.status == 200
        table = page.evaluate(STAR_TABLE)
        where = f"{prefix or '/en'} at 1280px: {table}"
        assert table["caption"] == caption, where
        assert table["headers"] == 12, where
        assert 1000 < table["box"] <= 1280, where
        assert table["minimum"] <= table["box"], f"the star chart table is too wide, {where}"
        assert table["scroll"] <= table["box"], f"the star chart table scrolls, {where}"
        assert table["outside"] == 0, where
