"""Health endpoints for load balancers and orchestration.

``/healthz`` says the process answers (it touches nothing else, so a database
outage does not make every web process look dead and get restarted).
``/readyz`` says whether this process can serve: PostgreSQL is required; the
cache (Redis) and Elasticsearch are reported but only ``degraded`` when down,
because the site still serves without them (rate limits fail open, the API
answers uncached, course search answers from the database).
"""

import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from search.elasticsearch import get_client


def _timed(check):
    started = time.monotonic()
    try:
        detail = check()
        status = "up"
    except Exception as exc:  # a readiness probe reports every failure, whatever its type
        detail = f"{type(exc).__name__}: {exc}"[:300]
        status = "down"
    result = {"status": status, "ms": round((time.monotonic() - started) * 1000, 1)}
    if detail:
        result["detail"] = detail
    return result


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def _cache():
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not return what was written")
    cache.delete(key)
    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def _elasticsearch():
    client = get_client().options(request_timeout=2)
    health = client.cluster.health()
    if health["status"] == "red":
        raise RuntimeError("cluster status red")
    return f"cluster {health['status']}"


@never_cache
@require_safe
def healthz(request):
    """The process is alive and answers HTTP."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    """Each service this process uses, and an overall ``ok`` / ``degraded`` / ``down``."""
    checks = {"database": _timed(_database), "cache": _timed(_cache)}
    if settings.SEARCH_BACKEND == "elasticsearch":
        checks["elasticsearch"] = _timed(_elasticsearch)
    if checks["database"]["status"] == "down":
        overall = "down"
    elif any(check["status"] == "down" for check in checks.values()):
        overall = "degraded"
    else:
        overall = "ok"
    return JsonResponse(
        {"status": overall, "checks": checks}, status=503 if overall == "down" else 200
    )
