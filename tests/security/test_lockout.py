"""Password guessing on the admin is locked out (django-axes): after AXES_FAILURE_LIMIT
failures from one address (at any accounts), or at one account (from any addresses), even the
right password is refused for the cool-off time. A good login forgets only its own failures."""

import logging
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings
from django.urls import reverse

LOGIN = reverse("admin:login")
ROOT = Path(__file__).resolve().parents[2]


@override_settings(AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=timedelta(minutes=30))
class LockoutTests(TestCase):
    def setUp(self):
        # Not in setUpTestData: the password must be hashed with the tests' fast hasher.
        self.user = get_user_model().objects.create_user(
            "editor", password="correct horse battery staple", is_staff=True
        )
        get_user_model().objects.create_user("mallory", password="her own", is_staff=True)

    def login(self, password, address="203.0.113.5", username="editor", **headers):
        return self.client.post(
            LOGIN,
            {"username": username, "password": password, "next": "/admin/"},
            REMOTE_ADDR=address,
            **headers,
        )

    def assert_locked_out(self, response):
        self.assertEqual(response.status_code, 429)
        self.assertTemplateUsed(response, "429.html")
        self.assertContains(response, "Too many failed sign-in attempts", status_code=429)
        self.assertContains(response, "Try again in 30 minutes", status_code=429)

    def test_wrong_passwords_up_to_the_limit_lock_the_address_out(self):
        for _ in range(2):
            response = self.login("wrong")
            self.assertEqual(response.status_code, 200)  # the form again, with its error
            self.assertContains(response, "Please enter the correct username and password")
        with self.assertLogs("axes", level=logging.WARNING) as logs:
            self.assert_locked_out(self.login("wrong"))
        self.assertTrue(any("locking out" in line.lower() for line in logs.output))
        # Now even the right password is refused, and nobody is signed in.
        self.assert_locked_out(self.login("correct horse battery staple"))
        self.assertNotIn("_auth_user_id", self.client.session)
        attempt = AccessAttempt.objects.get(username="editor")
        self.assertEqual(attempt.ip_address, "203.0.113.5")
        self.assertGreaterEqual(attempt.failures_since_start, 3)

    def test_another_account_from_another_address_is_not_locked_out(self):
        for _ in range(3):
            self.login("wrong")
        response = self.login("her own", address="198.51.100.7", username="mallory")
        self.assertEqual(response.status_code, 302)

    def test_an_account_guessed_at_from_many_addresses_is_locked_out(self):
        for address in ["203.0.113.5", "203.0.113.6", "203.0.113.7"]:
            self.login("wrong", address=address)
        # Even its owner, from an address that never failed.
        self.assert_locked_out(self.login("correct horse battery staple", address="192.0.2.1"))
        # Another account is not, from an address that guessed at the locked one.
        self.assertEqual(self.login("her own", username="mallory").status_code, 302)

    def test_an_address_guessing_at_many_accounts_is_locked_out(self):
        for username in ["editor", "alice", "bob"]:
            self.login("wrong", username=username)
        self.assert_locked_out(self.login("her own", username="mallory"))

    def test_a_good_login_to_another_account_does_not_forget_the_failures(self):
        """Guesses at one account, then a good login to an account of one's own, over and
        over: the good login forgot every failure of the address, so this never locked."""
        self.assertEqual(self.login("wrong").status_code, 200)
        self.assertEqual(self.login("wrong").status_code, 200)
        self.assertEqual(self.login("her own", username="mallory").status_code, 302)
        self.client.logout()
        self.assert_locked_out(self.login("wrong"))
        self.assertEqual(AccessAttempt.objects.get(username="editor").failures_since_start, 3)

    @override_settings(NUM_PROXIES=1)
    def test_an_address_made_up_in_x_forwarded_for_does_not_escape_the_account_lock(self):
        """gunicorn reached without the proxy: X-Forwarded-For is whatever the client sends,
        so each guess can come from a new address (docs/deploy.md: bind gunicorn to the proxy
        only). The account is locked all the same."""
        for n in range(3):
            self.login("wrong", address="198.51.100.66", HTTP_X_FORWARDED_FOR=f"10.1.1.{n}")
        self.assert_locked_out(self.login("correct horse battery staple", address="192.0.2.1"))

    def test_a_success_resets_the_count(self):
        self.login("wrong")
        self.login("wrong")
        self.assertEqual(self.login("correct horse battery staple").status_code, 302)
        self.client.logout()
        self.assertFalse(AccessAttempt.objects.filter(username="editor").exists())
        # Two more failures are again below the limit.
        self.login("wrong")
        self.assertEqual(self.login("wrong").status_code, 200)
        self.assertEqual(self.login("correct horse battery staple").status_code, 302)

    def test_the_lock_out_ends_after_the_cool_off(self):
        for _ in range(3):
            self.login("wrong")
        past = AccessAttempt.objects.get(username="editor")
        past.attempt_time -= timedelta(minutes=31)
        past.save(update_fields=["attempt_time"])
        self.assertEqual(self.login("correct horse battery staple").status_code, 302)

    @override_settings(NUM_PROXIES=1)
    def test_behind_a_proxy_the_client_address_counts_not_the_proxy(self):
        """All requests come from the proxy (127.0.0.1); the client is in X-Forwarded-For, and
        an address a client puts there itself is ignored."""
        for _ in range(3):
            self.login("wrong", address="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5")
        attempt = AccessAttempt.objects.get(username="editor")
        self.assertEqual(attempt.ip_address, "203.0.113.5")
        other = self.login(
            "her own",
            address="127.0.0.1",
            username="mallory",
            HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.7",
        )
        self.assertEqual(other.status_code, 302)


def test_the_failure_limit_is_read_from_the_environment(monkeypatch):
    from importlib import reload

    from ogp import settings as module

    monkeypatch.setenv("AXES_FAILURE_LIMIT", "7")
    monkeypatch.setenv("AXES_COOLOFF_MINUTES", "5")
    try:
        reload(module)
        assert module.AXES_FAILURE_LIMIT == 7
        assert timedelta(minutes=5) == module.AXES_COOLOFF_TIME
    finally:
        monkeypatch.undo()
        reload(module)
    assert module.AXES_FAILURE_LIMIT == 5


@pytest.mark.parametrize(
    ("bind", "refused"),
    [
        ("0.0.0.0:8001", True),
        ("[::]:8001", True),
        (":8001", True),
        ("127.0.0.1:8001", False),
        ("unix:/run/ogp/8001.sock", False),
        ("10.0.0.12:8001", False),  # a private address the proxy reaches (docs/deploy.md)
    ],
)
def test_gunicorn_will_not_listen_on_every_address_behind_a_proxy(monkeypatch, bind, refused):
    """With NUM_PROXIES set, a gunicorn reachable without the proxy would let clients choose
    their address (X-Forwarded-For) and so dodge the lock-out: gunicorn.conf.py refuses it."""
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    server = SimpleNamespace(cfg=SimpleNamespace(bind=[bind]))
    monkeypatch.setenv("NUM_PROXIES", "0")
    config["on_starting"](server)  # without a proxy, anything goes
    monkeypatch.setenv("NUM_PROXIES", "1")
    if refused:
        with pytest.raises(SystemExit, match="must only be reached through the proxy"):
            config["on_starting"](server)
    else:
        config["on_starting"](server)
