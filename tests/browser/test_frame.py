"""The site's frame in a real browser: the home page and the staff sign-in to the admin."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_home_page_is_accessible_valid_and_styled(
    page, check_accessibility, check_html, screenshot
):
    response = page.goto("/")
    assert response.status == 200
    expect(page.locator("h1")).to_be_visible()

    # The stylesheet is served (static files work) and applied.
    stylesheet_rules = page.evaluate(
        "() => [...document.styleSheets].reduce((n, sheet) => n + sheet.cssRules.length, 0)"
    )
    assert stylesheet_rules > 0

    check_accessibility(page)
    check_html(page.content(), "home page")
    for path in screenshot(page, "home"):
        assert path.stat().st_size > 1000


def test_home_page_fits_a_phone_screen(page):
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto("/")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 390px wide"


def test_skip_link_is_the_first_stop_and_leads_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("href", "#main")
    expect(focused).to_be_visible()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_staff_member_signs_in_to_the_admin(
    page, django_user_model, check_accessibility, check_html, screenshot
):
    django_user_model.objects.create_user(
        username="editor", password="a-long-test-password", is_staff=True, is_superuser=True
    )

    page.goto("/admin/")
    expect(page).to_have_url("/admin/login/?next=/admin/")
    check_accessibility(page)
    check_html(page.content(), "admin sign-in page")
    screenshot(page, "admin-login")

    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url("/admin/")
    expect(
        page.get_by_role("heading", name="Members, plans, commitments and IRM findings")
    ).to_be_visible()
    check_accessibility(page)
    check_html(page.content(), "admin index")
    screenshot(page, "admin-index")


def test_wrong_password_is_refused_with_a_message(page, django_user_model):
    django_user_model.objects.create_user(
        username="editor", password="a-long-test-password", is_staff=True
    )
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url("/admin/login/")
    expect(page.locator(".errornote")).to_contain_text("correct username and password")


def test_checkers_report_real_problems(page, check_accessibility, check_html):
    """The checkers themselves: a page with known faults must fail both."""
    broken = (
        '<!doctype html><html lang="en"><head><title>Broken</title></head>'
        '<body><main><img src="x.png"><p><div>block in a paragraph</div></p></main></body></html>'
    )
    with pytest.raises(AssertionError, match="Nu HTML checker found"):
        check_html(broken, "broken page")

    # axe runs under the site's real Content-Security-Policy: break a served page.
    page.goto("/")
    check_accessibility(page)
    page.evaluate(
        """() => {
            const image = document.createElement("img");
            image.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
            document.querySelector("main").append(image);
        }"""
    )
    with pytest.raises(AssertionError, match="image-alt"):
        check_accessibility(page)
