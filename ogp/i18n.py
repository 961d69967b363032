"""The site's languages: which one a request is answered in, and the links between the three.

- A public page's language is its URL's: English at the plain URLs, Spanish under /es/, French
  under /fr/ (ogp/urls.py, `i18n_patterns(prefix_default_language=False)`). Neither the language
  cookie nor Accept-Language changes what a URL shows, and no URL redirects to another language:
  crawlers and shared links see one page per URL, and the page cache (ogp/page_cache.py), keyed
  by URL, never serves one language's page for another's. So the plain URLs do not say
  "Vary: Accept-Language", which would keep them out of the page cache for nothing.
- The admin (`/admin/`) is in the staff member's language: the cookie the language switch sets
  (settings.LANGUAGE_COOKIE_NAME), else Accept-Language, else English. Its answers are private
  and say "Vary: Accept-Language, Cookie".
- The API (`/api/`) answers in the language the client asks for: `?lang=en|es|fr`, else
  Accept-Language, else English — its labels (vocabulary labels, names); its codes, and every
  language's text (`title`, `title_es`, `title_fr`), are the same in every language. Its answers
  say "Vary: Accept-Language"; the page cache keys them by the language chosen (`language_for`
  is part of the ETag), never by the header itself, so one language's answer is never served
  for another's. A `?lang=` the site does not have is the API view's 400.
- Everything else outside i18n_patterns (/data/ files, /healthz, media) is English: codes and
  files are the same in every language.

`page_languages` gives a page's URL in each language (the language switch, hreflang alternates
and the canonical link of templates/base.html).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

# Paths answered in the visitor's own language (cookie, then Accept-Language).
NEGOTIATED_PREFIXES = ("/admin/",)
# Paths answered in the language the client asks for (`?lang=`, else Accept-Language).
ASKED_PREFIXES = ("/api/",)
LANGUAGE_PARAMETER = "lang"
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
# The pages whose query string selects what they list (filters, sort, page): their canonical URL
# keeps it. Elsewhere the query string selects nothing (or only a rendering), so it is dropped.
QUERY_SELECTS_CONTENT = {
    "commitments:explorer",
    "commitments:charts",
    "commitments:charts-results",
    "members:member-list",
    "compare:compare",
}
# The territory Open Graph's og:locale names with each language.
OPEN_GRAPH_LOCALES = {"en": "en_US", "es": "es_ES", "fr": "fr_FR"}


def language_for(request):
    """The language a request is answered in (see the module docstring)."""
    from_path = translation.get_language_from_path(request.path_info)
    if from_path:
        return from_path
    if request.path_info.startswith(NEGOTIATED_PREFIXES):
        return translation.get_language_from_request(request, check_path=False)
    if request.path_info.startswith(ASKED_PREFIXES):
        return asked_language(request)
    return settings.LANGUAGE_CODE


def asked_language(request):
    """The API's language: a valid `?lang=`, else the first language of Accept-Language the
    site has ("es-MX" is "es"), else English. Never the cookie: the answer is shared."""
    asked = request.GET.get(LANGUAGE_PARAMETER, "")
    if asked in LANGUAGE_CODES:
        return asked
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Django's LocaleMiddleware with the rules above: the URL decides, but on the admin; no
    redirect; "Vary: Accept-Language" only where the answer depends on it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if request.path_info.startswith(NEGOTIATED_PREFIXES):
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        elif request.path_info.startswith(ASKED_PREFIXES):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


@dataclass(frozen=True)
class PageLanguage:
    code: str
    name: str
    path: str  # this page in the language, with the request's query string (the switch)
    alternate: str  # absolute, with the canonical URL's query string (hreflang alternates)
    current: bool

    @property
    def locale(self):
        """The Open Graph locale (og:locale, language_TERRITORY)."""
        return OPEN_GRAPH_LOCALES[self.code]


def _path_in(match, language):
    with translation.override(language):
        return reverse(match.view_name, args=match.args, kwargs=match.kwargs)


@dataclass(frozen=True)
class PageLinks:
    languages: list  # of PageLanguage, in settings.LANGUAGES order; empty: not a translated page
    canonical: str | None

    @property
    def cookie_name(self):
        """The cookie the switch sets (static/js/language.js): the choice, for the admin."""
        return settings.LANGUAGE_COOKIE_NAME

    @property
    def cookie_age(self):
        return settings.LANGUAGE_COOKIE_AGE


NO_LINKS = PageLinks([], None)


def page_languages(request):
    """The page at this request's URL in each language, and its canonical URL (a PageLinks);
    NO_LINKS without a request, for a URL outside i18n_patterns, or one that resolves to no
    page. The switch keeps the whole query string (the visitor stays on the same page and
    filters); the canonical URL (the page's own language's) and the alternates keep it only
    where it selects content (QUERY_SELECTS_CONTENT)."""
    if request is None:
        return NO_LINKS  # the 500 page renders without one
    try:
        match = resolve(request.path_info)
        paths = {code: _path_in(match, code) for code, _name in settings.LANGUAGES}
    except (Resolver404, NoReverseMatch):
        return NO_LINKS
    if len(set(paths.values())) < len(paths):
        return NO_LINKS  # not a translated page (the API, /data/ files, the admin)
    query = request.META.get("QUERY_STRING", "")
    suffix = f"?{query}" if query else ""
    kept = suffix if match.view_name in QUERY_SELECTS_CONTENT else ""
    current = translation.get_language()
    try:
        origin = request.build_absolute_uri("/").removesuffix("/")
    except DisallowedHost:
        return NO_LINKS  # the 400 page of a request for another host
    languages = [
        PageLanguage(
            code=code,
            name=name,
            path=paths[code] + suffix,
            alternate=origin + paths[code] + kept,
            current=code == current,
        )
        for code, name in settings.LANGUAGES
    ]
    canonical = next((language.alternate for language in languages if language.current), None)
    return PageLinks(languages, canonical)
