"""Massar settings: one file, driven by the environment.

Development (default): SQLite, a file cache under var/ (shared by the server and the task worker), database
sessions, DEBUG on, e-mails kept in the demo mailbox (var/mailbox, read at /demo/mailbox/).
Production (MASSAR_PRODUCTION=1): DATABASE_URL (PostgreSQL), REDIS_URL for cache and sessions,
SECRET_KEY required, HTTPS-only cookies and HSTS. Tests (pytest): local-memory cache, a fast
password hasher, tasks run immediately.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


PRODUCTION = env_bool("MASSAR_PRODUCTION")
# pytest imports this module through pytest-django; tests need a fast hasher and in-memory cache.
TESTING = "pytest" in sys.modules

if PRODUCTION:
    SECRET_KEY = os.environ["SECRET_KEY"]
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "massar-development-only-key-never-use-in-production-0123456789")

DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION and not TESTING)
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# The address users reach Massar at; links in e-mails are built from it, never from the Host header.
SITE_URL = os.environ.get("MASSAR_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Sign-in names are `<massar code>@<domain>` for students and `firstname.lastname@<domain>` for staff.
SIGNIN_DOMAIN = os.environ.get("MASSAR_SIGNIN_DOMAIN", "taalim.ma")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    "ninja",
    "massar.core",
    "massar.communication",
    "massar.schools",
    "massar.students",
    "massar.staff",
    "massar.accounts",
    "massar.grades",
    "massar.notifications",
    "massar.documents",
    "massar.timetable",
    "massar.attendance",
    "massar.exams",
    "massar.orientation",
    "massar.portals",
    "massar.demo",
    "massar.backoffice",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A lost database connection: a read runs again on a fresh one, a write answers 503 (config/database_loss.py).
    "config.database_loss.DatabaseLossMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whatever a signed-in person is answered (pages and API) is sent with Cache-Control: no-store.
    "massar.portals.account.middleware.PrivateResponsesMiddleware",
    # No NUL character in any text sent, no bidi override; an oversized body is a 413 (config/input_guard.py).
    "config.input_guard.InputGuardMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A staff session ends after MASSAR_IDLE_TIMEOUT_SECONDS idle; then, until the second factor is passed and
    # (after a temporary password) a new password chosen, every page leads to that step.
    "massar.portals.account.middleware.IdleTimeoutMiddleware",
    "massar.portals.account.middleware.SignInStepsMiddleware",
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Static files are served by the WSGI process itself (compressed, cache-busted names).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

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
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "massar.core.context_processors.massar",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=PRODUCTION,
    )
}
# PostgreSQL in production: a connection pool per web or worker process, so that connections never grow with
# threads (granian's blocking threads are set to the same number: `make serve`). Web nodes × workers × pool size
# must stay under PostgreSQL's max_connections; past that, pgbouncer (README "Production").
DB_POOL_MAX_SIZE = env_int("MASSAR_DB_POOL_MAX_SIZE", 4)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: a page's query that the planner costs high (a search over an academy) spent 20 ms of
    # its 130 compiling code it then ran once (MASSAR_DB_JIT=on keeps PostgreSQL's default).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c jit={os.environ.get('MASSAR_DB_JIT', 'off')}"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and (
        PRODUCTION or os.environ.get("MASSAR_DB_POOL") == "1") and not TESTING:
    from psycopg_pool import ConnectionPool

    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections (Django refuses both)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1, "max_size": DB_POOL_MAX_SIZE, "timeout": 10,
        # A connection the server dropped (failover, restart) is found out before a request gets it.
        "check": ConnectionPool.check_connection,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock when a transaction starts, so read-then-write blocks
        # (issuing Massar codes) serialise instead of failing with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory, so the live server, the browser and helper processes share it.
    # One file per test run, so that runs in parallel (a developer and CI) never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"].setdefault("TEST", {})
    if os.environ.get("MASSAR_TEST_DB_NAME"):
        DATABASES["default"]["TEST"]["NAME"] = os.environ["MASSAR_TEST_DB_NAME"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, tasks -----------------------------------------------------------------


def redis_caches(url: str) -> dict:
    """The shared cache and the sessions' cache on Redis; a Redis that is down answers as an empty cache
    (config/cache.py), with short timeouts so that a lost server costs a page at most a second."""
    options = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}
    backend = "config.cache.ResilientRedisCache"
    return {
        "default": {"BACKEND": backend, "LOCATION": url, "OPTIONS": options},
        "sessions": {"BACKEND": backend, "LOCATION": url, "KEY_PREFIX": "session", "OPTIONS": options},
    }


REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES: dict[str, dict[str, object]]
if REDIS_URL and not TESTING:
    CACHES = redis_caches(REDIS_URL)
    # Sessions are read from Redis and recorded in the database: a Redis restart signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "sessions"
else:
    if PRODUCTION:
        raise RuntimeError("Production needs REDIS_URL: cache and sessions are shared by every web process.")
    if TESTING:
        CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    else:
        # The demo's server and task worker are two processes (`make run`): like Redis in production, their cache
        # (a close's progress, the throttles' counters) is one they share, here a directory of files.
        CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                              "LOCATION": os.environ.get("MASSAR_CACHE_DIR", str(BASE_DIR / "var" / "cache")),
                              "OPTIONS": {"MAX_ENTRIES": 10_000}}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend"
        ),
    }
}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:signin"
LOGIN_REDIRECT_URL = "portals:my_space"
LOGOUT_REDIRECT_URL = "portals:home"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend with the sign-in name normalised and expired temporary passwords refused.
    "massar.accounts.authentication.SignInBackend",
]

# Argon2id at OWASP's minimum (m=19 MiB, t=2, p=1): tens of milliseconds per verify.
PASSWORD_HASHERS = ["massar.accounts.hashers.MassarArgon2PasswordHasher"]
# Argon2 computations at once per process (19 MiB each): bounds a web worker's memory under a sign-in storm.
MASSAR_CONCURRENT_PASSWORD_HASHES = env_int("MASSAR_CONCURRENT_PASSWORD_HASHES", 4)
if TESTING:
    # Most tests create users; the real hasher is tested on its own.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

# NIST SP 800-63B: 12 to 128 characters of anything (spaces and Arabic letters too), no composition rules;
# refused: the common-password list, and the person's own code, names, sign-in name and "massar"/"taalim".
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "massar.accounts.passwords.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "massar.accounts.passwords.PersonalInformationValidator"},
]

# Lockout: per account (a whole school shares one IP address).
AXES_ENABLED = True
AXES_FAILURE_LIMIT = env_int("MASSAR_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("MASSAR_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
# Count failures against the canonical sign-in name: "f164115196 " and "F164115196@taalim.ma" are one account.
AXES_USERNAME_CALLABLE = "massar.accounts.services.lockout.axes_username"
# A separate, higher throttle per IP address (a school's whole network shares one): failures per window.
MASSAR_IP_FAILURE_LIMIT = env_int("MASSAR_IP_FAILURE_LIMIT", 100)
MASSAR_IP_FAILURE_WINDOW_SECONDS = env_int("MASSAR_IP_FAILURE_WINDOW_SECONDS", 15 * 60)
# Our sign-in page and API answer a locked account themselves (with the unlock time, in the page's language).
AXES_LOCKOUT_CALLABLE = "massar.accounts.services.lockout.axes_lockout_response"
# Attempts during a lock do not extend it, so the unlock time we announce holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
# axes.W006 asks to lock by IP too. We lock by account on purpose: a whole school shares one address,
# and locking it would lock every student out. A separate, higher per-IP throttle limits rotation attacks.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Sessions: a staff session ends after 30 idle minutes; students and parents may tick "remember this
# device" for 30 days (results day should not need a fresh sign-in).
SESSION_COOKIE_AGE = env_int("MASSAR_SESSION_SECONDS", 60 * 60 * 8)
MASSAR_IDLE_TIMEOUT_SECONDS = env_int("MASSAR_IDLE_TIMEOUT_SECONDS", 30 * 60)
MASSAR_REMEMBER_DEVICE_SECONDS = env_int("MASSAR_REMEMBER_DEVICE_SECONDS", 30 * 24 * 60 * 60)
# Self-service reset links: single use, valid one hour. Temporary passwords: 72 hours, one sign-in.
PASSWORD_RESET_TIMEOUT = env_int("MASSAR_RESET_LINK_SECONDS", 60 * 60)
MASSAR_TEMPORARY_PASSWORD_HOURS = env_int("MASSAR_TEMPORARY_PASSWORD_HOURS", 72)
MASSAR_API_TOKEN_DAYS = env_int("MASSAR_API_TOKEN_DAYS", 30)
# How long the account behind an API token is kept in the shared cache (any change to it tombstones it at once).
MASSAR_API_TOKEN_CACHE_SECONDS = env_int("MASSAR_API_TOKEN_CACHE_SECONDS", 60)
# Activation throttle: failed attempts (details not matching a record) counted in the cache over a window.
# Per Massar code: guessing a classmate's birth date stops after a few tries. Per IP address: higher,
# because a whole school activates from one address on the first day.
MASSAR_ACTIVATION_WINDOW_SECONDS = env_int("MASSAR_ACTIVATION_WINDOW_SECONDS", 60 * 60)
MASSAR_ACTIVATION_FAILURES_PER_CODE = env_int("MASSAR_ACTIVATION_FAILURES_PER_CODE", 10)
MASSAR_ACTIVATION_FAILURES_PER_IP = env_int("MASSAR_ACTIVATION_FAILURES_PER_IP", 100)
# Forgotten password: at most this many reset e-mails per account per window (more are silently dropped,
# so the answer stays the same and nobody can flood a mailbox), and this many requests per IP address.
MASSAR_RESET_EMAILS_PER_ACCOUNT = env_int("MASSAR_RESET_EMAILS_PER_ACCOUNT", 3)
MASSAR_RESET_REQUESTS_PER_IP = env_int("MASSAR_RESET_REQUESTS_PER_IP", 100)
MASSAR_RESET_WINDOW_SECONDS = env_int("MASSAR_RESET_WINDOW_SECONDS", 60 * 60)

# --- Documents: the public verification page (/verify/<reference>/), throttled per network address -----------
# Every check counts against the first limit (a school's office shares one address); references that match
# nothing against the second, so that guessing is slow as well as hopeless (massar.documents.services).
MASSAR_VERIFY_CHECKS_PER_IP = env_int("MASSAR_VERIFY_CHECKS_PER_IP", 600)
MASSAR_VERIFY_MISSES_PER_IP = env_int("MASSAR_VERIFY_MISSES_PER_IP", 30)
MASSAR_VERIFY_WINDOW_SECONDS = env_int("MASSAR_VERIFY_WINDOW_SECONDS", 10 * 60)
# A batch of report cards is laid out on this many processes forked by the worker (massar/documents/printing/
# chunks.py): every core of the worker's machine by default.
DOCUMENTS_PRINT_PROCESSES = env_int("MASSAR_PRINT_PROCESSES", os.cpu_count() or 1)
OTP_TOTP_ISSUER = "Massar"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Parents and staff accounts (massar/accounts/parents.py, staff_accounts.py).
# A parent's e-mail confirmation link is single-use and valid 3 days; a staff invitation link 7 days
# (an administration invites a whole staff at the start of the year; people read work mail weekly).
MASSAR_PARENT_CONFIRM_LINK_SECONDS = env_int("MASSAR_PARENT_CONFIRM_LINK_SECONDS", 3 * 24 * 60 * 60)
MASSAR_STAFF_INVITATION_SECONDS = env_int("MASSAR_STAFF_INVITATION_SECONDS", 7 * 24 * 60 * 60)
# A recovery e-mail receives reset links only once confirmed (massar/accounts/recovery_email.py): its
# confirmation link is single-use and valid 3 days; confirmation messages per account per hour are limited,
# so that the "change my recovery e-mail" form cannot be used to flood somebody else's mailbox.
MASSAR_RECOVERY_EMAIL_CONFIRM_LINK_SECONDS = env_int("MASSAR_RECOVERY_EMAIL_CONFIRM_LINK_SECONDS",
                                                     3 * 24 * 60 * 60)
MASSAR_RECOVERY_EMAIL_CONFIRMATIONS_PER_HOUR = env_int("MASSAR_RECOVERY_EMAIL_CONFIRMATIONS_PER_HOUR", 5)
# "Add a child" (Massar code + birth date) is a guessing target: failed attempts are counted in the cache
# per parent account and per IP address over a window, and refused once a limit is reached. The per-IP
# limit is higher because many families share an address (mobile carriers' NAT, a cybercafé); a success
# never resets a counter (relinking one's own child must not buy more guesses).
MASSAR_CHILD_LINK_FAILURE_LIMIT = env_int("MASSAR_CHILD_LINK_FAILURE_LIMIT", 5)
MASSAR_CHILD_LINK_IP_FAILURE_LIMIT = env_int("MASSAR_CHILD_LINK_IP_FAILURE_LIMIT", 20)
MASSAR_CHILD_LINK_WINDOW_SECONDS = env_int("MASSAR_CHILD_LINK_WINDOW_SECONDS", 60 * 60)
# Sign-up e-mails (confirmation links, "you already have an account") per address per hour: past it nothing
# is sent, so the sign-up form cannot be used to flood a mailbox.
MASSAR_SIGNUP_EMAILS_PER_ADDRESS_PER_HOUR = env_int("MASSAR_SIGNUP_EMAILS_PER_ADDRESS_PER_HOUR", 5)

# --- Notifications: Web Push (VAPID, RFC 8292) and announcements' attachments -----------------------------
# The server's VAPID key pair, base64url (the private key may also be a PEM); without them no push is offered.
# Generate a pair with `manage.py notifications_vapid_keys`. Outside production a pair is generated once into
# MASSAR_VAPID_DEMO_KEY_FILE (shared by the server and the worker).
MASSAR_VAPID_PRIVATE_KEY = os.environ.get("MASSAR_VAPID_PRIVATE_KEY", "")
MASSAR_VAPID_PUBLIC_KEY = os.environ.get("MASSAR_VAPID_PUBLIC_KEY", "")
MASSAR_VAPID_SUBJECT = os.environ.get("MASSAR_VAPID_SUBJECT", "mailto:no-reply@taalim.ma")
MASSAR_VAPID_DEMO_KEY_FILE = "" if PRODUCTION or TESTING else str(BASE_DIR / "var" / "vapid.pem")
# Push services are https; plain http endpoints only for the tests' local push service.
MASSAR_PUSH_ALLOW_HTTP = env_bool("MASSAR_PUSH_ALLOW_HTTP", False)
MASSAR_ANNOUNCEMENT_ATTACHMENT_MAX_BYTES = env_int("MASSAR_ANNOUNCEMENT_ATTACHMENT_MAX_BYTES", 2 * 1024 * 1024)
# An announcement to more accounts than this reaches their outboxes through a background task.
MASSAR_ANNOUNCEMENT_INLINE_RECIPIENTS = env_int("MASSAR_ANNOUNCEMENT_INLINE_RECIPIENTS", 200)
# --- Exams: the public grade simulator, per network address (a school's pupils share one) ---------------------
MASSAR_SIMULATOR_REQUESTS_PER_IP = env_int("MASSAR_SIMULATOR_REQUESTS_PER_IP", 600)
MASSAR_SIMULATOR_WINDOW_SECONDS = env_int("MASSAR_SIMULATOR_WINDOW_SECONDS", 10 * 60)
# How long a student's published exam results stay in the shared cache (a publication outdates them at once).
MASSAR_RESULTS_CACHE_SECONDS = env_int("MASSAR_RESULTS_CACHE_SECONDS", 60 * 60)

# --- Grade canevas (Excel) uploads: refused before parsing past these limits ------------------------------
MASSAR_CANEVAS_MAX_BYTES = env_int("MASSAR_CANEVAS_MAX_BYTES", 5 * 1024 * 1024)
MASSAR_CANEVAS_MAX_UNCOMPRESSED_BYTES = env_int("MASSAR_CANEVAS_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024)
MASSAR_CANEVAS_MAX_RATIO = env_int("MASSAR_CANEVAS_MAX_RATIO", 100)  # uncompressed ÷ compressed, per part
MASSAR_CANEVAS_MAX_MEMBERS = env_int("MASSAR_CANEVAS_MAX_MEMBERS", 200)
# A class's canevas is a few dozen rows: a worksheet or its shared strings past this size, or a sheet past this many
# student rows, is refused before it is read (a class holds at most 45 students; the room is for the teacher's
# own notes below the table).
MASSAR_CANEVAS_MAX_PART_BYTES = env_int("MASSAR_CANEVAS_MAX_PART_BYTES", 4 * 1024 * 1024)
MASSAR_CANEVAS_MAX_STUDENT_ROWS = env_int("MASSAR_CANEVAS_MAX_STUDENT_ROWS", 500)
# Scanned justifications of absences: kept outside the web root, served only through a scoped view.
MASSAR_PRIVATE_ROOT = Path(os.environ.get("MASSAR_PRIVATE_ROOT", BASE_DIR / "var" / "private"))
MASSAR_JUSTIFICATION_MAX_BYTES = env_int("MASSAR_JUSTIFICATION_MAX_BYTES", 5 * 1024 * 1024)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية"), ("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates day/month/year with Moroccan month names, decimal commas in Arabic and French: massar.core.dates.
FORMAT_MODULE_PATH = ["massar.core.formats"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Security -------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- E-mail ---------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("MASSAR_FROM_EMAIL", "Massar <no-reply@taalim.ma>")
# Outside production e-mails are not sent: they land in the demo's mailbox, one file each (shared by the server
# and the task worker), listed at /demo/mailbox/ while DEBUG is on (massar/communication/demo_mailbox.py).
MASSAR_DEMO_MAILBOX = "" if PRODUCTION else os.environ.get("MASSAR_DEMO_MAILBOX", str(BASE_DIR / "var" / "mailbox"))
DEMO_MAILBOX_BACKEND = "massar.communication.demo_mailbox.DemoMailboxBackend"
EMAIL_BACKEND_PATH = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else DEMO_MAILBOX_BACKEND)
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": (
            {"host": os.environ.get("EMAIL_HOST", "localhost"), "port": env_int("EMAIL_PORT", 25)} if PRODUCTION
            else {"directory": MASSAR_DEMO_MAILBOX} if EMAIL_BACKEND_PATH == DEMO_MAILBOX_BACKEND
            else {}
        ),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO" if PRODUCTION else "WARNING")},
}
