"""Staff import OGP's commitment sheet in a real browser: upload, preview, confirm, revert."""

import pytest
from playwright.sync_api import expect

from commitments.models import Commitment
from imports.models import ImportRun
from tests.imports.sheets import csv_bytes, row

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def signed_in(signed_in_superuser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return signed_in_superuser


def test_upload_preview_and_confirm(signed_in, tmp_path, check_accessibility, check_html):
    page = signed_in
    sheet = tmp_path / "commitments.csv"
    sheet.write_bytes(csv_bytes([row(), row(identifier="SEO0002", theme="Youth")]))

    page.goto("/admin/imports/importrun/add/")
    check_accessibility(page)
    check_html(page.content(), "import upload")
    page.get_by_label("Spreadsheet").set_input_files(str(sheet))
    page.get_by_label("IRM report").fill("Seoul Final IRM Review 2017")
    page.get_by_role("button", name="Preview").click()

    expect(page.locator("#import-rows")).to_contain_text("New member: Seoul, South Korea")
    expect(page.locator("#import-counts")).to_contain_text("2")
    check_accessibility(page)
    check_html(page.content(), "import preview")
    assert not Commitment.objects.exists()  # nothing written before confirmation

    page.get_by_role("button", name="Confirm and import").click()
    expect(page.locator(".messagelist")).to_contain_text("applied: 2 new, 0 changed")
    expect(page.get_by_role("button", name="Confirm and import")).to_have_count(0)
    assert Commitment.objects.count() == 2
    assert ImportRun.objects.get().status == "applied"
    check_accessibility(page)
    check_html(page.content(), "import applied")

    page.get_by_role("button", name="Revert this import").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "reverted: 10 records deleted"
    )  # member, prefix, plan, 2 commitments, reports, assessments
    assert not Commitment.objects.exists()
    assert ImportRun.objects.get().status == "reverted"


def test_errors_are_shown_and_block_confirmation(signed_in, tmp_path):
    page = signed_in
    sheet = tmp_path / "bad.csv"
    sheet.write_bytes(csv_bytes([row(region="Atlantis")]))
    page.goto("/admin/imports/importrun/add/")
    page.get_by_label("Spreadsheet").set_input_files(str(sheet))
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#import-rows")).to_contain_text("Unknown region “Atlantis”")
    expect(page.get_by_role("button", name="Confirm and import")).to_have_count(0)
    assert not Commitment.objects.exists()
