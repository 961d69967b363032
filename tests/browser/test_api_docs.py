"""The API's documentation page (Swagger UI) in a real browser: what our template controls is
accessible, and without JavaScript the page says where the schema and the guide are."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_api_docs_page_passes_axe_once_swagger_has_drawn_it(page, check_accessibility):
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    # Swagger UI puts each operation's link inside its expand button (nested-interactive): its
    # own markup, which our template does not control.
    check_accessibility(page, disable=["nested-interactive"])


def test_without_javascript_the_api_docs_page_points_at_the_schema_and_the_guide(browser, base_url):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    try:
        page = context.new_page()
        page.goto("/api/docs/")
        schema = page.get_by_role("link", name="OpenAPI schema")
        expect(schema).to_be_visible()
        assert page.request.get(schema.get_attribute("href")).ok
        expect(page.get_by_role("link", name="API root")).to_be_visible()
        expect(page.locator("code", has_text="docs/api.md")).to_be_visible()
    finally:
        context.close()
