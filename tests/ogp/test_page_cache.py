"""PageCacheMiddleware: a stored public page is answered before the rest of the middleware
stack, with the same headers as when it was made, and the data version is reused for at most
OGP_DATA_VERSION_MAX_AGE seconds."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import override_settings
from django.utils.http import http_date, parse_http_date

import ogp.data_version
import ogp.page_cache
from commitments.models import PolicyArea
from members.models import Member
from ogp.data_version import data_version, forget_version
from ogp.models import DataVersion
from tests.factories import make_action_plan, make_commitment, make_member

pytestmark = [pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]

# A version read stays fresh for a minute here, so that nothing depends on how fast the
# machine is; the tests that are about the bound move the clock themselves.
CACHE_ON = override_settings(OGP_PAGE_CACHE=True, OGP_DATA_VERSION_MAX_AGE=60)
TEST_URLS = override_settings(ROOT_URLCONF="tests.ogp.urls")


@pytest.fixture
def seoul():
    member = make_member(name="Seoul, South Korea", summary="First summary.")
    plan = make_action_plan(member)
    make_commitment(plan, title="Open the subway data")
    return member


@pytest.fixture(autouse=True)
def _no_recent_pages():
    ogp.page_cache.recent_pages.clear()
    yield
    ogp.page_cache.recent_pages.clear()


def stored_pages():
    return [key for key in cache._cache if ":page:" in key]


def from_the_cache(response):
    """Whether PageCacheMiddleware answered: SessionMiddleware, after it, never ran."""
    return not hasattr(response.wsgi_request, "session")


def headers(response):
    return {(name.lower(), value) for name, value in response.items() if name.lower() != "date"}


@CACHE_ON
def test_a_hit_runs_no_view_no_query_and_no_middleware_after_it(
    client, seoul, django_assert_num_queries
):
    url = seoul.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200
    assert first.templates and not from_the_cache(first)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second.templates == []  # the view rendered nothing
    assert from_the_cache(second)
    assert not hasattr(second.wsgi_request, "user")  # nor did auth run
    assert second.content == first.content


@CACHE_ON
@pytest.mark.parametrize(
    "kind, origin",
    [("profile", None), ("home", None), ("api", None), ("api", "https://example.org")],
)
def test_a_hit_carries_exactly_the_headers_of_the_miss(client, seoul, kind, origin):
    url = {"profile": seoul.get_absolute_url(), "home": "/", "api": f"/api/members/{seoul.slug}/"}
    request_headers = {"Origin": origin} if origin else {}
    miss = client.get(url[kind], headers=request_headers)
    hit = client.get(url[kind], headers=request_headers)
    assert miss.status_code == hit.status_code == 200
    assert from_the_cache(hit) and not from_the_cache(miss)
    assert headers(hit) == headers(miss)
    for name in (
        "Content-Type",
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "ETag",
        "Last-Modified",
        "Cache-Control",
        "Vary",
        "Content-Length",
    ):
        assert hit.has_header(name), name
    assert "nonce" not in hit["Content-Security-Policy"]


@CACHE_ON
def test_a_cached_api_answer_keeps_its_cors_headers(client, seoul):
    url = f"/api/members/{seoul.slug}/"
    client.get(url)  # stored without an Origin: no CORS headers
    cross_origin = client.get(url, headers={"Origin": "https://example.org"})
    assert cross_origin["Access-Control-Allow-Origin"] == "*"
    again = client.get(url, headers={"Origin": "https://example.org"})
    assert from_the_cache(again)
    assert again["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in again["Access-Control-Expose-Headers"]
    same_origin = client.get(url)
    assert from_the_cache(same_origin)
    assert not same_origin.has_header("Access-Control-Allow-Origin")
    assert same_origin.content == again.content


@CACHE_ON
def test_conditional_get_is_answered_from_the_cache(client, seoul, django_assert_num_queries):
    url = f"/api/members/{seoul.slug}/"
    origin = {"Origin": "https://example.org"}
    etag = client.get(url, headers=origin)["ETag"]
    with django_assert_num_queries(0):
        response = client.get(url, headers={**origin, "If-None-Match": etag})
    assert response.status_code == 304
    assert from_the_cache(response)
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=60"
    assert not response.has_header("Content-Type")
    assert client.get(url, headers={**origin, "If-None-Match": '"other"'}).status_code == 200


@CACHE_ON
@pytest.mark.parametrize("stored", [True, False])
def test_if_modified_since_and_weak_etags(client, seoul, stored):
    url = seoul.get_absolute_url()
    first = client.get(url)
    last_modified, etag = first["Last-Modified"], first["ETag"]
    an_hour_earlier = http_date(parse_http_date(last_modified) - 3600)

    def status(**request_headers):
        if not stored:
            cache.clear()  # the decorator answers, inside the stack
        response = client.get(url, headers=request_headers)
        assert from_the_cache(response) == stored
        return response.status_code

    assert status(**{"If-Modified-Since": last_modified}) == 304
    assert status(**{"If-Modified-Since": an_hour_earlier}) == 200
    assert status(**{"If-Modified-Since": "not a date"}) == 200
    assert status(**{"If-None-Match": f"W/{etag}"}) == 304
    assert status(**{"If-None-Match": f'"other", {etag}'}) == 304
    assert status(**{"If-None-Match": "*"}) == 304
    # If-None-Match decides when both are sent (RFC 9110).
    assert status(**{"If-None-Match": '"other"', "If-Modified-Since": last_modified}) == 200


@CACHE_ON
def test_conditional_get_without_a_stored_page_still_answers_304(client, seoul):
    url = seoul.get_absolute_url()
    etag = client.get(url)["ETag"]
    cache.clear()
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert not from_the_cache(response)
    assert response.templates == []
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "public, max-age=60"


@CACHE_ON
def test_head_is_answered_from_the_cache(client, seoul):
    url = seoul.get_absolute_url()
    get = client.get(url)
    head = client.head(url)
    assert head.status_code == 200
    assert from_the_cache(head)
    assert head["Content-Length"] == get["Content-Length"]


@CACHE_ON
def test_the_admin_is_never_stored(client, seoul):
    staff = get_user_model().objects.create_superuser("staff", "staff@example.org", "pw")
    assert client.get("/admin/login/").status_code == 200
    client.force_login(staff)
    for url in ("/admin/", f"/admin/members/member/{seoul.pk}/change/"):
        assert client.get(url).status_code == 200
        assert not from_the_cache(client.get(url))
    assert stored_pages() == []


@CACHE_ON
@TEST_URLS
@pytest.mark.parametrize(
    "path", ["/test/cookie/", "/test/session/", "/test/nonce/", "/test/stream/"]
)
def test_answers_that_belong_to_one_visitor_are_not_stored(client, path):
    first = client.get(path)
    assert first.status_code == 200
    second = client.get(path)
    assert not from_the_cache(second)
    assert stored_pages() == []


@CACHE_ON
@TEST_URLS
def test_the_same_kind_of_view_is_stored_when_it_is_shareable(client):
    """The counterpart of the test above: the test views are cacheable otherwise."""
    client.get("/test/plain/")
    assert from_the_cache(client.get("/test/plain/"))
    assert len(stored_pages()) == 1


@CACHE_ON
def test_errors_and_posts_are_not_stored(client, seoul):
    assert client.get("/members/no-such-member/").status_code == 404
    assert client.get("/api/members/", {"region": "atlantis"}).status_code == 400
    assert client.get("/commitments", {"q": "x"}).status_code == 301  # APPEND_SLASH
    assert stored_pages() == []
    url = seoul.get_absolute_url()
    client.post(url, {"summary": "x"})
    assert stored_pages() == []
    client.get(url)
    assert len(stored_pages()) == 1
    assert not from_the_cache(client.post(url, {"summary": "x"}))


@CACHE_ON
@pytest.mark.parametrize(
    "request_headers",
    [
        {"HTTP_HOST": "attacker.example"},
        {"HTTP_X_EXPLORER_FRAGMENT": "\xff\x00é"},
        {"HTTP_ORIGIN": "http://[bad"},
        {"HTTP_IF_NONE_MATCH": '"' * 500},
    ],
)
def test_odd_requests_are_never_a_server_error(client, seoul, request_headers):
    for _ in range(2):
        response = client.get(seoul.get_absolute_url() + "?q=%FF%00", **request_headers)
        assert response.status_code in {200, 400}


@CACHE_ON
def test_without_the_data_version_the_stack_answers(client, seoul, monkeypatch):
    """The database unreachable (or not migrated): the middleware has no key, so it steps
    aside; /healthz still reports the database itself instead of an error from the cache."""
    from django.db import OperationalError

    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(ogp.page_cache, "data_version", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


@CACHE_ON
def test_every_kind_of_public_page_is_stored_and_uses_no_nonce(client, seoul):
    """Nothing on a public page depends on the visitor: no CSP nonce, no cookie, no session.
    If a page starts using one, it stops being stored and this test says which."""
    area = PolicyArea.objects.first()
    plan = seoul.action_plans.get()
    commitment = plan.commitments.get()
    urls = [
        "/",
        "/members/",
        seoul.get_absolute_url(),
        f"/members/{seoul.slug}/preview.png",
        f"/fr/members/{seoul.slug}/preview.png",
        plan.get_absolute_url(),
        commitment.get_absolute_url(),
        f"/embed/members/{seoul.slug}/performance/",
        f"/es/embed/members/{seoul.slug}/star-chart/",
        f"/embed/members/{seoul.slug}/participation/",
        f"/embed/members/{seoul.slug}/commitments/{commitment.identifier}/irm-review/",
        "/commitments/",
        "/commitments/?q=subway",
        "/data/dictionary/",
        "/policy-areas/",
        area.get_absolute_url() if area else "/policy-areas/",
        "/api/",
        "/api/members/",
        "/api/schema/",
        "/api/docs/",
    ]
    for url in urls:
        first = client.get(url)
        assert first.status_code == 200, url
        assert "nonce" not in first["Content-Security-Policy"], url
        assert from_the_cache(client.get(url)), url
    # Swagger UI's start-up script embeds the visitor's CSRF token (its "Try it out" form)
    # and sets the cookie: it is rendered for each visitor.
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "csrftoken" in script.cookies
    assert not from_the_cache(client.get("/api/docs/?script="))


@CACHE_ON
def test_a_signed_in_visitor_sees_the_same_shared_page(client, seoul):
    """Public templates show nothing about the visitor, so staff get the shared copy."""
    url = seoul.get_absolute_url()
    anonymous = client.get(url)
    staff = get_user_model().objects.create_superuser("staff", "staff@example.org", "pw")
    client.force_login(staff)
    signed_in = client.get(url)
    assert from_the_cache(signed_in)
    assert signed_in.content == anonymous.content
    cache.clear()
    rendered_for_staff = client.get(url)
    assert not from_the_cache(rendered_for_staff)
    assert rendered_for_staff.content == anonymous.content
    assert not rendered_for_staff.cookies


# --- With a shared cache: the pages a process served lately, in its own memory -----------

SHARED_CACHE_THAT_KEEPS_NOTHING = {
    "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
}


@CACHE_ON
def test_with_a_shared_cache_a_hit_needs_no_round_trip(client, seoul, settings):
    settings.CACHES = SHARED_CACHE_THAT_KEEPS_NOTHING  # every get misses: only the copy serves
    url = seoul.get_absolute_url()
    first = client.get(url)
    second = client.get(url)
    assert from_the_cache(second)
    assert headers(second) == headers(first)
    seoul.save()  # a new version: a new key
    assert not from_the_cache(client.get(url))


@CACHE_ON
def test_with_the_local_memory_cache_pages_are_not_kept_twice(client, seoul):
    client.get(seoul.get_absolute_url())
    assert len(stored_pages()) == 1
    assert ogp.page_cache.recent_pages.get(stored_pages()[0].split(":", 2)[2]) is None
    assert ogp.page_cache.recent_pages._pages == {}


@CACHE_ON
def test_pages_are_served_from_memory_while_redis_is_down(client, seoul, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "ogp.redis_cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    url = seoul.get_absolute_url()
    assert client.get(url).status_code == 200
    response = client.get(url)
    assert response.status_code == 200
    assert from_the_cache(response)


def test_recent_pages_drop_the_least_recently_used_past_their_size():
    pages = ogp.page_cache.RecentPages(max_bytes=1000)
    page = (b"x" * 100, [("Content-Type", "text/html")])  # 121 bytes
    for key in "abcdefghi":
        pages.set(key, page)
    assert pages.get("a") is None  # 9 × 121 > 1000: the first one went
    assert pages.get("b") == page
    pages.set("j", page)
    assert pages.get("b") == page  # used lately: kept
    assert pages.get("c") is None
    pages.set("big", (b"x" * 200, []))  # more than an eighth of the whole: not kept
    assert pages.get("big") is None
    assert pages._bytes == sum(map(pages._size, pages._pages.values())) <= 1000


# --- The data version --------------------------------------------------------------------


@CACHE_ON
def test_a_change_made_here_shows_at_once(client, seoul):
    url = seoul.get_absolute_url()
    assert b"First summary." in client.get(url).content
    seoul.summary = "Second summary."
    seoul.save()  # an ORM save, as the admin does: the signal changes the version
    response = client.get(url)
    assert not from_the_cache(response)
    assert b"Second summary." in response.content


@CACHE_ON
def test_an_admin_save_shows_at_once(client, seoul, django_capture_on_commit_callbacks):
    url = seoul.get_absolute_url()
    assert b"First summary." in client.get(url).content
    staff = get_user_model().objects.create_superuser("staff", "staff@example.org", "pw")
    staff_client = type(client)()
    staff_client.force_login(staff)
    form = staff_client.get(f"/admin/members/member/{seoul.pk}/change/").context["adminform"]
    data = {
        name: value
        for name, value in form.form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update({"summary": "Changed in the admin.", "region": seoul.region_id})
    for prefix in ("contacts", "resources"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    identifier_prefix = seoul.identifier_prefixes.get()  # a member keeps one prefix at least
    data.update(
        {
            "identifier_prefixes-TOTAL_FORMS": 1,
            "identifier_prefixes-INITIAL_FORMS": 1,
            "identifier_prefixes-0-id": identifier_prefix.pk,
            "identifier_prefixes-0-prefix": identifier_prefix.prefix,
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/admin/members/member/{seoul.pk}/change/", data)
    if response.status_code != 302:  # the form's errors, to fix the test data
        pytest.fail(str(response.context["adminform"].form.errors))
    assert Member.objects.get(pk=seoul.pk).summary == "Changed in the admin."
    assert b"Changed in the admin." in client.get(url).content


@override_settings(OGP_PAGE_CACHE=True, OGP_DATA_VERSION_MAX_AGE=1)
def test_a_change_made_elsewhere_shows_within_the_max_age(client, seoul, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(ogp.data_version, "_clock", lambda: now[0])
    url = seoul.get_absolute_url()
    assert b"First summary." in client.get(url).content
    # Another process writes the data and the version: this one is not told.
    Member.objects.filter(pk=seoul.pk).update(summary="Edited elsewhere.")
    DataVersion.objects.filter(pk=1).update(token="from-another-process")
    now[0] += 0.9
    assert b"First summary." in client.get(url).content  # the version read 0.9 s ago
    now[0] += 0.2
    assert b"Edited elsewhere." in client.get(url).content  # read again after 1 s


@override_settings(OGP_PAGE_CACHE=True, OGP_DATA_VERSION_MAX_AGE=60)
def test_a_new_process_reads_the_version_afresh(client, seoul):
    url = seoul.get_absolute_url()
    client.get(url)
    Member.objects.filter(pk=seoul.pk).update(summary="Edited elsewhere.")
    DataVersion.objects.filter(pk=1).update(token="from-another-process")
    assert b"First summary." in client.get(url).content
    forget_version()  # what a process that starts (or a worker that restarts) knows
    assert b"Edited elsewhere." in client.get(url).content


@override_settings(OGP_PAGE_CACHE=True, OGP_DATA_VERSION_MAX_AGE=0)
def test_with_max_age_zero_the_version_is_read_on_every_request(
    client, seoul, django_assert_num_queries
):
    url = seoul.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(1):  # the version, then the stored page
        assert from_the_cache(client.get(url))
    DataVersion.objects.filter(pk=1).update(token="from-another-process")
    assert not from_the_cache(client.get(url))


@override_settings(OGP_DATA_VERSION_MAX_AGE=60)
def test_the_version_read_in_one_thread_is_not_used_by_another(seoul):
    """A thread inside a transaction may read a version not committed yet: never share it."""
    data_version()
    seen = []
    thread = threading.Thread(target=lambda: seen.append(ogp.data_version._memo.__dict__.copy()))
    thread.start()
    thread.join()
    assert seen == [{}]
    assert ogp.data_version._memo.version is not None


@override_settings(OGP_PAGE_CACHE=False, OGP_DATA_VERSION_MAX_AGE=60)
def test_the_page_cache_switch_turns_everything_off(client, seoul):
    url = seoul.get_absolute_url()
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert not from_the_cache(response)
        assert response.templates
        assert not response.has_header("ETag")
    etag = '"anything"'
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200
    assert stored_pages() == []


@pytest.mark.parametrize(
    "environment, expected",
    [
        ({}, "1"),
        ({"DJANGO_PAGE_CACHE": "0"}, "0"),
        ({"DJANGO_DATA_VERSION_MAX_AGE": "5"}, "5"),
        ({"DJANGO_DATA_VERSION_MAX_AGE": "0"}, "0"),
        ({"DJANGO_DATA_VERSION_MAX_AGE": "-1"}, "ImproperlyConfigured"),
        ({"DJANGO_DATA_VERSION_MAX_AGE": "soon"}, "ImproperlyConfigured"),
    ],
)
def test_the_max_age_is_read_from_the_environment(environment, expected):
    """In a fresh process, as tests/test_settings.py does: the test run sets its own values."""
    script = (
        "from django.core.exceptions import ImproperlyConfigured\n"
        "try:\n"
        "    from ogp import settings\n"
        "    print(settings.OGP_DATA_VERSION_MAX_AGE)\n"
        "except ImproperlyConfigured:\n"
        "    print('ImproperlyConfigured')\n"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    env.update({"DJANGO_SECRET_KEY": "x" * 60, **environment})
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert result.stdout.strip() == expected, result.stderr
