"""Members side by side in a real browser: chosen from the directory and from the profile, the
table read at phone width (one card per figure, each member named) without sideways scroll."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS
from tests.browser.test_public import assert_fits_a_phone, seoul  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_compare_from_the_directory_and_the_profile(
    page,
    seoul,  # noqa: F811 (the fixture)
    check_accessibility,
    check_html,
    screenshot,
):
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto("/members/")
    page.get_by_label("Compare Seoul, South Korea").check()
    page.get_by_label("Compare Kenya").check()
    page.get_by_role("button", name="Compare the ticked members").click()
    # The boxes in the directory's order (by name).
    expect(page).to_have_url(re.compile(r"/compare/\?members=kenya&members=seoul-south-korea$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare members")
    table = page.get_by_role("table", name="Members side by side")
    expect(table.locator("thead th")).to_have_text(["Figure", "Kenya", "Seoul, South Korea"])

    # From the profile: "Compare with…" a name typed, no script needed.
    page.goto("/members/seoul-south-korea/")
    page.get_by_label("Compare with…").fill("Mongolia")
    page.get_by_role("button", name="Compare", exact=True).click()
    expect(page).to_have_url("/compare/?members=seoul-south-korea%2Cmongolia")
    check_accessibility(page)
    check_html(page.content(), "comparison")

    # At phone width: no sideways scroll, and each figure a card naming each member.
    page.set_viewport_size(VIEWPORTS["phone"])
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the comparison scrolls sideways by {overflow}px at 390px"
    box = page.locator(".compare-table")
    assert box.evaluate("el => el.scrollWidth - el.clientWidth") <= 0
    row = table.locator("tbody tr", has=page.get_by_role("rowheader", name="Action Plan 1")).first
    cells = row.locator("td")
    expect(cells).to_have_count(2)
    first, second = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"] - 1  # stacked, not side by side
    assert first["x"] + first["width"] <= VIEWPORTS["phone"]["width"]
    label = cells.nth(0).evaluate("el => getComputedStyle(el, '::before').content")
    assert "Seoul, South Korea" in label
    font = cells.nth(0).evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert font >= 14
    check_accessibility(page)
    assert_fits_a_phone(page)
    screenshot(page, "comparison")

    # In Spanish, the names without their translation (every region and dimension here) are
    # marked English, and the page stays valid and accessible.
    page.goto("/es/compare/?members=seoul-south-korea%2Cmongolia")
    spanish = page.get_by_role("table", name="Miembros lado a lado")
    dimension = spanish.get_by_role("rowheader", name="Civic Space").first
    expect(dimension.locator('span[lang="en"]')).to_have_text("Civic Space")
    expect(spanish.locator('td span[lang="en"]').first).to_have_text("Asia and the Pacific")
    check_accessibility(page)
    check_html(page.content(), "comparison in Spanish")


@pytest.mark.allow_console_errors  # the browser logs the refused comparison's 400
def test_a_refused_comparison_says_why_and_offers_the_form(page, seoul):  # noqa: F811
    page.goto("/compare/?members=seoul-south-korea")
    expect(page.get_by_role("alert")).to_contain_text("Choose at least 2 members")
    expect(page.get_by_role("table")).to_have_count(0)
    page.get_by_label("Add a member").fill("Kenya")
    page.get_by_role("button", name="Add").click()
    expect(page).to_have_url("/compare/?members=seoul-south-korea%2Ckenya")


def test_the_member_fields_suggest_members_as_the_explorer_does(
    page,
    seoul,  # noqa: F811 (the fixture)
    check_accessibility,
):
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto("/compare/")
    first = page.get_by_role("combobox", name="First member")
    first.focus()
    page.keyboard.type("seo")
    listbox = page.get_by_role("listbox", name="Suggested members")
    expect(listbox.get_by_role("option")).to_have_text(["Seoul, South Korea"])
    expect(first).to_have_attribute("aria-expanded", "true")
    check_accessibility(page)
    page.keyboard.press("ArrowDown")
    option = listbox.get_by_role("option", name="Seoul, South Korea")
    expect(first).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    page.keyboard.press("Enter")
    expect(first).to_have_value("Seoul, South Korea")
    expect(first).to_have_attribute("aria-expanded", "false")
    second = page.get_by_role("combobox", name="Second member")
    second.focus()
    page.keyboard.type("kore")
    page.get_by_role("option", name="South Korea", exact=True).click()
    expect(second).to_have_value("South Korea")
    page.get_by_role("button", name="Compare", exact=True).click()
    expect(page).to_have_url("/compare/?members=seoul-south-korea%2Csouth-korea")
    # The profile's "Compare with…" too.
    page.goto("/members/seoul-south-korea/")
    field = page.get_by_role("combobox", name="Compare with…")
    field.focus()
    page.keyboard.type("south k")
    expect(page.get_by_role("option").first).to_be_visible()
    check_accessibility(page)


def test_the_member_fields_are_text_fields_without_javascript(browser, live_server, seoul):  # noqa: F811
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    try:
        page.goto("/compare/")
        page.get_by_role("textbox", name="First member").fill("seoul")
        page.get_by_role("textbox", name="Second member").fill("South Korea")
        page.get_by_role("button", name="Compare", exact=True).click()
        expect(page).to_have_url("/compare/?members=seoul-south-korea%2Csouth-korea")
    finally:
        context.close()
