"""Settings for ogp, read from environment variables.

One module for every environment. With no variables set it runs on SQLite in the project
folder with DEBUG off; `DJANGO_DEBUG=1` turns on debug for local work, `DATABASE_URL` switches
to PostgreSQL. Malformed values stop start-up with ImproperlyConfigured.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_rate(name, default):
    """A request rate such as "120/minute" (per second, minute, hour or day); empty: no limit."""
    value = os.environ.get(name, default).strip()
    if value and not re.fullmatch(r"[0-9]+/(s|sec|second|m|min|minute|h|hour|d|day)", value):
        raise ImproperlyConfigured(f"{name} must be a rate such as 120/minute, not {value!r}")
    return value


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("DJANGO_INSECURE_DEV_KEY"):
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "django-insecure-local-development-key-not-for-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "ogp",
    "members",
    "commitments",
    "irm",
    "imports",
    "demo",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "api",
    "opendata",
    "axes",
]

MIDDLEWARE = [
    # First, so every answer carries it, stored pages and static files included.
    "ogp.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Serves stored public pages before the rest runs (ogp/page_cache.py); Security's headers stay.
    "ogp.page_cache.PageCacheMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the page cache: a stored page's language is in its URL (/es/…), which keys it; after
    # sessions and before CommonMiddleware, as Django asks (ogp/i18n.py).
    "ogp.i18n.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # A NUL in the path or a parameter is a 400 before any view (and axes) reads it; the
    # middleware above still add their headers to that answer.
    "ogp.middleware.RefuseNulMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: answers a locked-out login with the lock-out page (429).
    "axes.middleware.AxesMiddleware",
]

# The covering index of commitments (commitments_commitment_filter) is for PostgreSQL; SQLite
# builds it without its included columns, which is what this warning says.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

ROOT_URLCONF = "ogp.urls"
WSGI_APPLICATION = "ogp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
            "libraries": {"ogp_tags": "ogp.templatetags.ogp_tags"},
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL names another database.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    try:
        DATABASES = {
            "default": dj_database_url.parse(
                DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
            )
        }
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {error}") from None
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # Two staff saving at once: each transaction takes the write lock when it begins
            # (IMMEDIATE), so the second waits up to `timeout` seconds for the first instead of
            # failing with "database is locked" (tests/ogp/test_sqlite_writes.py).
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

# Caching (ogp/data_version.py, ogp/page_cache.py): local memory by default, Redis when
# REDIS_URL is set (ogp/redis_cache.py). Public pages and figures are kept under a data version
# that every write changes.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "ogp.redis_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ogp",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ogp",
            "OPTIONS": {"MAX_ENTRIES": env_int("DJANGO_LOCMEM_MAX_ENTRIES", 5000)},
        }
    }
OGP_PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", True)
OGP_CACHE_SECONDS = env_int("DJANGO_CACHE_SECONDS", 24 * 3600)
OGP_BROWSER_CACHE_SECONDS = env_int("DJANGO_BROWSER_CACHE_SECONDS", 60)
# How long a process reuses the data version it read: a change made elsewhere shows within
# this many seconds (0: read once per request). With the page cache off (as in the tests),
# pages run their own queries anyway, so the version is read once per request by default.
OGP_DATA_VERSION_MAX_AGE = env_int("DJANGO_DATA_VERSION_MAX_AGE", 1 if OGP_PAGE_CACHE else 0)
if OGP_DATA_VERSION_MAX_AGE < 0:
    raise ImproperlyConfigured("DJANGO_DATA_VERSION_MAX_AGE must be 0 or more seconds")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes counts failed logins (admin included) in the database, per client address and per
# account: AXES_FAILURE_LIMIT failures from one address (whatever the accounts) lock the address
# out, as many at one account (from any addresses) lock the account, for AXES_COOLOFF_MINUTES.
# A good login forgets only that account's failures from that address (ogp.security
# .LoginFailureHandler). Lock-outs are logged (logger "axes") and listed in the admin. Behind
# NUM_PROXIES trusted reverse proxies the client is read from X-Forwarded-For (ogp/security.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# One setting for every per-client count (this lock-out and the API's request limit).
NUM_PROXIES = env_int("NUM_PROXIES", 0)
if os.environ.get("API_NUM_PROXIES"):
    raise ImproperlyConfigured("API_NUM_PROXIES is gone: set NUM_PROXIES (docs/deploy.md).")
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "ogp.security.LoginFailureHandler"
AXES_LOCKOUT_TEMPLATE = "429.html"
AXES_CLIENT_IP_CALLABLE = "ogp.security.client_ip"
AXES_SENSITIVE_PARAMETERS = ["password"]

# Languages (docs/architecture.md, "Languages"): English at the plain URLs, Spanish under /es/
# and French under /fr/ (ogp/urls.py, i18n_patterns). The catalogues are locale/<lang>/ and
# `manage.py compilemessages` builds them (bin/setup). The cookie remembers a visitor's choice
# for the admin; a public page's language is its URL's, never the cookie's (ogp/i18n.py).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "ogp_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_PATH = "/"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
# Dates and numbers on the pages in the language's format (Django's for es and fr; the site's
# English dates in ogp/formats/en). Exports, files and the API keep ISO dates, plain numbers.
FORMAT_MODULE_PATH = ["ogp.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("DJANGO_MANIFEST_STATIC", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Security. Production runs behind HTTPS; DJANGO_SECURE=0 turns the HTTPS-only settings off
# for plain-HTTP local runs.
SECURE = env_bool("DJANGO_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = SECURE and env_bool("DJANGO_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SESSION_COOKIE_SECURE = SECURE
LANGUAGE_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads it; forms carry the token
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No page uses a powerful browser feature: deny them all, to this site and to any frame
# (ogp.middleware.PermissionsPolicyMiddleware sends it on every response).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)

# Uploads (ogp/security.py checks them): a resource's file is one of these types, sniffed from
# its first bytes, and at most RESOURCE_MAX_UPLOAD_MB; /media/ serves files as downloads.
RESOURCE_UPLOAD_EXTENSIONS = ["pdf", "docx", "xlsx", "csv", "odt", "ods", "txt", "png", "jpg"]
RESOURCE_MAX_UPLOAD_SIZE = env_int("RESOURCE_MAX_UPLOAD_MB", 20) * 1024 * 1024
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", True)

from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
    }
}

# Logs go to standard error: DJANGO_LOG_FORMAT=json writes one JSON object per line (time,
# level, logger, message, and the request's method, path and status when a record has them;
# ogp/logging.py), text (the default) a plain line for people. Python warnings are logged too
# (the py.warnings logger), so every line of standard error has the format.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "") or "text"
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING_CONFIG = "ogp.logging.configure"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "ogp.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s [%(name)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# Admin changelists page through tens of thousands of rows without counting them twice.
SIMPLE_HISTORY_REVERT_DISABLED = False


# --- Limits on the explorer and its exports (ogp/throttling.py) ---------------------------
# Per client (IP address, NUM_PROXIES), counted in the default cache: past a rate the client is
# told 429 with Retry-After; an empty rate turns the limit off. EXPORTS_AT_ONCE exports may
# stream to one client at a time (0: no limit).
EXPLORER_THROTTLE_RATE = env_rate("EXPLORER_THROTTLE_RATE", "120/minute")
EXPORT_THROTTLE_RATE = env_rate("EXPORT_THROTTLE_RATE", "10/minute")
EXPORTS_AT_ONCE = env_int("EXPORTS_AT_ONCE", 1)


# --- Open data: the JSON API (api/) and the bulk downloads (opendata/) ----------------------
# Read-only, anonymous, JSON only. A client is told 429 past API_THROTTLE_RATE requests
# ("120/minute"; empty turns the limit off), counted per client address in the default cache:
# ogp.security.client_ip, the same address (NUM_PROXIES) as the admin lock-out.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.views.exception_handler",
    "URL_FORMAT_OVERRIDE": None,
    "COERCE_DECIMAL_TO_STRING": False,
}
API_THROTTLE_RATE = env_rate("API_THROTTLE_RATE", "120/minute")
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 50)
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 500)
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 60)

SPECTACULAR_SETTINGS = {
    "TITLE": "Open Government Partnership API",
    "DESCRIPTION": (
        "Read-only data on OGP members, action plans, commitments and the findings of the "
        "Independent Reporting Mechanism. Only published records. See /data/ for bulk files."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/",
    "ENUM_NAME_OVERRIDES": {
        "SpecificityEnum": "commitments.models.Specificity",
        "PotentialImpactEnum": "commitments.models.PotentialImpact",
        "PotentialResultsEnum": "commitments.models.PotentialResults",
        "CompletionEnum": "commitments.models.Completion",
        "EarlyResultsEnum": "commitments.models.EarlyResults",
        "EarlyResultsRefreshEnum": "commitments.models.EarlyResultsRefresh",
        "MilestoneCompletionEnum": "commitments.models.Milestone.Completion",
        "ParticipationLevelEnum": "irm.models.ParticipationAssessment.Level",
        "ReportTypeEnum": "irm.models.ReportType",
        "ReportStageEnum": "irm.models.ReportStage",
        "MethodEnum": "api.serializers.METHOD_CHOICES",
        "IndicatorEnum": "irm.methods.INDICATORS",
        "IrmMethodEnum": "commitments.vocabularies.IrmMethod",
        "FigureStateEnum": "irm.methods.FigureState",
    },
}

# CORS: anyone may read the API and the bulk files from a browser.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/(api|data)/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]

# Where `manage.py build_open_data` writes the bulk files that /data/ serves.
OPEN_DATA_DIR = Path(os.environ.get("OPEN_DATA_DIR", BASE_DIR / "data-build"))
# --- end of open data -----------------------------------------------------------------------
