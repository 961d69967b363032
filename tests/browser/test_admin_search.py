"""Staff search the commitments in a real browser: a search past the pages the admin reads
ahead says "more than N", and "Select all the results" acts on every match (Django's
actions.js with the lower bound of templates/admin/actions.html). Pages of 5 rows, read 2
pages ahead: 14 matches read as "more than 10"."""

from unittest import mock

import pytest
from django.contrib import admin
from playwright.sync_api import expect

from commitments.models import Commitment
from ogp.admin import LookaheadPaginator
from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def small_pages():
    with (
        mock.patch.object(admin.site._registry[Commitment], "list_per_page", 5),
        mock.patch.object(LookaheadPaginator, "pages_ahead", 2),
    ):
        yield


def test_a_broad_search_acts_on_every_match(
    signed_in_superuser, small_pages, check_accessibility, check_html
):
    page = signed_in_superuser
    plan = factories.make_action_plan(factories.make_member(name="Borduria"))
    for _ in range(14):
        factories.make_commitment(plan)

    page.goto("/admin/commitments/commitment/?q=borduria")
    expect(page.locator("#changelist-search")).to_contain_text("more than 10 results")
    expect(page.locator(".paginator")).to_contain_text("more than 10 commitments")
    # Django's filter sidebar lists its choices as 20 px links, under WCAG 2.2's 24 px targets:
    # the admin's own styles, not this page's (every changelist with filters has them).
    check_accessibility(page, disable=("target-size",))
    check_html(page.content(), "commitment admin search")

    page.locator("#action-toggle").check()
    page.get_by_role("button", name="Select all the results (more than 10)").click()
    expect(page.get_by_text("All the results selected (more than 10)")).to_be_visible()
    page.get_by_label("Action:").select_option(
        label="Recompute the IRM values of the selected commitments"
    )
    page.get_by_role("button", name="Run").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "IRM values recomputed for 14 commitments."
    )
