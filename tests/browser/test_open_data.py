"""/data/ in a real browser with two releases: the licence, the latest files, the list of
releases and a release's own page, accessible, valid HTML, no sideways scroll on a phone."""

import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from opendata import build
from opendata.licence import LICENCE
from tests.browser.conftest import VIEWPORTS
from tests.browser.test_public import assert_fits_a_phone, seoul  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def two_releases(seoul):  # noqa: F811 (the fixture imported above)
    root = Path(tempfile.mkdtemp())
    with override_settings(OPEN_DATA_DIR=root):
        build.build(now=datetime(2026, 11, 30, 3, 15, tzinfo=UTC))
        build.build(now=datetime(2026, 12, 1, 3, 15, tzinfo=UTC))
        yield root
    shutil.rmtree(root, ignore_errors=True)


def test_data_page_lists_the_releases(
    page, two_releases, check_accessibility, check_html, screenshot
):
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto("/data/")
    expect(page.get_by_role("heading", level=2, name="Latest release: 2026-12-01")).to_be_visible()
    expect(page.get_by_role("link", name=LICENCE.title)).to_have_attribute("href", LICENCE.url)
    listed = page.get_by_role("table", name="Open data releases, newest first")
    expect(listed.locator("tbody th a")).to_have_text(["2026-12-01", "2026-11-30"])
    check_accessibility(page)
    check_html(page.content(), "open data page")
    assert_fits_a_phone(page)
    screenshot(page, "open-data")

    listed.get_by_role("link", name="2026-11-30").click()
    expect(page).to_have_url("/data/releases/2026-11-30/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data release 2026-11-30")
    expect(page.get_by_role("link", name="commitments.csv")).to_have_attribute(
        "href", "/data/releases/2026-11-30/commitments.csv"
    )
    check_accessibility(page)
    check_html(page.content(), "open data release page")
    assert_fits_a_phone(page)
