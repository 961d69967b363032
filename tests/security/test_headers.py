"""Every security header on a public page, the admin and the API, with the production
settings that DJANGO_SECURE=1 gives (the test run itself has it off), and `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests import factories

ROOT = Path(__file__).resolve().parents[2]
PAGES = {"public": "/members/", "admin": "/admin/login/", "api": "/api/members/"}


@pytest.fixture
def production(settings):
    """What ogp/settings.py sets with DJANGO_SECURE on (DEBUG off)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    return settings


@pytest.fixture
def member(db):
    return factories.make_member(name="Seoul")


def https_get(client, path):
    return client.get(path, headers={"x-forwarded-proto": "https"})


@pytest.mark.parametrize("kind", PAGES)
def test_plain_http_is_redirected_to_https(production, member, client, kind):
    response = client.get(PAGES[kind])
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.parametrize("kind", PAGES)
def test_hsts(production, member, client, kind):
    response = https_get(client, PAGES[kind])
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.parametrize("kind", PAGES)
def test_nosniff(member, client, kind):
    assert client.get(PAGES[kind])["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("kind", PAGES)
def test_referrer_policy(member, client, kind):
    assert client.get(PAGES[kind])["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("kind", PAGES)
def test_frame_options(member, client, kind):
    assert client.get(PAGES[kind])["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("kind", PAGES)
def test_cross_origin_opener_policy(member, client, kind):
    assert client.get(PAGES[kind])["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "path", [*PAGES.values(), "/no-such-page/", "/api/no-such-thing/", "/members/?q=%00"]
)
def test_permissions_policy_denies_every_powerful_feature(member, client, path):
    """On every answer, errors included: no page of the site uses a camera, a microphone, the
    location, payments and the like, so none may, nor any frame."""
    policy = client.get(path)["Permissions-Policy"]
    features = dict(part.strip().split("=", 1) for part in policy.split(","))
    for feature in ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"]:
        assert features[feature] == "()"
    assert set(features.values()) == {"()"}


@pytest.mark.parametrize("kind", PAGES)
def test_content_security_policy(member, client, kind):
    policy = client.get(PAGES[kind])["Content-Security-Policy"]
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )
    assert directives["default-src"] == "'self'"
    # Scripts from the site itself, inline ones only with this response's nonce (Django adds
    # the nonce when the page used it).
    first, *others = directives["script-src"].split()
    assert first == "'self'"
    assert all(source.startswith("'nonce-") for source in others)
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_an_embed_alone_may_be_framed_by_any_site(production, member, client):
    """With the production settings: an embed (members.embed) says `frame-ancestors *` and no
    X-Frame-Options, keeps the rest of the policy (and runs no script); the same member's
    profile is unframeable."""
    factories.make_action_plan(member)
    embed = https_get(client, f"/embed/members/{member.slug}/performance/")
    assert embed.status_code == 200
    assert not embed.has_header("X-Frame-Options")
    policy = dict(
        part.strip().split(" ", 1) for part in embed["Content-Security-Policy"].split(";")
    )
    assert policy["frame-ancestors"] == "*"
    assert policy["script-src"] == "'none'"
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert embed["Strict-Transport-Security"].startswith("max-age=31536000")
    assert not embed.cookies
    profile = https_get(client, member.get_absolute_url())
    assert profile["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in profile["Content-Security-Policy"]


def test_the_nonce_is_new_on_every_response(member, client):
    first = client.get("/admin/login/")["Content-Security-Policy"]
    second = client.get("/admin/login/")["Content-Security-Policy"]
    assert "'nonce-" in first
    assert first != second


def test_admin_cookies_are_secure_and_http_only(production, db, client):
    """The CSRF cookie of the login form, then the session cookie of a signed-in user."""
    get_user_model().objects.create_user("staff", password="a long passphrase", is_staff=True)
    page = https_get(client, "/admin/login/")
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"]
    response = client.post(
        "/admin/login/",
        {
            "username": "staff",
            "password": "a long passphrase",
            "csrfmiddlewaretoken": page.context["csrf_token"],
        },
        headers={"x-forwarded-proto": "https"},
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"


def test_the_api_sets_no_cookie(member, client):
    response = client.get(reverse("api:member-list"))
    assert response.status_code == 200
    assert not response.cookies


PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x" * 20 + "-production-like-secret-key-with-enough-entropy-0123456789",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECURE": "1",
    "DJANGO_ALLOWED_HOSTS": "ogp.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://ogp.example.org",
    "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def test_check_deploy_passes_with_production_variables(tmp_path):
    env = {**os.environ, **PRODUCTION_ENV, "SQLITE_PATH": str(tmp_path / "check.sqlite3")}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_when_https_is_off(tmp_path):
    """The check above can fail: without the HTTPS settings it reports warnings."""
    env = {**os.environ, **PRODUCTION_ENV, "DJANGO_SECURE": "0"}
    env["SQLITE_PATH"] = str(tmp_path / "check.sqlite3")
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS
