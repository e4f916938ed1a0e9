"""CityKB settings, read from the environment.

Defaults suit a developer's machine; production sets DJANGO_DEBUG=0, a real
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0, not {value!r}")


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for development).")
    SECRET_KEY = "development-only-secret-key-never-used-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "citykb.core.admin_site.CityKBAdminConfig",  # django.contrib.admin, its index grouped
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "simple_history",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "citykb.core",
    "partners",
    "agreements",
    "search",
]

MIDDLEWARE = [
    # First: an oversized request is refused before anything reads its body.
    "citykb.core.middleware.refuse_oversized_requests",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Lets every change an admin request makes (inlines too) record who made it.
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in before the view runs.
    "axes.middleware.AxesMiddleware",
]

# The largest request any page takes: an import's 2 MB file (agreements/imports/ingestion.py) and its form.
# Larger ones are refused by their Content-Length, unread (citykb/core/middleware.py); the proxy in front
# should refuse them first (nginx: client_max_body_size 3m).
MAX_REQUEST_BYTES = 3 * 1024 * 1024
# Form fields (a pasted announcement) held in memory, and the size past which an upload goes to a temporary
# file instead of memory: Django's defaults, stated because MAX_REQUEST_BYTES is chosen beside them.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
# An import's draft posts a few fields for each of up to 1,000 suggestions of each kind (the linker's cap); the
# memory limit above still bounds what any request may send.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 60_000
FILE_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)

# Sign-in is guarded against guessing (django-axes): after AXES_FAILURE_LIMIT failures for one
# user name from one address, that pair is locked out for AXES_COOLOFF_TIME hours.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# The address is the client's, not a proxy's: the same one the API throttle counts by (API_NUM_PROXIES).
AXES_CLIENT_IP_CALLABLE = "citykb.throttling.client_address"

ROOT_URLCONF = "citykb.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "citykb.wsgi.application"

if not os.environ.get("DATABASE_URL"):
    # The embedded default keeps its SQLite file in var/, which a fresh clone lacks.
    VAR_DIR.mkdir(exist_ok=True)

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'citykb.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several workers may write at once: wait for the lock instead of failing, and take
    # the write lock when a transaction starts so two writers cannot deadlock.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("timeout", 20)
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# While debugging, whitenoise serves straight from the app and static/ folders;
# production serves the collected, hashed and compressed files in STATIC_ROOT.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# HTTPS redirect, HSTS and secure cookies: on by default in production,
# DJANGO_SECURE_SSL=0 turns them off for a plain-HTTP local run.
SECURE_SSL = env_bool("DJANGO_SECURE_SSL", not DEBUG)
SECURE_SSL_REDIRECT = SECURE_SSL
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_HSTS_SECONDS = 31536000 if SECURE_SSL else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL
SECURE_HSTS_PRELOAD = SECURE_SSL
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy (django-csp) on every response: scripts, styles, fonts and images come from this
# site only; no inline script or style runs, so text that slipped through escaping could not run either.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # The one inline style attribute of a page we serve (django-simple-history's history list, "border-top: 0"),
        # allowed by its hash alone.
        "style-src": [SELF, "'unsafe-hashes'", "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Pages, search answers and API answers cached until the data changes (citykb/core/caching.py). Their keys
# carry the data version read from the database, so they stay right in any cache, however many processes
# and servers share it.
PAGE_CACHE = env_bool("PAGE_CACHE", True)  # 0 makes every page anew (benchmarks, debugging)
# With REDIS_URL, one Redis keeps them for every worker and app server (each is made once per change for
# all), and counts API throttling; its errors are logged and passed over, so a Redis that is down makes
# pages slower, never broken. Without it, each process keeps its own in memory and the throttle counts in
# a database table that every process shares (made by `migrate`: citykb/core/migrations/0003_cache_tables.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
# Keys from another release of the code are never read: set it per release (make serve-prod uses the commit).
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "citykb")
if REDIS_URL:
    _redis = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }
    CACHES = {
        "default": {**_redis, "KEY_PREFIX": CACHE_KEY_PREFIX},
        "throttle": {**_redis, "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-throttle"},
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "2000"))},
        },
        "throttle": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "citykb_throttle"},
    }

# "whoosh" keeps an index on local disk; "postgres" keeps it in the database, for
# deployments where several app servers share one database.
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "whoosh")
SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR", VAR_DIR / "search-index"))
# Seconds a save waits for another process's index write before leaving its update queued.
SEARCH_LOCK_TIMEOUT = float(os.environ.get("SEARCH_LOCK_TIMEOUT", "5"))
# A missing or damaged index of at most this many documents is rebuilt by the search that finds it (under a
# second); a larger one in a background thread, while searches answer "being rebuilt" (search/indexing.py).
SEARCH_REPAIR_IN_REQUEST_UP_TO = int(os.environ.get("SEARCH_REPAIR_IN_REQUEST_UP_TO", "500"))

REST_FRAMEWORK = {
    # The API is public and read-only: the admin's session is the only sign-in it knows. Basic authentication
    # would check a password (a slow hash) for any header sent, and answer 403 instead of throttling.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "citykb.api_schema.DocumentedErrorsSchema",
    # Anonymous clients, counted per address across all workers; signed-in editors are not throttled.
    "DEFAULT_THROTTLE_CLASSES": ["citykb.throttling.SharedAnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_RATE", "120/minute")},
    # The client's address (citykb.throttling.client_address, for the sign-in lockout too): the connecting one,
    # or behind API_NUM_PROXIES proxies the NUM_PROXIES-th from the end of X-Forwarded-For. Never the whole header
    # (DRF's default, None): the client writes its start, and could pass as a new client on every request.
    "NUM_PROXIES": int(os.environ.get("API_NUM_PROXIES") or 0),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "CityKB API",
    "DESCRIPTION": "Read-only access to smart-city partnerships, each fact cited to its announcement.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Every endpoint is public (the session that signed-in editors bring only lifts throttling): naming no sign-in
    # scheme keeps Swagger UI from showing an "Authorize" button and a padlock on each operation.
    "AUTHENTICATION_WHITELIST": [],
    # Swagger UI from the drf-spectacular-sidecar package, served locally: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # Django's own logging gives the "django" logger a console handler while debugging, and its lines went on to
    # the root's too: printed twice. Without handlers of its own, it passes everything to the root's.
    # (django.server, runserver's request lines, keeps its own handler and does not pass them on.)
    "loggers": {"django": {"handlers": [], "propagate": True}},
}
