import pytest


@pytest.fixture(autouse=True)
def _fresh_last_modified(settings):
    """Compute Last-Modified on every request: a change made by a test shows at once, and query
    counts don't depend on the order of the tests."""
    settings.API_LAST_MODIFIED_TTL = 0
