"""Public pages and figures are cached under a data version that every write changes."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from commitments.models import Commitment
from irm.services import refresh_findings
from ogp.data_version import data_version
from ogp.models import DataVersion
from ogp.redis_cache import ResilientRedisCache
from tests.factories import make_action_plan, make_assessment, make_commitment, make_member

pytestmark = [pytest.mark.django_db]

# The version read once per request (OGP_DATA_VERSION_MAX_AGE = 0), as before the process
# kept it for a while: test_page_cache.py covers the max age.
PAGE_CACHE_ON = override_settings(OGP_PAGE_CACHE=True, OGP_DATA_VERSION_MAX_AGE=0)


@pytest.fixture
def seoul():
    member = make_member(name="Seoul, South Korea", summary="First summary.")
    plan = make_action_plan(member)
    make_commitment(plan, title="Open the subway data")
    return member


@PAGE_CACHE_ON
def test_a_cached_profile_is_served_without_queries(client, seoul, django_assert_num_queries):
    url = seoul.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(1):  # the data version, nothing else
        second = client.get(url)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


@PAGE_CACHE_ON
def test_an_edit_shows_on_the_next_request(client, seoul):
    url = seoul.get_absolute_url()
    assert b"First summary." in client.get(url).content
    seoul.summary = "Second summary."
    seoul.save()
    assert b"Second summary." in client.get(url).content


@PAGE_CACHE_ON
def test_a_related_record_edit_invalidates_the_page(client, seoul):
    url = seoul.get_absolute_url()
    assert b"Open the subway data" in client.get(url).content
    Commitment.objects.get(title="Open the subway data").delete()
    assert b"Open the subway data" not in client.get(url).content


@PAGE_CACHE_ON
def test_refreshed_irm_values_invalidate_the_page(client, seoul):
    commitment = Commitment.objects.get()
    make_assessment(commitment, early_results="major")
    version = data_version()["token"]
    Commitment.objects.update(irm_early_results="")  # a bulk write: no signal
    assert data_version()["token"] == version
    refresh_findings([commitment])
    assert data_version()["token"] != version


@PAGE_CACHE_ON
def test_conditional_get_answers_304(client, seoul):
    url = seoul.get_absolute_url()
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    seoul.save()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


@PAGE_CACHE_ON
def test_errors_are_not_cached(client, seoul):
    assert client.get("/members/no-such-member/").status_code == 404
    assert not [key for key in cache._cache if "page:" in key]


@PAGE_CACHE_ON
def test_the_explorer_fragment_and_page_are_cached_apart(client, seoul):
    page = client.get("/commitments/")
    fragment = client.get("/commitments/", headers={"X-Explorer-Fragment": "1"})
    assert page.status_code == fragment.status_code == 200
    assert page["ETag"] != fragment["ETag"]
    assert b"<html" in client.get("/commitments/").content
    assert b"<html" not in client.get("/commitments/", headers={"X-Explorer-Fragment": "1"}).content


@PAGE_CACHE_ON
def test_cached_figures_follow_the_data(client, seoul):
    client.get("/")
    make_member(name="Kenya")
    assert b"Kenya" in client.get("/members/").content


@PAGE_CACHE_ON
def test_a_change_made_by_another_process_shows_on_the_next_request(client, seoul):
    """Each gunicorn worker has its own local-memory cache; the version is in the database."""
    url = seoul.get_absolute_url()
    assert b"First summary." in client.get(url).content
    # Another process writes the data and the version; this process' cache knows nothing.
    type(seoul).objects.filter(pk=seoul.pk).update(summary="Edited elsewhere.")
    DataVersion.objects.filter(pk=1).update(token="from-another-process")
    assert b"Edited elsewhere." in client.get(url).content


@override_settings(OGP_DATA_VERSION_MAX_AGE=0)
def test_the_version_is_read_once_per_request(client, seoul, django_assert_num_queries):
    with django_assert_num_queries(1):
        data_version()
        data_version()
    seoul.save()  # a change is seen at once by the process that made it
    assert data_version()["token"] == DataVersion.objects.get().token


def test_an_unreachable_redis_is_not_fatal(caplog):
    broken = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )
    assert broken.get("key") is None
    assert broken.get("key", "fallback") == "fallback"
    broken.set("key", "value")
    assert broken.add("key", "value") is False
    assert "Redis cache unreachable" in caplog.text


def test_pages_are_served_when_redis_is_down(client, seoul, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "ogp.redis_cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.OGP_PAGE_CACHE = True
    from django.core.cache import caches

    assert isinstance(caches["default"], ResilientRedisCache)
    response = client.get(seoul.get_absolute_url())
    assert response.status_code == 200
    assert b"Seoul" in response.content


@PAGE_CACHE_ON
def test_api_answers_are_cached_and_follow_the_data(client, seoul, django_assert_num_queries):
    url = f"/api/members/{seoul.slug}/"
    first = client.get(url)
    assert first.status_code == 200
    assert first.json()["name"] == "Seoul, South Korea"
    with django_assert_num_queries(1):  # the data version only
        assert client.get(url).content == first.content
    seoul.name = "Seoul"
    seoul.save()
    assert client.get(url).json()["name"] == "Seoul"
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 200


@PAGE_CACHE_ON
def test_api_links_follow_the_host(client, seoul):
    one = client.get(f"/api/members/{seoul.slug}/", HTTP_HOST="localhost").content
    other = client.get(f"/api/members/{seoul.slug}/", HTTP_HOST="127.0.0.1").content
    assert b"http://localhost/" in one
    assert b"http://127.0.0.1/" in other
