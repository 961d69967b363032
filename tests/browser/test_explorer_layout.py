"""The explorer's layout in Chromium: at phone width the results come first and nothing
scrolls sideways; at 1,280 px the IRM columns are in view; chips remove their filter; the
member field is a keyboard-operable autocomplete (and a plain text field without JavaScript);
printing shows the results and the filters as a sentence, not the form."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.commitments import test_explorer_data as data

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADING = "#results-title"


@pytest.fixture
def commitments():
    built = data.build()
    plan = f.make_action_plan(f.make_member(name="Paraguay", region=f.region("americas")))
    for n in range(12):
        f.make_commitment(
            plan,
            [
                f.policy_area("open-data"),
                f.policy_area("public-participation-in-budgetfiscal-policy"),
            ],
            title=f"Publish the budget of every ministry as open data, year by year, set {n + 1}",
            lead_institution="Ministry of Finance and Economic Development Planning",
        )
    return built


def first_row_top(page):
    return page.locator("table.explorer-table tbody tr").first.bounding_box()["y"]


@pytest.mark.parametrize("width", [320, 390])
def test_phone_results_first_without_sideways_scroll(
    page, commitments, width, check_accessibility, check_html, screenshot
):
    page.set_viewport_size({"width": width, "height": 844})
    page.goto("/commitments/?policy_area=open-data&region=americas&kind=national")
    expect(page.locator(HEADING)).to_have_text("12 commitments found")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    filters = page.locator("#explorer-filters")
    # Results first; the filters after them, a closed disclosure with the number of filters.
    assert first_row_top(page) < filters.bounding_box()["y"]
    assert first_row_top(page) < page.locator("#facets").bounding_box()["y"]
    expect(filters.locator("> summary")).to_have_text("Filters (3)")
    expect(page.locator("#id_q")).to_be_in_viewport()
    assert filters.evaluate("details => details.open") is False
    # The skip link at the top opens the filters and goes there.
    page.locator(".explorer-skip").get_by_role("link", name="Filters (3)").click()
    expect(page.get_by_role("button", name="Apply filters")).to_be_visible()
    assert filters.evaluate("details => details.open") is True
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    # The first page of a plain query too, with long titles and every column.
    page.goto("/commitments/?per_page=100")
    expect(page.locator(HEADING)).to_have_text("18 commitments found")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    if width == 390:
        check_accessibility(page)
        check_html(page.content(), "explorer at phone width")
        screenshot(page, "explorer-layout")


def test_wide_screen_shows_the_irm_columns_without_scrolling(page, commitments):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/commitments/?per_page=100")
    expect(page.locator(HEADING)).to_have_text("18 commitments found")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 1280
    box = page.locator(".table-scroll")
    assert box.evaluate("el => el.scrollWidth <= el.clientWidth"), "the table scrolls sideways"
    for column in ("Identifier", "Year", "Completion", "Did it open government?", "Starred"):
        header = page.locator("table.explorer-table thead th", has_text=column).bounding_box()
        assert header["x"] >= 0 and header["x"] + header["width"] <= 1280, column
    # The facets and the filters sit in a column beside the results, open.
    assert page.locator("#facets").bounding_box()["x"] < box.bounding_box()["x"]
    expect(page.get_by_role("button", name="Apply filters")).to_be_visible()


def test_chips_remove_their_filter(page, commitments, check_accessibility):
    page.goto("/commitments/?policy_area=open-data&region=americas")
    expect(page.locator(HEADING)).to_have_text("12 commitments found")
    chips = page.locator(".active-filters .chip")
    expect(chips).to_have_count(2)
    region_box = page.locator("#id_region").get_by_label("Americas")
    expect(region_box).to_be_checked()
    page.evaluate("() => { window.notReloaded = true; }")
    chips.filter(has_text="Region: Americas").click()
    expect(page.locator(HEADING)).to_have_text("14 commitments found")
    expect(page).to_have_url(re.compile(r"/commitments/\?policy_area=open-data$"))
    expect(region_box).not_to_be_checked()
    expect(page.locator("#explorer-filters > summary")).to_have_text("Filters (1)")
    assert page.evaluate("() => window.notReloaded") is True
    # A chosen facet value has its own removal link.
    page.locator(".facets").get_by_role("link", name="Remove Open Data").click()
    expect(page.locator(HEADING)).to_have_text("18 commitments found")
    expect(page.locator(".active-filters")).to_have_count(0)
    check_accessibility(page)


def test_member_autocomplete_with_the_keyboard(page, commitments, check_accessibility):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/commitments/")
    field = page.get_by_role("combobox", name="Member:", exact=True)
    field.focus()
    page.keyboard.type("ken")
    listbox = page.get_by_role("listbox")
    expect(listbox.get_by_role("option")).to_have_text(["Kenya"])
    expect(field).to_have_attribute("aria-expanded", "true")
    check_accessibility(page)
    page.keyboard.press("ArrowDown")
    option = listbox.get_by_role("option", name="Kenya")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    page.keyboard.press("Enter")
    expect(page.locator(HEADING)).to_have_text("2 commitments found")
    expect(page).to_have_url(re.compile(r"member=kenya"))
    expect(page.get_by_role("checkbox", name="Kenya")).to_be_checked()
    expect(field).to_have_value("")
    expect(field).to_be_focused()
    expect(field).to_have_attribute("aria-expanded", "false")
    # A second member, and Escape closes the list without choosing.
    page.keyboard.type("seoul")
    expect(listbox.get_by_role("option")).to_have_text(["Seoul, South Korea"])
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator(HEADING)).to_have_text("3 commitments found")
    expect(page.locator(".active-filters .chip")).to_have_text(
        ["Member: Kenya – remove×", "Member: Seoul, South Korea – remove×"]
    )
    # Unticking a member's box takes it out.
    page.get_by_role("checkbox", name="Kenya").uncheck()
    expect(page.locator(HEADING)).to_have_text("1 commitment found")


def test_member_by_name_without_javascript(browser, live_server, commitments, check_html):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    try:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto("/commitments/")
        # Without the script the disclosures are open and the field is a plain text field.
        expect(page.get_by_role("button", name="Apply filters")).to_be_visible()
        page.get_by_role("textbox", name="Member:", exact=True).fill("seoul")
        page.get_by_role("button", name="Apply filters").click()
        expect(page.locator(HEADING)).to_have_text("1 commitment found")
        expect(page.get_by_role("checkbox", name="Seoul, South Korea")).to_be_checked()
        page.get_by_role("textbox", name="Member:", exact=True).fill("Atlantis")
        page.get_by_role("button", name="Apply filters").click()
        expect(page.locator(HEADING)).to_have_text("The filters could not be applied")
        expect(page.locator(".explorer-errors")).to_contain_text(
            "No published member is called “Atlantis”."
        )
        check_html(page.content(), "explorer, unknown member")
    finally:
        context.close()


def test_print_shows_the_results_and_the_filters_as_a_sentence(page, commitments):
    page.goto("/commitments/?policy_area=open-data&starred=yes")
    expect(page.locator(HEADING)).to_have_text("1 commitment found")
    page.emulate_media(media="print")
    expect(page.locator("#explorer-form")).to_be_hidden()
    expect(page.locator(".explorer-search")).to_be_hidden()
    expect(page.locator("#facets")).to_be_hidden()
    expect(page.locator(".explorer-exports")).to_have_count(2)  # commitments, assessments
    for exports in page.locator(".explorer-exports").all():
        expect(exports).to_be_hidden()
    expect(page.locator("table.explorer-table")).to_be_visible()
    expect(page.locator(".active-filters")).to_be_hidden()
    expect(page.locator(".filters-sentence")).to_have_text(
        "Filtered by: Policy area: Open Data; Starred: Yes."
    )
    page.emulate_media(media="screen")
    expect(page.locator(".filters-sentence")).to_be_hidden()
    expect(page.locator(".active-filters")).to_be_visible()
