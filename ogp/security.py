"""Security helpers: the client's address behind proxies, what a good login forgets of the failed
ones, sanitising staff rich text, keeping text out of spreadsheet formulas, checking uploaded
files, serving uploaded files as
downloads (never as pages), and the one kind of page other sites may frame (embeds).

See docs/security.md for what is in place and how to configure it.
"""

import codecs
import functools
import html
import mimetypes
import posixpath
import re
import zipfile
from pathlib import PurePosixPath

import nh3
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.csp import CSP
from django.utils.html import linebreaks, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# --- The client's address -------------------------------------------------------------------


def client_ip(request):
    """The client's IP address: REMOTE_ADDR, or with NUM_PROXIES trusted reverse proxies in
    front, the address the outermost of them saw (counted from the right of X-Forwarded-For,
    so a client cannot choose its address by sending the header itself)."""
    proxies = settings.NUM_PROXIES
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if forwarded:
            return forwarded[-min(proxies, len(forwarded))]
    return request.META.get("REMOTE_ADDR") or None


# --- Failed logins (django-axes) ------------------------------------------------------------


class LoginFailureHandler(AxesDatabaseHandler):
    """django-axes' database handler, except that a successful login forgets only the failures
    of that account from that address. Axes' own reset deletes every failure matching any
    lock-out parameter, so an attacker's good login to an account of their own wiped the
    failures of the address, guesses at someone else's account included."""

    def reset_user_attempts(self, request, credentials=None):
        attempts = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        )
        count, _ = attempts.delete()
        return count


# --- Rich text ------------------------------------------------------------------------------

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "a", "h3", "h4", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LOOKS_LIKE_HTML = re.compile(r"</?[a-zA-Z][^>]*>|<!--|&[a-zA-Z#][a-zA-Z0-9]*;")
# How published data (API, bulk files, exports) describes a rich text field.
RICH_TEXT_FORMAT = (
    "HTML sanitised as on the site's pages: only the tags "
    + ", ".join(sorted(ALLOWED_TAGS))
    + ' (a: an http, https or mailto href and rel="noopener noreferrer"); no scripts, styles, '
    "comments or event attributes. Or plain text, when the value has no markup."
)


def sanitize_html(html):
    """Keep only a small safe set of tags: no scripts or styles (with their content), no
    event-handler or style attributes, links only to http(s) and mailto, opened with
    rel="noopener noreferrer". Text of removed tags is kept."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def clean_rich_text(value):
    """Staff rich text as the API, the bulk files and the explorer's exports publish it: HTML
    sanitised by the same rule as the pages (sanitize_html), plain text as it is."""
    # Every HTML sign has a < or an &: the common plain text is passed without a regex scan.
    if value and ("<" in value or "&" in value) and LOOKS_LIKE_HTML.search(value):
        return sanitize_html(value)
    return value


def plain_text(value):
    """Staff text as plain text (a page's description for link previews): HTML sanitised as
    the pages show it (scripts go with their content), then its tags taken off and its
    entities read; plain text as it is."""
    text = "" if value is None else str(value)
    if LOOKS_LIKE_HTML.search(text):
        return html.unescape(strip_tags(sanitize_html(text)))
    return text


def rich_text(value):
    """Staff text for a public page: HTML (as copied from OGP's site) is sanitised; plain text
    is escaped and its blank-line-separated paragraphs become <p>, single newlines <br>."""
    text = "" if value is None else str(value)
    if not text.strip():
        return mark_safe("")
    if LOOKS_LIKE_HTML.search(text):
        return mark_safe(sanitize_html(text))
    return mark_safe(linebreaks(text, autoescape=True))


# --- Spreadsheet formulas ------------------------------------------------------------------

# A cell starting with one of these is run as a formula by Excel and LibreOffice when they
# open a CSV file (OWASP "CSV injection"): =HYPERLINK(…), +cmd|…, @SUM(…), -1+1…
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"
_GUARD_FIRST = frozenset((*FORMULA_START, FORMULA_GUARD))  # a cheap first test of each cell


def _needs_guard(text):
    # Also a text already starting with the guard before one of them ("'=x"), so that
    # unguard_formula(guard_formula(text)) == text for every text.
    return text.lstrip(FORMULA_GUARD).startswith(FORMULA_START)


def guard_formula(value):
    """A text cell for a CSV file: prefixed with ' when a spreadsheet would read it as a
    formula. Anything but a str (numbers, negative ones too, dates, None) is returned as is."""
    if isinstance(value, str) and value[:1] in _GUARD_FIRST and _needs_guard(value):
        return FORMULA_GUARD + value
    return value


def unguard_formula(text):
    """The text guard_formula() was given: the one ' it added is removed, nothing else."""
    if text.startswith(FORMULA_GUARD) and _needs_guard(text[1:]):
        return text[1:]
    return text


# --- Uploaded files -------------------------------------------------------------------------

ZIP_MAGIC = b"PK\x03\x04"
MAGIC = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "docx": (ZIP_MAGIC,),
    "xlsx": (ZIP_MAGIC,),
    "odt": (ZIP_MAGIC,),
    "ods": (ZIP_MAGIC,),
}
# What a genuine document of each zip-based kind holds.
ZIP_MEMBERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
OPENDOCUMENT_TYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
TEXT_TYPES = {"csv", "txt"}
HTML_START = re.compile(rb"^\s*<(?:!doctype|html|head|body|script|svg|\?xml|iframe)", re.I)
SNIFF_BYTES = 8192


def _extension(name):
    return PurePosixPath(name or "").suffix.lower().lstrip(".")


def _zip_matches(uploaded, extension):
    try:
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            if extension in ZIP_MEMBERS:
                return ZIP_MEMBERS[extension] in names
            if "mimetype" not in names:
                return False
            return archive.read("mimetype").strip() == OPENDOCUMENT_TYPES[extension]
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
        return False
    finally:
        uploaded.seek(0)


def _text_matches(head):
    """Text in any 8-bit encoding (spreadsheets save CSV in Windows code pages too): no NUL
    bytes, and not a web page or SVG image."""
    return b"\x00" not in head and not HTML_START.match(head.removeprefix(codecs.BOM_UTF8))


def validate_upload(uploaded, allowed=None, max_size=None):
    """Refuse an uploaded file whose extension is not allowed, that is too large, or whose
    first bytes say it is something else than its extension claims (an HTML page named
    .pdf, a program named .docx). Raises ValidationError with a message for staff."""
    allowed = list(allowed or settings.RESOURCE_UPLOAD_EXTENSIONS)
    max_size = settings.RESOURCE_MAX_UPLOAD_SIZE if max_size is None else max_size
    extension = _extension(uploaded.name)
    if extension not in allowed:
        raise ValidationError(
            _("Files of type “.%(extension)s” cannot be uploaded; allowed types: %(allowed)s.")
            % {"extension": extension or "?", "allowed": ", ".join(allowed)},
            code="invalid_extension",
        )
    if uploaded.size is not None and uploaded.size > max_size:
        raise ValidationError(
            _("The file is %(size)s; the largest file accepted is %(max)s.")
            % {"size": filesizeformat(uploaded.size), "max": filesizeformat(max_size)},
            code="file_too_large",
        )
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(0)
    if extension in TEXT_TYPES:
        matches = _text_matches(head)
    else:
        matches = any(head.startswith(magic) for magic in MAGIC.get(extension, ()))
        if matches and extension in ZIP_MEMBERS.keys() | OPENDOCUMENT_TYPES.keys():
            matches = _zip_matches(uploaded, extension)
    if not matches:
        raise ValidationError(
            _(
                "This file's content is not a .%(extension)s file: save it again in that "
                "format, or give it the extension that matches its content."
            )
            % {"extension": extension},
            code="content_mismatch",
        )


# --- Serving uploaded files -----------------------------------------------------------------


def serve_media(request, path, may_download):
    """An uploaded file, always as a download (Content-Disposition: attachment) with nosniff
    and a sandboxing CSP, so a browser never renders it as a page of this site. nginx passes
    /media/ to the view that calls this (imports.media.download, docs/security.md). A file the
    user may not download (`may_download(user, path)` false: a draft's, an import's) is a page
    not found, as is any path that is not in its normal form ("a/../b", "./a", "a//b"), so no
    spelling of a path skips a rule; `may_download` sees only normal paths. Only a file anybody
    may download is marked for shared caches; the others are private to the user and not kept."""
    if posixpath.normpath(path) != path or path.startswith("/"):
        raise Http404
    if not may_download(request.user, path):
        raise Http404
    try:
        if not default_storage.exists(path):
            raise Http404
        handle = default_storage.open(path, "rb")
    except (SuspiciousFileOperation, ValueError, OSError):
        raise Http404 from None
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=True, filename=PurePosixPath(path).name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    public = not request.user.is_authenticated or may_download(AnonymousUser(), path)
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response


# --- Embeds: the only pages other sites may frame -------------------------------------------


def embed_policy():
    """The site's Content-Security-Policy with `frame-ancestors *` (any site may frame the
    page) and `script-src 'none'` (an embed runs no script)."""
    return {**settings.SECURE_CSP, "frame-ancestors": ["*"], "script-src": [CSP.NONE]}


def embeddable(view):
    """Let any site show the view's answers in an `<iframe>`: no X-Frame-Options, CSP
    `frame-ancestors *`. Every other page keeps `X-Frame-Options: DENY` and
    `frame-ancestors 'none'` (settings). Put it outside `public_page`: the stored page carries
    these headers, and so does a 304. The view must set no cookie (docs/security.md)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.xframe_options_exempt = True  # XFrameOptionsMiddleware
        response._csp_config = embed_policy()  # ContentSecurityPolicyMiddleware
        return response

    return wrapper
