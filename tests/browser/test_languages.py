"""The language switch in Chromium: on a profile and on an explorer page filtered without a
reload, it lands on the same page and filters in the other language and remembers the choice
in the language cookie; the pages stay valid, accessible and fit a phone in Spanish and French."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS
from tests.browser.test_explorer import HEADING, commitments  # noqa: F401 (a fixture)
from tests.browser.test_public import assert_fits_a_phone

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def language_cookie(page):
    return {c["name"]: c["value"] for c in page.context.cookies()}.get(
        settings.LANGUAGE_COOKIE_NAME
    )


def test_the_switch_keeps_the_page_and_the_filters(
    page,
    commitments,  # noqa: F811
    check_accessibility,
    check_html,
    screenshot,
):
    page.set_viewport_size(VIEWPORTS["desktop"])
    member = commitments["commitments"]["budget_data"].action_plan.member
    page.goto(member.get_absolute_url())
    page.locator(".language-switch").get_by_role("link", name="Español").click()
    expect(page).to_have_url(re.compile(rf"/es{re.escape(member.get_absolute_url())}$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert language_cookie(page) == "es"
    check_accessibility(page)
    check_html(page.content(), "profile in Spanish")
    assert_fits_a_phone(page)
    screenshot(page, "profile-es")

    # Filter the explorer without a reload, then switch: the filters come along.
    page.goto("/fr/commitments/")
    expect(page.locator(HEADING)).to_have_text("18 engagements trouvés")
    page.locator("summary", has_text="Domaine politique").first.click()
    page.get_by_label("Open Data", exact=True).check()
    expect(page.locator(HEADING)).to_have_text("14 engagements trouvés")
    check_accessibility(page)
    check_html(page.content(), "explorer in French")
    assert_fits_a_phone(page)
    screenshot(page, "explorer-fr")
    page.locator(".language-switch").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/commitments/\?.*policy_area=open-data"))
    assert "/fr/" not in page.url
    expect(page.locator(HEADING)).to_have_text("14 commitments found")
    assert language_cookie(page) == "en"


def test_the_english_fallback_in_spanish_is_accessible(
    page,
    commitments,  # noqa: F811
    check_accessibility,
    check_html,
    screenshot,
):
    """A Spanish commitment page with its title translated and its plan, description and
    milestones not: the English fragments are marked lang="en" with the "(sin traducir)" note,
    and axe and the Nu checker find nothing to say."""
    commitment = commitments["commitments"]["budget_data"]
    commitment.title_es = "Datos presupuestarios abiertos"
    commitment.save()
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto(f"/es{commitment.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Datos presupuestarios abiertos")
    fallback = page.locator('[lang="en"].untranslated')
    assert fallback.count() >= 1
    expect(fallback.first.locator(".untranslated__note")).to_have_text("(sin traducir)")
    expect(fallback.first.locator(".untranslated__note")).to_have_attribute("lang", "es")
    check_accessibility(page)
    check_html(page.content(), "commitment in Spanish with English fallbacks")
    screenshot(page, "commitment-es-fallback")
    page.set_viewport_size(VIEWPORTS["phone"])
    check_accessibility(page)
    assert_fits_a_phone(page)
