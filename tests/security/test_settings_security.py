"""Production cookies, the cache and proxy settings read from the environment (#9 items 6-7)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from manabi.settings.environment import Environment
from tests.manabi.test_settings import PRODUCTION_DB, STRONG_KEY, manage

PRINT_SETTINGS = (
    "from django.conf import settings as s; "
    "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
    "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_AGE, s.CACHES['default']['BACKEND'].rsplit('.', 1)[1], "
    "s.TRUSTED_PROXY_COUNT, s.WAGTAIL_GRAVATAR_PROVIDER_URL)"
)


def test_production_uses_host_prefixed_secure_cookies_and_redis():
    result = manage(
        "shell",
        "-c",
        PRINT_SETTINGS,
        env_overrides={
            "SECRET_KEY": STRONG_KEY,
            "ALLOWED_HOSTS": "manabi-dx.example.jp",
            "DATABASE_URL": PRODUCTION_DB,
            "REDIS_URL": "redis://127.0.0.1:6379/1",
            "TRUSTED_PROXY_COUNT": "1",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "1800",
        "ResilientRedisCache",
        "1",
        "None",
    ]


def test_the_quick_start_keeps_a_cache_per_process():
    caches = Environment({}).cache(default="locmem://")
    assert caches["default"]["BACKEND"].endswith("LocMemCache")


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"CACHE_URL": "memcached://x"}, "CACHE_URL='memcached://x' must start with redis://"),
        ({"REDIS_URL": "redis://"}, "REDIS_URL='redis://' names no Redis host"),
        ({"REDIS_URL": "redis://h:port/0"}, "REDIS_URL='redis://h:port/0' has an invalid port"),
    ],
)
def test_bad_cache_urls_are_one_clear_line(environ, message):
    with pytest.raises(ImproperlyConfigured, match=message.replace("?", r"\?")):
        Environment(environ).cache(default="locmem://")


def test_the_old_forwarded_for_switch_is_refused_with_its_replacement():
    with pytest.raises(ImproperlyConfigured, match="replaced by TRUSTED_PROXY_COUNT"):
        Environment({"API_TRUST_X_FORWARDED_FOR": "true"}).trusted_proxy_count()
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXY_COUNT=-1"):
        Environment({"TRUSTED_PROXY_COUNT": "-1"}).trusted_proxy_count()
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        Environment({"TRUSTED_PROXY_COUNT": "one"}).trusted_proxy_count()
