"""Processes of the production shape, started for a test on loopback and always stopped."""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    """The URL of the database this test uses (pytest-django's test database)."""
    db = settings.DATABASES["default"]
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def process_env(**overrides):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="manabi.settings.prodcheck",
        DATABASE_URL=database_url(),
        SEARCH_INDEX_PREFIX=settings.SEARCH_INDEX_PREFIX,
        # The processes share this test's key space in Redis (tests/conftest.py gives each its own).
        CACHE_KEY_PREFIX=settings.CACHES["default"].get("KEY_PREFIX", ""),
        PYTHONUNBUFFERED="1",
    )
    env.update({k: str(v) for k, v in overrides.items()})
    return env


@contextmanager
def started(args, env, log_path, ready=None, timeout=60):
    """Run ``args`` until the block ends; ``ready()`` is polled until it is true."""
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            deadline = time.monotonic() + timeout
            while ready is not None and not ready():
                if proc.poll() is not None:
                    raise RuntimeError(f"{args[0]} exited: {Path(log_path).read_text()[-3000:]}")
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{args} not ready: {Path(log_path).read_text()[-3000:]}")
                time.sleep(0.3)
            yield proc
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()


def answers(url):
    def check():
        try:
            return requests.get(url, timeout=2).status_code < 500
        except requests.RequestException:
            return False

    return check


@contextmanager
def gunicorn(tmp_path, workers=2, **env):
    port = free_port()
    args = [
        sys.executable, "-m", "gunicorn", "manabi.wsgi", "-c", "deploy/gunicorn.conf.py",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
    ]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    with started(args, process_env(**env), tmp_path / "gunicorn.log", answers(f"{base}/healthz")):
        yield base


def manage(*args):
    return [sys.executable, "manage.py", *args]
