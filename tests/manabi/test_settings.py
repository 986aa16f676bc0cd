"""Settings read the environment once, reject bad values in one line, and deploy cleanly."""

import os
import subprocess
import sys
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from manabi.settings.environment import Environment

VAR_DIR = tempfile.mkdtemp(prefix="manabi-settings-")
ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_DB = "postgres://manabi:manabi@127.0.0.1:5432/manabi"
STRONG_KEY = "k" * 10 + "9f8e7d6c5b4a3928171605f4e3d2c1b0a9f8e7d6c5b4a39281716"


def manage(*args, env_overrides, settings_module="manabi.settings.production"):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by browser fixtures for their own thread, never a deployment.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
        )
    }
    env.update({"DJANGO_SETTINGS_MODULE": settings_module, "MANABI_VAR_DIR": VAR_DIR})
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_without_secret_key_says_so_in_one_line():
    result = manage("check", env_overrides={"ALLOWED_HOSTS": "manabi-dx.example.jp"})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Configuration error: SECRET_KEY is not set: production needs a long random secret key"
    ]
    assert "Traceback" not in result.stderr


def test_production_never_falls_back_to_sqlite():
    base = {"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "manabi-dx.example.jp"}
    result = manage("check", env_overrides=base)
    assert result.returncode == 2
    assert result.stderr.startswith("Configuration error: DATABASE_URL is not set")
    result = manage("check", env_overrides={**base, "DATABASE_URL": "sqlite:////tmp/x.sqlite3"})
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Configuration error: DATABASE_URL must name PostgreSQL in production"
    )


def test_production_without_allowed_hosts_says_so():
    result = manage("check", env_overrides={"SECRET_KEY": STRONG_KEY})
    assert result.returncode == 2
    assert result.stderr.startswith("Configuration error: ALLOWED_HOSTS is not set")


def test_production_passes_check_deploy_without_warnings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "SECRET_KEY": STRONG_KEY,
            "ALLOWED_HOSTS": "manabi-dx.example.jp",
            "DATABASE_URL": PRODUCTION_DB,
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_needs_a_shared_cache():
    base = {
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "manabi-dx.example.jp",
        "DATABASE_URL": PRODUCTION_DB,
        "CACHE_URL": "",
        "REDIS_URL": "",
    }
    result = manage("check", env_overrides=base)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Configuration error: REDIS_URL (or CACHE_URL) is not set: production needs Redis, "
        "shared by every process"
    )
    result = manage("check", env_overrides={**base, "CACHE_URL": "locmem://"})
    assert result.returncode == 2


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DATABASE_URL", "nosuchdb://x/y", "DATABASE_URL='nosuchdb://x/y' cannot be used"),
        ("SEARCH_BACKEND", "solr", "SEARCH_BACKEND='solr' is not one of: database, elasticsearch"),
        ("ELASTICSEARCH_URL", "localhost:9200", "ELASTICSEARCH_URL='localhost:9200' is not a URL"),
        ("EMAIL_URL", "ftp://mail", "EMAIL_URL='ftp://mail' must start with one of"),
        ("SECURE_SSL_REDIRECT", "maybe", "SECURE_SSL_REDIRECT='maybe' is not a boolean"),
        ("TASKS_BACKEND", "celery", "TASKS_BACKEND='celery' is not one of: immediate, database"),
        ("LOG_FORMAT", "xml", "LOG_FORMAT='xml' is not one of: text, json"),
        ("MEDIA_STORAGE_URL", "ftp://bucket", "MEDIA_STORAGE_URL='ftp://bucket' must look like"),
        ("MEDIA_STORAGE_URL", "s3://b?acl=public", "MEDIA_STORAGE_URL has unknown parameters: acl"),
    ],
)
def test_bad_environment_value_is_one_clear_line(variable, value, message):
    result = manage(
        "check",
        env_overrides={
            "SECRET_KEY": STRONG_KEY,
            "ALLOWED_HOSTS": "x.example.jp",
            "DATABASE_URL": PRODUCTION_DB,
            variable: value,
        },
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Configuration error: {message}")


def test_elasticsearch_backend_needs_its_url():
    with pytest.raises(ImproperlyConfigured, match="ELASTICSEARCH_URL is not set"):
        Environment({}).required("ELASTICSEARCH_URL", "SEARCH_BACKEND=elasticsearch needs it")
    result = manage(
        "check",
        env_overrides={
            "SECRET_KEY": STRONG_KEY,
            "ALLOWED_HOSTS": "x",
            "SEARCH_BACKEND": "elasticsearch",
        },
    )
    assert result.returncode == 2
    assert "ELASTICSEARCH_URL is not set" in result.stderr


def test_email_url_forms():
    smtp = Environment({"EMAIL_URL": "smtp://user%40x:p%3Ass@mail.example.jp:587"}).email(
        "console://"
    )
    assert smtp["EMAIL_HOST"] == "mail.example.jp"
    assert smtp["EMAIL_HOST_USER"] == "user@x"
    assert smtp["EMAIL_HOST_PASSWORD"] == "p:ss"
    assert smtp["EMAIL_USE_TLS"] is True
    tls = Environment({"EMAIL_URL": "smtps://mail.example.jp"}).email("console://")
    assert (tls["EMAIL_PORT"], tls["EMAIL_USE_SSL"]) == (465, True)
    assert Environment({}).email("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    with pytest.raises(ImproperlyConfigured, match="names no SMTP host"):
        Environment({"EMAIL_URL": "smtp://"}).email("console://")


def test_japanese_locale_and_timezone(settings):
    assert settings.LANGUAGE_CODE == "ja"
    assert settings.TIME_ZONE == "Asia/Tokyo"
    assert settings.DEBUG is False


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail(f"models changed without a migration:\n{out.getvalue()}")
