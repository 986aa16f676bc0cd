"""The one place where settings read the process environment.

Every variable the project understands is read here, validated, and turned
into a Python value. A missing or malformed value raises
``ImproperlyConfigured`` whose message starts with the variable's name, so
``manage.py`` and the WSGI entry point can report it on a single line.
"""

import os
from urllib.parse import parse_qsl, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SEARCH_BACKENDS = ("database", "elasticsearch")
TASKS_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


class Environment:
    """Typed, validating access to environment variables."""

    def __init__(self, environ=None):
        self.environ = os.environ if environ is None else environ

    def str(self, name, default=None):
        value = self.environ.get(name)
        return default if value is None else value.strip()

    def required(self, name, why):
        value = self.str(name)
        if not value:
            raise ImproperlyConfigured(f"{name} is not set: {why}")
        return value

    def bool(self, name, default=False):
        value = self.str(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in TRUE_VALUES:
            return True
        if lowered in FALSE_VALUES:
            return False
        raise ImproperlyConfigured(f"{name}={value!r} is not a boolean: use true or false")

    def int(self, name, default):
        value = self.str(name)
        if not value:
            return default
        try:
            return int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None

    def list(self, name, default=()):
        value = self.str(name)
        if value is None:
            return list(default)
        return [item.strip() for item in value.split(",") if item.strip()]

    def choice(self, name, choices, default):
        value = self.str(name) or default
        if value not in choices:
            raise ImproperlyConfigured(f"{name}={value!r} is not one of: {', '.join(choices)}")
        return value

    def url(self, name, default=None, schemes=("http", "https")):
        value = self.str(name) or default
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in schemes or not parts.netloc:
            raise ImproperlyConfigured(
                f"{name}={value!r} is not a URL with scheme {' or '.join(schemes)}"
            )
        return value.rstrip("/")

    def url_list(self, name, schemes=("http", "https")):
        """A comma-separated list of URLs (several Elasticsearch nodes), each checked as ``url``."""
        value = self.str(name)
        if not value:
            return None
        urls = [part.strip() for part in value.split(",") if part.strip()]
        for url in urls:
            Environment({name: url}).url(name, schemes=schemes)
        return ",".join(url.rstrip("/") for url in urls)

    def database(self, default):
        """Django ``DATABASES["default"]`` from ``DATABASE_URL``."""
        value = self.str("DATABASE_URL") or default
        try:
            config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
        except ValueError as exc:
            raise ImproperlyConfigured(f"DATABASE_URL={value!r} cannot be used: {exc}") from None
        if not config.get("ENGINE"):
            raise ImproperlyConfigured(f"DATABASE_URL={value!r} names no known database engine")
        return config

    def email(self, default):
        """Django e-mail settings from ``EMAIL_URL``.

        ``smtp://user:password@host:587`` (STARTTLS), ``smtps://…:465`` (TLS),
        ``console://`` or ``locmem://``.
        """
        value = self.str("EMAIL_URL") or default
        parts = urlsplit(value)
        backends = {
            "console": "django.core.mail.backends.console.EmailBackend",
            "locmem": "django.core.mail.backends.locmem.EmailBackend",
            "smtp": "django.core.mail.backends.smtp.EmailBackend",
            "smtps": "django.core.mail.backends.smtp.EmailBackend",
        }
        if parts.scheme not in backends:
            raise ImproperlyConfigured(
                f"EMAIL_URL={value!r} must start with one of: "
                + ", ".join(f"{scheme}://" for scheme in backends)
            )
        config = {"EMAIL_BACKEND": backends[parts.scheme]}
        if parts.scheme.startswith("smtp"):
            if not parts.hostname:
                raise ImproperlyConfigured(f"EMAIL_URL={value!r} names no SMTP host")
            try:
                port = parts.port or (465 if parts.scheme == "smtps" else 587)
            except ValueError:
                raise ImproperlyConfigured(f"EMAIL_URL={value!r} has an invalid port") from None
            config.update(
                EMAIL_HOST=parts.hostname,
                EMAIL_PORT=port,
                EMAIL_HOST_USER=unquote(parts.username or ""),
                EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
                EMAIL_USE_SSL=parts.scheme == "smtps",
                EMAIL_USE_TLS=parts.scheme == "smtp" and port != 25,
            )
        return config

    def tasks_backend(self, default):
        """django-tasks backend path from ``TASKS_BACKEND``: ``immediate`` or ``database``."""
        name = self.choice("TASKS_BACKEND", tuple(TASKS_BACKENDS), default)
        return TASKS_BACKENDS[name]

    def media_storage(self):
        """Django ``STORAGES["default"]`` for S3-compatible storage, from ``MEDIA_STORAGE_URL``.

        ``s3://bucket/optional/prefix?endpoint_url=https://…&region=ap-northeast-1``. Credentials
        come from boto3's own environment (``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``), so
        they never sit in a URL that might be logged. Unset means the local disk.
        """
        value = self.str("MEDIA_STORAGE_URL")
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme != "s3" or not parts.netloc:
            raise ImproperlyConfigured(
                f"MEDIA_STORAGE_URL={value!r} must look like s3://bucket?endpoint_url=https://…"
            )
        query = dict(parse_qsl(parts.query))
        unknown = set(query) - {"endpoint_url", "region"}
        if unknown:
            raise ImproperlyConfigured(
                f"MEDIA_STORAGE_URL has unknown parameters: {', '.join(sorted(unknown))}"
            )
        options = {
            "bucket_name": parts.netloc,
            "location": parts.path.strip("/"),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "signature_version": "s3v4",
        }
        if "endpoint_url" in query:
            options["endpoint_url"] = query["endpoint_url"]
        if "region" in query:
            options["region_name"] = query["region"]
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}

    # -- shared cache ----------------------------------------------------------
    def cache(self, default):
        """Django ``CACHES`` from ``CACHE_URL`` (or ``REDIS_URL``).

        ``redis://[:password@]host:6379/0`` or ``rediss://…`` (Django's built-in
        RedisCache on redis-py: counters and cached answers shared by every
        process), or ``locmem://`` (one cache per process, the quick start).
        ``CACHE_KEY_PREFIX`` separates sites or test runs sharing one Redis.
        """
        value = self.str("CACHE_URL") or self.str("REDIS_URL") or default
        name = "CACHE_URL" if self.str("CACHE_URL") else "REDIS_URL"
        parts = urlsplit(value)
        prefix = self.str("CACHE_KEY_PREFIX", "")
        if parts.scheme == "locmem":
            return {
                "default": {
                    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                    "KEY_PREFIX": prefix,
                }
            }
        if parts.scheme in ("redis", "rediss"):
            if not parts.hostname:
                raise ImproperlyConfigured(f"{name}={value!r} names no Redis host")
            try:
                parts.port  # noqa: B018 - urlsplit checks the port only when asked
            except ValueError:
                raise ImproperlyConfigured(f"{name}={value!r} has an invalid port") from None
            return {
                "default": {
                    # Django's RedisCache, reading as misses while Redis is down (fail open).
                    "BACKEND": "manabi.cache.ResilientRedisCache",
                    "LOCATION": value,
                    "KEY_PREFIX": prefix,
                    # A Redis that does not answer costs a request at most this long
                    # (see manabi.ratelimit for what the rate limits do then).
                    "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
                }
            }
        raise ImproperlyConfigured(
            f"{name}={value!r} must start with redis://, rediss:// or locmem://"
        )

    def trusted_proxy_count(self):
        """How many reverse proxies of ours append to X-Forwarded-For (``TRUSTED_PROXY_COUNT``)."""
        if self.str("API_TRUST_X_FORWARDED_FOR"):
            raise ImproperlyConfigured(
                "API_TRUST_X_FORWARDED_FOR is replaced by TRUSTED_PROXY_COUNT: the number of "
                "reverse proxies in front of the application (0 when clients connect directly)"
            )
        count = self.int("TRUSTED_PROXY_COUNT", 0)
        if count < 0:
            raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT={count} must be 0 or more")
        return count

    # ------------------------------------------------------------------ partner sign-in (gBizID)
    def gbizid(self, demo_port=None):
        """gBizID (OpenID Connect) settings, or None when ``GBIZID_ISSUER`` is unset.

        Every endpoint defaults to gBizID's path under the issuer and can be overridden one by one
        (``GBIZID_AUTHORIZATION_ENDPOINT``, ``…_TOKEN_…``, ``…_USERINFO_…``, ``…_JWKS_…``).
        With ``demo_port`` (the quick start) an unset issuer means the local demo provider.
        """
        if demo_port is not None and not self.str("GBIZID_ISSUER"):
            return Environment(
                {
                    **self.environ,
                    "GBIZID_ISSUER": f"http://127.0.0.1:{demo_port}/oauth/",
                    "GBIZID_CLIENT_ID": GBIZID_DEMO_CLIENT_ID,
                    "GBIZID_CLIENT_SECRET": GBIZID_DEMO_CLIENT_SECRET,
                }
            ).gbizid()
        issuer = self.url("GBIZID_ISSUER")
        if issuer is None:
            for name in ("GBIZID_CLIENT_ID", "GBIZID_CLIENT_SECRET", *GBIZID_ENDPOINTS.values()):
                if self.str(name):
                    raise ImproperlyConfigured(
                        f"GBIZID_ISSUER is not set: {name} needs the issuer it belongs to"
                    )
            return None
        config = {
            "issuer": issuer + "/",
            "client_id": self.required("GBIZID_CLIENT_ID", "gBizID sign-in needs the client ID"),
            "client_secret": self.required(
                "GBIZID_CLIENT_SECRET", "gBizID sign-in needs the client secret"
            ),
        }
        for key, name in GBIZID_ENDPOINTS.items():
            config[key] = self.url(name, default=f"{issuer}/{GBIZID_ENDPOINT_PATHS[key]}")
        host = (urlsplit(issuer).hostname or "").lower()
        config["is_local"] = host in LOOPBACK_HOSTS or config["client_id"] == GBIZID_DEMO_CLIENT_ID
        return config


# gBizID's endpoints under its issuer (https://gbiz-id.go.jp/oauth/), and their override variables.
GBIZID_ENDPOINTS = {
    "authorization_endpoint": "GBIZID_AUTHORIZATION_ENDPOINT",
    "token_endpoint": "GBIZID_TOKEN_ENDPOINT",
    "userinfo_endpoint": "GBIZID_USERINFO_ENDPOINT",
    "jwks_endpoint": "GBIZID_JWKS_ENDPOINT",
}
GBIZID_ENDPOINT_PATHS = {
    "authorization_endpoint": "authorize",
    "token_endpoint": "token",
    "userinfo_endpoint": "userinfo",
    "jwks_endpoint": ".well-known/jwks.json",
}
GBIZID_DEMO_CLIENT_ID = "manabi-demo"
GBIZID_DEMO_CLIENT_SECRET = "manabi-demo-secret"  # noqa: S105 - the demo provider's, public


def gbizid_oidc_settings(config):
    """The mozilla-django-oidc settings for a ``Environment.gbizid()`` result."""
    config = config or {}
    return {
        "OIDC_RP_CLIENT_ID": config.get("client_id"),
        "OIDC_RP_CLIENT_SECRET": config.get("client_secret"),
        "OIDC_OP_AUTHORIZATION_ENDPOINT": config.get("authorization_endpoint"),
        "OIDC_OP_TOKEN_ENDPOINT": config.get("token_endpoint"),
        "OIDC_OP_USER_ENDPOINT": config.get("userinfo_endpoint"),
        "OIDC_OP_JWKS_ENDPOINT": config.get("jwks_endpoint"),
    }


LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


env = Environment()
