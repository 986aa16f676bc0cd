"""The index follows the catalogue after each commit, survives failures, and rebuilds behind an alias."""

import logging
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.http import QueryDict

from catalogue import services
from search.backends import elastic
from search.backends.elastic import ElasticsearchSearchBackend, alias_name
from search.query import parse_search_query
from search.service import search
from tests.catalogue.factories import CourseFactory, SecretariatUserFactory, list_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def es_backend(es, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    return es


def indexed_ids(es):
    es.indices.refresh(index=alias_name())
    return {int(hit["_id"]) for hit in es.search(index=alias_name(), size=100)["hits"]["hits"]}


def test_publish_unpublish_suspend_and_delete_update_the_index(
    es_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        course = list_course(CourseFactory(title="索引テスト講座"))
    assert indexed_ids(es_backend) == {course.pk}

    with django_capture_on_commit_callbacks(execute=True):
        services.suspend_listing(course, SecretariatUserFactory(), "a", "確認中")
    assert indexed_ids(es_backend) == set()

    with django_capture_on_commit_callbacks(execute=True):
        services.resume_listing(course, SecretariatUserFactory(), "確認済み")
    assert indexed_ids(es_backend) == {course.pk}

    with django_capture_on_commit_callbacks(execute=True):
        course.delete()
    assert indexed_ids(es_backend) == set()


def test_partner_rename_reindexes_its_courses(es_backend, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        course = list_course(CourseFactory())
        partner = course.partner
        partner.name = "新しい社名株式会社"
        partner.save_revision().publish()
    es_backend.indices.refresh(index=alias_name())
    doc = es_backend.get(index=alias_name(), id=course.pk)
    assert doc["_source"]["partner_name"] == "新しい社名株式会社"


def test_indexing_failure_is_logged_and_never_breaks_the_save(
    es_backend, settings, caplog, django_capture_on_commit_callbacks
):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    with (
        caplog.at_level(logging.ERROR, logger="search.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        course = list_course(CourseFactory())
    course.refresh_from_db()
    assert course.live
    assert f"search index update failed for course ids [{course.pk}]" in caplog.text


def test_search_falls_back_to_the_database_when_elasticsearch_does_not_answer(
    client, site, catalogue_data, es_backend, settings, caplog
):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    from search import service

    service._last_warning["at"] = -service.WARNING_INTERVAL
    with caplog.at_level(logging.WARNING, logger="search.service"):
        page = client.get("/courses/", {"q": "データ"})
        api = client.get("/api/v3/courses/search/", {"level": "3"})
        client.get("/courses/")
    assert page.status_code == 200
    assert "2 件の講座" in page.content.decode()
    assert api.status_code == 200
    assert api.json()["count"] == 2
    warnings = [r for r in caplog.records if "searching the database instead" in r.getMessage()]
    assert len(warnings) == 1  # once a minute, not once a request


def test_rebuild_swaps_the_alias_while_searches_keep_working(catalogue_data, es_backend):
    elastic.rebuild()
    first_index = set(es_backend.indices.get_alias(name=alias_name()))
    failures, totals = [], []
    stop = threading.Event()
    query = parse_search_query(QueryDict("level=3"))

    def keep_searching():
        try:
            while not stop.is_set():
                totals.append(search(query, backend=ElasticsearchSearchBackend()).total)
        except Exception as exc:
            failures.append(exc)
        finally:
            connection.close()

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        for _ in range(3):
            elastic.rebuild()
    finally:
        stop.set()
        searcher.join(timeout=30)

    assert failures == []
    assert totals and set(totals) == {2}
    current = set(es_backend.indices.get_alias(name=alias_name()))
    assert current != first_index and len(current) == 1
    # Old indices are gone: only the current one carries the prefix.
    assert set(es_backend.indices.get(index=f"{alias_name()}-*")) == current


def test_search_index_command_rebuilds_and_reports_drift(catalogue_data, es_backend):
    out = StringIO()
    call_command("search_index", "--rebuild", stdout=out)
    assert "Indexed 5 courses" in out.getvalue()
    assert "5/5" in out.getvalue()

    ok = StringIO()
    call_command("search_index", "--check", stdout=ok)
    assert "The search text and index match the database." in ok.getvalue()

    # A course published while indexing was not running leaves the index behind.
    extra = list_course(CourseFactory())
    drift = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("search_index", "--check", stdout=drift)
    assert exit_info.value.code == 1
    assert f"1 listed courses missing from the index: [{extra.pk}]" in drift.getvalue()


def test_search_index_command_without_a_server_is_a_clear_error(settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    with pytest.raises(CommandError, match="did not answer"):
        call_command("search_index", "--check", stdout=StringIO())
