"""Production: HTTPS everywhere, hashed and compressed static files, tasks run by a worker."""

from .base import *  # noqa: F403
from .environment import env_bool, env_int, env_str

if DEBUG:  # noqa: F405
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DEBUG must be off with portal.settings.production.")

if EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend" and not env_str("EMAIL_URL"):  # noqa: F405
    from django.core.exceptions import ImproperlyConfigured

    # Without a mail server the console backend would write password-reset and sign-in links
    # into the server's log, where anyone who reads the log could use them.
    raise ImproperlyConfigured(
        "Set EMAIL_URL (or EMAIL_HOST) with portal.settings.production: without a mail server, "
        "password-reset links would be written to the server log."
    )

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
