"""ogp/settings.py read from environment variables.

Each case imports the settings module in a fresh Python process with a crafted environment,
so nothing the test run itself configured (pytest-env, DATABASE_URL) leaks in."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

READ_SETTINGS = """
import json
from ogp import settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SECRET_KEY": s.SECRET_KEY,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "ENGINE": db["ENGINE"],
    "NAME": str(db["NAME"]),
    "HOST": db.get("HOST"),
    "PORT": db.get("PORT"),
    "USER": db.get("USER"),
    "CONN_MAX_AGE": db.get("CONN_MAX_AGE"),
    "CONN_HEALTH_CHECKS": db.get("CONN_HEALTH_CHECKS"),
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "STATICFILES_BACKEND": s.STORAGES["staticfiles"]["BACKEND"],
    "MAIL_BACKEND": s.MAILERS["default"]["BACKEND"],
}))
"""

PRODUCTION_KEY = "x" * 60


def run_settings(**variables):
    """Import the settings with only PATH and the given variables set."""
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1"}
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-c", READ_SETTINGS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def read_settings(**variables):
    completed = run_settings(**variables)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def assert_refused(message, **variables):
    completed = run_settings(**variables)
    assert completed.returncode != 0, completed.stdout
    assert "django.core.exceptions.ImproperlyConfigured" in completed.stderr, completed.stderr
    assert message in completed.stderr, completed.stderr


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG must be true or false, not 'maybe'"),
        ({"DJANGO_DEBUG": "2"}, "DJANGO_DEBUG must be true or false"),
        ({"DJANGO_SECURE": "sometimes"}, "DJANGO_SECURE must be true or false"),
        ({"DJANGO_MANIFEST_STATIC": "yep"}, "DJANGO_MANIFEST_STATIC must be true or false"),
        ({"DJANGO_SSL_REDIRECT": "perhaps"}, "DJANGO_SSL_REDIRECT must be true or false"),
        ({"DJANGO_HSTS_SECONDS": "a year"}, "DJANGO_HSTS_SECONDS must be a whole number"),
        ({"DJANGO_HSTS_SECONDS": "1.5"}, "DJANGO_HSTS_SECONDS must be a whole number"),
        (
            {"DATABASE_URL": "postgres://app:app@db/app", "DB_CONN_MAX_AGE": "forever"},
            "DB_CONN_MAX_AGE must be a whole number",
        ),
        ({"DATABASE_URL": "not-a-url"}, "DATABASE_URL is not a database URL"),
        ({"API_NUM_PROXIES": "1"}, "API_NUM_PROXIES is gone: set NUM_PROXIES"),
        ({"DATABASE_URL": "postgres://app:app@db:port/app"}, "DATABASE_URL is not a database URL"),
        ({"API_THROTTLE_RATE": "lots"}, "API_THROTTLE_RATE must be a rate such as 120/minute"),
        ({"EXPLORER_THROTTLE_RATE": "120/fortnight"}, "EXPLORER_THROTTLE_RATE must be a rate"),
        ({"EXPORT_THROTTLE_RATE": "10"}, "EXPORT_THROTTLE_RATE must be a rate"),
        ({"EXPORTS_AT_ONCE": "one"}, "EXPORTS_AT_ONCE must be a whole number"),
    ],
)
def test_malformed_values_stop_start_up(variables, message):
    assert_refused(message, DJANGO_SECRET_KEY=PRODUCTION_KEY, **variables)


def test_secret_key_is_required_without_debug():
    assert_refused("Set DJANGO_SECRET_KEY")


def test_debug_is_off_by_default_and_production_is_hardened():
    values = read_settings(DJANGO_SECRET_KEY=PRODUCTION_KEY)
    assert values["DEBUG"] is False
    assert values["SECRET_KEY"] == PRODUCTION_KEY
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["STATICFILES_BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert values["MAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]


@pytest.mark.parametrize("value", ["1", "true", "YES", "on"])
def test_debug_can_be_turned_on_for_local_work(value):
    values = read_settings(DJANGO_DEBUG=value)
    assert values["DEBUG"] is True
    assert values["SECRET_KEY"]  # a development key stands in
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["STATICFILES_BACKEND"] == "django.contrib.staticfiles.storage.StaticFilesStorage"


def test_debug_accepts_explicit_false():
    assert read_settings(DJANGO_SECRET_KEY=PRODUCTION_KEY, DJANGO_DEBUG="off")["DEBUG"] is False


def test_sqlite_in_the_project_folder_by_default():
    values = read_settings(DJANGO_SECRET_KEY=PRODUCTION_KEY)
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["NAME"] == str(ROOT / "db.sqlite3")


def test_sqlite_path_can_be_moved():
    values = read_settings(DJANGO_SECRET_KEY=PRODUCTION_KEY, SQLITE_PATH="/tmp/other.sqlite3")
    assert values["NAME"] == "/tmp/other.sqlite3"


def test_postgresql_from_database_url():
    values = read_settings(
        DJANGO_SECRET_KEY=PRODUCTION_KEY,
        DATABASE_URL="postgres://ogp:secret@db.internal:6543/ogp_prod",
    )
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert (values["NAME"], values["HOST"], values["PORT"], values["USER"]) == (
        "ogp_prod",
        "db.internal",
        6543,
        "ogp",
    )
    assert values["CONN_MAX_AGE"] == 60
    assert values["CONN_HEALTH_CHECKS"] is True


def test_allowed_hosts_from_a_comma_separated_list():
    values = read_settings(
        DJANGO_SECRET_KEY=PRODUCTION_KEY, DJANGO_ALLOWED_HOSTS=" ogp.example.org, , www.ogp.org "
    )
    assert values["ALLOWED_HOSTS"] == ["ogp.example.org", "www.ogp.org"]


def test_plain_http_local_runs_can_turn_https_settings_off():
    values = read_settings(DJANGO_SECRET_KEY=PRODUCTION_KEY, DJANGO_SECURE="0")
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_management_commands_run_without_a_secret_key_but_the_site_does_not():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    env["SQLITE_PATH"] = "/tmp/ogp-settings-test.sqlite3"
    command = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=root, env=env, capture_output=True, text=True
    )
    assert command.returncode == 0, command.stderr
    site = subprocess.run(
        [sys.executable, "-c", "import ogp.wsgi"],
        cwd=root,
        env={**env, "DJANGO_SETTINGS_MODULE": "ogp.settings"},
        capture_output=True,
        text=True,
    )
    assert site.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in site.stderr
