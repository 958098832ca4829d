"""Settings for the ward election office.

Every value that differs between machines comes from the environment (see .env.example).
Defaults are safe for a newcomer's machine: a SQLite file, debug off unless asked.
"""

import datetime
import os
import warnings
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)


def _local_secret_key() -> str:
    """A random key kept in a git-ignored file, for machines that set none in the environment."""
    path = BASE_DIR / ".secret_key"
    if not path.exists():
        from django.core.management.utils import get_random_secret_key

        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or _local_secret_key()
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "audit",
    "verification",
    "papers",
    "backup",
    "notices",
    "residents",
    "elections",
    "elections.candidates",
    "elections.termreports",
    "elections.conference",
    "elections.count",
    "reports",
    "publicview",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.access",
                "notices.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# No ATOMIC_REQUESTS: a request holds no transaction (and, on SQLite, no write lock) while it reads or renders
# a PDF. Every write runs in its service's own `transaction.atomic()` block.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Busy timeout: a writer waits up to this many seconds for another's write to end instead of failing.
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
            # Transactions (only the services' write blocks open one) take the write lock when they begin, so two
            # writers queue on the busy timeout instead of deadlocking on a read-to-write upgrade.
            "transaction_mode": "IMMEDIATE",
            # WAL: readers never block the writer nor the writer the readers.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
else:
    # Several app servers and workers on one PostgreSQL, possibly through PgBouncer in transaction mode.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DJANGO_DISABLE_SERVER_SIDE_CURSORS", default=True)
# Persistent connections on every database: a request (a check-in at the door) does not pay for a new connection
# (and, on SQLite, its PRAGMAs); the health check replaces one the server or PgBouncer closed meanwhile.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes, accounts/throttle.py): the site's and the Django admin's logins alike.
# A lockout is keyed on the account AND the client address; it lasts LOGIN_THROTTLE_SECONDS.
LOGIN_THROTTLE_ATTEMPTS = env.int("LOGIN_THROTTLE_ATTEMPTS", default=5)
LOGIN_THROTTLE_SECONDS = env.int("LOGIN_THROTTLE_SECONDS", default=15 * 60)
# Behind the reverse proxy: how many trusted proxies append the client's address to which header.
LOGIN_TRUSTED_PROXIES = env.int(
    "DJANGO_TRUSTED_PROXY_COUNT", default=1 if env.bool("DJANGO_BEHIND_PROXY", default=False) else 0
)
LOGIN_CLIENT_IP_HEADER = env.str("DJANGO_CLIENT_IP_HEADER", default="X-Forwarded-For")
INSTALLED_APPS.append("axes")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last, as django-axes asks
AUTHENTICATION_BACKENDS = ["axes.backends.AxesBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = LOGIN_THROTTLE_ATTEMPTS
AXES_COOLOFF_TIME = datetime.timedelta(seconds=LOGIN_THROTTLE_SECONDS)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_address"
AXES_USERNAME_CALLABLE = "accounts.throttle.username_of"
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Production: `collectstatic` writes compressed (gzip, brotli), content-hashed files that whitenoise serves with
# far-future cache headers. With DEBUG on, the files are served straight from the apps, as they change.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Before the first collectstatic there is no STATIC_ROOT yet; that is not a problem for DEBUG.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "DJANGO_STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
# Uploaded rolls and scans are read in memory up to this size; larger is refused by the forms.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MAX_ATTACHMENT_BYTES = env.int("MAX_ATTACHMENT_BYTES", default=5 * 1024 * 1024)

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Sessions live in the database every app server shares, so a login made on one server works on the others.
# The background worker (`manage.py worker`) writes a sign of life this often; a worker (and the print job it
# runs) silent for WORKER_STALE_SECONDS is taken for dead: the job is taken up again by another worker.
WORKER_HEARTBEAT_SECONDS = env.int("WORKER_HEARTBEAT_SECONDS", default=5)
WORKER_STALE_SECONDS = env.int("WORKER_STALE_SECONDS", default=30)
# Batch printing renders groups in this many processes at once (papers/parallel.py); default: the machine's cores.
PAPERS_RENDER_PROCESSES = env.int("PAPERS_RENDER_PROCESSES", default=os.cpu_count() or 1)
# Papers are laid out once for what they print and kept here (papers/cache.py), the least recently used removed
# past the bound; 0 turns the cache off.
PAPERS_CACHE_DIR = env.str("PAPERS_CACHE_DIR", default="")  # empty: MEDIA_ROOT/paper_cache
PAPERS_CACHE_MAX_BYTES = env.int("PAPERS_CACHE_MAX_BYTES", default=512 * 1024 * 1024)
# The worker lays out into that cache, in advance, the long papers of a group: its voter list and sign-in sheet
# when its lists are posted, its invitations whenever what they print is set or changes.
PAPERS_LAY_OUT_IN_ADVANCE = env.bool("PAPERS_LAY_OUT_IN_ADVANCE", default=True)
# /healthz fails when the disk holding MEDIA_ROOT has less room than this.
HEALTH_MIN_FREE_BYTES = env.int("HEALTH_MIN_FREE_BYTES", default=500 * 1024 * 1024)

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Secure by default with DEBUG off: HTTPS only, HSTS, secure cookies. Each can be turned off explicitly, e.g. by
# `make run`, which serves the demo over plain HTTP on 127.0.0.1 (see the Makefile).
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS > 0)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("DJANGO_BEHIND_PROXY", default=False) else None
)
# The load balancer's health probe comes over plain HTTP from inside: it is not redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SILENCED_SYSTEM_CHECKS = env.list("DJANGO_SILENCED_SYSTEM_CHECKS", default=[])

# Logs go to standard error (gunicorn, supervisord and systemd's journal collect them). The product's own apps
# log what they do at INFO (roll imports, seals, corrigenda, decisions, print jobs); libraries only warnings.
PRODUCT_APPS = [
    "accounts", "audit", "backup", "config", "elections", "notices", "papers", "publicview", "reports",
    "residents", "verification",
]  # fmt: skip
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LIBRARY_LOG_LEVEL", default="WARNING")},
    "loggers": {
        app: {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO"), "propagate": False}
        for app in PRODUCT_APPS
    },
}

# Public pages (publicview/): the absolute address printed in the papers' QR codes, the per-address limit
# (requests a minute) and cache lifetime of the public results, and how long a hall-screen link works.
PUBLIC_BASE_URL = env.str("DJANGO_PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
PUBLIC_RATE_LIMIT = env.int("PUBLIC_RATE_LIMIT", default=60)
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=30)
HALL_SCREEN_HOURS = env.int("HALL_SCREEN_HOURS", default=12)

# Dates as Vietnamese officials write them, in every language.
FORMAT_MODULE_PATH = ["config.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
