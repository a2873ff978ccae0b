"""The one settings module. Everything that differs between machines comes from environment variables.

See README.md "Configuration" for every variable. Defaults are for local development: SQLite in the
repo root, tasks run in-process, DEBUG on.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

# The defaults of the pure-Python parts, defined once beside the code that also runs without Django.
from claims.extraction.nlp import DEFAULT_MODEL
from claims.extraction.pipeline import DEFAULT_MAX_CHARS
from sources.fetching import FETCH_DEFAULTS

from .env import env_bool, env_int, env_list, env_str, parse_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", True)


def _secret_key() -> str:
    key = env_str("DJANGO_SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0.")
    # Local development: a random key kept in a git-ignored file so sessions survive restarts.
    key_file = BASE_DIR / ".dev-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",  # counts failed logins (common/throttling.py)
    "common",  # code the apps share; the add_user and ensure_local_editor commands
    "sources",
    "actors",
    "claims",
    "watches",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "common.middleware.QueryStringGuard",  # after the login check: a control character in ?… is a 400
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a refused (locked-out) login into its page
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"
ASGI_APPLICATION = "tracker.asgi.application"

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
                "common.context_processors.roles",
                "watches.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": parse_database_url(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}", base_dir=BASE_DIR
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool(
    "TRACKER_DATABASE_JIT", False, old="DATABASE_JIT"
):
    # PostgreSQL's JIT compiles queries it estimates as costly; for the short queries of a web page the
    # compilation costs more than it saves (it took 340 of 530 ms of the dashboard's slowest query).
    options = DATABASES["default"]["OPTIONS"]
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "common.throttling.LoginThrottleBackend",  # first: refuses a locked-out user name or address
    "django.contrib.auth.backends.ModelBackend",
]
# --- Failed logins (django-axes): by user name and by address; bad API tokens count by address. ---
AXES_ENABLED = env_bool("TRACKER_LOGIN_THROTTLE", True)
AXES_FAILURE_LIMIT = env_int("TRACKER_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("TRACKER_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = "common.throttling.lockout_parameters"
AXES_LOCKOUT_CALLABLE = "common.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "common.throttling.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successes are not the question; failures are kept for the cool-off
AXES_VERBOSE = False
AXES_HANDLER = "common.throttling.LockoutGenerationHandler"  # axes' database handler, see there
# Proxies in front of the app that append to X-Forwarded-For (0: use the connection's address).
TRACKER_TRUSTED_PROXIES = env_int("TRACKER_TRUSTED_PROXIES", 0, minimum=0)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TRACKER_TIME_ZONE", "UTC", old="TIME_ZONE")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security: strict unless DEBUG; `manage.py check --deploy` is clean with DJANGO_DEBUG=0. ---
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Cache: Redis shared by every process (TRACKER_CACHE_URL), else this process's memory. ---
TRACKER_CACHE_URL = env_str("TRACKER_CACHE_URL")
if TRACKER_CACHE_URL and not TRACKER_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"TRACKER_CACHE_URL={TRACKER_CACHE_URL!r} is not a redis:// address.")
CACHES = {
    # Django's Redis backend, with one client per connection pool (see common/cache.py)
    "default": {"BACKEND": "common.cache.RedisCache", "LOCATION": TRACKER_CACHE_URL}
    if TRACKER_CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
CACHES["default"]["KEY_PREFIX"] = "tracker"
# API lists answered from a versioned cache (common.listcache). Off without a shared cache: processes
# that each kept their own versions would not see each other's writes.
TRACKER_LIST_CACHE = env_bool("TRACKER_LIST_CACHE", bool(TRACKER_CACHE_URL))
TRACKER_LIST_CACHE_SECONDS = env_int("TRACKER_LIST_CACHE_SECONDS", 300, minimum=1)
# An address's "not locked out" answer kept between API requests (common.throttling); the same rule.
TRACKER_LOCKOUT_CACHE = env_bool("TRACKER_LOCKOUT_CACHE", bool(TRACKER_CACHE_URL))

# --- REST API ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "common.throttling.ThrottledTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "common.api.Cursor",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "common.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["common.throttling.UserWindowThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "user": env_str("TRACKER_API_THROTTLE_RATE", "5000/hour", old="API_THROTTLE_RATE")
    },
    # JSON bodies only: form and multipart bodies read booleans and lists differently (a missing
    # checkbox is false, a repeated field a list), so the API and its schema take JSON alone (415 else).
    "DEFAULT_PARSER_CLASSES": ["common.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Claim-and-position tracker API",
    "DESCRIPTION": "Who said what, when, to whom, and where they stand.",
    "VERSION": "1",
    "LICENSE": {"name": "Proprietary", "identifier": "LicenseRef-Proprietary"},  # as pyproject.toml
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # 3.1: `null` is a type of its own, so nullable references (a statement's `via`) mean what they say
    "OAS_VERSION": "3.1.0",
    "SCHEMA_PATH_PREFIX": r"/api/v1",  # operations are tagged and named by resource: `statements_list`
    "TAGS": [
        {"name": "actors", "description": "People, organisations and states who say things, with aliases"},
        {"name": "propositions", "description": "The questions tracked: who supports or opposes what"},
        {"name": "statements", "description": "What was said, by whom, when; the editors' review"},
        {"name": "articles", "description": "The articles statements were extracted from"},
        {"name": "outlets", "description": "Who published the articles"},
        {"name": "feeds", "description": "Feeds polled for new articles"},
        {"name": "ingest", "description": "Queue a page or a text for extraction"},
        {"name": "jobs", "description": "Ingest jobs: poll one until it is done or failed"},
        {
            "name": "watches",
            "description": "What you watch: actors, propositions, pairs, and which changes count",
        },
        {"name": "notifications", "description": "What changed on what you watch, newest first; mark read"},
        {
            "name": "webhooks",
            "description": "Addresses told of every notification, signed, with a delivery log",
        },
    ],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "common.api.postprocess_schema",
    ],
    "ENUM_NAME_OVERRIDES": {
        "StatementKindEnum": "claims.models.StatementKind",
        "ActorKindEnum": "actors.models.ActorKind",
        "StatementStatusEnum": "claims.models.StatementStatus",
        "StancePolarityEnum": "claims.models.StancePolarity",
        "DatePrecisionEnum": "claims.models.StatementPrecision",
        "ArticleStatusEnum": "sources.models.ArticleStatus",
        "OutletKindEnum": "sources.models.OutletKind",
        "PropositionKindEnum": "claims.models.PropositionKind",
        "JobStateEnum": "sources.models.IngestJobState",
        "JobKindEnum": "sources.models.IngestJobKind",
        "JobStageEnum": "sources.models.IngestJobStage",
        "DateSourceEnum": "sources.models.ArticleDateSource",
        "GenderEnum": "actors.models.ActorGender",
    },
}

# --- Celery: with no broker configured, tasks run in-process (embedded default). ---
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker process keeps its database connection for this many tasks (Celery's Django fixup closed it
# before and after every task: each ingest job paid for a new connection, a new PostgreSQL backend and
# its cold catalog caches). A connection that had an error is checked, and dropped if broken, before
# the next task (tracker/celery.py). 0: a new connection for every task, as before.
CELERY_DB_REUSE_MAX = env_int("TRACKER_WORKER_DB_REUSE", 100, minimum=0) or None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE

CELERY_BROKER_TRANSPORT_OPTIONS = {
    # An unacknowledged task (its worker died) goes back to the queue after this many seconds.
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=10),
}
CELERY_BEAT_SCHEDULE = {
    "poll-due-feeds": {"task": "sources.poll_due_feeds", "schedule": 60.0},
    "sweep-ingest-jobs": {"task": "sources.sweep_ingest_jobs", "schedule": 60.0},
    "sweep-resuggest-jobs": {"task": "claims.sweep_resuggest_jobs", "schedule": 60.0},
    "sweep-deliveries": {"task": "watches.sweep_deliveries", "schedule": 60.0},
}

# --- Fetching and ingestion ---
# TRACKER_FETCH_ALLOW_PRIVATE=1 lets the fetcher reach loopback and private addresses. Local testing only:
# on a server it would let anyone who can submit a URL probe the internal network.
# The defaults are the fetcher's own (sources.fetching.FETCH_DEFAULTS), which it also uses without Django.
TRACKER_FETCH_ALLOW_PRIVATE = env_bool(
    "TRACKER_FETCH_ALLOW_PRIVATE", FETCH_DEFAULTS["TRACKER_FETCH_ALLOW_PRIVATE"]
)
TRACKER_FETCH_MAX_BYTES = env_int(
    "TRACKER_FETCH_MAX_BYTES", FETCH_DEFAULTS["TRACKER_FETCH_MAX_BYTES"], minimum=1024
)
TRACKER_FETCH_CONNECT_TIMEOUT = env_int(
    "TRACKER_FETCH_CONNECT_TIMEOUT", FETCH_DEFAULTS["TRACKER_FETCH_CONNECT_TIMEOUT"], minimum=1
)
TRACKER_FETCH_READ_TIMEOUT = env_int(
    "TRACKER_FETCH_READ_TIMEOUT", FETCH_DEFAULTS["TRACKER_FETCH_READ_TIMEOUT"], minimum=1
)
TRACKER_FETCH_TOTAL_TIMEOUT = env_int(
    "TRACKER_FETCH_TOTAL_TIMEOUT", FETCH_DEFAULTS["TRACKER_FETCH_TOTAL_TIMEOUT"], minimum=1
)
TRACKER_FETCH_MAX_REDIRECTS = env_int(
    "TRACKER_FETCH_MAX_REDIRECTS", FETCH_DEFAULTS["TRACKER_FETCH_MAX_REDIRECTS"], minimum=0
)
TRACKER_FETCH_USER_AGENT = env_str("TRACKER_FETCH_USER_AGENT", FETCH_DEFAULTS["TRACKER_FETCH_USER_AGENT"])
TRACKER_INGEST_MAX_ATTEMPTS = env_int("TRACKER_INGEST_MAX_ATTEMPTS", 5, minimum=1)
TRACKER_INGEST_RETRY_BASE_SECONDS = env_int("TRACKER_INGEST_RETRY_BASE_SECONDS", 30, minimum=1)
TRACKER_INGEST_RETRY_MAX_SECONDS = env_int("TRACKER_INGEST_RETRY_MAX_SECONDS", 3600, minimum=1)
# A running job holds a lease that each stage renews; one whose lease ran out was lost with its worker.
TRACKER_INGEST_LEASE_SECONDS = env_int("TRACKER_INGEST_LEASE_SECONDS", 600, minimum=5)
# A queued job whose task has not started after this long is sent again (the broker may have lost it).
TRACKER_INGEST_REQUEUE_AFTER_SECONDS = env_int("TRACKER_INGEST_REQUEUE_AFTER_SECONDS", 300, minimum=5)
TRACKER_FEED_MAX_ITEMS_PER_POLL = env_int("TRACKER_FEED_MAX_ITEMS_PER_POLL", 100, minimum=1)
TRACKER_FEED_DEFAULT_INTERVAL_MINUTES = env_int("TRACKER_FEED_DEFAULT_INTERVAL_MINUTES", 30, minimum=1)
TRACKER_UPLOAD_MAX_FILES = env_int("TRACKER_UPLOAD_MAX_FILES", 20, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = TRACKER_FETCH_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = TRACKER_FETCH_MAX_BYTES

# --- Review ---
TRACKER_REVIEW_CLAIM_SECONDS = env_int(
    "TRACKER_REVIEW_CLAIM_SECONDS", 300, minimum=10, old="TRACKER_REVIEW_CLAIM_SECONDS"
)

# --- Re-suggesting stances when a proposition changes (claims.services.resuggest) ---
TRACKER_RESUGGEST_BATCH_ARTICLES = env_int("TRACKER_RESUGGEST_BATCH_ARTICLES", 20, minimum=1)
TRACKER_RESUGGEST_LEASE_SECONDS = env_int("TRACKER_RESUGGEST_LEASE_SECONDS", 300, minimum=5)
TRACKER_RESUGGEST_MAX_ATTEMPTS = env_int("TRACKER_RESUGGEST_MAX_ATTEMPTS", 5, minimum=1)
TRACKER_RESUGGEST_REQUEUE_AFTER_SECONDS = env_int("TRACKER_RESUGGEST_REQUEUE_AFTER_SECONDS", 300, minimum=5)

# --- Watches: notifications by page, feed, email and webhook (watches.services) ---
# Absolute links in emails, feeds and webhook bodies.
TRACKER_SITE_URL = env_str("TRACKER_SITE_URL", "http://127.0.0.1:8000")
TRACKER_DELIVERY_MAX_ATTEMPTS = env_int("TRACKER_DELIVERY_MAX_ATTEMPTS", 8, minimum=1)
TRACKER_DELIVERY_RETRY_BASE_SECONDS = env_int("TRACKER_DELIVERY_RETRY_BASE_SECONDS", 30, minimum=0)
TRACKER_DELIVERY_RETRY_MAX_SECONDS = env_int("TRACKER_DELIVERY_RETRY_MAX_SECONDS", 3600, minimum=1)
TRACKER_DELIVERY_LEASE_SECONDS = env_int("TRACKER_DELIVERY_LEASE_SECONDS", 120, minimum=5)
TRACKER_DELIVERY_REQUEUE_AFTER_SECONDS = env_int("TRACKER_DELIVERY_REQUEUE_AFTER_SECONDS", 300, minimum=5)
TRACKER_WEBHOOK_TIMEOUT = env_int("TRACKER_WEBHOOK_TIMEOUT", 10, minimum=1)
# 1 lets webhooks reach loopback and private addresses. Local testing only, as TRACKER_FETCH_ALLOW_PRIVATE.
TRACKER_WEBHOOK_ALLOW_PRIVATE = env_bool("TRACKER_WEBHOOK_ALLOW_PRIVATE", False)
# The daily digest is queued at this hour (TRACKER_TIME_ZONE) by beat.
TRACKER_DIGEST_HOUR = env_int("TRACKER_DIGEST_HOUR", 7, minimum=0)
if TRACKER_DIGEST_HOUR > 23:
    raise ImproperlyConfigured(
        f"TRACKER_DIGEST_HOUR must be an hour from 0 to 23, not {TRACKER_DIGEST_HOUR}."
    )
CELERY_BEAT_SCHEDULE["send-digests"] = {
    "task": "watches.send_digests",
    "schedule": crontab(minute=0, hour=TRACKER_DIGEST_HOUR),
}
# Email: Django's backend, console (printed by the process that sends) unless configured.
EMAIL_BACKEND = env_str("TRACKER_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("TRACKER_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("TRACKER_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("TRACKER_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("TRACKER_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("TRACKER_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("TRACKER_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("TRACKER_EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("TRACKER_EMAIL_FROM", "tracker@localhost")

# --- Extraction ---
TRACKER_SPACY_MODEL = env_str("TRACKER_SPACY_MODEL", DEFAULT_MODEL, old="SPACY_MODEL")
TRACKER_EXTRACTION_MAX_CHARS = env_int(
    "TRACKER_EXTRACTION_MAX_CHARS", DEFAULT_MAX_CHARS, minimum=1, old="EXTRACTION_MAX_CHARS"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("TRACKER_LOG_LEVEL", "INFO", old="LOG_LEVEL")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},  # a lockout is a warning; each failed login is not news
        # Django's own console handler would print each django.* line a second time beside the root's.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
    },
}
