"""The three languages of the site (ogp/i18n.py, ogp/urls.py): English at the plain URLs,
Spanish under /es/, French under /fr/; a switch, alternates and a canonical link on every
public page; no redirect and no "Vary: Accept-Language" for the public pages, which the page
cache keys by URL; the admin in the staff member's own language."""

import html
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import override_settings
from django.utils.cache import get_max_age

import ogp.page_cache
from tests.factories import make_action_plan, make_commitment, make_member

pytestmark = [pytest.mark.django_db]

CACHE_ON = override_settings(OGP_PAGE_CACHE=True, OGP_DATA_VERSION_MAX_AGE=60)
COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture
def seoul():
    member = make_member(name="Seoul, South Korea", summary="First summary.")
    make_commitment(make_action_plan(member), title="Open the subway data")
    return member


@pytest.fixture(autouse=True)
def _no_recent_pages():
    ogp.page_cache.recent_pages.clear()
    yield
    ogp.page_cache.recent_pages.clear()


class Links(HTMLParser):
    """The <html lang>, the <link>s of the head and the language switch's links of a page."""

    def __init__(self):
        super().__init__()
        self.lang, self.links, self.switch, self._in_switch = None, [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "link" and attrs.get("rel") in {"canonical", "alternate"}:
            if "type" in attrs:
                return  # an Atom feed's alternate (tests/opendata/test_feeds.py), no language
            self.links.append((attrs["rel"], attrs.get("hreflang"), attrs["href"]))
        elif tag == "nav" and "language-switch" in attrs.get("class", ""):
            self._in_switch = True
        elif tag == "a" and self._in_switch:
            self.switch.append((attrs["hreflang"], attrs["href"], "aria-current" in attrs))

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_switch = False


def links(response):
    parser = Links()
    parser.feed(response.content.decode())
    return parser


def stored_pages():
    return [key for key in cache._cache if ":page:" in key]


def from_the_cache(response):
    return not hasattr(response.wsgi_request, "session")


# --- URLs and the catalogues -------------------------------------------------------------


@pytest.mark.parametrize(
    "path, language, members",
    [("/", "en", "Members"), ("/es/", "es", "Miembros"), ("/fr/", "fr", "Membres")],
)
def test_each_language_has_its_urls_and_its_words(client, seoul, path, language, members):
    response = client.get(path)
    assert response.status_code == 200
    assert links(response).lang == language
    assert response["Content-Language"] == language
    assert f">{members}</a>" in response.content.decode()


def test_every_page_type_answers_in_spanish_and_french(client, seoul):
    plan = seoul.action_plans.get()
    commitment = plan.commitments.get()
    paths = [
        "/members/",
        seoul.get_absolute_url(),
        plan.get_absolute_url(),
        commitment.get_absolute_url(),
        "/commitments/",
        "/policy-areas/",
        "/data/",
        "/data/dictionary/",
    ]
    for language in ("es", "fr"):
        for path in paths:
            response = client.get(f"/{language}{path}")
            assert response.status_code == 200, path
            assert links(response).lang == language, path
    french = html.unescape(client.get(f"/fr{paths[1]}").content.decode())
    assert "Plan d'action en cours" in french  # "Current action plan"
    assert "Engagements" in french


def test_links_within_a_language_stay_in_it(client, seoul):
    page = client.get("/es/").content.decode()
    hrefs = set(re.findall(r'href="(/[^"]*)"', page))
    for path in ("/es/members/", "/es/commitments/", "/es/policy-areas/", "/es/data/"):
        assert path in hrefs
    assert "/members/" not in hrefs
    assert "/api/" in hrefs  # language-neutral: one address


def test_what_is_the_same_in_every_language_has_one_address(client, seoul):
    assert client.get("/es/api/").status_code == 404
    assert client.get("/es/healthz").status_code == 404
    assert client.get("/es/admin/").status_code == 404
    assert client.get("/es/data/members.csv").status_code == 404
    # One address; its labels in the language asked (tests/api/test_languages.py).
    api = client.get("/api/", headers={"Accept-Language": "es"})
    assert api.status_code == 200 and api["Content-Language"] == "es"
    assert client.get("/data/", headers={"Accept-Language": "es"})["Content-Language"] == "en"


def test_an_error_page_is_in_the_language_of_its_url(client, seoul):
    response = client.get("/es/members/nowhere/")
    assert response.status_code == 404
    assert "Página no encontrada" in response.content.decode()
    assert links(response).lang == "es"
    assert links(response).links == []  # no canonical page, no alternates


# --- No redirect, no negotiation on the public pages -------------------------------------


@pytest.mark.parametrize(
    "request_headers, cookies",
    [({"Accept-Language": "es"}, {}), ({}, {COOKIE: "es"}), ({"Accept-Language": "fr"}, {})],
)
def test_a_plain_url_is_english_whatever_the_visitor_prefers(
    client, seoul, request_headers, cookies
):
    paths = ("/", seoul.get_absolute_url(), "/commitments/")
    client.cookies.load(cookies)
    client.get("/es/")  # a Spanish page first: its language must not stay
    for path in paths:
        response = client.get(path, headers=request_headers)
        assert response.status_code == 200, path  # not a redirect
        assert links(response).lang == "en"
        assert "Accept-Language" not in response.get("Vary", "")
        assert "Cookie" not in response.get("Vary", "")


def test_a_prefixed_url_is_its_language_whatever_the_visitor_prefers(client, seoul):
    client.cookies.load({COOKIE: "fr"})
    response = client.get("/es/", headers={"Accept-Language": "fr"})
    assert response.status_code == 200
    assert links(response).lang == "es"


@CACHE_ON
def test_the_page_cache_never_serves_one_language_for_another(client, seoul):
    url = seoul.get_absolute_url()
    spanish = client.get(f"/es{url}")
    english = client.get(url)
    french = client.get(f"/fr{url}")
    assert [links(page).lang for page in (spanish, english, french)] == ["es", "en", "fr"]
    assert len(stored_pages()) == 3
    again = {
        "en": client.get(url, headers={"Accept-Language": "es"}),
        "es": client.get(f"/es{url}", headers={"Accept-Language": "fr"}),
        "fr": client.get(f"/fr{url}"),
    }
    for language, page in again.items():
        assert from_the_cache(page), language
        assert links(page).lang == language
    assert again["en"].content == english.content
    assert len(stored_pages()) == 3  # one page per URL: Accept-Language does not fragment them


@CACHE_ON
def test_english_pages_stay_shareable_and_cached(client, seoul):
    response = client.get("/")
    assert ogp.page_cache.storable(response)
    assert get_max_age(response) == settings.OGP_BROWSER_CACHE_SECONDS
    assert from_the_cache(client.get("/", headers={"Accept-Language": "fr", "Cookie": "x=1"}))


# --- The switch, the alternates and the canonical link -----------------------------------


def test_the_switch_leads_to_the_same_page_and_query_in_each_language(client, seoul):
    url = seoul.get_absolute_url()
    page = links(client.get(f"/fr{url}?tab=1&x=%C3%A9"))
    assert page.switch == [
        ("en", f"{url}?tab=1&x=%C3%A9", False),
        ("es", f"/es{url}?tab=1&x=%C3%A9", False),
        ("fr", f"/fr{url}?tab=1&x=%C3%A9", True),
    ]
    for _language, href, _current in page.switch:
        assert client.get(href).status_code == 200


def test_the_switch_sets_no_cookie_and_the_pages_set_none(client, seoul):
    """The switch is plain links (crawlable, cached pages); static/js/language.js remembers the
    choice in the cookie (tests/browser/test_public.py)."""
    response = client.get("/es/")
    assert COOKIE not in response.cookies
    switch = response.content.decode()
    assert f'data-cookie-name="{COOKIE}"' in switch
    assert 'src="/static/js/language.js"' in switch


def test_alternates_and_canonical_are_absolute_and_drop_a_query_that_selects_nothing(client, seoul):
    url = seoul.get_absolute_url()
    page = links(client.get(f"/es{url}?utm_source=mail"))
    base = "http://testserver"
    assert page.links == [
        ("canonical", None, f"{base}/es{url}"),
        ("alternate", "en", f"{base}{url}"),
        ("alternate", "es", f"{base}/es{url}"),
        ("alternate", "fr", f"{base}/fr{url}"),
        ("alternate", "x-default", f"{base}{url}"),
    ]


@pytest.mark.parametrize("path", ["/commitments/", "/members/"])
def test_a_filtered_list_keeps_its_filters_in_its_canonical_url(client, seoul, path):
    query = "q=subway&page=1"
    page = links(client.get(f"{path}?{query}"))
    assert ("canonical", None, f"http://testserver{path}?{query}") in page.links
    assert ("alternate", "fr", f"http://testserver/fr{path}?{query}") in page.links


def test_every_public_page_type_has_the_switch_and_the_links(client, seoul):
    plan = seoul.action_plans.get()
    for path in (
        "/",
        "/members/",
        seoul.get_absolute_url(),
        plan.get_absolute_url(),
        plan.commitments.get().get_absolute_url(),
        "/commitments/",
        "/policy-areas/",
        "/data/",
        "/data/dictionary/",
    ):
        page = links(client.get(path))
        assert [code for code, _href, _current in page.switch] == ["en", "es", "fr"], path
        assert [rel for rel, _lang, _href in page.links].count("alternate") == 4, path
        assert page.links[0][0] == "canonical", path


# --- The admin -----------------------------------------------------------------------------


@pytest.fixture
def staff_client(client):
    staff = get_user_model().objects.create_superuser("staff", "staff@example.org", "pw")
    client.force_login(staff)
    return client


@pytest.mark.parametrize(
    "request_headers, cookies, language",
    [
        ({}, {}, "en"),
        ({"Accept-Language": "fr-FR,fr;q=0.9"}, {}, "fr"),
        ({}, {COOKIE: "es"}, "es"),
        ({"Accept-Language": "fr"}, {COOKIE: "es"}, "es"),  # the switch's choice first
    ],
)
def test_the_admin_is_in_the_staff_members_language(
    staff_client, request_headers, cookies, language
):
    staff_client.cookies.load(cookies)
    response = staff_client.get("/admin/", headers=request_headers)
    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert links(response).lang == language
    assert {"Accept-Language", "Cookie"} <= {part.strip() for part in response["Vary"].split(",")}
    words = {"en": "Members", "es": "Miembros", "fr": "Membres"}  # the members app's name
    assert words[language] in response.content.decode()
