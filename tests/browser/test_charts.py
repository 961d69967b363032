"""The explorer's charts in Chromium: readable at phone width (no sideways page scroll, no
chart text under 12 px as drawn), each chart beside its table on a wide screen, reached from
the explorer with its filters, accessible and valid HTML."""

import pytest
from playwright.sync_api import expect

from tests.commitments.test_charts import build

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Each chart text's size as drawn: its font size times the SVG's scale (drawn width / viewBox).
DRAWN_TEXT_SIZES = """() => [...document.querySelectorAll('svg.chart')].flatMap(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll('text')].map(
    text => parseFloat(getComputedStyle(text).fontSize) * scale);
})"""


@pytest.fixture
def commitments():
    return build()


@pytest.mark.parametrize("path", ["/commitments/charts/", "/es/commitments/charts/early-results/"])
def test_phone_width_readable_without_sideways_scroll(
    page, commitments, path, check_accessibility, check_html, screenshot
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(path)
    expect(page.locator("svg.chart")).to_have_count(4)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    sizes = page.evaluate(DRAWN_TEXT_SIZES)
    assert len(sizes) > 20
    assert min(sizes) >= 12, f"chart text drawn at {min(sizes):.1f}px"
    check_accessibility(page)
    check_html(page.content(), f"charts {path}")
    if path == "/commitments/charts/":
        screenshot(page, "explorer-charts")


def test_wide_screen_table_beside_each_chart_and_reached_from_the_explorer(page, commitments):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/commitments/?region=europe")
    page.get_by_role("link", name="Chart these commitments").click()
    assert page.url.endswith("/commitments/charts/?region=europe")
    expect(page.locator(".charts-total")).to_have_text("4 commitments.")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 1280
    for pair in page.locator(".chart-pair").all():
        chart = pair.locator("svg.chart").bounding_box()
        table = pair.locator("table").bounding_box()
        assert table["x"] >= chart["x"] + chart["width"], "the table is not beside its chart"
        assert min(page.evaluate(DRAWN_TEXT_SIZES)) >= 12
    # The switch is a link that keeps the filters.
    page.get_by_role("link", name="Did it open government?").click()
    assert page.url.endswith("/commitments/charts/early-results/?region=europe")
    expect(page.locator(".chart-switch [aria-current=page]")).to_have_text(
        "Did it open government?"
    )
