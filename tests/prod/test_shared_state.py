"""State shared by every web process (Redis): rate limits and the API response cache hold across
gunicorn workers; Redis down does not take the site down (the limits fail open)."""

import time

import pytest
import requests

from tests.catalogue.factories import list_course, listed_course
from tests.prod.services import free_port, gunicorn, started

pytestmark = [
    pytest.mark.prodshape,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def fresh_get(url):
    # A new connection each time, so gunicorn hands requests to whichever worker is free.
    return requests.get(url, headers={"Connection": "close"}, timeout=10)


def test_anonymous_rate_limit_holds_across_workers(site, tmp_path):
    env = {"API_ANON_RATE_LIMIT": "20", "API_RATE_LIMIT_WINDOW": "60"}
    with gunicorn(tmp_path, workers=2, **env) as base:
        statuses = [fresh_get(f"{base}/api/v3/courses/").status_code for _ in range(40)]
    assert statuses.count(200) == 20
    assert statuses.count(429) == 20
    pids = (tmp_path / "gunicorn.log").read_text()
    assert pids.count("Booting worker") == 2


def test_a_publish_invalidates_cached_answers_in_every_worker(site, tmp_path):
    course = listed_course(title="最初からある講座")
    page = f"/courses/{course.pk}/"
    env = {
        "API_RESPONSE_CACHE_SECONDS": "60",
        "API_ANON_RATE_LIMIT": "0",
        "PAGE_CACHE_SECONDS": "60",
    }
    with gunicorn(tmp_path, workers=2, **env) as base:
        before = {fresh_get(f"{base}/api/v3/courses/").json()["count"] for _ in range(10)}
        assert before == {1}
        assert all("最初からある講座" in fresh_get(f"{base}{page}").text for _ in range(6))
        listed_course(title="あとから掲載した講座")  # published by another process
        course.title = "最初からある講座（改訂）"
        list_course(course)
        after = {fresh_get(f"{base}/api/v3/courses/").json()["count"] for _ in range(10)}
        pages = [fresh_get(f"{base}{page}").text for _ in range(6)]
    assert after == {2}
    assert all("最初からある講座（改訂）" in html for html in pages)


@pytest.mark.faults
def test_redis_down_the_site_still_serves(site, tmp_path):
    port = free_port()
    redis = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"]  # fmt: skip
    env = {"CACHE_URL": f"redis://127.0.0.1:{port}/0", "API_ANON_RATE_LIMIT": "5"}
    listed_course(title="Redisが止まっても見える講座")
    with started(redis, {"PATH": "/usr/bin:/bin"}, tmp_path / "redis.log") as server:
        time.sleep(0.5)
        with gunicorn(tmp_path, workers=2, **env) as base:
            limited = [fresh_get(f"{base}/api/v3/courses/").status_code for _ in range(8)]
            assert limited.count(429) == 3
            server.terminate()
            server.wait(timeout=10)
            during = [fresh_get(f"{base}{path}") for path in ("/", "/api/v3/courses/") * 4]
            ready = fresh_get(f"{base}/readyz")
    assert all(r.status_code == 200 for r in during), [r.status_code for r in during]
    assert ready.status_code == 200 and ready.json()["status"] == "degraded"
    assert ready.json()["checks"]["cache"]["status"] == "down"
