"""Django settings for Dangan. Every secret and deployment choice comes from the environment.

Environment variables (all optional in the embedded demo, see docs/deployment.md):
  DANGAN_PRODUCTION=1          hardened settings; requires DANGAN_SECRET_KEY and DANGAN_FIELD_KEY
  DANGAN_SECRET_KEY            Django secret key
  DANGAN_FIELD_KEY             key for encrypted fields (ID numbers); Fernet key or any passphrase
  DANGAN_DATABASE_URL          e.g. postgresql://user@127.0.0.1:5432/dangan; default SQLite in DANGAN_DATA_DIR
  DANGAN_DATA_DIR              where the SQLite file and uploads live (default ./var)
  DANGAN_DEBUG=1               Django debug pages (never in production)
  DANGAN_ALLOWED_HOSTS         comma-separated host names
  DANGAN_CELERY_BROKER_URL     e.g. redis://127.0.0.1:6379/0; without it tasks run in-process
  DANGAN_EMAIL_HOST / _PORT / _USER / _PASSWORD / _FROM   e-mail notifications when set
  DANGAN_LOCKOUT_THRESHOLD / DANGAN_LOCKOUT_MINUTES / DANGAN_SESSION_MINUTES
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


PRODUCTION = env_bool("DANGAN_PRODUCTION")
TESTING = "pytest" in sys.modules or env_bool("DANGAN_TESTING")
DEBUG = env_bool("DANGAN_DEBUG") and not PRODUCTION

DATA_DIR = Path(env("DANGAN_DATA_DIR") or BASE_DIR / "var")

SECRET_KEY = env("DANGAN_SECRET_KEY") or ""
FIELD_KEY = env("DANGAN_FIELD_KEY") or ""
if PRODUCTION:
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("DANGAN_SECRET_KEY must be set (at least 50 characters) in production")
    if not FIELD_KEY:
        raise ImproperlyConfigured("DANGAN_FIELD_KEY must be set in production")
else:
    # Outside production a fixed, clearly-insecure key keeps the embedded demo and tests working.
    SECRET_KEY = SECRET_KEY or "insecure-dangan-development-key-" + "x" * 40
    FIELD_KEY = FIELD_KEY or "insecure-dangan-development-field-key"

ALLOWED_HOSTS = [h.strip() for h in (env("DANGAN_ALLOWED_HOSTS") or "").split(",") if h.strip()]
if not ALLOWED_HOSTS and not PRODUCTION:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "dangan.core",
    "dangan.accounts",
    "dangan.ledger",
    "dangan.providers",
    "dangan.projects",
    "dangan.custody",
    "dangan.production",
    "dangan.supervision",
    "dangan.ocr",
    "dangan.acceptance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dangan.core.middleware.AuditContextMiddleware",
]

ROOT_URLCONF = "dangan.urls"
WSGI_APPLICATION = "dangan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dangan.core.context_processors.navigation",
                "dangan.supervision.context_processors.notifications",
            ],
        },
    },
]

DATABASE_URL = env("DANGAN_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'dangan.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so ledger appends never fork the chain.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["dangan.accounts.auth.LockoutModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests that create many users use a fast hasher, one test checks Argon2.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {
        "NAME": "dangan.accounts.validators.ComplexityValidator",
        "OPTIONS": {"min_length": 10, "min_classes": 3},
    },
]

LOCKOUT_THRESHOLD = env_int("DANGAN_LOCKOUT_THRESHOLD", 5)
LOCKOUT_MINUTES = env_int("DANGAN_LOCKOUT_MINUTES", 15)

SESSION_COOKIE_AGE = env_int("DANGAN_SESSION_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True  # idle timeout: each request extends the session
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag; keep default

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Dangan 档案业务外包全过程监管平台 API",
    "DESCRIPTION": "所有端点按用户所属单位、角色和辖区过滤 / every endpoint is scoped by organization, role and jurisdiction.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"RoleCodeEnum": "dangan.accounts.roles.ROLE_CHOICES"},
}

CELERY_BROKER_URL = env("DANGAN_CELERY_BROKER_URL") or None
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
# Without a broker: "thread" runs jobs beside the web request (live progress), "eager" inside it.
INPROCESS_JOBS = env("DANGAN_INPROCESS_JOBS") or ("eager" if TESTING else "thread")
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_BACKEND = None
# Daily duties for `celery -A dangan beat` (or `dangan worker --beat`): deadlines, reminders, escalation,
# and originals kept past their return date. Each is idempotent, so running it twice does no harm.
CELERY_BEAT_SCHEDULE = {
    "supervision-deadlines": {"task": "dangan.supervision.check_deadlines", "schedule": 3600.0},
    "custody-overdue": {"task": "dangan.custody.raise_overdue_incidents", "schedule": 3600.0},
}

EMAIL_HOST = env("DANGAN_EMAIL_HOST") or ""
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("DANGAN_EMAIL_PORT", 25)
    EMAIL_HOST_USER = env("DANGAN_EMAIL_USER") or ""
    EMAIL_HOST_PASSWORD = env("DANGAN_EMAIL_PASSWORD") or ""
    EMAIL_USE_TLS = env_bool("DANGAN_EMAIL_TLS")
else:
    EMAIL_BACKEND = (
        "django.core.mail.backends.locmem.EmailBackend"
        if TESTING
        else ("django.core.mail.backends.console.EmailBackend")
    )
DEFAULT_FROM_EMAIL = env("DANGAN_EMAIL_FROM") or "dangan@localhost"

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DANGAN_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DANGAN_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
CSRF_TRUSTED_ORIGINS = [o.strip() for o in (env("DANGAN_CSRF_TRUSTED_ORIGINS") or "").split(",") if o.strip()]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
