"""The commitment explorer in Chromium: filter by a policy area, combine filters, search, page
through, narrow with a facet, export; with and without JavaScript; axe and the Nu checker."""

import csv
import re

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.browser.conftest import VIEWPORTS
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
        f.make_commitment(plan, [f.policy_area("open-data")], title=f"Open data set {n + 1}")
    return built


def listed(page):
    return page.locator("table.explorer-table tbody th[scope=row]").all_inner_texts()


def test_filter_combine_search_page_and_export(
    page, commitments, check_accessibility, check_html, screenshot
):
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto("/commitments/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Commitment explorer")
    expect(page.locator(HEADING)).to_have_text("18 commitments found")
    check_accessibility(page)
    check_html(page.content(), "explorer")
    screenshot(page, "explorer")

    # One policy area: ticking it updates the results without a reload.
    page.evaluate("() => { window.notReloaded = true; }")
    page.locator("summary", has_text="Policy area").first.click()
    page.get_by_label("Open Data", exact=True).check()
    expect(page.locator(HEADING)).to_have_text("14 commitments found")
    expect(page).to_have_url(re.compile(r"/commitments/\?.*policy_area=open-data"))
    assert page.evaluate("() => window.notReloaded") is True

    # A second filter narrows it.
    page.locator("summary", has_text="Starred").first.click()
    page.locator("#id_starred").get_by_label("Yes", exact=True).check()
    expect(page.locator(HEADING)).to_have_text("1 commitment found")
    assert listed(page) == [commitments["commitments"]["budget_data"].identifier]
    check_accessibility(page)
    check_html(page.content(), "explorer filtered")

    # Search, with the filters cleared.
    page.get_by_role("link", name="Clear all filters").click()
    page.get_by_role("searchbox", name="Search").fill("whistleblower")
    page.get_by_role("searchbox", name="Search").press("Enter")
    expect(page.locator(HEADING)).to_have_text("1 commitment found")
    assert listed(page) == [commitments["commitments"]["kenya_whistle"].identifier]

    # Page through 10 at a time; the back button returns to the first page.
    page.goto("/commitments/?policy_area=open-data")
    page.get_by_label("Results per page").select_option("10")
    expect(page.locator(".pagination")).to_contain_text("Page 1 of 2")
    first_page = listed(page)
    assert len(first_page) == 10
    page.get_by_role("link", name="Next page").click()
    expect(page.locator(".pagination")).to_contain_text("Page 2 of 2")
    expect(page).to_have_url(re.compile(r"per_page=10.*page=2|page=2.*per_page=10"))
    second_page = listed(page)
    assert len(second_page) == 4 and not set(first_page) & set(second_page)
    page.go_back()
    expect(page.locator(".pagination")).to_contain_text("Page 1 of 2")
    screenshot(page, "explorer-paged")

    # Export exactly what is filtered.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV", exact=True).click()
    download = download_info.value
    assert re.fullmatch(r"ogp-commitments-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    with open(download.path(), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["identifier"] for row in rows] == first_page + second_page


def test_facet_link_narrows_and_the_form_follows(page, commitments, check_accessibility):
    page.goto("/commitments/")
    facet = page.locator(".facets section", has_text="Region").get_by_role(
        "link", name="Africa and the Middle East"
    )
    facet.click()
    expect(page.locator(HEADING)).to_have_text("2 commitments found")
    expect(page).to_have_url(re.compile(r"region=africa-and-the-middle-east"))
    region_box = page.locator("#id_region").get_by_label("Africa and the Middle East")
    expect(region_box).to_be_checked()
    check_accessibility(page)


def test_works_without_javascript(browser, live_server, commitments, check_html):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    try:
        page.goto("/commitments/")
        page.locator("summary", has_text="Region").first.click()
        page.locator("#id_region").get_by_label("Americas").check()
        page.get_by_role("button", name="Apply filters").click()
        expect(page).to_have_url(re.compile(r"region=americas"))
        expect(page.locator(HEADING)).to_have_text("12 commitments found")
        page.goto("/commitments/?year_from=2020&year_to=2016")
        expect(page.locator(HEADING)).to_have_text("The filters could not be applied")
        expect(page.locator("table.explorer-table")).to_have_count(0)
        check_html(page.content(), "explorer with errors")
    finally:
        context.close()


def test_policy_area_pages(page, commitments, check_accessibility, check_html, screenshot):
    page.goto("/policy-areas/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Policy areas")
    check_accessibility(page)
    check_html(page.content(), "policy areas")
    page.get_by_role("link", name="Access to Information", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Access to Information")
    check_accessibility(page)
    check_html(page.content(), "policy area")
    screenshot(page, "policy-area")
    page.get_by_role("link", name=re.compile("Explore the 16 commitments")).click()
    expect(page.locator(HEADING)).to_have_text("16 commitments found")


def test_data_dictionary(page, check_accessibility, check_html):
    page.goto("/data/dictionary/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Commitment data dictionary")
    check_accessibility(page)
    check_html(page.content(), "data dictionary")
