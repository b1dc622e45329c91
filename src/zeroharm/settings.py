"""ZeroHarm settings: one module, every deployment knob read from the environment.

The README's configuration table documents each variable read here; the readers (zeroharm.config) raise
ImproperlyConfigured on malformed values instead of guessing.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from zeroharm.config import cache_from_url, choice, env_bool, env_int, env_list, env_str, media_storage

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("ZEROHARM_VAR_DIR", Path.cwd() / "var")).resolve()


def load_secret_key() -> str:
    """Use ZEROHARM_SECRET_KEY, or generate one on first run and keep it under var/ (never committed)."""
    key = env_str("ZEROHARM_SECRET_KEY")
    if key:
        return key
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = load_secret_key()
DEBUG = env_bool("ZEROHARM_DEBUG", False)
# Behind TLS (the production default) cookies are secure and HTTP is redirected; the local
# demo on http://127.0.0.1 turns this off explicitly.
HTTPS = env_bool("ZEROHARM_HTTPS", not DEBUG)
ALLOWED_HOSTS = env_list("ZEROHARM_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("ZEROHARM_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env_str("ZEROHARM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "drf_standardized_errors",
    "django_filters",
    "django_htmx",
    "django_tables2",
    "treebeard",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "zeroharm.core",
    "zeroharm.accounts",
    "zeroharm.org",
    "zeroharm.notifications",
    "zeroharm.dashboards",
    "zeroharm.risks",
    "zeroharm.actions",
    "zeroharm.inspections",
    "zeroharm.hazards",
    "zeroharm.incidents",
    "zeroharm.training",
    "zeroharm.teams",
    "zeroharm.responsibility",
    "zeroharm.rewards",
    "zeroharm.campaigns",
    "zeroharm.reports",
    "zeroharm.analytics",
    "zeroharm.demo",  # the `demo` command and its data; no models
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zeroharm.core.middleware.SignatureLogMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zeroharm.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zeroharm.urls"
WSGI_APPLICATION = "zeroharm.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

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
                "django.template.context_processors.i18n",
                "zeroharm.core.context_processors.navigation",
            ],
            # `unit.kind|kind_label` in any template: the organisation's filter, so core's library needs no org.
            "builtins": ["zeroharm.org.templatetags.zeroharm_org"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zeroharm.sqlite3'}"),
        conn_max_age=env_int("ZEROHARM_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the worker write while pages read; a busy timeout instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-64000;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif env_bool("ZEROHARM_DB_PREPARED", True):  # a statement run 5 times on a connection is planned once, not each time
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the user with their person and unit (their name in every page's header).
    "zeroharm.accounts.backends.UserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock a user name at one client address after repeated failures (the name stays
# open from other addresses, and other names from that address). The client address is REMOTE_ADDR, or behind
# reverse proxies the one they pass in ZEROHARM_CLIENT_IP_HEADER (core.client_ip; README, production deployment).
ZEROHARM_CLIENT_IP_HEADER = env_str("ZEROHARM_CLIENT_IP_HEADER", "")
ZEROHARM_TRUSTED_PROXIES = env_int("ZEROHARM_TRUSTED_PROXIES", 1)
if ZEROHARM_TRUSTED_PROXIES < 1:
    raise ImproperlyConfigured("ZEROHARM_TRUSTED_PROXIES must be 1 or more (the proxies in front of the app)")
AXES_CLIENT_IP_CALLABLE = "zeroharm.core.client_ip.client_ip"
AXES_FAILURE_LIMIT = env_int("ZEROHARM_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("ZEROHARM_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zeroharm.accounts.lockout.lockout_response"
AXES_VERBOSE = False

SESSION_COOKIE_AGE = env_int("ZEROHARM_SESSION_HOURS", 12) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("ZEROHARM_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("ZEROHARM_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("ZEROHARM_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: nothing may load from another origin (plants are often offline).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LANGUAGE_CODE = env_str("ZEROHARM_LANGUAGE", "en")
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["zeroharm.core.formats"]  # our corrections to Django's formats (zh_Hans thousands)
TIME_ZONE = env_str("ZEROHARM_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Front-end packages (ECharts) installed by scripts/setup.sh from package-lock.json; core.staticfinders serves the
# few files the pages load from there. Another folder for an installation that is not a checkout of the repository.
ZEROHARM_NODE_MODULES = Path(env_str("ZEROHARM_NODE_MODULES", str(BASE_DIR.parent.parent / "node_modules")))
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "zeroharm.core.staticfinders.VendorFinder",
]
# Uploads: this machine's disk (MEDIA_ROOT), or with several app servers an S3-compatible store they all share.
STORAGES = {
    "default": media_storage(
        env_str("ZEROHARM_MEDIA_STORAGE", "file"),
        bucket=env_str("ZEROHARM_S3_BUCKET"),
        endpoint=env_str("ZEROHARM_S3_ENDPOINT_URL"),
        region=env_str("ZEROHARM_S3_REGION"),
        access_key=env_str("ZEROHARM_S3_ACCESS_KEY"),
        secret_key=env_str("ZEROHARM_S3_SECRET_KEY"),
    ),
    "staticfiles": {
        "BACKEND": env_str("ZEROHARM_STATIC_STORAGE", "whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}
# Source maps are fetched only by a browser's developer tools: compressing the libraries' 13 MB of them (gzip and
# Brotli, at collectstatic) took half of its time and saves nothing a user waits for.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
MEDIA_ROOT = Path(env_str("ZEROHARM_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Hidden-danger deadlines (docs/standards/hidden-dangers.md#deadlines-and-escalation): remind the owner this many days
# before the deadline;
# escalate a second time (and list for the monthly safety meeting) this many days after it.
ZEROHARM_HAZARD_REMIND_DAYS = env_int("ZEROHARM_HAZARD_REMIND_DAYS", 3)
ZEROHARM_HAZARD_SECOND_ESCALATION_DAYS = env_int("ZEROHARM_HAZARD_SECOND_ESCALATION_DAYS", 10)
# Incidents: the local hour each shift starts (an incident's shift follows its time unless chosen).
ZEROHARM_SHIFT_STARTS = {
    "night": env_int("ZEROHARM_NIGHT_SHIFT_START", 0),
    "day": env_int("ZEROHARM_DAY_SHIFT_START", 8),
    "middle": env_int("ZEROHARM_MIDDLE_SHIFT_START", 16),
}
# Accident analysis: the default look-back, and the pyramid check's threshold
# (docs/standards/accident-pyramids.md#reporting-culture-check): a unit
# reporting fewer near misses and minor events than this per serious injury probably under-reports.
ZEROHARM_ANALYSIS_YEARS = env_int("ZEROHARM_ANALYSIS_YEARS", 2)
ZEROHARM_PYRAMID_MIN_RATIO = env_int("ZEROHARM_PYRAMID_MIN_RATIO", 10)
# Files the worker makes (core.filejobs): a report or a label sheet larger than these is made by the worker, with
# a progress bar, instead of inside the request; the finished files are kept this many days.
ZEROHARM_FILE_JOBS_KEEP_DAYS = env_int("ZEROHARM_FILE_JOBS_KEEP_DAYS", 7)
ZEROHARM_LABELS_AT_ONCE = env_int("ZEROHARM_LABELS_AT_ONCE", 100)
ZEROHARM_REPORT_AT_ONCE_INCIDENTS = env_int("ZEROHARM_REPORT_AT_ONCE_INCIDENTS", 2000)
# The analysis keeps monthly counts for the units this deep (1 the group, 2 its branches; 0 none): analytics.monthly.
ZEROHARM_ANALYSIS_KEPT_DEPTH = env_int("ZEROHARM_ANALYSIS_KEPT_DEPTH", 2)
# Imports (core.imports): the largest file accepted, and what it may hold, checked before its rows are read.
IMPORT_MAX_BYTES = env_int("ZEROHARM_IMPORT_MAX_MB", 10) * 1024 * 1024
# Uploaded images (photos, site plans): the most pixels accepted, read from the file's header before anything is
# decoded (core.uploads); Pillow's own decompression-bomb limit is set to it too. Pillow holds 4 bytes a pixel,
# so 40 megapixels keep one upload to about 160-220 MB in the worker (a 12000 × 12000 PNG took ~850 MB).
# Training (docs/standards/training.md#retraining): an absence this long or longer repeats the workshop and team levels.
ZEROHARM_TRAINING_ABSENCE_MONTHS = env_int("ZEROHARM_TRAINING_ABSENCE_MONTHS", 12)
ZEROHARM_IMAGE_MAX_MEGAPIXELS = env_int("ZEROHARM_IMAGE_MAX_MEGAPIXELS", 40)
if ZEROHARM_IMAGE_MAX_MEGAPIXELS < 1:
    raise ImproperlyConfigured("ZEROHARM_IMAGE_MAX_MEGAPIXELS must be at least 1")
IMPORT_MAX_UNPACKED_BYTES = env_int("ZEROHARM_IMPORT_MAX_UNPACKED_MB", 200) * 1024 * 1024  # an .xlsx is a zip
IMPORT_MAX_ROWS = env_int("ZEROHARM_IMPORT_MAX_ROWS", 100_000)
IMPORT_MAX_COLUMNS = env_int("ZEROHARM_IMPORT_MAX_COLUMNS", 200)
IMPORT_MAX_CELL_CHARS = env_int("ZEROHARM_IMPORT_MAX_CELL_CHARS", 10_000)

EMAIL_BACKEND = env_str("ZEROHARM_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("ZEROHARM_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("ZEROHARM_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("ZEROHARM_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("ZEROHARM_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("ZEROHARM_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("ZEROHARM_EMAIL_FROM", "zeroharm@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WEBHOOK_URL = env_str("ZEROHARM_WEBHOOK_URL")
# The receiver's shape (notifications.webhooks): generic JSON, or a WeCom / DingTalk group robot's markdown message.
WEBHOOK_FORMAT = choice(
    "ZEROHARM_WEBHOOK_FORMAT", env_str("ZEROHARM_WEBHOOK_FORMAT", "json"), ("json", "wecom", "dingtalk")
)
WEBHOOK_SECRET = env_str("ZEROHARM_WEBHOOK_SECRET")  # DingTalk's signing secret (加签, "SEC…")
# The PEM key and certificate that seal signed PDFs (core.pdf_signing; `zeroharm pdf_signing_key`); none in production:
# no PAdES seal and `check --deploy` warns; the demo and development make a self-signed pair on first use.
PDF_SIGNING_KEY = Path(env_str("ZEROHARM_PDF_SIGNING_KEY") or VAR_DIR / "pdf-signing" / "key.pem")
PDF_SIGNING_CERT = Path(env_str("ZEROHARM_PDF_SIGNING_CERT") or VAR_DIR / "pdf-signing" / "cert.pem")
PDF_SIGNING_KEY_PASSPHRASE = env_str("ZEROHARM_PDF_SIGNING_KEY_PASSPHRASE")
PDF_SIGNING_AUTO_KEY = env_bool("ZEROHARM_PDF_SIGNING_AUTO_KEY", DEBUG or not HTTPS)
WEBHOOK_TIMEOUT = env_int("ZEROHARM_WEBHOOK_TIMEOUT", 10)
DELIVERY_MAX_ATTEMPTS = env_int("ZEROHARM_DELIVERY_MAX_ATTEMPTS", 5)

# What the cache holds (the API's request counts, the unit-kind labels) must be shared by every app server and
# every gunicorn worker process: db:// or redis:// as soon as there is more than one process.
CACHES = {"default": cache_from_url(env_str("ZEROHARM_CACHE_URL", "locmem://"))}

TASKS = {
    "default": {
        "BACKEND": env_str("ZEROHARM_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes a missing or wrong credential a 401, not a 403.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["zeroharm.core.drf.ScopedPermission"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "zeroharm.core.drf.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "zeroharm.core.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ZeroHarm API",
    "DESCRIPTION": "Work-safety management: organisation, people, and every safety module.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CourseKindEnum": "zeroharm.training.choices.CourseKind",
        "UnitKindEnum": "zeroharm.org.choices.UnitKind",
        "ValidationErrorEnum": "drf_standardized_errors.openapi_serializers.ValidationErrorEnum.choices",
        "ClientErrorEnum": "drf_standardized_errors.openapi_serializers.ClientErrorEnum.choices",
        "ServerErrorEnum": "drf_standardized_errors.openapi_serializers.ServerErrorEnum.choices",
        "ErrorCode401Enum": "drf_standardized_errors.openapi_serializers.ErrorCode401Enum.choices",
        "ErrorCode403Enum": "drf_standardized_errors.openapi_serializers.ErrorCode403Enum.choices",
        "ErrorCode404Enum": "drf_standardized_errors.openapi_serializers.ErrorCode404Enum.choices",
        "ErrorCode405Enum": "drf_standardized_errors.openapi_serializers.ErrorCode405Enum.choices",
        "ErrorCode406Enum": "drf_standardized_errors.openapi_serializers.ErrorCode406Enum.choices",
        "ErrorCode415Enum": "drf_standardized_errors.openapi_serializers.ErrorCode415Enum.choices",
        "ErrorCode429Enum": "drf_standardized_errors.openapi_serializers.ErrorCode429Enum.choices",
        "ErrorCode500Enum": "drf_standardized_errors.openapi_serializers.ErrorCode500Enum.choices",
        "IncidentKindEnum": "zeroharm.incidents.choices.IncidentKind",
        "SessionStatusEnum": "zeroharm.training.choices.SessionStatus",
        "AttendanceStatusEnum": "zeroharm.training.choices.AttendanceStatus",
        "AttendanceMethodEnum": "zeroharm.training.choices.AttendanceMethod",
        "TrainerMarkEnum": "zeroharm.training.api_sessions.TRAINER_MARK_CHOICES",
        "SignInMethodEnum": "zeroharm.training.api_sessions.SIGN_IN_METHODS",
        "QuestionTypeEnum": "zeroharm.training.choices.QuestionType",
        "PaperStatusEnum": "zeroharm.training.choices.PaperStatus",
        "AccidentCategoryEnum": "zeroharm.incidents.choices.AccidentCategory",
        "ActionKindEnum": "zeroharm.actions.models.ActionKind",
        "HiddenDangerCategoryEnum": "zeroharm.hazards.models.Category",
        "BriefingStatusEnum": "zeroharm.teams.choices.BriefingStatus",
        "BriefingAttendanceStatusEnum": "zeroharm.teams.choices.SignInStatus",
        "BriefingSignInMethodEnum": "zeroharm.teams.choices.SignInMethod",
        "BriefingCodeMethodEnum": "zeroharm.teams.api.SIGN_IN_METHODS",
    },
    "POSTPROCESSING_HOOKS": ["drf_standardized_errors.openapi_hooks.postprocess_schema_enums"],
}
DRF_STANDARDIZED_ERRORS = {
    "ALLOWED_ERROR_STATUS_CODES": ["400", "401", "403", "404", "409", "415", "429"],
    "ERROR_SCHEMAS": {"409": "zeroharm.core.openapi.ConflictErrorResponseSerializer"},
}

# Inputs, selects and choice lists drawn in Python, as Django's templates draw them (issue 11, point 16).
FORM_RENDERER = "zeroharm.core.form_renderer.Renderer"
FILTERS_EMPTY_CHOICE_LABEL = _("Any")
DJANGO_TABLES2_TEMPLATE = "core/table.html"
DJANGO_TABLES2_PAGE_RANGE = 5
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ZEROHARM_LOG_LEVEL", "INFO")},
    # WeasyPrint tells each step of every PDF at INFO ("Step 5 - Creating layout"): noise in a server's log.
    "loggers": {"django.db.backends": {"level": "INFO"}, "weasyprint.progress": {"level": "WARNING"}},
}
