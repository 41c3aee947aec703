"""Settings for the klushuis portal: one module, driven by the environment.

Every setting a deployment changes is read from an environment variable that is documented
in `.env.example`. Without any, the portal runs for development: SQLite next to the code,
e-mail on the console, Celery tasks executed eagerly in-process. With `DJANGO_ENV=production`
the portal refuses to start when a secret, the host list or the debug switch is unsafe,
because a misconfigured production site is worse than one that does not start.
"""

import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is a convenience for development; production passes real variables.
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"DJANGO_ENV must be development, test or production, not {DJANGO_ENV!r}."
    )
PRODUCTION = DJANGO_ENV == "production"
TESTING = DJANGO_ENV == "test"

DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION and not TESTING)

_DEV_SECRET_KEY = "django-insecure-development-only-never-use-in-production"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=_DEV_SECRET_KEY)

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS",
    default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"],
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "klushuis.errors.csrf_failure"


def _production_problems() -> list[str]:
    problems = []
    # Mirrors Django's own security.W009 test, so that a weak key stops start-up instead of
    # only producing a warning in `check --deploy` that nobody reads.
    if (
        SECRET_KEY == _DEV_SECRET_KEY
        or SECRET_KEY.startswith("django-insecure")
        or len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
    ):
        problems.append(
            "DJANGO_SECRET_KEY is missing or weak: use at least 50 random characters, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
        )
    if DEBUG:
        problems.append("DJANGO_DEBUG is on: it shows settings and code to visitors.")
    if not ALLOWED_HOSTS:
        problems.append("DJANGO_ALLOWED_HOSTS is empty: list the host names the site serves.")
    return problems


if PRODUCTION and (problems := _production_problems()):
    raise ImproperlyConfigured("Refusing to start in production:\n- " + "\n- ".join(problems))

INSTALLED_APPS = [
    # The admin with the portal's own site class: it also requires the second factor.
    "klushuis.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "csp",
    # Second factor for staff (TOTP apps, recovery codes), login lockout, rate limits. Before
    # the portal's apps, whose admin modules unregister the device admins.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_ratelimit",
    # The project package itself is an app for project-wide commands (demo) and template tags.
    "klushuis.apps.KlushuisConfig",
    "klushuis.accounts",
    "klushuis.organisations",
    "klushuis.uploads",
    "klushuis.holiday_calendar",
    "klushuis.privacy",
    "klushuis.pagecache",
    "klushuis.outbox",
    "properties",
    "applications",
    "contracts",
    "aftercare",
    "reports",
    "klushuur",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body (see MAX_REQUEST_BYTES).
    "klushuis.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "klushuis.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sets request.user.is_verified(): whether this session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    # Login is required by default; public views are marked with @login_not_required and a
    # test walks every URL to keep that list honest.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends sessions that were idle or open too long (staff: 30 minutes, 12 hours).
    "klushuis.accounts.middleware.SessionLifetimeMiddleware",
    # Staff reach nothing but the second-factor pages until this session passed it.
    "klushuis.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Answers a locked-out login with the lockout page; last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "klushuis.urls"
WSGI_APPLICATION = "klushuis.wsgi.application"

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
                "klushuis.organisations.context_processors.branding",
                # Last: overrides the CSRF token while a page is rendered for the cache.
                "klushuis.pagecache.csrf_placeholder",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------------------
# SQLite is the embedded default so that a newcomer needs no server; production and CI use
# PostgreSQL through DATABASE_URL (postgres://user:pass@host:5432/name).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock at BEGIN, so that two requests writing at
    # once wait for each other instead of failing with "database is locked" half-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Server-side cursors cost three round trips (DECLARE, FETCH, CLOSE) for every small
    # choice list a form iterates, and break behind a transaction-pooling PgBouncer.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache and Celery --------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL and not TESTING:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "klushuis",
        }
    }
else:
    # Tests keep the cache per process so that one test's cached state cannot leak into
    # another; the broker itself is still exercised through REDIS_URL (see /healthz).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
# Without a broker there is no worker, so tasks run in the calling process. Tests run tasks
# eagerly too, unless a test starts a worker of its own.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL or TESTING
CELERY_TASK_EAGER_PROPAGATES = True
# Tasks are recorded in the outbox in the transaction of their change (klushuis.outbox). With a
# broker, `manage.py outbox_relay` hands them over, so no request waits for Redis; without one
# they are sent (run) at once after commit.
OUTBOX_SEND_AT_ONCE = env.bool("OUTBOX_SEND_AT_ONCE", default=CELERY_TASK_ALWAYS_EAGER)
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged only after it finished, and given back when its worker dies, so a
# killed worker never loses work. Tasks are idempotent for that reason.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/Amsterdam"
CELERY_BEAT_SCHEDULE = {
    # Klushuur: remind staff before a tenant may go to court over an unanswered change request.
    "remind-klushuur-changes": {
        "task": "klushuur.tasks.remind_changes",
        "schedule": 3600.0,
    },
    "render-pending-klushuur-addenda": {
        "task": "klushuur.tasks.render_pending_addenda",
        "schedule": 300.0,
    },
    "round-opening-alerts": {
        "task": "properties.tasks.send_round_opening_alerts",
        "schedule": 300.0,
    },
    # Deadlines are also applied whenever offers are read; this catches rounds nobody reads.
    "expire-offers": {
        "task": "applications.tasks.expire_offers",
        "schedule": 300.0,
    },
    # Contract versions whose rendering was lost (a worker died): recorded, so retried here.
    "render-pending-contracts": {
        "task": "contracts.tasks.render_pending_contracts",
        "schedule": 300.0,
    },
    # Archived letters whose rendering was lost, likewise.
    "render-pending-letters": {
        "task": "contracts.tasks.render_pending_letters",
        "schedule": 300.0,
    },
    # Files held for a refused form (klushuis/uploads/held.py) that nobody came back for.
    "sweep-held-uploads": {
        "task": "klushuis.uploads.tasks.sweep_held_uploads",
        "schedule": 3600.0,
    },
    # Retention (issue 17, docs/privacy.md): removes what is due, warns inactive accounts.
    "apply-retention": {
        "task": "klushuis.privacy.tasks.apply_retention",
        "schedule": 86400.0,
    },
    # Draw reports whose rendering was lost (a worker died): recorded, so retried here.
    "render-pending-lottery-reports": {
        "task": "applications.tasks.render_pending_lottery_reports",
        "schedule": 300.0,
    },
    # Aftercare: deemed acceptances, ended periods, then reminders and escalations (each mail
    # once; the pages apply the deadlines themselves when read).
    "aftercare-reminders": {
        "task": "aftercare.tasks.send_reminders",
        "schedule": 3600.0,
    },
}
# Public pages for anonymous visitors are cached (klushuis.pagecache) for at most this many
# seconds; any change to what they show ends them at once. 0 turns the cache off (the test
# suite's default: tests that are about it turn it on).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if TESTING else 300)
# How long a file uploaded in a refused form is kept for that form, in seconds.
HELD_UPLOAD_MAX_AGE = env.int("HELD_UPLOAD_MAX_AGE", default=24 * 3600)

# --- Authentication -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username and address before any password check.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the request's user with what the second factor asks.
    # (Renamed from ModelBackend: sessions made before log in again once.)
    "klushuis.accounts.backends.PortalBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "klushuis.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing is deliberately slow; tests create hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# How long an e-mail verification link stays valid.
ACCOUNT_VERIFICATION_MAX_AGE = env.int("ACCOUNT_VERIFICATION_MAX_AGE", default=3 * 24 * 3600)
PASSWORD_RESET_TIMEOUT = 24 * 3600

# Session lifetimes (docs/decisions/0006-session-lifetimes.md). Staff follow NIST SP 800-63B
# for a second factor (AAL2): 30 minutes idle, 12 hours at most. Buyers: 2 hours idle, 24 hours.
SESSION_STAFF_IDLE_SECONDS = 30 * 60
SESSION_STAFF_MAX_SECONDS = 12 * 3600
SESSION_BUYER_IDLE_SECONDS = 2 * 3600
SESSION_BUYER_MAX_SECONDS = 24 * 3600
# The cookie lives no longer than the longest session; the middleware ends sessions earlier.
SESSION_COOKIE_AGE = SESSION_BUYER_MAX_SECONDS
# Django's database sessions, whose row is read without building an ORM query each request.
SESSION_ENGINE = "klushuis.accounts.session_store"

# The second factor (django-otp): the name authenticator apps show next to the code.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Klushuisportaal")

# --- Client address, login lockout and rate limits --------------------------------------------
# How many proxies in front of the portal append the address they received a request from to
# X-Forwarded-For (nginx: proxy_add_x_forwarded_for). 0: none, the connection's own address is
# the client's and the header is ignored, since anyone can send it. With N, the client is the
# N-th address from the right: what our own outermost proxy saw. One function
# (klushuis.accounts.throttle.client_ip) answers this for the lockout and the rate limits.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "klushuis.accounts.throttle.client_ip"
# Five failed logins for one e-mail address from one client address lock that pair for 15
# minutes. Never the address alone (a municipality's office shares one) and never the account
# alone (anyone could lock a known user out); the lockout ends by itself, and more attempts
# during it do not extend it. Platform administrators can lift it earlier in the admin.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "klushuis.accounts.throttle.axes_username"
AXES_LOCKOUT_CALLABLE = "klushuis.accounts.second_factor_views.locked_out"
AXES_VERBOSE = False
# django-ratelimit counts in the default cache (Redis in production); see accounts/throttle.py.
RATELIMIT_USE_CACHE = "default"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = PRODUCTION

# --- Static and media files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Uploads with personal data (financing statements, plans, contracts) live outside
# MEDIA_ROOT and are served only through permission-checked views.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Object storage (S3 or compatible: MinIO, Ceph, a cloud's own) instead of the local disk, for
# running on more than one machine: set S3_BUCKET. Both stores keep every object private (no
# public ACL, no bucket policy is set); photos and documents are served through the portal's
# permission-checked views, and a URL the storage hands out is presigned and lasts minutes.
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    _S3_OPTIONS = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("S3_REGION", default="") or None,
        "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": env.int("S3_URL_SECONDS", default=300),
        "file_overwrite": False,
        "addressing_style": env.str("S3_ADDRESSING_STYLE", default="path"),
        "signature_version": "s3v4",
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_S3_OPTIONS, "location": "media"},
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_S3_OPTIONS, "location": "private"},
    }
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# --- E-mail ---------------------------------------------------------------------------------
# EMAIL_URL: smtp+tls://user:password@smtp.example.nl:587 ; default prints to the console.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Klushuisportaal <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
ADMINS = [("Beheer", a) for a in env.list("DJANGO_ADMINS", default=[])]

# The public address of the portal, for links in e-mails sent from Celery tasks, which have
# no request to build an absolute URL from.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The organisation whose name and colours the portal's own pages carry (its slug); without it
# the first municipality is used.
SITE_ORGANISATION = env.str("SITE_ORGANISATION", default="")

# --- Forms ----------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    # Only behind a proxy that sets this header itself; otherwise clients could spoof HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload puts the domain on a list built into browsers, which is hard to undo; it is
    # the domain owner's decision, not the application's default.
    "security.W021",
    # django-ratelimit's list of supported caches predates Django's own Redis backend, which
    # increments atomically.
    "django_ratelimit.W001",
]
if not PRODUCTION:
    # Without Redis, development and tests count rate limits per process (local memory); that
    # is enough there. Production keeps the check: its limits must be shared by every worker.
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

# Content Security Policy (django-csp): everything comes from the portal itself, no inline
# script or style. Branding colours come from a stylesheet per organisation for that reason.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Request size ---------------------------------------------------------------------------
# Bodies above MAX_REQUEST_BYTES are refused from their Content-Length before any byte is read
# (klushuis.middleware.RequestSizeLimitMiddleware; the proxy example in docs/deploy/ sets the
# same limit). It lies above every form's own file limit (the largest is 25 MB), so a file that
# is too big gets the form's own message with the rest of the form kept.
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=64 * 1024 * 1024)
# Django's own limits: a body without files stays small, and files above 2.5 MB are streamed
# to a temporary file instead of memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2621440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440

# --- security.txt (RFC 9116) ---------------------------------------------------------------
# Served at /.well-known/security.txt. The expiry date must be renewed at least once a year; a
# system check warns 30 days before it passes.
SECURITY_TXT_CONTACT = env.list(
    "SECURITY_TXT_CONTACT", default=[f"mailto:security@{urlsplit(SITE_URL).hostname}"]
)
SECURITY_TXT_EXPIRES = env.str("SECURITY_TXT_EXPIRES", default="2027-11-30T23:00:00Z")
SECURITY_TXT_LANGUAGES = ["nl", "en"]

# --- Logging --------------------------------------------------------------------------------
# Error reports show no POST values, cookies or local variables (klushuis/privacy/redaction.py).
DEFAULT_EXCEPTION_REPORTER_FILTER = "klushuis.privacy.redaction.PersonalDataExceptionReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    # No personal data in logs (issue 17): the code logs ids only; this catches a library's.
    # Django's own error mail to ADMINS (its default mail_admins handler) goes through
    # DEFAULT_EXCEPTION_REPORTER_FILTER above: no POST values, cookies or local variables.
    "filters": {"redact": {"()": "klushuis.privacy.redaction.RedactEmailAddresses"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": sys.stderr,
            "formatter": "plain",
            "filters": ["redact"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One INFO line per task and per rendering step drowns what matters.
        "celery.app.trace": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        # django-axes logs every login at INFO; failures and lockouts come at WARNING.
        "axes": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}
