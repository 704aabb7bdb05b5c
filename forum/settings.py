"""Settings for Readers Write, read from the environment (see README: Configuration)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from accounts.providers import provider_form_action_origins, providers_from_env
from forum.static_headers import add_security_headers

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# pytest sets PYTEST_VERSION for the whole session; tests run with DEBUG off like production.
TESTING = "PYTEST_VERSION" in os.environ

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# How many proxies in front of the app append to X-Forwarded-For; forum.http.client_ip reads it.
TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "1" if env_bool("BEHIND_PROXY") else "0"))
SITE_NAME = os.environ.get("SITE_NAME", "Readers Write")
SITE_ID = 1

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for FORM_RENDERER
    "django.contrib.sites",
    "django.contrib.redirects",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.mfa",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.facebook",
    "allauth.socialaccount.providers.openid_connect",
    "forum",
    "accounts",
    "posts",
    "comments",
    "moderation",
    "importers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffMFARequiredMiddleware",
    "forum.middleware.DatabaseUnavailableMiddleware",
    # Old blog URLs answer 301 (importers app); it runs after the redirects fallback below has had
    # its say on a 404, so a path mapped there is never logged as an unanswered legacy URL.
    "importers.middleware.LegacyURLMiddleware",
    # A 404 whose path a django.contrib.redirects row names answers 301 (renamed and merged tags).
    "moderation.middleware.RedirectFallbackMiddleware",
]

# The covering index that counts a discussion's pages (comments.Comment.Meta.indexes) is a plain index
# on SQLite, which makes none with extra columns; Django warns so on every check there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

ROOT_URLCONF = "forum.urls"
WSGI_APPLICATION = "forum.wsgi.application"
ASGI_APPLICATION = "forum.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "forum.context_processors.site",
                "moderation.context_processors.sanction_notice",
            ],
            # `|when` on every page: one time format, forum/dates.py.
            "builtins": ["forum.templatetags.dates"],
        },
    },
]

FORM_RENDERER = "forum.forms.FormRenderer"

# Database: DATABASE_URL, defaulting to an SQLite file in the project folder.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's built-in pool (psycopg_pool); it needs CONN_MAX_AGE = 0.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DB_POOL_MIN", "2")),
        "max_size": int(os.environ.get("DB_POOL_MAX", "10")),
        # When the server is gone, a request gives up after DB_POOL_TIMEOUT seconds and answers 503
        # (forum/errors.py) instead of holding a worker for psycopg's default 30; and the pool retries
        # the server at least every few seconds, so it is back in use soon after a restart.
        "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "5")),
        "reconnect_timeout": float(os.environ.get("DB_POOL_RECONNECT_TIMEOUT", "5")),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds allauth's rate limits, so in production every worker must share it: Redis when
# REDIS_URL is set, else a table in the database (`manage.py createcachetable`). Sessions live in
# the database, read through the cache when that is Redis.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif not (DEBUG or TESTING):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "forum_cache"}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered discussion threads (comments.discussion), kept under keys that change with their content,
# so a kept thread is never stale, only unused: in Redis with the rest when REDIS_URL is set, else in
# each worker's memory (bounded; a worker that misses renders the thread once for itself).
if REDIS_URL:
    COMMENTS_FRAGMENT_CACHE = "default"
else:
    CACHES["fragments"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "comment-threads",
        "OPTIONS": {"MAX_ENTRIES": 3000},
    }
    COMMENTS_FRAGMENT_CACHE = "fragments"
# Each post's "Related posts" list (posts.related) and the parts of a post page above the discussion
# (posts.page_parts), under a generation every worker must see renewed: the shared cache.
RELATED_POSTS_CACHE = "default"
# For `make bench` only (bench/README.md): a hello-world route for the load baseline and a route that
# serves a page's bytes from the cache behind the same middleware (the ceiling beside a page figure).
BENCH_ENDPOINTS = env_bool("BENCH_ENDPOINTS")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
if TESTING:
    # PBKDF2 at Django's iteration count costs about a second a password; tests about passwords ask for
    # it back with the `production_password_hasher` fixture (tests/conftest.py).
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Following the mailed link signs the new reader in, when it is opened in the browser session that
# signed up (allauth refuses it anywhere else, so a leaked link signs nobody in).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Names that would shadow our own URLs under /users/.
# Paths under /users/, and names that would pass for the letter writer's badge.
ACCOUNT_USERNAME_BLACKLIST = [
    *["settings", "admin", "moderation", "editor", "accounts", "users"],
    *["lw", "op", "letterwriter", "theletterwriter", "letter-writer", "the-letter-writer"],
]
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Explicit so a reader of this file sees them; stored in the shared cache (CACHES above).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
    "confirm_email": "1/180s/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# `make run` sets this so the demo staff can pass two-factor sign-in; allauth refuses it without DEBUG.
MFA_TOTP_INSECURE_BYPASS_CODE = os.environ.get("DEMO_TOTP_BYPASS_CODE") if DEBUG else None
# Staff (is_staff, Editors, Moderators) must set up MFA before any page under these prefixes works.
STAFF_PATH_PREFIXES = ["/admin/", "/editor/", "/moderation/"]
STAFF_GROUPS = ["Editors", "Moderators"]
# Set by an imported blog's old address on its 301 to a post, read once by that post's page
# (importers.middleware): the old comment anchor the browser carries over is an old id.
LEGACY_LINK_COOKIE = "old_link"
SOCIALACCOUNT_PROVIDERS = providers_from_env(os.environ)
# Where "Continue" at a provider's button redirects the reader; the CSP's form-action allows them.
SOCIALACCOUNT_AUTHORIZE_ORIGINS = provider_form_action_origins(os.environ)
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_QUERY_EMAIL = True

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
# allauth's wording in our house style (sentence case, "e-mail"): locale/en/LC_MESSAGES/django.po.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# E-mail: console in development, SMTP from the environment in production, locmem in tests.
_email_backend = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_email_options: dict = {}
if _email_backend.endswith("smtp.EmailBackend"):
    _email_options = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS"),
        "use_ssl": env_bool("EMAIL_USE_SSL"),
        "timeout": 10,
    }
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Readers Write <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: run at once by default; a database-backed queue when TASKS_BACKEND=database.
if os.environ.get("TASKS_BACKEND") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# Comments (see comments/ and DESIGN.md §6).
COMMENTS_ALLOW_ANONYMOUS = env_bool("COMMENTS_ALLOW_ANONYMOUS", True)
COMMENTS_MAX_DISPLAY_DEPTH = 5  # deeper replies stay at this indent and say whom they answer
COMMENTS_EDIT_WINDOW_MINUTES = 15
COMMENTS_MAX_LENGTH = 10_000  # characters of Markdown
# A discussion page shows this many top-level threads, each with its first COMMENTS_REPLIES_SHOWN
# replies and a link to the rest: at most 25 x 8 = 200 comments a page. `?all=1` shows every comment.
COMMENTS_THREADS_PER_PAGE = 25
# While a discussion is open, its script asks this often whether comments were published since.
COMMENTS_NEWS_POLL_SECONDS = 45
COMMENTS_REPLIES_SHOWN = 7
# The strips above a discussion (editor's picks, the letter writer's comments) list this many; more fold.
COMMENTS_STRIP_SHOWN = 5
# A signed-in reader's pages of one discussion opened less than this far apart are one visit: what was
# new when it began stays marked new on every page of it.
COMMENTS_VISIT_MINUTES = 30
COMMENTS_CLOSE_AFTER_DAYS = None  # close a post's comments this many days after publishing; None: never
# A post marked as a sensitive topic (Post.sensitive_since) is slower and shorter-lived.
SENSITIVE_SLOW_MODE_MINUTES = 10  # one comment per reader per this many minutes
SENSITIVE_CLOSE_AFTER_DAYS = 14
COMMENTS_IP_RETENTION_DAYS = 90  # `manage.py purge_comment_ips` forgets client IPs older than this
COMMENTS_MIN_FILL_SECONDS = 3  # a comment form sent sooner than this after it was shown is refused
# A new top-level comment very like this many already there is shown them first (comments.similar),
# with a way to reply to one, react to it, or post anyway. None: never.
COMMENTS_SIMILAR_BRAKE_AT = 3

# Moderation (moderation/, issue 6). posts and comments ask these policies about every submission.
COMMENTS_POLICY = "moderation.policy.CommentPolicy"
QUESTIONS_POLICY = "moderation.policy.QuestionPolicy"
# none | first_time (held unless the account or anonymous e-mail has an approved comment) | everyone
MODERATION_PREMODERATION = os.environ.get("MODERATION_PREMODERATION", "first_time")
MODERATION_FLAG_DAILY_CAP = 10  # flags one reader may raise per day
MODERATION_FLAG_HIDE_THRESHOLD = 3  # distinct flags that hide a comment until a moderator decides
MODERATION_MAX_LINKS = 2  # a comment or question with more links is held
# Rate limits as (count, seconds), kept in the shared cache so they hold across workers; None: off.
MODERATION_COMMENT_RATE = (1, 15)  # per IP address and per account
MODERATION_NEW_ACCOUNT_COMMENT_RATE = (30, 24 * 60 * 60)  # for accounts younger than the next setting
MODERATION_NEW_ACCOUNT_DAYS = 7
MODERATION_QUESTION_RATE = (3, 60 * 60)  # per account (the ask view also limits per IP address)
MODERATION_REACTION_RATE = (60, 10 * 60)  # reactions given or taken back, per account
POLL_VOTE_RATE = (20, 60 * 60)  # signed-out votes in polls, per IP address (posts.polls)
# A class with check(kind=..., text=..., ...) -> "spam" | "ham" | "unavailable" (moderation/spam.py);
# Akismet is used when AKISMET_API_KEY is set. An answer slower than AKISMET_TIMEOUT_SECONDS holds the
# comment for a moderator.
AKISMET_API_KEY = os.environ.get("AKISMET_API_KEY", "")
AKISMET_SITE_URL = os.environ.get("AKISMET_SITE_URL", "")
AKISMET_API_URL = os.environ.get("AKISMET_API_URL", "https://rest.akismet.com")
AKISMET_TIMEOUT_SECONDS = 2
MODERATION_SPAM_CHECK = os.environ.get(
    "MODERATION_SPAM_CHECK",
    "moderation.spam.AkismetSpamCheck" if AKISMET_API_KEY else "moderation.spam.NoSpamCheck",
)
MODERATION_STALE_QUEUE_MINUTES = 120  # `manage.py notify_stale_queue` mails opted-in moderators after this

# Security. Secure by default; `make serve` turns the HTTPS redirect off for plain-HTTP localhost.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    # Sign-in with a provider posts here, then redirects to the provider's page (browsers hold a form's
    # redirects to form-action too).
    "form-action": [CSP.SELF, *SOCIALACCOUNT_AUTHORIZE_ORIGINS],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Cookies (issue 27): no script of ours reads the CSRF cookie (comments.js sends the form's token), so it
# is HttpOnly too; messages ride in the session, so no `messages` cookie is ever set. Our own cookies
# (`commenter`, `voter`) are HttpOnly, SameSite=Lax and Secure as the session cookie is (forum.checks).
CSRF_COOKIE_HTTPONLY = True
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Static files get the same security headers as pages (WhiteNoise answers them before the middleware
# that would add some of them): forum/static_headers.py.
WHITENOISE_ADD_HEADERS_FUNCTION = add_security_headers
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    if env_bool("BEHIND_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if TESTING:
        SECURE_SSL_REDIRECT = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
