"""The production shape, bounded: real processes (scheduler, task worker, gunicorn) on loopback
against PostgreSQL and Elasticsearch. `make prodcheck` runs these and the fault tests at length."""

import datetime as dt
import time

import pytest
import requests
from django.utils import timezone

from quest.models import ProgrammePage
from search.backends.elastic import alias_name, ensure_index
from tests.catalogue.factories import listed_course
from tests.prod.services import gunicorn, manage, process_env, started
from tests.quest.factories import (
    programme_scheduled_for,
)

pytestmark = [
    pytest.mark.prodshape,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def wait_until(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"not within {timeout} s: {what}")


def test_a_scheduled_programme_goes_live_through_the_scheduler(site, tmp_path):
    """Nobody types publish_scheduled: the scheduler process publishes at the announcement."""
    announcement = timezone.now() + dt.timedelta(seconds=6)
    # Published now: the round's rule turns this into a scheduled publication.
    page = programme_scheduled_for(site, announcement)
    programmes = page.get_parent()
    assert not page.live

    def index_pages():
        # A new connection each time, so each worker answers (and caches) some of them.
        return [
            requests.get(index, headers={"Connection": "close"}, timeout=5).text for _ in range(6)
        ]

    with (
        gunicorn(tmp_path, PAGE_CACHE_SECONDS="60") as base,
        started(manage("run_scheduler"), process_env(), tmp_path / "scheduler.log"),
    ):
        url = f"{base}{page.url_path[len(site.root_page.url_path) - 1 :]}"
        index = f"{base}{programmes.url_path[len(site.root_page.url_path) - 1 :]}"
        assert requests.get(url, timeout=5).status_code == 404
        # The index, shared from the page cache in every worker, does not list it yet.
        assert not any(page.title in html for html in index_pages())
        wait_until(
            lambda: ProgrammePage.objects.live().filter(pk=page.pk).exists(), 40, "page live"
        )
        page.refresh_from_db()
        assert page.first_published_at >= announcement
        assert requests.get(url, timeout=5).status_code == 200
        # Published by the scheduler process: no worker shares the index from before.
        assert all(page.title in html for html in index_pages())


def test_index_updates_are_queued_and_applied_by_the_worker(site, es, settings, tmp_path):
    """A published course reaches Elasticsearch through the database queue and the worker."""
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ensure_index()
    course = listed_course(title="キューで索引されるPython講座")
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.filter(task_path="search.tasks.sync_course_index")
    assert queued.count() == 1

    def indexed():
        return es.exists(index=alias_name(), id=course.pk).body

    assert not indexed()
    env = process_env(SEARCH_BACKEND="elasticsearch", ELASTICSEARCH_URL=settings.ELASTICSEARCH_URL)
    with started(manage("db_worker", "--interval", "0.5"), env, tmp_path / "worker.log"):
        wait_until(indexed, 40, "course indexed by the worker")
    assert queued.get().status == "SUCCESSFUL"
