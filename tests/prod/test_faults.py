"""Faults survived, each by really breaking a private instance of the service (bounded, loopback).

`make prodcheck` runs them; the suite runs them too (marker ``faults``), each in well under
two minutes.
"""

import os
import threading
import time
import uuid

import psycopg
import pytest
import requests
from wagtail.models import APIToken

from search.backends.elastic import alias_name, check, rebuild
from tests.api.test_partner_api import course_payload
from tests.catalogue.factories import PartnerFactory, PartnerUserFactory, listed_course
from tests.prod.faults import PrivateElasticsearch, PrivatePostgres
from tests.prod.services import database_url, gunicorn, manage, process_env, started
from tests.prod.test_production_shape import wait_until

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class Traffic(threading.Thread):
    """Sends ``request()`` in a loop until stopped; keeps every outcome."""

    def __init__(self, request):
        super().__init__(daemon=True)
        self.request = request
        self.outcomes = []
        self.running = True

    def run(self):
        while self.running:
            started_at = time.monotonic()
            try:
                outcome = self.request()
            except requests.RequestException as exc:
                outcome = type(exc).__name__
            self.outcomes.append((started_at, outcome))
            time.sleep(0.05)

    def stop(self):
        self.running = False
        self.join(timeout=30)


@pytest.fixture
def private_es():
    instance = PrivateElasticsearch()
    try:
        instance.start()
        yield instance
    finally:
        instance.remove()


# The suite hangs the node (SIGSTOP: requests time out, recovery is instant); `make prodcheck`
# (PRODCHECK_LONG=1) also kills it and waits for a cold start.
OUTAGES = ["hang", "kill"] if os.environ.get("PRODCHECK_LONG") else ["hang"]


@pytest.mark.parametrize("outage", OUTAGES)
def test_elasticsearch_outage_search_answers_and_index_updates_catch_up(
    site, settings, tmp_path, private_es, outage
):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = private_es.url
    settings.SEARCH_INDEX_PREFIX = f"faults-{uuid.uuid4().hex[:8]}-"
    for n in range(3):
        listed_course(title=f"Python実践講座 {n}")
    rebuild()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    env = {"SEARCH_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": private_es.url}

    with (
        gunicorn(tmp_path, **env) as base,
        started(manage("db_worker", "--interval", "0.5"), process_env(**env), tmp_path / "w.log"),
    ):

        def search():
            page = requests.get(f"{base}/courses/?q=Python", timeout=10)
            api = requests.get(f"{base}/api/v3/courses/search/?q=Python", timeout=10)
            return (page.status_code, api.status_code, api.json()["count"])

        traffic = Traffic(search)
        traffic.start()
        time.sleep(2)
        private_es.freeze() if outage == "hang" else private_es.stop()
        outage_started = time.monotonic()
        during = listed_course(title="障害中に掲載されたPython講座")  # its index update queues
        time.sleep(12 if outage == "hang" else 4)  # a hung node costs each request its timeout
        private_es.thaw() if outage == "hang" else private_es.start()
        outage_ended = time.monotonic()
        wait_until(
            lambda: (
                requests.get(
                    f"{private_es.url}/{alias_name()}/_doc/{during.pk}", timeout=5
                ).status_code
                == 200
            ),
            60,
            "the queued index update applied after Elasticsearch returned",
        )
        time.sleep(1)
        traffic.stop()

    outcomes = [outcome for _, outcome in traffic.outcomes]
    in_outage = [o for t, o in traffic.outcomes if outage_started <= t <= outage_ended]
    assert in_outage, "no request was sent while Elasticsearch was down"
    assert all(o[:2] == (200, 200) for o in outcomes), set(outcomes)
    # Answers during the outage came from the database: the new course counted at once.
    assert {o[2] for o in in_outage} <= {3, 4}
    assert check() == (set(), set())


def test_postgres_restart_fails_cleanly_and_loses_nothing_acknowledged(site, tmp_path):
    partner = PartnerFactory(name="再起動試験の事業者")
    _token, secret = APIToken.create_token(user=PartnerUserFactory(partner=partner), name="t")
    pg = PrivatePostgres()
    try:
        pg.start()
        pg.copy_database(database_url())
        with gunicorn(tmp_path, DATABASE_URL=pg.url()) as base:

            def create_draft():
                response = requests.post(
                    f"{base}/api/v3/partner/courses/",
                    json=course_payload(title=f"再起動中の下書き {uuid.uuid4().hex[:6]}"),
                    headers={"Authorization": f"Bearer {secret}"},
                    timeout=15,
                )
                if response.status_code == 201:
                    return (201, response.json()["id"], response.headers)
                # Anything else keeps its body, so a failure says what the site answered.
                return (response.status_code, response.text[:500], response.headers)

            traffic = Traffic(create_draft)
            traffic.start()
            time.sleep(2)
            pg.restart(pause=3)
            time.sleep(4)
            traffic.stop()

        statuses = [outcome[0] for _, outcome in traffic.outcomes]
        unexpected = [o[:2] for _, o in traffic.outcomes if o[0] not in (201, 503)]
        assert set(statuses) <= {201, 503}, unexpected
        failures = [o for _, o in traffic.outcomes if o[0] == 503]
        assert failures, "no request met the restart"
        assert all(o[2]["Retry-After"] == "5" for o in failures)
        after_restart = traffic.outcomes[-5:]
        assert all(o[0] == 201 for _, o in after_restart), "did not recover after the restart"
        acknowledged = {o[1] for _, o in traffic.outcomes if o[0] == 201}
        with psycopg.connect(pg.url()) as conn:
            stored = {
                row[0]
                for row in conn.execute(
                    "SELECT id FROM catalogue_course WHERE partner_id = %s", [partner.pk]
                )
            }
        assert acknowledged and acknowledged <= stored
    finally:
        pg.remove()


def test_a_rebuild_killed_midway_leaves_the_old_index_serving(site, es, settings):
    """kill -9 during `search_index --rebuild`: searches still use the old index; a new rebuild
    succeeds and removes what the killed one left behind."""
    import random
    import signal
    import subprocess

    from search.management.commands.bench_search import Command as BenchSearch
    from tests.prod.services import ROOT, manage

    settings.SEARCH_BACKEND = "elasticsearch"
    BenchSearch().generate(random.Random(2026), 3000)  # listed courses, bulk-created
    old_index, count = rebuild()
    assert count == 3000

    env = process_env(SEARCH_BACKEND="elasticsearch", ELASTICSEARCH_URL=settings.ELASTICSEARCH_URL)
    proc = subprocess.Popen(
        manage("search_index", "--rebuild"), cwd=ROOT, env=env, stdout=subprocess.DEVNULL
    )

    def indices():
        return set(es.indices.get(index=f"{alias_name()}-*", expand_wildcards="all"))

    try:
        wait_until(lambda: len(indices()) > 1 or proc.poll() is not None, 120, "new index")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert len(indices()) == 2, "the rebuild finished before it could be killed"
    assert set(es.indices.get_alias(name=alias_name())) == {old_index}
    assert es.count(index=alias_name())["count"] == 3000  # the old index keeps serving

    new_index, count = rebuild()
    assert count == 3000
    assert indices() == {new_index}
    assert set(es.indices.get_alias(name=alias_name())) == {new_index}
