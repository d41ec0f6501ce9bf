"""Settings shared by every environment. Values that differ come from the environment (`env`).

Outside production, `local.py` and `test.py` first let a developer's `.env` fill in what the
environment leaves out (`dotenv.py`); production reads the environment only."""

from datetime import timedelta
from pathlib import Path

import environ
from csp import constants as csp_constants

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Files the product writes beside its code unless told otherwise: the embedded database and
# broker, beat's schedule, uploads (DJANGO_MEDIA_ROOT).
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# SECRET_KEY: set per environment (local has a demo key, production requires one).
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "config.apps.StaticFilesConfig",  # django.contrib.staticfiles, see config/apps.py
    "django.forms",  # Django's own form templates, for FORM_RENDERER below
    "django_filters",
    # Login throttling (before beleid, whose admin takes over axes's lock list).
    "axes",
    "csp",
    "viewflow",
    "viewflow.workflow",
    "beleid",
    "workflows",
    "insurance",
    "kennisdeling",
    # The helicopter view: the homes and the office's overview, above the flows.
    "overview",
    # The auditors' PDF reports, above the overview (its selectors make the city report).
    "reports",
    # Above all apps: the demo city (`seed_demo`) asks each app to seed its own part.
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.DutchByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A body over REQUEST_MAX_BODY_MB answers 413 before anything reads it (CSRF reads it).
    "config.middleware.RequestBodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # no-store on every answer to a signed-in user; Permissions-Policy.
    "config.middleware.PrivatePagesMiddleware",
    # Content-Security-Policy of HTML pages (CONTENT_SECURITY_POLICY below).
    "config.middleware.PageContentSecurityPolicyMiddleware",
    # Every page needs a login, except those marked login_not_required (login, password reset).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "viewflow.middleware.SiteMiddleware",
    # Another department's process or task URL answers 404 (after viewflow's 403 for the app).
    "workflows.middleware.ProcessVisibilityMiddleware",
    "viewflow.middleware.HotwireTurboMiddleware",
    # Last: turns a locked-out login into the login page with its message (AXES_ below).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Forms render through the project's templates: templates/django/forms/ gives `{{ form }}`
# and `form.as_p` the Material look of viewflow's own forms.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.office",
            ],
        },
    },
]


def database_options(database: dict) -> dict:
    """The connection options of the product's database, per engine."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # The embedded default is shared by the web app, the worker and beat: wait for locks,
        # take the write lock at the start of a transaction, and let readers go on (WAL).
        database["OPTIONS"] = {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    elif database["ENGINE"] == "django.db.backends.postgresql":
        # No JIT compilation: the product's queries are short, and PostgreSQL compiled the
        # register's counts for every request (30-50 ms of a 60-90 ms query; bench/RESULTS.md).
        database.setdefault("OPTIONS", {})["options"] = "-c jit=off"
    return database


DATABASES = {
    "default": database_options(
        env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
    ),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# axes first: it refuses a locked-out user or address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/accounts/login/"

# --- Login throttling (django-axes) and password-reset requests ---------------------------
# After LOGIN_FAILURE_LIMIT failed logins for one user name (from any address), or from one
# address (for any user name), that user name or address is locked for LOGIN_LOCKOUT_MINUTES,
# counted from the failure that locked it; also the right password is refused meanwhile.
# The office sees and lifts locks in the admin (Axes > Access attempts); both are audited.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "config.login_throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "config.login_throttling.client_address"
AXES_USERNAME_CALLABLE = "config.login_throttling.attempted_username"
AXES_SENSITIVE_PARAMETERS = ["password", "csrfmiddlewaretoken"]
AXES_VERBOSE = False  # no "AXES: BEGIN" line at every start of a process
# The address of a request: REMOTE_ADDR, or behind the proxy (production) the address the
# proxy saw, the last one it added to X-Forwarded-For.
BEHIND_PROXY = False
# Password-reset requests: at most this many per hour from one address, and per e-mail address.
PASSWORD_RESET_LIMIT_PER_HOUR = env.int("PASSWORD_RESET_LIMIT_PER_HOUR", default=5)

# --- Sessions: a working day, and never past closing the browser ----------------------------
SESSION_COOKIE_AGE = env.int("SESSION_HOURS", default=10) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Everyone lands on their own home (overview/home_views.py).
LOGIN_REDIRECT_URL = "overview:index"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Dutch (Belgium) by default, English available.
LANGUAGE_CODE = "nl-be"
# Each language is named in its own language, whatever the current one.
LANGUAGES = [("nl-be", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date format and one date-time format everywhere ("27 november 2026", "27 november 2026
# om 14:05"): config/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Brussels"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="vrijwilligerspunt@stad.gent")

# Celery: Redis in production; a broker that needs no server (SQLite through kombu's
# SQLAlchemy transport) as the embedded default.
CELERY_BROKER_URL = env(
    "CELERY_BROKER_URL", default=f"sqla+sqlite:///{VAR_DIR / 'celery-broker.sqlite3'}"
)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged when it is done, one at a time, and handed back to the broker when
# its worker dies (every task is idempotent: a second delivery does nothing twice).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Seconds: the soft limit raises SoftTimeLimitExceeded in the task (which then fails and logs
# it); the hard limit kills the worker process a minute later. The longest task, importing a
# register file of 35,000 rows, takes well under a minute (bench/RESULTS.md).
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int(
    "CELERY_TASK_TIME_LIMIT", default=CELERY_TASK_SOFT_TIME_LIMIT + 60
)
# A worker process that has grown past this (KiB) after a task is replaced by a fresh one;
# WORKER_MAX_MEMORY_MB caps each process's address space, so that a task that asks for more
# gets MemoryError (caught: its work fails with a message) instead of the kernel's OOM killer
# (config/celery.py; prefork pool only).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD",
                                             default=512 * 1024)
WORKER_MAX_MEMORY_MB = env.int("WORKER_MAX_MEMORY_MB", default=2048)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The worker and beat log through LOGGING below (config/celery.py), not Celery's own handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = env(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(VAR_DIR / "celerybeat-schedule")
)
CELERY_BEAT_SCHEDULE = {
    # viewflow timers (.OnTimeout) of the step plan.
    "fire-due-timers": {
        "task": "workflows.tasks.fire_due_timers",
        "schedule": timedelta(minutes=1),
    },
    # Anonymise personal data of volunteers whose engagements ended long ago.
    "anonymise-ended-volunteers": {
        "task": "insurance.tasks.anonymise_ended_volunteers",
        "schedule": timedelta(days=1),
    },
    # Uploaded import files hold personal data: drop those never confirmed.
    "discard-stale-uploads": {
        "task": "insurance.tasks.discard_stale_uploads",
        "schedule": timedelta(hours=1),
    },
}

# Every imported list (the volunteer register, attendance lists) is read within these bounds
# (beleid/spreadsheets.py): lines with content, columns with a value, seconds of reading, and
# an XLSX's size unpacked. 40,000 lines hold the whole register of a city ten times Ghent.
SPREADSHEET_MAX_ROWS = env.int("SPREADSHEET_MAX_ROWS", default=40_000)
SPREADSHEET_MAX_COLUMNS = env.int("SPREADSHEET_MAX_COLUMNS", default=50)
SPREADSHEET_MAX_SECONDS = env.int("SPREADSHEET_MAX_SECONDS", default=60)
SPREADSHEET_MAX_UNPACKED_MB = env.int("SPREADSHEET_MAX_UNPACKED_MB", default=100)

# issue 9: pdf. Seconds a document (a PDF: certificate, report) may take to render in the
# worker before it fails with a message (beleid.tasks.render_document); the hard limit is 30 s
# later.
DOCUMENT_RENDER_SECONDS = env.int("DOCUMENT_RENDER_SECONDS", default=120)
# issue 11: a PKCS#12 file (path) and its passphrase: when set, every PDF carries a PAdES
# signature (beleid.pdf.sign_pdf); unset (no default), PDFs are not signed and the
# verification page is the proof.
PDF_SIGNING_PKCS12 = env("PDF_SIGNING_PKCS12", default="")
PDF_SIGNING_PASSPHRASE = env("PDF_SIGNING_PASSPHRASE", default="")
# The largest PDF the verification page takes (within REQUEST_MAX_BODY_MB).
DOCUMENT_VERIFY_MAX_MB = env.int("DOCUMENT_VERIFY_MAX_MB", default=45)

# issue 10: the city-wide register figures of the office's overview and home are kept in the
# cache until the next audit event, and at most this long (beleid/figures_cache.py).
FIGURES_CACHE_SECONDS = env.int("FIGURES_CACHE_SECONDS", default=60)

# Evidence uploads (step-plan checklists).
EVIDENCE_MAX_UPLOAD_MB = env.int("EVIDENCE_MAX_UPLOAD_MB", default=20)
# A request body over this size is refused (413) before it is read (config/middleware.py):
# room for a checklist page with a few files. The proxy's limit must be the same (README).
REQUEST_MAX_BODY_MB = env.int("REQUEST_MAX_BODY_MB", default=50)
# Form fields other than files (2.5 MB, Django's default) and the size up to which an
# uploaded file is kept in memory rather than in a temporary file.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The national register number (INSZ) is stored only when the insurer requires it.
INSURER_REQUIRES_NATIONAL_NUMBER = env.bool("INSURER_REQUIRES_NATIONAL_NUMBER", default=False)
# Personal data of ended engagements are anonymised after this many years.
ANONYMISE_AFTER_YEARS = env.int("ANONYMISE_AFTER_YEARS", default=2)

# --- Headers ---------------------------------------------------------------------------------
# Content-Security-Policy of every page (django-csp). viewflow's frontend runs under it: its
# scripts are files ('self'; the site's own behaviour is static/js/site.js, no inline script
# or event handler); the one inline style element, Turbo's progress bar, carries the request's
# nonce (templates/viewflow/base.html); style attributes, which viewflow's templates and
# Material components use throughout, are allowed (style-src-attr: no script runs from them);
# fonts and images are the site's own (and images as data: URIs, from the stylesheets).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", csp_constants.NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# `seed_demo` creates fictional data; only local and test settings allow it.
DEMO_DATA_ALLOWED = False

# The files of the framework shipped with the product.
FRAMEWORK_DIR = BASE_DIR / "beleid" / "framework"

# One format for the web app, the worker and beat: time, level, logger, message.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # axes logs every failed login at INFO; its warnings (a new failure, a lock) are enough.
    "loggers": {
        "axes": {"level": "WARNING"},
        # issue 9: pdf. WeasyPrint tells every step of every PDF at INFO; its warnings (a
        # resource refused by beleid.pdf's fetcher, a font missing) are enough.
        "weasyprint": {"level": "WARNING"},
    },
}
