import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_site_limits(settings):
    """The explorer's and the exports' per-client limits are off, but in the tests of them
    (tests/commitments/test_limits.py), which turn them on per test method: a class-level
    override_settings would be undone by this fixture."""
    settings.EXPLORER_THROTTLE_RATE = ""
    settings.EXPORT_THROTTLE_RATE = ""
    settings.EXPORTS_AT_ONCE = 0


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached figures never leak between tests."""
    from django.core.cache import cache

    from ogp.data_version import forget_version, in_process_values

    cache.clear()
    in_process_values.clear()
    forget_version()
    yield
    cache.clear()
    in_process_values.clear()
    forget_version()


@pytest.fixture(autouse=True)
def _english():
    """Each test starts in English: a request to /es/ or /fr/ leaves its language active in the
    thread (as Django's LocaleMiddleware does), which would change what a later reverse() or
    get_absolute_url() of another test gives."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues():
    """The Spanish and French catalogues compiled, as bin/setup leaves them, so that tests see
    the site in each language: `compilemessages` when a .mo is missing or older than its .po.
    Without GNU gettext the catalogues stay as they are (tests/test_translations.py says so)."""
    import shutil
    from pathlib import Path

    from django.conf import settings
    from django.core.management import call_command

    catalogues = [
        po for path in settings.LOCALE_PATHS for po in Path(path).glob("*/LC_MESSAGES/*.po")
    ]
    stale = [
        po
        for po in catalogues
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale and shutil.which("msgfmt"):
        call_command(
            "compilemessages",
            locale=sorted({po.parts[-3] for po in stale}),
            ignore_patterns=[".venv", "node_modules"],
            verbosity=0,
        )
