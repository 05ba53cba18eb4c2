"""Thaogo settings: one module, every knob read from the environment (see README)."""

from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from thaogo.lib import release
from thaogo.lib.env import env_bool, env_date, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("THAOGO_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "insecure-development-key-only-for-debug"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "thaogo.core.apps.AdminConfig",  # django.contrib.admin, with Thaogo's admin site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "thaogo.core.apps.AxesConfig",  # django-axes, named in Vietnamese
    "csp",
    "thaogo.core",
    "thaogo.accounts",
    "thaogo.units",
    "thaogo.documents",
    "thaogo.tasks",
    "thaogo.notifications",
    "thaogo.reporting",
    "thaogo.reorganisation",
    "thaogo.direction",
    "thaogo.monitoring",
    "thaogo.exports",
    "thaogo.evaluation",
    "thaogo.portal",
    "thaogo.registry",
    "thaogo.demo",
    "thaogo.ops",
    "thaogo.api",
    "ninja",  # after thaogo.api, whose templates come first; its bundled Swagger UI
    "thaogo.scale",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "thaogo.accounts.security.denied_access_log_middleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside every middleware below that can answer on its own, so their pages get it too.
    "thaogo.core.middleware.private_cache_middleware",
    # The JSON API's refusals that Django answers itself (404, 405) are JSON too.
    "thaogo.api.middleware.json_errors_middleware",
    # Before the session (it drops a cookie with a NUL) and anything that reads input.
    "thaogo.core.middleware.reject_nul_middleware",
    "thaogo.core.middleware.invalid_form_status_middleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thaogo.core.middleware.cookie_language_middleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which requests may read from the read replica, when there is one.
    "thaogo.core.replica.replica_middleware",
    # The reporting kinds, read once per request (period labels ask them).
    "thaogo.reporting.kinds.kind_book_middleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thaogo.urls"
WSGI_APPLICATION = "thaogo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "thaogo" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "thaogo.core.context_processors.navigation",
                "thaogo.notifications.context_processors.unread",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'thaogo.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # IMMEDIATE transactions and a busy timeout make concurrent writers queue
    # instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# Optionally a PostgreSQL read replica, for the public portal's anonymous visitors only
# (see thaogo/core/replica.py); everything else reads and writes the primary.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]
    )
    if DATABASES["replica"]["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must be the same kind of database as DATABASE_URL"
        )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["thaogo.core.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Several app servers behind a load balancer share all state through PostgreSQL, the cache
# and the file storage, never through a process's memory or a server's disk (see the README,
# "Several app servers"). Logins are sessions in the database: one query per request, kept
# whatever happens to the cache, and the same on every server. django-axes keeps failed
# logins and lockouts in the database too, so a lockout holds on every server.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

# The cache: Redis, shared by every server, when CACHE_URL (or REDIS_URL) is set; otherwise
# each process's own memory, which is right for a single server only.
CACHE_URL = env_str("CACHE_URL") or env_str("REDIS_URL")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            "CACHE_URL must be a Redis address (redis://host:6379/0, rediss://... or "
            f"unix://...), not {CACHE_URL!r}"
        )
    if find_spec("redis") is None:
        raise ImproperlyConfigured(
            "CACHE_URL needs the redis package: pip install 'thaogo[production]'"
        )
    # Read only here: a process's own memory starts empty with each release anyway.
    running_release = env_str("THAOGO_RELEASE") or release.fingerprint()
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            # Several installations (or a test) may share one Redis server, and servers
            # on two releases share it during a rolling deploy: each keeps its own.
            "KEY_PREFIX": f"{env_str('CACHE_KEY_PREFIX', 'thaogo')}:{running_release}",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes checks every login against the lockout first; Django's backend then checks
# the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "thaogo.accounts.backends.UserBackend",
]
# After AXES_FAILURE_LIMIT wrong passwords for one user name from one address, that pair
# is locked out for AXES_COOLOFF_MINUTES; every further try restarts the wait.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "thaogo.accounts.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "thaogo.accounts.security.client_ip"
AXES_VERBOSE = False  # no banner at every start; thaogo.security logs each attempt

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "thaogo" / "locale"]
FORMAT_MODULE_PATH = ["thaogo.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "thaogo" / "static"]
# Uploaded files are private: they are served only through permission-checked views.
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = ""  # no public URL: files go out through permission-checked views
# Uploaded files: on this server's disk (under MEDIA_ROOT), or, when several app servers
# run behind a load balancer, in an S3-compatible bucket (AWS S3, MinIO, Ceph, a cloud
# provider's object storage) through django-storages. Either way the files stay private:
# the views read them through the storage and serve them to allowed users only, and no
# public or signed address of the bucket is ever given out.
THAOGO_FILE_STORAGE = env_str("THAOGO_FILE_STORAGE", "local").strip().lower() or "local"
if THAOGO_FILE_STORAGE == "local":
    DEFAULT_STORAGE: dict = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif THAOGO_FILE_STORAGE == "s3":
    if find_spec("storages") is None or find_spec("boto3") is None:
        raise ImproperlyConfigured(
            "THAOGO_FILE_STORAGE=s3 needs django-storages and boto3: pip install 'thaogo[s3]'"
        )
    if not env_str("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("THAOGO_FILE_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            # Empty: AWS itself; otherwise e.g. https://minio.example.vn:9000
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            # Empty: boto3 finds credentials itself (instance role, ~/.aws, ...).
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            "location": env_str("AWS_LOCATION", "").strip("/"),
            "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE") or None,
            # As on disk: a new file never replaces another of the same name.
            "file_overwrite": False,
            # Objects get the bucket's default ACL, which must be private.
            "default_acl": None,
        },
    }
else:
    raise ImproperlyConfigured(
        f"THAOGO_FILE_STORAGE must be local or s3, not {THAOGO_FILE_STORAGE!r}"
    )
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
THAOGO_MAX_UPLOAD_BYTES = env_int("THAOGO_MAX_UPLOAD_MB", 20, minimum=1) * 1024 * 1024
# An Excel import with more rows than this is refused whole (split the file).
THAOGO_IMPORT_MAX_ROWS = env_int("THAOGO_IMPORT_MAX_ROWS", 5000, minimum=1)
# A picture is refused, before it is decoded, when its pixels (all frames of an animation
# together) exceed this: a 50-megapixel photo decodes to 150-200 MB of memory.
THAOGO_MAX_IMAGE_PIXELS = env_int("THAOGO_MAX_IMAGE_PIXELS", 50_000_000, minimum=1)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "thaogo@localhost")
# A slow mail server must not hold a request: give up after this many seconds (the notice
# stays unsent and `thaogo remind` tries again).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
# Links in e-mails point here.
THAOGO_BASE_URL = env_str("THAOGO_BASE_URL", "http://127.0.0.1:8000")

# The public portal: its name in the header (e.g. "Quận ủy Lê Chân"), the largest picture an
# editor may upload, and how long browsers and proxies may keep a public page.
THAOGO_PORTAL_NAME = env_str("THAOGO_PORTAL_NAME", "")
THAOGO_PORTAL_MAX_IMAGE_BYTES = env_int("THAOGO_PORTAL_MAX_IMAGE_MB", 10, minimum=1) * 1024 * 1024
THAOGO_PORTAL_CACHE_SECONDS = env_int("THAOGO_PORTAL_CACHE_SECONDS", 120, minimum=0)
# How long the server keeps a rendered public page for visitors (thaogo/portal/page_cache.py);
# a change to the content is shown at once whatever this says. 0: no server-side page cache.
THAOGO_PORTAL_PAGE_CACHE_SECONDS = env_int("THAOGO_PORTAL_PAGE_CACHE_SECONDS", 600, minimum=0)

# A task still in progress with this many days or fewer left counts as "near due".
THAOGO_NEAR_DUE_DAYS = env_int("THAOGO_NEAR_DUE_DAYS", 3, minimum=0)
# A task with no accepted report and no new measured value for this many days is stalled.
THAOGO_STALLED_DAYS = env_int("THAOGO_STALLED_DAYS", 60, minimum=1)
THAOGO_PAGE_SIZE = env_int("THAOGO_PAGE_SIZE", 20, minimum=5)
# The JSON API: how many calls one token (or one login) may make a minute before a 429.
THAOGO_API_RATE_PER_MINUTE = env_int("THAOGO_API_RATE_PER_MINUTE", 120, minimum=1)
# The demo only: the business date is fixed to this day (its scenario's date), and every page
# says so. Never set in production: deadlines, timing and reminders would stop moving.
THAOGO_TODAY = env_date("THAOGO_TODAY")

# Word documents: a folder holding an administrator's own party.docx or state.docx, used
# instead of the shipped templates (see thaogo/exports/docx.py), and the place written before
# the date ("Lê Chân, ngày ..."), when it is not the issuing unit's name without its kind.
THAOGO_DOCX_TEMPLATE_DIR = env_str("THAOGO_DOCX_TEMPLATE_DIR", "")
THAOGO_DOCUMENT_PLACE = env_str("THAOGO_DOCUMENT_PLACE", "")

SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY", False) else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Browsers that saw the site over HTTPS refuse plain HTTP to it for this long.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# A login ends when the browser closes, and at the latest SESSION_AGE_MINUTES after it began.
# (An idle timeout would rewrite the session cookie on every page, public portal pages
# included, and a cached public page must never carry a cookie.)
SESSION_COOKIE_AGE = env_int("SESSION_AGE_MINUTES", 8 * 60, minimum=5) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Everything comes from this site; no inline script or style, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Logins, failed logins, lockouts and refused pages (thaogo/accounts/security.py),
        # one line each; django-axes' own lines would repeat them.
        "thaogo.security": {"level": "INFO"},
        "axes": {"level": "ERROR"},
    },
}
