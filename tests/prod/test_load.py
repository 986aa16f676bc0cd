"""The load mix, bounded: locust's realistic mix against the production shape finds no error.

`make bench` runs the same mix for a minute at 2 and 4 workers on the demo catalogue and
reports the numbers (README, "Running in production → Load"); here it runs for seconds on a
small catalogue so that a regression that only shows under concurrent traffic (a 500 on some
facet combination, a worker that dies, a cache key shared by two answers) fails the suite.
"""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from manabi.management.commands.bench_load import load_urls, run_locust
from search.backends.elastic import rebuild
from tests.catalogue.factories import listed_course
from tests.prod.services import gunicorn, manage, process_env, started
from tests.quest.factories import (
    OperatorFactory,
    ProgrammeIndexPageFactory,
    ProgrammePageFactory,
    QuestHomePageFactory,
    RecruitmentRoundFactory,
)

pytestmark = [
    pytest.mark.prodshape,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Every request group of the mix that a learner, a consuming site or an applicant sends
# often enough to appear within a few seconds.
EXPECTED = {
    "/courses/ (search)",
    "/courses/<id>/",
    "/api/v3/courses/search/",
    "/api/v3/courses/",
    "/quest/<page>/",
}


def test_the_load_mix_gets_no_error_from_the_production_shape(site, es, settings, tmp_path):
    settings.SEARCH_BACKEND = "elasticsearch"
    for n, title in enumerate(["Python実践講座", "ＡＩ入門", "データベース設計の基礎"] * 4):
        listed_course(title=f"{title} {n}")
    rebuild()
    home = QuestHomePageFactory(parent=site.root_page)
    programmes = ProgrammeIndexPageFactory(parent=home)
    now = timezone.now()
    round_ = RecruitmentRoundFactory(
        announcement_at=now - dt.timedelta(days=1),
        applications_open_at=now - dt.timedelta(days=1),
        applications_close_at=now + dt.timedelta(days=30),
    )
    for _ in range(3):
        ProgrammePageFactory(
            parent=programmes, recruitment_round=round_, operator=OperatorFactory()
        )
    urls = load_urls()
    urls_file = tmp_path / "urls.json"
    urls_file.write_text(json.dumps(urls, ensure_ascii=False))
    # The mix's application is one the form accepts (a refused one is a locust failure).
    accepted = Client().post("/quest/apply/", {**urls["application"], "email": "check@example.jp"})
    assert accepted.status_code == 302, accepted.content.decode()[:3000]

    env = {
        "SEARCH_BACKEND": "elasticsearch",
        "ELASTICSEARCH_URL": settings.ELASTICSEARCH_URL,
        "SEARCH_INDEX_PREFIX": settings.SEARCH_INDEX_PREFIX,
        "API_RESPONSE_CACHE_SECONDS": "60",
        "PAGE_CACHE_SECONDS": "60",
        "API_ANON_RATE_LIMIT": "0",
    }
    with (
        gunicorn(tmp_path, workers=2, **env) as base,
        started(manage("db_worker"), process_env(**env), tmp_path / "worker.log"),
    ):
        stats = run_locust(base, 10, 12, urls_file, tmp_path / "locust", process_env(**env))

    by_endpoint = stats["by_endpoint"]
    assert {name for name, row in by_endpoint.items() if row["requests"]} >= EXPECTED, by_endpoint
    failures = (tmp_path / "locust_failures.csv").read_text(encoding="utf-8")
    assert stats["total"]["failures"] == 0, failures
    assert stats["total"]["requests"] >= 50, stats["total"]


def test_the_benchmark_counts_cpu_of_processes_and_of_their_exited_children():
    """bench_load reports the cores each process used; gunicorn recycles workers during a
    step, so the master's count includes the workers it reaped."""
    import os
    import subprocess
    import sys

    from manabi.management.commands.bench_load import process_cpu_seconds

    own_before = process_cpu_seconds(os.getpid())
    before = process_cpu_seconds(os.getpid(), reaped=True)
    subprocess.run([sys.executable, "-c", "sum(i * i for i in range(3_000_000))"], check=True)
    child = process_cpu_seconds(os.getpid(), reaped=True) - before
    own = process_cpu_seconds(os.getpid()) - own_before
    assert child >= 0.1  # the child's ~0.3 s of arithmetic, counted once it exited
    assert own < child
    assert process_cpu_seconds(2**22 + 7) == 0.0  # a process that is gone counts nothing


def test_latency_is_read_where_the_cores_or_the_rate_saturate():
    from manabi.management.commands.bench_load import is_knee

    saturated = {"total": {"rps": 300.0}}
    assert not is_knee({"total": {"rps": 200.0}, "cpu_busy": 0.8}, saturated)
    assert is_knee({"total": {"rps": 231.0}, "cpu_busy": 0.94}, saturated)  # the cores are full
    assert is_knee({"total": {"rps": 275.0}, "cpu_busy": 0.85}, saturated)  # the rate is
    assert not is_knee({"total": {"rps": 260.0}}, saturated)  # no /proc: the rate alone
