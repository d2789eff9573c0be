"""Settings of the Extranet France Services 82.

Every value comes from the environment (see `.env.example`). The helpers below raise on a value they
cannot read instead of guessing, so a typo in production fails at start-up, not at 3 a.m.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from machina import MACHINA_MAIN_TEMPLATE_DIR

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} is required.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1 or 0).")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

if DEBUG:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-key-never-use-in-production-0123456789")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is required when DEBUG is off.")

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "extranet.apps.ExtranetAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "auditlog",
    "csp",
    # Our apps: the core first, then the directory every feature app builds on.
    "extranet",
    "annuaire",
    "calendrier",
    "fichiers",
    "itinerance",
    # The forum engine (django-machina) and what it needs. Its search (haystack) and feeds are left
    # out: the site-wide search covers posts. Our `forum` app (label `forum_ext`) must come after
    # machina's apps, or machina takes it for a replacement of its own `forum` app (docs/decisions.md).
    "mptt",
    "widget_tweaks",
    "machina",
    "machina.apps.forum",
    "machina.apps.forum_conversation",
    "machina.apps.forum_conversation.forum_attachments",
    "machina.apps.forum_conversation.forum_polls",
    "machina.apps.forum_member",
    "machina.apps.forum_moderation",
    "machina.apps.forum_permission",
    "machina.apps.forum_tracking",
    "forum",
    # Reads every app above (their QuerySets and the registry); none of them imports it.
    "reporting",
]

MIDDLEWARE = [
    "extranet.middleware.HealthCheckMiddleware",
    # After the health check (the load balancer's probes every few seconds would drown the log),
    # before everything else, so that the duration covers the whole stack.
    "extranet.observability.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "extranet.middleware.GuichetScopeMiddleware",
    "forum.middleware.ForumPermissionMiddleware",
    "forum.middleware.MachinaNotFoundMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "extranet.middleware.TrustedProxyAuditlogMiddleware",
    "extranet.middleware.StaffSecondFactorMiddleware",
    "extranet.middleware.UsageMiddleware",
]

ROOT_URLCONF = "extranet.urls"
WSGI_APPLICATION = "extranet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Our templates first: they override machina's, which come next (docs/decisions.md, shadowing).
        "DIRS": [BASE_DIR / "templates", MACHINA_MAIN_TEMPLATE_DIR],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "extranet.context_processors.layout",
                "machina.core.context_processors.metadata",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
# SQLite by default (zero set-up); DATABASE_URL=postgres://… selects PostgreSQL through psycopg 3.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several requests at once must not fail with "database is locked": WAL lets readers go on
    # while one writer writes, IMMEDIATE takes the write lock at the start of a transaction (so two
    # writers queue instead of deadlocking), and the timeout makes the second one wait for it.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: it pays off on long analytical queries, and a page's queries take
    # milliseconds. The planner's cost estimates of a few of them (the structure page's referents,
    # « Qui contacter ? ») cross its threshold at ten times the network, and compiling then took
    # 70-90 ms for a query that runs in 7 (docs/benchmarks.md, « The whole network »).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# Machina (the forum, later) ships migrations for AutoField ids; our apps set BigAutoField in their
# AppConfig instead (docs/decisions.md, « Primary keys »).
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# --- Cache: shared by every worker so that rate limits hold across gunicorn workers and hosts -------
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "extranet_cache",
        # Rendered fragments are kept per page, filter and viewer (extranet/fragments.py): Django's
        # default of 300 entries would cull them all the time. 10,000 copies of 20 kB: 200 MB at most.
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
}
REDIS_URL = env_str("REDIS_URL", "").strip()
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"REDIS_URL={REDIS_URL!r} is not a redis://, rediss:// or unix:// URL.")
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
# machina keeps the files of a forum post being previewed here until it is sent: the shared cache, as
# the next request may reach another worker or host.
CACHES["machina_attachments"] = CACHES["default"]

# Sessions live in PostgreSQL. With Redis, each request reads its session from the cache instead of
# querying the database (`cached_db` still writes every change to PostgreSQL, which stays the record).
SESSION_ENGINE = "django.contrib.sessions.backends." + ("cached_db" if REDIS_URL else "db")
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 10)  # a working day

# --- Accounts -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "extranet.User"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "extranet.passwords.CnilPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

ACCOUNT_ADAPTER = "extranet.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Extranet France Services 82] "
ACCOUNT_RATE_LIMITS = {
    # Five failed attempts on one account within 15 minutes lock it for the rest of the window
    # (per IP and per account), as the CNIL recommends for a password alone.
    "login_failed": "10/m/ip,5/15m/key",
    "reset_password": "20/m/ip,5/h/key",
    "reset_password_from_key": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Extranet France Services 82"
USERSESSIONS_TRACK_ACTIVITY = False

# --- Mail -----------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Extranet France Services 82 <extranet@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("EMAIL_HOST", "").strip()
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    # STARTTLS on 587 by default; implicit TLS (port 465) with EMAIL_USE_SSL=1 instead.
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL)
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Internationalisation -------------------------------------------------------------------------
LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# In development and tests, serve static files from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Largest accepted upload in the file catalogue, in megabytes.
FICHIERS_MAX_UPLOAD_MB = env_int("FICHIERS_MAX_UPLOAD_MB", 20)

# --- Audit trail ----------------------------------------------------------------------------------
AUDITLOG_DISABLE_REMOTE_ADDR = False

# --- django-import-export -------------------------------------------------------------------------
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# --- Security -------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
if env_bool("DJANGO_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Who is the client (rate limits, sessions, audit log: extranet/clientip.py)? Either the number
    # of our proxies that append to X-Forwarded-For (the client writes its left part itself), or the
    # header in which our proxy alone writes the client's address.
    ALLAUTH_TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 1)
    ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("DJANGO_TRUSTED_CLIENT_IP_HEADER", "") or None

# No script or style but ours: Bootstrap and our CSS/JS are served from static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One line per record, with its time, level and logger, for the host's log collector.
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # WeasyPrint logs each step of every PDF it draws at INFO; its warnings (a resource refused,
        # a CSS rule it ignores) still show.
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# --- Operations: error reports, request log, backups (extranet/observability.py, backups.py) --------
# Errors go to a Sentry-compatible service only when SENTRY_DSN is set; no personal data is sent.
SENTRY_DSN = env_str("SENTRY_DSN", "").strip()
if SENTRY_DSN:
    from extranet.observability import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        release=env_str("SENTRY_RELEASE", "").strip() or None,
    )
# A request slower than this (milliseconds) is logged at WARNING with its view name.
EXTRANET_SLOW_REQUEST_MS = env_int("EXTRANET_SLOW_REQUEST_MS", 1000)
# `manage.py backup` writes its dated folders here and keeps the newest of this many days.
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(BASE_DIR / "backups")))
BACKUP_KEEP_DAILY = env_int("BACKUP_KEEP_DAILY", 7)

# --- The extranet ---------------------------------------------------------------------------------
# Demo accounts are refused when DEBUG is off (see `manage.py load_demo`).
EXTRANET_NAME = "Extranet France Services 82"
# The refresh reminder is not sent again to the same person for the same record within this many days.
ANNUAIRE_REMINDER_INTERVAL_DAYS = env_int("ANNUAIRE_REMINDER_INTERVAL_DAYS", 30)
# Home visits: days after the visit (or the cancellation) before the person's name, phone and address
# are erased by `manage.py erase_home_visits`.
HOME_VISIT_RETENTION_DAYS = env_int("HOME_VISIT_RETENTION_DAYS", 30)

# --- Forum (django-machina) -----------------------------------------------------------------------
# machina reads these once, at import: override_settings in tests does not change them.
MACHINA_FORUM_NAME = "Forum"
MACHINA_BASE_TEMPLATE_NAME = "base.html"
# Markdown (markdown2, safe mode) then the nh3 sanitiser; see forum/markup.py.
MACHINA_MARKUP_LANGUAGE = ("forum.markup.render_post", {})
# A plain textarea: machina's Markdown editor needs jQuery and inline scripts, which our CSP refuses.
MACHINA_MARKUP_WIDGET = None
MACHINA_USER_DISPLAY_NAME_METHOD = "__str__"
MACHINA_TOPIC_ANSWER_SUBJECT_PREFIX = "Re :"
MACHINA_PROFILE_AVATARS_ENABLED = False
# Answer delay promised by the convention France Services (art. 4.2; docs/decisions.md), in working hours.
FORUM_ANSWER_DELAY_HOURS = env_int("FORUM_ANSWER_DELAY_HOURS", 72)
