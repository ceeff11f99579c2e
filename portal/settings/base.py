"""Settings shared by every environment; dev, test and production only adjust them.

Everything that differs between machines comes from the environment (see README, "Configuration").
"""

import json
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from .environment import email_settings, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string (for example: python -c \"import secrets; print(secrets.token_urlsafe(64))\"), "
            "or set DEBUG=true on a development machine."
        )
    SECRET_KEY = "development-only-key-never-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", ".localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "consultations",
    "financing",
    "freshness",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "payments",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.security_headers.ContentSecurityPolicyMiddleware",
    "portal.security_headers.permissions_policy_middleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "freshness.middleware.VersionsMiddleware",
    "freshness.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.content_language",
                "home.context_processors.site",
            ],
            # Its `date` filter writes « 1er février » in French (consultations/typography.py).
            "builtins": ["consultations.templatetags.french_dates"],
        },
    },
]

# Database: an SQLite file by default (first run, demo), PostgreSQL through psycopg 3 in production.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while a vote is written; IMMEDIATE takes the write lock at BEGIN,
    # so two writers queue instead of failing with "database is locked" half-way through.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's default planner costs assume spinning disks: it then hashes the whole user
    # table to name the authors of fifty comments (1.2 ms instead of 0.2 ms). 1.1 is the usual
    # value for SSDs or a database that fits in memory; set DATABASE_SESSION_OPTIONS="" to keep
    # the server's own settings (behind PgBouncer in transaction mode, for instance).
    session_options = env_str("DATABASE_SESSION_OPTIONS", "-c random_page_cost=1.1")
    if session_options:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = session_options

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "consultations.User"

# One cache shared by every server process: allauth's login throttle counts in it.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }
# Memory of each process, bounded in bytes (freshness/memory.py). Whatever is kept in it is keyed
# by the versions of what it was built from (freshness/versions.py), so nothing there can be stale.
MEMORY_CACHE = "freshness.memory.BoundedMemoryCache"
MEGABYTE = 1024 * 1024
# Sites, routes, identities, menus, page fragments, comment threads, proposal cards.
CACHES["memo"] = {"BACKEND": MEMORY_CACHE, "OPTIONS": {"MAX_BYTES": env_int("MEMO_MEGABYTES", 64) * MEGABYTE}}
# Whole public pages for visitors who are not signed in (freshness/page_cache.py).
CACHES["pages"] = {"BACKEND": MEMORY_CACHE, "OPTIONS": {"MAX_BYTES": env_int("PAGE_CACHE_MEGABYTES", 32) * MEGABYTE}}
# Wagtail looks image renditions up in this cache on every {% image %} tag.
CACHES["renditions"] = {"BACKEND": MEMORY_CACHE, "OPTIONS": {"MAX_BYTES": 8 * MEGABYTE}}
# Only what no version covers (running vote counts shown during a vote) waits for this delay.
ANONYMOUS_PAGE_CACHE_SECONDS = env_int("ANONYMOUS_PAGE_CACHE_SECONDS", 60)
# The query parameters public pages read: an address with any other is served but not kept.
ANONYMOUS_PAGE_CACHE_QUERY_PARAMETERS = {
    "page", "q", "tag", "status", "facility", "neighbourhood", "answer", "sort", "year",
}
# Editorial settings saved by Wagtail's admin views: saving one bumps the content version
# (freshness/published.py), as publishing a page does.
# A reverse proxy's cache that Wagtail purges when pages are published (README, "Scaling out").
WAGTAIL_FRONTEND_CACHE_PURGE_URL = env_str("WAGTAIL_FRONTEND_CACHE_PURGE_URL")
if WAGTAIL_FRONTEND_CACHE_PURGE_URL:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": WAGTAIL_FRONTEND_CACHE_PURGE_URL,
        }
    }

# The dashboard's update check loads a script from wagtail.org, which the admin's CSP refuses;
# upgrades are pinned in requirements.txt anyway.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Slugs in plain ASCII: "hébergements" gives /hebergements/, not /h%C3%A9bergements/.
WAGTAIL_ALLOW_UNICODE_SLUGS = False

FRESHNESS_EDITORIAL_MODELS = ["home.SiteIdentity", "consultations.OpenDataSettings", "consultations.Facility", "consultations.Neighbourhood", "taggit.Tag"]

SESSION_ENGINE = "django.contrib.sessions.backends.db"

# allauth's backend, reading the verified email and whether the user holds any permission along
# with the user (consultations/auth_backends.py).
AUTHENTICATION_BACKENDS = ["consultations.auth_backends.AccountBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: French by default, English available.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# Static and media files: WhiteNoise serves static files in every environment.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Email: console in development, EMAIL_URL or EMAIL_HOST & co. in production.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
if env_str("EMAIL_URL"):
    globals().update(email_settings(env_str("EMAIL_URL")))
elif env_str("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Portail citoyen <ne-pas-repondre@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Participatory financing's payments (django-payments). The dummy provider, which asks the
# payer to choose the outcome, serves the demo and the tests; production names a provider that
# django-payments supports (PAYMENT_PROVIDER, e.g. payments.stripe.StripeProviderV3, with its
# options as JSON in PAYMENT_PROVIDER_OPTIONS). PAYMENT_HOST is the host the provider calls back.
PAYMENT_MODEL = "financing.Payment"
PAYMENT_HOST = env_str("PAYMENT_HOST", "localhost:8000")
PAYMENT_USES_SSL = env_bool("PAYMENT_USES_SSL", False)
PAYMENT_VARIANTS = {
    "default": (
        env_str("PAYMENT_PROVIDER", "payments.dummy.DummyProvider"),
        json.loads(env_str("PAYMENT_PROVIDER_OPTIONS", '{"capture": false}')),
    )
}

# Background tasks (Django's task framework through django-tasks): run inline, or queued in the
# database for `manage.py db_worker` (TASKS_BACKEND=database: production, and `make run`).
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if env_str("TASKS_BACKEND", "immediate") not in TASK_BACKENDS:
    raise ImproperlyConfigured("TASKS_BACKEND is immediate or database.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[env_str("TASKS_BACKEND", "immediate")]}}

# Exports asked for in the admin: written by a task into this folder, which must not be served
# (outside MEDIA_ROOT; the download view checks who asks), and deleted after EXPORTS_KEPT_DAYS
# by `manage.py purge_exports`.
EXPORTS_ROOT = Path(env_str("EXPORTS_ROOT", str(BASE_DIR / "exports")))
EXPORTS_KEPT_DAYS = env_int("EXPORTS_KEPT_DAYS", 7)

# Opinion rounds' groups are computed by a task this many seconds after the first vote that
# changed them (services/opinions.py): the votes of those seconds are counted by one computation.
OPINION_COMPUTE_DELAY = env_int("OPINION_COMPUTE_DELAY", 30)
# Results kept per round: the last is shown, the one before it starts the next computation.
OPINION_RESULTS_KEPT = 20

# The board's filled-in « Décisions » workbook (consultations/decision_sheet.py): a sheet of a few
# hundred rows weighs tens of kilobytes; these limits refuse anything that cannot be one.
DECISIONS_UPLOAD_MAX_BYTES = 5_000_000
DECISIONS_MAX_ROWS = 20_000

# Wagtail
WAGTAIL_SITE_NAME = env_str("WAGTAIL_SITE_NAME", "Portail de la participation")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
# The admin sends visitors it refuses to its own login address, which leads to the portal's
# sign-in page, or, for someone already signed in who is not staff, says the admin is for staff
# (home/views.py) instead of bouncing between the two pages for ever.
WAGTAILADMIN_LOGIN_URL = "admin_login_redirect"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_I18N_ENABLED = False
# No Gravatar in the admin: it would send a hash of each staff member's email address to a third
# party, and the admin's Content-Security-Policy blocks it anyway (broken avatars, console errors).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# On PostgreSQL the database backend uses its full-text search: French stemming and stop words.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "french"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Where a proposal may be placed on the map (south, west, north, east): the metropolis and around.
PROPOSAL_MAP_BOUNDS = tuple(float(edge) for edge in env_list("PROPOSAL_MAP_BOUNDS", ["45.55", "4.60", "46.05", "5.20"]))
# Guards of the public forms (consultations/form_guards.py, consultations/contribution_guards.py):
# people take a few seconds to fill a form in; accounts less than a day old include few links.
FORM_MIN_FILL_SECONDS = env_int("FORM_MIN_FILL_SECONDS", 3)
YOUNG_ACCOUNT_MAX_LINKS = env_int("YOUNG_ACCOUNT_MAX_LINKS", 1)
WAGTAILEMBEDS_RESPONSIVE_HTML = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
TAGGIT_CASE_INSENSITIVE = True

# Accounts (django-allauth): email login, mandatory verification, rate limits on (allauth's defaults).
LOGIN_URL = "account_login"
# Pages kept for a group (an officials-only synthesis) send visitors to the same sign-in page;
# Wagtail's own (/_util/login/) is behind the portal's page serving (portal/urls.py): a 404.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_FORMS = {"signup": "consultations.forms.SignupForm"}
# Behind a reverse proxy every request comes from the proxy's address: rate limits per address
# (sign-in, sign-up, password reset) would then count everybody together. Name how many proxies
# append to X-Forwarded-For (1 behind the README's nginx), or the header a proxy sets to the
# client's address alone; never trust either without a proxy that overwrites them.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER", "") or None
SOCIALACCOUNT_ADAPTER = "consultations.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False


def _origin(url):
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def _oidc_providers():
    """OIDC providers (FranceConnect, a public body's own IdP...) come from OIDC_PROVIDERS, a JSON list."""
    raw = env_str("OIDC_PROVIDERS")
    if not raw:
        return []
    try:
        providers = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"OIDC_PROVIDERS is not valid JSON: {error}") from None
    apps = []
    for provider in providers:
        missing = {"provider_id", "name", "client_id", "server_url"} - provider.keys()
        if missing:
            raise ImproperlyConfigured(f"OIDC_PROVIDERS entry lacks {', '.join(sorted(missing))}.")
        if not _origin(provider["server_url"]):
            raise ImproperlyConfigured(
                f"OIDC_PROVIDERS entry {provider['provider_id']}: server_url must be an absolute "
                "http(s) address, such as https://login.example.fr/realms/portal."
            )
        apps.append(
            {
                "provider_id": provider["provider_id"],
                "name": provider["name"],
                "client_id": provider["client_id"],
                "secret": provider.get("secret", ""),
                "settings": {
                    "server_url": provider["server_url"],
                    "scope": provider.get("scope", ["openid", "email", "profile"]),
                    "trusted": bool(provider.get("trusted", False)),
                },
            }
        )
    return apps


OIDC_APPS = _oidc_providers()
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": OIDC_APPS, "OAUTH_PKCE_ENABLED": True}}

# Security headers: Django's SecurityMiddleware and XFrameOptionsMiddleware send most of them,
# django-csp the Content-Security-Policy below; portal/security_headers.py relaxes it for the
# Wagtail admin and adds the Permissions-Policy.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # The site's colours come from /theme.css, so public templates carry no inline style.
        # One that needs it writes nonce="{{ request.csp_nonce }}" and django-csp puts that
        # response's nonce here; such a page must stay out of the anonymous page cache, whose
        # copies would keep an old nonce.
        "style-src": [SELF, NONCE],
        # OpenStreetMap tiles under a place's address (static/js/map.js).
        "img-src": [SELF, "data:", "https://*.tile.openstreetmap.org"],
        # Videos that editors embed in a consultation's context.
        "frame-src": [
            SELF,
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
            "https://www.dailymotion.com",
            "https://geo.dailymotion.com",
        ],
        "object-src": [NONE],
        "base-uri": [SELF],
        # Signing in through an OIDC provider posts here, then redirects to the provider.
        "form-action": [SELF, *(_origin(app["settings"]["server_url"]) for app in OIDC_APPS)],
        "frame-ancestors": [NONE],
    }
}

# Where citizens can write to the team (the no-reply sender cannot receive their answers).
CONTACT_EMAIL = env_str("CONTACT_EMAIL")

# Who is mailed each server error (Django's mail_admins handler, DEBUG off): "Name <address>, …".
ADMINS = getaddresses([env_str("ADMINS")]) if env_str("ADMINS") else []

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "consultations.log_redaction.RedactSecrets"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Both log request addresses, which may carry an unsubscribe token or a receipt code.
    "loggers": {
        "django.request": {"filters": ["redact_secrets"]},
        "django.server": {"filters": ["redact_secrets"], "handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint (the synthesis's PDF) logs its progress and every screen-only CSS rule of
        # portal.css it skips, on each PDF; what it could not load is an error and stays.
        "weasyprint": {"level": "ERROR"},
    },
}
