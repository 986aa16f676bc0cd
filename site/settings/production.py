"""Production: refuses to start without a secret key and host names."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env.required("SECRET_KEY", "production needs a long random secret key")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    env.required("ALLOWED_HOSTS", "production needs the site's host names, comma-separated")

# Production never falls back to the quick start's SQLite file.
env.required("DATABASE_URL", "production needs PostgreSQL, e.g. postgres://user:pass@host/manabi")
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    raise ImproperlyConfigured("DATABASE_URL must name PostgreSQL in production")
# Background work is queued in the database and run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": env.tasks_backend(default="database")}}
LOG_FORMAT = env.choice("LOG_FORMAT", ("text", "json"), default="json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
)

# __Host- cookies are sent only over HTTPS, for this exact host and path "/", so a
# sibling subdomain cannot plant or overwrite them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
# The local demo OpenID Provider (make run) must never sign anyone in to production.
if GBIZID and GBIZID["is_local"]:  # noqa: F405
    raise ImproperlyConfigured(
        f"GBIZID_ISSUER={GBIZID['issuer']!r} is the local demo provider: production needs "  # noqa: F405
        "gBizID's issuer (https://gbiz-id.go.jp/oauth/) and the client registered with it"
    )
if GBIZID and not GBIZID["issuer"].startswith("https://"):  # noqa: F405
    raise ImproperlyConfigured(
        f"GBIZID_ISSUER={GBIZID['issuer']!r} is not https: production talks to gBizID over TLS only"  # noqa: F405
    )

# Rate limits, cached pages and API answers, and the version that invalidates them must be
# shared by every process: with a cache per process a web worker would keep serving a page
# that the scheduler or the admin (another process) published or withdrew.
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):  # noqa: F405
    raise ImproperlyConfigured(
        "REDIS_URL (or CACHE_URL) is not set: production needs Redis, shared by every process"
    )
