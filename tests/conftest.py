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
