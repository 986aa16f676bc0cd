"""gunicorn settings for the web process; every value can be set from the environment."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# WEB_CONCURRENCY is gunicorn's own variable. By default 2 per core: a sync worker waits for
# PostgreSQL, Elasticsearch and Redis on every request, and a second one per core uses that
# time (make bench, 2 cores, at the rate that saturates them: search p95 110-130 ms with 4
# workers against 150 ms with 2; README "Load").
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
max_requests = 2000  # recycle workers now and then; jitter keeps them from recycling together
max_requests_jitter = 200
# nginx in front sets X-Forwarded-For; the app decides which hops to trust (site/ratelimit.py).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = None  # the app logs one JSON line per request (site/request_log.py)
errorlog = "-"
# Load the application once in the master and fork the workers from it: a worker starts, and
# restarts after max_requests, in milliseconds instead of importing Django and Wagtail again
# (about 2 s of CPU while its share of requests queue), and the workers share that memory.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"


def when_ready(server):
    """Warm the master up before any worker forks (site/warmup.py: no connections opened)."""
    if preload_app:
        from manabi.warmup import warm_up

        warm_up()
