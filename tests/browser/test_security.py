"""What staff see of the security measures, in the browser: two people saving the same
commitment (the second is told, nothing is lost), and the lock-out after wrong passwords."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from commitments.models import Commitment
from tests import factories


def sign_in(page, username, password):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_the_second_of_two_editors_saving_a_commitment_is_told(
    page, browser, base_url, django_user_model
):
    editors = Group.objects.get(name="Editors")
    for name in ["alice", "bob"]:
        user = django_user_model.objects.create_user(name, password=f"{name}-passphrase-1")
        user.is_staff = True
        user.save()
        user.groups.add(editors)
    commitment = factories.make_commitment(factories.make_action_plan(), title="Open contracts")
    url = f"/admin/commitments/commitment/{commitment.pk}/change/"

    bob_context = browser.new_context(base_url=base_url)
    bob = bob_context.new_page()
    try:
        sign_in(page, "alice", "alice-passphrase-1")
        sign_in(bob, "bob", "bob-passphrase-1")
        page.goto(url)
        bob.goto(url)

        page.get_by_label("Title:", exact=True).fill("Alice's title")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

        bob.get_by_label("Title:", exact=True).fill("Bob's title")
        bob.get_by_role("button", name="Save", exact=True).click()
        expect(bob.locator(".errornote")).to_be_visible()
        expect(bob.locator(".errorlist.nonfield")).to_contain_text(
            "This commitment was changed by alice on"
        )
        commitment.refresh_from_db()
        assert commitment.title == "Alice's title"

        bob.reload()  # a GET of the same address: the current record
        bob.goto(url)
        expect(bob.get_by_label("Title:", exact=True)).to_have_value("Alice's title")
        bob.get_by_label("Title:", exact=True).fill("Bob's title")
        bob.get_by_role("button", name="Save", exact=True).click()
        expect(bob.locator(".messagelist")).to_contain_text("was changed successfully")
        assert Commitment.objects.get(pk=commitment.pk).title == "Bob's title"
    finally:
        bob_context.close()


@pytest.mark.allow_console_errors  # the browser logs the 429 answer as a failed resource
def test_wrong_passwords_lock_the_sign_in_out(page, django_user_model, settings):
    settings.AXES_FAILURE_LIMIT = 3
    django_user_model.objects.create_user("editor", password="right-passphrase-1", is_staff=True)
    for _ in range(2):
        sign_in(page, "editor", "wrong")
        expect(page.locator(".errornote")).to_contain_text("correct username and password")
    sign_in(page, "editor", "wrong")
    expect(page.get_by_role("heading", name="Too many failed sign-in attempts")).to_be_visible()
    sign_in(page, "editor", "right-passphrase-1")
    expect(page.get_by_role("heading", name="Too many failed sign-in attempts")).to_be_visible()
