"""Settings for pytest: PostgreSQL and Elasticsearch started by tests/services/provision.sh."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-key-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
DATABASES = {"default": env.database(default="postgres://manabi:manabi@127.0.0.1:5432/manabi")}
ELASTICSEARCH_URL = env.url("ELASTICSEARCH_URL", default="http://127.0.0.1:9200")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests see every change at once; the response cache has tests of its own.
API_RESPONSE_CACHE_SECONDS = env.int("API_RESPONSE_CACHE_SECONDS", 0)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", 0)

# The shared cache is the Redis that tests/services/provision.sh starts (REDIS_PORT);
# tests/conftest.py gives each test its own key prefix in it.
CACHES = env.cache(default="redis://127.0.0.1:6379/0")
# Tests sign staff in with force_login; the second-factor tests turn this on themselves.
SECOND_FACTOR_REQUIRED = False
# A throwaway badge key directory per test run (tests/community/conftest.py makes keys).
BADGE_KEY_DIR = VAR_DIR / "test-badge-keys"  # noqa: F405
BADGE_BASE_URL = "https://testserver"
