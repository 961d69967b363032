"""The change log in a real browser: from a commitment's "see changes" to its log, checked with
axe and the Nu checker, fitting a phone."""

import pytest

from commitments.models import Commitment
from tests.browser.conftest import VIEWPORTS
from tests.browser.test_public import assert_fits_a_phone, seoul  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_from_a_commitment_to_its_change_log(
    page,
    seoul,  # noqa: F811
    check_accessibility,
    check_html,
    screenshot,
):
    commitment = Commitment.objects.filter(action_plan__member=seoul).order_by("pk").first()
    commitment.title = "Open every dataset of the city"
    commitment.status = Commitment.Status.ACTIVE
    commitment.save()
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto(commitment.get_absolute_url())
    page.get_by_role("link", name="see changes").click()
    page.get_by_role("heading", level=1).filter(has_text="Changes to").wait_for()
    assert page.get_by_role("cell", name="Open every dataset of the city").count() == 1
    check_accessibility(page)
    check_html(page.content(), "commitment change log")
    assert_fits_a_phone(page)
    screenshot(page, "change-log")
    page.goto(f"/members/{seoul.slug}/history/")
    check_accessibility(page)
    check_html(page.content(), "member change log")
    page.goto(f"/es/members/{seoul.slug}/history/")
    check_accessibility(page)
    check_html(page.content(), "member change log in Spanish")
    page.goto(f"/members/{seoul.slug}/")
    check_html(page.content(), "member profile with its feed")
